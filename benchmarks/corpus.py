"""Corpus mode on a generated WARC collection: speed, memory and accuracy, 1 and 2 workers.

    .venv/bin/python benchmarks/corpus.py                  # 100,000 pages
    .venv/bin/python benchmarks/corpus.py --pages 20000    # a quicker look

The collection (``tests/corpusweb.py``) has many outlets (one per twenty pages), planted
republication families (three stories in ten travel to one to four other outlets,
edited on up to 8% of their words, half with a credit line, some copied again), attribution
links between pages (70% of the claims repeat the cited page) and to pages outside the
collection, plus robots.txt, images, 404s and repeated captures.

Measured in one run, each configuration in its own process, on the same files:

* ``single process``: the same task graph run in this process by Dask's synchronous
  scheduler (``scheduler="synchronous"``): the peer;
* ``1 worker`` and ``2 workers``: a ``LocalCluster`` of worker processes, used by its
  scheduler address.

Reported: pages per second over the whole run and over the distributed stages alone,
seconds per stage, peak memory (RSS) of each worker and of the client, the shuffle's
size (band keys and samples), and recall and precision of the planted republication
edges (original -> copy) and citation edges inside the collection. The WARC readers are
compared on the same files: warcio (used by the tool) against fastwarc, when installed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

STAGES = ("index", "extract", "graph", "sketch", "reuse", "analyze", "write")
DISTRIBUTED_STAGES = ("index", "extract", "sketch", "reuse")
BAND_ROW_BYTES = 2 + 8 + 8
"""A shuffled band key row: band (int16), key (uint64), document (int64)."""
SAMPLE_ROW_BYTES = 4 + 8
"""A shuffled sample row: sample (uint32), document (int64)."""


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(mode: str, warcs: list[str], out: str, truth_file: str) -> dict[str, Any]:
    """One corpus run in this process; its figures."""
    import provenance
    from provenance.models import EDGE_CITATION, EDGE_REPUBLICATION

    workers_rss: list[float] = []
    started = time.perf_counter()
    if mode == "single":
        result = provenance.corpus(warcs, out, scheduler="synchronous", fresh=True)
    else:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=int(mode), threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            Client(cluster) as client,
        ):
            result = provenance.corpus(warcs, out, scheduler=cluster.scheduler_address, fresh=True)
            rss = client.run(lambda: __import__("resource").getrusage(0).ru_maxrss / 1024)
            workers_rss = sorted(float(value) for value in rss.values())
    seconds = time.perf_counter() - started
    truth = json.loads(Path(truth_file).read_text())
    planted = {tuple(edge) for edge in truth["republications"]}
    cited = {tuple(edge) for edge in truth["citations"]}
    graph = result.graph
    found_rep = {(s, t) for s, t, d in graph.edges(data=True) if d["kind"] == EDGE_REPUBLICATION}
    found_cit = {
        (s, t)
        for s, t, d in graph.edges(data=True)
        if d["kind"] == EDGE_CITATION and graph.nodes[s]["kind"] != "unvisited"
    }
    report = result.corpus_report
    import pyarrow.parquet as pq

    samples = sum(
        int(pq.read_table(path, columns=["sample_count"]).column(0).to_numpy().sum())
        for path in (Path(out) / "parquet" / "signatures").glob("*.parquet")
    )
    from provenance.graph.thresholds import LSH_BANDS

    return {
        "mode": mode,
        "documents": report.documents,
        "records": report.records,
        "seconds": round(seconds, 1),
        "stages": report.seconds,
        "workers_rss_mb": workers_rss,
        "client_rss_mb": round(_maxrss_mb(), 1),
        "shuffle_mb": round(
            (report.compared * LSH_BANDS * BAND_ROW_BYTES + samples * SAMPLE_ROW_BYTES) / 2**20, 1
        ),
        "candidates": report.candidates,
        "rep_recall": len(found_rep & planted) / max(1, len(planted)),
        "rep_precision": len(found_rep & planted) / max(1, len(found_rep)),
        "cit_recall": len(found_cit & cited) / max(1, len(cited)),
        "cit_precision": len(found_cit & cited) / max(1, len(found_cit)),
        "claims": len(result.claims),
        "parquet_mb": round(
            sum(path.stat().st_size for path in (Path(out) / "parquet").rglob("*.parquet")) / 2**20,
            1,
        ),
    }


def read_speeds(warcs: list[Path]) -> dict[str, float]:
    """Response records per second, payload read, for warcio and fastwarc."""
    from warcio.archiveiterator import ArchiveIterator

    speeds: dict[str, float] = {}
    started, count = time.perf_counter(), 0
    for path in warcs:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    record.content_stream().read()
                    count += 1
    speeds["warcio"] = count / (time.perf_counter() - started)
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
        from fastwarc.warc import WarcRecordType
    except ImportError:
        return speeds
    started, count = time.perf_counter(), 0
    for path in warcs:
        with path.open("rb") as handle:
            for record in FastIterator(handle, record_types=WarcRecordType.response):
                record.reader.read()
                count += 1
    speeds["fastwarc"] = count / (time.perf_counter() - started)
    return speeds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--modes", default="single,1,2", help="comma-separated: single,1,2")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--warcs", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--truth", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        print(json.dumps(run_one(args.run, args.warcs, args.out, args.truth)))
        return 0

    import corpusweb

    with tempfile.TemporaryDirectory(prefix="provenance-corpus-bench-") as temp:
        folder = Path(temp)
        started = time.perf_counter()
        collection = corpusweb.generate(folder / "warcs", args.pages)
        generated = time.perf_counter() - started
        truth = folder / "truth.json"
        truth.write_text(
            json.dumps(
                {
                    "republications": sorted(collection.truth_republications),
                    "citations": sorted(collection.truth_citations),
                }
            )
        )
        size = sum(path.stat().st_size for path in collection.warcs) / 2**20
        print(
            f"collection: {collection.pages} pages in {len(collection.warcs)} WARC files,"
            f" {size:.0f} MB, {len(collection.truth_republications)} planted republications,"
            f" {len(collection.truth_citations)} citations inside it (generated in"
            f" {generated:.0f} s)",
            flush=True,
        )
        speeds = read_speeds(collection.warcs)
        print(
            "WARC reading, records/s: "
            + ", ".join(f"{name} {speed:,.0f}" for name, speed in speeds.items()),
            flush=True,
        )
        results = []
        for mode in args.modes.split(","):
            command = [
                sys.executable,
                __file__,
                "--run",
                mode,
                "--out",
                str(folder / f"out-{mode}"),
                "--truth",
                str(truth),
                "--warcs",
                *map(str, collection.warcs),
            ]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                return 1
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(figures)
            print(json.dumps(figures), flush=True)
    print()
    print(table(results))
    return 0


def table(results: list[dict[str, Any]]) -> str:
    names = {"single": "single process (peer)", "1": "1 worker", "2": "2 workers"}
    rows = [
        "| run | pages/s (whole run) | pages/s (distributed stages) | seconds: "
        + " / ".join(STAGES)
        + " | peak RSS per worker (MB) | client peak RSS (MB) | shuffle (MB) |"
        " republications recall / precision | citations recall / precision |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for figures in results:
        stages = figures["stages"]
        distributed = sum(stages.get(name, 0.0) for name in DISTRIBUTED_STAGES)
        workers = ", ".join(f"{value:.0f}" for value in figures["workers_rss_mb"]) or "-"
        rows.append(
            f"| {names.get(figures['mode'], figures['mode'])}"
            f" | {figures['documents'] / figures['seconds']:,.0f}"
            f" | {figures['documents'] / max(distributed, 1e-9):,.0f}"
            f" | {' / '.join(f'{stages.get(name, 0.0):.0f}' for name in STAGES)}"
            f" | {workers} | {figures['client_rss_mb']:.0f} | {figures['shuffle_mb']:.0f}"
            f" | {figures['rep_recall']:.3f} / {figures['rep_precision']:.3f}"
            f" | {figures['cit_recall']:.3f} / {figures['cit_precision']:.3f} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
