"""Article similarity (top-k neighbours, full matrix) and the same-story rule."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bingkai.errors import BingkaiInputError
from bingkai.stories import (NEAR_COPY, modified_z, outlier_cutoff, pairs, same_story,
                             similarity, story_pairs, top_neighbours)

from test_tfidf import make_corpus

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "corpus" / "articles.jsonl"


def test_cosine_of_two_documents_by_hand():
    # "a b" vs "a c", smooth idf: idf(a) = ln(3/3) + 1 = 1, idf(b) = idf(c) =
    # ln(3/2) + 1 = k; vectors (1, k, 0) and (1, 0, k): cosine = 1 / (1 + k^2)
    corpus = make_corpus(["a b", "a c"])
    sim = similarity(corpus, analyzer=str.split, full=True)
    k = math.log(1.5) + 1
    assert sim.loc["000_doc", "001_doc"] == pytest.approx(1 / (1 + k * k), abs=1e-12)
    assert list(sim.index) == ["000_doc", "001_doc"] == list(sim.columns)
    assert sim.index.name == "doc_id"
    np.testing.assert_allclose(np.diag(sim.to_numpy()), 1.0)
    np.testing.assert_array_equal(sim.to_numpy(), sim.to_numpy().T)


def test_index_sorted_whatever_the_input_order():
    corpus = make_corpus(["a b", "a c", "b c d"]).iloc[[2, 0, 1]]
    sim = similarity(corpus, analyzer=str.split, full=True)
    assert list(sim.index) == ["000_doc", "001_doc", "002_doc"]


def test_modified_z_by_hand():
    # median 3, absolute deviations 2 1 0 1 97 -> MAD 1
    z = modified_z(np.array([1.0, 2.0, 3.0, 4.0, 100.0]))
    np.testing.assert_allclose(z, 0.6745 * np.array([-2, -1, 0, 1, 97]))
    # MAD = 0: anything above the median is an infinite outlier
    z0 = modified_z(np.array([0.0, 0.0, 0.0, 0.5]))
    assert list(z0) == [0.0, 0.0, 0.0, math.inf]


def random_corpus(seed: int, n: int = 30, length: int = 150, copies: tuple[int, ...] = (0, 15),
                  edited: float = 0.25) -> pd.DataFrame:
    """Unrelated articles: ``n`` independent draws of ``length`` words from
    one Zipfian vocabulary of 2,000 content words (ranks 51-2050 of a Zipf
    law, i.e. what is left after stopword removal). Then, for each index in
    ``copies``, a retelling of that article with a share ``edited`` of its
    words redrawn, appended as article n, n+1, ..."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(51, 2051)
    p /= p.sum()
    docs = [rng.choice(2000, size=length, p=p) for _ in range(n)]
    for src in copies:
        copy = docs[src].copy()
        where = rng.choice(length, size=int(edited * length), replace=False)
        copy[where] = rng.choice(2000, size=len(where), p=p)
        docs.append(copy)
    return make_corpus([" ".join(f"w{k}" for k in doc) for doc in docs])


def flagged(out: pd.DataFrame) -> set[tuple[str, str]]:
    hits = out[out["same_story"]]
    return set(zip(hits["doc_a"], hits["doc_b"]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_outlier_rule_finds_retellings_only(seed):
    corpus = random_corpus(seed)
    out = same_story(corpus, analyzer=str.split, all_pairs=True)
    assert list(out.columns) == ["doc_a", "doc_b", "similarity", "same_story"]
    n = len(corpus)
    assert len(out) == n * (n - 1) // 2
    assert flagged(out) == {("000_doc", "030_doc"), ("015_doc", "031_doc")}
    assert out["same_story"].dtype == bool
    assert out["similarity"].is_monotonic_decreasing
    assert out.attrs["threshold"] == pytest.approx(out.loc[out["same_story"], "similarity"].min())


def test_outlier_rule_rarely_fires_on_unrelated_articles():
    # family-wise error rate 0.05: among 20 corpora of unrelated articles
    # about 1 should have any flagged pair; P(4 or more) = 1.6% (binomial)
    fired = sum(same_story(random_corpus(seed, n=20, copies=()), analyzer=str.split)
                ["same_story"].any() for seed in range(20))
    assert fired <= 3


def test_bonferroni_cutoff():
    # standard normal table: upper 0.005 point 2.5758, upper 0.0005 point 3.2905
    assert outlier_cutoff(10) == pytest.approx(2.5758, abs=1e-4)
    assert outlier_cutoff(100) == pytest.approx(3.2905, abs=1e-4)


def test_fixed_threshold_overrides_rule():
    corpus = random_corpus(1)
    out = same_story(corpus, threshold=0.0, analyzer=str.split)
    n = len(corpus)
    assert out["same_story"].all() and len(out) == n * (n - 1) // 2
    out = same_story(corpus, threshold=1.0, analyzer=str.split, all_pairs=True)
    assert not out["same_story"].any()
    assert same_story(corpus, threshold=1.0, analyzer=str.split).empty


def test_two_articles_give_no_outlier():
    # a single pair is its own median: the rule cannot call it an outlier
    out = same_story(make_corpus(["a b c", "a b d"]), analyzer=str.split, all_pairs=True)
    assert len(out) == 1 and not out.loc[0, "same_story"]
    assert "not applicable (1 candidate pairs)" in out.attrs["rule"]


def test_pairs_sorted_with_id_tiebreak():
    ids = pd.Index(["x", "y", "z"], name="doc_id")
    m = pd.DataFrame([[1, 0.5, 0.5], [0.5, 1, 0.2], [0.5, 0.2, 1]], index=ids, columns=ids)
    out = pairs(m)
    assert list(zip(out["doc_a"], out["doc_b"])) == [("x", "y"), ("x", "z"), ("y", "z")]


@pytest.mark.parametrize("threshold", [-0.1, 1.5, "high", True])
def test_bad_threshold(threshold):
    with pytest.raises(BingkaiInputError):
        same_story(make_corpus(["a", "b", "c"]), threshold=threshold, analyzer=str.split)


# --- the seed corpus -------------------------------------------------------
# Ground truth from the issue (and a reading of the seeds): 000 and 001 retell
# the same HUR intelligence report; 002 and 004 both report the fall of
# Aleppo; 003 is a 2015 story.
needs_corpus = pytest.mark.skipif(not ARTICLES.exists(),
                                  reason="corpus/articles.jsonl not built yet (bingkai corpus build)")


@pytest.fixture(scope="module")
def seed_pairs():
    import bingkai

    out = same_story(bingkai.load_corpus(ARTICLES.parent), all_pairs=True)
    out["pair"] = out["doc_a"].str[:3] + "-" + out["doc_b"].str[:3]
    return out


@needs_corpus
def test_seed_same_story_pairs_are_the_most_similar(seed_pairs):
    # the measure itself: the two same-story pairs rank first, and every pair
    # with the 2015 article 003 ranks below both
    assert set(seed_pairs["pair"].iloc[:2]) == {"000-001", "002-004"}
    with_003 = seed_pairs[seed_pairs["pair"].str.contains("003")]
    assert with_003["similarity"].max() < seed_pairs["similarity"].iloc[1]


@needs_corpus
def test_seed_2015_story_never_paired(seed_pairs):
    with_003 = seed_pairs[seed_pairs["pair"].str.contains("003")]
    assert not with_003["same_story"].any()


@needs_corpus
@pytest.mark.xfail(strict=True, reason=(
    "known limitation: with five articles (ten pairs) the outlier rule is "
    "underpowered; all five seeds are Syria/Russia war reports, so 002-004 "
    "(Aleppo) is not an outlier among the pair similarities and 000-001 only "
    "reaches a robust z of about 2.4 against the Bonferroni cut-off 2.58"))
def test_seed_outlier_rule_flags_both_same_story_pairs(seed_pairs):
    assert set(seed_pairs.loc[seed_pairs["same_story"], "pair"]) == {"000-001", "002-004"}


@needs_corpus
def test_n_jobs_2_gives_the_same_similarity_and_pairs():
    import bingkai
    from bingkai.analyzer import Analyzer
    from bingkai.stemming import Stemmer

    corpus = bingkai.load_corpus(ARTICLES.parent)
    one = similarity(corpus, analyzer=Analyzer(stemmer=Stemmer()), full=True)
    two = similarity(corpus, analyzer=Analyzer(stemmer=Stemmer()), n_jobs=2, full=True)
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    a = same_story(corpus, analyzer=Analyzer(stemmer=Stemmer()), threshold=0.3, all_pairs=True)
    b = same_story(corpus, analyzer=Analyzer(stemmer=Stemmer()), threshold=0.3, n_jobs=2,
                   all_pairs=True)
    assert a.to_csv(index=False).encode() == b.to_csv(index=False).encode()
    assert a.attrs == b.attrs


@pytest.mark.parametrize("bad", [0, -2, True])
def test_bad_n_jobs(bad):
    corpus = make_corpus(["a b", "b c", "c d"])
    with pytest.raises(BingkaiInputError, match="n_jobs"):
        similarity(corpus, analyzer=str.split, n_jobs=bad)
    with pytest.raises(BingkaiInputError, match="n_jobs"):
        same_story(corpus, analyzer=str.split, n_jobs=bad)
