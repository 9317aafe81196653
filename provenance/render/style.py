"""Visual roles, colours, sizes and positions shared by every view and export.

The HTML view and the GEXF files must agree (a researcher moving from the browser to
Gephi should see the same colours and the same picture), so both read them from here.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from provenance.models import (
    EDGE_REPUBLICATION,
    KIND_BLOCKED,
    KIND_UNREACHABLE,
    KIND_UNVISITED,
    STATUS_ORIGIN,
    STATUS_PRIMARY,
)

ROLE_ROOT = "root"
ROLE_ORIGIN = "origin"
ROLE_PRIMARY = "primary source"
ROLE_REPUBLISHER = "republisher"
ROLE_INTERMEDIATE = "intermediate"
ROLE_UNREACHABLE = "unreachable"

# Colour-blind-safe palette (Okabe-Ito), one colour per role; the legend lists them in
# this order.
ROLE_COLORS: dict[str, str] = {
    ROLE_ROOT: "#0072B2",
    ROLE_ORIGIN: "#D55E00",
    ROLE_PRIMARY: "#CC79A7",
    ROLE_REPUBLISHER: "#E69F00",
    ROLE_INTERMEDIATE: "#56B4E9",
    ROLE_UNREACHABLE: "#999999",
}

CITATION_EDGE_COLOR = "#7f7f7f"
REPUBLICATION_EDGE_COLOR = "#E69F00"

# A node through which no claim passes still needs to be clickable: this is the radius
# of such a node; each claim passing through adds SIZE_PER_CLAIM, up to SIZE_MAX.
SIZE_MIN = 10.0
SIZE_PER_CLAIM = 4.0
SIZE_MAX = 40.0

# The canvas the layout is scaled to (vis-network and Gephi both use free coordinates;
# this keeps labels readable at the default zoom of either).
LAYOUT_SCALE = 600.0
# Fixed seed: the same graph must give the same picture, byte for byte.
LAYOUT_SEED = 7


def claim_rows(graph: nx.MultiDiGraph[str]) -> list[dict[str, Any]]:
    """The traced claims stored on the graph (``graph.graph["claims"]``)."""
    claims = graph.graph.get("claims", [])
    return list(claims) if isinstance(claims, list) else []


def node_roles(graph: nx.MultiDiGraph[str]) -> dict[str, str]:
    """The role of each node, the most telling one when several apply."""
    origins: set[str] = set()
    primaries: set[str] = set()
    for row in claim_rows(graph):
        urls = str(row.get("origin_urls", "")).split()
        if row.get("status") == STATUS_PRIMARY:
            primaries.update(urls)
        elif row.get("status") == STATUS_ORIGIN:
            origins.update(urls)
    republishers = {
        target
        for _, target, data in graph.edges(data=True)
        if data.get("kind") == EDGE_REPUBLICATION
    }
    roles: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        if data.get("root"):
            roles[node] = ROLE_ROOT
        elif node in primaries:
            roles[node] = ROLE_PRIMARY
        elif node in origins:
            roles[node] = ROLE_ORIGIN
        elif data.get("kind") in (KIND_UNREACHABLE, KIND_BLOCKED, KIND_UNVISITED):
            roles[node] = ROLE_UNREACHABLE
        elif node in republishers:
            roles[node] = ROLE_REPUBLISHER
        else:
            roles[node] = ROLE_INTERMEDIATE
    return roles


def claims_through(graph: nx.MultiDiGraph[str]) -> dict[str, int]:
    """How many traced claims pass through each node (its chain contains the node)."""
    counts = dict.fromkeys(graph.nodes, 0)
    for row in claim_rows(graph):
        for url in set(str(row.get("chain", "")).split()):
            if url in counts:
                counts[url] += 1
    return counts


def node_sizes(graph: nx.MultiDiGraph[str]) -> dict[str, float]:
    through = claims_through(graph)
    return {
        node: min(SIZE_MAX, SIZE_MIN + SIZE_PER_CLAIM * count) for node, count in through.items()
    }


def layout(graph: nx.Graph[str] | nx.MultiDiGraph[str]) -> dict[str, tuple[float, float]]:
    """Deterministic 2-D positions, scaled to ``LAYOUT_SCALE``.

    Nodes are placed by a seeded force-directed layout on the undirected skeleton; the
    result depends only on the graph, never on time or hash seeds.
    """
    if graph.number_of_nodes() == 0:
        return {}
    skeleton: nx.Graph[str] = nx.Graph()
    skeleton.add_nodes_from(sorted(graph.nodes))
    skeleton.add_edges_from(sorted((str(u), str(v)) for u, v in graph.edges() if u != v))
    iterations = 200 if skeleton.number_of_nodes() <= 2000 else 50
    k = 2.0 / math.sqrt(max(1, skeleton.number_of_nodes()))
    positions = nx.spring_layout(skeleton, k=k, iterations=iterations, seed=LAYOUT_SEED)
    return {
        str(node): (round(float(x) * LAYOUT_SCALE, 2), round(float(y) * LAYOUT_SCALE, 2))
        for node, (x, y) in positions.items()
    }
