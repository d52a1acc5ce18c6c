"""Log Ratio confidence interval and conservative Log Ratio (Hardie 2014,
CQPweb), computed by hand from the published definition: the normal
approximation to ln(RR), SE = sqrt(1/a + 1/b - 1/c - 1/d) with a zero
frequency replaced by 0.5, converted to log2; the conservative Log Ratio is
the bound closest to zero, 0 when the interval contains zero.

Evert's association-measures (``conservative_log_ratio(boundary="normal")``)
implements the same formula but could not be installed as an oracle (it pins
pandas < 3); the hand computation below follows the published definition
instead."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from bingkai.errors import BingkaiInputError

from bingkai.views.keyness import keyness
from bingkai import stats

Z95 = NormalDist().inv_cdf(0.975)


def _by_hand(a, b, c, d, z):
    a1, b1 = (a or 0.5), (b or 0.5)
    ln_rr = math.log((a1 / c) / (b1 / d))
    se = math.sqrt(1 / a1 + 1 / b1 - 1 / c - 1 / d)
    low, high = (ln_rr - z * se) / math.log(2), (ln_rr + z * se) / math.log(2)
    cons = max(low, 0.0) if ln_rr >= 0 else min(high, 0.0)
    return low, high, cons


@pytest.mark.parametrize(("a", "b", "c", "d"), [
    (10, 5, 1000, 2000),      # Log Ratio exactly 2
    (340, 2500, 10_000, 100_000),
    (200, 2500, 10_000, 100_000),  # under-used: conservative is the upper bound
    (7, 0, 10_000, 100_000),  # zero in the reference: 0.5 stands in
    (3, 4, 5_000, 6_000),     # interval contains 0
])
def test_interval_and_conservative_by_hand(a, b, c, d):
    row = stats.keyness(a, b, c, d).iloc[0]
    low, high, cons = _by_hand(a, b, c, d, Z95)
    assert row["log_ratio_ci_low"] == pytest.approx(low, rel=1e-12, abs=1e-15)
    assert row["log_ratio_ci_high"] == pytest.approx(high, rel=1e-12, abs=1e-15)
    assert row["conservative_log_ratio"] == pytest.approx(cons, rel=1e-12, abs=1e-15)
    # centred on the existing Log Ratio column
    assert (row["log_ratio_ci_low"] + row["log_ratio_ci_high"]) / 2 == pytest.approx(row["log_ratio"], rel=1e-12)


def test_log_ratio_two_worked_out():
    # a=10 in 1000, b=5 in 2000: LR = log2(0.01/0.0025) = 2;
    # SE = sqrt(1/10 + 1/5 - 1/1000 - 1/2000) = sqrt(0.2985)
    row = stats.keyness(10, 5, 1000, 2000).iloc[0]
    half = Z95 * math.sqrt(0.2985) / math.log(2)
    assert row["log_ratio"] == pytest.approx(2.0, rel=1e-12)
    assert row["log_ratio_ci_low"] == pytest.approx(2 - half, rel=1e-12)
    assert row["conservative_log_ratio"] == pytest.approx(2 - half, rel=1e-12)


def test_multiple_comparison_corrections():
    a, b = [10, 3, 50], [5, 4, 20]
    plain = stats.keyness(a, b, 1000, 2000)
    bonf = stats.keyness(a, b, 1000, 2000, correction="bonferroni")
    sidak = stats.keyness(a, b, 1000, 2000, correction="sidak", comparisons=1000)
    z_bonf = NormalDist().inv_cdf(1 - 0.05 / 3 / 2)
    z_sidak = NormalDist().inv_cdf(1 - (1 - 0.95 ** (1 / 1000)) / 2)
    for k in range(3):
        assert bonf.loc[k, "log_ratio_ci_low"] == pytest.approx(_by_hand(a[k], b[k], 1000, 2000, z_bonf)[0], rel=1e-9)
        assert sidak.loc[k, "log_ratio_ci_high"] == pytest.approx(
            _by_hand(a[k], b[k], 1000, 2000, z_sidak)[1], rel=1e-9)
    # wider intervals: conservative values shrink towards zero
    assert (np.abs(bonf["conservative_log_ratio"]) <= np.abs(plain["conservative_log_ratio"])).all()
    # the 99% interval contains the 95% one
    wide = stats.keyness(a, b, 1000, 2000, confidence=0.99)
    assert (wide["log_ratio_ci_low"] < plain["log_ratio_ci_low"]).all()
    with pytest.raises(BingkaiInputError, match="correction"):
        stats.keyness(1, 1, 10, 10, correction="holm")
    with pytest.raises(BingkaiInputError, match="confidence"):
        stats.keyness(1, 1, 10, 10, confidence=95)


def test_keyness_frame_gains_the_columns():
    import pandas as pd

    counts = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "term": ["x", "y", "x", "y"], "count": [30, 5, 10, 40]})
    out = keyness(counts=counts, target="A")
    x = out.set_index("term").loc["x"]
    low, high, cons = _by_hand(30, 10, 35, 50, Z95)
    assert x["log_ratio_ci_low"] == pytest.approx(low, rel=1e-12)
    assert x["conservative_log_ratio"] == pytest.approx(cons, rel=1e-12)


def test_keyness_passes_level_and_correction_through():
    import pandas as pd


    counts = pd.DataFrame({"outlet": ["A", "A", "A", "B", "B", "B"], "term": ["x", "y", "z"] * 2,
                           "count": [30, 5, 9, 10, 40, 8]})
    out = keyness(counts=counts, target="A", confidence=0.99, correction="bonferroni").set_index("term")
    z = NormalDist().inv_cdf(1 - 0.01 / 3 / 2)  # 3 terms tested
    low, high, cons = _by_hand(30, 10, 44, 58, z)
    assert out.loc["x", "log_ratio_ci_low"] == pytest.approx(low, rel=1e-12)
    assert out.loc["x", "conservative_log_ratio"] == pytest.approx(cons, rel=1e-12)
    stacked = keyness(counts=counts, confidence=0.99, correction="bonferroni")
    again = stacked[stacked["outlet"] == "A"].set_index("term")
    assert again.loc["x", "log_ratio_ci_high"] == pytest.approx(high, rel=1e-12)


def test_no_rows_is_an_empty_frame_not_an_error():
    out = stats.keyness(np.array([]), np.array([]), 10, 10, correction="sidak")
    assert out.empty and "conservative_log_ratio" in out.columns
