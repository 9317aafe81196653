"""Politeness against real loopback servers: robots.txt, Crawl-delay, per-host pacing
and concurrency, the global limit, and the identifying User-Agent.

Timing is asserted on the request times the servers recorded, never on sleeps.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from loopback import FAST, ServerThread, WebServer, article

import provenance
from provenance.store import Store

# Two requests may reach the server this much closer together than they were sent:
# the first request to a host also waits for its connection to be set up, and a loaded
# two-core machine delays delivery by tens of milliseconds now and then.
JITTER = 0.05


@pytest.fixture
def thread() -> Iterator[ServerThread]:
    servers = ServerThread()
    yield servers
    servers.close()


def statuses(out: Path) -> dict[str, str]:
    with Store(out / "crawl.sqlite") as store:
        return {url: status for url, status, _, _ in store.fetch_statuses()}


def gaps(times: list[float]) -> list[float]:
    ordered = sorted(times)
    return [later - earlier for earlier, later in itertools.pairwise(ordered)]


def test_robots_disallow_makes_a_blocked_node_and_robots_is_read_once(
    thread: ServerThread, tmp_path: Path
) -> None:
    site = WebServer(thread)
    site.robots("User-agent: *\nDisallow: /private/\n")
    private = site.page("/private/secret", article("Secret"))
    public = site.page("/news/open", article("Open"))
    other = site.page("/news/other", article("Other"))
    root = site.page("/news/root", article("Root", [private, public, other]))

    provenance.crawl([root], tmp_path, settings=FAST)

    assert "/private/secret" not in site.paths()
    assert site.paths().count("/robots.txt") == 1
    assert statuses(tmp_path)[private] == "robots"
    graph = provenance.Trace.from_store(tmp_path).graph
    node = graph.nodes[private]
    assert (node["kind"], node["status"]) == ("blocked", "robots")
    assert graph.nodes[public]["status"] == "200"


def test_robots_rules_for_our_product_token_apply(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    site.robots("User-agent: provenance\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    root = site.page("/a", article("A"))
    provenance.crawl([root], tmp_path, settings=FAST)
    assert site.paths() == ["/robots.txt"]
    assert statuses(tmp_path)[root] == "robots"


def test_a_failing_robots_txt_means_disallow_all(thread: ServerThread, tmp_path: Path) -> None:
    # RFC 9309: a robots.txt answering 5xx is "unreachable": assume everything is
    # disallowed; one answering 4xx is "unavailable": nothing is.
    broken = WebServer(thread, address="127.0.0.1")
    broken.page("/robots.txt", b"oops", status=503)
    missing = WebServer(thread, address="127.0.0.2")
    allowed = missing.page("/open", article("Open"))
    blocked = broken.page("/page", article("Page", [allowed]))
    provenance.crawl([blocked, allowed], tmp_path, settings=FAST.with_(max_attempts=1))
    assert statuses(tmp_path) == {blocked: "robots", allowed: "200"}
    assert broken.paths() == ["/robots.txt"]


def test_crawl_delay_spaces_every_request_to_the_host(thread: ServerThread, tmp_path: Path) -> None:
    site = WebServer(thread)
    site.robots("User-agent: *\nCrawl-delay: 0.2\n")
    pages = [site.page(f"/p{index}", article(f"P{index}")) for index in range(3)]
    root = site.page("/root", article("Root", pages))

    provenance.crawl([root], tmp_path, settings=FAST.with_(per_host_concurrency=4))

    times = [hit.time for hit in site.hits if hit.path != "/robots.txt"]
    assert len(times) == 4
    assert min(gaps(times)) >= 0.2 - JITTER, gaps(times)


def test_per_host_delay_paces_each_host_while_hosts_run_side_by_side(
    thread: ServerThread, tmp_path: Path
) -> None:
    first = WebServer(thread, address="127.0.0.1")
    second = WebServer(thread, address="127.0.0.2")
    links = []
    for server in (first, second):
        links += [server.page(f"/story{index}", article(f"S{index}")) for index in range(3)]
    root = first.page("/root", article("Root", links))

    settings = FAST.with_(per_host_delay=0.2, per_host_concurrency=2)
    provenance.crawl([root], tmp_path, settings=settings)

    for server in (first, second):
        times = [hit.time for hit in server.hits]  # robots.txt included: it is a request too
        assert len(times) == (5 if server is first else 4)
        assert min(gaps(times)) >= 0.2 - JITTER, gaps(times)
    # The second host did not wait for the first to finish: their requests interleave.
    assert second.hits[0].time < first.hits[-1].time


class Gauge:
    """Counts requests in progress on the server, and the most at any one time."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.now = 0
        self.most = 0

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            await asyncio.sleep(self.seconds)  # the simulated server time
            return web.Response(body=article(request.path), content_type="text/html")
        finally:
            self.now -= 1


def test_per_host_and_global_concurrency_limits(thread: ServerThread, tmp_path: Path) -> None:
    servers = [WebServer(thread, address=f"127.0.0.{index}") for index in (1, 2, 3)]
    gauges = [Gauge(0.1) for _ in servers]
    total = Gauge(0.0)
    links = []
    for server, gauge in zip(servers, gauges, strict=True):

        async def handler(request: web.Request, gauge: Gauge = gauge) -> web.StreamResponse:
            total.now += 1
            total.most = max(total.most, total.now)
            try:
                return await gauge(request)
            finally:
                total.now -= 1

        links += [server.handle(f"/slow{index}", handler) for index in range(4)]
    root = servers[0].page("/root", article("Root", links))

    settings = FAST.with_(per_host_concurrency=2, concurrency=5)
    provenance.crawl([root], tmp_path, settings=settings)

    assert all(status == "200" for status in statuses(tmp_path).values())
    assert [gauge.most for gauge in gauges] == [2, 2, 2]
    assert total.most == 5


def test_every_request_identifies_the_crawler_and_its_contact(
    thread: ServerThread, tmp_path: Path
) -> None:
    site = WebServer(thread)
    root = site.page("/a", article("A", [site.page("/b", article("B"))]))
    settings = FAST.with_(contact="mailto:researcher@uni.example")
    provenance.crawl([root], tmp_path, settings=settings)
    agents = {hit.headers.get("User-Agent", "") for hit in site.hits}
    assert len(site.hits) == 3
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("provenance/") and "mailto:researcher@uni.example" in agent
