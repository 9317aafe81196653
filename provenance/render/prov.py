"""``prov.json``: the document graph as a W3C PROV document, serialised as PROV-JSON.

The mapping (PROV-DM terms):

* each document (node) is a ``prov:Entity``; its attributes, under the tool's namespace
  (prefix ``provenance``), are ``url``, ``kind``, ``title``, ``authors``, ``published``,
  ``language``, ``outlet``, ``status``, ``depth`` and ``root`` (only when true), with
  ``prov:label`` = title (else URL). Empty values are left out;
* each outlet is a ``prov:Agent`` of type ``prov:Organization`` (attributes ``domain``
  and ``name``, the site's own name when a page states one), and each document
  ``wasAttributedTo`` its outlet;
* a republication edge (original -> copy) is ``copy wasDerivedFrom original``: a plain
  derivation typed ``provenance:Republication`` with ``evidence`` and ``similarity``.
  Not ``prov:Revision``: a revision is a newer version of the same thing by the same
  hand, while a republication is a copy made by another outlet;
* a citation edge (cited -> citing) is ``citing wasQuotedFrom cited``, with ``claim_id``,
  ``claim``, ``anchor``, ``cue`` and ``support``; parallel citations stay separate;
* for each traced claim whose status is ``primary``, the citing root
  ``hadPrimarySource`` each of the claim's ``origin_urls`` (with ``claim_id`` and
  ``claim``).

Identifiers are stable: documents are ``provenance:doc-<readable part of the URL>-<10 hex
digits of its SHA-256>`` (a valid QName whatever the URL holds; the URL itself is the
``provenance:url`` attribute), outlets ``provenance:outlet-<domain>``, and every relation
has an identifier derived from what it relates. With sorted input and sorted JSON keys,
the same graph always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from prov.constants import PROV, PROV_LABEL, PROV_TYPE
from prov.identifier import Namespace, QualifiedName
from prov.model import ProvDocument

from provenance.models import EDGE_REPUBLICATION, STATUS_PRIMARY
from provenance.render import style
from provenance.render._attrs import (
    StrPath,
    as_float,
    plain_text,
    sorted_edges,
    sorted_nodes,
    unicode_text,
)

PROVENANCE_PREFIX = "provenance"
PROVENANCE_NAMESPACE = "urn:provenance:"
"""The tool's namespace for identifiers and attribute names (a URN: it names, it is not
meant to be fetched)."""

# Long enough to recognise the page in a PROV viewer, short enough to stay readable.
_READABLE_PART_MAX = 80
# 40 bits of SHA-256: a collision among the few thousand URLs of one trace is negligible.
_DIGEST_HEX_DIGITS = 10
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")

_ENTITY_TEXT_ATTRIBUTES = (
    "kind",
    "title",
    "authors",
    "published",
    "language",
    "outlet",
    "status",
    "archived_from",
)
_CITATION_TEXT_ATTRIBUTES = ("claim_id", "claim", "anchor", "cue")


def write_prov(graph: nx.MultiDiGraph[Any], path: StrPath) -> None:
    """Write the document graph as PROV-JSON (conventionally ``prov.json``).

    See the module notes for the mapping. ``prov.model.ProvDocument.deserialize(path,
    format="json")`` reads the file back.
    """
    text = prov_document(graph).serialize(
        format="json", indent=2, sort_keys=True, ensure_ascii=False
    )
    Path(path).write_bytes((str(text) + "\n").encode("utf-8"))


def prov_document(graph: nx.MultiDiGraph[Any]) -> ProvDocument:
    """The PROV document :func:`write_prov` serialises."""
    document = ProvDocument()
    namespace = document.add_namespace(PROVENANCE_PREFIX, PROVENANCE_NAMESPACE)
    builder = _Builder(document, namespace)
    nodes = sorted_nodes(graph)
    for node, data in nodes:
        builder.document_entity(str(node), data)
    for outlet, name in _outlet_names(data for _, data in nodes).items():
        builder.outlet_agent(outlet, name)
    for node, data in nodes:
        domain = data.get("outlet")
        if isinstance(domain, str) and domain:
            builder.attribution(str(node), domain)
    for source, target, key, data in sorted_edges(graph):
        if data.get("kind") == EDGE_REPUBLICATION:
            builder.republication(str(source), str(target), key, data)
        else:
            builder.citation(str(source), str(target), key, data)
    for claim in style.claim_rows(graph):
        if claim.get("status") == STATUS_PRIMARY:
            builder.primary_sources(claim)
    return document


def local_name(prefix: str, text: str) -> str:
    """A QName-safe local name for ``text``: ``<prefix>-<readable part>``, with a digest of
    ``text`` appended unless the readable part is ``text`` itself."""
    readable = _UNSAFE_IN_NAME.sub("-", _URL_SCHEME.sub("", text)).strip("-.")
    readable = readable[:_READABLE_PART_MAX].rstrip("-.")
    if readable == text:
        return f"{prefix}-{readable}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    tail = digest[:_DIGEST_HEX_DIGITS]
    return f"{prefix}-{readable}-{tail}" if readable else f"{prefix}-{tail}"


def _digest(*parts: object) -> str:
    joined = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _outlet_names(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Outlet domain -> the name its pages give most often (ties: alphabetical), sorted."""
    names: dict[str, Counter[str]] = {}
    for data in records:
        outlet = data.get("outlet")
        if not isinstance(outlet, str) or not outlet:
            continue
        counter = names.setdefault(outlet, Counter())
        name = data.get("outlet_name")
        if isinstance(name, str) and name:
            counter[name] += 1
    chosen: dict[str, str] = {}
    for outlet in sorted(names):
        ranked = sorted(names[outlet].items(), key=lambda item: (-item[1], item[0]))
        chosen[outlet] = ranked[0][0] if ranked else ""
    return chosen


class _Builder:
    """Adds records to one document, each identifier at most once."""

    def __init__(self, document: ProvDocument, namespace: Namespace) -> None:
        self.document = document
        self.namespace = namespace
        self.entities: set[str] = set()
        self.relations: set[str] = set()

    def qname(self, local: str) -> QualifiedName:
        """``provenance:<local>``: an identifier or an attribute name."""
        return self.namespace[local]

    def entity_id(self, url: str) -> QualifiedName:
        return self.qname(local_name("doc", url))

    def document_entity(self, url: str, data: Mapping[str, Any]) -> None:
        attributes: list[tuple[QualifiedName, Any]] = []
        title = _text(data.get("title"))
        attributes.append((PROV_LABEL, title or unicode_text(url)))
        attributes.append((self.qname("url"), unicode_text(url)))
        for name in _ENTITY_TEXT_ATTRIBUTES:
            value = _text(data.get(name))
            if value:
                attributes.append((self.qname(name), value))
        depth = data.get("depth")
        if isinstance(depth, int) and not isinstance(depth, bool):
            attributes.append((self.qname("depth"), depth))
        if data.get("root") is True:
            attributes.append((self.qname("root"), True))
        self.document.entity(self.entity_id(url), attributes)
        self.entities.add(url)

    def ensure_entity(self, url: str) -> QualifiedName:
        """The entity of ``url``, created bare when the graph has no node for it."""
        if url not in self.entities:
            self.document.entity(
                self.entity_id(url),
                [(PROV_LABEL, unicode_text(url)), (self.qname("url"), unicode_text(url))],
            )
            self.entities.add(url)
        return self.entity_id(url)

    def outlet_agent(self, outlet: str, name: str) -> None:
        attributes: list[tuple[QualifiedName, Any]] = [
            (PROV_TYPE, PROV["Organization"]),
            (PROV_LABEL, unicode_text(name or outlet)),
            (self.qname("domain"), unicode_text(outlet)),
        ]
        if name:
            attributes.append((self.qname("name"), unicode_text(name)))
        self.document.agent(self.qname(local_name("outlet", outlet)), attributes)

    def relation_id(self, prefix: str, *parts: object) -> QualifiedName | None:
        """A fresh identifier for a relation, None when that relation was already added."""
        local = f"{prefix}-{_digest(*parts)}"
        if local in self.relations:
            return None
        self.relations.add(local)
        return self.qname(local)

    def attribution(self, url: str, outlet: str) -> None:
        identifier = self.relation_id("attribution", url, outlet)
        if identifier is not None:
            self.document.wasAttributedTo(
                self.entity_id(url),
                self.qname(local_name("outlet", outlet)),
                identifier=identifier,
            )

    def republication(self, original: str, copy: str, key: object, data: Mapping[str, Any]) -> None:
        identifier = self.relation_id("republication", original, copy, key)
        if identifier is None:
            return
        attributes: list[tuple[QualifiedName, Any]] = [(PROV_TYPE, self.qname("Republication"))]
        evidence = _text(data.get("evidence"))
        if evidence:
            attributes.append((self.qname("evidence"), evidence))
        similarity = as_float(data.get("similarity"))
        if similarity is not None:
            attributes.append((self.qname("similarity"), similarity))
        self.document.wasDerivedFrom(
            self.ensure_entity(copy),
            self.ensure_entity(original),
            identifier=identifier,
            other_attributes=attributes,
        )

    def citation(self, cited: str, citing: str, key: object, data: Mapping[str, Any]) -> None:
        identifier = self.relation_id("citation", cited, citing, key)
        if identifier is None:
            return
        attributes: list[tuple[QualifiedName, Any]] = []
        for name in _CITATION_TEXT_ATTRIBUTES:
            value = _text(data.get(name))
            if value:
                attributes.append((self.qname(name), value))
        support = as_float(data.get("support"))
        if support is not None:
            attributes.append((self.qname("support"), support))
        self.document.wasQuotedFrom(
            self.ensure_entity(citing),
            self.ensure_entity(cited),
            identifier=identifier,
            other_attributes=attributes or None,
        )

    def primary_sources(self, claim: Mapping[str, Any]) -> None:
        citing = _text(claim.get("citing_url"))
        if not citing:
            return
        claim_id = _text(claim.get("claim_id"))
        text = _text(claim.get("claim"))
        for origin in plain_text(claim.get("origin_urls") or "").split():
            identifier = self.relation_id("primary-source", claim_id, citing, origin)
            if identifier is None:
                continue
            attributes: list[tuple[QualifiedName, Any]] = []
            if claim_id:
                attributes.append((self.qname("claim_id"), claim_id))
            if text:
                attributes.append((self.qname("claim"), text))
            self.document.hadPrimarySource(
                self.ensure_entity(citing),
                self.ensure_entity(origin),
                identifier=identifier,
                other_attributes=attributes or None,
            )


def _text(value: object) -> str:
    if value is None:
        return ""
    return unicode_text(plain_text(value))
