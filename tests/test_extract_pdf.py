"""PDF documents: kind ``document``, title and text paragraphs (pypdf)."""

from __future__ import annotations

import pytest

from provenance.extract import extract_page
from provenance.extract import heuristics as h
from provenance.models import KIND_DOCUMENT

URL = "https://www.example.gov/documents/statement-2016-12-08.pdf"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], title: str = "", author: str = "") -> bytes:
    """A small, valid PDF: one Helvetica text line per entry, "" for a blank line."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * index for index in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{page_id} 0 R" for page_id in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for index, lines in enumerate(pages):
        commands = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
        for line in lines:
            commands.append(f"({_escape(line)}) Tj T*" if line else "T*")
        commands.append("ET")
        stream = "\n".join(commands).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            f"<< /Font << /F1 3 0 R >> >> /Contents {page_ids[index] + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    info_id = len(objects) + 1
    objects.append(
        f"<< /Title ({_escape(title)}) /Author ({_escape(author)}) "
        f"/CreationDate (D:20161208163100-05'00') >>".encode()
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info_id,
        xref,
    )
    return bytes(out)


STATEMENT = [
    [
        "Presidential Determination Pursuant to Section 1226",
        "",
        "By the authority vested in me as President, I hereby determine that the",
        "transaction is in the national security interest of the United States.",
        "",
        "The Secretary of State is authorized and directed to publish this",
        "determination in the Federal Register.",
    ],
    ["Section 2. The waiver applies to foreign forces in Syria.", ""],
]


def test_pdf_gives_a_document_with_title_and_paragraphs() -> None:
    body = make_pdf(
        STATEMENT, title="Presidential Determination No. 2017-04", author="The White House"
    )
    page = extract_page(body, URL, "application/pdf")
    assert page.kind == KIND_DOCUMENT
    assert page.title == "Presidential Determination No. 2017-04"
    assert page.authors == ["The White House"]
    assert page.published.startswith("2016-12-08")
    assert not page.reason
    assert any(
        "national security interest of the United States" in paragraph
        for paragraph in page.paragraphs
    )
    assert any("waiver applies to foreign forces in Syria" in p for p in page.paragraphs)
    # Lines of one paragraph are joined, paragraphs stay apart.
    assert any(
        p.startswith("By the authority") and p.endswith("United States.") for p in page.paragraphs
    )


def test_pdf_is_recognised_by_its_bytes() -> None:
    body = make_pdf(STATEMENT, title="Statement")
    for content_type in ("", "application/octet-stream", "text/html"):
        page = extract_page(body, "https://example.org/download?id=7", content_type)
        assert page.kind == KIND_DOCUMENT
        assert page.title == "Statement"


def test_pdf_without_title_takes_its_first_line() -> None:
    page = extract_page(make_pdf(STATEMENT), URL, "application/pdf")
    assert page.title == "Presidential Determination Pursuant to Section 1226"


def test_broken_pdf_gives_a_reason() -> None:
    for body in (b"%PDF-1.4\n garbage", make_pdf(STATEMENT)[:300], b"%PDF-"):
        page = extract_page(body, URL, "application/pdf")
        assert page.kind == KIND_DOCUMENT
        assert page.reason
        assert page.paragraphs == [] or all(page.paragraphs)


def test_pdf_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(h, "MAX_PDF_PAGES", 2)
    pages = [[f"Page {index} says the figures were confirmed."] for index in range(6)]
    page = extract_page(make_pdf(pages), URL, "application/pdf")
    assert len(page.paragraphs) == 2


def test_other_documents_stay_empty() -> None:
    page = extract_page(
        b"PK\x03\x04 docx bytes",
        "https://example.org/report.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert page.kind == KIND_DOCUMENT
    assert page.reason.startswith("not HTML")
