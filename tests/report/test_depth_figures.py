"""The dispersion plot's data (occurrence positions, counted by hand) and the
two issue-14 figures: drawn from the contract columns, byte-stable, clear
errors for the wrong frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import bingkai
from bingkai.report import figures
from bingkai.views.dispersion import POSITION_COLUMNS, occurrence_positions
from bingkai.errors import BingkaiInputError

# Word tokens counted by hand: a1 = 8 words (teroris = word 1), a2 = 7 (word 3),
# b1 = 9 (words 0, 1, 3, 8), b2 = 7; a2 is published before a1.
ARTICLES = pd.DataFrame([
    ("a1", "A", "2024-12-02", "", "", "Kelompok teroris menyerang pos. Warga mengungsi ke desa."),
    ("a2", "A", "2024-12-01", "", "", "Aparat menyebut mereka teroris bersenjata di perbatasan."),
    ("b1", "B", "2024-12-01", "", "", "Teroris, teroris, dan teroris lagi: kata pejabat itu teroris."),
    ("b2", "B", "2024-12-03", "", "", "Pasukan oposisi merebut bandara dan pangkalan udara."),
], columns=["doc_id", "outlet", "published", "title", "subtitle", "text"])


def test_occurrence_positions_by_hand():
    pos = occurrence_positions(ARTICLES, "teroris")
    assert list(pos.columns) == ["outlet", *POSITION_COLUMNS]
    a = pos[pos["outlet"] == "A"]
    # by date: a2 (7 words) then a1 (8 words); A has 15 words
    assert a["doc_id"].tolist() == ["a2", "a1"]
    assert a["position"].tolist() == pytest.approx([3 / 15, (7 + 1) / 15], abs=1e-15)
    assert a["doc_start"].tolist() == pytest.approx([0, 7 / 15]) and a["doc_end"].tolist()[-1] == 1
    b = pos[pos["outlet"] == "B"]
    assert b["position"].tolist() == pytest.approx([0, 1 / 16, 3 / 16, 8 / 16], abs=1e-15)
    whole = occurrence_positions(ARTICLES, ["teroris"], by=None, order=None)
    # doc_id order a1, a2, b1, b2 over 31 words
    assert whole["position"].tolist() == pytest.approx(
        [1 / 31, 11 / 31, 15 / 31, 16 / 31, 18 / 31, 23 / 31], abs=1e-15)
    with pytest.warns(UserWarning, match="tidakada"):
        assert occurrence_positions(ARTICLES, "tidakada").empty
    with pytest.raises(BingkaiInputError, match="order"):
        occurrence_positions(ARTICLES, "teroris", order="date")


def test_dispersion_plot_is_byte_stable(tmp_path):
    pos = occurrence_positions(ARTICLES, ["teroris", "serang"])
    fig = figures.dispersion_plot(pos)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "A · serang", "A · teroris", "B · serang", "B · teroris"]
    one = figures.save(fig, "d", tmp_path / "one")
    two = figures.save(figures.dispersion_plot(pos), "d", tmp_path / "two")
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]
    with pytest.raises(BingkaiInputError, match="position"):
        figures.dispersion_plot(pos.drop(columns="position"))
    with pytest.raises(BingkaiInputError, match="no occurrences"):
        figures.dispersion_plot(pos.iloc[0:0])


def test_log_odds_plot_labels_the_extremes(tmp_path):
    frame = pd.DataFrame({"term": ["a", "b", "c", "d", "e"], "freq": [10, 200, 3, 50, 1000],
                          "z": [4.0, -3.0, 0.5, 2.5, -0.1]})
    fig = figures.log_odds_plot(frame, top=1)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["a", "b"]  # top 1 on each side beyond ±1.96
    one = figures.save(fig, "z", tmp_path / "one")
    two = figures.save(figures.log_odds_plot(frame, top=1), "z", tmp_path / "two")
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]
    with pytest.raises(BingkaiInputError, match="z"):
        figures.log_odds_plot(frame.drop(columns="z"))


def test_log_odds_prior_weight_shrinks_less():
    strong = bingkai.log_odds(ARTICLES, target="A")
    weak = bingkai.log_odds(ARTICLES, target="A", prior_weight=0.01)
    s, w = strong.set_index("term"), weak.set_index("term")
    assert np.all(np.abs(w["log_odds"]) >= np.abs(s.loc[w.index, "log_odds"]) - 1e-12)
    assert w["alpha"].to_numpy() == pytest.approx(0.01 * s.loc[w.index, "alpha"].to_numpy())
    with pytest.raises(BingkaiInputError, match="prior_weight"):
        bingkai.log_odds(ARTICLES, target="A", prior_weight=0)
