"""ngrams counts few groups x sequences into a dense table, and each article's distinct
sequences from a per-article matrix (issue 24: the two sorts of every window were most of
``ngrams(n=1)`` by outlet); the frames equal the sort-based counting's."""

from __future__ import annotations

from unittest import mock

import pandas as pd
import pytest

import bingkai
from bingkai.constants import PARTS
from bingkai.views import ngrams as ngrams_module


@pytest.mark.parametrize("kw", [{"n": 1}, {"n": 2, "min_freq": 2}, {"n": 3, "by": "period"},
                                {"n": 1, "parts": PARTS}, {"n": 2, "by": "doc_id"}])
def test_dense_counting_equals_sorting(synthetic_index, kw):
    calls = []
    real = ngrams_module.unique_ints
    with mock.patch.object(ngrams_module, "unique_ints", side_effect=lambda a: calls.append(1) or real(a)):
        dense = bingkai.ngrams(synthetic_index, **kw)
    assert not calls  # the dense route sorts no windows
    with mock.patch.object(ngrams_module, "_DENSE_CELLS", 0):
        sorted_ = bingkai.ngrams(synthetic_index, **kw)
    assert len(dense) > 10
    pd.testing.assert_frame_equal(dense, sorted_)


def test_clusters_too(synthetic_index):
    dense = bingkai.clusters(synthetic_index, "pemerintah", n=(2, 3))
    with mock.patch.object(ngrams_module, "_DENSE_CELLS", 0):
        pd.testing.assert_frame_equal(dense, bingkai.clusters(synthetic_index, "pemerintah", n=(2, 3)))


def test_lower_names_as_arrow_strings(synthetic_index):
    sub = synthetic_index.where(outlet=sorted(synthetic_index.articles["outlet"].unique())[:2])
    for corpus in (synthetic_index, sub):
        arrow = corpus.lower_names_arrow()
        assert str(arrow.type) == "string"
        assert arrow.to_pylist() == corpus.lower_ids()[0].tolist()
