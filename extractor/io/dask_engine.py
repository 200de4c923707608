"""The same batch job on a Dask distributed cluster.

Inputs are read here and sent in batches; each Dask worker process builds the
pipeline once (on its first batch) and returns the batch's records and error
records, which come back in input order to the same two files. With no
scheduler address, a ``LocalCluster`` of one worker process per core runs here.
Needs the ``dask`` extra: ``pip install 'fr-press-events[dask]'``.

A worker that dies is restarted by its nanny. Dask cannot say which task killed a
worker: every task the worker held fails (``KilledWorker``), the one it ran and
the ones waiting there. So the documents of a batch that failed that way are
retried alone, one at a time with nothing else running, where a death can only
be the document's doing (or a kill from outside): a document whose worker dies
twice while it runs alone is an error record (``worker_died``), and only that
document.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from extractor.core.errors import ConfigurationError, ExtractorError, WorkerDied
from extractor.core.pipeline import Input, _batches, _extract_batch, error_record
from extractor.io.workers import Window, _Unit
from schemas import ErrorRecord, PressRelease

if TYPE_CHECKING:
    from extractor.io.batch import BatchSettings

Result = PressRelease | ErrorRecord
#: Seconds to wait for the scheduler before giving up on it.
CONNECT_SECONDS = 30
#: Tries to start a local cluster.
CLUSTER_STARTS = 3


#: Deaths of a worker running one document alone before that document is an error record.
DEATHS_ALONE = 2


@dataclass
class _Task:
    unit: _Unit
    positions: list[int]
    future: Any
    step: str  # "batch", "single" (after its batch raised) or "alone" (nothing else running)
    strikes: int = 0  # deaths of workers running this document alone


def _died(error: BaseException) -> bool:
    """True when Dask gave up on a task because workers running it died."""
    return type(error).__name__ == "KilledWorker"


def _connect(settings: BatchSettings) -> tuple[Any, Any]:
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError as error:
        raise ConfigurationError("the Dask engine needs the dask extra: pip install 'fr-press-events[dask]'") from error
    if settings.scheduler:
        try:
            return Client(settings.scheduler, timeout=CONNECT_SECONDS), None
        except (OSError, TimeoutError) as error:
            raise ConfigurationError(f"cannot reach the Dask scheduler at {settings.scheduler}: {error}") from error
    # a task whose worker died fails at once (KilledWorker) and is retried here, alone if need be
    failure: Exception | None = None
    for _attempt in range(CLUSTER_STARTS):  # a worker killed while the cluster starts fails the start
        try:
            with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
                cluster = LocalCluster(n_workers=settings.worker_count(), threads_per_worker=1, processes=True,
                                       dashboard_address=None)
            return Client(cluster), cluster
        except Exception as error:
            failure = error
    raise ConfigurationError(f"cannot start a local Dask cluster: {type(failure).__name__}: {failure}") from failure


def extract_on_dask(
    items: Iterable[Input | ErrorRecord], settings: BatchSettings
) -> Iterator[PressRelease | ErrorRecord]:
    """Records for ``items``, in order, computed on Dask workers."""
    client, cluster = _connect(settings)
    from dask.distributed import wait

    def submit(unit: _Unit, positions: list[int], step: str, strikes: int = 0) -> _Task:
        batch = [unit.items[position] for position in positions]
        return _Task(unit, positions, client.submit(_extract_batch, batch, settings.with_text, settings.pipeline,
                                                    pure=False), step, strikes)

    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        flight: list[_Task] = []
        suspects: deque[tuple[_Unit, int, int]] = deque()  # (unit, position, strikes) to run alone
        window = Window(_batches(items, max(1, settings.pipeline.batch_size // 4)), 2 * workers,
                        lambda unit, positions: flight.append(submit(unit, positions, "batch")))
        while not window.over:
            if not suspects:  # while documents wait to run alone, nothing new is sent
                window.fill()
            yield from window.done()
            if not window.units:
                continue
            if suspects and not flight:  # blame a death only on a document that dies alone
                unit, position, strikes = suspects.popleft()
                flight.append(submit(unit, [position], "alone", strikes))
            if not flight:
                continue
            try:
                finished = wait([task.future for task in flight], timeout=10, return_when="FIRST_COMPLETED").done
            except TimeoutError:  # nothing finished yet; a client that lost its scheduler ends the engine
                if client.status not in ("running", "connecting"):
                    raise ConnectionError(f"the Dask client is {client.status}") from None
                continue
            for task in [task for task in flight if task.future in finished]:
                flight.remove(task)
                _settle(task, suspects, flight, submit)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _settle(task: _Task, suspects: deque[tuple[_Unit, int, int]], flight: list[_Task], submit: Any) -> None:
    """Put a finished task's results in place, or decide what to retry."""
    try:
        results = task.future.result()
    except Exception as error:
        if _died(error) and task.step != "alone":  # this task, or another on the same worker, killed it
            suspects.extend((task.unit, position, 0) for position in task.positions)
            return
        if task.step == "batch":  # the batch raised: its documents one per task, to find which
            flight.extend(submit(task.unit, [position], "single") for position in task.positions)
            return
        [position] = task.positions
        item = task.unit.items[position]
        assert isinstance(item, Input)
        if _died(error):
            if task.strikes + 1 < DEATHS_ALONE:
                suspects.appendleft((task.unit, position, task.strikes + 1))
                return
            why: ExtractorError = WorkerDied(f"a Dask worker died each time it ran this document alone, "
                                             f"{task.strikes + 1} times (killed, or out of memory); not extracted")
        else:
            why = ExtractorError(f"the Dask cluster could not run this document: {type(error).__name__}: {error}")
        task.unit.fill(position, error_record(item, why))
        return
    if len(results) != len(task.positions):
        results = [error_record(task.unit.items[position], ExtractorError(  # type: ignore[arg-type]
            f"the worker returned {len(results)} results for {len(task.positions)} documents"))
            for position in task.positions]
    for position, result in zip(task.positions, results, strict=True):
        task.unit.fill(position, result)
