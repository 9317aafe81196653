"""Claim support: the score separates pages that say the claim from pages on the same story.

The gate runs on the labelled (claim, page) pairs of ``benchmarks/support_labels.json``
(both test webs; ``benchmarks/thresholds.py`` prints the full precision/recall curve).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance.graph import outlet_names
from provenance.graph.support import SupportScorer, content_tokens
from provenance.graph.thresholds import SUPPORT_THRESHOLD
from provenance.models import EDGE_CITATION
from provenance.sample.build import build_warc

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "benchmarks" / "support_labels.json"
WEB2 = REPO / "tests" / "web2"

# Pinned floors, measured when the labels were made (see benchmarks/thresholds.py):
# accuracy 0.996 and area under the ROC curve 0.999 on 270 pairs.
MIN_ACCURACY = 0.98
MIN_AUC = 0.99


@pytest.fixture(scope="module")
def web2_trace(tmp_path_factory: pytest.TempPathFactory) -> provenance.Trace:
    folder = tmp_path_factory.mktemp("web2-support")
    build_warc(WEB2 / "web" / "manifest.json", folder / "web2.warc.gz")
    truth = json.loads((WEB2 / "truth.json").read_text(encoding="utf-8"))
    return provenance.trace(truth["roots"], replay=[folder / "web2.warc.gz"], out=folder / "out")


def labelled_scores(webs: dict[str, provenance.Trace]) -> list[tuple[float, bool]]:
    labels: list[dict[str, Any]] = json.loads(LABELS.read_text(encoding="utf-8"))["claims"]
    scorers = {
        name: SupportScorer((page.text for page in trace.pages.values()), outlet_names(trace.graph))
        for name, trace in webs.items()
    }
    scored: list[tuple[float, bool]] = []
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
            support = scorers[entry["web"]].score(claim, entry["anchor"], page.paragraphs)
            scored.append((support.score, url in entry["supports"]))
    return scored


def test_support_separates_labelled_pairs(
    sample_trace: provenance.Trace, web2_trace: provenance.Trace
) -> None:
    scored = labelled_scores({"sample": sample_trace, "web2": web2_trace})
    positives = [score for score, label in scored if label]
    negatives = [score for score, label in scored if not label]
    assert len(positives) >= 60 and len(negatives) >= 200
    correct = sum(1 for score, label in scored if (score >= SUPPORT_THRESHOLD) == label)
    assert correct / len(scored) >= MIN_ACCURACY
    wins = sum(
        1.0 if positive > negative else 0.5 if positive == negative else 0.0
        for positive in positives
        for negative in negatives
    )
    assert wins / (len(positives) * len(negatives)) >= MIN_AUC


def scorer(*texts: str, names: tuple[str, ...] = ()) -> SupportScorer:
    return SupportScorer(texts, names)


STORY = (
    "Kestrel Polymers halted production at its plant after toluene leaked from a tank.",
    "The Kestrel Polymers plant employs 600 people and was fined in 2019.",
    "Dead fish were found below the Kestrel Polymers plant, anglers said.",
    "Water intake was suspended downstream of the Kestrel Polymers plant.",
    "Crews laid booms on the river near the Kestrel Polymers plant.",
)


def test_the_page_that_says_it_beats_the_page_on_the_same_story() -> None:
    says = (
        "A year before the leak, inspectors warned Kestrel Polymers about corroded tanks "
        "at the plant."
    )
    same_story = (
        "Kestrel Polymers plans to expand its plant. An inspection of the plant found "
        "its storage tanks in good order, the company said."
    )
    claim = (
        "Kestrel Polymers was warned about corroded tanks at the plant a year before the leak, "
        "the Port Citizen revealed."
    )
    judge = scorer(says, same_story, *STORY, names=("Port Citizen",))
    good = judge.score(claim, "revealed", [says]).score
    bad = judge.score(claim, "revealed", [same_story]).score
    # With a corpus of seven sentences the weights are coarse; on the test webs the same
    # kind of page scores well under the threshold (the gate above and tests/web2).
    assert good >= SUPPORT_THRESHOLD
    assert good > 2.5 * bad


def test_outlet_names_are_not_part_of_the_claim() -> None:
    judge = scorer("x", names=("The Harbour Ledger",))
    assert "ledger" not in judge.claim_tokens("Production halted, The Harbour Ledger said.")
    assert judge.claim_tokens("Production halted, The Harbour Ledger said.") == ["produc", "halt"]


def test_days_of_dates_are_not_checkable_numbers() -> None:
    assert "10" not in content_tokens("On December 10 the offensive started.")
    assert "10" not in content_tokens("On 10 December the offensive started.")
    assert "300" in content_tokens("They killed 300 militants on December 10.")
    assert "80" in content_tokens("Some 80 per cent were evacuated.")


def test_a_missing_number_halves_support() -> None:
    page = ["The union said members collected dead fish between Harrowmere and Saltry."]
    with_number = [
        "The union said members collected 2,000 dead fish between Harrowmere and Saltry."
    ]
    judge = scorer(page[0], with_number[0])
    claim = "The union said its members collected 2,000 dead fish between Harrowmere and Saltry."
    assert (
        judge.score(claim, "said", with_number).score > 1.5 * judge.score(claim, "said", page).score
    )


def test_the_passage_is_the_tightest_supporting_window() -> None:
    paragraphs = [
        "The river rises in the hills. It turns the mill wheels of the town.",
        "On March 3 the ministry confirmed that water intake at three pumping stations "
        "was suspended.",
        "Fishing is popular along the banks. Anglers come from far away.",
    ]
    judge = scorer(*paragraphs)
    support = judge.score(
        "Water intake at three pumping stations was suspended, the ministry confirmed.",
        "confirmed",
        paragraphs,
    )
    assert support.passage == paragraphs[1]
    assert support.paragraphs == (1,)


def test_empty_inputs_score_zero() -> None:
    judge = scorer("text")
    assert judge.score("", "", ["Some text."]).score == 0.0
    assert judge.score("A claim with words.", "", []).score == 0.0
