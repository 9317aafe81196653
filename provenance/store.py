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
from dataclasses import dataclass, fields, is_dataclass
from functools import cache, lru_cache
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


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(item.name for item in fields(kind))


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for our models, without its deep copies (a crawl stores
    every page: this runs once per page)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    return value


def page_to_json(page: Page) -> str:
    return json.dumps(_plain(page), ensure_ascii=False, sort_keys=True)


def page_from_json(text: str) -> Page:
    data: dict[str, Any] = json.loads(text)
    data["links"] = [Link(**link) for link in data.get("links", [])]
    data["republication"] = [
        RepublicationSignal(**signal) for signal in data.get("republication", [])
    ]
    return Page(**data)


# Discovered links repeat (every cited page is cited again and again): their identity
# is computed once. A pure function of its argument, so a cache cannot go stale.
_identity = lru_cache(maxsize=1 << 16)(identity)


class StoreError(Exception):
    """The store file cannot be used (not a provenance store, or a newer schema)."""


# The tables a provenance store has; a read-only open checks for them instead of
# creating them.
_TABLES = frozenset({"meta", "frontier", "fetches", "pages"})
# Frontier states of URLs that are known but were not fetched, and why: the page
# budget (``skipped``), the time budget, a signal, a given-up host, a trap. All but
# ``trap`` are queued again when the crawl resumes (the budgets are checked afresh, a
# host may be back); a trap stays one.
UNFETCHED_STATES = ("skipped", "time-budget", "interrupted", "host-failed", "trap")
RESUMED_STATES = ("skipped", "time-budget", "interrupted", "host-failed")


def _open_readonly(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise StoreError(f"no crawl store at {path}")
    try:
        _check_length(path)
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from error
    uri = path.resolve().as_uri()
    wal = path.with_name(path.name + "-wal")
    # No write-ahead log: no crawl is writing (a finished crawl folds its log into the
    # file), so read it as immutable: SQLite then leaves no -wal/-shm files beside it and
    # needs no write access to the folder. With a log, a crawl may be writing: read
    # through it as a plain read-only reader.
    query = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    db = sqlite3.connect(f"{uri}?{query}", uri=True, check_same_thread=False)
    db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    return db


# The SQLite file header (https://www.sqlite.org/fileformat.html, section 1.3): page
# size at offset 16, file change counter at 24, size in pages at 28, and at 92 the
# change counter the size is valid for.
_HEADER = 100


def _check_length(path: Path) -> None:
    """A store cut short (a partial copy or download) says so before any read fails on
    a missing page: the header records how many pages the file has."""
    with path.open("rb") as handle:
        header = handle.read(_HEADER)
        size = handle.seek(0, 2)
    if len(header) < _HEADER or not header.startswith(b"SQLite format 3\0"):
        return  # not SQLite at all (or empty): the tables check says so
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]
    if valid and pages and page_size * pages > size:
        raise StoreError(
            f"{path} is cut short ({size:,} of {page_size * pages:,} bytes): a damaged copy"
        )


def _check_tables(db: sqlite3.Connection, path: Path) -> None:
    names = {str(row[0]) for row in db.execute("SELECT name FROM sqlite_master")}
    if not names >= _TABLES:
        db.close()
        raise StoreError(f"{path} is not a provenance crawl store")


def _damaged(path: Path, error: BaseException) -> StoreError:
    return StoreError(f"{path} is damaged and cannot be read ({type(error).__name__}: {error})")


# What reading a damaged store raises: SQLite's own errors, and those of the JSON and
# zlib data inside its rows.
_READ_ERRORS = (sqlite3.DatabaseError, ValueError, zlib.error, TypeError, KeyError)


@dataclass(frozen=True)
class Visit:
    """One finished fetch to store: its result, extracted page and what it discovered.

    ``discovered`` holds (url, state) pairs: "queued" to fetch at ``depth + 1``,
    "alias" for a name of a document already in hand (never fetched).
    """

    result: FetchResult
    page: Page | None
    depth: int
    discovered: Sequence[tuple[str, str]] = ()


class Store:
    """One crawl's store. Not thread-safe: one task owns it."""

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        """Open (or, unless ``readonly``, create) the store at ``path``.

        ``readonly`` opens it with SQLite's ``mode=ro``: nothing is created or written,
        and a store that is read-only on disk can be read. A file that is not a
        provenance store raises ``StoreError``.
        """
        self.path = Path(path)
        self.readonly = readonly
        try:
            if readonly:
                self._db = _open_readonly(self.path)
                _check_tables(self._db, self.path)
            else:
                self._db = sqlite3.connect(
                    self.path,
                    isolation_level=None,
                    # Inside Jupyter (a running event loop) run_sync runs the crawl in a
                    # worker thread while the caller waits: one thread at a time uses it.
                    check_same_thread=False,
                )
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA)
            version = self.get_meta("schema_version")
            # Discovery and storage order counters, kept here rather than asked of SQLite
            # (MAX(seq) per insert would make a crawl quadratic).
            self._frontier_seq = self._next_seq("frontier")
            self._fetch_seq = self._next_seq("fetches")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path} is not a usable crawl store ({error})") from error
        if version is None and not readonly:
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        elif version != str(SCHEMA_VERSION):
            self._db.close()
            if version is None:
                raise StoreError(f"{self.path} is not a provenance crawl store")
            raise StoreError(f"{self.path} was written by another version (schema {version})")
        # identity -> (depth, state, url) of every frontier row, read on first use: a
        # crawl asks about every link of every page, mostly links it knows already.
        self._rows: dict[str, tuple[int, str, str]] | None = None
        # Fetched URLs found nearer a root than they were fetched at (see _enqueue).
        self._relaxed: list[tuple[str, int]] = []

    def _next_seq(self, table: str) -> int:
        row = self._db.execute(f"SELECT COALESCE(MAX(seq), -1) + 1 FROM {table}").fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- meta ---------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as error:
            raise _damaged(self.path, error) from error
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def get_json(self, key: str, default: Any = None) -> Any:
        value = self.get_meta(key)
        try:
            return default if value is None else json.loads(value)
        except ValueError as error:
            raise _damaged(self.path, error) from error

    def set_json(self, key: str, value: Any) -> None:
        self.set_meta(key, json.dumps(value, sort_keys=True))

    # --- frontier -----------------------------------------------------------------

    def enqueue(self, url: str, depth: int) -> bool:
        """Queue ``url`` unless its document is already known; True when queued."""
        key = identity(url)
        return bool(key) and self._enqueue(url, key, depth) is not None

    def _frontier_rows(self) -> dict[str, tuple[int, str, str]]:
        if self._rows is None:
            self._rows = {
                str(key): (int(depth), str(state), str(url))
                for key, depth, state, url in self._db.execute(
                    "SELECT identity, depth, state, url FROM frontier"
                )
            }
        return self._rows

    def _enqueue(self, url: str, key: str, depth: int) -> str | None:
        """The URL to fetch for ``key`` when it is newly queued or moved up, else None."""
        rows = self._frontier_rows()
        row = rows.get(key)
        if row is not None:
            known_depth, state, known_url = row
            # A document first seen deeper and still queued moves up to the smaller depth.
            if state == "queued" and depth < known_depth:
                self._db.execute("UPDATE frontier SET depth = ? WHERE identity = ?", (depth, key))
                rows[key] = (depth, state, known_url)
                return known_url
            # Fetched already, but it is nearer a root than it was fetched at (levels
            # overlap: a slow page's links arrive late). Its depth is corrected, and
            # the crawler follows its links again from the new depth (``relaxed``).
            if state == "done" and depth < known_depth:
                self._db.execute("UPDATE frontier SET depth = ? WHERE identity = ?", (depth, key))
                self._db.execute("UPDATE fetches SET depth = ? WHERE url = ?", (depth, known_url))
                rows[key] = (depth, state, known_url)
                self._relaxed.append((known_url, depth))
            return None
        self._insert(url, key, depth, "queued")
        return url

    def _insert(self, url: str, key: str, depth: int, state: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO frontier (url, identity, depth, seq, state)"
            " VALUES (?, ?, ?, ?, ?)",
            (url, key, depth, self._frontier_seq, state),
        )
        self._frontier_seq += 1
        self._frontier_rows().setdefault(key, (depth, state, url))

    def is_known(self, key: str) -> bool:
        return key in self._frontier_rows()

    def queued(self) -> list[tuple[str, int]]:
        """Queued URLs with their depth, shallowest and earliest first."""
        rows = self._db.execute(
            "SELECT url, depth FROM frontier WHERE state = 'queued' ORDER BY depth, seq"
        ).fetchall()
        return [(str(url), int(depth)) for url, depth in rows]

    def mark(self, url: str, state: str) -> None:
        self._db.execute("UPDATE frontier SET state = ? WHERE url = ?", (state, url))
        self._rows = None

    def mark_many(self, urls: Sequence[str], state: str) -> None:
        """Set the frontier state of the still queued ``urls`` in one transaction (a URL
        stored as fetched meanwhile stays ``done``)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany(
                "UPDATE frontier SET state = ? WHERE url = ? AND state = 'queued'",
                [(state, url) for url in urls],
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        finally:
            self._rows = None

    def requeue_skipped(self) -> int:
        """Queue again what an earlier run left for lack of budget or time, or because
        it was stopped or gave a host up (all checked afresh on every run); the number
        of URLs queued."""
        marks = ", ".join("?" * len(RESUMED_STATES))
        cursor = self._db.execute(
            f"UPDATE frontier SET state = 'queued' WHERE state IN ({marks})", RESUMED_STATES
        )
        self._rows = None
        return int(cursor.rowcount)

    def unfetched(self) -> dict[str, str]:
        """identity -> why, for every known URL that was not fetched for a reason
        (``UNFETCHED_STATES``)."""
        marks = ", ".join("?" * len(UNFETCHED_STATES))
        try:
            rows = self._db.execute(
                f"SELECT identity, state FROM frontier WHERE state IN ({marks})", UNFETCHED_STATES
            ).fetchall()
        except sqlite3.DatabaseError as error:
            raise _damaged(self.path, error) from error
        return {str(key): str(state) for key, state in rows}

    def known_urls(self) -> list[str]:
        """Every queued or fetched URL (what a resumed crawl's trap detector counts)."""
        rows = self._db.execute(
            "SELECT url FROM frontier WHERE state IN ('queued', 'done') ORDER BY seq"
        ).fetchall()
        return [str(url) for (url,) in rows]

    def take_relaxed(self) -> list[tuple[str, int]]:
        """Fetched URLs found nearer a root since the last call, with their new depth."""
        relaxed, self._relaxed = self._relaxed, []
        return relaxed

    def page(self, url: str) -> Page | None:
        """The extracted page fetched from ``url``, if any."""
        row = self._db.execute("SELECT page FROM pages WHERE url = ?", (url,)).fetchone()
        return None if row is None else page_from_json(str(row[0]))

    def relax(
        self, url: str, depth: int, discovered: Sequence[tuple[str, str]]
    ) -> list[tuple[str, int]]:
        """Queue the links of ``url``, fetched already and now found at ``depth``.

        Returns the (url, depth) pairs newly queued or moved up."""
        queued: list[tuple[str, int]] = []
        self._db.execute("BEGIN IMMEDIATE")
        try:
            queued.extend(self._discover(discovered, depth))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            self._rows = None
            self._relaxed = []
            raise
        return queued

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
        next_depth: int | None = None,
    ) -> list[tuple[str, int]]:
        """Store one fetch, its page and the frontier entries it adds, atomically.

        ``discovered`` holds (url, state) pairs: "queued" to fetch at ``next_depth``
        (default ``depth + 1``), "alias" for a name of a document already in hand.
        Returns the (url, depth) pairs newly queued or moved up.
        """
        if next_depth is not None and next_depth != depth + 1:
            raise ValueError("links are queued one hop deeper than the page holding them")
        return self.save_many([Visit(result, page, depth, discovered)], warc_offset)

    def save_many(self, visits: Sequence[Visit], warc_offset: int) -> list[tuple[str, int]]:
        """Store several fetches in one transaction, with the WARC offset after their
        records: a crawl killed at any instant resumes from a consistent state.

        Returns the (url, depth) pairs newly queued or moved up.
        """
        queued: list[tuple[str, int]] = []
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for visit in visits:
                queued.extend(self._save(visit))
            self._db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('warc_offset', ?)",
                (str(warc_offset),),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            self._rows = None  # read again: the rolled back changes are not there
            raise
        return queued

    def _save(self, visit: Visit) -> list[tuple[str, int]]:
        result, page, depth = visit.result, visit.page, visit.depth
        own = self._frontier_rows().get(_identity(result.url))
        if own is not None and own[2] == result.url and own[0] < depth:
            # Found nearer a root while it was being fetched: stored at that depth, and
            # its links are followed again from there.
            depth = own[0]
            self._relaxed.append((result.url, depth))
        queued = self._discover(visit.discovered, depth)
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
                self._fetch_seq,
            ),
        )
        self._fetch_seq += 1
        if page is not None:
            self._db.execute(
                "INSERT OR REPLACE INTO pages (url, page) VALUES (?, ?)",
                (result.url, page_to_json(page)),
            )
        self._db.execute("UPDATE frontier SET state = 'done' WHERE url = ?", (result.url,))
        rows = self._frontier_rows()
        key = _identity(result.url)
        row = rows.get(key)
        if row is not None and row[2] == result.url:
            rows[key] = (row[0], "done", row[2])
        return queued

    def _discover(self, discovered: Sequence[tuple[str, str]], depth: int) -> list[tuple[str, int]]:
        """Add a page's links to the frontier one hop deeper than ``depth``: "queued" to
        fetch, any other state (``alias``, ``trap``) to know without fetching."""
        queued: list[tuple[str, int]] = []
        for url, state in discovered:
            key = _identity(url)
            if not key:
                continue
            if state == "queued":
                fetch_url = self._enqueue(url, key, depth + 1)
                if fetch_url is not None:
                    queued.append((fetch_url, depth + 1))
            elif not self.is_known(key):
                self._insert(url, key, depth + 1, state)
        return queued

    def fetches(self) -> Iterator[tuple[FetchResult, int]]:
        """Every stored fetch with its depth, in the order they were stored."""
        try:
            yield from self._fetches()
        except _READ_ERRORS as error:
            raise _damaged(self.path, error) from error

    def _fetches(self) -> Iterator[tuple[FetchResult, int]]:
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
        try:
            return {
                str(url): page_from_json(text)
                for url, text in self._db.execute("SELECT url, page FROM pages ORDER BY url")
            }
        except _READ_ERRORS as error:
            raise _damaged(self.path, error) from error

    def fetch_statuses(self) -> list[tuple[str, str, int | None, int]]:
        """(url, status, http_status, depth) of every stored fetch, in storage order;
        cheap (no bodies)."""
        try:
            rows = self._db.execute(
                "SELECT url, status, http_status, depth FROM fetches ORDER BY seq"
            ).fetchall()
        except sqlite3.DatabaseError as error:
            raise _damaged(self.path, error) from error
        return [(str(url), str(status), http, int(depth)) for url, status, http, depth in rows]

    def fetch_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM fetches").fetchone()[0])

    def outlet_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for (url,) in self._db.execute("SELECT url FROM fetches"):
            outlet = outlet_of(str(url))
            counts[outlet] = counts.get(outlet, 0) + 1
        return counts
