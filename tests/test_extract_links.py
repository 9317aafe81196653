"""Links: canonical URL, anchor, claim sentence, reporting cue and kind."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.extract import extract_page
from provenance.extract.links import Resolver
from provenance.models import (
    LINK_ATTRIBUTION,
    LINK_COMMENT,
    LINK_CONTEXT,
    LINK_NAVIGATION,
    LINK_SELF,
    LINK_SOCIAL_SHARE,
    Link,
)
from provenance.urls import absolute, normalize

URL = "https://www.daily.example.com/world/2024/05/01/talks-resume"


def _article(paragraphs: str, extra: str = "") -> str:
    filler = (
        "<p>The talks, which stalled in March, are expected to run for three days and "
        "involve delegations from both capitals, officials familiar with the plans said.</p>"
    )
    return (
        "<html><head><title>Talks resume</title></head><body>"
        "<nav><ul><li><a href='/world'>World</a></li><li><a href='/sport'>Sport</a></li>"
        "<li><a href='https://other.example.org/said'>Partner site, reported</a></li></ul></nav>"
        f"<article><h1>Talks resume</h1>{paragraphs}{filler * 3}</article>{extra}"
        "<footer><a href='/about'>About us</a> <a href='/contact'>Contact</a></footer>"
        "</body></html>"
    )


def _body_link(page_links: list[Link], anchor: str) -> Link:
    return next(link for link in page_links if link.anchor == anchor and link.paragraph >= 0)


def test_attribution_with_cue_in_anchor_and_full_sentence() -> None:
    page = extract_page(
        _article(
            "<p>Dr. Smith arrived at 3.30 p.m. on Monday. The U.S. envoy "
            '<a href="https://wire.example.org/news/envoy?utm_source=x#top">said</a> that '
            '"talks will resume by Jan. 5." Nothing else was agreed.</p>'
        ),
        URL,
    )
    link = _body_link(page.links, "said")
    assert link.kind == LINK_ATTRIBUTION
    assert link.cue == "said"
    assert link.url == "https://wire.example.org/news/envoy"
    assert link.href == "https://wire.example.org/news/envoy?utm_source=x#top"
    assert link.claim == 'The U.S. envoy said that "talks will resume by Jan. 5."'


def test_cue_in_sentence_and_inflections() -> None:
    sentences = {
        "claims": '<p>The group <a href="https://a.example.org/x">claimed</a> the attack.</p>',
        "confirms": '<p>Police confirmed the arrests, <a href="https://b.example.org/y">'
        "local media</a> wrote on Friday.</p>",
        "according": '<p>Forty people died, according to the <a href="https://c.example.org/z">'
        "health ministry</a>.</p>",
        "event": '<p>The coalition <a href="https://d.example.org/w">killed</a> 300 militants.</p>',
        "set up": '<p>Fighters used the corridor <a href="https://e.example.org/v">set up</a> '
        "by the coalition.</p>",
    }
    page = extract_page(_article("".join(sentences.values())), URL)
    cues = {link.anchor: (link.kind, link.cue) for link in page.links if link.paragraph >= 0}
    assert cues["claimed"] == (LINK_ATTRIBUTION, "claimed")
    assert cues["local media"] == (LINK_ATTRIBUTION, "wrote")
    assert cues["health ministry"] == (LINK_ATTRIBUTION, "according to")
    assert cues["killed"] == (LINK_ATTRIBUTION, "killed")
    assert cues["set up"] == (LINK_ATTRIBUTION, "set up")


def test_noun_phrase_attributions() -> None:
    page = extract_page(
        _article(
            '<p>A report by <a href="https://ngo.example.org/r/2024">Amnesty</a> lists the '
            "detention sites.</p>"
            '<p><a href="https://gov.example.org/ministry">The ministry</a>\'s statement '
            "on the strikes was two lines long.</p>"
            '<p>The figures come from <a href="https://stats.example.org/study">a new study</a> '
            "of the region.</p>"
        ),
        URL,
    )
    assert _body_link(page.links, "Amnesty").kind == LINK_ATTRIBUTION
    assert _body_link(page.links, "The ministry").kind == LINK_ATTRIBUTION
    assert _body_link(page.links, "The ministry").cue == "statement"
    assert _body_link(page.links, "a new study").kind == LINK_ATTRIBUTION


def test_context_self_and_share_links_in_the_body() -> None:
    page = extract_page(
        _article(
            '<p>The town of <a href="https://en.wikipedia.org/wiki/Palmyra">Palmyra</a> lies '
            'in the desert; see also <a href="/world/2024/04/30/background">our background '
            'piece</a> on the region and the <a href="https://maps.example.org/p">map</a>.</p>'
            '<p>Share this: <a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook'
            "</a> or tell a friend about the talks by email today, every reader can.</p>"
        ),
        URL,
    )
    assert _body_link(page.links, "Palmyra").kind == LINK_CONTEXT
    assert _body_link(page.links, "our background piece").kind == LINK_SELF
    assert _body_link(page.links, "map").kind == LINK_CONTEXT
    assert _body_link(page.links, "Facebook").kind == LINK_SOCIAL_SHARE


def test_links_outside_the_body_are_never_attributions() -> None:
    comments = (
        '<section id="comments"><h3>Comments</h3><ol class="comment-list"><li>'
        "<p>I read elsewhere that the talks failed, as the paper "
        '<a href="https://blog.example.net/talks">reported</a> yesterday, so who knows.</p>'
        "</li></ol></section>"
    )
    page = extract_page(
        _article("<p>Talks resumed on Monday in the capital city.</p>", comments),
        URL,
        outside_links=True,
    )
    outside = [link for link in page.links if link.paragraph < 0]
    assert outside
    # Only when asked: a trace follows body links alone.
    assert all(
        link.paragraph >= 0
        for link in extract_page(
            _article("<p>Talks resumed on Monday in the capital city.</p>", comments), URL
        ).links
    )
    assert all(link.kind != LINK_ATTRIBUTION for link in outside)
    kinds = {link.url: link.kind for link in outside}
    assert kinds["https://www.daily.example.com/world"] == LINK_NAVIGATION
    assert kinds["https://other.example.org/said"] == LINK_NAVIGATION
    assert kinds["https://blog.example.net/talks"] == LINK_COMMENT
    assert all(link.claim == "" for link in outside)


def test_base_href_resolves_relative_links() -> None:
    html = (
        '<html><head><base href="https://cdn.example.com/archive/"></head><body><article>'
        '<p>The agency <a href="reports/2024.html">reported</a> the figures on Monday, and '
        "officials confirmed them later in the day, according to the record.</p></article>"
    )
    page = extract_page(html, URL)
    assert _body_link(page.links, "reported").url == (
        "https://cdn.example.com/archive/reports/2024.html"
    )


def test_image_links_in_the_body_have_no_claim() -> None:
    page = extract_page(
        _article(
            "<p>The minister spoke for an hour in the chamber, and then left for talks.</p>"
            '<p><a href="https://photos.example.org/big.jpg"><img src="s.jpg" alt="The '
            'minister"></a></p><p>Later she met the delegation for another two hours.</p>'
        ),
        URL,
    )
    link = next(link for link in page.links if link.url == "https://photos.example.org/big.jpg")
    assert link.paragraph >= 0
    assert link.claim == "" and link.cue == "" and link.kind == LINK_CONTEXT
    assert link.anchor == "The minister"


SAFE = "abcxyzABC019-._~!$&'()*+,;=:@%/?#=&"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=SAFE + " \t\nÄé", max_size=40),
    st.sampled_from(
        [
            "",
            "https://a.example.com",
            "http://b.example.org",
            "/",
            "//c.example.net",
            "HTTPS://D.EXAMPLE.COM",
            "https://e.example.com:8443",
            "mailto:",
            "https://xn--bcher-kva.example",
            "https://f.example.com/..",
            "./",
            "../",
            "javascript:",
            "Tel:",
            "HTTP://x.example.com",
            "/p?utm_source=feed&b=2&a=1",
            "https://a.example.com/p?z=1&",
        ]
    ),
    st.sampled_from(
        [
            URL,
            "https://example.com",
            "http://Example.COM:80/a/b?c=d",
            "https://example.com/a/./b/",
            "https://example.com/a?ref=rss",
            "http://user@example.com/a",
        ]
    ),
)
def test_fast_resolution_agrees_with_the_general_one(tail: str, head: str, page_url: str) -> None:
    href = (head + tail).strip()
    resolver = Resolver(page_url)
    written, canonical = resolver.resolve(href)
    expected = absolute(href, page_url)
    assert written == expected
    assert canonical == (normalize(expected) if expected else "")


def test_link_lists_inside_the_article_are_body_links_without_claims() -> None:
    page = extract_page(
        _article(
            "<p>The figures were published on Monday and checked by two analysts.</p>"
            '<ul><li><a href="https://stats.example.org/table-1">Table 1</a></li>'
            '<li><a href="https://stats.example.org/table-2">Table 2</a></li></ul>'
            "<p>Both tables show the same trend over the last three years.</p>"
        ),
        URL,
    )
    listed = [link for link in page.links if link.anchor.startswith("Table")]
    assert [link.url for link in listed] == [
        "https://stats.example.org/table-1",
        "https://stats.example.org/table-2",
    ]
    assert all(link.paragraph >= 0 and link.claim == "" for link in listed)
    assert all(link.kind == LINK_CONTEXT for link in listed)
    assert "Table 1" not in page.text
