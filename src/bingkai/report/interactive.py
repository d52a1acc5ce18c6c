"""Interactive tables in JupyterLab: sortable, searchable, paginated, offline.

The interactive side of the one display mechanism, the ``bingkai`` DataFrame accessor
(:mod:`bingkai.report.display`): a notebook shows any frame with
``frame.bingkai.show(interactive=interactive_tables)``; interactive, that calls
:func:`datatable` (any frame: rates, label occurrences) or :func:`kwic_datatable`
(concordance lines, the node highlighted). The result is an ``itables`` DataTable that
needs no network: :func:`init` (shown once, near the top of the notebook) carries the
DataTables library itself, not a link to a CDN. Every interactive table also stores a
static HTML copy that is what shows where no script runs (GitHub, nbviewer, an
untrusted notebook) and what strict nbval compares; in JupyterLab a script swaps it for
the interactive table. Not interactive (``bingkai report``'s default), the accessor
shows the frame itself, or the static highlighted KWIC: what reports have always shown.

Outputs are deterministic: a table's id is a hash of its content, never random.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence

import pandas as pd

from bingkai.report.markup import NODE_STYLE, HTMLView

__all__ = ["datatable", "init", "kwic_datatable"]

#: Rows per page of an interactive table (the choices offered beside it follow).
PAGE_LENGTH = 10
_LENGTH_MENU = [10, 25, 50, 100, -1]


def init() -> HTMLView:
    """The DataTables library (JavaScript and CSS, from the ``itables`` package) as one HTML
    output: shown once per notebook before the first interactive table, no network needed."""
    # the same bundle itables' init_notebook_mode(connected=False) shows, without changing
    # how every other DataFrame of the notebook displays; itables is imported here, not at
    # the top, so that the CLI and static reports (which import this module) never load it
    from itables import options as itables_options
    from itables.javascript import generate_init_offline_itables_html
    return HTMLView(generate_init_offline_itables_html(itables_options.dt_bundle),
                    "<interactive tables: DataTables loaded (offline)>")


def _table_id(frame: pd.DataFrame, kind: str) -> str:
    digest = hashlib.sha256(frame.to_csv(index=True, lineterminator="\n").encode("utf-8")).hexdigest()
    return f"bingkai_{kind}_{digest[:16]}"


def _interactive(frame: pd.DataFrame, kind: str, *, allow_html: bool = False, **options) -> HTMLView:
    from itables.javascript import to_html_datatable  # heavy, interactive tables only (see init)
    markup = to_html_datatable(
        frame, connected=False, table_id=_table_id(frame, kind), allow_html=allow_html,
        display_logo_when_loading=False, pageLength=PAGE_LENGTH, lengthMenu=_LENGTH_MENU,
        classes="display compact", maxBytes=0, **options)
    return HTMLView(markup, f"<interactive table: {len(frame)} rows x {frame.shape[1]} columns>")


def datatable(frame: pd.DataFrame) -> HTMLView:
    """``frame`` as a sortable, searchable, paginated table (needs :func:`init` shown
    before it in the notebook; stores a static copy for where no script runs)."""
    return _interactive(frame, "table")


def kwic_datatable(lines: pd.DataFrame, *, columns: Sequence[str]) -> HTMLView:
    """Concordance lines (``bingkai.kwic``'s frame) as an interactive table: one row per
    line with ``columns`` (those it has), ``left``, ``node`` (highlighted) and ``right``,
    sortable by any of them (sort on ``right`` for 1R), searchable and paginated."""
    meta = [c for c in columns if c in lines.columns]
    shown = pd.DataFrame({c: lines[c].astype(str).to_numpy() for c in meta})
    shown["left"] = lines["left"].fillna("").astype(str).to_numpy()
    shown["node"] = [f'<span style="{NODE_STYLE}">{html.escape(str(m))}</span>' for m in lines["match"]]
    shown["right"] = lines["right"].fillna("").astype(str).to_numpy()
    # every other cell is text: escaped here, since the node column needs allow_html
    for column in [*meta, "left", "right"]:
        shown[column] = shown[column].map(html.escape)
    # the concordance layout: left context against the node, node centred, right context after it
    n = shown.shape[1]
    view = _interactive(shown, "kwic", allow_html=True, columnDefs=[
        {"className": "dt-left", "targets": list(range(n - 3))},
        {"className": "dt-right", "targets": [n - 3]},
        {"className": "dt-center", "targets": [n - 2]},
        {"className": "dt-left", "targets": [n - 1]}])
    view.text = f"<KWIC: {len(lines)} lines, interactive>"
    return view
