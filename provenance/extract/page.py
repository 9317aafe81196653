"""``extract_page``: any bytes in, a ``Page`` out."""

from __future__ import annotations

from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from provenance.extract import heuristics as h
from provenance.extract.body import Body, extract_body
from provenance.extract.dates import LISTING_TYPES, htmldate_date, visible_dates
from provenance.extract.document import parse
from provenance.extract.embeds import find_embeds
from provenance.extract.layout import Layout, segment_page
from provenance.extract.links import (
    Resolver,
    classify_body_links,
    classify_other_links,
    own_outlets,
)
from provenance.extract.metadata import Metadata, read_metadata
from provenance.extract.pdf import is_pdf, read_pdf
from provenance.extract.republication import credit_lines, merge, meta_signals, source_lines
from provenance.extract.text import clean, date_in_url
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


def extract_page(
    html: bytes | str,
    url: str,
    content_type: str = "",
    *,
    outside_links: bool = False,
    date_fallback: bool = True,
) -> Page:
    """Extract title, authors, date, text, links and republication signals from a page.

    ``html`` is the body as fetched (bytes, decoded here by its charset) or text.
    ``page.links`` holds the links of the article body (with their claims and cues);
    ``outside_links`` adds every other link of the page (navigation, comments, share
    buttons), which nothing in a trace follows. ``date_fallback`` lets htmldate look for
    the date of an article page whose markup states none where this extractor looks.
    HTML and PDF are read; other documents and media give an empty page of their kind.
    Never raises on page content: undecodable, broken or empty input gives a ``Page``
    whose ``reason`` says what went wrong.
    """
    page = Page(url=url, canonical_url=normalize(url))
    implied = kind_of_content(url, content_type)
    if not html:
        page.kind = implied or KIND_PAGE
        page.reason = "empty body"
        return page
    if isinstance(html, bytes) and is_pdf(html, content_type):
        return _pdf_page(page, html)
    if implied in (KIND_DOCUMENT, KIND_MEDIA):
        page.kind = implied
        page.reason = f"not HTML ({content_type or 'unknown type'})"
        return page
    if len(html) > h.MAX_PAGE_BYTES:
        html = html[: h.MAX_PAGE_BYTES]
        page.reason = f"page cut to its first {h.MAX_PAGE_BYTES} bytes"
    try:
        tree = parse(html, content_type)
    except (ValueError, MemoryError) as error:  # the parser refuses what it cannot read
        page.kind = implied or KIND_PAGE
        page.reason = f"unparsable HTML ({type(error).__name__})"
        return page
    listing = _read_html(page, tree, url, implied, outside_links)
    if date_fallback and not page.published and page.kind == KIND_ARTICLE and not listing:
        page.published = htmldate_date(html, url)
    return page


def _pdf_page(page: Page, body: bytes) -> Page:
    document = read_pdf(body)
    page.kind = KIND_DOCUMENT
    page.title = document.title
    page.authors = document.authors
    page.published = document.published
    page.paragraphs = document.paragraphs
    page.reason = document.reason
    return page


def _read_html(
    page: Page, tree: LexborHTMLParser, url: str, implied: str, outside_links: bool
) -> bool:
    """Fill ``page`` from the tree; whether the page is a listing (see ``dates``)."""
    meta = read_metadata(tree, url)
    _apply_metadata(page, meta, url)
    _drop_unread(tree)
    layout = segment_page(tree)
    body = extract_body(tree, layout)
    page.published, listing = _published(tree, layout, body, meta, url)
    resolver = Resolver(url, _base_url(tree, url))
    if _use_article_body(body, meta):
        body = Body(paragraphs=_split_article_body(meta.article_body))
    page.paragraphs = body.paragraphs
    page.republication = merge(
        meta_signals(meta, url),
        credit_lines(layout, resolver),
        source_lines(layout, body, resolver),
    )
    container = layout.nodes.get(body.container) if body.container else None
    embeds = find_embeds(container, body.paragraph_node_ids, url) if container else []
    page.links = classify_body_links(
        body.links,
        body.paragraphs,
        resolver,
        page.language,
        own_outlets(url, page.republication),
        embeds,
    )
    if outside_links:
        body_ids = {span.node_id for span in body.links}
        page.links.extend(classify_other_links(tree, layout, body_ids, resolver))
    is_article = bool(meta.types & h.ARTICLE_TYPES)
    words = sum(len(paragraph.split()) for paragraph in page.paragraphs)
    page.kind = implied or (
        KIND_ARTICLE if is_article or words >= h.MIN_ARTICLE_WORDS else KIND_PAGE
    )
    if layout.truncated and not page.reason:
        page.reason = "page text cut at the extractor's caps"
    if not page.paragraphs and not page.reason:
        page.reason = "no article text found"
    return listing


def _drop_unread(tree: LexborHTMLParser) -> None:
    """Remove what no reader after the metadata looks at: inline scripts (JSON-LD was
    read above), styles, SVG drawings and templates. The segmenter would skip them, but
    only after visiting each of their nodes; removed in C, they cost nothing (about a
    tenth of the layout's time on the fundus and Readability pages). Scripts with a
    ``src`` stay: an embed's script tag is how some platforms mark their posts."""
    for node in tree.css(h.UNREAD_SELECTOR)[: h.MAX_UNREAD_ELEMENTS]:
        node.decompose()


def _published(
    tree: LexborHTMLParser, layout: Layout, body: Body, meta: Metadata, url: str
) -> tuple[str, bool]:
    """(date, is a listing): the first publication from structured metadata, else the
    date in the article area, the URL's, and the modified date last. A listing page
    stays undated."""
    if meta.published:
        return meta.published, False
    if meta.types & LISTING_TYPES and not meta.types & h.ARTICLE_TYPES:
        return "", True
    seen = visible_dates(tree, layout, body)
    if seen.listing:
        return "", True
    return seen.published or date_in_url(url) or meta.modified or seen.updated, False


def _base_url(tree: LexborHTMLParser, url: str) -> str:
    """The page's <base href>, made absolute; "" without one."""
    base = tree.css_first("base[href]")
    if base is None:
        return ""
    return absolute(base.attributes.get("href") or "", url)


def _apply_metadata(page: Page, meta: Metadata, url: str) -> None:
    page.title = meta.title[: h.MAX_TITLE_CHARS]
    page.authors = meta.authors
    page.language = meta.language
    page.outlet_name = meta.outlet_name[: h.MAX_TITLE_CHARS]
    page.generator = meta.generator[: h.MAX_TITLE_CHARS]
    canonical = absolute(meta.canonical, url)
    # Only a canonical on the same outlet renames the page; a cross-outlet canonical is
    # a republication signal (DESIGN section 4).
    if canonical and outlet_of(canonical) == outlet_of(url):
        page.canonical_url = normalize(canonical)
    og_url = absolute(meta.og_url, url) if meta.og_url else ""
    page.og_url = normalize(og_url) if og_url else ""


def _use_article_body(body: Body, meta: Metadata) -> bool:
    """Whether JSON-LD ``articleBody`` should stand in for the text found in the markup:
    when the page renders its article with scripts, the markup holds little of it."""
    if len(meta.article_body) < h.MIN_ARTICLE_BODY_CHARS:
        return False
    found = sum(len(paragraph) for paragraph in body.paragraphs)
    return found < h.ARTICLE_BODY_SHARE * len(meta.article_body)


def _split_article_body(text: str) -> list[str]:
    lines = text.replace("\r", "\n").split("\n")
    return [paragraph for paragraph in (clean(line) for line in lines) if paragraph]
