"""An index knows which analyzer terms name an outlet, by term id (issue 24): stored with a
saved index, so tfidf and keyness of every group leave them out without testing strings on
their first call; equal to testing every term with ``is_outlet_name``; a subset finds its own."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import bingkai
from bingkai.clean import outlet_names
from bingkai.indexing import corpus as corpus_module
from bingkai.views import keyness as keyness_module
from bingkai.views import tfidf as tfidf_module


def _recomputed(corpus) -> np.ndarray:
    names = corpus.outlet_name_terms()
    return np.array([k for k, t in enumerate(corpus.term_names) if outlet_names.is_outlet_name(t, names)],
                    dtype=np.int64)


@pytest.fixture(scope="module")
def folder(synthetic_index, tmp_path_factory):
    return synthetic_index.save(tmp_path_factory.mktemp("oids") / "ix")


def test_stored_equals_recomputed(folder, synthetic_index):
    stored = json.loads((folder / "index.json").read_text(encoding="utf-8"))["outlet_name_term_ids"]
    assert stored and stored == _recomputed(synthetic_index).tolist()
    np.testing.assert_array_equal(bingkai.Corpus.load(folder).outlet_name_term_ids(), stored)


def test_views_use_the_ids_without_testing_strings(folder, monkeypatch):
    loaded = bingkai.Corpus.load(folder)
    want_tfidf = bingkai.tfidf(bingkai.Corpus.load(folder), by="outlet")
    want_all = bingkai.keyness(bingkai.Corpus.load(folder))
    target = sorted(loaded.articles["outlet"].unique())[0]
    want_one = bingkai.keyness(bingkai.Corpus.load(folder), target=target, alpha=0.5)
    for module in (tfidf_module, keyness_module, corpus_module):
        monkeypatch.setattr(module, "named_rows", lambda *a, **k: pytest.fail("tested the strings"))
    monkeypatch.setattr(keyness_module, "drop_outlet_names", lambda *a, **k: pytest.fail("tested the strings"))
    got_tfidf = bingkai.tfidf(loaded, by="outlet")
    got_all = bingkai.keyness(loaded)
    got_one = bingkai.keyness(loaded, target=target, alpha=0.5)
    pd.testing.assert_frame_equal(got_one, want_one)
    assert got_one.attrs == want_one.attrs
    pd.testing.assert_frame_equal(got_tfidf, want_tfidf)
    pd.testing.assert_frame_equal(got_all, want_all)
    assert got_tfidf.attrs == want_tfidf.attrs and got_all.attrs == want_all.attrs
    assert got_all.attrs["dropped_terms"]


def test_a_subset_finds_its_own(folder):
    loaded = bingkai.Corpus.load(folder)
    outlet = sorted(loaded.articles["outlet"].unique())[0]
    for sub in (loaded.where(outlet=outlet), bingkai.Corpus.load(folder, outlet=outlet)):
        assert "outlet_name_term_ids" not in sub._meta
        np.testing.assert_array_equal(sub.outlet_name_term_ids(), _recomputed(sub))
