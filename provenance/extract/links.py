"""Links: where each one points, the sentence that carries it, its cue and its kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from provenance.extract import heuristics as h
from provenance.extract.body import LinkSpan
from provenance.extract.layout import Layout
from provenance.extract.text import cues_with_positions, noun_cue_in, sentence_spans
from provenance.models import (
    LINK_ATTRIBUTION,
    LINK_COMMENT,
    LINK_CONTEXT,
    LINK_NAVIGATION,
    LINK_SELF,
    LINK_SOCIAL_SHARE,
    Link,
)
from provenance.urls import MAX_URL_LENGTH, absolute, is_tracking_param, normalize, outlet_of

# URLs whose canonical form needs no general parse: http(s), lower-case host, no port
# or user, no dot segment, only characters that need no escaping, and a query (if any)
# of plain key=value pairs. Most links of a page are of this form; they skip
# ``urls.normalize`` (much slower). ``tests/test_extract_links.py`` checks that both
# paths agree.
_URL_CHAR = r"[A-Za-z0-9_~!$&'()*+,=:@-]"  # no ";": joining drops empty parameters
# Possessive quantifiers: a URL that does not qualify fails at once, without backtracking.
_SEGMENT = rf"(?!\.){_URL_CHAR}*+(?:\.{_URL_CHAR}++)*+"
_FULL_SEGMENT = rf"{_URL_CHAR}++(?:\.{_URL_CHAR}++)*+"
_QUERY_CHAR = r"[A-Za-z0-9_.~-]"
_QUERY = rf"(?:\?({_QUERY_CHAR}++={_QUERY_CHAR}*+(?:&{_QUERY_CHAR}++={_QUERY_CHAR}*+)*+))?"
_FRAGMENT = r"(?:#[^\t\n\r]*)?"
_ORIGIN = r"(https?://[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)"
_SIMPLE_ABSOLUTE = re.compile(_ORIGIN + rf"((?:/{_SEGMENT})*+){_QUERY}{_FRAGMENT}")
# Relative resolution drops empty and dot segments: only paths without them qualify.
_SIMPLE_ROOT_RELATIVE = re.compile(
    rf"(/(?:{_FULL_SEGMENT}(?:/{_FULL_SEGMENT})*+/?)?){_QUERY}{_FRAGMENT}"
)
_BASE_ORIGIN = re.compile(_ORIGIN + r"(?=[/?#]|$)")
_OTHER_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SEGMENT_LIMIT = 63


class Resolver:
    """Absolute and canonical URLs of a page's hrefs, each href resolved once.

    Relative hrefs resolve against ``base_url`` (the page's <base href>, else the page).
    """

    def __init__(self, page_url: str, base_url: str = "") -> None:
        self.page_url = page_url
        self.base_url = base_url or page_url
        base = self.base_url
        origin = _BASE_ORIGIN.match(base) if len(base) < MAX_URL_LENGTH else None
        self._origin = origin.group(1) if origin is not None else ""
        self._scheme = base.split(":", 1)[0]
        self._cache: dict[str, tuple[str, str]] = {}

    def resolve(self, href: str) -> tuple[str, str]:
        """(absolute URL as written, canonical URL); both "" for non-web links."""
        known = self._cache.get(href)
        if known is not None:
            return known
        result = self._fast(href) or self._slow(href)
        if len(self._cache) < h.MAX_LINKS_PER_PAGE:
            self._cache[href] = result
        return result

    def _fast(self, href: str) -> tuple[str, str] | None:
        if len(href) >= MAX_URL_LENGTH - 64 or not href:
            return None
        first = href[0]
        if first == "h":
            match = _SIMPLE_ABSOLUTE.fullmatch(href)
            if match is None or not _labels_ok(match.group(1)):
                return None
            # Joining rebuilds a URL of the base's own scheme, which drops an empty "#".
            same = href.split(":", 1)[0] == self._scheme
            return (_drop_empty_fragment(href) if same else href), _canonical(match)
        if first == "/":
            if href.startswith("//"):
                if self._scheme not in ("http", "https"):
                    return None
                joined = f"{self._scheme}:{href}"
                match = _SIMPLE_ABSOLUTE.fullmatch(joined)
                if match is None or not _labels_ok(match.group(1)):
                    return None
                return _drop_empty_fragment(joined), _canonical(match)
            if not self._origin:
                return None
            match = _SIMPLE_ROOT_RELATIVE.fullmatch(href)
            if match is None:
                return None
            written = self._origin + _drop_empty_fragment(href)
            return written, self._origin + _canonical_tail(match.group(1), match.group(2))
        scheme = _OTHER_SCHEME.match(href)
        if scheme is not None and scheme.group(1).lower() not in ("http", "https"):
            return "", ""  # mailto:, javascript:, tel: ...: no web page
        return None

    def _slow(self, href: str) -> tuple[str, str]:
        url = absolute(href, self.base_url)
        return (url, normalize(url)) if url else ("", "")


def _canonical(match: re.Match[str]) -> str:
    return match.group(1) + _canonical_tail(match.group(2), match.group(3))


def _canonical_tail(path: str, query: str | None) -> str:
    """Path and query as ``urls.normalize`` writes them: tracking parameters dropped,
    the rest sorted."""
    if not query:
        return path or "/"
    pairs = sorted(
        (key, value)
        for key, _, value in (pair.partition("=") for pair in query.split("&"))
        if not is_tracking_param(key)
    )
    if not pairs:
        return path or "/"
    return (path or "/") + "?" + "&".join(f"{key}={value}" for key, value in pairs)


def _drop_empty_fragment(href: str) -> str:
    """An empty "#" at the end is dropped by URL joining; so here too."""
    return href[:-1] if href.endswith("#") and href.count("#") == 1 else href


def _labels_ok(origin: str) -> bool:
    if len(origin) <= _SEGMENT_LIMIT:
        return True
    host = origin.split("://", 1)[1]
    return all(len(label) <= _SEGMENT_LIMIT for label in host.split("."))


_SHARE_HOSTS = re.compile(
    r"^https?://(?:[^/?#]*\.)?(?:"
    + "|".join(sorted({re.escape(domain) for domain, _ in h.SHARE_ENDPOINTS}))
    + r")(?:[:/?#]|$)",
    re.IGNORECASE,
)


def is_share_link(href: str, url: str) -> bool:
    if href[:12].lower().startswith(h.SHARE_SCHEMES):
        return True
    if not url or not _SHARE_HOSTS.match(url):
        return False
    path = urlsplit(url).path.lower()
    outlet = outlet_of(url)
    return any(outlet == domain and path.startswith(prefix) for domain, prefix in h.SHARE_ENDPOINTS)


def _nearest_cue(cues: list[tuple[int, str]], start: int, end: int) -> tuple[str, int]:
    """The reporting cue (of a sentence's ``cues``) that governs the span, and its distance.

    An attribution phrase just before the link ("according to [a memorandum] published
    by ...") governs it whatever verbs follow; otherwise the nearest cue wins.
    """
    best = ("", 10**9)
    for position, cue in cues:
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


@dataclass
class _Sentence:
    text: str
    offset: int
    """Where ``text`` starts in its paragraph."""
    cues: list[tuple[int, str]]
    members: list[tuple[LinkSpan, str]]


def _claim_window(paragraph: str, start: int, end: int, anchor_start: int) -> tuple[str, int]:
    """The sentence ``paragraph[start:end]`` stripped, cut to a window around the link
    when it is longer than any real sentence; and where the result starts."""
    raw = paragraph[start:end]
    offset = start + len(raw) - len(raw.lstrip())
    text = raw.strip()
    if len(text) > h.MAX_CLAIM_CHARS:
        shift = max(0, min(anchor_start - offset - h.MAX_CLAIM_CHARS // 2, len(text)))
        text = text[shift : shift + h.MAX_CLAIM_CHARS]
        offset += shift
    return text, offset


def classify_body_links(
    spans: list[LinkSpan], paragraphs: list[str], resolver: Resolver
) -> list[Link]:
    """Kinds, claims and cues of the links inside the article body."""
    page_outlet = outlet_of(resolver.page_url)
    links: list[Link] = []
    sentences: dict[tuple[int, int], _Sentence] = {}
    bounds_of: dict[int, list[tuple[int, int]]] = {}
    resolved: list[tuple[LinkSpan, str, str, _Sentence]] = []
    for span in spans[: h.MAX_LINKS_PER_PAGE]:
        url, canonical = resolver.resolve(span.href)
        if span.start < 0:
            # A link without text (an image): no sentence carries it, so no claim.
            if url and not is_share_link(span.href, url):
                kind = LINK_SELF if outlet_of(url) == page_outlet else LINK_CONTEXT
                links.append(Link(canonical, span.anchor, "", "", kind, span.paragraph, url))
            continue
        paragraph = paragraphs[span.paragraph]
        bounds = bounds_of.get(span.paragraph)
        if bounds is None:
            bounds = sentence_spans(paragraph[: h.MAX_PARAGRAPH_CHARS])
            bounds_of[span.paragraph] = bounds
        start, end = next(
            ((first, last) for first, last in bounds if first <= span.start < last),
            (0, len(paragraph)),
        )
        key = (span.paragraph, start)
        if len(paragraph[start:end]) > h.MAX_CLAIM_CHARS:
            key = (span.paragraph, -1 - span.start)  # a window per link
        sentence = sentences.get(key)
        if sentence is None:
            text, offset = _claim_window(paragraph, start, end, span.start)
            sentence = _Sentence(text, offset, cues_with_positions(text), [])
            sentences[key] = sentence
        sentence.members.append((span, url))
        resolved.append((span, url, canonical, sentence))

    for span, url, canonical, sentence in resolved:
        claim, offset = sentence.text, sentence.offset
        start, end = span.start - offset, span.end - offset
        if is_share_link(span.href, url):
            links.append(
                Link(
                    canonical or span.href,
                    span.anchor,
                    claim,
                    "",
                    LINK_SOCIAL_SHARE,
                    span.paragraph,
                    url,
                )
            )
            continue
        if not url:
            continue
        kind, cue = _attribution(span, url, sentence, start, end)
        if kind != LINK_ATTRIBUTION and outlet_of(url) == page_outlet:
            kind = LINK_SELF
        links.append(Link(canonical, span.anchor, claim, cue, kind, span.paragraph, url))
    return links


def _attribution(
    span: LinkSpan, url: str, sentence: _Sentence, start: int, end: int
) -> tuple[str, str]:
    """(kind, cue) of a body link: an attribution when a reporting cue governs it."""
    anchor_cue = cues_with_positions(span.anchor)
    if anchor_cue:
        return LINK_ATTRIBUTION, anchor_cue[0][1]
    if outlet_of(url) in h.REFERENCE_DOMAINS:
        return LINK_CONTEXT, ""
    siblings = [
        other
        for other, other_url in sentence.members[: h.MAX_LINKS_PER_SENTENCE]
        if other is not span and other_url and outlet_of(other_url) not in h.REFERENCE_DOMAINS
    ]
    if any(cues_with_positions(other.anchor) for other in siblings):
        # Another link of the sentence carries the cue itself ("[said]", "[reported]").
        return LINK_CONTEXT, ""
    offset = sentence.offset
    near, distance = _nearest_cue(sentence.cues, start, end)
    noun = noun_cue_in(span.anchor) or _noun_phrase_cue(sentence.text, start, end)
    if near and all(
        _nearest_cue(sentence.cues, other.start - offset, other.end - offset)[1] >= distance
        for other in siblings
    ):
        return LINK_ATTRIBUTION, near
    if noun:
        return LINK_ATTRIBUTION, near or noun
    return LINK_CONTEXT, ""


_POSSESSIVE_NOUN = re.compile(
    r"^\s*['’]s\s+(?:\w+\s+){0,2}?(" + "|".join(h.CUE_NOUNS) + r")s?\b", re.IGNORECASE
)
_NOUN_BY = re.compile(
    r"\b(" + "|".join(h.CUE_NOUNS) + r")s?\s+(?:\w+\s+){0,2}?(?:by|from|of)\s*$", re.IGNORECASE
)


def _noun_phrase_cue(sentence: str, start: int, end: int) -> str:
    """A noun-phrase attribution around the link: "a report by [X]", "[X]'s statement".

    The noun must govern the link: right before it ("a [study] by" ... the link) or as
    the head of the link's possessive ("[the ministry]'s statement").
    """
    before = sentence[max(0, start - h.PHRASE_REACH) : start]
    match = _NOUN_BY.search(before)
    if match:
        return match.group(1).lower()
    after = sentence[end : end + h.PHRASE_REACH]
    match = _POSSESSIVE_NOUN.match(after)
    if match:
        return match.group(1).lower()
    return ""


def classify_other_links(
    tree: LexborHTMLParser, layout: Layout, body_ids: set[int], resolver: Resolver
) -> list[Link]:
    """Links outside the body: never attributions."""
    in_comments: set[int] = set()
    if layout.comments:
        comment_blocks = layout.flags_down(layout.comments)
        for segment in layout.segments:
            if segment.block_id not in comment_blocks:
                continue
            if segment.ghost:
                in_comments.update(node.mem_id for node in segment.block.css("a[href]"))
            else:
                in_comments.update(node.mem_id for node, _, _ in segment.anchors)
    # Anchor texts already cut from the segments; the others are read from the tree.
    texts = {
        node.mem_id: segment.text[start:end][: h.MAX_ANCHOR_CHARS]
        for segment in layout.segments
        for node, start, end in segment.anchors
    }
    links: list[Link] = []
    seen: set[tuple[str, bool]] = set()
    targets: set[tuple[str, str]] = set()
    for anchor in tree.css("a[href]"):
        if len(links) >= h.MAX_LINKS_PER_PAGE:
            break
        node_id = anchor.mem_id
        if node_id in body_ids:
            continue
        href = (anchor.attrs.get("href") or "").strip()
        if not href or href[0] == "#":
            continue
        comment = node_id in in_comments
        if (href, comment) in seen:
            continue
        seen.add((href, comment))
        url, canonical = resolver.resolve(href)
        if is_share_link(href, url):
            kind = LINK_SOCIAL_SHARE
        elif not url:
            continue
        elif comment:
            kind = LINK_COMMENT
        else:
            kind = LINK_NAVIGATION
        target = canonical or href
        if (target, kind) in targets:
            continue
        targets.add((target, kind))
        text = texts.get(node_id)
        if text is None:
            text = " ".join(anchor.text(deep=True)[: h.MAX_ANCHOR_CHARS].split())
        links.append(Link(target, text, "", "", kind, -1, url))
    return links
