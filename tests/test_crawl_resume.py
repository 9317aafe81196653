"""An interrupted crawl resumes without losing or duplicating anything.

The kill is deterministic: one page's server handler holds its answer until the test
has killed the crawling process with SIGKILL, so the crawl always dies mid-way, with
pages stored, pages in flight and pages still queued.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from loopback import FAST, ServerThread, WebServer, article
from warcio.archiveiterator import ArchiveIterator

import provenance
from provenance.cli import main
from provenance.store import Store, page_to_json

REPO = Path(__file__).resolve().parents[1]
CRAWL_SETTINGS = {"depth": 3, "concurrency": 4, "per_host_concurrency": 2}
# Runs one crawl in a child process: the process the test kills.
DRIVER = """
import json, sys
import provenance
from provenance.settings import Settings
root, out, changes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
provenance.crawl([root], out, settings=Settings(archives=(), **changes))
"""


@pytest.fixture
def thread() -> Iterator[ServerThread]:
    servers = ServerThread()
    yield servers
    servers.close()


class Gate:
    """A page whose answer waits until the test opens the gate."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.opened = threading.Event()

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        self.reached.set()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.opened.wait, 30.0)
        return web.Response(body=article("Held back"), content_type="text/html")


def build_web(thread: ServerThread, gate: Gate) -> str:
    """Three hosts, four levels, 23 pages; the gated page is at depth 2."""
    hosts = [WebServer(thread, address=f"127.0.0.{index}") for index in (1, 2, 3)]
    level_3 = [hosts[index % 3].page(f"/l3/{index}", article(f"L3 {index}")) for index in range(9)]
    level_2 = []
    for index in range(9):
        links = [level_3[index], level_3[(index + 4) % 9]]
        level_2.append(hosts[index % 3].page(f"/l2/{index}", article(f"L2 {index}", links)))
    level_2.append(hosts[1].handle("/l2/gated", gate))
    level_1 = [
        hosts[index].page(f"/l1/{index}", article(f"L1 {index}", level_2[index::3] + level_2[-1:]))
        for index in range(3)
    ]
    hosts[0].robots("User-agent: *\nDisallow: /nowhere\n")
    return hosts[0].page("/root", article("Root", level_1))


def run_driver(root: str, out: Path) -> subprocess.Popen[bytes]:
    settings = {**CRAWL_SETTINGS, "allow_private": True, "per_host_delay": 0.0}
    settings.update(connect_timeout=5.0, read_timeout=30.0, total_timeout=60.0)
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, root, str(out), json.dumps(settings)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def wait_for(condition: object, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def fetch_count(out: Path) -> int:
    if not (out / "crawl.sqlite").exists():
        return 0
    with Store(out / "crawl.sqlite") as store:
        return store.fetch_count()


def snapshot(out: Path) -> dict[str, object]:
    """Everything a crawl stored that does not depend on timing."""
    with Store(out / "crawl.sqlite") as store:
        fetches = {
            result.url: (result.status, result.final_url, result.body, depth)
            for result, depth in store.fetches()
        }
        pages = {url: page_to_json(page) for url, page in store.pages().items()}
        states = store.frontier_states()
        count = store.fetch_count()
    return {"fetches": fetches, "pages": pages, "states": states, "count": count}


def warc_responses(out: Path) -> list[str]:
    with (out / "crawl.warc.gz").open("rb") as handle:
        return [
            record.rec_headers.get_header("WARC-Target-URI")
            for record in ArchiveIterator(handle, check_digests="raise")
            if record.rec_type == "response"
        ]


def test_a_crawl_killed_mid_way_resumes_to_the_same_store(
    thread: ServerThread, tmp_path: Path
) -> None:
    gate = Gate()
    root = build_web(thread, gate)
    killed = tmp_path / "killed"

    crawler = run_driver(root, killed)
    try:
        wait_for(gate.reached.is_set, "the crawl to reach the gated page")
        wait_for(lambda: fetch_count(killed) >= 4, "some pages to be stored")
        crawler.send_signal(signal.SIGKILL)
        assert crawler.wait(timeout=10) == -signal.SIGKILL
    finally:
        if crawler.poll() is None:
            crawler.kill()
        gate.opened.set()
    before = snapshot(killed)
    assert 4 <= before["count"] < 23  # type: ignore[operator]
    assert before["states"].get("queued", 0) > 0  # type: ignore[union-attr]

    resumed = provenance.crawl([root], killed, settings=FAST.with_(**CRAWL_SETTINGS))
    assert resumed.failed_roots == []
    whole = tmp_path / "whole"
    provenance.crawl([root], whole, settings=FAST.with_(**CRAWL_SETTINGS))

    after, reference = snapshot(killed), snapshot(whole)
    # None lost, none stored twice: every stored row and page is the same as in one
    # uninterrupted crawl (the count would differ if a row were duplicated).
    assert after == reference
    assert after["count"] == 23
    assert after["states"].get("queued", 0) == 0  # type: ignore[union-attr]
    # The WARC was cut back to the last committed page on resume: it reads to the end,
    # and holds every fetched page's response exactly once.
    pages = [url for url in warc_responses(killed) if not url.endswith("/robots.txt")]
    assert sorted(pages) == sorted(after["fetches"])  # type: ignore[arg-type]


def test_resume_on_the_command_line_continues_with_the_stored_roots(
    thread: ServerThread, tmp_path: Path
) -> None:
    hosts = [WebServer(thread, address=f"127.0.0.{index}") for index in (4, 5, 6)]
    too_deep = hosts[0].page("/deeper", article("Deeper"))
    leaves = [server.page("/leaf", article("Leaf", [too_deep])) for server in hosts[1:]]
    root = hosts[0].page("/root", article("Root", leaves))
    out = tmp_path / "out"
    # A first run stopped by its page budget after the root.
    provenance.crawl([root], out, settings=FAST.with_(max_pages=1, depth=1))
    assert set(snapshot(out)["fetches"]) == {root}  # type: ignore[arg-type]

    # No URL given: the stored roots; no --depth given: the stored depth (1, not 3).
    code = main(
        [
            "trace",
            "--resume",
            "--out",
            str(out),
            "--max-pages",
            "10",
            "--allow-private",
            "--no-archive",
            "--quiet",
        ]
    )
    assert code == 0
    assert set(snapshot(out)["fetches"]) == {root, *leaves}  # type: ignore[arg-type]
    assert len(hosts[0].hits_for("/root")) == 1  # the stored page was not fetched again
    assert hosts[0].hits_for("/deeper") == []


def test_resume_without_a_crawl_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["trace", "--resume", "--out", str(tmp_path / "empty")]) == 2
    assert main(["trace", "--out", str(tmp_path / "empty")]) == 2  # no URL, no --resume
