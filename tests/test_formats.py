"""Records for other systems: schema.org JSON-LD (checked by a JSON-LD processor) and CSV."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from conftest import CORPUS, corpus_ids
from extractor.frontdoors.cli import main
from extractor.io.formats import CSV_COLUMNS, csv_rows, csv_text, to_jsonld
from schemas import PressRelease

CONTEXT = Path(__file__).resolve().parents[1] / "extractor" / "data" / "schemaorg-context.jsonld"
SEED = "000_2e58b29eec2e4310"


def _local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """schema.org's context from the copy shipped in the repository: no network."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise ValueError(f"no network: {url}")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(CONTEXT.read_text(encoding="utf-8"))}


@cache
def _gold(doc_id: str) -> PressRelease:
    return PressRelease.model_validate_json((CORPUS / f"{doc_id}.expected.json").read_text(encoding="utf-8"))


def _properties(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= _properties(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("@"):
                found.add(key)
            found |= _properties(value)
    return found


@pytest.mark.parametrize("doc_id", corpus_ids())
def test_every_jsonld_property_expands_to_a_schema_org_iri(doc_id: str) -> None:
    document = to_jsonld(_gold(doc_id))
    expanded = jsonld.expand(document, {"documentLoader": _local_loader})
    properties = _properties(expanded)
    assert properties, "the record expands to something"
    assert all(p.startswith("https://schema.org/") for p in properties), sorted(properties)
    types = {t for node in expanded for t in node.get("@type", [])}
    assert "https://schema.org/Article" in types


def test_the_seed_as_schema_org_events() -> None:
    graph = to_jsonld(_gold(SEED))["@graph"]
    event = next(node for node in graph if node["@type"] == "Event")
    assert (event["name"], event["startDate"], event["endDate"]) == (
        "Smart City Africa Casablanca", "2017-05-17", "2017-05-19")
    assert event["location"]["address"] == {"@type": "PostalAddress", "addressLocality": "Casablanca",
                                            "addressCountry": "MA"}
    assert [o["name"] for o in event["organizer"]] == ["Casablanca Events & Animation", "Fira de Barcelone"]
    assert [o["name"] for o in event["sponsor"]] == ["Roi Mohammed VI"]
    assert len(event["contributor"]) == 3
    assert event["about"] == [{"@type": "Thing", "name": "Des Villes Par Tous"}]
    first, second = event["subEvent"]
    assert first["superEvent"] == {"@id": event["@id"]}
    assert first["location"]["name"] == "Place des Nations Unies"
    assert second["audience"] == {"@type": "Audience", "audienceType": "professionnels"}


def test_csv_has_a_row_per_event_and_part() -> None:
    rows = csv_rows(_gold(SEED))
    assert [row[1:3] for row in rows] == [
        ["Smart City Africa Casablanca", ""],
        ["Smart City Connect Casablanca", "Smart City Africa Casablanca"],
        ["Smart City Expo Casablanca", "Smart City Africa Casablanca"]]
    assert rows[1][CSV_COLUMNS.index("venue")] == "Place des Nations Unies"


def test_the_command_writes_rfc_4180_csv_and_jsonld_lines(tmp_path: Path) -> None:
    text = CORPUS / f"{SEED}.txt"
    csv_out, ld_out = tmp_path / "events.csv", tmp_path / "events.jsonld"
    assert main(["extract", str(text), "-o", str(csv_out), "--format", "csv", "--workers", "1", "--quiet"]) == 0
    data = csv_out.read_bytes()
    assert data.count(b"\r\n") == 4 and b"\n" not in data.replace(b"\r\n", b"")
    table = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert table[0] == CSV_COLUMNS
    assert [row[:3] for row in table[1:]] == [row[:3] for row in csv_rows(_gold(SEED))]
    assert main(["extract", str(text), "-o", str(ld_out), "--format", "jsonld", "--workers", "1", "--quiet"]) == 0
    [line] = ld_out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["@context"] == "https://schema.org/"


def test_csv_quotes_as_rfc_4180_says() -> None:
    assert csv_text([["a,b", 'say "hi"', "x\ny", "plain"]]) == '"a,b","say ""hi""","x\ny",plain\r\n'
