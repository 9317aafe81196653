"""A trace over the hostile web of the tests, side by side with a plain aiohttp crawler.

    .venv/bin/python benchmarks/hostile.py [--depth 6] [--max-pages 200]
        [--budgets 600 20] [--total-timeout 60] [--seed 0]

The web is ``tests/hostile.py``: a root article citing a trickled body, trickled
headers, an endless chunked stream, a connection reset (five pages of one host), a
lying Content-Length, a 40-hop redirect chain, a gzip bomb, an infinite calendar with
pagination and session-id traps, and three well-behaved hosts whose stories link one to
the next. Both crawlers start from the root with the same limits: ``--depth`` hops,
``--max-pages`` pages, 16 requests in flight and 2 per host, connect 10 s, read 20 s,
``--total-timeout`` per response, 10 redirects, 10 MiB per body, 3 tries on timeouts
and connection errors.

- ``provenance``: ``provenance.trace()`` with its default settings (so 1 s between two
  requests to one host), ``allow_private`` for loopback, once per time budget of
  ``--budgets`` (the first is the default ``time_budget``); extraction, store, WARC,
  analysis and every output file included.
- ``aiohttp``: the crawler one writes first with aiohttp: a ``ClientSession`` with those
  timeouts, level by level (``asyncio.gather`` over each depth), links found with a
  regular expression, a semaphore per host, retries with a short backoff, bodies read
  up to the cap. No pacing, no robots.txt, no trap or bad-host rules, no budget.

It prints two Markdown tables: for each hazard the requests its servers saw from each
crawler and what each made of it (provenance at the first budget), with the wall time of
each run; then provenance's wall time and pages at each budget. Timing figures belong
here, not in the tests (which assert behaviour only).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hostile import HAZARDS, HostileWeb

import provenance
from provenance.settings import Settings

CONCURRENCY = 16
PER_HOST = 2
ATTEMPTS = 3
MAX_BYTES = 10 * 1024 * 1024
HREF = re.compile(rb'href="([^"]+)"')


def requests_by_host(web: HostileWeb, since: int) -> Counter[str]:
    return Counter(
        event.host
        for event in web.log[since:]
        if event.kind == "request" and event.path != "/robots.txt"
    )


def run_provenance(
    web: HostileWeb, args: argparse.Namespace, budget: float
) -> tuple[float, dict[str, str], provenance.Trace]:
    settings = Settings(allow_private=True, time_budget=budget, total_timeout=args.total_timeout)
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        result = provenance.trace(
            [web.root],
            depth=args.depth,
            max_pages=args.max_pages,
            settings=settings,
            allow_private=True,
            out=out,
        )
        result.write(out)
        elapsed = time.monotonic() - started
    outcome: dict[str, Counter[str]] = {}
    for url, data in result.graph.nodes(data=True):
        outcome.setdefault(web.host_of_url(url), Counter())[str(data["status"]) or "-"] += 1
    return elapsed, {host: _describe(counts) for host, counts in outcome.items()}, result


def _describe(counts: Counter[str]) -> str:
    return ", ".join(f"{status} x{n}" if n > 1 else status for status, n in counts.most_common())


async def _peer_crawl(root: str, args: argparse.Namespace) -> dict[str, Counter[str]]:
    timeout = aiohttp.ClientTimeout(total=args.total_timeout, sock_connect=10, sock_read=20)
    seen = {root}
    level = [root]
    outcome: dict[str, Counter[str]] = {}
    per_host: dict[str, asyncio.Semaphore] = {}
    everything = asyncio.Semaphore(CONCURRENCY)
    fetched = 0

    async def fetch(session: aiohttp.ClientSession, url: str) -> tuple[str, bytes]:
        host = url.split("/")[2]
        status = "error"
        body = b""
        for attempt in range(ATTEMPTS):
            async with everything, per_host.setdefault(host, asyncio.Semaphore(PER_HOST)):
                try:
                    async with session.get(url, max_redirects=10) as response:
                        chunks: list[bytes] = []
                        size = 0
                        async for chunk in response.content.iter_chunked(65536):
                            chunks.append(chunk)
                            size += len(chunk)
                            if size > MAX_BYTES:
                                break
                        body = b"".join(chunks)
                        status = "too-large" if size > MAX_BYTES else str(response.status)
                        break
                except aiohttp.TooManyRedirects:
                    status = "too-many-redirects"
                    break
                except (TimeoutError, aiohttp.ClientError) as error:
                    status = type(error).__name__
            await asyncio.sleep(0.5 * (attempt + 1))
        outcome.setdefault(host, Counter())[status] += 1
        return url, body

    async with aiohttp.ClientSession(timeout=timeout) as session:
        for _ in range(args.depth + 1):
            if not level or fetched >= args.max_pages:
                break
            level = level[: args.max_pages - fetched]
            fetched += len(level)
            bodies = await asyncio.gather(*(fetch(session, url) for url in level))
            following: list[str] = []
            for page_url, body in bodies:
                for match in HREF.finditer(body):
                    url = urljoin(page_url, html.unescape(match.group(1).decode("latin-1")))
                    if url not in seen:
                        seen.add(url)
                        following.append(url)
            level = following
    return outcome


def run_peer(web: HostileWeb, args: argparse.Namespace) -> tuple[float, dict[str, str]]:
    started = time.monotonic()
    outcome = asyncio.run(_peer_crawl(web.root, args))
    elapsed = time.monotonic() - started
    named = {}
    for host_port, counts in outcome.items():
        name = web.host_of_url(f"http://{host_port}/")
        named[name] = _describe(counts)
    return elapsed, named


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--max-pages", type=int, default=200)
    parser.add_argument("--budgets", type=float, nargs="+", default=[Settings().time_budget, 20.0])
    parser.add_argument("--total-timeout", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with HostileWeb(seed=args.seed) as web:
        runs = []
        for budget in args.budgets:
            mark = len(web.log)
            elapsed, outcome, result = run_provenance(web, args, budget)
            runs.append((budget, elapsed, outcome, result, requests_by_host(web, mark)))
        _, ours_time, ours, _, ours_requests = runs[0]
        mark = len(web.log)
        peer_time, peer = run_peer(web, args)
        peer_requests = requests_by_host(web, mark)
    rows = [
        "| hazard | provenance requests | provenance node status | aiohttp requests"
        " | aiohttp outcome |",
        "|---|---|---|---|---|",
    ]
    for host in ("news", *HAZARDS, "good-0", "good-1", "good-2"):
        rows.append(
            f"| {host} | {ours_requests[host]} | {ours.get(host, '-')} | {peer_requests[host]}"
            f" | {peer.get(host, '-')} |"
        )
    rows.append(
        f"| **wall time** | **{ours_time:.1f} s** | trace, analysis and every output file"
        f" (budget {args.budgets[0]:g} s) | **{peer_time:.1f} s** | fetching only |"
    )
    rows.append(
        f"| **requests** | **{sum(ours_requests.values())}** | | "
        f"**{sum(peer_requests.values())}** | |"
    )
    rows += [
        "",
        "| time budget | wall time | requests | pages fetched | left unfetched (time-budget) |",
        "|---|---|---|---|---|",
    ]
    for budget, elapsed, _, result, requests in runs:
        rows.append(
            f"| {budget:g} s | {elapsed:.1f} s | {sum(requests.values())}"
            f" | {result.report.fetched} | {result.report.unfetched.get('time-budget', 0)} |"
        )
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
