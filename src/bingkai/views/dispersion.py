"""Dispersion: is a term spread over an outlet's articles or piled into a few?

A rate per 1,000 words cannot tell an outlet's habit from one article's
spike; dispersion measures can. Two layers, as in :mod:`bingkai.views.keyness`:

* :func:`bingkai.stats.dispersion` -- pure statistics on a term x part count table
  and the part sizes (dense or ``scipy.sparse``), vectorised;
* :func:`dispersion` -- the corpus-level view: parts are the articles of
  each group (``by="outlet"``), counted on the corpus index.

Definitions (``f`` = the term's total frequency, ``n`` = number of parts,
``f_i`` = its frequency in part ``i``, ``s_i`` = part ``i``'s size as a
proportion of the corpus, ``v_i = f_i / f``):

* **range** -- the number of parts with ``f_i > 0``.
* **DP** (Gries 2008, "Dispersions and adjusted frequencies in corpora",
  IJCL 13(4)): ``DP = ½ Σ_i |v_i - s_i|``; 0 = spread exactly in proportion
  to the part sizes, near 1 = all in one small part. Gries's worked example
  (five parts of 9, 10, 10, 10 and 11 words; "a" occurring 1, 2, 3, 4, 5
  times) gives DP = 0.18.
* **DPnorm** (Lijffijt & Gries 2012, "Correction to Stefan Th. Gries'
  'Dispersions and adjusted frequencies in corpora'", IJCL 17(1)):
  ``DP / (1 - min_i s_i)``, so that the maximum is 1 whatever the part sizes.
* **Juilland's D** (Juilland & Chang-Rodríguez 1964, in Gries's 2008
  formulation for parts of unequal size): with ``p_i = f_i / size_i`` (the
  relative frequency in part ``i``), ``V = sd(p) / mean(p)`` (population
  standard deviation), ``D = 1 - V / sqrt(n - 1)``; 1 = perfectly even.

Edge cases: a term with ``f = 0`` has ``range`` 0 and NaN for the three
measures (nothing to disperse); with one part (``n = 1``) DP is 0 and DPnorm
and D are NaN (``1 - min s`` and ``sqrt(n - 1)`` are 0). Parts of size 0
carry no text and are dropped before computing (they would make ``p_i``
undefined); the ``parts`` column says how many parts remained.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from bingkai import stats
from bingkai.constants import DEFAULT_PARTS
from bingkai.errors import BingkaiInputError
from bingkai.indexing.build import as_corpus
from bingkai.indexing.corpus import part_codes
from bingkai.stats import DISPERSION_COLUMNS
from bingkai.text.analyzer import default_analyzer

OVER = ("doc",)


# ---------------------------------------------------------------------------
# corpus level
# ---------------------------------------------------------------------------

def _warn_unknown(names: np.ndarray, wanted: Sequence[str]) -> None:
    """Warn about requested terms the corpus never has, with their analyzer
    form: "Serangan" or "menyerang" is almost always meant as the term
    "serang", and a silent row of zeros would read as a finding."""
    known = set(names.tolist())
    missing = [t for t in wanted if t not in known]
    if not missing:
        return
    analyzer = default_analyzer()
    notes = []
    for t in missing:
        form = analyzer(t)
        notes.append(f"{t!r} (analyzer term: {' '.join(map(repr, form))})" if form and form != [t]
                     else f"{t!r}")
    warnings.warn("bingkai: terms not found in the corpus, reported with freq 0: " + ", ".join(notes)
                  + ". Terms are analyzer terms (lower-case stems, as bingkai.terms gives them)",
                  stacklevel=3)


def dispersion(corpus: Any, *, terms: str | Sequence[str] | None = None, by: str | None = "outlet",
               over: str = "doc", parts: Sequence[str] = DEFAULT_PARTS,
               progress: bool | None = None) -> pd.DataFrame:
    """How evenly each term is spread over the articles of each group.

    Parameters
    ----------
    corpus : a :class:`bingkai.Corpus` (``bingkai.index(articles)``) or an
        articles frame (indexed on the way).
    terms : analyzer terms (the ``term`` of ``bingkai.terms``/``keyness``:
        lower-case, stemmed) to report, in any order; a term absent from a
        group gets ``freq`` 0 and NaN measures (absence is a finding, not an
        error; a term absent from the whole corpus also raises a warning
        naming its analyzer form). None = every term of the corpus.
    by : the article column whose groups are dispersed over separately
        ("outlet", "period", ...); None = the whole corpus as one group.
    over : what a corpus *part* is. Only ``"doc"``: each article is a part.
    parts : the fields counted (default the body, as ``keyness``).
    progress : progress bar for indexing an articles frame.

    Part sizes are the article's word tokens (``kind == "word"``) in
    ``parts``, the unit corpus linguists measure parts in (Gries 2008); the
    term frequencies are the analyzer's term counts in the same fields.
    Articles with no word token are not parts (size 0; see
    :func:`bingkai.stats.dispersion`).

    Returns
    -------
    DataFrame, one row per group x term: ``<by>`` (when ``by`` is given),
    ``term, freq, range, parts, dp, dp_norm, juilland_d`` (definitions in the
    module docstring; ``range`` counts articles with the term, ``parts`` the
    group's articles with text), sorted by ``<by>`` then ``term``.
    """
    if over not in OVER:
        raise BingkaiInputError(f"cannot disperse over {over!r}", hint='use over="doc" (each article is a part)')
    index = as_corpus(corpus, progress=progress)
    parts = tuple(parts)
    codes = part_codes(parts)
    arr = index.arrays
    words = (arr["kind"] == 0) & np.isin(arr["part"], codes)
    sizes_all = np.bincount(arr["doc"][words], minlength=len(index.articles)).astype(float)
    names = index.term_names
    if terms is None:
        wanted = names
        rows = np.arange(names.shape[0])
    else:
        wanted = np.asarray(sorted({terms} if isinstance(terms, str) else set(map(str, terms))), dtype=object)
        pos = np.minimum(np.searchsorted(names, wanted), max(names.shape[0] - 1, 0))
        found = names[pos] == wanted if names.shape[0] else np.zeros(wanted.shape[0], dtype=bool)
        rows = np.where(found, pos, names.shape[0])  # names.shape[0]: the all-zero row below
        _warn_unknown(names, wanted.tolist())
    # term x doc, plus one all-zero row standing in for a term the corpus lacks
    matrix = index.doc_term_matrix(parts=parts).T.tocsr()
    matrix = sparse.vstack([matrix, sparse.csr_matrix((1, matrix.shape[1]), dtype=np.int64)]).tocsr()[rows]

    if by is None:
        groups = [(None, np.arange(matrix.shape[1]))]
    else:
        doc_group, names_of_groups = index.group_codes(by)
        groups = [(g, np.flatnonzero(doc_group == k)) for k, g in enumerate(names_of_groups)]
    frames = []
    for group, docs in groups:
        sizes = sizes_all[docs]
        if not (sizes > 0).any():
            continue
        one = stats.dispersion(matrix[:, docs], sizes)
        one.insert(0, "term", pd.array(wanted, dtype="str"))
        if by is not None:
            one.insert(0, by, pd.array([str(group)] * len(one), dtype="str"))
        frames.append(one)
    columns = ([by] if by is not None else []) + ["term", *DISPERSION_COLUMNS]
    if not frames:
        return pd.DataFrame({c: pd.Series([], dtype="float64") for c in columns})
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(columns[:-len(DISPERSION_COLUMNS)], kind="mergesort", ignore_index=True)


POSITION_COLUMNS = ["term", "doc_id", "position", "doc_start", "doc_end"]


def occurrence_positions(corpus: Any, terms: str | Sequence[str], *, by: str | None = "outlet",
                         order: str | None = "published", parts: Sequence[str] = DEFAULT_PARTS,
                         progress: bool | None = None) -> pd.DataFrame:
    """Where each occurrence of ``terms`` falls in its group's running text:
    the data of a dispersion plot (``bingkai.report.figures.dispersion_plot``).

    Each group's articles are laid end to end, ordered by ``order`` (an
    article column, e.g. the publication date; ties and ``None`` by
    ``doc_id``), and measured in word tokens of ``parts`` (the part sizes of
    :func:`dispersion`). An occurrence's ``position`` is the number of word
    tokens before it in that running text divided by the group's total, so it
    lies in [0, 1) for every group whatever its size. ``doc_start`` /
    ``doc_end`` give the article's own span on the same scale (for drawing
    article boundaries).

    Returns one row per occurrence: ``<by>`` (when given), ``term, doc_id,
    position, doc_start, doc_end``, sorted by ``<by>``, ``term``,
    ``position``. Terms are analyzer terms, as in :func:`dispersion`.
    """
    index = as_corpus(corpus, progress=progress)
    wanted = sorted({terms} if isinstance(terms, str) else set(map(str, terms)))
    arr = index.arrays
    words = (arr["kind"] == 0) & np.isin(arr["part"], part_codes(tuple(parts)))
    arts = index.articles
    if order is not None and order not in arts.columns:
        raise BingkaiInputError(f"the corpus has no column {order!r} to order articles by",
                                hint=f"use one of: {', '.join(map(str, arts.columns))}, or order=None")
    if by is None:
        group = np.zeros(len(arts), dtype=np.int64)
        names: list = [None]
    else:
        group, names = index.group_codes(by)
    keys = [arts["doc_id"].astype(str).to_numpy(dtype=object)]
    if order is not None:
        keys.append(arts[order].astype(str).to_numpy(dtype=object))
    keys.append(group)
    doc_order = np.lexsort(keys)  # by group, then order column, then doc_id
    sizes = np.bincount(arr["doc"][words], minlength=len(arts)).astype(np.int64)
    # running word offset of each article within its group
    offset = np.zeros(len(arts), dtype=np.int64)
    total = np.zeros(len(names), dtype=np.int64)
    sorted_sizes = sizes[doc_order]
    sorted_group = group[doc_order]
    cum = np.cumsum(sorted_sizes) - sorted_sizes
    first_of_group = np.r_[True, sorted_group[1:] != sorted_group[:-1]] if len(arts) else np.zeros(0, bool)
    base = np.maximum.accumulate(np.where(first_of_group, cum, 0)) if len(arts) else cum
    offset[doc_order] = cum - base
    np.add.at(total, group[group >= 0], sizes[group >= 0])
    # word index of each token within its article (over the counted words only)
    word_pos = np.cumsum(words) - 1
    doc_first_word = np.r_[0, np.cumsum(sizes)][:-1]
    term_ids = np.searchsorted(index.term_names, np.asarray(wanted, dtype=object))
    known = [(t, k) for t, k in zip(wanted, term_ids)
             if k < len(index.term_names) and index.term_names[k] == t]
    _warn_unknown(index.term_names, wanted)
    rows = []
    doc_ids = arts["doc_id"].astype(str).to_numpy(dtype=object)
    for term, k in known:
        hit = np.flatnonzero((arr["term"] == k) & words & (group[arr["doc"]] >= 0))
        d = arr["doc"][hit]
        g = group[d]
        within = word_pos[hit] - doc_first_word[d]
        denom = np.maximum(total[g], 1).astype(float)
        one = pd.DataFrame({"term": term, "doc_id": doc_ids[d],
                            "position": (offset[d] + within) / denom,
                            "doc_start": offset[d] / denom, "doc_end": (offset[d] + sizes[d]) / denom})
        if by is not None:
            one.insert(0, by, np.asarray([str(x) for x in names], dtype=object)[g] if len(g) else [])
        rows.append(one)
    columns = ([by] if by is not None else []) + POSITION_COLUMNS
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype="float64" if c.startswith(("position", "doc_s", "doc_e"))
                                          else "str") for c in columns})
    out = pd.concat(rows, ignore_index=True)
    for c in ([by] if by is not None else []) + ["term", "doc_id"]:
        out[c] = out[c].astype("str")
    return out.sort_values(columns[:-4] + ["position"], kind="mergesort", ignore_index=True)[columns]


__all__: Sequence[str] = ["dispersion", "occurrence_positions"]
