# Every target bootstraps what it needs (venv, packages, browser); nothing relies on hand installs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS := .fixtures-cache/corpus
JOBS   ?=

.PHONY: setup parse test bench fixtures lint docs clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## parse: set up, then parse the bundled samples in data/raw into data/parsed
parse: setup
	$(BIN)/evalparse parse data/raw --out data/parsed $(if $(JOBS),--jobs $(JOBS))

## test: set up (venv + headless Chromium for the report test), then run the test suite
test: setup browser
	$(BIN)/python -m pytest

## fixtures: build the generated PDF corpus with recorded truth (cached)
fixtures: setup
	$(BIN)/python -m tests.fixtures.builder --out $(CORPUS)

## bench: speed and memory against pdfplumber / PyMuPDF baselines on the fixture corpus
bench: fixtures
	$(BIN)/python -m bench.run --corpus $(CORPUS)

lint: setup
	$(BIN)/ruff check .

## docs: regenerate the data dictionary from schemas/
docs: setup
	$(BIN)/python -m schemas.dictionary > docs/data-dictionary.md

clean:
	rm -rf data/parsed/*.parquet data/parsed/.cache data/parsed/report.* data/parsed/discrepancies.csv .fixtures-cache

-include mk/*.mk
