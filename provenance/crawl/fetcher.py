"""One URL in, one ``FetchResult`` out: bounded, polite, retried, recorded. No HTML parsing.

Redirects are followed here, one hop at a time, so that every hop is checked against
the address policy and robots.txt and recorded in the WARC, and the chain is kept.
"""

from __future__ import annotations

import asyncio
import random
import ssl
import time
from dataclasses import dataclass

import httpx

from provenance.crawl.archive import NotArchived, WarcRecorder
from provenance.crawl.politeness import AddressRefused, HostPacer, RobotsPolicy, check_address
from provenance.crawl.retry import retry_after_seconds, should_retry
from provenance.models import FetchResult
from provenance.settings import Settings
from provenance.urls import absolute, fetchable, host_of, identity

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
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Redirects followed when fetching robots.txt (RFC 9309 asks for at least five).
ROBOTS_REDIRECTS = 5


@dataclass
class _Exchange:
    status: str
    http_status: int | None = None
    reason: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    error: str = ""
    retry_after: float | None = None


def _error_class(error: BaseException) -> str:
    if isinstance(error, NotArchived):
        return "not-archived"
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return "timeout"
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "invalid-url"
    if isinstance(error, httpx.ConnectError):
        text = str(error).lower()
        cause = error.__cause__ or error.__context__
        if isinstance(cause, ssl.SSLError) or "ssl" in text or "certificate" in text:
            return "tls"
        if (
            "name or service" in text
            or "nodename" in text
            or "getaddrinfo" in text
            or "name resolution" in text
        ):
            return "dns"
        return "connect"
    if isinstance(error, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return "reset"
    if isinstance(error, httpx.ProxyError):
        return "proxy"
    return "error"


class Fetcher:
    """Fetches URLs for one crawl. Owns the HTTP client; use as an async context manager."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        recorder: WarcRecorder | None = None,
        ca_bundle: str | None = None,
    ) -> None:
        self.settings = settings
        self.replaying = transport is not None
        self._recorder = recorder
        self._rng = random.Random()
        timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=settings.total_timeout,
        )
        self._client = httpx.AsyncClient(
            transport=transport,
            proxy=settings.proxy if transport is None else None,
            timeout=timeout,
            follow_redirects=False,
            headers={
                "User-Agent": settings.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5",
            },
            limits=httpx.Limits(
                max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
            ),
            verify=ca_bundle if ca_bundle else True,
            trust_env=False,
        )
        # Replayed archives need no pacing: there is no server to be polite to.
        delay = 0.0 if self.replaying else settings.per_host_delay
        self._pacer = HostPacer(settings.per_host_concurrency, delay)
        self._robots = RobotsPolicy(settings.user_agent, self._fetch_robots)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._client.aclose()

    @property
    def recorder(self) -> WarcRecorder | None:
        return self._recorder

    async def _exchange(self, url: str, *, download: bool = True) -> _Exchange:
        """One request, no redirects followed, body capped; errors become a status."""
        request = self._client.build_request("GET", url)
        try:
            async with asyncio.timeout(self.settings.total_timeout):
                response = await self._client.send(request, stream=True)
                try:
                    content_type = response.headers.get("content-type", "").lower()
                    wanted = download and (
                        not content_type or content_type.startswith(DOWNLOAD_TYPES)
                    )
                    chunks: list[bytes] = []
                    size = 0
                    too_large = False
                    if wanted:
                        # aiter_bytes yields *decoded* bytes: a gzip bomb stops at the cap.
                        async for chunk in response.aiter_bytes():
                            size += len(chunk)
                            if size > self.settings.max_bytes:
                                too_large = True
                                break
                            chunks.append(chunk)
                finally:
                    await response.aclose()
        except (httpx.HTTPError, TimeoutError, ssl.SSLError, OSError) as error:
            return _Exchange(status=_error_class(error), error=str(error) or type(error).__name__)
        body = b"".join(chunks)
        headers = tuple((key, value) for key, value in response.headers.multi_items())
        if self._recorder is not None:
            self._recorder.record(
                request,
                response.status_code,
                response.reason_phrase,
                list(headers),
                body,
                date=str(response.extensions.get("warc_date", "")),
            )
        retry_after = retry_after_seconds(response.headers.get("retry-after", ""), time.time())
        status = "too-large" if too_large else str(response.status_code)
        return _Exchange(
            status,
            response.status_code,
            response.reason_phrase,
            headers,
            body,
            retry_after=retry_after,
        )

    async def _fetch_robots(self, robots: str) -> tuple[int | None, bytes]:
        url = robots
        for _ in range(ROBOTS_REDIRECTS + 1):
            try:
                await check_address(
                    url, allow_private=self.settings.allow_private, resolve=self._resolves
                )
            except AddressRefused:
                return None, b""
            exchange = await self._exchange(url)
            if exchange.status == "not-archived":
                return None, b"not-archived"
            if exchange.http_status in REDIRECT_STATUSES:
                location = dict((k.lower(), v) for k, v in exchange.headers).get("location", "")
                url = absolute(location, url)
                if not url:
                    return 404, b""
                continue
            return exchange.http_status, exchange.body
        return 404, b""

    @property
    def _resolves(self) -> bool:
        return not self.replaying and not self.settings.proxy

    async def _attempts(self, url: str) -> _Exchange:
        attempt = 1
        host = host_of(url)
        while True:
            async with self._pacer.semaphore(host):
                await self._pacer.wait_turn(host, self._robots.crawl_delay(url))
                exchange = await self._exchange(url)
            delay = should_retry(
                exchange.status,
                exchange.http_status,
                attempt,
                max_attempts=self.settings.max_attempts,
                base=self.settings.backoff_base,
                cap=self.settings.backoff_cap,
                retry_after=exchange.retry_after,
                rng=self._rng,
            )
            if delay is None or self.replaying:
                return exchange
            await asyncio.sleep(delay)
            attempt += 1

    async def fetch(self, url: str) -> FetchResult:
        """Fetch ``url``, following redirects; never raises for what a server does."""
        requested = url
        current = fetchable(url)
        if not current:
            return FetchResult(url, url, "invalid-url", error=f"not a fetchable http(s) URL: {url}")
        chain: list[str] = []
        seen: set[str] = set()
        while True:
            if identity(current) in seen:
                return FetchResult(
                    requested,
                    current,
                    "redirect-loop",
                    redirects=tuple(chain),
                    error="redirect loop",
                )
            seen.add(identity(current))
            try:
                await check_address(
                    current, allow_private=self.settings.allow_private, resolve=self._resolves
                )
            except AddressRefused as refused:
                return FetchResult(
                    requested,
                    current,
                    "blocked-address",
                    redirects=tuple(chain),
                    error=str(refused),
                )
            if self.settings.respect_robots and not await self._robots.allowed(current):
                return FetchResult(
                    requested,
                    current,
                    "robots",
                    redirects=tuple(chain),
                    error="disallowed by robots.txt",
                )
            exchange = await self._attempts(current)
            location = ""
            if exchange.http_status in REDIRECT_STATUSES:
                location = dict((k.lower(), v) for k, v in exchange.headers).get("location", "")
            if not location:
                return FetchResult(
                    url=requested,
                    final_url=current,
                    status=exchange.status,
                    http_status=exchange.http_status,
                    content_type=dict((k.lower(), v) for k, v in exchange.headers).get(
                        "content-type", ""
                    ),
                    body=exchange.body,
                    headers=exchange.headers,
                    redirects=tuple(chain),
                    error=exchange.error,
                )
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
