"""Collocates: the words that keep company with a node (a word, a label, an actor).

Two layers, as in :mod:`bingkai.keyness`:

* :func:`collocation_scores` -- association measures on plain counts,
  vectorised (arrays or scalars), so they can be checked against published
  examples and used on counts from elsewhere;
* :func:`collocates` -- counts co-occurrences of a node in the corpus within
  a window of word tokens and scores every collocate.

Notation (Evert 2008, "Corpora and collocations"; Brezina 2018,
*Statistics in Corpus Linguistics*, ch. 3): ``o11`` = co-occurrence
frequency of node and collocate, ``f1`` = node frequency, ``f2`` = collocate
frequency, ``n`` = corpus size (word tokens), ``expected`` = ``f1·f2/n``.

* **MI** (Church & Hanks 1990): ``log2(o11·n/(f1·f2)) = log2(o11/expected)``.
* **t-score** (Church et al. 1991; Manning & Schütze 1999, §5.3.1):
  ``(o11 - f1·f2/n)/sqrt(o11)``.
* **logDice** (Rychlý 2008, "A lexicographer-friendly association score"):
  ``14 + log2(2·o11/(f1+f2))``; its maximum 14 is reached when node and
  collocate only ever occur together.
* **LL** -- Evert's (2008) G² over the *four* cells of the 2×2 contingency
  table (O11 = o11, O12 = f1-o11, O21 = f2-o11, O22 = n-f1-f2+o11; E_ij =
  row total × column total / n): ``G² = 2 Σ O_ij ln(O_ij/E_ij)``, a zero cell
  contributing 0. This IS the four-cell form (Dunning 1993), unlike the
  two-term keyness LL in :mod:`bingkai.keyness`; it equals SciPy's
  ``chi2_contingency(..., lambda_="log-likelihood", correction=False)``.
  It is reported unsigned (check ``o11 > expected`` for attraction).

Expected frequency is ``f1·f2/n`` with ``f1`` the node frequency -- the
convention of Church & Hanks, AntConc and #LancsBox -- not Evert's
span-adjusted ``window·f1·f2/n``. MI and t-score are therefore larger than
span-adjusted values by a constant for one node and window; rankings within
one query are unaffected, but compare MI across different windows with care.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from bingkai.errors import BingkaiInputError

SCORE_COLUMNS = ["o11", "f1", "f2", "n", "expected", "mi", "t_score", "log_dice", "ll"]
COLLOCATE_COLUMNS = ["collocate", *SCORE_COLUMNS]
NODE_KINDS = ("token", "label", "actor")


def _as_float_array(x: Any, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    if np.isnan(arr).any():
        raise BingkaiInputError(f"{name} contains a missing value (NaN)",
                                hint="pass counts only; fill or drop missing counts first")
    return arr


def _g2_four_cells(o11: np.ndarray, f1: np.ndarray, f2: np.ndarray, n: np.ndarray) -> np.ndarray:
    observed = np.stack([o11, f1 - o11, f2 - o11, n - f1 - f2 + o11])
    rows = np.stack([f1, f1, n - f1, n - f1])
    cols = np.stack([f2, n - f2, f2, n - f2])
    expected = rows * cols / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = observed * np.log(observed / expected)
    terms = np.where(observed == 0, 0.0, terms)
    g2 = np.maximum(2.0 * terms.sum(axis=0), 0.0)  # G² >= 0; clip float round-off only
    # a negative cell means the counts are not one 2×2 table (see collocation_scores)
    return np.where((observed < 0).any(axis=0), np.nan, g2)


def collocation_scores(o11: Any, f1: Any, f2: Any, n: Any) -> pd.DataFrame:
    """Association scores for co-occurrence counts (arrays or scalars, broadcast).

    Requires ``o11 >= 0`` and ``0 < f1, f2 <= n``; raises
    :class:`~bingkai.errors.BingkaiInputError` otherwise.

    Returns one row per broadcast element with columns ``o11, f1, f2, n``
    (the inputs as floats), ``expected`` (f1·f2/n), ``mi``, ``t_score``,
    ``log_dice`` and ``ll`` as defined in the module docstring.

    Edge cases: with ``o11 == 0``, ``mi`` and ``log_dice`` are ``-inf`` and
    ``t_score`` is ``-inf``. ``ll`` is ``nan`` when the counts do not form a
    2×2 table (a negative cell: ``o11 > f1``, ``o11 > f2`` or
    ``n - f1 - f2 + o11 < 0``) -- window counting can produce that when a
    collocate falls in the windows of several node occurrences more times
    than it occurs, or repeats more often than the node.
    """
    o, a, b, size = np.broadcast_arrays(*(_as_float_array(v, k) for v, k in
                                          ((o11, "o11"), (f1, "f1"), (f2, "f2"), (n, "n"))))
    o, a, b, size = (np.atleast_1d(x).ravel() for x in (o, a, b, size))
    if (o < 0).any():
        raise BingkaiInputError("o11 has a negative value", hint="co-occurrence counts are >= 0")
    if (a <= 0).any() or (b <= 0).any():
        raise BingkaiInputError("f1 and f2 must be > 0", hint="a node or collocate that never occurs has no score")
    if (a > size).any() or (b > size).any():
        raise BingkaiInputError("a frequency is larger than the corpus size n",
                                hint="f1 and f2 must be counted in the same corpus as n")
    expected = a * b / size
    with np.errstate(divide="ignore", invalid="ignore"):
        mi = np.log2(o / expected)
        t_score = (o - expected) / np.sqrt(o)
        log_dice = 14.0 + np.log2(2.0 * o / (a + b))
    t_score = np.where(o == 0, -np.inf, t_score)
    return pd.DataFrame({
        "o11": o, "f1": a, "f2": b, "n": size, "expected": expected,
        "mi": mi + 0.0, "t_score": t_score + 0.0, "log_dice": log_dice + 0.0,
        "ll": _g2_four_cells(o, a, b, size) + 0.0,  # + 0.0 turns -0.0 into 0.0
    })


# ---------------------------------------------------------------------------
# corpus level
# ---------------------------------------------------------------------------

def _word_tokens(corpus: pd.DataFrame | None, tokens: pd.DataFrame | None,
                 parts: Sequence[str]) -> pd.DataFrame:
    if tokens is None:
        if corpus is None:
            raise BingkaiInputError("pass a corpus frame or a tokens= frame",
                                    hint="e.g. collocates(bingkai.load_corpus(), 'teroris')")
        from bingkai import text

        tokens = text.tokens(corpus, parts=tuple(parts))
    needed = ["doc_id", "part", "sent", "i", "lower", "kind", "start", "end"]
    missing = [c for c in needed if c not in tokens.columns]
    if missing:
        raise BingkaiInputError(f"tokens frame lacks column(s) {', '.join(missing)}",
                                hint="pass the frame returned by bingkai.tokens(corpus)")
    words = tokens[(tokens["kind"] == "word") & tokens["part"].isin(list(parts))]
    return words.sort_values(["doc_id", "i"], kind="mergesort").reset_index(drop=True)


def _node_forms(node: str | Sequence[str]) -> list[str]:
    """The node as a sequence of word forms in the ``lower`` analysis form."""
    if isinstance(node, str):
        from bingkai.text import normalize, token_spans

        norm = normalize(node)
        forms = [norm[s:e].lower() for s, e, kind in token_spans(norm) if kind == "word"]
    else:
        forms = [str(f).lower() for f in node]
    if not forms:
        raise BingkaiInputError(f"node {node!r} contains no word", hint="give a word or a phrase")
    return forms


def _token_node_spans(words: pd.DataFrame, forms: list[str]) -> np.ndarray:
    """(first, last) row positions in ``words`` of each match of ``forms``.

    A multi-word node matches consecutive word tokens of one sentence
    (punctuation between them is ignored, since only word tokens are kept);
    overlapping matches of a repeated phrase are all kept.
    """
    lower = words["lower"].to_numpy(dtype=object)
    doc = words["doc_id"].to_numpy(dtype=object)
    sent = words["sent"].to_numpy()
    m, total = len(forms), len(words)
    if total < m:
        return np.empty((0, 2), dtype=np.int64)
    starts = np.arange(total - m + 1)
    ok = np.ones(starts.shape[0], dtype=bool)
    for k, form in enumerate(forms):
        idx = starts + k
        ok &= lower[idx] == form
        ok &= (doc[idx] == doc[starts]) & (sent[idx] == sent[starts])
    first = starts[ok]
    return np.column_stack([first, first + m - 1]).astype(np.int64)


def _framing_node_spans(corpus: pd.DataFrame, words: pd.DataFrame, node: str,
                        by: str) -> np.ndarray:
    """(first, last) word rows covered by each label occurrence selected by ``node``.

    ``by="label"``: occurrences whose ``label`` is ``node``; ``by="actor"``:
    label occurrences attributed to actor ``node`` (column ``actor``), i.e.
    the label words applied to that actor are the node.
    """
    from bingkai import framing

    occ = framing.label_occurrences(corpus)
    column = "label" if by == "label" else "actor"
    occ = occ[occ[column].astype("string") == node]
    if occ.empty:
        return np.empty((0, 2), dtype=np.int64)
    w = words.reset_index(drop=True).assign(_row=np.arange(len(words)))
    merged = occ[["doc_id", "part", "start", "end"]].reset_index(drop=True) \
        .assign(_occ=np.arange(len(occ))) \
        .merge(w[["doc_id", "part", "start", "end", "_row"]], on=["doc_id", "part"],
               suffixes=("", "_tok"))
    # a word token belongs to the occurrence when their character spans overlap
    inside = (merged["start_tok"] < merged["end"]) & (merged["end_tok"] > merged["start"])
    spans = merged[inside].groupby("_occ")["_row"].agg(["min", "max"]).sort_index()
    return spans.to_numpy(dtype=np.int64)


def collocates(corpus: pd.DataFrame | None, node: str | Sequence[str], by: str = "token",
               window: int = 5, unit: str = "lower", min_freq: int = 1,
               parts: Sequence[str] = ("title", "subtitle", "body"),
               tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """Collocates of ``node`` within ±``window`` word tokens in the same sentence.

    ``node`` and ``by``:

    * ``by="token"``: a word form or phrase, matched case-insensitively on the
      ``lower`` column of ``bingkai.tokens`` (normalised, lowercased). A
      phrase ("negara agresor") matches consecutive word tokens of one
      sentence; a list of forms is taken as already tokenised.
    * ``by="label"``: a label id from ``data/labels.csv``; the node is every
      occurrence from ``bingkai.framing.label_occurrences``.
    * ``by="actor"``: an actor id; the node is every label occurrence
      attributed to that actor (``actor`` column of ``label_occurrences``).

    Counting convention (one "unit" = one word token, ``kind == "word"``;
    punctuation and numbers are neither counted nor bridge a window):

    * ``n`` = word tokens in the selected ``parts`` of the corpus;
    * ``f1`` = node occurrences (a multi-word node counts once per match);
    * ``f2`` = corpus frequency of the collocate form;
    * ``o11`` = pairs (node occurrence, collocate token) where the token is
      among the ``window`` word tokens before the node's first word or after
      its last word, in the same sentence. Words inside the node are not its
      collocates; another occurrence of the node inside a window *is*
      counted (as in AntConc). A token inside the windows of two node
      occurrences counts once for each.

    ``unit`` must be ``"lower"`` (the only form collocates are counted in so
    far). ``min_freq`` keeps collocates with ``o11 >= min_freq``.
    ``tokens`` lets you pass a precomputed ``bingkai.tokens(corpus)`` frame.

    Returns one row per collocate: ``collocate, o11, f1, f2, n, expected,
    mi, t_score, log_dice, ll`` (counts as integers; scores as in
    :func:`collocation_scores`), sorted by ``ll`` descending (nan last), then
    ``collocate``. Empty (same columns) when the node does not occur.
    """
    if by not in NODE_KINDS:
        raise BingkaiInputError(f"unknown node kind by={by!r}", hint=f"use one of {', '.join(NODE_KINDS)}")
    if unit != "lower":
        raise BingkaiInputError(f"unknown unit {unit!r}", hint='use unit="lower"')
    if int(window) != window or window < 1:
        raise BingkaiInputError(f"window must be a whole number >= 1, got {window!r}",
                                hint="e.g. window=5 for five words each side")
    if min_freq < 1:
        raise BingkaiInputError("min_freq must be >= 1", hint="collocates are words seen with the node")
    window = int(window)
    words = _word_tokens(corpus, tokens, parts)

    if by == "token":
        spans = _token_node_spans(words, _node_forms(node))
    else:
        if corpus is None:
            raise BingkaiInputError(f'by="{by}" needs the corpus frame', hint="pass corpus=")
        spans = _framing_node_spans(corpus, words, str(node), by)

    empty = pd.DataFrame({c: pd.Series(dtype="string" if c == "collocate" else float)
                          for c in COLLOCATE_COLUMNS})
    if len(spans) == 0:
        return empty

    lower = words["lower"].to_numpy(dtype=object)
    doc = words["doc_id"].to_numpy(dtype=object)
    sent = words["sent"].to_numpy()
    total = len(words)
    left = spans[:, [0]] - np.arange(window, 0, -1)[np.newaxis, :]
    right = spans[:, [1]] + np.arange(1, window + 1)[np.newaxis, :]
    cand = np.concatenate([left, right], axis=1)
    anchor = np.repeat(spans[:, 0], cand.shape[1])
    cand = cand.ravel()
    valid = (cand >= 0) & (cand < total)
    cand, anchor = cand[valid], anchor[valid]
    same = (doc[cand] == doc[anchor]) & (sent[cand] == sent[anchor])
    cand = cand[same]

    o11 = pd.Series(lower[cand]).value_counts()
    o11 = o11[o11 >= min_freq]
    if o11.empty:
        return empty
    f2 = pd.Series(lower).value_counts()
    forms = np.array(sorted(o11.index.tolist()), dtype=object)
    scores = collocation_scores(o11.loc[forms].to_numpy(), len(spans),
                                f2.loc[forms].to_numpy(), total)
    for col in ("o11", "f1", "f2", "n"):
        scores[col] = scores[col].astype(np.int64)
    scores.insert(0, "collocate", pd.array(forms, dtype="string"))
    return (scores.sort_values(["ll", "collocate"], ascending=[False, True],
                               na_position="last", kind="mergesort")
            .reset_index(drop=True))


__all__: Sequence[str] = ["collocation_scores", "collocates"]
