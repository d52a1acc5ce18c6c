"""read_articles in several processes (issue 24): the same corpus, byte for byte, as in one."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import bingkai
from bingkai.errors import BingkaiInputError

import issue22_scrapes as scrapes


def _read(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bingkai.read_articles(path, report=False, progress=False, **kw)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b)
    for table in (bingkai.removed, bingkai.learned_boilerplate, bingkai.read_summary):
        pd.testing.assert_frame_equal(table(a), table(b))
    assert list(a.attrs["skipped"]) == list(b.attrs["skipped"])


def test_two_processes_read_the_same_corpus(synthetic_path):
    one = _read(synthetic_path, title="title", published="published")
    two = _read(synthetic_path, title="title", published="published", n_jobs=2)
    assert len(one) > 10
    _same(one, two)


def test_two_processes_clean_a_scrape_the_same(tmp_path):
    # a scrape with learned datelines, furniture and cascades: every cleaning pass runs
    articles = scrapes.scrape(12)
    articles += [scrapes.cascaded(a, one_line=k % 2 == 0) for k, a in enumerate(articles[:6])]
    path = scrapes.write_csv(articles, tmp_path / "scrape.csv")
    one, two = _read(path, **scrapes.COLUMNS), _read(path, n_jobs=2, **scrapes.COLUMNS)
    assert {"learned_dateline", "repeated_sentence"} <= set(bingkai.removed(one)["rule"])
    _same(one, two)


@pytest.mark.parametrize("bad", [0, -2, 1.5, True])
def test_n_jobs_is_checked(synthetic_path, bad):
    with pytest.raises(BingkaiInputError, match="n_jobs"):
        _read(synthetic_path, n_jobs=bad)
