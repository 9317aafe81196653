"""Bytes to a parsed tree: charset detection, parsing, and helpers over elements.

The parser reads UTF-8 bytes directly (about twice as fast as decoding to ``str``
first), so a page is decoded in Python only when its charset is something else.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser

from provenance.extract import heuristics as h

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that browsers treat as another encoding (WHATWG Encoding standard): Latin-1
# and ASCII are read as windows-1252, GB2312 as its superset GBK.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gbk",
    "gb_2312": "gbk",
    "x-gbk": "gbk",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "x-sjis": "shift_jis",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
}
_UTF8 = "utf-8"


def _known(label: str) -> str:
    """The Python codec name of a charset label, or "" when Python has none."""
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode(_UTF8)
    except UnicodeDecodeError:
        return False
    return True


def _sniff(body: bytes) -> str:
    """The charset of undeclared, non-UTF-8 bytes, by statistics (charset-normalizer)."""
    best = from_bytes(body[: h.CHARSET_SNIFF_BYTES]).best()
    found = _known(best.encoding) if best is not None and best.encoding else ""
    return found or "cp1252"


def detect_charset(body: bytes, content_type: str = "") -> str:
    """The Python codec of an HTML body: BOM, then HTTP header, then <meta>, then sniffing.

    A declared single- or double-byte charset gives way to UTF-8 when the bytes are
    valid UTF-8 and not plain ASCII: legacy text almost never forms valid multi-byte
    UTF-8 by chance, while pages re-encoded to UTF-8 that keep their old declaration
    (and servers that send a default ``charset=iso-8859-1``) are common.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    declared = ""
    header = _HEADER_CHARSET.search(content_type or "")
    if header:
        declared = _known(header.group(1))
    if not declared:
        meta = _META_CHARSET.search(body[: h.META_PRESCAN_BYTES])
        if meta:
            declared = _known(meta.group(1).decode("ascii", "replace"))
    if declared in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
        # A <meta> cannot truthfully declare UTF-16 in an ASCII-compatible prescan.
        declared = "" if not header else declared
    if declared == _UTF8 or body.isascii():
        return declared or _UTF8
    if declared:
        return _UTF8 if _is_utf8(body) else declared
    return _UTF8 if _is_utf8(body) else _sniff(body)


def decode(body: bytes, content_type: str = "") -> str:
    charset = detect_charset(body, content_type)
    text = body.decode(charset, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def parse(html: bytes | str, content_type: str = "") -> LexborHTMLParser:
    """Parse a page; bytes are decoded by their charset, or handed over as UTF-8."""
    if isinstance(html, str):
        # NUL makes the parser's C strings end early; no HTML needs it.
        return LexborHTMLParser(html.replace("\x00", ""))
    charset = detect_charset(html, content_type)
    if charset == _UTF8:
        if html.startswith(codecs.BOM_UTF8):
            html = html[len(codecs.BOM_UTF8) :]
        # The parser replaces invalid sequences with U+FFFD itself.
        return LexborHTMLParser(html.replace(b"\x00", b"") if b"\x00" in html else html)
    return LexborHTMLParser(decode(html, content_type).replace("\x00", ""))


_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@lru_cache(maxsize=8192)
def class_tokens(raw: str) -> frozenset[str]:
    """Tokens of a class/id string (cached: pages repeat the same class strings)."""
    tokens: set[str] = set()
    for name in raw.split():
        lowered = name.lower()
        if lowered.startswith(h.TOPIC_CLASS_PREFIXES):
            continue
        # The regular expressions only where they can cut: most names are lower case
        # and many are one word (a third of the layout's time went here).
        if lowered != name:
            lowered = _CAMEL.sub("-", name).lower()
        if "-" in lowered or "_" in lowered:
            tokens.update(token for token in _TOKEN_SPLIT.split(lowered) if token)
        else:
            tokens.add(lowered)
    return frozenset(tokens)
