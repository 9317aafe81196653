"""Generated pages for measuring the soft-404 detector (``provenance/crawl/soft404.py``).

``error_pages`` writes "not found" pages the way sites do, in many variants: a title
in one of several languages or only the site's name, a heading such as "Oops!", the
notice sentence in that language (worded differently from the detector's phrase lists
where a language allows), and site furniture around them: menus, a search box, a list
of popular stories with their teasers. ``trap_articles`` writes real-looking articles
that carry the trap words: "404" in a headline, "Not found" as a title's first words,
short news briefs saying something "could not be found" or "does not exist".

Seeded: the same seed gives the same pages.
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterator
from dataclasses import dataclass

# (language, titles, heading, notices): each notice a sentence a site puts on its page.
LANGUAGES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "en",
        ("Page not found", "404 Not Found", "Error 404", "404", "Nothing found", "Not Found"),
        ("Oops!", "Sorry!", "Hmm.", "Whoops", "Lost?"),
        (
            "The page you are looking for does not exist or has been moved.",
            "We're sorry, but the page you requested could not be found.",
            "This article is no longer available on our website.",
            "The link you followed may be broken, or the page may have been removed.",
            "It looks like nothing was found at this location.",
            "The content you requested cannot be found.",
        ),
    ),
    (
        "fr",
        ("Page introuvable", "Erreur 404", "Page non trouvée"),
        ("Oups !", "Désolé"),
        (
            "La page que vous recherchez n'existe pas ou a été déplacée.",
            "Cette page est introuvable.",
        ),
    ),
    (
        "es",
        ("Página no encontrada", "Error 404"),
        ("¡Vaya!", "Lo sentimos"),
        ("La página que busca no existe o ha sido eliminada.",),
    ),
    (
        "pt",
        ("Página não encontrada", "Erro 404"),
        ("Ops!",),
        ("A página que você procura não existe.",),
    ),
    (
        "de",
        ("Seite nicht gefunden", "Fehler 404"),
        ("Hoppla!",),
        ("Die gewünschte Seite existiert nicht oder wurde verschoben.",),
    ),
    (
        "it",
        ("Pagina non trovata", "Errore 404"),
        ("Ops!",),
        ("La pagina che stai cercando non esiste.",),
    ),
    (
        "ru",
        ("Страница не найдена", "Ошибка 404"),
        ("Упс!",),
        ("Запрашиваемая страница не существует или была удалена.",),
    ),
    (
        "ar",
        ("الصفحة غير موجودة", "خطأ 404"),
        ("عذراً",),
        ("الصفحة التي تبحث عنها غير موجودة.",),
    ),
    (
        "tr",
        ("Sayfa bulunamadı",),
        ("Hata",),
        ("Aradığınız sayfa bulunamadı.",),
    ),
    (
        "zh",
        ("页面不存在", "404 页面未找到"),
        ("抱歉",),
        ("您访问的页面不存在或已被删除。",),
    ),
    (
        "ja",
        ("ページが見つかりません",),
        ("申し訳ありません",),
        ("お探しのページは見つかりませんでした。",),
    ),
)
SITES = ("Daily Courier", "The Northern Post", "Radio Avenir", "Kestrel News", "El Diario Sur")
HEADLINES = (
    "Council approves budget after long debate",
    "Storm leaves thousands without power",
    "Local team wins regional final",
    "Minister visits flood-hit villages",
    "New bridge opens to traffic",
    "Prices of bread rise for third month",
)
TEASER = (
    "Officials said on Tuesday that the plan would be reviewed again next month after "
    "residents raised concerns at a public meeting."
)


@dataclass(frozen=True)
class Sample:
    html: bytes
    url: str
    label: str
    """What the variant is (language and template), for the benchmark's table."""


def _furniture(rng: random.Random, teasers: int) -> tuple[str, str]:
    menu = "".join(
        f"<li><a href='/{name.lower()}'>{name}</a></li>"
        for name in rng.sample(
            ["News", "World", "Sport", "Business", "Culture", "Opinion", "Video"], 5
        )
    )
    stories = "".join(
        f"<li><a href='/story/{index}'>{html.escape(rng.choice(HEADLINES))}</a>"
        + (f"<p>{TEASER}</p>" if index < teasers else "")
        + "</li>"
        for index in range(6)
    )
    header = f"<header><nav><ul>{menu}</ul></nav><form><input name='q'></form></header>"
    aside = f"<aside><h2>Popular stories</h2><ul>{stories}</ul></aside>"
    return header, aside


def error_pages(count: int, seed: int = 14) -> Iterator[Sample]:
    """``count`` generated not-found pages (answered 200)."""
    rng = random.Random(seed)
    for index in range(count):
        language, titles, headings, notices = LANGUAGES[index % len(LANGUAGES)]
        site = rng.choice(SITES)
        template = rng.choice(("titled", "site-title", "titled-teasers", "bare"))
        notice = rng.choice(notices)
        title = rng.choice(titles)
        heading = rng.choice(headings) if template == "site-title" else title
        page_title = site if template == "site-title" else f"{title} | {site}"
        header, aside = _furniture(rng, 6 if template == "titled-teasers" else rng.randrange(3))
        body = f"<main><h1>{html.escape(heading)}</h1><p>{html.escape(notice)}</p>"
        if template != "bare":
            body += "<p>Try the search box above, or go back to the <a href='/'>home page</a>.</p>"
        body += "</main>"
        page = (
            f"<!doctype html><html lang='{language}'><head><meta charset='utf-8'>"
            f"<title>{html.escape(page_title)}</title></head><body>{header}{body}{aside}"
            "<footer><p>© Example Media Group. All rights reserved.</p></footer></body></html>"
        )
        yield Sample(
            page.encode(),
            f"https://news{index}.example/2016/12/story-{index}",
            f"{language}/{template}",
        )


TRAP_TITLES = (
    "404 migrants rescued off the coast in a single night",
    "Not found: the missing children of the northern valley",
    "Error 404: why the ministry's website went dark for a week",
    "Page not found? How archivists save the disappearing web",
    "Seite nicht gefunden: Behörden löschen alte Berichte",
)
BRIEFS = (
    "Police said the suspect could not be found at the address given in the warrant, "
    "and the search would continue on Monday.",
    "The ministry said such a list does not exist and called the report false.",
    "The document that officials cited in the hearing could not be found in the archive, "
    "the committee's chair told reporters.",
    "Residents said the old page of the council's website no longer exists, and the new "
    "one does not list the meeting.",
)
ARTICLE_PARAGRAPH = (
    "The announcement came after weeks of talks between the regional government and the "
    "unions, which had warned that the changes would affect thousands of workers across "
    "the province and called for an independent review of the figures before any vote."
)


def trap_articles(count: int, seed: int = 41) -> Iterator[Sample]:
    """``count`` live articles that carry the detector's trap words."""
    rng = random.Random(seed)
    for index in range(count):
        kind = index % 3
        if kind == 0:  # a long article with a trap headline
            title = rng.choice(TRAP_TITLES)
            paragraphs = [ARTICLE_PARAGRAPH] * rng.randrange(4, 9)
        elif kind == 1:  # a short brief with a "gone" sentence
            title = rng.choice(HEADLINES)
            paragraphs = [rng.choice(BRIEFS)]
        else:  # a long article that quotes an error notice
            title = rng.choice(HEADLINES)
            paragraphs = [
                ARTICLE_PARAGRAPH,
                "Visitors saw only: 'The page you are looking for does not exist.'",
                ARTICLE_PARAGRAPH,
                ARTICLE_PARAGRAPH,
            ]
        header, aside = _furniture(rng, rng.randrange(3))
        body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
        page = (
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>"
            f"{html.escape(title)} | {rng.choice(SITES)}</title></head><body>{header}<article>"
            f"<h1>{html.escape(title)}</h1>{body}</article>{aside}</body></html>"
        )
        yield Sample(
            page.encode(), f"https://news{index}.example/2016/12/brief-{index}", f"trap/{kind}"
        )
