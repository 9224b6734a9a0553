# One command each: `make run` (install, load the demo, serve) and `make test` (install, every check, every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run serve demo test check lint typecheck imports unit bench bench-tiny format clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  (echo "Baton needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" && exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

run: install
	$(BIN)/baton demo
	$(BIN)/baton serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/baton serve --host $(HOST) --port $(PORT)

demo: install
	$(BIN)/baton demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

imports: install
	$(BIN)/lint-imports

check: lint typecheck imports

test: check
	$(BIN)/pytest

unit: install
	$(BIN)/pytest tests/unit

# Each benchmark prints its figures beside baselines measured in the same run (about 12 minutes).
bench: install
	$(BIN)/python -m bench.ingest --rotate 50
	$(BIN)/python -m bench.projections
	$(BIN)/python -m bench.packets --stores sqlite,postgres
	$(BIN)/python -m bench.audit

# Every stage of every benchmark at a very small size, on both stores (seconds; `make test` runs
# the same through tests/e2e/test_benchmarks.py). A check that they run, not a measurement.
bench-tiny: install
	$(BIN)/python -m bench.ingest --tiny
	$(BIN)/python -m bench.projections --tiny
	$(BIN)/python -m bench.packets --tiny
	$(BIN)/python -m bench.audit --tiny

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
