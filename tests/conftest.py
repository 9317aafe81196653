"""Shared fixtures: one trace of the bundled sample web per test session."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance.sample import ROOT_URL, truth_path, warc_path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# scripts/screenshot.py is the one place that knows how to launch the system Chromium;
# the browser tests import it from there.
sys.path.insert(0, str(REPO / "scripts"))


# No test reaches the internet: a live crawl that forgets ``archives=()`` or
# ``--no-archive`` asks this closed loopback port instead of the Wayback Machine (and
# its dead links then say ``+archive-error``). Subprocess crawls pass --no-archive.
UNREACHABLE_ARCHIVE = "http://127.0.0.1:9/cdx/search/cdx"


@pytest.fixture(autouse=True)
def _no_default_archive_on_the_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    from provenance.crawl import wayback

    monkeypatch.setattr(wayback, "DEFAULT_ARCHIVE", UNREACHABLE_ARCHIVE)


@pytest.fixture(scope="session")
def truth() -> dict[str, Any]:
    return json.loads(truth_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_trace(tmp_path_factory: pytest.TempPathFactory) -> provenance.Trace:
    out = tmp_path_factory.mktemp("sample-trace")
    return provenance.trace([ROOT_URL], replay=[warc_path()], out=out)
