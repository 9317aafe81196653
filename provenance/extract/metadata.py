"""Article metadata: title, authors, dates, outlet name, canonical URL, language, type.

Sources are tried from the most to the least structured: JSON-LD, Open Graph and
``article:*`` meta, Dublin Core and microdata, then visible markup (the headline, the
byline, <time>), then the URL. Every meta element is read once into a dictionary.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from provenance.extract import heuristics as h
from provenance.extract.text import clean, date_from_epoch, parse_date, strip_dates
from provenance.urls import outlet_of

_BY = re.compile(h.BYLINE_PREFIX_PATTERN, re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(h.AUTHOR_SEPARATOR_PATTERN, re.IGNORECASE)
# A journalist's initials after the name: "Elena Oberholzer (obe)".
_INITIALS_SUFFIX = re.compile(h.INITIALS_SUFFIX_PATTERN)
_DATE_TAIL = re.compile(h.BYLINE_DATE_SEPARATOR_PATTERN)


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
    generator: str = ""
    description: str = ""
    types: set[str] = field(default_factory=set)
    is_based_on: list[str] = field(default_factory=list)
    article_body: str = ""
    """JSON-LD ``articleBody``: the text when the page renders it with scripts."""


def meta_map(tree: LexborHTMLParser) -> dict[str, str]:
    """Every <meta> with content, keyed by its lower-cased property, name or itemprop.

    The first non-empty value of a key wins (pages repeat og:* tags for variants).
    """
    found: dict[str, str] = {}
    for node in tree.css("meta")[: h.MAX_META_ELEMENTS]:
        attributes = node.attributes
        content = attributes.get("content")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = attributes.get(attribute)
            if key:
                key = key.strip().lower()
                if key not in found:
                    found[key] = content
    return found


def _first(meta: dict[str, str], *keys: str) -> str:
    for key in keys:
        value = meta.get(key)
        if value:
            value = clean(value)
            if value:
                return value
    return ""


def _json_ld_objects(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    scripts = 0
    for script in tree.css("script[type]"):
        if "ld+json" not in (script.attributes.get("type") or "").lower():
            continue
        scripts += 1
        if scripts > h.MAX_JSON_LD_SCRIPTS:
            break
        raw = script.text(deep=True)
        if not raw or len(raw) > h.MAX_JSON_LD_CHARS:
            continue
        raw = _unwrap_script(raw)
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            try:
                # Pages put raw newlines and tabs inside JSON strings.
                data = json.loads(raw, strict=False)
            except (ValueError, RecursionError):
                continue
        pending: list[tuple[Any, int]] = [(data, 0)]
        found = 0
        while pending and found < h.MAX_JSON_LD_OBJECTS:
            item, depth = pending.pop()
            if depth > h.MAX_JSON_LD_DEPTH:
                continue
            if isinstance(item, list):
                pending.extend((child, depth + 1) for child in reversed(item))
            elif isinstance(item, dict):
                objects.append(item)
                found += 1
                for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                    if isinstance(item.get(key), (list, dict)):
                        pending.append((item[key], depth + 1))
    return objects


_SCRIPT_WRAPPER = re.compile(
    r"^\s*(?://\s*|/\*\s*)?<!\[CDATA\[(?:\s*\*/)?|(?://\s*|/\*\s*)?\]\]>(?:\s*\*/)?\s*$"
)


def _unwrap_script(raw: str) -> str:
    """JSON without the CDATA markers (``<![CDATA[ ... ]]>``, ``//<![CDATA[``) that XHTML
    templates put around script content."""
    if "CDATA" not in raw[:64] and "]]>" not in raw[-64:]:
        return raw
    return _SCRIPT_WRAPPER.sub("", raw)


def _types(item: dict[str, Any]) -> set[str]:
    raw = item.get("@type", [])
    values = raw if isinstance(raw, list) else [raw]
    return {str(value).lower() for value in values}


def _names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values[: h.MAX_AUTHORS]:
        if isinstance(item, dict):
            item = item.get("name", "")
            if isinstance(item, list):
                item = " ".join(str(part) for part in item)
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


def _is_name(name: str) -> bool:
    return bool(
        name
        and "://" not in name
        and "@" not in name
        and len(name.split()) <= h.MAX_AUTHOR_WORDS
        and len(name) <= h.MAX_AUTHOR_CHARS
        and any(char.isalpha() for char in name)
        and not parse_date(name)
        and name.lower() not in h.NOT_AUTHOR_NAMES
    )


def clean_authors(raw: list[str]) -> list[str]:
    """Split, de-"By", drop dates, URLs and non-names; keep order, drop duplicates."""
    authors: list[str] = []
    seen: set[str] = set()
    for value in raw:
        value = _BY.sub("", clean(value))
        if parse_date(value):
            value = strip_dates(_DATE_TAIL.split(value)[0])
        for part in _AUTHOR_SPLIT.split(value):
            name = _INITIALS_SUFFIX.sub("", _BY.sub("", part)).strip(" .,:;-–—|·•")
            if not _is_name(name):
                continue
            if name.lower() not in seen:
                seen.add(name.lower())
                authors.append(name)
    return authors


def _names_site(part: str, names: tuple[str, ...]) -> bool:
    """Whether a piece of a title is the site's name (or its name plus a section)."""
    lowered = part.strip().lower()
    if not lowered:
        return False
    squashed = lowered.replace(" ", "").replace("-", "").replace(".", "")
    for name in names:
        if lowered == name or name in lowered or (len(lowered) >= 2 and lowered in name):
            return True
        if len(name) >= 2 and name.replace(" ", "") in squashed:
            return True
    return False


def strip_site(title: str, site: str, url: str = "", guess: bool = True) -> str:
    """A headline without the site's name (and a date) that separators set apart.

    The site is known by its stated name and by the first label of its domain ("DW" on
    dw.com). Without a match, ``guess`` cuts a short tail after the last separator
    (a <title> usually ends with the site's name). "" when nothing but the site's name
    is left.
    """
    names = tuple(
        name
        for name in (site.strip().lower(), _domain_label(url))
        if len(name) >= h.MIN_SITE_NAME_CHARS
    )
    for _ in range(h.MAX_TITLE_STRIPS):
        stripped = _strip_once(title, names, guess)
        if stripped == title:
            break
        title = stripped
    if names and _names_site(title, names) and len(title.split()) <= h.MAX_SITE_NAME_WORDS:
        return ""
    return title


def _strip_once(title: str, names: tuple[str, ...], guess: bool) -> str:
    for separator in h.TITLE_SEPARATORS:
        if separator not in title:
            continue
        head, _, tail = title.rpartition(separator)
        first, _, rest = title.partition(separator)
        if head.strip() and (
            (names and _names_site(tail, names)) or (parse_date(tail) and len(tail) <= 30)
        ):
            return head.strip()
        if names and rest.strip() and _names_site(first, names):
            return rest.strip()
        if guess and len(tail.split()) <= h.MAX_SITE_NAME_WORDS < len(head.split()):
            return head.strip()
    return title


def _domain_label(url: str) -> str:
    """ "dw" for https://www.dw.com/..., "" when unknown."""
    outlet = outlet_of(url) if url else ""
    return outlet.split(".")[0].lower() if outlet else ""


def _byline_authors(tree: LexborHTMLParser) -> list[str]:
    for selector in h.BYLINE_SELECTORS:
        nodes = tree.css(selector)
        # Each text node of a byline on a line of its own: names set in sibling <span>s
        # ("<span>Jane Doe</span><span>John Roe</span>") are separate names.
        names = [
            line
            for node in nodes[: h.MAX_AUTHORS]
            for line in node.text(deep=True, separator="\n")[: h.MAX_BYLINE_CHARS].split("\n")
            if line.strip()
        ]
        authors = clean_authors(names)
        if authors:
            return authors
    return []


def _headline(tree: LexborHTMLParser) -> str:
    for node in tree.css("h1")[: h.MAX_HEADLINE_CANDIDATES]:
        text = clean(node.text(deep=True))
        if text:
            return text
    return ""


def _json_ld_date(articles: list[dict[str, Any]], keys: tuple[str, ...]) -> str:
    for item in articles:
        for key in keys:
            value = item.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, str):
                found = parse_date(value)
                if found:
                    return found
    return ""


_NOT_LETTERS = re.compile(r"[\W_]+")


def squash(key: str) -> str:
    """A meta name as the date keys are written: lower case, letters and digits only."""
    return _NOT_LETTERS.sub("", key.lower())


def _meta_date(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    squashed: dict[str, str] = {}
    for key, value in meta.items():
        squashed.setdefault(squash(key), value)
    for key in keys:
        stated = squashed.get(key)
        if stated:
            found = parse_date(stated) or date_from_epoch(stated)
            if found:
                return found
    return ""


def _dated_works(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """JSON-LD objects other than articles that date the page itself (a ClaimReview, a
    SocialMediaPosting, a WebPage): not media, comments, people, lists or the site."""
    return [
        item
        for item in objects
        if not _types(item) & h.UNDATED_JSON_LD_TYPES and "datePublished" in item
    ]


def read_metadata(tree: LexborHTMLParser, url: str) -> Metadata:
    metadata = Metadata()
    meta = meta_map(tree)
    objects = _json_ld_objects(tree)
    articles = [item for item in objects if _types(item) & h.ARTICLE_TYPES]
    for item in objects:
        metadata.types |= _types(item)
    og_type = _first(meta, "og:type").lower()
    if og_type:
        metadata.types.add(og_type)
    metadata.generator = _first(meta, "generator")
    metadata.description = _first(meta, "og:description", "description")

    site = _first(meta, "og:site_name")
    if not site:
        for item in articles:
            site = next(iter(_names(item.get("publisher"))), "")
            if site:
                break
    if not site:
        site = next(
            (
                clean(str(item["name"]))
                for item in objects
                if _types(item) & {"website", "organization", "newsmediaorganization"}
                and isinstance(item.get("name"), str)
            ),
            "",
        )
    metadata.outlet_name = site or _first(meta, "application-name")

    metadata.title = _title(tree, meta, articles, metadata.outlet_name, url)

    metadata.authors = _authors(tree, meta, articles, metadata.outlet_name)

    # The structured publication date; the visible one, the URL's and the modified date
    # come after it (``page``), since they need the article's place on the page.
    metadata.published = (
        _json_ld_date(articles, ("datePublished", "dateCreated"))
        or _meta_date(meta, h.PUBLISHED_META_KEYS)
        or _json_ld_date(_dated_works(objects), ("datePublished",))
    )
    metadata.modified = _json_ld_date(articles, ("dateModified",)) or _meta_date(
        meta, h.MODIFIED_META_KEYS
    )

    html = tree.css_first("html")
    language = (html.attributes.get("lang") or "") if html is not None else ""
    language = language or _first(meta, "og:locale", "content-language", "language", "dc.language")
    if not language:
        language = next(
            (
                str(item["inLanguage"])
                for item in articles
                if isinstance(item.get("inLanguage"), str)
            ),
            "",
        )
    metadata.language = clean(language).replace("_", "-").split("-")[0].lower()[:8]

    canonical = tree.css_first('link[rel="canonical"]')
    metadata.canonical = (
        (canonical.attributes.get("href") or "").strip() if canonical is not None else ""
    )
    metadata.og_url = _first(meta, "og:url")
    for item in articles:
        metadata.is_based_on.extend(_urls(item.get("isBasedOn")))
        body = item.get("articleBody")
        if isinstance(body, str) and len(body) > len(metadata.article_body):
            metadata.article_body = body[: h.MAX_TEXT_CHARS]
    return metadata


def _authors(
    tree: LexborHTMLParser,
    meta: dict[str, str],
    articles: list[dict[str, Any]],
    outlet: str = "",
) -> list[str]:
    """JSON-LD author, author meta, then the visible byline: the first that names anyone.

    Outlets that sign their own pieces ("Salzburger Nachrichten") are kept: that is the
    byline the page gives (measured: preferring a later source that names a person
    scores lower on the fundus pages). Only a JSON-LD author that is just the outlet's
    own name, a CMS default, gives way to the author meta when that names someone else.
    """
    for item in articles:
        authors = clean_authors(_names(item.get("author")))
        if authors:
            if outlet and [name.casefold() for name in authors] == [outlet.strip().casefold()]:
                named = _meta_authors(meta)
                if named and named != authors:
                    return named
            return authors
    return _meta_authors(meta) or _byline_authors(tree)


def _meta_authors(meta: dict[str, str]) -> list[str]:
    for key in h.AUTHOR_META_KEYS:
        value = meta.get(key)
        if value and "://" not in value:
            authors = clean_authors([value])
            if authors:
                return authors
    return []


def _title(
    tree: LexborHTMLParser,
    meta: dict[str, str],
    articles: list[dict[str, Any]],
    site: str,
    url: str,
) -> str:
    """og:title, JSON-LD headline, <h1>, <title>: the first that is there.

    Each loses the site's name when a separator sets it apart; only a <title> loses a
    short tail that does not name the site.
    """
    title = strip_site(_first(meta, "og:title", "twitter:title"), site, url, guess=False)
    if title:
        return title
    for item in articles:
        headline = item.get("headline") or item.get("name")
        if isinstance(headline, str) and clean(headline):
            title = strip_site(clean(headline), site, url, guess=False)
            if title:
                return title
    headline = _headline(tree)
    if headline:
        return headline
    node = tree.css_first("title")
    return strip_site(clean(node.text(deep=True)), site, url) if node is not None else ""
