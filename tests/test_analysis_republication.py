"""Republication edges: explicit signals, text reuse, direction, chains and same-outlet copies."""

from __future__ import annotations

import random

import networkx as nx

from provenance.graph import analyze_graph
from provenance.graph.aliases import merge_variants, variant_marks
from provenance.graph.build import claim_id
from provenance.graph.republication import add_republication_edges, earlier
from provenance.graph.reuse import find_reuse
from provenance.models import (
    EDGE_CITATION,
    EDGE_REPUBLICATION,
    KIND_ARTICLE,
    KIND_UNVISITED,
    Link,
    Page,
    RepublicationSignal,
)
from provenance.settings import Settings
from provenance.urls import outlet_of

_VOCABULARY = [f"v{index}q" for index in range(4000)]


def paragraphs(seed: int, count: int = 8) -> list[str]:
    chooser = random.Random(seed)
    return [" ".join(chooser.choices(_VOCABULARY, k=40)).capitalize() + "." for _ in range(count)]


def reworded(text: list[str], seed: int, share: float = 0.05) -> list[str]:
    chooser = random.Random(seed)
    out = []
    for paragraph in text:
        words = paragraph.split()
        for index in range(len(words)):
            if chooser.random() < share:
                words[index] = chooser.choice(_VOCABULARY)
        out.append(" ".join(words))
    return out


class Web:
    """A hand-built graph and its pages, as ``build_graph`` would give them."""

    def __init__(self) -> None:
        self.graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        self.pages: dict[str, Page] = {}

    def page(
        self,
        url: str,
        text: list[str],
        published: str = "",
        depth: int = 1,
        outlet_name: str = "",
        signals: tuple[RepublicationSignal, ...] = (),
        links: tuple[Link, ...] = (),
    ) -> str:
        self.graph.add_node(
            url,
            url=url,
            kind=KIND_ARTICLE,
            outlet=outlet_of(url),
            outlet_name=outlet_name,
            title="",
            authors="",
            published=published,
            language="en",
            status="200",
            depth=depth,
            root=depth == 0,
            aliases="",
            archived_from="",
        )
        self.pages[url] = Page(
            url=url,
            paragraphs=list(text),
            published=published,
            outlet_name=outlet_name,
            republication=list(signals),
            links=list(links),
        )
        return url

    def republications(self) -> set[tuple[str, str, str, str]]:
        return {
            (source, target, data["evidence"], data["decided_by"])
            for source, target, data in self.graph.edges(data=True)
            if data["kind"] == EDGE_REPUBLICATION
        }

    def detect(self) -> None:
        reuse = find_reuse({key: page.text for key, page in self.pages.items()})
        add_republication_edges(self.graph, self.pages, reuse)


A, B, C, D = (
    "https://wire.example/a",
    "https://ledger.example/b",
    "https://coast.example/c",
    "https://valley.example/d",
)


def test_a_chain_of_copies_comes_out_as_a_path() -> None:
    web = Web()
    first = paragraphs(1)
    second = reworded(first, 2)
    third = reworded(second, 3)
    fourth = reworded(third, 4)
    web.page(A, first, "2023-03-01T08:00:00+00:00")
    web.page(B, second, "2023-03-01T12:00:00+00:00")
    web.page(C, third, "2023-03-02")
    web.page(D, fourth, "2023-03-03")
    web.detect()
    assert web.republications() == {
        (A, B, "text-reuse", "date"),
        (B, C, "text-reuse", "date"),
        (C, D, "text-reuse", "date"),
    }


def test_siblings_copied_from_one_original_are_not_chained() -> None:
    web = Web()
    first = paragraphs(5)
    web.page(A, first, "2023-03-01")
    web.page(B, reworded(first, 6, 0.08), "2023-03-02")
    web.page(C, reworded(first, 7, 0.02), "2023-03-03")
    web.detect()
    assert {(source, target) for source, target, *_ in web.republications()} == {(A, B), (A, C)}


def test_a_copy_stitched_from_two_stories_keeps_both_sources() -> None:
    web = Web()
    one, two = paragraphs(8), paragraphs(9)
    web.page(A, one, "2023-03-01")
    web.page(B, two, "2023-03-01")
    web.page(C, one[:5] + two[:5], "2023-03-02")
    web.detect()
    assert {(source, target) for source, target, *_ in web.republications()} == {(A, C), (B, C)}


def test_credit_decides_before_dates() -> None:
    web = Web()
    text = paragraphs(10)
    # The copy's clock says it came first; its credit line says otherwise.
    credit = RepublicationSignal("credit-line", A, "wire.example", "Originally published by Wire")
    web.page(A, text, "2023-03-02")
    web.page(B, text, "2023-03-01", signals=(credit,))
    web.detect()
    assert web.republications() == {(A, B, "credit-line+text-reuse", "credit")}
    data = next(iter(web.graph.get_edge_data(A, B).values()))
    assert data["credit"] == "Originally published by Wire"
    assert data["similarity"] == 1.0 and data["jaccard"] == 1.0 and data["containment"] == 1.0


def test_containment_decides_when_dates_do_not() -> None:
    web = Web()
    text = paragraphs(11, count=12)
    web.page(A, text, "2023-03-01")
    web.page(B, text[3:7], "2023-03-01")
    web.detect()
    assert web.republications() == {(A, B, "text-reuse", "containment")}


def test_depth_decides_last() -> None:
    web = Web()
    text = paragraphs(12)
    web.page(A, text, depth=2)
    web.page(B, reworded(text, 13, 0.02), depth=1)
    web.detect()
    assert web.republications() == {(A, B, "text-reuse", "depth")}


def test_a_credit_naming_only_an_outlet_finds_its_crawled_article() -> None:
    web = Web()
    text = paragraphs(14)
    credit = RepublicationSignal(
        "credit-line", "", "The Harbour Ledger", "First published by The Harbour Ledger."
    )
    web.page(B, text, "2023-03-01", outlet_name="The Harbour Ledger")
    web.page(
        "https://ledger.example/other",
        paragraphs(15),
        "2023-02-01",
        outlet_name="The Harbour Ledger",
    )
    web.page(C, reworded(text, 16), "2023-03-02", signals=(credit,))
    web.detect()
    assert web.republications() == {(B, C, "credit-line+text-reuse", "credit")}


def test_a_credit_naming_an_outlet_not_crawled_points_at_its_home_page() -> None:
    web = Web()
    credit = RepublicationSignal(
        "credit-line",
        "",
        "NorthWind-Courier.example",
        "Originally published at NorthWind-Courier.example",
    )
    web.page(C, paragraphs(17), "2023-03-02", depth=1, signals=(credit,))
    web.detect()
    home = "https://northwind-courier.example/"
    assert web.republications() == {(home, C, "credit-line", "credit")}
    assert web.graph.nodes[home]["kind"] == KIND_UNVISITED
    assert web.graph.nodes[home]["depth"] == 2
    data = next(iter(web.graph.get_edge_data(home, C).values()))
    assert data["similarity"] is None


def test_an_unknown_outlet_name_makes_no_edge() -> None:
    web = Web()
    credit = RepublicationSignal(
        "credit-line", "", "Somebody Somewhere", "Republished from Somebody Somewhere"
    )
    web.page(C, paragraphs(18), signals=(credit,))
    web.detect()
    assert web.republications() == set()


def test_a_signal_naming_the_same_outlet_is_not_a_republication() -> None:
    web = Web()
    text = paragraphs(19)
    web.page("https://ledger.example/news/1", text, "2023-03-01")
    signal = RepublicationSignal("json-ld", "https://ledger.example/news/1", "ledger.example")
    web.page(
        "https://ledger.example/archive/1", reworded(text, 20, 0.3), "2023-03-02", signals=(signal,)
    )
    web.detect()
    assert web.republications() == set()


def test_dates_without_times_on_one_day_are_equal() -> None:
    assert earlier("2023-03-01", "2023-03-01T10:00:00+00:00") == 0
    assert earlier("2023-03-01T09:00:00+00:00", "2023-03-01T10:00:00+00:00") == -1
    assert earlier("2023-03-02", "2023-03-01") == 1
    assert earlier("", "2023-03-01") == 0
    assert earlier("not a date", "2023-03-01") == 0


def test_same_outlet_variants_are_merged_as_aliases() -> None:
    web = Web()
    text = paragraphs(21)
    desktop = web.page("https://www.ledger.example/news/story", text, "2023-03-01", depth=2)
    mobile = web.page("https://m.ledger.example/news/story", text, "2023-03-01", depth=1)
    printed = web.page("https://www.ledger.example/news/story?output=print", text, depth=3)
    citing = web.page("https://blog.example/post", paragraphs(22), depth=0)
    claim = "The ledger reported it."
    web.graph.add_edge(
        mobile,
        citing,
        kind=EDGE_CITATION,
        claim_id="x",
        claim=claim,
        anchor="reported",
        cue="reported",
        support=None,
        evidence="",
        similarity=None,
    )
    web.graph.graph["roots"] = [citing]
    reuse = find_reuse({key: page.text for key, page in web.pages.items()})
    merged, restated = merge_variants(web.graph, web.pages, reuse)
    assert merged == {mobile: desktop, printed: desktop}
    assert set(web.graph.nodes[desktop]["aliases"].split()) == {mobile, printed}
    assert web.graph.nodes[desktop]["depth"] == 1
    assert mobile not in web.graph and mobile not in web.pages
    edges = list(web.graph.in_edges(citing, data=True))
    assert [(source, data["claim_id"]) for source, _, data in edges] == [
        (desktop, claim_id(citing, claim, desktop))
    ]
    assert restated == []


def test_different_articles_of_one_outlet_stay_apart() -> None:
    web = Web()
    text = paragraphs(23)
    web.page("https://www.ledger.example/news/one", text)
    web.page("https://www.ledger.example/news/two", text[:4] + paragraphs(24, 6))
    reuse = find_reuse({key: page.text for key, page in web.pages.items()})
    merged, _ = merge_variants(web.graph, web.pages, reuse)
    assert merged == {}


def test_variant_marks() -> None:
    assert variant_marks("https://www.ledger.example/news/story") == 0
    assert variant_marks("https://m.ledger.example/news/story") == 1
    assert variant_marks("https://www.ledger.example/amp/news/story") == 1
    assert variant_marks("https://www.ledger.example/news/story?output=print") == 2


def test_analysis_runs_on_an_empty_graph() -> None:
    web = Web()
    assert analyze_graph(web.graph, web.pages, Settings()) == []
