"""Same-outlet copies of one document (AMP, print, mobile, tracking variants) become aliases.

``build_graph`` already merges the names a page gives itself (redirects, its own
``rel=canonical``, tracking parameters). Variants that do not say what they are a
variant of (a print view or a mobile host without a canonical link) are found here by
their text: two crawled documents of the same outlet whose shingle sets are nearly the
same (``ALIAS_JACCARD``) are one document. The preferred name is kept as the node; the
other becomes one of its ``aliases`` and its edges move to the kept node.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

import networkx as nx

from provenance.graph.build import claim_id
from provenance.graph.reuse import Reuse
from provenance.graph.thresholds import (
    ALIAS_JACCARD,
    VARIANT_HOST_LABELS,
    VARIANT_PATH_SEGMENTS,
    VARIANT_QUERY_KEYS,
)
from provenance.models import EDGE_CITATION, Page


def variant_marks(url: str) -> int:
    """How many signs of being a variant view ``url`` carries (0 for a plain article URL)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return 0
    host_labels = (parts.hostname or "").lower().split(".")
    segments = [segment.lower() for segment in parts.path.split("/") if segment]
    keys = {key.lower() for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    return (
        int(bool(host_labels) and host_labels[0] in VARIANT_HOST_LABELS)
        + sum(1 for segment in segments if segment in VARIANT_PATH_SEGMENTS)
        + len(keys & VARIANT_QUERY_KEYS)
        + int(bool(parts.query))
    )


def _preferred(graph: nx.MultiDiGraph[str], nodes: Iterable[str]) -> str:
    def rank(node: str) -> tuple[int, int, int, int, str]:
        data = graph.nodes[node]
        return (
            0 if data.get("root") else 1,
            variant_marks(node),
            int(data.get("depth", 0)),
            len(node),
            node,
        )

    return min(nodes, key=rank)


def _groups(graph: nx.MultiDiGraph[str], reuse: Iterable[Reuse]) -> list[set[str]]:
    links: nx.Graph[str] = nx.Graph()
    for pair in reuse:
        first, second = graph.nodes[pair.first], graph.nodes[pair.second]
        same_outlet = bool(first.get("outlet")) and first.get("outlet") == second.get("outlet")
        if same_outlet and pair.jaccard >= ALIAS_JACCARD:
            links.add_edge(pair.first, pair.second)
    return [set(component) for component in nx.connected_components(links)]


def merge_variants(
    graph: nx.MultiDiGraph[str], pages: dict[str, Page], reuse: list[Reuse]
) -> tuple[dict[str, str], list[Reuse]]:
    """Merge same-outlet copies in place; returns old node -> kept node, and ``reuse``
    restated on the kept nodes (pairs inside one merged document dropped, repeats kept
    once with their highest similarity)."""
    merged: dict[str, str] = {}
    for group in sorted(_groups(graph, reuse), key=lambda members: sorted(members)):
        keep = _preferred(graph, group)
        for node in sorted(group - {keep}):
            _merge_into(graph, pages, node, keep)
            merged[node] = keep
    if not merged:
        return merged, reuse
    roots = graph.graph.get("roots", [])
    graph.graph["roots"] = sorted({merged.get(root, root) for root in roots})
    restated: dict[tuple[str, str], Reuse] = {}
    for pair in reuse:
        first, second = merged.get(pair.first, pair.first), merged.get(pair.second, pair.second)
        if first == second:
            continue
        if first > second:
            first, second = second, first
            sizes = (pair.second_size, pair.first_size)
        else:
            sizes = (pair.first_size, pair.second_size)
        candidate = Reuse(first, second, pair.jaccard, pair.containment, *sizes)
        known = restated.get((first, second))
        if known is None or candidate.similarity > known.similarity:
            restated[(first, second)] = candidate
    return merged, [restated[key] for key in sorted(restated)]


def _merge_into(graph: nx.MultiDiGraph[str], pages: dict[str, Page], node: str, keep: str) -> None:
    data, kept = graph.nodes[node], graph.nodes[keep]
    aliases = set(str(kept.get("aliases", "")).split()) | set(str(data.get("aliases", "")).split())
    aliases.add(node)
    aliases.discard(keep)
    kept["aliases"] = " ".join(sorted(aliases))
    kept["depth"] = min(int(kept.get("depth", 0)), int(data.get("depth", 0)))
    kept["root"] = bool(kept.get("root")) or bool(data.get("root"))
    for field in ("title", "authors", "published", "language", "outlet_name"):
        if not kept.get(field) and data.get(field):
            kept[field] = data[field]
    existing = {
        (source, target, str(attributes.get("claim", "")), str(attributes.get("anchor", "")))
        for source, target, attributes in graph.edges(keep, data=True)
    } | {
        (source, target, str(attributes.get("claim", "")), str(attributes.get("anchor", "")))
        for source, target, attributes in graph.in_edges(keep, data=True)
    }
    moved = [
        (source, target, dict(attributes))
        for source, target, attributes in [
            *graph.in_edges(node, data=True),
            *graph.out_edges(node, data=True),
        ]
    ]
    graph.remove_node(node)
    pages.pop(node, None)
    for source, target, attributes in moved:
        source = keep if source == node else source
        target = keep if target == node else target
        if source == target:
            continue
        signature = (
            source,
            target,
            str(attributes.get("claim", "")),
            str(attributes.get("anchor", "")),
        )
        if signature in existing:
            continue
        existing.add(signature)
        if attributes.get("kind") == EDGE_CITATION:
            attributes["claim_id"] = claim_id(target, str(attributes["claim"]), source)
        graph.add_edge(source, target, **attributes)
