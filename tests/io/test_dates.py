"""Scraped publication dates (bingkai.io.dates): every format seen in Indonesian scrapes,
with the expected date and UTC instant worked out by hand (WIB = UTC+7, WITA = +8,
WIT = +9), and the fast rule table checked against dateparser."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest

from bingkai.io.dates import _LABEL, _LEAD, _by_dateparser, _by_rules, parse_date, parse_dates

# (scraped string, published as printed, UTC instant)
TABLE = [
    # the formats named in issue 11
    ("Rabu, 18 Juni 2025 10:31 WIB", "2025-06-18", "2025-06-18 03:31"),
    ("Diperbarui 18 Jun 2025, 14:05 WIB", "2025-06-18", "2025-06-18 07:05"),
    ("18/06/2025", "2025-06-18", "2025-06-17 17:00"),                # day first; midnight WIB
    ("2 Desember 2024 - 10:31", "2024-12-02", "2024-12-02 03:31"),   # no zone: WIB
    ("2025-06-18T10:31:00+07:00", "2025-06-18", "2025-06-18 03:31"),
    ("Senin, 02 Des 2024 10:31 WITA", "2024-12-02", "2024-12-02 02:31"),
    ("18 Juni 2025 | 10:31 WIT", "2025-06-18", "2025-06-18 01:31"),
    # other shapes outlets print
    ("Jumat, 20 Juni 2025 pukul 07.15 WIB", "2025-06-20", "2025-06-20 00:15"),
    ("Selasa 17 Juni 2025 - 22:05 WIB", "2025-06-17", "2025-06-17 15:05"),
    ("Kamis, 19/06/2025 08:00 WIB", "2025-06-19", "2025-06-19 01:00"),
    ("18-06-2025 10:31", "2025-06-18", "2025-06-18 03:31"),
    ("18.06.2025", "2025-06-18", "2025-06-17 17:00"),
    ("2025-06-18 10:31:00", "2025-06-18", "2025-06-18 03:31"),
    ("2025-06-18", "2025-06-18", "2025-06-17 17:00"),
    ("2025-06-18T01:00:00Z", "2025-06-18", "2025-06-18 01:00"),
    ("June 18, 2025 10:31 PM", "2025-06-18", "2025-06-18 15:31"),
    ("Wednesday, 18 June 2025 14:05 GMT+7", "2025-06-18", "2025-06-18 07:05"),
    ("18 June 2025 10:31 +0800", "2025-06-18", "2025-06-18 02:31"),
    ("Dipublikasikan pada: 1 Agustus 2024", "2024-08-01", "2024-07-31 17:00"),
    ("1 Nopember 2023 23:59 WIB", "2023-11-01", "2023-11-01 16:59"),
]


@pytest.mark.parametrize("raw,day,instant", TABLE)
def test_each_scraped_format(raw, day, instant):
    out = parse_dates([raw])
    assert out.at[0, "published_raw"] == raw
    assert out.at[0, "published"] == day
    assert out.at[0, "published_at"] == pd.Timestamp(instant, tz="UTC")


@pytest.mark.parametrize("raw", [row[0] for row in TABLE])
def test_rule_table_agrees_with_dateparser(raw):
    # the rule table is a fast path: on every string it reads, dateparser (the oracle)
    # must give the same instant (naive results are WIB on both sides)
    text = _LEAD.sub("", _LABEL.sub("", raw)).strip()
    fast = _by_rules(text, True)
    slow = _by_dateparser(text, True)
    assert fast is not None and slow is not None
    wib = timezone(timedelta(hours=7))
    fast = fast if fast.tzinfo else fast.replace(tzinfo=wib)
    assert fast == slow


@pytest.mark.parametrize("raw", ["2 jam yang lalu", "kemarin", "18 Juni", "31 Februari 2025", "Juni 2025",
                                 "bukan tanggal", "99/99/2025"])
def test_unreadable_relative_or_partial_dates_are_nat_never_an_error(raw):
    # relative dates depend on the day the code runs and a date without a year on the
    # current year: both would make the corpus change from one day to the next
    out = parse_dates([raw])
    assert out.at[0, "published"] == "" and pd.isna(out.at[0, "published_at"])
    assert out.at[0, "published_raw"] == raw


def test_missing_values_are_empty_not_unparsed():
    out = parse_dates([None, float("nan"), "", "  "])
    assert out["published_raw"].tolist() == ["", "", "", ""]
    assert out["published_at"].isna().all()


def test_month_first_on_request():
    assert parse_dates(["06/18/2025"], day_first=False).at[0, "published"] == "2025-06-18"
    assert parse_dates(["03/04/2025"]).at[0, "published"] == "2025-04-03"            # day first by default
    assert parse_dates(["03/04/2025"], day_first=False).at[0, "published"] == "2025-03-04"
    # no month 18: the only possible reading is taken (dateparser's fallback), not NaT
    assert parse_dates(["06/18/2025"]).at[0, "published"] == "2025-06-18"


def test_cells_that_are_already_dates():
    out = parse_dates([datetime(2025, 6, 18, 10, 31), date(2025, 6, 18),
                       pd.Timestamp("2025-06-18 10:31", tz="UTC")])
    assert out["published"].tolist() == ["2025-06-18"] * 3
    assert out["published_at"].tolist() == [pd.Timestamp("2025-06-18 03:31", tz="UTC"),
                                            pd.Timestamp("2025-06-17 17:00", tz="UTC"),
                                            pd.Timestamp("2025-06-18 10:31", tz="UTC")]


def test_columns_dtypes_and_order_of_a_mixed_column():
    raws = ["18/06/2025", "kemarin", "18/06/2025", None]
    out = parse_dates(raws)
    assert list(out.columns) == ["published_raw", "published", "published_at"]
    assert str(out["published_at"].dtype) == "datetime64[ns, UTC]"
    assert out["published"].tolist() == ["2025-06-18", "", "2025-06-18", ""]


def test_parse_date_keeps_the_printed_zone():
    value = parse_date("Rabu, 18 Juni 2025 10:31 WITA")
    assert value == datetime(2025, 6, 18, 10, 31, tzinfo=timezone(timedelta(hours=8)))
    assert parse_date("18 Juni 2025") == datetime(2025, 6, 18)
