"""GraphML files of the document graph (yEd, Cytoscape, igraph, networkx, Gephi).

Written with :mod:`xml.etree.ElementTree` rather than networkx's writer, which writes
booleans as ``True``/``False`` (XML Schema, and so GraphML, spells them ``true`` and
``false``) and declares keys in no useful order. What GraphML can hold is decided here:

* one ``<key>`` per attribute, in contract order (extra attributes after), with the
  contract's type: ``depth`` int, ``root`` boolean, ``support``/``similarity`` double,
  the rest string; values that arrived in a looser form (``"2"`` for a depth) are
  converted;
* a ``None`` value (the ``support`` of a citation whose page was not fetched) is
  omitted, as GraphML has no null;
* graph attributes: scalars are kept; a list of strings (``roots``) becomes one
  space-separated string, like ``aliases``; everything else (the ``claims`` list, which
  ``claims.csv`` and ``graph.json`` carry) is dropped;
* characters XML 1.0 forbids are removed from all text.

Edge ids are the ``MultiDiGraph`` keys (as networkx writes them), so
``networkx.read_graphml`` gives back the edges with their keys. Nodes and edges are
written in sorted order: the same graph always gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from provenance.render._attrs import (
    BOOLEAN,
    DOUBLE,
    EDGE_ATTRIBUTES,
    INTEGER,
    LONG,
    NODE_ATTRIBUTES,
    STRING,
    StrPath,
    as_float,
    check_direction,
    infer_types,
    oriented,
    plain_text,
    sorted_edges,
    sorted_nodes,
    typed_value,
    unique_xml_ids,
    xml_text,
)

GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
_XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_LOCATION = f"{GRAPHML_NAMESPACE} {GRAPHML_NAMESPACE}/1.0/graphml.xsd"

# GraphML's names for our attribute types.
_GRAPHML_TYPES = {
    STRING: "string",
    INTEGER: "int",
    LONG: "long",
    DOUBLE: "double",
    BOOLEAN: "boolean",
}


def write_graphml(graph: nx.MultiDiGraph[Any], path: StrPath, *, direction: str = "flow") -> None:
    """Write the document graph as GraphML (conventionally ``graph.graphml``).

    Parameters
    ----------
    graph
        The document ``MultiDiGraph`` of DESIGN section 3.
    path
        The file to write.
    direction
        ``"flow"`` (default): cited -> citing, original -> copy; ``"links"``: every edge
        reversed, the way the hyperlinks point, and the graph attribute ``direction`` is
        ``"links"``.

    ``networkx.read_graphml(path)`` gives back the nodes, the edges with their keys and
    every attribute that had a value, each with its type.
    """
    exported = oriented(graph, direction)
    graph_data = _graph_attributes(graph.graph)
    if check_direction(direction) == "links":
        graph_data["direction"] = "links"
    nodes = sorted_nodes(exported)
    edges = sorted_edges(exported)
    node_types = infer_types((data for _, data in nodes), known=dict(NODE_ATTRIBUTES))
    edge_types = infer_types((data for *_, data in edges), known=dict(EDGE_ATTRIBUTES))

    root = ET.Element(
        "graphml",
        {
            "xmlns": GRAPHML_NAMESPACE,
            "xmlns:xsi": _XSI_NAMESPACE,
            "xsi:schemaLocation": _SCHEMA_LOCATION,
        },
    )
    graph_keys = _declare_keys(root, "graph", "g", {name: STRING for name in graph_data})
    node_keys = _declare_keys(root, "node", "n", node_types)
    edge_keys = _declare_keys(root, "edge", "e", edge_types)
    graph_element = ET.SubElement(root, "graph", {"id": "G", "edgedefault": "directed"})
    _add_data(graph_element, graph_data, graph_keys, {name: STRING for name in graph_data})
    ids = unique_xml_ids(exported)
    for node, data in nodes:
        node_element = ET.SubElement(graph_element, "node", {"id": ids[node]})
        _add_data(node_element, data, node_keys, node_types)
    for source, target, key, data in edges:
        attributes = {"source": ids[source], "target": ids[target]}
        if key is not None:
            attributes = {"id": xml_text(key), **attributes}
        edge_element = ET.SubElement(graph_element, "edge", attributes)
        _add_data(edge_element, data, edge_keys, edge_types)

    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    document = b'<?xml version="1.0" encoding="UTF-8"?>\n' + text.encode("utf-8") + b"\n"
    Path(path).write_bytes(document)


def _graph_attributes(attributes: Mapping[str, Any]) -> dict[str, str]:
    """The graph attributes GraphML can hold, as text (sorted by name)."""
    kept: dict[str, str] = {}
    for name in sorted(attributes, key=str):
        value = attributes[name]
        if isinstance(value, bool):
            text: str | None = "true" if value else "false"
        elif isinstance(value, int | str):
            text = str(value)
        elif isinstance(value, float):
            number = as_float(value)
            text = None if number is None else repr(number)
        elif isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
            text = plain_text(value)
        else:
            text = None  # the claims list and other structures: see claims.csv, graph.json
        if text is not None:
            kept[str(name)] = text
    return kept


def _declare_keys(
    root: ET.Element, scope: str, prefix: str, types: Mapping[str, str]
) -> dict[str, str]:
    """Add one ``<key>`` per attribute; return attribute name -> key id."""
    ids: dict[str, str] = {}
    for index, (name, kind) in enumerate(types.items()):
        ids[name] = f"{prefix}{index}"
        ET.SubElement(
            root,
            "key",
            {
                "id": ids[name],
                "for": scope,
                "attr.name": xml_text(name),
                "attr.type": _GRAPHML_TYPES[kind],
            },
        )
    return ids


def _add_data(
    parent: ET.Element,
    data: Mapping[str, Any],
    keys: Mapping[str, str],
    types: Mapping[str, str],
) -> None:
    for name, kind in types.items():
        text = typed_value(data.get(name), kind)
        if text is not None:
            ET.SubElement(parent, "data", {"key": keys[name]}).text = xml_text(text)
