"""Extraction: from fetched bytes to a ``Page`` (body, metadata, links, republication)."""

from __future__ import annotations

from provenance.extract.page import extract_page, kind_of_content

__all__ = ["extract_page", "kind_of_content"]
