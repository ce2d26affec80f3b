# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: s3-emulator run dev test baselines install install-test install-ml chromium kaggle-clients migrate seed serve clean

# `make run` is a small real deployment (DEBUG off, its own 404/500 pages, a secret key generated once into
# var/secret_key); `make dev` is the same with Django's debug pages and static files re-read on every request.
run: install migrate seed serve

dev: export DJANGO_DEBUG := 1
dev: run

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test
install-ml: $(VENV)/.installed-ml

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.txt requirements/production.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements/production.txt
	touch $@

$(VENV)/.installed-test: requirements/base.txt requirements/production.txt requirements/test.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements/test.txt
	touch $@ $(VENV)/.installed-base

# torch and the trainers (several GB; pip takes torch/torchvision from this machine's disk). Only the baselines
# and their smoke tests need it, never the web or the worker.
$(VENV)/.installed-ml: requirements/base.txt requirements/ml.txt | $(VENV)/bin/python
	$(PIP) install -q -r requirements/ml.txt
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput

# The bootcamp's three reference competitions arrive as bundles that the baselines package generates (once: small,
# seed 0); the platform loads them like any bundle and takes the trivial rows as ordinary baseline uploads.
BUNDLES := var/demo_bundles
seed: install $(BUNDLES)/.generated
	$(PY) manage.py seed_demo --bundles $(BUNDLES)
	$(PY) -m baselines.seed_client trivial --bundles $(BUNDLES)

$(BUNDLES)/.generated: | $(VENV)/.installed-base
	$(PY) -m baselines.demo_data --out $(BUNDLES) --seed 0
	touch $@

serve:
	./scripts/serve.sh

# Browser tests drive Debian's Chromium (never a downloaded browser build).
# fonts-noto-cjk: without a Hangul face, Korean pages (and their screenshots in docs/) show empty boxes.
chromium:
	@{ command -v chromium >/dev/null && fc-list :lang=ko family 2>/dev/null | grep -q .; } || { \
	  echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; fi; }

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

test: install-test install-ml chromium kaggle-clients s3-emulator
	$(PY) -m pytest $(PYTEST_ARGS)

# moto's S3 API server for the storage tests (pinned, hash-checked, a virtualenv of its own; tests/storage/s3.py
# starts it on loopback unless PODIUM_TEST_S3_ENDPOINT names one). .ci/run installs the same one.
s3-emulator: var/ci/moto-venv/bin/moto_server
var/ci/moto-venv/bin/moto_server: requirements/ci-s3.txt
	$(PYTHON) -m venv var/ci/moto-venv
	var/ci/moto-venv/bin/pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements/ci-s3.txt
	touch $@

# The three trained baselines on the demo data, on the CPU (or CUDA when present), submitted to the local server
# as marked baseline rows. Start `make run` in another terminal first.
PODIUM_URL ?= http://127.0.0.1:8000
baselines: install-ml
	@curl -fsS -o /dev/null "$(PODIUM_URL)/api/v1/competitions/" || { \
	  echo "No Podium server at $(PODIUM_URL): start 'make run' in another terminal first."; exit 1; }
	key=$$($(PY) -m baselines.seed_client reference-key) && export PODIUM_API_KEY="$$key" PODIUM_URL="$(PODIUM_URL)" && \
	$(PY) -m baselines.cv train --data-dir $(BUNDLES)/document-type-classification --out-dir var/baselines/cv --submit && \
	$(PY) -m baselines.nlp train --data-dir $(BUNDLES)/dialogue-summarization --out-dir var/baselines/nlp --submit && \
	$(PY) -m baselines.ir run --data-dir $(BUNDLES)/science-retrieval --out-dir var/baselines/ir --submit

clean:
	rm -rf var
