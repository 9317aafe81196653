"""Attribution links in eight languages, on platforms, in embeds, on noun phrases, and
self-references: generated variants (tests/linkgen.py) and hand-written CMS-like pages."""

from __future__ import annotations

import random
import ssl
from collections import Counter
from html import escape
from pathlib import Path

import pytest
import trustme
from hypothesis import given, settings
from hypothesis import strategies as st
from linkgen import LANGUAGES, SCENARIOS, embed_markup, generate, run
from loopback import FAST, ForwardProxy, ServerThread, WebServer

import provenance
from provenance.extract import extract_page, kind_of_content
from provenance.extract.cues import language_of_text
from provenance.extract.embeds import localized_date, post_url
from provenance.graph.primary import is_primary
from provenance.models import (
    KIND_MEDIA,
    KIND_SOCIAL,
    LINK_ATTRIBUTION,
    LINK_CONTEXT,
    LINK_NAVIGATION,
    LINK_SELF,
    LINK_SOCIAL_SHARE,
    STATUS_PRIMARY,
    Link,
    Page,
)

URL = "https://www.daily-news.example.com/world/2024/03/04/bridge-strike"
FILLER = (
    "<p>The town lies on a plain east of the river, where farms line the old road to the "
    "coast and most residents work in the fields or at the small market.</p>"
)
# Generated pages per language and the floors they must reach (see tests/linkgen.py).
GENERATED_PAGES = 30
SCENARIO_FLOOR = 0.97
OVERALL_FLOOR = 0.99


# --- Generated variants -------------------------------------------------------------------


def test_generated_variants_are_classified() -> None:
    outcomes, taken = run(GENERATED_PAGES, seed=1)
    assert len(outcomes) >= 1000
    assert not taken, f"trap links taken as attributions: {taken[:5]}"
    right = Counter(outcome.expected.scenario for outcome in outcomes if outcome.ok)
    total = Counter(outcome.expected.scenario for outcome in outcomes)
    assert set(total) == {*SCENARIOS, "pair-context"}
    failures = [
        (o.expected.language, o.expected.scenario, o.expected.template, o.found)
        for o in outcomes
        if not o.ok
    ]
    for scenario in total:
        assert right[scenario] / total[scenario] >= SCENARIO_FLOOR, (scenario, failures[:5])
    assert sum(right.values()) / sum(total.values()) >= OVERALL_FLOOR, failures[:10]


def test_every_language_is_generated_with_and_without_a_declared_language() -> None:
    declared: Counter[tuple[str, bool]] = Counter()
    for number in range(GENERATED_PAGES):
        for language in LANGUAGES:
            variant = generate(number, language)
            declared[(language, f'lang="{language}"' in variant.html)] += 1
    assert all(declared[(language, True)] and declared[(language, False)] for language in LANGUAGES)


# --- Helpers --------------------------------------------------------------------------------


def _page(body: str, *, lang: str = "en", head: str = "", extra: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<html{lang_attr}><head><meta charset='utf-8'><title>Bridge strike</title>{head}</head>"
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article class='post'><h1>Bridge strike</h1><div class='entry-content'>"
        f"{FILLER}{body}{FILLER}</div></article>{extra}"
        "<footer><a href='/about'>About</a></footer></body></html>"
    )


def _link(page: Page, url: str) -> Link:
    return next(link for link in page.links if link.url == url and link.paragraph >= 0)


# --- Languages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "sentence", "cue"),
    [
        (
            "fr",
            "Le ministère <a href='{u}'>a déclaré</a> que le bilan s'élève à six morts.",
            "a déclaré",
        ),
        ("de", "Das Ministerium <a href='{u}'>erklärte</a>, die Brücke sei zerstört.", "erklärte"),
        ("es", "Según <a href='{u}'>la agencia</a>, el puente quedó destruido.", "según"),
        ("ru", "В министерстве <a href='{u}'>заявили</a>, что мост разрушен.", "заявили"),
        ("ar", "وقَالَتْ <a href='{u}'>الوزارة</a> إن الجسر دمر بالكامل.", "وقَالَتْ"),
        ("tr", "Bakanlık, köprünün yıkıldığını <a href='{u}'>belirtildi</a>.", "belirtildi"),
        ("zh", "据<a href='{u}'>新华社</a>报道，桥梁在夜间被毁。", "据"),
    ],
)
def test_reporting_cues_of_each_language(lang: str, sentence: str, cue: str) -> None:
    target = "https://wire.example.org/2024/03/04/bridge"
    page = extract_page(_page(f"<p>{sentence.format(u=target)}</p>", lang=lang), URL)
    link = _link(page, target)
    assert (link.kind, link.cue) == (LINK_ATTRIBUTION, cue)


def test_english_cue_words_do_not_fire_on_a_page_in_another_language() -> None:
    # "said" inside a French page quoting an English title is no French cue: the link
    # on the place name stays context.
    target = "https://atlas.example.net/places/norsa"
    body = f"<p>La ville de <a href='{target}'>Norsa</a> se trouve au bord du fleuve.</p>"
    page = extract_page(_page(body, lang="fr"), URL)
    assert _link(page, target).kind == LINK_CONTEXT


def test_undeclared_pages_are_read_by_script_and_function_words() -> None:
    assert language_of_text("Министерство заявило, что мост разрушен") == "ru"
    assert language_of_text("قالت الوزارة إن الجسر دمر") == "ar"
    assert language_of_text("国防部表示桥梁被毁") == "zh"
    assert language_of_text("Die Behörden sagten, dass die Brücke und die Straße zu sind") == "de"
    assert language_of_text("") == "en"


def test_encoded_russian_and_arabic_pages_without_a_declared_language() -> None:
    target = "https://tass.example.ru/2024/03/04/most"
    russian = _page(
        "<p>Как сообщили <a href='" + target + "'>в ведомстве</a>, мост был разрушен ночью, "
        "а движение по трассе закрыто до утра.</p>",
        lang="",
    ).replace("charset='utf-8'", "charset='windows-1251'")
    page = extract_page(russian.encode("cp1251"), URL)
    assert _link(page, target).kind == LINK_ATTRIBUTION
    assert _link(page, target).cue.startswith("сообщ")

    target = "https://sana.example.sy/2024/03/04/bridge"
    arabic = _page(
        "<p>وذكرت <a href='" + target + "'>الوكالة</a> أن الجسر دمر بالكامل ليلة أمس.</p>",
        lang="",
    ).replace("charset='utf-8'", "charset='windows-1256'")
    page = extract_page(arabic.encode("cp1256"), URL)
    assert _link(page, target).kind == LINK_ATTRIBUTION


def test_platform_verbs() -> None:
    body = (
        "<p>The governor <a href='https://t.me/governor/812'>wrote on Telegram</a> that the "
        "bridge was gone.</p><p>The ministry <a href='https://x.com/mod/status/1'>tweeted</a> "
        "a photo of the damage.</p><p>The mayor "
        "<a href='https://www.youtube.com/watch?v=abcdefghijk'>streamed</a> the briefing.</p>"
    )
    page = extract_page(_page(body), URL)
    cues = {link.url: (link.kind, link.cue) for link in page.links if link.paragraph >= 0}
    assert cues["https://t.me/governor/812"] == (LINK_ATTRIBUTION, "wrote")
    assert cues["https://x.com/mod/status/1"] == (LINK_ATTRIBUTION, "tweeted")
    assert cues["https://www.youtube.com/watch?v=abcdefghijk"] == (LINK_ATTRIBUTION, "streamed")


# --- Noun phrases and outlet names ------------------------------------------------------------


def test_cue_less_attributions_on_a_noun_phrase_or_the_outlets_name() -> None:
    dispatch = "https://www.reuters.com/world/middle-east/toll-2024-03-04/"
    footage = "https://www.aljazeera.com/news/2024/3/4/bridge"
    bulletin = "https://mod.example.gov/bulletins/412"
    subject = "https://www.kommersant.ru/doc/6543210"
    home = "https://www.kommersant.ru/"
    body = (
        f"<p>A <a href='{dispatch}'>Reuters</a> dispatch from Beirut put the number at six.</p>"
        f"<p>Footage aired by <a href='{footage}'>Al Jazeera</a> shows the bridge in pieces.</p>"
        f"<p>The ministry's <a href='{bulletin}'>bulletin</a> lists six dead.</p>"
        f"<p><a href='{subject}'>Kommersant</a> put the damage at two million dollars.</p>"
        f"<p>The paper <a href='{home}'>Kommersant</a> is based in Moscow.</p>"
    )
    page = extract_page(_page(body), URL)
    assert _link(page, dispatch).kind == LINK_ATTRIBUTION
    assert _link(page, dispatch).cue == "dispatch"
    assert _link(page, footage).kind == LINK_ATTRIBUTION
    assert _link(page, bulletin).kind == LINK_ATTRIBUTION
    assert _link(page, subject).kind == LINK_ATTRIBUTION
    # A home page named in passing is no source.
    assert _link(page, home).kind == LINK_CONTEXT


# --- Self-references ------------------------------------------------------------------------


def test_self_references_and_as_we_reported() -> None:
    earlier = "https://www.daily-news.example.com/2024/02/01/toxic-agents"
    more = "https://www.daily-news.example.com/2024/02/02/police-said"
    reported = "https://www.daily-news.example.com/2024/02/03/convoy"
    other = "https://other.example.org/2024/02/04/story"
    body = (
        f"<p>Earlier, we wrote about <a href='{earlier}'>the toxic agents found in the "
        "depot</a>.</p>"
        f"<p>Read more: <a href='{more}'>Police said the toll rose overnight</a></p>"
        f"<p>As we <a href='{reported}'>reported</a>, the convoy reached the border.</p>"
        f"<p>See also: <a href='{other}'>The ministry said it was ready</a></p>"
    )
    page = extract_page(_page(body), URL)
    assert _link(page, earlier).kind == LINK_SELF
    assert _link(page, more).kind == LINK_SELF
    assert (_link(page, reported).kind, _link(page, reported).cue) == (LINK_ATTRIBUTION, "reported")
    assert _link(page, other).kind == LINK_CONTEXT


def test_on_a_republished_copy_links_into_the_original_outlet_are_self_references() -> None:
    original = "https://insidenews.example.org/2024/03/03/bridge-strike/"
    earlier = "https://insidenews.example.org/2024/02/01/toxic-agents/"
    plain = "https://insidenews.example.org/tag/bridges/"
    cited = "https://insidenews.example.org/2024/03/01/convoy/"
    json_ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"isBasedOn": "{original}"}}</script>'
    )
    body = (
        f"<p>Earlier, we wrote about <a href='{earlier}'>the toxic agents</a>.</p>"
        f"<p>The bridges of the <a href='{plain}'>region</a> are old.</p>"
        f"<p>As we <a href='{cited}'>reported</a>, the convoy reached the border.</p>"
    )
    page = extract_page(_page(body, head=json_ld), URL)
    assert any(signal.url == original for signal in page.republication)
    assert _link(page, earlier).kind == LINK_SELF
    assert _link(page, plain).kind == LINK_SELF
    assert _link(page, cited).kind == LINK_ATTRIBUTION


def test_sidebar_related_share_and_tag_links_are_never_attributions() -> None:
    extra = (
        "<aside class='related-posts'><h3>Related</h3><ul>"
        "<li><a href='https://a.example.org/2024/03/01/x'>Police said the toll rose</a></li>"
        "<li><a href='https://b.example.org/2024/03/02/y'>Ministry reported six dead</a></li>"
        "</ul></aside><div class='share'><a href='https://twitter.com/intent/tweet?url=x'>"
        "Tweet</a></div><div class='tags'><a rel='tag' href='/tag/bridges'>Bridges</a></div>"
    )
    page = extract_page(
        _page("<p>The bridge fell on Monday night.</p>", extra=extra), URL, outside_links=True
    )
    kinds = {link.url: link.kind for link in page.links}
    assert kinds["https://a.example.org/2024/03/01/x"] == LINK_NAVIGATION
    assert kinds["https://b.example.org/2024/03/02/y"] == LINK_NAVIGATION
    assert kinds["https://twitter.com/intent/tweet?url=x"] == LINK_SOCIAL_SHARE
    assert not any(link.kind == LINK_ATTRIBUTION for link in page.links)


# --- Embeds ---------------------------------------------------------------------------------


WP_TWEET = (
    "<p>The ministry tweeted:</p>"
    '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
    '<div class="wp-block-embed__wrapper"><blockquote class="twitter-tweet" data-width="550">'
    '<p lang="en" dir="ltr">The bridge at Norsa was hit at 2am. '
    '<a href="https://twitter.com/hashtag/Norsa?src=hash&amp;ref_src=twsrc%5Etfw">#Norsa</a>'
    '</p>&mdash; Ministry of Defence (@mod_press) <a href="https://twitter.com/mod_press/status/'
    '1764321987654321098?ref_src=twsrc%5Etfw">March 4, 2024</a></blockquote>'
    '<script async src="https://platform.twitter.com/widgets.js"></script></div></figure>'
)


def test_a_wordpress_tweet_embed_is_an_attribution_with_its_date() -> None:
    page = extract_page(_page(WP_TWEET), URL)
    link = _link(page, "https://twitter.com/mod_press/status/1764321987654321098")
    assert link.kind == LINK_ATTRIBUTION
    assert (link.cue, link.embed, link.published) == ("tweeted", "twitter", "2024-03-04")
    assert link.claim == "The ministry tweeted:"
    assert link.anchor.startswith("The bridge at Norsa")
    assert kind_of_content(link.url, "text/html") == KIND_SOCIAL
    assert is_primary(link.url, kind_of_content(link.url, "text/html"))


def test_a_tweet_directly_in_the_body_keeps_its_hashtags_as_context() -> None:
    body = WP_TWEET.split('<div class="wp-block-embed__wrapper">')[1].split("</div>")[0]
    page = extract_page(_page("<p>The ministry said on X:</p>" + body), URL)
    post = _link(page, "https://twitter.com/mod_press/status/1764321987654321098")
    assert (post.kind, post.published, post.cue) == (LINK_ATTRIBUTION, "2024-03-04", "said")
    hashtag = _link(page, "https://twitter.com/hashtag/Norsa?src=hash")
    assert hashtag.kind == LINK_CONTEXT


def test_telegram_widget_with_an_epoch_date_and_a_video_iframe() -> None:
    body = (
        "<p>Их канал опубликовал видео:</p>"
        '<div class="telegram-embed" data-time="1709546400"><script async '
        'src="https://telegram.org/js/telegram-widget.js?22" data-telegram-post="mod_russia/35112">'
        "</script></div>"
        '<figure class="wp-block-embed"><div class="embed-responsive"><iframe '
        'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0" title="Брифинг">'
        "</iframe></div></figure>"
    )
    page = extract_page(_page(body, lang="ru"), URL)
    post = _link(page, "https://t.me/mod_russia/35112")
    assert post.kind == LINK_ATTRIBUTION and post.embed == "telegram"
    video = _link(page, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert (video.kind, video.anchor, video.embed) == (LINK_ATTRIBUTION, "Брифинг", "youtube")
    assert kind_of_content(video.url, "") == KIND_MEDIA


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        (
            "https://www.youtube.com/embed/abcdefghijk?feature=oembed",
            "https://www.youtube.com/watch?v=abcdefghijk",
        ),
        ("https://youtu.be/abcdefghijk", "https://www.youtube.com/watch?v=abcdefghijk"),
        ("https://player.vimeo.com/video/123456789?h=ab", "https://vimeo.com/123456789"),
        (
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fcity%2Fvideos%2F42%2F",
            "https://www.facebook.com/city/videos/42/",
        ),
        ("https://t.me/channel/12?embed=1", "https://t.me/channel/12"),
        (
            "https://www.instagram.com/p/Cabc123/embed/captioned/",
            "https://www.instagram.com/p/Cabc123/",
        ),
        (
            "https://platform.twitter.com/embed/Tweet.html?id=1764321987654321098",
            "https://twitter.com/i/status/1764321987654321098",
        ),
        ("https://www.google.com/maps/embed?pb=1", ""),
        ("https://datawrapper.dwcdn.net/abc/1/", ""),
        ("https://twitter.com/mod_press", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_embed_addresses_map_to_the_post_page(src: str, expected: str) -> None:
    assert post_url(src)[0] == expected


def test_embed_dates_in_the_cue_languages() -> None:
    assert localized_date("3 mars 2024") == "2024-03-03"
    assert localized_date("3. März 2024") == "2024-03-03"
    assert localized_date("3 de marzo de 2024") == "2024-03-03"
    assert localized_date("3 марта 2024 г.") == "2024-03-03"
    assert localized_date("3 Mart 2024") == "2024-03-03"
    assert localized_date("2024年3月3日") == "2024-03-03"
    assert localized_date("31 февраля 2024") == ""


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 400), st.text(max_size=30))
def test_broken_embed_markup_never_breaks_the_page(seed: int, cut: int, junk: str) -> None:
    markup, _, _ = embed_markup(random.Random(seed), "en")
    broken = markup[: len(markup) - cut] + escape(junk)
    page = extract_page(_page("<p>The ministry posted this on its channel:</p>" + broken), URL)
    assert all(link.kind == LINK_ATTRIBUTION for link in page.links if link.embed)


# --- End to end: a claim traced to an embedded post is primary --------------------------------


def test_a_claim_traced_to_an_embedded_post_is_primary(tmp_path: Path) -> None:
    thread = ServerThread()
    ca = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("news-a.example", "twitter.com").configure_cert(tls)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    news, platform = WebServer(thread, tls=tls), WebServer(thread, tls=tls)
    try:
        for server in (news, platform):
            server.robots("User-agent: *\nAllow: /\n")
        news.page("/2024/03/04/bridge", _page(WP_TWEET).encode())
        platform.page(
            "/mod_press/status/1764321987654321098",
            b"<html><head><title>Ministry of Defence on X</title></head><body></body></html>",
        )
        proxy = ForwardProxy(
            thread,
            {
                "news-a.example:443": ("127.0.0.1", news.port),
                "twitter.com:443": ("127.0.0.1", platform.port),
            },
        )
        settings = FAST.with_(allow_private=False, proxy=proxy.url, ca_bundle=str(ca_file))
        out = tmp_path / "out"
        provenance.crawl(["https://news-a.example/2024/03/04/bridge"], out, settings=settings)
        traced = provenance.Trace.from_store(out, settings)
    finally:
        thread.close()
    post = "https://twitter.com/mod_press/status/1764321987654321098"
    assert traced.graph.nodes[post]["kind"] == KIND_SOCIAL
    claims = [claim for claim in traced.claims if claim.cited_url == post]
    assert [claim.status for claim in claims] == [STATUS_PRIMARY]
    assert claims[0].cue == "tweeted"
