"""The file exporters: GEXF, GraphML, node-link JSON, CSV tables and PROV-JSON.

Each format is written from a graph that follows the contract, read back with the tool a
user would use (networkx, lxml against the official GEXF schema, the csv module, the prov
package), and compared with what went in. Every format must give identical bytes when
written twice, also from another process with another hash seed.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from graph_fixture import (
    CITATION_COUNT,
    DEAD,
    EDGE_COUNT,
    GOVERNOR,
    NEWS,
    NODE_COUNT,
    ORIGINAL,
    OUTLET_COUNT,
    PRIMARY_SOURCE_COUNT,
    REPUBLICATION_COUNT,
    ROOT,
    STATEMENT,
    UNVISITED,
    hostile_graph,
    node,
    sample_graph,
    sample_outlets,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from prov.constants import PROV
from prov.model import ProvAgent, ProvAttribution, ProvDerivation, ProvDocument, ProvEntity

from provenance.models import CLAIM_COLUMNS, EDGE_CITATION, EDGE_REPUBLICATION
from provenance.render import style
from provenance.render._attrs import EDGE_ATTRIBUTES, EDGE_EXTRA_ATTRIBUTES, NODE_ATTRIBUTES
from provenance.render.csv import write_claims_csv, write_csv
from provenance.render.gexf import write_gexf, write_outlets_gexf
from provenance.render.graphml import write_graphml
from provenance.render.json import read_json, write_json
from provenance.render.prov import write_prov

GEXF_SCHEMA = Path(__file__).resolve().parents[2] / "shared/data/gexf-spec/1.3/gexf.rng"
GEXF_NS = "{http://gexf.net/1.3}"
VIZ_NS = "{http://gexf.net/1.3/viz}"
NODE_TYPES = dict(NODE_ATTRIBUTES)
EDGE_TYPES = dict(EDGE_ATTRIBUTES)


@pytest.fixture(scope="module")
def gexf_schema() -> etree.RelaxNG:
    if not GEXF_SCHEMA.is_file():
        pytest.fail(
            f"The official GEXF 1.3 RELAX NG schema is missing: expected {GEXF_SCHEMA} "
            "(shared/data/gexf-spec beside the repository)."
        )
    return etree.RelaxNG(etree.parse(str(GEXF_SCHEMA)))


def assert_schema_valid(schema: etree.RelaxNG, path: Path) -> None:
    document = etree.parse(str(path))
    assert schema.validate(document), f"{path.name}: {schema.error_log}"


def gexf_nodes(path: Path) -> dict[str, Any]:
    root = etree.parse(str(path)).getroot()
    return {element.get("id"): element for element in root.iter(f"{GEXF_NS}node")}


def gexf_edges(path: Path) -> list[Any]:
    return list(etree.parse(str(path)).getroot().iter(f"{GEXF_NS}edge"))


def edge_multiset(graph: nx.MultiDiGraph) -> Counter[tuple[str, str, str, str]]:
    return Counter(
        (str(u), str(v), str(data.get("kind")), str(data.get("claim_id")))
        for u, v, data in graph.edges(data=True)
    )


# GEXF ------------------------------------------------------------------------------------


def test_gexf_document_graph_is_schema_valid(gexf_schema: etree.RelaxNG, tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    write_gexf(sample_graph(), path)
    assert_schema_valid(gexf_schema, path)
    text = path.read_text(encoding="utf-8")
    assert 'xmlns="http://gexf.net/1.3"' in text
    assert 'xmlns:viz="http://gexf.net/1.3/viz"' in text
    assert "schemaLocation" not in text
    assert "lastmodifieddate" not in text


def test_gexf_outlet_graph_is_schema_valid(gexf_schema: etree.RelaxNG, tmp_path: Path) -> None:
    path = tmp_path / "outlets.gexf"
    write_outlets_gexf(sample_outlets(), path)
    assert_schema_valid(gexf_schema, path)


def test_gexf_hostile_text_is_schema_valid(gexf_schema: etree.RelaxNG, tmp_path: Path) -> None:
    graph = hostile_graph()
    path = tmp_path / "hostile.gexf"
    write_gexf(graph, path)
    assert_schema_valid(gexf_schema, path)
    reread = nx.read_gexf(path)
    # Two URLs that differ only by a control character stay two nodes, and the clean one
    # keeps its URL as its id.
    assert reread.number_of_nodes() == graph.number_of_nodes()
    assert reread.nodes["https://example.com/ab"]["url"] == "https://example.com/ab"
    assert reread.nodes["https://example.com/ab~2"]["url"] == "https://example.com/ab"  # a\x07b
    assert reread.number_of_edges() == graph.number_of_edges()
    labels = {data["label"] for _, data in reread.nodes(data=True)}
    assert any("</script>" in label and "🚀" in label and "\u202e" in label for label in labels)
    assert not any("\x00" in label or "\x0b" in label for label in labels)


def test_gexf_empty_graph_is_schema_valid(gexf_schema: etree.RelaxNG, tmp_path: Path) -> None:
    path = tmp_path / "empty.gexf"
    write_gexf(nx.MultiDiGraph(), path)
    assert_schema_valid(gexf_schema, path)
    assert nx.read_gexf(path).number_of_nodes() == 0


def test_gexf_reread_keeps_nodes_edges_and_typed_values(tmp_path: Path) -> None:
    graph = sample_graph()
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path)
    reread = nx.read_gexf(path)
    assert reread.is_directed() and reread.is_multigraph()
    assert set(reread.nodes) == set(graph.nodes)
    assert reread.number_of_edges() == graph.number_of_edges() == EDGE_COUNT
    for url, data in graph.nodes(data=True):
        back = reread.nodes[url]
        for name in NODE_TYPES:
            assert back[name] == data[name], (url, name)
            assert type(back[name]) is type(data[name]), (url, name)
    assert reread.nodes[ROOT]["root"] is True
    assert reread.nodes[STATEMENT]["depth"] == 2
    assert edge_multiset(reread) == edge_multiset(graph)
    supports = sorted(
        (data["claim_id"], data.get("support"))
        for _, _, data in reread.edges(data=True)
        if data["kind"] == EDGE_CITATION
    )
    expected = sorted(
        (data["claim_id"], data["support"])
        for _, _, data in graph.edges(data=True)
        if data["kind"] == EDGE_CITATION
    )
    assert supports == expected  # a missing support stays missing, not 0.0 or ""
    similarity = [
        data["similarity"]
        for _, _, data in reread.edges(data=True)
        if data["kind"] == EDGE_REPUBLICATION
    ]
    assert similarity == [0.97] and isinstance(similarity[0], float)


def test_gexf_declares_contract_types(tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    write_gexf(sample_graph(), path)
    root = etree.parse(str(path)).getroot()
    declared = {
        (block.get("class"), attribute.get("title")): attribute.get("type")
        for block in root.iter(f"{GEXF_NS}attributes")
        for attribute in block
    }
    assert declared[("node", "depth")] == "integer"
    assert declared[("node", "root")] == "boolean"
    assert declared[("node", "published")] == "string"
    assert declared[("edge", "support")] == "double"
    assert declared[("edge", "similarity")] == "double"
    assert declared[("edge", "kind")] == "string"
    graph_element = root.find(f"{GEXF_NS}graph")
    assert graph_element is not None
    assert graph_element.get("defaultedgetype") == "directed"
    assert graph_element.get("mode") == "dynamic"
    assert graph_element.get("timeformat") == "date"


def test_gexf_timeline_start_is_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    write_gexf(sample_graph(), path)
    nodes = gexf_nodes(path)
    assert nodes[ROOT].get("start") == "2016-12-14"
    assert nodes[NEWS].get("start") == "2016-12-10"  # date part of a datetime
    assert nodes[ORIGINAL].get("start") == "2016-12-13"
    assert nodes[GOVERNOR].get("start") is None  # no date: always visible
    assert nodes[DEAD].get("start") is None


def test_gexf_labels_colours_sizes_positions_match_the_shared_style(tmp_path: Path) -> None:
    graph = sample_graph()
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path)
    nodes = gexf_nodes(path)
    roles = style.node_roles(graph)
    sizes = style.node_sizes(graph)
    positions = style.layout(graph)
    for url, element in nodes.items():
        title = graph.nodes[url]["title"]
        assert element.get("label") == (title or url)
        colour = element.find(f"{VIZ_NS}color")
        hex_colour = "#{:02X}{:02X}{:02X}".format(
            int(colour.get("r")), int(colour.get("g")), int(colour.get("b"))
        )
        assert hex_colour == style.ROLE_COLORS[roles[url]].upper()
        assert float(element.find(f"{VIZ_NS}size").get("value")) == sizes[url]
        position = element.find(f"{VIZ_NS}position")
        assert (float(position.get("x")), float(position.get("y"))) == positions[url]
    assert roles[ROOT] == style.ROLE_ROOT and roles[STATEMENT] == style.ROLE_PRIMARY


def test_gexf_edges_have_ids_kinds_labels_weights_and_kind_colours(tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    write_gexf(sample_graph(), path)
    edges = gexf_edges(path)
    assert len({edge.get("id") for edge in edges}) == len(edges) == EDGE_COUNT
    kinds = Counter(edge.get("kind") for edge in edges)
    assert kinds == {EDGE_CITATION: CITATION_COUNT, EDGE_REPUBLICATION: REPUBLICATION_COUNT}
    parallel = [e for e in edges if e.get("source") == NEWS and e.get("target") == ROOT]
    assert len(parallel) == 2  # multi-edges preserved
    for edge in edges:
        assert float(edge.get("weight")) == 1.0
        assert edge.get("label")
        colour = edge.find(f"{VIZ_NS}color")
        hex_colour = "#{:02X}{:02X}{:02X}".format(
            int(colour.get("r")), int(colour.get("g")), int(colour.get("b"))
        )
        expected = (
            style.REPUBLICATION_EDGE_COLOR
            if edge.get("kind") == EDGE_REPUBLICATION
            else style.CITATION_EDGE_COLOR
        )
        assert hex_colour == expected.upper()
    republication = next(e for e in edges if e.get("kind") == EDGE_REPUBLICATION)
    assert republication.get("label") == "credit-line+text-reuse"
    governor = next(e for e in edges if e.get("source") == GOVERNOR)
    assert governor.get("label") == "said"


def test_gexf_has_role_and_claims_through_for_gephi(tmp_path: Path) -> None:
    graph = sample_graph()
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path)
    root = etree.parse(str(path)).getroot()
    declared = {
        attribute.get("title"): attribute.get("type")
        for block in root.iter(f"{GEXF_NS}attributes")
        if block.get("class") == "node"
        for attribute in block
    }
    assert declared["role"] == "string" and declared["claims_through"] == "integer"
    reread = nx.read_gexf(path)
    roles = style.node_roles(graph)
    through = style.claims_through(graph)
    for url in graph.nodes:
        assert reread.nodes[url]["role"] == roles[url]
        assert reread.nodes[url]["claims_through"] == through[url]
    assert reread.nodes[ROOT]["claims_through"] == len(graph.graph["claims"])
    assert reread.nodes[NEWS]["claims_through"] == 2  # c1 and c4


def test_gexf_edges_appear_with_the_later_page_and_are_drawn_as_in_the_view(
    tmp_path: Path,
) -> None:
    graph = sample_graph()
    path = tmp_path / "graph.gexf"
    write_gexf(graph, path)
    edges = gexf_edges(path)
    for edge in edges:
        dates = [
            date
            for date in (
                graph.nodes[edge.get("source")]["published"][:10],
                graph.nodes[edge.get("target")]["published"][:10],
            )
            if date
        ]
        assert edge.get("start") == (max(dates) if dates else None)
        republication = edge.get("kind") == EDGE_REPUBLICATION
        assert float(edge.find(f"{VIZ_NS}thickness").get("value")) == style.edge_width(
            republication
        )
        assert edge.find(f"{VIZ_NS}shape").get("value") == ("dashed" if republication else "solid")
    statement = next(e for e in edges if e.get("source") == STATEMENT)
    assert statement.get("start") == "2016-12-10"  # both pages that day
    governor = next(e for e in edges if e.get("source") == GOVERNOR)
    assert governor.get("start") == "2016-12-14"  # the tweet has no date: the root's


def _hex(element: Any) -> str:
    colour = element.find(f"{VIZ_NS}color")
    return "#{:02X}{:02X}{:02X}".format(*(int(colour.get(channel)) for channel in "rgb"))


def test_gexf_draws_what_the_html_view_draws(tmp_path: Path) -> None:
    from test_html_view import embedded_data

    from provenance.render.html import render_html

    for graph, outlets in ((sample_graph(), False), (sample_outlets(), True)):
        path = tmp_path / "view.gexf"
        if outlets:
            write_outlets_gexf(graph, path)
        else:
            write_gexf(graph, path)
        view = embedded_data(render_html(graph, outlets=outlets))
        nodes = gexf_nodes(path)
        assert len(nodes) == len(view["nodes"])
        for drawn in view["nodes"]:
            element = nodes[drawn["key"]]
            assert _hex(element) == drawn["color"]["background"].upper()
            assert float(element.find(f"{VIZ_NS}size").get("value")) == drawn["size"]
            position = element.find(f"{VIZ_NS}position")
            # Same place; the canvas's y axis points down, Gephi's up.
            assert float(position.get("x")) == drawn["x"]
            assert float(position.get("y")) == -drawn["y"] + 0.0
        key = {drawn["id"]: drawn["key"] for drawn in view["nodes"]}
        drawn_edges = Counter(
            (key[edge["from"]], key[edge["to"]], edge["color"]["color"].upper(), edge["width"])
            for edge in view["edges"]
        )
        written = Counter(
            (
                edge.get("source"),
                edge.get("target"),
                _hex(edge),
                float(edge.find(f"{VIZ_NS}thickness").get("value")),
            )
            for edge in gexf_edges(path)
        )
        assert written == drawn_edges


def test_gexf_links_direction_reverses_every_edge(tmp_path: Path) -> None:
    graph = sample_graph()
    flow, links = tmp_path / "flow.gexf", tmp_path / "links.gexf"
    write_gexf(graph, flow)
    write_gexf(graph, links, direction="links")
    flow_edges = Counter(
        (e.get("source"), e.get("target"), e.get("kind")) for e in gexf_edges(flow)
    )
    link_edges = Counter(
        (e.get("target"), e.get("source"), e.get("kind")) for e in gexf_edges(links)
    )
    assert flow_edges == link_edges
    assert (ORIGINAL, ROOT, EDGE_REPUBLICATION) in flow_edges  # original -> copy
    reread = nx.read_gexf(links)
    assert reread.has_edge(ROOT, ORIGINAL) and not reread.has_edge(ORIGINAL, ROOT)
    # The picture does not change with the direction.
    assert gexf_nodes(flow).keys() == gexf_nodes(links).keys()


def test_gexf_outlet_graph_reread(tmp_path: Path) -> None:
    outlets = sample_outlets()
    path = tmp_path / "outlets.gexf"
    write_outlets_gexf(outlets, path)
    reread = nx.read_gexf(path)
    assert set(reread.nodes) == set(outlets.nodes)
    assert reread.number_of_nodes() == OUTLET_COUNT
    assert reread.number_of_edges() == outlets.number_of_edges()
    for outlet, data in outlets.nodes(data=True):
        back = reread.nodes[outlet]
        assert back["articles"] == data["articles"] and type(back["articles"]) is int
        assert back["outlet_name"] == data["outlet_name"]
        assert back["root"] is data["root"]
    for source, target, data in outlets.edges(data=True):
        back = reread.edges[source, target]
        assert back["weight"] == float(data["weight"])
        assert back["citations"] == data["citations"]
        assert back["republications"] == data["republications"]
    nodes = gexf_nodes(path)
    assert nodes["reuters.com"].get("start") == "2016-12-10"
    assert nodes["reuters.com"].get("label") == "Reuters"
    assert nodes["mod.gov.sy"].get("label") == "mod.gov.sy"
    root_colour = nodes["globalresearch.ca"].find(f"{VIZ_NS}color")
    assert (
        "#{:02X}{:02X}{:02X}".format(*(int(root_colour.get(channel)) for channel in "rgb"))
        == style.ROLE_COLORS[style.ROLE_ROOT].upper()
    )
    republication = next(e for e in gexf_edges(path) if e.get("source") == "insidesyriamc.com")
    colour = republication.find(f"{VIZ_NS}color")
    assert (
        "#{:02X}{:02X}{:02X}".format(*(int(colour.get(channel)) for channel in "rgb"))
        == style.REPUBLICATION_EDGE_COLOR.upper()
    )


def test_unknown_direction_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="direction"):
        write_gexf(sample_graph(), tmp_path / "x.gexf", direction="backwards")
    with pytest.raises(ValueError, match="direction"):
        write_json(sample_graph(), tmp_path / "x.json", direction="reverse")


# GraphML ---------------------------------------------------------------------------------


def test_graphml_reread_matches(tmp_path: Path) -> None:
    graph = sample_graph()
    path = tmp_path / "graph.graphml"
    write_graphml(graph, path)
    reread = nx.read_graphml(path)
    assert isinstance(reread, nx.MultiDiGraph)
    assert set(reread.nodes) == set(graph.nodes)
    for url, data in graph.nodes(data=True):
        assert reread.nodes[url] == data
    expected = {
        (u, v, k): {name: value for name, value in data.items() if value is not None}
        for u, v, k, data in graph.edges(keys=True, data=True)
    }
    found = {(u, v, k): data for u, v, k, data in reread.edges(keys=True, data=True)}
    assert found == expected
    assert reread.graph["roots"] == ROOT
    assert "claims" not in reread.graph


def test_graphml_links_direction_reverses(tmp_path: Path) -> None:
    path = tmp_path / "links.graphml"
    write_graphml(sample_graph(), path, direction="links")
    reread = nx.read_graphml(path)
    assert reread.has_edge(ROOT, NEWS) and not reread.has_edge(NEWS, ROOT)
    assert reread.number_of_edges(ROOT, NEWS) == 2


def test_graphml_hostile_text(tmp_path: Path) -> None:
    graph = hostile_graph()
    path = tmp_path / "hostile.graphml"
    write_graphml(graph, path)
    reread = nx.read_graphml(path)
    assert reread.number_of_nodes() == graph.number_of_nodes()
    assert reread.number_of_edges() == graph.number_of_edges()


# JSON ------------------------------------------------------------------------------------


def test_json_round_trip_is_equal(tmp_path: Path) -> None:
    graph = sample_graph()
    path = tmp_path / "graph.json"
    write_json(graph, path)
    reread = read_json(path)
    assert isinstance(reread, nx.MultiDiGraph)
    assert dict(reread.nodes(data=True)) == dict(graph.nodes(data=True))
    assert sorted(reread.edges(keys=True, data=True), key=repr) == sorted(
        graph.edges(keys=True, data=True), key=repr
    )
    assert reread.graph == graph.graph
    assert reread.graph["claims"][0]["passages"][0]["support"] == 0.82


def test_json_is_node_link_data_with_edges_key(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    write_json(sample_graph(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"directed", "multigraph", "graph", "nodes", "edges"}
    assert data["directed"] is True and data["multigraph"] is True
    assert len(data["nodes"]) == NODE_COUNT and len(data["edges"]) == EDGE_COUNT
    assert data["graph"]["roots"] == [ROOT]
    assert [row["claim_id"] for row in data["graph"]["claims"]] == [f"c{i}" for i in range(1, 7)]
    dead = next(e for e in data["edges"] if e["source"] == DEAD)
    assert dead["support"] is None
    assert {"source", "target", "key"} <= set(dead)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "directed"')  # indent 2, sorted keys


def test_json_links_direction(tmp_path: Path) -> None:
    path = tmp_path / "links.json"
    write_json(sample_graph(), path, direction="links")
    reread = read_json(path)
    assert reread.has_edge(ROOT, ORIGINAL) and not reread.has_edge(ORIGINAL, ROOT)
    assert reread.graph["direction"] == "links"


def test_json_hostile_text_round_trips(tmp_path: Path) -> None:
    graph = hostile_graph()
    path = tmp_path / "hostile.json"
    write_json(graph, path)
    reread = read_json(path)
    assert dict(reread.nodes(data=True)) == dict(graph.nodes(data=True))
    assert reread.graph == graph.graph
    # NaN is not JSON: it is written as null.
    similarity = [
        d["similarity"] for _, _, d in reread.edges(data=True) if d["kind"] == EDGE_REPUBLICATION
    ]
    assert similarity == [None]


def test_read_json_refuses_other_files(tmp_path: Path) -> None:
    not_json = tmp_path / "graph.json"
    not_json.write_text("<gexf/>", encoding="utf-8")
    with pytest.raises(ValueError, match="not a JSON file"):
        read_json(not_json)
    not_graph = tmp_path / "list.json"
    not_graph.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="node-link"):
        read_json(not_graph)


# CSV -------------------------------------------------------------------------------------


def read_table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def test_csv_tables_have_stable_columns_and_all_rows(tmp_path: Path) -> None:
    graph = sample_graph()
    write_csv(graph, tmp_path / "tables")
    nodes = read_table(tmp_path / "tables" / "nodes.csv")
    edges = read_table(tmp_path / "tables" / "edges.csv")
    claims = read_table(tmp_path / "tables" / "claims.csv")
    assert nodes[0] == [name for name, _ in NODE_ATTRIBUTES]
    assert edges[0] == [
        "source",
        "target",
        "key",
        *(name for name, _ in (*EDGE_ATTRIBUTES, *EDGE_EXTRA_ATTRIBUTES)),
    ]
    assert claims[0] == list(CLAIM_COLUMNS)
    assert len(nodes) - 1 == NODE_COUNT
    assert len(edges) - 1 == EDGE_COUNT
    assert len(claims) - 1 == len(graph.graph["claims"])
    by_url = {row[0]: dict(zip(nodes[0], row, strict=True)) for row in nodes[1:]}
    assert by_url[ROOT]["root"] == "true" and by_url[ROOT]["depth"] == "0"
    assert by_url[UNVISITED]["root"] == "false" and by_url[UNVISITED]["depth"] == "2"
    dead = next(dict(zip(edges[0], row, strict=True)) for row in edges[1:] if row[0] == DEAD)
    assert dead["support"] == "" and dead["target"] == ROOT and dead["key"] == "0"
    parallel = [row for row in edges[1:] if row[0] == NEWS and row[1] == ROOT]
    assert [row[2] for row in parallel] == ["0", "1"]


def test_claims_csv_keeps_commas_quotes_and_newlines(tmp_path: Path) -> None:
    graph = sample_graph()
    path = tmp_path / "claims.csv"
    write_claims_csv(graph.graph["claims"], path)
    rows = read_table(path)
    expected = [[str(claim[name]) for name in CLAIM_COLUMNS] for claim in graph.graph["claims"]]
    assert rows[1:] == expected
    assert any("\n" in row[2] for row in rows[1:]) and any('"' in row[2] for row in rows[1:])


def test_claims_csv_accepts_traced_claims(tmp_path: Path) -> None:
    from graph_fixture import sample_claims

    path = tmp_path / "claims.csv"
    write_claims_csv(sample_claims(), path)
    rows = read_table(path)
    assert rows[1][CLAIM_COLUMNS.index("origin_urls")] == STATEMENT
    assert rows[1][CLAIM_COLUMNS.index("hops")] == "2"


def test_csv_links_direction_and_hostile_text(tmp_path: Path) -> None:
    write_csv(sample_graph(), tmp_path / "links", direction="links")
    edges = read_table(tmp_path / "links" / "edges.csv")
    assert any(row[0] == ROOT and row[1] == ORIGINAL for row in edges[1:])
    write_csv(hostile_graph(), tmp_path / "hostile")
    claims = read_table(tmp_path / "hostile" / "claims.csv")
    assert "\ufffd" in claims[1][2]  # the lone surrogate, replaced rather than crashing


# PROV ------------------------------------------------------------------------------------


def prov_records(path: Path) -> ProvDocument:
    return ProvDocument.deserialize(source=str(path), format="json")


def derivation_type(record: ProvDerivation) -> str:
    types = [str(value) for value in record.get_asserted_types()]
    return types[0] if types else ""


def test_prov_counts(tmp_path: Path) -> None:
    path = tmp_path / "prov.json"
    write_prov(sample_graph(), path)
    document = prov_records(path)
    records = document.get_records()
    entities = [r for r in records if isinstance(r, ProvEntity)]
    agents = [r for r in records if isinstance(r, ProvAgent)]
    attributions = [r for r in records if isinstance(r, ProvAttribution)]
    derivations = Counter(derivation_type(r) for r in records if isinstance(r, ProvDerivation))
    assert len(entities) == NODE_COUNT
    assert len(agents) == OUTLET_COUNT
    assert len(attributions) == NODE_COUNT
    assert derivations == {
        "provenance:Republication": REPUBLICATION_COUNT,
        str(PROV["Quotation"]): CITATION_COUNT,
        str(PROV["PrimarySource"]): PRIMARY_SOURCE_COUNT,
    }


def test_prov_directions_identifiers_and_attributes(tmp_path: Path) -> None:
    path = tmp_path / "prov.json"
    write_prov(sample_graph(), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["prefix"]["provenance"]
    entities = data["entity"]
    urls = {attributes["provenance:url"]: name for name, attributes in entities.items()}
    assert set(urls) == set(sample_graph().nodes)
    root = entities[urls[ROOT]]
    assert root["provenance:published"] == "2016-12-14"
    assert root["provenance:outlet"] == "globalresearch.ca"
    assert root["prov:label"].startswith("The ISIS Offensive")
    for name in entities:
        local = name.split(":", 1)[1]
        assert local.replace("-", "").replace(".", "").replace("_", "").isalnum()
    derived = data["wasDerivedFrom"]
    republication = [
        d for d in derived.values() if d["prov:type"]["$"] == "provenance:Republication"
    ]
    assert republication[0]["prov:generatedEntity"] == urls[ROOT]  # the copy
    assert republication[0]["prov:usedEntity"] == urls[ORIGINAL]  # derived from the original
    quotations = [d for d in derived.values() if d["prov:type"]["$"] == "prov:Quotation"]
    governor = next(q for q in quotations if q["prov:usedEntity"] == urls[GOVERNOR])
    assert governor["prov:generatedEntity"] == urls[ROOT]  # citing wasQuotedFrom cited
    assert governor["provenance:claim_id"] == "c2"
    primaries = [d for d in derived.values() if d["prov:type"]["$"] == "prov:PrimarySource"]
    assert {p["prov:usedEntity"] for p in primaries} == {
        urls[STATEMENT],
        urls[GOVERNOR],
        urls[
            "https://obamawhitehouse.archives.gov/the-press-office/2016/12/08/"
            "presidential-memorandum-delegation-authority-under-section-506a1"
        ],
    }
    assert {p["prov:generatedEntity"] for p in primaries} == {urls[ROOT]}
    assert data["agent"]["provenance:outlet-reuters.com"]["provenance:name"] == "Reuters"


def test_prov_hostile_text(tmp_path: Path) -> None:
    path = tmp_path / "prov.json"
    write_prov(hostile_graph(), path)
    document = prov_records(path)
    assert len([r for r in document.get_records() if isinstance(r, ProvEntity)]) == 3


# Determinism -----------------------------------------------------------------------------

WRITERS = {
    "graph.gexf": lambda graph, path: write_gexf(graph, path),
    "graph-links.gexf": lambda graph, path: write_gexf(graph, path, direction="links"),
    "graph.graphml": lambda graph, path: write_graphml(graph, path),
    "graph.json": lambda graph, path: write_json(graph, path),
    "prov.json": lambda graph, path: write_prov(graph, path),
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_writing_twice_gives_identical_bytes(name: str, tmp_path: Path) -> None:
    first, second = tmp_path / f"1-{name}", tmp_path / f"2-{name}"
    WRITERS[name](sample_graph(), first)
    # Same graph, nodes and edges inserted in another order.
    graph = sample_graph()
    shuffled = nx.MultiDiGraph()
    shuffled.graph.update(graph.graph)
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    WRITERS[name](shuffled, second)
    assert first.read_bytes() == second.read_bytes()


def test_outlets_and_csv_written_twice_are_identical(tmp_path: Path) -> None:
    write_outlets_gexf(sample_outlets(), tmp_path / "a.gexf")
    write_outlets_gexf(sample_outlets(), tmp_path / "b.gexf")
    assert (tmp_path / "a.gexf").read_bytes() == (tmp_path / "b.gexf").read_bytes()
    write_csv(sample_graph(), tmp_path / "a")
    write_csv(sample_graph(), tmp_path / "b")
    for name in ("nodes.csv", "edges.csv", "claims.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


WRITE_ALL = """
import sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from graph_fixture import sample_graph, sample_outlets
from provenance.render.csv import write_csv
from provenance.render.gexf import write_gexf, write_outlets_gexf
from provenance.render.graphml import write_graphml
from provenance.render.json import write_json
from provenance.render.prov import write_prov
out = Path(sys.argv[1])
write_gexf(sample_graph(), out / "graph.gexf")
write_outlets_gexf(sample_outlets(), out / "outlets.gexf")
write_graphml(sample_graph(), out / "graph.graphml")
write_json(sample_graph(), out / "graph.json")
write_prov(sample_graph(), out / "prov.json")
write_csv(sample_graph(), out)
"""


def test_output_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    tests_folder = str(Path(__file__).resolve().parent)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", WRITE_ALL, str(out), tests_folder],
            check=True,
            env=environment,
            timeout=120,
        )
        outputs.append({path.name: path.read_bytes() for path in sorted(out.iterdir())})
    assert len(outputs[0]) == 9
    assert outputs[0] == outputs[1]


# Properties ------------------------------------------------------------------------------

texts = st.text(max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=texts, claim=texts, anchor=texts, outlet_name=texts, url_tail=texts)
def test_any_unicode_gives_valid_gexf_and_round_tripping_json(
    gexf_schema: etree.RelaxNG,
    title: str,
    claim: str,
    anchor: str,
    outlet_name: str,
    url_tail: str,
) -> None:
    cited = "https://a.example/" + url_tail
    citing = "https://b.example/root"
    graph = nx.MultiDiGraph()
    graph.add_node(citing, **node(citing, outlet="b.example", title=title, depth=0, root=True))
    graph.add_node(cited, **node(cited, outlet="a.example", outlet_name=outlet_name, title=claim))
    edge = {
        "kind": EDGE_CITATION,
        "claim_id": "c1",
        "claim": claim,
        "anchor": anchor,
        "cue": "said",
        "support": 0.5,
        "evidence": "",
        "similarity": None,
    }
    graph.add_edge(cited, citing, **edge)
    graph.add_edge(cited, citing, **{**edge, "claim_id": "c2", "claim": title})
    graph.graph["roots"] = [citing]
    graph.graph["claims"] = [
        {name: "" for name in CLAIM_COLUMNS}
        | {"claim": claim, "anchor": anchor, "citing_url": citing, "passages": []}
    ]
    with tempfile.TemporaryDirectory() as folder:
        gexf_path = Path(folder) / "graph.gexf"
        write_gexf(graph, gexf_path)
        assert_schema_valid(gexf_schema, gexf_path)
        reread = nx.read_gexf(gexf_path)
        assert reread.number_of_edges() == 2
        json_path = Path(folder) / "graph.json"
        write_json(graph, json_path)
        back = read_json(json_path)
        assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
        assert sorted(back.edges(keys=True, data=True), key=repr) == sorted(
            graph.edges(keys=True, data=True), key=repr
        )
        assert back.graph == graph.graph


def test_lone_surrogates_do_not_crash_any_writer(tmp_path: Path) -> None:
    graph = hostile_graph()
    write_gexf(graph, tmp_path / "g.gexf")
    write_outlets_gexf(nx.DiGraph([("a\ud800.example", "b.example")]), tmp_path / "o.gexf")
    write_graphml(graph, tmp_path / "g.graphml")
    write_json(graph, tmp_path / "g.json")
    write_csv(graph, tmp_path / "csv")
    write_prov(graph, tmp_path / "p.json")
    back = read_json(tmp_path / "g.json")
    claim = back.graph["claims"][0]["claim"]
    assert claim == graph.graph["claims"][0]["claim"]  # exact, through \\u escapes


# Rebuilding from a crawl store (the CLI) -------------------------------------------------


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from provenance.cli import main

    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out), "--quiet"]) == 0
    return out


EXPORTED_FILES = {
    "gexf": ("graph.gexf", "outlets.gexf"),
    "graphml": ("graph.graphml",),
    "json": ("graph.json",),
    "csv": ("nodes.csv", "edges.csv", "claims.csv", "passages.csv"),
    "prov": ("prov.json",),
}


@pytest.mark.parametrize("export_format", sorted(EXPORTED_FILES))
def test_export_rebuilds_each_format_from_the_store(
    demo_folder: Path, export_format: str, tmp_path: Path
) -> None:
    from provenance.cli import main

    store = demo_folder / "crawl.sqlite"
    assert main(["export", str(store), "--format", export_format, "--out", str(tmp_path)]) == 0
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == sorted(EXPORTED_FILES[export_format])
    for name in written:
        # Without crawling again, the same bytes the trace wrote.
        assert (tmp_path / name).read_bytes() == (demo_folder / name).read_bytes(), name


def test_export_links_direction_from_the_store(demo_folder: Path, tmp_path: Path) -> None:
    from provenance.cli import main

    arguments = ["export", str(demo_folder), "--out", str(tmp_path), "--direction", "links"]
    assert main([*arguments, "--format", "json"]) == 0
    assert main([*arguments, "--format", "gexf"]) == 0
    flow = read_json(demo_folder / "graph.json")
    links = read_json(tmp_path / "graph.json")
    assert links.graph["direction"] == "links"
    assert Counter((v, u) for u, v in links.edges()) == Counter(flow.edges())
    reread = nx.read_gexf(tmp_path / "graph.gexf")
    assert Counter((v, u) for u, v in reread.edges()) == Counter(flow.edges())


def test_render_rebuilds_every_view_and_export(demo_folder: Path, tmp_path: Path) -> None:
    from provenance.cli import main
    from provenance.render import OUTPUT_FILES

    store = str(demo_folder / "crawl.sqlite")
    assert main(["render", store, "--out", str(tmp_path), "--quiet"]) == 0
    for name in OUTPUT_FILES:
        assert (tmp_path / name).read_bytes() == (demo_folder / name).read_bytes(), name
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert 'href="outlets.html"' in page  # the two views link to each other
    assert 'href="graph.html"' in (tmp_path / "outlets.html").read_text(encoding="utf-8")


def test_export_and_render_refuse_a_missing_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from provenance.cli import main

    missing = str(tmp_path / "nowhere" / "crawl.sqlite")
    assert main(["export", missing, "--format", "gexf", "--out", str(tmp_path)]) == 2
    assert main(["render", missing, "--out", str(tmp_path), "--quiet"]) == 2
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2 and all("no crawl store" in line for line in errors)
    assert not (tmp_path / "graph.gexf").exists()
