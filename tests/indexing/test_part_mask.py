"""``part_mask`` answers ``np.isin(part, codes)`` for the int8 part codes by comparisons (issue 24:
numpy's lookup-table isin cost ~30 ms on its first call at 1M tokens)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bingkai
from bingkai.indexing.corpus import part_mask


@given(st.lists(st.integers(0, 2), max_size=200), st.lists(st.integers(0, 2), max_size=4))
def test_part_mask_is_isin(parts, codes):
    part = np.asarray(parts, dtype=np.int8)
    got = part_mask(part, codes)
    assert got.dtype == bool and got.shape == part.shape
    np.testing.assert_array_equal(got, np.isin(part, codes))


def test_per_doc_is_a_bincount_of_the_documents(synthetic_index):
    corpus = synthetic_index
    a = corpus.arrays
    rng = np.random.default_rng(0)
    for mask in (a["kind"] == 0, rng.random(corpus.n_tokens) < 0.01, np.zeros(corpus.n_tokens, dtype=bool)):
        expected = np.bincount(a["doc"][mask], minlength=len(corpus))
        for c, m in ((corpus, mask), (corpus.where(doc_id=corpus.articles["doc_id"].iloc[::3].tolist()), None)):
            m = mask if m is not None else c.arrays["kind"] == 0
            got = c.per_doc(m)
            assert got.dtype == np.int64
            np.testing.assert_array_equal(got, np.bincount(c.arrays["doc"][m], minlength=len(c)))
        np.testing.assert_array_equal(corpus.per_doc(mask), expected)
    b = corpus.doc_bounds()
    assert b[0] == 0 and b[-1] == corpus.n_tokens and (np.diff(b) >= 0).all()


def test_a_loaded_index_knows_its_document_runs(synthetic_index, tmp_path, monkeypatch):
    folder = synthetic_index.save(tmp_path / "ix")
    expected = synthetic_index.doc_bounds()
    loaded = bingkai.Corpus.load(folder)
    monkeypatch.setattr(np, "searchsorted", lambda *a, **k: pytest.fail("searched the token array"))
    np.testing.assert_array_equal(loaded.doc_bounds(), expected)
    assert loaded.doc_bounds().dtype == np.int64


def test_doc_word_counts_are_stored_and_equal_the_arrays(synthetic_index, tmp_path, monkeypatch):
    from bingkai.constants import PARTS as ALL

    folder = synthetic_index.save(tmp_path / "ixw")
    a = synthetic_index.arrays
    for parts in (("body",), ALL, ("title", "body")):
        codes = [ALL.index(p) for p in parts]
        inp = np.isin(a["part"], codes)
        want = (np.bincount(a["doc"][inp], minlength=len(synthetic_index)),
                np.bincount(a["doc"][inp & (a["kind"] == 0)], minlength=len(synthetic_index)),
                np.bincount(a["doc"][inp & (a["kind"] == 0) & (a["voice"] == 1)], minlength=len(synthetic_index)))
        for got, w in zip(synthetic_index.doc_word_counts(parts), want):
            np.testing.assert_array_equal(got, w)
    loaded = bingkai.Corpus.load(folder)
    expected = synthetic_index.doc_word_counts()
    monkeypatch.setattr(loaded, "per_doc", lambda *x, **k: pytest.fail("counted from the tokens"))
    for got, w in zip(loaded.doc_word_counts(), expected):
        assert got.dtype == np.int64
        np.testing.assert_array_equal(got, w)
