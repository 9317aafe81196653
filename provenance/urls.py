"""URL normalisation, canonical keys and outlets (DESIGN section 4).

Every function here is total: a malformed URL gives an empty string or ``False``,
never an exception, because URLs come from untrusted pages.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from publicsuffixlist import PublicSuffixList

# Query parameters that only track the reader, never select content. Prefix entries
# end with "_"; the rest match whole names. Sources: Google Analytics (utm_*),
# Facebook (fbclid), Google Ads (gclid, dclid), Mailchimp (mc_cid, mc_eid), HubSpot
# (_hsenc, _hsmi), Microsoft (msclkid), Instagram (igshid), Yandex (yclid), Twitter (ref_src).
TRACKING_PREFIXES = ("utm_", "_hs", "pk_", "mtm_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "ref_src",
        "ref_url",
        "cmpid",
        "ncid",
        "ocid",
        "at_medium",
        "at_campaign",
        "_ga",
        "_gl",
        "share",
        "amp",
    }
)

DEFAULT_PORTS = {"http": 80, "https": 443}
WEB_SCHEMES = frozenset({"http", "https"})
MAX_URL_LENGTH = 4096
# What a host name may hold once IDNA-encoded (RFC 1123 letters, digits, hyphens and
# dots; underscores, which real DNS names carry): a space or a quote is no host.
_HOST_NAME = re.compile(r"[a-z0-9_.-]+")
"""Longer URLs are refused: no real article URL comes near it, and hostile pages use
huge URLs to blow up memory in stores and views."""


_PSL = PublicSuffixList()  # reads the snapshot bundled with the package; no network


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def absolute(url: str, base: str) -> str:
    """Resolve ``url`` against ``base``; empty for anything that is not http(s)."""
    url = url.strip()
    if not url or len(url) > MAX_URL_LENGTH:
        return ""
    try:
        joined = urljoin(base, url)
    except ValueError:
        return ""
    return joined if is_web_url(joined) else ""


def _clean_host(host: str) -> str:
    host = host.strip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _quote_component(value: str, safe: str) -> str:
    # unquote then quote: the same URL written with and without percent-escapes
    # becomes one key, and the result is idempotent.
    return quote(unquote(value), safe=safe)


def _components(url: str) -> tuple[str, str, str, list[tuple[str, str]]] | None:
    """(scheme, netloc, path, query pairs without tracking) or None when not a web URL."""
    if not url or len(url) > MAX_URL_LENGTH:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES or not parts.hostname:
        return None
    host = _clean_host(parts.hostname)
    if not host or not (_HOST_NAME.fullmatch(host) or is_ip_literal(host)):
        return None
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    path = _quote_component(parts.path or "/", safe="/:@!$&'()*+,;=-._~")
    pairs = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(key)
    ]
    return scheme, netloc, path, pairs


def _compose(scheme: str, netloc: str, path: str, pairs: list[tuple[str, str]]) -> str:
    query = urlencode(pairs, quote_via=quote, safe="/:@!$'()*+,;-._~")
    return urlunsplit((scheme, netloc, path, query, ""))


def normalize(url: str) -> str:
    """The canonical form of a URL, used as a node key.

    Lower-case scheme and host, IDNA host, no default port, no fragment, no tracking
    parameters, remaining query sorted, percent-escapes normalised. Returns "" for URLs
    that are not http(s) or cannot be parsed. Idempotent.
    """
    parts = _components(url)
    if parts is None:
        return ""
    scheme, netloc, path, pairs = parts
    return _compose(scheme, netloc, path, sorted(pairs))


def identity(url: str) -> str:
    """The key under which two URLs are the same document.

    ``normalize`` plus ``http``/``https`` and a leading ``www.`` folded together: a site
    serves the same document under all four (DESIGN section 4), but a node keeps the
    spelling the page itself uses.
    """
    parts = _components(url)
    if parts is None:
        return ""
    _, netloc, path, pairs = parts
    if netloc.startswith("www."):
        netloc = netloc[4:]
    return _compose("https", netloc, path, sorted(pairs))


def fetchable(url: str) -> str:
    """The URL to request: as the page named it, minus fragment and tracking parameters."""
    parts = _components(url)
    return "" if parts is None else _compose(*parts)


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def host_of(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return _clean_host(host)


@lru_cache(maxsize=65536)
def outlet_of(url: str) -> str:
    """The registrable domain of a URL (``english.alarabiya.net`` -> ``alarabiya.net``).

    IP addresses and hosts without a public suffix are their own outlet.
    """
    host = host_of(url)
    if not host:
        return ""
    if is_ip_literal(host):
        return host
    private = _PSL.privatesuffix(host)
    return str(private) if private else host


def same_outlet(first: str, second: str) -> bool:
    outlet = outlet_of(first)
    return bool(outlet) and outlet == outlet_of(second)


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def is_public_address(address: str) -> bool:
    """False for private, loopback, link-local, multicast, reserved or unspecified IPs."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )
