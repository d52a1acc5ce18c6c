"""KEYNESS_DOC
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
# scipy.special's ndtri and chdtrc are what scipy.stats.norm.ppf and
# chi2.sf compute, without importing scipy.stats (~0.6 s per process)
from scipy.special import chdtrc, ndtri

from bingkai.errors import BingkaiInputError


KEYNESS_SCORE_COLUMNS = ["a", "b", "c", "d", "e1", "e2", "ll", "log_ratio", "pct_diff",
                 "bic", "ell", "relative_risk", "p", "direction",
                 "log_ratio_ci_low", "log_ratio_ci_high", "conservative_log_ratio"]
MULTI_COLUMNS = ["ll", "df", "bic", "ell", "p"]
# Hardie (2014): the value that stands in for a zero frequency in Log Ratio.
LOG_RATIO_ZERO = 0.5
# from this many rows keyness scores each distinct (a, b, c, d) once (fewer: the numbering costs
# more than it saves)
DISTINCT_MIN_ROWS = 20_000
# multiple-comparison corrections of the Log Ratio interval (CQPweb's option)
CI_CORRECTIONS = (None, "bonferroni", "sidak")


def as_counts(x: Any, name: str) -> np.ndarray:
    """``x`` (scalar, list, array) as a float array of counts; a NaN is an input
    error naming ``name``. Shared by the keyness and collocation statistics."""
    arr = np.asarray(x, dtype=float)
    if np.isnan(arr).any():
        raise BingkaiInputError(f"{name} contains a missing value (NaN)",
                                hint="pass counts only; fill or drop missing counts first")
    return arr


def _x_ln_x_over(x: np.ndarray, e: np.ndarray) -> np.ndarray:
    """x ln(x/e), with 0 where x == 0 (the limit; UCREL's zero-term rule)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = x * np.log(x / e)
    return np.where(x == 0, 0.0, out)


def chi2_sf(df: int, x: np.ndarray) -> np.ndarray:
    """``chdtrc(df, x)`` (``scipy.stats.chi2.sf``), computed once per distinct value of ``x``:
    a keyness table repeats a few thousand LL values over tens of thousands of terms (terms
    with the same counts), and chdtrc is ~0.6 us a value (~270 ms of keyness of every outlet
    at 1M words, issue 24). The same function on the same values: the same bits."""
    x = np.asarray(x, dtype=float)
    if x.size < 64:
        return chdtrc(df, x)
    # a hash table, not a sort, finds the distinct values (-0.0 and 0.0 share one: same p)
    back, values = pd.factorize(x.ravel(), use_na_sentinel=False)
    return chdtrc(df, np.asarray(values, dtype=float))[back].reshape(x.shape)


def _no_negative_zero(x: np.ndarray) -> np.ndarray:
    # -0.0 + 0.0 == +0.0 in IEEE 754: keeps output bytes identical for equal values.
    return x + 0.0


def log_ratio_interval(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray, *,
                       confidence: float = 0.95, correction: str | None = None,
                       comparisons: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hardie's (2014) Log Ratio confidence interval and CQPweb's conservative Log Ratio.

    ``a, b, c, d`` are float arrays of equal shape (validated counts, as in
    :func:`keyness`). The interval is ``(ln RR ± z·SE) / ln 2`` with
    ``RR = (a'/c)/(b'/d)``, ``SE = sqrt(1/a' + 1/b' - 1/c - 1/d)``, a zero
    frequency replaced by 0.5 (``a'``, ``b'``), so its centre is exactly
    ``log_ratio``. ``z = norm.ppf(1 - alpha/2)`` with ``alpha = 1 -
    confidence``, after the multiple-comparison ``correction``:
    ``"bonferroni"`` (``alpha / m``) or ``"sidak"`` (``1 - (1 - alpha)^(1/m)``),
    ``m = comparisons`` (default: the number of elements). Returns ``(low,
    high, conservative)``; ``conservative`` is ``max(low, 0)`` when the
    Log Ratio is >= 0, else ``min(high, 0)`` -- the bound closest to zero, or
    0 when the interval contains zero.
    """
    if not 0 < confidence < 1:
        raise BingkaiInputError(f"confidence must be between 0 and 1, got {confidence!r}",
                                hint="e.g. confidence=0.95 for a 95% interval")
    if correction not in CI_CORRECTIONS:
        raise BingkaiInputError(f"unknown correction {correction!r}",
                                hint='use correction=None, "bonferroni" or "sidak"')
    m = int(max(a.shape[0], 1) if comparisons is None else comparisons)  # no rows: nothing to correct
    if m < 1:
        raise BingkaiInputError("comparisons must be >= 1", hint="pass the number of terms compared")
    alpha = 1.0 - confidence
    if correction == "bonferroni":
        alpha = alpha / m
    elif correction == "sidak":
        # -expm1(log1p(-alpha)/m) == 1 - (1-alpha)^(1/m) without cancellation for tiny alpha
        alpha = -np.expm1(np.log1p(-alpha) / m)
    z = ndtri(1.0 - alpha / 2.0)
    a1 = np.where(a == 0, LOG_RATIO_ZERO, a)
    b1 = np.where(b == 0, LOG_RATIO_ZERO, b)
    ln_rr = np.log((a1 / c) / (b1 / d))
    # 1/a' >= 1/c and 1/b' >= 1/d for counts, so this is >= 0 up to round-off
    se = np.sqrt(np.maximum(1.0 / a1 + 1.0 / b1 - 1.0 / c - 1.0 / d, 0.0))
    low = (ln_rr - z * se) / np.log(2.0)
    high = (ln_rr + z * se) / np.log(2.0)
    conservative = np.where(ln_rr >= 0, np.maximum(low, 0.0), np.minimum(high, 0.0))
    return _no_negative_zero(low), _no_negative_zero(high), _no_negative_zero(conservative)


def _distinct_rows(columns: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray] | None:
    """``(first, back)`` for equal-length 1-D arrays: ``first`` the row of each distinct tuple
    (in order of first appearance), ``back`` per row the number of its tuple. None when the
    tuples cannot be numbered in an int64 or fewer than half the rows repeat one (not worth
    a gather)."""
    key = np.zeros(columns[0].shape[0], dtype=np.int64)
    size = 1
    for column in columns:
        codes, uniques = pd.factorize(column)
        size *= max(len(uniques), 1)
        if size >= 2 ** 62:
            return None
        key = key * len(uniques) + codes
    back, uniques = pd.factorize(key)
    if 2 * len(uniques) > len(key):
        return None
    # factorize numbers the tuples in order of first appearance: where the running maximum
    # of the numbers grows is each tuple's first row, in number order
    return np.flatnonzero(np.diff(np.maximum.accumulate(back), prepend=-1) > 0), back


def _checked(a: Any, b: Any, c: Any, d: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``a, b, c, d`` as flat float arrays of the broadcast shape, each its own copy (a
    result frame holds them: it must not share memory with a caller's array); raises
    :class:`~bingkai.errors.BingkaiInputError` naming a bad argument."""
    a_, b_, c_, d_ = np.broadcast_arrays(
        *(as_counts(v, n) for v, n in ((a, "a"), (b, "b"), (c, "c"), (d, "d"))))
    # (+ 0.0: -0.0 and 0.0 are one count, and one row of keyness's distinct rows)
    a_, b_, c_, d_ = (np.asarray(x, dtype=float).reshape(-1) + 0.0 for x in (a_, b_, c_, d_))
    for name, arr in (("a", a_), ("b", b_)):
        if (arr < 0).any():
            raise BingkaiInputError(f"frequency {name} has a negative value",
                                    hint="frequencies are counts: use values >= 0")
    for name, arr in (("c", c_), ("d", d_)):
        if (arr <= 0).any():
            raise BingkaiInputError(f"corpus size {name} must be > 0",
                                    hint="pass the number of tokens in each corpus")
    if (a_ > c_).any() or (b_ > d_).any():
        raise BingkaiInputError("a frequency is larger than its corpus size",
                                hint="check that a <= c and b <= d (sizes in the same unit as the counts)")
    return a_, b_, c_, d_


def keyness(a: Any, b: Any, c: Any, d: Any, *, confidence: float = 0.95,
                   correction: str | None = None, comparisons: int | None = None) -> pd.DataFrame:
    """Keyness statistics for frequency ``a`` in ``c`` tokens vs ``b`` in ``d``.

    Arguments are scalars or array-likes of counts that broadcast together
    (numpy rules), e.g. one frequency column per corpus and two scalar sizes.
    Requires ``a, b >= 0``, ``c, d > 0``, ``a <= c``, ``b <= d``; otherwise
    raises :class:`~bingkai.errors.BingkaiInputError` naming the argument.
    ``confidence``, ``correction`` (None, ``"bonferroni"``, ``"sidak"``) and
    ``comparisons`` (default: the number of rows) set the Log Ratio interval,
    see :func:`log_ratio_interval`.

    Returns a DataFrame with one row per broadcast element and columns
    (definitions and sources in the module docstring):

    ``a, b, c, d``
        the inputs, broadcast, as floats;
    ``e1, e2``
        expected frequencies ``c(a+b)/(c+d)`` and ``d(a+b)/(c+d)``;
    ``ll``
        two-term log-likelihood (LL wizard / SigEff). Mathematically >= 0;
        float round-off below zero (equal relative frequencies) is clipped
        to 0;
    ``log_ratio``
        Hardie's Log Ratio, 0.5 for a zero frequency before normalising.
        Because of that substitution its sign can disagree with
        ``direction`` when ``a`` or ``b`` is 0 and the corpus sizes differ a
        lot (e.g. a=0 in a small target, b=1 in a huge reference); with both
        frequencies > 0 the signs always agree. With a = b = 0 it is
        ``log2(d/c)`` (Hardie's rule applied literally);
    ``pct_diff``
        %DIFF. With ``b == 0`` it is ``inf`` (``nan`` when ``a == b == 0``).
        The SigEff spreadsheet and Gabrielatos (2018) instead divide by a tiny
        stand-in (1e-18) for the zero relative frequency, which prints as an
        enormous finite number; ``inf`` says the same thing without an
        arbitrary constant and sorts identically;
    ``bic``
        ``ll - ln(c+d)``;
    ``ell``
        ``ll / ((c+d) ln(min(e1, e2)))``, the published formula taken
        literally: it is negative when min(E) < 1, infinite when min(E) == 1
        and 0 when a = b = 0;
    ``relative_risk``
        ``(a/c)/(b/d)`` without zero substitution (``inf`` when b = 0,
        ``nan`` when a = b = 0);
    ``p``
        ``scipy.stats.chi2.sf(ll, 1)``;
    ``direction``
        ``"over"`` when the target's relative frequency is higher
        (``a·d > b·c``, compared as products so float division cannot flip
        ties), else ``"under"`` -- equal relative frequencies (ll = 0) are
        reported as ``"under"`` (not over-used), following the contract's two
        values;
    ``log_ratio_ci_low, log_ratio_ci_high``
        the Log Ratio confidence interval at ``confidence`` (Hardie 2014,
        normal approximation, centred on ``log_ratio``; the issue's
        ``log_ratio_ci`` as two tidy columns);
    ``conservative_log_ratio``
        CQPweb's conservative Log Ratio: the interval bound closest to zero,
        0 when the interval contains zero.
    """
    a_, b_, c_, d_ = _checked(a, b, c, d)
    if comparisons is None:  # the number of rows, also when the scores are computed per distinct row
        comparisons = max(a_.shape[0], 1)
    tried = a_.shape[0] >= DISTINCT_MIN_ROWS
    distinct = _distinct_rows((a_, b_, c_, d_)) if tried else None
    if distinct is not None:
        # a table of counts repeats a few thousand (a, b, c, d) over many rows (every word
        # used once here and once elsewhere): each distinct row is scored once and the
        # scores gathered -- the same function on the same values, the same bits
        first, back = distinct
        return _scores(a_[first], b_[first], c_[first], d_[first], confidence=confidence,
                       correction=correction, comparisons=comparisons, distinct=True).take(back).reset_index(drop=True)
    # (tried and hardly repeated: the LL values hardly repeat either, chi2_sf need not number them)
    return _scores(a_, b_, c_, d_, confidence=confidence, correction=correction, comparisons=comparisons,
                   distinct=tried)


def _scores(a_: np.ndarray, b_: np.ndarray, c_: np.ndarray, d_: np.ndarray, *, confidence: float,
            correction: str | None, comparisons: int, distinct: bool = False) -> pd.DataFrame:
    """:func:`keyness` of checked flat float arrays, row by row. ``distinct``: the rows are
    distinct already, so their LL values hardly repeat (chi2_sf's numbering would not pay)."""
    n = c_ + d_
    e1 = c_ * (a_ + b_) / n
    e2 = d_ * (a_ + b_) / n
    ll = 2.0 * (_x_ln_x_over(a_, e1) + _x_ln_x_over(b_, e2))
    ll = np.maximum(ll, 0.0)  # Gibbs' inequality: LL >= 0; clip round-off only

    rel_a = a_ / c_
    rel_b = b_ / d_
    lr_a = np.where(a_ == 0, LOG_RATIO_ZERO, a_) / c_
    lr_b = np.where(b_ == 0, LOG_RATIO_ZERO, b_) / d_
    log_ratio = np.log2(lr_a / lr_b)

    with np.errstate(divide="ignore", invalid="ignore"):
        pct_diff = 100.0 * (rel_a - rel_b) / rel_b
        relative_risk = rel_a / rel_b
        ell = ll / (n * np.log(np.minimum(e1, e2)))
    bic = ll - np.log(n)
    p = chdtrc(1, ll) if distinct else chi2_sf(1, ll)  # the same bits either way
    # the two words as an Arrow take (a string array built from 34k numpy strings: ~4 ms)
    direction = pa.array(["over", "under"]).take(pa.array(np.where(a_ * d_ > b_ * c_, 0, 1).astype(np.int8)))
    ci_low, ci_high, conservative = log_ratio_interval(
        a_, b_, c_, d_, confidence=confidence, correction=correction, comparisons=comparisons)

    # copy=False: one block per column, not one 2-D block the columns are copied into (the
    # arrays are this call's own; the copy and its fresh pages were ~130 ms of keyness of
    # every outlet's first call, 344k rows, issue 24)
    return pd.DataFrame({
        "a": a_, "b": b_, "c": c_, "d": d_, "e1": e1, "e2": e2,
        "ll": _no_negative_zero(ll),
        "log_ratio": _no_negative_zero(log_ratio),
        "pct_diff": _no_negative_zero(pct_diff),
        "bic": bic,
        "ell": _no_negative_zero(ell),
        "relative_risk": relative_risk,
        "p": p,
        "direction": pd.array(direction, dtype="string"),
        "log_ratio_ci_low": ci_low,
        "log_ratio_ci_high": ci_high,
        "conservative_log_ratio": conservative,
    }, copy=False)


def multi_keyness(freqs: Any, sizes: Any) -> pd.DataFrame:
    """k-corpus log-likelihood per term (the LL wizard's extension to k corpora).

    ``freqs`` is a term x k array of observed frequencies ``O_i`` (or a
    DataFrame whose index holds the terms and whose k columns are the
    corpora); ``sizes`` holds the k corpus sizes ``N_i`` in the same order.
    Per term: ``E_i = N_i ΣO / ΣN``, ``LL = 2 Σ O_i ln(O_i/E_i)`` (a zero
    O_i contributes 0), ``df = k - 1``, ``BIC = LL - (k-1) ln(ΣN)``,
    ``ELL = LL / (ΣN ln(min_i E_i))``, ``p = chi2.sf(LL, k-1)``. With k = 2
    this is exactly the two-term LL of :func:`keyness`.

    Returns one row per term, columns ``term`` (only when ``freqs`` is a
    DataFrame: its index, in its order), ``ll, df, bic, ell, p``.
    """
    term = None
    if isinstance(freqs, pd.DataFrame):
        term = freqs.index.astype("string")
        freqs = freqs.to_numpy(dtype=float)
    o = as_counts(freqs, "freqs")
    if o.ndim == 1:
        o = o[np.newaxis, :]
    if o.ndim != 2:
        raise BingkaiInputError("freqs must be a term x corpus table (2-D)",
                                hint="pass one row per term and one column per corpus")
    sizes_ = as_counts(sizes, "sizes").ravel()
    k = o.shape[1]
    if sizes_.shape[0] != k:
        raise BingkaiInputError(f"freqs has {k} corpus columns but sizes has {sizes_.shape[0]} values",
                                hint="give one size per corpus column, in the same order")
    if k < 2:
        raise BingkaiInputError("multi_keyness needs at least 2 corpora", hint="add a corpus column")
    if (o < 0).any():
        raise BingkaiInputError("freqs has a negative value", hint="frequencies are counts: use values >= 0")
    if (sizes_ <= 0).any():
        raise BingkaiInputError("every corpus size must be > 0", hint="drop empty corpora first")
    if (o > sizes_).any():
        raise BingkaiInputError("a frequency is larger than its corpus size",
                                hint="sizes must be in the same unit as the counts")

    total_n = sizes_.sum()
    # same arithmetic order as keyness (N_i * ΣO / ΣN) so k = 2 agrees to the last bit
    e = sizes_[np.newaxis, :] * o.sum(axis=1, keepdims=True) / total_n
    ll = np.maximum(2.0 * _x_ln_x_over(o, e).sum(axis=1), 0.0)
    df = k - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        ell = ll / (total_n * np.log(e.min(axis=1)))
    out = pd.DataFrame({
        "ll": _no_negative_zero(ll),
        "df": np.full(ll.shape[0], df, dtype=np.int64),
        "bic": ll - df * np.log(total_n),
        "ell": _no_negative_zero(ell),
        "p": chi2_sf(df, ll),
    })
    if term is not None:
        out.insert(0, "term", pd.array(term, dtype="string"))
    return out
