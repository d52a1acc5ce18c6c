"""Rich displays: one mechanism for every table bingkai shows, a pandas accessor.

Importing :mod:`bingkai.report` (``from bingkai import report``, as every notebook
does) registers the ``bingkai`` accessor on DataFrames. Any result shows through it::

    lines = bingkai.kwic(corpus, "teroris")
    lines.bingkai.html()                      # str: the highlighted KWIC table
    lines.bingkai.show()                      # a notebook shows the same, static
    lines.bingkai.show(interactive=True)      # sortable, searchable (itables, offline)
    bingkai.corpus_summary(corpus).bingkai.show()   # the one-screen corpus summary
    rates.bingkai.show(interactive=True)      # any other table

The accessor picks the display from the frame's columns: ``bingkai.kwic``'s lines
(``left, match, right``) are a concordance with the node centred and highlighted,
``bingkai.corpus_summary``'s frame (``item, value``) the corpus summary, anything else
a plain table. The result stays a tidy DataFrame: the accessor adds nothing to it.
Static output (the default, and what reports show) is deterministic and id-free (no
random element ids, no timestamps, no ``<script>``): strict nbval compares a
notebook's ``text/html`` outputs byte for byte. Every piece of corpus text is
HTML-escaped. A ``bingkai.Corpus`` shows its summary by itself (``_repr_html_``)
with the same renderer (:func:`bingkai.indexing.summary.summary_html`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

from bingkai.errors import BingkaiInputError
from bingkai.frames import require_columns
from bingkai.indexing.summary import SUMMARY_COLUMNS, summary_html
from bingkai.report.interactive import datatable, kwic_datatable
from bingkai.report.markup import NODE_STYLE, HTMLView

__all__ = ["BingkaiAccessor", "KWIC_COLUMNS", "META_COLUMNS"]

_MONO = "font-family:monospace;white-space:pre"
KWIC_COLUMNS = ("left", "match", "right")
#: the columns shown before a concordance line, those the frame has
META_COLUMNS = ("doc_id", "outlet", "voice")


@pd.api.extensions.register_dataframe_accessor("bingkai")
class BingkaiAccessor:
    """``frame.bingkai``: how a bingkai result shows in a notebook or a report.

    ``html(...)`` is the static HTML string; ``show(...)`` what a notebook cell
    displays. The kind of display follows the frame's columns (module docstring).
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    @property
    def kind(self) -> str:
        """``"kwic"``, ``"summary"`` or ``"table"``: the display the columns call for."""
        columns = list(self._frame.columns)
        if set(KWIC_COLUMNS) <= set(columns):
            return "kwic"
        if columns == list(SUMMARY_COLUMNS):
            return "summary"
        return "table"

    def html(self, *, width: int = 60, columns: Sequence[str] = META_COLUMNS) -> str:
        """The static HTML of the frame.

        KWIC lines: a table with ``columns`` (those the frame has), then the
        left context right-aligned and cut to its last ``width`` characters,
        the node centred and highlighted, the right context cut to its first
        ``width``, so every node sits in the same column; a cut is marked
        with "…"; rows keep the frame's order. The corpus summary: a two-column
        table captioned "bingkai corpus". Any other frame: ``DataFrame.to_html``.
        """
        kind = self.kind
        if kind == "kwic":
            return _kwic_html(self._frame, width=width, columns=columns)
        if kind == "summary":
            return summary_html(self._frame)
        return self._frame.to_html()

    def show(self, *, interactive: bool = False, width: int = 60,
             columns: Sequence[str] = META_COLUMNS) -> pd.DataFrame | HTMLView:
        """What a notebook cell shows for the frame.

        ``interactive=False`` (``bingkai report``'s default): the static
        :meth:`html` of a concordance or the corpus summary, and any other
        frame itself (pandas' own display). ``interactive=True``: a sortable,
        searchable, paginated table (``bingkai.report.interactive``; show
        ``interactive.init()`` once before it), a concordance in KWIC layout
        with the node highlighted; it stores a static copy for where no
        script runs.
        """
        kind = self.kind
        if interactive:
            if kind == "kwic":
                _check_kwic(self._frame, width)
                return kwic_datatable(self._frame, columns=columns)
            return datatable(self._frame)
        if kind == "kwic":
            return HTMLView(self.html(width=width, columns=columns), f"<KWIC: {len(self._frame)} lines>")
        if kind == "summary":
            return HTMLView(self.html(), f"<bingkai corpus: {len(self._frame)} facts>")
        return self._frame


def _check_kwic(lines: pd.DataFrame, width: object) -> None:
    require_columns(lines, KWIC_COLUMNS, what="expected the frame of bingkai.kwic",
                    lacks="the frame lacks", hint="pass bingkai.kwic(corpus, query)")
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
        raise BingkaiInputError(f"width={width!r} is not a positive integer", hint="pass e.g. width=60")


def _kwic_html(lines: pd.DataFrame, *, width: int, columns: Sequence[str]) -> str:
    """KWIC lines as an HTML table, the node centred and highlighted."""
    _check_kwic(lines, width)
    meta = [c for c in columns if c in lines.columns]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in meta)
    head += '<th style="text-align:right">left</th><th>node</th><th style="text-align:left">right</th>'
    rows = []
    for rec in lines[meta + list(KWIC_COLUMNS)].itertuples(index=False, name=None):
        *values, left, match, right = ("" if pd.isna(v) else str(v) for v in rec)
        left = left if len(left) <= width else "…" + left[-(width - 1):]
        right = right if len(right) <= width else right[: width - 1] + "…"
        cells = "".join(f"<td>{html.escape(v)}</td>" for v in values)
        cells += (f'<td style="text-align:right;{_MONO}">{html.escape(left)}</td>'
                  f'<td style="text-align:center;{_MONO}"><span style="{NODE_STYLE}">'
                  f"{html.escape(match)}</span></td>"
                  f'<td style="text-align:left;{_MONO}">{html.escape(right)}</td>')
        rows.append(f"<tr>{cells}</tr>")
    if not rows:
        return "<p><i>no concordance lines</i></p>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
