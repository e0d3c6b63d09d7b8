# `make run` and `make test` work on a fresh clone with only Python 3.11 present.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# Test processes: one per core by default; TEST_WORKERS=0 runs the suite in this process.
TEST_WORKERS ?= auto

.PHONY: run test lint audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv

$(VENV)/.run-installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[demo]'
	@touch $@

$(VENV)/.test-installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[demo,test,dev]'
	@touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/connector db upgrade
	$(BIN)/connector serve --host 127.0.0.1 --port 8000

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

audit: $(VENV)/.test-installed
	$(BIN)/pip-audit --progress-spinner off --skip-editable

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
