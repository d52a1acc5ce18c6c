"""Article similarity (top-k neighbours, full matrix) and the same-story rule."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bingkai.errors import BingkaiInputError
from bingkai.views.similarity import (NEAR_COPY, modified_z, outlier_cutoff, pairs, same_story,
                             similarity, story_pairs, top_neighbours)

from test_tfidf import make_corpus

ROOT = Path(__file__).resolve().parents[2]
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
def seed_pairs(seed_corpus):

    out = same_story(seed_corpus.copy(), all_pairs=True)
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
def test_n_jobs_2_gives_the_same_similarity_and_pairs(seed_corpus):
    from bingkai.text.analyzer import Analyzer
    from bingkai.text.stemming import Stemmer

    corpus = seed_corpus.copy()
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


# --- top-k neighbours (the default long table) ------------------------------


def test_top_k_table_matches_the_full_matrix():
    # oracle: each row of the full matrix sorted by hand (cosine desc, doc_id asc)
    corpus = random_corpus(4, n=25)
    full = similarity(corpus, analyzer=str.split, full=True)
    out = similarity(corpus, analyzer=str.split, top=4)
    assert list(out.columns) == ["doc_id", "neighbour", "cosine", "rank"]
    assert out["rank"].dtype == np.int64 and out["cosine"].dtype == np.float64
    expected = []
    for d in full.index:
        row = [(v, nb) for nb, v in full.loc[d].items() if nb != d and v > 0]
        row.sort(key=lambda t: (-t[0], t[1]))
        expected += [(d, nb, r + 1) for r, (_, nb) in enumerate(row[:4])]
    assert list(zip(out["doc_id"], out["neighbour"], out["rank"])) == expected
    looked_up = [full.loc[d, nb] for d, nb in zip(out["doc_id"], out["neighbour"])]
    np.testing.assert_allclose(out["cosine"], looked_up, rtol=0, atol=1e-12)


def test_top_k_ties_broken_by_doc_id_and_zero_cosines_left_out():
    # 001-003 are the same text: for 000 they tie exactly, for 001 the other two
    # copies tie at cosine 1; 004 shares no word with anybody
    corpus = make_corpus(["a b", "a c", "a c", "a c", "x y"])
    out = similarity(corpus, analyzer=str.split, top=2)
    got = {d: list(g["neighbour"]) for d, g in out.groupby("doc_id")}
    assert got["000_doc"] == ["001_doc", "002_doc"]
    assert got["001_doc"] == ["002_doc", "003_doc"]
    assert got["003_doc"] == ["001_doc", "002_doc"]
    assert "004_doc" not in got and "004_doc" not in set(out["neighbour"])
    assert out.loc[out["doc_id"] == "001_doc", "cosine"].tolist() == pytest.approx([1.0, 1.0])
    # k larger than the corpus: every neighbour with a shared term, no self
    many = similarity(corpus, analyzer=str.split, top=50)
    assert len(many) == 4 * 3 and not (many["doc_id"] == many["neighbour"]).any()


def test_block_size_does_not_change_the_results():
    from bingkai.views.tfidf import fit_tfidf

    matrix = fit_tfidf(random_corpus(5, n=40), analyzer=str.split).matrix
    whole = top_neighbours(matrix, 5)
    tiny = top_neighbours(matrix, 5, block_cells=1)  # one row per block
    for x, y in zip(whole, tiny):
        np.testing.assert_array_equal(x, y)
    a = story_pairs(matrix)
    b = story_pairs(matrix, block_cells=7)
    for x, y in zip(a[:3], b[:3]):
        np.testing.assert_array_equal(x, y)
    assert a[3] == b[3]


def test_memory_is_one_block_of_rows(monkeypatch):
    # the products never hold more than block_cells // n rows at once
    import bingkai.views.similarity as stories
    from bingkai.views.tfidf import fit_tfidf

    matrix = fit_tfidf(random_corpus(6, n=60), analyzer=str.split).matrix
    seen = []
    real = stories.cosine_blocks

    def spy(*args, **kwargs):
        for r0, block in real(*args, **kwargs):
            seen.append(block.shape)
            yield r0, block

    monkeypatch.setattr(stories, "cosine_blocks", spy)
    stories.top_neighbours(matrix, 3, block_cells=62 * 4)
    stories.story_pairs(matrix, block_cells=62 * 4)
    assert seen and max(rows for rows, _ in seen) == 4


@pytest.mark.parametrize("top", [0, -1, 2.5, True, "3"])
def test_bad_top(top):
    with pytest.raises(BingkaiInputError, match="top="):
        similarity(make_corpus(["a b", "b c"]), analyzer=str.split, top=top)


def test_full_matrix_refused_for_a_large_corpus(monkeypatch):
    import bingkai.views.similarity as stories

    monkeypatch.setattr(stories, "FULL_MAX", 3)
    corpus = make_corpus(["a b", "b c", "c d", "d e"])
    with pytest.raises(BingkaiInputError, match="limit is 3 articles"):
        similarity(corpus, analyzer=str.split, full=True)
    with pytest.raises(BingkaiInputError, match="limit is 3 articles"):
        same_story(corpus, analyzer=str.split, all_pairs=True)
    assert len(similarity(corpus, analyzer=str.split, top=1)) == 4  # the long table has no limit


# --- the same-story rule without an n x n matrix -----------------------------


def dense_rule(corpus: pd.DataFrame, alpha: float = 0.05) -> tuple[set, np.ndarray, float]:
    """The rule computed the obvious way on every pair (the oracle): flagged
    pairs, every candidate's z-score, and the cut-off."""
    table = pairs(similarity(corpus, analyzer=str.split, full=True))
    sims = table["similarity"].to_numpy()
    cand = sims > 0
    cutoff = outlier_cutoff(int(cand.sum()), alpha)
    z = np.full(len(sims), -np.inf)
    z[cand] = modified_z(np.log(sims[cand]))
    flag = (sims >= NEAR_COPY) | (z > cutoff)
    return set(zip(table["doc_a"][flag], table["doc_b"][flag])), z[cand], cutoff


@pytest.mark.parametrize("seed", [7, 8, 9, 10])
def test_streamed_rule_equals_the_dense_rule(seed):
    corpus = random_corpus(seed, n=40, copies=(3, 20, 33), edited=0.5)
    expected, z, cutoff = dense_rule(corpus)
    # the grid moves the cut-off by ~1e-4 in z: the comparison is meaningful
    # only when no pair sits that close to it
    assert np.min(np.abs(z - cutoff)) > 1e-3
    assert flagged(same_story(corpus, analyzer=str.split)) == expected


def test_rule_with_half_the_pairs_equal_mad_zero():
    # nine copies of one text and one other: most pairs have cosine exactly 1
    corpus = make_corpus(["a b c"] * 9 + ["a x y"])
    out = same_story(corpus, analyzer=str.split, all_pairs=True)
    expected, _, _ = dense_rule(corpus)
    assert flagged(out) == expected
    assert len(expected) == 36  # the 9 * 8 / 2 pairs of copies


def test_identical_articles_are_always_flagged():
    # the outlier rule cannot fire on two or three articles; the near-copy line does
    text = ("Pemerintah Indonesia mengevakuasi 120 warga dari Damaskus melalui Beirut "
            "pada Selasa, kata juru bicara Kementerian Luar Negeri.")
    other = "Harga beras di Pasar Induk Cipinang turun setelah panen raya di Jawa Barat."
    for texts in ([text, text], [text, other, text]):
        out = same_story(make_corpus(texts))
        assert list(out.columns) == ["doc_a", "doc_b", "similarity", "same_story"]
        assert flagged(out) == {("000_doc", f"{len(texts) - 1:03d}_doc")}
        assert out["similarity"].iloc[0] == pytest.approx(1.0)
        assert "near-copy" in out.attrs["rule"]


def test_default_returns_only_flagged_pairs():
    corpus = random_corpus(1)
    out = same_story(corpus, analyzer=str.split)
    assert len(out) == 2 and out["same_story"].all()
    both = same_story(corpus, analyzer=str.split, all_pairs=True)
    pd.testing.assert_frame_equal(both[both["same_story"]].reset_index(drop=True), out)
    assert both.attrs == out.attrs


def test_corpus_and_frame_give_the_same_rows():
    import bingkai

    texts = ["Pasukan pemerintah merebut kembali kota Aleppo setelah pertempuran sengit.",
             "Pemberontak mundur dari Aleppo, kata sumber militer kepada kantor berita.",
             "Harga beras di Pasar Induk Cipinang turun setelah panen raya.",
             "Pasukan pemerintah merebut kembali kota Aleppo setelah pertempuran sengit."]
    frame = make_corpus(texts)
    index = bingkai.index(frame)
    pd.testing.assert_frame_equal(similarity(frame, top=2), similarity(index, top=2))
    pd.testing.assert_frame_equal(similarity(frame, full=True), similarity(index, full=True))
    a, b = same_story(frame), same_story(index)
    pd.testing.assert_frame_equal(a, b)
    assert flagged(a) == {("000_doc", "003_doc")}


def test_long_table_same_bytes_whatever_the_row_order():
    corpus = random_corpus(12, n=30)
    one = similarity(corpus, analyzer=str.split, top=5)
    two = similarity(corpus.iloc[::-1], analyzer=str.split, top=5)
    assert one.to_csv(index=False) == two.to_csv(index=False)
    a = same_story(corpus, analyzer=str.split)
    b = same_story(corpus.sample(frac=1.0, random_state=3), analyzer=str.split)
    assert a.to_csv(index=False) == b.to_csv(index=False) and a.attrs == b.attrs


@pytest.mark.parametrize("cap", [1, 2, 5, 10**9])
def test_pairs_kept_from_the_first_pass_are_the_flagged_ones(monkeypatch, cap):
    """Issue 24: same_story keeps the most similar pairs of its first pass and skips the
    second when they cover every flagged pair; whatever is kept, the pairs are the same."""
    import bingkai.views.similarity as stories
    from bingkai.views.tfidf import fit_tfidf

    corpus = random_corpus(7, n=50)
    # near-copies, so that something is flagged
    corpus = pd.concat([corpus, corpus.iloc[:3].assign(doc_id=lambda f: f["doc_id"] + "_copy")],
                       ignore_index=True)
    matrix = fit_tfidf(corpus, analyzer=str.split).matrix
    monkeypatch.setattr(stories, "KEEP_PAIRS", 10**12)
    monkeypatch.setattr(stories, "_MostSimilar", _NeverKeeps)
    expected = stories.story_pairs(matrix)  # always the second pass
    monkeypatch.undo()
    passes = []
    real = stories.cosine_blocks

    def spy(*args, **kwargs):
        passes.append(kwargs.get("desc"))
        yield from real(*args, **kwargs)

    monkeypatch.setattr(stories, "cosine_blocks", spy)
    monkeypatch.setattr(stories, "KEEP_PAIRS", cap)
    got = stories.story_pairs(matrix)
    assert len(expected[0]) >= 3
    for x, y in zip(expected[:3], got[:3]):
        np.testing.assert_array_equal(x, y)
    assert got[3] == expected[3]
    if cap == 10**9:
        assert passes == ["same_story: median"]  # one pass over the blocks
    if cap == 1:
        assert len(passes) == 2  # one pair kept cannot cover three flagged: the second pass ran


class _NeverKeeps:
    def __init__(self, cap):
        pass

    def add(self, r0, c0, block, pairs, values):
        pass

    def flagged(self, cut):
        return None


# --- issue 24: the faster paths give the straightforward results ----------------


def _oracle_top(matrix, k: int):
    """Each row's k nearest rows the obvious way: scikit-learn's full cosine matrix,
    rounded to 12 decimals like the blocks, each row sorted by (cosine desc, column)."""
    from sklearn.metrics.pairwise import cosine_similarity

    full = np.clip(np.round(cosine_similarity(matrix), 12), 0.0, 1.0)
    rows, cols, vals = [], [], []
    for a in range(full.shape[0]):
        ranked = sorted(((-v, c) for c, v in enumerate(full[a]) if c != a and v > 0))[:k]
        rows += [a] * len(ranked)
        cols += [c for _, c in ranked]
        vals += [-v for v, _ in ranked]
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals)


@pytest.mark.parametrize("k", [1, 3, 10])
@pytest.mark.parametrize("block_cells", [1, 7, 300, 10**6])
def test_top_neighbours_equal_the_full_matrix_over_many_blocks(k, block_cells):
    # each pair is computed once and offered to both of its rows; with small blocks
    # most of a row's neighbours come from earlier blocks' columns. Copies (exact
    # ties) of articles 2 and 9 and an article sharing nothing test the tie-break
    # and the zero cosines.
    from bingkai.views.tfidf import fit_tfidf

    corpus = random_corpus(13, n=45, copies=(2, 9, 9), edited=0.0)
    corpus = pd.concat([corpus, make_corpus(["sendiri tanpa kata bersama"])
                        .assign(doc_id="zzz_alone")], ignore_index=True)
    matrix = fit_tfidf(corpus, analyzer=str.split).matrix
    got = top_neighbours(matrix, k, block_cells=block_cells)
    want = _oracle_top(matrix, k)
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])
    np.testing.assert_allclose(got[2], want[2], rtol=0, atol=1e-12)
    assert not (got[0] == len(corpus) - 1).any()  # the article sharing no word


def test_similarity_weights_are_fit_tfidfs():
    # similarity/same_story take fit_tfidf's weights from the index without its
    # vectorizer: the same matrix, bit for bit, and the same ids
    import bingkai
    import bingkai.views.similarity as stories
    from bingkai.views.tfidf import fit_tfidf

    texts = ["Pasukan pemerintah merebut kembali kota Aleppo setelah pertempuran sengit.",
             "Pemberontak mundur dari Aleppo, kata sumber militer kepada kantor berita.",
             "Harga beras di Pasar Induk Cipinang turun setelah panen raya.",
             "Petani di Karawang menunda panen karena hujan deras sepekan terakhir."]
    frame = make_corpus(texts).assign(title=["Aleppo direbut", "", "Harga beras turun",
                                             "Panen tertunda"])
    index = bingkai.index(frame)
    for corpus in (frame, index):
        for parts in (("body",), ("title", "body"), ("title",)):
            for kwargs in ({}, {"sublinear_tf": True}, {"norm": "l1", "use_idf": False}):
                matrix, ids = stories._fit(corpus, None, parts, 1, kwargs)
                fit = fit_tfidf(corpus, parts=parts, **kwargs)
                assert list(ids) == list(fit.ids)
                assert matrix.dtype == fit.matrix.dtype
                for name in ("indptr", "indices", "data"):
                    np.testing.assert_array_equal(getattr(matrix, name),
                                                  getattr(fit.matrix, name))
    with pytest.raises(BingkaiInputError, match="n_jobs"):
        similarity(index, n_jobs=0)


@pytest.mark.parametrize("block_cells, grid_buffer",
                         [(1, 7), (400, 100), (200, 3), (10**6, 10**6)])
def test_streamed_rule_over_many_blocks_equals_the_dense_rule(monkeypatch, block_cells,
                                                              grid_buffer):
    # the first pass over many blocks, its values taken a few rows at a time and counted
    # a few codes at a time, flags what the rule computed on every pair at once flags
    import bingkai.views.similarity as stories
    from bingkai.views.tfidf import fit_tfidf

    monkeypatch.setattr(stories, "_GRID_BUFFER", grid_buffer)
    corpus = random_corpus(8, n=40, copies=(3, 20, 33), edited=0.5)
    expected, z, cutoff = dense_rule(corpus)
    assert np.min(np.abs(z - cutoff)) > 1e-3 and len(expected) >= 3
    fit = fit_tfidf(corpus, analyzer=str.split)
    a, b, _, rule = stories.story_pairs(fit.matrix, block_cells=block_cells)
    ids = np.asarray(fit.ids)
    assert set(zip(ids[a], ids[b])) == expected
    n = len(corpus)
    assert f"{int(np.isfinite(z).sum())} candidate pairs" in rule and len(z) <= n * (n - 1) // 2
