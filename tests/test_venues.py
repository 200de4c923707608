"""Venues against a table of short releases in our own words (tests/data/venues_fr.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import known_miss, table_rows
from extractor import extract

TABLE = Path(__file__).with_name("data") / "venues_fr.tsv"


def _rows() -> list:
    return [pytest.param(row["text"].replace("\\n", "\n"), row["expected"], marks=known_miss(row), id=row["shape"][:60])
            for row in table_rows(TABLE)]


def _render(text: str) -> str:
    venues = extract(text, published="2023-01").venues
    if not venues:
        return "none"
    return " ; ".join(f"{v.name} @ {v.city or '-'}" for v in venues)


@pytest.mark.parametrize(("text", "expected"), _rows())
def test_venue_table(text: str, expected: str) -> None:
    assert _render(text) == expected


def test_table_covers_every_shape_once() -> None:
    shapes = [param.id for param in _rows()]
    assert len(shapes) >= 20 and len(set(shapes)) == len(shapes)


def test_evidence_is_every_spelling_of_one_venue() -> None:
    text = "Le salon ouvrira le 10 février au Parc des expos. Il s'installera au parc des expositions le 10 février."
    [venue] = extract(text, published="2023-01").venues
    assert [e.text for e in venue.evidence] == ["Parc des expos", "parc des expositions"]
    assert all(text[e.start : e.end] == e.text for e in venue.evidence)
