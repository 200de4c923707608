"""The stated theme or slogan: "sur le thème « ... »", "placé sous le thème ...".

A quoted theme is taken between its quotes, whatever the quote style; an
unquoted one runs from the cue to the end of its clause (a full stop, a
semicolon, a comma or a line break), or of its sentence after a colon, within
a length limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractor._text import fold, load_data
from extractor.context import Context
from schemas import Theme

#: Opening quote -> the closing quotes that may end it.
_QUOTES = {"«": "»", "“": "”\"", "\"": "\"”", "„": "“”", "‘": "’'", "'": "'’", "‹": "›"}
_LEAD = re.compile(r"\s*(?::\s*)?(?:(?:de\s+|du\s+|des\s+|d['’])(?=\S))?", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;,!?\n]|\s[-–—]\s")
#: A theme announced by a colon runs to the end of its sentence ("pour thème : A, B et C.").
_SENTENCE_END = re.compile(r"[.;!?\n]")


@dataclass(frozen=True)
class _Rules:
    cues: tuple[re.Pattern[str], ...]
    max_unquoted: int


@cache
def _rules() -> _Rules:
    data = load_data("themes_fr.json")
    return _Rules(
        cues=tuple(re.compile(rf"(?<!\w){cue}", re.IGNORECASE | re.MULTILINE) for cue in data["cues"]),
        max_unquoted=int(data["max_unquoted_chars"]),
    )


def _theme_at(text: str, start: int, max_unquoted: int) -> tuple[int, int] | None:
    """Character span of the theme that starts after a cue ending at ``start``."""
    lead = _LEAD.match(text, start)
    position = lead.end() if lead else start
    opening = text[position : position + 1]
    if opening in _QUOTES:
        closers = _QUOTES[opening]
        for end in range(position + 1, min(len(text), position + 400)):
            if text[end] in closers:
                return position + 1, end
            if text[end] == "\n":
                break
        return None
    window = text[position : position + max_unquoted + 1]
    after_colon = lead is not None and ":" in lead.group()
    stop = (_SENTENCE_END if after_colon else _CLAUSE_END).search(window)
    end = position + (stop.start() if stop else len(window))
    if stop is None and len(window) > max_unquoted:
        return None  # no clause end in sight: not a theme we can delimit
    return (position, end) if end > position else None


def find_themes(text: str, ctx: Context) -> list[Theme]:
    """Themes and slogans, in text order; the same theme twice is one theme."""
    rules = _rules()
    spans: list[tuple[int, int]] = []
    for cue in rules.cues:
        for match in cue.finditer(text, ctx.body_start):
            span = _theme_at(text, match.end(), rules.max_unquoted)
            if span is not None and not any(s < span[1] and span[0] < e for s, e in spans):
                spans.append(span)
    themes: dict[str, Theme] = {}
    for start, end in sorted(spans):
        if not text[start:end].strip():
            continue
        piece = ctx.evidence(start, end)
        key = fold(piece.text)
        if key in themes:
            themes[key].evidence.append(piece)
        else:
            themes[key] = Theme(text=piece.text, evidence=[piece])
    return list(themes.values())
