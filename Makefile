# Payesh: the two commands of the README, and a few helpers.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= true

.PHONY: demo test test-fast install venv migrate seed run messages bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found); try: make PYTHON=python3"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## make demo: install, migrate, seed the East Azerbaijan demo, start the server
demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Payesh is running at http://$(HOST):$(PORT)/"
	@echo "Logins: director, planner, staff, national, observer, head-<center code> (e.g. head-tbz1); password: $${DEMO_PASSWORD:-payesh-demo}"
	@echo "Stop with Ctrl+C."
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (browser tests use Debian's chromium-headless-shell), on JOBS processes (0: one)
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

## make test-fast: a change's inner loop, the suite without its slow kinds (pytest.ini's markers)
test-fast: install
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(XDIST) -m "$(FAST)" $(PYTEST_ARGS)

FAST := not browser and not fuzz and not image and not two_processes and not demo
JOBS ?= 2
XDIST := -n $(JOBS) --dist loadgroup

messages: install
	$(PY) manage.py makemessages -l fa -l en --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles artifacts .pytest_cache
