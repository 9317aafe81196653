"""Support across languages: when is a page in another language than its claim, and what
support then says (``not-measurable``, never a low score)."""

from __future__ import annotations

from provenance.graph.claims import PageSupport
from provenance.graph.support import (
    SupportScorer,
    content_tokens,
    languages_differ,
    numbers_of,
    script_of,
)
from provenance.models import Page

CLAIM = "The ministry said 14 people were killed when the dam at Orlan burst on Tuesday."
RUSSIAN = (
    "Министерство сообщило, что 14 человек погибли, когда во вторник прорвало плотину в Орлане."
)
ARABIC = "قالت الوزارة إن ١٤ شخصا قتلوا عندما انهار السد في أورلان يوم الثلاثاء."


def test_the_script_of_a_text() -> None:
    assert script_of(CLAIM) == "latin"
    assert script_of(RUSSIAN) == "cyrillic"
    assert script_of(ARABIC) == "arabic"
    assert (
        script_of("法院以受贿罪判处前市长八年有期徒刑，此案引起广泛关注。此外还有更多的文字内容")
        == "han"
    )
    assert script_of("IS 14") == ""  # too few letters to tell
    # A Russian page quoting English names is still Cyrillic.
    assert script_of(RUSSIAN + " Reuters, AP, BBC.") == "cyrillic"


def test_declared_languages_decide_and_scripts_overrule() -> None:
    assert languages_differ(CLAIM, "en", RUSSIAN, "ru")
    assert languages_differ(CLAIM, "", RUSSIAN, "")  # no declaration: the scripts differ
    assert languages_differ(CLAIM, "en", RUSSIAN, "en")  # a wrong declaration is belied
    assert languages_differ(
        CLAIM, "en", "Le ministère a déclaré que 14 personnes sont mortes.", "fr"
    )
    assert not languages_differ(CLAIM, "en", "Fourteen people died at Orlan.", "en")
    assert not languages_differ(CLAIM, "", "Fourteen people died when the dam burst at Orlan.", "")


def test_native_digits_are_numbers() -> None:
    assert "14" in content_tokens(ARABIC)


def test_support_on_a_page_in_another_language_is_not_measurable() -> None:
    pages = {
        "https://ru.example/a": Page("https://ru.example/a", language="ru", paragraphs=[RUSSIAN]),
        "https://en.example/b": Page(
            "https://en.example/b",
            language="en",
            paragraphs=["The ministry said 14 people were killed when the Orlan dam burst."],
        ),
    }
    support = PageSupport(pages, SupportScorer(page.text for page in pages.values()))
    foreign = support("https://ru.example/a", CLAIM, "said", "en")
    assert foreign.method == "not-measurable" and not foreign.measured
    assert support.supports(foreign)  # the trace goes on
    english = support("https://en.example/b", CLAIM, "said", "en")
    assert english.method == "lexical" and english.score >= support.threshold
    # The same Russian page measured for a Russian claim is lexical again.
    assert support("https://ru.example/a", RUSSIAN, "сообщило", "ru").measured


def test_numbers_are_found_in_any_script_and_grouping() -> None:
    assert numbers_of("Varholt市有7123名居民被疏散") == {"7123"}
    assert numbers_of("2,700 tonnes, 2.700 ton, 2 700 тонн") == {"2700"}
    assert numbers_of("منذ عام ٢٠٢١") == {"2021"}
    assert numbers_of("On December 10 the toll was 31") == {"31"}  # the day is no quantity
