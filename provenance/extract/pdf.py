"""PDF documents: title, authors, date and text paragraphs, read with pypdf.

Official documents (statements, reports, court filings) are often PDFs; their text is
what a claim is checked against. Work is bounded by page and character caps, and a
PDF pypdf cannot read gives an empty page with a reason, never an exception.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from provenance.extract import heuristics as h
from provenance.extract.text import clean

_BLANK_LINE = re.compile(r"\n[ \t]*\n+")
_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")
_LINE_END = re.compile(h.PDF_LINE_END_PATTERN)


@dataclass
class PdfText:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""
    paragraphs: list[str] = field(default_factory=list)
    reason: str = ""


def is_pdf(body: bytes, content_type: str = "") -> bool:
    mime = content_type.split(";")[0].strip().lower()
    return mime == "application/pdf" or body[: h.PDF_MAGIC_REACH].lstrip().startswith(b"%PDF-")


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of a page's text: blank lines separate them; without blank lines, a
    line that ends a sentence and is shorter than its neighbours ends a paragraph."""
    text = _HYPHEN_BREAK.sub(r"\1\2", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = _BLANK_LINE.split(text)
    if len(blocks) == 1:
        blocks = []
        current: list[str] = []
        lines = text.split("\n")
        widest = max((len(line) for line in lines), default=0)
        for line in lines:
            current.append(line)
            if _LINE_END.search(line) and len(line.strip()) < h.PDF_SHORT_LINE_SHARE * widest:
                blocks.append("\n".join(current))
                current = []
        if current:
            blocks.append("\n".join(current))
    return [paragraph for paragraph in (clean(block) for block in blocks) if paragraph]


_COLUMN_GAP = re.compile(rf"\S {{{h.PDF_COLUMN_GAP},}}\S")


def _page_text(page: Any) -> str:
    """A page's text with its blank lines (pypdf's layout mode keeps the vertical gaps
    that separate paragraphs); in reading order instead when the page is set in columns,
    which layout mode would interleave line by line."""
    text = page.extract_text(extraction_mode="layout") or ""
    lines = [line for line in text.split("\n") if line.strip()]
    columned = sum(1 for line in lines if _COLUMN_GAP.search(line.strip()))
    if lines and columned > h.PDF_COLUMN_LINE_SHARE * len(lines):
        return str(page.extract_text() or "")
    return text


def _pdf_date(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return ""


def read_pdf(body: bytes) -> PdfText:
    """The text and document information of a PDF; ``reason`` says what went wrong."""
    result = PdfText()
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is a runtime dependency
        result.reason = "PDF support is not installed (pypdf)"
        return result
    first_line = ""
    try:
        reader = PdfReader(io.BytesIO(body[: h.MAX_PDF_BYTES]), strict=False)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # pypdf raises several types for ciphers it lacks
                result.reason = "encrypted PDF"
                return result
        info = reader.metadata
        if info is not None:
            result.title = clean(str(info.title or ""))[: h.MAX_TITLE_CHARS]
            author = clean(str(info.author or ""))
            if author:
                result.authors = [author[: h.MAX_AUTHOR_CHARS]]
            try:
                result.published = _pdf_date(info.creation_date)
            except Exception:  # a malformed date string in the document information
                result.published = ""
        chars = 0
        for page in reader.pages[: h.MAX_PDF_PAGES]:
            text = _page_text(page)
            if not first_line:
                first_line = next((clean(line) for line in text.split("\n") if clean(line)), "")
            for paragraph in _paragraphs(text):
                result.paragraphs.append(paragraph)
                chars += len(paragraph)
            if chars >= h.MAX_TEXT_CHARS:
                break
    except Exception as error:  # any bytes in: pypdf's many error types on broken files
        result.reason = f"unreadable PDF ({type(error).__name__})"
        return result
    if not result.title:
        result.title = first_line[: h.MAX_TITLE_CHARS]
    if not result.paragraphs and not result.reason:
        result.reason = "PDF without text (scanned?)"
    return result
