"""Serve a test web's manifest live: one loopback server per host and scheme, behind a
forward proxy that maps the real host names to them (tests/loopback.py).

The same manifest ``provenance.sample.build.build_warc`` turns into a WARC is served
here byte for byte, so one web is traced both replayed and live through the proxy.
"""

from __future__ import annotations

import json
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import trustme
from loopback import FAST, ForwardProxy, ServerThread, WebServer

import provenance
from provenance.settings import Settings


@dataclass
class LiveWeb:
    thread: ServerThread
    proxy: ForwardProxy
    ca_file: Path
    servers: dict[str, WebServer]
    """``host:port`` -> the server that answers for it."""

    def settings(self, **changes: object) -> Settings:
        options: dict[str, object] = {
            "allow_private": False,
            "proxy": self.proxy.url,
            "ca_bundle": str(self.ca_file),
        }
        return FAST.with_(**{**options, **changes})

    def trace(self, roots: list[str], out: Path, **options: Any) -> provenance.Trace:
        """``provenance.trace`` of ``roots`` through the proxy (it takes the proxy as an
        argument, which overrides the settings')."""
        return provenance.trace(
            roots, out=out, proxy=self.proxy.url, settings=self.settings(), **options
        )

    def requested(self) -> list[str]:
        """Every URL a server was asked for (scheme, Host and path), in no order."""
        found = []
        for name, server in self.servers.items():
            scheme = "https" if name.endswith(":443") else "http"
            found.extend(f"{scheme}://{hit.host.split(':')[0]}{hit.path}" for hit in server.hits)
        return found

    def close(self) -> None:
        self.thread.close()


def serve_entries(entries: list[dict[str, Any]], base: Path, ca_dir: Path) -> LiveWeb:
    """Serve manifest ``entries`` (bodies relative to ``base``) through a proxy."""
    thread = ServerThread()
    tls_hosts = sorted(
        {
            urlsplit(entry["url"]).hostname or ""
            for entry in entries
            if entry["url"].startswith("https:")
        }
    )
    ca = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    if tls_hosts:
        ca.issue_cert(*tls_hosts).configure_cert(tls)
    ca_file = ca_dir / "web-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    servers: dict[str, WebServer] = {}
    for entry in entries:
        parts = urlsplit(entry["url"])
        https = parts.scheme == "https"
        name = f"{parts.hostname}:{parts.port or (443 if https else 80)}"
        if name not in servers:
            servers[name] = WebServer(thread, tls=tls if https else None)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        body = (base / entry["file"]).read_bytes() if entry.get("file") else b""
        servers[name].routes[target] = (int(entry["status"]), dict(entry["headers"]), body)
    proxy = ForwardProxy(
        thread, {name: ("127.0.0.1", server.port) for name, server in servers.items()}
    )
    return LiveWeb(thread, proxy, ca_file, servers)


def serve_manifest(manifest: Path, ca_dir: Path) -> LiveWeb:
    entries: list[dict[str, Any]] = json.loads(manifest.read_text(encoding="utf-8"))
    return serve_entries(entries, manifest.parent, ca_dir)
