"""The span model beside the rules (extractor.rules.learned): what it reads, which of its spans the
rules take, and how a broken install says so. The model's own choices are measured on the real
corpus (docs/accuracy.md), not asserted here: these tests give it spans of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Span

import extractor.core.record as record
import extractor.rules.learned as learned
from extractor import extract
from extractor.core.errors import ConfigurationError
from extractor.core.pipeline import get_nlp

TEXT = ("Lyon, le 4 mars 2021 - La Maison des Savoirs Partagés ouvre ses portes le samedi 20 mars 2021 "
        "à l'Hôtel de Région pour la Nuit des Jeunes Chercheurs. Ateliers et concerts sont gratuits.")


def _doc(text: str = TEXT):  # type: ignore[no-untyped-def]
    return get_nlp()(text)


def _span(doc, words: str, label: str) -> Span:  # type: ignore[no-untyped-def]
    start = doc.text.index(words)
    span = doc.char_span(start, start + len(words), label=label)
    assert span is not None, words
    return span


def test_the_model_reads_a_copy_and_leaves_the_pipelines_entities() -> None:
    doc = _doc()
    before = [(e.start, e.end, e.label_) for e in doc.ents]
    spans = learned.learned_spans(doc)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == before
    assert all(span.doc is doc and span.label_ in ("EVENT", "VENUE", "ORG") for span in spans)


def test_an_empty_doc_has_no_spans() -> None:
    assert learned.learned_spans(get_nlp().make_doc("")) == []


def test_a_pipeline_without_the_static_vectors_gets_no_spans_and_no_error() -> None:
    import numpy
    import spacy
    from spacy.vectors import Vectors

    text = "Le Salon du Livre de Genève ouvre le 3 mai."
    assert learned.learned_spans(spacy.blank("fr")(text)) == []  # no vectors at all
    other = spacy.blank("fr")
    other.vocab.vectors = Vectors(data=numpy.ones((2, 50), dtype="float32"), keys=["Salon", "Livre"])
    assert learned.learned_spans(other(text)) == []  # vectors of another width


def test_early_keeps_spans_of_the_label_near_the_start_without_trailing_function_words() -> None:
    doc = _doc()
    spans = [_span(doc, "La Maison des Savoirs Partagés ouvre ses portes", "ORG"),
             _span(doc, "Nuit des Jeunes Chercheurs", "EVENT"),
             _span(doc, "Hôtel de Région pour", "VENUE")]
    assert [s.text for s in learned.early(spans, "ORG")] == ["La Maison des Savoirs Partagés"]
    assert [s.text for s in learned.early(spans, "VENUE")] == ["Hôtel de Région"]
    assert [s.text for s in learned.early(spans, "EVENT")] == ["Nuit des Jeunes Chercheurs"]


def test_early_drops_spans_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc()
    span = _span(doc, "Nuit des Jeunes Chercheurs", "EVENT")
    monkeypatch.setattr(learned, "EARLY", span.start_char)
    assert learned.early([span], "EVENT") == []


def test_a_span_is_new_unless_it_overlaps_or_shares_its_words_with_what_the_rules_found() -> None:
    doc = _doc()
    span = _span(doc, "Nuit des Jeunes Chercheurs", "EVENT")
    assert learned.is_new(span, ["Salon du livre"], [(0, 4)])
    assert not learned.is_new(span, ["la Nuit des jeunes chercheurs 2021"], [])
    assert not learned.is_new(span, ["Jeunes Chercheurs"], [])
    assert not learned.is_new(span, [], [(span.start_char + 3, span.end_char + 10)])


def test_a_name_after_a_place_preposition_is_governed() -> None:
    doc = _doc()
    assert learned.governed_by(_span(doc, "Hôtel de Région", "ORG"), frozenset({"à"}))
    assert not learned.governed_by(_span(doc, "Maison des Savoirs Partagés", "ORG"), frozenset({"à"}))
    hosted = _doc("Rendez-vous à l'Institut Lumière. La soirée est accueillie par l'Institut Lumière.")
    second = hosted.char_span(hosted.text.rindex("Institut"), len(hosted.text) - 1, label="ORG")
    assert second is not None and learned.governed_by(second, frozenset({"à"}))  # its other mention is a place


def _with_spans(monkeypatch: pytest.MonkeyPatch, *wanted: tuple[str, str]) -> None:
    def fake(doc):  # type: ignore[no-untyped-def]
        return [_span(doc, words, label) for words, label in wanted]

    monkeypatch.setattr(record, "learned_spans", fake)


def test_the_record_takes_a_learned_organiser_the_rules_missed(monkeypatch: pytest.MonkeyPatch) -> None:
    _with_spans(monkeypatch)
    assert "Maison des Savoirs Partagés" not in [o.name for o in extract(TEXT).organisers], "the rules alone find it"
    _with_spans(monkeypatch, ("Maison des Savoirs Partagés", "ORG"), ("Hôtel de Région", "ORG"),
                ("Nuit des Jeunes Chercheurs", "EVENT"))
    organisers = extract(TEXT).organisers
    assert [(o.name, o.role) for o in organisers if o.name == "Maison des Savoirs Partagés"] == [
        ("Maison des Savoirs Partagés", "organiser")]
    assert "Hôtel de Région" not in [o.name for o in organisers]  # "à l'Hôtel de Région": where, not who


def test_the_record_takes_a_learned_event_name_and_dates_it(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Nantes, le 2 mai 2022 - Les Rencontres du Vélo Urbain reviennent. Cette année, la Bourse aux "
            "Vélos Anciens aura lieu le dimanche 15 mai 2022 sur le parvis de la gare.")
    _with_spans(monkeypatch)
    assert "Bourse aux Vélos Anciens" not in [e.name for top in extract(text).events for e in (top, *top.parts)]
    _with_spans(monkeypatch, ("Bourse aux Vélos Anciens", "EVENT"))
    events = [e for top in extract(text).events for e in (top, *top.parts)]
    found = [e for e in events if e.name == "Bourse aux Vélos Anciens"]
    assert found and found[0].start == "2022-05-15"


def test_a_missing_model_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(learned, "MODEL", tmp_path / "absent")
    monkeypatch.setattr(learned, "_models", {})
    with pytest.raises(ConfigurationError, match="span model"):
        learned.learned_spans(_doc())


def test_a_learned_organiser_needs_an_event_in_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "La Coopérative des Quatre Vallées publie ses comptes de l'année : le chiffre d'affaires progresse."
    _with_spans(monkeypatch, ("Coopérative des Quatre Vallées", "ORG"))
    record_ = extract(text)
    assert record_.events == [] and record_.organisers == []


def test_a_learned_organiser_after_a_noun_of_function_is_where_a_person_works(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Le Forum des Mobilités se tient le 6 juin 2023 à Lille, à l'initiative de Claire Petit, "
            "directrice de l'Agence Urbaine du Nord.")
    _with_spans(monkeypatch, ("Agence Urbaine du Nord", "ORG"), ("Forum des Mobilités", "EVENT"))
    assert "Agence Urbaine du Nord" not in [o.name for o in extract(text).organisers]


def test_early_cuts_a_span_at_a_demonstrative() -> None:
    doc = _doc("La Foire de Gembloux ouvre le 3 mai. L'inauguration officielle de cette 40e foire a lieu le 3 mai.")
    span = _span(doc, "inauguration officielle de cette 40e", "EVENT")
    assert [s.text for s in learned.early([span], "EVENT")] == ["inauguration officielle"]


def test_a_learned_organiser_takes_the_role_of_a_cue_shortly_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("La Fête des Lanternes se tient le 8 juin 2024 à Hué, placée sous le patronage de l'ancien ministre "
            "et écrivain Karim Benali. Elle est organisée par le Cercle des Lanternes.")
    _with_spans(monkeypatch)
    assert "Karim Benali" not in [o.name for o in extract(text).organisers], "the rules alone find him"
    _with_spans(monkeypatch, ("Karim Benali", "ORG"), ("Fête des Lanternes", "EVENT"))
    assert ("Karim Benali", "patron") in [(o.name, o.role) for o in extract(text).organisers]


def test_a_learned_organiser_keeps_its_acronym(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Le Rallye des Vallées aura lieu le 12 mai 2024. L'Association des Jeunes Cyclistes (AJC) "
            "attend deux cents coureurs.")
    _with_spans(monkeypatch, ("Association des Jeunes Cyclistes", "ORG"), ("Rallye des Vallées", "EVENT"))
    names = [o.name for o in extract(text).organisers]
    assert "Association des Jeunes Cyclistes (AJC)" in names and "Association des Jeunes Cyclistes" not in names


def test_the_model_reads_only_the_start_of_a_long_text() -> None:
    filler = "Le public est attendu nombreux. " * 200
    doc = _doc("Le Salon des Vins de Loire ouvre le 4 mai 2024. " + filler + "La Foire aux Fromages suit en juin.")
    assert all(span.start_char < learned.READ + 400 for span in learned.learned_spans(doc))


def test_a_learned_organiser_in_lower_case_is_a_description(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "La Foire aux Livres ouvre le 3 mai 2024, décidée par le bureau de l'association des libraires."
    _with_spans(monkeypatch, ("bureau de l'association des libraires", "ORG"), ("Foire aux Livres", "EVENT"))
    assert "bureau de l'association des libraires" not in [o.name for o in extract(text).organisers]


PROGRAMME = ("Rodez, le 2 avril 2024 - Le Printemps des Conteurs revient du 10 au 14 avril 2024. " + "Les séances "
             "sont gratuites et ouvertes à tous, dans la limite des places disponibles. " * 6 + "Samedi 13 avril, "
             "veillée près du Tilleul des Tanneurs, puis balade nocturne jusqu'à Bozouls.")


def _venues(text: str) -> list[str]:
    return [v.name for v in extract(text).venues]


def test_the_record_takes_a_learned_venue_far_from_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    assert PROGRAMME.index("Tilleul") > learned.EARLY  # past where learned names and organisers are taken
    _with_spans(monkeypatch)
    assert "Tilleul des Tanneurs" not in _venues(PROGRAMME), "the rules alone find it"
    _with_spans(monkeypatch, ("Tilleul des Tanneurs", "VENUE"))
    assert "Tilleul des Tanneurs" in _venues(PROGRAMME)


def test_a_learned_venue_of_one_word_or_naming_a_town_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    text = PROGRAMME.replace("jusqu'à Bozouls", "jusqu'à La Rochelle")
    _with_spans(monkeypatch, ("Tanneurs", "VENUE"), ("La Rochelle", "VENUE"))
    assert _venues(text) == []


def test_a_learned_venue_in_a_sentence_about_an_earlier_year_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    text = PROGRAMME.replace("Samedi 13 avril, veillée", "Né en 2009, le festival a tenu sa première veillée")
    _with_spans(monkeypatch, ("Tilleul des Tanneurs", "VENUE"))
    assert _venues(text) == []
    this_year = PROGRAMME.replace("Samedi 13 avril, veillée", "Comme en 2024, veillée")
    assert _venues(this_year) == ["Tilleul des Tanneurs"]


def _names(text: str) -> list[str]:
    return [e.name for top in extract(text).events for e in (top, *top.parts)]


def test_a_learned_event_name_after_communique_de_is_who_issues_the_release(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("Communiqué de la Chambre des Métiers du Jura\n\nLa Foire artisanale de Dole se tiendra le 5 mai 2024 "
            "sous la halle.")
    _with_spans(monkeypatch, ("Chambre des Métiers du Jura", "EVENT"))
    assert "Chambre des Métiers du Jura" not in _names(text)
    _with_spans(monkeypatch, ("Chambre des Métiers du Jura", "EVENT"))
    assert "Chambre des Métiers du Jura" in _names(text.replace("Communiqué de la", "Retour sur la"))


def test_a_learned_event_name_is_cut_where_a_date_opens_in_it(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Le Conseil des Aînés de Tulle s'est réuni en Plénière d'automne mardi 14 mars 2023 à la mairie."
    _with_spans(monkeypatch, ("Plénière d'automne mardi 14 mars", "EVENT"))
    names = _names(text)
    assert "Plénière d'automne" in names and not any("mars" in name for name in names)
    _with_spans(monkeypatch, ("Plénière d'automne 14-15 mars", "EVENT"))
    names = _names(text.replace("mardi 14 mars", "14-15 mars"))
    assert "Plénière d'automne" in names and not any("mars" in name for name in names)


def test_an_invitation_before_a_date_is_no_event_name(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "AGENDA - Rendez-vous 3-5 octobre 2024 au parc des expositions : la Foire Comtoise y fête ses cent ans."
    _with_spans(monkeypatch, ("Rendez-vous 3-5 octobre", "EVENT"))
    assert not any(name.startswith("Rendez-vous") for name in _names(text))


def test_reading_docs_at_once_gives_the_spans_each_gets_alone() -> None:
    texts = [TEXT, "Le Festival des Arts de Rue de Vevey se tient du 2 au 4 juin 2023 sur la place du Marché.", ""]
    alone = [[(s.start, s.end, s.label_) for s in learned.learned_spans(_doc(text))] for text in texts]
    docs = [_doc(text) for text in texts]
    learned.read_all(docs)
    assert all(learned._READ_KEY in doc.user_data for doc in docs[:2]) and learned._READ_KEY not in docs[2].user_data
    assert [[(s.start, s.end, s.label_) for s in learned.learned_spans(doc)] for doc in docs] == alone
    assert any(alone)  # the model found something to compare


def test_a_failure_reading_docs_at_once_leaves_each_to_be_read_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = [(s.start, s.end, s.label_) for s in learned.learned_spans(_doc())]
    model = learned._model(_doc().vocab)

    class FailsInBatches:  # the model's component, whose batched reading fails (one by one works)
        def __init__(self, component):  # type: ignore[no-untyped-def]
            self.component = component

        def __call__(self, doc):  # type: ignore[no-untyped-def]
            return self.component(doc)

        def pipe(self, docs, batch_size=64):  # type: ignore[no-untyped-def]
            raise RuntimeError("injected")

    class Broken:
        pipeline = [(name, FailsInBatches(component)) for name, component in model.pipeline]

    monkeypatch.setattr(learned, "_model", lambda vocab: Broken())
    doc = _doc()
    learned.read_all([doc])
    assert learned._READ_KEY not in doc.user_data
    assert [(s.start, s.end, s.label_) for s in learned.learned_spans(doc)] == expected
