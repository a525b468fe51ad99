# hytemart: `make run` builds and publishes the mart from raw/, `make test` runs the tests.
# Both create the virtual environment from the lock file when it is missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
WAREHOUSE := $(or $(HYTEMART_WAREHOUSE_DIR),$(CURDIR)/warehouse)
# Dagster's run history and logs live with the warehouse they describe.
export DAGSTER_HOME := $(abspath $(WAREHOUSE))/dagster_home

.PHONY: install browser run test ui lint bench screenshot clean fetch fetch-bench reliability \
	postgres serve bi-install bi test-bi recover boundaries

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
# of Dagster and the code location again (two `dg launch` processes take 5 s more).
run: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m pipelines.run build_hytemart export_hytemart

# One job from the command line: `dg launch --job` is how Dagster 1.13 documents it (`dagster
# job execute` is superseded); it finds the code location in pyproject.toml's [tool.dg] table and
# runs the job in this process on $(DAGSTER_HOME)'s instance. VIRTUAL_ENV names the venv to dg.
DG_LAUNCH := VIRTUAL_ENV=$(abspath $(VENV)) $(BIN)/dg launch

# Fetch what raw/fetch.yaml lists from Sotkanet and Statistics Finland into raw/ (issue 11).
fetch: install $(DAGSTER_HOME)/dagster.yaml
	$(DG_LAUNCH) --job fetch_hytemart

# Area boundaries (raw/reference/boundaries/) again from Statistics Finland's WFS
# (HYTEMART_BOUNDARIES_WFS_URL); never part of a build.
boundaries: install
	$(BIN)/python -m pipelines.fetch.boundaries

# The wellbeing report's browser test needs Chromium: Debian's package (and a font, for legible
# screenshots), installed when missing. Never playwright's own browser download: it cannot work
# on a closed network.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; }

# The production profile's database: Debian's PostgreSQL, installed when missing (as Chromium).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends postgresql; }

# hytemart as a service (deploy/): PostgreSQL for the Dagster instance, then supervisord with the
# code server, the webserver (http://127.0.0.1:3000) and the daemon. Ctrl-C stops them all.
# HYTEMART_PG_URL=postgresql+psycopg2://... uses a PostgreSQL server of your own instead.
SERVICE_DIR := $(abspath $(WAREHOUSE))/service
serve: install postgres
	$(BIN)/python deploy/serve.py --service-dir $(SERVICE_DIR) --venv $(VENV) \
		--pg-port $(or $(HYTEMART_PG_PORT),5433) --webserver-port $(or $(HYTEMART_UI_PORT),3000)

test: install browser postgres
	$(BIN)/python -m pytest

ui: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml

# Apache Superset on the published mart (bi/): its own venv from bi/requirements.lock (it pins
# SQLAlchemy 1.4 and Flask versions the pipeline cannot share), and once, a template of
# Superset's metadata database (migrations, roles, an admin) that each Superset home copies.
BI_VENV := .venv-bi
BI_TEMPLATE := $(BI_VENV)/superset-template
bi-install: $(BI_VENV)/.installed

$(BI_VENV)/.installed: bi/requirements.lock bi/superset_config.py | install
	@test -x $(BI_VENV)/bin/python || $(PYTHON) -m venv $(BI_VENV)
	$(BIN)/uv pip sync --quiet --python $(BI_VENV)/bin/python --compile-bytecode bi/requirements.lock
	rm -rf $(BI_TEMPLATE)
	$(BI_VENV)/bin/python bi/superset_mart.py --home $(BI_TEMPLATE) init
	@touch $@

# After `make run`: Superset at http://127.0.0.1:8088 with the published mart connected
# read-only, datasets on the report views and a chart (user admin, password in
# warehouse/superset/admin_password).
BI_HOME := $(abspath $(WAREHOUSE))/superset
bi: bi-install
	@test -f $(BI_HOME)/superset.db || { mkdir -p $(BI_HOME) && cp -R $(BI_TEMPLATE)/. $(BI_HOME)/; }
	$(BI_VENV)/bin/python bi/superset_mart.py --home $(BI_HOME) \
		--published $(abspath $(WAREHOUSE))/hytemart.duckdb connect
	SUPERSET_HOME=$(BI_HOME) SUPERSET_CONFIG_PATH=$(CURDIR)/bi/superset_config.py \
		$(BI_VENV)/bin/superset run -h 127.0.0.1 -p $(or $(HYTEMART_BI_PORT),8088) --with-threads

# The BI test: Superset reads the published mart while a build publishes (bi/tests/).
test-bi: install bi-install
	$(BIN)/python -m pytest bi/tests

# The long reliability run (issue 12; make test runs a bounded part): builds killed at every
# step and fault point on a medium raw directory, two builds at once, builds out of room, and
# 1000 fuzz cases per reader. Prints its figures at the end; about 20 minutes.
reliability: install
	HYTEMART_RELIABILITY=long $(BIN)/python -m pytest tests/reliability -p no:cacheprovider -q \
		$(RELIABILITY_ARGS)

# After a crash (power cut, kill -9): complete a publication stopped between its two renames
# and remove what killed runs left (pipelines/publish/recovery.py). Builds and exports do this
# themselves when they start; this is for a warehouse BI tools read before the next run.
recover: install
	HYTEMART_WAREHOUSE_DIR=$(abspath $(WAREHOUSE)) $(BIN)/python -m pipelines.publish.recovery

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
