"""Article body: the prose stays, the furniture around and inside it goes."""

from __future__ import annotations

from provenance.extract import extract_page
from provenance.models import KIND_ARTICLE, KIND_PAGE

URL = "https://www.example-times.com/world/2024/06/02/ceasefire-talks"

ARTICLE = [
    "Negotiators from both sides met in Cairo on Sunday for a fourth round of talks, "
    "officials said, as pressure mounted for a ceasefire before the holiday.",
    "The delegations spent six hours in the room, according to a diplomat briefed on the "
    "meeting, and agreed to reconvene on Tuesday to work through the remaining disputes.",
    "Among the open questions are the sequence of prisoner releases, the return of "
    "displaced families and the monitoring of the crossings in the south.",
    "A spokesman for the mediators declined to comment on the details but described the "
    "atmosphere as serious and constructive, adding that nothing was agreed until everything was.",
]
FURNITURE = [
    "Sign up for our morning newsletter and never miss a story from our correspondents.",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "Most read: Markets slide as rates rise; Heatwave grips the south; Cup final tickets",
    "Comment by reader42: This is the worst coverage I have read this year, truly awful stuff.",
    "Related: Earlier talks collapsed in April after a night of strikes on the border towns.",
    "Copyright 2024 Example Times. All rights reserved. Terms of use and privacy policy.",
]


def _page() -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in ARTICLE[:2])
    rest = "".join(f"<p>{text}</p>" for text in ARTICLE[2:])
    return f"""<html><head><title>Ceasefire talks | Example Times</title>
<meta property="og:type" content="article"></head><body>
<div id="cookie-banner"><p>{FURNITURE[1]}</p></div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a>
</li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="layout">
 <main><article class="story">
  <h1>Ceasefire talks resume in Cairo</h1>
  <div class="byline">By Jane Doe · June 2, 2024</div>
  <div class="share-bar"><a href="https://twitter.com/intent/tweet?u=1">Share on X</a>
   <a href="https://www.facebook.com/sharer/sharer.php?u=1">Share on Facebook</a></div>
  <div class="story-body">{paragraphs}
   <aside class="related-links"><p>{FURNITURE[4]}</p></aside>
   <div class="newsletter-signup"><p>{FURNITURE[0]}</p></div>
   {rest}
  </div>
  <section id="comments" class="comments"><ol><li><p>{FURNITURE[3]}</p></li></ol></section>
 </article></main>
 <div class="sidebar"><h3>Most read</h3><ul><li><a href="/a">{FURNITURE[2]}</a></li>
 <li><a href="/b">Another headline that readers clicked on today</a></li></ul></div>
</div>
<footer><p>{FURNITURE[5]}</p></footer>
</body></html>"""


def test_furniture_goes_and_prose_stays() -> None:
    page = extract_page(_page(), URL)
    assert page.paragraphs == ARTICLE
    for text in FURNITURE:
        assert text[:30] not in page.text
    assert page.kind == KIND_ARTICLE


def test_paragraphs_are_clean() -> None:
    html = (
        "<article><p>  First   line\n of text,<br>after a break; "
        "<b>bold</b><i>italic</i> <span>spaced</span>&nbsp;words &amp; entities, "
        "and enough words to read as prose.</p>"
        "<div>Text set in a div<br><br>with a paragraph break made of two breaks, "
        "as older pages write their prose without paragraph tags.</div></article>"
    )
    page = extract_page(html, URL)
    assert page.paragraphs[0] == (
        "First line of text, after a break; bolditalic spaced words & entities, "
        "and enough words to read as prose."
    )
    assert page.paragraphs[1] == "Text set in a div"
    assert page.paragraphs[2].startswith("with a paragraph break")


def test_teaser_lists_inside_the_article_box_go() -> None:
    teasers = "".join(
        f'<div class="card"><h3><a href="/story/{index}">A linked headline of another '
        f"story number {index}</a></h3><p>The summary of that other story, two lines of "
        "prose that would read like the article if nothing told them apart.</p></div>"
        for index in range(4)
    )
    html = "<main>" + "".join(f"<p>{text}</p>" for text in ARTICLE) + teasers + "</main>"
    page = extract_page(html, URL)
    assert page.paragraphs == ARTICLE


def test_hidden_text_does_not_choose_the_article() -> None:
    modal = "".join(
        f"<p>Please sign in to comment. Step {index}: enter your e-mail address and the "
        "code we sent you, then choose a password you have not used before.</p>"
        for index in range(12)
    )
    html = (
        f'<div style="display:none" class="login">{modal}</div><article>'
        + "".join(f"<p>{text}</p>" for text in ARTICLE)
        + "</article>"
    )
    assert extract_page(html, URL).paragraphs == ARTICLE


def test_lead_before_the_body_box() -> None:
    html = (
        "<article><header><h1>Ceasefire talks resume</h1><p class='standfirst'>Mediators "
        "see a narrow window for a deal before the holiday, officials say.</p></header>"
        "<div class='body'>" + "".join(f"<p>{text}</p>" for text in ARTICLE) + "</div></article>"
    )
    page = extract_page(html, URL)
    assert page.paragraphs[0].startswith("Mediators see a narrow window")
    assert page.paragraphs[1:] == ARTICLE


def test_pages_without_an_article() -> None:
    html = "<body><nav>" + "".join(f'<a href="/s/{n}">Section {n}</a>' for n in range(40))
    page = extract_page(html + "</nav></body>", URL)
    assert page.paragraphs == []
    assert page.kind == KIND_PAGE
    assert page.reason == "no article text found"


def test_json_ld_article_body_for_script_rendered_pages() -> None:
    text = "The court ruled on Monday that the law was valid. " * 10
    html = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "'
        + text
        + '\\nA second paragraph of the ruling."}</script><div id="root"></div>'
    )
    page = extract_page(html, URL)
    assert page.paragraphs == [text.strip(), "A second paragraph of the ruling."]


def test_the_first_of_several_stories() -> None:
    other = [text.replace("Cairo", "Doha").replace("talks", "games") for text in ARTICLE]
    html = (
        "<main><article><h1>Ceasefire talks resume</h1>"
        + "".join(f"<p>{text}</p>" for text in ARTICLE)
        + "</article><article><h2>Next story</h2>"
        + "".join(f"<p>{text}</p>" for text in other * 2)
        + "</article></main>"
    )
    assert extract_page(html, URL).paragraphs == ARTICLE
