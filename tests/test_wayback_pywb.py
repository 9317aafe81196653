"""Dead links read from a real pywb archive on 127.0.0.1, through every lookup API it
serves: its CDX server (JSON lines), its Memento TimeMap, and a collection URL.

The live web is a loopback server whose cited pages are gone in different ways; the
archive holds captures of them made before and after the citing article's date.
"""

from __future__ import annotations

import csv
import socket
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web
from loopback import FAST, ServerThread, WebServer, article
from pywb_archive import Captures, PywbArchive
from warcio.archiveiterator import ArchiveIterator

import provenance

CITED_ON = "2016-12-14T08:00:00Z"
DATED = f'<meta property="article:published_time" content="{CITED_ON}">'


def not_found_page(site: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>Page not found | {site}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><main><h1>Oops!</h1>"
        "<p>The page you are looking for does not exist or has been moved.</p></main>"
        "</body></html>"
    ).encode()


@dataclass
class ArchivedWeb:
    thread: ServerThread
    live: WebServer
    """The site whose pages are gone (a host of its own: links within one site are not
    attributions)."""
    citing: WebServer
    archive: PywbArchive
    root: str
    urls: dict[str, str]


@pytest.fixture(scope="module")
def archived_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArchivedWeb]:
    thread = ServerThread()
    citing = WebServer(thread, address="127.0.0.1")
    live = WebServer(thread, address="127.0.0.2")
    sources = WebServer(thread, address="127.0.0.3")
    url = live.url
    urls = {
        name: url(f"/{name}")
        for name in ("gone", "moved", "soft-home", "soft-title", "never", "after-only")
    }
    urls["source"] = sources.page("/source", article("The source of it all"))
    with socket.socket() as probe:  # a port nobody listens on: connection refused
        probe.bind(("127.0.0.4", 0))
        urls["refused"] = f"http://127.0.0.4:{probe.getsockname()[1]}/refused"
    live.page("/", b"<html><head><title>Example News</title></head><body>Home</body></html>")
    live.redirect("/soft-home", url("/"))
    live.page("/soft-title", not_found_page("Example News"))
    # /gone, /moved, /never and /after-only answer 404: the live server has no route.
    root = citing.page(
        "/root",
        article(
            "Root article",
            [urls[name] for name in ("gone", "moved", "soft-home", "soft-title", "never")]
            + [urls["after-only"], urls["refused"]],
            extra=DATED,
        ),
    )
    captures = Captures()
    captures.add(urls["gone"], "2016-06-01T10:00:00Z", article("Gone in June"))
    captures.add(
        urls["gone"], "2016-12-10T10:00:00Z", article("Gone in December", [urls["source"]])
    )
    captures.add(urls["gone"], "2016-12-12T10:00:00Z", b"gone", status=404)
    captures.add(urls["gone"], "2017-02-01T10:00:00Z", article("Gone after the citation"))
    captures.redirect(urls["moved"], "2016-11-01T10:00:00Z", url("/moved-target"))
    captures.add(url("/moved-target"), "2016-11-01T10:00:05Z", article("The moved target"))
    captures.add(urls["soft-home"], "2016-10-01T10:00:00Z", article("Soft home, archived"))
    captures.add(urls["soft-title"], "2016-09-01T10:00:00Z", article("Soft title, archived"))
    captures.add(urls["after-only"], "2017-05-01T10:00:00Z", article("Only captured later"))
    captures.add(urls["refused"], "2016-08-01T10:00:00Z", article("Refused, archived"))
    folder = tmp_path_factory.mktemp("pywb")
    archive = PywbArchive(folder)
    archive.add("caps", captures.write(folder / "captures.warc.gz"))
    archive.start()
    yield ArchivedWeb(thread, live, citing, archive, root, urls)
    archive.stop()
    thread.close()


def archive_urls(web: ArchivedWeb) -> dict[str, str]:
    base = web.archive.collection("caps")
    return {"collection": base, "cdx": base + "cdx", "timemap": base + "timemap/link/"}


@pytest.fixture(scope="module", params=["cdx", "timemap", "collection"])
def traced(
    request: pytest.FixtureRequest,
    archived_web: ArchivedWeb,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[provenance.Trace, Path, str]:
    archive = archive_urls(archived_web)[request.param]
    out = tmp_path_factory.mktemp(f"trace-{request.param}")
    result = provenance.trace(
        [archived_web.root], depth=2, settings=FAST, archives=[archive], out=out
    )
    result.write(out)
    return result, out, archive


def node(result: provenance.Trace, url: str) -> dict[str, object]:
    return dict(result.graph.nodes[url])


def test_a_dead_link_is_read_from_the_nearest_earlier_capture(
    traced: tuple[provenance.Trace, Path, str], archived_web: ArchivedWeb
) -> None:
    result, _, _ = traced
    gone = node(result, archived_web.urls["gone"])
    assert gone["title"] == "Gone in December"
    assert gone["status"] == "404+archived"
    assert gone["kind"] not in ("unreachable", "unvisited")
    capture, when = str(gone["archived_from"]).split()
    assert capture.startswith(archived_web.archive.collection("caps"))
    assert "20161210100000" in capture and capture.endswith(archived_web.urls["gone"])
    assert when == "2016-12-10T10:00:00Z"


def test_the_trace_continues_through_the_capture(
    traced: tuple[provenance.Trace, Path, str], archived_web: ArchivedWeb
) -> None:
    result, _, _ = traced
    source = archived_web.urls["source"]
    assert node(result, source)["title"] == "The source of it all"
    assert result.graph.has_edge(source, archived_web.urls["gone"])


def test_a_connection_refused_is_read_from_the_archive(
    traced: tuple[provenance.Trace, Path, str], archived_web: ArchivedWeb
) -> None:
    refused = node(traced[0], archived_web.urls["refused"])
    assert (refused["status"], refused["title"]) == ("connect+archived", "Refused, archived")


def test_without_an_earlier_capture_the_nearest_later_one_is_read(
    traced: tuple[provenance.Trace, Path, str], archived_web: ArchivedWeb
) -> None:
    later = node(traced[0], archived_web.urls["after-only"])
    assert later["title"] == "Only captured later"
    assert str(later["archived_from"]).endswith("2017-05-01T10:00:00Z")


def test_soft_404s_are_detected_and_read_from_the_archive(
    traced: tuple[provenance.Trace, Path, str], archived_web: ArchivedWeb
) -> None:
    result, _, _ = traced
    home = node(result, archived_web.urls["soft-home"])
    assert (home["status"], home["title"]) == ("soft-404+archived", "Soft home, archived")
    titled = node(result, archived_web.urls["soft-title"])
    assert (titled["status"], titled["title"]) == ("soft-404+archived", "Soft title, archived")


def test_a_capture_that_is_a_redirect_is_followed(
    traced: tuple[provenance.Trace, Path, str], archived_web: ArchivedWeb
) -> None:
    result, _, _ = traced
    target = archived_web.live.url("/moved-target")
    moved = node(result, target)
    assert moved["title"] == "The moved target"
    assert archived_web.urls["moved"] in str(moved["aliases"]).split()
    assert "/moved-target" in str(moved["archived_from"])


def test_no_capture_is_a_dead_end_that_says_so(
    traced: tuple[provenance.Trace, Path, str], archived_web: ArchivedWeb
) -> None:
    result, out, _ = traced
    never = archived_web.urls["never"]
    assert node(result, never)["status"] == "404+no-capture"
    assert node(result, never)["kind"] == "unreachable"
    with (out / "claims.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["cited_url"]: row for row in csv.DictReader(handle)}
    assert rows[never]["status"] == "dead-end"
    assert rows[never]["archive_lookup"] == "no-capture"
    gone = rows[archived_web.urls["gone"]]
    assert gone["status"] != "dead-end"
    assert gone["via_archive"].split()[0].endswith(archived_web.urls["gone"])
    assert gone["archive_lookup"] == ""


def test_the_exports_show_what_was_read_from_an_archive(
    traced: tuple[provenance.Trace, Path, str], archived_web: ArchivedWeb
) -> None:
    _, out, _ = traced
    with (out / "nodes.csv").open(encoding="utf-8", newline="") as handle:
        nodes = {row["url"]: row for row in csv.DictReader(handle)}
    assert nodes[archived_web.urls["gone"]]["archived_from"].endswith("2016-12-10T10:00:00Z")
    assert nodes[archived_web.urls["source"]]["archived_from"] == ""
    gexf = (out / "graph.gexf").read_text(encoding="utf-8")
    assert "archived_from" in gexf and "20161210100000" in gexf
    assert "20161210100000" in (out / "graph.html").read_text(encoding="utf-8")
    assert "20161210100000" in (out / "prov.json").read_text(encoding="utf-8")


def test_archive_requests_are_in_the_crawls_warc(
    traced: tuple[provenance.Trace, Path, str], archived_web: ArchivedWeb
) -> None:
    _, out, _ = traced
    with (out / "crawl.warc.gz").open("rb") as handle:
        targets = [
            record.rec_headers.get_header("WARC-Target-URI")
            for record in ArchiveIterator(handle)
            if record.rec_type == "response"
        ]
    collection = archived_web.archive.collection("caps")
    raw = f"{collection}20161210100000id_/{archived_web.urls['gone']}"
    assert raw in targets
    assert any(t.startswith(collection) and "id_/" not in t for t in targets)  # the lookup


def test_archive_requests_count_against_max_pages(
    archived_web: ArchivedWeb, tmp_path: Path
) -> None:
    root = archived_web.citing.page(
        "/small-root", article("Small root", [archived_web.urls["gone"]], extra=DATED)
    )
    # The root, the dead link, then the lookup: the budget is gone before the capture.
    result = provenance.trace(
        [root],
        max_pages=3,
        settings=FAST,
        archives=[archived_web.archive.collection("caps")],
        out=tmp_path,
    )
    assert node(result, archived_web.urls["gone"])["status"] == "404+archive-skipped"
    (claim,) = result.claims
    assert (claim.status, claim.archive_lookup) == ("truncated", "skipped")


def test_the_crawls_own_warc_replays_in_pywb(
    traced: tuple[provenance.Trace, Path, str], archived_web: ArchivedWeb
) -> None:
    _, out, archive_url = traced
    collection = f"crawl-{archive_url.rstrip('/').rsplit('/', 1)[-1]}"
    archived_web.archive.add(collection, out / "crawl.warc.gz")
    served = article("The source of it all")  # what the live server answered
    replay = f"{archived_web.archive.collection(collection)}2030id_/{archived_web.urls['source']}"
    with urllib.request.urlopen(replay, timeout=30) as response:
        assert response.status == 200
        assert response.read() == served


def test_a_memento_timegate_is_asked_with_the_citing_date(
    archived_web: ArchivedWeb, tmp_path: Path
) -> None:
    """Two TimeGates in front of the pywb collection: one names its TimeMap in the Link
    header (RFC 7089 4.1), the other only redirects to the memento it chose."""
    collection = archived_web.archive.collection("caps")
    gone = archived_web.urls["gone"]
    asked: list[str] = []

    def gate(with_timemap: bool) -> object:
        async def answer(request: web.Request) -> web.Response:
            asked.append(request.headers.get("Accept-Datetime", ""))
            headers = {
                "Location": f"{collection}20161210100000mp_/{gone}",
                "Vary": "accept-datetime",
            }
            if with_timemap:
                headers["Link"] = (
                    f'<{gone}>; rel="original", <{collection}timemap/link/{gone}>; rel="timemap";'
                    ' type="application/link-format"'
                )
            return web.Response(status=302, headers=headers)

        return answer

    gates = WebServer(archived_web.thread, address="127.0.0.5")
    gates.handle(f"/a/timegate/{gone}", gate(True))  # type: ignore[arg-type]
    gates.handle(f"/b/timegate/{gone}", gate(False))  # type: ignore[arg-type]
    root = archived_web.citing.page("/gate-root", article("Gate root", [gone], extra=DATED))
    for name in ("a", "b"):
        result = provenance.trace(
            [root],
            depth=1,
            settings=FAST,
            archives=[gates.url(f"/{name}/timegate/")],
            out=tmp_path / name,
        )
        found = node(result, gone)
        assert found["title"] == "Gone in December", name
        assert "20161210100000" in str(found["archived_from"])
    assert asked == ["Wed, 14 Dec 2016 08:00:00 GMT"] * 2


def test_a_resumed_crawl_still_chooses_by_the_citing_date(
    archived_web: ArchivedWeb, tmp_path: Path
) -> None:
    root = archived_web.citing.page(
        "/resumed-root", article("Resumed root", [archived_web.urls["gone"]], extra=DATED)
    )
    settings = FAST.with_(archives=(archived_web.archive.collection("caps"),), depth=1)
    provenance.crawl([root], tmp_path, settings=settings.with_(max_pages=1))  # root only
    provenance.crawl([root], tmp_path, settings=settings)  # resumes: the dead link now
    result = provenance.Trace.from_store(tmp_path)
    # The latest capture would be "Gone after the citation": the date came from the store.
    assert node(result, archived_web.urls["gone"])["title"] == "Gone in December"
