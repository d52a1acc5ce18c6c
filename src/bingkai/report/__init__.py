"""Showing results: rich displays in Jupyter, the paper figures, the computed findings
and the notebook runner behind ``bingkai report``.

The top layer with the CLI: depends on ``views`` and below; nothing depends on it.
"""

# The notebooks' helpers as ``bingkai.report.<name>`` (``from bingkai import report``):
# opening the corpus and lexicon a report runs on, and saving its tables.
from bingkai.report.notebooks import (NOTEBOOKS, is_seed_corpus, notebooks_dir, open_corpus, open_lexicon,
                                      removal_log, save_table, seed_corpus_dir, sources_table, write_report)

__all__ = ["NOTEBOOKS", "is_seed_corpus", "notebooks_dir", "open_corpus", "open_lexicon",
           "removal_log", "save_table", "seed_corpus_dir", "sources_table", "write_report"]
