"""Whole archives: every input accounted for, stable ids, resume after SIGKILL, Dask."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from conftest import CORPUS
from extractor.frontdoors.cli import main
from extractor.io.batch import BatchSettings, run_batch
from extractor.io.inputs import count_inputs, read_inputs

RELEASE = (CORPUS / "001_salon_vertilia_angers.txt").read_text(encoding="utf-8")
SHORT = "Le Salon du Livre de Lyon se tiendra du 3 au 5 mars 2024 au Palais des congrès de Lyon."


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder the way archives come: plain, legacy, web, zipped, tarred, dumped, and some broken."""
    root = tmp_path / "archive"
    (root / "2019").mkdir(parents=True)
    (root / "2019" / "plain.txt").write_text(RELEASE, encoding="utf-8")
    (root / "notes.md").write_text(SHORT, encoding="utf-8")
    (root / "legacy.txt").write_bytes("La fête d'été aura lieu le 3 mai 2019 à Nîmes.".encode("cp1252"))
    (root / "bom16.txt").write_bytes(SHORT.encode("utf-16"))
    (root / "page.html").write_text(
        "<html><head><script>var x = 1;</script><style>p{}</style></head><body><nav>Accueil</nav>"
        f"<article><h1>Salon du Livre</h1><p>{SHORT}</p><p>{RELEASE[14:600]}</p></article></body></html>",
        encoding="utf-8")
    (root / "scripts.html").write_text("<html><script>alert(1)</script><style>b{}</style></html>", encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x89PNG\x00\x01\x02")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4")  # a PDF that breaks off after its header
    with zipfile.ZipFile(root / "bundle.zip", "w") as bundle:
        bundle.writestr("2017/release.txt", RELEASE)
        bundle.writestr("2017/other.txt", SHORT)
        bundle.writestr("../escape.txt", SHORT)
        bundle.writestr("image.png", b"\x89PNG")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, text in (("a/first.txt", RELEASE), ("a/second.txt", SHORT)):
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("a/link.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
    (root / "bundle.tar.gz").write_bytes(buffer.getvalue())
    (root / "dump.jsonl").write_text(
        json.dumps({"id": "d1", "text": SHORT, "published": "2024-01"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "d3"}) + "\n"
        + json.dumps({"id": "d1", "text": RELEASE}) + "\n",
        encoding="utf-8")
    return root


#: What the folder above holds, input by input: id -> where it must end up.
EXPECTED = {
    "2019/plain": "record", "notes": "record", "legacy": "record", "bom16": "record", "page": "record",
    "scripts": "error", "empty": "error", "binary": "error", "broken": "error",
    "bundle!2017/release": "record", "bundle!2017/other": "record", "bundle!../escape": "error",
    "bundle!image": "error",
    "bundle!a/first": "record", "bundle!a/second": "record", "bundle!a/link": "error",
    "d1": "record", "dump:2": "error", "dump:3": "error", "d1#2": "record",
}


def test_every_input_is_in_exactly_one_of_the_two_files(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(mixed), "-o", str(out), "--workers", "1", "--quiet"]) == 1
    records = {r["document"]["id"]: r for r in _lines(out)}
    errors = {e["document"]["id"]: e for e in _lines(tmp_path / "out.errors.jsonl")}
    assert not set(records) & set(errors)
    assert {i: "record" for i in records} | {i: "error" for i in errors} == EXPECTED
    assert records["bundle!2017/release"]["document"]["source"].endswith("bundle.zip!2017/release.txt")
    assert records["d1"]["document"]["source"].endswith("dump.jsonl:1")
    assert records["d1"]["document"]["published"] == "2024-01"
    assert any("cp1252" in w for w in records["legacy"]["warnings"])
    assert any("trafilatura" in w for w in records["page"]["warnings"])
    assert records["page"]["events"], "the article's event is found in the page's main text"
    assert any("seen 2 times" in w for w in records["d1#2"]["warnings"])
    assert errors["bundle!../escape"]["error"]["type"] == "unsafe_member"
    assert errors["bundle!a/link"]["error"]["type"] == "link_member"
    assert errors["bundle!image"]["error"]["type"] == "unsupported_type"
    assert errors["broken"]["error"]["type"] == "bad_document"
    assert errors["binary"]["error"] == {"type": "binary_input", "stage": "read",
                                         "message": "the file holds NUL bytes: it is not a text file"}


def test_the_progress_bar_knows_the_total_without_reading_documents(mixed: Path) -> None:
    assert count_inputs([str(mixed)]) == len(EXPECTED)
    assert count_inputs(["-"]) is None


def test_ids_are_stable_across_runs(mixed: Path) -> None:
    first = [getattr(i, "doc_id", None) or i.document.id for i in read_inputs([str(mixed)])]
    second = [getattr(i, "doc_id", None) or i.document.id for i in read_inputs([str(mixed)])]
    assert first == second and len(first) == len(EXPECTED)


def test_globs_and_standard_input(mixed: Path, tmp_path: Path) -> None:
    ids = [i.doc_id for i in read_inputs([str(mixed / "2019" / "*.txt")])]
    assert ids == [(mixed / "2019" / "plain").as_posix()]
    result = subprocess.run([sys.executable, "-m", "extractor", "extract", "-", "--workers", "1", "--quiet"],
                            input=SHORT, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["document"]["id"] == "stdin"


def test_a_truncated_tar_gives_its_first_members_and_says_where_it_broke(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for number in range(30):
            data = (SHORT + f" Numéro {number}. " + "x" * 2000).encode("utf-8")
            info = tarfile.TarInfo(f"doc{number:02d}.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    data = buffer.getvalue()
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(data[: len(data) // 2])
    items = list(read_inputs([str(broken)]))
    documents = [i for i in items if hasattr(i, "doc_id")]
    errors = [i for i in items if not hasattr(i, "doc_id")]
    assert 3 <= len(documents) < 30
    assert [e.error.type for e in errors] == ["truncated_archive"]


def test_an_unwritable_output_is_reported_before_any_work(mixed: Path, tmp_path: Path, capsys) -> None:
    assert main(["extract", str(mixed), "-o", str(tmp_path / "missing" / "out.jsonl"), "--quiet"]) == 3
    assert "cannot write the output" in capsys.readouterr().err


def test_resume_repairs_a_half_written_line_and_skips_what_is_done(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(6):
        (folder / f"r{number}.txt").write_text(f"{SHORT} Édition {number}.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    settings = BatchSettings(workers=1)
    run_batch(read_inputs([str(folder)]), out, tmp_path / "out.errors.jsonl", settings,
              stdout=sys.stdout, stderr=sys.stderr)
    complete = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(complete[:3]) + complete[3][:40], encoding="utf-8")  # killed while writing line 4
    summary = run_batch(read_inputs([str(folder)]), out, tmp_path / "out.errors.jsonl",
                        BatchSettings(workers=1, resume=True), stdout=sys.stdout, stderr=sys.stderr)
    assert (summary.skipped, summary.extracted) == (3, 3)
    assert out.read_text(encoding="utf-8").splitlines(keepends=True) == complete


def test_a_run_killed_with_sigkill_and_resumed_holds_every_input_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(120):
        (folder / f"r{number:03d}.txt").write_text(f"{SHORT} Édition {number}.", encoding="utf-8")
    (folder / "zz_empty.txt").write_text(" ", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(out), "--workers", "1",
               "--quiet"]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_lines(out)) < 20:
        time.sleep(0.05)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    killed_at = len(out.read_text(encoding="utf-8").splitlines()) if out.exists() else 0
    assert 0 < killed_at < 121, "the run was killed mid-way"
    subprocess.run(command + ["--resume"], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    records = _lines(out)
    errors = _lines(tmp_path / "out.errors.jsonl")
    ids = [r["document"]["id"] for r in records] + [e["document"]["id"] for e in errors]
    assert sorted(ids) == sorted([f"r{n:03d}" for n in range(120)] + ["zz_empty"])
    fresh = tmp_path / "fresh.jsonl"
    run_batch(read_inputs([str(folder)]), fresh, tmp_path / "fresh.errors.jsonl", BatchSettings(workers=1),
              stdout=sys.stdout, stderr=sys.stderr)
    assert sorted(json.dumps(r, sort_keys=True) for r in records) == sorted(
        json.dumps(r, sort_keys=True) for r in _lines(fresh))


def test_two_workers_and_one_give_the_same_files(mixed: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    main(["extract", str(mixed), "-o", str(one), "--workers", "1", "--quiet"])
    main(["extract", str(mixed), "-o", str(two), "--workers", "2", "--quiet"])
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert (tmp_path / "one.errors.jsonl").read_text(encoding="utf-8") == (
        tmp_path / "two.errors.jsonl").read_text(encoding="utf-8")


def test_a_dask_cluster_gives_the_local_records_and_survives_dying_workers(mixed: Path, tmp_path: Path,
                                                                          monkeypatch) -> None:
    """A Dask worker killed once mid-run loses nothing; a document that kills every worker that runs
    it (a poisoned document) is the only one in the error file."""
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    main(["extract", str(mixed), "-o", str(local), "--workers", "1", "--quiet"])
    monkeypatch.setenv("EXTRACTOR_FAULTS", "document@notes:kill,document@2019/plain:kill:once")
    monkeypatch.setenv("EXTRACTOR_FAULTS_DIR", str(tmp_path))
    assert main(["extract", str(mixed), "-o", str(dask), "--engine", "dask", "--workers", "2", "--quiet"]) == 1
    assert list(tmp_path.glob("fault-*")), "the worker was killed at 2019/plain"
    expected = [line for line in local.read_text(encoding="utf-8").splitlines()
                if json.loads(line)["document"]["id"] != "notes"]
    assert dask.read_text(encoding="utf-8").splitlines() == expected
    local_errors = (tmp_path / "local.errors.jsonl").read_text(encoding="utf-8").splitlines()
    dask_errors = (tmp_path / "dask.errors.jsonl").read_text(encoding="utf-8").splitlines()
    [poisoned] = [json.loads(line) for line in dask_errors if line not in local_errors]
    assert (poisoned["document"]["id"], poisoned["error"]["type"]) == ("notes", "worker_died")
    assert len(dask_errors) == len(local_errors) + 1
