"""Themes and slogans against a table of sentences (tests/data/themes_fr.tsv)."""

from __future__ import annotations

import pytest
from case_tables import table_cases

from extractor import extract

CASES = table_cases("themes_fr.tsv", ("sentence", "expected"))


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_theme_table(sentence: str, expected: str) -> None:
    themes = [theme.text for theme in extract(sentence).themes]
    assert (" | ".join(themes) or "none") == expected


def test_table_is_large_enough_to_mean_something() -> None:
    assert len(CASES) >= 20


def test_theme_evidence_is_the_text_between_the_quotes() -> None:
    text = "La rencontre aura pour thème ‹‹ Lire : un plaisir partagé ››."
    [theme] = extract(text).themes
    [span] = theme.evidence
    assert text[span.start : span.end] == span.text == "Lire : un plaisir partagé"
