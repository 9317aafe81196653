"""What every exporter shares: the attribute schema of the graph contract, edge direction,
deterministic ordering and text cleaning.

The names and types below are the public interface of DESIGN section 3; the GEXF, GraphML,
JSON, CSV and PROV writers all read them from here so that the files agree with each other.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import networkx as nx

StrPath = str | os.PathLike[str]
"""A file or folder path as the writers accept it."""

Direction = Literal["flow", "links"]
"""``flow``: edges point the way information travelled (cited -> citing, original -> copy),
as in the graph itself. ``links``: every edge reversed, the way the hyperlinks point."""

DIRECTIONS: tuple[Direction, ...] = ("flow", "links")

# Attribute types, named as GEXF names them; the other formats map them to their own.
STRING = "string"
INTEGER = "integer"
LONG = "long"
DOUBLE = "double"
BOOLEAN = "boolean"

NODE_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("url", STRING),
    ("kind", STRING),
    ("outlet", STRING),
    ("outlet_name", STRING),
    ("title", STRING),
    ("authors", STRING),
    ("published", STRING),
    ("language", STRING),
    ("status", STRING),
    ("depth", INTEGER),
    ("root", BOOLEAN),
    ("aliases", STRING),
    ("archived_from", STRING),
)
"""Node attributes of the graph contract, in contract order, with their types."""

EDGE_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("kind", STRING),
    ("claim_id", STRING),
    ("claim", STRING),
    ("anchor", STRING),
    ("cue", STRING),
    ("support", DOUBLE),
    ("evidence", STRING),
    ("similarity", DOUBLE),
)
"""Edge attributes of the graph contract, in contract order, with their types."""

EDGE_EXTRA_ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("passage", STRING),
    ("decided_by", STRING),
    ("jaccard", DOUBLE),
    ("containment", DOUBLE),
    ("credit", STRING),
)
"""Edge attributes the analysis adds beyond the design's contract (README, "The graph
contract"): every export carries them, so a reader can check each decision in any file.
``passage`` is set on citation edges, the other four on republication edges."""

NODE_COLUMNS: tuple[str, ...] = tuple(name for name, _ in NODE_ATTRIBUTES)
EDGE_COLUMNS: tuple[str, ...] = tuple(name for name, _ in EDGE_ATTRIBUTES)
EDGE_EXTRA_COLUMNS: tuple[str, ...] = tuple(name for name, _ in EDGE_EXTRA_ATTRIBUTES)

# Gephi stores integer columns as Java ints; a larger value needs a ``long`` column.
_INT32_MAX = 2**31 - 1

# Characters XML 1.0 forbids anywhere in a document (C0 controls other than tab, newline
# and carriage return; lone UTF-16 surrogates; U+FFFE and U+FFFF). Web pages carry them
# (NUL bytes, form feeds, broken emoji halves); an XML writer must drop them.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# xsd:token (the type of GEXF labels) collapses these four, and only these, characters.
_XML_WHITESPACE_RUN = re.compile("[ \t\n\r]+")


def check_direction(direction: str) -> Direction:
    """``direction`` itself when it is ``"flow"`` or ``"links"``, else a ``ValueError``."""
    if direction == "flow":
        return "flow"
    if direction == "links":
        return "links"
    raise ValueError(f"direction must be 'flow' or 'links', not {direction!r}")


def oriented(graph: nx.DiGraph[Any], direction: str) -> nx.DiGraph[Any]:
    """The graph with its edges pointing the requested way (a reversed copy for ``links``).

    Node, edge and graph attributes and edge keys are kept; the input is never modified.
    """
    if check_direction(direction) == "links":
        return graph.reverse(copy=True)
    return graph


def direction_note(direction: str) -> str:
    """One sentence telling a reader of an exported file which way its edges point."""
    if check_direction(direction) == "links":
        return "Edges point the way hyperlinks point: citing -> cited, copy -> original."
    return "Edges point the way information flowed: cited -> citing, original -> copy."


def _key_order(key: object) -> tuple[int, int, str]:
    # Integer keys in numeric order (so 10 follows 9), anything else by its text after them.
    if isinstance(key, int) and not isinstance(key, bool):
        return (0, key, "")
    return (1, 0, str(key))


def sorted_nodes(graph: nx.Graph[Any]) -> list[tuple[Any, dict[str, Any]]]:
    """``(node, attributes)`` pairs ordered by the node's text, independent of insertion."""
    return sorted(graph.nodes(data=True), key=lambda item: str(item[0]))


def sorted_edges(graph: nx.Graph[Any]) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    """``(source, target, key, attributes)`` in a stable order; ``key`` is None unless the
    graph is a multigraph."""
    edges: list[tuple[Any, Any, Any, dict[str, Any]]]
    if isinstance(graph, nx.MultiGraph):
        edges = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    else:
        edges = [(u, v, None, d) for u, v, d in graph.edges(data=True)]
    return sorted(edges, key=lambda e: (str(e[0]), str(e[1]), _key_order(e[2])))


def xml_text(value: object) -> str:
    """``value`` as text with every character XML 1.0 forbids removed."""
    return _XML_FORBIDDEN.sub("", str(value))


def unique_xml_ids(graph: nx.Graph[Any]) -> dict[Any, str]:
    """A distinct XML-safe id for each node: its key, cleaned of forbidden characters.

    A key that needed no cleaning keeps its text; a cleaned key that now collides with
    another node's gets ``~2``, ``~3``, ... appended (in sorted order).
    """
    nodes = [node for node, _ in sorted_nodes(graph)]
    ids: dict[Any, str] = {}
    used: set[str] = set()
    for node in nodes:
        text = str(node)
        if text and xml_text(text) == text and text not in used:
            ids[node] = text
            used.add(text)
    for node in nodes:
        if node in ids:
            continue
        base = xml_text(node) or "node"
        candidate, number = base, 1
        while candidate in used:
            number += 1
            candidate = f"{base}~{number}"
        used.add(candidate)
        ids[node] = candidate
    return ids


def xml_label(value: object) -> str:
    """XML-safe text with whitespace runs collapsed, for one-line labels."""
    return _XML_WHITESPACE_RUN.sub(" ", xml_text(value)).strip()


def unicode_text(value: object) -> str:
    """``value`` as text that encodes to UTF-8: lone surrogates become U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", str(value))


def value_type(value: object) -> str | None:
    """The attribute type a single value needs, or None when the value is to be omitted
    (``None`` and non-finite floats)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return LONG if abs(value) > _INT32_MAX else INTEGER
    if isinstance(value, float):
        return DOUBLE if math.isfinite(value) else None
    return STRING


def merge_types(first: str, second: str) -> str:
    """The narrowest type that holds values of both types."""
    if first == second:
        return first
    numeric = {INTEGER, LONG, DOUBLE}
    if first in numeric and second in numeric:
        if DOUBLE in (first, second):
            return DOUBLE
        return LONG
    return STRING


def infer_types(
    records: Iterable[Mapping[str, Any]],
    known: Mapping[str, str] | None = None,
    skip: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """Attribute name -> type for a set of attribute dicts.

    Names in ``known`` come first, in its order and with its types (so a contract
    attribute keeps its declared type even when every value is missing); the others follow
    in order of first appearance, each with the narrowest type that holds all its values.
    Names in ``skip`` are left out.
    """
    types: dict[str, str] = {name: kind for name, kind in (known or {}).items() if name not in skip}
    fixed = set(types)
    for record in records:
        for name, value in record.items():
            name = str(name)
            if name in skip or name in fixed:
                continue
            kind = value_type(value)
            if kind is None:
                continue
            types[name] = merge_types(types[name], kind) if name in types else kind
    return types


def typed_value(value: object, kind: str) -> str | None:
    """``value`` written as text for an attribute of type ``kind``; None to omit it.

    Strings are returned as they are: an XML writer still has to pass them through
    :func:`xml_text`.

    Contract values that arrive in a looser form (``depth`` as ``"2"``, ``support`` as an
    int) are converted; a value that cannot be converted is omitted rather than written
    under the wrong type.
    """
    if value is None:
        return None
    if kind == BOOLEAN:
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered in ("true", "1", "yes"):
                return "true"
            if lowered in ("false", "0", "no", ""):
                return "false"
            return None
        return "true" if value else "false"
    if kind in (INTEGER, LONG):
        if isinstance(value, bool):
            return str(int(value))
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            return str(int(value))
        return None
    if kind == DOUBLE:
        number = as_float(value)
        return None if number is None else repr(number)
    return plain_text(value)


def plain_text(value: object) -> str:
    """A value as one text cell: sequences joined by spaces (as ``aliases`` is), mappings
    as sorted JSON, anything else through ``str``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return " ".join(plain_text(item) for item in value)
    if isinstance(value, set | frozenset):
        return " ".join(sorted(plain_text(item) for item in value))
    if isinstance(value, Mapping):
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return str(value)


def as_float(value: object) -> float | None:
    """A finite float from a number or numeric text; None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None
