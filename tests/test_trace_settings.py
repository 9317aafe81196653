"""``provenance.trace`` applies ``settings=`` and overrides only the arguments it is given."""

from __future__ import annotations

from pathlib import Path

import provenance
from provenance.sample import ROOT_URL, warc_path
from provenance.settings import Settings


def _deepest_fetched(result: provenance.Trace) -> int:
    return max(
        data["depth"] for _, data in result.graph.nodes(data=True) if data["kind"] != "unvisited"
    )


def test_settings_are_applied_when_no_argument_overrides_them(tmp_path: Path) -> None:
    shallow = provenance.trace(
        ROOT_URL, replay=[warc_path()], out=tmp_path / "a", settings=Settings(depth=1)
    )
    deep = provenance.trace(ROOT_URL, replay=[warc_path()], out=tmp_path / "b")
    assert _deepest_fetched(shallow) == 1
    assert _deepest_fetched(deep) > 1


def test_an_explicit_argument_overrides_the_settings(tmp_path: Path) -> None:
    result = provenance.trace(
        ROOT_URL, replay=[warc_path()], out=tmp_path, depth=1, settings=Settings(depth=3)
    )
    assert _deepest_fetched(result) == 1
