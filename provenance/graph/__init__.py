"""Analysis over the crawl store: the graph, republication, claim support and tracing."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from provenance.graph.aliases import merge_variants
from provenance.graph.build import build_graph
from provenance.graph.claims import PageSupport, score_citations, trace_claims
from provenance.graph.outlets import outlet_graph
from provenance.graph.republication import REUSABLE_KINDS, add_republication_edges
from provenance.graph.reuse import Reuse, find_reuse
from provenance.graph.support import SupportScorer
from provenance.models import Page, TracedClaim
from provenance.settings import Settings
from provenance.store import Store

__all__ = ["analyze", "analyze_graph", "build_graph", "outlet_graph"]


def analyze(
    store: Store, settings: Settings
) -> tuple[nx.MultiDiGraph[str], dict[str, Page], list[TracedClaim]]:
    """The finished document graph (with claims in ``graph.graph["claims"]``)."""
    graph, pages = build_graph(store, settings.follow)
    claims = analyze_graph(graph, pages, settings)
    return graph, pages, claims


def comparable_pages(graph: nx.MultiDiGraph[str], pages: dict[str, Page]) -> list[str]:
    """The documents whose texts are compared for reuse, sorted."""
    return sorted(key for key in pages if graph.nodes[key].get("kind") in REUSABLE_KINDS)


def analyze_graph(
    graph: nx.MultiDiGraph[str],
    pages: dict[str, Page],
    settings: Settings,
    reuse: list[Reuse] | None = None,
    make_support: Callable[[nx.MultiDiGraph[str], dict[str, Page], float], PageSupport]
    | None = None,
) -> list[TracedClaim]:
    """Republication, support and tracing over a built graph (modified in place).

    ``reuse`` is ``find_reuse`` of the ``comparable_pages`` when already computed
    elsewhere (corpus mode finds it on a Dask cluster); by default it is found here.
    ``make_support`` makes the support scorer once the documents are final (corpus mode
    scores the citations on its workers); by default ``page_support``.
    """
    if reuse is None:
        reuse = find_reuse({key: pages[key].text for key in comparable_pages(graph, pages)})
    _, reuse = merge_variants(graph, pages, reuse)
    add_republication_edges(graph, pages, reuse)
    support = (make_support or page_support)(graph, pages, settings.support_threshold)
    score_citations(graph, support)
    claims = trace_claims(graph, support, settings)
    graph.graph["claims"] = [claim_record(claim) for claim in claims]
    return claims


def page_support(
    graph: nx.MultiDiGraph[str], pages: dict[str, Page], threshold: float
) -> PageSupport:
    """Claim support by the documents of ``pages``, with IDF over their texts; a trace
    goes on through a passage scoring ``threshold`` or more."""
    scorer = SupportScorer((page.text for page in pages.values()), outlet_names(graph))
    return PageSupport(pages, scorer, threshold)


def outlet_names(graph: nx.MultiDiGraph[str]) -> set[str]:
    """Every outlet name the crawl met: the sites' own names and their domains' labels."""
    names: set[str] = set()
    for _, data in graph.nodes(data=True):
        if data.get("outlet_name"):
            names.add(str(data["outlet_name"]))
        if data.get("outlet"):
            names.add(str(data["outlet"]).split(".")[0])
    return names


def claim_record(claim: TracedClaim) -> dict[str, object]:
    """A claim as stored on the graph: the claims.csv row plus its supporting passages."""
    record: dict[str, object] = dict(claim.row())
    record["passages"] = [
        {"url": url, "support": support, "passage": passage}
        for url, support, passage in claim.passages
    ]
    return record
