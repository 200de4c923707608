# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make demo   installs into .venv, extracts the bundled corpus, prints a summary
#   make test   installs into .venv (with the test and serve extras), ajv from npm into .venv/ajv (for the
#               contract's check in JavaScript) and Debian's chromium, runs the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

AJV := $(VENV)/ajv/node_modules/.package-lock.json

.PHONY: demo test clean browser node

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,serve]'
	touch $@

demo: $(VENV)/.installed
	mkdir -p $(OUT)
	$(BIN)/extractor extract corpus/*.txt -o $(OUT)/corpus.jsonl  # the folder also holds gold records and tools
	$(BIN)/extractor summarize $(OUT)/corpus.jsonl

# the review page's test opens it in Debian's Chromium
browser:
	@command -v chromium >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

# tests/test_ajv.py checks the contract with ajv, JavaScript's JSON Schema validator: installed from the
# npm registry at the versions of tests/ajv/package-lock.json, inside the venv, never globally
node:
	@command -v npm >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm)

$(AJV): tests/ajv/package.json tests/ajv/package-lock.json | $(BIN)/python node
	mkdir -p $(VENV)/ajv
	cp tests/ajv/package.json tests/ajv/package-lock.json $(VENV)/ajv/
	cd $(VENV)/ajv && npm ci --no-audit --no-fund --silent

test: $(VENV)/.installed $(AJV) browser
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(OUT)
