"""Publication dates as scrapers write them -> a date and a UTC timestamp.

Every outlet prints its date its own way ("Rabu, 18 Juni 2025 10:31 WIB",
"Diperbarui 18 Jun 2025, 14:05 WIB", "18/06/2025", "2 Desember 2024 - 10:31",
"2025-06-18T10:31:00+07:00"). ``parse_dates`` reads them all without
aborting: a string it cannot read gives NaT and is counted, never an error.

Three stages, one answer:

1. a rule table (``_RULES`` below) for the shapes above -- ISO 8601, "day
   month year [time] [zone]" with Indonesian or English month names and an
   optional weekday and label in front, "month day, year" (English), and
   numeric ``d/m/y`` -- which is what almost every scraped date looks like
   and is ~100x faster than a general parser;
2. a date *inside* a longer string: scrapers keep what the page prints
   around it ("Kompas.com- 18/06/2025, 20:31 WIB", ", Jurnalis-Rabu, 18 Juni
   2025 |20:01 WIB", "Rabu 18 Jun 2025 10:31 WIB Red: <editor>", "Diterbitkan
   18 Jun 2025, 10:00 WIB Diperbarui 18 Jun 2025, 14:05 WIB"). The rule
   table is searched through the string (not matched against all of it) and
   the *first* date found is read by the same rules: the publication comes
   before an update. The search needs digits for day and year, so a name, a
   weekday or "Red: <editor>" alone never becomes a date;
3. everything else goes to dateparser (Indonesian and English, absolute dates
   only: relative ones such as "2 jam yang lalu" depend on the day the code
   runs, so they are *not* parsed -- the same file must give the same corpus
   any day; day, month and year are required for the same reason).

``tests/io/test_dates.py`` checks both stages against hand-written expected
values and the rule table against dateparser on every shape it handles.

Conventions: numeric dates are day-first (18/06/2025 is 18 June), the
Indonesian order, unless ``day_first=False``. WIB, WITA and WIT are UTC+7,
+8 and +9; a time written without a zone is taken as WIB (the zone of most
Indonesian outlets; it moves the UTC timestamp, never the ``published``
date, which is the calendar date as printed -- except for the rare strings
only dateparser reads, whose date is the WIB date of the instant).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

import pandas as pd

#: a time printed without a zone is taken to be in this zone (WIB)
DEFAULT_OFFSET_HOURS = 7
ZONES = {"wib": 7, "wita": 8, "wit": 9, "utc": 0, "gmt": 0, "z": 0}

_MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = (r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|"
            r"mon|tue|wed|thu|fri|sat|sun)[a-z]*")
# labels outlets put before the date; dropped before matching
_LABEL = re.compile(
    r"^\s*(?:(?:di)?perbarui|diupdate|update[d]?|dipublikasikan|diterbitkan|terbit|published|posted|"
    r"dibuat|tanggal|waktu)\s*(?:pada|on)?\s*:?\s*", re.IGNORECASE)
_LEAD = re.compile(rf"^\s*(?:{_WEEKDAY})\s*[,.]?\s*", re.IGNORECASE)
_TIME = r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?"
_ZONE = r"(?P<zone>wib|wita|wit|utc|gmt|z)?\s*(?P<off>[+-]\d{1,2}(?::?\d{2})?)?"
_SEP = r"\s*(?:,|-|–|—|\||/|pukul|jam|at)?\s*"
_TAIL = rf"(?:{_SEP}{_TIME}(?:\s*(?:am|pm))?)?\s*{_ZONE}\s*\.?"
_RULES = (
    # 18 Juni 2025 10:31 WIB / 2 Desember 2024 - 10:31 / 18 Jun 2025, 14:05 WIB
    re.compile(rf"(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH})\.?\s+(?P<y>\d{{4}}){_TAIL}", re.IGNORECASE),
    # June 18, 2025 10:31
    re.compile(rf"(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}}){_TAIL}", re.IGNORECASE),
    # 18/06/2025 10:31, 18-06-2025, 18.06.2025
    re.compile(rf"(?P<a>\d{{1,2}})(?P<ds>[/.-])(?P<b>\d{{1,2}})(?P=ds)(?P<y>\d{{4}}){_TAIL}", re.IGNORECASE),
)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?",
                  re.IGNORECASE)
_AMPM = re.compile(r"\b(am|pm)\b", re.IGNORECASE)
# stage 2: the same shapes found inside a string, never inside a longer number ("2018 Juni"
# is no day 18; "118/06/2025" no date)
_INSIDE = tuple(re.compile(rf"(?<![\d/.:-]){rule.pattern}(?![\d/])", re.IGNORECASE) for rule in _RULES) + (
    re.compile(rf"(?<![\d/.:-]){_ISO.pattern}(?![\d/])", re.IGNORECASE),)

DATE_COLUMNS = ("published", "published_at", "published_raw")
# the range of a nanosecond timestamp (the frames' published_at)
_EARLIEST, _LATEST = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")


def _offset(zone: str | None, off: str | None) -> timezone | None:
    """The tz of a zone name and/or numeric offset ("GMT+7", "+07:00", "WIB"); None when neither."""
    hours = ZONES[zone.lower()] if zone else None
    if off:
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        h, m = (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        return timezone(sign * timedelta(hours=h, minutes=m))
    return None if hours is None else timezone(timedelta(hours=hours))


def _by_rules(text: str, day_first: bool) -> datetime | None:
    """The rule-table reading of ``text`` (aware datetime), or None if no rule matches it whole."""
    if _ISO.fullmatch(text):
        try:
            value = datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
        except ValueError:
            return None
        return value
    for number, rule in enumerate(_RULES):
        match = rule.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        year = int(parts["y"])
        if number == 2:
            first, second = int(parts["a"]), int(parts["b"])
            day, month = (first, second) if day_first else (second, first)
        else:
            day, month = int(parts["d"]), _MONTHS[parts["mon"].lower()]
        hour = int(parts["h"] or 0)
        ampm = _AMPM.search(match.group(0))
        if ampm and parts["h"]:
            if hour > 12:
                return None
            hour = hour % 12 + (12 if ampm.group(1).lower() == "pm" else 0)
        try:
            value = datetime(year, month, day, hour, int(parts["mi"] or 0), int(parts["s"] or 0))
        except ValueError:
            return None   # 31 Februari, 25:00: not a date; dateparser will not make it one either
        tz = _offset(parts["zone"], parts["off"])
        return value if tz is None else value.replace(tzinfo=tz)
    return None


_DATEPARSER_SETTINGS = {
    # absolute dates only, all three parts required: the result must not
    # depend on the day the code runs
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    # naive strings (and epoch numbers) are read in WIB, whatever the machine's zone;
    # results with another zone are converted to WIB (their instant is kept)
    "TIMEZONE": "Asia/Jakarta",
    "RETURN_AS_TIMEZONE_AWARE": True,
}


def _by_dateparser(text: str, day_first: bool) -> datetime | None:
    import dateparser

    # dateparser knows none of the Indonesian zone names; write them as offsets
    zoned = re.sub(r"\b(wib|wita|wit)\b",
                   lambda m: f"+0{ZONES[m.group(1).lower()]}00", text, flags=re.IGNORECASE)
    settings = dict(_DATEPARSER_SETTINGS, DATE_ORDER="DMY" if day_first else "MDY")
    try:
        value = dateparser.parse(zoned, languages=["id", "en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return value


def parse_date(value: object, *, day_first: bool = True) -> datetime | None:
    """One scraped date -> a datetime (aware when the string names a zone), or None.

    ``value`` may already be a ``datetime``/``date`` (XLSX and Parquet cells
    are). See the module docstring for the accepted shapes.
    """
    if isinstance(value, datetime):
        return None if pd.isna(value) else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    text = _LEAD.sub("", _LABEL.sub("", text)).strip()
    return _by_rules(text, day_first) or _inside(text, day_first) or _by_dateparser(text, day_first)


def _inside(text: str, day_first: bool) -> datetime | None:
    """Stage 2 (module docstring): the first date the rule table finds inside ``text``."""
    found = [m for m in (rule.search(text) for rule in _INSIDE) if m is not None]
    # the earliest; of two starting at the same place, the longer (the one with the time)
    for match in sorted(found, key=lambda m: (m.start(), -m.end())):
        value = _by_rules(match.group(0).strip(), day_first)
        if value is not None:
            return value
    return None


def parse_dates(values: Iterable[object], *, day_first: bool = True) -> pd.DataFrame:
    """Parse a column of scraped dates; never raises for a bad value.

    Returns one row per value, in order, with columns ``published_raw`` (the
    value as a string, "" when missing), ``published`` (``YYYY-MM-DD`` as
    printed, "" when missing or unreadable) and ``published_at`` (UTC
    timestamp, ``datetime64[ns, UTC]``; NaT when missing or unreadable; a time
    without a zone is taken as WIB). A value is *unparsed* when
    ``published_raw`` is non-empty and ``published_at`` is NaT -- including
    a date outside the range a timestamp can hold (before 1677-09-22 or
    after 2262-04-11, e.g. a year typed as 1599 or 2300): its raw string is
    kept, never a crash; ``out_of_range_dates`` tells those apart.
    Each distinct string is parsed once.
    """
    values = list(values)
    raws, days, stamps = [], [], []
    cache: dict[object, tuple[str, pd.Timestamp]] = {}
    default = timezone(timedelta(hours=DEFAULT_OFFSET_HOURS))
    for value in values:
        raw = _raw(value)
        raws.append(raw)
        key = value if isinstance(value, str) else raw
        if key not in cache:
            parsed = parse_date(value, day_first=day_first) if raw else None
            if parsed is None:
                cache[key] = ("", pd.NaT)
            else:
                cache[key] = _stamped(parsed, default)
        day, stamp = cache[key]
        days.append(day)
        stamps.append(stamp)
    return pd.DataFrame({
        "published_raw": pd.Series(raws, dtype="str"),
        "published": pd.Series(days, dtype="str"),
        "published_at": pd.Series(pd.to_datetime(stamps, utc=True), dtype="datetime64[ns, UTC]"),
    })


def _stamped(parsed: datetime, default: timezone) -> tuple[str, pd.Timestamp]:
    """(printed date, UTC timestamp) of a parsed date; ("", NaT) outside the timestamp range."""
    aware = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=default)
    try:
        stamp = pd.Timestamp(aware).tz_convert("UTC")
    except (pd.errors.OutOfBoundsDatetime, OverflowError, ValueError):
        return "", pd.NaT
    # pandas holds far dates at a coarser unit; the corpus frame's column is nanoseconds
    if not _EARLIEST <= stamp <= _LATEST:
        return "", pd.NaT
    return parsed.date().isoformat(), stamp


def out_of_range_dates(values: Iterable[object], *, day_first: bool = True) -> list[bool]:
    """Per value: a readable date that no timestamp can hold (before 1677-09-22 or after
    2262-04-11, pandas' nanosecond range): ``parse_dates`` leaves it NaT, this says why."""
    default = timezone(timedelta(hours=DEFAULT_OFFSET_HOURS))
    out = []
    for value in values:
        parsed = parse_date(value, day_first=day_first) if _raw(value) else None
        out.append(parsed is not None and _stamped(parsed, default)[1] is pd.NaT)
    return out


def _raw(value: object) -> str:
    """The cell as text for the ``published_raw`` column ("" for missing values)."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:   # NaN
        return ""
    if isinstance(value, datetime):
        return "" if pd.isna(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
