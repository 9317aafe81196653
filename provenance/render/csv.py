"""CSV tables of the document graph, for spreadsheets, pandas and R.

:func:`write_csv` writes three files into a folder:

* ``nodes.csv``: one row per document, the node attributes of DESIGN section 3 in
  contract order (:data:`NODE_CSV_COLUMNS`); ``url`` is the node key, which
  ``edges.csv`` refers to;
* ``edges.csv``: one row per edge, parallel edges included: ``source``, ``target``,
  ``key``, then the edge attributes in contract order (:data:`EDGE_CSV_COLUMNS`);
* ``claims.csv``: one row per traced claim, exactly :data:`provenance.models.CLAIM_COLUMNS`;
* ``passages.csv``: one row per page checked on a claim's chain (:data:`PASSAGE_CSV_COLUMNS`):
  the claim, the hop (0 is the citing article, counting towards where the trace stopped),
  the page, its outlet, its support score and the supporting passage.

``edges.csv`` carries the contract's edge attributes and then the analysis's additions
(:data:`provenance.render._attrs.EDGE_EXTRA_COLUMNS`: ``passage, decided_by, jaccard,
containment, credit``), the same fields GEXF, GraphML and ``edges_frame()`` hold.

Every file has a header, even when it has no rows. UTF-8 (no byte-order mark), the csv
module's minimal quoting (claims hold commas, quotes and newlines), ``\\r\\n`` row ends as
RFC 4180 has them. Empty cells are unknown values (a ``support`` that was not measured);
booleans are ``true``/``false``; list values are space-separated, as ``aliases`` is.
The columns are fixed lists, so they never depend on the graph.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from provenance.models import CLAIM_COLUMNS, TracedClaim
from provenance.render import style
from provenance.render._attrs import (
    EDGE_COLUMNS,
    EDGE_EXTRA_COLUMNS,
    NODE_COLUMNS,
    StrPath,
    oriented,
    plain_text,
    sorted_edges,
    sorted_nodes,
    unicode_text,
)

NODE_CSV_COLUMNS: tuple[str, ...] = NODE_COLUMNS
EDGE_CSV_COLUMNS: tuple[str, ...] = (
    "source",
    "target",
    "key",
    *EDGE_COLUMNS,
    *EDGE_EXTRA_COLUMNS,
)
CLAIM_CSV_COLUMNS: tuple[str, ...] = CLAIM_COLUMNS
PASSAGE_CSV_COLUMNS: tuple[str, ...] = ("claim_id", "hop", "url", "outlet", "support", "passage")

NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"
CLAIMS_FILE = "claims.csv"
PASSAGES_FILE = "passages.csv"


def write_csv(
    graph: nx.MultiDiGraph[Any], folder: StrPath, *, direction: str = "flow"
) -> list[Path]:
    """Write ``nodes.csv``, ``edges.csv``, ``claims.csv`` and ``passages.csv`` into
    ``folder`` (created when missing); returns the paths written.

    ``direction="links"`` swaps ``source`` and ``target`` in ``edges.csv`` (the way the
    hyperlinks point); the default ``"flow"`` keeps cited -> citing, original -> copy.
    The claims are ``graph.graph["claims"]``.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    write_nodes_csv(graph, out / NODES_FILE)
    write_edges_csv(graph, out / EDGES_FILE, direction=direction)
    write_claims_csv(style.claim_rows(graph), out / CLAIMS_FILE)
    write_passages_csv(graph, out / PASSAGES_FILE)
    return [out / name for name in (NODES_FILE, EDGES_FILE, CLAIMS_FILE, PASSAGES_FILE)]


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
            *(_cell(data.get(name)) for name in (*EDGE_COLUMNS, *EDGE_EXTRA_COLUMNS)),
        ]
        for source, target, key, data in sorted_edges(oriented(graph, direction))
    ]
    _write_table(path, EDGE_CSV_COLUMNS, rows)


def write_claims_csv(
    claims_rows: Iterable[Mapping[str, Any] | TracedClaim], path: StrPath | TextIO
) -> None:
    """Write the traced claims, columns exactly :data:`provenance.models.CLAIM_COLUMNS`.

    ``claims_rows`` are the dicts of ``graph.graph["claims"]`` (or ``TracedClaim``
    objects); rows keep their order, missing columns are empty, other keys (such as
    ``passages``) are left out. ``origin_urls`` and ``chain`` given as lists are written
    space-separated. ``path`` may also be an open text stream (``sys.stdout``).
    """
    rows = []
    for claim in claims_rows:
        record: Mapping[str, Any] = claim.row() if isinstance(claim, TracedClaim) else claim
        rows.append([_cell(record.get(name)) for name in CLAIM_CSV_COLUMNS])
    _write_table(path, CLAIM_CSV_COLUMNS, rows)


def write_passages_csv(graph: nx.MultiDiGraph[Any], path: StrPath) -> None:
    """Write one row per page checked on each claim's chain, columns
    :data:`PASSAGE_CSV_COLUMNS`, claims in their order, hops from the citing article."""
    rows = []
    for claim in style.claim_rows(graph):
        chain = str(plain_text(claim.get("chain") or "")).split()
        for passage in claim.get("passages") or ():
            if not isinstance(passage, Mapping):
                continue
            url = str(passage.get("url") or "")
            hop = len(chain) - 1 - chain.index(url) if url in chain else None
            outlet = style.outlet_label(graph.nodes[url]) if url in graph else ""
            rows.append(
                [
                    _cell(claim.get("claim_id")),
                    _cell(hop),
                    _cell(url),
                    _cell(outlet),
                    _cell(passage.get("support")),
                    _cell(passage.get("passage")),
                ]
            )
    _write_table(path, PASSAGE_CSV_COLUMNS, rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return unicode_text(plain_text(value))


def _write_table(
    path: StrPath | TextIO, header: Sequence[str], rows: Iterable[Sequence[str]]
) -> None:
    if not isinstance(path, str | os.PathLike):
        writer = csv.writer(path)
        writer.writerow(header)
        writer.writerows(rows)
        return
    with Path(path).open("w", encoding="utf-8", newline="") as stream:
        _write_table(stream, header, rows)
