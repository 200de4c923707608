"""French date expressions: found in the text, resolved to inclusive ISO ranges.

dateparser reads one date at a time; press releases write ranges ("du 17 au 19
mai", "du treize au 15 juillet", "septembre-octobre 2021", "2018-2019"),
enumerations ("les 17 et 18 mai", "7-8 et 9 octobre"), parts of months ("mi-juin",
"la première quinzaine d'avril", "le dernier vendredi de mars"), weeks ("la
semaine du 7 octobre"), holidays ("à la Toussaint"), dates relative to the
publication ("demain", "mardi en huit", "le mois prochain", "il y a deux ans")
and dates without a year or a month ("le 2/3", "mercredi 13", "du 13 au 18").
This module is that grammar. Month and weekday names come from dateparser's
French locale data, so abbreviations ("janv", "févr") follow the library; Easter
comes from dateutil; the words (cues, relative phrases, parts of months) are
rule data in ``extractor/data/dates_fr.json``.

What the spans are
------------------
- A day: that day. A month ("en mars", "le mois de mars", "mars 2020"): the
  whole month, at month precision. A year, a part of a year ("fin 2020",
  "mi-2021"), a season with its year ("automne 2024") or a span of years
  ("2018-2019"): the whole years, at year precision.
- Parts of a month: "début" is the 1st to the 10th, "mi-" and "milieu" the
  11th to the 20th, "fin" the 21st to the last day; "la première quinzaine"
  the 1st to the 14th, "la deuxième" (or "seconde", "dernière") the 15th to the
  last day. A span from one part of a month to another ("de mi-janvier à
  mi-avril") is read at month precision: its ends are approximate, its months
  are what is written.
- Weeks run Monday to Sunday; a weekend is its Saturday and Sunday. "La
  semaine du 7 octobre" is the week holding that day. The weeks of a month are
  those holding at least four of its days (the ISO rule applied to a month):
  "la première semaine d'octobre 2014" is 2014-09-29 to 2014-10-05, "la dernière
  semaine de septembre 2014" 2014-09-22 to 2014-09-28.
- A year written with letters for digits, as scans and hasty typists do
  ("2OO9", "196I": capital O for zero, capital I or small l for one), is read
  as that year: the text is read through the same-length view ``extract``
  uses, which writes such a year with digits.
- Numeric dates are read day first ("03/04/2019" is the 3rd of April). Without
  a year ("17/02", "le 2/3", "17.02") a slash date needs "le" (or a weekday,
  "du", "au"...) before it, or a day and a month both written with two digits,
  else it is a fraction or a score; a dot date needs the two digits and "le"
  or a place of its own (opening its line, after a colon), else it is a
  number ("la salle 12.05"); neither is read before a unit ("17.02 euros"). A two-digit year is placed within
  80 years before and 20 years after the reference year; without a reference,
  below 50 it is 20xx, else 19xx ("31/10/74" is 1974, "20/02/14" 2014).
- A day range without a month ("du 13 au 18", not "du 13 au 18 ans") takes the
  month of the nearest date before it in the same paragraph, else the month of
  the reference (the next or the previous one when the tense says its days are
  to come or past). A weekday with a day ("mercredi 13", "du vendredi 10 au
  lundi 13") is the nearest such day that falls on that weekday.
- Around a date: "la veille du 14 juillet", "le lendemain de Noël", "deux
  jours après le 8 mai" move it; "la semaine du 7 octobre" and "le week-end du
  15 juin" widen it to its week or weekend.

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
      the same. An announcement ("aura lieu", "se tiendra", "accueillera")
      looks forward: the date is on or after the publication; a report ("s'est
      tenu", "a eu lieu", "a réuni") looks back: on or before it. The cue
      nearest to the expression wins. Any passé composé with "avoir" ("a
      annoncé lundi") counts as a past cue within the clause only: in the
      rest of the sentence it mostly tells of the telling ("..., a fait
      savoir le comité");
   c. among what is left, the occurrence nearest to the reference wins
      (the reference year on a tie);
   d. a weekday written with the day ("samedi 2 août") overrides a and b: the
      candidate year whose day falls on that weekday wins, the nearest if two
      do, when it is within a year of the reference; else (a weekday
      mistyped, or the day a year and a half away) a to c apply.

   "On or after" compares with the whole reference period: with a reference of
   month precision ("2017-05") every day of May 2017 is both on or after and on
   or before it.
3. Dates relative to the reference ("demain", "la semaine prochaine", "mardi
   prochain", "ce week-end", "samedi") are counted from a reference of day
   precision. From a reference of month precision, those of a week ("ce
   week-end", "cette semaine", "ce lundi", "mardi prochain") give the month they
   fall in counted from the middle of the reference month (a release of
   "2018-03" saying "ce week-end" dates it 2018-03), and so does a weekday
   alone unless its clause is in the past ("a dévoilé jeudi" dates the telling,
   not the event); those of a month give that month; those of a day
   ("demain", "aujourd'hui": often "the future", "nowadays") give nothing. A
   reference of year precision only dates those of a year ("l'an prochain").
   "Prochain" (and "suivant") is the first such day after the reference day,
   "dernier" the last before it; "ce mardi" and a weekday alone are the coming
   one, the reference day included, or the last one when the clause is in the
   past ("ce samedi et dimanche": both days from that one). "Mardi en huit" is a week after the
   coming Tuesday (the reference day included: said on a Tuesday, seven days
   later), "lundi en quinze" two weeks after the coming Monday; "mardi de la
   semaine prochaine" is the Tuesday of the next calendar week.
4. Without a reference the year stays unknown: ``start`` and ``end`` are null;
   the clock is never read. ``find_dates`` reads the reference the way
   ``extract`` does: the caller's, else the archive header's, else the
   dateline's ("Lyon, le 12 mars 2019 -"). A record (``extract``) without a
   publication date takes, as the reference of its undated days, the year the
   text states: a year in an event's name or edition ("la foire-exposition
   2012", "l'édition 2019"), else the year of its first date written with one
   ("aujourd'hui 26 juin ... jusqu'au 10 juillet 2018" puts 26 June in 2018).

Enumerations of days that are not consecutive ("les 4 et 22 mai") give one
mention per run of consecutive days, each with the whole expression as evidence;
so do enumerations of months ("janvier et mars").

Forms not read yet: a day alone ("le 13"); hours ("à 18 h"); a season without
its year ("cet été"); "d'ici" (an open span); open ends ("à partir du 3 mai"
gives the 3rd alone); spelled-out years ("deux mille quatorze"); a year alone
without a cue ("les chiffres de 2018", "l'édition 2022"); a capitalised month
inside a sentence ("la foire de Mai"); abbreviated weekdays ("mar. 19"); an
enumeration across months ("les 29 février et 1er mars") or split by other
words ("le 1er et la fête le 2 juin"); dates counted from another date of the
text rather than from the publication ("trois jours plus tard" after a date
of the text counts from the publication; "la veille du 3 mai" is read); and
the year of a day written elsewhere in the text with its year is not borrowed
when the publication date is unknown.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from dateutil.easter import easter

from extractor.core.document import normalize_published
from extractor.rules._text import evidence, fold, load_data, same_length_view, word_pattern
from extractor.rules.chunks import TELLING
from extractor.rules.ordinals import cardinal_words, ordinal_pattern, parse_ordinal
from schemas import DateMention, Precision

_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
#: Weekday names, Monday first (``date.weekday()`` order).
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

#: A calendar span: first and last day, inclusive.
Span = tuple[date, date]
#: (Span of the reference, its precision).
Reference = tuple[Span, Precision]


@cache
def _month_names(locale: str) -> dict[str, int]:
    """Folded month name or abbreviation -> month number, from one of dateparser's locales ("fr"; "en"
    for a site's byline written in English: "Nov 27, 2012 | Actualités")."""
    from dateparser.languages.loader import default_loader

    info = default_loader.get_locale(locale).info
    months: dict[str, int] = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for name in info[key]:
            if len(name) >= 3:  # "jan", "jun" and up; no two-letter forms
                months[name] = number
                months[fold(name)] = number
    return months


def _month_numbers() -> dict[str, int]:
    """Folded French month name or abbreviation -> month number."""
    return _month_names("fr")


@cache
def month_words() -> frozenset[str]:
    """Month names and abbreviations, folded and as written ("février", "fevrier", "févr")."""
    return frozenset(_month_numbers())


@cache
def calendar_words() -> frozenset[str]:
    """Month and weekday names: words a name never runs into ("la Foire de Paris en mai")."""
    return month_words() | frozenset(WEEKDAYS)


@cache
def _numbers() -> dict[str, int]:
    """Folded number word -> value, for days ("le treize") and counts ("deux jours")."""
    words = {fold(word): n for word, n in cardinal_words().items()}
    words.update({"un": 1, "une": 1, "premier": 1, "premiere": 1})
    return words


# --------------------------------------------------------------------------- calendar arithmetic


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, _last_day(year, month))


def _month_step(year: int, month: int, step: int) -> tuple[int, int]:
    """The (year, month) ``step`` months after (or before) the given one.

    >>> _month_step(2019, 12, 1), _month_step(2019, 1, -1)
    ((2020, 1), (2018, 12))
    """
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


def _day_in(year: int, month: int, day: int) -> date | None:
    return date(year, month, day) if 1 <= day <= _last_day(year, month) else None


def _monday(day: date) -> date:
    return day - timedelta(day.weekday())


def _week(day: date) -> Span:
    return _monday(day), _monday(day) + timedelta(6)


def _weekend(day: date) -> Span:
    saturday = _monday(day) + timedelta(5)
    return saturday, saturday + timedelta(1)


def _add_months(day: date, months: int) -> date:
    year, month = _month_step(day.year, day.month, months)
    return date(year, month, min(day.day, _last_day(year, month)))


# --------------------------------------------------------------------------- parts of a month

#: The days of one part of a month, for a (year, month).
Part = Callable[[int, int], Span | None]


def _days_part(first: int, last: int | None) -> Part:
    """From day ``first`` to day ``last`` (None: the month's last day)."""
    def part(year: int, month: int) -> Span | None:
        end = _last_day(year, month) if last is None else last
        if first > _last_day(year, month) or end > _last_day(year, month):
            return None
        return date(year, month, first), date(year, month, end)

    return part


def _nth_weekday(weekday: int, n: int) -> Part:
    """The n-th (-1: last) given weekday of a month."""
    def part(year: int, month: int) -> Span | None:
        days = [d for d in range(1, _last_day(year, month) + 1) if date(year, month, d).weekday() == weekday]
        if not -len(days) <= (n - 1 if n > 0 else n) < len(days):
            return None
        day = date(year, month, days[n - 1 if n > 0 else n])
        return day, day

    return part


def _nth_week(n: int) -> Part:
    """The n-th (-1: last) Monday-to-Sunday week holding four days or more of the month.

    >>> _nth_week(1)(2014, 10), _nth_week(-1)(2014, 9)  # doctest: +NORMALIZE_WHITESPACE
    ((datetime.date(2014, 9, 29), datetime.date(2014, 10, 5)),
     (datetime.date(2014, 9, 22), datetime.date(2014, 9, 28)))
    """
    def part(year: int, month: int) -> Span | None:
        first, last = _month_span(year, month)
        weeks = []
        monday = _monday(first)
        while monday <= last:
            held = sum(1 for i in range(7) if (monday + timedelta(i)).month == month)
            if held >= 4:
                weeks.append((monday, monday + timedelta(6)))
            monday += timedelta(7)
        index = n - 1 if n > 0 else n
        return weeks[index] if -len(weeks) <= index < len(weeks) else None

    return part


def _last_day_part(year: int, month: int) -> Span | None:
    last = date(year, month, _last_day(year, month))
    return last, last


def _nth_weekend(n: int) -> Part:
    """The Saturday and Sunday of the n-th (-1: last) Saturday of a month."""
    saturday = _nth_weekday(5, n)

    def part(year: int, month: int) -> Span | None:
        day = saturday(year, month)
        return None if day is None else (day[0], day[0] + timedelta(1))

    return part


# --------------------------------------------------------------------------- the grammar


@dataclass(frozen=True)
class _Grammar:
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    around_a_date: re.Pattern[str]
    holiday_core: re.Pattern[str]
    list_item: re.Pattern[str]
    after_days: re.Pattern[str]
    weekday_range: re.Pattern[str]  # "... au samedi": a span of weekdays is a habit
    future_after: re.Pattern[str]
    past_after: re.Pattern[str]
    tense_cues: tuple[tuple[re.Pattern[str], bool], ...]  # cues (the group named is the tense), only in the clause
    data: dict[str, Any]


def _trie(words: list[str] | set[str], loose: bool = False) -> str:
    """A regex matching any of ``words``, longest first, as a trie: shared beginnings are tried once.

    It matches what ``alternation`` matches (a space any run of whitespace, an apostrophe either one),
    at a fraction of its cost on long word lists; ``loose``: a hyphen may also be a space or nothing
    ("week-end", "week end", "weekend"). Keys of rule data starting with "_" are comments.

    >>> print(_trie(["mai", "mars", "mardi"]))
    ma(?:i|r(?:s|di))
    >>> bool(re.fullmatch(_trie(["week-end"], loose=True), "weekend"))
    True
    """
    root: dict[str, Any] = {}
    for word in words:
        if word.startswith("_"):
            continue
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def piece(ch: str) -> str:
        if ch == " ":
            return r"\s+"
        if ch in "'’":
            return "['’]"
        return "[-‐‑ ]?" if ch == "-" and loose else re.escape(ch)

    def emit(node: dict[str, Any]) -> str:
        branches = [piece(ch) + emit(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"{body}?" if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"

    return emit(root)


def _words(words: list[str] | set[str]) -> str:
    return _trie(words, loose=True)


@cache
def _grammar() -> _Grammar:
    names = _month_numbers()
    full = [name for name in names if len(name) > 4 or name in ("mars", "mai", "juin", "aout", "août")]
    short = [name for name in names if name not in full]
    month = rf"(?:(?:{_trie(full)})(?![^\W\d_])|(?:{_trie(short)})(?![^\W\d_])\.?)"
    lower_month = rf"(?-i:{_trie([n for n in full if n.islower()])})"
    # a capital makes "Mars" the planet; other months open a sentence with one ("Octobre : la foire revient")
    capital_month = _trie([n.capitalize() for n in full if n.islower() and n != "mars"])
    sentence_start = r"(?:(?<![\s\S])|(?<=\n)|(?<=[.!?:]\s))"
    weekday = rf"(?:{_trie(list(WEEKDAYS))})(?![^\W\d_])"
    number_day = (r"(?<!\d)(?<!\d[.,])(?:1(?:er|re|ère|ᵉʳ|ʳᵉ)"
                  r"|(?:3[01]|[12]\d|0?[1-9])(?:(?:e|ème|eme|ième|ᵉ)(?![^\W\d_]))?)(?!\d)(?![,.]\d)")
    word_day = rf"(?<![\w-])(?:premier|{_trie([w for w, n in cardinal_words().items() if n <= 31])})(?![\w-])"
    day = rf"(?:{number_day}|{word_day})"
    year = r"(?<!\d)(?:19|20)\d{2}(?!\d)"
    count = rf"(?:\d{{1,3}}|{_trie(list(cardinal_words()) + ['un', 'une'])})"
    rules = load_data("dates_fr.json")
    english_month = _trie([name.capitalize() for name in _month_names("en")])  # capitalised: "Nov", not "mar."

    def point(n: str, month_needed: bool) -> str:
        tail = rf"\s*(?P<m{n}>{month})(?:\s+(?P<y{n}>{year}))?"
        return rf"(?:(?P<w{n}>{weekday})\s+)?(?P<d{n}>{day})" + (tail if month_needed else f"(?:{tail})?")

    def month_part(n: str) -> str:
        return rf"(?:(?:la\s+)?(?P<p{n}>{_words(list(rules['month_parts']))})(?:\s*-\s*|\s+)(?:de\s+|d['’]\s*)?)"

    month_choice = (
        rf"(?:(?:(?:le\s+)?mois\s+(?:de\s+|d['’]\s*))?(?P<m>{month})(?:\s+(?P<y>{year}))?"
        rf"|(?P<mrel>(?:ce\s+)?mois(?:-ci|\s+(?:prochain|suivant|dernier|précédent|passé|en\s+cours"
        rf"|d['’]après|d['’]avant))?(?![\w-])))"
    )
    of = r"(?:du\s+|de\s+|d['’]\s*)"
    holidays = rules["holidays"]
    holiday_core = rf"(?:(?:le\s+|la\s+|l['’]))?(?P<weekend>week-end\s+de\s+)?" \
                   rf"(?-i:(?P<h>{_trie(list(holidays))}))(?![^\W\d_])(?:\s+(?P<y>{year}))?"
    relative = rules["relative"]
    counted = rules["counted"]
    flags = re.IGNORECASE
    patterns = {
        "range": rf"(?:\b(?:du|des)\s*)?{point('1', False)}\s*(?:au|jusqu['’]au|-|–|—)\s*(?:le\s+)?{point('2', True)}",
        "between": rf"\bentre\s+(?:le\s+)?{point('1', False)}\s+et\s+(?:le\s+)?{point('2', True)}",
        # "du jeudi 7 février au dimanche 10": the end day in the month of the start (or the next one)
        "open_range": rf"(?:\b(?:du|des)\s*)?{point('1', True)}\s*(?:au|jusqu['’]au)\s*(?:le\s+)?"
                      rf"(?:(?P<w2>{weekday})\s+)?(?P<d2>{number_day})(?!\s*(?:{month}|[/.]\d))",
        # "les 30 septembre et 1er octobre": two days that run on over a month's end; "ce samedi 18
        # septembre et ce dimanche 19 septembre": two days in a row, each with its month
        "month_end_pair": rf"\b(?:les|des|le|ce|du)\s+(?:{weekday}\s+)?(?P<d1>{day})\s*(?P<m1>{month})"
                          rf"(?:\s+(?P<y1>{year}))?\s*(?:,|\bet\b|&)\s*(?:le\s+|ce\s+)?(?:{weekday}\s+)?(?P<d2>{day})\s*(?P<m2>{month})"
                          rf"(?:\s+(?P<y2>{year}))?",
        # "13 au 14/12/2023", "du 13/12 au 14/12/2023": the end written in figures
        "numeric_range": r"(?:\b(?:du|des)\s*)?(?<![\d/.-])(?P<d1>3[01]|[12]\d|0?[1-9])(?:/(?P<m1>1[0-2]|0?[1-9]))?"
                         r"\s*(?:au|-|–)\s*(?P<d2>3[01]|[12]\d|0?[1-9])/(?P<m2>1[0-2]|0?[1-9])/(?P<y2>(?:19|20)\d{2})(?!\d)",
        "list": rf"(?:\b(?:le\s+week-end\s+des|les|des|ces|le)\s+)?(?P<days>(?:{weekday}\s+)?{day}"
                rf"(?:\s*(?:,|\bet\b|&|-|–)\s*(?:les?\s+)?(?:{weekday}\s+)?{day}){{1,31}})"
                rf"\s*(?P<m>{month})(?:\s+(?P<y>{year}))?",
        # "vendredi, 13 avril, 2018": a blog's stamp writes commas between the parts
        "single": rf"(?:\b(?:le|ce)\s+)?(?:(?P<w>{weekday}),?\s+)?(?P<d>{day})\s*(?P<m>{month})(?:,?\s+(?P<y>{year}))?",
        # "13 - Novembre - 2019", as some sites write a page's date
        "dashed": rf"(?<![\d-])(?P<d>{number_day})\s*[-–]\s*(?P<m>{month})\s*[-–]\s*(?P<y>{year})",
        "days": rf"\b(?:du|entre\s+le)\s*(?:(?P<w1>{weekday})\s+)?(?P<d1>{day})\s*(?:au|jusqu['’]au|et\s+le)\s*"
                rf"(?:(?P<w2>{weekday})\s+)?(?P<d2>{day})",
        # "le mardi 04/10/2016" is a numeric date after its weekday, not "le mardi 04"
        "weekday_day": rf"(?:\b(?:le|ce)\s+)?(?P<w1>{weekday})\s+(?P<d1>{number_day})(?![/.-]\d)",
        "numeric": r"(?:\ble\s+)?(?<![\d/.-])(?P<d>3[01]|[12]\d|0?[1-9])(?P<sep>[/.-])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
                   r"(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/.-]\d)(?!\d)",
        "day_month": rf"(?:\b(?P<cue>le|du|au|ce|dès\s+le|jusqu['’]au|avant\s+le|après\s+le)\s+(?:{weekday}\s+)?"
                     rf"|\b(?P<w>{weekday})\s+)?(?<![\w/.,-])(?P<d>3[01]|[12]\d|0?[1-9])(?P<sep>[/.])"
                     rf"(?P<m>1[0-2]|0?[1-9])(?![\d/.,-]?\d)(?!\s*(?:{_trie(rules['units_after_numbers']['words'])})(?!\w))",
        # "9/30/2004": month first, which only a day above 12 tells
        "us_numeric": r"(?<![\d/.-])(?P<m>1[0-2]|0?[1-9])/(?P<d>1[3-9]|2\d|3[01])/(?P<y>(?:19|20)\d{2})(?![\d/])",
        # "Nov 27, 2012", "November 27, 2012": an English byline, with its comma and year
        "english": rf"\b(?P<m>(?-i:{english_month}))\.?\s+(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?,"
                   r"\s*(?P<y>(?:19|20)\d{2})(?!\d)",
        "iso": r"(?:\ble\s+)?(?<![\d/.-])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
               r"(?P<d>3[01]|[12]\d|0?[1-9])(?!\d)(?![-/.]\d)"
               r"|(?<![\d.])(?P<y2>(?:19|20)\d{2})\.\s(?P<m2>1[0-2]|[1-9])\.\s(?P<d2>3[01]|[12]\d|[1-9])\.(?!\d)",
        "spaced": r"(?:\ble\s+)?(?<!\d)(?<!\d\s)(?P<d>3[01]|[12]\d|0?[1-9])\s(?P<m>1[0-2]|0?[1-9])\s"
                  r"(?P<y>(?:19|20)\d{2})(?!\d)(?!\s\d)",
        "month_part": rf"\b(?P<part>{_words(list(rules['month_parts']))})(?:\s*-\s*|\s+){of}?{month_choice}",
        "day_of_month": rf"\ble\s+(?P<d>{day})\s+{of}{month_choice}",
        "nth_of_month": rf"\b(?:le|la|l['’])\s*(?P<nth>{ordinal_pattern()}|dernier|dernière)\s+"
                        rf"(?P<unit>{weekday}|semaine|jour|week-end|weekend|quinzaine)\s+{of}{month_choice}",
        "month_range": rf"(?:\b(?P<pre>de|d['’]|du|entre)\s*)?{month_part('1')}?(?P<m1>{month})(?:\s+(?P<y1>{year}))?"
                       rf"\s*(?P<sep>à|au|jusqu['’]à|jusqu['’]en|-|–|—|et)\s*{month_part('2')}?"
                       rf"(?P<m2>{month})(?:\s+(?P<y2>{year}))?",
        "months": rf"(?<![\w-])(?P<ms>{month}(?:\s*,\s*{month}){{0,10}}\s*(?:,|\bet\b)\s*{month})(?:\s+(?P<y>{year}))?",
        "year_range": rf"(?:\b(?P<pre>de|entre|en|depuis|saison|année)\s+)?(?<![\d/.-])(?P<y1>{year})"
                      r"\s*(?P<sep>-|–|—|/|à|au|et)\s*(?P<y2>(?:19|20)\d{2}|\d{2})(?!\d)(?![/.-]\d)",
        "season": rf"\b(?:(?:au|en|à\s+l['’]|l['’]|cet|ce|de\s+l['’]|du|d['’])\s*)?"
                  rf"(?P<s>{_trie(rules['seasons'])})\s+(?P<y>{year})",
        "during": rf"\b(?:pendant|durant)\s+(?P<n>{count})\s+jours,?\s+"
                  rf"(?:à\s+partir\s+du|à\s+compter\s+du|dès\s+le)\s+(?P<d>{day})\s*(?P<m>{month})"
                  rf"(?:\s+(?P<y>{year}))?",
        "holiday": rf"(?<![\w'’])(?<!de\s)(?<!du\s){holiday_core}",
        "relative": rf"(?<![\w'’-])(?P<rel>{_words(list(relative))})(?![\w-])"
                    rf"(?:\s+(?P<w>{weekday}))?(?!\s*\d)",
        "weekday_rel": rf"(?:\b(?:le|ce)\s+)?(?P<w>{weekday})\s+(?P<after>{_words(list(rules['weekday_after']))})"
                       rf"(?![\w-])",
        "this_weekday": rf"\bce\s+(?P<w>{weekday})(?:\s*(?:et|-)\s*(?:le\s+|ce\s+)?(?P<w2>{weekday}))?(?!\s*\d)",
        "weekday": rf"(?<![\w'’-])(?P<w1>{weekday})(?:\s*(?:,|et|ou)\s*(?P<w2>{weekday}))?(?![\w-])(?!\s*\d)",
        "counted": rf"(?:\b(?P<before>{_trie(list(counted['before']))})\s+(?P<n>{count})\s+"
                   rf"(?P<u>{_trie(list(counted['units']))})(?![\w-])"
                   rf"|(?<![\w'’-])(?P<n2>{count})\s+(?P<u2>{_trie(list(counted['units']))})\s+"
                   rf"(?P<after>{_trie(list(counted['after']))})(?![\w-])(?!\s+(?:le|la|l['’]|les|du|de|d['’])\b))",
        "coming": rf"\bles\s+(?P<n>{count})\s+(?P<dir>{_trie(list(counted['coming']))})\s+"
                  rf"(?P<u>{_trie(list(counted['units']))})(?![\w-])"
                  rf"|\bles\s+(?P<n2>{count})\s+(?P<u2>{_trie(list(counted['units']))})\s+(?P<dir2>à\s+venir)",
        "month_year": rf"(?:\b(?:{_trie(rules['month_cues'])})(?:(?<=['’])\s*|\s+))?\b(?P<m>{month})\s+(?P<y>{year})",
        "month": rf"\b(?:{_trie(rules['month_cues'])})(?:(?<=['’])\s*|\s+)(?P<m>{month})",
        "bare_month": rf"(?<![\w'’-])(?P<m>{lower_month}|{sentence_start}(?-i:{capital_month}))(?![\w'’-])",
        "year": rf"\b(?:{_trie(rules['year_cues']['words'])})(?:\s*-\s*|\s+)(?P<y>{year})(?![/.-]\d)",
    }
    past = rules["past_tense"]
    cues = (
        (re.compile(rf"(?<!\w)(?:(?P<future>{_trie(rules['future_cues'])})|(?P<past>{_trie(rules['past_cues'])}))(?!\w)",
                    flags), False),
        # "a annoncé", "a précisé" (group "told"): the past of the telling, which dates a weekday alone ("ont
        # annoncé vendredi") but not what is told ("X a annoncé le retour de Y du 19 au 24 juillet")
        (re.compile(rf"(?<![\w'’])(?:(?P<told>(?:{_trie(past['auxiliaries'])})\s+(?:(?:{_trie(past['adverbs'])})\s+)?"
                    rf"(?:{_trie(sorted(w for w in TELLING if w.endswith('é')))}))"
                    rf"|(?P<past>(?:{_trie(past['auxiliaries'])})\s+(?:(?:{_trie(past['adverbs'])})\s+)?"
                    rf"(?:[^\W\d_]{{2,}}(?:{_trie(past['endings'])})|{_trie(past['participles'])})))(?![\w'’])", flags),
         True),
        (re.compile(rf"(?<![\w'’])(?!(?:{_trie(rules['future_tense']['not_verbs'])})(?![\w'’]))"
                    rf"(?P<future>[^\W\d_]{{1,}}(?:{_trie(rules['future_tense']['endings'])}))(?![\w'’])", flags),
         True),
    )
    around = rules["around_a_date"]
    return _Grammar(
        # every expression starts a word: the look-behind fails fast inside words, where most of a text is
        rules=tuple((kind, re.compile(rf"(?<!\w){pattern}", flags)) for kind, pattern in patterns.items()),
        around_a_date=re.compile(
            rf"(?<![\w'’])(?:(?P<mod>{_words(list(around))})|(?P<n>{count})\s+(?P<u>jours?|semaines?)\s+"
            rf"(?P<dir>après|avant))(?P<gap>\s+)(?:(?:du|des|de\s+la|de\s+l['’]|de|d['’]|le|la|l['’])\s*)?", flags),
        holiday_core=re.compile(holiday_core, flags),
        weekday_range=re.compile(rf"\s*(?:au|à|-|–|/)\s*{weekday}", flags),
        list_item=re.compile(rf"(?P<day>{day})|(?P<sep>,|\bet\b|&|-|–)", flags),
        after_days=re.compile(rf"(?!\s*(?:{_trie(rules['units_after_numbers']['words'])})(?!\w))"
                              rf"\s*(?:$|[^\w\s'’]|{word_pattern(rules['after_a_day_without_month'])})", flags),
        future_after=re.compile(rf"\s*(?:{_trie(rules['future_after'])})\b", flags),
        past_after=re.compile(rf"\s*(?:{_trie(rules['past_after'])})\b", flags),
        tense_cues=cues,
        data=rules,
    )


# --------------------------------------------------------------------------- what a match stands for


@dataclass(frozen=True)
class _Target:
    """One date a match stands for, in one of three ways.

    - ``span_for(year)`` gives its days for a (first) year, None when that year
      has no such day; ``year`` is the first year when the text writes one
      (``two_digit`` when written "74");
    - ``around(day, tense)`` gives its days counted from a reference day; ``grain``
      is its own precision (a day for "demain", a month for "le mois prochain"),
      ``needs`` the precision of the reference that makes it exact (a month for
      "fin du mois"); a ``loose`` one ("ce week-end") gives its month from a
      reference of month precision when the tense of its clause is one of
      ``loose`` (a weekday alone only when the clause is not in the past: "a
      dévoilé jeudi" tells of the telling, "accueillera samedi" of the event);
    - ``options(period)`` gives the spans it may stand for around a reference
      period ("mercredi 13"): the nearest wins, as for years.
    """

    span_for: Callable[[int], Span | None] | None = None
    year: int | None = None
    two_digit: bool = False
    around: Callable[[date, str | None], Span | None] | None = None
    grain: Precision = Precision.day
    needs: Precision = Precision.day
    loose: tuple[str | None, ...] = ()  # the tenses in which it gives its month from a month reference
    options: Callable[[Span, str | None], list[Span]] | None = None
    weekday: int | None = None  # the weekday written with a day ("samedi 2 août"): it picks an inferred year


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    kind: str
    targets: tuple[_Target, ...]
    precision: Precision
    anchor: tuple[int, int | None] | None = None  # (month, year) it writes: a month for days written without one
    days: tuple[int, int, int | None, int | None] | None = None  # day, day, weekday, weekday written without a month
    transform: Callable[[Span], Span] | None = None  # "la veille du ...", "la semaine du ..."


def _day(value: str) -> int:
    digits = re.match(r"\d+", value)
    return int(digits.group()) if digits else _numbers()[fold(value)]


def _month(value: str) -> int:
    return _month_numbers()[fold(value).rstrip(".")] if not value.isdigit() else int(value)


def _weekday(value: str | None) -> int | None:
    return None if value is None else WEEKDAYS.index(value.lower())


def _year(value: str | None) -> int | None:
    return None if value is None else int(value)


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


def _years(more: int) -> Callable[[int], Span | None]:
    """A year and the ``more`` years after it, whole."""
    return lambda year: (date(year, 1, 1), date(year + more, 12, 31))


def _in_year(part: Part, month: int) -> Callable[[int], Span | None]:
    return lambda year: part(year, month)


def _in_month_from(part: Part, step: int) -> Callable[[date, str | None], Span | None]:
    """A part of the month ``step`` months from the reference day's."""
    def around(day: date, tense: str | None) -> Span | None:
        return part(*_month_step(day.year, day.month, step))

    return around


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


def _step(unit: str, step: int) -> Callable[[date, str | None], Span | None]:
    """A relative phrase: ``unit`` (day, week, weekend, rest_of_week, month, year) ``step`` times on."""
    def around(day: date, tense: str | None) -> Span | None:
        if unit == "day":
            return (day + timedelta(step),) * 2
        if unit == "week":
            return _week(day + timedelta(7 * step))
        if unit == "weekend":
            return _weekend(day + timedelta(7 * step))
        if unit == "rest_of_week":
            return day, _week(day)[1]
        if unit == "month":
            return _month_span(*_month_step(day.year, day.month, step))
        return date(day.year + step, 1, 1), date(day.year + step, 12, 31)

    return around


_GRAINS = {"day": Precision.day, "week": Precision.day, "weekend": Precision.day, "rest_of_week": Precision.day,
           "month": Precision.month, "year": Precision.year}
_ANY_TENSE = ("future", "past", None)
#: Fineness of a precision: a reference at least as fine as what a relative date needs makes it exact.
_RANK = {Precision.day: 0, Precision.month: 1, Precision.year: 2}


def _relative(around: Callable[[date, str | None], Span | None], unit: str) -> _Target:
    """A date counted from the reference in ``unit``s; those of a week give their month from a month reference."""
    grain = _GRAINS[unit]
    return _Target(around=around, grain=grain, needs=grain,
                   loose=_ANY_TENSE if unit in ("week", "weekend", "rest_of_week") else ())


def _weekday_from(weekday: int, how: str, weeks: int = 0) -> Callable[[date, str | None], Span | None]:
    """A weekday counted from the reference day (see rule 3 of the year policy)."""
    def around(day: date, tense: str | None) -> Span | None:
        if how == "next":
            shift = (weekday - day.weekday()) % 7 or 7
        elif how == "last":
            shift = -((day.weekday() - weekday) % 7 or 7)
        elif how == "week":  # "mardi de la semaine prochaine": that calendar week
            shift = 7 * weeks + weekday - day.weekday()
        elif how == "in":  # "lundi en huit": a week after the coming Monday, today included
            shift = (weekday - day.weekday()) % 7 + 7 * weeks
        elif tense == "past":
            shift = -((day.weekday() - weekday) % 7)
        else:
            shift = (weekday - day.weekday()) % 7
        return (day + timedelta(shift),) * 2

    return around


def _shifted(amount: int, unit: str) -> Callable[[date, str | None], Span | None]:
    """The reference day moved by a count of days, weeks, months or years ("dans deux semaines")."""
    def around(day: date, tense: str | None) -> Span | None:
        if unit == "year":
            moved = date(day.year + amount, 1, 1)
            return moved, date(moved.year, 12, 31)
        if unit == "month":
            moved = _add_months(day, amount)
            return _month_span(moved.year, moved.month)
        moved = day + timedelta(amount * (7 if unit == "week" else 1))
        return moved, moved

    return around


def _days_options(day1: int, day2: int, weekday1: int | None,
                  weekday2: int | None) -> Callable[[Span, str | None], list[Span]]:
    """The days in the months around the reference that may hold them: with a weekday written, those
    within six months that fit it (the nearest wins); without, the reference month, or the next (the
    previous) one when the tense looks forward (back) and the reference month's days are past (to come)."""
    def in_month(period: Span, step: int) -> Span | None:
        year, month = _month_step(period[0].year, period[0].month, step)
        first, last = _day_in(year, month, day1), _day_in(year, month, day2)
        if first is None or last is None:
            return None
        if (weekday1 is not None and first.weekday() != weekday1) or (
                weekday2 is not None and last.weekday() != weekday2):
            return None
        return first, last

    def options(period: Span, tense: str | None) -> list[Span]:
        if weekday1 is not None or weekday2 is not None:
            steps = sorted(range(-6, 7), key=lambda s: (abs(s), s))
            return [span for step in steps if (span := in_month(period, step)) is not None]
        here = in_month(period, 0)
        if here is not None and (tense == "future" and here[1] < period[0] or tense == "past" and here[0] > period[1]):
            here = in_month(period, 1 if tense == "future" else -1)
        return [] if here is None else [here]

    return options


def _count(value: str) -> int:
    return int(value) if value.isdigit() else _numbers()[fold(value)]


def _make(m: re.Match[str], kind: str, targets: list[_Target], precision: Precision = Precision.day,
          **extra: Any) -> _Match:
    return _Match(m.start(), m.end(), kind, tuple(targets), precision, **extra)


def _fixed(m: re.Match[str], kind: str, month1: int, day1: int | None, month2: int, day2: int | None,
           year1: int | None, year2: int | None, precision: Precision = Precision.day) -> _Match:
    """A match for days (or months) whose year is written or inferred."""
    first_year = _first_year(year1, year2, month1, day1, month2, day2)
    return _make(m, kind, [_Target(_days(month1, day1, month2, day2), first_year)], precision,
                 anchor=(month2, year2 if year2 is not None else year1))


def _stands_alone(m: re.Match[str]) -> bool:
    """True when the match opens its line or follows a colon, a comma, a dash or a parenthesis."""
    before = m.string[: m.start()].rstrip(" \t")
    return not before or before[-1] in "\n:;,(–—-"


def _after_is_free(m: re.Match[str]) -> bool:
    """A day written without a month is a date when what follows is no unit ("du 13 au 18 ans")."""
    return _grammar().after_days.match(m.string, m.end()) is not None


def _build(kind: str, m: re.Match[str]) -> _Match | None:
    """Turn one regex match into the dates it stands for, or None when it is not a real date."""
    g = m.groupdict()
    data = _grammar().data
    if kind in ("range", "between"):
        month2 = _month(g["m2"])
        month1 = _month(g["m1"]) if g["m1"] else month2
        day1, day2 = _day(g["d1"]), _day(g["d2"])
        if not g["m1"] and day1 >= day2:
            return None  # "du 28 au 3 mars": which month the 28th is in is not written
        return _fixed(m, kind, month1, day1, month2, day2, _year(g["y1"]), _year(g["y2"]))
    if kind == "open_range":
        if not _after_is_free(m):
            return None  # "du 7 février au 10 heures"
        month1, day1, day2 = _month(g["m1"]), _day(g["d1"]), _day(g["d2"])
        if day2 == day1 or day2 < day1 and day2 > 7:
            return None  # a run across a month's end is short: "du 28 mars au 3"
        month2 = month1 if day2 > day1 else month1 % 12 + 1
        year1 = _year(g["y1"])
        year2 = None if year1 is None or month2 >= month1 else year1 + 1  # "du 28 décembre 2019 au 2"
        return _fixed(m, kind, month1, day1, month2, day2, year1, year2)
    if kind == "numeric_range":
        month2, day1, day2 = int(g["m2"]), _day(g["d1"]), _day(g["d2"])
        month1 = int(g["m1"]) if g["m1"] else month2
        if (month1, day1) >= (month2, day2):
            return None
        return _fixed(m, kind, month1, day1, month2, day2, None, _year(g["y2"]))
    if kind == "month_end_pair":
        month1, month2, day1, day2 = _month(g["m1"]), _month(g["m2"]), _day(g["d1"]), _day(g["d2"])
        next_day = month2 == month1 and day2 == day1 + 1
        if not next_day and (month2 != month1 % 12 + 1 or day1 < 28 or day2 > 2):
            return None  # two days apart: each is a date of its own
        year2 = _year(g["y2"])
        year1 = _year(g["y1"]) if g["y1"] else None if year2 is None or month1 <= month2 else year2 - 1
        # "les 31 décembre et 1er janvier 2020": the first day in the year before
        return _fixed(m, kind, month1, day1, month2, day2, year1, year2)
    if kind == "list":
        month, year = _month(g["m"]), _year(g["y"])
        days = _list_days(g["days"])
        if len(days) < 2:
            return None
        targets = [_Target(_days(month, a, month, b), year) for a, b in _runs_of(days)]
        return _make(m, kind, targets, anchor=(month, year))
    if kind in ("single", "dashed"):
        month, day = _month(g["m"]), _day(g["d"])
        fixed = _fixed(m, kind, month, day, month, day, _year(g["y"]), None)
        weekday = _weekday(g.get("w"))
        if weekday is None or fixed.targets[0].two_digit:
            return fixed
        return replace(fixed, targets=(replace(fixed.targets[0], weekday=weekday),))
    if kind in ("days", "weekday_day"):
        if not _after_is_free(m):
            return None
        day1 = _day(g["d1"])
        day2 = _day(g["d2"]) if g.get("d2") else day1
        weekday1, weekday2 = _weekday(g["w1"]), _weekday(g.get("w2"))
        if day2 < day1 or (kind == "days" and day2 == day1):
            return None
        options = _days_options(day1, day2, weekday1, weekday2)
        return _make(m, kind, [_Target(options=options)], days=(day1, day2, weekday1, weekday2))
    if kind in ("numeric", "iso", "spaced", "us_numeric", "english"):
        if g.get("y2"):  # "2016. 6. 10." as search engines write a page's date
            g = {"y": g["y2"], "m": g["m2"], "d": g["d2"]}
        month = _month_names("en")[fold(g["m"])] if kind == "english" else _month(g["m"])
        day = _day(g["d"])
        written = g["y"]
        return _make(m, kind, [_Target(_days(month, day, month, day), int(written), two_digit=len(written) == 2)],
                     anchor=(month, int(written) if len(written) == 4 else None))
    if kind == "day_month":
        if not (g["cue"] or g["w"]) and (len(g["d"]) < 2 or len(g["m"]) < 2):
            return None  # "2/3" alone is a fraction; "17/02" or "le 2/3" a date
        if g["sep"] == "." and (len(g["m"]) < 2 or not (g["cue"] or g["w"]) and not _stands_alone(m)):
            return None  # "le 3.5", "la salle 12.05": numbers
        month, day = _month(g["m"]), _day(g["d"])
        return _make(m, kind, [_Target(_days(month, day, month, day))], anchor=(month, None))
    if kind == "month_part":
        first, last = _rule(g["part"], "month_parts")
        return _of_month(m, kind, _days_part(first, last))
    if kind == "nth_of_month":
        return _nth_of_month(m)
    if kind == "day_of_month":
        day = _day(g["d"])
        return _of_month(m, kind, _days_part(day, day))
    if kind == "coming":
        return _coming(m)
    if kind == "month_range":
        return _month_range(m)
    if kind == "months":
        months = [_month(name) for name in re.split(r"\s*(?:,|\bet\b)\s*", g["ms"])]
        year = _year(g["y"])
        targets = [_Target(_days(a, None, b, None), year) for a, b in _runs_of(months)]
        return _make(m, kind, targets, Precision.month, anchor=(months[-1], year))
    if kind == "year_range":
        first, written = int(g["y1"]), g["y2"]
        last = first // 100 * 100 + int(written) if len(written) == 2 else int(written)
        sep, pre = g["sep"].lower(), (g["pre"] or "").lower()
        if not first < last <= first + 50 or (sep in ("à", "au") and pre != "de") or (sep == "et" and pre != "entre"):
            return None  # "les chiffres de 2018 et 2019" are two years
        return _make(m, kind, [_Target(_years(last - first), first)], Precision.year)
    if kind == "season":
        return _make(m, kind, [_Target(_years(0), int(g["y"]))], Precision.year)
    if kind == "during":
        count, month, day = _count(g["n"]), _month(g["m"]), _day(g["d"])

        def during(year: int) -> Span | None:
            first = _day_in(year, month, day)
            return None if first is None else (first, first + timedelta(count - 1))

        return _make(m, kind, [_Target(during, _year(g["y"]))], anchor=(month, _year(g["y"])))
    if kind == "holiday":
        rule = next(rule for name, rule in data["holidays"].items() if fold(name) == fold(g["h"]))
        return _make(m, kind, [_Target(_holiday(rule, g["weekend"] is not None), _year(g["y"]))])
    if kind == "relative":
        unit, step = _rule(g["rel"], "relative")
        if unit == "day" and re.search(rf"{word_pattern(data['not_a_day_after']['words'])}\s*$",
                                       m.string[max(0, m.start() - 10) : m.start()], re.IGNORECASE):
            return None
        return _make(m, kind, [_relative(_step(unit, step), unit)], _GRAINS[unit])
    if kind == "weekday_rel":
        how, weeks = _rule(g["after"], "weekday_after")
        return _make(m, kind, [_relative(_weekday_from(WEEKDAYS.index(g["w"].lower()), how, weeks), "week")])
    if kind == "this_weekday":
        weekday1, weekday2 = WEEKDAYS.index(g["w"].lower()), _weekday(g["w2"])
        first = _weekday_from(weekday1, "this")

        def these_days(day: date, tense: str | None) -> Span | None:  # "ce samedi et dimanche": both days
            start = first(day, tense)
            if start is None or weekday2 is None:
                return start
            return start[0], start[0] + timedelta((weekday2 - weekday1) % 7)

        return _make(m, kind, [_relative(these_days, "week")])
    if kind == "weekday":
        return _bare_weekday(m)
    if kind == "counted":
        return _counted(m)
    if kind in ("month_year", "month", "bare_month"):
        month = _month(g["m"])
        return _fixed(m, kind, month, None, month, None, _year(g.get("y")), None, Precision.month)
    return _make(m, kind, [_Target(_years(0), _year(g["y"]))], Precision.year)


def _rule(written: str, *path: str) -> Any:
    """What the rule table ``data[path[0]][path[1]]...`` says of a phrase it matched, whatever the phrase's
    spaces, hyphens, apostrophes and capitals."""
    return _folded_table(*path)[fold(written).replace(" ", "")]


@cache
def _folded_table(*path: str) -> dict[str, Any]:
    node = _grammar().data
    for step in path:
        node = node[step]
    return {fold(name).replace(" ", ""): value for name, value in node.items()}


def _of_month(m: re.Match[str], kind: str, part: Part) -> _Match | None:
    """A part of a month named ("d'octobre 2014") or counted from the reference ("du mois prochain")."""
    g = m.groupdict()
    if g["m"]:
        month, year = _month(g["m"]), _year(g["y"])
        return _make(m, kind, [_Target(_in_year(part, month), year)], anchor=(month, year))
    words = fold(g["mrel"]).split()
    step = 1 if {"prochain", "suivant", "apres"} & set(words) else -1 if {
        "dernier", "precedent", "passe", "avant"} & set(words) else 0
    return _make(m, kind, [_Target(around=_in_month_from(part, step), needs=Precision.month)])


def _nth_of_month(m: re.Match[str]) -> _Match | None:
    """"le premier mercredi de mars", "la dernière semaine de septembre", "le 3e jour d'octobre"."""
    nth_text, unit = fold(m.group("nth")), fold(m.group("unit"))
    n = -1 if nth_text.startswith("dernier") else parse_ordinal(m.group("nth"))
    if n is None:
        return None
    part: Part
    if unit in WEEKDAYS:
        part = _nth_weekday(WEEKDAYS.index(unit), n)
    elif unit == "semaine":
        part = _nth_week(n)
    elif unit == "jour":
        part = _days_part(n, n) if n > 0 else _last_day_part
    elif unit == "quinzaine":
        fortnights = _grammar().data["fortnights"]
        first, last = fortnights[-1] if n < 0 or n > len(fortnights) else fortnights[n - 1]
        part = _days_part(first, last)
    else:
        part = _nth_weekend(n)
    return _of_month(m, "nth_of_month", part)


def _month_range(m: re.Match[str]) -> _Match | None:
    """"de septembre à juin", "septembre-octobre 2021", "de mi-janvier à mi-avril", "entre mars et mai"."""
    g = m.groupdict()
    sep, pre = fold(g["sep"]), fold(g["pre"] or "")
    if sep in ("a", "au", "jusqu a", "jusqu en") and pre not in ("de", "d", "du"):
        return None
    if sep == "et" and pre != "entre":
        return None  # "janvier et février": an enumeration ("months")
    month1, month2 = _month(g["m1"]), _month(g["m2"])
    year1, year2 = _year(g["y1"]), _year(g["y2"])
    if month1 == month2 and year1 == year2:
        return None
    return _fixed(m, "month_range", month1, None, month2, None, year1, year2, Precision.month)


def _bare_weekday(m: re.Match[str]) -> _Match | None:
    """"samedi", "samedi et dimanche": a date unless a habit ("le samedi", "du lundi au vendredi")."""
    before = m.string[max(0, m.start() - 12) : m.start()]
    if m.group("w1")[0].isupper() and before.rstrip(" \t")[-1:] not in ("", "\n", ".", "!", "?", ":", "«", "(", "-"):
        return None  # "la fête du Vendredi saint": a capital inside a sentence makes a name
    last_word = before.split()[-1].lower() if before.split() else ""
    if last_word in ("le", "les", "du", "au", "chaque", "tous", "de", "des", "à", "jusqu'au", "jusqu’au", "ou",
                     "et", "-", "–", "dès", "ce", "un", "une"):
        return None
    if _grammar().weekday_range.match(m.string, m.end()):
        return None
    weekday1 = WEEKDAYS.index(m.group("w1").lower())
    weekday2 = _weekday(m.group("w2"))
    first = _weekday_from(weekday1, "this")

    def around(day: date, tense: str | None) -> Span | None:
        start = first(day, tense)
        if start is None or weekday2 is None:
            return start
        return start[0], start[0] + timedelta((weekday2 - weekday1) % 7)

    return _make(m, "weekday", [_Target(around=around, loose=("future", None))])


def _counted(m: re.Match[str]) -> _Match | None:
    """"dans deux semaines", "il y a trois ans", "deux jours plus tard"."""
    g = m.groupdict()
    if g["before"]:
        direction = _rule(g["before"], "counted", "before")
        amount, unit = _count(g["n"]), _rule(g["u"], "counted", "units")
    else:
        direction = _rule(g["after"], "counted", "after")
        amount, unit = _count(g["n2"]), _rule(g["u2"], "counted", "units")
    return _make(m, "counted", [_relative(_shifted(direction * amount, unit), "day" if unit == "week" else unit)],
                 _GRAINS[unit])


def _coming(m: re.Match[str]) -> _Match | None:
    """"les trois prochains jours" (from the day after the reference), "les deux dernières semaines" (the
    weeks before the reference's), "les 3 mois à venir"."""
    g = m.groupdict()
    written, unit_word, direction_word = (g["n"], g["u"], g["dir"]) if g["dir"] else (g["n2"], g["u2"], g["dir2"])
    amount = _count(written)
    direction = _rule(direction_word, "counted", "coming")
    unit = _rule(unit_word, "counted", "units")
    first, last = (1, amount) if direction > 0 else (-amount, -1)
    start, end = _shifted(first, unit), _shifted(last, unit)

    def around(day: date, tense: str | None) -> Span | None:
        if unit == "week":
            return _monday(day) + timedelta(7 * first), _monday(day) + timedelta(7 * last + 6)
        first_span, last_span = start(day, tense), end(day, tense)
        return None if first_span is None or last_span is None else (first_span[0], last_span[1])

    grain = _GRAINS[unit]
    return _make(m, "coming", [_Target(around=around, grain=grain, needs=grain)], grain)


def _runs_of(values: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted, distinct days (or months).

    >>> _runs_of([4, 22])
    [(4, 4), (22, 22)]
    >>> _runs_of([2, 3, 4])
    [(2, 4)]
    """
    runs: list[tuple[int, int]] = []
    for value in sorted(set(values)):
        if runs and value == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], value)
        else:
            runs.append((value, value))
    return runs


def _list_days(text: str) -> list[int]:
    """Days of an enumeration; a dash between two days is a range.

    >>> _list_days("7-8 et 9")
    [7, 8, 9]
    >>> _list_days("2, 3 et 4")
    [2, 3, 4]
    >>> _list_days("samedi treize et dimanche quatorze")
    [13, 14]
    """
    days: list[int] = []
    dash = False
    for item in _grammar().list_item.finditer(text):
        if item.group("sep"):
            dash = item.group("sep") in "-–"
            continue
        value = _day(item.group("day"))
        if dash and days and value > days[-1]:
            days.extend(range(days[-1] + 1, value + 1))
        else:
            days.append(value)
        dash = False
    return days


# --------------------------------------------------------------------------- finding


def _around_dates(text: str, start: int, found: list[_Match]) -> list[_Match]:
    """"la veille du 14 juillet", "la semaine du 7 octobre", "deux jours après Noël": the date moved."""
    grammar = _grammar()
    by_start: dict[int, _Match] = {}
    for match in found:
        if match.precision is Precision.day and (match.start not in by_start
                                                 or match.end > by_start[match.start].end):
            by_start[match.start] = match
    moved: list[_Match] = []
    for m in grammar.around_a_date.finditer(text, start):
        inner = by_start.get(m.end()) or by_start.get(m.end("gap"))
        if inner is None:
            holiday = grammar.holiday_core.match(text, m.end())
            inner = _build("holiday", holiday) if holiday else None
        if inner is None or inner.transform is not None:
            continue
        if m.group("mod"):
            how, *amount = _rule(m.group("mod"), "around_a_date")
            shift = amount[0] if amount else 0
        else:
            how = "shift"
            shift = _count(m.group("n")) * (7 if m.group("u").lower().startswith("semaine") else 1)
            shift = -shift if m.group("dir").lower() == "avant" else shift
        moved.append(replace(inner, start=m.start(), kind="around", transform=_transform(how, shift)))
    return moved


def _transform(how: str, shift: int) -> Callable[[Span], Span]:
    if how == "week":
        return lambda span: (_monday(span[0]), _week(span[1])[1])
    if how == "weekend":
        return lambda span: _weekend(span[0])
    return lambda span: (span[0] + timedelta(shift), span[1] + timedelta(shift))


def _longest(found: list[_Match]) -> list[_Match]:
    """The matches that do not overlap a longer one (the earlier one on a tie), in text order."""
    found.sort(key=lambda x: (-(x.end - x.start), x.start))
    starts: list[int] = []
    taken: list[_Match] = []
    for match in found:
        i = bisect.bisect_left(starts, match.start)
        if i > 0 and taken[i - 1].end > match.start:
            continue
        if i < len(taken) and taken[i].start < match.end:
            continue
        starts.insert(i, match.start)
        taken.insert(i, match)
    return taken


def _with_months(text: str, matches: list[_Match]) -> list[_Match]:
    """Days written without a month ("du 13 au 18") take the month of the date before them in the paragraph."""
    anchor: tuple[int, tuple[int, int | None]] | None = None
    out = []
    for match in matches:
        if match.days is not None and anchor is not None and "\n\n" not in text[anchor[0] : match.start] \
                and match.start - anchor[0] < 600:
            day1, day2, _w1, _w2 = match.days
            month, year = anchor[1]
            match = replace(match, targets=(_Target(_days(month, day1, month, day2), year),))
        if match.anchor is not None:
            anchor = (match.end, match.anchor)
        out.append(match)
    return out


def _scan(text: str, start: int = 0) -> list[_Match]:
    """Every date expression from ``start`` on, longest first where they overlap."""
    found: list[_Match] = []
    for kind, pattern in _grammar().rules:
        for m in pattern.finditer(text, start):
            match = _build(kind, m)
            if match is not None:
                found.append(match)
    found.extend(_around_dates(text, start, found))
    return _with_months(text, _longest(found))


# --------------------------------------------------------------------------- resolve


def _period(reference: str | None) -> Reference | None:
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
        return _month_span(year, month), Precision.month
    return (date(parts[0], 1, 1), date(parts[0], 12, 31)), Precision.year


#: How far a clause or sentence reaches on each side of a date: a text without stops is no sentence.
_REACH = 400


def _bounds(text: str, match: _Match, stops: tuple[str, ...]) -> tuple[int, int]:
    """The stretch of text around the expression up to the nearest of ``stops`` on each side
    (within ``_REACH`` characters)."""
    floor, ceiling = max(0, match.start - _REACH), min(len(text), match.end + _REACH)
    left = max(max(text.rfind(stop, floor, match.start) for stop in stops) + 1, floor)
    ends = [i for i in (text.find(stop, match.end, ceiling) for stop in stops) if i != -1]
    return left, min(ends, default=ceiling)


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
        for pattern, clause_only in grammar.tense_cues:
            if clause_only and stops is sentence_stops:
                continue  # "a fait savoir", "a annoncé": a past verb of another clause tells of the telling
            for cue in pattern.finditer(text, left, right):
                distance = min(abs(cue.start() - match.end), abs(cue.end() - match.start))
                if best is None or distance < best[0]:
                    best = (distance, cue.lastgroup or "")
        if best is not None:
            return best[1]
    return None


#: How many days before a page's date a day its text says is to come may still fall: an archive's page is
#: often dated a day or two after the release was written (a week before, it is next year's).
_LATE_PAGE = 2


def _nearest(spans: list[Span], period: Span, tense: str | None) -> int | None:
    """Index of the span nearest to the reference period that the tense allows (the first on a tie)."""
    ref_start, ref_end = period
    options: list[tuple[int, int]] = []
    for index, (first, last) in enumerate(spans):
        late = timedelta(_LATE_PAGE if (last - first).days < 7 else 0)  # a day or a few, not a month
        if tense == "future" and last < ref_start - late:
            continue  # "le 29 novembre prochain" on a page dated 30 November: the page came a day late
        if tense == "past" and first > ref_end:
            continue
        distance = (ref_start - last).days if last < ref_start else (first - ref_end).days if first > ref_end else 0
        options.append((distance, index))
    if not options and tense is not None:
        return _nearest(spans, period, None)
    return min(options)[1] if options else None


def _infer(span_for: Callable[[int], Span | None], period: Span, tense: str | None) -> int | None:
    """The first year of a date without one, by the policy of this module."""
    years = [year for year in (period[0].year, period[0].year - 1, period[0].year + 1) if span_for(year) is not None]
    index = _nearest([span_for(year) for year in years], period, tense)  # type: ignore[misc]
    return None if index is None else years[index]


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


def _century(two_digits: int, reference: Reference | None) -> int:
    """A two-digit year placed from the reference (80 years before it to 20 after), else by a pivot of 50.

    >>> _century(74, _period("2013-02-12")), _century(14, _period("2013-02-12")), _century(14, None)
    (1974, 2014, 2014)
    """
    if reference is None:
        return two_digits + (2000 if two_digits < 50 else 1900)
    ref_year = reference[0][0].year
    year = ref_year // 100 * 100 + two_digits
    if year > ref_year + 20:
        year -= 100
    elif year <= ref_year - 80:
        year += 100
    return year


#: A target resolved: its days, precision, and whether its year was inferred; UNKNOWN when no year can be known.
_Resolved = tuple[Span, Precision, bool]
_UNKNOWN = "unknown"


#: How far from the reference (days) a weekday may move a day to the year it falls on that weekday: further,
#: the weekday is more likely a slip than the event a year and a half away.
_WEEKDAY_REACH = 365


def _within(span: Span | None, period: Span, days: int) -> bool:
    """True when ``span`` lies within ``days`` days of ``period``."""
    if span is None:
        return False
    first, last = span
    return (period[0] - last).days <= days and (first - period[1]).days <= days


def _on_weekday(span_for: Callable[[int], Span | None], weekday: int) -> Callable[[int], Span | None]:
    """``span_for`` for the years whose first day falls on ``weekday`` only."""
    def span(year: int) -> Span | None:
        found = span_for(year)
        return found if found is not None and found[0].weekday() == weekday else None

    return span


def _year_of_its_weekday(target: _Target, year: int, reference: Reference | None) -> int:
    """The year written with a weekday and a day, or the year next to it when only that one puts the day on
    that weekday ("ce mercredi 23 novembre 2023" in a text on 2022: a slip of the year, copied from a
    template): unless it moves the date away from the reference."""
    assert target.span_for is not None and target.weekday is not None
    written = target.span_for(year)
    if written is None or written[0].weekday() == target.weekday:
        return year
    for other in (year - 1, year + 1):
        span = target.span_for(other)
        if span is None or span[0].weekday() != target.weekday:
            continue
        if reference is not None and abs(other - reference[0][0].year) > abs(year - reference[0][0].year):
            return year
        return other
    return year


def _resolve_target(target: _Target, match: _Match, reference: Reference | None,
                    tense_of_clause: Callable[[], str | None]) -> _Resolved | str | None:
    def tense() -> str | None:  # the past of a telling dates what is told like no tense, a weekday like the past
        found = tense_of_clause()
        return found if found != "told" else "past" if target.around is not None else None

    if target.around is not None:
        if reference is None:
            return None
        (first, last), ref_precision = reference
        if _RANK[ref_precision] <= _RANK[target.needs]:
            span = target.around(first, tense())
            return None if span is None else (span, target.grain, True)
        if ref_precision is not Precision.month or tense() not in target.loose:
            return None
        span = target.around(first + timedelta(14), tense())
        return None if span is None else (span, Precision.month, True)
    if target.options is not None:
        if reference is None or reference[1] is Precision.year:
            return None
        spans = target.options(reference[0], tense())
        index = _nearest(spans, reference[0], tense())
        return None if index is None else (spans[index], match.precision, True)
    assert target.span_for is not None
    year = target.year
    if year is not None and target.two_digit:
        year = _century(year, reference)
    if year is not None and target.weekday is not None:
        year = _year_of_its_weekday(target, year, reference)
    if year is None:
        if reference is None:
            return _UNKNOWN
        year = _infer(target.span_for, reference[0], tense())
        if target.weekday is not None:  # "samedi 2 août": the year whose 2 August is a Saturday, when one is near
            on_its_day = _infer(_on_weekday(target.span_for, target.weekday), reference[0], None)
            if on_its_day is not None and _within(target.span_for(on_its_day), reference[0], _WEEKDAY_REACH):
                year = on_its_day
        if year is None:
            return None
    span = target.span_for(year)
    return None if span is None else (span, match.precision, target.year is None)


def _iso(day: date, precision: Precision) -> str:
    if precision is Precision.year:
        return f"{day.year:04d}"
    if precision is Precision.month:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _resolve(text: str, match: _Match, reference: Reference | None, original: str) -> Iterator[DateMention]:
    span = evidence(original, match.start, match.end)
    tense_cache: list[str | None] = []

    def tense() -> str | None:
        if not tense_cache:
            tense_cache.append(_tense(text, match))
        return tense_cache[0]

    for target in match.targets:
        resolved = _resolve_target(target, match, reference, tense)
        if resolved is None:
            continue
        if isinstance(resolved, str):
            yield DateMention(text=span.text, start=None, end=None, precision=match.precision,
                              year_inferred=False, evidence=[span])
            continue
        days, precision, inferred = resolved
        if match.transform is not None:
            days = match.transform(days)
        yield DateMention(text=span.text, start=_iso(days[0], precision), end=_iso(days[1], precision),
                          precision=precision, year_inferred=inferred, evidence=[span])


def find_dates(text: str, reference: str | date | None = None) -> list[DateMention]:
    """Every date expression of ``text``, resolved to an inclusive range.

    ``reference`` is the publication date used to infer missing years; without
    it, the one ``extract`` reads serves: the archive header (`` date 2017-05``),
    else the dateline ("Lyon, le 12 mars 2019 -"). The header itself is never
    reported as a date of the text.

    >>> [(d.text, d.start, d.end) for d in find_dates("du 17 au 19 mai", "2017-05")]
    [('du 17 au 19 mai', '2017-05-17', '2017-05-19')]
    >>> [(d.text, d.start) for d in find_dates("Lyon, le 12 mars 2019 - Ouverture le 14 mars.")][-1]
    ('le 14 mars', '2019-03-14')
    """
    from extractor.core.context import Context  # the context reads datelines with this module

    ctx = Context.of_text(text, normalize_published(reference) if reference is not None else None)
    return mentions_in(same_length_view(text), ctx.body_start, ctx.published, original=text)


def mentions_in(text: str, start: int, reference: str | None, original: str | None = None) -> list[DateMention]:
    """Date mentions of ``text`` from offset ``start`` on, for a known partial reference.

    ``original`` is the text evidence is sliced from when ``text`` is a
    same-length view of it (the one spaCy reads).
    """
    period = _period(reference)
    source = text if original is None else original
    return [mention for match in _scan(text, start) for mention in _resolve(text, match, period, source)]

