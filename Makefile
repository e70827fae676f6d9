# prikaz — the two commands a newcomer runs: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3
# Debian packages are checked by the tool they provide and installed only when missing:
# readers: tesseract-ocr tesseract-ocr-rus tesseract-ocr-osd libreoffice-writer-nogui poppler-utils fonts-liberation2
# fixtures (hyphenated PDF renderings): hyphen-ru
# tests (review page in a real browser): chromium fonts-dejavu-core

.PHONY: run test setup system system-test lint format bench clean

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
define apt_install
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

system:
	@missing=""; \
	command -v tesseract >/dev/null || missing="$$missing tesseract-ocr"; \
	(tesseract --list-langs 2>/dev/null | grep -qx rus) || missing="$$missing tesseract-ocr-rus"; \
	(tesseract --list-langs 2>/dev/null | grep -qx osd) || missing="$$missing tesseract-ocr-osd"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	[ -d /usr/share/fonts/truetype/liberation2 ] || missing="$$missing fonts-liberation2"; \
	[ -f /usr/share/hyphen/hyph_ru_RU.dic ] || missing="$$missing hyphen-ru"; \
	$(apt_install)

system-test: system
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	[ -d /usr/share/fonts/truetype/dejavu ] || missing="$$missing fonts-dejavu-core"; \
	$(apt_install)

setup: system $(VENV)/.installed

run: system $(VENV)/.installed
	$(VENV)/bin/prikaz run data/raw --out data/parquet

test: system-test $(VENV)/.installed-dev
	$(VENV)/bin/pytest -q

# ruff (style, lazy imports need a reason), import-linter (layers, see pyproject), mypy (types).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.installed-dev
	$(PY) benchmarks/bench_seeds.py

clean:
	rm -rf data/parquet/*/ data/parquet/_commits .pytest_cache
