# Two commands on a fresh machine (only Python 3.11 and make needed):
#   make figures   build the corpus, execute every notebook in place, write figures/
#   make test      unit tests + strict nbval over notebooks/
#   make report CORPUS=my_articles.csv [LEXICON=my_lexicon/] [FORMATS=png] OUT=report/
#                  (CORPUS="day1.csv day2.csv", a folder or a quoted glob "scrape/*.csv": one corpus)
#                  the notebooks executed on another corpus into OUT/ (notebooks/ and figures/ untouched)
# Both create .venv and install the exact versions in requirements.lock first.
#   make lab PORT=8890 LAB_ARGS="--no-browser --IdentityProvider.token=secret"
#                  JupyterLab on another port, headless, with a fixed token
# After setup: source .venv/bin/activate puts bingkai and jupyter on PATH.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.bingkai-installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
# Notebooks run with progress bars off and a fixed hash seed: outputs must be byte-stable.
export BINGKAI_PROGRESS := 0
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
# Python's default, even where the environment sets PYTHONDONTWRITEBYTECODE: compiled
# bytecode is cached (in .venv/ and __pycache__/, both git-ignored). Without the cache every
# test worker, kernel and subprocess compiles bingkai again, and pytest redoes its assertion
# rewriting of the test files and of its plugins (all of hypothesis): in a fresh clone, 3 s
# more before the first test runs (measured: 9.6-10.8 s -> 6.9-7.3 s).
export PYTHONDONTWRITEBYTECODE :=
# make lab: port and extra JupyterLab options. Without a display (a server,
# a container) JupyterLab cannot open a browser: it only prints the URL.
PORT ?= 8888
# the folder JupyterLab opens (the browser test opens a copy, so nothing it runs writes here)
LAB_DIR ?= notebooks
LAB_ARGS ?= $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY),$(filter Darwin,$(shell uname -s))),,--no-browser)
# make test: independent test files in parallel (pytest-xdist). --dist loadfile
# keeps each file -- and so each notebook, whose cells share one kernel and
# must run in order -- on one worker; nbval stays strict (every output compared).
TEST_JOBS ?= 2

.PHONY: setup corpus figures test test-slow lab bench report clean-venv precision

setup: $(STAMP)
	@echo "to use the bingkai command and Jupyter: source $(VENV)/bin/activate   (or run $(BIN)/bingkai ...)"

# requirements.lock is the whole environment, every transitive pin included, so nothing
# is resolved again: uv installs it exactly (seconds; uv is pinned in the lock and fetched
# from the same index as pip), pip --no-deps where uv cannot be had (minutes), then pip
# check proves the pins consistent.
$(STAMP): requirements.lock pyproject.toml
	@echo "setup 1/4: virtual environment $(VENV) ($(PYTHON))"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "setup 2/4: exactly the versions in requirements.lock, nothing resolved again"
	@if $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps "$$(grep -E '^uv==' requirements.lock | cut -d' ' -f1)" \
	    && $(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock; then \
	  echo "  installed with uv"; \
	else \
	  echo "  uv not available: pip installs the lock instead (a few minutes)"; \
	  $(BIN)/python -m pip install --disable-pip-version-check --no-deps -r requirements.lock || exit 1; \
	fi
	@$(BIN)/python -m pip check --disable-pip-version-check
	@echo "setup 3/4: bingkai itself (editable, from src/)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@echo "setup 4/4: the Jupyter kernel \"Python (bingkai)\""
	@$(BIN)/python -m ipykernel install --sys-prefix --name bingkai --display-name "Python (bingkai)" >/dev/null
	@touch $@
	@echo "setup done"

corpus: $(STAMP)
	$(BIN)/bingkai corpus build

figures: corpus
	@for nb in $(NOTEBOOKS); do \
	  echo "executing $$nb"; \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.kernel_name=bingkai \
	    --ExecutePreprocessor.record_timing=False \
	    --ExecutePreprocessor.timeout=600 "$$nb" || exit 1; \
	done

# -m "not bench": the few long checks that no issue requires in CI (marked bench in
# pyproject.toml; README "Tests") run in make bench (make test-slow), keeping make test near 60 s.
test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile --no-loadscope-reorder -m "not bench" tests $(if $(NOTEBOOKS),--nbval --nbval-current-env $(NOTEBOOKS))

test-slow: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile -m bench tests

# --allow-root only when run as root (containers, CI machines): Jupyter refuses otherwise.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=$(LAB_DIR) --port=$(PORT) $(LAB_ARGS) $(if $(filter 0,$(shell id -u)),--allow-root)

# CORPUS: a built corpus folder or a CSV/JSONL of articles; COLUMNS: e.g. "text=body outlet=site".
report: $(STAMP)
	@test -n "$(CORPUS)" -a -n "$(OUT)" || { echo "usage: make report CORPUS=... [LEXICON=...] OUT=..."; exit 2; }
	$(BIN)/bingkai report $(foreach c,$(CORPUS),"$(c)") --out "$(OUT)" $(if $(LEXICON),--lexicon "$(LEXICON)") \
	  $(foreach c,$(COLUMNS),--column $(c)) $(if $(FORMATS),--formats $(FORMATS)) $(if $(FORCE),--force)

# the package's bytecode is compiled first, as an installed package's is: with
# PYTHONDONTWRITEBYTECODE set, every fresh process would otherwise recompile the
# modules it imports and charge it to the first call it measures
bench: test-slow
	$(BIN)/python -m compileall -q src benchmarks
	$(BIN)/python -m benchmarks

# the five precision measures of issue 21 on the hand-coded devcorpus gold (gold/README.md):
# prints the table, writes gold/precision.md and each pack's precision.csv (needs ../shared)
precision: $(STAMP)
	$(BIN)/python gold/precision.py --packs
