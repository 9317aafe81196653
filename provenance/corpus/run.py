"""``corpus``: the graph contract of a whole WARC collection, computed on Dask.

Stages (each partition's result is a Parquet file under ``OUT/parquet/``, so a rerun
skips what an interrupted run finished):

1. ``index/``: one task per WARC file lists its response records (no bodies kept).
2. The client plans: latest capture per document, one document per payload and outlet,
   redirects as aliases (``plan.py``); the kept records are cut into partitions.
3. ``documents/``: one task per partition extracts each record with ``extract_page``.
4. The client builds the graph with the trace's ``build_graph`` and picks the documents
   whose texts are compared (``comparable_pages``).
5. ``signatures/`` and ``texts/``: one task per partition sketches them (MinHash
   signatures and containment samples of ``graph/sketch.py``).
6. ``candidates/``: LSH band keys and samples are shuffled (Dask DataFrame) so that the
   documents sharing one meet in one partition; pairs are formed there.
7. ``reuse.parquet``: the candidates are verified exactly on their shingle sets.
8. The client adds republication edges, scores citations and traces claims with the
   trace's own functions (``analyze_graph``), and writes the output folder.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import networkx as nx

from provenance.corpus.plan import Counts
from provenance.graph import analyze_graph, build_graph, comparable_pages, outlet_names
from provenance.graph.build import followed
from provenance.graph.claims import PageSupport
from provenance.graph.reuse import Reuse
from provenance.graph.support import Support, SupportScorer, content_tokens, languages_differ
from provenance.models import EDGE_CITATION, KIND_ARTICLE, Page
from provenance.settings import Follow, Settings
from provenance.store import page_from_json
from provenance.trace import Trace, UsageError
from provenance.urls import identity

PARTITION_RECORDS = 500
"""Records extracted per task. Extraction takes a few milliseconds a page, so a
partition is a second or two of work: long enough that Dask's per-task overhead
(about a millisecond) vanishes, short enough that a rerun loses little and both
workers stay busy on small collections."""
VIEW_MAX_NODES = 2000
"""Largest document graph written as ``graph.html``: beyond it the browser view is a
hairball that takes minutes to lay out, and only the outlet view is written."""
SINGLE_PROCESS = "synchronous"
"""``scheduler`` value that runs the same task graph in this process, one task at a time
(Dask's synchronous scheduler): the single-process peer of the benchmark, and a
debugging aid."""
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
FAMILIES_FILE = "families.csv"
REPORT_FILE = "corpus.json"
FAMILY_COLUMNS = ("family", "documents", "outlets", "originals", "first_published", "urls")


@dataclass
class CorpusReport(Counts):
    """What a corpus run read, skipped and computed (the ``Counts`` of the index, then
    the run's own figures)."""

    warc_files: int = 0
    failed: int = 0
    """Indexed documents that could not be read back or extracted."""
    partitions: int = 0
    partitions_extracted: int = 0
    """Partitions extracted by this run; the others were resumed from Parquet."""
    partitions_sketched: int = 0
    compared: int = 0
    """Documents whose texts were compared for republication."""
    candidates: int = 0
    reuse_pairs: int = 0
    families: int = 0
    workers: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(repr=False)
class Corpus(Trace):
    """A finished corpus run: the graph and claims of a trace, plus story families."""

    families: list[dict[str, str]] = field(default_factory=list)
    corpus_report: CorpusReport = field(default_factory=CorpusReport)

    def write(self, out: str | Path, *, direction: str = "flow") -> Path:
        """Write the contract files (``graph.html`` only when the graph has at most
        ``VIEW_MAX_NODES`` documents, else the outlet view alone) and ``families.csv``.

        The files are independent: each is one Dask task, so on a cluster they are
        written side by side (the graph is sent to each worker once).
        """
        from dask.base import compute
        from dask.delayed import delayed

        from provenance import render

        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        graph, outlets = delayed(self.graph), delayed(self.outlets())
        title = "provenance: corpus"
        small = self.graph.number_of_nodes() <= VIEW_MAX_NODES
        companion = "outlets.html" if small else None
        tasks = [
            delayed(render.write_html)(
                outlets,
                folder / "outlets.html",
                title=f"{title} (outlets)",
                outlets=True,
                companion="graph.html" if small else None,
            ),
            delayed(render.write_gexf)(graph, folder / "graph.gexf", direction=direction),
            delayed(render.write_outlets_gexf)(
                outlets, folder / "outlets.gexf", direction=direction
            ),
            delayed(render.write_graphml)(graph, folder / "graph.graphml", direction=direction),
            delayed(render.write_json)(graph, folder / "graph.json", direction=direction),
            delayed(render.write_csv)(graph, folder, direction=direction),
            delayed(render.write_prov)(graph, folder / "prov.json"),
        ]
        if small:
            tasks.append(
                delayed(render.write_html)(
                    graph, folder / "graph.html", title=title, companion=companion
                )
            )
        else:
            (folder / "graph.html").unlink(missing_ok=True)
        compute(*tasks)
        write_families(self.families, folder / FAMILIES_FILE)
        return folder


def write_families(families: list[dict[str, str]], path: Path) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FAMILY_COLUMNS)
        writer.writeheader()
        writer.writerows(families)


def story_families(graph: nx.MultiDiGraph[str]) -> list[dict[str, str]]:
    """Connected components of the republication edges, largest first: one story each.

    ``originals`` are the members no republication edge points to (where the text
    started); ``first_published`` is the earliest known date in the family.
    """
    from provenance.models import EDGE_REPUBLICATION

    flow: nx.DiGraph[str] = nx.DiGraph()
    flow.add_edges_from(
        (source, target)
        for source, target, data in graph.edges(data=True)
        if data.get("kind") == EDGE_REPUBLICATION
    )
    components = sorted(
        (sorted(component) for component in nx.weakly_connected_components(flow)),
        key=lambda members: (-len(members), members[0]),
    )
    families: list[dict[str, str]] = []
    for number, members in enumerate(components, start=1):
        dates = sorted(str(graph.nodes[node].get("published") or "") for node in members)
        known = [date for date in dates if date]
        families.append(
            {
                "family": str(number),
                "documents": str(len(members)),
                "outlets": str(len({graph.nodes[node].get("outlet") for node in members})),
                "originals": " ".join(node for node in members if flow.in_degree(node) == 0),
                "first_published": known[0] if known else "",
                "urls": " ".join(members),
            }
        )
    return families


def warc_inputs(inputs: Sequence[str | Path]) -> list[Path]:
    """The WARC files named, and those inside the folders named (sorted, recursively)."""
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found.extend(
                sorted(
                    child
                    for child in path.rglob("*")
                    if child.is_file() and child.name.lower().endswith(WARC_SUFFIXES)
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"WARC file or folder not found: {path}")
    if not found:
        raise UsageError("no WARC files given (*.warc, *.warc.gz, *.arc, *.arc.gz)")
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique)


def _require_dask() -> None:
    try:
        import dask
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as error:
        raise UsageError(
            f"corpus mode needs the corpus extra ({error.name} is missing):"
            " pip install 'provenance[corpus]'"
        ) from error


@contextmanager
def engine(scheduler: str | None, workers: int | None) -> Iterator[int]:
    """Make a Dask scheduler the default for the run; yields its number of workers.

    None starts a ``LocalCluster`` of ``workers`` processes (one thread each: extraction
    is Python code that holds the GIL); an address connects to a running scheduler;
    ``SINGLE_PROCESS`` runs every task in this process.
    """
    import dask

    if scheduler == SINGLE_PROCESS:
        with dask.config.set(scheduler="synchronous"):
            yield 1
        return
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as error:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        with client:
            yield len(client.scheduler_info().get("workers", {}))
        return
    if workers is not None and workers < 1:
        raise UsageError("workers must be >= 1")
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            # Dask's own chatter (shuffle plugin notices) is not the user's business.
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield len(client.scheduler_info().get("workers", {}))


class _Stages:
    """The Parquet folders of one run, and the checks that keep a resume honest."""

    def __init__(self, folder: Path, paths: list[Path], partition_size: int, fresh: bool) -> None:
        self.data = folder / "parquet"
        if fresh and self.data.exists():
            shutil.rmtree(self.data)
        manifest = {
            "version": MANIFEST_VERSION,
            "partition_records": partition_size,
            "inputs": [[str(path), path.stat().st_size, path.stat().st_mtime_ns] for path in paths],
        }
        stored = self.data / MANIFEST
        if stored.is_file():
            try:
                previous = json.loads(stored.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                previous = None
            if previous != manifest:
                raise UsageError(
                    f"{self.data} holds a run over other inputs or settings;"
                    " give another --out, or --fresh to discard it"
                )
        self.data.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps(manifest, indent=1), encoding="utf-8")

    def path(self, stage: str, number: int) -> Path:
        return self.data / stage / f"part-{number:05d}.parquet"


def corpus(
    inputs: Sequence[str | Path] | str | Path,
    out: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    roots: Sequence[str] | None = None,
    follow: Follow = "attribution",
    settings: Settings | None = None,
    partition_records: int = PARTITION_RECORDS,
    fresh: bool = False,
) -> Corpus:
    """Build the graph contract of a WARC collection on Dask and write it to ``out``.

    ``inputs`` are WARC files or folders of them. ``scheduler`` is a Dask scheduler
    address (``tcp://host:8786``); by default a ``LocalCluster`` of ``workers`` processes
    runs here. Claims are traced from ``roots`` (URLs of documents in the corpus), by
    default from every article. Intermediate results go to ``out/parquet/``; a rerun into
    the same ``out`` resumes (``fresh=True`` starts over).
    """
    if follow not in ("attribution", "body"):
        raise UsageError(f"follow must be 'attribution' or 'body', not {follow!r}")
    if partition_records < 1:
        raise UsageError("partition_records must be >= 1")
    paths = warc_inputs([inputs] if isinstance(inputs, str | Path) else inputs)
    _require_dask()
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create output folder {folder}: {error.strerror}") from error
    settings = (settings or Settings()).with_(follow=follow)
    stages = _Stages(folder, paths, partition_records, fresh)
    report = CorpusReport(warc_files=len(paths))
    with engine(scheduler, workers) as report.workers:
        graph, pages, reuse, support = _distributed(
            paths, stages, settings, roots, partition_records, report
        )
        started = time.perf_counter()
        claims = analyze_graph(graph, pages, settings, reuse, support)
        families = story_families(graph)
        report.families = len(families)
        report.seconds["analyze"] = round(time.perf_counter() - started, 3)
        result = Corpus(
            graph, claims, settings, pages=pages, families=families, corpus_report=report
        )
        started = time.perf_counter()
        result.write(folder)
        report.seconds["write"] = round(time.perf_counter() - started, 3)
    (folder / REPORT_FILE).write_text(json.dumps(asdict(report), indent=1), encoding="utf-8")
    return result


class _ScoredSupport(PageSupport):
    """Claim support with the citation edges' scores computed on the workers."""

    def __init__(
        self,
        pages: dict[str, Page],
        scorer: SupportScorer,
        scored: dict[tuple[str, str, str], Support],
        threshold: float,
    ) -> None:
        super().__init__(pages, scorer, threshold)
        self._scored = scored

    def __call__(self, node: str, claim: str, anchor: str, claim_language: str = "") -> Support:
        page = self.pages.get(node)
        # The workers score words only: across languages the trace's own rule decides.
        if page is None or languages_differ(claim, claim_language, page.text, page.language):
            return super().__call__(node, claim, anchor, claim_language)
        found = self._scored.get((node, claim, anchor))
        return found if found is not None else super().__call__(node, claim, anchor, claim_language)


@dataclass
class _SupportOnWorkers:
    """``make_support`` for ``analyze_graph``: IDF summed from the workers' counts, and
    every citation edge scored on the workers, partition by partition."""

    frequency_paths: list[Path]
    document_paths: list[Path]
    located: dict[str, tuple[int, int]]
    counted: set[str]
    """Node keys whose tokens the frequency files counted."""
    report: CorpusReport

    def __call__(
        self, graph: nx.MultiDiGraph[str], pages: dict[str, Page], threshold: float
    ) -> PageSupport:
        import pandas as pd
        import pyarrow.parquet as pq
        from dask.base import compute
        from dask.delayed import delayed

        from provenance.corpus import stages as work

        started = time.perf_counter()
        frames = [pq.read_table(path).to_pandas() for path in self.frequency_paths]
        frequency: dict[str, int] = {}
        if frames:
            summed = pd.concat(frames).groupby("token")["documents"].sum()
            frequency = {str(token): int(count) for token, count in summed.items()}
        # Documents merged into another since they were counted (same-outlet variants)
        # are no longer documents of their own: take their tokens back out.
        for key in self.counted - set(pages):
            for token in set(content_tokens(self._text(key))):
                frequency[token] -= 1
        scorer = SupportScorer.from_frequencies(len(pages), frequency, outlet_names(graph))
        queries: dict[int, set[tuple[int, str, str, str]]] = {}
        for cited, _, data in graph.edges(data=True):
            page = pages.get(cited)
            if data.get("kind") != EDGE_CITATION or page is None or not page.paragraphs:
                continue
            part, row = self.located[page.url]
            queries.setdefault(part, set()).add(
                (row, cited, str(data["claim"]), str(data["anchor"]))
            )
        shared = delayed(scorer)
        tasks = [
            delayed(work.score_partition)(str(self.document_paths[part]), sorted(found), shared)
            for part, found in sorted(queries.items())
        ]
        scored: dict[tuple[str, str, str], Support] = {}
        for results in compute(*tasks):
            for node, claim, anchor, support in results:
                scored[(node, claim, anchor)] = support
        self.report.seconds["support"] = round(time.perf_counter() - started, 3)
        return _ScoredSupport(pages, scorer, scored, threshold)

    def _text(self, key: str) -> str:
        import pyarrow.parquet as pq

        part, row = self.located[key]
        table = pq.read_table(self.document_paths[part], columns=["text"])
        return str(table.column("text")[row].as_py() or "")


def _distributed(
    paths: list[Path],
    stages: _Stages,
    settings: Settings,
    roots: Sequence[str] | None,
    partition_records: int,
    report: CorpusReport,
) -> tuple[nx.MultiDiGraph[str], dict[str, Page], list[Reuse], _SupportOnWorkers]:
    import pandas as pd
    import pyarrow.parquet as pq
    from dask.base import compute
    from dask.delayed import delayed

    from provenance.corpus import plan as planning
    from provenance.corpus import stages as work

    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = round(now - clock, 3)
        clock = now

    # 1. index
    index_paths = [stages.path("index", number) for number in range(len(paths))]
    todo = [
        delayed(work.index_file)(str(path), str(target))
        for path, target in zip(paths, index_paths, strict=True)
        if not target.exists()
    ]
    compute(*todo)
    frames = []
    for number, target in enumerate(index_paths):
        frame = pq.read_table(target).to_pandas()
        frame["order"] = number
        frames.append(frame)
    index = pd.concat(frames, ignore_index=True)
    lap("index")

    # 2. plan
    the_plan = planning.plan(index)
    for name, value in asdict(the_plan.counts).items():
        setattr(report, name, value)
    partitions = the_plan.partitions(partition_records)
    report.partitions = len(partitions)

    # 3. extract
    document_paths = [stages.path("documents", number) for number in range(len(partitions))]
    todo = [
        delayed(work.extract_partition)(records, str(target))
        for records, target in zip(partitions, document_paths, strict=True)
        if not target.exists()
    ]
    report.partitions_extracted = len(todo)
    compute(*todo)
    lap("extract")

    # 4. the graph, as a trace builds it
    pages: dict[str, Page] = {}
    located: dict[str, tuple[int, int]] = {}
    for number, target in enumerate(document_paths):
        table = pq.read_table(target, columns=["url", "page", "error"])
        for row, (url, page_json, error) in enumerate(
            zip(*(table.column(name).to_pylist() for name in ("url", "page", "error")), strict=True)
        ):
            if error or not page_json:
                report.failed += 1
                continue
            pages[str(url)] = page_from_json(str(page_json))
            located[str(url)] = (number, row)
    if roots:
        chosen = list(roots)
    else:
        chosen = sorted(url for url, page in pages.items() if page.kind == KIND_ARTICLE)
    graph, node_pages = build_graph(planning.records(the_plan, pages, chosen), settings.follow)
    known = _names(graph)
    missing = [root for root in roots or () if identity(root) not in known]
    if missing:
        raise UsageError(f"root not in the corpus: {missing[0]}")
    set_depths(graph, node_pages, settings.follow)
    lap("graph")

    # Document frequencies of the claim-support tokens, counted where the texts are.
    counted_rows: dict[int, list[int]] = {}
    for key in node_pages:
        part, row = located[node_pages[key].url]
        counted_rows.setdefault(part, []).append(row)
    frequency_paths = [stages.path("frequencies", part) for part in sorted(counted_rows)]
    todo = [
        delayed(work.frequency_partition)(
            str(document_paths[part]), sorted(counted_rows[part]), str(target)
        )
        for part, target in zip(sorted(counted_rows), frequency_paths, strict=True)
        if not target.exists()
    ]
    compute(*todo)
    support = _SupportOnWorkers(
        frequency_paths,
        document_paths,
        located | {key: located[page.url] for key, page in node_pages.items()},
        set(node_pages),
        report,
    )
    lap("frequencies")

    # 5. sketch the compared documents
    compared = comparable_pages(graph, node_pages)
    report.compared = len(compared)
    doc_of = {key: number for number, key in enumerate(compared)}
    rows_of: dict[int, tuple[list[int], list[int]]] = {}
    for key in compared:
        part, row = located[node_pages[key].url]
        rows, ids = rows_of.setdefault(part, ([], []))
        rows.append(row)
        ids.append(doc_of[key])
    signature_paths = [stages.path("signatures", part) for part in sorted(rows_of)]
    todo = [
        delayed(work.sketch_partition)(
            str(document_paths[part]), rows_of[part][0], rows_of[part][1], str(target)
        )
        for part, target in zip(sorted(rows_of), signature_paths, strict=True)
        if not target.exists()
    ]
    report.partitions_sketched = len(todo)
    compute(*todo)
    lap("sketch")

    reuse_file = stages.data / "reuse.parquet"
    if not reuse_file.exists():
        _find_reuse(stages, signature_paths, rows_of, len(compared), report)
    lap("reuse")
    found = pq.read_table(reuse_file).to_pandas()
    sizes = _sizes(signature_paths, len(compared))
    reuse = sorted(
        (
            Reuse(
                compared[first],
                compared[second],
                round(float(jaccard), 4),
                round(float(containment), 4),
                int(sizes[first]),
                int(sizes[second]),
            )
            for first, second, jaccard, containment in zip(
                found["first"], found["second"], found["jaccard"], found["containment"], strict=True
            )
        ),
        key=lambda pair: (pair.first, pair.second),
    )
    report.reuse_pairs = len(reuse)
    return graph, node_pages, reuse, support


def _names(graph: nx.MultiDiGraph[str]) -> set[str]:
    names = {identity(node) for node in graph.nodes}
    for _, data in graph.nodes(data=True):
        names.update(identity(alias) for alias in str(data.get("aliases", "")).split())
    return names


def _sizes(signature_paths: list[Path], documents: int) -> list[int]:
    import pyarrow.parquet as pq

    sizes = [0] * documents
    for path in signature_paths:
        table = pq.read_table(path, columns=["doc", "size"])
        for doc, size in zip(
            table.column("doc").to_pylist(), table.column("size").to_pylist(), strict=True
        ):
            sizes[int(doc)] = int(size)
    return sizes


def _find_reuse(
    stages: _Stages,
    signature_paths: list[Path],
    rows_of: dict[int, tuple[list[int], list[int]]],
    documents: int,
    report: CorpusReport,
) -> None:
    """Candidates by a shuffle on band keys and on samples, then exact verification."""
    import dask.dataframe as dd
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    from dask.delayed import delayed

    from provenance.corpus import stages as work

    candidates_dir = stages.data / "candidates"
    done = candidates_dir / "_done"
    parts = max(1, len(signature_paths))
    files = [str(path) for path in signature_paths]
    if not done.exists():
        shutil.rmtree(candidates_dir, ignore_errors=True)
        counts = np.zeros(documents, dtype=np.int64)
        for path in signature_paths:
            table = pq.read_table(path, columns=["doc", "sample_count"])
            counts[table.column("doc").to_numpy()] = table.column("sample_count").to_numpy()
        if files:
            bands = dd.from_map(work.band_keys, files, meta=work.BAND_META)
            banded = bands.shuffle(on="key", npartitions=parts).map_partitions(
                work.band_pairs, meta=work.PAIR_META
            )
            samples = dd.from_map(work.sample_keys, files, meta=work.SAMPLE_META)
            shared = (
                samples.shuffle(on="sample", npartitions=parts)
                .map_partitions(work.sample_pairs, meta=work.PAIR_META)
                .groupby("pair")
                .size(split_out=parts)
                .to_frame("shared")
                .reset_index()
                .map_partitions(work.contained_pairs, delayed(counts), meta=work.PAIR_META)
            )
            candidates = dd.concat([banded, shared]).drop_duplicates(split_out=parts)
            candidates.to_parquet(str(candidates_dir), write_index=False)
        else:
            candidates_dir.mkdir(parents=True, exist_ok=True)
        done.write_text("", encoding="utf-8")
    candidate_files = sorted(candidates_dir.glob("*.parquet"))
    part_of = np.full(documents, -1, dtype=np.int64)
    position_of = np.full(documents, -1, dtype=np.int64)
    part_names: list[str] = []
    for number, (part, (_, ids)) in enumerate(sorted(rows_of.items())):
        part_of[ids] = number
        position_of[ids] = np.arange(len(ids))
        part_names.append(stages.path("texts", part).name)
    if candidate_files:
        frame = dd.read_parquet([str(path) for path in candidate_files])
        report.candidates = int(frame.shape[0].compute())
        verified = frame.map_partitions(
            work.verify_partition,
            str(stages.data / "texts"),
            # One task each: sent to a worker once, not embedded in every task.
            delayed(part_of),
            delayed(position_of),
            part_names,
            meta=work.REUSE_META,
        ).compute()
    else:
        verified = work.REUSE_META.copy()
    work.write_table(
        pa.Table.from_pandas(verified, preserve_index=False), stages.data / "reuse.parquet"
    )


def set_depths(graph: nx.MultiDiGraph[str], pages: dict[str, Page], follow: str) -> None:
    """``depth``: fewest hops from a root over the links a trace follows (attribution
    links, and the URLs of republication signals), one hop per link; -1 when no root
    reaches a document (it is in the collection, not on any root's trail)."""
    names = {identity(node): node for node in graph.nodes}
    for node, data in graph.nodes(data=True):
        for alias in str(data.get("aliases", "")).split():
            names.setdefault(identity(alias), node)
    depth = {node: 0 for node, data in graph.nodes(data=True) if data.get("root")}
    frontier = sorted(depth)
    while frontier:
        following: list[str] = []
        for node in frontier:
            page = pages.get(node)
            if page is None:
                continue
            urls = [link.url for link in page.links if followed(link, follow)]
            urls.extend(signal.url for signal in page.republication if signal.url)
            for url in urls:
                target = names.get(identity(url))
                if target is not None and target not in depth:
                    depth[target] = depth[node] + 1
                    following.append(target)
        frontier = sorted(set(following))
    for node, data in graph.nodes(data=True):
        data["depth"] = depth.get(node, -1)
