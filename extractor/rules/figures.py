"""Key figures: a number and what it counts ("Près de 85 intervenants", "4 continents").

Digits count anything written as a plural noun after them (or a noun of the
counted list in ``extractor/data/figures_fr.json``); spelled-out numbers ("quatre
continents") and "une centaine de" count only nouns of that list, so "deux
manifestations" in running prose is not a key figure. Numbers inside date
expressions, years and measures ("10 h", "30 %") are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractor.core.context import Context
from extractor.rules._text import alternation, fold, load_data
from schemas import DateMention, Figure

_ROUND_NUMBERS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
    "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "millier": 1000,
}
_MULTIPLIERS = {"million": 1_000_000, "millions": 1_000_000, "milliard": 10**9, "milliards": 10**9}


@dataclass(frozen=True)
class _Rules:
    digits: re.Pattern[str]
    words: re.Pattern[str]
    approximate: re.Pattern[str]
    counted: frozenset[str]
    not_units: frozenset[str]
    number_words: dict[str, int]


@cache
def _rules() -> _Rules:
    data = load_data("figures_fr.json")
    counted = alternation(data["counted_nouns"])
    number_words = {**data["number_words"], **{f"une {k}": v for k, v in _ROUND_NUMBERS.items()},
                    **{f"un {k}": v for k, v in _ROUND_NUMBERS.items()}}
    unit = r"(?P<unit>[^\W\d_][\w'’-]*)"
    return _Rules(
        digits=re.compile(
            r"(?<![\w.,/-])(?P<num>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?![\d])|\d+(?:,\d+)?)(?![\d/])"
            rf"(?:\s+(?P<mult>{alternation(list(_MULTIPLIERS))}))?\s+(?:de\s+|d['’])?{unit}"
        ),
        words=re.compile(
            rf"(?<!\w)(?P<num>{alternation(list(number_words))})\s+(?:de\s+|d['’])?(?P<unit>{counted})(?!\w)",
            re.IGNORECASE,
        ),
        approximate=re.compile(rf"(?:^|\W)(?:{alternation(data['approximate_cues'])})\s*$", re.IGNORECASE),
        counted=frozenset(fold(n) for n in data["counted_nouns"]),
        not_units=frozenset(fold(n) for n in data["not_units"]),
        number_words={fold(k): v for k, v in number_words.items()},
    )


def _value(number: str, multiplier: str | None) -> int | float:
    """The number a figure writes, thousands separators removed.

    >>> _value("2 000", None), _value("1,5", "million"), _value("1.500", None)
    (2000, 1500000, 1500)
    """
    if "," in number:
        value: int | float = float(number.replace(",", "."))
    else:
        value = int(re.sub(r"[ \u00a0\u202f.]", "", number))
    if multiplier:
        value = value * _MULTIPLIERS[multiplier.lower()]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def _is_unit(word: str, rules: _Rules) -> bool:
    key = fold(word)
    if key in rules.counted:
        return True
    return word[:1].islower() and key not in rules.not_units and len(key) >= 3 and key[-1] in "sx"


def _start_with_cue(text: str, start: int, floor: int) -> tuple[int, bool]:
    """Where the figure starts once an approximation cue before it is included."""
    before = text[max(floor, start - 30) : start]
    cue = _rules().approximate.search(before)
    if cue is None:
        return start, False
    offset = cue.start() + (0 if before[cue.start() : cue.start() + 1].isalpha() else 1)
    return start - len(before) + offset, True


def find_figures(text: str, ctx: Context, dates: list[DateMention]) -> list[Figure]:
    """Key figures of the text, in text order; the same number and unit twice is one figure."""
    rules = _rules()
    in_dates = [(d.evidence[0].start, d.evidence[0].end) for d in dates]
    found: list[tuple[int, int, int | float, str, bool]] = []
    for match in rules.digits.finditer(text, ctx.body_start):
        number = match.group("num")
        unit = match.group("unit")
        if re.fullmatch(r"(?:1[89]|20)\d\d", number) or not _is_unit(unit, rules):
            continue  # a year, or not a counted noun
        if any(s < match.end("num") and match.start() < e for s, e in in_dates):
            continue
        start, approximate = _start_with_cue(text, match.start(), ctx.body_start)
        found.append((start, match.end(), _value(number, match.group("mult")), unit, approximate))
    for match in rules.words.finditer(text, ctx.body_start):
        words = fold(match.group("num"))
        start, approximate = _start_with_cue(text, match.start(), ctx.body_start)
        approximate = approximate or words.startswith(("une ", "un "))
        found.append((start, match.end(), rules.number_words[words], match.group("unit"), approximate))
    merged: dict[tuple[int | float, str], Figure] = {}
    for start, end, value, unit, approximate in sorted(found):
        key = (value, fold(unit))
        span = ctx.evidence(start, end)
        if key in merged:
            merged[key].evidence.append(span)
        else:
            merged[key] = Figure(value=value, unit=ctx.text[end - len(unit) : end], approximate=approximate,
                                 evidence=[span])
    return list(merged.values())

