"""Analysis over the crawl store: the graph, republication, claim support and tracing."""

from __future__ import annotations

import networkx as nx

from provenance.graph.build import build_graph
from provenance.graph.claims import score_citations, trace_claims
from provenance.graph.outlets import outlet_graph
from provenance.graph.republication import add_republication_edges
from provenance.graph.support import SupportScorer
from provenance.models import Page, TracedClaim
from provenance.settings import Settings
from provenance.store import Store

__all__ = ["analyze", "build_graph", "outlet_graph"]


def analyze(
    store: Store, settings: Settings
) -> tuple[nx.MultiDiGraph[str], dict[str, Page], list[TracedClaim]]:
    """The finished document graph (with claims in ``graph.graph["claims"]``)."""
    graph, pages = build_graph(store, settings.follow)
    add_republication_edges(graph, pages)
    scorer = SupportScorer(page.text for page in pages.values())
    score_citations(graph, pages, scorer)
    claims = trace_claims(graph, pages, scorer, settings)
    graph.graph["claims"] = [claim_record(claim) for claim in claims]
    return graph, pages, claims


def claim_record(claim: TracedClaim) -> dict[str, object]:
    """A claim as stored on the graph: the claims.csv row plus its supporting passages."""
    record: dict[str, object] = dict(claim.row())
    record["passages"] = [
        {"url": url, "support": support, "passage": passage}
        for url, support, passage in claim.passages
    ]
    return record
