"""The page as segments: runs of text under one block element, with their links, and
what is known about the elements above them (furniture, teaser cards, text totals).

One pass over the text of the page cuts it into *segments*: runs of text that share
their nearest block element (a paragraph, a list item, the bare text of a ``<div>``),
with the links inside them. Then each element above a segment is visited once, for
its parent, depth and whether it is furniture, and totals are summed up the tree in
depth order. ``body`` chooses the article from this.

The tree is only read, never changed, so the other readers of the page (metadata,
republication signals, links outside the body) see it whole. The work is linear in
the size of the page: one ``traverse`` in C, one visit of each element that holds text
(cached), and sums over the tree in depth order. Every per-page quantity has a cap
(heuristics, "Work caps").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from provenance.extract import heuristics as h
from provenance.extract.document import class_tokens

_SENTENCE_END = re.compile(h.SENTENCE_END_PATTERN)
HIDDEN = 3
"""Furniture strength of an element that is not shown (``hidden``, ``display:none``)."""


@dataclass
class Segment:
    """A run of text under one block element, in document order."""

    block: LexborNode
    block_id: int
    order: int
    text: str = ""
    link_chars: int = 0
    anchors: list[tuple[LexborNode, int, int]] = field(default_factory=list)
    """(anchor element, start, end) of the links inside ``text``."""
    ghost: bool = False
    """The whole text of a furniture element (<nav>, <aside>, <footer>, <figure>), read
    in one piece: it only counts against the boxes around it and is never output."""

    @property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / len(self.text)) if self.text else 1.0


@dataclass
class Layout:
    """The page cut into segments, with what is known about the elements above them.

    Elements are known by ``mem_id``; only those above some segment are recorded.
    """

    root: int = 0
    segments: list[Segment] = field(default_factory=list)
    nodes: dict[int, LexborNode] = field(default_factory=dict)
    parent: dict[int, int] = field(default_factory=dict)
    """The parent of each recorded element (0 for <body>)."""
    depth: dict[int, int] = field(default_factory=dict)
    furniture: dict[int, int] = field(default_factory=dict)
    """Furniture elements (menus, comments, ...) and their strength (1 weak, 2 strong,
    3 hidden)."""
    comments: set[int] = field(default_factory=set)
    """Elements that hold reader comments."""
    link_blocks: set[int] = field(default_factory=set)
    """<a href> elements that hold block elements (a card: heading and teaser in a link)."""
    cards: set[int] = field(default_factory=set)
    """Teaser cards: small boxes around a linked headline (see ``_mark_cards``)."""
    chars: dict[int, int] = field(default_factory=dict)
    """Characters of segment text under each element."""
    prose: dict[int, int] = field(default_factory=dict)
    """Characters of prose (see ``is_prose``) under each element."""
    counts: dict[int, int] = field(default_factory=dict)
    """Segments under each element."""
    prose_counts: dict[int, int] = field(default_factory=dict)
    """Prose segments under each element."""
    by_depth: list[int] = field(default_factory=list)
    """Recorded elements, shallowest first."""
    anchors: list[tuple[LexborNode, int]] = field(default_factory=list)
    """Every <a> read, with the number of segments before it."""
    truncated: bool = False

    def ancestors(self, key: int) -> Iterator[int]:
        """``key`` and the recorded elements above it, nearest first."""
        parent = self.parent
        steps = 0
        while key and steps <= h.MAX_TREE_DEPTH:
            yield key
            key = parent.get(key, 0)
            steps += 1

    def recorded(self, node: LexborNode | None) -> int:
        """The key of ``node`` when it is recorded, else of its nearest recorded ancestor;
        0 when there is none within ``MAX_TREE_DEPTH`` steps."""
        steps = 0
        while node is not None and steps < h.MAX_TREE_DEPTH:
            if node.mem_id in self.parent:
                return node.mem_id
            node = node.parent
            steps += 1
        return 0

    def is_under(self, key: int, ancestor: int) -> bool:
        """Whether ``ancestor`` is ``key`` or above it."""
        limit = self.depth.get(ancestor, -1)
        if limit < 0:
            return False
        for current in self.ancestors(key):
            if current == ancestor:
                return True
            if self.depth.get(current, 0) <= limit:
                return False
        return False

    def common_ancestor(self, first: int, second: int) -> int:
        above = set(self.ancestors(second))
        return next((key for key in self.ancestors(first) if key in above), 0)

    def flags_down(self, marked: set[int] | dict[int, int]) -> set[int]:
        """The recorded elements that are in ``marked`` or under one that is."""
        under: set[int] = set()
        if not marked:
            return under
        parent = self.parent
        for key in self.by_depth:
            if key in marked or parent.get(key, 0) in under:
                under.add(key)
        return under


# --- Segmenting -----------------------------------------------------------------------


class _Segmenter:
    """Cuts the text of <body> into segments in one ``traverse``."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        # For each element that directly holds text: (block, anchor or None), or None
        # when its text is not read (script, style, hidden inline markup).
        self._context: dict[int, tuple[LexborNode, LexborNode | None] | None] = {}
        self._current: Segment | None = None
        self._pieces: list[str] = []
        self._length = 0
        self._open_anchor: tuple[LexborNode, int] | None = None
        self._breaks = 0
        self._chars = 0

    def _context_of(self, parent: LexborNode) -> tuple[LexborNode, LexborNode | None] | None:
        key = parent.mem_id
        if key in self._context:
            return self._context[key]
        anchor: LexborNode | None = None
        node: LexborNode | None = parent
        result: tuple[LexborNode, LexborNode | None] | None = None
        steps = 0
        while node is not None:
            tag = node.tag or ""
            if tag in h.SKIP_TAGS:
                break
            attributes = node.attributes
            if (
                attributes
                and ("style" in attributes or "hidden" in attributes or "aria-hidden" in attributes)
                and _hidden_attributes(attributes)
                and tag not in h.BLOCK_ELEMENTS
            ):
                break
            if tag in h.BLOCK_ELEMENTS or steps >= h.MAX_INLINE_DEPTH:
                # Text nested deeper in inline markup than any real page goes belongs to
                # the element reached: the page still reads in bounded time.
                result = (node, anchor)
                break
            if tag == "a" and anchor is None and attributes.get("href"):
                anchor = node
            node = node.parent
            steps += 1
        self._context[key] = result
        return result

    def _close(self) -> None:
        segment = self._current
        if segment is None:
            return
        self._close_anchor()
        text = "".join(self._pieces).rstrip()
        if text:
            segment.text = text
            if segment.anchors:
                limit = len(text)
                segment.anchors = [
                    (node, start, min(end, limit))
                    for node, start, end in segment.anchors
                    if start < limit
                ]
                segment.link_chars = sum(end - start for _, start, end in segment.anchors)
            self.layout.segments.append(segment)
        self._current = None
        self._pieces = []
        self._length = 0

    def _close_anchor(self) -> None:
        if self._open_anchor is None:
            return
        node, start = self._open_anchor
        self._open_anchor = None
        if self._current is None:
            return
        end = self._length - (1 if self._pieces and self._pieces[-1].endswith(" ") else 0)
        if end > start:
            self._current.anchors.append((node, start, end))

    def _add(self, raw: str, anchor: LexborNode | None) -> None:
        text = " ".join(raw.split())
        if raw[:1].isspace() and self._pieces and not self._pieces[-1].endswith(" "):
            text = " " + text
        if raw[-1:].isspace() and text:
            text += " "
        if not text:
            return
        if anchor is None:
            if self._open_anchor is not None:
                self._close_anchor()
        elif self._open_anchor is None or self._open_anchor[0].mem_id != anchor.mem_id:
            self._close_anchor()
            start = self._length
            if text.startswith(" "):
                start += 1
            self._open_anchor = (anchor, start)
        self._pieces.append(text)
        self._length += len(text)

    def _space(self) -> None:
        if self._pieces and not self._pieces[-1].endswith(" "):
            self._pieces.append(" ")
            self._length += 1

    def _ghost(self, node: LexborNode) -> None:
        """One segment for a furniture element's whole text (see ``Segment.ghost``)."""
        self._close()
        raw = node.text(deep=True)[: h.MAX_TEXT_CHARS]
        if node.css_first(h.CODE_SELECTOR) is not None:
            for code in node.css(h.CODE_SELECTOR)[: h.MAX_SEGMENTS]:
                raw = raw.replace(code.text(deep=True), " ", 1)
        text = " ".join(raw.split())
        if text:
            segments = self.layout.segments
            segments.append(Segment(node, node.mem_id, len(segments), text, ghost=True))

    def feed(self, root: LexborNode) -> None:
        segments = self.layout.segments
        anchors = self.layout.anchors
        root_id = root.mem_id
        resume = 0
        # Loop constants bound once: this loop runs for every node of the page.
        furniture_tags, block_tags = h.FURNITURE_TAGS, h.BLOCK_ELEMENTS
        max_text, max_segments, max_links = h.MAX_TEXT_CHARS, h.MAX_SEGMENTS, h.MAX_LINKS_PER_PAGE
        context_of = self._context_of
        # White-space-only text nodes are skipped in C (they are most of a page's text
        # nodes); the space they stand for is restored from the node before each text.
        for node in root.traverse(include_text=True, skip_empty=True):
            if resume:
                # Inside a furniture element already read whole: wait for its end.
                if node.mem_id != resume:
                    continue
                resume = 0
            if not node.is_text_node:
                tag = node.tag
                if tag in furniture_tags and node.mem_id != root_id:
                    self._ghost(node)
                    after = _following(node, root_id)
                    if after is None:
                        break
                    resume = after.mem_id
                    continue
                if tag == "br":
                    self._breaks += 1
                    self._space()
                elif tag in block_tags:
                    if self._current is not None:
                        self._close()
                elif tag == "a" and len(anchors) < max_links:
                    anchors.append((node, len(segments)))
                continue
            raw = node.text_content
            if not raw:
                continue
            parent = node.parent
            context = context_of(parent) if parent is not None else None
            if context is None:
                continue
            if self._chars + len(raw) > max_text:
                self.layout.truncated = True
                raw = raw[: max(0, max_text - self._chars)]
                if not raw.strip():
                    break
            block, anchor = context
            current = self._current
            if (
                current is None
                or current.block_id != block.mem_id
                or self._breaks >= h.PARAGRAPH_BREAKS
            ):
                self._close()
                if len(segments) >= max_segments:
                    self.layout.truncated = True
                    return
                self._current = Segment(block, block.mem_id, len(segments))
            elif (
                not raw[0].isspace()
                and self._pieces
                and not self._pieces[-1].endswith(" ")
                and _space_before(node, block)
            ):
                self._space()
            self._breaks = 0
            self._add(raw, anchor)
            self._chars += len(raw)
        self._close()


def _following(node: LexborNode, root_id: int) -> LexborNode | None:
    """The first node after ``node``'s subtree that ``traverse(skip_empty=True)`` yields."""
    steps = 0
    current: LexborNode | None = node
    while current is not None and current.mem_id != root_id and steps < h.MAX_TREE_DEPTH:
        after = current.next
        while after is not None and after.is_text_node and (after.text_content or "").isspace():
            after = after.next
        if after is not None:
            return after
        current = current.parent
        steps += 1
    return None


def _space_before(node: LexborNode, block: LexborNode) -> bool:
    """Whether white space (a skipped text node) stands right before ``node`` in its
    block: as its previous sibling, or before the inline element it opens."""
    steps = 0
    while steps < h.MAX_INLINE_DEPTH:
        before = node.prev
        if before is not None:
            return before.is_text_node and (before.text_content or " ").isspace()
        up = node.parent
        if up is None or up.mem_id == block.mem_id:
            return False
        node = up
        steps += 1
    return False


def _hidden_attributes(attributes: dict[str, str | None]) -> bool:
    if "hidden" in attributes or (attributes.get("aria-hidden") or "").lower() == "true":
        return True
    style = attributes.get("style")
    if style:
        compact = style.replace(" ", "").lower()
        return "display:none" in compact or "visibility:hidden" in compact
    return False


def _furniture_strength(tag: str, attributes: dict[str, str | None]) -> tuple[int, bool]:
    """(strength, holds comments). Strength 0: not furniture; 1: furniture unless its
    text is mostly prose; 2: furniture; 3 (``HIDDEN``): not shown at all."""
    if tag in h.FURNITURE_TAGS:
        if not attributes:
            return 2, False
        return 2, _names_strength(_names_of(attributes))[1]
    if not attributes:
        return 0, False
    if (
        "style" in attributes or "hidden" in attributes or "aria-hidden" in attributes
    ) and _hidden_attributes(attributes):
        return HIDDEN, False
    role = attributes.get("role")
    if role and role.lower() in h.BOILERPLATE_ROLES:
        return 2, False
    if tag in h.ARTICLE_TAGS:
        # The page says this is the article; its class names are about its subject.
        return 0, False
    itemprop = attributes.get("itemprop")
    if itemprop and itemprop.lower() == "articlebody":
        return 0, False
    return _names_strength(_names_of(attributes))


def _names_of(attributes: dict[str, str | None]) -> str:
    names = attributes.get("class")
    identifier = attributes.get("id")
    if not identifier:
        return (names or "")[: h.MAX_CLASS_CHARS]
    return f"{names or ''} {identifier}"[: h.MAX_CLASS_CHARS]


@lru_cache(maxsize=8192)
def _names_strength(names: str) -> tuple[int, bool]:
    """Furniture strength and comment flag of a class/id string (pages repeat them)."""
    if not names:
        return 0, False
    tokens = class_tokens(names)
    comments = not tokens.isdisjoint(h.COMMENT_TOKENS)
    # Whole class names only: "hidden" hides an element, but Drupal's "field--label-hidden"
    # (on every article body it renders) says the field's label is not shown.
    if not frozenset(name.lower() for name in names.split()).isdisjoint(h.HIDDEN_CLASS_TOKENS):
        return HIDDEN, False
    if not tokens.isdisjoint(h.STRONG_BOILERPLATE_TOKENS):
        return 2, comments
    if not tokens.isdisjoint(h.WEAK_BOILERPLATE_TOKENS):
        return 1, False
    return 0, False


def _record_ancestors(layout: Layout, root: LexborNode) -> None:
    """Record every element above a segment once: its parent, depth and furniture."""
    root_id = root.mem_id
    layout.root = root_id
    layout.nodes[root_id] = root
    layout.parent[root_id] = 0
    layout.depth[root_id] = 0
    parent_of, depth_of, nodes = layout.parent, layout.depth, layout.nodes
    for segment in layout.segments:
        if segment.block_id in parent_of:
            continue
        path: list[int] = []
        node: LexborNode | None = segment.block
        known = root_id
        while node is not None:
            key = node.mem_id
            if key in parent_of:
                known = key
                break
            nodes[key] = node
            tag = node.tag or ""
            attributes = node.attributes
            if tag == "a" and attributes.get("href"):
                layout.link_blocks.add(key)
            strength, comments = _furniture_strength(tag, attributes)
            if strength:
                layout.furniture[key] = strength
                if comments:
                    layout.comments.add(key)
            path.append(key)
            if len(path) >= h.MAX_TREE_DEPTH:
                # Deeper than any real page: hang the rest of the way on <body>.
                break
            node = node.parent
        base = depth_of[known]
        above = known
        for key in reversed(path):
            parent_of[key] = above
            base += 1
            depth_of[key] = base
            above = key
    layout.by_depth = sorted(parent_of, key=depth_of.__getitem__)


def _sum_up(layout: Layout, own: dict[int, tuple[int, int]]) -> tuple[dict[int, int], ...]:
    """Totals over subtrees of two per-element values, deepest elements first."""
    first = {key: value[0] for key, value in own.items()}
    second = {key: value[1] for key, value in own.items()}
    parent = layout.parent
    for key in reversed(layout.by_depth):
        up = parent.get(key, 0)
        if up and key in first:
            first[up] = first.get(up, 0) + first[key]
            second[up] = second.get(up, 0) + second[key]
    return first, second


def segment_page(tree: LexborHTMLParser) -> Layout:
    """The text of the page's <body> as segments, with the elements above them."""
    layout = Layout()
    root = tree.body
    if root is None:
        return layout
    _Segmenter(layout).feed(root)
    _record_ancestors(layout, root)
    if layout.link_blocks:
        wrapped = layout.flags_down(layout.link_blocks)
        for segment in layout.segments:
            if segment.block_id in wrapped:
                segment.link_chars = len(segment.text)
                if not segment.anchors:
                    node = next(
                        layout.nodes[key]
                        for key in layout.ancestors(segment.block_id)
                        if key in layout.link_blocks
                    )
                    segment.anchors = [(node, 0, len(segment.text))]
    own: dict[int, tuple[int, int]] = {}
    for segment in layout.segments:
        chars, count = own.get(segment.block_id, (0, 0))
        own[segment.block_id] = (chars + len(segment.text), count + 1)
    layout.chars, layout.counts = _sum_up(layout, own)
    _mark_cards(layout)
    own = {}
    for segment in layout.segments:
        if is_prose(segment):
            chars, count = own.get(segment.block_id, (0, 0))
            own[segment.block_id] = (chars + len(segment.text), count + 1)
    layout.prose, layout.prose_counts = _sum_up(layout, own)
    return layout


def _mark_cards(layout: Layout) -> None:
    """Teaser cards: a linked headline with a short summary, the unit of "related" and
    "more from" lists. The largest box around a linked headline that stays small is
    the card; every segment in it is link text."""
    cards: set[int] = set()
    for segment in layout.segments:
        if (
            segment.link_density < h.CARD_TITLE_LINK_DENSITY
            or len(segment.text) < h.CARD_TITLE_MIN_CHARS
        ):
            continue
        card = 0
        for steps, key in enumerate(layout.ancestors(layout.parent.get(segment.block_id, 0))):
            if (
                key == layout.root
                or steps >= h.CARD_MAX_DEPTH
                or layout.counts.get(key, 0) > h.CARD_MAX_SEGMENTS
                or layout.chars.get(key, 0) > h.CARD_MAX_CHARS
            ):
                break
            card = key
        if card:
            cards.add(card)
    if not cards:
        return
    layout.cards = cards
    in_cards = layout.flags_down(cards)
    for segment in layout.segments:
        if segment.block_id in in_cards:
            segment.link_chars = len(segment.text)


def is_prose(segment: Segment) -> bool:
    if segment.ghost:
        return False
    size = len(segment.text)
    if segment.link_density > h.MAX_BLOCK_LINK_DENSITY:
        return False
    if size >= h.PROSE_CHARS:
        return True
    return size >= h.MIN_PARAGRAPH_CHARS and bool(_SENTENCE_END.search(segment.text))
