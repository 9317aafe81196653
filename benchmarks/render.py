"""How long the HTML view takes to build, against plain pyvis, at 2k and 10k nodes.

    .venv/bin/python benchmarks/render.py [--sizes 2000 10000] [--links-per-page 5]

For each size, one crawl-shaped graph (a tree from one root plus random cross links,
about ``--links-per-page`` edges per node, fixed seed) is built, then timed once each:

* ``pyvis from_nx``: ``pyvis.network.Network(directed=True).from_nx(graph)``, the usual
  way to put a networkx graph into pyvis (it checks list membership per node and edge);
* ``pyvis from_nx + page``: the same plus ``generate_html()``; the page still has no
  positions, so the browser's physics must lay it out when it opens (which vis-network
  users report takes tens of seconds past 1-2k nodes);
* ``provenance render_html``: our whole page (positions computed in Python, physics
  off, everything inlined), and the share of it spent in the layout.

Prints a Markdown table. Run it alone on a quiet machine; nothing else runs it.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import networkx as nx

DEFAULT_SIZES = (2_000, 10_000)
DEFAULT_LINKS_PER_PAGE = 5
SEED = 1


def crawl_graph(count: int, links_per_page: int, seed: int = SEED) -> nx.MultiDiGraph[str]:
    """A graph shaped like a crawl: every page is cited by an earlier one, plus random
    cross links, with the node attributes of the graph contract."""
    rng = random.Random(seed)
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    urls = [f"https://outlet{index % 97}.example/article/{index}" for index in range(count)]
    for index, url in enumerate(urls):
        graph.add_node(
            url,
            url=url,
            kind="article",
            outlet=f"outlet{index % 97}.example",
            outlet_name=f"Outlet {index % 97}",
            title=f"Article {index}",
            published="2016-12-10",
            depth=0 if index == 0 else 1,
            root=index == 0,
        )
    for index in range(1, count):
        cited, citing = urls[index], urls[rng.randrange(index // 3, index)]
        graph.add_edge(cited, citing, kind="citation", claim="c", anchor="said", cue="said")
    for _ in range((links_per_page - 1) * count):
        a, b = rng.randrange(count), rng.randrange(count)
        if a != b:
            graph.add_edge(urls[max(a, b)], urls[min(a, b)], kind="citation", cue="said")
    return graph


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def pyvis_from_nx(graph: nx.MultiDiGraph[str]) -> Any:
    from pyvis.network import Network

    network = Network(directed=True)
    network.from_nx(graph)
    return network


def pyvis_page(graph: nx.MultiDiGraph[str]) -> str:
    page: str = pyvis_from_nx(graph).generate_html()
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--links-per-page", type=int, default=DEFAULT_LINKS_PER_PAGE)
    args = parser.parse_args(argv)

    from provenance.render import style
    from provenance.render.html import render_html

    rows = []
    for size in args.sizes:
        graph = crawl_graph(size, args.links_per_page)
        from_nx, _ = timed(partial(pyvis_from_nx, graph))
        with_page, plain_page = timed(partial(pyvis_page, graph))
        ours, page = timed(partial(render_html, graph))
        layout, _ = timed(partial(style.layout, graph))
        rows.append(
            (
                f"{graph.number_of_nodes():,}",
                f"{graph.number_of_edges():,}",
                f"{from_nx:.2f}",
                f"{with_page:.2f} ({len(plain_page) / 1e6:.1f} MB)",
                f"{ours:.2f} ({len(page) / 1e6:.1f} MB)",
                f"{layout:.2f}",
                f"{from_nx / ours:.1f}x",
            )
        )
        print(f"measured {size:,} nodes", file=sys.stderr)

    header = (
        "nodes",
        "edges",
        "pyvis from_nx (s)",
        "pyvis from_nx + page, no positions (s)",
        "provenance render_html, positioned (s)",
        "of which layout (s)",
        "from_nx / ours",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
