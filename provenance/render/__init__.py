"""Views and exports: everything here only reads a finished graph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

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
    "prov.json",
)


def write_all(
    graph: nx.MultiDiGraph[Any],
    outlets: nx.DiGraph[Any],
    folder: Path,
    *,
    direction: str = "flow",
    title: str = "provenance",
) -> list[Path]:
    """Write every view and export of a trace into ``folder``; returns the paths written."""
    write_html(graph, folder / "graph.html", title=title)
    write_html(outlets, folder / "outlets.html", title=f"{title}: outlets", outlets=True)
    write_gexf(graph, folder / "graph.gexf", direction=direction)
    write_outlets_gexf(outlets, folder / "outlets.gexf", direction=direction)
    write_graphml(graph, folder / "graph.graphml", direction=direction)
    write_json(graph, folder / "graph.json", direction=direction)
    write_csv(graph, folder, direction=direction)
    write_prov(graph, folder / "prov.json")
    return [folder / name for name in OUTPUT_FILES]
