"""Metadata: title, authors, publication date, outlet name, canonical, og:url, language."""

from __future__ import annotations

import json

from provenance.extract import extract_page
from provenance.extract.metadata import clean_authors, strip_site

URL = "https://www.example-news.com/politics/2019/03/07/budget-vote"
BODY = (
    "<article><p>" + "The vote passed late on Thursday after a long debate. " * 5 + "</p></article>"
)


def _page(head: str, body: str = BODY, lang: str = "en") -> str:
    return f'<html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def _json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_title_sources_in_order() -> None:
    og = '<meta property="og:title" content="Budget passes | Example News">'
    ld = _json_ld({"@type": "NewsArticle", "headline": "Budget passes after debate"})
    title = "<title>Budget passes, MPs vote - Example News</title>"
    site = '<meta property="og:site_name" content="Example News">'
    h1 = "<h1>Budget passes in late vote</h1>" + BODY
    assert extract_page(_page(og + ld + title + site, h1), URL).title == "Budget passes"
    assert extract_page(_page(ld + title + site, h1), URL).title == "Budget passes after debate"
    assert extract_page(_page(title + site, h1), URL).title == "Budget passes in late vote"
    assert extract_page(_page(title + site), URL).title == "Budget passes, MPs vote"


def test_site_suffix_stripping() -> None:
    assert strip_site("Talks resume | NT | 28.04.2023", "", "https://www.nt.example/x") == (
        "Talks resume"
    )
    assert strip_site("宮崎県で震度5弱：朝日新聞デジタル", "朝日新聞デジタル") == "宮崎県で震度5弱"
    assert strip_site("Example News - Budget passes", "Example News") == "Budget passes"
    assert strip_site("A title - with a dash in it", "", guess=False) == (
        "A title - with a dash in it"
    )
    assert strip_site("Example News", "Example News") == ""


def test_authors_from_json_ld_meta_and_byline() -> None:
    ld = _json_ld(
        {
            "@graph": [
                {
                    "@type": "NewsArticle",
                    "author": [
                        {"@type": "Person", "name": "Jane Doe"},
                        {"@type": "Person", "name": "John Roe"},
                    ],
                }
            ]
        }
    )
    assert extract_page(_page(ld), URL).authors == ["Jane Doe", "John Roe"]
    meta = '<meta name="author" content="By Jane Doe and John Roe">'
    assert extract_page(_page(meta), URL).authors == ["Jane Doe", "John Roe"]
    byline = '<p class="byline">By <a rel="author" href="/a/jd">Jane Doe</a></p>' + BODY
    assert extract_page(_page("", byline), URL).authors == ["Jane Doe"]


def test_author_cleaning() -> None:
    assert clean_authors(["By Jane Doe, December 12, 2016"]) == ["Jane Doe"]
    assert clean_authors(["Thomas Kerr December 12, 2016"]) == ["Thomas Kerr"]
    assert clean_authors(["Von Anna Fink und Jan Marchart"]) == ["Anna Fink", "Jan Marchart"]
    assert clean_authors(["Elena Oberholzer (obe)"]) == ["Elena Oberholzer"]
    assert clean_authors(["https://example.com/author/jd", "jd@example.com", "2016-12-12"]) == []
    assert clean_authors(["Jane Doe", "jane doe"]) == ["Jane Doe"]
    assert clean_authors(["This is a very long sentence that is no name at all"]) == []


def test_published_prefers_the_original_date() -> None:
    ld = _json_ld(
        {
            "@type": "NewsArticle",
            "datePublished": "2019-03-07T22:10:00+00:00",
            "dateModified": "2020-01-01T00:00:00+00:00",
        }
    )
    meta = (
        '<meta property="article:modified_time" content="2021-05-05T10:00:00Z">'
        '<meta property="article:published_time" content="2019-03-06T08:00:00Z">'
    )
    assert extract_page(_page(ld + meta), URL).published == "2019-03-07T22:10:00+00:00"
    assert extract_page(_page(meta), URL).published == "2019-03-06T08:00:00+00:00"
    time = '<time datetime="2019-03-05">5 March</time>' + BODY
    assert extract_page(_page("", time), URL).published == "2019-03-05"
    visible = '<p class="date">Published 4 March 2019</p>' + BODY
    assert extract_page(_page("", visible), URL).published == "2019-03-04"
    assert extract_page(_page(""), URL).published == "2019-03-07"
    only_modified = '<meta property="article:modified_time" content="2021-05-05T10:00:00Z">'
    assert extract_page(_page(only_modified), "https://x.example.com/a").published.startswith(
        "2021-05-05"
    )


def test_outlet_canonical_og_url_and_language() -> None:
    head = (
        '<meta property="og:site_name" content="Example News">'
        '<link rel="canonical" href="/politics/2019/03/07/budget-vote?utm_source=rss">'
        '<meta property="og:url" content="https://www.example-news.com/p/123">'
    )
    page = extract_page(_page(head, lang="de-AT"), URL + "?ref=home")
    assert page.outlet_name == "Example News"
    assert page.canonical_url == URL
    assert page.og_url == "https://www.example-news.com/p/123"
    assert page.language == "de"
    publisher = _json_ld({"@type": "NewsArticle", "publisher": {"name": "Example Press"}})
    assert extract_page(_page(publisher), URL).outlet_name == "Example Press"


def test_cross_outlet_canonical_does_not_rename_the_page() -> None:
    head = '<link rel="canonical" href="https://original.example.org/story">'
    page = extract_page(_page(head), URL)
    assert page.canonical_url == URL


def test_broken_json_ld_is_survived() -> None:
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    raw_newline = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Line\none"}</script>'
    )
    assert extract_page(_page(broken), URL).title == ""
    assert extract_page(_page(raw_newline), URL).title == "Line one"
