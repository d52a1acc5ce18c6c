"""Showing results: rich displays in Jupyter, the paper figures, the computed findings
and the notebook runner behind ``bingkai report``.

The top layer with the CLI: depends on ``views`` and below; nothing depends on it.
"""

# The notebooks' helpers as ``bingkai.report.<name>`` (``from bingkai import report``):
# opening the corpus and lexicon a report runs on, and saving its tables.
# ``grouping``/``missing``/``say``: a cell that cannot show something on this corpus
# (one outlet, no label, no period, no focus actor) says so in one sentence and goes on.
from bingkai.report.notebooks import (NOTEBOOKS, grouping, is_seed_corpus, missing, notebooks_dir, notes,
                                      open_corpus, open_lexicon, removal_log, save_table, say,
                                      seed_corpus_dir, sources_table, write_report)

__all__ = ["NOTEBOOKS", "grouping", "is_seed_corpus", "missing", "notebooks_dir", "notes", "open_corpus",
           "open_lexicon", "removal_log", "save_table", "say", "seed_corpus_dir", "sources_table", "write_report"]

# the one display mechanism: importing bingkai.report registers the ``bingkai`` DataFrame
# accessor (``frame.bingkai.html()``, ``frame.bingkai.show(interactive=...)``)
from bingkai.report import display  # noqa: E402,F401  (registers the accessor)
