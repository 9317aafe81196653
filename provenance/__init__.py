"""provenance: trace where a claim comes from.

Crawl an article's attribution links hop by hop, detect republication, build a directed
citation graph, and trace each claim to where it originates.
"""

from __future__ import annotations

__version__ = "0.1.0"

from provenance.corpus import corpus
from provenance.extract import extract_page
from provenance.graph import build_graph, outlet_graph
from provenance.models import FetchResult, Link, Page, RepublicationSignal, TracedClaim
from provenance.render import read_json, write_gexf, write_graphml, write_json
from provenance.settings import Settings
from provenance.trace import Trace, UsageError, crawl, trace

__all__ = [
    "FetchResult",
    "Link",
    "Page",
    "RepublicationSignal",
    "Settings",
    "Trace",
    "TracedClaim",
    "UsageError",
    "__version__",
    "build_graph",
    "corpus",
    "crawl",
    "extract_page",
    "outlet_graph",
    "read_json",
    "trace",
    "write_gexf",
    "write_graphml",
    "write_json",
]
