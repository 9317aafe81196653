"""Trap detection from URLs alone, on generated URL families: calendars, pagination and
session ids in many spellings are capped; article families are never flagged."""

from __future__ import annotations

import random
import string

import pytest
from hostile import trap_shapes

from provenance.crawl.traps import TrapDetector, family_of

CAP = 12
MEMBERS = 200
SEEDS = range(40)
WORDS = (
    "minister resigns over floods coast storm election result court ruling police "
    "protest city council budget vote health vaccine school strike market prices rise "
    "fall energy border talks peace deal army attack report claims officials say"
).split()


def crawl_family(urls: list[str], detector: TrapDetector, referrer_of: str) -> int:
    """How many of ``urls`` the detector admits when each is reached from ``referrer_of``."""
    return sum(detector.admit(url, referrer_of) for url in urls)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_generated_trap_family_is_capped(seed: int) -> None:
    base = f"http://site-{seed}.example"
    for shape in trap_shapes(seed):
        detector = TrapDetector(CAP)
        urls = [base + shape.url(n) for n in range(MEMBERS)]
        admitted = crawl_family(urls, detector, base + "/")
        # A handful of session tokens may look like words (all letters): never more
        # than a few percent of the family gets through.
        assert CAP <= admitted <= CAP + MEMBERS // 50, (shape.name, urls[:3])


def slug(rng: random.Random) -> str:
    return "-".join(rng.sample(WORDS, rng.randint(3, 7)))


def article_families(seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    base = f"https://outlet-{seed}.example"
    section = rng.choice(["news", "world", "politics", "en/news", "story"])
    families: dict[str, list[str]] = {
        "dated slugs": [],
        "slugs with ids": [],
        "searches": [],
        "plain slugs": [],
    }
    for n in range(MEMBERS):
        year, month, day = 2010 + n % 14, 1 + n % 12, 1 + n % 28
        families["dated slugs"].append(f"{base}/{year}/{month:02d}/{day:02d}/{slug(rng)}/")
        families["slugs with ids"].append(
            f"{base}/{section}/{slug(rng)}-{rng.randrange(10**5, 10**8)}.html"
        )
        families["searches"].append(f"{base}/search?q={'+'.join(rng.sample(WORDS, 3))}")
        families["plain slugs"].append(f"{base}/{section}/{slug(rng)}")
    return families


@pytest.mark.parametrize("seed", SEEDS)
def test_distinct_articles_are_never_a_trap(seed: int) -> None:
    for name, urls in article_families(seed).items():
        detector = TrapDetector(CAP)
        unique = sorted(set(urls))
        referrer = urls[0].split("/", 3)[0] + "//" + urls[0].split("/")[2] + "/"
        assert crawl_family(unique, detector, referrer) == len(unique), name


@pytest.mark.parametrize("seed", range(10))
def test_numbered_pages_other_sites_cite_are_not_a_trap(seed: int) -> None:
    rng = random.Random(seed)
    base = f"http://agency-{seed}.example"
    urls = [f"{base}/news.php?id={number}" for number in rng.sample(range(10**6), MEMBERS)]
    detector = TrapDetector(CAP)
    # Cited by many other outlets: none counts towards the family.
    citing = [f"http://{''.join(rng.choices(string.ascii_lowercase, k=8))}.example/a" for _ in urls]
    assert sum(detector.admit(url, ref) for url, ref in zip(urls, citing, strict=True)) == MEMBERS
    # The same numbered pages reached from the site's own listing are a family.
    own = TrapDetector(CAP)
    assert crawl_family(urls, own, base + "/") == CAP


def test_a_url_counts_once_and_the_cap_is_per_family() -> None:
    detector = TrapDetector(3)
    base = "http://cal.example"
    days = [f"{base}/events/2020/01/{day:02d}/" for day in range(1, 10)]
    pages = [f"{base}/list?page={n}" for n in range(10)]
    assert [detector.admit(url, base + "/") for url in days[:5]] == [True] * 3 + [False] * 2
    assert detector.admit(days[0], base + "/")  # already a member
    assert [detector.admit(url, base + "/") for url in pages[:4]] == [True, True, True, False]
    assert len(detector.trapped_families()) == 2


def test_a_resumed_crawl_counts_what_it_holds() -> None:
    detector = TrapDetector(2)
    base = "http://cal.example"
    detector.prime(f"{base}/page/1/")
    detector.prime(f"{base}/page/2/")
    assert not detector.admit(f"{base}/page/3/", base + "/")


@pytest.mark.parametrize(
    ("url", "varies"),
    [
        ("http://a.example/events/2018/03/17/?from=20180301", True),
        ("http://a.example/shop;jsessionid=0AB12CD34EF56GH78/item", True),
        ("http://a.example/s/3kq9x0z1m2n8b7v6/", True),
        ("http://a.example/item?sid=0f8e7d6c5b4a39281706", True),
        ("http://a.example/about/minister-resigns-over-floods", False),
        ("http://a.example/", False),
        ("http://a.example/search?q=floods", False),
        ("not a url at all", False),
    ],
)
def test_family_of_masks_numbers_dates_and_tokens(url: str, varies: bool) -> None:
    assert (family_of(url) is not None) is varies
