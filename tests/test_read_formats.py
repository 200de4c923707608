"""The formats press archives hold: PDF text layers, Word, OpenDocument, e-mails, single .gz files.

Every file is made here from our own text (fpdf2 writes the PDFs, python-docx and odfdo the
office files, the standard library the e-mails).
"""

from __future__ import annotations

import gzip
import io
import json
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from odfdo import Document, Header, Paragraph

from extractor.core.pipeline import Input
from extractor.frontdoors.cli import main
from extractor.io.inputs import ReadSettings, read_inputs

TEXT = "Le Salon du Livre se tiendra du 3 au 5 mars 2024 au Palais des congrès de Lyon."
MORE = "Organisé par la Ville de Lyon, il accueillera près de 200 exposants."


def _pdf(*pages: str, user_password: str | None = None) -> bytes:
    pdf = FPDF()
    if user_password is not None:
        pdf.set_encryption(owner_password="owner", user_password=user_password,
                           encryption_method=EncryptionMethod.RC4)
    for page in pages:
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        if page:
            pdf.multi_cell(0, 8, page)
        else:
            pdf.rect(20, 20, 80, 60)  # a drawing, no text: a scanned page has no text layer either
    return bytes(pdf.output())


def _docx() -> bytes:
    document = docx.Document()
    document.add_heading("Salon du Livre", 1)
    document.add_paragraph(TEXT)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Exposants", "200"
    document.add_paragraph(MORE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _odt() -> bytes:
    document = Document("text")
    document.body.clear()
    document.body.append(Header(1, "Salon du Livre"))
    document.body.append(Paragraph(TEXT))
    document.body.append(Paragraph(MORE))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _email(html: bool = False) -> bytes:
    message = EmailMessage()
    message["Subject"] = "Communiqué : Salon du Livre de Lyon"
    message["From"], message["To"] = "presse@example.org", "redaction@example.org"
    if html:
        message.set_content(f"<html><body><p>{TEXT}</p><p>{MORE}</p></body></html>", subtype="html")
    else:
        message.set_content(f"Bonjour,\n\n{TEXT}\n\nCordialement")
    message.add_attachment(MORE.encode("utf-8"), maintype="text", subtype="plain", filename="communique.txt")
    message.add_attachment(_pdf(TEXT), maintype="application", subtype="pdf", filename="dossier.pdf")
    message.add_attachment(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", filename="logo.png")
    return message.as_bytes()


def _read(path: Path, settings: ReadSettings | None = None) -> dict[str, Input | object]:
    return {getattr(item, "doc_id", None) or item.document.id: item  # type: ignore[union-attr]
            for item in read_inputs([str(path)], settings)}


def _kind(item: object) -> str:
    return "document" if isinstance(item, Input) else item.error.type  # type: ignore[attr-defined]


def test_a_pdf_text_layer_is_read_page_after_page(tmp_path: Path) -> None:
    (tmp_path / "release.pdf").write_bytes(_pdf(TEXT, MORE))
    [item] = _read(tmp_path / "release.pdf").values()
    assert isinstance(item, Input)
    first, second = item.text.split("\n\n")  # pages are paragraphs
    assert first.replace("\n", " ") == TEXT and second.replace("\n", " ") == MORE
    assert any("pypdf" in note for note in item.notes)


@pytest.mark.parametrize(("data", "kind"), [
    (_pdf(""), "no_text_layer"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", "bad_document"),
    (_pdf(TEXT, user_password="secret"), "encrypted"),
    (b"", "bad_document"),
], ids=["no text layer", "damaged", "password", "empty"])
def test_a_pdf_that_cannot_give_text_says_why(tmp_path: Path, data: bytes, kind: str) -> None:
    (tmp_path / "bad.pdf").write_bytes(data)
    [item] = _read(tmp_path / "bad.pdf").values()
    assert _kind(item) == kind
    if kind == "no_text_layer":
        assert "OCR is not done" in item.error.message  # type: ignore[attr-defined]


def test_word_and_opendocument_paragraphs_and_tables_come_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(_docx())
    (tmp_path / "b.odt").write_bytes(_odt())
    (tmp_path / "c.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "d.odt").write_bytes(_docx())  # a zip, but not an OpenDocument file
    items = _read(tmp_path)
    assert items["a"].text == f"Salon du Livre\n{TEXT}\nExposants\t200\n{MORE}"  # type: ignore[union-attr]
    assert items["b"].text == f"Salon du Livre\n{TEXT}\n{MORE}"  # type: ignore[union-attr]
    assert (_kind(items["c"]), _kind(items["d"])) == ("bad_document", "bad_document")


def test_an_email_gives_its_body_and_each_attachment(tmp_path: Path) -> None:
    (tmp_path / "mail.eml").write_bytes(_email())
    (tmp_path / "web.eml").write_bytes(_email(html=True))
    items = _read(tmp_path)
    assert {doc_id: _kind(item) for doc_id, item in items.items()} == {
        "mail": "document", "mail!communique": "document", "mail!dossier": "document", "mail!logo": "unsupported_type",
        "web": "document", "web!communique": "document", "web!dossier": "document", "web!logo": "unsupported_type"}
    assert items["mail"].text.startswith("Communiqué : Salon du Livre de Lyon\n\nBonjour,")  # type: ignore[union-attr]
    assert TEXT in items["web"].text and "<p>" not in items["web"].text  # type: ignore[union-attr]
    assert items["mail!dossier"].source.endswith("mail.eml!dossier.pdf")  # type: ignore[union-attr]


def test_a_single_gz_file_is_read_as_what_it_holds(tmp_path: Path) -> None:
    (tmp_path / "old.txt.gz").write_bytes(gzip.compress(TEXT.encode("utf-8")))
    (tmp_path / "old.pdf.gz").write_bytes(gzip.compress(_pdf(TEXT)))
    (tmp_path / "photo.png.gz").write_bytes(gzip.compress(b"\x89PNG"))
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(TEXT.encode("utf-8") * 50)[:40])
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"0" * 5_000_000))
    items = _read(tmp_path, ReadSettings(max_document_bytes=1_000_000))
    assert {doc_id: _kind(item) for doc_id, item in items.items()} == {
        "bomb": "too_large", "cut": "bad_archive", "old": "document", "old#2": "document",
        "photo": "unsupported_type"}
    assert items["old"].text == TEXT  # type: ignore[union-attr]


def test_types_it_does_not_read_are_error_records_and_counted(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "release.txt").write_text(TEXT, encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "README").write_text("no suffix", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1"]) == 1
    errors = [json.loads(line) for line in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((e["document"]["id"], e["error"]["type"]) for e in errors) == [
        ("README", "unsupported_type"), ("old", "unsupported_type"), ("photo", "unsupported_type")]
    printed = capsys.readouterr().err
    assert "4 documents: 1 extracted, 3 failed" in printed
    assert "unsupported_type      3  e.g." in printed


def test_offsets_refer_to_the_extracted_text_which_with_text_returns(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(_pdf(TEXT, MORE))
    (folder / "b.docx").write_bytes(_docx())
    (folder / "c.odt").write_bytes(_odt())
    (folder / "d.eml").write_bytes(_email())
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--workers", "1", "--with-text", "--quiet"]) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["document"]["id"] for r in records) == ["a", "b", "c", "d", "d!communique", "d!dossier"]
    for record in records:
        text = record["document"]["text"]
        spans = [span for field in ("events", "dates", "venues", "organisers", "figures")
                 for found in record[field] for span in found["evidence"]]
        assert spans, record["document"]["id"]
        for span in spans:
            assert text[span["start"]:span["end"]] == span["text"]
    dates = {r["document"]["id"]: [d["start"] for d in r["dates"]] for r in records}
    assert all("2024-03-03" in dates[doc_id] for doc_id in ("a", "b", "c", "d", "d!dossier"))
