"""A folder the way press archives come: every format the reader knows, and what breaks readers.

``make(root)`` writes it and returns, for each entry, whether it must end as a record or as an
error record (and of which type).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

TEXT = "Le Salon du Livre se tiendra du 3 au 5 mars 2024 au Palais des congrès de Lyon."
MORE = "Organisé par la Ville de Lyon, il accueillera près de 200 exposants venus de Dakar et de Lomé."


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    if text:
        pdf.multi_cell(0, 8, text)
    else:
        pdf.rect(20, 20, 80, 60)
    return bytes(pdf.output())


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Salon du Livre", 1)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _odt(text: str) -> bytes:
    from odfdo import Document, Header, Paragraph

    document = Document("text")
    document.body.clear()
    document.body.append(Header(1, "Forum des métiers"))
    document.body.append(Paragraph(text))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _email() -> bytes:
    message = EmailMessage()
    message["Subject"] = "Communiqué : Salon du Livre de Lyon"
    message["From"], message["To"] = "presse@example.org", "redaction@example.org"
    message.set_content(f"Bonjour,\n\n{TEXT}\n\n{MORE}")
    message.add_attachment(_docx(MORE), maintype="application", filename="dossier.docx",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document")
    return message.as_bytes()


def _tar(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def make(root: Path) -> dict[str, str]:
    """Write the folder; return entry id -> "record" or the error type expected."""
    (root / "2019").mkdir(parents=True)
    (root / "2019" / "plain.txt").write_text(f"{TEXT} {MORE}", encoding="utf-8")
    (root / "legacy.txt").write_bytes("La fête d'été aura lieu le 3 mai 2019 à Nîmes.".encode("cp1252"))
    (root / "page.html").write_text(
        f"<html><head><script>var x = 1;</script></head><body><nav>Accueil</nav><article><h1>Salon du Livre</h1>"
        f"<p>{TEXT}</p><p>{MORE}</p></article></body></html>", encoding="utf-8")
    (root / "release.pdf").write_bytes(_pdf(f"{TEXT} {MORE}"))
    (root / "scan.pdf").write_bytes(_pdf(""))
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\n%broken")
    (root / "word.docx").write_bytes(_docx(TEXT))
    (root / "office.odt").write_bytes(_odt("Le Forum des métiers se tiendra le 14 mars 2024 au Palais des congrès."))
    (root / "mail.eml").write_bytes(_email())
    (root / "old.txt.gz").write_bytes(gzip.compress(TEXT.encode("utf-8")))
    with zipfile.ZipFile(root / "bundle.zip", "w") as bundle:
        bundle.writestr("2017/release.txt", f"{TEXT} {MORE}")
        bundle.writestr("2017/release.pdf", _pdf(TEXT))
        bundle.writestr("../escape.txt", TEXT)
    (root / "archive.tar.gz").write_bytes(_tar({"a/first.txt": TEXT.encode(), "a/second.txt": MORE.encode()}))
    (root / "dump.jsonl").write_text(json.dumps({"id": "d1", "text": TEXT, "published": "2024-01"}) + "\n"
                                     + "{not json\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "photo.txt").write_bytes(b"\x89PNG\x00\x01")
    (root / "image.png").write_bytes(b"\x89PNG")
    (root / "loop1.txt").symlink_to("loop2.txt")
    (root / "loop2.txt").symlink_to("loop1.txt")
    os.mkfifo(root / "pipe.txt")
    (root / os.fsdecode(b"caf\xe9.txt")).write_text(TEXT, encoding="utf-8")
    return {
        "2019/plain": "record", "legacy": "record", "page": "record", "release": "record", "scan": "no_text_layer",
        "broken": "bad_document", "word": "record", "office": "record", "mail": "record", "mail!dossier": "record",
        "old": "record", "bundle!2017/release": "record", "bundle!2017/release#2": "record",
        "bundle!../escape": "unsafe_member", "archive!a/first": "record", "archive!a/second": "record",
        "d1": "record", "dump:2": "malformed_json", "empty": "input_error", "photo": "binary_input",
        "image": "unsupported_type", "loop1": "link_loop", "loop2": "link_loop", "pipe": "special_file",
        "caf\\xe9": "record",
    }
