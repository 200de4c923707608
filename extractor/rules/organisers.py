"""Organisations and people credited with a role in the event.

Three shapes credit a name with a role:

- a cue phrase before the names: "organisé par A" -> organiser; "co-organisé avec
  B" -> co_organiser; "en partenariat avec C, D et E" -> partner, one entry each;
  "avec le soutien de F" -> sponsor; "sous le haut patronage de G" -> patron; a list
  head ("Organisation : H et I") or a role noun ("l'organisateur J");
- a verb after its subject: "K organise", "la délégation qui l'organise", "L et M
  organisent" (two bodies or more organising: co_organiser); a host's verb ("N
  accueille", "O propose") only when an event is its object ("une exposition");
- an apposition after the name: "P, organisateur du salon", "Q, partenaire de"; for a person, a role
  noun next to the name: "R, fondatrice du salon", "la marraine du festival, la chanteuse S".

Cue phrases, verbs, appositions and nouns are data (``extractor/data/organisers_fr.json``);
names are proper-name chunks (``extractor.rules.chunks``), or lower-case institutional
names that open on a body's noun ("la délégation à la culture").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from extractor.core.context import Context
from extractor.rules._text import SMALLS, fold, fold_name, load_data
from extractor.rules.chunks import (
    ARTICLES,
    DESCRIPTIVE_LINKS,
    TELLING,
    closing_bracket,
    describe_end,
    english_end,
    enumeration,
    is_acronym,
    is_capitalised,
    name_end,
    past_aside,
    sentence_end,
    split_items,
    token_after,
    town_after,
)
from extractor.rules.dates import WEEKDAYS, calendar_words
from extractor.rules.event_names import event_rules, is_event_word
from extractor.rules.geo import gazetteer
from extractor.rules.learned import WHERE, early, governed_by, is_new, of_a_person, person_functions
from schemas import Evidence, Organisation, Role

#: Civil and academic titles left out of a person's name; a title that is part of it ("Roi", "Prince") stays.
HONORIFICS = frozenset({"M.", "MM.", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Dr.", "Pr", "Pr.", "Me", "Me.",
                        "Monsieur", "Madame", "Mademoiselle", "S.E.", "S.E.M.", "SE", "SEM",
                        "Docteur", "Professeur", "Maître", "Président", "Présidente"})
#: Words allowed between a subject and its verb: "qui l'organise", "organisent également".
_CLITICS = frozenset({"qui", "l'", "le", "la", "les", "lui", "leur", "y", "en", "ne", "n'", "s'", "se", "vous"})
#: Tokens after which a subject may begin.
_OPENERS = frozenset({",", ";", ":", "(", "«", '"', "“", "-", "–", "—", "et", "mais", "puis", "selon", "d'après",
                      "pour"})
_DEFINITE = frozenset({"le", "la", "les", "l'"})
#: Articles before a lower-case institutional name ("de la municipalité").
_BEFORE_BODY = _DEFINITE | {"du", "des", "au", "aux"}
_OPEN_QUOTES = frozenset({"«", '"', "“"})
_CLOSE_QUOTES = frozenset({"»", '"', "”"})
_RELATIVES = frozenset({"qui", "que", "qu'", "dont", "où"})
#: How far back a subject or the noun a cue describes may be, and how far an event object may be.
_SUBJECT_WINDOW = 60
_OBJECT_WINDOW = 16
_BEFORE_CUE_WINDOW = 8
_NOT_TITLE = frozenset({"VERB", "AUX", "ADP", "PRON", "CCONJ", "SCONJ"})


@dataclass(frozen=True)
class _Kind:
    role: Role
    event_object: bool  # the verb counts only with an event as its object
    persons: bool  # a person may be its subject (a host is a body: "Jean X propose une conférence" is a speaker)


@dataclass(frozen=True)
class _Rules:
    cues: tuple[tuple[re.Pattern[str], Role], ...]
    any_cue: re.Pattern[str]  # every cue at once, to find where one starts
    after: re.Pattern[str]  # verbs and appositions that follow the names: one group per kind
    after_kinds: dict[str, _Kind]  # group name -> what its verbs or appositions credit
    heads: frozenset[str]
    standalone: frozenset[str]
    event_nouns: frozenset[str]
    not_events: frozenset[str]
    sessions: frozenset[str]
    together: frozenset[str]  # adverbs that make several subjects of "organiser" co-organisers
    functions: tuple[tuple[str, ...], ...]  # offices that name a person: "président de la République"
    list_openers: tuple[tuple[str, ...], ...]  # "parmi lesquelles figurent": a list of names follows
    portfolios: frozenset[str]  # bodies whose name enumerates fields: "ministère de A, de B et de C", "chambre"
    person_roles: _PersonRoles


@dataclass(frozen=True)
class _PersonRoles:
    """Role nouns next to a person's name: after it (", fondatrice du salon", " sera le président d'honneur
    du congrès") or before it ("la marraine du festival, la chanteuse "), and the role each noun gives."""
    after: re.Pattern[str]
    before: re.Pattern[str]
    right_before: re.Pattern[str]  # no comma: "la marraine du festival X", "a choisi comme marraine X"
    roles: dict[str, Role]  # folded noun -> role


_OF_WORDS = r"(?:de\s+la|de\s+l['’]\s?|des|du|de|d['’]\s?)"
#: Lower-case words of an apposition before its role noun ("X, conseiller culturel et co-organisateur de").
_LOWER_WORD = rf"[{SMALLS}œ'’-]+"


def _person_roles(data: dict[str, list[str]]) -> _PersonRoles:
    roles = {fold(noun): Role(role) for role, nouns in data.items() for noun in nouns}
    nouns = sorted((noun for nouns in data.values() for noun in nouns), key=len, reverse=True)
    role = "(?P<role>" + "|".join(re.escape(n).replace("'", "['’]").replace(r"\ ", r"\s+") for n in nouns) + ")"
    of_event = (rf"\s+{_OF_WORDS}\s*(?:ce\s+|cet\s+|cette\s+)?(?:\d+\s?(?:e|è|ème|eme|er|re)\s+)?"
                r"(?P<noun>[\w'’-]+)")
    after = re.compile(rf"\s*(?:,\s*(?:{_LOWER_WORD}\s+){{0,6}}?|\s+(?:qui\s+)?(?:sera|est|était|fut|a\s+été"
                       rf"|officiera\s+comme|officie\s+comme|a\s+(?:bien\s+)?voulu\s+être|assurera|assure)\s+)"
                       rf"(?:le\s+|la\s+|l['’]\s?|sa\s+|son\s+)?"
                       rf"(?:principal\s+|principale\s+|grand\s+|grande\s+)?(?i:{role})(?!\w)(?:{of_event})?")
    # "la marraine du festival, la chanteuse X", "la marraine du festival X", "a choisi comme marraine X"
    before = re.compile(rf"(?<![\w-])(?i:{role})(?:{of_event}(?:\s+[^\s,.;:!?«»]+){{0,4}}?)?\s*,\s*"
                        rf"(?:(?:le|la|les|l['’])\s*)?(?:(?!et\s){_LOWER_WORD}\s+){{0,3}}$")
    right_before = re.compile(rf"(?<![\w-])(?:(?i:{role}){of_event}|(?i:comme|pour)\s+(?:sa\s+|son\s+)?"
                              rf"(?P<chosen>(?i:parrain|marraine))|(?i:le|la)\s+(?P<promoter>(?i:promoteur|promotrice)))\s+$")
    return _PersonRoles(after=after, before=before, right_before=right_before, roles=roles)


_WORDS_END = r"(?:(?<=['’:])|(?!\w))"
_APOSTROPHE = "['’]"
_SPACES = r"\s?"


def _words(pattern: str) -> str:
    """``pattern`` as whole words: "par" is not "parc"; an elision may be typed with a space after
    its apostrophe ("à l' invitation de"), and "à" may be a capital written without its accent."""
    pattern = re.sub(r"(?<![\w\\])à(?=\\s)", "[àa]", pattern)  # "A l'initiative de", a capital written unaccented
    return rf"(?<!\w)(?:{pattern.replace(_APOSTROPHE, _APOSTROPHE + _SPACES)}){_WORDS_END}"


def _after_names(kinds: list[dict[str, Any]]) -> tuple[re.Pattern[str], dict[str, _Kind]]:
    """One regex for the verbs and appositions that follow names, a named group per kind;
    an apposition opens on the comma right after the name."""
    groups, found = [], {}
    for index, kind in enumerate(kinds):
        for prefix, patterns in (("c", [p for p in kind["patterns"] if p.startswith(",")]),
                                 ("w", [p for p in kind["patterns"] if not p.startswith(",")])):
            if patterns:
                name = f"{prefix}{index}"
                body = "|".join(patterns)
                groups.append(f"(?P<{name}>{body})" if prefix == "c" else rf"(?<!\w)(?P<{name}>{body})")
                found[name] = _Kind(Role(kind["role"]), bool(kind["event_object"]), bool(kind["persons"]))
    return re.compile(f"(?:{'|'.join(groups)}){_WORDS_END}", re.IGNORECASE), found


def _phrases(listed: list[str]) -> tuple[tuple[str, ...], ...]:
    """Phrases as tuples of lower-case tokens, the longest first ("chef de l'état" -> chef, de, l', état)."""
    phrases = {tuple(re.findall(r"\w+['’]?|\S", phrase.lower().replace("’", "'"))) for phrase in listed}
    return tuple(sorted(phrases, key=len, reverse=True))


def _plural(noun: str) -> str:
    """The plural of a body's noun ("universités", "bureaux", "hôpitaux"), for "des universités de A et B"."""
    if noun.endswith(("s", "x", "z")):
        return noun
    if noun.endswith("eau"):
        return noun + "x"
    if noun.endswith("al"):
        return noun[:-2] + "aux"
    return " ".join(_plural(word) for word in noun.split(" ")) if " " in noun else noun + "s"


@cache
def _rules() -> _Rules:
    data = load_data("organisers_fr.json")
    patterns = [(pattern, Role(role)) for role, listed in data["cues"].items() for pattern in listed]
    after, kinds = _after_names(data["after_names"])
    return _Rules(
        cues=tuple((re.compile(_words(pattern), re.IGNORECASE), role) for pattern, role in patterns),
        any_cue=re.compile(_words("|".join(f"(?:{pattern})" for pattern, _role in patterns)), re.IGNORECASE),
        after=after,
        after_kinds=kinds,
        heads=frozenset(data["org_heads"]) | {_plural(head) for head in data["org_heads"]},
        standalone=frozenset(data["standalone_bodies"]),
        event_nouns=event_rules().keywords | {fold(word) for word in data["event_nouns"]},
        not_events=frozenset(fold(word) for word in data["not_events"]),
        sessions=frozenset(fold(word) for word in data["sessions"]),
        portfolios=frozenset(fold(word) for word in data["portfolios"]),
        functions=_phrases(data["functions"]),
        list_openers=_phrases(data["list_openers"]),
        together=frozenset(fold(word) for word in data["together"]),
        person_roles=_person_roles(data["person_roles"]),
    )


@lru_cache(maxsize=4)
def _cue_matches(text: str, start: int) -> tuple[tuple[int, int, Role], ...]:
    """Non-overlapping cue phrases, the longest where two start at one place (the first listed on a tie).

    One regex finds where a cue starts; the cues are then tried there alone. Read once a text: the
    organisers, the span model's organisers and the speakers' affiliations all ask for them.
    """
    rules = _rules()
    taken: list[tuple[int, int, Role]] = []
    found = rules.any_cue.search(text, start)
    while found is not None:
        at = found.start()
        end, role = found.end(), None
        for pattern, cue_role in rules.cues:
            match = pattern.match(text, at)
            if match is not None and (role is None or match.end() > end):
                end, role = match.end(), cue_role
        if role is not None:
            taken.append((at, end, role))
        found = rules.any_cue.search(text, max(end, at + 1))
    return tuple(taken)


def credit_cues(text: str, start: int) -> list[int]:
    """Where the cue phrases that credit a role ("organisé par", "sous le parrainage de") start in ``text``
    from ``start``, in order."""
    return [at for at, _end, _role in _cue_matches(text, start)]


@cache
def _stop_words() -> frozenset[str]:
    return calendar_words() | {"thème", "thématique", "signe"}


def _is_place(text: str) -> bool:
    geo = gazetteer()
    return geo.city(text) is not None or geo.country(text) is not None


def _is_body(span: Span) -> bool:
    """A lower-case institutional name after its article: "la délégation à la culture", "la municipalité"."""
    rules = _rules()
    first = span[0]
    if first.i == 0 or span.doc[first.i - 1].lower_ not in _BEFORE_BODY:
        return False
    if first.lower_ in rules.standalone and len(span) == 1:
        return True
    content = [t for t in span if t.pos_ in ("NOUN", "ADJ", "PROPN")]
    return first.lower_ in rules.heads and len(content) >= 2


def _person_start(doc: Doc, i: int, limit: int) -> int:
    """Where a person's name starts after a lower-case title ("le maître artisan X" -> X), not
    after a body's noun ("la maison X" is the body's name)."""
    heads = _rules().heads
    j = i
    while j < limit and j - i < 4 and doc[j].is_lower and doc[j].is_alpha and doc[j].pos_ not in _NOT_TITLE:
        if doc[j].lower_ in heads:
            return i
        j += 1
    if j > i and j < limit and doc[j].ent_type_ == "PER" and doc[j].ent_iob_ == "B":
        return j
    return i


@cache
def _openers_by_first_word() -> dict[str, list[tuple[str, ...]]]:
    """The list openers ("parmi lesquelles figurent") by their first word, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for opener in _rules().list_openers:
        by_first.setdefault(opener[0], []).append(opener)
    return {word: sorted(found, key=len, reverse=True) for word, found in by_first.items()}


def _past_list_opener(doc: Doc, i: int, limit: int) -> int:
    """After a lower-case phrase that only says what kind of bodies follow ("les structures et
    entreprises nationales"), the first token after the word that opens their list ("parmi
    lesquelles figurent", "dont", "notamment"); else ``i``."""
    if i >= limit or not doc[i].is_lower or doc[i].lower_ in _rules().heads:
        return i
    openers = _openers_by_first_word()
    for j in range(i + 1, min(limit, i + _OBJECT_WINDOW)):
        for opener in openers.get(doc[j].lower_, ()):
            if tuple(t.lower_ for t in doc[j : j + len(opener)]) == opener:
                return j + len(opener)
        if not (doc[j].is_lower or doc[j].text == ","):
            return i
    return i


def _lead_in(doc: Doc, i: int, limit: int) -> int:
    """First token of the names after a cue, past what only introduces them.

    "une société privée, « X »" -> X; "un comité de pilotage et le X" -> X; "des structures locales
    parmi lesquelles figurent X" -> X; a stray elision typed twice ("ll'X") -> X.
    """
    if i < limit and doc[i].lower_ in ("un", "une"):
        j = i + 1
        while j < limit and j - i <= 6 and doc[j].is_lower and (doc[j].pos_ in ("NOUN", "ADJ") or
                                                                doc[j].lower_ in _OF_ARTICLES and j > i + 1):
            j += 1
        if j > i + 1 and j < limit and doc[j].text == "," or j + 1 < limit and doc[j].lower_ == "et" \
                and doc[j + 1].lower_ in _DEFINITE:
            i = j + 1  # "porté par une société privée, X", "par un comité de pilotage et le X": unnamed
    if i + 1 < limit and doc[i].text == ":":
        i += 1  # "Avec le soutien de : X, Y"
    if i + 2 < limit and doc[i].lower_ in _PRONOUNS_OF and doc[i + 1].lower_ in _OF_ARTICLES:
        i += 2  # "en collaboration avec celui de l'Université X": the body of the same kind there
    if i + 2 < limit and doc[i].lower_ in _DEFINITE and doc[i + 1].lower_ in _FORMER:
        i += 2  # "par l'ancien président de la République, M. X": the office after its epithet
    i = _past_list_opener(doc, i, limit)
    if i + 1 < limit and doc[i].pos_ == "DET" and doc[i].text.endswith(("'", "’")) and doc[i].lower_ not in _DEFINITE \
            and len(doc[i].text) <= 3 and is_capitalised(doc[i + 1]):
        i += 1  # "ll'X": a typo for the article
    return _past_royal_address(doc, i, limit)


#: Pronouns that stand for a body of the kind named before ("celui de l'Université X").
_PRONOUNS_OF = frozenset({"celui", "celle", "ceux", "celles"})
#: Epithets between an article and an office ("l'ancien président").
_FORMER = frozenset({"ancien", "ancienne", "nouveau", "nouvelle", "actuel", "actuelle"})


#: How a sovereign is addressed before their name ("Sa Majesté le Roi X" -> "Roi X", a capitalised title being part
#: of the name; the real gold's "X" is inside it).
_MAJESTY = frozenset({"majesté", "altesse", "excellence"})
_MAJESTY_EPITHETS = frozenset({"royale", "sérénissime", "impériale"})
_SOVEREIGNS = frozenset({"roi", "reine", "prince", "princesse", "émir", "sultan"})


def _past_royal_address(doc: Doc, i: int, limit: int) -> int:
    """First token of a sovereign's name after the words that address them: "sa Majesté le Roi X" -> "Roi X",
    "Son Altesse Royale le Prince X" -> "Prince X", "le prince X" -> X; a head of state's too: "son Excellence
    Monsieur X" -> X."""
    j = i
    if j + 1 < limit and doc[j].lower_ in ("sa", "son") and doc[j + 1].lower_ in _MAJESTY:
        j += 2
        while j < limit and doc[j].lower_ in _MAJESTY_EPITHETS:
            j += 1
        while j + 1 < limit and doc[j].text in HONORIFICS and is_capitalised(doc[j + 1]):
            j += 1
    if j < limit and doc[j].lower_ in ("le", "la"):
        j += 1
    if j + 1 < limit and doc[j].lower_ in _SOVEREIGNS and is_capitalised(doc[j + 1]):
        return j + 1 if doc[j].is_lower else j  # "le prince X" -> X (a function); "le Roi X" keeps its title
    return j if j > i + 1 else i


def _quoted(doc: Doc, i: int, limit: int) -> Span | None:
    """The whole name inside quotes opening at token ``i`` ("« L'Atelier X »" -> "Atelier X")."""
    if i >= limit or doc[i].text not in _OPEN_QUOTES:
        return None
    start = i + 1
    if start < limit and doc[start].lower_ in _DEFINITE:
        start += 1
    for j in range(start + 1, min(limit, start + 10)):
        if doc[j].text in _CLOSE_QUOTES:
            name = doc[start:j]
            return name if is_capitalised(name[0]) else None
        if doc[j].is_sent_start or doc[j].is_punct:
            return None
    return None


#: At most this many words classify a quoted name ("le Think tank « X »", "l'association « X »").
_CLASSIFIER_WORDS = 3


def _classified_quote(doc: Doc, i: int, limit: int) -> Span | None:
    """The quoted name after the words that only say what kind of body it is: "l'association « Les
    Amis de X »" -> "Les Amis de X" (the body's name is the quoted one)."""
    j = i + (i < limit and doc[i].lower_ in _DEFINITE)
    start = j
    while j < limit and j - start < _CLASSIFIER_WORDS and doc[j].is_alpha and doc[j].pos_ not in _NOT_TITLE:
        j += 1
    return _quoted(doc, j, limit) if j > start else None


def _quoted_names(doc: Doc, i: int, limit: int) -> list[Span] | None:
    """The quoted name at token ``i`` (past its classifier) and the names enumerated after it ("« X » et
    la Ville de Y"); None when no quoted name opens there."""
    quoted = _quoted(doc, i, limit) or _classified_quote(doc, i, limit)
    if quoted is None:
        return None
    after = quoted.end + 1  # past the closing quote
    if after + 1 < limit and doc[after].lower_ in (",", "et"):
        return [quoted, *_after_cue(doc, after + 1 + (doc[after + 1].lower_ == "et"), limit)]
    return [quoted]


def _acronym_list_end(doc: Doc, end: int, limit: int) -> int:
    """End of "(A / B)" right after a name: acronyms of the bodies it belongs to."""
    if end >= limit or doc[end].text != "(":
        return end
    j = end + 1
    while j + 1 < limit and is_acronym(doc[j]) and doc[j + 1].text in ("/", ",", "-"):
        j += 2
    if j + 1 < limit and j > end + 1 and is_acronym(doc[j]) and doc[j + 1].text == ")":
        return j + 2
    return end


#: The longest expansion read in brackets after an acronym, in tokens.
_EXPANSION = 12


def _expansion_end(doc: Doc, name: Span, limit: int) -> int:
    """End of the expansion in brackets after a name that is an acronym alone, opening on its first letter:
    "SERMAC (Service municipal d'action culturelle)" is one name, its words included."""
    end = name.end
    if len(name) != 1 or not is_acronym(name[0]) or end + 2 >= limit or doc[end].text != "(" \
            or not is_capitalised(doc[end + 1]) or fold(doc[end + 1].text)[:1] != fold(name[0].text)[:1]:
        return end  # "EHIC (Université de X)" says where the body is, not what its letters stand for
    close = next((k for k in range(end + 2, min(limit, end + _EXPANSION)) if doc[k].text in (")", "(", ".")), None)
    return close + 1 if close is not None and doc[close].text == ")" else end


def _apart(doc: Doc, name: Span) -> list[Span]:
    """The names a chunk joined over "et de" ("A B et de C D", "la Région X et de la Ville de Y"):
    "et d'Industrie" goes on with a body's name, "et de" before a person's name or before a body's
    noun ("Ville", "Université") begins another name."""
    heads = _rules().heads
    for j in range(name.start + 2, name.end - 2):
        if doc[j].lower_ != "et" or doc[j + 1].lower_ not in _OF_ARTICLES:
            continue
        k = j + 2 + (doc[j + 2].lower_ in ("la", "l'"))
        if k >= name.end:
            continue
        people = doc[j - 1].ent_type_ == "PER" and doc[k].ent_type_ == "PER" and doc[k].ent_iob_ == "B"
        if people or is_capitalised(doc[k]) and doc[k].lower_ in heads:
            return [doc[name.start : j], *_apart(doc, doc[k : name.end])]
    return [name]


def _portfolio(doc: Doc, previous: Span, name: Span) -> bool:
    """True when ``name`` goes on with the fields of the body named before it: "ministère de l'Industrie,
    du Commerce et des X", "Chambre de Commerce, d'Industrie et de Services de X", "direction de la
    Culture et des Arts" enumerate one body's fields, each after "du", "des", "de"."""
    rules = _rules()
    if fold(previous[0].text) not in rules.portfolios or name[0].lower_ in rules.heads:
        return False  # "du ministère de A et de la Ville de X": a body of its own
    vocab = doc.vocab
    if vocab.vectors.shape[0] and not vocab.has_vector(name[0].lower_):
        return False  # a field is a common word: "l'Office portuaire du Wouri et de Wouri Logistique" are two
    between = [t.lower_ for t in doc[previous.end : name.start]]
    return between[:1] in ([","], ["et"]) and any(word in ("du", "des", "de", "d'") for word in between)


_LINKS = DESCRIPTIVE_LINKS | {"sur", "en", "sans"}
_OF_ARTICLES = frozenset({"de", "du", "des", "d'"})


def _opens_body(doc: Doc, j: int, limit: int) -> bool:
    """True when token ``j`` begins a body's name: "municipalité", "société X" (not "la société" as a field)."""
    rules = _rules()
    word = doc[j].lower_
    return word in rules.standalone or word in rules.heads and j + 1 < limit and is_capitalised(doc[j + 1])


def _coordinated_end(doc: Doc, end: int, limit: int) -> int:
    """End of a body's name that goes on over "et de la" and a lower-case field: "faculté des
    sciences et de la technologie de l'université X", "des sciences de l'homme et de la société" (a
    capitalised word or a body's name after "et de la" begins another name)."""
    j = end + 2
    if j >= limit or doc[end].lower_ != "et" or doc[end + 1].lower_ not in _OF_ARTICLES or not doc[end - 1].is_lower:
        return end
    if doc[j].lower_ in ("la", "l'"):
        j += 1
    if j >= limit or not doc[j].is_lower or doc[j].pos_ != "NOUN" or _opens_body(doc, j, limit):
        return end
    return describe_end(doc, j, limit, _stop_words(), links=_LINKS, is_place=_is_place)


def _fields_end(doc: Doc, name: Span, limit: int) -> int:
    """End of a ministry's name that enumerates its fields in lower case after commas ("le ministère de
    la culture, de la jeunesse et sport, l'Alliance X": the list goes on after "sport"), else its end."""
    if fold(name[0].text) not in _rules().portfolios:
        return name.end
    j = name.end
    while j + 2 < limit and doc[j].text == "," and doc[j + 1].lower_ in _OF_ARTICLES:
        k = j + 2 + (doc[j + 2].lower_ in ("la", "l'"))
        if k >= limit or not doc[k].is_lower or doc[k].pos_ not in ("NOUN", "ADJ"):
            break
        k += 1
        while k < limit and doc[k].is_lower and doc[k].pos_ not in ("VERB", "AUX") and (
                doc[k].is_alpha or doc[k].lower_ in _FIELD_LINKS):
            if doc[k].lower_ == "et" and k + 1 < limit and doc[k + 1].lower_ in _DEFINITE:
                break  # "et la Fédération X": the next name
            k += 1
        if k < limit and doc[k].text != "," and doc[k].lower_ != "et":
            break  # no field list: "du Centre X, des auteurs belges seront présents"
        j = k
    return j


#: Small words inside a ministry's fields in lower case ("de la jeunesse et des sports").
_FIELD_LINKS = frozenset({"et", "de", "du", "des", "d'", "la", "l'"})


def _enumerated(doc: Doc, i: int, limit: int) -> list[Span]:
    """The enumeration of names from token ``i`` (``chunks.enumeration``), a body's name carried over
    the fields it coordinates."""
    rules = _rules()
    found: list[Span] = []
    before_town: Span | None = None
    while True:
        more = enumeration(doc, i, limit, heads=rules.heads, stop_words=_stop_words(), is_place=_is_place,
                           links=_LINKS, accept=_is_body)
        if not more:
            if before_town is not None:
                found[-1] = before_town  # "l'association X à Lyon et se tiendra": the town is where, not a name
            return found
        found += more
        end = _coordinated_end(doc, _fields_end(doc, more[-1], limit), limit)
        before_town = None
        if end == more[-1].end and more[-1][0].is_lower:
            end = _town_end(doc, end, limit)  # "l'association des X à Sfax, l'association des Y"
            before_town = more[-1] if end != more[-1].end else None
        if end == more[-1].end:
            resumed = past_aside(doc, end, limit)
            if resumed is None:
                return found
            i = resumed  # "A (gestionnaire des lieux), B et C": the list goes on after the aside
            continue
        found[-1] = doc[more[-1].start : end]
        i = end + (end < limit and doc[end].text == ",")
        if i < limit and doc[i].lower_ in ("et", "&"):
            i += 1
        if i == end:
            return found


def _town_end(doc: Doc, end: int, limit: int) -> int:
    """End of "à <Town>" after a body's lower-case name when the enumeration goes on after it, else ``end``."""
    town = town_after(doc, end, limit)
    return town if end < town < limit and doc[town].lower_ in (",", "et") else end


def _names(doc: Doc, i: int, limit: int) -> list[Span]:
    """The names enumerated from token ``i``: "la A, B et la C", "la chambre de commerce et d'Industrie de X"."""
    names: list[Span] = []
    for name in (part for whole in _enumerated(doc, i, limit) for part in _apart(doc, whole)):
        name = doc[name.start : _acronym_list_end(doc, english_end(doc, name.end, limit), limit)]
        name = doc[name.start : _expansion_end(doc, name, limit)]
        previous = names[-1] if names else None
        if previous is not None and name.start - previous.end == 2 and doc[previous.end].lower_ == "et" \
                and doc[previous.end + 1].lower_ in ("d'", "de") and previous[-1].is_lower:
            names[-1] = doc[previous.start : name.end]  # "chambre de commerce et d'Industrie": one name
        elif previous is not None and _portfolio(doc, previous, name):
            names[-1] = doc[previous.start : name.end]  # "ministère de l'Industrie, du Commerce et des X"
        else:
            names.append(name)
    return names


def _more_people(doc: Doc, end: int, limit: int) -> int | None:
    """Where a further titled person starts after an apposition: "à M. X, directeur de Y, et à M. Z"."""
    if end >= limit or doc[end].text != ",":
        return None
    for j in range(end + 1, limit - 1):
        if doc[j].text == ";" or doc[j].is_sent_start:
            return None
        if doc[j].lower_ == "et":
            k = j + 1
            if k < limit and doc[k].pos_ == "ADP":
                k += 1
            return k if k < limit and doc[k].text in HONORIFICS else None
    return None


def _without_honorific(doc: Doc, name: Span) -> Span:
    """A person's name without "M.", "Mme", "Madame le Professeur" before it."""
    start = name.start
    while start < name.end - 1 and (doc[start].text in HONORIFICS
                                    or doc[start].lower_ in ("le", "la") and start > name.start):
        start += 1
    return doc[start : name.end]


#: Lower-case nouns that only classify a firm's name after them: "la société X" is X.
_FIRM_NOUNS = frozenset({"société", "entreprise", "firme", "start-up", "startup"})


def _without_classifier(name: Span) -> Span:
    """A firm's name without the lower-case noun that classifies it ("société Fomexpo" -> "Fomexpo"), a body's
    without the plural noun that classifies a list of them ("les laboratoires MINEA et LEEISA" -> "MINEA");
    "Société algérienne des foires", capitalised, is a name of its own."""
    if len(name) > 1 and is_capitalised(name[1]) and (
            name[0].text in _FIRM_NOUNS or (name[0].text in _rules().heads and name[0].text.endswith(("s", "x"))
                                            and name[0].text not in _rules().standalone)):
        return name[1:]
    return name


def _is_person(name: Span) -> bool:
    return name[0].pos_ == "PROPN" and all(t.ent_type_ == "PER" for t in name)


def _describes_other_thing(doc: Doc, cue_token: int) -> bool:
    """True when a participle cue describes a project or a study, not the event: the
    nearest common noun before it says so ("un projet de recherche « X », financé par Y"),
    unless it is an event's complement ("journée d'étude organisée par").
    """
    if doc[cue_token].pos_ not in ("VERB", "ADJ"):
        return False
    rules = _rules()
    for j in range(cue_token - 1, max(-1, cue_token - _BEFORE_CUE_WINDOW - 1), -1):
        if doc[j].pos_ == "NOUN" and doc[j].is_lower:
            if fold(doc[j].text) not in rules.not_events:
                return False
            return not (j >= 1 and doc[j - 1].lower_ in _OF_ARTICLES and _of_an_event(doc, j - 1))
        if doc[j].is_sent_start:
            break
    return False


def _of_an_event(doc: Doc, j: int) -> bool:
    """True when an event noun governs the complement that token ``j`` ("du", "de") opens, in its
    sentence and with no verb between: "journée d'étude", "l'atelier régional d'échange du projet X"."""
    event_nouns = _rules().event_nouns
    for k in range(j - 1, -1, -1):
        token = doc[k]
        if token.pos_ in ("VERB", "AUX") or token.text in (",", ";", ":", "(", ")"):
            return False
        if fold(token.text) in event_nouns:
            return True
        if token.is_sent_start:
            return False
    return False


def _chairs_a_session(doc: Doc, cue_token: int) -> bool:
    """True when a patron's cue names the chair of a session ("la séance se poursuit sous la présidence de",
    "une réunion s'est tenue à la mairie sous la présidence de"): a session's noun before the cue in its
    sentence, nearer than an event's."""
    sessions = _rules().sessions
    events = _rules().event_nouns
    for j in range(cue_token - 1, -1, -1):
        word = fold(doc[j].text)
        if word in sessions:
            return True
        if word in events or doc[j].is_sent_start:
            return False  # "le forum, ouvert par le ministre, s'est tenu sous la présidence de"
    return False


#: Tokens an office's portfolios may run on before the comma that opens its holder's name.
_PORTFOLIO_TAIL = 16
#: The small words of an office's portfolios ("de la culture, des arts et des sports").
_PORTFOLIO_WORDS = frozenset({"de", "du", "des", "d'", "la", "l'", "le", "les", "et", "à", "au", "aux"})
#: Ranks and titles written before a person's name after their office ("le ministre X, le Colonel-major Y").
_RANKS = frozenset({"colonel", "major", "général", "générale", "commandant", "capitaine", "lieutenant", "-",
                    "professeur", "professeure", "docteur", "docteure", "pr", "dr", "le", "la"})


def _holder(doc: Doc, i: int, limit: int) -> int | None:
    """Where the name of an office's holder opens at token ``i``, after the comma that follows the office:
    right there ("X"), after a civil title ("M. X": the NER opens the name on the title) or after a rank
    ("le Colonel-major X", "le professeur Y"); None when no name the NER reads as a person's is there."""
    if i >= limit:
        return None
    if doc[i].ent_type_ == "PER" and doc[i].ent_iob_ == "B":
        j = i + 1 if doc[i].text in HONORIFICS and i + 1 < limit else i
        return j if doc[j].ent_type_ == "PER" else None
    j = i
    while j < min(limit, i + 5) and doc[j].lower_ in _RANKS:
        j += 1
    ranked = any(doc[k].lower_ not in ("le", "la", "-") for k in range(i, j))
    return j if ranked and j < limit and doc[j].ent_type_ == "PER" and doc[j].ent_iob_ == "B" else None


def _office(doc: Doc, i: int, limit: int) -> Span | None:
    """A person named by an office alone ("du président de la République", "le ministre de la
    Culture"), or the name after it ("le ministre de la Culture, X", "le président de la République X" -> X)."""
    if i < limit and doc[i].lower_ in _DEFINITE:
        i += 1
    functions = _rules().functions
    size = next((len(words) for words in functions if tuple(t.lower_ for t in doc[i : i + len(words)]) == words), 0)
    if not size:
        return None
    end = describe_end(doc, i + size, limit, _stop_words(), links=_LINKS, is_place=_is_place)
    for k in range(end, min(limit, end + _PORTFOLIO_TAIL)):  # "le ministre de la Culture, X", "le ministre
        if doc[k].text == ",":  # de la Culture, des Arts et des Sports, le Colonel-major X": X
            holder = _holder(doc, k + 1, limit)
            if holder is not None:
                return doc[holder : name_end(doc, holder, limit)]
        elif not (doc[k].lower_ in _PORTFOLIO_WORDS or doc[k].pos_ in ("NOUN", "PROPN", "ADJ")):
            break
    named = next((j for j in range(i + size, end) if doc[j].ent_type_ == "PER" and doc[j].ent_iob_ == "B"
                  and doc[j].text[:1].isupper()), None)
    if named is not None:  # "du président de la République Kamel Ben Salah": the name, without its office
        return doc[named : name_end(doc, named, limit)]
    return doc[i:end]


def _elided_brand(doc: Doc, i: int, limit: int) -> bool:
    """True for a name written as one word around an apostrophe ("Anim'Quartier"), which the
    tokenizer cuts after the apostrophe: longer than an article ("L'"), a capital after it."""
    token = doc[i] if i < limit else None
    return token is not None and i + 1 < limit and len(token.text) > 3 and token.text[-1] in "'’" \
        and token.text[:1].isupper() and token.whitespace_ == "" and is_capitalised(doc[i + 1])


def _after_cue(doc: Doc, first: int, limit: int) -> list[Span]:
    """The names a cue phrase introduces, from token ``first``."""
    first = _lead_in(doc, first, limit)
    quoted = _quoted_names(doc, first, limit)
    if quoted is not None:
        return quoted
    if _elided_brand(doc, first, limit):  # "Festiv'Plage", one word cut by its apostrophe
        brand = doc[first : name_end(doc, first, limit)]
        next_name = brand.end + (brand.end < limit and doc[brand.end].lower_ in ("et", ","))
        return [brand, *(_names(doc, next_name, limit) if next_name > brand.end else [])]
    first = _person_start(doc, first, limit)
    names = _names(doc, first, limit)
    if not names:
        resumed = _past_common_phrase(doc, first, limit)
        names = _names(doc, resumed, limit) if resumed is not None else []
        if all(_is_place(name.text) for name in names):
            names = []  # "des délégations venant des pays voisins, A, B et C": where people come from
    if not names:
        office = _office(doc, first, limit)
        return [office] if office is not None else []
    while names:
        more = _more_people(doc, names[-1].end, limit)
        if more is None:
            break
        following = _names(doc, more, limit)
        if not following:
            break
        names += following
    return _without_offices(doc, names)


def _without_offices(doc: Doc, names: list[Span]) -> list[Span]:
    """``names`` up to an office written after a person's name as their apposition ("Mme X, Directrice-Pays
    et Vice-présidente Affaires publiques du groupe Y"): it says who X is, not who else holds a role."""
    offices = person_functions()
    for index, name in enumerate(names[1:], start=1):
        first = name[0].lower_.split("-")[0]
        person = names[index - 1][0].text in HONORIFICS or names[index - 1][0].ent_type_ == "PER"
        if (first in offices or first.startswith("vice")) and person and doc[names[index - 1].end].text == ",":
            return names[:index]
    return names


#: A common phrase that opens a list of names before a comma is at most this many tokens long.
_COMMON_PHRASE_TOKENS = 6


def _past_common_phrase(doc: Doc, i: int, limit: int) -> int | None:
    """Where a list of names goes on after a lower-case phrase that opens it ("organisé par les
    musiciens de la ville, la Commune X et l'Office Y" -> "la Commune X"): the token after its
    comma; None when token ``i`` opens no such phrase."""
    for j in range(i, min(limit, i + _COMMON_PHRASE_TOKENS + 1)):
        token = doc[j]
        if token.text == ",":
            return j + 1 if j > i + 1 and j + 1 < limit else None
        if not token.is_lower or token.pos_ in ("AUX", "PRON", "SCONJ"):
            return None
    return None


def _clause_start(doc: Doc, start: int, first: int) -> bool:
    """True when a subject may begin at token ``start`` (``first`` is where the search began):
    at a clause's start, at a capitalised article ("... La Salle X accueille"), or after
    the noun that classifies the name ("la manifestation X, la Plateforme Y et Z s'associent")."""
    token = doc[start]
    if start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_:
        return False  # "Terre-Neuve": a word joined by a hyphen goes on, no clause opens inside it
    if token.lower_ in _DEFINITE:
        opens = token.text[:1].isupper()
    elif is_capitalised(token) and token.pos_ not in ("ADP", "DET", "PRON", "ADV", "VERB", "AUX", "CCONJ", "SCONJ"):
        opens = start - 2 >= first and doc[start - 1].pos_ == "NOUN" and doc[start - 1].is_lower \
            and doc[start - 2].lower_ in _DEFINITE and _clause_start(doc, start - 2, first)
    else:
        return False
    previous = doc[start - 1] if start > first else None
    cleft = start >= 2 and doc[start - 1].lower_ == "est" and doc[start - 2].lower_ == "c'"  # "C'est X qui organise"
    return previous is None or opens or cleft or previous.text in _OPENERS or previous.lower_ in _OPENERS \
        or _after_telling(doc, start, first)


def _after_telling(doc: Doc, start: int, first: int) -> bool:
    """True when token ``start`` opens the subject put after a verb of telling (", a annoncé (mardi)
    l'association X, organisatrice de ..."): the verb's participle, maybe a weekday between."""
    j = start - 1
    if j > first and doc[j].lower_ in WEEKDAYS:
        j -= 1
    return j >= first and doc[j].lower_ in TELLING


def _names_before(doc: Doc, end: int) -> list[Span]:
    """The names that end right before token ``end``: a verb's subject, an apposition's head."""
    if end <= 0:
        return []  # a verb opening the text (a slice cut before its subject) has none
    first = end - 1
    floor = max(0, end - _SUBJECT_WINDOW)
    while first > floor and not doc[first].is_sent_start:
        first -= 1
    for start in range(first, end):
        if _clause_start(doc, start, first):
            names = _names(doc, start, end)
            if names and names[-1].end == end:
                return names
    return []


def _subject_end(doc: Doc, verb: int) -> int:
    """Where the subject of the verb at token ``verb`` ends: before "qui l'", "également"."""
    j = verb
    while j > 0 and verb - j < 4:
        before = doc[j - 1]
        if before.lower_ in _CLITICS or (before.pos_ == "ADV" and before.is_lower):
            j -= 1
        elif before.text == "," and j < len(doc) and doc[j].lower_ == "qui":
            j -= 1
        else:
            break
    return j


def _object(doc: Doc, verb: int, after: int) -> bool | None:
    """What the verb at token ``verb`` acts on: True for an event ("accueille une
    exposition", "qui l'organise"), False for something else ("lancer une revue"),
    None when no noun says."""
    rules = _rules()
    if verb > 0 and doc[verb - 1].lower_ in _DEFINITE and doc[verb - 1].pos_ == "PRON":
        return True  # "qui l'organise": the event, named before
    limit = min(sentence_end(doc, after), after + _OBJECT_WINDOW)
    for j in range(after, limit):
        token = doc[j]
        if token.lower_ in _RELATIVES or token.text in (";", ":"):
            return None
        word = fold(token.text)
        if word in rules.event_nouns:
            return True
        if word in rules.not_events:
            return False
    return None


def _plausible(name: Span) -> bool:
    """Never a pronoun, a two-letter word, a lower-case verb, nor one word that only says what kind of
    body a name would be ("l'Université", "la Direction"; a territory's authority is named so: "la Région")
    or a title ("Madame")."""
    if len(name.text) < 3 or (len(name) == 1 and name[0].pos_ in ("PRON", "VERB", "AUX", "DET", "ADP")
                              and not name[0].text.isupper()):  # a name in capitals gets any tag ("FOMEXPO")
        return False
    if len(name) == 1 and not name[0].text.isupper():
        word = name[0].lower_
        rules = _rules()
        if (word in rules.heads and word not in rules.standalone and word not in _AUTHORITIES) or word in _TITLES:
            return False
    return not (all(t.is_lower for t in name) and name[0].pos_ in ("VERB", "AUX"))


#: Titles that name no one alone.
_TITLES = frozenset({"madame", "monsieur", "mesdames", "messieurs", "mademoiselle"})
#: Authorities of a territory, named alone with a capital ("la Région", "le Département", "la Ville").
_AUTHORITIES = frozenset({"agglomération", "commune", "département", "gouvernement", "métropole", "parlement",
                          "préfecture", "province", "région", "ville", "wilaya"})


Found = Callable[[Span, Role], None]


def _names_end(doc: Doc, first: int) -> int:
    """Where the names after a cue must end: the sentence's end, or the next line's when the line
    breaks after an article ("en partenariat avec la\nFédération X"), which no sentence ends on."""
    limit = sentence_end(doc, first)
    if limit < len(doc) and all(t.lower_ in _BEFORE_BODY or t.lower_ in _OF_ARTICLES or t.is_space
                                for t in doc[first:limit]):
        return sentence_end(doc, limit)
    return limit


#: A label over a list of names ("Comité organisateur", "Partenaires :") reads at most this many lines...
_LABEL_LINES = 15
#: ... each one at most this long (a sentence is no item).
_LABEL_LINE_CHARS = 100


def _from_label_lines(doc: Doc, view: str, end: int, role: Role, add: Found) -> bool:
    """Names on the lines under a label (a cue that ends on a colon or opens its line) that ends its
    line ("Comité organisateur" then "Association X (AX)", "Office du tourisme de Y"), one or more a
    line, up to a blank line; False when the label does not end its line (its names follow it)."""
    line_end = view.find("\n", end)
    if line_end < 0 or view[end:line_end].strip():
        return False  # names on the label's own line, or nothing under it
    position = line_end + 1
    for _ in range(_LABEL_LINES):
        bulleted = _BULLETED.match(view, position)  # "• du Conseil X", blank lines between the items
        if bulleted is not None:
            position = bulleted.end()
        line_end = view.find("\n", position)
        line_end = len(view) if line_end < 0 else line_end
        if not view[position:line_end].strip() or line_end - position > _LABEL_LINE_CHARS:
            break
        for name in _after_cue(doc, token_after(doc, position), token_after(doc, line_end)):
            add(name, role)
        position = line_end + 1
    return True


#: The colon after a cue that opens a list on its line; what separates the list's items (commas, semicolons,
#: "et", line breaks); the blank line that ends it.
_COLON = re.compile(r"[ \t]*:[ \t]*")
_COLON_ITEMS = re.compile(r"\s*(?:[,;]|\bet\b|\n)\s*")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
#: The longest list after a cue and a colon (characters), up to a blank line; its longest item (words).
_COLON_LIST_CHARS = 800
_COLON_ITEM_WORDS = 8


def _from_colon_list(doc: Doc, view: str, end: int, role: Role, add: Found) -> bool:
    """The names of a list a cue opens with a colon on its own line ("En partenariat avec : neimënster,
    galerie X, Université Y,\nInstitut Z et W"), one per item up to a blank line: a list of names,
    written by a site's template, whose items may be brands in lower case; False when no such list
    of two items or more follows."""
    colon = _COLON.match(view, end, end + 4)
    if colon is None:
        return False
    first = colon.end()
    blank = _BLANK_LINE.search(view, first, first + _COLON_LIST_CHARS)
    stop = blank.start() if blank is not None else min(len(view), first + _COLON_LIST_CHARS)
    items = [(s, e) for s, e in split_items(view, first, stop, _COLON_ITEMS)
             if len(view[s:e].split()) <= _COLON_ITEM_WORDS and not re.search(r"[.!?]$", view[s:e])]
    if len(items) < 2 or len(view[first:stop].split("\n")) > _LABEL_LINES:
        return False
    for s, e in items:
        span = doc.char_span(s, e, alignment_mode="expand")
        while span is not None and len(span) > 1 and span[0].lower_ in ARTICLES:
            span = span[1:]  # "la Ligue X": the name without its article
        if span is not None and any(t.is_alpha for t in span):
            add(span, role)
    return True


#: A list item under a label: blank lines, then a bullet, before the item's words.
_BULLETED = re.compile(r"(?:[ \t]*\n)*[ \t]*[•·▪◦*-][ \t]*")


def _from_cues(doc: Doc, view: str, cues: Sequence[tuple[int, int, Role]], add: Found) -> None:
    """Names after cue phrases (``cues``: where they are and their roles): "organisé par A", "en
    partenariat avec B et C"; under a label that ends its line, the names of the lines below it."""
    for index, (start, end, role) in enumerate(cues):
        label = view[start:end].rstrip().endswith(":") or not view[view.rfind("\n", 0, start) + 1 : start].strip()
        if label and _from_label_lines(doc, view, end, role, add):
            continue
        if _from_colon_list(doc, view, end, role, add):
            continue
        cue_token = token_after(doc, start)
        first = token_after(doc, end)
        if first > sentence_end(doc, cue_token) or _describes_other_thing(doc, cue_token) \
                or (role is Role.patron and _chairs_a_session(doc, cue_token)):
            continue  # a cue across a sentence end ("organisé à Lyon.\nPar X", a byline) is none
        limit = _names_end(doc, first)
        if index + 1 < len(cues):
            limit = min(limit, token_after(doc, cues[index + 1][0]))  # a name never runs into the next cue
        for position, name in enumerate(_after_cue(doc, first, limit)):
            if position and is_event_word(name[0]):
                break  # "Organisés par A et B, le Forum X et le Forum Y se succéderont": the subject
            add(name, role)


def _opening_parenthesis(doc: Doc, closing: int) -> int | None:
    """Index of the "(" that the ")" at token ``closing`` closes, in the same sentence and near."""
    for j in range(closing - 1, max(-1, closing - _OBJECT_WINDOW), -1):
        if doc[j].text == "(":
            return j
        if doc[j].text == ")" or doc[j].is_sent_start:
            return None
    return None


def _after_incise_cue(doc: Doc, start: int, cue_tokens: frozenset[int]) -> bool:
    """True when a cue opens the comma-bounded stretch that ends at token ``start``: in "A, en partenariat
    avec B et C, organise", C is the cue's name, not the verb's subject."""
    j = start - 1
    while j >= 0 and doc[j].text != "," and not doc[j].is_sent_start:
        if j in cue_tokens:
            return True
        j -= 1
    return j in cue_tokens


def _subject(doc: Doc, verb: int, cue_tokens: frozenset[int]) -> list[Span]:
    """The names before the verb at token ``verb``, past an incise ("A, en partenariat avec B, organise",
    "A avec le concours de B, a décidé", where a cue starts at one of ``cue_tokens``), a comma ("A, B et C,
    organisent") or a parenthesis ("A (B, Lille) organise")."""
    end = _subject_end(doc, verb)
    names = _names_before(doc, end)
    if names or end == 0 or doc[end - 1].text not in (",", ")"):
        return names
    if doc[end - 1].text == ")":
        opening = _opening_parenthesis(doc, end - 1)
        if opening is None:
            return []
        names = _names_before(doc, opening)  # "X (Y, Lille) est"
        if not names and opening > 0 and doc[opening - 1].pos_ == "NOUN" and doc[opening - 1].is_lower \
                and doc[opening - 1].text.endswith(("s", "x")):  # "Quatre associations (A, B et C) proposent"
            names = _names(doc, opening + 1, end - 1)
            return names if names and names[-1].end == end - 1 else []
        return names
    names = _names_before(doc, end - 1)  # "A, B et C, organisent"
    if names and not _after_incise_cue(doc, names[0].start, cue_tokens):
        return names
    for j in range(end - 2, max(0, end - _SUBJECT_WINDOW // 2), -1):
        if doc[j].text == "," or j in cue_tokens:
            names = _names_before(doc, j)
            if names or doc[j].text == ",":
                return names
        if doc[j].is_sent_start:
            break
    return []


#: How far back the name an apposition follows may start (tokens).
_APPOSED_WINDOW = 12


def _apposed_to(doc: Doc, comma: int) -> list[Span]:
    """The names right before the comma that opens an apposition, inside a clause, after the preposition or
    article that governs them ("fixés par l'OMS, organisateur de l'événement", "au nom du Club X, club
    organisateur du marathon"), where no subject opens the clause."""
    found: list[Span] = []
    for start in range(comma - 1, max(0, comma - _APPOSED_WINDOW), -1):
        if doc[start].is_sent_start:
            break
        if doc[start - 1].pos_ in ("ADP", "DET") or doc[start - 1].lower_ in _OF_ARTICLES:
            names = _names(doc, start, comma)
            if names and names[-1].end == comma and (is_capitalised(doc[start]) or (
                    doc[start].lower_ in _rules().heads and start + 1 < comma and is_capitalised(doc[start + 1]))):
                found = names  # the longest: "de l'Association X de Metz, organisateur", not "Metz"
    return found


def _relative_comma(doc: Doc, verb: int) -> int | None:
    """The comma before "qui" that opens the relative clause of the verb at token ``verb`` (", qui
    organise", ", qui l'organise chaque année"), if one does: the name it speaks of ends there ("qui"
    without a comma more often follows a venue: "le stade X qui accueille")."""
    end = _subject_end(doc, verb)
    if end < verb and doc[end].text == "," and doc[end + 1].lower_ == "qui":
        return end
    return None


def _jointly(doc: Doc, verb: int) -> bool:
    """True when an adverb next to the verb at token ``verb`` says its subjects act together."""
    together = _rules().together
    return any(fold(t.text) in together for t in doc[max(0, verb - 2) : min(len(doc), verb + 4)])


def _named_building(doc: Doc, name: Span) -> bool:
    """True when the name is the proper part of a building's name whose noun stands in lower case
    before it ("l'amphithéâtre Jean-Moulin accueillera le colloque"): a venue, not a body."""
    before = doc[name.start - 1] if name.start > 0 else None
    return before is not None and before.is_lower and fold(before.text) in event_rules().venue_heads


def _from_subjects(doc: Doc, ctx: Context, cue_tokens: frozenset[int], add: Found) -> None:
    """Names before a verb or an apposition: "A et B organisent", "C, organisateur du salon"."""
    rules = _rules()
    for match in rules.after.finditer(ctx.view, ctx.body_start):
        kind = rules.after_kinds[match.lastgroup or ""]
        verb = token_after(doc, match.start())
        if verb >= len(doc):
            continue
        acts_on = _object(doc, verb, token_after(doc, match.end()))
        if acts_on is False or (kind.event_object and acts_on is None):
            continue
        subject = _subject(doc, verb, cue_tokens)
        if not subject and (match.lastgroup or "").startswith("c"):
            subject = _apposed_to(doc, verb)  # "fixés par l'OMS, organisateur de l'événement"
        if not subject and (comma := _relative_comma(doc, verb)) is not None:
            subject = _apposed_to(doc, comma)  # "président de l'Association X, qui organise le salon"
            opening = _opening_parenthesis(doc, comma - 1) if doc[comma - 1].text == ")" else None
            if not subject and opening is not None and (named := _apposed_to(doc, opening)):
                subject = [*named[:-1], doc[named[-1].start : comma]]  # "de l'association ABC (Amis de X), qui"
        names = [n for n in subject
                 if not is_event_word(n[0]) and not _is_place(n.text)  # "le Salon X propose", "Paris accueille"
                 and (kind.persons or not _is_person(n)) and not _named_building(doc, n)]
        role = kind.role
        if role is Role.organiser and len(names) > 1 and _jointly(doc, verb):
            role = Role.co_organiser  # "A et B organisent conjointement"; "A et B organisent" are organisers
        for name in names:
            add(name, role)


#: How far before a person's name a role noun may stand ("la présidente du comité d'honneur, X").
_ROLE_BEFORE = 120


def _from_person_roles(doc: Doc, ctx: Context, add: Found) -> None:
    """People named next to a noun that gives them a role: "X, fondatrice du Salon Y", "X, conseiller culturel
    et co-organisateur de l'événement", "X sera le président d'honneur du 84e Congrès", "la marraine du
    festival, la chanteuse X". A noun without "honneur" counts only with an event as its complement
    ("fondateur du salon", not "fondateur de l'institut")."""
    rules = _rules()
    people = rules.person_roles
    for person in doc.ents:
        if person.label_ != "PER" or person.start_char < ctx.body_start or len(person) < 2 \
                or not person[0].text[:1].isupper():
            continue
        found = people.after.match(ctx.view, person.end_char)
        window = max(ctx.body_start, person.start_char - _ROLE_BEFORE)
        if found is None:
            found = people.before.search(ctx.view, window, person.start_char)
        if found is None:
            found = people.right_before.search(ctx.view, window, person.start_char)
        if found is None:
            continue
        if found.groupdict().get("chosen"):
            add(person, Role.patron)  # "a choisi comme marraine X"
            continue
        if found.groupdict().get("promoter"):
            add(person, Role.organiser)  # "le promoteur X": a word said of an event's organiser only
            continue
        noun = found.group("noun")
        honorary = "honneur" in found.group("role").lower()
        if (noun is None and not honorary) or (noun is not None and fold(noun) not in rules.event_nouns):
            continue
        role = people.roles.get(fold(re.sub(r"\s+", " ", found.group("role").replace("’", "'"))))
        if role is not None:
            add(person, role)


def find_organisers(doc: Doc, ctx: Context) -> list[Organisation]:
    """Every name credited with a role, one entry per name and role, in text order."""
    merged: dict[tuple[str, Role], tuple[str, list[Evidence]]] = {}

    def add(found: Span, role: Role) -> None:
        name = _without_classifier(_without_honorific(doc, found))
        if name.start > found.start and name[0].is_lower and name[0].pos_ == "ADP":
            if found.start > 0 and doc[found.start - 1].text == ",":
                return  # "X, Président du Conseil": the office of the name before
            name = doc[name.start - 1 : name.end]  # "du Président de la République": the office is the name
        if not _plausible(name):
            return
        key = (fold_name(name.text), role)
        if key not in merged:
            merged[key] = (ctx.span_text(name), [])
        evidence = ctx.span_evidence(name)
        if evidence not in merged[key][1]:
            merged[key][1].append(evidence)

    cues = _cue_matches(ctx.view, ctx.body_start)
    _from_cues(doc, ctx.view, cues, add)
    _from_subjects(doc, ctx, frozenset(token_after(doc, start) for start, _end, _role in cues), add)
    _from_person_roles(doc, ctx, add)
    spelled: dict[tuple[str, Role], tuple[str, list[Evidence]]] = {}
    for (key, role), (text, spans) in merged.items():
        expansion = _expansion_of(doc, text) if " " not in text else None
        if expansion is not None:  # "la FQM" credited, "Fédération québécoise des municipalités (FQM)" written
            text, spans = ctx.span_text(expansion), [*spans, ctx.span_evidence(expansion)]
            key = fold_name(text)
        known = spelled.setdefault((key, role), (text, []))[1]
        known.extend(e for e in spans if e not in known)
    organisations = [
        Organisation(name=text, role=role, evidence=sorted(spans, key=lambda e: e.start))
        for (_key, role), (text, spans) in spelled.items()
    ]
    return sorted(organisations, key=lambda o: o.evidence[0].start)


#: The most tokens of a body's name written before its acronym in brackets.
_EXPANSION_TOKENS = 14
#: Lower-case words inside such a name ("Fédération québécoise des municipalités", "... pour la X et de la Y").
_EXPANSION_LINKS = _PORTFOLIO_WORDS | _LINKS


def _expansion_of(doc: Doc, acronym: str) -> Span | None:
    """The name an acronym stands for where the text writes it with the acronym in brackets ("Fédération
    québécoise des municipalités (FQM)"), as one span up to the closing bracket; None when the text spells
    it nowhere, or when the name's first letter is not the acronym's."""
    for token in doc:
        if token.text != acronym or not is_acronym(token) or token.i < 2 or doc[token.i - 1].text != "(" \
                or token.i + 1 >= len(doc) or doc[token.i + 1].text != ")":
            continue
        end = token.i - 1  # the opening bracket
        start = end
        while start > 0 and end - start < _EXPANSION_TOKENS and not doc[start].is_sent_start:
            previous = doc[start - 1]
            if not (is_capitalised(previous) or previous.lower_ in _EXPANSION_LINKS
                    or previous.is_lower and previous.pos_ in ("NOUN", "ADJ")):
                break
            start -= 1
        while start < end and (not is_capitalised(doc[start]) or doc[start].lower_ in _EXPANSION_LINKS):
            start += 1  # "La Fédération ...": from its first capitalised word that is no article
        if start < end and fold(doc[start].text)[:1] == fold(acronym)[:1]:
            return doc[start : token.i + 2]
    return None


def with_learned(doc: Doc, ctx: Context, organisers: list[Organisation], learned: Sequence[Span],
                 events: Sequence[tuple[str, list[tuple[int, int]]]] = ()) -> list[Organisation]:
    """``organisers`` and the names of ``learned`` (the span model's, ``extractor.rules.learned``) near
    the text's start that name no one of them nor one of ``events`` (names and their mentions), as
    organisers or in the role of a cue shortly before them; not a lower-case phrase ("le bureau de
    l'association": a description, not a name), nor a name a place preposition governs
    ("à l'Université X": where the event is) nor one a noun of function governs ("directrice de
    l'Institut Y": where a person works)."""
    found = [(e.start, e.end) for o in organisers for e in o.evidence] + [s for _n, spans in events for s in spans]
    taken = [o.name for o in organisers] + [name for name, _spans in events]
    cues: Sequence[tuple[int, int, Role]] | None = None  # read only when a name is taken: most texts take none
    added: dict[str, tuple[str, Role, list[Evidence]]] = {}
    for span in early(learned, "ORG"):
        name = _with_acronym(doc, _without_classifier(_without_honorific(doc, span)))
        if (not _plausible(name) or not is_capitalised(name[0]) or not is_new(name, taken, found)
                or governed_by(name, WHERE) or of_a_person(name)):
            continue
        cues = _cue_matches(ctx.view, ctx.body_start) if cues is None else cues
        entry: tuple[str, Role, list[Evidence]] = (ctx.span_text(name), _cued_role(ctx, cues, name), [])
        added.setdefault(fold_name(name.text), entry)[2].append(ctx.span_evidence(name))
    new = [Organisation(name=text, role=role, evidence=spans) for text, role, spans in added.values()]
    return sorted(organisers + new, key=lambda o: o.evidence[0].start)


#: How far (characters) a cue phrase gives its role to a learned name after it in its sentence.
_CUE_REACH = 60


def _cued_role(ctx: Context, cues: Sequence[tuple[int, int, Role]], name: Span) -> Role:
    """The role of the last cue phrase shortly before ``name`` in its sentence ("sous le haut patronage
    de Sa Majesté le Roi X": patron), else organiser."""
    before = [role for _start, end, role in cues if end <= name.start_char <= end + _CUE_REACH
              and not re.search(r"[.!?\n]", ctx.view[end : name.start_char])]
    return before[-1] if before else Role.organiser


def _with_acronym(doc: Doc, name: Span) -> Span:
    """``name`` with the acronym in parentheses written right after it, of one token ("(AJC)") or
    several ("(ANAP-Togo)", which ``chunks``' one-token test does not take)."""
    end = name.end
    closing = closing_bracket(doc, end, 4) if end + 1 < len(doc) and doc[end].text == "(" else None
    return doc[name.start : closing + 1] if closing is not None and is_acronym(doc[end + 1]) else name
