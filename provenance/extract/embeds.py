"""Embedded social posts and videos inside the article body.

A tweet, an Instagram or Facebook post, a Telegram post or a YouTube/Vimeo video set
into an article quotes a primary source: the post itself. Each becomes an attribution
link to the post's own page (a ``social`` or ``media`` node), with the post's date when
the markup gives it. The markups read are the platforms' own embed codes (blockquotes
their scripts turn into widgets, iframes, ``data-*`` widgets) and the oEmbed wrappers
CMSs put around them (WordPress ``wp-block-embed`` figures, which may hold only the
post's URL when the page was saved before the script ran).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlsplit

from selectolax.lexbor import LexborNode

from provenance.extract import heuristics as h
from provenance.extract.text import clean, parse_date
from provenance.urls import absolute, outlet_of

# An embed's date link is a short text ("June 13, 2024"); longer text is a sentence that
# mentions a date. (The extractor's date limit moved to extract/dates.py.)
MAX_EMBED_DATE_CHARS = 120


@dataclass
class Embed:
    """One embedded post or video, placed after a body paragraph."""

    url: str
    """The post's or video's own page (absolute)."""
    platform: str
    published: str = ""
    text: str = ""
    """The post's text or the video's title, where the markup holds it."""
    paragraph: int = -1
    """The body paragraph the embed follows (-1: before the first)."""
    anchor_ids: set[int] = field(default_factory=set)
    """mem_ids of the <a> elements inside the embed."""


_SELECTOR = ", ".join(h.EMBED_SELECTORS)
_YOUTUBE_ID = re.compile(r"^/(?:embed|shorts|live|v|e)/([\w-]{6,64})")
_VIMEO_ID = re.compile(r"/(?:video/)?(\d{4,14})(?:/|$)")
_DAILYMOTION_ID = re.compile(r"/(?:embed/)?video/([\w]{4,32})")
_TWEET_ID = re.compile(r"^\d{5,25}$")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']{4,2000}")


def post_url(src: str) -> tuple[str, str]:
    """(the post's or video's own page, platform) of an embed's address; ("", "") when the
    address is no post of a known platform (a map, an ad, a chart)."""
    try:
        parts = urlsplit(src)
    except ValueError:
        return "", ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "", ""
    outlet = outlet_of(src)
    platform = h.EMBED_PLATFORMS.get(outlet, "")
    if not platform:
        return "", ""
    path = parts.path or "/"
    query = parse_qs(parts.query)
    if platform == "youtube":
        match = _YOUTUBE_ID.match(path)
        if match:
            return f"https://www.youtube.com/watch?v={match.group(1)}", platform
        if outlet == "youtu.be" and len(path) > 1:
            return f"https://www.youtube.com/watch?v={path.strip('/')}", platform
        video = query.get("v", [""])[0]
        return (f"https://www.youtube.com/watch?v={video}", platform) if video else ("", "")
    if platform == "vimeo":
        match = _VIMEO_ID.search(path)
        return (f"https://vimeo.com/{match.group(1)}", platform) if match else ("", "")
    if platform == "dailymotion":
        match = _DAILYMOTION_ID.search(path)
        return (
            (f"https://www.dailymotion.com/video/{match.group(1)}", platform)
            if match
            else (
                "",
                "",
            )
        )
    if platform == "facebook" and path.startswith("/plugins/"):
        inner = query.get("href", [""])[0]
        return post_url(unquote(inner)) if inner else ("", "")
    if platform == "twitter":
        tweet = query.get("id", [""])[0]
        if "/embed/" in path and _TWEET_ID.match(tweet):
            return f"https://twitter.com/i/status/{tweet}", platform
        if "/status/" not in path:
            return "", ""
    if platform == "instagram":
        path = re.sub(r"/embed(?:/captioned)?/?$", "/", path)
    if platform == "tiktok":
        match = re.match(r"^/embed(?:/v\d)?/(\d+)", path)
        if match:
            return f"https://www.tiktok.com/embed/v2/{match.group(1)}", platform
    if path == "/":
        return "", ""
    # The page of the post, without the embed's own parameters (?embed=1, ref_src).
    return f"https://{parts.hostname}{path}", platform


def find_embeds(container: LexborNode, paragraph_ids: list[int], page_url: str) -> list[Embed]:
    """The embedded posts and videos under the article box, in document order."""
    if container.css_first(_SELECTOR) is None:
        return []
    elements = container.css(_SELECTOR)[: h.MAX_EMBEDS]
    found: list[tuple[LexborNode, Embed]] = []
    seen: set[str] = set()
    claimed: set[int] = set()
    for element in elements:
        if element.mem_id in claimed:
            continue
        embed = _read(element, page_url)
        inner = element.css(_SELECTOR)
        if embed is None:
            continue
        # A wrapper and the embed inside it are one post.
        claimed.update(node.mem_id for node in inner)
        embed.anchor_ids = {node.mem_id for node in element.css("a[href]")}
        if embed.url in seen:
            continue
        seen.add(embed.url)
        found.append((element, embed))
    if not found:
        return []
    _place(container, paragraph_ids, found)
    return [embed for _, embed in found]


def _place(
    container: LexborNode, paragraph_ids: list[int], found: list[tuple[LexborNode, Embed]]
) -> None:
    """Set each embed's paragraph: the last body paragraph before it (one walk of the box)."""
    index_of: dict[int, int] = {}
    for index, block in enumerate(paragraph_ids):
        index_of.setdefault(block, index)
    targets = {element.mem_id: embed for element, embed in found}
    current = -1
    placed = 0
    for node in container.traverse(include_text=False):
        key = node.mem_id
        embed = targets.get(key)
        if embed is not None:
            embed.paragraph = current
            placed += 1
            if placed == len(targets):
                break
        elif key in index_of:
            current = index_of[key]


def _read(element: LexborNode, page_url: str) -> Embed | None:
    tag = element.tag or ""
    attributes = element.attributes
    url, platform = "", ""
    if tag == "iframe":
        # Lazy loaders keep the address in data-src and a placeholder in src.
        for name in ("src", "data-src", "data-lazy-src"):
            url, platform = post_url(absolute(attributes.get(name) or "", page_url))
            if url:
                break
        text = clean(attributes.get("title") or "")
        return _embed(url, platform, element, text)
    if tag == "script":
        post = (attributes.get("data-telegram-post") or "").strip("/ ")
        if post and "/" in post and len(post) < 200:
            return _embed(f"https://t.me/{post}", "telegram", element, "")
        return None
    for name in h.EMBED_URL_ATTRIBUTES:
        value = attributes.get(name)
        if value:
            url, platform = post_url(absolute(value, page_url))
            if url:
                break
    if not url and tag == "blockquote":
        # The last link of a tweet or Facebook post blockquote is the post itself (its
        # text is the post's date).
        for anchor in reversed(element.css("a[href]")):
            url, platform = post_url(absolute(anchor.attributes.get("href") or "", page_url))
            if url:
                break
    if not url:
        inner = next(
            (node for node in element.css(_SELECTOR) if node.mem_id != element.mem_id), None
        )
        if inner is not None:
            embed = _read(inner, page_url)
            if embed is not None:
                embed.published = embed.published or _date(element)
            return embed
        # An oEmbed wrapper saved before its script ran holds the post's URL as text.
        match = _URL_IN_TEXT.search(element.text(deep=True)[: h.MAX_ANCHOR_CHARS])
        if match:
            url, platform = post_url(match.group(0))
    if not url:
        return None
    paragraphs = [clean(node.text(deep=True)) for node in element.css("p")[:3]]
    return _embed(url, platform, element, " ".join(text for text in paragraphs if text))


def _embed(url: str, platform: str, element: LexborNode, text: str) -> Embed | None:
    if not url:
        return None
    return Embed(url, platform, _date(element), text[: h.MAX_ANCHOR_CHARS])


def _date(element: LexborNode) -> str:
    """The post's date: an epoch or ISO ``data-*`` attribute, a <time datetime> inside,
    or the text of the post's own link (how tweet and Facebook blockquotes write it)."""
    for name in h.EMBED_DATE_ATTRIBUTES:
        value = (element.attributes.get(name) or "").strip()
        found = (_epoch(value) or parse_date(value)) if value else ""
        if found:
            return found
    stamp = element.css_first("time[datetime]")
    if stamp is not None:
        found = parse_date(stamp.attributes.get("datetime") or "")
        if found:
            return found
    anchors = element.css("a[href]")
    for anchor in reversed(anchors[-2:]):
        text = clean(anchor.text(deep=True))[:MAX_EMBED_DATE_CHARS]
        found = parse_date(text) or localized_date(text)
        if found:
            return found
    return ""


def _epoch(value: str) -> str:
    if not value.isdigit() or not (9 <= len(value) <= 13):
        return ""
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return ""
    return moment.isoformat() if 1990 <= moment.year <= 2100 else ""


_MONTH_PATTERN = "|".join(sorted(h.EMBED_MONTHS, key=len, reverse=True))
_LOCAL_DAY_MONTH_YEAR = re.compile(
    rf"(\d{{1,2}})\.?\s+(?:de\s+)?({_MONTH_PATTERN})\w*\.?\s+(?:de\s+)?(\d{{4}})", re.IGNORECASE
)
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def localized_date(text: str) -> str:
    """A date written day-month-year with a month name of one of the cue languages
    ("3 mars 2024", "3. März 2024", "3 de marzo de 2024", "3 марта 2024", "3 Mart
    2024"), or in CJK form ("2024年3月3日"); "" otherwise."""
    match = _CJK_DATE.search(text)
    if match:
        return _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _LOCAL_DAY_MONTH_YEAR.search(text)
    if match:
        month = h.EMBED_MONTHS.get(match.group(2).lower(), 0)
        return _iso(int(match.group(3)), month, int(match.group(1)))
    return ""


def _iso(year: int, month: int, day: int) -> str:
    try:
        return datetime(year, month, day).date().isoformat() if 1990 <= year <= 2100 else ""
    except ValueError:
        return ""
