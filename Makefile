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

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Debian packages: chromium (static charts, browser tests), poppler-utils (pdftoppm in the
# report tests) and PostgreSQL 15 for the second engine's test run. No font package: the PDFs
# and their charts use only the fonts shipped in survey_app/static/fonts (fontconfig, which
# chromium pulls in, brings some system font for the web pages of the browser tests).
system-deps:
	@need=""; \
	command -v chromium >/dev/null || need="$$need chromium"; \
	command -v pdftoppm >/dev/null || need="$$need poppler-utils"; \
	test -x /usr/lib/postgresql/15/bin/initdb || need="$$need postgresql-15"; \
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
	$(BIN)/gunicorn -c python:survey_app.gunicorn_conf -b $(HOST):$(PORT) 'survey_app:create_app()'

# The whole suite on SQLite, then again on a throwaway PostgreSQL 15 cluster on 127.0.0.1
# (started and removed by scripts/with_postgres.py, also on failure). The browser tests run
# their own SQLite live server, so they run once.
test: $(STAMP) system-deps
	$(BIN)/ruff check survey_app tests scripts benchmarks
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2
	$(BIN)/python scripts/with_postgres.py -- $(BIN)/python -m pytest -q -p no:cacheprovider -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check survey_app tests scripts benchmarks
	$(BIN)/ruff format --check survey_app tests scripts benchmarks
	$(BIN)/mypy survey_app

bench: $(STAMP) system-deps
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
