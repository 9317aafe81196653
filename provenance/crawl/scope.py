"""What the crawl may follow: domain lists and a date window (``Settings.include_domains``,
``exclude_domains``, ``since``, ``until``).

Exactly what is filtered (the README's "Keeping a crawl in bounds" says the same):

* **Domains.** A link target (or a republication source) is followed only when its host
  is, or is under, an ``include_domains`` entry (when that list is not empty), and is not,
  nor is under, an ``exclude_domains`` entry. ``example.org`` matches ``example.org`` and
  ``news.example.org``, not ``badexample.org``. Roots are always fetched.
* **Dates**, inclusive at both ends, compared as calendar dates (time and zone dropped):

  - a link whose URL carries its date in the path (``/2016/12/13/``, ``/2016/12/``,
    ``/2016-12-13``) is not followed when that day (or that whole month) lies outside the
    window;
  - a fetched page whose publication date is known and outside the window is kept (it is
    a node of the graph, with its date) but its links are not followed;
  - a root's links are always followed, and what has no known date is never filtered:
    an unknown date is not evidence of being outside the window.

Nothing here fetches or parses HTML; the engine asks before it queues a link.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable
from datetime import date

from provenance.settings import Settings
from provenance.urls import host_of

# A date in a URL path as news sites write it: /YYYY/MM/DD/, /YYYY/MM/ or YYYY-MM-DD.
# The year range keeps ids and sizes (/1080/720/) from passing for dates.
_PATH_DAY = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?=/|$|[-_.])")
_PATH_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])(?=/)")
_PATH_ISO_DAY = re.compile(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def parse_day(text: str) -> date | None:
    """The calendar date an ISO 8601 date or datetime starts with, or None."""
    match = _ISO_DATE.match(text or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def url_dates(url: str) -> tuple[date, date] | None:
    """The first and last day a URL's path dates it to (one day, or a whole month)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""
    for pattern in (_PATH_DAY, _PATH_ISO_DAY):
        match = pattern.search(path)
        if match:
            try:
                day = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
            return day, day
    match = _PATH_MONTH.search(path)
    if match:
        year, month = int(match[1]), int(match[2])
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    return None


def _under(host: str, domains: Iterable[str]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def clean_domains(domains: Iterable[str]) -> tuple[str, ...]:
    """Domain entries as matched: lower case, no dots at the ends, no ``www.``."""
    cleaned = []
    for domain in domains:
        text = domain.strip().lower().strip(".")
        text = text.removeprefix("www.")
        if text:
            cleaned.append(text)
    return tuple(dict.fromkeys(cleaned))


class Scope:
    """The follow decision's filters, built once per crawl from the settings."""

    def __init__(
        self,
        include: Iterable[str] = (),
        exclude: Iterable[str] = (),
        since: str = "",
        until: str = "",
    ) -> None:
        self.include = clean_domains(include)
        self.exclude = clean_domains(exclude)
        self.since = parse_day(since) if since else None
        self.until = parse_day(until) if until else None

    @property
    def active(self) -> bool:
        return bool(self.include or self.exclude or self.since or self.until)

    def _outside(self, first: date, last: date) -> bool:
        return (self.since is not None and last < self.since) or (
            self.until is not None and first > self.until
        )

    def allows_url(self, url: str) -> bool:
        """May the crawl follow a link to ``url``?"""
        host = host_of(url).removeprefix("www.")
        if self.include and not _under(host, self.include):
            return False
        if self.exclude and _under(host, self.exclude):
            return False
        if self.since or self.until:
            dated = url_dates(url)
            if dated is not None and self._outside(*dated):
                return False
        return True

    def follows_page(self, published: str) -> bool:
        """May the crawl follow the links of a (non-root) page published then?"""
        day = parse_day(published)
        return day is None or not self._outside(day, day)


SCOPE_FIELDS = ("include_domains", "exclude_domains", "since", "until")
"""The settings this module reads, stored with a crawl when set (for ``--resume``)."""


def scope_settings(settings: Settings) -> dict[str, object]:
    """The scope settings that are set, as JSON-ready values."""
    values: dict[str, object] = {}
    for name in SCOPE_FIELDS:
        value = getattr(settings, name)
        if value:
            values[name] = list(value) if isinstance(value, tuple) else value
    return values


def check_day(text: str) -> str:
    """``text`` when it is a ``YYYY-MM-DD`` date, else ``ValueError``."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) or parse_day(text) is None:
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}")
    return text
