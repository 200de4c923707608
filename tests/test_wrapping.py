"""A release reads the same however its lines are wrapped.

Every corpus text is read three ways: as written, hard-wrapped at a fixed width
(as many archives hold text), and run together into one paragraph (as some
HTML-to-text conversions leave it). The wrapped copy must give the same values
as the original, field by field; the one-paragraph copy loses its line
structure (title lines, one item a line), so it is held to the quality floors.
"""

from __future__ import annotations

import json
import textwrap
from functools import cache
from typing import Any

import pytest

from conftest import CORPUS, corpus_ids
from extractor import extract
from extractor.frontdoors.evaluate import FIELDS, Report, compare
from extractor.rules.wrapping import join_soft_breaks, soft_breaks


def wrapped(text: str, width: int) -> str:
    """Each line of ``text`` wrapped at ``width`` columns, as ``fmt`` or an old mailer would."""
    return "\n".join(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
                     if line.strip() else line for line in text.split("\n"))


def one_paragraph(text: str) -> str:
    """The lines of ``text`` run together with single spaces."""
    return " ".join(line.strip() for line in text.split("\n") if line.strip())


@cache
def _text(doc_id: str) -> str:
    return (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")


def _values(text: str) -> dict[str, list[str]]:
    record = extract(text).model_dump(mode="json")
    return {name: sorted(map(str, keys(record))) for name, keys in FIELDS.items()}


@cache
def _original(doc_id: str) -> dict[str, list[str]]:
    return _values(_text(doc_id))


@pytest.mark.parametrize("doc_id", corpus_ids())
@pytest.mark.parametrize("width", [64, 78])
def test_a_wrapped_copy_gives_the_same_values(doc_id: str, width: int) -> None:
    copy = wrapped(_text(doc_id), width)
    assert copy != _text(doc_id) or "\n" not in _text(doc_id)
    assert _values(copy) == _original(doc_id)


def test_one_paragraph_copies_stay_above_the_quality_floors() -> None:
    floors = {k: v for k, v in json.loads((CORPUS / "quality_floors.json").read_text(encoding="utf-8")).items()
              if not k.startswith("_")}
    report = Report()
    for doc_id in corpus_ids():
        gold: dict[str, Any] = json.loads((CORPUS / f"{doc_id}.expected.json").read_text(encoding="utf-8"))
        compare(gold, extract(one_paragraph(_text(doc_id))).model_dump(mode="json"), report, doc_id)
    low = {name: round(s.f1, 3) for name, s in report.scores.items() if s.f1 < floors[name]}
    assert not low, f"one-paragraph copies below the floors: {low}"


def test_breaks_between_paragraphs_titles_and_list_items_stay() -> None:
    text = ("Salon de l'habitat\n12-14 mars 2021\n\nLes exposants viennent :\n- de Lyon\n- de Genève\n"
            "Europe : Paris – Berlin\nAfrique : Dakar")
    assert soft_breaks(text) == []
    assert join_soft_breaks(text) == text


def test_a_break_before_a_lower_case_word_is_soft_even_in_unwrapped_text() -> None:
    text = "Le forum est organisé par la Chambre de commerce\net d'industrie de Lyon.\nDeuxième ligne."
    assert join_soft_breaks(text) == text.replace("commerce\n", "commerce ")


def test_windows_line_ends_are_joined_to_two_spaces() -> None:
    line = "Le salon régional des métiers d'art et du patrimoine vivant se tiendra au"
    text = "\r\n".join([line, "Parc des expositions de la ville, comme chaque année depuis", "vingt ans déjà."] * 3)
    joined = join_soft_breaks(text)
    assert len(joined) == len(text)
    assert "au  Parc" in joined


def test_a_date_alone_on_its_line_keeps_its_breaks_unless_hours_follow() -> None:
    stamp = "La foire attend du monde\nmercredi 5 juillet 2006\npar Jean Valmont\nLes exposants sont prêts."
    assert soft_breaks(stamp) == []
    day = "Rencontre « Repères »\njeudi 26 novembre 2009\nde 10h à 12h45\nGrande salle"
    assert [day[i - 9 : i] for i in soft_breaks(day)] == ["Repères »", "mbre 2009"]
    prose = "Le salon ouvrira ses portes le\nsamedi 12 mars 2019 à Lyon, avec cent exposants venus de toute la région."
    assert soft_breaks(prose) == [prose.index("\n")]
