"""stats.keyness scores each distinct (a, b, c, d) row once and gathers the scores (issue 24: a
frequency table repeats a few thousand count pairs over 100k+ rows); the table is the one
row-by-row scoring gives, bit for bit, and never shares memory with the caller's arrays."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bingkai import stats
from bingkai.stats import _keyness

COUNTS = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.sampled_from([10.0, 25.0, 1e6])),
                  min_size=1, max_size=200)


def _table(rows):
    a = np.array([r[0] for r in rows], dtype=float)
    b = np.array([r[1] for r in rows], dtype=float)
    c = np.array([r[2] for r in rows], dtype=float)
    return a, b, c, np.full(len(rows), 40.0)


@settings(max_examples=60, deadline=None)
@given(COUNTS, st.sampled_from([None, "bonferroni", "sidak"]))
def test_distinct_rows_same_bits_as_row_by_row(rows, correction):
    a, b, c, d = _table(rows)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(_keyness, "DISTINCT_MIN_ROWS", 1)
        fast = stats.keyness(a, b, c, d, correction=correction)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(_keyness, "DISTINCT_MIN_ROWS", 10**12)
        slow = stats.keyness(a, b, c, d, correction=correction)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    for column in slow.columns:
        if slow[column].dtype == float:
            assert fast[column].to_numpy().tobytes() == slow[column].to_numpy().tobytes(), column


def test_each_distinct_row_scored_once(monkeypatch):
    seen = []
    scores = _keyness._scores
    monkeypatch.setattr(_keyness, "_scores", lambda *x, **k: seen.append(len(x[0])) or scores(*x, **k))
    a = np.tile(np.arange(5, dtype=float), 8_000)  # 40,000 rows, 5 distinct (a, b, c, d)
    out = stats.keyness(a, 5.0 - a, 100.0, 200.0)
    assert seen == [5]
    assert len(out) == 40_000 and out.index.equals(pd.RangeIndex(40_000))
    np.testing.assert_array_equal(out["a"].to_numpy(), a)
    # the interval's comparisons default to the rows of the table, not the distinct rows
    want = stats.log_ratio_interval(a[:5], 5.0 - a[:5], 100.0, 200.0, correction="bonferroni",
                                    comparisons=40_000)[0]
    got = stats.keyness(a, 5.0 - a, 100.0, 200.0, correction="bonferroni")["log_ratio_ci_low"].to_numpy()[:5]
    assert got.tobytes() == np.asarray(want).tobytes()


def test_few_repeats_scored_row_by_row(monkeypatch):
    seen = []
    scores = _keyness._scores
    monkeypatch.setattr(_keyness, "_scores", lambda *x, **k: seen.append(len(x[0])) or scores(*x, **k))
    a = np.arange(30_000, dtype=float)
    stats.keyness(a, a, 1e6, 1e6)
    assert seen == [30_000]


@pytest.mark.parametrize("n", [3, 30_000])
def test_result_does_not_share_the_callers_arrays(n):
    a, b = np.ones(n), np.full(n, 2.0)
    out = stats.keyness(a, b, 100.0, 100.0)
    a[:] = 7.0
    b[:] = 9.0
    assert (out["a"] == 1.0).all() and (out["b"] == 2.0).all()


def test_negative_zero_is_zero():
    out = stats.keyness(np.array([-0.0, 1.0]), 1.0, 10.0, 10.0)
    assert not np.signbit(out["a"].to_numpy()).any()
