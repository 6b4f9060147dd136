# The two commands of README.md:
#   make serve   set up, build the edition (site and PDF) and serve it on http://127.0.0.1:8000
#                (--dirty: after an edit only the pages that changed are rendered again, build_tools/serve_incremental.py)
#   make test    set up and run the whole test suite
# Set-up is a virtual environment in .venv with pinned packages: `make serve` installs only what
# building and serving need (requirements-serve.lock), `make test` adds the test tools
# (requirements.lock, every package pinned). Both locks come from `make lock`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SERVE_STAMP := $(VENV)/.installed-serve
STAMP := $(VENV)/.installed
# What renders the site: mkdocs (MkDocs 1.6) or properdocs (its maintained fork), e.g.
# `ENGINE=properdocs make serve`. Both are pinned in requirements.lock; README, "Engines".
ENGINE ?= mkdocs

.PHONY: serve build test lint bench clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SERVE_STAMP): requirements-serve.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-serve.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(SERVE_STAMP)

$(STAMP): requirements.lock $(SERVE_STAMP)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

# A draft build: pending editorial work (an unlinked citation, an unattributed turn) is listed, not
# refused. `make build BUILD_FLAGS=--strict` is the publishing build (CI's lint and the Pages workflow).
build: $(SERVE_STAMP)
	EDITION_ENGINE=$(ENGINE) $(BIN)/edition build $(BUILD_FLAGS)

# `edition serve` is `mkdocs serve` with the edition's hook, rebuilding as seeds/ and docs/ change.
serve: build
	EDITION_SITE_URL=http://127.0.0.1:8000/ EDITION_ENGINE=$(ENGINE) $(BIN)/edition serve --dev-addr 127.0.0.1:8000

test: $(STAMP)
	bash tools/ensure-test-tools.sh
	$(BIN)/python -m build_tools lint --strict
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check build_tools tests bench
	$(BIN)/mypy

# Benchmarks (not part of `make test`): prints a table and writes BENCHMARKS.md. BENCH_ARGS=--quick for a short run.
bench: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m bench $(BENCH_ARGS)
	$(BIN)/python -m bench.hostile  # every pass on hostile paragraphs, against its time and memory budget

clean:
	rm -rf build site site.new site.old

lock: $(STAMP)
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v '^pip==' | sed '1i # Every package the project installs, pinned (regenerate: make lock). Installed by `make test`.' > requirements.lock
	$(BIN)/python tools/serve_lock.py
