"""Organisers and their roles against a table of sentences (tests/data/organisers_fr.tsv)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extractor import extract

TABLE = Path(__file__).with_name("data") / "organisers_fr.tsv"


def _rows() -> list:
    with TABLE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    cases = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        marks = [pytest.mark.xfail(strict=True, reason="known miss")] if row["status"] == "known miss" else []
        cases.append(pytest.param(row["sentence"], row["expected"], marks=marks,
                                  id=f"{row['family']}: {row['sentence'][:45]}"))
    return cases


def _render(sentence: str) -> str:
    organisers = extract(sentence.replace("\\n", "\n")).organisers  # "\n" in the table is a line break
    return " ; ".join(f"{o.role.value}: {o.name}" for o in organisers) or "none"


@pytest.mark.parametrize(("sentence", "expected"), _rows())
def test_organiser_table(sentence: str, expected: str) -> None:
    assert _render(sentence) == expected


def test_table_covers_every_family() -> None:
    with TABLE.open(encoding="utf-8") as handle:
        families = {row["family"] for row in csv.DictReader(
            (line for line in handle if not line.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)}
    assert {"subject", "apposition", "list head", "cue", "not an organiser"} <= families


def test_evidence_is_the_name_where_it_is_credited() -> None:
    text = "Le salon a fermé dimanche. La Galerie Sud accueille une exposition de gravures."
    [organiser] = extract(text).organisers
    [span] = organiser.evidence
    assert text[span.start : span.end] == span.text == "Galerie Sud"


def test_a_cue_never_reads_the_byline_of_the_next_line() -> None:
    assert _render("Le festival sera organisé cette année à Rodez\nPar Julien Marchand") == "none"
