"""Giving up on a host: one that fails request after request is not asked again.

A pure policy: the fetcher reports each request's outcome; ``given_up`` answers from
the count of failures in a row. One success clears the count, so a flaky host that
answers now and then is kept.
"""

from __future__ import annotations

# Outcomes that say the host itself is in trouble (it does not answer in time, drops or
# refuses connections), as opposed to one page's problem (a 404, a too-large body).
HOST_FAILURES = frozenset({"timeout", "reset", "connect", "protocol"})
# The status of a URL that was not requested because its host was given up.
HOST_FAILED = "host-failed"


class HostHealth:
    def __init__(self, max_failures: int) -> None:
        self.max_failures = max_failures
        self._in_a_row: dict[str, int] = {}
        self._given_up: set[str] = set()

    def record(self, host: str, status: str) -> bool:
        """Count one request's outcome; True when this one makes the host given up."""
        if status not in HOST_FAILURES:
            if host not in self._given_up:
                self._in_a_row.pop(host, None)
            return False
        count = self._in_a_row.get(host, 0) + 1
        self._in_a_row[host] = count
        if self.max_failures > 0 and count >= self.max_failures and host not in self._given_up:
            self._given_up.add(host)
            return True
        return False

    def given_up(self, host: str) -> bool:
        return host in self._given_up

    def failures(self, host: str) -> int:
        return self._in_a_row.get(host, 0)

    def hosts_given_up(self) -> list[str]:
        return sorted(self._given_up)
