"""Documents from paths: text files, folders of them, and JSON Lines dumps."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from extractor.pipeline import Input
from schemas import ErrorInfo, ErrorRecord, FailedDocument

TEXT_SUFFIXES = frozenset({".txt"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})


def unreadable(doc_id: str, source: str, kind: str, message: str) -> ErrorRecord:
    """The dead-letter record of an input that could not be read as a document."""
    return ErrorRecord(document=FailedDocument(id=doc_id, source=source, sha256=None),
                       error=ErrorInfo(type=kind, message=message))


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding used: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252.

    >>> decode("été".encode("cp1252"))
    ('été', 'cp1252')
    >>> decode(b"\\xef\\xbb\\xbfok")
    ('ok', 'utf-8-sig')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _doc_id(path: Path, root: Path) -> str:
    relative = path.relative_to(root) if path != root else Path(path.name)
    return relative.with_suffix("").as_posix()


def _from_text_file(path: Path, root: Path) -> Iterator[Input | ErrorRecord]:
    source = path.as_posix()
    doc_id = _doc_id(path, root)
    try:
        data = path.read_bytes()
    except OSError as error:
        yield unreadable(doc_id, source, "read_error", f"{type(error).__name__}: {error}")
        return
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield unreadable(doc_id, source, "binary_input", "the file holds NUL bytes: it is not a text file")
        return
    text, encoding = decode(data)
    notes = () if encoding.startswith("utf") else (f"decoded as {encoding}: the file is not valid UTF-8",)
    yield Input(text=text, doc_id=doc_id, source=source, notes=notes)


def _from_jsonl(path: Path) -> Iterator[Input | ErrorRecord]:
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            source = f"{path.as_posix()}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                yield unreadable(f"{path.stem}:{number}", source, "malformed_json", str(error))
                continue
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                yield unreadable(f"{path.stem}:{number}", source, "missing_text", "the line has no 'text' string")
                continue
            doc_id = str(item.get("id") or f"{path.stem}:{number}")
            yield Input(text=item["text"], doc_id=doc_id, source=item.get("source") or source,
                        published=item.get("published"))


def read_inputs(paths: list[str]) -> Iterator[Input | ErrorRecord]:
    """Every document under ``paths``, in a stable order (folders walked sorted)."""
    for name in paths:
        root = Path(name)
        if root.is_dir():
            readable = TEXT_SUFFIXES | JSONL_SUFFIXES
            files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in readable)
            for path in files:
                yield from _read_file(path, root)
        elif root.is_file():
            yield from _read_file(root, root)
        else:
            yield unreadable(root.stem or name, name, "not_found", "no such file or folder")


def _read_file(path: Path, root: Path) -> Iterator[Input | ErrorRecord]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _from_jsonl(path)
    else:
        yield from _from_text_file(path, root)
