# tourplanner: `make run` and `make test` are the whole quick start; both install first when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test test-postgres lint bench browser-deps clean i18n-extract i18n-update i18n-compile

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# A local run needs a secret key; one is made once and kept in instance/ (never committed).
run: install
	@mkdir -p instance
	@test -s instance/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > instance/secret_key
	$(BIN)/tourplanner init
	TOURPLANNER_SECRET_KEY=$${TOURPLANNER_SECRET_KEY:-$$(cat instance/secret_key)} \
		TOURPLANNER_PUBLIC_URL=$${TOURPLANNER_PUBLIC_URL:-http://$(HOST):$(PORT)} \
		TOURPLANNER_TRUSTED_HOSTS=$${TOURPLANNER_TRUSTED_HOSTS:-localhost,127.0.0.1} \
		$(BIN)/tourplanner serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -q -n 2

test-postgres: install
	TOURPLANNER_TEST_DATABASE_URL=$${TOURPLANNER_TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
		$(BIN)/pytest -q -n 2 -m db

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
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) instance build dist *.egg-info

# Translations (en source strings; ru and kk catalogues). The compiled .mo files are committed so the
# wheel and a fresh clone ship them; tests/web/test_i18n.py fails when a catalogue is stale or incomplete.
I18N_DIR := tourplanner/translations
i18n-extract: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project tourplanner -o $(I18N_DIR)/messages.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel -q update -i $(I18N_DIR)/messages.pot -d $(I18N_DIR) --no-fuzzy-matching --ignore-obsolete

i18n-compile: install
	$(BIN)/pybabel compile --statistics -d $(I18N_DIR)
