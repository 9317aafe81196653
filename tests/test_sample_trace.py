"""The bundled sample web traces exactly to its ground truth (provenance/sample/truth.json).

Every comparison is field by field; a difference anywhere fails with the field named.
"""

from __future__ import annotations

from typing import Any

import provenance
from provenance.models import EDGE_CITATION, EDGE_REPUBLICATION


def test_nodes_are_exactly_the_truth(sample_trace: provenance.Trace, truth: dict[str, Any]) -> None:
    graph = sample_trace.graph
    assert sorted(graph.nodes) == sorted(truth["nodes"])
    for url, expected in truth["nodes"].items():
        node = graph.nodes[url]
        for field in ("kind", "status", "outlet", "title", "authors", "outlet_name"):
            assert node[field] == expected[field], f"{url}: {field}"
        assert node["published"][:10] == expected["published"], f"{url}: published"
        assert node["depth"] == expected["depth"], f"{url}: depth"
        assert node["url"] == url
        assert set(node["aliases"].split()) == set(expected["aliases"]), f"{url}: aliases"
        assert node["root"] == (url in truth["roots"]), f"{url}: root"


def test_republication_edges_direction_and_evidence(
    sample_trace: provenance.Trace, truth: dict[str, Any]
) -> None:
    found = {
        (source, target, data["evidence"])
        for source, target, data in sample_trace.graph.edges(data=True)
        if data["kind"] == EDGE_REPUBLICATION
    }
    expected = {
        (edge["source"], edge["target"], edge["evidence"]) for edge in truth["republication_edges"]
    }
    assert found == expected
    for source, target, data in sample_trace.graph.edges(data=True):
        if data["kind"] == EDGE_REPUBLICATION:
            assert 0.0 < data["similarity"] <= 1.0, (source, target)


def test_citation_edges_are_exactly_the_truth(
    sample_trace: provenance.Trace, truth: dict[str, Any]
) -> None:
    found = sorted(
        (source, target, data["anchor"], data["cue"])
        for source, target, data in sample_trace.graph.edges(data=True)
        if data["kind"] == EDGE_CITATION
    )
    expected = sorted(
        (edge["source"], edge["target"], edge["anchor"], edge["cue"])
        for edge in truth["citation_edges"]
    )
    assert found == expected


def test_citation_edges_carry_the_claim_sentence(sample_trace: provenance.Trace) -> None:
    for _, _, data in sample_trace.graph.edges(data=True):
        if data["kind"] == EDGE_CITATION:
            assert data["anchor"] in data["claim"]
            assert data["claim_id"].startswith("c")


def test_trap_links_are_absent(sample_trace: provenance.Trace, truth: dict[str, Any]) -> None:
    graph = sample_trace.graph
    aliases = {alias for _, data in graph.nodes(data=True) for alias in data["aliases"].split()}
    for url in truth["absent_urls"]:
        assert url not in graph, url
        assert url not in aliases, url


def test_claims_match_the_truth(sample_trace: provenance.Trace, truth: dict[str, Any]) -> None:
    claims = sample_trace.claims
    assert len(claims) == len(truth["claims"])
    for index, (claim, expected) in enumerate(zip(claims, truth["claims"], strict=True)):
        where = f"claim {index + 1} ({expected['anchor']})"
        assert claim.citing_url == expected["citing_url"], where
        assert claim.claim == expected["claim"], where
        assert claim.anchor == expected["anchor"], where
        assert claim.cue == expected["cue"], where
        assert claim.cited_url == expected["cited_url"], where
        assert claim.status == expected["status"], where
        assert list(claim.origin_urls) == expected["origin_urls"], where
        assert list(claim.chain) == expected["chain"], where
        assert claim.hops == len(expected["chain"]) - 1, where


def test_claims_are_stored_on_the_graph_with_passages(sample_trace: provenance.Trace) -> None:
    rows = sample_trace.graph.graph["claims"]
    assert [row["claim_id"] for row in rows] == [claim.claim_id for claim in sample_trace.claims]
    for row in rows:
        if row["status"] in ("origin", "primary"):
            assert row["passages"], row["claim_id"]
            assert all(0.0 <= passage["support"] <= 1.0 for passage in row["passages"])


def test_every_root_claim_status_is_covered(sample_trace: provenance.Trace) -> None:
    statuses = {claim.status for claim in sample_trace.claims}
    assert statuses == {"origin", "primary", "dead-end", "circular", "unsupported"}
