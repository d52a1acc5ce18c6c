"""N-grams and clusters on hand-written sentences (expected runs written out by
hand), against a plain-Python count over the token table, and on the
synthetic corpus."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

import bingkai
from bingkai.errors import BingkaiInputError
from bingkai import stats


ARTICLES = pd.DataFrame([
    ("a1", "A", "", "", "Pasukan pemberontak HTS merebut kota. Pasukan pemberontak mundur lagi."),
    ("a2", "A", "", "", 'Kata pejabat, "pasukan pemberontak itu teroris" dan harus dilawan.'),
    ("b1", "B", "", "", "Pasukan itu dan HTS bergerak ke utara, lalu pasukan itu mundur."),
], columns=["doc_id", "outlet", "title", "subtitle", "text"])


def _rows(frame, *columns):
    return [tuple(r) for r in frame[list(columns)].itertuples(index=False)]


def test_bigrams_by_hand():
    out = bingkai.ngrams(ARTICLES, n=2, by=None)
    got = dict(zip(out["ngram"], zip(out["freq"], out["range"])))
    # "pasukan pemberontak": a1 twice, a2 once (inside the quotation; the quote mark is not a word)
    assert got["pasukan pemberontak"] == (3, 2)
    assert got["pasukan itu"] == (2, 1)
    # punctuation breaks runs: no "kota pasukan", "utara lalu", "pejabat pasukan"
    assert "kota pasukan" not in got and "utara lalu" not in got and "pejabat pasukan" not in got
    assert "teroris dan" not in got  # the closing quote stands between them
    assert out["size"].eq(2).all()
    assert out["freq"].is_monotonic_decreasing


def _plain_ngrams(corpus, n):
    """Independent count: walk the token table sentence by sentence."""
    toks = corpus.tokens(parts="body")
    counts = Counter()
    for (_, _), sent in toks.groupby(["doc_id", "sent"], sort=True):
        run = []
        for lower, kind in zip(sent["lower"], sent["kind"]):
            if kind != "word":
                run = []
                continue
            run.append(lower)
            if len(run) >= n:
                counts[" ".join(run[-n:])] += 1
    return counts


@pytest.mark.parametrize("n", [1, 2, 3])
def test_ngrams_equal_a_plain_count(n):
    corpus = bingkai.index(ARTICLES)
    out = bingkai.ngrams(corpus, n=n, by=None)
    assert dict(zip(out["ngram"], out["freq"])) == dict(_plain_ngrams(corpus, n))


def test_ngram_keyness_per_outlet():
    out = bingkai.ngrams(ARTICLES, n=2, by="outlet")
    a = out[out["outlet"] == "A"]
    b = out[out["outlet"] == "B"]
    c, d = a["freq"].sum(), b["freq"].sum()
    row = a.set_index("ngram").loc["pasukan pemberontak"]
    expected = stats.keyness(3, 0, c, d).iloc[0]
    for column in ("ll", "log_ratio", "conservative_log_ratio", "p"):
        assert row[column] == pytest.approx(expected[column], rel=1e-12)
    assert row["direction"] == "over"
    assert list(out.columns[:5]) == ["outlet", "ngram", "size", "freq", "range"]


def test_clusters_right_left_both():
    right = bingkai.clusters(ARTICLES, "pasukan", n=(2, 3), side="right", by=None)
    assert _rows(right, "cluster", "freq", "range") == [
        ("pasukan pemberontak", 3, 2), ("pasukan itu", 2, 1),
        ("pasukan itu dan", 1, 1), ("pasukan itu mundur", 1, 1), ("pasukan pemberontak hts", 1, 1),
        ("pasukan pemberontak itu", 1, 1), ("pasukan pemberontak mundur", 1, 1)]
    left = bingkai.clusters(ARTICLES, "HTS", n=2, side="left", by=None)
    assert _rows(left, "cluster", "freq") == [("dan hts", 1), ("pemberontak hts", 1)]
    both = bingkai.clusters(ARTICLES, "hts", n=3, side="both", by=None)
    assert _rows(both, "cluster", "freq") == [
        ("dan hts bergerak", 1), ("hts bergerak ke", 1), ("hts merebut kota", 1),
        ("itu dan hts", 1), ("pasukan pemberontak hts", 1), ("pemberontak hts merebut", 1)]


def test_cluster_nodes_as_stem_label_actor_and_phrase():
    stem = bingkai.clusters(ARTICLES, '[stem="lawan"]', n=3, side="left", by=None)
    assert _rows(stem, "cluster", "freq") == [("dan harus dilawan", 1)]
    actor = bingkai.clusters(ARTICLES, '[actor="hts"]+', n=2, side="right", by=None)
    assert _rows(actor, "cluster") == [("hts bergerak",), ("hts merebut",)]
    phrase = bingkai.clusters(ARTICLES, "pasukan pemberontak", n=3, by=None)
    assert _rows(phrase, "cluster", "freq") == [
        ("pasukan pemberontak hts", 1), ("pasukan pemberontak itu", 1), ("pasukan pemberontak mundur", 1)]
    label = bingkai.clusters(ARTICLES, '[label="teroris"]+', n=2, side="left", by=None)
    assert _rows(label, "cluster") == [("itu teroris",)]
    none = bingkai.clusters(ARTICLES, "tidakada", n=2, by=None)
    assert none.empty and list(none.columns) == ["cluster", "size", "freq", "range"]


def test_bad_arguments():
    with pytest.raises(BingkaiInputError, match="side"):
        bingkai.clusters(ARTICLES, "pasukan", side="up")
    with pytest.raises(BingkaiInputError, match="n="):
        bingkai.clusters(ARTICLES, "pasukan", n=(3, 2))
    with pytest.raises(BingkaiInputError, match="node"):
        bingkai.clusters(ARTICLES, "  ")
    with pytest.raises(BingkaiInputError, match="n must"):
        bingkai.ngrams(ARTICLES, n=0)
    with pytest.raises(BingkaiInputError, match="min_freq"):
        bingkai.ngrams(ARTICLES, min_freq=0)


@pytest.fixture(scope="module")
def synthetic(synthetic_index):
    return synthetic_index


def test_synthetic_trigrams_equal_a_plain_count(synthetic):
    out = bingkai.ngrams(synthetic, n=3, by=None)
    assert dict(zip(out["ngram"], out["freq"])) == dict(_plain_ngrams(synthetic, 3))
    # sorted by frequency then text (integer sort keys must agree with comparing strings)
    resorted = out.sort_values(["freq", "ngram"], ascending=[False, True], kind="mergesort", ignore_index=True)
    pd.testing.assert_frame_equal(out, resorted)
    per_outlet = bingkai.ngrams(synthetic, n=3, by="outlet", min_freq=2)
    resorted = per_outlet.sort_values(["outlet", "freq", "ngram"], ascending=[True, False, True],
                                      kind="mergesort", ignore_index=True)
    pd.testing.assert_frame_equal(per_outlet, resorted)
    mixed = bingkai.clusters(synthetic, "pasukan", n=(2, 4), by=None)
    resorted = mixed.sort_values(["freq", "cluster"], ascending=[False, True], kind="mergesort", ignore_index=True)
    pd.testing.assert_frame_equal(mixed, resorted)
    assert per_outlet["outlet"].nunique() >= 3
    totals = per_outlet.groupby("ngram")["freq"].sum()
    assert (totals >= 2).all()
    assert np.isfinite(per_outlet["ll"]).all()


def test_synthetic_right_clusters_are_bigrams_starting_with_the_node(synthetic):
    big = bingkai.ngrams(synthetic, n=2, by=None)
    want = big[big["ngram"].str.startswith("kelompok ")]
    got = bingkai.clusters(synthetic, "kelompok", n=2, by=None)
    assert len(got) > 0
    assert dict(zip(got["cluster"], got["freq"])) == dict(zip(want["ngram"], want["freq"]))
