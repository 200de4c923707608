"""The command line, called in-process as ``main([...])`` and once as ``python -m extractor``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS
from extractor.frontdoors.cli import main

SEED = CORPUS / "000_2e58b29eec2e4310.txt"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "out.jsonl"
    assert main(["extract", str(SEED), "-o", str(out), "--quiet"]) == 0
    return out


def test_extract_writes_one_record_per_document(extracted: Path) -> None:
    [line] = extracted.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["document"]["id"] == "000_2e58b29eec2e4310"
    assert record["document"]["source"].endswith("corpus/000_2e58b29eec2e4310.txt")
    assert record["events"][0]["edition"] == 2


def test_extract_folder_accounts_for_every_file(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Le Salon du Livre se tiendra du 3 au 5 mars 2024 à Lyon.", encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK")
    (folder / "legacy.txt").write_bytes("La fête aura lieu le 3 mai 2019 à Nîmes.".encode("cp1252"))
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--with-text"]) == 1  # some documents failed
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(line) for line in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["document"]["id"] for r in records) == ["a", "legacy", "sub/b"]
    assert sorted((e["document"]["id"], e["error"]["type"]) for e in errors) == [
        ("binary", "binary_input"), ("empty", "input_error")]
    legacy = next(r for r in records if r["document"]["id"] == "legacy")
    assert "La fête aura lieu" in legacy["document"]["text"]
    assert legacy["dates"][0]["start"] == "2019-05-03"
    assert any("cp1252" in w for w in legacy["warnings"])
    assert "5 documents: 3 extracted, 2 failed" in capsys.readouterr().err


def test_validate_accepts_extracted_records(extracted: Path, capsys) -> None:
    assert main(["validate", str(extracted)]) == 0
    assert "1 records: 1 valid, 0 invalid" in capsys.readouterr().err


def test_validate_reports_line_and_field_of_a_broken_record(extracted: Path, tmp_path: Path, capsys) -> None:
    good = extracted.read_text(encoding="utf-8").splitlines()[0]
    broken = json.loads(good)
    broken["events"][0]["start"] = "2017-02-30"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([good, json.dumps(broken), "{not json"]) + "\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr()
    assert "line 2: events -> 0 -> start" in out.out
    assert "invalid date" in out.out
    assert "line 3:" in out.out
    assert "3 records: 1 valid, 2 invalid" in out.err


def test_validate_reads_a_json_array(extracted: Path, tmp_path: Path) -> None:
    array = tmp_path / "records.json"
    array.write_text("[" + extracted.read_text(encoding="utf-8").strip() + "]", encoding="utf-8")
    assert main(["validate", str(array)]) == 0


def test_schema_prints_the_committed_schema(capsys) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "PressRelease"


def test_pipe_from_extract_to_validate_as_a_user_runs_it() -> None:
    extract = subprocess.run([sys.executable, "-m", "extractor", "extract", str(SEED), "--quiet"],
                             capture_output=True, text=True, check=True)
    validate = subprocess.run([sys.executable, "-m", "extractor", "validate", "-"], input=extract.stdout,
                              capture_output=True, text=True)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "1 valid" in validate.stderr
