"""Documents from what users point the command at.

Files (``.txt``, ``.md``; ``.html``/``.htm`` through trafilatura; ``.jsonl``
dumps of ``{"id", "text", "published"?, "source"?}``), folders of them walked
recursively, glob patterns, ``.zip`` and ``.tar``/``.tar.gz``/``.tgz`` archives
(members read in memory, never extracted to disk), and ``-`` for standard input.

Every input comes out exactly once, as an ``Input`` or, when it cannot be read,
as an ``ErrorRecord`` saying why; nothing is skipped silently. Ids are stable
across runs: a path under the folder given without its suffix, ``archive!member``,
``dump:line``.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from extractor.document import looks_like_mojibake, repair_mojibake
from extractor.pipeline import Input
from schemas import ErrorInfo, ErrorRecord, FailedDocument

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ZIP_SUFFIXES = frozenset({".zip"})
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class ReadSettings:
    """Limits on what is read: a document's bytes, an archive's bytes, archives within archives."""

    max_document_bytes: int = 10_000_000
    max_archive_bytes: int = 1_000_000_000
    max_depth: int = 2


def _kind(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(TAR_SUFFIXES):
        return "tar"
    suffix = PurePosixPath(lower).suffix
    for kind, suffixes in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES), ("jsonl", JSONL_SUFFIXES),
                           ("zip", ZIP_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return None


def _stem(name: str) -> str:
    """A member or file name without its document suffix.

    >>> _stem("2017/release.txt"), _stem("dump.tar.gz")
    ('2017/release', 'dump')
    """
    lower = name.lower()
    for suffix in TAR_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    path = PurePosixPath(name)
    return str(path.with_suffix("")) if path.suffix else name


def failed(doc_id: str, source: str, kind: str, message: str, data: bytes | None = None) -> ErrorRecord:
    """The dead-letter record of an input that could not be read as a document."""
    digest = hashlib.sha256(data).hexdigest() if data is not None else None
    return ErrorRecord(document=FailedDocument(id=doc_id, source=source, sha256=digest),
                       error=ErrorInfo(type=kind, message=message, stage="read"))


#: What a record says of the encoding its text was read in; plain UTF-8 goes without saying.
_ENCODING_NOTES = {
    "utf-8-sig": "decoded as utf-8 (the file starts with a byte order mark)",
    "utf-16": "decoded as utf-16 (the file starts with a byte order mark)",
    "cp1252": "decoded as cp1252: the file is not valid UTF-8",
}


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


class _Reader:
    """Turns paths and bytes into documents, keeping ids unique within a run."""

    def __init__(self, settings: ReadSettings) -> None:
        self.settings = settings
        self.seen: dict[str, int] = {}

    # ------------------------------------------------------------------ documents

    def _unique(self, doc_id: str) -> tuple[str, tuple[str, ...]]:
        count = self.seen.get(doc_id, 0) + 1
        self.seen[doc_id] = count
        if count == 1:
            return doc_id, ()
        return f"{doc_id}#{count}", (f"the input id {doc_id!r} was seen {count} times; this one is {doc_id}#{count}",)

    def _document(self, text: str, doc_id: str, source: str, notes: tuple[str, ...] = (),
                  published: object = None) -> Input:
        doc_id, more = self._unique(doc_id)
        return Input(text=text, doc_id=doc_id, source=source, published=published,  # type: ignore[arg-type]
                     notes=notes + more)

    def _failed(self, doc_id: str, source: str, kind: str, message: str, data: bytes | None = None) -> ErrorRecord:
        doc_id, _more = self._unique(doc_id)
        return failed(doc_id, source, kind, message, data)

    def from_bytes(self, data: bytes, doc_id: str, source: str, kind: str | None,
                   depth: int) -> Iterator[Input | ErrorRecord]:
        """Documents held by one file's bytes, by the kind its name says."""
        if kind == "zip":
            yield from self.from_zip(io.BytesIO(data), doc_id, source, depth)
        elif kind == "tar":
            yield from self.from_tar(io.BytesIO(data), doc_id, source, depth)
        elif kind == "jsonl":
            yield from self.from_jsonl(data, doc_id, source)
        elif kind == "html":
            yield self.from_html(data, doc_id, source)
        else:
            yield self.from_text(data, doc_id, source)

    def from_text(self, data: bytes, doc_id: str, source: str) -> Input | ErrorRecord:
        if len(data) > self.settings.max_document_bytes:
            return self._failed(doc_id, source, "too_large",
                                f"{len(data)} bytes; the limit is {self.settings.max_document_bytes}", data)
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return self._failed(doc_id, source, "binary_input", "the file holds NUL bytes: it is not a text file", data)
        text, encoding = decode(data)
        notes: tuple[str, ...] = () if encoding == "utf-8" else (_ENCODING_NOTES[encoding],)
        if looks_like_mojibake(text):
            text = repair_mojibake(text)
            notes += ("mojibake (UTF-8 read as Latin-1) repaired with ftfy before extraction",)
        return self._document(text, doc_id, source, notes)

    def from_html(self, data: bytes, doc_id: str, source: str) -> Input | ErrorRecord:
        if len(data) > self.settings.max_document_bytes:
            return self._failed(doc_id, source, "too_large",
                                f"{len(data)} bytes; the limit is {self.settings.max_document_bytes}", data)
        import trafilatura

        html, _encoding = decode(data)
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
        if not text or not text.strip():
            return self._failed(doc_id, source, "no_text", "the page holds no main text (only scripts, styles or "
                                "navigation)", data)
        return self._document(text, doc_id, source, ("text extracted from HTML by trafilatura",))

    def from_jsonl(self, data: bytes, stem: str, source: str) -> Iterator[Input | ErrorRecord]:
        text, _encoding = decode(data)
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{source}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                yield self._failed(f"{stem}:{number}", where, "malformed_json", str(error), line.encode())
                continue
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                yield self._failed(f"{stem}:{number}", where, "missing_text", "the line has no 'text' string",
                                   line.encode())
                continue
            doc_id = str(item.get("id") or f"{stem}:{number}")
            yield self._document(item["text"], doc_id, str(item.get("source") or where),
                                 published=item.get("published"))

    # ------------------------------------------------------------------ archives

    def _too_deep(self, stem: str, source: str, depth: int) -> ErrorRecord | None:
        if depth < self.settings.max_depth:
            return None
        return self._failed(stem, source, "too_deep", f"an archive nested {depth} deep; the limit is "
                            f"{self.settings.max_depth}")

    def _screen(self, member_id: str, member_source: str, name: str, link: bool,
                budget: int) -> ErrorRecord | tuple[str, int]:
        """An archive member's kind and the bytes it may take, or why it is not read."""
        unsafe = _unsafe_name(name)
        if unsafe:
            return self._failed(member_id, member_source, "unsafe_member", unsafe)
        if link:
            return self._failed(member_id, member_source, "link_member", "a link: not followed")
        kind = _kind(name)
        if kind is None:
            return self._failed(member_id, member_source, "unsupported", "not a document this tool reads")
        return kind, min(self.settings.max_document_bytes if kind not in ("zip", "tar") else budget, budget)

    def from_zip(self, handle: io.BufferedIOBase | io.BytesIO | Path, stem: str, source: str,
                 depth: int) -> Iterator[Input | ErrorRecord]:
        too_deep = self._too_deep(stem, source, depth)
        if too_deep is not None:
            yield too_deep
            return
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError) as error:
            yield self._failed(stem, source, "bad_archive", f"not a readable zip file: {error}")
            return
        budget = self.settings.max_archive_bytes
        with archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                member_id, member_source = f"{stem}!{_stem(info.filename)}", f"{source}!{info.filename}"
                screened = self._screen(member_id, member_source, info.filename,
                                        (info.external_attr >> 16) & 0o170000 == 0o120000, budget)
                if isinstance(screened, ErrorRecord):
                    yield screened
                    continue
                kind, cap = screened
                try:
                    with archive.open(info) as member:
                        data = member.read(cap + 1)  # counted while decompressing: a bomb stops here
                except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
                    yield self._failed(member_id, member_source, "bad_member", f"cannot read this member: {error}")
                    continue
                if len(data) > cap:
                    yield self._failed(member_id, member_source, "too_large",
                                       f"more than {cap} bytes once decompressed: not read")
                    continue
                budget -= len(data)
                yield from self.from_bytes(data, member_id, member_source, kind, depth + 1)

    def from_tar(self, handle: io.BufferedIOBase | io.BytesIO | Path, stem: str, source: str,
                 depth: int) -> Iterator[Input | ErrorRecord]:
        too_deep = self._too_deep(stem, source, depth)
        if too_deep is not None:
            yield too_deep
            return
        try:
            archive = (tarfile.open(handle, "r:*") if isinstance(handle, Path)
                       else tarfile.open(fileobj=handle, mode="r:*"))
        except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
            yield self._failed(stem, source, "bad_archive", f"not a readable tar file: {error}")
            return
        budget = self.settings.max_archive_bytes
        read = 0
        with archive:
            members = iter(archive)
            while True:
                try:
                    info = next(members)
                except StopIteration:
                    break
                except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
                    yield self._failed(f"{stem}!#{read + 1}", f"{source}!#{read + 1}", "truncated_archive",
                                       f"the archive breaks off after {read} members: {error}")
                    break
                read += 1
                if info.isdir():
                    continue
                member_id, member_source = f"{stem}!{_stem(info.name)}", f"{source}!{info.name}"
                screened = self._screen(member_id, member_source, info.name, info.issym() or info.islnk(), budget)
                if isinstance(screened, ErrorRecord):
                    yield screened
                    continue
                if not info.isfile():
                    yield self._failed(member_id, member_source, "unsupported", "a special file: not read")
                    continue
                kind, cap = screened
                if info.size > cap:
                    yield self._failed(member_id, member_source, "too_large", f"{info.size} bytes: not read")
                    continue
                try:
                    extracted = archive.extractfile(info)
                    data = extracted.read(cap + 1) if extracted is not None else b""
                except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
                    yield self._failed(member_id, member_source, "truncated_archive",
                                       f"the archive breaks off inside this member, after {read - 1} members: {error}")
                    break  # a stream that fails mid-member cannot go on
                budget -= len(data)
                yield from self.from_bytes(data, member_id, member_source, kind, depth + 1)

    # ------------------------------------------------------------------ paths

    def from_file(self, path: Path, doc_id: str, source: str) -> Iterator[Input | ErrorRecord]:
        kind = _kind(path.name)
        if kind == "zip":
            yield from self.from_zip(path, doc_id, source, 0)
            return
        if kind == "tar":
            yield from self.from_tar(path, doc_id, source, 0)
            return
        try:
            data = path.read_bytes()
        except OSError as error:
            yield self._failed(doc_id, source, "read_error", f"{type(error).__name__}: {error}")
            return
        yield from self.from_bytes(data, doc_id, source, kind, 0)

    def from_folder(self, root: Path) -> Iterator[Input | ErrorRecord]:
        resolved_root = root.resolve()
        for folder, folders, files in os.walk(root, followlinks=False):
            folders.sort()
            for name in sorted(files):
                path = Path(folder) / name
                if _kind(name) is None:
                    continue
                relative = path.relative_to(root).as_posix()
                doc_id = _stem(relative)
                if path.is_symlink() and not path.resolve().is_relative_to(resolved_root):
                    yield self._failed(doc_id, path.as_posix(), "outside_root",
                                       "a symbolic link out of the folder given: not followed")
                    continue
                yield from self.from_file(path, doc_id, path.as_posix())

    def from_stdin(self) -> Iterator[Input | ErrorRecord]:
        data = sys.stdin.buffer.read()
        text, _encoding = decode(data)
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and all(line.lstrip().startswith("{") for line in lines):
            yield from self.from_jsonl(data, "stdin", "<stdin>")
        else:
            yield self.from_text(data, "stdin", "<stdin>")


def _unsafe_name(name: str) -> str | None:
    """Why an archive member's name is unsafe to act on, or None. Names never become paths here;
    a member that would escape the archive's folder is reported all the same."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or name[1:3] == ":\\":
        return "an absolute path: not read"
    if ".." in path.parts:
        return "a path that climbs out of the archive ('..'): not read"
    return None


def read_inputs(paths: list[str], settings: ReadSettings | None = None) -> Iterator[Input | ErrorRecord]:
    """Every document under ``paths``, in a stable order (folders and archives walked sorted)."""
    reader = _Reader(settings or ReadSettings())
    for name in paths:
        if name == "-":
            yield from reader.from_stdin()
            continue
        path = Path(name)
        if path.is_dir():
            yield from reader.from_folder(path)
        elif path.is_file():
            yield from reader.from_file(path, _stem(path.name), path.as_posix())
        elif _GLOB_CHARS & set(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield reader._failed(name, name, "not_found", "the pattern matches no file")
            for match in matches:
                found = Path(match)
                if found.is_file() and _kind(found.name) is not None:
                    yield from reader.from_file(found, _stem(found.as_posix()), found.as_posix())
        else:
            yield reader._failed(_stem(path.name) or name, name, "not_found", "no such file or folder")


def count_inputs(paths: list[str]) -> int | None:
    """About how many documents ``paths`` hold, cheaply (for a progress bar's ETA): files,
    archive members and dump lines, without decoding anything. None for standard input."""
    if "-" in paths:
        return None
    total = 0

    def count_file(path: Path) -> int:
        kind = _kind(path.name)
        try:
            if kind == "zip":
                with zipfile.ZipFile(path) as archive:
                    return sum(1 for info in archive.infolist() if not info.is_dir())
            if kind == "tar":
                with tarfile.open(path, "r:*") as archive:
                    return sum(1 for info in archive if not info.isdir())
            if kind == "jsonl":
                with path.open("rb") as lines:
                    return sum(1 for line in lines if line.strip())
        except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error):
            return 1
        return 1 if kind is not None else 0

    for name in paths:
        path = Path(name)
        if path.is_dir():
            total += sum(count_file(Path(folder) / file) for folder, _dirs, files in os.walk(path) for file in files)
        elif path.is_file():
            total += count_file(path)
        else:
            total += sum(count_file(Path(match)) for match in glob.glob(name, recursive=True)) or 1
    return total
