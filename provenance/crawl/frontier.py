"""The crawl frontier: which queued URL to fetch next. Pure bookkeeping, no I/O.

Breadth first: the shallowest URL, then the earliest queued, goes first. Host aware:
each host has its own queue, and a host whose requests are all in flight, or whose
turn has not come (per-host delay, Crawl-delay, Retry-After), is passed over for the
next host, so one slow or strict site never holds back the rest of the crawl.

Depth is a limit, not a barrier: a URL starts as soon as a worker and its host are free,
whatever is still in flight at shallower levels, so one slow page holds one worker and
nothing else. Shallower URLs still go first. A page fetched before a slow page that
links to it nearer a root has its depth corrected when that link arrives, and its links
are followed again from there (``Store``'s relaxed URLs, handled by the engine), so
the depth stored is the fewest hops all the same.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from provenance.urls import host_of

IDLE, READY, SLEEPING, BUSY = "idle", "ready", "sleeping", "busy"


@dataclass(frozen=True)
class Job:
    """One URL handed out for fetching."""

    url: str
    depth: int
    host: str


@dataclass
class _Host:
    queue: list[tuple[int, int, str]] = field(default_factory=list)  # (depth, order, url)
    active: int = 0
    next_start: float = 0.0
    state: str = IDLE
    ready_key: tuple[int, int] | None = None


class Frontier:
    """Queued URLs by host, handed out breadth first within per-host limits.

    ``delay_of(url)`` gives the seconds between request starts to that URL's host;
    ``ready_at(host)`` may push a host's next start later (a Retry-After).
    """

    def __init__(
        self,
        *,
        per_host_limit: int,
        delay_of: Callable[[str], float] = lambda url: 0.0,
        ready_at: Callable[[str], float] = lambda host: 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = max(1, per_host_limit)
        self._delay_of = delay_of
        self._ready_at = ready_at
        self._clock = clock
        self._hosts: dict[str, _Host] = {}
        self._queued: dict[str, int] = {}  # url -> depth
        self._queued_depths: Counter[int] = Counter()
        self._active_depths: Counter[int] = Counter()
        self._ready: list[tuple[int, int, str]] = []  # (depth, order, host)
        self._sleeping: list[tuple[float, str]] = []  # (start time, host)
        self._order = 0

    # --- what is in it ------------------------------------------------------------

    def __len__(self) -> int:
        """URLs queued (not counting those in flight)."""
        return len(self._queued)

    @property
    def in_flight(self) -> int:
        return sum(self._active_depths.values())

    def __contains__(self, url: str) -> bool:
        return url in self._queued

    def depth_of(self, url: str) -> int | None:
        return self._queued.get(url)

    # --- filling ------------------------------------------------------------------

    def push(self, url: str, depth: int) -> None:
        """Queue ``url`` at ``depth``; a queued URL found again nearer a root moves up."""
        current = self._queued.get(url)
        if current is not None:
            if depth >= current:
                return
            self._queued_depths[current] -= 1
            if not self._queued_depths[current]:
                del self._queued_depths[current]
        self._queued[url] = depth
        self._queued_depths[depth] += 1
        host_name = host_of(url)
        host = self._hosts.setdefault(host_name, _Host())
        key = (depth, self._order)
        self._order += 1
        heapq.heappush(host.queue, (*key, url))
        if host.state == IDLE:
            self._settle(host_name, host, self._clock())
        elif host.state == READY and host.ready_key is not None and key < host.ready_key:
            host.ready_key = key
            heapq.heappush(self._ready, (*key, host_name))

    def drop_host(self, name: str) -> list[tuple[str, int]]:
        """Remove and return every queued URL of one host (the host was given up)."""
        host = self._hosts.get(name)
        if host is None:
            return []
        dropped: list[tuple[str, int]] = []
        for depth, _, url in host.queue:
            if self._queued.get(url) == depth:
                dropped.append((url, depth))
                del self._queued[url]
                self._queued_depths[depth] -= 1
                if not self._queued_depths[depth]:
                    del self._queued_depths[depth]
        host.queue.clear()
        host.ready_key = None
        if host.state != BUSY:
            host.state = IDLE
        return sorted(dropped, key=lambda item: item[1])

    def drain(self) -> list[tuple[str, int]]:
        """Remove and return every queued URL (the page budget is spent)."""
        drained = sorted(self._queued.items(), key=lambda item: item[1])
        self._queued.clear()
        self._queued_depths.clear()
        for host in self._hosts.values():
            host.queue.clear()
            if host.state != BUSY:
                host.state = IDLE
        self._ready.clear()
        self._sleeping.clear()
        return drained

    # --- handing out --------------------------------------------------------------

    def _head(self, host: _Host) -> tuple[int, int, str] | None:
        """The host's next valid entry; entries superseded by a move up are dropped."""
        while host.queue:
            depth, _, url = host.queue[0]
            if self._queued.get(url) == depth:
                return host.queue[0]
            heapq.heappop(host.queue)
        return None

    def _settle(self, name: str, host: _Host, now: float) -> None:
        """Put a host in the state its queue, slots and clock say it is in."""
        head = self._head(host)
        host.ready_key = None
        if head is None:
            host.state = IDLE
        elif host.active >= self._limit:
            host.state = BUSY
        else:
            start = max(host.next_start, self._ready_at(name))
            if start > now:
                host.state = SLEEPING
                heapq.heappush(self._sleeping, (start, name))
            else:
                host.state = READY
                host.ready_key = (head[0], head[1])
                heapq.heappush(self._ready, (head[0], head[1], name))

    def _wake(self, now: float) -> None:
        while self._sleeping and self._sleeping[0][0] <= now:
            _, name = heapq.heappop(self._sleeping)
            host = self._hosts[name]
            if host.state == SLEEPING:
                self._settle(name, host, now)

    def pop(self) -> Job | None:
        """The next URL to fetch now, or None (nothing queued, or nothing may start yet)."""
        now = self._clock()
        self._wake(now)
        while self._ready:
            depth, order, name = self._ready[0]
            host = self._hosts[name]
            if host.state != READY or host.ready_key != (depth, order):
                heapq.heappop(self._ready)  # superseded entry
                continue
            head = self._head(host)
            if head is None or (head[0], head[1]) != (depth, order):
                heapq.heappop(self._ready)
                self._settle(name, host, now)
                continue
            heapq.heappop(self._ready)
            heapq.heappop(host.queue)
            url = head[2]
            del self._queued[url]
            self._queued_depths[depth] -= 1
            if not self._queued_depths[depth]:
                del self._queued_depths[depth]
            self._active_depths[depth] += 1
            host.active += 1
            host.next_start = now + self._delay_of(url)
            self._settle(name, host, now)
            return Job(url, depth, name)
        return None

    def done(self, job: Job) -> None:
        """The job's fetch is over and stored: its host slot and depth are freed."""
        self._active_depths[job.depth] -= 1
        if not self._active_depths[job.depth]:
            del self._active_depths[job.depth]
        host = self._hosts[job.host]
        host.active -= 1
        if host.state in (BUSY, IDLE):
            self._settle(job.host, host, self._clock())

    def seconds_to_next(self) -> float | None:
        """Seconds until a waiting host's turn comes; None when no host is waiting."""
        while self._sleeping:
            start, name = self._sleeping[0]
            if self._hosts[name].state == SLEEPING:
                return max(0.0, start - self._clock())
            heapq.heappop(self._sleeping)
        return None
