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


def is_acronym(token: Token) -> bool:
    """True for an acronym: capitalised, two capitals or more, no space ("ONU", "RéWaCC").

    >>> from spacy.lang.fr import French
    >>> [is_acronym(t) for t in French()("ONU RéWaCC Paris")]
    [True, True, False]
    """
    text = token.text
    return text[:1].isupper() and sum(ch.isupper() for ch in text) >= 2 and len(text) <= 15 and text.isalnum()


def _acronym_at(doc: Doc, j: int, limit: int) -> bool:
    """True when tokens ``j..j+2`` are an acronym in parentheses: "(ABC)"."""
    return j + 2 < limit and doc[j].text == "(" and doc[j + 2].text == ")" and is_acronym(doc[j + 1])


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
        if j == end and _acronym_at(doc, j, limit):
            end = j = j + 3
            continue
        if lower in CONNECTORS:
            if lower == "-" and not (_joined(doc, j) and token.whitespace_ == ""):
                break  # a spaced dash separates; "Saint-Malo" joins
            if lower == "et" and (j + 1 >= limit or doc[j + 1].lower_ not in ("d'", "de") or end - start < 2):
                break  # "et la Commune", "de Guinée et de Mali": an enumeration, not one name
            j += 1
            continue
        break
    return end


#: What a descriptive name may carry after its head: "Institut suisse de gérontologie".
_DESCRIPTIVE_POS = frozenset({"NOUN", "ADJ", "PROPN"})
_DESCRIPTIVE_LINKS = frozenset({"de", "du", "des", "d'", "pour", "au", "aux", "à", "en", "sur"})
_DESCRIPTIVE_ARTICLES = frozenset({"la", "l'", "le", "les"})


def _adjectival_participle(doc: Doc, j: int, limit: int) -> bool:
    """A past participle right after a noun that introduces no complement ("gérontologie appliquée")."""
    token = doc[j]
    if token.pos_ != "VERB" or "Part" not in token.morph.get("VerbForm", []) or not token.is_lower:
        return False
    if j == 0 or doc[j - 1].pos_ not in ("NOUN", "ADJ"):
        return False
    after = doc[j + 1] if j + 1 < limit else None
    return after is None or after.pos_ not in ("ADP", "DET", "ADV", "NUM") and after.lower_ not in ("par", "avec")


def describe_end(doc: Doc, end: int, limit: int, stop_words: frozenset[str] = frozenset()) -> int:
    """Carry a name that ends at token ``end`` over the lower-case words French names keep.

    "Association des pépiniéristes et horticulteurs de l'Ouest (APHO)", "Salon
    international de l'agriculture", "Commissariat régional au tourisme": adjectives
    and nouns, linked by "de", "pour", "au" and by "et" before a lower-case word, up
    to a verb, a pronoun, punctuation or a word of ``stop_words`` (months, days). An
    acronym in parentheses ends the name.
    """
    good = end
    j = end
    while j < limit:
        token = doc[j]
        lower = token.lower_
        if token.is_sent_start or "\n" in token.text or lower in stop_words:
            break
        if _acronym_at(doc, j, limit):
            return j + 3
        if token.pos_ in _DESCRIPTIVE_POS and token.is_alpha and (token.is_lower or is_capitalised(token)):
            j += 1
            good = j
            continue
        if _adjectival_participle(doc, j, limit):
            j += 1  # "Institut de gérontologie appliquée et ...", not "Institut X organisé par"
            good = j
            continue
        if lower in _DESCRIPTIVE_LINKS or (lower in ("et", "&") and j > end):
            k = j + 1
            if lower in ("et", "&"):
                if k < limit and doc[k].lower_ in _DESCRIPTIVE_LINKS:
                    k += 1  # "et des conférences", "et d'industrie"
                if k < limit and doc[k].lower_ in _DESCRIPTIVE_ARTICLES:
                    break  # "et la Commune de X": the next name of an enumeration
            elif k < limit and doc[k].lower_ in _DESCRIPTIVE_ARTICLES:
                k += 1
            if k < limit and doc[k].pos_ in _DESCRIPTIVE_POS and doc[k].is_alpha and doc[k].lower_ not in stop_words:
                if lower in ("et", "&") and is_capitalised(doc[k]):
                    break  # "et du Département": another name
                j = k
                continue
        if lower == "-" and _joined(doc, j) and token.whitespace_ == "":
            j += 1
            continue
        break
    return good


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


def enumeration(doc: Doc, i: int, limit: int, heads: frozenset[str] = frozenset(),
                stop_words: frozenset[str] = frozenset()) -> list[Span]:
    """The names enumerated from token ``i`` on ("la A, la B et la C"), articles left out.

    A name starts with a capitalised word or with one of ``heads``, the nouns
    that begin descriptive names ("Institut suisse de gérontologie",
    "l'association Les Amis du Vin"): those run on over their lower-case words
    (``describe_end``). A name must hold a capitalised word.
    """
    names: list[Span] = []
    while i < limit:
        item_start = i
        while i < limit and (doc[i].lower_ in ARTICLES or doc[i].is_space):
            i += 1
        if i >= limit:
            break
        token = doc[i]
        if not (is_capitalised(token) or token.lower_ in heads):
            break
        if names and i == item_start and not is_capitalised(token):
            break  # "Oasis Vivantes, association de ...": an apposition describes the last name

        end = name_end(doc, i, limit)
        if token.lower_ in heads:
            end = describe_end(doc, end, limit, stop_words)
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
