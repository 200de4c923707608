"""Batches in worker processes that may die at any moment without losing a document.

A small supervisor rather than ``concurrent.futures.ProcessPoolExecutor``: when
one of its processes dies, an executor breaks as a whole, fails every task in
flight and cannot say which task killed it, so good documents were retried,
written off, or lost with the pool. Here each worker has its own pipe and runs
one job at a time, so the parent always knows what a dead worker was doing:

- a worker that dies while starting or idle is replaced; nothing was lost;
- a worker that dies on a batch is replaced and the batch is retried one
  document per job; a document whose worker dies twice while running it alone
  is an error record (``worker_died``), and only that document;
- a worker that cannot be started, sent a job or read from, over and over with no
  job finishing in between, stops the run's use of processes: every document not
  yet extracted becomes an error record saying why, so the run still ends with
  every input in one of the two files.

Results come back in input order with a bounded number of batches in flight.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from extractor.core.errors import ExtractorError, WorkerDied
from extractor.core.pipeline import Input, _extract_batch, _worker_init, error_record
from extractor.core.settings import Settings
from extractor.io import faults
from schemas import ErrorRecord, PressRelease

Result = PressRelease | ErrorRecord
#: Deaths of a worker running one document alone before that document is an error record: two, so that
#: a worker killed once from outside (or by the kernel for another process's memory) loses nothing.
DEATHS_ALONE = 2
#: Worker deaths, failed starts and failed exchanges in a row, with no job finishing, before giving up.
MAX_TROUBLE = 8
#: Seconds a job may run, plus ``JOB_PER_DOCUMENT`` per document, before its worker is taken for hung
#: and killed (a regular expression stuck in C code ignores the time limit).
JOB_GRACE = 300.0
#: Seconds per document of a job; None: twice the time limit, or 60 s without one.
JOB_PER_DOCUMENT: float | None = None
#: Seconds a worker is given to exit when the run is over.
EXIT_WAIT = 5.0


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker when the parent dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


def _worker_main(connection: Connection, inherited: list[int], parent: int, with_text: bool,
                 settings: Settings) -> None:
    """A worker's life: build the pipeline, say it is ready, then run jobs until told to stop.
    Whatever happens, it never prints a traceback: a failure is a result or a quiet exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()
    for descriptor in inherited:  # the other workers' pipes: they must see EOF when the parent goes
        try:
            os.close(descriptor)
        except OSError:
            pass
    try:
        if os.getppid() != parent:
            return
        try:
            faults.point("worker_init")
            _worker_init(settings)
        except Exception as error:  # the parent replaces this worker, and gives up if none can start
            connection.send(("failed", f"{type(error).__name__}: {error}"))
            return
        connection.send(("ready", os.getpid()))
        while True:
            faults.point("idle")
            message = connection.recv()
            if message is None:
                return
            job, items = message
            try:
                results = _extract_batch(items, with_text, settings)
            except Exception as error:
                results = [item if isinstance(item, ErrorRecord) else error_record(item, error) for item in items]
            first = next((item.doc_id for item in items if isinstance(item, Input)), None)
            faults.point("send", first)
            connection.send(("done", (job, results)))
    except BaseException:  # noqa: B036 - EOF from a parent gone, an injected fault: exit without a word
        os._exit(70)


@dataclass
class _Unit:
    """One batch in input order, and its results as they come."""

    items: list[Input | ErrorRecord]
    results: list[Result | None] = field(init=False)
    left: int = field(init=False)

    def __post_init__(self) -> None:
        self.results = [item if isinstance(item, ErrorRecord) else None for item in self.items]
        self.left = sum(result is None for result in self.results)

    def fill(self, position: int, result: Result) -> None:
        if self.results[position] is None:
            self.left -= 1
        self.results[position] = result


class Window:
    """The batches in flight, at most ``size`` of them, shared by the process and the Dask engines: each
    batch read becomes a unit whose documents to extract ``start`` hands to the engine (error records
    read from the input are results already), and finished units come out in input order."""

    def __init__(self, batches: Iterator[list[Input | ErrorRecord]], size: int,
                 start: Callable[[_Unit, list[int]], None]) -> None:
        self.batches = batches
        self.size = size
        self.start = start
        self.units: deque[_Unit] = deque()
        self.exhausted = False

    def fill(self) -> None:
        """Read batches until ``size`` are in flight or the input ends."""
        while not self.exhausted and len(self.units) < self.size:
            batch = next(self.batches, None)
            if batch is None:
                self.exhausted = True
                return
            unit = _Unit(batch)
            self.units.append(unit)
            positions = [index for index, result in enumerate(unit.results) if result is None]
            if positions:
                self.start(unit, positions)

    def done(self) -> Iterator[Result]:
        """The results of the units finished at the head of the window, in input order."""
        while self.units and self.units[0].left == 0:
            for result in self.units.popleft().results:
                assert result is not None
                yield result

    @property
    def over(self) -> bool:
        """True when every batch was read and every result given."""
        return self.exhausted and not self.units


@dataclass
class _Job:
    """Documents of a unit sent together to one worker; ``strikes``: workers that died running it alone."""

    unit: _Unit
    positions: list[int]
    strikes: int = 0
    number: int = 0


@dataclass(eq=False)
class _Worker:
    process: Any
    connection: Connection
    ready: bool = False
    job: _Job | None = None
    since: float = 0.0


class _Supervisor:
    def __init__(self, size: int, with_text: bool, settings: Settings) -> None:
        self.context: Any = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        self.size = size
        self.with_text = with_text
        self.settings = settings
        self.workers: list[_Worker] = []
        self.queue: deque[_Job] = deque()
        self.jobs = 0
        self.trouble = 0
        self.last_trouble = ""
        self.broken: str | None = None

    # ------------------------------------------------------------------ workers

    def _start(self) -> None:
        try:
            parent_end, child_end = self.context.Pipe(duplex=True)
            inherited = [worker.connection.fileno() for worker in self.workers]
            process = self.context.Process(target=_worker_main, daemon=True, args=(
                child_end, inherited, os.getpid(), self.with_text, self.settings))
            process.start()
            child_end.close()
        except Exception as error:  # no process (fork refused, no memory): count it and try again later
            self._troubled(f"cannot start a worker process: {type(error).__name__}: {error}")
            return
        self.workers.append(_Worker(process, parent_end))

    def _troubled(self, what: str) -> None:
        self.trouble += 1
        self.last_trouble = what
        if self.trouble >= MAX_TROUBLE and self.broken is None:
            self.broken = f"{what} ({self.trouble} failures in a row)"

    def _retire(self, worker: _Worker) -> None:
        """Stop a worker for good: kill it if it still runs, close its pipe."""
        if worker in self.workers:
            self.workers.remove(worker)
        try:
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join(EXIT_WAIT)
        except Exception:  # noqa: S110 - a process that cannot be reaped is left to the OS
            pass
        try:
            worker.connection.close()
        except OSError:
            pass

    def _died(self, worker: _Worker, why: str) -> None:
        """A worker is gone (or unusable): replace it; what it was doing is retried or written off."""
        if worker not in self.workers:
            return
        self._retire(worker)
        code = worker.process.exitcode
        how = f"killed by signal {-code}" if isinstance(code, int) and code < 0 else f"exit status {code}"
        self._troubled(f"a worker process {why} ({how})")
        job = worker.job
        if job is None:
            return
        if len(job.positions) > 1:  # one of them, or none (a kill from outside), killed it: try each alone
            self.queue.extendleft(reversed([_Job(job.unit, [position]) for position in job.positions]))
            return
        job.strikes += 1  # a worker died running this document alone
        if job.strikes < DEATHS_ALONE:
            self.queue.appendleft(job)
        else:
            [position] = job.positions
            item = job.unit.items[position]
            assert isinstance(item, Input)
            job.unit.fill(position, error_record(item, WorkerDied(
                f"a worker process died each time it ran this document alone, {job.strikes} times ({how}: killed, "
                "or out of memory); not extracted")))
            self.trouble = 0  # a document resolved: the run moves on

    def _send(self, worker: _Worker, job: _Job) -> None:
        self.jobs += 1
        job.number = self.jobs
        try:
            faults.point("submit")
            worker.connection.send((job.number, [job.unit.items[position] for position in job.positions]))
        except Exception as error:  # the job never ran: back to the queue as it was
            self.queue.appendleft(job)
            self._died(worker, f"could not be sent its job ({type(error).__name__}: {error})")
            return
        worker.job = job
        worker.since = time.monotonic()

    def _receive(self, worker: _Worker) -> None:
        try:
            faults.point("result")
            kind, payload = worker.connection.recv()
        except Exception as error:  # a pipe cut mid-message by a death, garbage, an injected fault
            self._died(worker, f"could not be read from ({type(error).__name__}: {error})")
            return
        if kind == "ready":
            worker.ready = True
            return
        if kind == "failed":
            self._died(worker, f"could not start: {payload}")
            return
        number, results = payload
        job = worker.job
        if job is None or number != job.number:
            self._died(worker, "answered a job it was not given")
            return
        worker.job = None
        if len(results) != len(job.positions):
            results = [error_record(job.unit.items[position], ExtractorError(  # type: ignore[arg-type]
                f"the worker returned {len(results)} results for {len(job.positions)} documents"))
                for position in job.positions]
        for position, result in zip(job.positions, results, strict=True):
            job.unit.fill(position, result)
        self.trouble = 0

    def _hung(self, worker: _Worker) -> bool:
        if worker.job is None:
            return False
        time_limit = self.settings.time_limit
        per_document = JOB_PER_DOCUMENT or (2 * time_limit if time_limit else 60.0)
        allowed = JOB_GRACE + per_document * len(worker.job.positions)
        return time.monotonic() - worker.since > allowed

    def _step(self) -> None:
        """Keep the workers up, hand out jobs, then wait for something to happen."""
        while len(self.workers) < self.size and self.broken is None:
            self._start()
            if self.trouble and len(self.workers) < self.size:
                break  # a start failed: wait a little before the next try
        for worker in list(self.workers):
            if worker.ready and worker.job is None and self.queue and self.broken is None:
                self._send(worker, self.queue.popleft())
        if self.broken is not None:
            return
        handles: dict[Any, tuple[_Worker, bool]] = {}
        for worker in self.workers:
            handles[worker.connection] = (worker, True)
            handles[worker.process.sentinel] = (worker, False)
        ready = wait(list(handles), timeout=1.0) if handles else []
        if not handles:
            time.sleep(0.2)
        messages = [handles[handle][0] for handle in ready if handles[handle][1]]
        ended = [handles[handle][0] for handle in ready if not handles[handle][1]]
        for worker in messages:
            if worker in self.workers:
                self._receive(worker)
        for worker in ended:  # read what it sent before it ended, then bury it
            while worker in self.workers and _readable(worker.connection):
                self._receive(worker)
            self._died(worker, "died")
        for worker in list(self.workers):
            if self._hung(worker):
                self._died(worker, "was hung and was killed")

    def _write_off(self, reason: str) -> None:
        """After giving up on processes: every document not extracted yet becomes an error record."""
        for worker in list(self.workers):
            if worker.job is not None:
                self.queue.appendleft(worker.job)
            self._retire(worker)
        while self.queue:
            job = self.queue.popleft()
            for position in job.positions:
                item = job.unit.items[position]
                assert isinstance(item, Input)
                job.unit.fill(position, error_record(item, WorkerDied(
                    f"not extracted: the worker processes kept failing ({reason})")))

    # ------------------------------------------------------------------ the run

    def run(self, batches: Iterator[list[Input | ErrorRecord]]) -> Iterator[Result]:
        window = Window(batches, 2 * self.size, lambda unit, positions: self.queue.append(_Job(unit, positions)))
        while not window.over:
            window.fill()
            if self.broken is not None:
                self._write_off(self.broken)
            yield from window.done()
            if window.units and window.units[0].left:
                self._step()

    def close(self, graceful: bool) -> None:
        """Ask the workers to stop (``graceful``: the run is over), then make sure they have."""
        try:
            faults.point("shutdown")
            if not graceful:
                raise InterruptedError
            for worker in self.workers:
                try:
                    worker.connection.send(None)
                except OSError:
                    pass
            deadline = time.monotonic() + EXIT_WAIT
            for worker in self.workers:
                worker.process.join(max(0.0, deadline - time.monotonic()))
        except Exception:  # noqa: S110 - whatever failed, the workers are killed below
            pass
        for worker in list(self.workers):
            self._retire(worker)


def _readable(connection: Connection) -> bool:
    try:
        return connection.poll(0)
    except (OSError, EOFError, ValueError):
        return False


def in_processes(batches: Iterator[list[Input | ErrorRecord]], workers: int, with_text: bool,
                 settings: Settings) -> Iterator[Result]:
    """Results of ``batches`` computed by ``workers`` processes, in input order, one per input."""
    if os.name == "posix":
        try:
            _worker_init(settings)  # load once here: forked workers share the model instead of loading it again
        except Exception:  # noqa: S110 - each worker says why, and the run gives up after a few
            pass
    supervisor = _Supervisor(workers, with_text, settings)
    graceful = False
    try:
        yield from supervisor.run(batches)
        graceful = True
    finally:
        supervisor.close(graceful)
