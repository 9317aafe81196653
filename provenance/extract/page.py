"""``extract_page``: any bytes in, a ``Page`` out."""

from __future__ import annotations

from urllib.parse import urlsplit

from provenance.extract import heuristics as h
from provenance.extract.body import extract_body, remove_furniture, text_lengths
from provenance.extract.document import parse
from provenance.extract.links import classify_body_links, classify_other_links, collect_anchors
from provenance.extract.metadata import read_metadata
from provenance.extract.republication import article_region, find_signals, source_lines
from provenance.models import (
    KIND_ARTICLE,
    KIND_DOCUMENT,
    KIND_MEDIA,
    KIND_PAGE,
    KIND_SOCIAL,
    Page,
)
from provenance.urls import absolute, normalize, outlet_of

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/xml", "application/xml")


def kind_of_content(url: str, content_type: str) -> str:
    """The node kind implied by a URL and a Content-Type alone ("" when it takes parsing)."""
    mime = content_type.split(";")[0].strip().lower()
    path = urlsplit(url).path.lower() if url else ""
    outlet = outlet_of(url) if url else ""
    if mime.startswith(("image/", "video/", "audio/")) or path.endswith(h.MEDIA_EXTENSIONS):
        return KIND_MEDIA
    if outlet in h.VIDEO_DOMAINS:
        return KIND_MEDIA
    if outlet in h.SOCIAL_DOMAINS:
        return KIND_SOCIAL
    if mime == "application/pdf" or (
        mime and mime not in HTML_TYPES and not mime.startswith("text/")
    ):
        return KIND_DOCUMENT
    if not mime and path.endswith(h.DOCUMENT_EXTENSIONS):
        return KIND_DOCUMENT
    return ""


def extract_page(html: bytes | str, url: str, content_type: str = "") -> Page:
    """Extract title, authors, date, text, links and republication signals from a page.

    Never raises on page content: undecodable or empty input gives a ``Page`` whose
    ``reason`` says what went wrong.
    """
    page = Page(url=url, canonical_url=normalize(url))
    implied = kind_of_content(url, content_type)
    if implied in (KIND_DOCUMENT, KIND_MEDIA):
        page.kind = implied
        page.reason = f"not HTML ({content_type or 'unknown type'})"
        return page
    if not html:
        page.kind = KIND_PAGE
        page.reason = "empty body"
        return page
    tree = parse(html, content_type)
    meta = read_metadata(tree, url)
    anchors, order = collect_anchors(tree)
    generator = tree.css_first('meta[name="generator"]')
    page.generator = (generator.attributes.get("content") or "") if generator is not None else ""
    page.title = meta.title
    page.authors = meta.authors
    page.published = meta.published
    page.language = meta.language
    page.outlet_name = meta.outlet_name
    canonical = absolute(meta.canonical, url)
    # Only a canonical on the same outlet renames the page; a cross-outlet canonical is
    # a republication signal (DESIGN section 4).
    if canonical and outlet_of(canonical) == outlet_of(url):
        page.canonical_url = normalize(canonical)
    page.og_url = normalize(absolute(meta.og_url, url)) if meta.og_url else ""

    lengths = text_lengths(tree.root) if tree.root is not None else {}
    signals, candidates = find_signals(tree, url, meta, anchors, order, lengths)
    remove_furniture(tree)
    body = extract_body(tree)
    page.paragraphs = body.paragraphs
    first_body = min((order.get(mem_id, 0) for mem_id in body.paragraph_node_ids), default=0)
    region = article_region(tree, body.first_paragraph)
    page.republication = source_lines(candidates, signals, first_body, region)
    page.links = classify_body_links(body.links, body.paragraphs, url)
    body_ids = {span.node_id for span in body.links}
    page.links.extend(classify_other_links(anchors, body_ids, url))

    is_article = bool(meta.types & h.ARTICLE_TYPES)
    words = sum(len(paragraph.split()) for paragraph in page.paragraphs)
    page.kind = implied or (
        KIND_ARTICLE if is_article or words >= h.MIN_ARTICLE_WORDS else KIND_PAGE
    )
    if not page.paragraphs and not page.reason:
        page.reason = "no article text found"
    return page
