"""Jupyter support behind ``Trace``: pandas tables, the inline view, a claim's chain.

``Trace`` keeps its notebook methods thin and calls the functions here:

* ``claims_frame``, ``nodes_frame``, ``edges_frame`` (and the outlet variants) build
  pandas DataFrames whose columns are the graph contract (DESIGN section 3) in contract
  order, followed by any other attribute found, sorted by name;
* ``inline_view`` / ``show`` put the self-contained HTML view (``render_html``) into an
  ``<iframe srcdoc>``, which JupyterLab, the classic Notebook and VS Code all display
  (pyvis's notebook mode does not), with the page's own Content-Security-Policy intact
  and its scripts kept away from the notebook (the frame is sandboxed to an opaque origin);
* ``summary_html`` is the ``Trace``'s own notebook representation;
* ``chain`` walks one claim from the citing article to where its trace stopped.

pandas is optional (``pip install 'provenance[notebook]'``) and imported only when a table
is asked for; without it those calls raise :class:`MissingDependencyError`, an
``ImportError`` with a one-line message naming the extra. The view and the chain need
nothing beyond the core dependencies.
"""

from __future__ import annotations

import html
import importlib
import re
import sys
import tempfile
import webbrowser
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from provenance.models import (
    CLAIM_COLUMNS,
    CLAIM_STATUSES,
    EDGE_CITATION,
    EDGE_REPUBLICATION,
    KIND_BLOCKED,
    KIND_UNREACHABLE,
    KIND_UNVISITED,
    TracedClaim,
)
from provenance.render._attrs import (
    EDGE_COLUMNS,
    EDGE_EXTRA_COLUMNS,
    NODE_COLUMNS,
    oriented,
    sorted_edges,
    sorted_nodes,
)
from provenance.render.html import STATUS_COLORS, render_html

__all__ = [
    "NOTEBOOK_EXTRA",
    "VIEW_HEIGHT",
    "Chain",
    "Hop",
    "InlineView",
    "MissingDependencyError",
    "chain",
    "claims_frame",
    "edges_frame",
    "find_claim",
    "iframe",
    "in_notebook",
    "inline_view",
    "nodes_frame",
    "outlet_edges_frame",
    "outlet_nodes_frame",
    "require",
    "show",
    "summary_html",
    "summary_text",
]

NOTEBOOK_EXTRA = "provenance[notebook]"
"""The optional dependencies for notebooks: pandas, matplotlib, IPython."""

DataFrame = Any
"""A ``pandas.DataFrame``. Typed loosely on purpose: pandas is optional and untyped, and
naming it here would make the package's type check depend on it."""

# Tall enough for the view's claims panel and a usable canvas side by side; a notebook
# cell scrolls past it. ``show(height=...)`` changes it.
VIEW_HEIGHT = 640

# The frame may run its own (hash-pinned) scripts and open a clicked source URL in a new,
# unsandboxed tab; it gets no same-origin access, so it cannot read or script the notebook.
IFRAME_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"

# Columns read as dates or numbers in the frames; every other column keeps its Python value.
_DATE_COLUMNS = frozenset({"first_published"})
_PUBLISHED = "published"
_PUBLISHED_DAY = "published_day"
_BARE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FLOAT_COLUMNS = frozenset({"support", "similarity", "jaccard", "containment"})
_NOT_FETCHED = frozenset({KIND_UNREACHABLE, KIND_BLOCKED, KIND_UNVISITED})
_CLAIM_EXTRA_COLUMNS = ("origin_outlets",)
_BEYOND_C1 = re.compile("[^\x00-\x9f]")


class MissingDependencyError(ImportError):
    """An optional dependency of the notebook helpers is not installed."""


def require(module: str) -> Any:
    """Import ``module``, or raise :class:`MissingDependencyError` naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(
            f"{module} is needed for this; install it with: pip install '{NOTEBOOK_EXTRA}'",
            name=module,
        ) from None


# --- DataFrames ---------------------------------------------------------------------------


def claims_frame(claims: Sequence[TracedClaim], graph: nx.MultiDiGraph[str]) -> DataFrame:
    """One row per traced claim, in the order of ``claims``.

    Columns: those of ``claims.csv`` (``claim_id, citing_url, claim, anchor, cue,
    cited_url, status, origin_urls, hops, chain, ...``), then ``origin_outlets``. ``hops``
    is an int. The columns ``claims.csv`` writes space-separated (``origin_urls``,
    ``chain``, ``via_archive``) are lists here, as in ``provenance claims --format json``,
    so ``frame.explode("chain")`` gives one row per hop; ``" ".join(cell)`` is the CSV
    cell, and ``pd.read_csv("claims.csv")`` with those columns ``.str.split()`` is this frame.
    ``origin_outlets`` is the list of the origins' registrable domains (``outlet``).
    ``chain`` runs from where the trace stopped to the citing page, as in ``claims.csv``.
    """
    records = []
    for claim in claims:
        record: dict[str, Any] = {name: getattr(claim, name) for name in CLAIM_COLUMNS}
        record["origin_urls"] = list(claim.origin_urls)
        record["chain"] = list(claim.chain)
        record["via_archive"] = list(claim.via_archive)
        record["origin_outlets"] = [_outlet(graph, url) for url in claim.origin_urls]
        records.append(record)
    return _frame(records, (*CLAIM_COLUMNS, *_CLAIM_EXTRA_COLUMNS))


def nodes_frame(graph: nx.MultiDiGraph[str]) -> DataFrame:
    """One row per document: the node attributes of the contract, in contract order.

    ``published`` keeps the page's precision: a ``datetime.date`` for a bare date, a UTC
    ``Timestamp`` for a datetime, ``None`` when unknown; ``published_day`` (added after
    the contract's columns) is the calendar day as the page states it, a
    ``datetime.date`` throughout, to sort and group by. ``depth`` is an int and ``root`` a
    bool. Rows are sorted by URL.
    """
    records = [{**data, "url": str(node)} for node, data in sorted_nodes(graph)]
    return _frame(records, NODE_COLUMNS)


def edges_frame(graph: nx.MultiDiGraph[str], *, direction: str = "flow") -> DataFrame:
    """One row per edge, parallel edges included: ``source, target, key``, then the edge
    attributes of the contract (``support`` and ``similarity`` as floats, NaN when unknown).

    ``direction="flow"`` (the default) keeps the graph's direction (cited -> citing,
    original -> copy); ``"links"`` reverses it, the way the hyperlinks point.
    """
    records = [
        {**data, "source": source, "target": target, "key": key}
        for source, target, key, data in sorted_edges(oriented(graph, direction))
    ]
    return _frame(records, ("source", "target", "key", *EDGE_COLUMNS, *EDGE_EXTRA_COLUMNS))


def outlet_nodes_frame(outlets: nx.DiGraph[str]) -> DataFrame:
    """One row per outlet of ``outlet_graph``: ``outlet, outlet_name, documents, articles,
    first_published, root``; ``first_published`` is a UTC ``datetime64`` column."""
    records = [{**data, "outlet": str(node)} for node, data in sorted_nodes(outlets)]
    columns = ("outlet", "outlet_name", "documents", "articles", "first_published", "root")
    return _frame(records, columns)


def outlet_edges_frame(outlets: nx.DiGraph[str]) -> DataFrame:
    """One row per outlet edge, information-flow direction: ``source, target, weight,
    citations, republications``."""
    records = [
        {**data, "source": source, "target": target}
        for source, target, _key, data in sorted_edges(outlets)
    ]
    return _frame(records, ("source", "target", "weight", "citations", "republications"))


def _frame(records: list[dict[str, Any]], columns: Sequence[str]) -> DataFrame:
    pandas = require("pandas")
    extra = sorted({name for record in records for name in record} - set(columns))
    names = [*columns, *extra]
    frame = pandas.DataFrame.from_records(
        [[record.get(name) for name in names] for record in records], columns=names
    )
    for name in names:
        if name == _PUBLISHED:
            # A bare date stays a date (no invented midnight, no invented zone); a
            # datetime becomes a UTC Timestamp. ``published_day`` is the calendar day as
            # the page states it, one type throughout, for sorting and grouping.
            frame[name] = frame[name].map(_published_value)
            frame[_PUBLISHED_DAY] = frame[name].map(_day_of)
        elif name in _DATE_COLUMNS:
            text = frame[name].map(lambda value: str(value) if value else None)
            frame[name] = pandas.to_datetime(text, utc=True, format="ISO8601", errors="coerce")
        elif name in _FLOAT_COLUMNS:
            frame[name] = pandas.to_numeric(frame[name], errors="coerce").astype("float64")
    return frame


def _published_value(value: object) -> Any:
    pandas = require("pandas")
    text = str(value).strip() if value else ""
    if not text:
        return None
    if _BARE_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    stamp = pandas.to_datetime(text, utc=True, format="ISO8601", errors="coerce")
    return None if pandas.isna(stamp) else stamp


def _day_of(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _outlet(graph: nx.MultiDiGraph[str], url: str) -> str:
    return str(graph.nodes[url].get("outlet", "")) if url in graph else ""


# --- one claim's chain --------------------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    """One document on a claim's chain, as seen walking from the citing article."""

    hop: int
    """0 for the citing article; the last hop is where the trace stopped."""
    url: str
    outlet: str
    outlet_name: str
    title: str
    published: str
    kind: str
    reached_by: str
    """How the walk got here from the previous hop: ``citation`` (the previous page cites
    this one) or ``republication`` (the previous page republishes this one); empty for hop 0."""
    support: float | None
    """How well this page's best passage supports the claim; None where it was not checked
    (the citing article, and the originals it republishes)."""
    passage: str
    """The supporting passage of this page; empty where it was not checked."""


@dataclass(frozen=True, repr=False)
class Chain:
    """One claim's path from the citing article to where its trace stopped.

    Iterate it for :class:`Hop` rows, call :meth:`frame` for a DataFrame; in a notebook it
    shows as a list of hops with their supporting passages.
    """

    claim: TracedClaim
    hops: tuple[Hop, ...]

    def __len__(self) -> int:
        return len(self.hops)

    def __iter__(self) -> Iterator[Hop]:
        return iter(self.hops)

    def __getitem__(self, index: int) -> Hop:
        return self.hops[index]

    @property
    def urls(self) -> list[str]:
        """The URLs of the hops, citing article first."""
        return [hop.url for hop in self.hops]

    def frame(self) -> DataFrame:
        """The hops as a DataFrame, one row per hop (needs pandas)."""
        columns = tuple(field.name for field in fields(Hop))
        return _frame([asdict(hop) for hop in self.hops], columns)

    def __repr__(self) -> str:
        # Read in a terminal: the claim, then one line per hop and its passage.
        lines = [f"{self.claim.claim_id} [{self.claim.status}] {self.claim.claim}"]
        for hop in self.hops:
            how = hop.reached_by or "citing article"
            support = "" if hop.support is None else f"  support {hop.support:.2f}"
            lines.append(f"  {hop.hop}  {hop.outlet or '-'}  ({how}){support}  {hop.url}")
            if hop.passage:
                lines.append(f"       “{hop.passage}”")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = _escape
        items = []
        for hop in self.hops:
            meta = [
                "citing article" if hop.hop == 0 else f"hop {hop.hop} · {hop.reached_by}",
                hop.outlet_name or hop.outlet,
                hop.published,
                hop.kind,
            ]
            if hop.hop == len(self.hops) - 1 and hop.hop:
                meta.append(f"trace stopped: {self.claim.status}")
            parts = [
                f"<strong>{e(hop.title or hop.url)}</strong>",
                f"<div style='color:#57606a'>{e(' · '.join(filter(None, meta)))}</div>",
                f"<div><code>{e(hop.url)}</code></div>",
            ]
            if hop.support is not None:
                parts.append(f"<div>support {hop.support:.2f}</div>")
            if hop.passage:
                parts.append(
                    "<blockquote style='margin:4px 0 0 0;padding-left:8px;"
                    f"border-left:3px solid #d0d7de'>{e(hop.passage)}</blockquote>"
                )
            items.append(f"<li style='margin-bottom:8px'>{''.join(parts)}</li>")
        return (
            f"<div class='provenance-chain'><p>{_badge(self.claim.status)} "
            f"<code>{e(self.claim.claim_id)}</code> {e(self.claim.claim)}</p>"
            f"<ol start='0'>{''.join(items)}</ol></div>"
        )


def chain(claim: TracedClaim, graph: nx.MultiDiGraph[str]) -> Chain:
    """The hops of ``claim``, from its citing article to where its trace stopped."""
    passages: dict[str, tuple[float | None, str]] = {}
    for url, score, text in claim.passages:
        passages.setdefault(url, (score, text))
    urls = list(reversed(claim.chain))
    hops = []
    for index, url in enumerate(urls):
        data: Mapping[str, Any] = graph.nodes[url] if url in graph else {}
        support, passage = passages.get(url, (None, ""))
        hops.append(
            Hop(
                hop=index,
                url=url,
                outlet=str(data.get("outlet", "")),
                outlet_name=str(data.get("outlet_name", "")),
                title=str(data.get("title", "")),
                published=str(data.get("published", "")),
                kind=str(data.get("kind", "")),
                reached_by=_reached_by(graph, urls[index - 1], url) if index else "",
                support=support,
                passage=passage,
            )
        )
    return Chain(claim, tuple(hops))


def _reached_by(graph: nx.MultiDiGraph[str], walked_from: str, url: str) -> str:
    # Information flowed url -> walked_from; a republication explains the step better than
    # a citation when both exist, and it is the way the tracer takes first.
    edges: Mapping[Any, Mapping[str, Any]] = graph.get_edge_data(url, walked_from, default={})
    kinds = {data.get("kind") for data in edges.values()}
    if EDGE_REPUBLICATION in kinds:
        return EDGE_REPUBLICATION
    return EDGE_CITATION if EDGE_CITATION in kinds else ""


def find_claim(claims: Iterable[TracedClaim], claim_id: str) -> TracedClaim:
    """The claim with ``claim_id``; a ``KeyError`` naming the known ids otherwise."""
    known = []
    for claim in claims:
        if claim.claim_id == claim_id:
            return claim
        known.append(claim.claim_id)
    raise KeyError(f"no claim {claim_id!r} in this trace; its claims are {', '.join(known)}")


# --- the inline view ----------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class InlineView:
    """The interactive view embedded in a sandboxed ``<iframe srcdoc>`` for notebooks."""

    page: str
    """The self-contained HTML page (``render_html``)."""
    height: int = VIEW_HEIGHT

    def __repr__(self) -> str:
        # The plain-text fallback a notebook stores beside the HTML: not the whole page.
        return f"<provenance view: {len(self.page) // 1000} kB page, {self.height}px high>"

    def _repr_html_(self) -> str:
        return iframe(self.page, height=self.height)

    def save(self, path: str | Path) -> Path:
        """Write the page itself (not the frame) to ``path``, to open in a browser."""
        target = Path(path)
        target.write_text(self.page, encoding="utf-8")
        return target


def iframe(page: str, *, height: int = VIEW_HEIGHT, title: str = "provenance view") -> str:
    """``page`` inside an isolated frame, sandboxed to scripts and popups only.

    ``srcdoc`` is escaped as an attribute value (``&``, ``<``, ``>`` and both quotes), and
    characters from U+00A0 up become character references, so the frame receives the page
    character for character (and the script hashes of its policy match) even where the
    embedding document is not read as UTF-8. C1 controls stay as they are: HTML reads
    ``&#133;`` as "…", not U+0085 (vis-network has one in a regular expression).
    """
    srcdoc = _BEYOND_C1.sub(lambda match: f"&#{ord(match.group())};", html.escape(page))
    return (
        f'<iframe srcdoc="{srcdoc}" sandbox="{IFRAME_SANDBOX}" '
        f'title="{html.escape(title, quote=True)}" referrerpolicy="no-referrer" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #d0d7de;'
        'border-radius:4px;box-sizing:border-box;display:block"></iframe>'
    )


def inline_view(
    graph: nx.DiGraph[Any],
    *,
    outlets: bool = False,
    height: int = VIEW_HEIGHT,
    title: str = "provenance",
) -> InlineView:
    """The view of a document graph (or, with ``outlets=True``, an outlet graph)."""
    return InlineView(render_html(graph, title=title, outlets=outlets), height)


def in_notebook() -> bool:
    """True inside a Jupyter kernel (JupyterLab, Notebook, VS Code, ...), not a terminal."""
    # IPython is never imported here: a kernel has imported it already.
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


def show(view: InlineView) -> None:
    """Display ``view`` inline in a notebook; elsewhere, open it in the web browser."""
    if in_notebook():
        display = importlib.import_module("IPython.display").display
        display(view)
        return
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", suffix=".html", prefix="provenance-view-", delete=False
    ) as file:
        file.write(view.page)
    webbrowser.open(Path(file.name).as_uri())


# --- the Trace's summary ------------------------------------------------------------------


def summary_html(
    graph: nx.MultiDiGraph[str],
    claims: Sequence[TracedClaim],
    *,
    failed_roots: Sequence[str] = (),
    folder: Path | None = None,
) -> str:
    """A short HTML summary: roots, documents, outlets, edges, claims by status."""
    e = _escape
    kinds: dict[str, int] = {}
    for _, kind in graph.nodes(data="kind"):
        kinds[str(kind)] = kinds.get(str(kind), 0) + 1
    fetched = sum(count for kind, count in kinds.items() if kind not in _NOT_FETCHED)
    edge_kinds: dict[str, int] = {}
    for _, _, kind in graph.edges(data="kind"):
        edge_kinds[str(kind)] = edge_kinds.get(str(kind), 0) + 1
    outlets = {str(outlet) for _, outlet in graph.nodes(data="outlet") if outlet}
    statuses = {status: 0 for status in CLAIM_STATUSES}
    for claim in claims:
        statuses[claim.status] = statuses.get(claim.status, 0) + 1

    roots = [str(root) for root in graph.graph.get("roots", [])]
    rows = [
        ("roots", "<br>".join(f"<code>{e(root)}</code>" for root in roots) or "none"),
        ("documents", f"{graph.number_of_nodes()} ({fetched} fetched; {_counts(kinds)})"),
        ("outlets", str(len(outlets))),
        ("edges", f"{graph.number_of_edges()} ({_counts(edge_kinds)})"),
        (
            "claims",
            f"{len(claims)}: "
            + " ".join(f"{_badge(status)}&nbsp;{count}" for status, count in statuses.items()),
        ),
    ]
    if failed_roots:
        rows.append(("not fetched", "<br>".join(f"<code>{e(u)}</code>" for u in failed_roots)))
    if folder is not None:
        rows.append(("folder", f"<code>{e(str(folder))}</code>"))
    body = "".join(
        f"<tr><th style='text-align:left;vertical-align:top'>{name}</th>"
        f"<td style='text-align:left'>{value}</td></tr>"
        for name, value in rows
    )
    return (
        "<div class='provenance-trace'><strong>provenance trace</strong>"
        f"<table>{body}</table><small><code>t.show()</code> draws the graph · "
        "<code>t.claims_frame()</code> lists the claims · "
        "<code>t.chain(claim_id)</code> walks one claim</small></div>"
    )


def summary_text(graph: nx.MultiDiGraph[str], claims: Sequence[TracedClaim]) -> str:
    """One line: roots, documents, edges, outlets and claims by status."""
    roots = [str(root) for root in graph.graph.get("roots", [])]
    outlets = {str(outlet) for _, outlet in graph.nodes(data="outlet") if outlet}
    statuses: dict[str, int] = {}
    for claim in claims:
        statuses[claim.status] = statuses.get(claim.status, 0) + 1
    by_status = ", ".join(f"{status} {count}" for status, count in statuses.items())
    return (
        f"<provenance trace of {', '.join(roots) or 'no root'}: "
        f"{graph.number_of_nodes()} documents, {graph.number_of_edges()} edges, "
        f"{len(outlets)} outlets, {len(claims)} claims" + (f" ({by_status})>" if claims else ">")
    )


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{count} {_escape(name)}" for name, count in sorted(counts.items()))


def _badge(status: str) -> str:
    background, text = STATUS_COLORS.get(status, ("#DDDDDD", "#000000"))
    return (
        f"<span style='background:{background};color:{text};padding:0 6px;"
        f"border-radius:8px;white-space:nowrap'>{_escape(status)}</span>"
    )


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
