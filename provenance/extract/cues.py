"""Reporting cues in the languages the extractor reads, chosen by the page's language.

For each language: reporting verbs (platform verbs among them: tweeted, posted,
streamed ...), attribution phrases that govern the link after them ("according to",
"selon", "laut", "по данным", "وفقا ل", "据"), news nouns that make a link a source
when they head its phrase ("a Reuters dispatch", "сообщение ТАСС", "بيان الوزارة"),
and read-more / self-reference phrases ("Read more:", "Earlier, we wrote about").

Every entry is a regular-expression fragment, so one entry covers a word's
inflections: Russian, German and Turkish verbs are written as stems with their
endings ("заяв\\w*" is заявил, заявила, заявили, заявляет); Arabic forms take the
clitics that attach to them (و, ف, ب, ل, ال) and optional diacritics; Chinese has no
spaces, so its forms carry their own guards instead of word boundaries.

A page's language is its declared one (``<html lang>``, meta); a page that declares
none is read by the script of the paragraph (Cyrillic, Arabic, CJK) or, for Latin
script, by a vote of its function words. English is the default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from provenance.extract import heuristics as h

# --- Languages -------------------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    """The cue data of one language (each string a regex fragment, matched case-blind)."""

    code: str
    verbs: tuple[str, ...]
    """Reporting and event verbs, platform verbs included."""
    phrases: tuple[str, ...]
    """Attribution phrases: they govern the link that follows them, whatever verbs the
    sentence holds after it."""
    nouns: tuple[str, ...]
    """News nouns: a link on, or heading a phrase with, one of them is an attribution."""
    before_link: str
    """What may stand between a news noun and the link after it ("a report *by* [X]")."""
    after_link: str
    """What may stand between the link and a news noun after it ("[X]*'s* statement")."""
    read_more: tuple[str, ...]
    """Read-more labels ("Read more:", "See also"): a sentence that starts with one
    points to further coverage, context and not a source."""
    self_refs: tuple[str, ...]
    """"We wrote about" phrases: the link right after one is the outlet's own earlier
    coverage ("As we reported" is not among them: it attributes the claim)."""
    self_tail: str = r"(?:\s+[\w'’-]+){0,3}?"
    """What may stand between a "we wrote about" phrase and the link: a preposition and
    an article or two ("we wrote about *the* [...]")."""
    left: str = r"(?<![\w-])"
    """Guard before a form: no letter (word languages)."""
    right: str = r"(?![\w-])"
    """Guard after a form."""


# English: the original lists of ``heuristics`` (shared with the support scorer), with
# the platform verbs added. "shared"/"posted" alone are common outside reporting, but a
# link on or next to them in article prose is nearly always the post shared.
_EN_PLATFORM_VERBS = (
    "tweeted",
    "tweets",
    "tweeting",
    "retweeted",
    "posted",
    "posting",
    "shared",
    "streamed",
    "livestreamed",
    "broadcast",
    "aired",
    "uploaded",
)
_EN_NOUNS = (
    *h.CUE_NOUNS,
    "dispatch",
    "dispatches",
    "wire",
    "newswire",
    "bulletin",
    "footage",
    "video",
    "cable",
    "readout",
    "transcript",
    "tweet",
)

ENGLISH = Language(
    code="en",
    verbs=tuple(re.escape(form) for forms in h.CUE_VERBS.values() for form in forms)
    + _EN_PLATFORM_VERBS,
    phrases=tuple(re.escape(phrase) for phrase in h.CUE_PHRASES),
    nouns=tuple(re.escape(noun) + "s?" for noun in _EN_NOUNS),
    before_link=r"\s+(?:[\w'’-]+\s+){0,2}?(?:by|from|of)\s*",
    # "[X]'s statement", "[X] dispatch", "[AP] wire report".
    after_link=r"\s*['’]s\s+(?:\w+\s+){0,2}?|\s+(?:\w+\s+)?",
    read_more=(
        r"read more",
        r"read also",
        r"also read",
        r"see also",
        r"related(?:\s+(?:story|article|coverage|reading))?\s*:",
        r"more on this(?:\s+story)?",
        r"further reading",
        r"more\s*:",
    ),
    self_refs=(
        r"(?:earlier|previously|before)\s*,?\s+we\s+(?:wrote|told\s+(?:you\s+)?|covered)",
        r"we\s+(?:have\s+)?(?:wrote|written|told\s+(?:you\s+)?|covered)\s+(?:about|on)",
        r"we\s+(?:have\s+)?(?:previously|already)\s+(?:wrote|written|reported)",
    ),
)

FRENCH = Language(
    code="fr",
    verbs=(
        r"(?:a|ont|avait|avaient|aurait|avons|avions|l['’]avons|l['’]avions)\s+(?:d[ée]clar[ée]|affirm[ée]|annonc[ée]|indiqu[ée]"
        r"|pr[ée]cis[ée]|rapport[ée]|confirm[ée]|[ée]crit|publi[ée]|tweet[ée]|twitt[ée]"
        r"|post[ée]|partag[ée]|dit|expliqu[ée]|ajout[ée]|soulign[ée]|r[ée]v[ée]l[ée]"
        r"|diffus[ée]|reconnu|d[ée]menti|assur[ée]|estim[ée]|averti|d[ée]nonc[ée])",
        r"d[ée]clar(?:e|ent|ait|aient|ant)",
        r"affirm(?:e|ent|ait|aient|ant)",
        r"annonc(?:e|ent)|annon[çc]ait",
        r"indiqu(?:e|ent|ait|aient)",
        r"rapport(?:e|ent|ait|aient)",
        r"confirm(?:e|ent|ait)",
        r"[ée]crit|[ée]crivent|[ée]crivait",
        r"explique(?:nt)?",
        r"r[ée]v[ée]l(?:e|ent)",
        r"selon\s+(?:lui|elle|eux)",
        r"tweet[ée]|twitt[ée]",
    ),
    phrases=(
        r"selon",
        r"d['’]apr[èe]s",
        r"citant",
        r"cit[ée]e?s?\s+par",
        r"de\s+source",
        r"dans\s+un\s+communiqu[ée]",
        r"dans\s+une\s+(?:d[ée]claration|d[ée]p[êe]che|vid[ée]o)",
        r"dans\s+un\s+(?:entretien|rapport|message|tweet)",
        r"via",
    ),
    nouns=(
        r"communiqu[ée]s?",
        r"d[ée]p[êe]ches?",
        r"rapports?",
        r"d[ée]clarations?",
        r"bulletins?",
        r"images",
        r"vid[ée]os?",
        r"enqu[êe]tes?",
        r"[ée]tudes?",
        r"entretiens?",
        r"interviews?",
        r"comptes?\s+rendus?",
        r"notes?\s+d['’]information",
    ),
    before_link=r"\s+(?:[\w'’-]+\s+){0,2}?(?:de|du|des|d['’]|par|publi[ée]e?s?\s+par)\s*(?:la\s+|l['’]|le\s+|les\s+)?",
    after_link=r"\s*,?\s*dans\s+(?:un|une|son|sa|ses)\s+",
    read_more=(
        r"(?:[àa]\s+)?lire\s+aussi",
        r"lire\s+[ée]galement",
        r"voir\s+aussi",
        r"lire\s+la\s+suite",
        r"[àa]\s+lire",
    ),
    self_refs=(
        r"nous\s+(?:avons|avions)\s+(?:[ée]crit|parl[ée]|[ée]voqu[ée])",
        r"nous\s+(?:vous\s+)?en\s+parlions",
    ),
)

GERMAN = Language(
    code="de",
    verbs=(
        r"sagt(?:e|en|et)?|gesagt",
        r"erkl[äa]rt(?:e|en)?",
        r"berichte(?:t|te|ten|n)?|berichtet",
        r"teilt(?:e|en)?|mitgeteilt",
        r"melde(?:t|te|ten)|gemeldet",
        r"best[äa]tigt(?:e|en)?",
        r"schrieb(?:en)?|schreibt|geschrieben",
        r"twitterte(?:n)?|getwittert",
        r"postete(?:n)?|gepostet",
        r"teilte(?:n)?",
        r"ver[öo]ffentlicht(?:e|en)?",
        r"k[üu]ndigt(?:e|en)?|angek[üu]ndigt",
        r"betont(?:e|en)?",
        r"warnt(?:e|en)?|gewarnt",
        r"zitiert(?:e|en)?",
        r"behauptet(?:e|en)?",
        r"hie[ßs]\s+es",
        r"streamte(?:n)?|gestreamt",
    ),
    phrases=(
        r"laut",
        r"zufolge",
        r"nach\s+(?:angaben|informationen|berichten)",
        r"unter\s+berufung\s+auf",
        r"in\s+einer\s+(?:erkl[äa]rung|mitteilung|stellungnahme)",
        r"in\s+einem\s+(?:interview|bericht|video)",
        r"via",
    ),
    # German builds compounds: "Polizeibericht", "Pressemitteilung", "Agenturmeldung".
    nouns=(
        r"\w*berichte?s?n?",
        r"\w*meldung(?:en)?",
        r"\w*mitteilung(?:en)?",
        r"\w*erkl[äa]rung(?:en)?",
        r"kommuniqu[ée]s?",
        r"stellungnahmen?",
        r"aufnahmen",
        r"\w*videos?",
        r"studien?|studie",
        r"untersuchung(?:en)?",
        r"bulletins?",
        r"interviews?",
    ),
    before_link=r"\s+(?:[\w-]+\s+){0,2}?(?:von|vom|der|des|aus|bei)\s*",
    after_link=r"\s*-\s*\w*?|\s+(?:\w+\s+)?",
    # Compounds join with a hyphen too ("Reuters-Meldung"): a noun may follow one.
    left=r"(?<!\w)",
    read_more=(
        r"lesen\s+sie\s+(?:auch|mehr)",
        r"mehr\s+zum\s+thema",
        r"siehe\s+auch",
        r"auch\s+interessant",
        r"weiterlesen",
    ),
    self_refs=(
        r"wir\s+(?:hatten|haben)\s+(?:\w+\s+){0,3}?(?:berichtet|geschrieben)",
        r"wir\s+berichteten\s+(?:[üu]ber|dar[üu]ber)",
    ),
)

# Endings of regular -ar verbs in news prose: preterite, present, imperfect and the
# participle, singular and plural ("confirmó", "confirman", "confirmaba", "confirmado").
_ES_AR = r"(?:[óo]|aron|a|an|aba|aban|ado|amos|[áa]bamos)"

SPANISH = Language(
    code="es",
    verbs=(
        r"dij(?:o|eron)|dice(?:n)?|dec[íi]an?",
        *(
            stem + _ES_AR
            for stem in (
                "afirm",
                "declar",
                "inform",
                "report",
                "anunci",
                "confirm",
                "señal",
                "indic",
                "asegur",
                "explic",
                "public",
                "tuite",
                "revel",
                "denunci",
                "precis",
            )
        ),
        r"escribi(?:[óo]|eron)|escrib(?:e|en|[íi]a)",
        r"compart(?:i[óo]|ieron|e|en)",
        r"advirti(?:[óo]|eron)|advierte",
        r"sostuv(?:o|ieron)|sostiene",
        r"transmiti(?:[óo]|eron)",
    ),
    phrases=(
        r"seg[úu]n",
        r"de\s+acuerdo\s+con",
        r"citad[oa]s?\s+por",
        r"citando",
        r"en\s+un\s+(?:comunicado|despacho|informe|mensaje|tuit|video|v[íi]deo)",
        r"en\s+una\s+(?:declaraci[óo]n|entrevista|nota)",
        r"v[íi]a",
    ),
    nouns=(
        r"comunicados?",
        r"despachos?",
        r"cables?",
        r"informes?",
        r"reportes?",
        r"declaraci[óo]n(?:es)?",
        r"bolet[íi]n(?:es)?",
        r"im[áa]genes",
        r"v[íi]deos?",
        r"notas?\s+de\s+prensa",
        r"estudios?",
        r"investigaci[óo]n(?:es)?",
        r"entrevistas?",
    ),
    before_link=r"\s+(?:[\w-]+\s+){0,2}?(?:de|del|por|publicad[oa]\s+por)\s*(?:la\s+|el\s+|los\s+|las\s+)?",
    after_link=r"\s*,?\s*en\s+(?:un|una|su)\s+",
    read_more=(
        r"lea\s+tambi[ée]n",
        r"lee\s+tambi[ée]n",
        r"ver\s+tambi[ée]n",
        r"te\s+puede\s+interesar",
        r"leer\s+m[áa]s",
        r"m[áa]s\s+informaci[óo]n",
    ),
    self_refs=(r"(?:ya\s+)?(?:escribimos|informamos|hablamos)\s+sobre",),
)

RUSSIAN = Language(
    code="ru",
    verbs=(
        r"заяв(?:ил|ила|или|ило|ляет|ляют|лял|ляла|ляли)\w*",
        r"сообщ(?:ил|ила|или|ило|ает|ают|ал|ала|али|ается|алось)\w*",
        r"рассказ(?:ал|ала|али|ывает|ывают)\w*",
        r"сказал\w*|говорит\w*|говорил\w*|говорится",
        r"отметил\w*|отмечает\w*",
        r"подчеркнул\w*|подчеркивает\w*",
        r"подтверд(?:ил|ила|или)\w*|подтвержда\w+",
        r"объяв(?:ил|ила|или)\w*|объявля\w+",
        r"написал\w*|пиш(?:ет|ут)",
        r"опубликова\w+",
        r"переда(?:ет|ёт|ют|л|ла|ли)",
        r"утвержда\w+",
        r"признал\w*",
        r"процитирова\w+|цитиру\w+",
        r"твитнул\w*",
        r"выложил\w*",
        r"поделил\w*",
        r"уточн(?:ил|ила|или|яет)\w*",
        r"предупред(?:ил|ила|или)\w*",
        r"транслирова\w+",
    ),
    phrases=(
        r"по\s+(?:данным|словам|сообщению|информации|сведениям|оценкам)",
        r"как\s+сообща(?:ет|ют|ется|лось)",
        r"согласно",
        r"со\s+ссылкой\s+на",
        r"ссылаясь\s+на",
        r"в\s+(?:заявлении|интервью|сообщении|докладе)",
    ),
    nouns=(
        r"сообщени\w*",
        r"заявлени\w*",
        r"доклад\w*",
        r"отч[её]т\w*",
        r"бюллетен\w*",
        r"коммюнике",
        r"пресс-релиз\w*",
        r"кадр(?:ы|ах|ов)",
        r"видео\w*",
        r"расследовани\w*",
        r"интервью",
        r"публикаци\w*",
        r"депеш\w*",
        r"сводк\w*",
    ),
    # Russian puts the source in the genitive right after the noun ("доклад [ООН]").
    before_link=r"\s+(?:[\w-]+\s+){0,2}?(?:(?:от|из|у)\s+)?|\s+",
    after_link=r"\s*,?\s*в\s+(?:сво[её]м\s+)?",
    read_more=(
        r"читайте\s+(?:также|тоже)",
        r"читать\s+далее",
        r"подробнее",
        r"(?:смотрите|см\.)\s+также",
    ),
    self_refs=(r"(?:ранее\s+)?мы\s+(?:уже\s+)?(?:писали|рассказывали)(?:\s+о)?",),
)

# Arabic letters (hamza to yeh), and what may sit between them: diacritics and tatweel.
_AR_LETTER = "\u0621-\u064a"
_AR_MARKS = "[\u064b-\u0652\u0640]*"
# Clitics that attach before a word: conjunctions و/ف, prepositions ب/ل/ك, article ال.
_AR_PREFIX = "(?:[وف]?[بلك]?(?:ال)?)"
_AR_VARIANTS = {"ا": "[اأإآ]", "أ": "[اأإآ]", "إ": "[اأإآ]", "ة": "[ةه]", "ي": "[يى]", "ى": "[يى]"}


def _arabic_word(word: str) -> str:
    return _AR_MARKS.join(_AR_VARIANTS.get(letter, re.escape(letter)) for letter in word)


def _arabic(*forms: str, suffix: int = 3) -> str:
    """Arabic forms (words or phrases): each letter may carry diacritics, alef and
    teh-marbuta variants match each other, clitics may stand before, and up to
    ``suffix`` letters (pronoun and agreement endings) after."""
    alternatives = "|".join(
        r"\s+".join(_arabic_word(word) for word in form.split()) for form in forms
    )
    return f"{_AR_PREFIX}(?:{alternatives}){_AR_MARKS}(?:[{_AR_LETTER}]{_AR_MARKS}){{0,{suffix}}}"


ARABIC = Language(
    code="ar",
    verbs=(
        _arabic("قال", "يقول", "تقول", suffix=2),
        _arabic("صرح", "أعلن", "يعلن", "أكد", "يؤكد", "ذكر", "أفاد", "أفادت", "نشر", "كتب", "غرد"),
        _arabic("أوضح", "أشار", "نقل", "كشف", "أضاف", "نفى", "اعترف", "حذر", "أورد", "بثت"),
    ),
    phrases=(
        _arabic("وفقا", "وفقاً", "بحسب", "حسب", "طبقا", suffix=1),
        _arabic("نقلا عن", "نقلاً عن", "استنادا إلى", suffix=0),
        _arabic("في بيان", "في تصريح", "في مقابلة", "في تقرير", suffix=0),
    ),
    nouns=(
        _arabic(
            "بيان",
            "تقرير",
            "نشرة",
            "برقية",
            "لقطات",
            "فيديو",
            "مقطع",
            "تسجيل",
            "بلاغ",
            "دراسة",
            "تحقيق",
            "مقابلة",
            "تصريح",
        ),
    ),
    # The source follows the noun in the genitive construct ("بيان [الوزارة]").
    before_link=r"\s+(?:\S+\s+){0,2}?(?:" + _arabic("عن", "من", "ل", suffix=0) + r"\s+)?|\s+",
    after_link=r"\s*,?\s*(?:في\s+)",
    read_more=(
        _arabic(
            "اقرأ أيضا", "اقرأ أيضاً", "اقرأ المزيد", "طالع أيضا", "شاهد أيضا", "ذات صلة", suffix=1
        ),
    ),
    self_refs=(_arabic("كتبنا عن", "سبق أن كتبنا", "تحدثنا عن", suffix=0),),
    left=f"(?<![{_AR_LETTER}])",
    right=f"(?![{_AR_LETTER}])",
)

TURKISH = Language(
    code="tr",
    verbs=(
        # Agglutinative: a stem takes tense, person, voice and case endings
        # (belirtti, belirtildi, belirttiği, belirterek).
        r"açıkla\w*",
        r"söyle\w*",
        r"dedi\w*|diye\s+konuştu",
        r"belirt\w*",
        r"bildir\w*",
        r"duyur\w*",
        r"aktar\w*",
        r"yaz(?:dı|mış|dığı|arak|ıyor)\w*",
        r"paylaş\w*",
        r"tweet(?:le\w*|\s+att\w*)",
        r"doğrula\w*",
        r"iddia\s+et\w*",
        r"ifade\s+et\w*",
        r"kaydet\w*",
        r"vurgula\w*",
        r"yayı[mn]la\w*",
        r"haber\s+ver\w*",
        r"uyar(?:dı|mış|an|arak)\w*",
        r"canlı\s+yayınla\w*",
        r"(?:kaynaklarına\s+)?göre",
        r"tarafından",
    ),
    # Turkish attributes with postpositions, which follow their noun ("[Reuters]'a
    # göre", "... tarafından"): they are no phrase governing the link after them (see
    # ``phrases``), but cues governing the nearest link, like verbs (listed there).
    phrases=(),
    nouns=(
        r"açıklama\w*",
        r"rapor\w*",
        r"bülten\w*",
        r"bildiri\w*",
        r"haberi\w*",
        r"görüntü\w*",
        r"video\w*",
        r"röportaj\w*",
        r"araştırma\w*",
        r"genelge\w*",
    ),
    before_link=r"\s+(?:[\w-]+\s+){0,1}?",
    after_link=r"(?:['’]\w+)?\s+(?:\w+\s+)?",
    read_more=(
        r"ayrıca\s+okuyun",
        r"bunu\s+da\s+okuyun",
        r"ilgili\s+haber(?:ler)?",
        r"daha\s+fazla\s+oku",
        r"devamını\s+oku",
        r"ilginizi\s+çekebilir",
    ),
    self_refs=(r"daha\s+önce\s+(?:yazmıştık|haberini\s+yapmıştık|aktarmıştık)",),
)

CHINESE = Language(
    code="zh",
    verbs=(
        r"表示",
        r"(?<![名号堪简俗统自])称(?![为号作])",
        r"(?<![小传])说(?!明书)",
        r"报道|报导",
        r"指出",
        r"宣布",
        r"证实",
        r"透露",
        r"发布",
        r"声称",
        r"写道",
        r"发文|发帖|发推|推文",
        r"强调",
        r"告诉",
        r"披露",
        r"确认",
        r"公布",
        r"直播",
    ),
    phrases=(r"根据", r"(?<![数证占依])据(?:报道|悉|称|了解)?", r"援引", r"引述", r"转引"),
    nouns=(
        r"声明",
        r"公报",
        r"通报",
        r"报告",
        r"新闻稿",
        r"通稿",
        r"电讯",
        r"快讯",
        r"画面",
        r"视频",
        r"录像",
        r"简报",
        r"公告",
        r"调查",
        r"专访|采访",
    ),
    before_link=r"\s*",
    after_link=r"\s*(?:的|发布的|发表的)?\s*",
    read_more=(r"延伸阅读", r"相关阅读", r"相关新闻", r"阅读更多", r"更多阅读", r"参见"),
    self_refs=(r"我们(?:此前|曾|之前)(?:写|报道|介绍)过",),
    left="",
    right="",
)

LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (ENGLISH, FRENCH, GERMAN, SPANISH, RUSSIAN, ARABIC, TURKISH, CHINESE)
}
DEFAULT_LANGUAGE = "en"

# --- Choosing the language --------------------------------------------------------------

# Scripts that name one supported language: a paragraph mostly in one of them is read
# with that language's cues (Ukrainian and Belarusian pages read as Russian: their
# reporting stems overlap; Persian and Urdu as Arabic).
_SCRIPTS = (
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")),
)
SCRIPT_LANGUAGES = frozenset(code for code, _ in _SCRIPTS)
_NON_LATIN = re.compile("|".join(pattern.pattern for _, pattern in _SCRIPTS))
_LETTER = re.compile(r"[^\W\d_]")
# Letters of a paragraph sampled to tell its script: enough for a vote, bounded in time.
SCRIPT_SAMPLE_CHARS = 400
# Characters of a page's text sampled to guess the language it does not declare.
PAGE_SAMPLE_CHARS = 2000
# A script is the paragraph's when at least this share of its sampled letters is in it.
SCRIPT_SHARE = 0.3
# Function words of the Latin-script languages: an undeclared page votes with them.
_FUNCTION_WORDS = {
    "en": frozenset({"the", "and", "of", "to", "in", "that", "is", "was", "for", "with"}),
    "fr": frozenset({"le", "la", "les", "des", "et", "est", "une", "dans", "du", "que"}),
    "de": frozenset({"der", "die", "und", "das", "ist", "nicht", "mit", "den", "ein", "zu"}),
    "es": frozenset({"el", "los", "las", "y", "que", "del", "una", "por", "con", "es"}),
    "tr": frozenset({"ve", "bir", "bu", "ile", "için", "da", "de", "olarak", "çok", "daha"}),
}
_WORD = re.compile(r"\w+")
# At least this many function words before a Latin-script vote counts.
MIN_FUNCTION_WORDS = 2


def language_of_text(text: str, sample_chars: int = SCRIPT_SAMPLE_CHARS) -> str:
    """The supported language a text is most likely in, by script, then function words."""
    sample = text[:sample_chars]
    script = script_language(sample, sample_chars)
    if script:
        return script
    words = [word.lower() for word in _WORD.findall(sample)]
    votes = {
        code: sum(1 for word in words if word in vocabulary)
        for code, vocabulary in _FUNCTION_WORDS.items()
    }
    best = max(votes, key=lambda code: (votes[code], code == DEFAULT_LANGUAGE))
    return best if votes[best] >= MIN_FUNCTION_WORDS else DEFAULT_LANGUAGE


def script_language(text: str, sample_chars: int = SCRIPT_SAMPLE_CHARS) -> str:
    """The language a non-Latin script names ("" for Latin text)."""
    sample = text[:sample_chars]
    if not _NON_LATIN.search(sample):
        return ""
    letters = len(_LETTER.findall(sample)) or 1
    for code, pattern in _SCRIPTS:
        if len(pattern.findall(sample)) >= SCRIPT_SHARE * letters:
            return code
    return ""


# --- Compiled cues ----------------------------------------------------------------------


def _alternation(fragments: tuple[str, ...]) -> str:
    # Longest first: "according to" before "to", "set up" before "set". No fragments:
    # a pattern that never matches (an empty alternation would match everywhere).
    if not fragments:
        return "(?!)"
    return "|".join(sorted(fragments, key=lambda fragment: (-len(fragment), fragment)))


class Cues:
    """The compiled cue patterns of one or more languages."""

    def __init__(self, languages: tuple[Language, ...]) -> None:
        self.codes = tuple(language.code for language in languages)
        self._cue = [
            re.compile(
                f"{lang.left}(?:(?P<phrase>{_alternation(lang.phrases)})"
                f"|(?P<verb>{_alternation(lang.verbs)})){lang.right}",
                re.IGNORECASE,
            )
            for lang in languages
        ]
        self._noun = [
            re.compile(f"{lang.left}({_alternation(lang.nouns)}){lang.right}", re.IGNORECASE)
            for lang in languages
        ]
        self._noun_before = [
            re.compile(
                f"{lang.left}({_alternation(lang.nouns)}){lang.right}(?:{lang.before_link})$",
                re.IGNORECASE,
            )
            for lang in languages
        ]
        self._noun_after = [
            re.compile(
                f"^(?:{lang.after_link})({_alternation(lang.nouns)}){lang.right}", re.IGNORECASE
            )
            for lang in languages
        ]
        self._read_more = [
            re.compile(f"^\\W*(?:{_alternation(lang.read_more)})(?!\\w)", re.IGNORECASE)
            for lang in languages
        ]
        # A label with its colon right before the link, wherever the sentence starts
        # (languages whose sentences the splitter does not cut: "…。延伸阅读：[X]").
        self._label_before = [
            re.compile(f"(?<!\\w)(?:{_alternation(lang.read_more)})\\s*[:：]\\s*$", re.IGNORECASE)
            for lang in languages
        ]
        self._self = [
            re.compile(
                f"{lang.left}(?:{_alternation(lang.self_refs)}){lang.right}"
                f"(?:{lang.self_tail})\\W*$",
                re.IGNORECASE,
            )
            for lang in languages
        ]

    def cues(self, text: str) -> list[tuple[int, str, bool]]:
        """(position, cue as written in lower case, whether it is an attribution phrase)."""
        found: list[tuple[int, str, bool]] = []
        for pattern in self._cue:
            for match in pattern.finditer(text):
                phrase = match.group("phrase")
                found.append((match.start(), _form(match.group(0)), phrase is not None))
        if len(self._cue) > 1:
            found.sort()
        return found

    def noun_in(self, text: str) -> str:
        for pattern in self._noun:
            match = pattern.search(text)
            if match:
                return _form(match.group(1))
        return ""

    def noun_around(self, before: str, after: str) -> str:
        """A news noun that heads the link's phrase: right before it with a linking word
        ("a report by [X]", "доклад [ООН]"), or right after it ("[X]'s statement")."""
        for pattern in self._noun_before:
            match = pattern.search(before)
            if match:
                return _form(match.group(1))
        for pattern in self._noun_after:
            match = pattern.match(after)
            if match:
                return _form(match.group(1))
        return ""

    def read_more(self, sentence: str, before: str) -> bool:
        """Whether the sentence starts with a read-more label ("Read more:", "See also"),
        or the text right before the link ends with one and its colon."""
        return any(pattern.match(sentence) for pattern in self._read_more) or any(
            pattern.search(before) for pattern in self._label_before
        )

    def self_reference(self, before: str) -> bool:
        """Whether the text right before a link ends with a "we wrote about" phrase."""
        return any(pattern.search(before) for pattern in self._self)


def _form(text: str) -> str:
    return " ".join(text.lower().split())


@lru_cache(maxsize=64)
def cues_for(codes: tuple[str, ...]) -> Cues:
    """The compiled cues of these language codes (unknown codes are left out; English
    when none is known). Compiled once per combination."""
    languages = tuple(LANGUAGES[code] for code in dict.fromkeys(codes) if code in LANGUAGES)
    return Cues(languages or (LANGUAGES[DEFAULT_LANGUAGE],))


def cues_of_text(declared: str, text: str) -> Cues:
    """The cues to read a sentence (or paragraph) with: the page's declared language
    (when supported), plus the language of the text's own script when that differs (a
    quoted Russian sentence on an English page, an English one on a Russian page); the
    text's guessed language when the page declares none or an unsupported one."""
    if declared in LANGUAGES:
        script = script_language(text)
        if not script and declared in SCRIPT_LANGUAGES:
            # Latin script on a Russian, Arabic or Chinese page: a quote, most often in
            # English.
            script = language_of_text(text)
        return cues_for((declared, script) if script and script != declared else (declared,))
    return cues_for((language_of_text(text),))


def page_language(declared: str, paragraphs: list[str]) -> str:
    """The language a page's cues are read in: its declared one when supported, else a
    guess from the start of its text (one paragraph alone is often too short to vote)."""
    if declared in LANGUAGES:
        return declared
    sample: list[str] = []
    size = 0
    for paragraph in paragraphs:
        sample.append(paragraph[:PAGE_SAMPLE_CHARS])
        size += len(sample[-1])
        if size >= PAGE_SAMPLE_CHARS:
            break
    return language_of_text(" ".join(sample), PAGE_SAMPLE_CHARS)
