"""Keyness statistics against published values and their defining properties.

Published values: UCREL SigEff spreadsheet (corpus 1 = 10,000 tokens,
corpus 2 = 100,000 tokens) as quoted in issue 5, and the LL wizard's worked
example (52 in 50,000 vs 57 in 75,000 -> LL 2.65,
https://ucrel.lancs.ac.uk/llwizard.html).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import power_divergence

import bingkai
from bingkai.errors import BingkaiInputError
from bingkai.stats import KEYNESS_SCORE_COLUMNS as SCORE_COLUMNS
from bingkai.views.keyness import KEYNESS_COLUMNS, keyness
from bingkai import stats

REL = 1e-9
C, D = 10_000, 100_000

# (a, b, {column: published value}) from the SigEff spreadsheet
SIGEFF = [
    (340, 2500, {"ll": 26.175757819087551, "pct_diff": 36, "bic": 14.567522174312998,
                 "ell": 4.2847646566036894e-05, "log_ratio": 0.44360665147561484}),
    (200, 2500, {"ll": 9.8279282825777727, "pct_diff": -20, "log_ratio": -0.32192809488736251}),
    (7, 0, {"ll": 33.570533819177186, "log_ratio": 7.1292830169449664}),
    (654, 654, {"ll": 1447.8397076595088, "pct_diff": 900, "log_ratio": 3.3219280948873626}),
    (1500, 15000, {"ll": 0.0, "bic": -11.608235644774552}),
]


@pytest.mark.parametrize(("a", "b", "expected"), SIGEFF)
def test_sigeff_published_values(a, b, expected):
    row = stats.keyness(a, b, C, D).iloc[0]
    for column, value in expected.items():
        assert row[column] == pytest.approx(value, rel=REL, abs=1e-12), column


def test_sigeff_values_vectorised_match_scalar_rows():
    a = [s[0] for s in SIGEFF]
    b = [s[1] for s in SIGEFF]
    vec = stats.keyness(a, b, C, D)
    assert list(vec.columns) == SCORE_COLUMNS
    assert len(vec) == len(SIGEFF)
    for i, (ai, bi, _) in enumerate(SIGEFF):
        one = stats.keyness(ai, bi, C, D)
        pd.testing.assert_frame_equal(vec.iloc[[i]].reset_index(drop=True), one)


def test_ll_wizard_example():
    row = stats.keyness(52, 57, 50_000, 75_000).iloc[0]
    assert round(row["ll"], 2) == 2.65
    assert row["direction"] == "over"  # 52/50,000 = 0.104% > 57/75,000 = 0.076%


def test_expected_values_and_direction_by_hand():
    row = stats.keyness(340, 2500, C, D).iloc[0]
    # E1 = 10,000 × 2,840 / 110,000; E2 = 100,000 × 2,840 / 110,000
    assert row["e1"] == pytest.approx(10_000 * 2840 / 110_000, rel=REL)
    assert row["e2"] == pytest.approx(100_000 * 2840 / 110_000, rel=REL)
    assert row["relative_risk"] == pytest.approx(0.034 / 0.025, rel=REL)
    assert row["direction"] == "over"
    assert stats.keyness(200, 2500, C, D).iloc[0]["direction"] == "under"


def test_zero_reference_frequency_conventions():
    # a = 7, b = 0: %DIFF and relative risk are unbounded -> inf (documented choice)
    row = stats.keyness(7, 0, C, D).iloc[0]
    assert math.isinf(row["pct_diff"]) and row["pct_diff"] > 0
    assert math.isinf(row["relative_risk"])
    # Log Ratio replaces the zero by 0.5 before normalising: log2((7/1e4)/(0.5/1e5)) = log2(140)
    assert row["log_ratio"] == pytest.approx(math.log2(140), rel=REL)
    both_zero = stats.keyness(0, 0, C, D).iloc[0]
    assert both_zero["ll"] == 0.0
    assert math.isnan(both_zero["pct_diff"]) and math.isnan(both_zero["relative_risk"])
    assert both_zero["log_ratio"] == pytest.approx(math.log2(D / C), rel=REL)


def test_equal_relative_frequencies_are_under_and_zero():
    row = stats.keyness(1500, 15000, C, D).iloc[0]
    assert row["direction"] == "under"
    assert row["log_ratio"] == 0.0 and row["pct_diff"] == 0.0 and row["p"] == 1.0
    # no negative zero leaks into output (byte-stable CSVs)
    assert math.copysign(1.0, row["ll"]) == 1.0


def test_log_ratio_zero_substitution_can_disagree_with_direction():
    # Known consequence of Hardie's 0.5 rule (documented): absent from a small
    # target, present once in a huge reference -> under-used, yet Log Ratio > 0.
    row = stats.keyness(0, 1, 1_000, 1_000_000).iloc[0]
    assert row["direction"] == "under"
    assert row["log_ratio"] == pytest.approx(math.log2((0.5 / 1_000) / (1 / 1_000_000)), rel=REL)


def test_broadcasting_scalar_sizes_and_array_sizes():
    a = np.array([1, 2, 3])
    out1 = stats.keyness(a, 5, 100, 200)
    out2 = stats.keyness(a, [5, 5, 5], [100, 100, 100], np.array([200, 200, 200]))
    pd.testing.assert_frame_equal(out1, out2)


@pytest.mark.parametrize(("args", "word"), [
    ((-1, 2, 10, 10), "negative"),
    ((1, 2, 0, 10), "> 0"),
    ((11, 2, 10, 10), "larger"),
    ((float("nan"), 2, 10, 10), "NaN"),
])
def test_bad_counts_raise_input_error(args, word):
    with pytest.raises(BingkaiInputError, match=word):
        stats.keyness(*args)


# ---------------------------------------------------------------- properties

counts = st.integers(min_value=0, max_value=10_000)
extra = st.integers(min_value=1, max_value=1_000_000)


@settings(max_examples=150, deadline=None)
@given(a=counts, b=counts, ec=extra, ed=extra)
def test_properties_hold_for_any_counts(a, b, ec, ed):
    c, d = a + ec, b + ed  # sizes always >= frequencies
    row = stats.keyness(a, b, c, d).iloc[0]
    assert row["ll"] >= 0
    assert 0.0 <= row["p"] <= 1.0
    assert row["bic"] == pytest.approx(row["ll"] - math.log(c + d), rel=1e-12, abs=1e-12)
    swapped = stats.keyness(b, a, d, c).iloc[0]
    assert swapped["ll"] == pytest.approx(row["ll"], rel=1e-9, abs=1e-9)
    if a * d != b * c:
        assert {row["direction"], swapped["direction"]} == {"over", "under"}
    if a > 0 and b > 0:
        # without zero substitution the sign of Log Ratio is the direction
        if row["direction"] == "over":
            assert row["log_ratio"] > 0
        else:
            assert row["log_ratio"] <= 0
        assert swapped["log_ratio"] == pytest.approx(-row["log_ratio"], rel=1e-9, abs=1e-12)
    if a + b > 0:
        # SciPy's own G statistic over the two observed cells is the two-term LL
        ref = power_divergence([a, b], f_exp=[row["e1"], row["e2"]], lambda_="log-likelihood")
        assert row["ll"] == pytest.approx(ref.statistic, rel=1e-9, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(data=st.lists(st.tuples(counts, counts), min_size=1, max_size=20),
       ec=extra, ed=extra)
def test_multi_keyness_with_two_corpora_equals_two_term_ll(data, ec, ed):
    o = np.array(data, dtype=float)
    c = o[:, 0].max() + ec
    d = o[:, 1].max() + ed
    two = stats.keyness(o[:, 0], o[:, 1], c, d)
    multi = stats.multi_keyness(o, [c, d])
    np.testing.assert_allclose(multi["ll"], two["ll"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(multi["bic"], two["bic"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(multi["p"], two["p"], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(multi["ell"], two["ell"], rtol=1e-12, atol=1e-12)
    assert (multi["df"] == 1).all()


def test_multi_keyness_three_corpora_by_hand():
    freqs = pd.DataFrame({"A": [10, 0], "B": [20, 5], "C": [30, 5]},
                         index=pd.Index(["rezim", "milisi"], name="term"))
    sizes = [1000, 100, 200]
    out = stats.multi_keyness(freqs.iloc[[0]], [1000, 2000, 1000])
    # row 1: ΣO = 60, ΣN = 4000 -> E = (15, 30, 15)
    ll = 2 * (10 * math.log(10 / 15) + 20 * math.log(20 / 30) + 30 * math.log(30 / 15))
    assert list(out.columns) == ["term", "ll", "df", "bic", "ell", "p"]
    assert out.loc[0, "term"] == "rezim"
    assert out.loc[0, "ll"] == pytest.approx(ll, rel=1e-12)
    assert out.loc[0, "df"] == 2
    assert out.loc[0, "bic"] == pytest.approx(ll - 2 * math.log(4000), rel=1e-12)
    assert out.loc[0, "ell"] == pytest.approx(ll / (4000 * math.log(15)), rel=1e-12)
    # row 2: O = (0, 5, 5), N = (1000, 100, 200) -> ΣN = 1300, E = 10·N/1300
    out2 = stats.multi_keyness(freqs.iloc[[1]], sizes)
    e = [10 * n / 1300 for n in sizes]
    ll2 = 2 * (5 * math.log(5 / e[1]) + 5 * math.log(5 / e[2]))  # zero O contributes 0
    assert out2.loc[0, "ll"] == pytest.approx(ll2, rel=1e-12)
    # chi-squared with 2 df has survival function exp(-x/2)
    assert out2.loc[0, "p"] == pytest.approx(math.exp(-ll2 / 2), rel=1e-9)


def test_multi_keyness_special_case_p_is_one_32nd():
    # O = (0, 5, 5), N = (100, 100, 200): E = (2.5, 2.5, 5), LL = 10 ln 2, p = e^(-5 ln 2) = 1/32
    out = stats.multi_keyness(np.array([[0, 5, 5]]), [100, 100, 200])
    assert out.loc[0, "ll"] == pytest.approx(10 * math.log(2), rel=1e-12)
    assert out.loc[0, "p"] == pytest.approx(1 / 32, rel=1e-9)
    assert "term" not in out.columns


def test_multi_keyness_rejects_mismatched_sizes():
    with pytest.raises(BingkaiInputError, match="sizes"):
        stats.multi_keyness(np.array([[1, 2, 3]]), [10, 10])


# ---------------------------------------------------------------- wrappers

# A: x 3, y 1 (c = 4); B: x 1, y 2, z 1 (4); C: y 1, z 2 (3)
COUNTS = pd.DataFrame({
    "outlet": ["A", "A", "B", "B", "B", "C", "C"],
    "term": ["x", "y", "x", "y", "z", "y", "z"],
    "count": [3, 1, 1, 2, 1, 1, 2],
})


def test_keyness_against_rest_from_counts():
    out = keyness(target="A", counts=COUNTS)
    assert list(out.columns) == KEYNESS_COLUMNS
    assert sorted(out["term"]) == ["x", "y", "z"]
    by_term = out.set_index("term")
    assert (by_term.loc["x", ["a", "b", "c", "d"]].tolist()) == [3, 1, 4, 7]
    assert (by_term.loc["z", ["a", "b", "c", "d"]].tolist()) == [0, 3, 4, 7]
    expected = stats.keyness([3, 1, 0], [1, 3, 3], 4, 7)
    np.testing.assert_allclose(by_term.loc[["x", "y", "z"], "ll"], expected["ll"], rtol=1e-12)
    # sorted by ll descending
    assert out["ll"].is_monotonic_decreasing
    assert by_term.loc["x", "direction"] == "over" and by_term.loc["z", "direction"] == "under"


def test_keyness_against_named_reference_and_min_freq():
    out = keyness(target="A", reference="B", counts=COUNTS)
    by_term = out.set_index("term")
    assert by_term.loc["x", ["a", "b", "c", "d"]].tolist() == [3, 1, 4, 4]
    assert by_term.loc["z", ["a", "b"]].tolist() == [0, 1]
    filtered = keyness(target="A", reference=["B"], counts=COUNTS, min_freq=2)
    assert sorted(filtered["term"]) == ["x", "y"]  # z: a + b = 1 < 2


def test_keyness_bonferroni_and_alpha():
    out = keyness(target="A", counts=COUNTS, bonferroni=True)
    np.testing.assert_allclose(out["p_bonferroni"], np.minimum(out["p"] * 3, 1.0))
    none_left = keyness(target="A", counts=COUNTS, bonferroni=True, alpha=1e-6)
    assert none_left.empty and "p_bonferroni" in none_left.columns


def test_keyness_ties_sorted_by_term_and_deterministic():
    counts = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "term": ["q", "p", "q", "p"],
                           "count": [2, 2, 1, 1]})
    out = keyness(target="A", counts=counts)
    assert out["term"].tolist() == ["p", "q"]
    again = keyness(target="A", counts=counts.iloc[::-1])
    pd.testing.assert_frame_equal(out, again)


@pytest.mark.parametrize(("kwargs", "word"), [
    ({"target": "Z"}, "not a value"),
    ({"target": "A", "reference": "Z"}, "not found"),
    ({"target": "A", "reference": ["A", "B"]}, "includes the target"),
])
def test_keyness_bad_arguments(kwargs, word):
    with pytest.raises(BingkaiInputError, match=word):
        keyness(counts=COUNTS, **kwargs)


def test_keyness_counts_row_with_negative_count_names_row():
    bad = COUNTS.copy()
    bad.loc[4, "count"] = -1
    with pytest.raises(BingkaiInputError, match="row 6"):
        keyness(target="A", counts=bad)


def test_keyness_all_stacks_every_group():
    out = keyness(counts=COUNTS)  # target=None: every group against the rest
    assert list(out.columns) == ["outlet", *KEYNESS_COLUMNS]
    assert out["outlet"].unique().tolist() == ["A", "B", "C"]
    pd.testing.assert_frame_equal(
        out[out["outlet"] == "B"].drop(columns="outlet").reset_index(drop=True),
        keyness(target="B", counts=COUNTS))


def test_keyness_multi_over_groups():
    out = keyness(counts=COUNTS, reference=None)  # all groups at once
    assert list(out.columns) == ["term", "freq", "ll", "df", "bic", "ell", "p", "top"]
    by_term = out.set_index("term")
    # x: O = (3, 1, 0) in sizes (4, 4, 3)
    expected = stats.multi_keyness(np.array([[3, 1, 0]]), [4, 4, 3])
    assert by_term.loc["x", "ll"] == pytest.approx(expected.loc[0, "ll"], rel=1e-12)
    assert by_term.loc["x", "freq"] == 4 and by_term.loc["x", "df"] == 2
    assert by_term.loc["x", "top"] == "A" and by_term.loc["z", "top"] == "C"


def _tiny_corpus() -> pd.DataFrame:
    # Hand-written: outlet A says "rezim" four times and "teroris" once; B says
    # "rezim" once (d2) and "oposisi" three times (d3). "dan", "itu" and "yang"
    # are stopwords; "2015" is a number; the title repeats "rezim" (counted
    # only when parts include the title).
    return pd.DataFrame({
        "doc_id": ["d1", "d2", "d3"], "outlet": ["A", "B", "B"], "period": ["p", "p", "q"],
        "title": ["Rezim", "", ""], "subtitle": ["", "", ""],
        "text": ["rezim rezim, rezim dan rezim itu teroris.",
                 "rezim yang 2015.",
                 "oposisi oposisi oposisi."],
    })


def test_keyness_unit_term_counts_analyzer_terms():
    out = keyness(_tiny_corpus(), target="A").set_index("term")
    assert out.loc["rezim", ["a", "b", "c", "d"]].tolist() == [4, 1, 5, 4]
    by_period = keyness(_tiny_corpus(), target="q", by="period").set_index("term")
    assert by_period.loc["oposisi", ["a", "b", "c", "d"]].tolist() == [3, 0, 3, 6]
    with_title = keyness(_tiny_corpus(), target="A", parts=("title", "body")).set_index("term")
    assert with_title.loc["rezim", ["a", "b", "c", "d"]].tolist() == [5, 1, 6, 4]
    # the same counts as the analyzer gives document by document
    counts = bingkai.terms(_tiny_corpus())
    assert counts.groupby("outlet")["count"].sum().to_dict() == {"A": 5, "B": 4}


def test_keyness_unit_lower_counts_word_tokens():
    out = keyness(_tiny_corpus(), target="A", unit="lower").set_index("term")
    # punctuation and numbers are not counted; stopwords are words here:
    # c = 7 words in A, d = 2 + 3 in B
    assert out.loc["rezim", ["a", "b", "c", "d"]].tolist() == [4, 1, 7, 5]
    assert "," not in out.index and "2015" not in out.index and "yang" in out.index


def test_public_names_resolve():
    # the counts-in statistics live in bingkai.stats only, not as top-level duplicates
    from bingkai.stats._keyness import keyness as defined, multi_keyness as defined_k

    assert bingkai.stats.keyness is defined and bingkai.stats.multi_keyness is defined_k
    assert not hasattr(bingkai, "keyness_scores") and not hasattr(bingkai, "multi_keyness")


# ---------------------------------------------------------------- seed corpus


def test_seed_hayat_only_in_ditphat(seed_corpus):
    corpus = seed_corpus.copy()
    out = keyness(corpus, target="ditphat.net", unit="lower").set_index("term")
    # grep: "Hay’at" occurs twice in seed 000 (both in kept body lines) and in no other seed;
    # the curly apostrophe is normalised to "'" in the lower column
    assert out.loc["hay'at", ["a", "b"]].tolist() == [2, 0]
    assert out.loc["hay'at", "direction"] == "over"
    # every term of one comparison shares the same corpus sizes
    assert out["c"].nunique() == 1 and out["d"].nunique() == 1


def test_corpus_keyness_reports_whole_number_counts():
    counts = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "term": ["x", "y", "x", "z"],
                           "count": [3, 1, 1, 5]})
    out = keyness(target="A", by="outlet", counts=counts)
    assert all(out[col].dtype == "int64" for col in ["a", "b", "c", "d"])
    x = out.set_index("term").loc["x"]
    assert (x["a"], x["b"], x["c"], x["d"]) == (3, 1, 4, 6)
