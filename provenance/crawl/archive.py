"""WARC in and out: every exchange is recorded, and WARC files can stand in for the web.

``WarcRecorder`` writes request and response records with warcio. ``ReplayTransport``
is an httpx transport that answers requests from WARC files (ours or any other tool's),
so the crawler runs the same code offline with the real host names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

import httpx
from warcio.archiveiterator import ArchiveIterator
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
    """Appends request/response record pairs to a gzipped WARC file."""

    def __init__(self, path: Path, *, resume_offset: int | None = None) -> None:
        self.path = path
        if resume_offset is not None and path.exists():
            # Drop whatever a killed crawl wrote after its last committed page: a
            # half-written gzip member would break every reader of the file.
            with path.open("r+b") as handle:
                handle.truncate(resume_offset)
        self._handle: BinaryIO = path.open("ab")
        self._writer = WARCWriter(self._handle, gzip=True)

    @property
    def offset(self) -> int:
        return self._handle.tell()

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
        """Write one exchange. ``headers`` and ``body`` are the decoded response."""
        url = str(request.url)
        warc_date = date or _http_date(datetime.now(UTC))
        target = request.url.raw_path.decode("ascii", "replace") or "/"
        request_headers = StatusAndHeaders(
            f"{request.method} {target} HTTP/1.1",
            [(key, value) for key, value in request.headers.items()],
            is_http_request=True,
        )
        request_record = self._writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(b""),
            http_headers=request_headers,
            warc_headers_dict={"WARC-Date": warc_date},
        )
        kept = [(key, value) for key, value in headers if key.lower() not in WIRE_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        response_headers = StatusAndHeaders(f"{status} {reason or 'OK'}", kept, protocol="HTTP/1.1")
        response_record = self._writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            http_headers=response_headers,
            warc_headers_dict={"WARC-Date": warc_date},
        )
        self._writer.write_request_response_pair(request_record, response_record)
        self._handle.flush()

    def sync(self) -> None:
        """Make what was written durable before the store records the offset."""
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()


@dataclass(frozen=True)
class _Capture:
    path: Path
    offset: int
    date: str


class WarcArchiveError(Exception):
    """A WARC file cannot be read."""


class ReplayTransport(httpx.AsyncBaseTransport):
    """Answers requests from the response records of WARC files.

    The index maps each document identity (``urls.identity``) to its last capture; the
    record's body is read from disk only when asked for.
    """

    def __init__(self, paths: list[Path]) -> None:
        self._index: dict[str, _Capture] = {}
        for path in paths:
            self._index_file(Path(path))

    def _index_file(self, path: Path) -> None:
        indexed = 0
        try:
            with path.open("rb") as handle:
                iterator = ArchiveIterator(handle)
                for record in iterator:
                    if record.rec_type != "response":
                        continue
                    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                    key = identity(uri.strip("<>"))
                    if key:
                        date = record.rec_headers.get_header("WARC-Date") or ""
                        self._index[key] = _Capture(path, iterator.get_record_offset(), date)
                        indexed += 1
        except OSError as error:
            raise WarcArchiveError(f"cannot read {path}: {error.strerror or error}") from error
        except Exception as error:  # warcio raises bare exceptions on malformed files
            raise WarcArchiveError(f"{path} is not a readable WARC file ({error})") from error
        if indexed == 0:
            raise WarcArchiveError(
                f"{path} holds no archived HTTP responses: not a usable WARC file"
            )

    def __len__(self) -> int:
        return len(self._index)

    def urls(self) -> list[str]:
        return sorted(self._index)

    def capture(self, url: str) -> tuple[int, list[tuple[str, str]], bytes, str, str]:
        """(status, headers, decoded body, reason, WARC-Date) of the capture of ``url``."""
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
        return httpx.Response(
            status,
            headers=kept,
            content=body,
            request=request,
            extensions={"reason_phrase": reason.encode("latin-1", "replace"), "warc_date": date},
        )
