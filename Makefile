# The README's two commands: `make run` and `make test`. Everything else supports them.
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
DEMO_ENV := ACCORD_DEBUG=1 ACCORD_LOCAL_SECRETS=1
# Bytecode is written even where the environment turns it off (PYTHONDONTWRITEBYTECODE=1): each
# pytest process (every xdist worker, the browser run, the second database's run) otherwise
# compiles and assertion-rewrites all of accord again, ~12 s of CPU per process.
TEST_ENV := ACCORD_LOCAL_SECRETS=1 PYTHONDONTWRITEBYTECODE=

.PHONY: help setup run test test-fast lint messages totp bench axe

help:
	@echo "make run    set up and serve the demo locality at http://127.0.0.1:8000"
	@echo "make test   set up and run the whole test suite"

$(STAMP): pyproject.toml requirements.lock
	@command -v python3 >/dev/null || { echo "python3 (3.12) is needed"; exit 1; }
	python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' || \
		{ echo "Python 3.12 is needed (.python-version); found $$(python3 --version)"; exit 1; }
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --upgrade pip
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py createcachetable
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo "Serving the demo at http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

totp: setup
	@$(DEMO_ENV) $(PY) manage.py demo_totp $(WHO)

# axe-core, for the browser tests' accessibility checks: fetched into the untracked .cache/ rather
# than committed (650 KB of minified third-party code), and pinned by hash so that a damaged
# download or a changed package is noticed. Offline, the checks are skipped (saying why) rather
# than failing the whole suite; CI sets ACCORD_REQUIRE_BROWSER=1, which turns that skip into a
# failure.
AXE_VERSION := 4.14.1
AXE_SHA256 := 29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c
AXE_DIR := .cache/axe-core

axe:
	@if [ "$$(sha256sum $(AXE_DIR)/axe.min.js 2>/dev/null | cut -d' ' -f1)" != "$(AXE_SHA256)" ]; then \
		echo "Fetching axe-core $(AXE_VERSION) into $(AXE_DIR)"; \
		rm -rf $(AXE_DIR) && mkdir -p $(AXE_DIR); \
		if (cd $(AXE_DIR) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
			&& tar -xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 package/axe.min.js package/LICENSE \
			&& rm axe-core-$(AXE_VERSION).tgz); then \
			echo "$(AXE_SHA256)  $(AXE_DIR)/axe.min.js" | sha256sum --check --quiet \
				|| { echo "axe-core $(AXE_VERSION) does not match its pinned hash"; rm -rf $(AXE_DIR); exit 1; }; \
		else \
			echo "Could not fetch axe-core (is npm installed and the registry reachable?):"; \
			echo "the accessibility checks will be skipped."; rm -rf $(AXE_DIR); \
		fi; \
	fi

# The suite runs on every core (pytest-xdist: each worker has its own test database), then the
# browser tests, which drive one Chromium against a live server, on their own. PYTEST_ARGS
# narrows both runs (e.g. PYTEST_ARGS=accord/cases); a run that selects no browser test
# (pytest's status 5) is not a failure.
PYTEST_WORKERS ?= auto

test: setup axe
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)
	$(TEST_ENV) $(PY) -m pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Translations: after adding or changing a user-facing string, `make messages` updates
# locale/*/LC_MESSAGES/django.po (needs GNU gettext); translate the new entries (no empty msgstr,
# no "#, fuzzy" left) and commit both the .po and the compiled .mo files.
# accord/core/tests/test_translations.py fails while a catalogue is incomplete or out of date.
MESSAGES_IGNORE := --ignore=.venv --ignore=var --ignore=.cache --ignore=node_modules

messages: setup
	$(TEST_ENV) $(PY) manage.py makemessages --all --no-location $(MESSAGES_IGNORE)
	$(TEST_ENV) $(PY) manage.py compilemessages --ignore=.venv

# The caseload benchmark (docs/performance.md): a temporary SQLite database (or DATABASE_URL)
# seeded with synthetic cases by seed_scale, served by gunicorn on loopback, measured against a
# trivial view in the same run. Bounded in time and requests. E.g. BENCH_ARGS="--cases 10000".
bench: setup
	$(PY) bench/caseload.py $(BENCH_ARGS)
