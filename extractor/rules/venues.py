"""Venues: where an event takes place ("au Palais des congrès de Marrakech",
"sur la Place X", "à l'hôtel Royal de Fès", "au Grand Hôtel Y").

Rules over spaCy tokens, with their words in ``extractor/data/venues_fr.json``:

* a venue noun ("palais des congrès", "hôtel", "place") followed by a proper
  name (or, capitalised, by its complement: "Institut de botanique"), placed
  as a venue: after a locative word ("à", "au", "sur la"; "de" after a word of
  departure: "s'élancer de la place X") in a sentence about an event, after
  an agenda's label ("Lieu :") or right after a time or a date and a comma
  ("à 11 h 30, place X"), in parentheses after another venue, as the subject
  of a hosting verb with an event after it ("la Salle X accueille une
  exposition"), opening a line on its own or before a date or an address
  ("Salle X, dimanche 8 octobre"), closing a listing's line after its title
  ("Titre, Musée X"), or as a sentence of its own next to a date ("18h.
  Théâtre X."), or going on a list after a venue ("dans la basilique X, l'église Y,
  ainsi qu'au théâtre Z"; "au cinéma X à Lille, le cinéma Y à Moulins"). The
  compound nouns ("parc des expositions", "salle du foyer rural") need no proper
  name, and no event sentence; a few nouns name a venue alone when capitalised
  ("à l'Auditorium"), a few only when capitalised ("Quartier X"). A room of a
  building ("hall 2 du Parc des expositions") gives the building; a name ends
  before a locative phrase ("en face de");
* a name before a street address on its own line near a date ("Agence X, 18,
  rue Y");
* a name the NER tags as a place or organisation, or an acronym ("à l'ULB",
  with its town: "au CICA de Ville"), or a single name after "à l'" ("à
  l'Olympia"), after a locative word, in a sentence about an event, that is
  neither a city, a country, a continent nor junk (page furniture such as
  "Agenda 12", online services, common nouns, a town after a bare "à", a
  title after a bare "dans": "dans Le Quotidien");
* an event's name is a venue when another event of its sentence is held
  there ("Le salon X se tiendra à la Foire Y");
* a venue of the span model (``extractor.rules.learned``) anywhere it reads,
  when the rules found nothing there: of two words at least (one word is a
  village or a neighbourhood the gazetteer lacks as often as a venue), no
  town's name, not where a person works, and not in a sentence that dates
  what it tells to a year before the publication's ("lancée en 2017 dans une
  salle de X"). On the five batches the model never learnt from (b9, b10,
  b16, b17, b18) they were right 21 times in 43 (docs/accuracy.md, "Round 9").

No venue is where a press conference of its sentence was held ("lors d'une conférence de presse tenue
au Palais X"): the event was announced there.

A sentence is about an event when it holds a date, an event name, an event
verb ("se tiendra") or the noun of an occasion ("lors d'une soirée"); where the
"sentence" is a whole page without punctuation, only near the venue and
without the nouns of occasions. Not venues: where a person works
("professeur à l'Université X"), a name alone on one of the body's first lines
above any date or event word (the masthead), a building closing a line that a
person opens ("Jean X, Musée Y").

A city after "à" ends a venue's name and is its city ("palais des expositions
des X à Alger"); punctuation glued between two words ends a name
("Yaoundé;devant"). Evidence is every place the venue's name is written; two
spellings of one venue ("Parc des expos", "parc des expositions"; "salle X",
"Salle Y X") are one venue, under its fullest name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from extractor.core.context import Context
from extractor.rules._text import alternation, fold, fold_name, load_data, occurrences, word_pattern
from extractor.rules.chunks import (
    DESCRIPTIVE_LINKS,
    TELLING,
    brackets,
    closing_bracket,
    describe_end,
    doc_text,
    is_acronym,
    is_capitalised,
    name_end,
    sentence_chars,
    sentence_end,
    strip_start,
    token_after,
    town_after,
    verb_forms,
)
from extractor.rules.dates import calendar_words
from extractor.rules.event_names import event_rules
from extractor.rules.geo import Gazetteer, gazetteer
from extractor.rules.learned import READ, early, of_a_person
from extractor.rules.ordinals import is_roman_ordinal
from schemas import Evidence, Venue

_NER_LABELS = frozenset({"LOC", "ORG", "MISC", "FAC"})
#: Articles before an acronym that make it a site ("à l'ULB"), not a country ("en RDC").
_ARTICLES = frozenset({"l'", "le", "la", "les", "au", "aux"})
#: Parts of speech a venue's name never starts with ("à La Une ...", "sur les bancs ...").
_NOT_FIRST = frozenset({"DET", "PRON", "VERB", "AUX", "ADP", "SCONJ", "CCONJ", "NUM", "ADV"})
#: Words that link a venue noun to its complement ("Faculté des lettres").
_OF = frozenset({"de", "du", "des", "d'"})
#: What separates a venue opening a line from the date or address after it.
_LINE_SEPARATORS = (",", "–", "—", "-", "|", "(", ":")
#: What may stand before a venue at the start of a line: list marks.
_LINE_MARKS = " \t-–—•*·|>"
#: What follows a venue in a name that ran on over its city ("CICG à Genève").
_RAN_ON = re.compile(r"\s*(?:à|au)\s")
_LINE_BREAK = re.compile("\n")
#: Punctuation glued between two words ("Yaoundé;devant", "G).[suite]"): a name ends there.
_GLUED = re.compile(r"(?<=\w)[;,)\]](?=\S)|(?<=\w)\.(?=\[)")
#: A time or a date closing an agenda's phrase right before a venue ("à 11 h 30, place X").
_TIME_BEFORE = re.compile(r"(?<!\w)(?:\d{1,2}[ \t]*(?:h|heures?)(?:[ \t]*\d{2})?|\d{1,2}:\d{2})[ \t]*[,–—-][ \t]*$",
                          re.IGNORECASE)
#: What separates a listing's title from the venue that closes its line ("Titre, Musée X").
_CLOSING_SEPARATORS = (",", "–", "—", "|")
#: Lines of the body's opening where a name alone on its line is the page's masthead, not a venue.
_MASTHEAD_LINES = 3
#: Words that carry a venue's name over its lower-case words: not "pour" ("salle X pour le repas").
_LINKS = DESCRIPTIVE_LINKS - {"pour"}
#: Prepositions of a place: after "et", the next venue of an enumeration ("au palais X et au théâtre Y").
_TO_PLACES = frozenset({"au", "aux", "à"})
#: Characters past which a sentence is read only within ``_REACH`` characters of a venue.
_LONG_SENTENCE = 400
_REACH = 200
#: Lines around a venue on its own line where a date or an event word must stand.
_NEAR_LINES = 2


@dataclass(frozen=True)
class _Rules:
    compound: re.Pattern[str]
    heads: re.Pattern[str]
    thoroughfares: re.Pattern[str]  # "sur le boulevard X", "dans la rue Y": only after those words
    standalone: frozenset[str]
    capital: frozenset[str]
    departures: frozenset[str]
    functions: frozenset[str]
    name_stops: frozenset[str]
    directions: frozenset[str]
    institutions: re.Pattern[str]
    occasions: re.Pattern[str]
    buildings: frozenset[str]
    folded_buildings: frozenset[str]  # the same, folded, and the institutions' nouns folded: for names
    folded_institutions: frozenset[str]
    rooms: frozenset[str]
    toward: frozenset[str]
    locatives: frozenset[str]
    name_locatives: frozenset[str]
    between: frozenset[str]
    not_placing: frozenset[str]
    verbs: re.Pattern[str]
    host_verbs: re.Pattern[str]
    street: re.Pattern[str]
    address: re.Pattern[str]
    label: re.Pattern[str]
    not_names: frozenset[str]
    bodies: frozenset[str]  # words a venue never opens on: bodies, not buildings ("comité", "ministère")
    short_forms: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _rules() -> _Rules:
    data = load_data("venues_fr.json")
    streets = alternation(data["streets"])
    street = rf"(?:\d{{1,4}}(?:[ \t]*(?:bis|ter))?[ \t]*,?[ \t]*)?(?:{streets})(?!\w)"
    return _Rules(
        compound=re.compile(rf"(?<!\w)(?:{alternation(data['compound_heads'])})(?!\w)", re.IGNORECASE),
        heads=re.compile(rf"(?<!\w)(?:{alternation(data['heads'])})(?!\w)", re.IGNORECASE),
        thoroughfares=re.compile(rf"{_ON_A_STREET}(?:{alternation(data['thoroughfares'])})(?!\w)", re.IGNORECASE),
        standalone=frozenset(data["standalone_heads"]),
        capital=frozenset(data["capital_heads"]),
        departures=frozenset(data["departures"]),
        functions=frozenset(data["functions"]),
        name_stops=frozenset(data["name_stops"]) | calendar_words(),
        directions=frozenset(data["directions"]),
        institutions=re.compile(rf"(?:{alternation(data['institutions'])})(?!\w)", re.IGNORECASE),
        occasions=re.compile(word_pattern(set(data["occasions"])), re.IGNORECASE),
        buildings=frozenset(data["buildings"]),
        folded_buildings=frozenset(fold(word) for word in data["buildings"]),
        folded_institutions=frozenset(fold(word) for word in data["institutions"]),
        rooms=frozenset(data["rooms"]),
        toward=frozenset(data["toward"]),
        locatives=frozenset(data["locatives"]),
        name_locatives=frozenset(data["name_locatives"]),
        between=frozenset(data["between"]),
        not_placing=frozenset(data["not_placing"]),
        verbs=re.compile(rf"(?<!\w)(?:{alternation(data['event_place_verbs'])})(?!\w)", re.IGNORECASE),
        # "X accueille", "X (ACR), qui abritera l'événement"
        host_verbs=re.compile(rf"\s*(?:\([^()\n]{{1,15}}\)\s*)?(?:,\s*qui\s+)?(?:{alternation(data['host_verbs'])})(?!\w)",
                              re.IGNORECASE),
        # "18, rue du Lac", "12 bis avenue X", "place Y": a street address; after a name, its comma first
        street=re.compile(street, re.IGNORECASE),
        address=re.compile(rf",[ \t]*{street}", re.IGNORECASE),
        # "Lieu : ", "Où ? ": what an agenda writes before the venue
        label=re.compile(rf"(?<!\w)(?:{alternation(data['labels'])})[ \t]*\??[ \t]*:[ \t]*$", re.IGNORECASE),
        not_names=frozenset(fold(w) for w in data["not_names"]),
        bodies=frozenset(fold(w) for w in data["bodies"]),
        short_forms=tuple((re.compile(rf"(?<!\w){re.escape(fold(short))}(?!\w)"), fold(full))
                          for short, full in sorted(data["short_forms"].items(), key=lambda kv: -len(kv[0]))),
    )


#: Verbs of saying or printing before a locative: what follows is a medium, not a venue. Their written
#: forms, not lemmas: the pipeline leaves the lemmatizer out ("déclare au X", "a confié au Y").
_SAYING = TELLING | verb_forms(("publi",)) | {"paru", "parue", "parus", "parues", "paraît"}


#: What a street noun must follow to place an event: "sur le boulevard X", "dans la rue Y", "sur l'avenue Z".
_ON_A_STREET = (r"(?:(?<=\bsur le )|(?<=\bsur la )|(?<=\bsur les )|(?<=\bdans le )|(?<=\bdans la )|(?<=\bsur l')"
                r"|(?<=\bsur l’))")


#: Participles of hosting: "par" after them governs the place that hosts ("abritée par le Palais X").
_HOSTED = frozenset({"abrité", "abritée", "abrités", "abritées", "accueilli", "accueillie", "accueillis",
                     "accueillies", "hébergé", "hébergée", "hébergés", "hébergées"})


def _after_locative(doc: Doc, start: int, floor: int, locatives: frozenset[str] | None = None) -> int | None:
    """Index of the locative word before token ``start``, with articles, epithets and the nouns of
    a place inside the venue between ("dans le grand foyer du Théâtre X"); None when there is none."""
    rules = _rules()
    locatives = rules.locatives if locatives is None else locatives
    i = start - 1
    for _ in range(5):
        if i < floor:
            return None
        token = doc[i]
        if token.lower_ in locatives:
            # "professeur à l'Université X", "conservateur en chef de la Bibliothèque Y": where one works;
            # "déclare au HuffPost X", "parue dans le FigaroVox": a medium, where words were said or printed
            said = i > floor and doc[i - 1].lower_ in _SAYING
            return None if i > floor and (doc[i - 1].lower_ in rules.functions or said) else i
        if token.lower_ in _OF and i > floor and doc[i - 1].lower_ in rules.departures:
            return i  # "s'élancer de la place X", "départ du parc Y": where it starts from
        if token.lower_ == "par" and i > floor and doc[i - 1].lower_ in _HOSTED:
            return i  # "la foire, qui sera abritée par le Palais X": the host is where it is
        if token.lower_ == "côté" and i > floor and doc[i - 1].lower_ == "du":
            return i - 1  # "du côté du parc des expositions": around it
        if token.lower_ in rules.not_placing:
            return None  # "au sein de", "à l'initiative de": a body follows, not a place
        counted = token.like_num and token.lower_ not in ("un", "une")  # "sur deux étages du X", not "dans une salle"
        if token.lower_ not in rules.between and not counted and not (
                token.is_lower and token.pos_ in ("NOUN", "ADJ")):
            return None
        i -= 1
    return None


def _is_city(text: str) -> bool:
    return gazetteer().city(text, strict=True) is not None


def _is_place_name(geo: Gazetteer, text: str, strict: bool = False) -> bool:
    return (geo.city(text, strict=strict) is not None or geo.country(text) is not None
            or geo.continent_label(text) is not None)


def _elided(doc: Doc, locative: int, start: int) -> bool:
    """True for a name right after "à l'" ("à l'Olympia"): a town takes no article after "à", so
    only an old or foreign name of a large city makes it a town."""
    return doc[locative].lower_ == "à" and locative == start - 2 and doc[start - 1].lower_ == "l'"


def _unglued(text: str) -> str:
    """``text`` up to punctuation glued between two words ("Yaoundé;devant" -> "Yaoundé").

    >>> _unglued("Yaoundé;devant"), _unglued("Square G).[suite"), _unglued("Saint-Malo")
    ('Yaoundé', 'Square G', 'Saint-Malo')
    """
    glued = _GLUED.search(text)
    return text if glued is None else text[: glued.start()]


def _city_of(doc: Doc, span: Span, geo: Gazetteer) -> tuple[int, int] | None:
    """Character bounds of the city named inside the venue ("... de Fès") or right after it (", à
    Lyon"); not the city a gate or a station leads to ("Porte de X")."""
    inside = range(span.start + 1, span.end - 1) if span[0].lower_ not in _rules().toward else range(0)
    end_char = _written(span)[1]
    for i in inside:
        if doc[i].lower_ in ("de", "d'", "à") and is_capitalised(doc[i + 1]):
            start_char = doc[i + 1].idx
            tail = doc_text(doc)[start_char:end_char]
            if tail and geo.city(tail, strict=True, towns=True) is not None:  # a word of the name: strict
                return start_char, end_char
    j = span.end
    if j < len(doc) and doc[j].text in (",", "("):
        j += 1
    if j < len(doc) and doc[j].lower_ in ("à", "au"):
        j += 1
    if j < len(doc) and is_capitalised(doc[j]) and not doc[j].is_sent_start:
        candidate = _unglued(doc[j : name_end(doc, j)].text)
        if geo.city(candidate, towns=True) is not None:
            return doc[j].idx, doc[j].idx + len(candidate)
    return None


def _before_city(doc: Doc, start: int, end: int, geo: Gazetteer) -> int:
    """End of a name that ran on over "à <city>": the city is where the venue is, not its name
    ("palais des expositions des X à Alger" ends before "à")."""
    for i in range(start + 1, end - 1):
        if doc[i].lower_ in ("à", "au") and is_capitalised(doc[i + 1]):
            if geo.city(_unglued(doc[i + 1 : name_end(doc, i + 1, end)].text), towns=True) is not None:
                return i
    return end


def _complete_end(doc: Doc, end: int) -> int:
    """``end`` less a single letter the document was cut on ("... de l'Université D" at its end)."""
    if end == len(doc) and end > 1 and len(doc[end - 1].text) == 1 and not doc[end - 1].whitespace_:
        return end - 1
    return end


def _overlaps(span: Span, spans: list[tuple[int, int]]) -> bool:
    return any(span.start_char < end and start < span.end_char for start, end in spans)


def _event_sentence(doc: Doc, ctx: Context, span: Span, anchors: list[tuple[int, int]]) -> bool:
    """True when the sentence of ``span`` holds a date, an event name, an event verb or the noun of an
    occasion ("lors d'une soirée au Palais X"). A "sentence" longer than real ones (a magazine cover,
    a table of contents without punctuation) is read only around the venue."""
    left, right = sentence_chars(doc, span.start_char)
    rules = _rules()
    cues = [rules.verbs, rules.occasions]
    if right - left > _LONG_SENTENCE:
        left, right = max(left, span.start_char - _REACH), min(right, span.end_char + _REACH)
        cues.pop()  # a noun of an occasion in a page without punctuation may belong to any item
    if any(left <= start < right for start, _end in anchors):
        return True
    return any(pattern.search(ctx.view, left, right) is not None for pattern in cues)


_INVERTED_HOST = re.compile(r"\bqu['’]\s*(?P<verb>[^\W\d_]+(?:\s+[^\W\d_]+)?)\s+(?:le|la|les|l['’])\s*$",
                            re.IGNORECASE)


def _hosts(doc: Doc, ctx: Context, span: Span, anchors: list[tuple[int, int]]) -> bool:
    """True when the venue is the subject of a hosting verb with an event after it ("La Salle X
    accueille une exposition", "les compétitions qu'abriteront le stade X"; not "L'Institut X
    accueille des chercheurs")."""
    verb = _rules().host_verbs.match(ctx.view, span.end_char)
    if verb is None:
        inverted = _INVERTED_HOST.search(ctx.view, max(0, span.start_char - 40), span.start_char)
        if inverted is None or _rules().host_verbs.fullmatch(inverted.group("verb")) is None:
            return False  # "les épreuves qu'abriteront le stade X": the subject after its verb
        left, _right = sentence_chars(doc, span.start_char)
        return _event_words().search(ctx.view, left, inverted.start()) is not None  # what the relative clause is of
    _left, right = sentence_chars(doc, span.start_char)
    return (any(verb.end() <= start < right for start, _end in anchors)
            or _hosted_words().search(ctx.view, verb.end(), right) is not None)


@dataclass(frozen=True)
class _Lines:
    """Line bounds of the text's body, to read venues set on lines of their own."""

    starts: tuple[int, ...]
    view: str

    @classmethod
    def of(cls, ctx: Context) -> _Lines:
        breaks = (match.end() for match in _LINE_BREAK.finditer(ctx.view, ctx.body_start))
        return cls((ctx.body_start, *breaks), ctx.view)

    def index(self, char: int) -> int:
        """The line that character ``char`` is on."""
        return max(bisect.bisect_right(self.starts, char) - 1, 0)

    def bounds(self, line: int) -> tuple[int, int]:
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.view)
        return start, end

    def near(self, char: int, spans: list[tuple[int, int]], words: re.Pattern[str] | None = None) -> bool:
        """True when a span of ``spans`` or one of ``words`` stands on the line of ``char`` or near it."""
        line = self.index(char)
        first = self.bounds(max(line - _NEAR_LINES, 0))[0]
        last = self.bounds(min(line + _NEAR_LINES, len(self.starts) - 1))[1]
        if any(first <= start < last for start, _end in spans):
            return True
        return words is not None and words.search(self.view, first, last) is not None


@cache
def _event_words() -> re.Pattern[str]:
    return re.compile(word_pattern(set(event_rules().keywords)), re.IGNORECASE)


@cache
def _hosted_words() -> re.Pattern[str]:
    """What a hosting verb hosts: an event word, or a word that stands for one ("qui abritera l'événement")."""
    rules = event_rules()
    return re.compile(word_pattern(set(rules.keywords) | set(rules.hypernym_words)), re.IGNORECASE)


def _opens_line(ctx: Context, span: Span, anchors: list[tuple[int, int]], lines: _Lines) -> bool:
    """True for a venue that opens a line, alone on it near a date or an event word ("Théâtre X"
    under a programme's title), or followed by a date or an address ("Salle X, dimanche 8 octobre")."""
    view = ctx.view
    line_start, line_end = lines.bounds(lines.index(span.start_char))
    if view[line_start : span.start_char].strip(_LINE_MARKS):
        return False
    rest = view[span.end_char : line_end]
    if not rest.strip():
        return lines.near(span.start_char, anchors, _event_words()) and not _masthead(ctx, span, anchors, lines)
    stripped = rest.lstrip()
    if not stripped.startswith(_LINE_SEPARATORS):
        return False
    after = span.end_char + len(rest) - len(stripped) + 1
    after += len(view[after:line_end]) - len(view[after:line_end].lstrip())
    return any(start == after for start, _end in anchors) or _rules().street.match(view, after) is not None


def _masthead(ctx: Context, span: Span, anchors: list[tuple[int, int]], lines: _Lines) -> bool:
    """True for a body's name ("Université X") alone on one of the body's first lines, with no date
    nor event word above it: the page's masthead (who publishes it), not where an event takes place;
    a building there ("Théâtre X") is a programme's venue."""
    if lines.index(span.start_char) - lines.index(ctx.body_start) >= _MASTHEAD_LINES:
        return False
    if _rules().institutions.match(ctx.view, span.start_char) is None:
        return False
    return (not any(start < span.start_char for start, _end in anchors)
            and _event_words().search(ctx.view, ctx.body_start, span.start_char) is None)


def _closes_line(doc: Doc, ctx: Context, span: Span, anchors: list[tuple[int, int]], lines: _Lines) -> bool:
    """True for a building closing a listing's line after its title ("Titre de l'exposition, Musée X"),
    near a date or an event word; not a person's affiliation ("Jean Dupont, Musée X")."""
    view = ctx.view
    line_start, line_end = lines.bounds(lines.index(span.start_char))
    if view[_written(span)[1] : line_end].strip(" \t.") or span[0].lower_ not in _rules().buildings:
        return False
    before = view[line_start : span.start_char].rstrip()
    if not before.endswith(_CLOSING_SEPARATORS) or not before[:-1].strip(_LINE_MARKS):
        return False
    if doc[token_after(doc, line_start)].ent_type_ == "PER":
        return False
    return lines.near(span.start_char, anchors, _event_words())


def _fragment(doc: Doc, span: Span, anchors: list[tuple[int, int]], lines: _Lines) -> bool:
    """True for a venue written as a sentence of its own next to a date ("Dimanche 3 mai. 18h.
    Théâtre X. Le public ...")."""
    first = span.start
    if not (first == 0 or doc[first].is_sent_start):
        return False
    end = sentence_end(doc, first)
    if end > span.end + 1 or (end == span.end + 1 and doc[span.end].text not in (".", ";")):
        return False
    return lines.near(span.start_char, anchors)


def _after_time(ctx: Context, span: Span, anchors: list[tuple[int, int]], lines: _Lines) -> bool:
    """True for a venue right after a time or a date and a comma, as agendas write it ("dimanche, à
    11 h 30, place X", "samedi 8 mai, salle Y")."""
    line_start = lines.bounds(lines.index(span.start_char))[0]
    if _TIME_BEFORE.search(ctx.view, max(line_start, span.start_char - 30), span.start_char) is not None:
        return True
    return any(line_start <= end < span.start_char and ctx.view[end : span.start_char].strip() in (",", "–", "—")
               for _start, end in anchors)


def _labelled(ctx: Context, span: Span) -> bool:
    """True for a venue an agenda announces: "Lieu : Salle X", "Où ? Amphithéâtre Y"."""
    return _rules().label.search(ctx.view, max(ctx.body_start, span.start_char - 30), span.start_char) is not None


def _written(span: Span) -> tuple[int, int]:
    """Character bounds of a venue's name, without the sentence's full stop ("du Château d'O.") nor
    what punctuation glues to its last word ("Square G).[suite]")."""
    text = _unglued(span.text) if len(span) > 1 else span.text
    end = span.start_char + len(text)
    return span.start_char, end - 1 if text.endswith(".") else end


def _is_junk(span: Span, skip: int = 0) -> bool:
    """Names no venue has: page furniture ("Agenda 12", "Recherche 4"), online services, awards,
    diseases (the words of ``not_names``, from token ``skip`` on), an edition ("à la XXXIIe assemblée")."""
    not_names = _rules().not_names
    return any(fold(t.text) in not_names or t.like_num or is_roman_ordinal(t.text) for t in span[skip:])


def _apposed(doc: Doc, span: Span, found: list[Span]) -> bool:
    """True for a venue in parentheses right after another, the more precise place ("sur le campus X
    (Square Y)"); a room there gives the building before it."""
    first = span.start
    return (first > 1 and doc[first - 1].text == "(" and doc[first].lower_ not in _rules().rooms
            and any(s.end == first - 1 for s in found))


#: Rooms whose number is their name ("l'Amphi 1000", "l'amphithéâtre 2 de la Faculté X"); a hall or a room
#: numbered in an exhibition or congress centre ("hall 3", "salle 200") is a part of the venue the gold names.
_NUMBERED = frozenset({"amphi", "amphithéâtre", "auditorium", "aula"})


def _keyword_venues(doc: Doc, ctx: Context, floor: int, anchors: list[tuple[int, int]], lines: _Lines,
                    geo: Gazetteer) -> list[Span]:
    rules = _rules()
    found: list[Span] = []
    compounds: list[Span] = []
    hosts: list[Span] = []  # subjects of a hosting verb: the host, unless the sentence names the venue
    listed: list[Span] = []  # named but not placed: a venue when it goes on a list of venues
    for pattern, compound in ((rules.compound, True), (rules.heads, False), (rules.thoroughfares, False)):
        for match in pattern.finditer(ctx.view, ctx.body_start):
            first = token_after(doc, match.start())
            last = token_after(doc, match.end()) - 1
            if first >= len(doc) or last < first or doc[first].idx != match.start():
                continue
            limit = sentence_end(doc, last)
            numbered = last + 1 < limit and doc[last + 1].like_num and doc[first].lower_ in _NUMBERED  # "Amphi 1000"
            end = describe_end(doc, last + 2 if numbered else name_end(doc, last, limit), limit, rules.name_stops,
                               _LINKS, _is_city)
            end = _complete_end(doc, _before_city(doc, first, end, geo))
            end = next((k for k in range(last + 1, end - 1)
                        if doc[k].lower_ == "et" and doc[k + 1].lower_ in _TO_PLACES), end)  # "... et au théâtre X"
            span = doc[first:end]
            # a proper name after the noun, or a capitalised noun with its complement ("Institut de botanique")
            # or a capitalised noun and a nationality ("Institut français", "Alliance française de X")
            named = numbered or any(is_capitalised(t) for t in doc[last + 1 : end]) or (
                is_capitalised(doc[first]) and end > last + 2 and doc[last + 1].lower_ in _OF) or (
                is_capitalised(doc[first]) and end > last + 1 and doc[last + 1].is_lower
                and geo.demonym(doc[last + 1].text) is not None)
            alone = first == last and end == last + 1 and is_capitalised(doc[first])
            if not compound and not (named or (alone and doc[first].lower_ in rules.standalone)):
                continue
            if doc[first].lower_ in rules.capital and not is_capitalised(doc[first]):
                continue  # "le quartier de la gare" describes; "Quartier X" names
            if not compound and _is_junk(span, last + 1 + numbered - first):
                continue
            locative = _after_locative(doc, first, floor) is not None
            placed = ((locative and (compound or _event_sentence(doc, ctx, span, anchors)))
                      or _opens_line(ctx, span, anchors, lines) or _labelled(ctx, span)
                      or _apposed(doc, span, found) or _after_time(ctx, span, anchors, lines)
                      or _fragment(doc, span, anchors, lines) or _closes_line(doc, ctx, span, anchors, lines))
            if not placed and _hosts(doc, ctx, span, anchors):
                hosts.append(span)
            elif not placed and not (compound and named):
                if named:
                    listed.append(span)
                continue
            if any(s.start <= span.start and span.end <= s.end for s in found):
                continue
            if doc[first].lower_ in rules.rooms and any(span.start < s.start and s.end <= span.end for s in compounds):
                continue  # "hall 2 du Parc des expositions de X": the building is the venue
            found = [s for s in found if not (span.start <= s.start and s.end <= span.end)]
            found.append(span)
            if compound:
                compounds.append(span)
    found += _listed(doc, found, listed)
    return [s for s in found if s not in hosts or not any(
        other is not s and sentence_end(doc, other.start) == sentence_end(doc, s.start) for other in found)]


#: Words that go on a list of venues: "A, B et C", "A, ainsi qu'au B", "A, mais aussi B".
_LIST_LINKS = frozenset({",", "et", "ainsi", "qu'", "que", "mais", "aussi", "également", "puis", "enfin"})


def _listed(doc: Doc, found: list[Span], candidates: list[Span]) -> list[Span]:
    """Named venues (a venue noun and its name) that follow a venue on a list ("dans la salle X, l'église Y
    ainsi qu'au musée Z"): the first one placed the list, each goes on from the one before it."""
    ends = {s.end for s in found} | {town_after(doc, s.end) for s in found}
    added: list[Span] = []
    for span in sorted(candidates, key=lambda s: s.start):
        j = span.start
        while j > 0 and doc[j - 1].lower_ in _ARTICLES | _TO_PLACES | {"à"}:
            j -= 1
        k = j
        while k > 0 and doc[k - 1].lower_ in _LIST_LINKS:
            k -= 1
        if k == j or k not in ends or not any(t.text == "," or t.lower_ == "et" for t in doc[k:j]):
            continue
        if any(s.start < span.end and span.start < s.end for s in found + added):
            continue
        added.append(span)
        ends |= {span.end, town_after(doc, span.end)}
    return added


def _address_venues(doc: Doc, ctx: Context, anchors: list[tuple[int, int]], lines: _Lines) -> list[Span]:
    """Names written before a street address on a line near a date ("Agence X, 18, rue Y – 69003 VILLE"),
    after the room they hold ("Grande salle – ")."""
    view = ctx.view
    found: list[Span] = []
    for match in _rules().address.finditer(view, ctx.body_start):
        line_start, _line_end = lines.bounds(lines.index(match.start()))
        segment = max(line_start, *(view.rfind(mark, line_start, match.start()) + 1 for mark in "–—|"))
        first = token_after(doc, segment)
        comma = token_after(doc, match.start())
        if first >= comma or not is_capitalised(doc[first]) or doc[first].pos_ in _NOT_FIRST:
            continue
        end = describe_end(doc, name_end(doc, first, comma), comma, _rules().name_stops, _LINKS, _is_city)
        if end != comma or _is_junk(doc[first:end]) or not lines.near(match.start(), anchors):
            continue
        found.append(doc[first:end])
    return found


def _name_locative(doc: Doc, start: int, floor: int) -> int | None:
    """The locative word placing the name at token ``start`` ("à l'ULB", "dans la Salle X"); a bare
    "à" before a single word names a town ("à Chalonnes"). "sur" places a name only through a noun
    ("sur son site de X"): right before a name it gives a topic ("sur les Masters")."""
    found = _after_locative(doc, start, floor, _rules().name_locatives | {"sur"})
    if found is not None and doc[found].lower_ == "sur":
        if not any(t.is_lower and t.pos_ == "NOUN" for t in doc[found + 1 : start]):
            return None
    return found


def _plausible_name(doc: Doc, span: Span, label: str, locative: int) -> bool:
    """A name the NER found after a locative that can be a venue: a proper name or an acronym,
    not a region ("en Lorraine"), a common noun ("sur la Fête"), nor page furniture."""
    first = span[0]
    if not is_capitalised(first) or first.pos_ in _NOT_FIRST or _is_junk(span):
        return False
    if doc[locative].lower_ == "dans" and locative == span.start - 1:
        return False  # "dans Le Quotidien X", "dans Revue Y": a title is read in, a place takes an article
    # "à Chalonnes", "à La Roche-Posay": one word after "à" with no article, or with the town's own
    # capitalised one, is a town ("à Uni X" is two words)
    if doc[locative].lower_ == "à" and all(is_capitalised(t) for t in doc[locative + 1 : span.start]):
        if not any(t.whitespace_ for t in span[:-1]) and not is_acronym(first):
            return False
    if len(span) > 1:
        return True
    if is_acronym(first):
        return doc[span.start - 1].lower_ in _ARTICLES
    if _elided(doc, locative, span.start):  # a proper name, not "à l'Université", "à l'Ouest"
        return first.pos_ == "PROPN" and fold(first.text) not in _rules().directions
    return label != "LOC" and first.pos_ == "PROPN"


def _with_town(doc: Doc, span: Span, geo: Gazetteer) -> Span:
    """An acronym with the town written after it as part of its name ("au CICA de Ville"): the
    NER often tags the town alone."""
    j = span.end
    if len(span) != 1 or not is_acronym(span[0]) or j + 1 >= len(doc) or doc[j].lower_ not in ("de", "d'"):
        return span
    town = doc[j + 1 : name_end(doc, j + 1)]
    if is_capitalised(town[0]) and (town[0].ent_type_ == "LOC" or geo.city(_unglued(town.text), towns=True)):
        return doc[span.start : town.end]
    return span


def _blocked(ctx: Context, span: Span, exclude: list[tuple[int, int]], anchors: list[tuple[int, int]]) -> bool:
    """True when ``span`` overlaps an excluded name: an organiser, or an event name, unless that event
    name holds no event word and was a venue's name read as an event for the date after it: held
    after a venue noun ("salle Brel dimanche"), or the venue with its city ("au CICG à Genève le 4 mai")."""
    names = set(anchors)
    for start, end in exclude:
        if not (span.start_char < end and start < span.end_char):
            continue
        if start == span.start_char and (start, end) in names and _event_held_at(ctx, span, names & set(exclude)):
            continue
        if (start, end) in names and _event_words().search(ctx.view, start, end) is None:
            if _rules().heads.match(ctx.view, span.start_char) and span[0].idx < start < span.end_char:
                continue
            if start == span.start_char and _RAN_ON.match(ctx.view, span.end_char, end):
                continue
        return True
    return False


def _event_held_at(ctx: Context, span: Span, names: set[tuple[int, int]]) -> bool:
    """True when the event name ``span`` is where another event of its sentence takes place: after
    an event verb and a locative ("Le salon X se tiendra du 3 au 6 mai à la Foire Y")."""
    doc = span.doc
    locative = _after_locative(doc, span.start, 0)
    if locative is None or not all(t.lower_ in _ARTICLES for t in doc[locative + 1 : span.start]):
        return False  # "dans le cadre du Salon X": the event it belongs to
    left = sentence_chars(doc, span.start_char)[0]
    verb = _rules().verbs.search(ctx.view, left, span.start_char)
    return verb is not None and any(left <= start < verb.start() for start, _end in names)


def _swallowed(span: Span, locative: int, doc: Doc, exclude: list[tuple[int, int]]) -> bool:
    """True when ``span`` is inside an excluded name that also holds its locative word: the name
    ran over the place ("Semaine scientifique à l'X"), so the place is still a venue."""
    at = doc[locative].idx
    return any(start <= at and span.end_char <= end for start, end in exclude)


def _ner_venues(doc: Doc, ctx: Context, floor: int, taken: list[Span], exclude: list[tuple[int, int]],
                anchors: list[tuple[int, int]], geo: Gazetteer) -> list[Span]:
    found: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in _NER_LABELS or ent.start_char < ctx.body_start:
            continue
        start = strip_start(doc, ent.start, ent.end)
        if start >= ent.end:
            continue
        span = _with_town(doc, doc[start : _complete_end(doc, name_end(doc, start, ent.end))], geo)
        if not len(span):
            continue  # a text cut inside the name (a slice, a truncated page): nothing to read
        labelled = _labelled(ctx, span)
        locative = _name_locative(doc, span.start, floor)
        if locative is None and not labelled:
            continue
        if not _plausible_name(doc, span, ent.label_, span.start if locative is None else locative):
            continue
        swallowed = locative is not None and _swallowed(span, locative, doc, exclude)
        if _blocked(ctx, span, exclude, anchors) and not swallowed:
            continue
        if any(s.start < span.end and span.start < s.end for s in taken + found):
            continue
        strict = locative is not None and _elided(doc, locative, span.start)
        if _is_place_name(geo, span.text, strict) or _is_place_name(geo, doc[ent.start : span.end].text, strict):
            continue  # "à La Ciotat": a town, with its own article
        if not (labelled or _event_sentence(doc, ctx, span, anchors)):
            continue
        found.append(span)
    return found


def _brand_venues(doc: Doc, ctx: Context, floor: int, taken: list[Span], exclude: list[tuple[int, int]],
                  anchors: list[tuple[int, int]]) -> list[Span]:
    """Exhibition centres named by a brand that ends in "expo" ("à Palexpo", "à Namur Expo", "à Paris Expo
    Porte de Versailles") after a locative, in a sentence about an event: no venue noun says they are
    places, and a bare "à" before one word otherwise names a town."""
    found: list[Span] = []
    for token in doc[floor:]:
        if not (token.lower_.endswith("expo") and token.text[:1].isupper()):
            continue
        start = token.i
        while start - 1 > floor and is_capitalised(doc[start - 1]) and token.i - start < 2 \
                and doc[start - 1].pos_ == "PROPN":
            start -= 1  # "Namur Expo", "Brussels Expo"
        span = doc[start : name_end(doc, start)]
        if _after_locative(doc, start, floor) is None or _overlaps(span, exclude) \
                or any(s.start < span.end and span.start < s.end for s in taken + found):
            continue
        if _event_sentence(doc, ctx, span, anchors):
            found.append(span)
    return found


def _name_word(token: Token) -> bool:
    """A word of a proper name: capitalised, or an alphanumeric brand with capitals ("6MIC", "104")."""
    return is_capitalised(token) or token.text.isalnum() and any(ch.isupper() for ch in token.text)


def _bracketed_town_venues(doc: Doc, ctx: Context, floor: int, taken: list[Span], exclude: list[tuple[int, int]],
                           anchors: list[tuple[int, int]], geo: Gazetteer) -> list[Span]:
    """A name after a locative with its town in brackets ("au Cargo (Caen)", "au 6MIC (Aix-en-Provence)"),
    in a sentence about an event: the brackets say the name is a place in that town."""
    found: list[Span] = []
    for j in brackets(doc, ctx.view, floor + 2):
        if not _name_word(doc[j - 1]):
            continue
        close = closing_bracket(doc, j, 4)
        if close is None or not _is_city(doc[j + 1 : close].text):
            continue
        start = j - 1
        while start - 1 > floor and j - start < 6 and (_name_word(doc[start - 1]) or doc[start - 1].lower_ in _OF
                                                       and start - 2 > floor and _name_word(doc[start - 2])):
            start -= 1
        span = doc[start:j]
        locative = _name_locative(doc, start, floor)
        if locative is None or span[0].is_sent_start or _is_junk(span) or _is_place_name(geo, span.text):
            continue
        if _overlaps(span, exclude) or any(s.start < span.end and span.start < s.end for s in taken + found):
            continue
        if _event_sentence(doc, ctx, span, anchors):
            found.append(span)
    return found


#: A year before the publication's opening a sentence's past ("lancée en 2017 dans une salle de X").
_PAST = re.compile(r"\b(?:en|depuis|dès)\s+((?:1[89]|20)\d\d)\b")


def _in_the_past(doc: Doc, ctx: Context, span: Span) -> bool:
    """True when ``span``'s sentence dates what it tells before it by a year before the publication's:
    where the event was once held, not where it will be."""
    if ctx.published is None:
        return False
    left = sentence_chars(doc, span.start_char)[0]
    return any(int(m.group(1)) < int(ctx.published[:4]) for m in _PAST.finditer(ctx.view, left, span.start_char))


def _learned_venues(doc: Doc, ctx: Context, taken: list[Span], exclude: list[tuple[int, int]],
                    learned: Sequence[Span], geo: Gazetteer) -> list[Span]:
    """The span model's venues (``learned``) where the rules found none (``taken``), kept by the filters
    of the module's docstring."""
    found: list[Span] = []
    for span in early(learned, "VENUE", READ):
        if span.start_char < ctx.body_start or _overlaps(span, exclude) or _is_junk(span) or of_a_person(span):
            continue
        if any(s.start < span.end and span.start < s.end for s in taken + found):
            continue
        if len(span) < 2 or _is_place_name(geo, span.text):
            continue  # one word: a village or a neighbourhood the gazetteer lacks, as often as a venue
        if _in_the_past(doc, ctx, span):
            continue
        found.append(span)
    return found


#: How far before a venue (characters, in its sentence) a press conference is looked for; after it, up to
#: the sentence's end.
_SAID_REACH = 120


def _where_said(doc: Doc, ctx: Context, span: Span) -> bool:
    """True for the place of a press conference: "lors d'une conférence de presse tenue au Palais X",
    "l'annonce a été faite au Mémorial Y ... lors d'une conférence de presse": where the event was
    announced, not where it takes place."""
    left, right = sentence_chars(doc, span.start_char)
    occasions = event_rules().statement_occasions
    return occasions.search(ctx.view, max(left, span.start_char - _SAID_REACH), right) is not None


def _acronym_alone(doc: Doc, ctx: Context, span: Span, geo: Gazetteer) -> bool:
    """True for a name that is one acronym in capitals and says who more often than where ("une chanson
    dédiée à l'UEMOA", "au FIM": on the development texts such venues were wrong 15 times in 19); not
    when a verb of the event's place comes just before it ("aura lieu le 12 mars à l'UNIVAL") or its town
    right after it ("au CICG à Genève", "au 5ZEN (Marseille)")."""
    if len(span) != 1 or not span.text.isupper() or sum(c.isalpha() for c in span.text) < 2:
        return False
    left, _right = sentence_chars(doc, span.start_char)
    if _rules().verbs.search(ctx.view, max(left, span.start_char - _ACRONYM_VERB_REACH), span.start_char):
        return False
    return _city_of(doc, span, geo) is None


#: How far before an acronym a verb of the event's place makes it a venue (characters).
_ACRONYM_VERB_REACH = 40


def _key(name: str) -> list[str]:
    """The words that identify a venue, abbreviations written out ("parc des expos")."""
    key = fold_name(name)
    for pattern, full in _rules().short_forms:
        key = pattern.sub(full, key)
    return [word[:-1] if len(word) > 3 and word[-1] in "sx" else word for word in key.split()]  # number aside


def _within(short: list[str], long: list[str]) -> bool:
    """True when ``short`` names the venue ``long`` does: the same first word, then a subsequence
    of its words ("salle X" in "salle Y X"), two words at least."""
    if len(short) < 2 or len(short) > len(long) or short[0] != long[0]:
        return False
    words = iter(long[1:])
    return all(word in words for word in short[1:])


@dataclass
class _Group:
    span: Span
    key: list[str]
    places: set[tuple[int, int]]


def _grouped(ctx: Context, spans: list[Span]) -> list[_Group]:
    """One group per venue, named by its fullest spelling, with every place any spelling is written."""
    groups: list[_Group] = []
    for span in sorted(spans, key=lambda s: s.start):
        start, end = _written(span)
        key = _key(ctx.view[start:end])
        places = set(occurrences(ctx.text, ctx.text[start:end], ctx.body_start)) | {(start, end)}
        same = next((g for g in groups if g.key == key or _within(key, g.key) or _within(g.key, key)), None)
        if same is None:
            groups.append(_Group(span, key, places))
            continue
        same.places |= places
        if len(key) > len(same.key):
            same.span, same.key = span, key
    return groups


def place_noun(name: str) -> str | None:
    """What the noun a name opens on names: "building" ("Salle des cartes de X", "Musée Y"), "institution"
    ("Faculté Z", "Université W": a body and its buildings), else None."""
    words = fold(name).split()
    rules = _rules()
    if words and words[0] in rules.folded_buildings:
        return "building"
    if words and words[0] in rules.folded_institutions:
        return "institution"
    return None


def find_venues(
    doc: Doc, ctx: Context, exclude: list[tuple[int, int]], anchors: list[tuple[int, int]],
    learned: Sequence[Span] = (),
) -> list[Venue]:
    """Venues in text order, one per venue, with the city written next to them if any.

    ``exclude`` are character spans that cannot be venues (event names,
    organisers); ``anchors`` are character spans that make a sentence about an
    event (dates, event names).
    """
    geo = gazetteer()
    floor = ctx.body_tokens(doc)
    lines = _Lines.of(ctx)
    spans = [s for s in _keyword_venues(doc, ctx, floor, anchors, lines, geo) if not _blocked(ctx, s, exclude, anchors)]
    spans += [s for s in _address_venues(doc, ctx, anchors, lines)
              if not _overlaps(s, exclude) and not any(t.start < s.end and s.start < t.end for t in spans)]
    spans += _ner_venues(doc, ctx, floor, spans, exclude, anchors, geo)
    spans += _bracketed_town_venues(doc, ctx, floor, spans, exclude, anchors, geo)
    spans += _brand_venues(doc, ctx, floor, spans, exclude, anchors)
    spans += _learned_venues(doc, ctx, spans, exclude, learned, geo)
    bodies = _rules().bodies
    spans = [s for s in spans if fold(s[0].text) not in bodies]  # "au Comité X", "au ministère Y": who, not where
    spans = [s for s in spans if not _where_said(doc, ctx, s) and not _acronym_alone(doc, ctx, s, geo)]
    venues: list[Venue] = []
    for group in sorted(_grouped(ctx, spans), key=lambda g: min(g.places)):
        city_bounds = _city_of(doc, group.span, geo)
        city = " ".join(ctx.text[slice(*city_bounds)].split()) if city_bounds is not None else None
        place = geo.city(city, towns=True, prefer=ctx.countries) if city else None
        evidence: list[Evidence] = [ctx.evidence(s, e) for s, e in sorted(group.places)]
        name = " ".join(ctx.text[slice(*_written(group.span))].split())
        venues.append(Venue(name=name, city=city, country=place.country if place else None,
                            evidence=evidence))
    return venues
