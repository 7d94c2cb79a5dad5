# Newsdesk: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock 2>/dev/null | cut -c1-12)

.PHONY: run test lint bench lock install clean coverage rehearse

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py rundemo --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

# Branch coverage of the billing code (subscriptions' services, state machine, gateways, locks, bulk writes).
# On SQLite by default; with DATABASE_URL=postgres://... the PostgreSQL-only paths (bulk.py's UNNEST writes) run too.
BILLING_CODE := newsdesk/subscriptions/services/*,newsdesk/subscriptions/state.py,newsdesk/subscriptions/gateways/*,$\
	newsdesk/subscriptions/lock_objects.py,newsdesk/subscriptions/periods.py,newsdesk/subscriptions/bulk.py
coverage: $(STAMP)
	$(BIN)/coverage run -m pytest newsdesk/subscriptions -q
	$(BIN)/coverage report --include="$(BILLING_CODE)" --fail-under=85

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Slow benchmarks: see bench/README.md.
bench: $(STAMP)
	$(BIN)/python -m bench.article_page

# The production install of docs/deploy.md, rehearsed on loopback: see deploy/rehearse.py.
rehearse: $(STAMP)
	$(BIN)/python -m deploy.rehearse

# requirements.lock for development and CI (the dev extra), requirements-prod.lock for production servers.
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --constraint constraints.txt --extra dev --generate-hashes --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --constraint constraints.txt --generate-hashes --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements-prod.lock pyproject.toml

clean:
	rm -rf $(VENV) var
