"""Any bytes in, a ``Page`` out: random, malformed, deep, huge and binary input.

Time per page is bounded by caps on the work (heuristics, "Work caps"), not by a clock:
the tests below check that each cap holds, so no input can make the extractor run on.
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.extract import extract_page
from provenance.extract import heuristics as h
from provenance.extract.document import parse
from provenance.extract.layout import segment_page
from provenance.models import Page

URL = "https://news.example.com/2024/05/01/story.html"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TAGS = [
    "div",
    "p",
    "a",
    "span",
    "b",
    "li",
    "ul",
    "table",
    "td",
    "tr",
    "nav",
    "footer",
    "aside",
    "article",
    "h1",
    "h2",
    "script",
    "style",
    "br",
    "img",
    "figure",
    "form",
    "section",
    "main",
    "noscript",
    "template",
    "svg",
    "iframe",
    "time",
    "meta",
]
ATTRIBUTES = [
    "class",
    "id",
    "href",
    "style",
    "hidden",
    "role",
    "itemprop",
    "rel",
    "content",
    "property",
    "aria-hidden",
    "datetime",
    "charset",
]


def _valid(page: Page, url: str = URL) -> None:
    assert isinstance(page, Page)
    assert page.url == url
    assert all(
        0 <= link.paragraph < len(page.paragraphs) or link.paragraph == -1 for link in page.links
    )
    assert all(isinstance(paragraph, str) and paragraph for paragraph in page.paragraphs)
    assert "Traceback" not in page.reason
    json.dumps([page.title, page.authors, page.published, page.text])


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    """Markup as broken as the web writes it: unbalanced, misnested, odd attributes."""
    pieces: list[str] = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 5))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            attributes = " ".join(
                f'{draw(st.sampled_from(ATTRIBUTES))}="{draw(st.text(max_size=20))}"'
                for _ in range(draw(st.integers(0, 3)))
            )
            pieces.append(f"<{tag} {attributes}>")
        elif kind == 1:
            pieces.append(f"</{tag}>")
        elif kind == 2:
            pieces.append(draw(st.text(max_size=80)))
        elif kind == 3:
            pieces.append(
                draw(
                    st.sampled_from(
                        [
                            "&amp;",
                            "&#0;",
                            "&#xD800;",
                            "&bogus;",
                            "<!--",
                            "-->",
                            "<![CDATA[",
                            "<?xml",
                            "<!DOCTYPE",
                        ]
                    )
                )
            )
        elif kind == 4:
            pieces.append(
                '<script type="application/ld+json">' + draw(st.text(max_size=60)) + "</script>"
            )
        else:
            pieces.append(f'<a href="{draw(st.text(max_size=30))}">{draw(st.text(max_size=30))}')
    return "".join(pieces)


@FAST
@given(st.binary(max_size=4000))
def test_any_bytes_give_a_page(body: bytes) -> None:
    _valid(extract_page(body, URL))


@FAST
@given(st.text(max_size=4000))
def test_any_text_gives_a_page(body: str) -> None:
    _valid(extract_page(body, URL))


@FAST
@given(
    tag_soup(),
    st.sampled_from(
        [
            "",
            "text/html",
            "text/html; charset=koi8-r",
            "text/html; charset=bogus",
            "application/pdf",
        ]
    ),
)
def test_malformed_html_gives_a_page(markup: str, content_type: str) -> None:
    _valid(extract_page(markup.encode("utf-8", "surrogatepass"), URL, content_type))


@FAST
@given(tag_soup(), st.text(max_size=200))
def test_any_url_is_survived(markup: str, url: str) -> None:
    _valid(extract_page(markup, url), url)


def test_empty_and_whitespace() -> None:
    for body in (b"", b"   ", b"\x00", "", "<html></html>"):
        page = extract_page(body, URL)
        _valid(page)
        assert page.paragraphs == []
        assert page.reason


@pytest.mark.parametrize("tag", ["div", "span", "a", "b", "li", "blockquote"])
def test_ten_thousand_levels_of_nesting(tag: str) -> None:
    opening = f'<{tag} href="/x">' if tag == "a" else f"<{tag}>"
    depth = 10_000
    sentence = "The minister said the report was accurate, according to officials. "
    html = "<html><body>" + opening * depth + sentence * 20 + f"</{tag}>" * depth + "</body></html>"
    page = extract_page(html.encode(), URL)
    _valid(page)
    if tag != "a":  # text inside a link is link text, never prose
        assert "according to officials" in page.text


def test_twenty_megabyte_page() -> None:
    paragraph = (
        "<p>Officials said on Tuesday that the bridge, built in 1962, would close for "
        "repairs, according to a statement by the transport ministry.</p>\n"
    )
    html = ("<html><body><article>" + paragraph * (20_000_000 // len(paragraph))).encode()
    assert len(html) >= 19_000_000
    page = extract_page(html, URL)
    _valid(page)
    assert page.paragraphs
    assert "cut" in page.reason
    assert sum(len(paragraph) for paragraph in page.paragraphs) <= h.MAX_TEXT_CHARS


def test_binary_garbage() -> None:
    rng = random.Random(4)
    for size in (10, 1000, 200_000):
        garbage = bytes(rng.getrandbits(8) for _ in range(size))
        _valid(extract_page(garbage, URL))
        _valid(extract_page(b"<html><body><p>" + garbage, URL, "text/html"))
        _valid(extract_page(b"%PDF-1.7\n" + garbage, URL, "application/pdf"))


def test_deeply_nested_json_ld() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    html = f'<script type="application/ld+json">{deep}</script><p>Text here.</p>'
    _valid(extract_page(html, URL))


# --- The caps hold ------------------------------------------------------------------


def test_segment_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(h, "MAX_SEGMENTS", 50)
    html = "<body>" + "<p>A sentence of prose that goes on for a while.</p>" * 500
    layout = segment_page(parse(html))
    assert len(layout.segments) <= 50
    assert layout.truncated
    assert "caps" in extract_page(html, URL).reason


def test_text_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(h, "MAX_TEXT_CHARS", 1000)
    html = "<body><p>" + "word " * 10_000 + "</p><p>more</p>"
    layout = segment_page(parse(html))
    assert sum(len(segment.text) for segment in layout.segments) <= 1000
    assert layout.truncated


def test_link_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(h, "MAX_LINKS_PER_PAGE", 40)
    links = "".join(
        f'<a href="https://a{index}.example.org/p">site {index}</a>, ' for index in range(1000)
    )
    html = f"<body><nav>{links}</nav><article><p>They said {links}.</p></article>"
    page = extract_page(html, URL)
    assert len(page.links) <= 2 * 40


def test_depth_cap() -> None:
    html = "<body>" + "<div>" * 5000 + "<p>Deep text that is a full sentence here.</p>"
    layout = segment_page(parse(html))
    assert max(layout.depth.values()) <= h.MAX_TREE_DEPTH + 1


def test_page_byte_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(h, "MAX_PAGE_BYTES", 10_000)
    html = b"<body>" + b"<p>Some words of a long page, one after another.</p>" * 2000
    page = extract_page(html, URL)
    assert "cut" in page.reason
    assert len(page.text) < 10_000


def test_json_ld_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(h, "MAX_JSON_LD_CHARS", 100)
    headline = "A headline from structured data"
    data = json.dumps({"@type": "NewsArticle", "headline": headline, "x": "y" * 200})
    page = extract_page(f'<script type="application/ld+json">{data}</script>', URL)
    assert page.title != headline


def test_claim_window_cap() -> None:
    run_on = "and the words go on " * 2000
    html = (
        f'<body><article><p>{run_on} the agency <a href="https://b.example.org/x">said'
        f"</a> {run_on}</p></article>"
    )
    page = extract_page(html, URL)
    claims = [link.claim for link in page.links if link.paragraph >= 0]
    assert claims and all(len(claim) <= h.MAX_CLAIM_CHARS for claim in claims)


def test_anchor_and_json_ld_script_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    long_anchor = "word " * 5000
    html = f'<article><p>They said <a href="https://a.example.org/x">{long_anchor}</a>.</p>'
    page = extract_page(html, URL, outside_links=True)
    assert page.links and all(len(link.anchor) <= h.MAX_ANCHOR_CHARS for link in page.links)
    monkeypatch.setattr(h, "MAX_JSON_LD_SCRIPTS", 2)
    empty = '<script type="application/ld+json">{}</script>'
    headline = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H"}'
    assert extract_page(empty * 3 + headline + "</script>", URL).title != "H"
    assert extract_page(empty + headline + "</script>", URL).title == "H"
