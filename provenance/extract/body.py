"""Main-content detection: which part of a page is the article, as paragraphs with links.

Every segment of the page (see ``layout``) votes for the elements above it: prose
(long, few links) counts for its length; link lists, teaser cards and stray short
lines count against; text inside furniture (menus, share bars, related lists,
comments) counts against the elements *above* that furniture. The element with the
most votes is the article: the smallest box holding most of the prose and little
else. Its segments, less the furniture inside it, are the paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from provenance.extract import heuristics as h
from provenance.extract.layout import HIDDEN, Layout, Segment, is_prose, segment_page

__all__ = ["Body", "LinkSpan", "choose_container", "credible_furniture", "extract_body"]


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
    first_order: int = -1
    """Order (in ``Layout.segments``) of the first body segment; -1 without a body."""
    container: int = 0
    """mem_id of the element chosen as the article (0: none)."""


# --- Choosing the article -------------------------------------------------------------


def credible_furniture(layout: Layout) -> dict[int, int]:
    """Furniture elements whose markup is believed, with their strength.

    A weak name ("sidebar-grid", "meta") on a box whose text is mostly prose is a
    layout box around the article: real sidebars and meta lines are links and labels.
    """
    credible: dict[int, int] = {}
    for key, strength in layout.furniture.items():
        if strength == 1 and layout.prose.get(key, 0) >= h.WEAK_FURNITURE_PROSE_SHARE * (
            layout.chars.get(key, 0) or 1
        ):
            continue
        credible[key] = strength
    return credible


def _base_vote(segment: Segment) -> float:
    size = float(len(segment.text))
    if segment.link_density > h.MAX_BLOCK_LINK_DENSITY:
        return -h.LINK_LIST_WEIGHT * size
    if is_prose(segment):
        return size * (1.0 - segment.link_density)
    if segment.block.tag in h.HEADING_TAGS:
        return h.HEADING_WEIGHT * size
    return -h.SHORT_LINE_WEIGHT * size


def choose_container(layout: Layout, furniture: dict[int, int]) -> int:
    """The mem_id of the element holding the article, or 0 when the page has none.

    Every segment votes for each element above it; furniture turns its votes negative
    for the elements *above* the furniture (hidden furniture: no votes), so a box inside
    a furniture-named wrapper can still be the article, while a box around the
    furniture pays for it. A candidate that is itself inside furniture keeps only a
    share of its votes: a long comment thread must not outvote the article.
    """
    own: dict[int, float] = {}
    visible: dict[int, int] = {}
    for segment in layout.segments:
        key = segment.block_id
        if not segment.ghost:
            own[key] = own.get(key, 0.0) + _base_vote(segment)
        visible[key] = visible.get(key, 0) + len(segment.text)
    scores = dict(own)
    parent = layout.parent
    for key in reversed(layout.by_depth):
        up = parent.get(key, 0)
        if not up:
            continue
        strength = furniture.get(key, 0)
        if strength == HIDDEN:
            continue
        score = scores.get(key, 0.0)
        shown = visible.get(key, 0)
        if strength:
            score = -h.FURNITURE_WEIGHT * min(shown, h.FURNITURE_VOTE_CAP)
        scores[up] = scores.get(up, 0.0) + score
        visible[up] = visible.get(up, 0) + shown
    inside: dict[int, int] = {}
    best, best_score, best_depth = 0, 0.0, 0
    for key in layout.by_depth:
        strength = furniture.get(key, 0) or inside.get(parent.get(key, 0), 0)
        if strength:
            inside[key] = strength
        score = scores.get(key, 0.0)
        if score <= 0:
            continue
        if strength:
            score *= h.FURNITURE_DISCOUNT[strength]
        depth = layout.depth[key]
        if score > best_score or (score == best_score and depth > best_depth):
            best, best_score, best_depth = key, score, depth
    # One paragraph is no article box: when the winner holds a single prose segment and
    # its parent holds more prose (paragraphs set straight into a box that also holds
    # teasers or furniture), the parent is the box, and the filters below clean it.
    up = parent.get(best, 0)
    if (
        best
        and up
        and up != layout.root
        and layout.prose_counts.get(best, 0) <= 1
        and layout.prose_counts.get(up, 0) >= h.MIN_CONTAINER_PARAGRAPHS
        and not inside.get(up, 0)
    ):
        best = up
    return _first_of_several(layout, best)


def _first_of_several(layout: Layout, best: int) -> int:
    """The first article when the box holds several: pages that load the next story
    below the first ("infinite scroll") put each in its own <article>."""
    total = layout.prose.get(best, 0)
    if not total:
        return best
    articles = [
        key
        for key in layout.by_depth
        if layout.nodes[key].tag in h.STORY_TAGS
        and key != best
        and layout.prose.get(key, 0) >= h.STORY_SHARE * total
        and layout.is_under(key, best)
    ]
    outermost = [
        key
        for key in articles
        if not any(other != key and layout.is_under(key, other) for other in articles)
    ]
    if len(outermost) < h.MIN_STORIES:
        return best
    for segment in layout.segments:
        for key in outermost:
            if layout.is_under(segment.block_id, key):
                return key
    return best


def _lead_segments(layout: Layout, first: int, excluded: set[int]) -> set[int]:
    """Prose between the headline and the article box: the standfirst or lead.

    Pages often set the lead in the article header, outside the box of the body text;
    it belongs to the article when it follows the page's <h1> closely and is prose.
    """
    segments = layout.segments
    headline = -1
    for order in range(first - 1, max(-1, first - 1 - h.LEAD_REACH), -1):
        if segments[order].block.tag in h.HEADLINE_TAGS:
            headline = order
            break
    if headline < 0:
        return set()
    return {
        order
        for order in range(headline + 1, first)
        if is_prose(segments[order])
        and segments[order].link_density <= h.LEAD_MAX_LINK_DENSITY
        and segments[order].block_id not in excluded
    }


def _trim_edges(segments: list[Segment]) -> list[Segment]:
    """The segments without the short lines before the first and after the last prose.

    Datelines, bylines, "Share" labels and "Tags:" lines gather at the edges of the
    article box; subheadings and short lines *between* paragraphs are the article's.
    """
    prose = [index for index, segment in enumerate(segments) if is_prose(segment)]
    if not prose:
        return segments
    first, last = prose[0], prose[-1]
    while first > 0 and segments[first - 1].block.tag in h.HEADING_TAGS:
        first -= 1
    return segments[first : last + 1]


def extract_body(tree: LexborHTMLParser, layout: Layout | None = None) -> Body:
    """Find the article in ``tree`` and return its prose and the links inside it."""
    if layout is None:
        layout = segment_page(tree)
    body = Body()
    if not layout.segments:
        return body
    furniture = credible_furniture(layout)
    best = choose_container(layout, furniture)
    if not best:
        return body
    body.container = best
    # Which elements lie in the article box, and which of those under furniture that
    # stands inside the box (furniture above the box does not count: an article in a
    # wrapper named "main-with-sidebar" is still the article). A hidden box that holds
    # most of the article's prose is kept: it is the text behind a "read more" button or
    # a paywall script, which the page ships to every reader; smaller hidden boxes are
    # dialogs and menus.
    inside: set[int] = set()
    dropped: set[int] = set()
    parent = layout.parent
    article_prose = layout.prose.get(best, 0)
    for key in layout.by_depth:
        if key == best:
            inside.add(key)
        elif parent.get(key, 0) in inside:
            inside.add(key)
            strength = furniture.get(key, 0)
            if (
                parent[key] in dropped
                or (strength and strength != HIDDEN)
                or (
                    strength == HIDDEN
                    and layout.prose.get(key, 0) < h.HIDDEN_ARTICLE_SHARE * article_prose
                )
            ):
                dropped.add(key)
    first = next((segment.order for segment in layout.segments if segment.block_id in inside), -1)
    leads = (
        _lead_segments(layout, first, layout.flags_down(set(furniture) | layout.cards))
        if first > 0
        else set()
    )
    kept: list[Segment] = []
    listed: list[Segment] = []
    for segment in layout.segments:
        key = segment.block_id
        if key not in inside:
            if segment.order not in leads:
                continue
        elif key in dropped:
            continue
        tag = segment.block.tag
        if tag in h.TITLE_TAGS or segment.ghost:
            continue
        if segment.link_density > h.MAX_BLOCK_LINK_DENSITY and tag not in h.HEADING_TAGS:
            listed.append(segment)
            continue
        kept.append(segment)
    paragraph_of: dict[int, int] = {}
    for segment in _trim_edges(kept):
        index = len(body.paragraphs)
        paragraph_of[segment.order] = index
        body.paragraphs.append(segment.text)
        body.paragraph_node_ids.append(segment.block_id)
        if body.first_order < 0:
            body.first_order = segment.order
        for node, start, end in segment.anchors:
            body.links.append(
                LinkSpan(
                    node_id=node.mem_id,
                    href=(node.attributes.get("href") or "").strip(),
                    anchor=segment.text[start:end].strip()[: h.MAX_ANCHOR_CHARS],
                    paragraph=index,
                    start=start,
                    end=end,
                )
            )
    if paragraph_of:
        body.links.extend(_listed_links(listed, paragraph_of))
        body.links.extend(_textless_links(layout, inside, dropped, paragraph_of))
    return body


def _listed_links(listed: list[Segment], paragraph_of: dict[int, int]) -> list[LinkSpan]:
    """Links of the link lists inside the article (sources, further reading), each
    placed with the paragraph before it; their lines are not prose, so no claim."""
    orders = sorted(paragraph_of)
    first = orders[0]
    found: list[LinkSpan] = []
    for segment in listed:
        previous = max((order for order in orders if order < segment.order), default=first)
        for node, start, end in segment.anchors:
            found.append(
                LinkSpan(
                    node_id=node.mem_id,
                    href=(node.attributes.get("href") or "").strip(),
                    anchor=segment.text[start:end].strip()[: h.MAX_ANCHOR_CHARS],
                    paragraph=paragraph_of[previous],
                    start=-1,
                    end=-1,
                )
            )
    return found


def _textless_links(
    layout: Layout, inside: set[int], dropped: set[int], paragraph_of: dict[int, int]
) -> list[LinkSpan]:
    """Links without text (an image, an icon) inside the article box, each placed with
    the paragraph before it (or the first): they carry no claim of their own."""
    with_text = {node.mem_id for segment in layout.segments for node, _, _ in segment.anchors}
    first_order, last_order = min(paragraph_of), max(paragraph_of)
    orders = sorted(paragraph_of)
    found: list[LinkSpan] = []
    for node, before in layout.anchors:
        href = (node.attributes.get("href") or "").strip()
        if node.mem_id in with_text or not href or href.startswith("#"):
            continue
        if before < first_order or before > last_order + 1:
            continue
        box = layout.recorded(node.parent)
        if box not in inside or box in dropped:
            continue
        previous = max((order for order in orders if order <= before), default=first_order)
        found.append(
            LinkSpan(
                node_id=node.mem_id,
                href=href,
                anchor=_image_text(node),
                paragraph=paragraph_of[previous],
                start=-1,
                end=-1,
            )
        )
    return found


def _image_text(node: LexborNode) -> str:
    image = node.css_first("img[alt]")
    alt = (image.attributes.get("alt") or "") if image is not None else ""
    return " ".join(alt.split())[: h.MAX_ANCHOR_CHARS]
