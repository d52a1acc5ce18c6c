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

from bingkai.constants import PARTS
from bingkai.errors import BingkaiInputError
from bingkai.indexing.summary import corpus_html, corpus_summary
from bingkai.views.kwic import kwic

__all__ = ["corpus_html", "corpus_summary", "kwic_html", "label_kwic"]

# Inline style only (no <style> block with class names that could clash with
# JupyterLab's CSS); colours readable in light and dark themes.
_NODE = "font-weight:bold;background:rgba(230,159,0,0.35);padding:0 0.2em"
_MONO = "font-family:monospace;white-space:pre"


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
               window: int = 6, top: int = 10, lexicon=None) -> pd.DataFrame:
    """KWIC lines of ``label`` in the first ``top`` documents that use it.

    ``corpus`` is a ``bingkai.Corpus`` or a corpus frame; ``occurrences``
    is ``bingkai.label_occurrences(corpus)`` (it says which documents to
    read, so a frame is tokenised for those few only); ``lexicon`` the
    lexicon the occurrences came from (None: the default pack), whose
    variants of the label are searched. Returns ``bingkai.kwic``'s frame.
    """
    ids = sorted(set(occurrences.loc[occurrences["label"] == label, "doc_id"].astype(str)))[:top]
    if isinstance(corpus, pd.DataFrame):
        sub = corpus[corpus["doc_id"].astype(str).isin(ids)]
    else:  # a bingkai.Corpus: a subset view of the same index
        sub = corpus.where(doc_id=ids)
    return kwic(sub, label, window=window, match="label", parts=PARTS, lexicon=lexicon)
