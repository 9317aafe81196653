"""Visual roles, colours, sizes and positions shared by every view and export.

The HTML view and the GEXF files must agree (a researcher moving from the browser to
Gephi should see the same colours and the same picture), so both read them from here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
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
from provenance.render import layout as _layout

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
# Edge widths in canvas units; republications are drawn dashed and a little wider. In the
# outlet graph an edge grows with the logarithm of the links it stands for.
CITATION_EDGE_WIDTH = 1.5
REPUBLICATION_EDGE_WIDTH = 2.0

# A node through which no claim passes still needs to be clickable: this is the radius
# of such a node; each claim passing through adds SIZE_PER_CLAIM, up to SIZE_MAX.
SIZE_MIN = 10.0
SIZE_PER_CLAIM = 4.0
SIZE_MAX = 40.0
# Outlets are sized by how many of their articles were crawled, on a log scale: each
# doubling adds this much (1 article: SIZE_MIN, 32 or more: SIZE_MAX).
SIZE_PER_ARTICLE_DOUBLING = 6.0

# Label font size in canvas units, for small graphs and for large ones (where labels are
# read after zooming in, and smaller text keeps them from covering each other).
LABEL_FONT = 24
LABEL_FONT_LARGE_GRAPH = 16
# Above this many nodes a graph is "large": smaller labels, cheaper drawing in the view.
LARGE_GRAPH_NODES = 300
# Labels longer than this are cut with an ellipsis (page titles can be any length).
LABEL_MAX = 32


def claim_rows(graph: nx.DiGraph[str]) -> list[dict[str, Any]]:
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


def node_labels(graph: nx.MultiDiGraph[str]) -> dict[str, str]:
    """The short label drawn under each document: the outlet's own name, else its domain,
    else the title, else the URL; cut to ``LABEL_MAX`` characters."""
    labels = {}
    for node, data in graph.nodes(data=True):
        text = outlet_label(data) or _text(data.get("title")) or str(node)
        labels[str(node)] = clip(text, LABEL_MAX)
    return labels


def outlet_label(data: Mapping[str, Any]) -> str:
    """The one name a document's outlet goes by in every view and table: the site's own
    name (``outlet_name``) when it states one, else its registrable domain (``outlet``).
    The graph labels, the claim cards, ``provenance claims`` and ``passages.csv`` all
    use it, so one page is never called by two names."""
    return " ".join(_text(data.get("outlet_name")).split()) or _text(data.get("outlet"))


# When an outlet's documents play several roles, the outlet takes the most telling one.
OUTLET_ROLE_PRIORITY = (
    ROLE_ROOT,
    ROLE_PRIMARY,
    ROLE_ORIGIN,
    ROLE_REPUBLISHER,
    ROLE_INTERMEDIATE,
    ROLE_UNREACHABLE,
)


def annotate_outlets(outlets: nx.DiGraph[str], documents: nx.MultiDiGraph[str]) -> nx.DiGraph[str]:
    """A copy of the outlet graph with what the document graph knows about each outlet:
    ``role`` on every outlet (the most telling role of its documents, by
    :data:`OUTLET_ROLE_PRIORITY`), and ``graph["claims"]`` with each claim's ``chain``
    and ``origin_urls`` mapped to outlets (consecutive repeats merged), so the outlet
    view and ``outlets.gexf`` colour and trace as the document view does."""
    annotated = outlets.copy()
    rank = {role: index for index, role in enumerate(OUTLET_ROLE_PRIORITY)}
    best: dict[str, str] = {}
    for node, role in node_roles(documents).items():
        outlet = str(documents.nodes[node].get("outlet") or node)
        if outlet not in best or rank.get(role, 99) < rank.get(best[outlet], 99):
            best[outlet] = role
    for outlet, data in annotated.nodes(data=True):
        data["role"] = best.get(str(outlet), ROLE_INTERMEDIATE)

    def outlet_of_url(url: str) -> str:
        return str(documents.nodes[url].get("outlet") or url) if url in documents else url

    claims = []
    for row in claim_rows(documents):
        chain: list[str] = []
        for url in str(_text(row.get("chain"))).replace(";", " ").split():
            outlet = outlet_of_url(url)
            if not chain or chain[-1] != outlet:
                chain.append(outlet)
        origins = [
            outlet_of_url(url) for url in _text(row.get("origin_urls")).replace(";", " ").split()
        ]
        claims.append({**row, "chain": chain, "origin_urls": list(dict.fromkeys(origins))})
    annotated.graph["claims"] = claims
    return annotated


def outlet_role(data: Mapping[str, Any]) -> str:
    """The role of an outlet in the outlet graph: an explicit ``role`` attribute when it
    names one, the root role for the outlet of a root article, else intermediate."""
    role = data.get("role")
    if isinstance(role, str) and role in ROLE_COLORS:
        return role
    return ROLE_ROOT if data.get("root") is True else ROLE_INTERMEDIATE


def outlet_size(articles: object) -> float:
    """The radius of an outlet: ``SIZE_MIN`` for one article, growing with the logarithm of
    the number of articles (an outlet with 500 pages must not hide the rest)."""
    count = 0.0
    if isinstance(articles, int | float) and not isinstance(articles, bool):
        count = float(articles) if math.isfinite(articles) else 0.0
    extra = SIZE_PER_ARTICLE_DOUBLING * math.log2(max(1.0, count))
    return round(min(SIZE_MAX, SIZE_MIN + extra), 2)


def outlet_sizes(graph: nx.DiGraph[str]) -> dict[str, float]:
    """:func:`outlet_size` of every outlet, keyed by the node's text."""
    return {str(node): outlet_size(data.get("articles")) for node, data in graph.nodes(data=True)}


def edge_width(republication: bool) -> float:
    """The drawn width of a document edge."""
    return REPUBLICATION_EDGE_WIDTH if republication else CITATION_EDGE_WIDTH


def outlet_edge_width(weight: float) -> float:
    """The drawn width of an outlet edge standing for ``weight`` links."""
    return round(CITATION_EDGE_WIDTH + math.log2(1 + max(weight, 0.0)), 2)


def outlet_labels(graph: nx.DiGraph[str]) -> dict[str, str]:
    """The label drawn under each outlet: its own name, else its domain."""
    return {
        str(node): clip(_text(data.get("outlet_name")) or str(node), LABEL_MAX)
        for node, data in graph.nodes(data=True)
    }


def label_font(graph: nx.Graph[str]) -> int:
    """The label font size for a graph of this many nodes."""
    return LABEL_FONT_LARGE_GRAPH if graph.number_of_nodes() > LARGE_GRAPH_NODES else LABEL_FONT


def layout(
    graph: nx.Graph[str],
    *,
    sizes: Mapping[str, float] | None = None,
    labels: Mapping[str, str] | None = None,
) -> dict[str, tuple[float, float]]:
    """Deterministic 2-D positions of every node, keyed by the node's text.

    ``sizes`` (node radii) and ``labels`` (the text under each node) default to those of
    a document graph (:func:`node_sizes`, :func:`node_labels`); pass the outlet graph's
    own. Small graphs get the flow layout (sources left, roots right, nothing
    overlapping), large ones a fast force layout: see :mod:`provenance.render.layout`.
    The result depends only on the graph, never on time or hash seeds.
    """
    if graph.number_of_nodes() == 0:
        return {}
    multigraph = graph if isinstance(graph, nx.MultiDiGraph) else nx.MultiDiGraph(graph)
    if sizes is None:
        sizes = node_sizes(multigraph)
    if labels is None:
        labels = node_labels(multigraph)
    nodes = [str(node) for node in graph.nodes]
    roots = [str(node) for node, data in graph.nodes(data=True) if data.get("root") is True]
    return _layout.layout(
        nodes,
        ((str(u), str(v)) for u, v in graph.edges()),
        roots=roots,
        radius={str(node): float(size) for node, size in sizes.items()},
        labels={str(node): text for node, text in labels.items()},
        font=label_font(graph),
    )


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)
