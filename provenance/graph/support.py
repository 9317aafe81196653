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
claim's numbers is there, and cut below the threshold when the passage says the matter
is unknown or denied ("too early to say", "denied that") and the claim does not. The
best passage and its score are kept, so the view can show what the cited page says.

Word overlap measures nothing across languages: a Russian original of an English claim
shares its numbers and little else. When the claim and the cited page are in different
languages (declared ``lang`` of the two pages, or their writing systems), support is
``not-measurable`` (``Support.method``), never a score: the words the two share are
names and numbers, which a page on another event in the same place shares too.
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
    HEDGE_PENALTY,
    MIN_SCRIPT_LETTERS,
    MISSING_EVENT_PENALTY,
    MISSING_NUMBER_PENALTY,
    NUMBER_WEIGHT,
    PAIR_DISTANCE,
    PAIR_WEIGHT,
    PASSAGE_SENTENCES,
    SCRIPT_SHARE,
    WIDER_PASSAGE_GAIN,
)

# How support was measured (the ``support_method`` of citation edges and claims).
METHOD_LEXICAL = "lexical"
METHOD_NOT_MEASURABLE = "not-measurable"

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
# Words by which a passage says the claim is not (yet) established: a page on the same
# story that names the claim's place, number and verb but says "it was too early to say
# what set off the fire" denies what the claim asserts. Only when the claim itself does
# not hedge or deny (a claim that "the ministry denied X" is supported by the denial).
HEDGE_PATTERN = re.compile(
    r"\b(?:too early to (?:say|tell|know)|not (?:yet )?(?:known|clear|determined|established)"
    r"|unclear|no evidence|ruled out|denied|denies|could not (?:confirm|verify|say)"
    r"|(?:has|have) not been (?:confirmed|determined|established))\b",
    re.IGNORECASE,
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


# Digits of the scripts news is published in, read as ASCII digits: "١٢" is "12" on an
# Arabic page (numbers are what survives translation).
NATIVE_DIGITS = {
    first + value: str(value) for first in (0x0660, 0x06F0, 0x0966) for value in range(10)
}


# A number as pages write it: digits with thousands grouped by a comma, a dot, a space or
# a no-break space ("2,700", "2.700", "2 700"), read without the separators.
_NUMBER = re.compile(r"\d+(?:[.,\u00a0 \u202f]\d{3})*(?!\d)")
_SEPARATORS = str.maketrans("", "", ".,\u00a0 \u202f")


def numbers_of(text: str) -> set[str]:
    """The numbers of ``text`` in any script, separators dropped, days of dates left out.

    Found by digits alone: in Chinese or Japanese a number is written into the run of
    characters around it ("有7123名居民"), which word tokens do not split."""
    text = _DATE.sub(
        lambda match: _DAY_NUMBER.sub(" ", match.group(0)), text.translate(NATIVE_DIGITS)
    )
    return {match.group(0).translate(_SEPARATORS) for match in _NUMBER.finditer(text)}


def content_tokens(text: str) -> list[str]:
    """Lower-cased content words and numbers of ``text``, stemmed."""
    tokens: list[str] = []
    text = text.translate(NATIVE_DIGITS)
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
    method: str = METHOD_LEXICAL
    """``lexical``, or ``not-measurable`` (claim and page in different languages): then
    ``score`` is 0 and says nothing."""

    @property
    def measured(self) -> bool:
        return self.method != METHOD_NOT_MEASURABLE


# Unicode blocks of the writing systems news is published in: (first, last, script).
# A letter outside them (Latin, and every other block) counts as Latin when it is an
# ASCII or Latin-1/Extended letter, else is not counted.
SCRIPT_BLOCKS = (
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"),
    (0x0530, 0x058F, "armenian"),
    (0x3040, 0x30FF, "kana"),
    (0x4E00, 0x9FFF, "han"),
    (0x3400, 0x4DBF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
)
LATIN_LAST = 0x024F


def script_of(text: str) -> str:
    """The writing system most of ``text``'s letters are in, or "" when unclear."""
    counts: dict[str, int] = {}
    letters = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        point = ord(char)
        script = "latin" if point <= LATIN_LAST else ""
        if not script:
            for first, last, name in SCRIPT_BLOCKS:
                if first <= point <= last:
                    script = name
                    break
        if script:
            counts[script] = counts.get(script, 0) + 1
    if letters < MIN_SCRIPT_LETTERS or not counts:
        return ""
    script, count = max(counts.items(), key=lambda item: item[1])
    return script if count >= SCRIPT_SHARE * letters else ""


def languages_differ(claim: str, claim_language: str, text: str, text_language: str) -> bool:
    """Are a claim (from a page declaring ``claim_language``) and a text in different
    languages? Declared languages decide when both pages declare one; writing systems
    decide otherwise, and overrule a declaration that the text belies."""
    if claim_language and text_language and claim_language != text_language:
        return True
    claim_script, text_script = script_of(claim), script_of(text)
    return bool(claim_script and text_script and claim_script != text_script)


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
        claim_hedges = bool(HEDGE_PATTERN.search(claim))
        hedged = [
            not claim_hedges and bool(HEDGE_PATTERN.search(sentence)) for _, sentence in sentences
        ]
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
                if any(hedged[start : start + size]):
                    value *= HEDGE_PENALTY
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
