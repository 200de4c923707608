"""Who came and from where: counts from the figures, places from lists and origin cues.

Places are read in two shapes:

* lists under a continent label, one label a line ("Europe : Paris – Berlin",
  "Afrique : Accra, Nairobi et Cocody"): every item counts, known to GeoNames
  or not, and the label both disambiguates the city and is kept as written;
* names after an origin cue ("venus d'Italie, d'Espagne et du Portugal",
  "venus de Lyon et de Genève", "provenant de France", "dont Namur, Liège"),
  when the cue describes people, not things ("les livres, venus de Genève");
* names after people and "de" ("les maires des villes de A, de B", "des
  représentants de villes comme A, B ou C", "des délégués de pays comme le
  Mali", "ceux de A" after such a list);
* adjectives of nationality after people ("des géologues espagnols et
  polonais"): countries, named as written.

Only names the gazetteer knows count after the weaker cues, since they alone
do not make a word a place. Never a place: a continent ("venus d'Europe"), an
acronym read as an airport code ("(ADE)", "OMS"), a place in a sentence that
says the people did not come ("en l'absence des chercheurs marocains"), nor
the event's own city or country.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from extractor._text import alternation, fold, fold_name, load_data, word_pattern
from extractor.chunks import enumeration, is_capitalised, sentence_chars, sentence_end, token_after
from extractor.context import Context
from extractor.geo import Gazetteer, gazetteer
from schemas import City, ContinentCode, Country, Event, Evidence, Figure, Speakers

#: Small words a place's name may hold ("Santiago du Chili", "Saint-Jean de Terre-Neuve").
_PLACE_LINKS = frozenset({"de", "du", "des", "d'", "la", "le", "les", "l'", "-", "sur", "en", "aux"})
_ITEM_SEPARATOR = re.compile(r"\s+[-–—]\s+|\s*[–—,;/•|·]\s*|\s+et\s+")


@dataclass(frozen=True)
class _Rules:
    speaker_nouns: frozenset[str]
    participant_nouns: frozenset[str]
    continent_nouns: frozenset[str]
    origin: re.Pattern[str]
    strong_origin: re.Pattern[str]
    participles: frozenset[str]
    people: frozenset[str]
    others: frozenset[str]
    people_suffixes: tuple[str, ...]
    not_people: frozenset[str]
    groups: frozenset[str]
    examples: re.Pattern[str]
    absence: re.Pattern[str]
    pronouns: frozenset[str]
    participation: re.Pattern[str]
    quantifiers: frozenset[str]


@cache
def _rules() -> _Rules:
    data = load_data("figures_fr.json")
    return _Rules(
        speaker_nouns=frozenset(fold(n) for n in data["speaker_nouns"]),
        participant_nouns=frozenset(fold(n) for n in data["participant_nouns"]),
        continent_nouns=frozenset(fold(n) for n in data["continent_nouns"]),
        origin=re.compile(word_pattern(data["origin_cues"]), re.IGNORECASE),
        strong_origin=re.compile(r"(?:venu|venant|originaire|en\s+provenance|provenant|arrivé)", re.IGNORECASE),
        participles=frozenset(data["origin_participles"]),
        people=frozenset(word.lower() for word in data["people_nouns"]),
        others=frozenset(word.lower() for word in data["body_nouns"] + data["population_nouns"]),
        people_suffixes=tuple(data["people_suffixes"]),
        not_people=frozenset(data["not_people"]),
        groups=frozenset(data["origin_groups"]),
        examples=re.compile(word_pattern(data["example_words"]), re.IGNORECASE),
        absence=re.compile(word_pattern(data["absence_cues"]), re.IGNORECASE),
        pronouns=frozenset(data["pronouns"]),
        quantifiers=frozenset(data["quantifiers"]),
        participation=re.compile(rf"(?<!\w)(?:{'|'.join(data['participation_cues'])})(?!\w)", re.IGNORECASE),
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
    if label is None and geo.continent_label(written) is not None:
        return  # "venus d'Europe": a continent is neither a city nor a country
    country = geo.country(written)
    place = geo.city(written, continents, strict=not keep_unknown, towns=keep_unknown)
    if written.isupper() and country is None and (place is None or fold(place.name) != fold(written)):
        return  # an acronym ("OMS", "ADE") is not an airport code or an alternate name
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


def _is_people(token: Token, taking_part: bool = False) -> bool:
    """True for a noun of people ("géologues", "maires", "délégation"); with ``taking_part``, only
    people who take part, not bodies or populations ("universités", "femmes").

    >>> from spacy.lang.fr import French
    >>> [_is_people(t) for t in French()("géologues maires femmes livres entretiens")]
    [True, True, True, False, False]
    >>> [_is_people(t, taking_part=True) for t in French()("géologues femmes")]
    [True, False]
    """
    rules = _rules()
    lower = token.lower_
    if lower in rules.others:
        return not taking_part
    return lower in rules.people or (lower.endswith(rules.people_suffixes) and lower not in rules.not_people)


def _participants(token: Token) -> bool:
    """True for people who take part, as a group: a plural noun ("des géologues"), or a delegation."""
    return (token.pos_ == "NOUN" and token.is_lower and _is_people(token, taking_part=True)
            and ("Plur" in token.morph.get("Number", []) or token.lower_.startswith("délégation")))


def _describes_things(doc: Doc, cue: int, floor: int) -> bool:
    """True when the participle at token ``cue`` agrees with a noun of things ("les livres, venus de")."""
    i = cue - 1
    while i >= floor and cue - i <= 4 and (doc[i].text == "," or doc[i].pos_ in ("ADJ", "ADV")):
        i -= 1
    return i >= floor and doc[i].pos_ == "NOUN" and not _is_people(doc[i])


def _after_group(doc: Doc, text: str, i: int, limit: int) -> int:
    """Token after "villes comme", "pays tels que", "villes de": where the places of a group start."""
    groups = _rules().groups
    if i < limit and doc[i].lower_ in ("les", "des", "de", "d'"):
        i += 1
    while i < limit and (doc[i].lower_ in _rules().quantifiers or doc[i].like_num):
        i += 1  # "de plusieurs pays", "de nombreuses villes"
    if i >= limit or doc[i].text not in groups:
        return i
    j = i + 1
    while j < limit and doc[j].pos_ == "ADJ" and doc[j].is_lower:
        j += 1  # "pays africains comme"
    if j < limit and doc[j].text == "(":
        return j + 1  # "de plusieurs pays (France, Belgique, Suisse)"
    following = doc[j].idx if j < limit else None
    example = _rules().examples.match(text, following) if following is not None else None
    if example is None:
        return i
    return token_after(doc, example.end())


def _named_places(doc: Doc, first: int, geo: Gazetteer) -> list[Span]:
    """The places enumerated from token ``first`` to the end of its sentence ("A, B ou C" too)."""
    limit = sentence_end(doc, first)
    names: list[Span] = []
    while True:
        found = enumeration(doc, first, limit)
        names.extend(_with_article(doc, _longest_country(doc, name, geo), geo) for name in found)
        after = found[-1].end if found else first
        if not found or after >= limit or doc[after].lower_ != "ou":
            return names
        first = after + 1


def _inside_a_name(doc: Doc, i: int, floor: int) -> bool:
    """True when the noun at token ``i`` belongs to a body's name ("Association des dinandiers de X")."""
    return i - 2 >= floor and doc[i - 1].lower_ in ("des", "de", "d'") and is_capitalised(doc[i - 2])


class _Finder:
    """Places where people come from, sentence by sentence, in one document."""

    def __init__(self, doc: Doc, ctx: Context, geo: Gazetteer, places: _Places) -> None:
        self.doc, self.ctx, self.geo, self.places = doc, ctx, geo, places
        self.floor = ctx.body_tokens(doc)
        self.sentences: set[int] = set()  # sentences (by end token) that named where people came from
        self.said: dict[tuple[str, int], bool] = {}
        #: One pass over the tokens: nouns of people who take part, people named by nationality.
        self.participants: list[int] = []
        self.nationals: list[int] = []
        for token in doc[self.floor :]:
            if token.pos_ != "NOUN" and token.pos_ != "PROPN":
                continue
            if _participants(token):
                self.participants.append(token.i)
            elif (is_capitalised(token) and token.text.endswith(("s", "x")) and geo.demonym(token.text) is not None
                  and token.i - 1 >= self.floor and doc[token.i - 1].lower_ in ("des", "les", "aux", "de", "d'")):
                self.nationals.append(token.i)  # "des Maliens"

    def may_be_unknown_place(self, name: Span) -> bool:
        """A name GeoNames lacks is a place only when written like one: capitalised words
        ("Reconvilier", "Port-Bouët"), not a body ("Université Laval") nor a description
        ("Pyrénées françaises et espagnoles")."""
        geo = self.geo
        if geo.country(name.text) is not None or geo.city(name.text, towns=True) is not None:
            return True
        if any(token.ent_type_ in ("ORG", "PER", "MISC") for token in name):
            return False
        return all(is_capitalised(token) or token.lower_ in _PLACE_LINKS for token in name)

    def _says(self, pattern: re.Pattern[str], i: int) -> bool:
        """True when the sentence of token ``i`` holds ``pattern``; each sentence is searched once."""
        key = (pattern.pattern, sentence_end(self.doc, i))
        found = self.said.get(key)
        if found is None:
            start, end = sentence_chars(self.doc, self.doc[i].idx)
            found = self.said[key] = pattern.search(self.ctx.view, start, end) is not None
        return found

    def absent(self, i: int) -> bool:
        """True when the sentence of token ``i`` says the people did not come."""
        return self._says(_rules().absence, i)

    def taking_part(self, i: int) -> bool:
        """True when the sentence of token ``i`` says people take part ("ont réuni", "interviendront")."""
        return self._says(_rules().participation, i)

    def add(self, names: list[Span], keep_unknown: bool, tagged_places: bool = False) -> None:
        """Add the places of ``names``: unknown ones too when ``keep_unknown``, or, with
        ``tagged_places``, when the NER tags them as places ("des ouvriers de Reconvilier")."""
        if keep_unknown:
            names = [name for name in names if self.may_be_unknown_place(name)]
        if not names or self.absent(names[0].start):
            return
        self.sentences.add(sentence_end(self.doc, names[0].start))
        cities = _mostly_cities(self.geo, [n.text for n in names])
        for name in names:
            unknown = keep_unknown or (tagged_places and all(t.ent_type_ == "LOC" for t in name)
                                       and self.may_be_unknown_place(name))
            _place(self.places, self.geo, self.ctx.span_evidence(name), None, None, unknown, prefer_city=cities)

    def origin_cues(self) -> None:
        """Places after an origin cue; after "venus de", "originaires de", "en provenance de" even
        places GeoNames lacks, since the cue makes them places; after "dont" only known ones."""
        rules = _rules()
        doc = self.doc
        for cue in rules.origin.finditer(self.ctx.view, self.ctx.body_start):
            at = token_after(doc, cue.start())
            if at < len(doc) and doc[at].lower_ in rules.participles and _describes_things(doc, at, self.floor):
                continue
            first = _after_group(doc, self.ctx.view, token_after(doc, cue.end()), len(doc))
            self.add(_named_places(doc, first, self.geo), rules.strong_origin.match(cue.group()) is not None)

    def people_of(self) -> None:
        """Known places after people and "de": "les maires des villes de A, de B", "des délégués de
        pays comme le Mali", "des exposants d'Italie"; then "ceux de C" in the same sentence."""
        doc = self.doc
        for i in self.participants:
            if _inside_a_name(doc, i, self.floor):
                continue
            j = i + 1
            while j < len(doc) and j - i <= 2 and doc[j].pos_ in ("ADJ", "NOUN") and doc[j].is_lower:
                j += 1  # "des ouvriers grévistes de"
            if j < len(doc) and doc[j].lower_ in ("de", "d'", "du", "des") and self.taking_part(i):
                first = _after_group(doc, self.ctx.view, j, len(doc))
                self.add(_named_places(doc, first, self.geo), keep_unknown=False, tagged_places=True)
        pronouns = _rules().pronouns
        for token in doc[self.floor : len(doc) - 1]:
            if token.lower_ in pronouns and sentence_end(doc, token.i) in self.sentences:
                self.add(_named_places(doc, token.i + 1, self.geo), keep_unknown=False, tagged_places=True)

    def nationalities(self) -> None:
        """Countries of adjectives of nationality after people ("des géologues espagnols et
        polonais"), and of people named by their nationality ("des Maliens et des Ivoiriens")."""
        doc, geo = self.doc, self.geo
        for i in self.nationals:
            self.add_nationalities([doc[i]])
        after = self.floor
        for i in self.participants:
            if i < after:
                continue  # inside the run of the previous noun
            j = i + 1
            while j < len(doc) and j - i <= 2 and doc[j].pos_ == "ADJ" and geo.demonym(doc[j].text) is None:
                j += 1  # "des chercheurs universitaires marocains"
            found: list[Token] = []
            while j < len(doc) and (doc[j].text in (",", "et", "ou") or (
                    doc[j].is_lower and geo.demonym(doc[j].text) is not None)):
                if doc[j].text not in (",", "et", "ou"):
                    found.append(doc[j])
                j += 1
            if found:
                self.add_nationalities(found)
                after = j

    def add_nationalities(self, words: list[Token]) -> None:
        """Add the countries of ``words`` when their sentence says people take part and do come."""
        if self.absent(words[0].i) or not self.taking_part(words[0].i):
            return
        for word in words:
            code = self.geo.demonym(word.text)
            self.places.add_country(Country(
                name=word.text, code=code, continent_code=_code(self.geo.continent_of(code) if code else None),
                evidence=[self.ctx.evidence(word.idx, word.idx + len(word.text))]))


def _count(figures: list[Figure], nouns: frozenset[str]) -> Figure | None:
    return next((f for f in figures if fold(f.unit) in nouns), None)


def _home(ctx: Context, events: Sequence[Event], geo: Gazetteer) -> tuple[set[str], set[int], set[str]]:
    """Names, GeoNames ids and country codes of where the events take place (else of the dateline)."""
    names: set[str] = set()
    ids: set[int] = set()
    codes: set[str] = set()
    stack = list(events)
    while stack:
        event = stack.pop()
        stack.extend(event.parts)
        if event.city:
            names.add(fold_name(event.city))
        if event.country:
            codes.add(event.country)
    if ctx.dateline.city is not None and not names:
        names.add(fold_name(ctx.text[ctx.dateline.city[0] : ctx.dateline.city[1]]))
    for name in list(names):
        place = geo.city(name, towns=True)
        if place is not None:
            ids.add(place.geonames_id or 0)
            if not codes and place.country:
                codes.add(place.country)
    return names, ids, codes


def find_speakers(doc: Doc, ctx: Context, figures: list[Figure], events: Sequence[Event] = ()) -> Speakers | None:
    """Counts and places of speakers or participants; None when the text says nothing of them.

    ``events`` are the record's events: their own cities and countries are not where people came from.
    """
    rules = _rules()
    geo = gazetteer()
    places = _Places(cities={}, countries={})
    _labelled_lists(ctx.view, ctx, geo, places)
    finder = _Finder(doc, ctx, geo, places)
    finder.origin_cues()
    finder.people_of()
    finder.nationalities()
    names, ids, codes = _home(ctx, events, geo)
    count = _count(figures, rules.speaker_nouns) or _count(figures, rules.participant_nouns)
    continents = _count(figures, rules.continent_nouns)
    cities = sorted((c for c in places.cities.values()
                     if fold_name(c.name) not in names and (c.geonames_id or -1) not in ids),
                    key=lambda c: c.evidence[0].start)
    countries = sorted((c for c in places.countries.values() if c.code not in codes),
                       key=lambda c: c.evidence[0].start)
    if count is None and continents is None and not cities and not countries:
        return None
    return Speakers(
        count=int(count.value) if count is not None else None,
        approximate=count.approximate if count is not None else False,
        continents_count=int(continents.value) if continents is not None else None,
        cities=cities,
        countries=countries,
    )
