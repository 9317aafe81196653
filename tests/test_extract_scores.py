"""The score gate: extraction measured on real pages, failing below pinned floors.

Body text (shingle precision, recall and F1), title, authors and date on the fundus
pages; body F1, title and date (on the pages whose expected metadata has one), and
body-link precision and recall on the Readability pages (see
``provenance.extract.scoring`` for the measures). The floors live in
``tests/extraction_floors.json``: raise them as the extractor improves; lower one only
with a reason in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    score_readability,
)

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FLOORS = Path(__file__).resolve().parent / "extraction_floors.json"


def _require(path: Path) -> None:
    if not path.exists():
        pytest.fail(
            f"score-gate data missing: {path} (the shared development data must sit at "
            f"{DATA}; see shared/data/README.md)",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    _require(DATA / "fundus" / "expected.jsonl")
    _require(DATA / "readability" / "pages")

    def extract(page: FundusPage | ReadabilityPage) -> Extracted:
        found = extract_page(page.html, page.url)
        return Extracted(found.text, found.title, tuple(found.authors), found.published)

    def body_links(page: ReadabilityPage) -> set[str]:
        found = extract_page(page.html, READABILITY_BASE_URL)
        # Embedded posts and videos are no <a> of the page: Readability lists none.
        return {link.url for link in found.links if link.paragraph >= 0 and not link.embed}

    fundus = list(fundus_pages(DATA))
    readability = list(readability_pages(DATA))
    assert len(fundus) >= 250 and len(readability) >= 120, "the shared data is incomplete"
    result = score_fundus(fundus, extract).figures()
    result.update(score_links(readability, body_links).figures())
    result.update(score_readability(readability, extract).figures())
    return result


def test_floors_file_names_every_figure(figures: dict[str, float]) -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    assert set(floors) == set(figures)


@pytest.mark.parametrize("name", sorted(json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]))
def test_score_at_or_above_floor(figures: dict[str, float], name: str) -> None:
    floor = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"][name]
    assert figures[name] >= floor, (
        f"{name} fell to {figures[name]:.4f}, below its floor {floor:.4f} "
        f"(all figures: { {key: round(value, 4) for key, value in figures.items()} })"
    )
