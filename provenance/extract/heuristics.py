"""Every word list, selector and threshold the extractor uses, in one place.

Nothing here names a site: the lists describe kinds of page furniture, kinds of
reference works and kinds of platforms, as found across CMSs.
"""

from __future__ import annotations

import re

# --- Bytes and charsets ----------------------------------------------------------------

# How far into the document a <meta charset> may stand (the HTML standard's prescan
# reads 1024 bytes; real pages put it later, behind comments and scripts).
META_PRESCAN_BYTES = 8192
# Bytes given to charset-normalizer for an undeclared, non-UTF-8 page: enough text for
# its statistics, and a bound on its time.
CHARSET_SNIFF_BYTES = 200_000

# --- Page furniture -------------------------------------------------------------------

# Elements removed from the tree once the metadata is read (``page._drop_unread``):
# nothing after it reads them, and their text is never page text.
UNREAD_SELECTOR = "script:not([src]), style, svg, template"
# A page with more of them than this keeps the rest (the segmenter skips them anyway).
MAX_UNREAD_ELEMENTS = 5000

# Elements whose text is never read: code, styles, embedded objects, form controls.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "head",
        "title",
        "dialog",
    }
)
# Elements whose text is code, not words: left out of the text of furniture elements,
# which is read in one piece.
CODE_SELECTOR = "script, style, noscript, template"
# Elements that are page furniture by their tag alone, wherever they stand (HTML5
# sectioning for site navigation, complementary content and footers).
# Figures are pictures and their captions: not the article's prose.
FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "menu", "figure", "figcaption"})
# Elements that start a new line of text: text under one of them (and not under a
# nearer one) forms one segment. Everything else (a, span, b, em, time, ...) is inline.
BLOCK_ELEMENTS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "aside",
        "caption",
        "legend",
    }
)
# Two <br> in a row end a paragraph (pages that write prose as text lines in a <div>).
PARAGRAPH_BREAKS = 2

# class/id tokens (split on space, "-", "_" and camelCase) so telling that the element
# is furniture whatever its text: comments, share bars, related and popular lists,
# cookie banners, newsletters, ads ("post-comments", "article-share", "related-posts").
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
        # Captions, fact boxes and author biographies are prose, but not the article's.
        "caption",
        "infobox",
        "factbox",
        "bio",
        "biography",
        "authorbio",
        "authorprofile",
        # Appeals and legal small print around the article.
        "disclaimer",
        "donation",
        "donate",
    }
)
# Tokens that mark furniture unless the element's text is mostly prose (see
# WEAK_FURNITURE_PROSE_SHARE): menus, sidebars, bylines, datelines, tags.
WEAK_BOILERPLATE_TOKENS = frozenset(
    {
        "ad",
        "ads",
        "author",
        "banner",
        "byline",
        "date",
        "dates",
        "timestamp",
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
# Class names that file a page under a topic (WordPress "tag-social-media",
# "category-comment"): their words name the subject, not the element's role.
TOPIC_CLASS_PREFIXES = ("tag-", "category-", "topic-", "tags-", "section-", "post_tag-")
# class and id attributes longer than this are cut before splitting into tokens
# (utility-class frameworks write hundreds of classes; the telling ones come first).
MAX_CLASS_CHARS = 600
# Tokens of the element that holds reader comments: links inside are "comment" links.
COMMENT_TOKENS = frozenset({"comment", "comments", "disqus", "respond", "replies", "reply"})
# Utility classes that hide an element (Bootstrap and Tailwind "hidden", "hide").
HIDDEN_CLASS_TOKENS = frozenset({"hidden", "hide"})
# A hidden box inside the article is the article's own text (behind "read more" or a
# paywall script) when it holds at least this share of the article's prose.
HIDDEN_ARTICLE_SHARE = 0.5
# Elements that declare themselves the article: class names on them do not make them
# furniture (WordPress writes the post's tags and categories into the article's class).
ARTICLE_TAGS = frozenset({"article", "main"})
# An element named by a weak token ("sidebar-grid", "meta") whose text is mostly prose
# is a layout box around the article, not furniture: real sidebars and meta lines are
# links and short labels.
WEAK_FURNITURE_PROSE_SHARE = 0.5
# ARIA roles of furniture.
BOILERPLATE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu"}
)

HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# The headline is the page's title (metadata), not a paragraph of its text.
TITLE_TAGS = frozenset({"h1"})

# --- Choosing the article ---------------------------------------------------------------
# Each segment votes for every element above it; the element with the highest total is
# the article. The weights are in characters of text.

# A segment ends a sentence (and so may be short prose) when it ends with, or holds,
# sentence punctuation, Latin or CJK, before closing quotes and brackets.
SENTENCE_END_PATTERN = r"[.!?。！？…:;][\"'”’»)\]]*\s*$|[.!?。！？][\"'”’»)\]]*\s"
# A segment this long (and not mostly links) is prose whatever its punctuation.
PROSE_CHARS = 80
# A shorter segment is prose when it ends a sentence and has at least this many
# characters (the 25-character floor Readability also uses).
MIN_PARAGRAPH_CHARS = 25
# A segment whose text is mostly link text is a list of links (related articles, tags,
# menus), not prose: above this share of characters inside <a>, it votes against.
MAX_BLOCK_LINK_DENSITY = 0.5
# Votes against, per character: text in furniture (comments, share bars, related lists)
# counts fully against the element that holds it, so the article box stops short of it.
FURNITURE_WEIGHT = 1.0
# ... counted up to this many characters per furniture element: a box that holds the
# article and one big fact box or embed must not lose to the fact box; a box around
# the article *and* its comments and sidebars still pays for each of them.
FURNITURE_VOTE_CAP = 500
# A candidate article box that sits inside furniture keeps this share of its votes, by
# the furniture's strength (1 weak, 2 strong, 3 hidden): a box in an "ad-wrapper"
# may still be the article; a comment thread rarely is; hidden text never, unless it
# is all the page has.
FURNITURE_DISCOUNT = {1: 0.6, 2: 0.2, 3: 0.05}
# Link lists outside furniture markup (menus written as plain lists).
LINK_LIST_WEIGHT = 1.0
# Short lines that end no sentence (labels, dates, "Advertisement"): a light vote
# against, so that a wrapper adding only such lines loses to the box without them.
SHORT_LINE_WEIGHT = 0.2
# Several stories in one box (the next article loaded below the first): when at least
# MIN_STORIES of these elements each hold STORY_SHARE of the box's prose, the first is
# the page's article.
STORY_TAGS = frozenset({"article"})
STORY_SHARE = 0.2
MIN_STORIES = 2
# An article box holds at least this many prose paragraphs (see choose_container).
MIN_CONTAINER_PARAGRAPHS = 2
# Subheadings belong to the article: a light vote for.
HEADING_WEIGHT = 0.3

# Teaser cards ("related", "more from", "most read"): a linked headline of at least
# CARD_TITLE_MIN_CHARS characters (and this share of link text) whose box holds at most
# CARD_MAX_SEGMENTS segments and CARD_MAX_CHARS characters (headline, summary, date,
# label). Subheadings of an article that link somewhere sit in the article's own large
# box and are never cards.
CARD_TITLE_LINK_DENSITY = 0.9
CARD_TITLE_MIN_CHARS = 20
CARD_MAX_SEGMENTS = 5
CARD_MAX_CHARS = 600
# Boxes walked up from a headline in search of its card.
CARD_MAX_DEPTH = 8

# The lead (standfirst) often stands in the article header, outside the body's box:
# prose within this many segments after the page's <h1> and before the body is kept,
# when no more than this share of it is link text.
LEAD_REACH = 12
# Headings that may be the article's headline when looking for its lead (pages that
# keep <h1> for the site's logo set the headline in <h2>).
HEADLINE_TAGS = frozenset({"h1", "h2"})
LEAD_MAX_LINK_DENSITY = 0.2

# --- Fallbacks ------------------------------------------------------------------------

# Pages that render the article with scripts carry it in JSON-LD ``articleBody``: used
# when it has at least this many characters and the markup yields less than this share
# of it.
MIN_ARTICLE_BODY_CHARS = 200
ARTICLE_BODY_SHARE = 0.3

# --- PDF -------------------------------------------------------------------------------

# "%PDF-" must start within this many bytes (some servers prepend white space).
PDF_MAGIC_REACH = 1024
# Bytes and pages of a PDF that are read: reports run to a few hundred pages, and
# everything a claim cites is usually near the front.
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 200
# Without blank lines, a sentence-final line shorter than this share of the widest
# line ends a paragraph.
PDF_SHORT_LINE_SHARE = 0.8
# What a line that ends a paragraph ends with.
PDF_LINE_END_PATTERN = r"[.!?:;\"”’)]\s*$"
# A page whose lines more often than this share hold a gap of PDF_COLUMN_GAP spaces
# between words is set in columns.
PDF_COLUMN_GAP = 4
PDF_COLUMN_LINE_SHARE = 0.3

# --- Work caps --------------------------------------------------------------------------
# Every loop of the extractor is bounded by one of these, so that a hostile or broken
# page (a 20 MB page, 10,000 levels of nesting) costs bounded time.

# Text over this many characters is not read: no article is this long, and hostile
# pages must not make the extractor slow.
MAX_TEXT_CHARS = 2_000_000
# Segments read per page: a long article has a few hundred.
MAX_SEGMENTS = 20_000
# Inline elements walked up from a text node to its block: real markup nests a handful.
MAX_INLINE_DEPTH = 64
# Elements walked up from a block to <body>: real pages stay under 60 levels.
MAX_TREE_DEPTH = 256
MAX_LINKS_PER_PAGE = 5000
# Bytes of a page that are parsed: the crawler's own cap is 10 MiB; a bigger page given
# to ``extract_page`` directly is cut here.
MAX_PAGE_BYTES = 16 * 1024 * 1024
# Characters of a paragraph split into sentences, of an anchor text, of a title.
MAX_PARAGRAPH_CHARS = 100_000
MAX_ANCHOR_CHARS = 2000
# A claim (the sentence around a link) longer than this is no sentence but run-on text
# without full stops: it is cut to a window of this many characters around the link.
MAX_CLAIM_CHARS = 1200
# Links of one sentence weighed against each other for the cue: more is a link list.
MAX_LINKS_PER_SENTENCE = 30
MAX_TITLE_CHARS = 1000

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

# --- Embedded posts and videos ---------------------------------------------------------

# Elements that embed a post or a video: the platforms' own embed codes and the oEmbed
# wrappers CMSs set around them (WordPress blocks, Drupal/Ghost/Medium embed cards).
EMBED_SELECTORS = (
    "blockquote.twitter-tweet",
    "blockquote.twitter-video",
    "blockquote.instagram-media",
    "blockquote.tiktok-embed",
    "blockquote.reddit-embed-bq",
    "div.fb-post",
    "div.fb-video",
    "blockquote.fb-xfbml-parse-ignore",
    "script[data-telegram-post]",
    "iframe[src]",
    "iframe[data-src]",
    "figure.wp-block-embed",
    "div.embed-responsive",
    "figure.kg-embed-card",
    "div.media_embed",
    "div.video-embed",
)
# Attributes that name the embedded post (Instagram, TikTok, Facebook, generic oEmbed).
EMBED_URL_ATTRIBUTES = ("data-instgrm-permalink", "cite", "data-href", "data-url", "data-src")
# Attributes that date the post: epoch seconds or milliseconds, or an ISO date.
EMBED_DATE_ATTRIBUTES = (
    "data-time",
    "data-timestamp",
    "data-date",
    "data-datetime",
    "data-published",
    "data-created",
)
# Registrable domains of embed addresses, by platform.
EMBED_PLATFORMS = {
    "twitter.com": "twitter",
    "x.com": "twitter",
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "fb.watch": "facebook",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "tiktok.com": "tiktok",
    "reddit.com": "reddit",
    "youtube.com": "youtube",
    "youtube-nocookie.com": "youtube",
    "youtu.be": "youtube",
    "vimeo.com": "vimeo",
    "dailymotion.com": "dailymotion",
    "rumble.com": "rumble",
    "vk.com": "vk",
}
VIDEO_PLATFORMS = frozenset({"youtube", "vimeo", "dailymotion", "rumble"})
# Embeds read per page: a page with more is a gallery, not an article.
MAX_EMBEDS = 50
# Month names (as stems) of the cue languages, for post dates written by embed widgets
# in the page's language ("3 mars 2024", "3 марта 2024").
EMBED_MONTHS = {
    **dict.fromkeys(("janv", "jan", "jän", "ene", "янв", "ocak"), 1),
    **dict.fromkeys(("févr", "fevr", "feb", "фев", "şubat", "subat"), 2),
    **dict.fromkeys(("mars", "märz", "mar", "мар", "mart"), 3),
    **dict.fromkeys(("avr", "apr", "abr", "апр", "nisan"), 4),
    **dict.fromkeys(("mai", "may", "мая", "май", "mayıs"), 5),
    **dict.fromkeys(("juin", "jun", "июн", "haziran"), 6),
    **dict.fromkeys(("juil", "jul", "июл", "temmuz"), 7),
    **dict.fromkeys(("août", "aout", "aug", "ago", "авг", "ağustos"), 8),
    **dict.fromkeys(("sept", "sep", "сен", "eylül"), 9),
    **dict.fromkeys(("oct", "okt", "окт", "ekim"), 10),
    **dict.fromkeys(("nov", "ноя", "kasım"), 11),
    **dict.fromkeys(("déc", "dec", "dez", "dic", "дек", "aralık"), 12),
}
# A link this close to the start of its sentence stands in the subject: a link there
# on the cited outlet's own name ("[Reuters] put the toll at six") attributes.
SUBJECT_REACH = 30
# A brand taken from a domain label must be this long to be matched against anchors.
MIN_BRAND_CHARS = 3
# An anchor longer than this is a headline or a phrase, not an outlet's name.
MAX_BRAND_ANCHOR_CHARS = 40

# --- Republication signals ------------------------------------------------------------

# Credit lines ("originally published on", "republished with permission"), tried on
# every short segment of the page, furniture included.
CREDIT_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b(?:was\s+)?originally\s+(?:published|appeared|posted)\b",
        r"\bfirst\s+(?:published|appeared|posted)\s+(?:on|at|in|by)\b",
        r"\bthis\s+(?:article|story|piece|post)\s+(?:was\s+)?(?:first\s+)?(?:published|produced)\s+(?:by|on|at|in)\b",
        r"\brepublished\s+(?:from|with\s+permission|courtesy)\b",
        r"\breprinted\s+(?:from|with\s+permission)\b",
        # A translation names its original ("translated from the Arabic original
        # published by ...", "adapted from a report by ..."): a republication across
        # languages, which word overlap cannot find.
        r"\b(?:translated|adapted)\s+from\b",
    )
)
# A line that starts by naming its source ("Source: ...", "Via: ...").
SOURCE_LABEL_PATTERN = re.compile(
    r"^\s*(?:source|originally|via|courtesy of|read more at)\s*:", re.IGNORECASE
)
SOURCE_LABELS = ("source", "originally", "via", "courtesy of", "read more at")
SOURCE_LABEL_REACH = 24
# Words without which none of CREDIT_PATTERNS (or the feed footer) can match: a page
# without any of them skips the patterns.
CREDIT_WORDS = (
    "originally",
    "first published",
    "first appeared",
    "first posted",
    "this article",
    "this story",
    "this piece",
    "this post",
    "republished",
    "reprinted",
    "appeared first on",
    "translated from",
    "adapted from",
)
FEED_FOOTER_PATTERN = re.compile(r"\bThe post\b.+\bappeared first on\b", re.IGNORECASE)
# The outlet a credit line names when it links nowhere ("first published by The Nation").
NAMED_OUTLET_PATTERN = (
    r"\b(?:published|appeared|posted|produced|republished|reprinted)\s+(?:\w+\s+)?"
    r"(?:by|on|at|in|from)\s+([A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,5})"
)
# A credit line is short; a long paragraph mentioning "originally published" is prose.
MAX_CREDIT_CHARS = 400
# Signals kept per page: a page that credits hundreds of sources is a link list.
MAX_SIGNALS = 50
# A source line stands within this many segments before the first body paragraph.
SOURCE_LINE_REACH = 40
# A source line at the top of a republished article is short: an outlet name and
# perhaps a date ("Inside Syria Media Center 26 April 2024").
MAX_SOURCE_LINE_CHARS = 120
# A link in the header area is a source line only if it looks like an article, not a
# home page or section: at least this many characters of path.
MIN_ARTICLE_PATH_CHARS = 12

# --- Metadata -------------------------------------------------------------------------

# "By", "Written by", "Von", "Por", "Par", "Av", "Door", "Autor:" ... before names (not
# "de" or "di", which begin surnames).
BYLINE_PREFIX_PATTERN = (
    r"^\s*(?:(?:written|posted|reported|story|text|words|photos?)\s+)?"
    r"(?:by|von|por|par|av|door|autor(?:in)?|author|texto|text)\s*:?\s+"
)
# Between author names: commas, semicolons, "and" in a few languages, ampersands, bars.
AUTHOR_SEPARATOR_PATTERN = r"\s*(?:,|;|\||&|\band\b|\bund\b|\by\b|\bet\b|\be\b|\bog\b|\ben\b)\s*"
# A journalist's initials or desk after the name: "Elena Oberholzer (obe)".
INITIALS_SUFFIX_PATTERN = r"\s*\([^()]{1,12}\)\s*$"
# What separates a byline's names from the date that follows them: a spaced dash, bar,
# comma or dot, or a run of spaces.
BYLINE_DATE_SEPARATOR_PATTERN = r"\s[-–—|,·•]\s|\s{2,}"
# An author name is a few words; longer strings are bios or sentences.
MAX_AUTHOR_WORDS = 6
MAX_AUTHOR_CHARS = 80
MAX_AUTHORS = 12
# Byline words that are not anybody's name.
NOT_AUTHOR_NAMES = frozenset(
    {"admin", "administrator", "staff", "editor", "editors", "redaktion", "anonymous", "unknown"}
)
# meta names that carry the author's name (not a profile URL), most specific first.
AUTHOR_META_KEYS = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "byl",
    "twitter:creator",
)
# Visible bylines, most specific first (microdata, rel=author, then class names).
BYLINE_SELECTORS = (
    '[itemprop="author"] [itemprop="name"]',
    '[itemprop="author"]',
    'a[rel="author"]',
    '[class*="byline" i] a',
    '[class*="author-name" i]',
    '[class*="authorname" i]',
    '[class*="byline" i] [class*="author" i]',
    '[class*="byline" i]',
    '[class*="author" i] a',
)
# Text of one byline element read for names: longer ones are bios and boxes.
MAX_BYLINE_CHARS = 400
# meta names of the first publication, most specific first. Names are compared with
# everything but letters and digits removed and lower-cased, so that the spellings of
# different CMSs ("article:published_time", "article:published:time",
# "article_published_time", "Published-Time") are one key. Modified dates come last,
# only when nothing else dates the page.
PUBLISHED_META_KEYS = (
    "articlepublishedtime",
    "ogarticlepublishedtime",
    "ogpublishedtime",
    "ogpubdate",
    "articlepublished",
    "datepublished",
    "publishedtime",
    "publishedat",
    "publishdate",
    "publishtime",
    "publicationdate",
    "pubdate",
    "originalpublicationdate",
    "firstpublisheddate",
    "articlefirstpublished",
    "dcdateissued",
    "dctermsissued",
    "dcdatecreated",
    "dctermscreated",
    "datecreated",
    "articlecreated",
    "dcdate",
    "dctermsdate",
    "date",
    "sailthrudate",
    "parselypubdate",
    "articlepublishdate",
    "cxenseparserecspublishtime",
    "rnewsdatepublished",
    "releasedate",
    "datereleased",
    "displaydate",
    "ctime",
    "created",
    "published",
)
MODIFIED_META_KEYS = (
    "articlemodifiedtime",
    "ogupdatedtime",
    "datemodified",
    "dctermsmodified",
    "lastmodified",
    "articleupdatedtime",
    "updatedtime",
    "modifiedtime",
)
# JSON-LD types whose datePublished is not the page's: media and parts of the page,
# people and organisations, lists of other pages (visible dates: ``extract/dates.py``).
UNDATED_JSON_LD_TYPES = frozenset(
    {
        "videoobject",
        "imageobject",
        "audioobject",
        "mediaobject",
        "comment",
        "person",
        "organization",
        "newsmediaorganization",
        "website",
        "breadcrumblist",
        "collectionpage",
        "itemlist",
        "searchresultspage",
        "profilepage",
        "event",
        "product",
        "offer",
    }
)
MAX_HEADLINE_CANDIDATES = 3
# What sets a site's name apart from the headline in a title: spaced dashes and bars,
# and the full-width and Hangul forms East Asian sites use.
TITLE_SEPARATORS = (
    " | ",
    " - ",
    " – ",
    " — ",
    " :: ",
    " » ",
    " · ",
    " / ",
    "：",
    "｜",
    "ㅣ",
    "|",
    " _ ",
)
# Separated pieces stripped from one title at most ("Headline | Site | 28.04.2023").
MAX_TITLE_STRIPS = 3
# A site name (or domain label) shorter than this matches too much to strip by.
MIN_SITE_NAME_CHARS = 2
# A <title> tail of at most this many words after a separator is the site's name.
MAX_SITE_NAME_WORDS = 4
# Bounds on what a page may make the metadata reader do.
MAX_META_ELEMENTS = 500
MAX_JSON_LD_CHARS = 512 * 1024
MAX_JSON_LD_SCRIPTS = 20
MAX_JSON_LD_OBJECTS = 200
MAX_JSON_LD_DEPTH = 8

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
