"""Events, their parts, and what the text says of each: edition, dates, venue, city, audience.

Names
    A name is a proper-name chunk that (a) follows an edition phrase ("la
    deuxième édition du X"), (b) holds an event word ("Salon", "Forum",
    "Expo"), (c) follows a lower-case event word ("le salon X"), or (d) is
    followed at once by a date expression ("X du 17 au 19 mai"). Cities,
    countries, organisers and venues are not event names.

Structure
    The main event is the one with an edition phrase, else the first one with a
    date, else the first one. Events named in a sentence that splits an event
    into parts ("se décline en deux manifestations : A ... et B ...", "dans le
    cadre du X", "en marge du X") are parts of the main event. Other events are
    kept when they have a date or an edition of their own.

Attributes
    Each mention of an event opens a segment that runs to the next mention of
    another event in the sentence, or to its end; an event takes the first
    date, venue and audience phrase of its segments (the text before the
    mention when the segment after it has no date). Mentions of the main event
    include phrases such as "l'événement" or "le salon". A parent with no dates
    of its own spans its parts. Its city is the venue's, else one introduced by
    "à" in its segments, else one inside its name; parts inherit it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span

from extractor._text import fold, fold_name, load_data, occurrences, word_pattern
from extractor.chunks import (
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
from schemas import DateMention, Event, Evidence, Organisation, Precision, Venue

_DETERMINERS = frozenset({"le", "la", "les", "l'", "du", "au", "aux", "ce", "cet", "cette", "ces", "des", "son", "sa"})


@dataclass(frozen=True)
class _Rules:
    keywords: frozenset[str]
    edition: re.Pattern[str]
    anaphora: re.Pattern[str]
    part_cue: re.Pattern[str]
    part_reference: re.Pattern[str]
    audience: re.Pattern[str]
    venue_heads: frozenset[str]


@cache
def _rules() -> _Rules:
    data = load_data("events_fr.json")
    venues = load_data("venues_fr.json")
    return _Rules(
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
        venue_heads=frozenset(fold(h) for h in venues["heads"] + venues["compound_heads"]),
    )


@dataclass
class _Candidate:
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
    if fold(doc[end - 1].text) in _rules().keywords:
        end = describe_end(doc, end, limit, calendar_words())
    return doc[start:end]


def _has_keyword(span: Span) -> bool:
    keywords = _rules().keywords
    return any(is_capitalised(t) and fold(t.text) in keywords for t in span)


def _spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass(frozen=True)
class _Hit:
    """One place an event name (or an edition phrase naming none) was found, and how."""

    span: Span | None
    how: str
    edition: int | None = None
    edition_span: tuple[int, int] | None = None


def _name_candidates(doc: Doc, ctx: Context, dates: list[DateMention], blocked: list[tuple[int, int]],
                     geo: Gazetteer) -> list[_Hit]:
    """Every event name found, and every edition phrase."""
    rules = _rules()
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
        if _has_keyword(span):
            found.append(_Hit(span, "keyword"))
            continue
        following = span.end_char
        while following < len(ctx.view) and ctx.view[following] in " \t":
            following += 1
        if following in date_starts:
            found.append(_Hit(span, "dated"))

    for i in range(body, len(doc) - 2):
        token = doc[i]
        if fold(token.text) in rules.keywords and not is_capitalised(token) and doc[i - 1].lower_ in _DETERMINERS:
            if is_capitalised(doc[i + 1]) and not doc[i + 1].is_sent_start:
                found.append(_Hit(_name_span(doc, i + 1, sentence_end(doc, i + 1)), "frame"))

    def is_event_name(span: Span) -> bool:
        if any(_spans_overlap((span.start_char, span.end_char), b) for b in blocked):
            return False  # an organiser
        return geo.city(span.text) is None and geo.country(span.text) is None and geo.continent_label(span.text) is None

    return [hit for hit in found if hit.span is None or is_event_name(hit.span)]


def _candidates(doc: Doc, ctx: Context, dates: list[DateMention], blocked: list[tuple[int, int]],
                geo: Gazetteer) -> tuple[list[_Candidate], list[tuple[int | None, tuple[int, int]]]]:
    """Candidates merged by name, and edition phrases that name no event."""
    merged: dict[str, _Candidate] = {}
    loose_editions: list[tuple[int | None, tuple[int, int]]] = []
    for hit in _name_candidates(doc, ctx, dates, blocked, geo):
        if hit.span is None:
            if hit.edition_span is not None:
                loose_editions.append((hit.edition, hit.edition_span))
            continue
        key = fold_name(hit.span.text)
        candidate = merged.get(key)
        if candidate is None:
            candidate = merged[key] = _Candidate(name=ctx.span_text(hit.span), key=key, first=hit.span.start_char)
        candidate.first = min(candidate.first, hit.span.start_char)
        candidate.dated = candidate.dated or hit.how == "dated"
        if hit.edition is not None and hit.edition_span is not None:
            candidate.edition = candidate.edition or hit.edition
            candidate.edition_spans.append(hit.edition_span)
    candidates = sorted(merged.values(), key=lambda c: c.first)
    # every written occurrence of each name, longest names first so "Salon X Pro" keeps its own mentions
    claimed: list[tuple[int, int]] = []
    for candidate in sorted(candidates, key=lambda c: -len(c.name)):
        written = ctx.text[candidate.first : candidate.first + len(candidate.name)]
        spans = [s for s in occurrences(ctx.text, written, ctx.body_start)
                 if not any(_spans_overlap(s, c) for c in claimed)]
        candidate.mentions = spans or [(candidate.first, candidate.first + len(candidate.name))]
        claimed.extend(candidate.mentions)
    return candidates, loose_editions


# --------------------------------------------------------------------------- structure


@dataclass
class _Mention:
    start: int
    end: int
    owner: str  # candidate key


def _sentence_bounds(doc: Doc, char: int) -> tuple[int, int]:
    token = token_after(doc, char)
    token = min(token, len(doc) - 1)
    sentence = doc[token].sent
    return sentence.start_char, sentence.end_char


def _is_heading(text: str, sentence: tuple[int, int]) -> bool:
    """A title line: short, on its own line, without a full stop."""
    line = text[sentence[0] : sentence[1]].rstrip()
    return 0 < len(line) <= 120 and line[-1] not in ".!?:;," and text[sentence[1] - 1 : sentence[1] + 1].count("\n") > 0


def _segments(mention: _Mention, all_mentions: list[_Mention], doc: Doc, text: str
              ) -> tuple[tuple[int, int], tuple[int, int]]:
    """(after, before): the text this mention speaks for, up to the neighbouring mentions of other events.

    A mention of another event that a part cue introduces ("organisée dans le
    cadre du Salon X") refers to it without changing the subject, so it does not
    end the segment. A title line speaks for the line under it as well.
    """
    left, right = _sentence_bounds(doc, mention.start)
    if _is_heading(text, (left, right)) and right < len(text):
        right = _sentence_bounds(doc, right + 1)[1] if text[right:].strip() else right
    after_end, before_start = right, left
    reference = _rules().part_reference
    for other in all_mentions:
        if other.owner == mention.owner or reference.search(text, max(0, other.start - 30), other.start):
            continue
        if mention.end <= other.start < after_end:
            after_end = other.start
        if before_start < other.end <= mention.start:
            before_start = other.end
    return (mention.end, after_end), (before_start, mention.start)


def _in(span: tuple[int, int], segment: tuple[int, int]) -> bool:
    return segment[0] <= span[0] and span[1] <= segment[1]


def _audience(doc: Doc, segment: tuple[int, int], ctx: Context) -> tuple[str, Evidence] | None:
    """The audience phrase after "destiné au", "réservé aux", "à destination des"... in the segment.

    When the segment runs to the end of its sentence, a next sentence that opens
    on the cue ("Réservées aux acheteurs publics, elles ...") speaks of the same event.
    """
    rules = _rules()
    match = rules.audience.search(ctx.view, segment[0], segment[1])
    if match is None and _sentence_bounds(doc, segment[0])[1] <= segment[1]:
        following = token_after(doc, segment[1])
        if following < len(doc):
            match = rules.audience.match(ctx.view, doc[following].idx)
    if match is None:
        return None
    first = token_after(doc, match.end())
    if first >= len(doc) or doc[first].pos_ not in ("NOUN", "ADJ") or not doc[first].is_alpha:
        return None
    end = describe_end(doc, first + 1, sentence_end(doc, first), calendar_words())
    piece = ctx.evidence(doc[first].idx, doc[end - 1].idx + len(doc[end - 1]))
    return piece.text, piece


@dataclass
class _Found:
    dates: list[DateMention] = field(default_factory=list)
    venue: Venue | None = None
    venue_span: tuple[int, int] | None = None
    audience: tuple[str, Evidence] | None = None
    city: tuple[str, str | None] | None = None  # (as written, country)


def _city_after_a(doc: Doc, segment: tuple[int, int], geo: Gazetteer, ctx: Context) -> tuple[str, str | None] | None:
    """A city introduced by "à" inside the segment ("à Lyon")."""
    i = token_after(doc, segment[0])
    while i < len(doc) - 1 and doc[i].idx < segment[1]:
        if doc[i].lower_ == "à" and is_capitalised(doc[i + 1]):
            span = doc[i + 1 : name_end(doc, i + 1)]
            place = geo.city(span.text)
            if place is not None and span.end_char <= segment[1]:
                return ctx.span_text(span), place.country
        i += 1
    return None


def _collect(owner_mentions: list[_Mention], all_mentions: list[_Mention], doc: Doc, ctx: Context,
             dates: list[DateMention], venues: list[Venue], geo: Gazetteer) -> _Found:
    found = _Found()
    for mention in owner_mentions:
        after, before = _segments(mention, all_mentions, doc, ctx.view)
        if not found.dates:
            inside = [d for d in dates if _in((d.evidence[0].start, d.evidence[0].end), after)]
            if not inside:
                inside = [d for d in dates if _in((d.evidence[0].start, d.evidence[0].end), before)][-1:]
                inside = [d for d in dates if inside and d.evidence[0] == inside[0].evidence[0]]
            else:
                inside = [d for d in inside if d.evidence[0] == inside[0].evidence[0]]
            found.dates = inside
        if found.venue is None:
            for segment in (after, before):
                for venue in venues:
                    hit = next((e for e in venue.evidence if _in((e.start, e.end), segment)), None)
                    if hit is not None:
                        found.venue, found.venue_span = venue, (hit.start, hit.end)
                        break
                if found.venue is not None:
                    break
        if found.audience is None:
            found.audience = _audience(doc, after, ctx)
        if found.city is None:
            found.city = _city_after_a(doc, after, geo, ctx) or _city_after_a(doc, before, geo, ctx)
    return found


def _city_in_name(name: str, geo: Gazetteer) -> tuple[str, str | None] | None:
    """The rightmost city inside an event name ("Foire de Paris" -> Paris)."""
    words = name.split()
    for size in (3, 2, 1):
        for start in range(len(words) - size, -1, -1):
            piece = " ".join(words[start : start + size])
            if not piece[:1].isupper():
                continue
            place = geo.city(piece, strict=True)
            if place is not None:
                return piece, place.country
    return None


def _hull(dates: list[DateMention]) -> tuple[str | None, str | None, Precision | None]:
    known = [d for d in dates if d.start is not None and d.end is not None]
    if not known:
        return None, None, None
    precision = known[0].precision
    start = min(d.start for d in known if d.start is not None)
    end = max(d.end for d in known if d.end is not None)
    return start, end, precision


def _event(candidate: _Candidate | None, found: _Found, parts: list[Event], ctx: Context,
           extra_evidence: list[tuple[int, int]], geo: Gazetteer) -> Event:
    start, end, precision = _hull(found.dates)
    if start is None and parts:
        part_dates = [p for p in parts if p.start is not None]
        if part_dates:
            start = min(p.start for p in part_dates if p.start is not None)
            end = max(p.end for p in part_dates if p.end is not None)
            precisions = {p.precision for p in part_dates}
            precision = precisions.pop() if len(precisions) == 1 else Precision.month
    city, country = None, None
    if found.venue is not None and found.venue.city:
        city, country = found.venue.city, found.venue.country
    elif found.city is not None:
        city, country = found.city
    elif candidate is not None and (inside := _city_in_name(candidate.name, geo)) is not None:
        city, country = inside
    spans: set[tuple[int, int]] = set(extra_evidence)
    if candidate is not None:
        spans.update(candidate.mentions)
        spans.update(candidate.edition_spans)
    spans.update((d.evidence[0].start, d.evidence[0].end) for d in found.dates)
    if found.audience is not None:
        spans.add((found.audience[1].start, found.audience[1].end))
    evidence = [ctx.evidence(s, e) for s, e in sorted(spans)]
    return Event(
        name=candidate.name if candidate else None,
        edition=candidate.edition if candidate else None,
        start=start,
        end=end,
        precision=precision,
        venue=found.venue.name if found.venue else None,
        city=city,
        country=country,
        audience=found.audience[0] if found.audience else None,
        parts=parts,
        evidence=evidence,
    )


def _inherit(part: Event, parent: Event) -> Event:
    if part.city is None and parent.city is not None:
        return part.model_copy(update={"city": parent.city, "country": parent.country})
    return part


@dataclass(frozen=True)
class EventNames:
    """The first step's result: named candidates, and edition phrases that name no event."""

    candidates: list[_Candidate]
    loose_editions: list[tuple[int | None, tuple[int, int]]]

    def spans(self) -> list[tuple[int, int]]:
        """Character spans of every event-name mention."""
        return [span for candidate in self.candidates for span in candidate.mentions]


def find_event_names(doc: Doc, ctx: Context, dates: list[DateMention], organisers: list[Organisation]) -> EventNames:
    """Event names of the document (first step, before venues are known)."""
    blocked = [(e.start, e.end) for o in organisers for e in o.evidence]
    return EventNames(*_candidates(doc, ctx, dates, blocked, gazetteer()))


def find_events(doc: Doc, ctx: Context, names: EventNames, dates: list[DateMention],
                venues: list[Venue]) -> list[Event]:
    """Events with their parts and attributes (second step, once venues are known)."""
    candidates, loose_editions = names.candidates, names.loose_editions
    rules = _rules()
    geo = gazetteer()
    day_dates = [d for d in dates if d.precision is not Precision.year]
    main = next((c for c in candidates if c.edition is not None), None)
    if main is None:
        main = next((c for c in candidates if c.dated), None) or (candidates[0] if candidates else None)

    mentions = [_Mention(s, e, c.key) for c in candidates for s, e in c.mentions]
    anaphora = [(m.start(), m.end()) for m in rules.anaphora.finditer(ctx.view, ctx.body_start)
                if not any(_spans_overlap((m.start(), m.end()), (x.start, x.end)) for x in mentions)]
    main_key = main.key if main else ""
    mentions += [_Mention(s, e, main_key) for s, e in anaphora]
    mentions += [_Mention(s[0], s[1], main_key) for _ed, s in loose_editions]
    mentions.sort(key=lambda m: m.start)

    if main is None:
        # no name: an event all the same when an event word is followed by its dates
        for start, end in anaphora:
            found = _collect([_Mention(start, end, "")], [], doc, ctx, day_dates, venues, geo)
            if found.dates:
                return [_event(None, found, [], ctx, [(start, end)], geo)]
        return []

    part_keys: list[str] = []
    for candidate in candidates:
        if candidate is main:
            continue
        for start, _end in candidate.mentions:
            left, right = _sentence_bounds(doc, start)
            if rules.part_cue.search(ctx.view, left, right):
                part_keys.append(candidate.key)
                break

    by_key = {c.key: c for c in candidates}
    parts: list[Event] = []
    for key in part_keys:
        owned = [m for m in mentions if m.owner == key]
        parts.append(_event(by_key[key], _collect(owned, mentions, doc, ctx, day_dates, venues, geo), [], ctx,
                            [], geo))
    owned = [m for m in mentions if m.owner == main.key]
    main_found = _collect(owned, mentions, doc, ctx, day_dates, venues, geo)
    loose = [s for _ed, s in loose_editions]
    if main.edition is None:
        main.edition = next((ed for ed, _s in loose_editions if ed is not None), None)
    parent = _event(main, main_found, parts, ctx, loose, geo)
    parent = parent.model_copy(update={"parts": [_inherit(p, parent) for p in parent.parts]})
    events = [parent]
    for candidate in candidates:
        if candidate is main or candidate.key in part_keys:
            continue
        owned = [m for m in mentions if m.owner == candidate.key]
        found = _collect(owned, mentions, doc, ctx, day_dates, venues, geo)
        if found.dates or candidate.edition is not None:
            events.append(_event(candidate, found, [], ctx, [], geo))
    return events
