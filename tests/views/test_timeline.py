"""label_timeline: label rates per group per week/month, on hand-counted articles."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

import bingkai
from bingkai.errors import BingkaiInputError
from bingkai.views.timeline import time_bins

# Hand-written articles; word tokens counted by hand (punctuation is not a word).
ARTICLES = [
    # outlet, date, title, body, word tokens of the body
    ("Kabar A", "2024-01-05", "Serangan di utara", "Pemberontak menyerang kota. Teroris kabur.", 5),
    ("Kabar A", "2024-01-20", "Gerak maju", "Pemberontak maju lagi.", 3),
    ("Kabar A", "2024-02-03", "Sebutan warga", "Warga menyebut mereka “teroris” hari ini.", 6),
    ("Warta B", "2024-02-10", "Dua kelompok", "Pemberontak dan pemberontak lain.", 4),
    ("Warta B", "", "Tanpa tanggal", "Teroris menyerang.", 2),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("timeline") / "articles.csv"
    pd.DataFrame([{"media": o, "tanggal": d, "judul": t, "isi": b} for o, d, t, b, _ in ARTICLES]
                 ).to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return bingkai.read_articles(path, text="isi", outlet="media", title="judul",
                                     published="tanggal", progress=False)


def cell(frame, outlet, date, label, voice="all"):
    sel = frame[(frame["outlet"] == outlet) & (frame["date"] == date) & (frame["label"] == label)
                & (frame["voice"] == voice)]
    assert len(sel) == 1, (outlet, date, label, voice)
    return sel.iloc[0]


def test_monthly_counts_tokens_and_rates_match_the_hand_count(corpus):
    out = bingkai.label_timeline(corpus, freq="month")
    assert out.attrs["undated"] == 1
    # one cell per outlet and month it published in; Warta B has no January
    cells = sorted(set(zip(out["outlet"], out["date"])))
    assert cells == [("Kabar A", "2024-01-01"), ("Kabar A", "2024-02-01"), ("Warta B", "2024-02-01")]
    jan = cell(out, "Kabar A", "2024-01-01", "pemberontak")
    assert (jan["articles"], jan["count"], jan["tokens"]) == (2, 2, 5 + 3)
    assert jan["rate"] == pytest.approx(1000 * 2 / 8)
    feb_q = cell(out, "Kabar A", "2024-02-01", "teroris", "quoted")
    assert (feb_q["count"], feb_q["tokens"]) == (1, 1)  # the scare-quoted word is the only quoted one
    assert cell(out, "Kabar A", "2024-02-01", "teroris", "narrator")["count"] == 0
    b = cell(out, "Warta B", "2024-02-01", "pemberontak")
    assert (b["count"], b["tokens"]) == (2, 4)
    # zero counts are rows too, so a line has no holes inside a publishing month
    assert cell(out, "Warta B", "2024-02-01", "teroris")["count"] == 0


def test_intervals_are_scipy_wilson(corpus):
    out = bingkai.label_timeline(corpus)
    row = cell(out, "Kabar A", "2024-01-01", "pemberontak")
    ci = binomtest(2, 8).proportion_ci(method="wilson")
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((1000 * ci.low, 1000 * ci.high))


def test_weeks_start_on_monday_and_totals_agree_with_label_rates(corpus):
    weekly = bingkai.label_timeline(corpus, freq="week")
    # 2024-01-05 is a Friday, 2024-01-20 a Saturday
    assert sorted(weekly.loc[weekly["outlet"] == "Kabar A", "date"].unique()) == [
        "2024-01-01", "2024-01-15", "2024-01-29"]
    # summed over bins, dated counts equal label_rates on the dated articles
    dated = corpus[corpus["published"] != ""]
    rates = bingkai.label_rates(dated, by="outlet")
    for freq in ("week", "month"):
        t = bingkai.label_timeline(corpus, freq=freq)
        got = t.groupby(["outlet", "label", "voice"])["count"].sum()
        want = rates.set_index(["outlet", "label", "voice"])["count"]
        assert got.reindex(want.index).tolist() == want.tolist()


def test_actor_filter_counts_only_that_actors_labels(tmp_path):
    path = tmp_path / "a.csv"
    pd.DataFrame([{"outlet": "X", "published": "2024-03-02", "title": "Judul",
                   "text": "Pemberontak HTS menyerang kota. Pemberontak lain diam."}]).to_csv(path, index=False)
    frame = bingkai.read_articles(path, title="title", published="published", progress=False)
    every = bingkai.label_timeline(frame)
    hts = bingkai.label_timeline(frame, actor="hts")
    assert cell(every, "X", "2024-03-01", "pemberontak")["count"] == 2
    assert cell(hts, "X", "2024-03-01", "pemberontak")["count"] == 1
    # the denominator stays every word of the bin
    assert cell(hts, "X", "2024-03-01", "pemberontak")["tokens"] == 7  # Pemberontak HTS menyerang kota, Pemberontak lain diam


def test_a_corpus_index_gives_the_same_frame(corpus):
    from_frame = bingkai.label_timeline(corpus)
    from_index = bingkai.label_timeline(bingkai.index(corpus))
    pd.testing.assert_frame_equal(from_frame, from_index)


def test_no_dated_article_gives_an_empty_frame_with_the_columns(corpus):
    undated = corpus.assign(published="")
    out = bingkai.label_timeline(undated)
    assert out.empty and out.attrs["undated"] == len(corpus)
    assert list(out.columns) == ["outlet", "date", "label", "frame", "voice", "articles", "count",
                                 "tokens", "rate", "ci_low", "ci_high", "thin"]


def test_bad_arguments_name_what_to_do(corpus):
    with pytest.raises(BingkaiInputError, match="freq"):
        bingkai.label_timeline(corpus, freq="day")
    with pytest.raises(BingkaiInputError, match="by="):
        bingkai.label_timeline(corpus, by="doc_id")
    with pytest.raises(BingkaiInputError, match="isis_typo"):
        bingkai.label_timeline(corpus, actor="isis_typo")
    with pytest.raises(BingkaiInputError, match="2024-13-01"):
        time_bins(pd.Series(["2024-13-01"]))


def test_time_bins_are_the_first_of_the_month_or_the_monday():
    days = pd.Series(["2024-02-29", "2023-12-31", "", None])
    assert time_bins(days, "month").tolist()[:2] == ["2024-02-01", "2023-12-01"]
    assert time_bins(days, "week").tolist()[:2] == ["2024-02-26", "2023-12-25"]
    assert time_bins(days).isna().tolist() == [False, False, True, True]
    assert np.all(pd.to_datetime(time_bins(days, "week").dropna()).dt.day_of_week == 0)
