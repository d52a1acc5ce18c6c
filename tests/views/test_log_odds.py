"""Fightin' Words (Monroe, Colaresi & Quinn 2008, eq. 16-22): a tiny table
worked by hand, the ``fightin-words`` package as a test-only oracle, and the
corpus view on hand-written articles and synthetic outlets."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pandas as pd
import pytest

import bingkai
from bingkai.errors import BingkaiInputError
from bingkai.stats import LOG_ODDS_COLUMNS as SCORE_COLUMNS
from bingkai import stats


def test_tiny_table_by_hand():
    # terms x, y, z: target counts 3, 1, 0 (n_i = 4); reference 1, 2, 4 (n_j = 7);
    # uniform prior alpha_w = 1, so alpha_0 = 3.
    out = stats.log_odds([3, 1, 0], [1, 2, 4], 1.0)
    assert list(out.columns) == SCORE_COLUMNS
    # x: Omega_i = (3+1)/(4+3-3-1) = 4/3, Omega_j = (1+1)/(7+3-1-1) = 1/4
    assert out.loc[0, "log_odds"] == pytest.approx(math.log(16 / 3), rel=1e-12)
    assert out.loc[0, "variance"] == pytest.approx(1 / 4 + 1 / 2, rel=1e-12)
    assert out.loc[0, "z"] == pytest.approx(math.log(16 / 3) / math.sqrt(0.75), rel=1e-12)
    # y: Omega_i = 2/(4+3-1-1) = 2/5, Omega_j = 3/(7+3-2-1) = 3/7
    assert out.loc[1, "log_odds"] == pytest.approx(math.log((2 / 5) / (3 / 7)), rel=1e-12)
    # z: Omega_i = 1/(4+3-0-1) = 1/6, Omega_j = 5/(7+3-4-1) = 1
    assert out.loc[2, "log_odds"] == pytest.approx(math.log(1 / 6), rel=1e-12)
    assert out.loc[2, "variance"] == pytest.approx(1 / 1 + 1 / 5, rel=1e-12)


def test_informative_prior_by_hand():
    # prior = the two groups together (Monroe et al. 3.5.1 with the corpus as prior sample)
    yi, yj = [3, 1, 0], [1, 2, 4]
    alpha = [4, 3, 4]  # alpha_0 = 11
    out = stats.log_odds(yi, yj, alpha)
    for w in range(3):
        oi = (yi[w] + alpha[w]) / (4 + 11 - yi[w] - alpha[w])
        oj = (yj[w] + alpha[w]) / (7 + 11 - yj[w] - alpha[w])
        delta = math.log(oi) - math.log(oj)
        var = 1 / (yi[w] + alpha[w]) + 1 / (yj[w] + alpha[w])
        assert out.loc[w, "log_odds"] == pytest.approx(delta, rel=1e-12)
        assert out.loc[w, "z"] == pytest.approx(delta / math.sqrt(var), rel=1e-12)


def _fightin_words():
    """The oracle, made runnable.

    fightin-words 1.0.5 (``FWExtractor.transform``) has two defects: it calls
    Python 2's ``xrange``, and it joins the two corpora into ONE string before
    vectorising, then takes "the first corpus" as the first ``len(X[0])`` rows
    (a character count) of that one-row matrix -- so out of the box the
    reference counts are always 0. The test therefore supplies
    ``xrange = range``, a vectorizer that splits the joined text back into two
    rows at a marker, and a first corpus whose ``len()`` is 1, so that what is
    compared is the package's own arithmetic of eq. 16-22. That arithmetic
    keeps the counts and their totals in float32, so agreement is to ~1e-5,
    not 1e-9.
    """
    module = importlib.import_module("fightin-words.fightin-words")
    module.xrange = range
    from sklearn.feature_extraction.text import CountVectorizer

    class Split(CountVectorizer):
        def fit_transform(self, raw_documents, y=None):
            return super().fit_transform(raw_documents[0].split(" MARKER "), y)

    class OneRow(str):
        def __len__(self):
            return 1

    return module, Split, OneRow


def test_agrees_with_the_fightin_words_package():
    module, Split, OneRow = _fightin_words()
    target = "serang serang serang teroris teroris milisi rezim"
    reference = "serang teroris oposisi oposisi oposisi rezim rezim milisi milisi milisi pasukan"
    cv = Split(token_pattern=r"\S+")
    ext = module.FWExtractor(prior=0.01, cv=cv)
    got = dict(ext.transform([OneRow(target + " MARKER"), reference]))
    vocab = sorted(set(target.split()) | set(reference.split()))
    yi = [target.split().count(w) for w in vocab]
    yj = [reference.split().count(w) for w in vocab]
    ours = stats.log_odds(yi, yj, 0.01)
    for w, z in zip(vocab, ours["z"]):
        assert got[w] == pytest.approx(z, rel=1e-5), w
    # with a per-term (informative) prior list as well
    prior = [float(a + b) for a, b in zip(yi, yj)]
    ext = module.FWExtractor(prior=prior, cv=Split(token_pattern=r"\S+"))
    got = dict(ext.transform([OneRow(target + " MARKER"), reference]))
    ours = stats.log_odds(yi, yj, prior)
    for w, z in zip(vocab, ours["z"]):
        assert got[w] == pytest.approx(z, rel=1e-5), w


def test_bad_input():
    with pytest.raises(BingkaiInputError, match="prior pseudo-count"):
        stats.log_odds([1, 2], [3, 4], 0.0)
    with pytest.raises(BingkaiInputError, match="terms"):
        stats.log_odds([1, 2], [3], 1.0)
    with pytest.raises(BingkaiInputError, match="negative"):
        stats.log_odds([1, -2], [3, 4], 1.0)


# --------------------------------------------------------------------- corpus

CORPUS = pd.DataFrame([
    ("a1", "A", "p1", "Judul", "", "Kelompok teroris menyerang pos militer. Teroris itu kabur."),
    ("a2", "A", "p1", "Judul", "", "Aparat memburu teroris di perbatasan kota."),
    ("b1", "B", "p1", "Judul", "", "Pasukan oposisi menyerang pos militer di kota."),
    ("b2", "B", "p2", "Judul", "", "Oposisi bersenjata merebut bandara. Oposisi menang."),
    ("c1", "C", "p2", "Judul", "", "Warga kota mengungsi setelah pasukan datang."),
], columns=["doc_id", "outlet", "period", "title", "subtitle", "text"])


def test_corpus_log_odds_matches_counts_by_hand():
    out = bingkai.log_odds(CORPUS, by="outlet", target="A", prior=0.5)
    assert list(out.columns) == ["term", "freq", *SCORE_COLUMNS]
    counts = bingkai.terms(CORPUS)
    yi = counts[counts["outlet"] == "A"].groupby("term")["count"].sum()
    yj = counts[counts["outlet"] != "A"].groupby("term")["count"].sum()
    table = pd.concat({"a": yi, "b": yj}, axis=1).fillna(0).sort_index()
    expected = stats.log_odds(table["a"], table["b"], 0.5).assign(term=table.index)
    got = out.set_index("term").loc[table.index]
    np.testing.assert_allclose(got["z"].to_numpy(), expected["z"].to_numpy(), rtol=1e-12)
    assert out.iloc[0]["term"] == "teroris"  # A's word, 3 times against 0
    assert out["z"].is_monotonic_decreasing
    # "oposisi" is B's word: negative z for A
    assert out.set_index("term").loc["oposisi", "z"] < 0


def test_corpus_log_odds_default_prior_and_reference():
    out = bingkai.log_odds(CORPUS, target="B", reference="A")
    counts = bingkai.terms(CORPUS)
    alpha = counts.groupby("term")["count"].sum()  # whole corpus, all three outlets
    got = out.set_index("term")
    assert got.loc["oposisi", "alpha"] == alpha["oposisi"]
    assert "mengungsi" not in got.index and "ungsi" not in got.index  # only in C
    with pytest.raises(BingkaiInputError, match="target"):
        bingkai.log_odds(CORPUS, target="Z")
    with pytest.raises(BingkaiInputError, match="reference includes"):
        bingkai.log_odds(CORPUS, target="A", reference=["A", "B"])
    with pytest.raises(BingkaiInputError, match="prior"):
        bingkai.log_odds(CORPUS, target="A", prior="flat")


@pytest.fixture(scope="module")
def synthetic(synthetic_corpus):
    return synthetic_corpus.copy()


def test_corpus_log_odds_on_synthetic_outlets(synthetic):
    outlets = sorted(synthetic["outlet"].unique())
    assert len(outlets) >= 3
    out = bingkai.log_odds(synthetic, target=outlets[0], progress=False)
    assert out["term"].is_unique
    assert np.isfinite(out[["log_odds", "variance", "z"]].to_numpy()).all()
    total = bingkai.terms(synthetic)
    assert out["y_target"].sum() == total[total["outlet"] == outlets[0]]["count"].sum()
    assert out["y_reference"].sum() == total[total["outlet"] != outlets[0]]["count"].sum()


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_COUNTS = st.lists(st.integers(0, 50), min_size=2, max_size=12)


@settings(max_examples=60, deadline=None)
@given(_COUNTS, st.data())
def test_swapping_the_groups_negates_log_odds_and_z(yi, data):
    yj = data.draw(st.lists(st.integers(0, 50), min_size=len(yi), max_size=len(yi)))
    alpha = data.draw(st.floats(0.01, 10))
    if sum(yi) == 0 or sum(yj) == 0:
        return
    ab = stats.log_odds(yi, yj, alpha)
    ba = stats.log_odds(yj, yi, alpha)
    np.testing.assert_allclose(ab["log_odds"], -ba["log_odds"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ab["variance"], ba["variance"], rtol=1e-12)
    np.testing.assert_allclose(ab["z"], -ba["z"], rtol=1e-12, atol=1e-12)
