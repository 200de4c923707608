"""Datelines: the city a release is issued from, and the date it states for itself.

"Québec, le 12 mars 2019 – ...", "LIÈGE – ...", "Tunis (TAP), 3 mai 2018 - ...".
The city counts only in a dateline that opens the event text; the publication
date is read by ``extractor.rules.published`` (datelines, bylines, date stamps,
issue lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.rules._text import CAPITALS
from extractor.rules.published import opens_with_cue, read_published

_CITY_DATELINE = re.compile(
    rf"\s*(?P<city>[{CAPITALS}][\w'’.-]*(?:[ -][\w'’.-]+){{0,3}}?)\s*(?:\([^)\n]{{1,20}}\)\s*)?"
    r"(?:,\s*(?P<date>(?:le\s+)?\d{1,2}(?:er)?\s+[^\W\d]+\.?\s+\d{4})\s*)?[–—-]\s"
)


@dataclass(frozen=True)
class Dateline:
    """What a dateline says: the span of its city, and the publication date the text states."""

    city: tuple[int, int] | None = None
    published: str | None = None
    date: tuple[int, int] | None = None  # where it writes that date


def read_dateline(text: str, body_start: int) -> Dateline:
    """The dateline that opens the event text, if any, and the publication date stated.

    >>> text = "Québec, le 12 mars 2019 – Les bibliothécaires"
    >>> line = read_dateline(text, 0)
    >>> text[line.city[0]:line.city[1]], line.published
    ('Québec', '2019-03-12')
    >>> read_dateline("Publié le 4 avril 2021. Le festival", 0).published
    '2021-04-04'
    """
    stated = read_published(text, body_start)
    published, date = (stated.value, stated.span) if stated is not None else (None, None)
    match = None if opens_with_cue(text, body_start) else _CITY_DATELINE.match(text, body_start)
    return Dateline(city=match.span("city") if match is not None else None, published=published, date=date)
