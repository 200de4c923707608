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


#: Keywords of the draft 2020-12 vocabularies: those jsonschema validates, and the annotations and
#: identifiers strict validators (ajv's default mode) know.
KEYWORDS = frozenset(jsonschema.Draft202012Validator.VALIDATORS) | {
    "$schema", "$id", "$comment", "$defs", "$anchor", "$dynamicAnchor", "$vocabulary", "title", "description",
    "default", "examples", "deprecated", "readOnly", "writeOnly", "format", "contentEncoding",
    "contentMediaType", "contentSchema"}
#: Keywords whose value is a schema, a list of schemas, or a map of names to schemas.
ONE, MANY, NAMED = (
    {"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
     "unevaluatedItems", "unevaluatedProperties", "contentSchema"},
    {"allOf", "anyOf", "oneOf", "prefixItems"},
    {"properties", "patternProperties", "$defs", "dependentSchemas"},
)


def _unknown_keywords(schema: object, where: str = "#") -> list[str]:
    """Every place of ``schema`` that holds a key no 2020-12 vocabulary defines."""
    if not isinstance(schema, dict):
        return []
    found = [f"{where}/{key}" for key in schema if key not in KEYWORDS]
    for key, value in schema.items():
        if key in ONE:
            found += _unknown_keywords(value, f"{where}/{key}")
        elif key in MANY:
            found += [place for index, sub in enumerate(value)
                      for place in _unknown_keywords(sub, f"{where}/{key}/{index}")]
        elif key in NAMED:
            found += [place for name, sub in value.items()
                      for place in _unknown_keywords(sub, f"{where}/{key}/{name}")]
    return found


def test_the_schema_holds_only_keywords_of_draft_2020_12() -> None:
    """What ajv's strict mode checks first, without node: the committed schema is valid against the
    2020-12 meta-schema and every key in a schema place is a keyword (a "version" once was not)."""
    jsonschema.Draft202012Validator.check_schema(json_schema())
    assert _unknown_keywords(json_schema()) == []
    assert _unknown_keywords({**json_schema(), "version": "1.0"}) == ["#/version"]
    assert _unknown_keywords({"properties": {"a": {"type": "string", "nullable": True}}}) == [
        "#/properties/a/nullable"]


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
