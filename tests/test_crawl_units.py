"""The crawler's pure parts: retry policy, bounded decoding, frontier order, robots
matching, address vetting, progress display. No servers here; see test_crawl_*.py."""

from __future__ import annotations

import asyncio
import gzip
import io
import random
import socket
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from aiohttp.abc import ResolveResult
from hypothesis import given
from hypothesis import strategies as st
from loopback import MapResolver

from provenance.crawl.decode import BoundedDecoder, DecodingError
from provenance.crawl.engine import CrawlProgress
from provenance.crawl.frontier import Frontier
from provenance.crawl.politeness import (
    AddressRefused,
    HostPacer,
    check_address,
    product_token,
)
from provenance.crawl.progress import ProgressDisplay, progress_line
from provenance.crawl.retry import retry_after_seconds, should_retry
from provenance.crawl.transport import VettingResolver
from provenance.settings import DEFAULT_CONTACT, Settings

# --- retry policy -----------------------------------------------------------------------


def test_retry_after_in_seconds_and_as_an_http_date() -> None:
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert retry_after_seconds("7", now.timestamp()) == 7.0
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, now.timestamp()) == pytest.approx(90.0)
    past = format_datetime(now - timedelta(hours=1), usegmt=True)
    assert retry_after_seconds(past, now.timestamp()) == 0.0
    assert retry_after_seconds("soon", now.timestamp()) is None
    assert retry_after_seconds("", now.timestamp()) is None


def test_should_retry_backs_off_exponentially_with_jitter_and_gives_up() -> None:
    rng = random.Random(1)
    delays = [
        should_retry("503", 503, attempt, max_attempts=9, base=1.0, cap=100.0, rng=rng)
        for attempt in range(1, 6)
    ]
    for attempt, delay in enumerate(delays, start=1):
        assert delay is not None and 0 <= delay <= 2 ** (attempt - 1)
    assert should_retry("503", 503, 3, max_attempts=3, base=1.0, cap=9.0) is None
    assert should_retry("timeout", None, 1, max_attempts=3, base=1.0, cap=9.0) is not None
    assert should_retry("reset", None, 1, max_attempts=3, base=1.0, cap=9.0) is not None
    # Not worth a second try: the answer will not change.
    for status, http in (("404", 404), ("dns", None), ("tls", None), ("robots", None)):
        assert should_retry(status, http, 1, max_attempts=3, base=1.0, cap=9.0) is None


def test_retry_after_wins_when_longer_and_is_given_up_when_too_long() -> None:
    delay = should_retry("429", 429, 1, max_attempts=3, base=0.01, cap=0.01, retry_after=4.0)
    assert delay == 4.0
    assert (
        should_retry(
            "429",
            429,
            1,
            max_attempts=3,
            base=0.01,
            cap=0.01,
            retry_after=400.0,
            max_retry_after=300,
        )
        is None
    )


# --- bounded decoding -------------------------------------------------------------------


def _feed_all(decoder: BoundedDecoder, data: bytes, chunk: int = 1000) -> bytes:
    out = []
    for start in range(0, len(data), chunk):
        out.append(decoder.feed(data[start : start + chunk]))
        if decoder.exceeded:
            break
    return b"".join(out)


def test_a_gzip_bomb_stops_at_the_cap_without_inflating_the_rest() -> None:
    bomb = gzip.compress(b"\0" * (16 * 1024 * 1024), compresslevel=9)  # ~16 KB on the wire
    decoder = BoundedDecoder("gzip", 100_000)
    tracemalloc.start()
    try:
        out = _feed_all(decoder, bomb, chunk=len(bomb))  # one huge chunk: the worst case
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert decoder.exceeded
    assert len(out) == 100_000
    assert peak < 2 * 1024 * 1024, f"inflated {peak} bytes to keep 100,000"


def test_gzip_deflate_and_identity_decode_exactly() -> None:
    text = b"The minister said so. " * 500
    assert _feed_all(BoundedDecoder("gzip", 10**6), gzip.compress(text)) == text
    assert _feed_all(BoundedDecoder("deflate", 10**6), zlib.compress(text)) == text
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_deflate = raw.compress(text) + raw.flush()
    assert _feed_all(BoundedDecoder("deflate", 10**6), raw_deflate) == text
    assert _feed_all(BoundedDecoder("", 10**6), text) == text
    two_members = gzip.compress(b"first ") + gzip.compress(b"second")
    assert _feed_all(BoundedDecoder("x-gzip", 100), two_members, chunk=7) == b"first second"


@given(st.binary(max_size=3000), st.integers(min_value=0, max_value=3000))
def test_the_cap_is_exact(body: bytes, cap: int) -> None:
    decoder = BoundedDecoder("gzip", cap)
    out = _feed_all(decoder, gzip.compress(body), chunk=97)
    assert out == body[:cap]
    assert decoder.exceeded == (len(body) > cap)


def test_unknown_or_broken_encodings_are_reported() -> None:
    with pytest.raises(DecodingError):
        BoundedDecoder("br", 100)
    with pytest.raises(DecodingError):
        BoundedDecoder("gzip", 100).feed(b"this is not gzip")


# --- frontier ---------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_frontier_is_breadth_first_then_first_come() -> None:
    frontier = Frontier(per_host_limit=10)
    frontier.push("http://a.example/2", 1)
    frontier.push("http://b.example/1", 0)
    frontier.push("http://a.example/3", 1)
    order = []
    while (job := frontier.pop()) is not None:
        order.append(job.url)
        frontier.done(job)
    assert order == ["http://b.example/1", "http://a.example/2", "http://a.example/3"]


def test_a_busy_host_is_passed_over_not_waited_for() -> None:
    frontier = Frontier(per_host_limit=1)
    for path in ("1", "2", "3"):
        frontier.push(f"http://slow.example/{path}", 1)
    frontier.push("http://other.example/x", 1)
    first = frontier.pop()
    assert first is not None and first.url == "http://slow.example/1"
    second = frontier.pop()
    assert second is not None and second.url == "http://other.example/x"
    assert frontier.pop() is None  # slow.example is at its limit
    frontier.done(first)
    third = frontier.pop()
    assert third is not None and third.url == "http://slow.example/2"


def test_per_host_delay_spaces_the_starts() -> None:
    clock = Clock()
    frontier = Frontier(per_host_limit=5, delay_of=lambda url: 2.0, clock=clock)
    frontier.push("http://a.example/1", 0)
    frontier.push("http://a.example/2", 0)
    assert frontier.pop() is not None
    assert frontier.pop() is None
    assert frontier.seconds_to_next() == pytest.approx(2.0)
    clock.now += 2.0
    job = frontier.pop()
    assert job is not None and job.url == "http://a.example/2"


def test_depth_is_a_limit_not_a_barrier() -> None:
    frontier = Frontier(per_host_limit=10)
    frontier.push("http://a.example/root", 0)
    root = frontier.pop()
    assert root is not None
    frontier.push("http://c.example/level-2", 2)
    frontier.push("http://b.example/level-1", 1)
    # The root is still in flight (a slow page): every level may start beside it,
    # shallowest first.
    level_1 = frontier.pop()
    level_2 = frontier.pop()
    assert level_1 is not None and level_1.depth == 1
    assert level_2 is not None and level_2.depth == 2
    assert frontier.in_flight == 3


def test_a_given_up_host_is_dropped_from_the_frontier() -> None:
    frontier = Frontier(per_host_limit=1)
    for index in range(3):
        frontier.push(f"http://dead.example/{index}", 1)
        frontier.push(f"http://alive.example/{index}", 1)
    first = frontier.pop()
    assert first is not None
    dropped = frontier.drop_host("dead.example")
    assert len(dropped) == 3 - (first.host == "dead.example")
    hosts = set()
    while (job := frontier.pop()) is not None:
        hosts.add(job.host)
        frontier.done(job)
    assert hosts <= {"alive.example"}
    assert len(frontier) == 0


def test_a_url_found_again_nearer_the_root_moves_up() -> None:
    frontier = Frontier(per_host_limit=10)
    frontier.push("http://a.example/x", 3)
    frontier.push("http://a.example/y", 2)
    frontier.push("http://a.example/x", 1)
    assert len(frontier) == 2
    job = frontier.pop()
    assert job is not None and (job.url, job.depth) == ("http://a.example/x", 1)


def test_drain_empties_the_queue() -> None:
    frontier = Frontier(per_host_limit=1)
    frontier.push("http://a.example/1", 0)
    frontier.push("http://a.example/2", 1)
    assert [url for url, _ in frontier.drain()] == ["http://a.example/1", "http://a.example/2"]
    assert len(frontier) == 0 and frontier.pop() is None


def test_host_pacer_books_turns_delay_apart() -> None:
    clock = Clock()
    pacer = HostPacer(2, 1.5, clock=clock)

    async def book() -> None:
        await pacer.wait_turn("a.example")

    asyncio.run(book())
    assert pacer.ready_at("a.example") == pytest.approx(101.5)
    pacer.defer("a.example", 10.0)
    assert pacer.ready_at("a.example") == pytest.approx(110.0)


# --- identity, robots token, address rules ----------------------------------------------


def test_user_agent_identifies_with_a_contact() -> None:
    assert Settings().agent.startswith("provenance/")
    assert DEFAULT_CONTACT == ""
    assert "no contact given" in Settings().agent
    assert "mailto:me@uni.example" in Settings(contact="mailto:me@uni.example").agent
    assert Settings(user_agent="MyLab-bot/2").agent == "MyLab-bot/2"
    assert product_token(Settings().agent) == "provenance"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://localhost:8080/",
        "http://printer.local/",
    ],
)
def test_literal_private_addresses_and_local_names_are_refused(url: str) -> None:
    with pytest.raises(AddressRefused):
        check_address(url, allow_private=False)
    check_address(url, allow_private=True)


def test_the_resolver_refuses_names_that_resolve_to_private_addresses() -> None:
    inner = MapResolver({"rebind.example": "10.0.0.7", "news.example": "93.184.215.14"})

    async def resolve(name: str, allow_private: bool) -> list[ResolveResult]:
        resolver = VettingResolver(inner, allow_private=allow_private)
        return await resolver.resolve(name, 80, socket.AF_INET)

    with pytest.raises(AddressRefused, match=r"10\.0\.0\.7"):
        asyncio.run(resolve("rebind.example", False))
    assert asyncio.run(resolve("rebind.example", True))[0]["host"] == "10.0.0.7"
    assert asyncio.run(resolve("news.example", False))[0]["host"] == "93.184.215.14"


# --- progress display -------------------------------------------------------------------


def test_progress_line_shows_counts_and_rate() -> None:
    state = CrawlProgress(fetched=50, queued=25, errors=2, depth=1, in_flight=25)
    state.fetched_this_run, state.elapsed = 50, 2.0
    line = progress_line(state, budget=500)
    assert "fetched 50/500" in line and "queued 25" in line and "errors 2" in line
    assert "25.0 pages/s" in line
    # 50 of a budget of 500: a tenth of the bar, whatever is queued.
    assert "[" + "#" * 2 + "." * 18 + "]" in line


def test_progress_display_live_verbose_and_silent() -> None:
    clock = Clock()
    state = CrawlProgress(fetched=1, fetched_this_run=1, elapsed=1.0)
    state.last_url, state.last_status = "http://a.example/", "200"

    live = io.StringIO()
    display = ProgressDisplay(live, live=True, budget=10, clock=clock)
    display(state)
    display(state)  # within the redraw interval: not drawn again
    display.close()
    assert live.getvalue().count("\r") == 1 and live.getvalue().endswith("\n")

    log = io.StringIO()
    verbose = ProgressDisplay(log, live=False, verbose=True)
    verbose(state)
    assert log.getvalue().split() == ["200", "http://a.example/"]

    silent = io.StringIO()
    ProgressDisplay(silent, live=False)(state)
    assert silent.getvalue() == ""


def test_a_trickle_and_a_spent_url_budget_are_not_retried() -> None:
    assert should_retry("timeout", None, 1, max_attempts=3, base=1.0, cap=9.0) is not None
    assert (
        should_retry("timeout", None, 1, max_attempts=3, base=1.0, cap=9.0, trickled=True) is None
    )
    # A wait that would use up what is left of the URL's budget is not made.
    assert (
        should_retry(
            "503", 503, 1, max_attempts=3, base=0.01, cap=0.01, retry_after=5.0, remaining=4.0
        )
        is None
    )
    assert (
        should_retry("503", 503, 1, max_attempts=3, base=0.01, cap=0.01, remaining=4.0) is not None
    )


def test_a_host_is_given_up_after_failures_in_a_row_only() -> None:
    from provenance.crawl.hosts import HostHealth

    health = HostHealth(3)
    assert not health.record("a.example", "timeout")
    assert not health.record("a.example", "reset")
    assert not health.record("a.example", "200")  # one answer clears the count
    assert not health.record("a.example", "timeout")
    assert not health.record("a.example", "404")  # a 404 is an answer: the host is up
    assert not health.given_up("a.example")
    for status in ("connect", "timeout"):
        health.record("b.example", status)
    assert health.record("b.example", "reset")  # the third in a row gives it up
    assert health.given_up("b.example") and not health.given_up("a.example")
    assert health.hosts_given_up() == ["b.example"]
