"""What the crawl follows: --include-domain / --exclude-domain and the --since/--until
window (crawl/scope.py), by unit on generated URLs and end to end on loopback servers."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from loopback import ServerThread, WebServer, article

from provenance.cli import main
from provenance.crawl.scope import Scope, url_dates

# --- units, over generated variants ------------------------------------------------------

HOSTS = ["example.org", "news.example.org", "a.b.example.org", "www.example.org"]
OTHERS = ["badexample.org", "example.org.evil.net", "example.com", "org"]


@pytest.mark.parametrize("host", HOSTS)
def test_a_domain_matches_itself_and_its_subdomains(host: str) -> None:
    url = f"https://{host}/story"
    assert not Scope(include=["example.org"]).allows_url(f"https://{OTHERS[0]}/x")
    assert Scope(include=["example.org"]).allows_url(url)
    assert Scope(include=["EXAMPLE.org."]).allows_url(url)
    assert not Scope(exclude=["example.org"]).allows_url(url)
    assert not Scope(exclude=["www.example.org"]).allows_url(url)


@pytest.mark.parametrize("host", OTHERS)
def test_a_domain_does_not_match_lookalikes(host: str) -> None:
    url = f"https://{host}/story"
    assert not Scope(include=["example.org"]).allows_url(url)
    assert Scope(exclude=["example.org"]).allows_url(url)


def _days(count: int, seed: int) -> list[date]:
    rng = random.Random(seed)
    start = date(1995, 1, 1)
    return [start + timedelta(days=rng.randrange(0, 12_000)) for _ in range(count)]


URL_FORMS = [
    "https://h.example/{y}/{m}/{d}/some-story/",
    "https://h.example/news/{y}/{m}/{d}/story.html",
    "https://h.example/{y}-{m}-{d}-story",
    "https://h.example/world/story-{y}-{m}-{d}?ref=x",
]


@pytest.mark.parametrize(("form", "day"), list(itertools.product(URL_FORMS, _days(12, 1))))
def test_dates_in_url_paths(form: str, day: date) -> None:
    url = form.format(y=day.year, m=f"{day.month:02}", d=f"{day.day:02}")
    assert url_dates(url) == (day, day)
    window = Scope(since=day.isoformat(), until=day.isoformat())
    assert window.allows_url(url)
    assert not Scope(since=(day + timedelta(days=1)).isoformat()).allows_url(url)
    assert not Scope(until=(day - timedelta(days=1)).isoformat()).allows_url(url)


@pytest.mark.parametrize("day", _days(8, 2))
def test_a_month_in_the_path_is_outside_only_when_the_whole_month_is(day: date) -> None:
    url = f"https://h.example/{day.year}/{day.month:02}/story"
    first, last = url_dates(url) or (None, None)
    assert first == day.replace(day=1) and last is not None and last.month == day.month
    assert Scope(since=day.isoformat()).allows_url(url)
    assert not Scope(since=(last + timedelta(days=1)).isoformat()).allows_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://h.example/story",
        "https://h.example/images/1080/720/x.jpg",
        "https://h.example/p/12345678",
        "https://h.example/?p=2016-12-13",
        "https://h.example/2016/13/40/bad",
    ],
)
def test_undated_urls_always_pass(url: str) -> None:
    assert url_dates(url) is None
    assert Scope(since="2030-01-01", until="2030-12-31").allows_url(url)


def test_page_dates() -> None:
    window = Scope(since="2016-12-01", until="2016-12-31")
    assert window.follows_page("2016-12-08T16:31:00-05:00")
    assert window.follows_page("2016-12-31")
    assert not window.follows_page("2016-11-30T23:59:00Z")
    assert not window.follows_page("2017-01-01")
    assert window.follows_page("")
    assert window.follows_page("not a date")


# --- end to end ---------------------------------------------------------------------------

DATED = '<meta property="article:published_time" content="{}">'


@pytest.fixture(scope="module")
def web() -> Iterator[dict[str, object]]:
    thread = ServerThread()
    a = WebServer(thread, address="127.0.0.21")
    b = WebServer(thread, address="127.0.0.22")
    c = WebServer(thread, address="127.0.0.23")
    deeper = b.page("/deeper", article("Deeper"))
    old = b.page("/old", article("Old", [deeper], extra=DATED.format("2010-03-01")))
    recent = b.page("/2016/12/13/recent", article("Recent", extra=DATED.format("2016-12-13")))
    stale = c.page("/2010/01/05/stale", article("Stale"))
    other = c.page("/other", article("Other"))
    root = a.page(
        "/root",
        article("Root", [recent, stale, old, other], extra=DATED.format("2009-01-01")),
    )
    yield {
        "root": root,
        "servers": {"a": a, "b": b, "c": c},
        "paths": {"recent": recent, "stale": stale, "old": old, "deeper": deeper, "other": other},
    }
    thread.close()


def fetched(out: Path) -> set[str]:
    from provenance.store import Store

    with Store(out / "crawl.sqlite") as store:
        return {url for url, *_ in store.fetch_statuses()}


def trace(web: dict[str, object], out: Path, *options: str) -> set[str]:
    code = main(
        ["trace", str(web["root"]), "--allow-private", "--quiet", "--out", str(out), *options]
    )
    assert code == 0
    return fetched(out)


def test_no_filter_follows_everything(web: dict[str, object], tmp_path: Path) -> None:
    paths: dict[str, str] = web["paths"]  # type: ignore[assignment]
    assert set(paths.values()) | {web["root"]} == trace(web, tmp_path)


def test_exclude_and_include_domains(web: dict[str, object], tmp_path: Path) -> None:
    paths: dict[str, str] = web["paths"]  # type: ignore[assignment]
    got = trace(web, tmp_path / "x", "--exclude-domain", "127.0.0.23")
    assert paths["stale"] not in got and paths["other"] not in got
    assert paths["recent"] in got and paths["deeper"] in got
    got = trace(web, tmp_path / "i", "--include-domain", "127.0.0.23")
    assert got == {web["root"], paths["stale"], paths["other"]}


def test_date_window(
    web: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths: dict[str, str] = web["paths"]  # type: ignore[assignment]
    out = tmp_path / "w"
    got = trace(web, out, "--since", "2016-01-01", "--until", "2016-12-31")
    # The root is out of the window but its links are followed; the URL-dated stale
    # page is not fetched; the old page is fetched (its date is only known once read)
    # and kept, but its link is not followed; undated pages pass.
    assert paths["stale"] not in got
    assert paths["recent"] in got and paths["other"] in got and paths["old"] in got
    assert paths["deeper"] not in got
    assert main(["info", str(out), "--format", "json"]) == 0
    settings = json.loads(capsys.readouterr().out)["settings"]
    assert settings["since"] == "2016-01-01" and settings["until"] == "2016-12-31"


@pytest.mark.parametrize(
    "options",
    [
        ["--since", "2016-13-01"],
        ["--until", "yesterday"],
        ["--since", "2017-01-01", "--until", "2016-01-01"],
    ],
)
def test_bad_dates_are_one_line_errors(
    web: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    try:
        code = main(
            ["trace", str(web["root"]), "--allow-private", "--out", str(tmp_path), *options]
        )
    except SystemExit as exit:
        code = int(exit.code or 0)
    assert code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
