"""bingkai: how Indonesian news outlets frame the same actors.

The public API is small and flat; every name below is importable as
``bingkai.<name>``. Submodules are imported lazily on first use, so
``import bingkai`` is cheap (pandas, scikit-learn and Sastrawi load only
when a function that needs them is called).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_API: dict[str, str] = {
    # corpus: seeds + sources.csv -> cleaned articles
    "build_seed_corpus": "io.seed",
    "load_corpus": "io.seed",
    "BingkaiInputError": "errors",
    # reading a researcher's own scraped articles, with its audit (issue 11)
    "read_articles": "io.reading",
    "removed": "io.reading",
    "read_summary": "io.reading",
    "learned_boilerplate": "io.reading",
    "parse_dates": "io.dates",
    # the corpus index: tokenise once, every view reads it
    "index": "indexing.build",
    "Corpus": "indexing.corpus",
    # text pipeline
    "normalize": "text.normalize",
    "tokenize": "text.tokens",
    "sentences": "text.sentences",
    "tokens": "views.tokens",
    "stopwords": "text.stopwords",
    "is_stopword": "text.stopwords",
    "stem": "text.stemming",
    "Stemmer": "text.stemming",
    "Analyzer": "text.analyzer",
    "terms": "views.terms",
    # framing
    "load_labels": "lexicon.packs",
    "load_actors": "lexicon.packs",
    "label_occurrences": "views.framing",
    "label_rates": "views.framing",
    "actor_labels": "views.framing",
    # lexicons as the researcher's instrument (issue 12): packs, senses,
    # speakers, measured precision
    "Lexicon": "lexicon.packs",
    "load_lexicon": "lexicon.packs",
    "sample_for_coding": "views.coding",
    "coding_agreement": "views.coding",
    # corpus-linguistics views
    "kwic": "views.kwic",
    "keyness": "views.keyness",
    "collocates": "views.collocates",
    "tfidf": "views.tfidf",
    "similarity": "views.similarity",
    "same_story": "views.similarity",
    "fit_tfidf": "views.tfidf",
    # notebooks any researcher can re-run (issue 13): time dimension, group
    # similarity, computed findings, rich displays, the report command
    "label_timeline": "views.timeline",
    "similarity_by_group": "views.similarity",
    "corpus_summary": "indexing.summary",
    "write_report": "report.notebooks",
    # text reuse (issue 10): shared passages between articles, containment both ways
    "text_reuse": "views.reuse",
    # corpus-linguistic depth (issue 14): dispersion, n-grams and clusters,
    # Fightin' Words, the CQL query language
    "dispersion": "views.dispersion",
    "ngrams": "views.ngrams",
    "clusters": "views.ngrams",
    "log_odds": "views.log_odds",
    "query": "views.query",
}

# No submodule may share a public name: importing a submodule binds it as a
# package attribute, which would shadow the public function of the same name
# (``bingkai.stem`` the module instead of ``bingkai.stem`` the function).
# tests/test_api.py checks this.

# Modules that are public as ``bingkai.<name>``: figures (plots), findings (the
# notebooks' computed Markdown), stats (counts in, frame out) -> where they live.
_MODULES = {"figures": "report.figures", "findings": "report.findings", "stats": "stats"}

__all__ = sorted(_API) + sorted(_MODULES) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f".{_MODULES[name]}", __name__)
    try:
        module = _API[name]
    except KeyError:
        raise AttributeError(f"module 'bingkai' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # cache: the next lookup skips __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
