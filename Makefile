# Two commands on a fresh machine (only Python 3.11 and make needed):
#   make figures   build the corpus, execute every notebook in place, write figures/
#   make test      unit tests + strict nbval over notebooks/
#   make report CORPUS=my_articles.csv [LEXICON=my_lexicon/] OUT=report/
#                  the notebooks executed on another corpus into OUT/ (notebooks/ and figures/ untouched)
# Both create .venv and install the exact versions in requirements.lock first.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.bingkai-installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
# Notebooks run with progress bars off and a fixed hash seed: outputs must be byte-stable.
export BINGKAI_PROGRESS := 0
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

.PHONY: setup corpus figures test lab bench report clean-venv

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name bingkai --display-name "Python (bingkai)" >/dev/null
	@touch $@

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

test: $(STAMP)
	$(BIN)/python -m pytest tests $(if $(NOTEBOOKS),--nbval --nbval-current-env $(NOTEBOOKS))

# --allow-root only when run as root (containers, CI machines): Jupyter refuses otherwise.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# CORPUS: a built corpus folder or a CSV/JSONL of articles; COLUMNS: e.g. "text=body outlet=site".
report: $(STAMP)
	@test -n "$(CORPUS)" -a -n "$(OUT)" || { echo "usage: make report CORPUS=... [LEXICON=...] OUT=..."; exit 2; }
	$(BIN)/bingkai report "$(CORPUS)" --out "$(OUT)" $(if $(LEXICON),--lexicon "$(LEXICON)") \
	  $(foreach c,$(COLUMNS),--column $(c)) $(if $(FORCE),--force)

bench: $(STAMP)
	$(BIN)/python -m benchmarks
