"""A time limit on a block of code, for the runners that own their process.

It uses the real-time interval timer (SIGALRM), so it can interrupt rules stuck
in Python code. Only the runners use it (the command line and its worker
processes, the server's worker processes, ``extract()``), never the spaCy
component: a library a spaCy user adds to a pipeline must not take over a
process-wide signal. It stands aside, running the block unbounded, where it
cannot work or would take the signal from its owner: outside the main thread,
on a platform without ``setitimer``, or when the caller already uses SIGALRM (a
handler of its own, or a timer running).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from extractor.core.errors import ExtractionTimeout


def _usable() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None):
        return False  # someone else's handler
    return signal.getitimer(signal.ITIMER_REAL)[0] == 0  # no timer of someone else's running


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``ExtractionTimeout`` when the block runs longer than ``seconds`` (None: no limit).

    >>> with time_limit(5):
    ...     "done"
    'done'
    """
    if not seconds or not _usable():
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise ExtractionTimeout(f"the rules took more than {seconds:g} s on this document")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
