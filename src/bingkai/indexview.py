"""What the dispersion, n-gram, log-odds and query views read from a corpus.

Every one of those views accepts a :class:`bingkai.Corpus` (the index of
issue 10: ``bingkai.index(articles)``) or an articles frame. This module is
the one place that tells them apart:

* :func:`doc_term_counts` -- the document x term count matrix, the term
  names and each document's size in word tokens;
* :func:`token_view` -- the per-token arrays, the vocabulary (lower, kind,
  stem per type) and the label occurrences with their token positions.

A Corpus is read as it is (its arrays are the contract of issue 10). An
articles frame is indexed with ``bingkai.index`` when that exists, otherwise
(until the index lands) the same arrays are built from ``bingkai.tokens``,
``bingkai.terms`` and ``bingkai.label_occurrences``, so the views' cores
never depend on which path fed them.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from .errors import BingkaiInputError

PARTS = ("title", "subtitle", "body")
KINDS = ("word", "number", "punct")
VOICES = ("narrator", "quoted")
FIELD = {"title": "title", "subtitle": "subtitle", "body": "text"}


def _is_index(corpus: Any) -> bool:
    return hasattr(corpus, "arrays") and hasattr(corpus, "vocab") and hasattr(corpus, "articles")


def _indexed(corpus: Any, progress: bool | None) -> Any:
    """A Corpus for ``corpus`` when the index module exists, else None."""
    if _is_index(corpus):
        return corpus
    if importlib.util.find_spec("bingkai.indexing") is None:
        return None
    from . import indexing  # type: ignore[attr-defined]  # issue 10, lands on main separately

    return indexing.index(corpus, progress=progress)


def check_parts(parts: Sequence[str] | str) -> tuple[str, ...]:
    """``parts`` as a tuple in document order; unknown names are an input error."""
    parts = (parts,) if isinstance(parts, str) else tuple(parts)
    bad = [p for p in parts if p not in PARTS]
    if bad or not parts:
        raise BingkaiInputError(f"unknown part(s) {bad!r}" if bad else "no parts requested",
                                hint=f"choose parts from {list(PARTS)}")
    return tuple(p for p in PARTS if p in parts)


def _articles(corpus: pd.DataFrame) -> pd.DataFrame:
    from .corpus import check_frame

    order = check_frame(corpus, ["doc_id", "outlet"])
    out = corpus.iloc[order].reset_index(drop=True)
    for column in ("title", "subtitle", "text"):
        if column not in out.columns:
            out[column] = ""
    if "period" not in out.columns:
        out["period"] = ""
    return out


# ---------------------------------------------------------------------------
# document x term counts
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DocTermCounts:
    """``matrix[d, t]`` = count of term ``term_names[t]`` in article ``d``
    (row ``d`` of ``articles``, sorted by doc_id); ``sizes[d]`` = its word
    tokens in the counted parts."""

    articles: pd.DataFrame
    term_names: np.ndarray
    matrix: sparse.csr_matrix
    sizes: np.ndarray


def doc_term_counts(corpus: Any, *, parts: Sequence[str] = ("body",),
                    progress: bool | None = None) -> DocTermCounts:
    """Analyzer-term counts per article and word tokens per article."""
    parts = check_parts(parts)
    index = _indexed(corpus, progress)
    if index is not None:
        arr = index.arrays
        codes = [PARTS.index(p) for p in parts]
        words = (arr["kind"] == 0) & np.isin(arr["part"], codes)
        sizes = np.bincount(arr["doc"][words], minlength=len(index.articles)).astype(float)
        return DocTermCounts(index.articles, np.asarray(index.term_names, dtype=object),
                             sparse.csr_matrix(index.doc_term_matrix(parts=parts), dtype=np.int64), sizes)
    from . import analyzer, text

    articles = _articles(corpus)
    counted = analyzer.terms(articles, parts=parts, progress=progress)
    names, codes = np.unique(counted["term"].to_numpy(dtype=object).astype(str), return_inverse=True)
    doc_pos = pd.Index(articles["doc_id"].astype(str)).get_indexer(counted["doc_id"].astype(str))
    matrix = sparse.csr_matrix(
        (counted["count"].to_numpy(dtype=np.int64), (doc_pos, codes)),
        shape=(len(articles), names.shape[0]), dtype=np.int64)
    toks = text.tokens(articles, parts=parts, progress=progress)
    words = toks[toks["kind"] == "word"]
    pos = pd.Index(articles["doc_id"].astype(str)).get_indexer(words["doc_id"].astype(str))
    sizes = np.bincount(pos, minlength=len(articles)).astype(float)
    return DocTermCounts(articles, names.astype(object), matrix, sizes)


# ---------------------------------------------------------------------------
# token arrays
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TokenView:
    """The index's token layer (issue 10's contract), whichever path built it.

    ``arrays``: equal-length int arrays ``doc, part, sent, i, start, end,
    kind, voice, type`` (tokens in document order); ``vocab``: one row per
    type with ``lower, kind, stem``; ``occurrences``: label occurrences
    (``label, frame, actor, voice, ...``) with ``tok`` (array position of
    the first token) and ``ntok``.
    """

    articles: pd.DataFrame
    vocab: pd.DataFrame
    arrays: dict[str, np.ndarray]
    occurrences: pd.DataFrame

    def __len__(self) -> int:
        return int(self.arrays["doc"].shape[0])

    def text_between(self, first: np.ndarray, last: np.ndarray) -> np.ndarray:
        """The original text from token ``first`` to token ``last`` (array
        positions, same document part), as printed."""
        arr = self.arrays
        out = np.empty(first.shape[0], dtype=object)
        fields = {p: self.articles[FIELD[p]].fillna("").astype(str).to_numpy(dtype=object) for p in PARTS}
        for k, (f, la) in enumerate(zip(first.tolist(), last.tolist())):
            field = fields[PARTS[int(arr["part"][f])]][int(arr["doc"][f])]
            out[k] = field[int(arr["start"][f]):int(arr["end"][la])]
        return out


def token_view(corpus: Any, *, progress: bool | None = None) -> TokenView:
    """The per-token arrays of every part (title, subtitle, body)."""
    index = _indexed(corpus, progress)
    if index is not None:
        vocab = index.vocab[["lower", "kind", "stem"]].reset_index(drop=True)
        return TokenView(index.articles, vocab, dict(index.arrays), index.occurrences)
    from . import framing, text
    from .stemming import stem

    articles = _articles(corpus)
    toks = text.tokens(articles, progress=progress)
    codes, lowers = pd.factorize(toks["lower"].to_numpy(dtype=object))
    kinds = toks["kind"].to_numpy(dtype=object)
    type_kind = np.empty(lowers.shape[0], dtype=object)
    type_kind[codes] = kinds  # a lower form has one kind (it is decided by its first character)
    stems = np.asarray([stem(w) if k == "word" else w for w, k in zip(lowers, type_kind)], dtype=object)
    order = np.argsort(lowers.astype(str), kind="stable")  # type ids in sorted order: deterministic
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    vocab = pd.DataFrame({"lower": pd.array(lowers[order].astype(str), dtype="string"),
                          "kind": pd.array(type_kind[order].astype(str), dtype="string"),
                          "stem": pd.array(stems[order].astype(str), dtype="string")})
    doc = pd.Index(articles["doc_id"].astype(str)).get_indexer(toks["doc_id"].astype(str))
    arrays = {
        "doc": doc.astype(np.int32),
        "part": pd.Index(PARTS).get_indexer(toks["part"]).astype(np.int8),
        "para": toks["para"].to_numpy(dtype=np.int32),
        "sent": toks["sent"].to_numpy(dtype=np.int32),
        "i": toks["i"].to_numpy(dtype=np.int32),
        "start": toks["start"].to_numpy(dtype=np.int32),
        "end": toks["end"].to_numpy(dtype=np.int32),
        "kind": pd.Index(KINDS).get_indexer(toks["kind"]).astype(np.int8),
        "voice": pd.Index(VOICES).get_indexer(toks["voice"]).astype(np.int8),
        "type": rank[codes].astype(np.int32),
    }
    occ = framing.label_occurrences(articles, progress=progress)
    occ = _with_token_positions(occ, articles, arrays)
    return TokenView(articles, vocab, arrays, occ)


def _with_token_positions(occ: pd.DataFrame, articles: pd.DataFrame,
                          arrays: dict[str, np.ndarray]) -> pd.DataFrame:
    """Add ``tok`` (first token's array position) and ``ntok`` to label
    occurrences: the tokens whose character span overlaps the match."""
    occ = occ.reset_index(drop=True)
    if occ.empty:
        return occ.assign(tok=pd.Series([], dtype="int64"), ntok=pd.Series([], dtype="int64"))
    doc = pd.Index(articles["doc_id"].astype(str)).get_indexer(occ["doc_id"].astype(str))
    part = pd.Index(PARTS).get_indexer(occ["part"])
    # tokens are sorted by (doc, part, start): a lexicographic search key
    key = (arrays["doc"].astype(np.int64) * 4 + arrays["part"]) * (1 << 31) + arrays["start"]
    base = (doc.astype(np.int64) * 4 + part) * (1 << 31)
    lo = np.searchsorted(key, base + occ["start"].to_numpy(dtype=np.int64), "left")
    # the match is tokens [lo, hi): those starting before the match's end
    hi = np.searchsorted(key, base + occ["end"].to_numpy(dtype=np.int64), "left")
    return occ.assign(tok=lo.astype(np.int64), ntok=(hi - lo).astype(np.int64))
