"""The server's worker processes: each loads the pipeline once and runs one job at a time.

The server's own process (the event loop) never extracts: it puts jobs on a
queue and awaits their answers. A thread per worker takes the jobs waiting (up
to ``max_batch`` at once, so that spaCy runs them in one batch), sends them to
its process over a pipe of its own and hands the answers back to the event
loop. Because each process has its own pipe and runs one job at a time, its
thread always knows what a process was doing when it died:

- a worker that dies (killed, out of memory) is replaced; when it was running
  several documents, each is run again alone, and a document whose worker dies
  while running it alone is answered with an error record ``worker_died``;
- a worker that does not answer within ``hang_after`` seconds plus twice the
  time limit per document (code stuck in C, which the time limit cannot stop)
  is killed, and its document answered with an error record ``timeout``;
- a worker that cannot start (no model) is tried again after a pause; while no
  worker is up, the documents waiting are answered with an error record saying
  why, rather than left waiting.

At most ``queue`` documents wait for a worker: ``submit_nowait`` refuses one
more (``Overloaded``, which the server answers 503), ``submit`` waits for room.

The worker processes are started by a fork server (``multiprocessing``'s
``forkserver`` context): a clean process that has imported the pipeline's code
once, so that starting or replacing a worker does not fork the server's threads
or import spaCy again. The server's process never imports spaCy.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from extractor.core.document import sha256_of
from extractor.core.errors import ExtractionTimeout, ExtractorError
from extractor.core.settings import DEFAULT, Settings
from schemas import ErrorInfo, ErrorRecord, FailedDocument

#: Seconds a worker may take to load the pipeline before it is taken for stuck and killed.
START_SECONDS = 300.0
#: Seconds between tries to start a worker that could not start, at most.
START_PAUSE_MAX = 30.0
#: Seconds a worker is given to exit when the server stops.
EXIT_WAIT = 5.0
#: How often a waiting thread looks whether the server is stopping.
TICK = 0.5


class Overloaded(ExtractorError):
    """Every worker is busy and the queue is full."""

    type = "overloaded"


@dataclass(frozen=True)
class PoolSettings:
    """How many worker processes, how many documents may wait, and how a job runs."""

    workers: int = 1
    queue: int = 32
    max_batch: int = 8
    hang_after: float = 60.0
    pipeline: Settings = DEFAULT

    def __post_init__(self) -> None:
        for name in ("workers", "max_batch"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.queue < 0 or self.hang_after <= 0:
            raise ValueError("queue must be 0 or more and hang_after positive")


@dataclass(frozen=True)
class Document:
    """What a worker is sent for one document: picklable without spaCy."""

    text: str
    doc_id: str | None = None
    source: str | None = None
    published: str | None = None
    notes: tuple[str, ...] = ()  # warnings for the record (an id seen before in the batch)


@dataclass(frozen=True)
class Answer:
    """A worker's answer for one document: ``kind`` is ``"record"`` or the error record's type;
    ``body`` the record rendered as asked, or the error record as JSON."""

    kind: str
    body: str


@dataclass(eq=False)
class Job:
    document: Document
    render: str  # a format of extractor.io.formats.render
    future: asyncio.Future[Answer]


def failure(document: Document, kind: str, message: str, stage: str = "extract") -> Answer:
    """The answer of a document that failed outside the pipeline (a worker died, the server stops)."""
    digest = sha256_of(document.text) if document.text else None
    record = ErrorRecord(document=FailedDocument(id=document.doc_id or (digest or "unknown")[:16],
                                                 source=document.source, sha256=digest),
                         error=ErrorInfo(type=kind, message=message, stage=stage))
    return Answer(kind, error_json(record))


def error_json(record: ErrorRecord) -> str:
    """An error record as JSON; strings JSON cannot hold (lone surrogates) written with backslash escapes."""
    try:
        return record.model_dump_json()
    except ValueError:
        data = record.model_dump(mode="python")
        for part in ("document", "error"):
            data[part] = {key: value.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(value, str)
                          else value for key, value in data[part].items()}
        return ErrorRecord.model_validate(data).model_dump_json()


# ---------------------------------------------------------------------- in the worker process


def _answers(documents: list[Document], renders: list[str], settings: Settings) -> list[Answer]:
    """Extract and render, as the command line does: the same batch function, the same renderer."""
    from extractor.core.pipeline import Input, _extract_batch
    from extractor.io.formats import render

    items = [Input(d.text, d.doc_id, d.source, d.published, d.notes) for d in documents]
    answers = []
    for item, result, form in zip(items, _extract_batch(list(items), False, settings), renders, strict=True):
        if isinstance(result, ErrorRecord):
            answers.append(Answer(result.error.type, error_json(result)))
            continue
        try:
            body = render(result, form)
            body.encode("utf-8")  # text a response cannot carry fails here, not in the server
        except Exception as error:
            answers.append(Answer("unwritable_record", failure(
                Document(item.text, item.doc_id, item.source), "unwritable_record",
                f"the record cannot be written: {type(error).__name__}: {error}", "write").body))
            continue
        answers.append(Answer("record", body))
    return answers


def _worker_main(connection: Connection, settings: Settings) -> None:
    """A worker's life: build the pipeline, say it is ready, then answer jobs until told to stop."""
    from extractor.core.pipeline import _worker_init
    from extractor.io import faults
    from extractor.io.workers import _die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _die_with_parent()
    try:
        try:
            faults.point("worker_init")
            _worker_init(settings)
        except Exception as error:  # the server tries again later, and says why meanwhile
            connection.send(("failed", f"{type(error).__name__}: {error}"))
            return
        connection.send(("ready", os.getpid()))
        while True:
            message = connection.recv()
            if message is None:
                return
            documents, renders = message
            connection.send(("done", _answers(documents, renders, settings)))
    except BaseException:  # noqa: B036 - the server gone, an injected fault: exit without a word
        os._exit(70)


# ---------------------------------------------------------------------- in the server process


@dataclass(eq=False)
class _Slot:
    """One worker process and the thread that feeds it."""

    number: int
    process: Any = None
    connection: Connection | None = None
    pid: int | None = None
    ready: bool = False
    running: int = 0  # documents it is running
    started: int = 0  # processes started in this slot
    last_error: str | None = None
    thread: threading.Thread | None = field(default=None, repr=False)


class WorkerPool:
    """Worker processes fed from a bounded queue; answers come back to the event loop as futures."""

    def __init__(self, settings: PoolSettings) -> None:
        self.settings = settings
        self.context: Any = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["extractor.core.pipeline", "extractor.frontdoors.serve_pool"])
        self.slots = [_Slot(number) for number in range(settings.workers)]
        self.jobs: queue.Queue[Job] = queue.Queue()
        self.stopping = threading.Event()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.waiting = 0  # documents accepted and not yet taken by a worker (event loop's count)
        self._room: deque[asyncio.Future[None]] = deque()

    # ------------------------------------------------------------------ the event loop's side

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        for slot in self.slots:
            slot.thread = threading.Thread(target=self._serve, args=(slot,), name=f"worker-{slot.number}",
                                           daemon=True)
            slot.thread.start()

    def stop(self) -> None:
        """Stop the workers; what is still waiting is answered with an error record."""
        self.stopping.set()
        for slot in self.slots:
            if slot.thread is not None:
                slot.thread.join(EXIT_WAIT + 2 * TICK)
        self._drain("unavailable", "the server is stopping; not extracted")

    @property
    def full(self) -> bool:
        return self.waiting >= self.settings.queue

    def submit_nowait(self, document: Document, render: str) -> asyncio.Future[Answer]:
        """Queue a document, or raise ``Overloaded`` when ``queue`` documents wait already."""
        assert self.loop is not None, "the pool is not started"
        if self.full or self.stopping.is_set():
            raise Overloaded(f"{self.waiting} documents are waiting for a worker; try again shortly")
        self.waiting += 1
        job = Job(document, render, self.loop.create_future())
        self.jobs.put(job)
        return job.future

    async def submit(self, document: Document, render: str) -> asyncio.Future[Answer]:
        """Queue a document, waiting for room in the queue first."""
        assert self.loop is not None, "the pool is not started"
        while self.full and not self.stopping.is_set():
            room = self.loop.create_future()
            self._room.append(room)
            try:
                await room
            finally:
                if room in self._room:
                    self._room.remove(room)
        return self.submit_nowait(document, render)

    def _taken(self, count: int) -> None:
        self.waiting -= count
        while self._room and not self.full:
            room = self._room.popleft()
            if not room.done():
                room.set_result(None)

    def _settle(self, job: Job, answer: Answer) -> None:
        if not job.future.done():
            job.future.set_result(answer)

    def status(self) -> dict[str, Any]:
        """What /readyz shows: the workers, and the documents waiting and running."""
        return {
            "ready": any(slot.ready for slot in self.slots),
            "waiting": self.waiting,
            "queue": self.settings.queue,
            "workers": [{"pid": slot.pid, "ready": slot.ready, "running": slot.running, "started": slot.started,
                         "last_error": slot.last_error} for slot in self.slots],
        }

    # ------------------------------------------------------------------ the worker threads' side

    def _call(self, callback: Any, *args: Any) -> None:
        assert self.loop is not None
        try:
            self.loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop is closed: nobody waits any more
            pass

    def _answer(self, job: Job, answer: Answer) -> None:
        self._call(self._settle, job, answer)

    def _take(self) -> list[Job]:
        """Jobs waiting, up to ``max_batch``, the first one waited for a little."""
        try:
            jobs = [self.jobs.get(timeout=TICK)]
        except queue.Empty:
            return []
        while len(jobs) < self.settings.max_batch:
            try:
                jobs.append(self.jobs.get_nowait())
            except queue.Empty:
                break
        self._call(self._taken, len(jobs))
        return [job for job in jobs if not job.future.cancelled()]  # a client gone: nothing to do

    def _drain(self, kind: str, message: str) -> None:
        """Answer every job waiting with an error record."""
        jobs = []
        while True:
            try:
                jobs.append(self.jobs.get_nowait())
            except queue.Empty:
                break
        if jobs:
            self._call(self._taken, len(jobs))
        for job in jobs:
            self._answer(job, failure(job.document, kind, message))

    def _serve(self, slot: _Slot) -> None:
        """A worker thread: keep the process up, feed it jobs, until the server stops."""
        pause = 1.0
        try:
            while not self.stopping.is_set():
                if not slot.ready:
                    if not self._start(slot):
                        if not any(other.ready for other in self.slots):
                            self._drain("unavailable", f"no worker process could start: {slot.last_error}")
                        self.stopping.wait(pause)
                        pause = min(2 * pause, START_PAUSE_MAX)
                        continue
                    pause = 1.0
                jobs = self._take()
                if not jobs:
                    continue
                try:
                    self._run(slot, jobs)
                except Exception as error:  # a bug here must not leave requests waiting for ever
                    slot.last_error = f"{type(error).__name__}: {error}"
                    self._retire(slot)
                    for job in jobs:
                        self._answer(job, failure(job.document, "extraction_error", f"the server failed to run "
                                                  f"this document: {type(error).__name__}: {error}"))
        finally:
            self._retire(slot, graceful=True)

    def _start(self, slot: _Slot) -> bool:
        """Start the slot's process and wait until it has loaded the pipeline; False if it could not."""
        try:
            parent_end, child_end = self.context.Pipe(duplex=True)
            process = self.context.Process(target=_worker_main, args=(child_end, self.settings.pipeline),
                                           daemon=True, name=f"extractor-worker-{slot.number}")
            process.start()
            child_end.close()
        except Exception as error:  # no process (fork refused, no memory)
            slot.last_error = f"cannot start a worker process: {type(error).__name__}: {error}"
            return False
        slot.process, slot.connection, slot.started = process, parent_end, slot.started + 1
        deadline = time.monotonic() + START_SECONDS
        while not self.stopping.is_set() and time.monotonic() < deadline:
            if not wait([parent_end, process.sentinel], timeout=TICK):
                continue
            try:
                kind, payload = parent_end.recv()
            except (EOFError, OSError) as error:
                slot.last_error = f"the worker process died while starting ({_how(process)}): {error}"
                break
            if kind == "ready":
                slot.pid, slot.ready, slot.last_error = payload, True, None
                return True
            slot.last_error = f"the worker process could not start: {payload}"
            break
        else:
            slot.last_error = slot.last_error or "the worker process did not start in time"
        self._retire(slot)
        return False

    def _retire(self, slot: _Slot, graceful: bool = False) -> None:
        """Stop the slot's process (asked first when ``graceful``), close its pipe."""
        process, connection = slot.process, slot.connection
        slot.process = slot.connection = slot.pid = None
        slot.ready = False
        if process is None:
            return
        if graceful and connection is not None:
            try:
                connection.send(None)
                process.join(EXIT_WAIT)
            except (OSError, ValueError):
                pass
        try:
            if process.is_alive():
                process.kill()
            process.join(EXIT_WAIT)
        except Exception:  # noqa: S110 - a process that cannot be reaped is left to the OS
            pass
        if connection is not None:
            connection.close()

    def _run(self, slot: _Slot, jobs: list[Job]) -> None:
        """Run jobs on the slot's process and answer them; on a death, run each again alone."""
        outcome = self._exchange(slot, jobs)
        if outcome is None:
            return
        self._retire(slot)
        if len(jobs) > 1:  # one of them, or none (a kill from outside), killed it: each alone
            for job in jobs:
                if not slot.ready and not self._restart(slot):
                    self._answer(job, failure(job.document, "unavailable",
                                              f"no worker process could start: {slot.last_error}"))
                    continue
                self._run(slot, [job])
            return
        [job] = jobs
        self._answer(job, outcome)

    def _restart(self, slot: _Slot) -> bool:
        while not self.stopping.is_set():
            if self._start(slot):
                return True
            self.stopping.wait(1.0)
        return False

    def _exchange(self, slot: _Slot, jobs: list[Job]) -> Answer | None:
        """Send jobs and wait for their answers; None when answered, else the answer a lone job gets
        for what went wrong (the process died, hung, or the server stops)."""
        assert slot.connection is not None and slot.process is not None
        documents = [job.document for job in jobs]
        first = documents[0]
        try:
            slot.connection.send((documents, [job.render for job in jobs]))
        except (OSError, ValueError) as error:
            return failure(first, "worker_died", f"the worker process could not be sent the document: {error}")
        slot.running = len(jobs)
        time_limit = self.settings.pipeline.time_limit or 30.0
        allowed = self.settings.hang_after + 2 * time_limit * len(jobs)
        deadline = time.monotonic() + allowed
        try:
            while True:
                if wait([slot.connection, slot.process.sentinel], timeout=TICK):
                    try:
                        kind, answers = slot.connection.recv()
                    except (EOFError, OSError):
                        slot.process.join(EXIT_WAIT)
                        return failure(first, "worker_died", f"the worker process died running this document "
                                       f"({_how(slot.process)}: killed, or out of memory); not extracted")
                    for job, answer in zip(jobs, answers, strict=True):
                        self._answer(job, answer)
                    return None
                if self.stopping.is_set():
                    return failure(first, "unavailable", "the server stopped before this document was extracted")
                if time.monotonic() > deadline:
                    return failure(first, ExtractionTimeout.type, f"the worker process did not answer in "
                                   f"{allowed:g} s and was killed; not extracted")
        finally:
            slot.running = 0


def _how(process: Any) -> str:
    code = process.exitcode
    return f"killed by signal {-code}" if isinstance(code, int) and code < 0 else f"exit status {code}"

