"""The README documents every command, and the public surface does not drift."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import provenance
from provenance.cli import build_parser, main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")

# The names users and notebooks rely on (DESIGN section 7). Changing this list is a
# change of the public interface: say why in the README.
PUBLIC_API = {
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
}


def commands() -> list[str]:
    parser = build_parser()
    subparsers = next(action for action in parser._actions if action.dest == "command")
    return sorted(subparsers.choices)  # type: ignore[attr-defined]


def test_the_first_screen_shows_the_two_commands() -> None:
    first_screen = "\n".join(README.splitlines()[:60])
    assert "make demo" in first_screen
    assert "make test" in first_screen


@pytest.mark.parametrize("command", commands())
def test_every_command_is_in_the_readme_and_has_help(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert re.search(rf"provenance {command}\b", README), (
        f"README does not show `provenance {command}`"
    )
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: provenance " + command in capsys.readouterr().out


def test_public_api_is_declared_and_importable() -> None:
    assert set(provenance.__all__) == PUBLIC_API
    for name in provenance.__all__:
        assert hasattr(provenance, name), name


@pytest.mark.parametrize("name", ["kind", "outlet", "aliases", "claim_id", "support", "evidence"])
def test_graph_contract_names_are_documented(name: str) -> None:
    assert f"| `{name}` |" in README


def test_every_setting_is_in_the_readme_with_its_default() -> None:
    for field in dataclasses.fields(provenance.Settings):
        default = getattr(provenance.Settings(), field.name)
        row = f"| `{field.name}` | `{default!r}` |"
        assert row in README, f"README's settings table lacks or misstates: {row}"


def test_the_worked_example_is_what_the_demo_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--out", str(tmp_path)]) == 0
    table = [
        line
        for line in capsys.readouterr().out.splitlines()
        if re.match(r"c[0-9a-f]{10} {2}", line)
    ]
    assert len(table) == 6
    for line in table:
        assert line in README, f"README's worked example differs from the demo: {line}"
