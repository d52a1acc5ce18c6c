"""TF-IDF distinctive terms per article or per outlet.

The weighting is scikit-learn's ``TfidfVectorizer`` unchanged (defaults:
``smooth_idf=True``, ``sublinear_tf=False``, ``norm="l2"``); the only thing
bingkai adds is the definition of a *term*: the package ``Analyzer``
(normalise -> tokenise -> drop stopwords/punctuation/numbers -> protected
stemming), so TF-IDF, keyness and collocates count the same units. Any
``TfidfVectorizer`` keyword can be passed through (e.g. ``smooth_idf=False``,
``sublinear_tf=True``, ``min_df=2``).

Two entry points:

- ``fit_tfidf(corpus, ...)`` -> ``TfidfFit(vectorizer, matrix, ids, by)``: the
  fitted vectorizer (reusable: ``fit.vectorizer.transform(new_texts)``), the
  sparse document-term matrix and the row labels.
- ``tfidf(corpus, ...)`` -> tidy frame of the top terms per group. The fitted
  model is *not* stored in ``DataFrame.attrs`` (pandas deep-copies attrs on
  many operations), so call ``fit_tfidf`` when the vectorizer is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from bingkai.constants import DEFAULT_PARTS, PART_COLUMNS
from bingkai.errors import BingkaiInputError
from bingkai.indexing.build import as_corpus
from bingkai.indexing.corpus import Corpus
from bingkai.text.analyzer import check_n_jobs, corpus_texts, default_analyzer
from bingkai.clean.outlet_names import named_rows
from bingkai.views.outlet_names import outlet_name_terms

# corpus column holding each part of an article
_BY = ("doc", "outlet")


class TfidfFit(NamedTuple):
    """A fitted TF-IDF model.

    ``vectorizer`` is the fitted ``TfidfVectorizer``; ``matrix`` the sparse
    (n_groups x n_terms) TF-IDF matrix, rows in the order of ``ids``; ``ids``
    the sorted doc_ids (``by="doc"``) or outlet names (``by="outlet"``);
    ``by`` which of the two.
    """

    vectorizer: TfidfVectorizer
    matrix: sparse.csr_matrix
    ids: list[str]
    by: str


def documents(corpus: pd.DataFrame, *, by: str = "doc",
              parts: Sequence[str] = DEFAULT_PARTS) -> pd.DataFrame:
    """The texts TF-IDF is computed on.

    Each article's ``parts`` (any of "title", "subtitle", "body"; default
    body only, like ``bingkai.terms``, so a headline an outlet repeats in
    the body is not counted twice) are joined with newlines. With
    ``by="outlet"`` all of an outlet's articles, in doc_id order, are
    concatenated (newline-separated) into one document: the outlet is then
    the unit IDF discriminates between, which is what "distinctive for this
    outlet" means; averaging per-article vectors would instead reward terms
    that are distinctive for single articles.

    Returns a frame ``<by-column>, text`` (``doc_id`` or ``outlet``), one row
    per group, sorted by that column.
    """
    if by not in _BY:
        raise BingkaiInputError(f"by={by!r} is not a TF-IDF grouping",
                                hint=f"use one of {', '.join(map(repr, _BY))}")
    unknown = [p for p in parts if p not in PART_COLUMNS]
    if unknown or not parts:
        raise BingkaiInputError(f"parts={tuple(parts)!r} is not a choice of article parts",
                                hint="use one or more of 'title', 'subtitle', 'body'")
    columns = [PART_COLUMNS[p] for p in parts]
    missing = [c for c in ["doc_id", "outlet", *columns] if c not in corpus.columns]
    if missing:
        raise BingkaiInputError(f"the corpus frame has no column(s) {missing}",
                                hint="pass the frame returned by bingkai.load_corpus()")
    frame = corpus.sort_values("doc_id", kind="stable")

    def joined(row: Sequence[Any]) -> str:
        return "\n".join(f for f in row if isinstance(f, str) and f)

    texts = [joined(row) for row in frame[columns].itertuples(index=False)]
    docs = pd.DataFrame({"doc_id": frame["doc_id"].astype(str).to_numpy(),
                         "outlet": frame["outlet"].astype(str).to_numpy(),
                         "text": texts})
    if by == "doc":
        if docs["doc_id"].duplicated().any():
            dup = docs.loc[docs["doc_id"].duplicated(), "doc_id"].iloc[0]
            raise BingkaiInputError(f"doc_id {dup!r} occurs more than once in the corpus",
                                    hint="give every article its own doc_id")
        return docs[["doc_id", "text"]].reset_index(drop=True)
    grouped = (docs.groupby("outlet", sort=True)["text"]
               .agg(lambda s: "\n".join(t for t in s if t)))
    return grouped.reset_index()[["outlet", "text"]]


def _default_analyzer() -> Callable[[str], list[str]]:
    # shared, so repeated calls (and terms()) reuse its per-paragraph memo
    return default_analyzer()


def fit_tfidf(corpus: pd.DataFrame, *, by: str = "doc", analyzer: Callable[[str], list[str]] | None = None,
              parts: Sequence[str] = DEFAULT_PARTS, n_jobs: int = 1,
              **vectorizer_kwargs: Any) -> TfidfFit:
    """Fit ``TfidfVectorizer(analyzer=analyzer, **vectorizer_kwargs)`` on the
    corpus grouped by ``by`` ("doc" or "outlet", see ``documents``).

    ``analyzer`` defaults to ``bingkai.Analyzer()``; any callable text ->
    list of terms works. ``n_jobs`` (``-1`` = one per CPU): above 1, an
    analyzer with a ``prestem`` method (``bingkai.Analyzer``) first stems
    the corpus vocabulary in that many processes (see ``bingkai.terms``);
    the fit is the same whatever ``n_jobs`` is. Other callables are used as
    they are (nothing to parallelise from outside). Returns a ``TfidfFit``.
    """
    if "analyzer" in vectorizer_kwargs:  # pragma: no cover - guarded by the signature
        raise TypeError("pass analyzer= once")
    n_jobs = check_n_jobs(n_jobs)
    if analyzer is None and set(vectorizer_kwargs) <= _TRANSFORMER_KWARGS:
        # The package's own terms: count them from the index (no re-analysis)
        # and weight with scikit-learn's TfidfTransformer, which is exactly
        # what TfidfVectorizer does after counting.
        return _fit_from_index(corpus, by, parts, n_jobs, vectorizer_kwargs)
    if isinstance(corpus, Corpus):
        corpus = corpus.articles
    docs = documents(corpus, by=by, parts=parts)
    analyzer = analyzer if analyzer is not None else _default_analyzer()
    prestem = getattr(analyzer, "prestem", None)
    if n_jobs > 1 and prestem is not None and not docs.empty:
        # the articles' own texts (the vocabulary does not depend on ``by``), so a
        # later terms(n_jobs=...) with the same Analyzer finds them covered
        prestem(corpus_texts(corpus, [PART_COLUMNS[p] for p in parts]), n_jobs=n_jobs)
    vectorizer = TfidfVectorizer(analyzer=analyzer, **vectorizer_kwargs)
    if docs.empty:
        raise BingkaiInputError("the corpus has no articles to weight",
                                hint="build the corpus first (bingkai corpus build)")
    try:
        matrix = vectorizer.fit_transform(docs["text"].tolist())
    except ValueError as err:  # scikit-learn: "empty vocabulary", bad min_df/max_df
        raise BingkaiInputError(f"TF-IDF could not be fitted: {err}",
                                hint="check that the articles have text and that min_df/max_df "
                                     "leave some terms") from err
    key = "doc_id" if by == "doc" else "outlet"
    return TfidfFit(vectorizer, sparse.csr_matrix(matrix), docs[key].tolist(), by)


# TfidfVectorizer options that only concern the weighting step (the rest
# change what is counted, so they need the vectorizer's own counting).
_TRANSFORMER_KWARGS = frozenset({"norm", "use_idf", "smooth_idf", "sublinear_tf"})


def _fit_from_index(corpus: Any, by: str, parts: Sequence[str], n_jobs: int,
                    kwargs: dict[str, Any]) -> TfidfFit:
    """``fit_tfidf`` with the default analyzer, from the corpus index: the
    same matrix, ids and a vectorizer that transforms new texts the same way."""
    matrix, names, ids, transformer = _weights_from_index(corpus, by, parts, n_jobs, kwargs)
    # a vectorizer that transforms new texts as the fit weighs the corpus, made through
    # scikit-learn's public API only: the index's terms as a fixed vocabulary, fitted on one
    # empty text (nothing to analyse), then the corpus's idf through its public setter
    vectorizer = TfidfVectorizer(analyzer=default_analyzer(),
                                 vocabulary={str(t): j for j, t in enumerate(names)}, **kwargs)
    vectorizer.fit([""])
    if transformer.use_idf:
        vectorizer.idf_ = transformer.idf_
    return TfidfFit(vectorizer, matrix, ids, by)


def _has_text(col: pd.Series) -> np.ndarray:
    """Per article, whether the field is a non-empty str. A string column is measured in
    Arrow (a Python str per body, ~25 ms at 1M words, is not made); other columns value by
    value."""
    if isinstance(col.dtype, pd.StringDtype):
        arr = pa.array(col.array, type=pa.string(), from_pandas=True)
        return np.asarray(pc.fill_null(pc.greater(pc.binary_length(arr), 0), False), dtype=bool)
    return col.map(lambda v: isinstance(v, str) and bool(v)).to_numpy(dtype=bool)


def _weights_from_index(corpus: Any, by: str, parts: Sequence[str], n_jobs: int,
                        kwargs: dict[str, Any]) -> tuple[sparse.csr_matrix, np.ndarray, list[str], Any]:
    """The TF-IDF matrix (float64 csr), its terms (columns), ids (rows) and the fitted
    ``TfidfTransformer``, from the corpus index: what ``fit_tfidf`` returns but the
    vectorizer (``tfidf`` needs none: making it, ~50 ms with its 35k-term vocabulary at 1M
    words, was part of every first call, issue 24)."""
    return _weights_and_term_ids(corpus, by, parts, n_jobs, kwargs)[:4]


def _weights_and_term_ids(corpus: Any, by: str, parts: Sequence[str], n_jobs: int,
                          kwargs: dict[str, Any]) -> tuple[sparse.csr_matrix, np.ndarray, list[str], Any, Any]:
    """``_weights_from_index`` and the index and term id of each column."""
    from sklearn.feature_extraction.text import TfidfTransformer


    index = as_corpus(corpus, n_jobs=n_jobs)
    documents(index.articles.iloc[:0], by=by, parts=parts)  # the same argument checks
    arts = index.articles
    counts = index.doc_term_matrix(tuple(parts))
    has_text = np.zeros(len(arts), dtype=bool)
    for p in parts:
        has_text |= _has_text(arts[PART_COLUMNS[p]])
    if by == "doc":
        ids = arts["doc_id"].astype(str).tolist()
        if len(set(ids)) != len(ids):
            dup = next(i for i in ids if ids.count(i) > 1)
            raise BingkaiInputError(f"doc_id {dup!r} occurs more than once in the corpus",
                                    hint="give every article its own doc_id")
        rows = counts
    else:
        outlets = arts["outlet"].astype(str).to_numpy(dtype=object)
        ids = sorted(set(outlets.tolist()))
        pos = {o: k for k, o in enumerate(ids)}
        member = sparse.csr_matrix((np.ones(len(arts)), ([pos[o] for o in outlets],
                                                         np.arange(len(arts)))),
                                   shape=(len(ids), len(arts)))
        rows = sparse.csr_matrix(member @ counts)
    if not ids:
        raise BingkaiInputError("the corpus has no articles to weight",
                                hint="build the corpus first (bingkai corpus build)")
    used = np.flatnonzero(np.asarray(rows.sum(axis=0)).ravel() > 0)
    if not len(used) or not has_text.any():
        raise BingkaiInputError("TF-IDF could not be fitted: empty vocabulary",
                                hint="check that the articles have text and that min_df/max_df "
                                     "leave some terms")
    rows = rows[:, used].astype(np.int64)
    names = index.term_names[used]
    transformer = TfidfTransformer(**kwargs)
    matrix = transformer.fit_transform(rows)
    return (sparse.csr_matrix(matrix, dtype=np.float64), np.asarray([str(t) for t in names], dtype=object),
            ids, transformer, (index, used))


def top_terms(fit: TfidfFit, *, top: int | None = 10, drop: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Tidy top-``top`` terms per row of a ``TfidfFit`` (all non-zero terms
    when ``top`` is None). Columns as in ``tfidf``. ``drop``: terms left out
    before ranking (``bingkai.clean.outlet_names.outlet_name_terms``), listed
    in ``attrs["dropped_terms"]`` when they had a weight."""
    if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer))
                            or top < 1):
        raise BingkaiInputError(f"top={top!r} is not a positive whole number",
                                hint="pass e.g. top=10, or top=None for all terms")
    vocab = np.asarray(fit.vectorizer.get_feature_names_out(), dtype=object)
    return _top_terms(fit.matrix, vocab, fit.ids, fit.by, top=top, drop=drop)


def _top_terms(matrix: sparse.csr_matrix, vocab: np.ndarray, ids: list[str], by: str, *,
               top: int | None, drop: frozenset[str], named_col: np.ndarray | None = None) -> pd.DataFrame:
    """``top_terms`` of a matrix whose columns are the terms ``vocab`` (object array).
    ``named_col``: which columns are outlet names, when known (else tested against
    ``drop``)."""
    key = "doc_id" if by == "doc" else "outlet"
    coo = matrix.tocoo()
    row, col, weight = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data.astype(np.float64)
    keep = weight > 0
    row, col, weight = row[keep], col[keep], weight[keep]
    dropped: list[str] = []
    if drop and len(col):
        # each column (term) tested once
        if named_col is None:
            named_col = named_rows(pd.Series(vocab, dtype=object), drop)
        named = named_col[col]
        dropped = sorted({str(t) for t in vocab[np.unique(col[named])]})
        row, col, weight = row[~named], col[~named], weight[~named]
    # Ties (equal weights are common: terms with the same count and df) are
    # broken alphabetically so the output is the same on every run: by the
    # column when the vocabulary is in code-point order (scikit-learn's and the
    # index's are), else by the strings.
    if len(vocab) < 2 or bool(np.all(vocab[:-1] < vocab[1:])):
        order = np.lexsort((col, -weight, row))
    else:
        order = pd.DataFrame({"row": row, "w": -weight, "term": vocab[col]}).sort_values(
            ["row", "w", "term"], kind="stable").index.to_numpy()
    row, col, weight = row[order], col[order], weight[order]
    # rank within the row: position minus the row's first position
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]]) if len(row) else np.zeros(0, dtype=np.int64)
    rank = np.arange(len(row), dtype=np.int64) - np.repeat(starts, np.diff(np.r_[starts, len(row)])) + 1
    if top is not None:
        keep = rank <= top
        row, col, weight, rank = row[keep], col[keep], weight[keep], rank[keep]
    ids_arr = np.asarray(ids, dtype=object)
    out = pd.DataFrame({
        key: pd.array(ids_arr[row], dtype="str"),
        "term": pd.array(vocab[col], dtype="str"),
        "tfidf": weight,
        "rank": rank,
    })
    out.attrs["dropped_terms"] = dropped
    return out


def tfidf(corpus: pd.DataFrame, *, by: str = "doc", top: int | None = 10,
          analyzer: Callable[[str], list[str]] | None = None,
          parts: Sequence[str] = DEFAULT_PARTS, n_jobs: int = 1,
          **vectorizer_kwargs: Any) -> pd.DataFrame:
    """Top TF-IDF terms per article (``by="doc"``) or per outlet (``by="outlet"``).

    Parameters
    ----------
    corpus : the frame from ``bingkai.load_corpus`` (needs ``doc_id``,
        ``outlet`` and the text columns of ``parts``).
    by : "doc" or "outlet" (an outlet's articles are concatenated into one
        document; see ``documents``).
    top : number of terms per group (None = every term with non-zero weight).
    analyzer : callable text -> terms; default ``bingkai.Analyzer()``.
    parts : article parts to analyse, default ``("body",)``.
    n_jobs : stemming processes, as for ``fit_tfidf`` (same frame for any value).
    **vectorizer_kwargs : passed to ``sklearn.feature_extraction.text.TfidfVectorizer``.

    Returns
    -------
    DataFrame, one row per (group, term) among the group's top terms:
    ``doc_id`` (or ``outlet``), ``term``, ``tfidf`` (float, the l2-normalised
    weight unless ``norm`` is changed), ``rank`` (int, 1 = highest weight;
    equal weights ranked alphabetically by term). Sorted by group, rank.
    Terms that name an outlet of the corpus are left out before ranking
    (``bingkai.clean.outlet_names``) and listed in ``attrs["dropped_terms"]``.
    For the fitted vectorizer use ``fit_tfidf`` with the same arguments.
    """
    if analyzer is None and set(vectorizer_kwargs) <= _TRANSFORMER_KWARGS:
        # from the index, without the vectorizer the frame does not need
        matrix, names, ids, _, (index, used) = _weights_and_term_ids(corpus, by, parts, check_n_jobs(n_jobs),
                                                                      vectorizer_kwargs)
        if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1):
            raise BingkaiInputError(f"top={top!r} is not a positive whole number",
                                    hint="pass e.g. top=10, or top=None for all terms")
        named_col = None
        if isinstance(corpus, Corpus):  # its outlet-name terms by id (stored with a saved index)
            named_col = np.zeros(len(index.term_names), dtype=bool)
            named_col[index.outlet_name_term_ids()] = True
            named_col = named_col[used]
        return _top_terms(matrix, names, ids, by, top=top, drop=outlet_name_terms(corpus), named_col=named_col)
    fit = fit_tfidf(corpus, by=by, analyzer=analyzer, parts=parts, n_jobs=n_jobs,
                    **vectorizer_kwargs)
    return top_terms(fit, top=top, drop=outlet_name_terms(corpus))
