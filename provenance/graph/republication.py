"""Republication edges: explicit signals, then near-duplicate text, original -> copy.

Every explicit signal the extractor found (credit and source lines, cross-outlet
canonical and og:url, JSON-LD ``isBasedOn``, feed footers) becomes an edge with its
``evidence``. A credit line that names only an outlet ("first published by The Harbour
Ledger") points at that outlet's crawled document with the same text when there is one,
else at the outlet's home page as an ``unvisited`` node.

Text reuse between documents of different outlets becomes an edge too. Its direction
is decided by, in order: an explicit credit (the copy names its source), publication
dates (the earlier is the original), containment (an excerpt is the copy), then crawl
depth (we reach sources by walking away from the roots, so the deeper of two copies is
the likelier original). The edge attribute ``decided_by`` records which.

A story copied from outlet to outlet is found as reuse between every two of its copies;
``reduce_to_chains`` keeps, for each copy, only the source it was most likely taken
from, so that A -> B -> C comes out as a path and not as a triangle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime

import networkx as nx

from provenance.graph import sketch
from provenance.graph.build import add_unvisited
from provenance.graph.reuse import Reuse, compare, is_reuse
from provenance.graph.thresholds import EXCERPT_SIZE_RATIO, REUSE_CONTAINMENT
from provenance.models import (
    EDGE_REPUBLICATION,
    KIND_ARTICLE,
    KIND_PAGE,
    Page,
)
from provenance.urls import identity, normalize, outlet_of

EVIDENCE_ORDER = ("credit-line", "canonical", "og-url", "json-ld", "feed-footer", "text-reuse")
TEXT_REUSE = "text-reuse"
REUSABLE_KINDS = frozenset({KIND_ARTICLE, KIND_PAGE})
"""Kinds whose text is compared: documents and media have no extracted text."""

DECIDED_BY_CREDIT = "credit"
DECIDED_BY_DATE = "date"
DECIDED_BY_CONTAINMENT = "containment"
DECIDED_BY_DEPTH = "depth"

_DOMAIN_LIKE = re.compile(r"^(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?$", re.IGNORECASE)


def _when(value: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def earlier(first: str, second: str) -> int:
    """-1 if ``first`` was published before ``second``, 1 if after, 0 if unknown or equal.

    Two dates without times on the same day are equal: neither is known to be first.
    """
    a, b = _when(first), _when(second)
    if a is None or b is None:
        return 0
    if len(first) <= 10 or len(second) <= 10:
        a_day, b_day = a.date(), b.date()
        return -1 if a_day < b_day else 1 if a_day > b_day else 0
    return -1 if a < b else 1 if a > b else 0


def _name_key(name: str) -> str:
    words = re.findall(r"\w+", name.lower())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class _Texts:
    """Exact shingle sets of the crawled documents, computed once."""

    def __init__(self, pages: dict[str, Page]) -> None:
        keys = sorted(pages)
        self.sets = dict(zip(keys, sketch.shingle_sets([pages[k].text for k in keys]), strict=True))

    def overlap(self, first: str, second: str) -> tuple[float, float] | None:
        if first not in self.sets or second not in self.sets:
            return None
        if not len(self.sets[first]) or not len(self.sets[second]):
            return None
        return compare(self.sets[first], self.sets[second])


def resolve_named_outlet(
    name: str, copy: str, graph: nx.MultiDiGraph[str], texts: _Texts
) -> tuple[str, bool]:
    """The document a credit line naming only an outlet points at, and whether it is new.

    The named outlet's crawled document with the most shared text, if that text is
    reuse; else the outlet's home page (to be added as ``unvisited``); else "".
    """
    wanted = _name_key(name)
    if not wanted:
        return "", False
    domain = ""
    if _DOMAIN_LIKE.match(name.strip()):
        domain = outlet_of(normalize(name if "//" in name else f"https://{name.strip()}"))
    outlets = {domain} if domain else set()
    for _, data in graph.nodes(data=True):
        named = bool(data.get("outlet_name")) and _name_key(str(data["outlet_name"])) == wanted
        if named or str(data.get("outlet", "")).lower() == name.strip().lower():
            outlets.add(str(data["outlet"]))
    copy_outlet = graph.nodes[copy].get("outlet")
    outlets.discard(str(copy_outlet))
    if not outlets:
        return "", False
    best: tuple[float, str] | None = None
    for node, data in graph.nodes(data=True):
        if node == copy or data.get("outlet") not in outlets:
            continue
        measured = texts.overlap(copy, node)
        if measured is None or not is_reuse(*measured):
            continue
        candidate = (max(measured), node)
        if best is None or candidate > best:
            best = candidate
    if best is not None:
        return best[1], False
    home = normalize(f"https://{sorted(outlets)[0]}/")
    return home, home not in graph


class _Edge:
    """A republication edge being assembled."""

    def __init__(self) -> None:
        self.evidence: set[str] = set()
        self.credit: list[str] = []
        self.decided_by = DECIDED_BY_CREDIT
        self.overlap: tuple[float, float] | None = None

    @property
    def explicit(self) -> bool:
        return bool(self.evidence - {TEXT_REUSE})

    @property
    def similarity(self) -> float | None:
        return None if self.overlap is None else round(max(self.overlap), 4)


def explicit_edges(
    graph: nx.MultiDiGraph[str], pages: dict[str, Page], texts: _Texts
) -> dict[tuple[str, str], _Edge]:
    """(original, copy) -> edge for every explicit signal of every crawled page."""
    names = {identity(node): node for node in graph.nodes}
    edges: dict[tuple[str, str], _Edge] = {}
    for copy in sorted(pages):
        for signal in pages[copy].republication:
            if signal.url:
                original = names.get(identity(signal.url)) or normalize(signal.url)
                if original not in graph:
                    continue
            else:
                original, new = resolve_named_outlet(signal.outlet, copy, graph, texts)
                if not original:
                    continue
                if new:
                    add_unvisited(graph, original, int(graph.nodes[copy]["depth"]) + 1)
                    names[identity(original)] = original
            if original == copy or graph.nodes[original].get("outlet") == graph.nodes[copy].get(
                "outlet"
            ):
                continue  # the same outlet naming itself is not a republication
            edge = edges.setdefault((original, copy), _Edge())
            edge.evidence.add(signal.evidence)
            if signal.text and signal.text not in edge.credit:
                edge.credit.append(signal.text)
    return edges


def direct(
    graph: nx.MultiDiGraph[str], pair: Reuse, explicit: dict[tuple[str, str], _Edge]
) -> tuple[str, str, str]:
    """(original, copy, decided_by) of a text-reuse pair."""
    first, second = pair.first, pair.second
    if (first, second) in explicit:
        return first, second, DECIDED_BY_CREDIT
    if (second, first) in explicit:
        return second, first, DECIDED_BY_CREDIT
    order = earlier(str(graph.nodes[first]["published"]), str(graph.nodes[second]["published"]))
    reason = DECIDED_BY_DATE
    if order == 0:
        reason = DECIDED_BY_CONTAINMENT
        order = _containment_order(pair)
    if order == 0:
        reason = DECIDED_BY_DEPTH
        depth_first, depth_second = graph.nodes[first]["depth"], graph.nodes[second]["depth"]
        order = -1 if depth_first > depth_second else 1 if depth_first < depth_second else 0
    if order == 0:
        order = -1 if first < second else 1  # nothing to go by: a stable choice
    return (first, second, reason) if order < 0 else (second, first, reason)


def _containment_order(pair: Reuse) -> int:
    """-1 when ``second`` is an excerpt of ``first``, 1 for the reverse, else 0.

    A pair is an excerpt and its source when the smaller text is contained in the larger
    and clearly smaller (``EXCERPT_SIZE_RATIO``); two copies of about the same length are
    not told apart by a few words more or less.
    """
    if pair.containment < REUSE_CONTAINMENT:
        return 0
    small, large = sorted((pair.first_size, pair.second_size))
    if not large or small > EXCERPT_SIZE_RATIO * large:
        return 0
    return pair.size_order


def reduce_to_chains(edges: dict[tuple[str, str], _Edge]) -> dict[tuple[str, str], _Edge]:
    """Drop each text-reuse-only edge explained by a path through a closer source.

    For a copy C, a source P (text reuse only) is dropped when another source Q of C is
    related to P (one descends from the other through republication edges) and Q is at
    least as similar to C: C took the text from Q, and Q's relation to P is an edge of
    its own. Explicit edges are never dropped (the copy names its source); sources that
    are not related (a copy stitched from two stories) are all kept.
    """
    flow: nx.DiGraph[str] = nx.DiGraph()
    flow.add_edges_from(edges)
    descendants = {node: nx.descendants(flow, node) for node in flow.nodes}

    def related(first: str, second: str) -> bool:
        return second in descendants[first] or first in descendants[second]

    def rank(source: str, copy: str) -> tuple[float, int, str]:
        similarity = edges[(source, copy)].similarity or 0.0
        # At equal similarity the nearer source (the descendant) wins.
        depth_in_chain = sum(1 for other in flow.predecessors(copy) if other in descendants[source])
        return (similarity, -depth_in_chain, source)

    kept = dict(edges)
    for copy in sorted(flow.nodes):
        sources = sorted(flow.predecessors(copy))
        for source in sources:
            if edges[(source, copy)].explicit:
                continue
            for other in sources:
                if other == source or not related(source, other):
                    continue
                if rank(other, copy) > rank(source, copy) or (
                    rank(other, copy)[:2] == rank(source, copy)[:2] and other in descendants[source]
                ):
                    kept.pop((source, copy), None)
                    break
    return kept


def add_republication_edges(
    graph: nx.MultiDiGraph[str], pages: dict[str, Page], reuse: Iterable[Reuse]
) -> dict[tuple[str, str], _Edge]:
    """Add every republication edge to ``graph``; returns them by (original, copy)."""
    texts = _Texts(pages)
    edges = explicit_edges(graph, pages, texts)
    explicit = {pair: edge for pair, edge in edges.items() if edge.explicit}
    for pair in reuse:
        if graph.nodes[pair.first].get("outlet") == graph.nodes[pair.second].get("outlet"):
            continue
        original, copy, reason = direct(graph, pair, explicit)
        edge = edges.setdefault((original, copy), _Edge())
        edge.evidence.add(TEXT_REUSE)
        edge.overlap = (pair.jaccard, pair.containment)
        edge.decided_by = DECIDED_BY_CREDIT if edge.explicit else reason
    for (original, copy), edge in edges.items():
        if edge.overlap is None:
            edge.overlap = texts.overlap(original, copy)
    edges = reduce_to_chains(edges)
    for (original, copy), edge in sorted(edges.items()):
        jaccard, containment = edge.overlap if edge.overlap is not None else (None, None)
        graph.add_edge(
            original,
            copy,
            kind=EDGE_REPUBLICATION,
            claim_id="",
            claim="",
            anchor="",
            cue="",
            support=None,
            evidence="+".join(item for item in EVIDENCE_ORDER if item in edge.evidence),
            similarity=edge.similarity,
            decided_by=edge.decided_by,
            jaccard=None if jaccard is None else round(jaccard, 4),
            containment=None if containment is None else round(containment, 4),
            credit=" | ".join(edge.credit),
        )
    return edges
