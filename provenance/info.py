"""What a stored crawl holds, read without crawling: ``provenance info`` and the
``CrawlReport`` of ``Trace.from_store``.

Everything here reads the store through ``Store``'s methods (the only module with SQL)
and the document graph ``graph.build_graph`` makes of it: no analysis runs, so it is
quick even for a large crawl.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from provenance.crawl.engine import CrawlReport
from provenance.graph.build import build_graph
from provenance.store import Store
from provenance.urls import identity

# Meta keys the crawl writes (``trace.crawl``): ISO 8601 UTC times of the first start
# and the last clean end of a crawl into the store.
META_STARTED = "crawl_started"
META_FINISHED = "crawl_finished"

# Failures listed by ``provenance info`` at most (the counts cover all of them).
FAILURES_SHOWN = 20


def _ok(http_status: int | None) -> bool:
    return http_status is not None and 200 <= http_status < 300


def stored_report(store: Store) -> CrawlReport:
    """The ``CrawlReport`` a stored crawl amounts to: pages fetched and failed over every
    run into the store, URLs skipped for lack of budget, and roots that failed."""
    roots = {identity(str(root)) for root in store.get_json("roots", [])}
    report = CrawlReport()
    for url, _status, http_status, depth in store.fetch_statuses():
        report.fetched += 1
        if not _ok(http_status):
            report.errors += 1
            if depth == 0 and identity(url) in roots:
                report.failed_roots.append(url)
    report.skipped = store.frontier_states().get("skipped", 0)
    return report


@dataclass
class CrawlInfo:
    """A summary of one stored crawl (the output of ``provenance info``)."""

    store: str
    roots: list[str]
    settings: dict[str, Any]
    started: str
    """When the first crawl into this store started (ISO 8601 UTC); empty if unknown."""
    finished: str
    """When the last crawl into it ended cleanly; empty while it is unfinished."""
    fetched: int
    failed: int
    documents: int
    edges: int
    kinds: dict[str, int] = field(default_factory=dict)
    """Documents (graph nodes) by ``kind``."""
    statuses: dict[str, int] = field(default_factory=dict)
    """Fetches by ``status`` (an HTTP code or an error class)."""
    frontier: dict[str, int] = field(default_factory=dict)
    """Frontier URLs by state: done, queued (left to fetch), skipped (over budget), alias."""
    published: tuple[str, str] = ("", "")
    """The earliest and latest publication date among the documents."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(url, status) of the first failed fetches, at most ``FAILURES_SHOWN``."""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True, ensure_ascii=False)

    def text(self) -> str:
        """The summary as lines for a terminal."""
        lines = [f"store     {self.store}"]
        lines.extend(
            f"{'root' if i == 0 else '':9} {root}" for i, root in enumerate(self.roots or ["-"])
        )
        settings = "  ".join(f"{key}={value}" for key, value in sorted(self.settings.items()))
        lines.append(f"settings  {settings or '-'}")
        lines.append(f"started   {self.started or 'unknown'}")
        lines.append(f"finished  {self.finished or 'not finished (resume with trace --resume)'}")
        if any(self.published):
            lines.append(f"published {self.published[0]} .. {self.published[1]}")
        lines.append(
            f"fetched   {plural(self.fetched, 'page')}, {self.failed} failed;"
            f" {plural(self.documents, 'document')}, {plural(self.edges, 'citation link')}"
        )
        lines.append(f"kinds     {_counts(self.kinds)}")
        lines.append(f"statuses  {_counts(self.statuses)}")
        lines.append(f"frontier  {_counts(self.frontier)}")
        if self.failures:
            lines.append("failures")
            lines.extend(f"  {status:>17}  {url}" for url, status in self.failures)
            if self.failed > len(self.failures):
                lines.append(f"  ... and {self.failed - len(self.failures)} more")
        return "\n".join(lines)


def crawl_info(store_path: str | Path) -> CrawlInfo:
    """Summarise the crawl stored at ``store_path`` (a ``crawl.sqlite``)."""
    with Store(store_path) as store:
        settings: dict[str, Any] = store.get_json("settings", {})
        graph, _pages = build_graph(store, str(settings.get("follow", "attribution")))
        statuses: Counter[str] = Counter()
        failures: list[tuple[str, str]] = []
        failed = 0
        for url, status, http_status, _depth in store.fetch_statuses():
            statuses[status] += 1
            if not _ok(http_status):
                failed += 1
                if len(failures) < FAILURES_SHOWN:
                    failures.append((url, status))
        dates = sorted(
            str(data["published"]) for _, data in graph.nodes(data=True) if data.get("published")
        )
        return CrawlInfo(
            store=str(store_path),
            roots=[str(root) for root in store.get_json("roots", [])],
            settings=settings,
            started=store.get_meta(META_STARTED) or "",
            finished=store.get_meta(META_FINISHED) or "",
            fetched=sum(statuses.values()),
            failed=failed,
            documents=graph.number_of_nodes(),
            edges=graph.number_of_edges(),
            kinds=dict(Counter(str(data.get("kind", "")) for _, data in graph.nodes(data=True))),
            statuses=dict(statuses),
            frontier=store.frontier_states(),
            published=(dates[0], dates[-1]) if dates else ("", ""),
            failures=failures,
        )


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 document``, ``2 documents``, ``0 documents``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def _counts(counts: dict[str, int]) -> str:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{name or '(none)'} {count}" for name, count in ordered) or "-"
