"""Venues: where an event takes place ("au Palais des congrès de Marrakech",
"sur la Place X", "à l'hôtel Royal de Fès", "au Grand Hôtel Y").

Two rules, both over spaCy tokens:

* a venue noun from ``data/venues_fr.json`` ("palais des congrès", "hôtel",
  "place") followed by a proper name, after a locative word ("à", "au", "sur
  la"), in a sentence about an event; the compound nouns ("parc des
  expositions") need none of that;
* a name the NER tags as a place or organisation, after a locative word, in a
  sentence about an event (a date, an event name or a verb such as "se
  tiendra"), that is neither a city, a country nor a continent.

Evidence is every place the venue's name is written. A venue's city is the
one named inside or right after it ("de Fès", ", à Lyon"); a city only implied
by the event is filled in when the record is put together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from extractor._text import alternation, fold_name, load_data, occurrences
from extractor.chunks import describe_end, is_capitalised, name_end, sentence_chars, sentence_end, token_after
from extractor.context import Context
from extractor.dates import calendar_words
from extractor.geo import Gazetteer, gazetteer
from schemas import Venue

_NER_LABELS = frozenset({"LOC", "ORG", "MISC", "FAC"})


@dataclass(frozen=True)
class _Rules:
    compound: re.Pattern[str]
    heads: re.Pattern[str]
    locatives: frozenset[str]
    between: frozenset[str]
    verbs: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = load_data("venues_fr.json")
    return _Rules(
        compound=re.compile(rf"(?<!\w)(?:{alternation(data['compound_heads'])})(?!\w)", re.IGNORECASE),
        heads=re.compile(rf"(?<!\w)(?:{alternation(data['heads'])})(?!\w)", re.IGNORECASE),
        locatives=frozenset(data["locatives"]),
        between=frozenset(data["between"]),
        verbs=re.compile(rf"(?<!\w)(?:{alternation(data['event_place_verbs'])})(?!\w)", re.IGNORECASE),
    )


def _after_locative(doc: Doc, start: int, floor: int) -> bool:
    """True when a locative word stands before token ``start``, with articles, epithets and the
    nouns of a place inside the venue between ("dans le grand foyer du Théâtre X")."""
    rules = _rules()
    i = start - 1
    for _ in range(5):
        if i < floor:
            return False
        token = doc[i]
        if token.lower_ in rules.locatives:
            return True
        if token.lower_ not in rules.between and not (token.is_lower and token.pos_ in ("NOUN", "ADJ")):
            return False
        i -= 1
    return False


def _is_city(text: str) -> bool:
    return gazetteer().city(text, strict=True) is not None


def _is_place_name(geo: Gazetteer, text: str) -> bool:
    return geo.city(text) is not None or geo.country(text) is not None or geo.continent_label(text) is not None


def _city_of(doc: Doc, span: Span, geo: Gazetteer) -> Span | None:
    """The city named inside the venue ("... de Fès") or right after it (", à Lyon")."""
    for i in range(span.start + 1, span.end - 1):
        if doc[i].lower_ in ("de", "d'", "à") and is_capitalised(doc[i + 1]):
            tail = doc[i + 1 : span.end]
            if geo.city(tail.text, towns=True) is not None:
                return tail
    j = span.end
    if j < len(doc) and doc[j].text in (",", "("):
        j += 1
    if j < len(doc) and doc[j].lower_ == "à":
        j += 1
    if j < len(doc) and is_capitalised(doc[j]) and not doc[j].is_sent_start:
        candidate = doc[j : name_end(doc, j)]
        if geo.city(candidate.text, towns=True) is not None:
            return candidate
    return None


def _overlaps(span: Span, spans: list[tuple[int, int]]) -> bool:
    return any(span.start_char < end and start < span.end_char for start, end in spans)


def _event_sentence(doc: Doc, ctx: Context, span: Span, anchors: list[tuple[int, int]]) -> bool:
    """True when the sentence of ``span`` holds a date, an event name or an event verb."""
    left, right = sentence_chars(doc, span.start_char)
    if any(left <= start < right for start, _end in anchors):
        return True
    return _rules().verbs.search(ctx.view, left, right) is not None


def _keyword_venues(doc: Doc, ctx: Context, floor: int, anchors: list[tuple[int, int]]) -> list[Span]:
    rules = _rules()
    found: list[Span] = []
    for pattern, needs_name in ((rules.compound, False), (rules.heads, True)):
        for match in pattern.finditer(ctx.view, ctx.body_start):
            first = token_after(doc, match.start())
            last = token_after(doc, match.end()) - 1
            if first >= len(doc) or last < first or doc[first].idx != match.start():
                continue
            limit = sentence_end(doc, last)
            end = describe_end(doc, name_end(doc, last, limit), limit, calendar_words(), is_place=_is_city)
            named = any(is_capitalised(t) for t in doc[last + 1 : end])
            span = doc[first:end]
            placed = named and _after_locative(doc, first, floor) and _event_sentence(doc, ctx, span, anchors)
            if needs_name and not placed:
                continue
            if not any(s.start <= span.start and span.end <= s.end for s in found):
                found = [s for s in found if not (span.start <= s.start and s.end <= span.end)]
                found.append(span)
    return found


def _ner_venues(doc: Doc, ctx: Context, floor: int, taken: list[Span], exclude: list[tuple[int, int]],
                anchors: list[tuple[int, int]], geo: Gazetteer) -> list[Span]:
    found: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in _NER_LABELS or ent.start_char < ctx.body_start:
            continue
        span = doc[ent.start : name_end(doc, ent.start, ent.end)]
        if not is_capitalised(span[0]) or not _after_locative(doc, span.start, floor):
            continue
        if len(span) == 1 and ent.label_ == "LOC":
            continue  # "en Lorraine", "à la Moselle": a region, not a venue
        if _overlaps(span, exclude) or any(s.start < span.end and span.start < s.end for s in taken):
            continue
        if _is_place_name(geo, span.text) or not _event_sentence(doc, ctx, span, anchors):
            continue
        found.append(span)
    return found


def find_venues(
    doc: Doc, ctx: Context, exclude: list[tuple[int, int]], anchors: list[tuple[int, int]]
) -> list[Venue]:
    """Venues in text order, one per name, with the city written next to them if any.

    ``exclude`` are character spans that cannot be venues (event names,
    organisers); ``anchors`` are character spans that make a sentence about an
    event (dates, event names).
    """
    geo = gazetteer()
    floor = ctx.body_tokens(doc)
    spans = [s for s in _keyword_venues(doc, ctx, floor, anchors) if not _overlaps(s, exclude)]
    spans += _ner_venues(doc, ctx, floor, spans, exclude, anchors, geo)
    venues: dict[str, Venue] = {}
    for span in sorted(spans, key=lambda s: s.start):
        key = fold_name(span.text)
        if key in venues:
            continue
        city_span = _city_of(doc, span, geo)
        city = ctx.span_text(city_span) if city_span is not None else None
        place = geo.city(city, towns=True, prefer=ctx.countries) if city else None
        written = ctx.span_text(span)
        places = set(occurrences(ctx.text, written, ctx.body_start)) | {(span.start_char, span.end_char)}
        venues[key] = Venue(name=written, city=city, country=place.country if place else None,
                            evidence=[ctx.evidence(s, e) for s, e in sorted(places)])
    return list(venues.values())

