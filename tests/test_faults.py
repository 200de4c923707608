"""Faults injected at each stage, deterministically: every input ends in exactly one of the two
files, every good document is a record, and the exit status says what happened.

Faults come from ``EXTRACTOR_FAULTS`` (see ``extractor/io/faults.py``): the Nth call of a stage
fails, a stage fails for a chosen document, or a worker process kills itself (SIGKILL) at a
chosen place, once or every time. Nothing here depends on timing: a fault fires at the same
document however busy the machine is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.core.pipeline import Input
from extractor.core.settings import Settings
from extractor.frontdoors.cli import main
from extractor.io.batch import BatchSettings, run_batch
from extractor.io.inputs import read_inputs

TEXT = "Le Salon du Livre numéro {n} se tiendra du 3 au 5 mars 2024 au Palais des congrès de Lyon."


def _ids(count: int) -> list[str]:
    return [f"r{number:03d}" for number in range(count)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """24 good releases: three batches of 8 for two workers."""
    root = tmp_path / "in"
    root.mkdir()
    for number, doc_id in enumerate(_ids(24)):
        (root / f"{doc_id}.txt").write_text(TEXT.format(n=number), encoding="utf-8")
    return root


def _lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _run(folder: Path, tmp_path: Path, monkeypatch, capfd, faults: str, *extra: str,
         workers: int = 2) -> tuple[int, list[str], dict[str, dict], str]:
    """Run the command with ``faults``; return its exit status, record ids, error records by id, and
    what it printed to the terminal."""
    marks = tmp_path / "marks"
    marks.mkdir(exist_ok=True)
    monkeypatch.setenv("EXTRACTOR_FAULTS", faults)
    monkeypatch.setenv("EXTRACTOR_FAULTS_DIR", str(marks))
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(folder), "-o", str(out), "--workers", str(workers), *extra])
    monkeypatch.delenv("EXTRACTOR_FAULTS")
    records = [r["document"]["id"] for r in _lines(out)]
    errors = {e["document"]["id"]: e for e in _lines(tmp_path / "out.errors.jsonl")}
    printed = capfd.readouterr().err
    assert "Traceback" not in printed
    assert len(records) == len(set(records)), "no input twice"
    assert not set(records) & set(errors), "no input in both files"
    return code, records, errors, printed


#: A worker killed at each moment of its life, once: nothing lost, nothing in the error file.
MOMENTS = {
    "while it starts": "worker_init:kill:once",
    "idle, before its first job": "idle:kill:once",
    "at a document, before spaCy": "document@r010:kill:once",
    "inside spaCy": "spacy@r013:kill:once",
    "taking the records after spaCy": "record@r017:kill:once",
    "its results ready, not yet sent": "send#2:kill:once",
}


@pytest.mark.parametrize("faults", MOMENTS.values(), ids=MOMENTS.keys())
def test_a_worker_killed_at_any_moment_loses_nothing(folder: Path, tmp_path: Path, monkeypatch, capfd,
                                                     faults: str) -> None:
    code, records, errors, _printed = _run(folder, tmp_path, monkeypatch, capfd, faults)
    assert list(tmp_path.joinpath("marks").iterdir()), "the fault fired"
    assert (code, records, errors) == (0, _ids(24), {})


@pytest.mark.parametrize("stage", ["document", "spacy", "record"])
def test_a_poisoned_document_is_the_only_error_record(tmp_path: Path, monkeypatch, capfd, stage: str) -> None:
    root = tmp_path / "in"
    root.mkdir()
    for number, doc_id in enumerate(_ids(40)):
        (root / f"{doc_id}.txt").write_text(TEXT.format(n=number), encoding="utf-8")
    code, records, errors, printed = _run(root, tmp_path, monkeypatch, capfd, f"{stage}@r017:kill")
    assert code == 1
    assert records == [doc_id for doc_id in _ids(40) if doc_id != "r017"]
    assert list(errors) == ["r017"]
    assert errors["r017"]["error"]["type"] == "worker_died"
    assert "worker_died" in printed and "1 failed" in printed


#: A stage that raises for one document: that document alone is an error record.
DOCUMENT_FAULTS = {"document@r005": "extract", "spacy@r005": "extract", "record@r005": "extract",
                   "write@r005": "write", "read@{folder}/r005.txt": "read"}


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("faults", DOCUMENT_FAULTS)
def test_a_stage_failing_on_one_document_fails_that_document_only(folder: Path, tmp_path: Path, monkeypatch,
                                                                 capfd, faults: str, workers: int) -> None:
    code, records, errors, printed = _run(folder, tmp_path, monkeypatch, capfd,
                                          faults.format(folder=folder.as_posix()), workers=workers)
    assert code == 1
    assert records == [doc_id for doc_id in _ids(24) if doc_id != "r005"]
    assert list(errors) == ["r005"]
    assert errors["r005"]["error"]["stage"] == DOCUMENT_FAULTS[faults]
    assert len(printed.splitlines()) == 2, "the summary and one line for the failure type"


@pytest.mark.parametrize("faults", ["submit#2", "result#2", "shutdown", "worker_init:once", "submit#1,result#3"])
def test_the_pool_recovers_from_a_failed_exchange(folder: Path, tmp_path: Path, monkeypatch, capfd,
                                                  faults: str) -> None:
    code, records, errors, _printed = _run(folder, tmp_path, monkeypatch, capfd, faults)
    assert (code, records, errors) == (0, _ids(24), {})


def test_workers_that_can_never_start_give_error_records_not_a_hang(folder: Path, tmp_path: Path, monkeypatch,
                                                                     capfd) -> None:
    code, records, errors, printed = _run(folder, tmp_path, monkeypatch, capfd, "worker_init")
    assert code == 1 and records == []
    assert sorted(errors) == _ids(24)
    assert {e["error"]["type"] for e in errors.values()} == {"worker_died"}
    assert "kept failing" in errors["r000"]["error"]["message"]
    assert len(printed.splitlines()) == 2


def test_a_builder_that_raises_fails_its_document_only(folder: Path, tmp_path: Path, monkeypatch, capfd) -> None:
    import extractor.core.record

    real = extractor.core.record.build_record

    def failing(doc, context, *args, **kwargs):  # type: ignore[no-untyped-def]
        if context.doc_id == "r007":
            raise ZeroDivisionError("a bug in a rule")
        return real(doc, context, *args, **kwargs)

    monkeypatch.setattr(extractor.core.record, "build_record", failing)  # forked workers inherit it
    code, records, errors, _printed = _run(folder, tmp_path, monkeypatch, capfd, "")
    assert code == 1 and list(errors) == ["r007"] and len(records) == 23
    assert errors["r007"]["error"]["message"] == "ZeroDivisionError: a bug in a rule"


def test_a_full_disk_stops_with_exit_3_and_resume_finishes(folder: Path, tmp_path: Path, monkeypatch,
                                                           capfd) -> None:
    code, records, errors, printed = _run(folder, tmp_path, monkeypatch, capfd, "write#6:enospc")
    assert code == 3
    assert records == _ids(5) and errors == {}, "what was made before is written"
    assert "No space left on device" in printed and "--resume" in printed
    code, records, errors, _printed = _run(folder, tmp_path, monkeypatch, capfd, "", "--resume")
    assert (code, records, errors) == (0, _ids(24), {})


def test_a_folder_that_cannot_be_listed_is_one_error_record(folder: Path, tmp_path: Path, monkeypatch,
                                                             capfd) -> None:
    sub = folder / "sub"
    sub.mkdir()
    (sub / "inside.txt").write_text(TEXT.format(n=99), encoding="utf-8")
    code, records, errors, _printed = _run(folder, tmp_path, monkeypatch, capfd, f"walk@{sub.as_posix()}")
    assert code == 1 and records == _ids(24)
    assert list(errors) == ["sub"] and errors["sub"]["error"]["stage"] == "read"
    assert "cannot list this folder" in errors["sub"]["error"]["message"]


def test_an_engine_that_fails_as_a_whole_loses_nothing(folder: Path, tmp_path: Path, monkeypatch) -> None:
    import extractor.io.batch

    real = extractor.io.batch._results
    calls = []

    def failing_once(items: Iterator, settings: BatchSettings) -> Iterator:
        calls.append(1)
        for number, result in enumerate(real(items, settings)):
            if len(calls) == 1 and number == 5:
                raise RuntimeError("the engine broke")
            yield result

    monkeypatch.setattr(extractor.io.batch, "_results", failing_once)
    out, dead = tmp_path / "out.jsonl", tmp_path / "dead.jsonl"
    settings = BatchSettings(workers=1, pipeline=Settings(batch_size=4))
    summary = run_batch(read_inputs([str(folder)]), out, dead, settings,
                        stdout=None, stderr=None)  # type: ignore[arg-type]
    records, errors = [r["document"]["id"] for r in _lines(out)], [e["document"]["id"] for e in _lines(dead)]
    assert sorted(records + errors) == _ids(24)
    assert len(calls) == 2 and records[:5] == _ids(5)
    assert errors and all("the batch engine failed: RuntimeError" in e["error"]["message"] for e in _lines(dead))
    assert (summary.seen, summary.extracted + summary.failed) == (24, 24)


def test_a_listing_that_breaks_off_is_said(tmp_path: Path) -> None:
    def listing() -> Iterator[Input]:
        yield Input(TEXT.format(n=1), doc_id="a")
        raise OSError("the network share went away")

    out, dead = tmp_path / "out.jsonl", tmp_path / "dead.jsonl"
    summary = run_batch(listing(), out, dead, BatchSettings(workers=1), stdout=None, stderr=None)  # type: ignore[arg-type]
    assert [r["document"]["id"] for r in _lines(out)] == ["a"]
    [error] = _lines(dead)
    assert "listing the inputs broke off after 1" in error["error"]["message"]
    assert summary.seen == 2


def test_a_hung_worker_is_killed_and_its_document_alone_fails(folder: Path, tmp_path: Path, monkeypatch,
                                                               capfd) -> None:
    import extractor.io.workers

    monkeypatch.setattr(extractor.io.workers, "JOB_GRACE", 4.0)  # a batch of 8 may take 12 s, one document 5 s:
    monkeypatch.setattr(extractor.io.workers, "JOB_PER_DOCUMENT", 1.0)  # a hundred times what they need
    code, records, errors, _printed = _run(folder, tmp_path, monkeypatch, capfd, "document@r012:hang")
    assert code == 1
    assert records == [doc_id for doc_id in _ids(24) if doc_id != "r012"]
    assert list(errors) == ["r012"] and errors["r012"]["error"]["type"] == "worker_died"
