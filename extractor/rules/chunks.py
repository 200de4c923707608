"""Proper-name chunks over spaCy tokens, shared by the organiser, venue and event rules.

A name is a run of capitalised tokens, joined by the small words French names
carry inside them ("Wilaya de la Région de X", "Chambre de Commerce et
d'Industrie"), with numbers right after a capitalised word ("Mohammed VI",
"Salon 2019") and an acronym in parentheses ("Association des Villes (AV)").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import cache

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

from extractor.rules._text import load_data

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
    """True for a word that starts with a capital letter ("Région", "ONU"), not an elided "L'"."""
    text = token.text
    return text[:1].isupper() and text[:1].isalpha() and text[-1] not in "'’"


def _possessive(doc: Doc, index: int, limit: int) -> bool:
    """True when token ``index`` is a capitalised word cut before an English possessive's "s" ("Bishop'")."""
    text = doc[index].text
    return (index + 1 < limit and len(text) > 2 and text[:1].isupper() and text[-1] in "'’"
            and doc[index].whitespace_ == "" and doc[index + 1].lower_ == "s")


def _joined(doc: Doc, index: int) -> bool:
    """True when token ``index`` touches the previous token (no space between them)."""
    return index > 0 and doc[index - 1].whitespace_ == ""


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once (``Doc.text`` joins every token on each access)."""
    text: str | None = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record ``text`` as the text of ``doc``, which was made of it, so that ``doc_text`` never rebuilds it."""
    doc.user_data[_TEXT_KEY] = text


_TEXT_KEY = "press_release_text"


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


#: Articles that open a sentence, or a name of their own ("Le Havre" is one word to the gazetteer).
_CAPITAL_ARTICLES = frozenset({"Le", "La", "Les", "L'", "L’"})


def _is_region(word: str) -> bool:
    """True for a country or a continent ("Afrique", "France"), which a name may close on after "en"."""
    from extractor.rules.geo import gazetteer

    geo = gazetteer()
    return geo.country(word) is not None or geo.continent_label(word) is not None


def _ends_on_place(doc: Doc, start: int, end: int) -> bool:
    """True when the name so far ends on a city or country ("Festival de Thiès"), after which a
    capitalised article cannot go on with the same name."""
    from extractor.rules.geo import gazetteer  # the gazetteer is built on first use

    geo = gazetteer()
    last = doc[end - 1].text
    return end > start and (geo.city(last, strict=True) is not None or geo.country(last) is not None)


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
        if token.text in _CAPITAL_ARTICLES and j == end and _ends_on_place(doc, start, end):
            break  # "... à Bouaké Le Forum des ...": lines run together, a new sentence
        if is_capitalised(token):
            end = j = j + 1
            continue
        if _possessive(doc, j, limit):
            end = j = j + 2  # "Université Bishop's", which the tokenizer cuts as "Bishop'" and "s"
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


#: Words that link the parts of a name written in English, which French names lack.
_ENGLISH_LINKS = frozenset({"and", "of", "for", "&"})


def english_end(doc: Doc, end: int, limit: int) -> int:
    """End of a name written in English after the link words French names lack ("X and Y Museum",
    "International Convention and Congress Association")."""
    while end + 1 < limit and doc[end].text in _ENGLISH_LINKS and is_capitalised(doc[end + 1]) \
            and doc[end - 1].is_title:
        end = name_end(doc, end + 1, limit)
    return end


#: What a descriptive name may carry after its head: "Institut suisse de gérontologie".
_DESCRIPTIVE_POS = frozenset({"NOUN", "ADJ", "PROPN"})
#: Words that link the parts of a descriptive name; callers may add some ("sur" in event names).
DESCRIPTIVE_LINKS = frozenset({"de", "du", "des", "d'", "pour", "au", "aux", "à", "en"})
_OF = frozenset({"de", "du", "des", "d'"})
#: Words a descriptive name never carries ("ouverte au grand public tous les jours").
_NEVER_IN_NAMES = frozenset({"tous", "toutes", "tout", "toute", "chaque", "même", "aussi", "également",
                             "notamment", "encore", "déjà", "ainsi", "dont", "puis"})
#: "en" links a name to its field ("Groupe de recherche en archivistique") but not to these.
_NOT_AFTER_EN = frozenset({
    "présence", "marge", "collaboration", "partenariat", "association", "lien", "vue", "cours", "faveur",
    "direct", "ligne", "particulier", "outre", "effet", "tant", "plus", "charge", "attendant", "parallèle",
    "amont", "aval", "présentiel", "format", "mode", "raison", "hommage", "clôture", "ouverture",
    "chiffres", "images", "photos", "vidéo", "vidéos", "bref", "résumé",  # a heading: "X en chiffres"
})
_DESCRIPTIVE_ARTICLES = frozenset({"la", "l'", "le", "les"})


def _wordlike(token: Token) -> bool:
    """A word, hyphenated or not ("éco-conseillers", "agro-industrie")."""
    text = token.text
    return text[:1].isalpha() and all(ch.isalpha() or ch in "-'’" for ch in text)


def _descriptive(token: Token) -> bool:
    """A noun, adjective or proper name; a capitalised word inside a sentence counts whatever its tag
    (the tagger reads unknown place names as verbs: "Faculté des sciences de Monastir")."""
    return token.pos_ in _DESCRIPTIVE_POS or is_capitalised(token) and not token.is_sent_start


@cache
def _locution_nouns() -> frozenset[str]:
    """Nouns of phrases that open after "à" ("à l'occasion de", "à l'issue de", "au service de"): no name
    carries them ("Université X à l'occasion de ..." ends before "à"). The venues' rule data lists them: after
    "à" they place nothing either."""
    return frozenset(load_data("venues_fr.json")["not_placing"])


def _nominal_participle(doc: Doc, j: int) -> bool:
    """A word tagged a verb right after "de" that is no infinitive ("er", "ir", "re" end those): a noun made
    from a participle, which the tagger may miss ("cérémonie de remise du prix", "journée de rentrée"); any
    word tagged a verb right after an article joined to "de" or "à", which no verb follows ("journée du
    savoir", "salon du vivre-ensemble")."""
    token = doc[j]
    if token.pos_ != "VERB" or not token.is_lower or j == 0:
        return False
    before = doc[j - 1].lower_
    infinitive = token.lower_.endswith(("er", "ir", "re"))
    return before in ("du", "des", "au", "aux") or (before in ("de", "d'") and not infinitive)


def _adjectival_participle(doc: Doc, j: int, limit: int) -> bool:
    """A past participle right after a noun that introduces no complement ("gérontologie appliquée")."""
    token = doc[j]
    if token.pos_ != "VERB" or "Part" not in token.morph.get("VerbForm", []) or not token.is_lower:
        return False
    if j == 0 or doc[j - 1].pos_ not in ("NOUN", "ADJ"):
        return False
    after = doc[j + 1] if j + 1 < limit else None
    return after is None or after.pos_ not in ("ADP", "DET", "ADV", "NUM") and after.lower_ not in ("par", "avec")


def describe_end(
    doc: Doc,
    end: int,
    limit: int,
    stop_words: frozenset[str] = frozenset(),
    links: frozenset[str] = DESCRIPTIVE_LINKS,
    is_place: Callable[[str], bool] | None = None,
) -> int:
    """Carry a name that ends at token ``end`` over the lower-case words French names keep.

    "Association des pépiniéristes et horticulteurs de l'Ouest (APHO)", "Salon
    international de l'agriculture", "Commissariat régional au tourisme": adjectives
    and nouns, linked by ``links`` and by "et" before a lower-case word, up to a
    verb, a pronoun, punctuation or a word of ``stop_words`` (months, days). An
    acronym in parentheses ends the name, and so does a place after "de"
    ("Université de Mons", then an acronym if one follows) when ``is_place`` says so.
    """
    if is_place is not None and _ends_with_place(doc, end, is_place):
        return end + 3 if _acronym_at(doc, end, limit) else end  # "Université de Mons": complete
    good = end
    j = end
    while j < limit:
        token = doc[j]
        lower = token.lower_
        if token.is_sent_start or "\n" in token.text or lower in stop_words or lower in _NEVER_IN_NAMES:
            break
        if _acronym_at(doc, j, limit):
            return j + 3
        if (token.pos_ in _DESCRIPTIVE_POS or _nominal_participle(doc, j)) and _wordlike(token) \
                and (token.is_lower or is_capitalised(token)):
            j += 1
            good = j
            continue
        if _adjectival_participle(doc, j, limit):
            j += 1  # "Institut de gérontologie appliquée et ...", not "Institut X organisé par"
            good = j
            continue
        if lower in links or lower in ("et", "&"):
            k = j + 1
            if lower in ("et", "&"):
                if k < limit and doc[k].lower_ in links:
                    k += 1  # "et des conférences", "et d'industrie"
                if k < limit and doc[k].lower_ in _DESCRIPTIVE_ARTICLES:
                    if _topic_goes_on(doc, j, k, limit):
                        j = k + 2  # "sur la paix et la sécurité en Afrique": one topic
                        good = j
                        continue
                    break  # "et la Commune de X": the next name of an enumeration
            elif k < limit and doc[k].lower_ in _DESCRIPTIVE_ARTICLES:
                k += 1
            if lower == "en" and k < limit and is_capitalised(doc[k]) and _is_region(doc[k].text):
                j = k + 1  # "sur la paix et la sécurité en Afrique", "des femmes en Méditerranée"
                good = j
                continue
            if lower == "en" and (k >= limit or doc[k].lower_ in _NOT_AFTER_EN or not doc[k].is_lower):
                break  # "en présence de", "en collaboration avec": the name is over
            if k < limit and (_descriptive(doc[k]) or _nominal_participle(doc, k)) and _wordlike(doc[k]) \
                    and doc[k].lower_ not in stop_words:
                if lower in ("et", "&") and is_capitalised(doc[k]):
                    break  # "et du Département": another name
                if lower in ("au", "aux", "à") and (is_capitalised(doc[k]) or doc[k].lower_ in _locution_nouns()):
                    break  # "au Parc des expositions": a place; "à l'occasion de": a phrase of the sentence
                if lower in _OF and is_place is not None and is_capitalised(doc[k]):
                    place_end = name_end(doc, k, limit)
                    if is_place(doc[k:place_end].text):
                        while (place_end < limit and doc[place_end].pos_ in ("ADJ", "NOUN") and doc[place_end].is_lower
                               and doc[place_end].lower_ not in stop_words):
                            place_end += 1  # "du Jura bernois"
                        return place_end + 3 if _acronym_at(doc, place_end, limit) else place_end
                j = k
                continue
        if lower == "-" and _joined(doc, j) and token.whitespace_ == "":
            j += 1
            if j < limit and doc[j].is_alpha and _joined(doc, j):
                j += 1  # "start-up", whatever the tagger makes of "up"
                good = j
            continue
        break
    return _acronym_ahead(doc, j, limit) or good


#: Words after which a name states its topic ("Forum de X sur la paix et la sécurité").
_TOPIC = frozenset({"sur", "contre", "pour"})


def _topic_goes_on(doc: Doc, et: int, article: int, limit: int) -> bool:
    """True when "et la X" after a topic ("sur la paix et la sécurité", "sur la Paix et la Sécurité")
    is more of the same topic: a topic word opens it and X is written as the word before "et"."""
    if article + 1 >= limit or not any(t.lower_ in _TOPIC for t in doc[max(0, et - 5) : et]):
        return False
    before, after = doc[et - 1], doc[article + 1]
    return after.pos_ in ("NOUN", "PROPN") and _wordlike(after) and before.is_lower == after.is_lower


def _ends_with_place(doc: Doc, end: int, is_place: Callable[[str], bool]) -> bool:
    """True when the name ending at ``end`` closes on "de <place>" ("Palais des congrès de Lyon")."""
    start = end
    while start > 0 and (is_capitalised(doc[start - 1]) or doc[start - 1].text == "-"):
        start -= 1
    return start < end and start > 0 and doc[start - 1].lower_ in _OF and is_place(doc[start:end].text)


def _acronym_ahead(doc: Doc, j: int, limit: int) -> int | None:
    """End of "(ABC)" a few plain words ahead: an acronym closes the name it follows
    ("Association tunisienne des ressources en eau (ATRE)")."""
    for k in range(j, min(j + 6, limit)):
        if _acronym_at(doc, k, limit):
            return k + 3
        token = doc[k]
        if token.is_punct or token.is_sent_start or token.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "NUM"):
            return None
    return None


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
#: The articles of place, which open a list's items only when they open its first ("à A, à B").
_TO = frozenset({"à", "au", "aux"})


def _sentence_starts(doc: Doc) -> list[int]:
    """Token indices where sentences start, computed once per Doc (``Token.sent`` scans the Doc)."""
    starts: list[int] | None = doc.user_data.get("press_release_sentence_starts")
    if starts is None:
        flags = doc.to_array([SENT_START])  # one pass in C: iterating the Doc makes a Token object per word
        starts = sorted({0, *(int(i) for i in numpy.flatnonzero(flags == 1))}) if len(doc) else []
        doc.user_data["press_release_sentence_starts"] = starts
    return starts


def sentence_end(doc: Doc, i: int) -> int:
    """Exclusive end (token index) of the sentence that token ``i`` belongs to."""
    starts = _sentence_starts(doc)
    following = bisect.bisect_right(starts, i)
    return starts[following] if following < len(starts) else len(doc)


def sentence_chars(doc: Doc, char: int) -> tuple[int, int]:
    """Character span of the sentence holding character ``char``."""
    if not len(doc):
        return 0, 0
    i = min(token_after(doc, char), len(doc) - 1)
    starts = _sentence_starts(doc)
    first = starts[max(bisect.bisect_right(starts, i) - 1, 0)]
    last = sentence_end(doc, i) - 1
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _link_end(doc: Doc, i: int, limit: int, repeated: str | None = None) -> int | None:
    """Index after an enumeration link (", ", "et", ", et", "ainsi que", ", mais aussi"), or None; past
    ``repeated``, the preposition that opened the list, when the link repeats it ("avec A et avec B")."""
    j = i
    if j < limit and doc[j].text in (",", ";"):
        j += 1
    if j < limit and doc[j].lower_ in ("et", "&"):
        j += 1
    elif j + 1 < limit and doc[j].lower_ == "ainsi" and doc[j + 1].lower_ in ("que", "qu'"):
        j += 2
    elif j + 1 < limit and doc[j].lower_ == "mais" and doc[j + 1].lower_ in ("aussi", "également"):
        j += 2  # "la CCI, mais aussi la Banque X, la Radio Y"
    if j > i and repeated is not None and j < limit and doc[j].lower_ == repeated:
        j += 1  # "en partenariat avec la Maison X et avec la commune Y"
    return j if j > i else None


def _common_noun_start(doc: Doc, i: int, end: int) -> bool:
    """A name that opens on a common noun ("Regroupement des ...", "Haute école de ...") is descriptive."""
    first = doc[i]
    if first.pos_ == "NOUN":
        return True
    return first.pos_ == "ADJ" and i + 1 < len(doc) and doc[i + 1].pos_ == "NOUN" and doc[i + 1].is_lower


def _acronym_closing(doc: Doc, i: int, limit: int) -> int | None:
    """End of the acronym in parentheses that closes lower-case words from token ``i`` ("la formation
    et l'insertion (SEFI)"): the rest of a name whose fields are listed with commas; else None."""
    for j in range(i, min(limit, i + 12)):
        if _acronym_at(doc, j, limit):
            return j + 3 if j > i else None
        token = doc[j]
        if token.is_sent_start and j > i or token.pos_ in ("AUX", "PRON") or not (
                token.is_lower and token.is_alpha or token.lower_ in ARTICLES or token.text == ","):
            return None
    return None


def enumeration(doc: Doc, i: int, limit: int, heads: frozenset[str] = frozenset(),
                stop_words: frozenset[str] = frozenset(), is_place: Callable[[str], bool] | None = None,
                links: frozenset[str] = DESCRIPTIVE_LINKS, accept: Callable[[Span], bool] | None = None) -> list[Span]:
    """The names enumerated from token ``i`` on ("la A, la B et la C"), articles left out.

    A name starts with a capitalised word or with one of ``heads``, the nouns
    that begin descriptive names ("Institut suisse de gérontologie",
    "l'association Les Amis du Vin"): those run on over their lower-case words
    (``describe_end``). A name must hold a capitalised word, unless ``accept``
    takes it as it is ("la délégation à la culture").
    """
    names: list[Span] = []
    to_whom = i < limit and doc[i].lower_ in _TO  # "remis à A, à B": each item opens on "à"
    repeated = "avec" if i > 0 and doc[i - 1].lower_ == "avec" else None  # "avec A et avec B"
    while i < limit:
        item_start = i
        if names and not to_whom and doc[i].lower_ in _TO:
            break  # "organisé par le Centre X, à la Faculté Y": where, not one more name
        while i < limit and (doc[i].lower_ in ARTICLES or doc[i].is_space):
            i += 1
        if i >= limit:
            break
        token = doc[i]
        if not (is_capitalised(token) or token.lower_ in heads):
            closing = _acronym_closing(doc, item_start, limit) if names else None
            after = _link_end(doc, closing, limit) if closing is not None else None
            if closing is None or after is None:
                break
            names[-1] = doc[names[-1].start : closing]  # "Office de l'orientation, la formation et X (OFPC)"
            i = after
            continue
        if names and i == item_start and not is_capitalised(token):
            break  # "Oasis Vivantes, association de ...": an apposition describes the last name

        end = name_end(doc, i, limit)
        if token.lower_ in heads or _common_noun_start(doc, i, end):
            end = describe_end(doc, end, limit, stop_words, links=links, is_place=is_place)
        if not any(is_capitalised(t) for t in doc[i:end]) and not (accept is not None and accept(doc[i:end])):
            break
        if end + 1 < limit and doc[end].text in ("–", "—") and is_capitalised(doc[end + 1]) \
                and doc[end + 1].lower_ not in ARTICLES:  # "Rabat – Le Centre X": a dateline, then a clause
            dashed = describe_end(doc, name_end(doc, end + 1, limit), limit, stop_words, links=links, is_place=is_place)
            if dashed == limit or _link_end(doc, dashed, limit, repeated) is not None:
                end = dashed  # "l'Archipel – Scène nationale, la Région X": a name of the list holds a dash
        names.append(doc[i:end])
        after = _link_end(doc, end, limit, repeated)
        if after is None:
            break
        i = after
    return names


#: An aside in parentheses after a name of a list is at most this many tokens long.
_ASIDE_TOKENS = 12


def past_aside(doc: Doc, end: int, limit: int) -> int | None:
    """Where a list goes on after an aside in parentheses right after one of its names ("A (gestionnaire
    des lieux), B et C" -> B): the token after the comma or "et" that follows the closing parenthesis;
    None when no aside is there or the list does not go on after it."""
    if end >= limit or doc[end].text != "(":
        return None
    for j in range(end + 1, min(limit, end + _ASIDE_TOKENS)):
        if doc[j].text == "(":
            return None
        if doc[j].text == ")":
            k = j + 1
            if k + 1 < limit and doc[k].text == ",":
                k += 1
            if k + 1 < limit and doc[k].lower_ == "et":
                k += 1
            return k if k > j + 1 and k < limit else None
    return None


def verb_forms(stems: tuple[str, ...]) -> frozenset[str]:
    """The written forms of first-group verbs a report uses ("déclar" -> "déclare", "déclarent", "déclaré",
    "déclarée", "déclarait" ...): the pipeline leaves the lemmatizer out, so rules read forms, not lemmas."""
    return frozenset(stem + ending for stem in stems
                     for ending in ("e", "es", "ent", "é", "ée", "és", "ées", "ait", "aient"))


#: Verbs of telling ("a déclaré", "indique", "précisait", "a rappelé"): what follows them is said, not done.
TELLING = verb_forms(("déclar", "confi", "expliqu", "indiqu", "précis", "affirm", "racont", "annonc", "soulign",
                      "rappel", "communiqu", "inform", "signal", "assur")) | {"rappelle", "rappellent"}


def town_after(doc: Doc, end: int, limit: int | None = None) -> int:
    """The end of "à <Town>" written right after a name that ends at token ``end`` ("le cinéma X à Lille",
    "l'association des X à Sfax"), else ``end``."""
    limit = len(doc) if limit is None else limit
    if end + 1 >= limit or doc[end].lower_ != "à" or not is_capitalised(doc[end + 1]):
        return end
    return name_end(doc, end + 1, limit)


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


_OPENING_BRACKET = re.compile(r"\(")


def brackets(doc: Doc, view: str, first: int) -> Iterator[int]:
    """Indexes of the "(" tokens from token ``first`` on with a token before and two after them, found
    in ``view``, the Doc's text (a loop over the tokens would make a Token object of each)."""
    start = doc[first].idx if first < len(doc) else len(view)
    for found in _OPENING_BRACKET.finditer(view, start):
        j = token_after(doc, found.start())
        if 0 < j < len(doc) - 2 and doc[j].text == "(":
            yield j


def closing_bracket(doc: Doc, opening: int, most: int) -> int | None:
    """Index of the ")" that closes the "(" at token ``opening`` over one to ``most`` tokens, or None."""
    return next((k for k in range(opening + 2, min(opening + most + 2, len(doc))) if doc[k].text == ")"), None)


def split_items(text: str, start: int, end: int, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """Character spans of the items of ``text[start:end]`` between the matches of ``separator``, spaces
    trimmed, empty items left out.

    >>> split_items("(Lima, Pérou)", 1, 12, re.compile(r"\\s*,\\s*"))
    [(1, 5), (7, 12)]
    """
    spans: list[tuple[int, int]] = []
    for found in [*separator.finditer(text, start, end), None]:
        stop = found.start() if found is not None else end
        item = text[start:stop]
        if item.strip():
            spans.append((start + len(item) - len(item.lstrip()), stop - len(item) + len(item.rstrip())))
        start = found.end() if found is not None else end
    return spans
