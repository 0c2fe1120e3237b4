# One task runner for humans, hooks and CI. `make` alone lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.ONESHELL:
.SHELLFLAGS := -euo pipefail -c

VENV   := .venv
PY     := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST   := 127.0.0.1
PORT   := 8000

.PHONY: help setup run test lint format migrations-check bench lock venv venv-browser db

help: ## List the targets
	@echo "公开 Gongkai — make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sort | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[1m%-18s\033[0m %s\n", $$1, $$2}'

venv:
	@scripts/bootstrap.sh

venv-browser:
	@scripts/bootstrap.sh --browser

# Migrate the database (SQLite in var/ unless DATABASE_URL says otherwise) and load the demo
# data once. load_demo lives in another app and may not exist yet: then this step is skipped.
db: venv
	@if [ -z "$${DATABASE_URL:-}" ] && [ ! -f var/gongkai.sqlite3 ]; then rm -f var/demo-loaded; fi
	$(MANAGE) migrate --noinput -v0
	if [ ! -f var/demo-loaded ] && $(MANAGE) help load_demo >/dev/null 2>&1; then
	    echo "载入演示数据 Loading demo data…"
	    $(MANAGE) load_demo
	    touch var/demo-loaded
	fi

setup: db ## Install dependencies, migrate, load the demo data, create the demo login
	@$(MANAGE) ensure_demo_user

run: db ## Set up, then serve the demo on http://127.0.0.1:8000/
	@echo
	echo "门户 Portal:          http://$(HOST):$(PORT)/"
	echo "后台 Back office:     http://$(HOST):$(PORT)/admin/"
	$(MANAGE) ensure_demo_user
	echo
	GONGKAI_DEBUG=1 exec $(MANAGE) runserver $(HOST):$(PORT)

test: venv-browser ## Run the tests (on DATABASE_URL if set, else SQLite); ARGS="-k name" to filter
	@$(VENV)/bin/pytest $(ARGS)

lint: venv ## Check the code: ruff, the layering contract (import-linter), mypy (django-stubs)
	@$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

format: venv ## Format the code and apply safe ruff fixes
	@$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: venv ## Fail if a model change has no migration
	@$(MANAGE) makemigrations --check --dry-run

bench: venv ## Run the benchmarks in bench/ (timings go to README, never into tests)
	@shopt -s nullglob
	benches=(bench/*bench*.py)
	if [ $${#benches[@]} -eq 0 ]; then echo "No benchmarks yet (bench/*bench*.py)."; exit 0; fi
	for b in "$${benches[@]}"; do echo "== $$b"; $(PY) "$$b"; done

lock: ## Re-resolve pyproject.toml's dependencies into requirements.lock
	@scripts/lock.sh
