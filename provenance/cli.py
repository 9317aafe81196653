"""The ``provenance`` command: thin commands over the library.

Exit codes: 0 success; 1 the trace ran but some roots could not be fetched; 2 bad usage
or unreadable input (a one-line message, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from provenance import __version__
from provenance.crawl.progress import ProgressDisplay
from provenance.crawl.resume import NothingToResume, stored_crawl
from provenance.crawl.scope import check_day, clean_domains
from provenance.info import crawl_info, plural
from provenance.models import CLAIM_STATUSES
from provenance.render.table import claims_json, claims_table
from provenance.settings import Follow, Settings
from provenance.trace import STORE_NAME, Trace, UsageError, trace

EXIT_OK = 0
EXIT_ROOTS_FAILED = 1
EXIT_USAGE = 2
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


def _summary(result: Trace, out: Path) -> str:
    graph = result.graph
    return (
        f"{plural(graph.number_of_nodes(), 'document')}, "
        f"{plural(graph.number_of_edges(), 'edge')}, "
        f"{plural(result.outlets().number_of_nodes(), 'outlet')}, "
        f"{plural(len(result.claims), 'claim')} traced -> {out}/"
    )


def _run_trace(args: argparse.Namespace, roots: list[str], replay: list[str] | None) -> int:
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
            progress=progress,
        )
    finally:
        progress.close()
    out = Path(args.out)
    result.write(out)
    if not args.quiet:
        print(claims_table(result.claims, result.graph))
        print(_summary(result, out))
    for root in result.report.failed_roots:
        print(f"provenance: could not fetch root {root}", file=sys.stderr)
    return EXIT_ROOTS_FAILED if result.report.failed_roots else EXIT_OK


def cmd_trace(args: argparse.Namespace) -> int:
    """Crawl attribution links from one or more article URLs and trace every claim."""
    return _run_trace(args, args.urls, args.replay)


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
        "--replay", nargs="+", metavar="WARC", help="read pages from these WARC files, not the web"
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
    except UsageError as error:
        print(f"provenance: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("provenance: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    except OSError as error:
        print(
            f"provenance: error: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return EXIT_USAGE
    return code


if __name__ == "__main__":
    sys.exit(main())
