# tourplanner: `make run` and `make test` are the whole quick start; both install first when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test test-postgres lint bench browser-deps clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/tourplanner init
	$(BIN)/tourplanner serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -q -n 2

test-postgres: install
	TOURPLANNER_TEST_DATABASE_URL=$${TOURPLANNER_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
		$(BIN)/pytest -q -n 2 -m postgres_suite

lint: install
	$(BIN)/ruff check tourplanner tests bench
	$(BIN)/mypy

# Debian's chromium and chromedriver for the browser tests (root; used by .ci/run).
browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/toptw.py
	$(BIN)/python bench/planning.py
	$(BIN)/python bench/maps.py

clean:
	rm -rf $(VENV) instance build dist *.egg-info
