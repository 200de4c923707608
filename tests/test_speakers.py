"""Where speakers and participants came from, against a table of sentences (tests/data/speakers_fr.tsv)."""

from __future__ import annotations

import pytest
from case_tables import table_cases

from extractor import extract

CASES = table_cases("speakers_fr.tsv", ("sentence", "cities", "countries"))


def _render(values: list[str]) -> str:
    return " | ".join(values) or "none"


@pytest.mark.parametrize(("sentence", "cities", "countries"), CASES)
def test_speaker_table(sentence: str, cities: str, countries: str) -> None:
    speakers = extract(sentence.replace("\\n", "\n")).speakers  # "\n" in the table is a line break
    found_cities = [c.name for c in speakers.cities] if speakers else []
    found_countries = [c.code or c.name for c in speakers.countries] if speakers else []
    assert (_render(found_cities), _render(found_countries)) == (cities, countries)


def test_table_is_large_enough_to_mean_something() -> None:
    assert len(CASES) >= 20


def test_a_nationality_is_named_as_written_with_its_evidence() -> None:
    text = "Le congrès de Lyon a accueilli des géologues hongrois."
    speakers = extract(text).speakers
    assert speakers is not None
    [country] = speakers.countries
    [span] = country.evidence
    assert (country.name, country.code, country.continent_code) == ("hongrois", "HU", "EU")
    assert text[span.start : span.end] == "hongrois"


@pytest.mark.parametrize(("text", "expected"), [
    # its towns name one country three times, no other: the text's own country
    ("Les écoles de Sfax, de Sousse et de Monastir exposent samedi. Des élèves italiens viendront.", "TN"),
    # one mention is no evidence of a home
    ("Le salon ouvre samedi à Sfax. Des élèves italiens viendront.", None),
    # two countries named about as often: no country leads
    ("Les écoles de Sfax et de Sousse accueillent celles de Milan et de Turin.", None),
])
def test_the_country_a_text_s_places_point_to(text: str, expected: str | None) -> None:
    from extractor.core.context import Context
    from extractor.core.pipeline import get_nlp
    from extractor.core.record import _countries_of

    _named, home = _countries_of(get_nlp()(text), Context.of_text(text))
    assert home == expected
