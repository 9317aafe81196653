"""Crawler traps, told from URLs alone: calendars, endless pagination, session-id loops.

A trap is a site generating its own endless URL space: each calendar day links the next
day, each listing page the next page, each page view hands out links with a fresh
session id. Their URLs share a shape and differ only in a number, a date or an opaque
token (in a path segment or a query value), and the site's own pages lead to them. So:

- a URL's *family* is its host plus its path and query with every digit run, date and
  random-looking token masked (``/events/2018/03/17/?from=20180301`` and
  ``/events/2018/03/18/?from=20180301`` are one family; ``/2024/03/17/minister-resigns``
  and ``/2024/03/17/floods-hit-coast`` are not: the words of a slug stay);
- only URLs reached from a page of the same host count towards their family (pages many
  outlets cite are articles, not a trap, however they are numbered);
- a family holds ``cap`` URLs at most; the next ones are traps and are not fetched.

A pure policy: no I/O, no clock, no rule naming a site.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from provenance.urls import host_of

# A run of digits is a counter, a date part or an id: the family keeps only its place.
_DIGITS = re.compile(r"\d+")
# An opaque token (session ids, hashes, UUIDs): long, of letters and digits mixed, no
# word separators. Twelve characters is longer than nearly every word of a slug and
# shorter than every session id scheme we know (PHP 26, Java 32, ASP.NET 24).
_TOKEN = re.compile(r"[A-Za-z0-9_-]{12,}")
_TOKEN_MIN_DIGITS = 2  # a token mixes letters and at least two digits...
_TOKEN_MIN_LETTERS = 2  # ...and at least two letters (a long number is a digit run);
# from this length one digit is enough: a 16-character id drawn from [a-z0-9] has a
# single digit in 3% of cases, and no word of a slug is that long with a digit in it.
_LONG_TOKEN = 16
_WORD_SEPARATOR = re.compile(r"[-_]")
# A slug word run ("minister-resigns-over-floods") is words joined by separators; a
# token has none, or only a few inside long random runs (UUIDs).
_MIN_WORD = 3


def _looks_random(text: str) -> bool:
    if not _TOKEN.fullmatch(text):
        return False
    digits = sum(char.isdigit() for char in text)
    letters = sum(char.isalpha() for char in text)
    least_digits = 1 if len(text) >= _LONG_TOKEN else _TOKEN_MIN_DIGITS
    if digits < least_digits or letters < _TOKEN_MIN_LETTERS:
        return False
    parts = [part for part in _WORD_SEPARATOR.split(text) if part]
    # A slug's parts are mostly words; a token's parts are long and mixed.
    wordy = sum(part.isalpha() and len(part) >= _MIN_WORD for part in parts)
    return wordy * 2 < len(parts) or len(parts) == 1


def _mask(text: str) -> str:
    """A path segment or query value with its variable parts replaced."""
    if _looks_random(text):
        return "\x00T"
    return _DIGITS.sub("\x00N", text)


def _mask_segment(segment: str) -> str:
    # Path parameters (";jsessionid=...") are masked like query values.
    name, separator, value = segment.partition(";")
    masked = _mask(name)
    if separator:
        params = []
        for param in value.split(";"):
            key, equals, val = param.partition("=")
            params.append(key + equals + _mask(val))
        masked += ";" + ";".join(params)
    return masked


def family_of(url: str) -> tuple[str, str] | None:
    """(host, masked path and query) of ``url``; None when nothing in it varies."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = host_of(url)
    path = "/".join(_mask_segment(segment) for segment in parts.path.split("/"))
    query = "&".join(
        f"{key}={_mask(value)}"
        for key, value in sorted(parse_qsl(parts.query, keep_blank_values=True))
    )
    template = f"{path}?{query}" if query else path
    if "\x00" not in template:
        return None
    return host, template


class TrapDetector:
    """Counts each family's URLs reached from its own host; ``admit`` says whether one
    more may be fetched."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._members: dict[tuple[str, str], set[str]] = {}

    def prime(self, url: str) -> None:
        """Count ``url`` as a member already in the crawl (a resumed crawl's URLs)."""
        family = family_of(url)
        if family is not None:
            self._members.setdefault(family, set()).add(url)

    def admit(self, url: str, referrer: str) -> bool:
        """False when ``url`` is one URL too many of a trap family."""
        if not referrer or host_of(referrer) != host_of(url):
            return True
        family = family_of(url)
        if family is None:
            return True
        members = self._members.setdefault(family, set())
        if url in members:
            return True
        if len(members) >= self.cap:
            return False
        members.add(url)
        return True

    def trapped_families(self) -> list[tuple[str, str]]:
        """Families that reached the cap (for reports)."""
        return sorted(family for family, urls in self._members.items() if len(urls) >= self.cap)
