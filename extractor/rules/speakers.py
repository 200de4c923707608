"""Who came and from where: counts from the figures, places from lists and origin cues.

Places are read in these shapes:

* lists under a continent label, one label a line ("Europe : Paris – Berlin",
  "Afrique : Accra, Nairobi et Cocody"): every item counts, known to GeoNames
  or not, and the label both disambiguates the city and is kept as written;
* names after an origin cue ("venus d'Italie, d'Espagne et du Portugal",
  "venus de Lyon et de Genève", "provenant de France", "dont Namur, Liège",
  "des maires, dont ceux de A, B"), when the cue describes people, not things
  ("les livres, venus de Genève", "300 vins, dont ceux de Bordeaux");
* names after people and "de" ("les maires des villes de A, de B", "des
  représentants de villes comme A, B ou C", "des délégués de pays comme le
  Mali", "ceux de A" after such a list);
* a country after a person's name and "du" or "de" ("X du Niger, Y de la
  Guinée"), in a sentence that says people take part;
* the town a university is named after, said of people who come ("la
  participation des universités de Lomé et de Kara", "une délégation de
  l'Université de X", "X, sociologue de l'université Y de Z");
* adjectives of nationality after people ("des géologues espagnols et
  polonais", "des entrepreneurs surtout locaux, mais aussi belges ou
  suisses"): countries, named as written;
* a place people leave for the event ("a quitté Niamey lundi pour Rome, où il
  participera"), where people or firms taking part are based ("une société
  basée à Dijon expose"), a country said to take part ("le Gabon sera
  représenté", "la Norvège participe") or named by its pavilion ("le pavillon
  du Sénégal");
* lines under a count of countries or a label of origins ("600 nageurs de 18
  pays", then "France : 210" and "Japon, Mexique, Ghana"), and home towns in
  the lines of a list of laureates ("Les lauréats sont :" then "Julie Roy,
  violoniste de Granby", "Marc Côté, Sherbrooke").

Only names the gazetteer knows count after the weaker cues, since they alone
do not make a word a place. Never a place: a continent ("venus d'Europe"), an
acronym read as an airport code ("(ADE)", "OMS"), a common noun with a capital
("chefs d'Etat"), a region written with its article ("900 du Québec"), a place
in a sentence that says the people did not come ("en l'absence des chercheurs
marocains"), nor the event's own city or country.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from extractor.core.context import Context
from extractor.rules._text import CAPITALS, SMALLS, alternation, fold, fold_name, load_data, word_pattern
from extractor.rules.chunks import (
    brackets,
    closing_bracket,
    enumeration,
    is_capitalised,
    name_end,
    past_aside,
    sentence_chars,
    sentence_end,
    split_items,
    token_after,
)
from extractor.rules.geo import Gazetteer, gazetteer
from extractor.rules.organisers import credit_cues
from schemas import City, ContinentCode, Country, Event, Evidence, Figure, Speakers

#: Small words a place's name may hold ("Santiago du Chili", "Saint-Jean de Terre-Neuve").
#: Articles before a place's name.
_ARTICLES = frozenset({"la", "le", "les", "l'"})
#: A place's name at the end of a laureate's line: a capitalised word and up to three more.
_NAME_WORDS = rf"[{CAPITALS}][^\s,;()]*(?:[ -][^\s,;()]+){{0,3}}"
_PLACE_LINKS = frozenset({"de", "du", "des", "d'", "la", "le", "les", "l'", "-", "sur", "en", "aux"})
#: A capitalised word that may open a country's name, and the words that may follow it.
_CAPITAL_WORD = re.compile(rf"(?<!\w)[{CAPITALS}]")
_FOLLOWING_WORDS = re.compile(r"[\w'’]+(?:[ -][\w'’]+){0,3}")
_WORD = re.compile(r"[\w'’]+")
#: At most this many words in a country's name ("République centrafricaine", "Bosnie-Herzégovine").
_COUNTRY_WORDS = 4
#: A country's name followed by a capitalised word on its line is a first name ("Dominique Martin").
_FIRST_NAME_AFTER = re.compile(rf"[ \t]+[{CAPITALS}][{SMALLS}]")
#: What joins the items of an enumeration of countries: punctuation, counts, "et", "ou (encore)", articles, "de".
_LIST_GLUE = re.compile(
    r"(?:[\s,;:/•·*()\d–—-]|\b(?:et|ou|ou\s+encore|et\s+enfin|ainsi\s+que|puis|mais\s+aussi|sans\s+oublier|de|du|des|la|le"
    r"|les)\b"
    r"|\b[dl]['’])*", re.IGNORECASE)
#: How far before an enumeration of countries a cue gives it another reading (characters).
_CUE_REACH = 60
#: "du", "de": a work's author after it ("Nuit, du Libanais X", a film of a festival's selection).
_BY = frozenset({"du", "de"})
#: Performing groups, whose home towns a festival's report gives ("la troupe X de Tiaret").
_TROUPES = re.compile(r"(?<!\w)(?:troupes?|chorales?|fanfares?|théâtres?\s+régionaux|théâtre\s+régional"
                      r"|ensembles?\s+(?:folkloriques?|vocaux|vocal|musicaux|musical)|groupes?\s+folkloriques?)(?!\w)",
                      re.IGNORECASE)
#: Nouns of a group of artists ("le groupe X", "l'Ensemble Y", "une compagnie"), written before the group's name.
_PERFORMERS = re.compile(r"(?<!\w)(?:(?:le|les|du|des|au|aux)\s+(?:groupes?|orchestres?|quatuors?|quintettes?|trios?)"
                         r"|(?:l['’]|les?\s+|la\s+|une?\s+)(?:ensembles?|compagnies?|chœurs?|choeurs?|ballets?))(?!\w)",
                         re.IGNORECASE)
#: After such a noun: up to four capitalised words (the group's name; an opera's, "de l'opéra"), then
#: "de"/"d'" and the town, ending the phrase.
_PERFORMER_HOME = re.compile(
    rf"(?:\s+(?:[{CAPITALS}][\w'’-]*|de\s+l['’]\s*[oO]péra)){{0,4}}\s+(?:de|d['’])\s*"
    rf"(?P<town>[{CAPITALS}][\w'’-]+(?:-[{CAPITALS}][\w'’-]+)*)(?=\s*[,.;)]|\s+(?:[a-zà-öø-ÿ]|$))")
#: Characters after a troupe word within which its sentence names the troupes' homes.
_TROUPE_REACH = 250
#: A place after "de" in such a sentence: up to three capitalised words ("d'El Bayedh").
_HOME_OF = re.compile(rf"(?<!\w)(?:de|d['’]|du|des)\s*(?P<name>[{CAPITALS}][\w'’-]+(?:\s[{CAPITALS}][\w'’-]+){{0,2}})")
#: At most this many tokens between a programme line's brackets ("(Jamel Debbouze, Maroc)").
_BRACKET_TOKENS = 12
#: How far after a person's name (tokens, in their sentence) their university or bracketed town is read.
_AFFILIATION_TOKENS = 14
#: A university's noun, and the words between it and the town it is named after ("de", "d'", "du Québec à").
_UNIVERSITY = frozenset({"université", "universite", "univ."})
_UNIVERSITY_TOWN = re.compile(rf"\s+(?:[{CAPITALS}][\w'’-]*\s+){{0,3}}?"  # "université Ibn Khaldoun de Tiaret"
                              rf"(?:de\s+|d['’]\s*|du\s+[{CAPITALS}][\w'’-]*\s+à\s+)(?=[{CAPITALS}])")
#: The towns of universities that take part: "la participation des universités de Lomé et de Kara".
_UNIVERSITIES = re.compile(r"(?<!\w)universités?(?!\w)", re.IGNORECASE)
_BEFORE_UNIVERSITY = frozenset({"de", "des", "du", "d'", "l'", "la", "les", "issus", "issues", "venus", "venues"})
#: The next town of such a list: "et de Kara", ", Kara", after a country ("Cotonou au Bénin, Accra au Ghana").
_MORE_TOWNS = re.compile(rf"(?:\s+(?:au|aux|en)\s+[{CAPITALS}][\w'’-]*(?:\s+[{CAPITALS}][\w'’-]*)?)?"
                         rf"\s*(?:,|\bet\b)\s*(?:de\s+|d['’]\s*)?(?=[{CAPITALS}])")
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
    departure: re.Pattern[str]
    departure_link: re.Pattern[str]
    subject: re.Pattern[str]
    pavilion: re.Pattern[str]
    not_places: frozenset[str]
    taking_part_nouns: frozenset[str]
    country_count: re.Pattern[str]
    laureates: re.Pattern[str]
    laureate_words: re.Pattern[str]
    based: re.Pattern[str]
    organising: re.Pattern[str]
    backing: re.Pattern[str]
    home: re.Pattern[str]
    origin_label: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = load_data("figures_fr.json")
    return _Rules(
        speaker_nouns=frozenset(fold(n) for n in data["speaker_nouns"]),
        participant_nouns=frozenset(fold(n) for n in data["participant_nouns"]),
        continent_nouns=frozenset(fold(n) for n in data["continent_nouns"]),
        origin=re.compile(_origin_pattern(data), re.IGNORECASE),
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
        departure=re.compile(word_pattern(data["departure_verbs"]), re.IGNORECASE),
        departure_link=re.compile(rf"\s*(?:{alternation(data['departure_links'])})\s*", re.IGNORECASE),
        subject=re.compile(rf"\s+(?:{'|'.join(data['subject_cues'])})", re.IGNORECASE),
        pavilion=re.compile(data["pavilion_cue"], re.IGNORECASE),
        not_places=frozenset(fold(name) for name in data["not_place_names"]),
        taking_part_nouns=frozenset(data["taking_part_nouns"]),
        country_count=re.compile(data["country_count"], re.IGNORECASE),
        based=re.compile(word_pattern(data["based_cues"]), re.IGNORECASE),
        organising=re.compile(rf"(?<!\w)(?:{data['organising_cue']})(?!\w)", re.IGNORECASE),
        backing=re.compile(rf"(?<!\w)(?:{'|'.join(data['backing_cues'])})(?!\w)", re.IGNORECASE),
        laureate_words=re.compile(word_pattern(data["laureate_nouns"]), re.IGNORECASE),
        laureates=re.compile(  # a short line ending with a colon that names laureates
            rf"^(?=[^\n]{{0,{_LIST_LINE_CHARS}}}:[ \t]*$)[^\n]*?{word_pattern(data['laureate_nouns'])}",
            re.IGNORECASE | re.MULTILINE),
        home=re.compile(rf"(?:^|\s)(?:{alternation(data['home_cues'])})\s*(?P<name>{_NAME_WORDS})$"),
        origin_label=re.compile(rf"^[^:\n]{{0,60}}{word_pattern(data['origin_labels'])}[^:\n]{{0,40}}:[ \t]*$",
                                re.IGNORECASE | re.MULTILINE),
    )


def _origin_pattern(data: dict[str, list[str]]) -> str:
    """The origin cues of the data, and a participle of origin with an adverb before its "de"
    ("venue spécialement du Mali", "issus pour la plupart de"), maybe with a colon before the list
    ("proviennent de : A, B")."""
    participles = [p for p in data["origin_participles"] if p != "provenance"]
    adverbs = alternation(data["origin_adverbs"])
    return (rf"(?<!\w)(?:(?:{alternation(participles)})\s+(?:(?:{adverbs})\s+)?(?:de|d'|du|des)"
            rf"|{alternation(data['origin_cues'])})(?:(?<=['’])|(?!\w))(?:\s*:)?")


@dataclass
class _Places:
    cities: dict[str, City]
    countries: dict[str, Country]

    def add_city(self, city: City) -> None:
        key = fold_name(city.name)
        if key in self.cities:
            known = self.cities[key].evidence
            known.extend(e for e in city.evidence if e not in known)  # two rules may read one mention
        else:
            self.cities[key] = city

    def add_country(self, country: Country) -> None:
        key = country.code or fold_name(country.name)
        if key in self.countries:
            known = self.countries[key].evidence
            known.extend(e for e in country.evidence if e not in known)
        else:
            self.countries[key] = country


def _code(value: str | None) -> ContinentCode | None:
    return ContinentCode(value) if value else None


#: A city that bears a country's name abroad wins over the country only when it is this large.
_NAMESAKE_CITY = 1_000_000


#: A guest of honour: the country a fair or a festival invites to show what it makes.
_GUEST_OF_HONOUR = re.compile(r"(?<!\w)(?:(?:invité|invitée|invités|invitées|hôte)\s+d['’]honneur"
                              r"|pays\s+(?:à\s+l['’]honneur|invitée?))(?!\w)", re.IGNORECASE)
#: How many tokens from a guest-of-honour phrase its country may be written.
_GUEST_REACH = 10


#: What opens the list of the teams or delegations the sentence before speaks of ("Ce sont : A, B et C").
_THESE_ARE = re.compile(r"(?<!\w)(?:ce\s+sont|il\s+s['’]agit\s+(?:de\s+la|de\s+l['’]|des|du|de|d['’])"
                        r"|à\s+savoir)\s*:?\s*", re.IGNORECASE)
#: Who comes as a team or a delegation, in the sentence before such a list.
_TEAMS = re.compile(r"(?<!\w)(?:sélections|équipes|délégations|pays|nations)(?!\w)", re.IGNORECASE)


def _place(
    places: _Places, geo: Gazetteer, span: Evidence, label: str | None,
    continents: tuple[str, ...] | None, keep_unknown: bool, prefer_city: bool = False, towns: bool = False,
) -> None:
    """Add one written place to ``places``, as a country or a city.

    A name that is both ("Mexico", "Luxembourg") is a country unless ``prefer_city``. Small towns are
    looked up only when ``keep_unknown`` or ``towns`` (a cue that names a town: "maire de X").
    """
    written = span.text
    if label is None and geo.continent_label(written) is not None:
        return  # "venus d'Europe": a continent is neither a city nor a country
    country = geo.country(written)
    place = geo.city(written, continents, strict=not keep_unknown, towns=keep_unknown or towns)
    if written.isupper() and country is None and (place is None or fold(place.name) != fold(written)):
        return  # an acronym ("OMS", "ADE") is not an airport code or an alternate name
    if prefer_city and country is not None and place is not None and place.country != country.code \
            and place.population < _NAMESAKE_CITY:
        prefer_city = False  # "Dakar et du Mali": a small namesake abroad is not the country's name read as a city
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


def _apposed_town(doc: Doc, end: int, limit: int) -> Span | None:
    """The town set apart after a person's name: "L'écrivain X, de Mostaganem, parlera ...", or None."""
    if end + 2 >= limit or doc[end].text != "," or doc[end + 1].lower_ not in ("de", "d'") \
            or not is_capitalised(doc[end + 2]):
        return None
    town_end = name_end(doc, end + 2, limit)
    if town_end < len(doc) and doc[town_end].text not in (",", ".", ")", ";"):
        return None
    return doc[end + 2 : town_end]


def _bracketed_town(doc: Doc, j: int, geo: Gazetteer) -> Span | None:
    """The known city, not a country, alone between the "(" at token ``j`` and its ")" ("(Manosque)")."""
    close = closing_bracket(doc, j, 3)
    if close is None or close == j + 1 or not all(is_capitalised(t) or t.text == "-" for t in doc[j + 1 : close]):
        return None
    town = doc[j + 1 : close]
    if geo.city(town.text, strict=True, towns=True) is None or geo.country(town.text) is not None:
        return None
    return town


def _describes_things(doc: Doc, cue: int, floor: int) -> bool:
    """True when the participle at token ``cue`` agrees with a noun of things ("les livres, venus de"), not
    said to take part ("les maisons d'édition participantes proviennent de": firms that take part)."""
    i = cue - 1
    while i >= floor and cue - i <= 4 and (doc[i].text == "," or doc[i].pos_ in ("ADJ", "ADV")):
        if doc[i].lower_.startswith("particip"):
            return False
        i -= 1
    return i >= floor and doc[i].pos_ == "NOUN" and not _is_people(doc[i])


def _said_of_people(doc: Doc, cue: int, floor: int) -> bool:
    """True when the participle at token ``cue`` closes a noun phrase of people or firms, its
    complements aside ("une société d'extension de maisons basée à", "Marie Roy, installée à")."""
    i = cue - 1
    while i >= floor and cue - i <= _PHRASE_TOKENS:
        token = doc[i]
        if token.ent_type_ == "PER" or (token.pos_ == "NOUN" and _is_people(token)):
            return True
        if not (token.pos_ in ("NOUN", "ADJ", "DET") or token.text == "," or token.lower_ in ("de", "d'", "du", "des")):
            return False
        i -= 1
    return False


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
    if j < limit and doc[j].text in ("(", ":"):
        return j + 1  # "de plusieurs pays (France, Belgique, Suisse)", "de trois villes : A, B et C"
    if j + 1 < limit and doc[j].text == ",":
        j += 1  # "de 20 pays, notamment A et B"
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
        resumed = past_aside(doc, after, limit) if found else None
        if resumed is not None:  # "Dakar, Bambey (Sénégal), Bamako et Brazzaville": the aside's places, then on
            closing = next(j for j in range(after, resumed) if doc[j].text == ")")
            names.extend(_with_article(doc, _longest_country(doc, name, geo), geo)
                         for name in enumeration(doc, after + 1, closing))
            first = resumed
            continue
        if not found or after >= limit or doc[after].lower_ != "ou":
            return names
        first = after + 1 + (after + 1 < limit and doc[after + 1].lower_ == "encore")  # "ou encore de C"


def _of_things(doc: Doc, i: int, floor: int) -> bool:
    """True when the "de" at token ``i`` makes a complement of a noun of things ("l'accès au logement
    des Maliens"), not of a word of taking part ("la participation des Maliens")."""
    if doc[i].lower_ not in ("des", "de", "d'") or i - 1 < floor:
        return False
    before = doc[i - 1]
    if before.pos_ == "ADJ" and i - 2 >= floor and doc[i - 2].pos_ == "NOUN":
        before = doc[i - 2]
    return before.pos_ == "NOUN" and before.lower_ not in _rules().taking_part_nouns and not _is_people(before)


def _capitalised_head(doc: Doc, name: Span) -> Span:
    """The capitalised words that open ``name``: "Dakar" of "Dakar lundi pour Rome" read as one name."""
    end = name.start + 1
    while end < name.end and (is_capitalised(doc[end]) or (
            doc[end].lower_ in _PLACE_LINKS and end + 1 < name.end and is_capitalised(doc[end + 1]))):
        end += 1
    return doc[name.start : end]


def _inside_a_name(doc: Doc, i: int, floor: int) -> bool:
    """True when the noun at token ``i`` belongs to a body's name ("Association des dinandiers de X")."""
    return i - 2 >= floor and doc[i - 1].lower_ in ("des", "de", "d'") and is_capitalised(doc[i - 2])


#: A bullet that opens a line of a list ("- ", "• ").
_BULLET = r"(?:[-–—•*·▪]\s*)?"
#: A row of a table of origins: a name, a colon and a number ("France : 96", "Canada : 2509, dont ...").
_ROW = re.compile(rf"^\s*{_BULLET}(?P<name>[^\W\d][^:\n]{{0,40}}?)\s*:\s*\d")
#: An item of a line of countries: a name, a note in parentheses after it left out ("Åland (Finlande)").
_TABLE_ITEM = re.compile(
    rf"(?:^\s*{_BULLET}|[,;]|\set\s)\s*(?P<name>[^\W\d][^,;()*\n]*?)\s*(?:\([^)\n]*\))?\s*\*?\s*(?=$|[,;]|\set\s)")
#: Tokens after a noun of people within which its adjectives of nationality may come.
_NATIONALITY_REACH = 20
#: Tokens a noun phrase of people may run over before its participle ("une société d'extension de maisons").
_PHRASE_TOKENS = 6
#: A line of a list of laureates is short; a longer one is prose after the list.
_LIST_LINE_CHARS = 200
#: An item of a line, between commas.
_COMMA_ITEM = re.compile(r"(?:^|,)\s*(?P<item>[^,\n]+)")
#: A place named for a saint ("Sainte-Rose", "Saint-Jean-de-Luz"): a town, known to GeoNames or not.
_HAGIONYM = re.compile(rf"^(?:Saint|Sainte|St|Ste)-[{CAPITALS}][\w'-]*$")
#: A label line over a table is short ("Provenances lointaines :").
_LABEL_CHARS = 80


def _lines_after(text: str, position: int, read: set[int]) -> Iterator[tuple[int, str]]:
    """The lines that follow the line of ``position``, with their offsets, up to one already in
    ``read`` (where the lines read are added): each line is read once whatever the triggers."""
    end = text.find("\n", position)
    while end != -1 and end + 1 not in read:
        start = end + 1
        read.add(start)
        end = text.find("\n", start)
        yield start, text[start : end if end != -1 else len(text)]


#: Adverbs an enumeration of nationalities may hold before its last item ("polonaises ou encore suédoises").
_LIST_ADVERBS = frozenset({"encore", "aussi", "surtout", "notamment", "même", "enfin"})
#: Nouns of a country's share in an event, before its nationalities ("une forte participation algérienne",
#: "des représentations italiennes et tunisiennes").
_SHARES = frozenset({"participation", "participations", "représentation", "représentations"})
#: Nouns of a band or a company of artists: the capitalised name after their nationality is theirs
#: ("le groupe américain The National", "le théâtre de marionnettes géorgien Gabriadze").
_ENSEMBLES = frozenset({"groupe", "groupes", "orchestre", "ensemble", "quatuor", "quintette", "trio", "duo",
                        "chœur", "choeur", "ballet", "troupe", "compagnie", "théâtre", "formation", "fanfare"})


def _past_genre(doc: Doc, i: int) -> int:
    """Token ``i``, or the token after a genre in lower case written there ("de rock", "de marionnettes",
    "d'indie-rock"): what a band or an artist is before their nationality."""
    if i + 2 < len(doc) and doc[i].lower_ in ("de", "d'") and doc[i + 1].is_lower and doc[i + 1].is_alpha \
            and doc[i + 1].pos_ not in ("DET", "ADP", "PRON", "VERB", "AUX"):
        return i + 2
    return i


def _named_after(doc: Doc, i: int, ensemble: bool) -> Token | None:
    """The first word of the name written at token ``i`` after a noun of people and their nationality:
    a person (the NER's), maybe after a comma ("le Premier ministre français, Jean X") or an office's
    field ("le ministre allemand des Affaires étrangères Jean X"), or, after a band's noun, any capitalised
    name ("le groupe américain de folk The Rivers"); None when no name follows."""
    i = _past_genre(doc, i)
    if i < len(doc) and doc[i].text == ",":
        i += 1
    elif i + 1 < len(doc) and doc[i].lower_ in ("de", "des", "du", "d'") and not ensemble:
        j = i + 1 + (doc[i + 1].lower_ in ("la", "l'"))
        while j < len(doc) and j - i <= 5 and doc[j].ent_type_ != "PER" and (
                is_capitalised(doc[j]) or doc[j].lower_ in ("et", "de", "des", "du")
                or doc[j].pos_ == "ADJ" and is_capitalised(doc[j - 1])):
            j += 1  # "des Affaires étrangères", "de l'Enseignement supérieur"
        if j - i > 1 and j < len(doc) and doc[j].ent_type_ == "PER" and doc[j].ent_iob_ == "B":
            return doc[j]
        return None
    if i >= len(doc):
        return None
    if doc[i].ent_type_ == "PER" and doc[i].ent_iob_ == "B":
        return doc[i]
    return doc[i] if ensemble and is_capitalised(doc[i]) else None


class _Finder:
    """Places where people come from, sentence by sentence, in one document."""

    def __init__(self, doc: Doc, ctx: Context, geo: Gazetteer, places: _Places) -> None:
        self.doc, self.ctx, self.geo, self.places = doc, ctx, geo, places
        self.floor = ctx.body_tokens(doc)
        self.sentences: set[int] = set()  # sentences (by end token) that named where people came from
        self.said: dict[tuple[str, int], bool] = {}
        self.cues: list[int] | None = None  # the text's credit cues (``credits``), read when first needed
        #: One pass over the tokens: nouns of people who take part, people named by nationality.
        self.participants: list[int] = []
        self.nationals: list[int] = []
        self.shares: list[int] = []  # "participation", "représentations": a country's share, before nationalities
        for token in doc[self.floor :]:
            if token.pos_ != "NOUN" and token.pos_ != "PROPN":
                continue
            if token.pos_ == "NOUN" and token.lower_ in _SHARES:
                self.shares.append(token.i)
            elif _participants(token):
                self.participants.append(token.i)
            elif (is_capitalised(token) and token.text.endswith(("s", "x")) and geo.demonym(token.text) is not None
                  and token.i - 1 >= self.floor and doc[token.i - 1].lower_ in ("des", "les", "aux", "de", "d'")
                  and not _of_things(doc, token.i - 1, self.floor)):
                self.nationals.append(token.i)  # "des Maliens", not "le logement des Camerounais"

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

    def may_be_a_place(self, name: Span) -> bool:
        """False for a common noun written with a capital ("chefs d'Etat"), and for a region named
        with its article ("dont 2290 du Québec"): a city takes none, unless its name has it ("du Caire")."""
        if fold(name.text) in _rules().not_places:
            return False
        before = self.doc[name.start - 1].lower_ if name.start > 0 else ""
        if before in ("du", "au") and self.geo.country(name.text) is None:
            return self.geo.city("Le " + name.text) is not None
        return True

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
        names = [name for name in names if self.may_be_a_place(name)]
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
            pronoun = cue.group().lower().startswith(("dont ceux", "dont celles"))
            if pronoun and not _said_of_people(doc, at, self.floor):
                continue  # "300 vins, dont ceux de Bordeaux": things, not people
            first = _after_group(doc, self.ctx.view, token_after(doc, cue.end()), len(doc))
            self.add(_named_places(doc, first, self.geo), rules.strong_origin.match(cue.group()) is not None)

    def people_of(self) -> None:
        """Known places after people and "de": "les maires des villes de A, de B", "des délégués de
        pays comme le Mali", "des exposants d'Italie"; then "ceux de C" in the same sentence or the next."""
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
            if token.lower_ in pronouns and (sentence_end(doc, token.i) in self.sentences
                                             or token_after(doc, sentence_chars(doc, token.idx)[0]) in self.sentences):
                self.add(_named_places(doc, token.i + 1, self.geo), keep_unknown=False, tagged_places=True)

    def town_officers(self) -> None:
        """The towns of mayors named one by one ("Mohamed X (maire de Rabat)", "le wali d'Alger", "la
        mairesse de Y"): where participants come from (the event's own town is dropped later)."""
        doc = self.doc
        for cue in _TOWN_OFFICE.finditer(self.ctx.view, self.ctx.body_start):
            first = token_after(doc, cue.end())
            if first >= len(doc) or not is_capitalised(doc[first]):
                continue
            name = doc[first : name_end(doc, first)]
            if self.known_town(name) and self.may_be_a_place(name) and not self.absent(first):
                self.add_town(name, small=True)  # "maire de McMasterville": a town the office names

    def departures(self) -> None:
        """The place people leave for an event they take part in: "a quitté Abidjan mardi pour
        Paris, où il participera au sommet"; the destination must follow ("pour", "à destination de")."""
        rules, doc, view = _rules(), self.doc, self.ctx.view
        for cue in rules.departure.finditer(view, self.ctx.body_start):
            found = _named_places(doc, token_after(doc, cue.end()), self.geo)[:1]
            names = [_capitalised_head(doc, name) for name in found]
            if not names or not self.taking_part(names[0].start):
                continue
            end = sentence_end(doc, names[0].start)
            for j in range(names[0].end, min(names[0].end + 4, end)):
                link = rules.departure_link.match(view, doc[j].idx)
                if link is not None and link.end() > doc[j].idx:
                    after = token_after(doc, link.end())
                    if after < end and is_capitalised(doc[after]):
                        self.add(names, keep_unknown=False, tagged_places=True)
                    break

    def based(self) -> None:
        """Where people or firms that take part are based: "une société d'exposants basée à Lyon",
        "l'artiste installée à Berlin"; not in a sentence about who organises, nor things."""
        rules, doc = _rules(), self.doc
        for cue in rules.based.finditer(self.ctx.view, self.ctx.body_start):
            at = token_after(doc, cue.start())
            if not _said_of_people(doc, at, self.floor) or not self.taking_part(at) or self._says(rules.organising, at):
                continue
            self.add(_named_places(doc, token_after(doc, cue.end()), self.geo)[:1], keep_unknown=True)

    def subjects(self) -> None:
        """Countries or cities said to take part: "le Togo est représenté par son ministre", "le
        Cameroun, la Guinée et le Tchad ont pris part"; not "les produits du Maroc sont présents", where
        the name is the complement of another noun."""
        doc = self.doc
        for cue in _rules().subject.finditer(self.ctx.view, self.ctx.body_start):
            names: list[Span] = []
            end = token_after(doc, cue.start())
            while (start := self._name_ending(end)) is not None:
                names.insert(0, doc[start:end])
                end = start - 1 if start - 1 > self.floor and doc[start - 1].lower_ in _ARTICLES else start
                if end - 1 <= self.floor or doc[end - 1].text not in (",", "et"):
                    break
                end -= 2 if doc[end - 1].text == "et" and doc[end - 2].text == "," else 1
            if names and (end <= self.floor or doc[end - 1].lower_ not in ("de", "du", "des", "d'")):
                self.add(names, keep_unknown=False)

    def _name_ending(self, end: int) -> int | None:
        """Start of the capitalised name that ends right before token ``end`` ("Burkina Faso", "Le Caire")."""
        doc = self.doc
        start = end
        while start > self.floor and end - start < _PHRASE_TOKENS and not doc[start].is_sent_start and (
                is_capitalised(doc[start - 1]) or doc[start - 1].lower_ in _PLACE_LINKS):
            start -= 1
        while start < end and (not is_capitalised(doc[start]) or doc[start].lower_ in _PLACE_LINKS):
            start += 1
        return start if start < end else None

    def pavilions(self) -> None:
        """The country of a national pavilion or stand at a fair ("le pavillon France", "au pavillon
        réservé à la Tunisie"): its exhibitors come from there."""
        doc, geo = self.doc, self.geo
        for cue in _rules().pavilion.finditer(self.ctx.view, self.ctx.body_start):
            first = token_after(doc, cue.end())
            if first < len(doc):
                name = _longest_country(doc, doc[first : name_end(doc, first)], geo)
                if geo.country(name.text) is not None:
                    self.add([name], keep_unknown=False)

    def country_tables(self) -> None:
        """Countries in the lines under a count of countries or a label of origins: "3177 participants
        de 37 pays" then rows "France : 96" and lines of countries "Argentine, Jordanie, les Comores"."""
        rules, text = _rules(), self.ctx.text  # the text as written: lines a wrapped view joins are kept
        triggers = [m.end() for m in rules.country_count.finditer(text, self.ctx.body_start)
                    if self.counts_people(token_after(self.doc, m.start()))]
        triggers += [m.end() for m in rules.origin_label.finditer(text, self.ctx.body_start)]
        read: set[int] = set()
        for trigger in sorted(triggers):
            for start, line in _lines_after(text, trigger, read):
                if line.strip() and not self._table_line(start, line):
                    break

    def counts_people(self, i: int) -> bool:
        """True when the count of countries at token ``i`` counts where people come from: people
        just before it ("900 coureurs de 25 pays") or a sentence of taking part ("25 pays représentés")."""
        doc = self.doc
        people = any(t.pos_ == "NOUN" and _is_people(t) for t in doc[max(self.floor, i - _PHRASE_TOKENS) : i])
        return people or self.taking_part(i)

    def _table_line(self, start: int, line: str) -> bool:
        """Read one line under a count of countries; False when it is not a line of such a table."""
        geo = self.geo
        if len(line) > _LIST_LINE_CHARS:
            return False
        row = _ROW.match(line)
        if row is not None:
            if geo.country(row.group("name")) is None:
                return False
            self.add_country(start + row.start("name"), start + row.end("name"))
            return True
        if line.rstrip().endswith(":") and len(line) <= _LABEL_CHARS:
            return True  # a label over the next line of countries
        items = [(m.start("name"), m.end("name")) for m in _TABLE_ITEM.finditer(line)]
        if not items or any(geo.country(line[s:e]) is None for s, e in items):
            return False
        for s, e in items:
            self.add_country(start + s, start + e)
        return True

    def laureate_lists(self) -> None:
        """Home towns in the lines under a list of laureates ("Les lauréats sont :"): an item set off
        by a comma that is a place ("Marie Roy, Granby", "Paul Roy, pianiste de Granby", "né à Granby")."""
        rules, text = _rules(), self.ctx.text
        read: set[int] = set()
        for trigger in rules.laureates.finditer(text, self.ctx.body_start):
            for start, line in _lines_after(text, trigger.end(), read):
                if len(line) > _LIST_LINE_CHARS:
                    break
                if line.rstrip().endswith(":"):
                    continue  # the name of a prize over its laureate
                label = line.find(" : ", 0, _LABEL_CHARS)
                offset = label + 3 if label != -1 else 0
                for item in _COMMA_ITEM.finditer(line, offset):
                    if item.start() > offset:  # the first item is the laureate
                        self.home_town(start + item.start("item"), item.group("item").rstrip(". "))

    def named_after(self) -> None:
        """Countries listed for the teams or delegations of the sentence before ("Quatre sélections sont
        attendues. Ce sont : le Cameroun, le Congo et le Gabon"). Countries in brackets after an event word
        ("la rencontre tripartite (Canada, États-Unis, Mexique)") are an enumeration (``enumerated_countries``)."""
        doc, geo, view = self.doc, self.geo, self.ctx.view
        for cue in _THESE_ARE.finditer(view, self.ctx.body_start):
            left, _right = sentence_chars(doc, cue.start())
            before, _end = sentence_chars(doc, max(left - 2, 0))
            if _TEAMS.search(view, before, cue.start()) is None:
                continue
            names = _named_places(doc, token_after(doc, cue.end()), geo)
            if names and all(geo.country(n.text) is not None for n in names):
                self.add(names, keep_unknown=False)

    def affiliations(self) -> None:
        """The town of the university a person named just before belongs to ("X, de l'Université de
        Lille", "Y (Université de Stockholm)", "Z de l'Université du Québec à Montréal"), a town set apart
        after the name ("L'écrivain X, de Mostaganem, parlera"), and a town alone
        in brackets after a person or their institute ("X (Alger)", "Y, de l'Institut Z (Oran)"): where a
        speaker of a colloquium comes from (the event's own town is dropped later)."""
        doc, geo, view = self.doc, self.geo, self.ctx.view
        people = [ent for ent in doc.ents if ent.label_ == "PER" and ent.start >= self.floor and len(ent) >= 2]
        for person in people:
            end = min(sentence_end(doc, person.start), person.end + _AFFILIATION_TOKENS)
            town: Span | None = _apposed_town(doc, person.end, end)
            for j in range(person.end, end if town is None else person.end):
                if doc[j].lower_ in _UNIVERSITY:
                    found = _UNIVERSITY_TOWN.match(view, doc[j].idx + len(doc[j].text))
                    if found is not None:
                        first = token_after(doc, found.end())
                        town = doc[first : name_end(doc, first, end)] if first < end else None
                    break
                if doc[j].text == "(" and not (j + 1 < end and doc[j + 1].lower_ in _UNIVERSITY):
                    town = _bracketed_town(doc, j, geo)
                    break
                if doc[j].ent_type_ == "PER" and doc[j].ent_iob_ == "B":
                    break  # the next person's affiliation is theirs
            if town is None or self.credits(person.start_char):
                continue  # "coordonnées par X, professeure à l'université de Tunis": who holds it, not who came
            if self.known_town(town) and not self.absent(town.start):  # a bracketed one was checked already
                self.add_town(town)

    def universities(self) -> None:
        """The towns universities are named after in a sentence that says people take part and credits no
        one ("verra la participation des universités de Lomé et de Kara, et de l'université X de Y"):
        where the speakers of a colloquium come from (the event's own town is dropped later)."""
        doc, view = self.doc, self.ctx.view
        for word in _UNIVERSITIES.finditer(view, self.ctx.body_start):
            i = token_after(doc, word.start())
            if i >= len(doc) or not self._of_people(i) or not self.taking_part(i) or self.absent(i):
                continue
            if self.credits(word.start()):
                continue  # "organisé par l'université de X": the host, not where people came from
            link = _UNIVERSITY_TOWN.match(view, word.end())
            while link is not None:
                first = token_after(doc, link.end())
                end = name_end(doc, first, sentence_end(doc, first))
                end = next((k for k in range(first + 1, end) if doc[k].lower_ in ("au", "aux", "en")), end)
                town = doc[first:end]  # "Cotonou", not "Cotonou au Bénin et de Niamey"
                if not self.known_town(town):
                    break
                self.add_town(town)
                link = _MORE_TOWNS.match(view, town.end_char)

    def credits(self, char: int) -> bool:
        """True when the sentence holding character ``char`` credits someone with the event ("organisé par");
        the text's credit cues are read once, when first asked."""
        if self.cues is None:
            self.cues = credit_cues(self.ctx.view, self.ctx.body_start)
        left, right = sentence_chars(self.doc, char)
        return bisect.bisect_left(self.cues, right) > bisect.bisect_left(self.cues, left)

    def known_town(self, town: Span) -> bool:
        """True for a town the gazetteer knows, not a country ("de l'université de Lomé")."""
        return len(town) > 0 and self.geo.country(town.text) is None \
            and self.geo.city(town.text, strict=True, towns=True) is not None

    def _of_people(self, i: int) -> bool:
        """True when token ``i`` (a university) is said of people who come or of their coming: "la
        participation des universités", "une délégation de l'Université", "des doctorants issus des
        universités"; not "l'université X organise", "les collections de l'université"."""
        doc = self.doc
        j = i - 1
        while j >= self.floor and i - j <= 4 and doc[j].lower_ in _BEFORE_UNIVERSITY:
            j -= 1
        return j >= self.floor and j < i - 1 and (doc[j].lower_ in ("participation", "délégation", "délégations")
                                                   or _is_people(doc[j], taking_part=True))

    def bracketed_towns(self) -> None:
        """Home towns in brackets after the names of a sentence about laureates ("Les lycées X (Manosque)
        et Y (Nice) ont été récompensés"): a known city alone between the brackets."""
        doc, geo = self.doc, self.geo
        laureates = _rules().laureate_words
        for j in brackets(doc, self.ctx.view, self.floor + 1):
            if not is_capitalised(doc[j - 1]):
                continue
            town = _bracketed_town(doc, j, geo)
            if town is None:
                continue
            left, right = sentence_chars(doc, doc[j].idx)
            if laureates.search(self.ctx.view, left, right) is None:
                continue
            self.add_town(town)

    def add_town(self, town: Span | Evidence, small: bool = False) -> None:
        """Add the known town (or country) a span of tokens or of characters names, where people come from;
        small towns too when ``small`` (the cue names a town)."""
        written = self.ctx.span_evidence(town) if isinstance(town, Span) else town
        _place(self.places, self.geo, written, None, None, keep_unknown=False, prefer_city=True, towns=small)

    def performers(self) -> None:
        """Home towns of the artists a text names by their group ("le groupe Tasko d'Agadez", "l'Ensemble Agora
        de Lyon", "le quatuor Corde de l'opéra de Nice"): a town the gazetteer knows, small ones too, after "de"
        that ends the group's name, the group's name being at most a few capitalised words."""
        doc, view = self.doc, self.ctx.view
        for cue in _PERFORMERS.finditer(view, self.ctx.body_start):
            home = _PERFORMER_HOME.match(view, cue.end())
            if home is None:
                continue
            town = self.ctx.evidence(*home.span("town"))
            tokens = doc.char_span(town.start, town.end)
            if tokens is not None and self.known_town(tokens) and not self.absent(tokens.start):
                self.add_town(tokens, small=True)  # known_town looked among small towns too

    def troupes(self) -> None:
        """Home towns and countries of the performing groups a festival reports ("les troupes A de
        Tébessa, B d'Ouargla et C de Tiaret", "la troupe X (Mascara)", "les théâtres régionaux de Batna et
        de Annaba", "des troupes de la Palestine (troupe X), Syrie (troupe Y)"): a known city after "de" or
        alone in brackets, and every country, in a troupe word's sentence."""
        doc, geo, view = self.doc, self.geo, self.ctx.view
        written: list[tuple[int, int]] | None = None
        for cue in _TROUPES.finditer(view, self.ctx.body_start):
            _left, right = sentence_chars(doc, cue.start())
            right = min(right, cue.end() + _TROUPE_REACH)
            written = self.countries_written() if written is None else written
            for start, end in written:  # "des troupes de la Palestine (troupe X), Syrie (troupe Y) ..."
                if cue.end() <= start < right:
                    self.add_country(start, end)
            for home in _HOME_OF.finditer(view, cue.end(), right):  # the whole name: "d'Oran Abdelkader
                self.add_town(self.ctx.evidence(*home.span("name")))  # Alloula" names a theatre, not Oran
            for j in brackets(doc, view, token_after(doc, cue.end())):
                if doc[j].idx >= right:
                    break
                town = _bracketed_town(doc, j, geo) if is_capitalised(doc[j - 1]) else None
                if town is not None:
                    self.add_town(town)

    def home_town(self, start: int, item: str) -> None:
        """Add the place an item of a laureate's line names: the whole item, or its end after "de",
        "né à" ("Paul Roy, pianiste de Granby")."""
        geo = self.geo
        home = _rules().home.search(item)
        name, at = (home.group("name"), start + home.start("name")) if home else (item, start)
        if not name[:1].isupper() or len(name.split()) > _ITEM_WORDS:
            return
        known = geo.city(name, strict=True, towns=True) is not None or geo.country(name) is not None
        if known or _HAGIONYM.match(name):
            _place(self.places, geo, self.ctx.evidence(at, at + len(name)), None, None, keep_unknown=True,
                   prefer_city=True)

    def countries_written(self) -> list[tuple[int, int]]:
        """Character spans of the countries named in the body, longest name first ("Guinée
        équatoriale", "Côte d'Ivoire"), a first name excepted ("Dominique Martin", "Maurice Roy")."""
        text, geo = self.ctx.view, self.geo
        found: list[tuple[int, int]] = []
        after = self.ctx.body_start
        for capital in _CAPITAL_WORD.finditer(text, self.ctx.body_start):
            if capital.start() < after:
                continue
            words = _FOLLOWING_WORDS.match(text, capital.start())
            if words is None:
                continue  # no word after all (a capital class is easy to get wrong: "×" sits between "À" and "Ý")
            ends = [m.end() for m in _WORD.finditer(words.group(0))][:_COUNTRY_WORDS]
            for end in reversed(ends):
                if geo.country(text[capital.start() : capital.start() + end]) is not None:
                    stop = capital.start() + end
                    if not _FIRST_NAME_AFTER.match(text, stop):
                        found.append((capital.start(), stop))
                    after = stop
                    break
        return found

    def enumerated_countries(self, written: list[tuple[int, int]]) -> None:
        """Countries enumerated in an event's text ("des exposants de France, d'Italie et du Maroc",
        "la Chine, l'Inde, le Brésil", "Mali : 12 Niger : 8"): two countries or more joined by list
        words alone name where participants come from (the event's own country is dropped later);
        not "en France, aux Etats-Unis" (places of a situation) nor "l'ambassadrice de France au Canada"."""
        text = self.ctx.view
        run: list[tuple[int, int]] = []
        for span in written + [(len(text), len(text))]:
            if run and _LIST_GLUE.fullmatch(text, run[-1][1], span[0]) and "\n\n" not in text[run[-1][1] : span[0]]:
                run.append(span)
                continue
            codes = {self.geo.country(text[s:e]) for s, e in run}
            if len(codes) >= 2 and not self.absent(token_after(self.doc, run[0][0])) and not self.cued(run[0][0]):
                for s, e in run:
                    self.add_country(s, e)
            run = [span]

    def cued(self, start: int) -> bool:
        """True when the words just before an enumeration starting at character ``start`` give it
        another reading: things come from the countries ("les livres proviennent de France et
        d'Italie"), or they back the event ("avec le partenariat de la France et du Japon")."""
        rules, view = _rules(), self.ctx.view
        low = max(sentence_chars(self.doc, start)[0], start - _CUE_REACH)
        origin = rules.origin.search(view, low, start)
        if origin is not None and _describes_things(self.doc, token_after(self.doc, origin.start()), self.floor):
            return True
        return rules.backing.search(view, low, start) is not None

    def bracketed_countries(self) -> None:
        """Countries in brackets after the names of a programme ("Ensemble X (Italie);", "Y (Jamel Z,
        Maroc)", "Z (Paris, France)"): when two brackets or more hold one as an item, each says where a
        guest comes from; not a country inside a bracketed clause ("(la mission en Irak)")."""
        doc, geo, view = self.doc, self.geo, self.ctx.view
        held: list[tuple[int, int]] = []
        holding = 0
        for j in brackets(doc, view, self.floor + 1):
            close = closing_bracket(doc, j, _BRACKET_TOKENS)
            if close is None:
                continue
            items = [item for item in split_items(view, doc[j].idx + 1, doc[close].idx, _ITEM_SEPARATOR)
                     if geo.country(view[slice(*item)])]
            held += items
            holding += bool(items)
        if holding >= 2:
            for s, e in held:
                if not self.absent(token_after(self.doc, s)):
                    self.add_country(s, e)

    def named_people(self) -> None:
        """The country after a person's name and "du", "de", "d'" ("X du Nigeria, Y du Sénégal et Z de la
        Côte d'Ivoire"), in a sentence that says people take part: who comes from where."""
        doc, geo = self.doc, self.geo
        by_sentence: dict[int, list[tuple[int, Span]]] = {}
        people: set[int] = set()
        for ent in doc.ents:
            if ent.label_ not in ("PER", "ORG", "MISC") or ent.start < self.floor:
                continue  # a troupe or a band ("Bamako Connection du Mali") counts only on a list of them
            # the NER often runs the name over its country ("X du Niger" is one entity)
            links = [k for k in range(ent.start + 1, min(ent.end + 1, len(doc) - 1)) if doc[k].lower_ in _OF_COUNTRY]
            if not links or self.absent(ent.start):
                continue
            j = links[-1] + 1
            j += doc[j].lower_ in ("la", "l'", "l’") and doc[links[-1]].lower_ == "de"
            if j >= len(doc) or not is_capitalised(doc[j]):
                continue
            name = _longest_country(doc, doc[j : name_end(doc, j)], geo)
            if name.end >= ent.end and geo.country(name.text) is not None:
                by_sentence.setdefault(sentence_end(doc, ent.start), []).append((ent.start, name))
                if ent.label_ == "PER":
                    people.add(ent.start)
        for found in by_sentence.values():
            # one person of a country in a sentence that says people take part; a list of them (people,
            # troupes, bands) says it alone ("On y verra X du Burkina Faso, le Ballet Y du Cambodge et Z du Nigeria")
            if len(found) >= 2 or (found[0][0] in people and self.taking_part(found[0][0])):
                for _start, name in found:
                    self.add_country(name.start_char, name.end_char)

    def add_country(self, start: int, end: int) -> None:
        """Add the country written at characters ``start:end``."""
        _place(self.places, self.geo, self.ctx.evidence(start, end), None, None, keep_unknown=False)

    def guests(self) -> None:
        """The country a fair or a festival has as guest of honour ("le Maroc, pays invité d'honneur",
        "l'invité d'honneur de cette année est le Mexique"): the nearest country named in its clause."""
        doc, geo = self.doc, self.geo
        for cue in _GUEST_OF_HONOUR.finditer(self.ctx.view, self.ctx.body_start):
            at = token_after(doc, cue.start())
            end = token_after(doc, cue.end())
            low, high = max(self.floor, at - _GUEST_REACH), min(sentence_end(doc, at), end + _GUEST_REACH)
            found: list[tuple[int, Span]] = []
            for j in range(low, high):
                if at <= j < end or not is_capitalised(doc[j]) or doc[j].is_sent_start and j < at:
                    continue
                name = _longest_country(doc, doc[j : name_end(doc, j, high)], geo)
                if geo.country(name.text) is not None and not any(t.text in (";", ".") for t in doc[
                        min(name.end, at) : max(j, end)]):
                    found.append((abs(j - at) if j < at else j - end, name))
            if found:
                name = min(found, key=lambda item: item[0])[1]
                _place(self.places, geo, self.ctx.span_evidence(name), None, None, keep_unknown=False)

    def nationalities(self) -> None:
        """Countries of adjectives of nationality after people ("des géologues espagnols et
        polonais") or after "participation" ("une forte participation algérienne et marocaine"), and of
        people named by their nationality ("des Maliens et des Ivoiriens")."""
        doc, geo = self.doc, self.geo
        for i in self.nationals:
            self.add_nationalities([doc[i]])
        for i in self.shares:
            found, _end = self.demonyms(i + 1)  # "une forte participation algérienne et marocaine"
            if found:
                self.add_nationalities(found)
        after = self.floor
        for i in self.participants:
            if i < after:
                continue  # inside the run of the previous noun
            j = i + 1
            while j < len(doc) and j - i <= 2 and doc[j].pos_ == "ADJ" and geo.demonym(doc[j].text) is None:
                j += 1  # "des chercheurs universitaires marocains"
            found, end = self.demonyms(j, capitals=True)
            if not found:
                found, end = self.demonyms_further(j, min(sentence_end(doc, i), i + _NATIONALITY_REACH))
            if found:
                self.add_nationalities(found)
                after = end

    def demonyms(self, j: int, capitals: bool = False) -> tuple[list[Token], int]:
        """The adjectives of nationality enumerated from token ``j`` on ("allemandes, polonaises ou encore
        suédoises"), and the token after them; with ``capitals``, right after a noun of people, also
        capitalised ones ("les entreprises Chinoises, Vietnamiennes et Malaisiennes")."""
        doc, geo = self.doc, self.geo
        found: list[Token] = []
        while j < len(doc) and (doc[j].text in (",", "et", "ou") or (found and doc[j].lower_ in _LIST_ADVERBS) or (
                (doc[j].is_lower or capitals and doc[j].is_title and doc[j].ent_type_ != "PER")
                and geo.demonym(doc[j].text) is not None)):
            if doc[j].text not in (",", "et", "ou") and doc[j].lower_ not in _LIST_ADVERBS:
                found.append(doc[j])
            j += 1
        return found, j

    def demonyms_further(self, j: int, limit: int) -> tuple[list[Token], int]:
        """An enumeration of two adjectives of nationality or more later in the clause of people
        ("des entrepreneurs surtout locaux, mais aussi français, belges ou suisses"), when no noun
        of things carries it ("des vins espagnols et italiens")."""
        doc, geo = self.doc, self.geo
        for k in range(j, limit):
            if not (doc[k].is_lower and geo.demonym(doc[k].text) is not None):
                continue
            before = k - 1
            while before > j and (doc[before].is_punct or doc[before].pos_ in ("ADV", "CCONJ")):
                before -= 1
            found, end = self.demonyms(k)
            if doc[before].pos_ == "NOUN" and not _is_people(doc[before]):
                return [], k
            if len(found) >= 2:
                return found, end
        return [], j

    def named_nationals(self) -> None:
        """The nationality of a performer or speaker named right after it: "le guitariste canadien Neil X",
        "le kényan Paul Y", "l'Américain Post Y", "la farouche Anglaise PJ Z", "les Suédois de Meshuggah" (a
        band's name)."""
        doc, geo = self.doc, self.geo
        for token in doc[self.floor : len(doc) - 2]:
            if token.is_lower and token.i > 0 and (doc[token.i - 1].lower_ in _ARTICLES or doc[token.i - 1].like_num) \
                    and geo.demonym(token.text) is not None:
                word, named = token, doc[token.i + 1]  # "le kényan X", "deux éthiopiens X"
            elif token.is_lower:
                if not (token.pos_ == "NOUN" and _is_people(token, taking_part=True) or token.lower_ in _ENSEMBLES):
                    continue  # "le duo malien X": "duo" may be tagged a proper noun
                at = _past_genre(doc, token.i + 1)  # "le groupe de rock britannique X"
                word = doc[at]  # "le guitariste canadien X"
                if not word.is_lower or geo.demonym(word.text) is None:
                    continue
                if _named_after(doc, at + 1, token.lower_ in _ENSEMBLES) is not None:
                    self.add_nationalities([word], said_to_take_part=False)
                continue
            elif token.text[:1].isupper() and token.pos_ in ("NOUN", "PROPN") and geo.demonym(token.text) is not None:
                previous = doc[token.i - 1] if token.i > 0 else None
                if previous is None or not (previous.lower_ in _ARTICLES or previous.lower_ in _BY
                                            or previous.pos_ == "ADJ"):
                    continue  # "L'Américain X", "la farouche Anglaise Y", "du Libanais Z"; not a sentence's first word
                word = token
                named = doc[token.i + 1]
                if named.lower_ == "de" and token.text.endswith("s") and is_capitalised(doc[token.i + 2]):
                    self.add_nationalities([word], said_to_take_part=False)  # "les Suédois de Meshuggah", a band
                    continue
            else:
                continue
            if named.ent_type_ == "PER" and named.ent_iob_ == "B":
                self.add_nationalities([word], said_to_take_part=False)

    def add_nationalities(self, words: list[Token], said_to_take_part: bool = True) -> None:
        """Add the countries of ``words`` when their sentence says people do come, and take part (unless
        ``said_to_take_part`` is False: a person named is one who does)."""
        if self.absent(words[0].i) or (said_to_take_part and not self.taking_part(words[0].i)):
            return
        for word in words:
            code = self.geo.demonym(word.text)
            self.places.add_country(Country(
                name=word.text, code=code, continent_code=_code(self.geo.continent_of(code) if code else None),
                evidence=[self.ctx.evidence(word.idx, word.idx + len(word.text))]))


#: What links a person's name to the country they come from ("X du Niger", "Y de la Guinée").
_OF_COUNTRY = frozenset({"du", "de", "d'", "d’"})

#: The office of one town's head or deputy, before the town: "maire de", "mairesse d'", "wali de", "député de".
_TOWN_OFFICE = re.compile(r"\b(?:maire|mairesse|wali|bourgmestre|députée?|gouverneure?|préfète|préfet)\s+"
                          r"(?:de\s+la\s+ville\s+)?(?:de\s+|d['’]\s*)",
                          re.IGNORECASE)


def _count(figures: list[Figure], nouns: frozenset[str]) -> Figure | None:
    return next((f for f in figures if fold(f.unit) in nouns), None)


def _home(ctx: Context, events: Sequence[Event], geo: Gazetteer) -> tuple[set[str], set[int], set[str]]:
    """Names, GeoNames ids and country codes of where the events take place (else of the dateline, and
    the country the text's places point to: ``Context.home``)."""
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
    if not codes and ctx.home is not None:
        codes.add(ctx.home)
    return names, ids, codes


#: An event dated this many years or more before the text's publication is a past one it mentions.
_PAST_YEARS = 2


def _current(event: Event, published: str | None) -> bool:
    """True when the event may be what the text is about: undated, or dated less than two years
    before the publication ("le sommet de la crise financière de 2009" in a text of 2016 is not)."""
    if event.start is None or published is None:
        return True
    return int(event.start[:4]) > int(published[:4]) - _PAST_YEARS


def _common_word_name(doc: Doc, city: City) -> bool:
    """True for a "city" the gazetteer does not know that opens on a common noun, as the tagger reads it
    there: "Université X", "Histoire", "Bourse", "Centre Afrique" (a town it lacks, "Cocody", is a
    proper noun). On the development batches, 10 such names were wrong and none right."""
    if city.geonames_id is not None:
        return False
    first = city.evidence[0]
    span = doc.char_span(first.start, first.end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[0].pos_ == "NOUN"


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
    finder.departures()
    finder.based()
    finder.country_tables()
    finder.laureate_lists()
    finder.bracketed_towns()
    finder.troupes()
    finder.performers()
    finder.affiliations()
    finder.universities()
    finder.named_after()
    finder.subjects()
    finder.pavilions()
    finder.guests()
    finder.nationalities()
    if any(_current(event, ctx.published) for event in events):
        written = finder.countries_written()
        finder.enumerated_countries(written)
        finder.bracketed_countries()
        finder.town_officers()
        finder.named_people()
        finder.named_nationals()
    names, ids, codes = _home(ctx, events, geo)
    count = _count(figures, rules.speaker_nouns) or _count(figures, rules.participant_nouns)
    continents = _count(figures, rules.continent_nouns)
    cities = sorted((c for c in places.cities.values()
                     if fold_name(c.name) not in names and (c.geonames_id or -1) not in ids
                     and not _common_word_name(doc, c)),
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
