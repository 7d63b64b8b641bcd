# The README's two commands: `make run` and `make test`. Everything else supports them.
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
DEMO_ENV := ACCORD_DEBUG=1 ACCORD_LOCAL_SECRETS=1
TEST_ENV := ACCORD_LOCAL_SECRETS=1

.PHONY: help setup run test test-fast lint messages totp bench

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

test: setup
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: setup
	$(TEST_ENV) $(PY) manage.py makemessages --all --no-location --ignore=.venv --ignore=var
	$(TEST_ENV) $(PY) manage.py compilemessages --ignore=.venv
