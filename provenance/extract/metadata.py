"""Article metadata: title, authors, dates, outlet name, canonical URL, language, type.

Read before furniture is removed (bylines and dates often live in it). Sources are
tried from the most to the least structured: JSON-LD, Open Graph / article:* meta,
microdata, then visible markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from provenance.extract import heuristics as h
from provenance.extract.text import clean, date_in_url, parse_date

# JSON-LD blocks bigger than this are not parsed: real ones are a few KiB.
MAX_JSON_LD_BYTES = 512 * 1024
# Nesting walked inside JSON-LD (@graph, mainEntity, ...).
MAX_JSON_LD_DEPTH = 8
_BY = re.compile(r"^\s*(?:written\s+)?by\s*:?\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*", re.IGNORECASE)
# An author name is a few words; longer strings are bios or sentences.
MAX_AUTHOR_WORDS = 6
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " » ")


@dataclass
class Metadata:
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""
    modified: str = ""
    language: str = ""
    outlet_name: str = ""
    canonical: str = ""
    og_url: str = ""
    types: set[str] = field(default_factory=set)
    is_based_on: list[str] = field(default_factory=list)


def _meta(tree: LexborHTMLParser, *names: str) -> str:
    for name in names:
        for attribute in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attribute}="{name}"]')
            if node is not None:
                content = clean(node.attributes.get("content") or "")
                if content:
                    return content
    return ""


def _json_ld_objects(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.css('script[type="application/ld+json"]'):
        raw = script.text(deep=True)
        if not raw or len(raw) > MAX_JSON_LD_BYTES:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        pending: list[tuple[Any, int]] = [(data, 0)]
        while pending:
            item, depth = pending.pop()
            if depth > MAX_JSON_LD_DEPTH:
                continue
            if isinstance(item, list):
                pending.extend((child, depth + 1) for child in item)
            elif isinstance(item, dict):
                objects.append(item)
                for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                    if isinstance(item.get(key), (list, dict)):
                        pending.append((item[key], depth + 1))
    return objects


def _types(item: dict[str, Any]) -> set[str]:
    raw = item.get("@type", [])
    values = raw if isinstance(raw, list) else [raw]
    return {str(value).lower() for value in values}


def _names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        if isinstance(item, dict):
            item = item.get("name", "")
        if isinstance(item, str) and item.strip():
            names.append(clean(item))
    return names


def _urls(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    found: list[str] = []
    for item in values:
        if isinstance(item, dict):
            item = item.get("url") or item.get("@id") or ""
        if isinstance(item, str) and item.strip():
            found.append(item.strip())
    return found


def clean_authors(raw: list[str]) -> list[str]:
    """Split, de-"By", drop dates, URLs and non-names; keep order, drop duplicates."""
    authors: list[str] = []
    for value in raw:
        value = _BY.sub("", clean(value))
        if parse_date(value):
            value = re.split(r"\s[-–—|,]\s|\s{2,}", value)[0]
        for part in _AUTHOR_SPLIT.split(value):
            name = _BY.sub("", part).strip(" .,:;-–—|")
            if (
                not name
                or "://" in name
                or "@" in name
                or len(name.split()) > MAX_AUTHOR_WORDS
                or parse_date(name)
                or not any(char.isalpha() for char in name)
            ):
                continue
            if name.lower() not in {author.lower() for author in authors}:
                authors.append(name)
    return authors


def _strip_site(title: str, site: str) -> str:
    for separator in _TITLE_SEPARATORS:
        if separator in title:
            head, _, tail = title.rpartition(separator)
            if site and tail.strip().lower() == site.lower():
                return head.strip()
            if not site and len(tail.split()) <= 4 < len(head.split()):
                return head.strip()
    return title


def _byline_authors(tree: LexborHTMLParser) -> list[str]:
    for selector in (
        '[itemprop="author"] [itemprop="name"]',
        '[itemprop="author"]',
        'a[rel="author"]',
        '[class*="byline"] a',
        '[class*="author-name"]',
        '[class*="byline"]',
        '[class*="author"] a',
    ):
        nodes = tree.css(selector)
        names = [clean(node.text(deep=True)) for node in nodes[:5]]
        authors = clean_authors([name for name in names if name])
        if authors:
            return authors
    return []


def _visible_date(tree: LexborHTMLParser) -> str:
    for selector in ("time[datetime]", "[itemprop='datePublished']", "time", "[class*='date']"):
        for node in tree.css(selector)[:5]:
            for value in (
                node.attributes.get("datetime"),
                node.attributes.get("content"),
                node.text(deep=True),
            ):
                found = parse_date(value or "")
                if found:
                    return found
    return ""


def read_metadata(tree: LexborHTMLParser, url: str) -> Metadata:
    meta = Metadata()
    objects = _json_ld_objects(tree)
    articles = [item for item in objects if _types(item) & h.ARTICLE_TYPES]
    for item in objects:
        meta.types |= _types(item)
    og_type = _meta(tree, "og:type").lower()
    if og_type:
        meta.types.add(og_type)

    site = _meta(tree, "og:site_name", "application-name")
    for item in articles:
        if not site:
            site = next(iter(_names(item.get("publisher"))), "")
    meta.outlet_name = site

    title = ""
    for item in articles:
        headline = item.get("headline") or item.get("name")
        if isinstance(headline, str) and headline.strip():
            title = clean(headline)
            break
    if not title:
        title = _meta(tree, "og:title", "twitter:title")
    if not title:
        heading = tree.css_first("h1")
        title = clean(heading.text(deep=True)) if heading is not None else ""
    if not title:
        title_node = tree.css_first("title")
        title = clean(title_node.text(deep=True)) if title_node is not None else ""
    meta.title = _strip_site(title, site)

    authors: list[str] = []
    for item in articles:
        authors = clean_authors(_names(item.get("author")))
        if authors:
            break
    if not authors:
        author_meta = _meta(tree, "author", "article:author", "dc.creator", "parsely-author")
        if author_meta and "://" not in author_meta:
            authors = clean_authors([author_meta])
    meta.authors = authors or _byline_authors(tree)

    published = ""
    for item in articles:
        for key in ("datePublished", "dateCreated"):
            value = item.get(key)
            if isinstance(value, str) and parse_date(value):
                published = parse_date(value)
                break
        if published:
            break
        modified = item.get("dateModified")
        if isinstance(modified, str):
            meta.modified = parse_date(modified)
    if not published:
        published = parse_date(
            _meta(
                tree,
                "article:published_time",
                "datePublished",
                "og:article:published_time",
                "pubdate",
                "publishdate",
                "date",
                "dc.date",
                "dc.date.issued",
                "sailthru.date",
            )
        )
    meta.published = published or _visible_date(tree) or date_in_url(url)
    if not meta.modified:
        meta.modified = parse_date(_meta(tree, "article:modified_time", "dateModified"))

    html = tree.css_first("html")
    language = (html.attributes.get("lang") or "") if html is not None else ""
    language = language or _meta(tree, "og:locale", "content-language", "language")
    meta.language = clean(language).replace("_", "-").split("-")[0].lower()[:8]

    canonical = tree.css_first('link[rel="canonical"]')
    meta.canonical = (
        (canonical.attributes.get("href") or "").strip() if canonical is not None else ""
    )
    meta.og_url = _meta(tree, "og:url")
    for item in articles:
        meta.is_based_on.extend(_urls(item.get("isBasedOn")))
    return meta
