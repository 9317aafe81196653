"""Every word list, selector and threshold the extractor uses, in one place.

Nothing here names a site: the lists describe kinds of page furniture, kinds of
reference works and kinds of platforms, as found across CMSs.
"""

from __future__ import annotations

import re

# --- Page furniture -------------------------------------------------------------------

# Elements that never hold article prose.
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "nav",
    "aside",
    "footer",
    "dialog",
    "object",
    "embed",
    "canvas",
    "head",
)

# Tokens so telling that the element goes even when it also carries a content token
# ("post-comments", "article-share", "related-posts").
STRONG_BOILERPLATE_TOKENS = frozenset(
    {
        "comment",
        "comments",
        "disqus",
        "respond",
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "newsletter",
        "share",
        "sharing",
        "sharedaddy",
        "social",
        "related",
        "recommended",
        "popular",
        "trending",
        "mostread",
        "breadcrumb",
        "breadcrumbs",
        "advert",
        "advertisement",
        "promo",
        "sponsored",
        "subscribe",
        "signup",
        "modal",
        "popup",
        "pagination",
    }
)
# Tokens that mark furniture unless the element also carries a content token
# ("post-meta" goes, "entry-content-wrapper" stays): menus, sidebars, bylines, tags.
WEAK_BOILERPLATE_TOKENS = frozenset(
    {
        "ad",
        "ads",
        "banner",
        "byline",
        "caption",
        "dateline",
        "footer",
        "masthead",
        "menu",
        "meta",
        "most",
        "nav",
        "navbar",
        "navigation",
        "pager",
        "sidebar",
        "skip",
        "sponsor",
        "subscription",
        "tagcloud",
        "taglist",
        "tags",
        "toolbar",
        "topbar",
        "widget",
        "widgets",
    }
)
# class/id tokens (split on space, "-" and "_") that mark furniture: menus, sidebars,
# related/popular lists, share bars, comments, cookie banners, newsletters, ads.
BOILERPLATE_TOKENS = STRONG_BOILERPLATE_TOKENS | WEAK_BOILERPLATE_TOKENS
# A furniture-named element holding more than this share of the page's text is a
# wrapper around the article ("content-with-sidebar"), not furniture.
WRAPPER_SHARE = 0.6
# The same tokens inside a container that *also* carries one of these is kept: CMSs
# name the article body "post-content", "article-body", "entry-content", ...
CONTENT_TOKENS = frozenset(
    {"article", "content", "entry", "post", "story", "body", "text", "main", "articlebody"}
)
# ARIA roles of furniture.
BOILERPLATE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu"}
)

# Elements whose text is a paragraph of the body.
BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "figcaption")
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})

# A block shorter than this is no paragraph of prose when scoring containers (the
# 25-character floor Readability also uses; headings and list items are still kept
# once the container is chosen).
MIN_PARAGRAPH_CHARS = 25
# A block whose text is mostly link text is a list of links (related articles, tags),
# not prose: above this share of characters inside <a>, the block is dropped.
MAX_BLOCK_LINK_DENSITY = 0.5
# A container bonus for semantic markup (<article>, itemprop=articleBody, role=main):
# counted in paragraph-score units, enough to win a tie, not to beat a real body.
SEMANTIC_BONUS = 3.0
# Containers are scored by the paragraphs under them; a grandparent gets this share.
GRANDPARENT_SHARE = 0.5
# A sibling of the best container whose score reaches this share of the best is part
# of the article too (bodies split into several <div>s by inline ads).
SIBLING_SHARE = 0.3
# Text over this many characters is cut before parsing sentences: no article is this
# long, and hostile pages must not make the extractor quadratic.
MAX_TEXT_CHARS = 2_000_000
MAX_LINKS_PER_PAGE = 5000

# --- Reporting cues -------------------------------------------------------------------

# Verbs whose link carries a source, in the inflections that occur in news prose.
# Forms that are more often nouns ("report", "state", "claims", "quote") are left out:
# "In-depth Report: SYRIA" is a tag line, not an attribution.
# The event verbs at the end (killed, waived, set up, ...) occur as link anchors whose
# target is the evidence of the event: "the coalition [killed] 300 militants".
CUE_VERBS: dict[str, tuple[str, ...]] = {
    "report": ("reported",),
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "claim": ("claimed", "claiming"),
    "state": ("stated", "stating"),
    "confirm": ("confirm", "confirms", "confirmed", "confirming"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "cite": ("cite", "cites", "cited", "citing"),
    "reveal": ("reveal", "reveals", "revealed", "revealing"),
    "write": ("write", "writes", "wrote", "written", "writing"),
    "quote": ("quoted", "quoting"),
    "note": ("notes", "noted"),
    "add": ("added",),
    "explain": ("explained", "explains"),
    "insist": ("insisted", "insists"),
    "allege": ("allege", "alleges", "alleged", "alleging"),
    "admit": ("admit", "admits", "admitted"),
    "acknowledge": ("acknowledged", "acknowledges"),
    "deny": ("denied", "denies"),
    "warn": ("warned", "warns"),
    "publish": ("published", "publishes"),
    "disclose": ("disclosed", "discloses"),
    "describe": ("described", "describes"),
    "estimate": ("estimated", "estimates"),
    "show": ("showed", "shows", "shown"),
    "find": ("found", "finds"),
    "document": ("documented",),
    "kill": ("kill", "kills", "killed"),
    "waive": ("waive", "waives", "waived"),
    "set up": ("set up", "sets up", "setting up"),
    "launch": ("launched", "launches"),
    "arrest": ("arrested",),
    "destroy": ("destroyed",),
    "sign": ("signed",),
    "order": ("ordered",),
    "approve": ("approved",),
}
# Phrases that attribute without a verb.
CUE_PHRASES = (
    "according to",
    "as reported by",
    "as reported in",
    "a report by",
    "a report from",
    "a statement by",
    "a statement from",
    "in a statement",
    "in an interview",
    "per a report",
    "sources say",
    "citing",
    "via",
)
# Characters between an attribution phrase and the link it governs ("according to the
# state news agency [SANA]"): about five words.
PHRASE_REACH = 40
# Nouns that make a link a source when they are its anchor or next to it:
# "a [report] by X", "X's [statement]", "the [memorandum]".
CUE_NOUNS = (
    "report",
    "statement",
    "memorandum",
    "press release",
    "communique",
    "communiqué",
    "announcement",
    "interview",
    "study",
    "investigation",
    "survey",
    "document",
    "determination",
    "decree",
    "order",
    "testimony",
    "briefing",
    "findings",
)
# Longest first, so "set up" is found before "set" and "according to" before "to".
CUE_FORMS: tuple[str, ...] = tuple(
    sorted(
        {form for forms in CUE_VERBS.values() for form in forms} | set(CUE_PHRASES),
        key=lambda form: (-len(form), form),
    )
)
CUE_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(form) for form in CUE_FORMS) + r")(?![\w-])",
    re.IGNORECASE,
)
CUE_NOUN_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(noun) for noun in CUE_NOUNS) + r")s?(?![\w-])",
    re.IGNORECASE,
)

# --- Link destinations ----------------------------------------------------------------

# Reference works: a link to one explains a term, it does not source a claim.
REFERENCE_DOMAINS = frozenset(
    {
        "wikipedia.org",
        "wikimedia.org",
        "wiktionary.org",
        "wikidata.org",
        "britannica.com",
        "merriam-webster.com",
        "dictionary.com",
        "imdb.com",
    }
)
# Share endpoints: (registrable domain, path prefix).
SHARE_ENDPOINTS = (
    ("facebook.com", "/sharer"),
    ("facebook.com", "/share"),
    ("twitter.com", "/intent"),
    ("twitter.com", "/share"),
    ("x.com", "/intent"),
    ("linkedin.com", "/share"),
    ("linkedin.com", "/sharearticle"),
    ("reddit.com", "/submit"),
    ("pinterest.com", "/pin/create"),
    ("tumblr.com", "/share"),
    ("telegram.me", "/share"),
    ("t.me", "/share"),
    ("vk.com", "/share"),
    ("whatsapp.com", "/send"),
    ("wa.me", "/"),
    ("getpocket.com", "/save"),
)
SHARE_SCHEMES = ("mailto:", "whatsapp:", "tg:", "sms:", "viber:")
# Platforms whose posts are "social" nodes (and primary sources: the statement itself).
SOCIAL_DOMAINS = frozenset(
    {
        "twitter.com",
        "x.com",
        "facebook.com",
        "instagram.com",
        "t.me",
        "telegram.me",
        "vk.com",
        "tiktok.com",
        "threads.net",
        "bsky.app",
        "mastodon.social",
        "truthsocial.com",
        "linkedin.com",
        "reddit.com",
        "weibo.com",
    }
)
VIDEO_DOMAINS = frozenset({"youtube.com", "youtu.be", "vimeo.com", "dailymotion.com", "rumble.com"})
DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx")
MEDIA_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".mp4", ".webm", ".mp3")

# --- Republication signals ------------------------------------------------------------

# Credit lines. Each pattern is tried on short blocks at the top and bottom of the
# article and on its first and last paragraphs.
CREDIT_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b(?:was\s+)?originally\s+(?:published|appeared|posted)\b",
        r"\bfirst\s+(?:published|appeared|posted)\s+(?:on|at|in|by)\b",
        r"\bthis\s+(?:article|story|piece|post)\s+(?:was\s+)?(?:first\s+)?(?:published|produced)\s+(?:by|on|at|in)\b",
        r"\brepublished\s+(?:from|with\s+permission|courtesy)\b",
        r"\breprinted\s+(?:from|with\s+permission)\b",
        r"^\s*(?:source|originally|via|courtesy of|read more at)\s*:",
    )
)
FEED_FOOTER_PATTERN = re.compile(r"\bThe post\b.+\bappeared first on\b", re.IGNORECASE | re.DOTALL)
# A source line at the top of a republished article is short: an outlet name and
# perhaps a date ("Inside Syria Media Center 26 April 2024").
MAX_SOURCE_LINE_CHARS = 120
# A link in the header area is a source line only if it looks like an article, not a
# home page or section: at least this many characters of path.
MIN_ARTICLE_PATH_CHARS = 12

# --- Page kinds -----------------------------------------------------------------------

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "blogposting",
        "report",
        "scholarlyarticle",
        "liveblogposting",
        "backgroundnewsarticle",
    }
)
# Without metadata, a page with this many words of body prose is an article.
MIN_ARTICLE_WORDS = 120

# --- Sentences ------------------------------------------------------------------------

# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "rev",
        "hon",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "est",
        "fig",
        "al",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "u.s.a",
        "a.m",
        "p.m",
    }
)

# --- Claim support --------------------------------------------------------------------

# Words news prose uses interchangeably for one thing, mapped to one form before
# claims and passages are compared: names of armed groups in their common
# transliterations, and event verbs with their usual substitutes. Only unambiguous
# substitutes are listed: "said" for "claimed" would join what a fact-check separates.
EQUIVALENT_WORDS: dict[str, str] = {
    "daesh": "isis",
    "isil": "isis",
    "launched": "started",
    "launch": "started",
    "launches": "started",
    "began": "started",
    "begun": "started",
    "begins": "started",
    "start": "started",
    "starts": "started",
    "commenced": "started",
    "attack": "offensive",
    "attacks": "offensive",
    "assault": "offensive",
    "dead": "killed",
    "death": "killed",
    "deaths": "killed",
    "slain": "killed",
    "percent": "%",
    "per cent": "%",
    "evacuation": "evacuated",
    "fled": "evacuated",
    "flee": "evacuated",
}
