"""``tfidf`` on an index ranks the weights without making the vectorizer (issue 24: building
it, with the corpus vocabulary, was ~50 ms of every first call), and ranks them in numpy:
the frame equals ``top_terms(fit_tfidf(...))`` and a pandas oracle of the ranking rule."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

import bingkai
from bingkai.views import tfidf as tfidf_module


@pytest.mark.parametrize("kw", [{"by": "outlet"}, {"by": "doc", "top": 3}, {"by": "outlet", "top": None,
                                                                           "sublinear_tf": True}])
def test_no_vectorizer_is_made_and_the_frame_is_the_fits(synthetic_index, kw):
    top = kw.pop("top", 10)
    fit = bingkai.fit_tfidf(synthetic_index, **kw)
    want = tfidf_module.top_terms(fit, top=top, drop=synthetic_index.outlet_name_terms())
    with mock.patch.object(tfidf_module, "TfidfVectorizer", side_effect=AssertionError("vectorizer made")):
        got = bingkai.tfidf(synthetic_index, top=top, **kw)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == want.attrs


def oracle(matrix, vocab, ids, top, drop):
    coo = matrix.tocoo()
    frame = pd.DataFrame({"row": coo.row.astype("int64"), "term": vocab[coo.col], "tfidf": coo.data})
    frame = frame[frame["tfidf"] > 0]
    named = frame["term"].isin(drop)
    frame = frame[~named].sort_values(["row", "tfidf", "term"], ascending=[True, False, True], kind="stable")
    frame["rank"] = frame.groupby("row").cumcount() + 1
    if top is not None:
        frame = frame[frame["rank"] <= top]
    return (pd.DataFrame({"outlet": np.asarray(ids, dtype=object)[frame["row"]], "term": frame["term"].to_numpy(),
                          "tfidf": frame["tfidf"].to_numpy(), "rank": frame["rank"].to_numpy()}),
            sorted(set(vocab[coo.col][(coo.data > 0) & np.isin(vocab[coo.col], list(drop))])))


@pytest.mark.parametrize("shuffled", [False, True])
@pytest.mark.parametrize("top", [None, 1, 3])
def test_the_ranking_equals_the_pandas_rule(shuffled, top):
    rng = np.random.default_rng(7)
    vocab = np.asarray(sorted({"".join(rng.choice(list("abcde"), 3)) for _ in range(40)}), dtype=object)
    if shuffled:  # a vocabulary not in code-point order: ties broken by the strings
        vocab = vocab[rng.permutation(len(vocab))]
    dense = rng.choice([0.0, 0.25, 0.5, 0.5, 1.0], size=(4, len(vocab)))  # many ties
    ids = ["a", "b", "c", "d"]
    drop = frozenset({str(vocab[3]), str(vocab[5])})
    got = tfidf_module._top_terms(sparse.csr_matrix(dense), vocab, ids, "outlet", top=top, drop=drop)
    want, dropped = oracle(sparse.csr_matrix(dense), vocab, ids, top, drop)
    pd.testing.assert_frame_equal(got.astype(object), want.astype(object))
    assert got.attrs["dropped_terms"] == dropped


@pytest.mark.parametrize("dtype", ["str", "string", object])
def test_has_text_is_a_non_empty_str(dtype):
    values = ["kata", "", None, np.nan, " ", "é", "\u200b"]
    col = pd.Series(values, dtype=dtype)
    want = np.array([isinstance(v, str) and bool(v) for v in col.tolist()])
    np.testing.assert_array_equal(tfidf_module._has_text(col), want)
