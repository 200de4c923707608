"""Installed the way a user does it: a fresh virtualenv, the pip Python ships (not upgraded),
``pip install .``, then a mixed folder extracted; then the ``dask`` extra the same way.

`make` upgrades pip in .venv, so the rest of the suite cannot see what an old pip leaves out
(pip 23.2.1 does not resolve the ``lxml[html_clean]`` extra trafilatura needs). Needs the
package index, like a user's install.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import mixed_folder

ROOT = Path(__file__).resolve().parents[1]


def _outcome(out: Path) -> dict[str, str]:
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(line) for line in out.with_name(out.stem + ".errors.jsonl").read_text(
        encoding="utf-8").splitlines()]
    outcome = {r["document"]["id"]: "record" for r in records}
    for error in errors:
        assert error["document"]["id"] not in outcome, "an input in both files"
        outcome[error["document"]["id"]] = error["error"]["type"]
    assert len(outcome) == len(records) + len(errors), "an input twice"
    return outcome


def test_a_plain_install_with_the_bundled_pip_reads_a_mixed_folder(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy, so that building does not write into the work tree
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("extractor", "schemas"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True, check=True).stdout
    install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(install + [str(source)], check=True, timeout=1200)

    folder = tmp_path / "mixed"
    expected = mixed_folder.make(folder)
    out = tmp_path / "local.jsonl"
    run = subprocess.run([str(venv / "bin" / "extractor"), "extract", str(folder), "-o", str(out), "--workers", "2"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, pip + run.stderr
    assert "Traceback" not in run.stderr
    assert _outcome(out) == expected, pip
    page = next(json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()
                if json.loads(line)["document"]["id"] == "page")
    assert page["events"], "the HTML page was read (trafilatura imports with this install)"

    subprocess.run(install + [f"{source}[dask]"], check=True, timeout=1200)
    dask_out = tmp_path / "dask.jsonl"
    few = [str(folder / name) for name in ("page.html", "release.pdf", "word.docx")]  # one Dask worker: quicker
    run = subprocess.run([str(venv / "bin" / "extractor"), "extract", *few, "-o", str(dask_out),
                          "--engine", "dask", "--workers", "1"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert [json.loads(line)["document"]["id"] for line in dask_out.read_text(encoding="utf-8").splitlines()] == [
        "page", "release", "word"]
