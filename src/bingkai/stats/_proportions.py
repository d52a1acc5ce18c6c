"""Confidence intervals of a proportion (Wilson, Clopper-Pearson exact) for counts out of totals.
"""

from __future__ import annotations


import numpy as np
# scipy.special, not scipy.stats: the same functions (stats.norm.ppf is
# special.ndtri, stats.beta.ppf is special.betaincinv) without the ~0.6 s
# import of scipy.stats in every kernel that only asks for label rates
from scipy import special


from bingkai.errors import BingkaiInputError


def check_ci(ci: str) -> None:
    """The confidence-interval methods :func:`proportion_ci` offers."""
    if ci not in ("wilson", "exact"):
        raise BingkaiInputError(f"ci={ci!r} is not 'wilson' or 'exact'",
                                hint="use ci='wilson' (default) or ci='exact' (Clopper-Pearson)")


def proportion_ci(count, n, method: str = "wilson", confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised two-sided binomial proportion CI for ``count`` of ``n``.

    ``method="wilson"``: Wilson score interval (no continuity correction);
    ``"exact"``: Clopper-Pearson. Equal to
    ``scipy.stats.binomtest(k, n).proportion_ci(confidence, method)`` cell by
    cell; NaN where ``n == 0``. Returns ``(low, high)`` arrays of proportions.
    """
    k = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "wilson":
            z = special.ndtri(1.0 - alpha / 2.0)
            p = k / n
            denom = 1.0 + z * z / n
            centre = (p + z * z / (2.0 * n)) / denom
            half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
            # The bounds are exactly 0 at k = 0 and 1 at k = n; centre ± half
            # only gets there up to round-off (1e-18, printed as a non-zero rate).
            low = np.where(k == 0, 0.0, centre - half)
            high = np.where(k == n, 1.0, centre + half)
        elif method == "exact":
            low = np.where(k > 0, special.betaincinv(k, n - k + 1, alpha / 2.0), 0.0)
            high = np.where(k < n, special.betaincinv(k + 1, n - k, 1.0 - alpha / 2.0), 1.0)
        else:
            raise BingkaiInputError(f"method={method!r} is not 'wilson' or 'exact'",
                                    hint="use 'wilson' or 'exact'")
    low = np.where(n > 0, np.clip(low, 0.0, 1.0), np.nan)
    high = np.where(n > 0, np.clip(high, 0.0, 1.0), np.nan)
    return low, high
