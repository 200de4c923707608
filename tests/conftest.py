"""Shared fixtures: paths of the repository and its corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def corpus_ids() -> list[str]:
    """Ids of the annotated releases: every corpus text that has a gold record."""
    return sorted(p.stem for p in CORPUS.glob("*.txt") if (CORPUS / f"{p.stem}.expected.json").exists())


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
