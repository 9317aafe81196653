"""A real pywb (the reference open-source Wayback) serving WARC collections on loopback.

pywb pins its own werkzeug and gevent, so it runs from its own virtual environment
(``make pywb`` creates ``.venv-pywb``; ``PYWB_BIN`` may name another ``bin`` folder).
``Captures`` writes a WARC of archived responses (with the crawler's recorder); ``PywbArchive`` runs
``wb-manager init/add`` and ``wayback`` on a free 127.0.0.1 port, waits for the port to
accept connections, and stops the server after the tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from provenance.crawl.archive import WarcRecorder

REPO = Path(__file__).resolve().parents[1]
# How long pywb may take to start listening (a cold start imports gevent and jinja):
# a deadline for the wait, not a timing assertion.
START_DEADLINE = 60.0


def pywb_bin() -> Path:
    """The ``bin`` folder holding ``wayback`` and ``wb-manager``; fails under CI when
    missing (nothing may skip silently there), skips elsewhere."""
    folder = Path(os.environ.get("PYWB_BIN", REPO / ".venv-pywb" / "bin"))
    if (folder / "wayback").is_file() and (folder / "wb-manager").is_file():
        return folder
    message = f"pywb not found in {folder}: run `make pywb`"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@dataclass
class Captures:
    """Archived HTTP responses, written as one WARC file by :meth:`write`."""

    records: list[tuple[str, str, int, list[tuple[str, str]], bytes]] = field(default_factory=list)

    def add(
        self,
        url: str,
        when: str,
        body: bytes = b"",
        *,
        status: int = 200,
        headers: list[tuple[str, str]] | None = None,
    ) -> None:
        """A capture of ``url`` at ``when`` (ISO 8601, UTC)."""
        sent = headers if headers is not None else [("Content-Type", "text/html; charset=utf-8")]
        self.records.append((url, when, status, sent, body))

    def redirect(self, url: str, when: str, location: str, status: int = 301) -> None:
        self.add(url, when, status=status, headers=[("Location", location)])

    def write(self, path: Path) -> Path:
        """The captures as WARC request/response pairs, written by the crawler's own
        recorder (so the archive is made of the same records as a crawl's WARC)."""
        recorder = WarcRecorder(path)
        try:
            for url, when, status, headers, body in self.records:
                reason = "OK" if status < 300 else "Moved"
                recorder.append(
                    [recorder.serialize(url, [], status, reason, headers, body, date=when)]
                )
        finally:
            recorder.close()
        return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PywbArchive:
    """pywb's ``wayback`` serving the collections of ``root`` on 127.0.0.1."""

    def __init__(self, root: Path) -> None:
        self.bin = pywb_bin()
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def _manager(self, *arguments: str) -> None:
        subprocess.run(
            [str(self.bin / "wb-manager"), *arguments],
            cwd=self.root,
            check=True,
            capture_output=True,
        )

    def add(self, collection: str, warc: Path) -> None:
        """``wb-manager init`` (once) and ``wb-manager add``: index ``warc``."""
        if not (self.root / "collections" / collection).is_dir():
            self._manager("init", collection)
        self._manager("add", collection, str(warc))

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(self.bin / "wayback"), "-p", str(self.port), "-b", "127.0.0.1"],
            cwd=self.root,
            stdout=subprocess.DEVNULL,
            stderr=(self.root / "wayback.log").open("wb"),
        )
        deadline = time.monotonic() + START_DEADLINE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.root / "wayback.log").read_text(errors="replace")
                raise RuntimeError(f"wayback exited: {log[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)  # polling the port until pywb listens
        self.stop()
        raise RuntimeError(f"wayback did not listen on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def collection(self, name: str) -> str:
        """The collection's URL: what ``--archive`` takes."""
        return f"http://127.0.0.1:{self.port}/{name}/"
