"""Plain data passed between the layers of the pipeline.

Only these objects cross module boundaries: the crawler hands ``FetchResult`` to the
store and the extractor, the extractor returns ``Page`` (with its ``Link`` and
``RepublicationSignal`` lists), and the analysis returns ``TracedClaim`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Node kinds of the graph contract (DESIGN section 3).
KIND_ARTICLE = "article"
KIND_PAGE = "page"
KIND_DOCUMENT = "document"
KIND_MEDIA = "media"
KIND_SOCIAL = "social"
KIND_UNREACHABLE = "unreachable"
KIND_BLOCKED = "blocked"
KIND_UNVISITED = "unvisited"
NODE_KINDS = (
    KIND_ARTICLE,
    KIND_PAGE,
    KIND_DOCUMENT,
    KIND_MEDIA,
    KIND_SOCIAL,
    KIND_UNREACHABLE,
    KIND_BLOCKED,
    KIND_UNVISITED,
)

# Link kinds produced by the extractor.
LINK_ATTRIBUTION = "attribution"
LINK_CONTEXT = "context"
LINK_SELF = "self"
LINK_NAVIGATION = "navigation"
LINK_SOCIAL_SHARE = "social-share"
LINK_COMMENT = "comment"

# Edge kinds.
EDGE_CITATION = "citation"
EDGE_REPUBLICATION = "republication"

# Claim statuses (DESIGN section 3).
STATUS_ORIGIN = "origin"
STATUS_PRIMARY = "primary"
STATUS_DEAD_END = "dead-end"
STATUS_CIRCULAR = "circular"
STATUS_UNSUPPORTED = "unsupported"
STATUS_TRUNCATED = "truncated"
CLAIM_STATUSES = (
    STATUS_ORIGIN,
    STATUS_PRIMARY,
    STATUS_DEAD_END,
    STATUS_CIRCULAR,
    STATUS_UNSUPPORTED,
    STATUS_TRUNCATED,
)


# Fetch statuses of dead links looked up in web archives (``crawl/wayback.py``). A
# page that is gone although its server answered 2xx (``crawl/soft404.py``):
FETCH_SOFT_404 = "soft-404"
# Suffixes of a dead link's status after the lookup: read from a capture; the archives
# were asked and none had a capture; the crawl's budget ran out before they were asked.
# A status without a suffix means no archive was asked. ``404+archived``, ``dns+no-capture``.
ARCHIVED = "+archived"
NO_CAPTURE = "+no-capture"
ARCHIVE_SKIPPED = "+archive-skipped"
# No archive had a capture, and some archive could not be asked (down, refused, bad answer).
ARCHIVE_ERROR = "+archive-error"


@dataclass(frozen=True)
class FetchResult:
    """What the crawler learned from one request, including failures.

    ``status`` is the HTTP status code as text ("200", "404") or an error class
    ("timeout", "dns", "tls", "connect", "robots", "blocked-address", "too-large",
    "too-many-redirects", "not-archived", "invalid-url").
    """

    url: str
    final_url: str
    status: str
    http_status: int | None = None
    content_type: str = ""
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    redirects: tuple[str, ...] = ()
    error: str = ""
    archived_from: str = ""
    """``"<capture URL> <capture time, ISO 8601 UTC>"`` when read from a web archive."""

    @property
    def ok(self) -> bool:
        """A 2xx answer that is the page itself (not a soft 404 left unrecovered)."""
        if self.http_status is None or not 200 <= self.http_status < 300:
            return False
        return self.archived_from != "" or not self.status.startswith(FETCH_SOFT_404)

    def header(self, name: str) -> str:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return ""


@dataclass(frozen=True)
class Link:
    """One hyperlink of a page, with the sentence that carries it."""

    url: str
    """Absolute canonical URL (``urls.normalize``)."""
    anchor: str
    claim: str
    cue: str
    kind: str
    paragraph: int = -1
    """Index into ``Page.paragraphs`` of the paragraph holding the link; -1 outside the body."""
    href: str = ""
    """The absolute URL as the page wrote it (tracking parameters and all)."""
    published: str = ""
    """Embedded posts and videos: the post's own date (ISO 8601) when the page gives it."""
    embed: str = ""
    """The platform of an embedded post or video (``twitter``, ``youtube``, ...) when the
    link is an embed, not an <a> the page wrote; empty otherwise."""


@dataclass(frozen=True)
class RepublicationSignal:
    """An explicit statement that a page republishes another document."""

    evidence: str
    """``credit-line``, ``canonical``, ``og-url``, ``json-ld`` or ``feed-footer``."""
    url: str = ""
    outlet: str = ""
    text: str = ""


@dataclass
class Page:
    """Everything the extractor found in one fetched document."""

    url: str
    canonical_url: str = ""
    kind: str = KIND_ARTICLE
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""
    language: str = ""
    outlet_name: str = ""
    og_url: str = ""
    paragraphs: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    republication: list[RepublicationSignal] = field(default_factory=list)
    generator: str = ""
    reason: str = ""
    """Why the page is empty or partial (undecodable, not HTML, ...); empty when all went well."""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class TracedClaim:
    """One claim of a root article and where its trace ended (a row of ``claims.csv``)."""

    claim_id: str
    citing_url: str
    claim: str
    anchor: str
    cue: str
    cited_url: str
    status: str
    origin_urls: tuple[str, ...]
    hops: int
    chain: tuple[str, ...]
    """Document URLs from where the trace stopped to the citing page."""
    passages: tuple[tuple[str, float | None, str], ...] = ()
    """For each document of ``chain`` that was checked: (url, support, supporting passage);
    support is None where it could not be measured (another language)."""
    support_method: str = "lexical"
    """``lexical``, or ``not-measurable`` when a page of the chain is in another language
    than the sentence that cites it and word overlap could not tell (README)."""
    via_archive: tuple[str, ...] = ()
    """Capture URLs of the pages of ``chain`` that were read from a web archive."""
    archive_lookup: str = ""
    """Where the chain ends at a dead link: ``not-asked`` (no archive was asked),
    ``no-capture`` (the archives had none), ``archive-error`` (none had one, and some
    archive could not be asked) or ``skipped`` (the budget ran out first)."""

    def row(self) -> dict[str, str]:
        return {
            "claim_id": self.claim_id,
            "citing_url": self.citing_url,
            "claim": self.claim,
            "anchor": self.anchor,
            "cue": self.cue,
            "cited_url": self.cited_url,
            "status": self.status,
            "origin_urls": " ".join(self.origin_urls),
            "hops": str(self.hops),
            "chain": " ".join(self.chain),
            "support_method": self.support_method,
            "via_archive": " ".join(self.via_archive),
            "archive_lookup": self.archive_lookup,
        }


CLAIM_COLUMNS = (
    "claim_id",
    "citing_url",
    "claim",
    "anchor",
    "cue",
    "cited_url",
    "status",
    "origin_urls",
    "hops",
    "chain",
    "support_method",
    "via_archive",
    "archive_lookup",
)
