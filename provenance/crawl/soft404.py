"""Soft 404s: a page that is gone although its server did not say so.

Sites answer a deleted article in two ways besides an honest 404: they redirect it to
their home page (or to a "not found" page), or they answer ``200`` with a page that
reads "Page not found". Both are dead links for a trace: the cited text is not there.
:func:`soft_404` tells them from live pages with two general signals, no site rule:

1. the redirect: a non-root URL that ends, after redirects within the same outlet, on
   the site's root (``/``, a language root such as ``/en/``, ``/index.html``) or on a
   path that names an error page (``/404``, ``/not-found``, ``/error/404``);
2. the words: the title (or, for a very short page, the text) says the page is not
   found, in one of the languages below, and the page is short, as error pages are.
   An article about a "404 error" or titled "Not found: the missing ..." is long.

The thresholds were measured by ``benchmarks/soft404.py``: generated not-found pages in
eleven languages with site furniture around them, against the 388 real news and blog
pages of the shared fundus and Readability data and generated articles carrying the
trap words; ``tests/test_soft404.py`` keeps the figures.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from provenance.models import FetchResult, Page
from provenance.urls import outlet_of

# Phrases that title an error page, lower case, accents kept (matched on NFC text).
# Latin-script phrases match on word boundaries; the others as substrings.
NOT_FOUND_PHRASES: tuple[str, ...] = (
    # English
    "page not found",
    "file not found",
    "article not found",
    "content not found",
    "story not found",
    "not found",
    "page cannot be found",
    "page can't be found",
    "page could not be found",
    "page does not exist",
    "page doesn't exist",
    "page no longer exists",
    "page is no longer available",
    "content is no longer available",
    "article is no longer available",
    "this page isn't available",
    "page unavailable",
    "we can't find",
    "we cannot find",
    "we couldn't find",
    "we could not find",
    "sorry, we couldn",
    "nothing was found",
    "nothing found",
    "error 404",
    "404 error",
    "404 not found",
    "http 404",
    # French
    "page introuvable",
    "page non trouvée",
    "page inexistante",
    "erreur 404",
    "cette page n'existe pas",
    "cette page n’existe pas",
    "la page demandée",
    # Spanish, Portuguese, Catalan
    "página no encontrada",
    "pagina no encontrada",
    "página no disponible",
    "la página que buscas",
    "no se ha encontrado",
    "error 404",
    "página não encontrada",
    "pagina nao encontrada",
    "página não existe",
    "pàgina no trobada",
    # German, Dutch, Scandinavian, Finnish
    "seite nicht gefunden",
    "nicht gefunden",
    "seite existiert nicht",
    "fehler 404",
    "pagina niet gevonden",
    "niet gevonden",
    "sidan hittades inte",
    "siden blev ikke fundet",
    "siden finnes ikke",
    "sivua ei löytynyt",
    # Italian, Romanian
    "pagina non trovata",
    "pagina non esiste",
    "errore 404",
    "pagina nu a fost găsită",
    "pagina nu există",
    # Slavic, Baltic, Hungarian, Greek, Turkish
    "страница не найдена",
    "страница не существует",
    "страница не знайдена",
    "сторінку не знайдено",
    "ошибка 404",
    "помилка 404",
    "nie znaleziono strony",
    "strona nie została znaleziona",
    "stránka nenalezena",
    "stránka nebola nájdená",
    "stranica nije pronađena",
    "страница није пронађена",
    "puslapis nerastas",
    "lapa nav atrasta",
    "az oldal nem található",
    "η σελίδα δεν βρέθηκε",
    "sayfa bulunamadı",
    # Arabic, Persian, Hebrew
    "الصفحة غير موجودة",
    "الصفحة المطلوبة غير موجودة",
    "لم يتم العثور على الصفحة",
    "صفحه یافت نشد",
    "הדף לא נמצא",
    # Asian languages
    "页面不存在",
    "页面未找到",
    "找不到页面",
    "找不到網頁",
    "頁面不存在",
    "ページが見つかりません",
    "お探しのページは見つかりませんでした",
    "페이지를 찾을 수 없습니다",
    "पृष्ठ नहीं मिला",
    "पेज नहीं मिला",
    "halaman tidak ditemukan",
    "không tìm thấy trang",
    "ไม่พบหน้า",
)
# The notice on an error page whose title is only "Oops!" or the site's name: a
# sentence naming the page (or link, URL, content) and saying it is gone. Both parts
# must be there: "could not be found" alone is common in news ("the suspect could not
# be found"), "page" alone everywhere.
PAGE_NOUNS: tuple[str, ...] = (
    "page",
    "webpage",
    "url",
    "link",
    "address",
    "content",
    "article",
    "story",
    "file",
    "document",
    "seite",
    "página",
    "pagina",
    "pàgina",
    "страница",
    "страницу",
    "сторінка",
    "strona",
    "stránka",
    "sayfa",
    "الصفحة",
    "页面",
    "網頁",
    "ページ",
    "페이지",
)
GONE_PHRASES: tuple[str, ...] = (
    "not found",
    "could not be found",
    "cannot be found",
    "can't be found",
    "couldn't be found",
    "does not exist",
    "doesn't exist",
    "no longer exists",
    "no longer available",
    "is not available",
    "been removed",
    "been deleted",
    "been moved",
    "was removed",
    "introuvable",
    "n'existe pas",
    "n'existe plus",
    "no existe",
    "no encontrada",
    "não encontrada",
    "não existe",
    "nicht gefunden",
    "existiert nicht",
    "non trovata",
    "non esiste",
    "не найдена",
    "не существует",
    "не знайдено",
    "nie istnieje",
    "nie znaleziono",
    "bulunamadı",
    "غير موجودة",
    "不存在",
    "未找到",
    "見つかりません",
    "찾을 수 없습니다",
)
# A title segment (between separators such as "|" or " - ") that is nothing but an
# error code: "404", "Error 404", "404 – Example News". Bare "404" elsewhere in a title
# is a number ("404 migrants rescued"), not a signal.
BARE_CODE = re.compile(r"^(?:error\s*|erreur\s*|fehler\s*|errore\s*)?404(?:\s*error)?$")
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+|\s*[|·•»]\s*")
# Share of a title segment the not-found phrase must cover: "Page not found | Site",
# "Error 404 – page not found" are the message; "Page not found? How archivists save
# the web" is a headline about one.
TITLE_PHRASE_SHARE = 0.5
# Words of extracted text up to which a page with a not-found title is an error page.
# Generated error pages (benchmarks/soft404.py) extract to 0-26 words, furniture
# removed; real templates add search hints and teasers, so 120 (4-5x). A 200-word
# article titled "Not found: the missing children of ..." stays an article.
TITLE_TEXT_MAX_WORDS = 120
# Without a not-found title, the text must say it (a page noun and a "gone" phrase in
# its first paragraphs), the page must be this short, and its title generic (the site's
# name, "Oops!"): a news brief saying "the document could not be found" has a headline.
TEXT_ONLY_MAX_WORDS = 80
GENERIC_TITLE_MAX_WORDS = 3
# Paths of a site's root and of its error pages, after a redirect.
ROOT_PATH = re.compile(
    r"^/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?(?:(?:index|default|home|start)(?:\.[a-z]{2,5})?)?$",
    re.IGNORECASE,
)
ERROR_PATH = re.compile(
    r"(?:^|/)(?:404|410|not[-_]?found|page[-_]?not[-_]?found|error[-_]?404|errors?/40[04]"
    r"|erreur[-_]?404|fehler[-_]?404|pagina[-_]?non[-_]?trovata)(?:\.[a-z]{2,5})?/?$",
    re.IGNORECASE,
)

_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'")
    return " ".join(text.split())


def _phrase_patterns(phrases: tuple[str, ...]) -> list[re.Pattern[str]]:
    patterns: list[re.Pattern[str]] = []
    for phrase in dict.fromkeys(phrases):
        escaped = re.escape(_normalized(phrase))
        if _LATIN.search(phrase):
            patterns.append(re.compile(rf"(?<!\w){escaped}(?!\w)"))
        else:
            patterns.append(re.compile(escaped))
    return patterns


_PHRASES = _phrase_patterns(NOT_FOUND_PHRASES)
_PAGE_NOUNS = _phrase_patterns(PAGE_NOUNS)
_GONE = _phrase_patterns(GONE_PHRASES)


def says_not_found(text: str) -> bool:
    """``text`` (a title) is a not-found message: one of its segments (between
    separators such as " | ") is mostly one of :data:`NOT_FOUND_PHRASES`, or a bare
    error code. "Page not found? How archivists save the web" is a headline, not one."""
    normalized = _normalized(text)
    if not normalized:
        return False
    for segment in TITLE_SEPARATORS.split(normalized):
        segment = segment.strip(" .!?¡¿")
        if BARE_CODE.match(segment):
            return True
        for pattern in _PHRASES:
            found = pattern.search(segment)
            if found and len(found.group(0)) >= TITLE_PHRASE_SHARE * len(segment):
                return True
    return False


def notice_of_not_found(text: str) -> bool:
    """``text`` (a short page's paragraph) says the page is not found: one of
    :data:`NOT_FOUND_PHRASES`, or a page noun with a phrase of :data:`GONE_PHRASES`."""
    normalized = _normalized(text)
    if not normalized:
        return False
    if any(pattern.search(normalized) for pattern in _PHRASES):
        return True
    return any(p.search(normalized) for p in _PAGE_NOUNS) and any(
        p.search(normalized) for p in _GONE
    )


def _word_count(page: Page) -> int:
    return sum(len(_WORD.findall(paragraph)) for paragraph in page.paragraphs)


def redirect_reason(requested: str, result: FetchResult) -> str:
    """Why a redirected fetch is a soft 404 (home page or error page), or ``""``."""
    if not result.redirects:
        return ""
    asked, landed = urlsplit(requested), urlsplit(result.final_url)
    if ROOT_PATH.match(asked.path or "/") and not asked.query:
        return ""  # a home page asked for, a home page given
    if outlet_of(requested) != outlet_of(result.final_url):
        return ""  # another site: a move, not a removal
    if ROOT_PATH.match(landed.path or "/") and not landed.query:
        return f"redirected to the site's home page {result.final_url}"
    if ERROR_PATH.search(landed.path):
        return f"redirected to an error page {result.final_url}"
    return ""


def page_reason(page: Page) -> str:
    """Why an extracted page reads as not found, or ``""``."""
    words = _word_count(page)
    if page.title and says_not_found(page.title) and words <= TITLE_TEXT_MAX_WORDS:
        return f"the page reads as not found (title {page.title[:80]!r}, {words} words)"
    generic_title = len(_WORD.findall(page.title)) <= GENERIC_TITLE_MAX_WORDS
    notice = any(notice_of_not_found(paragraph) for paragraph in page.paragraphs[:3])
    if words <= TEXT_ONLY_MAX_WORDS and generic_title and notice:
        return f"the page reads as not found ({words} words)"
    return ""


def soft_404(requested: str, result: FetchResult, page: Page | None) -> str:
    """The reason ``result`` (fetched for ``requested``) is a soft 404, or ``""``.

    Only answers that look alive are judged: a 2xx at the end of the redirects.
    """
    if not result.ok:
        return ""
    reason = redirect_reason(requested, result)
    if not reason and page is not None:
        reason = page_reason(page)
    return reason
