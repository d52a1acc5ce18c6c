"""Rich displays for JupyterLab: a one-screen corpus summary and KWIC lines.

Both are plain functions returning an HTML string, so the corpus index can
hook them as ``_repr_html_`` and a notebook can show them with
``IPython.display.HTML``. The HTML is deterministic and id-free (no random
element ids, no timestamps, no ``<script>``): strict nbval compares a
notebook's ``text/html`` outputs byte for byte. Every piece of corpus text is
HTML-escaped.

``corpus_summary`` is the same facts as a tidy two-column frame, for code and
for the terminal.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import BingkaiInputError

__all__ = ["corpus_html", "corpus_summary", "kwic_html", "label_kwic"]

# Inline style only (no <style> block with class names that could clash with
# JupyterLab's CSS); colours readable in light and dark themes.
_NODE = "font-weight:bold;background:rgba(230,159,0,0.35);padding:0 0.2em"
_MONO = "font-family:monospace;white-space:pre"


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
    rows skipped on reading from ``frame.attrs["skipped"]``).
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
    return pd.DataFrame(rows, columns=["item", "value"], dtype="str")


def corpus_html(corpus, *, lexicon: str | None = None) -> str:
    """:func:`corpus_summary` as a small HTML table: ``bingkai.Corpus._repr_html_``
    returns it, so a Corpus shows itself as this table in JupyterLab."""
    facts = corpus_summary(corpus, lexicon=lexicon)
    body = "".join(
        f'<tr><th style="text-align:left;padding-right:1em">{html.escape(k)}</th>'
        f'<td style="text-align:left">{html.escape(v)}</td></tr>'
        for k, v in zip(facts["item"], facts["value"]))
    return f"<table><caption style=\"text-align:left\"><b>bingkai corpus</b></caption>{body}</table>"


def kwic_html(lines: pd.DataFrame, *, width: int = 60,
              columns: Sequence[str] = ("doc_id", "outlet", "voice")) -> str:
    """KWIC lines as an HTML table, the node centred and highlighted.

    ``lines`` is ``bingkai.kwic(...)``: ``left, match, right`` plus the
    ``columns`` shown before the line (those it lacks are skipped). The
    left context is right-aligned and cut to its last ``width`` characters,
    the right context cut to its first ``width``, so every node sits in the
    same column; a cut is marked with "…". Rows keep ``lines``' order.
    """
    if not isinstance(lines, pd.DataFrame):
        raise BingkaiInputError(f"expected the frame of bingkai.kwic, got {type(lines).__name__}",
                                hint="pass bingkai.kwic(corpus, query)")
    missing = [c for c in ("left", "match", "right") if c not in lines.columns]
    if missing:
        raise BingkaiInputError(f"the frame lacks column(s) {', '.join(missing)}",
                                hint="pass bingkai.kwic(corpus, query)")
    if not isinstance(width, (int, np.integer)) or width < 1:
        raise BingkaiInputError(f"width={width!r} is not a positive integer", hint="pass e.g. width=60")
    meta = [c for c in columns if c in lines.columns]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in meta)
    head += '<th style="text-align:right">left</th><th>node</th><th style="text-align:left">right</th>'
    rows = []
    for rec in lines[meta + ["left", "match", "right"]].itertuples(index=False, name=None):
        *values, left, match, right = ("" if pd.isna(v) else str(v) for v in rec)
        left = left if len(left) <= width else "…" + left[-(width - 1):]
        right = right if len(right) <= width else right[: width - 1] + "…"
        cells = "".join(f"<td>{html.escape(v)}</td>" for v in values)
        cells += (f'<td style="text-align:right;{_MONO}">{html.escape(left)}</td>'
                  f'<td style="text-align:center;{_MONO}"><span style="{_NODE}">'
                  f"{html.escape(match)}</span></td>"
                  f'<td style="text-align:left;{_MONO}">{html.escape(right)}</td>')
        rows.append(f"<tr>{cells}</tr>")
    if not rows:
        return "<p><i>no concordance lines</i></p>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def label_kwic(corpus: pd.DataFrame, occurrences: pd.DataFrame, label: str, *,
               window: int = 6, docs: int = 10, lexicon=None) -> pd.DataFrame:
    """KWIC lines of ``label`` in the first ``docs`` documents that use it.

    ``corpus`` is a ``bingkai.Corpus`` or a corpus frame; ``occurrences``
    is ``bingkai.label_occurrences(corpus)`` (it says which documents to
    read, so a frame is tokenised for those few only); ``lexicon`` the
    lexicon the occurrences came from (None: the default pack), whose
    variants of the label are searched. Returns ``bingkai.kwic``'s frame.
    """
    from .concordance import kwic

    ids = sorted(set(occurrences.loc[occurrences["label"] == label, "doc_id"].astype(str)))[:docs]
    if isinstance(corpus, pd.DataFrame):
        sub = corpus[corpus["doc_id"].astype(str).isin(ids)]
    else:  # a bingkai.Corpus: a subset view of the same index
        sub = corpus.where(doc_id=ids)
    return kwic(sub, label, window=window, by="label", lexicon=lexicon)
