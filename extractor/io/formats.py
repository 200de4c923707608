"""Records in the shapes other systems load: JSON Lines, schema.org JSON-LD, CSV.

JSON-LD: each record is one line holding a ``@graph`` of schema.org ``Event``
objects (parts as ``subEvent``, with ``superEvent`` back to their parent) and
the ``Article`` the release is. Roles map to schema.org properties:
organiser and co_organiser -> ``organizer``, sponsor ("avec le soutien de") ->
``funder``, patron ("sous le haut patronage de") -> ``sponsor``, partner ->
``contributor``. Themes are ``about``; the venue, city and country a ``Place``
with a ``PostalAddress``.

CSV: one row per event and per part, flat columns, RFC 4180 quoting.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import quote

from schemas import Event, PressRelease

SCHEMA_ORG = "https://schema.org/"
#: Role -> the schema.org property of an Event that says it.
ROLE_PROPERTIES = {
    "organiser": "organizer",
    "co_organiser": "organizer",
    "sponsor": "funder",
    "patron": "sponsor",
    "partner": "contributor",
}
CSV_COLUMNS = ["document_id", "event", "parent", "edition", "start", "end", "precision", "venue", "city",
               "country", "audience", "organisers", "themes", "source"]


def _document_iri(record: PressRelease) -> str:
    return f"urn:fr-press-events:{quote(record.document.id, safe='')}"


def _place(event: Event) -> dict[str, Any] | None:
    if not (event.venue or event.city or event.country):
        return None
    place: dict[str, Any] = {"@type": "Place"}
    if event.venue:
        place["name"] = event.venue
    address = {key: value for key, value in (("addressLocality", event.city), ("addressCountry", event.country))
               if value}
    if address:
        place["address"] = {"@type": "PostalAddress", **address}
    return place


def _event_node(event: Event, iri: str, parent: str | None, record: PressRelease) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Event", "@id": iri}
    if event.name:
        node["name"] = event.name
    if event.start:
        node["startDate"] = event.start
        node["endDate"] = event.end
    place = _place(event)
    if place:
        node["location"] = place
    if event.audience:
        node["audience"] = {"@type": "Audience", "audienceType": event.audience}
    if parent is None:
        for organisation in record.organisers:
            node.setdefault(ROLE_PROPERTIES[organisation.role.value], []).append(
                {"@type": "Organization", "name": organisation.name})
        if record.themes:
            node["about"] = [{"@type": "Thing", "name": theme.text} for theme in record.themes]
    else:
        node["superEvent"] = {"@id": parent}
    if event.parts:
        node["subEvent"] = [_event_node(part, f"{iri}-part-{n}", iri, record)
                            for n, part in enumerate(event.parts, start=1)]
    node["subjectOf"] = {"@id": _document_iri(record)}
    return node


def to_jsonld(record: PressRelease) -> dict[str, Any]:
    """A record as a schema.org JSON-LD document."""
    document = _document_iri(record)
    events = [_event_node(event, f"{document}#event-{n}", None, record)
              for n, event in enumerate(record.events, start=1)]
    article: dict[str, Any] = {"@type": "Article", "@id": document, "identifier": record.document.id}
    if record.document.published:
        article["datePublished"] = record.document.published
    if record.document.language:
        article["inLanguage"] = record.document.language
    if events:
        article["about"] = [{"@id": event["@id"]} for event in events]
    return {"@context": SCHEMA_ORG, "@graph": [article, *events]}


def csv_rows(record: PressRelease) -> list[list[str]]:
    """One row per event and per part of a record."""
    organisers = "; ".join(f"{o.name} ({o.role.value})" for o in record.organisers)
    themes = "; ".join(t.text for t in record.themes)
    rows = []

    def row(event: Event, parent: str) -> list[str]:
        values = [record.document.id, event.name or "", parent, event.edition, event.start, event.end,
                  event.precision.value if event.precision else None, event.venue, event.city, event.country,
                  event.audience, organisers, themes, record.document.source]
        return ["" if value is None else str(value) for value in values]

    for event in record.events:
        rows.append(row(event, ""))
        rows.extend(row(part, event.name or "") for part in event.parts)
    return rows


def csv_text(rows: list[list[str]]) -> str:
    """Rows as RFC 4180 CSV: CRLF line ends, fields quoted when they need it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


#: The formats a record is written in: the contract's JSON, schema.org JSON-LD, CSV rows.
FORMATS = ("jsonl", "jsonld", "csv")


def render(record: PressRelease, format: str) -> str:
    """A record as the command line and the server write it: one JSON line (without its line end)
    for ``jsonl`` and ``jsonld``, the CSV rows (without the header) for ``csv``."""
    if format == "jsonld":
        return json.dumps(to_jsonld(record), ensure_ascii=False)
    if format == "csv":
        return csv_text(csv_rows(record))
    if format == "jsonl":
        return record.model_dump_json()
    raise ValueError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
