"""Who came and from where: counts from the figures, places from lists and origin cues.

Places are read in two shapes:

* lists under a continent label, one label a line ("Europe : Paris – Berlin",
  "Afrique : Accra, Nairobi et Cocody"): every item counts, known to GeoNames
  or not, and the label both disambiguates the city and is kept as written;
* names after an origin cue ("venus d'Italie, d'Espagne et du Portugal",
  "venus de Lyon et de Genève", "dont Namur, Liège"): only names the gazetteer
  knows count, since the cue alone does not make a word a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from extractor._text import alternation, fold, fold_name, load_data, word_pattern
from extractor.chunks import enumeration, sentence_end, token_after
from extractor.context import Context
from extractor.geo import Gazetteer, gazetteer
from schemas import City, ContinentCode, Country, Evidence, Figure, Speakers

_ITEM_SEPARATOR = re.compile(r"\s+[-–—]\s+|\s*[–—,;/•|·]\s*|\s+et\s+")


@dataclass(frozen=True)
class _Rules:
    speaker_nouns: frozenset[str]
    participant_nouns: frozenset[str]
    continent_nouns: frozenset[str]
    origin: re.Pattern[str]
    strong_origin: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = load_data("figures_fr.json")
    return _Rules(
        speaker_nouns=frozenset(fold(n) for n in data["speaker_nouns"]),
        participant_nouns=frozenset(fold(n) for n in data["participant_nouns"]),
        continent_nouns=frozenset(fold(n) for n in data["continent_nouns"]),
        origin=re.compile(word_pattern(data["origin_cues"]), re.IGNORECASE),
        strong_origin=re.compile(r"(?:venu|originaire|en\s+provenance)", re.IGNORECASE),
    )


@dataclass
class _Places:
    cities: dict[str, City]
    countries: dict[str, Country]

    def add_city(self, city: City) -> None:
        key = fold_name(city.name)
        if key in self.cities:
            self.cities[key].evidence.extend(city.evidence)
        else:
            self.cities[key] = city

    def add_country(self, country: Country) -> None:
        key = country.code or fold_name(country.name)
        if key in self.countries:
            self.countries[key].evidence.extend(country.evidence)
        else:
            self.countries[key] = country


def _code(value: str | None) -> ContinentCode | None:
    return ContinentCode(value) if value else None


def _place(
    places: _Places, geo: Gazetteer, span: Evidence, label: str | None,
    continents: tuple[str, ...] | None, keep_unknown: bool, prefer_city: bool = False,
) -> None:
    """Add one written place to ``places``, as a country or a city.

    A name that is both ("Mexico", "Luxembourg") is a country unless ``prefer_city``.
    """
    written = span.text
    country = geo.country(written)
    place = geo.city(written, continents, towns=keep_unknown)
    if country is not None and not (prefer_city and place is not None):
        places.add_country(Country(name=written, code=country.code, continent_code=_code(country.continent),
                                   evidence=[span]))
        return
    if place is None and not keep_unknown:
        return
    if place is None:
        single = continents[0] if continents and len(continents) == 1 else None
        places.add_city(City(name=written, normalized=written, country=None, continent=label,
                             continent_code=_code(single), geonames_id=None, evidence=[span]))
        return
    places.add_city(City(name=written, normalized=place.name, country=place.country, continent=label,
                         continent_code=_code(place.continent), geonames_id=place.geonames_id, evidence=[span]))


def _mostly_cities(geo: Gazetteer, names: list[str]) -> bool:
    """True when the names of a list that are only cities outnumber those that are only countries."""
    cities = sum(1 for n in names if geo.city(n) is not None and geo.country(n) is None)
    countries = sum(1 for n in names if geo.country(n) is not None and geo.city(n) is None)
    return cities > countries


@cache
def _label_pattern() -> re.Pattern[str]:
    """A continent label and its colon, anywhere: lists are read the same on their own lines or
    run together in one paragraph ("... : Paris – Berlin Afrique : Accra, Nairobi")."""
    labels = load_data("geo_fr.json")["continent_labels"]
    return re.compile(rf"(?<!\w)(?P<label>{alternation(list(labels))})[ \t\u00a0]*:[ \t\u00a0]*")


#: Where a labelled list ends when no other label follows: a line end, a full stop, a semicolon.
_LIST_END = re.compile(r"\n|[.;](?:\s|$)")


#: Words an unknown place of a list may have ("Santiago du Chili" is known; "Cocody" too short to doubt).
_ITEM_WORDS = 3


def _list_item(geo: Gazetteer, written: str, continents: tuple[str, ...] | None) -> str:
    """The place an item of a labelled list names: the item, or, when it runs on into the next
    sentence (a list without its full stop), the longest known place that opens it."""
    words = written.split()
    if len(words) <= _ITEM_WORDS or geo.city(written, continents) or geo.country(written):
        return written
    for size in range(min(len(words) - 1, 4), 0, -1):
        head = " ".join(words[:size])
        if geo.city(head, continents) is not None or geo.country(head) is not None:
            return written[: written.index(words[size - 1]) + len(words[size - 1])]
    return ""


def _labelled_lists(text: str, ctx: Context, geo: Gazetteer, places: _Places) -> None:
    labels = [m for m in _label_pattern().finditer(text, ctx.body_start) if m.group("label")[:1].isupper()]
    for index, line in enumerate(labels):
        continents = geo.continent_label(line.group("label"))
        if continents is None:
            continue
        label = ctx.text[line.start("label") : line.end("label")]
        items_start = line.end()
        limit = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        stop = _LIST_END.search(text, items_start, limit)
        items = text[items_start : stop.start() if stop else limit]
        position = 0
        spans: list[Evidence] = []
        for part in _ITEM_SEPARATOR.split(items):
            offset = items.find(part, position)
            position = offset + len(part)
            written = _list_item(geo, part.strip().rstrip(".;,"), continents)
            if not written or not written[:1].isupper():
                continue
            start = items_start + offset + part.find(written)
            spans.append(ctx.evidence(start, start + len(written)))
        cities = _mostly_cities(geo, [s.text for s in spans])
        for span in spans:
            _place(places, geo, span, label, continents, keep_unknown=True, prefer_city=cities)


def _longest_country(doc: Doc, name: Span, geo: Gazetteer) -> Span:
    """"Guinée" + "équatoriale", "Arabie" + "saoudite": a country name that runs on in lower case."""
    best = name
    for end in range(name.end + 1, min(name.end + 4, len(doc)) + 1):
        if not all(t.is_alpha or t.text in "-'’" for t in doc[name.end : end]):
            break
        if geo.country(doc[name.start : end].text) is not None:
            best = doc[name.start : end]
    return best


def _with_article(doc: Doc, name: Span, geo: Gazetteer) -> Span:
    """"La Rochelle", "Le Caire": the article belongs to a city's name when the city has it."""
    before = name.start - 1
    if before >= 0 and doc[before].text in ("La", "Le", "Les", "L'", "L’"):
        longer = doc[before : name.end]
        if geo.city(longer.text) is not None:
            return longer
    return name


def _origin_lists(doc: Doc, ctx: Context, geo: Gazetteer, places: _Places) -> None:
    """Places after an origin cue; after "venus de", "originaires de", "en provenance de" even
    places GeoNames lacks, since the cue makes them places; after "dont" only known ones."""
    strong = _rules().strong_origin
    for cue in _rules().origin.finditer(ctx.view, ctx.body_start):
        first = token_after(doc, cue.end())
        names = [_with_article(doc, _longest_country(doc, name, geo), geo)
                 for name in enumeration(doc, first, sentence_end(doc, first))]
        cities = _mostly_cities(geo, [n.text for n in names])
        keep_unknown = strong.match(cue.group()) is not None
        for name in names:
            _place(places, geo, ctx.span_evidence(name), None, None, keep_unknown, prefer_city=cities)


def _count(figures: list[Figure], nouns: frozenset[str]) -> Figure | None:
    return next((f for f in figures if fold(f.unit) in nouns), None)


def find_speakers(doc: Doc, ctx: Context, figures: list[Figure]) -> Speakers | None:
    """Counts and places of speakers or participants; None when the text says nothing of them."""
    rules = _rules()
    geo = gazetteer()
    places = _Places(cities={}, countries={})
    _labelled_lists(ctx.view, ctx, geo, places)
    _origin_lists(doc, ctx, geo, places)
    count = _count(figures, rules.speaker_nouns) or _count(figures, rules.participant_nouns)
    continents = _count(figures, rules.continent_nouns)
    if count is None and continents is None and not places.cities and not places.countries:
        return None
    cities = sorted(places.cities.values(), key=lambda c: c.evidence[0].start)
    countries = sorted(places.countries.values(), key=lambda c: c.evidence[0].start)
    return Speakers(
        count=int(count.value) if count is not None else None,
        approximate=count.approximate if count is not None else False,
        continents_count=int(continents.value) if continents is not None else None,
        cities=cities,
        countries=countries,
    )
