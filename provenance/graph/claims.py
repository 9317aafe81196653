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
from provenance.graph.support import (
    METHOD_LEXICAL,
    METHOD_NOT_MEASURABLE,
    Support,
    SupportScorer,
    languages_differ,
    numbers_of,
)
from provenance.graph.thresholds import SUPPORT_THRESHOLD
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
    passages: list[tuple[str, float | None, str]] = field(default_factory=list)
    """(url, support or None when not measurable, passage) of each page checked."""
    methods: list[str] = field(default_factory=list)
    """The support method of each page checked, in the order of ``passages``."""

    def checked(self, url: str, support: Support) -> Branch:
        """This branch with ``url``'s support put first (the branch is reached from it)."""
        self.passages.insert(0, (url, support.score if support.measured else None, support.passage))
        self.methods.insert(0, support.method)
        return self


# Paragraphs either side of a translation's aligned position that are searched for the
# attribution links of the passage: translators merge and split paragraphs, seldom by
# more than one.
ALIGNMENT_SLACK = 1


class PageSupport:
    """Support of a claim by a fetched page, each (page, claim, anchor) scored once.

    The citation edges and the tracer ask about the same pairs: every hop of a trace is
    a citation edge already scored, and an original is checked before it is entered.
    ``claim_language`` is the declared language of the page the claim sentence is from:
    on a page in another language support is ``not-measurable``, not unsupported.
    """

    def __init__(
        self, pages: dict[str, Page], scorer: SupportScorer, threshold: float = SUPPORT_THRESHOLD
    ) -> None:
        self.pages = pages
        self.scorer = scorer
        self.threshold = threshold
        self._scores: dict[tuple[str, str, str, str], Support] = {}

    def __call__(self, node: str, claim: str, anchor: str, claim_language: str = "") -> Support:
        key = (node, claim, anchor, claim_language)
        found = self._scores.get(key)
        if found is None:
            page = self.pages.get(node)
            if page is None or not page.paragraphs:
                found = Support(0.0, "", ())
            else:
                # Across languages word overlap sees only names and numbers, which a
                # page on another event in the same place shares too: no measurement.
                if languages_differ(claim, claim_language, page.text, page.language):
                    found = Support(0.0, "", (), METHOD_NOT_MEASURABLE)
                else:
                    found = self.scorer.score(claim, anchor, page.paragraphs)
            self._scores[key] = found
        return found

    def supports(self, found: Support) -> bool:
        """Does ``found`` let a trace go on? A measured score at the threshold, or a
        support that cannot be measured (the trace goes on and says so)."""
        return not found.measured or found.score >= self.threshold

    def language(self, node: str) -> str:
        page = self.pages.get(node)
        return page.language if page is not None else ""


def score_citations(graph: nx.MultiDiGraph[str], support: PageSupport) -> None:
    """Set ``support``, ``support_method`` and ``passage`` on every citation edge whose
    cited page was fetched.

    ``passage`` is the cited page's best-supporting passage (empty when the page was not
    fetched or has no text); ``support_method`` is ``lexical``, or ``not-measurable``
    (then ``support`` is empty) when the citing sentence and the cited page are in
    different languages and word overlap cannot tell.
    """
    for cited, citing, _, data in graph.edges(keys=True, data=True):
        if data.get("kind") != EDGE_CITATION:
            continue
        data["passage"] = ""
        data["support_method"] = ""
        if cited in support.pages:
            found = support(cited, data["claim"], data["anchor"], support.language(citing))
            data["support"] = found.score if found.measured else None
            data["support_method"] = found.method
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

    def _aligned(
        self, node: str, claim: str, position: tuple[float, ...] | None
    ) -> tuple[int, ...]:
        """Paragraphs of ``node`` that hold a claim its words cannot be matched to (a page
        in another language): those holding every number of the claim, else those at the
        relative ``position`` of the passage in the copy the trace came from (a
        translation keeps the order of its original), else none."""
        page = self.pages.get(node)
        if page is None or not page.paragraphs:
            return ()
        wanted = numbers_of(claim)
        if wanted:
            found = tuple(
                index
                for index, paragraph in enumerate(page.paragraphs)
                if wanted <= numbers_of(paragraph)
            )
            if found:
                return found
        if not position:
            return ()
        last = len(page.paragraphs) - 1
        near = {
            index
            for where in position
            for index in range(
                round(where * last) - ALIGNMENT_SLACK, round(where * last) + ALIGNMENT_SLACK + 1
            )
            if 0 <= index <= last
        }
        return tuple(sorted(near))

    def _position(self, node: str, support: Support) -> tuple[float, ...] | None:
        """Where ``support``'s passage sits in ``node``'s text, 0 (top) to 1 (bottom)."""
        page = self.pages.get(node)
        if page is None or not support.measured or not support.paragraphs:
            return None
        last = max(1, len(page.paragraphs) - 1)
        return tuple(index / last for index in support.paragraphs)

    def _sources_in(self, node: str, paragraphs: tuple[int, ...]) -> list[tuple[str, str, str]]:
        """(cited node, claim sentence, anchor) of the attribution links in ``paragraphs``."""
        page = self.pages.get(node)
        if page is None:
            return []
        in_passage = {
            (link.claim, link.anchor) for link in page.links if link.paragraph in paragraphs
        }
        found: list[tuple[str, str, str]] = []
        for source, _, data in self.graph.in_edges(node, data=True):
            if data.get("kind") == EDGE_CITATION and (data["claim"], data["anchor"]) in in_passage:
                found.append((source, str(data["claim"]), str(data["anchor"])))
        return sorted(set(found))

    def explore(
        self,
        node: str,
        claim: str,
        anchor: str,
        path: list[str],
        budget: list[int],
        language: str = "",
        position: tuple[float, ...] | None = None,
    ) -> list[Branch]:
        """Branches of the trace from ``node``, reached from ``path`` for ``claim`` (a
        sentence of a page in ``language``; ``position`` is where it sat in the copy the
        trace came from, when ``node`` is that copy's original)."""
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
        support = self._support(node, claim, anchor, language)
        page = self.pages.get(node)
        has_text = page is not None and bool(page.paragraphs)
        if self._is_primary(node) and (not has_text or self._support.supports(support)):
            return [Branch(STATUS_PRIMARY, here).checked(node, support)]
        if not self._support.supports(support):
            return [Branch(STATUS_UNSUPPORTED, here).checked(node, support)]
        branches: list[Branch] = []
        where = self._position(node, support)
        for original in self._originals(node, here):
            if budget[0] <= 0:
                break
            if original in self.pages and not self._support.supports(
                self._support(original, claim, anchor, language)
            ):
                continue  # an excerpt's original that lacks the passage: the copy is the source
            branches.extend(
                self.explore(original, claim, anchor, here, budget, language, where or position)
            )
        if branches:
            return [branch.checked(node, support) for branch in branches]
        paragraphs = (
            support.paragraphs if support.measured else self._aligned(node, claim, position)
        )
        for source, source_claim, source_anchor in self._sources_in(node, paragraphs):
            if budget[0] <= 0:
                branches.append(Branch(STATUS_TRUNCATED, here).checked(node, support))
                break
            if source in here:
                branches.append(Branch(STATUS_CIRCULAR, here).checked(node, support))
                continue
            for branch in self.explore(
                source, source_claim, source_anchor, here, budget, self._support.language(node)
            ):
                branches.append(branch.checked(node, support))
        return branches or [Branch(STATUS_ORIGIN, here).checked(node, support)]

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
        language = self._support.language(root)
        branches = self.explore(cited, claim, anchor, [root, *via], [MAX_BRANCHES], language)
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
            support_method=claim_support_method(best.methods),
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


def claim_support_method(methods: list[str]) -> str:
    """How the support of a claim's chain was measured: ``not-measurable`` when any page
    on it could not be measured (the trace crossed a language), else ``lexical``."""
    return METHOD_NOT_MEASURABLE if METHOD_NOT_MEASURABLE in methods else METHOD_LEXICAL


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
