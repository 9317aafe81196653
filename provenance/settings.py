"""Every crawl and analysis setting, with its default and the reason for it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from provenance import __version__
from provenance.graph.thresholds import SUPPORT_THRESHOLD

Follow = Literal["attribution", "body"]

# The project has no address a site operator could reach, so the default names none
# rather than inventing one (an invented URL could be registered by anybody). Set
# ``contact`` (``--contact`` on the command line) for any real crawl.
DEFAULT_CONTACT = ""


@dataclass(frozen=True)
class Settings:
    """Crawl and analysis settings. Every field is named in the README's settings table."""

    depth: int = 3
    """Hops from a root. Three reaches the origin of most claims in our sample and in the
    fact-checking literature's typical citation chains, without exploding the crawl."""
    max_pages: int = 500
    """Pages fetched at most per crawl (requests that reach a server, redirects included)."""
    max_pages_per_outlet: int = 100
    """Caps one outlet's share, so a site that links to itself heavily cannot eat the budget."""
    follow: Follow = "attribution"
    """``attribution``: only links the extractor classes as attributions; ``body``: every
    in-body link."""
    include_domains: tuple[str, ...] = field(default_factory=tuple)
    """Follow only links to these domains (and their subdomains); empty: any domain. Roots
    are always fetched (``crawl/scope.py`` says exactly what is filtered)."""
    exclude_domains: tuple[str, ...] = field(default_factory=tuple)
    """Never follow links to these domains (and their subdomains)."""
    since: str = ""
    """``YYYY-MM-DD``: do not follow links dated (in their URL path) before this day, nor
    the links of a page published before it. Unknown dates are never filtered."""
    until: str = ""
    """``YYYY-MM-DD``: the same, after this day (inclusive window)."""

    concurrency: int = 16
    """Requests in flight across all hosts (the crawl's worker count)."""
    per_host_concurrency: int = 2
    """Requests in flight to one host: the conventional polite ceiling for crawlers."""
    per_host_delay: float = 1.0
    """Seconds between the starts of two requests to one host (raised by Crawl-delay).
    Replayed archives are not paced: no server is there to be polite to."""
    respect_robots: bool = True
    """Read each host's robots.txt (RFC 9309, cached per host for the crawl) and do not
    fetch what it disallows: such a URL becomes a node with ``status=robots``."""
    max_crawl_delay: float = 30.0
    """A robots.txt ``Crawl-delay`` beyond this many seconds is capped: some sites ask
    for hours, which would stall a trace; 30 s still keeps us far slower than a reader."""
    contact: str = DEFAULT_CONTACT
    """How a site operator reaches whoever runs the crawl (a URL or ``mailto:``), sent in
    the User-Agent as ``provenance/VERSION (+contact)``. Empty by default: the header then
    says ``research crawler, no contact given``; set yours for any real crawl."""
    user_agent: str = ""
    """The whole User-Agent header, when you must replace the identifying default built
    from ``contact``. Its first word is the product token matched in robots.txt."""

    connect_timeout: float = 10.0
    """Seconds to open a connection (TCP and TLS)."""
    read_timeout: float = 20.0
    """Seconds without a byte before the fetch is abandoned."""
    total_timeout: float = 60.0
    """Seconds for the whole response: a server trickling one byte a second cannot hold
    a worker longer than this."""
    max_bytes: int = 10 * 1024 * 1024
    """Decoded body bytes kept per response. News articles are well under 2 MiB of HTML;
    official PDFs can be larger, so 10 MiB; beyond it the node gets ``too-large``. The
    cap counts decompressed bytes, so a gzip bomb stops at it."""
    max_redirects: int = 10
    """Redirect hops followed per request (browsers allow about 20; real chains through
    shorteners and tracking hosts rarely pass 5)."""
    max_attempts: int = 3
    """Tries per URL on timeouts, connection errors, 429 and 5xx."""
    backoff_base: float = 1.0
    """Seconds: the n-th retry waits a random time up to ``backoff_base * 2**(n-1)``
    (exponential backoff with full jitter, so retries to one host do not come in step)."""
    backoff_cap: float = 60.0
    """Seconds: no backoff wait is longer than this."""
    max_retry_after: float = 300.0
    """A ``Retry-After`` (on 429 or 503) holds back every request to that host; one
    asking for longer than this many seconds is not retried: the URL keeps its 429/503
    status, and the host waits this long at most."""
    time_budget: float = 600.0
    """Seconds the crawl of a trace may take (0: no limit). At the budget fetching stops,
    what is left becomes ``unvisited`` with ``status=time-budget``, and the analysis and
    every output file are still written. Ten minutes is several times what a 500-page
    trace takes at the default pacing, so only a crawl stuck on slow servers meets it."""
    url_time_budget: float = 120.0
    """Seconds one URL may take across all its tries, redirects and its host's robots.txt
    (0: no limit): one full ``total_timeout`` plus the retries of quick failures; a
    response still trickling in when the total timeout ends it is not tried again."""
    host_max_failures: int = 4
    """A host whose last this-many requests in a row timed out, were reset or refused is
    given up for the crawl: its remaining URLs become ``status=host-failed`` without a
    request. Four is more than one URL's ``max_attempts``, so one bad page does not
    condemn its host, while a dead host costs four timeouts, not four per URL."""
    trap_cap: int = 12
    """URLs a crawler-trap family may contribute (a host's URLs that differ only in a
    date, a counter or a query value, reached from that host's own pages: calendars,
    pagination, session ids; see ``crawl/traps.py``). Beyond it a URL is not fetched and
    its node says ``status=trap``. Twelve is more than any citation chain needs from
    one listing, and a calendar stops within a day's pages."""

    allow_private: bool = False
    """Allow private, loopback and link-local addresses (tests and intranet archives)."""
    proxy: str | None = None
    """Send every request through this HTTP(S) proxy (``http://host:port``): plain
    ``http://`` URLs by absolute URL, ``https://`` ones through a CONNECT tunnel. The
    proxy is trusted: it resolves names itself, so only literal addresses are checked."""
    ca_bundle: str | None = None
    """A PEM file of extra certificate authorities to trust, besides the usual ones:
    what an institutional TLS-inspecting proxy or a test CA needs."""

    archives: tuple[str, ...] | None = None
    """Web archives asked for a dead link (404/410, DNS, TLS, timeout, connection
    errors, soft 404s), in order: CDX servers, Memento TimeMaps or TimeGates, or pywb
    collections, by URL. ``None``: the Wayback Machine when crawling the live web, none
    when replaying WARC files; ``()``: none (``--no-archive``)."""

    support_threshold: float = SUPPORT_THRESHOLD
    """Support below which a cited page is said not to carry the claim (the measurement
    behind the default is in ``graph/thresholds.py``)."""
    primary_domains: tuple[str, ...] = field(default_factory=tuple)
    """Extra registrable domains whose pages count as primary sources."""

    @property
    def agent(self) -> str:
        """The User-Agent header sent with every request."""
        if self.user_agent:
            return self.user_agent
        if self.contact:
            return f"provenance/{__version__} (+{self.contact})"
        return f"provenance/{__version__} (research crawler, no contact given)"

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]
