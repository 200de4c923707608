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
short lines keep their breaks.
"""

from __future__ import annotations

import re

#: A line that opens a list item: a bullet or dash, "1.", "2)", "a)".
_ITEM = re.compile(r"^\s*(?:[-–—•*·▪►✓>]|\d{1,2}[.)](?:\s|$)|[a-z][.)]\s)")
#: What ends a sentence at a line's end.
_SENTENCE_END = (".", "!", "?", "…")
#: Widths a wrapped text is read at: lines this long at most, this many near the width.
_MAX_WIDTH = 130
_NEAR = 15


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
