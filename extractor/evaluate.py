"""Precision, recall and F1 per field against hand-written gold records.

Each field is compared as a set of keys per document, summed over the corpus
(micro-averaged). Names are matched forgivingly about case, accents,
punctuation and a leading article, and about nothing more.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extractor._text import name_key
from extractor.pipeline import extract


def _events(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for event in record["events"]:
        yield event
        yield from event["parts"]


def _speakers(record: dict[str, Any], key: str) -> list[dict[str, Any]]:
    speakers = record.get("speakers") or {}
    items: list[dict[str, Any]] = speakers.get(key, [])
    return items


#: Field -> what of a record is compared, as a multiset of keys.
FIELDS: dict[str, Callable[[dict[str, Any]], Iterable[Any]]] = {
    "event names": lambda r: [name_key(e["name"]) for e in _events(r) if e["name"]],
    "event date ranges": lambda r: [(e["start"], e["end"]) for e in _events(r) if e["start"]],
    "venues": lambda r: [name_key(v["name"]) for v in r["venues"]],
    "organisers": lambda r: [name_key(o["name"]) for o in r["organisers"]],
    "organiser roles": lambda r: [(name_key(o["name"]), o["role"]) for o in r["organisers"]],
    "themes": lambda r: [name_key(t["text"]) for t in r["themes"]],
    "speaker cities": lambda r: [name_key(c["name"]) for c in _speakers(r, "cities")],
    "speaker countries": lambda r: [c["code"] or name_key(c["name"]) for c in _speakers(r, "countries")],
    "figures": lambda r: [(f["value"], name_key(f["unit"])) for f in r["figures"]],
    "published": lambda r: [r["document"]["published"]] if r["document"]["published"] else [],
}


@dataclass
class Score:
    """Counts and rates of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Scores per field, and what each document missed or added."""

    documents: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    errors: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (for ``--json``)."""
        return {
            "documents": self.documents,
            "fields": {
                name: {**asdict(s), "precision": round(s.precision, 4), "recall": round(s.recall, 4),
                       "f1": round(s.f1, 4)}
                for name, s in self.scores.items()
            },
            "errors": self.errors,
        }


def compare(gold: dict[str, Any], predicted: dict[str, Any], report: Report, doc_id: str) -> None:
    """Add one document's comparison to ``report``."""
    report.documents += 1
    for name, keys in FIELDS.items():
        expected, got = Counter(keys(gold)), Counter(keys(predicted))
        score = report.scores[name]
        score.tp += sum((expected & got).values())
        score.fp += sum((got - expected).values())
        score.fn += sum((expected - got).values())
        missed, added = expected - got, got - expected
        if missed or added:
            report.errors.setdefault(doc_id, {})[name] = {
                "missed": sorted(map(str, missed.elements())), "added": sorted(map(str, added.elements()))}


def gold_pairs(paths: Iterable[str]) -> Iterator[tuple[Path, Path]]:
    """(text, gold record) for every annotated release under ``paths`` (folders or .txt files)."""
    for name in paths:
        path = Path(name)
        texts = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        for text in texts:
            gold = text.with_name(f"{text.stem}.expected.json")
            if gold.exists():
                yield text, gold


def evaluate(paths: Iterable[str]) -> Report:
    """Extract every annotated release under ``paths`` and score it against its gold record."""
    report = Report()
    for text_path, gold_path in gold_pairs(paths):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        record = extract(text_path.read_text(encoding="utf-8"), doc_id=text_path.stem,
                         source=text_path.as_posix())
        compare(gold, record.model_dump(mode="json"), report, text_path.stem)
    return report
