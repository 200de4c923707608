"""The quality gate: corpus F1 per field stays at or above the committed floors."""

from __future__ import annotations

import json

import pytest

from conftest import CORPUS
from extractor.frontdoors.evaluate import FIELDS, Report, evaluate

FLOORS = {k: v for k, v in json.loads((CORPUS / "quality_floors.json").read_text(encoding="utf-8")).items()
          if not k.startswith("_")}


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate([str(CORPUS)])


def test_every_field_has_a_floor() -> None:
    assert set(FLOORS) == set(FIELDS)


def test_the_whole_corpus_is_evaluated(report: Report) -> None:
    assert report.documents == len(list(CORPUS.glob("*.expected.json")))


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_f1_stays_above_its_floor(report: Report, field: str) -> None:
    score = report.scores[field]
    assert score.f1 >= FLOORS[field], (
        f"{field}: F1 {score.f1:.3f} < floor {FLOORS[field]} "
        f"(tp {score.tp}, fp {score.fp}, fn {score.fn}); see 'extractor evaluate corpus/ --errors'"
    )
