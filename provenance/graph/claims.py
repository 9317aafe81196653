"""Claim support on every citation edge, and tracing each root claim to its origin.

A trace starts at a root's citation, checks that the cited page supports the sentence,
passes through republications to their originals, and follows only the attribution
links that sit in the supporting passage (not every link of the page), until a page
makes the claim without attribution (``origin``), a primary source (``primary``), an
unreachable page (``dead-end``), a page already on the path (``circular``), a page that
does not support the claim (``unsupported``), or the crawl's limits (``truncated``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from provenance.graph.primary import is_primary
from provenance.graph.support import Support, SupportScorer
from provenance.models import (
    ARCHIVE_ERROR,
    ARCHIVE_SKIPPED,
    EDGE_CITATION,
    EDGE_REPUBLICATION,
    KIND_BLOCKED,
    KIND_UNREACHABLE,
    KIND_UNVISITED,
    NO_CAPTURE,
    STATUS_CIRCULAR,
    STATUS_DEAD_END,
    STATUS_ORIGIN,
    STATUS_PRIMARY,
    STATUS_TRUNCATED,
    STATUS_UNSUPPORTED,
    Page,
    TracedClaim,
)
from provenance.settings import Settings

# When branches of one claim end differently, the claim takes the most informative
# ending: a found source beats a limit, a limit beats a failure.
STATUS_PRIORITY = (
    STATUS_PRIMARY,
    STATUS_ORIGIN,
    STATUS_TRUNCATED,
    STATUS_CIRCULAR,
    STATUS_DEAD_END,
    STATUS_UNSUPPORTED,
)
# Node statuses of pages that were never asked for (not in the replayed archive, or
# their host was given up), so nothing says they are gone: a
# chain stopping there is ``truncated``, not ``dead-end``.
NOT_ASKED_STATUSES = frozenset({"not-archived", "host-failed"})
# Branches explored per claim at most: a page citing fifty sources for one sentence
# would otherwise multiply the work at every hop.
MAX_BRANCHES = 64


@dataclass
class Branch:
    status: str
    path: list[str]
    """From the citing root outwards; the last element is where the branch stopped."""
    passages: list[tuple[str, float, str]] = field(default_factory=list)


class PageSupport:
    """Support of a claim by a fetched page, each (page, claim, anchor) scored once.

    The citation edges and the tracer ask about the same pairs: every hop of a trace is
    a citation edge already scored, and an original is checked before it is entered.
    """

    def __init__(self, pages: dict[str, Page], scorer: SupportScorer) -> None:
        self.pages = pages
        self.scorer = scorer
        self._scores: dict[tuple[str, str, str], Support] = {}

    def __call__(self, node: str, claim: str, anchor: str) -> Support:
        key = (node, claim, anchor)
        found = self._scores.get(key)
        if found is None:
            page = self.pages.get(node)
            if page is None or not page.paragraphs:
                found = Support(0.0, "", ())
            else:
                found = self.scorer.score(claim, anchor, page.paragraphs)
            self._scores[key] = found
        return found


def score_citations(graph: nx.MultiDiGraph[str], support: PageSupport) -> None:
    """Set ``support`` and ``passage`` on every citation edge whose cited page was fetched.

    ``passage`` is the cited page's best-supporting passage (empty when the page was not
    fetched or has no text).
    """
    for cited, _, _, data in graph.edges(keys=True, data=True):
        if data.get("kind") != EDGE_CITATION:
            continue
        data["passage"] = ""
        if cited in support.pages:
            found = support(cited, data["claim"], data["anchor"])
            data["support"] = found.score
            data["passage"] = found.passage


class Tracer:
    def __init__(
        self,
        graph: nx.MultiDiGraph[str],
        support: PageSupport,
        settings: Settings,
    ) -> None:
        self.graph = graph
        self.pages = support.pages
        self._support = support
        self.settings = settings

    def _is_primary(self, node: str) -> bool:
        return is_primary(
            node, str(self.graph.nodes[node].get("kind", "")), self.settings.primary_domains
        )

    def _originals(self, node: str, path: list[str]) -> list[str]:
        found = {
            source
            for source, _, data in self.graph.in_edges(node, data=True)
            if data.get("kind") == EDGE_REPUBLICATION and source not in path and source != node
        }
        return sorted(found)

    def _sources_in_passage(self, node: str, support: Support) -> list[tuple[str, str, str]]:
        """(cited node, claim sentence, anchor) of the attribution links in the passage."""
        page = self.pages.get(node)
        if page is None:
            return []
        in_passage = {
            (link.claim, link.anchor) for link in page.links if link.paragraph in support.paragraphs
        }
        found: list[tuple[str, str, str]] = []
        for source, _, data in self.graph.in_edges(node, data=True):
            if data.get("kind") == EDGE_CITATION and (data["claim"], data["anchor"]) in in_passage:
                found.append((source, str(data["claim"]), str(data["anchor"])))
        return sorted(set(found))

    def explore(
        self, node: str, claim: str, anchor: str, path: list[str], budget: list[int]
    ) -> list[Branch]:
        """Branches of the trace from ``node``, reached from ``path`` for ``claim``."""
        budget[0] -= 1
        here = [*path, node]
        kind = self.graph.nodes[node].get("kind")
        if kind in (KIND_UNREACHABLE, KIND_BLOCKED):
            status = str(self.graph.nodes[node].get("status", ""))
            if status.endswith(ARCHIVE_SKIPPED) or status.split("+")[0] in NOT_ASKED_STATUSES:
                # Not known to be dead: the archive replayed simply lacks it, or the
                # budget ran out before a web archive was asked. A limit, not a fact.
                return [Branch(STATUS_TRUNCATED, here)]
            return [Branch(STATUS_DEAD_END, here)]
        if kind == KIND_UNVISITED:
            return [Branch(STATUS_TRUNCATED, here)]
        support = self._support(node, claim, anchor)
        passage = (node, support.score, support.passage)
        page = self.pages.get(node)
        has_text = page is not None and bool(page.paragraphs)
        if self._is_primary(node) and (
            not has_text or support.score >= self.settings.support_threshold
        ):
            return [Branch(STATUS_PRIMARY, here, [passage])]
        if support.score < self.settings.support_threshold:
            return [Branch(STATUS_UNSUPPORTED, here, [passage])]
        branches: list[Branch] = []
        for original in self._originals(node, here):
            if budget[0] <= 0:
                break
            if (
                original in self.pages
                and self._support(original, claim, anchor).score < self.settings.support_threshold
            ):
                continue  # an excerpt's original that lacks the passage: the copy is the source
            branches.extend(self.explore(original, claim, anchor, here, budget))
        if branches:
            for branch in branches:
                branch.passages.insert(0, passage)
            return branches
        for source, source_claim, source_anchor in self._sources_in_passage(node, support):
            if budget[0] <= 0:
                branches.append(Branch(STATUS_TRUNCATED, here, [passage]))
                break
            if source in here:
                branches.append(Branch(STATUS_CIRCULAR, here, [passage]))
                continue
            for branch in self.explore(source, source_claim, source_anchor, here, budget):
                branch.passages.insert(0, passage)
                branches.append(branch)
        return branches or [Branch(STATUS_ORIGIN, here, [passage])]

    def _carried_by_originals(self, root: str, cited: str) -> list[str]:
        """Originals of ``root`` (nearest first) that cite ``cited`` too.

        The claim came to the root through them: the chain passes through each.
        """
        carried: list[str] = []
        current = root
        while True:
            nxt = [
                original
                for original in self._originals(current, [root, *carried])
                if any(
                    target == original and data.get("kind") == EDGE_CITATION
                    for _, target, data in self.graph.out_edges(cited, data=True)
                )
            ]
            if not nxt:
                return carried
            carried.append(nxt[0])
            current = nxt[0]

    def trace(self, root: str, cited: str, data: dict[str, object]) -> TracedClaim:
        claim, anchor = str(data["claim"]), str(data["anchor"])
        via = self._carried_by_originals(root, cited)
        branches = self.explore(cited, claim, anchor, [root, *via], [MAX_BRANCHES])
        rank = {status: index for index, status in enumerate(STATUS_PRIORITY)}
        best = min(branches, key=lambda branch: rank[branch.status])
        chosen = [branch for branch in branches if branch.status == best.status]
        origins: list[str] = []
        for branch in chosen:
            if branch.path[-1] not in origins:
                origins.append(branch.path[-1])
        chain = tuple(reversed(best.path))
        return TracedClaim(
            claim_id=str(data["claim_id"]),
            citing_url=root,
            claim=claim,
            anchor=anchor,
            cue=str(data["cue"]),
            cited_url=cited,
            status=best.status,
            origin_urls=tuple(origins),
            hops=len(chain) - 1,
            chain=chain,
            passages=tuple(best.passages),
            via_archive=tuple(
                str(self.graph.nodes[node]["archived_from"]).split()[0]
                for node in chain
                if self.graph.nodes[node].get("archived_from")
            ),
            archive_lookup=self._archive_lookup(best),
        )

    def _archive_lookup(self, branch: Branch) -> str:
        """What the archives said of the dead link a branch ends at (``""`` elsewhere)."""
        data = self.graph.nodes[branch.path[-1]]
        if data.get("kind") not in (KIND_UNREACHABLE, KIND_BLOCKED):
            return ""
        status = str(data.get("status", ""))
        if status.endswith(NO_CAPTURE):
            return "no-capture"
        if status.endswith(ARCHIVE_ERROR):
            return "archive-error"
        if status.endswith(ARCHIVE_SKIPPED):
            return "skipped"
        return "not-asked"


def trace_claims(
    graph: nx.MultiDiGraph[str], support: PageSupport, settings: Settings
) -> list[TracedClaim]:
    """Every claim of every root, in the order the claims appear on the root page."""
    pages = support.pages
    tracer = Tracer(graph, support, settings)
    traced: list[TracedClaim] = []
    for root in graph.graph.get("roots", []):
        if root not in graph:
            continue
        page = pages.get(root)
        position: dict[tuple[str, str], int] = {}
        for index, link in enumerate(page.links if page is not None else []):
            position.setdefault((link.claim, link.anchor), index)
        ordered = sorted(
            (
                (source, data)
                for source, _, data in graph.in_edges(root, data=True)
                if data.get("kind") == EDGE_CITATION
            ),
            key=lambda item: (
                position.get((str(item[1]["claim"]), str(item[1]["anchor"])), len(position)),
                item[0],
            ),
        )
        for source, data in ordered:
            traced.append(tracer.trace(root, source, data))
    return traced
