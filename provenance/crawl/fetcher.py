"""One URL in, one ``FetchResult`` out: bounded, polite, retried, recorded. No HTML parsing.

Redirects are followed here, one hop at a time, so that every hop is checked against
the address policy and robots.txt and recorded in the WARC, and the chain is kept.
Requests go straight to an httpx transport (``transport.py``): the fetcher does the
client's work itself (redirects, decoding under a byte cap, timeouts), so the same code
runs over aiohttp, through a proxy, or against replayed archives.
"""

from __future__ import annotations

import asyncio
import random
import ssl
import time
from dataclasses import dataclass

import httpx
from aiohttp.abc import AbstractResolver

from provenance.crawl.archive import NotArchived, WarcRecorder
from provenance.crawl.decode import ACCEPT_ENCODING, BoundedDecoder, DecodingError
from provenance.crawl.hosts import HOST_FAILED, HostHealth
from provenance.crawl.politeness import (
    AddressRefused,
    HostPacer,
    RobotsAnswer,
    RobotsPolicy,
    check_address,
)
from provenance.crawl.retry import retry_after_seconds, should_retry
from provenance.crawl.transport import (
    AddressBlocked,
    AiohttpTransport,
    ConnectFailed,
    NameNotResolved,
    TLSFailure,
    live_transport,
)
from provenance.models import FetchResult
from provenance.settings import Settings
from provenance.urls import absolute, fetchable, host_of, normalize

# Bodies downloaded: pages to extract and documents to check claims against. Anything
# else (video, images, archives) is recorded as a node without its body.
DOWNLOAD_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "application/xml",
    "text/xml",
    "text/plain",
    "application/pdf",
)
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Redirects followed when fetching robots.txt (RFC 9309 asks for at least five).
ROBOTS_REDIRECTS = 5
# Responses whose Retry-After also holds back every other request to the host.
BACKOFF_STATUSES = frozenset({429, 503})

# A fetch's WARC records, held until the crawl commits the fetch (see WarcRecorder).
Capture = list[bytes]


@dataclass
class _Exchange:
    status: str
    http_status: int | None = None
    reason: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    error: str = ""
    retry_after: float | None = None
    trickled: bool = False
    """The total timeout ended it while bytes were still arriving."""

    def header(self, name: str) -> str:
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return ""

    def result(
        self, requested: str, final_url: str, redirects: tuple[str, ...] = ()
    ) -> FetchResult:
        """The exchange as the ``FetchResult`` of fetching ``requested``."""
        return FetchResult(
            url=requested,
            final_url=final_url,
            status=self.status,
            http_status=self.http_status,
            content_type=self.header("content-type"),
            body=self.body,
            headers=self.headers,
            redirects=redirects,
            error=self.error,
        )


def error_class(error: BaseException) -> str:
    """The ``status`` a failed request is recorded with."""
    if isinstance(error, AddressBlocked | AddressRefused):
        return "blocked-address"
    if isinstance(error, NotArchived):
        return "not-archived"
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return "timeout"
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "invalid-url"
    if isinstance(error, TLSFailure | ssl.SSLError):
        return "tls"
    if isinstance(error, NameNotResolved):
        return "dns"
    if isinstance(error, ConnectFailed):
        return "connect"
    if isinstance(error, httpx.ProxyError):
        return "proxy"
    if isinstance(error, httpx.ConnectError):
        # httpx's own transport (the proxy path) says what happened only in words.
        text = str(error).lower()
        cause = error.__cause__ or error.__context__
        if isinstance(cause, ssl.SSLError) or "ssl" in text or "certificate" in text:
            return "tls"
        if any(word in text for word in ("name or service", "nodename", "name resolution")):
            return "dns"
        return "connect"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return "reset"
    if isinstance(error, DecodingError):
        return "undecodable"
    return "error"


class Fetcher:
    """Fetches URLs for one crawl. Owns its transport; use as an async context manager.

    ``transport`` replaces the live web (a ``ReplayTransport``, a test's mock); then
    nothing is paced (``replaying``). ``resolver`` replaces DNS for the live transport
    (tests give names to loopback servers with it); its answers are vetted all the same.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        recorder: WarcRecorder | None = None,
        resolver: AbstractResolver | None = None,
        replaying: bool | None = None,
        every_type: bool = False,
    ) -> None:
        self.settings = settings
        # A web archive's lookup answers are JSON, link-format or CDX text: an archive's
        # fetcher reads every body (under the same byte cap).
        self._every_type = every_type
        self.replaying = transport is not None if replaying is None else replaying
        self._recorder = recorder
        self._rng = random.Random()
        self._transport = transport or live_transport(settings, resolver=resolver)
        self._timeouts = {
            "connect": settings.connect_timeout,
            "read": settings.read_timeout,
            "write": settings.read_timeout,
            "pool": settings.connect_timeout,
        }
        self._request_headers = [
            ("User-Agent", settings.agent),
            ("Accept", ACCEPT),
            ("Accept-Encoding", ACCEPT_ENCODING),
        ]
        self._headers = httpx.Headers(self._request_headers)
        # Our own aiohttp transport is driven without httpx.Request objects (see
        # AiohttpTransport.get); any other transport gets a plain httpx.Request.
        self._direct = self._transport if isinstance(self._transport, AiohttpTransport) else None
        self._direct_timeout = (
            self._direct.timeout(settings.connect_timeout, settings.read_timeout, None)
            if self._direct is not None
            else None
        )
        # Replayed archives need no pacing: there is no server to be polite to.
        delay = 0.0 if self.replaying else settings.per_host_delay
        concurrency = settings.concurrency if self.replaying else settings.per_host_concurrency
        self._pacer = HostPacer(concurrency, delay)
        self._robots = RobotsPolicy(
            settings.agent, self._fetch_robots, max_crawl_delay=settings.max_crawl_delay
        )
        self.hosts = HostHealth(settings.host_max_failures)
        """Failures in a row per host; a given-up host gets no more requests."""

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._transport.aclose()

    @property
    def recorder(self) -> WarcRecorder | None:
        return self._recorder

    def host_delay(self, url: str) -> float:
        """Seconds between request starts to ``url``'s host (0 when replaying)."""
        if self.replaying:
            return 0.0
        crawl_delay = self._robots.crawl_delay(url) if self.settings.respect_robots else 0.0
        return self._pacer.delay(crawl_delay)

    def host_ready_at(self, host: str) -> float:
        """Monotonic clock time at which ``host`` may see its next request start."""
        return self._pacer.ready_at(host)

    async def _exchange(
        self,
        url: str,
        capture: Capture | None,
        deadline: float | None = None,
        extra_headers: tuple[tuple[str, str], ...] = (),
    ) -> _Exchange:
        """One request, no redirects followed, body capped; errors become a status.

        ``deadline`` (event loop time) is when the URL's time budget ends."""
        settings = self.settings
        sent = [*self._request_headers, *extra_headers] if extra_headers else self._request_headers
        truncated = ""
        limit = settings.total_timeout
        budget_left = False
        if deadline is not None:
            left = deadline - asyncio.get_running_loop().time()
            budget_left = left < limit
            limit = max(0.0, min(limit, left))
        scope = asyncio.timeout(limit)
        arriving = False  # the answer had begun to arrive when a timeout came
        try:
            async with scope:
                if self._direct is not None and self._direct_timeout is not None:
                    response = await self._direct.get(url, sent, self._direct_timeout)
                else:
                    request = httpx.Request(
                        "GET",
                        url,
                        headers=httpx.Headers(sent) if extra_headers else self._headers,
                        extensions={"timeout": self._timeouts},
                    )
                    response = await self._transport.handle_async_request(request)
                arriving = True
                try:
                    headers = tuple(response.headers.multi_items())  # names in lower case
                    named = dict(headers)
                    content_type = named.get("content-type", "").lower()
                    wanted = (
                        self._every_type
                        or not content_type
                        or content_type.startswith(DOWNLOAD_TYPES)
                    )
                    chunks: list[bytes] = []
                    if response.extensions.get("warc_truncated") and wanted:
                        truncated = "length"  # our own capture of a too-large body
                    elif not wanted:
                        truncated = "length"  # not read: recorded without its body
                    elif _declared_length(named) > settings.max_bytes:
                        truncated = "length"  # not read: it says it is too large
                    else:
                        decoder = BoundedDecoder(
                            named.get("content-encoding", ""), settings.max_bytes
                        )
                        # The transport's raw stream, not httpx's decoding iterators:
                        # decoding happens here, under the cap.
                        stream = response.stream
                        if not isinstance(stream, httpx.AsyncByteStream):
                            raise httpx.TransportError("a synchronous stream from a transport")
                        async for raw in stream:
                            chunks.append(decoder.feed(raw))
                            if decoder.exceeded:
                                truncated = "length"
                                break
                finally:
                    await response.aclose()
        except (httpx.HTTPError, TimeoutError, ssl.SSLError, OSError, DecodingError) as error:
            if isinstance(error, TimeoutError) and scope.expired():
                if budget_left:
                    return _Exchange(
                        status="timeout",
                        error=f"the URL's time budget ({settings.url_time_budget:g} s) ran out",
                        trickled=True,  # no time is left for another try either
                    )
                # Our whole-response cap, not a read timeout: the answer had begun, or
                # bytes kept arriving more often than read_timeout (trickled headers),
                # so the server is trickling, not gone.
                return _Exchange(
                    status="timeout",
                    error=f"still arriving after the total timeout ({limit:g} s)",
                    trickled=arriving or settings.read_timeout < settings.total_timeout,
                )
            return _Exchange(status=error_class(error), error=str(error) or type(error).__name__)
        body = b"".join(chunks)
        if self._recorder is not None:
            records = self._recorder.serialize(
                url,
                sent,
                response.status_code,
                response.reason_phrase,
                list(headers),
                body,
                date=str(response.extensions.get("warc_date", "")),
                truncated=truncated,
                peer_address=str(response.extensions.get("peer_address", "")),
            )
            if capture is None:
                self._recorder.append([records])
            else:
                capture.append(records)
        retry_after = retry_after_seconds(named.get("retry-after", ""), time.time())
        too_large = truncated and wanted
        return _Exchange(
            "too-large" if too_large else str(response.status_code),
            response.status_code,
            response.reason_phrase,
            headers,
            body,
            error=f"body larger than {settings.max_bytes} bytes" if too_large else "",
            retry_after=retry_after,
        )

    async def _fetch_robots(self, robots: str) -> RobotsAnswer:
        url = robots
        for _ in range(ROBOTS_REDIRECTS + 1):
            try:
                check_address(url, allow_private=self.settings.allow_private)
            except AddressRefused:
                return RobotsAnswer(None, absent=True)
            exchange = await self._attempts(url, None)
            if exchange.status in ("not-archived", "blocked-address"):
                return RobotsAnswer(None, absent=True)
            if exchange.http_status is None:
                return RobotsAnswer(None, error=exchange.status)
            if exchange.http_status in REDIRECT_STATUSES:
                url = absolute(exchange.header("location"), url)
                if not url:
                    return RobotsAnswer(404)
                continue
            return RobotsAnswer(exchange.http_status, exchange.body)
        return RobotsAnswer(404)

    async def _attempts(
        self,
        url: str,
        capture: Capture | None,
        host: str | None = None,
        deadline: float | None = None,
        extra_headers: tuple[tuple[str, str], ...] = (),
    ) -> _Exchange:
        """Paced tries of one request, as many as the retry policy and the URL's time
        budget (``deadline``, event loop time) allow, while its host is not given up."""
        attempt = 1
        host = host_of(url) if host is None else host
        crawl_delay = 0.0
        if self.settings.respect_robots and not self.replaying:
            crawl_delay = self._robots.crawl_delay(url)
        loop = asyncio.get_running_loop()
        while True:
            async with self._pacer.semaphore(host):
                if self.hosts.given_up(host):
                    return _Exchange(
                        status=HOST_FAILED,
                        error=f"{host} failed {self.settings.host_max_failures} requests"
                        " in a row (timeouts, resets, refused connections)",
                    )
                if not self.replaying:
                    await self._pacer.wait_turn(host, crawl_delay)
                exchange = await self._exchange(url, capture, deadline, extra_headers)
            if self.replaying:
                return exchange
            self.hosts.record(host, exchange.status)
            if exchange.retry_after is not None and exchange.http_status in BACKOFF_STATUSES:
                self._pacer.defer(host, min(exchange.retry_after, self.settings.max_retry_after))
            delay = should_retry(
                exchange.status,
                exchange.http_status,
                attempt,
                max_attempts=self.settings.max_attempts,
                base=self.settings.backoff_base,
                cap=self.settings.backoff_cap,
                retry_after=exchange.retry_after,
                max_retry_after=self.settings.max_retry_after,
                rng=self._rng,
                trickled=exchange.trickled,
                remaining=None if deadline is None else deadline - loop.time(),
            )
            if delay is None or self.hosts.given_up(host):
                return exchange
            await asyncio.sleep(delay)
            attempt += 1

    async def request(
        self,
        url: str,
        capture: Capture | None = None,
        *,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> FetchResult:
        """One paced, retried and recorded GET of ``url`` with extra ``headers``; a
        redirect is returned, not followed, and robots.txt is not read.

        For the lookup and replay APIs of web archives (``wayback.py``): published for
        programmatic clients, and the caller follows an archive's redirects itself.
        """
        try:
            check_address(url, allow_private=self.settings.allow_private)
        except AddressRefused as refused:
            return FetchResult(url, url, "blocked-address", error=str(refused))
        budget = self.settings.url_time_budget
        deadline = asyncio.get_running_loop().time() + budget if budget > 0 else None
        try:
            async with asyncio.timeout_at(deadline):
                exchange = await self._attempts(url, capture, None, deadline, headers)
        except TimeoutError:
            return FetchResult(
                url, url, "timeout", error=f"the URL's time budget ({budget:g} s) ran out"
            )
        return exchange.result(url, url)

    async def fetch(
        self, url: str, capture: Capture | None = None, *, fetchable_url: bool = False
    ) -> FetchResult:
        """Fetch ``url``, following redirects; never raises for what a server does.

        With ``capture``, the fetch's WARC records are appended to it for the caller to
        write when it stores the result; without, they are written at once.
        ``fetchable_url`` says ``url`` already is ``urls.fetchable(url)`` (the crawl's
        frontier holds nothing else), which saves parsing it again.
        """
        requested = url
        current = url if fetchable_url else fetchable(url)
        if not current:
            return FetchResult(url, url, "invalid-url", error=f"not a fetchable http(s) URL: {url}")
        budget = self.settings.url_time_budget
        if budget <= 0 or self.replaying:
            return await self._fetch(requested, current, capture, None)
        deadline = asyncio.get_running_loop().time() + budget
        try:
            async with asyncio.timeout_at(deadline):
                return await self._fetch(requested, current, capture, deadline)
        except TimeoutError:
            # Spent waiting outside a request (robots.txt of a slow host, pacing).
            return FetchResult(
                requested,
                current,
                "timeout",
                error=f"the URL's time budget ({budget:g} s) ran out",
            )

    async def _fetch(
        self, requested: str, current: str, capture: Capture | None, deadline: float | None
    ) -> FetchResult:
        chain: list[str] = []
        seen: set[str] = set()
        while True:
            host = host_of(current)
            try:
                check_address(current, allow_private=self.settings.allow_private, host=host)
            except AddressRefused as refused:
                return FetchResult(
                    requested,
                    current,
                    "blocked-address",
                    redirects=tuple(chain),
                    error=str(refused),
                )
            if self.settings.respect_robots:
                verdict = await self._robots.verdict(current)
                if verdict:
                    return FetchResult(
                        requested,
                        current,
                        verdict,
                        redirects=tuple(chain),
                        error="disallowed by robots.txt"
                        if verdict == "robots"
                        else f"robots.txt unreachable ({verdict})",
                    )
            exchange = await self._attempts(current, capture, host, deadline)
            location = ""
            if exchange.http_status in REDIRECT_STATUSES:
                location = exchange.header("location")
            if not location:
                return exchange.result(requested, current, tuple(chain))
            target = fetchable(absolute(location, current))
            if not target:
                return FetchResult(
                    requested,
                    current,
                    "invalid-url",
                    exchange.http_status,
                    redirects=tuple(chain),
                    error=f"redirect to an unusable location: {location[:200]}",
                )
            chain.append(current)
            # Exact URLs, not document identities: http -> https and example.org ->
            # www.example.org are one document under two names, and a 301 between
            # them is the most common redirect on the web, not a loop.
            seen.add(normalize(current))
            if normalize(target) in seen:
                return FetchResult(
                    requested,
                    target,
                    "redirect-loop",
                    exchange.http_status,
                    redirects=tuple(chain),
                    error="redirect loop",
                )
            if len(chain) > self.settings.max_redirects:
                return FetchResult(
                    requested,
                    current,
                    "too-many-redirects",
                    exchange.http_status,
                    redirects=tuple(chain),
                    error=f"more than {self.settings.max_redirects} redirects",
                )
            current = target


def _declared_length(headers: dict[str, str]) -> int:
    """Content-Length of an unencoded body, or -1 (unknown, or encoded: only decoding
    tells the real size)."""
    if headers.get("content-encoding", "identity").lower() not in ("", "identity"):
        return -1
    try:
        return int(headers.get("content-length", "-1"))
    except ValueError:
        return -1
