"""Tables of cases in tests/data/*.tsv: one row a case, "#" lines are comments, a "known miss" is a strict xfail."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

DATA = Path(__file__).with_name("data")


def table_cases(name: str, columns: tuple[str, ...]) -> list:
    """One ``pytest.param`` per row of ``tests/data/<name>``, with ``columns`` as its values."""
    with (DATA / name).open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    cases = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        marks = [pytest.mark.xfail(strict=True, reason="known miss")] if row["status"] == "known miss" else []
        cases.append(pytest.param(*(row[c] for c in columns), marks=marks, id=row[columns[0]][:50]))
    return cases
