# The two commands of the README: `make demo` and `make test`. Both set up everything
# they need on a fresh machine with python3 (>= 3.11) and the package registries.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: demo test check graphs notebook browser wget js pywb bench clean sample

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[corpus]'
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,notebook,corpus]'
	touch $@ $(RUNTIME_STAMP)

## demo: trace the bundled sample web offline into graphs/seed/ and print the claims
demo: $(RUNTIME_STAMP)
	$(BIN)/provenance demo

## test: every test (installs what the tests need when missing: Chromium for the browser
## tests, wget for the WARC interoperability test, graphology for the GEXF reader test)
test: $(DEV_STAMP) browser wget js pywb
	$(BIN)/python -m pytest

## check: ruff (lint + format) and mypy --strict on the package
check: $(DEV_STAMP)
	$(BIN)/ruff check provenance tests benchmarks scripts
	$(BIN)/ruff format --check provenance tests benchmarks scripts
	$(BIN)/mypy

## browser: find or install headless Chromium (Debian package) for the browser tests
browser:
	@bash scripts/ensure-chromium.sh

## wget: find or install wget (Debian package): a test replays a WARC that wget writes
wget:
	@command -v wget >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wget)

## js: the node project of tests/test_gexf_graphology.py (graphology-gexf), when missing
js:
	@if [ -d tests/js/node_modules/graphology-gexf ]; then :; \
	elif command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --no-audit --no-fund; \
	elif [ "$$CI" = "true" ]; then echo "npm is missing (apt-get install nodejs npm)" >&2; exit 1; \
	else echo "npm not found: graphology tests will be skipped (apt-get install nodejs npm)" >&2; fi

## pywb: the reference Wayback implementation for the web-archive tests, in its own
## virtual environment (pywb pins old werkzeug and gevent that must not meet ours)
PYWB_VENV ?= .venv-pywb
pywb: $(PYWB_VENV)/bin/wayback

$(PYWB_VENV)/bin/wayback:
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PYWB_VENV)/bin/python -m pip install --quiet 'pywb>=2.8'

## bench: the benchmarks, against their named peers, measured in one run each
bench: $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/crawl.py
	$(BIN)/python benchmarks/render.py

## graphs: regenerate graphs/seed/ and the README picture
graphs: $(DEV_STAMP) browser
	$(BIN)/provenance demo --quiet
	$(BIN)/python scripts/screenshot.py graphs/seed/graph.html docs/graph.png
	$(BIN)/python scripts/screenshot.py graphs/seed/graph.html docs/graph-1000x700.png --size 1000x700
	$(BIN)/python scripts/screenshot.py graphs/seed/outlets.html docs/outlets.png

## sample: rebuild the sample WARC from provenance/sample/web/
sample: $(RUNTIME_STAMP)
	$(BIN)/python -m provenance.sample.build

## notebook: JupyterLab in the project's environment
notebook: $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet jupyterlab
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) $(PYWB_VENV) .pytest_cache .mypy_cache .ruff_cache tests/js/node_modules
