"""Links: where each one points, the sentence that carries it, its cue and its kind."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from provenance.extract import heuristics as h
from provenance.extract.body import LinkSpan
from provenance.extract.cues import Cues, cues_of_text, page_language
from provenance.extract.embeds import Embed
from provenance.extract.layout import Layout
from provenance.extract.text import sentence_spans
from provenance.models import (
    LINK_ATTRIBUTION,
    LINK_COMMENT,
    LINK_CONTEXT,
    LINK_NAVIGATION,
    LINK_SELF,
    LINK_SOCIAL_SHARE,
    Link,
    RepublicationSignal,
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


def _nearest_cue(
    cues: list[tuple[int, str, bool]], start: int, end: int, links: list[int]
) -> tuple[str, int]:
    """The reporting cue (of a sentence's ``cues``) that governs the span, and its distance.

    An attribution phrase just before the link ("according to [a memorandum] published
    by ...") governs it whatever verbs follow, unless another link stands between them
    ("according to [X], the bridge at [Y]": the phrase governs X only); otherwise the
    nearest cue wins. ``links`` are the starts of the sentence's links, in order.
    """
    best = ("", 10**9)
    for position, cue, phrase in cues:
        after = position + len(cue)
        if phrase and position < start and start - after <= h.PHRASE_REACH:
            between = bisect_left(links, after)
            if between >= len(links) or links[between] >= start:
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
    cues: list[tuple[int, str, bool]]
    members: list[tuple[LinkSpan, str]]
    language: Cues
    starts: list[int] | None = None
    """Where each member link starts in ``text`` (computed once, when first needed)."""


# Sentence ends the general splitter does not see: CJK full stops (no space follows
# them), and stops followed by an Arabic letter or a CJK character (scripts without
# capitals).
_SCRIPT_STOP = re.compile(
    r"[。！？]+[”」』）]*\s*|[.!?؟]+[\"'”’)\]]*\s+(?=[\u0621-\u064a\u3400-\u4dbf\u4e00-\u9fff])"
)


def _script_sentences(paragraph: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``bounds`` cut further at the sentence ends of scripts without capitals or spaces."""
    text = paragraph[: h.MAX_PARAGRAPH_CHARS]
    if not _SCRIPT_STOP.search(text):
        return bounds
    refined: list[tuple[int, int]] = []
    for first, last in bounds:
        start = first
        for match in _SCRIPT_STOP.finditer(text, first, last):
            if match.end() < last and text[start : match.end()].strip():
                refined.append((start, match.end()))
                start = match.end()
        refined.append((start, last))
    return refined


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


def own_outlets(page_url: str, signals: list[RepublicationSignal]) -> frozenset[str]:
    """The outlets whose coverage a page's links into are self-references: its own, and
    on a republished copy the original's (whose "we" the copy's text speaks)."""
    outlets = {outlet_of(page_url)}
    for signal in signals:
        outlet = signal.outlet or (outlet_of(signal.url) if signal.url else "")
        if outlet:
            outlets.add(outlet)
    outlets.discard("")
    return frozenset(outlets)


def classify_body_links(
    spans: list[LinkSpan],
    paragraphs: list[str],
    resolver: Resolver,
    language: str = "",
    own: frozenset[str] = frozenset(),
    embeds: list[Embed] | None = None,
) -> list[Link]:
    """Kinds, claims and cues of the links inside the article body.

    ``language`` is the page's declared language (cue lists are chosen by it, see
    ``cues``); ``own`` the outlets whose links are self-references (``own_outlets``);
    ``embeds`` the posts and videos embedded in the body (``embeds.find_embeds``).
    """
    own = own or frozenset({outlet_of(resolver.page_url)})
    language = page_language(language, paragraphs)
    links: list[Link] = []
    sentences: dict[tuple[int, int], _Sentence] = {}
    bounds_of: dict[int, list[tuple[int, int]]] = {}
    resolved: list[tuple[LinkSpan, str, str, _Sentence]] = []
    embedded: dict[int, Embed] = {}
    embedded_urls: set[str] = set()
    for embed in embeds or ():
        for node_id in embed.anchor_ids:
            embedded[node_id] = embed
        embedded_urls.add(resolver.resolve(embed.url)[1])
    for span in spans[: h.MAX_LINKS_PER_PAGE]:
        url, canonical = resolver.resolve(span.href)
        if span.node_id in embedded:
            # The links of an embedded post: the post itself is the embed's own link;
            # its hashtags, mentions and media links are context.
            if url and canonical not in embedded_urls:
                links.append(
                    Link(canonical, span.anchor, "", "", LINK_CONTEXT, span.paragraph, url)
                )
            continue
        if span.start < 0:
            # A link without text (an image): no sentence carries it, so no claim.
            if url and not is_share_link(span.href, url):
                kind = LINK_SELF if outlet_of(url) in own else LINK_CONTEXT
                links.append(Link(canonical, span.anchor, "", "", kind, span.paragraph, url))
            continue
        paragraph = paragraphs[span.paragraph]
        bounds = bounds_of.get(span.paragraph)
        if bounds is None:
            bounds = _script_sentences(
                paragraph, sentence_spans(paragraph[: h.MAX_PARAGRAPH_CHARS])
            )
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
            # Chosen per sentence: a quote in another script may share a paragraph.
            language_cues = cues_of_text(language, text)
            sentence = _Sentence(text, offset, language_cues.cues(text), [], language_cues)
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
        if kind != LINK_ATTRIBUTION and outlet_of(url) in own:
            kind = LINK_SELF
        links.append(Link(canonical, span.anchor, claim, cue, kind, span.paragraph, url))
    for embed in embeds or ():
        links.append(_embed_link(embed, paragraphs, resolver, language))
    return links


def _embed_link(embed: Embed, paragraphs: list[str], resolver: Resolver, language: str) -> Link:
    """The attribution link of an embedded post: its claim is the sentence that
    introduces it (the last of the paragraph before it, else the first paragraph's
    first), its cue the reporting or platform verb of that sentence, if any."""
    index = embed.paragraph if embed.paragraph >= 0 else (0 if paragraphs else -1)
    claim = ""
    if index >= 0:
        paragraph = paragraphs[index][: h.MAX_PARAGRAPH_CHARS]
        bounds = _script_sentences(paragraph, sentence_spans(paragraph))
        if bounds:
            first, last = bounds[-1] if embed.paragraph >= 0 else bounds[0]
            claim = _claim_window(paragraph, first, last, first)[0]
    found = cues_of_text(language, claim).cues(claim) if claim else []
    url, canonical = resolver.resolve(embed.url)
    noun = "video" if embed.platform in h.VIDEO_PLATFORMS else "post"
    anchor = embed.text or f"{embed.platform} {noun}"
    return Link(
        canonical or embed.url,
        anchor,
        claim,
        found[-1][1] if found else "",
        LINK_ATTRIBUTION,
        index,
        url or embed.url,
        embed.published,
        embed.platform,
    )


def _attribution(
    span: LinkSpan, url: str, sentence: _Sentence, start: int, end: int
) -> tuple[str, str]:
    """(kind, cue) of a body link: an attribution when a reporting cue governs it, a
    news noun heads its phrase, or it names the cited outlet as the sentence's subject;
    context after a read-more label or a "we wrote about" phrase."""
    cues = sentence.language
    text = sentence.text
    before = text[max(0, start - h.PHRASE_REACH) : max(0, start)]
    if cues.read_more(text, before) or cues.self_reference(before):
        return LINK_CONTEXT, ""
    anchor_cue = cues.cues(span.anchor)
    if anchor_cue:
        return LINK_ATTRIBUTION, anchor_cue[0][1]
    outlet = outlet_of(url)
    if outlet in h.REFERENCE_DOMAINS:
        return LINK_CONTEXT, ""
    siblings = [
        other
        for other, other_url in sentence.members[: h.MAX_LINKS_PER_SENTENCE]
        if other is not span and other_url and outlet_of(other_url) not in h.REFERENCE_DOMAINS
    ]
    if any(cues.cues(other.anchor) for other in siblings):
        # Another link of the sentence carries the cue itself ("[said]", "[reported]").
        return LINK_CONTEXT, ""
    offset = sentence.offset
    if sentence.starts is None:
        sentence.starts = [member.start - offset for member, _ in sentence.members]
    starts = sentence.starts
    near, distance = _nearest_cue(sentence.cues, start, end, starts)
    noun = cues.noun_in(span.anchor) or cues.noun_around(before, text[end : end + h.PHRASE_REACH])
    if near and all(
        _nearest_cue(sentence.cues, other.start - offset, other.end - offset, starts)[1] >= distance
        for other in siblings
    ):
        return LINK_ATTRIBUTION, near
    if noun:
        return LINK_ATTRIBUTION, near or noun
    if start <= h.SUBJECT_REACH and names_outlet(span.anchor, url, outlet):
        return LINK_ATTRIBUTION, near
    return LINK_CONTEXT, ""


_NOT_LETTERS = re.compile(r"[\W_]+")


def names_outlet(anchor: str, url: str, outlet: str) -> bool:
    """Whether a link's text is the cited outlet's name ("Al Jazeera" for a page on
    aljazeera.com), and the link goes to a page of it, not to its home page."""
    brand = outlet.split(".", 1)[0]
    if len(brand) < h.MIN_BRAND_CHARS or len(anchor) > h.MAX_BRAND_ANCHOR_CHARS:
        return False
    if urlsplit(url).path in ("", "/"):
        return False
    letters = _NOT_LETTERS.sub("", anchor.lower())
    if len(letters) < h.MIN_BRAND_CHARS:
        return False
    # "BBC News" on bbc.co.uk, "Guardian" on theguardian.com.
    return letters.startswith(brand) or (brand.endswith(letters) and len(letters) >= 5)


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
