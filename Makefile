# ansinh: `make demo` runs the system, `make test` runs the whole suite.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/.venv
UV := .tools/bin/uv
PY := .venv/bin/python
ANSINH := .venv/bin/ansinh
PG_URL ?= postgres://postgres@127.0.0.1:5432/ansinh
DEMO_PROVINCE ?= 11
DEMO_PERSONS ?= 20000

.PHONY: env demo serve test test-sqlite test-postgres check lint format typecheck migrations-check bench messages clean

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv>=0.5"

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen
	touch $@

env: .venv/.synced

demo: env
	mkdir -p var
	$(ANSINH) migrate --no-input
	$(ANSINH) load-units
	$(ANSINH) demo-setup --province $(DEMO_PROVINCE) --persons $(DEMO_PERSONS)
	$(ANSINH) serve --host 127.0.0.1 --port 8000

serve: env
	$(ANSINH) serve --host 127.0.0.1 --port 8000

test: test-sqlite test-postgres

# The browser test drives Debian's Chromium; install it when missing (root on this kind of machine).
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else echo "Install Chromium: sudo apt-get install chromium"; exit 1; fi

# The linkage's Spark path needs Java; install it when missing (the Spark test is skipped only without it).
/usr/bin/java:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null; \
	else echo "Install Java: sudo apt-get install openjdk-17-jre-headless"; exit 1; fi

test-sqlite: env /usr/bin/chromium /usr/bin/java
	$(PY) -m pytest -q

# PostgreSQL: always in CI (ANSINH_REQUIRE_POSTGRES=1); elsewhere when one is reachable.
test-postgres: env
	@if $(PY) -m ansinh.core.pgcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(PY) -m pytest -q -m "not browser and not spark"; \
	elif [ -n "$$ANSINH_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL required but not reachable at $(PG_URL)"; exit 1; \
	else echo "PostgreSQL not reachable at $(PG_URL): skipped"; fi

lint: env
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: env
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

typecheck: env
	.venv/bin/mypy

# Models and migrations agree (no migration left unwritten).
migrations-check: env
	$(ANSINH) makemigrations --check --dry-run

# The habits CI enforces before the tests: lint, format, types, migrations.
check: lint typecheck migrations-check

# `make bench` runs every benchmark (long: millions of rows on both databases);
# `make bench BENCH=payments` runs one of: run (registry search), payments, simulation, matching, board, reports,
# load (50 officers on the production server), regimport (100 k rows of persons and households),
# linkage (record linkage: 1 M persons on DuckDB, Spark local).
BENCH ?= run payments simulation matching board reports load regimport linkage poverty
bench: env
	@set -e; for b in $(BENCH); do echo "== bench.$$b"; $(PY) -m bench.$$b; done

messages: env
	cd src/ansinh && ../../$(ANSINH) makemessages -l vi --no-obsolete && ../../$(ANSINH) compilemessages

clean:
	rm -rf .venv .tools var
