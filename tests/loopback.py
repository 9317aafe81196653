"""Real servers on loopback addresses for the crawler's tests: no internet, no mocks.

- ``ServerThread``: one asyncio event loop in a background thread that hosts every
  server of a test (the crawl under test runs in the test's own thread or process).
- ``WebServer``: an aiohttp server on a loopback address; each path answers with fixed
  bytes or a handler, and every request is recorded (time, Host, path, headers), so
  tests assert on what the server saw rather than on sleeps.
- ``RawServer``: a bare TCP server for misbehaviour HTTP servers cannot produce
  (a connection reset mid-response).
- ``ForwardProxy``: an HTTP forward proxy (absolute-form requests and CONNECT tunnels)
  that maps real host names such as ``news-a.example:443`` to loopback servers.
- ``MapResolver``: DNS for the crawler's aiohttp transport that answers from a table.
- ``article``: a news page whose links carry reporting cues, as the extractor expects.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import socket
import ssl
import struct
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from provenance.settings import Settings

T = TypeVar("T")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Settings for crawls of loopback webs: loopback needs allow_private; no pacing unless
# a test asks for it; short timeouts and backoff so failures cost milliseconds.
FAST = Settings(
    allow_private=True,
    per_host_delay=0.0,
    concurrency=8,
    per_host_concurrency=4,
    connect_timeout=2.0,
    read_timeout=2.0,
    total_timeout=5.0,
    backoff_base=0.01,
    backoff_cap=0.05,
    max_retry_after=5.0,
    # No test reaches the internet: archives are asked only where a test names one.
    archives=(),
)


def article(title: str, links: Sequence[str] = (), *, extra: str = "") -> bytes:
    """An article whose every link is an attribution ("..., according to a report by")."""
    paragraphs = [
        f"<p>Officials in the region confirmed the figures on Monday, according to "
        f'<a href="{html.escape(url)}">a report by source {index}</a>, and the account '
        f"spread quickly among other outlets that week.</p>"
        for index, url in enumerate(links)
    ]
    paragraphs.append(
        "<p>The situation on the ground remained unclear for several days as residents "
        "described the events to local journalists and aid workers.</p>"
    )
    body = "".join(paragraphs)
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title>{extra}</head>"
        f"<body><article><h1>{html.escape(title)}</h1>{body}</article></body></html>"
    ).encode()


class ServerThread:
    """An event loop in a daemon thread; ``run`` executes a coroutine there."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self._cleanups: list[Callable[[], Coroutine[Any, Any, None]]] = []

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def on_close(self, cleanup: Callable[[], Coroutine[Any, Any, None]]) -> None:
        self._cleanups.append(cleanup)

    def close(self) -> None:
        for cleanup in reversed(self._cleanups):
            # A server that fails to stop must not hide the test's own result.
            with contextlib.suppress(Exception):
                self.run(cleanup(), timeout=5.0)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5.0)
        self.loop.close()


@dataclass(frozen=True)
class Hit:
    """One request as a server saw it."""

    time: float  # time.monotonic() when the request arrived
    host: str  # the Host header
    path: str  # path and query
    headers: dict[str, str]


@dataclass
class WebServer:
    """An aiohttp server on ``address``; answers from ``routes`` (path and query -> bytes
    or handler), 404 otherwise."""

    thread: ServerThread
    address: str = "127.0.0.1"
    tls: ssl.SSLContext | None = None
    routes: dict[str, tuple[int, dict[str, str], bytes] | Handler] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.port = self.thread.run(self._start())

    async def _start(self) -> int:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await runner.setup()
        site = web.TCPSite(runner, self.address, 0, ssl_context=self.tls)
        await site.start()
        self.thread.on_close(runner.cleanup)
        server = site._server
        assert server is not None and server.sockets  # type: ignore[union-attr]
        return int(server.sockets[0].getsockname()[1])  # type: ignore[union-attr]

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path_qs
        with self._lock:
            self.hits.append(
                Hit(time.monotonic(), request.host, path, dict(request.headers.items()))
            )
        route = self.routes.get(path)
        if route is None:
            return web.Response(status=404, text="not found")
        if callable(route):
            return await route(request)
        status, headers, body = route
        return web.Response(status=status, headers=headers, body=body)

    @property
    def base(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.address}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(
        self,
        path: str,
        body: bytes,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve ``body`` at ``path``; returns its URL."""
        self.routes[path] = (status, {"Content-Type": content_type, **(headers or {})}, body)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = (status, {"Location": location}, b"")
        return self.url(path)

    def handle(self, path: str, handler: Handler) -> str:
        self.routes[path] = handler
        return self.url(path)

    def robots(self, text: str) -> None:
        self.page("/robots.txt", text.encode(), content_type="text/plain")

    def paths(self) -> list[str]:
        with self._lock:
            return [hit.path for hit in self.hits]

    def hits_for(self, path: str) -> list[Hit]:
        with self._lock:
            return [hit for hit in self.hits if hit.path == path]


class RawServer:
    """A TCP server whose every connection is handed to ``serve(reader, writer)``."""

    def __init__(
        self,
        thread: ServerThread,
        serve: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
        address: str = "127.0.0.1",
    ) -> None:
        self.thread = thread
        self.address = address
        self._serve = serve
        self.connections = 0
        self.port = thread.run(self._start())

    async def _start(self) -> int:
        server = await asyncio.start_server(self._connection, self.address, 0)

        async def stop() -> None:
            server.close()

        self.thread.on_close(stop)
        return int(server.sockets[0].getsockname()[1])

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            await self._serve(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    def url(self, path: str) -> str:
        return f"http://{self.address}:{self.port}{path}"


async def read_request_head(reader: asyncio.StreamReader) -> list[str]:
    """The request line and header lines of one HTTP request."""
    head = await reader.readuntil(b"\r\n\r\n")
    return head.decode("latin-1").split("\r\n")[:-2]


def reset_connection(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST (SO_LINGER 0) rather than an orderly FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


@dataclass(frozen=True)
class ProxyHit:
    time: float
    method: str
    target: str  # absolute URL, or host:port for CONNECT


class ForwardProxy:
    """An HTTP forward proxy for a web of real names on loopback servers.

    ``names`` maps ``host:port`` as clients ask for it to the loopback (address, port)
    that serves it. Plain requests arrive in absolute form and are forwarded with
    ``Connection: close``; CONNECT opens a tunnel (TLS passes through untouched).
    Names not in the table get 502: the proxy never reaches anything else.
    """

    def __init__(self, thread: ServerThread, names: dict[str, tuple[str, int]]) -> None:
        self.names = names
        self.hits: list[ProxyHit] = []
        self._server = RawServer(thread, self._serve)
        self.url = f"http://127.0.0.1:{self._server.port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        lines = await read_request_head(reader)
        method, target, _ = lines[0].split(" ", 2)
        self.hits.append(ProxyHit(time.monotonic(), method, target))
        if method == "CONNECT":
            upstream = self.names.get(target)
            if upstream is None:
                writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            up_reader, up_writer = await asyncio.open_connection(*upstream)
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
            return
        parts = urlsplit(target)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        upstream = self.names.get(f"{parts.hostname}:{port}")
        if upstream is None or parts.scheme != "http":
            writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        origin_form = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = [
            line
            for line in lines[1:]
            if line.split(":", 1)[0].strip().lower()
            not in ("connection", "proxy-connection", "keep-alive")
        ]
        up_reader, up_writer = await asyncio.open_connection(*upstream)
        request = [f"{method} {origin_form} HTTP/1.1", *headers, "Connection: close", "", ""]
        up_writer.write("\r\n".join(request).encode("latin-1"))
        await _pipe(up_reader, writer)
        up_writer.close()

    def targets(self) -> list[str]:
        return [hit.target for hit in self.hits]


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        with contextlib.suppress(RuntimeError):
            writer.close()


class MapResolver(AbstractResolver):
    """DNS from a table: ``{"news-a.example": "127.0.0.1"}``; other names fail."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        address = self.table.get(host)
        if address is None:
            raise OSError(f"no such name in the test's table: {host}")
        return [
            {
                "hostname": host,
                "host": address,
                "port": port,
                "family": socket.AF_INET,
                "proto": 0,
                "flags": socket.AI_NUMERICHOST,
            }
        ]

    async def close(self) -> None:
        return None
