"""What every field rule knows about the document besides its tokens."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Span

from extractor.core.document import read_header
from extractor.rules._text import evidence
from extractor.rules.dateline import Dateline, read_dateline
from schemas import Evidence


@dataclass(frozen=True)
class Context:
    """The original text (evidence is sliced from it) and its document metadata.

    The spaCy ``Doc`` reads ``view``, a same-length view of ``text``, so
    character offsets of tokens and spans are offsets into ``text`` as well.
    Rules match on ``view`` (``Doc.text`` is rebuilt on every access).
    """

    text: str
    view: str
    body_start: int
    published: str | None
    doc_id: str | None = None
    source: str | None = None
    with_text: bool = False
    notes: tuple[str, ...] = ()
    dateline: Dateline = Dateline()
    countries: frozenset[str] = frozenset()  # what the release is about, to choose between namesakes
    home: str | None = None  # the country its places point to clearly, when one leads (record.py)

    @classmethod
    def of_text(cls, text: str, published: str | None = None, **metadata: Any) -> Context:
        """A context read from the text a Doc was made of.

        The publication date is ``published``, else the one the text states: the
        archive header's, or a dateline's or byline's that says more of the same
        date (a day of the header's month, or of the month before: a release of the
        31st is archived the next month), or the latter alone when there is no
        header. ``metadata`` sets the other fields (``view`` defaults to ``text``).
        """
        header = read_header(text)
        metadata.setdefault("view", text)
        dateline = read_dateline(metadata["view"], header.body_start)  # wrapped lines joined: offsets are shared
        stated, said = header.published, dateline.published
        if said is not None and (stated is None or said.startswith(stated) or _month_before(said, stated)):
            stated = said
        elif said is not None and stated is not None and not stated.startswith(said):
            dateline = replace(dateline, published=None, date=None)  # another date than the header's
        return cls(text=text, body_start=header.body_start, dateline=dateline,
                   published=published or stated, **metadata)

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for characters ``start:end`` of the original text."""
        return evidence(self.text, start, end)

    def span_evidence(self, span: Span) -> Evidence:
        """Evidence for a spaCy span."""
        return evidence(self.text, span.start_char, span.end_char)

    def span_text(self, span: Span) -> str:
        """The original characters of a spaCy span (typographic apostrophes kept), a line break
        or a run of spaces inside it written as one space."""
        return " ".join(self.text[span.start_char : span.end_char].split())

    def body_tokens(self, doc: Doc) -> int:
        """Index of the first token of the event text (after the archive header)."""
        for token in doc:
            if token.idx >= self.body_start and not token.is_space:
                return token.i
        return len(doc)


def _month_before(day: str, month: str) -> bool:
    """True when ``day`` ("2024-10-31") falls in the month before ``month`` ("2024-11").

    >>> _month_before("2024-10-31", "2024-11"), _month_before("2024-12-31", "2025-01")
    (True, True)
    >>> _month_before("2024-09-30", "2024-11")
    False
    """
    if len(day) != len("2024-10-31") or len(month) != len("2024-11"):
        return False
    year, number = int(month[:4]), int(month[5:7])
    before = f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"
    return day.startswith(before)
