"""A seeded generator of article pages that test how in-body links are classified.

Each page is one language (en, fr, de, es, ru, ar, tr, zh) rendered through one of
several CMS-like templates (WordPress, Drupal, Ghost, Blogger, a wire page), with
neutral prose around a random draw of scenario sentences:

- ``verb``: a reporting verb, the link on the verb or on the source, the cue before or
  after it, at the start or the end of the sentence;
- ``platform``: a platform verb (tweeted, posted on Telegram, ...);
- ``phrase``: an attribution phrase (according to, selon, laut, по данным, ...);
- ``noun``: a news noun heading the link's phrase, the link on the noun phrase, on
  the source's name or after the noun;
- ``brand``: the cited outlet's own name as the sentence's subject, no cue;
- ``embed``: an embedded post or video in one of several real markups per platform;
- ``self``: read-more labels and "we wrote about" links to the outlet's own coverage
  (or, on a republished copy, to the original outlet's);
- ``as-we-reported``: the outlet citing itself as a source (an attribution);
- ``context``: a link on a place name in a sentence without any cue;
- ``read-more-other``: a read-more label in front of another outlet's page (context);

and distractors outside the body (related-links boxes whose headlines hold cue words,
share buttons, tag lists): none of their links may be taken as an attribution.

``python tests/linkgen.py [--pages N] [--seed S]`` prints the accuracy per scenario.
"""

# ruff: noqa: E501  (sentences and markups of eight languages read best unbroken)

from __future__ import annotations

import argparse
import random
import string
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from urllib.parse import quote

from provenance.extract import extract_page, kind_of_content
from provenance.models import (
    KIND_MEDIA,
    KIND_SOCIAL,
    LINK_ATTRIBUTION,
    LINK_CONTEXT,
    LINK_SELF,
    Link,
    Page,
)

LANGUAGES = ("en", "fr", "de", "es", "ru", "ar", "tr", "zh")

# --- Language data ------------------------------------------------------------------------
# Placeholders: {who} (the speaker), {fact} (what is claimed), {src} (a source's name),
# {place}, {headline}; the link is written between [ and ].

FILLER = {
    "en": (
        "The town lies on a plain east of the river, where farms line the old road to the coast.",
        "Most of its residents work in the fields or in the small market near the bus station.",
        "In winter the road often floods, and the bridge is the only way across for many families.",
    ),
    "fr": (
        "La ville se trouve dans une plaine à l'est du fleuve, où des fermes bordent l'ancienne route.",
        "La plupart des habitants travaillent dans les champs ou au petit marché près de la gare.",
        "En hiver, la route est souvent inondée et le pont reste le seul passage pour les familles.",
    ),
    "de": (
        "Die Stadt liegt in einer Ebene östlich des Flusses, wo Höfe die alte Straße zur Küste säumen.",
        "Die meisten Bewohner arbeiten auf den Feldern oder auf dem kleinen Markt am Busbahnhof.",
        "Im Winter ist die Straße oft überflutet, und die Brücke ist für viele Familien der einzige Weg.",
    ),
    "es": (
        "La ciudad está en una llanura al este del río, donde las granjas bordean el viejo camino.",
        "La mayoría de sus habitantes trabaja en los campos o en el pequeño mercado junto a la estación.",
        "En invierno el camino se inunda a menudo y el puente es el único paso para muchas familias.",
    ),
    "ru": (
        "Город стоит на равнине к востоку от реки, где вдоль старой дороги тянутся фермы и сады.",
        "Большинство жителей работают в поле или на небольшом рынке у автовокзала в центре.",
        "Зимой дорогу часто заливает, и мост остаётся единственной переправой для многих семей.",
    ),
    "ar": (
        "تقع البلدة في سهل شرق النهر حيث تصطف المزارع على طول الطريق القديم إلى الساحل.",
        "يعمل معظم سكانها في الحقول أو في السوق الصغيرة قرب محطة الحافلات في وسط البلدة.",
        "في الشتاء تغمر المياه الطريق غالبا ويبقى الجسر المعبر الوحيد لكثير من العائلات.",
    ),
    "tr": (
        "Kasaba, nehrin doğusundaki bir ovada yer alıyor ve eski yol boyunca çiftlikler uzanıyor.",
        "Sakinlerin çoğu tarlalarda ve otogarın yanındaki küçük pazarda çalışıyor, bu da çok eski.",
        "Kışın yol sık sık su basıyor ve köprü birçok aile için tek geçit oluyor, daha da zor.",
    ),
    "zh": (
        "这座小镇位于河东的平原上，旧公路两旁都是农田和果园，向东一直延伸到海边的几个村庄。",
        "大多数居民在田间或汽车站附近的小市场工作，生活很简单，孩子们每天步行去镇上的学校。",
        "冬天道路经常被淹，这座桥是许多家庭唯一的通道，附近的农民只能等到春天再运送粮食。",
    ),
}

WHO = {
    "en": ("the ministry", "the agency", "a spokesman", "local officials"),
    "fr": ("le ministère", "l'agence", "un porte-parole", "les autorités locales"),
    "de": ("das Ministerium", "die Agentur", "ein Sprecher", "die Behörden"),
    "es": ("el ministerio", "la agencia", "un portavoz", "las autoridades locales"),
    "ru": ("министерство", "агентство", "представитель ведомства", "местные власти"),
    "ar": ("الوزارة", "الوكالة", "متحدث باسم الجيش", "السلطات المحلية"),
    "tr": ("Bakanlık", "Ajans", "Sözcü", "Yerel yetkililer"),
    "zh": ("国防部", "该机构", "发言人", "地方当局"),
}

FACTS = {
    "en": (
        "the death toll rose to six",
        "the convoy reached the border",
        "two bridges were damaged",
    ),
    "fr": (
        "le bilan s'élève à six morts",
        "le convoi a atteint la frontière",
        "deux ponts sont endommagés",
    ),
    "de": (
        "die Zahl der Toten sei auf sechs gestiegen",
        "der Konvoi habe die Grenze erreicht",
        "zwei Brücken seien beschädigt",
    ),
    "es": (
        "el número de muertos subió a seis",
        "el convoy llegó a la frontera",
        "dos puentes resultaron dañados",
    ),
    "ru": (
        "число погибших выросло до шести",
        "колонна достигла границы",
        "два моста были повреждены",
    ),
    "ar": ("عدد القتلى ارتفع إلى ستة", "القافلة وصلت إلى الحدود", "جسرين تضررا بشدة"),
    "tr": (
        "ölü sayısının altıya yükseldiğini",
        "konvoyun sınıra ulaştığını",
        "iki köprünün hasar gördüğünü",
    ),
    "zh": ("死亡人数升至六人", "车队已抵达边境", "两座桥梁受损"),
}
# Main-clause facts, for languages whose word order differs after a phrase.
MAIN_FACTS = {
    "de": ("ist die Zahl der Toten auf sechs gestiegen", "hat der Konvoi die Grenze erreicht"),
    "tr": ("ölü sayısı altıya yükseldi", "konvoy sınıra ulaştı"),
}

VERBS = {
    "en": (
        "said",
        "reported",
        "announced",
        "confirmed",
        "told reporters",
        "wrote",
        "stated",
        "claimed",
        "revealed",
    ),
    "fr": (
        "a déclaré",
        "a affirmé",
        "a annoncé",
        "a indiqué",
        "a précisé",
        "a confirmé",
        "déclare",
        "affirment",
        "ont annoncé",
    ),
    "de": ("sagte", "erklärte", "berichtete", "meldete", "bestätigte", "schrieb", "erklärten"),
    "es": ("dijo", "afirmó", "declaró", "informó", "anunció", "confirmó", "aseguró", "señalaron"),
    "ru": (
        "заявил",
        "заявила",
        "заявили",
        "сообщил",
        "сообщило",
        "сообщает",
        "рассказал",
        "подтвердили",
        "отметил",
    ),
    "ar": ("قالت", "قال", "أعلنت", "أكدت", "ذكرت", "أفادت", "صرحت", "وقالت", "وأكدت"),
    "tr": (
        "açıkladı",
        "bildirdi",
        "duyurdu",
        "belirtti",
        "söyledi",
        "doğruladı",
        "kaydetti",
        "aktardı",
    ),
    "zh": ("表示", "称", "宣布", "证实", "指出", "透露", "说"),
}
# More inflections, which the cue lists do not spell out one by one: their stems and
# endings must cover them.
MORE_VERBS = {
    "en": ("says", "confirms", "admitted", "warned"),
    "fr": ("ont affirmé", "avait annoncé", "affirmait", "ont confirmé", "indiquent"),
    "de": ("erklärten", "berichteten", "bestätigten", "meldeten"),
    "es": ("informaron", "aseguraron", "anunciaron", "confirmaba"),
    "ru": ("заявляют", "сообщила", "рассказала", "подтвердил", "отметили", "уточнили"),
    "ar": ("وأعلنت", "أكد", "وذكرت", "أوضحت", "أشارت"),
    "tr": ("açıkladılar", "bildirdiler", "duyurdular", "aktardılar", "kaydettiler"),
    "zh": ("声称", "强调", "披露", "确认"),
}
VERBS = {language: (*VERBS[language], *MORE_VERBS[language]) for language in VERBS}
PLATFORM_VERBS = {
    "en": (
        "tweeted",
        "posted on Telegram",
        "wrote on Telegram",
        "shared on Facebook",
        "posted on X",
        "streamed",
    ),
    "fr": ("a tweeté", "a posté sur Telegram", "a écrit sur Telegram", "a partagé sur Facebook"),
    "de": ("twitterte", "postete auf Telegram", "schrieb auf Telegram", "teilte auf Facebook"),
    "es": ("tuiteó", "publicó en Telegram", "escribió en Telegram", "compartió en Facebook"),
    "ru": ("написало в Telegram", "сообщило в Telegram", "твитнуло", "поделилось в Facebook"),
    "ar": ("غردت", "نشرت على تلغرام", "كتبت على تلغرام", "نشرت على فيسبوك"),
    "tr": ("paylaştı", "tweet attı", "Telegram'da paylaştı", "Telegram'dan duyurdu"),
    "zh": ("发推称", "在Telegram上发文称", "在脸书上发帖称"),
}

VERB_TEMPLATES = {
    "en": (
        "{Who} [{verb}] that {fact}.",
        "[{Who}] {verb} that {fact}.",
        "{Fact}, [{who}] {verb}.",
        "{Fact}, {who} [{verb}] on Monday.",
    ),
    "fr": ("{Who} [{verb}] que {fact}.", "[{Who}] {verb} que {fact}.", "{Fact}, [{verb}] {who}."),
    "de": ("{Who} [{verb}], {fact}.", "[{Who}] {verb}, {fact}.", "{Fact}, [{verb}] {who}."),
    "es": ("{Who} [{verb}] que {fact}.", "[{Who}] {verb} que {fact}.", "{Fact}, [{verb}] {who}."),
    "ru": (
        "{Who} [{verb}], что {fact}.",
        "[{Who}] {verb}, что {fact}.",
        "{Fact}, — [{verb}] {who}.",
    ),
    "ar": ("[{verb}] {who} إن {fact}.", "{verb} [{who}] إن {fact}.", "{fact}، [{verb}] {who}."),
    "tr": ("{Who}, {fact} [{verb}].", "[{Who}], {fact} {verb}.", "{Who} bugün {fact} [{verb}]."),
    "zh": ("{Who}[{verb}]{fact}。", "[{Who}]{verb}，{fact}。", "{Who}周一[{verb}]，{fact}。"),
}
PLATFORM_TEMPLATES = {lang: templates[:2] for lang, templates in VERB_TEMPLATES.items()}
PHRASE_TEMPLATES = {
    "en": (
        "{Fact}, according to [{src}].",
        "According to [{src}], {fact}.",
        "{Fact}, as reported by [{src}].",
    ),
    "fr": ("Selon [{src}], {fact}.", "{Fact}, selon [{src}].", "D'après [{src}], {fact}."),
    "de": ("Laut [{src}] {main}.", "[{src}] zufolge {main}.", "Nach Angaben von [{src}] {main}."),
    "es": ("Según [{src}], {fact}.", "{Fact}, según [{src}].", "De acuerdo con [{src}], {fact}."),
    "ru": (
        "По данным [{src}], {fact}.",
        "Как сообщает [{src}], {fact}.",
        "{Fact}, по данным [{src}].",
    ),
    "ar": ("وفقا لـ[{src}]، {fact}.", "بحسب [{src}]، {fact}.", "{fact}، بحسب [{src}]."),
    "tr": ("[{src}]'a göre {main}.", "[{src}] kaynaklarına göre {main}."),
    "zh": ("据[{src}]报道，{fact}。", "根据[{src}]的消息，{fact}。"),
}
NOUN_TEMPLATES = {
    "en": (
        "A [{src} dispatch] from the capital put the death toll at six.",
        "A [{src}] dispatch from the capital put the death toll at six.",
        "Footage aired by [{src}] shows the damaged bridge.",
        "A wire report from [{src}] puts the toll at six.",
        # (A line that is mostly link text is a link list, not prose: so the sentence
        # runs on past its link.)
        "[The ministry's bulletin] lists six dead and twelve wounded after the strike.",
        "[{src}]'s statement lists six dead.",
    ),
    "fr": (
        "Une [dépêche de {src}] fait état de six morts.",
        "Une dépêche de [{src}] fait état de six morts.",
        "Des images diffusées par [{src}] montrent le pont détruit.",
        "Le [communiqué] du ministère fait état de six morts.",
    ),
    "de": (
        "Eine [{src}-Meldung] nennt sechs Tote.",
        "Eine [{src}]-Meldung nennt sechs Tote.",
        "Ein Bericht der [{src}] nennt sechs Tote.",
        "Aufnahmen von [{src}] zeigen die zerstörte Brücke.",
    ),
    "es": (
        "Un [despacho de {src}] cifró en seis los muertos.",
        "Un despacho de [{src}] cifró en seis los muertos.",
        "Imágenes difundidas por [{src}] muestran el puente destruido.",
        "El [comunicado] del ministerio cifra en seis los muertos.",
    ),
    "ru": (
        "[Сообщение {src}] приводит число погибших: шесть человек.",
        "Сводка [{src}] приводит число погибших: шесть человек.",
        "Доклад [{src}] приводит число погибших: шесть человек.",
        "Кадры [{src}] показывают разрушенный мост.",
    ),
    "ar": (
        "بيان [{src}] تحدث عن ستة قتلى.",
        "[برقية {src}] تحدثت عن ستة قتلى.",
        "لقطات [{src}] تظهر الجسر المدمر.",
        "تقرير [{src}] يتحدث عن ستة قتلى.",
    ),
    "tr": (
        "[{src}] bülteninde ölü sayısı altı olarak geçiyor.",
        "[{src}]'ın raporunda ölü sayısı altı olarak geçiyor.",
        "[{src} görüntüleri] yıkılan köprüyü gösteriyor.",
    ),
    "zh": (
        "[{src}]的报道显示，死亡人数为六人。",
        "国防部的[声明]显示，死亡人数为六人。",
        "[{src}]公报显示，死亡人数为六人。",
        "[{src}]的视频画面显示桥梁被毁。",
    ),
}
BRAND_TEMPLATES = {
    "en": ("[{src}] put the death toll at six.", "On Monday [{src}] put the death toll at six."),
    "fr": ("[{src}] a chiffré le bilan à six morts.",),
    "de": ("[{src}] bezifferte die Zahl der Toten auf sechs.",),
    "es": ("[{src}] cifró en seis el número de muertos.",),
    "ru": ("[{src}] оценило число погибших в шесть человек.",),
    "ar": ("[{src}] قدرت عدد القتلى بستة.",),
    "tr": ("[{src}] ölü sayısını altı olarak verdi.",),
    "zh": ("[{src}]估计死亡人数为六人。",),
}
SELF_TEMPLATES = {
    "en": (
        "Earlier, we wrote about [{headline}].",
        "Read more: [{headline}]",
        "See also: [{headline}]",
        "We have written about [{headline}] before.",
    ),
    "fr": (
        "À lire aussi : [{headline}]",
        "Nous avons écrit sur [{headline}] la semaine dernière.",
        "Voir aussi : [{headline}]",
    ),
    "de": (
        "Lesen Sie auch: [{headline}]",
        "Mehr zum Thema: [{headline}]",
        "Wir berichteten über [{headline}].",
    ),
    "es": (
        "Lea también: [{headline}]",
        "Te puede interesar: [{headline}]",
        "Ya escribimos sobre [{headline}] la semana pasada.",
    ),
    "ru": (
        "Читайте также: [{headline}]",
        "Ранее мы писали о [{headline}].",
        "Подробнее: [{headline}]",
    ),
    "ar": (
        "اقرأ أيضا: [{headline}]",
        "كتبنا عن [{headline}] الأسبوع الماضي.",
        "ذات صلة: [{headline}]",
    ),
    "tr": (
        "Ayrıca okuyun: [{headline}]",
        "Bunu da okuyun: [{headline}]",
        "Daha önce yazmıştık: [{headline}]",
    ),
    "zh": ("延伸阅读：[{headline}]", "相关新闻：[{headline}]", "我们此前报道过[{headline}]。"),
}
READ_MORE_OTHER = {
    lang: tuple(t for t in templates if ":" in t or "：" in t)
    for lang, templates in SELF_TEMPLATES.items()
}
AS_WE_TEMPLATES = {
    "en": ("As we [reported], {fact}.", "As we reported [last week], {fact}."),
    "fr": ("Comme nous l'avons [rapporté], {fact}.",),
    "de": ("Wie wir [berichteten], {main}.",),
    "es": ("Como [informamos], {fact}.",),
    "ru": ("Как мы [сообщали], {fact}.",),
    "ar": ("كما [ذكرنا]، {fact}.",),
    "tr": ("[Bildirdiğimiz] gibi {main}.",),
    "zh": ("正如我们此前[报道]的，{fact}。",),
}
# Two links in one sentence: the source (an attribution) and a place (context), the
# second link written between << and >>.
PAIR_TEMPLATES = {
    "en": (
        "According to [{src}], the bridge at <<{place}>> collapsed.",
        "[{src}] reported that the bridge at <<{place}>> collapsed.",
    ),
    "fr": ("Selon [{src}], le pont de <<{place}>> s'est effondré.",),
    "de": ("Laut [{src}] ist die Brücke bei <<{place}>> eingestürzt.",),
    "es": ("Según [{src}], el puente de <<{place}>> se derrumbó.",),
    "ru": ("По данным [{src}], мост в <<{place}>> обрушился.",),
    "ar": ("بحسب [{src}]، انهار الجسر في <<{place}>>.",),
    "tr": ("[{src}]'a göre <<{place}>> köprüsü çöktü.",),
    "zh": ("据[{src}]报道，<<{place}>>的桥梁倒塌。",),
}
CONTEXT_TEMPLATES = {
    "en": (
        "The town of [{place}] lies on a plain east of the river.",
        "The road to [{place}] was rebuilt in 1990.",
    ),
    "fr": ("La ville de [{place}] se trouve au bord du fleuve.",),
    "de": ("Die Stadt [{place}] liegt am Fluss.",),
    "es": ("La ciudad de [{place}] está junto al río.",),
    "ru": ("Город [{place}] расположен на берегу реки.",),
    "ar": ("تقع مدينة [{place}] على ضفة النهر.",),
    "tr": ("[{place}] kenti nehrin kıyısında yer alıyor.",),
    "zh": ("[{place}]市位于河边。",),
}
HEADLINES = {
    "en": (
        "Police said the toll rose overnight",
        "the toxic agents found in the depot",
        "the convoy's route",
    ),
    "fr": ("le convoi vers la frontière", "les ponts détruits"),
    "de": ("den Konvoi an der Grenze", "die zerstörten Brücken"),
    "es": ("el convoy en la frontera", "los puentes destruidos"),
    "ru": ("колонне на границе", "разрушенных мостах"),
    "ar": ("القافلة على الحدود", "الجسور المدمرة"),
    "tr": ("Sınırdaki konvoy", "Yıkılan köprüler"),
    "zh": ("边境车队", "被毁的桥梁"),
}
EMBED_INTRO = {
    "en": "The ministry posted a video of the damage on its channel:",
    "fr": "Le ministère a publié une vidéo des dégâts :",
    "de": "Das Ministerium veröffentlichte ein Video der Schäden:",
    "es": "El ministerio publicó un video de los daños:",
    "ru": "Министерство опубликовало видео разрушений:",
    "ar": "نشرت الوزارة مقطعا يظهر الأضرار:",
    "tr": "Bakanlık hasarı gösteren bir video paylaştı:",
    "zh": "国防部发布了一段损毁画面的视频：",
}
# How an embed widget writes the post's date in each language (3 March 2024).
DATE_TEXT = {
    "en": "March 3, 2024",
    "fr": "3 mars 2024",
    "de": "3. März 2024",
    "es": "3 de marzo de 2024",
    "ru": "3 марта 2024 г.",
    "ar": "March 3, 2024",
    "tr": "3 Mart 2024",
    "zh": "2024年3月3日",
}
PLACES = ("Norsa", "Teleb", "Qaryat", "Vellan", "Osrik")

# --- Sources -----------------------------------------------------------------------------------


def _brand(rng: random.Random) -> str:
    syllables = ("nor", "va", "kel", "mar", "tis", "lon", "dra", "bel", "quo", "sen", "rik", "ta")
    return "".join(rng.choice(syllables) for _ in range(3)).capitalize()


def _path(rng: random.Random) -> str:
    slug = "-".join(
        rng.choice(("toll", "convoy", "bridge", "border", "strike", "report")) for _ in range(3)
    )
    return f"/2024/03/{rng.randint(1, 28):02d}/{slug}-{rng.randint(100, 99999)}"


# --- Cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    url: str
    kind: str
    scenario: str
    language: str
    template: str
    published: str = ""
    embed: bool = False


@dataclass
class Variant:
    name: str
    url: str
    html: str
    language: str
    expected: list[Expected] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)


def _fill(template: str, values: dict[str, str]) -> str:
    values = dict(values)
    for key in list(values):
        values[key[0].upper() + key[1:]] = values[key][:1].upper() + values[key][1:]
    return template.format(**values)


def _link(sentence: str, url: str, second: str = "") -> str:
    """The sentence as HTML, the bracketed words linked to ``url`` (and the words
    between << and >> to ``second``)."""
    head, rest = sentence.split("[", 1)
    anchor, tail = rest.split("]", 1)
    html = f'{escape(head)}<a href="{escape(url)}">{escape(anchor)}</a>{escape(tail)}'
    if second:
        html = html.replace("&lt;&lt;", f'<a href="{escape(second)}">', 1).replace(
            "&gt;&gt;", "</a>", 1
        )
    return html


def _id(rng: random.Random, digits: int = 19) -> str:
    return str(rng.randint(10 ** (digits - 1), 10**digits - 1))


def _code(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(11))


EPOCH = 1709460000  # 2024-03-03T10:00:00Z
EPOCH_ISO = datetime.fromtimestamp(EPOCH, tz=UTC).isoformat()


def embed_markup(rng: random.Random, language: str) -> tuple[str, str, str]:
    """(markup, expected post URL, expected date or "") of one embed, in a random markup."""
    handle = rng.choice(("MoD_Press", "gov_news", "cityhall"))
    tweet = _id(rng)
    date_text = DATE_TEXT[language]
    blockquote = (
        f'<blockquote class="twitter-tweet" data-lang="{language}"><p lang="{language}" dir="ltr">'
        f"{escape(FACTS[language][0])} "
        f'<a href="https://twitter.com/hashtag/news?src=hash&amp;ref_src=twsrc%5Etfw">#news</a></p>'
        f"&mdash; Ministry (@{handle}) "
        f'<a href="https://twitter.com/{handle}/status/{tweet}?ref_src=twsrc%5Etfw">{date_text}</a>'
        "</blockquote>"
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )
    video = _code(rng)
    post = _id(rng, 15)
    channel = rng.choice(("mod_channel", "citynews", "govfeed"))
    code = _code(rng)
    choices = [
        (blockquote, f"https://twitter.com/{handle}/status/{tweet}", "2024-03-03"),
        (
            '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
            f'<div class="wp-block-embed__wrapper">{blockquote}</div></figure>',
            f"https://twitter.com/{handle}/status/{tweet}",
            "2024-03-03",
        ),
        (
            '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
            f'<div class="wp-block-embed__wrapper">\nhttps://twitter.com/{handle}/status/{tweet}\n'
            "</div></figure>",
            f"https://twitter.com/{handle}/status/{tweet}",
            "",
        ),
        (
            blockquote.replace("https://twitter.com/", "https://x.com/"),
            f"https://x.com/{handle}/status/{tweet}",
            "2024-03-03",
        ),
        (
            f'<iframe src="https://platform.twitter.com/embed/Tweet.html?id={tweet}" '
            'width="550" height="400" frameborder="0"></iframe>',
            f"https://twitter.com/i/status/{tweet}",
            "",
        ),
        (
            f'<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/{code}/'
            '?utm_source=ig_embed&amp;utm_campaign=loading" data-instgrm-version="14"><div>'
            f'<a href="https://www.instagram.com/p/{code}/?utm_source=ig_embed">View this post on Instagram</a>'
            f'<p><a href="https://www.instagram.com/p/{code}/?utm_source=ig_embed">A post shared by '
            'Ministry (@mod)</a></p><p><time style="font-family:Arial" datetime="2024-03-03T10:00:00+00:00">'
            "Mar 3, 2024 at 10:00am PST</time></p></div></blockquote>"
            '<script async src="//www.instagram.com/embed.js"></script>',
            f"https://www.instagram.com/p/{code}/",
            "2024-03-03T10:00:00+00:00",
        ),
        (
            f'<iframe src="https://www.instagram.com/p/{code}/embed/captioned/" width="400" height="480">'
            "</iframe>",
            f"https://www.instagram.com/p/{code}/",
            "",
        ),
        (
            f'<div class="fb-post" data-href="https://www.facebook.com/citynews/posts/{post}" data-width="500">'
            f'<blockquote cite="https://www.facebook.com/citynews/posts/{post}" class="fb-xfbml-parse-ignore">'
            f"<p>{escape(FACTS[language][1])}</p>Posted by "
            '<a href="https://www.facebook.com/citynews">City News</a> on '
            f'<a href="https://www.facebook.com/citynews/posts/{post}">Sunday, March 3, 2024</a>'
            "</blockquote></div>",
            f"https://www.facebook.com/citynews/posts/{post}",
            "2024-03-03",
        ),
        (
            '<iframe src="https://www.facebook.com/plugins/post.php?href='
            + quote(f"https://www.facebook.com/citynews/posts/{post}", safe="")
            + '&amp;show_text=true&amp;width=500" width="500" height="600"></iframe>',
            f"https://www.facebook.com/citynews/posts/{post}",
            "",
        ),
        (
            '<script async src="https://telegram.org/js/telegram-widget.js?22" '
            f'data-telegram-post="{channel}/{post[:5]}" data-width="100%"></script>',
            f"https://t.me/{channel}/{post[:5]}",
            "",
        ),
        (
            f'<iframe src="https://t.me/{channel}/{post[:5]}?embed=1&amp;mode=tme" width="100%" '
            'frameborder="0"></iframe>',
            f"https://t.me/{channel}/{post[:5]}",
            "",
        ),
        (
            f'<figure class="wp-block-embed wp-block-embed-telegram" data-timestamp="{EPOCH}">'
            '<script async src="https://telegram.org/js/telegram-widget.js?22" '
            f'data-telegram-post="{channel}/{post[:5]}"></script></figure>',
            f"https://t.me/{channel}/{post[:5]}",
            EPOCH_ISO,
        ),
        (
            f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{video}?feature=oembed" '
            'title="Press briefing" frameborder="0" allowfullscreen></iframe>',
            f"https://www.youtube.com/watch?v={video}",
            "",
        ),
        (
            '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube '
            'wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">'
            f'<iframe title="Briefing" width="640" height="360" src="https://www.youtube.com/embed/{video}'
            '?feature=oembed" allowfullscreen></iframe></div></figure>',
            f"https://www.youtube.com/watch?v={video}",
            "",
        ),
        (
            f'<iframe src="https://www.youtube-nocookie.com/embed/{video}" allowfullscreen></iframe>',
            f"https://www.youtube.com/watch?v={video}",
            "",
        ),
        (
            f'<iframe class="lazyload" data-src="https://www.youtube.com/embed/{video}" '
            'src="about:blank" allowfullscreen></iframe>',
            f"https://www.youtube.com/watch?v={video}",
            "",
        ),
        (
            '<div class="embed-responsive embed-responsive-16by9"><iframe class="embed-responsive-item" '
            f'src="https://www.youtube.com/embed/{video}"></iframe></div>',
            f"https://www.youtube.com/watch?v={video}",
            "",
        ),
        (
            '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
            f'<div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v={video}\n</div>'
            "</figure>",
            f"https://www.youtube.com/watch?v={video}",
            "",
        ),
        (
            f'<iframe src="https://player.vimeo.com/video/{post[:9]}?h=ab12cd34ef&amp;title=0" '
            'width="640" height="360" allow="autoplay; fullscreen"></iframe>',
            f"https://vimeo.com/{post[:9]}",
            "",
        ),
        (
            '<figure class="kg-card kg-embed-card"><iframe src="https://player.vimeo.com/video/'
            f'{post[:9]}?app_id=122963" width="640" height="360"></iframe></figure>',
            f"https://vimeo.com/{post[:9]}",
            "",
        ),
    ]
    return rng.choice(choices)


# --- Page templates ------------------------------------------------------------------------------


def _distractors(
    rng: random.Random, language: str, page_url: str, others: list[str]
) -> tuple[str, list[str]]:
    """Related-links box (headlines with cue words), share buttons and a tag list."""
    verb = rng.choice(VERBS[language])
    who = WHO[language][0]
    related = [f"https://{other}{_path(rng)}" for other in others]
    items = "".join(
        f'<li><a href="{url}">{escape(who)} {escape(verb)} {escape(FACTS[language][i % 3])}</a></li>'
        for i, url in enumerate(related)
    )
    share = (
        '<div class="share-buttons">'
        f'<a href="https://twitter.com/intent/tweet?url={quote(page_url, safe="")}">Tweet</a> '
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={quote(page_url, safe="")}">Share</a> '
        f'<a href="https://t.me/share/url?url={quote(page_url, safe="")}">Telegram</a></div>'
    )
    tags = (
        '<div class="tags-links">'
        + "".join(f'<a rel="tag" href="/tag/{place.lower()}">{place}</a> ' for place in PLACES[:3])
        + "</div>"
    )
    related_box = f'<div class="related-posts"><h3>Related</h3><ul>{items}</ul></div>'
    share_urls = [
        f"https://twitter.com/intent/tweet?url={quote(page_url, safe='')}",
    ]
    if rng.random() < 0.5:
        # Some CMSs set the related box inside the article body.
        body_box = related_box.replace("related-posts", "related-articles inline-related")
        return share + tags, related + share_urls, body_box
    return related_box + share + tags, related + share_urls, ""


def _render(
    template: int, title: str, body: str, extras: str, language: str, lang_attr: str, head: str
) -> str:
    direction = ' dir="rtl"' if language == "ar" else ""
    html_open = f'<html lang="{lang_attr}"{direction}>' if lang_attr else f"<html{direction}>"
    head = f'<head><meta charset="utf-8"><title>{escape(title)}</title>{head}</head>'
    nav = '<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>'
    title_html = escape(title)
    if template == 0:  # WordPress
        return (
            f'{html_open}{head}<body class="post-template-default single"><header class="site-header">{nav}</header>'
            '<main id="main"><article class="post type-post status-publish"><header class="entry-header">'
            f'<h1 class="entry-title">{title_html}</h1><div class="entry-meta">By <a rel="author" '
            'href="/author/desk">Desk</a></div></header>'
            f'<div class="entry-content">{body}</div><footer class="entry-footer">{extras}</footer></article>'
            '<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">'
            '<h2 class="widget-title">Recent</h2><ul><li><a href="/2024/03/01/older">Older story</a></li></ul>'
            '</section></aside></main><footer class="site-footer"><a href="/about">About</a></footer></body></html>'
        )
    if template == 1:  # Drupal
        return (
            f'{html_open}{head}<body class="path-node page-node-type-article">{nav}<div class="layout-container">'
            f'<h1 class="page-title"><span>{title_html}</span></h1><article class="node node--type-article '
            'node--view-mode-full"><div class="node__content"><div class="clearfix text-formatted field '
            f'field--name-body field--type-text-with-summary field--label-hidden field__item">{body}</div>'
            f'</div></article><section class="block block-views">{extras}</section></div></body></html>'
        )
    if template == 2:  # Ghost
        return (
            f'{html_open}{head}<body class="post-template"><header class="site-header">{nav}</header>'
            '<main id="site-main" class="site-main"><article class="article post">'
            f'<header class="article-header gh-canvas"><h1 class="article-title">{title_html}</h1></header>'
            f'<section class="gh-content gh-canvas">{body}</section></article>'
            f'<aside class="read-more-wrap">{extras}</aside></main></body></html>'
        )
    if template == 3:  # Blogger
        return (
            f'{html_open}{head}<body><div class="content-outer"><div class="post hentry">'
            f'<h3 class="post-title entry-title">{title_html}</h3>'
            f'<div class="post-body entry-content" id="post-body-1">{body}</div>'
            f'<div class="post-footer"><span class="post-labels">{extras}</span></div></div></div></body></html>'
        )
    # A wire page: a dateline, the story in a plain box.
    return (
        f'{html_open}{head}<body>{nav}<div id="story"><h1>{title_html}</h1>'
        f'<div class="story-body">{body}</div></div><div class="sidebar">{extras}</div></body></html>'
    )


SCENARIOS = (
    "verb",
    "platform",
    "phrase",
    "noun",
    "brand",
    "embed",
    "self",
    "as-we-reported",
    "context",
    "read-more-other",
    "pair",
    "foreign-script",
)
EXPECTED_KIND = {
    "verb": LINK_ATTRIBUTION,
    "platform": LINK_ATTRIBUTION,
    "phrase": LINK_ATTRIBUTION,
    "noun": LINK_ATTRIBUTION,
    "brand": LINK_ATTRIBUTION,
    "embed": LINK_ATTRIBUTION,
    "self": LINK_SELF,
    "as-we-reported": LINK_ATTRIBUTION,
    "context": LINK_CONTEXT,
    "read-more-other": LINK_CONTEXT,
    "pair": LINK_ATTRIBUTION,
    "foreign-script": LINK_ATTRIBUTION,
}


def generate(seed: int, language: str) -> Variant:
    """One page: a language, a template, neutral prose and a random draw of scenarios."""
    rng = random.Random(f"{seed}-{language}")
    own = f"{_brand(rng).lower()}-news.example.com"
    page_url = f"https://www.{own}{_path(rng)}"
    republished = rng.random() < 0.3
    original = f"{_brand(rng).lower()}.example.org"
    head = ""
    if republished:
        # A republished copy: a cross-outlet canonical names the original.
        head = f'<link rel="canonical" href="https://{original}{_path(rng)}">'
    self_outlet = original if republished and rng.random() < 0.6 else own
    values_base = {
        "who": rng.choice(WHO[language]),
        "fact": rng.choice(FACTS[language]),
        "main": rng.choice(MAIN_FACTS.get(language, FACTS[language])),
        "place": rng.choice(PLACES),
    }
    variant = Variant(f"{language}-{seed}", page_url, "", language)
    scenarios = rng.sample(SCENARIOS, k=rng.randint(4, 7))
    paragraphs = [f"<p>{escape(sentence)}</p>" for sentence in FILLER[language][:2]]
    for scenario in scenarios:
        values = dict(values_base, who=rng.choice(WHO[language]), fact=rng.choice(FACTS[language]))
        src = _brand(rng)
        target = f"https://www.{src.lower()}.com{_path(rng)}"
        if scenario == "embed":
            markup, post, published = embed_markup(rng, language)
            paragraphs.append(f"<p>{escape(EMBED_INTRO[language])}</p>{markup}")
            variant.expected.append(
                Expected(post, LINK_ATTRIBUTION, scenario, language, markup[:40], published, True)
            )
            continue
        if scenario == "verb":
            template = rng.choice(VERB_TEMPLATES[language])
            values["verb"] = rng.choice(VERBS[language])
        elif scenario == "platform":
            template = rng.choice(PLATFORM_TEMPLATES[language])
            values["verb"] = rng.choice(PLATFORM_VERBS[language])
            target = f"https://t.me/{src.lower()}/{rng.randint(100, 9999)}"
        elif scenario == "phrase":
            template = rng.choice(PHRASE_TEMPLATES[language])
        elif scenario == "noun":
            template = rng.choice(NOUN_TEMPLATES[language])
        elif scenario == "brand":
            template = rng.choice(BRAND_TEMPLATES[language])
        elif scenario == "self":
            template = rng.choice(SELF_TEMPLATES[language])
            target = f"https://{'www.' + own if self_outlet == own else original}{_path(rng)}"
        elif scenario == "as-we-reported":
            template = rng.choice(AS_WE_TEMPLATES[language])
            target = f"https://www.{own}{_path(rng)}"
        elif scenario == "foreign-script":
            # A quoted paragraph in another script: Russian, Arabic or Chinese on a
            # Latin-script page, English on the others.
            other = rng.choice(("ru", "ar", "zh")) if language not in ("ru", "ar", "zh") else "en"
            template = rng.choice(VERB_TEMPLATES[other])
            values.update(
                who=rng.choice(WHO[other]),
                fact=rng.choice(FACTS[other]),
                verb=rng.choice(VERBS[other]),
            )
        elif scenario == "pair":
            template = rng.choice(PAIR_TEMPLATES[language])
        elif scenario == "read-more-other":
            template = rng.choice(READ_MORE_OTHER[language])
        else:
            template = rng.choice(CONTEXT_TEMPLATES[language])
            target = f"https://atlas.example.net/places/{values['place'].lower()}"
        values["src"] = src
        values["headline"] = rng.choice(HEADLINES[language])
        sentence = _fill(template, values)
        second = f"https://atlas.example.net/places/{values['place'].lower()}-{rng.randint(1, 999)}"
        html = _link(sentence, target, second if "<<" in sentence else "")
        if "<<" in sentence:
            variant.expected.append(
                Expected(second, LINK_CONTEXT, "pair-context", language, template)
            )
        # A neutral sentence after, in the same paragraph, now and then (always in
        # Chinese: its sentences are short in characters, and its paragraphs hold several).
        if rng.random() < 0.3 or language == "zh":
            html = f"{html} {escape(FILLER[language][2])}"
        # ... and before it (so that the link's sentence is not the paragraph's first).
        if rng.random() < 0.25:
            html = f"{escape(FILLER[language][1])} {html}"
        paragraphs.append(f"<p>{html}</p>")
        variant.expected.append(
            Expected(target, EXPECTED_KIND[scenario], scenario, language, template)
        )
    extras, traps, in_body = _distractors(
        rng, language, page_url, [f"www.{_brand(rng).lower()}.com" for _ in range(3)]
    )
    variant.traps = traps
    if in_body:
        paragraphs.insert(rng.randint(3, len(paragraphs)), in_body)
    paragraphs.append(f"<p>{escape(FILLER[language][2])}</p>")
    lang_attr = language if rng.random() < 0.75 else ""
    title = FILLER[language][0][:60]
    variant.html = _render(
        rng.randrange(5), title, "".join(paragraphs), extras, language, lang_attr, head
    )
    return variant


# --- Scoring -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    expected: Expected
    ok: bool
    found: str


def check(variant: Variant, page: Page) -> tuple[list[Outcome], list[str]]:
    """Each expected link against the page's body links; and the traps taken."""
    from provenance.urls import identity

    body: dict[str, Link] = {}
    for link in page.links:
        if link.paragraph >= 0:
            body.setdefault(identity(link.url), link)
    outcomes = []
    for expected in variant.expected:
        link = body.get(identity(expected.url))
        if link is None:
            outcomes.append(Outcome(expected, False, "missing"))
            continue
        ok = link.kind == expected.kind
        if expected.embed:
            ok = (
                ok
                and bool(getattr(link, "embed", ""))
                and getattr(link, "published", "") == expected.published
            )
            ok = ok and kind_of_content(link.url, "") in (KIND_SOCIAL, KIND_MEDIA)
        outcomes.append(
            Outcome(
                expected,
                ok,
                f"{link.kind} cue={link.cue!r} published={getattr(link, 'published', '')!r}",
            )
        )
    taken = [
        link.url
        for link in page.links
        if link.kind == LINK_ATTRIBUTION
        and any(identity(link.url) == identity(trap) for trap in variant.traps)
    ]
    return outcomes, taken


def run(pages: int, seed: int = 0) -> tuple[list[Outcome], list[str]]:
    outcomes: list[Outcome] = []
    taken: list[str] = []
    for number in range(pages):
        for language in LANGUAGES:
            variant = generate(seed * 100_000 + number, language)
            found, traps = check(variant, extract_page(variant.html, variant.url))
            outcomes.extend(found)
            taken.extend(traps)
    return outcomes, taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=40, help="pages per language")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--failures", type=int, default=0, help="list this many failures")
    args = parser.parse_args()
    outcomes, taken = run(args.pages, args.seed)
    rows: Counter[tuple[str, bool]] = Counter((o.expected.scenario, o.ok) for o in outcomes)
    languages: Counter[tuple[str, bool]] = Counter((o.expected.language, o.ok) for o in outcomes)
    print(f"{'class':<18}{'cases':>7}{'right':>7}{'accuracy':>10}")
    for name in (*SCENARIOS, *LANGUAGES):
        table = languages if name in LANGUAGES else rows
        right, wrong = table[(name, True)], table[(name, False)]
        if right + wrong:
            print(f"{name:<18}{right + wrong:>7}{right:>7}{right / (right + wrong):>10.3f}")
    total = len(outcomes)
    right = sum(o.ok for o in outcomes)
    print(f"{'all':<18}{total:>7}{right:>7}{right / total:>10.3f}")
    print(f"trap links taken as attributions: {len(taken)}")
    for outcome in [o for o in outcomes if not o.ok][: args.failures]:
        e = outcome.expected
        print(f"  {e.language} {e.scenario} {e.template!r} -> {outcome.found}")


if __name__ == "__main__":
    main()
