"""N-grams and clusters: what an outlet says, word run by word run, and what it
says *around* a node (AntConc's "Clusters/N-Grams" tool).

* :func:`ngrams` -- every run of ``n`` words, per group, with its frequency,
  range and keyness against the rest of the corpus;
* :func:`clusters` -- the runs of 2..5 words that start (``side="right"``),
  end (``"left"``) or contain (``"both"``) a node: a word or phrase, or any
  CQL token query (a stem, a label, an actor: see :mod:`bingkai.views.query`).

A run is ``n`` consecutive *word* tokens (``kind == "word"``) of one sentence
in the counted parts: punctuation or a number breaks it, so "rezim, Assad"
is not the bigram "rezim assad" and a run never crosses a sentence, a
paragraph or a field. Words are compared in their ``lower`` form; the n-gram
is shown as the lower forms joined by single spaces. A node's own tokens are
kept as matched (a CQL node may include punctuation, e.g. ``[label="..."]+``).

Keyness (per group, against the rest of the corpus) is
:func:`bingkai.stats.keyness` with ``a`` = the n-gram's frequency
in the group, ``b`` = in the other groups, ``c``/``d`` = the number of
n-grams of the same length counted in the group / the others (runs are the
unit counted, so ``a <= c`` holds).

Everything is vectorised over the index arrays: a run's word ids are turned
into one integer key by repeated factorisation (so no n-gram string is built
until the result rows), and counts are ``numpy.unique``/``bincount`` calls.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy import sparse

from bingkai import stats
from bingkai.constants import DEFAULT_PARTS
from bingkai.errors import BingkaiInputError
from bingkai.indexing.arrays import unique_ints
from bingkai.indexing.build import as_corpus
from bingkai.indexing.corpus import part_codes, part_mask
from bingkai.text.normalize import normalize
from bingkai.text.tokens import token_spans
from bingkai.views.query import match_spans

SIDES = ("right", "left", "both")
KEYNESS_COLUMNS = ["ll", "log_ratio", "log_ratio_ci_low", "log_ratio_ci_high",
                   "conservative_log_ratio", "p", "direction"]


def _runs(index: Any, parts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per token: its lower-form id, whether it may be part of a run (a word
    in ``parts``), and its sentence key (document and sentence in one int)."""
    ids, ok = _words(index, parts)
    return ids, ok, _segments(index)


def _words(index: Any, parts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """``_runs`` without the sentence keys (single words need none)."""
    codes = tuple(part_codes(tuple(parts)))

    def make() -> tuple[np.ndarray, np.ndarray]:
        arr = index.arrays
        ok = (arr["kind"] == 0) & part_mask(arr["part"], codes)
        return index.token_lower().astype(np.int64), ok
    # the index is immutable: derive these per-token arrays once per index and parts
    return index.cached(("ngram_runs", codes), make)


def _segments(index: Any) -> np.ndarray:
    """Per token, its document and sentence in one int (made once per index)."""
    arr = index.arrays
    return index.cached("ngram_segments", lambda: arr["doc"].astype(np.int64) * (1 << 31) + arr["sent"])


def _keys(ids: np.ndarray, starts: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``(key, first)``: one int per window ``[start, start + size)`` equal for
    equal word sequences, keys in ``range(len(first))``, and for each key
    that some window has the position (in ``starts``) of such a window.

    A single word's key is its lower-form id (a frequency list is a lookup
    in the vocabulary: no factorisation, no sort)."""
    base = int(ids.max(initial=0)) + 1
    if size == 1:
        key = ids[starts].astype(np.int64)
        first = np.zeros(base, dtype=np.int64)
        # any window of the key will do (they all hold the same word)
        first[key] = np.arange(key.shape[0], dtype=np.int64)
        return key, first
    key = np.zeros(starts.shape[0], dtype=np.int64)
    for k in range(size):
        # keep the key below len(starts) * vocabulary size: it never overflows
        key = pd.factorize(key * base + ids[starts + k])[0].astype(np.int64)
    uniq, first = np.unique(key, return_index=True)
    return key, first


# group x sequence cells counted in a dense table up to this many (8 bytes each)
_DENSE_CELLS = 20_000_000


def _count(index: Any, ids: np.ndarray, starts: np.ndarray, size: int, by: str | None,
           min_freq: int, label: str) -> _Counted:
    """Frequency, range and (with ``by``) keyness of the windows
    ``[start, start + size)``, one row per group and distinct sequence."""
    arr = index.arrays
    key, first = _keys(ids, starts, size)
    n_keys = first.shape[0]
    doc = arr["doc"][starts].astype(np.int64)
    total_freq = np.bincount(key, minlength=n_keys)
    if by is None:
        codes, groups = np.zeros(len(index.articles), dtype=np.int64), [None]
    else:
        codes, groups = index.group_codes(by)
    g = codes[doc]
    keep = g >= 0
    cell = g[keep] * n_keys + key[keep]
    # one row per (group, sequence) present: frequency and distinct articles
    n_docs = len(index.articles)
    if len(groups) * n_keys <= _DENSE_CELLS:
        # few groups x sequences: counted into a dense table, no sort of every window; the
        # distinct (article, sequence) pairs from a matrix with one row per article (windows
        # come in article order), whose entries are de-duplicated row by row
        dense = np.bincount(cell, minlength=len(groups) * n_keys)
        cells = np.flatnonzero(dense)
        freq = dense[cells]
        kept_doc = doc[keep]
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(np.bincount(kept_doc, minlength=n_docs), out=indptr[1:])
        pairs = sparse.csr_matrix((np.ones(kept_doc.shape[0], dtype=np.int32), key[keep], indptr),
                                  shape=(n_docs, n_keys))
        pairs.sum_duplicates()
        row_doc = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(pairs.indptr))
        rng = np.bincount(codes[row_doc] * n_keys + pairs.indices, minlength=len(groups) * n_keys)[cells]
    else:
        cells, freq = np.unique(cell, return_counts=True)
        docs_of_cell = unique_ints(cell * np.int64(n_docs) + doc[keep]) // np.int64(n_docs)
        rng = np.bincount(np.searchsorted(cells, docs_of_cell), minlength=cells.shape[0])
    row_group, row_key = cells // n_keys, cells % n_keys
    wanted = total_freq[row_key] >= min_freq
    row_group, row_key, freq, rng = row_group[wanted], row_key[wanted], freq[wanted], rng[wanted]
    # the text of each sequence: lower forms joined by spaces, built column-wise
    names, _ = index.lower_ids()
    at = starts[first[row_key]]
    if size == 1:  # one word: gathered from the Arrow names (no Python string per row)
        text = index.lower_names_arrow().take(pa.array(ids[at]))
    else:
        text = names[ids[at]].astype(object)
        for k in range(1, size):
            text = text + " " + names[ids[at + k]]
    seq = ids[at[:, None] + np.arange(size)] if size else np.zeros((0, 0), dtype=np.int64)
    sizes = np.bincount(g[keep], minlength=len(groups))
    return _table(_Cells(row_group, freq, rng, total_freq[row_key], sizes), groups, by, label, size, text, seq)


class _Cells(NamedTuple):
    """The (group, sequence) rows counted: the group, frequency and range of each, the
    sequence's frequency in the whole corpus, and the runs counted per group."""

    group: np.ndarray
    freq: np.ndarray
    range: np.ndarray
    total: np.ndarray
    sizes: np.ndarray


def _words_by_group(index: Any, parts: Sequence[str], by: str, min_freq: int) -> _Counted:
    """``_count`` of single words per ``by`` group from the index's per-document word counts
    (``Corpus.doc_lower_matrix``, stored with a saved index): no pass over the tokens (issue
    24: the per-outlet frequency list's first call was ~0.4 s). Rows come in the table's
    order (group, frequency descending, word)."""
    m = index.doc_lower_matrix(tuple(parts))
    _, groups = index.group_codes(by)
    member = index.group_members(by)  # articles without a group value are in no group
    # a word's frequency and range in a group: the group's articles' counts and presence
    # (one byte per entry, sharing the matrix's indices) summed -- two sparse products whose
    # results hold only the (group, word) cells used (the first call's memory is mostly
    # fresh pages, which cost this VM ~5 us each, issue 24)
    present = sparse.csr_matrix((np.ones(m.nnz, dtype=np.int8), m.indices, m.indptr), shape=m.shape)
    counts, docs_with = member @ m, member @ present
    if not (np.array_equal(counts.indptr, docs_with.indptr) and np.array_equal(counts.indices, docs_with.indices)):
        # (one pattern, one product algorithm: the same entry order; the rows are sorted
        # below either way, so the indices need no sort of their own)
        for x in (counts, docs_with):
            x.sort_indices()
    row_group = np.repeat(np.arange(len(groups), dtype=np.int64), np.diff(counts.indptr))
    row_key = counts.indices.astype(np.int64)
    freq, rng = counts.data.astype(np.int64), docs_with.data.astype(np.int64)
    total = np.asarray(m.sum(axis=0)).ravel().astype(np.int64)  # in the whole corpus
    wanted = total[row_key] >= min_freq
    row_group, row_key, freq, rng = row_group[wanted], row_key[wanted], freq[wanted], rng[wanted]
    # lower-form ids follow the sorted forms: (group, -freq, id) is the table's order. The
    # (group, id) cells are distinct, so one composite integer key sorts them as the 3-key
    # lexsort does, ~5x faster (110k cells: ~18 -> ~4 ms of the first call, issue 24)
    f_top, k_top = int(freq.max(initial=0)) + 1, int(row_key.max(initial=0)) + 1
    if len(groups) * f_top * k_top < 2 ** 62:
        order = np.argsort((row_group * f_top + (f_top - 1 - freq)) * k_top + row_key)
    else:
        order = np.lexsort((row_key, -freq, row_group))
    row_group, row_key, freq, rng = row_group[order], row_key[order], freq[order], rng[order]
    sizes = np.asarray(counts.sum(axis=1)).ravel().astype(np.int64)
    text = index.lower_names_arrow().take(pa.array(row_key))
    counted = _table(_Cells(row_group, freq, rng, total[row_key], sizes), groups, by, "ngram", 1, text,
                     row_key[:, None])
    return counted._replace(ordered=True)


def _table(cells: _Cells, groups: list, by: str | None, label: str, size: int, text: Any,
           seq: np.ndarray) -> _Counted:
    """The rows of ``_count``: text, size, frequency, range and (with ``by``) keyness of each
    group against the rest (``b`` = the sequence's frequency elsewhere in the corpus)."""
    row_group, freq = cells.group, cells.freq
    out = pd.DataFrame({label: pd.array(text, dtype="str"),
                        "size": np.full(row_group.shape[0], size, dtype=np.int64),
                        "freq": freq.astype(np.int64), "range": cells.range.astype(np.int64)})
    if by is not None:
        out.insert(0, by, pd.array(pa.array([str(x) for x in groups], type=pa.string()).take(pa.array(row_group)),
                                   dtype="str"))
        sizes = cells.sizes.astype(float)
        if len(groups) > 1 and out.shape[0]:
            a = freq.astype(float)
            c = sizes[row_group]
            # a group holding every run has no reference: keyness is undefined (NaN) there
            d = sizes.sum() - c
            ok = d > 0
            scores = stats.keyness(a[ok], (cells.total - freq)[ok].astype(float), c[ok], d[ok])
            if ok.all():  # every group has a reference: the columns as they are
                for column in KEYNESS_COLUMNS:
                    out[column] = scores[column].array if column != "direction" else scores[column].astype("str").array
                return _Counted(out, row_group, seq)
            for column in KEYNESS_COLUMNS:
                values = scores[column].to_numpy()
                full = np.full(out.shape[0], np.nan if column != "direction" else None, dtype=values.dtype
                               if column != "direction" else object)
                full[ok] = values
                out[column] = full if column != "direction" else pd.array(full, dtype="str")
    return _Counted(out, row_group, seq)


class _Counted(NamedTuple):
    """Rows of one run length, with what sorting them needs without comparing
    strings: the group's position in sorted order and the word ids of each run."""

    frame: pd.DataFrame
    group: np.ndarray
    seq: np.ndarray
    #: the rows are in the table's order already (``_finish`` need not sort one part)
    ordered: bool = False


def _finish(parts: list[_Counted], by: str | None, label: str) -> pd.DataFrame:
    """Concatenate and sort by group, frequency (descending), then text.

    Lower-form ids are assigned in sorted string order and no token contains
    a character below the space that joins them, so comparing id sequences
    (shorter first on a common prefix) orders the joined texts exactly as
    comparing the strings would, at integer speed."""
    columns = ([by] if by is not None else []) + [label, "size", "freq", "range"]
    if by is not None:
        columns += KEYNESS_COLUMNS
    parts = [p for p in parts if len(p.frame)]
    if not parts:
        return pd.DataFrame({c: pd.Series([], dtype="str" if c in (by, label, "direction") else "float64")
                             for c in columns})
    out = parts[0].frame if len(parts) == 1 else pd.concat([p.frame for p in parts], ignore_index=True)
    for column in columns:
        if column not in out.columns:  # one group only: keyness undefined
            out[column] = np.nan
    if len(parts) == 1 and parts[0].ordered:
        return out[columns]
    width = max(p.seq.shape[1] for p in parts)
    seq = np.concatenate([np.pad(p.seq, ((0, 0), (0, width - p.seq.shape[1])), constant_values=-1)
                          for p in parts])
    group = np.concatenate([p.group for p in parts])
    keys = [seq[:, k] for k in range(width - 1, -1, -1)] + [-out["freq"].to_numpy(), group]
    order = np.lexsort(keys)
    return out[columns].take(order).reset_index(drop=True)


def _check(min_freq: int, by: str | None) -> None:
    if not isinstance(min_freq, (int, np.integer)) or min_freq < 1:
        raise BingkaiInputError(f"min_freq must be a whole number >= 1, got {min_freq!r}",
                                hint="min_freq=1 keeps every n-gram")


def ngrams(corpus: Any, *, n: int = 2, by: str | None = "outlet", parts: Sequence[str] = DEFAULT_PARTS,
           min_freq: int = 1, progress: bool | None = None) -> pd.DataFrame:
    """Every run of ``n`` words, counted per group, with keyness.

    Parameters
    ----------
    corpus : a :class:`bingkai.Corpus` or an articles frame.
    n : run length (>= 1).
    by : the article column that defines groups; None = the whole corpus
        (no keyness columns then).
    parts : the fields counted (default the body).
    min_freq : keep n-grams whose frequency in the whole corpus is at least
        this.

    Returns
    -------
    DataFrame, one row per group x n-gram the group uses: ``<by>, ngram,
    size`` (= n), ``freq`` (in the group), ``range`` (articles of the group
    containing it) and the keyness columns ``ll, log_ratio,
    log_ratio_ci_low, log_ratio_ci_high, conservative_log_ratio, p,
    direction`` (group against the rest, see the module docstring), sorted by
    ``<by>``, then ``freq`` descending, then ``ngram``.
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise BingkaiInputError(f"n must be a whole number >= 1, got {n!r}", hint="e.g. n=2 for bigrams")
    _check(min_freq, by)
    index = as_corpus(corpus, progress=progress)
    words = index.word_frequencies(tuple(parts)) if n == 1 and by is None else None
    if words is not None and len(words) and int(words["freq"].iat[0]) >= min_freq:
        # a frequency list: the index's own (stored with a saved index), no run counting;
        # sorted by freq, so min_freq keeps a prefix
        keep = int(np.searchsorted(-words["freq"].to_numpy(), -min_freq, side="right"))
        return pd.DataFrame({"ngram": words["lower"].array[:keep],
                             "size": np.ones(keep, dtype=np.int64),
                             "freq": words["freq"].to_numpy(dtype=np.int64)[:keep],
                             "range": words["range"].to_numpy(dtype=np.int64)[:keep]})
    if n == 1 and by is not None:  # single words per group: from the per-document word counts
        return _finish([_words_by_group(index, parts, by, min_freq)], by, "ngram")
    ids, ok = _words(index, parts)
    total = ids.shape[0]
    if total < n:
        return _finish([], by, "ngram")
    if n == 1:  # every word is a run: no sentence keys, no window starts to filter
        return _finish([_count(index, ids, np.flatnonzero(ok), n, by, min_freq, "ngram")], by, "ngram")
    seg = _segments(index)
    starts = np.arange(total - n + 1)
    valid = ok[starts].copy()
    for k in range(1, n):
        valid &= ok[starts + k] & (seg[starts + k] == seg[starts])
    return _finish([_count(index, ids, starts[valid], n, by, min_freq, "ngram")], by, "ngram")


def _sizes(n: Any) -> list[int]:
    if isinstance(n, (int, np.integer)):
        lo = hi = int(n)
    else:
        try:
            lo, hi = (int(v) for v in n)
        except (TypeError, ValueError):
            raise BingkaiInputError(f"n must be a number or a (min, max) pair, got {n!r}",
                                    hint="e.g. n=3 or n=(2, 5)") from None
    if lo < 1 or hi < lo:
        raise BingkaiInputError(f"n={n!r} is not a range of lengths >= 1",
                                hint="e.g. n=(2, 5): clusters of 2 to 5 tokens, the node included")
    return list(range(lo, hi + 1))


def _node_query(node: str) -> str:
    """The node as CQL: a CQL query as it is, a word or phrase as one
    ``lower`` condition per token (tokenised like the text)."""
    text = node.strip()
    if text.startswith("["):
        return text

    norm = normalize(text)
    forms = [norm[s:e].lower() for s, e, _ in token_spans(norm)]
    if not forms:
        raise BingkaiInputError(f"node {node!r} contains no token",
                                hint='give a word, a phrase or a CQL query such as [stem="serang"]')

    return " ".join(f'[lower="{re.escape(f)}"]' for f in forms)


def clusters(corpus: Any, node: str, *, n: int | tuple[int, int] = (2, 5), side: str = "right",
             by: str | None = "outlet", parts: Sequence[str] = DEFAULT_PARTS, min_freq: int = 1,
             lexicon: Any = None, progress: bool | None = None) -> pd.DataFrame:
    """Word runs around a node, counted per group, with keyness.

    Parameters
    ----------
    corpus : a :class:`bingkai.Corpus` or an articles frame.
    node : a word or phrase ("pasukan", "kelompok teroris"; matched on the
        ``lower`` form) or a CQL query for one node match (see
        :func:`bingkai.query`): a stem ``'[stem="serang"]'``, a label
        ``'[label="teroris"]+'``, an actor ``'[actor="hts"]+'``.
    n : cluster length in tokens, the node included: a number or an
        inclusive ``(min, max)`` range (default 2 to 5). Lengths shorter than
        a node match + 1 give no cluster for that match.
    side : ``"right"`` (the node starts the cluster: what follows it),
        ``"left"`` (the node ends it: what precedes it) or ``"both"`` (every
        run of that length containing the whole node).
    by : the article column that defines groups; None = the whole corpus.
    parts : the fields counted (default the body); node matches elsewhere
        are ignored.
    min_freq : keep clusters whose frequency in the whole corpus is at
        least this.
    lexicon : the lexicon whose actors an ``actor``/``speaker`` node query
        looks for (None: the default pack).

    Returns
    -------
    DataFrame, one row per group x cluster: ``<by>, cluster, size, freq,
    range`` and the keyness columns of :func:`ngrams` (``c``/``d`` = clusters
    of that size in the group / the others), sorted by ``<by>``, then
    ``freq`` descending, then ``cluster``. The added words follow the
    n-gram rules of the module docstring (words only, one sentence).
    """
    if side not in SIDES:
        raise BingkaiInputError(f"unknown side {side!r}", hint='use side="right", "left" or "both"')
    if not isinstance(node, str) or not node.strip():
        raise BingkaiInputError(f"node must be a non-empty string, got {node!r}",
                                hint='give a word, a phrase or a CQL query such as [label="teroris"]+')
    lengths = _sizes(n)
    _check(min_freq, by)
    index = as_corpus(corpus, progress=progress)
    ids, ok, seg = _runs(index, parts)
    spans = match_spans(index, _node_query(node), lexicon=lexicon)
    arr = index.arrays
    spans = spans[np.isin(arr["part"][spans[:, 0]], part_codes(tuple(parts)))] if len(spans) else spans
    total = ids.shape[0]
    # bad[t] = 1 for a token that may not be added to a cluster; node tokens
    # are exempt, so count bad tokens outside the node span only
    bad = np.r_[0, np.cumsum(~ok)]
    frames = []
    for k in lengths:
        first, stop = spans[:, 0], spans[:, 1]
        width = stop - first
        if side == "right":
            cand = [(first, np.arange(first.shape[0]))]
        elif side == "left":
            cand = [(stop - k, np.arange(first.shape[0]))]
        else:
            cand = [(stop - k + off, np.arange(first.shape[0])) for off in range(k)]
        starts_list = []
        for start, which in cand:
            f, s = first[which], stop[which]
            fits = (width[which] < k) & (start >= 0) & (start + k <= total) & (start <= f) & (start + k >= s)
            start, f, s = start[fits], f[fits], s[fits]
            end = start + k
            inside = ((bad[end] - bad[start]) - (bad[s] - bad[f])) == 0
            same = (seg[start] == seg[end - 1])
            starts_list.append(start[inside & same])
        # one cluster per distinct run: with side="both" a run holding two
        # node matches (or reached from two offsets) is counted once
        starts = unique_ints(np.concatenate(starts_list))
        if starts.shape[0]:
            frames.append(_count(index, ids, starts.astype(np.int64), k, by, min_freq, "cluster"))
    return _finish(frames, by, "cluster")


__all__: Sequence[str] = ["ngrams", "clusters"]
