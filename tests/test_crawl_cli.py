"""What `provenance trace` shows while it crawls: a live progress line on a terminal,
nothing when the output is not a terminal or with --quiet, one line a fetch with
--verbose."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import ServerThread, WebServer, article

import provenance
from provenance import cli
from provenance.cli import main


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture(scope="module")
def two_pages() -> Iterator[tuple[str, str]]:
    """(root, cited) on two hosts, so the default one-second pacing per host costs one
    second in all."""
    thread = ServerThread()
    first = WebServer(thread, address="127.0.0.7")
    second = WebServer(thread, address="127.0.0.8")
    cited = second.page("/cited", article("Cited"))
    yield first.page("/root", article("Root", [cited])), cited
    thread.close()


@pytest.fixture
def root(two_pages: tuple[str, str]) -> str:
    return two_pages[0]


def trace(root: str, out: Path, stderr: io.StringIO, *options: str) -> int:
    saved = sys.stderr
    sys.stderr = stderr
    try:
        command = ["trace", root, "--allow-private", "--no-archive", "--depth", "1"]
        return main([*command, "--out", str(out), *options])
    finally:
        sys.stderr = saved


def test_a_terminal_gets_a_live_progress_line(root: str, tmp_path: Path) -> None:
    terminal = Terminal()
    assert trace(root, tmp_path, terminal) == 0
    shown = terminal.getvalue()
    assert shown.startswith("\rfetched ")
    last = shown.rstrip("\n").rsplit("\r", 1)[-1]
    assert "fetched 2/" in last and "queued 0" in last and "errors 0" in last
    assert "pages/s" in last
    assert shown.endswith("\n")  # the summary starts on a line of its own


def test_quiet_and_not_a_terminal_print_no_progress(root: str, tmp_path: Path) -> None:
    quiet = Terminal()
    assert trace(root, tmp_path / "quiet", quiet, "--quiet") == 0
    piped = Pipe()
    assert trace(root, tmp_path / "piped", piped) == 0
    assert (quiet.getvalue(), piped.getvalue()) == ("", "")


def test_verbose_prints_one_line_per_fetch(two_pages: tuple[str, str], tmp_path: Path) -> None:
    root, cited = two_pages
    piped = Pipe()
    assert trace(root, tmp_path, piped, "--verbose") == 0
    lines = [line.split() for line in piped.getvalue().splitlines()]
    assert lines == [["200", root], ["200", cited]]


def test_contact_option_reaches_the_user_agent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, object] = {}

    def fake_trace(roots: list[str], **options: object) -> object:
        seen.update(options)
        raise provenance.UsageError("stop here")

    monkeypatch.setattr(cli, "trace", fake_trace)
    code = cli.main(
        [
            "trace",
            "https://example.org/a",
            "--contact",
            "mailto:me@uni.example",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 2
    settings = seen["settings"]
    assert isinstance(settings, provenance.Settings)
    assert "(+mailto:me@uni.example)" in settings.agent
