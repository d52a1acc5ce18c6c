"""read_articles in several processes (issue 24): the same corpus, byte for byte, as in one."""

from __future__ import annotations

import dataclasses
import warnings

import pandas as pd
import pytest

import bingkai
from bingkai.clean.rules import word_count
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
    # a copy another outlet ran (reuse_of) and a short item: the body facts the workers
    # make, and the main process makes again where the learned pass changed a body
    other = next(a.outlet for a in articles if a.outlet != articles[0].outlet)
    articles.append(dataclasses.replace(articles[0], outlet=other, url=articles[0].url + "?copy"))
    # short only once the learned pass took its furniture line (the line of each article
    # that its outlet's other articles repeat; learned from them)
    first = _read(scrapes.write_csv(articles, tmp_path / "first.csv"), **scrapes.COLUMNS)
    furniture = bingkai.learned_boilerplate(first).query("kind == 'line'").iloc[0]
    host = next(a for a in articles if a.outlet == furniture["outlet"]
                and any(line.casefold().strip() == furniture["text"] for line in a.text.split("\n")))
    line = next(line for line in host.text.split("\n") if line.casefold().strip() == furniture["text"])
    lead = "Singkat saja, kata dia."
    articles.append(dataclasses.replace(host, url=host.url + "?short", text=lead + "\n" + line))
    path = scrapes.write_csv(articles, tmp_path / "scrape.csv")
    kw = dict(scrapes.COLUMNS, min_words=word_count(lead) + 1)  # the line makes it long enough
    one, two = _read(path, **kw), _read(path, n_jobs=2, **kw)
    assert {"learned_dateline", "repeated_sentence", "learned_line"} <= set(bingkai.removed(one)["rule"])
    assert one["reuse_of"].ne("").any()
    assert one.loc[one["url"] == host.url + "?short", "short"].item()
    _same(one, two)


@pytest.mark.parametrize("bad", [0, -2, 1.5, True])
def test_n_jobs_is_checked(synthetic_path, bad):
    with pytest.raises(BingkaiInputError, match="n_jobs"):
        _read(synthetic_path, n_jobs=bad)
