"""Render a provenance HTML view to a PNG in headless Chromium, offline.

    python scripts/screenshot.py graphs/seed/graph.html docs/graph.png [--claim N | --no-claim]
                                 [--size 1600x1000]

The page is opened from ``file://`` with every other request refused (the view needs
none). By default the claim with the longest chain is selected, so the picture shows a
claim's path lit up over the dimmed rest of the graph. Uses the system Chromium
(``/usr/bin/chromium``, or the binary named by ``PROVENANCE_CHROMIUM``); ``make browser``
installs it. Exits 1 with a message when the page logs an error or tries the network.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Wide enough for the claims panel, the graph and the details panel side by side; the
# picture is shown scaled down in the README, so it is taken at twice the pixel density.
VIEWPORT = {"width": 1600, "height": 1000}
DEVICE_SCALE = 2
LOCAL_SCHEMES = ("file:", "data:", "about:")
READY_TIMEOUT_MS = 30_000


def chromium_candidates() -> list[str]:
    """Where to look for the browser: ``PROVENANCE_CHROMIUM`` alone when it is set."""
    named = os.environ.get("PROVENANCE_CHROMIUM")
    return [named] if named else [*CHROMIUM_PATHS, shutil.which("chromium") or ""]


def find_chromium() -> str | None:
    """The first candidate that exists, or None. The browser tests use this too."""
    return next((path for path in chromium_candidates() if path and Path(path).is_file()), None)


def chromium() -> str:
    """The browser binary to drive."""
    found = find_chromium()
    if found is None:
        raise SystemExit("screenshot: no Chromium found (run `make browser`)")
    return found


def longest_claim(page: Any) -> int | None:
    """The index of the first claim with the longest chain, or None without claims."""
    index: int | None = page.evaluate(
        "() => { const claims = JSON.parse("
        "document.getElementById('provenance-data').textContent).claims;"
        " let best = null;"
        " claims.forEach((c, i) => { if (best === null || c.chain.length >"
        " claims[best].chain.length) best = i; });"
        " return best; }"
    )
    return index


def screenshot(
    html: Path, png: Path, *, claim: int | None = -1, size: tuple[int, int] | None = None
) -> None:
    """Write a PNG of ``html``. ``claim``: the index of the claim to select, ``-1`` for
    the one with the longest chain, ``None`` for none. ``size``: the viewport (width,
    height) in CSS pixels, default :data:`VIEWPORT`. Below 1200 px wide the panels are
    drawers: the claims drawer is opened to show the selected claim."""
    width, height = size or (VIEWPORT["width"], VIEWPORT["height"])
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                device_scale_factor=DEVICE_SCALE,
            )

            def route(request_route: Any) -> None:
                url = request_route.request.url
                if url.startswith(LOCAL_SCHEMES):
                    request_route.continue_()
                else:
                    problems.append(f"request to {url}")
                    request_route.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on(
                "console",
                lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
            )
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.goto(html.resolve().as_uri())
            page.wait_for_selector("body[data-ready='true']", timeout=READY_TIMEOUT_MS)
            if claim == -1:
                claim = longest_claim(page)
            if claim is not None:
                if page.locator("#toggle-claims").is_visible():
                    page.click("#toggle-claims")
                page.click(f"#claim-list > li[data-index='{claim}'] .claim-text")
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png))
        finally:
            browser.close()
    if problems:
        raise SystemExit("screenshot: " + "; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="a graph.html written by provenance")
    parser.add_argument("png", type=Path, help="the picture to write")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--claim", type=int, default=-1, help="index of the claim to select")
    choice.add_argument("--no-claim", action="store_true", help="select no claim")
    parser.add_argument("--size", default="", help="viewport WIDTHxHEIGHT (default 1600x1000)")
    args = parser.parse_args(argv)
    size = None
    if args.size:
        try:
            width, height = (int(part) for part in args.size.lower().split("x"))
        except ValueError:
            print(f"screenshot: --size must be WIDTHxHEIGHT, not {args.size}", file=sys.stderr)
            return 2
        size = (width, height)
    if not args.html.is_file():
        print(f"screenshot: no such file: {args.html}", file=sys.stderr)
        return 2
    screenshot(args.html, args.png, claim=None if args.no_claim else args.claim, size=size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
