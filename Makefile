# The README's two commands: `make run` and `make test`. Each sets up what it needs itself.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
FLASK := $(BIN)/flask --app survey_app
HOST ?= 127.0.0.1
PORT ?= 5000
URL := http://$(HOST):$(PORT)

.PHONY: run test lint bench system-deps clean

$(STAMP): pyproject.toml $(wildcard survey_app/translations/*/LC_MESSAGES/messages.po)
	@test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pybabel compile -d survey_app/translations  # the survey pages' catalogues (.po -> .mo)
	@touch $(STAMP)

# Debian packages: chromium (static charts, browser tests), poppler-utils (pdftoppm in the
# report tests), PostgreSQL 15 for the second engine's test run and redis-server for the
# two-node tests (the shared job queue and limits). No font package: the PDFs
# and their charts use only the fonts shipped in survey_app/static/fonts (fontconfig, which
# chromium pulls in, brings some system font for the web pages of the browser tests).
system-deps:
	@need=""; \
	command -v chromium >/dev/null || need="$$need chromium"; \
	command -v pdftoppm >/dev/null || need="$$need poppler-utils"; \
	ldconfig -p | grep -q 'libcairo\.so\.2' || need="$$need libcairo2"; \
	test -x /usr/lib/postgresql/15/bin/initdb || need="$$need postgresql-15"; \
	command -v redis-server >/dev/null || need="$$need redis-server"; \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$need"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$need >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$need -- run: sudo apt-get install$$need"; exit 1; \
	  fi; \
	fi

instance/config.py:
	@mkdir -p instance
	@python3 -c "import secrets; print('SECRET_KEY = %r' % secrets.token_hex(32))" > $@
	@echo "Wrote a new random SECRET_KEY to $@"

run: $(STAMP) system-deps instance/config.py
	$(FLASK) init-db
	$(FLASK) demo --if-empty --base-url $(URL)
	@echo ""
	@echo "  Teamwork Scorecard is starting on $(URL)"
	@echo ""
	SURVEY_HOST=$(HOST) SURVEY_PORT=$(PORT) $(BIN)/honcho -f Procfile start

# The whole suite on SQLite, then again on a throwaway PostgreSQL 15 cluster on 127.0.0.1, two
# workers there too, each on a database of its own (tests/conftest.py)
# (started and removed by scripts/with_postgres.py, also on failure). Run once, on SQLite: the
# browser tests (their own SQLite live server) and the tests marked engine_independent (PDF
# layout, headers, escaping, gunicorn's own behaviour: pyproject.toml). worksteal: a worker that
# runs out of tests takes some from the other, so one long test does not leave it idle.
PYTEST = $(BIN)/python -m pytest -q -p no:cacheprovider -n 2 --dist worksteal
test: $(STAMP) system-deps
	$(BIN)/ruff check survey_app tests scripts benchmarks
	$(PYTEST)
	$(BIN)/python scripts/with_postgres.py -- $(PYTEST) -m "not browser and not engine_independent"

lint: $(STAMP)
	$(BIN)/ruff check survey_app tests scripts benchmarks
	$(BIN)/ruff format --check survey_app tests scripts benchmarks
	$(BIN)/mypy survey_app

bench: $(STAMP) system-deps
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
