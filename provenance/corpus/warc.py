"""WARC files of a collection: an index of their records, and reading records by offset.

``index_warc`` reads one file from end to end once and describes every response record
(offset, URL, date, HTTP status, Content-Type, Location, payload digest) without keeping
a body: the table the run deduplicates and partitions. A record that cannot be read
(a broken gzip member, garbage between records) is reported as ``corrupt`` and the
reader resumes at the next record boundary it can find, so one bad record costs only
itself. ``read_record`` reads one record's decoded body back by its offset.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from provenance.extract.page import HTML_TYPES

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
RESYNC_WINDOW = 1 << 20
"""Bytes read at a time while looking for the next record after a corrupt one."""

# What the index says a record is.
CLASS_DOCUMENT = "document"
"""A 2xx response with an HTML or PDF body: extracted."""
CLASS_REDIRECT = "redirect"
"""A 3xx response with a Location: its URL becomes an alias of where it leads."""
CLASS_ERROR = "error"
"""A 4xx/5xx response: an ``unreachable`` document."""
CLASS_OTHER = "other"
"""Any other response (images, scripts, robots.txt, 1xx/3xx without Location): skipped."""
CLASS_REVISIT = "revisit"
"""A revisit record (the crawler deduplicated the payload itself): skipped."""
CLASS_CORRUPT = "corrupt"
"""A record that could not be read: skipped and counted."""

PDF_TYPES = ("application/pdf", "application/x-pdf")


@dataclass(frozen=True)
class IndexedRecord:
    warc: str
    offset: int
    record_class: str
    url: str = ""
    date: str = ""
    http_status: int = -1
    content_type: str = ""
    location: str = ""
    digest: str = ""
    error: str = ""


def _mime(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def classify(http_status: int, content_type: str, location: str) -> str:
    """The index class of a response record from its status line and headers."""
    if 200 <= http_status < 300:
        mime = _mime(content_type)
        # A response without a Content-Type is sniffed by the extractor (HTML or PDF).
        if not mime or mime in HTML_TYPES or mime in PDF_TYPES:
            return CLASS_DOCUMENT
        return CLASS_OTHER
    if 300 <= http_status < 400:
        return CLASS_REDIRECT if location else CLASS_OTHER
    if http_status >= 400:
        return CLASS_ERROR
    return CLASS_OTHER


def _describe(warc: str, offset: int, record: Any) -> IndexedRecord:
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    date = record.rec_headers.get_header("WARC-Date") or ""
    if record.rec_type == "revisit":
        return IndexedRecord(warc, offset, CLASS_REVISIT, uri, date)
    http = record.http_headers
    status_code = http.get_statuscode() if http is not None else None
    try:
        status = int(status_code) if status_code else -1
    except ValueError:
        status = -1
    content_type = (http.get_header("Content-Type") or "") if http is not None else ""
    location = (http.get_header("Location") or "") if http is not None else ""
    record_class = classify(status, content_type, location)
    digest = record.rec_headers.get_header("WARC-Payload-Digest") or ""
    if record_class == CLASS_DOCUMENT and not digest:
        digest = "sha1:" + hashlib.sha1(record.content_stream().read()).hexdigest()
    return IndexedRecord(
        warc, offset, record_class, uri, date, status, content_type, location, digest
    )


def _next_boundary(handle: BinaryIO, start: int, magic: bytes) -> int | None:
    """Offset of the next ``magic`` at or after ``start``; None at the end of the file."""
    position = start
    while True:
        handle.seek(position)
        window = handle.read(RESYNC_WINDOW + len(magic))
        if len(window) < len(magic):
            return None
        found = window.find(magic)
        if found >= 0:
            return position + found
        position += RESYNC_WINDOW


def index_warc(path: Path) -> Iterator[IndexedRecord]:
    """Every response and revisit record of ``path``, and every corrupt stretch of it.

    Raises ``OSError`` when the file cannot be opened; never on its content.
    """
    warc = str(path)
    with path.open("rb") as handle:
        magic = GZIP_MAGIC if handle.read(3) == GZIP_MAGIC else WARC_MAGIC
        start: int | None = 0
        while start is not None:
            handle.seek(start)
            iterator = ArchiveIterator(handle)
            last, done = start, False
            try:
                for record in iterator:
                    last, done = iterator.get_record_offset(), False
                    if record.rec_type in ("response", "revisit"):
                        yield _describe(warc, last, record)
                    done = True
                return
            except Exception as error:  # warcio and zlib raise many kinds on bad bytes
                if not done:
                    # The record that started at ``last`` is the bad one. Otherwise the
                    # next one failed before it began: the restart below reports it.
                    reason = f"{type(error).__name__}: {error}"[:200]
                    yield IndexedRecord(warc, last, CLASS_CORRUPT, error=reason)
                start = _next_boundary(handle, last + 1, magic)


def read_record(path: Path, offset: int) -> tuple[bytes, str]:
    """(decoded body, Content-Type) of the record at ``offset``: chunked transfer coding
    and gzip/deflate content coding undone, as a browser would see the payload."""
    with path.open("rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        content_type = ""
        if record.http_headers is not None:
            content_type = record.http_headers.get_header("Content-Type") or ""
        return record.content_stream().read(), content_type
