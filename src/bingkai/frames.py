"""Checks on the DataFrames handed to bingkai: one place, so every function that takes
a corpus frame rejects a bad one with the same message.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from bingkai.constants import PARTS
from bingkai.errors import BingkaiInputError


def require_columns(frame: object, columns: Sequence[str], *, what: str, lacks: str, hint: str,
                    columns_hint: str | None = None) -> None:
    """Raise :class:`BingkaiInputError` unless ``frame`` is a DataFrame with ``columns``.

    The messages say what was expected: ``"<what>, got <type>"`` (with ``hint``) for
    something else than a DataFrame, ``"<lacks> column(s) a, b"`` (with ``columns_hint``,
    default ``hint``) for missing columns.
    """
    if not isinstance(frame, pd.DataFrame):
        raise BingkaiInputError(f"{what}, got {type(frame).__name__}", hint=hint)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BingkaiInputError(f"{lacks} column(s) {', '.join(missing)}", hint=columns_hint or hint)


def check_frame(corpus: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """Validate a corpus frame handed to an analysis function.

    ``corpus`` must be a DataFrame with ``columns`` and a unique ``doc_id``
    (as ``load_corpus``/``read_articles`` return). Raises
    :class:`BingkaiInputError` otherwise. Returns the row positions that put
    the frame in ``doc_id`` order (stable), so every analysis walks documents
    in the same order whatever order the frame is in.
    """
    require_columns(corpus, columns, what="corpus must be a pandas DataFrame",
                    lacks="the corpus frame is missing", hint="load it with bingkai.load_corpus()",
                    columns_hint="load it with bingkai.load_corpus() or bingkai.read_articles()")
    ids = corpus["doc_id"].astype(str)
    dup = ids[ids.duplicated()]
    if len(dup):
        # load_corpus and read_articles never return a repeated doc_id, so
        # the frame was combined afterwards (pd.concat of overlapping frames,
        # a merge that repeated rows): the fix is on that step.
        positions = np.flatnonzero(ids.to_numpy() == dup.iloc[0])[:2].tolist()
        raise BingkaiInputError(
            f"doc_id {dup.iloc[0]!r} occurs more than once in the corpus frame "
            f"(rows {positions[0]} and {positions[1]} by position)",
            hint="load_corpus and read_articles give unique ids, so the frame was combined "
                 "afterwards (pd.concat of overlapping corpora, a merge that repeated rows): "
                 "keep one row per article, e.g. corpus.drop_duplicates('doc_id'), or give "
                 "the articles distinct doc_ids")
    return ids.argsort(kind="stable").to_numpy()


def check_parts(parts: Sequence[str] | str) -> tuple[str, ...]:
    """``parts=`` as a tuple in document order (title, subtitle, body).

    ``parts`` is one part name or a sequence of them; an unknown or empty
    selection is a :class:`BingkaiInputError` listing the valid names.
    """
    if isinstance(parts, str):
        parts = (parts,)
    parts = tuple(parts)
    bad = [p for p in parts if p not in PARTS]
    if bad or not parts:
        raise BingkaiInputError(f"parts={parts!r}: " + (f"unknown part(s) {bad!r}" if bad else "no parts requested"),
                                hint=f"choose parts from {list(PARTS)}, e.g. parts=('body',) or parts={PARTS!r}")
    return tuple(p for p in PARTS if p in parts)
