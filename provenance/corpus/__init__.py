"""Corpus mode: the graph contract of a whole WARC collection, on Dask (DESIGN section 9).

Needs the ``corpus`` extra (``pip install 'provenance[corpus]'``: dask, distributed,
pyarrow, pandas). ``corpus(...)`` is ``provenance.corpus(...)``.
"""

from __future__ import annotations

from provenance.corpus.run import Corpus, CorpusReport, corpus

__all__ = ["Corpus", "CorpusReport", "corpus"]
