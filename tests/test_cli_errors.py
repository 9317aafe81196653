"""Bad input ends with one line on stderr and exit code 1 or 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from provenance.sample import warc_path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("provenance:"), lines[0]


def test_url_missing_from_the_replayed_warc(tmp_path: Path) -> None:
    result = run(
        "trace",
        "https://example.org/not-in-the-archive",
        "--replay",
        str(warc_path()),
        "--out",
        str(tmp_path / "out"),
        "--quiet",
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert_one_line_error(result)
    assert "example.org/not-in-the-archive" in result.stderr


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://example.org/file", "javascript:alert(1)", "http://"]
)
def test_malformed_url(tmp_path: Path, url: str) -> None:
    result = run(
        "trace", url, "--replay", str(warc_path()), "--out", str(tmp_path / "out"), cwd=tmp_path
    )
    assert result.returncode == 2
    assert_one_line_error(result)


def test_missing_warc_file(tmp_path: Path) -> None:
    result = run(
        "trace",
        "https://example.org/",
        "--replay",
        str(tmp_path / "missing.warc.gz"),
        "--out",
        str(tmp_path / "out"),
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert_one_line_error(result)
    assert "missing.warc.gz" in result.stderr


def test_a_file_that_is_not_a_warc(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.warc.gz"
    bogus.write_bytes(b"\x1f\x8b this is not gzip at all")
    result = run(
        "trace",
        "https://example.org/",
        "--replay",
        str(bogus),
        "--out",
        str(tmp_path / "out"),
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert_one_line_error(result)


def test_unknown_option(tmp_path: Path) -> None:
    result = run("trace", "https://example.org/", "--no-such-option", cwd=tmp_path)
    assert result.returncode == 2
    assert_one_line_error(result)


def test_render_without_a_store(tmp_path: Path) -> None:
    result = run("render", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 2
    assert_one_line_error(result)
