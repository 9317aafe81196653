"""CSV tables of the document graph, for spreadsheets, pandas and R.

:func:`write_csv` writes three files into a folder:

* ``nodes.csv``: one row per document, the node attributes of DESIGN section 3 in
  contract order (:data:`NODE_CSV_COLUMNS`); ``url`` is the node key, which
  ``edges.csv`` refers to;
* ``edges.csv``: one row per edge, parallel edges included: ``source``, ``target``,
  ``key``, then the edge attributes in contract order (:data:`EDGE_CSV_COLUMNS`);
* ``claims.csv``: one row per traced claim, exactly :data:`provenance.models.CLAIM_COLUMNS`.

Every file has a header, even when it has no rows. UTF-8 (no byte-order mark), the csv
module's minimal quoting (claims hold commas, quotes and newlines), ``\\r\\n`` row ends as
RFC 4180 has them. Empty cells are unknown values (a ``support`` that was not measured);
booleans are ``true``/``false``; list values are space-separated, as ``aliases`` is.
Only the contract's columns are written, so the columns never depend on the graph.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from provenance.models import CLAIM_COLUMNS, TracedClaim
from provenance.render import style
from provenance.render._attrs import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    StrPath,
    oriented,
    plain_text,
    sorted_edges,
    sorted_nodes,
    unicode_text,
)

NODE_CSV_COLUMNS: tuple[str, ...] = NODE_COLUMNS
EDGE_CSV_COLUMNS: tuple[str, ...] = ("source", "target", "key", *EDGE_COLUMNS)
CLAIM_CSV_COLUMNS: tuple[str, ...] = CLAIM_COLUMNS

NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"
CLAIMS_FILE = "claims.csv"


def write_csv(graph: nx.MultiDiGraph[Any], folder: StrPath, *, direction: str = "flow") -> None:
    """Write ``nodes.csv``, ``edges.csv`` and ``claims.csv`` into ``folder`` (created when
    missing).

    ``direction="links"`` swaps ``source`` and ``target`` in ``edges.csv`` (the way the
    hyperlinks point); the default ``"flow"`` keeps cited -> citing, original -> copy.
    The claims are ``graph.graph["claims"]``.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    write_nodes_csv(graph, out / NODES_FILE)
    write_edges_csv(graph, out / EDGES_FILE, direction=direction)
    write_claims_csv(style.claim_rows(graph), out / CLAIMS_FILE)


def write_nodes_csv(graph: nx.MultiDiGraph[Any], path: StrPath) -> None:
    """Write one row per node, columns :data:`NODE_CSV_COLUMNS`, sorted by URL."""
    rows = []
    for node, data in sorted_nodes(graph):
        row = [_cell(data.get(name)) for name in NODE_CSV_COLUMNS]
        row[0] = _cell(node)
        rows.append(row)
    _write_table(path, NODE_CSV_COLUMNS, rows)


def write_edges_csv(graph: nx.MultiDiGraph[Any], path: StrPath, *, direction: str = "flow") -> None:
    """Write one row per edge, columns :data:`EDGE_CSV_COLUMNS`, sorted by source, target
    and key."""
    rows = [
        [
            _cell(source),
            _cell(target),
            _cell(key),
            *(_cell(data.get(name)) for name in EDGE_COLUMNS),
        ]
        for source, target, key, data in sorted_edges(oriented(graph, direction))
    ]
    _write_table(path, EDGE_CSV_COLUMNS, rows)


def write_claims_csv(claims_rows: Iterable[Mapping[str, Any] | TracedClaim], path: StrPath) -> None:
    """Write the traced claims, columns exactly :data:`provenance.models.CLAIM_COLUMNS`.

    ``claims_rows`` are the dicts of ``graph.graph["claims"]`` (or ``TracedClaim``
    objects); rows keep their order, missing columns are empty, other keys (such as
    ``passages``) are left out. ``origin_urls`` and ``chain`` given as lists are written
    space-separated.
    """
    rows = []
    for claim in claims_rows:
        record: Mapping[str, Any] = claim.row() if isinstance(claim, TracedClaim) else claim
        rows.append([_cell(record.get(name)) for name in CLAIM_CSV_COLUMNS])
    _write_table(path, CLAIM_CSV_COLUMNS, rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return unicode_text(plain_text(value))


def _write_table(path: StrPath, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
