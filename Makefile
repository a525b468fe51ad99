# hytemart: `make run` builds and publishes the mart from raw/, `make test` runs the tests.
# Both create the virtual environment from the lock file when it is missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
WAREHOUSE := $(or $(HYTEMART_WAREHOUSE_DIR),$(CURDIR)/warehouse)
# Dagster's run history and logs live with the warehouse they describe.
export DAGSTER_HOME := $(abspath $(WAREHOUSE))/dagster_home

.PHONY: install run test ui lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --compile-bytecode requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

run: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster job execute -m pipelines.definitions -j build_hytemart
	$(BIN)/dagster job execute -m pipelines.definitions -j export_hytemart

test: install
	$(BIN)/python -m pytest

ui: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/build_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) warehouse
