"""Kill a worker process of a running `extractor extract` from outside, as a user or the kernel would.

    python benchmarks/kill_workers.py [--documents 300] [--workers 2] [--at 0 0.1 0.4 0.7 0.95] [--engine dask]

Builds a folder of releases (made from the corpus) with a few broken entries among
them, then runs `extractor extract` once per moment given: 0 kills a worker as soon
as it appears (while it starts), a fraction kills one when that share of the
documents is written. Each run prints what it killed and checks that every input
is in exactly one of the two files and that the error file holds only the broken
entries (at most the killed worker's document besides).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import synthetic_texts  # noqa: E402

BROKEN = {"empty.txt": b"", "binary.txt": b"\x00\x01\x02", "image.png": b"\x89PNG"}


def _children(pid: int) -> list[int]:
    """Child processes of ``pid``, started by any of its threads (Dask's nannies run in a thread)."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(children)


def _is_worker(pid: int) -> bool:
    try:
        return b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # gone already
        return False


def _count(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(1 for _ in handle)
    except OSError:
        return 0


def run_once(folder: Path, out: Path, inputs: int, workers: int, at: float, engine: str) -> tuple[str, dict]:
    command = [sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(out), "--workers", str(workers),
               "--engine", engine]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    killed = "nothing"
    while process.poll() is None and killed == "nothing":
        children = [child for child in _children(process.pid) if _is_worker(child)]
        written = _count(out) + _count(out.with_name(out.stem + ".errors.jsonl"))
        if children and (at == 0 or written >= at * inputs):
            os.kill(children[0], signal.SIGKILL)
            killed = f"worker {children[0]} after {written} of {inputs} written, {time.monotonic() - started:.1f} s in"
        time.sleep(0.01)
    _, stderr = process.communicate(timeout=1800)
    dead = out.with_name(out.stem + ".errors.jsonl")
    records = [json.loads(line)["document"]["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    errors = {json.loads(line)["document"]["id"]: json.loads(line)["error"]["type"]
              for line in (dead.read_text(encoding="utf-8").splitlines() if dead.exists() else [])}
    return killed, {"status": process.returncode, "records": records, "errors": errors,
                    "traceback": "Traceback" in stderr, "seconds": time.monotonic() - started,
                    "said": stderr.strip() if "Traceback" in stderr else (stderr.strip().splitlines() or [""])[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--at", type=float, nargs="+", default=[0, 0.1, 0.4, 0.7, 0.95])
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="dask: the worker processes of a local Dask cluster are killed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "batch"
        folder.mkdir()
        for index, text in enumerate(synthetic_texts(args.documents)):
            (folder / f"release_{index:05d}.txt").write_text(text, encoding="utf-8")
        for name, data in BROKEN.items():
            (folder / name).write_bytes(data)
        inputs = args.documents + len(BROKEN)
        expected = {f"release_{index:05d}" for index in range(args.documents)} | {n.split(".")[0] for n in BROKEN}
        for number, at in enumerate(args.at):
            out = Path(temporary) / f"out{number}.jsonl"
            killed, result = run_once(folder, out, inputs, args.workers, at, args.engine)
            ids = result["records"] + list(result["errors"])
            extra_errors = sorted(set(result["errors"]) - {n.split(".")[0] for n in BROKEN})
            accounted = len(ids) == len(set(ids)) == inputs and set(ids) == expected
            print(f"kill at {at:.0%}: {killed}; exit {result['status']} in {result['seconds']:.0f} s; "
                  f"{len(result['records'])} records + {len(result['errors'])} error records = {len(ids)} of {inputs} "
                  f"({'each exactly once' if accounted else 'MISMATCH'}); errors besides the broken entries: "
                  f"{extra_errors or 'none'}; traceback: {'YES' if result['traceback'] else 'no'}")
            if not accounted or result["traceback"]:
                print(f"  it said: {result['said']}")


if __name__ == "__main__":
    main()
