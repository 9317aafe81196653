"""What an earlier crawl into a folder left: its roots and the settings it ran with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.store import Store, StoreError

STORE_NAME = "crawl.sqlite"


class NothingToResume(Exception):
    """The folder holds no crawl store (or not a readable one)."""


@dataclass(frozen=True)
class StoredCrawl:
    roots: list[str]
    settings: dict[str, Any] = field(default_factory=dict)
    """The crawl-shaping settings it ran with: depth, max_pages, max_pages_per_outlet,
    follow (what ``crawl()`` records)."""
    fetched: int = 0
    queued: int = 0


def stored_crawl(folder: str | Path) -> StoredCrawl:
    """The crawl stored in ``folder``; ``NothingToResume`` when there is none."""
    path = Path(folder) / STORE_NAME
    if not path.is_file():
        raise NothingToResume(f"no crawl to resume in {folder} (no {STORE_NAME})")
    try:
        store = Store(path)
    except StoreError as error:
        raise NothingToResume(str(error)) from error
    with store:
        roots = [str(root) for root in store.get_json("roots", [])]
        settings = dict(store.get_json("settings", {}))
        states = store.frontier_states()
        return StoredCrawl(
            roots, settings, fetched=store.fetch_count(), queued=states.get("queued", 0)
        )
