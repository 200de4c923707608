"""The publication date: the date a text states for itself, never an event's.

Real texts state it in a few regular places, all read here:

- a line that is only a date stamp in the head of the text (its lines before
  the first sentence of the body; a long line of menu items without the end of
  a sentence does not end it): "12 mars 2021", "24/02/2022 13:27", "Jeudi |
  30-11-2017", "Actualités - 07 déc. 2010", "Par Jean Dupont | 5 juin 2019",
  "Jean Dupont | 21-11-2017 09:19" (a name before a numeric or timed stamp),
  "Publié le 28/07/2020 à 17h15"; a date stamp under an event's title is the
  event's date when a schedule line follows it ("de 10h à 12h");
- a site's stamp anywhere in a head line: a day with its year and a machine's
  clock ("Le titre 03/12/2011 08:51:21", "17 février 2020 18:05; Act: ...",
  "08 nov. 2020 à 15:43"; an event's hour is written "18h"), or a numeric day opening a line before a bar
  ("03/09/2019 | Rubrique, ...");
- a byline inside a head line, run on with the title: "Le titre Rédigé par X
  le 9 mai 2022 à 07:37 | 1 commentaire", or inside one of the three lines
  after the head ("avec X Créé le 15.04.2015 à 20h04" under the lead): the stamp
  closes the line or is closed by a "|" or another cue, so a cue in a sentence
  is not read;
- a cue line anywhere the text speaks of itself ("Publié le 4 avril 2021",
  "Mis à jour le ..."): a line that opens with the cue and holds nothing but
  the stamp; not after a line that opens the comments or a list of other
  articles ("Voir les commentaires", "À lire aussi");
- a dateline opening a head line or the first paragraph ("Lyon, le 4 avril
  2018 – ..."), or a clipping's source ("Le Courrier, 3 mai 2019, Cahier B",
  "Journal de la Côte du 3 mai 2019 : ...", "Source : Le Courrier du ...");
- a numeric date in parentheses closing a head line ("Titre (18/03/2011)");
- an agency's dateline with a two-digit year and its tag ("Ville, 10 juil. 06 [Agence] ---"), read when
  no head line states a day;
- a line that is only a date in figures among the first lines after the head
  ("16/04/15" under an archive notice that ended the head), weakest of all;
- a periodical's issue line: an issue number beside the issue's dates ("n° 68
  31/03/2011", "n°97 | du 20 novembre au 4 décembre 2014", "janvier-avril
  2023 | 284"): the first day or month of the issue, at the precision written.

A numeric day after a weekday it falls on only when read month first is read month first ("le lun,
10/03/2016": a content system's Monday 3 October, not Thursday 10 March). Only dates with their year
written count; a range counts on an issue line only. The most precise statement wins: a day beats a month. Among days, a
stamp after a cue or a byline beats one without, a stamp with its time
written (a site's stamp of the text, not a blog's date line above a repost)
one without, and an update's date ("Mis à jour le") loses to all; on a tie
the first in the text wins.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from extractor.rules._text import CAPITALS, alternation, fold, load_data
from extractor.rules.dates import WEEKDAYS, calendar_words, find_dates, mentions_in, month_words

#: How far the head of a text may run, in lines and characters after the header.
_HEAD_LINES = 40
_HEAD_CHARS = 2500
#: How far into the text an issue line is looked for (a cover page runs long).
_ISSUE_CHARS = 2000
#: A head line with this many words that ends a sentence starts the body (so does a joined wrapped paragraph).
_PROSE_WORDS = 8
#: A head line longer than this is body text, whatever it ends with.
_PROSE_CHARS = 250
#: A stamp or a dateline writes its date in the first characters of its line.
_STAMP_CHARS = 120


@dataclass(frozen=True)
class Statement:
    """A publication date the text states: its partial ISO value and where it is written."""

    value: str
    span: tuple[int, int]
    #: How surely it is the text's own date among those of one precision: 0 an update's ("Mis à jour
    #: le"), 1 a date line, a dateline or an issue's, 2 a stamp with its time ("21-11-2017 09:19"),
    #: 3 after a cue or a byline ("Publié le", "Par X |"), 4 with its time too.
    weight: int = 1

    @property
    def rank(self) -> int:
        """0 for a year, 1 for a month, 2 for a day."""
        return self.value.count("-")


@dataclass(frozen=True)
class _Rules:
    stamp_before: re.Pattern[str]
    stamp_after: re.Pattern[str]
    cued_after: re.Pattern[str]
    cue: re.Pattern[str]
    cue_line: re.Pattern[str]
    update: re.Pattern[str]
    dateline_before: re.Pattern[str]
    stopped_before: re.Pattern[str]
    dateline_after: re.Pattern[str]
    bracketed_before: re.Pattern[str]
    bracketed_after: re.Pattern[str]
    town_before: re.Pattern[str]
    signed_after: re.Pattern[str]
    source_before: re.Pattern[str]
    source_after: re.Pattern[str]
    author_before: re.Pattern[str]
    inline_cue: re.Pattern[str]
    inline_after: re.Pattern[str]
    timed: re.Pattern[str]
    elsewhere: re.Pattern[str]
    schedule: re.Pattern[str]
    issue_mark: re.Pattern[str]
    number_before: re.Pattern[str]
    year_number: re.Pattern[str]
    month_range: re.Pattern[str]
    split_first: re.Pattern[str]
    day_dot: re.Pattern[str]
    copyright_dateline: re.Pattern[str]
    yearless_dateline: re.Pattern[str]
    short_year_dateline: re.Pattern[str]


#: A separator of a stamp: punctuation, or a lone "l", "I" or "i" standing for a "|" in a PDF copy.
_SEP = r"(?:[,|/:–—-]|(?<=\s)[lIi](?=\s))"
#: A time of day, maybe with its zone ("10h30", "10:30", "09h:26 CET", "14 h GMT+1").
_TIME = (r"\d{1,2}\s*(?:h\s*:?\s*\d{2}|:\s*\d{2}|h)(?:\s*min)?"
         r"(?:\s*(?:CET|CEST|GMT|UTC|HNE|HAE)(?:\s*[+-]\s*\d{1,2})?)?(?!\w)")
_NAME = rf"[^\W\d][\w'’.-]*(?:\s+(?:(?:de|du|van|von|le|la)\s+|d['’])?[{CAPITALS}][\w'’.-]*){{0,3}}"
#: A year, or a numeric date with a short year: where a date with its year may be written.
_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\d[/.-]\d{1,2}[/.-]\d\d")
_CITY = rf"[{CAPITALS}][\w'’.-]*(?:[ /-][\w'’.-]+){{0,3}}"  # "Sarrebruck/Paris": two towns
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
#: A date written in digits ("05/06/2019", "le 21-11-2017").
_NUMERIC = re.compile(r"(?:(?i:le)\s+)?[\d/.-]+")


#: The time a machine's timestamp glues to its date: "2024-05-24T04:00:00Z", "...T09:15+02:00".
_MACHINE_TIME = r"(?:T\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?(?![\w:]))?"
#: A town written in capitalised words: "Liège", "Saint-Louis", "Sarrebruck/Paris".
#: A source's code in a dateline: "UL/SCOM", "UDs/SIC", "AIP" (capitals first, slashes between).
_SOURCE_CODE = r"[A-Z][\w.&]{0,10}(?:/[A-Z][\w.&]{0,10}){0,2}"
_TOWN = rf"[{CAPITALS}][\w'’.-]*(?:[ /-][{CAPITALS}][\w'’.-]*){{0,2}}"
#: The place a timed stamp may end on, set apart by spaces or a bar: "17:50   Liège", "17:50 | Saint-Louis".
_STAMP_PLACE = rf"(?:[ \t]{{2,}}|[ \t]*\|[ \t]*){_TOWN}[ \t]*$"


#: Weekdays as a content system abbreviates them ("Soumis par X le lun, 10/03/2016"), Monday first.
_SHORT_WEEKDAYS = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
_SHORT_WEEKDAY = re.compile(rf"(?i:{'|'.join(_SHORT_WEEKDAYS)})(?=\.?\W)|(?i:{'|'.join(WEEKDAYS)})(?!\w)")


def _month_first(before: str, mention: _Date) -> str:
    """The value of a numeric day read month first when the weekday written before it falls on it only that
    way ("le lun, 10/03/2016": Monday 3 October 2016, as a content system writes it, not Thursday 10 March);
    else its value as read, day first."""
    weekdays = _SHORT_WEEKDAY.findall(before)
    parts = re.fullmatch(r"(?:(?i:le)\s+)?(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)", mention.text.strip())
    if not weekdays or parts is None:
        return mention.value
    named = fold(weekdays[-1])[:3]
    day, month, year = (int(part) for part in parts.groups())
    try:
        as_read, swapped = datetime.date(year, month, day), datetime.date(year, day, month)
    except ValueError:
        return mention.value
    if _SHORT_WEEKDAYS[as_read.weekday()] != named and _SHORT_WEEKDAYS[swapped.weekday()] == named:
        return swapped.isoformat()
    return mention.value


@cache
def _rules() -> _Rules:
    data = load_data("published_fr.json")
    cue = rf"(?i:{alternation(data['cues'] + data['update_cues'])})(?!\w)"
    label = rf"(?i:{alternation(data['labels'])})(?!\w)"
    byline = rf"(?i:{alternation(data['byline'])})\s+{_NAME}"
    weekday = rf"(?i:{alternation(set(calendar_words()))}|{alternation(list(_SHORT_WEEKDAYS))}\.?)(?!\w)"
    part = rf"(?:{cue}(?:\s+(?i:le|en))?|{label}|{byline}|{weekday}|(?i:le)(?!\w))"
    marks = "|".join(data["issue_marks"])
    # "14 mars 2019 - Anne Dupont": an author's first and last names after a dash close the stamp's line
    person = rf"[{CAPITALS}][\w'’.-]*(?:\s+(?:(?:de|du|van|von|le|la)\s+|d['’])?[{CAPITALS}][\w'’.-]*){{1,3}}"
    author = rf"[–—-]\s*{person}$"
    # "19 mars, 2012 | BUSINESS NEWS | 0 commentaires": a site's section in capitals between bars
    section_bar = r"\s*\|\s*[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9 '&-]{1,40}(?:\|.*)?"
    tail = (rf"(?:\s*{_SEP}?\s*(?:{cue}|{label}|(?i:{alternation(data['byline'])})(?:\s|$)).*"
            rf"|{section_bar}|\s*{author})?[\s|–—-]*")
    not_a_year = r"(?!\d)(?<!19\d\d)(?<!20\d\d)"  # an issue number, not a year
    number = rf"\d{{1,4}}{not_a_year}"
    section = rf",\s*(?i:{alternation(data['sections'])})(?!\w)"
    return _Rules(
        stamp_before=re.compile(rf"[\s>*•·]*(?:{part}\s*{_SEP}?\s*)*"),
        # "11 décembre 2018 17:50   Liège": a timed stamp may close on its place
        stamp_after=re.compile(rf"{_MACHINE_TIME}\s*{_SEP}?\s*(?:(?:(?i:à)\s*)?\d{{1,2}}:\d\d(?!\d)(?:{_STAMP_PLACE})?)?"
                               rf"{tail}"),
        cued_after=re.compile(rf"{_MACHINE_TIME}\s*{_SEP}?\s*(?:(?i:à)\s*)?(?:{_TIME})?{tail}"),
        cue=re.compile(rf"{cue}|(?i:{alternation(data['byline'])})\s"),
        cue_line=re.compile(rf"^[ \t>*•·-]*{cue}", re.MULTILINE),
        update=re.compile(rf"(?i:{alternation(data['update_cues'])})(?!\w)"),
        # "Lyon, le", "Lomé, UL/SCOM – 07/01/2019.": a source's code between the town and the date;
        # "Pointe-à-Pitre. Samedi 12 mai 2018. AGP.": the town closed by a full stop, a weekday before the day
        # (stopped_before, read only with the weekday)
        dateline_before=re.compile(rf"\s*{_CITY}\s*(?:\([^)\n]{{1,20}}\)\s*)?,\s*(?:{_SOURCE_CODE}\s*[–—-]\s*)?"),
        stopped_before=re.compile(rf"\s*{_CITY}\.\s*(?P<weekday>{weekday}\s*)?"),
        # "©Agence-(Lomé, le 10 juillet 2017)- La ...": a dateline in brackets after an agency's tag
        bracketed_before=re.compile(rf"[^\n(]{{0,40}}\(\s*{_CITY}\s*,\s*"),
        bracketed_after=re.compile(r"\s*\)\s*\.?[–—-]"),
        # "Gatineau le 26 février 2023 -": a town of capitalised words, no comma
        town_before=re.compile(rf"\s*{_TOWN}\s+"),
        # "14 mars 2019 - Anne Dupont", "27 avril 2011, par": a signed stamp, even below the lead paragraph
        signed_after=re.compile(rf"\s*(?:[–—-]\s*{person}|,?\s*(?i:{alternation(data['byline'])})(?:\s+{_NAME})?)\s*"),
        # "– Le salon", ".- Le salon", "/Agence/ - ", "(AFP) - ", "[Agence] —", or nothing more on the line:
        # "Paris, le 3 mai 2019"
        # "Neuchâtel, 12 mars 2015 (Apic) Les enseignants ...": an agency's tag, then the text without a dash
        dateline_after=re.compile(rf"\s*(?:/[^/\n]{{1,30}}/\s*|\([^)\n]{{1,20}}\)\s*|\[[^]\n]{{1,30}}\]\s*)?"
                                  rf"(?:\.?[–—-]|[.:]?\s*$|,\s*{_TIME}(?!\w)"  # "Lyon, le 4 mai 2011, 18h00 ..."
                                  rf"|{section}[^\n]{{0,40}}$)"  # "Le Courrier, 3 mai 2019, Cahier B"
                                  rf"|\s*\((?:[A-Z][\w.&-]*\s?){{1,3}}\)\.?\s+(?=[{CAPITALS}])"
                                  # "Lomé, UL/SCOM – 07/01/2019. L'Université ...": a stop, then the text
                                  rf"|\.[ \t]+(?=[{CAPITALS}])"),
        # "Journal de la Côte du 3 mai 2019 : Le titre"
        source_before=re.compile(rf"[\s>*•·]*(?:(?i:{alternation(data['source_labels'])})\s*:?\s"
                                 rf"|(?:(?i:le|la|les|l['’])\s*)?(?i:{alternation(data['periodicals'])})(?!\w))"
                                 rf"[^\d\n|]{{0,60}}?(?:\s(?i:du)|,)?\s*"),
        source_after=re.compile(rf"\s*(?:$|[^\w\s]|{section})"),
        # "Jeanne Martin | 21-11-2017 09:19": an author's name, then a stamp
        author_before=re.compile(rf"[\s>*•·]*{_NAME}\s*(?P<sep>[|•·])\s*"),
        # "Le titre Rédigé par X le 9 mai 2022 à 07:37 | ...": a byline inside the title's line
        inline_cue=re.compile(rf"(?<=\s){cue}"),
        inline_after=re.compile(rf"\s*(?:(?i:à)\s*)?(?:{_TIME})?\s*(?:\||$|{cue})"),
        timed=re.compile(rf"\s*{_SEP}?\s*(?:(?i:à)\s*)?{_TIME}"),
        elsewhere=re.compile(rf"^[ \t>*•·-]*(?:\d+\s+)?(?i:{alternation(data['elsewhere'])})(?!\w)", re.MULTILINE),
        schedule=re.compile(rf"\s*(?:(?i:{alternation(data['schedule'])})\s+)?{_TIME}"),
        issue_mark=re.compile(rf"(?<!\w)(?i:{marks})\s*\d{{1,4}}(?![\d-])\s*{_SEP}?\s*"),
        # these two open with a digit, not a lookbehind, so the regex engine skips ahead fast
        number_before=re.compile(rf"\d(?<![\w.,]\d)\d{{0,3}}{not_a_year}\s+{_SEP}\s+(?=[^\W\d_])"),
        year_number=re.compile(rf"(?:19|20)\d\d(?<!\d{{5}})(?!\d)(?=\s+{_SEP}\s+{number}"
                               rf"(?=[ \t]*(?:$|\n|[|–—-]|[lIi]\s|[{CAPITALS}]['’]?[{CAPITALS}])))"),
        month_range=re.compile(r"([^\W\d_]+)\.?\s*[-–/]\s*$"),
        split_first=re.compile(r"(?<!\d)1\s(er|re)(?!\w)"),
        # "14. mars 2019": a day written with a dot (Swiss German style), read as "14 mars 2019"
        day_dot=re.compile(rf"(?<![\d.])(\d{{1,2}})\.(?=[ \t]+(?i:{alternation(set(month_words()))})"
                           r"(?!\w))"),
        # "Abidjan, 06 mars (AIP)- La ...": an agency's dateline without its year, maybe after a stamp on its line
        yearless_dateline=re.compile(rf"^(?:[^\n]{{0,20}}?\s)?{_CITY}\s*,\s*(?:(?i:le)\s+)?(?P<day>\d{{1,2}}(?:er)?\s+"
                                     rf"(?i:{alternation(set(month_words()))})\.?)"
                                     rf"\s*\([A-Z][\w.&-]{{1,15}}\)\s*\.?[–—-]", re.MULTILINE),
        # "Port-au-Prince, 10 juil. 06 [Agence] --- Les ...": an agency's dateline with a two-digit year
        short_year_dateline=re.compile(rf"^(?:[^\n]{{0,20}}?\s)?{_CITY}\s*,\s*(?:(?i:le)\s+)?(?P<day>\d{{1,2}}(?:er)?\s+"
                                       rf"(?i:{alternation(set(month_words()))})\.?)\s+(?P<year>\d\d)(?!\d)"
                                       rf"\s*(?:\[[^]\n]{{1,30}}\]|\([A-Z][^)\n]{{1,20}}\))\s*\.?[–—-]", re.MULTILINE),
        # "Lomé (© 2023 Agence) - ...": an agency's dateline with its copyright year
        copyright_dateline=re.compile(rf"[ \t]*{_CITY}\s*\(\s*(?:©|\(c\))\s*((?:19|20)\d\d)(?!\d)"
                                      rf"[^)\n]{{0,40}}\)\s*[–—-]"),
    )


# --------------------------------------------------------------------------- lines of the head


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``text[start:end]``, without its line break."""
    while start < end:
        stop = text.find("\n", start, end)
        if stop == -1:
            stop = end
        yield start, stop
        start = stop + 1


def _own_end(text: str, body: int) -> int:
    """Where the text stops speaking of itself after its body opens at ``body``: a line opening
    its comments or a list of other articles ("Voir les commentaires", "À lire aussi"), else its end."""
    found = _rules().elsewhere.search(text, body)
    return len(text) if found is None else found.start()


def _head(text: str, body_start: int) -> list[tuple[int, int]]:
    """The lines before the body's first sentence, that line included (a dateline opens it).

    A long line without the end of a sentence is a run of menu items, not the body.

    >>> text = "Menu\\nLe titre\\n12 mars 2021\\nLe salon ouvre ses portes demain à Lyon pour trois jours.\\nFin"
    >>> [text[s:e] for s, e in _head(text, 0)][-2:]
    ['12 mars 2021', 'Le salon ouvre ses portes demain à Lyon pour trois jours.']
    """
    end = min(len(text), body_start + _HEAD_CHARS)
    head: list[tuple[int, int]] = []
    for start, stop in _lines(text, body_start, end):
        head.append((start, stop))
        line = text[start:stop].strip()
        words = len(line.split())
        prose = words >= _PROSE_WORDS and (line.endswith((".", "…", ":", ";")) or ". " in line)
        long = len(line) > _PROSE_CHARS and _SENTENCE_END.search(line) is not None
        if prose or long or len(head) >= _HEAD_LINES:
            break
    return head


@dataclass(frozen=True)
class _Date:
    """A date of the text with its year written: first ISO day or month, precision, where it is."""

    value: str
    single: bool  # one day or one month, not a range
    precision: str
    first: int
    last: int
    text: str


def _mentions(text: str, start: int, end: int) -> list[_Date]:
    """Dates of ``text[start:end]`` with their year written; the grammar runs only where a year is.

    A "1 er" split by a PDF copy reads as "1er", a day written "14. mars" as "14 mars" (same length, so
    offsets hold).
    """
    if not _WRITTEN_YEAR.search(text, start, end):
        return []
    low = max(0, start - 8)  # room for the grammar's look-behinds
    rules = _rules()
    window = rules.day_dot.sub(r"\1 ", rules.split_first.sub(lambda m: f"1{m.group(1)} ", text[low:end]))
    return [_Date(m.start, m.start == m.end, m.precision.value, m.evidence[0].start + low, m.evidence[0].end + low,
                  m.text) for m in mentions_in(window, start - low, None) if m.start is not None]


def _day_on(text: str, start: int, end: int) -> _Date | None:
    """The first date of ``text[start:end]`` that is one day with its year written."""
    return next((d for d in _mentions(text, start, end) if d.single and d.precision == "day"), None)


def _stamp(text: str, start: int, end: int, following: str, cued: bool = False) -> Statement | None:
    """The date of a head line that is a date stamp or opens with a dateline, or None.

    After a cue ("Publié le 4 avril 2021.") anything may follow the stamp on its line: a sentence,
    or the whole text when its lines were run together.
    """
    mention = _day_on(text, start, min(end, start + _STAMP_CHARS))
    if mention is None:
        return None
    rules = _rules()
    first, last = mention.first, mention.last
    before, after = text[start:first], text[last:end]
    numeric = _NUMERIC.fullmatch(mention.text) is not None
    cued = cued or rules.cue.search(before) is not None
    found = _statement(text, start, mention, end)
    if numeric:
        found = replace(found, value=_month_first(before, mention))
    # a time after a cue or a numeric date ("24/02/2022 à 17h15") is a stamp's; "12 mars 2021 à 18h" an event's
    stamp_after = rules.cued_after if cued or numeric else rules.stamp_after
    # an author's name before a machine's stamp: "Jeanne Martin | 21-11-2017 09:19"; a bullet sets apart
    # a site's byline whatever the date's form: "Jeanne Martin • 14 novembre 2018"
    timed = rules.timed.match(after) is not None
    author = rules.author_before.fullmatch(before)
    authored = author is not None and (numeric or timed or author.group("sep") != "|")
    if (rules.stamp_before.fullmatch(before) or authored) and (stamp_after.fullmatch(after) or cued):
        if rules.schedule.match(following):
            return None  # "jeudi 26 novembre 2009" above "de 10h à 12h": the event's day
        return found
    if _dateline(text, start, mention, end):
        return found  # "Lyon, le 4 avril 2018 –", "Le Courrier, 3 mai 2019, Cahier B"
    if rules.source_before.fullmatch(before) and rules.source_after.match(after):
        return found  # a clipping's source: "Journal de la Côte du 3 mai 2019 : Le titre"
    if numeric and before.rstrip().endswith("(") and re.fullmatch(r"\s*\)\s*", after):
        return found  # "Titre (18/03/2011)"
    return None


def _dateline(text: str, start: int, mention: _Date, end: int) -> bool:
    """True when the line ``text[start:end]`` opens with a dateline around ``mention``: "Lyon, le 4 avril
    2018 –", "Sarrebruck/Paris, le 25 juin 2015", or without the comma before "le": "Gatineau le 26
    février 2023 -", or in brackets after an agency's tag: "©Agence-(Lomé, le 10 juillet 2017)-"."""
    rules = _rules()
    if rules.bracketed_after.match(text, mention.last, end):
        return rules.bracketed_before.fullmatch(text, start, mention.first) is not None
    if not rules.dateline_after.match(text, mention.last, end):
        return False
    stopped = rules.stopped_before.fullmatch(text, start, mention.first)
    if stopped is not None and (stopped.group("weekday") or _SHORT_WEEKDAY.match(mention.text)):
        return True  # "Pointe-à-Pitre. Samedi 12 mai 2018. AGP. Cette ..."
    return rules.dateline_before.fullmatch(text, start, mention.first) is not None or (
        mention.text[:3].lower() == "le " and rules.town_before.fullmatch(text, start, mention.first) is not None)


def _statement(text: str, start: int, mention: _Date, end: int) -> Statement:
    """What a stamp states, its words before from ``start`` and after up to ``end`` read."""
    rules = _rules()
    if rules.update.search(text, start, mention.first) is not None:
        return Statement(mention.value, (mention.first, mention.last), weight=0)
    timed = rules.timed.match(text, mention.last, end) is not None
    cued = rules.cue.search(text, start, mention.first) is not None
    return Statement(mention.value, (mention.first, mention.last), weight=1 + timed + 2 * cued)


def _inline(text: str, start: int, end: int) -> Iterator[Statement]:
    """Bylines inside a head line: "Le titre Rédigé par X le 9 mai 2022 à 07:37 | 1 commentaire".

    Inside a line, the stamp must close the line or be closed by a "|", so that a cue in a
    sentence ("le décret sera publié le 3 mai 2019 au Journal officiel") is not read.
    """
    rules = _rules()
    for cue in rules.inline_cue.finditer(text, start, end):
        mention = _day_on(text, cue.start(), min(end, cue.start() + _STAMP_CHARS))
        if (mention is not None and rules.stamp_before.fullmatch(text, cue.start(), mention.first)
                and rules.inline_after.match(text, mention.last, end)):
            yield _statement(text, cue.start(), mention, end)


#: A machine's clock after a date: "03/12/2011 08:51:21", "17 février 2020 18:05" (an event's hour is "18h").
_CLOCK = re.compile(r"(?:[ \t]+à)?[ \t]+\d{1,2}:\d\d(?::\d\d)?(?![\d:])")  # "08 nov. 2020 à 15:43" too
#: What closes a numeric date opening its line as a stamp: a bar before the line's other items.
_BAR = re.compile(r"[ \t]*\|")
#: A line that may hold such a stamp: a clock, or a bar after a leading number or day (the date grammar is read
#: only then).
_STAMP_HINT = re.compile(r"\d:\d\d|^[ \t]*\d[\d/.-]*[ \t]*\||^[ \t]*\d{1,2}(?:er)?\s+\w+\.?\s+\d{4}[ \t]*\|"
                         r"|\|[^\n]*\d[/.-]\d\d?[/.-]\d{2,4}",
                         re.MULTILINE)
#: An hour on a line: "20h", "20 h 30": an event's listing ("12 mars 2021 | Salle X | 20h"), not a stamp.
_HOUR = re.compile(r"(?<!\w)\d{1,2}\s?h(?:\s?\d{2})?(?!\w)")
#: An author's name between bars after a day opening a line: "23 février 2008 | Anne Michel | Livres".
_BAR_AUTHOR = re.compile(rf"[ \t]*\|[ \t]*[{CAPITALS}][\w'’.-]+(?:[ \t]+[{CAPITALS}][\w'’.-]+){{1,3}}[ \t]*(?:\||$)",
                         re.MULTILINE)


#: What closes a numeric date that is an item of a line of bars: a bar or the line's end.
_BAR_ITEM_AFTER = re.compile(r"[ \t]*(?:\||$)", re.MULTILINE)


def _bar_item(text: str, start: int, mention: _Date) -> bool:
    """True when ``mention`` opens an item of the line of bars it is on: a bar right before it, or "le" before
    it after a bar earlier on the line ("Le Matin | Maroc | 21/04/2016", "Par X | N°:6120 Le 14/05/2021 |")."""
    before = text[start : mention.first].rstrip()
    if before.endswith("|"):
        return True
    return "|" in before and (mention.text[:3].lower() == "le " or before.lower().endswith((" le", "|le")))


def _machine_stamp(text: str, start: int, end: int) -> Statement | None:
    """A site's stamp inside a head line, whatever surrounds it: a day with its year and a machine's clock
    ("Titre de l'article 03/12/2011 08:51:21", "17 février 2020 18:05; Act: ..."), a numeric day opening
    the line before a bar ("03/09/2019 | Rubrique, ..."), or any day opening it before a bar ("23 février
    2008 | Anne Michel | Livres", "03 mars 2008 | Lecture : 4 min."), unless an hour follows (an event's
    listing: "12 mars 2021 | Salle X | 20h")."""
    if _STAMP_HINT.search(text, start, end) is None:
        return None  # most head lines: no clock, no bar
    for mention in _mentions(text, start, end):
        if not (mention.single and mention.precision == "day"):
            continue
        if _CLOCK.match(text, mention.last, end):
            return _statement(text, start, mention, end)
        if _NUMERIC.fullmatch(mention.text) and _bar_item(text, start, mention) \
                and _BAR_ITEM_AFTER.match(text, mention.last, end) and not _HOUR.search(text, mention.last, end):
            return _statement(text, start, mention, end)  # "Le Matin | Maroc | 21/04/2016", "N°:6120 Le 14/05/2021 |"
        if not text[start : mention.first].strip() and (
                (_NUMERIC.fullmatch(mention.text) and _BAR.match(text, mention.last, end))
                or ((_BAR_AUTHOR.match(text, mention.last, end) or _BAR.match(text, mention.last, end))
                    and not _HOUR.search(text, mention.last, end))):
            return _statement(text, start, mention, end)
    return None


#: A line that only labels the date under it: "Date", "Date de publication :", "Publié le".
_DATE_LABEL = re.compile(r"[ \t]*(?i:date(?:\s+de\s+publication)?|publié(?:\s+le)?|mis\s+en\s+ligne(?:\s+le)?)"
                         r"[ \t]*:?[ \t]*")


def _next_lines(text: str, head: list[tuple[int, int]], index: int) -> list[tuple[int, int]]:
    """The line after the head when the head's last line is ``index``'s (a label may end the head)."""
    if index + 1 < len(head) or not head:
        return []
    after = head[-1][1] + 1
    return list(_lines(text, after, min(len(text), after + _STAMP_CHARS)))[:2]


def _lone_day(text: str, start: int, end: int) -> Statement | None:
    """The day a line holds alone ("18.05.2022", "3 mai 2022"), read day first when numeric, or None."""
    mention = _day_on(text, start, end)
    if mention is None or text[start : mention.first].strip() or text[mention.last : end].strip():
        return None
    found = _statement(text, start, mention, end)
    return replace(found, value=_month_first("", mention)) if _NUMERIC.fullmatch(mention.text) else found


#: A line that is only a machine's clock, maybe after "à": "À 18:42", "18:42:05".
_CLOCK_LINE = re.compile(r"[ \t]*(?:(?i:à)[ \t]*)?\d{1,2}:\d\d(?::\d\d)?[ \t]*")


def _clocked_below(text: str, start: int, end: int, following: str) -> Statement | None:
    """A line that is only a day with its year, over a line that is only a clock ("06 mars 2004" / "À 18:42"):
    a site's stamp set on two lines (an event's hour is written "18h")."""
    return _lone_day(text, start, end) if _CLOCK_LINE.fullmatch(following) else None


def _head_statements(text: str, head: list[tuple[int, int]], own_end: int) -> Iterator[Statement]:
    """Date stamps, datelines, title stamps and bylines inside the head lines; and, on a line after them
    (before ``own_end``, where other articles are listed), a dateline, when a sentence of page furniture
    ended the head ("Il y a des items dans votre panier." then "Montréal, le 8 février 2016 – L'UQAM ...",
    or a table of figures above "Ville, le 20 juillet 2023 - Le conseil ..."), or a signed stamp under a
    lead paragraph ("14 mars 2019 - Anne Dupont", "27 avril 2011, par")."""
    for index, (start, end) in enumerate(head):
        following = next((text[s:e] for s, e in head[index + 1 :] if text[s:e].strip()), "")
        found = _stamp(text, start, end, following) or _machine_stamp(text, start, end) \
            or _clocked_below(text, start, end, following)
        if found is not None:
            yield found
        if _DATE_LABEL.fullmatch(text, start, end):
            below = next(((s, e) for s, e in head[index + 1 :] + _next_lines(text, head, index) if text[s:e].strip()),
                         None)
            if below is not None and (labelled := _lone_day(text, *below)) is not None:
                yield replace(labelled, weight=3)  # "Date" / "18.05.2022" under a site's date of the day
        yield from _inline(text, start, end)
    after = head[-1][1] + 1 if head else len(text)
    rules = _rules()
    lines = [(first, last) for first, last in _lines(text, after, min(own_end, after + _HEAD_CHARS))
             if text[first:last].strip()]
    for index, (first, last) in enumerate(lines):
        mention = _day_on(text, first, min(last, first + _STAMP_CHARS))
        if mention is None:
            continue
        if _dateline(text, first, mention, last) or (rules.stamp_before.fullmatch(text, first, mention.first)
                                                     and rules.signed_after.fullmatch(text, mention.last, last)):
            yield _statement(text, first, mention, last)
        elif index < _LONE_AFTER_HEAD and _NUMERIC.fullmatch(text[first:last].strip()):
            yield replace(_statement(text, first, mention, last), weight=0)  # "16/04/15" under an archive notice
        elif index < _LONE_AFTER_HEAD and (stamp := _machine_stamp(text, first, last)) is not None:
            yield stamp  # "03 mars 2008 | Lecture : 4 min." under the lead paragraph and the byline
        elif index < _LONE_AFTER_HEAD and index + 1 < len(lines) and (
                stamp := _clocked_below(text, first, last, text[lines[index + 1][0] : lines[index + 1][1]])):
            yield stamp  # "LE JOURNAL" / "06 mars 2004" / "À 18:42" under the lead
        if index < _LONE_AFTER_HEAD:
            yield from _inline(text, first, last)  # "avec mp Créé le 15.04.2015 à 20h04" under the lead


def _copyright_statements(text: str, body_start: int) -> Iterator[Statement]:
    """The year of an agency's dateline that writes its copyright instead of a day: "Lomé (© 2023 X)- ...",
    opening a line of the text's first characters (a caption may end the head before it)."""
    dateline = _rules().copyright_dateline
    for start, end in _lines(text, body_start, min(len(text), body_start + _HEAD_CHARS)):
        found = dateline.match(text, start, end)
        if found is not None:
            yield Statement(found.group(1), found.span(1))


#: Lines after the head within which a line that is only a date in figures is the text's own ("16/04/15" under
#: a notice that ended the head); it loses to any other statement of its precision.
_LONE_AFTER_HEAD = 3
#: An agency's footer: a lone date line among the text's last lines ("XYZ/ab/APA" then "19-05-2010").
_FOOTER_LINES = 4


def _footer_statements(text: str, head_end: int, own_end: int) -> Iterator[Statement]:
    """A line that is only a date in figures among the last lines of the text (before its comments), after
    the head: an agency's or a site's date under the text ("19-05-2010"; "Samedi 3 mai 2014" there is
    rather the event's day). It loses to a head's stamp of its precision."""
    lines = [(s, e) for s, e in _lines(text, head_end, own_end) if text[s:e].strip()][-_FOOTER_LINES:]
    for start, end in lines:
        line = text[start:end].strip()
        if _NUMERIC.fullmatch(line) is None:
            continue
        found = _stamp(text, start, end, "")
        if found is not None:
            yield replace(found, weight=min(found.weight, 1))


def _cue_statements(text: str, body_start: int, own_end: int, head_end: int) -> Iterator[Statement]:
    """Cue lines anywhere the text speaks of itself ("Publié le 4 avril 2021 à 10h").

    After the head (a footer, the end of a page), a cue or a time does not make it stronger than the head's.
    """
    for match in _rules().cue_line.finditer(text, body_start, own_end):
        end = text.find("\n", match.end(), own_end)
        found = _stamp(text, match.start(), own_end if end == -1 else end, "", cued=True)
        if found is not None:
            yield found if match.start() < head_end else replace(found, weight=min(found.weight, 1))


# --------------------------------------------------------------------------- issue lines


def _issue_date(text: str, date: _Date) -> Statement:
    """The first day or month of an issue's dates; "janvier-avril 2023" gives 2023-01."""
    if date.precision == "month":
        earlier = _rules().month_range.search(text, max(0, date.first - 20), date.first)
        if earlier is not None:
            opening = find_dates(f"{earlier.group(1)} {date.value[:4]}")
            if opening and opening[0].precision.value == "month" and opening[0].start:
                value = opening[0].start
                if value > date.value:  # "décembre-janvier 2021": December 2020
                    value = f"{int(value[:4]) - 1}{value[4:]}"
                return Statement(value, (earlier.start(), date.last))
    return Statement(date.value, (date.first, date.last))


def _issue_at(text: str, at: int) -> Statement | None:
    """The issue's dates written right at ``at`` (a month range may open there), or None."""
    for date in _mentions(text, at, min(len(text), at + 60)):
        found = _issue_date(text, date)
        if found.span[0] == at:
            return found
    return None


def _issue_statements(text: str, body_start: int) -> Iterator[Statement]:
    """Issue lines of a periodical in the first characters of the text."""
    rules = _rules()
    end = min(len(text), body_start + _ISSUE_CHARS)
    for mark in rules.issue_mark.finditer(text, body_start, end):  # "n°97 | du 20 novembre ..."
        found = _issue_at(text, mark.end())
        if found is not None:
            yield found
    for number in rules.number_before.finditer(text, body_start, end):  # "284 | janvier-avril 2023"
        found = _issue_at(text, number.end())
        if found is not None and found.rank == 1:
            yield found
    for year in rules.year_number.finditer(text, body_start, end):  # "juin 2016 – 255"
        for date in _mentions(text, max(body_start, year.start() - 40), year.end()):
            found = _issue_date(text, date)
            if found.rank == 1 and found.span[1] == year.end():
                yield found


def read_published(text: str, body_start: int = 0) -> Statement | None:
    """The publication date a text states for itself, at the precision written, or None.

    ``text`` is best the view with soft line breaks joined (``extractor.rules.wrapping``):
    a wrapped paragraph is then one line, which tells the head from the body.

    >>> read_published("Le titre\\nPublié le 28/07/2020\\n\\nLe salon ouvrira ses portes.").value
    '2020-07-28'
    >>> read_published("Menu\\n24/02/2022 13:27\\nTitre").value
    '2022-02-24'
    >>> read_published("Revue n°65 - septembre-octobre 2021\\nLe dossier").value
    '2021-09'
    >>> read_published("Conférence\\njeudi 26 novembre 2009\\nde 10h à 12h45") is None
    True
    """
    head = _head(text, body_start)
    head_end = head[-1][1] if head else body_start
    own_end = _own_end(text, head_end)
    best: Statement | None = None
    for found in (*_head_statements(text, head, own_end), *_cue_statements(text, body_start, own_end, head_end),
                  *_issue_statements(text, body_start), *_copyright_statements(text, body_start),
                  *_footer_statements(text, head_end, own_end)):
        if best is None or _stronger(found, best):
            best = found
    if best is None or best.rank < 2:
        dated = _short_year_dateline(text, body_start) or _yearless_dateline(text, body_start, best)
        best = dated if dated is not None else best
    return best


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: Characters from the body's start a dateline without its year is looked for in.
_YEARLESS_CHARS = 600


def _short_year_dateline(text: str, body_start: int) -> Statement | None:
    """The day of an agency's dateline that writes its year in two digits ("Port-au-Prince, 10 juil. 06
    [Agence] ---"): below 50 in the 2000s, else in the 1900s (as the date grammar reads "31/10/74")."""
    line_start = text.rfind("\n", 0, body_start) + 1
    found = _rules().short_year_dateline.search(text, line_start, min(len(text), body_start + _YEARLESS_CHARS))
    if found is None:
        return None
    short = int(found.group("year"))
    year = str(2000 + short if short < 50 else 1900 + short)
    day = next((m for m in mentions_in(text[: found.end("day")], found.start("day"), year) if m.start), None)
    if day is None or day.start is None:
        return None
    return Statement(day.start, (found.start("day"), found.end("year")), weight=1)


def _yearless_dateline(text: str, body_start: int, stated: Statement | None) -> Statement | None:
    """The day of an agency's dateline that omits its year ("Abidjan, 06 mars (AIP)-"), in the year of
    ``stated`` (a month or a year the text states for itself) when it agrees, else in the first year the
    text writes after it (or before it: an archive's stamp, "date 2018-03 Abidjan, 06 mars (AIP)-")."""
    line_start = text.rfind("\n", 0, body_start) + 1  # a stamp before the body may open the dateline's line
    found = _rules().yearless_dateline.search(text, line_start, min(len(text), body_start + _YEARLESS_CHARS))
    if found is None:
        return None
    year = stated.value[:4] if stated is not None else None
    if year is None:
        written = _YEAR.search(text, found.end()) or _YEAR.search(text, 0, found.end())
        year = written.group() if written else None
    if year is None:
        return None
    day = next((m for m in mentions_in(text[: found.end("day")], found.start("day"), year) if m.start), None)
    if day is None or day.start is None or (stated is not None and stated.rank == 1 and day.start[:7] != stated.value):
        return None
    return Statement(day.start, (found.start("day"), found.end("day")), weight=1)


def _stronger(one: Statement, other: Statement) -> bool:
    """The more precise statement, else the surer (``Statement.weight``), else the first in the text."""
    if (one.rank, one.weight) != (other.rank, other.weight):
        return (one.rank, one.weight) > (other.rank, other.weight)
    return one.span[0] < other.span[0]


def opens_schedule(line: str) -> bool:
    """True when ``line`` opens with the hours of an event ("de 10h à 12h45", "à partir de 18h"): the date
    line above it is the event's day."""
    return _rules().schedule.match(line) is not None


def opens_with_cue(text: str, start: int) -> bool:
    """True when the text at ``start`` opens with a publication cue ("Publié le ...")."""
    return _rules().cue_line.match(text, start) is not None
