"""Plain-text helpers: whitespace, sentences, reporting cues and dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from provenance.extract.heuristics import ABBREVIATIONS, CUE_NOUN_PATTERN, CUE_PATTERN
from provenance.extract.months import MONTHS as WORLD_MONTHS
from provenance.extract.months import MULTI_WORD, forms_of

_ENGLISH_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

_SPACE = re.compile(r"\s+")
# Characters XML and terminals choke on, and invisible formatting characters that
# hostile pages use to hide text; replaced by nothing.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b]")


def clean(text: str) -> str:
    """Collapse white space and drop control characters."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


# A sentence ends at . ! ? (or …), optionally followed by closing quotes/brackets,
# then white space and a character that can start a sentence.
_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9À-ÖØ-ÞА-ЯΑ-Ω])")
_LAST_TOKEN = re.compile(r"([\w.]+)$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``.

    Survives abbreviations ("Dr.", "U.S."), initials ("J. Smith"), decimals ("3.5"),
    and closing quotes after the full stop.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()]
        token_match = _LAST_TOKEN.search(before)
        token = token_match.group(1).lower() if token_match else ""
        if match.group(1) == "." and token:
            bare = token.rstrip(".")
            if bare in ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()):
                continue
        end = match.end(2)
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def cues_with_positions(text: str) -> list[tuple[int, str]]:
    return [(match.start(), match.group(1).lower()) for match in CUE_PATTERN.finditer(text)]


def noun_cue_in(text: str) -> str:
    match = CUE_NOUN_PATTERN.search(text)
    return match.group(1).lower() if match else ""


# --- Dates ----------------------------------------------------------------------------

# English names stay importable here; every language's names are in ``months``.
MONTHS = forms_of("en")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"  # date
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"  # time
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"  # offset
)
# A month word: any run of characters that are not space, digits or punctuation, so
# that scripts whose vowels are combining marks (Thai, Devanagari) stay one word.
_WORD = r"[^\s\d.,;:/|()\[\]<>\"'«»“”‘’-]+"
# Ordinal endings and the small words that join day, month and year in datelines:
# "3rd of May", "3 de mayo de 2024", "le 3 mai", "2024 m. gegužės 3 d.", "3 января 2024 г.".
_ORDINAL = r"(?:st|nd|rd|th|er|e|º|ª|°)?"
_JOIN = r"(?:de|del|of|the|ngày|tháng|năm|m)"
_DAY_WORD_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}}){_ORDINAL}\.?\s*(?:{_JOIN}\.?\s+)?({_WORD})\.?,?\s*"
    rf"(?:{_JOIN}\.?\s+)?(\d{{4}})(?!\d)"
)
_WORD_DAY_YEAR = re.compile(
    rf"({_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+(?:{_JOIN}\s+)?(\d{{4}})(?!\d)"
)
_YEAR_WORD_DAY = re.compile(
    rf"(?<!\d)(\d{{4}})\.?\s*(?:m\.\s*|gada\s+)?({_WORD})\.?\s+(\d{{1,2}})(?!\d)"
)
# Chinese, Japanese and Korean: 2024年5月3日, 2024년 5월 3일.
_CJK = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})")
# Vietnamese: "3 tháng 5 năm 2024", "ngày 03 tháng 05, 2024".
_VIETNAMESE = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm|,)?\s+(\d{4})")
_NUMERIC_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_NUMERIC_YMD = re.compile(r"\b(\d{4})[./](\d{1,2})[./](\d{1,2})\b")
# Day and month of two digits and a two-digit year, with dots: German and Nordic
# datelines ("Do 25.04.24 | 14:07 Uhr"). Two digits each, so version numbers such as
# "1.2.24" do not pass.
_NUMERIC_DMY_SHORT = re.compile(r"(?<![\d.])(\d{2})\.(\d{2})\.(\d{2})(?![\d.])")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
_URL_YEAR_MONTH = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/")

# Any digit: a text without one holds no date (a search in C, not a loop in Python).
HAS_DIGIT = re.compile(r"\d")
# Dates outside this range are errors of markup (0001-01-01 placeholders, 2099 typos).
MIN_YEAR = 1990
MAX_YEAR = 2100
# Thai dates count years of the Buddhist era: 2567 is 2024.
BUDDHIST_ERA_OFFSET = 543


def _valid(year: int, month: int, day: int) -> str:
    if year > MAX_YEAR and MIN_YEAR <= year - BUDDHIST_ERA_OFFSET <= MAX_YEAR:
        year -= BUDDHIST_ERA_OFFSET
    if not (MIN_YEAR <= year <= MAX_YEAR):
        return ""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def _month(word: str) -> int:
    return WORLD_MONTHS.get(word.rstrip("."), 0)


def _worded(text: str) -> str:
    """A date written with a month name, in any language of ``months``."""
    folded = text.casefold()
    if " " in folded:
        for name in MULTI_WORD:
            if name in folded:
                folded = folded.replace(name, _ENGLISH_MONTHS[WORLD_MONTHS[name] - 1])
    for match in _DAY_WORD_YEAR.finditer(folded):
        month = _month(match.group(2))
        if month:
            found = _valid(int(match.group(3)), month, int(match.group(1)))
            if found:
                return found
    for match in _WORD_DAY_YEAR.finditer(folded):
        month = _month(match.group(1))
        if month:
            found = _valid(int(match.group(3)), month, int(match.group(2)))
            if found:
                return found
    for match in _YEAR_WORD_DAY.finditer(folded):
        month = _month(match.group(2))
        if month:
            found = _valid(int(match.group(1)), month, int(match.group(3)))
            if found:
                return found
    return ""


def _numbered(text: str, month_first: bool) -> str:
    """A date written in numbers only."""
    for pattern in (_CJK, _NUMERIC_YMD):
        match = pattern.search(text)
        if match:
            found = _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if found:
                return found
    match = _VIETNAMESE.search(text)
    if match:
        found = _valid(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if found:
            return found
    match = _NUMERIC_DMY.search(text)
    if match:
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if month_first:
            first, second = second, first
        found = _valid(year, second, first) or _valid(year, first, second)
        if found:
            return found
    match = _NUMERIC_DMY_SHORT.search(text)
    if match:
        return _valid(2000 + int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return ""


def parse_date(text: str, month_first: bool = False) -> str:
    """An ISO 8601 date or datetime from a date written in one of the common forms.

    Keeps the time and offset when the source gives them (ISO input); "" when nothing
    valid is found. Month names are read in every language of ``months``; CJK and
    Vietnamese dates by their markers. Numeric dates are read day first (12.12.2016,
    13/12/2016) unless ``month_first`` (US pages) or the first number cannot be a day.
    """
    text = text.strip()
    if not text:
        return ""
    iso = _ISO.search(text)
    if iso:
        year, month, day = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
        day_text = _valid(year, month, day)
        if day_text and iso.group(4):
            raw = iso.group(0).replace(" ", "T")
            if raw.endswith("Z"):
                raw = raw[:-1] + "+00:00"
            try:
                return datetime.fromisoformat(raw).isoformat()
            except ValueError:
                return day_text
        if day_text:
            return day_text
    if not HAS_DIGIT.search(text):
        return ""
    return _worded(text) or _numbered(text, month_first)


def date_from_epoch(value: str) -> str:
    """An ISO datetime (UTC) from Unix time in seconds or milliseconds; "" otherwise."""
    value = value.strip()
    if not value.isdigit() or len(value) not in (10, 13):
        return ""
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return ""
    if not (MIN_YEAR <= moment.year <= MAX_YEAR):
        return ""
    return moment.replace(microsecond=0).isoformat()


def date_in_url(url: str) -> str:
    """The date an article URL's path states (/2024/05/03/slug, /2024-05-03-slug).

    A path that ends at the date is a day's archive, a listing: it has no date of its own.
    """
    match = _URL_DATE.search(url)
    if match:
        rest = url[match.end() :].split("?", 1)[0].split("#", 1)[0].strip("/")
        if not rest:
            return ""
        return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return ""


_ANY_DATE = (
    _ISO,
    _DAY_WORD_YEAR,
    _WORD_DAY_YEAR,
    _YEAR_WORD_DAY,
    _CJK,
    _VIETNAMESE,
    _NUMERIC_YMD,
    _NUMERIC_DMY,
    _NUMERIC_DMY_SHORT,
)
_MONTH_DAY = re.compile(rf"\b({_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.I)


def strip_dates(text: str) -> str:
    """``text`` without the dates written in it ("Jane Doe December 12, 2016" -> "Jane Doe")."""
    for pattern in _ANY_DATE:
        if pattern in (_DAY_WORD_YEAR, _WORD_DAY_YEAR, _YEAR_WORD_DAY):
            text = pattern.sub(_drop_if_month, text)
        else:
            text = pattern.sub(" ", text)
    text = _MONTH_DAY.sub(" ", text)
    return clean(text)


def _drop_if_month(match: re.Match[str]) -> str:
    words = [group for group in match.groups() if group and not group.isdigit()]
    return " " if any(_month(word.casefold()) for word in words) else match.group(0)
