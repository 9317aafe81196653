"""The bundled offline sample web: a small WARC of invented pages and its ground truth.

The sample reconstructs the citation trail behind one Global Research article (a
republication of an Inside Syria Media Center piece) across thirteen documents on twelve
outlets. Every page except the root article's text is invented and says so on the page
itself. The readable sources live in ``web/`` (one HTML file per page plus
``web/manifest.json``); ``python -m provenance.sample.build`` turns them into
``sample.warc.gz``, byte for byte the same on every run. ``truth.json`` records what a
correct trace of the sample must find: nodes, republication and citation edges, and the
status, origin and chain of each claim of the root article.
"""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR: Path = Path(__file__).resolve().parent
"""Folder holding the sample's sources, its WARC and its ground truth."""

ROOT_URL = (
    "https://www.globalresearch.ca/"
    "the-isis-offensive-against-palmyra-a-us-nato-sponsored-operation/5562066"
)
"""The article the sample starts from (depth 0)."""


def warc_path() -> Path:
    """Path of the bundled ``sample.warc.gz`` (built from ``web/`` by ``build.py``)."""
    return SAMPLE_DIR / "sample.warc.gz"


def truth_path() -> Path:
    """Path of ``truth.json``, the ground truth a trace of the sample must reproduce."""
    return SAMPLE_DIR / "truth.json"
