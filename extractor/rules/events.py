"""Events, their parts, and what the text says of each: edition, dates, venue, city, audience.

Names come from ``event_names``.

Structure
    The main event is the one with an edition phrase, else the first one named.
    Events named in a sentence that splits an event into parts ("se décline en
    deux manifestations : A ... et B ...", "dans le cadre du X", "en marge du
    X", "temps fort de cette édition") are parts of the main event. Other events
    are kept when they have a date or an edition of their own. Events the text
    dates without naming them ("l'assemblée générale se tiendra le ...") are
    events with no name.

Attributes
    Each mention of an event opens a segment that runs to the next mention of
    another event in the sentence, or to its end (a title line, a sentence
    ending on a colon, and a next sentence that opens on "Elle" or a
    participle, go on about it); an event takes the first date, venue and
    audience phrase of its segments (the text before the mention when the
    segment after it has no date, less the date right after another event's
    name, which is that event's; a date after "reporté au" first). A year
    written after its name ("Colloque X, automne 2024") dates an event no day or
    month dates; in a report under a header month that dates nothing closer,
    every event it tells of takes that month. Phrases such as "l'événement", "le salon" or "cette
    édition" are mentions of the event named just before them. A parent with
    no dates of its own spans its parts. Its city is the venue's, else one
    introduced by "à" in its segments, else one ending its name, else one
    standing alone in its clause; parts inherit it and the venue. The release's
    only venue and its dateline city stand for events that name none. An event
    dated by one day whose sentence (or the next) says how many days it lasts
    ("sur quatre jours", "ce forum de deux jours") runs that many days from it,
    or up to it when the text says it ended ("a pris fin dimanche").
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, TypeVar

from spacy.tokens import Doc

from extractor.core.context import Context
from extractor.rules._text import alternation, fold
from extractor.rules.chunks import describe_end, is_capitalised, name_end, sentence_chars, sentence_end, token_after
from extractor.rules.dates import WEEKDAYS, calendar_words
from extractor.rules.event_names import (
    Candidate,
    EventNames,
    event_rules,
    is_epithet,
    spans_overlap,
    stated_year,
    statement_occasion,
)
from extractor.rules.geo import Gazetteer, gazetteer
from extractor.rules.ordinals import cardinal_words
from schemas import DateMention, Event, Evidence, Precision, Venue


@dataclass
class _Mention:
    start: int
    end: int
    owner: str  # candidate key


T = TypeVar("T")


class _Sorted(Generic[T]):
    """Items with character spans, sorted, to find those inside a stretch of text without a scan:
    a release that repeats "le salon" a thousand times must not cost a million comparisons."""

    def __init__(self, items: list[T], span_of: Callable[[T], tuple[int, int]]) -> None:
        self.span_of = span_of
        self.items = sorted(items, key=lambda item: span_of(item)[0])
        self.starts = [span_of(item)[0] for item in self.items]

    def within(self, left: int, right: int) -> list[T]:
        """Items that start at or after ``left`` and end by ``right``, in text order."""
        first = bisect.bisect_left(self.starts, left)
        last = bisect.bisect_left(self.starts, right)
        return [item for item in self.items[first:last] if self.span_of(item)[1] <= right]

    def before(self, position: int) -> Iterator[T]:
        """Items that start before ``position``, nearest first."""
        for index in range(bisect.bisect_left(self.starts, position) - 1, -1, -1):
            yield self.items[index]


def _is_heading(text: str, sentence: tuple[int, int]) -> bool:
    """A title line: short, on its own line, without a full stop."""
    line = text[sentence[0] : sentence[1]].rstrip()
    return 0 < len(line) <= 120 and line[-1] not in ".!?:;," and text[sentence[1] - 1 : sentence[1] + 1].count("\n") > 0


_SUBJECT_PRONOUNS = frozenset({"il", "elle", "ils", "elles"})


def _continues(doc: Doc, sentence_end_char: int) -> bool:
    """True when the next sentence goes on about the same subject: it opens on a subject pronoun
    or a participle ("Organisées en deux journées, les 4 et 22 mai, elles ...")."""
    i = token_after(doc, sentence_end_char)
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i >= len(doc) or not doc[i].is_sent_start:
        return False
    first = doc[i]
    if first.lower_ in _SUBJECT_PRONOUNS:
        return True
    return first.pos_ in ("VERB", "ADJ") and "Part" in first.morph.get("VerbForm", []) and is_capitalised(first)


def _segments(mention: _Mention, all_mentions: _Sorted[_Mention], doc: Doc, text: str
              ) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int], bool, list[int]]:
    """(after, before, ...): the text this mention speaks for, up to the neighbouring mentions of other events.

    A mention of another event that a part cue introduces ("organisée dans le
    cadre du Salon X") refers to it without changing the subject, so it does not
    end the segment. A title line speaks for the line under it, a sentence that ends on a colon
    for what follows it ("compte rendu de notre assemblée générale :" then "28 mai 2021 - ..."),
    and a sentence speaks for the next one when that one goes on about the same subject.

    The third span (with True when another event is named before it) is the text before the
    mention that its dates may come from: it starts after any mention of another event, even one
    a part cue introduces, and the first date after such a mention is that event's ("dans le
    cadre du Salon X, qui se tiendra du 18 au 21 mai, la chambre a organisé une conférence": those
    days are the salon's; "l'assemblée se tiendra le 3 avril et sera suivie, les 4 et 5 avril, du
    colloque": the second date is the colloquium's). Last, where the mentions of other events a
    part cue introduces end inside the text after the mention: a date right after such a name,
    or in a relative clause on it, is that event's ("la journée X, en marge du Salon Y qui s'est
    ouvert le 22 février"; but "X, organisée dans le cadre du Salon Y, aura lieu le 1er mars").
    """
    left, right = sentence_chars(doc, mention.start)
    if right < len(text) and text[right:].strip() and (_is_heading(text, (left, right)) or _continues(doc, right)
                                                       or text[left:right].rstrip().endswith(":")):
        right = sentence_chars(doc, right + 1)[1]
    after_end, before_start, dated_from = right, left, left
    reference = event_rules().part_reference
    for other in all_mentions.within(left, right):
        if other.owner == mention.owner:
            continue
        if dated_from < other.end <= mention.start:
            dated_from = other.end
        if reference.search(text, max(0, other.start - 30), other.start):
            continue
        if mention.end <= other.start < after_end:
            after_end = other.start
        if before_start < other.end <= mention.start:
            before_start = other.end
    passed = [other.end for other in all_mentions.within(mention.end, after_end) if other.owner != mention.owner]
    return ((mention.end, after_end), (before_start, mention.start), (dated_from, mention.start), dated_from > left,
            passed)


def _audience(doc: Doc, segment: tuple[int, int], ctx: Context) -> tuple[str, Evidence] | None:
    """The audience phrase after "destiné au", "réservé aux", "à destination des"... in the segment.

    When the segment runs to the end of its sentence, a next sentence that opens
    on the cue ("Réservées aux acheteurs publics, elles ...") speaks of the same event.
    """
    rules = event_rules()
    match = rules.audience.search(ctx.view, segment[0], segment[1])
    if match is None and sentence_chars(doc, segment[0])[1] <= segment[1]:
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
    audience: tuple[str, Evidence] | None = None
    city: tuple[str, str | None] | None = None  # (as written, country), after "à"
    loose_city: tuple[str, str | None] | None = None  # a city standing alone in the clause
    years: list[DateMention] = field(default_factory=list)  # a year after a mention ("colloque X, automne 2024")


#: Words before a city that make it an origin or a part of a name, not where the event is.
_NOT_HERE = frozenset({"de", "d'", "du", "des", "venus", "venues", "provenance", "originaires"})


def _placed_city_start(doc: Doc, i: int) -> int | None:
    """Start of a city that token ``i`` introduces: "à Lyon", "la ville de Tripoli", "la commune de X"."""
    if i + 1 >= len(doc) or not is_capitalised(doc[i + 1]):
        return None
    if doc[i].lower_ == "à":
        return i + 1
    if doc[i].lower_ in ("de", "d'") and i > 0 and doc[i - 1].lower_ in _TOWN_NOUNS:
        return i + 1
    return None


#: Nouns after which "de X" names a city.
_TOWN_NOUNS = frozenset({"ville", "commune", "cité", "localité", "municipalité", "capitale", "métropole"})


def _city_in(doc: Doc, segment: tuple[int, int], geo: Gazetteer, ctx: Context,
             placed: bool) -> tuple[str, str | None] | None:
    """A city inside the segment: introduced by "à" or "la ville de" when ``placed``, else
    standing on its own between punctuation ("Deuxième étape : Clermont-Ferrand, 12-14 avril")."""
    i = token_after(doc, segment[0])
    while i < len(doc) - 1 and doc[i].idx < segment[1]:
        token = doc[i]
        if placed:
            start = _placed_city_start(doc, i)
        else:
            alone = i == 0 or doc[i - 1].idx < segment[0] or (doc[i - 1].is_punct and doc[i - 1].text != "-")
            start = i if is_capitalised(token) and alone and doc[i - 1].lower_ not in _NOT_HERE else None
        if start is not None:
            span = doc[start : name_end(doc, start)]
            place = geo.city(span.text, strict=not placed, towns=placed, prefer=ctx.countries)
            if place is not None and span.end_char <= segment[1]:
                if placed or span.end == len(doc) or doc[span.end].is_punct:
                    return ctx.span_text(span), place.country
        i += 1
    return None


def _span(date: DateMention) -> tuple[int, int]:
    return date.evidence[0].start, date.evidence[0].end


def _expression(dates: list[DateMention], first: DateMention) -> list[DateMention]:
    """The mentions one expression gives ("les 4 et 22 mai" gives two)."""
    return [d for d in dates if d.evidence[0] == first.evidence[0]]


def _is_relative(date_mention: DateMention) -> bool:
    """"hier", "la semaine prochaine", "à Noël": no day number and no month written."""
    return not any(ch.isdigit() for ch in date_mention.text) and not any(
        word in calendar_words() for word in fold(date_mention.text).split())


def _dates_of(dates: _Sorted[DateMention], segments: list[tuple[tuple[int, int], tuple[int, int]]],
              view: str, theirs: set[tuple[int, int]] | None = None) -> list[DateMention]:
    """The date expression that dates an event: a new date after "reporté au" wins; else the first
    expression after a mention, else the last one before it; relative ones ("hier", "demain")
    only when no other dates the event; none of ``theirs``, the dates of other events."""
    skip = theirs or set()
    chosen = (_dates_in(dates, segments, view, lambda d: not _is_relative(d) and _span(d) not in skip)
              or _dates_in(dates, segments, view, lambda d: _span(d) not in skip))
    chosen = _until(_widened(_sharpened(chosen, dates, segments, skip), dates, segments), dates, segments, view)
    return _ended(chosen, dates, segments, view, skip)


def _sharpened(chosen: list[DateMention], dates: _Sorted[DateMention],
               segments: list[tuple[tuple[int, int], tuple[int, int]]],
               skip: set[tuple[int, int]]) -> list[DateMention]:
    """The days an event is held when the date chosen only gives their month: "23 au 27 mars" under the
    title, then "une semaine de la science en mars" gives 23-27 March. The first days written in the
    event's segments that fall within that month replace it, else the one run of days of that month the
    text writes anywhere."""
    if len(chosen) != 1 or chosen[0].precision is not Precision.month or chosen[0].start is None:
        return chosen
    month = chosen[0].start[:7]
    for after, before in segments:
        for segment in (after, before):
            days = [d for d in dates.within(*segment) if d.precision is Precision.day and _span(d) not in skip
                    and (d.start or "")[:7] == month and (d.end or "")[:7] == month]
            if days:
                return _expression(days, days[0])
    runs = [d for d in dates.items if d.precision is Precision.day and _span(d) not in skip
            and d.start is not None and d.end is not None and d.start < d.end
            and d.start[:7] == month and d.end[:7] == month]
    return [runs[0]] if len(runs) == 1 else chosen  # the one run of days of that month the text writes


#: "jusqu'au 10 juillet": the date an event runs until, whose first day is written elsewhere.
_UNTIL = re.compile(r"jusqu['’]?\s*(?:au|à|a|en)\s*$", re.IGNORECASE)


def _until(chosen: list[DateMention], dates: _Sorted[DateMention],
           segments: list[tuple[tuple[int, int], tuple[int, int]]], view: str) -> list[DateMention]:
    """An event dated only by the day it runs until ("qui se tient jusqu'au 10 juillet") starts on
    the nearest day written before that in its segments ("inauguration, aujourd'hui 26 juin, de la
    foire X qui se tient jusqu'au 10 juillet" gives 26 June to 10 July)."""
    if len(chosen) != 1 or chosen[0].start is None:
        return chosen
    last = chosen[0]
    at = _span(last)[0]
    if not _UNTIL.search(view, max(0, at - 12), at):
        return chosen
    earlier = [d for after, before in segments for segment in (before, after) for d in dates.within(*segment)
               if _span(d)[1] <= at and d.start is not None and d.end is not None and last.start is not None
               and d.end < last.start
               and d.precision == last.precision]
    return [max(earlier, key=lambda d: _span(d)[0]), last] if earlier else chosen


#: Words before the day an event ends, its first day written before ("débute ce jeudi ... pour prendre fin
#: le 16 décembre", "rassemble 140 maires jusqu'au 22 juin").
_END_VERBS = (r"(?:prendre|prendra|prend|prendront|prennent)\s+fin|s['’]ach[èe]ve(?:ra|nt|ront|r)?"
              r"|se\s+termine(?:ra|nt|ront|r)?|se\s+clôture(?:ra|nt|ront|r)?|se\s+clôt|fermera\s+ses\s+portes"
              r"|baissera\s+le\s+rideau")
_ENDS = re.compile(rf"(?:jusqu['’]?\s*(?:au|à)|(?:{_END_VERBS})(?:\s+(?:le|ce))?)\s*$", re.IGNORECASE)
#: ... at most this many days after its first day.
_ENDS_WITHIN = 60


def _ended(chosen: list[DateMention], dates: _Sorted[DateMention],
           segments: list[tuple[tuple[int, int], tuple[int, int]]], view: str, skip: set[tuple[int, int]]
           ) -> list[DateMention]:
    """An event dated by one day, its first, that the text after says ends on a later day of the same
    precision ("La 27e Foire X débute ce jeudi ... pour prendre fin le 16 décembre"): both days."""
    if len(chosen) != 1 or chosen[0].start is None or chosen[0].start != chosen[0].end \
            or chosen[0].precision is not Precision.day:
        return chosen
    first, opening = chosen[0], chosen[0].start
    for after, _before in segments:
        for other in dates.within(*after):
            if _span(other)[0] > _span(first)[0] and _span(other) not in skip and _ends_it(other, opening, view):
                return [first, other]
    return chosen


def _ends_it(other: DateMention, opening: str, view: str) -> bool:
    """True when ``other`` is one day after a word that ends ("jusqu'au", "prendra fin le"), at most
    ``_ENDS_WITHIN`` days after the ``opening`` day."""
    if other.precision is not Precision.day or other.start is None or other.start != other.end:
        return False
    if not _after_an_end(other, view):
        return False
    return 0 < (datetime.date.fromisoformat(other.start) - datetime.date.fromisoformat(opening)).days <= _ENDS_WITHIN


def _after_an_end(date: DateMention, view: str) -> bool:
    """True when a word that ends ("jusqu'au", "prendra fin le") is written just before ``date``."""
    return _ENDS.search(view, max(0, _span(date)[0] - 30), _span(date)[0]) is not None


def _widened(chosen: list[DateMention], dates: _Sorted[DateMention],
             segments: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[DateMention]:
    """The event's whole span when its first date is only its opening day: "il ouvrira ses portes
    le vendredi 10 février" then "du 10 au 13 février" gives 10-13 February. A longer date that
    starts that day, in the text that follows a mention of the event, replaces the single day."""
    if len(chosen) != 1 or chosen[0].start is None or chosen[0].start != chosen[0].end:
        return chosen
    first = chosen[0]
    longer = [other for after, _before in segments for other in dates.within(*after) if _runs_from(other, first)]
    return [max(longer, key=lambda d: d.end or "")] if longer else chosen


def _runs_from(other: DateMention, first: DateMention | Event) -> bool:
    """True when ``other`` is a longer run of the same precision that starts on ``first``'s day."""
    return other.start == first.start and other.end is not None and other.end > (first.end or "") \
        and other.precision == first.precision


def _dates_in(dates: _Sorted[DateMention], segments: list[tuple[tuple[int, int], tuple[int, int]]],
              view: str, keep: Callable[[DateMention], bool]) -> list[DateMention]:
    postponed = event_rules().postponed
    for after, _before in segments:
        for date in dates.within(*after):
            if keep(date) and postponed.search(view, max(0, _span(date)[0] - 40), _span(date)[0]):
                return _expression(dates.within(*_span(date)), date)
    for after, before in segments:
        inside = [d for d in dates.within(*after) if keep(d)]
        if inside:
            return _expression(inside, inside[0])
        earlier = [d for d in dates.within(*before) if keep(d)]
        if earlier:
            return _expression(earlier, earlier[-1])
    return []


@dataclass(frozen=True)
class _Known:
    """What the event rules look up over and over, indexed once per document."""

    mentions: _Sorted[_Mention]
    dates: _Sorted[DateMention]
    venues: _Sorted[tuple[int, int, Venue]]
    years: _Sorted[DateMention] = field(default_factory=lambda: _Sorted([], _span))
    told: frozenset[tuple[int, int]] = frozenset()  # days on which something was announced (``_told``)

    @classmethod
    def of(cls, mentions: list[_Mention], dates: list[DateMention], venues: list[Venue],
           years: list[DateMention] | None = None, told: frozenset[tuple[int, int]] = frozenset()) -> _Known:
        return cls(
            mentions=_Sorted(mentions, lambda m: (m.start, m.end)),
            dates=_Sorted(dates, _span),
            years=_Sorted(years or [], _span),
            told=told,
            venues=_Sorted([(e.start, e.end, venue) for venue in venues for e in venue.evidence],
                           lambda item: (item[0], item[1])),
        )


def _dated_just_before(mentions: list[_Mention], known: _Known, doc: Doc, view: str) -> list[DateMention]:
    """The day of the sentence right before an event's first mention, in the same paragraph, when
    no sentence of its own dates it ("... a pris ses fonctions le samedi 4 mars. La cérémonie
    d'installation a été présidée par ..."), and when no other event is named in between."""
    if not mentions:
        return []
    first = min(mentions, key=lambda m: m.start)
    left, _right = sentence_chars(doc, first.start)
    paragraph = view.rfind("\n", 0, left)
    if left == 0 or "\n" in view[max(0, left - 2) : left]:
        return []
    before = token_after(doc, left) - 1
    if before < 0:
        return []
    previous = sentence_chars(doc, doc[before].idx)
    if previous[0] <= paragraph or any(m.owner != first.owner for m in known.mentions.within(previous[0], first.start)):
        return []
    days = [d for d in known.dates.within(*previous) if d.precision == Precision.day and d.start is not None]
    return _expression(days, days[-1]) if len(days) >= 1 and len({(d.start, d.end) for d in days}) == 1 else []


#: What lies between an event's name and a date of its own: punctuation, maybe after the words
#: that end its name, or a relative clause on it ("la Journée X contre Y, le 17 mai", "le Salon Y
#: qui s'est ouvert le 22 février").
_OF_THE_NAME = re.compile(r"(?:(?:\s+[^\s,;.:()]+){0,4}\s*[,(–—]\s*|\s*[,(–—]?\s*qu(?:i\b|['’])[^,;.:()]*|\s*)$",
                          re.IGNORECASE)


def _not_the_others(before: tuple[int, int], dates: _Sorted[DateMention]) -> tuple[int, int]:
    """The text between another event's name and this one's, less the first date after that name:
    the date the other event takes."""
    inside = dates.within(*before)
    return (_span(inside[0])[1], before[1]) if inside else before


#: How far before a date the words that make it the day of telling are looked for (characters).
_TOLD_REACH = 80


def _told(dates: list[DateMention], view: str) -> frozenset[tuple[int, int]]:
    """The dates on which something was announced, right after the words that say so ("lors d'une
    conférence de presse tenue le 12 mars", "le programme a été dévoilé ce vendredi"): no day of
    the event the announcement is about."""
    told = event_rules().told_on
    return frozenset(_span(d) for d in dates if told.search(view, max(0, _span(d)[0] - _TOLD_REACH), _span(d)[0]))


def _collect(owner_mentions: list[_Mention], known: _Known, doc: Doc, ctx: Context, geo: Gazetteer) -> _Found:
    """Dates, venue, audience and city of one event, from the segments of its mentions."""
    spans = [_segments(mention, known.mentions, doc, ctx.view) for mention in owner_mentions]
    segments = [(after, before) for after, before, _dated, _follows, _passed in spans]
    dating = [(after, _not_the_others(dated, known.dates) if follows else dated)
              for after, _before, dated, follows, _passed in spans]
    theirs = {_span(inside[0]) for after, _before, _dated, _follows, passed in spans for end in passed
              if (inside := known.dates.within(end, after[1]))
              and _OF_THE_NAME.match(ctx.view, end, _span(inside[0])[0])}
    if not any(event_rules().statement_occasions.match(ctx.view, m.start) for m in owner_mentions):
        theirs |= known.told  # the days of telling date no event but the press conference itself
    found = _Found(dates=_dates_of(known.dates, dating, ctx.view, theirs)
                   or _dated_just_before(owner_mentions, known, doc, ctx.view))
    for after, before in segments:
        if found.venue is None:
            for segment in (after, before):
                hits = known.venues.within(*segment)
                if hits:
                    found.venue = hits[0][2]
                    break
        if found.audience is None:
            found.audience = _audience(doc, after, ctx)
        if found.city is None:
            found.city = _city_in(doc, after, geo, ctx, True) or _city_in(doc, before, geo, ctx, True)
    if not found.dates:
        found.years = next((_expression(inside, inside[0]) for after, _before in segments
                            if (inside := known.years.within(*after))), [])
    for after, before in segments:
        if found.loose_city is None:
            found.loose_city = _city_in(doc, before, geo, ctx, False) or _city_in(doc, after, geo, ctx, False)
    return found


def _city_in_name(name: str, geo: Gazetteer, prefer: frozenset[str]) -> tuple[str, str | None] | None:
    """A city that ends an event name ("Foire de Paris", "Festival des oasis de Tozeur")."""
    words = name.split()
    for size in (3, 2, 1):
        if size > len(words):
            continue
        piece = " ".join(words[-size:])
        if not piece[:1].isupper():
            continue
        place = geo.city(piece, strict=True, prefer=prefer)
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


def _event(candidate: Candidate | None, found: _Found, parts: list[Event], ctx: Context,
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
    elif candidate is not None and (inside := _city_in_name(candidate.name, geo, ctx.countries)) is not None:
        city, country = inside
    elif found.loose_city is not None:
        city, country = found.loose_city
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


#: Words of a year expression that put it before or after the event's own time ("l'an dernier",
#: "depuis 2015", "quatre ans plus tard", "l'année prochaine").
_OTHER_YEAR_WORDS = frozenset({"dernier", "derniere", "passe", "passee", "precedente", "prochain", "prochaine",
                               "suivante", "depuis", "des", "il", "tard", "avant", "apres"})
#: ... and words just before it that make it the year something began ("créé en 1994") or a
#: deadline ("d'ici la fin 2020", "jusqu'en 2025").
_NOT_ITS_YEAR = re.compile(r"(?:(?:cré|fond|n|lanc|inaugur)ée?s?\s+(?:en\s+)?|(?:depuis|dès|des)\s+"
                           r"|vu\s+le\s+jour\s+(?:en\s+)?"
                           r"|d['’]\s*ici\s+(?:à\s+|la\s+|l['’]\s*)?|jusqu['’]\s*(?:en\s+|à\s+|au\s+)?)$",
                           re.IGNORECASE)


def not_its_year(view: str, start: int) -> bool:
    """True when the words before the year at ``start`` make it the year something began ("est né en 1927",
    "a vu le jour en 1959", "depuis 2015") or a deadline ("d'ici 2030"): no year of what the text reports."""
    return _NOT_ITS_YEAR.search(view, max(0, start - 20), start) is not None


def _dates_an_event(year: DateMention, ctx: Context) -> bool:
    """A year expression that may date an event it follows: a year or span written ("automne 2024",
    "2018-2019", "l'année 2011"), or "cette année" when the publication date gives no month (a
    header of month precision dates the event closer); not a past or a coming year."""
    if year.start is None or set(fold(year.text).split()) & _OTHER_YEAR_WORDS:
        return False
    if not_its_year(ctx.view, _span(year)[0]):
        return False
    return _is_written(year) or ctx.published is None or len(ctx.published) == len("2017")


def _dated_by_the_text(event: Event, ctx: Context, years: list[DateMention]) -> Event:
    """The main event when no date expression dates it: a year expression after its name
    ("Colloque X, automne 2024") unless an archive header gives its month; else the year the text
    writes in its name ("Foire internationale 2010"), else the month of a publication date of
    month precision (an archive header above a report of the event)."""
    if event.start is not None:
        return event
    year = stated_year(ctx.view, ctx.body_start)
    month = ctx.published if ctx.published is not None and len(ctx.published) == len("2017-05") else None
    if years and month is None:
        start, end, precision = _hull(years)
        return event.model_copy(update={"start": start, "end": end, "precision": precision})
    if year is not None and not (month and month.startswith(year)):
        return event.model_copy(update={"start": year, "end": year, "precision": Precision.year})
    if month is not None:
        return event.model_copy(update={"start": month, "end": month, "precision": Precision.month})
    return event


#: How far after the first mention of the main event a date no event took may date it (characters).
_NEARBY_REACH = 900


def _dated_nearby(event: Event, main: Candidate, day_dates: list[DateMention], taken: set[tuple[int, int]],
                  ctx: Context) -> Event:
    """The main event when no date is written in its sentences: the first day or month written
    after its first mention that no other event took ("Le 90e Congrès de X ... Sur le thème Y, cette
    semaine d'événements se déroulera du 8 au 12 mai"; "Pour la 17e année, le Salon X ... Les 20, 21
    et 22 janvier 2017, ils seront des milliers"), within a few sentences; its parts inherit it."""
    first = main.first
    free = [d for d in day_dates if first <= _span(d)[0] <= first + _NEARBY_REACH and _span(d) not in taken
            and d.start is not None and not _is_relative(d)]
    if not free:
        return event
    chosen = _expression(day_dates, free[0])
    dated = _redated(event, *_hull(chosen), [ctx.evidence(*_span(d)) for d in chosen])
    return dated.model_copy(update={"parts": [_inherit(p, dated) for p in dated.parts]})


def _run_of_its_day(event: Event, day_dates: list[DateMention], taken: set[tuple[int, int]],
                    ctx: Context) -> Event:
    """The main event dated by one day, its opening, when the text writes its whole run in another
    sentence than those that name it ("X s'est ouverte ce lundi 8 octobre" ... "Du 08 au 13 octobre,
    1200 chercheurs prendront part à cette rencontre"; "lancé ce 20 juin" ... "rassemble 140 maires
    jusqu'au 22 juin"): a run of days from that day, else a day after a word that ends ("jusqu'au",
    "prendra fin le"), within ``_ENDS_WITHIN`` days, that no other event took."""
    if event.precision is not Precision.day or event.start is None or event.start != event.end:
        return event
    own = {(e.start, e.end) for e in event.evidence}
    if any(_span(d) in own and _after_an_end(d, ctx.view) for d in day_dates):
        return event  # "jusqu'au 8 janvier": the day it ends, not its opening
    opening = datetime.date.fromisoformat(event.start)
    free = [d for d in day_dates if _span(d) not in taken]
    runs = [d for d in free if _runs_from(d, event) and d.end is not None
            and (datetime.date.fromisoformat(d.end) - opening).days <= _ENDS_WITHIN]
    ends = [d for d in free if _ends_it(d, event.start, ctx.view)]
    chosen = runs[0] if runs else ends[0] if ends else None
    if chosen is None:
        return event
    # its parts keep the opening day they took from it
    return _redated(event, event.start, chosen.end, Precision.day, [ctx.evidence(*_span(chosen))])


#: A weekday written without its day number ("le samedi après-midi", "au menu du dimanche").
_BARE_WEEKDAY = re.compile(rf"(?<!\w)({'|'.join(WEEKDAYS)})(?!\w)(?!\s+\d)", re.IGNORECASE)
#: The longest run of days in which a weekday names one day.
_ONE_WEEK = 7


def _on_its_weekday(parent: Event, doc: Doc, ctx: Context) -> Event:
    """The parts no date dates, held on the one day of the parent's run that a weekday written before them
    in their sentence or the one before it, on their line, names ("Le samedi après-midi se déroulera le
    festival d'artistes de rue"; "Au menu du dimanche. A 10h15, conférence de presse" in a fête of
    Friday 11 to Sunday 13 September)."""
    if parent.precision is not Precision.day or parent.start is None or parent.end is None \
            or parent.start == parent.end:
        return parent
    first, last = datetime.date.fromisoformat(parent.start), datetime.date.fromisoformat(parent.end)
    if (last - first).days >= _ONE_WEEK:
        return parent
    run = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    return parent.model_copy(update={"parts": [_on_weekday(part, run, doc, ctx) for part in parent.parts]})


def _on_weekday(part: Event, run: list[datetime.date], doc: Doc, ctx: Context) -> Event:
    """``part``, undated, held on the day of ``run`` that the last bare weekday before it names, in its
    sentence or the one before, on its line; unchanged when none names exactly one day."""
    if part.start is not None or not part.evidence:
        return part
    at = part.evidence[0].start
    left = sentence_chars(doc, at)[0]
    if left > 0:
        left = sentence_chars(doc, left - 1)[0]
    named = list(_BARE_WEEKDAY.finditer(ctx.view, max(left, ctx.view.rfind("\n", 0, at) + 1), at))
    if not named:
        return part
    weekday = WEEKDAYS.index(named[-1].group(1).lower())
    days = [day for day in run if day.weekday() == weekday]
    if len(days) != 1:
        return part
    return _redated(part, days[0].isoformat(), days[0].isoformat(), Precision.day,
                    [ctx.evidence(named[-1].start(), named[-1].end())])


def _redated(event: Event, start: str | None, end: str | None, precision: Precision | None,
             evidence: list[Evidence]) -> Event:
    """``event`` with these dates, and the evidence that gives them added (each span once, in text order)."""
    merged = sorted({(e.start, e.end): e for e in [*event.evidence, *evidence]}.values(), key=lambda e: e.start)
    return event.model_copy(update={"start": start, "end": end, "precision": precision, "evidence": merged})


def _with_years(found: _Found) -> _Found:
    """An event no day or month dates takes the year written after its name ("automne 2024");
    "cette année" dates only the main event (``_dated_by_the_text``)."""
    if not found.dates and found.years and _is_written(found.years[0]):
        found.dates = found.years
    return found


def _is_written(date_mention: DateMention) -> bool:
    return any(ch.isdigit() for ch in date_mention.text)


def _inherit(part: Event, parent: Event) -> Event:
    """A part takes its parent's city, its venue when the text gives it none of its own, and its
    month or year, or its one day, when the text dates it no closer (a part is held within its event)."""
    update: dict[str, object] = {}
    if part.city is None and parent.city is not None:
        update.update(city=parent.city, country=parent.country)
    if part.venue is None and parent.venue is not None:
        update["venue"] = parent.venue
    if part.start is None and parent.start is not None and (parent.precision in (Precision.month, Precision.year)
                                                           or parent.start == parent.end):
        update.update(start=parent.start, end=parent.end, precision=parent.precision)
    return part.model_copy(update=update) if update else part


_REFERENCE_REACH = 400
#: ... and how many named mentions back it looks for one with its event word.
_REFERENCE_LOOKS = 50


def _referent(phrase: str, start: int, named: _Sorted[_Mention], names: dict[str, list[str]],
              main_key: str) -> str:
    """The event "le salon", "l'événement" or "le Salon" refers to: the nearest event named
    before it (with that event word in its name, when the phrase has one), else the main event."""
    keywords = event_rules().keywords
    word = next((w for w in fold(phrase).split() if w in keywords), None)
    for looked, mention in enumerate(named.before(start)):
        if looked >= _REFERENCE_LOOKS or (word is None and start - mention.end > _REFERENCE_REACH):
            break
        if mention.end > start or (word is not None and word not in names.get(mention.owner, [])):
            continue
        return mention.owner
    return main_key


def _with_epithets(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    """An unnamed event's noun with the lower-case adjectives right after it ("vente aux enchères
    caritative"), not a participle ("la réunion prévue le 3 mai")."""
    end = token_after(doc, span[1])
    if end >= len(doc) or doc[end].idx - span[1] > 1:
        return span  # not right after the noun
    last = None
    while end < len(doc) and is_epithet(doc[end]) and "\n" not in doc[end - 1].whitespace_:
        last = doc[end]
        end += 1
    return span if last is None else (span[0], last.idx + len(last.text))


def _unnamed_events(doc: Doc, ctx: Context, known: _Known, taken: set[tuple[int, int]], geo: Gazetteer,
                    nouns: list[tuple[int, int]], limit: int | None = None) -> list[Event]:
    """Events the text dates without naming them ("l'assemblée générale se tiendra le 3 avril")."""
    events: list[Event] = []
    for start, end in nouns:
        if limit is not None and len(events) >= limit:
            break
        found = _collect([_Mention(start, end, f"unnamed@{start}")], known, doc, ctx, geo)
        spans = {(d.evidence[0].start, d.evidence[0].end) for d in found.dates}
        if found.dates and not spans & taken:
            taken |= spans
            events.append(_unnamed_event(found, ctx, geo, start, end))
    return events


def _unnamed_event(found: _Found, ctx: Context, geo: Gazetteer, start: int, end: int) -> Event:
    """The event an unnamed noun at ``start``-``end`` stands for, named by its noun phrase as written."""
    event = _event(None, found, [], ctx, [(start, end)], geo)
    return event.model_copy(update={"name": generic_name(ctx.text[start:end])})


def _with_ceremonies(parent: Event, events: list[Event], doc: Doc, ctx: Context, known: _Known, geo: Gazetteer,
                     nouns: list[tuple[int, int]]) -> Event:
    """The main event with its ceremonies that no day of their own made an event ("la cérémonie de
    clôture", "l'inauguration officielle de cette 162e édition se fera le 1er octobre"): its parts,
    dated by their own sentence's days even when the event holds them, else by the event's one day."""
    def key(name: str) -> str:  # "la cérémonie officielle de lancement" is "la cérémonie de lancement"
        return " ".join(word for word in fold(name).split() if word not in ("officielle", "officiel"))

    written = {e.start for event in _all_events(events) for e in event.evidence}
    names = {key(e.name) for e in _all_events(events) if e.name}
    parts: list[Event] = []
    for start, end in nouns:
        name = generic_name(ctx.text[start:end])
        if start in written or key(name) in names or not event_rules().ceremonies.match(ctx.view, start):
            continue
        names.add(key(name))
        found = _collect([_Mention(start, end, f"unnamed@{start}")], known, doc, ctx, geo)
        if not found.dates:  # "L'inauguration officielle de cette 50e édition se fera le 1er octobre"
            found.dates = [d for d in known.dates.within(end, sentence_chars(doc, start)[1])
                           if d.precision is Precision.day][:1]
        parts.append(_inherit(_unnamed_event(found, ctx, geo, start, end), parent))
    return parent.model_copy(update={"parts": [*parent.parts, *parts]}) if parts else parent


_GENERIC_DETERMINER = re.compile(r"^(?:l['’]\s*|(?:le|la|les|un|une|ce|cet|cette|ces|son|sa|ses|leur|leurs)\s+)",
                                 re.IGNORECASE)


def generic_name(written: str) -> str:
    r"""The name of an event the text describes without naming it: its noun phrase as written,
    without determiner, on one line ("l'assemblée générale" -> "assemblée générale").

    >>> generic_name("L’assemblée\ngénérale annuelle")
    'assemblée générale annuelle'
    """
    return " ".join(_GENERIC_DETERMINER.sub("", written.strip()).split())


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in text order, the longest kept where two overlap ("la foire" inside "la foire-exposition")."""
    kept: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and spans_overlap(kept[-1], span):
            if span[1] - span[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = span
            continue
        kept.append(span)
    return kept


def _date_spans(event: Event) -> set[tuple[int, int]]:
    return {(e.start, e.end) for item in [event, *event.parts] for e in item.evidence}


def _free(spans: list[tuple[int, int]], taken: _Sorted[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans that overlap none of ``taken``."""
    return [span for span in spans
            if not any(spans_overlap(span, other) for other in taken.within(span[0] - 200, span[1] + 200))]


#: Characters of the text's head where a named event counts as one the text is about.
_HEAD = 200


def _salient(candidate: Candidate, ctx: Context) -> bool:
    """An event named with its event word that the text is about though it gives no date: named
    twice or more, or in the text's first lines ("Le Festival X et les Y s'entendent")."""
    keywords = event_rules().keywords
    if candidate.described or not any(word in keywords for word in fold(candidate.name).split()):
        return False
    return len(candidate.mentions) >= 2 or candidate.first < ctx.body_start + _HEAD


def _main(candidates: list[Candidate], doc: Doc, dates: _Sorted[DateMention]) -> Candidate | None:
    """The event the text is about: the one with an edition, else the first one a sentence of
    its mentions dates, else the first one named."""
    with_edition = next((c for c in candidates if c.edition is not None), None)
    if with_edition is not None:
        return with_edition
    for candidate in candidates:
        if any(dates.within(*sentence_chars(doc, start)) for start, _end in candidate.mentions):
            return candidate
    return candidates[0] if candidates else None


def find_events(doc: Doc, ctx: Context, names: EventNames, dates: list[DateMention],
                venues: list[Venue]) -> list[Event]:
    """Events with their parts and attributes (second step, once venues are known)."""
    return [_without_hypernym_name(event) for event in _events(doc, ctx, names, dates, venues)]


def _events(doc: Doc, ctx: Context, names: EventNames, dates: list[DateMention], venues: list[Venue]) -> list[Event]:
    loose_editions = names.loose_editions
    venue_places = [(e.start, e.end) for venue in venues for e in venue.evidence]
    candidates = [c for c in names.candidates if not _inside_venues(c.mentions, venue_places)]
    rules = event_rules()
    conferences = [c for c in candidates if rules.statement_occasions.match(c.name)]
    if conferences and len(conferences) < len(candidates):  # a press conference about another event: no event
        candidates = [c for c in candidates if c not in conferences]
    geo = gazetteer()
    dateline = ctx.dateline.date
    day_dates = [d for d in dates if d.precision is not Precision.year
                 and not (dateline and dateline[0] <= _span(d)[0] < dateline[1])]  # the release's own date
    told = _told(day_dates, ctx.view)
    if not any(rules.statement_occasions.match(ctx.view, s) for c in candidates for s, _e in c.mentions):
        day_dates = [d for d in day_dates if _span(d) not in told]  # no press conference is an event: they date none
    main = _main(candidates, doc, _Sorted(day_dates, _span))
    main_key = main.key if main else ""

    mentions = [_Mention(s, e, c.key) for c in candidates for s, e in c.mentions]
    unnamed = [_with_epithets(doc, m.span("noun")) for m in rules.unnamed.finditer(ctx.view, ctx.body_start)
               if not statement_occasion(ctx.view, m.start("noun"))]
    written = _Sorted([(m.start, m.end) for m in mentions] + unnamed, lambda span: span)
    anaphora = _free([m.span() for m in rules.anaphora.finditer(ctx.view, ctx.body_start)], written)
    named = _Sorted(list(mentions), lambda m: (m.start, m.end))
    words = {c.key: fold(c.name).split() for c in candidates}
    mentions += [_Mention(s, e, _referent(ctx.view[s:e], s, named, words, main_key))
                 for s, e in [*anaphora, *names.bare]]
    # "pour cette première édition" speaks of the event named just before it
    loose_owned = [(edition, span, _referent(ctx.view[span[0]:span[1]], span[0], named, words, main_key))
                   for edition, span in loose_editions]
    mentions += [_Mention(span[0], span[1], owner) for _ed, span, owner in loose_owned]
    mentions += [_Mention(s, e, f"unnamed@{s}") for s, e in unnamed]
    for candidate in candidates:
        mine = [(edition, span) for edition, span, owner in loose_owned if owner == candidate.key]
        candidate.edition_spans.extend(span for _ed, span in mine)
        if candidate.edition is None:
            candidate.edition = next((edition for edition, _span in mine if edition is not None), None)
    years = [d for d in dates if d.precision is Precision.year and _dates_an_event(d, ctx)]
    main = _main(candidates, doc, _Sorted(day_dates, _span))  # "Pour sa 58e édition, la Foire X": an edition too
    known = _Known.of(mentions, day_dates, venues, years, told)

    if main is None:
        # no name: an event all the same when an event word is followed by its dates
        return _unnamed_events(doc, ctx, known, set(), geo, _longest(unnamed + anaphora + names.bare), limit=1)

    part_keys: list[str] = []
    for candidate in candidates:
        if candidate is main:
            continue
        if candidate.programme and not candidate.dated:  # "16h30 - Table ronde": an item of the event's day
            part_keys.append(candidate.key)
            continue
        for start, _end in candidate.mentions:
            left, right = sentence_chars(doc, start)
            cues = [m for m in rules.part_cue.finditer(ctx.view, left, right) if not 0 <= start - m.end() <= 4]
            if cues:  # "A, dans le cadre du X": A is a part; X, right after the cue, contains it
                part_keys.append(candidate.key)
                break

    owned: dict[str, list[_Mention]] = {}
    for mention in known.mentions.items:
        owned.setdefault(mention.owner, []).append(mention)
    by_key = {c.key: c for c in candidates}
    parts = [_event(by_key[key], _with_years(_collect(owned.get(key, []), known, doc, ctx, geo)), [], ctx, [], geo)
             for key in part_keys]
    main_found = _collect(owned.get(main.key, []), known, doc, ctx, geo)
    parent = _event(main, main_found, parts, ctx, [], geo)
    parent = _dated_by_the_text(parent, ctx, main_found.years)
    parent = parent.model_copy(update={"parts": [_inherit(p, parent) for p in parent.parts]})
    events = [parent]
    # a report under a header month that dates nothing closer: what it tells of happened that month
    header_month = (not main_found.dates and parent.precision is Precision.month and parent.start == ctx.published)
    held_within: list[Event] = []
    for candidate in candidates:
        if candidate is main or candidate.key in part_keys:
            continue
        found = _with_years(_collect(owned.get(candidate.key, []), known, doc, ctx, geo))
        if found.dates or candidate.edition is not None or candidate.asserted or _salient(candidate, ctx):
            event = _event(candidate, found, [], ctx, [], geo)
            if candidate.described and not found.dates and candidate.edition is None and parent.start is not None:
                held_within.append(event)  # "Le cycle de conférences se déroulera ...": a part of the dated event
                continue
            if header_month and event.start is None:
                dated = {"start": parent.start, "end": parent.end, "precision": parent.precision}
                event = event.model_copy(update=dated)
            events.append(event)
    if held_within:
        events[0] = parent = parent.model_copy(update={"parts": [*parent.parts, *(_inherit(p, parent)
                                                                                   for p in held_within)]})
    taken = set().union(*(_date_spans(e) for e in events))
    if not main_found.dates:
        events[0] = _dated_nearby(events[0], main, day_dates, taken, ctx)
        taken |= _date_spans(events[0])
    events += _unnamed_events(doc, ctx, known, taken, geo, unnamed)
    events[0] = _with_ceremonies(events[0], events, doc, ctx, known, geo, unnamed)
    events[0] = _run_of_its_day(events[0], day_dates, set().union(*(_date_spans(e) for e in events)), ctx)
    events[0] = _on_its_weekday(events[0], doc, ctx)
    events = _without_history(events, ctx)
    events = _without_bare_repeats(events)
    events = _without_restatements(events)
    events = [_lasting(event, doc, ctx) for event in events]
    return sorted((_with_document_place(e, doc, ctx, venues, geo) for e in events), key=lambda e: e.evidence[0].start)


def _without_hypernym_name(event: Event) -> Event:
    """``event`` and its parts without a name that is one word saying what a name would be ("événement",
    "manifestation"): their dates and places stay, the event is unnamed."""
    hypernyms = event_rules().hypernyms
    parts = [_without_hypernym_name(part) for part in event.parts]
    update: dict[str, Any] = {"parts": parts} if parts != event.parts else {}
    if event.name is not None and fold(event.name).strip(" '’") in hypernyms:
        update["name"] = None
    return event.model_copy(update=update) if update else event


#: An event other than the main one that ended more than this many years before the main event (or the
#: publication) is the text's history, not an event it announces or reports.
_HISTORY_YEARS = 2


def _without_history(events: list[Event], ctx: Context) -> list[Event]:
    """Without the events and parts of the text's history: "le premier festival de musique qui vit en 1968
    des troupes d'Espagne" in a report of the 39th edition in 2017; "depuis le Sommet de la Terre en 2002".
    The main event stays, whatever its date."""
    reference = events[0].start or ctx.published
    if reference is None:
        return events
    oldest = int(reference[:4]) - _HISTORY_YEARS

    def recent(event: Event) -> bool:
        return event.end is None or int(event.end[:4]) >= oldest

    def pruned(event: Event) -> Event:
        return event.model_copy(update={"parts": [pruned(p) for p in event.parts if recent(p)]})

    return [pruned(events[0]), *(pruned(e) for e in events[1:] if recent(e))]


def _without_bare_repeats(events: list[Event]) -> list[Event]:
    """Drop an event named by its event word alone ("Forum", "le festival") when another event of
    the text is named with that word and more ("Forum international de Dakar sur la paix"): it is that
    event mentioned again, not another one, and its days replace the named one's when they hold them
    ("le festival, du 1er au 10 juillet" and "le Festival X ouvre le 1er juillet"); and a "name" of
    fewer than three letters (a stray capital)."""
    heads = {fold(e.name).split()[0] for e in _all_events(events) if e.name and len(fold(e.name).split()) > 1}
    kept: list[Event] = []
    repeats: dict[str, Event] = {}
    for event in events:
        words = fold(event.name).split() if event.name else []
        if event.name and not event.parts and sum(ch.isalpha() for ch in event.name) < 3:
            continue
        if event.name and not event.parts and len(words) == 1 and words[0] in heads:
            repeats.setdefault(words[0], event)
            continue
        kept.append(event)
    if not kept:
        return events
    for i, event in enumerate(kept):  # the named event takes the days its bare mention gives, when more
        repeat = repeats.pop(fold(event.name).split()[0], None) if event.name else None
        if repeat is not None and repeat.start is not None and repeat.end is not None and (event.start is None or (
                event.end is not None and repeat.precision == event.precision
                and repeat.start <= event.start <= event.end <= repeat.end and repeat.end > event.end)):
            kept[i] = _redated(event, repeat.start, repeat.end, repeat.precision, repeat.evidence)
    return kept


def _inside_venues(mentions: list[tuple[int, int]], places: list[tuple[int, int]]) -> bool:
    """True when every place a name is written lies inside a venue's name (``places``: where venues are
    written), and is not all of it: "Congrès de X" read in "au palais des Congrès de X" names the building,
    not an event."""
    return bool(mentions) and all(any(start <= s and e <= end and (s, e) != (start, end) for start, end in places)
                                  for s, e in mentions)


@cache
def _duration() -> re.Pattern[str]:
    """How long an event lasts, in days: "pendant trois jours", "sur quatre jours", "pour vingt jours de fête",
    "ce forum de deux jours", "deux jours durant", "s'est achevé ... après trois jours de débats" (not "il y a
    deux jours", "deux jours plus tard")."""
    count = rf"(?P<n>\d{{1,2}}|{alternation(list(cardinal_words()))})"
    return re.compile(rf"(?<!\w)(?:(?:pendant|durant|sur|de|en|pour|après)\s+{count}\s+jours(?!\w)"
                      rf"(?!\s+(?:plus\s+tard|après|avant))|{count.replace('?P<n>', '?P<n2>')}\s+jours\s+durant(?!\w))",
                      re.IGNORECASE)


#: Words that say an event has ended, or ends on the day written: the day is its last.
_CLOSED = re.compile(rf"{_END_VERBS}|(?:a|ont|avait|avaient)\s+pris\s+fin"
                     r"|s['’](?:est|sont)\s+(?:achevée?s?|terminée?s?|clôturée?s?)"
                     r"|(?:a|ont)\s+(?:fermé\s+ses\s+portes|baissé\s+le\s+rideau)"
                     r"|rideaux?\s+(?:est|sont|sera|seront)\s+tombée?s?", re.IGNORECASE)  # "les rideaux sont tombés"
#: The longest stay a duration gives an event, in days.
_LONGEST_STAY = 31


def _lasting(event: Event, doc: Doc, ctx: Context) -> Event:
    """An event dated by one day whose sentence, or the next, says how many days it lasts ("s'ouvre le 26
    février ... où on attend sur quatre jours ...", "a ouvert ce jeudi 24 novembre un colloque. Ce colloque
    se tiendra pendant trois jours"): from that day, that many days; up to that day when the text says the
    event ended ("a pris fin dimanche ... Durant dix jours"). A ceremony keeps its one day."""
    if event.precision is not Precision.day or event.start is None or event.start != event.end or (
            event.name and event_rules().ceremonies.match(ctx.view, event.evidence[0].start)):
        return event
    rule = _duration()
    for piece in event.evidence:
        left, right = sentence_chars(doc, piece.start)
        if right < len(ctx.view):  # and the next sentence, which goes on about it ("Ce forum de deux jours ...")
            right = sentence_chars(doc, right + 1)[1] if ctx.view[right:right + 1].isspace() else right
        found = rule.search(ctx.view, left, right)
        closed = _CLOSED.search(ctx.view, left, right) is not None
        if found is None or (found.group().lower().startswith("après") and not closed):
            continue  # "après trois jours de débats" tells how long only of an event that ended
        written = found.group("n") or found.group("n2")
        days = int(written) if written.isdigit() else cardinal_words().get(fold(written).replace("-", " "), 0)
        if not 2 <= days <= _LONGEST_STAY:
            return event
        day = datetime.date.fromisoformat(event.start)
        if closed:  # "a pris fin dimanche ... Durant dix jours, ...": its last day
            return _redated(event, (day - datetime.timedelta(days - 1)).isoformat(), event.end, Precision.day,
                            [ctx.evidence(*found.span())])
        return _redated(event, event.start, (day + datetime.timedelta(days - 1)).isoformat(), Precision.day,
                        [ctx.evidence(*found.span())])
    return event


#: An acronym in brackets ending a name: "Forum Social X (FSX)" is "Forum Social X" written again.
_BRACKETED_ACRONYM = re.compile(r"\s*\([^()]{2,12}\)\s*$")


def _restates(short: Event, long: Event) -> bool:
    """True when ``short``'s name is ``long``'s, or its first words (two or more), less an acronym in
    brackets ending either ("Assemblée générale ordinaire" and "Assemblée générale ordinaire de la
    Fédération"; "Festival X" and "Festival X (FX)"), and their days do not differ."""
    if not short.name or not long.name or short.parts or (
            short.start is not None and long.start is not None and (short.start, short.end) != (long.start, long.end)):
        return False
    mine = fold(_BRACKETED_ACRONYM.sub("", short.name)).split()
    theirs = fold(_BRACKETED_ACRONYM.sub("", long.name)).split()
    return len(mine) >= 2 and theirs[: len(mine)] == mine


def _without_restatements(events: list[Event]) -> list[Event]:
    """One event for a name written twice, once by its first words or with an acronym in brackets: the
    longer name stays (of two that differ by the acronym only, the one without it), with the evidence of
    both and the days, venue and edition one of them has. The main event keeps its place, first."""
    kept = list(events)
    i = 0
    while i < len(kept):
        j = next((j for j, other in enumerate(kept) if j != i and _restates(kept[i], other)
                  and len(fold(kept[i].name or "")) <= len(fold(other.name or ""))), None)
        if j is None:
            i += 1
            continue
        short, long = kept[i], kept[j]
        if _restates(long, short):  # the same words, one with its acronym: the name is the words
            short, long = long, short
        dated = long if long.start is not None else short
        merged = _redated(long, dated.start, dated.end, dated.precision, short.evidence)
        if merged.venue is None and short.venue is not None:
            merged = merged.model_copy(update={"venue": short.venue, "city": merged.city or short.city,
                                               "country": merged.country or short.country})
        if merged.edition is None and short.edition is not None:
            merged = merged.model_copy(update={"edition": short.edition})
        kept[min(i, j)] = merged
        del kept[max(i, j)]
        i = 0
    return kept


def _all_events(events: list[Event]) -> Iterator[Event]:
    for event in events:
        yield event
        yield from _all_events(event.parts)


def _with_document_place(event: Event, doc: Doc, ctx: Context, venues: list[Venue], geo: Gazetteer) -> Event:
    """What the document says of every event's place when the event's own text does not:
    the only venue the release names, and the city of its dateline ("Québec, le 12 mars –")."""
    update: dict[str, object] = {}
    if event.venue is None and len(venues) == 1:
        venue = venues[0]
        update["venue"] = venue.name
        if event.city is None and venue.city is not None:
            update.update(city=venue.city, country=venue.country)
    if event.city is None and "city" not in update:
        dateline = ctx.dateline.city
        if dateline is not None:
            written = ctx.text[dateline[0] : dateline[1]]
            place = geo.city(written, towns=True, prefer=ctx.countries)
            if place is not None:
                update.update(city=written, country=place.country)
    if not update:
        return event
    placed = event.model_copy(update=update)
    return placed.model_copy(update={"parts": [_inherit(part, placed) for part in placed.parts]})
