"""Corpus mode on a real Dask LocalCluster (processes, two workers).

The corpus graph of the sample WARC is the trace's graph; bad and non-HTML records do
not stop a run; a rerun resumes from the Parquet files; a running scheduler is used by
its address; the LSH shuffle finds exactly the pairs the in-process index finds.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance.cli import main
from provenance.crawl.archive import WarcRecorder
from provenance.graph import comparable_pages
from provenance.graph.reuse import find_reuse
from provenance.models import EDGE_CITATION, EDGE_REPUBLICATION
from provenance.sample import ROOT_URL, warc_path

if os.environ.get("CI") == "true":  # CI installs the corpus extra: nothing may skip there
    import distributed
else:
    distributed = pytest.importorskip("distributed", reason="needs pip install '.[corpus]'")
import corpusweb  # tests/ is on sys.path


def edges(graph: Any) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    return sorted(
        (source, target, tuple(sorted((key, str(value)) for key, value in data.items())))
        for source, target, data in graph.edges(data=True)
    )


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A LocalCluster the tests start themselves, used by its scheduler address."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield str(local.scheduler_address)


def test_sample_corpus_is_the_trace(
    sample_trace: provenance.Trace, truth: dict[str, Any], tmp_path: Path
) -> None:
    # The default engine: corpus() starts its own LocalCluster of two worker processes.
    result = provenance.corpus(
        [warc_path()], tmp_path, workers=2, roots=[ROOT_URL], partition_records=4
    )
    assert result.corpus_report.workers == 2
    assert result.corpus_report.partitions == 4
    assert edges(result.graph) == edges(sample_trace.graph)
    assert sorted(result.graph.nodes(data=True)) == sorted(sample_trace.graph.nodes(data=True))
    assert [claim.row() for claim in result.claims] == [
        claim.row() for claim in sample_trace.claims
    ]
    republications = {
        (source, target)
        for source, target, data in result.graph.edges(data=True)
        if data["kind"] == EDGE_REPUBLICATION
    }
    assert republications == {(e["source"], e["target"]) for e in truth["republication_edges"]}
    citations = sorted(
        (source, target, data["anchor"])
        for source, target, data in result.graph.edges(data=True)
        if data["kind"] == EDGE_CITATION
    )
    assert citations == sorted(
        (e["source"], e["target"], e["anchor"]) for e in truth["citation_edges"]
    )
    for name in (
        "graph.html",
        "graph.gexf",
        "outlets.gexf",
        "graph.json",
        "claims.csv",
        "prov.json",
        "families.csv",
        "corpus.json",
    ):
        assert (tmp_path / name).is_file(), name
    with (tmp_path / "families.csv").open(encoding="utf-8") as handle:
        families = list(csv.DictReader(handle))
    assert {family["originals"] for family in families} == {
        e["source"] for e in truth["republication_edges"]
    }
    # The Parquet intermediates read with pandas.
    pandas = pytest.importorskip("pandas")
    documents = pandas.read_parquet(tmp_path / "parquet" / "documents")
    assert ROOT_URL in set(documents["url"])


def _hostile_collection(folder: Path) -> tuple[Path, str]:
    """The sample's records, then a corrupt record, garbage and an image, then a good
    page; returns the WARC and the URL of the page after the damage."""
    recorder = WarcRecorder(folder / "hostile.warc.gz")
    good = recorder.serialize(
        "https://after.example.com/story",
        [],
        200,
        "OK",
        [("Content-Type", "text/html")],
        b"<html><head><title>After the damage</title></head><body><article><h1>After</h1>"
        + b"<p>"
        + b"This page follows a corrupt record and must still be read. " * 20
        + b"</p></article></body></html>",
    )
    broken = bytearray(
        recorder.serialize(
            "https://broken.example.com/story",
            [],
            200,
            "OK",
            [("Content-Type", "text/html")],
            b"<html><body><p>lost</p></body></html>" * 50,
        )
    )
    middle = len(broken) // 2
    broken[middle : middle + 40] = bytes(40)  # damage inside the compressed data
    image = recorder.serialize(
        "https://pictures.example.com/logo.png",
        [],
        200,
        "OK",
        [("Content-Type", "image/png")],
        b"\x89PNG\r\n\x1a\n" + bytes(100),
    )
    recorder.append(
        [warc_path().read_bytes(), bytes(broken), b"not a WARC record at all\n", image, good]
    )
    recorder.close()
    return folder / "hostile.warc.gz", "https://after.example.com/story"


def test_bad_and_non_html_records_do_not_stop_the_run(cluster: str, tmp_path: Path) -> None:
    warc, after = _hostile_collection(tmp_path)
    result = provenance.corpus([warc], tmp_path / "out", scheduler=cluster, roots=[ROOT_URL])
    report = result.corpus_report
    assert report.corrupt >= 1
    assert report.not_html >= 4  # the image and the sample's three robots.txt
    assert after in result.graph
    assert "https://pictures.example.com/logo.png" not in result.graph
    assert ROOT_URL in result.graph
    # The sample's claims are traced as before, damage or not.
    assert len(result.claims) == 6


def test_rerun_resumes_from_parquet(cluster: str, tmp_path: Path) -> None:
    collection = corpusweb.generate(tmp_path / "warcs", 120, pages_per_warc=40)
    out = tmp_path / "out"
    first = provenance.corpus(collection.warcs, out, scheduler=cluster, partition_records=30)
    assert first.corpus_report.partitions_extracted == first.corpus_report.partitions > 1
    parts = sorted((out / "parquet").rglob("*.parquet"))
    stamps = {path: path.stat().st_mtime_ns for path in parts}
    again = provenance.corpus(collection.warcs, out, scheduler=cluster, partition_records=30)
    assert again.corpus_report.partitions_extracted == 0
    assert again.corpus_report.partitions_sketched == 0
    assert {path: path.stat().st_mtime_ns for path in parts} == stamps
    assert edges(again.graph) == edges(first.graph)
    # Different settings over the same folder are refused, not mixed in.
    with pytest.raises(provenance.UsageError):
        provenance.corpus(collection.warcs, out, scheduler=cluster, partition_records=31)


def test_shuffled_candidates_are_the_in_process_ones(cluster: str, tmp_path: Path) -> None:
    collection = corpusweb.generate(tmp_path / "warcs", 300, seed=11, pages_per_warc=100)
    result = provenance.corpus(
        collection.warcs, tmp_path / "out", scheduler=cluster, partition_records=50
    )
    keys = comparable_pages(result.graph, result.pages)
    expected = find_reuse({key: result.pages[key].text for key in keys})
    import pandas

    found = pandas.read_parquet(tmp_path / "out" / "parquet" / "reuse.parquet")
    assert len(found) == len(expected) > 20
    assert sorted(zip(found["first"], found["second"], strict=True)) == sorted(
        (keys.index(pair.first), keys.index(pair.second)) for pair in expected
    )
    planted = collection.truth_republications
    republications = {
        (source, target)
        for source, target, data in result.graph.edges(data=True)
        if data["kind"] == EDGE_REPUBLICATION
    }
    assert len(republications & planted) >= 0.9 * len(planted)


def test_cli_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["corpus", str(tmp_path / "missing.warc.gz"), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert main(["corpus", str(warc_path()), "--out", str(tmp_path / "x")]) == 2
    message = capsys.readouterr().err
    assert "provenance[corpus]" in message and message.count("\n") == 1
