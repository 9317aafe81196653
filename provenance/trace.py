"""The library's front door: ``crawl``, ``trace`` and the ``Trace`` result."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import networkx as nx

from provenance import info, notebook
from provenance.crawl.archive import ReplayTransport, WarcArchiveError, WarcRecorder
from provenance.crawl.engine import Crawler, CrawlReport, CrawlStop, Progress
from provenance.crawl.fetcher import Fetcher
from provenance.crawl.scope import scope_settings
from provenance.crawl.transport import live_transport
from provenance.crawl.wayback import (
    ArchiveRecovery,
    RecordedFirst,
    archive_problem,
    resolved_archives,
)
from provenance.extract import extract_page
from provenance.graph import analyze, outlet_graph
from provenance.models import Page, TracedClaim
from provenance.settings import Follow, Settings
from provenance.store import Store, StoreError
from provenance.urls import fetchable

STORE_NAME = "crawl.sqlite"
WARC_NAME = "crawl.warc.gz"
T = TypeVar("T")


class UsageError(ValueError):
    """Bad input from the user: a bad URL, a missing file, a bad option. Exit code 2."""


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion, also from inside a running loop (Jupyter)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    result: dict[str, Any] = {}

    def runner() -> None:
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the caller's thread
            result["error"] = error

    thread = threading.Thread(target=runner, name="provenance-crawl")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]  # type: ignore[no-any-return]


def check_roots(roots: Sequence[str]) -> list[str]:
    if isinstance(roots, str):
        roots = [roots]
    if not roots:
        raise UsageError("give at least one article URL")
    checked: list[str] = []
    for root in roots:
        url = fetchable(root)
        if not url:
            raise UsageError(f"not an http(s) URL: {root!r}")
        checked.append(url)
    return checked


def replay_transport(replay: Sequence[str | Path]) -> ReplayTransport:
    paths = [Path(path) for path in replay]
    for path in paths:
        if not path.is_file():
            raise UsageError(f"WARC file not found: {path}")
    try:
        return ReplayTransport(paths)
    except WarcArchiveError as error:
        raise UsageError(str(error)) from error


async def _crawl(
    roots: list[str],
    store: Store,
    warc: Path,
    settings: Settings,
    transport: httpx.AsyncBaseTransport | None,
    progress: Progress | None,
    stop: CrawlStop | None = None,
) -> CrawlReport:
    offset = store.get_meta("warc_offset")
    # Resuming: cut the WARC back to what the store committed (0 when it committed
    # nothing), so no record is lost, duplicated or left half-written.
    recorder = WarcRecorder(warc, resume_offset=int(offset) if offset is not None else 0)
    archives = resolved_archives(settings.archives, replaying=transport is not None)
    # Archives are asked over the network even when the crawl replays WARC files (an
    # archive named with --replay is meant to be asked; what the WARC recorded of it is
    # read first), through a fetcher of their own: paced per archive host, recorded in
    # the same WARC. Their lookup and replay APIs are published for programmatic
    # clients, so robots.txt is not read for them.
    archive_fetcher = None
    if archives:
        archive_settings = settings.with_(respect_robots=False)
        archive_transport = None
        if isinstance(transport, ReplayTransport):
            archive_transport = RecordedFirst(transport, live_transport(archive_settings))
        archive_fetcher = Fetcher(
            archive_settings,
            transport=archive_transport,
            recorder=recorder,
            every_type=True,
            replaying=False,
        )
    try:
        async with Fetcher(settings, transport=transport, recorder=recorder) as fetcher:
            recover = ArchiveRecovery(
                archives, archive_fetcher, _extract, max_redirects=settings.max_redirects
            )
            crawler = Crawler(settings, store, fetcher, _extract, progress, stop, recover=recover)
            return await crawler.run(roots)
    finally:
        if archive_fetcher is not None:
            await archive_fetcher.__aexit__()
        recorder.close()


def _extract(body: bytes, url: str, content_type: str) -> Page:
    return extract_page(body, url, content_type)


def crawl(
    roots: Sequence[str],
    out: str | Path,
    *,
    settings: Settings | None = None,
    replay: Sequence[str | Path] | None = None,
    ca_bundle: str | None = None,
    fresh: bool = False,
    add: bool = False,
    progress: Progress | None = None,
    stop: CrawlStop | None = None,
) -> CrawlReport:
    """Crawl from ``roots`` into ``out`` (``crawl.sqlite`` + ``crawl.warc.gz``).

    An existing store in ``out`` is resumed: what it holds is kept, what was queued or
    in flight when it stopped is fetched, and the WARC is cut back to the last stored
    page. A store holding a crawl of other roots is refused (``UsageError``) unless
    ``fresh=True`` (start over) or ``add=True`` (add these roots to that crawl).
    ``ca_bundle`` is ``settings.ca_bundle``. ``stop`` lets another thread or a signal
    handler end the crawl early; the report's ``stopped`` then says why.
    """
    from provenance.crawl.transport import network_settings_problem

    settings = settings or Settings()
    if ca_bundle:
        settings = settings.with_(ca_bundle=ca_bundle)
    problem = network_settings_problem(settings)
    for archive in settings.archives or ():
        problem = problem or archive_problem(archive)
    if problem:
        raise UsageError(problem)
    checked = check_roots(roots)
    transport = replay_transport(replay) if replay else None
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create output folder {folder}: {error.strerror}") from error
    if fresh:
        for name in (STORE_NAME, f"{STORE_NAME}-wal", f"{STORE_NAME}-shm", WARC_NAME):
            (folder / name).unlink(missing_ok=True)
    try:
        store = Store(folder / STORE_NAME)
    except StoreError as error:
        raise UsageError(str(error)) from error
    with store:
        known = store.get_json("roots", [])
        if known and set(known) != set(checked) and not add:
            raise UsageError(
                f"{folder} holds a crawl of other roots ({' '.join(sorted(known))});"
                " use --fresh to start over there, --add to add these roots to it,"
                " or another --out"
            )
        store.set_json("roots", sorted(set(known) | set(checked)))
        store.set_json(
            "settings",
            {
                "depth": settings.depth,
                "max_pages": settings.max_pages,
                "max_pages_per_outlet": settings.max_pages_per_outlet,
                "follow": settings.follow,
                **scope_settings(settings),
            },
        )
        if store.get_meta(info.META_STARTED) is None:
            store.set_meta(info.META_STARTED, _now())
        store.set_meta(info.META_FINISHED, "")
        report = run_sync(
            _crawl(checked, store, folder / WARC_NAME, settings, transport, progress, stop)
        )
        store.set_meta(info.META_FINISHED, _now())
    if transport is not None:
        report.warnings.extend(transport.warnings)
    return report


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class Trace:
    """A finished trace: the document graph, its claims, and where it was crawled to."""

    graph: nx.MultiDiGraph[str]
    claims: list[TracedClaim]
    settings: Settings = field(default_factory=Settings)
    folder: Path | None = None
    report: CrawlReport = field(default_factory=CrawlReport)
    pages: dict[str, Page] = field(default_factory=dict, repr=False)
    _tempdir: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    @classmethod
    def from_store(
        cls,
        folder: str | Path,
        settings: Settings | None = None,
        *,
        support_threshold: float | None = None,
        primary_domains: Sequence[str] = (),
    ) -> Trace:
        """Rebuild the analysis from an existing ``crawl.sqlite`` without crawling.

        ``support_threshold`` and ``primary_domains`` re-run the analysis with another
        threshold or extra primary-source domains (added to ``settings.primary_domains``);
        the store is only read. ``report`` counts what the stored crawl fetched.
        """
        if support_threshold is not None and not 0.0 <= support_threshold <= 1.0:
            raise UsageError(f"support threshold must be in 0..1, not {support_threshold}")
        path = Path(folder)
        store_path = path / STORE_NAME if path.is_dir() else path
        if not store_path.is_file():
            raise UsageError(f"no crawl store at {store_path}")
        try:
            # Read-only: reading a crawl never changes it, and works on a store that is
            # read-only on disk.
            with Store(store_path, readonly=True) as store:
                stored = store.get_json("settings", {})
                if not isinstance(stored, dict):
                    raise StoreError(f"{store_path} is damaged: its settings are unreadable")
                settings = settings or Settings(follow=stored.get("follow", "attribution"))
                if support_threshold is not None:
                    settings = settings.with_(support_threshold=support_threshold)
                if primary_domains:
                    extra = tuple(domain.strip().lower().strip(".") for domain in primary_domains)
                    settings = settings.with_(
                        primary_domains=tuple(dict.fromkeys((*settings.primary_domains, *extra)))
                    )
                graph, pages, claims = analyze(store, settings)
                report = info.stored_report(store)
        except StoreError as error:
            raise UsageError(str(error)) from error
        return cls(graph, claims, settings, store_path.parent, report=report, pages=pages)

    def outlets(self) -> nx.DiGraph[str]:
        """The outlet graph: edges weighted by citation and republication counts."""
        return outlet_graph(self.graph)

    # --- Jupyter (provenance/notebook.py does the work) ---

    def __repr__(self) -> str:
        return notebook.summary_text(self.graph, self.claims)

    def _repr_html_(self) -> str:
        """The notebook summary: roots, documents, outlets, edges, claims by status."""
        return notebook.summary_html(
            self.graph, self.claims, failed_roots=self.report.failed_roots, folder=self.folder
        )

    def show(self, *, outlets: bool = False, height: int = notebook.VIEW_HEIGHT) -> None:
        """Display the interactive view inline in Jupyter (JupyterLab, Notebook, VS Code).

        The self-contained ``graph.html`` page runs in a sandboxed frame, so it needs no
        network and cannot touch the notebook. ``outlets=True`` shows the outlet graph.
        Outside a notebook the page opens in the web browser.
        """
        from provenance.render.style import annotate_outlets

        graph = annotate_outlets(self.outlets(), self.graph) if outlets else self.graph
        notebook.show(notebook.inline_view(graph, outlets=outlets, height=height))

    def claims_frame(self) -> notebook.DataFrame:
        """The claims as a pandas DataFrame: the ``claims.csv`` columns, then
        ``origin_outlets`` (needs ``pip install 'provenance[notebook]'``)."""
        return notebook.claims_frame(self.claims, self.graph)

    def nodes_frame(self, *, outlets: bool = False) -> notebook.DataFrame:
        """The documents (or, with ``outlets=True``, the outlets) as a pandas DataFrame,
        one row each, the contract's attributes as columns; dates as UTC datetimes."""
        if outlets:
            return notebook.outlet_nodes_frame(self.outlets())
        return notebook.nodes_frame(self.graph)

    def edges_frame(self, *, outlets: bool = False, direction: str = "flow") -> notebook.DataFrame:
        """The edges (or the outlet edges) as a pandas DataFrame: ``source, target``, then
        the attributes. ``direction="links"`` reverses the document edges."""
        if outlets:
            return notebook.outlet_edges_frame(self.outlets())
        return notebook.edges_frame(self.graph, direction=direction)

    def chain(self, claim_id: str) -> notebook.Chain:
        """One claim's path, from the citing article to where its trace stopped, with the
        supporting passage of each page checked. ``KeyError`` for an unknown id."""
        return notebook.chain(notebook.find_claim(self.claims, claim_id), self.graph)

    def write(self, out: str | Path, *, direction: str = "flow") -> Path:
        """Write every output file of DESIGN section 3 into ``out``; returns the folder.

        ``direction="links"`` writes GEXF, GraphML, JSON and CSV in hyperlink direction
        (citing -> cited); the HTML views and PROV always show the information flow.
        """
        from provenance.render import write_all

        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        write_all(self.graph, self.outlets(), folder, direction=direction)
        if self.folder is not None and self.folder.resolve() != folder.resolve():
            for name in (STORE_NAME, WARC_NAME):
                if (self.folder / name).exists():
                    shutil.copyfile(self.folder / name, folder / name)
        return folder


def trace(
    roots: Sequence[str] | str,
    *,
    depth: int | None = None,
    max_pages: int | None = None,
    follow: Follow | None = None,
    replay: Sequence[str | Path] | None = None,
    proxy: str | None = None,
    allow_private: bool | None = None,
    out: str | Path | None = None,
    settings: Settings | None = None,
    ca_bundle: str | None = None,
    fresh: bool = False,
    add: bool = False,
    progress: Progress | None = None,
    stop: CrawlStop | None = None,
    archives: Sequence[str] | None = None,
) -> Trace:
    """Crawl from ``roots``, analyse, and return the ``Trace``.

    With ``out``, the crawl store and WARC go there (and an interrupted crawl of the
    same roots into the same folder resumes; other roots need ``fresh`` or ``add``);
    without it, into a temporary folder that lives as long as the returned ``Trace``.
    ``t.write(folder)`` writes the graphs. The crawl stops at ``settings.time_budget``
    or when ``stop`` is requested; the analysis then runs on what was fetched.
    ``archives`` names the web archives asked for dead links (``Settings.archives``;
    ``[]`` asks none). With ``settings``, a keyword left at its default keeps the value
    ``settings`` holds.
    """
    # An argument given here overrides ``settings``; one left at None keeps its value.
    given = {
        "depth": depth,
        "max_pages": max_pages,
        "follow": follow,
        "proxy": proxy,
        "allow_private": allow_private,
    }
    settings = (settings or Settings()).with_(
        **{name: value for name, value in given.items() if value is not None}
    )
    if settings.follow not in ("attribution", "body"):
        raise UsageError(f"follow must be 'attribution' or 'body', not {settings.follow!r}")
    if settings.depth < 0 or settings.max_pages < 1:
        raise UsageError("depth must be >= 0 and max_pages >= 1")
    roots = [roots] if isinstance(roots, str) else list(roots)
    if archives is not None:
        if isinstance(archives, str):
            archives = [archives]
        settings = settings.with_(archives=tuple(archives))
    tempdir = None
    if out is None:
        tempdir = tempfile.TemporaryDirectory(prefix="provenance-")
        out = tempdir.name
    report = crawl(
        roots,
        out,
        settings=settings,
        replay=replay,
        ca_bundle=ca_bundle,
        fresh=fresh,
        add=add,
        progress=progress,
        stop=stop,
    )
    result = Trace.from_store(out, settings)
    result.report = report
    result._tempdir = tempdir
    return result
