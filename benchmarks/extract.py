"""Extraction speed and accuracy of provenance against trafilatura, on the same pages.

    .venv/bin/python benchmarks/extract.py [--data ../shared/data] [--rounds 1]

Reads the fundus pages of ``shared/data`` (real news pages from about 230 publishers),
runs each extractor over all of them on the raw bytes, and prints one table: pages per
second, body precision, recall and F1 (4-gram shingles, averaged over pages), and the
share of pages whose title, authors and publication date are right. Also lists how
htmldate alone does on dates, since it is the usual choice for that field. Body-link
precision and recall on the Readability pages are printed for provenance (the peers do
not list in-body links).

Needs the ``bench`` extra (trafilatura, htmldate); a missing peer is skipped with a note.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

from provenance.extract import extract_page
from provenance.extract.scoring import (
    READABILITY_BASE_URL,
    Extracted,
    FundusPage,
    ReadabilityPage,
    fundus_pages,
    readability_pages,
    score_fundus,
    score_links,
)

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _provenance(page: FundusPage) -> Extracted:
    found = extract_page(page.html, page.url)
    return Extracted(found.text, found.title, tuple(found.authors), found.published)


def _peers() -> dict[str, Callable[[FundusPage], Extracted]]:
    peers: dict[str, Callable[[FundusPage], Extracted]] = {}
    try:
        import trafilatura
    except ImportError:
        print("trafilatura is not installed (pip install -e '.[bench]'): skipped", file=sys.stderr)
        return peers

    def with_metadata(page: FundusPage) -> Extracted:
        document = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
        if document is None:
            return Extracted("")
        fields = document if isinstance(document, dict) else document.as_dict()
        authors = tuple(
            name.strip() for name in str(fields.get("author") or "").split(";") if name.strip()
        )
        return Extracted(
            str(fields.get("text") or ""),
            str(fields.get("title") or ""),
            authors,
            str(fields.get("date") or ""),
        )

    def text_only(page: FundusPage) -> Extracted:
        return Extracted(trafilatura.extract(page.html, url=page.url) or "")

    peers["trafilatura (with metadata)"] = with_metadata
    peers["trafilatura (text only)"] = text_only
    try:
        from htmldate import find_date
    except ImportError:
        return peers

    def dates_only(page: FundusPage) -> Extracted:
        found = find_date(page.html, url=page.url, original_date=True, outputformat="%Y-%m-%d")
        return Extracted("", published=found or "")

    peers["htmldate (dates only)"] = dates_only
    return peers


def _time(extract: Callable[[FundusPage], Extracted], pages: list[FundusPage]) -> float:
    gc.collect()
    start = time.perf_counter()
    for page in pages:
        extract(page)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared/data folder")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="timed rounds, the extractors taking turns within each; the best round counts",
    )
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages by F1")
    args = parser.parse_args(argv)
    if not (args.data / "fundus" / "expected.jsonl").is_file():
        print(f"no fundus data under {args.data}", file=sys.stderr)
        return 2
    pages = list(fundus_pages(args.data))
    extractors = [("provenance", _provenance), *_peers().items()]
    # Scores from one untimed pass; speed from the best of the timed rounds, with the
    # extractors taking turns so that a busy machine slows them alike.
    scores = {name: score_fundus(pages, extract) for name, extract in extractors}
    best = {name: float("inf") for name, _ in extractors}
    for _ in range(max(1, args.rounds)):
        for name, extract in extractors:
            best[name] = min(best[name], _time(extract, pages))
    runs = [(name, len(pages) / best[name], scores[name]) for name, _ in extractors]

    print(
        f"fundus: {len(pages)} pages, raw bytes in, one process; pages/s from the best of "
        f"{max(1, args.rounds)} rounds\n"
    )
    header = (
        f"{'extractor':<30} {'pages/s':>8} {'body P':>7} {'body R':>7} {'body F1':>7} "
        f"{'title':>6} {'authors':>7} {'date':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, speed, score in runs:
        has_body = not name.startswith("htmldate")
        has_meta = "text only" not in name
        body = (
            f"{score.body_precision:>7.3f} {score.body_recall:>7.3f} {score.body_f1:>7.3f}"
            if has_body
            else f"{'':>7} {'':>7} {'':>7}"
        )
        title = f"{score.title:>6.3f}" if has_meta and has_body else f"{'':>6}"
        authors = f"{score.authors:>7.3f}" if has_meta and has_body else f"{'':>7}"
        date = f"{score.date:>6.3f}" if has_meta else f"{'':>6}"
        print(f"{name:<30} {speed:>8.1f} {body} {title} {authors} {date}")
    own_speed = runs[0][1]
    for name, speed, _ in runs[1:]:
        if name.startswith("trafilatura"):
            print(f"provenance / {name}: {own_speed / speed:.1f}x the pages per second")

    if (args.data / "readability" / "pages").is_dir():
        readability = list(readability_pages(args.data))

        def body_links(page: ReadabilityPage) -> set[str]:
            found = extract_page(page.html, READABILITY_BASE_URL)
            # Embedded posts and videos are no <a> of the page: Readability lists none.
            return {link.url for link in found.links if link.paragraph >= 0 and not link.embed}

        links = score_links(readability, body_links)
        print(
            f"\nreadability: {links.pages} pages, provenance body links: "
            f"precision {links.precision:.3f}, recall {links.recall:.3f}, F1 {links.f1:.3f}"
        )

    if args.worst:
        provenance_scores = runs[0][2]
        worst = sorted(
            provenance_scores.per_page,
            key=lambda row: (
                (2 * row["precision"] * row["recall"]) / ((row["precision"] + row["recall"]) or 1)
            ),
        )
        print(f"\n{args.worst} worst provenance pages by body F1:")
        for row in worst[: args.worst]:
            print(
                f"  {row['name']:<45} P {row['precision']:.2f} R {row['recall']:.2f} "
                f"title {'ok' if row['title'] else '--'} authors "
                f"{'ok' if row['authors'] else '--'} date {'ok' if row['date'] else '--'}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
