"""Does a cited page say what the citing sentence claims? A lexical support score.

The claim is reduced to its content words, in order: no stop words, no reporting verbs
("said", "according to"), no names of the outlets in the crawl ("the Harbour Ledger
said": who said it is not what was said) and no day numbers of dates (a source writes
"on Saturday" where the citing page writes "on December 10"). Each passage of the cited
page (a window of consecutive sentences) is scored on two things:

* **coverage**: the share of the claim's weight the passage contains, where rare words
  weigh more (IDF over the crawled documents), numbers weigh double, and word forms
  match by stem and a small table of equivalent news words;
* **pairs**: the share of the claim's neighbouring content words that also stand near
  each other in the passage. A page on the same story shares the claim's names and
  places, but seldom says the same thing about them; the pairs are what it does not
  share ("halted production", "corroded tanks").

The score is ``(1 - PAIR_WEIGHT) * coverage + PAIR_WEIGHT * pairs``, halved when the
event the link sources (its anchor: "killed", "waived") is absent and when none of the
claim's numbers is there. The best passage and its score are kept, so the view can show
what the cited page says.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from provenance.extract.heuristics import CUE_PHRASES, CUE_VERBS, EQUIVALENT_WORDS
from provenance.extract.text import sentence_spans
from provenance.graph.thresholds import (
    MISSING_EVENT_PENALTY,
    MISSING_NUMBER_PENALTY,
    NUMBER_WEIGHT,
    PAIR_DISTANCE,
    PAIR_WEIGHT,
    PASSAGE_SENTENCES,
    WIDER_PASSAGE_GAIN,
)

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|\w+", re.UNICODE)
# Reporting verbs say who said it, not what was said: they are not part of the claim.
REPORTING_LEMMAS = frozenset(
    {
        "report",
        "say",
        "tell",
        "claim",
        "state",
        "confirm",
        "announce",
        "cite",
        "reveal",
        "write",
        "quote",
        "note",
        "add",
        "explain",
        "insist",
        "allege",
        "admit",
        "acknowledge",
        "publish",
        "disclose",
        "describe",
        "show",
        "find",
        "document",
    }
)
REPORTING_FORMS = frozenset(
    form for lemma, forms in CUE_VERBS.items() if lemma in REPORTING_LEMMAS for form in forms
) | frozenset(word for phrase in CUE_PHRASES for word in phrase.split())
EVENT_FORMS = frozenset(
    form for lemma, forms in CUE_VERBS.items() if lemma not in REPORTING_LEMMAS for form in forms
)
STOP_WORDS = frozenset(
    """a an the and or but if then than that this these those there their they them he she
    it its his her we our you your i me my of in on at to for from by with about into over
    after before during since until while as is are was were be been being has have had do
    does did not no nor so such too very can could would should will shall may might must
    also just only some any all each other another more most many much few own same which
    who whom whose what when where why how up down out off again further once here both
    either neither yet however besides obviously thing clear one two media world various
    yesterday today according day days week weeks month months year's morning afternoon
    evening night tonight earlier later next last ago time""".split()
)
# Month names: a number beside one is the day of a date, not a checkable quantity.
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_DATE = re.compile(
    r"\b(?:(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{months}))\b".format(
        months="|".join(MONTHS)
    ),
    re.IGNORECASE,
)
_DAY_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")
# Stems: a common inflectional suffix off, then the first letters. Six letters join
# evacuated/evacuation and offensive/offensives without joining unrelated words.
STEM_LETTERS = 6
SUFFIXES = ("ings", "ing", "ions", "ion", "ies", "ied", "es", "ed", "s", "ly")
# Suffixes are only taken off words at least this long ("bus", "gas" keep their "s").
MIN_STEMMED_LENGTH = 5


def stem(word: str) -> str:
    if word[:1].isdigit():
        return word
    if len(word) >= MIN_STEMMED_LENGTH:
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        if word.endswith("e") and len(word) > 3:
            word = word[:-1]
    return word[:STEM_LETTERS]


def content_tokens(text: str) -> list[str]:
    """Lower-cased content words and numbers of ``text``, stemmed."""
    tokens: list[str] = []
    text = _DATE.sub(lambda match: _DAY_NUMBER.sub(" ", match.group(0)), text)
    lowered = text.lower().replace("per cent", "percent")
    for raw in _TOKEN.findall(lowered):
        if raw.endswith("%"):
            tokens.append(raw[:-1].replace(",", ""))
            continue
        raw = EQUIVALENT_WORDS.get(raw, raw)
        if raw in STOP_WORDS or raw in REPORTING_FORMS or (len(raw) < 3 and not raw[0].isdigit()):
            continue
        tokens.append(stem(raw.replace(",", "")))
    return tokens


@dataclass(frozen=True)
class Support:
    score: float
    passage: str
    paragraphs: tuple[int, ...]
    """Indices of the paragraphs the passage spans."""


class SupportScorer:
    """Scores claims against documents, with IDF from a corpus of documents.

    ``names`` are outlet names met in the crawl (``og:site_name``, registrable domains):
    their words are taken out of claims before scoring.
    """

    def __init__(self, corpus: Iterable[str], names: Iterable[str] = ()) -> None:
        frequency: dict[str, int] = {}
        documents = 0
        for text in corpus:
            documents += 1
            for token in set(content_tokens(text)):
                frequency[token] = frequency.get(token, 0) + 1
        self._documents = documents
        self._frequency = frequency
        self._names = frozenset(token for name in names for token in content_tokens(name))

    @classmethod
    def from_frequencies(
        cls, documents: int, frequency: dict[str, int], names: Iterable[str] = ()
    ) -> SupportScorer:
        """A scorer whose document frequencies were counted elsewhere: corpus mode
        counts ``set(content_tokens(text))`` of each document on its workers."""
        scorer = cls((), names)
        scorer._documents = documents
        scorer._frequency = dict(frequency)
        return scorer

    def weight(self, token: str) -> float:
        idf = math.log((1 + self._documents) / (1 + self._frequency.get(token, 0))) + 1.0
        return idf * (NUMBER_WEIGHT if token[:1].isdigit() else 1.0)

    def claim_tokens(self, claim: str) -> list[str]:
        """The content tokens of ``claim`` that are scored, in order."""
        return [token for token in content_tokens(claim) if token not in self._names]

    def score(self, claim: str, anchor: str, paragraphs: list[str]) -> Support:
        """The best-supporting passage of ``paragraphs`` for ``claim`` and its score (0..1).

        Passages are windows of ``PASSAGE_SENTENCES`` consecutive sentences; a window may
        cross a paragraph boundary (a claim restated across the end of one paragraph and
        the start of the next is one passage).
        """
        ordered = self.claim_tokens(claim)
        wanted = set(ordered)
        sentences = [
            (index, paragraph[start:end].strip())
            for index, paragraph in enumerate(paragraphs)
            for start, end in sentence_spans(paragraph)
            if paragraph[start:end].strip()
        ]
        if not wanted or not sentences:
            return Support(0.0, "", ())
        tokens = [content_tokens(sentence) for _, sentence in sentences]
        total = sum(self.weight(token) for token in wanted)
        pairs = {(first, second) for first, second in pairwise(ordered) if first != second}
        numbers = {token for token in wanted if token[:1].isdigit()}
        event = event_tokens(anchor)
        best = Support(0.0, "", ())
        # Windows of one sentence first: a longer window replaces a shorter one only
        # when it adds real support, so the passage shown is as tight as the evidence.
        for size in range(1, PASSAGE_SENTENCES + 1):
            margin = 0.0 if size == 1 else WIDER_PASSAGE_GAIN
            for start in range(max(1, len(sentences) - size + 1)):
                window = [token for part in tokens[start : start + size] for token in part]
                present = set(window)
                coverage = sum(self.weight(token) for token in wanted & present) / total
                together = _pair_share(pairs, window) if pairs else coverage
                value = (1.0 - PAIR_WEIGHT) * coverage + PAIR_WEIGHT * together
                if event and not event <= present:
                    value *= MISSING_EVENT_PENALTY
                if numbers and not numbers & present:
                    value *= MISSING_NUMBER_PENALTY
                if value > best.score + margin:
                    chosen = sentences[start : start + size]
                    best = Support(
                        round(value, 4),
                        " ".join(sentence for _, sentence in chosen),
                        tuple(sorted({index for index, _ in chosen})),
                    )
        return best


def _near(first: list[int], second: list[int]) -> bool:
    return any(abs(one - other) <= PAIR_DISTANCE for one in first for other in second)


def _pair_share(pairs: set[tuple[str, str]], window: list[str]) -> float:
    """Share of ``pairs`` whose two tokens stand within ``PAIR_DISTANCE`` in ``window``."""
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(window):
        positions.setdefault(token, []).append(position)
    found = 0
    for first, second in pairs:
        if (
            first in positions
            and second in positions
            and _near(positions[first], positions[second])
        ):
            found += 1
    return found / len(pairs)


def event_tokens(anchor: str) -> set[str]:
    """Content tokens of the event verbs in a link's anchor ("killed", "set up")."""
    lowered = f" {anchor.lower()} "
    found: set[str] = set()
    for form in EVENT_FORMS:
        if f" {form} " in lowered:
            found.update(stem(word) for word in form.split() if word not in STOP_WORDS)
    return found
