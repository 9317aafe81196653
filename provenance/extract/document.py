"""Bytes to a parsed tree: charset detection, parsing, and tree walking helpers."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser, LexborNode

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
# How far into the document a <meta charset> may stand (the HTML standard's prescan
# reads 1024 bytes; real pages put it later behind comments and scripts).
META_PRESCAN_BYTES = 8192
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that browsers treat as windows-1252 (WHATWG Encoding standard).
_WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"})


def _known(label: str) -> str:
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "windows-1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def detect_charset(body: bytes, content_type: str = "") -> str:
    """The charset of an HTML body: BOM, then HTTP header, then <meta>, then detection."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    header = _HEADER_CHARSET.search(content_type or "")
    if header and _known(header.group(1)):
        return _known(header.group(1))
    meta = _META_CHARSET.search(body[:META_PRESCAN_BYTES])
    if meta:
        found = _known(meta.group(1).decode("ascii", "replace"))
        if found:
            return found
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(body[:200_000]).best()
        if best is not None and best.encoding:
            return _known(best.encoding) or "utf-8"
    return "utf-8"


def decode(body: bytes, content_type: str = "") -> str:
    charset = detect_charset(body, content_type)
    text = body.decode(charset, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def parse(html: bytes | str, content_type: str = "") -> LexborHTMLParser:
    text = html if isinstance(html, str) else decode(html, content_type)
    # NUL bytes make the parser's C strings end early; no HTML needs them.
    return LexborHTMLParser(text.replace("\x00", ""))


def walk(node: LexborNode) -> Iterator[tuple[LexborNode, bool]]:
    """Depth-first (node, entering) events over ``node``'s subtree, without recursion.

    Each element is yielded once entering and once leaving; text nodes once. Iterative
    so that 10,000 levels of nesting cannot exhaust Python's stack.
    """
    stack: list[tuple[LexborNode, bool]] = [(node, True)]
    while stack:
        current, entering = stack.pop()
        if not entering:
            yield current, False
            continue
        yield current, True
        if current.is_text_node:
            continue
        stack.append((current, False))
        children: list[LexborNode] = []
        child = current.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((child, True) for child in reversed(children))


def tokens_of(node: LexborNode) -> set[str]:
    """class and id split into lower-case tokens on spaces, dashes and underscores."""
    attributes = node.attributes
    raw = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    return {token for token in re.split(r"[\s_\-]+", raw.lower()) if token}
