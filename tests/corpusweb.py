"""A generated WARC collection with known truth, for corpus-mode tests and the benchmark.

Many outlets publish stories; some stories are republished by other outlets (edited on a
few words, days later), some of those copies say so in a credit line, some are copied
again (copies of copies); pages cite other pages of the collection with attribution
sentences ("X reported that ..."), and some cite pages outside it. The collection also
holds what real ones hold: robots.txt and image responses, a few 404s, repeated
captures of one page. ``Collection.truth_republications`` holds every planted
(original, copy) edge, ``truth_citations`` every (cited, citing) edge inside the corpus.
"""

from __future__ import annotations

import html
import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from provenance.crawl.archive import WarcRecorder

HTML_HEADERS = [("Content-Type", "text/html; charset=utf-8")]
CUES = ("reported", "said", "confirmed", "announced", "revealed")
START = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass
class Story:
    url: str
    outlet: int
    published: datetime
    paragraphs: list[str]
    title: str
    credit: str = ""
    """URL of the page credited as the original, when the copy says so."""
    citations: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(cited URL, words before the link, the link's text (a cue), words after) of each
    attribution link."""


@dataclass
class Collection:
    warcs: list[Path]
    pages: int
    truth_republications: set[tuple[str, str]]
    truth_citations: set[tuple[str, str]]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    letters = "abcdefghijklmnoprstuvwy"
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 9))))
    return sorted(words)


class _Writer:
    def __init__(self, rng: random.Random, words: list[str]) -> None:
        self.rng = rng
        self.words = words
        # A Zipf-like law: a few words are common, most are rare (as in news text).
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(words))))

    def sentence(self, length: int | None = None) -> str:
        count = length or self.rng.randint(9, 22)
        chosen = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        return " ".join(chosen).capitalize() + "."

    def paragraphs(self) -> list[str]:
        return [
            " ".join(self.sentence() for _ in range(self.rng.randint(3, 5)))
            for _ in range(self.rng.randint(5, 7))
        ]

    def edit(self, paragraphs: list[str], share: float) -> list[str]:
        """The same text with ``share`` of its words replaced (a copy-editor's pass)."""
        edited = []
        for paragraph in paragraphs:
            words = paragraph.split()
            for index in range(len(words)):
                if self.rng.random() < share:
                    words[index] = self.rng.choice(self.words)
            edited.append(" ".join(words))
        return edited


def _outlet(number: int) -> str:
    return f"news{number:05d}.com"


def _name(number: int) -> str:
    return f"Daily Wire {number:05d}"


def render(story: Story) -> bytes:
    """A news page: metadata in the head, the story in <article>, a credit line."""
    paragraphs = [f"<p>{html.escape(text)}</p>" for text in story.paragraphs]
    for cited, head, cue, tail in story.citations:
        paragraphs.insert(
            1,
            f'<p>{html.escape(head)}<a href="{html.escape(cited)}">{cue}</a>'
            f"{html.escape(tail)}</p>",
        )
    if story.credit:
        paragraphs.append(
            f'<p>This article was originally published by <a href="{html.escape(story.credit)}">'
            f"the original outlet</a>.</p>"
        )
    published = story.published.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(story.title)}</title>
<meta property="og:site_name" content="{_name(story.outlet)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
</head><body><nav><a href="https://{_outlet(story.outlet)}/">Home</a></nav>
<article><h1>{html.escape(story.title)}</h1><time datetime="{published}">{published[:10]}</time>
{"".join(paragraphs)}</article><footer>(c) {_name(story.outlet)}</footer></body></html>"""
    return page.encode()


def generate(
    folder: Path,
    pages: int,
    *,
    seed: int = 7,
    outlets: int | None = None,
    pages_per_warc: int = 5000,
    vocabulary: int = 20000,
) -> Collection:
    """Write a collection of about ``pages`` HTML pages into ``folder`` as WARC files."""
    rng = random.Random(seed)
    writer = _Writer(rng, _vocabulary(rng, vocabulary))
    outlet_count = outlets or max(4, pages // 20)
    stories: list[Story] = []
    republications: set[tuple[str, str]] = set()
    while len(stories) < pages:
        number = len(stories)
        outlet = rng.randrange(outlet_count)
        published = START + timedelta(days=rng.randrange(300), minutes=rng.randrange(1440))
        original = Story(
            f"https://{_outlet(outlet)}/story/{number}",
            outlet,
            published,
            writer.paragraphs(),
            writer.sentence(8).rstrip("."),
        )
        stories.append(original)
        # Three in ten stories travel: one to four copies, some copied again.
        if rng.random() < 0.3:
            family = [original]
            for _ in range(rng.randint(1, 4)):
                source = rng.choice(family)
                outlet_of_copy = rng.randrange(outlet_count)
                if any(member.outlet == outlet_of_copy for member in family):
                    continue
                copy = Story(
                    f"https://{_outlet(outlet_of_copy)}/republished/{len(stories)}",
                    outlet_of_copy,
                    source.published + timedelta(days=rng.randint(1, 5)),
                    writer.edit(source.paragraphs, rng.uniform(0.0, 0.08)),
                    source.title,
                    credit=source.url if rng.random() < 0.5 else "",
                )
                family.append(copy)
                stories.append(copy)
                republications.add((source.url, copy.url))
    citations: set[tuple[str, str]] = set()
    for index, story in enumerate(stories):
        for _ in range(rng.choice((0, 1, 1, 2))):
            if rng.random() < 0.8 and index > 0:
                cited = stories[rng.randrange(index)]
                if cited.outlet == story.outlet or cited.url == story.credit:
                    continue
                target = cited.url
                citations.add((target, story.url))
                # Most claims repeat what the cited page says; the rest it does not say.
                if rng.random() < 0.7:
                    said = rng.choice(cited.paragraphs).split(". ")[0].rstrip(".")
                    story.citations.append(
                        (target, "Officials ", rng.choice(CUES), f" that {said.lower()}.")
                    )
                    continue
            else:
                target = f"https://outside{rng.randrange(1000)}.org/page/{rng.randrange(10**6)}"
            tail = f" that {writer.sentence()[:-1].lower()}."
            story.citations.append((target, "Officials ", rng.choice(CUES), tail))
    return Collection(
        _write(folder, stories, rng, pages_per_warc), len(stories), republications, citations
    )


def _write(folder: Path, stories: list[Story], rng: random.Random, per_file: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    order = list(range(len(stories)))
    rng.shuffle(order)  # a crawl meets copies before originals as often as after
    for start in range(0, len(order), per_file):
        path = folder / f"collection-{start // per_file:04d}.warc.gz"
        recorder = WarcRecorder(path)
        try:
            records: list[bytes] = []
            for position in order[start : start + per_file]:
                story = stories[position]
                date = (story.published + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
                body = render(story)
                records.append(
                    recorder.serialize(story.url, [], 200, "OK", HTML_HEADERS, body, date=date)
                )
                roll = rng.random()
                host = story.url.split("/")[2]
                if roll < 0.02:
                    records.append(
                        recorder.serialize(
                            f"https://{host}/robots.txt",
                            [],
                            200,
                            "OK",
                            [("Content-Type", "text/plain")],
                            b"User-agent: *\n",
                            date=date,
                        )
                    )
                elif roll < 0.04:
                    records.append(
                        recorder.serialize(
                            f"https://{host}/logo.png",
                            [],
                            200,
                            "OK",
                            [("Content-Type", "image/png")],
                            b"\x89PNG\r\n\x1a\n" + bytes(64),
                            date=date,
                        )
                    )
                elif roll < 0.05:
                    # The same page captured again a day later, byte for byte.
                    later = (story.published + timedelta(days=11)).strftime("%Y-%m-%dT%H:%M:%SZ")
                    records.append(
                        recorder.serialize(story.url, [], 200, "OK", HTML_HEADERS, body, date=later)
                    )
                elif roll < 0.06:
                    records.append(
                        recorder.serialize(
                            f"https://{host}/gone/{position}",
                            [],
                            404,
                            "Not Found",
                            HTML_HEADERS,
                            b"<html><body>Not found</body></html>",
                            date=date,
                        )
                    )
            recorder.append(records)
        finally:
            recorder.close()
        paths.append(path)
    return paths
