"""Organisations and their role, read from the cue phrase that introduces them.

"organisé par A" -> organiser; "co-organisé avec B" -> co_organiser; "en
partenariat avec C, D et E" -> partner, one entry each; "avec le soutien de F"
-> sponsor; "sous le haut patronage de G" -> patron. Cue phrases are data
(``data/organisers_fr.json``); names are proper-name chunks after the cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from extractor._text import fold_name, load_data
from extractor.chunks import enumeration, sentence_end, token_after
from extractor.context import Context
from extractor.dates import calendar_words
from schemas import Evidence, Organisation, Role


@dataclass(frozen=True)
class _Rules:
    cues: tuple[tuple[re.Pattern[str], Role], ...]
    heads: frozenset[str]


@cache
def _rules() -> _Rules:
    data = load_data("organisers_fr.json")
    cues = tuple(
        (re.compile(rf"(?<!\w){pattern}", re.IGNORECASE), Role(role))
        for role, patterns in data["cues"].items()
        for pattern in patterns
    )
    return _Rules(cues=cues, heads=frozenset(data["org_heads"]))


def _cue_matches(text: str, start: int) -> list[tuple[int, int, Role]]:
    """Non-overlapping cue phrases, the longest where two overlap."""
    found = [(m.start(), m.end(), role) for pattern, role in _rules().cues for m in pattern.finditer(text, start)]
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    taken: list[tuple[int, int, Role]] = []
    for item in found:
        if not taken or item[0] >= taken[-1][1]:
            taken.append(item)
    return taken


def find_organisers(doc: Doc, ctx: Context) -> list[Organisation]:
    """Every organisation credited with a role, one entry per name and role, in text order."""
    merged: dict[tuple[str, Role], tuple[str, list[Evidence]]] = {}
    for _start, end, role in _cue_matches(ctx.view, ctx.body_start):
        first = token_after(doc, end)
        for name in enumeration(doc, first, sentence_end(doc, first), heads=_rules().heads,
                                stop_words=calendar_words()):
            key = (fold_name(name.text), role)
            if key not in merged:
                merged[key] = (ctx.span_text(name), [])
            merged[key][1].append(ctx.span_evidence(name))
    organisations = [
        Organisation(name=text, role=role, evidence=spans) for (_key, role), (text, spans) in merged.items()
    ]
    return sorted(organisations, key=lambda o: o.evidence[0].start)
