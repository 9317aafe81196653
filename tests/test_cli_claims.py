"""The researcher's commands over a stored crawl: `claims` (formats, filters, cuts),
`info`, re-analysis options on `claims`/`render`/`export`, and the CLI's messages."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import ServerThread, WebServer, article

import provenance
from provenance.cli import main
from provenance.crawl.engine import CrawlProgress
from provenance.crawl.progress import BAR_WIDTH, progress_line
from provenance.models import CLAIM_STATUSES
from provenance.render import style


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out), "--quiet"]) == 0
    return out


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit:  # argparse's usage errors
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def claims_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_table_shows_claim_ids_that_chain_accepts(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "claims", str(demo))
    assert code == 0
    header, *lines = out.splitlines()
    assert header.split()[:3] == ["claim_id", "status", "hops"]
    assert "root" in header and "origin" in header
    expected = claims_csv(demo / "claims.csv")
    assert [line.split()[0] for line in lines] == [row["claim_id"] for row in expected]
    t = provenance.Trace.from_store(demo)
    for line in lines:
        assert t.chain(line.split()[0]).claim.claim_id == line.split()[0]


def test_long_cells_are_cut_with_an_ellipsis_and_full_cuts_nothing(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = claims_csv(demo / "claims.csv")
    long_claim = max(rows, key=lambda row: len(row["claim"]))["claim"]
    _, short, _ = run(capsys, "claims", str(demo))
    assert long_claim not in short
    assert "…" in short and "..." not in short
    _, full, _ = run(capsys, "claims", str(demo), "--full")
    assert "…" not in full
    for row in rows:
        assert row["claim"] in full
        for url in row["origin_urls"].split():
            assert url in full
        assert row["citing_url"] in full


def test_origin_is_named_as_the_graph_labels_it(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    t = provenance.Trace.from_store(demo)
    _, full, _ = run(capsys, "claims", str(demo), "--full")
    labels = style.node_labels(t.graph)
    for claim in t.claims:
        for url in claim.origin_urls:
            if url in t.graph:
                assert f"{style.outlet_label(t.graph.nodes[url])} {url}" in full
                assert labels[url] == style.clip(style.outlet_label(t.graph.nodes[url]), 32)


@pytest.mark.parametrize("status", CLAIM_STATUSES)
def test_status_filter(demo: Path, capsys: pytest.CaptureFixture[str], status: str) -> None:
    expected = [row for row in claims_csv(demo / "claims.csv") if row["status"] == status]
    code, out, _ = run(capsys, "claims", str(demo), "--status", status, "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert [record["claim_id"] for record in records] == [row["claim_id"] for row in expected]
    assert all(record["status"] == status for record in records)


def test_several_statuses_and_a_bad_one(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "claims", str(demo), "--status", "origin", "--status", "primary", "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["status"] for row in rows} <= {"origin", "primary"}
    wanted = [r for r in claims_csv(demo / "claims.csv") if r["status"] in ("origin", "primary")]
    assert rows == wanted
    code, out, err = run(capsys, "claims", str(demo), "--status", "maybe")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_json_and_csv_hold_the_claims_csv_rows(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = claims_csv(demo / "claims.csv")
    _, out, _ = run(capsys, "claims", str(demo), "--format", "json")
    records = json.loads(out)
    assert len(records) == len(rows)
    for record, row in zip(records, rows, strict=True):
        assert record["claim_id"] == row["claim_id"]
        assert record["origin_urls"] == row["origin_urls"].split()
        assert record["chain"] == row["chain"].split()
        assert record["hops"] == int(row["hops"])
        assert record["root"] == row["citing_url"]
        assert len(record["origin_outlets"]) == len(record["origin_urls"])
    _, out, _ = run(capsys, "claims", str(demo), "--format", "csv")
    assert out.replace("\r\n", "\n") == (demo / "claims.csv").read_text("utf-8").replace(
        "\r\n", "\n"
    )


def test_info_summarises_the_store(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    t = provenance.Trace.from_store(demo)
    code, out, _ = run(capsys, "info", str(demo), "--format", "json")
    assert code == 0
    info = json.loads(out)
    roots = [node for node, data in t.graph.nodes(data=True) if data.get("root")]
    assert info["roots"] == roots
    assert info["settings"]["depth"] == 3 and info["settings"]["follow"] == "attribution"
    assert info["started"] and info["finished"] >= info["started"]
    assert info["fetched"] == t.report.fetched > 0
    assert sum(info["statuses"].values()) == info["fetched"]
    kinds: dict[str, int] = {}
    for _, data in t.graph.nodes(data=True):
        kinds[data["kind"]] = kinds.get(data["kind"], 0) + 1
    assert info["kinds"] == kinds
    failed = [
        (node, data["status"])
        for node, data in t.graph.nodes(data=True)
        if data["kind"] == "unreachable"
    ]
    assert [tuple(item) for item in info["failures"]] == failed
    assert info["failed"] == len(failed) == t.report.errors
    code, text, _ = run(capsys, "info", str(demo))
    assert code == 0
    assert roots[0] in text and failed[0][0] in text
    assert f"{info['fetched']} pages, {info['failed']} failed" in text


def test_from_store_reports_the_stored_crawl(demo: Path) -> None:
    t = provenance.Trace.from_store(demo)
    fetched = len({node for node, data in t.graph.nodes(data=True) if data["kind"] != "unvisited"})
    # One fetch per document here, plus the redirect's first hop if any: at least that.
    assert t.report.fetched >= fetched > 0
    assert t.report.failed_roots == []


def test_missing_store_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("claims", "info", "render", "export"):
        extra = ["--format", "csv"] if command == "export" else []
        code, _, err = run(capsys, command, str(tmp_path / "nowhere"), *extra)
        assert code == 2 and "no crawl store" in err and len(err.strip().splitlines()) == 1


# --- re-analysis without fetching ---------------------------------------------------------


@pytest.fixture
def store_only(demo: Path, tmp_path: Path) -> Path:
    """The demo's crawl.sqlite alone: no WARC beside it, so nothing could be re-fetched."""
    shutil.copyfile(demo / "crawl.sqlite", tmp_path / "crawl.sqlite")
    return tmp_path


def test_support_threshold_reanalyses(store_only: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "claims", str(store_only), "--format", "json")
    default = {record["claim_id"]: record["status"] for record in json.loads(out)}
    _, out, _ = run(
        capsys, "claims", str(store_only), "--format", "json", "--support-threshold", "1"
    )
    strict = {record["claim_id"]: record["status"] for record in json.loads(out)}
    assert strict.keys() == default.keys()
    # Support is below 1 for any real passage: every claim whose trace checked a cited
    # page's text now stops there as unsupported.
    assert "unsupported" in strict.values()
    assert sum(s == "unsupported" for s in strict.values()) > sum(
        s == "unsupported" for s in default.values()
    )
    _, out, _ = run(
        capsys, "claims", str(store_only), "--format", "json", "--support-threshold", "0"
    )
    assert "unsupported" not in {record["status"] for record in json.loads(out)}
    code, _, err = run(capsys, "claims", str(store_only), "--support-threshold", "1.5")
    assert code == 2 and "between 0 and 1" in err


def test_primary_domain_reanalyses_render_and_export(
    store_only: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    t = provenance.Trace.from_store(store_only)
    origin = next(claim for claim in t.claims if claim.status == "origin")
    domain = t.graph.nodes[origin.origin_urls[0]]["outlet"]
    out = store_only / "rendered"
    code, printed, _ = run(
        capsys, "render", str(store_only), "--out", str(out), "--primary-domain", domain
    )
    assert code == 0 and "claims traced" in printed
    rows = {row["claim_id"]: row for row in claims_csv(out / "claims.csv")}
    assert rows[origin.claim_id]["status"] == "primary"
    html = (out / "graph.html").read_text("utf-8")
    assert '"status":"primary"' in html
    code, printed, _ = run(
        capsys,
        "export",
        str(store_only),
        "--format",
        "json",
        "--out",
        str(out / "x"),
        "--primary-domain",
        domain.upper(),
    )
    assert code == 0 and printed.strip() == f"wrote {out / 'x' / 'graph.json'}"
    claims = json.loads((out / "x" / "graph.json").read_text("utf-8"))["graph"]["claims"]
    assert {c["claim_id"]: c["status"] for c in claims}[origin.claim_id] == "primary"


# --- messages -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lonely() -> Iterator[str]:
    thread = ServerThread()
    server = WebServer(thread, address="127.0.0.9")
    yield server.page("/alone", article("Alone"))
    thread.close()


def test_a_trace_without_claims_says_so_in_the_singular(
    lonely: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = sys.stderr
    try:
        code, out, _ = run(capsys, "trace", lonely, "--allow-private", "--out", str(tmp_path))
    finally:
        sys.stderr = saved
    assert code == 0
    assert "no claims traced" in out
    assert "1 document, 0 edges, 1 outlet, 0 claims traced" in out
    code, out, _ = run(capsys, "claims", str(tmp_path))
    assert code == 0 and out.startswith("no claims traced")


@pytest.mark.parametrize("fetched", [0, 1, 14, 250, 499, 500])
def test_progress_bar_is_the_share_of_the_budget(fetched: int) -> None:
    line = progress_line(CrawlProgress(fetched=fetched, queued=0, finished=True), budget=500)
    bar = line[line.index("[") + 1 : line.index("]")]
    assert len(bar) == BAR_WIDTH
    assert bar.count("#") == BAR_WIDTH * fetched // 500
    assert f"fetched {fetched}/500" in line and line.endswith("done")


def test_export_prints_every_file_it_wrote(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("gexf", "graphml", "json", "csv", "prov"):
        code, out, _ = run(
            capsys, "export", str(demo), "--format", fmt, "--out", str(tmp_path / fmt)
        )
        assert code == 0
        assert out.startswith("wrote ")
        written = [Path(part) for part in out[len("wrote ") :].strip().split(", ")]
        assert sorted(path.name for path in (tmp_path / fmt).iterdir()) == sorted(
            p.name for p in written
        )
        code, out, _ = run(
            capsys, "export", str(demo), "--format", fmt, "--out", str(tmp_path / fmt), "--quiet"
        )
        assert code == 0 and out == ""


# --- the same edge fields in every export -------------------------------------------------

EXTRA_FIELDS = ("passage", "decided_by", "jaccard", "containment", "credit")


def test_every_export_carries_the_same_edge_fields(demo: Path) -> None:
    import networkx as nx

    t = provenance.Trace.from_store(demo)
    with (demo / "edges.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    graphml = nx.read_graphml(demo / "graph.graphml", force_multigraph=True)
    frame = t.edges_frame()
    by_key = {(u, v, str(d.get("id", k))): d for u, v, k, d in graphml.edges(keys=True, data=True)}
    assert len(by_key) == len(rows)
    seen = dict.fromkeys(EXTRA_FIELDS, 0)
    for row in rows:
        data = t.graph.edges[row["source"], row["target"], int(row["key"])]
        ml = by_key[(row["source"], row["target"], row["key"])]
        for name in EXTRA_FIELDS:
            value = data.get(name)
            if value in (None, ""):
                assert row[name] == "" and ml.get(name) in (None, ""), name
                continue
            seen[name] += 1
            if isinstance(value, float):
                assert float(row[name]) == pytest.approx(value) == pytest.approx(float(ml[name]))
            else:
                assert row[name] == str(value) == str(ml[name]), name
    # The sample has supported citations and republications: every field occurs.
    assert all(count > 0 for count in seen.values()), seen
    for name in EXTRA_FIELDS:
        assert name in frame.columns


def test_passages_csv_holds_the_checked_passages(demo: Path) -> None:
    claims = json.loads((demo / "graph.json").read_text("utf-8"))["graph"]["claims"]
    with (demo / "passages.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    expected = [
        (claim["claim_id"], passage["url"], passage["passage"])
        for claim in claims
        for passage in claim["passages"]
    ]
    assert [(row["claim_id"], row["url"], row["passage"]) for row in rows] == expected
    assert rows and all(row["outlet"] for row in rows)
    for row in rows:
        claim = next(c for c in claims if c["claim_id"] == row["claim_id"])
        chain = claim["chain"].split() if isinstance(claim["chain"], str) else claim["chain"]
        assert chain[len(chain) - 1 - int(row["hop"])] == row["url"]
        assert 0.0 <= float(row["support"]) <= 1.0
