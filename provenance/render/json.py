"""``graph.json``: the document graph as networkx node-link data.

The file is ``networkx.node_link_data(graph, edges="edges")``: ``directed``,
``multigraph``, ``graph`` (the graph attributes, with ``roots`` and the traced
``claims``), ``nodes`` (each ``{"id": url, ...attributes}``) and ``edges`` (each
``{"source", "target", "key", ...attributes}``). It is the lossless export: a missing
``support`` is ``null``, claims keep their ``passages``, and :func:`read_json` gives back
an equal graph. Any JavaScript or Python JSON parser reads it (d3, graphology's
``import``, pandas ``json_normalize``).

Written with indent 2, sorted keys, nodes and edges in sorted order, UTF-8 without
escapes where possible; so the same graph always gives the same bytes. Strict JSON:
non-finite floats (which JSON cannot hold) are written as ``null``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from provenance.render._attrs import StrPath, oriented, sorted_edges, sorted_nodes


def write_json(graph: nx.MultiDiGraph[Any], path: StrPath, *, direction: str = "flow") -> None:
    """Write the document graph as node-link JSON (conventionally ``graph.json``).

    Parameters
    ----------
    graph
        The document ``MultiDiGraph`` of DESIGN section 3.
    path
        The file to write.
    direction
        ``"flow"`` (default): cited -> citing, original -> copy; ``"links"``: every edge
        reversed, the way the hyperlinks point; the file then says so in the graph
        attribute ``direction`` (``"links"``). A ``flow`` file holds the graph attributes
        exactly as they are, so that :func:`read_json` gives back an equal graph.
    """
    Path(path).write_bytes(json_bytes(graph, direction=direction))


def json_bytes(graph: nx.MultiDiGraph[Any], *, direction: str = "flow") -> bytes:
    """The bytes :func:`write_json` writes."""
    data = node_link(oriented(graph, direction))
    if direction == "links":
        data["graph"]["direction"] = "links"
    try:
        text = _dumps(data, ensure_ascii=False)
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (half of a broken emoji) cannot be UTF-8; JSON's \\u escapes
        # carry it exactly, so fall back to them rather than lose or alter text.
        return _dumps(data, ensure_ascii=True).encode("ascii")


def read_json(path: StrPath) -> nx.MultiDiGraph[Any]:
    """Read a graph written by :func:`write_json` (or any node-link JSON with edges under
    ``"edges"``) as a ``MultiDiGraph``.

    Raises ``ValueError`` naming the file when it is not JSON node-link data.
    """
    location = Path(path)
    try:
        data = json.loads(location.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{location}: not a JSON file ({error})") from error
    if not isinstance(data, dict) or "nodes" not in data or "edges" not in data:
        raise ValueError(f"{location}: not node-link graph data (no 'nodes' and 'edges')")
    try:
        graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError, nx.NetworkXError) as error:
        raise ValueError(f"{location}: malformed node-link graph data ({error!r})") from error
    if not isinstance(graph, nx.MultiDiGraph):
        graph = nx.MultiDiGraph(graph)
    return graph


def node_link(graph: nx.DiGraph[Any]) -> dict[str, Any]:
    """Node-link data of ``graph`` with nodes and edges in sorted order and every value
    made JSON-safe (tuples as lists, non-finite floats as null, other objects as text)."""
    ordered: nx.DiGraph[Any] = nx.MultiDiGraph() if graph.is_multigraph() else nx.DiGraph()
    ordered.graph.update(_jsonable(dict(graph.graph)))
    for node, data in sorted_nodes(graph):
        ordered.add_node(node, **_jsonable(data))
    for source, target, key, data in sorted_edges(graph):
        if graph.is_multigraph():
            ordered.add_edge(source, target, key=key, **_jsonable(data))
        else:
            ordered.add_edge(source, target, **_jsonable(data))
    result: dict[str, Any] = nx.node_link_data(ordered, edges="edges")
    return result


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((_jsonable(item) for item in value), key=str)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


def _dumps(data: Mapping[str, Any], *, ensure_ascii: bool) -> str:
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=ensure_ascii, allow_nan=False)
    return text + "\n"
