"""The bundled sample web: its WARC matches its sources, and its ground truth is sound."""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from protego import Protego
from selectolax.lexbor import LexborHTMLParser
from warcio.archiveiterator import ArchiveIterator

import provenance.sample
from provenance.models import CLAIM_STATUSES, NODE_KINDS
from provenance.sample.build import build_warc

SAMPLE = Path(provenance.sample.__file__).resolve().parent
WEB = SAMPLE / "web"
MANIFEST = WEB / "manifest.json"
GENERATOR = "provenance sample web"
TRACKING = re.compile(r"[?&](utm_[a-z]+|fbclid|gclid|mc_cid)=", re.IGNORECASE)


def load_manifest() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return entries


def load_truth() -> dict[str, Any]:
    truth: dict[str, Any] = json.loads(provenance.sample.truth_path().read_text(encoding="utf-8"))
    return truth


def charset_of(entry: dict[str, Any]) -> str:
    match = re.search(r"charset=([\w-]+)", entry["headers"].get("Content-Type", ""))
    return str(match.group(1)) if match else "utf-8"


def is_html(entry: dict[str, Any]) -> bool:
    content_type: str = entry["headers"].get("Content-Type", "")
    return bool(entry["file"]) and content_type.startswith("text/html")


def page_text(entry: dict[str, Any]) -> str:
    path: Path = WEB / entry["file"]
    return path.read_bytes().decode(charset_of(entry))


def parse(entry: dict[str, Any]) -> LexborHTMLParser:
    return LexborHTMLParser(page_text(entry))


def redirects() -> dict[str, str]:
    return {e["url"]: e["headers"]["Location"] for e in load_manifest() if 300 <= e["status"] < 400}


def alias_map(truth: dict[str, Any]) -> dict[str, str]:
    """Every URL that leads to a node (its key or one of its aliases) -> the node key."""
    mapping: dict[str, str] = {}
    for key, node in truth["nodes"].items():
        mapping[key] = key
        for alias in node["aliases"]:
            mapping[alias] = key
    return mapping


def entries_for_node(truth: dict[str, Any], node_url: str) -> list[dict[str, Any]]:
    urls = {node_url, *truth["nodes"][node_url]["aliases"]}
    return [e for e in load_manifest() if e["url"] in urls and e["file"]]


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'")))


# --- the WARC --------------------------------------------------------------------------


def test_warc_is_up_to_date_with_sources(tmp_path: Path) -> None:
    rebuilt = tmp_path / "rebuilt.warc.gz"
    build_warc(MANIFEST, rebuilt)
    committed = provenance.sample.warc_path().read_bytes()
    stale = "sample.warc.gz is stale: run `python -m provenance.sample.build`"
    assert hashlib.sha256(rebuilt.read_bytes()).digest() == hashlib.sha256(committed).digest(), (
        stale
    )


def test_build_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"
    build_warc(MANIFEST, first)
    build_warc(MANIFEST, second)
    assert first.read_bytes() == second.read_bytes()


def test_every_manifest_url_is_one_response_in_the_warc() -> None:
    manifest = {e["url"]: e for e in load_manifest()}
    responses: Counter[str] = Counter()
    previous: tuple[str, str] | None = None
    with provenance.sample.warc_path().open("rb") as handle:
        for record in ArchiveIterator(handle):
            url = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type == "request":
                previous = ("request", url)
                continue
            assert record.rec_type == "response"
            assert previous == ("request", url), f"no request record before {url}"
            responses[url] += 1
            entry = manifest[url]
            assert record.rec_headers.get_header("WARC-Date") == entry["date"]
            assert record.http_headers.protocol == "HTTP/1.1"
            assert record.http_headers.get_statuscode() == str(entry["status"])
            body = record.content_stream().read()
            expected = (WEB / entry["file"]).read_bytes() if entry["file"] else b""
            assert body == expected
            assert record.http_headers.get_header("Content-Length") == str(len(body))
            for name, value in entry["headers"].items():
                assert record.http_headers.get_header(name) == value
    assert set(responses) == set(manifest)
    assert all(count == 1 for count in responses.values())


# --- the manifest and its pages ----------------------------------------------------------


def test_manifest_entries_are_well_formed() -> None:
    entries = load_manifest()
    urls = [e["url"] for e in entries]
    assert len(urls) == len(set(urls))
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates)
    for entry in entries:
        assert set(entry) == {"url", "status", "headers", "file", "date"}
        assert re.fullmatch(r"2024-05-01T10:\d\d:\d\dZ", entry["date"])
        if 300 <= entry["status"] < 400:
            assert entry["file"] is None
            assert entry["headers"]["Location"].startswith("http")
        else:
            assert entry["file"] and (WEB / entry["file"]).is_file()
    robots = [e for e in entries if e["url"].endswith("/robots.txt")]
    assert len(robots) == 3
    assert all(e["headers"]["Content-Type"].startswith("text/plain") for e in robots)


def test_robots_files_allow_every_sample_page() -> None:
    entries = load_manifest()
    for robots_entry in (e for e in entries if e["url"].endswith("/robots.txt")):
        host_root = robots_entry["url"].removesuffix("robots.txt")
        parser = Protego.parse(page_text(robots_entry))
        assert not parser.can_fetch(host_root + "wp-admin/", "provenance")
        for entry in entries:
            if entry["url"].startswith(host_root):
                assert parser.can_fetch(entry["url"], "provenance"), entry["url"]


def test_every_html_page_is_marked_as_invented() -> None:
    pages = [e for e in load_manifest() if is_html(e)]
    assert len(pages) >= 14
    for entry in pages:
        tree = parse(entry)
        generators = [m.attributes.get("content") for m in tree.css('meta[name="generator"]')]
        assert generators == [GENERATOR], entry["url"]
        notices = tree.css("div.sample-notice")
        assert len(notices) == 1, entry["url"]
        notice = notices[0]
        text = notice.text(deep=True)
        assert "provenance sample web" in text and "reconstruction" in text, entry["url"]
        assert notice.parent is not None and notice.parent.tag == "body", entry["url"]
        assert not notice.css("a"), entry["url"]


def test_templates_differ_between_outlets() -> None:
    """Each outlet's page uses its own markup: compare the sets of class names."""
    signatures: dict[str, frozenset[str]] = {}
    for entry in load_manifest():
        if not is_html(entry) or "/amp/" in entry["url"] or "utm_" in entry["url"]:
            continue
        classes: set[str] = set()
        for node in parse(entry).css("[class]"):
            classes.update((node.attributes.get("class") or "").split())
        classes.discard("sample-notice")
        signatures[entry["url"]] = frozenset(classes)
    assert len(signatures) >= 12
    items = list(signatures.items())
    for i, (url_a, sig_a) in enumerate(items):
        for url_b, sig_b in items[i + 1 :]:
            overlap = len(sig_a & sig_b) / max(1, len(sig_a | sig_b))
            assert overlap < 0.5, (url_a, url_b, overlap)


def test_one_page_is_windows_1252() -> None:
    cp1252 = [e for e in load_manifest() if charset_of(e).lower() == "windows-1252"]
    assert [e["url"] for e in cp1252] == [
        "https://www.fort-russ.com/2016/12/us-coalition-paused-raqqa-operations.html"
    ]
    raw = (WEB / cp1252[0]["file"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("windows-1252")
    assert "\u201canti-terrorist\u201d" in text and "\u2014" in text
    others = [e for e in load_manifest() if e["file"] and e not in cp1252]
    for entry in others:
        (WEB / entry["file"]).read_bytes().decode("utf-8")


def test_root_republishes_the_original_verbatim() -> None:
    truth = load_truth()
    root = truth["roots"][0]
    original = truth["republication_edges"][0]["source"]
    root_tree = parse(entries_for_node(truth, root)[0])
    original_tree = parse(entries_for_node(truth, original)[0])
    root_body = [p.text(deep=True) for p in root_tree.css("article.article-body > p")]
    original_body = [p.text(deep=True) for p in original_tree.css("div.entry-content > p")]
    assert len(root_body) == 9
    assert root_body == original_body
    source_line = root_tree.css_first("p.source-line a")
    assert source_line is not None and source_line.attributes.get("href") == original


def test_copy_without_credit_is_a_near_duplicate() -> None:
    truth = load_truth()
    edge = next(e for e in truth["republication_edges"] if e["evidence"] == "text-reuse")
    original = parse(entries_for_node(truth, edge["source"])[0])
    copy_entry = entries_for_node(truth, edge["target"])[0]
    copy = parse(copy_entry)
    original_text = " ".join(p.text(deep=True) for p in original.css(".td-post-content p"))
    copy_text = " ".join(p.text(deep=True) for p in copy.css(".b-article__text > p"))
    a, b = words(original_text), words(copy_text)
    assert 0.6 <= len(a & b) / len(a | b) <= 0.85
    raw = page_text(copy_entry).lower()
    assert "almasdar" not in raw and "al-masdar" not in raw


# --- the ground truth ----------------------------------------------------------------------


def test_truth_nodes_are_reachable_in_the_manifest() -> None:
    truth = load_truth()
    manifest = {e["url"]: e for e in load_manifest()}
    moved = redirects()
    for key, node in truth["nodes"].items():
        assert key in manifest, key
        assert str(manifest[key]["status"]) == node["status"], key
        for alias in node["aliases"]:
            target = moved.get(alias, alias)
            assert target in manifest, alias
            if target != key:
                canonical = parse(manifest[target]).css_first('link[rel="canonical"]')
                assert canonical is not None, alias
                assert canonical.attributes.get("href") == key, alias


def test_truth_is_internally_consistent() -> None:
    truth = load_truth()
    nodes: dict[str, dict[str, Any]] = truth["nodes"]
    roots: list[str] = truth["roots"]
    assert roots == [provenance.sample.ROOT_URL]
    assert len(nodes) == 13
    assert all(root in nodes for root in roots)
    aliases = [a for node in nodes.values() for a in node["aliases"]]
    assert len(aliases) == len(set(aliases)) and not set(aliases) & set(nodes)
    for key, node in nodes.items():
        assert node["kind"] in NODE_KINDS
        assert not TRACKING.search(key) and "/amp/" not in key and "#" not in key, key
        if node["kind"] == "article":
            assert node["status"] == "200" and re.fullmatch(r"\d{4}-\d\d-\d\d", node["published"])
            assert node["title"], key
        else:
            assert node["published"] == "" and node["title"] == ""
    for edge in truth["republication_edges"] + truth["citation_edges"]:
        assert edge["source"] in nodes and edge["target"] in nodes, edge
        assert edge["source"] != edge["target"]
    for edge in truth["republication_edges"]:
        assert nodes[edge["source"]]["published"] < nodes[edge["target"]]["published"] or (
            nodes[edge["source"]]["published"] == nodes[edge["target"]]["published"]
        )
    for url in truth["absent_urls"]:
        assert url not in nodes and url not in aliases, url

    root = roots[0]
    root_citations = [e for e in truth["citation_edges"] if e["target"] == root]
    claims = truth["claims"]
    assert len(claims) == len(root_citations) == 6
    for claim, edge in zip(claims, root_citations, strict=True):
        assert (claim["cited_url"], claim["anchor"], claim["cue"]) == (
            edge["source"],
            edge["anchor"],
            edge["cue"],
        )
        assert claim["status"] in CLAIM_STATUSES
        chain = claim["chain"]
        assert chain[-1] == root and chain[0] == claim["origin_urls"][0]
        assert all(url in nodes for url in chain + claim["origin_urls"])
        assert len(chain) == len(set(chain))
        assert claim["cited_url"] in chain
        assert claim["anchor"] in claim["claim"]
    statuses = {c["status"] for c in claims}
    assert statuses == {"origin", "dead-end", "circular", "unsupported", "primary"}


def test_every_claim_chain_step_is_an_edge() -> None:
    """Consecutive chain documents are joined by a citation or republication edge."""
    truth = load_truth()
    pairs = {(e["source"], e["target"]) for e in truth["republication_edges"]}
    pairs |= {(e["source"], e["target"]) for e in truth["citation_edges"]}
    for claim in truth["claims"]:
        chain = claim["chain"]
        for source, target in itertools.pairwise(chain):
            assert (source, target) in pairs, (claim["anchor"], source, target)
        if claim["status"] == "circular":
            assert (chain[1], chain[0]) in pairs


def test_citation_edges_are_links_on_the_pages() -> None:
    truth = load_truth()
    to_node = alias_map(truth)
    moved = redirects()
    for edge in truth["citation_edges"]:
        pages = entries_for_node(truth, edge["target"])
        assert pages, edge
        for entry in pages:
            found = False
            for anchor in parse(entry).css("a[href]"):
                href = urljoin(entry["url"], html.unescape(anchor.attributes.get("href") or ""))
                href = moved.get(href, href)
                if to_node.get(href) == edge["source"] and anchor.text(deep=True) == edge["anchor"]:
                    found = True
            assert found, (entry["url"], edge)


def test_absent_urls_are_real_traps_on_the_pages() -> None:
    truth = load_truth()
    manifest_urls = {e["url"] for e in load_manifest()}
    hrefs: set[str] = set()
    for entry in load_manifest():
        if is_html(entry):
            hrefs.update(a.attributes.get("href") or "" for a in parse(entry).css("a[href]"))
    for url in truth["absent_urls"]:
        assert url in hrefs, url
        assert url not in manifest_urls, url


def test_node_metadata_is_on_the_pages() -> None:
    truth = load_truth()
    for key, node in truth["nodes"].items():
        for entry in entries_for_node(truth, key):
            text = html.unescape(page_text(entry))
            assert node["title"] in text, key
            for author in filter(None, node["authors"].split("; ")):
                assert author in text, key
            if node["outlet_name"]:
                assert node["outlet_name"] in text, key
            assert key.split("/")[2].endswith(node["outlet"]), key
