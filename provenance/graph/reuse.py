"""Near-duplicate text across documents: who republished whom without saying so.

Documents are sets of word shingles (``graph/sketch.py``). Two sketches propose
candidate pairs in sub-quadratic time:

* **MinHash LSH** over one-permutation MinHash signatures, ``LSH_BANDS`` bands of
  ``LSH_ROWS`` bins: two documents that agree on every bin of some band are candidates.
  This finds copies, edited copies and re-headlined copies (high Jaccard similarity).
* **Shared samples**: documents that share at least ``MIN_SHARED_SAMPLES`` of their
  consistently sampled shingles, and at least ``SAMPLE_CONTAINMENT`` of the smaller
  document's samples, are candidates. This finds excerpts and trimmed copies,
  whose Jaccard similarity to the full text is low but whose *containment* is high,
  which banding on Jaccard cannot see without flooding itself with candidates.

Every candidate is then verified on the exact shingle sets: Jaccard similarity (copies)
and containment of the smaller set in the larger (excerpts, copies with commentary
added). A pair is reuse when either passes its threshold (``graph/thresholds.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from provenance.graph import sketch
from provenance.graph.thresholds import (
    LSH_BANDS,
    LSH_ROWS,
    MAX_SAMPLE_POSTINGS,
    MIN_SHARED_SAMPLES,
    MIN_SHINGLES,
    NUM_PERM,
    REUSE_CONTAINMENT,
    REUSE_JACCARD,
    SAMPLE_CONTAINMENT,
)

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

if sys.byteorder != "little":  # pragma: no cover - every platform we run on
    raise ImportError("provenance.graph.reuse reads sample keys as little-endian halves")

SKETCH_BATCH = 1000
"""Documents sketched per numpy pass: large enough that per-call overhead vanishes,
small enough that the batch's arrays stay in cache-friendly tens of megabytes."""
VERIFY_BATCH = 4000
"""Candidate pairs verified per pass: bounds the exact shingle sets held at once."""


@dataclass(frozen=True)
class Reuse:
    first: str
    second: str
    jaccard: float
    containment: float
    """Share of the smaller document's shingles found in the larger one."""
    first_size: int = 0
    second_size: int = 0
    """Distinct shingles of each document."""

    @property
    def similarity(self) -> float:
        return round(max(self.jaccard, self.containment), 4)

    @property
    def size_order(self) -> int:
        """-1 when ``first`` is the larger text, 1 when ``second`` is, 0 when equal."""
        return (self.second_size > self.first_size) - (self.first_size > self.second_size)


def compare(first: sketch.U64, second: sketch.U64) -> tuple[float, float]:
    """Exact (Jaccard, containment) of two shingle-hash sets (``sketch.shingle_set``)."""
    return sketch.overlap(first, second)


def is_reuse(jaccard: float, containment: float) -> bool:
    return jaccard >= REUSE_JACCARD or containment >= REUSE_CONTAINMENT


def _pairs_in_runs(
    keys: npt.NDArray[np.generic],
    owners: npt.NDArray[np.integer[Any]],
    longest: int | None = None,
) -> I64:
    """Every pair (as ``low << 32 | high``) of owners that share a key.

    ``keys`` must be sorted and ``owners`` aligned with them; runs of equal keys longer
    than ``longest`` are skipped.
    """
    if len(keys) < 2:
        return np.empty(0, dtype=np.int64)
    boundary = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate(([0], boundary))
    sizes = np.diff(np.concatenate((starts, [len(keys)])))
    wanted = sizes >= 2 if longest is None else (sizes >= 2) & (sizes <= longest)
    found: list[I64] = []
    # Runs of one size at a time, as a (runs, size) array: one numpy step per size.
    for size in sorted(set(sizes[wanted].tolist())):
        run_starts = starts[sizes == size]
        members = owners[run_starts[:, None] + np.arange(size)]
        low, high = np.triu_indices(size, k=1)
        found.append(_encode(members[:, low].ravel(), members[:, high].ravel()))
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _encode(first: npt.NDArray[np.integer[Any]], second: npt.NDArray[np.integer[Any]]) -> I64:
    low = np.minimum(first, second).astype(np.int64)
    high = np.maximum(first, second).astype(np.int64)
    keep = low != high
    return np.asarray((low[keep] << 32) | high[keep], dtype=np.int64)


def decode(pairs: I64) -> tuple[I64, I64]:
    """The two document indices of encoded pairs."""
    return pairs >> 32, pairs & 0xFFFFFFFF


class ReuseIndex:
    """Sketches of many documents, added in batches, and the candidate pairs among them.

    Holds per document only its signature (``4 * NUM_PERM`` bytes), its shingle count
    and its samples (eight bytes for each of about ``shingles / SAMPLE_RATE``); the texts
    are not kept. Documents with fewer than ``MIN_SHINGLES`` shingles take no part in
    the candidates.
    """

    def __init__(self) -> None:
        self._signatures: list[sketch.U32] = []
        self._sizes: list[I64] = []
        self._samples: list[U64] = []
        """Per batch: ``sample << 32 | document`` of the eligible documents' samples."""
        self._sample_counts: list[npt.NDArray[np.int32]] = []
        self.documents = 0

    def add(self, texts: Sequence[str]) -> None:
        """Sketch ``texts``; they get the next document indices, in order."""
        for start in range(0, len(texts), SKETCH_BATCH):
            batch = texts[start : start + SKETCH_BATCH]
            sketches = sketch.sketch(batch)
            eligible = sketches.sizes >= MIN_SHINGLES
            kept = eligible[sketches.sample_owners]
            owners = sketches.sample_owners[kept]
            self._signatures.append(sketches.signatures)
            self._sizes.append(sketches.sizes)
            self._samples.append(
                (sketches.sample_keys[kept].astype(np.uint64) << np.uint64(32))
                | (owners + self.documents).astype(np.uint64)
            )
            self._sample_counts.append(np.bincount(owners, minlength=len(batch)).astype(np.int32))
            self.documents += len(batch)

    @property
    def sizes(self) -> I64:
        """Distinct shingles per document."""
        return np.concatenate(self._sizes) if self._sizes else np.empty(0, dtype=np.int64)

    def nbytes(self) -> int:
        """Bytes held by the index's arrays."""
        return sum(
            array.nbytes
            for arrays in (self._signatures, self._sizes, self._samples, self._sample_counts)
            for array in arrays
        )

    def candidates(self) -> I64:
        """Encoded candidate pairs (``decode``), sorted, each once."""
        if not self.documents:
            return np.empty(0, dtype=np.int64)
        eligible = self.sizes >= MIN_SHINGLES
        found = np.concatenate((self._banded(eligible), self._shared_samples()))
        found.sort()
        keep = np.ones(len(found), dtype=np.bool_)
        keep[1:] = found[1:] != found[:-1]
        return np.asarray(found[keep], dtype=np.int64)

    def _banded(self, eligible: npt.NDArray[np.bool_]) -> I64:
        owners = np.flatnonzero(eligible).astype(np.int64)
        found: list[I64] = []
        for band in range(LSH_BANDS):
            columns = slice(band * LSH_ROWS, (band + 1) * LSH_ROWS)
            # One band at a time: the rows of every batch for this band only, so the
            # search never holds a second copy of all the signatures.
            rows = np.concatenate([batch[:, columns] for batch in self._signatures])[eligible]
            key = np.zeros(len(owners), dtype=np.uint64)
            with np.errstate(over="ignore"):
                for column in range(rows.shape[1]):
                    key = sketch.mix64(key ^ rows[:, column].astype(np.uint64))
            order = np.argsort(key)
            found.append(_pairs_in_runs(key[order], owners[order]))
        return np.concatenate(found) if found else np.empty(0, dtype=np.int64)

    def _shared_samples(self) -> I64:
        keyed = np.concatenate(self._samples) if self._samples else np.empty(0, np.uint64)
        keyed.sort()  # samples side by side, in document order within each
        # Little-endian halves of each key, viewed without copying: document, sample.
        halves = keyed.view(np.uint32)
        owners, samples = halves[0::2], halves[1::2]
        # A sampled shingle found in very many documents is boilerplate (a standard
        # sign-off, a stock phrase): it proves nothing and would make pairs quadratically.
        pairs = _pairs_in_runs(samples, owners, longest=MAX_SAMPLE_POSTINGS)
        del keyed, halves, owners, samples
        if not len(pairs):
            return pairs
        pairs.sort()
        new = np.ones(len(pairs), dtype=np.bool_)
        new[1:] = pairs[1:] != pairs[:-1]
        starts = np.flatnonzero(new)
        counts = np.diff(np.concatenate((starts, [len(pairs)])))
        pairs = pairs[starts]
        # Shared samples estimate the containment of the smaller sample set in the larger:
        # a pair of long texts that share two stock phrases is not an excerpt.
        per_document = np.concatenate(self._sample_counts)
        first, second = decode(pairs)
        smaller = np.minimum(per_document[first], per_document[second])
        keep = (counts >= MIN_SHARED_SAMPLES) & (counts >= SAMPLE_CONTAINMENT * smaller)
        return np.asarray(pairs[keep], dtype=np.int64)


def verify(pairs: I64, text_of: Callable[[int], str]) -> Iterator[tuple[int, int, float, float]]:
    """(first, second, Jaccard, containment) of each candidate pair that is reuse.

    Exact shingle sets are computed for the documents of ``VERIFY_BATCH`` pairs at a
    time, from ``text_of(index)``.
    """
    for start in range(0, len(pairs), VERIFY_BATCH):
        first, second = decode(pairs[start : start + VERIFY_BATCH])
        needed = np.union1d(first, second)
        sets = dict(
            zip(
                needed.tolist(),
                sketch.shingle_sets([text_of(int(index)) for index in needed]),
                strict=True,
            )
        )
        for one, other in zip(first.tolist(), second.tolist(), strict=True):
            jaccard, containment = compare(sets[one], sets[other])
            if is_reuse(jaccard, containment):
                yield one, other, jaccard, containment


def find_reuse(texts: Mapping[str, str], groups: Mapping[str, str] | None = None) -> list[Reuse]:
    """Pairs of documents whose texts are near-duplicates, sorted.

    ``groups`` maps a document to a group (its outlet); pairs inside one group are
    skipped when it is given.
    """
    keys = sorted(texts)
    index = ReuseIndex()
    index.add([texts[key] for key in keys])
    pairs = index.candidates()
    if groups is not None and len(pairs):
        first, second = decode(pairs)
        same = np.array(
            [
                groups.get(keys[one]) == groups.get(keys[other])
                for one, other in zip(first.tolist(), second.tolist(), strict=True)
            ],
            dtype=np.bool_,
        )
        pairs = pairs[~same]
    sizes = index.sizes
    found = [
        Reuse(
            keys[one],
            keys[other],
            round(jaccard, 4),
            round(containment, 4),
            int(sizes[one]),
            int(sizes[other]),
        )
        for one, other, jaccard, containment in verify(
            pairs, lambda position: texts[keys[position]]
        )
    ]
    return sorted(found, key=lambda reuse: (reuse.first, reuse.second))


assert NUM_PERM >= LSH_BANDS * LSH_ROWS, "the LSH bands must fit in the signature"
