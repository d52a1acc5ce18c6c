"""Dispersion (Gries' DP, DPnorm, Juilland's D, range) against Gries (2008)'s
worked example, the defining formulas computed by hand, and the
``corpus-dispersion`` package as a test-only oracle; then the corpus view on
hand-written articles and on the synthetic benchmark corpus."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

import bingkai
from bingkai.stats import DISPERSION_COLUMNS as SCORE_COLUMNS
from bingkai.errors import BingkaiInputError
from bingkai import stats

cd = pytest.importorskip("corpus_dispersion")

# Gries (2008), section 3: a 50-word corpus in five parts of 9, 10, 10, 10, 11
# words; "a" occurs 1, 2, 3, 4, 5 times. Published: DP = 0.18.
GRIES_SIZES = [9, 10, 10, 10, 11]
GRIES_A = [1, 2, 3, 4, 5]


def _by_hand(freqs, sizes):
    """DP, DPnorm and Juilland's D straight from the definitions, in plain Python."""
    f, total = sum(freqs), sum(sizes)
    s = [x / total for x in sizes]
    dp = 0.5 * sum(abs(fi / f - si) for fi, si in zip(freqs, s))
    dp_norm = dp / (1 - min(s))
    p = [fi / si for fi, si in zip(freqs, sizes)]
    mean = sum(p) / len(p)
    sd = math.sqrt(sum((x - mean) ** 2 for x in p) / len(p))
    d = 1 - (sd / mean) / math.sqrt(len(p) - 1)
    return dp, dp_norm, d


def test_gries_2008_worked_example():
    row = stats.dispersion(GRIES_A, GRIES_SIZES).iloc[0]
    assert row["dp"] == pytest.approx(0.18, abs=1e-12)
    # Lijffijt & Gries (2012): DPnorm = DP / (1 - min s) = 0.18 / (1 - 9/50)
    assert row["dp_norm"] == pytest.approx(0.18 / (1 - 9 / 50), abs=1e-12)
    assert row["freq"] == 15 and row["range"] == 5 and row["parts"] == 5
    dp, dp_norm, d = _by_hand(GRIES_A, GRIES_SIZES)
    assert row["juilland_d"] == pytest.approx(d, rel=1e-12)


CASES = [
    (GRIES_A, GRIES_SIZES),
    ([1, 0, 0, 0, 0], GRIES_SIZES),          # all in the smallest part: DPnorm = 1
    ([0, 0, 0, 0, 6], GRIES_SIZES),
    ([2, 2, 2, 2, 2], GRIES_SIZES),
    ([3, 1, 0, 7], [120, 40, 300, 95]),
    ([10, 10, 10], [100, 100, 100]),          # perfectly even: DP 0, D 1
    ([0, 4, 1, 0, 0, 9, 2], [50, 61, 20, 33, 80, 71, 45]),
]


@pytest.mark.parametrize(("freqs", "sizes"), CASES)
def test_agrees_with_corpus_dispersion_and_hand_formulas(freqs, sizes):
    row = stats.dispersion(freqs, sizes).iloc[0]
    oracle = cd.CorpusWordAnalyzer([float(x) for x in freqs], [float(x) for x in sizes],
                                   float(sum(sizes))).calculate_all_metrics()
    assert row["range"] == oracle.range
    assert row["dp"] == pytest.approx(oracle.dp, abs=1e-9)
    assert row["dp_norm"] == pytest.approx(oracle.dp_norm, abs=1e-9)
    assert row["juilland_d"] == pytest.approx(oracle.juilland_d, abs=1e-9)
    dp, dp_norm, d = _by_hand(freqs, sizes)
    assert (row["dp"], row["dp_norm"], row["juilland_d"]) == pytest.approx((dp, dp_norm, d), abs=1e-12)


def test_matrix_dense_and_sparse_agree_with_rowwise_oracle():
    rng = np.random.default_rng(7)
    sizes = rng.integers(20, 400, size=30).astype(float)
    freqs = rng.poisson(0.6, size=(40, 30)) * (rng.random((40, 30)) < 0.4)
    freqs[0] = 0  # absent term
    dense = stats.dispersion(freqs, sizes)
    sp = stats.dispersion(sparse.csr_matrix(freqs), sizes)
    pd.testing.assert_frame_equal(dense, sp)
    assert list(dense.columns) == SCORE_COLUMNS
    for k in range(1, 40):
        if freqs[k].sum() == 0:
            continue
        oracle = cd.CorpusWordAnalyzer(freqs[k].astype(float).tolist(), sizes.tolist(),
                                       float(sizes.sum())).calculate_all_metrics()
        assert dense.loc[k, "dp"] == pytest.approx(oracle.dp, abs=1e-9)
        assert dense.loc[k, "dp_norm"] == pytest.approx(oracle.dp_norm, abs=1e-9)
        assert dense.loc[k, "juilland_d"] == pytest.approx(oracle.juilland_d, abs=1e-9)
    assert dense.loc[0, "freq"] == 0 and dense.loc[0, "range"] == 0
    assert dense.loc[0, ["dp", "dp_norm", "juilland_d"]].isna().all()


def test_dataframe_input_keeps_term_names_and_drops_empty_parts():
    freqs = pd.DataFrame([[1, 0, 2], [0, 0, 0]], index=["teroris", "militan"], columns=["d1", "d2", "d3"])
    out = stats.dispersion(freqs, [10, 0, 20])
    assert out["term"].tolist() == ["teroris", "militan"]
    assert out.loc[0, "parts"] == 2  # the empty part is not a part
    expected = _by_hand([1, 2], [10, 20])
    assert out.loc[0, ["dp", "dp_norm", "juilland_d"]].tolist() == pytest.approx(list(expected), abs=1e-12)


def test_one_part_and_bad_input():
    one = stats.dispersion([[4]], [10]).iloc[0]
    assert one["dp"] == 0 and math.isnan(one["dp_norm"]) and math.isnan(one["juilland_d"])
    with pytest.raises(BingkaiInputError, match="sizes"):
        stats.dispersion([1, 2], [10, -1])
    with pytest.raises(BingkaiInputError, match="part columns"):
        stats.dispersion([1, 2, 3], [10, 10])
    with pytest.raises(BingkaiInputError, match="size 0 has a non-zero count"):
        stats.dispersion([1, 2], [10, 0])
    with pytest.raises(BingkaiInputError, match="negative"):
        stats.dispersion([1, -2], [10, 10])


# --------------------------------------------------------------------- corpus


def _articles(rows):
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "period", "title", "subtitle", "text"])


# Hand-written Indonesian news-like text (not copied from any article).
# Outlet A uses "teroris" once in each of its three articles; outlet B piles
# four into one article and has another article without it.
CORPUS = _articles([
    ("a1", "A", "p1", "Judul satu", "", "Kelompok teroris menyerang pos. Warga mengungsi ke desa."),
    ("a2", "A", "p1", "Judul dua", "", "Aparat menyebut mereka teroris bersenjata di perbatasan."),
    ("a3", "A", "p2", "Judul tiga", "", "Pemerintah menuding teroris merusak jembatan kota."),
    ("b1", "B", "p1", "Judul empat", "", "Teroris, teroris, dan teroris lagi: kata pejabat itu teroris."),
    ("b2", "B", "p2", "Judul lima", "", "Pasukan oposisi merebut bandara dan pangkalan udara."),
])


def test_corpus_dispersion_by_outlet_hand_counted():
    with pytest.warns(UserWarning, match="'tidakada'"):
        out = bingkai.dispersion(CORPUS, terms=["teroris", "tidakada"], by="outlet")
    assert list(out.columns) == ["outlet", "term", *SCORE_COLUMNS]
    a = out[(out["outlet"] == "A") & (out["term"] == "teroris")].iloc[0]
    b = out[(out["outlet"] == "B") & (out["term"] == "teroris")].iloc[0]
    assert (a["freq"], a["range"], a["parts"]) == (3, 3, 3)
    assert (b["freq"], b["range"], b["parts"]) == (4, 1, 2)
    # part sizes are word tokens of the body, counted by hand
    assert a["dp"] == pytest.approx(_by_hand([1, 1, 1], [8, 7, 6])[0], abs=1e-12)
    assert b["dp"] == pytest.approx(_by_hand([4, 0], [9, 7])[0], abs=1e-12)
    assert a["dp"] < b["dp"]  # A's habit, B's spike
    missing = out[out["term"] == "tidakada"]
    assert (missing["freq"] == 0).all() and missing["dp"].isna().all()


def test_a_surface_form_is_warned_about_with_its_term():
    with pytest.warns(UserWarning, match="'menyerang' \\(analyzer term: 'serang'\\)"):
        out = bingkai.dispersion(CORPUS, terms=["menyerang"], by=None)
    assert out.loc[0, "freq"] == 0


def test_corpus_dispersion_whole_corpus_and_errors():
    out = bingkai.dispersion(CORPUS, terms="teroris", by=None)
    assert list(out.columns) == ["term", *SCORE_COLUMNS]
    assert out.iloc[0]["freq"] == 7 and out.iloc[0]["range"] == 4 and out.iloc[0]["parts"] == 5
    with pytest.raises(BingkaiInputError, match="over"):
        bingkai.dispersion(CORPUS, over="sentence")
    with pytest.raises(BingkaiInputError, match="no column"):
        bingkai.dispersion(CORPUS, by="desk")


@pytest.fixture(scope="module")
def synthetic(synthetic_corpus):
    return synthetic_corpus.copy()


def test_corpus_dispersion_all_terms_on_synthetic_outlets(synthetic):
    corpus = synthetic
    out = bingkai.dispersion(corpus, by="outlet", progress=False)
    assert out["outlet"].nunique() == corpus["outlet"].nunique() >= 3
    # freq per outlet equals the analyzer's term counts
    counts = bingkai.terms(corpus).groupby(["outlet", "term"])["count"].sum()
    got = out[out["freq"] > 0].set_index(["outlet", "term"])["freq"]
    pd.testing.assert_series_equal(got.sort_index(), counts.sort_index().rename("freq"), check_dtype=False)
    ok = out.dropna(subset=["dp"])
    assert ((ok["dp"] >= 0) & (ok["dp"] <= 1) & (ok["dp_norm"] <= 1 + 1e-12)).all()
    assert ((ok["juilland_d"] >= 0) & (ok["juilland_d"] <= 1)).all()
    assert (out["range"] <= out["parts"]).all()


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(1, 200)), min_size=2, max_size=15),
       st.integers(2, 7))
def test_bounds_and_scale_invariance(cells, scale):
    freqs = [min(f, s) for f, s in cells]
    sizes = [s for _, s in cells]
    if sum(freqs) == 0:
        return
    row = stats.dispersion(freqs, sizes).iloc[0]
    assert 0 <= row["dp"] <= 1 and 0 <= row["dp_norm"] <= 1 + 1e-12 and 0 <= row["juilland_d"] <= 1
    # DP and D depend on proportions only: scaling every size changes nothing
    scaled = stats.dispersion(freqs, [s * scale for s in sizes]).iloc[0]
    assert scaled["dp"] == pytest.approx(row["dp"], abs=1e-12)
    assert scaled["juilland_d"] == pytest.approx(row["juilland_d"], abs=1e-9)
