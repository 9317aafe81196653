"""Every fetch is bounded and every failure becomes a status, against real servers:
retries (429 with Retry-After, 503 then success), timeouts, resets, redirect loops and
caps, oversized and compressed bodies, non-HTML types, PDFs, and refused addresses.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from loopback import (
    FAST,
    MapResolver,
    RawServer,
    ServerThread,
    WebServer,
    article,
    read_request_head,
    reset_connection,
)

import provenance
from provenance.crawl.fetcher import Fetcher
from provenance.crawl.transport import AiohttpTransport
from provenance.models import FetchResult
from provenance.settings import Settings
from provenance.store import Store

JITTER = 0.03


@pytest.fixture
def thread() -> Iterator[ServerThread]:
    servers = ServerThread()
    yield servers
    servers.close()


def stored(out: Path) -> dict[str, FetchResult]:
    with Store(out / "crawl.sqlite") as store:
        return {result.url: result for result, _ in store.fetches()}


def node(out: Path, url: str) -> dict[str, object]:
    graph = provenance.Trace.from_store(out).graph
    return dict(graph.nodes[url])


def fetch(settings: Settings, url: str, **options: object) -> FetchResult:
    async def run() -> FetchResult:
        async with Fetcher(settings, **options) as fetcher:  # type: ignore[arg-type]
            return await fetcher.fetch(url)

    return asyncio.run(run())


class Script:
    """Answers a path with a scripted sequence of (status, headers) then 200 pages."""

    def __init__(self, *answers: tuple[int, dict[str, str]]) -> None:
        self.answers = list(answers)

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        if self.answers:
            status, headers = self.answers.pop(0)
            return web.Response(status=status, headers=headers, text="later")
        return web.Response(body=article("Finally"), content_type="text/html")


# --- retries ----------------------------------------------------------------------------


def test_429_with_retry_after_seconds_is_waited_for(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    url = site.handle("/busy", Script((429, {"Retry-After": "1"})))
    provenance.crawl([url], tmp_path, settings=FAST)
    first, second = site.hits_for("/busy")
    assert second.time - first.time >= 1.0 - JITTER
    assert stored(tmp_path)[url].status == "200"


def test_429_with_retry_after_as_an_http_date(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)

    async def busy(request: web.Request) -> web.StreamResponse:
        if len(site.hits_for("/busy")) == 1:
            # Two seconds ahead, written to the second: between 1 and 2 seconds from now.
            when = format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
            return web.Response(status=429, headers={"Retry-After": when})
        return web.Response(body=article("Done"), content_type="text/html")

    url = site.handle("/busy", busy)
    provenance.crawl([url], tmp_path, settings=FAST)
    first, second = site.hits_for("/busy")
    assert second.time - first.time >= 1.0 - JITTER
    assert stored(tmp_path)[url].status == "200"


def test_a_retry_after_beyond_the_limit_is_not_waited_for(
    thread: ServerThread, tmp_path: Path
) -> None:
    site = WebServer(thread)
    url = site.handle("/busy", Script((429, {"Retry-After": "3600"})))
    provenance.crawl([url], tmp_path, settings=FAST)
    assert len(site.hits_for("/busy")) == 1
    assert stored(tmp_path)[url].status == "429"


def test_503_then_success(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    url = site.handle("/flaky", Script((503, {}), (503, {})))
    provenance.crawl([url], tmp_path, settings=FAST.with_(max_attempts=3))
    assert len(site.hits_for("/flaky")) == 3
    assert stored(tmp_path)[url].status == "200"


def test_attempts_are_bounded(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    url = site.handle("/down", Script(*[(503, {})] * 10))
    provenance.crawl([url], tmp_path, settings=FAST.with_(max_attempts=2))
    assert len(site.hits_for("/down")) == 2
    assert stored(tmp_path)[url].status == "503"
    assert node(tmp_path, url)["kind"] == "unreachable"


# --- timeouts and broken connections ----------------------------------------------------


def test_a_trickling_server_is_cut_at_the_total_timeout(
    thread: ServerThread, tmp_path: Path
) -> None:
    site = WebServer(thread)
    cut: list[float] = []

    async def trickle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        try:
            for _ in range(300):  # 30 s of one byte every 0.1 s, unless the client leaves
                await response.write(b"x")
                await asyncio.sleep(0.1)
        except (ConnectionError, asyncio.CancelledError):
            cut.append(time.monotonic())
            raise
        return response

    url = site.handle("/slow", trickle)
    # Every read comes well within read_timeout: only the total cap can end it.
    settings = FAST.with_(total_timeout=1.0, read_timeout=0.5, max_attempts=1)
    provenance.crawl([url], tmp_path, settings=settings)

    assert stored(tmp_path)[url].status == "timeout"
    (hit,) = site.hits_for("/slow")
    assert cut, "the server never saw the client leave"
    assert cut[0] - hit.time < 1.0 + 0.5


def test_a_stalled_server_is_cut_at_the_read_timeout(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)

    async def stall(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(10)
        return web.Response(text="too late")

    url = site.handle("/stall", stall)
    settings = FAST.with_(read_timeout=0.3, total_timeout=5.0, max_attempts=1)
    started = time.monotonic()
    provenance.crawl([url], tmp_path, settings=settings)
    assert stored(tmp_path)[url].status == "timeout"
    assert time.monotonic() - started < 3.0


def test_a_connection_reset_is_retried_then_recorded(thread: ServerThread, tmp_path: Path) -> None:
    async def reset(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request_head(reader)
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Le")
        await writer.drain()
        reset_connection(writer)

    server = RawServer(thread, reset)
    url = server.url("/article")
    provenance.crawl([url], tmp_path, settings=FAST.with_(max_attempts=2, respect_robots=False))
    assert stored(tmp_path)[url].status == "reset"
    assert server.connections == 2
    assert node(tmp_path, url)["kind"] == "unreachable"


def test_a_server_that_never_accepts_is_cut_at_the_connect_timeout() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    # Fill the accept queue: further connection attempts get no answer at all.
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    try:
        settings = FAST.with_(connect_timeout=0.3, max_attempts=1, respect_robots=False)
        started = time.monotonic()
        result = fetch(settings, f"http://127.0.0.1:{port}/article")
        assert result.status == "timeout"
        assert time.monotonic() - started < 2.0
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


def test_a_refused_connection_is_a_status(tmp_path: Path) -> None:
    settings = FAST.with_(max_attempts=1)
    result = fetch(settings, "http://127.0.0.1:9/nothing-listens-here")
    assert result.status == "connect"


def test_the_aiohttp_transport_serves_any_httpx_client(thread: ServerThread) -> None:
    site = WebServer(thread)
    page = article("Through httpx")
    url = site.page("/gz", gzip.compress(page), headers={"Content-Encoding": "gzip"})

    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=AiohttpTransport(FAST)) as client:
            response = await client.get(url, headers={"X-Probe": "1"})
            await response.aread()
            return response

    response = asyncio.run(get())
    assert (response.status_code, response.content) == (200, page)  # httpx decoded it
    assert response.extensions["peer_address"] == "127.0.0.1"
    assert site.hits[0].headers["X-Probe"] == "1"


# --- redirects --------------------------------------------------------------------------


def test_a_redirect_loop_stops(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    site.redirect("/a", site.url("/b"))
    url = site.redirect("/b", site.url("/a"))
    provenance.crawl([url], tmp_path, settings=FAST)
    assert stored(tmp_path)[url].status == "redirect-loop"
    assert site.paths().count("/a") == 1 and site.paths().count("/b") == 1


def test_redirects_are_followed_up_to_the_cap_and_become_aliases(
    thread: ServerThread, tmp_path: Path
) -> None:
    site = WebServer(thread)
    final = site.page("/final", article("Final"))
    hops = [site.redirect(f"/hop{index}", site.url(f"/hop{index + 1}")) for index in range(3)]
    site.redirect("/hop3", final)
    provenance.crawl([hops[0]], tmp_path, settings=FAST.with_(max_redirects=4))
    result = stored(tmp_path)[hops[0]]
    assert (result.status, result.final_url) == ("200", final)
    assert list(result.redirects) == [*hops, site.url("/hop3")]
    aliases = set(str(node(tmp_path, final)["aliases"]).split())
    assert {*hops, site.url("/hop3")} <= aliases

    capped = tmp_path / "capped"
    provenance.crawl([hops[0]], capped, settings=FAST.with_(max_redirects=3))
    assert stored(capped)[hops[0]].status == "too-many-redirects"


# --- sizes and types --------------------------------------------------------------------


def test_an_oversized_body_stops_at_the_cap(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    sent: list[int] = []

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        try:
            for _ in range(10_000):  # up to 640 MB, unless the client stops reading
                await response.write(b"<p>" + b"x" * 65_530 + b"</p>")
                sent.append(1)
        except ConnectionError:
            pass
        return response

    url = site.handle("/huge", endless)
    provenance.crawl([url], tmp_path, settings=FAST.with_(max_bytes=200_000))
    result = stored(tmp_path)[url]
    assert result.status == "too-large"
    assert len(result.body) == 200_000
    assert node(tmp_path, url)["kind"] == "unreachable"
    assert len(sent) < 1000, "the client kept reading past the cap"


def test_a_gzip_bomb_stops_at_the_decoded_cap(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    bomb = gzip.compress(b"<p>" + b" " * (16 * 1024 * 1024) + b"</p>", compresslevel=9)
    url = site.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    assert len(bomb) < 1_000_000  # under the cap on the wire: only decoding reveals it
    provenance.crawl([url], tmp_path, settings=FAST.with_(max_bytes=1_000_000))
    result = stored(tmp_path)[url]
    assert result.status == "too-large"
    assert len(result.body) == 1_000_000


def test_a_gzipped_page_is_decoded(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    page = article("Compressed")
    url = site.page("/gz", gzip.compress(page), headers={"Content-Encoding": "gzip"})
    provenance.crawl([url], tmp_path, settings=FAST)
    assert stored(tmp_path)[url].body == page
    assert node(tmp_path, url)["title"] == "Compressed"


def test_a_non_html_type_is_recorded_without_its_body(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    video = site.page("/clip.mp4", b"\0" * 5_000_000, content_type="video/mp4")
    root = site.page("/root", article("Root", [video]))
    provenance.crawl([root], tmp_path, settings=FAST.with_(max_bytes=1_000_000))
    result = stored(tmp_path)[video]
    assert (result.status, result.content_type, result.body) == ("200", "video/mp4", b"")
    assert node(tmp_path, video)["kind"] == "media"


def test_a_pdf_is_downloaded_as_a_document(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    document = site.page("/report.pdf", pdf, content_type="application/pdf")
    root = site.page("/root", article("Root", [document]))
    provenance.crawl([root], tmp_path, settings=FAST)
    result = stored(tmp_path)[document]
    assert (result.status, result.body) == ("200", pdf)
    assert node(tmp_path, document)["kind"] == "document"


# --- addresses --------------------------------------------------------------------------


def test_a_private_address_is_refused_without_allow_private(
    thread: ServerThread, tmp_path: Path
) -> None:
    site = WebServer(thread)
    url = site.page("/a", article("A"))
    provenance.crawl([url], tmp_path, settings=FAST.with_(allow_private=False))
    assert site.hits == []
    assert stored(tmp_path)[url].status == "blocked-address"
    assert node(tmp_path, url)["kind"] == "blocked"


def test_a_name_that_resolves_to_a_private_address_is_refused_before_connecting(
    thread: ServerThread,
) -> None:
    site = WebServer(thread)
    site.page("/a", article("A"))
    url = f"http://intranet.example:{site.port}/a"
    resolver = MapResolver({"intranet.example": "127.0.0.1"})

    refused = fetch(FAST.with_(allow_private=False), url, resolver=resolver)
    assert refused.status == "blocked-address"
    assert "127.0.0.1" in refused.error
    assert site.hits == []

    # Allowed, the connection goes to the address the resolver gave, with the name kept.
    allowed = fetch(FAST, url, resolver=resolver)
    assert allowed.status == "200"
    assert [hit.host for hit in site.hits] == [f"intranet.example:{site.port}"] * 2


# A redirect into a private address with allow_private off: test_crawl_proxy.py (the
# first hop must reach a loopback server without allow_private, which a proxy allows).
