"""The chain/hops convention (README "How tracing decides"), the same in every output.

``chain`` runs from where the trace stopped to the citing root; ``hops`` is
``len(chain) - 1``. When the root republishes an original that carries the same
citation, the claim reached the root through that original, so the original stands on
the chain just before the root and counts as a hop. claims.csv, graph.json (which the
HTML view walks) and the notebook's ``Trace.chain`` all show that one chain.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import provenance
from provenance.models import EDGE_REPUBLICATION
from provenance.sample import ROOT_URL, warc_path


def test_one_chain_in_claims_csv_graph_json_and_the_notebook(tmp_path: Path) -> None:
    trace = provenance.trace([ROOT_URL], replay=[warc_path()], out=tmp_path / "crawl")
    out = trace.write(tmp_path / "out")
    with (out / "claims.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["claim_id"]: row for row in csv.DictReader(handle)}
    graph_json = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    stored = {claim["claim_id"]: claim for claim in graph_json["graph"]["claims"]}
    originals = {
        source
        for source, target, data in trace.graph.edges(data=True)
        if target == ROOT_URL and data["kind"] == EDGE_REPUBLICATION
    }
    assert originals  # the sample's root is a republication
    for claim in trace.claims:
        chain = list(claim.chain)
        assert chain[-1] == claim.citing_url == ROOT_URL
        assert chain[0] in claim.origin_urls
        assert claim.hops == len(chain) - 1
        row, record = rows[claim.claim_id], stored[claim.claim_id]
        assert row["chain"].split() == chain and int(row["hops"]) == claim.hops
        assert record["chain"].split() == chain and int(record["hops"]) == claim.hops
        walked = trace.chain(claim.claim_id)
        assert [hop.url for hop in walked] == chain[::-1]
        assert len(walked) == claim.hops + 1
        # The root's original carries every citation of the root: it is on each chain,
        # right before the root.
        assert chain[-2] in originals
        assert walked.hops[1].reached_by == EDGE_REPUBLICATION
