"""Near-duplicate text across documents: who republished whom without saying so.

Documents are sets of word shingles. MinHash LSH (datasketch) proposes candidate
pairs in sub-quadratic time; each candidate is then verified on the exact shingle
sets, with Jaccard similarity (copies) and containment (excerpts and trimmed copies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from provenance.graph.thresholds import (
    LSH_THRESHOLD,
    MIN_SHINGLES,
    NUM_PERM,
    REUSE_CONTAINMENT,
    REUSE_JACCARD,
    SHINGLE_WORDS,
)

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Overlapping runs of ``size`` lower-cased words."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[index : index + size]) for index in range(len(words) - size + 1)}


@dataclass(frozen=True)
class Reuse:
    first: str
    second: str
    jaccard: float
    containment: float
    """Share of the smaller document's shingles found in the larger one."""

    @property
    def similarity(self) -> float:
        return round(max(self.jaccard, self.containment), 4)


def compare(first: set[str], second: set[str]) -> tuple[float, float]:
    if not first or not second:
        return 0.0, 0.0
    shared = len(first & second)
    return shared / len(first | second), shared / min(len(first), len(second))


def is_reuse(jaccard: float, containment: float) -> bool:
    return jaccard >= REUSE_JACCARD or containment >= REUSE_CONTAINMENT


def find_reuse(texts: dict[str, str], groups: dict[str, str] | None = None) -> list[Reuse]:
    """Pairs of documents whose texts are near-duplicates, sorted.

    ``groups`` maps a document to a group (its outlet); pairs inside one group are
    skipped: the same outlet repeating itself is not republication.
    """
    sets = {key: shingles(text) for key, text in texts.items()}
    sets = {key: value for key, value in sets.items() if len(value) >= MIN_SHINGLES}
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    signatures: dict[str, MinHash] = {}
    for key in sorted(sets):
        signature = MinHash(num_perm=NUM_PERM, seed=1)
        signature.update_batch([shingle.encode("utf-8") for shingle in sets[key]])
        signatures[key] = signature
        lsh.insert(key, signature)
    found: dict[tuple[str, str], Reuse] = {}
    for key in sorted(signatures):
        for other in lsh.query(signatures[key]):
            if other == key:
                continue
            pair = (min(key, other), max(key, other))
            if pair in found:
                continue
            if groups is not None and groups.get(pair[0]) == groups.get(pair[1]):
                continue
            jaccard, containment = compare(sets[pair[0]], sets[pair[1]])
            if is_reuse(jaccard, containment):
                found[pair] = Reuse(pair[0], pair[1], round(jaccard, 4), round(containment, 4))
    # Containment-only pairs (an excerpt inside a long page) can fall below the LSH's
    # Jaccard threshold; for small crawls check every pair exactly.
    keys = sorted(sets)
    if len(keys) <= EXACT_PAIRS_UP_TO:
        for index, key in enumerate(keys):
            for other in keys[index + 1 :]:
                if (key, other) in found or (
                    groups is not None and groups.get(key) == groups.get(other)
                ):
                    continue
                jaccard, containment = compare(sets[key], sets[other])
                if is_reuse(jaccard, containment):
                    found[(key, other)] = Reuse(
                        key, other, round(jaccard, 4), round(containment, 4)
                    )
    return [found[pair] for pair in sorted(found)]


# Up to this many documents, every pair is also compared exactly (about 0.1 s at 500
# documents); beyond it, LSH candidates only.
EXACT_PAIRS_UP_TO = 500
