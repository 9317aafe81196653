"""The interactive, self-contained HTML view of a citation graph (pyvis / vis-network).

``render_html(graph)`` turns the document graph of DESIGN section 3 into one HTML file:
the graph drawn with vis-network (nodes coloured by role, sized by the claims passing
through them, placed by the shared deterministic layout), a claims panel (click a claim to
highlight its chain, hop by hop with the supporting passages), a details panel, a search
box and filters by outlet and by kind. ``render_html(outlet_graph, outlets=True)`` draws
the aggregated outlet graph instead.

Why we do not use pyvis's own template: even with ``cdn_resources="in_line"`` it loads
bootstrap from a CDN, and it pastes node data into JavaScript through Jinja. So pyvis's
``Network`` holds the nodes, edges and options (filled directly, in linear time: its
``from_nx`` checks list membership per node and takes seconds for 10k nodes), its
bundled vis-network is inlined, and our small page in ``templates/`` draws them.

Every string in the graph comes from web pages someone else wrote. It reaches the page
only as JSON in a non-executed ``<script type="application/json">`` block with ``<``,
``>``, ``&`` and the JavaScript line separators escaped, and the page script builds the
DOM with ``textContent`` only. A Content-Security-Policy allows only the page's own two
scripts (by hash) and no fetch of any kind, so even a bug cannot reach the network.

The output depends only on the graph: the same graph gives byte-identical HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, cast

import networkx as nx
from pyvis.network import Network

from provenance.models import (
    CLAIM_STATUSES,
    EDGE_CITATION,
    EDGE_REPUBLICATION,
    STATUS_CIRCULAR,
    STATUS_DEAD_END,
    STATUS_ORIGIN,
    STATUS_PRIMARY,
    STATUS_TRUNCATED,
    STATUS_UNSUPPORTED,
)
from provenance.render import style

__all__ = ["render_html", "write_html"]

# Above this many nodes the view switches to cheap drawing: straight edges, and edges
# hidden while dragging or zooming, so 10k nodes stay responsive (the same threshold
# switches the layout from columns to forces and the labels to a smaller font).
LARGE_GRAPH_NODES = style.LARGE_GRAPH_NODES

# Physics stays off at every size: positions come from ``style.layout`` (computed in
# Python, fast at 10k nodes) so the browser shows the same picture as Gephi, the page
# opens without a simulation (vis-network's takes tens of seconds past 1-2k nodes), and
# nothing in the drawing depends on timing.
PHYSICS_ENABLED = False

# Page text can be arbitrarily long (a hostile title of a megabyte); these caps keep the
# file bounded. URLs are never cut: they are the node keys.
LABEL_MAX = style.LABEL_MAX
TOOLTIP_TEXT_MAX = 300
TEXT_MAX = 2_000
PASSAGE_MAX = 1_500

# Parallel edges (several claims citing the same page) are bent apart by this much each.
PARALLEL_EDGE_ROUNDNESS = 0.15

REPUBLICATION_DASHES = (6, 4)

# The node where a trace stopped short of an origin (dead link, loop, unsupported page,
# limit) carries this mark and the reason under its label, so the graph shows at a glance
# where each chain ended without a source. Origins and primary sources are already told
# apart by their colour.
STOP_MARK = "✕"
STOP_STATUSES = (STATUS_DEAD_END, STATUS_CIRCULAR, STATUS_UNSUPPORTED, STATUS_TRUNCATED)

# One badge colour per claim status (text colour chosen for contrast). Origin and primary
# reuse the role colours of the nodes they point to; the others only need to differ.
STATUS_COLORS: dict[str, tuple[str, str]] = {
    STATUS_ORIGIN: (style.ROLE_COLORS[style.ROLE_ORIGIN], "#ffffff"),
    STATUS_PRIMARY: (style.ROLE_COLORS[style.ROLE_PRIMARY], "#000000"),
    STATUS_DEAD_END: ("#555555", "#ffffff"),
    STATUS_CIRCULAR: ("#009E73", "#ffffff"),
    STATUS_UNSUPPORTED: ("#F0E442", "#000000"),
    STATUS_TRUNCATED: ("#DDDDDD", "#000000"),
}

# Outlet view: the outlets of the root articles, and all others (coloured as in
# outlets.gexf: ``style.outlet_role``); sizes from ``style.outlet_size``.
OUTLET_ROLE = "outlet"
OUTLET_COLORS = {
    style.ROLE_ROOT: style.ROLE_COLORS[style.ROLE_ROOT],
    OUTLET_ROLE: style.ROLE_COLORS[style.ROLE_INTERMEDIATE],
}

# The companion page (graph.html <-> outlets.html) is linked by a bare file name, so the
# link works from file:// and wherever the folder is moved.
_COMPANION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.html")

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

_TEMPLATES = "provenance.render"
_VIS = ("pyvis", "templates/lib/vis-9.1.2/vis-network.min.js")
_VIS_CSS = ("pyvis", "templates/lib/vis-9.1.2/vis-network.css")
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
_SCRIPT_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def render_html(
    graph: nx.DiGraph[Any],
    *,
    title: str = "provenance",
    outlets: bool = False,
    companion: str | None = None,
) -> str:
    """The interactive view of ``graph`` as one self-contained HTML page.

    ``graph`` is the document graph of DESIGN section 3 (claims read from
    ``graph.graph["claims"]``), or, with ``outlets=True``, the outlet graph (node
    attributes ``outlet_name``, ``articles``, ``first_published``; edge attributes
    ``weight``, ``citations``, ``republications``). ``title`` heads the page; it is
    escaped like everything else. ``companion`` is the file name of the other view in
    the same folder (``"outlets.html"`` from the document view, ``"graph.html"`` from the
    outlet view): the page links to it. The page makes no network request and the result
    is byte-identical for the same graph.
    """
    if companion is not None and not _COMPANION_NAME.fullmatch(companion):
        raise ValueError(f"companion must be a bare .html file name, not {companion!r}")
    if outlets:
        network, view = _outlet_network(graph)
    else:
        documents = graph if isinstance(graph, nx.MultiDiGraph) else nx.MultiDiGraph(graph)
        network, view = _document_network(documents)
    nodes, edges, _heading, _height, _width, _options = network.get_network_data()
    view["nodes"] = nodes
    view["edges"] = edges
    view["options"] = network.options
    return _page(title, _script_json(view), _companion_link(companion, outlets=outlets))


def write_html(
    graph: nx.DiGraph[Any],
    path: str | Path,
    *,
    title: str = "provenance",
    outlets: bool = False,
    companion: str | None = None,
) -> None:
    """Write ``render_html(graph, ...)`` to ``path`` (UTF-8)."""
    page = render_html(graph, title=title, outlets=outlets, companion=companion)
    Path(path).write_text(page, encoding="utf-8")


# --- the document graph -------------------------------------------------------------------


def _document_network(graph: nx.MultiDiGraph[Any]) -> tuple[Any, dict[str, Any]]:
    roles = style.node_roles(graph)
    sizes = style.node_sizes(graph)
    labels = style.node_labels(graph)
    positions = style.layout(graph, sizes=sizes, labels=labels)
    large = graph.number_of_nodes() > LARGE_GRAPH_NODES
    network = _new_network(large)
    stops = _stops(style.claim_rows(graph))

    ids: dict[str, str] = {}
    documents: list[dict[str, Any]] = []
    for node in sorted(graph.nodes, key=str):
        data = graph.nodes[node]
        url = str(node)
        role = roles.get(node, style.ROLE_INTERMEDIATE)
        outlet = _text(data.get("outlet"))
        outlet_name = _text(data.get("outlet_name"))
        title = _text(data.get("title"), TEXT_MAX)
        kind = _text(data.get("kind"))
        published = _text(data.get("published"))
        tooltip = [_clip(title or url, TOOLTIP_TEXT_MAX)]
        tooltip.append(
            " · ".join(part for part in (outlet_name or outlet, kind, published) if part)
        )
        tooltip.append(_clip(url, TOOLTIP_TEXT_MAX))
        stopped = stops.get(url, [])
        if stopped:
            tooltip.append(f"{STOP_MARK} a trace stopped here: {', '.join(stopped)}")
        node_label = _clip(labels[url], LABEL_MAX)
        network.nodes.append(
            _vis_node(
                _node_id(ids, url),
                url,
                label=f"{node_label}\n{STOP_MARK} {', '.join(stopped)}" if stopped else node_label,
                color=style.ROLE_COLORS[role],
                size=sizes.get(node, style.SIZE_MIN),
                position=positions.get(url, (0.0, 0.0)),
                tooltip="\n".join(line for line in tooltip if line),
                root=bool(data.get("root")),
            )
        )
        documents.append(
            {
                "url": url,
                "role": role,
                "kind": kind,
                "outlet": outlet,
                "outlet_name": outlet_name,
                "title": title,
                "authors": _text(data.get("authors"), TEXT_MAX),
                "published": published,
                "language": _text(data.get("language")),
                "status": _text(data.get("status")),
                "depth": _integer(data.get("depth")),
                "root": bool(data.get("root")),
                "aliases": _text(data.get("aliases")).split(),
                "archived_from": _text(data.get("archived_from")),
                "stopped": stopped,
            }
        )

    links: list[dict[str, Any]] = []
    for index, (source, target, attrs, bend) in enumerate(_edges(graph)):
        republication = attrs.get("kind") == EDGE_REPUBLICATION
        link = {
            "kind": EDGE_REPUBLICATION if republication else _text(attrs.get("kind")),
            "claim_id": _text(attrs.get("claim_id")),
            "claim": _text(attrs.get("claim"), TEXT_MAX),
            "anchor": _text(attrs.get("anchor"), TEXT_MAX),
            "cue": _text(attrs.get("cue")),
            "support": _number(attrs.get("support")),
            "evidence": _text(attrs.get("evidence")),
            "similarity": _number(attrs.get("similarity")),
        }
        links.append(link)
        network.edges.append(
            _vis_edge(
                index,
                ids[source],
                ids[target],
                republication=republication,
                width=style.edge_width(republication),
                tooltip=_edge_tooltip(link),
                bend=0 if large else bend,
            )
        )

    view: dict[str, Any] = {
        "mode": "documents",
        "documents": documents,
        "links": links,
        "claims": [_claim(row) for row in style.claim_rows(graph)],
        "legend": {
            "roles": [[role, colour] for role, colour in style.ROLE_COLORS.items()],
            "edges": _edge_legend(),
        },
        "statuses": _status_legend(),
        "stop_mark": STOP_MARK,
    }
    return network, view


def _stops(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """URL -> the statuses of the claims whose trace stopped there short of an origin."""
    stops: dict[str, list[str]] = {}
    for row in rows:
        status = _text(row.get("status"))
        chain = _url_list(row.get("chain"))
        if status in STOP_STATUSES and chain:
            reasons = stops.setdefault(chain[0], [])
            if status not in reasons:
                reasons.append(status)
    return stops


def _claim(row: Mapping[str, Any]) -> dict[str, Any]:
    passages = []
    for passage in row.get("passages") or ():
        if isinstance(passage, Mapping):
            url, support, text = passage.get("url"), passage.get("support"), passage.get("passage")
        elif isinstance(passage, list | tuple) and len(passage) == 3:
            url, support, text = passage
        else:
            continue
        passages.append(
            {"url": _text(url), "support": _number(support), "passage": _text(text, PASSAGE_MAX)}
        )
    return {
        "claim_id": _text(row.get("claim_id")),
        "citing_url": _text(row.get("citing_url")),
        "claim": _text(row.get("claim"), TEXT_MAX),
        "anchor": _text(row.get("anchor"), TEXT_MAX),
        "cue": _text(row.get("cue")),
        "cited_url": _text(row.get("cited_url")),
        "status": _text(row.get("status")),
        "origin_urls": _url_list(row.get("origin_urls")),
        "hops": _integer(row.get("hops")),
        "chain": _url_list(row.get("chain")),
        "passages": passages,
        "via_archive": _url_list(row.get("via_archive")),
        "archive_lookup": _text(row.get("archive_lookup")),
    }


def _edge_tooltip(link: Mapping[str, Any]) -> str:
    if link["kind"] == EDGE_REPUBLICATION:
        lines = [f"republication ({link['evidence']})" if link["evidence"] else "republication"]
        if link["similarity"] is not None:
            lines.append(f"similarity {link['similarity']:.2f}")
        return "\n".join(lines)
    lines = [f"{link['kind'] or EDGE_CITATION}: {link['cue']}" if link["cue"] else link["kind"]]
    if link["claim"]:
        lines.append(_clip(link["claim"], TOOLTIP_TEXT_MAX))
    if link["support"] is not None:
        lines.append(f"support {link['support']:.2f}")
    return "\n".join(line for line in lines if line)


# --- the outlet graph ---------------------------------------------------------------------


def _outlet_network(graph: nx.DiGraph[Any]) -> tuple[Any, dict[str, Any]]:
    sizes = style.outlet_sizes(graph)
    labels = style.outlet_labels(graph)
    positions = style.layout(graph, sizes=sizes, labels=labels)
    large = graph.number_of_nodes() > LARGE_GRAPH_NODES
    network = _new_network(large)

    ids: dict[str, str] = {}
    outlets: list[dict[str, Any]] = []
    annotated = any("role" in data for _, data in graph.nodes(data=True))
    legend: dict[str, str] = dict(style.ROLE_COLORS) if annotated else dict(OUTLET_COLORS)
    for node in sorted(graph.nodes, key=str):
        data = graph.nodes[node]
        outlet = str(node)
        name = _text(data.get("outlet_name"))
        root = bool(data.get("root"))
        shared_role = style.outlet_role(data)
        colour = style.ROLE_COLORS[shared_role]
        role = (
            OUTLET_ROLE if shared_role == style.ROLE_INTERMEDIATE and not annotated else shared_role
        )
        legend.setdefault(role, colour)
        articles = _integer(data.get("articles"))
        first_published = _text(data.get("first_published"))
        summary = f"{articles} article{'s' if articles != 1 else ''}"
        if first_published:
            summary += f" · first {first_published}"
        network.nodes.append(
            _vis_node(
                _node_id(ids, outlet),
                outlet,
                label=_clip(labels[outlet], LABEL_MAX),
                color=colour,
                size=sizes[outlet],
                position=positions.get(outlet, (0.0, 0.0)),
                tooltip="\n".join(line for line in (name, outlet, summary) if line),
                root=root,
            )
        )
        outlets.append(
            {
                "url": "",
                "role": role,
                "kind": OUTLET_ROLE,
                "root": root,
                "documents": _integer(data.get("documents")),
                "outlet": outlet,
                "outlet_name": name,
                "title": name,
                "articles": articles,
                "first_published": first_published,
            }
        )

    links: list[dict[str, Any]] = []
    for index, (source, target, attrs, bend) in enumerate(_edges(graph)):
        citations = _integer(attrs.get("citations"))
        republications = _integer(attrs.get("republications"))
        weight = _number(attrs.get("weight"))
        if weight is None:
            weight = float(citations + republications)
        republication = republications > citations
        links.append(
            {
                "kind": EDGE_REPUBLICATION if republication else EDGE_CITATION,
                "weight": weight,
                "citations": citations,
                "republications": republications,
            }
        )
        network.edges.append(
            _vis_edge(
                index,
                ids[source],
                ids[target],
                republication=republication,
                width=style.outlet_edge_width(weight),
                tooltip=f"{citations} citations, {republications} republications",
                bend=0 if large else bend,
            )
        )

    view: dict[str, Any] = {
        "mode": "outlets",
        "documents": outlets,
        "links": links,
        "claims": [_claim(row) for row in style.claim_rows(graph)],
        "legend": {
            "roles": list(map(list, legend.items())),
            "edges": _edge_legend(outlets=True),
        },
        "statuses": _status_legend(),
        "stop_mark": STOP_MARK,
    }
    return network, view


# --- shared pieces ------------------------------------------------------------------------


def _new_network(large: bool) -> Any:
    network = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    network.options = {
        "autoResize": True,
        "physics": {"enabled": PHYSICS_ENABLED},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
            "keyboard": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {
                # Large enough to read at the zoom that fits the layout's canvas.
                "size": style.LABEL_FONT_LARGE_GRAPH if large else style.LABEL_FONT,
                "face": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                "color": "#222222",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": False,
            "selectionWidth": 2,
        },
    }
    return network


def _node_id(ids: dict[str, str], key: str) -> str:
    """A short id for vis-network, which keeps nodes in a plain object where a key like
    ``__proto__`` would be lost; the graph's own key travels beside it as ``key``."""
    ids[key] = node_id = f"n{len(ids)}"
    return node_id


def _vis_node(
    node_id: str,
    key: str,
    *,
    label: str,
    color: str,
    size: float,
    position: tuple[float, float],
    tooltip: str,
    root: bool,
) -> dict[str, Any]:
    x, y = position
    return {
        "id": node_id,
        "key": key,
        "label": label,
        # networkx's y axis points up, the canvas's down: flip so the picture matches Gephi.
        "x": x,
        "y": -y if y else 0.0,
        "size": round(size, 2),
        "color": {
            "background": color,
            "border": "#222222" if root else color,
            "highlight": {"background": color, "border": "#000000"},
            "hover": {"background": color, "border": "#000000"},
        },
        "borderWidth": 3 if root else 1,
        "title": tooltip,
    }


def _vis_edge(
    index: int,
    source: str,
    target: str,
    *,
    republication: bool,
    width: float,
    tooltip: str,
    bend: int,
) -> dict[str, Any]:
    colour = style.REPUBLICATION_EDGE_COLOR if republication else style.CITATION_EDGE_COLOR
    edge: dict[str, Any] = {
        "id": f"e{index}",
        "from": source,
        "to": target,
        "color": {"color": colour, "highlight": colour, "hover": colour, "inherit": False},
        "width": round(width, 2),
        "dashes": list(REPUBLICATION_DASHES) if republication else False,
        "title": tooltip,
    }
    if bend:
        edge["smooth"] = {
            "enabled": True,
            "type": "curvedCW",
            "roundness": round(PARALLEL_EDGE_ROUNDNESS * bend, 2),
        }
    return edge


def _edges(
    graph: nx.DiGraph[Any],
) -> Iterator[tuple[str, str, Mapping[str, Any], int]]:
    """Edges in a stable order, each with its index among the edges joining the same pair."""
    if graph.is_multigraph():
        multigraph = cast("nx.MultiDiGraph[Any]", graph)
        rows: Iterable[tuple[Any, Any, Any, Mapping[str, Any]]] = multigraph.edges(
            keys=True, data=True
        )
    else:
        rows = ((u, v, "", data) for u, v, data in graph.edges(data=True))
    ordered = sorted(((str(u), str(v), str(k), d) for u, v, k, d in rows), key=lambda r: r[:3])
    seen: dict[tuple[str, str], int] = {}
    for source, target, _key, data in ordered:
        pair = (source, target) if source <= target else (target, source)
        bend = seen.get(pair, 0)
        seen[pair] = bend + 1
        yield source, target, data, bend


def _edge_legend(*, outlets: bool = False) -> list[dict[str, Any]]:
    # An outlet edge stands for every link between two outlets: drawn as the kind most
    # of them are.
    return [
        {
            "kind": EDGE_CITATION,
            "label": "mostly citations" if outlets else EDGE_CITATION,
            "color": style.CITATION_EDGE_COLOR,
            "dashed": False,
        },
        {
            "kind": EDGE_REPUBLICATION,
            "label": "mostly republications" if outlets else EDGE_REPUBLICATION,
            "color": style.REPUBLICATION_EDGE_COLOR,
            "dashed": True,
        },
    ]


def _status_legend() -> list[dict[str, str]]:
    return [
        {"status": status, "color": STATUS_COLORS[status][0], "text": STATUS_COLORS[status][1]}
        for status in CLAIM_STATUSES
    ]


def _text(value: Any, limit: int = 0) -> str:
    if value is None:
        return ""
    text = "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return _clip(text, limit) if limit else text


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _url_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(url) for url in value]
    return _text(value).split()


def _number(value: Any) -> float | None:
    """A finite float rounded for stable output, or None (JSON has no NaN or infinity)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 4) if math.isfinite(number) else None


def _integer(value: Any) -> int:
    number = _number(value)
    return int(number) if number is not None else 0


def _script_json(value: Any) -> str:
    """JSON that cannot end or escape the ``<script>`` element holding it."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    for raw, escaped in _SCRIPT_JSON_ESCAPES.items():
        text = text.replace(raw, escaped)
    return text


# --- the page -----------------------------------------------------------------------------


def _asset(package: str, name: str) -> str:
    resource = resources.files(package)
    for part in name.split("/"):
        resource = resource.joinpath(part)
    text = resource.read_text(encoding="utf-8")
    # The HTML parser turns CRLF into LF before the browser hashes a script: do it first
    # so the hashes in the Content-Security-Policy match.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _inline_script(source: str) -> str:
    source = _SOURCE_MAP.sub("", source)
    lowered = source.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError("an inline script must not contain '</script' or '<!--'")
    return source


def _inline_style(source: str) -> str:
    lowered = source.lower()
    if "</style" in lowered or "@import" in lowered:
        raise ValueError("an inline style must not contain '</style' or '@import'")
    return source


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _companion_link(companion: str | None, *, outlets: bool) -> str:
    if companion is None:
        return ""
    text = "Documents view" if outlets else "Outlets view"
    hint = (
        "The documents and the links between them"
        if outlets
        else "The same graph with each outlet as one node"
    )
    return (
        f'<a id="companion" href="{html.escape(companion)}" title="{html.escape(hint)}">'
        f"{html.escape(text)} →</a>"
    )


def _page(title: str, data: str, companion: str = "") -> str:
    vis_js = _inline_script(_asset(*_VIS))
    view_js = _inline_script(_asset(_TEMPLATES, "templates/view.js"))
    parts = {
        "CSP": html.escape(
            CONTENT_SECURITY_POLICY.format(scripts=f"{_csp_hash(vis_js)} {_csp_hash(view_js)}")
        ),
        "TITLE": html.escape(title),
        "VIS_CSS": _inline_style(_asset(*_VIS_CSS)),
        "VIEW_CSS": _inline_style(_asset(_TEMPLATES, "templates/view.css")),
        "DATA": data,
        "COMPANION": companion,
        "VIS_JS": vis_js,
        "VIEW_JS": view_js,
    }
    # One pass: text put in by one placeholder is never searched for another.
    return _PLACEHOLDER.sub(
        lambda match: parts[match.group(1)], _asset(_TEMPLATES, "templates/view.html")
    )
