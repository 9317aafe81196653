"""Dead links read from web archives: Memento (RFC 7089) and CDX lookups, raw replay.

When a cited page is gone (404/410, DNS, TLS, timeout, connection errors, or a soft 404,
see ``soft404.py``), :class:`ArchiveRecovery` asks each configured archive for its
captures of the URL, picks the one nearest to the citing page's publication date
(before it where possible), fetches it raw (the ``id_`` replay modifier: no banner, no
rewritten links), follows a capture that is itself a redirect, and hands back a
``FetchResult`` the crawl extracts and continues through like any page. The result
keeps the original URL; ``archived_from`` names the capture and its time.

An archive is named by one URL; its form says which API it speaks:

- ``.../cdx/search/cdx`` or ``.../cdx``: a CDX server (the Wayback Machine's, whose
  JSON is an array of rows after a header row of field names; pywb's, one JSON object
  per line; or plain space-separated CDX lines). Captures replay from the sibling
  ``/web/`` (Wayback Machine) or the parent path (pywb collection).
- a path holding ``timemap``: a Memento TimeMap (link format); the mementos' own URLs.
- a path holding ``timegate``: a Memento TimeGate, asked with ``Accept-Datetime``; its
  ``Link`` header's TimeMap is read when it names one.
- anything else: a Wayback-style collection (``http://host/my-coll/``, pywb's layout),
  looked up through its TimeMap ``{collection}timemap/link/{url}``.

Every archive request goes through a ``Fetcher`` (paced per archive host, retried,
recorded in the crawl's WARC) and costs one page of the crawl's budget.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit

import httpx

from provenance.crawl.archive import NotArchived, ReplayTransport
from provenance.crawl.fetcher import REDIRECT_STATUSES, Capture, Fetcher
from provenance.crawl.soft404 import soft_404
from provenance.models import (
    ARCHIVE_ERROR,
    ARCHIVE_SKIPPED,
    ARCHIVED,
    FETCH_SOFT_404,
    NO_CAPTURE,
    FetchResult,
    Page,
)
from provenance.urls import absolute, fetchable

Extractor = Callable[[bytes, str, str], Page]

DEFAULT_ARCHIVE = "https://web.archive.org/cdx/search/cdx"
"""The Wayback Machine's CDX server: the default (and only) archive asked when none is
named and the crawl reads the live web."""

# HTTP answers and fetch errors that make a link dead enough to ask an archive. Other
# errors are not asked about: 5xx and 429 are usually temporary (and retried), robots
# and refused addresses are the site's or the user's will, too-large is not gone.
DEAD_HTTP_STATUSES = frozenset({404, 410})
DEAD_ERRORS = frozenset({"dns", "tls", "timeout", "connect", "reset", "not-archived"})
# Captures tried per archive, nearest first, before the next archive is asked: a
# capture can be a soft 404 or unreadable, the next one often is not; more tries
# would spend the budget on one dead link.
MAX_CAPTURE_TRIES = 3
# A capture timestamp: 14 digits (shorter ones are padded: "2016" is 2016-01-01).
_TIMESTAMP = re.compile(r"^\d{4,14}$")
# The timestamp segment of a Wayback-style replay URL, with its replay modifier
# (``mp_``, ``id_``, ``if_``, ...): ``/20161211093000mp_/``.
_REPLAY_SEGMENT = re.compile(r"/(\d{14})(?:[a-z]{2}_)?/")

Spend = Callable[[], bool]
"""Takes one request from the crawl's budget; False when the budget is spent."""


class BudgetSpent(Exception):
    """The crawl's page or time budget ran out during a lookup."""


class ArchiveUnavailable(Exception):
    """An archive's lookup failed (an error or an answer other than 2xx or 404)."""


@dataclass(frozen=True)
class Memento:
    """One capture of ``original`` in an archive."""

    original: str
    timestamp: str
    """14 digits, UTC (``20161211093000``)."""
    url: str
    """The capture as the archive names it (what a reader opens)."""
    raw_url: str
    """The same capture raw: the ``id_`` modifier, no banner, no rewritten links."""
    status: int | None = None
    """The captured HTTP status when the index says it (CDX), else None (TimeMap)."""

    @property
    def moment(self) -> datetime:
        return timestamp_moment(self.timestamp)

    def iso(self) -> str:
        return self.moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def timestamp_moment(timestamp: str) -> datetime:
    """A capture timestamp (4 to 14 digits) as a UTC datetime."""
    padded = (timestamp + "00000101000000"[len(timestamp) :])[:14]
    return datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def _valid_timestamp(timestamp: str) -> bool:
    if not _TIMESTAMP.match(timestamp):
        return False
    try:
        timestamp_moment(timestamp)
    except ValueError:
        return False  # "20161399...": digits, not a date
    return True


def citing_moment(published: str) -> datetime | None:
    """The citing page's publication date as a moment, or None when unknown.

    A date without a time stands for the end of that day: a capture made the same day
    counts as before the citation, since the citing author may have read it then."""
    text = published.strip()
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if len(text) <= 10:
        parsed = datetime.combine(parsed.date(), time(23, 59, 59))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def raw_replay_url(memento_url: str) -> str:
    """The ``id_`` form of a Wayback-style replay URL (other URLs are returned as they
    are: an archive with another URL scheme has no raw mode we know of)."""
    return _REPLAY_SEGMENT.sub(lambda match: f"/{match.group(1)}id_/", memento_url, count=1)


def original_of_replay(url: str) -> str:
    """The archived URL inside a Wayback-style replay URL, or ``""``."""
    match = _REPLAY_SEGMENT.search(url)
    if match is None:
        return ""
    rest = url[match.end() :]
    return rest if rest.startswith(("http://", "https://")) else ""


# --- the formats -------------------------------------------------------------------

# Field names of the same facts in the Wayback Machine's CDX JSON (header row) and in
# pywb's CDX JSON lines.
_CDX_TIMESTAMP = ("timestamp",)
_CDX_ORIGINAL = ("original", "url")
_CDX_STATUS = ("statuscode", "status")
# Classic CDX lines (``output`` not json): "urlkey timestamp original mimetype
# statuscode digest length".
_CDX_LINE_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode")


def _first(row: dict[str, str], names: tuple[str, ...]) -> str:
    for name in names:
        value = row.get(name)
        if value:
            return str(value)
    return ""


def cdx_rows(body: bytes) -> list[dict[str, str]]:
    """The rows of a CDX answer in any of its three common forms, as dicts."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return []
    rows: list[dict[str, str]] = []
    if text.startswith("["):
        try:
            table = json.loads(text)
        except ValueError:
            return []
        if not isinstance(table, list) or not table or not isinstance(table[0], list):
            return []
        header = [str(name) for name in table[0]]
        for values in table[1:]:
            if isinstance(values, list):
                rows.append(dict(zip(header, (str(value) for value in values), strict=False)))
        return rows
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                rows.append({str(key): str(value) for key, value in record.items()})
        elif line:
            rows.append(dict(zip(_CDX_LINE_FIELDS, line.split(), strict=False)))
    return rows


def parse_cdx(body: bytes, replay_prefix: str) -> list[Memento]:
    """Mementos of a CDX answer (Wayback JSON, pywb JSON lines or plain lines)."""
    mementos: list[Memento] = []
    for row in cdx_rows(body):
        timestamp = _first(row, _CDX_TIMESTAMP)
        original = _first(row, _CDX_ORIGINAL)
        if not _valid_timestamp(timestamp) or not original.startswith(("http://", "https://")):
            continue
        status_text = _first(row, _CDX_STATUS)
        status = int(status_text) if status_text.isdigit() else None
        mementos.append(
            Memento(
                original,
                timestamp,
                f"{replay_prefix}{timestamp}/{original}",
                f"{replay_prefix}{timestamp}id_/{original}",
                status,
            )
        )
    return mementos


def parse_link_format(text: str) -> list[tuple[str, dict[str, str]]]:
    """The links of an RFC 6690 link-format document (a TimeMap, a ``Link`` header):
    (target, parameters) pairs, parameter names in lower case."""
    links: list[tuple[str, dict[str, str]]] = []
    position = 0
    length = len(text)
    while True:
        start = text.find("<", position)
        if start < 0:
            return links
        end = text.find(">", start + 1)
        if end < 0:
            return links
        target = text[start + 1 : end].strip()
        params: dict[str, str] = {}
        index = end + 1
        # Parameters until a comma outside quotes (commas in quoted values are common:
        # datetimes are "Sun, 11 Dec 2016 ...").
        quoted = False
        buffer: list[str] = []
        while index < length:
            char = text[index]
            if char == '"':
                quoted = not quoted
            elif char == "," and not quoted:
                break
            buffer.append(char)
            index += 1
        for part in "".join(buffer).split(";"):
            name, _, value = part.partition("=")
            name = name.strip().lower()
            if name:
                params[name] = value.strip().strip('"')
        links.append((target, params))
        position = index + 1


def parse_timemap(body: bytes) -> list[Memento]:
    """The mementos of a link-format TimeMap (rel values holding ``memento``)."""
    mementos: list[Memento] = []
    text = body.decode("utf-8", "replace")
    original = ""
    for target, params in parse_link_format(text):
        if "original" in params.get("rel", "").split():
            original = target
    for target, params in parse_link_format(text):
        if "memento" not in params.get("rel", "").split():
            continue
        timestamp = _stamp(target, params.get("datetime", ""))
        if not timestamp:
            continue
        mementos.append(
            Memento(
                original or original_of_replay(target),
                timestamp,
                target,
                raw_replay_url(target),
            )
        )
    return mementos


def _stamp(memento_url: str, http_datetime: str) -> str:
    """A memento's 14-digit timestamp: from its replay URL, else its HTTP datetime."""
    match = _REPLAY_SEGMENT.search(memento_url)
    if match is not None and _valid_timestamp(match.group(1)):
        return match.group(1)
    moment = _http_moment(http_datetime)
    return moment.strftime("%Y%m%d%H%M%S") if moment is not None else ""


def _http_moment(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def choose(mementos: Sequence[Memento], when: datetime | None) -> list[Memento]:
    """Captures in the order to try them.

    With the citing page's date: the nearest before it first (latest first), then the
    nearest after (earliest first). Without: the latest successful (2xx) captures, then
    the latest of the others. Captures recorded as 4xx/5xx are never chosen: they hold
    the failure, not the page. One capture per timestamp.
    """
    usable: dict[str, Memento] = {}
    for memento in mementos:
        if memento.status is not None and memento.status >= 400:
            continue
        usable.setdefault(memento.timestamp, memento)
    ordered = sorted(usable.values(), key=lambda memento: memento.timestamp)
    if when is None:
        good = [m for m in ordered if m.status is None or 200 <= m.status < 300]
        rest = [m for m in ordered if m not in good]
        return [*reversed(good), *reversed(rest)]
    before = [m for m in ordered if m.moment <= when]
    after = [m for m in ordered if m.moment > when]
    return [*reversed(before), *after]


# --- archives ----------------------------------------------------------------------

KIND_CDX = "cdx"
KIND_TIMEMAP = "timemap"
KIND_TIMEGATE = "timegate"
KIND_COLLECTION = "collection"


@dataclass(frozen=True)
class Archive:
    """One archive, named by the URL the user gave."""

    url: str
    kind: str
    replay_prefix: str
    """Where ``{timestamp}id_/{url}`` replays a capture (CDX and collections)."""

    @classmethod
    def from_url(cls, url: str) -> Archive:
        parts = urlsplit(url)
        path = parts.path
        lowered = path.lower()
        if lowered.rstrip("/").endswith("/cdx/search/cdx"):
            prefix = path.rstrip("/")[: -len("/cdx/search/cdx")] + "/web/"
            return cls(url, KIND_CDX, _with_path(parts, prefix))
        if lowered.rstrip("/").endswith("/cdx"):
            prefix = path.rstrip("/")[: -len("cdx")]
            return cls(url, KIND_CDX, _with_path(parts, prefix))
        if "timemap" in lowered:
            return cls(_slash(url), KIND_TIMEMAP, "")
        if "timegate" in lowered:
            return cls(_slash(url), KIND_TIMEGATE, "")
        collection = _slash(url)
        return cls(collection, KIND_COLLECTION, collection)

    def lookup_url(self, target: str) -> str:
        if self.kind == KIND_CDX:
            return f"{self.url.rstrip('?')}?url={quote(target, safe='')}&output=json"
        if self.kind == KIND_COLLECTION:
            return f"{self.url}timemap/link/{target}"
        return f"{self.url}{target}"


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _with_path(parts: SplitResult, path: str) -> str:
    return urlunsplit(
        (parts.scheme, parts.netloc, path if path.endswith("/") else path + "/", "", "")
    )


def archive_problem(url: str) -> str:
    """Why ``url`` cannot name an archive (a one-line message), or ``""``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or not fetchable(url):
        return f"not an http(s) archive URL: {url!r}"
    return ""


def resolved_archives(configured: Sequence[str] | None, *, replaying: bool) -> tuple[str, ...]:
    """The archives a crawl asks: as configured; by default the Wayback Machine when
    reading the live web and none when replaying WARC files (offline stays offline)."""
    if configured is not None:
        return tuple(configured)
    return () if replaying else (DEFAULT_ARCHIVE,)


class RecordedFirst(httpx.AsyncBaseTransport):
    """Archive requests answered from the replayed WARC files when they hold them (a
    crawl's own WARC records its archive lookups and captures), else from the network:
    a trace replayed from its WARC reads the same captures again, offline."""

    def __init__(self, replay: ReplayTransport, live: httpx.AsyncBaseTransport) -> None:
        self.replay = replay
        self.live = live

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self.replay.handle_async_request(request)
        except NotArchived:
            return await self.live.handle_async_request(request)

    async def aclose(self) -> None:
        await self.live.aclose()


# --- recovery ----------------------------------------------------------------------


@dataclass(frozen=True)
class Lookup:
    """What the crawl hands over after fetching (and extracting) one URL."""

    url: str
    result: FetchResult
    page: Page | None
    cited_on: str
    """Publication date of the (earliest) citing page, ISO 8601; ``""`` when unknown."""
    capture: Capture
    spend: Spend


def dead_link(url: str, result: FetchResult, page: Page | None) -> tuple[str, str]:
    """(failure, reason) when ``result`` is a dead link, else ("", "")."""
    if result.http_status in DEAD_HTTP_STATUSES or result.status in DEAD_ERRORS:
        return result.status, result.error
    reason = soft_404(url, result, page)
    if reason:
        return FETCH_SOFT_404, reason
    return "", ""


Recover = Callable[[Lookup], Awaitable[tuple[FetchResult, Page | None]]]


class ArchiveRecovery:
    """Marks dead links and reads them from archives. Called by the crawl per fetch."""

    def __init__(
        self,
        archives: Sequence[str],
        fetcher: Fetcher | None,
        extract: Extractor,
        *,
        max_redirects: int = 10,
    ) -> None:
        self.archives = [Archive.from_url(url) for url in archives]
        self.fetcher = fetcher
        self.extract = extract
        self.max_redirects = max_redirects

    async def __call__(self, lookup: Lookup) -> tuple[FetchResult, Page | None]:
        failure, reason = dead_link(lookup.url, lookup.result, lookup.page)
        if not failure:
            return lookup.result, lookup.page
        dead = lookup.result
        if failure == FETCH_SOFT_404:
            dead = replace(dead, status=FETCH_SOFT_404, error=reason)
        if not self.archives or self.fetcher is None:
            return dead, None
        when = citing_moment(lookup.cited_on)
        unavailable: list[str] = []
        try:
            for archive in self.archives:
                try:
                    found = await self._recover(archive, lookup, when)
                except ArchiveUnavailable as error:
                    unavailable.append(str(error))
                    continue
                if found is not None:
                    result, page = found
                    return replace(result, status=failure + ARCHIVED, error=dead.error), page
        except BudgetSpent:
            return replace(dead, status=failure + ARCHIVE_SKIPPED), None
        if unavailable:
            told = "; ".join([dead.error, *unavailable] if dead.error else unavailable)
            return replace(dead, status=failure + ARCHIVE_ERROR, error=told), None
        return replace(dead, status=failure + NO_CAPTURE), None

    async def _request(
        self, url: str, lookup: Lookup, headers: tuple[tuple[str, str], ...] = ()
    ) -> FetchResult:
        if not lookup.spend():
            raise BudgetSpent(url)
        assert self.fetcher is not None
        return await self.fetcher.request(url, lookup.capture, headers=headers)

    async def mementos(
        self, archive: Archive, target: str, when: datetime | None, lookup: Lookup
    ) -> list[Memento]:
        """The captures of ``target`` that ``archive`` lists (empty when none or when the
        lookup failed)."""
        headers: tuple[tuple[str, str], ...] = ()
        if archive.kind == KIND_TIMEGATE:
            asked = when or datetime.now(UTC)
            headers = (("Accept-Datetime", format_datetime(asked, usegmt=True)),)
        answer = await self._request(archive.lookup_url(target), lookup, headers)
        if not answer.ok and answer.http_status not in (404, *REDIRECT_STATUSES):
            raise ArchiveUnavailable(f"archive {archive.url} answered {answer.status}")
        if archive.kind == KIND_CDX:
            return parse_cdx(answer.body, archive.replay_prefix) if answer.ok else []
        if archive.kind != KIND_TIMEGATE:
            return parse_timemap(answer.body) if answer.ok else []
        # A TimeGate names its TimeMap in the Link header (RFC 7089 section 4.1) and
        # redirects to the memento it chose for the Accept-Datetime.
        links = parse_link_format(answer.header("link"))
        for link, params in links:
            if "timemap" in params.get("rel", "").split():
                timemap = await self._request(absolute(link, answer.url) or link, lookup)
                if timemap.ok:
                    found = parse_timemap(timemap.body)
                    if found:
                        return found
        chosen = answer.header("location") or answer.header("content-location")
        if answer.http_status in REDIRECT_STATUSES or (answer.ok and chosen):
            memento_url = absolute(chosen, answer.url) if chosen else ""
            stamp = _stamp(memento_url, answer.header("memento-datetime")) if memento_url else ""
            if stamp:
                return [Memento(target, stamp, memento_url, raw_replay_url(memento_url))]
        return []

    async def _recover(
        self, archive: Archive, lookup: Lookup, when: datetime | None
    ) -> tuple[FetchResult, Page] | None:
        target = lookup.url
        chain: list[str] = []
        for _ in range(self.max_redirects + 1):
            candidates = choose(await self.mementos(archive, target, when, lookup), when)
            redirected = ""
            for memento in candidates[:MAX_CAPTURE_TRIES]:
                answer = await self._request(memento.raw_url, lookup)
                if answer.http_status in REDIRECT_STATUSES:
                    redirected = self._redirect_target(answer, target)
                    if redirected:
                        break
                    continue
                if not answer.ok:
                    continue
                page = self._extract(answer, target)
                if page is None or soft_404(target, replace(answer, redirects=()), page):
                    continue  # the archive caught the site's error page: try another
                result = FetchResult(
                    url=lookup.url,
                    final_url=target,
                    status=answer.status,
                    http_status=answer.http_status,
                    content_type=answer.content_type,
                    body=answer.body,
                    headers=answer.headers,
                    redirects=tuple(chain),
                    archived_from=f"{memento.url} {memento.iso()}",
                )
                return result, page
            if not redirected or redirected in chain or redirected == target:
                return None
            # The capture is a redirect: the page lives on at its target, which is
            # looked up in the same archive near the same date.
            chain.append(target)
            target = redirected
        return None

    @staticmethod
    def _redirect_target(answer: FetchResult, target: str) -> str:
        location = answer.header("location")
        if not location:
            return ""
        inside = original_of_replay(absolute(location, answer.url) or location)
        return fetchable(inside or absolute(location, target))

    def _extract(self, answer: FetchResult, url: str) -> Page | None:
        try:
            return self.extract(answer.body, url, answer.content_type)
        except Exception:  # hostile input must not end the crawl: try another capture
            return None
