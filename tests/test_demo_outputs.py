"""`provenance demo` writes every output file, and regenerates graphs/seed/ byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.cli import main
from provenance.render import OUTPUT_FILES

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "graphs" / "seed"


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out), "--quiet"]) == 0
    return out


def test_demo_writes_every_output_file(demo_out: Path) -> None:
    for name in (*OUTPUT_FILES, "crawl.sqlite", "crawl.warc.gz"):
        assert (demo_out / name).is_file(), name
        assert (demo_out / name).stat().st_size > 0, name


@pytest.mark.parametrize("name", OUTPUT_FILES)
def test_committed_graphs_are_regenerated_byte_for_byte(demo_out: Path, name: str) -> None:
    assert (COMMITTED / name).is_file(), f"graphs/seed/{name} is not committed: run make demo"
    assert (demo_out / name).read_bytes() == (COMMITTED / name).read_bytes(), (
        f"graphs/seed/{name} is stale or the output is not deterministic: run make demo"
    )


def test_demo_runs_twice_into_the_same_folder(demo_out: Path) -> None:
    before = (demo_out / "graph.json").read_bytes()
    assert main(["demo", "--out", str(demo_out), "--quiet"]) == 0
    assert (demo_out / "graph.json").read_bytes() == before
