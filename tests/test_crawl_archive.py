"""The WARC archive: every exchange written with warcio, and WARC files (ours and
wget's) replayed in place of the web, giving the same crawl."""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from loopback import FAST, ServerThread, WebServer, article
from warcio.archiveiterator import ArchiveIterator

import provenance
from provenance.crawl.archive import WarcRecorder
from provenance.models import FetchResult
from provenance.store import Store


@pytest.fixture
def thread() -> Iterator[ServerThread]:
    servers = ServerThread()
    yield servers
    servers.close()


def stored(out: Path) -> dict[str, tuple[FetchResult, int]]:
    with Store(out / "crawl.sqlite") as store:
        return {result.url: (result, depth) for result, depth in store.fetches()}


def records(warc: Path) -> list[tuple[str, dict[str, str], bytes]]:
    """(type, WARC headers, payload) of every record; fails on any unreadable byte."""
    found = []
    with warc.open("rb") as handle:
        for record in ArchiveIterator(handle, check_digests="raise"):
            headers = dict(record.rec_headers.headers)
            found.append((record.rec_type, headers, record.content_stream().read()))
    return found


def sha1_digest(payload: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode()


def small_web(thread: ServerThread) -> tuple[WebServer, str]:
    site = WebServer(thread)
    site.robots("User-agent: *\nDisallow: /private/\n")
    leaf = site.page("/leaf", article("Leaf"))
    big = site.page("/big", b"<p>" + b"x" * 300_000 + b"</p>")
    video = site.page("/clip.mp4", b"\0" * 100_000, content_type="video/mp4")
    gone = site.page("/gone", b"gone", status=404)
    moved = site.redirect("/moved", leaf)
    private = site.url("/private/p")
    root = site.page("/root", article("Root", [leaf, big, video, gone, moved, private]))
    return site, root


def test_every_exchange_is_archived_with_digests(thread: ServerThread, tmp_path: Path) -> None:
    site, root = small_web(thread)
    provenance.crawl([root], tmp_path, settings=FAST.with_(max_bytes=100_000))

    archived = records(tmp_path / "crawl.warc.gz")
    responses = {
        h["WARC-Target-URI"]: (h, body) for kind, h, body in archived if kind == "response"
    }
    requests = {h["WARC-Target-URI"] for kind, h, _ in archived if kind == "request"}
    sent = {site.url(hit.path) for hit in site.hits}
    # One request and one response record for every request a server answered.
    assert set(responses) == requests == sent
    for _, headers, _ in archived:
        assert headers["WARC-Date"].startswith("20")
        assert headers["WARC-IP-Address"] == "127.0.0.1"
    for url, (headers, body) in responses.items():
        assert headers["WARC-Payload-Digest"] == sha1_digest(body), url
    fetched = stored(tmp_path)
    assert responses[root][1] == fetched[root][0].body
    assert responses[site.url("/moved")][1] == b""  # the redirect itself
    big_headers, big_body = responses[site.url("/big")]
    # Its Content-Length said it was past the cap: not downloaded at all.
    assert (big_headers["WARC-Truncated"], big_body) == ("length", b"")
    assert fetched[site.url("/big")][0].status == "too-large"
    clip_headers, clip_body = responses[site.url("/clip.mp4")]
    assert (clip_headers["WARC-Truncated"], clip_body) == ("length", b"")
    assert site.url("/private/p") not in responses  # refused by robots.txt, never asked


def test_replaying_our_warc_gives_the_same_crawl(thread: ServerThread, tmp_path: Path) -> None:
    site, root = small_web(thread)
    live, replayed = tmp_path / "live", tmp_path / "replayed"
    provenance.crawl([root], live, settings=FAST.with_(max_bytes=100_000))
    hits = len(site.hits)
    provenance.crawl(
        [root],
        replayed,
        settings=FAST.with_(max_bytes=100_000),
        replay=[live / "crawl.warc.gz"],
    )
    assert len(site.hits) == hits  # nothing went to the network
    live_fetches, replayed_fetches = stored(live), stored(replayed)
    assert set(live_fetches) == set(replayed_fetches)
    for url, (result, depth) in live_fetches.items():
        again, again_depth = replayed_fetches[url]
        assert (again.status, again.final_url, again.body, again_depth) == (
            result.status,
            result.final_url,
            result.body,
            depth,
        ), url


def wget_or_fail() -> str:
    found = shutil.which("wget")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("wget is required under CI (make test installs it)")
        pytest.skip("wget is not installed")
    return found


def test_a_warc_written_by_wget_replays(thread: ServerThread, tmp_path: Path) -> None:
    wget = wget_or_fail()
    site = WebServer(thread)
    site.robots("User-agent: *\nAllow: /\n")
    gzipped = article("Sent compressed")

    async def chunked(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for part in (article("Sent in chunks")[:200], article("Sent in chunks")[200:]):
            await response.write(part)
        await response.write_eof()
        return response

    chunks_url = site.handle("/chunked", chunked)
    # Compressed although wget did not ask: wget archives the raw bytes as they came.
    gzip_url = site.page("/gzipped", gzip.compress(gzipped), headers={"Content-Encoding": "gzip"})
    second = site.page("/second", article("Second", [chunks_url, gzip_url]))
    root = site.page("/root", article("Root", [second]))

    warc = tmp_path / "site"
    subprocess.run(
        [wget, "--quiet", "--recursive", "--level=3", f"--warc-file={warc}", "--no-warc-keep-log",
         "--directory-prefix", str(tmp_path / "files"), root, gzip_url],
        check=False,  # wget exits 8 when a page is missing; the archive is what matters
        timeout=60,
    )  # fmt: skip
    warc_file = tmp_path / "site.warc.gz"
    assert warc_file.is_file()
    asked = len(site.hits)

    out = tmp_path / "out"
    report = provenance.crawl([root], out, settings=FAST, replay=[warc_file])
    assert len(site.hits) == asked  # replayed, not fetched
    assert report.failed_roots == []
    fetched = stored(out)
    assert {url: (result.status, depth) for url, (result, depth) in fetched.items()} == {
        root: ("200", 0),
        second: ("200", 1),
        chunks_url: ("200", 2),
        gzip_url: ("200", 2),
    }
    assert fetched[chunks_url][0].body == article("Sent in chunks")
    assert fetched[gzip_url][0].body == gzipped
    graph = provenance.Trace.from_store(out).graph
    assert graph.nodes[gzip_url]["title"] == "Sent compressed"


def test_resuming_cuts_the_warc_back_to_the_last_committed_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    request = httpx.Request("GET", "https://news.example/a")
    recorder = WarcRecorder(path)
    recorder.record(request, 200, "OK", [("Content-Type", "text/html")], b"<p>kept</p>")
    committed = recorder.offset
    half = recorder.serialize(str(request.url), [], 200, "OK", [], b"<p>lost</p>" * 1000)
    recorder.append([half[: len(half) // 2]])  # a killed crawl's torn write
    recorder.close()

    resumed = WarcRecorder(path, resume_offset=committed)
    resumed.record(request, 200, "OK", [("Content-Type", "text/html")], b"<p>after</p>")
    resumed.close()
    bodies = [body for kind, _, body in records(path) if kind == "response"]
    assert bodies == [b"<p>kept</p>", b"<p>after</p>"]
