"""Redirects that change only the scheme or ``www.`` are one document under two names.

``http://`` -> ``https://`` (301) and ``example.org`` -> ``www.example.org`` are the
commonest redirects on the web. They are not loops (loop detection compares exact
URLs), the WARC replay index keeps the http and the https capture of one document apart
(exact URL first, identity as the fallback), the redirecting name becomes an alias of
the node, and the citation edge lands on the node. Each test runs live (loopback
servers behind a proxy with the real names) and replayed from a WARC of the same web.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback import article
from webserve import serve_entries

import provenance
from provenance.models import EDGE_CITATION
from provenance.sample.build import build_warc
from provenance.store import Store

ROOT = "https://www.root-news.example/2024/story"
WIRE_HTTP = "http://wire.example/a"
WIRE = "https://wire.example/a"
BLOG_BARE = "https://blog.example/b"
BLOG = "https://www.blog.example/b"
DATE = "2024-05-01T10:00:00Z"


def _entries(tmp: Path) -> list[dict[str, Any]]:
    pages = {
        "root.html": article("Root story", [WIRE_HTTP, BLOG_BARE]),
        "wire.html": article("Wire original"),
        "blog.html": article("Blog post"),
    }
    for name, body in pages.items():
        (tmp / name).write_bytes(body)
    html = {"Content-Type": "text/html; charset=utf-8"}
    return [
        {"url": ROOT, "status": 200, "headers": html, "file": "root.html", "date": DATE},
        # The https capture comes first and the 301 after it: an index keyed by document
        # identity alone would answer the https request with the 301 (a replayed loop).
        {"url": WIRE, "status": 200, "headers": html, "file": "wire.html", "date": DATE},
        {"url": WIRE_HTTP, "status": 301, "headers": {"Location": WIRE}, "date": DATE},
        {"url": BLOG, "status": 200, "headers": html, "file": "blog.html", "date": DATE},
        {"url": BLOG_BARE, "status": 301, "headers": {"Location": BLOG}, "date": DATE},
    ]


@pytest.fixture(params=["replay", "live"])
def traced(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[provenance.Trace]:
    web = tmp_path / "web"
    web.mkdir()
    entries = _entries(web)
    out = tmp_path / "out"
    if request.param == "replay":
        manifest = web / "manifest.json"
        manifest.write_text(json.dumps(entries), encoding="utf-8")
        warc = tmp_path / "web.warc.gz"
        build_warc(manifest, warc)
        yield provenance.trace([ROOT], replay=[warc], out=out)
        return
    live = serve_entries(entries, web, tmp_path)
    try:
        yield live.trace([ROOT], out)
        requested = live.requested()
        # The redirecting names were asked for once each, and so were their targets.
        for url in (WIRE_HTTP, WIRE, BLOG_BARE, BLOG):
            assert requested.count(url) == 1, url
    finally:
        live.close()


def test_scheme_and_www_redirects_are_not_loops(traced: provenance.Trace, tmp_path: Path) -> None:
    with Store(tmp_path / "out" / "crawl.sqlite") as store:
        statuses = {url: status for url, status, _, _ in store.fetch_statuses()}
    assert statuses[WIRE_HTTP] == "200"
    assert statuses[BLOG_BARE] == "200"
    assert "redirect-loop" not in statuses.values()


def test_the_redirecting_name_is_an_alias_and_the_citation_lands_on_the_node(
    traced: provenance.Trace,
) -> None:
    graph = traced.graph
    assert WIRE_HTTP not in graph and BLOG_BARE not in graph
    assert WIRE_HTTP in graph.nodes[WIRE]["aliases"].split()
    assert BLOG_BARE in graph.nodes[BLOG]["aliases"].split()
    for node in (WIRE, BLOG):
        assert graph.nodes[node]["status"] == "200"
    cited = {
        source
        for source, target, data in graph.edges(data=True)
        if target == ROOT and data["kind"] == EDGE_CITATION
    }
    assert cited == {WIRE, BLOG}


def test_a_real_loop_between_two_names_of_one_document_still_stops(tmp_path: Path) -> None:
    """http -> https -> http is a loop: the exact URL comes back."""
    entries = [
        {"url": WIRE, "status": 301, "headers": {"Location": WIRE_HTTP}, "date": DATE},
        {"url": WIRE_HTTP, "status": 301, "headers": {"Location": WIRE}, "date": DATE},
    ]
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(entries), encoding="utf-8")
    warc = tmp_path / "loop.warc.gz"
    build_warc(manifest, warc)
    provenance.crawl([WIRE], tmp_path / "out", replay=[warc])
    with Store(tmp_path / "out" / "crawl.sqlite") as store:
        statuses = {url: status for url, status, _, _ in store.fetch_statuses()}
    assert statuses[WIRE] == "redirect-loop"
