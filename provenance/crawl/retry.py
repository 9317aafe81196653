"""When to try a request again, and after how long. A pure policy: no I/O, no clock."""

from __future__ import annotations

import random
from datetime import UTC
from email.utils import parsedate_to_datetime

# Error classes worth another try: the server or the path to it may recover.
RETRYABLE_ERRORS = frozenset({"timeout", "connect", "reset", "protocol"})
# 429 Too Many Requests, and the 5xx that mean "later" rather than "never".
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
# A Retry-After beyond this is not waited for: the URL is given up on this crawl
# (the default of ``Settings.max_retry_after``).
MAX_RETRY_AFTER = 300.0


def retry_after_seconds(value: str, now_epoch: float | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if now_epoch is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # "-0000" dates; HTTP dates are always GMT
    return max(0.0, when.timestamp() - now_epoch)


def should_retry(
    status: str,
    http_status: int | None,
    attempt: int,
    *,
    max_attempts: int,
    base: float,
    cap: float,
    retry_after: float | None = None,
    max_retry_after: float = MAX_RETRY_AFTER,
    rng: random.Random | None = None,
    trickled: bool = False,
    remaining: float | None = None,
) -> float | None:
    """Seconds to wait before attempt ``attempt + 1``, or None to give up.

    ``attempt`` counts from 1. Exponential backoff with full jitter (a random delay up to
    ``base * 2**(attempt-1)``, capped), so that many workers retrying one host do not
    hit it in step; a server's Retry-After wins when it asks for longer.

    ``trickled``: the answer was still arriving when the total timeout ended it. The
    server is sending, just too slowly; another try would take as long again, so none is
    made. ``remaining``: seconds left of the URL's time budget; a wait that would not
    leave time for a try is not made either.
    """
    if attempt >= max_attempts or trickled:
        return None
    retryable = status in RETRYABLE_ERRORS or (
        http_status is not None and http_status in RETRYABLE_STATUS
    )
    if not retryable:
        return None
    ceiling = min(cap, base * (2 ** (attempt - 1)))
    delay = (rng or random).uniform(0, ceiling)
    if retry_after is not None:
        if retry_after > max_retry_after:
            return None
        delay = max(delay, retry_after)
    if remaining is not None and delay >= remaining:
        return None
    return delay
