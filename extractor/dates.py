"""French date expressions: found in the text, resolved to inclusive ISO ranges.

dateparser reads one date at a time; press releases write ranges ("du 17 au 19
mai"), enumerations ("les 17 et 18 mai", "7-8 et 9 octobre"), parts of months
("mi-juin", "fin mars"), holidays ("à la Toussaint"), relative dates ("demain",
"la semaine prochaine") and dates without a year. This module is that grammar.
Month names come from dateparser's French locale data, so abbreviations
("janv", "févr") follow the library; Easter comes from dateutil.

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
   b. without such a word, the tense of the clause, else of the sentence, does
      the same: a future cue ("se tiendra", "aura lieu") looks forward, a past
      cue ("s'est tenu", "a eu lieu") looks back; the cue nearest to the
      expression wins;
   c. among what is left, the occurrence nearest to the reference wins
      (the reference year on a tie).

   "On or after" compares with the whole reference period: with a reference of
   month precision ("2017-05") every day of May 2017 is both on or after and on
   or before it.
3. Dates relative to the reference ("demain", "hier", "la semaine prochaine",
   "mardi prochain") need a reference of day precision ("le mois prochain" one
   of month precision); without it they are not dates of the text.
4. Without a reference the year stays unknown: ``start`` and ``end`` are null;
   the clock is never read.

Enumerations of days that are not consecutive ("les 4 et 22 mai") give one
mention per run of consecutive days, each with the whole expression as evidence.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dateutil.easter import easter

from extractor._text import alternation, evidence, fold, load_data
from extractor.document import normalize_published, read_header
from schemas import DateMention, Precision

_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_NUMBER_WORDS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
                 "dix": 10, "onze": 11, "douze": 12, "quinze": 15}

#: A calendar span: first and last day, inclusive.
Span = tuple[date, date]


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
    holidays: dict[str, dict[str, int | list[int]]]
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
    rules = load_data("dates_fr.json")
    holidays = rules["holidays"]
    flags = re.IGNORECASE
    patterns = (
        ("range", re.compile(
            rf"(?:\bdu\s*)?{start_point}"
            rf"\s*(?:au|jusqu['’]au|-|–|—)\s*{end_point}", flags)),
        ("between", re.compile(
            rf"\bentre\s+le\s+{start_point}\s+et\s+le\s+{end_point}", flags)),
        ("list", re.compile(
            rf"(?:\b(?:le\s+week-end\s+des|les|des|ces|le)\s+)?(?P<days>{list_day}(?:\s*(?:,|\bet\b|&|-|–)\s*(?:le\s+)?{list_day})+)"
            rf"\s*(?P<m>{month})(?:\s+(?P<y>{year}))?", flags)),
        ("single", re.compile(
            rf"(?:\b(?:le|ce)\s+)?"
            rf"(?:{weekday}\s+)?(?P<d>{day})\s*(?P<m>{month})(?:\s+(?P<y>{year}))?", flags)),
        ("numeric", re.compile(
            r"(?:\ble\s+)?(?<![\d/.-])(?P<d>3[01]|[12]\d|0?[1-9])(?P<sep>[/.-])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
            r"(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/.-]\d)", flags)),
        ("iso", re.compile(
            r"(?:\ble\s+)?(?<![\d-])(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])")),
        ("month_part", re.compile(
            rf"\b(?P<part>début|mi-|mi\s+|fin)\s*(?:de\s+|d['’])?(?P<m>{month})(?:\s+(?P<y>{year}))?", flags)),
        ("during", re.compile(
            rf"\b(?:pendant|durant)\s+(?P<n>\d{{1,2}}|{alternation(list(_NUMBER_WORDS))})\s+jours,?\s+"
            rf"(?:à\s+partir\s+du|à\s+compter\s+du|dès\s+le)\s+(?P<d>{day})\s*(?P<m>{month})"
            rf"(?:\s+(?P<y>{year}))?", flags)),
        ("holiday", re.compile(
            rf"(?<![\w'’])(?<!de\s)(?<!du\s)(?:(?:le\s+|la\s+|l['’]))?(?P<weekend>week-end\s+de\s+)?"
            rf"(?-i:(?P<h>{alternation(list(holidays))}))(?![^\W\d_])(?:\s+(?P<y>{year}))?", flags)),
        ("relative", re.compile(
            rf"\b(?P<rel>aujourd['’]hui|après-demain|avant-hier|demain|hier"
            rf"|(?:la\s+)?semaine\s+(?:prochaine|dernière)|cette\s+semaine"
            rf"|(?:le\s+)?week-end\s+(?:prochain|dernier)|ce\s+week-end"
            rf"|(?:le\s+)?mois\s+(?:prochain|dernier)|l['’](?:an|année)\s+(?:prochaine?|dernière?)"
            rf"|(?:ce\s+)?{weekday}(?:\s+(?:prochain|dernier))?)(?!\s*\d)(?![^\W\d_])", flags)),
        ("month_year", re.compile(
            rf"(?:\b(?:en\s+|au\s+mois\s+de\s+|au\s+mois\s+d['’]\s*|courant\s+|depuis\s+|dès\s+))?"
            rf"\b(?P<m>{month})\s+(?P<y>{year})", flags)),
        ("month", re.compile(
            rf"\b(?:en\s+|au\s+mois\s+de\s+|au\s+mois\s+d['’]\s*|courant\s+|dès\s+)(?P<m>{month})", flags)),
        ("year", re.compile(
            rf"\b(?:en|depuis|dès|l['’]an|l['’]année|année)\s+(?P<y>{year})(?![/.-]\d)", flags)),
    )
    cues: list[tuple[re.Pattern[str], str]] = []
    for tense in ("future", "past"):
        for cue in rules[f"{tense}_cues"]:
            cues.append((re.compile(rf"(?<!\w){alternation([cue])}(?!\w)", flags), tense))
    return _Grammar(
        patterns=patterns,
        holidays=holidays,
        future_after=re.compile(rf"\s*(?:{alternation(rules['future_after'])})\b", flags),
        past_after=re.compile(rf"\s*(?:{alternation(rules['past_after'])})\b", flags),
        tense_cues=tuple(cues),
    )


# --------------------------------------------------------------------------- what a match stands for


@dataclass(frozen=True)
class _Target:
    """One date a match stands for.

    ``span_for(year)`` gives its days for a (first) year, None when that year
    has no such day; ``year`` is the first year when the text writes one.
    ``relative`` dates need the reference instead: it gives their days from the
    reference period and its precision.
    """

    span_for: Callable[[int], Span | None]
    year: int | None = None
    relative: Callable[[Span, Precision], Span | None] | None = None


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    kind: str
    targets: tuple[_Target, ...]
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


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _crosses(month1: int, day1: int | None, month2: int, day2: int | None) -> bool:
    """True when the end comes before the start in the calendar: the range crosses New Year."""
    return (month2, 32 if day2 is None else day2) < (month1, day1 or 0)


def _days(month1: int, day1: int | None, month2: int, day2: int | None) -> Callable[[int], Span | None]:
    """Days from (month1, day1) to (month2, day2), the second in the next year when it comes first.

    A day of None is the whole month: its first day at the start, its last at the end.
    """
    crosses = _crosses(month1, day1, month2, day2)

    def span_for(year: int) -> Span | None:
        last_year = year + 1 if crosses else year
        if (day1 or 1) > _last_day(year, month1) or (day2 or 1) > _last_day(last_year, month2):
            return None
        return (date(year, month1, day1 or 1), date(last_year, month2, day2 or _last_day(last_year, month2)))

    return span_for


def _first_year(first: int | None, last: int | None, month1: int, day1: int | None, month2: int,
                day2: int | None) -> int | None:
    """The first year of a range from the year written on either end."""
    if first is not None:
        return first
    if last is None:
        return None
    return last - 1 if _crosses(month1, day1, month2, day2) else last


def _holiday(rule: dict[str, int | list[int]], weekend: bool) -> Callable[[int], Span | None]:
    """The day of a holiday in a year, or the weekend around it ("le week-end de Pâques")."""
    def span_for(year: int) -> Span | None:
        if "fixed" in rule:
            month, day = rule["fixed"]  # type: ignore[misc]
            first = date(year, month, day)
        else:
            first = easter(year) + timedelta(days=int(rule["easter"]))  # type: ignore[arg-type]
        if weekend:
            saturday = first - timedelta((first.weekday() - 5) % 7)
            return saturday, saturday + timedelta(1)
        return first, first

    return span_for


def _relative(text: str) -> Callable[[Span, Precision], Span | None] | None:
    """The days a relative expression stands for, from the reference period."""
    key = fold(text)
    words = key.split()
    offsets = {"aujourd hui": 0, "demain": 1, "apres demain": 2, "hier": -1, "avant hier": -2}
    if key in offsets:
        shift = offsets[key]
        return lambda ref, p: (ref[0] + timedelta(shift),) * 2 if p is Precision.day else None
    if "semaine" in words or "week" in key:
        weekend = "week" in key
        step = 7 if "prochaine" in words or "prochain" in words else -7 if words[-1].startswith("dernier") else 0

        def week(ref: Span, precision: Precision) -> Span | None:
            if precision is not Precision.day:
                return None
            monday = ref[0] - timedelta(ref[0].weekday()) + timedelta(step)
            if weekend:
                return monday + timedelta(5), monday + timedelta(6)
            return monday, monday + timedelta(6)

        return week
    if "mois" in words:
        step = 1 if words[-1] == "prochain" else -1

        def month(ref: Span, precision: Precision) -> Span | None:
            if precision is Precision.year:
                return None
            index = ref[0].year * 12 + ref[0].month - 1 + step
            year, number = divmod(index, 12)
            return date(year, number + 1, 1), date(year, number + 1, _last_day(year, number + 1))

        return month
    if "an" in words or "annee" in words:
        step = 1 if words[-1].startswith("prochain") else -1
        return lambda ref, p: (date(ref[0].year + step, 1, 1), date(ref[0].year + step, 12, 31))
    weekday = next((_WEEKDAYS.index(w) for w in words if w in _WEEKDAYS), None)
    if weekday is None or not ({"prochain", "dernier", "ce"} & set(words)):
        return None  # a weekday alone is no date
    backwards = words[-1] == "dernier"

    def day_of_week(ref: Span, precision: Precision) -> Span | None:
        if precision is not Precision.day:
            return None
        today = ref[0]
        if backwards:
            shift = -((today.weekday() - weekday) % 7 or 7)
        else:
            shift = (weekday - today.weekday()) % 7
            if words[-1] == "prochain" and shift == 0:
                shift = 7
        return (today + timedelta(shift),) * 2

    return day_of_week


_PARTS = {"debut": (1, 10), "mi": (11, 20), "fin": (21, None)}


def _to_match(kind: str, m: re.Match[str]) -> _Match | None:
    """Turn one regex match into the dates it stands for, or None when it is not a real date."""
    g = m.groupdict()
    day_precision = Precision.day
    targets: list[_Target]
    if kind in ("range", "between"):
        month2 = _month(g["m2"])
        month1 = _month(g["m1"]) if g["m1"] else month2
        day1, day2 = _day(g["d1"]), _day(g["d2"])
        if not g["m1"] and day1 >= day2:
            return None  # "du 28 au 3 mars": which month the 28th is in is not written
        year = _first_year(_year(g["y1"]), _year(g["y2"]), month1, day1, month2, day2)
        targets = [_Target(_days(month1, day1, month2, day2), year)]
    elif kind == "list":
        month, year = _month(g["m"]), _year(g["y"])
        days = _list_days(g["days"])
        if len(days) < 2:
            return None
        targets = [_Target(_days(month, a, month, b), year) for a, b in _runs_of(days)]
    elif kind in ("single", "numeric", "iso"):
        month, day = _month(g["m"]), _day(g["d"])
        targets = [_Target(_days(month, day, month, day), _year(g["y"]))]
    elif kind == "month_part":
        month = _month(g["m"])
        first, last = _PARTS[fold(g["part"]).rstrip(" -")]
        targets = [_Target(_days(month, first, month, last), _year(g["y"]))]
    elif kind == "during":
        count = int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"].lower()]
        month, day = _month(g["m"]), _day(g["d"])

        def during(year: int, month: int = month, day: int = day, count: int = count) -> Span | None:
            if day > _last_day(year, month):
                return None
            first = date(year, month, day)
            return first, first + timedelta(count - 1)

        targets = [_Target(during, _year(g["y"]))]
    elif kind == "holiday":
        rule = next(rule for name, rule in _grammar().holidays.items() if fold(name) == fold(g["h"]))
        targets = [_Target(_holiday(rule, g["weekend"] is not None), _year(g["y"]))]
    elif kind == "relative":
        relative = _relative(g["rel"])
        if relative is None:
            return None
        words = fold(g["rel"]).split()
        day_precision = Precision.month if "mois" in words else Precision.year if {"an", "annee"} & set(words) \
            else Precision.day
        targets = [_Target(lambda year: None, None, relative)]
    elif kind in ("month_year", "month"):
        month = _month(g["m"])
        targets = [_Target(_days(month, None, month, None), _year(g.get("y")))]
        day_precision = Precision.month
    else:
        year_value = _year(g["y"])
        targets = [_Target(lambda y: (date(y, 1, 1), date(y, 12, 31)), year_value)]
        day_precision = Precision.year
    return _Match(m.start(), m.end(), kind, tuple(targets), day_precision)


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


def _scan(text: str, start: int = 0) -> list[_Match]:
    """Every date expression from ``start`` on, longest first where they overlap."""
    found: list[_Match] = []
    for kind, pattern in _grammar().patterns:
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


def _period(reference: str | None) -> tuple[Span, Precision] | None:
    """The inclusive days covered by a partial ISO reference date, and its precision.

    >>> _period("2017-05")
    ((datetime.date(2017, 5, 1), datetime.date(2017, 5, 31)), <Precision.month: 'month'>)
    """
    if reference is None:
        return None
    parts = [int(p) for p in reference.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return (day, day), Precision.day
    if len(parts) == 2:
        year, month = parts
        return (date(year, month, 1), date(year, month, _last_day(year, month))), Precision.month
    return (date(parts[0], 1, 1), date(parts[0], 12, 31)), Precision.year


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


def _infer(span_for: Callable[[int], Span | None], period: Span, tense: str | None) -> int | None:
    """The first year of a date without one, by the policy of this module."""
    ref_start, ref_end = period
    options: list[tuple[int, bool, int]] = []
    for year in (ref_start.year - 1, ref_start.year, ref_start.year + 1):
        span = span_for(year)
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
        return _infer(span_for, period, None)
    return min(options)[2] if options else None


def infer_year(month: int, day: int | None, period: Span, tense: str | None) -> int | None:
    """The year of a day (or a whole month) without one, by the policy of this module.

    >>> ref, _precision = _period("2017-05")
    >>> infer_year(5, 17, ref, None)
    2017
    >>> infer_year(1, 10, _period("2017-12-20")[0], None)
    2018
    >>> infer_year(12, 1, _period("2017-11-20")[0], "past")
    2016
    """
    return _infer(_days(month, day, month, day), period, tense)


def _iso(day: date, precision: Precision) -> str:
    if precision is Precision.year:
        return f"{day.year:04d}"
    if precision is Precision.month:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _resolve(
    text: str, match: _Match, reference: tuple[Span, Precision] | None, original: str
) -> Iterator[DateMention]:
    span = evidence(original, match.start, match.end)
    for target in match.targets:
        if target.relative is not None:
            days = target.relative(*reference) if reference is not None else None
            if days is not None:
                yield DateMention(text=span.text, start=_iso(days[0], match.precision),
                                  end=_iso(days[1], match.precision), precision=match.precision,
                                  year_inferred=True, evidence=[span])
            continue
        year = target.year
        if year is None and reference is not None:
            year = _infer(target.span_for, reference[0], _tense(text, match))
            if year is None:
                continue
        if year is None:
            yield DateMention(text=span.text, start=None, end=None, precision=match.precision,
                              year_inferred=False, evidence=[span])
            continue
        days = target.span_for(year)
        if days is None:
            continue
        yield DateMention(text=span.text, start=_iso(days[0], match.precision), end=_iso(days[1], match.precision),
                          precision=match.precision, year_inferred=target.year is None, evidence=[span])


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
