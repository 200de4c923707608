"""French ordinals ("deuxième", "2ème", "2e", "XIXe", "vingt-cinquième") and cardinals ("dix-huit") as numbers.

Hand-written because the need is small and closed: text2num would read them too,
but it is a compiled dependency for a table of a hundred words.
"""

from __future__ import annotations

import re
from functools import cache

_UNITS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
          "onze", "douze", "treize", "quatorze", "quinze", "seize"]
_TENS = {20: "vingt", 30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante"}


def _cardinal(n: int) -> str:
    """French cardinal of 1..100 in the hyphenated spelling.

    >>> _cardinal(21), _cardinal(71), _cardinal(80), _cardinal(99)
    ('vingt-et-un', 'soixante-et-onze', 'quatre-vingts', 'quatre-vingt-dix-neuf')
    """
    if n == 100:
        return "cent"
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    if n < 70:
        tens, unit = divmod(n, 10)
        word = _TENS[tens * 10]
        if unit == 0:
            return word
        return f"{word}-et-un" if unit == 1 else f"{word}-{_UNITS[unit]}"
    if n < 80:
        rest = n - 60
        return "soixante-et-onze" if rest == 11 else f"soixante-{_cardinal(rest)}"
    if n == 80:
        return "quatre-vingts"
    return f"quatre-vingt-{_cardinal(n - 80)}"


def _ordinal_word(n: int) -> str:
    """French ordinal word of 2..100 ("cinquième", "vingt-et-unième")."""
    word = _cardinal(n).removesuffix("s") if n == 80 else _cardinal(n)
    if word.endswith("cinq"):
        return word + "uième"
    if word.endswith("neuf"):
        return word[:-1] + "vième"
    if word.endswith("e"):
        return word[:-1] + "ième"
    return word + "ième"


def _spellings(word: str) -> set[str]:
    """A number word with and without hyphens and "et" ("vingt-et-un", "vingt et un", "vingt-un")."""
    return {word, word.replace("-et-", "-"), word.replace("-", " "), word.replace("-et-", " et ")}


@cache
def cardinal_words() -> dict[str, int]:
    """Every spelled-out cardinal 2..100 ("deux", "dix-huit", "trente et un"), in its usual spellings.

    "un" is left out: as a number it is mostly the article.

    >>> cardinal_words()["trente et un"], cardinal_words()["dix huit"]
    (31, 18)
    """
    return {variant: n for n in range(2, 101) for variant in _spellings(_cardinal(n))}


@cache
def ordinal_words() -> dict[str, int]:
    """Every spelled-out ordinal 1..100, with and without hyphens and "et"."""
    words = {"premier": 1, "première": 1, "second": 2, "seconde": 2}
    for n in range(2, 101):
        for variant in _spellings(_ordinal_word(n)):
            words[variant] = n
    return words


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_NUMERIC = re.compile(r"^(\d{1,3})\s*(?:e|è|ème|eme|éme|ième|er|ère|re|nde|nd|ème)$", re.IGNORECASE)
_ROMAN_ORDINAL = re.compile(r"^([IVXLC]{1,7})\s*(?:e|è|ème|eme|éme|er|ère|re)$")


def roman(value: str) -> int | None:
    """Value of an upper-case Roman numeral, or None.

    >>> roman("XIX"), roman("IIII")
    (19, None)
    """
    total = 0
    for i, ch in enumerate(value):
        v = _ROMAN[ch]
        if i + 1 < len(value) and _ROMAN[value[i + 1]] > v:
            total -= v
        else:
            total += v
    return total if total > 0 and _to_roman(total) == value else None


def _to_roman(n: int) -> str:
    out = []
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def is_roman_ordinal(text: str) -> bool:
    """True for an ordinal in Roman numerals ("XXXIIe", "XIXème"), never "Le" or "Ce".

    >>> is_roman_ordinal("XXXIIe"), is_roman_ordinal("Le"), is_roman_ordinal("3e")
    (True, False, False)
    """
    match = _ROMAN_ORDINAL.match(text)
    return match is not None and text not in _DETERMINERS and roman(match.group(1)) is not None


def parse_ordinal(text: str) -> int | None:
    """The number an ordinal stands for, or None.

    >>> [parse_ordinal(t) for t in ["deuxième", "2ème", "2e", "53ème", "XIXe", "1ère", "seconde", "vingt-cinquième"]]
    [2, 2, 2, 53, 19, 1, 2, 25]
    >>> parse_ordinal("Le"), parse_ordinal("Ce")
    (None, None)
    """
    text = " ".join(text.split())
    word = ordinal_words().get(text.lower())
    if word is not None:
        return word
    match = _NUMERIC.match(text)
    if match:
        return int(match.group(1)) or None
    match = _ROMAN_ORDINAL.match(text)
    if match and text not in _DETERMINERS:
        return roman(match.group(1))
    return None


#: Words that read as a Roman ordinal ("L" + "e") but are, written alone, the article or the demonstrative.
_DETERMINERS = frozenset({"Le", "Ce"})


@cache
def ordinal_pattern() -> str:
    """A regex (no groups) matching any ordinal ``parse_ordinal`` reads."""
    words = sorted(ordinal_words(), key=len, reverse=True)
    spelled = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return (
        rf"(?:\b(?:{spelled})\b"
        r"|\b\d{1,3}\s?(?:ième|ème|eme|éme|ère|nde|er|re|nd|è|e)(?![^\W\d_])"
        r"|(?-i:\b[IVXLC]{1,7}\s?(?:ème|eme|éme|ère|er|re|è|e))(?![^\W\d_]))"
    )
