"""WARC in and out: every exchange is recorded, and WARC files can stand in for the web.

``WarcRecorder`` writes request and response records with warcio. ``ReplayTransport``
is an httpx transport that answers requests from WARC files (ours or any other tool's),
so the crawler runs the same code offline with the real host names.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.urls import identity

# Headers describing the wire encoding of a body; the recorded and replayed body is
# the decoded one, so these would lie about it.
WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class NotArchived(httpx.TransportError):
    """The replayed archives hold no response for this URL."""


def _http_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcRecorder:
    """Writes request/response record pairs to a gzipped WARC file.

    ``serialize`` turns one exchange into bytes (each record its own gzip member);
    ``append`` writes a fetch's records when the crawl commits that fetch to the store,
    so the file holds exactly the committed fetches and the store's ``warc_offset`` is
    always a record boundary. ``record`` writes at once (robots.txt, which no page owns).
    """

    def __init__(self, path: Path, *, resume_offset: int | None = None) -> None:
        self.path = path
        if resume_offset is not None and path.exists():
            # Drop whatever a killed crawl wrote after its last committed page: a
            # half-written gzip member would break every reader of the file.
            with path.open("r+b") as handle:
                handle.truncate(resume_offset)
        self._handle: BinaryIO = path.open("ab")

    @property
    def offset(self) -> int:
        return self._handle.tell()

    def serialize(
        self,
        url: str,
        request_headers: list[tuple[str, str]],
        status: int,
        reason: str,
        headers: list[tuple[str, str]],
        body: bytes,
        *,
        date: str = "",
        truncated: str = "",
        peer_address: str = "",
    ) -> bytes:
        """One GET of ``url`` as WARC bytes (a request and a response record).

        ``request_headers`` are those sent (Host is added from the URL when missing);
        ``headers`` and ``body`` are the decoded response; ``truncated`` is a
        WARC-Truncated reason (``length``) when the body was cut or not read."""
        buffer = BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        warc_date = date or _http_date(datetime.now(UTC))
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent = list(request_headers)
        if not any(key.lower() == "host" for key, _ in sent):
            sent.insert(0, ("Host", parts.netloc))
        request_record = writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", sent, is_http_request=True),
            warc_headers_dict=self._warc_headers(warc_date, peer_address),
        )
        kept = [(key, value) for key, value in headers if key.lower() not in WIRE_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        response_headers = StatusAndHeaders(f"{status} {reason or 'OK'}", kept, protocol="HTTP/1.1")
        response_warc = self._warc_headers(warc_date, peer_address)
        if truncated:
            response_warc["WARC-Truncated"] = truncated
        response_record = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            # A known length spares warcio a spooled copy of the body per record.
            length=len(body),
            http_headers=response_headers,
            warc_headers_dict=response_warc,
        )
        writer.write_request_response_pair(request_record, response_record)
        return buffer.getvalue()

    @staticmethod
    def _warc_headers(date: str, peer_address: str) -> dict[str, str]:
        headers = {"WARC-Date": date}
        if peer_address:
            headers["WARC-IP-Address"] = peer_address
        return headers

    def append(self, records: list[bytes]) -> None:
        """Write serialized records (one committed fetch's, or a batch's) at the end."""
        if records:
            self._handle.write(b"".join(records))
            self._handle.flush()

    def record(
        self,
        request: httpx.Request,
        status: int,
        reason: str,
        headers: list[tuple[str, str]],
        body: bytes,
        *,
        date: str = "",
    ) -> None:
        """Write one exchange now. ``headers`` and ``body`` are the decoded response."""
        sent = list(request.headers.items())
        self.append(
            [self.serialize(str(request.url), sent, status, reason, headers, body, date=date)]
        )

    def sync(self) -> None:
        """Make what was written durable (against power loss, not only a killed process)."""
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()


@dataclass(frozen=True)
class _Capture:
    path: Path
    offset: int
    date: str
    truncated: str = ""


class WarcArchiveError(Exception):
    """A WARC file cannot be read."""


@dataclass
class _Damage:
    """Where a WARC file stops being readable (filled in by ``_whole_records``)."""

    found: bool = False
    offset: int = 0
    """Where the first unreadable record starts."""
    records: int = 0
    """Records seen to be damaged (the first, and any cut one)."""
    end: int = 0
    """Where the last whole record ends."""


# Bytes read at a time when checking that a record is whole.
_CHUNK = 1 << 16


def _whole_records(handle: BinaryIO, damage: _Damage) -> Iterator[tuple[ArcWarcRecord, int]]:
    """The records of a WARC file that are there in full, with their offsets, up to the
    first damage (a cut file, a corrupt record), which is noted in ``damage``.

    warcio stops silently at a cut gzip member and yields a cut record as if whole, so
    each record's block is read and measured against its Content-Length."""
    iterator = ArchiveIterator(handle, no_record_parse=True)
    offset = 0
    try:
        for record in iterator:
            expected = record.length
            got = 0
            while chunk := record.raw_stream.read(_CHUNK):
                got += len(chunk)
            # Asked after reading: warcio's get_record_offset skips the unread block.
            offset = iterator.get_record_offset()
            if expected is None or got < expected:
                damage.found, damage.offset, damage.records = True, offset, damage.records + 1
                return
            yield record, offset
            damage.end = iterator.offset
    except Exception:  # warcio raises bare exceptions on malformed records
        damage.found, damage.offset, damage.records = True, damage.end, damage.records + 1
        return
    damage.end = max(damage.end, iterator.offset)


class ReplayTransport(httpx.AsyncBaseTransport):
    """Answers requests from the response records of WARC files.

    The index maps each document identity (``urls.identity``) to its last capture; the
    record's body is read from disk only when asked for.
    """

    def __init__(self, paths: list[Path]) -> None:
        self._index: dict[str, _Capture] = {}
        self.warnings: list[str] = []
        """One line per damaged file: where the damage starts and what was lost."""
        for path in paths:
            self._index_file(Path(path))

    def _index_file(self, path: Path) -> None:
        indexed = 0
        damage = _Damage()
        try:
            with path.open("rb") as handle:
                for record, offset in _whole_records(handle, damage):
                    if record.rec_type != "response":
                        continue
                    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                    key = identity(uri.strip("<>"))
                    if key:
                        date = record.rec_headers.get_header("WARC-Date") or ""
                        truncated = record.rec_headers.get_header("WARC-Truncated") or ""
                        self._index[key] = _Capture(path, offset, date, truncated)
                        indexed += 1
                size = handle.seek(0, os.SEEK_END)
        except OSError as error:
            raise WarcArchiveError(f"cannot read {path}: {error.strerror or error}") from error
        if indexed == 0:
            why = f" (unreadable from byte {damage.offset:,})" if damage.found else ""
            raise WarcArchiveError(
                f"{path} holds no archived HTTP responses{why}: not a usable WARC file"
            )
        if damage.found or damage.end < size:
            start = min(damage.offset, damage.end) if damage.found else damage.end
            lost = size - start
            self.warnings.append(
                f"{path} is damaged from byte {start:,} of {size:,}: {lost:,} bytes"
                f" ({100 * lost / size:.0f}%) could not be read, {max(1, damage.records)} record(s)"
                f" there at least; {indexed} responses were read before it (what is missing"
                " is 'not-archived')"
            )

    def __len__(self) -> int:
        return len(self._index)

    def urls(self) -> list[str]:
        return sorted(self._index)

    def capture(self, url: str) -> tuple[int, list[tuple[str, str]], bytes, str, str]:
        """(status, headers, decoded body, reason, WARC-Date) of the capture of ``url``.

        warcio undoes chunked transfer coding and gzip/deflate content coding, so
        records written raw off the wire (wget, Heritrix, ...) replay like ours."""
        found = self._index.get(identity(url))
        if found is None:
            raise NotArchived(f"not in the replayed archives: {url}")
        with found.path.open("rb") as handle:
            handle.seek(found.offset)
            record = next(iter(ArchiveIterator(handle)))
            status_line = record.http_headers.get_statuscode() or "200"
            reason = record.http_headers.statusline.partition(" ")[2]
            headers = [(key, value) for key, value in record.http_headers.headers]
            body = record.content_stream().read()
        return int(status_line), headers, body, reason, found.date

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        status, headers, body, reason, date = self.capture(str(request.url))
        kept = [(key, value) for key, value in headers if key.lower() not in WIRE_HEADERS]
        found = self._index.get(identity(str(request.url)))
        return httpx.Response(
            status,
            headers=kept,
            stream=httpx.ByteStream(body),
            request=request,
            extensions={
                "reason_phrase": reason.encode("latin-1", "replace"),
                "warc_date": date,
                "warc_truncated": found.truncated if found else "",
            },
        )
