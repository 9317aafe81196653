"""The shared layout of the HTML view and the GEXF files: readable, fast, always the same.

Small graphs get columns that follow the flow of information (sources left, the root
article right) with nothing overlapping; large ones a force layout computed in numpy that
must stay fast at thousands of nodes. The browser tests check the drawn picture too.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from typing import Any

import networkx as nx
import numpy as np
import pytest
from graph_fixture import ORIGINAL, ROOT
from graph_fixture import sample_graph as fixture_graph
from hypothesis import given, settings
from hypothesis import strategies as st
from test_html_view import GR, ISMC, hostile_graph, outlet_graph, sample_graph

from provenance.render import layout, style

Box = tuple[float, float, float, float]  # left, top, right, bottom (y down)


def drawn_boxes(
    positions: dict[str, tuple[float, float]],
    radius: dict[str, float],
    labels: dict[str, str],
    font: float,
) -> dict[str, list[Box]]:
    """The disc of each node and the label under it, as the layout models them (y down,
    as on the canvas)."""
    boxes = {}
    for node, (x, y_up) in positions.items():
        y = -y_up
        r = radius[node]
        width = len(labels.get(node, "")) * font * layout.LABEL_CHAR_WIDTH
        height = font * layout.LABEL_LINE_HEIGHT
        boxes[node] = [
            (x - r, y - r, x + r, y + r),
            (x - width / 2, y + r, x + width / 2, y + r + height),
        ]
    return boxes


def overlapping(boxes: dict[str, list[Box]]) -> list[tuple[str, str]]:
    def meet(a: Box, b: Box) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    return [
        (first, second)
        for first, second in itertools.combinations(sorted(boxes), 2)
        if any(meet(a, b) for a in boxes[first] for b in boxes[second])
    ]


def document_boxes(graph: nx.MultiDiGraph[Any]) -> dict[str, list[Box]]:
    sizes = style.node_sizes(graph)
    labels = style.node_labels(graph)
    positions = style.layout(graph, sizes=sizes, labels=labels)
    return drawn_boxes(positions, sizes, labels, style.label_font(graph))


def test_small_graphs_have_no_overlapping_nodes_or_labels() -> None:
    for graph in (sample_graph(), fixture_graph(), hostile_graph()):
        assert overlapping(document_boxes(graph)) == []
    outlets = outlet_graph()
    sizes = style.outlet_sizes(outlets)
    labels = style.outlet_labels(outlets)
    positions = style.layout(outlets, sizes=sizes, labels=labels)
    assert overlapping(drawn_boxes(positions, sizes, labels, style.LABEL_FONT)) == []


def test_an_original_and_its_republication_are_drawn_apart() -> None:
    # They share many edges; a spring layout used to put one on top of the other.
    for graph, original, copy in ((sample_graph(), ISMC, GR), (fixture_graph(), ORIGINAL, ROOT)):
        positions = style.layout(graph)
        sizes = style.node_sizes(graph)
        (x1, y1), (x2, y2) = positions[original], positions[copy]
        assert math.dist((x1, y1), (x2, y2)) > 2 * (sizes[original] + sizes[copy])
        assert x1 < x2  # the original is upstream: to the left


def test_information_flows_left_to_right_and_the_root_is_rightmost() -> None:
    graph = fixture_graph()  # acyclic
    positions = style.layout(graph)
    for source, target in graph.edges():
        assert positions[source][0] < positions[target][0], (source, target)
    assert positions[ROOT][0] == max(x for x, _ in positions.values())


def test_cycles_are_laid_out_too() -> None:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in "abcd":
        graph.add_node(node, root=node == "a")
    graph.add_edges_from([("b", "a"), ("c", "b"), ("b", "c"), ("d", "c"), ("a", "d")])
    positions = style.layout(graph)
    assert set(positions) == set("abcd")
    assert positions["a"][0] == max(x for x, _ in positions.values())
    assert len(set(positions.values())) == 4


def test_layout_does_not_depend_on_insertion_order() -> None:
    graph = sample_graph()
    shuffled: nx.MultiDiGraph[str] = nx.MultiDiGraph(roots=graph.graph["roots"])
    shuffled.graph["claims"] = graph.graph["claims"]
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    for source, target, key, data in reversed(list(graph.edges(keys=True, data=True))):
        shuffled.add_edge(source, target, key=key, **data)
    assert style.layout(shuffled) == style.layout(graph)


def test_tall_columns_are_folded() -> None:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_node("root", root=True)
    for index in range(3 * layout.COLUMN_MAX_NODES):
        graph.add_edge(f"source{index:03}", "root")
    positions = style.layout(graph)
    columns = {x for node, (x, _) in positions.items() if node != "root"}
    assert len(columns) == 3
    assert overlapping(document_boxes(graph)) == []


@st.composite
def small_digraphs(draw: st.DrawFn) -> nx.MultiDiGraph[str]:
    count = draw(st.integers(min_value=1, max_value=40))
    names = [f"https://o{index % 7}.example/{index}" for index in range(count)]
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for index, name in enumerate(names):
        title = draw(st.text(max_size=50))
        graph.add_node(name, outlet_name=title, root=index == 0)
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=3 * count
        )
    )
    graph.add_edges_from((names[a], names[b]) for a, b in pairs)
    return graph


@settings(max_examples=40, deadline=None)
@given(small_digraphs())
def test_any_small_graph_gets_finite_positions_and_no_overlaps(graph: nx.MultiDiGraph[str]) -> None:
    positions = style.layout(graph)
    assert set(positions) == {str(node) for node in graph.nodes}
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions.values())
    assert overlapping(document_boxes(graph)) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.floats(-1e4, 1e4)), min_size=1, max_size=30).flatmap(
        lambda wishes: st.tuples(
            st.just(wishes),
            st.lists(st.floats(0, 500), min_size=len(wishes) - 1, max_size=len(wishes) - 1),
        )
    )
)
def test_packing_keeps_order_and_gaps(case: tuple[list[float | None], list[float]]) -> None:
    wishes, gaps = case
    placed = layout._pack(wishes, gaps)
    assert len(placed) == len(wishes)
    for (a, b), gap in zip(itertools.pairwise(placed), gaps, strict=True):
        assert b - a >= gap - 1e-6 * (1 + abs(a) + abs(b))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-500, 500), st.floats(-500, 500)), max_size=60),
    st.floats(1, 200),
)
def test_near_pairs_finds_every_close_pair_once(
    points: list[tuple[float, float]], cell: float
) -> None:
    if len(points) < 1:
        return
    x = np.array([p[0] for p in points])
    y = np.array([p[1] for p in points])
    first, second = layout._near_pairs(x, y, cell)
    found = [tuple(sorted(pair)) for pair in zip(first.tolist(), second.tolist(), strict=True)]
    assert len(found) == len(set(found))
    assert all(a != b for a, b in found)
    close = {
        (a, b)
        for a, b in itertools.combinations(range(len(points)), 2)
        if math.dist(points[a], points[b]) < cell
    }
    assert close <= set(found)


def crawl_like_graph(count: int, links_per_page: int = 5, seed: int = 1) -> nx.MultiDiGraph[str]:
    """A crawl-shaped graph: a tree from one root plus random cross links."""
    rng = random.Random(seed)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    urls = [f"https://outlet{index % 97}.example/a/{index}" for index in range(count)]
    for index, url in enumerate(urls):
        graph.add_node(url, url=url, kind="article", outlet=f"outlet{index % 97}.example")
    graph.nodes[urls[0]]["root"] = True
    for index in range(1, count):
        graph.add_edge(urls[index], urls[rng.randrange(index // 3, index)], kind="citation")
    for _ in range((links_per_page - 1) * count):
        a, b = rng.randrange(count), rng.randrange(count)
        if a != b:
            graph.add_edge(urls[max(a, b)], urls[min(a, b)], kind="citation")
    return graph


def test_large_graphs_get_a_fast_force_layout_without_overlaps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    graph = crawl_like_graph(3000)

    def refuse(*args: object) -> None:
        raise AssertionError("the columned layout is for small graphs")

    monkeypatch.setattr(layout, "flow_layout", refuse)
    started = time.perf_counter()
    positions = style.layout(graph)
    elapsed = time.perf_counter() - started
    assert elapsed < 5  # about 0.4 s here; networkx's spring layout took 10 s at 1,000 nodes
    assert set(positions) == set(graph.nodes)
    points = np.array(list(positions.values()))
    assert np.isfinite(points).all()
    # No two discs overlap (all nodes have the minimum size here).
    gap = 2 * style.SIZE_MIN + layout.NODE_GAP - 2 * layout.SEPARATION_TOLERANCE - 0.02
    first, second = layout._near_pairs(points[:, 0], points[:, 1], 2 * style.SIZE_MIN)
    distances = np.hypot(*(points[first] - points[second]).T)
    assert (distances >= gap).all()
    # The same graph, the same picture.
    assert style.layout(graph) == positions


def test_the_threshold_between_the_two_layouts() -> None:
    small = crawl_like_graph(layout.LAYERED_MAX_NODES, links_per_page=1)
    large = crawl_like_graph(layout.LAYERED_MAX_NODES + 1, links_per_page=1)
    small_x = {x for x, _ in style.layout(small).values()}
    large_x = {x for x, _ in style.layout(large).values()}
    assert len(small_x) < len(small) / 4  # columns
    assert len(large_x) > len(large) / 2  # scattered
