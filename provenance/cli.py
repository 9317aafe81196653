"""The ``provenance`` command: thin commands over the library.

Exit codes: 0 success; 1 the trace ran but some roots could not be fetched; 2 bad usage
or unreadable input (a one-line message, never a traceback); 130 (SIGINT) or 143
(SIGTERM): the trace was stopped by that signal, and every output file was written
from what had been fetched (a second signal aborts at once).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from provenance import __version__
from provenance.crawl.engine import CrawlStop
from provenance.crawl.progress import ProgressDisplay
from provenance.crawl.resume import NothingToResume, stored_crawl
from provenance.crawl.scope import check_day, clean_domains
from provenance.info import crawl_info, plural
from provenance.models import CLAIM_STATUSES, TracedClaim
from provenance.render.table import claims_json, claims_table
from provenance.settings import Follow, Settings
from provenance.trace import STORE_NAME, Trace, UsageError, trace

EXIT_OK = 0
EXIT_ROOTS_FAILED = 1
EXIT_USAGE = 2
# A trace stopped by a signal exits 128 + the signal's number, the shell's convention.
EXIT_SIGNAL_BASE = 128
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
DEFAULT_DEMO_OUT = "graphs/seed"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, no usage dump: the message says what is wrong.
        self.exit(EXIT_USAGE, f"provenance: error: {message} (see --help)\n")


def _add_trace_options(parser: argparse.ArgumentParser) -> None:
    # Defaults are None so that --resume can tell "not given" (use the stored value)
    # from "given"; _crawl_options fills in Settings' defaults.
    defaults = Settings()
    parser.add_argument("--depth", type=int, help=f"hops from a root (default {defaults.depth})")
    parser.add_argument(
        "--max-pages", type=int, help=f"pages fetched at most (default {defaults.max_pages})"
    )
    parser.add_argument(
        "--follow",
        choices=("attribution", "body"),
        help="attribution: only links with a reporting cue (default); body: every in-body link",
    )
    parser.add_argument(
        "--time-budget",
        type=float,
        metavar="SECONDS",
        help="stop fetching after this long and write the results of what was fetched"
        f" (default {defaults.time_budget:g}; 0: no limit)",
    )
    chatter = parser.add_mutually_exclusive_group()
    chatter.add_argument("--quiet", action="store_true", help="print nothing but errors")
    chatter.add_argument(
        "--verbose", action="store_true", help="print one line per fetch: status and URL"
    )


def _crawl_options(args: argparse.Namespace, stored: dict[str, Any]) -> tuple[int, int, Follow]:
    """depth, max_pages, follow: as given, else as stored (--resume), else the defaults."""
    defaults = Settings()
    depth = args.depth if args.depth is not None else stored.get("depth", defaults.depth)
    max_pages = (
        args.max_pages
        if args.max_pages is not None
        else stored.get("max_pages", defaults.max_pages)
    )
    follow = args.follow or stored.get("follow", defaults.follow)
    return int(depth), int(max_pages), follow


def _add_scope_options(parser: argparse.ArgumentParser) -> None:
    """What the crawl follows (crawl/scope.py says exactly what each filters)."""
    parser.add_argument(
        "--include-domain",
        action="append",
        metavar="DOMAIN",
        help="follow only links to this domain and its subdomains (repeatable)",
    )
    parser.add_argument(
        "--exclude-domain",
        action="append",
        metavar="DOMAIN",
        help="never follow links to this domain or its subdomains (repeatable)",
    )
    parser.add_argument(
        "--since",
        type=_day,
        metavar="YYYY-MM-DD",
        help="do not follow links or pages dated before this day (unknown dates pass)",
    )
    parser.add_argument(
        "--until",
        type=_day,
        metavar="YYYY-MM-DD",
        help="do not follow links or pages dated after this day (unknown dates pass)",
    )


def _day(text: str) -> str:
    try:
        return check_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _scope(args: argparse.Namespace, stored: dict[str, Any], settings: Settings) -> Settings:
    """The scope settings: as given, else as stored (--resume)."""
    changes: dict[str, object] = {}
    for name, option in (
        ("include_domains", "include_domain"),
        ("exclude_domains", "exclude_domain"),
    ):
        given = getattr(args, option, None)
        value = given if given else stored.get(name, ())
        changes[name] = clean_domains(str(domain) for domain in value)
    since = getattr(args, "since", None) or str(stored.get("since", ""))
    until = getattr(args, "until", None) or str(stored.get("until", ""))
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    changes["since"], changes["until"] = since, until
    return settings.with_(**changes)


def _add_direction_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--direction",
        choices=("flow", "links"),
        default="flow",
        help="flow: source -> user of the information (default); links: hyperlink direction",
    )


# What the web archives said of a dead link a claim's trace stopped at (claims.csv
# ``archive_lookup``), for the lines under the claims table.
ARCHIVE_LOOKUP_NOTES = {
    "not-asked": "no web archive was asked (--archive URL asks one)",
    "no-capture": "no web archive had a capture",
    "archive-error": "no capture found, and a web archive could not be asked",
    "skipped": "the page or time budget ran out before a web archive was asked",
}


def _archive_notes(claims: list[TracedClaim]) -> list[str]:
    """One line per claim that went through a capture or stopped at a dead link."""
    notes = []
    for claim in claims:
        if claim.via_archive:
            notes.append(
                f"claim {claim.claim_id}: read through a web archive: {claim.via_archive[0]}"
            )
        said = ARCHIVE_LOOKUP_NOTES.get(claim.archive_lookup)
        if said and claim.origin_urls:
            notes.append(
                f"claim {claim.claim_id}: stops at the dead link {claim.origin_urls[0]}: {said}"
            )
    return notes


def _summary(result: Trace, out: Path) -> str:
    graph = result.graph
    return (
        f"{plural(graph.number_of_nodes(), 'document')}, "
        f"{plural(graph.number_of_edges(), 'edge')}, "
        f"{plural(result.outlets().number_of_nodes(), 'outlet')}, "
        f"{plural(len(result.claims), 'claim')} traced -> {out}/"
    )


class _SignalStop:
    """SIGINT/SIGTERM during a trace: the first stops fetching (the trace then writes its
    results and exits 128 + the signal); a second one aborts at once."""

    def __init__(self) -> None:
        self.stop = CrawlStop()
        self.signal = 0
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _SignalStop:
        if threading.current_thread() is threading.main_thread():
            for number in STOP_SIGNALS:
                self._previous[number] = signal.signal(number, self._handle)
        return self

    def _handle(self, number: int, _: object) -> None:
        if self.signal:
            return
        self.signal = number
        # The next one takes the default action: SIGTERM ends the process, SIGINT
        # raises KeyboardInterrupt.
        for other in self._previous:
            signal.signal(
                other, signal.default_int_handler if other == signal.SIGINT else signal.SIG_DFL
            )
        print(
            f"provenance: {signal.Signals(number).name}: stopping; writing what was fetched"
            " (again to abort)",
            file=sys.stderr,
        )
        self.stop.request()

    def __exit__(self, *_: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)


def _run_trace(args: argparse.Namespace, roots: list[str], replay: list[str] | None) -> int:
    with _SignalStop() as stopper:
        code = _trace_with(args, roots, replay, stopper.stop)
    if stopper.signal:
        print(
            f"provenance: stopped by {signal.Signals(stopper.signal).name}; {args.out}/ holds"
            " every output file for what was fetched (run the same command to resume)",
            file=sys.stderr,
        )
        return EXIT_SIGNAL_BASE + stopper.signal
    return code


def _trace_with(
    args: argparse.Namespace, roots: list[str], replay: list[str] | None, stop: CrawlStop
) -> int:
    stored: dict[str, Any] = {}
    settings = Settings()
    if getattr(args, "resume", False):
        try:
            previous = stored_crawl(args.out)
        except NothingToResume as error:
            raise UsageError(str(error)) from error
        stored = previous.settings
        roots = roots or previous.roots
        if "max_pages_per_outlet" in stored:
            settings = settings.with_(max_pages_per_outlet=int(stored["max_pages_per_outlet"]))
    if getattr(args, "contact", None):
        settings = settings.with_(contact=args.contact)
    if getattr(args, "no_archive", False):
        settings = settings.with_(archives=())
    elif getattr(args, "archive", None):
        settings = settings.with_(archives=tuple(args.archive))
    if args.time_budget is not None:
        if args.time_budget < 0:
            raise UsageError("--time-budget must be 0 (no limit) or more seconds")
        settings = settings.with_(time_budget=args.time_budget)
    settings = _scope(args, stored, settings)
    depth, max_pages, follow = _crawl_options(args, stored)
    progress = ProgressDisplay(
        sys.stderr,
        live=sys.stderr.isatty() and not args.quiet,
        verbose=args.verbose,
        budget=max_pages,
    )
    try:
        result = trace(
            roots,
            depth=depth,
            max_pages=max_pages,
            follow=follow,
            replay=replay,
            proxy=getattr(args, "proxy", None),
            allow_private=getattr(args, "allow_private", False),
            out=args.out,
            settings=settings,
            ca_bundle=getattr(args, "ca_bundle", None),
            fresh=getattr(args, "fresh", False),
            add=getattr(args, "add", False),
            progress=progress,
            stop=stop,
        )
    finally:
        progress.close()
    out = Path(args.out)
    result.write(out)
    report = result.report
    for warning in report.warnings:
        print(f"provenance: warning: {warning}", file=sys.stderr)
    if report.stopped == "time-budget":
        print(
            f"provenance: the time budget ({settings.time_budget:g} s) ran out:"
            f" {report.unfetched.get('time-budget', 0)} URLs left unfetched"
            " (status time-budget); run the same command to go on",
            file=sys.stderr,
        )
    if not args.quiet:
        print(claims_table(result.claims, result.graph))
        for note in _archive_notes(result.claims):
            print(note)
        print(_summary(result, out))
    for root in report.failed_roots:
        why = report.root_status.get(root, "")
        print(f"provenance: could not fetch root {root} ({why or 'failed'})", file=sys.stderr)
    return EXIT_ROOTS_FAILED if report.failed_roots else EXIT_OK


def _looks_like_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://")) and not Path(text).exists()


def cmd_trace(args: argparse.Namespace) -> int:
    """Crawl attribution links from one or more article URLs and trace every claim."""
    # `--replay A.warc.gz URL`: --replay takes several files, so the URL lands among
    # them; a URL is never a WARC file, so it goes back to the roots.
    replay = [path for path in args.replay or [] if not _looks_like_url(path)]
    urls = [*args.urls, *(path for path in args.replay or [] if _looks_like_url(path))]
    return _run_trace(args, urls, replay or None)


def cmd_demo(args: argparse.Namespace) -> int:
    """Trace the bundled sample web (offline) into graphs/seed/ and print the claims."""
    from provenance.sample import ROOT_URL, warc_path

    args.fresh = True
    return _run_trace(args, [ROOT_URL], [str(warc_path())])


def _store_path(store: str) -> Path:
    path = Path(store)
    path = path / STORE_NAME if path.is_dir() else path
    if not path.is_file():
        raise UsageError(f"no crawl store at {path}")
    return path


def _from_store(args: argparse.Namespace) -> Trace:
    """Re-run the analysis over the stored crawl (no fetching), with the analysis options."""
    return Trace.from_store(
        args.store,
        support_threshold=getattr(args, "support_threshold", None),
        primary_domains=getattr(args, "primary_domain", None) or (),
    )


def _add_analysis_options(parser: argparse.ArgumentParser) -> None:
    defaults = Settings()
    parser.add_argument(
        "--support-threshold",
        type=_unit_interval,
        metavar="X",
        help="support (0..1) below which a cited page is said not to carry the claim"
        f" (default {defaults.support_threshold:g})",
    )
    parser.add_argument(
        "--primary-domain",
        action="append",
        metavar="DOMAIN",
        help="also count this domain's pages as primary sources (repeatable)",
    )


def _unit_interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text}")
    return value


def cmd_render(args: argparse.Namespace) -> int:
    """Rebuild every view and export from an existing crawl.sqlite, without crawling."""
    _store_path(args.store)
    result = _from_store(args)
    store = Path(args.store)
    out = Path(args.out) if args.out else store.parent if store.is_file() else store
    result.write(out, direction=args.direction)
    if not args.quiet:
        print(_summary(result, out))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write one export format from an existing crawl.sqlite."""
    from provenance import render

    _store_path(args.store)
    result = _from_store(args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    graph = result.graph
    direction = args.direction
    if args.format == "gexf":
        written = [out / "graph.gexf", out / "outlets.gexf"]
        render.write_gexf(graph, written[0], direction=direction)
        outlets = render.style.annotate_outlets(result.outlets(), graph)
        render.write_outlets_gexf(outlets, written[1], direction=direction)
    elif args.format == "graphml":
        written = [out / "graph.graphml"]
        render.write_graphml(graph, written[0], direction=direction)
    elif args.format == "json":
        written = [out / "graph.json"]
        render.write_json(graph, written[0], direction=direction)
    elif args.format == "csv":
        written = render.write_csv(graph, out, direction=direction)
    else:
        written = [out / "prov.json"]
        render.write_prov(graph, written[0])
    if not args.quiet:
        print(f"wrote {', '.join(str(path) for path in written)}")
    return EXIT_OK


def cmd_claims(args: argparse.Namespace) -> int:
    """Print the traced claims of an existing crawl.sqlite (re-analysed, not re-fetched)."""
    from provenance.render.csv import write_claims_csv

    _store_path(args.store)
    result = _from_store(args)
    claims = result.claims
    if args.status:
        wanted = set(args.status)
        claims = [claim for claim in claims if claim.status in wanted]
    if args.format == "json":
        print(claims_json(claims, result.graph))
    elif args.format == "csv":
        write_claims_csv(claims, sys.stdout)
    else:
        print(claims_table(claims, result.graph, full=args.full))
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    """Summarise a stored crawl: roots, settings, dates, counts by kind and status, failures."""
    found = crawl_info(_store_path(args.store))
    print(found.to_json() if args.format == "json" else found.text())
    return EXIT_OK


def cmd_corpus(args: argparse.Namespace) -> int:
    """Build the graph of a whole WARC collection on Dask (no crawling) into --out."""
    from provenance.corpus import corpus

    result = corpus(
        args.warcs,
        args.out,
        scheduler=args.scheduler,
        workers=args.workers,
        roots=args.root,
        follow=args.follow,
        partition_records=args.partition_records,
        fresh=args.fresh,
    )
    report = result.corpus_report
    if not args.quiet:
        print(
            f"{report.records} records: {report.documents} documents extracted,"
            f" {report.duplicates} duplicates, {report.redirects} redirects,"
            f" {report.errors} errors, {report.not_html} not HTML/PDF,"
            f" {report.corrupt} corrupt, {report.failed} failed"
        )
        print(f"{report.families} story families -> {Path(args.out) / 'families.csv'}")
        print(_summary(result, Path(args.out)))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="provenance", description="Trace where a claim comes from.")
    parser.add_argument("--version", action="version", version=f"provenance {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    trace_parser = commands.add_parser(
        "trace", help=cmd_trace.__doc__, description=cmd_trace.__doc__
    )
    trace_parser.add_argument(
        "urls",
        nargs="*",
        metavar="URL",
        help="article URL(s) to start from (with --resume: default, the stored ones)",
    )
    _add_trace_options(trace_parser)
    _add_scope_options(trace_parser)
    trace_parser.add_argument(
        "--replay",
        nargs="+",
        action="extend",
        metavar="WARC",
        help="read pages from these WARC files, not the web (repeatable)",
    )
    trace_parser.add_argument(
        "--proxy",
        metavar="URL",
        help="send every request through this http(s) proxy (https:// pages via CONNECT);"
        " the proxy is trusted and resolves names itself",
    )
    trace_parser.add_argument(
        "--contact",
        metavar="URL",
        help="how site operators reach you (a URL or mailto:), sent in the User-Agent",
    )
    trace_parser.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="also trust the certificate authorities in this PEM file"
        " (an institutional TLS-inspecting proxy)",
    )
    archives = trace_parser.add_mutually_exclusive_group()
    archives.add_argument(
        "--archive",
        action="append",
        metavar="URL",
        help="ask this web archive for dead links (repeatable): a CDX server, a Memento"
        " TimeMap or TimeGate, or a pywb collection URL (default: the Wayback Machine;"
        " with --replay: none)",
    )
    archives.add_argument(
        "--no-archive", action="store_true", help="ask no web archive for dead links"
    )
    trace_parser.add_argument(
        "--allow-private",
        action="store_true",
        help="allow private, loopback and link-local addresses",
    )
    trace_parser.add_argument(
        "--out", default="out", help="output folder (default: out); an existing crawl there resumes"
    )
    restart = trace_parser.add_mutually_exclusive_group()
    restart.add_argument(
        "--resume",
        action="store_true",
        help="continue the interrupted crawl in --out with its roots and settings"
        " (re-running the same command into the same --out also resumes)",
    )
    restart.add_argument(
        "--fresh", action="store_true", help="discard an existing crawl in --out and start over"
    )
    restart.add_argument(
        "--add",
        action="store_true",
        help="add these roots to the crawl of other roots in --out (without it, that is refused)",
    )
    trace_parser.set_defaults(handler=cmd_trace)

    demo = commands.add_parser("demo", help=cmd_demo.__doc__, description=cmd_demo.__doc__)
    _add_trace_options(demo)
    _add_scope_options(demo)
    demo.add_argument(
        "--out", default=DEFAULT_DEMO_OUT, help=f"output folder (default: {DEFAULT_DEMO_OUT})"
    )
    demo.set_defaults(handler=cmd_demo)

    render_parser = commands.add_parser(
        "render", help=cmd_render.__doc__, description=cmd_render.__doc__
    )
    render_parser.add_argument("store", help="a crawl.sqlite, or the folder holding it")
    render_parser.add_argument("--out", help="output folder (default: beside the store)")
    render_parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    _add_direction_option(render_parser)
    _add_analysis_options(render_parser)
    render_parser.set_defaults(handler=cmd_render)

    export = commands.add_parser("export", help=cmd_export.__doc__, description=cmd_export.__doc__)
    export.add_argument("store", help="a crawl.sqlite, or the folder holding it")
    export.add_argument(
        "--format", required=True, choices=("gexf", "graphml", "json", "csv", "prov")
    )
    export.add_argument("--out", default=".", help="output folder (default: current folder)")
    export.add_argument("--quiet", action="store_true", help="print nothing but errors")
    _add_direction_option(export)
    _add_analysis_options(export)
    export.set_defaults(handler=cmd_export)

    corpus_parser = commands.add_parser(
        "corpus", help=cmd_corpus.__doc__, description=cmd_corpus.__doc__
    )
    corpus_parser.add_argument(
        "warcs", nargs="+", metavar="WARC_OR_DIR", help="WARC files or folders"
    )
    corpus_parser.add_argument(
        "--out", required=True, help="output folder; an unfinished run there resumes"
    )
    corpus_parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler (tcp://host:8786); default: a local cluster",
    )
    corpus_parser.add_argument(
        "--workers", type=int, help="local cluster: worker processes (default: one per core)"
    )
    corpus_parser.add_argument(
        "--root",
        action="append",
        metavar="URL",
        help="trace the claims of this document (repeatable; default: every article)",
    )
    corpus_parser.add_argument(
        "--follow",
        choices=("attribution", "body"),
        default="attribution",
        help="attribution: only links with a reporting cue (default); body: every in-body link",
    )
    corpus_parser.add_argument(
        "--partition-records",
        type=int,
        default=500,
        metavar="N",
        help="records extracted per Dask task (default 500)",
    )
    corpus_parser.add_argument(
        "--fresh", action="store_true", help="discard the intermediate results in --out"
    )
    corpus_parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    corpus_parser.set_defaults(handler=cmd_corpus)

    claims = commands.add_parser("claims", help=cmd_claims.__doc__, description=cmd_claims.__doc__)
    claims.add_argument("store", help="a crawl.sqlite, or the folder holding it")
    claims.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table (default): aligned columns, long cells cut with …; json; csv (claims.csv)",
    )
    claims.add_argument(
        "--status",
        action="append",
        choices=CLAIM_STATUSES,
        help="only claims with this status (repeatable)",
    )
    claims.add_argument("--full", action="store_true", help="table: cut nothing")
    _add_analysis_options(claims)
    claims.set_defaults(handler=cmd_claims)

    info = commands.add_parser("info", help=cmd_info.__doc__, description=cmd_info.__doc__)
    info.add_argument("store", help="a crawl.sqlite, or the folder holding it")
    info.add_argument("--format", choices=("text", "json"), default="text")
    info.set_defaults(handler=cmd_info)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
    except UsageError as error:
        print(f"provenance: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("provenance: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`provenance demo | head -1`): not an error of ours.
        # Whatever is still buffered for stdout goes nowhere, quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_OK
    except OSError as error:
        print(
            f"provenance: error: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return EXIT_USAGE
    return code


if __name__ == "__main__":
    sys.exit(main())
