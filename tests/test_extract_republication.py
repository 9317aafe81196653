"""Republication signals: credit and source lines, feed footers, canonical, og:url, JSON-LD."""

from __future__ import annotations

import json

from provenance.extract import extract_page
from provenance.models import RepublicationSignal

URL = "https://www.copy.example.net/2024/05/02/the-story"
PROSE = "".join(
    f"<p>Paragraph {index} of the story, which says what happened and who said so, at "
    "length and with care, as articles do.</p>"
    for index in range(5)
)


def _signals(html: str) -> list[RepublicationSignal]:
    return extract_page(html, URL).republication


def _evidence(html: str) -> set[tuple[str, str, str]]:
    return {(signal.evidence, signal.url, signal.outlet) for signal in _signals(html)}


def test_credit_lines() -> None:
    lines = [
        '<p><em>This article was originally published on <a href="https://orig.example.org/'
        '2024/05/01/the-story/">Original Times</a>.</em></p>',
        '<p>First published by <a href="https://orig.example.org/a/b/c">Original Times</a></p>',
        '<p>Source: <a href="https://orig.example.org/news/2024/story-123">Original Times</a></p>',
        "<p>This story was produced by The Original Trust and is republished with permission.</p>",
    ]
    expected = [
        ("credit-line", "https://orig.example.org/2024/05/01/the-story/", "example.org"),
        ("credit-line", "https://orig.example.org/a/b/c", "example.org"),
        ("credit-line", "https://orig.example.org/news/2024/story-123", "example.org"),
        ("credit-line", "", "The Original Trust"),
    ]
    for line, signal in zip(lines, expected, strict=True):
        assert signal in _evidence(f"<article><h1>The story</h1>{PROSE}{line}</article>")


def test_credit_line_in_a_footer_element() -> None:
    html = (
        f"<article><h1>The story</h1>{PROSE}<footer class='entry-footer'>Originally "
        "published at <a href='https://orig.example.org/2024/05/01/the-story'>Original "
        "Times</a></footer></article>"
    )
    assert ("credit-line", "https://orig.example.org/2024/05/01/the-story", "example.org") in (
        _evidence(html)
    )


def test_wordpress_feed_footer() -> None:
    html = (
        f"<article>{PROSE}<p>The post <a href='https://orig.example.org/p/the-story/'>The "
        "story</a> appeared first on <a href='https://orig.example.org'>Original Times</a>."
        "</p></article>"
    )
    signals = [signal for signal in _signals(html) if signal.evidence == "feed-footer"]
    assert signals and signals[0].url == "https://orig.example.org/p/the-story/"
    assert signals[0].outlet == "Original Times"


def test_source_line_at_the_top_of_the_article() -> None:
    html = (
        "<body><nav><a href='https://partner.example.com/some/long/article/path'>Partner</a>"
        "</nav><main><div class='article-header'><p class='source-line'><a href='https://"
        "orig.example.org/2016/12/13/the-story-itself/'>Original Times</a> 26 April 2024</p>"
        f"<h1>The story</h1><p class='by'>By Jane Doe</p></div><div class='body'>{PROSE}</div>"
        "</main></body>"
    )
    evidence = _evidence(html)
    assert (
        "credit-line",
        "https://orig.example.org/2016/12/13/the-story-itself/",
        "example.org",
    ) in evidence
    assert not any("partner" in url for _, url, _ in evidence)


def test_links_in_prose_are_no_source_lines() -> None:
    html = (
        "<main><h1>The story</h1><p>A long introduction that mentions <a href='https://"
        "other.example.org/2024/01/01/some-article'>another article</a> in passing, as "
        f"prose does, and goes on for a while after it.</p>{PROSE}</main>"
    )
    assert _signals(html) == []


def test_canonical_og_url_and_json_ld() -> None:
    head = (
        '<link rel="canonical" href="https://orig.example.org/2024/05/01/the-story">'
        '<meta property="og:url" content="https://mirror.example.com/the-story">'
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "isBasedOn": {"@id": "https://source.example.edu/r"}})
        + "</script>"
    )
    evidence = _evidence(f"<html><head>{head}</head><body><article>{PROSE}</article></body>")
    assert ("canonical", "https://orig.example.org/2024/05/01/the-story", "example.org") in (
        evidence
    )
    assert ("og-url", "https://mirror.example.com/the-story", "example.com") in evidence
    assert ("json-ld", "https://source.example.edu/r", "example.edu") in evidence


def test_same_outlet_canonical_is_no_signal() -> None:
    head = '<link rel="canonical" href="https://copy.example.net/2024/05/02/the-story">'
    assert _signals(f"<html><head>{head}</head><body><article>{PROSE}</article></body>") == []
