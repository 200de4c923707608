"""Small text helpers shared by the field modules: folding, evidence, resources."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from schemas import Evidence

_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`´_.]+")
_LEADING_ARTICLE = re.compile(r"^(?:l['’ʼ]\s*|le\s+|la\s+|les\s+)", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[^\w\s]+")

#: Apostrophes and spaces that French typography uses; the spaCy view maps them
#: one for one (same length) onto ASCII so rules and models see one spelling.
_SAME_LENGTH = str.maketrans({"’": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
                               # superscript letters of ordinals and abbreviations: "11ᵉ édition", "1ᵉʳ mai", "Mᵐᵉ"
                               "ᵉ": "e", "ʳ": "r", "ᵈ": "d", "ˢ": "s", "ᵐ": "m", "ᵒ": "o"})


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no accents, separators collapsed to one space.

    Used to compare names, never to build evidence.

    >>> fold("  Côte d’Ivoire ")
    'cote d ivoire'
    >>> fold("Casa-Settat")
    'casa settat'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", stripped.lower()).strip()


def fold_name(text: str) -> str:
    """``fold`` without a leading French article: how names are matched.

    >>> fold_name("La Région de l'Oriental")
    'region de l oriental'
    >>> fold_name("L’Agence")
    'agence'
    """
    return fold(_LEADING_ARTICLE.sub("", text.strip()))


def name_key(text: str | None) -> str:
    """``fold_name`` with punctuation dropped: how evaluation compares names.

    >>> name_key("L’Institut Romand (IRG)") == name_key("institut romand IRG")
    True
    """
    return " ".join(_PUNCTUATION.sub(" ", fold_name(text or "")).split())


def same_length_view(text: str) -> str:
    """The text the spaCy pipeline reads: typographic apostrophes and spaces made ASCII, superscript letters
    made plain ("11ᵉ édition").

    Every character maps to exactly one character, so offsets are shared with the
    original text and evidence is always sliced from the original.

    >>> same_length_view("L’événement\u00a0: 2 000")
    "L'événement : 2 000"
    """
    return _misread_years(text.translate(_SAME_LENGTH))


#: A year a scan or a typist wrote with letters for digits ("2OO9", "196I", "l998"): capital O for
#: zero, capital I or small l for one, the year's other characters digits, alone as a word.
_MISREAD_YEAR = re.compile(r"(?<![\w.,/-])(?:19|[lI]9|2[0O])[\dOIl]{2}(?!\w|[.,/-]\w)")
_DIGITS_FOR_LETTERS = str.maketrans("OIl", "011")


def _misread_years(text: str) -> str:
    """The view with years written with letters for digits read as digits, one character for one.

    >>> _misread_years("du 24 au 28 mars 196I, pour l'édition de 2OO9 ; Ol9O, IOOO et LOI 2O restent")
    "du 24 au 28 mars 1961, pour l'édition de 2009 ; Ol9O, IOOO et LOI 2O restent"
    """
    return _MISREAD_YEAR.sub(lambda m: m.group().translate(_DIGITS_FOR_LETTERS), text)  # digits map to themselves


def evidence(text: str, start: int, end: int) -> Evidence:
    """An evidence span of ``text``, trimmed of surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Evidence(start=start, end=end, text=text[start:end])


def occurrences(text: str, phrase: str, start: int = 0) -> list[tuple[int, int]]:
    """Every place ``phrase`` is written as whole words in ``text`` from ``start`` on.

    >>> occurrences("Salon X, puis Salon XL et Salon X.", "Salon X")
    [(0, 7), (26, 33)]
    """
    escaped = r"\s+".join(re.escape(word) for word in phrase.split())
    pattern = re.compile(rf"(?<!\w){escaped}(?:(?<=['’])|(?!\w))")
    return [(m.start(), m.end()) for m in pattern.finditer(text, start)]


def word_pattern(words: list[str] | set[str], unaccented: bool = False) -> str:
    """A regex matching any of ``words`` as whole words ("venus d'" may touch the next word); with
    ``unaccented``, also written without their accents (see ``alternation``).

    >>> import re
    >>> bool(re.search(word_pattern(["venus d'"]), "venus d'Italie"))
    True
    >>> bool(re.search(word_pattern(["salon"]), "salons"))
    False
    """
    return rf"(?<!\w)(?:{alternation(words, unaccented)})(?:(?<=['’])|(?!\w))"


def loose_occurrences(text: str, phrase: str, start: int = 0) -> list[tuple[int, int]]:
    """``occurrences``, also where noise split one of the phrase's words with a space.

    >>> loose_occurrences("Nakhla Connect, puis Nakhla Con nect.", "Nakhla Connect")
    [(0, 14), (21, 36)]
    """
    parts = [re.escape(ch) if ch != " " else r"\s+" for ch in phrase]
    pattern = "(?: )?".join(parts).replace(r"(?: )?\s+(?: )?", r"\s+")
    found = re.compile(rf"(?<!\w){pattern}(?:(?<=['’])|(?!\w))")
    return [(m.start(), m.end()) for m in found.finditer(text, start)]


@cache
def load_data(name: str) -> Any:
    """A JSON rule file from ``extractor/data``, parsed once per process."""
    raw = resources.files("extractor").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(raw)


#: The capital letters of French text, to write inside a regular expression's class ("[" + CAPITALS + "]"):
#: a range from "À" to "Ý" also holds "×" (U+00D7), which is no letter (a text with "A × B" once crashed the
#: reading of countries).
CAPITALS = "A-ZÀ-ÖØ-Ý"
#: The small letters likewise: a range from "à" to "ÿ" also holds "÷" (U+00F7).
SMALLS = "a-zà-öø-ÿ"


def alternation(words: list[str] | set[str], unaccented: bool = False) -> str:
    """A regex alternation matching any of ``words``, longest first.

    Spaces in a word match any run of whitespace, apostrophes either apostrophe; with ``unaccented``, an
    accented letter also its letter without the accent (a text typed without accents: "conference").

    >>> print(alternation(["de la", "de"]))
    de\\s+la|de
    >>> print(alternation(["fête"], unaccented=True))
    f[êe]te
    """
    def one(word: str) -> str:
        escaped = re.escape(word).replace(r"\ ", r"\s+").replace("'", "['’]")
        if unaccented:
            escaped = "".join(f"[{ch}{fold(ch)}]" if ch.isalpha() and fold(ch) != ch.lower() else ch for ch in escaped)
        return escaped

    return "|".join(one(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


def words_within(short: list[str], long: list[str]) -> bool:
    """True when ``short`` is a run of ``long``'s words.

    >>> words_within(["salon", "du", "livre"], ["grand", "salon", "du", "livre"]), words_within([], ["a"])
    (True, False)
    """
    n = len(short)
    return 0 < n <= len(long) and any(long[i : i + n] == short for i in range(len(long) - n + 1))
