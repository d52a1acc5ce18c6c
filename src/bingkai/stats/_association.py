"""Association scores of a node and a collocate from four counts (MI, t-score, logDice, four-cell log-likelihood), defined in :mod:`bingkai.views.collocates`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from bingkai.errors import BingkaiInputError
from bingkai.stats._keyness import as_counts


ASSOCIATION_COLUMNS = ["o11", "f1", "f2", "n", "expected", "mi", "t_score", "log_dice", "ll"]


def _g2_four_cells(o11: np.ndarray, f1: np.ndarray, f2: np.ndarray, n: np.ndarray) -> np.ndarray:
    observed = np.stack([o11, f1 - o11, f2 - o11, n - f1 - f2 + o11])
    rows = np.stack([f1, f1, n - f1, n - f1])
    cols = np.stack([f2, n - f2, f2, n - f2])
    expected = rows * cols / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = observed * np.log(observed / expected)
    terms = np.where(observed == 0, 0.0, terms)
    g2 = np.maximum(2.0 * terms.sum(axis=0), 0.0)  # G² >= 0; clip float round-off only
    # a negative cell means the counts are not one 2×2 table (see association)
    return np.where((observed < 0).any(axis=0), np.nan, g2)


def association(o11: Any, f1: Any, f2: Any, n: Any) -> pd.DataFrame:
    """Association scores for co-occurrence counts (arrays or scalars, broadcast).

    Requires ``o11 >= 0`` and ``0 < f1, f2 <= n``; raises
    :class:`~bingkai.errors.BingkaiInputError` otherwise.

    Returns one row per broadcast element with columns ``o11, f1, f2, n``
    (the inputs as floats), ``expected`` (f1·f2/n), ``mi``, ``t_score``,
    ``log_dice`` and ``ll`` as defined in the module docstring.

    Edge cases: with ``o11 == 0``, ``mi`` and ``log_dice`` are ``-inf`` and
    ``t_score`` is ``-inf``. ``ll`` is ``nan`` when the counts do not form a
    2×2 table (a negative cell: ``o11 > f1``, ``o11 > f2`` or
    ``n - f1 - f2 + o11 < 0``) -- window counting can produce that when a
    collocate falls in the windows of several node occurrences more times
    than it occurs, or repeats more often than the node.
    """
    o, a, b, size = np.broadcast_arrays(*(as_counts(v, k) for v, k in
                                          ((o11, "o11"), (f1, "f1"), (f2, "f2"), (n, "n"))))
    o, a, b, size = (np.atleast_1d(x).ravel() for x in (o, a, b, size))
    if (o < 0).any():
        raise BingkaiInputError("o11 has a negative value", hint="co-occurrence counts are >= 0")
    if (a <= 0).any() or (b <= 0).any():
        raise BingkaiInputError("f1 and f2 must be > 0", hint="a node or collocate that never occurs has no score")
    if (a > size).any() or (b > size).any():
        raise BingkaiInputError("a frequency is larger than the corpus size n",
                                hint="f1 and f2 must be counted in the same corpus as n")
    expected = a * b / size
    with np.errstate(divide="ignore", invalid="ignore"):
        mi = np.log2(o / expected)
        t_score = (o - expected) / np.sqrt(o)
        log_dice = 14.0 + np.log2(2.0 * o / (a + b))
    t_score = np.where(o == 0, -np.inf, t_score)
    return pd.DataFrame({
        "o11": o, "f1": a, "f2": b, "n": size, "expected": expected,
        "mi": mi + 0.0, "t_score": t_score + 0.0, "log_dice": log_dice + 0.0,
        "ll": _g2_four_cells(o, a, b, size) + 0.0,  # + 0.0 turns -0.0 into 0.0
    })
