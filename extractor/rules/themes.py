"""The stated theme or slogan: "sur le thème « ... »", "avait pour thème ...".

Three shapes, the first two after a cue phrase of ``extractor/data/themes_fr.json``:

* a quoted theme, taken between its quotes whatever their style (« », “ ”,
  ‹‹ ››, << >>, " ", and » » when the opening guillemet was typed as a closing
  one), a colon inside kept ("« A : B et C »");
* an unquoted theme, read over the tokens: a noun phrase that runs to the end
  of its clause (a finite verb, a relative pronoun, "et dont", a date, a
  full stop), over the commas of an enumeration closed by "et" ("la santé,
  l'école et la culture") but not over a comma that opens another clause;
  after a colon it runs to the end of its sentence or to a clause of its own
  ("... et la troisième conférence a été donnée"); after a weak cue ("centré
  sur") a subject of news ("la situation au Mali") is no theme;
* a quoted slogan named after it ("« Offrir local ». C'est le slogan du
  marché", "« A », tel est le thème").

A place put "à l'honneur" of an edition ("le Japon sera à l'honneur") is no
theme: readers of real releases did not count it as one in 7 cases of 8 (a
guest country of honour is where exhibitors come from: ``speakers``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from extractor.core.context import Context
from extractor.rules._text import fold, load_data
from extractor.rules.chunks import is_capitalised, split_items, token_after
from schemas import Theme

#: Opening quote -> the closing quotes that may end it; a doubled opening ("‹‹", "<<") closes doubled.
_QUOTES = {"«": "»", "“": "”\"", "\"": "\"”", "„": "“”", "‘": "’'", "'": "'’", "‹": "›", "<": ">",
           "»": "»"}  # a closing guillemet typed for the opening one: "a pour thème » A »"
_LEAD = re.compile(r"\s*(?::\s*)?(?:(?:de\s+|du\s+|des\s+|d['’])(?=\S))?", re.IGNORECASE)
#: Where an unquoted theme ends at the latest: a sentence end, a semicolon, a line break, a spaced dash.
_CLAUSE_END = re.compile(r"[.;!?\n]|\s[-–—]\s")
#: A theme announced by a colon runs to the end of its sentence ("pour thème : A, B et C.").
_SENTENCE_END = re.compile(r"[.;!?\n]")
#: Parts of speech an unquoted theme may open with ("la santé", "Santé", "partager l'énergie").
_THEME_STARTS = frozenset({"DET", "NOUN", "PROPN"})
#: Parts of speech that may follow an enumeration's comma ("la santé, l'école et la culture").
_ITEM_STARTS = frozenset({"DET", "NOUN", "PROPN", "ADJ"})
#: A subject opening a coordinated clause: its parts of speech and its length at most.
_SUBJECT_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON"})
_SUBJECT_TOKENS = 6


@dataclass(frozen=True)
class _Rules:
    cues: tuple[tuple[re.Pattern[str], bool], ...]
    after_cue: re.Pattern[str]
    not_starts: frozenset[str]
    topic_heads: frozenset[str]
    relatives: frozenset[str]
    clause_starts: frozenset[str]
    max_unquoted: int
    max_after_colon: int
    back: re.Pattern[str]


@cache
def _rules() -> _Rules:
    data = load_data("themes_fr.json")
    words = data["clause_words"]
    return _Rules(
        cues=tuple((re.compile(rf"(?<!\w){cue}", re.IGNORECASE | re.MULTILINE), weak)
                   for key, weak in (("cues", False), ("weak_cues", True)) for cue in data[key]),
        after_cue=re.compile(data["after_cue"], re.IGNORECASE),
        not_starts=frozenset(data["not_theme_starts"]),
        topic_heads=frozenset(data["topic_heads"]),
        relatives=frozenset(words["relatives"]),
        clause_starts=frozenset(words["clause_starts"]),
        max_unquoted=int(data["max_unquoted_chars"]),
        max_after_colon=int(data["max_after_colon_chars"]),
        back=re.compile(rf"(?<!\w)(?:{'|'.join(data['back_cues'])})", re.IGNORECASE),
    )


def _quoted(text: str, position: int) -> tuple[int, int] | None:
    """The span between the quotes that open at ``position``, or None when they never close.

    >>> _quoted("« A : B »", 0), _quoted("‹‹ A : B ›› C", 0), _quoted("<< A >>", 0), _quoted("<A>", 0)
    ((2, 7), (3, 8), (3, 4), None)
    >>> _quoted('"Le thème" dit X. "B"', 9), _quoted('"Le thème" dit X. "B"', 18)
    (None, (19, 20))
    """
    opening = text[position]
    width = 2 if text[position + 1 : position + 2] == opening else 1
    if opening == "<" and width == 1:
        return None  # a lone "<" is no quote
    if opening == '"' and text.count('"', text.rfind("\n", 0, position) + 1, position) % 2:
        return None  # the straight quote that closes a quotation ("... cette thématique", se réjouit X)
    closers = _QUOTES[opening]
    start = position + width
    for end in range(start, min(len(text), start + 400)):
        if text[end] in closers and (width == 1 or text[end + 1 : end + 2] == text[end]):
            inner_start, inner_end = start, end
            while inner_start < inner_end and text[inner_start].isspace():
                inner_start += 1
            while inner_end > inner_start and text[inner_end - 1].isspace():
                inner_end -= 1
            return (inner_start, inner_end) if inner_end > inner_start else None
        if text[end] == "\n":
            break
    return None


#: Closing quote -> the opening quotes it may close.
_OPENERS = {closer: "".join(o for o, closers in _QUOTES.items() if closer in closers)
            for closer in set("".join(_QUOTES.values())) - set("'’")}  # an apostrophe closes no slogan
#: What may stand between a closing quote and a cue that names what the quotes hold ("». C'est le thème").
_BEFORE_BACK_CUE = " \t.,;:-–—"


def _quoted_before(text: str, end: int) -> tuple[int, int] | None:
    """The quoted span that closes right before ``end`` (punctuation and spaces aside), on its line.

    >>> _quoted_before("« Bâtir ensemble ». C'est", 20)
    (2, 16)
    >>> _quoted_before("Bâtir ensemble. C'est", 16) is None
    True
    """
    close = end
    while close > 0 and text[close - 1] in _BEFORE_BACK_CUE:
        close -= 1
    if close == 0 or text[close - 1] not in _OPENERS:
        return None
    openers = _OPENERS[text[close - 1]]
    line_start = text.rfind("\n", 0, close - 1) + 1
    for position in range(close - 2, max(line_start, close - 400) - 1, -1):
        if text[position] in openers and (position == 0 or text[position - 1] not in openers):
            span = _quoted(text, position)
            return span if span is not None and text[span[1] : close].strip("".join(_QUOTES.values())).strip() == ""\
                else None
    return None


#: "Tel sera le thème" opening a sentence names the sentence before it...
_ANAPHORA = re.compile(r"tel(?:le)?\s", re.IGNORECASE)
#: ... when that sentence is a slogan: at most this many words, on its own line or after a sentence.
_SLOGAN_WORDS = 8


def _sentence_before(text: str, back: re.Match[str]) -> tuple[int, int] | None:
    """The unquoted slogan a "Tel sera le thème" opening a sentence names: the short sentence before it
    ("L'école, une chance, un avenir. Tel sera le thème du salon")."""
    start = back.start()
    if not _ANAPHORA.match(back.group(0)):
        return None
    end = start
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end == 0 or text[end - 1] not in ".!?":
        return None
    close = end - (text[end - 1] == ".")  # a slogan keeps its "!" or "?"
    opening = max(text.rfind(mark, 0, end - 1) for mark in (". ", "! ", "? ", "\n")) + 1
    slogan = text[opening:close].strip()
    if not slogan or len(slogan.split()) > _SLOGAN_WORDS or not slogan[:1].isupper():
        return None
    first = opening + (len(text[opening:close]) - len(text[opening:close].lstrip()))
    return first, first + len(slogan)


def _finite(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm", [])


def _infinitive(token: Token) -> bool:
    return token.pos_ == "VERB" and "Inf" in token.morph.get("VerbForm", [])


def _stops(doc: Doc, j: int, rules: _Rules) -> bool:
    """True when token ``j`` (not the first of the theme) opens another clause or a date."""
    token = doc[j]
    lower = token.lower_
    following = doc[j + 1] if j + 1 < len(doc) else None
    if _finite(token) or lower in rules.relatives or lower in rules.clause_starts or token.text in "([":
        return True
    if following is None:
        return False
    if lower in ("et", "ou") and (following.lower_ in rules.relatives or _finite(following)
                                  or following.pos_ in ("ADV", "PRON")):
        return True  # "le Trias et dont les travaux..."
    if token.pos_ in ("ADP", "DET") and following.like_num:
        return True  # "du 3 au 5 mai", "les 12 et 13"
    if lower in ("pour", "afin") and _infinitive(following):
        return True
    return lower in ("à", "au", "aux") and is_capitalised(following)  # "..., à Lyon"


def _coordinated_clause(doc: Doc, j: int, bound: int) -> bool:
    """True when token ``j`` is "et"/"mais" opening a clause of its own: a subject, then its finite
    verb ("... des Maliens et la troisième conférence a été donnée")."""
    if doc[j].lower_ not in ("et", "mais", "puis"):
        return False
    for k in range(j + 1, min(j + 1 + _SUBJECT_TOKENS, len(doc))):
        token = doc[k]
        if token.idx >= bound:
            return False
        if _finite(token):
            return k > j + 1
        if token.pos_ not in _SUBJECT_POS:
            return False
    return False


def _clause_after_comma(doc: Doc, j: int) -> bool:
    """True when the comma at token ``j`` opens a clause of its own: a pronoun and its finite verb
    ("Thème : A : B, il réunit des chercheurs")."""
    return j + 2 < len(doc) and doc[j + 1].pos_ == "PRON" and _finite(doc[j + 2])


def _enumeration_follows(doc: Doc, j: int, bound: int, rules: _Rules) -> bool:
    """True when the comma before token ``j`` separates items of an enumeration closed by "et"/"ou"."""
    if j >= len(doc) or doc[j].idx >= bound or doc[j].pos_ not in _ITEM_STARTS:
        return False
    for k in range(j + 1, len(doc)):
        token = doc[k]
        if token.idx >= bound:
            return False
        if token.lower_ in ("et", "ou"):
            return not _stops(doc, k, rules)
        if token.text != "," and _stops(doc, k, rules):
            return False
    return False


def _unquoted(doc: Doc, text: str, position: int, after_colon: bool, rules: _Rules) -> tuple[int, int] | None:
    """The noun phrase of an unquoted theme that starts at character ``position``."""
    longest = rules.max_after_colon if after_colon else rules.max_unquoted
    window = text[position : position + longest + 1]
    stop = (_SENTENCE_END if after_colon else _CLAUSE_END).search(window)
    bound = position + (stop.start() if stop else len(window))
    open_ended = stop is None and len(window) > longest
    first = token_after(doc, position)
    if first >= len(doc) or doc[first].idx >= bound:
        return None
    head = doc[first]
    if head.lower_ in rules.not_starts or not (
        head.pos_ in _THEME_STARTS or _infinitive(head) or (after_colon and is_capitalised(head))
        or (head.like_num and first + 1 < len(doc) and doc[first + 1].pos_ == "NOUN")  # "100 ans de savoirs"
        or (head.pos_ == "ADJ" and first + 1 < len(doc) and doc[first + 1].pos_ == "NOUN")
    ):  # after a colon, a title may open on any word ("Thème : Vers une agriculture durable")
        return None  # "sera dévoilé", "autour de plusieurs axes": no theme here
    end = head.idx + len(head.text)
    for j in range(first + 1, len(doc)):
        token = doc[j]
        if token.idx >= bound:
            if open_ended:
                return None  # no end in sight: not a theme we can delimit
            break
        if token.text == ",":
            if after_colon and not _clause_after_comma(doc, j):
                continue
            if _enumeration_follows(doc, j + 1, bound, rules):
                continue
            break
        if (not after_colon and _stops(doc, j, rules)) or _coordinated_clause(doc, j, bound):
            break
        end = token.idx + len(token.text)
    end = min(end, bound)
    while end > position and not text[end - 1].isalnum() and text[end - 1] not in ")»”'’":
        end -= 1
    return (position, end) if end > position else None


def _theme_at(doc: Doc, text: str, start: int, rules: _Rules) -> tuple[int, int] | None:
    """Character span of the theme that starts after a cue ending at ``start``."""
    skipped = rules.after_cue.match(text, start)
    lead = _LEAD.match(text, skipped.end() if skipped else start)
    position = lead.end() if lead else start
    if text[position : position + 1] in _QUOTES:
        return _quoted(text, position)
    after_colon = ":" in text[start - 1 : position]
    return _unquoted(doc, text, position, after_colon, rules)


def _is_topic(doc: Doc, start: int, rules: _Rules) -> bool:
    """True when the phrase at character ``start`` names a subject of news ("la situation au Mali",
    "la crise alimentaire"), which a weak cue ("centré sur") does not make a theme."""
    first = token_after(doc, start)
    if first < len(doc) and doc[first].pos_ == "DET":
        first += 1
    return first < len(doc) and doc[first].lower_ in rules.topic_heads


#: A cue that announces several themes ("pour fils rouges", "les thématiques"): an enumeration after it is
#: one theme per item ("la société, le territoire et le patrimoine").
_PLURAL_CUE = re.compile(r"(?:thèmes|thématiques|fils\s+rouges)", re.IGNORECASE)
_ITEM_BREAK = re.compile(r"\s*,\s*|\s+(?:et|ou)\s+")


def _keep(spans: list[tuple[int, int]], span: tuple[int, int]) -> None:
    """Insert ``span`` into the sorted ``spans`` unless it overlaps one of them (found first, kept).

    >>> spans = [(0, 5), (10, 15)]
    >>> _keep(spans, (4, 8)), _keep(spans, (6, 9)), spans
    (None, None, [(0, 5), (6, 9), (10, 15)])
    """
    i = bisect.bisect_left(spans, span)
    if (i > 0 and spans[i - 1][1] > span[0]) or (i < len(spans) and spans[i][0] < span[1]):
        return
    spans.insert(i, span)


def find_themes(doc: Doc, ctx: Context) -> list[Theme]:
    """Themes and slogans, in text order; the same theme twice is one theme."""
    rules = _rules()
    text = ctx.view
    spans: list[tuple[int, int]] = []  # sorted, none overlapping another
    for cue, weak in rules.cues:
        for match in cue.finditer(text, ctx.body_start):
            span = _theme_at(doc, text, match.end(), rules)
            if span is None or (weak and _is_topic(doc, span[0], rules)):
                continue
            quoted = span[0] > 0 and text[span[0] - 1] in _QUOTES
            for item in (split_items(text, *span, _ITEM_BREAK) if _PLURAL_CUE.search(match.group(0)) and not quoted
                         else [span]):
                _keep(spans, item)
    for back in rules.back.finditer(text, ctx.body_start):
        span = _quoted_before(text, back.start()) or _sentence_before(text, back)
        if span is not None and span[0] >= ctx.body_start:
            _keep(spans, span)
    themes: dict[str, Theme] = {}
    for start, end in spans:
        if not text[start:end].strip():
            continue
        piece = ctx.evidence(start, end)
        key = fold(piece.text)
        if key in themes:
            themes[key].evidence.append(piece)
        else:
            themes[key] = Theme(text=piece.text, evidence=[piece])
    return list(themes.values())
