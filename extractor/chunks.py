"""Proper-name chunks over spaCy tokens, shared by the organiser, venue and event rules.

A name is a run of capitalised tokens, joined by the small words French names
carry inside them ("Wilaya de la Région de X", "Chambre de Commerce et
d'Industrie"), with numbers right after a capitalised word ("Mohammed VI",
"Salon 2019") and an acronym in parentheses ("Association des Villes (AV)").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

#: Words allowed inside a name when a capitalised word follows them.
CONNECTORS = frozenset({
    "de", "du", "des", "d'", "la", "le", "les", "l'", "en", "sur", "pour", "à", "aux", "au", "&", "-", "et",
})
#: Capitalised words at a sentence start that do not begin a name.
_NOT_A_START = frozenset({
    "le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "ce", "cet", "cette", "ces", "au", "aux", "en",
    "son", "sa", "ses", "leur", "leurs", "notre", "nos", "votre", "vos", "à", "et", "ou", "dans", "par", "pour",
    "sur", "avec", "lors", "depuis", "après", "avant", "entre", "il", "elle", "ils", "elles", "on", "nous", "vous",
    "c'", "selon", "plus", "près", "pendant", "dès", "aussi", "ainsi", "enfin", "outre", "parmi", "tous", "toutes",
})


def is_capitalised(token: Token) -> bool:
    """True for a word that starts with a capital letter ("Région", "ONU", "L'")."""
    return token.text[:1].isupper() and token.text[:1].isalpha()


def _joined(doc: Doc, index: int) -> bool:
    """True when token ``index`` touches the previous token (no space between them)."""
    return index > 0 and doc[index - 1].whitespace_ == ""


def name_end(doc: Doc, start: int, limit: int | None = None) -> int:
    """Exclusive end (token index) of the name that begins at token ``start``.

    The token at ``start`` is taken as the first word whatever its case, so the
    caller decides where names begin. The name never crosses ``limit`` nor a
    sentence start.
    """
    limit = len(doc) if limit is None else min(limit, len(doc))
    end = start + 1
    j = start + 1
    while j < limit:
        token = doc[j]
        if token.is_sent_start or "\n" in token.text:
            break
        lower = token.lower_
        if is_capitalised(token):
            end = j = j + 1
            continue
        if (token.like_num or token.text.isupper()) and j == end and token.text.isalnum():
            end = j = j + 1  # "Mohammed VI", "Salon 2019": only right after a name word
            continue
        if token.text == "(" and j == end and j + 2 < limit and doc[j + 2].text == ")" and doc[j + 1].text.isupper():
            end = j = j + 3  # an acronym: "(ABC)"
            continue
        if lower in CONNECTORS:
            if lower == "-" and not (_joined(doc, j) and token.whitespace_ == ""):
                break  # a spaced dash separates; "Saint-Malo" joins
            if lower == "et" and (j + 1 >= limit or doc[j + 1].lower_ not in ("d'", "de")):
                break  # "et la Commune": an enumeration, not one name
            j += 1
            continue
        break
    return end


def strip_start(doc: Doc, start: int, end: int) -> int:
    """First token of a chunk after leading articles and function words."""
    while start < end and (doc[start].lower_ in _NOT_A_START or not doc[start].text.strip()):
        start += 1
    return start


def name_chunks(doc: Doc, start: int = 0) -> list[Span]:
    """Every maximal proper-name chunk of ``doc`` from token ``start`` on."""
    chunks: list[Span] = []
    i = start
    while i < len(doc):
        token = doc[i]
        if is_capitalised(token) and token.lower_ not in _NOT_A_START:
            end = name_end(doc, i)
            chunks.append(doc[i:end])
            i = end
        else:
            i += 1
    return chunks


#: Articles and prepositions before each name of an enumeration ("la A, du B et de la C").
ARTICLES = frozenset({"le", "la", "les", "l'", "du", "des", "de", "d'", "au", "aux", "à"})


def sentence_end(doc: Doc, i: int) -> int:
    """Exclusive end of the sentence that token ``i`` belongs to."""
    if i >= len(doc):
        return len(doc)
    j = i + 1
    while j < len(doc) and not doc[j].is_sent_start:
        j += 1
    return j


def _link_end(doc: Doc, i: int, limit: int) -> int | None:
    """Index after an enumeration link (", ", "et", ", et", "ainsi que"), or None."""
    j = i
    if j < limit and doc[j].text in (",", ";"):
        j += 1
    if j < limit and doc[j].lower_ in ("et", "&"):
        j += 1
    elif j + 1 < limit and doc[j].lower_ == "ainsi" and doc[j + 1].lower_ == "que":
        j += 2
    return j if j > i else None


def enumeration(doc: Doc, i: int, limit: int, heads: frozenset[str] = frozenset()) -> list[Span]:
    """The names enumerated from token ``i`` on ("la A, la B et la C"), articles left out.

    A name starts with a capitalised word or with one of ``heads``, lower-case
    nouns that begin names ("l'association Les Amis du Vin"), and must hold a
    capitalised word.
    """
    names: list[Span] = []
    while i < limit:
        while i < limit and (doc[i].lower_ in ARTICLES or doc[i].is_space):
            i += 1
        if i >= limit:
            break
        token = doc[i]
        if not (is_capitalised(token) or token.lower_ in heads):
            break
        end = name_end(doc, i, limit)
        if not any(is_capitalised(t) for t in doc[i:end]):
            break
        names.append(doc[i:end])
        after = _link_end(doc, end, limit)
        if after is None:
            break
        i = after
    return names


def token_after(doc: Doc, char: int) -> int:
    """Index of the first token that starts at or after character ``char`` (``len(doc)`` if none)."""
    low, high = 0, len(doc)
    while low < high:
        middle = (low + high) // 2
        if doc[middle].idx < char:
            low = middle + 1
        else:
            high = middle
    return low
