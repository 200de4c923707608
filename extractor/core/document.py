"""The document around the text: archive header, publication date, hash, language."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from extractor.core.errors import InputError

#: The archive's publication-month header: ``" date 2017-05 "`` at the very start.
_HEADER = re.compile(r"^\s*date\s+(\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?)(?![\d-])[ \t]*")
_PUBLISHED = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Header:
    """What the archive header says, and where the event text begins."""

    published: str | None
    body_start: int


def read_header(text: str) -> Header:
    """Split off the ``date YYYY-MM`` header, which is metadata, not event text.

    >>> read_header(" date 2017-05 Placée sous le patronage")
    Header(published='2017-05', body_start=14)
    >>> read_header("Lyon, le 3 mars")
    Header(published=None, body_start=0)
    """
    match = _HEADER.match(text)
    if match is None or not _is_calendar_date(match.group(1)):
        return Header(published=None, body_start=0)
    return Header(published=match.group(1), body_start=match.end())


def _is_calendar_date(value: str) -> bool:
    """True for a partial ISO date that exists ("2017-02-30" does not)."""
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def normalize_published(value: str | date | None) -> str | None:
    """A caller's publication date as a partial ISO string, or an ``InputError``.

    >>> normalize_published(date(2017, 5, 3))
    '2017-05-03'
    >>> normalize_published("2017-05")
    '2017-05'
    """
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    value = str(value).strip()
    if not _PUBLISHED.match(value) or not _is_calendar_date(value):
        raise InputError(f"published must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


#: UTF-8 read as Latin-1/cp1252: "Ã©" for "é", "â€™" for "’".
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf]|â€[\u0080-\u00bf\u2018-\u201e\u2020-\u2026\u2122\u0153]|Â[\u00a0-\u00bf]")


def looks_like_mojibake(text: str) -> bool:
    """True when the text shows UTF-8 decoded as Latin-1 more than once ("FranÃ§ais Ã©tÃ©").

    >>> looks_like_mojibake("FranÃ§ais, Ã©tÃ©"), looks_like_mojibake("Français, été")
    (True, False)
    """
    return len(_MOJIBAKE.findall(text[:20000])) >= 2


def repair_mojibake(text: str) -> str:
    """The text with mojibake undone by ftfy (which leaves correct text alone)."""
    import ftfy

    return str(ftfy.fix_encoding(text))


def sha256_of(text: str) -> str:
    """SHA-256 of the text encoded as UTF-8 (lone surrogates kept as they are)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, ``"und"`` when there is too little text.

    Uses py3langid (a maintained fork of langid.py) on the first few thousand characters.
    """
    sample = text[:4000]
    if sum(ch.isalpha() for ch in sample) < 20:
        return "und"
    import py3langid  # loads its model on first use

    code, _score = py3langid.classify(sample)
    return str(code)
