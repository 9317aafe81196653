"""Being a good guest: robots.txt, per-host pacing, and refusing private addresses.

Each policy is a small object the fetcher consults; none of them does I/O of its own
(robots.txt is fetched through a callable the fetcher passes in, so it is paced,
retried and archived like any other request).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from provenance.urls import host_of, is_ip_literal, is_public_address

# robots.txt bigger than this is cut (Google reads 500 KiB; RFC 9309 asks for >= 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024
# Names that never leave the machine or the local network, whatever DNS says of them
# (RFC 6761 .localhost, RFC 6762 .local, the ICANN-reserved .internal).
LOCAL_NAME_SUFFIXES = (".localhost", ".local", ".internal")


@dataclass(frozen=True)
class RobotsAnswer:
    """What fetching one robots.txt gave.

    ``status`` is the HTTP status, or None when no HTTP answer came (then ``error`` is
    the fetch's error class: ``timeout``, ``dns``, ``connect``, ...). ``absent`` says
    there is no robots.txt to read for a reason that is not the site's (the replayed
    archive holds none, or the host's address is refused): no restriction applies, and
    the page fetch reports its own problem.
    """

    status: int | None
    body: bytes = b""
    error: str = ""
    absent: bool = False


RobotsFetch = Callable[[str], Awaitable[RobotsAnswer]]


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def product_token(user_agent: str) -> str:
    """The name robots.txt groups are matched against: the User-Agent's first word."""
    return user_agent.split("/")[0].split()[0] if user_agent.strip() else "*"


class RobotsPolicy:
    """robots.txt per scheme+host, fetched once per crawl, parsed with protego (RFC 9309)."""

    def __init__(self, user_agent: str, fetch: RobotsFetch, *, max_crawl_delay: float) -> None:
        self._agent = product_token(user_agent)
        self._fetch = fetch
        self._max_crawl_delay = max_crawl_delay
        self._parsers: dict[str, Protego | None] = {}
        # robots.txt that could not be read: the verdict for every URL of that host.
        self._refusals: dict[str, str] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def _load(self, key: str) -> None:
        answer = await self._fetch(key)
        self._parsers[key] = None
        if answer.absent:
            return
        status = answer.status
        if status is None:
            # The host could not be reached at all: the page would fail the same way,
            # so say why rather than blaming robots.txt.
            self._refusals[key] = answer.error or "error"
        elif 200 <= status < 300:
            text = answer.body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
            self._parsers[key] = Protego.parse(text)
        elif 400 <= status < 500:
            pass  # RFC 9309 2.3.1.3: "unavailable" robots.txt means no restriction.
        else:
            # RFC 9309 2.3.1.4: "unreachable" (5xx) means disallow all.
            self._refusals[key] = "robots"

    async def verdict(self, url: str) -> str:
        """Empty when ``url`` may be fetched; else the status to record for it
        (``robots``, or the error class when robots.txt itself was unreachable)."""
        key = robots_url(url)
        if key not in self._parsers:
            lock = self._locks.setdefault(key, asyncio.Lock())
            async with lock:
                if key not in self._parsers:
                    await self._load(key)
        refusal = self._refusals.get(key)
        if refusal is not None:
            return refusal
        parser = self._parsers.get(key)
        if parser is None or parser.can_fetch(url, self._agent):
            return ""
        return "robots"

    def crawl_delay(self, url: str) -> float:
        """The host's Crawl-delay for us, capped; 0 when none is known (yet)."""
        parser = self._parsers.get(robots_url(url))
        if parser is None:
            return 0.0
        delay = parser.crawl_delay(self._agent)
        return min(float(delay), self._max_crawl_delay) if delay else 0.0


class HostPacer:
    """At most ``concurrency`` requests in flight per host, starts ``delay`` seconds apart.

    The frontier already spaces the URLs it hands out; this is the guarantee for every
    request, including robots.txt, retries and redirect hops to another host.
    """

    def __init__(
        self, concurrency: int, delay: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._concurrency = max(1, concurrency)
        self._delay = max(0.0, delay)
        self._clock = clock
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._last_start: dict[str, float] = {}

    def semaphore(self, host: str) -> asyncio.Semaphore:
        return self._semaphores.setdefault(host, asyncio.Semaphore(self._concurrency))

    def delay(self, extra_delay: float = 0.0) -> float:
        return max(self._delay, extra_delay)

    async def wait_turn(self, host: str, extra_delay: float = 0.0) -> None:
        """Sleep until this host may see the next request start, and book that start."""
        delay = self.delay(extra_delay)
        now = self._clock()
        start = max(now, self._next_start.get(host, 0.0))
        # Booked before sleeping (no await in between): concurrent callers queue up.
        self._next_start[host] = start + delay if delay > 0 else start
        if start > now:
            await asyncio.sleep(start - now)
        if delay <= 0:
            return
        # A busy event loop wakes sleepers late; spacing counts from when the previous
        # request really started, so a late start never squeezes the next one closer.
        while True:
            now = self._clock()
            earliest = self._last_start.get(host, now - delay) + delay
            if now >= earliest:
                break
            await asyncio.sleep(earliest - now)
        self._last_start[host] = now
        self._next_start[host] = max(self._next_start[host], now + delay)

    def defer(self, host: str, seconds: float) -> None:
        """The host asked us to come back later (Retry-After): no request before then."""
        until = self._clock() + max(0.0, seconds)
        self._next_start[host] = max(self._next_start.get(host, 0.0), until)

    def ready_at(self, host: str) -> float:
        """Clock time at which the host may see its next request start."""
        return self._next_start.get(host, 0.0)


class AddressRefused(OSError):
    """The URL's host is, or resolves to, an address the crawl may not reach.

    An ``OSError`` so that a resolver raising it during a connection attempt is
    reported by aiohttp like any other failure to resolve.
    """


def check_address(url: str, *, allow_private: bool, host: str | None = None) -> None:
    """Refuse literal private, loopback, link-local, multicast and reserved destinations,
    and names that always mean a local machine.

    Other names are checked when they are resolved for the connection itself
    (``transport.VettingResolver``), so the address checked is the address connected to.
    ``host`` is ``urls.host_of(url)`` when the caller has it already.
    """
    if allow_private:
        return
    host = host_of(url) if host is None else host
    if not host:
        raise AddressRefused(f"no host in {url}")
    if is_ip_literal(host):
        if not is_public_address(host):
            raise AddressRefused(f"{host} is not a public address")
        return
    if host == "localhost" or host.endswith(LOCAL_NAME_SUFFIXES):
        raise AddressRefused(f"{host} names a local machine")
