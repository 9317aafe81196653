"""The traced claims for a terminal, a script or a spreadsheet: ``provenance claims``.

Three forms of the same rows:

* :func:`claims_table`: aligned columns for a terminal; long cells are cut with ``…``
  (``full=True`` cuts nothing). ``claim_id`` is never cut: it is what ``t.chain(id)``
  takes.
* :func:`claims_json`: a JSON array, one object per claim: the ``claims.csv`` columns
  (``origin_urls`` and ``chain`` as lists, ``hops`` an int), then ``root``,
  ``origin_outlets`` and ``passages``.
* ``claims.csv`` itself: :func:`provenance.render.csv.write_claims_csv`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import networkx as nx

from provenance.models import TracedClaim
from provenance.render import style

TABLE_COLUMNS = ("claim_id", "status", "hops", "cue", "anchor", "root", "origin", "claim")
"""The columns of :func:`claims_table`."""

# Widest a cell may be before it is cut (``full=False``): enough for a domain and the
# start of a path, an anchor of a few words, and the claim's first clause. URLs and text
# cut here are whole in --full, --format json and --format csv.
CELL_MAX = {"cue": 16, "anchor": 24, "root": 40, "origin": 56, "claim": 64}

NO_CLAIMS = (
    "no claims traced: the root article(s) have no attribution link that was followed"
    " (see `provenance info` for what was fetched)"
)


def claim_root(claim: TracedClaim) -> str:
    """The root article a claim belongs to: the page whose sentence carries it."""
    return claim.citing_url


def origin_outlets(claim: TracedClaim, graph: nx.MultiDiGraph[str]) -> list[str]:
    """The outlet name of each origin URL, as the view labels it."""
    return [
        style.outlet_label(graph.nodes[url]) if url in graph else "" for url in claim.origin_urls
    ]


def _origin_cell(claim: TracedClaim, graph: nx.MultiDiGraph[str]) -> str:
    names = origin_outlets(claim, graph)
    parts = [
        f"{name} {url}" if name else url for name, url in zip(names, claim.origin_urls, strict=True)
    ]
    return "; ".join(parts) or "-"


def claims_table(
    claims: Sequence[TracedClaim], graph: nx.MultiDiGraph[str], *, full: bool = False
) -> str:
    """Aligned columns :data:`TABLE_COLUMNS`, one line per claim (text on one line)."""
    if not claims:
        return NO_CLAIMS
    rows: list[list[str]] = [list(TABLE_COLUMNS)]
    for claim in claims:
        cells = {
            "claim_id": claim.claim_id,
            "status": claim.status,
            "hops": str(claim.hops),
            "cue": claim.cue or "-",
            "anchor": claim.anchor or "-",
            "root": claim_root(claim),
            "origin": _origin_cell(claim, graph),
            "claim": claim.claim,
        }
        row = []
        for name in TABLE_COLUMNS:
            text = " ".join(cells[name].split())
            if not full and name in CELL_MAX:
                text = style.clip(text, CELL_MAX[name])
            row.append(text)
        rows.append(row)
    widths = [max(len(row[column]) for row in rows) for column in range(len(TABLE_COLUMNS) - 1)]
    lines = []
    for row in rows:
        padded = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
        lines.append("  ".join([*padded, row[-1]]).rstrip())
    return "\n".join(lines)


def claim_records(
    claims: Sequence[TracedClaim], graph: nx.MultiDiGraph[str]
) -> list[dict[str, Any]]:
    """One JSON-ready dict per claim (see the module docstring)."""
    records = []
    for claim in claims:
        record: dict[str, Any] = dict(claim.row())
        record["origin_urls"] = list(claim.origin_urls)
        record["chain"] = list(claim.chain)
        record["hops"] = claim.hops
        record["root"] = claim_root(claim)
        record["origin_outlets"] = origin_outlets(claim, graph)
        record["passages"] = [
            {"url": url, "support": support, "passage": passage}
            for url, support, passage in claim.passages
        ]
        records.append(record)
    return records


def claims_json(claims: Sequence[TracedClaim], graph: nx.MultiDiGraph[str]) -> str:
    """:func:`claim_records` as an indented JSON array."""
    return json.dumps(claim_records(claims, graph), indent=2, ensure_ascii=False)
