"""Precision/recall curves behind every threshold of ``provenance/graph/thresholds.py``.

    .venv/bin/python benchmarks/thresholds.py            # every section (about a minute)
    .venv/bin/python benchmarks/thresholds.py support    # one section: reuse, short,
                                                         # alias, excerpt, lsh, support

Labelled pairs come from two sources:

* **the two test webs** (the bundled sample and ``tests/web2``), traced offline: every
  pair of crawled documents, labelled a republication when the truth files put the two
  in one republication family; and every (claim, page) pair of
  ``benchmarks/support_labels.json``, labelled by reading the pages;
* **synthetic documents** from ``benchmarks/reuse.py`` (news-length texts with a Zipfian
  vocabulary, stock phrases and topics): planted copies (edited 5-30%, re-headlined,
  excerpted, copied from copies) against independent stories *on the same topic*, which
  share names and stock phrases without copying each other.

Each section prints its curve; the values chosen are marked with ``<-``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import reuse as synthetic  # noqa: E402

import provenance  # noqa: E402
from provenance.graph import outlet_names, sketch  # noqa: E402
from provenance.graph import support as support_module  # noqa: E402
from provenance.graph import thresholds as chosen  # noqa: E402
from provenance.graph.reuse import ReuseIndex, decode  # noqa: E402
from provenance.graph.support import SupportScorer  # noqa: E402
from provenance.models import EDGE_CITATION  # noqa: E402
from provenance.sample import ROOT_URL, warc_path  # noqa: E402
from provenance.sample.build import build_warc  # noqa: E402

Pair = tuple[float, float, bool]
"""(Jaccard, containment, is a republication)."""


def table(rows: Iterable[tuple[str, ...]], header: tuple[str, ...]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def precision_recall(scores: list[tuple[float, bool]], threshold: float) -> tuple[float, float]:
    predicted = [label for score, label in scores if score >= threshold]
    positives = sum(1 for _, label in scores if label)
    hits = sum(predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / positives if positives else 1.0
    return precision, recall


def curve(
    scores: list[tuple[float, bool]], thresholds: Iterable[float], mark: float, label: str
) -> None:
    rows = []
    for threshold in thresholds:
        precision, recall = precision_recall(scores, threshold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        arrow = " <-" if abs(threshold - mark) < 1e-9 else ""
        rows.append((f"{threshold:.2f}{arrow}", f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}"))
    table(rows, (label, "precision", "recall", "F1"))


# --- The two test webs ----------------------------------------------------------------


def trace_webs(folder: Path) -> dict[str, provenance.Trace]:
    build_warc(REPO / "tests" / "web2" / "web" / "manifest.json", folder / "web2.warc.gz")
    web2_truth = json.loads((REPO / "tests" / "web2" / "truth.json").read_text(encoding="utf-8"))
    return {
        "sample": provenance.trace([ROOT_URL], replay=[warc_path()], out=folder / "sample"),
        "web2": provenance.trace(
            web2_truth["roots"], replay=[folder / "web2.warc.gz"], out=folder / "web2"
        ),
    }


def web_pairs(webs: dict[str, provenance.Trace]) -> list[Pair]:
    """Every pair of crawled documents of each web, labelled by its truth's families."""
    truths = {
        "sample": json.loads((REPO / "provenance/sample/truth.json").read_text(encoding="utf-8")),
        "web2": json.loads((REPO / "tests/web2/truth.json").read_text(encoding="utf-8")),
    }
    pairs: list[Pair] = []
    for name, trace in webs.items():
        families: nx.Graph[str] = nx.Graph()
        families.add_edges_from(
            (edge["source"], edge["target"]) for edge in truths[name]["republication_edges"]
        )
        family = {
            node: index
            for index, members in enumerate(nx.connected_components(families))
            for node in members
        }
        keys = sorted(trace.pages)
        sets = dict(
            zip(keys, sketch.shingle_sets([trace.pages[k].text for k in keys]), strict=True)
        )
        for index, first in enumerate(keys):
            for second in keys[index + 1 :]:
                if trace.graph.nodes[first]["outlet"] == trace.graph.nodes[second]["outlet"]:
                    continue
                jaccard, containment = sketch.overlap(sets[first], sets[second])
                same = first in family and family.get(second) == family[first]
                pairs.append((jaccard, containment, same))
    return pairs


# --- Synthetic labelled pairs ---------------------------------------------------------


def synthetic_pairs(count: int, seed: int = 7) -> dict[str, list[Pair]]:
    """Planted copies of each kind, and same-topic independent stories."""
    writer = synthetic.Writer(seed)
    random = writer.random
    made: dict[str, list[tuple[str, str]]] = {
        "edited 5-15%": [],
        "edited 15-30%": [],
        "re-headlined": [],
        "excerpt": [],
        "same topic": [],
        "same topic, shared quotes": [],
    }
    for _ in range(count):
        topic = int(random.integers(0, synthetic.TOPICS))
        original = writer.document(topic)
        text = synthetic._render([writer.headline(topic), *original])
        low = synthetic._edit(writer, original, topic, float(random.uniform(0.05, 0.15)))
        high = synthetic._edit(writer, original, topic, float(random.uniform(0.15, 0.30)))
        headline = synthetic._edit(writer, original, topic, 0.03)
        start = int(random.integers(0, max(1, len(original) // 2)))
        size = max(1, round(len(original) * float(random.uniform(0.2, 0.6))))
        other = writer.document(topic)
        made["edited 5-15%"].append((text, synthetic._render([writer.headline(topic), *low])))
        made["edited 15-30%"].append((text, synthetic._render([writer.headline(topic), *high])))
        made["re-headlined"].append((text, synthetic._render([writer.headline(topic), *headline])))
        made["excerpt"].append((text, synthetic._render(original[start : start + size])))
        made["same topic"].append((text, synthetic._render([writer.headline(topic), *other])))
        # The hard case: a short report on the same event quoting the same statement
        # (one to three sentences) that the longer story quotes too.
        quotes = [writer.sentence(topic) for _ in range(int(random.integers(1, 4)))]
        brief = writer.document(topic)[: int(random.integers(1, 4))]
        made["same topic, shared quotes"].append(
            (
                synthetic._render([writer.headline(topic), *original[:3], quotes, *original[3:]]),
                synthetic._render([writer.headline(topic), *brief, quotes]),
            )
        )
    pairs: dict[str, list[Pair]] = {}
    for kind, texts in made.items():
        flat = [text for pair in texts for text in pair]
        sets = sketch.shingle_sets(flat)
        pairs[kind] = [
            (*sketch.overlap(sets[2 * i], sets[2 * i + 1]), not kind.startswith("same topic"))
            for i in range(len(texts))
        ]
    return pairs


def section_reuse(webs: dict[str, provenance.Trace]) -> None:
    print("## Text reuse: REUSE_JACCARD and REUSE_CONTAINMENT\n")
    planted = synthetic_pairs(400)
    for kind, pairs in planted.items():
        jaccards = np.array([pair[0] for pair in pairs])
        containments = np.array([pair[1] for pair in pairs])
        print(
            f"- synthetic {kind}: Jaccard median {np.median(jaccards):.3f} "
            f"[5%: {np.percentile(jaccards, 5):.3f}, 95%: {np.percentile(jaccards, 95):.3f}], "
            f"containment median {np.median(containments):.3f} "
            f"[5%: {np.percentile(containments, 5):.3f}, max: {containments.max():.3f}]"
        )
    print()
    copies = [
        p for kind in ("edited 5-15%", "edited 15-30%", "re-headlined") for p in planted[kind]
    ]
    negatives = planted["same topic"] + planted["same topic, shared quotes"]
    print(
        "Synthetic copies (edited 5-30% and re-headlined) against same-topic stories "
        "(half of them quoting the same statement), Jaccard alone:\n"
    )
    curve(
        [(j, label) for j, _, label in copies + negatives],
        [0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6],
        chosen.REUSE_JACCARD,
        "Jaccard >=",
    )
    print("Synthetic excerpts against same-topic stories, containment alone:\n")
    curve(
        [(c, label) for _, c, label in planted["excerpt"] + negatives],
        [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
        chosen.REUSE_CONTAINMENT,
        "containment >=",
    )
    real = web_pairs(webs)
    every = [p for pairs in planted.values() for p in pairs]

    def rule(jaccard_at: float, containment_at: float) -> Callable[[Pair], bool]:
        return lambda pair: pair[0] >= jaccard_at or pair[1] >= containment_at

    rows = []
    for name, pairs in (
        ("synthetic, all kinds", every),
        ("test webs, every pair of outlets", real),
    ):
        for jaccard_at, containment_at in (
            (0.1, 0.5),
            (0.15, 0.6),
            (0.15, 0.7),
            (0.2, 0.6),
            (0.2, 0.7),
            (0.3, 0.6),
            (0.3, 0.8),
        ):
            decide = rule(jaccard_at, containment_at)
            scores = [(1.0 if decide(pair) else 0.0, pair[2]) for pair in pairs]
            precision, recall = precision_recall(scores, 1.0)
            mark = (
                " <-"
                if (jaccard_at, containment_at) == (chosen.REUSE_JACCARD, chosen.REUSE_CONTAINMENT)
                else ""
            )
            rows.append(
                (
                    name,
                    f"J >= {jaccard_at} or C >= {containment_at}{mark}",
                    f"{precision:.3f}",
                    f"{recall:.3f}",
                    f"{sum(p[2] for p in pairs)}/{len(pairs)}",
                )
            )
    table(rows, ("pairs", "rule", "precision", "recall", "positives/pairs"))
    negatives_real = sorted((max(j, c), j, c) for j, c, label in real if not label)[-3:]
    positives_real = sorted((max(j, c), j, c) for j, c, label in real if label)[:3]
    print(
        "Test webs: highest non-republication pairs (similarity, J, C): "
        + ", ".join(f"({s:.3f}, {j:.3f}, {c:.3f})" for s, j, c in negatives_real)
    )
    print(
        "Test webs: lowest republication pairs (similarity, J, C): "
        + ", ".join(f"({s:.3f}, {j:.3f}, {c:.3f})" for s, j, c in positives_real)
        + "\n"
    )


def section_short() -> None:
    print("## Short texts: MIN_SHINGLES\n")
    writer = synthetic.Writer(19)
    random = writer.random
    made: list[tuple[str, str, bool]] = []
    for _ in range(600):
        topic = int(random.integers(0, synthetic.TOPICS))
        quote = writer.sentence(topic)
        # Two short items on one event (standfirsts, captions, briefs) quoting the same
        # sentence, against a short item and its lightly edited copy.
        first = " ".join(
            [writer.sentence(topic) for _ in range(int(random.integers(0, 3)))] + [quote]
        )
        second = " ".join(
            [quote] + [writer.sentence(topic) for _ in range(int(random.integers(0, 3)))]
        )
        made.append((first, second, False))
        item = [[writer.sentence(topic) for _ in range(int(random.integers(1, 5)))]]
        made.append(
            (
                synthetic._render(item),
                synthetic._render(synthetic._edit(writer, item, topic, 0.05)),
                True,
            )
        )
    flat = [text for first, second, _ in made for text in (first, second)]
    sets = sketch.shingle_sets(flat)
    rows = []
    for minimum in (5, 10, 20, 30, 40, 60, 80):
        scores = []
        for index, (_, _, label) in enumerate(made):
            first, second = sets[2 * index], sets[2 * index + 1]
            if min(len(first), len(second)) < minimum:
                scores.append((0.0, label))
                continue
            jaccard, containment = sketch.overlap(first, second)
            found = jaccard >= chosen.REUSE_JACCARD or containment >= chosen.REUSE_CONTAINMENT
            scores.append((1.0 if found else 0.0, label))
        precision, recall = precision_recall(scores, 1.0)
        arrow = " <-" if minimum == chosen.MIN_SHINGLES else ""
        rows.append((f"{minimum}{arrow}", f"{precision:.3f}", f"{recall:.3f}"))
    print(
        "Short items on one event sharing a quoted sentence (negative) against short items "
        "and their lightly edited copies (positive), 10-140 words:\n"
    )
    table(rows, ("both at least, shingles", "precision", "recall"))


def section_alias() -> None:
    print("## Same-outlet variants: ALIAS_JACCARD\n")
    writer = synthetic.Writer(11)
    random = writer.random
    texts: list[tuple[str, str, bool]] = []
    for _ in range(300):
        topic = int(random.integers(0, synthetic.TOPICS))
        story = writer.document(topic)
        headline = writer.headline(topic)
        text = synthetic._render([headline, *story])
        # Variants: AMP or mobile drops a paragraph (a related box, a caption), print adds a
        # footer line; the article text is the same.
        drop = int(random.integers(0, len(story)))
        variant = [
            paragraph for index, paragraph in enumerate(story) if index != drop or len(story) < 4
        ]
        footer = [[writer.sentence(topic)]] if random.random() < 0.5 else []
        texts.append((text, synthetic._render([headline, *variant, *footer]), True))
        # Follow-ups: a new story that reuses a few background paragraphs of the first.
        reused = story[: int(random.integers(1, max(2, len(story) // 2)))]
        follow_up = writer.document(topic)[: max(2, len(story) // 2)] + reused
        texts.append((text, synthetic._render([writer.headline(topic), *follow_up]), False))
    flat = [text for first, second, _ in texts for text in (first, second)]
    sets = sketch.shingle_sets(flat)
    scores = [
        (sketch.overlap(sets[2 * i], sets[2 * i + 1])[0], texts[i][2]) for i in range(len(texts))
    ]
    variants = sorted(score for score, label in scores if label)
    follow = sorted(score for score, label in scores if not label)
    print(
        f"variants: Jaccard {variants[0]:.3f} at least (median {np.median(variants):.3f}); "
        f"follow-ups reusing background: {follow[-1]:.3f} at most "
        f"(median {np.median(follow):.3f})\n"
    )
    curve(scores, [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95], chosen.ALIAS_JACCARD, "Jaccard >=")


def section_excerpt() -> None:
    print("## Direction by containment: EXCERPT_SIZE_RATIO\n")
    writer = synthetic.Writer(17)
    excerpt_sizes: list[tuple[float, bool]] = []
    flat: list[str] = []
    kinds: list[bool] = []
    # Excerpts (the smaller text is the copy) against edited copies of about the same
    # length (no direction can be read from their sizes).
    random = writer.random
    for _ in range(300):
        topic = int(random.integers(0, synthetic.TOPICS))
        story = writer.document(topic)
        start = int(random.integers(0, max(1, len(story) // 2)))
        size = max(1, round(len(story) * float(random.uniform(0.2, 0.9))))
        flat += [synthetic._render(story), synthetic._render(story[start : start + size])]
        kinds.append(True)
        flat += [
            synthetic._render(story),
            synthetic._render(
                synthetic._edit(writer, story, topic, float(random.uniform(0.05, 0.3)))
            ),
        ]
        kinds.append(False)
    sets = sketch.shingle_sets(flat)
    for i, is_excerpt in enumerate(kinds):
        first, second = sets[2 * i], sets[2 * i + 1]
        _, containment = sketch.overlap(first, second)
        if containment < chosen.REUSE_CONTAINMENT:
            continue
        ratio = min(len(first), len(second)) / max(len(first), len(second))
        excerpt_sizes.append((ratio, is_excerpt))
    rows = []
    for limit in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        decided = [label for ratio, label in excerpt_sizes if ratio <= limit]
        excerpts = sum(1 for _, label in excerpt_sizes if label)
        precision = sum(decided) / len(decided) if decided else 1.0
        recall = sum(decided) / excerpts if excerpts else 1.0
        arrow = " <-" if abs(limit - chosen.EXCERPT_SIZE_RATIO) < 1e-9 else ""
        rows.append((f"{limit:.2f}{arrow}", f"{precision:.3f}", f"{recall:.3f}"))
    print(
        "Pairs with containment >= REUSE_CONTAINMENT: excerpts (positive: direction read from "
        "sizes) against edited copies (negative: sizes say nothing).\n"
    )
    table(rows, ("smaller/larger <=", "precision", "recall"))


def section_lsh() -> None:
    print("## Candidate generation: LSH bands x rows, samples\n")
    corpus = synthetic.make_corpus(20_000, 3)
    truth = synthetic.truth_pairs(corpus)
    index = ReuseIndex()
    index.add(corpus.texts)
    eligible = index.sizes >= chosen.MIN_SHINGLES
    signatures = np.concatenate(index._signatures)
    rows = []
    for bands, rows_per_band in ((16, 8), (20, 6), (32, 4), (42, 3), (64, 2)):
        found: set[tuple[int, int]] = set()
        for band in range(bands):
            columns = signatures[:, band * rows_per_band : (band + 1) * rows_per_band]
            keys: dict[bytes, list[int]] = {}
            for document in np.flatnonzero(eligible).tolist():
                keys.setdefault(columns[document].tobytes(), []).append(document)
            for members in keys.values():
                for a in range(len(members)):
                    for b in range(a + 1, len(members)):
                        found.add((members[a], members[b]))
        by_bin = []
        for low, high in ((0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 1.01)):
            pairs = [pair for pair, (j, _) in truth.items() if low <= j < high]
            by_bin.append(f"{sum(1 for p in pairs if p in found) / max(1, len(pairs)):.3f}")
        arrow = " <-" if (bands, rows_per_band) == (chosen.LSH_BANDS, chosen.LSH_ROWS) else ""
        rows.append((f"{bands} x {rows_per_band}{arrow}", *by_bin, f"{len(found):,}"))
    table(rows, ("bands x rows", "J 0.4-0.5", "J 0.5-0.6", "J 0.6-0.7", "J >= 0.7", "candidates"))

    excerpts = [pair for pair, (j, c) in truth.items() if c >= chosen.REUSE_CONTAINMENT and j < 0.5]
    edited = [
        pair
        for pair, (j, c) in truth.items()
        if chosen.REUSE_JACCARD <= j < 0.4 and c < chosen.REUSE_CONTAINMENT
    ]
    banded = set(zip(*(side.tolist() for side in decode(index._banded(eligible))), strict=True))
    original = (chosen.MIN_SHARED_SAMPLES, chosen.SAMPLE_CONTAINMENT, chosen.MAX_SAMPLE_POSTINGS)
    import provenance.graph.reuse as reuse_module

    rows = []
    for shared, share, postings in (
        (1, 0.0, 64), (2, 0.0, 64), (2, 0.1, 64), (2, 0.2, 64), (2, 0.3, 64), (3, 0.2, 64),
        (2, 0.2, 16), (2, 0.2, 256),
    ):  # fmt: skip
        reuse_module.MIN_SHARED_SAMPLES = shared
        reuse_module.SAMPLE_CONTAINMENT = share
        reuse_module.MAX_SAMPLE_POSTINGS = postings
        first, second = decode(index._shared_samples())
        found = set(zip(first.tolist(), second.tolist(), strict=True))
        recall = sum(1 for pair in excerpts if pair in found) / max(1, len(excerpts))
        both = found | banded
        recall_edited = sum(1 for pair in edited if pair in both) / max(1, len(edited))
        arrow = " <-" if (shared, share, postings) == original else ""
        rows.append(
            (
                f"{shared}, {share}, {postings}{arrow}",
                f"{recall:.3f}",
                f"{recall_edited:.3f}",
                f"{len(found):,}",
            )
        )
    (
        reuse_module.MIN_SHARED_SAMPLES,
        reuse_module.SAMPLE_CONTAINMENT,
        reuse_module.MAX_SAMPLE_POSTINGS,
    ) = original
    print(
        f"Shared samples (1/{chosen.SAMPLE_RATE} of shingles): excerpt pairs with containment "
        f">= {chosen.REUSE_CONTAINMENT} and Jaccard < 0.5 ({len(excerpts):,} in 20,000 documents; "
        f"texts under MIN_SHINGLES are not compared), and heavily edited copies with "
        f"{chosen.REUSE_JACCARD} <= Jaccard < 0.4 ({len(edited):,}), found by either channel:\n"
    )
    table(
        rows,
        (
            "min shared, min share, max postings",
            "excerpt recall",
            "edited recall",
            "sample candidates",
        ),
    )


def labelled_support(
    webs: dict[str, provenance.Trace],
) -> Iterator[tuple[str, str, str, list[str], bool]]:
    labels: list[dict[str, Any]] = json.loads(
        (REPO / "benchmarks" / "support_labels.json").read_text(encoding="utf-8")
    )["claims"]
    for entry in labels:
        trace = webs[entry["web"]]
        claim = next(
            data["claim"]
            for _, target, data in trace.graph.edges(data=True)
            if data["kind"] == EDGE_CITATION
            and target == entry["citing"]
            and data["anchor"] == entry["anchor"]
            and data["claim"].startswith(entry.get("claim_starts", ""))
        )
        for url, page in sorted(trace.pages.items()):
            if url == entry["citing"] or url in entry["unclear"] or not page.paragraphs:
                continue
            yield entry["web"], claim, entry["anchor"], page.paragraphs, url in entry["supports"]


def support_scores(webs: dict[str, provenance.Trace]) -> list[tuple[float, bool]]:
    scorers = {
        name: SupportScorer((page.text for page in trace.pages.values()), outlet_names(trace.graph))
        for name, trace in webs.items()
    }
    return [
        (scorers[web].score(claim, anchor, paragraphs).score, label)
        for web, claim, anchor, paragraphs, label in labelled_support(webs)
    ]


def auc(scores: list[tuple[float, bool]]) -> float:
    positives = [s for s, label in scores if label]
    negatives = [s for s, label in scores if not label]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def best_accuracy(scores: list[tuple[float, bool]]) -> tuple[float, float]:
    candidates = sorted({score for score, _ in scores})
    return max(
        (sum(1 for s, label in scores if (s >= t) == label) / len(scores), t) for t in candidates
    )


def section_support(webs: dict[str, provenance.Trace]) -> None:
    print("## Claim support: SUPPORT_THRESHOLD and the scorer's weights\n")
    scores = support_scores(webs)
    positives = sorted(s for s, label in scores if label)
    negatives = sorted(s for s, label in scores if not label)
    print(
        f"{len(scores)} labelled (claim, page) pairs: {len(positives)} supporting, "
        f"{len(negatives)} not (mostly the same story). AUC {auc(scores):.4f}. "
        f"Lowest supporting: {', '.join(f'{s:.3f}' for s in positives[:3])}; "
        f"highest not supporting: {', '.join(f'{s:.3f}' for s in negatives[-3:])}.\n"
    )
    curve(
        scores,
        [0.15, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3, 0.32, 0.35, 0.4, 0.45],
        chosen.SUPPORT_THRESHOLD,
        "support >=",
    )
    rows = []
    for name, values in (
        ("PAIR_WEIGHT", (0.0, 0.3, 0.5, 0.7, 1.0)),
        ("PAIR_DISTANCE", (1, 2, 3, 5, 8)),
        ("MISSING_NUMBER_PENALTY", (1.0, 0.7, 0.5, 0.3)),
        ("MISSING_EVENT_PENALTY", (1.0, 0.7, 0.5, 0.3)),
        ("HEDGE_PENALTY", (1.0, 0.7, 0.5, 0.25)),
        ("NUMBER_WEIGHT", (1.0, 2.0, 3.0)),
        ("PASSAGE_SENTENCES", (1, 2, 3, 4, 5)),
        ("WIDER_PASSAGE_GAIN", (0.0, 0.05, 0.1, 0.2)),
    ):
        original = getattr(support_module, name)
        for value in values:
            setattr(support_module, name, value)
            measured = support_scores(webs)
            accuracy, at = best_accuracy(measured)
            fixed = sum(1 for s, label in measured if (s >= chosen.SUPPORT_THRESHOLD) == label)
            arrow = " <-" if value == original else ""
            rows.append(
                (
                    f"{name} = {value}{arrow}",
                    f"{auc(measured):.4f}",
                    f"{accuracy:.3f} at {at:.3f}",
                    f"{fixed / len(measured):.3f}",
                )
            )
        setattr(support_module, name, original)
    print("Each weight varied alone (the others at their chosen values):\n")
    table(rows, ("setting", "AUC", "best accuracy", f"accuracy at {chosen.SUPPORT_THRESHOLD}"))


SECTIONS = ("reuse", "short", "alias", "excerpt", "lsh", "support")


def main(argv: list[str] | None = None) -> int:
    wanted = (argv if argv is not None else sys.argv[1:]) or list(SECTIONS)
    unknown = set(wanted) - set(SECTIONS)
    if unknown:
        print(
            f"unknown section(s): {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}"
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="thresholds-") as folder:
        webs = trace_webs(Path(folder)) if {"reuse", "support"} & set(wanted) else {}
        if "reuse" in wanted:
            section_reuse(webs)
        if "short" in wanted:
            section_short()
        if "alias" in wanted:
            section_alias()
        if "excerpt" in wanted:
            section_excerpt()
        if "lsh" in wanted:
            section_lsh()
        if "support" in wanted:
            section_support(webs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
