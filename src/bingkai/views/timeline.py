"""The time dimension: label rates per outlet per week or month, with CIs.

``label_timeline`` answers "did an outlet's naming of an actor change after
an event": the same counts and Wilson intervals as ``bingkai.label_rates``,
but per group (outlet or period) *and* per calendar bin of the articles'
``published`` date. With ``actor=`` only the occurrences attributed to that
actor are counted (the denominator stays every word token of the bin, so the
rate reads "times this outlet named <actor> with <label> per 1,000 words").

Articles without a date are left out and counted in
``frame.attrs["undated"]``: a timeline cannot place them, and dropping them
silently would make its totals disagree with ``label_rates``.

The date range: a scrape often holds a few stray old articles (an archive page,
a re-published story) that would stretch the time axis over years of empty
bins. By default the timeline covers the bulk of the corpus: from the 1st to
the 99th percentile of its dates (``WINDOW_QUANTILES``; below a hundred
dated articles that is the first and the last date), widened to whole bins,
so no article of a bin the range touches is left out. ``since=``/``until=``
(ISO dates) set the range instead. Dated articles outside it are counted in
``frame.attrs["outside"]`` (the range's first and last day are
``frame.attrs["date_range"]``).

Thin bins: a bin in which a group has fewer than ``min_articles`` articles
(default ``MIN_ARTICLES``, 5) is marked ``thin``: its rate rests on one or
two articles, so the figure draws it hollow and leaves it out of the panel's
y-scale, and the findings never compare it.

Bins: ``freq="month"`` (calendar month, labelled by its first day) or
``freq="week"`` (ISO week, Monday to Sunday, labelled by its Monday). A bin
appears for a group only when the group has an article in it: a month an
outlet did not publish is a gap, not a zero rate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from bingkai.constants import DEFAULT_PARTS, VOICE_FILTERS
from bingkai.errors import BingkaiInputError
from bingkai.frames import check_parts
from bingkai.stats import check_ci, proportion_ci
from bingkai.views.framing import _from_index, _indexed

__all__ = ["FREQS", "TIMELINE_BY", "label_timeline", "time_bins"]

FREQS = ("month", "week")
#: a bin with fewer of a group's articles is ``thin`` (drawn hollow, never quoted)
MIN_ARTICLES = 5
#: the default date range: these quantiles of the corpus's dates, widened to whole bins
WINDOW_QUANTILES = (0.01, 0.99)
TIMELINE_BY = ("outlet", "period")


def time_bins(published: pd.Series, freq: str = "month") -> pd.Series:
    """Start date (ISO ``YYYY-MM-DD``) of the ``freq`` bin of each date.

    ``published`` holds ISO dates (``YYYY-MM-DD``, a time part is ignored) or
    "" / missing for undated articles, which map to missing. ``freq``:
    "month" (first day of the month) or "week" (Monday of the ISO week).
    """
    if freq not in FREQS:
        raise BingkaiInputError(f"freq={freq!r} is not one of {', '.join(FREQS)}",
                                hint="use freq='month' or freq='week'")
    text = published.astype("string").fillna("").str.slice(0, 10)
    days = pd.to_datetime(text.where(text != ""), format="%Y-%m-%d", errors="coerce")
    bad = text[(text != "") & days.isna()]
    if len(bad):
        raise BingkaiInputError(
            f"published {bad.iloc[0]!r} (row {bad.index[0]}) is not an ISO date",
            hint="published dates must be YYYY-MM-DD (read_articles and load_corpus write them so)")
    if freq == "month":
        start = days.dt.to_period("M").dt.start_time
    else:
        start = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    out = start.dt.strftime("%Y-%m-%d")
    return out.where(days.notna()).astype("string")


def label_timeline(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    freq: str = "month",
    actor: str | None = None,
    parts: Sequence[str] | str = DEFAULT_PARTS,
    lexicon=None,
    ci: str = "wilson",
    progress: bool | None = None,
    n_jobs: int = 1,
    since: str | None = None,
    until: str | None = None,
    min_articles: int = MIN_ARTICLES,
) -> pd.DataFrame:
    """Label rates per group per week or month, with 95% confidence intervals.

    Parameters
    ----------
    corpus
        The corpus frame (``bingkai.load_corpus`` / ``bingkai.read_articles``);
        needs ``published`` and the ``by`` column besides the text columns.
    by
        Grouping column: "outlet" or "period".
    freq
        "month" or "week" (see :func:`time_bins`).
    actor
        An actor id: count only occurrences attributed to it (None: every
        occurrence, as ``label_rates``).
    parts, lexicon, ci, progress, n_jobs
        As for ``bingkai.label_rates`` (``lexicon``: a ``bingkai.Lexicon``,
        a pack name, a folder or a list of them; its ``window`` is the
        attribution window).
    since, until
        The first and last day (ISO ``YYYY-MM-DD``) of the timeline; None:
        the bulk of the corpus (module docstring).
    min_articles
        A group's bin with fewer articles is ``thin``.

    Returns
    -------
    DataFrame
        One row per group × bin × label × voice for every bin in which the
        group has at least one dated article (zero counts included), sorted
        by ``<by>, date, label, voice``; columns ``<by>, date, label, frame,
        voice, articles, count, tokens, rate, ci_low, ci_high``. ``date`` is
        the bin's first day (ISO string), ``articles`` the group's dated
        articles in the bin; ``count``, ``tokens``, ``rate`` (per 1,000 word
        tokens of that voice) and the CI bounds are defined exactly as in
        ``bingkai.label_rates``; ``thin`` is True when ``articles`` is under
        ``min_articles``. ``frame.attrs["undated"]`` is the number of
        articles left out for having no date, ``attrs["outside"]`` the dated
        ones outside the date range, ``attrs["date_range"]`` the range's first and
        last day and ``attrs["min_articles"]`` the threshold.
    """
    # The corpus index answers both the occurrences and the per-document word
    # counts (a frame is indexed on the way, once per process).

    if by not in TIMELINE_BY:
        raise BingkaiInputError(f"by={by!r} is not one of {', '.join(TIMELINE_BY)}",
                                hint="group by 'outlet' or 'period'")
    check_ci(ci)
    parts = check_parts(parts)
    index, lex = _indexed(corpus, lexicon, progress, n_jobs)
    lab, act = lex.labels, lex.actors
    if actor is not None and actor not in set(act["actor"].astype(str)):
        raise BingkaiInputError(f"actor {actor!r} is not in the actors lexicon",
                                hint=f"use one of: {', '.join(sorted(set(act['actor'].astype(str))))}")
    articles = index.articles
    for column in (by, "published"):
        if column not in articles.columns:
            raise BingkaiInputError(f"the corpus has no {column!r} column",
                                    hint="load it with bingkai.load_corpus() or bingkai.read_articles()")

    if isinstance(min_articles, bool) or not isinstance(min_articles, (int, np.integer)) or min_articles < 1:
        raise BingkaiInputError(f"min_articles={min_articles!r} is not a whole number >= 1",
                                hint="e.g. min_articles=5 (1 marks no bin thin)")
    bins = time_bins(articles["published"].reset_index(drop=True), freq)
    undated = int(bins.isna().sum())
    inside, first, last = _date_range(articles["published"].reset_index(drop=True), bins, freq, since, until)
    outside = int((bins.notna() & ~inside).sum())
    bins = bins.where(inside)
    dated = articles.reset_index(drop=True).loc[bins.notna().to_numpy()]
    columns = [by, "date", "label", "frame", "voice", "articles", "count", "tokens", "rate",
               "ci_low", "ci_high", "thin"]
    # "date_range", not "window": ``window`` is a context width (one name, one meaning)
    attrs = {"undated": undated, "outside": outside, "date_range": (first, last),
             "min_articles": int(min_articles)}
    label_frame = lab.drop_duplicates("label").set_index("label")["frame"].astype(str)
    if dated.empty:
        out = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("articles", "count", "tokens")
                                         else "float64" if c in ("rate", "ci_low", "ci_high")
                                         else "bool" if c == "thin" else "str") for c in columns})
        out.attrs.update(attrs)
        return out

    occ, words = _from_index(index, parts)
    occ = occ[occ["framing"]]  # what label_rates counts (an unattributed "pemerintah" is no framing use)
    if actor is not None:
        occ = occ[occ["actor"] == actor]
    key = pd.DataFrame({"doc_id": dated["doc_id"].astype(str).to_numpy(),
                        "g": dated[by].astype(str).to_numpy(),
                        "date": bins[bins.notna()].astype(str).to_numpy()})
    n_articles = key.groupby(["g", "date"]).size()
    cells = sorted(n_articles.index)

    counted = pd.DataFrame(words, columns=["doc_id", "all", "quoted"])
    counted["narrator"] = counted["all"] - counted["quoted"]
    tok = (key.merge(counted, on="doc_id", how="left").fillna({v: 0 for v in VOICE_FILTERS})
           .groupby(["g", "date"])[list(VOICE_FILTERS)].sum())
    placed = occ[["doc_id", "label", "voice"]].merge(key, on="doc_id")
    # counts per cell, "all" being every voice together
    counts = (pd.concat([placed.assign(voice="all"), placed])
              .groupby(["g", "date", "label", "voice"]).size())

    # one row per group x bin x label x voice, filled by index alignment (a
    # lookup per row cost seconds on a few thousand articles)
    names = sorted(label_frame.index)
    per_cell = len(names) * len(VOICE_FILTERS)
    grid = pd.MultiIndex.from_arrays(
        [np.repeat([g for g, _ in cells], per_cell), np.repeat([d for _, d in cells], per_cell),
         np.tile(np.repeat(names, len(VOICE_FILTERS)), len(cells)), np.tile(VOICE_FILTERS, len(cells) * len(names))],
        names=["g", "date", "label", "voice"])
    g_d = grid.droplevel(["label", "voice"])
    g_d_voice = grid.droplevel("label")
    out = pd.DataFrame({
        by: grid.get_level_values("g"),
        "date": grid.get_level_values("date"),
        "label": grid.get_level_values("label"),
        "frame": label_frame.reindex(grid.get_level_values("label")).to_numpy(),
        "voice": grid.get_level_values("voice"),
        "articles": n_articles.reindex(g_d).to_numpy(),
        "count": counts.reindex(grid, fill_value=0).to_numpy(),
        "tokens": tok.stack().reindex(g_d_voice).fillna(0).to_numpy(),
    })
    out = out.astype({by: "str", "date": "str", "label": "str", "frame": "str", "voice": "str",
                      "articles": "int64", "count": "int64", "tokens": "int64"})
    low, high = proportion_ci(out["count"].to_numpy(), out["tokens"].to_numpy(), method=ci)
    tokens = out["tokens"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["rate"] = np.where(tokens > 0, 1000.0 * out["count"].to_numpy(float) / tokens, np.nan)
    out["ci_low"] = 1000.0 * low
    out["ci_high"] = 1000.0 * high
    out["thin"] = out["articles"].to_numpy() < min_articles
    out = out.sort_values([by, "date", "label", "voice"], kind="stable").reset_index(drop=True)
    out.attrs.update(attrs)
    return out


def _iso_day(value: str | None, name: str) -> pd.Timestamp | None:
    if value is None:
        return None
    day = pd.to_datetime(str(value), format="%Y-%m-%d", errors="coerce")
    if pd.isna(day):
        raise BingkaiInputError(f"{name}={value!r} is not a date YYYY-MM-DD", hint=f"e.g. {name}='2025-06-01'")
    return day


def _date_range(published: pd.Series, bins: pd.Series, freq: str, since: str | None,
            until: str | None) -> tuple[pd.Series, str, str]:
    """Which dated articles the timeline covers (module docstring, "The date range"), and its first
    and last day ("" when nothing is dated)."""
    start, end = _iso_day(since, "since"), _iso_day(until, "until")
    days = pd.to_datetime(published.astype("string").fillna("").str.slice(0, 10).where(bins.notna()),
                          format="%Y-%m-%d", errors="coerce")
    known = days.dropna()
    if known.empty:
        return bins.notna(), since or "", until or ""
    ordinals = np.sort(known.to_numpy(dtype="datetime64[D]").astype(np.int64))
    if start is None:
        low = pd.Timestamp(np.datetime64(int(np.quantile(ordinals, WINDOW_QUANTILES[0], method="inverted_cdf")),
                                         "D"))
        start = pd.Timestamp(time_bins(pd.Series([low.strftime("%Y-%m-%d")]), freq).iloc[0])
    if end is None:
        high = pd.Timestamp(np.datetime64(int(np.quantile(ordinals, WINDOW_QUANTILES[1], method="inverted_cdf")),
                                          "D"))
        bin_start = pd.Timestamp(time_bins(pd.Series([high.strftime("%Y-%m-%d")]), freq).iloc[0])
        end = (bin_start + (pd.offsets.MonthEnd(0) if freq == "month" else pd.Timedelta(days=6)))
    inside = days.notna() & (days >= start) & (days <= end)
    return inside, start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")
