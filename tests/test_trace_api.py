"""``Trace`` as a notebook user meets it: the summary, the DataFrames, a claim's chain and
the inline view (checked as text here, and in headless Chromium at the end).

pandas comes with the ``notebook`` extra; without it the frame tests skip, except under
``CI=true``, where they fail. The missing-pandas message is tested by hiding the module.
"""

from __future__ import annotations

import asyncio
import builtins
import csv
import datetime
import importlib
import os
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from test_html_browser import browser  # noqa: F401  (registers the shared Chromium fixture)
from test_html_view import SCRIPT, hostile_graph

import provenance
from provenance import notebook
from provenance.models import CLAIM_COLUMNS, CLAIM_STATUSES
from provenance.render import style
from provenance.render.html import render_html
from provenance.sample import ROOT_URL, warc_path

SAMPLE_STATUSES = {"origin", "primary", "dead-end", "circular", "unsupported"}


def _require(module: str) -> Any:
    """Import a module of the notebook extra; skip without it, but fail in CI."""
    try:
        return importlib.import_module(module)
    except ImportError:
        message = f"{module} is not installed (pip install 'provenance[notebook]')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot run in CI: {message}")
        pytest.skip(message)


def _pandas() -> Any:
    return _require("pandas")


# --- the summary --------------------------------------------------------------------------


def test_repr_html_summarises_the_trace(sample_trace: provenance.Trace) -> None:
    summary = sample_trace._repr_html_()
    assert ROOT_URL in summary
    assert "13 (12 fetched; 12 article, 1 unreachable)" in summary
    assert "20 (18 citation, 2 republication)" in summary
    for status in CLAIM_STATUSES:
        count = sum(claim.status == status for claim in sample_trace.claims)
        assert f">{status}</span>&nbsp;{count}" in summary


def test_repr_html_escapes_what_pages_wrote() -> None:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(roots=["https://e.example/<b>'\"&"])
    graph.add_node("https://e.example/<b>'\"&", kind="<script>", outlet="<i>")
    summary = provenance.Trace(graph, [])._repr_html_()
    assert "<b>" not in summary and "<script>" not in summary and "<i>" not in summary
    assert "https://e.example/&lt;b&gt;&#x27;&quot;&amp;" in summary


def test_repr_is_one_short_line(sample_trace: provenance.Trace) -> None:
    text = repr(sample_trace)
    assert "\n" not in text and len(text) < 400
    assert "13 documents, 20 edges, 13 outlets, 6 claims" in text


# --- DataFrames ---------------------------------------------------------------------------


def test_claims_frame_is_claims_csv(sample_trace: provenance.Trace, tmp_path: Path) -> None:
    _pandas()
    frame = sample_trace.claims_frame()
    assert list(frame.columns) == [*CLAIM_COLUMNS, "origin_outlets"]
    assert set(frame.status) == SAMPLE_STATUSES
    assert frame.hops.dtype.kind == "i"
    sample_trace.write(tmp_path)
    with open(tmp_path / "claims.csv", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == len(frame)
    for row, (_, claim) in zip(rows, frame.iterrows(), strict=True):
        for column in CLAIM_COLUMNS:
            value = claim[column]
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert text == row[column], column
    primary = frame[frame.status == "primary"].iloc[0]
    assert primary.origin_outlets == ["archives.gov"]
    # The documented equivalence: claims.csv read by pandas, lists split on spaces.
    pandas = _pandas()
    read = pandas.read_csv(tmp_path / "claims.csv", dtype=str, keep_default_na=False)
    for column in ("origin_urls", "chain", "via_archive"):
        read[column] = read[column].str.split()
    read["hops"] = read["hops"].astype(int)
    assert read.to_dict("records") == frame[list(CLAIM_COLUMNS)].to_dict("records")
    assert len(frame.explode("chain")) == sum(len(chain) for chain in frame.chain)


def test_nodes_frame_holds_every_node_with_typed_columns(sample_trace: provenance.Trace) -> None:
    pandas = _pandas()
    frame = sample_trace.nodes_frame()
    graph = sample_trace.graph
    assert list(frame.columns)[:3] == ["url", "kind", "outlet"]
    assert sorted(frame.url) == sorted(graph.nodes)
    assert frame.depth.dtype.kind == "i" and frame.root.dtype == bool
    row = frame.set_index("url").loc[ROOT_URL]
    assert bool(row.root) and row.depth == 0
    assert frame.published.isna().sum() == sum(
        1 for _, published in graph.nodes(data="published") if not published
    )
    # A bare date stays a date; a datetime is a UTC Timestamp; published_day is the day
    # the page states, whatever its precision.
    for url, text in graph.nodes(data="published"):
        value = frame.set_index("url").loc[url, "published"]
        day = frame.set_index("url").loc[url, "published_day"]
        if not text:
            assert value is None and day is None
        elif len(text) == 10:
            assert type(value) is datetime.date and value.isoformat() == text == day.isoformat()
        else:
            assert value == pandas.Timestamp(text).tz_convert("UTC")
            assert day.isoformat() == text[:10]
    assert sorted(frame.published_day.dropna())  # one type: sortable


def test_edges_frame_keeps_parallel_edges_and_direction(sample_trace: provenance.Trace) -> None:
    _pandas()
    graph = sample_trace.graph
    flow = sample_trace.edges_frame()
    assert list(flow.columns)[:4] == ["source", "target", "key", "kind"]
    assert len(flow) == graph.number_of_edges()
    assert {(s, t, k) for s, t, k in zip(flow.source, flow.target, flow.key, strict=True)} == set(
        graph.edges(keys=True)
    )
    assert flow.support.dtype == "float64" and flow.similarity.dtype == "float64"
    citations = flow[flow.kind == "citation"]
    fetched = [d.get("support") is not None for _, _, d in graph.edges(data=True)]
    assert citations.support.notna().sum() == sum(fetched)
    links = sample_trace.edges_frame(direction="links")
    assert sorted(zip(links.target, links.source, strict=True)) == sorted(
        zip(flow.source, flow.target, strict=True)
    )
    with pytest.raises(ValueError, match="direction"):
        sample_trace.edges_frame(direction="sideways")


def test_outlet_frames(sample_trace: provenance.Trace) -> None:
    _pandas()
    outlets = sample_trace.outlets()
    nodes = sample_trace.nodes_frame(outlets=True)
    assert list(nodes.columns) == [
        "outlet",
        "outlet_name",
        "documents",
        "articles",
        "first_published",
        "root",
    ]
    assert sorted(nodes.outlet) == sorted(outlets.nodes)
    assert nodes.set_index("outlet").first_published.idxmin() == "archives.gov"
    edges = sample_trace.edges_frame(outlets=True)
    assert list(edges.columns) == ["source", "target", "weight", "citations", "republications"]
    assert len(edges) == outlets.number_of_edges()
    assert edges.weight.sum() == sum(weight for _, _, weight in outlets.edges(data="weight"))


def test_empty_trace_gives_empty_frames_with_the_columns() -> None:
    _pandas()
    empty = provenance.Trace(nx.MultiDiGraph(), [])
    assert list(empty.claims_frame().columns) == [*CLAIM_COLUMNS, "origin_outlets"]
    assert len(empty.nodes_frame()) == 0 and "published" in empty.nodes_frame().columns
    assert len(empty.edges_frame()) == 0 and "support" in empty.edges_frame().columns


@pytest.fixture
def without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import pandas`` fail as it does where pandas is not installed."""
    for name in list(sys.modules):
        if name == "pandas" or name.startswith("pandas."):
            monkeypatch.delitem(sys.modules, name)
    real_import = builtins.__import__

    def refusing_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refusing_import)
    monkeypatch.setitem(sys.modules, "pandas", None)  # importlib.import_module's path


@pytest.mark.usefixtures("without_pandas")
def test_without_pandas_frames_say_which_extra_to_install(sample_trace: provenance.Trace) -> None:
    calls = [
        sample_trace.claims_frame,
        sample_trace.nodes_frame,
        sample_trace.edges_frame,
        lambda: sample_trace.nodes_frame(outlets=True),
        lambda: sample_trace.chain(sample_trace.claims[0].claim_id).frame(),
    ]
    for call in calls:
        with pytest.raises(ImportError) as raised:
            call()
        assert isinstance(raised.value, notebook.MissingDependencyError)
        message = str(raised.value)
        assert "\n" not in message
        assert "pandas" in message and "pip install 'provenance[notebook]'" in message


@pytest.mark.usefixtures("without_pandas")
def test_without_pandas_the_rest_still_works(sample_trace: provenance.Trace) -> None:
    assert "provenance trace" in sample_trace._repr_html_()
    walk = sample_trace.chain(sample_trace.claims[0].claim_id)
    assert len(walk) == sample_trace.claims[0].hops + 1 and walk._repr_html_()
    assert notebook.inline_view(sample_trace.graph)._repr_html_().startswith("<iframe")


# --- a claim's chain ----------------------------------------------------------------------


def test_chain_walks_each_claim_from_the_article(sample_trace: provenance.Trace) -> None:
    graph = sample_trace.graph
    for claim in sample_trace.claims:
        walk = sample_trace.chain(claim.claim_id)
        assert walk.claim == claim
        assert walk.urls == list(reversed(claim.chain))
        assert [hop.hop for hop in walk] == list(range(claim.hops + 1))
        assert walk[0].url == claim.citing_url and walk[0].reached_by == ""
        for before, hop in zip(walk.hops, walk.hops[1:], strict=False):
            kinds = {d["kind"] for d in graph.get_edge_data(hop.url, before.url).values()}
            assert hop.reached_by in kinds
        checked = {url: (support, passage) for url, support, passage in reversed(claim.passages)}
        for hop in walk:
            if hop.url in checked:
                assert (hop.support, hop.passage) == checked[hop.url]
            else:
                assert hop.support is None and hop.passage == ""
        assert walk[-1].url in claim.origin_urls


def test_chain_of_the_first_claim(sample_trace: provenance.Trace) -> None:
    walk = sample_trace.chain(sample_trace.claims[0].claim_id)
    assert [hop.outlet for hop in walk] == [
        "globalresearch.ca",
        "insidesyriamc.com",
        "sputniknews.com",
        "almasdarnews.com",
    ]
    assert [hop.reached_by for hop in walk] == ["", "republication", "citation", "republication"]
    text = repr(walk)
    assert text.splitlines()[0].startswith(f"{walk.claim.claim_id} [origin]")
    assert walk[3].passage in text
    html = walk._repr_html_()
    assert "trace stopped: origin" in html and "Al-Masdar News" in html


def test_chain_frame(sample_trace: provenance.Trace) -> None:
    _pandas()
    walk = sample_trace.chain(sample_trace.claims[0].claim_id)
    frame = walk.frame()
    assert list(frame.url) == walk.urls
    assert frame.support.isna().tolist() == [hop.support is None for hop in walk]


def test_chain_of_an_unknown_claim_names_the_known_ones(sample_trace: provenance.Trace) -> None:
    with pytest.raises(KeyError, match=sample_trace.claims[0].claim_id):
        sample_trace.chain("c-no-such-claim")


def test_chain_html_escapes_page_text() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    claim = provenance.TracedClaim(
        claim_id="c1",
        citing_url="https://a.example/",
        claim=hostile,
        anchor="said",
        cue="said",
        cited_url="https://b.example/",
        status="origin",
        origin_urls=("https://b.example/",),
        hops=1,
        chain=("https://b.example/", "https://a.example/"),
        passages=(("https://b.example/", 0.5, hostile),),
    )
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_node("https://b.example/", title=hostile, outlet_name=hostile)
    graph.add_edge("https://b.example/", "https://a.example/", kind="citation")
    html = provenance.Trace(graph, [claim]).chain("c1")._repr_html_()
    assert "<img" not in html and html.count("&lt;img src=x onerror=alert(1)&gt;") == 4


# --- the inline view, as text -------------------------------------------------------------


class _Frames(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_iframe_srcdoc_round_trips_any_page() -> None:
    page = (
        "<p title='a' class=\"b\">&amp; &lt;/iframe&gt; </iframe><script>x()</script>\n"
        "Пальмира … \x85 \u2028 \U0001f600 \u00a0 \r\n"
    )
    parser = _Frames()
    parser.feed(notebook.iframe(page, title='"><script>'))
    parser.close()
    assert [tag for tag, _ in parser.tags] == ["iframe"]
    attributes = parser.tags[0][1]
    assert attributes["srcdoc"] == page
    assert attributes["sandbox"] == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    assert attributes["title"] == '"><script>'


def test_show_displays_the_frame_in_a_notebook(
    sample_trace: provenance.Trace, monkeypatch: pytest.MonkeyPatch
) -> None:
    display = _require("IPython.display")
    shown: list[Any] = []
    monkeypatch.setattr(notebook, "in_notebook", lambda: True)
    monkeypatch.setattr(display, "display", shown.append)
    assert sample_trace.show() is None
    assert sample_trace.show(outlets=True, height=300) is None
    documents, outlets = shown
    assert documents.page == render_html(sample_trace.graph)
    annotated = style.annotate_outlets(sample_trace.outlets(), sample_trace.graph)
    assert outlets.page == render_html(annotated, outlets=True)
    assert "height:300px" in outlets._repr_html_()
    assert len(repr(documents)) < 100


def test_show_outside_a_notebook_opens_the_browser(
    sample_trace: provenance.Trace, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(notebook, "in_notebook", lambda: False)
    monkeypatch.setattr(notebook.webbrowser, "open", opened.append)
    sample_trace.show()
    assert len(opened) == 1 and opened[0].startswith("file://")
    path = Path(opened[0].removeprefix("file://"))
    try:
        assert path.read_text(encoding="utf-8") == render_html(sample_trace.graph)
    finally:
        path.unlink()


def test_not_in_a_notebook_here() -> None:
    assert notebook.in_notebook() is False


def test_trace_inside_a_running_event_loop(tmp_path: Path) -> None:
    """A Jupyter kernel runs cells inside an event loop: ``trace`` must work there too."""

    async def cell() -> provenance.Trace:
        return provenance.trace([ROOT_URL], replay=[warc_path()], out=tmp_path)

    traced = asyncio.run(cell())
    assert {claim.status for claim in traced.claims} == SAMPLE_STATUSES


# --- the inline view in headless Chromium -------------------------------------------------


class FramedView:
    """A notebook-like host page holding one inline view, and what either page tried."""

    def __init__(self, chromium: Any, host: Path, markup: str, policy: str = "") -> None:
        meta = f"<meta http-equiv='Content-Security-Policy' content=\"{policy}\">" if policy else ""
        host.write_text(
            f"<!DOCTYPE html><html><head><meta charset='utf-8'>{meta}<title>notebook</title>"
            f"</head><body><h1>Out[1]:</h1><div class='output'>{markup}</div></body></html>",
            encoding="utf-8",
        )
        self.context = chromium.new_context(viewport={"width": 1200, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(("file:", "data:", "about:")):
                request_route.continue_()
            else:
                self.requests.append(url)
                request_route.abort()

        def dialog(opened: Any) -> None:
            self.dialogs.append(opened.message)
            opened.dismiss()

        self.context.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", dialog)
        self.page.goto(host.as_uri())
        self.frame = self.page.wait_for_selector("iframe").content_frame()
        self.frame.wait_for_selector("body[data-ready='true']", timeout=30_000)

    def assert_clean(self) -> None:
        assert self.requests == [] and self.errors == [] and self.dialogs == []
        assert self.page.evaluate("() => window.__pwned") is None
        assert self.frame.evaluate("() => window.__pwned") is None


@pytest.fixture
def framed(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    # The Chromium of test_html_browser.py: it skips without a browser, and fails in CI.
    chromium = request.getfixturevalue("browser")
    opened: list[FramedView] = []

    def opener(markup: str, policy: str = "") -> FramedView:
        view = FramedView(chromium, tmp_path / f"host{len(opened)}.html", markup, policy)
        opened.append(view)
        return view

    yield opener
    for view in opened:
        view.context.close()


# A srcdoc frame inherits its host's Content-Security-Policy on top of its own. Notebook
# front ends that set one (editor webviews) must allow inline scripts to run outputs at all;
# this is such a policy, otherwise as strict as it gets.
NOTEBOOK_LIKE_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; frame-src 'self' about:"
)


@pytest.mark.parametrize("policy", ["", NOTEBOOK_LIKE_POLICY], ids=["plain-host", "host-policy"])
def test_inline_view_runs_in_chromium_under_its_policy(
    sample_trace: provenance.Trace, framed: Any, policy: str
) -> None:
    graph = sample_trace.graph
    view = framed(notebook.inline_view(graph)._repr_html_(), policy)
    counts = view.frame.evaluate(
        "() => [provenanceView.network.body.nodeIndices.length,"
        " provenanceView.network.body.edgeIndices.length]"
    )
    assert counts == [graph.number_of_nodes(), graph.number_of_edges()]
    assert view.frame.locator("#claim-list > li").count() == len(sample_trace.claims)
    # Interactive: a click on a claim lights exactly its chain (in a frame narrower
    # than 1200 px the claims panel is a drawer, opened from the toolbar).
    _open_claims(view.frame)
    view.frame.click("#claim-list > li[data-index='0'] .claim-text")
    lit = view.frame.evaluate(
        "() => provenanceView.nodes.get({filter: n => !n.dimmed}).map(n => n.key)"
    )
    assert set(lit) == set(sample_trace.claims[0].chain)
    # Isolated: the frame has an opaque origin and the host cannot reach into it.
    assert view.frame.evaluate("() => window.origin") == "null"
    assert view.page.evaluate("() => document.querySelector('iframe').contentDocument") is None
    box = view.page.locator("iframe").bounding_box()
    assert box["height"] == notebook.VIEW_HEIGHT
    view.assert_clean()


def _open_claims(frame: Any) -> None:
    if frame.locator("#toggle-claims").is_visible():
        frame.click("#toggle-claims")


def test_hostile_graph_stays_inside_its_frame(framed: Any) -> None:
    graph = hostile_graph()
    view = framed(notebook.inline_view(graph, title=SCRIPT)._repr_html_())
    assert view.frame.title() == SCRIPT
    tags = view.page.evaluate(
        "() => Array.from(document.body.querySelectorAll('*')).map(e => e.tagName)"
    )
    assert tags == ["H1", "DIV", "IFRAME"]
    _open_claims(view.frame)
    for index in range(len(graph.graph["claims"])):
        view.frame.click(f"#claim-list > li[data-index='{index}'] .claim-text")
    view.assert_clean()


def test_outlet_view_inline(sample_trace: provenance.Trace, framed: Any) -> None:
    outlets = sample_trace.outlets()
    view = framed(notebook.inline_view(outlets, outlets=True, height=400)._repr_html_())
    nodes = view.frame.evaluate("() => provenanceView.network.body.nodeIndices.length")
    assert nodes == outlets.number_of_nodes()
    assert view.page.locator("iframe").bounding_box()["height"] == 400
    view.assert_clean()
