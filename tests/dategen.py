"""A seeded generator of article and listing pages for the date tests.

Each article states its publication day in one language's byline form, at one of
several places (under the headline, above it, under the article, in ``<time>``), among
distractors that must not win: today's date in the site's header, an update line with a
later day, dated reader comments, related-story teasers with their own days, a photo
caption. Each listing page (tag, category, archive, search, home) holds teasers with a
day each and states none of its own.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import date, timedelta

from provenance.extract.months import MONTHS, forms_of

# How each language writes a day with a month name: {d} day, {M} month word, {y} year.
WORDED = {
    "en": ("{d} {M} {y}", "{M} {d}, {y}", "{M}. {d}, {y}"),
    "de": ("{d}. {M} {y}",),
    "fr": ("{d} {M} {y}", "le {d} {M} {y}"),
    "es": ("{d} de {M} de {y}", "{d} {M} {y}"),
    "pt": ("{d} de {M} de {y}",),
    "it": ("{d} {M} {y}",),
    "ca": ("{d} de {M} de {y}",),
    "nl": ("{d} {M} {y}",),
    "sv": ("{d} {M} {y}",),
    "no": ("{d}. {M} {y}",),
    "da": ("{d}. {M} {y}",),
    "is": ("{d}. {M} {y}",),
    "fi": ("{d}. {M} {y}",),
    "pl": ("{d} {M} {y}", "{d}.{M} {y}"),
    "cs": ("{d}. {M} {y}",),
    "sk": ("{d}. {M} {y}",),
    "sl": ("{d}. {M} {y}",),
    "hu": ("{y}. {M} {d}.",),
    "ro": ("{d} {M} {y}",),
    "lt": ("{y} m. {M} {d} d.",),
    "tr": ("{d} {M} {y}",),
    "ru": ("{d} {M} {y}", "{d} {M} {y} г."),
    "uk": ("{d} {M} {y}",),
    "bg": ("{d} {M} {y} г.",),
    "el": ("{d} {M} {y}",),
    "ar": ("{d} {M} {y}",),
    "he": ("{d} {M} {y}",),
    "id": ("{d} {M} {y}",),
    "sw": ("{d} {M} {y}",),
    "af": ("{d} {M} {y}",),
    "hi": ("{d} {M} {y}",),
}
# Dates written with numbers and script markers only.
NUMBERED = {
    "ja": ("{y}年{m}月{d}日",),
    "zh": ("{y}年{m}月{d}日", "{y}-{mm}-{dd}"),
    "ko": ("{y}년 {m}월 {d}일", "{y}.{mm}.{dd}"),
    "vi": ("ngày {d} tháng {m} năm {y}", "{dd}/{mm}/{y}"),
    "de": ("{dd}.{mm}.{y}",),
    "fr": ("{dd}/{mm}/{y}",),
}
LANGUAGES = tuple(sorted(set(WORDED) | set(NUMBERED)))
PLACES = ("under-headline", "above-headline", "under-article", "time-element", "time-text")
DISTRACTORS = ("site-header", "update-line", "comments", "teasers", "caption")
LISTINGS = ("tag", "category", "archive", "search", "home", "author")
TEXT = (
    "The council met on Tuesday to discuss the budget for the coming year, and several "
    "members asked for more money for schools and roads in the northern districts."
)


@dataclass(frozen=True)
class Case:
    name: str
    html: str
    url: str
    published: str
    """The expected day (ISO), "" for a page that states none."""


def _forms(language: str, month: int) -> list[str]:
    """The month's words in ``language`` that no other listed language reads otherwise."""
    return [
        form
        for form, number in forms_of(language).items()
        if number == month and MONTHS.get(form) == month and " " not in form
    ]


def written(rng: random.Random, language: str, day: date) -> str:
    """``day`` as a byline in ``language`` writes it."""
    options: list[str] = []
    if language in WORDED and _forms(language, day.month):
        options.extend(WORDED[language])
    options.extend(NUMBERED.get(language, ()))
    pattern = rng.choice(options)
    month = rng.choice(_forms(language, day.month)) if "{M}" in pattern else ""
    if month and rng.random() < 0.5:
        month = month.capitalize()
    return pattern.format(
        d=day.day,
        dd=f"{day.day:02d}",
        m=day.month,
        mm=f"{day.month:02d}",
        y=day.year,
        M=month,
    )


def _day(rng: random.Random) -> date:
    return date(2015, 1, 1) + timedelta(days=rng.randrange(0, 4000))


def _paragraphs(rng: random.Random) -> str:
    count = rng.randint(3, 7)
    return "".join(f"<p>{TEXT} Paragraph {index} adds detail.</p>" for index in range(count))


def _teasers(rng: random.Random, language: str, count: int, base: date) -> str:
    items = []
    for index in range(count):
        day = base - timedelta(days=3 * index + rng.randint(1, 2))
        summary = TEXT if rng.random() < 0.5 else "A short summary of the story."
        shown = html.escape(written(rng, language, day))
        stamp = rng.choice(
            (
                f'<time datetime="{day.isoformat()}">{shown}</time>',
                f'<span class="date">{html.escape(written(rng, language, day))}</span>',
                f'<span data-timestamp="{_epoch(day)}"></span>'
                f"<span>{html.escape(written(rng, language, day))}</span>",
            )
        )
        tag = rng.choice(("h2", "h3"))
        items.append(
            f'<article class="teaser"><{tag}><a href="/news/{index}/story-number-{index}">'
            f"Story number {index} about the council budget</a></{tag}>{stamp}"
            f"<p>{summary}</p></article>"
        )
    return "".join(items)


def _epoch(day: date) -> int:
    return int((day - date(1970, 1, 1)).total_seconds()) + 36000


def article(seed: int) -> Case:
    """An article page that states its publication day once, among distractors."""
    rng = random.Random(seed)
    language = LANGUAGES[seed % len(LANGUAGES)]
    published = _day(rng)
    place = PLACES[(seed // len(LANGUAGES)) % len(PLACES)]
    distractors = [name for name in DISTRACTORS if rng.random() < 0.6]
    byline_text = html.escape(written(rng, language, published))
    author = rng.choice(("Anna Berg", "J. Okafor", "Lena Novak"))
    if place == "time-element":
        stamp = f'<time datetime="{published.isoformat()}T08:30:00">{byline_text}</time>'
    elif place == "time-text":
        stamp = f"<time>{byline_text}</time>"
    else:
        stamp = f'<span class="byline-date">{byline_text}</span>'
    byline = f'<div class="byline"><a href="/authors/x" rel="author">{author}</a> · {stamp}</div>'
    update = ""
    if "update-line" in distractors:
        later = published + timedelta(days=rng.randint(1, 30))
        label = rng.choice(("Updated", "Aktualisiert", "Mis à jour", "Обновлено", "Actualizado"))
        update = f'<div class="updated">{label}: {html.escape(written(rng, language, later))}</div>'
    header = ""
    if "site-header" in distractors:
        today = published + timedelta(days=rng.randint(40, 900))
        header = (
            f'<div class="topbar"><span>{html.escape(written(rng, language, today))}</span>'
            '<a href="/login">Login</a></div><nav><a href="/">Home</a> <a href="/world">World'
            '</a> <a href="/sport">Sport</a></nav>'
        )
    caption = ""
    if "caption" in distractors:
        shot = published - timedelta(days=rng.randint(5, 400))
        caption = (
            f'<figure><img src="/p.jpg" alt=""><figcaption>Photo taken '
            f"{html.escape(written(rng, language, shot))}</figcaption></figure>"
        )
    headline = "<h1>Council agrees the budget after a long night of talks</h1>"
    top = f"{byline}{update}" if place != "under-article" else update
    if place == "above-headline":
        heading = f'<div class="kicker">Politics</div>{byline}{headline}{update}'
    else:
        heading = f"{headline}{top}"
    after = byline if place == "under-article" else ""
    comments = ""
    if "comments" in distractors:
        items = "".join(
            f'<li class="comment"><b>Reader {index}</b> '
            f"<span>{html.escape(written(rng, language, published + timedelta(days=index + 1)))}"
            f"</span><p>I disagree with the council on this, it is a waste of money.</p></li>"
            for index in range(rng.randint(2, 5))
        )
        comments = f'<section id="comments"><h3>Comments</h3><ol>{items}</ol></section>'
    teasers = ""
    if "teasers" in distractors:
        teasers = (
            f'<aside class="related"><h3>Related</h3>{_teasers(rng, language, 4, published)}'
            "</aside>"
        )
    page = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>Council '
        f"agrees the budget | Daily</title></head><body>{header}<main><article>{heading}"
        f'{caption}<div class="article-body">{_paragraphs(rng)}</div>{after}</article>'
        f"{comments}{teasers}</main><footer><p>© Daily</p></footer></body></html>"
    )
    return Case(
        f"article-{seed}-{language}-{place}-{'+'.join(distractors) or 'plain'}",
        page,
        f"https://daily.example.com/politics/council-budget-{seed}",
        published.isoformat(),
    )


def listing(seed: int) -> Case:
    """A listing page: many teasers with a day each, none of its own."""
    rng = random.Random(10_000 + seed)
    language = LANGUAGES[seed % len(LANGUAGES)]
    kind = LISTINGS[seed % len(LISTINGS)]
    heading, url = {
        "tag": ("Tag: budget", "https://daily.example.com/tag/budget/"),
        "category": ("Politics", "https://daily.example.com/category/politics/page/2/"),
        "archive": ("Archive: May 2024", "https://daily.example.com/2024/05/"),
        "search": ("Search results for “budget”", "https://daily.example.com/search?q=budget"),
        "home": ("Daily News", "https://daily.example.com/"),
        "author": ("Anna Berg", "https://daily.example.com/author/anna-berg/"),
    }[kind]
    teasers = _teasers(rng, language, rng.randint(4, 12), _day(rng))
    json_ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        '"CollectionPage", "name": "Listing"}</script>'
        if rng.random() < 0.3
        else ""
    )
    intro = f"<p>{TEXT}</p>" if rng.random() < 0.3 else ""
    pager = '<nav class="pagination"><a href="?page=1">1</a> <a href="?page=3">3</a></nav>'
    page = (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{heading}'
        f'</title>{json_ld}</head><body><nav><a href="/">Home</a></nav><main><h1>{heading}'
        f'</h1>{intro}<div class="list">{teasers}</div>{pager}</main></body></html>'
    )
    return Case(f"listing-{seed}-{language}-{kind}", page, url, "")
