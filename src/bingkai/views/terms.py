"""Analyzer terms counted per document: from the index (the default analyzer) or by running a custom ``Analyzer`` over the corpus frame.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from bingkai.constants import DEFAULT_PARTS
from bingkai.errors import BingkaiInputError
from bingkai.indexing.build import as_corpus
from bingkai.indexing.corpus import Corpus
from bingkai.parallel import check_n_jobs
from bingkai.progress import progress_bar
from bingkai.text.analyzer import Analyzer, corpus_texts


def terms(corpus: pd.DataFrame, *, analyzer: Analyzer | None = None,
          parts: tuple[str, ...] = DEFAULT_PARTS, progress: bool | None = None,
          n_jobs: int = 1) -> pd.DataFrame:
    """Count analyzer terms per document.

    Parameters
    ----------
    corpus : DataFrame from ``load_corpus``/``read_articles`` (``doc_id``,
        ``outlet``, ``period`` and the text columns).
    analyzer : Analyzer, optional (default: the shared ``default_analyzer()``).
    parts : which fields to analyse: any of ``"title"``, ``"subtitle"``,
        ``"body"`` (the ``text`` column). Default body only, so headlines
        repeated by some outlets do not double-count.
    n_jobs : processes for stemming (``-1`` = one per CPU). Above 1 the
        corpus vocabulary is first stemmed in that many processes
        (``Analyzer.prestem``); the frame is the same whatever ``n_jobs``
        is. Worth it on a cold stem cache and a large corpus (1M words,
        2 cores: see benchmarks/README.md).

    Returns
    -------
    DataFrame, one row per (document, term): ``doc_id, outlet, period, term,
    count``, sorted by ``doc_id, term``.
    """
    n_jobs = check_n_jobs(n_jobs)
    if analyzer is None:
        return _index_terms(corpus, parts, progress, n_jobs)
    if isinstance(corpus, Corpus):
        corpus = corpus.articles
    columns = [{"body": "text"}.get(p, p) for p in parts]
    if n_jobs > 1:
        analyzer.prestem(corpus_texts(corpus, columns), n_jobs=n_jobs, progress=progress)
    names = ["doc_id", "outlet", "period", "term", "count"]
    keys: list[tuple] = []   # (doc_id, outlet, period) of each document
    sizes: list[int] = []    # its number of distinct terms
    term_col: list[str] = []
    count_col: list[int] = []
    records = corpus[["doc_id", "outlet", "period", *columns]].itertuples(index=False)
    for doc_id, outlet, period, *fields in progress_bar(records, desc="terms",
                                                        total=len(corpus), progress=progress):
        found: list[str] = []
        for field in fields:
            if isinstance(field, str) and field:
                found.extend(analyzer(field))
        counts = sorted(Counter(found).items())
        keys.append((doc_id, outlet, period))
        sizes.append(len(counts))
        term_col.extend(t for t, _ in counts)
        count_col.extend(n for _, n in counts)
    if not term_col:
        frame = pd.DataFrame([], columns=names)
        frame["count"] = frame["count"].astype("int64")
        return frame.sort_values(["doc_id", "term"], kind="stable", ignore_index=True)
    # Columns, not row tuples: one value per document for the document
    # columns (dtype inferred from those values), repeated by position.
    take = np.repeat(np.arange(len(keys)), sizes)
    meta = {name: pd.Series([k[j] for k in keys]).take(take).reset_index(drop=True)
            for j, name in enumerate(names[:3])}
    frame = pd.DataFrame(meta | {"term": term_col,
                                 "count": np.asarray(count_col, dtype=np.int64)})
    ids = [k[0] for k in keys]
    if all(type(d) is str for d in ids) and all(a < b for a, b in zip(ids, ids[1:])):
        # Documents already in strictly increasing doc_id order with each
        # document's terms sorted: the sort below would be the identity.
        return frame
    return frame.sort_values(["doc_id", "term"], kind="stable", ignore_index=True)


def _index_terms(corpus, parts, progress, n_jobs) -> pd.DataFrame:
    """``terms`` with the default analyzer: the index's document-term counts."""
    index = as_corpus(corpus, progress=progress, n_jobs=n_jobs)
    arts = index.articles
    missing = [c for c in ("doc_id", "outlet", "period") if c not in arts.columns]
    if missing:
        raise BingkaiInputError(f"the corpus frame has no column(s) {missing}",
                                hint="pass the frame returned by bingkai.load_corpus()")
    coo = index.doc_term_matrix(tuple(parts)).tocoo()
    order = np.lexsort((coo.col, coo.row))  # doc order is doc_id order; terms sorted
    row, col = coo.row[order], coo.col[order]
    names = ["doc_id", "outlet", "period", "term", "count"]
    if not len(row):
        frame = pd.DataFrame([], columns=names)
        frame["count"] = frame["count"].astype("int64")
        return frame
    return pd.DataFrame({
        "doc_id": arts["doc_id"].take(row).reset_index(drop=True),
        "outlet": arts["outlet"].take(row).reset_index(drop=True),
        "period": arts["period"].take(row).reset_index(drop=True),
        "term": np.asarray(index.term_names, dtype=object)[col].tolist(),
        "count": coo.data[order].astype(np.int64),
    })
