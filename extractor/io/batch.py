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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from extractor.core.document import sha256_of
from extractor.core.errors import ConfigurationError, ExtractorError
from extractor.core.pipeline import Input, error_record, extract_batches
from extractor.core.settings import DEFAULT, Settings
from extractor.io import faults
from extractor.io.formats import CSV_COLUMNS, csv_text, render
from extractor.io.inputs import clean, failed
from schemas import ErrorInfo, ErrorRecord, FailedDocument, PressRelease

Result = PressRelease | ErrorRecord


class OutputError(ExtractorError):
    """The output cannot be written (unwritable path, full disk)."""

    type = "output_error"


@dataclass(frozen=True)
class BatchSettings:
    """How a batch runs. ``workers`` 0 means one per core; ``pipeline``: the model, time limit and caps."""

    workers: int = 0
    engine: str = "local"
    scheduler: str | None = None
    resume: bool = False
    with_text: bool = False
    format: str = "jsonl"
    pipeline: Settings = DEFAULT

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
    examples: dict[str, ErrorRecord] = field(default_factory=dict)  # the first error record of each type

    def count(self, result: Result) -> None:
        if isinstance(result, ErrorRecord):
            self.failed += 1
            self.failures[result.error.type] = self.failures.get(result.error.type, 0) + 1
            self.examples.setdefault(result.error.type, result)
        else:
            self.extracted += 1

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
        text = render(record, self._format)
        return text if self._format == "csv" else text + "\n"

    def write(self, result: Result) -> Result:
        """Write one result; return what was written: a record that cannot be rendered (text JSON
        cannot hold) becomes an error record of stage ``write`` in the dead-letter file."""
        try:
            faults.point("write", result.document.id)
            line = _error_line(result) if isinstance(result, ErrorRecord) else self._render(result)
        except OSError as error:
            raise OutputError(f"cannot write the output: {error}") from error
        except Exception as error:
            result = _unwritable(result, error)
            line = _error_line(result)
        handle = self._dead if isinstance(result, ErrorRecord) else self._out
        try:
            handle.write(line)
            handle.flush()
        except OSError as error:  # a full disk: stop before more work is lost
            raise OutputError(f"cannot write the output: {error}") from error
        return result

    def close(self) -> None:
        failure: OSError | None = None
        for handle in self._owned:
            try:
                handle.close()
            except OSError as error:  # what could not be flushed is lost: say so
                failure = failure or error
        if failure is not None:
            raise OutputError(f"cannot write the output: {failure}") from failure


def _error_line(record: ErrorRecord) -> str:
    """An error record as a JSON line; one whose strings JSON cannot hold is written escaped."""
    try:
        return record.model_dump_json() + "\n"
    except ValueError:
        document, error = record.document, record.error
        escaped = ErrorRecord(document=FailedDocument(id=clean(document.id), source=clean(document.source or "")
                                                      if document.source is not None else None,
                                                      sha256=document.sha256),
                              error=ErrorInfo(type=clean(error.type), message=clean(error.message), stage=error.stage))
        return escaped.model_dump_json() + "\n"


def _unwritable(result: Result, error: BaseException) -> ErrorRecord:
    document = result.document
    return ErrorRecord(document=FailedDocument(id=clean(document.id), source=clean(document.source)
                                               if document.source is not None else None, sha256=document.sha256),
                       error=ErrorInfo(type="unwritable_record", stage="write",
                                       message=clean(f"the record cannot be written: {type(error).__name__}: {error}")))


def _results(items: Iterable[Input | ErrorRecord], settings: BatchSettings) -> Iterator[Result]:
    if settings.engine == "dask":
        from extractor.io.dask_engine import extract_on_dask

        yield from extract_on_dask(items, settings)
        return
    yield from extract_batches(items, workers=settings.worker_count(), with_text=settings.with_text,
                               settings=settings.pipeline)


#: Times the engine may fail as a whole (a bug, a cluster gone) before the rest of the inputs are written off.
ENGINE_RESTARTS = 3


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
    """Extract every item into the two files; return what was done.

    Whatever fails, every input ends in one of the two files: an input the engine
    took and did not return (the engine failed as a whole) becomes an error record,
    and the run goes on with a new engine. Only an output that cannot be written
    (``OutputError``) stops it, after the lines already written.
    """
    started = time.perf_counter()
    summary = Summary()
    done: set[str] = set()
    if settings.resume:
        for path in (output, dead_letter):
            if path is not None:
                done |= _repair_and_read_keys(path)
    outstanding: deque[Input | ErrorRecord] = deque()  # taken by the engine, not yet returned

    def pending(source: Iterator[Input | ErrorRecord]) -> Iterator[Input | ErrorRecord]:
        while True:
            try:
                item = next(source)
            except StopIteration:
                return
            except Exception as error:  # the listing itself broke: say so; it cannot go on
                item = failed(f"inputs#{summary.seen + 1}", None, "read_error",
                              f"listing the inputs broke off after {summary.seen}: {type(error).__name__}: {error}")
                summary.seen += 1
                outstanding.append(item)
                yield item
                return
            summary.seen += 1
            if done and input_key(item) in done:
                summary.skipped += 1
                continue
            outstanding.append(item)
            yield item

    sink = Sink(output, dead_letter, settings.resume, stdout, stderr, settings.format)

    def write(result: Result) -> None:
        result = sink.write(result)
        summary.count(result)
        if on_result is not None:
            on_result(result, summary)

    remaining = pending(iter(items))
    last_failure = ""
    try:
        for attempt in range(ENGINE_RESTARTS + 1):
            if attempt == ENGINE_RESTARTS:  # the engine keeps failing: write the rest off, without it
                for item in remaining:
                    outstanding.popleft()
                    write(_written_off(item, f"the batch engine failed {attempt} times in this run ({last_failure})"))
                break
            try:
                for result in _results(remaining, settings):
                    if outstanding:
                        outstanding.popleft()
                    write(result)
                break
            except (OutputError, KeyboardInterrupt):
                raise
            except Exception as error:  # the engine failed as a whole: what it held is written off, then a new one
                if isinstance(error, ConfigurationError) and not (summary.extracted or summary.failed):
                    raise  # nothing done yet: a setting to fix (the Dask extra, a scheduler), not documents to lose
                last_failure = f"{type(error).__name__}: {error}"
                while outstanding:
                    write(_written_off(outstanding.popleft(), f"the batch engine failed: {last_failure}"))
    except OutputError:
        try:
            sink.close()
        except OutputError:
            pass  # the first failure is the one to report
        raise
    sink.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _written_off(item: Input | ErrorRecord, why: str) -> ErrorRecord:
    return item if isinstance(item, ErrorRecord) else error_record(item, ExtractorError(f"not extracted: {why}"))
