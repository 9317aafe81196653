"""How well extraction does on pages with known answers: the score gate and the benchmark.

The measures follow the article-extraction benchmarks that the field compares on:

- body text: 4-gram shingles of ``\\w+`` tokens counted as multisets; per page, precision
  and recall of the extracted shingles against the expected ones; both averaged over
  pages, and F1 taken from the two averages;
- title: equal after white space, quotes and case are normalised;
- authors: the same set of names after normalisation;
- date: the same calendar day (in the expected date's own time zone when both sides
  carry one);
- body links: the ``<a href>`` inside a reference extraction of the page against the
  links the extractor placed in the body, as per-page precision and recall.

Reads the development data of ``shared/data`` (see its README) from a folder it is
given; nothing here knows where that folder is.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import fmean
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from provenance.urls import absolute, normalize

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4
# The Readability test pages were extracted as if served from this address; the links
# of their expected output are resolved against it.
READABILITY_BASE_URL = "http://fakehost/test/page.html"


# --- Measures -------------------------------------------------------------------------


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([" ".join(tokens)])
    return Counter(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def body_precision_recall(expected: str, extracted: str) -> tuple[float, float]:
    """Shingle precision and recall of ``extracted`` against ``expected`` (0 when empty)."""
    truth, found = shingles(expected), shingles(extracted)
    common = sum((truth & found).values())
    precision = common / sum(found.values()) if found else 0.0
    recall = common / sum(truth.values()) if truth else 0.0
    return precision, recall


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


def _norm_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).replace("\u00ad", "")
    return " ".join(text.split()).casefold()


def title_matches(expected: str, extracted: str) -> bool:
    return _norm_text(expected) == _norm_text(extracted)


def authors_match(expected: list[str], extracted: list[str]) -> bool:
    return {_norm_text(name) for name in expected} == {_norm_text(name) for name in extracted}


def _as_datetime(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def date_matches(expected: str, extracted: str) -> bool:
    """The same calendar day; in the expected date's time zone when both are zoned."""
    truth, found = _as_datetime(expected), _as_datetime(extracted)
    if truth is None or found is None:
        return not expected and not extracted
    if truth.tzinfo is not None and found.tzinfo is not None:
        found = found.astimezone(truth.tzinfo)
    return truth.date() == found.date()


# --- Data sets ------------------------------------------------------------------------


@dataclass(frozen=True)
class FundusPage:
    name: str
    url: str
    html: bytes
    title: str
    authors: list[str]
    published: str
    body: str


def fundus_pages(data: Path) -> Iterator[FundusPage]:
    """The fundus pages and their expected metadata and body."""
    folder = data / "fundus"
    with (folder / "expected.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row: dict[str, Any] = json.loads(line)
            html = gzip.decompress((folder / row["file"]).read_bytes())
            yield FundusPage(
                name=Path(row["file"]).name.removesuffix(".html.gz"),
                url=row["url"],
                html=html,
                title=row.get("title") or "",
                authors=list(row.get("authors") or []),
                published=row.get("published") or "",
                body=row.get("body") or "",
            )


@dataclass(frozen=True)
class ReadabilityPage:
    name: str
    html: bytes
    links: frozenset[str]
    title: str
    byline: str
    published: str
    body: str = ""
    """The text of the expected article (``expected.html``)."""
    url: str = READABILITY_BASE_URL


def _links_of(html: str, base: str) -> frozenset[str]:
    tree = LexborHTMLParser(html)
    found: set[str] = set()
    for anchor in tree.css("a[href]"):
        url = absolute(anchor.attributes.get("href") or "", base)
        if url:
            found.add(normalize(url))
    found.discard("")
    return frozenset(found)


def readability_pages(data: Path) -> Iterator[ReadabilityPage]:
    """The Readability test pages with the web links of their expected article."""
    for folder in sorted((data / "readability" / "pages").iterdir()):
        source = folder / "source.html"
        if not source.is_file():
            continue
        expected = (folder / "expected.html").read_text(encoding="utf-8")
        metadata_file = folder / "expected-metadata.json"
        metadata: dict[str, Any] = (
            json.loads(metadata_file.read_text(encoding="utf-8")) if metadata_file.is_file() else {}
        )
        yield ReadabilityPage(
            name=folder.name,
            html=source.read_bytes(),
            links=_links_of(expected, READABILITY_BASE_URL),
            title=metadata.get("title") or "",
            byline=metadata.get("byline") or "",
            published=metadata.get("publishedTime") or "",
            body=_text_of(expected),
        )


def _text_of(html: str) -> str:
    root = LexborHTMLParser(html).body
    return root.text(deep=True, separator="\n") if root is not None else ""


_BYLINE_WORDS = re.compile(r"[^\W\d_]+")
# Words of a byline that name nobody.
_BYLINE_FILLER = frozenset({"by", "and", "und", "et", "y", "von", "par", "por", "de", "the"})


def byline_matches(byline: str, authors: list[str]) -> bool:
    """Whether the names found are those of a byline string ("By Jane Doe and John Roe"):
    every name stands in it and together they cover its words (less "by", "and")."""
    if not authors:
        return False
    text = _norm_text(byline)
    if not all(_norm_text(name) in text for name in authors):
        return False
    wanted = set(_BYLINE_WORDS.findall(text)) - _BYLINE_FILLER
    found = set(_BYLINE_WORDS.findall(_norm_text(" ".join(authors))))
    return wanted <= found


# --- Aggregates -----------------------------------------------------------------------


@dataclass
class FundusScores:
    pages: int = 0
    body_precision: float = 0.0
    body_recall: float = 0.0
    title: float = 0.0
    authors: float = 0.0
    date: float = 0.0
    per_page: list[dict[str, Any]] = field(default_factory=list)

    @property
    def body_f1(self) -> float:
        return f1(self.body_precision, self.body_recall)

    def figures(self) -> dict[str, float]:
        return {
            "fundus_body_precision": self.body_precision,
            "fundus_body_recall": self.body_recall,
            "fundus_body_f1": self.body_f1,
            "fundus_title_accuracy": self.title,
            "fundus_authors_accuracy": self.authors,
            "fundus_date_accuracy": self.date,
        }


@dataclass(frozen=True)
class Extracted:
    """What an extractor under test returned for one page."""

    body: str
    title: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""


def score_fundus(
    pages: list[FundusPage], extract: Callable[[FundusPage], Extracted]
) -> FundusScores:
    scores = FundusScores()
    precisions: list[float] = []
    recalls: list[float] = []
    titles: list[bool] = []
    authors: list[bool] = []
    dates: list[bool] = []
    for page in pages:
        found = extract(page)
        precision, recall = body_precision_recall(page.body, found.body)
        precisions.append(precision)
        recalls.append(recall)
        titles.append(title_matches(page.title, found.title))
        authors.append(authors_match(page.authors, list(found.authors)))
        dates.append(date_matches(page.published, found.published))
        scores.per_page.append(
            {
                "name": page.name,
                "precision": precision,
                "recall": recall,
                "title": titles[-1],
                "authors": authors[-1],
                "date": dates[-1],
            }
        )
    scores.pages = len(pages)
    if pages:
        scores.body_precision = fmean(precisions)
        scores.body_recall = fmean(recalls)
        scores.title = fmean(titles)
        scores.authors = fmean(authors)
        scores.date = fmean(dates)
    return scores


@dataclass
class ReadabilityScores:
    """Body, title, byline and date on the Readability pages; title, byline and date
    over the pages whose expected metadata states one."""

    pages: int = 0
    body_precision: float = 0.0
    body_recall: float = 0.0
    title: float = 0.0
    authors: float = 0.0
    date: float = 0.0
    dated_pages: int = 0

    @property
    def body_f1(self) -> float:
        return f1(self.body_precision, self.body_recall)

    def figures(self) -> dict[str, float]:
        return {
            "readability_body_f1": self.body_f1,
            "readability_title_accuracy": self.title,
            "readability_date_accuracy": self.date,
        }


def score_readability(
    pages: list[ReadabilityPage], extract: Callable[[ReadabilityPage], Extracted]
) -> ReadabilityScores:
    scores = ReadabilityScores(pages=len(pages))
    precisions: list[float] = []
    recalls: list[float] = []
    titles: list[bool] = []
    authors: list[bool] = []
    dates: list[bool] = []
    for page in pages:
        found = extract(page)
        precision, recall = body_precision_recall(page.body, found.body)
        precisions.append(precision)
        recalls.append(recall)
        if page.title:
            titles.append(title_matches(page.title, found.title))
        if page.byline:
            authors.append(byline_matches(page.byline, list(found.authors)))
        if page.published:
            dates.append(date_matches(page.published, found.published))
    scores.dated_pages = len(dates)
    if pages:
        scores.body_precision = fmean(precisions)
        scores.body_recall = fmean(recalls)
    scores.title = fmean(titles) if titles else 0.0
    scores.authors = fmean(authors) if authors else 0.0
    scores.date = fmean(dates) if dates else 0.0
    return scores


@dataclass
class LinkScores:
    pages: int = 0
    precision: float = 0.0
    recall: float = 0.0
    per_page: list[dict[str, Any]] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def figures(self) -> dict[str, float]:
        return {
            "readability_link_precision": self.precision,
            "readability_link_recall": self.recall,
        }


def score_links(
    pages: list[ReadabilityPage], extract: Callable[[ReadabilityPage], set[str]]
) -> LinkScores:
    """Per-page precision and recall of body links, averaged over the pages.

    A page whose expected article has no links and where none were found scores 1 on
    both; extra links on a page that has none cost precision, as they should.
    """
    scores = LinkScores()
    precisions: list[float] = []
    recalls: list[float] = []
    for page in pages:
        found = extract(page)
        common = len(found & page.links)
        precision = common / len(found) if found else (0.0 if page.links else 1.0)
        recall = common / len(page.links) if page.links else 1.0
        precisions.append(precision)
        recalls.append(recall)
        scores.per_page.append(
            {
                "name": page.name,
                "precision": precision,
                "recall": recall,
                "missed": sorted(page.links - found),
                "extra": sorted(found - page.links),
            }
        )
    scores.pages = len(pages)
    if pages:
        scores.precision = fmean(precisions)
        scores.recall = fmean(recalls)
    return scores
