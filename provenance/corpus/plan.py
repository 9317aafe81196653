"""From the index of a collection's records to what the run extracts, and to the records
the graph is built from (the same ``build_graph`` as a trace, fed by the corpus).

Every URL competes once: of several captures of one document (``urls.identity``) the
latest is kept, as WARC replay in a trace does, and the older ones' spellings become
aliases. Documents of one outlet with the same payload digest are one document (the
shortest URL kept, the others aliases); the same payload on two outlets is a copy, left
for republication to find. A redirect's URL becomes an alias of the document it leads to
in the corpus, as a trace's redirects do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provenance.corpus.warc import (
    CLASS_CORRUPT,
    CLASS_DOCUMENT,
    CLASS_ERROR,
    CLASS_OTHER,
    CLASS_REDIRECT,
    CLASS_REVISIT,
)
from provenance.models import FetchResult, Page
from provenance.urls import absolute, identity, outlet_of

if TYPE_CHECKING:  # pandas comes with the corpus extra: imported by the run, not here
    import pandas as pd

MAX_REDIRECT_HOPS = 10
"""Redirects followed from one URL at most (as the crawler's ``max_redirects``): a longer
chain is a loop or a trap."""


@dataclass
class Counts:
    """What the index held, by what became of it."""

    records: int = 0
    """Response and revisit records indexed (plus corrupt stretches)."""
    documents: int = 0
    """HTML and PDF documents extracted (after deduplication)."""
    duplicates: int = 0
    """Records with the payload of another record of the same outlet (now aliases)."""
    older_captures: int = 0
    """Earlier captures of a URL captured again later."""
    redirects: int = 0
    errors: int = 0
    """4xx/5xx responses: ``unreachable`` documents."""
    not_html: int = 0
    """Responses that are neither HTML nor PDF (images, scripts, robots.txt): skipped."""
    revisits: int = 0
    corrupt: int = 0
    """Records that could not be read: skipped, the run went on."""


@dataclass
class Plan:
    """The kept records and the aliases each gains."""

    documents: pd.DataFrame
    """Kept HTML/PDF records, in file order: warc, offset, url, content_type, http_status."""
    errors: pd.DataFrame
    """Kept 4xx/5xx records: ``unreachable`` documents."""
    aliases: dict[str, set[str]] = field(default_factory=dict)
    """Record URL -> other URLs of the same document (older spellings, same payload,
    redirects that lead there)."""
    counts: Counts = field(default_factory=Counts)

    def partitions(self, size: int) -> list[list[tuple[str, int, str, str]]]:
        """The documents to extract, ``size`` records a partition, in file order."""
        rows = list(
            zip(
                self.documents["warc"].tolist(),
                self.documents["offset"].tolist(),
                self.documents["url"].tolist(),
                self.documents["content_type"].tolist(),
                strict=True,
            )
        )
        return [rows[start : start + size] for start in range(0, len(rows), size)]


def plan(index: pd.DataFrame) -> Plan:
    """Decide which records are documents, which are duplicates, aliases or skipped."""
    counts = Counts(records=len(index))
    by_class = index["record_class"].value_counts().to_dict()
    counts.not_html = int(by_class.get(CLASS_OTHER, 0))
    counts.revisits = int(by_class.get(CLASS_REVISIT, 0))
    counts.corrupt = int(by_class.get(CLASS_CORRUPT, 0))
    competing = index[
        index["record_class"].isin([CLASS_DOCUMENT, CLASS_ERROR, CLASS_REDIRECT])
    ].copy()
    competing["identity"] = competing["url"].map(identity)
    competing = competing[competing["identity"] != ""]
    competing = competing.sort_values(["identity", "date", "order", "offset"], kind="stable")
    latest = competing.drop_duplicates("identity", keep="last")
    aliases: dict[str, set[str]] = {}
    kept_url = dict(zip(latest["identity"], latest["url"], strict=True))
    older = competing.drop(latest.index)
    counts.older_captures = len(older)
    for url, key in zip(older["url"], older["identity"], strict=True):
        if url != kept_url[key]:
            aliases.setdefault(kept_url[key], set()).add(url)

    documents = latest[latest["record_class"] == CLASS_DOCUMENT].copy()
    documents["outlet"] = documents["url"].map(outlet_of)
    documents["length"] = documents["url"].str.len()
    documents = documents.sort_values(["digest", "outlet", "length", "url"], kind="stable")
    unique = documents.drop_duplicates(["digest", "outlet"], keep="first")
    copies = documents.drop(unique.index)
    counts.duplicates = len(copies)
    first_of = dict(
        zip(zip(unique["digest"], unique["outlet"], strict=True), unique["url"], strict=True)
    )
    for url, digest, outlet in zip(copies["url"], copies["digest"], copies["outlet"], strict=True):
        kept = first_of[(digest, outlet)]
        aliases.setdefault(kept, set()).update({url, *aliases.pop(url, set())})

    errors = latest[latest["record_class"] == CLASS_ERROR]
    targets = {
        key: url for key, url in zip(unique["url"].map(identity), unique["url"], strict=True)
    }
    targets.update(zip(errors["identity"], errors["url"], strict=True))
    redirects = latest[latest["record_class"] == CLASS_REDIRECT]
    leads_to = {
        key: absolute(location, url)
        for key, url, location in zip(
            redirects["identity"], redirects["url"], redirects["location"], strict=True
        )
    }
    counts.redirects = len(redirects)
    for source_key, source in zip(redirects["identity"], redirects["url"], strict=True):
        target = _follow(source_key, leads_to, targets)
        if target is not None:
            aliases.setdefault(target, set()).update({source, *aliases.pop(source, set())})

    unique = unique.sort_values(["order", "offset"], kind="stable")
    counts.documents = len(unique)
    counts.errors = len(errors)
    return Plan(unique.reset_index(drop=True), errors.reset_index(drop=True), aliases, counts)


def _follow(start: str, leads_to: dict[str, str], targets: dict[str, str]) -> str | None:
    """The kept record a redirect chain from ``start`` ends at, if it ends in the corpus."""
    key = start
    for _ in range(MAX_REDIRECT_HOPS):
        location = leads_to.get(key)
        if not location:
            return None
        key = identity(location)
        if key in targets:
            return targets[key]
    return None


@dataclass
class CorpusRecords:
    """The corpus seen as a crawl store: what ``build_graph`` reads (``CrawlRecords``).

    Every document is at depth 0 (nothing was crawled); the run sets each node's depth
    from the roots afterwards.
    """

    fetched: list[tuple[FetchResult, int]]
    extracted: dict[str, Page]
    roots: list[str]

    def fetches(self) -> Iterator[tuple[FetchResult, int]]:
        return iter(self.fetched)

    def pages(self) -> dict[str, Page]:
        return self.extracted

    def get_json(self, key: str, default: Any = None) -> Any:
        return list(self.roots) if key == "roots" else default

    def unfetched(self) -> dict[str, str]:
        # A corpus fetches nothing: a target outside it is unvisited with no reason.
        return {}


def records(the_plan: Plan, pages: dict[str, Page], roots: list[str]) -> CorpusRecords:
    """The fetch results of the kept records, with their aliases as redirects."""
    fetched: list[tuple[FetchResult, int]] = []
    for frame in (the_plan.documents, the_plan.errors):
        for url, status, content_type in zip(
            frame["url"], frame["http_status"], frame["content_type"], strict=True
        ):
            fetched.append(
                (
                    FetchResult(
                        url=url,
                        final_url=url,
                        status=str(int(status)),
                        http_status=int(status),
                        content_type=str(content_type),
                        redirects=tuple(sorted(the_plan.aliases.get(url, ()))),
                    ),
                    0,
                )
            )
    return CorpusRecords(fetched, pages, roots)
