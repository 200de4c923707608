"""Documents from what users point the command at.

Files (``.txt``, ``.md``; ``.html``/``.htm`` through trafilatura; PDF text
layers through pypdf; Word ``.docx`` through python-docx; OpenDocument ``.odt``
through odfdo; e-mails ``.eml``, their body and attached releases; single files
compressed as ``.gz``; ``.jsonl`` dumps of ``{"id", "text", "published"?,
"source"?}``), folders of them walked recursively, glob patterns, ``.zip`` and
``.tar``/``.tar.gz``/``.tgz`` archives (members read in memory, never extracted
to disk), and ``-`` for standard input.

Every entry comes out exactly once, as an ``Input`` or, when it cannot be read,
as an ``ErrorRecord`` saying why (stage ``read``): a type it does not read, a
link loop, a named pipe, a broken PDF, or any exception while reading one entry;
nothing is skipped silently and one bad entry never stops the others. Ids are
stable across runs: a path under the folder given without its suffix,
``archive!member``, ``dump:line``. File names that are not UTF-8 are kept
losslessly, with backslash escapes (``caf\\xe9.txt``).
"""

from __future__ import annotations

import email
import email.policy
import errno
import glob
import gzip
import hashlib
import io
import json
import os
import stat
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from extractor.core.document import looks_like_mojibake, repair_mojibake
from extractor.core.pipeline import Input
from extractor.io import faults
from schemas import ErrorInfo, ErrorRecord, FailedDocument

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
#: Suffix -> kind of document, for the suffixes that are not text, HTML, JSON Lines or tar.
_SUFFIX_KINDS = {".zip": "zip", ".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".eml": "eml", ".gz": "gz"}
#: Kinds whose bytes hold other documents: read from an open file, capped by the archive budget.
CONTAINERS = frozenset({"zip", "tar", "gz"})
_GLOB_CHARS = frozenset("*?[")
#: What the error record of a type it does not read says it reads instead.
READABLE = ".txt .md .html .pdf .docx .odt .eml .jsonl, and .zip .tar .tar.gz .gz of them"


@dataclass(frozen=True)
class ReadSettings:
    """Limits on what is read: a document's bytes, an archive's bytes, archives within archives,
    and the seconds converting one document (PDF, Word, HTML...) may take."""

    max_document_bytes: int = 10_000_000
    max_archive_bytes: int = 1_000_000_000
    max_depth: int = 2
    read_seconds: float | None = 60.0


def _kind(name: str) -> str | None:
    """The kind of document a name says it is, or None.

    >>> [_kind(n) for n in ("a.TXT", "b.tar.gz", "c.txt.gz", "d.pdf", "e.png")]
    ['text', 'tar', 'gz', 'pdf', None]
    """
    lower = name.lower()
    if lower.endswith(TAR_SUFFIXES):
        return "tar"
    suffix = PurePosixPath(lower).suffix
    for kind, suffixes in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES), ("jsonl", JSONL_SUFFIXES)):
        if suffix in suffixes:
            return kind
    return _SUFFIX_KINDS.get(suffix)


def _stem(name: str) -> str:
    """A member or file name without its document suffix (and without ``.gz`` before it).

    >>> _stem("2017/release.txt"), _stem("dump.tar.gz"), _stem("old/release.txt.gz")
    ('2017/release', 'dump', 'old/release')
    """
    lower = name.lower()
    for suffix in TAR_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    if lower.endswith(".gz") and len(name) > 3:
        name = name[:-3]
    path = PurePosixPath(name)
    return str(path.with_suffix("")) if path.suffix else name


def display(name: str) -> str:
    r"""A file or tar member name as valid UTF-8 text, losslessly.

    Python keeps the bytes of a name that are not UTF-8 as surrogate escapes,
    which JSON cannot hold: they are written ``\xNN``, and so that this stays
    reversible, a backslash is written ``\\``.

    >>> display(os.fsdecode(b"caf\xe9.txt")), display("r\u00e9sum\u00e9.txt"), display("a\\b")
    ('caf\\xe9.txt', 'résumé.txt', 'a\\\\b')
    """
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return clean(name.replace("\\", "\\\\"))
    return raw.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def clean(text: str) -> str:
    r"""Text that JSON can hold: lone surrogates (from ``"\ud800"`` in a dump) written ``\udNNN``.

    >>> clean("ok"), clean("a\ud800")
    ('ok', 'a\\ud800')
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def failed(doc_id: str, source: str | None, kind: str, message: str, data: bytes | None = None) -> ErrorRecord:
    """The dead-letter record of an input that could not be read as a document."""
    digest = hashlib.sha256(data).hexdigest() if data is not None else None
    return ErrorRecord(document=FailedDocument(id=clean(doc_id), source=clean(source) if source is not None else None,
                                               sha256=digest),
                       error=ErrorInfo(type=kind, message=clean(message), stage="read"))


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
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


# ---------------------------------------------------------------------- the file system


class _NotRegular(Exception):
    """An entry that is not a regular file, or a link that cannot be followed."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


_SPECIAL = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"))


def _special(mode: int) -> _NotRegular:
    what = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
    return _NotRegular("special_file", f"{what}: not read")


def _open_regular(path: Path) -> IO[bytes]:
    """``path`` opened for reading, only if it is a regular file once open: a named pipe is opened
    without waiting for a writer (O_NONBLOCK) and refused, so reading never blocks."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise _special(mode)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _follow(path: Path, resolved_root: Path | None) -> os.stat_result:
    """What a symbolic link points to, or why it is not followed: a loop, a link to nothing, a link
    out of the folder walked (``resolved_root``) or, inside a folder, a link to a folder."""
    try:
        target = os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _NotRegular("link_loop", "a symbolic link loop: not followed") from error
        raise _NotRegular("broken_link", f"a symbolic link to nothing ({error.strerror}): not followed") from error
    if resolved_root is not None:
        try:
            inside = path.resolve(strict=True).is_relative_to(resolved_root)
        except (OSError, RuntimeError) as error:
            raise _NotRegular("link_loop", "a symbolic link loop: not followed") from error
        if not inside:
            raise _NotRegular("outside_root", "a symbolic link out of the folder given: not followed")
        if stat.S_ISDIR(target.st_mode):
            raise _NotRegular("linked_folder",
                              "a symbolic link to a folder: not followed (its files are read where they are)")
    return target


# ---------------------------------------------------------------------- documents


def _guard(read: Callable[[], Iterator[Input | ErrorRecord]], on_error: Callable[[int, BaseException], ErrorRecord],
           key: str) -> Iterator[Input | ErrorRecord]:
    """What ``read`` yields; an exception while reading ends it with one error record, never the batch.
    ``on_error`` gets the count of items already yielded, to name the rest of a container."""
    count = 0
    try:
        faults.point("read", key)
        for item in read():
            count += 1
            yield item
    except Exception as error:
        yield on_error(count, error)


class _Reader:
    """Turns paths and bytes into documents, keeping ids unique within a run."""

    def __init__(self, settings: ReadSettings) -> None:
        self.settings = settings
        self.seen: dict[str, int] = {}

    def _unique(self, doc_id: str) -> tuple[str, tuple[str, ...]]:
        doc_id = clean(doc_id)
        count = self.seen.get(doc_id, 0) + 1
        self.seen[doc_id] = count
        if count == 1:
            return doc_id, ()
        return f"{doc_id}#{count}", (f"the input id {doc_id!r} was seen {count} times; this one is {doc_id}#{count}",)

    def _document(self, text: str, doc_id: str, source: str, notes: tuple[str, ...] = (),
                  published: object = None) -> Input:
        doc_id, more = self._unique(doc_id)
        return Input(text=text, doc_id=doc_id, source=clean(source), published=published,  # type: ignore[arg-type]
                     notes=notes + more)

    def _failed(self, doc_id: str, source: str | None, kind: str, message: str,
                data: bytes | None = None) -> ErrorRecord:
        doc_id, _more = self._unique(doc_id)
        return failed(doc_id, source, kind, message, data)

    def guarded(self, read: Callable[[], Iterator[Input | ErrorRecord]], doc_id: str,
                source: str) -> Iterator[Input | ErrorRecord]:
        """``read``'s documents; an exception in it becomes a ``read_error`` record (for the rest of
        a container when some of its documents already came out)."""
        def on_error(count: int, error: BaseException) -> ErrorRecord:
            kind = getattr(error, "type", "read_error")
            message = f"{type(error).__name__}: {error}"
            if count:
                return self._failed(f"{doc_id}!#{count + 1}", source, kind,
                                    f"reading stopped after {count} documents: {message}")
            return self._failed(doc_id, source, kind, f"cannot read this entry: {message}")

        return _guard(read, on_error, source)

    def _timed(self, convert: Callable[[bytes, str, str], Input | ErrorRecord], data: bytes, doc_id: str,
               source: str) -> Input | ErrorRecord:
        """A conversion (PDF, Word, HTML) bounded in time: a hostile file fails as ``timeout``."""
        from extractor.core.deadline import time_limit
        from extractor.core.errors import ExtractionTimeout

        try:
            with time_limit(self.settings.read_seconds):
                return convert(data, doc_id, source)
        except ExtractionTimeout:
            return self._failed(doc_id, source, "timeout", f"reading this document took more than "
                                f"{self.settings.read_seconds:g} s", data)

    def unsupported(self, doc_id: str, source: str, data: bytes | None = None) -> ErrorRecord:
        suffix = PurePosixPath(source.rsplit("!", 1)[-1].lower()).suffix or "file without a suffix"
        return self._failed(doc_id, source, "unsupported_type", f"a {suffix}: not a type this tool reads "
                            f"({READABLE})", data)

    def from_bytes(self, data: bytes, doc_id: str, source: str, kind: str | None,
                   depth: int) -> Iterator[Input | ErrorRecord]:
        """Documents held by one file's bytes, by the kind its name says."""
        if kind is None:
            yield self.unsupported(doc_id, source, data)
            return
        if kind not in CONTAINERS and kind not in ("jsonl", "eml") and len(data) > self.settings.max_document_bytes:
            yield self._failed(doc_id, source, "too_large",
                               f"{len(data)} bytes; the limit is {self.settings.max_document_bytes}", data)
            return
        if kind == "zip":
            yield from self.from_zip(io.BytesIO(data), doc_id, source, depth)
        elif kind == "tar":
            yield from self.from_tar(io.BytesIO(data), doc_id, source, depth)
        elif kind == "gz":
            yield from self.from_gzip(io.BytesIO(data), doc_id, source, depth)
        elif kind == "jsonl":
            yield from self.from_jsonl(data, doc_id, source)
        elif kind == "eml":
            yield from self.from_email(data, doc_id, source, depth)
        elif kind in ("html", "pdf", "docx", "odt"):
            convert = {"html": self.from_html, "pdf": self.from_pdf, "docx": self.from_docx, "odt": self.from_odt}
            yield self._timed(convert[kind], data, doc_id, source)
        else:
            yield self.from_text(data, doc_id, source)

    def from_text(self, data: bytes, doc_id: str, source: str) -> Input | ErrorRecord:
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return self._failed(doc_id, source, "binary_input", "the file holds NUL bytes: it is not a text file", data)
        text, encoding = decode(data)
        notes: tuple[str, ...] = () if encoding == "utf-8" else (_ENCODING_NOTES[encoding],)
        if looks_like_mojibake(text):
            text = repair_mojibake(text)
            notes += ("mojibake (UTF-8 read as Latin-1) repaired with ftfy before extraction",)
        return self._document(text, doc_id, source, notes)

    def from_html(self, data: bytes, doc_id: str, source: str) -> Input | ErrorRecord:
        import trafilatura

        html, _encoding = decode(data)
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
        if not text or not text.strip():
            return self._failed(doc_id, source, "no_text", "the page holds no main text (only scripts, styles or "
                                "navigation)", data)
        return self._document(text, doc_id, source, ("text extracted from HTML by trafilatura",))

    def _converted(self, text: str, doc_id: str, source: str, what: str, data: bytes) -> Input | ErrorRecord:
        if not text.strip():
            return self._failed(doc_id, source, "no_text", f"the {what} holds no text", data)
        return self._document(text, doc_id, source, (f"text extracted from {what}",))

    def _expanded_size_ok(self, data: bytes, doc_id: str, source: str, what: str) -> ErrorRecord | None:
        """Word and OpenDocument files are zips: refuse one that would expand past the caps (a bomb)."""
        cap = 20 * self.settings.max_document_bytes
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                expanded = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            return self._failed(doc_id, source, "bad_document", f"not a readable {what}: {error}", data)
        if expanded > cap:
            return self._failed(doc_id, source, "too_large",
                                f"{expanded} bytes once decompressed; the limit is {cap}", data)
        return None

    def from_pdf(self, data: bytes, doc_id: str, source: str) -> Input | ErrorRecord:
        """The text layer of a PDF, page after page (no OCR: scanned pages have none)."""
        from pypdf import PdfReader

        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                return self._failed(doc_id, source, "encrypted", "the PDF is protected by a password", data)
            pages = [page.extract_text() or "" for page in reader.pages]
        except Exception as error:  # pypdf raises many kinds on damaged files
            return self._failed(doc_id, source, "bad_document", f"not a readable PDF: {type(error).__name__}: "
                                f"{error}", data)
        text = "\n\n".join(page.strip("\n") for page in pages)
        if not text.strip():
            return self._failed(doc_id, source, "no_text_layer", f"the PDF's {len(pages)} pages have no text layer "
                                "(scanned images?); OCR is not done", data)
        return self._document(text, doc_id, source, ("text extracted from the PDF's text layer by pypdf",))

    def from_docx(self, data: bytes, doc_id: str, source: str) -> Input | ErrorRecord:
        """Paragraphs and table rows of a Word document, in order (cells separated by tabs)."""
        refused = self._expanded_size_ok(data, doc_id, source, "Word document")
        if refused is not None:
            return refused
        import docx
        from docx.text.paragraph import Paragraph

        try:
            document = docx.Document(io.BytesIO(data))
            lines = []
            for block in document.iter_inner_content():
                if isinstance(block, Paragraph):
                    lines.append(block.text)
                else:
                    lines.extend("\t".join(cell.text for cell in row.cells) for row in block.rows)
        except Exception as error:  # python-docx raises many kinds on damaged files
            return self._failed(doc_id, source, "bad_document", f"not a readable Word document: "
                                f"{type(error).__name__}: {error}", data)
        return self._converted("\n".join(lines), doc_id, source, "the Word document by python-docx", data)

    def from_odt(self, data: bytes, doc_id: str, source: str) -> Input | ErrorRecord:
        """Headings and paragraphs of an OpenDocument text, in order (table cells and list items included)."""
        refused = self._expanded_size_ok(data, doc_id, source, "OpenDocument file")
        if refused is not None:
            return refused
        from odfdo import Document

        try:
            document = Document(io.BytesIO(data))
            blocks = document.body.xpath("descendant::text:h | descendant::text:p")
            text = "\n".join(str(getattr(block, "text_recursive", "")) for block in blocks)
        except Exception as error:  # odfdo raises many kinds on damaged files
            return self._failed(doc_id, source, "bad_document", f"not a readable OpenDocument file: "
                                f"{type(error).__name__}: {error}", data)
        return self._converted(text, doc_id, source, "the OpenDocument file by odfdo", data)

    def from_email(self, data: bytes, stem: str, source: str, depth: int) -> Iterator[Input | ErrorRecord]:
        """An e-mail's subject and body as one document, and each attachment as a document of its own
        (``mail!attachment``), read by its type like an archive member."""
        too_deep = self._too_deep(stem, source, depth)
        if too_deep is not None:
            yield too_deep
            return
        message = email.message_from_bytes(data, policy=email.policy.default)
        subject = str(message.get("subject") or "").strip()
        body = message.get_body(preferencelist=("plain", "html"))
        text = ""
        if body is not None:
            content = body.get_content()  # type: ignore[attr-defined]
            text = content if isinstance(content, str) else decode(content)[0]
            if body.get_content_subtype() == "html":
                text = _html_text(text)
        text = text.strip("\n")
        if subject:
            text = f"{subject}\n\n{text}"
        if len(text.encode("utf-8", "surrogatepass")) > self.settings.max_document_bytes:
            yield self._failed(stem, source, "too_large", f"the e-mail's text is over "
                               f"{self.settings.max_document_bytes} bytes", data)
        elif text.strip():
            yield self._document(text, stem, source, ("text read from an e-mail: its subject, then its body",))
        else:
            yield self._failed(stem, source, "no_text", "the e-mail has neither a subject nor a text body", data)
        budget = self.settings.max_archive_bytes
        for number, part in enumerate(message.iter_attachments(), start=1):  # type: ignore[attr-defined]
            name = part.get_filename() or f"attachment-{number}"
            member_id, member_source = f"{stem}!{_stem(name)}", f"{source}!{name}"

            def attachment(part: email.message.Message = part, name: str = name, member_id: str = member_id,
                           member_source: str = member_source) -> Iterator[Input | ErrorRecord]:
                nonlocal budget
                if part.get_content_type() == "message/rfc822":
                    inner = part.get_payload()
                    payload = (inner[0].as_bytes() if isinstance(inner, list) and inner
                               and isinstance(inner[0], email.message.Message) else b"")
                    kind: str | None = "eml"
                else:
                    decoded = part.get_payload(decode=True)
                    payload = decoded if isinstance(decoded, bytes) else b""
                    kind = _kind(name)
                if len(payload) > budget:
                    yield self._failed(member_id, member_source, "too_large", "over the archive's byte budget")
                    return
                budget -= len(payload)
                yield from self.from_bytes(payload, member_id, member_source, kind, depth + 1)

            yield from self.guarded(attachment, member_id, member_source)

    def from_jsonl(self, data: bytes, stem: str, source: str) -> Iterator[Input | ErrorRecord]:
        text, _encoding = decode(data)
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{source}:{number}"
            try:
                item = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as error:
                yield self._failed(f"{stem}:{number}", where, "malformed_json", str(error),
                                   line.encode("utf-8", "surrogatepass"))
                continue
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                yield self._failed(f"{stem}:{number}", where, "missing_text", "the line has no 'text' string",
                                   line.encode("utf-8", "surrogatepass"))
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
                budget: int) -> ErrorRecord | tuple[str | None, int]:
        """An archive member's kind and the bytes it may take, or why it is not read."""
        unsafe = _unsafe_name(name)
        if unsafe:
            return self._failed(member_id, member_source, "unsafe_member", unsafe)
        if link:
            return self._failed(member_id, member_source, "link_member", "a link: not followed")
        kind = _kind(name)
        return kind, min(budget if kind in CONTAINERS or kind == "eml" else self.settings.max_document_bytes, budget)

    def from_zip(self, handle: IO[bytes], stem: str, source: str, depth: int) -> Iterator[Input | ErrorRecord]:
        too_deep = self._too_deep(stem, source, depth)
        if too_deep is not None:
            yield too_deep
            return
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
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

                def member(info: zipfile.ZipInfo = info, member_id: str = member_id, member_source: str = member_source,
                           kind: str | None = kind, cap: int = cap) -> Iterator[Input | ErrorRecord]:
                    nonlocal budget
                    try:
                        with archive.open(info) as opened:
                            data = opened.read(cap + 1)  # counted while decompressing: a bomb stops here
                    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
                            RuntimeError) as error:
                        yield self._failed(member_id, member_source, "bad_member", f"cannot read this member: {error}")
                        return
                    if len(data) > cap:
                        yield self._failed(member_id, member_source, "too_large",
                                           f"more than {cap} bytes once decompressed: not read")
                        return
                    budget -= len(data)
                    yield from self.from_bytes(data, member_id, member_source, kind, depth + 1)

                yield from self.guarded(member, member_id, member_source)

    def from_tar(self, handle: IO[bytes], stem: str, source: str, depth: int) -> Iterator[Input | ErrorRecord]:
        too_deep = self._too_deep(stem, source, depth)
        if too_deep is not None:
            yield too_deep
            return
        try:
            archive = tarfile.open(fileobj=handle, mode="r:*")
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
                name = display(info.name)
                member_id, member_source = f"{stem}!{_stem(name)}", f"{source}!{name}"
                screened = self._screen(member_id, member_source, info.name, info.issym() or info.islnk(), budget)
                if isinstance(screened, ErrorRecord):
                    yield screened
                    continue
                if not info.isfile():
                    yield self._failed(member_id, member_source, "special_file", "a special file: not read")
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

                def member(data: bytes = data, member_id: str = member_id, member_source: str = member_source,
                           kind: str | None = kind) -> Iterator[Input | ErrorRecord]:
                    return self.from_bytes(data, member_id, member_source, kind, depth + 1)

                yield from self.guarded(member, member_id, member_source)

    def from_gzip(self, handle: IO[bytes], stem: str, source: str, depth: int) -> Iterator[Input | ErrorRecord]:
        """A single compressed file (``release.txt.gz``), read as what its name says without ``.gz``."""
        inner = source[:-3] if source.lower().endswith(".gz") else source
        kind = _kind(inner.rsplit("!", 1)[-1])
        if kind is None or kind == "gz":
            yield self._failed(stem, source, "unsupported_type",
                               f"a compressed {PurePosixPath(inner).suffix or 'file'}: not a type this tool reads "
                               f"({READABLE})")
            return
        if kind in CONTAINERS or kind == "eml":
            too_deep = self._too_deep(stem, source, depth)
            if too_deep is not None:
                yield too_deep
                return
        holds_more = kind in CONTAINERS or kind == "eml"
        cap = self.settings.max_archive_bytes if holds_more else self.settings.max_document_bytes
        try:
            with gzip.GzipFile(fileobj=handle, mode="rb") as compressed:
                data = compressed.read(cap + 1)  # counted while decompressing: a bomb stops here
        except (OSError, EOFError, zlib.error) as error:
            yield self._failed(stem, source, "bad_archive", f"not a readable .gz file: {error}")
            return
        if len(data) > cap:
            yield self._failed(stem, source, "too_large", f"more than {cap} bytes once decompressed: not read")
            return
        yield from self.from_bytes(data, stem, source, kind, depth + 1)

    # ------------------------------------------------------------------ paths

    def from_file(self, path: Path, doc_id: str, source: str, *, stat_result: os.stat_result | None = None
                  ) -> Iterator[Input | ErrorRecord]:
        """The documents of one regular file (archives are read from the open file, not loaded whole)."""
        kind = _kind(path.name)
        if kind is None:
            yield self.unsupported(doc_id, source)  # no need to open it
            return
        try:
            handle = _open_regular(path)
        except _NotRegular as refused:
            yield self._failed(doc_id, source, refused.kind, str(refused))
            return
        except OSError as error:
            yield self._failed(doc_id, source, "read_error", f"{type(error).__name__}: {error.strerror or error}")
            return
        with handle:
            if kind in ("zip", "tar", "gz"):
                read = {"zip": self.from_zip, "tar": self.from_tar, "gz": self.from_gzip}[kind]
                yield from read(handle, doc_id, source, 0)
                return
            size = os.fstat(handle.fileno()).st_size
            limit = self.settings.max_archive_bytes if kind in ("jsonl", "eml") else self.settings.max_document_bytes
            if size > limit:
                yield self._failed(doc_id, source, "too_large", f"{size} bytes; the limit is {limit}")
                return
            data = handle.read(limit + 1)
        yield from self.from_bytes(data, doc_id, source, kind, 0)

    def entry(self, path: Path, doc_id: str, source: str, resolved_root: Path | None) -> Iterator[Input | ErrorRecord]:
        """One entry of a folder (``resolved_root``: the folder walked) or of the command line (None):
        a regular file is read, a folder walked, anything else is an error record saying what it is
        (never opened, so a named pipe never blocks)."""
        def read() -> Iterator[Input | ErrorRecord]:
            try:
                mode = os.lstat(path).st_mode
                if stat.S_ISLNK(mode):
                    mode = _follow(path, resolved_root).st_mode
                if stat.S_ISDIR(mode):
                    yield from self.from_folder(path)
                    return
                if not stat.S_ISREG(mode):
                    raise _special(mode)
            except _NotRegular as refused:
                yield self._failed(doc_id, source, refused.kind, str(refused))
                return
            yield from self.from_file(path, doc_id, source)

        return self.guarded(read, doc_id, source)

    def from_folder(self, root: Path) -> Iterator[Input | ErrorRecord]:
        """Every entry under ``root``, files of a folder (sorted) before its subfolders (sorted)."""
        resolved_root = root.resolve()

        def walk(folder: Path) -> Iterator[Input | ErrorRecord]:
            relative_folder = display(folder.relative_to(root).as_posix())
            try:
                faults.point("walk", display(folder.as_posix()))
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except Exception as error:
                yield self._failed(relative_folder if relative_folder != "." else display(folder.name or "."),
                                   display(folder.as_posix()), "read_error",
                                   f"cannot list this folder: {type(error).__name__}: {error}")
                return
            folders = []
            for entry in entries:
                path = folder / entry.name
                try:
                    is_folder = entry.is_dir(follow_symlinks=False)
                except OSError:
                    is_folder = False
                if is_folder:
                    folders.append(path)
                    continue
                relative = display(path.relative_to(root).as_posix())
                yield from self.entry(path, _stem(relative), display(path.as_posix()), resolved_root)
            for path in folders:
                yield from walk(path)

        return walk(root)

    def from_stdin(self) -> Iterator[Input | ErrorRecord]:
        data = sys.stdin.buffer.read()
        text, _encoding = decode(data)
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and all(line.lstrip().startswith("{") for line in lines):
            yield from self.from_jsonl(data, "stdin", "<stdin>")
        else:
            yield self.from_text(data, "stdin", "<stdin>")


def _html_text(html: str) -> str:
    """The main text of an HTML body (trafilatura), else all its text (short e-mails have no 'main' text)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if text and text.strip():
        return str(text)
    import lxml.html

    try:
        return str(lxml.html.fromstring(html).text_content())
    except (ValueError, lxml.etree.ParserError):
        return ""


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
    """Every document under ``paths``, in a stable order (folders and archives walked sorted).

    Never raises for what a path holds: whatever cannot be read is an error record.
    """
    reader = _Reader(settings or ReadSettings())
    for name in paths:
        if name == "-":
            yield from reader.guarded(reader.from_stdin, "stdin", "<stdin>")
            continue
        path = Path(name)
        shown = display(path.as_posix())
        if os.path.lexists(path):
            yield from reader.entry(path, _stem(display(path.name)) or shown, shown, None)
        elif _GLOB_CHARS & set(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield reader._failed(shown, shown, "not_found", "the pattern matches no file")
            for match in matches:
                found = Path(match)
                if found.is_dir():
                    continue  # a pattern names files; '**' lists the folders as well as their files
                shown_match = display(found.as_posix())
                yield from reader.entry(found, _stem(shown_match), shown_match, None)
        else:
            yield reader._failed(_stem(display(path.name)) or shown, shown, "not_found", "no such file or folder")


def count_inputs(paths: list[str]) -> int | None:
    """About how many documents ``paths`` hold, cheaply (for a progress bar's ETA): entries,
    archive members and dump lines, without decoding anything. None for standard input."""
    if "-" in paths:
        return None

    def count_file(path: Path) -> int:
        kind = _kind(path.name)
        if kind not in ("zip", "tar", "jsonl"):
            return 1
        try:
            with _open_regular(path) as handle:
                if kind == "zip":
                    with zipfile.ZipFile(handle) as archive:
                        return sum(1 for info in archive.infolist() if not info.is_dir())
                if kind == "tar":
                    with tarfile.open(fileobj=handle, mode="r:*") as archive:
                        return sum(1 for info in archive if not info.isdir())
                return sum(1 for line in handle if line.strip())
        except Exception:  # a count is a guess; reading says what is wrong
            return 1

    def count(path: Path) -> int:
        try:
            if path.is_dir() and not path.is_symlink():
                return sum(count(path / entry.name) for entry in os.scandir(path))
        except OSError:
            return 1
        return count_file(path)

    total = 0
    for name in paths:
        path = Path(name)
        if os.path.lexists(path):
            total += count(path) if path.is_dir() else count_file(path)
        else:
            total += sum(count_file(Path(match)) for match in glob.glob(name, recursive=True)) or 1
    return total
