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
    "build_corpus": "corpus",
    "load_corpus": "corpus",
    "BingkaiInputError": "errors",
    # reading a researcher's own scraped articles, with its audit (issue 11)
    "read_articles": "reading",
    "removed": "reading",
    "read_summary": "reading",
    "learned_boilerplate": "reading",
    "parse_dates": "dates",
    # the corpus index: tokenise once, every view reads it
    "index": "indexing",
    "Corpus": "indexing",
    # text pipeline
    "normalize": "text",
    "tokenize": "text",
    "sentences": "text",
    "tokens": "text",
    "stopwords": "stoplist",
    "is_stopword": "stoplist",
    "stem": "stemming",
    "Stemmer": "stemming",
    "Analyzer": "analyzer",
    "terms": "analyzer",
    # framing
    "load_labels": "lexicon",
    "load_actors": "lexicon",
    "label_occurrences": "framing",
    "label_rates": "framing",
    "actor_labels": "framing",
    # lexicons as the researcher's instrument (issue 12): packs, senses,
    # speakers, measured precision
    "Lexicon": "lexicon",
    "load_lexicon": "lexicon",
    "sample_for_coding": "coding",
    "coding_agreement": "coding",
    # corpus-linguistics views
    "kwic": "concordance",
    "keyness": "keywords",
    "keyness_scores": "keywords",
    "multi_keyness": "keywords",
    "keyness_all": "keywords",
    "keyness_multi": "keywords",
    "collocates": "collocation",
    "collocation_scores": "collocation",
    "tfidf": "weighting",
    "similarity": "stories",
    "same_story": "stories",
    "fit_tfidf": "weighting",
    # notebooks any researcher can re-run (issue 13): time dimension, group
    # similarity, computed findings, rich displays, the report command
    "label_timeline": "timeline",
    "similarity_by_group": "stories",
    "corpus_summary": "display",
    "corpus_html": "display",
    "kwic_html": "display",
    "label_kwic": "display",
    "write_report": "report",
    # text reuse (issue 10): shared passages between articles, containment both ways
    "text_reuse": "reuse",
    # corpus-linguistic depth (issue 14): dispersion, n-grams and clusters,
    # Fightin' Words, the CQL query language
    "dispersion": "dispersal",
    "dispersion_scores": "dispersal",
    "ngrams": "ngram",
    "clusters": "ngram",
    "log_odds": "logodds",
    "log_odds_scores": "logodds",
    "query": "cql",
}

# No submodule may share a public name: importing a submodule binds it as a
# package attribute, which would shadow the public function of the same name
# (``bingkai.stem`` the module instead of ``bingkai.stem`` the function).
# tests/test_api.py checks this.

# Submodules that are public as modules: figures (plots), findings (the
# notebooks' computed Markdown).
_MODULES = ("figures", "findings")

__all__ = sorted(_API) + list(_MODULES) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f".{name}", __name__)
    try:
        module = _API[name]
    except KeyError:
        raise AttributeError(f"module 'bingkai' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # cache: the next lookup skips __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
