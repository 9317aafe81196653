"""What a running crawl shows a person: a live line on a terminal, or one line a fetch."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from provenance.crawl.engine import CrawlProgress

# Redraws of the live line per second at most: smooth to the eye, cheap for the crawl.
REDRAWS_PER_SECOND = 10
BAR_WIDTH = 20


def progress_line(state: CrawlProgress, budget: int) -> str:
    """``fetched 120/500 [####......] queued 34 ...``: the bar is the share of the page
    budget fetched, the same fraction as the numbers beside it (a crawl that runs out of
    links early ends with a short bar and ``done``)."""
    total = max(budget, state.fetched, 1)
    done = min(BAR_WIDTH, BAR_WIDTH * state.fetched // total)
    bar = "#" * done + "." * (BAR_WIDTH - done)
    line = (
        f"fetched {state.fetched}/{budget} [{bar}]  queued {state.queued}"
        f"  in flight {state.in_flight}  errors {state.errors}  depth {state.depth}"
        f"  {state.pages_per_second:.1f} pages/s"
    )
    return line + "  done" if state.finished else line


class ProgressDisplay:
    """A crawl's progress callback for the command line.

    ``live``: redraw one status line in place (for a terminal). ``verbose``: one line
    per fetch, ``STATUS URL``, whatever the output is. Neither: silent.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        live: bool,
        verbose: bool = False,
        budget: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self.live = live
        self.verbose = verbose
        self._budget = budget
        self._clock = clock
        self._drawn = -1.0
        self._width = 0
        self._logged = 0

    def __call__(self, state: CrawlProgress) -> None:
        if self.verbose and state.last_url and state.fetched_this_run > self._logged:
            self._logged = state.fetched_this_run
            self._clear()
            self._stream.write(f"{state.last_status:>17}  {state.last_url}\n")
            self._drawn = -1.0
        if self.live:
            now = self._clock()
            if state.finished or now - self._drawn >= 1 / REDRAWS_PER_SECOND:
                self._drawn = now
                line = progress_line(state, self._budget)
                self._stream.write("\r" + line.ljust(self._width))
                self._width = len(line)
        self._stream.flush()

    def _clear(self) -> None:
        if self.live and self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._width = 0

    def close(self) -> None:
        """End the live line, so what follows starts on a line of its own."""
        if self.live and self._width:
            self._stream.write("\n")
            self._stream.flush()
            self._width = 0
