"""The httpx transports the fetcher sends its requests through.

The fetcher speaks httpx (``httpx.Request`` in, ``httpx.Response`` out) to one transport:

- crawling directly: ``AiohttpTransport``, an httpx transport over an aiohttp
  connection pool. httpx's own pool (httpcore) tops out at a few hundred requests a
  second on loopback and slows as concurrency rises (encode/httpx#3215); aiohttp's
  does not. Its resolver is a ``VettingResolver``: a host name is resolved once, every
  address is checked, and the connection goes to exactly those addresses (with the
  name kept for SNI and Host), so a DNS answer cannot change between check and connect.
  It works under any ``httpx.AsyncClient``; the fetcher calls its ``get`` directly,
  which gives the same ``httpx.Response`` without first building an ``httpx.Request``.
- through a proxy: httpx's own transport with its proxy support (absolute-form
  requests for ``http://``, CONNECT tunnels for ``https://``). The proxy resolves names.
- replaying archives: ``archive.ReplayTransport``.

Errors come out as httpx exceptions; the few classes the crawl reports differently
(refused address, DNS, TLS) are subclasses defined here.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import certifi
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from provenance.crawl.politeness import AddressRefused
from provenance.settings import Settings
from provenance.urls import is_public_address

# Seconds an idle kept-alive connection stays open: long enough to reuse between the
# paced requests to one host (per_host_delay is 1 s by default), short enough not to
# hold sockets to hundreds of hosts a crawl visits once.
KEEPALIVE_SECONDS = 15.0
# Seconds a vetted DNS answer is reused before the name is resolved (and checked) again.
DNS_CACHE_SECONDS = 60


class AddressBlocked(httpx.ConnectError):
    """The host resolved to an address the crawl may not reach (``allow_private`` off)."""


class NameNotResolved(httpx.ConnectError):
    """DNS gave no address for the host."""


class TLSFailure(httpx.ConnectError):
    """The TLS handshake failed: bad or untrusted certificate, protocol mismatch."""


class ConnectFailed(httpx.ConnectError):
    """No connection could be opened (refused, unreachable network)."""


def network_settings_problem(settings: Settings) -> str:
    """Why the proxy or CA bundle settings cannot work, or empty when they can."""
    if settings.ca_bundle and not Path(settings.ca_bundle).is_file():
        return f"CA bundle not found: {settings.ca_bundle}"
    if settings.proxy:
        try:
            proxy = httpx.URL(settings.proxy)
        except httpx.InvalidURL as error:
            return f"not a proxy URL: {settings.proxy!r} ({error})"
        if proxy.scheme not in ("http", "https") or not proxy.host:
            return f"the proxy must be an http:// or https:// URL: {settings.proxy!r}"
    return ""


def ssl_context(ca_bundle: str | None) -> ssl.SSLContext:
    """The usual trusted CAs (certifi's, as httpx uses), plus ``ca_bundle`` when given."""
    context = ssl.create_default_context(cafile=certifi.where())
    if ca_bundle:
        context.load_verify_locations(cafile=ca_bundle)
    return context


class VettingResolver(AbstractResolver):
    """Resolves through ``inner`` and refuses names with any non-public address.

    A name with one public and one private address is refused whole: that is how DNS
    rebinding tricks look, and no news site needs it.
    """

    def __init__(self, inner: AbstractResolver, *, allow_private: bool) -> None:
        self._inner = inner
        self._allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if not self._allow_private:
            for result in results:
                if not is_public_address(result["host"]):
                    raise AddressRefused(f"{host} resolves to {result['host']}, not public")
        return results

    async def close(self) -> None:
        await self._inner.close()


def _transport_error(error: BaseException) -> httpx.TransportError:
    """The httpx exception that says what an aiohttp failure was."""
    message = str(error) or type(error).__name__
    cause = error.__cause__
    if isinstance(error, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message)
    if isinstance(error, aiohttp.ServerTimeoutError | TimeoutError):
        return httpx.ReadTimeout(message)
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        if isinstance(cause, AddressRefused) or isinstance(error.os_error, AddressRefused):
            return AddressBlocked(str(error.os_error))
        return NameNotResolved(message)
    if isinstance(error, aiohttp.ClientSSLError | ssl.SSLError):
        return TLSFailure(message)
    if isinstance(error, aiohttp.ClientProxyConnectionError | aiohttp.ClientHttpProxyError):
        return httpx.ProxyError(message)
    if isinstance(error, aiohttp.ClientConnectorError):
        return ConnectFailed(message)
    if isinstance(error, aiohttp.InvalidURL):
        return httpx.UnsupportedProtocol(message)
    if isinstance(error, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        return httpx.RemoteProtocolError(message)
    if isinstance(error, aiohttp.ClientResponseError):
        return httpx.RemoteProtocolError(message)  # a malformed status line or headers
    if isinstance(error, aiohttp.ClientOSError | ConnectionError):
        return httpx.ReadError(message)
    return httpx.TransportError(message)


class _AiohttpBody(httpx.AsyncByteStream):
    """The raw (still content-encoded) body of one aiohttp response."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self._complete = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        content = self._response.content
        try:
            while True:
                chunk = await content.readany()
                if not chunk:
                    break
                yield chunk
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise _transport_error(error) from error
        self._complete = True

    async def aclose(self) -> None:
        if self._complete:
            self._response.release()  # the connection goes back to the pool
        else:
            self._response.close()  # an unread rest cannot be reused: drop the socket


def _peer_address(response: aiohttp.ClientResponse) -> str:
    """The IP address the response came from (WARC-IP-Address)."""
    connection = response.connection
    # A response with nothing left to read has already given its connection back to
    # the pool; its protocol (aiohttp keeps it, unexposed) still knows the socket.
    transport = (
        connection.transport
        if connection is not None
        else getattr(getattr(response, "_protocol", None), "transport", None)
    )
    if transport is None:
        return ""
    peer = transport.get_extra_info("peername")
    return str(peer[0]) if peer else ""


class AiohttpTransport(httpx.AsyncBaseTransport):
    """An httpx transport over one aiohttp session; created inside the running loop.

    No redirects (the fetcher follows them hop by hop), no decompression (the fetcher
    decodes under its byte cap), no cookies (a crawl is stateless and reproducible).
    """

    def __init__(self, settings: Settings, *, resolver: AbstractResolver | None = None) -> None:
        self._settings = settings
        self._resolver = resolver
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[tuple[float | None, ...], aiohttp.ClientTimeout] = {}

    def _open(self) -> aiohttp.ClientSession:
        resolver = VettingResolver(
            self._resolver or aiohttp.ThreadedResolver(),
            allow_private=self._settings.allow_private,
        )
        connector = aiohttp.TCPConnector(
            limit=0,  # the crawler bounds concurrency itself, globally and per host
            ssl=ssl_context(self._settings.ca_bundle),
            resolver=resolver,
            ttl_dns_cache=DNS_CACHE_SECONDS,
            keepalive_timeout=KEEPALIVE_SECONDS,
        )
        session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=("User-Agent",),
        )
        # aiohttp silently sends a GET again when the connection drops; every request
        # a server sees must be one the retry policy decided (bounded, backed off).
        # No public switch exists; aiohttp's own test client sets the same attribute.
        if hasattr(session, "_retry_connection"):
            session._retry_connection = False
        return session

    def timeout(
        self, connect: float | None, read: float | None, pool: float | None
    ) -> aiohttp.ClientTimeout:
        """aiohttp's timeouts for httpx's: connect, read (between bytes), pool (waiting
        for a connection). The whole-response cap is the fetcher's own."""
        key = (connect, read, pool)
        timeout = self._timeouts.get(key)
        if timeout is None:
            timeout = aiohttp.ClientTimeout(
                total=None, connect=pool, sock_connect=connect, sock_read=read
            )
            self._timeouts[key] = timeout
        return timeout

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        headers = [
            (key.decode("latin-1"), value.decode("latin-1"))
            for key, value in request.headers.raw
            if key.lower() != b"host"  # aiohttp writes Host from the URL
        ]
        spec = request.extensions.get("timeout", {})
        timeout = self.timeout(spec.get("connect"), spec.get("read"), spec.get("pool"))
        # httpx has already normalised and percent-encoded the URL.
        url = URL(str(request.url), encoded=True)
        return await self._send(request.method, url, headers, request.content or None, timeout)

    async def get(
        self, url: str, headers: list[tuple[str, str]], timeout: aiohttp.ClientTimeout
    ) -> httpx.Response:
        """GET ``url`` with ``headers``: the crawler's own path, which skips building an
        ``httpx.Request`` (parsing the URL again costs as much as aiohttp's whole send).
        The response is what ``handle_async_request`` gives, without ``.request``."""
        # The crawler's URLs come from urls.fetchable(): already percent-encoded.
        target = URL(url, encoded=True) if url.isascii() else URL(url)
        return await self._send("GET", target, headers, None, timeout)

    async def _send(
        self,
        method: str,
        url: URL,
        headers: list[tuple[str, str]],
        body: bytes | None,
        timeout: aiohttp.ClientTimeout,
    ) -> httpx.Response:
        if self._session is None:
            self._session = self._open()
        try:
            response = await self._session.request(
                method, url, headers=headers, data=body, allow_redirects=False, timeout=timeout
            )
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise _transport_error(error) from error
        extensions: dict[str, Any] = {"http_version": b"HTTP/1.1"}
        if response.reason:
            extensions["reason_phrase"] = response.reason.encode("latin-1", "replace")
        peer = _peer_address(response)
        if peer:
            extensions["peer_address"] = peer
        return httpx.Response(
            response.status,
            headers=response.raw_headers,
            stream=_AiohttpBody(response),
            extensions=extensions,
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def proxy_transport(settings: Settings) -> httpx.AsyncBaseTransport:
    """httpx's own transport through ``settings.proxy``; the proxy resolves names."""
    assert settings.proxy
    return httpx.AsyncHTTPTransport(
        proxy=httpx.Proxy(settings.proxy),
        verify=ssl_context(settings.ca_bundle),
        trust_env=False,
        # The crawler bounds concurrency; let the pool hold what it asks for.
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=None),
    )


def live_transport(
    settings: Settings, *, resolver: AbstractResolver | None = None
) -> httpx.AsyncBaseTransport:
    """The transport for crawling the live web with ``settings``."""
    if settings.proxy:
        return proxy_transport(settings)
    return AiohttpTransport(settings, resolver=resolver)
