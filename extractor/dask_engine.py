"""The same batch job on a Dask distributed cluster.

Inputs are read here and sent in batches; each Dask worker process builds the
pipeline once (on its first batch) and returns the batch's records and error
records, which come back in input order to the same two files. With no
scheduler address, a ``LocalCluster`` of one worker process per core runs here.
Needs the ``dask`` extra: ``pip install 'fr-press-events[dask]'``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from extractor.errors import ConfigurationError, ExtractorError
from extractor.pipeline import Input, _batches, _extract_batch, error_record
from schemas import ErrorRecord, PressRelease

if TYPE_CHECKING:
    from extractor.batch import BatchSettings


def _lost(batch: list[Input | ErrorRecord], error: BaseException) -> list[PressRelease | ErrorRecord]:
    """Error records for a batch the cluster could not run (its workers kept dying)."""
    return [item if isinstance(item, ErrorRecord) else
            error_record(item, ExtractorError(f"the Dask cluster could not run this document: {error}"))
            for item in batch]


def extract_on_dask(
    items: Iterable[Input | ErrorRecord], settings: BatchSettings
) -> Iterator[PressRelease | ErrorRecord]:
    """Records for ``items``, in order, computed on Dask workers."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as error:
        raise ConfigurationError("the Dask engine needs the dask extra: pip install 'fr-press-events[dask]'") from error

    cluster: Any = None
    if settings.scheduler:
        client = Client(settings.scheduler)
    else:
        cluster = LocalCluster(n_workers=settings.worker_count(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = 2 * workers
        flight: deque[tuple[list[Input | ErrorRecord], Any]] = deque()
        batches = _batches(items, max(1, settings.batch_size // 4))
        while True:
            while len(flight) < window:
                batch = next(batches, None)
                if batch is None:
                    break
                flight.append((batch, client.submit(_extract_batch, batch, settings.with_text, settings.time_limit,
                                                    pure=False)))
            if not flight:
                return
            batch, future = flight.popleft()
            try:
                results = future.result()
            except Exception as error:  # a worker that kept dying: record, do not lose
                results = _lost(batch, error)
            yield from results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
