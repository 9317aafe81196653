"""Content-Encoding decoding that never produces more than a set number of bytes.

The byte cap is on the *decoded* body: a few kilobytes of gzip can inflate to
gigabytes, so each compressed chunk is inflated at most up to what is left of the cap
(``zlib``'s ``max_length``), and memory stays bounded by the cap whatever is sent.
We only ask for ``gzip`` and ``deflate`` (``ACCEPT_ENCODING``); anything else a server
sends anyway is reported, not guessed at.
"""

from __future__ import annotations

import zlib

ACCEPT_ENCODING = "gzip, deflate"
IDENTITY = frozenset({"", "identity"})
GZIP = frozenset({"gzip", "x-gzip"})
DEFLATE = frozenset({"deflate"})
# zlib window bits: 16 + MAX_WBITS reads a gzip member, MAX_WBITS a zlib stream, and
# -MAX_WBITS raw deflate (which some servers send as "deflate", against RFC 9110).
GZIP_WBITS = 16 + zlib.MAX_WBITS
ZLIB_WBITS = zlib.MAX_WBITS
RAW_DEFLATE_WBITS = -zlib.MAX_WBITS


class DecodingError(Exception):
    """The body is not validly encoded, or uses an encoding we do not read."""


def _looks_like_zlib(data: bytes) -> bool:
    # RFC 1950: CM = 8 (deflate) in the low nibble of CMF, and CMF*256+FLG divisible by 31.
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


class BoundedDecoder:
    """Feed raw body chunks; get decoded bytes, never more than ``limit`` in all.

    After the decoded body passes ``limit``, ``exceeded`` is set and nothing more is
    returned: the caller stops reading.
    """

    def __init__(self, content_encoding: str, limit: int) -> None:
        encoding = content_encoding.strip().lower()
        if encoding not in IDENTITY | GZIP | DEFLATE:
            raise DecodingError(f"unsupported Content-Encoding: {content_encoding[:40]}")
        self._encoding = encoding
        self._left = limit
        self.exceeded = False
        self._inflater: zlib._Decompress | None = None
        self._finished = False
        self._ignore_rest = False

    def _new_inflater(self, first: bytes) -> zlib._Decompress:
        if self._encoding in GZIP:
            return zlib.decompressobj(GZIP_WBITS)
        return zlib.decompressobj(ZLIB_WBITS if _looks_like_zlib(first) else RAW_DEFLATE_WBITS)

    def feed(self, raw: bytes) -> bytes:
        if self.exceeded or self._ignore_rest or not raw:
            return b""
        if self._encoding in IDENTITY:
            return self._take(raw)
        out: list[bytes] = []
        data = raw
        try:
            while data and not self.exceeded:
                if self._inflater is None:
                    if self._finished and self._encoding not in GZIP:
                        break  # trailing bytes after a complete deflate stream
                    self._inflater = self._new_inflater(data)
                # One byte more than is left tells "exactly at the cap" from "past it".
                chunk = self._inflater.decompress(data, self._left + 1)
                out.append(self._take(chunk))
                if self._inflater.eof:
                    # A gzip body may hold several members (RFC 1952 2.2): read them all.
                    data = self._inflater.unused_data
                    self._inflater = None
                    self._finished = True
                else:
                    data = self._inflater.unconsumed_tail
        except zlib.error as error:
            if not self._finished:
                raise DecodingError(f"bad {self._encoding} data: {error}") from error
            # Junk after a complete member (padding, a truncated extra member): the
            # body already read stands, as browsers have it.
            self._inflater = None
            self._ignore_rest = True
        return b"".join(out)

    def _take(self, chunk: bytes) -> bytes:
        if len(chunk) > self._left:
            self.exceeded = True
            chunk = chunk[: self._left]
        self._left -= len(chunk)
        return chunk
