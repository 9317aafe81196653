"""The second test web (tests/web2/) traces exactly to its truth, field by field.

The web is independent of the bundled sample: other templates (JSON-LD only, microdata,
a blog theme, a long read in sections, a government statement) and other cases: a
three-step republication chain whose last copy has no credit and a new headline, a
credit line naming only an outlet, a canonical-only republication, a mobile copy without
a canonical link, a claim whose supporting passage is in the middle of a long page, a
claim that two independent origins make, and a cited page on the same story that does
not make the claim. The WARC is built from the readable sources at test time.
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance.models import EDGE_CITATION, EDGE_REPUBLICATION
from provenance.sample.build import build_warc
from provenance.settings import Settings

WEB2 = Path(__file__).resolve().parent / "web2"
MANIFEST = WEB2 / "web" / "manifest.json"
GENERATOR = "provenance test web 2 (invented)"


@pytest.fixture(scope="module")
def truth() -> dict[str, Any]:
    return json.loads((WEB2 / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def web2_warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web2") / "web2.warc.gz"
    build_warc(MANIFEST, out)
    return out


@pytest.fixture(scope="module")
def web2_trace(
    web2_warc: Path, truth: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> provenance.Trace:
    out = tmp_path_factory.mktemp("web2-trace")
    return provenance.trace(truth["roots"], replay=[web2_warc], out=out)


def test_every_page_says_it_is_invented() -> None:
    entries = json.loads(MANIFEST.read_text(encoding="utf-8"))
    pages = [entry for entry in entries if entry["file"].endswith(".html")]
    assert len(pages) >= 15
    for entry in pages:
        html = (MANIFEST.parent / entry["file"]).read_text(encoding="utf-8")
        assert f'<meta name="generator" content="{GENERATOR}">' in html, entry["file"]
        assert 'role="note">Invented page' in html, entry["file"]


def test_nodes_are_exactly_the_truth(web2_trace: provenance.Trace, truth: dict[str, Any]) -> None:
    graph = web2_trace.graph
    assert sorted(graph.nodes) == sorted(truth["nodes"])
    for url, expected in truth["nodes"].items():
        node = graph.nodes[url]
        # Authors are the extractor's business (scored on real pages elsewhere); every
        # field the analysis reads is compared.
        for field in ("kind", "status", "outlet", "title", "outlet_name", "depth"):
            assert node[field] == expected[field], f"{url}: {field}"
        assert node["published"][:10] == expected["published"], f"{url}: published"
        assert set(node["aliases"].split()) == set(expected["aliases"]), f"{url}: aliases"
        assert node["root"] == (url in truth["roots"]), f"{url}: root"


def test_republication_edges_direction_evidence_and_decision(
    web2_trace: provenance.Trace, truth: dict[str, Any]
) -> None:
    found = sorted(
        (source, target, data["evidence"], data["decided_by"])
        for source, target, data in web2_trace.graph.edges(data=True)
        if data["kind"] == EDGE_REPUBLICATION
    )
    expected = sorted(
        (edge["source"], edge["target"], edge["evidence"], edge["decided_by"])
        for edge in truth["republication_edges"]
    )
    assert found == expected
    for source, target, data in web2_trace.graph.edges(data=True):
        if data["kind"] == EDGE_REPUBLICATION:
            assert 0.0 < data["similarity"] <= 1.0, (source, target)
            assert data["similarity"] == max(data["jaccard"], data["containment"])


def test_the_chain_comes_out_as_a_path(web2_trace: provenance.Trace) -> None:
    """Wire -> Ledger -> Coastline -> Valley Voice, not every pair of the four copies."""
    chain = [
        "https://meridianwire.example/en/2023/03/02/toluene-leak-harrowmere-velna",
        "https://www.harbourledger.example/news/2023/03/02/toluene-leak-harrowmere-velna",
        "https://coastlinedaily.example/2023/03/03/toluene-leak-at-harrowmere-plant-reaches-velna-river/",
        "https://valleyvoice.example/local/river-poisoned-12-tonnes-of-solvent-spilled-at-harrowmere",
    ]
    republished = {
        (source, target)
        for source, target, data in web2_trace.graph.edges(data=True)
        if data["kind"] == EDGE_REPUBLICATION and source in chain and target in chain
    }
    assert republished == set(pairwise(chain))


def test_citation_edges_are_exactly_the_truth(
    web2_trace: provenance.Trace, truth: dict[str, Any]
) -> None:
    found = sorted(
        (source, target, data["anchor"], data["cue"])
        for source, target, data in web2_trace.graph.edges(data=True)
        if data["kind"] == EDGE_CITATION
    )
    expected = sorted(
        (edge["source"], edge["target"], edge["anchor"], edge["cue"])
        for edge in truth["citation_edges"]
    )
    assert found == expected


def test_trap_links_are_absent(web2_trace: provenance.Trace, truth: dict[str, Any]) -> None:
    graph = web2_trace.graph
    aliases = {alias for _, data in graph.nodes(data=True) for alias in data["aliases"].split()}
    for url in truth["absent_urls"]:
        assert url not in graph, url
        assert url not in aliases, url


def test_claims_match_the_truth(web2_trace: provenance.Trace, truth: dict[str, Any]) -> None:
    claims = web2_trace.claims
    assert len(claims) == len(truth["claims"])
    for index, (claim, expected) in enumerate(zip(claims, truth["claims"], strict=True)):
        where = f"claim {index + 1} ({expected['anchor']})"
        for field in ("citing_url", "claim", "anchor", "cue", "cited_url", "status"):
            assert getattr(claim, field) == expected[field], f"{where}: {field}"
        assert list(claim.origin_urls) == expected["origin_urls"], where
        assert list(claim.chain) == expected["chain"], where
        assert claim.hops == len(expected["chain"]) - 1, where


def test_supporting_passage_in_the_middle_of_a_long_page(web2_trace: provenance.Trace) -> None:
    long_read = "https://northstar-review.example/longread/downstream-what-the-harrowmere-spill-did-to-the-velna"
    page = web2_trace.pages[long_read]
    row = next(row for row in web2_trace.graph.graph["claims"] if row["cited_url"] == long_read)
    passage = next(item for item in row["passages"] if item["url"] == long_read)
    assert passage["passage"].startswith("On March 3 the Ministry of Environment confirmed")
    where = next(index for index, text in enumerate(page.paragraphs) if passage["passage"] in text)
    assert 5 < where < len(page.paragraphs) - 5


def test_primary_domains_are_configurable(
    web2_warc: Path, truth: dict[str, Any], tmp_path: Path
) -> None:
    """A company's press office counts as primary once the user says so."""
    settings = Settings(primary_domains=("kestrelpolymers.example",))
    trace = provenance.trace(truth["roots"], replay=[web2_warc], out=tmp_path, settings=settings)
    press = "https://www.kestrelpolymers.example/press/2023-03-02-harrowmere-production-halted"
    statuses = {claim.anchor: (claim.status, claim.origin_urls) for claim in trace.claims}
    assert statuses["said"] == ("primary", (press,))
    # The ministry is primary without being named: government domains are built in.
    assert statuses["found"][0] == "primary"
    by_default = {claim["anchor"]: claim["status"] for claim in truth["claims"]}
    assert by_default["said"] == "origin"
