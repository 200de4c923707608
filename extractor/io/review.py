"""A review page: every record beside its text, with each evidence span highlighted.

One self-contained HTML file (no network, no external asset): a list of the
documents, and for each its text with the spans a value was read from marked
in a colour per field, a legend, and the record as readable tables (events with
their parts, dates, organisers with roles, venues, themes, speakers, figures,
warnings). People check extractions by looking; this is where they look.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

#: Field -> (label, colour); the first of several fields covering a character wins the colour.
FIELDS: dict[str, tuple[str, str]] = {
    "date": ("date", "#ffd166"),
    "figure": ("figure", "#c3aed6"),
    "theme": ("theme", "#f4a6a6"),
    "venue": ("venue", "#b5e48c"),
    "organiser": ("organiser", "#9ec9f0"),
    "city": ("speaker city", "#f6c28b"),
    "country": ("speaker country", "#e8b7d4"),
    "event": ("event", "#a0e7e5"),
}

TextLookup = Callable[[dict[str, Any]], str | None]

_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{padding:14px 24px;background:#1f3a5f;color:#fff}header h1{margin:0;font-size:20px}
.legend{margin-top:8px}.legend span{display:inline-block;margin:2px 8px 2px 0;padding:1px 8px;border-radius:3px;
color:#1d1d1f}
nav{padding:10px 24px;background:#eef2f7;border-bottom:1px solid #d7dee8}nav a{margin-right:14px}
section{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:20px;padding:18px 24px;
border-bottom:1px solid #e3e3e3}
h2{grid-column:1/-1;margin:0;font-size:17px}.text{white-space:pre-wrap;background:#fff;padding:14px;
border:1px solid #e3e3e3;border-radius:6px;max-height:78vh;overflow:auto}
mark{border-radius:2px;padding:0 1px;color:inherit}
table{border-collapse:collapse;width:100%;margin-bottom:14px;background:#fff}
th,td{text-align:left;vertical-align:top;border:1px solid #e3e3e3;padding:4px 7px;font-size:14px}
th{background:#f1f4f8;font-weight:600}td.part{padding-left:22px}.muted{color:#777}
.warnings li{color:#8a5a00}
"""

_SCRIPT = """
window.addEventListener("error", function (e) {
  document.body.setAttribute("data-errors", String(e.message));
});
document.addEventListener("DOMContentLoaded", function () {
  var marks = document.querySelectorAll("mark");
  document.body.setAttribute("data-marks", String(marks.length));
  marks.forEach(function (m) {
    m.addEventListener("click", function () { alert(m.title); });
  });
  document.body.setAttribute("data-ready", "1");
});
"""


def _spans(record: dict[str, Any]) -> list[tuple[int, int, str, str]]:
    """(start, end, field, what) for every evidence span of a record."""
    found: list[tuple[int, int, str, str]] = []

    def add(field: str, what: str, items: Iterable[dict[str, Any]]) -> None:
        for item in items:
            found.extend((e["start"], e["end"], field, what) for e in item.get("evidence", []))

    events = list(record.get("events") or [])
    for event in events:
        add("event", f"event: {event.get('name') or '(unnamed)'}", [event])
        for part in event.get("parts") or []:
            add("event", f"part: {part.get('name') or '(unnamed)'}", [part])
    for organiser in record.get("organisers") or []:
        add("organiser", f"{organiser['role']}: {organiser['name']}", [organiser])
    for venue in record.get("venues") or []:
        add("venue", f"venue: {venue['name']}", [venue])
    for theme in record.get("themes") or []:
        add("theme", "theme", [theme])
    for figure in record.get("figures") or []:
        add("figure", f"figure: {figure['value']} {figure['unit']}", [figure])
    for date in record.get("dates") or []:
        add("date", f"date: {date.get('start')}..{date.get('end')}", [date])
    speakers = record.get("speakers") or {}
    for city in speakers.get("cities") or []:
        add("city", f"city: {city['normalized']} ({city.get('country') or '?'})", [city])
    for country in speakers.get("countries") or []:
        add("country", f"country: {country.get('code') or '?'}", [country])
    return found


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """The text as HTML, each stretch covered by spans in a ``mark`` of its first field's colour.

    >>> highlight("Salon X le 3 mai", [(0, 7, "event", "event: Salon X"), (8, 16, "date", "date")])
    '<mark class="f-event" title="event: Salon X">Salon X</mark> <mark class="f-date" title="date">le 3 mai</mark>'
    """
    order = list(FIELDS)
    cuts = sorted({0, len(text), *(s for s, _e, _f, _w in spans), *(e for _s, e, _f, _w in spans)})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        chunk = html.escape(text[start:end])
        covering = [(f, w) for s, e, f, w in spans if s <= start and end <= e]
        if not covering:
            pieces.append(chunk)
            continue
        field = min((f for f, _w in covering), key=order.index)
        title = html.escape("; ".join(dict.fromkeys(w for _f, w in covering)), quote=True)
        pieces.append(f'<mark class="f-{field}" title="{title}">{chunk}</mark>')
    return "".join(pieces)


def _cell(value: Any) -> str:
    return '<span class="muted">–</span>' if value in (None, "", []) else html.escape(str(value))


def _table(headers: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    kinds = classes or [""] * len(rows)
    body = "".join(
        "<tr>" + "".join(f'<td class="{kind}">{cell}</td>' for cell in row) + "</tr>"
        for kind, row in zip(kinds, rows, strict=True))
    return f"<table><tr>{head}</tr>{body}</table>"


def _record_tables(record: dict[str, Any]) -> str:
    parts: list[str] = []
    rows, classes = [], []
    for event in record.get("events") or []:
        for item, kind in [(event, "")] + [(p, "part") for p in event.get("parts") or []]:
            when = f"{item['start']} – {item['end']}" if item.get("start") else None
            rows.append([_cell(item.get("name") or "(unnamed)"), _cell(item.get("edition")), _cell(when),
                         _cell(item.get("venue")), _cell(", ".join(x for x in (item.get("city"), item.get("country"))
                                                                 if x)), _cell(item.get("audience"))])
            classes.append(kind)
    parts.append(_table(["event / part", "edition", "dates", "venue", "city", "audience"], rows, classes)
                 if rows else '<p class="muted">No event.</p>')
    organisers = [[_cell(o["role"]), _cell(o["name"])] for o in record.get("organisers") or []]
    if organisers:
        parts.append(_table(["role", "organisation"], organisers))
    themes = [[_cell(t["text"])] for t in record.get("themes") or []]
    if themes:
        parts.append(_table(["theme"], themes))
    speakers = record.get("speakers")
    if speakers:
        count = f"{'~' if speakers.get('approximate') else ''}{speakers['count']}" if speakers.get("count") else None
        places = [f"{c['name']} → {c['normalized']} ({c.get('country') or '?'})" for c in speakers.get("cities") or []]
        places += [f"{c['name']} ({c.get('code') or '?'})" for c in speakers.get("countries") or []]
        parts.append(_table(["speakers", "continents", "from"],
                            [[_cell(count), _cell(speakers.get("continents_count")), _cell(", ".join(places))]]))
    figures = [[_cell(f["value"]), _cell(f["unit"]), _cell("approx." if f["approximate"] else "")]
               for f in record.get("figures") or []]
    if figures:
        parts.append(_table(["figure", "unit", ""], figures))
    dates = [[_cell(d["text"]), _cell(f"{d.get('start')} – {d.get('end')}" if d.get("start") else "year unknown"),
              _cell("inferred" if d.get("year_inferred") else "")] for d in record.get("dates") or []]
    if dates:
        parts.append(_table(["date as written", "range", "year"], dates))
    warnings = record.get("warnings") or []
    if warnings:
        parts.append('<ul class="warnings">' + "".join(f"<li>{html.escape(w)}</li>" for w in warnings) + "</ul>")
    return "".join(parts)


def _records(count: int) -> str:
    return f"{count} record" if count == 1 else f"{count} records"


def render_review(records: Iterable[dict[str, Any]], texts: TextLookup | None = None) -> str:
    """The review page for ``records``; texts come from the records or from ``texts``."""
    sections, links = [], []
    for index, record in enumerate(records, start=1):
        document = record.get("document", {})
        anchor = f"doc-{index}"
        links.append(f'<a href="#{anchor}">{html.escape(str(document.get("id")))}</a>')
        text = document.get("text") or (texts(document) if texts else None)
        body = (highlight(text, _spans(record)) if text is not None
                else '<span class="muted">The text is not in the record; give --text-dir.</span>')
        published = document.get("published") or "publication date unknown"
        sections.append(
            f'<section id="{anchor}"><h2>{html.escape(str(document.get("id")))} '
            f'<span class="muted">({html.escape(published)})</span></h2>'
            f'<div class="text">{body}</div><div>{_record_tables(record)}</div></section>')
    colours = "".join(f".f-{field}{{background:{colour}}}" for field, (_label, colour) in FIELDS.items())
    legend = "".join(f'<span class="f-{field}">{label}</span>' for field, (label, _colour) in FIELDS.items())
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Review of {_records(len(sections))}</title><style>{_STYLE}{colours}</style>"
        f"<script>{_SCRIPT}</script></head><body>"
        f'<header><h1>Review of {_records(len(sections))}</h1><div class="legend">{legend}</div></header>'
        f'<nav>{"".join(links)}</nav>{"".join(sections)}</body></html>\n'
    )
