"""Latency and throughput of `extractor serve` on loopback, beside in-process `extract()` and the batch CLI.

    python benchmarks/serve.py [--requests 300] [--concurrency 1 4 16] [--workers 2] [--texts 100]

Makes ``--texts`` different releases from the corpus (as ``throughput.py`` does), then, in one run and on
the same texts:

* in-process ``extract()``, one text after another (model loaded and warmed up first): documents/s and
  the latency of one call, p50/p95/p99;
* the batch command, ``extractor extract dump.jsonl --workers N``: documents/s of the whole command
  (model loading included, as a user sees it) and its steady rate, ``(texts - 1) / (time of all texts -
  time of one text)``, which leaves model loading out;
* ``extractor serve --workers N`` started on a free loopback port: ``--requests`` POST /v1/extract at
  each concurrency (each client thread sends its share, one request after another, so the load is
  bounded and the run stops by itself), printing requests/s, p50/p95/p99 latency and errors; then the
  texts as one POST /v1/extract/batch.

Every request goes to 127.0.0.1 only. The figures are those of a shared 2-core machine: compare the
ratios of one run, not figures of different runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

import live_server  # noqa: E402  (tests/live_server.py: the server as the tests start it)
from throughput import synthetic_texts  # noqa: E402


def percentiles(seconds: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 of ``seconds``, in milliseconds (nearest rank).

    >>> percentiles([0.001 * n for n in range(1, 101)])
    (50.0, 95.0, 99.0)
    """
    ordered = sorted(seconds)

    def rank(share: float) -> float:
        return 1000 * ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]

    return rank(0.50), rank(0.95), rank(0.99)


def row(name: str, count: int, elapsed: float, latencies: list[float] | None = None, errors: int = 0) -> str:
    rate = count / elapsed if elapsed > 0 else float("inf")
    shown = [f"{ms:>8.1f}" for ms in percentiles(latencies)] if latencies else [f"{'-':>8}"] * 3
    return f"{name:<35} {count:>6} {rate:>9.1f} {' '.join(shown)} {errors:>6}"


def in_process(texts: list[str]) -> tuple[float, list[float]]:
    """Seconds of ``extract()`` on every text, and each call's seconds (after a warm-up)."""
    from extractor import extract

    extract(texts[0], doc_id="warm-up")
    latencies = []
    started = time.perf_counter()
    for index, text in enumerate(texts):
        begun = time.perf_counter()
        extract(text, doc_id=f"t{index}")
        latencies.append(time.perf_counter() - begun)
    return time.perf_counter() - started, latencies


def batch_command(texts: list[str], workers: int, folder: Path) -> tuple[float, float]:
    """Seconds of `extractor extract` on every text and on the first one alone (its start-up)."""
    def run(count: int) -> float:
        dump = folder / f"dump-{count}.jsonl"
        dump.write_text("".join(json.dumps({"id": f"t{i}", "text": t}, ensure_ascii=False) + "\n"
                                for i, t in enumerate(texts[:count])), encoding="utf-8")
        out = folder / f"out-{count}.jsonl"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "extractor", "extract", str(dump), "-o", str(out), "--workers",
                        str(workers), "-q"], check=True)
        elapsed = time.perf_counter() - started
        written = sum(1 for _ in out.open(encoding="utf-8"))
        assert written == count, f"the batch wrote {written} records of {count}"
        return elapsed

    return run(len(texts)), run(1)


def load(client: httpx.Client, texts: list[str], requests: int, concurrency: int) -> tuple[float, list[float], int]:
    """``requests`` POST /v1/extract from ``concurrency`` threads: seconds, latencies, errors."""
    def share(thread: int) -> tuple[list[float], int]:
        latencies, errors = [], 0
        for number in range(thread, requests, concurrency):
            begun = time.perf_counter()
            try:
                response = client.post("/v1/extract", json={"id": f"r{number}", "text": texts[number % len(texts)]})
                errors += response.status_code != 200
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - begun)
        return latencies, errors

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as threads:
        results = list(threads.map(share, range(concurrency)))
    elapsed = time.perf_counter() - started
    return elapsed, [s for latencies, _ in results for s in latencies], sum(errors for _, errors in results)


def batch_endpoint(client: httpx.Client, texts: list[str]) -> tuple[float, int]:
    """Seconds of one POST /v1/extract/batch of every text, and the lines that are not records."""
    body = "".join(json.dumps({"id": f"t{i}", "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
    started = time.perf_counter()
    response = client.post("/v1/extract/batch", content=body.encode("utf-8"),
                           headers={"Content-Type": "application/x-ndjson"})
    elapsed = time.perf_counter() - started
    lines = [json.loads(line) for line in response.text.splitlines()]
    errors = sum("error" in line for line in lines) + abs(len(texts) - len(lines)) + (response.status_code != 200)
    return elapsed, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests at each concurrency (default 300)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--workers", type=int, default=2, help="server and batch worker processes (default 2)")
    parser.add_argument("--texts", type=int, default=100, help="different releases (default 100)")
    args = parser.parse_args()

    texts = synthetic_texts(args.texts)
    header = f"{'path':<35} {'docs':>6} {'docs/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
    lines = [header]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        print(f"{len(texts)} texts; the batch command, --workers {args.workers} ...", file=sys.stderr)
        whole, one = batch_command(texts, args.workers, folder)
        lines.append(row(f"batch CLI --workers {args.workers} (whole)", len(texts), whole))
        steady = max(whole - one, 1e-9)
        lines.append(row(f"batch CLI --workers {args.workers} (steady)", len(texts) - 1, steady))

        print("in-process extract() ...", file=sys.stderr)
        elapsed, latencies = in_process(texts)
        lines.append(row("extract() in-process", len(texts), elapsed, latencies))
        in_process_p50 = percentiles(latencies)[0]

        print(f"extractor serve --workers {args.workers} ...", file=sys.stderr)
        server = live_server.start(folder, "--workers", str(args.workers), "--queue", "64", "--log-level", "warning")
        try:
            with server.client() as client:
                for warm in texts[: 2 * args.workers]:  # each worker past its first document
                    client.post("/v1/extract", json={"text": warm})
                p50_at_1 = None
                rates = []
                for concurrency in args.concurrency:
                    print(f"  {args.requests} requests at concurrency {concurrency} ...", file=sys.stderr)
                    elapsed, latencies, errors = load(client, texts, args.requests, concurrency)
                    lines.append(row(f"serve /v1/extract, concurrency {concurrency}", args.requests, elapsed,
                                     latencies, errors))
                    rates.append(args.requests / elapsed)
                    if concurrency == 1:
                        p50_at_1 = percentiles(latencies)[0]
                elapsed, errors = batch_endpoint(client, texts)
                lines.append(row("serve /v1/extract/batch (1 request)", len(texts), elapsed, None, errors))
                rates.append(len(texts) / elapsed)
        finally:
            server.stop()
    print("\n".join(lines))
    if p50_at_1 is not None:
        print(f"p50 at concurrency 1 / in-process extract() p50: {p50_at_1 / in_process_p50:.2f} (target <= 1.5)")
    batch_rate = (len(texts) - 1) / steady
    print(f"best serve docs/s / batch CLI steady docs/s: {max(rates) / batch_rate:.2f} (target >= 0.8)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
