"""Write ``sample.warc.gz`` from ``web/manifest.json``: ``python -m provenance.sample.build``.

Each manifest entry becomes a ``request`` record followed by a ``response`` record, in
manifest order. The output is deterministic byte for byte: record dates come from the
manifest, record ids are UUIDv5 of the record type and URL, there is no warcinfo record,
and gzip members carry no timestamp.
"""

from __future__ import annotations

import json
import uuid
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.sample import SAMPLE_DIR, warc_path

USER_AGENT = "provenance-sample-builder/1 (offline reconstruction)"


def _record_id(record_type: str, url: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, record_type + ' ' + url)}>"


def build_warc(manifest_path: Path, out_path: Path) -> None:
    """Write the WARC described by ``manifest_path`` (bodies relative to it) to ``out_path``."""
    manifest_path = Path(manifest_path)
    entries: list[dict[str, Any]] = json.loads(manifest_path.read_text(encoding="utf-8"))
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for entry in entries:
        url: str = entry["url"]
        date: str = entry["date"]
        status = int(entry["status"])
        file_name: str | None = entry.get("file")
        body = (manifest_path.parent / file_name).read_bytes() if file_name else b""

        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = StatusAndHeaders(
            f"GET {target} HTTP/1.1",
            [
                ("Host", parts.netloc),
                ("User-Agent", USER_AGENT),
                ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
            ],
            is_http_request=True,
        )
        request = writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=request_headers,
            warc_headers_dict={
                "WARC-Record-ID": _record_id("request", url),
                "WARC-Date": date,
                "WARC-Concurrent-To": _record_id("response", url),
            },
        )
        writer.write_record(request)

        headers = [
            (name, value)
            for name, value in entry["headers"].items()
            if name.lower() != "content-length"
        ]
        headers.append(("Content-Length", str(len(body))))
        response_headers = StatusAndHeaders(
            f"{status} {HTTPStatus(status).phrase}", headers, protocol="HTTP/1.1"
        )
        response = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=response_headers,
            warc_headers_dict={
                "WARC-Record-ID": _record_id("response", url),
                "WARC-Date": date,
            },
        )
        writer.write_record(response)
    Path(out_path).write_bytes(buffer.getvalue())


def main() -> None:
    """Rebuild the bundled WARC from the bundled manifest."""
    out = warc_path()
    build_warc(SAMPLE_DIR / "web" / "manifest.json", out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
