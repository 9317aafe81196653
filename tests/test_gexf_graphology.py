"""Our GEXF files as JavaScript reads them: ``graphology-gexf``, run with node.

graphology is the graph library behind sigma.js and Gephi Lite; if it reads our files
with the right counts, types and drawing attributes, web tools will too. The node
project is ``tests/js`` (``npm ci --prefix tests/js`` installs it). Without node or
``tests/js/node_modules`` the tests skip, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, NoReturn

import networkx as nx
import pytest
from graph_fixture import (
    EDGE_COUNT,
    GOVERNOR,
    NEWS,
    NODE_COUNT,
    OUTLET_COUNT,
    ROOT,
    STATEMENT,
    hostile_graph,
    sample_graph,
    sample_outlets,
)

from provenance.models import EDGE_CITATION, EDGE_REPUBLICATION
from provenance.render import style
from provenance.render.gexf import write_gexf, write_outlets_gexf

JS = Path(__file__).resolve().parent / "js"
READER = JS / "read_gexf.js"
NODE_TIMEOUT = 60


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"graphology tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def node() -> str:
    executable = shutil.which("node")
    if executable is None:
        _unavailable("node is not installed (apt-get install nodejs)")
    if not (JS / "node_modules" / "graphology-gexf").is_dir():
        _unavailable("tests/js/node_modules is missing (npm ci --prefix tests/js)")
    return executable


def read_with_graphology(node: str, *paths: Path) -> dict[str, Any]:
    """What graphology-gexf read from each file, keyed by the file's name."""
    completed = subprocess.run(
        [node, str(READER), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    parsed: dict[str, Any] = json.loads(completed.stdout)
    return {Path(path).name: graph for path, graph in parsed.items()}


def rgb(colour: str) -> str:
    return "rgb({},{},{})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


@pytest.fixture(scope="module")
def files(node: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("graphology")
    write_gexf(sample_graph(), folder / "graph.gexf")
    write_gexf(sample_graph(), folder / "links.gexf", direction="links")
    write_outlets_gexf(sample_outlets(), folder / "outlets.gexf")
    write_gexf(hostile_graph(), folder / "hostile.gexf")
    write_gexf(nx.MultiDiGraph(), folder / "empty.gexf")
    return read_with_graphology(node, *sorted(folder.iterdir()))


def test_document_graph_counts_and_type(files: dict[str, Any]) -> None:
    graph = files["graph.gexf"]
    assert graph["order"] == NODE_COUNT
    assert graph["size"] == EDGE_COUNT
    assert graph["type"] == "directed"
    assert graph["multi"] is True  # the two claims citing the news report stay two edges


def test_document_node_attributes_keep_their_types(files: dict[str, Any]) -> None:
    graph = sample_graph()
    roles = style.node_roles(graph)
    sizes = style.node_sizes(graph)
    positions = style.layout(graph)
    read = {entry["key"]: entry["attributes"] for entry in files["graph.gexf"]["nodes"]}
    assert set(read) == set(graph.nodes)
    for url, data in graph.nodes(data=True):
        attributes = read[url]
        for name in ("url", "kind", "outlet", "outlet_name", "title", "published", "status"):
            assert attributes[name] == data[name], (url, name)
        assert attributes["depth"] == data["depth"]  # a number, not "1"
        assert attributes["root"] is data["root"]  # a boolean, not "false"
        assert attributes["label"] == (data["title"] or url)
        assert attributes["role"] == roles[url]
        assert attributes["color"] == rgb(style.ROLE_COLORS[roles[url]])
        assert attributes["size"] == sizes[url]
        assert (attributes["x"], attributes["y"]) == positions[url]
    assert read[ROOT]["claims_through"] == len(graph.graph["claims"])
    assert read[STATEMENT]["role"] == style.ROLE_PRIMARY


def test_document_edge_attributes(files: dict[str, Any]) -> None:
    edges = files["graph.gexf"]["edges"]
    kinds = sorted(edge["attributes"]["kind"] for edge in edges)
    assert kinds.count(EDGE_REPUBLICATION) == 1
    assert kinds.count(EDGE_CITATION) == EDGE_COUNT - 1
    parallel = [e for e in edges if e["source"] == NEWS and e["target"] == ROOT]
    assert sorted(e["attributes"]["claim_id"] for e in parallel) == ["c1", "c4"]
    assert sorted(e["attributes"]["support"] for e in parallel) == [0.31, 0.82]
    governor = next(e for e in edges if e["source"] == GOVERNOR)
    assert governor["attributes"]["weight"] == 1
    assert governor["attributes"]["color"] == rgb(style.CITATION_EDGE_COLOR)
    assert governor["attributes"]["thickness"] == style.CITATION_EDGE_WIDTH
    assert governor["attributes"]["shape"] == "solid"
    republication = next(e for e in edges if e["attributes"]["kind"] == EDGE_REPUBLICATION)
    assert republication["attributes"]["similarity"] == 0.97
    assert republication["attributes"]["shape"] == "dashed"
    assert republication["attributes"]["color"] == rgb(style.REPUBLICATION_EDGE_COLOR)
    unmeasured = [e for e in edges if e["attributes"]["kind"] == EDGE_CITATION]
    assert any("support" not in e["attributes"] for e in unmeasured)  # missing, not 0


def test_links_direction_reverses_edges(files: dict[str, Any]) -> None:
    flow = {(e["source"], e["target"]) for e in files["graph.gexf"]["edges"]}
    links = {(e["target"], e["source"]) for e in files["links.gexf"]["edges"]}
    assert flow == links


def test_outlet_graph(files: dict[str, Any]) -> None:
    graph = files["outlets.gexf"]
    outlets = sample_outlets()
    assert graph["order"] == OUTLET_COUNT
    assert graph["size"] == outlets.number_of_edges()
    read = {entry["key"]: entry["attributes"] for entry in graph["nodes"]}
    for outlet, data in outlets.nodes(data=True):
        assert read[outlet]["articles"] == data["articles"]
        assert read[outlet]["root"] is data["root"]
        assert read[outlet]["size"] == style.outlet_size(data["articles"])
    assert read["reuters.com"]["label"] == "Reuters"
    assert read["globalresearch.ca"]["color"] == rgb(style.ROLE_COLORS[style.ROLE_ROOT])
    for edge in graph["edges"]:
        data = outlets.edges[edge["source"], edge["target"]]
        assert edge["attributes"]["weight"] == data["weight"]
        assert edge["attributes"]["citations"] == data["citations"]


def test_hostile_and_empty_graphs_parse(files: dict[str, Any]) -> None:
    hostile = hostile_graph()
    graph = files["hostile.gexf"]
    assert graph["order"] == hostile.number_of_nodes()
    assert graph["size"] == hostile.number_of_edges()
    labels = [entry["attributes"]["label"] for entry in graph["nodes"]]
    assert any("</script>" in label and "🚀" in label for label in labels)
    assert files["empty.gexf"]["order"] == files["empty.gexf"]["size"] == 0
