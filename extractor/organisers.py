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

from spacy.tokens import Doc, Span

from extractor._text import fold_name, load_data
from extractor.chunks import DESCRIPTIVE_LINKS, enumeration, sentence_end, token_after
from extractor.context import Context
from extractor.dates import calendar_words
from extractor.event_names import is_event_word
from extractor.geo import gazetteer
from schemas import Evidence, Organisation, Role

#: Civil titles left out of a person's name; a title that is part of it ("Roi", "Prince") stays.
HONORIFICS = frozenset({"M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Dr.", "Pr", "Pr.", "Me", "Me.",
                        "Monsieur", "Madame", "Mademoiselle", "S.E.", "S.E.M.", "SE", "SEM"})


@dataclass(frozen=True)
class _Rules:
    cues: tuple[tuple[re.Pattern[str], Role], ...]
    heads: frozenset[str]


@cache
def _rules() -> _Rules:
    data = load_data("organisers_fr.json")
    cues = tuple(
        (re.compile(rf"(?<!\w){pattern}(?:(?<=['’:])|(?!\w))", re.IGNORECASE), Role(role))
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


@cache
def _stop_words() -> frozenset[str]:
    return calendar_words() | {"thème", "thématique", "signe"}


def _is_place(text: str) -> bool:
    geo = gazetteer()
    return geo.city(text) is not None or geo.country(text) is not None


_NOT_TITLE = frozenset({"VERB", "AUX", "ADP", "PRON", "CCONJ", "SCONJ"})


def _person_start(doc: Doc, i: int, limit: int) -> int:
    """Where a person's name starts after a lower-case title ("le maître artisan X" -> X)."""
    j = i
    while j < limit and j - i < 4 and doc[j].is_lower and doc[j].is_alpha and doc[j].pos_ not in _NOT_TITLE:
        j += 1
    if j > i and j < limit and doc[j].ent_type_ == "PER" and doc[j].ent_iob_ == "B":
        return j
    return i


def _without_honorific(doc: Doc, name: Span) -> Span:
    """A person's name without "M.", "Mme", "Dr" before it."""
    start = name.start
    while start < name.end - 1 and doc[start].text in HONORIFICS:
        start += 1
    return doc[start : name.end]


def find_organisers(doc: Doc, ctx: Context) -> list[Organisation]:
    """Every organisation credited with a role, one entry per name and role, in text order."""
    merged: dict[tuple[str, Role], tuple[str, list[Evidence]]] = {}
    cues = _cue_matches(ctx.view, ctx.body_start)
    for index, (_start, end, role) in enumerate(cues):
        first = token_after(doc, end)
        limit = sentence_end(doc, first)
        if index + 1 < len(cues):
            limit = min(limit, token_after(doc, cues[index + 1][0]))  # a name never runs into the next cue
        first = _person_start(doc, first, limit)
        names_so_far = 0
        for found in enumeration(doc, first, limit, heads=_rules().heads, stop_words=_stop_words(),
                                 is_place=_is_place, links=DESCRIPTIVE_LINKS | {"sur", "en"}):
            if names_so_far and is_event_word(found[0]):
                break  # "Organisés par A et B, le Forum X et le Forum Y se succéderont": the subject
            names_so_far += 1
            name = _without_honorific(doc, found)
            key = (fold_name(name.text), role)
            if key not in merged:
                merged[key] = (ctx.span_text(name), [])
            merged[key][1].append(ctx.span_evidence(name))
    organisations = [
        Organisation(name=text, role=role, evidence=spans) for (_key, role), (text, spans) in merged.items()
    ]
    return sorted(organisations, key=lambda o: o.evidence[0].start)
