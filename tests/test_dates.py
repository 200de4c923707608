"""The French date grammar against a table of expressions (tests/data/dates_fr.tsv)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extractor import find_dates
from extractor.dates import _period, infer_year

TABLE = Path(__file__).with_name("data") / "dates_fr.tsv"


def _rows() -> list:
    with TABLE.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    cases = []
    for row in csv.DictReader(lines, delimiter="\t"):
        marks = [pytest.mark.xfail(strict=True, reason="known miss")] if row["status"] == "known miss" else []
        reference = None if row["reference"] == "-" else row["reference"]
        cases.append(pytest.param(row["sentence"], reference, row["expected"], marks=marks, id=row["sentence"][:50]))
    return cases


def _render(sentence: str, reference: str | None) -> str:
    mentions = find_dates(sentence, reference)
    if not mentions:
        return "none"
    return " ; ".join(f"{m.start or '?'}..{m.end or '?'}" for m in mentions)


@pytest.mark.parametrize(("sentence", "reference", "expected"), _rows())
def test_date_table(sentence: str, reference: str | None, expected: str) -> None:
    assert _render(sentence, reference) == expected


def test_table_is_large_enough_to_mean_something() -> None:
    assert len(_rows()) >= 40


def test_mentions_carry_exact_evidence() -> None:
    text = "Le salon se tiendra du 17 au 19 mai à Lyon."
    [mention] = find_dates(text, "2017-05")
    span = mention.evidence[0]
    assert text[span.start : span.end] == span.text == mention.text == "du 17 au 19 mai"
    assert mention.year_inferred is True


def test_written_year_is_not_inferred() -> None:
    [mention] = find_dates("le 3 juillet 2019", "2017-05")
    assert (mention.start, mention.year_inferred) == ("2019-07-03", False)


def test_header_is_metadata_and_reference() -> None:
    text = " date 2017-05 Il se tiendra les 17 et 18 mai."
    [mention] = find_dates(text)
    assert (mention.start, mention.end) == ("2017-05-17", "2017-05-18")
    assert mention.evidence[0].start > len(" date 2017-05")


def test_no_reference_never_reads_the_clock() -> None:
    [mention] = find_dates("du 17 au 19 mai")
    assert (mention.start, mention.end, mention.year_inferred) == (None, None, False)


@pytest.mark.parametrize(
    ("month", "day", "reference", "tense", "year"),
    [
        (5, 17, "2017-05", None, 2017),  # same month: that year
        (1, 10, "2017-12-20", None, 2018),  # nearest occurrence is after New Year
        (12, 1, "2017-11-20", "past", 2016),  # a past tense looks back
        (3, 1, "2017-11-20", "future", 2018),  # a future tense looks forward
        (11, 25, "2017-11", "future", 2017),  # the reference month counts as on or after
        (11, 1, "2017-11", "past", 2017),  # ... and as on or before
    ],
)
def test_year_policy(month: int, day: int, reference: str, tense: str | None, year: int) -> None:
    assert infer_year(month, day, _period(reference)[0], tense) == year
