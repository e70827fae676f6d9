# prikaz — the two commands a newcomer runs: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3
# Debian packages the readers and the review-page test need (checked, installed when missing).
DEB_PACKAGES := tesseract-ocr tesseract-ocr-rus libreoffice-writer-nogui poppler-utils

.PHONY: run test setup system lint format bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/bin/activate pyproject.toml
	$(PIP) install -q -e '.[dev]'
	touch $(VENV)/.installed $@

# System packages: installed with apt-get only when a tool is missing (root, or sudo).
system:
	@missing=""; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	(tesseract --list-langs 2>/dev/null | grep -qx rus) || missing="$$missing tesseract-ocr-rus"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

setup: system $(VENV)/.installed

run: system $(VENV)/.installed
	$(VENV)/bin/prikaz run data/raw --out data/parquet

test: system $(VENV)/.installed-dev
	$(VENV)/bin/pytest -q

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.installed-dev
	$(PY) benchmarks/bench_seeds.py

clean:
	rm -rf data/parquet/*/ data/parquet/_commits .pytest_cache
