"""The default archive's format: a loopback fake of the Wayback Machine's CDX server
(JSON rows after a header row of field names, which differ from pywb's) and of its
``/web/{timestamp}id_/{url}`` replay, asked about the sample web's dead link.

Also: offline replay asks no archive unless one is named; named, it is asked.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web
from loopback import FAST, Hit, ServerThread, WebServer, article

import provenance
from provenance.cli import main
from provenance.sample import ROOT_URL, warc_path

DEAD = "http://eng.mil.ru/en/news_page/country/more.htm?id=12105555@egNews"
CITING = "https://southfront.org/syrian-war-report-december-12-2016-isis-recaptures-palmyra/"
WAYBACK_FIELDS = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
CAPTURED = (
    b"<!doctype html><html><head><title>Terrorists suffer heavy losses near Palmyra</title>"
    b'<meta property="article:published_time" content="2016-12-11"></head><body><article>'
    b"<h1>Terrorists suffer heavy losses near Palmyra</h1>"
    b"<p>Within one day, Palmyra saw continuing intensified clashes. Damascus and its allies "
    b"killed more than 300 militants and destroyed dozens of vehicles, the ministry said in "
    b"its daily briefing on the situation in Syria on Sunday.</p>"
    b"<p>The Russian Centre for reconciliation of opposing sides continues its work in the "
    b"province, delivering humanitarian aid to residents of several settlements.</p>"
    b"</article></body></html>"
)


@dataclass
class WaybackFake(WebServer):
    """``/cdx/search/cdx`` in the Wayback Machine's JSON and ``/web/`` raw replay."""

    captures: dict[str, list[tuple[str, str, bytes]]] = field(default_factory=dict)
    """original URL -> (timestamp, statuscode, body) rows."""

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            self.hits.append(Hit(0.0, request.host, request.raw_path, {}))
        if request.path == "/cdx/search/cdx":
            assert request.query.get("output") == "json"
            rows = self.captures.get(request.query["url"], [])
            table = [WAYBACK_FIELDS] + [
                ["ru,mil,eng)/en", stamp, request.query["url"], "text/html", code, "X", "1"]
                for stamp, code, _ in rows
            ]
            return web.Response(text=json.dumps(table) if rows else "[]", content_type="text/plain")
        prefix, _, rest = request.raw_path.partition("id_/")
        stamp = prefix.removeprefix("/web/")
        for captured_stamp, code, body in self.captures.get(rest, []):
            if captured_stamp == stamp:
                return web.Response(status=int(code), body=body, content_type="text/html")
        return web.Response(status=404, text="no such capture")

    @property
    def cdx(self) -> str:
        return self.url("/cdx/search/cdx")


@pytest.fixture(scope="module")
def wayback() -> Iterator[WaybackFake]:
    thread = ServerThread()
    fake = WaybackFake(
        thread,
        captures={
            DEAD: [
                ("20161101093000", "200", CAPTURED.replace(b"300", b"200")),
                ("20161211150000", "200", CAPTURED),
                # Nearer to the citation (same day), but a capture of the 404: never read.
                ("20161212080000", "404", b"not found"),
                ("20170105120000", "200", CAPTURED.replace(b"300", b"900")),
            ]
        },
    )
    yield fake
    thread.close()


def test_the_wayback_cdx_json_is_read_and_the_nearest_earlier_good_capture_used(
    wayback: WaybackFake, tmp_path: Path
) -> None:
    result = provenance.trace(
        [ROOT_URL],
        replay=[warc_path()],
        archives=[wayback.cdx],
        allow_private=True,
        out=tmp_path,
    )
    node = result.graph.nodes[DEAD]
    assert node["status"] == "404+archived"
    capture, when = node["archived_from"].split()
    assert capture == f"http://127.0.0.1:{wayback.port}/web/20161211150000/{DEAD}"
    assert when == "2016-12-11T15:00:00Z"
    assert node["title"] == "Terrorists suffer heavy losses near Palmyra"
    assert f"/web/20161211150000id_/{DEAD}" in wayback.paths()
    assert not any("20161212080000" in hit for hit in wayback.paths())
    (claim,) = [c for c in result.claims if DEAD in c.chain]
    assert claim.status != "dead-end"
    assert claim.via_archive == (capture,)
    assert CITING in claim.chain


def test_replay_asks_no_archive_unless_one_is_named(tmp_path: Path) -> None:
    result = provenance.trace([ROOT_URL], replay=[warc_path()], out=tmp_path)
    assert result.graph.nodes[DEAD]["status"] == "404"
    (claim,) = [c for c in result.claims if DEAD in c.chain]
    assert (claim.status, claim.archive_lookup, claim.via_archive) == ("dead-end", "not-asked", ())


def test_the_command_line_names_archives_and_turns_them_off(
    wayback: WaybackFake, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def claims(out: Path) -> dict[str, dict[str, str]]:
        with (out / "claims.csv").open(encoding="utf-8", newline="") as handle:
            return {row["claim_id"]: row for row in csv.DictReader(handle)}

    before = len(wayback.paths())
    replay = ["--replay", str(warc_path()), "--allow-private"]
    asked = main(
        ["trace", ROOT_URL, *replay, "--archive", wayback.cdx, "--out", str(tmp_path / "a")]
    )
    printed = capsys.readouterr().out
    assert f"read through a web archive: http://127.0.0.1:{wayback.port}/web/" in printed
    assert "stops at the dead link" not in printed
    off = main(["trace", ROOT_URL, *replay, "--no-archive", "--out", str(tmp_path / "b")])
    assert (asked, off) == (0, 0)
    with_archive = [row for row in claims(tmp_path / "a").values() if DEAD in row["chain"]]
    without = [row for row in claims(tmp_path / "b").values() if DEAD in row["chain"]]
    assert with_archive[0]["via_archive"].startswith(f"http://127.0.0.1:{wayback.port}/web/")
    assert (without[0]["status"], without[0]["archive_lookup"]) == ("dead-end", "not-asked")
    assert len(wayback.paths()) > before


def test_an_archive_that_has_no_capture_or_is_down_says_which(tmp_path: Path) -> None:
    thread = ServerThread()
    try:
        empty = WaybackFake(thread)
        result = provenance.trace(
            [ROOT_URL],
            replay=[warc_path()],
            archives=[empty.cdx],
            allow_private=True,
            out=tmp_path / "e",
        )
        assert result.graph.nodes[DEAD]["status"] == "404+no-capture"
        (claim,) = [c for c in result.claims if DEAD in c.chain]
        assert (claim.status, claim.archive_lookup) == ("dead-end", "no-capture")
    finally:
        thread.close()
    # The same archive, stopped: nobody listens on its port any more.
    down = provenance.trace(
        [ROOT_URL],
        replay=[warc_path()],
        archives=[empty.cdx],
        settings=provenance.Settings(max_attempts=1),
        allow_private=True,
        out=tmp_path / "d",
    )
    assert down.graph.nodes[DEAD]["status"] == "404+archive-error"
    (claim,) = [c for c in down.claims if DEAD in c.chain]
    assert (claim.status, claim.archive_lookup) == ("dead-end", "archive-error")


@pytest.mark.parametrize("bad", ["ftp://archive.example/", "not a url", "http://"])
def test_a_bad_archive_url_is_a_usage_error(bad: str, tmp_path: Path) -> None:
    code = main(
        ["trace", ROOT_URL, "--replay", str(warc_path()), "--archive", bad, "--out", str(tmp_path)]
    )
    assert code == 2


def test_a_live_crawl_asks_the_default_archive(tmp_path: Path) -> None:
    """With no archive named, a live crawl asks the default one: here conftest's closed
    loopback port stands in for the Wayback Machine, so the lookup fails and says so."""
    thread = ServerThread()
    try:
        citing = WebServer(thread, address="127.0.0.1")
        gone = WebServer(thread, address="127.0.0.2").url("/gone")
        root = citing.page("/root", article("Root", [gone]))
        result = provenance.trace(
            [root], depth=1, settings=FAST.with_(archives=None, max_attempts=1), out=tmp_path
        )
    finally:
        thread.close()
    assert result.graph.nodes[gone]["status"] == "404+archive-error"


def test_the_demo_says_no_archive_was_asked_at_its_dead_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(
        rf"^claim c[0-9a-f]+: stops at the dead link {re.escape(DEAD)}: no web archive was asked",
        out,
        re.M,
    )
    with (tmp_path / "claims.csv").open(encoding="utf-8", newline="") as handle:
        (row,) = [row for row in csv.DictReader(handle) if row["status"] == "dead-end"]
    assert (row["origin_urls"], row["archive_lookup"], row["via_archive"]) == (
        DEAD,
        "not-asked",
        "",
    )


def test_a_trace_replayed_from_its_warc_reads_the_same_capture_offline(tmp_path: Path) -> None:
    """The crawl's WARC records its archive lookups and captures: replayed with the same
    archive named, they are read from the WARC, even with the archive gone."""
    thread = ServerThread()
    try:
        fake = WaybackFake(thread, captures={DEAD: [("20161211150000", "200", CAPTURED)]})
        first = provenance.trace(
            [ROOT_URL],
            replay=[warc_path()],
            archives=[fake.cdx],
            allow_private=True,
            out=tmp_path / "a",
        )
    finally:
        thread.close()  # the archive is gone
    again = provenance.trace(
        [ROOT_URL],
        replay=[tmp_path / "a" / "crawl.warc.gz"],
        archives=[fake.cdx],
        settings=provenance.Settings(max_attempts=1),
        allow_private=True,
        out=tmp_path / "b",
    )
    archived = first.graph.nodes[DEAD]["archived_from"]
    assert archived and again.graph.nodes[DEAD]["archived_from"] == archived
    assert again.graph.nodes[DEAD]["status"] == "404+archived"
    assert [c.row() for c in again.claims] == [c.row() for c in first.claims]
