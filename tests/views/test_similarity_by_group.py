"""similarity_by_group: the article x article similarity summarised per pair of groups."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import bingkai
from bingkai.errors import BingkaiInputError

from conftest import TINY_SCRAPE as EXAMPLE  # noqa: E402


@pytest.fixture(scope="module")
def articles():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the example has no skipped rows; be robust anyway
        return bingkai.read_articles(EXAMPLE, text="isi", outlet="media", title="judul",
                                     published="tanggal", progress=False)


def test_block_means_of_the_article_matrix(articles):
    """Oracle: the mean of each block of bingkai.similarity's n x n matrix
    (diagonal blocks without the articles' self-similarity)."""
    sim = bingkai.similarity(articles, full=True)
    group = articles.set_index("doc_id")["outlet"].reindex(sim.index).to_numpy()
    got = bingkai.similarity_by_group(articles)
    names = sorted(set(group))
    assert list(got.index) == names and list(got.columns) == names
    values = sim.to_numpy()
    for a in names:
        for b in names:
            block = values[np.ix_(group == a, group == b)]
            if a == b:
                block = block[~np.eye(len(block), dtype=bool)]
            assert got.loc[a, b] == pytest.approx(block.mean(), abs=1e-12), (a, b)
    assert got.attrs["articles"] == {"Kabar Pagi": 4, "Suara Timur": 4, "Warta Dunia": 4}
    np.testing.assert_allclose(got.to_numpy(), got.to_numpy().T)


def test_one_article_groups_have_no_within_mean_and_index_is_accepted(articles):
    one_each = articles.drop_duplicates("outlet")
    got = bingkai.similarity_by_group(bingkai.index(one_each))
    assert np.isnan(np.diag(got.to_numpy())).all()
    assert not np.isnan(got.to_numpy()[~np.eye(3, dtype=bool)]).any()
    with pytest.raises(BingkaiInputError, match="sumber"):
        bingkai.similarity_by_group(articles, by="sumber")
