"""Article similarity and same-story pairs, at any corpus size.

Both views start from the articles' TF-IDF vectors (``bingkai.views.tfidf.
fit_tfidf``: package ``Analyzer``, scikit-learn defaults, l2-normalised) and
their cosine similarity, computed for one block of rows at a time against
all articles (``X[rows] @ X.T``; frequent terms against a dense copy, the
rest as a sparse product, see ``cosine_blocks``), so memory is one block (about
``_BLOCK_CELLS`` similarities) however many articles there are; an n x n
matrix is only built on request (``similarity(full=True)``, small corpora).

``similarity`` returns each article's ``top`` nearest neighbours as a long
table. ``same_story`` returns only the pairs it flags (plus, on request for a
small corpus, every pair); its rule is the union of two parts.

1. **Near-copies: cosine >= 1/sqrt(2) (0.7071).** For unit vectors ``u, v``
   with cosine ``c``, ``v = c u + r`` with ``r`` orthogonal to ``u`` and
   ``|r| = sqrt(1 - c^2)``; ``c >= 1/sqrt(2)`` says the part of one article's
   TF-IDF vector that the other explains is at least as large as the part
   it does not (an angle of 45 degrees or less). One article plus an equal
   amount of unrelated text sits exactly at the line (cosine ``1/sqrt(2)``),
   so a press release reused by two outlets with their own leads, captions
   or a paragraph of context added stays above it, and identical articles
   (cosine 1) are always flagged. The number comes from that geometry, not
   from any corpus; a corpus-relative rule alone cannot guarantee this (see
   below).
2. **Retellings: a robust outlier rule.** A pair is also flagged when its
   similarity is an *outlier* among the corpus's pair similarities, at a
   family-wise error rate ``alpha`` (default 0.05) over all pairs tested:

   a. candidates are the pairs a < b sharing at least one term (similarity
      > 0); a pair sharing nothing cannot be the same story, and counting
      such pairs would drag the yardstick to zero in a corpus on many topics;
   b. each candidate gets a robust z-score of its *log* similarity: the
      modified z-score of Iglewicz & Hoaglin (1993), ``0.6745 (x - median) /
      MAD``, as in the NIST/SEMATECH e-Handbook of Statistical Methods (sec.
      1.3.5.17). Median and MAD (median absolute deviation) are robust (50%
      breakdown), so the same-story pairs do not inflate the yardstick they
      are measured by. Logs because cosine similarities are positive and
      right-skewed, and a z-score assumes a roughly symmetric bulk;
   c. the cut-off is the Bonferroni-corrected normal quantile
      ``Phi^-1(1 - alpha / m)`` for ``m`` candidate pairs (10 pairs: 2.58;
      1,000 pairs: 3.89; 1,000,000 pairs: 5.33), so that in a corpus of
      unrelated articles the chance of calling *any* pair the same story
      stays near ``alpha`` however large the corpus grows.

   The median and MAD are computed without holding the similarities: one
   pass counts the log similarities rounded to a grid of 2^-16 (a relative
   change in cosine of 0.0015%), the median and MAD of those rounded values
   are exact, and a second pass collects the pairs above the cut-off. The
   rounding moves the cut-off by less than one grid step, so only a pair
   within about 10^-4 of the cut-off (in z) can be judged differently from
   the same rule on unrounded values.

Why both. The outlier rule adapts to the corpus (TF-IDF cosines depend on
IDF, vocabulary, article length) and can find retellings below the
near-copy line in a collection of unrelated articles; but alone it gives no
guarantee: on the 3,682 scraped articles of issue 10 it flagged no pair
although 100 pairs had cosine >= 0.9, some of them the same press release
word for word. With millions of pairs the Bonferroni cut-off is 5-6 robust
standard deviations, and the log similarities of real news have a long
lower tail that widens the MAD, so ``exp(median + cut-off x MAD / 0.6745)``
can lie near or above cosine 1. The near-copy line closes that hole whatever
the corpus; the outlier rule keeps finding looser retellings where the
corpus allows. A fixed ``threshold`` replaces both.

Limitations of the rule:

- the outlier part needs a corpus where most pairs are *different* stories;
  in a corpus collected around one event most pairs are the same story and
  few stand out (the near-copy part still works; pass an explicit
  ``threshold`` for looser retellings there);
- small corpora give a noisy median and MAD (five articles = ten pairs), and
  with fewer than three candidate pairs the outlier part flags nothing (a
  lone pair is its own median);
- when more than half of the candidate pairs have the same similarity
  (MAD = 0) every candidate above the median counts as an outlier (the
  score is infinite), which is the limit of the rule, not a choice;
- on the five seed articles (ten pairs, all on the Syrian war, body text)
  the rule flags *no* pair: the same-story pairs 000-001 (cosine 0.51) and
  002-004 (0.36) are the two most similar and every pair with the 2015
  article 003 is below them, but they are retellings, not near-copies, and
  000-001 reaches a robust z of 2.4 against the cut-off 2.58 and 002-004 only
  1.2. This is reported, not tuned away: ten pairs of one topic are too few
  for an outlier rule; read the ranking or pass a ``threshold``;
- a near-copy with much added text (an article quoting a whole press release
  inside a longer piece of its own) can fall below 0.7071: that is what
  ``bingkai.text_reuse`` (shared passages, containment both ways) is for;
- pairs are judged independently: no transitivity (a-b and b-c the same
  story does not make a-c one).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import norm
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.preprocessing import normalize

from bingkai.constants import DEFAULT_PARTS
from bingkai.errors import BingkaiInputError
from bingkai.indexing.corpus import Corpus
from bingkai.parallel import check_n_jobs
from bingkai.progress import progress_bar
from bingkai.views.tfidf import _TRANSFORMER_KWARGS, _weights_from_index, fit_tfidf

# Iglewicz & Hoaglin (1993): 0.6745 = the 0.75 quantile of N(0, 1), which makes
# MAD/0.6745 a consistent estimate of the standard deviation for normal data.
_MAD_CONSISTENCY = 0.6745

#: cosine at or above which a pair is a near-copy (module docstring, part 1)
NEAR_COPY = 1.0 / math.sqrt(2.0)

#: similarities held at once: one block of rows x all articles (float64: 8 MB). Small
#: enough that a block and its temporaries are reused from the allocator's heap rather
#: than mapped afresh: a first call at 4,000,000 (32 MB) spent 100-400 ms of system
#: time on page faults (devcorpus, issue 24), for ~3% less user time
_BLOCK_CELLS = 1_000_000

#: largest corpus for which an n x n matrix is built (similarity(full=True),
#: same_story(all_pairs=True)): 2,000^2 float64 = 32 MB, and a heatmap or a
#: table of 2 million pairs is already past reading
FULL_MAX = 2_000

#: grid of the log similarities for the outlier rule's median and MAD: steps
#: of 2^-16 (a relative change in cosine of 0.0015%) down to log s = -40
_LOG_STEP = 2.0 ** -16
_LOG_SPAN = 40.0


# --------------------------------------------------------------------------
# cores on a sparse matrix (fed by fit_tfidf today, by the corpus index later)


#: a term in at least this share of the articles goes to the dense part of the
#: products (see cosine_blocks)
#: of the product (see cosine_blocks)
_DENSE_SHARE = 0.05

#: most pairs ``story_pairs`` keeps from its first pass (24 bytes each), so that the second
#: pass over every block is needed only when more than about half this many pairs could
#: be flagged (each time the kept pairs pass it, the most similar half stay)
KEEP_PAIRS = 200_000
#: grid codes counted at once by ``_grid_counts`` (8 bytes each: 4 MB, just under
#: the 4 MiB from which numpy asks the kernel for huge pages, whose first touch cost
#: 50-150 ms of system time in first calls on the 2-core test machine, issue 24)
_GRID_BUFFER = 500_000
#: the smallest positive float: ``x >= max(bound, _TINY)`` is ``x >= bound and x > 0``
#: for the (non-negative) similarities in one comparison
_TINY = float(np.nextafter(0.0, 1.0))
#: decimals the cosines are rounded to (see cosine_blocks)
_DECIMALS = 12


def _unit_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    # cosine_similarity l2-normalises its input again; so do the blocks, so that
    # they agree with similarity(full=True) whatever normalisation came in
    return normalize(sparse.csr_matrix(matrix, dtype=np.float64), copy=True)


def _split_columns(x: sparse.csr_matrix, block_cells: int
                   ) -> tuple[sparse.csr_matrix, np.ndarray, sparse.csr_matrix]:
    """``(frequent, frequent_t, rare)``: the columns of ``x`` (n rows) in at least
    ``_DENSE_SHARE`` of the rows (at most ``4 * block_cells // n``, the most
    frequent; ties by column) as a CSR matrix and as a dense transposed array
    ``(F, n)``, and the other columns as a CSR matrix, each in column order.

    The same matrices as ``x[:, cols]`` and ``x[:, other_cols]``, built from the
    stored entries in one pass each (scipy's column indexing of a CSR matrix costs
    more than the products of a small corpus).
    """
    n, width = x.shape
    df = np.bincount(x.indices, minlength=width)
    cap = (4 * block_cells) // n
    by_df = np.lexsort((np.arange(width), -df))  # most frequent first, ties by column
    frequent = by_df[:cap][df[by_df[:cap]] >= max(2, math.ceil(_DENSE_SHARE * n))]
    is_frequent = np.zeros(width, dtype=bool)
    is_frequent[frequent] = True
    f = int(is_frequent.sum())
    # new column numbers, in column order within each part
    new = np.empty(width, dtype=np.int64)
    new[is_frequent] = np.arange(f)
    new[~is_frequent] = np.arange(width - f)
    row = np.repeat(np.arange(n), np.diff(x.indptr))

    def part(keep: np.ndarray, columns: int) -> sparse.csr_matrix:
        indptr = np.zeros(n + 1, dtype=x.indptr.dtype)
        np.cumsum(np.bincount(row[keep], minlength=n), out=indptr[1:])
        return sparse.csr_matrix((x.data[keep], new[x.indices[keep]].astype(x.indices.dtype),
                                  indptr), shape=(n, columns))

    in_dense = is_frequent[x.indices]
    frequent_t = np.zeros((f, n), dtype=np.float64)
    # through the flat view: a 1-d fancy assignment is several times faster than a 2-d one
    frequent_t.reshape(-1)[new[x.indices[in_dense]] * n + row[in_dense]] = x.data[in_dense]
    return part(in_dense, f), frequent_t, part(~in_dense, width - f)


def cosine_blocks(matrix: sparse.spmatrix, *, upper: bool = False,
                  block_cells: int = _BLOCK_CELLS, progress: bool | None = None,
                  desc: str = "similarity") -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(first_row, block)``: the cosine similarities of consecutive
    rows of ``matrix`` with every row, as dense ``(rows, n)`` float arrays
    in [0, 1], rounded to 12 decimals. With ``upper=True`` only the columns
    from ``first_row`` on are computed (``(rows, n - first_row)``: column
    ``j`` of the block is row ``first_row + j``), which is all a pass over
    the pairs a < b needs and half the work.

    How: ``X`` (l2-normalised rows) is split by columns. Terms found in at
    least 5% of the articles (``_DENSE_SHARE``; at most ``4 * block_cells //
    n`` of them, the most frequent) are also held as a dense ``F x n`` array,
    and their part of a block is ``X_freq[rows] @ dense`` (scipy's sparse
    rows times a dense array: each stored entry of a row adds a multiple of
    one dense row to it); the others stay sparse (``X_rare[rows] @
    X_rare.T``). The frequent terms are where a sparse product spends its
    time (a term in ``d`` articles costs ``d^2`` multiply-adds, through
    scipy's per-entry bookkeeping of the output), while the dense rows are
    added without any; on the synthetic 1M-word corpus this split is four
    times faster than the plain sparse product, and on the devcorpus the
    sparse-rows-times-dense product of the frequent part is ~30% faster than
    a BLAS product of the dense ``n x F`` matrix (which does the multiply-adds
    of the zeros too: the part is ~10% full) and needs no BLAS threads.
    Memory is the dense part (bounded by the cap) plus one block: ``rows``
    is ``block_cells // n`` (at least 1), whatever the corpus size.

    The two parts add up in a different order than a plain product, so a
    value can differ from ``sklearn.metrics.pairwise.cosine_similarity`` in
    the last bits (< 1e-15); rounding to 12 decimals makes equal similarities
    (copies of one text) compare equal, so ties are broken by doc_id and not
    by rounding noise. (A value within ~1e-16 of a rounding boundary can
    round to either side: 1-2 of the devcorpus's 6.5 million pairs differ by
    1e-12 between this product and a BLAS product of the same split.)
    """
    x = _unit_rows(matrix)
    n = x.shape[0]
    if n == 0:
        return
    frequent, frequent_t, rare = _split_columns(x, block_cells)
    rare_t = None
    step = max(1, block_cells // n)
    starts = range(0, n, step)
    for r0 in progress_bar(starts, desc=desc, total=len(starts), progress=progress,
                           unit="block"):
        c0 = r0 if upper else 0
        if c0:
            other = rare[c0:].T.tocsr()
        else:
            if rare_t is None:
                rare_t = rare.T.tocsr()
            other = rare_t
        block = (rare[r0:r0 + step] @ other).toarray()
        if frequent_t.shape[0]:
            block += frequent[r0:r0 + step] @ frequent_t[:, c0:]
        np.round(block, _DECIMALS, out=block)
        # rounding error can give 1.0000000000000002 on the diagonal; clip so
        # downstream code can rely on the [0, 1] range of non-negative TF-IDF.
        np.clip(block, 0.0, 1.0, out=block)
        yield r0, block


def top_neighbours(matrix: sparse.spmatrix, k: int = 10, *, block_cells: int = _BLOCK_CELLS,
                   progress: bool | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` most similar other rows (cosine > 0).

    Returns three equal-length arrays ``row, neighbour, cosine`` (int64,
    int64, float64), sorted by row, then cosine descending, then neighbour
    ascending: equal cosines are ranked by row number, so the result is the
    same on every run, and a tie at rank ``k`` keeps the lowest row numbers.
    A row never lists itself; rows sharing no term with it (cosine 0) are not
    neighbours, so a row may have fewer than ``k``.

    Each pair is computed once (``cosine_blocks(upper=True)``: rows
    ``r0..r1`` against the columns from ``r0`` on) and offered to both of its
    rows: a block's row ``a`` keeps its values >= its ``k``-th largest in the
    block, and each column ``c >= r1`` keeps its values >= its ``k``-th
    largest among the block's rows (the pairs ``(a, c)``, ``a < c``, that
    row ``c`` does not compute itself). A row's ``k`` best under the order
    (cosine descending, neighbour ascending) are among the ``k`` best of
    every part they come from, so the candidates hold them; the candidates
    are cut to ``k`` per row whenever they grow past a few per row, and at
    the end. The similarity of ``c`` with ``a`` is the value computed for
    ``a`` with ``c``, equal to 12 decimals (``cosine_blocks``).
    """
    n = matrix.shape[0]
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    held = 0
    # the k largest values offered to each row so far (0 while fewer): the k-th of
    # them is a lower bound of the row's final k-th, so smaller values need not be
    # offered (k distinct neighbours already reach it)
    best_vals = np.zeros((n, k), dtype=np.float64)
    # each row's lower bound when its own block row came (it gets no offers after that)
    final_low = np.zeros(n, dtype=np.float64)

    def best(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray):
        # the first k of each row under (row, cosine desc, neighbour asc)
        order = np.lexsort((cols, -vals, rows))
        rows, cols, vals = rows[order], cols[order], vals[order]
        first = np.searchsorted(rows, rows, side="left")
        take = (np.arange(len(rows)) - first) < k
        return rows[take], cols[take], vals[take]

    def offer(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray) -> None:
        nonlocal held, parts
        parts.append((rows, cols, vals))
        held += len(rows)
        if held > 4 * k * n + block_cells // 4:  # bounded memory: cut to k per row
            parts = [best(*(np.concatenate([p[i] for p in parts]) for i in range(3)))]
            held = len(parts[0][0])

    for r0, block in cosine_blocks(matrix, upper=True, block_cells=block_cells,
                                   progress=progress, desc="similarity"):
        b, width = block.shape  # column j is row r0 + j
        diag = np.arange(b)
        block[diag, diag] = 0.0  # not its own neighbour
        # each row of the block: columns r0..n-1 (those before r0 came as columns of
        # earlier blocks); everything >= the row's k-th largest is a candidate, so ties
        # at the boundary are all kept and broken by column later
        low = best_vals[r0:r0 + b, 0]
        if width > k:
            low = np.maximum(low, np.partition(block, width - k, axis=1)[:, width - k])
        final_low[r0:r0 + b] = low
        # >= the bound and > 0 in one comparison: the blocks are >= 0
        keep = block >= np.maximum(low, _TINY)[:, None]
        ri, ci = np.nonzero(keep)
        offer(ri + r0, ci + r0, block[ri, ci])
        if width > b:
            # the rows after the block, c >= r0 + b, against the block's rows a < c
            right = block[:, b:]
            by_col = np.ascontiguousarray(right.T)
            ahead = best_vals[r0 + b:]
            if b > k:
                by_col.partition(b - k, axis=1)
                top = by_col[:, b - k:]
            else:
                top = by_col
            # the k largest of the old ones and the new ones, smallest first
            merged = np.concatenate([ahead, top], axis=1)
            merged.partition(merged.shape[1] - k, axis=1)
            ahead[:] = merged[:, merged.shape[1] - k:]
            ahead.partition(0, axis=1)
            keep = right >= np.maximum(ahead[:, 0], _TINY)[None, :]
            ri, ci = np.nonzero(keep)
            offer(ci + (r0 + b), ri + r0, right[ri, ci])
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty.copy(), np.empty(0, dtype=np.float64)
    rows, cols, vals = (np.concatenate([p[i] for p in parts]) for i in range(3))
    # offers made before a row's bound rose are below its k-th: drop them before sorting
    keep = vals >= final_low[rows]
    rows, cols, vals = best(rows[keep], cols[keep], vals[keep])
    return rows.astype(np.int64), cols.astype(np.int64), vals


def _upper_mask(block: np.ndarray, *, positive: bool = True) -> np.ndarray:
    """The cells of an upper block (``cosine_blocks(upper=True)``: column ``j`` is
    row ``r0 + j``) that are pairs a < b, as a boolean mask; only similarity > 0
    unless ``positive`` is False. With ``positive``, the block's own pairs a >= b
    (its first ``rows`` columns, on and below the diagonal) are set to 0 in place."""
    b = block.shape[0]
    lower = np.tri(b, b, dtype=bool)  # a >= b within the block's square
    if positive:
        block[:, :b][lower] = 0.0
        return block > 0.0
    mask = np.ones(block.shape, dtype=bool)
    mask[:, :b][lower] = False
    return mask


def _grid_counts(values: Iterator[np.ndarray]) -> np.ndarray:
    """Counts of the log similarities on the grid of ``_LOG_STEP``: entry
    ``g`` counts the values whose ``-log(s)`` rounds to ``g * _LOG_STEP``
    (similarities below ``exp(-_LOG_SPAN)`` share the last entry), up to the
    largest ``g`` found. The values are overwritten."""
    size = int(_LOG_SPAN / _LOG_STEP) + 1
    counts = np.zeros(0, dtype=np.int64)  # grows to the largest code found
    # codes of several blocks are counted at once: one bincount is as long as the
    # largest code (up to 2.6 million), however few values it counts
    codes = np.empty(_GRID_BUFFER, dtype=np.intp)
    used = 0

    def count(g: np.ndarray) -> None:
        nonlocal counts
        found = np.bincount(g).astype(np.int64, copy=False)
        if len(found) > len(counts):
            found[:len(counts)] += counts
            counts = found
        else:
            counts[:len(found)] += found

    for s in values:
        # -log(s) / _LOG_STEP, in place; _LOG_STEP is a power of two, so multiplying
        # by its inverse is the same division, exactly
        np.log(s, out=s)
        np.multiply(s, -1.0 / _LOG_STEP, out=s)
        np.rint(s, out=s)
        np.minimum(s, size - 1, out=s)
        for start in range(0, len(s), len(codes)):
            part = s[start:start + len(codes)]
            if used + len(part) > len(codes):
                count(codes[:used])
                used = 0
            codes[used:used + len(part)] = part  # whole numbers already: the cast is exact
            used += len(part)
    count(codes[:used])
    return counts


def _grid_median(points: np.ndarray, counts: np.ndarray) -> float:
    """``numpy.median`` of ``points`` repeated ``counts`` times (points sorted)."""
    cum = np.cumsum(counts)
    m = int(cum[-1])
    lo = points[np.searchsorted(cum, (m - 1) // 2, side="right")]
    hi = points[np.searchsorted(cum, m // 2, side="right")]
    return float(np.mean([lo, hi]))


class _MostSimilar:
    """The pairs of the blocks seen so far with similarity >= ``bound``, in block order, at
    most ~``cap`` of them: when more come, ``bound`` rises to keep the most similar half.
    Every pair seen with similarity >= the final ``bound`` is kept (``bound`` only rises)."""

    def __init__(self, cap: int) -> None:
        self.cap, self.bound, self.n = cap, 0.0, 0
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, r0: int, c0: int, block: np.ndarray, pairs: np.ndarray,
            values: np.ndarray) -> None:
        """Offer the pairs of (part of) an upper block whose cell ``(i, j)`` is the pair
        of rows ``(r0 + i, c0 + j)``: ``pairs`` is their mask in ``block``, ``values``
        their similarities (``block[pairs]``). The bound is raised first, so only the
        pairs kept get row numbers."""
        above = values[values >= self.bound] if self.bound > 0.0 else values
        if self.n + len(above) > self.cap:
            # keep the most similar half of the cap among the kept and the new pairs
            # (with nothing kept yet this reorders ``values`` in place: they are only
            # counted afterwards)
            kept = np.concatenate([p[2] for p in self.parts] + [above]) if self.parts else above
            half = max(1, self.cap // 2)
            kept.partition(len(kept) - half)
            self.bound = float(kept[len(kept) - half])
            self.parts = [(x[s_ >= self.bound], y[s_ >= self.bound], s_[s_ >= self.bound])
                          for x, y, s_ in self.parts]
            self.n = sum(len(p[2]) for p in self.parts)
        # cells that are no pair hold 0 (_upper_mask), below any bound > 0
        hit = block >= self.bound if self.bound > 0.0 else pairs
        ri, ci = np.nonzero(hit)
        self.parts.append((ri + r0, ci + c0, block[ri, ci]))
        self.n += len(ri)

    def flagged(self, cut: Callable[[np.ndarray], np.ndarray]):
        """The kept pairs ``cut`` flags, or None when ``cut`` could flag a pair below ``bound``
        (not kept): ``cut`` rises with similarity, so testing the value just below is enough."""
        if self.bound > 0.0 and cut(np.array([np.nextafter(self.bound, 0.0)]))[0]:
            return None
        if not self.parts:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64)
        a, b, s = (np.concatenate([p[k] for p in self.parts]) for k in range(3))
        hit = cut(s)
        return a[hit], b[hit], s[hit]


def story_pairs(matrix: sparse.spmatrix, threshold: float | None = None, *,
                alpha: float = 0.05, block_cells: int = _BLOCK_CELLS,
                progress: bool | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """The pairs of rows ``same_story`` flags, without an n x n matrix.

    Returns ``(a, b, similarity, rule)``: row numbers a < b and their cosine
    (arrays sorted by a, b) and a description of the rule applied. Memory is
    one block of similarities, one histogram and the flagged pairs. The
    default rule (``threshold=None``) takes two passes over the blocks: one
    for the median and MAD, one to collect the flagged pairs.
    """

    def blocks(desc: str):
        return cosine_blocks(matrix, upper=True, block_cells=block_cells, progress=progress,
                             desc=desc)

    def collect(cut: Callable[[np.ndarray], np.ndarray], desc: str, positive: bool = True):
        # the pairs cut flags, by block: cut applies to each cell (it is elementwise),
        # so only the flagged pairs get row numbers
        a_parts, b_parts, s_parts = [], [], []
        for r0, block in blocks(desc):
            with np.errstate(divide="ignore"):  # log(0) of pairs sharing no term
                hit = _upper_mask(block, positive=positive) & cut(block)
            ri, ci = np.nonzero(hit)
            a_parts.append(ri + r0)
            b_parts.append(ci + r0)
            s_parts.append(block[ri, ci])
        if not a_parts:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64)
        return np.concatenate(a_parts), np.concatenate(b_parts), np.concatenate(s_parts)

    if threshold is not None:
        t = float(threshold)
        # threshold 0 asks for every pair, those sharing no term included
        a, b, s = collect(lambda s: s >= t, "same_story", positive=t > 0.0)
        return a, b, s, f"similarity >= {t}"

    # pass 1: the log similarities of all candidate pairs on a fine grid, and the most
    # similar pairs on the way: the flagged ones are among them unless more than
    # KEEP_PAIRS could be flagged, which spares the second pass over every block
    kept = _MostSimilar(KEEP_PAIRS)

    def first_pass():
        for r0, block in blocks("same_story: median"):
            pairs = _upper_mask(block)
            # a few rows at a time, so that the values taken out stay under numpy's huge
            # pages (see _GRID_BUFFER)
            rows = max(1, _GRID_BUFFER // block.shape[1])
            for i in range(0, block.shape[0], rows):
                part, mask = block[i:i + rows], pairs[i:i + rows]
                values = part[mask]
                kept.add(r0 + i, r0, part, mask, values)
                yield values  # overwritten by _grid_counts

    counts = _grid_counts(first_pass())
    m = int(counts.sum())
    near = f"similarity >= {NEAR_COPY:.4f} (near-copy)"
    if m < 3:
        found = kept.flagged(lambda s: s >= NEAR_COPY)
        a, b, s = found if found is not None else collect(lambda s: s >= NEAR_COPY, "same_story")
        return a, b, s, f"{near}; outlier rule not applicable ({m} candidate pairs)"
    # median and MAD of the gridded values, exactly (numpy.median's definition)
    grid = np.flatnonzero(counts)[::-1]  # the grid points found, ascending log similarity
    points, counts = -grid * _LOG_STEP, counts[grid]
    med = _grid_median(points, counts)
    dev = np.abs(points - med)
    order = np.argsort(dev, kind="stable")
    mad = _grid_median(dev[order], counts[order])
    cutoff = outlier_cutoff(m, alpha)

    def cut(s: np.ndarray) -> np.ndarray:
        dev = np.log(s) - med
        if mad > 0:
            z = _MAD_CONSISTENCY * dev / mad
        else:
            z = np.where(dev > 0, np.inf, np.where(dev < 0, -np.inf, 0.0))
        return (s >= NEAR_COPY) | (z > cutoff)

    found = kept.flagged(cut)
    a, b, s = found if found is not None else collect(cut, "same_story: flag")
    rule = (f"{near} or modified z-score of log similarity > {cutoff:.4f} "
            f"(Bonferroni, alpha={alpha}, {m} candidate pairs)")
    return a, b, s, rule


# --------------------------------------------------------------------------
# public views on an articles frame


def _check_top(top: Any) -> int:
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise BingkaiInputError(f"top={top!r} is not a positive whole number",
                                hint="pass the number of neighbours per article, e.g. top=10")
    return int(top)


def _check_small(n: int, what: str) -> None:
    if n > FULL_MAX:
        raise BingkaiInputError(
            f"{what} for {n:,} articles would hold {n * n:,} similarities "
            f"(the limit is {FULL_MAX:,} articles)",
            hint="use the default long table (top-k neighbours, same-story pairs only), "
                 "or select fewer articles first")


def _n_articles(corpus: Any) -> int | None:
    """Number of articles, known before any analysis (None if not a frame or
    Corpus): lets the n x n options fail before the work."""
    if isinstance(corpus, Corpus):
        return len(corpus)
    if isinstance(corpus, pd.DataFrame) and "doc_id" in corpus.columns:
        return int(corpus["doc_id"].nunique())
    return None


def _fit(corpus: Any, analyzer, parts, n_jobs, vectorizer_kwargs):
    """``fit_tfidf(corpus, by="doc", ...)``'s matrix and ids (object array)."""
    if analyzer is None and set(vectorizer_kwargs) <= _TRANSFORMER_KWARGS:
        # fit_tfidf's own path from the index, without the vectorizer it also makes
        # (its 35k-term vocabulary, its analyzer's stopword list and scikit-learn's
        # input checks were ~65 ms of a first call on the devcorpus, issue 24);
        # the similarities need only the weights
        matrix, _, ids, _ = _weights_from_index(corpus, "doc", parts, check_n_jobs(n_jobs),
                                                vectorizer_kwargs)
        return matrix, np.asarray(ids, dtype=object)
    fit = fit_tfidf(corpus, by="doc", analyzer=analyzer, parts=parts, n_jobs=n_jobs,
                    **vectorizer_kwargs)
    return fit.matrix, np.asarray(fit.ids, dtype=object)


def similarity(corpus: Any, *, top: int = 10, full: bool = False,
               analyzer: Callable[[str], list[str]] | None = None,
               parts: Sequence[str] = DEFAULT_PARTS, n_jobs: int = 1,
               progress: bool | None = None, **vectorizer_kwargs: Any) -> pd.DataFrame:
    """Cosine similarity of the articles' TF-IDF vectors: each article's
    ``top`` nearest neighbours, or the full matrix of a small corpus.

    Parameters
    ----------
    corpus : a ``bingkai.Corpus`` (``bingkai.index``) or the articles frame
        from ``bingkai.load_corpus`` / ``bingkai.read_articles``.
    top : neighbours per article (default 10).
    full : return the square doc x doc matrix instead (at most ``FULL_MAX``
        = 2,000 articles; ``top`` is then ignored).
    analyzer, parts, n_jobs, **vectorizer_kwargs : as for
        ``bingkai.fit_tfidf`` (``by="doc"``; ``n_jobs`` > 1 stems the
        vocabulary in that many processes first, same result).
    progress : progress bar over the row blocks (None: ``BINGKAI_PROGRESS``).

    Returns
    -------
    By default a long table, one row per (article, neighbour): ``doc_id``,
    ``neighbour`` (doc_ids, str), ``cosine`` (float in (0, 1]), ``rank``
    (int, 1 = most similar), sorted by doc_id, rank. Equal cosines are
    ranked by the neighbour's doc_id, so a tie at rank ``top`` keeps the
    smallest doc_ids. Articles sharing no term with an article (cosine 0)
    are not its neighbours, so an article has at most ``top`` rows and may
    have none. Values are rounded to 12 decimals and agree with the full
    matrix to that precision (see ``cosine_blocks``).

    With ``full=True``: a square DataFrame of floats in [0, 1], index and
    columns the sorted doc_ids (both axes named ``doc_id``); the diagonal is
    1 for every article with at least one term (0 for one with none). This
    is what ``bingkai.report.figures.similarity_matrix`` draws.
    """
    top = _check_top(top)
    if full:
        _check_small(_n_articles(corpus) or 0, "similarity(full=True)")  # before the work
        matrix, ids = _fit(corpus, analyzer, parts, n_jobs, vectorizer_kwargs)
        _check_small(len(ids), "similarity(full=True)")
        values = np.clip(cosine_similarity(matrix), 0.0, 1.0)
        index = pd.Index(ids, name="doc_id", dtype="str")
        return pd.DataFrame(values, index=index, columns=index.copy())
    matrix, ids = _fit(corpus, analyzer, parts, n_jobs, vectorizer_kwargs)
    row, nb, cos = top_neighbours(matrix, top, progress=progress)
    first = np.searchsorted(row, row, side="left")
    return pd.DataFrame({
        "doc_id": pd.array(ids[row], dtype="str"),
        "neighbour": pd.array(ids[nb], dtype="str"),
        "cosine": cos.astype(np.float64),
        "rank": (np.arange(len(row)) - first + 1).astype(np.int64),
    })


def pairs(matrix: pd.DataFrame) -> pd.DataFrame:
    """All pairs a < b of a square similarity frame as ``doc_a, doc_b,
    similarity``, sorted by similarity descending, then doc_a, doc_b."""
    ids = np.asarray(matrix.index.astype(str), dtype=object)
    rows, cols = np.triu_indices(len(ids), k=1)
    out = pd.DataFrame({
        "doc_a": pd.array(ids[rows], dtype="str"),
        "doc_b": pd.array(ids[cols], dtype="str"),
        "similarity": matrix.to_numpy(dtype="float64")[rows, cols],
    })
    return out.sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True],
                           kind="stable", ignore_index=True)


def modified_z(values: np.ndarray) -> np.ndarray:
    """Iglewicz-Hoaglin modified z-score ``0.6745 (x - median) / MAD``.

    When MAD = 0 the score is +inf above the median, -inf below and 0 at it.
    """
    x = np.asarray(values, dtype="float64")
    if x.size == 0:
        return x.copy()
    med = np.median(x)
    mad = np.median(np.abs(x - med))
    dev = x - med
    if mad > 0:
        return _MAD_CONSISTENCY * dev / mad
    return np.where(dev > 0, np.inf, np.where(dev < 0, -np.inf, 0.0))


def outlier_cutoff(n_pairs: int, alpha: float = 0.05) -> float:
    """Bonferroni-corrected one-sided normal quantile ``Phi^-1(1 - alpha/n_pairs)``."""
    return float(norm.isf(alpha / n_pairs))


def same_story(corpus: Any, *, threshold: float | None = None,
               alpha: float = 0.05, all_pairs: bool = False,
               analyzer: Callable[[str], list[str]] | None = None,
               parts: Sequence[str] = DEFAULT_PARTS, n_jobs: int = 1,
               progress: bool | None = None, **vectorizer_kwargs: Any) -> pd.DataFrame:
    """Which pairs of articles report the same story.

    Parameters
    ----------
    corpus : a ``bingkai.Corpus`` or an articles frame, as for ``similarity``.
    threshold : a fixed cosine similarity; pairs with similarity >= it are
        the same story. ``None`` (default) uses the rule of the module
        docstring: near-copies (cosine >= 1/sqrt(2)) or outliers among the
        corpus's pair similarities.
    alpha : family-wise error rate of the outlier rule (default 0.05).
    all_pairs : also return the pairs that are not flagged (every pair
        a < b, as the n x n table of earlier versions; at most ``FULL_MAX``
        = 2,000 articles). Default: only the flagged pairs, so the frame
        grows with the number of same-story pairs, not with n^2.
    analyzer, parts, n_jobs, **vectorizer_kwargs : as for ``similarity``.
    progress : progress bars over the row blocks.

    Returns
    -------
    DataFrame, one row per flagged pair a < b (doc_ids in sorted order):
    ``doc_a, doc_b, similarity`` (float), ``same_story`` (bool; True on
    every row unless ``all_pairs``; kept so that code filtering
    ``out[out.same_story]`` works either way), sorted by similarity
    descending, then doc_a, doc_b. ``frame.attrs["rule"]`` describes the
    rule applied and ``frame.attrs["threshold"]`` is the cosine value it
    amounts to (the smallest similarity counted as the same story, NaN if
    none).
    """
    if threshold is not None and not (isinstance(threshold, (int, float))
                                      and not isinstance(threshold, bool)
                                      and 0.0 <= float(threshold) <= 1.0):
        raise BingkaiInputError(f"threshold={threshold!r} is not a cosine similarity",
                                hint="pass a number between 0 and 1, or None for the "
                                     "default rule")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise BingkaiInputError(f"alpha={alpha!r} is not an error rate",
                                hint="pass a number between 0 and 1, e.g. 0.05")
    if all_pairs:
        _check_small(_n_articles(corpus) or 0, "same_story(all_pairs=True)")  # before the work
    matrix, ids = _fit(corpus, analyzer, parts, n_jobs, vectorizer_kwargs)
    a, b, sims, rule = story_pairs(matrix, threshold, alpha=alpha, progress=progress)
    if all_pairs:
        _check_small(len(ids), "same_story(all_pairs=True)")
        # the same block values the rule was applied to (not cosine_similarity,
        # which can differ in the last bits)
        values = np.vstack([blk for _, blk in cosine_blocks(matrix, progress=progress)])
        rows, cols = np.triu_indices(len(ids), k=1)
        hit = np.isin(rows * len(ids) + cols, a * len(ids) + b)
        out = pd.DataFrame({
            "doc_a": pd.array(ids[rows], dtype="str"),
            "doc_b": pd.array(ids[cols], dtype="str"),
            "similarity": values[rows, cols],
            "same_story": hit,
        }).sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True],
                       kind="stable", ignore_index=True)
        flag = out.pop("same_story").to_numpy()
    else:
        out = pd.DataFrame({
            "doc_a": pd.array(ids[a], dtype="str"),
            "doc_b": pd.array(ids[b], dtype="str"),
            "similarity": sims.astype(np.float64),
        }).sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True],
                       kind="stable", ignore_index=True)
        flag = np.ones(len(out), dtype=bool)
    out["same_story"] = flag
    out.attrs["rule"] = rule
    out.attrs["threshold"] = (float(out.loc[flag, "similarity"].min()) if flag.any()
                              else float("nan"))
    return out


def similarity_by_group(corpus: pd.DataFrame, *, by: str = "outlet",
                        analyzer: Callable[[str], list[str]] | None = None,
                        parts: Sequence[str] = DEFAULT_PARTS, n_jobs: int = 1,
                        **vectorizer_kwargs: Any) -> pd.DataFrame:
    """Mean cosine similarity between the articles of two groups (e.g. outlets).

    The article × article matrix of :func:`similarity` summarised per pair of
    groups: cell (A, B) is the mean similarity over every pair of an article
    of A and an article of B; the diagonal (A, A) is the mean over pairs of
    *distinct* articles of A (NaN when A has one article), so an article's
    similarity of 1 with itself never inflates it. Computed from per-group
    sums of the L2-normalised TF-IDF vectors, ``(sum_A x)·(sum_B x)``, so the
    cost grows with the number of articles, not its square: thousands of
    articles summarise in seconds without the n × n matrix.

    Parameters: ``corpus`` a ``bingkai.Corpus`` or a corpus frame; ``by`` a
    column of its articles (default "outlet"); the others as for
    :func:`similarity`.

    Returns a square DataFrame (index and columns the sorted group names,
    both axes named ``by``) of floats in [0, 1]; ``frame.attrs["articles"]``
    maps each group to its number of articles.
    """
    articles = getattr(corpus, "articles", corpus)  # a bingkai.Corpus or a corpus frame
    if by not in articles.columns:
        raise BingkaiInputError(f"the corpus has no {by!r} column",
                                hint="group by a column of the corpus, e.g. 'outlet' or 'period'")
    fit = fit_tfidf(corpus, by="doc", analyzer=analyzer, parts=parts, n_jobs=n_jobs,
                    **vectorizer_kwargs)
    group_of = dict(zip(articles["doc_id"].astype(str), articles[by].astype(str)))
    groups = np.array([group_of[d] for d in fit.ids], dtype=object)
    names = sorted(set(groups))
    code = np.searchsorted(names, groups)
    member = sparse.csr_matrix((np.ones(len(groups)), (code, np.arange(len(groups)))),
                               shape=(len(names), len(groups)))
    sums = member @ fit.matrix  # groups x terms: sum of each group's article vectors
    dots = np.asarray((sums @ sums.T).toarray(), dtype="float64")
    sizes = np.asarray(member.sum(axis=1), dtype="float64").ravel()
    # squared norms of the articles (1, or 0 for an article without terms)
    norms = np.asarray(fit.matrix.multiply(fit.matrix).sum(axis=1)).ravel()
    self_sim = member @ norms
    n_pairs = np.outer(sizes, sizes)
    np.fill_diagonal(n_pairs, sizes * (sizes - 1))
    np.fill_diagonal(dots, np.diag(dots) - self_sim)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(n_pairs > 0, dots / np.where(n_pairs > 0, n_pairs, 1), np.nan)
    values = np.clip(values, 0.0, 1.0)
    index = pd.Index(names, name=by, dtype="str")
    out = pd.DataFrame(values, index=index, columns=index.copy())
    out.attrs["articles"] = {name: int(n) for name, n in zip(names, sizes)}
    return out
