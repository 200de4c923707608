"""The publication date a text states for itself, against a table of shapes (tests/data/published_fr.tsv)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extractor import extract
from extractor.core.context import Context
from extractor.rules.published import read_published

TABLE = Path(__file__).with_name("data") / "published_fr.tsv"


def _rows() -> list:
    with TABLE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    cases = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        marks = [pytest.mark.xfail(strict=True, reason="known miss")] if row["status"] == "known miss" else []
        text = row["text"].replace("\\n", "\n")
        expected = None if row["expected"] == "none" else row["expected"]
        cases.append(pytest.param(text, expected, marks=marks, id=f"{row['family']}: {row['text'][:40]}"))
    return cases


@pytest.mark.parametrize(("text", "expected"), _rows())
def test_published_table(text: str, expected: str | None) -> None:
    assert Context.of_text(text).published == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Foire régionale : les exposants se mobilisent\nmercredi 5 juillet 2006\npar Jean Valmont\nLes exposants étaient"
     " réunis hier à la chambre de commerce pour préparer la foire.", "2006-07-05"),
    ("Les Grands Prix de la culture remis à Granby\n\ndurée 03h12\n19 mai 2016\nici\n\nLes Grands Prix ont été"
     " remis mercredi soir au théâtre municipal devant trois cents invités.", "2016-05-19"),
])
def test_a_date_line_keeps_its_breaks_in_the_record(text: str, expected: str) -> None:
    """A date alone on its line, which a soft break would glue to the title above it or the word below."""
    assert extract(text).document.published == expected


def test_table_covers_each_family_and_the_absence_of_a_date() -> None:
    rows = _rows()
    assert len(rows) >= 30
    assert sum(1 for row in rows if row.values[1] is None) >= 10


def test_statement_is_grounded_in_the_text() -> None:
    text = "Le marché de Noël\nPar Jeanne Martin | 5 juin 2019\n\nLe marché ouvre."
    stated = read_published(text)
    assert stated is not None
    assert text[stated.span[0] : stated.span[1]] == "5 juin 2019"


def test_byline_inside_the_title_line_is_grounded_and_not_an_event_date() -> None:
    text = ("La foire revient en ville Rédigé par lagazette.net le Mardi 4 Octobre 2022 à 08:15 | | 3 commentaire(s)| "
            "La Foire de printemps se tiendra du 14 au 16 octobre au parc des expositions de Dijon.")
    stated = read_published(text)
    assert stated is not None
    assert text[stated.span[0] : stated.span[1]] == "le Mardi 4 Octobre 2022"
    record = extract(text)
    assert record.document.published == "2022-10-04"
    assert ("2022-10-04", "2022-10-04") not in [(e.start, e.end) for e in record.events]


def test_issue_month_range_gives_its_first_month_and_its_span() -> None:
    text = "Revue n°8 - décembre-janvier 2021\nLe dossier"
    stated = read_published(text)
    assert stated is not None
    assert (stated.value, text[stated.span[0] : stated.span[1]]) == ("2020-12", "décembre-janvier 2021")


def test_caller_date_beats_what_the_text_states() -> None:
    assert Context.of_text("Publié le 4 avril 2021\nLe texte.", published="2020-01").published == "2020-01"


def test_stated_date_is_not_an_event_date_and_sets_the_year() -> None:
    text = ("Le salon revient\nPublié le 28/02/2019\n\n"
            "Le Salon de l'habitat se tiendra du 4 au 7 mars au parc des expositions de Dijon.")
    record = extract(text)
    assert record.document.published == "2019-02-28"
    assert [(e.start, e.end) for e in record.events] == [("2019-03-04", "2019-03-07")]
