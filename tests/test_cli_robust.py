"""The command line when things go wrong: signals mid-crawl, the time budget, damaged
archives and stores, a crawl of other roots in --out, closed pipes, odd arguments.
Every case ends with the results written or one line and exit 2, never a traceback."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import HostileWeb

import provenance
from provenance.cli import EXIT_SIGNAL_BASE, main
from provenance.models import CLAIM_COLUMNS
from provenance.sample import ROOT_URL, warc_path
from provenance.store import Store

REPO = Path(__file__).resolve().parents[1]
OUTPUTS = ("graph.html", "graph.json", "claims.csv", "graph.gexf", "graph.graphml", "prov.json")
# Seconds a trace may take beyond its --time-budget: the analysis and the writing of
# the outputs of a small crawl, on a loaded 2-core machine, with a wide margin.
GRACE = 45.0


@pytest.fixture
def web() -> Iterator[HostileWeb]:
    with HostileWeb(seed=3) as hostile:
        yield hostile


def assert_complete(out: Path) -> provenance.Trace:
    """Every output file is there and opens."""
    for name in OUTPUTS:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    graph = provenance.read_json(out / "graph.json")
    assert graph.number_of_nodes() > 0
    with (out / "claims.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and tuple(rows[0]) == CLAIM_COLUMNS
    assert "<html" in (out / "graph.html").read_text(encoding="utf-8")[:2000].lower()
    return provenance.Trace.from_store(out)


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


# --- signals ------------------------------------------------------------------------


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_crawl_leaves_every_output_file(
    web: HostileWeb, tmp_path: Path, number: signal.Signals
) -> None:
    out = tmp_path / "out"
    crawl = subprocess.Popen(
        [
            *(sys.executable, "-m", "provenance", "trace", web.root, "--allow-private"),
            *("--no-archive", "--depth", "30", "--out", str(out), "--quiet"),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Mid-crawl: the trickles are trickling and the calendar is being walked.
        assert web.wait_for(
            lambda log: (
                sum(e.host == "calendar" and e.kind == "request" for e in log) >= 3
                and any(e.host == "trickle-body" and e.kind == "headers-sent" for e in log)
            ),
            timeout=60,
        )
        crawl.send_signal(number)
        _, err = crawl.communicate(timeout=120)
    finally:
        if crawl.poll() is None:
            crawl.kill()
    assert crawl.returncode == EXIT_SIGNAL_BASE + number, err
    assert "Traceback" not in err
    assert f"stopped by {number.name}" in err
    result = assert_complete(out)
    kept = {str(data["status"]) for _, data in result.graph.nodes(data=True)}
    assert "interrupted" in kept  # what was queued or in flight says why it is missing
    # Resuming fetches what the signal left (the same roots: no --add needed).
    with Store(out / "crawl.sqlite") as store:
        assert store.frontier_states().get("interrupted", 0) > 0


# --- the time budget ----------------------------------------------------------------------


def test_the_time_budget_ends_the_trace_with_every_file_written(
    web: HostileWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    budget = 4.0
    started = time.monotonic()
    code = main(
        [
            *("trace", web.root, "--allow-private", "--depth", "30", "--out", str(out)),
            *("--no-archive", "--time-budget", str(budget)),
        ]
    )
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    # Without the budget the trickles alone hold the crawl for a minute (the default
    # total timeout), and the paced calendar for longer.
    assert elapsed < budget + GRACE
    assert code == 0, err
    assert "time budget" in err and "Traceback" not in err
    result = assert_complete(out)
    kept = {str(data["status"]) for _, data in result.graph.nodes(data=True)}
    assert "time-budget" in kept


def test_a_negative_time_budget_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["trace", ROOT_URL, "--time-budget", "-1", "--out", str(tmp_path)])
    assert code == 2
    one_line_error(capsys)


# --- damaged archives -----------------------------------------------------------------


def sample_cuts() -> list[int]:
    size = warc_path().stat().st_size
    return list(range(3000, size, 3700))


def test_a_cut_archive_is_read_up_to_the_damage(tmp_path: Path) -> None:
    data = warc_path().read_bytes()
    full = provenance.trace([ROOT_URL], replay=[warc_path()])
    full_status = {claim.claim_id: claim.status for claim in full.claims}
    assert not full.report.warnings
    for size in sample_cuts():
        cut = tmp_path / f"cut-{size}.warc.gz"
        cut.write_bytes(data[:size])
        try:
            result = provenance.trace([ROOT_URL], replay=[cut])
        except provenance.UsageError as error:
            assert "no archived HTTP responses" in str(error)  # nothing readable at all
            continue
        (warning,) = result.report.warnings
        assert "damaged" in warning and "could not be read" in warning
        for claim in result.claims:
            if claim.status == "dead-end":
                # Only a page the archive holds as dead ends a chain as dead.
                last = result.graph.nodes[claim.chain[0]]
                assert last["status"] not in ("not-archived", ""), (size, claim.chain)
                assert full_status[claim.claim_id] == "dead-end"
        for _, data_ in result.graph.nodes(data=True):
            if data_["kind"] == "unreachable" and data_["status"] == "not-archived":
                break
        else:
            pytest.fail(f"a WARC cut at {size} bytes lost no page")


def test_the_cli_warns_about_a_damaged_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc_path().read_bytes()[:20_000])
    code = main(["trace", "--replay", str(cut), ROOT_URL, "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 0
    assert "warning:" in captured.err and "damaged from byte" in captured.err
    assert "dead-end" not in captured.out
    assert_complete(tmp_path / "out")


# --- safe stores ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    provenance.trace([ROOT_URL], replay=[warc_path()], out=out)
    return out / "crawl.sqlite"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_claims_render_and_export_never_write_to_the_store(
    sample_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    store = folder / "crawl.sqlite"
    store.write_bytes(sample_store.read_bytes())
    before = digest(store)
    store.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert main(["claims", str(store)]) == 0
        assert main(["render", str(store), "--out", str(tmp_path / "view"), "--quiet"]) == 0
        assert main(["export", str(folder), "--format", "json", "--out", str(tmp_path)]) == 0
    finally:
        folder.chmod(0o755)
        store.chmod(0o644)
    assert digest(store) == before
    assert sorted(path.name for path in folder.iterdir()) == ["crawl.sqlite"]
    assert (tmp_path / "view" / "graph.html").is_file()
    # The read-only connection refuses writes: nothing can create a table there.
    with Store(store, readonly=True) as opened, pytest.raises(sqlite3.OperationalError):
        opened.set_meta("touched", "yes")


@pytest.mark.parametrize("command", ["claims", "render", "export"])
@pytest.mark.parametrize(
    "content",
    [b"", b"this is not a database\n" * 40, b"SQLite format 3\x00" + b"\x00" * 200],
    ids=["empty", "text", "bogus-header"],
)
def test_a_file_that_is_no_store_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, content: bytes
) -> None:
    store = tmp_path / "crawl.sqlite"
    store.write_bytes(content)
    argv = [command, str(store)] + (["--format", "csv"] if command == "export" else [])
    assert main(argv) == 2
    assert "crawl.sqlite" in one_line_error(capsys)
    assert store.read_bytes() == content  # nothing was created in it


def test_a_sqlite_file_of_another_program_is_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "crawl.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    before = digest(other)
    assert main(["claims", str(other)]) == 2
    assert "not a provenance crawl store" in one_line_error(capsys)
    assert digest(other) == before


def test_a_store_cut_anywhere_near_its_end_is_one_line_and_exit_2(
    sample_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = sample_store.read_bytes()
    cuts = range(max(1024, len(data) - 64 * 1024), len(data), 1024)
    assert len(cuts) >= 16
    for size in cuts:
        cut = tmp_path / f"cut-{size}.sqlite"
        cut.write_bytes(data[:size])
        code = main(["claims", str(cut)])
        captured = capsys.readouterr()
        assert code == 2, size
        assert "Traceback" not in captured.err
        assert len(captured.err.strip().splitlines()) == 1, (size, captured.err)


# --- no silent merges -----------------------------------------------------------------------


OTHER_ROOT = "https://sputniknews.com/middleeast/201612101048397516-isis-palmyra-offensive/"


def test_a_crawl_of_other_roots_is_not_merged_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path)
    warc = str(warc_path())
    assert main(["trace", "--replay", warc, ROOT_URL, "--out", out, "--quiet"]) == 0
    capsys.readouterr()
    # The same roots again: resumed (nothing to do), not refused.
    assert main(["trace", "--replay", warc, ROOT_URL, "--out", out, "--quiet"]) == 0
    capsys.readouterr()
    assert main(["trace", "--replay", warc, OTHER_ROOT, "--out", out, "--quiet"]) == 2
    err = one_line_error(capsys)
    assert ROOT_URL in err and "--fresh" in err and "--add" in err
    with Store(tmp_path / "crawl.sqlite") as store:
        assert store.get_json("roots") == [ROOT_URL]
    assert main(["trace", "--replay", warc, OTHER_ROOT, "--out", out, "--add", "--quiet"]) == 0
    with Store(tmp_path / "crawl.sqlite") as store:
        assert sorted(store.get_json("roots")) == sorted([ROOT_URL, OTHER_ROOT])
    assert main(["trace", "--replay", warc, OTHER_ROOT, "--out", out, "--fresh", "--quiet"]) == 0
    with Store(tmp_path / "crawl.sqlite") as store:
        assert store.get_json("roots") == [OTHER_ROOT]


# --- small things -----------------------------------------------------------------------------


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    demo = subprocess.Popen(
        [sys.executable, "-m", "provenance", "demo", "--out", str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert demo.stdout is not None and demo.stderr is not None
    demo.stdout.close()  # the reader is gone before the first line is printed
    err = demo.stderr.read().decode()
    assert demo.wait(timeout=120) == 0, err
    assert err == ""
    assert (tmp_path / "graph.json").is_file()


def test_head_of_the_demo_through_a_shell_pipe(tmp_path: Path) -> None:
    shell = subprocess.run(
        [
            "bash",
            "-c",
            f'set -o pipefail; "{sys.executable}" -m provenance demo --out "{tmp_path}" | head -1',
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.startswith("claim_id ")
    assert shell.stderr == ""


def test_replay_does_not_swallow_the_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["trace", "--replay", str(warc_path()), ROOT_URL, "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "6 claims traced" in out


def test_replay_may_be_given_once_per_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warc = str(warc_path())
    code = main(["trace", ROOT_URL, "--replay", warc, "--replay", warc, "--out", str(tmp_path)])
    assert code == 0
    assert "6 claims traced" in capsys.readouterr().out


def test_a_failed_root_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = "https://no-such-outlet.example/story"
    code = main(["trace", "--replay", str(warc_path()), missing, "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"could not fetch root {missing} (not-archived)" in err


def test_a_failed_live_root_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A port nothing listens on: the connection is refused, and the message says so.
    root = "http://127.0.0.1:9/story"
    code = main(["trace", root, "--allow-private", "--no-archive", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "could not fetch root http://127.0.0.1:9/story (connect)" in err


@pytest.mark.parametrize(
    "url", ["http://exa mple.com/story", "http://ex%20ample.com/", 'http://a"b/']
)
def test_a_host_with_a_space_is_an_invalid_url(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["trace", url, "--out", str(tmp_path)]) == 2
    assert "not an http(s) URL" in one_line_error(capsys)


def test_graph_json_of_an_interrupted_trace_is_plain_json(tmp_path: Path) -> None:
    # The output of a stopped trace is the same format as a finished one.
    result = provenance.trace([ROOT_URL], replay=[warc_path()], out=tmp_path)
    result.write(tmp_path)
    json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert os.path.getsize(tmp_path / "claims.csv") > 0
