"""The SQLite crawl store: frontier, fetch log and extracted pages. The only module with SQL.

Every fetched page is committed in one transaction together with its frontier state
and the WARC offset after its records, so a crawl killed at any instant resumes from
a consistent state: nothing stored is lost and nothing is stored twice.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from provenance.models import FetchResult, Link, Page, RepublicationSignal
from provenance.urls import identity, outlet_of

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,          -- the URL as it will be requested
    identity TEXT NOT NULL,        -- urls.identity(url): one fetch per document
    depth INTEGER NOT NULL,
    seq INTEGER NOT NULL,          -- discovery order, for a stable crawl order
    state TEXT NOT NULL DEFAULT 'queued'   -- queued | done | skipped | alias
);
CREATE UNIQUE INDEX IF NOT EXISTS frontier_identity ON frontier(identity);
CREATE TABLE IF NOT EXISTS fetches (
    url TEXT PRIMARY KEY,
    final_url TEXT NOT NULL,
    status TEXT NOT NULL,
    http_status INTEGER,
    content_type TEXT NOT NULL,
    headers TEXT NOT NULL,
    redirects TEXT NOT NULL,
    error TEXT NOT NULL,
    archived_from TEXT NOT NULL,
    body BLOB NOT NULL,            -- zlib-compressed
    depth INTEGER NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, page TEXT NOT NULL);
"""


def page_to_json(page: Page) -> str:
    return json.dumps(asdict(page), ensure_ascii=False, sort_keys=True)


def page_from_json(text: str) -> Page:
    data: dict[str, Any] = json.loads(text)
    data["links"] = [Link(**link) for link in data.get("links", [])]
    data["republication"] = [
        RepublicationSignal(**signal) for signal in data.get("republication", [])
    ]
    return Page(**data)


class StoreError(Exception):
    """The store file cannot be used (not a provenance store, or a newer schema)."""


class Store:
    """One crawl's store. Not thread-safe: one task owns it."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path} is not a usable crawl store ({error})") from error
        version = self.get_meta("schema_version")
        if version is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        elif version != str(SCHEMA_VERSION):
            raise StoreError(f"{self.path} was written by another version (schema {version})")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- meta ---------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def get_json(self, key: str, default: Any = None) -> Any:
        value = self.get_meta(key)
        return default if value is None else json.loads(value)

    def set_json(self, key: str, value: Any) -> None:
        self.set_meta(key, json.dumps(value, sort_keys=True))

    # --- frontier -----------------------------------------------------------------

    def enqueue(self, url: str, depth: int) -> bool:
        """Queue ``url`` unless its document is already known; True when queued."""
        key = identity(url)
        return bool(key) and self._enqueue(url, key, depth)

    def _enqueue(self, url: str, key: str, depth: int) -> bool:
        # A document first seen deeper and still queued moves up to the smaller depth.
        row = self._db.execute(
            "SELECT depth, state FROM frontier WHERE identity = ?", (key,)
        ).fetchone()
        if row is not None:
            if row[1] == "queued" and depth < int(row[0]):
                self._db.execute("UPDATE frontier SET depth = ? WHERE identity = ?", (depth, key))
            return False
        self._insert(url, key, depth, "queued")
        return True

    def _insert(self, url: str, key: str, depth: int, state: str) -> None:
        seq = self._db.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM frontier").fetchone()[0]
        self._db.execute(
            "INSERT OR IGNORE INTO frontier (url, identity, depth, seq, state)"
            " VALUES (?, ?, ?, ?, ?)",
            (url, key, depth, seq, state),
        )

    def is_known(self, key: str) -> bool:
        row = self._db.execute("SELECT 1 FROM frontier WHERE identity = ?", (key,)).fetchone()
        return row is not None

    def queued(self) -> list[tuple[str, int]]:
        """Queued URLs with their depth, shallowest and earliest first."""
        rows = self._db.execute(
            "SELECT url, depth FROM frontier WHERE state = 'queued' ORDER BY depth, seq"
        ).fetchall()
        return [(str(url), int(depth)) for url, depth in rows]

    def mark(self, url: str, state: str) -> None:
        self._db.execute("UPDATE frontier SET state = ? WHERE url = ?", (state, url))

    def frontier_states(self) -> dict[str, int]:
        rows = self._db.execute("SELECT state, COUNT(*) FROM frontier GROUP BY state").fetchall()
        return {str(state): int(count) for state, count in rows}

    # --- fetches and pages ------------------------------------------------------------

    def save(
        self,
        result: FetchResult,
        page: Page | None,
        depth: int,
        warc_offset: int,
        *,
        discovered: Sequence[tuple[str, str]] = (),
        next_depth: int = 0,
    ) -> None:
        """Store one fetch, its page and the frontier entries it adds, atomically.

        ``discovered`` holds (url, state) pairs: "queued" to fetch at ``next_depth``,
        "alias" for a name of a document already in hand (never fetched).
        """
        seq = self._db.execute("SELECT COALESCE(MAX(seq), -1) + 1 FROM fetches").fetchone()[0]
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for url, state in discovered:
                key = identity(url)
                if not key:
                    continue
                if state == "queued":
                    self._enqueue(url, key, next_depth)
                elif not self.is_known(key):
                    self._insert(url, key, next_depth, "alias")
            self._db.execute(
                "INSERT OR REPLACE INTO fetches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    result.url,
                    result.final_url,
                    result.status,
                    result.http_status,
                    result.content_type,
                    json.dumps(list(result.headers)),
                    json.dumps(list(result.redirects)),
                    result.error,
                    result.archived_from,
                    zlib.compress(result.body),
                    depth,
                    seq,
                ),
            )
            if page is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO pages (url, page) VALUES (?, ?)",
                    (result.url, page_to_json(page)),
                )
            self._db.execute("UPDATE frontier SET state = 'done' WHERE url = ?", (result.url,))
            self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('warc_offset', ?)",
                (str(warc_offset),),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def fetches(self) -> Iterator[tuple[FetchResult, int]]:
        """Every stored fetch with its depth, in the order they were stored."""
        for row in self._db.execute(
            "SELECT url, final_url, status, http_status, content_type, headers, redirects, error,"
            " archived_from, body, depth FROM fetches ORDER BY seq"
        ):
            yield (
                FetchResult(
                    url=row[0],
                    final_url=row[1],
                    status=row[2],
                    http_status=row[3],
                    content_type=row[4],
                    headers=tuple((str(key), str(value)) for key, value in json.loads(row[5])),
                    redirects=tuple(json.loads(row[6])),
                    error=row[7],
                    archived_from=row[8],
                    body=zlib.decompress(row[9]),
                ),
                int(row[10]),
            )

    def pages(self) -> dict[str, Page]:
        """Extracted pages keyed by the URL that was requested."""
        return {
            str(url): page_from_json(text)
            for url, text in self._db.execute("SELECT url, page FROM pages ORDER BY url")
        }

    def fetch_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM fetches").fetchone()[0])

    def outlet_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for (url,) in self._db.execute("SELECT url FROM fetches"):
            outlet = outlet_of(str(url))
            counts[outlet] = counts.get(outlet, 0) + 1
        return counts
