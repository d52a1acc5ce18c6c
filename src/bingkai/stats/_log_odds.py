"""Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), from per-term counts; the equations are cited in :mod:`bingkai.views.log_odds`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from bingkai.errors import BingkaiInputError
from bingkai.stats._keyness import as_counts


LOG_ODDS_COLUMNS = ["y_target", "y_reference", "alpha", "log_odds", "variance", "z"]


def log_odds(y_target: Any, y_reference: Any, prior: Any) -> pd.DataFrame:
    """Weighted log-odds ratio with a Dirichlet prior, its variance and z-score.

    Parameters
    ----------
    y_target, y_reference : per-term counts in the target and the reference
        (1-D, same length, >= 0); their sums are ``n^i`` and ``n^j``.
    prior : the prior pseudo-counts ``α_w`` (same length, or a scalar for
        every term), all > 0.

    Returns
    -------
    DataFrame, one row per term in input order: ``y_target, y_reference,
    alpha, log_odds, variance, z`` (eq. 16-22, see the module docstring).
    """
    yi = np.atleast_1d(as_counts(y_target, "y_target")).ravel()
    yj = np.atleast_1d(as_counts(y_reference, "y_reference")).ravel()
    if yi.shape != yj.shape:
        raise BingkaiInputError(f"y_target has {yi.shape[0]} terms but y_reference has {yj.shape[0]}",
                                hint="give both count vectors over the same terms, in the same order")
    a = np.broadcast_to(np.atleast_1d(as_counts(prior, "prior")).ravel(), yi.shape).astype(float)
    if (yi < 0).any() or (yj < 0).any():
        raise BingkaiInputError("a count is negative", hint="counts are frequencies: use values >= 0")
    if (a <= 0).any():
        raise BingkaiInputError("every prior pseudo-count must be > 0",
                                hint="a term with prior 0 and no count has no defined log-odds; use a small positive prior")
    a0 = a.sum()
    ni, nj = yi.sum(), yj.sum()
    # eq. 16-18: each group's log-odds of w, smoothed by the prior, and their difference
    delta = (np.log(yi + a) - np.log(ni + a0 - yi - a)) - (np.log(yj + a) - np.log(nj + a0 - yj - a))
    variance = 1.0 / (yi + a) + 1.0 / (yj + a)  # eq. 19-20
    z = delta / np.sqrt(variance)  # eq. 21-22
    return pd.DataFrame({"y_target": yi, "y_reference": yj, "alpha": a,
                         "log_odds": delta + 0.0, "variance": variance, "z": z + 0.0})
