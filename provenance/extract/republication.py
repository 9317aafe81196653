"""Explicit republication signals: credit lines, source lines, canonical, og:url, JSON-LD."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from provenance.extract import heuristics as h
from provenance.extract.document import walk
from provenance.extract.links import Anchor, is_share_link
from provenance.extract.metadata import Metadata
from provenance.extract.text import clean, parse_date
from provenance.models import RepublicationSignal
from provenance.urls import absolute, normalize, outlet_of

_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "td",
        "section",
        "header",
        "footer",
        "figure",
        "blockquote",
        "aside",
        "dd",
        "em",
        "small",
    }
)
_NAMED_OUTLET = re.compile(
    r"\b(?:published|appeared|posted|produced|republished|reprinted)\s+(?:\w+\s+)?(?:by|on|at|in|from)\s+"
    r"([A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,5})"
)
# A credit line is short; a long block mentioning "originally published" is prose.
MAX_CREDIT_CHARS = 400


def _block_of(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    while parent is not None and parent.tag not in _BLOCKS:
        parent = parent.parent
    return parent


def _is_article_url(url: str) -> bool:
    path = urlsplit(url).path
    return len(path.strip("/")) >= h.MIN_ARTICLE_PATH_CHARS


def _outlet_named(text: str) -> str:
    match = _NAMED_OUTLET.search(text)
    return match.group(1).strip(" .") if match else ""


def _first_cross_link(block: LexborNode, page_url: str) -> str:
    for anchor in block.css("a[href]"):
        url = absolute(anchor.attributes.get("href") or "", page_url)
        if url and outlet_of(url) != outlet_of(page_url) and not is_share_link(url, url):
            return normalize(url)
    return ""


def find_signals(
    tree: LexborHTMLParser,
    page_url: str,
    meta: Metadata,
    anchors: list[Anchor],
    order: dict[int, int],
    lengths: dict[int, int],
) -> tuple[list[RepublicationSignal], list[SourceLine]]:
    """Explicit republication signals of a page (call before furniture is removed).

    Returns the signals, and source-line candidates: short blocks that are mostly a link
    to another outlet's article. Which of those stand in the article's header (and so
    are source lines) is known only once the body is found; ``source_lines`` picks them.
    """
    page_outlet = outlet_of(page_url)
    signals: list[RepublicationSignal] = []
    seen: set[tuple[str, str, str]] = set()

    def add(evidence: str, url: str = "", outlet: str = "", text: str = "") -> None:
        key = (evidence, url, outlet if not url else "")
        if key not in seen and (url or outlet):
            seen.add(key)
            signals.append(RepublicationSignal(evidence, url, outlet, text[:MAX_CREDIT_CHARS]))

    for evidence, raw in (("canonical", meta.canonical), ("og-url", meta.og_url)):
        url = absolute(raw, page_url)
        if url and outlet_of(url) != page_outlet:
            add(evidence, normalize(url), outlet_of(url))
    for raw in meta.is_based_on:
        url = absolute(raw, page_url)
        if url and normalize(url) != normalize(page_url):
            add("json-ld", normalize(url), outlet_of(url))

    candidates: list[SourceLine] = []
    root = tree.body
    if root is None:
        return signals, candidates

    # Credit lines and feed footers anywhere, in short blocks.
    for node, entering in walk(root):
        if not entering or not node.is_element_node or node.tag not in _BLOCKS:
            continue
        if not 0 < lengths.get(node.mem_id, 0) <= MAX_CREDIT_CHARS:
            continue
        text = clean(node.text(deep=True))
        if h.FEED_FOOTER_PATTERN.search(text):
            add("feed-footer", _first_cross_link(node, page_url), _outlet_after_on(text), text)
        elif any(pattern.search(text) for pattern in h.CREDIT_PATTERNS):
            url = _first_cross_link(node, page_url)
            add("credit-line", url, outlet_of(url) if url else _outlet_named(text), text)

    # A source line near the headline: a short block that is mostly a link to an
    # article of another outlet ("Inside Syria Media Center 26 April 2024"). Whether it
    # stands in the article's header is decided once the body is known (source_lines).
    anchor_nodes = {node.mem_id: node for node in tree.css("a[href]")}
    for anchor in anchors:
        url = absolute(anchor.href, page_url)
        if not url or outlet_of(url) == page_outlet or is_share_link(anchor.href, url):
            continue
        if outlet_of(url) in h.SOCIAL_DOMAINS or not _is_article_url(url):
            continue
        anchor_node = anchor_nodes.get(anchor.node_id)
        block = _block_of(anchor_node) if anchor_node is not None else None
        if block is None or lengths.get(block.mem_id, 0) > 4 * h.MAX_SOURCE_LINE_CHARS:
            continue
        text = clean(block.text(deep=True))
        rest = clean(text.replace(anchor.text, "", 1))
        if (
            len(text) <= h.MAX_SOURCE_LINE_CHARS
            and anchor.text
            and (not rest or parse_date(rest) or len(rest) < len(anchor.text))
        ):
            signal = RepublicationSignal("credit-line", normalize(url), outlet_of(url), text)
            candidates.append(SourceLine(anchor.order, _ancestors(block), signal))
    return signals, candidates


@dataclass(frozen=True)
class SourceLine:
    order: int
    ancestors: frozenset[int]
    signal: RepublicationSignal


def _ancestors(node: LexborNode) -> frozenset[int]:
    found: set[int] = set()
    parent = node.parent
    while parent is not None:
        found.add(parent.mem_id)
        parent = parent.parent
    return frozenset(found)


def article_region(tree: LexborHTMLParser, first_paragraph: LexborNode | None) -> int | None:
    """The element holding both the headline and the first body paragraph.

    Without a headline, the first paragraph's grandparent: the article's own wrapper.
    """
    if first_paragraph is None:
        return None
    heading = tree.css_first("h1")
    if heading is None:
        parent = first_paragraph.parent
        top = parent.parent if parent is not None and parent.parent is not None else parent
        return top.mem_id if top is not None else None
    mine = _ancestors(first_paragraph)
    parent = heading.parent
    while parent is not None:
        if parent.mem_id in mine:
            return None if parent.tag in ("html", "body") else parent.mem_id
        parent = parent.parent
    return None


def source_lines(
    candidates: list[SourceLine],
    signals: list[RepublicationSignal],
    first_body_order: int,
    region: int | None,
) -> list[RepublicationSignal]:
    """Candidates inside the article region and before the body, added without repeats."""
    merged = list(signals)
    if region is None:
        return merged
    known = {(signal.evidence, signal.url) for signal in signals}
    for candidate in candidates:
        signal = candidate.signal
        if (
            candidate.order < first_body_order
            and region in candidate.ancestors
            and (signal.evidence, signal.url) not in known
        ):
            known.add((signal.evidence, signal.url))
            merged.append(signal)
    return merged


def _outlet_after_on(text: str) -> str:
    match = re.search(r"appeared first on\s+(.+?)\.?\s*$", text, re.IGNORECASE)
    return match.group(1).strip() if match else ""
