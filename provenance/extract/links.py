"""Links: where each one points, the sentence that carries it, its cue and its kind."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from provenance.extract import heuristics as h
from provenance.extract.body import LinkSpan
from provenance.extract.document import tokens_of, walk
from provenance.extract.text import clean, cues_with_positions, noun_cue_in, sentence_spans
from provenance.models import (
    LINK_ATTRIBUTION,
    LINK_COMMENT,
    LINK_CONTEXT,
    LINK_NAVIGATION,
    LINK_SELF,
    LINK_SOCIAL_SHARE,
    Link,
)
from provenance.urls import absolute, normalize, outlet_of

_COMMENT_TOKENS = frozenset({"comment", "comments", "disqus", "respond", "replies", "reply"})


@dataclass(frozen=True)
class Anchor:
    """An <a href> as found before furniture was removed."""

    node_id: int
    href: str
    text: str
    order: int
    in_comments: bool


def collect_anchors(tree: LexborHTMLParser) -> tuple[list[Anchor], dict[int, int]]:
    """Every anchor of the page, and the document order of every element."""
    anchors: list[Anchor] = []
    order: dict[int, int] = {}
    root = tree.root
    if root is None:
        return anchors, order
    comment_depth = 0
    comment_nodes: set[int] = set()
    for index, (node, entering) in enumerate(walk(root)):
        if not node.is_element_node:
            continue
        if not entering:
            if node.mem_id in comment_nodes:
                comment_depth -= 1
            continue
        order[node.mem_id] = index
        if tokens_of(node) & _COMMENT_TOKENS:
            comment_nodes.add(node.mem_id)
            comment_depth += 1
        if node.tag == "a" and len(anchors) < h.MAX_LINKS_PER_PAGE:
            href = (node.attributes.get("href") or "").strip()
            if href:
                anchors.append(
                    Anchor(node.mem_id, href, clean(node.text(deep=True)), index, comment_depth > 0)
                )
    return anchors, order


def is_share_link(href: str, url: str) -> bool:
    if href.lower().startswith(h.SHARE_SCHEMES):
        return True
    if not url:
        return False
    path = urlsplit(url).path.lower()
    outlet = outlet_of(url)
    return any(outlet == domain and path.startswith(prefix) for domain, prefix in h.SHARE_ENDPOINTS)


def _nearest_cue(sentence: str, start: int, end: int) -> tuple[str, int]:
    """The reporting cue of ``sentence`` that governs the span, and its distance.

    An attribution phrase just before the link ("according to [a memorandum] published
    by ...") governs it whatever verbs follow; otherwise the nearest cue wins.
    """
    best = ("", 10**9)
    for position, cue in cues_with_positions(sentence):
        if (
            cue in h.CUE_PHRASES
            and position < start
            and start - (position + len(cue)) <= h.PHRASE_REACH
        ):
            return cue, 0
        distance = 0 if start <= position < end else min(abs(position - start), abs(position - end))
        if distance < best[1]:
            best = (cue, distance)
    return best


def classify_body_links(spans: list[LinkSpan], paragraphs: list[str], page_url: str) -> list[Link]:
    """Kinds, claims and cues of the links inside the article body."""
    page_outlet = outlet_of(page_url)
    links: list[Link] = []
    by_sentence: dict[tuple[int, int], list[tuple[LinkSpan, str]]] = {}
    sentence_text: dict[tuple[int, int], tuple[str, int]] = {}
    span_cache: dict[int, list[tuple[int, int]]] = {}
    resolved: list[tuple[LinkSpan, str, tuple[int, int]]] = []
    for span in spans:
        url = absolute(span.href, page_url)
        paragraph = paragraphs[span.paragraph]
        bounds = span_cache.setdefault(span.paragraph, sentence_spans(paragraph))
        key = (span.paragraph, 0)
        for start, end in bounds:
            if start <= span.start < end:
                key = (span.paragraph, start)
                sentence_text[key] = (
                    paragraph[start:end].strip(),
                    start + (len(paragraph[start:end]) - len(paragraph[start:end].lstrip())),
                )
                break
        else:
            sentence_text[key] = (paragraph, 0)
        by_sentence.setdefault(key, []).append((span, url))
        resolved.append((span, url, key))

    for span, url, key in resolved:
        sentence, offset = sentence_text[key]
        start, end = span.start - offset, span.end - offset
        if is_share_link(span.href, url):
            links.append(
                Link(url or span.href, span.anchor, sentence, "", LINK_SOCIAL_SHARE, span.paragraph)
            )
            continue
        if not url:
            continue
        canonical = normalize(url)
        outlet = outlet_of(url)
        reference = outlet in h.REFERENCE_DOMAINS
        anchor_cue = cues_with_positions(span.anchor)
        kind = LINK_CONTEXT
        cue = ""
        if anchor_cue:
            kind, cue = LINK_ATTRIBUTION, anchor_cue[0][1]
        elif not reference:
            siblings = [
                other
                for other, other_url in by_sentence[key]
                if other is not span
                and other_url
                and outlet_of(other_url) not in h.REFERENCE_DOMAINS
            ]
            if not any(cues_with_positions(other.anchor) for other in siblings):
                near, distance = _nearest_cue(sentence, start, end)
                noun = noun_cue_in(span.anchor)
                if near and all(
                    _nearest_cue(sentence, other.start - offset, other.end - offset)[1] >= distance
                    for other in siblings
                ):
                    kind, cue = LINK_ATTRIBUTION, near
                elif noun:
                    kind, cue = LINK_ATTRIBUTION, near or noun
        if kind != LINK_ATTRIBUTION and outlet == page_outlet:
            kind = LINK_SELF
        links.append(Link(canonical, span.anchor, sentence, cue, kind, span.paragraph, url))
    return links


def classify_other_links(anchors: list[Anchor], body_ids: set[int], page_url: str) -> list[Link]:
    """Links outside the body: never attributions."""
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()
    for anchor in anchors:
        if anchor.node_id in body_ids:
            continue
        url = absolute(anchor.href, page_url)
        if is_share_link(anchor.href, url):
            kind = LINK_SOCIAL_SHARE
        elif not url:
            continue
        elif anchor.in_comments:
            kind = LINK_COMMENT
        else:
            kind = LINK_NAVIGATION
        target = normalize(url) if url else anchor.href
        if (target, kind) in seen:
            continue
        seen.add((target, kind))
        links.append(Link(target, anchor.text, "", "", kind, -1))
    return links
