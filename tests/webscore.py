"""One score of a trace against a truth file, the same for every test web.

A truth file (provenance/sample/truth.json, tests/web2/truth.json, tests/web3/truth.json
and every generated web of tests/webgen.py) lists the root's claims with their status,
origin and chain, the citation edges a correct crawl finds, and the URLs it must not
take (sidebar, related-post and self-reference traps). The score is:

* ``origin``: share of truth claims whose traced origins are exactly the truth's;
* ``status``: share of truth claims with the truth's status;
* ``chain``: share of truth claims whose chain is exactly the truth's;
* ``citation_recall``: share of truth citation edges (source -> target) in the graph;
* ``support_method``: share of truth claims stating one whose ``support_method``
  (lexical / not-measurable) is the truth's;
* ``trap_links``: absent URLs that became a node or an alias (must be none);
* ``overall``: the mean of origin, status and citation recall.

Claims are matched on (citing URL, cited URL, anchor): a missing claim is wrong on every
count; claims the truth does not list are not scored (an embed the extractor reads as
a second citation of the same post is not an error).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import provenance
from provenance.models import EDGE_CITATION


@dataclass
class WebScore:
    claims: int
    origin: float
    status: float
    chain: float
    citation_recall: float
    support_method: float = 1.0
    """Share of truth claims (that state one) whose support method is the truth's."""
    trap_links: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    """One line per truth claim or edge the trace got wrong, for the failure message."""

    @property
    def overall(self) -> float:
        return (self.origin + self.status + self.citation_recall) / 3

    def row(self, name: str) -> str:
        return (
            f"| {name} | {self.claims} | {self.origin:.3f} | {self.status:.3f} | "
            f"{self.chain:.3f} | {self.citation_recall:.3f} | {self.support_method:.3f} | "
            f"{len(self.trap_links)} | "
            f"{self.overall:.3f} |"
        )


HEADER = (
    "| web | claims | origin | status | chain | citation recall | support method | trap links "
    "| overall |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def score_trace(trace: provenance.Trace, truth: dict[str, Any]) -> WebScore:
    graph = trace.graph
    traced = {(claim.citing_url, claim.cited_url, claim.anchor): claim for claim in trace.claims}
    origin = status = chain = methods = stated = 0
    misses: list[str] = []
    for expected in truth["claims"]:
        key = (expected["citing_url"], expected["cited_url"], expected["anchor"])
        found = traced.get(key)
        if found is None:
            misses.append(f"claim not found: {expected['anchor']!r} -> {expected['cited_url']}")
            continue
        origin += set(found.origin_urls) == set(expected["origin_urls"])
        status += found.status == expected["status"]
        chain += list(found.chain) == expected["chain"]
        if "support_method" in expected:
            stated += 1
            methods += found.support_method == expected["support_method"]
        if found.status != expected["status"] or set(found.origin_urls) != set(
            expected["origin_urls"]
        ):
            misses.append(
                f"claim {expected['anchor']!r} -> {expected['cited_url']}: "
                f"{found.status} {list(found.origin_urls)}, expected "
                f"{expected['status']} {expected['origin_urls']}"
            )
    edges = {
        (source, target)
        for source, target, data in graph.edges(data=True)
        if data["kind"] == EDGE_CITATION
    }
    wanted = {(edge["source"], edge["target"]) for edge in truth["citation_edges"]}
    misses.extend(
        f"citation edge missing: {source} -> {target}" for source, target in sorted(wanted - edges)
    )
    aliases = {alias for _, data in graph.nodes(data=True) for alias in data["aliases"].split()}
    traps = [url for url in truth["absent_urls"] if url in graph or url in aliases]
    count = len(truth["claims"])
    return WebScore(
        claims=count,
        origin=origin / count,
        status=status / count,
        chain=chain / count,
        citation_recall=len(wanted & edges) / len(wanted) if wanted else 1.0,
        support_method=methods / stated if stated else 1.0,
        trap_links=traps,
        misses=misses,
    )
