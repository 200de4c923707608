"""Datelines: the city and date a release is issued from, when it has no archive header.

"Québec, le 12 mars 2019 – ...", "LIÈGE – ...", "Tunis (TAP), 3 mai 2018 - ...",
"Publié le 4 avril 2021". Only a dateline that opens the event text counts,
and only a date with its year written gives the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.dates import mentions_in

_CITY_DATELINE = re.compile(
    r"\s*(?P<city>[A-ZÀ-Ý][\w'’.-]*(?:[ -][\w'’.-]+){0,3}?)\s*(?:\([^)\n]{1,20}\)\s*)?"
    r"(?:,\s*(?P<date>(?:le\s+)?\d{1,2}(?:er)?\s+[^\W\d]+\.?\s+\d{4})\s*)?[–—-]\s"
)
_PUBLISHED_LINE = re.compile(
    r"\s*(?:publié|publiée|mis\s+à\s+jour|mise\s+à\s+jour|diffusé|communiqué\s+du)\s+(?:le\s+)?"
    r"(?P<date>\d{1,2}(?:er)?\s+[^\W\d]+\.?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dateline:
    """What a dateline says: the span of its city, and the publication date it writes."""

    city: tuple[int, int] | None = None
    published: str | None = None
    date: tuple[int, int] | None = None  # where it writes that date


def read_dateline(text: str, body_start: int) -> Dateline:
    """The dateline that opens the event text, if any.

    >>> text = "Québec, le 12 mars 2019 – Les bibliothécaires"
    >>> line = read_dateline(text, 0)
    >>> text[line.city[0]:line.city[1]], line.published
    ('Québec', '2019-03-12')
    >>> read_dateline("Publié le 4 avril 2021. Le festival", 0).published
    '2021-04-04'
    """
    match = _PUBLISHED_LINE.match(text, body_start)
    if match is not None:
        return Dateline(published=_written_day(text, match.start("date"), match.end("date")),
                        date=match.span("date"))
    match = _CITY_DATELINE.match(text, body_start)
    if match is None:
        return Dateline()
    if not match.group("date"):
        return Dateline(city=match.span("city"))
    return Dateline(city=match.span("city"), published=_written_day(text, match.start("date"), match.end("date")),
                    date=match.span("date"))


def _written_day(text: str, start: int, end: int) -> str | None:
    """The day a dateline writes, with its year, or None."""
    for mention in mentions_in(text[:end], start, None):
        if mention.start is not None and mention.precision.value == "day" and mention.start == mention.end:
            return mention.start
    return None
