"""Event names: where a release names its events, and every place it writes them.

A name is a proper-name chunk that (a) follows an edition phrase ("la deuxième
édition du X"), (b) holds an event word ("Salon", "Forum", "Expo"), (c) follows
a lower-case event word ("le salon X", "la conférence annuelle X"), (d) stands
in apposition to one ("X, la conférence annuelle ..."), or (e) is followed at
once by a date expression ("X du 17 au 19 mai"). Cities, countries and
organisers are not event names. Written forms that differ only by a space noise
inserted ("cui vre") are one name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from extractor._text import fold, fold_name, load_data, loose_occurrences, word_pattern
from extractor.chunks import (
    DESCRIPTIVE_LINKS,
    describe_end,
    is_capitalised,
    name_chunks,
    name_end,
    sentence_end,
    strip_start,
    token_after,
)
from extractor.context import Context
from extractor.dates import calendar_words
from extractor.geo import Gazetteer, gazetteer
from extractor.ordinals import ordinal_pattern, parse_ordinal
from schemas import DateMention, Organisation

_DETERMINERS = frozenset({"le", "la", "les", "l'", "du", "au", "aux", "ce", "cet", "cette", "ces", "des", "son", "sa"})


@dataclass(frozen=True)
class Rules:
    """The rule data of ``data/events_fr.json``, compiled once."""

    keywords: frozenset[str]
    edition: re.Pattern[str]
    anaphora: re.Pattern[str]
    part_cue: re.Pattern[str]
    part_reference: re.Pattern[str]
    postponed: re.Pattern[str]
    unnamed: re.Pattern[str]
    audience: re.Pattern[str]
    venue_heads: frozenset[str]


@cache
def event_rules() -> Rules:
    data = load_data("events_fr.json")
    venues = load_data("venues_fr.json")
    return Rules(
        keywords=frozenset(fold(k) for k in data["keywords"]),
        edition=re.compile(
            rf"(?P<ordinal>{ordinal_pattern()})\s+(?:grande\s+)?[ée]dition"
            r"(?:\s+(?P<link>du|de\s+la|de\s+l['’]|des|de|d['’]))?",
            re.IGNORECASE,
        ),
        anaphora=re.compile(rf"{word_pattern(data['anaphora'])}(?!\s+(?-i:[A-ZÀ-Ý]))", re.IGNORECASE),
        part_cue=re.compile("|".join(f"(?:{p})" for p in data["part_cues"]), re.IGNORECASE),
        part_reference=re.compile(rf"(?:{data['part_reference']})\s*$", re.IGNORECASE),
        audience=re.compile(data["audience"], re.IGNORECASE),
        unnamed=re.compile(data["unnamed"], re.IGNORECASE),
        postponed=re.compile(data["postponed"], re.IGNORECASE),
        venue_heads=frozenset(fold(h) for h in venues["heads"] + venues["compound_heads"]),
    )


@dataclass
class Candidate:
    """One event name and everything found of it."""

    name: str
    key: str
    first: int
    edition: int | None = None
    edition_spans: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    dated: bool = False


# --------------------------------------------------------------------------- names


def _name_span(doc: Doc, start: int, limit: int) -> Span:
    """The event name that starts at token ``start``: a proper-name chunk, carried over the
    lower-case words French event names keep when it ends on its event word
    ("Salon international de l'agriculture", "Foire agricole et artisanale de Thiès")."""
    end = name_end(doc, start, limit)
    keywords = event_rules().keywords
    if fold(doc[end - 1].text) in keywords or fold(doc[start].text) in keywords:
        end = describe_end(doc, end, limit, calendar_words(), links=_NAME_LINKS, is_place=_is_city)
    return doc[start:end]


_NAME_LINKS = DESCRIPTIVE_LINKS | {"sur"}
#: Parts of speech a name never starts with ("Prévue du 19 au 21 février" is no event).
_NOT_NAME_START = frozenset({"VERB", "AUX", "ADV", "ADP", "PRON", "DET", "SCONJ", "CCONJ", "NUM"})


def _is_city(text: str) -> bool:
    return gazetteer().city(text, strict=True) is not None


def _could_be_name(span: Span) -> bool:
    """A chunk that may name something: it starts with no verb or adverb and holds a noun."""
    return span[0].pos_ not in _NOT_NAME_START and any(t.pos_ in ("PROPN", "NOUN", "X") for t in span)


def _apposition_names_event(doc: Doc, end: int) -> bool:
    """True when a name is followed by ", la conférence annuelle ...": the apposition says it is an event."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("la", "le", "l'", "les", "un", "une"):
        return False
    j = end + 2
    while j < len(doc) and doc[j].pos_ == "ADJ" and doc[j].is_lower:
        j += 1
    return j < len(doc) and doc[j].is_lower and fold(doc[j].text) in event_rules().keywords


def _is_bare_keyword(span: Span) -> bool:
    """"Salon", "Journées 2019": an event word alone refers to an event, it does not name one."""
    keywords = event_rules().keywords
    return fold(span[0].text) in keywords and all(t.like_num for t in span[1:])


def is_event_word(token: Token) -> bool:
    """True for a capitalised event word ("Salon", "Forum", "Festival")."""
    return is_capitalised(token) and fold(token.text) in event_rules().keywords


def _has_keyword(span: Span) -> bool:
    keywords = event_rules().keywords
    return any(is_capitalised(t) and fold(t.text) in keywords for t in span)


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass(frozen=True)
class _Hit:
    """One place an event name (or an edition phrase naming none) was found, and how."""

    span: Span | None
    how: str
    edition: int | None = None
    edition_span: tuple[int, int] | None = None


def _name_candidates(doc: Doc, ctx: Context, dates: list[DateMention], blocked: list[tuple[int, int]],
                     organiser_names: set[str], geo: Gazetteer) -> list[_Hit]:
    """Every event name found, and every edition phrase."""
    rules = event_rules()
    body = ctx.body_tokens(doc)
    found: list[_Hit] = []

    for match in rules.edition.finditer(ctx.view, ctx.body_start):
        phrase = (match.start("ordinal"), match.start("link") if match.group("link") else match.end())
        name = None
        if match.group("link"):
            first = token_after(doc, match.end())
            if first < len(doc) and is_capitalised(doc[first]):
                name = _name_span(doc, first, sentence_end(doc, first))
        found.append(_Hit(name, "edition", parse_ordinal(match.group("ordinal")), phrase))

    date_starts = {d.evidence[0].start for d in dates}
    for chunk in name_chunks(doc, body):
        start = strip_start(doc, chunk.start, chunk.end)
        if start >= chunk.end:
            continue
        span = _name_span(doc, start, sentence_end(doc, start))
        if fold(span[0].text) in rules.venue_heads:
            continue
        if _is_bare_keyword(span):
            found.append(_Hit(span, "bare"))
            continue
        if _has_keyword(span):
            found.append(_Hit(span, "keyword"))
            continue
        following = span.end_char
        while following < len(ctx.view) and ctx.view[following] in " \t":
            following += 1
        if following in date_starts and _could_be_name(span) and (len(span) > 1 or not span[0].is_sent_start):
            found.append(_Hit(span, "dated"))
        elif _could_be_name(span) and _apposition_names_event(doc, span.end):
            found.append(_Hit(span, "apposition"))

    for i in range(body, len(doc) - 2):
        token = doc[i]
        if fold(token.text) in rules.keywords and not is_capitalised(token) and doc[i - 1].lower_ in _DETERMINERS:
            j = i + 1
            while j < len(doc) - 1 and doc[j].pos_ == "ADJ" and doc[j].is_lower:
                j += 1  # "la conférence annuelle Nakhla Connect"
            if is_capitalised(doc[j]) and not doc[j].is_sent_start:
                found.append(_Hit(_name_span(doc, j, sentence_end(doc, j)), "frame"))

    def is_event_name(span: Span) -> bool:
        if any(spans_overlap((span.start_char, span.end_char), b) for b in blocked):
            return False  # where an organiser is named
        if fold_name(span.text) in organiser_names:
            return False  # "Salons Horizon dévoile ..." when Salons Horizon organises
        return (geo.city(span.text, towns=True) is None and geo.country(span.text) is None
                and geo.continent_label(span.text) is None)

    return [hit for hit in found if hit.span is None or is_event_name(hit.span)]


def _merge_key(name: str) -> str:
    """How two written forms of one name are matched: "cui vre" and "cuivre" are one word split by noise."""
    return fold_name(name).replace(" ", "")


def _candidates(doc: Doc, ctx: Context, dates: list[DateMention], blocked: list[tuple[int, int]],
                organiser_names: set[str], geo: Gazetteer) -> EventNames:
    """Candidates merged by name, edition phrases that name no event, bare event words."""
    merged: dict[str, Candidate] = {}
    variants: dict[str, dict[str, int]] = {}
    loose_editions: list[tuple[int | None, tuple[int, int]]] = []
    bare: list[tuple[int, int]] = []
    for hit in _name_candidates(doc, ctx, dates, blocked, organiser_names, geo):
        if hit.span is None:
            if hit.edition_span is not None:
                loose_editions.append((hit.edition, hit.edition_span))
            continue
        if hit.how == "bare":
            bare.append((hit.span.start_char, hit.span.end_char))
            continue
        key = _merge_key(hit.span.text)
        written = ctx.span_text(hit.span)
        candidate = merged.get(key)
        if candidate is None:
            candidate = merged[key] = Candidate(name=written, key=key, first=hit.span.start_char)
        variants.setdefault(key, {}).setdefault(written, hit.span.start_char)
        candidate.first = min(candidate.first, hit.span.start_char)
        candidate.dated = candidate.dated or hit.how == "dated"
        if hit.edition is not None and hit.edition_span is not None:
            candidate.edition = candidate.edition or hit.edition
            candidate.edition_spans.append(hit.edition_span)
    for key, candidate in merged.items():
        # the written form with the fewest spaces: noise splits words, it does not join them
        candidate.name = min(variants[key], key=lambda w: (w.count(" "), variants[key][w]))
    candidates = sorted(merged.values(), key=lambda c: c.first)
    # every written occurrence of each name, longest names first so "Salon X Pro" keeps its own mentions
    claimed: list[tuple[int, int]] = []
    for candidate in sorted(candidates, key=lambda c: -len(c.name)):
        spans = sorted({s for written in variants[candidate.key]
                        for s in loose_occurrences(ctx.text, written, ctx.body_start)
                        if not any(spans_overlap(s, c) for c in claimed)})
        candidate.mentions = spans or [(candidate.first, candidate.first + len(candidate.name))]
        claimed.extend(candidate.mentions)
    bare = [s for s in bare if not any(spans_overlap(s, c) for c in claimed)]
    return EventNames(candidates, loose_editions, bare)


@dataclass(frozen=True)
class EventNames:
    """The first step's result: named candidates, and edition phrases that name no event."""

    candidates: list[Candidate]
    loose_editions: list[tuple[int | None, tuple[int, int]]]
    bare: list[tuple[int, int]]  # "le Salon" written alone: a reference to an event

    def spans(self) -> list[tuple[int, int]]:
        """Character spans of every event-name mention."""
        return [span for candidate in self.candidates for span in candidate.mentions]


def find_event_names(doc: Doc, ctx: Context, dates: list[DateMention], organisers: list[Organisation]) -> EventNames:
    """Event names of the document (first step, before venues are known)."""
    blocked = [(e.start, e.end) for o in organisers for e in o.evidence]
    return _candidates(doc, ctx, dates, blocked, {fold_name(o.name) for o in organisers}, gazetteer())


#: How far back a phrase such as "le rendez-vous" looks for the event it refers to.
