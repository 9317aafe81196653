"""Charsets: header, BOM, <meta>, statistics; legacy encodings give correct text."""

from __future__ import annotations

import codecs

import pytest

from provenance.extract import extract_page
from provenance.extract.document import detect_charset

URL = "https://news.example.net/world/story-1.html"

# One article per script, long enough for charset statistics to be sure of it.
ARABIC = (
    "قالت وزارة الخارجية في بيان رسمي يوم الثلاثاء إن المحادثات بين الوفدين ستستأنف "
    "الأسبوع المقبل في العاصمة، وأضافت أن الطرفين اتفقا على جدول أعمال يشمل المساعدات "
    "الإنسانية وإعادة فتح المعابر الحدودية أمام المدنيين والتجارة."
)
RUSSIAN = (
    "Министерство иностранных дел заявило во вторник, что переговоры между делегациями "
    "возобновятся на следующей неделе в столице. По словам представителя ведомства, "
    "стороны согласовали повестку, включающую гуманитарную помощь и открытие границ."
)
CHINESE = (
    "外交部发言人周二在例行记者会上表示，双方代表团之间的会谈将于下周在首都恢复。"
    "发言人说，双方已就议程达成一致，其中包括人道主义援助以及重新开放边境口岸，"
    "以便平民通行和恢复贸易往来。"
)
CASES = [
    ("windows-1256", "ar", ARABIC, "العاصمة"),
    ("koi8-r", "ru", RUSSIAN, "переговоры"),
    ("gbk", "zh", CHINESE, "人道主义援助"),
]


def _page(text: str, language: str, meta: str = "") -> str:
    return (
        f'<html lang="{language}"><head>{meta}<title>{text[:30]}</title></head><body>'
        f"<nav><a href='/'>{text[:10]}</a></nav><article><h1>{text[:40]}</h1>"
        f"<p>{text}</p><p>{text[::-1]}</p><p>{text}</p></article></body></html>"
    )


@pytest.mark.parametrize(("charset", "language", "text", "word"), CASES)
def test_charset_from_http_header(charset: str, language: str, text: str, word: str) -> None:
    body = _page(text, language).encode(charset)
    page = extract_page(body, URL, f"text/html; charset={charset}")
    assert word in page.text
    assert page.language == language


@pytest.mark.parametrize(("charset", "language", "text", "word"), CASES)
def test_charset_from_meta(charset: str, language: str, text: str, word: str) -> None:
    for meta in (
        f'<meta charset="{charset}">',
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
    ):
        body = _page(text, language, meta).encode(charset)
        assert word in extract_page(body, URL).text
        assert word in extract_page(body, URL, "text/html").text


@pytest.mark.parametrize(("charset", "language", "text", "word"), CASES)
def test_undeclared_charset_is_detected(charset: str, language: str, text: str, word: str) -> None:
    body = _page(text, language).encode(charset)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    page = extract_page(body, URL, "text/html")
    assert word in page.text
    assert page.title == " ".join(text[:40].split())


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_mark(bom: bytes, codec: str) -> None:
    body = bom + _page(RUSSIAN, "ru").encode(codec)
    page = extract_page(body, URL, "text/html; charset=iso-8859-1")
    assert "переговоры" in page.text
    assert not page.text.startswith("\ufeff")


def test_header_wins_over_meta() -> None:
    body = _page(RUSSIAN, "ru", '<meta charset="windows-1251">').encode("koi8-r")
    assert "переговоры" in extract_page(body, URL, "text/html; charset=KOI8-R").text


def test_utf8_bytes_under_a_legacy_declaration_are_utf8() -> None:
    # Pages converted to UTF-8 that kept their old <meta>, and servers that default to
    # charset=iso-8859-1: valid multi-byte UTF-8 does not happen by chance.
    body = _page(RUSSIAN, "ru", '<meta charset="iso-8859-1">').encode("utf-8")
    assert "переговоры" in extract_page(body, URL).text
    assert "переговоры" in extract_page(body, URL, "text/html; charset=iso-8859-1").text


def test_latin1_label_means_windows_1252() -> None:
    body = _page(
        "Die Behörden erklärten – so der Sprecher – “alles sei sicher”.",
        "de",
        '<meta charset="iso-8859-1">',
    ).encode("cp1252")
    assert "– so der Sprecher –" in extract_page(body, URL).text


def test_detect_charset_labels() -> None:
    assert detect_charset(b"abc", "text/html; charset=UTF-8") == "utf-8"
    assert detect_charset("é".encode("cp1252"), "text/html; charset=latin1") == "cp1252"
    assert detect_charset("中文".encode("gbk"), "text/html; charset=gb2312") == "gbk"
    assert detect_charset(b"<meta charset='bogus'>plain", "") == "utf-8"
    assert detect_charset(b"\xef\xbb\xbfx") == "utf-8"


def test_str_input_is_taken_as_decoded() -> None:
    page = extract_page(_page(CHINESE, "zh"), URL)
    assert "人道主义援助" in page.text
