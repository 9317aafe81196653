"""The crawl loop: breadth first from the roots, one depth level at a time.

The engine decides what to fetch; the fetcher fetches; the extractor (passed in, never
imported here) reads pages; the store keeps everything. Each page is saved together
with the links it adds to the frontier, so a crawl killed at any point resumes exactly.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from provenance.crawl.fetcher import Fetcher
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
from provenance.store import Store
from provenance.urls import fetchable, identity, outlet_of

Extractor = Callable[[bytes, str, str], Page]
Progress = Callable[["CrawlProgress"], None]

# Link kinds followed with follow="body": every in-body link that points at content.
BODY_KINDS = frozenset({LINK_ATTRIBUTION, LINK_CONTEXT, LINK_SELF})


@dataclass
class CrawlProgress:
    fetched: int = 0
    queued: int = 0
    errors: int = 0
    depth: int = 0


@dataclass
class CrawlReport:
    fetched: int = 0
    errors: int = 0
    skipped: int = 0
    failed_roots: list[str] = field(default_factory=list)


def follow_targets(page: Page, follow: str) -> list[str]:
    """URLs a page leads the crawl to: its followed links and its republication sources."""
    kinds = {LINK_ATTRIBUTION} if follow == "attribution" else BODY_KINDS
    targets = [link.url for link in page.links if link.kind in kinds and link.paragraph >= 0]
    targets.extend(signal.url for signal in page.republication if signal.url)
    return targets


def wants_extraction(result: FetchResult) -> bool:
    return result.ok and result.status != "too-large"


class Crawler:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        fetcher: Fetcher,
        extract: Extractor,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.fetcher = fetcher
        self.extract = extract
        self.progress = progress
        self._state = CrawlProgress(fetched=store.fetch_count())
        self._per_outlet = store.outlet_counts()
        self._report = CrawlReport()

    def _notify(self) -> None:
        if self.progress is not None:
            self._state.queued = self.store.frontier_states().get("queued", 0)
            self.progress(self._state)

    async def run(self, roots: list[str]) -> CrawlReport:
        for root in roots:
            url = fetchable(root)
            if url:
                self.store.enqueue(url, 0)
        while True:
            queued = self.store.queued()
            if not queued:
                break
            depth = queued[0][1]
            self._state.depth = depth
            level = [url for url, level_depth in queued if level_depth == depth]
            limit = asyncio.Semaphore(self.settings.concurrency)
            await asyncio.gather(*(self._visit_within(limit, url, depth) for url in level))
        root_ids = {identity(root) for root in roots}
        for result, depth in self.store.fetches():
            if depth == 0 and identity(result.url) in root_ids and not result.ok:
                self._report.failed_roots.append(result.url)
        self._report.fetched = self._state.fetched
        return self._report

    async def _visit_within(self, limit: asyncio.Semaphore, url: str, depth: int) -> None:
        async with limit:
            await self._visit(url, depth)

    def _budget_left(self, url: str) -> bool:
        if self._state.fetched >= self.settings.max_pages:
            return False
        return self._per_outlet.get(outlet_of(url), 0) < self.settings.max_pages_per_outlet

    async def _visit(self, url: str, depth: int) -> None:
        if not self._budget_left(url):
            self.store.mark(url, "skipped")
            self._report.skipped += 1
            return
        self._state.fetched += 1
        outlet = outlet_of(url)
        self._per_outlet[outlet] = self._per_outlet.get(outlet, 0) + 1
        result = await self.fetcher.fetch(url)
        page: Page | None = None
        if wants_extraction(result):
            page = self.extract(result.body, result.final_url, result.content_type)
        if not result.ok:
            self._state.errors += 1
            self._report.errors += 1
        discovered: list[tuple[str, str]] = []
        if page is not None and page.kind not in (KIND_DOCUMENT, KIND_MEDIA):
            if page.canonical_url and identity(page.canonical_url) != identity(url):
                # The page names its own canonical URL: mark it known so the same
                # document is not fetched again under that name.
                discovered.append((page.canonical_url, "alias"))
            if depth < self.settings.depth:
                for target in follow_targets(page, self.settings.follow):
                    fetch_url = fetchable(target)
                    if fetch_url:
                        discovered.append((fetch_url, "queued"))
        recorder = self.fetcher.recorder
        offset = recorder.offset if recorder is not None else 0
        self.store.save(result, page, depth, offset, discovered=discovered, next_depth=depth + 1)
        self._notify()
