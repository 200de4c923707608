"""The French date grammar against a table of expressions (tests/data/dates_fr.tsv)."""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest

from extractor import extract, find_dates
from extractor.rules._text import alternation
from extractor.rules.dates import _century, _period, _trie, infer_year

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
    assert len(_rows()) >= 300


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


def test_find_dates_reads_the_reference_as_extract_does() -> None:
    """Without a reference, the dateline gives it: the same years as ``extract`` infers."""
    text = "Lyon, le 12 mars 2019 - Le salon ouvrira le 14 mars et fermera le 16 mars."
    found = [(d.text, d.start, d.end) for d in find_dates(text)]
    assert found == [(d.text, d.start, d.end) for d in extract(text).dates]
    assert found[1] == ("le 14 mars", "2019-03-14", "2019-03-14")


def test_a_caller_reference_wins_over_the_dateline() -> None:
    text = "Lyon, le 12 mars 2019 - Le salon ouvrira le 14 mars."
    assert find_dates(text, "2020-01")[-1].start == "2020-03-14"


@pytest.mark.parametrize(
    ("two_digits", "reference", "year"),
    [
        (74, "2013-02-12", 1974),  # more than 20 years after the reference: the century before
        (14, "2013-02-12", 2014),
        (33, "2013", 2033),  # up to 20 years after the reference
        (34, "2013", 1934),
        (61, None, 1961),  # without a reference, 50 and up are 19xx
        (49, None, 2049),
    ],
)
def test_two_digit_years(two_digits: int, reference: str | None, year: int) -> None:
    assert _century(two_digits, _period(reference)) == year


@pytest.mark.parametrize(
    "words",
    [["mai", "mars", "mardi", "ma"], ["trente et un", "trente", "trente-deux"], ["l'an", "la", "l'année prochaine"]],
)
def test_trie_matches_what_alternation_matches(words: list[str]) -> None:
    trie, plain = re.compile(rf"(?:{_trie(words)})"), re.compile(rf"(?:{alternation(words)})")
    for text in words + ["l’an", "trente  et un", "martien", "trente-deux ans", "x"]:
        assert (trie.match(text) or [None])[0] == (plain.match(text) or [None])[0], text


@pytest.mark.parametrize(
    "text",
    [
        ", ".join(str(i % 28 + 1) for i in range(4000)),  # a list of days that never reaches its month
        "du 1 au 2 " * 2000,  # thousands of dates in one sentence without a stop
        " et ".join(["mars"] * 4000),
    ],
    ids=["endless list", "no sentence stop", "endless months"],
)
def test_cost_stays_linear_on_hostile_text(text: str) -> None:
    started = time.perf_counter()
    find_dates(text, "2019-03-12")
    assert time.perf_counter() - started < 5  # quadratic, these took 20 s and more
