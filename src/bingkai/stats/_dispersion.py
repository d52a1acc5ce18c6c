"""Dispersion of a term over corpus parts from its frequencies and the part sizes (range, Gries' DP and DPnorm, Juilland's D), defined in :mod:`bingkai.views.dispersion`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from bingkai.errors import BingkaiInputError


DISPERSION_COLUMNS = ["freq", "range", "parts", "dp", "dp_norm", "juilland_d"]


def dispersion(freqs: Any, sizes: Any) -> pd.DataFrame:
    """Range, Gries' DP, DPnorm and Juilland's D per term.

    Parameters
    ----------
    freqs : term x part counts: a 2-D array, a ``scipy.sparse`` matrix (only
        its non-zero cells are visited, so a corpus-wide document-term matrix
        is fine), or a DataFrame whose index holds the terms and whose
        columns are the parts. A 1-D array is one term.
    sizes : the ``n`` part sizes (tokens per part, the unit the parts are
        measured in), in the column order of ``freqs``; all >= 0 and at least
        one > 0.

    Returns
    -------
    DataFrame, one row per term in input order: ``term`` (only when ``freqs``
    is a DataFrame), ``freq`` (int64 when the counts are whole numbers),
    ``range`` (int64), ``parts`` (parts of size > 0), ``dp``, ``dp_norm``,
    ``juilland_d`` -- definitions in the module docstring.
    """
    term = None
    if isinstance(freqs, pd.DataFrame):
        term = freqs.index.astype("str")
        freqs = freqs.to_numpy(dtype=float)
    sizes_ = np.asarray(sizes, dtype=float).ravel()
    if np.isnan(sizes_).any() or (sizes_ < 0).any():
        raise BingkaiInputError("sizes has a missing or negative value",
                                hint="part sizes are token counts: use values >= 0")
    mat = sparse.csr_matrix(freqs if not np.ndim(freqs) == 1 else np.atleast_2d(freqs), dtype=float)
    if mat.shape[1] != sizes_.shape[0]:
        raise BingkaiInputError(f"freqs has {mat.shape[1]} part columns but sizes has {sizes_.shape[0]} values",
                                hint="give one size per part column, in the same order")
    if mat.nnz and (np.isnan(mat.data).any() or (mat.data < 0).any()):
        raise BingkaiInputError("freqs has a missing or negative count",
                                hint="frequencies are counts: use values >= 0")
    keep = sizes_ > 0
    if not keep.any():
        raise BingkaiInputError("every part has size 0", hint="pass the number of tokens in each part")
    if mat.nnz and (mat[:, ~keep].count_nonzero() if (~keep).any() else 0):
        raise BingkaiInputError("a part of size 0 has a non-zero count",
                                hint="sizes must be in the same unit as the counts (a count <= its part size)")
    if not keep.all():
        mat = mat[:, np.flatnonzero(keep)]
        sizes_ = sizes_[keep]
    mat.eliminate_zeros()
    n = sizes_.shape[0]
    s = sizes_ / sizes_.sum()

    f = np.asarray(mat.sum(axis=1)).ravel()
    rng = np.diff(mat.indptr).astype(np.int64)
    # DP over the non-zero cells only: a part without the term contributes
    # |0 - s_i| = s_i, i.e. (1 - the summed s_i of the parts that have it).
    rows = np.repeat(np.arange(mat.shape[0]), np.diff(mat.indptr))
    cols = mat.indices
    with np.errstate(divide="ignore", invalid="ignore"):
        v = mat.data / f[rows]
        dev = np.bincount(rows, weights=np.abs(v - s[cols]), minlength=mat.shape[0])
        s_hit = np.bincount(rows, weights=s[cols], minlength=mat.shape[0])
        dp = 0.5 * (dev + (1.0 - s_hit))
        dp = np.where(f > 0, np.clip(dp, 0.0, 1.0), np.nan)
        dp_norm = dp / (1.0 - s.min()) if n > 1 else np.full_like(dp, np.nan)

        # Juilland's D. Two-pass variance over the non-zero cells; each of the
        # (n - range) parts without the term adds (0 - mean)^2.
        p = mat.data / sizes_[cols]
        mean = np.bincount(rows, weights=p, minlength=mat.shape[0]) / n
        sq = np.bincount(rows, weights=(p - mean[rows]) ** 2, minlength=mat.shape[0])
        var = (sq + (n - rng) * mean * mean) / n
        cv = np.sqrt(var) / mean
        d = 1.0 - cv / np.sqrt(n - 1) if n > 1 else np.full_like(cv, np.nan)
        # V <= sqrt(n - 1) always, so D is in [0, 1]; clip float round-off only
        d = np.where(f > 0, np.clip(d, 0.0, 1.0), np.nan)

    whole = bool(np.all(f == np.round(f)))
    out = pd.DataFrame({
        "freq": f.astype(np.int64) if whole else f,
        "range": rng,
        "parts": np.full(f.shape[0], n, dtype=np.int64),
        "dp": dp + 0.0,
        "dp_norm": dp_norm + 0.0,
        "juilland_d": d + 0.0,
    })
    if term is not None:
        out.insert(0, "term", pd.array(term, dtype="str"))
    return out
