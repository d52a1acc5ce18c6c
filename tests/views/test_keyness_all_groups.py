"""keyness of every group against the rest (``target=None``) is computed for all groups in one
pass of whole arrays (issue 24: the per-group tables, their concatenation and the outlet-name
test of every stacked row were most of its ~0.7 s at 1M words); the table equals the
per-group loop's, options and all."""

from __future__ import annotations

from unittest import mock

import pandas as pd
import pytest

import bingkai
from bingkai.views import keyness as keyness_module

OPTIONS = [{}, {"bonferroni": True}, {"alpha": 0.01}, {"bonferroni": True, "alpha": 0.05, "min_freq": 3},
           {"correction": "sidak", "confidence": 0.99}, {"correction": "bonferroni"}, {"unit": "lower"},
           {"by": "doc_id", "min_freq": 5}, {"parts": ("title", "body"), "min_freq": 10_000}]


@pytest.mark.parametrize("kw", OPTIONS)
def test_one_pass_equals_the_loop(synthetic_index, kw):
    with mock.patch.object(keyness_module, "_keyness", side_effect=AssertionError("looped")):
        fast = bingkai.keyness(synthetic_index, **kw)
    with mock.patch.object(keyness_module, "_all_groups_at_once", return_value=None):
        loop = bingkai.keyness(synthetic_index, **kw)
    pd.testing.assert_frame_equal(fast, loop)
    assert fast.attrs == loop.attrs


def test_counts_frames_too(synthetic_index):
    counts = bingkai.terms(synthetic_index).groupby(["outlet", "term"]).size().rename("count").reset_index()
    fast = bingkai.keyness(counts=counts)
    with mock.patch.object(keyness_module, "_all_groups_at_once", return_value=None):
        loop = bingkai.keyness(counts=counts)
    pd.testing.assert_frame_equal(fast, loop)


@pytest.mark.parametrize("kw", [{}, {"alpha": 0.01}, {"unit": "lower", "min_freq": 2}])
def test_wide_ranks_sort_the_same(synthetic_index, kw, monkeypatch):
    """More distinct (group, LL) ranks than a 16-bit radix sort holds: the int64 stable sort
    gives the same table."""
    radix = bingkai.keyness(synthetic_index, **kw)
    monkeypatch.setattr(keyness_module, "_RADIX_RANKS", 0)
    wide = bingkai.keyness(synthetic_index, **kw)
    pd.testing.assert_frame_equal(radix, wide)
    with mock.patch.object(keyness_module, "_all_groups_at_once", return_value=None):
        loop = bingkai.keyness(synthetic_index, **kw)
    pd.testing.assert_frame_equal(wide, loop)
