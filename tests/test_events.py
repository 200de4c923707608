"""Event names and dates against a table of short releases in our own words (tests/data/events_fr.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import known_miss, table_rows
from extractor import extract
from schemas import Event

TABLE = Path(__file__).with_name("data") / "events_fr.tsv"


def _rows() -> list:
    return [pytest.param(row["text"].replace("\\n", "\n"), row["published"], row["expected"], marks=known_miss(row),
                         id=row["shape"][:60]) for row in table_rows(TABLE)]


def _render(events: list[Event]) -> list[str]:
    out: list[str] = []
    for event in events:
        out.append(f"{event.name} {event.start}..{event.end}")
        out += _render(event.parts)
    return out


@pytest.mark.parametrize(("text", "published", "expected"), _rows())
def test_event_table(text: str, published: str, expected: str) -> None:
    got = " ; ".join(_render(extract(text, published=published).events)) or "none"
    assert got == expected


def test_table_covers_every_shape_once() -> None:
    shapes = [param.id for param in _rows()]
    assert len(shapes) >= 10 and len(set(shapes)) == len(shapes)
