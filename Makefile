# Two entry points: `make demo` and `make test`. Both build .venv from scratch when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-slow venv bench fuzz clean

VENDOR := kizuna/web/static/vendor

$(STAMP): pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# The web map's country outlines (Natural Earth, public domain) come from npm, never from the repository.
	npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/world-atlas/countries-50m.json $(VENDOR)/
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	rm -f demo.db
	$(BIN)/kizuna ingest kizuna/samples --db demo.db
	$(BIN)/kizuna localities --db demo.db
	$(BIN)/kizuna ties --db demo.db
	$(BIN)/kizuna events --db demo.db

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Fault injection (SIGKILL trials, concurrent writers): minutes, so apart from `make test`; CI runs both.
test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

# The parsers of untrusted input under hypothesis, 60 s per target (bench/fuzz.py says what is driven).
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py --seconds 60

bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_cluster.py
	$(BIN)/python bench/bench_web.py

clean:
	rm -rf $(VENV) *.egg-info demo.db node_modules $(VENDOR)
