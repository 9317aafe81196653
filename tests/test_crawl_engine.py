"""The crawl engine against real servers: breadth first with exact depths and no barrier
between levels (depth is a limit, a slow page holds one worker), page budgets, one fetch
per document, follow policies, and a bad page costing one page, not the crawl."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from loopback import FAST, ServerThread, WebServer, article

import provenance
from provenance.crawl.engine import Crawler
from provenance.crawl.fetcher import Fetcher
from provenance.models import Page
from provenance.store import Store


@pytest.fixture
def thread() -> Iterator[ServerThread]:
    servers = ServerThread()
    yield servers
    servers.close()


def depths(out: Path) -> dict[str, tuple[str, int]]:
    with Store(out / "crawl.sqlite") as store:
        return {url: (status, depth) for url, status, _, depth in store.fetch_statuses()}


def test_depth_is_fewest_hops_although_levels_overlap(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    beyond = site.page("/beyond", article("Beyond"))
    target_seen = asyncio.Event()

    async def target_page(request: web.Request) -> web.StreamResponse:
        target_seen.set()
        return web.Response(body=article("Target", [beyond]), content_type="text/html")

    target = site.handle("/target", target_page)

    async def slow(request: web.Request) -> web.StreamResponse:
        # The straggler of level 1 answers only once level 3 has started: a crawl that
        # waited for its levels would never get there.
        await asyncio.wait_for(target_seen.wait(), 10)
        return web.Response(body=article("Slow", [target]), content_type="text/html")

    slow_url = site.handle("/slow", slow)
    deep = site.page("/level2", article("Level 2", [target]))
    fast = site.page("/fast", article("Fast", [deep]))
    root = site.page("/root", article("Root", [slow_url, fast]))

    provenance.crawl([root], tmp_path, settings=FAST)

    found = depths(tmp_path)
    assert found[deep] == ("200", 2)
    assert found[slow_url] == ("200", 1)
    # /target is 2 hops away through /slow and 3 through /fast -> /level2; the fast
    # branch got there first, at the depth limit, but the depth stored is the fewest
    # hops, and its link, beyond the limit at depth 3, is followed from depth 2.
    assert found[target] == ("200", 2)
    assert found[beyond] == ("200", 3)
    assert site.paths().count("/target") == 1
    assert site.paths().count("/beyond") == 1


def test_max_pages_caps_the_crawl(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    links = [site.page(f"/p{index}", article(f"P{index}")) for index in range(8)]
    root = site.page("/root", article("Root", links))
    report = provenance.crawl([root], tmp_path, settings=FAST.with_(max_pages=4))
    assert len(depths(tmp_path)) == 4
    assert len([path for path in site.paths() if path != "/robots.txt"]) == 4
    assert report.skipped == 5
    with Store(tmp_path / "crawl.sqlite") as store:
        assert store.frontier_states() == {"done": 4, "skipped": 5}


def test_max_pages_per_outlet_caps_one_outlet(thread: ServerThread, tmp_path: Path) -> None:
    crowded = WebServer(thread, address="127.0.0.1")
    other = WebServer(thread, address="127.0.0.2")
    links = [crowded.page(f"/self{index}", article(f"Self {index}")) for index in range(5)]
    links += [other.page(f"/other{index}", article(f"Other {index}")) for index in range(3)]
    root = crowded.page("/root", article("Root", links))

    provenance.crawl([root], tmp_path, settings=FAST.with_(max_pages_per_outlet=3))

    fetched = depths(tmp_path)
    assert len([url for url in fetched if "127.0.0.1" in url]) == 3  # the root and two more
    assert len([url for url in fetched if "127.0.0.2" in url]) == 3
    assert len([p for p in crowded.paths() if p.startswith("/self")]) == 2


def test_a_document_is_fetched_once_under_all_its_names(
    thread: ServerThread, tmp_path: Path
) -> None:
    site = WebServer(thread)
    shared = site.page("/shared", article("Shared"))
    variants = [shared, shared + "?utm_source=feed", shared + "#comments", shared + "?fbclid=x"]
    hubs = [site.page(f"/hub{index}", article(f"Hub {index}", variants)) for index in range(4)]
    root = site.page("/root", article("Root", [*hubs, shared]))
    provenance.crawl([root], tmp_path, settings=FAST.with_(concurrency=16))
    assert site.paths().count("/shared") == 1
    assert all(site.paths().count(f"/hub{index}") == 1 for index in range(4))
    assert len(depths(tmp_path)) == 6


def test_follow_attribution_or_every_body_link(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    cited = site.page("/cited", article("Cited"))
    context = site.page("/context", article("Context"))
    body = (
        '<p>Officials confirmed the figures on Monday, according to <a href="'
        + cited
        + '">a report by the agency</a>, and others repeated it.</p>'
        '<p>The region has a long history of conflict between rival groups; see <a href="'
        + context
        + '">this background page</a> about the wider region and its people.</p>'
    )
    root = site.page(
        "/root",
        (
            "<!doctype html><html><head><title>Root</title></head><body><article><h1>Root</h1>"
            + body
            + "</article></body></html>"
        ).encode(),
    )
    provenance.crawl([root], tmp_path / "attribution", settings=FAST)
    assert set(depths(tmp_path / "attribution")) == {root, cited}
    provenance.crawl([root], tmp_path / "body", settings=FAST.with_(follow="body"))
    assert set(depths(tmp_path / "body")) == {root, cited, context}


def test_an_extractor_that_fails_costs_one_page(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    bad = site.page("/bad", article("Bad"))
    good = site.page("/good", article("Good"))
    root = site.page("/root", article("Root", [bad, good]))

    def extract(body: bytes, url: str, content_type: str) -> Page:
        if url.endswith("/bad"):
            raise RecursionError("hostile markup")
        return provenance.extract_page(body, url, content_type)

    async def run() -> None:
        with Store(tmp_path / "crawl.sqlite") as store:
            async with Fetcher(FAST) as fetcher:
                await Crawler(FAST, store, fetcher, extract).run([root])

    asyncio.run(run())
    with Store(tmp_path / "crawl.sqlite") as store:
        results = {result.url: result for result, _ in store.fetches()}
        pages = store.pages()
    assert set(results) == {root, bad, good}
    assert results[bad].status == "200" and "extraction failed" in results[bad].error
    assert bad not in pages and good in pages
