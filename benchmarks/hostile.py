"""A batch with hostile documents mixed in: every input accounted for, time and memory.

    python benchmarks/hostile.py [--documents 1000] [--hostile 100] [--workers 2]

Builds a folder of releases made from the corpus with hostile files among them
(empty, binary, NUL bytes, cp1252, mojibake, scripts-only HTML, a 3 MB line,
pathological repetitions, damaged and scanned PDFs, damaged Word files, types it
does not read, a .gz bomb, a zip bomb, a truncated tar.gz, broken JSON Lines,
symbolic link loops, a named pipe, a file name that is not UTF-8, Word files and
an e-mail with attachments), runs `extractor extract` on it and prints the time,
the peak memory of the process tree, and the count of records and error
records, which must add up to the number of inputs.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import logging
import os
import sys
import tarfile
import tempfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import synthetic_texts, watch  # noqa: E402

SHORT = "Le Salon du Livre se tiendra du 3 au 5 mars 2024 au Palais des congrès de Lyon."


def hostile_files(count: int) -> list[tuple[str, bytes]]:
    """``count`` hostile inputs, each one a file (archives count as one input each here)."""
    kinds = [
        ("empty.txt", b""),
        ("spaces.txt", b"   \n\t"),
        ("binary.txt", bytes(range(256)) * 8),
        ("nul.txt", SHORT.encode() + b"\x00" + SHORT.encode()),
        ("cp1252.txt", ("Été à Nîmes : la fête aura lieu le 3 mai 2019. " * 5).encode("cp1252")),
        ("mojibake.txt", ("Le Salon FranÃ§ais de l'Ã©tÃ© se tiendra le 3 mai 2019. " * 3).encode()),
        ("scripts.html", b"<html><script>var a=1;</script><style>p{}</style></html>"),
        ("digits.txt", ("12 " * 10000).encode()),
        ("du.txt", ("du " * 5000).encode()),
        ("organised.txt", ("organisé par la Ville de Lyon, " * 1500).encode()),
        ("long_line.txt", ("Le salon accueille des exposants. " * 90000).encode()),
        ("damaged.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"),
        ("scanned.pdf", _blank_pdf()),
        ("damaged.docx", b"PK\x03\x04 not a zip"),
        ("photo.png", b"\x89PNG\r\n\x1a\n"),
        ("bomb.txt.gz", gzip.compress(b"0" * 20_000_000)),
    ]
    files = []
    for index in range(count):
        name, data = kinds[index % len(kinds)]
        files.append((f"hostile_{index:03d}_{name}", data))
    return files


def _blank_pdf() -> bytes:
    """A PDF page without a text layer, as a scanned page is."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _email(text: str) -> bytes:
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = "Communiqué", "presse@example.org", "redaction@example.org"
    message.set_content(text)
    message.add_attachment(_docx(text), maintype="application", filename="communique.docx",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document")
    message.add_attachment(b"\x89PNG\r\n", maintype="image", subtype="png", filename="logo.png")
    return message.as_bytes()


def build(folder: Path, documents: int, hostile: int) -> int:
    """Write the batch; return the number of inputs it holds."""
    texts = synthetic_texts(documents - hostile)
    for index, text in enumerate(texts):
        (folder / f"release_{index:05d}.txt").write_text(text, encoding="utf-8")
    inputs = len(texts)
    files = hostile_files(hostile - 13)
    for name, data in files:
        (folder / name).write_bytes(data)
    inputs += len(files)
    for index, text in enumerate(texts[:5]):  # releases as Word files, one by e-mail
        (folder / f"word_{index}.docx").write_bytes(_docx(text))
    (folder / "mail.eml").write_bytes(_email(texts[0]))
    (folder / "hostile_loop_a.txt").symlink_to("hostile_loop_b.txt")
    (folder / "hostile_loop_b.txt").symlink_to("hostile_loop_a.txt")
    (folder / "hostile_self.txt").symlink_to("hostile_self.txt")
    os.mkfifo(folder / "hostile_pipe.txt")
    (folder / os.fsdecode(b"hostile_caf\xe9.txt")).write_text(SHORT, encoding="latin-1")
    inputs += 5 + 3 + 5
    with zipfile.ZipFile(folder / "hostile_bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("huge.txt", b"0" * 50_000_000)
    inputs += 1
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for number in range(10):
            data = (SHORT + " " + "x" * 3000).encode()
            info = tarfile.TarInfo(f"doc{number}.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    (folder / "hostile_truncated.tar.gz").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    inputs += -1  # counted below, from what the archive yields before it breaks off
    (folder / "hostile_dump.jsonl").write_text(
        json.dumps({"id": "ok", "text": SHORT}) + "\n{broken\n" + json.dumps({"id": "no-text"}) + "\n",
        encoding="utf-8")
    inputs += 3
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--hostile", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "batch"
        folder.mkdir()
        build(folder, args.documents, args.hostile)
        from extractor.io.inputs import read_inputs

        logging.getLogger().addHandler(logging.NullHandler())  # pypdf's warnings on the damaged PDFs
        inputs = sum(1 for _ in read_inputs([str(folder)]))
        out = Path(temporary) / "out.jsonl"
        seconds, peak, status = watch([sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(out),
                                       "--workers", str(args.workers), "--quiet"])
        records = sum(1 for _ in out.open(encoding="utf-8"))
        errors_path = out.with_name("out.errors.jsonl")
        errors = [json.loads(line)["error"]["type"] for line in errors_path.open(encoding="utf-8")]
        kinds: dict[str, int] = {}
        for kind in errors:
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"{inputs} inputs ({args.documents} files and archive members asked for, {args.hostile} hostile), "
              f"{args.workers} workers")
        print(f"{records} records + {len(errors)} error records = {records + len(errors)} "
              f"({'every input accounted for' if records + len(errors) == inputs else 'MISMATCH'})")
        print(f"errors by type: {dict(sorted(kinds.items()))}")
        print(f"{seconds:.1f} s ({inputs / seconds:.1f} inputs/s), peak memory {peak / 2**20:.0f} MiB "
              f"(exit status {status})")


if __name__ == "__main__":
    main()
