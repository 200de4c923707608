"""Event names: where a release names its events, and every place it writes them.

A name is a proper-name chunk that (a) follows an edition phrase ("la deuxième
édition du X"), (b) holds an event word ("Salon", "Forum", "Expo"), (c) follows
a lower-case event word ("le salon X", "la conférence annuelle X"), (d) stands
in apposition to one ("X, la conférence annuelle ..."), or (e) is followed at
once by a date expression ("X du 17 au 19 mai"). Cities, countries and
organisers are not event names. Written forms that differ only by a space noise
inserted ("cui vre") are one name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from extractor.core.context import Context
from extractor.rules._text import (
    CAPITALS,
    alternation,
    fold,
    fold_name,
    load_data,
    loose_occurrences,
    word_pattern,
    words_within,
)
from extractor.rules.chunks import (
    DESCRIPTIVE_LINKS,
    describe_end,
    doc_text,
    english_end,
    is_capitalised,
    name_chunks,
    name_end,
    sentence_chars,
    sentence_end,
    strip_start,
    token_after,
)
from extractor.rules.dates import calendar_words
from extractor.rules.geo import Gazetteer, gazetteer
from extractor.rules.learned import early, is_new, issuer
from extractor.rules.ordinals import ordinal_pattern, parse_ordinal
from schemas import DateMention, Organisation

_DETERMINERS = frozenset({"le", "la", "les", "l'", "du", "au", "aux", "ce", "cet", "cette", "ces", "des", "son", "sa"})


@dataclass(frozen=True)
class Rules:
    """The rule data of ``extractor/data/events_fr.json``, compiled once."""

    keywords: frozenset[str]
    hypernyms: frozenset[str]  # "evenement", "manifestation" (folded): what a name would be, never a name alone
    hypernym_words: tuple[str, ...]  # the same as written ("événement"), for patterns over the text
    edition: re.Pattern[str]
    anaphora: re.Pattern[str]
    part_cue: re.Pattern[str]
    part_reference: re.Pattern[str]
    postponed: re.Pattern[str]
    unnamed: re.Pattern[str]
    ceremonies: re.Pattern[str]  # unnamed nouns of an event's ceremonies ("la cérémonie de clôture"): its parts
    audience: re.Pattern[str]
    venue_heads: frozenset[str]
    heads: re.Pattern[str]  # nouns that head an event described rather than named ("le salon du livre")
    needs_complement: frozenset[str]  # heads that name no event alone ("une séance", "le cycle")
    plural_heads: frozenset[str]  # plural heads of one event ("les journées du patrimoine")
    page_furniture: frozenset[str]  # "show more", "lire la suite": buttons of a web page, never a name
    body_nouns: frozenset[str]  # "l'association Marathon de X": the name after them is a body's
    statement_occasions: re.Pattern[str]  # "conférence de presse": where something was said, after "lors d'une"
    told_on: re.Pattern[str]  # "une conférence de presse tenue", "dévoilé": a date after it is the day of telling
    event_verbs: re.Pattern[str]  # verbs that make a sentence speak of an event taking place
    subject_verbs: re.Pattern[str]  # verbs whose subject is an event ("X se tiendra du ...")
    introducers: re.Pattern[str]  # phrases ending right before an event's noun phrase ("lors du")


def _with_adverbs(pattern: str, adverbs: list[str]) -> str:
    """``pattern`` with up to three adverbs allowed wherever its phrases have a space ("auront
    désormais lieu", "ne pourra pas non plus se tenir")."""
    inserted = rf"(?:\s+(?:{alternation(adverbs)}))" + "{0,3}"
    return pattern.replace(r"\s+", inserted + r"\s+")


@cache
def event_rules() -> Rules:
    data = load_data("events_fr.json")
    venues = load_data("venues_fr.json")
    return Rules(
        keywords=frozenset(fold(k) for k in data["keywords"]),
        hypernyms=frozenset(fold(word) for word in data["hypernyms"]),
        hypernym_words=tuple(data["hypernyms"]),
        edition=re.compile(
            rf"(?P<ordinal>{ordinal_pattern()})\s+(?:grande\s+)?[ée]dition"
            r"(?:\s+(?P<link>du|de\s+la|de\s+l['’]|des|de|d['’]))?",
            re.IGNORECASE,
        ),
        anaphora=re.compile(rf"{word_pattern(data['anaphora'])}(?!\s+(?-i:[{CAPITALS}]))", re.IGNORECASE),
        part_cue=re.compile("|".join(f"(?:{p})" for p in data["part_cues"]), re.IGNORECASE),
        part_reference=re.compile(rf"(?:{data['part_reference']})\s*$", re.IGNORECASE),
        audience=re.compile(data["audience"], re.IGNORECASE),
        unnamed=re.compile(data["unnamed"], re.IGNORECASE),
        ceremonies=re.compile(data["ceremonies"], re.IGNORECASE),
        postponed=re.compile(data["postponed"], re.IGNORECASE),
        venue_heads=frozenset(fold(h) for h in venues["heads"] + venues["compound_heads"]),
        heads=re.compile(word_pattern(data["descriptive_heads"]), re.IGNORECASE),
        needs_complement=frozenset(fold(h) for h in data["needs_complement"]),
        plural_heads=frozenset(fold(h) for h in data["plural_heads"]),
        page_furniture=frozenset(fold_name(w) for w in data["page_furniture"]),
        body_nouns=frozenset(data["body_nouns"]),
        statement_occasions=re.compile(word_pattern(data["statement_occasions"], unaccented=True), re.IGNORECASE),
        told_on=re.compile(rf"(?<!\w)(?:{'|'.join(data['told_on'])})\s*,?\s*(?:(?:hier|aujourd['’]hui|ce|cet|cette|le)\s*,?\s*)?$",
                           re.IGNORECASE),
        event_verbs=re.compile(word_pattern(data["event_verbs"]), re.IGNORECASE),
        subject_verbs=re.compile(_with_adverbs(word_pattern(data["subject_verbs"]), data["inserted_adverbs"]),
                                 re.IGNORECASE),
        introducers=re.compile(
            rf"(?<!\w)(?:{alternation(data['introducers'])})"
            r"(?:\s+(?:de\s+la|de\s+l['’]|d['’]|du|des|de|à\s+la|à\s+l['’]|au|aux|à))?"
            r"(?:\s*(?:un|une|la|le|l['’]|les|ce|cette|cet))?\s*$",
            re.IGNORECASE,
        ),
    )


@dataclass
class Candidate:
    """One event name and everything found of it."""

    name: str
    key: str
    first: int
    edition: int | None = None
    edition_spans: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    dated: bool = False
    described: bool = False  # found only as a described event ("le salon du livre"), never as a name
    asserted: bool = False  # the text says it takes place (subject of "se tiendra", "lors du", dated)
    programme: bool = False  # an item a programme times or chains ("16h30 - Table ronde"): a part


# --------------------------------------------------------------------------- names


def _name_span(doc: Doc, start: int, limit: int, edition: bool = False) -> Span:
    """The event name that starts at token ``start``: a proper-name chunk, carried over the
    lower-case words French event names keep when it ends on its event word
    ("Salon international de l'agriculture", "Foire agricole et artisanale de Thiès"), or when an edition
    phrase says it names an event ("la troisième édition des Dialogues en humanité au Bénin")."""
    end = name_end(doc, start, limit)
    keywords = event_rules().keywords
    if edition or fold(doc[end - 1].text) in keywords or fold(doc[start].text) in keywords:
        end = describe_end(doc, end, limit, calendar_words(), links=_NAME_LINKS, is_place=_is_city)
        end = _title_end(doc, english_end(doc, end, limit), limit)
    return doc[start:end]


#: Marks that close a title written after its event word ("l'exposition Dans ma maison, de ...").
_TITLE_CLOSERS = frozenset({",", ".", ";", ":", "»", "”", ")", "!", "?"})
#: The most lower-case words such a title goes on with.
_TITLE_TAIL = 4


def _short_title_end(doc: Doc, end: int, limit: int) -> int:
    """A title after its event word goes on over a few lower-case words up to a closing mark
    ("le salon Horizon vert »", "l'exposition Dans ma maison, de la compagnie X")."""
    k = end
    while k < limit and k - end < _TITLE_TAIL and doc[k].is_alpha and doc[k].is_lower and doc[k].pos_ not in (
            "VERB", "AUX") and "\n" not in doc[k - 1].whitespace_:
        k += 1
    return k if k > end and (k == limit or doc[k].text in _TITLE_CLOSERS) else end


#: Opening quotes of a title, and the quotes that close each.
_TITLE_QUOTES = {"«": "»", "“": "”\"", "\"": "\"”", "‹": "›", "„": "“”"}
#: Words between an event noun and its quoted title ("une conférence intitulée « ... »").
_TITLE_LEADS = frozenset({"intitulé", "intitulée", "intitulés", "intitulées", "baptisé", "baptisée", "nommé", "nommée",
                          "dénommé", "dénommée", ":", ","})
#: The longest title read between quotes, in characters.
_MAX_TITLE = 220




def _title_end(doc: Doc, end: int, limit: int) -> int:
    """End of a quoted title right after an event noun phrase ("forum « Sans transition ! »",
    "conférence intitulée \"...\""), or ``end`` when none follows on the same line."""
    j = end
    while j < limit and doc[j].lower_ in _TITLE_LEADS:
        j += 1
    if j >= limit or j - end > 2:
        return end
    opening = doc[j].text[:1]
    closers = _TITLE_QUOTES.get(opening)
    if closers is None:
        return end
    if j + 1 < limit and (doc[j + 1].pos_ in ("PRON", "AUX") or doc[j + 1].lower_ in ("c'", "c’") or (
            doc[j + 1].pos_ == "VERB" and "Inf" not in doc[j + 1].morph.get("VerbForm", []))):
        return end  # « C'est la fête de tous » after an event noun: what someone says; « Investir dans X », a title
    text = doc_text(doc)
    start_char = doc[j].idx + 1
    for position in range(start_char, min(len(text), start_char + _MAX_TITLE)):
        if text[position] == "\n":
            return end
        if text[position] in closers and position > start_char:
            closing = token_after(doc, position)
            return min(closing + 1, len(doc)) if closing < len(doc) else end
    return end


_NAME_LINKS = DESCRIPTIVE_LINKS | {"sur"}
#: Parts of speech a name never starts with ("Prévue du 19 au 21 février" is no event).
_NOT_NAME_START = frozenset({"VERB", "AUX", "ADV", "ADP", "PRON", "DET", "SCONJ", "CCONJ", "NUM"})


def _is_city(text: str) -> bool:
    return gazetteer().city(text, strict=True) is not None


def _could_be_name(span: Span) -> bool:
    """A chunk that may name something: it starts with no verb or adverb and holds a noun."""
    return span[0].pos_ not in _NOT_NAME_START and any(t.pos_ in ("PROPN", "NOUN", "X") for t in span)


def _apposition_names_event(doc: Doc, end: int) -> bool:
    """True when a name is followed by ", la conférence annuelle ...": the apposition says it is an event."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("la", "le", "l'", "les", "un", "une"):
        return False
    j = end + 2
    while j < len(doc) and doc[j].pos_ == "ADJ" and doc[j].is_lower:
        j += 1
    return j < len(doc) and doc[j].is_lower and fold(doc[j].text) in event_rules().keywords


@cache
def _body_heads() -> frozenset[str]:
    """The nouns that open a body's name ("Région X", "Université Y"), from the organisers' rule data."""
    return frozenset(fold(word) for word in load_data("organisers_fr.json")["org_heads"])


def _names_a_body(doc: Doc, span: Span) -> bool:
    """True for a name before a date that is a body's, not an event's: it opens on a body's noun ("la
    Région X les 3 et 4 mai") or it is the agent of a passive ("accueilli par la Ville Y le 3 mai")."""
    if fold(span[0].text) in _body_heads():
        return True
    before = span.start - 1
    if before >= 0 and doc[before].lower_ in ("le", "la", "l'", "l’", "les"):
        before -= 1
    return before >= 0 and doc[before].lower_ == "par"


def _is_bare_keyword(span: Span) -> bool:
    """"Salon", "Journées 2019": an event word alone refers to an event, it does not name one."""
    keywords = event_rules().keywords
    return fold(span[0].text) in keywords and all(t.like_num for t in span[1:])


def is_event_word(token: Token) -> bool:
    """True for a capitalised event word ("Salon", "Forum", "Festival")."""
    return is_capitalised(token) and fold(token.text) in event_rules().keywords


def _has_keyword(span: Span) -> bool:
    keywords = event_rules().keywords
    return any(is_capitalised(t) and fold(t.text) in keywords for t in span)


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass(frozen=True)
class _Hit:
    """One place an event name (or an edition phrase naming none) was found, and how."""

    span: Span | None
    how: str
    edition: int | None = None
    edition_span: tuple[int, int] | None = None
    asserted: bool = False  # the text says it takes place: subject of "se tiendra", dated, "lors du"
    programme: bool = False  # timed or chained by a programme ("à 20 heures, ...", "suivi d'un")


#: Words after which a name ending on "Expo" is the site where an event is held.
_PLACE_OF = frozenset({"à", "au", "de", "d'", "d’", "du"})


def _opens_clause(doc: Doc, i: int) -> bool:
    """True when token ``i`` opens a sentence, a line or a clause after punctuation ("Programme : Rock
    sur l'eau du 3 au 5 mai"), not when a word governs it ("sur les ondes de Radio X le 6 mars",
    "la succession d'Anne X le 8 mars": a name there is no event's)."""
    return i == 0 or doc[i].is_sent_start or doc[i - 1].is_punct or "\n" in doc[i - 1].text


#: An invitation written before a date ("Rendez-vous 14-16 septembre au Palais X"), folded.
_INVITATIONS = frozenset({"rendez-vous", "rendez vous", "rdv"})


def _undated(span: Span, dates: list[DateMention]) -> Span | None:
    """``span`` cut where one of ``dates`` opens inside it ("Assemblée générale jeudi 23 janvier", "Rendez-vous
    14-16 septembre"): the span model took the date into the name; None when nothing is left, or an
    invitation ("Rendez-vous" before a date: "see you on"), no name."""
    inside = [d.evidence[0].start for d in dates
              if d.evidence and span.start_char < d.evidence[0].start < span.end_char]
    if not inside:
        return span
    cut = span.doc.char_span(span.start_char, min(inside), alignment_mode="contract")
    return None if cut is None or not len(cut) or fold(cut.text) in _INVITATIONS else cut


def _name_candidates(doc: Doc, ctx: Context, dates: list[DateMention], blocked: list[tuple[int, int]],
                     organiser_names: set[str], geo: Gazetteer, learned: Sequence[Span] = ()) -> list[_Hit]:
    """Every event name found, and every edition phrase; and the event names of ``learned`` near the
    text's start that hold a capitalised word and share no word, nor their first word, with a name
    found ("conférence annuelle" is what "Nakhla Connect" is), held as names the text asserts."""
    rules = event_rules()
    body = ctx.body_tokens(doc)
    found: list[_Hit] = []

    for match in rules.edition.finditer(ctx.view, ctx.body_start):
        phrase = (match.start("ordinal"), match.start("link") if match.group("link") else match.end())
        name = None
        if match.group("link"):
            first = token_after(doc, match.end())
            if first < len(doc) and is_capitalised(doc[first]):
                name = _name_span(doc, first, sentence_end(doc, first), edition=True)
        found.append(_Hit(name, "edition", parse_ordinal(match.group("ordinal")), phrase))

    # a name written right before a day ("Rock sur l'eau du 3 au 5 mai"), not before a month or a weekday
    date_starts = {d.evidence[0].start for d in dates
                   if d.precision.value == "day" and any(ch.isdigit() for ch in d.text)}
    for chunk in name_chunks(doc, body):
        start = strip_start(doc, chunk.start, chunk.end)
        if start >= chunk.end:
            continue
        span = _name_span(doc, start, sentence_end(doc, start))
        if fold(span[0].text) in rules.venue_heads:
            continue
        if _is_bare_keyword(span):
            found.append(_Hit(span, "bare"))
            continue
        if _has_keyword(span):
            found.append(_Hit(span, "keyword"))
            continue
        following = span.end_char
        while following < len(ctx.view) and ctx.view[following] in " \t":
            following += 1
        if following in date_starts and _could_be_name(span) and (len(span) > 1 or not span[0].is_sent_start) \
                and not _names_a_body(doc, span) and _opens_clause(doc, span.start) \
                and not all(t.ent_type_ == "PER" for t in span):
            found.append(_Hit(span, "dated"))
        elif _could_be_name(span) and _apposition_names_event(doc, span.end):
            found.append(_Hit(span, "apposition"))

    found += _described_hits(doc, ctx, _Anchors(doc, ctx, dates))
    found += _subject_hits(doc, ctx)
    found += _inverted_subject_hits(doc, ctx)
    found += _titled_hits(doc, ctx)
    found += _listing_hits(doc, ctx)

    for i in range(body, len(doc) - 2):
        token = doc[i]
        if fold(token.text) in rules.keywords and not is_capitalised(token) and doc[i - 1].lower_ in _DETERMINERS:
            j = i + 1
            while j < len(doc) - 1 and doc[j].pos_ == "ADJ" and doc[j].is_lower:
                j += 1  # "la conférence annuelle Nakhla Connect"
            if is_capitalised(doc[j]) and not doc[j].is_sent_start:
                limit = sentence_end(doc, j)
                span = _name_span(doc, j, limit)
                found.append(_Hit(doc[j:_short_title_end(doc, span.end, limit)], "frame"))

    def is_event_name(span: Span) -> bool:
        if sum(ch.isalnum() for ch in span.text) < 3 or (
                len(span) > 1 and len(span[-1].text) <= 2 and span[-1].text.isupper() and span[-1].is_alpha
                and all(t.is_lower for t in span[:-1])):
            return False  # "des rencontres B to B": a letter or two is no name
        if len(span) > 1 and span[0].like_num and span[1].is_lower and "Plur" in span[1].morph.get("Number", []):
            return False  # "Vingt colloques scientifiques ont eu lieu": a count of events, not a name
        if fold(span[-1].text) in ("expo", "expos") and span.start > 0 and doc[span.start - 1].lower_ in _PLACE_OF:
            return False  # "dans les Palais 3 et 4 de Namur Expo", "à Lyon Expo": the site's name, a venue
        if any(spans_overlap((span.start_char, span.end_char), b) and b[0] <= span.start_char for b in blocked):
            return False  # where an organiser is named ("Congrès de la Fédération X" holds its organiser: kept)
        if fold_name(span.text) in organiser_names:
            return False  # "Salons Horizon dévoile ..." when Salons Horizon organises
        if fold_name(span.text) in rules.page_furniture:
            return False  # "Show more", "Lire la suite": a web page's buttons
        return (geo.city(span.text, towns=True) is None and geo.country(span.text) is None
                and geo.continent_label(span.text) is None)

    named = [hit.span for hit in found if hit.span is not None]
    heads = {fold(span[0].text) for span in named}  # "cérémonie de lancement" beside "cérémonie officielle ..."
    undated = [cut for cut in (_undated(span, dates) for span in early(learned, "EVENT") if not issuer(span)) if cut]
    found += [_Hit(span, "learned", asserted=True) for span in undated
              if any(is_capitalised(t) for t in span) and fold(span[0].text) not in heads
              and is_new(span, [s.text for s in named], [(s.start_char, s.end_char) for s in named] + blocked)]
    # "A Palexpo, une rencontre ...": a capital "à" opening a headline puts a place, not a name
    found = [hit for hit in found if hit.span is None or not (len(hit.span) > 1 and hit.span[0].text in ("A", "À"))]
    trimmed = [hit if hit.span is None else _Hit(_trimmed(hit.span), hit.how, hit.edition, hit.edition_span,
                                                  hit.asserted, hit.programme)
               for hit in found]
    bodies = rules.body_nouns
    return [hit for hit in trimmed if hit.span is None or (
        is_event_name(hit.span) and not (hit.span.start > 0 and doc[hit.span.start - 1].lower_ in bodies
                                         and is_capitalised(hit.span[0])))]


#: Words that place an event after its name ("Semaine scientifique à l'Université X"): not part of it.
_PLACING = frozenset({"à", "au", "aux"})
#: Phrases that end an event name: its theme follows ("Rencontre sur le thème X").
_THEME_AFTER = re.compile(r"\s(?:sur|autour|sous)\s+(?:le|du)\s+th[èe]me\b|\s(?:placée?s?|axée?s?)\s", re.IGNORECASE)
#: Words a name never ends on: "Foire internationale édition 2010" is "Foire internationale".
_TRAILING = frozenset({"édition", "edition", "éd", "-", ",", ":"})
_QUOTE_CHARS = frozenset("«»“”\"‹›„")


#: "sur" then one of these nouns places an event ("sur la berge du fleuve", "sur le parvis de la mairie");
#: "sur" then anything else may say what it is about ("Forum X sur la paix").
_ON = frozenset({"sur"})
_SITES = frozenset({"berge", "berges", "rive", "rives", "bord", "bords", "parvis", "esplanade", "place", "plage",
                    "quai", "quais", "site", "campus", "terrain", "pelouse", "colline", "port", "front"})


def _trimmed(span: Span) -> Span:
    """The event name inside a chunk: from its event word when a capitalised word of another kind
    opens the chunk ("Inauguration du Salon du livre" -> "Salon du livre", "Quant à la Fête X" -> "Fête X");
    without a place after "à" ("Forum X à Lyon", "salon du livre à la salle Y" -> the event alone), a theme
    after "sur le thème", or a trailing "édition". A quoted title is kept whole."""
    rules = event_rules()
    keywords = rules.keywords
    doc = span.doc
    start, end = span.start, span.end
    if fold(doc[start].text) not in keywords:
        for i in range(start + 1, end - 1):
            lower = doc[i].lower_
            of = lower in ("du", "de", "des", "d'", "au", "aux") and not (lower == "de" and doc[i + 1].lower_ == "la")
            j = i + 2 if doc[i].lower_ in ("de", "à") and doc[i + 1].lower_ in ("la", "l'") else i + 1
            if (of or j == i + 2) and j < end and is_event_word(doc[j]):
                start = j
                break
    has_keyword = False
    for i in range(start, end):
        token = doc[i]
        if token.text[:1] in _QUOTE_CHARS:
            break  # a title: kept as written
        if has_keyword and token.lower_ in _PLACING and i + 1 < end:
            following = doc[i + 2] if doc[i + 1].lower_ in ("l'", "la", "le", "les") and i + 2 < end else doc[i + 1]
            if is_capitalised(following) or fold(following.text) in rules.venue_heads:
                end = i
                break
        if has_keyword and token.lower_ in _ON and i + 2 < end and doc[i + 1].lower_ in ("l'", "la", "le", "les") \
                and fold(doc[i + 2].text) in _SITES:
            end = i  # "Festival X sur la berge du fleuve Y": where it is held, not what it is about
            break
        if has_keyword and token.idx > 0 and _THEME_AFTER.match(doc_text(doc), token.idx - 1):
            end = i
            break
        has_keyword = has_keyword or fold(token.text) in keywords
    while end - start > 1 and (doc[end - 1].lower_ in _TRAILING or (doc[end - 1].like_num and
                                                                     doc[end - 2].lower_ in _TRAILING)):
        end -= 2 if doc[end - 1].like_num else 1
    while end - start > 1 and doc[end - 1].is_lower and "Part" in doc[end - 1].morph.get("VerbForm", []):
        end -= 1  # "conférence de presse tenue hier": the participle says what happened to it
    return doc[start:end] if end > start else span


#: Words before an event noun that make it one event: "le salon du livre", "une conférence".
_ONE = frozenset({"le", "la", "l'", "un", "une", "ce", "cet", "cette", "son", "sa", "leur", "notre", "votre", "du",
                  "au",
                  "prochain", "prochaine", "première", "premier", "grand", "grande"})
_MANY = frozenset({"les", "des", "ces", "ses", "leurs", "nos", "aux", "prochaines", "premières", "grandes"})
#: Words after an event noun that make it another occurrence than the one reported.
_ANOTHER_TIME = frozenset({"précédent", "précédente", "précédents", "précédentes", "dernier", "dernière", "passé",
                           "passée", "antérieur", "antérieure", "prochain", "prochaine", "suivant", "suivante"})
#: The longest line read as a title, in characters.
_TITLE_LINE = 120


class _Anchors:
    """Where the text says something takes place: date expressions and event verbs, by position."""

    def __init__(self, doc: Doc, ctx: Context, dates: list[DateMention]) -> None:
        self.doc, self.ctx = doc, ctx
        verbs = [m.start() for m in event_rules().event_verbs.finditer(ctx.view, ctx.body_start)]
        strong = [m.start() for m in event_rules().subject_verbs.finditer(ctx.view, ctx.body_start)]
        self.dates = sorted([d.evidence[0].start for d in dates] + strong)  # what makes "un colloque" one
        self.starts = sorted(self.dates + verbs)

    def sentence_is_anchored(self, char: int, dated: bool = False) -> bool:
        """True when the sentence (or title line) holding ``char`` dates an event or says it takes
        place (only the first when ``dated``)."""
        left, right = sentence_chars(self.doc, char)
        starts = self.dates if dated else self.starts
        index = bisect.bisect_left(starts, left)
        if index < len(starts) and starts[index] < right:
            return True
        if dated:
            return False
        raw = self.ctx.view[left:right]
        line = raw.strip()
        ends_line = raw.rstrip(" \t").endswith("\n") or "\n" in self.ctx.view[right : right + 2]
        return 0 < len(line) <= _TITLE_LINE and line[-1] not in ".!?" and ends_line


#: A quotation longer than this is speech, not a title.
_SPEECH = 80


def _in_speech(text: str, position: int) -> bool:
    """True when ``position`` is inside a quotation that is speech (« ... » of more than a title's length).

    >>> _in_speech("Il dit : « Une foire sans jardin n'a guère de sens pour nous tous, vraiment, depuis "
    ...            "des années. »", 20)
    True
    >>> _in_speech("le forum « Sans transition » aura lieu", 3)
    False
    """
    line_start = text.rfind("\n", 0, position) + 1
    opening = text.rfind("«", line_start, position)
    if opening < 0 or text.rfind("»", line_start, position) > opening:
        return False
    closing = text.find("»", position)
    line_end = text.find("\n", position)
    end = min(x for x in (closing, line_end, len(text)) if x >= 0)
    return end - opening > _SPEECH


#: Words between a determiner and an event noun: "la 43e session", "le traditionnel concours".
_BEFORE_HEAD = frozenset({"traditionnel", "traditionnelle", "grand", "grande", "nouveau", "nouvelle", "nouvel",
                          "premier", "première", "second", "seconde", "dernier", "dernière", "prochain", "prochaine",
                          "annuel", "annuelle", "petit", "petite", "futur", "future", "tout", "toute"})
#: Introducers that only set a time frame ("lors de la séance de clôture, les communes ..."): they make
#: the noun phrase an event, not one the text reports.
_TIME_FRAMES = frozenset({"lors", "au", "dans", "en"})
#: Words a described event's name stops at: dates and the words that open them ("début août").
_NAME_STOPS = frozenset({"début", "fin", "mi", "courant", "cours", "issue", "occasion", "lendemain", "veille"})


def is_epithet(token: Token) -> bool:
    """A lower-case adjective after an event noun ("colloque international", "vente aux enchères
    caritative", which the tagger may leave untagged), not a participle ("le sommet prévu")."""
    return (token.is_lower and token.is_alpha and not token.is_stop
            and (token.pos_ == "ADJ" or (token.pos_ == "X" and len(token.text) > 3))
            and "Part" not in token.morph.get("VerbForm", []))


_STATEMENT_FRAME = re.compile(r"(?:lors|au\s+cours|pendant|durant|à\s+l['’]issue)\s+d['’]\s*une?\s*$"
                              r"|(?:lors|au\s+cours|pendant|durant|à\s+l['’]issue)\s+(?:du|de\s+la)\s*$", re.IGNORECASE)


def statement_occasion(view: str, start: int) -> bool:
    """True for a press conference opening at ``start`` after a time frame ("lors d'une conférence de
    presse tenue mardi, le recteur a annoncé..."): where something was said, not an event the text
    reports. Organised ("X a organisé une conférence de presse"), it is one."""
    return (event_rules().statement_occasions.match(view, start) is not None
            and _STATEMENT_FRAME.search(view, max(0, start - 30), start) is not None)


#: A time of day or a sequel ("à 20 heures", "16h30 -", "dès 19 h", "suivi d'un"), in the same clause
#: before an event noun: an item of a programme ("A 20 heures, grand repas suivi d'un concert").
_PROGRAMME = re.compile(r"(?:(?<!\w)\d{1,2}\s*(?:h|heures?)(?:\s*\d{2})?(?!\w)"
                        r"|(?<!\w)suivie?s?\s+(?:d['’]|de\s+la|du|des))[^.;!?\n]{0,15}$", re.IGNORECASE)


def _programme_item(view: str, start: int) -> bool:
    """True for an event noun a programme times or chains ("16h30 - Table ronde", "suivi d'un concert")."""
    return _PROGRAMME.search(view, max(0, start - 60), start) is not None


def _opening(doc: Doc, first: int) -> int:
    """Index of the word before an event noun once ordinals and epithets are passed ("la 43e session")."""
    i = first - 1
    while i >= 0 and first - i <= 3 and (doc[i].lower_ in _BEFORE_HEAD or parse_ordinal(doc[i].text) is not None
                                          or doc[i].text.isdigit()):
        i -= 1
    return i


def _described_hits(doc: Doc, ctx: Context, anchors: _Anchors) -> list[_Hit]:
    """Events a lower-case noun phrase describes ("le salon du livre", "un colloque international sur
    X", "la foire-exposition"): after a phrase that introduces an event ("lors du", "à l'occasion
    de la", "il participera au"), or in a sentence that dates them or says they take place."""
    rules = event_rules()
    stops = calendar_words() | _NAME_STOPS
    hits: list[_Hit] = []
    for match in rules.heads.finditer(ctx.view, ctx.body_start):
        first = token_after(doc, match.start())
        if first >= len(doc) or doc[first].idx != match.start():
            continue
        head = fold(match.group())
        if not doc[first].text[:1].islower() and (head in rules.keywords or doc[first].text.isupper()):
            continue  # "Salon du livre": a name, read as one
        plural = head in rules.plural_heads
        opening = _opening(doc, first)
        before = doc[opening].lower_ if opening >= 0 else ""
        line_start = opening < 0 or "\n" in doc[opening].text
        negated = before in ("de", "d'") and opening > 0 and doc[opening - 1].lower_ in ("pas", "plus", "point")
        timed = _programme_item(ctx.view, match.start())
        punctuated = timed and not doc[opening].is_alpha  # "16h30 - Table ronde", "A 20 heures, concert"
        if not (before in (_MANY if plural else _ONE) or line_start or negated or punctuated):
            continue  # "pas de festival du Bout du monde cette année" is that festival
        if not plural and head.endswith(("s", "x")) and head not in rules.keywords and " " not in head:
            continue
        head_end = token_after(doc, match.end())
        limit = sentence_end(doc, first)
        if head_end < len(doc) and doc[head_end].lower_ in _ANOTHER_TIME:
            continue  # "la séance précédente", "la semaine prochaine": another event, or a date
        end = head_end
        while end < limit and is_epithet(doc[end]):
            end += 1  # "colloque international", "assemblée générale annuelle"; not "le sommet prévu"
        adjectives = end
        end = _title_end(doc, describe_end(doc, end, limit, stops, links=_NAME_LINKS, is_place=_is_city), limit)
        if head in rules.needs_complement and end == adjectives and not timed:
            continue  # "une séance", "une soirée festive": no event of its own, unless a programme times it
        if first >= 3 and doc[first - 2].text == "," and is_capitalised(doc[first - 3]):
            continue  # "X, la conférence annuelle de ...": describes X, named just before
        if _in_speech(ctx.view, match.start()):
            continue  # « ... une foire aux plantes sans jardin n'a guère de sens »: what someone says
        at = doc[opening].idx + len(doc[opening].text) if opening >= 0 else match.start()
        introduced = rules.introducers.search(ctx.view, max(0, at - 40), at) is not None or timed
        if not introduced and not anchors.sentence_is_anchored(match.start(), dated=before in ("un", "une")):
            continue  # "une foire aux plantes sans jardin": a kind of event, unless dated
        new = before in ("un", "une") and head not in rules.needs_complement  # "organisent un colloque les 23 et 24"
        intro = rules.introducers.search(ctx.view, max(0, at - 40), at) if introduced else None
        frame_only = intro is not None and fold(intro.group()).split()[0] in _TIME_FRAMES
        if statement_occasion(ctx.view, match.start()):
            continue  # "a déclaré X lors d'une conférence de presse tenue mardi": where it was said
        asserted = (introduced and not frame_only) or anchors.sentence_is_anchored(match.start(), dated=True)
        hits.append(_Hit(doc[first:end], "described" if end > head_end or new or timed else "described_bare",
                         asserted=asserted, programme=timed))
    return hits


#: Tokens an apposition between a subject and its verb may hold ("X, cet exercice annuel de Y, se déroule").
_APPOSITION = 25


#: The longest subject headed by a common noun read as a name ("La route des Plaques et du Patrimoine").
_COMMON_SUBJECT = 10
#: The parts of speech of such a subject's words.
_SUBJECT_WORDS = frozenset({"NOUN", "PROPN", "ADJ", "ADP", "DET", "CCONJ"})


def _subject_hits(doc: Doc, ctx: Context) -> list[_Hit]:
    """Events that are the subject of a verb saying they take place: "L'Esquisse commune, cet
    exercice annuel de la faculté, se déroule du 1er au 8 avril", "Rock sur l'eau aura lieu le ...".
    The subject is the capitalised name that opens the sentence (after its determiner), with the
    lower-case words it carries; an apposition between commas may separate it from the verb. A subject
    headed by a common noun is a name when it holds a capitalised word and nothing but the noun phrase
    stands before the verb ("La route des Plaques et du Patrimoine aura lieu le 10 septembre")."""
    hits: list[_Hit] = []
    for match in event_rules().subject_verbs.finditer(ctx.view, ctx.body_start):
        verb = token_after(doc, match.start())
        if verb >= len(doc):
            continue
        left, _right = sentence_chars(doc, match.start())
        i = strip_start(doc, token_after(doc, left), verb)
        if i >= verb or doc[i].pos_ in ("VERB", "AUX", "PRON"):
            continue
        if not is_capitalised(doc[i]):  # "La route des Plaques et du Patrimoine aura lieu ...": a common noun
            words, head = doc[i:verb], fold(doc[i].text)  # heading capitalised words, and nothing else before it
            if doc[i].pos_ == "NOUN" and len(words) <= _COMMON_SUBJECT and head not in _body_heads() \
                    and head not in event_rules().venue_heads and any(is_capitalised(t) for t in words[1:]) \
                    and all(t.pos_ in _SUBJECT_WORDS for t in words) \
                    and not any(t.lower_ in calendar_words() or t.like_num or any(c.isdigit() for c in t.text)
                                for t in words):  # "Le parc des expositions X", "Les 38es Journées ...": not here
                hits.append(_Hit(words, "subject", asserted=True))
            continue
        end = describe_end(doc, name_end(doc, i, verb), verb, calendar_words(), links=_NAME_LINKS, is_place=_is_city)
        j = end
        if j < verb and doc[j].text == ",":
            closing = next((k for k in range(j + 1, min(verb, j + _APPOSITION)) if doc[k].text == ","), None)
            j = closing + 1 if closing is not None else j
        while j < verb and doc[j].pos_ == "ADV":
            j += 1  # "aura donc lieu", "se tiendra également"
        if j == verb and end > i:
            hits.append(_Hit(doc[i:end], "subject", asserted=True))
    return hits


#: Articles that open a subject put after its verb ("Du 13 au 16 novembre se tiendront les X").
_INVERTED_ARTICLES = frozenset({"le", "la", "les", "l'", "l’"})


def _inverted_subject_hits(doc: Doc, ctx: Context) -> list[_Hit]:
    """Events named after the verb that says they take place, the sentence opening on when or where: "Du 13
    au 16 novembre se tiendront les Walfer X", "Ce week-end aura lieu la Fête Y". The name is the capitalised
    chunk right after the verb's article, with the lower-case words it carries; a day or a month is none."""
    hits: list[_Hit] = []
    for match in event_rules().subject_verbs.finditer(ctx.view, ctx.body_start):
        verb = token_after(doc, match.start())
        left, right = sentence_chars(doc, match.start())
        if verb >= len(doc) or doc[verb].idx == left:
            continue
        k = token_after(doc, match.end())
        limit = token_after(doc, right)
        while k < limit and doc[k].pos_ == "ADV":
            k += 1
        if k + 1 >= limit or doc[k].lower_ not in _INVERTED_ARTICLES or not is_capitalised(doc[k + 1]) \
                or fold(doc[k + 1].text) in calendar_words() or fold(doc[k + 1].text) in event_rules().venue_heads:
            continue
        end = describe_end(doc, name_end(doc, k + 1, limit), limit, calendar_words(), links=_NAME_LINKS,
                           is_place=_is_city)
        hits.append(_Hit(doc[k + 1 : end], "subject", asserted=True))
    return hits


#: After an event noun (``Rules.heads``), a title that opens on a capital, closed by a comma and a relative
#: clause about the event: "le colloque Nos recherches changent le monde, qui se tiendra ...".
_TITLE_AFTER = re.compile(rf"\s+(?P<title>[{CAPITALS}][^,;:.()«»\"\n]{{3,80}}?)\s*,\s+(?:qui|qu['’]|dont)(?!\w)")


def _titled_hits(doc: Doc, ctx: Context) -> list[_Hit]:
    """Events named by their noun and a title that is a clause, without quotes ("le colloque Nos recherches
    changent le monde, qui se tiendra les 4 et 5 juin"): the noun and the title, whose verb a proper-name
    chunk stops at."""
    hits: list[_Hit] = []
    for head in event_rules().heads.finditer(ctx.view, ctx.body_start):
        match = _TITLE_AFTER.match(ctx.view, head.end())
        if match is None:
            continue
        span = doc.char_span(head.start(), match.end("title"), alignment_mode="contract")
        if span is None or len(span) < 3 or not any(t.pos_ in ("VERB", "AUX") and t.is_lower for t in span[2:]):
            continue  # "le colloque Les Mots du monde, qui": a proper name, read whole as one already
        hits.append(_Hit(span, "described", asserted=True))
    return hits


#: A listing line: "Title, Place" or "Title – Place", short, with no full stop.
_LISTING_LINE = re.compile(
    rf"^[ \t]*(?P<title>[{CAPITALS}«\"“][^\n]{{4,120}}?)(?:,|\s[–—-])\s+(?P<place>[{CAPITALS}][^,\n]{{1,60}})[ \t]*$",
    re.MULTILINE
)
#: The shortest description line that follows a listed title.
_DESCRIPTION = 80


_PAGE_MARK = re.compile(r"(?:page|p\.|pp\.)\s*\d", re.IGNORECASE)


def _listing_hits(doc: Doc, ctx: Context) -> list[_Hit]:
    """Events of a listing: lines "Titre de l'exposition, Musée X" each followed by a paragraph
    about it, two such lines at least. The title is the event's name, whatever its words."""
    text = ctx.view
    found: list[tuple[int, int]] = []
    for line in _LISTING_LINE.finditer(text, ctx.body_start):
        if (line.group().rstrip()[-1:] in ".!?:;" or len(line.group("place").split()) > 6
                or _PAGE_MARK.match(line.group("title"))):
            continue  # a sentence, or a page's running head ("Page 2: 2018-2019 - Bulletin")
        following = text[line.end() :].lstrip("\n").split("\n", 1)[0]
        if len(following) >= _DESCRIPTION and len(line.group("title").split()) >= 2:
            found.append(line.span("title"))
    if len(found) < 2:
        return []
    hits = []
    for start, end in found:
        first, last = token_after(doc, start), token_after(doc, end)
        if first < last:
            hits.append(_Hit(doc[first:last], "listing"))
    return hits


def _merge_key(name: str) -> str:
    """How two written forms of one name are matched: "cui vre" and "cuivre" are one word split by noise."""
    return fold_name(name).replace(" ", "")


def _candidates(doc: Doc, ctx: Context, dates: list[DateMention], blocked: list[tuple[int, int]],
                organiser_names: set[str], geo: Gazetteer, learned: Sequence[Span] = ()) -> EventNames:
    """Candidates merged by name, edition phrases that name no event, bare event words.

    A name's mentions are every place one of its written forms is written; a described
    event ("le salon du livre") is mentioned only where it was found, since its words are
    common ones ("congrès" inside "Palais des congrès").
    """
    merged: dict[str, Candidate] = {}
    variants: dict[str, dict[str, int]] = {}  # written forms of names, searched in the text
    found_at: dict[str, set[tuple[int, int]]] = {}  # where each candidate was found
    loose_editions: list[tuple[int | None, tuple[int, int]]] = []
    bare: list[tuple[int, int]] = []
    for hit in _name_candidates(doc, ctx, dates, blocked, organiser_names, geo, learned):
        if hit.span is None:
            if hit.edition_span is not None:
                loose_editions.append((hit.edition, hit.edition_span))
            continue
        if hit.how in ("bare", "described_bare"):
            bare.append((hit.span.start_char, hit.span.end_char))
            continue
        key = _merge_key(hit.span.text)
        written = ctx.span_text(hit.span)
        described = hit.how == "described"
        candidate = merged.get(key)
        if candidate is None:
            candidate = merged[key] = Candidate(name=written, key=key, first=hit.span.start_char, described=described)
        if not described:
            variants.setdefault(key, {}).setdefault(written, hit.span.start_char)
        found_at.setdefault(key, set()).add((hit.span.start_char, hit.span.end_char))
        candidate.described = candidate.described and described
        candidate.first = min(candidate.first, hit.span.start_char)
        candidate.dated = candidate.dated or hit.how == "dated"
        candidate.asserted = candidate.asserted or hit.asserted or hit.how == "dated"
        candidate.programme = candidate.programme or hit.programme
        if hit.edition is not None and hit.edition_span is not None:
            candidate.edition = candidate.edition or hit.edition
            candidate.edition_spans.append(hit.edition_span)
    _expand_acronyms(merged, variants, found_at, doc, ctx)
    _fold_variants(merged, variants, found_at, geo)
    for key, candidate in merged.items():
        # the written form with the fewest spaces: noise splits words, it does not join them
        own = {w: at for w, at in variants.get(key, {}).items() if _merge_key(w) == key} or variants.get(key)
        if own:
            candidate.name = min(own, key=lambda w: (w.count(" "), own[w]))
    candidates = sorted(merged.values(), key=lambda c: c.first)
    # every written occurrence of each name, longest names first so "Salon X Pro" keeps its own mentions
    claimed: list[tuple[int, int]] = []
    named: list[tuple[int, int]] = []  # the mentions of names (not of described events)
    # names found only as the end of longer names: "Congress Association" in "Congrès de l'International
    # Convention and Congress Association" is no event of its own
    inside: set[str] = set()
    for candidate in sorted(candidates, key=lambda c: -len(c.name)):
        written_at = {s for written in variants.get(candidate.key, {})
                      for s in loose_occurrences(ctx.text, written, ctx.body_start)}
        spans = sorted(s for s in written_at | found_at[candidate.key] if not any(spans_overlap(s, c) for c in claimed))
        if not spans and not candidate.described and all(any(c[0] < s[0] and s[1] <= c[1] for c in named)
                                                          for s in found_at[candidate.key]):
            inside.add(candidate.key)
        candidate.mentions = spans or [(candidate.first, candidate.first + len(candidate.name))]
        claimed.extend(candidate.mentions)
        if not candidate.described:
            named.extend(candidate.mentions)
    candidates = [c for c in candidates if c.key not in inside]
    bare = [s for s in bare if not any(spans_overlap(s, c) for c in claimed)]
    return EventNames(candidates, loose_editions, bare)


#: Words the fuller form of a name may add around a place or a year ("Salon X de Lyon 2019").
_FILLER = frozenset({"de", "du", "des", "d", "l", "la", "le", "a", "en", "edition"})


def _only_place_or_year(words: list[str], geo: Gazetteer) -> bool:
    """True when the words a fuller name adds are a place, a year or an edition number."""
    rest = [w for w in words if w not in _FILLER and not w.isdigit()]
    return not rest or geo.city(" ".join(rest), strict=True) is not None or geo.country(" ".join(rest)) is not None


def _same_place_variant(short: list[str], long: list[str], geo: Gazetteer) -> bool:
    """True for a short form of a name that keeps its event word and its place ("Forum de Dakar"
    for "Forum international de Dakar sur la paix"), or most of its words ("forum sur la paix et
    la sécurité"): the short form's words in the same order in the long one, the same first word,
    and a city or country as its last word or half the long form's words."""
    if len(short) < 3 or short[0] != long[0]:
        return False
    rest = iter(long)
    if not all(word in rest for word in short):
        return False
    placed = geo.city(short[-1], strict=True) is not None or geo.country(short[-1]) is not None
    return placed or 2 * len(short) >= len(long)  # "forum sur la paix et la sécurité" for the whole name


#: Lower-case words inside a name written before its acronym ("FrancoFolies de Montréal (FdM)").
_EXPANSION_LINKS = frozenset({"de", "du", "des", "d'", "d’", "la", "l'", "l’", "et", "en", "sur", "pour", "à", "-"})


def _expansion(doc: Doc, acronym: str, ctx: Context) -> Span | None:
    """The name an acronym stands for, written just before it in parentheses: "Les FrancoFolies de
    Montréal (FdM)" for "FdM"."""
    opening = ctx.view.find(f"({acronym})", ctx.body_start)
    if opening < 0:
        return None
    end = token_after(doc, opening)
    start = end
    while start > 0 and end - start < 12:
        token = doc[start - 1]
        if "\n" in token.whitespace_ or token.pos_ in ("VERB", "AUX", "PRON") or not (
                token.is_alpha or token.lower_ in _EXPANSION_LINKS or token.text.isdigit()):
            break
        start -= 1
    while start < end and not (is_capitalised(doc[start]) and doc[start].text not in ("Le", "La", "Les", "L'", "L’")):
        start += 1  # the name opens on its first capitalised word: "la présidente des FrancoFolies ..."
    if end - start < 2 or not is_capitalised(doc[start]):
        return None
    return doc[start:end]


def _absorb(merged: dict[str, Candidate], variants: dict[str, dict[str, int]],
            found_at: dict[str, set[tuple[int, int]]], key: str, into: str) -> None:
    """Candidate ``key`` is another written form of candidate ``into``: its forms, places and what
    was found of it go to ``into``, and it is dropped."""
    candidate, target = merged.pop(key), merged[into]
    variants.setdefault(into, {}).update(variants.pop(key, {}))
    found_at.setdefault(into, set()).update(found_at.pop(key, set()))
    target.first = min(target.first, candidate.first)
    target.dated = target.dated or candidate.dated
    target.asserted = target.asserted or candidate.asserted
    target.described = target.described and candidate.described
    if target.edition is None:
        target.edition = candidate.edition
    target.edition_spans.extend(candidate.edition_spans)


def _expand_acronyms(merged: dict[str, Candidate], variants: dict[str, dict[str, int]],
                     found_at: dict[str, set[tuple[int, int]]], doc: Doc, ctx: Context) -> None:
    """An event named by its acronym ("Les FdM auront lieu en juin") takes the name the text spells
    out before it in parentheses ("FrancoFolies de Montréal (FdM)"); both are its mentions."""
    for key in list(merged):
        candidate = merged[key]
        if " " in candidate.name or not any(ch.isupper() for ch in candidate.name[1:]) or not candidate.name.isalnum():
            continue
        span = _expansion(doc, candidate.name, ctx)
        if span is None:
            continue
        written = ctx.span_text(span)
        new_key = next((k for k in (_merge_key(f"{written} ({candidate.name})"), _merge_key(written)) if k in merged),
                       _merge_key(written))
        target = merged.setdefault(new_key, Candidate(name=written, key=new_key, first=span.start_char))
        target.first = min(target.first, span.start_char)
        variants.setdefault(new_key, {}).setdefault(written, span.start_char)
        found_at.setdefault(new_key, set()).add((span.start_char, span.end_char))
        _absorb(merged, variants, found_at, key, new_key)


def _fold_variants(merged: dict[str, Candidate], variants: dict[str, dict[str, int]],
                   found_at: dict[str, set[tuple[int, int]]], geo: Gazetteer) -> None:
    """One event written two ways is one candidate: a described event that a name holds ("le salon
    de l'habitat" beside "Salon de l'Habitat 2022"), and a name beside its fuller form that only
    adds a place or a year ("Salon du livre" and "Salon du livre de Paris 2011"). The fuller
    name is kept; the other's written forms become its mentions."""
    words = {key: fold_name(c.name).split() for key, c in merged.items()}
    keywords = event_rules().keywords
    for key in sorted(merged, key=lambda k: len(words[k])):
        candidate = merged[key]
        for other_key, other in merged.items():
            if other_key == key:
                continue
            titled = False
            if not words_within(words[key], words[other_key]):
                if not _same_place_variant(words[key], words[other_key], geo):
                    continue
            else:
                extra = list(words[other_key])
                n = len(words[key])
                at = next(i for i in range(len(extra) - n + 1) if extra[i : i + n] == words[key])
                del extra[at : at + n]
                goes_on = at == 0 and extra[:1] in (["et"], ["&"])  # "Foire aux vins" and "Foire aux vins et produits"
                # "Jazz" beside "festival Jazz en baie": a title cut short, after its event word
                titled = 0 < at <= 2 and all(w in keywords for w in extra[:at][-1:])
                if not (candidate.described or goes_on or titled or _only_place_or_year(extra, geo)):
                    continue
            if titled:  # the fuller form is the name: "festival Jazz en baie"
                variants.setdefault(other_key, {}).setdefault(other.name, other.first)
            _absorb(merged, variants, found_at, key, other_key)
            break


@dataclass(frozen=True)
class EventNames:
    """The first step's result: named candidates, and edition phrases that name no event."""

    candidates: list[Candidate]
    loose_editions: list[tuple[int | None, tuple[int, int]]]
    bare: list[tuple[int, int]]  # "le Salon" written alone: a reference to an event

    def spans(self) -> list[tuple[int, int]]:
        """Character spans of every event-name mention."""
        return [span for candidate in self.candidates for span in candidate.mentions]


#: Words between an event word and a year that make the year another one ("le salon, créé en 1994").
_NOT_ITS_YEAR = r"(?:en|depuis|dès|créée?s?|fondée?s?|née?s?|lancée?s?|année|années|avant|après|jusqu|entre)"


@cache
def _stated_year_pattern() -> re.Pattern[str]:
    keywords = sorted(event_rules().keywords | {"édition", "edition", "foire-exposition"}, key=len, reverse=True)
    words = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keywords)
    return re.compile(
        rf"(?<!\w)(?:{words})(?!\w)(?:[ \t\-'’]+(?!{_NOT_ITS_YEAR}(?!\w))[^\W\d]+){{0,6}}?"
        r"[ \t\-]+(?P<year>(?:19|20)\d\d)(?!\d)",
        re.IGNORECASE,
    )


def stated_year(text: str, start: int = 0) -> str | None:
    """The year the text writes in an event's name or edition ("Foire internationale 2010",
    "la foire-exposition 2012", "l'édition 2019"): the year its undated dates are in when
    there is no publication date.

    >>> stated_year("La foire-exposition 2012 arrive. Elle se tiendra du 12 au 24 mai.")
    '2012'
    >>> stated_year("Le salon, créé en 1994, revient du 3 au 5 mai.") is None
    True
    """
    match = _stated_year_pattern().search(text, start)
    return match.group("year") if match else None


def find_event_names(doc: Doc, ctx: Context, dates: list[DateMention], organisers: list[Organisation],
                     learned: Sequence[Span] = ()) -> EventNames:
    """Event names of the document (first step, before venues are known); with the event names of
    ``learned`` (the span model's, ``extractor.rules.learned``) near the text's start that the rules
    did not find, held as names the text asserts."""
    blocked = [(e.start, e.end) for o in organisers for e in o.evidence]
    return _candidates(doc, ctx, dates, blocked, {fold_name(o.name) for o in organisers}, gazetteer(), learned)


#: How far back a phrase such as "le rendez-vous" looks for the event it refers to.
