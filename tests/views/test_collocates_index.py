"""collocates on an index reads each node's window around it and takes ``f2`` and ``n`` from
the frequency list (issue 24): no per-token lower-form ids, no pass over every token, so the
first call after ``Corpus.load`` costs about what a repeat does; the table equals the one
counted from a ``bingkai.tokens`` frame."""

from __future__ import annotations

from unittest import mock

import pandas as pd
import pytest

import bingkai
from bingkai.constants import PARTS
from bingkai.views import kwic as kwic_module


@pytest.fixture(scope="module")
def folder(synthetic_index, tmp_path_factory):
    return synthetic_index.save(tmp_path_factory.mktemp("coll") / "ix")


@pytest.mark.parametrize("node, kw", [("pemerintah", {}), ("kata", {"window": 2}),
                                      ("teroris", {"match": "label"}), ("pemerintah indonesia", {"window": 9})])
def test_no_per_token_structure_is_built(folder, node, kw):
    """(For the default parts, whose frequency list the index stores; other parts count theirs.)"""
    expected = bingkai.collocates(bingkai.Corpus.load(folder), node, **kw)
    loaded = bingkai.Corpus.load(folder)
    for name in ("lower_ids", "token_lower", "unit_ids"):
        setattr(loaded, name, mock.Mock(side_effect=AssertionError(f"{name} was built")))
    pd.testing.assert_frame_equal(bingkai.collocates(loaded, node, **kw), expected)


@pytest.mark.parametrize("reach", [0, 16])
@pytest.mark.parametrize("node, window, parts", [("pemerintah", 5, ("body",)), ("kata", 1, PARTS),
                                                 ("di", 12, ("title", "body")), ("yang", 3, ("body",))])
def test_the_index_table_equals_the_tokens_frame_table(synthetic_index, node, window, parts, reach):
    with mock.patch.object(kwic_module, "_REACH", reach):
        got = bingkai.collocates(synthetic_index, node, window=window, parts=parts)
    toks = bingkai.tokens(synthetic_index, parts=PARTS)
    want = bingkai.collocates(None, node, window=window, parts=parts, tokens=toks)
    want = want[~want["collocate"].isin(got.attrs["dropped_terms"])].reset_index(drop=True)
    assert len(got) > 5
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
