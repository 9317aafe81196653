"""How well the soft-404 detector tells "not found" pages from live ones.

    .venv/bin/python benchmarks/soft404.py [--error-pages 440] [--traps 300]

Positives: generated not-found pages answered 200 (``tests/soft404_pages.py``: eleven
languages, four templates, site furniture). Negatives: the real news and blog pages of
the shared fundus and Readability data, the sample web's pages, and generated articles
carrying the trap words. Prints a Markdown table (detected share per set) and the word
counts behind ``TITLE_TEXT_MAX_WORDS`` and ``TEXT_ONLY_MAX_WORDS``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from soft404_pages import error_pages, trap_articles  # noqa: E402

from provenance.crawl.soft404 import page_reason, says_not_found  # noqa: E402
from provenance.extract import extract_page  # noqa: E402
from provenance.extract.scoring import (  # noqa: E402
    READABILITY_BASE_URL,
    fundus_pages,
    readability_pages,
)
from provenance.models import Page  # noqa: E402

DATA = REPO.parent / "shared" / "data"


def words(page: Page) -> int:
    return sum(len(paragraph.split()) for paragraph in page.paragraphs)


def sample_web() -> Iterable[tuple[bytes, str]]:
    from provenance.crawl.archive import ReplayTransport
    from provenance.sample import warc_path

    replay = ReplayTransport([warc_path()])
    for url in replay.urls():
        status, _, body, _, _ = replay.capture(url)
        if status == 200 and not url.endswith("robots.txt"):
            yield body, url


def measure(name: str, pages: Iterable[tuple[bytes, str]]) -> tuple[str, int, int, list[int]]:
    total = flagged = 0
    counts: list[int] = []
    for body, url in pages:
        page = extract_page(body, url)
        total += 1
        counts.append(words(page))
        if page_reason(page):
            flagged += 1
    return name, total, flagged, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--error-pages", type=int, default=440)
    parser.add_argument("--traps", type=int, default=300)
    args = parser.parse_args()
    errors = list(error_pages(args.error_pages))
    rows = [
        measure("generated error pages (positives)", ((s.html, s.url) for s in errors)),
        measure("generated trap articles", ((s.html, s.url) for s in trap_articles(args.traps))),
        measure("fundus real pages", ((p.html, p.url) for p in fundus_pages(DATA))),
        measure(
            "Readability real pages",
            ((p.html, READABILITY_BASE_URL) for p in readability_pages(DATA)),
        ),
        measure("sample web pages", sample_web()),
    ]
    print("| set | pages | flagged as not found | share |")
    print("|---|---|---|---|")
    for name, total, flagged, _ in rows:
        print(f"| {name} | {total} | {flagged} | {flagged / max(total, 1):.3f} |")
    missed = Counter(
        sample.label for sample in errors if not page_reason(extract_page(sample.html, sample.url))
    )
    if missed:
        print("\nmissed error pages by variant:", dict(sorted(missed.items())))
    error_words = rows[0][3]
    print(
        f"\nerror pages: words of extracted text min {min(error_words)}, median "
        f"{statistics.median(error_words)}, max {max(error_words)}"
    )
    real = rows[2][3] + rows[3][3]
    print(f"real pages: words min {min(real)}, 5th percentile {sorted(real)[len(real) // 20]}")
    titled = [
        (words(page), page.title)
        for page in (extract_page(p.html, p.url) for p in fundus_pages(DATA))
        if says_not_found(page.title)
    ]
    print(f"real fundus pages whose title reads as not found: {titled or 'none'}")


if __name__ == "__main__":
    main()
