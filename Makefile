# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test check coverage bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@for f in examples/*.yaml; do \
	  echo "=== $$f"; $(BIN)/mla-kb assess $$f || exit 1; echo; \
	done
	$(BIN)/mla-kb applicable --from GB --to NL --on 2024-03-01

test: $(STAMP)
	$(BIN)/ruff check mla_kb tests benchmarks
	$(BIN)/pytest -q

check: $(STAMP)
	$(BIN)/mla-kb check

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

coverage: $(STAMP)
	$(BIN)/mla-kb coverage --write docs/coverage.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
