"""The one place a record is put together from the field rules."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from importlib import metadata

from spacy.tokens import Doc

from extractor.core.context import Context
from extractor.core.document import detect_language, looks_like_mojibake, sha256_of
from extractor.rules.dates import mentions_in
from extractor.rules.event_names import find_event_names, stated_year
from extractor.rules.events import find_events, not_its_year
from extractor.rules.figures import find_figures
from extractor.rules.geo import gazetteer
from extractor.rules.learned import learned_spans
from extractor.rules.organisers import find_organisers, with_learned
from extractor.rules.speakers import find_speakers
from extractor.rules.themes import find_themes
from extractor.rules.venues import find_venues, place_noun
from schemas import (
    SCHEMA_VERSION,
    DateMention,
    Document,
    Event,
    Meta,
    Organisation,
    Precision,
    PressRelease,
    Role,
    Venue,
)


def _version() -> str:
    try:
        return metadata.version("fr-press-events")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "0+unknown"


EXTRACTOR_VERSION = _version()


def _with_implied_cities(venues: list[Venue], events: list[Event]) -> list[Venue]:
    """Venues whose city the text leaves to the event take the event's city."""
    implied: dict[str, tuple[str, str | None]] = {}
    stack = list(events)
    while stack:
        event = stack.pop()
        if event.venue is not None and event.city is not None:
            implied.setdefault(event.venue, (event.city, event.country))
        stack.extend(event.parts)
    return [
        venue.model_copy(update={"city": implied[venue.name][0], "country": implied[venue.name][1]})
        if venue.city is None and venue.name in implied
        else venue
        for venue in venues
    ]


def _warnings(ctx: Context, language: str, dates: list[DateMention], events: list[Event],
              reference: str | None) -> list[str]:
    warnings: list[str] = list(ctx.notes)
    if looks_like_mojibake(ctx.text):
        warnings.append("the text looks like mojibake (UTF-8 read as Latin-1, 'Ã©' for 'é'): names and dates may be "
                        "missed; repair it (ftfy.fix_encoding) before extracting")
    if language not in ("fr", "und"):
        warnings.append(f"the text looks written in '{language}', not French; the rules read French")
    unknown = [d.text for d in dates if d.start is None]
    if unknown:
        warnings.append(
            f"no publication date: the year of {len(unknown)} date expression(s) is unknown ({unknown[0]!r}...)"
        )
    inferred = sorted({d.text for d in dates if d.year_inferred}, key=[d.text for d in dates].index)
    for text in inferred:
        if ctx.published:
            warnings.append(f"year of {text!r} inferred from the publication date {ctx.published}")
        else:
            warnings.append(f"year of {text!r} inferred from the year the text states ({reference})")
    if not events:
        warnings.append("no event found")
    return warnings


_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


#: The text's own country is the one its places name this many times or more...
_HOME_MENTIONS = 2
#: ... and this many times more than any other country.
_HOME_MARGIN = 2


def _countries_of(doc: Doc, ctx: Context) -> tuple[frozenset[str], str | None]:
    """Countries the release names (or whose people it names: "libanais"), and the country of
    its dateline: they decide between namesakes ("Sion" in Switzerland, not Jerusalem). With them,
    the country its places (towns and countries, as the NER finds them) point to clearly, when one
    leads: a Swiss text's "entreprises genevoises" are its own, not visitors' (``Context.home``)."""
    geo = gazetteer()
    words = {word for word in _WORDS.findall(ctx.view) if word.islower()}  # not a Token object per word
    codes = {code for word in words if (code := geo.demonym(word)) is not None}
    places: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ == "LOC" and ent.start_char >= ctx.body_start:
            country = geo.country(ent.text)
            if country is not None:
                codes.add(country.code)
                places[country.code] += 1
            elif (town := geo.city(ent.text, towns=True)) is not None and town.country:
                places[town.country] += 1
    if ctx.dateline.city is not None:
        place = geo.city(ctx.text[ctx.dateline.city[0] : ctx.dateline.city[1]], towns=True)
        if place is not None and place.country:
            codes.add(place.country)
    ranked = places.most_common(2)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    leads = bool(ranked) and ranked[0][1] >= _HOME_MENTIONS and ranked[0][1] - runner_up >= _HOME_MARGIN
    return frozenset(codes), ranked[0][0] if leads else None


def _is_a_place(organiser: Organisation) -> bool:
    """True for a body named by its building ("Salle des cartes de X", "Musée Y"), or by its institution
    when it organises ("La Faculté Z a accueilli un colloque", not "grâce au soutien de la Fondation W"):
    when it hosts an event it is both an organiser and the venue."""
    kind = place_noun(organiser.name)
    return kind == "building" or (kind == "institution" and organiser.role in (Role.organiser, Role.co_organiser))


#: A title is a first line at most this long (characters).
_TITLE_CHARS = 100
#: A year written right after a word and a space ("Libramont 2019"), not inside a figure or a date.
_TITLE_YEAR = re.compile(r"(?<=[^\W\d_]\s)(?:19|20)\d\d(?!\w)")


def _title_year(view: str, start: int, dates: list[DateMention]) -> str | None:
    """The year a text's title writes after a word ("Accueil Libramont 2019", "Rencontres X 2013"), outside any
    date, when the text has no publication date: the year of the edition the text is about."""
    line = view[start:].lstrip()
    offset = len(view) - len(line)
    end = line.find("\n")
    title = line if end < 0 else line[:end]
    if len(title) > _TITLE_CHARS:
        return None
    dated = [(e.start, e.end) for d in dates for e in d.evidence]
    for found in _TITLE_YEAR.finditer(title):
        at = offset + found.start()
        if not any(left <= at < right for left, right in dated):
            return found.group()
    return None


def _written_year(dates: list[DateMention], view: str) -> str | None:
    """The year of the first date the text writes with its year, when it has no publication date:
    "aujourd'hui 26 juin ... jusqu'au 10 juillet 2018" puts 26 June in 2018 too. A day or a month written
    with its year comes first: a year alone is more often a text's history ("Fondées en 1994, les
    Rencontres ... samedi 2 décembre ... prend fin le 31 janvier 2018"); among years alone, one that no
    word of history opens ("a vu le jour en 1959 ... En 2010, ce sont 900 auteurs")."""
    years = [(d.precision is Precision.year, d.precision is Precision.year and not_its_year(view, d.evidence[0].start),
              d.start[:4]) for d in dates if d.start is not None and not d.year_inferred]
    # the first of a day or month, else the first year alone that no history word opens ("né en 1927"), else any
    return min(years, key=lambda year: year[:2])[2] if years else None


def build_record(doc: Doc, ctx: Context, model: str, model_version: str) -> PressRelease:
    """The record of one parsed document: every field rule run once, in dependency order."""
    countries, home = _countries_of(doc, ctx)
    ctx = dataclasses.replace(ctx, countries=countries, home=home)
    view = ctx.view
    reference = ctx.published or stated_year(view, ctx.body_start)
    dates = mentions_in(view, ctx.body_start, reference, original=ctx.text)
    if reference is None:
        reference = _title_year(view, ctx.body_start, dates) or _written_year(dates, view)
        if reference is not None:
            dates = mentions_in(view, ctx.body_start, reference, original=ctx.text)
    learned = learned_spans(doc)
    organisers = credited = find_organisers(doc, ctx)
    names = find_event_names(doc, ctx, dates, organisers, learned)
    if names.candidates:  # the span model's organisers, in a text about an event only
        organisers = with_learned(doc, ctx, organisers, learned, [(c.name, c.mentions) for c in names.candidates])
    # a name only the model credits may still be where the event is ("l'Université X accueille")
    exclude = names.spans() + [(e.start, e.end) for o in credited if not _is_a_place(o) for e in o.evidence]
    anchors = names.spans() + [(d.evidence[0].start, d.evidence[0].end) for d in dates]
    venues = find_venues(doc, ctx, exclude=exclude, anchors=anchors, learned=learned)
    events = find_events(doc, ctx, names, dates, venues)
    venues = _with_implied_cities(venues, events)
    figures = find_figures(view, ctx, dates)
    language = detect_language(ctx.text[ctx.body_start :])
    digest = sha256_of(ctx.text)
    return PressRelease(
        schema_version=SCHEMA_VERSION,
        document=Document(
            id=ctx.doc_id or digest[:16],
            source=ctx.source,
            sha256=digest,
            language=language,
            published=ctx.published,
            length=len(ctx.text),
            text=ctx.text if ctx.with_text else None,
        ),
        meta=Meta(extractor_version=EXTRACTOR_VERSION, spacy_model=model, spacy_model_version=model_version),
        events=events,
        organisers=organisers,
        venues=venues,
        themes=find_themes(doc, ctx),
        speakers=find_speakers(doc, ctx, figures, events),
        figures=figures,
        dates=dates,
        warnings=_warnings(ctx, language, dates, events, reference),
    )
