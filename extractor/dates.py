"""French date expressions: found in the text, resolved to inclusive ISO ranges.

dateparser reads one date at a time; press releases write ranges ("du 17 au 19
mai"), enumerations ("les 17 et 18 mai", "7-8 et 9 octobre") and dates without a
year. This module is that grammar. Month names come from dateparser's French
locale data, so abbreviations ("janv", "févr") follow the library.

Year policy
-----------
1. A year written in the expression is used as written. In a range, a year
   written on one end applies to the other, minus or plus one when the range
   crosses New Year ("du 28 décembre au 3 janvier 2020" starts on 2019-12-28).
2. Otherwise the year is inferred from the reference date (the publication
   date) and ``year_inferred`` is true. Candidates are the reference year and
   the years just before and after it:

   a. "prochain(e)" right after the expression keeps only occurrences on or
      after the reference; "dernier/dernière" only those on or before it;
   b. without such a word, the tense of the sentence does the same: a future
      cue ("se tiendra", "aura lieu") looks forward, a past cue ("s'est tenu",
      "a eu lieu") looks back; the cue nearest to the expression wins;
   c. among what is left, the occurrence nearest to the reference wins
      (the reference year on a tie).

   "On or after" compares with the whole reference period: with a reference of
   month precision ("2017-05") every day of May 2017 is both on or after and on
   or before it.
3. Without a reference the year stays unknown: ``start`` and ``end`` are null;
   the clock is never read.

Enumerations of days that are not consecutive ("les 4 et 22 mai") give one
mention per run of consecutive days, each with the whole expression as evidence.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from extractor._text import alternation, evidence, fold, load_data
from extractor.document import normalize_published, read_header
from schemas import DateMention, Precision

_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@cache
def _month_numbers() -> dict[str, int]:
    """Folded month name or abbreviation -> month number, from dateparser's French locale."""
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale("fr").info
    months: dict[str, int] = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for name in info[key]:
            if len(name) >= 3:  # "jan", "jun" and up; no two-letter forms
                months[name] = number
                months[fold(name)] = number
    return months


@cache
def calendar_words() -> frozenset[str]:
    """Month and weekday names: words a name never runs into ("la Foire de Paris en mai")."""
    return frozenset(_month_numbers()) | frozenset(_WEEKDAYS)


@dataclass(frozen=True)
class _Grammar:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    future_after: re.Pattern[str]
    past_after: re.Pattern[str]
    tense_cues: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _grammar() -> _Grammar:
    names = _month_numbers()
    full = [name for name in names if len(name) > 4 or name in ("mars", "mai", "juin", "aout", "août")]
    short = [name for name in names if name not in full]
    month = rf"(?:(?:{alternation(full)})(?![^\W\d_])|(?:{alternation(short)})(?![^\W\d_])\.?)"
    weekday = rf"(?:{alternation(list(_WEEKDAYS))})"
    day = r"(?<!\d)(?:1er|1re|1ère|3[01]|[12]\d|0?[1-9])(?![\d,.]\d)(?!\d)"
    year = r"(?:19|20)\d{2}(?!\d)"
    end_point = rf"(?:{weekday}\s+)?(?P<d2>{day})\s*(?P<m2>{month})(?:\s+(?P<y2>{year}))?"
    start_point = rf"(?:{weekday}\s+)?(?P<d1>{day})(?:\s*(?P<m1>{month})(?:\s+(?P<y1>{year}))?)?"
    list_day = rf"(?:{weekday}\s+)?{day}"
    flags = re.IGNORECASE
    patterns = (
        ("range", re.compile(
            rf"(?:\bdu\s*)?{start_point}"
            rf"\s*(?:au|jusqu['’]au|-|–|—)\s*{end_point}", flags)),
        ("between", re.compile(
            rf"\bentre\s+le\s+{start_point}\s+et\s+le\s+{end_point}", flags)),
        ("list", re.compile(
            rf"(?:\b(?:les|des|ces)\s+)?(?P<days>{list_day}(?:\s*(?:,|\bet\b|&|-|–)\s*{list_day})+)"
            rf"\s*(?P<m>{month})(?:\s+(?P<y>{year}))?", flags)),
        ("single", re.compile(
            rf"(?:\b(?:le|ce)\s+)?"
            rf"(?:{weekday}\s+)?(?P<d>{day})\s*(?P<m>{month})(?:\s+(?P<y>{year}))?", flags)),
        ("numeric", re.compile(
            r"(?:\ble\s+)?(?<![\d/.])(?P<d>3[01]|[12]\d|0?[1-9])(?P<sep>[/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
            r"(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/.]\d)", flags)),
        ("iso", re.compile(
            r"(?:\ble\s+)?(?<![\d-])(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])")),
        ("month_year", re.compile(
            rf"(?:\b(?:en\s+|au\s+mois\s+de\s+|au\s+mois\s+d['’]\s*|courant\s+|depuis\s+|dès\s+))?"
            rf"\b(?P<m>{month})\s+(?P<y>{year})", flags)),
        ("month", re.compile(
            rf"\b(?:en\s+|au\s+mois\s+de\s+|au\s+mois\s+d['’]\s*|courant\s+|dès\s+)(?P<m>{month})", flags)),
        ("year", re.compile(
            rf"\b(?:en|depuis|dès|l['’]an|l['’]année|année)\s+(?P<y>{year})(?![/.-]\d)", flags)),
    )
    rules = load_data("dates_fr.json")
    cues: list[tuple[re.Pattern[str], str]] = []
    for tense in ("future", "past"):
        for cue in rules[f"{tense}_cues"]:
            cues.append((re.compile(rf"(?<!\w){alternation([cue])}(?!\w)", flags), tense))
    return _Grammar(
        patterns=patterns,
        future_after=re.compile(rf"\s*(?:{alternation(rules['future_after'])})\b", flags),
        past_after=re.compile(rf"\s*(?:{alternation(rules['past_after'])})\b", flags),
        tense_cues=tuple(cues),
    )


# --------------------------------------------------------------------------- find


@dataclass(frozen=True)
class _Point:
    """A calendar point with what the text wrote of it (None = not written)."""

    day: int | None
    month: int
    year: int | None


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    kind: str
    runs: tuple[tuple[_Point, _Point], ...]  # inclusive runs, ordered
    precision: Precision


def _day(value: str) -> int:
    return int(re.match(r"\d+", value).group())  # type: ignore[union-attr]


def _month(value: str) -> int:
    return _month_numbers()[fold(value)] if not value.isdigit() else int(value)


def _year(value: str | None) -> int | None:
    if value is None:
        return None
    number = int(value)
    return number + 2000 if number < 100 else number


def _runs_of(days: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted, distinct days.

    >>> _runs_of([4, 22])
    [(4, 4), (22, 22)]
    >>> _runs_of([2, 3, 4])
    [(2, 4)]
    """
    runs: list[tuple[int, int]] = []
    for day in sorted(set(days)):
        if runs and day == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


_LIST_ITEM = re.compile(r"(\d+)(?:er|re|ère)?|(,|\bet\b|&|-|–)", re.IGNORECASE)


def _list_days(text: str) -> list[int]:
    """Days of an enumeration; a dash between two days is a range.

    >>> _list_days("7-8 et 9")
    [7, 8, 9]
    >>> _list_days("2, 3 et 4")
    [2, 3, 4]
    """
    days: list[int] = []
    dash = False
    for number, separator in _LIST_ITEM.findall(text):
        if separator:
            dash = separator in "-–"
            continue
        value = int(number)
        if dash and days and value > days[-1]:
            days.extend(range(days[-1] + 1, value + 1))
        else:
            days.append(value)
        dash = False
    return days


def _to_match(kind: str, m: re.Match[str]) -> _Match | None:
    """Turn one regex match into calendar runs, or None when it is not a real date."""
    g = m.groupdict()
    if kind in ("range", "between"):
        month2 = _month(g["m2"])
        month1 = _month(g["m1"]) if g["m1"] else month2
        first = _Point(_day(g["d1"]), month1, _year(g["y1"]))
        last = _Point(_day(g["d2"]), month2, _year(g["y2"]))
        if not g["m1"] and first.day is not None and last.day is not None and first.day >= last.day:
            return None  # "du 28 au 3 mars": which month the 28th is in is not written
        runs: tuple[tuple[_Point, _Point], ...] = ((first, last),)
        return _Match(m.start(), m.end(), kind, runs, Precision.day)
    if kind == "list":
        month = _month(g["m"])
        year = _year(g["y"])
        days = _list_days(g["days"])
        if len(days) < 2:
            return None
        runs = tuple((_Point(a, month, year), _Point(b, month, year)) for a, b in _runs_of(days))
        return _Match(m.start(), m.end(), kind, runs, Precision.day)
    if kind in ("single", "numeric", "iso"):
        point = _Point(_day(g["d"]), _month(g["m"]), _year(g["y"]))
        return _Match(m.start(), m.end(), kind, ((point, point),), Precision.day)
    if kind in ("month_year", "month"):
        point = _Point(None, _month(g["m"]), _year(g.get("y")))
        return _Match(m.start(), m.end(), kind, ((point, point),), Precision.month)
    point = _Point(None, 1, _year(g["y"]))
    return _Match(m.start(), m.end(), kind, ((point, point),), Precision.year)


def _scan(text: str, start: int = 0) -> list[_Match]:
    """Every date expression from ``start`` on, longest first where they overlap."""
    found: list[_Match] = []
    for _order, (kind, pattern) in enumerate(_grammar().patterns):
        for m in pattern.finditer(text, start):
            match = _to_match(kind, m)
            if match is not None:
                found.append(match)
    found.sort(key=lambda x: (-(x.end - x.start), x.start))
    taken: list[_Match] = []
    for match in found:
        if all(match.end <= other.start or match.start >= other.end for other in taken):
            taken.append(match)
    return sorted(taken, key=lambda x: x.start)


# --------------------------------------------------------------------------- resolve


def _period(reference: str | None) -> tuple[date, date] | None:
    """The inclusive days covered by a partial ISO reference date.

    >>> _period("2017-05")
    (datetime.date(2017, 5, 1), datetime.date(2017, 5, 31))
    """
    if reference is None:
        return None
    parts = [int(p) for p in reference.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def _bounds(text: str, match: _Match, stops: tuple[str, ...]) -> tuple[int, int]:
    """The stretch of text around the expression up to the nearest of ``stops`` on each side."""
    left = max(text.rfind(stop, 0, match.start) for stop in stops) + 1
    ends = [i for i in (text.find(stop, match.end) for stop in stops) if i != -1]
    return left, min(ends, default=len(text))


def _tense(text: str, match: _Match) -> str | None:
    """'future', 'past' or None: the words right after the expression, else the tense cue
    nearest to it in its clause, else in its sentence."""
    grammar = _grammar()
    after = text[match.end : match.end + 30]
    if grammar.future_after.match(after):
        return "future"
    if grammar.past_after.match(after):
        return "past"
    sentence_stops = (". ", "\n", "! ", "? ")
    for stops in (sentence_stops + (", ", "; ", " – ", ": "), sentence_stops):
        left, right = _bounds(text, match, stops)
        best: tuple[int, str] | None = None
        for pattern, tense in grammar.tense_cues:
            for cue in pattern.finditer(text, left, right):
                distance = min(abs(cue.start() - match.end), abs(cue.end() - match.start))
                if best is None or distance < best[0]:
                    best = (distance, tense)
        if best is not None:
            return best[1]
    return None


def _candidate(year: int, month: int, day: int | None) -> tuple[date, date] | None:
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day), date(year, month, day)


def infer_year(month: int, day: int | None, period: tuple[date, date], tense: str | None) -> int | None:
    """The year of a day (or month) without one, by the policy of this module.

    >>> ref = _period("2017-05")
    >>> infer_year(5, 17, ref, None)
    2017
    >>> infer_year(1, 10, _period("2017-12-20"), None)
    2018
    >>> infer_year(12, 1, _period("2017-11-20"), "past")
    2016
    """
    ref_start, ref_end = period
    options: list[tuple[int, int, int]] = []
    for year in (ref_start.year - 1, ref_start.year, ref_start.year + 1):
        span = _candidate(year, month, day)
        if span is None:
            continue
        first, last = span
        if tense == "future" and last < ref_start:
            continue
        if tense == "past" and first > ref_end:
            continue
        if last < ref_start:
            distance = (ref_start - last).days
        elif first > ref_end:
            distance = (first - ref_end).days
        else:
            distance = 0
        options.append((distance, year != ref_start.year, year))
    if not options and tense is not None:
        return infer_year(month, day, period, None)
    return min(options)[2] if options else None


def _iso(point: _Point, year: int, precision: Precision) -> str:
    if precision is Precision.year:
        return f"{year:04d}"
    if precision is Precision.month:
        return f"{year:04d}-{point.month:02d}"
    return f"{year:04d}-{point.month:02d}-{point.day:02d}"


def _valid(point: _Point, year: int) -> bool:
    return point.day is None or point.day <= calendar.monthrange(year, point.month)[1]


def _resolve(
    text: str, match: _Match, period: tuple[date, date] | None, original: str
) -> Iterator[DateMention]:
    span = evidence(original, match.start, match.end)
    for first, last in match.runs:
        written = first.year is not None or last.year is not None
        crosses = (last.month, last.day or 0) < (first.month, first.day or 0)
        if first.year is not None and last.year is not None:
            year1, year2 = first.year, last.year
        elif last.year is not None:
            year2 = last.year
            year1 = year2 - 1 if crosses else year2
        elif first.year is not None:
            year1 = first.year
            year2 = year1 + 1 if crosses else year1
        elif period is not None:
            inferred = infer_year(first.month, first.day, period, _tense(text, match))
            if inferred is None:
                continue
            year1 = inferred
            year2 = year1 + 1 if crosses else year1
        else:
            yield DateMention(
                text=span.text, start=None, end=None, precision=match.precision,
                year_inferred=False, evidence=[span],
            )
            continue
        if not (_valid(first, year1) and _valid(last, year2)):
            continue
        start = _iso(first, year1, match.precision)
        end = _iso(last, year2, match.precision)
        if end < start:
            continue
        yield DateMention(
            text=span.text, start=start, end=end, precision=match.precision,
            year_inferred=not written, evidence=[span],
        )


def find_dates(text: str, reference: str | date | None = None) -> list[DateMention]:
    """Every date expression of ``text``, resolved to an inclusive range.

    ``reference`` is the publication date used to infer missing years; without
    it, the archive header (`` date 2017-05``) serves, and the header itself is
    never reported as a date of the text.

    >>> [(d.text, d.start, d.end) for d in find_dates("du 17 au 19 mai", "2017-05")]
    [('du 17 au 19 mai', '2017-05-17', '2017-05-19')]
    """
    header = read_header(text)
    ref = normalize_published(reference) if reference is not None else header.published
    return mentions_in(text, header.body_start, ref)


def mentions_in(text: str, start: int, reference: str | None, original: str | None = None) -> list[DateMention]:
    """Date mentions of ``text`` from offset ``start`` on, for a known partial reference.

    ``original`` is the text evidence is sliced from when ``text`` is a
    same-length view of it (the one spaCy reads).
    """
    period = _period(reference)
    source = text if original is None else original
    return [mention for match in _scan(text, start) for mention in _resolve(text, match, period, source)]
