"""The review page, opened in headless Chromium: highlighted spans there, no script error."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from conftest import CORPUS
from extractor.frontdoors.cli import main
from extractor.io.review import highlight

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=180)


def test_overlapping_spans_become_one_mark_per_stretch() -> None:
    page = highlight("<Salon> du 3 mai", [(0, 7, "event", "event"), (1, 6, "organiser", "org"),
                                           (8, 16, "date", "date")])
    assert page.startswith('<mark class="f-event" title="event">&lt;</mark><mark class="f-organiser"')
    assert page.count("<mark") == 4
    assert "&lt;" in page and "<Salon>" not in page


def test_the_review_page_opens_in_chromium_with_every_span_highlighted(tmp_path: Path) -> None:
    records = tmp_path / "out.jsonl"
    assert main(["extract", str(CORPUS / "000_2e58b29eec2e4310.txt"), str(CORPUS / "002_forum_energie_liege.txt"),
                 "-o", str(records), "--workers", "1", "--quiet"]) == 0
    page = tmp_path / "review.html"
    assert main(["review", str(records), "-o", str(page), "--text-dir", str(CORPUS)]) == 0
    assert "src=" not in page.read_text(encoding="utf-8"), "self-contained: nothing to fetch"
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    body = re.search(r"<body([^>]*)>", dom.stdout)
    assert body is not None
    attributes = body.group(1)
    assert 'data-ready="1"' in attributes, "the page's script ran to the end"
    assert "data-errors" not in attributes, attributes
    marks = int(re.search(r'data-marks="(\d+)"', attributes).group(1))  # type: ignore[union-attr]
    assert marks >= 60
    for expected in ('class="f-event"', 'class="f-date"', 'class="f-organiser"', 'class="f-venue"',
                     'class="f-city"', 'class="f-theme"', 'class="f-figure"'):
        assert expected in dom.stdout
    assert ">Place des Nations Unies</mark>" in dom.stdout
    shot = tmp_path / "review.png"
    taken = _chromium(tmp_path, "--window-size=1400,1000", f"--screenshot={shot}", page.as_uri())
    assert taken.returncode == 0 and shot.stat().st_size > 50_000
