"""Views and exports: everything here only reads a finished graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from provenance.render import style
from provenance.render._attrs import check_direction
from provenance.render.csv import write_claims_csv, write_csv
from provenance.render.gexf import write_gexf, write_outlets_gexf
from provenance.render.graphml import write_graphml
from provenance.render.html import render_html, write_html
from provenance.render.json import read_json, write_json
from provenance.render.prov import write_prov

__all__ = [
    "read_json",
    "render_html",
    "write_all",
    "write_claims_csv",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_html",
    "write_json",
    "write_outlets_gexf",
    "write_prov",
]

# The files of a trace's output folder (DESIGN section 3), besides the crawl store and WARC.
OUTPUT_FILES = (
    "graph.html",
    "outlets.html",
    "graph.gexf",
    "outlets.gexf",
    "graph.graphml",
    "graph.json",
    "nodes.csv",
    "edges.csv",
    "claims.csv",
    "passages.csv",
    "prov.json",
)


def view_title(graph: nx.MultiDiGraph[Any]) -> str:
    """``provenance: <title of the root article>``, or ``provenance`` when the graph has
    no root or several."""
    roots = [node for node, data in graph.nodes(data=True) if data.get("root") is True]
    if len(roots) == 1:
        title = " ".join(str(graph.nodes[roots[0]].get("title") or "").split())
        if title:
            return f"provenance: {title}"
    return "provenance"


def write_all(
    graph: nx.MultiDiGraph[Any],
    outlets: nx.DiGraph[Any],
    folder: Path,
    *,
    direction: str = "flow",
    title: str | None = None,
) -> list[Path]:
    """Write every view and export of a trace into ``folder``; returns the paths written.

    The two HTML views link to each other by file name, so the folder can be moved or
    opened from ``file://``. ``title`` heads the views; by default ``provenance: `` and
    the title of the root article (when there is one root with a title). ``direction``
    (``"flow"`` or ``"links"``) applies to the GEXF, GraphML, JSON and CSV files; the
    views and PROV always show the flow.
    """
    check_direction(direction)
    outlets = style.annotate_outlets(outlets, graph)
    if title is None:
        title = view_title(graph)
    write_html(graph, folder / "graph.html", title=title, companion="outlets.html")
    write_html(
        outlets,
        folder / "outlets.html",
        title=f"{title} (outlets)",
        outlets=True,
        companion="graph.html",
    )
    write_gexf(graph, folder / "graph.gexf", direction=direction)
    write_outlets_gexf(outlets, folder / "outlets.gexf", direction=direction)
    write_graphml(graph, folder / "graph.graphml", direction=direction)
    write_json(graph, folder / "graph.json", direction=direction)
    write_csv(graph, folder, direction=direction)
    write_prov(graph, folder / "prov.json")
    return [folder / name for name in OUTPUT_FILES]
