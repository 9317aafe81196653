"""The outlet graph: documents aggregated to the outlets that published them."""

from __future__ import annotations

import networkx as nx

from provenance.models import (
    EDGE_CITATION,
    EDGE_REPUBLICATION,
    KIND_BLOCKED,
    KIND_UNREACHABLE,
    KIND_UNVISITED,
)

_NOT_CRAWLED = frozenset({KIND_UNREACHABLE, KIND_BLOCKED, KIND_UNVISITED})


def outlet_graph(graph: nx.MultiDiGraph[str]) -> nx.DiGraph[str]:
    """A ``DiGraph`` of outlets; an edge A -> B counts the information that flowed from A to B.

    Node attributes: ``outlet_name``, ``documents`` (nodes of that outlet), ``articles``
    (documents crawled successfully), ``first_published`` (earliest date seen), ``root``.
    Edge attributes: ``weight`` (all edges), ``citations``, ``republications``.
    Edges inside one outlet are left out.
    """
    outlets: nx.DiGraph[str] = nx.DiGraph()
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        outlet = str(data.get("outlet") or node)
        if outlet not in outlets:
            outlets.add_node(
                outlet, outlet_name="", documents=0, articles=0, first_published="", root=False
            )
        attributes = outlets.nodes[outlet]
        attributes["documents"] += 1
        if data.get("kind") not in _NOT_CRAWLED:
            attributes["articles"] += 1
        if data.get("outlet_name") and not attributes["outlet_name"]:
            attributes["outlet_name"] = data["outlet_name"]
        published = str(data.get("published") or "")[:10]
        if published and (
            not attributes["first_published"] or published < attributes["first_published"]
        ):
            attributes["first_published"] = published
        attributes["root"] = bool(attributes["root"] or data.get("root"))
    for source, target, data in graph.edges(data=True):
        first = str(graph.nodes[source].get("outlet") or source)
        second = str(graph.nodes[target].get("outlet") or target)
        if first == second:
            continue
        if not outlets.has_edge(first, second):
            outlets.add_edge(first, second, weight=0, citations=0, republications=0)
        edge = outlets[first][second]
        edge["weight"] += 1
        if data.get("kind") == EDGE_CITATION:
            edge["citations"] += 1
        elif data.get("kind") == EDGE_REPUBLICATION:
            edge["republications"] += 1
    return outlets
