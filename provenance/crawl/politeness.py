"""Being a good guest: robots.txt, per-host pacing, and refusing private addresses."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from protego import Protego

from provenance.urls import host_of, is_ip_literal, is_public_address

# robots.txt bigger than this is cut (Google reads 500 KiB; RFC 9309 asks for >= 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024
# A Crawl-delay beyond this is capped: some sites ask for hours, which would stall a
# trace; the cap still keeps us far slower than any reader.
MAX_CRAWL_DELAY = 30.0

RobotsFetch = Callable[[str], Awaitable[tuple[int | None, bytes]]]


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class RobotsPolicy:
    """robots.txt per scheme+host, fetched once, parsed with protego (RFC 9309)."""

    def __init__(self, user_agent: str, fetch: RobotsFetch) -> None:
        self._agent = user_agent.split("/")[0]
        self._fetch = fetch
        self._parsers: dict[str, Protego | None] = {}
        self._disallow_all: set[str] = set()
        self._locks: dict[str, asyncio.Lock] = {}

    async def _load(self, key: str) -> None:
        status, body = await self._fetch(key)
        if status is not None and 200 <= status < 300:
            text = body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
            self._parsers[key] = Protego.parse(text)
        elif status is not None and 400 <= status < 500:
            # RFC 9309 2.3.1.3: "unavailable" robots.txt means no restriction.
            self._parsers[key] = None
        elif status is None and body == b"not-archived":
            # Replaying an archive that holds no robots.txt: nothing was asked of us.
            self._parsers[key] = None
        else:
            # RFC 9309 2.3.1.4: "unreachable" (5xx, network error) means disallow all.
            self._parsers[key] = None
            self._disallow_all.add(key)

    async def allowed(self, url: str) -> bool:
        key = robots_url(url)
        if key not in self._parsers:
            lock = self._locks.setdefault(key, asyncio.Lock())
            async with lock:
                if key not in self._parsers:
                    await self._load(key)
        if key in self._disallow_all:
            return False
        parser = self._parsers.get(key)
        return True if parser is None else bool(parser.can_fetch(url, self._agent))

    def crawl_delay(self, url: str) -> float:
        parser = self._parsers.get(robots_url(url))
        if parser is None:
            return 0.0
        delay = parser.crawl_delay(self._agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0


class HostPacer:
    """At most ``concurrency`` requests in flight per host, starts ``delay`` seconds apart."""

    def __init__(
        self, concurrency: int, delay: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._concurrency = max(1, concurrency)
        self._delay = max(0.0, delay)
        self._clock = clock
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def semaphore(self, host: str) -> asyncio.Semaphore:
        return self._semaphores.setdefault(host, asyncio.Semaphore(self._concurrency))

    async def wait_turn(self, host: str, extra_delay: float = 0.0) -> None:
        """Sleep until this host may see the next request start."""
        delay = max(self._delay, extra_delay)
        if delay <= 0:
            return
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            now = self._clock()
            start = max(now, self._next_start.get(host, 0.0))
            self._next_start[host] = start + delay
        if start > now:
            await asyncio.sleep(start - now)


class AddressRefused(Exception):
    """The URL's host is, or resolves to, an address the crawl may not reach."""


async def check_address(url: str, *, allow_private: bool, resolve: bool) -> None:
    """Refuse private, loopback, link-local, multicast and reserved destinations.

    Literal addresses are always checked; names are resolved and every address checked
    when ``resolve`` is set (a direct connection; behind a proxy or in replay, the name
    is not ours to resolve).
    """
    if allow_private:
        return
    host = host_of(url)
    if not host:
        raise AddressRefused(f"no host in {url}")
    if is_ip_literal(host):
        if not is_public_address(host):
            raise AddressRefused(f"{host} is not a public address")
        return
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise AddressRefused(f"{host} names a local machine")
    if not resolve:
        return
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return  # the fetch itself reports the DNS failure
    for info in infos:
        address = str(info[4][0])
        if not is_public_address(address):
            raise AddressRefused(f"{host} resolves to {address}, not a public address")
