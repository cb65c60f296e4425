# CivicGrid 网格治理云 — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench bench-quick schema lock clean help

help:
	@echo "make run    — the platform with the demo county (SQLite under var/, a local broker)"
	@echo "make test   — the whole suite (real RabbitMQ and PostgreSQL where installed)"
	@echo "make bench  — benchmarks beside their baselines (bench-quick: a few minutes)"
	@echo "make schema — re-export gateway/schema.graphql after changing the API"
	@echo "make lock   — re-pin constraints.txt from pyproject.toml"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m shared.devstack

test: $(STAMP)
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
	rm -rf var/db var/log
