# hytemart: `make run` builds and publishes the mart from raw/, `make test` runs the tests.
# Both create the virtual environment from the lock file when it is missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
WAREHOUSE := $(or $(HYTEMART_WAREHOUSE_DIR),$(CURDIR)/warehouse)
# Dagster's run history and logs live with the warehouse they describe.
export DAGSTER_HOME := $(abspath $(WAREHOUSE))/dagster_home

.PHONY: install browser run test ui lint bench screenshot clean fetch fetch-bench reliability

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

# Both jobs in one process (pipelines/run.py): a second `dagster job execute` paid the start
# of Dagster and the code location again.
run: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m pipelines.run build_hytemart export_hytemart

# Fetch what raw/fetch.yaml lists from Sotkanet and Statistics Finland into raw/ (issue 11).
fetch: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster job execute -m pipelines.definitions -j fetch_hytemart

# The wellbeing report's browser test needs Chromium: Debian's package (and a font, for legible
# screenshots), installed when missing. Never playwright's own browser download: it cannot work
# on a closed network.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; }

test: install browser
	$(BIN)/python -m pytest

ui: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml

# The long reliability run (issue 12; make test runs a bounded part): builds killed at every
# step and fault point on a medium raw directory, two builds at once, builds out of room, and
# 1000 fuzz cases per reader. Prints its figures at the end; about half an hour.
reliability: install
	HYTEMART_RELIABILITY=long $(BIN)/python -m pytest tests/reliability -p no:cacheprovider -q \
		$(RELIABILITY_ARGS)

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python bench/build_bench.py $(BENCH_ARGS)

fetch-bench: install
	$(BIN)/python bench/fetch_bench.py $(BENCH_ARGS)

# A full-page picture of warehouse/reports/wellbeing_KU049_en.html (after make run).
screenshot: install browser
	$(BIN)/python bench/report_screenshot.py

clean:
	rm -rf $(VENV) warehouse
