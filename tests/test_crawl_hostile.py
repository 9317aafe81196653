"""A trace over the hostile web (tests/hostile.py): every hazard becomes a node with a
status, trickles are not retried, a failing host is given up, traps are capped, a slow
host holds up nobody else, and a stop or the time budget still leaves every result."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import GOOD_HOSTS, GOOD_PAGES, HAZARDS, Event, HostileWeb
from loopback import FAST, ServerThread, WebServer

import provenance
from provenance.crawl.engine import CrawlStop
from provenance.store import Store

# Short timeouts so that the trickles (a byte every 0.2 s) meet the total timeout, not
# the read timeout; no pacing; a low size cap for the endless bodies.
HOSTILE = FAST.with_(read_timeout=1.5, total_timeout=3.0, max_bytes=1 << 20, time_budget=120.0)
DEPTH = 30  # far deeper than the traps may go: only the trap cap can stop them


@pytest.fixture
def web() -> Iterator[HostileWeb]:
    with HostileWeb(seed=7) as hostile:
        yield hostile


def statuses(result: provenance.Trace, web: HostileWeb) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for url, data in result.graph.nodes(data=True):
        found.setdefault(web.host_of_url(url), []).append(str(data["status"]))
    return found


def test_every_hazard_is_a_node_with_a_status(web: HostileWeb, tmp_path: Path) -> None:
    result = provenance.trace(
        [web.root], depth=DEPTH, max_pages=400, out=tmp_path, settings=HOSTILE, allow_private=True
    )
    found = statuses(result, web)
    nodes = result.graph.nodes
    urls = web.hazard_urls()
    assert nodes[urls["trickle-body"]]["status"] == "timeout"
    assert nodes[urls["trickle-headers"]]["status"] == "timeout"
    assert nodes[urls["endless"]]["status"] == "too-large"
    assert nodes[urls["gzip-bomb"]]["status"] == "too-large"
    assert nodes[urls["lying-length"]]["status"] == "reset"
    assert nodes[urls["redirects"]]["status"] == "too-many-redirects"
    assert set(HAZARDS) <= set(found)
    # Trickles were still sending when the total timeout cut them: not tried again.
    assert web.requests("trickle-body").count("/article") == 1
    assert web.requests("trickle-headers").count("/article") == 1
    # The resetting host: one page tried to max_attempts, then the host is given up
    # after host_max_failures resets in a row; its other pages are never requested.
    reset_requests = [path for path in web.requests("reset") if path != "/robots.txt"]
    assert len(reset_requests) <= HOSTILE.host_max_failures + HOSTILE.per_host_concurrency - 1
    assert found["reset"].count("host-failed") >= 2
    assert result.report.hosts_given_up == [web.addresses["reset"][0]]
    # The calendar and its trap variants: each family capped, and the nodes say so.
    # (Distinct pages: on a loaded machine a page may time out and be tried again.)
    calendar = {path for path in web.requests("calendar") if path != "/robots.txt"}
    assert len(calendar) <= 1 + len(web.shapes) * HOSTILE.trap_cap
    assert "trap" in found["calendar"]
    # Every good page was fetched, and every output file written.
    assert all(nodes[url]["status"] == "200" for url in web.good_urls())
    result.write(tmp_path)
    for name in ("graph.html", "graph.json", "claims.csv", "graph.gexf", "prov.json"):
        assert (tmp_path / name).is_file(), name


def _all_good_pages_requested(log: list[Event]) -> bool:
    wanted = {
        (f"good-{host}", f"/story-{page}")
        for host in range(GOOD_HOSTS)
        for page in range(GOOD_PAGES)
    }
    return wanted <= {(event.host, event.path) for event in log if event.kind == "request"}


def test_a_slow_host_holds_one_worker_and_nothing_else(web: HostileWeb, tmp_path: Path) -> None:
    # The trickles may take a minute each; the good hosts' chains (four levels deep)
    # must all be fetched while they trickle. The test stops the crawl once they are:
    # a crawl that waited for its slowest page would never get there.
    slow = HOSTILE.with_(read_timeout=30.0, total_timeout=60.0, url_time_budget=0.0)
    stop = CrawlStop()
    outcome: dict[str, bool] = {}

    def watch() -> None:
        try:
            outcome["good"] = web.wait_for(_all_good_pages_requested, timeout=40)
            outcome["trickling"] = not any(
                event.host == "trickle-body" and event.kind == "closed" for event in web.events()
            )
        finally:
            stop.request()

    watcher = threading.Thread(target=watch)
    watcher.start()
    result = provenance.trace(
        [web.root], depth=DEPTH, out=tmp_path, settings=slow, allow_private=True, stop=stop
    )
    watcher.join()
    assert outcome == {"good": True, "trickling": True}
    assert result.report.stopped == "interrupted"
    # The trickle, cut by the stop, is known but not fetched, and says why.
    assert result.graph.nodes[web.hazard_urls()["trickle-body"]]["status"] == "interrupted"


def test_the_time_budget_stops_fetching_and_the_analysis_still_runs(
    web: HostileWeb, tmp_path: Path
) -> None:
    # Trickles that would take a minute, calendars paced at a page a second: a budget
    # of a few seconds ends the crawl with most of it unfetched.
    slow = HOSTILE.with_(read_timeout=30.0, total_timeout=60.0, per_host_delay=1.0, time_budget=3.0)
    result = provenance.trace(
        [web.root], depth=DEPTH, out=tmp_path, settings=slow, allow_private=True
    )
    assert result.report.stopped == "time-budget"
    found = statuses(result, web)
    assert "time-budget" in found["trickle-body"]
    assert "time-budget" in found["calendar"]
    # The connection of the trickle was dropped when the budget ran out.
    assert web.wait_for(
        lambda log: any(e.host == "trickle-body" and e.kind == "closed" for e in log), 10
    )
    assert result.claims  # the analysis ran on what was fetched
    with provenance.store.Store(tmp_path / "crawl.sqlite") as store:
        states = store.frontier_states()
    assert states.get("time-budget", 0) >= 2


def test_a_url_budget_bounds_one_url_across_its_tries(web: HostileWeb, tmp_path: Path) -> None:
    # The trickle could hold its worker for the 30 s total timeout, and a 503 with
    # Retry-After would be tried three times: the URL's budget ends both.
    settings = HOSTILE.with_(
        read_timeout=10.0, total_timeout=30.0, url_time_budget=2.0, max_retry_after=10.0
    )
    thread = ServerThread()
    try:
        busy = WebServer(thread)
        busy.page("/story", b"later", status=503, headers={"Retry-After": "3"})
        url = busy.url("/story")
        result = provenance.crawl(
            [web.hazard_urls()["trickle-body"], url], tmp_path, settings=settings
        )
        with Store(tmp_path / "crawl.sqlite") as store:
            fetched = {fetch.url: fetch for fetch, _ in store.fetches()}
    finally:
        thread.close()
    trickle = fetched[web.hazard_urls()["trickle-body"]]
    assert trickle.status == "timeout" and "time budget" in trickle.error
    assert web.requests("trickle-body").count("/article") == 1
    # The first 503 asked for 3 s, more than the URL had left: no second try.
    assert busy.paths().count("/story") == 1
    assert fetched[url].status == "503"
    assert result.fetched == 2


def test_a_second_signal_aborts_at_once() -> None:
    script = (
        "import os, signal, sys\n"
        "from provenance.cli import _SignalStop\n"
        "with _SignalStop() as stopper:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    print('first:', stopper.stop.reason, flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    print('still running', flush=True)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == -signal.SIGTERM
    assert run.stdout == "first: interrupted\n"
