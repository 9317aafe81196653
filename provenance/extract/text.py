"""Plain-text helpers: whitespace, sentences, reporting cues and dates."""

from __future__ import annotations

import re
from datetime import date, datetime

from provenance.extract.heuristics import ABBREVIATIONS, CUE_NOUN_PATTERN, CUE_PATTERN

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

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"  # date
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"  # time
    r"\s*(Z|[+-]\d{2}:?\d{2})?)?"  # offset
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I
)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.I
)
_NUMERIC_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_NUMERIC_YMD = re.compile(r"\b(\d{4})[./](\d{1,2})[./](\d{1,2})\b")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
_URL_YEAR_MONTH = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/")

# Dates outside this range are errors of markup (0001-01-01 placeholders, 2099 typos).
MIN_YEAR = 1990
MAX_YEAR = 2100


def _valid(year: int, month: int, day: int) -> str:
    if not (MIN_YEAR <= year <= MAX_YEAR):
        return ""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def parse_date(text: str) -> str:
    """An ISO 8601 date or datetime from a date written in one of the common forms.

    Keeps the time and offset when the source gives them (ISO input); "" when nothing
    valid is found. Numeric dates are read day first (12.12.2016, 13/12/2016), unless
    the first number cannot be a day... or month... (then month first).
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
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy")):
        match = pattern.search(text)
        if match:
            if order == "mdy":
                month_name, day_text_raw, year_text = match.groups()
            else:
                day_text_raw, month_name, year_text = match.groups()
            found = _valid(int(year_text), MONTHS[month_name.lower()], int(day_text_raw))
            if found:
                return found
    match = _NUMERIC_YMD.search(text)
    if match:
        found = _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found:
            return found
    match = _NUMERIC_DMY.search(text)
    if match:
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        found = _valid(year, second, first) or _valid(year, first, second)
        if found:
            return found
    return ""


def date_in_url(url: str) -> str:
    match = _URL_DATE.search(url)
    if match:
        return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return ""


_ANY_DATE = (_ISO, _MONTH_DAY_YEAR, _DAY_MONTH_YEAR, _NUMERIC_YMD, _NUMERIC_DMY)
_MONTH_DAY = re.compile(rf"\b({_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.I)


def strip_dates(text: str) -> str:
    """``text`` without the dates written in it ("Jane Doe December 12, 2016" -> "Jane Doe")."""
    for pattern in (*_ANY_DATE, _MONTH_DAY):
        text = pattern.sub(" ", text)
    return clean(text)
