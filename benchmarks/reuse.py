"""Text-reuse detection at scale, against datasketch (and rensa, when installed).

    .venv/bin/python benchmarks/reuse.py                 # 100,000 documents
    .venv/bin/python benchmarks/reuse.py --docs 20000    # a quicker look

A synthetic corpus of news-length documents (400-1,200 words in sentences and
paragraphs, a Zipfian vocabulary, stock phrases shared by unrelated stories, topics with
their own names) carries planted republications: copies edited on 5-30% of their words
(sentences rewritten, dropped or added, words substituted), excerpts (a run of 20-60% of
the paragraphs), re-headlined copies, and copies of copies. The truth is every pair of
documents inside one planted family, with its exact shingle Jaccard similarity and
containment.

Measured, on the same corpus in the same run:

* ``provenance`` (``provenance.graph.reuse.ReuseIndex``): signatures from raw text
  (tokenising and shingling included), candidates from MinHash LSH and shared samples,
  exact verification;
* ``datasketch``: shingles made in Python, ``MinHash.bulk`` (128 permutations), then
  ``MinHashLSH(threshold=0.6)`` (its defaults otherwise), candidates taken as found and
  also filtered by their estimated Jaccard;
* ``rensa`` (``RMinHash``, 128 permutations), signature speed only, when installed.

Reported: recall and precision on pairs with Jaccard >= 0.6, recall on excerpts
(containment >= REUSE_CONTAINMENT), documents per second for signatures, and peak memory
per document of the index (the corpus itself excluded). Peers run on ``--peer-docs``
documents (all of them by default) so the comparison holds on the same data.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.graph import sketch
from provenance.graph.reuse import ReuseIndex, decode, verify
from provenance.graph.thresholds import (
    LSH_BANDS,
    LSH_ROWS,
    NUM_PERM,
    REUSE_CONTAINMENT,
    SAMPLE_RATE,
    SHINGLE_WORDS,
)

TARGET_JACCARD = 0.6
"""The issue's target class: pairs at least this similar must be found."""
WORDS = re.compile(r"\w+")

# --- The synthetic corpus -------------------------------------------------------------

VOCABULARY = 60_000
ZIPF_EXPONENT = 1.05
"""Word frequencies of English news follow Zipf's law with an exponent close to 1."""
STOCK_PHRASES = 3_000
"""Multi-word phrases shared by unrelated stories ("said in a statement on Monday")."""
TOPICS = 4_000
TOPIC_WORDS = 25
TOPIC_SHARE = 0.08
"""Share of words drawn from the story's topic: names and places that same-topic
stories share without copying each other."""
PLANTED_SHARE = 0.12
"""Share of documents that are the source of a planted family."""


@dataclass
class Corpus:
    texts: list[str]
    families: list[list[int]] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)
    """Document -> how it was made (``edit``, ``excerpt``, ``headline``, ``chain``)."""


class Writer:
    """Deterministic sentences, paragraphs and documents from a Zipfian vocabulary."""

    def __init__(self, seed: int) -> None:
        self.random = np.random.default_rng(seed)
        letters = np.array(list("etaoinshrdlcumwfgypbvkjxqz"))
        # English letter frequencies, in the order of ``letters``.
        frequencies = (
            "12 9 8 7.5 7 6.7 6.3 6 6 4.3 4 2.8 2.8 2.4 2.4 2.2 2 2 1.9 1.5 1 .8 .15 .15 .1 .07"
        )
        weights = np.array(frequencies.split(), dtype=np.float64)
        weights = weights / weights.sum()
        vocabulary: list[str] = []
        seen: set[str] = set()
        while len(vocabulary) < VOCABULARY:
            # English word lengths: about five letters on average, two at least.
            for length in np.clip(self.random.poisson(5.2, VOCABULARY), 2, 14):
                word = "".join(self.random.choice(letters, size=int(length), p=weights))
                if word not in seen and len(vocabulary) < VOCABULARY:
                    seen.add(word)
                    vocabulary.append(word)
        self.vocabulary = np.array(vocabulary)
        ranks = np.arange(1, VOCABULARY + 1, dtype=np.float64)
        probabilities = ranks**-ZIPF_EXPONENT
        self.cumulative = np.cumsum(probabilities / probabilities.sum())
        self.phrases = [
            " ".join(self._words(int(self.random.integers(4, 8)))) for _ in range(STOCK_PHRASES)
        ]
        self.topics = [
            [
                word.capitalize()
                for word in self.vocabulary[self.random.integers(2000, VOCABULARY, TOPIC_WORDS)]
            ]
            for _ in range(TOPICS)
        ]

    def _words(self, count: int) -> list[str]:
        picks = np.searchsorted(self.cumulative, self.random.random(count))
        return list(self.vocabulary[np.minimum(picks, VOCABULARY - 1)])

    def sentence(self, topic: int) -> str:
        words = self._words(int(self.random.integers(8, 32)))
        names = self.topics[topic]
        for position in np.flatnonzero(self.random.random(len(words)) < TOPIC_SHARE):
            words[position] = names[int(self.random.integers(0, len(names)))]
        if self.random.random() < 0.3:
            at = int(self.random.integers(0, len(words)))
            words[at:at] = [self.phrases[int(self.random.integers(0, STOCK_PHRASES))]]
        if self.random.random() < 0.25:
            words.append(str(int(self.random.integers(2, 5000))))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def document(self, topic: int) -> list[list[str]]:
        """Paragraphs of sentences, about 400-1,200 words in all."""
        target = int(np.clip(self.random.lognormal(np.log(700), 0.3), 400, 1200))
        paragraphs: list[list[str]] = []
        words = 0
        while words < target:
            paragraph = [self.sentence(topic) for _ in range(int(self.random.integers(2, 6)))]
            words += sum(len(sentence.split()) for sentence in paragraph)
            paragraphs.append(paragraph)
        return paragraphs

    def headline(self, topic: int) -> list[str]:
        return [" ".join(self._words(int(self.random.integers(6, 12)))).capitalize()]


def _render(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)


def _edit(writer: Writer, paragraphs: list[list[str]], topic: int, rate: float) -> list[list[str]]:
    """Touch about ``rate`` of the words: half by sentence operations, half by words."""
    random = writer.random
    edited = [list(paragraph) for paragraph in paragraphs]
    sentences = [(p, s) for p, paragraph in enumerate(edited) for s in range(len(paragraph))]
    for p, s in sentences:
        if random.random() < rate / 2:
            choice = random.random()
            if choice < 0.5:
                edited[p][s] = writer.sentence(topic)  # rewritten
            elif choice < 0.75:
                edited[p][s] = ""  # dropped
            else:
                edited[p][s] = edited[p][s] + " " + writer.sentence(topic)  # added
    result: list[list[str]] = []
    for paragraph in edited:
        kept: list[str] = []
        for sentence in paragraph:
            if not sentence:
                continue
            words = sentence.split()
            touched = np.flatnonzero(random.random(len(words)) < rate / 2)
            replacements = writer._words(len(touched))
            for position, word in zip(touched, replacements, strict=True):
                words[position] = word
            kept.append(" ".join(words))
        if kept:
            result.append(kept)
    return result


def make_corpus(documents: int, seed: int) -> Corpus:
    writer = Writer(seed)
    random = writer.random
    texts: list[str] = []
    corpus = Corpus(texts)
    sources = int(documents * PLANTED_SHARE)
    while len(texts) < documents:
        topic = int(random.integers(0, TOPICS))
        paragraphs = writer.document(topic)
        source = len(texts)
        texts.append(_render([writer.headline(topic), *paragraphs]))
        if len(corpus.families) >= sources or len(texts) >= documents:
            continue
        family = [source]
        copies = int(random.integers(1, 4))
        current = paragraphs
        for _ in range(copies):
            if len(texts) >= documents:
                break
            choice = random.random()
            if choice < 0.5:
                kind, made = (
                    "edit",
                    _edit(writer, current, topic, float(random.uniform(0.05, 0.30))),
                )
            elif choice < 0.7:
                start = int(random.integers(0, max(1, len(current) // 2)))
                size = max(1, round(len(current) * float(random.uniform(0.2, 0.6))))
                kind, made = "excerpt", current[start : start + size]
            elif choice < 0.85:
                kind, made = "headline", _edit(writer, current, topic, 0.05)
            else:
                kind = "chain"
                made = _edit(writer, current, topic, float(random.uniform(0.05, 0.15)))
                current = made  # the next copy is taken from this one
            corpus.kinds[len(texts)] = kind
            family.append(len(texts))
            texts.append(_render([writer.headline(topic), *made]))
        corpus.families.append(family)
    return corpus


def truth_pairs(corpus: Corpus) -> dict[tuple[int, int], tuple[float, float]]:
    """Every pair inside a planted family: (exact Jaccard, containment)."""
    truth: dict[tuple[int, int], tuple[float, float]] = {}
    for family in corpus.families:
        sets = sketch.shingle_sets([corpus.texts[index] for index in family])
        for a in range(len(family)):
            for b in range(a + 1, len(family)):
                first, second = sorted((family[a], family[b]))
                truth[(first, second)] = sketch.overlap(sets[a], sets[b])
    return truth


# --- Measurements ---------------------------------------------------------------------


@dataclass
class Run:
    name: str
    documents: int
    signature_seconds: float
    index_seconds: float = 0.0
    peak_bytes: int = 0
    found: set[tuple[int, int]] = field(default_factory=set)
    """Pairs reported as near-duplicates (verified, or as the method reports them)."""
    candidates: int = 0
    proposed: set[tuple[int, int]] = field(default_factory=set)
    """Candidate pairs before verification."""
    notes: str = ""

    @property
    def rate(self) -> float:
        return self.documents / self.signature_seconds if self.signature_seconds else 0.0


def _peak(action: Callable[[], object]) -> tuple[object, int]:
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        result = action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def run_provenance(texts: Sequence[str]) -> Run:
    index = ReuseIndex()
    started = time.perf_counter()
    index.add(texts)
    signed = time.perf_counter() - started
    started = time.perf_counter()
    pairs = index.candidates()
    found = {
        (one, other)
        for one, other, jaccard, containment in verify(pairs, lambda position: texts[position])
    }
    searched = time.perf_counter() - started

    def build() -> int:
        again = ReuseIndex()
        again.add(texts)
        return len(again.candidates()) + again.nbytes()

    _, peak = _peak(build)
    first, second = decode(pairs)
    proposed = set(zip(first.tolist(), second.tolist(), strict=True))
    run = Run("provenance", len(texts), signed, searched, peak, found, len(pairs), proposed)
    run.notes = f"index arrays {index.nbytes() / len(texts):,.0f} B/doc"
    return run


def shingle_bytes(text: str) -> list[bytes]:
    words = WORDS.findall(text.lower())
    return list(
        {
            " ".join(words[i : i + SHINGLE_WORDS]).encode()
            for i in range(len(words) - SHINGLE_WORDS + 1)
        }
    )


def run_datasketch(texts: Sequence[str]) -> tuple[Run, Run, float]:
    from datasketch import MinHash, MinHashLSH

    started = time.perf_counter()
    shingled = [shingle_bytes(text) for text in texts]
    shingling = time.perf_counter() - started
    started = time.perf_counter()
    signatures = MinHash.bulk(shingled, num_perm=NUM_PERM)
    bulk = time.perf_counter() - started

    def index() -> MinHashLSH:
        lsh = MinHashLSH(threshold=TARGET_JACCARD, num_perm=NUM_PERM)
        with lsh.insertion_session() as session:
            for key, signature in enumerate(signatures):
                session.insert(key, signature)
        return lsh

    started = time.perf_counter()
    lsh = index()
    candidates: set[tuple[int, int]] = set()
    for key, signature in enumerate(signatures):
        for other in lsh.query(signature):
            if other != key:
                candidates.add((min(key, other), max(key, other)))
    searched = time.perf_counter() - started
    estimated = {
        pair
        for pair in candidates
        if signatures[pair[0]].jaccard(signatures[pair[1]]) >= TARGET_JACCARD
    }
    del lsh

    def signed_and_indexed() -> int:
        again = MinHash.bulk(shingled, num_perm=NUM_PERM)
        lsh = MinHashLSH(threshold=TARGET_JACCARD, num_perm=NUM_PERM)
        with lsh.insertion_session() as session:
            for key, signature in enumerate(again):
                session.insert(key, signature)
        return len(again)

    _, peak = _peak(signed_and_indexed)
    raw = Run("datasketch", len(texts), bulk, searched, peak, candidates, len(candidates))
    raw.notes = "LSH candidates as found"
    filtered = Run("datasketch", len(texts), bulk, searched, peak, estimated, len(candidates))
    filtered.notes = "candidates with estimated J >= 0.6"
    return raw, filtered, shingling


def run_rensa(texts: Sequence[str]) -> Run | None:
    try:
        from rensa import RMinHash
    except ImportError:
        return None
    started = time.perf_counter()
    shingled = [[item.decode() for item in shingle_bytes(text)] for text in texts]
    shingling = time.perf_counter() - started
    started = time.perf_counter()
    for items in shingled:
        signature = RMinHash(num_perm=NUM_PERM, seed=42)
        signature.update(items)
    signed = time.perf_counter() - started
    run = Run("rensa", len(texts), signed)
    run.notes = f"RMinHash.update; Python shingling {len(texts) / shingling:,.0f} docs/s"
    return run


SPEED_REPEATS = 3
"""Signature speed is the best of this many interleaved timings of each method on the
same documents: other work on a shared machine only ever makes a timing slower."""


def signature_speeds(texts: Sequence[str]) -> dict[str, float]:
    """Documents per second turned into signatures, best of ``SPEED_REPEATS``, per method.

    ``provenance`` starts from raw text (tokenising and shingling included); the peers
    start from shingles already made in Python (their own input), which is their
    favourable case.
    """
    from datasketch import MinHash

    shingled = [shingle_bytes(text) for text in texts]
    as_text = [[item.decode() for item in items] for items in shingled]
    try:
        from rensa import RMinHash
    except ImportError:
        RMinHash = None
    best: dict[str, float] = {}

    def timed(name: str, action: Callable[[], object]) -> None:
        started = time.perf_counter()
        action()
        elapsed = time.perf_counter() - started
        best[name] = max(best.get(name, 0.0), len(texts) / elapsed)

    def rensa_all() -> None:
        assert RMinHash is not None
        for items in as_text:
            signature = RMinHash(num_perm=NUM_PERM, seed=42)
            signature.update(items)

    for _ in range(SPEED_REPEATS):
        timed("provenance (from text)", lambda: ReuseIndex().add(texts))
        timed(
            "datasketch MinHash.bulk (from shingles)",
            lambda: MinHash.bulk(shingled, num_perm=NUM_PERM),
        )
        if RMinHash is not None:
            timed("rensa RMinHash (from shingles)", rensa_all)
    started = time.perf_counter()
    for _ in range(SPEED_REPEATS):
        [shingle_bytes(text) for text in texts]
    best["Python shingling for the peers"] = (
        SPEED_REPEATS * len(texts) / (time.perf_counter() - started)
    )
    return best


def score(
    found: set[tuple[int, int]], truth: dict[tuple[int, int], tuple[float, float]], limit: int
) -> tuple[float, float, float]:
    """(recall on J >= 0.6, precision on J >= 0.6, recall on excerpts) among documents < limit."""
    wanted = {
        pair
        for pair, (jaccard, _) in truth.items()
        if jaccard >= TARGET_JACCARD and pair[1] < limit
    }
    excerpts = {
        pair
        for pair, (jaccard, containment) in truth.items()
        if jaccard < TARGET_JACCARD and containment >= REUSE_CONTAINMENT and pair[1] < limit
    }
    reported = {
        pair
        for pair in found
        if truth.get(pair, (0.0, 0.0))[0] >= TARGET_JACCARD or pair not in truth
    }
    true_positive = len(reported & wanted)
    recall = true_positive / len(wanted) if wanted else 1.0
    precision = true_positive / len(reported) if reported else 1.0
    excerpt_recall = len(found & excerpts) / len(excerpts) if excerpts else 1.0
    return recall, precision, excerpt_recall


def candidate_curve(
    truth: dict[tuple[int, int], tuple[float, float]], found: set[tuple[int, int]]
) -> Iterator[str]:
    bins = [(0.0, 0.2), (0.2, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01)]
    for low, high in bins:
        pairs = [pair for pair, (jaccard, _) in truth.items() if low <= jaccard < high]
        if pairs:
            share = sum(1 for pair in pairs if pair in found) / len(pairs)
            theory = 1 - (1 - ((low + min(high, 1.0)) / 2) ** LSH_ROWS) ** LSH_BANDS
            yield (
                f"  J in [{low:.1f}, {min(high, 1.0):.1f}): {len(pairs):6d} pairs, "
                f"proposed {share:6.1%} (banding alone, mid-bin, in theory: {theory:6.1%})"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--peer-docs", type=int, default=0, help="documents for the peers (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--speed-docs", type=int, default=10_000, help="documents for the speed comparison"
    )
    options = parser.parse_args(argv)

    started = time.perf_counter()
    corpus = make_corpus(options.docs, options.seed)
    texts = corpus.texts
    words = sum(len(text.split()) for text in texts[:2000]) / min(2000, len(texts))
    truth = truth_pairs(corpus)
    print(
        f"corpus: {len(texts):,} documents, {words:,.0f} words on average, "
        f"{len(corpus.families):,} planted families, {len(truth):,} true pairs "
        f"({sum(1 for j, _ in truth.values() if j >= TARGET_JACCARD):,} "
        f"with J >= {TARGET_JACCARD}) "
        f"[{time.perf_counter() - started:.0f} s to generate]"
    )
    print(
        f"settings: {SHINGLE_WORDS}-word shingles, {NUM_PERM} bins, LSH {LSH_BANDS} bands x "
        f"{LSH_ROWS} rows, 1/{SAMPLE_RATE} samples, containment >= {REUSE_CONTAINMENT}"
    )
    peers = options.peer_docs or len(texts)

    ours = run_provenance(texts)
    runs: list[tuple[Run, int]] = [(ours, len(texts))]
    shingling = 0.0
    peer_texts = texts[:peers]
    raw, filtered, shingling = run_datasketch(peer_texts)
    runs += [(raw, peers), (filtered, peers)]
    rensa = run_rensa(peer_texts)

    print()
    print(
        "| method | docs | signatures docs/s (this pass) | search s | candidates | recall J>=0.6 "
        "| precision J>=0.6 | excerpt recall | peak KB/doc | notes |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for run, limit in runs:
        recall, precision, excerpts = score(run.found, truth, limit)
        print(
            f"| {run.name} | {run.documents:,} | {run.rate:,.0f} | {run.index_seconds:.1f} | "
            f"{run.candidates:,} | {recall:.4f} | {precision:.4f} | {excerpts:.4f} | "
            f"{run.peak_bytes / run.documents / 1024:.2f} | {run.notes} |"
        )
    if rensa is not None:
        print(f"| rensa | {rensa.documents:,} | {rensa.rate:,.0f} | | | | | | | {rensa.notes} |")
    print(
        f"\ndatasketch text->signature (Python shingling {peers / shingling:,.0f} docs/s + bulk): "
        f"{peers / (shingling + raw.signature_seconds):,.0f} docs/s"
    )
    speeds = signature_speeds(texts[: options.speed_docs])
    print(
        f"\nsignature speed, best of {SPEED_REPEATS} interleaved runs on "
        f"{min(options.speed_docs, len(texts)):,} documents:\n"
    )
    print("| method | docs/s |")
    print("|---|---:|")
    for name, rate in speeds.items():
        print(f"| {name} | {rate:,.0f} |")
    reference = speeds["datasketch MinHash.bulk (from shingles)"]
    print(
        f"\nprovenance / datasketch MinHash.bulk: "
        f"{speeds['provenance (from text)'] / reference:.1f}x"
    )
    print("\nprovenance: share of true pairs proposed as candidates, by Jaccard similarity")
    for line in candidate_curve(truth, ours.proposed):
        print(line)
    excerpt_pairs = [pair for pair, (j, c) in truth.items() if c >= REUSE_CONTAINMENT and j < 0.3]
    if excerpt_pairs:
        print(
            f"  excerpts with J < 0.3 and containment >= {REUSE_CONTAINMENT}: "
            f"{len(excerpt_pairs):,}, found "
            f"{sum(1 for pair in excerpt_pairs if pair in ours.found) / len(excerpt_pairs):.1%}"
        )
    false = [pair for pair in ours.found if pair not in truth]
    print(f"  reported pairs outside the planted families: {len(false):,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
