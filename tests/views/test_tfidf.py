"""TF-IDF: scikit-learn's worked example through bingkai's own path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bingkai.errors import BingkaiInputError
from bingkai.views.outlet_names import outlet_name_terms
from bingkai.views.tfidf import documents, fit_tfidf, tfidf, top_terms

# scikit-learn user guide, "Tf–idf term weighting": term counts of six
# documents over three terms, and the TfidfTransformer(smooth_idf=False)
# result printed there.
SKLEARN_COUNTS = [[3, 0, 1], [2, 0, 0], [3, 0, 0], [4, 0, 0], [3, 2, 0], [3, 0, 2]]
SKLEARN_TFIDF = np.array([
    [0.81940995, 0.0, 0.57320793],
    [1.0, 0.0, 0.0],
    [1.0, 0.0, 0.0],
    [1.0, 0.0, 0.0],
    [0.47330339, 0.88089948, 0.0],
    [0.58149261, 0.0, 0.81355169],
])


def make_corpus(texts: list[str], outlets: list[str] | None = None) -> pd.DataFrame:
    """A corpus frame with the contract's columns, built by hand."""
    n = len(texts)
    outlets = outlets if outlets is not None else [f"outlet{k % 2}" for k in range(n)]
    return pd.DataFrame({
        "doc_id": [f"{k:03d}_doc" for k in range(n)],
        "outlet": outlets,
        "domain": [f"{o}.example" for o in outlets],
        "published": [""] * n,
        "period": [""] * n,
        "republished_from": [""] * n,
        "title": [""] * n,
        "subtitle": [""] * n,
        "text": texts,
        "source_file": [f"seeds/{k:03d}.txt" for k in range(n)],
        "source_sha256": ["0" * 64] * n,
        "body_lines": [[1]] * n,
        "lines_kept": [1] * n,
        "lines_dropped": [0] * n,
    })


def sklearn_docs() -> list[str]:
    return [" ".join(["a"] * a + ["b"] * b + ["c"] * c) for a, b, c in SKLEARN_COUNTS]


def test_sklearn_worked_example_reproduced_through_package_path():
    corpus = make_corpus(sklearn_docs())
    fit = fit_tfidf(corpus, analyzer=str.split, smooth_idf=False)
    assert list(fit.vectorizer.get_feature_names_out()) == ["a", "b", "c"]
    np.testing.assert_allclose(fit.matrix.toarray(), SKLEARN_TFIDF, atol=5e-9)
    assert fit.ids == list(corpus["doc_id"])


def test_tidy_frame_matches_worked_example_row0():
    corpus = make_corpus(sklearn_docs())
    frame = tfidf(corpus, analyzer=str.split, smooth_idf=False, top=None)
    assert list(frame.columns) == ["doc_id", "term", "tfidf", "rank"]
    row0 = frame[frame["doc_id"] == "000_doc"]
    assert list(row0["term"]) == ["a", "c"]  # b has weight 0: not listed
    np.testing.assert_allclose(row0["tfidf"], [0.81940995, 0.57320793], atol=5e-9)
    assert list(row0["rank"]) == [1, 2]
    # every document appears, each with ranks 1..n
    assert frame["doc_id"].nunique() == 6
    assert (frame.groupby("doc_id")["rank"].min() == 1).all()
    assert frame["rank"].dtype == np.int64


def test_top_limits_terms_and_ties_are_alphabetical():
    # two terms with the same count in the same document and the same df get
    # exactly equal weights; the tie must be broken by term
    corpus = make_corpus(["zeta alpha mid mid", "other words here"])
    frame = tfidf(corpus, analyzer=str.split, top=2)
    first = frame[frame["doc_id"] == "000_doc"]
    assert list(first["term"]) == ["mid", "alpha"]  # mid: tf 2; alpha < zeta
    assert list(first["rank"]) == [1, 2]
    assert len(frame[frame["doc_id"] == "001_doc"]) == 2


def test_by_outlet_concatenates_documents():
    texts = ["x y", "x z", "q q"]
    corpus = make_corpus(texts, outlets=["A", "A", "B"])
    frame = tfidf(corpus, by="outlet", analyzer=str.split, top=None)
    assert list(frame.columns) == ["outlet", "term", "tfidf", "rank"]
    # outlet A = "x y\nx z": counts x2 y1 z1, none shared with B, so all idf
    # are equal and weights are proportional to counts: 2/sqrt(6), 1/sqrt(6)
    a = frame[frame["outlet"] == "A"].set_index("term")["tfidf"]
    np.testing.assert_allclose(a.loc[["x", "y", "z"]], np.array([2, 1, 1]) / np.sqrt(6))
    docs = documents(corpus, by="outlet")
    assert list(docs["outlet"]) == ["A", "B"]
    assert docs.loc[0, "text"] == "x y\nx z"


def test_parts_join_title_and_body():
    corpus = make_corpus(["body words"])
    corpus.loc[0, "title"] = "headline"
    docs = documents(corpus, parts=("title", "body"))
    assert docs.loc[0, "text"] == "headline\nbody words"
    assert documents(corpus).loc[0, "text"] == "body words"


def test_output_is_deterministic():
    corpus = make_corpus(["b a c a", "c c d", "a d e e"])
    one = tfidf(corpus, analyzer=str.split, top=None)
    two = tfidf(corpus.iloc[::-1].reset_index(drop=True), analyzer=str.split, top=None)
    pd.testing.assert_frame_equal(one, two)


def test_vectorizer_reusable_on_new_text():
    corpus = make_corpus(sklearn_docs())
    fit = fit_tfidf(corpus, analyzer=str.split, smooth_idf=False)
    row = fit.vectorizer.transform(["a a a c"]).toarray()[0]
    np.testing.assert_allclose(row, SKLEARN_TFIDF[0], atol=5e-9)
    assert len(top_terms(fit, top=1)) == 6


@pytest.mark.parametrize("kwargs", [{"by": "article"}, {"top": 0}, {"parts": ("lead",)}])
def test_bad_arguments_raise_input_error(kwargs):
    corpus = make_corpus(["a b", "c d"])
    with pytest.raises(BingkaiInputError):
        tfidf(corpus, analyzer=str.split, **kwargs)


def test_empty_vocabulary_is_input_error():
    corpus = make_corpus(["", ""])
    with pytest.raises(BingkaiInputError, match="could not be fitted"):
        tfidf(corpus, analyzer=str.split)


def test_default_analyzer_is_the_package_analyzer():
    from bingkai.text.analyzer import Analyzer

    text = "Pasukan pemerintah menyerang kota. Serangan itu gagal."
    frame = tfidf(make_corpus([text, "Pemberontak mundur dari kota."]), top=None)
    mine = set(frame.loc[frame["doc_id"] == "000_doc", "term"])
    assert mine == set(Analyzer()(text))


# --- n_jobs: vocabulary stemmed in processes first; the fit does not change ----



@pytest.mark.parametrize("by", ["doc", "outlet"])
def test_n_jobs_2_gives_the_same_fit_on_the_seed_corpus(seed_corpus, by):
    from bingkai.text.analyzer import Analyzer
    from bingkai.text.stemming import Stemmer

    corpus = seed_corpus.copy()
    one = fit_tfidf(corpus, by=by, analyzer=Analyzer(stemmer=Stemmer()))
    cold = Analyzer(stemmer=Stemmer())
    two = fit_tfidf(corpus, by=by, analyzer=cold, n_jobs=2)
    assert cold.stemmer.stats["sastrawi_calls"] > 0  # the parallel path had work
    assert list(one.vectorizer.get_feature_names_out()) == list(two.vectorizer.get_feature_names_out())
    assert one.ids == two.ids
    assert (one.matrix != two.matrix).nnz == 0
    # tfidf() leaves out the terms naming an outlet (issue 22): the same drop here
    a = top_terms(one, top=None, drop=outlet_name_terms(corpus)).to_csv(index=False).encode()
    b = tfidf(corpus, by=by, top=None, analyzer=Analyzer(stemmer=Stemmer()), n_jobs=2)
    assert a == b.to_csv(index=False).encode()


def test_n_jobs_with_a_plain_callable_analyzer_is_accepted():
    corpus = make_corpus(sklearn_docs())
    one = fit_tfidf(corpus, analyzer=str.split, smooth_idf=False)
    two = fit_tfidf(corpus, analyzer=str.split, smooth_idf=False, n_jobs=2)
    np.testing.assert_allclose(two.matrix.toarray(), SKLEARN_TFIDF, atol=1e-8)
    assert (one.matrix != two.matrix).nnz == 0


@pytest.mark.parametrize("bad", [0, -3, 2.0, False, "all"])
def test_bad_n_jobs_is_input_error(bad):
    corpus = make_corpus(sklearn_docs())
    with pytest.raises(BingkaiInputError, match="n_jobs"):
        fit_tfidf(corpus, analyzer=str.split, n_jobs=bad)
    with pytest.raises(BingkaiInputError, match="n_jobs"):
        tfidf(corpus, analyzer=str.split, n_jobs=bad)
