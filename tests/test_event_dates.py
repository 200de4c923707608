"""Which date dates which event: a table of releases in the team's own words (tests/data/event_dates_fr.tsv)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extractor import extract

TABLE = Path(__file__).with_name("data") / "event_dates_fr.tsv"


def _cases() -> list:
    with TABLE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    cases = []
    for row in rows:
        marks = [pytest.mark.xfail(strict=True, reason="known miss")] if row["status"] == "known miss" else []
        published = None if row["published"] == "-" else row["published"]
        cases.append(pytest.param(row["text"].replace("\\n", "\n"), published, row["expected"], marks=marks,
                                  id=f"{row['family']}: {row['text'][:45]}"))
    return cases


def _ranges(text: str, published: str | None) -> str:
    record = extract(text, published=published)
    events = [item for event in record.events for item in (event, *event.parts)]
    return " ; ".join(sorted(f"{e.start or '?'}..{e.end or '?'}" for e in events))


@pytest.mark.parametrize(("text", "published", "expected"), _cases())
def test_event_date_ranges(text: str, published: str | None, expected: str) -> None:
    assert _ranges(text, published) == expected
