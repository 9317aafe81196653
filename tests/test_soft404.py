"""The soft-404 detector on generated error pages, trap articles and real pages.

Generated pages use other seeds than ``benchmarks/soft404.py``; the real pages are the
shared fundus and Readability data (none of them is an error page).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from soft404_pages import error_pages, trap_articles

from provenance.crawl.soft404 import page_reason, redirect_reason, says_not_found, soft_404
from provenance.extract import extract_page
from provenance.extract.scoring import READABILITY_BASE_URL, fundus_pages, readability_pages
from provenance.models import FetchResult, Page

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# Detected share of generated error pages at least. The misses are Chinese and Japanese
# pages titled "Sorry" whose one-line notice the body extractor drops as too short.
ERROR_PAGE_RECALL_FLOOR = 0.9


def flagged(samples: list[tuple[bytes, str]]) -> list[str]:
    return [url for body, url in samples if page_reason(extract_page(body, url))]


def test_generated_error_pages_are_found() -> None:
    samples = list(error_pages(330, seed=7))
    found = len(flagged([(s.html, s.url) for s in samples]))
    assert found / len(samples) >= ERROR_PAGE_RECALL_FLOOR


def test_trap_articles_are_not_error_pages() -> None:
    assert flagged([(s.html, s.url) for s in trap_articles(180, seed=3)]) == []


def test_no_real_page_reads_as_not_found() -> None:
    if not (DATA / "fundus" / "expected.jsonl").exists():
        pytest.fail(f"shared data missing at {DATA}", pytrace=False)
    real = [(p.html, p.url) for p in fundus_pages(DATA)]
    real += [(p.html, READABILITY_BASE_URL) for p in readability_pages(DATA)]
    assert len(real) >= 380
    assert flagged(real) == []


@pytest.mark.parametrize(
    "title",
    [
        "Page not found | Daily Courier",
        "404",
        "Error 404 – Kestrel News",
        "Страница не найдена",
        "Seite nicht gefunden - Beispiel",
        "ページが見つかりません",
    ],
)
def test_not_found_titles(title: str) -> None:
    assert says_not_found(title)


@pytest.mark.parametrize(
    "title",
    [
        "404 migrants rescued off the coast",
        "Page not found? How archivists save the disappearing web",
        "Council approves budget",
        "",
    ],
)
def test_headlines_are_not_not_found_titles(title: str) -> None:
    assert not says_not_found(title)


def redirected(requested: str, final: str) -> FetchResult:
    return FetchResult(requested, final, "200", 200, redirects=(requested,))


@pytest.mark.parametrize(
    ("requested", "final"),
    [
        ("https://news.example/2016/12/story", "https://news.example/"),
        ("https://news.example/2016/12/story", "https://www.news.example/en/"),
        ("https://news.example/a/b", "https://news.example/index.html"),
        ("https://news.example/a/b", "https://news.example/errors/404"),
        ("https://news.example/a/b", "https://news.example/page-not-found/"),
    ],
)
def test_a_redirect_to_the_home_or_an_error_page_is_a_soft_404(requested: str, final: str) -> None:
    assert redirect_reason(requested, redirected(requested, final))
    assert soft_404(requested, redirected(requested, final), None)


@pytest.mark.parametrize(
    ("requested", "final"),
    [
        ("https://news.example/", "https://www.news.example/"),  # a home page asked for
        ("https://news.example/old-slug", "https://news.example/2016/12/new-slug"),  # moved
        ("https://bit.ly/abc", "https://news.example/"),  # another site
        ("https://news.example/a", "https://news.example/?p=12"),  # a page by query
    ],
)
def test_other_redirects_are_not_soft_404s(requested: str, final: str) -> None:
    assert redirect_reason(requested, redirected(requested, final)) == ""


def test_only_live_answers_are_judged() -> None:
    gone = FetchResult("https://a.example/x", "https://a.example/x", "404", 404)
    assert soft_404("https://a.example/x", gone, Page("https://a.example/x", title="404")) == ""
