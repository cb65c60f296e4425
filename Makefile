# CivicGrid 网格治理云 — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench bench-quick schema lock clean help dashboard dashboard-if-npm

help:
	@echo "make run    — the platform with the demo county (SQLite under var/, a local broker)"
	@echo "make test   — the whole suite (real RabbitMQ and PostgreSQL where installed)"
	@echo "make bench  — benchmarks beside their baselines (bench-quick: a few minutes)"
	@echo "make schema — re-export gateway/schema.graphql after changing the API"
	@echo "make lock   — re-pin constraints.txt from pyproject.toml"
	@echo "make dashboard — build the command dashboard (驾驶舱) served at /dashboard/ (needs npm)"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The command dashboard (驾驶舱): npm packages installed from the lock file, built by Vite into
# gateway/dashboard/dist/ (gitignored), which the gateway serves at /dashboard/. `run` and `test`
# build it when npm is installed and say so when it is not.
NPM  := $(shell command -v npm 2>/dev/null)
DASH := gateway/dashboard
DASH_SRC := $(shell find $(DASH)/src -type f 2>/dev/null) $(DASH)/index.html $(DASH)/vite.config.ts \
            $(DASH)/tsconfig.json gateway/schema.graphql

$(DASH)/node_modules/.package-lock.json: $(DASH)/package.json $(DASH)/package-lock.json
	cd $(DASH) && npm ci --no-audit --no-fund --loglevel=error

$(DASH)/dist/index.html: $(DASH)/node_modules/.package-lock.json $(DASH_SRC)
	cd $(DASH) && npm run -s build

ifeq ($(NPM),)
dashboard dashboard-if-npm:
	@echo "*** npm not found: the command dashboard (/dashboard/) is not built."
	@echo "*** Install Node.js 20+ with npm, then run 'make dashboard'; its browser tests skip until then."
	@test "$@" = dashboard-if-npm
else
dashboard dashboard-if-npm: $(DASH)/dist/index.html
endif

run: $(STAMP) dashboard-if-npm
	$(PY) -m shared.devstack

test: $(STAMP) dashboard-if-npm
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) -m bench.run

bench-quick: $(STAMP)
	$(PY) -m bench.run --quick

schema: $(STAMP)
	$(PY) -m gateway.sdl > gateway/schema.graphql

lock: $(STAMP)
	$(VENV)/bin/pip-compile -q --allow-unsafe --no-emit-index-url --no-emit-find-links --extra dev --strip-extras -o constraints.txt pyproject.toml

clean:
	rm -rf var/db var/log $(DASH)/dist
