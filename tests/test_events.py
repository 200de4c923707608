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


def test_without_publication_a_dated_year_is_the_reference() -> None:
    """A text without a publication date takes its years from a day or month it writes with its year,
    not from a year of its history ("Fondées en 1994")."""
    text = ("Fondées en 1994, les Rencontres photographiques de Ségou ouvrent leur 11e édition le samedi "
            "2 décembre au musée national. Cette édition prend fin le 31 janvier 2018.")
    [event] = extract(text).events
    assert (event.name, event.start, event.end) == ("Rencontres photographiques de Ségou", "2017-12-02", "2018-01-31")


def test_without_publication_a_year_of_the_texts_history_is_no_reference() -> None:
    """Without a publication date nor a day written with its year, a year alone dates the event, unless it
    is the year something began ("a vu le jour en 1964"): the next year alone is the reference."""
    text = ("Le Salon du livre de Rimouski aura lieu du 7 au 11 avril. Cette fête a vu le jour en 1964 à "
            "l'initiative d'un libraire. En 2012, ce sont 300 auteurs qui seront présents.")
    [event] = extract(text).events
    assert (event.name, event.start, event.end) == ("Salon du livre de Rimouski", "2012-04-07", "2012-04-11")


def test_without_publication_the_year_of_the_title_is_the_reference() -> None:
    """A title that writes a year after a word ("Bienvenue Foirexpo 2019") gives the year of the days the
    body writes without one, before a year of the text's history ("est né en 1931")."""
    text = ("Bienvenue Foirexpo 2019\n\nDu 26 au 29 juillet à Bastogne : quatre jours de rencontres. Ce rendez-vous "
            "est né en 1931 pour mettre en avant les éleveurs de la région.")
    [event] = extract(text).events
    assert (event.start, event.end) == ("2019-07-26", "2019-07-29")
