"""One score gate for every web: the sample, tests/web2, tests/web3 (in its own test
module) and at least 20 webs generated from seeds by tests/webgen.py.

Floors are in tests/trace_floors.json; trap links must be none anywhere. The generated
webs draw every scenario class through several templates and phrasings, so a rule that
fits one page of one web fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from webgen import GeneratedWeb, class_table, generate, trace_web
from webscore import WebScore, score_trace
from webserve import serve_manifest

import provenance
from provenance.sample import warc_path
from provenance.sample.build import build_warc

TESTS = Path(__file__).resolve().parent
FLOORS: dict[str, dict[str, float]] = json.loads((TESTS / "trace_floors.json").read_text())
MEASURES = ("origin", "status", "chain", "citation_recall")
SEEDS = range(24)
LANGUAGES = ("ru", "fr", "de", "es", "ar", "tr", "zh")


def _assert_floors(score: WebScore, floors: dict[str, float]) -> None:
    assert score.trap_links == []
    for measure in MEASURES:
        assert getattr(score, measure) >= floors[measure], (measure, score.misses)


def _truth(path: Path) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return truth


def test_the_sample_web_passes_the_gate_exactly(tmp_path: Path) -> None:
    truth = _truth(Path(provenance.__file__).parent / "sample" / "truth.json")
    trace = provenance.trace(truth["roots"], replay=[warc_path()], out=tmp_path)
    _assert_floors(score_trace(trace, truth), FLOORS["sample"])


def test_web2_passes_the_gate_exactly(tmp_path: Path) -> None:
    truth = _truth(TESTS / "web2" / "truth.json")
    warc = tmp_path / "web2.warc.gz"
    build_warc(TESTS / "web2" / "web" / "manifest.json", warc)
    trace = provenance.trace(truth["roots"], replay=[warc], out=tmp_path / "out")
    _assert_floors(score_trace(trace, truth), FLOORS["web2"])


@pytest.fixture(scope="module")
def generated(
    tmp_path_factory: pytest.TempPathFactory,
) -> list[tuple[GeneratedWeb, provenance.Trace]]:
    folder = tmp_path_factory.mktemp("generated")
    return [(web, trace_web(web, folder / str(web.seed))) for web in map(generate, SEEDS)]


def test_generated_webs_pass_the_gate(
    generated: list[tuple[GeneratedWeb, provenance.Trace]],
) -> None:
    assert len(generated) >= 20
    floors = FLOORS["generated"]
    totals = {measure: 0.0 for measure in MEASURES}
    claims = 0
    for web, trace in generated:
        score = score_trace(trace, web.truth)
        assert score.trap_links == [], web.seed
        claims += score.claims
        for measure in ("origin", "status", "chain"):
            totals[measure] += getattr(score, measure) * score.claims
        totals["citation_recall"] += score.citation_recall * score.claims
    table = class_table(generated)
    for measure in MEASURES:
        assert totals[measure] / claims >= floors[measure], (measure, table)


def test_generated_truth_states_the_support_method_it_gets(
    generated: list[tuple[GeneratedWeb, provenance.Trace]],
) -> None:
    """Claims through a translation or a page in another language say not-measurable;
    the others were measured lexically."""
    for web, trace in generated:
        assert score_trace(trace, web.truth).support_method == 1.0, web.seed
        methods = {claim["support_method"] for claim in web.claims}
        assert methods == {"lexical", "not-measurable"}


def test_generated_webs_cover_every_template() -> None:
    drawn = set().union(*(generate(seed).variants for seed in SEEDS))
    expected = {
        *(f"signal:{signal}" for signal in ("json-ld", "canonical", "credit-line")),
        *(f"platform:{platform}" for platform in ("twitter", "telegram", "youtube")),
        *(f"redirect:{kind}" for kind in ("scheme", "www")),
        *(f"cue-form:{form}" for form in range(4)),
        *(f"noun-phrase:{form}" for form in range(3)),
        *(f"unsupported:{form}" for form in range(4)),
        *(f"shell:{style}" for style in range(3)),
        *(f"translated-from:{language}" for language in LANGUAGES),
        *(f"cited-language:{language}" for language in LANGUAGES),
        "charset:windows-1251",
        "charset:windows-1256",
        "native-cue:True",
        "native-cue:False",
    }
    assert expected <= drawn, sorted(expected - drawn)


def test_the_generator_is_deterministic() -> None:
    first, again, other = generate(5), generate(5), generate(6)
    assert first.bodies == again.bodies and first.truth == again.truth
    assert first.bodies != other.bodies


@pytest.mark.parametrize("seed", [0, 1])
def test_a_generated_web_traces_the_same_live(seed: int, tmp_path: Path) -> None:
    """Through loopback servers behind a proxy, as replayed."""
    web = generate(seed)
    live = serve_manifest(web.write(tmp_path / "web"), tmp_path)
    try:
        trace = live.trace([web.root], tmp_path / "out")
    finally:
        live.close()
    _assert_floors(score_trace(trace, web.truth), FLOORS["generated"])
