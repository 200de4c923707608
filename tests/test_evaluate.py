"""Scoring against gold records: matching rules and counts."""

from __future__ import annotations

import copy
import json

from conftest import CORPUS
from extractor.frontdoors.cli import main
from extractor.frontdoors.evaluate import Report, compare, name_key

SEED = json.loads((CORPUS / "000_2e58b29eec2e4310.expected.json").read_text(encoding="utf-8"))


def test_names_match_forgivingly_about_case_accents_punctuation_and_article_only() -> None:
    assert name_key("L'Hôtel Royal") == name_key("hotel royal")
    assert name_key("Salon « Vert »") == name_key("salon vert")
    assert name_key("Salon Vert") != name_key("Salon Vert 2019")
    assert name_key("Grand Hôtel") != name_key("Hôtel")


def test_a_perfect_record_scores_one_everywhere() -> None:
    report = Report()
    compare(SEED, SEED, report, "seed")
    assert all(s.f1 == 1.0 and s.fp == 0 and s.fn == 0 for s in report.scores.values())


def test_misses_and_additions_are_counted_per_field() -> None:
    predicted = copy.deepcopy(SEED)
    predicted["organisers"] = predicted["organisers"][:-1]  # one missed
    predicted["venues"].append({**predicted["venues"][0], "name": "Somewhere Else"})  # one added
    predicted["events"][0]["parts"][0]["start"] = "2017-05-18"  # one range wrong: a miss and an addition
    report = Report()
    compare(SEED, predicted, report, "seed")
    organisers, venues, ranges = (report.scores[k] for k in ("organisers", "venues", "event date ranges"))
    assert (organisers.tp, organisers.fp, organisers.fn) == (5, 0, 1)
    assert (venues.tp, venues.fp, venues.fn) == (2, 1, 0)
    assert (ranges.tp, ranges.fp, ranges.fn) == (2, 1, 1)
    assert round(venues.precision, 3) == 0.667
    assert report.errors["seed"]["organisers"]["missed"] == ["fira de barcelone"]


def test_the_command_prints_the_table_and_writes_json(tmp_path, capsys) -> None:
    out = tmp_path / "scores.json"
    assert main(["evaluate", str(CORPUS / "000_2e58b29eec2e4310.txt"), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "event names" in printed and "F1" in printed
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["documents"] == 1
    assert scores["fields"]["event names"]["f1"] == 1.0


def test_a_text_the_extractor_fails_on_is_scored_empty_and_named(tmp_path, capsys, monkeypatch) -> None:
    import extractor.frontdoors.evaluate as evaluate_module

    for name in ("000_2e58b29eec2e4310.txt", "000_2e58b29eec2e4310.expected.json"):
        (tmp_path / name.replace("000_", "001_")).write_bytes((CORPUS / name).read_bytes())
        (tmp_path / name).write_bytes((CORPUS / name).read_bytes())
    real_extract = evaluate_module.extract

    def failing(text, doc_id=None, **kwargs):  # type: ignore[no-untyped-def]
        if doc_id == "001_2e58b29eec2e4310":
            raise AssertionError("a bug on this text")
        return real_extract(text, doc_id=doc_id, **kwargs)

    monkeypatch.setattr(evaluate_module, "extract", failing)
    report = evaluate_module.evaluate([str(tmp_path)])
    assert report.documents == 2  # the other text is still scored
    assert report.failed == ["001_2e58b29eec2e4310: AssertionError: a bug on this text"]
    names = report.scores["event names"]
    assert names.fp == 0 and names.fn == names.tp  # the failed text's names all missed, the other's all found
    out = tmp_path / "scores.json"
    assert main(["evaluate", str(tmp_path), "--json", str(out)]) == 1
    assert "001_2e58b29eec2e4310: AssertionError" in capsys.readouterr().err
    assert json.loads(out.read_text(encoding="utf-8"))["failed"] == report.failed
