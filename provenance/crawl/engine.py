"""The crawl loop: an async frontier, breadth first from the roots, and one store writer.

The engine decides what to fetch; the fetcher fetches; the extractor (passed in, never
imported here) reads pages; the store keeps everything. Three kinds of task share one
event loop:

- the dispatcher takes URLs from the ``Frontier`` (shallowest first, within per-host
  limits) and starts a visit for each while fewer than ``concurrency`` are running;
- each visit fetches one URL, extracts the page and hands the result to the writer;
- the writer is the only task that writes: it appends the visits' WARC records and
  commits them to the store in one transaction, together with the links they add to
  the frontier and the WARC offset, so a crawl killed at any point resumes exactly.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from provenance.crawl.fetcher import Capture, Fetcher
from provenance.crawl.frontier import Frontier, Job
from provenance.crawl.hosts import HOST_FAILED
from provenance.crawl.scope import Scope
from provenance.crawl.traps import TrapDetector
from provenance.crawl.wayback import Lookup, Recover
from provenance.models import (
    KIND_DOCUMENT,
    KIND_MEDIA,
    LINK_ATTRIBUTION,
    LINK_CONTEXT,
    LINK_SELF,
    FetchResult,
    Page,
)
from provenance.settings import Settings
from provenance.store import Store, Visit
from provenance.urls import fetchable, identity, outlet_of

Extractor = Callable[[bytes, str, str], Page]
Progress = Callable[["CrawlProgress"], None]

# Link kinds followed with follow="body": every in-body link that points at content.
BODY_KINDS = frozenset({LINK_ATTRIBUTION, LINK_CONTEXT, LINK_SELF})
# Pages cite the same documents again and again: each link target is parsed once.
# A pure function of its argument, so the cache cannot go stale.
_fetchable = lru_cache(maxsize=1 << 16)(fetchable)
_identity = lru_cache(maxsize=1 << 16)(identity)


@dataclass
class CrawlProgress:
    """Where a running crawl stands; handed to the progress callback after each commit."""

    fetched: int = 0
    """Pages fetched and stored, earlier runs into the same store included."""
    queued: int = 0
    errors: int = 0
    """Fetches of this run that got no 2xx answer (HTTP errors, timeouts, robots, ...)."""
    depth: int = 0
    """The deepest level started so far."""
    in_flight: int = 0
    fetched_this_run: int = 0
    elapsed: float = 0.0
    """Seconds since this run started."""
    last_url: str = ""
    last_status: str = ""
    finished: bool = False

    @property
    def pages_per_second(self) -> float:
        return self.fetched_this_run / self.elapsed if self.elapsed > 0 else 0.0


# Why a known URL was not fetched (its frontier state, and its node's status).
TIME_BUDGET = "time-budget"
INTERRUPTED = "interrupted"
TRAP = "trap"
SKIPPED = "skipped"  # the page budget (max_pages, max_pages_per_outlet)


@dataclass
class CrawlReport:
    fetched: int = 0
    errors: int = 0
    skipped: int = 0
    failed_roots: list[str] = field(default_factory=list)
    root_status: dict[str, str] = field(default_factory=dict)
    """Why each failed root failed: its status (``dns``, ``not-archived``, ...)."""
    stopped: str = ""
    """``time-budget`` or ``interrupted`` when the crawl stopped before its end."""
    unfetched: dict[str, int] = field(default_factory=dict)
    """Known URLs left unfetched this run, by reason (``time-budget``, ``trap``, ...)."""
    hosts_given_up: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """What the user should know although the crawl ran (a damaged archive, ...)."""


class CrawlStop:
    """Asks a running crawl to stop fetching, from any thread or a signal handler.

    The crawl then commits what was fetched, marks the rest ``interrupted`` and
    returns normally, so the caller can still write every output file.
    """

    def __init__(self) -> None:
        self.reason = ""
        self._lock = threading.Lock()
        self._wake: Callable[[], None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def request(self, reason: str = INTERRUPTED) -> None:
        with self._lock:
            if not self.reason:
                self.reason = reason
            loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            # Wakes the event loop through its self-pipe: safe from a signal handler.
            loop.call_soon_threadsafe(wake)

    def attach(self, loop: asyncio.AbstractEventLoop, wake: Callable[[], None]) -> None:
        with self._lock:
            self._loop, self._wake = loop, wake

    def detach(self) -> None:
        with self._lock:
            self._loop = self._wake = None


def follow_targets(page: Page, follow: str) -> list[str]:
    """URLs a page leads the crawl to: its followed links and its republication sources."""
    kinds = {LINK_ATTRIBUTION} if follow == "attribution" else BODY_KINDS
    targets = [link.url for link in page.links if link.kind in kinds and link.paragraph >= 0]
    targets.extend(signal.url for signal in page.republication if signal.url)
    return targets


def wants_extraction(result: FetchResult) -> bool:
    return result.ok and result.status != "too-large"


@dataclass
class _Finished:
    """A visit ready for the writer: stored as fetched, or skipped (``visit`` None)."""

    job: Job
    visit: Visit | None
    capture: Capture
    reason: str = SKIPPED
    """Why a skipped job was not fetched (its frontier state)."""


class Crawler:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        fetcher: Fetcher,
        extract: Extractor,
        progress: Progress | None = None,
        stop: CrawlStop | None = None,
        recover: Recover | None = None,
    ) -> None:
        self.settings = settings
        # Dead links (and soft 404s) are handed to ``recover`` (crawl/wayback.py), which
        # may read them from a web archive; ``_cited_on`` keeps, per link target, the
        # earliest publication date of a page citing it: the capture is chosen by it.
        self.recover = recover
        self._cited_on: dict[str, str] = {}
        self.store = store
        self.fetcher = fetcher
        self.extract = extract
        self.progress = progress
        self.stop = stop
        self._traps = TrapDetector(settings.trap_cap)
        # Jobs handed out whose visit has not finished yet, by URL.
        self._unfinished: dict[str, Job] = {}
        self._scope = Scope(
            settings.include_domains, settings.exclude_domains, settings.since, settings.until
        )
        self._state = CrawlProgress(fetched=store.fetch_count())
        # Visits started, earlier runs' included: what max_pages counts (a started
        # visit counts at once, so the budget holds with many in flight).
        self._started_visits = self._state.fetched
        self._per_outlet = store.outlet_counts()
        self._report = CrawlReport()
        limit = settings.concurrency if fetcher.replaying else settings.per_host_concurrency
        self._frontier = Frontier(
            per_host_limit=limit,
            delay_of=fetcher.host_delay,
            ready_at=fetcher.host_ready_at,
        )
        self._finished: asyncio.Queue[_Finished | None] = asyncio.Queue()
        self._changed = asyncio.Event()
        self._writer_error: BaseException | None = None
        self._started = time.monotonic()

    # --- the dispatcher -----------------------------------------------------------

    async def run(self, roots: list[str]) -> CrawlReport:
        for root in roots:
            url = fetchable(root)
            if url:
                self.store.enqueue(url, 0)
        self.store.requeue_skipped()
        for url in self.store.known_urls():
            self._traps.prime(url)
        for url, depth in self.store.queued():
            self._frontier.push(url, depth)
        self._recall_citations()
        self._started = time.monotonic()
        if self.stop is not None:
            self.stop.attach(asyncio.get_running_loop(), self._changed.set)
        writer = asyncio.create_task(self._write_loop(), name="provenance-store-writer")
        running: set[asyncio.Task[None]] = set()
        try:
            await self._dispatch(running)
        finally:
            if self.stop is not None:
                self.stop.detach()
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)
            # Visits cancelled half-way are known, not fetched: they say why.
            reason = self._report.stopped or INTERRUPTED
            for job in list(self._unfinished.values()):
                self._finished.put_nowait(_Finished(job, None, [], reason))
            self._unfinished.clear()
            await self._finished.put(None)
            await asyncio.gather(writer, return_exceptions=True)
        if self._writer_error is not None:
            raise self._writer_error
        self._report.hosts_given_up = self.fetcher.hosts.hosts_given_up()
        self._finish(roots)
        return self._report

    def _budget_spent(self) -> bool:
        return self._started_visits >= self.settings.max_pages

    def _halt_reason(self) -> str:
        """``interrupted`` or ``time-budget`` when fetching must stop now, else empty."""
        if self.stop is not None and self.stop.reason:
            return self.stop.reason
        budget = self.settings.time_budget
        if budget > 0 and time.monotonic() - self._started >= budget:
            return TIME_BUDGET
        return ""

    def _skip(self, job: Job, reason: str) -> None:
        self._finished.put_nowait(_Finished(job, None, [], reason))
        self._report.unfetched[reason] = self._report.unfetched.get(reason, 0) + 1

    def _spend_archive_request(self) -> bool:
        """One archive request taken from the crawl's budgets (pages, time); False when
        one is spent or the crawl is asked to stop."""
        if self._budget_spent() or self._halt_reason():
            return False
        self._started_visits += 1
        return True

    async def _dispatch(self, running: set[asyncio.Task[None]]) -> None:
        frontier = self._frontier
        hosts = self.fetcher.hosts
        while True:
            self._changed.clear()
            halt = self._halt_reason()
            if halt:
                # Stop fetching: in-flight visits are cancelled by run(), the queue is
                # known but not fetched, and says why.
                self._report.stopped = halt
                for url, depth in frontier.drain():
                    self._skip(Job(url, depth, ""), halt)
                return
            while len(running) < self.settings.concurrency and not self._budget_spent():
                job = frontier.pop()
                if job is None:
                    break
                if hosts.given_up(job.host):
                    self._skip(job, HOST_FAILED)
                    for url, depth in frontier.drop_host(job.host):
                        self._skip(Job(url, depth, ""), HOST_FAILED)
                    continue
                outlet = outlet_of(job.url)
                if self._per_outlet.get(outlet, 0) >= self.settings.max_pages_per_outlet:
                    self._skip(job, SKIPPED)
                    continue
                self._per_outlet[outlet] = self._per_outlet.get(outlet, 0) + 1
                self._started_visits += 1
                self._state.depth = max(self._state.depth, job.depth)
                self._unfinished[job.url] = job
                task = asyncio.create_task(self._visit(job))
                running.add(task)
                task.add_done_callback(running.discard)
            if self._writer_error is not None:
                return
            if self._budget_spent() and len(frontier):
                for url, depth in frontier.drain():
                    self._skip(Job(url, depth, ""), SKIPPED)
            if frontier.in_flight == 0 and not len(frontier) and self._finished.empty():
                return
            wait = frontier.seconds_to_next()
            if self.settings.time_budget > 0:
                left = self._started + self.settings.time_budget - time.monotonic()
                wait = max(0.0, left if wait is None else min(wait, left))
            try:
                async with asyncio.timeout(wait):
                    await self._changed.wait()
            except TimeoutError:
                pass

    # --- a visit --------------------------------------------------------------------

    async def _visit(self, job: Job) -> None:
        capture: Capture = []
        try:
            result = await self.fetcher.fetch(job.url, capture, fetchable_url=True)
            page: Page | None = None
            if wants_extraction(result):
                try:
                    page = self.extract(result.body, result.final_url, result.content_type)
                except Exception as error:  # hostile input must not end the crawl
                    result = replace(result, error=f"extraction failed: {type(error).__name__}")
            if self.recover is not None:
                cited_on = self._cited_on.get(_identity(job.url), "")
                spend = self._spend_archive_request
                lookup = Lookup(job.url, result, page, cited_on, capture, spend)
                result, page = await self.recover(lookup)
            discovered = self._discovered(result.url, result.final_url, page, job.depth)
            visit = Visit(result, page, job.depth, discovered)
        except Exception as error:  # a bug must cost one page, not the crawl
            result = FetchResult(
                job.url, job.url, "error", error=f"{type(error).__name__}: {error}"
            )
            visit = Visit(result, None, job.depth)
        self._unfinished.pop(job.url, None)
        self._finished.put_nowait(_Finished(job, visit, capture))

    def _discovered(
        self, url: str, final_url: str, page: Page | None, depth: int
    ) -> list[tuple[str, str]]:
        """What a page adds to the frontier: its followed links (``trap`` for those one
        too many of a crawler-trap family), and its own canonical name (known, never
        fetched)."""
        discovered: list[tuple[str, str]] = []
        if page is not None and page.kind not in (KIND_DOCUMENT, KIND_MEDIA):
            if page.canonical_url and identity(page.canonical_url) != identity(url):
                # The page names its own canonical URL: mark it known so the same
                # document is not fetched again under that name.
                discovered.append((page.canonical_url, "alias"))
            if depth < self.settings.depth and (
                depth == 0 or self._scope.follows_page(page.published)
            ):
                for target in follow_targets(page, self.settings.follow):
                    fetch_url = _fetchable(target)
                    if fetch_url and self._scope.allows_url(fetch_url):
                        admitted = self._traps.admit(fetch_url, final_url)
                        discovered.append((fetch_url, "queued" if admitted else TRAP))
                        if self.recover is not None and page.published:
                            self._note_citation(fetch_url, page.published)
        return discovered

    def _recall_citations(self) -> None:
        """Resuming with dead links to look up: the citing dates of the stored pages."""
        if self.recover is None or not len(self._frontier) or not self._state.fetched:
            return
        for page in self.store.pages().values():
            if page.published:
                for target in follow_targets(page, self.settings.follow):
                    fetch_url = _fetchable(target)
                    if fetch_url:
                        self._note_citation(fetch_url, page.published)

    def _note_citation(self, url: str, published: str) -> None:
        key = _identity(url)
        known = self._cited_on.get(key)
        if known is None or published < known:
            self._cited_on[key] = published

    # --- the writer -----------------------------------------------------------------

    async def _write_loop(self) -> None:
        try:
            while True:
                first = await self._finished.get()
                batch = [first]
                # Everything already waiting goes into the same transaction.
                while not self._finished.empty():
                    batch.append(self._finished.get_nowait())
                finished = [item for item in batch if item is not None]
                if finished:
                    self._commit(finished)
                self._changed.set()
                if any(item is None for item in batch):
                    return
        except BaseException as error:
            self._writer_error = error
            self._changed.set()
            raise

    def _commit(self, batch: list[_Finished]) -> None:
        recorder = self.fetcher.recorder
        visits = [item.visit for item in batch if item.visit is not None]
        skipped: dict[str, list[str]] = {}
        for item in batch:
            if item.visit is None:
                skipped.setdefault(item.reason, []).append(item.job.url)
        if recorder is not None:
            recorder.append([record for item in batch for record in item.capture])
        offset = recorder.offset if recorder is not None else 0
        queued = self.store.save_many(visits, offset) if visits else []
        queued.extend(self._relax())
        for reason, urls in skipped.items():
            self.store.mark_many(urls, reason)
            if reason == SKIPPED:
                self._report.skipped += len(urls)
        stored = {visit.result.url for visit in visits}
        for url, depth in queued:
            # A URL moved up while its fetch runs (or was stored in this very batch)
            # is not queued again: the store corrects its depth when it is saved.
            if url not in self._unfinished and url not in stored:
                self._frontier.push(url, depth)
        state = self._state
        for item in batch:
            if item.job.host:
                self._frontier.done(item.job)
        for item in batch:
            if item.visit is not None:
                state.fetched += 1
                state.fetched_this_run += 1
                result = item.visit.result
                state.last_url, state.last_status = result.url, result.status
                if not result.ok:
                    state.errors += 1
                    self._report.errors += 1
                self._notify()

    def _relax(self) -> list[tuple[str, int]]:
        """Follow again the links of fetched pages found nearer a root than they were
        fetched at, from their new depth; the URLs this queues or moves up."""
        queued: list[tuple[str, int]] = []
        relaxed = self.store.take_relaxed()
        while relaxed:
            for url, depth in relaxed:
                page = self.store.page(url)
                if page is not None:
                    found = self._discovered(url, url, page, depth)
                    queued.extend(self.store.relax(url, depth, found))
            relaxed = self.store.take_relaxed()
        return queued

    def _notify(self, finished: bool = False) -> None:
        if self.progress is None:
            return
        state = self._state
        state.queued = len(self._frontier)
        state.in_flight = self._frontier.in_flight
        state.elapsed = time.monotonic() - self._started
        state.finished = finished
        self.progress(state)

    def _finish(self, roots: list[str]) -> None:
        root_ids = {identity(root) for root in roots}
        fetched: set[str] = set()
        for url, status, http_status, depth in self.store.fetch_statuses():
            ok = http_status is not None and 200 <= http_status < 300
            if identity(url) in root_ids:
                fetched.add(identity(url))
                if depth == 0 and not ok:
                    self._report.failed_roots.append(url)
                    self._report.root_status[url] = status
        unfetched = self.store.unfetched()
        for root in roots:
            key = identity(root)
            if key in root_ids and key not in fetched and key in unfetched:
                self._report.failed_roots.append(root)
                self._report.root_status[root] = unfetched[key]
        self._report.fetched = self._state.fetched
        self._notify(finished=True)
