"""The interactive HTML view, read as text: safe, self-contained, deterministic, complete.

The graph builders here are also used by ``test_html_browser.py``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from provenance.render.html import render_html, write_html

GR = "https://www.globalresearch.ca/the-isis-offensive-against-palmyra-a-us-nato-sponsored-operation/5562464"
ISMC = "https://insidesyriamediacenter.com/en/analytics/the-isis-offensive-against-palmyra"
REUTERS = "https://www.reuters.com/article/us-mideast-crisis-syria-palmyra-idUSKBN1400FK"
SANA = "https://sana.sy/en/?p=96601"
BBC = "https://www.bbc.com/news/world-middle-east-38280446"
GOVERNOR = "https://twitter.com/HomsGovernor/status/807991228787425280"
SOUTHFRONT = "https://southfront.org/syrian-war-report-december-12-2016-palmyra"
MOD = "https://function.mil.ru/news_page/country/more.htm?id=12104929"
ALMASDAR = "https://www.almasdarnews.com/article/us-coalition-corridor-deir-ezzor"
FNA = "https://en.farsnews.ir/newstext.aspx?nn=13950923000481"
RT = "https://www.rt.com/news/370306-obama-waiver-arms-syria"
WH = "https://obamawhitehouse.archives.gov/the-press-office/2016/12/08/presidential-memorandum"
PRESSTV = "https://www.presstv.ir/Detail/2016/12/13/497569/Syria-Palmyra-Daesh"


def _document(
    graph: nx.MultiDiGraph[str],
    url: str,
    *,
    title: str,
    outlet: str,
    outlet_name: str = "",
    kind: str = "article",
    published: str = "",
    status: str = "200",
    depth: int = 1,
    root: bool = False,
) -> None:
    graph.add_node(
        url,
        url=url,
        kind=kind,
        outlet=outlet,
        outlet_name=outlet_name,
        title=title,
        authors="",
        published=published,
        language="en",
        status=status,
        depth=depth,
        root=root,
        aliases="",
        archived_from="",
    )


def _cite(
    graph: nx.MultiDiGraph[str],
    cited: str,
    citing: str,
    *,
    claim_id: str,
    claim: str,
    anchor: str,
    cue: str,
    support: float | None,
) -> None:
    graph.add_edge(
        cited,
        citing,
        kind="citation",
        claim_id=claim_id,
        claim=claim,
        anchor=anchor,
        cue=cue,
        support=support,
        evidence="",
        similarity=None,
    )


def _claim(
    claim_id: str,
    claim: str,
    anchor: str,
    cue: str,
    status: str,
    chain: list[str],
    origins: list[str],
    passages: list[tuple[str, float, str]],
) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "citing_url": chain[-1],
        "claim": claim,
        "anchor": anchor,
        "cue": cue,
        "cited_url": chain[-2] if len(chain) > 1 else "",
        "status": status,
        "origin_urls": " ".join(origins),
        "hops": len(chain) - 1,
        "chain": " ".join(chain),
        "passages": [{"url": u, "support": s, "passage": p} for u, s, p in passages],
    }


def sample_graph() -> nx.MultiDiGraph[str]:
    """The seed article of DESIGN section 1 and where its claims lead (made-up details)."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(roots=[GR])
    _document(
        graph,
        GR,
        title="The ISIS Offensive against Palmyra: A US-NATO Sponsored Operation?",
        outlet="globalresearch.ca",
        outlet_name="Global Research",
        published="2016-12-14",
        depth=0,
        root=True,
    )
    _document(
        graph,
        ISMC,
        title="The ISIS Offensive against Palmyra",
        outlet="insidesyriamediacenter.com",
        outlet_name="Inside Syria Media Center",
        published="2016-12-13",
    )
    _document(
        graph,
        REUTERS,
        title="Islamic State fighters attack Palmyra",
        outlet="reuters.com",
        outlet_name="Reuters",
        published="2016-12-10",
    )
    _document(
        graph,
        SANA,
        title="Army units repel ISIS attack near Palmyra",
        outlet="sana.sy",
        outlet_name="SANA",
        published="2016-12-10",
        depth=2,
    )
    _document(
        graph,
        BBC,
        title="Syria conflict: IS retakes Palmyra",
        outlet="bbc.com",
        outlet_name="BBC News",
        published="2016-12-11",
    )
    _document(
        graph,
        GOVERNOR,
        title="Talal al-Barazi on Twitter",
        outlet="twitter.com",
        kind="social",
        depth=2,
    )
    _document(
        graph,
        SOUTHFRONT,
        title="Syrian War Report – December 12, 2016",
        outlet="southfront.org",
        outlet_name="SouthFront",
        published="2016-12-12",
    )
    _document(graph, MOD, title="", outlet="mil.ru", kind="unreachable", status="timeout", depth=2)
    _document(
        graph,
        ALMASDAR,
        title="US coalition opened a corridor for ISIS from Deir Ezzor",
        outlet="almasdarnews.com",
        outlet_name="Al-Masdar News",
        published="2016-12-13",
    )
    _document(
        graph,
        FNA,
        title="Coalition let ISIS move to Palmyra",
        outlet="farsnews.ir",
        outlet_name="Fars News Agency",
        published="2016-12-13",
        depth=2,
    )
    _document(
        graph,
        RT,
        title="Obama waives arms export restrictions for Syria",
        outlet="rt.com",
        outlet_name="RT",
        published="2016-12-09",
    )
    _document(
        graph,
        WH,
        title="Presidential Memorandum – Delegation of Authority",
        outlet="archives.gov",
        kind="document",
        published="2016-12-08",
        depth=2,
    )
    _document(graph, PRESSTV, title="", outlet="presstv.ir", kind="unvisited", status="", depth=3)

    graph.add_edge(
        ISMC,
        GR,
        kind="republication",
        claim_id="",
        claim="",
        anchor="",
        cue="",
        support=None,
        evidence="credit-line+text-reuse",
        similarity=0.97,
    )
    reported = (
        "On December 10, the world media reported that IS terrorists started an offensive "
        "on Palmyra liberated by the SAA in spring."
    )
    said = (
        "At the same time Homs governor Talal al-Barazi said that unfortunately only some "
        "80% of Palmyra residents had been evacuated."
    )
    killed = (
        "Damascus and its allies killed more than 300 militants and destroyed dozens of vehicles."
    )
    set_up = (
        "Besides, terrorists seem to have arrived from Deir Ezzor and Iraq's Mosul through "
        "the corridor set up by the coalition."
    )
    waived = (
        "Another proof of these is that on December 8 Barack Obama waived any arms export "
        "control restrictions on providing 'military assistance' to any and all 'foreign "
        "forces' in Syria."
    )
    _cite(
        graph,
        REUTERS,
        GR,
        claim_id="c1",
        claim=reported,
        anchor="reported",
        cue="reported",
        support=0.81,
    )
    _cite(
        graph,
        SANA,
        REUTERS,
        claim_id="c1",
        claim="SANA said the army repelled an attack.",
        anchor="said",
        cue="said",
        support=0.74,
    )
    _cite(graph, BBC, GR, claim_id="c2", claim=said, anchor="said", cue="said", support=0.88)
    _cite(
        graph,
        GOVERNOR,
        BBC,
        claim_id="c2",
        claim="The governor tweeted that 80% had left.",
        anchor="tweeted",
        cue="said",
        support=0.9,
    )
    _cite(
        graph,
        SOUTHFRONT,
        GR,
        claim_id="c3",
        claim=killed,
        anchor="killed",
        cue="killed",
        support=0.66,
    )
    _cite(
        graph,
        MOD,
        SOUTHFRONT,
        claim_id="c3",
        claim="The Russian MoD said 300 were killed.",
        anchor="MoD",
        cue="said",
        support=None,
    )
    _cite(
        graph,
        ALMASDAR,
        GR,
        claim_id="c4",
        claim=set_up,
        anchor="set up",
        cue="set up",
        support=0.71,
    )
    _cite(
        graph,
        FNA,
        ALMASDAR,
        claim_id="c4",
        claim="FNA reported the corridor.",
        anchor="reported",
        cue="reported",
        support=0.64,
    )
    _cite(
        graph,
        ALMASDAR,
        FNA,
        claim_id="c4",
        claim="Al-Masdar reported the corridor.",
        anchor="reported",
        cue="reported",
        support=0.62,
    )
    _cite(graph, RT, GR, claim_id="c5", claim=waived, anchor="waived", cue="waived", support=0.12)
    _cite(
        graph,
        WH,
        RT,
        claim_id="c5",
        claim="The memorandum waives restrictions.",
        anchor="memorandum",
        cue="",
        support=None,
    )
    _cite(
        graph,
        PRESSTV,
        GR,
        claim_id="c6",
        claim="Various Middle East media reported the terrorists' success.",
        anchor="reported",
        cue="reported",
        support=None,
    )
    # fmt: on
    reuters_says = "Islamic State fighters launched an assault on Palmyra, state media reported."
    graph.graph["claims"] = [
        _claim("c1", reported, "reported", "reported", "origin", [SANA, REUTERS, GR], [SANA],
               [(REUTERS, 0.81, reuters_says),
                (SANA, 0.74, "Army units repelled an attack by ISIS terrorists on Palmyra.")]),
        _claim("c2", said, "said", "said", "primary", [GOVERNOR, BBC, GR], [GOVERNOR],
               [(BBC, 0.88, "Homs governor Talal Barazi said 80% of residents had been evacuated."),
                (GOVERNOR, 0.9, "Some 80% of Palmyra's residents have been evacuated.")]),
        _claim("c3", killed, "killed", "killed", "dead-end", [MOD, SOUTHFRONT, GR], [],
               [(SOUTHFRONT, 0.66, "More than 300 militants were killed, the Russian MoD said.")]),
        _claim("c4", set_up, "set up", "set up", "circular", [FNA, ALMASDAR, GR], [],
               [(ALMASDAR, 0.71, "The coalition opened a corridor for ISIS units."),
                (FNA, 0.64, "A corridor was opened for the militants.")]),
        _claim("c5", waived, "waived", "waived", "unsupported", [RT, GR], [],
               [(RT, 0.12, "The White House published a memorandum on Thursday.")]),
        _claim("c6", "Various Middle East media reported the terrorists' success.", "reported",
               "reported", "truncated", [PRESSTV, GR], [], []),
    ]  # fmt: skip
    return graph


# Payloads try to run script, and report success through window.__pwned or a dialog.
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1);window.__pwned=1</script>"
SVG = '"\'><svg onload="window.__pwned=1">'
IFRAME = "<iframe src=javascript:alert(1)></iframe>"
COMMENT = "<!--<script>window.__pwned=1</script>-->"
LINE_SEPARATORS = "line\u2028separator\u2029paragraph"
PLACEHOLDER = "{{DATA}}{{VIS_JS}}"
HOSTILE_URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:window.__pwned=1",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "__proto__",
)
HOSTILE_TEXTS = (IMG, SCRIPT, SVG, IFRAME, COMMENT, LINE_SEPARATORS, PLACEHOLDER)
HOSTILE_ROOT = "https://evil.example/</script><script>alert(1)</script>"


def hostile_graph() -> nx.MultiDiGraph[str]:
    """Every text and URL an attacker controls, filled with payloads."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(roots=[HOSTILE_ROOT])
    _document(graph, HOSTILE_ROOT, title=SCRIPT, outlet=IMG, outlet_name=SVG, depth=0, root=True)
    claims = []
    for index, url in enumerate(HOSTILE_URLS):
        text = HOSTILE_TEXTS[index % len(HOSTILE_TEXTS)]
        _document(graph, url, title=text, outlet=SVG, outlet_name=IFRAME, published=COMMENT)
        graph.nodes[url].update(aliases=f"{url} javascript:alert(2)", archived_from=url)
        claim_id = f"h{index}"
        _cite(
            graph,
            url,
            HOSTILE_ROOT,
            claim_id=claim_id,
            claim=f"{text} {LINE_SEPARATORS} {IMG}",
            anchor=IMG,
            cue=SCRIPT,
            support=float("nan"),
        )
        claims.append(
            _claim(
                claim_id,
                f"{text} {LINE_SEPARATORS} {IMG}",
                IMG,
                SCRIPT,
                ["origin", "primary", SCRIPT][index % 3],
                [url, HOSTILE_ROOT],
                [url],
                [(url, float("inf"), f"{IFRAME} {COMMENT} {SCRIPT}")],
            )
        )
    graph.add_edge(
        HOSTILE_URLS[0],
        HOSTILE_ROOT,
        kind="republication",
        evidence=IMG,
        similarity=float("nan"),
    )
    graph.graph["claims"] = claims
    return graph


def outlet_graph() -> nx.DiGraph[str]:
    outlets: nx.DiGraph[str] = nx.DiGraph()
    for outlet, name, articles, first in (
        ("insidesyriamediacenter.com", "Inside Syria Media Center", 1, "2016-12-13"),
        ("globalresearch.ca", "Global Research", 1, "2016-12-14"),
        ("reuters.com", "Reuters", 1, "2016-12-10"),
        ("sana.sy", "SANA", 1, "2016-12-10"),
        ("evil.example", IMG, 3, SCRIPT),
    ):
        outlets.add_node(
            outlet,
            outlet_name=name,
            documents=articles,
            articles=articles,
            first_published=first,
            root=outlet == "globalresearch.ca",
        )
    outlets.add_edge(
        "insidesyriamediacenter.com", "globalresearch.ca", weight=1, citations=0, republications=1
    )
    outlets.add_edge("reuters.com", "globalresearch.ca", weight=1, citations=1, republications=0)
    outlets.add_edge("sana.sy", "reuters.com", weight=2, citations=2, republications=0)
    outlets.add_edge("evil.example", "sana.sy", weight=1, citations=1, republications=0)
    return outlets


def embedded_data(page: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" id="provenance-data">(.*?)</script>', page, re.S
    )
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: list[tuple[str, dict[str, str | None], str]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.raw.append((*self._open, data))
            self._open = None


def _parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


# The only elements our template writes; anything else came from page text.
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "div", "input", "ol",
    "label", "select", "button", "span", "main", "aside", "h2", "p", "section", "ul", "script",
}  # fmt: skip


def test_hostile_text_stays_text() -> None:
    page = render_html(hostile_graph(), title=SCRIPT)
    elements = _parse(page)

    assert {tag for tag, _ in elements.tags} <= TEMPLATE_TAGS
    scripts = [attrs for tag, attrs in elements.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "provenance-data"}, {}, {}]
    assert page.count("</script>") == 3
    for payload in ("<img", "<svg", "<iframe", "<!--", "onerror=alert(1)>", "\u2028", "\u2029"):
        assert payload not in page
    assert (
        "<title>&lt;/script&gt;&lt;script&gt;alert(1);window.__pwned=1&lt;/script&gt;</title>"
        in page
    )
    # Placeholders in page text are not expanded: vis-network is inlined once.
    assert page.count("A dynamic, browser-based visualization library.") == 1
    data = embedded_data(page)
    titles = {document["title"] for document in data["documents"]}
    assert set(HOSTILE_TEXTS) <= titles | {SCRIPT}
    assert PLACEHOLDER in titles
    assert {claim["claim"].split(" ")[0] for claim in data["claims"]} >= {IMG.split(" ")[0]}


def test_numbers_that_json_cannot_hold_become_null() -> None:
    data = embedded_data(render_html(hostile_graph()))
    assert {link["support"] for link in data["links"] if link["kind"] == "citation"} == {None}
    assert {p["support"] for claim in data["claims"] for p in claim["passages"]} == {None}


def test_no_external_resources_and_strict_policy() -> None:
    page = render_html(sample_graph())
    elements = _parse(page)

    assert not [tag for tag, _ in elements.tags if tag in ("link", "img", "iframe", "object")]
    for tag, attrs in elements.tags:
        for name in ("src", "href", "srcset", "poster", "data", "action"):
            assert name not in attrs, (tag, attrs)
    styles = [text for tag, _, text in elements.raw if tag == "style"]
    assert len(styles) == 2
    for css in styles:
        assert "@import" not in css
        assert "@font-face" not in css
        for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", css):
            assert target.startswith("data:"), target
    assert "sourceMappingURL" not in page

    policy = next(
        attrs["content"]
        for tag, attrs in elements.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:"
    assert directives["style-src"] == "'unsafe-inline'"
    # Only our two scripts may run, by hash: an injected inline handler could not.
    code = [text for tag, attrs, text in elements.raw if tag == "script" and not attrs]
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
        for text in code
    }
    assert len(code) == 2
    assert set(directives["script-src"].split()) == hashes


def test_same_graph_gives_identical_bytes(tmp_path: Path) -> None:
    first = render_html(sample_graph(), title="Palmyra")
    assert render_html(sample_graph(), title="Palmyra") == first
    write_html(sample_graph(), tmp_path / "graph.html", title="Palmyra")
    assert (tmp_path / "graph.html").read_text(encoding="utf-8") == first


def test_output_does_not_depend_on_hash_seed() -> None:
    script = (
        "import hashlib, sys; sys.path.insert(0, 'tests');"
        "from test_html_view import sample_graph;"
        "from provenance.render.html import render_html;"
        "print(hashlib.sha256(render_html(sample_graph()).encode()).hexdigest())"
    )
    root = Path(__file__).resolve().parent.parent
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_every_node_and_edge_is_drawn() -> None:
    for graph in (sample_graph(), hostile_graph()):
        data = embedded_data(render_html(graph))
        assert len(data["nodes"]) == graph.number_of_nodes() == len(data["documents"])
        assert len(data["edges"]) == graph.number_of_edges() == len(data["links"])
        assert {node["key"] for node in data["nodes"]} == set(graph.nodes)
        assert len({node["id"] for node in data["nodes"]}) == len(data["nodes"])
        assert len({edge["id"] for edge in data["edges"]}) == len(data["edges"])
        key = {node["id"]: node["key"] for node in data["nodes"]}
        drawn = sorted((key[edge["from"]], key[edge["to"]]) for edge in data["edges"])
        assert drawn == sorted((u, v) for u, v in graph.edges())
        assert len(data["claims"]) == len(graph.graph["claims"])


def test_roles_sizes_and_edge_kinds_come_from_style() -> None:
    from provenance.render import style

    graph = sample_graph()
    data = embedded_data(render_html(graph))
    roles = style.node_roles(graph)
    sizes = style.node_sizes(graph)
    positions = style.layout(graph)
    for node in data["nodes"]:
        assert node["color"]["background"] == style.ROLE_COLORS[roles[node["key"]]]
        assert node["size"] == pytest.approx(sizes[node["key"]])
        x, y = positions[node["key"]]
        assert (node["x"], node["y"]) == (x, -y if y else 0.0)
    for edge, link in zip(data["edges"], data["links"], strict=True):
        if link["kind"] == "republication":
            assert edge["dashes"]
            assert edge["color"]["color"] == style.REPUBLICATION_EDGE_COLOR
        else:
            assert edge["dashes"] is False
            assert edge["color"]["color"] == style.CITATION_EDGE_COLOR
    assert data["options"]["physics"]["enabled"] is False
    assert [role for role, _ in data["legend"]["roles"]] == list(style.ROLE_COLORS)


def test_outlet_view_renders() -> None:
    from provenance.render import style

    graph = outlet_graph()
    page = render_html(graph, title="Outlets", outlets=True)
    data = embedded_data(page)
    assert data["mode"] == "outlets"
    assert len(data["nodes"]) == graph.number_of_nodes()
    assert len(data["edges"]) == graph.number_of_edges()
    key = {node["id"]: node["key"] for node in data["nodes"]}
    kinds = {
        (key[edge["from"]], key[edge["to"]]): link["kind"]
        for edge, link in zip(data["edges"], data["links"], strict=True)
    }
    assert kinds[("insidesyriamediacenter.com", "globalresearch.ca")] == "republication"
    assert kinds[("sana.sy", "reuters.com")] == "citation"
    assert "<img" not in page
    colours = {node["key"]: node["color"]["background"] for node in data["nodes"]}
    assert colours["globalresearch.ca"] == style.ROLE_COLORS[style.ROLE_ROOT]
    assert colours["reuters.com"] == style.ROLE_COLORS[style.ROLE_INTERMEDIATE]


def test_empty_graph_renders() -> None:
    data = embedded_data(render_html(nx.MultiDiGraph()))
    assert data["nodes"] == data["edges"] == data["claims"] == []


def test_large_graph_is_built_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # pyvis's from_nx and add_node check list membership per node (quadratic): the view
    # fills the Network's lists itself. The shared layout is timed elsewhere; stub it here.
    from pyvis.network import Network

    from provenance.render import style

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("quadratic pyvis path used")

    monkeypatch.setattr(Network, "from_nx", refuse)
    monkeypatch.setattr(Network, "add_node", refuse)
    monkeypatch.setattr(Network, "add_edge", refuse)
    monkeypatch.setattr(
        style, "layout", lambda graph, **_: {str(node): (1.0, 2.0) for node in graph}
    )
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    size = 10_000
    for index in range(size):
        url = f"https://outlet{index % 50}.example/a/{index}"
        graph.add_node(url, url=url, kind="article", outlet=f"outlet{index % 50}.example")
        if index:
            parent = index // 2
            graph.add_edge(f"https://outlet{parent % 50}.example/a/{parent}", url, kind="citation")
    started = time.perf_counter()
    data = embedded_data(render_html(graph))
    assert time.perf_counter() - started < 10  # about 1 s; from_nx alone took 8 s
    assert len(data["nodes"]) == size
    assert len(data["edges"]) == size - 1
    # Big graphs draw straight edges and hide them while moving, to stay responsive.
    assert data["options"]["interaction"]["hideEdgesOnDrag"] is True
    assert all("smooth" not in edge for edge in data["edges"])


def test_companion_link_is_a_relative_file_name() -> None:
    page = render_html(sample_graph(), companion="outlets.html")
    links = [attrs for tag, attrs in _parse(page).tags if tag == "a"]
    assert links == [
        {
            "id": "companion",
            "href": "outlets.html",
            "title": "The same graph with each outlet as one node",
        }
    ]
    back = render_html(outlet_graph(), outlets=True, companion="graph.html")
    assert [attrs["href"] for tag, attrs in _parse(back).tags if tag == "a"] == ["graph.html"]
    for bad in ("javascript:alert(1)//.html", "../graph.html", "https://x.example/a.html", ""):
        with pytest.raises(ValueError, match="companion"):
            render_html(sample_graph(), companion=bad)


def test_write_all_links_the_views_and_titles_them_after_the_root(tmp_path: Path) -> None:
    from provenance.render import OUTPUT_FILES, write_all

    graph = sample_graph()
    outlets = outlet_graph()
    written = write_all(graph, outlets, tmp_path)
    assert [path.name for path in written] == list(OUTPUT_FILES)
    documents = (tmp_path / "graph.html").read_text(encoding="utf-8")
    title = graph.nodes[GR]["title"]
    assert f"<title>provenance: {title}</title>" in documents
    assert 'href="outlets.html"' in documents
    outlet_page = (tmp_path / "outlets.html").read_text(encoding="utf-8")
    assert f"<title>provenance: {title} (outlets)</title>" in outlet_page
    assert 'href="graph.html"' in outlet_page
    two_roots = graph.copy()
    two_roots.nodes[ISMC]["root"] = True
    write_all(two_roots, outlets, tmp_path)
    assert "<title>provenance</title>" in (tmp_path / "graph.html").read_text(encoding="utf-8")
