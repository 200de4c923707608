"""Properties that hold for any text: a valid record or the package's own error, exact evidence,
and the same output for the same input."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import ExtractorError, extract
from schemas import PressRelease, all_spans

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
WORDS = sorted({w for p in CORPUS.glob("*.txt") for w in p.read_text(encoding="utf-8").split()})
PUNCTUATION = [" ", " ", " ", ", ", ". ", "\n", "\n\n", " : ", " – ", " « ", " » ", "\u00a0", "’", "(", ")"]

french_like = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCTUATION),
                                 st.from_regex(r"\d{1,4}", fullmatch=True)), max_size=120).map("".join)
anything = st.text(max_size=400)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(text: str) -> None:
    try:
        record = extract(text, with_text=True)
    except ExtractorError:
        return
    again = PressRelease.model_validate_json(record.model_dump_json())  # validates, offsets against the text
    assert again == record
    for span in all_spans(record):
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
    assert extract(text, with_text=True).model_dump_json() == record.model_dump_json()


@SETTINGS
@given(french_like)
def test_french_like_text(text: str) -> None:
    _check(text)


@SETTINGS
@given(anything)
def test_any_unicode_text(text: str) -> None:
    _check(text)


@SETTINGS
@given(st.sampled_from(sorted(CORPUS.glob("*.txt"))), st.integers(0, 3000), st.integers(0, 3000))
def test_any_slice_of_a_real_release(path: Path, a: int, b: int) -> None:
    text = path.read_text(encoding="utf-8")
    _check(text[min(a, b) : max(a, b)])
