"""GEXF 1.3 files for Gephi: the document graph and the outlet graph.

Written by hand with :mod:`xml.etree.ElementTree`, because networkx's own 1.3 writer
produces files the official schema rejects (a ``name`` attribute on ``<graph>``, a
misspelt XML Schema instance namespace). What we write validates against the RELAX NG
schema of the GEXF 1.3 specification:

* namespaces ``http://gexf.net/1.3`` and ``http://gexf.net/1.3/viz``, no
  ``xsi:schemaLocation`` (the RELAX NG schema rejects it);
* ``defaultedgetype="directed"``, ``mode="dynamic"``, ``timeformat="date"``: a node's
  ``start`` is its publication date, so Gephi's timeline shows the story spreading;
  nodes without a known date have no ``start`` and are always visible;
* typed attribute declarations (``depth`` integer, ``root`` boolean, ``support`` and
  ``similarity`` double, the rest string), one ``<attvalue>`` per known value (missing
  values are omitted, never written as empty text under a numeric type);
* two more node attributes for Gephi's Appearance panel: ``role`` (string: the colour of
  the view, to partition by) and ``claims_through`` (integer: the traced claims whose
  chain passes through the document, the size of the view, to rank by);
* ``viz:color``, ``viz:size`` and ``viz:position`` from :mod:`provenance.render.style`,
  so Gephi shows the colours, sizes and layout of the HTML view (the same numbers; the
  view flips y, because a canvas's y axis points down and Gephi's up);
* one ``<edge>`` per graph edge, parallel edges included, each with a unique ``id``, the
  native ``kind`` (``citation``/``republication``: Gephi 0.9+ keeps parallel edges of
  different kinds apart), a ``label``, a ``weight``, the colour and ``viz:thickness`` of
  the view and ``viz:shape`` ``dashed`` for republications; its ``start`` is the later of
  its two ends' dates, so an edge appears on the timeline when the page that used the
  information appeared.

Text from web pages may hold characters XML 1.0 forbids (NUL, form feed, lone
surrogates...): they are dropped. Output is deterministic: nodes and edges sorted, no
timestamp, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from provenance.models import EDGE_CITATION, EDGE_REPUBLICATION
from provenance.render import style
from provenance.render._attrs import (
    EDGE_ATTRIBUTES,
    INTEGER,
    NODE_ATTRIBUTES,
    STRING,
    StrPath,
    as_float,
    direction_note,
    infer_types,
    oriented,
    sorted_edges,
    sorted_nodes,
    typed_value,
    unique_xml_ids,
    xml_label,
    xml_text,
)

GEXF_NAMESPACE = "http://gexf.net/1.3"
VIZ_NAMESPACE = "http://gexf.net/1.3/viz"
GEXF_VERSION = "1.3"
CREATOR = "provenance"

# Every document edge is one link (or one republication); Gephi sums weights when it
# merges parallel edges, so 1.0 makes a merged edge count its links.
DEFAULT_EDGE_WEIGHT = 1.0

# Attributes the GEXF adds to each document for Gephi's Appearance panel (see the notes).
ROLE_ATTRIBUTE = "role"
CLAIMS_THROUGH_ATTRIBUTE = "claims_through"
DERIVED_NODE_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    (ROLE_ATTRIBUTE, STRING),
    (CLAIMS_THROUGH_ATTRIBUTE, INTEGER),
)

# The native edge weight is written as ``weight``; an attribute of that name would make
# a second, conflicting column in Gephi.
_NATIVE_EDGE_ATTRIBUTES = frozenset({"weight"})

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_HEX_COLOR = re.compile(r"#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})")


@dataclass(frozen=True)
class _NodeLook:
    """How one node is drawn and placed on the timeline."""

    label: str
    color: str
    size: float
    position: tuple[float, float] | None
    start: str
    extra: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class _EdgeLook:
    """How one edge is drawn."""

    label: str
    kind: str
    color: str
    weight: float
    thickness: float
    dashed: bool


def write_gexf(graph: nx.MultiDiGraph[Any], path: StrPath, *, direction: str = "flow") -> None:
    """Write the document graph (DESIGN section 3) as GEXF 1.3 for Gephi.

    Parameters
    ----------
    graph
        The document ``MultiDiGraph``: nodes keyed by canonical URL, edges pointing the
        way information flowed.
    path
        The file to write (conventionally ``graph.gexf``).
    direction
        ``"flow"`` (default) keeps the graph's direction, cited -> citing and
        original -> copy; ``"links"`` reverses every edge, the way the hyperlinks point.

    Node ``label`` is the title (the URL when there is none); node colour is the role
    (:func:`provenance.render.style.node_roles`), size the number of traced claims
    passing through the node, position the shared layout. Citation edges are labelled
    with their anchor text (else the cue), republication edges with their evidence.
    Every edge has weight 1.0 (an edge's own ``weight`` attribute, if it has one, wins).
    """
    roles = style.node_roles(graph)
    sizes = style.node_sizes(graph)
    through = style.claims_through(graph)
    positions = style.layout(graph, sizes=sizes)
    looks = {
        node: _NodeLook(
            label=xml_label(data.get("title") or "") or xml_label(data.get("url") or node),
            color=style.ROLE_COLORS[roles[node]],
            size=sizes[node],
            position=positions.get(str(node)),
            start=publication_date(data.get("published")),
            extra={ROLE_ATTRIBUTE: roles[node], CLAIMS_THROUGH_ATTRIBUTE: through[node]},
        )
        for node, data in graph.nodes(data=True)
    }
    document = _gexf_document(
        oriented(graph, direction),
        looks,
        _document_edge_look,
        node_types=infer_types(
            (data for _, data in sorted_nodes(graph)),
            known={**dict(NODE_ATTRIBUTES), **dict(DERIVED_NODE_ATTRIBUTES)},
        ),
        edge_types=infer_types(
            (data for *_, data in sorted_edges(graph)),
            known=dict(EDGE_ATTRIBUTES),
            skip=_NATIVE_EDGE_ATTRIBUTES,
        ),
        description="Documents and the attribution links between them. "
        + direction_note(direction),
    )
    Path(path).write_bytes(document)


def write_outlets_gexf(
    outlet_graph: nx.DiGraph[Any], path: StrPath, *, direction: str = "flow"
) -> None:
    """Write the aggregated outlet graph as GEXF 1.3 for Gephi.

    The outlet graph's attributes are not fixed by the contract, so they are declared
    from the values found: bool -> boolean, int -> integer (long past 32 bits), float ->
    double, anything else -> string; a mix of ints and floats is double, any other mix
    string. An edge ``weight`` becomes the native GEXF weight (default 1.0).

    Drawing, read from the attributes when present:

    * label: ``outlet_name``, else the node key (the outlet domain);
    * colour: :func:`provenance.render.style.outlet_role` (an explicit ``role``, else root
      when ``root`` is true, else intermediate), as in ``outlets.html``;
    * size: :func:`provenance.render.style.outlet_size` of ``articles`` (log scale), as
      in ``outlets.html``;
    * timeline start: ``first_published`` (its date);
    * edge colour and shape: ``kind`` when it is ``citation`` or ``republication``;
      otherwise the kind with the larger count among ``citations``/``citation`` and
      ``republications``/``republication`` (citation on a tie); thickness grows with the
      weight, as in ``outlets.html``.

    ``direction="links"`` reverses every edge, as for :func:`write_gexf`.
    """
    sizes = style.outlet_sizes(outlet_graph)
    positions = style.layout(outlet_graph, sizes=sizes, labels=style.outlet_labels(outlet_graph))
    looks = {
        node: _NodeLook(
            label=xml_label(data.get("outlet_name") or "") or xml_label(node),
            color=style.ROLE_COLORS[style.outlet_role(data)],
            size=sizes[str(node)],
            position=positions.get(str(node)),
            start=publication_date(data.get("first_published")),
        )
        for node, data in outlet_graph.nodes(data=True)
    }
    document = _gexf_document(
        oriented(outlet_graph, direction),
        looks,
        _outlet_edge_look,
        node_types=infer_types(data for _, data in sorted_nodes(outlet_graph)),
        edge_types=infer_types(
            (data for *_, data in sorted_edges(outlet_graph)), skip=_NATIVE_EDGE_ATTRIBUTES
        ),
        description="Outlets and the citations and republications between them. "
        + direction_note(direction),
    )
    Path(path).write_bytes(document)


def publication_date(published: object) -> str:
    """The ``YYYY-MM-DD`` date of an ISO 8601 date or datetime; empty when there is none
    or it is not a real calendar date."""
    if not isinstance(published, str):
        return ""
    match = _ISO_DATE.match(published.strip())
    if match is None:
        return ""
    try:
        return dt.date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return ""


def _document_edge_look(data: Mapping[str, Any]) -> _EdgeLook:
    kind = str(data.get("kind") or "")
    if kind == EDGE_REPUBLICATION:
        label = xml_label(data.get("evidence") or "")
        color = style.REPUBLICATION_EDGE_COLOR
    else:
        label = xml_label(data.get("anchor") or "") or xml_label(data.get("cue") or "")
        color = style.CITATION_EDGE_COLOR
    return _EdgeLook(
        label=label or xml_label(kind),
        kind=xml_label(kind),
        color=color,
        weight=_edge_weight(data),
        thickness=style.edge_width(kind == EDGE_REPUBLICATION),
        dashed=kind == EDGE_REPUBLICATION,
    )


def _outlet_edge_look(data: Mapping[str, Any]) -> _EdgeLook:
    kind = data.get("kind")
    if kind == EDGE_REPUBLICATION:
        republication = True
    elif kind == EDGE_CITATION:
        republication = False
    else:
        citations = _count(data, "citations", "citation")
        republications = _count(data, "republications", "republication")
        republication = republications > citations
    weight = _edge_weight(data)
    return _EdgeLook(
        label=xml_label(data.get("label") or ""),
        kind=xml_label(kind) if isinstance(kind, str) else "",
        color=style.REPUBLICATION_EDGE_COLOR if republication else style.CITATION_EDGE_COLOR,
        weight=weight,
        thickness=style.outlet_edge_width(weight),
        dashed=republication,
    )


def _count(data: Mapping[str, Any], *names: str) -> float:
    for name in names:
        number = as_float(data.get(name))
        if number is not None:
            return number
    return 0.0


def _edge_weight(data: Mapping[str, Any]) -> float:
    weight = as_float(data.get("weight"))
    return weight if weight is not None and weight >= 0 else DEFAULT_EDGE_WEIGHT


def _gexf_document(
    graph: nx.DiGraph[Any],
    looks: Mapping[Any, _NodeLook],
    edge_look: Callable[[Mapping[str, Any]], _EdgeLook],
    *,
    node_types: Mapping[str, str],
    edge_types: Mapping[str, str],
    description: str,
) -> bytes:
    """The serialised GEXF document of ``graph`` (already oriented)."""
    root = ET.Element(
        "gexf", {"xmlns": GEXF_NAMESPACE, "xmlns:viz": VIZ_NAMESPACE, "version": GEXF_VERSION}
    )
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = CREATOR
    ET.SubElement(meta, "description").text = description
    graph_element = ET.SubElement(
        root,
        "graph",
        {"defaultedgetype": "directed", "mode": "dynamic", "timeformat": "date"},
    )
    _declare_attributes(graph_element, "node", node_types)
    _declare_attributes(graph_element, "edge", edge_types)

    ids = unique_xml_ids(graph)
    nodes = sorted_nodes(graph)
    nodes_element = ET.SubElement(graph_element, "nodes", {"count": str(len(nodes))})
    for node, data in nodes:
        look = looks[node]
        attributes = {"id": ids[node], "label": look.label}
        if look.start:
            attributes["start"] = look.start
        node_element = ET.SubElement(nodes_element, "node", attributes)
        _add_attvalues(node_element, {**data, **look.extra}, node_types)
        _add_viz(node_element, look.color, look.size, look.position)

    edges = sorted_edges(graph)
    edges_element = ET.SubElement(graph_element, "edges", {"count": str(len(edges))})
    for index, (source, target, _, data) in enumerate(edges):
        edge = edge_look(data)
        attributes = {"id": str(index), "source": ids[source], "target": ids[target]}
        if edge.kind:
            attributes["kind"] = edge.kind
        if edge.label:
            attributes["label"] = edge.label
        attributes["weight"] = repr(edge.weight)
        # The edge exists from the day the later of its two pages appeared.
        start = max(looks[source].start, looks[target].start)
        if start:
            attributes["start"] = start
        edge_element = ET.SubElement(edges_element, "edge", attributes)
        _add_attvalues(edge_element, data, edge_types)
        _add_viz(edge_element, edge.color, None, None)
        ET.SubElement(edge_element, "viz:thickness", {"value": repr(float(edge.thickness))})
        ET.SubElement(edge_element, "viz:shape", {"value": "dashed" if edge.dashed else "solid"})

    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + text.encode("utf-8") + b"\n"


def _declare_attributes(parent: ET.Element, scope: str, types: Mapping[str, str]) -> None:
    if not types:
        return
    element = ET.SubElement(parent, "attributes", {"class": scope, "mode": "static"})
    for name, kind in types.items():
        title = xml_text(name)
        ET.SubElement(element, "attribute", {"id": title, "title": title, "type": kind})


def _add_attvalues(parent: ET.Element, data: Mapping[str, Any], types: Mapping[str, str]) -> None:
    values = []
    for name, kind in types.items():
        text = typed_value(data.get(name), kind)
        if text is not None:
            values.append((xml_text(name), xml_text(text)))
    if values:
        element = ET.SubElement(parent, "attvalues")
        for name, text in values:
            ET.SubElement(element, "attvalue", {"for": name, "value": text})


def _add_viz(
    parent: ET.Element,
    color: str,
    size: float | None,
    position: tuple[float, float] | None,
) -> None:
    match = _HEX_COLOR.fullmatch(color)
    if match is not None:
        red, green, blue = (str(int(channel, 16)) for channel in match.groups())
        ET.SubElement(parent, "viz:color", {"r": red, "g": green, "b": blue})
    if size is not None:
        ET.SubElement(parent, "viz:size", {"value": repr(float(max(0.0, size)))})
    if position is not None:
        x, y = position
        ET.SubElement(
            parent, "viz:position", {"x": repr(float(x)), "y": repr(float(y)), "z": "0.0"}
        )
