"""The HTML view in headless Chromium says what the web archives did: the capture a
page was read from, claims that went through one, and why a trace stopped at a dead
link (the demo's claim 3: no archive was asked)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_html_browser import browser, open_view  # noqa: F401 (fixtures)

from provenance.cli import main
from provenance.render.html import write_html
from provenance.render.json import read_json

SOUTHFRONT = "https://southfront.org/syrian-war-report-december-12-2016-isis-recaptures-palmyra/"
CAPTURE = f"https://web.archive.org/web/20161212093000/{SOUTHFRONT}"


def test_the_view_shows_captures_and_why_a_trace_stopped(
    open_view: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    assert main(["demo", "--quiet", "--out", str(tmp_path)]) == 0
    graph = read_json(tmp_path / "graph.json")
    # As if the demo's Southfront page had been read from a capture.
    graph.nodes[SOUTHFRONT]["archived_from"] = f"{CAPTURE} 2016-12-12T09:30:00Z"
    (dead,) = [i for i, c in enumerate(graph.graph["claims"]) if c["status"] == "dead-end"]
    graph.graph["claims"][dead]["via_archive"] = CAPTURE
    write_html(graph, tmp_path / "view.html")
    view = open_view(tmp_path / "view.html")
    item = view.page.locator(f"#claim-list > li[data-index='{dead}']")
    assert "via web archive" in item.inner_text()
    view.page.click(f"#claim-list > li[data-index='{dead}'] .claim-text")
    text = item.inner_text()
    assert "trace stopped: dead-end (no web archive was asked)" in text
    assert f"read from a web archive: {CAPTURE} (captured 2016-12-12T09:30:00Z)" in text
    others = [i for i, c in enumerate(graph.graph["claims"]) if i != dead]
    for index in others:
        assert (
            "via web archive"
            not in view.page.locator(f"#claim-list > li[data-index='{index}']").inner_text()
        )
    view.assert_clean()
