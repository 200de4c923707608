"""Soft line breaks: the line ends a fixed-width wrap made inside a paragraph.

Archives often hold text wrapped at a fixed width (60 to 100 columns), and web
pages turned into text break lines wherever their markup did. A line break is
a sentence bound for the rules ("a title line", "one item a line"), so a break
made by wrapping must not be one. ``soft_breaks`` finds them; the text spaCy
reads has them as spaces, so a release reads the same however its lines are
wrapped, and offsets do not move.

A break is soft when the next line goes on with a lower-case word, or when the
text is wrapped at a width and the next line's first word would not have fitted
on the line (how every greedy wrapper decides). Blank lines, list items and
short lines keep their breaks, and so do the breaks around a line that opens
with a date and its year ("vendredi 30 avril 2004" under a title, a stamp the
publication date is read from, which no wrapper starts a line with by chance
often enough to weigh against it).
"""

from __future__ import annotations

import re

from extractor.rules._text import fold
from extractor.rules.dates import WEEKDAYS, month_words
from extractor.rules.published import opens_schedule

#: A line that opens a list item: a bullet or dash, "1.", "2)", "a)".
_ITEM = re.compile(r"^\s*(?:[-–—•*·▪►✓>]|\d{1,2}[.)](?:\s|$)|[a-z][.)]\s)")
#: What ends a sentence at a line's end.
_SENTENCE_END = (".", "!", "?", "…")
#: Widths a wrapped text is read at: lines this long at most, this many near the width.
_MAX_WIDTH = 130
_NEAR = 15


#: The words a date opens a line with: an optional weekday, a day ("1er", "14."), a month, a year.
_DATE_WORDS = re.compile(r"\s*(?:([^\W\d]+)\s+)?(\d{1,2})(?:er)?\.?\s+([^\W\d]+)\.?\s+(?:19|20)\d\d(?!\d)")


#: A line that opens with a date holds at most this many words to be a date line of its own.
_DATE_LINE_WORDS = 6


def _opens_with_date(line: str) -> bool:
    """True when ``line`` opens with a day, its month and year, maybe after a weekday: "19 mai 2016",
    "vendredi 30 avril 2004, par"."""
    found = _DATE_WORDS.match(line)
    if found is None or not 1 <= int(found.group(2)) <= 31:
        return False
    weekday = found.group(1)
    return (weekday is None or fold(weekday) in WEEKDAYS) and fold(found.group(3)) in month_words()


def _date_line(line: str) -> bool:
    return len(line.split()) <= _DATE_LINE_WORDS and _opens_with_date(line)


def _width(lengths: list[int]) -> int | None:
    """The width the text is wrapped at, or None when it does not look wrapped.

    Wrapped text has many lines just under one width: at least three, and at
    least a third of the lines that are followed by another line.
    """
    if len(lengths) < 4:
        return None
    width = max(lengths)
    if width > _MAX_WIDTH:
        width = max((n for n in lengths if n <= _MAX_WIDTH), default=0)
    near = sum(1 for n in lengths if width - _NEAR <= n <= width)
    return width if width >= 40 and near >= 3 and near * 3 >= len(lengths) else None


def soft_breaks(text: str) -> list[int]:
    """Offsets of the line breaks of ``text`` that wrapping made.

    >>> text = "Le salon est organisé par la Chambre\\nde commerce.\\n\\nTitre\\nAutre ligne"
    >>> [text[i - 7 : i] for i in soft_breaks(text)]
    ['Chambre']
    """
    lines: list[tuple[int, str]] = []  # (offset of the line break after it, the line without it)
    start = 0
    for match in re.finditer(r"\r?\n|\r", text):
        lines.append((match.start(), text[start : match.start()]))
        start = match.end()
    lines.append((len(text), text[start:]))
    body = [line.rstrip() for _end, line in lines]
    width = _width([len(line) for line, (_e, following) in zip(body, lines[1:], strict=False)
                    if line.strip() and following.strip() and " " in line.strip()])
    soft: list[int] = []
    for index in range(len(lines) - 1):
        line, following = body[index], lines[index + 1][1]
        if not line.strip() or not following.strip() or _ITEM.match(following):
            continue
        after = lines[index + 2][1] if index + 2 < len(lines) else ""
        date_line_next = _date_line(following) and not opens_schedule(after)
        if date_line_next or (_date_line(line) and not opens_schedule(following)):
            continue  # a date alone on its line ("vendredi 30 avril 2004", "27 avril 2011, par"): a stamp, unless
            # the hours under it make it the day of an event ("jeudi 26 novembre 2009" then "de 10h à 12h45")
        first = following.split()[0]
        lower_next = first[:1].islower() and not line.endswith(_SENTENCE_END)
        would_not_fit = width is not None and len(line) + 1 + len(first) > width and 2 * len(line) >= width
        if lower_next or would_not_fit:
            soft.append(lines[index][0])
    return soft


def join_soft_breaks(text: str) -> str:
    """``text`` with its soft line breaks as spaces (same length: "\\r\\n" becomes two spaces).

    >>> join_soft_breaks("organisé par\\nla Région.\\nFin")
    'organisé par la Région.\\nFin'
    """
    if "\n" not in text and "\r" not in text:
        return text
    chars = list(text)
    for offset in soft_breaks(text):
        chars[offset] = " "
        if text[offset] == "\r" and offset + 1 < len(text) and text[offset + 1] == "\n":
            chars[offset + 1] = " "
    return "".join(chars)
