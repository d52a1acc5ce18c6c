"""Collocates: the words that keep company with a node (a word, a label, an actor).

Two layers, as in :mod:`bingkai.views.keyness`:

* :func:`bingkai.stats.association` -- association measures on plain counts,
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
  two-term keyness LL in :mod:`bingkai.views.keyness`; it equals SciPy's
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

from bingkai import stats
from bingkai.constants import DEFAULT_PARTS, PART_CODES, PARTS, WORD
from bingkai.errors import BingkaiInputError
from bingkai.frames import check_parts
from bingkai.indexing.build import as_corpus
from bingkai.indexing.corpus import part_mask
from bingkai.lexicon.packs import require_known
from bingkai.stats import ASSOCIATION_COLUMNS
from bingkai.text.normalize import normalize
from bingkai.text.tokens import token_spans
from bingkai.views import framing
from bingkai.views.kwic import _side, _Tokens
from bingkai.views.outlet_names import drop_outlet_names
from bingkai.views.tokens import tokens as corpus_tokens

COLLOCATE_COLUMNS = ["collocate", *ASSOCIATION_COLUMNS]
NODE_KINDS = ("token", "label", "actor")


# ---------------------------------------------------------------------------
# corpus level
# ---------------------------------------------------------------------------

def _all_tokens(corpus: pd.DataFrame | None, tokens: pd.DataFrame | None,
                parts: Sequence[str]) -> pd.DataFrame:
    """Tokens of the selected parts, sorted by doc_id, i (all kinds)."""
    if tokens is None:
        if corpus is None:
            raise BingkaiInputError("pass a corpus frame or a tokens= frame",
                                    hint="e.g. collocates(bingkai.load_corpus(), 'teroris')")

        tokens = corpus_tokens(corpus, parts=tuple(parts))
    needed = ["doc_id", "part", "sent", "i", "lower", "kind", "start", "end"]
    missing = [c for c in needed if c not in tokens.columns]
    if missing:
        raise BingkaiInputError(f"tokens frame lacks column(s) {', '.join(missing)}",
                                hint="pass the frame returned by bingkai.tokens(corpus)")
    chosen = tokens[tokens["part"].isin(list(parts))]
    return chosen.sort_values(["doc_id", "i"], kind="mergesort").reset_index(drop=True)


def _node_forms(node: str | Sequence[str]) -> list[str]:
    """The node as a sequence of token forms in the ``lower`` analysis form."""
    if isinstance(node, str):
        norm = normalize(node)
        # same tokenizer as the text, so "al-Sham" or "besar-besaran" split the same way
        forms = [norm[s:e].lower() for s, e, _kind in token_spans(norm)]
    else:
        forms = [str(f).lower() for f in node]
    if not forms:
        raise BingkaiInputError(f"node {node!r} contains no token", hint="give a word or a phrase")
    return forms


def _token_node_spans(lower: np.ndarray, doc: np.ndarray, sent: np.ndarray,
                      forms: list[int]) -> np.ndarray:
    """(first, last) row positions of each match of the form ids ``forms``.

    A multi-token node matches consecutive tokens of one sentence (as in
    ``bingkai.kwic``: nothing but whitespace between them, so "rezim, Assad"
    is not "rezim Assad"); overlapping matches of a repeated phrase are all
    kept. A form the corpus never has (id -1) matches nothing.
    """
    m, total = len(forms), len(lower)
    if total < m or min(forms) < 0:
        return np.empty((0, 2), dtype=np.int64)
    starts = np.flatnonzero(lower[: total - m + 1] == forms[0])  # candidates only
    ok = np.ones(starts.shape[0], dtype=bool)
    for k, form in enumerate(forms):
        idx = starts + k
        ok &= lower[idx] == form
        ok &= (doc[idx] == doc[starts]) & (sent[idx] == sent[starts])
    first = starts[ok]
    return np.column_stack([first, first + m - 1]).astype(np.int64)


def _framing_node_spans(corpus: pd.DataFrame, toks: pd.DataFrame, node: str,
                        match: str, lexicon=None) -> np.ndarray:
    """(first, last) token rows covered by each label occurrence selected by ``node``.

    ``match="label"``: occurrences whose ``label`` is ``node``; ``match="actor"``:
    label occurrences attributed to actor ``node`` (column ``actor``), i.e.
    the label words applied to that actor are the node (as in
    ``bingkai.kwic``). Both compared case-insensitively.
    """
    occ = framing.label_occurrences(corpus, lexicon=lexicon)
    column = "label" if match == "label" else "actor"
    values = occ[column].astype("string").str.lower()
    occ = occ[(values == node.strip().lower()).fillna(False).astype(bool)]
    if occ.empty:
        require_known(node, match, lexicon)
        return np.empty((0, 2), dtype=np.int64)
    t = toks[["doc_id", "part", "start", "end"]].assign(_row=np.arange(len(toks)))
    merged = (occ[["doc_id", "part", "start", "end"]].reset_index(drop=True)
              .assign(_occ=np.arange(len(occ)))
              .merge(t, on=["doc_id", "part"], suffixes=("", "_tok")))
    # a token belongs to the occurrence when their character spans overlap
    inside = (merged["start_tok"] < merged["end"]) & (merged["end_tok"] > merged["start"])
    spans = merged[inside].groupby("_occ")["_row"].agg(["min", "max"]).sort_index()
    return spans.to_numpy(dtype=np.int64)


def collocates(corpus: pd.DataFrame | None, node: str | Sequence[str], *, match: str = "token",
               window: int = 5, unit: str = "lower", min_freq: int = 1,
               parts: Sequence[str] = DEFAULT_PARTS,
               tokens: pd.DataFrame | None = None, lexicon=None) -> pd.DataFrame:
    """Collocates of ``node`` within ±``window`` word tokens in the same sentence.

    ``node`` and ``match``:

    * ``match="token"``: a word form or phrase, matched case-insensitively on the
      ``lower`` column of ``bingkai.tokens`` (normalised, lowercased). A
      phrase ("negara agresor") is tokenised like the text and matches
      consecutive tokens of one sentence with nothing but whitespace between
      them (as in ``bingkai.kwic``); a list of forms is taken as already
      tokenised (lowercased, in the ``lower`` form).
    * ``match="label"``: a label id from ``data/labels.csv``; the node is every
      occurrence from ``bingkai.views.framing.label_occurrences``.
    * ``match="actor"``: an actor id; the node is every label occurrence
      attributed to that actor (``actor`` column of ``label_occurrences``).
    * ``lexicon`` (``match="label"``/``"actor"``): a :class:`bingkai.Lexicon`,
      pack name, folder or list of them (default: the ``syria`` pack).

    Counting convention (one "unit" = one word token, ``kind == "word"``;
    punctuation and numbers are neither counted nor bridge a window):

    * ``n`` = word tokens in the selected ``parts`` of the corpus;
    * ``f1`` = node occurrences (a multi-word node or a label span counts
      once per match; ``n`` still counts its words one by one);
    * ``f2`` = corpus frequency of the collocate form;
    * ``o11`` = pairs (node occurrence, collocate token) where the token is
      among the ``window`` word tokens before the node's first word or after
      its last word, in the same sentence as the node's first token. Words
      inside the node are not its collocates; another occurrence of the node
      inside a window *is* counted (as in AntConc). A token inside the
      windows of two node occurrences counts once for each.

    ``parts``: the article parts counted, any of "title", "subtitle", "body"
    (default ``("body",)``, as every view, so a label node's ``f1`` is the count
    ``label_rates`` gives; ``PARTS`` for all three).
    ``unit`` must be ``"lower"`` (the only form collocates are counted in so
    far). ``min_freq`` keeps collocates with ``o11 >= min_freq``.
    ``tokens`` lets you pass a precomputed ``bingkai.tokens(corpus)`` frame
    (only its rows in ``parts`` are used).

    Returns one row per collocate: ``collocate, o11, f1, f2, n, expected,
    mi, t_score, log_dice, ll`` (counts as integers; scores as in
    :func:`bingkai.stats.association`), sorted by ``ll`` descending (nan last), then
    ``collocate``. Empty (same columns) when the node does not occur.
    Collocates that name an outlet of the corpus are left out
    (``bingkai.clean.outlet_names``) and listed in ``attrs["dropped_terms"]``.
    """
    if match not in NODE_KINDS:
        raise BingkaiInputError(f"unknown node kind match={match!r}", hint=f"use one of {', '.join(NODE_KINDS)}")
    if unit != "lower":
        raise BingkaiInputError(f"unknown unit {unit!r}", hint='use unit="lower"')
    if int(window) != window or window < 1:
        raise BingkaiInputError(f"window must be a whole number >= 1, got {window!r}",
                                hint="e.g. window=5 for five words each side")
    if min_freq < 1:
        raise BingkaiInputError("min_freq must be >= 1", hint="collocates are words seen with the node")
    window = int(window)
    parts = check_parts(parts)
    if tokens is not None or corpus is None:
        toks = _all_tokens(corpus, tokens, parts)
        if match != "token":
            if corpus is None:
                raise BingkaiInputError(f'match="{match}" needs the corpus frame', hint="pass corpus=")
            spans = _framing_node_spans(corpus, toks, str(node), match, lexicon)
        names, lower = np.unique(toks["lower"].to_numpy(dtype=object).astype(str), return_inverse=True)
        lower = lower.astype(np.int64)
        doc = pd.factorize(toks["doc_id"])[0]
        sent = toks["sent"].to_numpy()
        is_word = (toks["kind"] == "word").to_numpy()
        if match == "token":
            spans = _token_node_spans(lower, doc, sent, _form_ids(names, _node_forms(node)))
    else:
        # lexicon: only label/actor nodes match it (a token node needs no re-index)
        index = as_corpus(corpus, lexicon=lexicon if match in ("label", "actor") else None)
        codes = [PART_CODES[p] for p in parts]
        if match == "token":
            spans = _index_token_spans(index, _node_forms(node), codes)
        else:
            spans = _index_node_spans(index, part_mask(index.arrays["part"], codes), str(node), match, lexicon)
        table = _index_collocate_table(index, spans, codes, window, min_freq)
        return drop_outlet_names(table, corpus, "collocate")
    table = _collocate_table(spans, lower, doc, sent, is_word, np.asarray(names, dtype=object),
                             window, min_freq)
    return drop_outlet_names(table, corpus, "collocate")


def _index_token_spans(index: Any, forms: list[str], codes: list[int]) -> np.ndarray:
    """(first, last) token positions of each match of a token node on the index: consecutive
    tokens of one sentence in ``parts``, token ``k`` of lower form ``forms[k]`` (found through
    the vocabulary's types, as ``kwic``: no per-token lower-form ids)."""
    t = index.cached("kwic_tokens", lambda: _Tokens(index))
    types = [t.lower_types(f) for f in forms]
    n, m = len(t), len(forms)
    if n < m or not all(len(ty) for ty in types):
        return np.empty((0, 2), dtype=np.int64)
    first = np.flatnonzero(np.isin(t.type, types[0], kind="sort"))
    first = first[first <= n - m]
    ok = part_mask(t.part[first], codes)
    for k in range(1, m):
        nxt = first + k
        ok &= np.isin(t.type[nxt], types[k], kind="sort") & _same_sentence(t, first, nxt)
    first = first[ok]
    return np.column_stack([first, first + m - 1]).astype(np.int64)


def _same_sentence(t: Any, pos: np.ndarray, other: np.ndarray) -> np.ndarray:
    return (t.doc[other] == t.doc[pos]) & (t.sent[other] == t.sent[pos])


def _index_collocate_table(index: Any, spans: np.ndarray, codes: list[int], window: int,
                           min_freq: int) -> pd.DataFrame:
    """``_collocate_table`` on the index, from spans of token positions: each span's window
    words are read around it (``kwic``'s ``_side``), counted per type and summed per lower
    form; ``f2`` and ``n`` are the stored frequency list of ``parts``
    (``Corpus.word_frequencies``). No pass over every token (issue 24)."""
    import pyarrow as pa  # heavy: imported where it is used
    import pyarrow.compute as pc

    empty = pd.DataFrame({c: pd.Series(dtype="string" if c == "collocate" else float)
                          for c in COLLOCATE_COLUMNS})
    if len(spans) == 0:
        return empty
    t = index.cached("kwic_tokens", lambda: _Tokens(index))
    parts = [PARTS[c] for c in codes]
    anchor = spans[:, 0]

    def same(a: np.ndarray, pos: np.ndarray) -> np.ndarray:
        return _same_sentence(t, a, pos)

    def counted(pos: np.ndarray) -> np.ndarray:
        return t.kind[pos] == WORD

    left, n_left, _ = _side(t, spans[:, 0] - 1, anchor, window, -1, same, counted)
    right, n_right, _ = _side(t, spans[:, 1] + 1, anchor, window, +1, same, counted)
    cand = np.concatenate([left[left >= 0], right[right >= 0]])
    types, per_type = np.unique(t.type[cand], return_counts=True)
    if not len(types):
        return empty
    # each type's lower form is a word of the frequency list of ``parts``: its row there
    # gives the form, f2 and (summed over the types) o11, with no string grouped or sorted
    freqs = index.word_frequencies(parts)
    lower = pa.array(freqs["lower"], type=pa.string())
    row_of_type = np.asarray(pc.index_in(t.type_lower.take(pa.array(types)), value_set=lower), dtype=np.int64)
    rows, back = np.unique(row_of_type, return_inverse=True)
    o11 = np.bincount(back, weights=per_type, minlength=len(rows)).astype(np.int64)
    chosen = (o11 >= min_freq) & (o11 > 0)
    if not chosen.any():
        return empty
    rows, o11 = rows[chosen], o11[chosen]
    all_freq = freqs["freq"].to_numpy(dtype=np.int64)
    f2 = all_freq[rows]
    total = int(all_freq.sum())
    return _scored(lower.take(pa.array(rows)), o11, len(spans), f2, total)


def _scored(forms, o11: np.ndarray, f1: int, f2: np.ndarray, total: int) -> pd.DataFrame:
    """The collocates table: association scores of each form, strongest first."""
    scores = stats.association(o11, f1, f2, total)
    for col in ("o11", "f1", "f2", "n"):
        scores[col] = scores[col].astype(np.int64)
    scores.insert(0, "collocate", pd.array(forms, dtype="string"))
    return (scores.sort_values(["ll", "collocate"], ascending=[False, True],
                               na_position="last", kind="mergesort")
            .reset_index(drop=True))


def _form_ids(names: np.ndarray, forms: list[str]) -> list[int]:
    """Ids of ``forms`` among the sorted lower forms ``names`` (-1: absent)."""
    out = []
    for f in forms:
        k = int(np.searchsorted(names, f))
        out.append(k if k < len(names) and names[k] == f else -1)
    return out


def _index_node_spans(index, selected: np.ndarray, node: str, match: str, lexicon=None) -> np.ndarray:
    """(first, last) token positions, in the index's arrays, of the label
    occurrences chosen by ``node`` (the index knows each one's tokens)."""
    occ = index.occurrences
    column = "label" if match == "label" else "actor"
    values = occ[column].astype("string").str.lower()
    occ = occ[(values == node.strip().lower()).fillna(False).astype(bool)]
    if occ.empty:
        if lexicon is None:
            index.require_known(node, match)
        else:
            require_known(node, match, lexicon)
        return np.empty((0, 2), dtype=np.int64)
    first = occ["tok"].to_numpy(dtype=np.int64)
    last = first + occ["ntok"].to_numpy(dtype=np.int64) - 1
    keep = selected[first]
    return np.column_stack([first[keep], last[keep]]).astype(np.int64)


def _collocate_table(spans: np.ndarray, lower: np.ndarray, doc: np.ndarray, sent: np.ndarray,
                     is_word: np.ndarray, names: np.ndarray, window: int,
                     min_freq: int) -> pd.DataFrame:
    """The collocate rows from node spans over token arrays (lower-form ids,
    doc and sentence per token, word flags), as documented in ``collocates``."""
    empty = pd.DataFrame({c: pd.Series(dtype="string" if c == "collocate" else float)
                          for c in COLLOCATE_COLUMNS})
    if len(spans) == 0:
        return empty

    # windows count word tokens only: move the node span from token rows to word rows
    words_before = np.concatenate([[0], np.cumsum(is_word)])  # words before token row r
    first_w = words_before[spans[:, 0]]          # first word at or after the span start
    last_w = words_before[spans[:, 1] + 1] - 1   # last word at or before the span end
    w_lower, w_doc, w_sent = lower[is_word], doc[is_word], sent[is_word]
    anchor_doc = doc[spans[:, 0]]
    anchor_sent = sent[spans[:, 0]]
    total = len(w_lower)
    left = first_w[:, np.newaxis] - np.arange(window, 0, -1)[np.newaxis, :]
    right = last_w[:, np.newaxis] + np.arange(1, window + 1)[np.newaxis, :]
    cand = np.concatenate([left, right], axis=1)
    width = cand.shape[1]
    a_doc, a_sent = np.repeat(anchor_doc, width), np.repeat(anchor_sent, width)
    cand = cand.ravel()
    valid = (cand >= 0) & (cand < total)
    cand, a_doc, a_sent = cand[valid], a_doc[valid], a_sent[valid]
    cand = cand[(w_doc[cand] == a_doc) & (w_sent[cand] == a_sent)]

    o11_all = np.bincount(w_lower[cand], minlength=len(names))
    chosen = np.flatnonzero((o11_all >= min_freq) & (o11_all > 0))
    if not len(chosen):
        return empty
    f2_all = np.bincount(w_lower, minlength=len(names))
    forms = names[chosen]  # names are sorted, so forms are too
    return _scored(forms, o11_all[chosen], len(spans), f2_all[chosen], total)


__all__: Sequence[str] = ["collocates"]
