"""From the crawl store to the document graph of DESIGN section 3.

Fetches are grouped into documents (redirects, canonical names, AMP and tracking
variants of one page become one node with ``aliases``); every followed link of a
fetched page becomes a citation edge pointing from the cited document to the citing
one (information-flow direction); link targets that were not fetched become
``unvisited`` nodes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urldefrag

import networkx as nx

from provenance.extract import kind_of_content
from provenance.models import (
    EDGE_CITATION,
    KIND_BLOCKED,
    KIND_PAGE,
    KIND_UNREACHABLE,
    KIND_UNVISITED,
    LINK_ATTRIBUTION,
    FetchResult,
    Link,
    Page,
)
from provenance.urls import identity, normalize, outlet_of

BLOCKED_STATUSES = frozenset({"robots", "blocked-address"})
FOLLOWED_IN_BODY_MODE = frozenset({"attribution", "context", "self"})


class CrawlRecords(Protocol):
    """What the graph is built from: the crawl store, or a corpus's records (corpus mode)."""

    def fetches(self) -> Iterable[tuple[FetchResult, int]]: ...

    def pages(self) -> dict[str, Page]: ...

    def get_json(self, key: str, default: Any = None) -> Any: ...

    def unfetched(self) -> dict[str, str]:
        """Why known URLs were not fetched (``time-budget``, ``trap``, ...), by identity."""
        ...


@dataclass
class Document:
    """One node's worth of fetches."""

    key: str
    result: FetchResult
    page: Page | None
    depth: int
    aliases: set[str] = field(default_factory=set)


def claim_id(citing: str, claim: str, cited: str) -> str:
    """A stable id for one (citing page, sentence, cited page): the same on every run."""
    digest = hashlib.sha1(f"{citing}\n{claim}\n{cited}".encode()).hexdigest()
    return f"c{digest[:10]}"


def _key_of(result: FetchResult, page: Page | None) -> str:
    if page is not None and page.canonical_url:
        return page.canonical_url
    return normalize(result.final_url if result.ok else result.url) or result.url


def _alias_form(url: str) -> str:
    return urldefrag(url)[0] if url else ""


def _preference(result: FetchResult, key: str, depth: int) -> tuple[int, int, int, str]:
    return (
        0 if result.ok else 1,
        0 if identity(result.url) == identity(key) else 1,
        depth,
        result.url,
    )


def collect_documents(store: CrawlRecords) -> tuple[dict[str, Document], dict[str, str]]:
    """Documents keyed by node key, and the identity of every known name -> node key."""
    pages = store.pages()
    grouped: dict[str, list[tuple[FetchResult, Page | None, int, str]]] = {}
    for result, depth in store.fetches():
        page = pages.get(result.url)
        key = _key_of(result, page)
        grouped.setdefault(identity(key) or key, []).append((result, page, depth, key))
    documents: dict[str, Document] = {}
    names: dict[str, str] = {}
    for group_key in sorted(grouped):
        members = sorted(
            grouped[group_key], key=lambda item: _preference(item[0], item[3], item[2])
        )
        result, page, depth, key = members[0]
        document = Document(key=key, result=result, page=page, depth=min(m[2] for m in members))
        for member_result, _, _, _ in members:
            for url in (member_result.url, member_result.final_url, *member_result.redirects):
                document.aliases.add(_alias_form(url))
        documents[key] = document
    # Names resolve to documents: first every document's own key, then the other names
    # (a redirect source never overrides a document's own key).
    for key in sorted(documents):
        names[identity(key)] = key
    for key in sorted(documents):
        for alias in sorted(documents[key].aliases):
            names.setdefault(identity(alias), key)
    return documents, names


def followed(link: Link, follow: str) -> bool:
    if link.paragraph < 0:
        return False
    return link.kind == LINK_ATTRIBUTION or (
        follow == "body" and link.kind in FOLLOWED_IN_BODY_MODE
    )


def is_credit_link(link: Link, page: Page) -> bool:
    """A link that is the page's own credit line ("originally published by [X]").

    It becomes a republication edge; it is not also a citation, since the sentence
    around it says where the page came from, not what happened.
    """
    target = identity(link.url)
    return any(
        signal.url
        and identity(signal.url) == target
        and signal.text
        and (link.claim in signal.text or signal.text in link.claim)
        for signal in page.republication
    )


def _node_kind(document: Document) -> str:
    result = document.result
    if result.status in BLOCKED_STATUSES:
        return KIND_BLOCKED
    if not result.ok or result.status == "too-large":
        return KIND_UNREACHABLE
    if document.page is not None:
        return document.page.kind
    return kind_of_content(result.final_url, result.content_type) or KIND_PAGE


def _status(result: FetchResult) -> str:
    return result.status


def add_unvisited(graph: nx.MultiDiGraph[str], url: str, depth: int, status: str = "") -> None:
    """A node for a document that was named but not fetched (beyond the crawl's limits);
    ``status`` says why when the crawl knows (``time-budget``, ``trap``, ...)."""
    graph.add_node(
        url,
        url=url,
        kind=KIND_UNVISITED,
        outlet=outlet_of(url),
        outlet_name="",
        title="",
        authors="",
        published="",
        language="",
        status=status,
        depth=depth,
        root=False,
        aliases="",
        archived_from="",
    )


def build_graph(
    store: CrawlRecords, follow: str = "attribution"
) -> tuple[nx.MultiDiGraph[str], dict[str, Page]]:
    """The document graph with citation edges, and the extracted page of each node."""
    roots = [str(root) for root in store.get_json("roots", [])]
    root_ids = {identity(root) for root in roots}
    documents, names = collect_documents(store)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    pages: dict[str, Page] = {}
    for key in sorted(documents):
        document = documents[key]
        page = document.page
        graph.add_node(
            key,
            url=key,
            kind=_node_kind(document),
            outlet=outlet_of(key),
            outlet_name=page.outlet_name if page else "",
            title=page.title if page else "",
            authors="; ".join(page.authors) if page else "",
            published=page.published if page else "",
            language=page.language if page else "",
            status=_status(document.result),
            depth=document.depth,
            root=any(identity(alias) in root_ids for alias in document.aliases | {key}),
            aliases="",
            archived_from=document.result.archived_from,
        )
        if page is not None and document.result.ok:
            pages[key] = page

    unvisited_depth: dict[str, int] = {}
    for key in sorted(pages):
        page = pages[key]
        depth = int(graph.nodes[key]["depth"])
        targets: list[tuple[Link | None, str]] = [
            (link, link.url) for link in page.links if followed(link, follow)
        ]
        targets.extend((None, signal.url) for signal in page.republication if signal.url)
        for link, url in targets:
            target = names.get(identity(url))
            if target is None:
                target = normalize(url)
                if not target:
                    continue
                names[identity(target)] = target
                unvisited_depth[target] = min(unvisited_depth.get(target, depth + 1), depth + 1)
                documents.setdefault(
                    target,
                    Document(target, FetchResult(target, target, ""), None, depth + 1),
                )
            if link is not None and link.href:
                documents[target].aliases.add(_alias_form(link.href))
    why = store.unfetched() if unvisited_depth else {}
    for target in sorted(unvisited_depth):
        if target not in graph:
            add_unvisited(graph, target, unvisited_depth[target], why.get(identity(target), ""))

    for key in sorted(pages):
        seen: set[tuple[str, str]] = set()
        for link in pages[key].links:
            if not followed(link, follow) or is_credit_link(link, pages[key]):
                continue
            cited = names.get(identity(link.url))
            if cited is None or cited == key or (cited, link.claim) in seen:
                continue
            seen.add((cited, link.claim))
            graph.add_edge(
                cited,
                key,
                kind=EDGE_CITATION,
                claim_id=claim_id(key, link.claim, cited),
                claim=link.claim,
                anchor=link.anchor,
                cue=link.cue,
                support=None,
                evidence="",
                similarity=None,
            )

    for key in graph.nodes:
        aliases = (
            {alias for alias in documents[key].aliases if alias and alias != key}
            if key in documents
            else set()
        )
        graph.nodes[key]["aliases"] = " ".join(sorted(aliases))
    graph.graph["roots"] = sorted(
        {names.get(identity(root), normalize(root)) for root in roots if normalize(root)}
    )
    return graph, pages
