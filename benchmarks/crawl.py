"""Crawler throughput on a loopback web, side by side with aiohttp and Scrapy, in one run.

    .venv/bin/python benchmarks/crawl.py [--hosts 25] [--pages 2000] [--latency 0.02]
        [--concurrency 10 50 100] [--crawl-concurrency 100] [--per-host 4] [--repeat 3]

Needs the benchmark packages (``pip install aiohttp scrapy``; aiohttp already comes
with provenance). Starts, in a separate process, a web of ``--hosts`` servers on their
own loopback addresses (127.0.0.2, 127.0.0.3, ...; every peer's per-host limits key on
the host) holding ``--pages`` news articles. Every response, robots.txt included, is
held ``--latency`` seconds, as a distant server would; every robots.txt disallows
``/private/``, which some articles link to. Each article cites five others ("according
to a report by ...": a five-ary tree over all pages, so every page is reachable from
the root, plus cross links that crawlers must deduplicate).

Then it measures, and prints as one Markdown table:

* **fetch**: requests/s for all pages, ``c`` requests in flight, by
  - ``aiohttp``: a bare ``ClientSession`` (``TCPConnector(limit=c)``), body read;
  - ``provenance``: our ``Fetcher`` (the httpx API over our aiohttp transport: bounded
    decoding, redirect handling, retry policy; robots, pacing and archive off);
  - ``httpx``: a plain ``httpx.AsyncClient(limits=c)``, the httpcore pool (for scale);
* **crawl**: pages/s of a whole crawl from the root, breadth first, depth 6,
  ``--crawl-concurrency`` requests in flight, at most ``--per-host`` per host, no delay,
  robots.txt obeyed:
  - ``provenance``: ``provenance.crawl()``: extraction of every page (text, claims,
    links), the SQLite store and the WARC archive included;
  - ``Scrapy``: a spider following every in-article link (``CONCURRENT_REQUESTS``,
    ``CONCURRENT_REQUESTS_PER_DOMAIN``, ``ROBOTSTXT_OBEY``, ``DEPTH_LIMIT``, breadth-
    first FIFO queues, the scheduler Scrapy's docs advise for broad crawls, no cookies
    as in provenance); it parses each page for links only and stores nothing.

Each figure is the best of ``--repeat`` runs (runs of the peers alternate). Pages/s
counts article pages answered 200 (not robots.txt), over the crawl's own time (from
start to the last page stored; Python start-up and imports excluded on both sides).
Nothing else runs it: run it alone on a quiet machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ClassVar

DEFAULT_HOSTS = 25
DEFAULT_PAGES = 2_000
DEFAULT_LATENCY = 0.02
"""Seconds each response is held: short next to real web latency (50-500 ms), so the
clients' own costs still show, long enough that concurrency matters."""
DEFAULT_CONCURRENCY = (10, 50, 100)
DEFAULT_CRAWL_CONCURRENCY = 100
DEFAULT_PER_HOST = 4
DEFAULT_REPEAT = 3
CRAWL_DEPTH = 6
"""The five-ary tree over 2,000 pages is five levels deep; one more for slack."""
LINKS_PER_PAGE = 5
CROSS_LINKS = 2
SEED = 1
FIRST_ADDRESS = 2  # 127.0.0.2: 127.0.0.1 stays free for everything else on the machine
REPO = Path(__file__).resolve().parents[1]

PARAGRAPH = (
    "Officials in the region described the situation as fluid on Tuesday, while aid "
    "groups said access to the area remained limited and residents reported shortages "
    "of fuel, water and medicine in several districts near the front line."
)


# --- the loopback web -----------------------------------------------------------------


def page_urls(ports: list[int], pages: int) -> list[str]:
    """Page ``g`` lives on host ``g % hosts``: consecutive pages are on different hosts."""
    hosts = len(ports)
    return [
        f"http://127.0.0.{FIRST_ADDRESS + g % hosts}:{ports[g % hosts]}/news/{g // hosts}.html"
        for g in range(pages)
    ]


def render_pages(ports: list[int], pages: int) -> dict[tuple[int, str], bytes]:
    """(host index, path) -> body for every article and robots.txt."""
    rng = random.Random(SEED)
    urls = page_urls(ports, pages)
    hosts = len(ports)
    web: dict[tuple[int, str], bytes] = {}
    for g, url in enumerate(urls):
        children = [c for c in range(g * LINKS_PER_PAGE + 1, g * LINKS_PER_PAGE + 6) if c < pages]
        cross = [rng.randrange(pages) for _ in range(CROSS_LINKS)]
        targets = [urls[c] for c in children + cross]
        if g % 10 == 0:
            host = g % hosts
            targets.append(f"http://127.0.0.{FIRST_ADDRESS + host}:{ports[host]}/private/{g}")
        cited = "".join(
            f"<p>{PARAGRAPH} The figures were confirmed, according to "
            f'<a href="{target}">a report by outlet {index}</a>, on the same day.</p>'
            for index, target in enumerate(targets)
        )
        body = (
            f"<!doctype html><html><head><title>Story {g}</title>"
            f'<meta name="author" content="Reporter {g % 7}">'
            f'<meta property="article:published_time" content="2016-12-{1 + g % 28:02d}">'
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>Story {g}</h1>"
            f"<p>{PARAGRAPH}</p>{cited}<p>{PARAGRAPH}</p></article>"
            f"<footer>Copyright</footer></body></html>"
        )
        web[(g % hosts, url.split(":", 2)[2].split("/", 1)[1])] = body.encode()
    for host in range(hosts):
        web[(host, "robots.txt")] = b"User-agent: *\nDisallow: /private/\n"
    return web


class _WebProtocol(asyncio.Protocol):
    """A minimal HTTP/1.1 server (GET, keep-alive) answering from prebuilt responses
    after ``latency`` seconds. Hand-written so that the server's own cost stays small
    next to the clients measured: a framework server becomes the bottleneck first."""

    def __init__(self, answers: dict[str, bytes], latency: float) -> None:
        self._answers = answers
        self._latency = latency
        self._buffer = b""
        self._transport: asyncio.Transport | None = None
        self._loop = asyncio.get_running_loop()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while b"\r\n\r\n" in self._buffer:
            head, self._buffer = self._buffer.split(b"\r\n\r\n", 1)
            target = head.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
            answer = self._answers.get(target.split("?", 1)[0], NOT_FOUND)
            self._loop.call_later(self._latency, self._send, answer)

    def _send(self, answer: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(answer)

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None


NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def _response(body: bytes, content_type: str) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode("latin-1") + body


def serve(hosts: int, pages: int, latency: float) -> None:
    """Run the web until stdin closes; first print the ports as one JSON line."""
    sockets = []
    for host in range(hosts):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((f"127.0.0.{FIRST_ADDRESS + host}", 0))
        sock.listen(1024)
        sockets.append(sock)
    ports = [sock.getsockname()[1] for sock in sockets]
    answers: list[dict[str, bytes]] = [{} for _ in range(hosts)]
    for (host, path), body in render_pages(ports, pages).items():
        kind = "text/plain" if path == "robots.txt" else "text/html; charset=utf-8"
        answers[host]["/" + path] = _response(body, kind)

    async def run() -> None:
        loop = asyncio.get_running_loop()
        servers = []
        for host, sock in enumerate(sockets):
            servers.append(
                await loop.create_server(
                    lambda host=host: _WebProtocol(answers[host], latency), sock=sock
                )
            )
        print(json.dumps(ports), flush=True)
        await loop.run_in_executor(None, sys.stdin.read)  # until the parent closes stdin
        for server in servers:
            server.close()

    asyncio.run(run())


# --- fetch throughput -------------------------------------------------------------------


async def _drive(
    urls: list[str], concurrency: int, fetch: Callable[[str], Awaitable[int]]
) -> float:
    """Requests/s for fetching every URL with ``concurrency`` workers; checks every 200."""
    queue = list(reversed(urls))
    failures = 0

    async def worker() -> None:
        nonlocal failures
        while queue:
            if await fetch(queue.pop()) != 200:
                failures += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{failures} fetches failed")
    return len(urls) / elapsed


async def fetch_aiohttp(urls: list[str], concurrency: int) -> float:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def fetch(url: str) -> int:
            async with session.get(url) as response:
                await response.read()
                return response.status

        return await _drive(urls, concurrency, fetch)


async def fetch_provenance(urls: list[str], concurrency: int) -> float:
    from provenance.crawl.fetcher import Fetcher
    from provenance.settings import Settings

    settings = Settings(
        allow_private=True,
        concurrency=concurrency,
        per_host_concurrency=concurrency,
        per_host_delay=0.0,
        respect_robots=False,
        max_attempts=1,
    )
    async with Fetcher(settings) as fetcher:

        async def fetch(url: str) -> int:
            return (await fetcher.fetch(url, fetchable_url=True)).http_status or 0

        return await _drive(urls, concurrency, fetch)


async def fetch_httpx(urls: list[str], concurrency: int) -> float:
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60.0) as client:

        async def fetch(url: str) -> int:
            response = await client.get(url)
            return response.status_code

        return await _drive(urls, concurrency, fetch)


# --- whole crawls -----------------------------------------------------------------------


def crawl_provenance(root: str, concurrency: int, per_host: int) -> tuple[int, float]:
    import provenance
    from provenance.settings import Settings
    from provenance.store import Store

    settings = Settings(
        depth=CRAWL_DEPTH,
        max_pages=1_000_000,
        max_pages_per_outlet=1_000_000,
        concurrency=concurrency,
        per_host_concurrency=per_host,
        per_host_delay=0.0,
        allow_private=True,
    )
    with tempfile.TemporaryDirectory(prefix="provenance-bench-") as out:
        started = time.perf_counter()
        provenance.crawl([root], out, settings=settings, fresh=True)
        elapsed = time.perf_counter() - started
        with Store(Path(out) / "crawl.sqlite") as store:
            pages = sum(1 for _, status, _, _ in store.fetch_statuses() if status == "200")
    return pages, elapsed


def crawl_scrapy(root: str, concurrency: int, per_host: int) -> tuple[int, float]:
    """Runs Scrapy in a child process (Twisted's reactor runs once per process)."""
    worker = subprocess.run(
        [sys.executable, __file__, "--scrapy-worker", root, str(concurrency), str(per_host)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if worker.returncode != 0:
        raise RuntimeError(f"Scrapy failed:\n{worker.stderr[-2000:]}")
    result = json.loads(worker.stdout.strip().splitlines()[-1])
    return int(result["pages"]), float(result["seconds"])


def scrapy_worker(root: str, concurrency: int, per_host: int) -> None:
    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    counted = {"pages": 0, "last": 0.0, "first": 0.0}

    class Follow(scrapy.Spider):  # type: ignore[misc]
        name = "follow"
        start_urls: ClassVar[list[str]] = [root]

        def parse(self, response: Any) -> Any:
            counted["pages"] += 1
            counted["last"] = time.perf_counter()
            for href in response.css("article a::attr(href)").getall():
                yield response.follow(href, callback=self.parse)

    def opened(spider: Any) -> None:
        counted["first"] = time.perf_counter()

    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": per_host,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": True,
            "DEPTH_LIMIT": CRAWL_DEPTH,
            "DEPTH_PRIORITY": 1,
            "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
            "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
            "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
            "COOKIES_ENABLED": False,  # provenance keeps no cookies either
            "LOG_LEVEL": "ERROR",
            "TELNETCONSOLE_ENABLED": False,
        }
    )
    crawler = process.create_crawler(Follow)
    crawler.signals.connect(opened, signal=signals.spider_opened)
    process.crawl(crawler)
    process.start()
    print(json.dumps({"pages": counted["pages"], "seconds": counted["last"] - counted["first"]}))


# --- the run ----------------------------------------------------------------------------


def best(runs: list[float]) -> float:
    return max(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hosts", type=int, default=DEFAULT_HOSTS)
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES)
    parser.add_argument("--latency", type=float, default=DEFAULT_LATENCY)
    parser.add_argument("--concurrency", type=int, nargs="+", default=list(DEFAULT_CONCURRENCY))
    parser.add_argument("--crawl-concurrency", type=int, default=DEFAULT_CRAWL_CONCURRENCY)
    parser.add_argument("--per-host", type=int, default=DEFAULT_PER_HOST)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    parser.add_argument("--skip-httpx", action="store_true", help="leave out plain httpx")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scrapy-worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.hosts, args.pages, args.latency)
        return 0
    if args.scrapy_worker:
        root, concurrency, per_host = args.scrapy_worker
        scrapy_worker(root, int(concurrency), int(per_host))
        return 0

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--hosts", str(args.hosts),
         "--pages", str(args.pages), "--latency", str(args.latency)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    try:
        assert server.stdout is not None
        ports = json.loads(server.stdout.readline())
        urls = page_urls(ports, args.pages)
        rows = [
            f"loopback web: {args.hosts} hosts, {args.pages} pages, "
            f"{args.latency * 1000:g} ms per response; best of {args.repeat}",
            "",
            "| measure | concurrency | aiohttp / Scrapy | provenance | ratio | plain httpx |",
            "|---|---|---|---|---|---|",
        ]
        for concurrency in args.concurrency:
            runs: dict[str, list[float]] = {"aiohttp": [], "provenance": [], "httpx": []}
            for _ in range(args.repeat):
                runs["aiohttp"].append(asyncio.run(fetch_aiohttp(urls, concurrency)))
                runs["provenance"].append(asyncio.run(fetch_provenance(urls, concurrency)))
                if not args.skip_httpx:
                    runs["httpx"].append(asyncio.run(fetch_httpx(urls, concurrency)))
            peer, ours = best(runs["aiohttp"]), best(runs["provenance"])
            httpx_rate = f"{best(runs['httpx']):,.0f} req/s" if runs["httpx"] else "-"
            rows.append(
                f"| fetch | {concurrency} | {peer:,.0f} req/s | {ours:,.0f} req/s "
                f"| {ours / peer:.2f}x | {httpx_rate} |"
            )
            print(rows[-1], file=sys.stderr, flush=True)
        crawls: dict[str, list[float]] = {"scrapy": [], "provenance": []}
        counts: dict[str, set[int]] = {"scrapy": set(), "provenance": set()}
        for _ in range(args.repeat):
            for name, crawl in (("provenance", crawl_provenance), ("scrapy", crawl_scrapy)):
                pages, seconds = crawl(urls[0], args.crawl_concurrency, args.per_host)
                crawls[name].append(pages / seconds)
                counts[name].add(pages)
        peer, ours = best(crawls["scrapy"]), best(crawls["provenance"])
        pages_seen = ", ".join(
            f"{name} {'/'.join(map(str, sorted(found)))}" for name, found in counts.items()
        )
        rows.append(
            f"| crawl ({args.per_host}/host) | {args.crawl_concurrency} | {peer:,.0f} pages/s "
            f"| {ours:,.0f} pages/s | {ours / peer:.2f}x | - |"
        )
        rows += ["", f"pages crawled: {pages_seen}"]
        print("\n".join(rows))
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
