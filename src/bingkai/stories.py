"""Article similarity and same-story pairs.

``similarity`` is the cosine similarity (``sklearn.metrics.pairwise.
cosine_similarity``) of the articles' TF-IDF vectors from
``bingkai.weighting.fit_tfidf`` (package ``Analyzer``, scikit-learn defaults).

``same_story`` decides which pairs report the same story. How the threshold
is chosen (the default, ``threshold=None``): a pair is the same story when
its similarity is an *outlier* among the corpus's pair similarities, at a
family-wise error rate ``alpha`` (default 0.05) over all the pairs tested:

1. candidates are the pairs a < b sharing at least one term (similarity > 0);
   a pair sharing nothing cannot be the same story, and counting such pairs
   would drag the yardstick to zero in a corpus on many topics;
2. each candidate gets a robust z-score of its *log* similarity: the modified
   z-score of Iglewicz & Hoaglin (1993), ``0.6745 (x - median) / MAD``, as in
   the NIST/SEMATECH e-Handbook of Statistical Methods (sec. 1.3.5.17).
   Median and MAD (median absolute deviation) are robust (50% breakdown), so
   the same-story pairs do not inflate the yardstick they are measured by.
   Logs because cosine similarities are positive and right-skewed (a few
   topic-sharing pairs trail above the bulk), and a z-score assumes a roughly
   symmetric bulk;
3. the cut-off is the Bonferroni-corrected normal quantile
   ``Phi^-1(1 - alpha / m)`` for ``m`` candidate pairs (10 pairs: 2.58;
   1,000 pairs: 3.89; 1,000,000 pairs: 5.33), so that in a corpus of
   unrelated articles the chance of calling *any* pair the same story stays
   near ``alpha`` however large the corpus grows. A fixed z cut-off (e.g. the
   3.5 Iglewicz & Hoaglin give for single observations) flags more and more
   unrelated pairs as the number of pairs grows.

Why not a fixed cosine value: TF-IDF cosines depend on the corpus (IDF,
vocabulary, article length, stopwords), so a cut-off that fits one collection
does not carry to another, whereas "far above what two articles of this
corpus typically share" does. The rule was chosen on simulated corpora (no
seed article was consulted); a fixed ``threshold`` can still be passed.

Limitations of the rule:

- it needs a corpus where most pairs are *different* stories; in a corpus
  collected around one event most pairs are the same story and few stand out
  (pass an explicit ``threshold`` there);
- small corpora give a noisy median and MAD (five articles = ten pairs), and
  with fewer than three candidate pairs nothing is flagged (a lone pair is
  its own median);
- when more than half of the candidate pairs have the same similarity
  (MAD = 0) every candidate above the median counts as an outlier (the
  score is infinite), which is the limit of the rule, not a choice;
- on the five seed articles (ten pairs, all on the Syrian war, body text)
  the rule flags *no* pair: the same-story pairs 000-001 (cosine 0.51) and
  002-004 (0.36) are the two most similar and every pair with the 2015
  article 003 is below them, but 000-001 reaches a robust z of 2.4 against
  the cut-off 2.58 and 002-004 only 1.2. This is reported, not tuned away:
  ten pairs of one topic are too few for an outlier rule; read the ranking
  or pass a ``threshold`` on such small collections;
- pairs are judged independently: no transitivity (a-b and b-c the same
  story does not make a-c one), and a story retold by many outlets makes
  many high pairs, which raise the median only once they are a sizeable share
  of all pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import norm
from sklearn.metrics.pairwise import cosine_similarity

from .errors import BingkaiInputError
from .weighting import fit_tfidf

# Iglewicz & Hoaglin (1993): 0.6745 = the 0.75 quantile of N(0, 1), which makes
# MAD/0.6745 a consistent estimate of the standard deviation for normal data.
_MAD_CONSISTENCY = 0.6745


def similarity(corpus: pd.DataFrame, analyzer: Callable[[str], list[str]] | None = None,
               parts: Sequence[str] = ("body",), *, n_jobs: int = 1,
               **vectorizer_kwargs: Any) -> pd.DataFrame:
    """Cosine similarity of the articles' TF-IDF vectors.

    Parameters are those of ``bingkai.weighting.fit_tfidf`` (``by="doc"``;
    ``n_jobs`` > 1 stems the vocabulary in that many processes first, same
    result).

    Returns
    -------
    Square DataFrame of floats in [0, 1]: index and columns are the doc_ids,
    sorted (both axes named ``doc_id``); the diagonal is 1 for every article
    with at least one term (0 for an article with none).
    """
    fit = fit_tfidf(corpus, by="doc", analyzer=analyzer, parts=parts, n_jobs=n_jobs,
                    **vectorizer_kwargs)
    values = cosine_similarity(fit.matrix)
    # cosine_similarity can return 1.0000000000000002 on the diagonal; clip so
    # downstream code can rely on the [0, 1] range of non-negative TF-IDF.
    values = np.clip(values, 0.0, 1.0)
    index = pd.Index(fit.ids, name="doc_id", dtype="str")
    return pd.DataFrame(values, index=index, columns=index.copy())


def pairs(matrix: pd.DataFrame) -> pd.DataFrame:
    """All pairs a < b of a square similarity frame as ``doc_a, doc_b,
    similarity``, sorted by similarity descending, then doc_a, doc_b."""
    ids = np.asarray(matrix.index.astype(str), dtype=object)
    rows, cols = np.triu_indices(len(ids), k=1)
    out = pd.DataFrame({
        "doc_a": pd.array(ids[rows], dtype="str"),
        "doc_b": pd.array(ids[cols], dtype="str"),
        "similarity": matrix.to_numpy(dtype="float64")[rows, cols],
    })
    return out.sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True],
                           kind="stable", ignore_index=True)


def modified_z(values: np.ndarray) -> np.ndarray:
    """Iglewicz-Hoaglin modified z-score ``0.6745 (x - median) / MAD``.

    When MAD = 0 the score is +inf above the median, -inf below and 0 at it.
    """
    x = np.asarray(values, dtype="float64")
    if x.size == 0:
        return x.copy()
    med = np.median(x)
    mad = np.median(np.abs(x - med))
    dev = x - med
    if mad > 0:
        return _MAD_CONSISTENCY * dev / mad
    return np.where(dev > 0, np.inf, np.where(dev < 0, -np.inf, 0.0))


def outlier_cutoff(n_pairs: int, alpha: float = 0.05) -> float:
    """Bonferroni-corrected one-sided normal quantile ``Phi^-1(1 - alpha/n_pairs)``."""
    return float(norm.isf(alpha / n_pairs))


def same_story(corpus: pd.DataFrame, threshold: float | None = None, *,
               alpha: float = 0.05,
               analyzer: Callable[[str], list[str]] | None = None,
               parts: Sequence[str] = ("body",), n_jobs: int = 1,
               **vectorizer_kwargs: Any) -> pd.DataFrame:
    """Which pairs of articles report the same story.

    Parameters
    ----------
    corpus : frame from ``bingkai.load_corpus``.
    threshold : a fixed cosine similarity; pairs with similarity >= it are
        the same story. ``None`` (default) uses the corpus-relative outlier
        rule of the module docstring.
    alpha : family-wise error rate of the outlier rule (default 0.05).
    analyzer, parts, n_jobs, **vectorizer_kwargs : as for ``similarity``.

    Returns
    -------
    DataFrame, one row per pair a < b: ``doc_a, doc_b, similarity`` (float),
    ``same_story`` (bool), sorted by similarity descending, then doc_a, doc_b.
    ``frame.attrs["rule"]`` describes the rule applied and
    ``frame.attrs["threshold"]`` is the cosine value it amounts to (the
    smallest similarity counted as the same story, NaN if none).
    """
    if threshold is not None and not (isinstance(threshold, (int, float))
                                      and not isinstance(threshold, bool)
                                      and 0.0 <= float(threshold) <= 1.0):
        raise BingkaiInputError(f"threshold={threshold!r} is not a cosine similarity",
                                hint="pass a number between 0 and 1, or None for the "
                                     "outlier rule")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise BingkaiInputError(f"alpha={alpha!r} is not an error rate",
                                hint="pass a number between 0 and 1, e.g. 0.05")
    matrix = similarity(corpus, analyzer=analyzer, parts=parts, n_jobs=n_jobs,
                        **vectorizer_kwargs)
    out = pairs(matrix)
    sims = out["similarity"].to_numpy()
    if threshold is not None:
        flag = sims >= float(threshold)
        rule = f"similarity >= {float(threshold)}"
    else:
        candidate = sims > 0
        flag = np.zeros(len(sims), dtype=bool)
        m = int(candidate.sum())
        if m >= 3:
            cutoff = outlier_cutoff(m, alpha)
            flag[candidate] = modified_z(np.log(sims[candidate])) > cutoff
            rule = (f"modified z-score of log similarity > {cutoff:.4f} "
                    f"(Bonferroni, alpha={alpha}, {m} candidate pairs)")
        else:
            rule = f"outlier rule not applicable ({m} candidate pairs)"
    out["same_story"] = flag
    out.attrs["rule"] = rule
    out.attrs["threshold"] = float(sims[flag].min()) if flag.any() else float("nan")
    return out


def similarity_by_group(corpus: pd.DataFrame, *, by: str = "outlet",
                        analyzer: Callable[[str], list[str]] | None = None,
                        parts: Sequence[str] = ("body",), n_jobs: int = 1,
                        **vectorizer_kwargs: Any) -> pd.DataFrame:
    """Mean cosine similarity between the articles of two groups (e.g. outlets).

    The article × article matrix of :func:`similarity` summarised per pair of
    groups: cell (A, B) is the mean similarity over every pair of an article
    of A and an article of B; the diagonal (A, A) is the mean over pairs of
    *distinct* articles of A (NaN when A has one article), so an article's
    similarity of 1 with itself never inflates it. Computed from per-group
    sums of the L2-normalised TF-IDF vectors, ``(sum_A x)·(sum_B x)``, so the
    cost grows with the number of articles, not its square: thousands of
    articles summarise in seconds without the n × n matrix.

    Parameters: ``corpus`` a ``bingkai.Corpus`` or a corpus frame; ``by`` a
    column of its articles (default "outlet"); the others as for
    :func:`similarity`.

    Returns a square DataFrame (index and columns the sorted group names,
    both axes named ``by``) of floats in [0, 1]; ``frame.attrs["articles"]``
    maps each group to its number of articles.
    """
    articles = getattr(corpus, "articles", corpus)  # a bingkai.Corpus or a corpus frame
    if by not in articles.columns:
        raise BingkaiInputError(f"the corpus has no {by!r} column",
                                hint="group by a column of the corpus, e.g. 'outlet' or 'period'")
    fit = fit_tfidf(corpus, by="doc", analyzer=analyzer, parts=parts, n_jobs=n_jobs,
                    **vectorizer_kwargs)
    group_of = dict(zip(articles["doc_id"].astype(str), articles[by].astype(str)))
    groups = np.array([group_of[d] for d in fit.ids], dtype=object)
    names = sorted(set(groups))
    code = np.searchsorted(names, groups)
    member = sparse.csr_matrix((np.ones(len(groups)), (code, np.arange(len(groups)))),
                               shape=(len(names), len(groups)))
    sums = member @ fit.matrix  # groups x terms: sum of each group's article vectors
    dots = np.asarray((sums @ sums.T).toarray(), dtype="float64")
    sizes = np.asarray(member.sum(axis=1), dtype="float64").ravel()
    # squared norms of the articles (1, or 0 for an article without terms)
    norms = np.asarray(fit.matrix.multiply(fit.matrix).sum(axis=1)).ravel()
    self_sim = member @ norms
    n_pairs = np.outer(sizes, sizes)
    np.fill_diagonal(n_pairs, sizes * (sizes - 1))
    np.fill_diagonal(dots, np.diag(dots) - self_sim)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(n_pairs > 0, dots / np.where(n_pairs > 0, n_pairs, 1), np.nan)
    values = np.clip(values, 0.0, 1.0)
    index = pd.Index(names, name=by, dtype="str")
    out = pd.DataFrame(values, index=index, columns=index.copy())
    out.attrs["articles"] = {name: int(n) for name, n in zip(names, sizes)}
    return out
