"""Shared fixtures: paths of the repository and its corpus."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def corpus_ids() -> list[str]:
    """Ids of the annotated releases: every corpus text that has a gold record."""
    return sorted(p.stem for p in CORPUS.glob("*.txt") if (CORPUS / f"{p.stem}.expected.json").exists())


def gold(doc_id: str) -> dict[str, Any]:
    """The gold record of a corpus release, as JSON data."""
    return json.loads((CORPUS / f"{doc_id}.expected.json").read_text(encoding="utf-8"))


#: Broken records, each made from a gold record: every validator of the contract must refuse them.
BREAKAGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "unknown field": lambda r: r.update(extra=1),
    "bad date": lambda r: r["events"][0].update(start="2017-13-01"),
    "bad role": lambda r: r["organisers"][0].update(role="friend"),
    "empty evidence": lambda r: r["venues"][0].update(evidence=[]),
    "bad country": lambda r: r["events"][0].update(country="Maroc"),
    "wrong version": lambda r: r.update(schema_version="0.9"),
}


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def table_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated case table (tests/data/*.tsv), its "#" comment lines left out."""
    import csv

    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def known_miss(row: dict[str, str]) -> list[pytest.MarkDecorator]:
    """A strict expected failure for a row whose status is "known miss"."""
    return [pytest.mark.xfail(strict=True, reason="known miss")] if row["status"] == "known miss" else []


#: The token of the shared test server.
TOKEN = "test-token-7f3a"


@pytest.fixture(scope="session")
def server(tmp_path_factory):  # type: ignore[no-untyped-def]
    """`extractor serve` with 2 workers and a token, as a real process on a free loopback port; shared by
    the tests of the HTTP API and the test that runs the corpus through every path."""
    import live_server

    running = live_server.start(tmp_path_factory.mktemp("serve"), "--workers", "2", "--log-level", "warning",
                                token=TOKEN)
    yield running
    running.stop()
