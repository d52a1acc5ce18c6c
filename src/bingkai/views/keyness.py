"""Keyness: which terms one outlet (or period, or any group) over- or under-uses.

Two layers:

* pure statistics on plain counts, vectorised with numpy, so they can be
  checked against published tables and reused on counts from elsewhere:
  :func:`bingkai.stats.keyness` (two corpora) and :func:`bingkai.stats.multi_keyness` (k corpora);
* one corpus-level view, :func:`keyness`, that counts terms per group and calls
  them: one group against the rest or against chosen groups (``target=``), every
  group against the rest, stacked (``target=None``), or all groups at once, the
  k-corpus LL (``target=None, reference=None``).

Notation (UCREL's, used throughout): ``a`` = frequency of the term in the
target corpus, ``b`` = its frequency in the reference corpus, ``c`` = target
corpus size, ``d`` = reference corpus size.

Definitions differ between tools, so each one is named here with its source:

* **LL** -- the *two-term* log-likelihood of Rayson & Garside (2000) as
  computed by Rayson's LL wizard (https://ucrel.lancs.ac.uk/llwizard.html),
  the UCREL SigEff spreadsheet, WordSmith and conc:
  ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)``,
  ``LL = 2(a ln(a/E1) + b ln(b/E2))``; a zero frequency contributes 0
  (the limit of x ln x as x -> 0). Dunning's (1993) four-cell G2, used by
  NLTK and scattertext, adds the "other words" cells and gives different
  numbers; it is NOT what is computed here (the collocation LL in
  :mod:`bingkai.views.collocates` is the four-cell form).
* **Log Ratio** -- Hardie (2014), "Log Ratio: an informal introduction"
  (CASS): ``log2((a/c)/(b/d))`` with a zero frequency replaced by 0.5
  *before* normalising.
* **%DIFF** -- Gabrielatos & Marchi (2012): ``100((a/c) - (b/d))/(b/d)``.
* **BIC** -- Wilson (2013), as in SigEff: ``LL - df ln(c+d)`` with df = 1.
* **ELL** -- effect size for log-likelihood, Johnston, Berry & Mielke (2006)
  as given on the LL wizard page: ``LL / ((c+d) ln(min(E1, E2)))``.
* **Relative risk** -- ``(a/c)/(b/d)`` (LL wizard page; Kilgarriff 2009
  without the add-k smoothing).
* **p** -- upper tail of chi-squared with 1 df at LL (``scipy.stats.chi2.sf``).
* **Log Ratio confidence interval** -- Hardie (2014) and CQPweb, as also
  implemented by Evert's association-measures (``boundary="normal"``): the
  normal approximation to the log of the relative risk,
  ``ln RR ± z·SE`` with ``SE = sqrt(1/a' + 1/b' - 1/c - 1/d)`` (Katz et al.
  1978; ``a'``, ``b'`` = the frequencies with a zero replaced by 0.5, as
  in Log Ratio), divided by ln 2 to be on Log Ratio's binary scale; ``z``
  is the two-sided normal quantile of the confidence level, optionally
  corrected for the number of terms compared (Bonferroni or Šidák, CQPweb's
  multiple-comparison option).
* **Conservative Log Ratio** -- CQPweb's definition (Hardie 2014): the bound
  of that interval closest to zero, or 0 when the interval contains zero, so
  a term is ranked by the smallest effect its counts support.
"""

from __future__ import annotations

import functools

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from bingkai import stats
from bingkai.constants import DEFAULT_PARTS
from bingkai.errors import BingkaiInputError
from bingkai.indexing.build import as_corpus
from bingkai.indexing.corpus import Corpus
from bingkai.stats import KEYNESS_SCORE_COLUMNS
from bingkai.clean.outlet_names import drop_terms, named_rows
from bingkai.views.outlet_names import drop_outlet_names, outlet_name_terms

KEYNESS_COLUMNS = ["term", *KEYNESS_SCORE_COLUMNS]


# ---------------------------------------------------------------------------
# corpus-level wrappers
# ---------------------------------------------------------------------------

def _group_counts(corpus: Any, counts: pd.DataFrame | None,
                  by: str, unit: str, parts: Sequence[str] = DEFAULT_PARTS,
                  progress: bool | None = None) -> pd.DataFrame:
    """Validated ``[<by>, term, count]`` frame, summed per group and term."""
    if counts is None:
        if corpus is None:
            raise BingkaiInputError("pass a corpus frame or a counts= frame",
                                    hint="e.g. keyness(bingkai.load_corpus(), target=...)")
        raise BingkaiInputError("pass a corpus or a counts= frame")
    missing = [col for col in (by, "term", "count") if col not in counts.columns]
    if missing:
        raise BingkaiInputError(f"counts frame lacks column(s) {', '.join(missing)}",
                                hint=f"counts= needs columns {by}, term, count")
    counts = counts[[by, "term", "count"]]
    bad = counts["count"].isna() | (counts["count"] < 0) | counts[by].isna() | counts["term"].isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        # +2: a spreadsheet's row number (header is row 1) for a frame read from CSV
        raise BingkaiInputError("a counts row has a missing group/term or a negative/missing count",
                                path="counts", row=row + 2,
                                hint="fill the group and term and use counts >= 0")
    return (counts.groupby([by, "term"], sort=True, observed=True)["count"].sum()
            .reset_index())


def _as_list(values: Any) -> list:
    if isinstance(values, str) or not isinstance(values, Iterable):
        return [values]
    return list(values)


def _finish(scores: pd.DataFrame, terms: Any, bonferroni: bool,
            alpha: float | None, *, in_order: bool = False, named: np.ndarray | None = None) -> pd.DataFrame:
    """``scores`` with a first column ``term`` (a Series, or an Arrow string array: no Python
    string per term), Bonferroni and ``alpha`` applied, sorted by ``ll`` descending, then
    ``term``. ``in_order``: the rows are already in ``term`` order (code points), so a
    stable sort on ``ll`` alone gives that order (no sort of the strings). ``named``: per
    row, whether its term names an outlet: those rows are left out (after Bonferroni counts
    them, as ``drop_terms`` on the table) and listed in ``attrs["dropped_terms"]``."""
    scores.insert(0, "term", pd.array(terms if not isinstance(terms, pd.Series) else terms.to_numpy(),
                                      dtype="string"))
    p_col = "p"
    if bonferroni:
        # Bonferroni: p times the number of terms tested, capped at 1 (one line, no library needed)
        scores["p_bonferroni"] = np.minimum(scores["p"].to_numpy() * len(scores), 1.0)
        p_col = "p_bonferroni"
    dropped = None
    if named is not None:
        chosen = np.ones(len(scores), dtype=bool) if alpha is None else (scores[p_col] < alpha).to_numpy()
        dropped = sorted({str(t) for t in scores["term"].to_numpy()[chosen & named]})
        rows = np.flatnonzero(chosen & ~named)
    else:
        rows = (np.arange(len(scores)) if alpha is None
                else np.flatnonzero((scores[p_col] < alpha).to_numpy()))
    if in_order:  # NaN last, as sort_values puts it; the rows kept and ordered in one take
        ll = scores["ll"].to_numpy()[rows]
        out = scores.take(rows[np.argsort(-ll, kind="stable")]).reset_index(drop=True)
    else:
        scores = scores.take(rows)
        out = (scores.sort_values(["ll", "term"], ascending=[False, True], kind="mergesort")
               .reset_index(drop=True))
    if dropped is not None:
        out.attrs["dropped_terms"] = dropped
    return out


def keyness(corpus: pd.DataFrame | None = None, target: Any = None, *, by: str = "outlet",
            reference: Any = "rest", unit: str = "term", min_freq: int = 1,
            bonferroni: bool = False, alpha: float | None = None,
            counts: pd.DataFrame | None = None, parts: Sequence[str] = DEFAULT_PARTS,
            progress: bool | None = None, confidence: float = 0.95,
            correction: str | None = None) -> pd.DataFrame:
    """Keyness of terms between the groups of ``by``: one question, three answers.

    - ``target`` given: every term of that group against a reference.
      ``reference="rest"`` compares against all other rows of the corpus; a value
      or list of values compares against those groups only (they must not include
      the target).
    - ``target=None`` (and ``reference="rest"``): every group against the rest,
      stacked, with the group in a first column ``<by>``, sorted by ``<by>`` then as
      below (Bonferroni counts the terms tested within each comparison).
    - ``target=None, reference=None``: all groups at once, the k-corpus LL
      (:func:`bingkai.stats.multi_keyness`) per term. Group sizes are the totals
      of the counted unit per group; ``min_freq`` keeps terms whose total frequency
      is at least that. Returns ``term, freq`` (total frequency), ``ll, df, bic,
      ell, p``, and ``top`` = the group with the highest observed/expected ratio
      O_i/E_i (ties go to the first group in sorted order), sorted by ``ll``
      descending then ``term``. ``bonferroni``, ``alpha``, ``confidence`` and
      ``correction`` do not apply.

    ``corpus`` is the corpus frame (``bingkai.load_corpus()``) or a ``Corpus``;
    ``by`` is the column that defines groups (``"outlet"``, ``"period"``,
    ``"doc_id"``...); ``target`` is one value of it.

    What is counted (``unit``): ``"term"`` = analyzer terms from
    ``bingkai.text.analyzer.terms(corpus)`` (stopwords, punctuation and numbers
    dropped, protected stemming); ``"lower"`` = lowercased word tokens from
    ``bingkai.text.tokens(corpus)``. Instead of a corpus you may pass
    ``counts=`` a frame ``[<by>, term, count]`` (any unit you counted
    yourself). ``parts`` says which fields are counted (default the body
    only, like ``bingkai.text.analyzer.terms``, so a headline an outlet repeats in
    its first paragraph is not counted twice); ``progress`` is passed to the
    counting step. Corpus sizes ``c`` and ``d`` are the totals of the counted
    unit in the target and reference (so a <= c always holds) -- with
    ``unit="term"`` that is the number of content terms, not of all tokens.

    ``min_freq`` keeps terms with ``a + b >= min_freq`` (applied before the
    Bonferroni count). ``bonferroni=True`` adds ``p_bonferroni`` =
    min(1, p × number of terms tested). ``alpha`` keeps rows with p (or
    p_bonferroni when requested) < alpha.

    ``confidence`` and ``correction`` (None, ``"bonferroni"``, ``"sidak"``
    over the terms tested: CQPweb's multiple-comparison option) set the Log
    Ratio interval and the conservative Log Ratio.

    Returns one row per term: ``term, a, b, c, d, e1, e2, ll, log_ratio,
    pct_diff, bic, ell, relative_risk, p, direction, log_ratio_ci_low,
    log_ratio_ci_high, conservative_log_ratio`` (+ ``p_bonferroni``), as
    defined in :func:`bingkai.stats.keyness`, sorted by ``ll`` descending then
    ``term``. Terms that name an outlet of the corpus are left out
    (``bingkai.clean.outlet_names``; still counted in ``c`` and ``d``) and
    listed in ``attrs["dropped_terms"]``.
    """
    if target is None and reference is None:
        return _k_groups(corpus, by, unit, min_freq, counts, parts, progress)
    if target is None:
        if not (isinstance(reference, str) and reference == "rest"):
            raise BingkaiInputError(f"reference={reference!r} needs a target",
                                    hint='name the target group, or use reference="rest" (every group '
                                         "against the rest) or reference=None (all groups at once)")
        return _every_group(corpus, by, unit, min_freq, bonferroni, alpha, counts, parts, progress,
                            confidence=confidence, correction=correction)
    wide = _wide_counts(corpus, counts, by, unit, parts, progress)
    named = _named_terms(corpus, counts, unit, wide)
    table = _keyness(wide, target, by, reference, unit, min_freq, bonferroni, alpha,
                     confidence=confidence, correction=correction, named_terms=named)
    return table if named is not None else drop_outlet_names(table, corpus, "term")


def _named_terms(corpus: Any, counts: pd.DataFrame | None, unit: str, wide: "_Wide") -> np.ndarray | None:
    """Which of ``wide``'s terms name an outlet, by id, for an index's own analyzer terms
    (``Corpus.outlet_name_term_ids``, stored with a saved index); None otherwise (the
    table's strings are tested)."""
    if not (isinstance(corpus, Corpus) and counts is None and unit == "term"):
        return None
    named = np.zeros(len(wide.names), dtype=bool)
    named[corpus.outlet_name_term_ids()] = True
    return named


def reference_groups(groups: Sequence[Any], target: Any, reference: Any, by: str, *,
                     what: str) -> list:
    """The reference groups of a target-vs-reference comparison (``keyness``,
    ``log_odds``): every other group for ``reference="rest"``, else the given
    value(s), each checked to be a group of ``by`` and not the target."""
    if isinstance(reference, str) and reference == "rest":
        ref_groups = [g for g in groups if g != target]
    else:
        ref_groups = _as_list(reference)
        unknown = [g for g in ref_groups if g not in set(groups)]
        if unknown:
            raise BingkaiInputError(f"reference value(s) {unknown!r} not found in column {by!r}",
                                    hint=f"use values from: {', '.join(map(str, groups))}")
        if target in ref_groups:
            raise BingkaiInputError(f"the reference includes the target {target!r}",
                                    hint='leave the target out of reference, or use reference="rest"')
    if not ref_groups:
        raise BingkaiInputError(f"no reference: {by!r} has only the value {target!r}",
                                hint=f"{what} needs at least two groups")
    return ref_groups


class _Wide:
    """Counts per group (rows, sorted) and term (columns, sorted), dense."""

    def __init__(self, groups: list, names: np.ndarray, matrix: np.ndarray, arrow_names: Any = None) -> None:
        self.groups, self.names, self.matrix = groups, names, matrix
        self.row_of = {g: k for k, g in enumerate(groups)}
        self._given = arrow_names  # ``names`` as Arrow strings, when the caller has them
        self._arrow = None

    def arrow_names(self):
        """``names`` as an Arrow string array (made once), and whether they are strictly
        increasing in code-point order (the index's and ``pd.factorize(sort=True)``'s are)."""
        if self._arrow is None:
            import pyarrow as pa  # heavy: imported where it is used
            import pyarrow.compute as pc

            arr = self._given if self._given is not None else pa.array(self.names.tolist(), type=pa.string())
            ordered = len(arr) < 2 or bool(pc.all(pc.less(arr[:-1], arr[1:])).as_py())
            self._arrow = (arr, ordered)
        return self._arrow


def _wide_counts(corpus: Any, counts: pd.DataFrame | None, by: str, unit: str,
                 parts: Sequence[str], progress: bool | None) -> _Wide:
    """The group x term count matrix: from the corpus index (built once per
    index and grouping) or from a ``counts=`` frame."""
    if counts is None and corpus is not None:
        index = as_corpus(corpus, progress=progress)
        if unit not in ("term", "lower"):
            raise BingkaiInputError(f"unknown unit {unit!r}", hint='use unit="term" or unit="lower"')

        def make() -> _Wide:
            groups, names, m = index.group_unit_counts(by, unit, tuple(parts))
            dense = m.toarray() if len(groups) * len(names) <= 20_000_000 else None
            if dense is None:
                raise BingkaiInputError(f"too many {by!r} groups for keyness ({len(groups)})",
                                        hint="group by a coarser column (outlet, period)")
            # the index's terms as Arrow strings (kept from the saved index's terms file)
            return _Wide(list(groups), np.asarray(names, dtype=object), dense,
                         index.term_names_arrow() if unit == "term" else None)
        return index.cached(("wide_counts", by, unit, tuple(parts)), make)
    grouped = _group_counts(corpus, counts, by, unit, parts, progress)
    g_codes, groups = pd.factorize(grouped[by], sort=True)
    t_codes, names = pd.factorize(grouped["term"], sort=True)
    dense = np.zeros((len(groups), len(names)), dtype=np.int64)
    np.add.at(dense, (g_codes, t_codes), grouped["count"].to_numpy(dtype=np.int64))
    return _Wide(groups.tolist(), np.asarray(names, dtype=object), dense)


def _keyness(wide: _Wide, target: Any, by: str, reference: Any, unit: str, min_freq: int,
             bonferroni: bool, alpha: float | None, *, confidence: float = 0.95,
             correction: str | None = None, named_terms: np.ndarray | None = None) -> pd.DataFrame:
    groups = wide.groups
    if target is None or target not in wide.row_of:
        raise BingkaiInputError(f"target {target!r} is not a value of column {by!r}",
                                hint=f"use one of: {', '.join(map(str, groups))}")
    ref_groups = reference_groups(groups, target, reference, by, what="keyness")
    if min_freq < 1:
        raise BingkaiInputError("min_freq must be >= 1", hint="terms absent from both sides cannot be tested")

    tgt = wide.matrix[wide.row_of[target]]
    ref = wide.matrix[[wide.row_of[g] for g in ref_groups]].sum(axis=0)
    c, d = float(tgt.sum()), float(ref.sum())
    keep = (tgt + ref) >= min_freq  # terms are sorted: the table's order
    if c == 0 or d == 0:
        raise BingkaiInputError(f"{'target' if c == 0 else 'reference'} has no counted {unit}s",
                                hint="check the group values and the unit")
    scores = stats.keyness(tgt[keep].astype(float), ref[keep].astype(float), c, d,
                            confidence=confidence, correction=correction)
    # Corpus counts are whole numbers: show them as such (stats.keyness itself
    # takes floats, so it also serves normalised or published counts).
    scores[["a", "b", "c", "d"]] = scores[["a", "b", "c", "d"]].astype("int64")
    names, ordered = wide.arrow_names()
    return _finish(scores, names.filter(keep), bonferroni, alpha, in_order=ordered,
                   named=None if named_terms is None else named_terms[keep])


def _every_group(corpus: Any, by: str, unit: str, min_freq: int, bonferroni: bool,
                 alpha: float | None, counts: pd.DataFrame | None, parts: Sequence[str],
                 progress: bool | None, *, confidence: float, correction: str | None) -> pd.DataFrame:
    """``keyness(target=None)``: every group of ``by`` against the rest, stacked."""
    wide = _wide_counts(corpus, counts, by, unit, parts, progress)
    names = outlet_name_terms(corpus)
    named = _named_terms(corpus, counts, unit, wide)
    stacked = _all_groups_at_once(wide, by, min_freq, bonferroni, alpha, names, named,
                                  confidence=confidence, correction=correction)
    if stacked is not None:
        return stacked
    frames = []
    for group in wide.groups:
        one = _keyness(wide, group, by, "rest", unit, min_freq, bonferroni, alpha,
                       confidence=confidence, correction=correction)
        one.insert(0, by, group)
        frames.append(one)
    if not frames:
        return drop_terms(pd.DataFrame(columns=[by, *KEYNESS_COLUMNS]), names, "term")
    return drop_terms(pd.concat(frames, ignore_index=True), names, "term")


# numpy sorts 16-bit integers by radix (stable, linear): ranks up to this many take that path
_RADIX_RANKS = 1 << 16


def _all_groups_at_once(wide: _Wide, by: str, min_freq: int, bonferroni: bool, alpha: float | None,
                        names: frozenset[str], named_terms: np.ndarray | None = None, *,
                        confidence: float, correction: str | None) -> pd.DataFrame | None:
    """What ``_every_group`` stacks (each group against the rest), computed for every group
    in one pass of whole arrays: one ``stats.keyness`` over groups x terms (the interval's
    comparisons = the terms of one comparison, as per group), one ordering (group, ll
    descending, term), one table; outlet names dropped by term, tested once per term (the
    loop's per-group tables, their concatenation and the test of 344k rows were most of
    keyness of every outlet, issue 24). None where the loop is kept: fewer than two groups,
    groups that are not all str, terms not in code-point order, a group with no counts (the
    loop raises the error), ``min_freq < 1``. ``named_terms``: which of ``wide``'s terms
    name an outlet, when known (else tested against ``names``)."""
    groups = wide.groups
    if len(groups) < 2 or min_freq < 1 or not all(isinstance(g, str) for g in groups):
        return None
    term_names, ordered = wide.arrow_names()
    if not ordered:
        return None
    m = wide.matrix
    total = m.sum(axis=0)
    c = m.sum(axis=1)
    d = int(total.sum()) - c  # the rest's total, as the loop sums it
    if (c == 0).any() or (d == 0).any():
        return None
    ids = np.flatnonzero(total >= min_freq)  # terms are sorted: the table's order
    n_groups, n_terms = len(groups), len(ids)
    a = m[:, ids].ravel()  # row r: group r // n_terms, term ids[r % n_terms]
    b = (total[ids][np.newaxis, :] - m[:, ids]).ravel()
    if named_terms is not None:  # known per term (``wide``'s columns)
        named = named_terms[ids] if names else np.zeros(n_terms, dtype=bool)
    else:
        named = (named_rows(pd.Series(term_names.take(pa.array(ids)).to_pylist(), dtype=object), names)
                 if names and n_terms else np.zeros(n_terms, dtype=bool))
    named_row = np.tile(named, n_groups)
    score = functools.partial(stats.keyness, confidence=confidence, correction=correction,
                              comparisons=max(n_terms, 1))

    def counts_at(r: np.ndarray) -> tuple[np.ndarray, ...]:
        """a, b, c, d of rows ``r`` as floats (what stats.keyness takes)."""
        g = r // n_terms
        return a[r].astype(float), b[r].astype(float), c[g].astype(float), d[g].astype(float)

    rows = np.flatnonzero(~named_row)
    # Every score is a function of (group, a, b) alone, and most terms share their counts
    # with many others (a word used once here and twice elsewhere): the scores are computed
    # once per distinct triple and gathered (344k rows, ~30k distinct triples at 1M words:
    # keyness of every outlet's first call, issue 24). The key is exact while it fits; the
    # full-size arrays stay integers (a first call's fresh pages cost this VM ~3-5 us each).
    a_max, b_max = int(a.max(initial=0)) + 1, int(b.max(initial=0)) + 1
    if n_groups * a_max * b_max < 2 ** 62:
        back, _ = pd.factorize(((rows // n_terms) * a_max + a[rows]) * b_max + b[rows])
        # factorize numbers the triples in order of first appearance: where the running
        # maximum of the codes grows is each triple's first row, in code order
        at = rows[np.flatnonzero(np.diff(np.maximum.accumulate(back), prepend=-1) > 0)]
    else:
        back, at = np.arange(len(rows)), rows
    distinct = score(*counts_at(at))
    # the table's order -- per group, ll descending, then term -- as one stable sort of the
    # rows (already in group, term order) by the rank of (group, ll) among the distinct
    # triples: a radix sort while the ranks fit in 16 bits (a 3-key lexsort was ~40 ms)
    ll_u = distinct["ll"].to_numpy()
    g_u = at // n_terms
    by_rank = np.lexsort((-ll_u, g_u))
    ll_s, g_s = ll_u[by_rank], g_u[by_rank]
    new = np.r_[True, (g_s[1:] != g_s[:-1]) | ~((ll_s[1:] == ll_s[:-1]) | (np.isnan(ll_s[1:]) & np.isnan(ll_s[:-1])))] \
        if len(by_rank) else np.zeros(0, dtype=bool)
    rank_u = np.empty(len(by_rank), dtype=np.int64)
    rank_u[by_rank] = np.cumsum(new) - 1
    rank = rank_u[back]
    order = np.argsort(rank.astype(np.uint16) if len(by_rank) <= _RADIX_RANKS else rank, kind="stable")
    rows = rows[order]
    for column in ("a", "b", "c", "d"):
        # Corpus counts are whole numbers: shown as such (converted on the distinct rows)
        distinct[column] = distinct[column].to_numpy().astype(np.int64)
    scores = distinct.take(back[order]).reset_index(drop=True)
    p_col = "p"
    if bonferroni:
        scores["p_bonferroni"] = np.minimum(scores["p"].to_numpy() * n_terms, 1.0)
        p_col = "p_bonferroni"
    named_at = np.flatnonzero(named_row)
    if alpha is None:
        dropped_ids = np.unique(ids[named_at % n_terms])
    else:
        # the named rows' own p values say which named terms the table would have shown
        p_named = score(*counts_at(named_at))["p"].to_numpy()
        if bonferroni:
            p_named = np.minimum(p_named * n_terms, 1.0)
        dropped_ids = np.unique(ids[named_at[p_named < alpha] % n_terms])
        chosen = scores[p_col].to_numpy() < alpha
        if not chosen.all():
            rows, scores = rows[chosen], scores.loc[chosen].reset_index(drop=True)
    dropped = sorted({str(t) for t in term_names.take(pa.array(dropped_ids)).to_pylist()})
    out = scores
    out.insert(0, "term", pd.array(term_names.take(pa.array(ids[rows % n_terms])), dtype="string"))
    out.insert(0, by, pd.array(pa.array(groups, type=pa.string()).take(pa.array(rows // n_terms)), dtype="str"))
    out.attrs["dropped_terms"] = dropped
    return out


def _k_groups(corpus: Any, by: str, unit: str, min_freq: int, counts: pd.DataFrame | None,
              parts: Sequence[str], progress: bool | None) -> pd.DataFrame:
    """``keyness(target=None, reference=None)``: the k-corpus LL of every term."""
    counted = _wide_counts(corpus, counts, by, unit, parts, progress)
    wide = pd.DataFrame(counted.matrix.T.astype(float), index=pd.Index(counted.names, name="term"),
                        columns=pd.Index(counted.groups, name=by))
    wide = wide[(wide > 0).any(axis=1)]
    sizes = wide.sum(axis=0).to_numpy(dtype=float)
    if min_freq < 1:
        raise BingkaiInputError("min_freq must be >= 1", hint="terms absent everywhere cannot be tested")
    wide = wide[wide.sum(axis=1) >= min_freq]
    out = stats.multi_keyness(wide, sizes)
    o = wide.to_numpy(dtype=float)
    # O_i/E_i ∝ O_i/N_i for a fixed term, so the top group is the highest relative frequency
    top_idx = np.argmax(o / sizes[np.newaxis, :], axis=1) if len(o) else np.array([], dtype=int)
    out.insert(1, "freq", o.sum(axis=1))
    out["top"] = wide.columns.take(top_idx).to_numpy()
    out = out.sort_values(["ll", "term"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    return drop_outlet_names(out, corpus, "term")


__all__: Sequence[str] = ["keyness"]
