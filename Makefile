# Two commands on a fresh machine with Python 3.11+:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo test dagster corpus-report bench

$(BIN)/warehouse: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,samples]"
	touch $@

install: $(BIN)/warehouse

# Generate the project's own sample disclosures, load them into the embedded PostgreSQL, summarise.
demo: install
	$(BIN)/warehouse samples demo
	$(BIN)/warehouse load demo
	$(BIN)/warehouse status
	@echo
	@echo "The warehouse is running at: $$($(BIN)/warehouse db-url)"
	@echo "  psql \"$$($(BIN)/warehouse db-url)\" -c 'select * from mart.disclosure_facts limit 5'"
	@echo "  BI tools: host 127.0.0.1, port $${WAREHOUSE_PG_PORT:-54329}, database warehouse, user warehouse_analyst (read-only, schema mart; README: Connect a BI tool)"
	@echo "  Stop it with: $(BIN)/warehouse db-stop"

test: install
	$(BIN)/python -m pytest -q

# The platform on this machine: Dagster UI and daemon on http://127.0.0.1:3000; PDFs dropped into ./inbox
# are loaded by the sensor. Instance state under .warehouse/dagster; the embedded PostgreSQL is started
# first, so that runs starting together find it running.
dagster: install
	mkdir -p .warehouse/dagster inbox
	$(BIN)/warehouse db-url
	DAGSTER_HOME=$(CURDIR)/.warehouse/dagster $(BIN)/dagster dev -m dagster_project.definitions

# docs/corpus.md: what every real PDF of the shared corpus yields.
corpus-report: install
	$(BIN)/warehouse report ../shared/corpus/real -o docs/corpus.md

# bench/run.py: `warehouse load` of the real corpus against camelot on every page (docs/performance.md).
bench: install
	$(BIN)/python -m pip install --quiet -e ".[test,samples,bench]"
	$(BIN)/python bench/run.py ../shared/corpus/real
