"""Crawling a multi-outlet web with real host names through a forward proxy.

The proxy (tests/loopback.py) maps news-a.example:443, news-b.example:80 and
news-c.example:443 to loopback servers: plain requests arrive by absolute URL, https
ones through CONNECT tunnels into TLS servers whose certificates come from a throwaway
CA made by trustme. The proxy is trusted, so no ``allow_private`` is needed; literal
private addresses are still refused, redirects included.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme
from loopback import FAST, ForwardProxy, ServerThread, WebServer, article

import provenance
from provenance.cli import main
from provenance.settings import Settings
from provenance.store import Store

A = "https://news-a.example/2024/story"
B = "http://news-b.example/report"
C = "https://news-c.example/origin"


@dataclass
class ProxiedWeb:
    proxy: ForwardProxy
    ca_file: Path
    servers: dict[str, WebServer]

    def settings(self, **changes: object) -> Settings:
        options: dict[str, object] = {
            "allow_private": False,
            "proxy": self.proxy.url,
            "ca_bundle": str(self.ca_file),
        }
        return FAST.with_(**{**options, **changes})


@pytest.fixture
def web_of_outlets(tmp_path: Path) -> Iterator[ProxiedWeb]:
    thread = ServerThread()
    ca = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("news-a.example", "news-c.example").configure_cert(tls)
    ca_file = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))

    a = WebServer(thread, tls=tls)
    b = WebServer(thread)
    c = WebServer(thread, tls=tls)
    for server in (a, b, c):
        server.robots("User-agent: *\nDisallow: /private/\n")
    a.page("/2024/story", article("Story", [B, C, "https://news-a.example/private/x"]))
    b.page("/report", article("Report", [C]))
    c.page("/origin", article("Origin"))
    b.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    b.redirect("/to-intranet", "http://10.0.0.1/admin")
    b.redirect("/to-localhost", "http://localhost/admin")
    proxy = ForwardProxy(
        thread,
        {
            "news-a.example:443": ("127.0.0.1", a.port),
            "news-b.example:80": ("127.0.0.1", b.port),
            "news-c.example:443": ("127.0.0.1", c.port),
        },
    )
    yield ProxiedWeb(proxy, ca_file, {"a": a, "b": b, "c": c})
    thread.close()


def statuses(out: Path) -> dict[str, str]:
    with Store(out / "crawl.sqlite") as store:
        return {url: status for url, status, _, _ in store.fetch_statuses()}


def test_a_crawl_through_the_proxy_reaches_every_outlet(
    web_of_outlets: ProxiedWeb, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    report = provenance.crawl([A], out, settings=web_of_outlets.settings())

    assert report.failed_roots == []
    found = statuses(out)
    assert found[A] == found[B] == found[C] == "200"
    assert found["https://news-a.example/private/x"] == "robots"
    targets = web_of_outlets.proxy.targets()
    # https went through CONNECT tunnels, plain http by absolute URL.
    assert "news-a.example:443" in targets and "news-c.example:443" in targets
    assert "http://news-b.example/report" in targets
    assert "http://news-b.example/robots.txt" in targets
    # The servers saw the real names (SNI and Host kept through the tunnel).
    assert {hit.host for hit in web_of_outlets.servers["a"].hits} == {"news-a.example"}
    graph = provenance.Trace.from_store(out).graph
    assert {graph.nodes[url]["outlet"] for url in (A, B, C)} == {
        "news-a.example",
        "news-b.example",
        "news-c.example",
    }


def test_without_the_ca_bundle_the_tls_servers_are_not_trusted(
    web_of_outlets: ProxiedWeb, tmp_path: Path
) -> None:
    report = provenance.crawl(
        [A], tmp_path / "out", settings=web_of_outlets.settings(ca_bundle=None)
    )
    assert report.failed_roots == [A]
    assert statuses(tmp_path / "out")[A] == "tls"
    assert web_of_outlets.servers["a"].hits == []  # the handshake failed before any request


@pytest.mark.parametrize("path", ["/to-metadata", "/to-intranet", "/to-localhost"])
def test_a_redirect_into_a_private_address_is_refused(
    web_of_outlets: ProxiedWeb, tmp_path: Path, path: str
) -> None:
    url = f"http://news-b.example{path}"
    provenance.crawl([url], tmp_path / "out", settings=web_of_outlets.settings())
    with Store(tmp_path / "out" / "crawl.sqlite") as store:
        ((result, _),) = list(store.fetches())
    assert result.status == "blocked-address"
    assert result.redirects == (url,)
    # The proxy was asked for the first hop and its robots.txt, never for the target.
    assert sorted(web_of_outlets.proxy.targets()) == sorted(
        [url, "http://news-b.example/robots.txt"]
    )
    graph = provenance.Trace.from_store(tmp_path / "out").graph
    assert any(data["kind"] == "blocked" for _, data in graph.nodes(data=True))


def test_the_command_line_takes_proxy_and_ca_bundle(
    web_of_outlets: ProxiedWeb, tmp_path: Path
) -> None:
    out = tmp_path / "cli"
    code = main(
        [
            "trace",
            A,
            "--proxy",
            web_of_outlets.proxy.url,
            "--ca-bundle",
            str(web_of_outlets.ca_file),
            "--no-archive",
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert code == 0
    assert statuses(out)[C] == "200"


def test_a_missing_ca_bundle_or_a_bad_proxy_is_a_usage_error(tmp_path: Path) -> None:
    missing = main(["trace", A, "--ca-bundle", str(tmp_path / "nope.pem"), "--out", str(tmp_path)])
    bad_proxy = main(["trace", A, "--proxy", "socks9://x", "--out", str(tmp_path)])
    assert (missing, bad_proxy) == (2, 2)
