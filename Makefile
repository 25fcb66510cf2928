# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint format eval run clean migration bench

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/pytest

# Polls Telegram when TELEGRAM_BOT_TOKEN is set (environment or .env); else the console, seeds loaded.
run: $(STAMP)
	$(BIN)/newsroom-bot db upgrade
	$(BIN)/newsroom-bot run

# Scores the extractor against ../shared/eval when it is present (see scripts/eval.py).
eval: $(STAMP)
	$(BIN)/python scripts/eval.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# A new migration from the models' changes: make migration m="add a column for X"
migration: $(STAMP)
	$(BIN)/python -c "import sys, tempfile; from storage.db import make_engine; from storage import migrate; e = make_engine(f'sqlite:///{tempfile.mkdtemp()}/scratch.db'); migrate.upgrade(e); migrate.new_revision(e, sys.argv[1])" "$(m)"

# The benchmarks of issue 6, one table at the end (about 7 minutes on 2 cores):
# make bench ARGS="--articles 10000" for a quick try.
bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)
