"""The archive client's pure parts: CDX and TimeMap formats, capture choice, archive
URLs, timestamps. (Against real servers: test_wayback_pywb.py, test_wayback_cdx.py.)"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.crawl import wayback
from provenance.crawl.wayback import (
    DEFAULT_ARCHIVE,
    KIND_CDX,
    KIND_COLLECTION,
    KIND_TIMEGATE,
    KIND_TIMEMAP,
    Archive,
    Memento,
    choose,
    citing_moment,
    original_of_replay,
    parse_cdx,
    parse_link_format,
    parse_timemap,
    raw_replay_url,
    resolved_archives,
    timestamp_moment,
)
from provenance.extract import extract_page

PAGE = "http://news.example/2016/12/story?id=7"
PREFIX = "https://archive.example/web/"


def test_the_wayback_machines_cdx_json_has_a_header_row() -> None:
    body = json.dumps(
        [
            ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"],
            [
                "example,news)/2016/12/story?id=7",
                "20161201093000",
                PAGE,
                "text/html",
                "200",
                "A",
                "9",
            ],
            [
                "example,news)/2016/12/story?id=7",
                "20161215000000",
                PAGE,
                "warc/revisit",
                "-",
                "A",
                "9",
            ],
        ]
    ).encode()
    first, revisit = parse_cdx(body, PREFIX)
    assert first == Memento(
        PAGE,
        "20161201093000",
        f"{PREFIX}20161201093000/{PAGE}",
        f"{PREFIX}20161201093000id_/{PAGE}",
        200,
    )
    assert revisit.status is None  # "-": the index does not say


def test_the_field_order_comes_from_the_header_row() -> None:
    body = json.dumps([["original", "statuscode", "timestamp"], [PAGE, "301", "2016"]]).encode()
    (memento,) = parse_cdx(body, PREFIX)
    assert (memento.timestamp, memento.status, memento.original) == ("2016", 301, PAGE)


def test_pywb_cdx_json_lines_have_other_field_names() -> None:
    lines = [
        {
            "urlkey": "k",
            "timestamp": "20161201093000",
            "url": PAGE,
            "mime": "text/html",
            "status": "200",
        },
        {
            "urlkey": "k",
            "timestamp": "20161203000000",
            "url": PAGE,
            "mime": "text/html",
            "status": "404",
        },
    ]
    body = "\n".join(json.dumps(line) for line in lines).encode()
    assert [(m.timestamp, m.status) for m in parse_cdx(body, PREFIX)] == [
        ("20161201093000", 200),
        ("20161203000000", 404),
    ]


def test_plain_cdx_lines() -> None:
    body = f"k 20161201093000 {PAGE} text/html 200 DIGEST 100\n".encode()
    (memento,) = parse_cdx(body, PREFIX)
    assert (memento.timestamp, memento.status) == ("20161201093000", 200)


@pytest.mark.parametrize(
    "body", [b"", b"[]", b"{not json", b'[["a"], 3]', b"<html>error</html>", b"\xff\xfe"]
)
def test_bad_cdx_answers_give_no_captures(body: bytes) -> None:
    assert parse_cdx(body, PREFIX) == []


@given(st.binary(max_size=300))
def test_any_cdx_answer_parses_without_crashing(body: bytes) -> None:
    for memento in parse_cdx(body, PREFIX):
        assert memento.raw_url.startswith(PREFIX)


WEB = "https://archive.example/web"
TIMEMAP = (
    f'<{PAGE}>; rel="original",\n'
    f'<{WEB}/timemap/link/{PAGE}>; rel="self"; type="application/link-format",\n'
    f'<{WEB}/{PAGE}>; rel="timegate",\n'
    f'<{WEB}/20161201093000mp_/{PAGE}>; rel="first memento";'
    ' datetime="Thu, 01 Dec 2016 09:30:00 GMT",\n'
    f'<{WEB}/20170105000000/{PAGE}>; rel="last memento"; datetime="Thu, 05 Jan 2017 00:00:00 GMT"\n'
)


def test_a_link_format_timemap() -> None:
    first, last = parse_timemap(TIMEMAP.encode())
    assert (first.original, first.timestamp) == (PAGE, "20161201093000")
    assert first.raw_url == f"https://archive.example/web/20161201093000id_/{PAGE}"
    assert last.raw_url == f"https://archive.example/web/20170105000000id_/{PAGE}"


def test_link_format_keeps_commas_inside_quotes_and_urls() -> None:
    links = parse_link_format(
        '<http://a.example/x,y>; rel="memento"; datetime="Sun, 11 Dec 2016 10:00:00 GMT",'
        " <http://b.example/>; rel=original"
    )
    assert links == [
        ("http://a.example/x,y", {"rel": "memento", "datetime": "Sun, 11 Dec 2016 10:00:00 GMT"}),
        ("http://b.example/", {"rel": "original"}),
    ]


def test_a_memento_url_of_another_form_keeps_its_datetime() -> None:
    body = b'<http://other.example/m/abc>; rel="memento"; datetime="Thu, 01 Dec 2016 09:30:00 GMT"'
    (memento,) = parse_timemap(body)
    assert (memento.timestamp, memento.raw_url) == ("20161201093000", "http://other.example/m/abc")


def memento(stamp: str, status: int | None = 200) -> Memento:
    return Memento(PAGE, stamp, f"{PREFIX}{stamp}/{PAGE}", f"{PREFIX}{stamp}id_/{PAGE}", status)


CAPTURES = [
    memento("20160601000000"),
    memento("20161210120000"),
    memento("20161213000000", 404),
    memento("20161220000000"),
    memento("20170101000000", 302),
]


def test_the_nearest_capture_before_the_citation_comes_first_then_the_nearest_after() -> None:
    when = datetime(2016, 12, 14, tzinfo=UTC)
    order = [m.timestamp for m in choose(CAPTURES, when)]
    assert order == ["20161210120000", "20160601000000", "20161220000000", "20170101000000"]


def test_without_a_citing_date_the_latest_good_capture_comes_first() -> None:
    order = [m.timestamp for m in choose(CAPTURES, None)]
    assert order == ["20161220000000", "20161210120000", "20160601000000", "20170101000000"]


def test_a_date_stands_for_the_end_of_its_day() -> None:
    moment = citing_moment("2016-12-10")
    assert moment == datetime(2016, 12, 10, 23, 59, 59, tzinfo=UTC)
    assert choose(CAPTURES, moment)[0].timestamp == "20161210120000"
    assert citing_moment("2016-12-10T08:00:00+02:00") == datetime(2016, 12, 10, 6, tzinfo=UTC)
    assert citing_moment("") is None and citing_moment("last Tuesday") is None


def test_a_timestamp_that_is_no_date_is_no_capture() -> None:
    body = json.dumps([["timestamp", "original"], ["20161399000000", PAGE]]).encode()
    assert parse_cdx(body, PREFIX) == []


def test_short_timestamps_are_padded() -> None:
    assert timestamp_moment("2016") == datetime(2016, 1, 1, tzinfo=UTC)
    assert timestamp_moment("201612") == datetime(2016, 12, 1, tzinfo=UTC)
    assert timestamp_moment("20161210093000") == datetime(2016, 12, 10, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "kind", "prefix"),
    [
        (DEFAULT_ARCHIVE, KIND_CDX, "https://web.archive.org/web/"),
        ("http://127.0.0.1:8080/my-coll/cdx", KIND_CDX, "http://127.0.0.1:8080/my-coll/"),
        ("http://127.0.0.1:8080/my-coll/", KIND_COLLECTION, "http://127.0.0.1:8080/my-coll/"),
        ("http://127.0.0.1:8080/my-coll", KIND_COLLECTION, "http://127.0.0.1:8080/my-coll/"),
        ("https://archive.example/timemap/link/", KIND_TIMEMAP, ""),
        ("https://archive.example/timegate", KIND_TIMEGATE, ""),
    ],
)
def test_the_form_of_an_archive_url_says_its_api(url: str, kind: str, prefix: str) -> None:
    archive = Archive.from_url(url)
    assert (archive.kind, archive.replay_prefix) == (kind, prefix)


def test_lookup_urls() -> None:
    assert Archive.from_url(DEFAULT_ARCHIVE).lookup_url(PAGE) == (
        "https://web.archive.org/cdx/search/cdx?url=http%3A%2F%2Fnews.example%2F2016%2F12"
        "%2Fstory%3Fid%3D7&output=json"
    )
    assert Archive.from_url("http://h/c/").lookup_url(PAGE) == f"http://h/c/timemap/link/{PAGE}"
    assert Archive.from_url("http://h/timegate/").lookup_url(PAGE) == f"http://h/timegate/{PAGE}"


def test_replay_urls() -> None:
    assert (
        raw_replay_url(f"http://h/c/20161201093000mp_/{PAGE}")
        == f"http://h/c/20161201093000id_/{PAGE}"
    )
    assert (
        raw_replay_url(f"http://h/c/20161201093000/{PAGE}")
        == f"http://h/c/20161201093000id_/{PAGE}"
    )
    assert original_of_replay(f"http://h/c/20161201093000id_/{PAGE}") == PAGE
    assert original_of_replay("http://news.example/a") == ""


def test_replay_asks_no_archive_by_default_and_live_asks_the_wayback_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(wayback, "DEFAULT_ARCHIVE", DEFAULT_ARCHIVE)  # undo conftest's guard
    assert DEFAULT_ARCHIVE == "https://web.archive.org/cdx/search/cdx"
    assert resolved_archives(None, replaying=True) == ()
    assert resolved_archives(None, replaying=False) == (DEFAULT_ARCHIVE,)
    assert resolved_archives(["http://h/c/"], replaying=True) == ("http://h/c/",)
    assert resolved_archives((), replaying=False) == ()


def test_archive_requests_stop_with_the_crawl(tmp_path: Path) -> None:
    """Each archive request takes a page of the budget; none once the page budget is
    spent, the time budget is over or a stop (a signal) was requested."""
    from provenance.crawl.engine import Crawler, CrawlStop
    from provenance.crawl.fetcher import Fetcher
    from provenance.settings import Settings
    from provenance.store import Store

    stop = CrawlStop()
    with Store(tmp_path / "crawl.sqlite") as store:
        settings = Settings(max_pages=2)
        crawler = Crawler(settings, store, Fetcher(settings), extract_page, stop=stop)
        assert crawler._spend_archive_request()
        stop.request()
        assert not crawler._spend_archive_request()
        crawler.stop = None
        assert crawler._spend_archive_request()
        assert not crawler._spend_archive_request()  # two pages: spent
