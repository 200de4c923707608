"""The public API as a Python user calls it."""

from __future__ import annotations

from datetime import date

import pytest

import extractor
from extractor import ExtractorError, InputError, extract, extract_many
from schemas import ErrorRecord, PressRelease

ANNOUNCEMENT = (
    "Le Salon international du livre se tiendra du 3 au 5 mars au Parc des expositions de Bordeaux. "
    "Organisé par l'association Lire Ensemble avec le soutien de la Région Nouvelle-Aquitaine, "
    "il accueillera environ 120 exposants."
)


def test_public_surface_is_small() -> None:
    assert sorted(extractor.__all__) == [
        "ConfigurationError", "ContractError", "ExtractorError", "InputError",
        "extract", "extract_many", "find_dates",
    ]


def test_extract_returns_a_typed_record() -> None:
    record = extract(ANNOUNCEMENT, doc_id="a1", published="2019-01")
    assert isinstance(record, PressRelease)
    assert record.document.id == "a1"
    assert record.document.published == "2019-01"
    [event] = record.events
    assert (event.name, event.start, event.end) == ("Salon international du livre", "2019-03-03", "2019-03-05")
    assert event.venue == "Parc des expositions de Bordeaux"
    assert (event.city, event.country) == ("Bordeaux", "FR")
    roles = {(o.name, o.role.value) for o in record.organisers}
    assert roles == {("association Lire Ensemble", "organiser"), ("Région Nouvelle-Aquitaine", "sponsor")}
    assert [(f.value, f.unit, f.approximate) for f in record.figures] == [(120, "exposants", True)]


def test_published_argument_wins_over_the_header() -> None:
    record = extract(" date 2010-01 Le Forum Numérique aura lieu le 3 février.", published=date(2019, 1, 15))
    assert record.document.published == "2019-01-15"
    assert record.dates[0].start == "2019-02-03"


def test_without_a_publication_date_years_stay_unknown() -> None:
    record = extract("Le Forum Numérique aura lieu le 3 février.")
    assert record.document.published is None
    assert record.dates[0].start is None
    assert any("year of 1 date expression" in w for w in record.warnings)


def test_text_is_copied_only_when_asked() -> None:
    assert extract(ANNOUNCEMENT).document.text is None
    assert extract(ANNOUNCEMENT, with_text=True).document.text == ANNOUNCEMENT


def test_a_release_about_no_event_says_so() -> None:
    record = extract("La société a publié ses résultats annuels : le chiffre d'affaires progresse de 4 %.")
    assert record.events == []
    assert "no event found" in record.warnings


def test_same_input_gives_identical_output() -> None:
    assert extract(ANNOUNCEMENT).model_dump_json() == extract(ANNOUNCEMENT).model_dump_json()


@pytest.mark.parametrize("bad", ["", "   \n\t", None, 42])
def test_bad_input_raises_the_package_error(bad) -> None:
    with pytest.raises(InputError):
        extract(bad)  # type: ignore[arg-type]
    assert issubclass(InputError, ExtractorError)


def test_bad_published_raises_the_package_error() -> None:
    with pytest.raises(InputError):
        extract(ANNOUNCEMENT, published="mars 2019")


def test_extract_many_keeps_order_and_turns_failures_into_error_records() -> None:
    items = [ANNOUNCEMENT, {"id": "x", "text": ""}, {"id": "y", "text": ANNOUNCEMENT, "published": "2019-01"}, 7]
    results = list(extract_many(items))
    assert [type(r).__name__ for r in results] == ["PressRelease", "ErrorRecord", "PressRelease", "ErrorRecord"]
    assert isinstance(results[1], ErrorRecord) and results[1].document.id == "x"
    assert results[2].document.id == "y" and results[2].events[0].start == "2019-03-03"


def test_two_workers_give_the_same_records_as_one() -> None:
    texts = [ANNOUNCEMENT, " date 2017-05 " + ANNOUNCEMENT, "Rien à signaler."] * 2
    one = [r.model_dump_json() for r in extract_many(texts, workers=1)]
    two = [r.model_dump_json() for r in extract_many(texts, workers=2)]
    assert one == two


def test_errors_import_as_a_module_of_the_package() -> None:
    from extractor import errors
    from extractor.core import errors as core_errors

    assert errors.InputError is core_errors.InputError
    with pytest.raises(errors.InputError):
        extract("Le salon ouvre le 3 mai.", published="hier")
