"""Set operations on integer arrays by sorting.

numpy 2.3+ answers ``np.unique(a)`` (no ``return_*`` option) and ``np.isin``
with a hash table that is 30-80x slower than sorting on the index's arrays
(1M token-sized int64 keys: ~1 s against ~15 ms here, numpy 2.4.6), so the
build and the views use these instead. Same results as ``np.unique`` /
``np.isin``.
"""

from __future__ import annotations

import numpy as np


def unique_ints(a: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an integer array (``np.unique(a)``)."""
    s = np.sort(np.asarray(a).ravel())
    if s.shape[0] < 2:
        return s
    keep = np.empty(s.shape[0], dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def isin_sorted(a: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``np.isin(a, values)`` for ``values`` sorted and distinct (as
    :func:`unique_ints` returns them): one binary search per element."""
    a = np.asarray(a)
    if values.shape[0] == 0:
        return np.zeros(a.shape, dtype=bool)
    at = np.searchsorted(values, a)
    at[at == values.shape[0]] = 0
    return values[at] == a
