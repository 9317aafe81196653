"""The work of one partition at each stage of a corpus run: plain functions on files and
pandas frames that Dask runs on its workers (or in-process, for the single-process run).

Every stage that writes a file writes it whole under a temporary name and renames it, so
a file that exists is complete: a rerun that finds it skips the partition.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from provenance.corpus.warc import IndexedRecord, index_warc, read_record
from provenance.extract import extract_page
from provenance.graph import sketch
from provenance.graph.reuse import _pairs_in_runs, decode, verify
from provenance.graph.support import Support, SupportScorer, content_tokens
from provenance.graph.thresholds import (
    LSH_BANDS,
    LSH_ROWS,
    MAX_SAMPLE_POSTINGS,
    MIN_SHARED_SAMPLES,
    MIN_SHINGLES,
    NUM_PERM,
    SAMPLE_CONTAINMENT,
)
from provenance.store import page_from_json, page_to_json
from provenance.urls import outlet_of

TEXT_ROW_GROUP = 64
"""Rows per Parquet row group of the texts files: verification reads only the row groups
holding the documents of its pairs, so a smaller group reads fewer bytes per document
and a larger one makes fewer reads; 64 short articles are about 150 kB."""

INDEX_COLUMNS = (
    "warc",
    "offset",
    "record_class",
    "url",
    "date",
    "http_status",
    "content_type",
    "location",
    "digest",
    "error",
)
BAND_META = pd.DataFrame(
    {
        "band": pd.Series(dtype=np.int16),
        "key": pd.Series(dtype=np.uint64),
        "doc": pd.Series(dtype=np.int64),
    }
)
SAMPLE_META = pd.DataFrame({"sample": pd.Series(dtype=np.uint32), "doc": pd.Series(dtype=np.int64)})
PAIR_META = pd.DataFrame({"pair": pd.Series(dtype=np.int64)})
SHARED_META = pd.DataFrame({"pair": pd.Series(dtype=np.int64), "shared": pd.Series(dtype=np.int64)})
REUSE_META = pd.DataFrame(
    {
        "first": pd.Series(dtype=np.int64),
        "second": pd.Series(dtype=np.int64),
        "jaccard": pd.Series(dtype=np.float64),
        "containment": pd.Series(dtype=np.float64),
    }
)


def write_table(table: pa.Table, path: Path, **options: Any) -> None:
    """Write ``table`` to ``path`` atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    pq.write_table(table, partial, **options)
    os.replace(partial, path)


# --- stage 1: index every WARC file ------------------------------------------------------


def index_file(warc: str, out: str) -> int:
    """Index one WARC file into ``out`` (Parquet, one row per record); the row count."""
    records: list[IndexedRecord] = list(index_warc(Path(warc)))
    columns: dict[str, list[Any]] = {name: [] for name in INDEX_COLUMNS}
    for record in records:
        for name in INDEX_COLUMNS:
            columns[name].append(getattr(record, name))
    schema = pa.schema(
        [
            (name, pa.int64() if name in ("offset", "http_status") else pa.string())
            for name in INDEX_COLUMNS
        ]
    )
    write_table(pa.table(columns, schema=schema), Path(out))
    return len(records)


# --- stage 2: extract every kept document ------------------------------------------------


def extract_partition(records: Sequence[tuple[str, int, str, str]], out: str) -> int:
    """Extract (warc, offset, url, content type) records with ``extract_page``.

    One row per record; a record that cannot be read back or extracted keeps its row
    with ``error`` set and no page, so the run counts it and goes on.
    """
    rows: dict[str, list[Any]] = {
        name: []
        for name in ("url", "kind", "title", "published", "canonical_url", "outlet", "text")
    }
    rows.update(page=[], reason=[], error=[])
    for warc, offset, url, indexed_type in records:
        page_json, error = "", ""
        kind = title = published = canonical = text = reason = ""
        try:
            body, content_type = read_record(Path(warc), offset)
            page = extract_page(body, url, content_type or indexed_type)
        except Exception as failure:  # a bad record must not stop the partition
            error = f"{type(failure).__name__}: {failure}"[:200]
        else:
            page_json = page_to_json(page)
            kind, title, published = page.kind, page.title, page.published
            canonical, text, reason = page.canonical_url, page.text, page.reason
        for name, value in (
            ("url", url),
            ("kind", kind),
            ("title", title),
            ("published", published),
            ("canonical_url", canonical),
            ("outlet", outlet_of(url)),
            ("text", text),
            ("page", page_json),
            ("reason", reason),
            ("error", error),
        ):
            rows[name].append(value)
    write_table(pa.table(rows), Path(out))
    return len(records)


# --- stage 3: sketch the compared documents ----------------------------------------------


def sketch_partition(documents: str, rows: Sequence[int], ids: Sequence[int], out: str) -> int:
    """MinHash signatures and samples of the ``rows`` of an extracted partition.

    Writes ``out`` (``signatures``: doc, size, sample_count, signature, samples) and the
    texts beside it (``texts``: doc, text) in small row groups for verification.
    """
    texts_column = pq.read_table(documents, columns=["text"]).column("text").to_pylist()
    texts = [str(texts_column[row] or "") for row in rows]
    sketches = sketch.sketch(texts) if texts else None
    signatures: list[bytes] = []
    samples: list[bytes] = []
    sizes: list[int] = []
    counts: list[int] = []
    if sketches is not None:
        bounds = np.searchsorted(sketches.sample_owners, np.arange(len(texts) + 1))
        for index in range(len(texts)):
            signatures.append(sketches.signatures[index].astype("<u4").tobytes())
            size = int(sketches.sizes[index])
            eligible = size >= MIN_SHINGLES
            own: npt.NDArray[np.uint32] = sketches.sample_keys[bounds[index] : bounds[index + 1]]
            if not eligible:
                own = own[:0]
            samples.append(own.astype("<u4").tobytes())
            sizes.append(size)
            counts.append(len(own))
    out_path = Path(out)
    write_table(
        pa.table({"doc": list(ids), "text": texts}),
        texts_path(out_path),
        row_group_size=TEXT_ROW_GROUP,
    )
    table = pa.table(
        {
            "doc": pa.array(list(ids), pa.int64()),
            "size": pa.array(sizes, pa.int64()),
            "sample_count": pa.array(counts, pa.int64()),
            "signature": pa.array(signatures, pa.binary()),
            "samples": pa.array(samples, pa.binary()),
        }
    )
    write_table(table, out_path)
    return len(texts)


def texts_path(signatures: Path) -> Path:
    return signatures.parent.parent / "texts" / signatures.name


def band_keys(path: str) -> pd.DataFrame:
    """(band, key, doc) of every LSH band of every eligible document of a partition."""
    frame = pq.read_table(path, columns=["doc", "size", "signature"]).to_pandas()
    frame = frame[frame["size"] >= MIN_SHINGLES]
    if frame.empty:
        return BAND_META.copy()
    rows = np.frombuffer(b"".join(frame["signature"]), dtype="<u4").reshape(-1, NUM_PERM)
    docs = frame["doc"].to_numpy(np.int64)
    bands, keys = [], []
    with np.errstate(over="ignore"):
        for band in range(LSH_BANDS):
            key = np.zeros(len(docs), dtype=np.uint64)
            for column in range(band * LSH_ROWS, (band + 1) * LSH_ROWS):
                key = sketch.mix64(key ^ rows[:, column].astype(np.uint64))
            keys.append(key)
            bands.append(np.full(len(docs), band, dtype=np.int16))
    return pd.DataFrame(
        {
            "band": np.concatenate(bands),
            "key": np.concatenate(keys),
            "doc": np.tile(docs, LSH_BANDS),
        }
    )


def sample_keys(path: str) -> pd.DataFrame:
    """(sample, doc) of every sampled shingle of every eligible document of a partition."""
    frame = pq.read_table(path, columns=["doc", "samples"]).to_pandas()
    if frame.empty:
        return SAMPLE_META.copy()
    arrays = [np.frombuffer(blob, dtype="<u4") for blob in frame["samples"]]
    owners = np.repeat(frame["doc"].to_numpy(np.int64), [len(array) for array in arrays])
    values = np.concatenate(arrays) if arrays else np.empty(0, np.uint32)
    return pd.DataFrame({"sample": values.astype(np.uint32), "doc": owners})


def band_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """Candidate pairs of one shuffled partition: documents equal on every row of a band.

    The shuffle on the band key put every document with a given key in this partition;
    a key is compared only within its band, as in a trace.
    """
    if len(frame) < 2:
        return PAIR_META.copy()
    band = frame["band"].to_numpy(np.int64).astype(np.uint64)
    key = frame["key"].to_numpy(np.uint64)
    order = np.lexsort((key, band))
    # Runs of equal (band, key): one composite sort key per row, compared as a pair.
    combined = np.stack((band[order], key[order]), axis=1)
    same = np.empty(len(order), dtype=np.int64)
    same[0] = 0
    changed = np.any(combined[1:] != combined[:-1], axis=1)
    same[1:] = np.cumsum(changed)
    pairs = _pairs_in_runs(same, frame["doc"].to_numpy(np.int64)[order])
    return pd.DataFrame({"pair": pairs})


def sample_pairs(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (pair, shared sample) of one shuffled partition; samples held by more
    than ``MAX_SAMPLE_POSTINGS`` documents are boilerplate and skipped, as in a trace."""
    if len(frame) < 2:
        return PAIR_META.copy()
    samples = frame["sample"].to_numpy(np.uint32)
    order = np.argsort(samples, kind="stable")
    pairs = _pairs_in_runs(
        samples[order], frame["doc"].to_numpy(np.int64)[order], longest=MAX_SAMPLE_POSTINGS
    )
    return pd.DataFrame({"pair": pairs})


def contained_pairs(frame: pd.DataFrame, sample_counts: npt.NDArray[np.int64]) -> pd.DataFrame:
    """The shared-sample pairs that share enough of the smaller document's samples."""
    if frame.empty:
        return PAIR_META.copy()
    pairs = frame["pair"].to_numpy(np.int64)
    shared = frame["shared"].to_numpy(np.int64)
    first, second = decode(pairs)
    smaller = np.minimum(sample_counts[first], sample_counts[second])
    keep = (shared >= MIN_SHARED_SAMPLES) & (shared >= SAMPLE_CONTAINMENT * smaller)
    return pd.DataFrame({"pair": pairs[keep]})


# --- stage 4: exact verification ---------------------------------------------------------


def verify_partition(
    frame: pd.DataFrame,
    texts_dir: str,
    part_of: npt.NDArray[np.int64],
    position_of: npt.NDArray[np.int64],
    part_names: Sequence[str],
) -> pd.DataFrame:
    """Exact Jaccard and containment of a partition's candidate pairs; the reuse ones
    (unrounded: the client rounds them as ``find_reuse`` does).

    Reads only the row groups of the texts files that hold the pairs' documents.
    """
    if frame.empty:
        return REUSE_META.copy()
    pairs = np.sort(frame["pair"].to_numpy(np.int64))
    first, second = decode(pairs)
    needed = np.union1d(first, second)
    texts: dict[int, str] = {}
    for part in np.unique(part_of[needed]).tolist():
        docs = needed[part_of[needed] == part]
        groups = sorted({int(position) // TEXT_ROW_GROUP for position in position_of[docs]})
        handle = pq.ParquetFile(Path(texts_dir) / part_names[part])
        table = handle.read_row_groups(groups, columns=["doc", "text"])
        wanted = set(docs.tolist())
        for doc, text in zip(
            table.column("doc").to_pylist(), table.column("text").to_pylist(), strict=True
        ):
            if doc in wanted:
                texts[int(doc)] = str(text or "")
    found = list(verify(pairs, lambda doc: texts[doc]))
    if not found:
        return REUSE_META.copy()
    one, other, jaccard, containment = zip(*found, strict=True)
    return pd.DataFrame(
        {
            "first": np.array(one, dtype=np.int64),
            "second": np.array(other, dtype=np.int64),
            "jaccard": np.array(jaccard, dtype=np.float64),
            "containment": np.array(containment, dtype=np.float64),
        }
    )


# --- stage 5: claim support --------------------------------------------------------------


def frequency_partition(documents: str, rows: Sequence[int], out: str) -> int:
    """Document frequency of every content token over the ``rows`` of a partition (the
    IDF of claim support, ``SupportScorer``): one row per token."""
    texts = pq.read_table(documents, columns=["text"]).column("text").to_pylist()
    frequency: dict[str, int] = {}
    for row in rows:
        for token in set(content_tokens(str(texts[row] or ""))):
            frequency[token] = frequency.get(token, 0) + 1
    table = pa.table(
        {
            "token": pa.array(list(frequency), pa.string()),
            "documents": pa.array(list(frequency.values()), pa.int64()),
        }
    )
    write_table(table, Path(out))
    return len(rows)


def score_partition(
    documents: str, queries: Sequence[tuple[int, str, str, str]], scorer: SupportScorer
) -> list[tuple[str, str, str, Support]]:
    """Support of each (row, node, claim, anchor): how well the page at ``row`` of the
    partition carries the claim, scored as a trace scores it."""
    pages = pq.read_table(documents, columns=["page"]).column("page").to_pylist()
    paragraphs: dict[int, list[str]] = {}
    found: list[tuple[str, str, str, Support]] = []
    for row, node, claim, anchor in queries:
        if row not in paragraphs:
            paragraphs[row] = page_from_json(str(pages[row])).paragraphs
        found.append((node, claim, anchor, scorer.score(claim, anchor, paragraphs[row])))
    return found
