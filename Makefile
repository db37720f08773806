# Assembly Ledger: one entry point for running, testing and locking.
#
# Every target that runs project code depends on the virtualenv stamp, so a fresh clone needs
# nothing but Python 3.11 and GNU make: `make test` (or `make run`) creates .venv and installs
# the project with its dev tools, constrained by requirements.lock.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

VENV := .venv
VENV_PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements.lock

# pip itself is pinned here (pip freeze leaves it out of the lock).
PIP_VERSION := 25.3

# The interpreter that creates virtualenvs: python3.11, else python3 if that is 3.11.
# Override with `make PYTHON=/path/to/python3.11 ...`. Evaluated only when a recipe needs it.
PYTHON ?= $(shell for c in python3.11 python3; do \
	if command -v "$$c" >/dev/null 2>&1 && \
	   "$$c" -c 'import sys; raise SystemExit(sys.version_info[:2] != (3, 11))' >/dev/null 2>&1; \
	then command -v "$$c"; break; fi; done)

.PHONY: help venv run test lint fmt bench lock clean distclean

help: ## List the targets
	@echo "Assembly Ledger - make targets:"
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-10s %s\n", $$1, $$2}'

# --- virtualenv ------------------------------------------------------------------------------

$(VENV_PY):
	@test -n "$(PYTHON)" || { \
		echo "error: Python 3.11 is required (no python3.11, and python3 is not 3.11)." >&2; \
		echo "       Install it or run: make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)" >&2; \
		exit 1; }
	$(PYTHON) -m venv --clear $(VENV)

$(STAMP): pyproject.toml $(LOCK) | $(VENV_PY)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --upgrade 'pip==$(PIP_VERSION)'
	$(VENV_PY) -m pip install --disable-pip-version-check -c $(LOCK) -e '.[dev]'
	@touch $@

venv: $(STAMP) ## Create .venv and install the project with dev tools (from requirements.lock)

# --- running ---------------------------------------------------------------------------------

run: $(STAMP) ## Run the whole stack locally (Temporal dev server, sample data, worker, projections, API)
	$(VENV_PY) -m deploy.devstack

bench: $(STAMP) ## Run the benchmarks (python -m bench)
	$(VENV_PY) -m bench

# --- quality ---------------------------------------------------------------------------------

lint: $(STAMP) ## ruff check, ruff format --check, mypy (strict) and import-linter contracts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# pytest exits 5 when it collects no test; that is reported, not treated as a failure.
test: $(STAMP) ## make lint, then the whole pytest suite
	$(MAKE) --no-print-directory lint
	@rc=0; $(VENV_PY) -m pytest || rc=$$?; \
	if [ "$$rc" -eq 5 ]; then echo "make test: pytest collected no tests" >&2; rc=0; fi; \
	exit "$$rc"

fmt: $(STAMP) ## Format and auto-fix (ruff format, ruff check --fix)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# --- dependencies ----------------------------------------------------------------------------

# Resolves .[dev] from pyproject.toml in a scratch virtualenv and freezes every installed
# distribution (the project itself excluded) into requirements.lock.
lock: ## Regenerate requirements.lock from pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 is required" >&2; exit 1; }
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	echo "Resolving .[dev] in $$tmp/venv ..."; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
		--upgrade 'pip==$(PIP_VERSION)'; \
	"$$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]'; \
	{ \
		echo "# requirements.lock - every distribution that .[dev] of pyproject.toml resolves to,"; \
		echo "# pinned, for Python 3.11 on Linux. Used as a constraints file:"; \
		echo "#     pip install -c requirements.lock -e '.[dev]'"; \
		echo "# Do not edit by hand. Regenerate after changing pyproject.toml with: make lock"; \
		echo "# (pip itself is pinned by PIP_VERSION in the Makefile.)"; \
		"$$tmp/venv/bin/python" -m pip freeze --disable-pip-version-check --exclude-editable \
			| grep -viE '^(assembly-ledger|assembly_ledger)(==| @)'; \
	} > $(LOCK).tmp; \
	mv $(LOCK).tmp $(LOCK); \
	echo "Wrote $(LOCK) ($$(grep -c '==' $(LOCK)) pins)."

# --- cleaning --------------------------------------------------------------------------------

clean: ## Remove the local data directory (event store, views, Temporal state)
	rm -rf -- data

distclean: clean ## clean, and remove .venv too
	rm -rf -- $(VENV)
