"""The visible publication date: read only in the article and around its headline.

Structured dates (JSON-LD, meta tags) are read by ``metadata``. When a page states none,
the date a reader sees is looked for where an article states it: in the headline area
(from the headline to just past the first paragraph), in the article box, and in a few
lines after the article. ``<time datetime>``, microdata ``datePublished``, ``data-*``
timestamps (epoch seconds or milliseconds) and byline text in any language of
``months`` count there; nothing inside reader comments or teaser cards does, and the
site's header (today's date, a ticker) comes before the headline.

A listing page (tag, category, archive, search, home) holds many teasers, each with its
own date, and states none of its own: it is recognised by its JSON-LD type or by the
number of different dates in its article area, and stays undated.

A date labelled as an update ("Updated", "aktualisiert", "mis à jour", ...) counts only
when nothing else dates the page: the original publication comes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from provenance.extract import heuristics as h
from provenance.extract.body import Body
from provenance.extract.layout import Layout, Segment, is_prose
from provenance.extract.text import HAS_DIGIT, date_from_epoch, parse_date, strip_dates

__all__ = ["LISTING_TYPES", "VisibleDates", "htmldate_date", "visible_dates"]

# JSON-LD types of pages that list other pages: they have no publication date.
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})
# Segments looked at before the first body paragraph when the page has no headline
# element near it (a byline stands a few lines above the text).
BYLINE_REACH_BEFORE = 8
# Kickers and datelines set just above the headline ("Gear | Apr 28, 2024"); the site's
# header, with today's date, is further up.
ABOVE_HEADLINE = 3
# A headline stands at most this many segments before the first paragraph.
HEADLINE_REACH = 40
# Bylines also follow the lead: segments after the first paragraph still in the
# headline area.
BYLINE_REACH_AFTER = 3
# Dates printed under the article ("Published on ..."): segments after the last one.
TAIL_REACH = 3
# A byline or dateline is short; a longer text is a paragraph that mentions a date.
MAX_DATE_LINE_CHARS = 200
# More different days than this in the article area: a list of teasers, not an article
# (an article shows its publication and perhaps its update).
MAX_ARTICLE_DAYS = 2
# Captions date the picture, not the article.
CAPTION_TAGS = frozenset({"figure", "figcaption"})
# Elements with dates in their markup read on one page at most (a page of thousands of
# <time> elements is a listing or an attack).
MAX_DATE_ELEMENTS = 300
# A byline set as a paragraph: besides its date, at most this many words (of two letters
# or more), and no full stop at its end unless it is little but a name and the date.
BYLINE_MAX_WORDS = 8
BYLINE_BARE_WORDS = 3
# Prose, in characters, below which the chosen article is a listing's intro or one of
# its teasers when the page shows several days (a short news brief is longer: the
# extractor calls a page an article from 120 words, about 700 characters).
LISTING_BODY_CHARS = 600
# Elements and attributes that state a date in the markup.
DATE_ELEMENT_SELECTOR = (
    "time, [itemprop], [pubdate], [data-utc-time], [data-timestamp], [data-published], "
    "[data-publish-date], [data-published-at], [data-pubdate], [data-date], [data-datetime], "
    "[data-time], [data-created], [data-created-at], [data-deploy-dt], [data-publishdate]"
)
DATE_ATTRIBUTES = ("datetime", "content", "data-utc-time", "data-timestamp", "title")
# data-* attributes that state a publication ("data-published", "data-deploy-dt",
# "data-created-at", "data-utc-time") and words in a name that say it is something else
# (an update, an expiry, the time the page was rendered).
_DATA_DATE_NAME = re.compile(
    r"^data-(?:[a-z0-9]+[-_])*(?:publish(?:ed)?|pub|pubdate|created?|deploy|release[d]?|"
    r"posted|date|datetime|time|timestamp|utc-time|dt)(?:[-_][a-z0-9]+)*$"
)
_DATA_NOT_PUBLISHED = re.compile(
    r"modif|updat|edit|expir|now|today|current|server|render|cache|load|re-?deploy|last|end"
)
# Words that label a date as an update, and words that label it as the publication, in
# the languages of ``months``.
UPDATE_WORDS = (
    "updated",
    "update",
    "modified",
    "last edited",
    "aktualisiert",
    "geändert",
    "stand:",
    "mis à jour",
    "modifié",
    "actualisé",
    "actualizado",
    "actualización",
    "atualizado",
    "aggiornato",
    "bijgewerkt",
    "gewijzigd",
    "uppdaterad",
    "oppdatert",
    "opdateret",
    "päivitetty",
    "zaktualizowano",
    "aktualizacja",
    "aktualizováno",
    "aktualizované",
    "frissítve",
    "güncellendi",
    "güncelleme",
    "обновлено",
    "обновлен",
    "оновлено",
    "تحديث",
    "عدل",
    "עודכן",
    "更新",
    "수정",
    "업데이트",
    "cập nhật",
    "diperbarui",
    "dikemaskini",
)
PUBLISHED_WORDS = (
    "published",
    "posted",
    "first published",
    "veröffentlicht",
    "erschienen",
    "publié",
    "publicado",
    "pubblicato",
    "gepubliceerd",
    "publicerad",
    "publisert",
    "publiceret",
    "julkaistu",
    "opublikowano",
    "publikováno",
    "publikované",
    "közzétéve",
    "yayınlanma",
    "yayınlandı",
    "опубликовано",
    "опубліковано",
    "نشر",
    "פורסם",
    "发布",
    "發布",
    "公開",
    "입력",
    "등록",
    "đăng",
    "diterbitkan",
)
_LABEL = re.compile(
    "|".join(re.escape(word) for word in sorted(UPDATE_WORDS + PUBLISHED_WORDS, key=len)[::-1]),
    re.IGNORECASE,
)
_UPDATE = frozenset(word.casefold() for word in UPDATE_WORDS)

# Ranks of a candidate: labelled as published, unlabelled, labelled as an update.
_PUBLISHED, _PLAIN, _UPDATED = 0, 1, 2


@dataclass(frozen=True)
class VisibleDates:
    published: str = ""
    """The publication date a reader sees in the article area ("" when none)."""
    updated: str = ""
    """A date there labelled as an update."""
    listing: bool = False
    """The page lists teasers with dates of their own: it has none."""


def _labelled(text: str) -> list[tuple[int, str]]:
    """(rank, date) of each date in a byline, ranked by the label before it."""
    found: list[tuple[int, str]] = []
    pieces: list[tuple[int, str]] = []
    rank, start = _PLAIN, 0
    for match in _LABEL.finditer(text):
        pieces.append((rank, text[start : match.start()]))
        rank = _UPDATED if match.group(0).casefold() in _UPDATE else _PUBLISHED
        start = match.end()
    pieces.append((rank, text[start:]))
    for piece_rank, piece in pieces:
        date = parse_date(piece)
        if date:
            found.append((piece_rank, date))
    return found


def _attribute_dates(node: LexborNode) -> list[tuple[int, str]]:
    """Dates an element states in its attributes (``<time datetime>``, microdata,
    ``data-*`` timestamps)."""
    attributes = node.attributes
    if not attributes:
        return []
    found: list[tuple[int, str]] = []
    itemprop = (attributes.get("itemprop") or "").lower()
    if itemprop and itemprop not in ("datepublished", "datecreated", "datemodified"):
        return []
    rank = _UPDATED if itemprop == "datemodified" else _PLAIN
    if itemprop == "datepublished" or "pubdate" in attributes:
        rank = _PUBLISHED
    names = " ".join(
        value or "" for key, value in attributes.items() if key in ("class", "id", "data-type")
    ).lower()
    if _DATA_NOT_PUBLISHED.search(names) and rank == _PLAIN:
        rank = _UPDATED
    for key in DATE_ATTRIBUTES:
        value = attributes.get(key)
        if value:
            date = date_from_epoch(value) or parse_date(value)
            if date:
                found.append((rank, date))
                break
    for key, value in attributes.items():
        if (
            value
            and key.startswith("data-")
            and key not in DATE_ATTRIBUTES
            and _DATA_DATE_NAME.match(key)
            and not _DATA_NOT_PUBLISHED.search(key)
        ):
            date = date_from_epoch(value) or parse_date(value)
            if date:
                found.append((_PLAIN, date))
    return found


def _spans(layout: Layout) -> tuple[dict[int, int], dict[int, int]]:
    """The first and last segment order under each recorded element."""
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for segment in layout.segments:
        key = segment.block_id
        first.setdefault(key, segment.order)
        last[key] = segment.order
    parent = layout.parent
    for key in reversed(layout.by_depth):
        up = parent.get(key, 0)
        if up and key in first:
            if first[key] < first.get(up, first[key] + 1):
                first[up] = first[key]
            if last[key] > last.get(up, -1):
                last[up] = last[key]
    return first, last


def _window(layout: Layout, body: Body) -> tuple[int, int, int]:
    """(start, first body order, end) of the headline area, in segment orders."""
    segments = layout.segments
    first = body.first_order
    start = max(0, first - BYLINE_REACH_BEFORE)
    for order in range(first - 1, max(-1, first - 1 - HEADLINE_REACH), -1):
        if segments[order].block.tag in h.TITLE_TAGS:
            start = order
            # Up over the kicker and dateline, not into the site's header: it ends with
            # its navigation (a furniture segment).
            while start > 0 and order - start < ABOVE_HEADLINE and not segments[start - 1].ghost:
                start -= 1
            break
    return start, first, first + BYLINE_REACH_AFTER


def _segment_dates(segment: Segment, in_body: set[int] | None) -> list[tuple[int, str]]:
    """Dates of a short line; a body paragraph's only when ``in_body`` is None (in the
    headline area, a byline that reads like a sentence is still a byline)."""
    if len(segment.text) > MAX_DATE_LINE_CHARS or segment.block.tag in CAPTION_TAGS:
        return []
    if not HAS_DIGIT.search(segment.text):
        return []
    found = _labelled(segment.text)
    if (
        found
        and in_body is not None
        and segment.block_id in in_body
        and is_prose(segment)
        and not _reads_as_byline(segment.text)
    ):
        return []
    return found


def _reads_as_byline(text: str) -> bool:
    """A line that is little but a date and a name or two ("Lena Novak · 17. Nov 2023",
    "2024. május 3."), not a sentence that mentions a date ("He was born on 3 May 1990.")."""
    words = [word for word in strip_dates(text).split() if sum(map(str.isalpha, word)) >= 2]
    if len(words) <= BYLINE_BARE_WORDS:
        return True
    return len(words) <= BYLINE_MAX_WORDS and text.rstrip()[-1:] not in ".!?"


def visible_dates(tree: LexborHTMLParser, layout: Layout, body: Body) -> VisibleDates:
    """The dates a reader sees in the article area (see the module's docstring)."""
    if not body.container or body.first_order < 0 or not layout.segments:
        return VisibleDates()
    # Comments never count; teaser cards only around the headline, where a byline box
    # with a linked author name looks like one (teasers there show up as several days).
    comments = layout.flags_down(layout.comments)
    cards = layout.flags_down(layout.cards)
    container = body.container
    in_box = layout.flags_down({container})
    in_body = set(body.paragraph_node_ids)
    start, first, end = _window(layout, body)
    last_body = max(
        (segment.order for segment in layout.segments if segment.block_id in in_box),
        default=first,
    )
    header: list[tuple[int, str]] = []
    furniture: list[tuple[int, str]] = []
    inside: list[tuple[int, str]] = []
    for segment in layout.segments:
        order = segment.order
        key = segment.block_id
        if key in comments:
            continue
        if start <= order <= end:
            # A byline may be set in an <aside> or <footer>: furniture read whole, short
            # only when it is one line, and heard only when nothing else speaks.
            (furniture if segment.ghost else header).extend(_segment_dates(segment, None))
        elif segment.ghost or key in cards:
            # Below the headline area, furniture and teasers date other things.
            continue
        elif key in in_box or last_body < order <= last_body + TAIL_REACH:
            inside.extend(_segment_dates(segment, in_body))
    spans: tuple[dict[int, int], dict[int, int]] | None = None
    ghosts = {segment.block_id for segment in layout.segments if segment.ghost}
    for node in tree.css(DATE_ELEMENT_SELECTOR)[:MAX_DATE_ELEMENTS]:
        key = layout.recorded(node)
        if not key or key in comments:
            continue
        if spans is None:
            spans = _spans(layout)
        if start <= spans[0].get(key, -1) and spans[1].get(key, 1 << 30) <= end:
            (furniture if key in ghosts else header).extend(_attribute_dates(node))
        elif key in in_box and key not in cards and key not in ghosts:
            inside.extend(_attribute_dates(node))
    header.extend(_ancestor_dates(layout, container))
    if not header:
        header = furniture
    for candidates in (header, inside):
        if len({date[:10] for rank, date in candidates if rank != _UPDATED}) > MAX_ARTICLE_DAYS:
            return VisibleDates(listing=True)
    if _weak_body(layout, in_box) and _teaser_days(layout, cards - comments) > MAX_ARTICLE_DAYS:
        return VisibleDates(listing=True)
    updated = max((date for rank, date in header + inside if rank == _UPDATED), default="")
    for candidates in (header, inside):
        published = _earliest_best([item for item in candidates if item[0] != _UPDATED])
        if published:
            return VisibleDates(published, updated)
    return VisibleDates("", updated)


def _weak_body(layout: Layout, in_box: set[int]) -> bool:
    """Whether the chosen article holds too little prose to be one: a listing's intro or
    a single teaser."""
    prose = sum(
        len(segment.text)
        for segment in layout.segments
        if segment.block_id in in_box and is_prose(segment)
    )
    return prose < LISTING_BODY_CHARS


def _teaser_days(layout: Layout, cards: set[int]) -> int:
    """Different days in the teaser cards of the page."""
    days: set[str] = set()
    for segment in layout.segments:
        if segment.block_id not in cards or len(segment.text) > MAX_DATE_LINE_CHARS:
            continue
        if HAS_DIGIT.search(segment.text):
            days.update(date[:10] for rank, date in _labelled(segment.text) if rank != _UPDATED)
            if len(days) > MAX_ARTICLE_DAYS:
                break
    return len(days)


def _ancestor_dates(layout: Layout, container: int) -> list[tuple[int, str]]:
    """``data-*`` timestamps on the article box and the boxes around it (below <body>)."""
    found: list[tuple[int, str]] = []
    for key in layout.ancestors(container):
        if key == layout.root:
            break
        node = layout.nodes.get(key)
        if node is None or not node.attributes:
            continue
        for name, value in node.attributes.items():
            if (
                value
                and name.startswith("data-")
                and _DATA_DATE_NAME.match(name)
                and not _DATA_NOT_PUBLISHED.search(name)
            ):
                date = date_from_epoch(value) or parse_date(value)
                if date:
                    found.append((_PLAIN, date))
    return found


def _earliest_best(candidates: list[tuple[int, str]]) -> str:
    """The best-ranked candidate, the earliest day among equals ("" when none); of the
    forms that name that day, the most precise (a <time> also gives the hour)."""
    if not candidates:
        return ""
    best = min(rank for rank, _ in candidates)
    day = min(date[:10] for rank, date in candidates if rank == best)
    return max((date for _, date in candidates if date[:10] == day), key=len)


def htmldate_date(html: bytes | str, url: str) -> str:
    """The original publication date by htmldate's markup rules, "" without it.

    The fallback for article pages on which the structured and visible passes find
    nothing; imported only then. Its extensive search (dates in any text of the page)
    is left off: on the 56 fundus and Readability pages this extractor leaves undated it
    costs 3.6 times as much (7 ms against 2 ms a page) and dates 20 pages instead of 9,
    none of the extra ones checkably right (README, "Publication dates").
    """
    try:
        from htmldate import find_date
    except ImportError:  # an installation without it still dates what it can
        return ""
    try:
        found = find_date(
            html,
            url=url or None,
            original_date=True,
            extensive_search=False,
            outputformat="%Y-%m-%d",
        )
    # htmldate parses untrusted pages with lxml and dateutil; whatever either raises on a
    # hostile page, the page is still extracted, only without this date.
    except Exception:
        return ""
    return parse_date(found) if isinstance(found, str) else ""
