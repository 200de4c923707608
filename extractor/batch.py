"""Whole archives: stream documents through the pipeline into two files that lose nothing.

Every input ends up in exactly one of the output (records) and the dead-letter
file (error records), written line by line as results come, in input order.
``resume`` reads both files back first: inputs whose (id, sha256) are already
there are skipped, and a line half-written when a run was killed is cut off,
so a run killed at any moment and resumed ends with every input exactly once.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from extractor.document import sha256_of
from extractor.errors import ExtractorError
from extractor.formats import CSV_COLUMNS, csv_rows, csv_text, to_jsonld
from extractor.pipeline import BATCH_SIZE, TIME_LIMIT, Input, extract_batches
from schemas import ErrorRecord, PressRelease

Result = PressRelease | ErrorRecord


class OutputError(ExtractorError):
    """The output cannot be written (unwritable path, full disk)."""

    type = "output_error"


@dataclass(frozen=True)
class BatchSettings:
    """How a batch runs. ``workers`` 0 means one per core."""

    workers: int = 0
    engine: str = "local"
    scheduler: str | None = None
    resume: bool = False
    with_text: bool = False
    format: str = "jsonl"
    batch_size: int = BATCH_SIZE
    time_limit: float | None = TIME_LIMIT

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)


@dataclass
class Summary:
    """What a run did."""

    seen: int = 0
    extracted: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    failures: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return (self.extracted + self.failed) / self.seconds if self.seconds > 0 else 0.0


def _key(document_id: str, sha256: str | None) -> str:
    return f"{document_id}\x00{sha256 or ''}"


def _repair_and_read_keys(path: Path) -> set[str]:
    """The (id, sha256) keys a JSON Lines output holds, after cutting off a half-written last line."""
    if not path.exists():
        return set()
    with path.open("rb+") as handle:
        data = handle.read()
        end = data.rfind(b"\n") + 1
        if end < len(data):  # a line the last run did not finish: drop it, it will be redone
            handle.truncate(end)
            data = data[:end]
    keys = set()
    for line in data.splitlines():
        if not line.strip():
            continue
        document = json.loads(line)["document"]
        keys.add(_key(document["id"], document.get("sha256")))
    return keys


def input_key(item: Input | ErrorRecord) -> str:
    """The key that identifies an input across runs: its id and the SHA-256 of its text."""
    if isinstance(item, ErrorRecord):
        return _key(item.document.id, item.document.sha256)
    text = item.text if isinstance(item.text, str) else ""
    digest = sha256_of(text) if text else None
    return _key(item.doc_id or (digest or "")[:16], digest)


class Sink:
    """The two output files, appended to line by line, flushed after every line.

    Records are written in ``format`` (jsonl, jsonld or csv); error records are
    always JSON Lines.
    """

    def __init__(self, output: Path | None, dead_letter: Path | None, append: bool,
                 stdout: IO[str], stderr: IO[str], format: str = "jsonl") -> None:
        mode = "a" if append else "w"
        self._format = format
        try:
            self._out = output.open(mode, encoding="utf-8", newline="") if output else stdout
            self._dead = dead_letter.open(mode, encoding="utf-8") if dead_letter else stderr
            if format == "csv" and not append:
                self._out.write(csv_text([CSV_COLUMNS]))
        except OSError as error:
            raise OutputError(f"cannot write the output: {error}") from error
        self._owned = [h for h, p in ((self._out, output), (self._dead, dead_letter)) if p is not None]

    def _render(self, record: PressRelease) -> str:
        if self._format == "jsonld":
            return json.dumps(to_jsonld(record), ensure_ascii=False) + "\n"
        if self._format == "csv":
            return csv_text(csv_rows(record))
        return record.model_dump_json() + "\n"

    def write(self, result: Result) -> None:
        is_error = isinstance(result, ErrorRecord)
        handle = self._dead if is_error else self._out
        try:
            handle.write(result.model_dump_json() + "\n" if is_error else self._render(result))  # type: ignore[arg-type]
            handle.flush()
        except OSError as error:  # a full disk: stop before more work is lost
            raise OutputError(f"cannot write the output: {error}") from error

    def close(self) -> None:
        failure: OSError | None = None
        for handle in self._owned:
            try:
                handle.close()
            except OSError as error:  # what could not be flushed is lost: say so
                failure = failure or error
        if failure is not None:
            raise OutputError(f"cannot write the output: {failure}") from failure


def _results(items: Iterable[Input | ErrorRecord], settings: BatchSettings) -> Iterator[Result]:
    if settings.engine == "dask":
        from extractor.dask_engine import extract_on_dask

        yield from extract_on_dask(items, settings)
        return
    yield from extract_batches(items, workers=settings.worker_count(), with_text=settings.with_text,
                               batch_size=settings.batch_size, time_limit=settings.time_limit)


def run_batch(
    items: Iterable[Input | ErrorRecord],
    output: Path | None,
    dead_letter: Path | None,
    settings: BatchSettings,
    *,
    stdout: IO[str],
    stderr: IO[str],
    on_result: Callable[[Result, Summary], None] | None = None,
) -> Summary:
    """Extract every item into the two files; return what was done."""
    started = time.perf_counter()
    summary = Summary()
    done: set[str] = set()
    if settings.resume:
        for path in (output, dead_letter):
            if path is not None:
                done |= _repair_and_read_keys(path)

    def pending() -> Iterator[Input | ErrorRecord]:
        for item in items:
            summary.seen += 1
            if done and input_key(item) in done:
                summary.skipped += 1
                continue
            yield item

    sink = Sink(output, dead_letter, settings.resume, stdout, stderr, settings.format)
    try:
        for result in _results(pending(), settings):
            sink.write(result)
            if isinstance(result, ErrorRecord):
                summary.failed += 1
                summary.failures[result.error.type] = summary.failures.get(result.error.type, 0) + 1
            else:
                summary.extracted += 1
            if on_result is not None:
                on_result(result, summary)
    except OutputError:
        try:
            sink.close()
        except OutputError:
            pass  # the first failure is the one to report
        raise
    sink.close()
    summary.seconds = time.perf_counter() - started
    return summary
