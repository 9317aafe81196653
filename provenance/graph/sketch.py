"""Vectorised text sketches: word-shingle hashes, MinHash signatures, containment samples.

Everything here works on batches of documents at once with numpy, so that the cost per
document is a few passes over its bytes rather than a Python loop per word:

* **Words** are runs of word bytes of the lower-cased UTF-8 text: ASCII letters, digits
  and ``_``, and every byte of a multi-byte character, except the typographic
  punctuation of U+2000-U+206F (dashes, curly quotes, ellipsis) and the no-break space,
  guillemets and inverted marks of U+00A0-U+00BF, which separate words as ASCII
  punctuation does. Each word's bytes are read eight at a time and mixed (the finaliser
  of MurmurHash3) into a 64-bit hash.
* **Shingles** are runs of ``SHINGLE_WORDS`` consecutive words, hashed to 64 bits as a
  linear combination of their word hashes with one odd multiplier per position (order
  matters).
* **Signatures** are one-permutation MinHash (Li, Owen and Zhang 2012): the shingle hash
  picks one of ``NUM_PERM`` bins with its high bits and competes for the bin's minimum
  with its low 32 bits; bins left empty by short texts borrow from another bin chosen by
  a fixed probe sequence ("optimal densification", Shrivastava 2017). The share of equal
  bins of two signatures estimates their Jaccard similarity, like ``NUM_PERM``
  independent permutations would, at the cost of one hash per shingle instead of
  ``NUM_PERM``.
* **Samples** are the shingles whose hash falls in the lowest ``1/SAMPLE_RATE`` of the
  hash space (in the spirit of Broder's MOD-m sketch, 1997): the same shingle is sampled
  in every document that has it, so shared samples estimate containment, which MinHash
  cannot.

``sketch`` makes all three from one sort of the batch's (document, bin, value) keys.

The same hashes serve exact verification (``shingle_set``), so a pair is judged on
exactly the shingles its sketches were drawn from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from provenance.graph.thresholds import NUM_PERM, SAMPLE_RATE, SHINGLE_WORDS

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

EMPTY = np.uint32(0xFFFFFFFF)
"""Value of a signature bin no shingle fell into (and none could be borrowed)."""

_SHINGLE_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio, odd
_POSITION = np.array(
    [
        0x9E3779B97F4A7C15,
        0xBF58476D1CE4E5B9,
        0x94D049BB133111EB,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0x27D4EB2F165667C5,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
    ],
    dtype=np.uint64,
)
"""Odd multipliers, one per word position in a shingle (SHINGLE_WORDS <= 8)."""
_MASK32 = np.uint64(0xFFFFFFFF)
_CHUNK = 8
_LOW_BYTES = np.array(
    [(1 << (8 * count)) - 1 for count in range(_CHUNK)] + [2**64 - 1], dtype=np.uint64
)
"""``_LOW_BYTES[n]`` keeps the low ``n`` bytes of a little-endian chunk."""
_DENSIFY_PROBES = 64
"""Probes an empty bin makes for a filled one. A text with the minimum of shingles fills
about a fifth of 128 bins; 64 probes then miss with probability below 1e-6."""


def _word_byte_table() -> npt.NDArray[np.bool_]:
    table = np.zeros(256, dtype=np.bool_)
    for character in b"abcdefghijklmnopqrstuvwxyz0123456789_":
        table[character] = True
    table[0x80:] = True  # bytes of multi-byte characters: letters of other scripts
    return table


_WORD_BYTE = _word_byte_table()
_WORD_BYTE_TRANSLATION = bytes(_WORD_BYTE.astype(np.uint8))
"""``bytes.translate`` table: 1 for a word byte, 0 otherwise (one C pass over the text)."""


def mix64(values: U64) -> U64:
    """MurmurHash3's 64-bit finaliser: every output bit depends on every input bit."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


def _buffer(texts: Sequence[str]) -> tuple[bytes, I64]:
    """The texts lower-cased, UTF-8, joined by spaces; and each text's start offset."""
    encoded = [text.lower().encode("utf-8", "replace") for text in texts]
    lengths = np.fromiter((len(item) + 1 for item in encoded), dtype=np.int64, count=len(texts))
    starts = np.zeros(len(texts), dtype=np.int64)
    if len(texts) > 1:
        np.cumsum(lengths[:-1], out=starts[1:])
    return b" ".join(encoded) + b" ", starts


def _word_mask(joined: bytes) -> npt.NDArray[np.bool_]:
    mask = np.frombuffer(joined.translate(_WORD_BYTE_TRANSLATION), dtype=np.bool_).copy()
    # Typographic punctuation separates words: U+2000-U+206F is E2 80 xx / E2 81 xx,
    # U+00A0-U+00BF is C2 A0..BF. (Most texts have neither lead byte: skip the scan.)
    if b"\xe2" in joined or b"\xc2" in joined:
        data = np.frombuffer(joined, dtype=np.uint8)
        lead = np.flatnonzero(
            ((data[:-1] == 0xE2) & ((data[1:] == 0x80) | (data[1:] == 0x81)))
            | ((data[:-1] == 0xC2) & (data[1:] >= 0xA0) & (data[1:] <= 0xBF))
        )
        mask[lead] = False
        mask[lead + 1] = False
        three = lead[data[lead] == 0xE2] + 2
        mask[three[three < len(data)]] = False
    return mask


def _words(texts: Sequence[str]) -> tuple[U64, I64]:
    """Hash of every word of every text, in order, and the index of its text.

    A word is read eight bytes at a time; each eight-byte chunk is folded into the hash,
    so the work is per word, not per byte.
    """
    joined, starts = _buffer(texts)
    mask = np.zeros(len(joined) + 2, dtype=np.bool_)
    mask[1:-1] = _word_mask(joined)
    changes = np.flatnonzero(mask[1:] != mask[:-1])
    begin, end = changes[0::2], changes[1::2]
    lengths = end - begin
    # Eight bytes starting at every byte offset, read unaligned (little-endian).
    windows = np.ndarray(
        shape=(len(joined),), dtype="<u8", buffer=joined + bytes(_CHUNK), strides=(1,)
    )
    with np.errstate(over="ignore"):
        words = windows[begin].astype(np.uint64, copy=False)
        words &= _LOW_BYTES[np.minimum(lengths, _CHUNK)]
        active = np.flatnonzero(lengths > _CHUNK)
        offset = _CHUNK
        while len(active):
            remaining = lengths[active] - offset
            chunk = windows[begin[active] + offset].astype(np.uint64, copy=False)
            chunk &= _LOW_BYTES[np.minimum(remaining, _CHUNK)]
            words[active] = mix64(words[active]) ^ chunk
            offset += _CHUNK
            active = active[remaining > _CHUNK]
        words = mix64(words + lengths.astype(np.uint64) * _SHINGLE_MULTIPLIER)
    counts = np.diff(np.searchsorted(begin, starts), append=len(begin))
    return words, np.repeat(np.arange(len(texts), dtype=np.int64), counts)


def shingle_hashes(texts: Sequence[str], size: int = SHINGLE_WORDS) -> tuple[U64, I64]:
    """Hash of every shingle of every text (repeats kept), and the index of its text.

    A text shorter than ``size`` words gives one shingle of all its words; an empty
    text gives none.
    """
    words, owner = _words(texts)
    count = len(words)
    if count == 0:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    runs = max(count - size + 1, 0)
    # A shingle's hash is a linear combination of its (already well mixed) word hashes
    # with one odd multiplier per position: order matters, and no further mixing pass
    # is needed for the bins and values to be uniform.
    with np.errstate(over="ignore"):
        hashes = words[:runs] * _POSITION[0]
        for offset in range(1, size):
            hashes += words[offset : offset + runs] * _POSITION[offset]
    valid = owner[:runs] == owner[size - 1 : size - 1 + runs]
    hashes, owners = hashes[valid], owner[:runs][valid]
    # Texts with fewer than ``size`` words: one shingle of the whole text.
    word_counts = np.bincount(owner, minlength=len(texts))
    short = np.flatnonzero((word_counts > 0) & (word_counts < size))
    if len(short):
        first = np.searchsorted(owner, short)
        extra = np.zeros(len(short), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for index, (text, start) in enumerate(zip(short, first, strict=True)):
                run = words[start : start + word_counts[text]]
                extra[index] = np.sum(run * _POSITION[: len(run)], dtype=np.uint64)
        hashes = np.concatenate((hashes, extra))
        owners = np.concatenate((owners, short.astype(np.int64)))
        order = np.argsort(owners, kind="stable")
        hashes, owners = hashes[order], owners[order]
    return hashes, owners


def _distinct(values: U64) -> U64:
    """Sorted distinct values (a sort and a comparison: faster here than ``np.unique``)."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=np.bool_)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def shingle_set(text: str, size: int = SHINGLE_WORDS) -> U64:
    """The sorted, distinct shingle hashes of one text."""
    hashes, _ = shingle_hashes([text], size)
    return _distinct(hashes)


def shingle_sets(texts: Sequence[str], size: int = SHINGLE_WORDS) -> list[U64]:
    """``shingle_set`` of each text, computed in one pass."""
    hashes, owners = shingle_hashes(texts, size)
    bounds = np.searchsorted(owners, np.arange(len(texts) + 1))
    return [_distinct(hashes[bounds[index] : bounds[index + 1]]) for index in range(len(texts))]


def _probe_table(bins: int, probes: int) -> npt.NDArray[np.intp]:
    """For each bin, the fixed sequence of bins it borrows from when empty."""
    index: U64 = np.arange(bins * probes, dtype=np.uint64).reshape(bins, probes) + np.uint64(
        0x5BD1E995
    )
    with np.errstate(over="ignore"):
        return (mix64(index) % np.uint64(bins)).astype(np.intp)


_PROBES = _probe_table(NUM_PERM, _DENSIFY_PROBES)


@dataclass(frozen=True)
class Sketches:
    """The sketches of a batch of documents."""

    signatures: U32
    """One row of ``NUM_PERM`` one-permutation MinHash values per document."""
    sizes: I64
    """Distinct shingles per document."""
    sample_keys: U32
    """Sampled shingles (32 bits of their hash), distinct per document, by document."""
    sample_owners: I64
    """The document of each sampled shingle."""


def sketch(texts: Sequence[str], bins: int = NUM_PERM, rate: int = SAMPLE_RATE) -> Sketches:
    """Signatures, shingle counts and samples of ``texts``, from one sort of their shingles.

    Each shingle hash gives a bin (its high bits) and a value (its low 32 bits); sorting
    (document, bin, value) keys puts every document's bins in order with their minimum
    first, and repeats of a shingle side by side. Samples are the shingles whose hash is
    in the lowest ``1/rate`` of the space, which are the shingles of the first
    ``bins / rate`` bins: the same test in every document.
    """
    hashes, owners = shingle_hashes(texts)
    documents = len(texts)
    signature = np.full(documents * bins, EMPTY, dtype=np.uint32)
    sizes = np.zeros(documents, dtype=np.int64)
    sample_keys = np.empty(0, dtype=np.uint32)
    sample_owners = np.empty(0, dtype=np.int64)
    if len(hashes):
        with np.errstate(over="ignore"):
            bin_of = ((hashes >> np.uint64(32)) * np.uint64(bins)) >> np.uint64(32)
            key = ((owners.astype(np.uint64) * np.uint64(bins) + bin_of) << np.uint64(32)) | (
                hashes & _MASK32
            )
        key.sort()
        distinct = np.ones(len(key), dtype=np.bool_)
        distinct[1:] = key[1:] != key[:-1]
        key = key[distinct]
        slot = key >> np.uint64(32)
        sizes = np.bincount((slot // np.uint64(bins)).astype(np.intp), minlength=documents)
        first = np.ones(len(key), dtype=np.bool_)
        first[1:] = slot[1:] != slot[:-1]
        signature[slot[first].astype(np.intp)] = (key[first] & _MASK32).astype(np.uint32)
        sampled_bins = max(1, bins // rate)
        in_sample = (slot % np.uint64(bins)) < np.uint64(sampled_bins)
        chosen = key[in_sample]
        chosen_bin = (chosen >> np.uint64(32)) % np.uint64(bins)
        spare = max(0, 32 - (sampled_bins - 1).bit_length())
        sample_keys = (
            (chosen_bin << np.uint64(spare)) | ((chosen & _MASK32) >> np.uint64(32 - spare))
        ).astype(np.uint32)
        sample_owners = ((chosen >> np.uint64(32)) // np.uint64(bins)).astype(np.int64)
    table = signature.reshape(documents, bins)
    _densify(table, bins)
    return Sketches(table, sizes.astype(np.int64), sample_keys, sample_owners)


def _densify(table: U32, bins: int) -> None:
    empty = table == EMPTY
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if not len(rows):
        return
    probes = _PROBES if bins == NUM_PERM else _probe_table(bins, _DENSIFY_PROBES)
    sub = table[rows]
    filled = ~empty[rows]
    hit = filled[:, probes]  # (rows, bins, probes)
    found = hit.any(axis=2)
    first = hit.argmax(axis=2)
    source = probes[np.arange(bins)[None, :], first]
    borrowed = np.take_along_axis(sub, source, axis=1)
    sub = np.where(~filled & found, borrowed, sub)
    table[rows] = sub


def estimate_jaccard(first: U32, second: U32) -> float:
    """Share of equal bins of two signatures (0 when either is empty)."""
    if first[0] == EMPTY and (first == EMPTY).all():
        return 0.0
    return float(np.count_nonzero(first == second)) / len(first)


def overlap(first: U64, second: U64) -> tuple[float, float]:
    """Exact (Jaccard, containment of the smaller in the larger) of two shingle sets."""
    if not len(first) or not len(second):
        return 0.0, 0.0
    shared = len(np.intersect1d(first, second, assume_unique=True))
    union = len(first) + len(second) - shared
    return shared / union, shared / min(len(first), len(second))
