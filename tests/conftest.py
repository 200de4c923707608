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
