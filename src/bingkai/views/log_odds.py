"""Fightin' Words: which terms separate one group from the rest, with frequency
noise controlled (Monroe, Colaresi & Quinn 2008, "Fightin' Words: Lexical
Feature Selection and Evaluation for Identifying the Content of Political
Conflict", Political Analysis 16(4), section 3.5, eq. 16-22).

Two layers, as in :mod:`bingkai.views.keyness`: :func:`bingkai.stats.log_odds` on plain
counts, :func:`log_odds` on a corpus.

Notation: ``y_w^i`` = count of term ``w`` in group ``i`` (the target),
``y_w^j`` in group ``j`` (the reference), ``n^i``, ``n^j`` their totals;
``α_w`` the Dirichlet prior's pseudo-count for ``w`` and ``α_0 = Σ_w α_w``.

* eq. 16 -- log-odds of ``w`` in group ``i`` with the prior:
  ``Ω_w^i = (y_w^i + α_w) / (n^i + α_0 - y_w^i - α_w)``;
* eq. 17-18 -- the weighted log-odds ratio:
  ``δ_w = ln Ω_w^i - ln Ω_w^j`` (column ``log_odds``);
* eq. 19-20 -- its approximate variance:
  ``σ²(δ_w) ≈ 1/(y_w^i + α_w) + 1/(y_w^j + α_w)`` (``variance``);
* eq. 21-22 -- the z-score ``δ_w / sqrt(σ²)`` (``z``).

Prior (``prior=``): ``"corpus"`` (default) is the informative Dirichlet prior
of section 3.5.1 with the whole corpus as the prior sample, ``α_w`` = the
term's frequency in all groups together (target and reference), times
``prior_weight`` (default 1: the prior counts as much as the corpus); a number is
the uninformative prior ``α_w = prior`` for every term (the ``fightin-words``
package's default is 0.01); an array or a term-indexed Series gives ``α_w``
explicitly (e.g. ``0.1 *`` a background corpus's counts to weaken it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from bingkai import stats
from bingkai.constants import DEFAULT_PARTS
from bingkai.errors import BingkaiInputError
from bingkai.indexing.build import as_corpus
from bingkai.views.keyness import reference_groups



def log_odds(corpus: Any, *, by: str = "outlet", target: Any = None, reference: Any = "rest",
             prior: str | float | Sequence[float] | pd.Series = "corpus", prior_weight: float = 1.0,
             min_freq: int = 1,
             parts: Sequence[str] = DEFAULT_PARTS, progress: bool | None = None) -> pd.DataFrame:
    """Fightin' Words for one group of ``by`` against the rest (or chosen groups).

    Parameters
    ----------
    corpus : a :class:`bingkai.Corpus` or an articles frame.
    by : the article column that defines groups ("outlet", "period", ...).
    target : the group studied (one value of ``by``).
    reference : ``"rest"`` (every other group) or a value or list of values.
    prior : ``"corpus"``, a number, or per-term pseudo-counts (a Series
        indexed by term, or an array in the order of the sorted terms); see
        the module docstring. With ``"corpus"`` the prior sample is all
        groups, including any outside ``reference``.
    prior_weight : with ``prior="corpus"``, ``α_w = prior_weight × the
        term's corpus frequency``. At 1 the prior weighs as much as the whole
        corpus, which shrinks every log-odds strongly towards 0 (only terms
        with a lot of evidence get a large ``|z|``); e.g. 0.01 makes it a
        hundredth of the corpus.
    min_freq : keep terms with ``y_target + y_reference >= min_freq``; the
        statistics are computed on all terms first (the prior and the totals
        do not depend on this filter). Terms found in neither target nor
        reference are left out, also from ``α_0``.
    parts : the fields counted (default the body, as ``keyness``).

    Counts are analyzer terms (as ``bingkai.terms`` and ``keyness``).

    Returns
    -------
    DataFrame, one row per term: ``term, freq`` (``y_target + y_reference``),
    ``y_target, y_reference, alpha, log_odds, variance, z``, sorted by ``z``
    descending then ``term``. Positive ``z``: the target uses the term more.
    """
    index = as_corpus(corpus, progress=progress)
    group_names, names, by_group = index.group_unit_counts(by, "term", tuple(parts))
    groups = [str(g) for g in group_names]
    if target is None or str(target) not in groups:
        raise BingkaiInputError(f"target {target!r} is not a value of column {by!r}",
                                hint=f"use one of: {', '.join(groups)}")
    target = str(target)
    if not (isinstance(reference, str) and reference == "rest"):
        reference = [str(r) for r in ([reference] if isinstance(reference, str) else list(reference))]
    ref = reference_groups(groups, target, reference, by, what="log_odds")
    if min_freq < 1:
        raise BingkaiInputError("min_freq must be >= 1", hint="terms absent from both sides carry no evidence")

    group_arr = np.asarray(groups, dtype=object)
    yi = np.asarray(by_group[np.flatnonzero(group_arr == target)].sum(axis=0)).ravel().astype(float)
    yj = np.asarray(by_group[np.flatnonzero(np.isin(group_arr, ref))].sum(axis=0)).ravel().astype(float)
    names = np.asarray(names, dtype=object)
    if isinstance(prior, str):
        if prior != "corpus":
            raise BingkaiInputError(f"unknown prior {prior!r}",
                                    hint='use prior="corpus", a number, or per-term pseudo-counts')
        if not prior_weight > 0:
            raise BingkaiInputError(f"prior_weight must be > 0, got {prior_weight!r}",
                                    hint="e.g. prior_weight=0.01 for a prior a hundredth the corpus's size")
        alpha = prior_weight * np.asarray(by_group.sum(axis=0)).ravel().astype(float)
    elif isinstance(prior, pd.Series):
        alpha = prior.reindex(pd.Index(names.astype(str))).to_numpy(dtype=float)
        if np.isnan(alpha).any():
            missing = names[np.isnan(alpha)][0]
            raise BingkaiInputError(f"the prior has no pseudo-count for term {missing!r}",
                                    hint="give every corpus term a value > 0 (e.g. background counts + 0.01)")
    else:
        alpha = np.asarray(prior, dtype=float)
        if alpha.ndim and alpha.shape[0] != names.shape[0]:
            raise BingkaiInputError(f"the prior has {alpha.shape[0]} values for {names.shape[0]} terms",
                                    hint="give a number, or one value per term in sorted term order")
    keep = (yi + yj) > 0  # terms only outside target+reference say nothing about them
    if not np.isscalar(alpha) and np.ndim(alpha):
        alpha = alpha[keep]
    if (yi.sum() == 0) or (yj.sum() == 0):
        raise BingkaiInputError(f"{'target' if yi.sum() == 0 else 'reference'} has no counted terms",
                                hint="check the group values and parts")
    scores = stats.log_odds(yi[keep], yj[keep], alpha)
    scores.insert(0, "term", pd.array(names[keep], dtype="str"))
    scores.insert(1, "freq", (scores["y_target"] + scores["y_reference"]).astype(np.int64))
    scores[["y_target", "y_reference"]] = scores[["y_target", "y_reference"]].astype(np.int64)
    scores = scores[scores["freq"] >= min_freq]
    return scores.sort_values(["z", "term"], ascending=[False, True], kind="mergesort", ignore_index=True)


__all__: Sequence[str] = ["log_odds"]
