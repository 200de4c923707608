"""Check records against the contract, with pydantic only (no spaCy needed).

Schema errors come with their field path (``events -> 0 -> start: invalid
date``); the checks JSON Schema cannot express come from the models' validators
(start <= end, an event's venue names one of ``venues``, evidence inside the
document and, when the text is known, equal to it). The text is known when the
record carries ``document.text`` or when a folder of source texts is given.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schemas.models import SCHEMA_VERSION, PressRelease

#: The schema versions this validator knows.
KNOWN_VERSIONS = (SCHEMA_VERSION,)

TextLookup = Callable[[dict[str, Any]], str | None]


def records_in(content: str) -> Iterator[tuple[int, str]]:
    """(line number, JSON text) of each record of a JSON Lines text, or (index, JSON) of a JSON array.

    >>> [n for n, _ in records_in('{"a": 1}\\n\\n{"b": 2}\\n')]
    [1, 3]
    """
    if content.lstrip().startswith("["):
        try:
            items = json.loads(content)
        except json.JSONDecodeError:
            yield 1, content  # reported as invalid JSON
            return
        for index, item in enumerate(items, start=1):
            yield index, json.dumps(item, ensure_ascii=False)
        return
    for number, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            yield number, line


def _location(loc: tuple[int | str, ...]) -> str:
    return " -> ".join(str(part) for part in loc) or "(record)"


def issues(raw: str, texts: TextLookup | None = None) -> list[tuple[str, str]]:
    """What is wrong with one record, as (field path, message) pairs (empty when it is valid).

    >>> issues('{"schema_version": "0.9"}')
    [('schema_version', "unknown version '0.9'; this validator knows 1.0")]
    >>> issues('[1]')
    [('(record)', 'a record is a JSON object')]
    """
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as error:
        return [("(record)", f"invalid JSON: {error}")]
    if not isinstance(data, dict):
        return [("(record)", "a record is a JSON object")]
    version = data.get("schema_version")
    if version not in KNOWN_VERSIONS:
        return [("schema_version", f"unknown version {version!r}; this validator knows {', '.join(KNOWN_VERSIONS)}")]
    document = data.get("document")
    if texts is not None and isinstance(document, dict) and document.get("text") is None:
        text = texts(document)
        if text is not None:
            data = {**data, "document": {**document, "text": text}}
    try:
        PressRelease.model_validate(data)
    except ValidationError as error:
        return [(_location(item["loc"]), item["msg"]) for item in error.errors(include_url=False)]
    return []


def problems(raw: str, texts: TextLookup | None = None) -> list[str]:
    """What is wrong with one record, as ``field -> path: message`` lines (empty when it is valid).

    >>> problems('{"schema_version": "0.9"}')
    ["schema_version: unknown version '0.9'; this validator knows 1.0"]
    """
    return [f"{path}: {message}" for path, message in issues(raw, texts)]


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def texts_from(folder: Path) -> TextLookup:
    """Find a record's source text in ``folder``: by its source path, its file name, or its id."""

    def lookup(document: dict[str, Any]) -> str | None:
        source = str(document.get("source") or "")
        names = [source, Path(source).name, f"{document.get('id')}.txt"] if source else [f"{document.get('id')}.txt"]
        for name in names:
            path = folder / name
            if name and path.is_file():
                return _decode(path.read_bytes())
        return None

    return lookup


def files_in(paths: list[str]) -> Iterator[str]:
    """The files to validate: files as given, JSON and JSON Lines files of folders, '-' for stdin."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from (str(p) for p in sorted(path.rglob("*")) if p.suffix in (".jsonl", ".json", ".ndjson"))
        else:
            yield name
