"""The HTML view in a real headless Chromium with the network cut off.

Needs the Python package ``playwright`` and the system browser (Debian package
``chromium``, at ``/usr/bin/chromium``; never ``playwright install``). Without them the
tests skip, except under ``CI=true``, where they fail: CI must not skip silently.
``PROVENANCE_CHROMIUM`` names another browser binary. Set
``PROVENANCE_SCREENSHOT=path.png`` to save a screenshot of the sample view.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import networkx as nx
import pytest
from screenshot import CHROMIUM_ARGS, LOCAL_SCHEMES, chromium_candidates, find_chromium
from test_html_view import (
    HOSTILE_TEXTS,
    HOSTILE_URLS,
    IMG,
    SCRIPT,
    hostile_graph,
    outlet_graph,
    sample_graph,
)

from provenance.render.html import write_html
from provenance.render.json import read_json

REPO = Path(__file__).resolve().parents[1]

VIEWPORT = {"width": 1440, "height": 900}


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    executable = find_chromium()
    if executable is None:
        looked = " or ".join(filter(None, chromium_candidates()))
        _unavailable(f"no Chromium at {looked} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class View:
    """An opened view and everything the page tried to do."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def evaluate(self, script: str, argument: Any = None) -> Any:
        return self.page.evaluate(script, argument)

    def assert_clean(self) -> None:
        assert self.requests == []
        assert self.console_errors == []
        assert self.page_errors == []
        assert self.dialogs == []
        assert self.evaluate("() => window.__pwned") is None


@pytest.fixture
def open_view(browser: Any, tmp_path: Path) -> Iterator[Any]:
    contexts: list[Any] = []

    def opener(
        graph: nx.DiGraph[Any] | Path, *, outlets: bool = False, title: str = "provenance"
    ) -> View:
        if isinstance(graph, Path):
            path = graph
        else:
            path = tmp_path / f"view{len(contexts)}.html"
            write_html(graph, path, title=title, outlets=outlets)
        context = browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        page = context.new_page()
        view = View(page)

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(LOCAL_SCHEMES):
                request_route.continue_()
            else:
                view.requests.append(url)
                request_route.abort()

        context.route("**/*", route)
        page.on(
            "request",
            lambda r: None if r.url.startswith(LOCAL_SCHEMES) else view.requests.append(r.url),
        )
        page.on(
            "console", lambda m: view.console_errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda error: view.page_errors.append(str(error)))

        def dialog(d: Any) -> None:
            view.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='true']", timeout=30_000)
        return view

    yield opener
    for context in contexts:
        context.close()


def _counts(view: View) -> tuple[int, int]:
    counts = view.evaluate(
        "() => [provenanceView.nodes.length, provenanceView.edges.length,"
        " provenanceView.network.body.nodeIndices.length,"
        " provenanceView.network.body.edgeIndices.length]"
    )
    assert counts[0] == counts[2] and counts[1] == counts[3]
    return counts[0], counts[1]


def _lit(view: View) -> tuple[set[str], set[tuple[str, str]]]:
    """The nodes and edges (as from, to) not dimmed."""
    nodes, edges = view.evaluate(
        "() => { const key = id => provenanceView.nodes.get(id).key; return ["
        " provenanceView.nodes.get({filter: n => !n.dimmed}).map(n => n.key),"
        " provenanceView.edges.get({filter: e => !e.dimmed}).map(e => [key(e.from), key(e.to)])]; }"
    )
    return set(nodes), {(a, b) for a, b in edges}


def _documents(view: View) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = view.evaluate(
        "() => JSON.parse(document.getElementById('provenance-data').textContent).documents"
    )
    return documents


def _chain_edges(graph: nx.MultiDiGraph[Any], chain: list[str]) -> set[tuple[str, str]]:
    expected = set()
    for a, b in itertools.pairwise(chain):
        expected |= {(u, v) for u, v in ((a, b), (b, a)) if graph.has_edge(u, v)}
    return expected


def test_sample_view_draws_everything_offline(open_view: Any) -> None:
    graph = sample_graph()
    view = open_view(graph, title="The ISIS Offensive against Palmyra")
    assert _counts(view) == (graph.number_of_nodes(), graph.number_of_edges())
    assert view.page.locator("#claim-list > li").count() == len(graph.graph["claims"])
    assert view.page.locator("#legend-roles li").count() == 6
    assert view.evaluate("() => document.querySelector('#graph canvas') !== null")
    view.assert_clean()


def test_clicking_a_claim_highlights_exactly_its_chain(open_view: Any) -> None:
    graph = sample_graph()
    view = open_view(graph, title="The ISIS Offensive against Palmyra")
    claims = graph.graph["claims"]
    for index, claim in enumerate(claims):
        chain = claim["chain"].split()
        view.page.click(f"#claim-list > li[data-index='{index}'] .claim-text")
        nodes, edges = _lit(view)
        assert nodes == set(chain)
        assert edges == _chain_edges(graph, chain)
        item = view.page.locator(f"#claim-list > li[data-index='{index}']")
        assert "selected" in (item.get_attribute("class") or "")
        assert item.locator(".hop").count() == len(chain)
        for passage in claim["passages"]:
            assert passage["passage"] in item.inner_text()
        # Clicking it again restores the whole graph.
        view.page.click(f"#claim-list > li[data-index='{index}'] .claim-text")
        assert _lit(view)[0] == set(graph.nodes)

    # The circular claim, selected, is the picture for the README.
    view.page.click("#claim-list > li[data-index='3'] .claim-text")
    screenshot = os.environ.get("PROVENANCE_SCREENSHOT")
    if screenshot:
        view.page.screenshot(path=screenshot)
    view.assert_clean()


def test_clicking_a_node_shows_its_details(open_view: Any) -> None:
    from test_html_view import ALMASDAR

    view = open_view(sample_graph())
    x, y = view.evaluate(
        "(key) => { const n = provenanceView.network; const id = provenanceView.idOf(key);"
        " const p = n.canvasToDOM(n.getPositions([id])[id]); return [p.x, p.y]; }",
        ALMASDAR,
    )
    box = view.page.locator("#graph").bounding_box()
    view.page.mouse.click(box["x"] + x, box["y"] + y)
    details = view.page.locator("#details-body")
    assert "US coalition opened a corridor for ISIS from Deir Ezzor" in details.inner_text()
    assert "Al-Masdar News (almasdarnews.com)" in details.inner_text()
    link = details.locator("a")
    assert link.get_attribute("href") == ALMASDAR
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert details.locator("li.through").count() == 1
    details.locator("li.through").click()
    assert _lit(view)[0] == {"https://en.farsnews.ir/newstext.aspx?nn=13950923000481", ALMASDAR,
                             sample_graph().graph["roots"][0]}  # fmt: skip
    view.assert_clean()


def test_search_and_filters(open_view: Any) -> None:
    graph = sample_graph()
    view = open_view(graph)
    view.page.fill("#search", "palmyra")
    results = view.page.locator("#search-results li")
    titles = [n for n, d in graph.nodes(data=True) if "palmyra" in (d["title"] + n).lower()]
    assert results.count() == len(titles)
    view.page.press("#search", "Enter")
    assert view.page.locator("#details-body .node-title").inner_text() != ""

    view.page.select_option("#outlet-filter", "globalresearch.ca")
    visible = view.evaluate("() => provenanceView.nodes.get({filter: n => !n.hidden}).length")
    assert visible == 1
    view.page.select_option("#outlet-filter", "")
    view.page.select_option("#kind-filter", "article")
    visible_ids = view.evaluate(
        "() => provenanceView.nodes.get({filter: n => !n.hidden}).map(n => n.key)"
    )
    assert set(visible_ids) == {n for n, d in graph.nodes(data=True) if d["kind"] == "article"}
    hidden_edges = view.evaluate("() => provenanceView.edges.get({filter: e => e.hidden}).length")
    assert hidden_edges == sum(
        1 for u, v in graph.edges() if u not in visible_ids or v not in visible_ids
    )
    view.page.click("#reset")
    assert view.evaluate("() => provenanceView.nodes.get({filter: n => n.hidden}).length") == 0
    view.assert_clean()


def test_hostile_graph_runs_nothing(open_view: Any) -> None:
    graph = hostile_graph()
    view = open_view(graph, title=SCRIPT)
    assert _counts(view) == (graph.number_of_nodes(), graph.number_of_edges())
    assert view.page.title() == SCRIPT

    for index in range(len(graph.graph["claims"])):
        view.page.click(f"#claim-list > li[data-index='{index}'] .claim-text")
    for node, title in graph.nodes(data="title"):
        view.evaluate("(id) => provenanceView.showNode(id)", node)
        shown = view.evaluate(
            "() => document.querySelector('#details-body .node-title').textContent"
        )
        assert shown == title
    view.page.fill("#search", "<img")
    assert view.page.locator("#search-results li").count() > 0
    view.page.press("#search", "Enter")

    # Payloads show as text, and no link points anywhere but http(s).
    body = view.page.locator("body").inner_text()
    assert IMG in body
    hrefs = view.evaluate("() => Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert all(href.startswith(("http://", "https://")) for href in hrefs)
    for url in HOSTILE_URLS:
        view.evaluate("(id) => provenanceView.showNode(id)", url)
        assert view.page.locator("#details-body a").count() == 0
    counts = view.evaluate(
        "() => ['img', 'svg', 'iframe', 'object', 'embed']"
        ".map(t => document.getElementsByTagName(t).length)"
    )
    assert counts == [0, 0, 0, 0, 0]
    assert {document["title"] for document in _documents(view)} >= set(HOSTILE_TEXTS)
    view.assert_clean()


def test_outlet_view(open_view: Any) -> None:
    graph = outlet_graph()
    view = open_view(graph, outlets=True, title="Outlets")
    assert _counts(view) == (graph.number_of_nodes(), graph.number_of_edges())
    assert not view.page.locator("#claims-panel").is_visible()
    view.evaluate("() => provenanceView.showNode('reuters.com')")
    assert "Reuters" in view.page.locator("#details-body").inner_text()
    view.page.select_option("#outlet-filter", "reuters.com")
    shown = view.evaluate(
        "() => provenanceView.nodes.get({filter: n => !n.hidden}).map(n => n.key)"
    )
    assert set(shown) == {"reuters.com", "sana.sy", "globalresearch.ca"}
    view.assert_clean()


def test_large_graph_opens_without_errors(open_view: Any) -> None:
    graph: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    size = 400
    for index in range(size):
        url = f"https://outlet{index % 20}.example/a/{index}"
        graph.add_node(url, url=url, kind="article", outlet=f"outlet{index % 20}.example")
        if index:
            parent = index // 2
            graph.add_edge(f"https://outlet{parent % 20}.example/a/{parent}", url, kind="citation")
    view = open_view(graph)
    assert _counts(view) == (size, size - 1)
    view.assert_clean()


def _overlaps(view: View) -> list[tuple[str, str]]:
    """Pairs of drawn nodes whose boxes (disc and label, as vis-network measured them)
    intersect."""
    boxes = view.evaluate(
        "() => provenanceView.nodes.getIds().map(id => {"
        " const b = provenanceView.network.getBoundingBox(id);"
        " return [provenanceView.nodes.get(id).key, b.left, b.top, b.right, b.bottom]; })"
    )
    return [
        (a[0], b[0])
        for a, b in itertools.combinations(boxes, 2)
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # In a separate process: playwright's sync API keeps an event loop running here.
    out = tmp_path_factory.mktemp("demo-view")
    subprocess.run(
        [sys.executable, "-m", "provenance", "demo", "--out", str(out), "--quiet"],
        check=True,
        cwd=REPO,
        timeout=300,
    )
    return out


def test_drawn_nodes_and_labels_do_not_overlap(open_view: Any, demo_folder: Path) -> None:
    for opened in (
        open_view(sample_graph()),
        open_view(outlet_graph(), outlets=True),
        open_view(demo_folder / "graph.html"),
        open_view(demo_folder / "outlets.html"),
    ):
        assert _overlaps(opened) == []
        opened.assert_clean()


def test_the_two_views_link_to_each_other_from_file_urls(open_view: Any, demo_folder: Path) -> None:
    view = open_view(demo_folder / "graph.html")
    graph = read_json(demo_folder / "graph.json")
    assert _counts(view) == (graph.number_of_nodes(), graph.number_of_edges())
    view.page.click("#companion")
    view.page.wait_for_url("**/outlets.html")
    view.page.wait_for_selector("body.outlets[data-ready='true']", timeout=30_000)
    outlets = nx.read_gexf(demo_folder / "outlets.gexf")
    assert _counts(view) == (outlets.number_of_nodes(), outlets.number_of_edges())
    view.page.click("#companion")
    view.page.wait_for_url("**/graph.html")
    view.page.wait_for_selector("body[data-ready='true']", timeout=30_000)
    assert not view.evaluate("() => document.body.classList.contains('outlets')")
    view.assert_clean()


def test_large_graph_keeps_the_python_layout_with_physics_off(open_view: Any) -> None:
    from provenance.render import style

    graph: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    size = 1_200
    for index in range(size):
        url = f"https://outlet{index % 40}.example/a/{index}"
        graph.add_node(url, url=url, kind="article", outlet=f"outlet{index % 40}.example")
        if index:
            graph.add_edge(f"https://outlet{(index // 3) % 40}.example/a/{index // 3}", url)
    view = open_view(graph)
    assert _counts(view) == (size, size - 1)
    assert view.evaluate("() => provenanceView.network.physics.physicsEnabled") is False
    drawn = view.evaluate(
        "() => { const p = provenanceView.network.getPositions();"
        " return provenanceView.nodes.get().map(n => [n.key, p[n.id].x, p[n.id].y]); }"
    )
    positions = style.layout(graph)
    assert {key for key, _, _ in drawn} == set(positions)
    for key, x, y in drawn:  # vis-network reports whole canvas units
        assert abs(x - positions[key][0]) < 1 and abs(-y - positions[key][1]) < 1
    view.assert_clean()


def test_screenshot_script_writes_the_readme_picture(
    browser: Any, demo_folder: Path, tmp_path: Path
) -> None:
    # `make graphs` runs the script the same way; `browser` only checks Chromium is there.
    import struct

    png = tmp_path / "graph.png"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts/screenshot.py"),
            str(demo_folder / "graph.html"),
            str(png),
        ],
        check=True,
        timeout=120,
    )
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert (width, height) == (3200, 2000)  # 1600 x 1000 at twice the pixel density
    assert png.stat().st_size > 50_000  # a picture, not a blank page
