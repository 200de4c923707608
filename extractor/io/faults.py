"""Deterministic fault injection: make a chosen call of a stage fail, or kill a worker at a chosen document.

The batch runner calls ``point(stage, key)`` at each place a failure must not lose
a document. Nothing happens unless the environment variable ``EXTRACTOR_FAULTS``
holds rules, comma-separated::

    STAGE            every call of STAGE fails
    STAGE#N          the Nth call of STAGE in a process fails
    STAGE@KEY        the calls of STAGE for KEY (a document id, an entry's source) fail
    ...:kill         the process kills itself (SIGKILL) instead of raising
    ...:enospc       raise ``OSError(ENOSPC)``, as a full disk does
    ...:hang         sleep for ever, as code stuck in C does
    ...:once         only the first time, across processes (a marker file in ``EXTRACTOR_FAULTS_DIR``)

e.g. ``spacy@r017`` (spaCy fails on the batch holding document r017),
``read#3`` (the third entry read fails), ``document@r017:kill`` (a worker dies
each time it reaches r017: a poisoned document), ``worker_init:kill:once`` (the
first worker dies while it starts). Keys cannot hold ``,`` or ``#``.

Stages: ``walk`` (listing a folder, key: its path), ``read`` (one entry, key: its
source), ``submit``, ``result`` and ``shutdown`` (the worker pool, in the parent),
``worker_init``, ``idle`` (a worker between jobs), ``document`` (a worker starts a
document, key: its id), ``spacy`` (key: each document id of the batch),
``record`` (taking a document's record, key: its id), ``send`` (a worker returns
its results), ``write`` (the writer, key: the document id).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from extractor.core.errors import ExtractorError

ENVIRONMENT = "EXTRACTOR_FAULTS"
STATE = "EXTRACTOR_FAULTS_DIR"
_RULE = re.compile(r"^(?P<stage>[a-z_]+)(?:@(?P<key>[^#]+?))?(?:#(?P<nth>\d+))?"
                   r"(?P<flags>(?::(?:kill|once|enospc|hang))*)$")


class InjectedFault(ExtractorError):
    """A failure made on purpose by ``EXTRACTOR_FAULTS``."""

    type = "injected_fault"


@dataclass(frozen=True)
class Rule:
    """One rule of ``EXTRACTOR_FAULTS``."""

    text: str
    stage: str
    key: str | None = None
    nth: int | None = None
    kill: bool = False
    once: bool = False
    enospc: bool = False
    hang: bool = False


def parse(spec: str) -> list[Rule]:
    """The rules of a specification.

    >>> parse("read#3, document@r017:kill:once")  # doctest: +NORMALIZE_WHITESPACE
    [Rule(text='read#3', stage='read', key=None, nth=3, kill=False, once=False, enospc=False, hang=False),
     Rule(text='document@r017:kill:once', stage='document', key='r017', nth=None, kill=True, once=True,
          enospc=False, hang=False)]
    """
    rules = []
    for text in (part.strip() for part in spec.split(",")):
        if not text:
            continue
        match = _RULE.match(text)
        if match is None:
            raise ExtractorError(f"{ENVIRONMENT}: cannot read the rule {text!r}")
        flags = match.group("flags").split(":")
        rules.append(Rule(text, match.group("stage"), match.group("key"),
                          int(match.group("nth")) if match.group("nth") else None, "kill" in flags, "once" in flags,
                          "enospc" in flags, "hang" in flags))
    return rules


_parsed: tuple[str, list[Rule]] = ("", [])
_calls: dict[str, int] = {}


def _rules() -> list[Rule]:
    global _parsed
    spec = os.environ.get(ENVIRONMENT, "")
    if spec != _parsed[0]:
        _parsed = (spec, parse(spec))
        _calls.clear()
        _fired.clear()
    return _parsed[1]


_fired: set[str] = set()


def _first_time(rule: Rule) -> bool:
    """True for the first process to reach a ``once`` rule (a marker file, created atomically;
    without ``EXTRACTOR_FAULTS_DIR``, the first time in this process)."""
    if rule.text in _fired:
        return False
    _fired.add(rule.text)
    folder = os.environ.get(STATE)
    if not folder:
        return True
    marker = Path(folder) / f"fault-{hashlib.sha256(rule.text.encode()).hexdigest()[:16]}"
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def point(stage: str, key: str | None = None) -> None:
    """Fail here if a rule says so: raise ``InjectedFault``, or kill this process."""
    if ENVIRONMENT not in os.environ:
        return
    for rule in _rules():
        if rule.stage != stage or (rule.key is not None and rule.key != key):
            continue
        if rule.nth is not None:
            _calls[rule.text] = _calls.get(rule.text, 0) + 1
            if _calls[rule.text] != rule.nth:
                continue
        if rule.once and not _first_time(rule):
            continue
        if rule.kill:
            os.kill(os.getpid(), signal.SIGKILL)
        if rule.enospc:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        while rule.hang:
            time.sleep(3600)
        raise InjectedFault(f"fault injected at {stage}" + (f" for {key}" if key is not None else ""))
