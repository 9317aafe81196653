"""Main-content detection: which part of a page is the article, as paragraphs with links.

A Readability-style score: every prose paragraph gives points to its parent and half
to its grandparent; the container with the most points, discounted by its share of
link text, is the article. Furniture (menus, related lists, share bars, comments) is
removed first by tag, ARIA role and class/id tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from provenance.extract import heuristics as h
from provenance.extract.document import tokens_of, walk

_SPACE = re.compile(r"\s+")
_BLOCK_SET = frozenset(h.BLOCK_TAGS)
# Tags that break text into separate lines when inside a paragraph.
_BREAKING = frozenset(
    {"br", "div", "p", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
)
# A container is where paragraphs live; these tags never are.
_INLINE = frozenset({"a", "span", "b", "i", "em", "strong", "small", "sup", "sub", "u", "font"})


@dataclass(frozen=True)
class LinkSpan:
    """An <a href> inside a body paragraph, located by character offsets."""

    node_id: int
    href: str
    anchor: str
    paragraph: int
    start: int
    end: int


@dataclass
class Body:
    paragraphs: list[str] = field(default_factory=list)
    links: list[LinkSpan] = field(default_factory=list)
    paragraph_node_ids: list[int] = field(default_factory=list)
    first_paragraph: LexborNode | None = None


def text_lengths(root: LexborNode) -> dict[int, int]:
    """Characters of text under every element, in one pass."""
    lengths: dict[int, int] = {}
    stack: list[int] = []
    for node, entering in walk(root):
        if node.is_text_node:
            if stack:
                stack[-1] += len(node.text_content or "")
        elif entering:
            stack.append(0)
        else:
            total = stack.pop()
            lengths[node.mem_id] = total
            if stack:
                stack[-1] += total
    return lengths


def _is_furniture(node: LexborNode, chars: int, page_chars: int) -> bool:
    role = (node.attributes.get("role") or "").lower()
    tokens = tokens_of(node)
    if role not in h.BOILERPLATE_ROLES and not (tokens & h.BOILERPLATE_TOKENS):
        return False
    # A wrapper named after furniture ("page-with-sidebar") that holds most of the
    # page's text is the page, not furniture.
    if page_chars and chars > h.WRAPPER_SHARE * page_chars:
        return False
    strong = role in h.BOILERPLATE_ROLES or bool(tokens & h.STRONG_BOILERPLATE_TOKENS)
    return strong or not (tokens & h.CONTENT_TOKENS)


def remove_furniture(tree: LexborHTMLParser) -> None:
    """Delete elements that never hold article prose, in place."""
    for tag in h.DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    body = tree.body
    if body is None:
        return
    lengths = text_lengths(body)
    page_chars = lengths.get(body.mem_id, 0)
    outermost: list[LexborNode] = []
    inside = 0  # how many doomed elements enclose the current one
    doomed: set[int] = set()
    for node, entering in walk(body):
        if not node.is_element_node or node is body:
            continue
        if entering:
            if _is_furniture(node, lengths.get(node.mem_id, 0), page_chars):
                doomed.add(node.mem_id)
                if inside == 0:
                    outermost.append(node)
                inside += 1
        elif node.mem_id in doomed:
            inside -= 1
    for node in outermost:
        node.decompose()


def _paragraph_nodes(root: LexborNode) -> list[LexborNode]:
    """Leaf text blocks under ``root`` in document order (a <div> of bare text counts).

    One post-order pass: a block is a leaf when no block lies under it. Leaves never
    nest, so the order in which they close is document order.
    """
    found: list[LexborNode] = []
    has_block: list[bool] = []
    for node, entering in walk(root):
        if not node.is_element_node:
            continue
        if entering:
            has_block.append(False)
            continue
        below = has_block.pop()
        tag = node.tag
        if not below and (tag in _BLOCK_SET or tag == "div") and node is not root:
            found.append(node)
        if has_block and (below or tag in _BLOCK_SET or tag in ("div", "table")):
            has_block[-1] = True
    return found


def _link_chars(node: LexborNode) -> int:
    return sum(len(anchor.text(deep=True).strip()) for anchor in node.css("a"))


def link_density(node: LexborNode) -> float:
    text = node.text(deep=True).strip()
    return min(1.0, _link_chars(node) / len(text)) if text else 1.0


def _semantic(node: LexborNode) -> bool:
    attributes = node.attributes
    return (
        node.tag in ("article", "main")
        or (attributes.get("itemprop") or "").lower() == "articlebody"
        or (attributes.get("role") or "").lower() in ("main", "article")
    )


def _best_containers(root: LexborNode) -> list[LexborNode]:
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for paragraph in _paragraph_nodes(root):
        text = _SPACE.sub(" ", paragraph.text(deep=True)).strip()
        if len(text) < h.MIN_PARAGRAPH_CHARS:
            continue
        points = 1.0 + text.count(",") + min(len(text) / 100.0, 3.0)
        parent = paragraph.parent
        while parent is not None and parent.tag in _INLINE:
            parent = parent.parent
        if parent is None:
            continue
        for ancestor, share in ((parent, 1.0), (parent.parent, h.GRANDPARENT_SHARE)):
            if ancestor is None or not ancestor.is_element_node:
                continue
            scores[ancestor.mem_id] = scores.get(ancestor.mem_id, 0.0) + points * share
            nodes[ancestor.mem_id] = ancestor
    if not scores:
        return []
    final: dict[int, float] = {}
    for mem_id, score in scores.items():
        node = nodes[mem_id]
        bonus = h.SEMANTIC_BONUS if _semantic(node) else 0.0
        final[mem_id] = (score + bonus) * (1.0 - link_density(node))
    best_id = max(final, key=lambda mem_id: (final[mem_id], -mem_id))
    best = nodes[best_id]
    chosen = [best]
    parent = best.parent
    if parent is not None:
        threshold = final[best_id] * h.SIBLING_SHARE
        siblings: list[LexborNode] = []
        child = parent.child
        while child is not None:
            if (
                child.is_element_node
                and child.mem_id != best_id
                and final.get(child.mem_id, 0.0) >= threshold
            ):
                siblings.append(child)
            child = child.next
        if siblings:
            order = {
                node.mem_id: index
                for index, (node, entering) in enumerate(walk(parent))
                if entering
            }
            chosen = sorted([best, *siblings], key=lambda node: order.get(node.mem_id, 0))
    return chosen


def _paragraph_text(node: LexborNode, paragraph: int) -> tuple[str, list[LinkSpan]]:
    """The clean text of a paragraph and the offsets of its links."""
    pieces: list[str] = []
    length = 0
    spans: list[LinkSpan] = []
    open_anchor: tuple[LexborNode, int] | None = None

    def add(text: str) -> None:
        nonlocal length
        text = _SPACE.sub(" ", text)
        if not text:
            return
        if (not pieces or pieces[-1].endswith(" ")) and text.startswith(" "):
            text = text[1:]
        if text:
            pieces.append(text)
            length += len(text)

    for current, entering in walk(node):
        if current.is_text_node:
            add(current.text_content or "")
        elif current.tag == "a" and current.attributes.get("href"):
            if entering and open_anchor is None:
                open_anchor = (current, length)
            elif (
                not entering and open_anchor is not None and open_anchor[0].mem_id == current.mem_id
            ):
                anchor_node, start = open_anchor
                open_anchor = None
                text_so_far = "".join(pieces)
                anchor_start = start + (1 if text_so_far[start : start + 1] == " " else 0)
                anchor = text_so_far[anchor_start:length].strip()
                spans.append(
                    LinkSpan(
                        node_id=anchor_node.mem_id,
                        href=(anchor_node.attributes.get("href") or "").strip(),
                        anchor=anchor,
                        paragraph=paragraph,
                        start=anchor_start,
                        end=anchor_start + len(anchor),
                    )
                )
        elif current.tag in _BREAKING and current is not node and not entering:
            add(" ")
    text = "".join(pieces)
    stripped = text.lstrip()
    shift = len(text) - len(stripped)
    text = stripped.rstrip()
    if shift:
        spans = [
            LinkSpan(
                s.node_id,
                s.href,
                s.anchor,
                s.paragraph,
                max(0, s.start - shift),
                max(0, s.end - shift),
            )
            for s in spans
        ]
    return text, spans


def extract_body(tree: LexborHTMLParser) -> Body:
    """Find the article in ``tree`` (already stripped of furniture) and return its prose."""
    root = tree.body
    body = Body()
    if root is None:
        return body
    for container in _best_containers(root):
        for node in _paragraph_nodes(container):
            if node.tag not in h.HEADING_TAGS and link_density(node) > h.MAX_BLOCK_LINK_DENSITY:
                continue
            text, spans = _paragraph_text(node, len(body.paragraphs))
            if not text:
                continue
            body.paragraphs.append(text[: h.MAX_TEXT_CHARS])
            body.links.extend(spans)
            body.paragraph_node_ids.append(node.mem_id)
            if body.first_paragraph is None:
                body.first_paragraph = node
    return body
