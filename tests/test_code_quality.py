"""The package type-checks and lints cleanly (it ships py.typed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_type_error() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "extractor", "schemas"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_no_lint_error() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_letter_class_holds_a_sign() -> None:
    # a class from "À" to "Ý" holds "×", from "à" to "ÿ" holds "÷": such a class once crashed the reading of
    # countries on a text with "A × B"; the rules write extractor.rules._text.CAPITALS and SMALLS instead
    files = [p for p in (ROOT / "extractor").rglob("*") if p.suffix in (".py", ".json")]
    assert files
    found = [f"{p.relative_to(ROOT)}: {bad}" for p in files for bad in ("À" + "-Ý", "à" + "-ÿ")
             if bad in p.read_text(encoding="utf-8")]
    assert found == []
