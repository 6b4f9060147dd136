# The two commands of README.md:
#   make serve   set up, build the edition (site and PDF) and serve it on http://127.0.0.1:8000
#                (--dirty: after an edit only the pages that changed are rendered again, build_tools/serve_incremental.py)
#   make test    set up and run the whole test suite
# Set-up is a virtual environment in .venv with the pinned packages of requirements.lock.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test lint bench clean lock

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# A draft build: pending editorial work (an unlinked citation, an unattributed turn) is listed, not
# refused. `make build BUILD_FLAGS=--strict` is the publishing build (CI's lint and the Pages workflow).
build: $(STAMP)
	$(BIN)/python -m build_tools build $(BUILD_FLAGS)

serve: build
	@echo "serving the edition at http://127.0.0.1:8000/ (Ctrl-C stops)"
	EDITION_SITE_URL=http://127.0.0.1:8000/ NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

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
	$(BIN)/python -m pip freeze --exclude-editable | sed '1i # Every package the project installs, pinned (regenerate: make lock). Installed by `make`.' > requirements.lock
