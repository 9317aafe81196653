"""Near-duplicate detection: shingle hashing, MinHash sketches, candidates and verification."""

from __future__ import annotations

import random

import numpy as np
import pytest

from provenance.graph import sketch
from provenance.graph.reuse import ReuseIndex, decode, find_reuse
from provenance.graph.thresholds import (
    MAX_SAMPLE_POSTINGS,
    MIN_SHINGLES,
    NUM_PERM,
    REUSE_CONTAINMENT,
    REUSE_JACCARD,
)

_VOCABULARY = [f"w{index}x" for index in range(5000)]


def story(seed: int, words: int = 600) -> str:
    """A text of ``words`` words drawn from a fixed vocabulary, in sentences."""
    chooser = random.Random(seed)
    chosen = chooser.choices(_VOCABULARY, k=words)
    sentences = [" ".join(chosen[i : i + 15]).capitalize() + "." for i in range(0, words, 15)]
    return " ".join(sentences)


def edited(text: str, share: float, seed: int) -> str:
    chooser = random.Random(seed)
    words = text.split()
    for index in range(len(words)):
        if chooser.random() < share:
            words[index] = chooser.choice(_VOCABULARY)
    return " ".join(words)


def test_shingles_are_lower_cased_ordered_and_deterministic() -> None:
    first = sketch.shingle_set("The quick brown fox jumps over the lazy dog")
    assert len(first) == 5
    assert np.array_equal(first, sketch.shingle_set("THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG"))
    assert np.array_equal(
        first, sketch.shingle_set("The quick, brown fox: jumps over (the) lazy dog!")
    )
    reordered = sketch.shingle_set("quick The brown fox jumps over the lazy dog")
    assert len(np.intersect1d(first, reordered)) < len(first)


def test_typographic_punctuation_separates_words() -> None:
    assert np.array_equal(
        sketch.shingle_set("Don’t stop—now “please” go…"),
        sketch.shingle_set("don t stop now please go"),
    )
    assert np.array_equal(
        sketch.shingle_set("Élan über café naïve façade"),
        sketch.shingle_set("élan ÜBER café naïve façade"),
    )


def test_short_and_empty_texts() -> None:
    assert len(sketch.shingle_set("two words")) == 1
    assert len(sketch.shingle_set("")) == 0
    assert len(sketch.shingle_set("  ... !!! ")) == 0
    sets = sketch.shingle_sets(["one two three four five six", "", "a b"])
    assert [len(item) for item in sets] == [2, 0, 1]


def test_signature_estimates_jaccard() -> None:
    base = story(1)
    texts = [base, edited(base, 0.03, 2), edited(base, 0.10, 3), story(4)]
    sketches = sketch.sketch(texts)
    sets = sketch.shingle_sets(texts)
    for index in range(1, len(texts)):
        exact, _ = sketch.overlap(sets[0], sets[index])
        estimate = sketch.estimate_jaccard(sketches.signatures[0], sketches.signatures[index])
        assert abs(estimate - exact) < 0.12, (index, exact, estimate)
    assert list(sketches.sizes) == [len(item) for item in sets]


def test_short_texts_get_dense_signatures() -> None:
    text = story(5, words=MIN_SHINGLES + 4)
    signature = sketch.sketch([text]).signatures[0]
    assert len(signature) == NUM_PERM
    assert not (signature == sketch.EMPTY).any()
    assert (sketch.sketch([""]).signatures[0] == sketch.EMPTY).all()


def test_copies_edits_and_excerpts_are_found_and_independent_texts_are_not() -> None:
    base = story(10, words=800)
    words = base.split()
    texts = {
        "original": base,
        "copy": "A new headline for it. " + base,
        "edited": edited(base, 0.08, 11),
        "excerpt": " ".join(words[200:420]),
        "other": story(12, words=800),
        "another": story(13, words=500),
    }
    found = {(pair.first, pair.second): pair for pair in find_reuse(texts)}
    assert set(found) == {
        ("copy", "edited"),
        ("copy", "excerpt"),
        ("copy", "original"),
        ("edited", "excerpt"),
        ("edited", "original"),
        ("excerpt", "original"),
    }
    excerpt = found[("excerpt", "original")]
    assert excerpt.containment == 1.0 >= REUSE_CONTAINMENT
    assert excerpt.jaccard < 0.3
    assert excerpt.similarity == excerpt.containment
    assert excerpt.size_order == 1  # the second document (the original) is the larger


def test_groups_skip_pairs_inside_one_outlet() -> None:
    base = story(20)
    texts = {"a": base, "b": base, "c": base}
    groups = {"a": "one.example", "b": "one.example", "c": "two.example"}
    assert [(pair.first, pair.second) for pair in find_reuse(texts, groups)] == [
        ("a", "c"),
        ("b", "c"),
    ]


def test_texts_below_the_minimum_are_not_compared() -> None:
    short = story(21, words=MIN_SHINGLES - 6)
    assert find_reuse({"a": short, "b": short}) == []


def test_excerpts_are_proposed_by_shared_samples() -> None:
    """An excerpt of a tenth of a long text: Jaccard about 0.1, found all the same."""
    base = story(30, words=3000)
    excerpt = " ".join(base.split()[1200:1500])
    others = [story(31 + index, words=700) for index in range(50)]
    index = ReuseIndex()
    index.add([base, excerpt, *others])
    first, second = decode(index.candidates())
    assert (0, 1) in set(zip(first.tolist(), second.tolist(), strict=True))
    [pair] = [p for p in find_reuse({"base": base, "excerpt": excerpt}) if p.first == "base"]
    assert pair.jaccard < REUSE_JACCARD and pair.containment == 1.0


def test_boilerplate_shared_by_many_documents_proposes_nothing() -> None:
    footer = " ".join(story(40, words=50).split())
    texts = [
        story(41 + index, words=300) + " " + footer for index in range(MAX_SAMPLE_POSTINGS + 10)
    ]
    index = ReuseIndex()
    index.add(texts)
    # Banding may still propose a few pairs; verification rejects them.
    assert find_reuse({str(i): text for i, text in enumerate(texts)}) == []


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_index_is_the_same_whatever_the_batching(
    batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import provenance.graph.reuse as reuse

    base = story(50)
    texts = [base, edited(base, 0.05, 51), story(52), " ".join(base.split()[:200])]
    reference = ReuseIndex()
    reference.add(texts)
    monkeypatch.setattr(reuse, "SKETCH_BATCH", batch)
    batched = ReuseIndex()
    batched.add(texts)
    assert np.array_equal(reference.candidates(), batched.candidates())
    assert np.array_equal(reference.sizes, batched.sizes)
