# Two commands set everything up on a fresh machine with Python 3.11: `make book`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
MATHJAX := _offline/mathjax/tex-mml-chtml.js .node/VERSION
JB_FLAGS := --builder html -W -n --keep-going
# One BLAS thread for executing notebooks: on two shared cores it is the faster setting for the
# small products of the chapters, and it fixes the order of floating-point sums.
NB_ENV := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
# The second nbval pass: other BLAS kernels (Prescott's: SSE3, no FMA, other blocking, safe on
# every x86-64 CPU), two threads, and numpy's own SIMD loops held to their baseline. Every stored
# output and assert must hold under both.
NB_OTHER_ENV := OPENBLAS_CORETYPE=Prescott OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 \
  NPY_DISABLE_CPU_FEATURES="AVX2 FMA3 AVX512F"
NBVAL := $(BIN)/python -m pytest -q --nbval --nbval-current-env \
  --nbval-sanitize-with tests/nbval_sanitize.cfg book

.PHONY: book test unit nbval nbval-other experiments experiments-check browser lint lab bench \
	bench-quick notebooks lock clean help pdf pdf-check
.DEFAULT_GOAL := help

help:
	@echo "make book       build the HTML book into _build/html (creates .venv on first run)"
	@echo "make test       lint, unit tests, nbval twice (two BLAS settings), chapter 5's verdicts,"
	@echo "                book build, browser tests"
	@echo "make lab        JupyterLab on the book, with live widgets"
	@echo "make bench      every performance figure against its target, also into bench/latest.txt (~13 min)"
	@echo "make bench-quick  BPTT against PyTorch (when importable), memory, the live explorer"
	@echo "make notebooks  re-execute every chapter in a fresh kernel and store the outputs"
	@echo "make experiments  chapter 5's seeded runs into book/data/long_range.json (~15 min)"
	@echo "make lock       rewrite constraints.txt from the venv (after changing a requirement)"
	@echo "make pdf        the whole book as one PDF, _build/pdf/learning-through-time.pdf (~3 min;"
	@echo "                needs chromium, fonts-noto-cjk, poppler-utils: .ci/run installs them)"
	@echo "make pdf-check  check that PDF with pdftotext (pages, chapters, math, Chinese, figures)"

# The venv: pinned requirements plus rnnlib in editable mode; rebuilt when a pin changes.
# uv (from PyPI, into the venv) installs the same pins as pip would, downloading in parallel:
# 27 s instead of 136 s on a 2-core machine.
UV := uv==0.13.9
$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(UV)
	$(BIN)/uv pip install --quiet --python $(BIN)/python \
	  -r requirements.txt -r requirements-dev.txt -c constraints.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

$(MATHJAX): tools/fetch_mathjax.sh tools/typeset/package.json tools/typeset/package-lock.json
	./tools/fetch_mathjax.sh

# tools/postbuild.py typesets the math of the built pages in place and leaves a page it has typeset
# alone: when the typesetting changes, every page is written anew.
book: $(STAMP) $(MATHJAX)
	if [ ! -f _build/html/.typeset ] || [ tools/typeset/typeset_math.js -nt _build/html/.typeset ]; \
	  then rm -rf _build/html; fi
	$(BIN)/jupyter-book build $(JB_FLAGS) .
	$(BIN)/python tools/postbuild.py _build/html
	touch _build/html/.typeset
	@echo "The book is at $(CURDIR)/_build/html/index.html"

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests --ignore=tests/browser

nbval: $(STAMP)
	$(NB_ENV) $(NBVAL)

nbval-other: $(STAMP)
	$(NB_OTHER_ENV) $(NBVAL)

browser: $(STAMP)
	$(BIN)/python -m pytest -q tests/browser

test: lint unit nbval nbval-other experiments-check book browser

# jupyter/ holds the book's JupyterLab settings (a quicker round trip for the live views); the
# reader's own settings still apply.
lab: $(STAMP)
	JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} \
	  $(BIN)/jupyter lab book

# The performance figures (BENCHMARKS.md says what each measures and its target). make bench
# writes them to bench/latest.txt as well as to the terminal, headed by the date and the machine.
# BENCH_PYTHON may be another interpreter with rnnlib and torch==2.13.0 installed, to compare
# with PyTorch; BENCH_THREADS BLAS threads each.
BENCH_PYTHON  ?= $(BIN)/python
BENCH_THREADS ?= 1
BENCH_OUT     := bench/latest.txt
bench-quick bench: SHELL := /bin/bash
bench-quick bench: .SHELLFLAGS := -o pipefail -c

bench-quick: $(STAMP)
	mkdir -p $(dir $(BENCH_OUT))
	echo "# make $(MAKECMDGOALS), $$(date -u '+%Y-%m-%d %H:%M UTC'), $$(nproc) cores:$$(grep -m1 \
	  'model name' /proc/cpuinfo | cut -d: -f2), BLAS threads $(BENCH_THREADS)" | tee $(BENCH_OUT)
	OPENBLAS_NUM_THREADS=$(BENCH_THREADS) OMP_NUM_THREADS=$(BENCH_THREADS) \
	  $(BENCH_PYTHON) tools/bench.py 2>&1 | tee -a $(BENCH_OUT)
	$(BIN)/python tools/bench_live.py 2>&1 | tee -a $(BENCH_OUT)

bench: bench-quick
	$(BIN)/python tools/bench.py --budgets --fresh 2>&1 | tee -a $(BENCH_OUT)

# Chapter 5's experiment (every model, lag and seed), stored with its provenance; the check
# re-runs a few seeds of configurations with one verdict at every seed and compares verdicts.
experiments: $(STAMP)
	$(BIN)/python tools/experiments.py

experiments-check: $(STAMP)
	$(BIN)/python tools/experiments.py --check

notebooks: $(STAMP)
	$(NB_ENV) $(BIN)/python tools/execute_notebooks.py

lock: $(STAMP)
	( echo "# Every package of the venv at the versions verified together (pip check clean, make test green)."; \
	  echo "# Regenerate with \`make lock\` after changing requirements*.txt, then run make test."; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v -e '^rnnlib' -e '^uv==' ) \
	  > constraints.txt

# The PDF edition: a single-page build printed by chromium (tools/pdf.py); not part of make test.
pdf: $(STAMP) $(MATHJAX)
	$(BIN)/python tools/pdf.py

pdf-check: $(STAMP)
	$(BIN)/python tools/pdf.py --check

clean:
	rm -rf _build
