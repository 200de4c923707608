"""Agreement between two annotators of the real corpus, scored like the extractor.

    python corpus/real/agreement.py corpus/real/iaa/b2

Each file <id>.json of the folder is a second annotation, made without seeing
the gold; it is compared with corpus/real/gold/<id>.json field by field, with
the same forgiving matching as ``extractor evaluate`` (the gold as the
reference). The F1 it prints is a ceiling: a system that agrees with the gold
as well as a second careful reader does scores this much.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from extractor.frontdoors.evaluate import REAL_FIELDS, Report, Score, compare, record_of_facts

GOLD = Path(__file__).resolve().parent / "gold"


def agreement(folder: Path) -> Report:
    report = Report()
    report.scores = {name: Score() for name in REAL_FIELDS}
    report.exact = {name: Score() for name in REAL_FIELDS}
    for path in sorted(folder.glob("*.json")):
        second = json.loads(path.read_text(encoding="utf-8"))
        gold = json.loads((GOLD / path.name).read_text(encoding="utf-8"))
        compare(record_of_facts(gold["gold"]), record_of_facts(second["gold"]), report, path.stem,
                fields=REAL_FIELDS, forgiving=True)
    return report


def main(argv: list[str]) -> int:
    report = agreement(Path(argv[0]))
    print(f"{report.documents} documents annotated twice")
    print(f"{'field':<20} {'F1':>6} {'exact F1':>9}")
    for name, score in report.scores.items():
        print(f"{name:<20} {score.f1:>6.3f} {report.exact[name].f1:>9.3f}")
    print(f"published agreement {report.published_accuracy:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
