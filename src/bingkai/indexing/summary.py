"""The corpus on one screen: a tidy frame of facts (articles, tokens, outlets, dates, periods, cleaning) and the renderer of that frame as an HTML table, which is how a ``Corpus`` shows itself in JupyterLab and what ``frame.bingkai.html()`` (:mod:`bingkai.report.display`) shows for it (deterministic, id-free HTML: strict nbval compares it byte for byte).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from bingkai.errors import BingkaiInputError

#: the columns of :func:`corpus_summary`'s frame (how the display accessor knows it)
SUMMARY_COLUMNS = ("item", "value")


def _articles(corpus) -> pd.DataFrame:
    """The article frame of a corpus frame or of a ``bingkai.Corpus``."""
    articles = getattr(corpus, "articles", corpus)
    if not isinstance(articles, pd.DataFrame):
        raise BingkaiInputError(f"expected a corpus frame or a bingkai.Corpus, got {type(corpus).__name__}",
                                hint="pass bingkai.load_corpus(...) or bingkai.read_articles(...)")
    if "doc_id" not in articles.columns:
        raise BingkaiInputError("the corpus frame has no 'doc_id' column",
                                hint="load it with bingkai.load_corpus() or bingkai.read_articles()")
    return articles


def _token_count(corpus) -> int | None:
    """Word tokens of a ``bingkai.Corpus`` (from its arrays); None for a plain
    frame, whose tokens are not known without tokenising it."""
    arrays = getattr(corpus, "arrays", None)
    if isinstance(arrays, dict) and "kind" in arrays:
        return int(np.count_nonzero(np.asarray(arrays["kind"]) == 0))
    return None


def corpus_summary(corpus, *, lexicon: str | None = None) -> pd.DataFrame:
    """The corpus on one screen, as a frame of ``item, value`` (both str).

    Items, in order: articles, word tokens (a ``bingkai.Corpus`` only; a
    plain frame would need tokenising), outlets (count and the largest
    five), dates (range and how many undated), periods (when the corpus has
    them), lexicon (``lexicon``: a description such as "packaged" or a
    folder; omitted when None), cleaning (source lines kept/dropped, and the
    rows skipped on reading from ``frame.attrs["skipped"]``), and the
    documents the index build skipped (``Corpus.failed``: doc id, stage,
    error), when there are any.
    """
    articles = _articles(corpus)
    rows: list[tuple[str, str]] = [("articles", f"{len(articles):,}")]
    tokens = _token_count(corpus)
    if tokens is not None:
        rows.append(("word tokens", f"{tokens:,}"))
    if "outlet" in articles.columns:
        counts = articles["outlet"].astype(str).value_counts()
        order = sorted(counts.index, key=lambda o: (-int(counts[o]), o.casefold(), o))
        shown = ", ".join(f"{o} ({counts[o]:,})" for o in order[:5])
        more = f", … {len(order) - 5:,} more" if len(order) > 5 else ""
        rows.append(("outlets", f"{len(order):,}: {shown}{more}"))
    if "published" in articles.columns:
        days = articles["published"].astype(str).str.slice(0, 10)
        dated = days[days.str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
        if len(dated):
            rows.append(("dates", f"{dated.min()} to {dated.max()} "
                                  f"({len(articles) - len(dated):,} undated)"))
        else:
            rows.append(("dates", "none"))
    if "period" in articles.columns:
        periods = sorted(p for p in articles["period"].astype(str).unique() if p)
        if periods:
            rows.append(("periods", ", ".join(periods)))
    if lexicon is not None:
        rows.append(("lexicon", str(lexicon)))
    if {"lines_kept", "lines_dropped"} <= set(articles.columns):
        kept, dropped = int(articles["lines_kept"].sum()), int(articles["lines_dropped"].sum())
        rows.append(("cleaning", f"kept {kept:,} source lines, removed {dropped:,} "
                                 "(blank, headline, site furniture)"))
    skipped = articles.attrs.get("skipped") or []
    if skipped:
        rows.append(("skipped on reading", f"{len(skipped):,} rows (frame.attrs['skipped'])"))
    failed = getattr(corpus, "failed", None)
    if isinstance(failed, pd.DataFrame) and len(failed):
        # documents bingkai.index(errors="report") skipped: named, so a researcher can look
        shown = "; ".join(f"{r.doc_id} ({r.stage}: {r.error})" for r in failed.head(5).itertuples())
        more = f"; … {len(failed) - 5:,} more (corpus.failed)" if len(failed) > 5 else ""
        rows.append(("failed documents (skipped)", f"{len(failed):,}: {shown}{more}"))
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS), dtype="str")


def summary_html(facts: pd.DataFrame) -> str:
    """:func:`corpus_summary`'s frame as a small HTML table: ``bingkai.Corpus._repr_html_``
    returns it for the corpus, so a Corpus shows itself as this table in JupyterLab, and
    ``bingkai.corpus_summary(corpus).bingkai.html()`` is the same string."""
    body = "".join(
        f'<tr><th style="text-align:left;padding-right:1em">{html.escape(k)}</th>'
        f'<td style="text-align:left">{html.escape(v)}</td></tr>'
        for k, v in zip(facts["item"], facts["value"]))
    return f"<table><caption style=\"text-align:left\"><b>bingkai corpus</b></caption>{body}</table>"
