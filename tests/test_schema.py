"""The contract: models, the committed JSON Schema, and what either refuses."""

from __future__ import annotations

import copy

import jsonschema
import pytest
from pydantic import ValidationError

from conftest import BREAKAGES, corpus_ids
from conftest import gold as _gold
from schemas import Evidence, PressRelease, json_schema
from schemas.export import SCHEMA_FILE, render

SEED = "000_2e58b29eec2e4310"


def test_committed_schema_is_regenerated_unchanged() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), "run: python -m schemas"


def test_schema_names_its_version_with_standard_keywords_only() -> None:
    schema = json_schema()
    assert "version" not in schema  # not a JSON Schema keyword: validators in strict mode refuse it
    assert schema["$id"].endswith(":1.0")
    assert schema["properties"]["schema_version"]["const"] == "1.0"
    assert "1.0" in schema["$comment"]


@pytest.mark.parametrize("doc_id", corpus_ids())
def test_gold_records_pass_an_independent_json_schema_validator(doc_id: str) -> None:
    jsonschema.Draft202012Validator(json_schema()).validate(_gold(doc_id))


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_broken_records_fail_in_both_validators(breakage: str) -> None:
    record = copy.deepcopy(_gold(SEED))
    BREAKAGES[breakage](record)
    with pytest.raises(ValidationError):
        PressRelease.model_validate(record)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json_schema()).validate(record)


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda r: r["events"][0].update(start="2017-05-20"), "before start"),
        (lambda r: r["events"][0].update(venue="Nowhere"), "not the name of one of venues"),
        (lambda r: r["figures"][0]["evidence"][0].update(start=100_000, end=100_023), "beyond the document length"),
        (lambda r: r["document"].update(text="x" * r["document"]["length"]), "but the document has"),
        (lambda r: r["dates"][0].update(start="2017-06-01"), "before start"),
    ],
)
def test_checks_json_schema_cannot_express(breakage, message: str) -> None:
    record = copy.deepcopy(_gold(SEED))
    breakage(record)
    with pytest.raises(ValidationError, match=message):
        PressRelease.model_validate(record)


def test_evidence_text_must_have_the_span_length() -> None:
    with pytest.raises(ValidationError):
        Evidence(start=0, end=3, text="ab")
    assert Evidence(start=2, end=4, text="ab").end == 4
