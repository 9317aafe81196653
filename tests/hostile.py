"""A hostile web on loopback addresses, on bare asyncio streams (no HTTP library could
misbehave like this): the servers a crawler meets on a bad day, each on its own address
(its own host, so per-host policies apply). Pages are ``loopback.article``s.

``HostileWeb`` runs one asyncio loop in a daemon thread and serves, besides a root
article on ``news`` that cites every hazard and a few well-behaved ``good-N`` hosts:

- ``trickle-body``: headers at once, then the body one byte per ``drip`` seconds;
- ``trickle-headers``: the status line and headers one byte per ``drip`` seconds;
- ``endless``: a chunked body that never ends (fast: only the size cap stops it);
- ``reset``: reads the request, answers with a TCP RST (the root cites five of its pages);
- ``lying-length``: declares a Content-Length far longer than the body it sends;
- ``redirects``: a chain of 40 redirects before the article;
- ``gzip-bomb``: a gzip body of zeros compressed on the fly, endless when decoded;
- ``calendar``: an infinite calendar (each day links the next day, the day before and
  the next month) plus seeded trap variants (session ids in the path or the query,
  pagination by path or parameter): ``trap_shapes(seed)``.

Every request and every hazard milestone goes into ``log`` (``Event``): tests wait for
an event with ``wait_for`` instead of sleeping, and assert on what the servers saw.
``python tests/hostile.py`` serves the web until interrupted and prints its root URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import string
import struct
import sys
import threading
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

from loopback import article

HAZARDS = (
    "trickle-body",
    "trickle-headers",
    "endless",
    "reset",
    "lying-length",
    "redirects",
    "gzip-bomb",
    "calendar",
)
REDIRECT_HOPS = 40
RESET_EXTRA = tuple(f"/other-{index}" for index in range(1, 5))  # more pages on ``reset``
GOOD_HOSTS = 3
GOOD_PAGES = 4  # per good host


@dataclass(frozen=True)
class Event:
    """One thing a server saw or did: ``request`` (path), ``headers-sent``, ``closed``."""

    time: float
    host: str  # the hazard (or ``news``, ``good-N``) the address serves
    kind: str
    path: str


# --- trap URL shapes, generated from a seed ------------------------------------------


@dataclass(frozen=True)
class TrapShape:
    """One family of endless URLs: ``url(n)`` is its n-th member, ``next_of(n)`` the
    members page n links to."""

    name: str
    template: Callable[[int], str]
    fanout: int = 2

    def url(self, n: int) -> str:
        return self.template(n)


def _token(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(length))


def trap_shapes(seed: int) -> list[TrapShape]:
    """Calendar, pagination and session-id families whose spelling varies with ``seed``
    (path words, parameter names, date formats), so trap detection meets many shapes."""
    rng = random.Random(seed)
    start = date(2015 + rng.randrange(8), 1 + rng.randrange(12), 1)
    word = rng.choice(["events", "calendar", "agenda", "schedule", "kalender", "diary"])
    day_param = rng.choice(["from", "date", "day", "d", "start"])
    page_param = rng.choice(["page", "p", "pg", "offset", "start"])
    list_word = rng.choice(["archive", "news", "list", "stories", "tag/world"])
    sid_param = rng.choice(["sid", "sessionid", "PHPSESSID", "s", "token"])
    sid_len = rng.choice([16, 24, 32])
    tokens = [_token(random.Random(seed * 1000 + n), sid_len) for n in range(4096)]
    step = rng.choice([1, 10, 20, 25])

    def day(n: int) -> date:
        return start + timedelta(days=n)

    def calendar_path(n: int) -> str:
        d = day(n)
        return f"/{word}/{d:%Y}/{d:%m}/{d:%d}/?{day_param}={d:%Y%m%d}"

    def calendar_query(n: int) -> str:
        d = day(n)
        return f"/{word}?{day_param}={d:%Y-%m-%d}&view=day"

    def pages_path(n: int) -> str:
        return f"/{list_word}/page/{n + 2}/"

    def pages_query(n: int) -> str:
        return f"/{list_word}?{page_param}={(n + 2) * step}&sort=new"

    def session_query(n: int) -> str:
        return f"/{list_word}/item?{sid_param}={tokens[n % len(tokens)]}"

    def session_path(n: int) -> str:
        return f"/s/{tokens[n % len(tokens)]}/{word}.html"

    return [
        TrapShape("calendar-path", calendar_path, fanout=3),
        TrapShape("calendar-query", calendar_query),
        TrapShape("pages-path", pages_path),
        TrapShape("pages-query", pages_query),
        TrapShape("session-query", session_query),
        TrapShape("session-path", session_path),
    ]


# --- the servers ----------------------------------------------------------------------


class HostileWeb:
    """Every hazard on its own loopback address; see the module docstring.

    ``drip`` is the seconds between trickled bytes (keep it under the crawler's read
    timeout, so only the total timeout can stop a trickle). ``seed`` picks the trap
    shapes served by ``calendar`` (all of them: the calendar host serves every shape).
    """

    def __init__(self, *, drip: float = 0.2, seed: int = 0, first_address: int = 20) -> None:
        self.drip = drip
        self.seed = seed
        self.shapes = trap_shapes(seed)
        self.log: list[Event] = []
        self._changed = threading.Condition()
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        names = ["news", *HAZARDS, *(f"good-{index}" for index in range(GOOD_HOSTS))]
        self.addresses: dict[str, tuple[str, int]] = {}
        self._servers: list[asyncio.Server] = []
        for offset, name in enumerate(names):
            address = f"127.0.0.{first_address + offset}"
            self.addresses[name] = (address, self._run(self._start(name, address)))

    # --- lifecycle ------------------------------------------------------------------

    def _run(self, coroutine: Awaitable[int]) -> int:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)  # type: ignore[arg-type]

    async def _start(self, name: str, address: str) -> int:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            # Cancelled when the web closes: asyncio would log a cancelled handler.
            with contextlib.suppress(asyncio.CancelledError):
                await self._connection(name, reader, writer)

        server = await asyncio.start_server(serve, address, 0)
        self._servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    def close(self) -> None:
        async def stop() -> None:
            for server in self._servers:
                server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(stop(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)

    def __enter__(self) -> HostileWeb:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- addresses and the log ------------------------------------------------------------

    def url(self, host: str, path: str = "/") -> str:
        address, port = self.addresses[host]
        return f"http://{address}:{port}{path}"

    def host_of_url(self, url: str) -> str:
        for name, (address, port) in self.addresses.items():
            if f"//{address}:{port}/" in url or url.endswith(f"//{address}:{port}"):
                return name
        return ""

    @property
    def root(self) -> str:
        return self.url("news", "/")

    def hazard_urls(self) -> dict[str, str]:
        """The URL the root cites for each hazard."""
        urls = {name: self.url(name, "/article") for name in HAZARDS}
        urls["redirects"] = self.url("redirects", "/hop/1")
        urls["calendar"] = self.url("calendar", self.shapes[0].url(0))
        return urls

    def reset_urls(self) -> list[str]:
        """Every URL the root cites on the resetting host (one host, several pages)."""
        return [self.url("reset", path) for path in ("/article", *RESET_EXTRA)]

    def good_urls(self) -> list[str]:
        return [
            self.url(f"good-{host}", f"/story-{page}")
            for host in range(GOOD_HOSTS)
            for page in range(GOOD_PAGES)
        ]

    def _note(self, host: str, kind: str, path: str) -> None:
        with self._changed:
            self.log.append(Event(time.monotonic(), host, kind, path))
            self._changed.notify_all()

    def events(self, host: str | None = None, kind: str | None = None) -> list[Event]:
        with self._changed:
            return [
                event
                for event in self.log
                if (host is None or event.host == host) and (kind is None or event.kind == kind)
            ]

    def requests(self, host: str) -> list[str]:
        return [event.path for event in self.events(host, "request")]

    def wait_for(self, predicate: Callable[[list[Event]], bool], timeout: float = 60.0) -> bool:
        """Block until ``predicate(log)`` holds (True) or ``timeout`` passes (False)."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self.log), timeout)

    # --- one connection ----------------------------------------------------------------

    async def _connection(
        self, host: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                    return
                line = head.split(b"\r\n", 1)[0].decode("latin-1")
                parts = line.split(" ")
                path = parts[1] if len(parts) > 1 else "/"
                self._note(host, "request", path)
                keep = await self._answer(host, path, writer)
                if not keep:
                    return
        except (ConnectionError, OSError):
            return
        finally:
            self._note(host, "closed", "")
            with contextlib.suppress(Exception):
                writer.close()

    async def _send(
        self, writer: asyncio.StreamWriter, status: str, headers: list[tuple[str, str]], body: bytes
    ) -> bool:
        lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers)]
        lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        return True

    async def _page(self, writer: asyncio.StreamWriter, body: bytes) -> bool:
        return await self._send(
            writer, "200 OK", [("Content-Type", "text/html; charset=utf-8")], body
        )

    async def _answer(self, host: str, path: str, writer: asyncio.StreamWriter) -> bool:
        if path == "/robots.txt":
            return await self._send(writer, "404 Not Found", [("Content-Type", "text/plain")], b"")
        if host == "news":
            if path != "/":
                return await self._send(writer, "404 Not Found", [], b"")
            links = [
                *self.hazard_urls().values(),
                *self.reset_urls()[1:],
                *self.good_urls()[::GOOD_PAGES],
            ]
            return await self._page(writer, article("Hostile web", links))
        if host.startswith("good-"):
            # Each good host's stories link to the next one on the same host.
            index = int(path.rsplit("-", 1)[-1]) if path.startswith("/story-") else -1
            if not 0 <= index < GOOD_PAGES:
                return await self._send(writer, "404 Not Found", [], b"")
            nxt = [self.url(host, f"/story-{index + 1}")] if index + 1 < GOOD_PAGES else []
            return await self._page(writer, article(f"{host} story {index}", nxt))
        handler = getattr(self, "_" + host.replace("-", "_"))
        keep: bool = await handler(path, writer, host)
        return keep

    # --- the hazards -------------------------------------------------------------------

    async def _trickle_body(self, path: str, writer: asyncio.StreamWriter, host: str) -> bool:
        body = article("Trickled body") * 50
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
        writer.write(head.encode())
        await writer.drain()
        self._note(host, "headers-sent", path)
        for byte in body:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(self.drip)
        return False

    async def _trickle_headers(self, path: str, writer: asyncio.StreamWriter, host: str) -> bool:
        body = article("Trickled headers")
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            + "".join(f"X-Padding-{n}: {'x' * 40}\r\n" for n in range(200))
            + f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        for byte in head:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(self.drip)
        self._note(host, "headers-sent", path)
        writer.write(body)
        await writer.drain()
        return False

    async def _endless(self, path: str, writer: asyncio.StreamWriter, host: str) -> bool:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        self._note(host, "headers-sent", path)
        chunk = b"<p>" + b"more and more text " * 200 + b"</p>"
        frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        while True:
            writer.write(frame)
            await writer.drain()

    async def _reset(self, path: str, writer: asyncio.StreamWriter, host: str) -> bool:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
        return False

    async def _lying_length(self, path: str, writer: asyncio.StreamWriter, host: str) -> bool:
        body = article("Lying length")
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            f"Content-Length: {len(body) * 20}\r\n\r\n"
        )
        writer.write(head.encode() + body)
        await writer.drain()
        self._note(host, "headers-sent", path)
        return False  # close with most of the promised body missing

    async def _redirects(self, path: str, writer: asyncio.StreamWriter, host: str) -> bool:
        if path.startswith("/hop/"):
            hop = int(path.rsplit("/", 1)[-1])
            target = f"/hop/{hop + 1}" if hop < REDIRECT_HOPS else "/final"
            return await self._send(writer, "302 Found", [("Location", target)], b"")
        return await self._page(writer, article("The end of 40 redirects"))

    async def _gzip_bomb(self, path: str, writer: asyncio.StreamWriter, host: str) -> bool:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        self._note(host, "headers-sent", path)
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        zeros = b"\0" * (1 << 20)
        while True:
            data = compressor.compress(zeros) + compressor.flush(zlib.Z_SYNC_FLUSH)
            writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            await writer.drain()

    async def _calendar(self, path: str, writer: asyncio.StreamWriter, host: str) -> bool:
        asked = _sorted_query(path)  # crawlers may reorder a query's parameters
        for shape_index, shape in enumerate(self.shapes):
            for n in range(4096):
                if _sorted_query(shape.url(n)) != asked:
                    continue
                links = [shape.url(n + step) for step in range(1, shape.fanout + 1)]
                if n == 0 and shape_index + 1 < len(self.shapes):
                    links.append(self.shapes[shape_index + 1].url(0))  # every shape is reached
                return await self._page(writer, article(f"{shape.name} {n}", links))
        return await self._send(writer, "404 Not Found", [], b"")


def _sorted_query(path: str) -> str:
    base, _, query = path.partition("?")
    return base + "?" + "&".join(sorted(query.split("&"))) if query else base


def main() -> None:
    web = HostileWeb(seed=int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(web.root, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        web.close()


if __name__ == "__main__":
    main()
