"""Issue 22, item 3: dates found inside strings ("Kompas.com- 18/06/2025, 20:31 WIB",
", Jurnalis-Rabu, 18 Juni 2025 |20:01 WIB", "... WIB Red: <editor>", "Diterbitkan ...
Diperbarui ..."), ``published_raw`` kept, and one clear warning for a column that stays
mostly unparsed."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import bingkai
import issue22_scrapes as scrapes

TARGET = 0.99


@pytest.fixture(scope="module")
def articles():
    return scrapes.scrape(30, strays=3)


def test_dates_inside_strings_are_parsed(articles):
    values = [a.published for a in articles]
    parsed = bingkai.parse_dates(values)
    assert parsed["published_raw"].tolist() == values
    ok = parsed["published_at"].notna()
    assert ok.mean() >= TARGET, parsed.loc[~ok, "published_raw"].head().tolist()
    # never a wrong date: the printed calendar date is the one in the string (the first one:
    # "Diperbarui" is the update, not the publication)
    expected = [a.day.isoformat() for a in articles]
    wrong = [(v, got, want) for v, got, want, good in zip(values, parsed["published"], expected, ok)
             if good and got != want]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("outlet", sorted(scrapes.DATE_FORMS))
def test_each_outlets_date_form(outlet):
    arts = [scrapes.make_article(outlet, i, seed="dates") for i in range(12)]
    parsed = bingkai.parse_dates([a.published for a in arts])
    assert parsed["published"].tolist() == [a.day.isoformat() for a in arts]


def test_strings_without_a_date_stay_unparsed():
    """Guard: searching inside a string does not invent dates (relative dates stay NaT, as today)."""
    values = ["Kompas.com", ", Jurnalis-", "2 jam yang lalu", "Diperbarui", "Rabu |", "Red: Rina Hartono",
              "kemarin sore"]
    assert bingkai.parse_dates(values)["published_at"].isna().all()


def test_read_articles_keeps_published_raw_and_parses_them(articles, tmp_path):
    path = scrapes.write_csv(articles, tmp_path / "scrape.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = scrapes.read(path)
    want = {a.url: a for a in articles}
    assert all(raw == want[u].published for u, raw in zip(frame["url"], frame["published_raw"]))
    assert frame["published_at"].notna().mean() >= TARGET
    summary = bingkai.read_summary(frame)
    unparsed = summary[(summary["outlet"] == "all") & (summary["item"] == "dates unparsed")]["count"]
    assert int(unparsed.sum()) <= (1 - TARGET) * len(frame)


def _with_dates(tmp_path: Path, bad_share: float) -> Path:
    arts = [scrapes.make_article("tempo", i, seed="warn") for i in range(40)]
    n_bad = int(round(bad_share * len(arts)))
    rows = []
    for i, a in enumerate(arts):
        a.published = ("baru saja" if i % 2 else "kemarin sore") if i < n_bad else a.published
        rows.append(a)
    return scrapes.write_csv(rows, tmp_path / f"dates_{n_bad}.csv")


def _date_warnings(path: Path) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scrapes.read(path)
    return [str(w.message) for w in caught if "baru saja" in str(w.message) or "kemarin sore" in str(w.message)]


def test_a_mostly_unparsed_column_gives_one_warning_naming_examples(tmp_path):
    found = _date_warnings(_with_dates(tmp_path, 0.25))
    assert len(found) == 1, found
    message = found[0]
    assert "published" in message        # the column
    assert "10 of 40" in message         # how many
    assert "baru saja" in message and "kemarin sore" in message   # examples, as written


def test_a_few_unparsed_dates_give_no_date_warning(tmp_path):
    """Guard: under 20% unparsed is counted in the summary, not warned about."""
    assert _date_warnings(_with_dates(tmp_path, 0.10)) == []
