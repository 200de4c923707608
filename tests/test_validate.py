"""`extractor validate`: the contract, the checks JSON Schema cannot express, and no spaCy needed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, ROOT
from extractor.frontdoors.cli import main

SEED = "000_2e58b29eec2e4310"


def _record(with_text: bool = False) -> dict:
    record = json.loads((CORPUS / f"{SEED}.expected.json").read_text(encoding="utf-8"))
    if with_text:
        record["document"]["text"] = (CORPUS / f"{SEED}.txt").read_text(encoding="utf-8")
    return record


def _write(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_evidence_that_does_not_match_the_text_names_the_span(tmp_path: Path, capsys) -> None:
    broken = _record(with_text=True)
    broken["venues"][0]["evidence"][0]["text"] = "Place des Nations UNIES"
    code = main(["validate", str(_write(tmp_path / "r.jsonl", _record(with_text=True), broken))])
    out = capsys.readouterr()
    assert code == 1
    assert ("line 2: (record): Value error, evidence 397..420 says 'Place des Nations UNIES' "
            "but the document has 'Place des Nations Unies' there") in out.out
    assert "2 records: 1 valid, 1 invalid" in out.err


def test_evidence_is_checked_against_a_folder_of_texts(tmp_path: Path, capsys) -> None:
    broken = _record()
    broken["themes"][0]["evidence"][0]["start"] += 1
    broken["themes"][0]["evidence"][0]["end"] += 1
    records = _write(tmp_path / "r.jsonl", broken)
    assert main(["validate", str(records)]) == 0, "without the text the shift cannot be seen"
    assert main(["validate", str(records), "--text-dir", str(CORPUS)]) == 1
    assert "but the document has" in capsys.readouterr().out


def test_an_unknown_schema_version_says_which_are_known(tmp_path: Path, capsys) -> None:
    future = {**_record(), "schema_version": "2.0"}
    assert main(["validate", str(_write(tmp_path / "r.jsonl", future))]) == 1
    assert "schema_version: unknown version '2.0'; this validator knows 1.0" in capsys.readouterr().out


def test_folders_and_json_arrays(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "array.json").write_text(json.dumps([_record(), _record()]), encoding="utf-8")
    _write(tmp_path / "lines.jsonl", _record())
    assert main(["validate", str(tmp_path)]) == 0


def test_the_corpus_extracted_with_its_text_validates(tmp_path: Path) -> None:
    texts = [str(path) for path in sorted(CORPUS.glob("*.txt"))]  # the folder also holds gold files and tools
    extracted = subprocess.run([sys.executable, "-m", "extractor", "extract", *texts, "--with-text",
                                "--workers", "1", "--quiet"], capture_output=True, text=True, check=True)
    check = subprocess.run([sys.executable, "-m", "extractor", "validate", "-"], input=extracted.stdout,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-2000:]
    assert f"{len(list(CORPUS.glob('*.txt')))} records:" in check.stderr


def test_validate_works_where_spacy_is_not_installed(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + ["pydantic>=2.7,<3"], check=True)
    subprocess.run(pip + ["--no-deps", str(ROOT)], check=True)
    probe = subprocess.run([str(venv / "bin" / "python"), "-c", "import spacy"], capture_output=True)
    assert probe.returncode != 0, "this virtualenv must not have spaCy"
    good = _write(tmp_path / "good.jsonl", _record())
    bad = _write(tmp_path / "bad.jsonl", {**_record(), "events": [{"name": "x"}]})
    ok = subprocess.run([str(venv / "bin" / "extractor"), "validate", str(good)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    ko = subprocess.run([str(venv / "bin" / "extractor"), "validate", str(bad)], capture_output=True, text=True)
    assert ko.returncode == 1 and "line 1: events -> 0 -> edition: Field required" in ko.stdout
