"""Republication edges: explicit signals, then near-duplicate text, original -> copy.

Direction is decided by, in order: an explicit credit (the copy names its source),
publication dates (the earlier is the original), containment (an excerpt is the copy),
then crawl depth (we reach sources by walking away from the roots, so the deeper of two
copies is the likelier original). The edge attribute ``decided_by`` records which.
"""

from __future__ import annotations

from datetime import UTC, datetime

import networkx as nx

from provenance.graph.reuse import Reuse, compare, find_reuse, shingles
from provenance.models import EDGE_REPUBLICATION, KIND_ARTICLE, KIND_PAGE, Page
from provenance.urls import identity, normalize, outlet_of

EVIDENCE_ORDER = ("credit-line", "canonical", "og-url", "json-ld", "feed-footer", "text-reuse")


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


def _named_outlet(
    name: str, copy: str, graph: nx.MultiDiGraph[str], texts: dict[str, set[str]]
) -> str:
    """The crawled article of the outlet a credit line names, with the most shared text."""
    wanted = name.lower().strip()
    candidates = [
        node
        for node, data in graph.nodes(data=True)
        if node != copy
        and node in texts
        and (data.get("outlet", "") == wanted or str(data.get("outlet_name", "")).lower() == wanted)
    ]
    scored = [(compare(texts[copy], texts[node])[1], node) for node in candidates if copy in texts]
    scored = [item for item in scored if item[0] > 0]
    return max(scored)[1] if scored else ""


def _add(
    graph: nx.MultiDiGraph[str],
    original: str,
    copy: str,
    evidence: set[str],
    similarity: float,
    decided_by: str,
) -> None:
    graph.add_edge(
        original,
        copy,
        kind=EDGE_REPUBLICATION,
        claim_id="",
        claim="",
        anchor="",
        cue="",
        support=None,
        evidence="+".join(item for item in EVIDENCE_ORDER if item in evidence),
        similarity=round(similarity, 4),
        decided_by=decided_by,
    )


def add_republication_edges(graph: nx.MultiDiGraph[str], pages: dict[str, Page]) -> list[Reuse]:
    """Add every republication edge to ``graph``; returns the text-reuse pairs found."""
    names = {identity(node): node for node in graph.nodes}
    texts = {key: shingles(page.text) for key, page in pages.items()}
    explicit: dict[tuple[str, str], set[str]] = {}
    for copy in sorted(pages):
        for signal in pages[copy].republication:
            if signal.url:
                original = names.get(identity(signal.url)) or normalize(signal.url)
            else:
                original = _named_outlet(signal.outlet, copy, graph, texts)
            if not original or original == copy or original not in graph:
                continue
            explicit.setdefault((original, copy), set()).add(signal.evidence)

    comparable = {
        key: page.text
        for key, page in pages.items()
        if graph.nodes[key].get("kind") in (KIND_ARTICLE, KIND_PAGE)
    }
    reuse = find_reuse(comparable, groups={key: outlet_of(key) for key in comparable})
    decided: dict[tuple[str, str], tuple[float, str]] = {}
    for pair in reuse:
        first, second = pair.first, pair.second
        if (first, second) in explicit:
            explicit[(first, second)].add("text-reuse")
            decided[(first, second)] = (pair.similarity, "credit")
            continue
        if (second, first) in explicit:
            explicit[(second, first)].add("text-reuse")
            decided[(second, first)] = (pair.similarity, "credit")
            continue
        order = earlier(graph.nodes[first]["published"], graph.nodes[second]["published"])
        reason = "date"
        if order == 0:
            reason = "containment"
            size_first, size_second = len(texts.get(first, ())), len(texts.get(second, ()))
            order = 1 if size_first < size_second else -1 if size_second < size_first else 0
        if order == 0:
            reason = "depth"
            depth_first, depth_second = graph.nodes[first]["depth"], graph.nodes[second]["depth"]
            order = -1 if depth_first > depth_second else 1
        original, copy = (first, second) if order < 0 else (second, first)
        explicit[(original, copy)] = {"text-reuse"}
        decided[(original, copy)] = (pair.similarity, reason)

    for (original, copy), evidence in sorted(explicit.items()):
        if (original, copy) in decided:
            similarity, reason = decided[(original, copy)]
        else:
            jaccard, containment = compare(texts.get(original, set()), texts.get(copy, set()))
            similarity, reason = max(jaccard, containment), "credit"
        _add(graph, original, copy, evidence, similarity, reason)
    return reuse
