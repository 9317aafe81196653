"""Explicit republication signals: credit lines, source lines, canonical, og:url, JSON-LD."""

from __future__ import annotations

import re
from bisect import bisect_right
from urllib.parse import urlsplit

from provenance.extract import heuristics as h
from provenance.extract.body import Body
from provenance.extract.layout import Layout, Segment
from provenance.extract.links import Resolver, is_share_link
from provenance.extract.metadata import Metadata
from provenance.extract.text import parse_date
from provenance.models import RepublicationSignal
from provenance.urls import absolute, normalize, outlet_of

_NAMED_OUTLET = re.compile(h.NAMED_OUTLET_PATTERN)
# One pass over the page's text finds every credit line and feed footer: the patterns
# joined, with each segment on a line of its own.
_ANY_CREDIT = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern in h.CREDIT_PATTERNS)
    + f"|(?:{h.FEED_FOOTER_PATTERN.pattern})",
    re.IGNORECASE,
)
_APPEARED_FIRST_ON = re.compile(r"appeared first on\s+(.+?)\.?\s*$", re.IGNORECASE)


def _is_article_url(url: str) -> bool:
    path = urlsplit(url).path
    return len(path.strip("/")) >= h.MIN_ARTICLE_PATH_CHARS


def _outlet_named(text: str) -> str:
    match = _NAMED_OUTLET.search(text)
    return match.group(1).strip(" .") if match else ""


def _first_cross_link(segment: Segment, resolver: Resolver) -> str:
    page_outlet = outlet_of(resolver.page_url)
    anchors = (
        segment.block.css("a[href]")[: h.MAX_SIGNALS]
        if segment.ghost
        else [node for node, _, _ in segment.anchors]
    )
    for node in anchors:
        url, canonical = resolver.resolve(node.attributes.get("href") or "")
        if url and outlet_of(url) != page_outlet and not is_share_link(url, url):
            return canonical
    return ""


def meta_signals(meta: Metadata, page_url: str) -> list[RepublicationSignal]:
    """Cross-outlet rel=canonical and og:url, and JSON-LD ``isBasedOn``."""
    page_outlet = outlet_of(page_url)
    signals: list[RepublicationSignal] = []
    for evidence, raw in (("canonical", meta.canonical), ("og-url", meta.og_url)):
        url = absolute(raw, page_url)
        if url and outlet_of(url) != page_outlet:
            signals.append(RepublicationSignal(evidence, normalize(url), outlet_of(url)))
    for raw in meta.is_based_on[: h.MAX_SIGNALS]:
        url = absolute(raw, page_url)
        if url and normalize(url) != normalize(page_url):
            signals.append(RepublicationSignal("json-ld", normalize(url), outlet_of(url)))
    return signals


def credit_lines(layout: Layout, resolver: Resolver) -> list[RepublicationSignal]:
    """Credit lines and feed footers anywhere on the page, in short segments."""
    segments = [segment for segment in layout.segments if len(segment.text) <= h.MAX_CREDIT_CHARS]
    if not segments:
        return []
    found: list[int] = [
        index
        for index, segment in enumerate(segments)
        if segment.text[: h.SOURCE_LABEL_REACH].lower().lstrip().startswith(h.SOURCE_LABELS)
        and h.SOURCE_LABEL_PATTERN.match(segment.text)
    ]
    text = "\n".join(segment.text for segment in segments)
    lowered = text.lower()
    if any(word in lowered for word in h.CREDIT_WORDS):
        starts: list[int] = []
        position = 0
        for segment in segments:
            starts.append(position)
            position += len(segment.text) + 1
        for match in _ANY_CREDIT.finditer(text):
            found.append(bisect_right(starts, match.start()) - 1)
    signals: list[RepublicationSignal] = []
    for index in sorted(set(found))[: h.MAX_SIGNALS]:
        segment = segments[index]
        line = segment.text
        # The link may stand on the line after the credit ("First published by" / "X").
        url = _first_cross_link(segment, resolver) or (
            _first_cross_link(segments[index + 1], resolver) if index + 1 < len(segments) else ""
        )
        if h.FEED_FOOTER_PATTERN.search(line):
            footer = _APPEARED_FIRST_ON.search(line)
            outlet = footer.group(1).strip() if footer else ""
            signals.append(RepublicationSignal("feed-footer", url, outlet, line))
        else:
            outlet = outlet_of(url) if url else _outlet_named(line)
            signals.append(RepublicationSignal("credit-line", url, outlet, line))
    return [signal for signal in signals if signal.url or signal.outlet]


def _headline_order(layout: Layout, first: int) -> int:
    for order in range(first - 1, max(-1, first - 1 - h.SOURCE_LINE_REACH), -1):
        if layout.segments[order].block.tag == "h1":
            return order
    return -1


def source_lines(layout: Layout, body: Body, resolver: Resolver) -> list[RepublicationSignal]:
    """Source lines in the article's header: a short line that is mostly a link to an
    article of another outlet ("Inside Syria Media Center 26 April 2024").

    The header is what precedes the first body paragraph inside the element that holds
    both the headline and that paragraph (without a headline: the paragraph's box).
    """
    first = body.first_order
    if first < 0:
        return []
    block = layout.segments[first].block_id
    headline = _headline_order(layout, first)
    if headline >= 0:
        region = layout.common_ancestor(layout.segments[headline].block_id, block)
    else:
        above = list(layout.ancestors(block))
        region = above[min(2, len(above) - 1)]
    if not region or region == layout.root:
        return []
    page_outlet = outlet_of(resolver.page_url)
    signals: list[RepublicationSignal] = []
    for order in range(max(0, first - h.SOURCE_LINE_REACH), first):
        segment = layout.segments[order]
        if (
            len(segment.text) > h.MAX_SOURCE_LINE_CHARS
            or not segment.anchors
            or not layout.is_under(segment.block_id, region)
        ):
            continue
        for node, start, end in segment.anchors:
            href = node.attributes.get("href") or ""
            url, canonical = resolver.resolve(href)
            if (
                not url
                or outlet_of(url) == page_outlet
                or is_share_link(href, url)
                or outlet_of(url) in h.SOCIAL_DOMAINS
                or not _is_article_url(url)
            ):
                continue
            anchor = segment.text[start:end].strip()
            rest = (segment.text[:start] + " " + segment.text[end:]).strip()
            if anchor and (not rest or parse_date(rest) or len(rest) < len(anchor)):
                signals.append(
                    RepublicationSignal("credit-line", canonical, outlet_of(url), segment.text)
                )
                break
    return signals


def merge(*groups: list[RepublicationSignal]) -> list[RepublicationSignal]:
    """The signals in order, without repeats of the same evidence for the same source."""
    merged: list[RepublicationSignal] = []
    seen: set[tuple[str, str]] = set()
    for group in groups:
        for signal in group:
            key = (signal.evidence, signal.url or signal.outlet)
            if key in seen:
                continue
            seen.add(key)
            merged.append(
                RepublicationSignal(
                    signal.evidence, signal.url, signal.outlet, signal.text[: h.MAX_CREDIT_CHARS]
                )
            )
    return merged
