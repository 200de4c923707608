"""Precision, recall and F1 per field against hand-written gold records.

Each field is compared as a set of keys per document, summed over the corpus
(micro-averaged). Two kinds of gold are read:

- the own-words corpus (``corpus/<id>.txt`` beside ``<id>.expected.json``, whole
  records): names match forgivingly about case, accents, punctuation and a
  leading article, and about nothing more;
- the real corpus (``corpus/real/gold/<id>.json``, gold facts; the texts are in
  ``corpus/real/texts/`` when restored): names also match when the words of
  the shorter one are a run of the longer one's words, the shorter holding two
  words or more ("Forum de Dakar" for "Forum international de Dakar" does not
  match, "Salon Vertilia" for "Salon Vertilia 2019" does). The exact score is
  kept beside it. A text that is absent is counted, not scored.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from extractor.core.document import sha256_of
from extractor.core.pipeline import extract
from extractor.rules._text import name_key


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


#: Fields whose keys are names (or start with one), matched forgivingly on real texts.
NAME_FIELDS = frozenset({"event names", "venues", "organisers", "organiser roles", "themes", "speaker cities"})
#: Fields the real corpus's gold facts hold (figures are not annotated there).
REAL_FIELDS = ("event names", "event date ranges", "venues", "organisers", "organiser roles", "themes",
               "speaker cities", "speaker countries", "published")


def _name_of(key: Any) -> str:
    return key[0] if isinstance(key, tuple) else str(key)


def names_match(a: Any, b: Any) -> bool:
    """True when two keys name the same thing, forgivingly: equal, or the words of the
    shorter name are a run of the longer's and hold two words or more.

    >>> names_match("forum international de dakar", "forum international de dakar 2019")
    True
    >>> names_match("salon", "salon de l habitat"), names_match("forum de dakar", "forum international de dakar")
    (False, False)
    >>> names_match(("cci", "partner"), ("cci", "organiser"))
    False
    """
    if a == b:
        return True
    if isinstance(a, tuple) and (not isinstance(b, tuple) or a[1:] != b[1:]):
        return False
    short, long = sorted((_name_of(a).split(), _name_of(b).split()), key=len)
    n = len(short)
    return n >= 2 and any(long[i : i + n] == short for i in range(len(long) - n + 1))


def match_keys(expected: list[Any], got: list[Any], forgiving: bool) -> tuple[list[Any], list[Any], int]:
    """(missed, added, matched): equal keys pair first, then forgiving pairs, one to one."""
    missed = list((Counter(expected) - Counter(got)).elements())
    added = list((Counter(got) - Counter(expected)).elements())
    matched = len(expected) - len(missed)
    if forgiving:
        for key in list(missed):
            partner = next((other for other in added if names_match(key, other)), None)
            if partner is not None:
                missed.remove(key)
                added.remove(partner)
                matched += 1
    return missed, added, matched


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
    exact: dict[str, Score] = field(default_factory=dict)  # real corpus: scores without forgiving matches
    absent: list[str] = field(default_factory=list)  # real corpus: gold files whose text is not restored
    failed: list[str] = field(default_factory=list)  # "id: error" of texts the extractor failed on (scored empty)
    published_right: int = 0  # documents whose publication date (or its absence) is the gold one

    @property
    def published_accuracy(self) -> float:
        return self.published_right / self.documents if self.documents else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (for ``--json``)."""
        def rates(scores: dict[str, Score]) -> dict[str, Any]:
            return {name: {**asdict(s), "precision": round(s.precision, 4), "recall": round(s.recall, 4),
                           "f1": round(s.f1, 4)} for name, s in scores.items()}

        data: dict[str, Any] = {"documents": self.documents, "fields": rates(self.scores)}
        if self.exact:
            data["exact_fields"] = rates(self.exact)
            data["published_accuracy"] = round(self.published_accuracy, 4)
            data["absent"] = self.absent
        data["failed"] = self.failed
        data["errors"] = self.errors
        return data


def compare(gold: dict[str, Any], predicted: dict[str, Any], report: Report, doc_id: str,
            fields: Iterable[str] = tuple(FIELDS), forgiving: bool = False) -> None:
    """Add one document's comparison to ``report``: ``fields`` only, names matched
    forgivingly (``names_match``) when ``forgiving``, the exact score kept beside."""
    report.documents += 1
    for name in fields:
        keys = FIELDS[name]
        expected, got = list(keys(gold)), list(keys(predicted))
        missed, added, matched = match_keys(expected, got, forgiving and name in NAME_FIELDS)
        score = report.scores.setdefault(name, Score())
        score.tp += matched
        score.fp += len(added)
        score.fn += len(missed)
        if forgiving:
            strict_missed, strict_added, strict_matched = match_keys(expected, got, False)
            exact = report.exact.setdefault(name, Score())
            exact.tp += strict_matched
            exact.fp += len(strict_added)
            exact.fn += len(strict_missed)
        if missed or added:
            report.errors.setdefault(doc_id, {})[name] = {
                "missed": sorted(map(str, missed)), "added": sorted(map(str, added))}
    if gold["document"]["published"] == predicted["document"]["published"]:
        report.published_right += 1


def gold_pairs(paths: Iterable[str]) -> Iterator[tuple[Path, Path]]:
    """(text, gold record) for every annotated release under ``paths`` (folders or .txt files)."""
    for name in paths:
        path = Path(name)
        texts = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        for text in texts:
            gold = text.with_name(f"{text.stem}.expected.json")
            if gold.exists():
                yield text, gold


def record_of_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The gold facts of a real text in the shape of a record, for ``FIELDS``."""
    def event(item: dict[str, Any]) -> dict[str, Any]:
        return {"name": item.get("name"), "start": item.get("start"), "end": item.get("end"), "parts": []}

    return {
        "document": {"published": facts.get("published")},
        "events": [event(e) for e in facts.get("events", [])],
        "venues": [{"name": v} for v in facts.get("venues", [])],
        "organisers": [{"name": o["name"], "role": o["role"]} for o in facts.get("organisers", [])],
        "themes": [{"text": t} for t in facts.get("themes", [])],
        "speakers": {"cities": [{"name": c} for c in facts.get("speaker_cities", [])],
                     "countries": [{"name": c.get("name"), "code": c.get("code")}
                                   for c in facts.get("speaker_countries", [])]},
        "figures": [],
    }


def real_gold(paths: Iterable[str], batches: set[str] | None = None) -> Iterator[tuple[dict[str, Any], Path]]:
    """(gold file, where its text is) of the real corpus under ``paths``, in a stable order."""
    for name in paths:
        path = Path(name)
        folder = path / "gold" if (path / "gold").is_dir() else path
        files = sorted(folder.glob("*.json")) if folder.is_dir() else [path]
        for gold_path in files:
            if gold_path.suffix != ".json" or gold_path.name.endswith(".expected.json"):
                continue
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            if not isinstance(gold, dict) or "gold" not in gold or "sha256" not in gold:
                continue
            if batches and gold.get("batch") not in batches:
                continue
            yield gold, gold_path.parent.parent / "texts" / f"{gold['id']}.txt"


def is_real_corpus(paths: Iterable[str]) -> bool:
    """True when ``paths`` hold real-corpus gold files (``gold/<id>.json``)."""
    return any(True for _ in real_gold(paths))


def evaluate(paths: Iterable[str], batches: set[str] | None = None) -> Report:
    """Extract every annotated release under ``paths`` and score it against its gold record.

    Real-corpus gold files are scored when their text is present and unchanged
    (``batches`` picks some of them); the others are listed in ``report.absent``.
    """
    paths = list(paths)
    report = Report()
    if is_real_corpus(paths):
        report.scores = {name: Score() for name in REAL_FIELDS}
        report.exact = {name: Score() for name in REAL_FIELDS}
        for gold, text_path in real_gold(paths, batches):
            try:
                text = text_path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                report.absent.append(gold["id"])
                continue
            if sha256_of(text) != gold["sha256"]:
                report.absent.append(gold["id"])
                continue
            record = _extracted(text, gold["id"], text_path, report)
            compare(record_of_facts(gold["gold"]), record, report, gold["id"], fields=REAL_FIELDS, forgiving=True)
        return report
    for text_path, gold_path in gold_pairs(paths):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        record = _extracted(text_path.read_text(encoding="utf-8"), text_path.stem, text_path, report)
        compare(gold, record, report, text_path.stem)
    return report


def _extracted(text: str, doc_id: str, path: Path, report: Report) -> dict[str, Any]:
    """The record of one text as plain data; when the extractor fails on it (a bug), an empty record,
    so that its gold values count as missed and the other texts are still scored, the failure named in
    ``report.failed``."""
    try:
        return extract(text, doc_id=doc_id, source=path.as_posix()).model_dump(mode="json")
    except Exception as error:  # noqa: BLE001 - any bug on one text; the batch goes on
        report.failed.append(f"{doc_id}: {type(error).__name__}: {error}")
        return record_of_facts({})
