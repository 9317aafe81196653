"""A seeded generator of whole test webs, with their truth computed by construction.

Each web has one root article whose claims cover every scenario class of issue 10 (and
the classic endings), each rendered through templates and phrasings drawn from the seed:

=================  ===============================================================
class              what varies
=================  ===============================================================
``cue``            cue verb, cue before or after the link, link on the verb or on
                   the source's name
``redirect``       http -> https (301) or bare host -> ``www.``, then as ``cue``
``translated``     an English copy declaring an original in ru/fr/de/es/ar/tr/zh via
                   JSON-LD ``isBasedOn``, a cross-outlet canonical or a credit line;
                   the original may cite its own (primary) source with a native verb
``cross-language`` the root cites a page in another language, which may cite a
                   primary source with a native verb in the paragraph of the number
``embed``          a platform verb and a tweet / Telegram / YouTube embed markup
``noun-phrase``    the link on "A X dispatch", "Footage aired by X", "a X report"
``self``           "Earlier, we wrote about [...]", "Read more: [...]" (must not be
                   followed)
``listing``        the cited page is a category listing (undated, does not support)
``dead-end``,      a 404; two pages citing each other; a page on the same place
``circular``,      that says something else
``unsupported``
=================  ===============================================================

Page shells imitate WordPress, Ghost and a hand-rolled news CMS; every root carries a
sidebar and a related-posts block whose cue-bearing titles are traps. Foreign pages are
UTF-8, or windows-1251 (ru) and windows-1256 (ar) at random. Run
``python tests/webgen.py [N]`` for the score table of N generated webs.
"""

from __future__ import annotations

import html
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENERATOR = "provenance generated test web (invented)"
NOTE = (
    '<div class="gen-note" role="note">Invented page of a generated provenance test web: '
    "every name, place and event on it is fictional.</div>"
)
DATE = "2024-09-02T08:00:00Z"

NAME_HEADS = (
    "North",
    "Harbor",
    "Vale",
    "Crest",
    "Lark",
    "Stone",
    "Amber",
    "Bright",
    "Iron",
    "Silver",
    "Cedar",
    "Marsh",
    "Fern",
    "Gull",
    "Heron",
    "Oak",
    "Rowan",
    "Slate",
    "Tern",
    "Willow",
)
NAME_TAILS = (
    "Gazette",
    "Herald",
    "Courier",
    "Post",
    "Ledger",
    "Times",
    "Observer",
    "Tribune",
    "Record",
    "Sentinel",
    "Mirror",
    "Chronicle",
    "Echo",
    "Journal",
)
PLACE_HEADS = (
    "Var",
    "Kel",
    "Dor",
    "Mir",
    "Tal",
    "Oss",
    "Bren",
    "Lun",
    "Sav",
    "Ket",
    "Pol",
    "Zan",
    "Hal",
    "Ner",
)
PLACE_TAILS = ("holt", "mar", "ven", "ara", "ine", "usk", "ford", "by", "ovo", "esk")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

# English facts: (what, happened). "{n} {what} were {happened} in {place}".
FACTS_EN = (
    ("residents", "evacuated"),
    ("homes", "flooded"),
    ("tonnes of grain", "destroyed"),
    ("workers", "laid off"),
    ("flights", "cancelled"),
    ("fishing boats", "damaged"),
    ("patients", "treated for smoke inhalation"),
    ("cars", "towed away"),
    ("shops", "closed"),
    ("trees", "felled by the storm"),
    ("students", "sent home"),
    ("cattle", "lost"),
    ("containers", "inspected"),
    ("passengers", "stranded"),
)
# The same three facts in each language the foreign pages are written in.
FACTS_FOREIGN: dict[str, tuple[str, ...]] = {
    "en": (
        "{n} residents of {place} were evacuated",
        "the port of {place} was closed for {n} days",
        "{n} tonnes of grain were destroyed in the fire at {place}",
    ),
    "ru": (
        "из города {place} эвакуировали {n} жителей",
        "порт города {place} был закрыт на {n} дней",
        "при пожаре в городе {place} сгорело {n} тонн зерна",
    ),
    "fr": (
        "{n} habitants de {place} ont été évacués",
        "le port de {place} a été fermé pendant {n} jours",
        "{n} tonnes de céréales ont été détruites dans l'incendie de {place}",
    ),
    "de": (
        "{n} Einwohner von {place} wurden evakuiert",
        "der Hafen von {place} war {n} Tage lang geschlossen",
        "{n} Tonnen Getreide wurden beim Brand in {place} zerstört",
    ),
    "es": (
        "{n} vecinos de {place} fueron evacuados",
        "el puerto de {place} estuvo cerrado durante {n} días",
        "{n} toneladas de grano se destruyeron en el incendio de {place}",
    ),
    "tr": (
        "{place} kentinde {n} kişi tahliye edildi",
        "{place} limanı {n} gün boyunca kapalı kaldı",
        "{place} yangınında {n} ton tahıl yandı",
    ),
    "zh": (
        "{place}市有{n}名居民被疏散",
        "{place}港口关闭了{n}天",
        "{place}火灾中有{n}吨粮食被烧毁",
    ),
    "ar": (
        "تم إجلاء {n} من سكان مدينة {place}",
        "أغلق ميناء مدينة {place} لمدة {n} أيام",
        "احترق {n} طن من الحبوب في حريق مدينة {place}",
    ),
}
LANGUAGE_NAMES = {
    "ru": "Russian",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "ar": "Arabic",
    "tr": "Turkish",
    "zh": "Chinese",
}
# Filler a page in each language carries around its fact (no numbers, no links).
FILLER: dict[str, tuple[str, ...]] = {
    "en": (
        "Local officials met on the quay in the afternoon to discuss what should happen next.",
        "Residents interviewed in the town centre said they had not been told much so far.",
        "The regional council is expected to publish a fuller account later in the month.",
    ),
    "ru": (
        "Местные власти провели совещание, чтобы обсудить дальнейшие действия.",
        "Жители города говорят, что им пока мало что объяснили.",
        "Подробный отчёт региональные власти обещают опубликовать позже.",
    ),
    "fr": (
        "Les autorités locales se sont réunies dans l'après-midi pour décider de la suite.",
        "Les habitants interrogés au centre-ville disent avoir reçu peu d'informations.",
        "Le conseil régional doit publier un bilan plus complet à la fin du mois.",
    ),
    "de": (
        "Die örtlichen Behörden trafen sich am Nachmittag, um über das weitere Vorgehen zu "
        "beraten.",
        "Anwohner in der Innenstadt sagten, sie seien bisher kaum informiert worden.",
        "Der Regionalrat will später im Monat einen ausführlichen Bericht vorlegen.",
    ),
    "es": (
        "Las autoridades locales se reunieron por la tarde para decidir los próximos pasos.",
        "Los vecinos del centro dijeron que apenas habían recibido información.",
        "El consejo regional publicará un informe más completo a finales de mes.",
    ),
    "tr": (
        "Yerel yetkililer öğleden sonra bir sonraki adımları görüşmek için toplandı.",
        "Şehir merkezinde konuşulan sakinler şimdiye kadar pek bilgi almadıklarını söyledi.",
        "Bölge meclisinin ay sonunda daha ayrıntılı bir rapor yayımlaması bekleniyor.",
    ),
    # Chinese paragraphs as long as a news paragraph in characters (a short one is not
    # read as prose by the body extractor, which counts characters).
    "zh": (
        "当地官员下午在码头开会，讨论下一步的安排，并听取了各部门关于救援和安置情况的汇报。",
        "市中心的居民说，他们到目前为止没有得到多少消息，许多人只能通过邻居和社交媒体了解情况。",
        "地区议会预计将在本月晚些时候公布更详细的报告，报告将说明事件的经过和后续的处理措施。",
    ),
    "ar": (
        "اجتمع المسؤولون المحليون بعد الظهر لمناقشة الخطوات التالية.",
        "قال السكان في وسط المدينة إنهم لم يتلقوا معلومات كافية حتى الآن.",
        "ومن المتوقع أن ينشر المجلس الإقليمي تقريرا أكثر تفصيلا في وقت لاحق من الشهر.",
    ),
}
# A sentence of a foreign page that cites its ministry with a native reporting verb:
# "{fact}" is the fact, "{link}" the opening tag, "</a>" closes the verb.
NATIVE_CITATIONS = {
    "ru": ("Как {link}сообщили</a> в министерстве, {fact}.", "Министерство сообщает, что {fact}."),
    "fr": ("{Fact}, {link}a déclaré</a> le ministère.", "Le ministère indique que {fact}."),
    "de": (
        "{Fact}, {link}sagte</a> ein Sprecher des Ministeriums.",
        "Das Ministerium teilt mit: {fact}.",
    ),
    "es": ("{Fact}, {link}informó</a> el ministerio.", "El ministerio informa que {fact}."),
    "ar": ("{link}قال</a> متحدث باسم الوزارة إن {fact}.", "تعلن الوزارة أنه {fact}."),
    "tr": ("{Fact}, bakanlık {link}açıkladı</a>.", "Bakanlık duyurusu: {fact}."),
    "zh": (
        "部长在周日的新闻发布会上{link}表示</a>，{fact}，有关部门正在核实具体情况。",
        "本部宣布：{fact}。",
    ),
}
LEGACY_ENCODINGS = {"ru": "windows-1251", "ar": "windows-1256"}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Outlet:
    name: str
    host: str

    def url(self, path: str) -> str:
        return f"https://{self.host}/{path}"


@dataclass
class GeneratedWeb:
    seed: int
    root: str
    entries: list[dict[str, Any]] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)
    citation_edges: list[dict[str, str]] = field(default_factory=list)
    republication_edges: list[dict[str, str]] = field(default_factory=list)
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    absent_urls: list[str] = field(default_factory=list)
    variants: set[str] = field(default_factory=set)
    """The templates and phrasings drawn ("signal:canonical", "platform:telegram", ...)."""

    @property
    def truth(self) -> dict[str, Any]:
        return {
            "description": f"Generated test web, seed {self.seed} (tests/webgen.py).",
            "roots": [self.root],
            "nodes": self.nodes,
            "republication_edges": self.republication_edges,
            "citation_edges": self.citation_edges,
            "absent_urls": self.absent_urls,
            "claims": self.claims,
        }

    def write(self, folder: Path) -> Path:
        """Write the pages and ``manifest.json`` (for ``build_warc``) under ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        entries = []
        for index, entry in enumerate(self.entries):
            entry = dict(entry)
            if entry.get("body"):
                name = f"page-{index:03d}.bin"
                (folder / name).write_bytes(self.bodies[entry["url"]])
                entry["file"] = name
            entry.pop("body", None)
            entries.append(entry)
        manifest = folder / "manifest.json"
        manifest.write_text(json.dumps(entries, indent=1, ensure_ascii=False), encoding="utf-8")
        return manifest


class Builder:
    """Draws names and phrasings from one seeded random source."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_names: set[str] = set()
        self.used_places: set[str] = set()
        self.numbers: set[int] = set()
        self.facts = list(FACTS_EN)
        self.rng.shuffle(self.facts)
        self.web = GeneratedWeb(seed, "")
        self.page_count = 0

    # --- names and facts ---------------------------------------------------------------

    def outlet(self) -> Outlet:
        while True:
            name = f"{self.rng.choice(NAME_HEADS)} {self.rng.choice(NAME_TAILS)}"
            if name not in self.used_names:
                break
        self.used_names.add(name)
        slug = name.lower().replace(" ", "")
        host = f"www.{slug}.example" if self.rng.random() < 0.5 else f"{slug}.example"
        return Outlet(name, host)

    def place(self) -> str:
        while True:
            place = self.rng.choice(PLACE_HEADS) + self.rng.choice(PLACE_TAILS)
            if place not in self.used_places:
                self.used_places.add(place)
                return place

    def number(self) -> int:
        while True:
            value = self.rng.randrange(13, 9_800)
            if value not in self.numbers:
                self.numbers.add(value)
                return value

    def fact_en(self) -> tuple[str, str]:
        """(claim form, source form) of a fresh English fact."""
        what, happened = self.facts.pop()
        place, n = self.place(), self.number()
        day = self.rng.choice(WEEKDAYS)
        claim = f"{n:,} {what} were {happened} in {place}"
        source = self.rng.choice(
            (
                f"In {place}, {n:,} {what} were {happened} on {day}, officials said.",
                f"Officials confirmed on {day} that {n:,} {what} were {happened} in {place}.",
                f"{n:,} {what} were {happened} in {place} on {day}, according to the town hall.",
            )
        )
        return claim, source

    def fact_foreign(self, language: str) -> tuple[str, str]:
        """(English claim form, the same fact in ``language``)."""
        kind = self.rng.randrange(3)
        place, n = self.place(), self.number()
        english = FACTS_FOREIGN["en"][kind].format(n=f"{n:,}", place=place)
        native = FACTS_FOREIGN[language][kind].format(n=str(n), place=place)
        return english, native

    # --- pages -------------------------------------------------------------------------

    def shell(
        self,
        outlet: Outlet,
        url: str,
        title: str,
        paragraphs: list[str],
        *,
        language: str = "en",
        head: str = "",
        after: str = "",
        sidebar: str = "",
        charset: str = "utf-8",
    ) -> str:
        direction = ' dir="rtl"' if language == "ar" else ""
        meta = (
            f'<meta charset="{charset}">'
            if charset == "utf-8"
            else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        )
        heads = (
            f'{meta}\n<meta name="generator" content="{GENERATOR}">\n'
            f"<title>{html.escape(title)} - {html.escape(outlet.name)}</title>\n"
            f'<meta property="og:site_name" content="{html.escape(outlet.name)}">\n'
            f'<meta property="og:type" content="article">\n'
            f'<meta property="og:title" content="{html.escape(title)}">\n'
            f'<meta property="article:published_time" content="2024-09-01T07:00:00+00:00">\n{head}'
        )
        body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        style = self.rng.randrange(3)
        self.web.variants.add(f"shell:{style}")
        home = f"https://{outlet.host}/"
        if style == 0:  # WordPress
            page = (
                f'<body class="post-template-default single single-post">{NOTE}'
                '<header class="site-header"><p class="site-title"><a '
                f'href="{home}">{html.escape(outlet.name)}</a></p></header>'
                f'<div id="primary" class="content-area"><main id="main" class="site-main">'
                '<article class="post type-post status-publish hentry"><header '
                'class="entry-header">'
                f'<h1 class="entry-title">{html.escape(title)}</h1></header>'
                f'<div class="entry-content">\n{body}\n{after}</div></article></main></div>'
                f'<aside id="secondary" class="widget-area">{sidebar}</aside></body>'
            )
        elif style == 1:  # Ghost
            page = (
                f'<body class="post-template">{NOTE}<header class="gh-head"><a '
                f'class="gh-head-logo" href="{home}">'
                f'{html.escape(outlet.name)}</a></header><main class="gh-main">'
                f'<article class="gh-article post"><header class="gh-article-header">'
                f'<h1 class="gh-article-title">{html.escape(title)}</h1></header>'
                f'<section class="gh-content gh-canvas">\n{body}\n{after}</section></article>'
                f'<aside class="gh-sidebar">{sidebar}</aside></main></body>'
            )
        else:  # a hand-rolled news CMS
            page = (
                f'<body>{NOTE}<div class="masthead"><a '
                f'href="{home}">{html.escape(outlet.name)}</a></div>'
                f'<div class="story"><h1 class="headline">{html.escape(title)}</h1>'
                f'<div class="story-body">\n{body}\n{after}</div></div>'
                f'<div class="rail">{sidebar}</div></body>'
            )
        return (
            f'<!DOCTYPE html>\n<html lang="{language}"{direction}>\n'
            f"<head>\n{heads}</head>\n{page}\n</html>\n"
        )

    def add_page(
        self,
        url: str,
        text: str,
        *,
        charset: str = "utf-8",
        status: int = 200,
        content_type: str = "text/html",
    ) -> None:
        self.page_count += 1
        codec = {"windows-1251": "cp1251", "windows-1256": "cp1256"}.get(charset, "utf-8")
        self.web.bodies[url] = text.encode(codec)
        self.web.entries.append(
            {
                "url": url,
                "status": status,
                "headers": {"Content-Type": f"{content_type}; charset={charset}"},
                "date": DATE,
                "body": True,
            }
        )

    def redirect(self, url: str, location: str) -> None:
        self.web.entries.append(
            {"url": url, "status": 301, "headers": {"Location": location}, "date": DATE}
        )

    def article(
        self,
        outlet: Outlet,
        url: str,
        title: str,
        core: list[str],
        language: str = "en",
        **options: Any,
    ) -> None:
        """An article: the ``core`` paragraphs among filler of its language."""
        filler = list(FILLER[language])
        self.rng.shuffle(filler)
        paragraphs = [*core[:1], filler[0], *core[1:], filler[1], filler[2]]
        charset = options.pop("charset", "utf-8")
        self.add_page(
            url,
            self.shell(
                outlet, url, title, paragraphs, language=language, charset=charset, **options
            ),
            charset=charset,
        )

    def foreign_charset(self, language: str) -> str:
        legacy = LEGACY_ENCODINGS.get(language)
        charset = legacy if legacy and self.rng.random() < 0.5 else "utf-8"
        self.web.variants.add(f"charset:{charset}")
        return charset

    # --- truth ---------------------------------------------------------------------------

    def claim(
        self,
        cls: str,
        sentence: str,
        anchor: str,
        cited: str,
        status: str,
        chain: list[str],
        method: str = "lexical",
    ) -> None:
        self.web.claims.append(
            {
                "class": cls,
                "citing_url": self.web.root,
                "claim": sentence,
                "anchor": anchor,
                "cited_url": cited,
                "status": status,
                "origin_urls": [chain[0]],
                "chain": [*chain, self.web.root],
                "support_method": method,
            }
        )

    def cites(self, source: str, target: str) -> None:
        self.web.citation_edges.append({"source": source, "target": target})


def _linked(href: str, text: str) -> str:
    return f'<a href="{html.escape(href)}">{text}</a>'


def _cue_sentence(
    rng: random.Random, drawn: set[str], outlet: Outlet, href: str, fact: str
) -> tuple[str, str, str]:
    """(paragraph html, plain sentence, anchor) of a cued citation of ``fact``."""
    verb = rng.choice(("reported", "said", "wrote", "confirmed", "revealed"))
    form = rng.randrange(4)
    drawn.update({f"cue-form:{form}", f"cue-verb:{verb}"})
    name = outlet.name
    if form == 0:  # cue after the fact, link on the verb
        return (
            f"{_cap(fact)}, the {name} {_linked(href, verb)}.",
            f"{_cap(fact)}, the {name} {verb}.",
            verb,
        )
    if form == 1:  # cue before the fact, link on the verb
        return (
            f"The {name} {_linked(href, verb)} that {fact}.",
            f"The {name} {verb} that {fact}.",
            verb,
        )
    if form == 2:  # "according to", link on the source's name
        return (
            f"According to {_linked(href, 'the ' + name)}, {fact}.",
            f"According to the {name}, {fact}.",
            f"the {name}",
        )
    return (
        f"{_cap(fact)}, {_linked(href, 'the ' + name)} {verb}.",
        f"{_cap(fact)}, the {name} {verb}.",
        f"the {name}",
    )


def generate(seed: int) -> GeneratedWeb:
    """One whole web for ``seed``: pages, manifest entries and truth."""
    b = Builder(seed)
    rng = b.rng
    home = b.outlet()
    root = home.url(f"2024/09/02/{b.place().lower()}-what-we-know/")
    b.web.root = root
    paragraphs: list[tuple[str, str]] = []  # (class, paragraph html) of the root
    after_root = ""

    def source_page(cls: str, fact: str, source_text: str, *, http: str = "") -> None:
        outlet = b.outlet()
        url = outlet.url(f"news/{b.place().lower()}-{b.page_count}")
        b.article(outlet, url, _cap(fact), [source_text])
        href = url
        if http == "scheme":
            href = url.replace("https://", "http://")
            b.redirect(href, url)
        elif http == "www":
            bare = url.replace("://www.", "://") if "://www." in url else url
            if bare == url:  # the outlet has no www. host: redirect www. to the bare name
                bare = url.replace("://", "://www.")
            href = bare
            b.redirect(href, url)
        html_text, sentence, anchor = _cue_sentence(rng, b.web.variants, outlet, href, fact)
        paragraphs.append((cls, html_text))
        b.claim(cls, sentence, anchor, url, "origin", [url])
        b.cites(url, root)
        b.web.nodes[url] = {"status": "200", "aliases": [href] if href != url else []}

    # cue, redirect
    claim, text = b.fact_en()
    source_page("cue", claim, text)
    claim, text = b.fact_en()
    redirect = rng.choice(("scheme", "www"))
    source_page("redirect", claim, text, http=redirect)
    b.web.variants.add(f"redirect:{redirect}")

    # translated original (languages taken in turn, so every one is drawn within seven seeds)
    languages = sorted(LANGUAGE_NAMES)
    language = languages[seed % len(languages)]
    english, native = b.fact_foreign(language)
    copy_outlet, original_outlet = b.outlet(), b.outlet()
    copy = copy_outlet.url(f"en/news/{b.place().lower()}-translated")
    original = original_outlet.url(f"{language}/2024/09/01/{b.place().lower()}.html")
    signal = rng.choice(("json-ld", "canonical", "credit-line"))
    b.web.variants.update({f"signal:{signal}", f"translated-from:{language}"})
    head = ""
    credit = ""
    if signal == "json-ld":
        head = (
            '<script type="application/ld+json">'
            + json.dumps(
                {
                    "@context": "https://schema.org",
                    "@type": "NewsArticle",
                    "isBasedOn": original,
                    "inLanguage": "en",
                }
            )
            + "</script>\n"
        )
    elif signal == "canonical":
        head = f'<link rel="canonical" href="{original}">\n'
    else:
        credit = rng.choice(
            (
                f"This article was translated from the {LANGUAGE_NAMES[language]} original "
                f"published by {_linked(original, original_outlet.name)}.",
                f"Translated from {LANGUAGE_NAMES[language]}. Originally published by "
                f"{_linked(original, original_outlet.name)}.",
            )
        )
    core = [f"Officials said on Sunday that {english}."]
    if credit:
        core.append(credit)
    b.article(copy_outlet, copy, _cap(english), core, head=head)
    with_primary = rng.random() < 0.6
    b.web.variants.add(f"native-cue:{with_primary}")
    charset = b.foreign_charset(language)
    chain = [original, copy]
    if with_primary:
        ministry = f"https://ministry.gov.example/{language}/statements/{b.page_count}"
        statement = NATIVE_CITATIONS[language][1].format(fact=native)
        b.add_page(
            ministry,
            b.shell(
                Outlet("Ministry", "ministry.gov.example"),
                ministry,
                native[:60],
                [statement],
                language=language,
            ),
        )
        native_core = [
            NATIVE_CITATIONS[language][0].format(
                link=f'<a href="{ministry}">', fact=native, Fact=_cap(native)
            )
        ]
        chain = [ministry, *chain]
        b.cites(ministry, original)
    else:
        native_core = [_cap(native) + ("。" if language == "zh" else ".")]
    b.article(
        original_outlet,
        original,
        _cap(native)[:80],
        native_core,
        language=language,
        charset=charset,
    )
    b.web.republication_edges.append({"source": original, "target": copy})
    html_text, sentence, anchor = _cue_sentence(rng, b.web.variants, copy_outlet, copy, english)
    paragraphs.append(("translated", html_text))
    b.claim(
        "translated",
        sentence,
        anchor,
        copy,
        "primary" if with_primary else "origin",
        chain,
        "not-measurable",
    )
    b.cites(copy, root)
    b.web.nodes[original] = {"status": "200", "aliases": [], "language": language}

    # cross-language citation
    language = languages[(seed + 3) % len(languages)]
    english, native = b.fact_foreign(language)
    b.web.variants.add(f"cited-language:{language}")
    foreign = b.outlet()
    page = foreign.url(f"{language}/news/{b.place().lower()}.html")
    with_primary = rng.random() < 0.6
    b.web.variants.add(f"native-cue:{with_primary}")
    chain = [page]
    if with_primary:
        ministry = f"https://ministry.gov.example/{language}/press/{b.page_count}"
        statement = NATIVE_CITATIONS[language][1].format(fact=native)
        b.add_page(
            ministry,
            b.shell(
                Outlet("Ministry", "ministry.gov.example"),
                ministry,
                native[:60],
                [statement],
                language=language,
            ),
        )
        core = [
            NATIVE_CITATIONS[language][0].format(
                link=f'<a href="{ministry}">', fact=native, Fact=_cap(native)
            )
        ]
        chain = [ministry, page]
        b.cites(ministry, page)
    else:
        core = [_cap(native) + ("。" if language == "zh" else ".")]
    b.article(
        foreign,
        page,
        _cap(native)[:80],
        core,
        language=language,
        charset=b.foreign_charset(language),
    )
    html_text = f"According to {_linked(page, foreign.name)}, {english}."
    paragraphs.append(("cross-language", html_text))
    b.claim(
        "cross-language",
        f"According to {foreign.name}, {english}.",
        foreign.name,
        page,
        "primary" if with_primary else "origin",
        chain,
        "not-measurable",
    )
    b.cites(page, root)

    # embedded post
    claim, text = b.fact_en()
    platform = rng.choice(("twitter", "telegram", "youtube"))
    b.web.variants.add(f"platform:{platform}")
    handle = f"{b.place()}Rescue"
    ident = str(10**17 + b.number())
    if platform == "twitter":
        post = f"https://twitter.com/{handle}/status/{ident}"
        verb, embed = (
            "tweeted",
            (
                '<blockquote class="twitter-tweet"><p lang="en" '
                f'dir="ltr">{_cap(claim)}.</p>&mdash; '
                f'{handle} (@{handle}) <a href="{post}?ref_src=twsrc%5Etfw">September 1, '
                "2024</a></blockquote>"
                '<script async src="https://platform.twitter.com/widgets.js" '
                'charset="utf-8"></script>'
            ),
        )
    elif platform == "telegram":
        post = f"https://t.me/{handle.lower()}/{ident[-4:]}"
        verb, embed = (
            "posted on Telegram",
            (
                f'<script async src="https://telegram.org/js/telegram-widget.js?22" '
                f'data-telegram-post="{handle.lower()}/{ident[-4:]}" data-width="100%"></script>'
            ),
        )
    else:
        video = ident[-11:]
        post = f"https://www.youtube.com/watch?v={video}"
        verb, embed = (
            "said in a video",
            (
                '<figure class="wp-block-embed is-provider-youtube"><iframe width="560" '
                'height="315" '
                f'src="https://www.youtube.com/embed/{video}" title="YouTube video player" '
                'frameborder="0" allowfullscreen></iframe></figure>'
            ),
        )
    b.add_page(
        post,
        b.shell(
            Outlet(handle, post.split("/")[2]),
            post,
            f"{handle}: {claim}",
            [_cap(claim) + ".", "Follow for updates."],
        ),
    )
    anchor = verb if platform != "youtube" else "in a video"
    linked_verb = verb.replace(anchor, _linked(post, anchor))
    paragraphs.append(("embed", f"The rescue service {linked_verb} that {claim}.{embed}"))
    b.claim("embed", f"The rescue service {verb} that {claim}.", anchor, post, "primary", [post])
    b.cites(post, root)

    # noun-phrase attribution
    claim, text = b.fact_en()
    outlet = b.outlet()
    url = outlet.url(f"wire/{b.place().lower()}")
    b.article(outlet, url, _cap(claim), [text])
    form = rng.randrange(3)
    b.web.variants.add(f"noun-phrase:{form}")
    if form == 0:
        anchor = f"A {outlet.name} dispatch"
        sentence = f"{anchor} from the coast put it plainly: {claim}."
    elif form == 1:
        anchor = f"Footage aired by {outlet.name}"
        sentence = f"{anchor} showed that {claim}."
    else:
        anchor = f"a {outlet.name} report"
        sentence = f"As {anchor} put it on Sunday, {claim}."
    paragraphs.append(("noun-phrase", sentence.replace(anchor, _linked(url, anchor), 1)))
    b.claim("noun-phrase", sentence, anchor, url, "origin", [url])
    b.cites(url, root)

    # listing page
    claim, _ = b.fact_en()
    outlet = b.outlet()
    listing = outlet.url("category/local/")
    items = "".join(
        '<article class="post-item"><h2 class="entry-title"><a '
        f'href="{outlet.url(f"2024/08/{day:02d}/item-{day}/")}">'
        f"{title}</a></h2><time "
        f'datetime="2024-08-{day:02d}T08:00:00+00:00">2024-08-{day:02d}</time></article>'
        for day, title in (
            (28, "Council debates parking fees"),
            (21, "New library hours"),
            (14, "Summer fair draws crowds"),
        )
    )
    b.add_page(
        listing,
        (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="generator" '
            f'content="{GENERATOR}">'
            f'<title>Local Archives - {outlet.name}</title><meta property="og:type" '
            'content="website">'
            f'</head><body class="archive category">{NOTE}<main><h1 class="page-title">Category: '
            "Local</h1>"
            f"{items}</main></body></html>"
        ),
    )
    paragraphs.append(
        ("listing", f"The {outlet.name} {_linked(listing, 'reported')} that {claim}.")
    )
    b.claim(
        "listing",
        f"The {outlet.name} reported that {claim}.",
        "reported",
        listing,
        "unsupported",
        [listing],
    )
    b.cites(listing, root)
    b.web.nodes[listing] = {"status": "200", "aliases": [], "published": ""}

    # dead end
    claim, _ = b.fact_en()
    outlet = b.outlet()
    gone = outlet.url("2024/09/01/removed-story")
    b.add_page(
        gone,
        f"<!DOCTYPE html><html><head><title>Not found</title></head><body>{NOTE}<h1>Not "
        "found</h1></body></html>",
        status=404,
    )
    html_text, sentence, anchor = _cue_sentence(rng, b.web.variants, outlet, gone, claim)
    paragraphs.append(("dead-end", html_text))
    b.claim("dead-end", sentence, anchor, gone, "dead-end", [gone])
    b.cites(gone, root)

    # circular
    claim, text = b.fact_en()
    first, second = b.outlet(), b.outlet()
    first_url, second_url = first.url("loop/one"), second.url("loop/two")
    for outlet, url, other, other_url in (
        (first, first_url, second, second_url),
        (second, second_url, first, first_url),
    ):
        cited, _, _ = _cue_sentence(rng, b.web.variants, other, other_url, claim)
        b.article(outlet, url, _cap(claim), [cited])
        b.cites(other_url, url)
    html_text, sentence, anchor = _cue_sentence(rng, b.web.variants, first, first_url, claim)
    paragraphs.append(("circular", html_text))
    b.claim("circular", sentence, anchor, first_url, "circular", [second_url, first_url])
    b.web.claims[-1]["origin_urls"] = [second_url]
    b.cites(first_url, root)

    # unsupported: a page on another fact, or on the same fact saying it is not established
    what, happened = b.facts.pop()
    place, n = b.place(), b.number()
    claim = f"{n:,} {what} were {happened} in {place}"
    form = rng.randrange(4)
    b.web.variants.add(f"unsupported:{form}")
    if form == 0:
        _, other_text = b.fact_en()
    elif form == 1:
        other_text = (
            f"Officials said it was too early to say whether {what} were {happened} in {place}."
        )
    elif form == 2:
        other_text = f"The town hall denied that {n:,} {what} were {happened} in {place}."
    else:
        other_text = (
            f"It is not yet known how many {what} were {happened} in {place}, the mayor said."
        )
    outlet = b.outlet()
    url = outlet.url("news/other-story")
    b.article(outlet, url, "Another story", [other_text])
    html_text, sentence, anchor = _cue_sentence(rng, b.web.variants, outlet, url, claim)
    paragraphs.append(("unsupported", html_text))
    b.claim("unsupported", sentence, anchor, url, "unsupported", [url])
    b.cites(url, root)

    # self-references and traps (never followed)
    own = home.url(f"2024/08/{rng.randrange(10, 28)}/earlier-coverage/")
    paragraphs.append(
        (
            "self",
            rng.choice(
                (
                    "Earlier, we wrote about "
                    f"{_linked(own, 'the flood defences of the old town')}.",
                    f"Read more: {_linked(own, 'How the flood defences were built')}",
                )
            ),
        )
    )
    b.web.absent_urls.append(own)
    trap_outlet = b.outlet()
    traps = [trap_outlet.url(f"news/trap-{index}") for index in range(3)]
    sidebar = (
        '<section class="widget widget_recent_entries"><h2 class="widget-title">Most read</h2><ul>'
        f"<li>{_linked(traps[0], 'Mayor said to resign over budget, reports say')}</li>"
        f"<li>{_linked(traps[1], 'Officials confirmed the new bridge will open in spring')}</li>"
        "</ul></section>"
    )
    related = (
        '<div id="jp-relatedposts" class="jp-relatedposts"><h3 '
        'class="jp-relatedposts-headline">Related</h3>'
        '<div class="jp-relatedposts-post"><h4>'
        f"{_linked(traps[2], 'Police said the festival was a success')}</h4></div></div>"
    )
    b.web.absent_urls.extend(traps)

    rng.shuffle(paragraphs)
    body = ["A day after the storm, this is what the reporting so far establishes."]
    body.extend(text for _, text in paragraphs)
    body.append("We will update this page as more is known.")
    after_root = related
    b.add_page(root, b.shell(home, root, "What we know", body, after=after_root, sidebar=sidebar))
    b.web.nodes[root] = {"status": "200", "aliases": []}
    # Robots for a few hosts, so the crawl asks and is answered.
    b.web.entries.insert(
        0,
        {
            "url": f"https://{home.host}/robots.txt",
            "status": 200,
            "headers": {"Content-Type": "text/plain"},
            "date": DATE,
            "body": True,
        },
    )
    b.web.bodies[f"https://{home.host}/robots.txt"] = b"User-agent: *\nDisallow: /wp-admin/\n"
    return b.web


def trace_web(web: GeneratedWeb, folder: Path) -> Any:
    """Trace ``web`` replayed from a WARC built from its manifest."""
    import provenance
    from provenance.sample.build import build_warc

    manifest = web.write(folder / "web")
    warc = folder / "web.warc.gz"
    build_warc(manifest, warc)
    return provenance.trace([web.root], replay=[warc], out=folder / "out")


def class_table(results: list[tuple[GeneratedWeb, Any]]) -> str:
    """Per scenario class: claims, right origin, right status, over every web."""
    counts: dict[str, list[int]] = {}
    for web, trace in results:
        traced = {(c.cited_url, c.anchor): c for c in trace.claims}
        for expected in web.claims:
            row = counts.setdefault(expected["class"], [0, 0, 0])
            row[0] += 1
            found = traced.get((expected["cited_url"], expected["anchor"]))
            if found is not None:
                row[1] += set(found.origin_urls) == set(expected["origin_urls"])
                row[2] += found.status == expected["status"]
    lines = ["| class | claims | origin | status |", "|---|---:|---:|---:|"]
    for name, (total, origin, status) in counts.items():
        lines.append(f"| {name} | {total} | {origin / total:.3f} | {status / total:.3f} |")
    return "\n".join(lines)


def main() -> None:
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from webscore import HEADER, score_trace

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 24
    results = []
    print(HEADER)
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(count):
            web = generate(seed)
            trace = trace_web(web, Path(folder) / str(seed))
            results.append((web, trace))
            score = score_trace(trace, web.truth)
            print(score.row(f"seed {seed}"))
            for miss in score.misses:
                print("    ", miss)
            if score.trap_links:
                print("     traps:", score.trap_links)
    print()
    print(class_table(results))


if __name__ == "__main__":
    main()
