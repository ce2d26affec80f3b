# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: run test install install-test chromium kaggle-clients migrate seed serve clean

run: install migrate seed serve

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.txt requirements/production.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements/production.txt
	touch $@

$(VENV)/.installed-test: requirements/base.txt requirements/production.txt requirements/test.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements/test.txt
	touch $@ $(VENV)/.installed-base

migrate: install
	$(PY) manage.py migrate --noinput

seed: install
	$(PY) manage.py seed_demo

serve:
	./scripts/serve.sh

# Browser tests drive Debian's Chromium (never a downloaded browser build).
chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

# The official kaggle CLI, unmodified, each version in its own virtualenv (their pins clash with ours).
kaggle-clients: .venv-kaggle2/.installed .venv-kaggle16/.installed

.venv-kaggle2/.installed:
	$(PYTHON) -m venv .venv-kaggle2
	.venv-kaggle2/bin/pip install -q --disable-pip-version-check kaggle==2.2.5 six==1.17.0
	touch $@

.venv-kaggle16/.installed:
	$(PYTHON) -m venv .venv-kaggle16
	.venv-kaggle16/bin/pip install -q --disable-pip-version-check kaggle==1.6.17
	touch $@

test: install-test chromium kaggle-clients
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf var
