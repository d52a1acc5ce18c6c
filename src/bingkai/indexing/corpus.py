"""The corpus index: tokenise once, answer every question from arrays.

``bingkai.index(articles)`` makes a :class:`Corpus`: one pass over the
articles that normalises, tokenises, splits sentences, marks voice, stems
each *type* once, decides each token's analyzer term and matches the
lexicon's labels and actors. The result is a set of compact columnar arrays
(one entry per token) plus small tables (one row per type, per term, per
article, per label occurrence). Every view (``tokens``, ``kwic``,
``label_rates``, ``keyness``, ``tfidf``, ...) reads these arrays instead of
re-deriving them from raw text, so a question costs a few array operations.

Layout (see :class:`Corpus`): tokens are stored in document order (doc, then
part title < subtitle < body, then position). A token's *type* is its exact
surface string (case and all); the vocabulary table gives each type its
normalised lower-case form, kind, stopword flag and stem. A token's *term*
is what :class:`bingkai.Analyzer` counts for it (the stem, or the lower-case
form of a proper noun, or nothing for stopwords, punctuation and numbers).

Building is a map over partitions of the articles (each partition tokenised
and matched on its own, with its own local vocabulary) followed by a merge
of the vocabularies, sorted so that ids do not depend on how the articles
were partitioned: the same articles give the same index bytes whether they
were built in one process, in ``n_jobs`` processes or on a Dask cluster.

On disk an index is a folder of Parquet files plus ``index.json`` holding
their SHA-256 checksums; :meth:`Corpus.load` verifies them and refuses a
stale or corrupt index. With ``cache_dir`` (or ``BINGKAI_CACHE_DIR``),
``index()`` keys the folder by a hash of the articles' content, the package
version, the lexicon, the protected forms and the stopwords, so a second
call on the same input loads instead of rebuilding.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bingkai import __version__
from bingkai.constants import KINDS, PARTS, PART_COLUMNS, VOICES
from bingkai.errors import BingkaiInputError
from bingkai.frames import check_frame
from bingkai.indexing.summary import corpus_html
from bingkai.lexicon import attribution
from bingkai.lexicon.matching import Matchers, compiled_matchers, match_document, occurrence_frame
from bingkai.lexicon.packs import Lexicon, resolve_actors, resolve_labels, resolve_lexicon
from bingkai.parallel import check_n_jobs, chunked_map
from bingkai.progress import progress_bar
from bingkai.text.normalize import align
from bingkai.text.stemming import Stemmer, default_stemmer
from bingkai.text.stopwords import stopwords
from bingkai.text.tokens import TOKEN_COLUMNS, document_arrays, field_text

# Per-token arrays and their dtypes: 35 bytes per token in memory.
TOKEN_ARRAYS = {"doc": np.int32, "part": np.int8, "para": np.int32, "sent": np.int32,
                "i": np.int32, "start": np.int32, "end": np.int32, "kind": np.int8,
                "voice": np.int8, "type": np.int32, "term": np.int32}
# Bumped whenever the on-disk layout or a derivation rule changes: an index
# written by another format version is rebuilt, never reinterpreted.
FORMAT = 1
CACHE_ENV = "BINGKAI_CACHE_DIR"
# Documents per partition of the build (one task of the process pool or of
# the Dask cluster): large enough that per-task overhead is small, small
# enough that two workers share the work evenly on a few thousand articles.
_PARTITION_DOCS = 500

# Analyzer token classes (same meaning as in bingkai.text.analyzer)
_SENTENCE_END = frozenset({".", "!", "?", "…"})
_OPENERS = frozenset({'"', "'", "(", "["})
_TITLE_CASE_SHARE = 0.8


class Corpus:
    """An immutable index of a corpus (build it with :func:`bingkai.index`).

    Attributes
    ----------
    articles : DataFrame
        One row per article, sorted by ``doc_id``; row position ``d`` is the
        document number used by the token arrays. All metadata columns of the
        input frame.
    vocab : DataFrame
        One row per token type (row position = type id, types sorted by
        surface string): ``surface``, ``lower`` (normalised lower case),
        ``kind`` (word/number/punct), ``stop`` (bool), ``stem`` (str; the
        lower form for non-words) and ``freq`` (int64, all parts).
    term_names : ndarray of str
        The analyzer terms, sorted (position = term id).
    arrays : dict of ndarray
        One entry per token, all the same length, in document order:
        ``doc`` (int32), ``part`` (int8: 0 title, 1 subtitle, 2 body),
        ``para``, ``sent`` (document-wide), ``i`` (document-wide), ``start``,
        ``end`` (character offsets into the part's field), ``kind`` (int8,
        index into word/number/punct), ``voice`` (int8: 0 narrator, 1
        quoted), ``type`` (vocab id), ``term`` (term id, -1 where the
        analyzer drops the token). Read-only.
    occurrences : DataFrame
        The label occurrences of the index's lexicon (the columns of
        :func:`bingkai.label_occurrences`) plus ``tok`` (position of the
        occurrence's first token in the arrays) and ``ntok``.
    """

    def __init__(self, articles: pd.DataFrame, arrays: Mapping[str, np.ndarray],
                 vocab: pd.DataFrame, term_names: np.ndarray, occurrences: pd.DataFrame,
                 part_sents: np.ndarray, meta: Mapping[str, Any], *, lexicon: Any = None) -> None:
        self._articles = articles.reset_index(drop=True)
        self._arrays = {k: np.ascontiguousarray(arrays[k], dtype=t) for k, t in TOKEN_ARRAYS.items()}
        for a in self._arrays.values():
            a.flags.writeable = False
        self._vocab = vocab.reset_index(drop=True)
        self._term_names = np.asarray(term_names, dtype=object)
        self._occurrences = occurrences.reset_index(drop=True)
        self._part_sents = np.asarray(part_sents, dtype=np.int64).reshape(-1, len(PARTS))
        self._meta = dict(meta)
        self._derived: dict[Any, Any] = {}  # lazily computed helper arrays (views)
        # the lexicon given to bingkai.index (None: the default pack): what queries on this
        # index look actors up in (memory only; an index loaded from disk has None)
        self._lexicon: Any = lexicon

    # -- read-only data -------------------------------------------------------

    @property
    def articles(self) -> pd.DataFrame:
        return self._articles

    @property
    def vocab(self) -> pd.DataFrame:
        return self._vocab

    @property
    def term_names(self) -> np.ndarray:
        return self._term_names

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        return dict(self._arrays)

    @property
    def occurrences(self) -> pd.DataFrame:
        return self._occurrences

    @property
    def lexicon(self) -> Any:
        """The lexicon this index was built with, as given to :func:`bingkai.index`
        (None: the packaged default). Not stored on disk: a loaded index answers
        ``actor``/``speaker`` CQL queries with the default pack unless given
        ``lexicon=``."""
        return self._lexicon

    @property
    def key(self) -> str:
        """Content hash of the inputs (articles, version, lexicon, stemmer)."""
        return str(self._meta.get("key", ""))

    @property
    def lexicon_key(self) -> str:
        return str(self._meta.get("lexicon_key", ""))

    def require_known(self, value: str, by: str) -> None:
        """Raise unless ``value`` is a label (``by="label"``) or an actor id
        (``by="actor"``) of the lexicon this index was built with: an
        unknown id in a query is a typo, not "no hits"."""
        known = self._meta.get("labels" if by == "label" else "actors", [])
        if value.strip().lower() not in known:
            what = "a label" if by == "label" else "an actor id"
            files = [f for f in self._meta.get("lexicon_files", [])
                     if f.endswith("labels.csv" if by == "label" else "actors.csv")]
            where = f"add it to {' or '.join(files)} (a copy of the pack folder) and " if files else ""
            raise BingkaiInputError(
                f"{value!r} is not {what} in this index's lexicon",
                hint=f"use one of: {', '.join(known)}; or {where}index the corpus with that lexicon "
                     "(bingkai.index(articles, lexicon=bingkai.load_lexicon('folder/')))")

    @property
    def n_tokens(self) -> int:
        return int(len(self._arrays["doc"]))

    def __len__(self) -> int:
        return len(self._articles)

    def __repr__(self) -> str:
        outlets = self._articles["outlet"].nunique() if "outlet" in self._articles else 0
        return (f"<bingkai.Corpus: {len(self)} articles, {self.n_tokens:,} tokens, "
                f"{len(self._vocab):,} types, {outlets} outlets, "
                f"{len(self._occurrences):,} label occurrences>")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Corpus):
            return NotImplemented
        return (all(np.array_equal(self._arrays[k], other._arrays[k]) for k in TOKEN_ARRAYS)
                and self._articles.equals(other._articles)
                and self._vocab.equals(other._vocab)
                and np.array_equal(self._term_names, other._term_names)
                and self._occurrences.equals(other._occurrences)
                and np.array_equal(self._part_sents, other._part_sents))

    __hash__ = None  # type: ignore[assignment]  # mutable-looking container: no hashing

    # -- derived arrays (computed once per Corpus) -----------------------------

    def cached(self, name: Any, make) -> Any:
        try:
            return self._derived[name]
        except KeyError:
            value = self._derived[name] = make()
            return value

    def lower_ids(self) -> tuple[np.ndarray, np.ndarray]:
        """``(lower_names, lower_of_type)``: the distinct lower forms (sorted)
        and, per type, the index of its lower form."""
        def make():
            names, codes = np.unique(self._vocab["lower"].to_numpy(dtype=object).astype(str),
                                     return_inverse=True)
            return names.astype(object), codes.astype(np.int32)
        return self.cached("lower_ids", make)

    def token_lower(self) -> np.ndarray:
        """Per token, the id of its lower form (into ``lower_ids()[0]``)."""
        return self.cached("token_lower", lambda: self.lower_ids()[1][self._arrays["type"]])

    def field_list(self, part: int) -> list[str]:
        """The texts of part ``part`` (0 title, 1 subtitle, 2 body) of every
        document, as a Python list (indexing a list is ~100x cheaper than a
        DataFrame cell: kwic cuts thousands of lines from it)."""
        def make():
            col = self._articles[PART_COLUMNS[PARTS[part]]]
            return [v if isinstance(v, str) else "" for v in col.tolist()]
        return self.cached(("field", part), make)

    def fields(self, d: int, part: int) -> str:
        """The text of part ``part`` (0 title, 1 subtitle, 2 body) of document ``d``."""
        return self.field_list(part)[d]

    # -- views ----------------------------------------------------------------

    def tokens(self, parts: Sequence[str] | str = PARTS) -> pd.DataFrame:
        """The token table of :func:`bingkai.tokens` for ``parts``, from the
        arrays (same rows, columns and dtypes)."""
        codes = part_codes(parts)
        a = self._arrays
        keep = np.isin(a["part"], codes)
        idx = np.flatnonzero(keep)
        doc = a["doc"][idx].astype(np.int64)
        part = a["part"][idx].astype(np.int64)
        # i: position among the kept tokens of the document
        if len(idx):
            first = np.r_[True, doc[1:] != doc[:-1]]
            starts = np.flatnonzero(first)
            run = np.repeat(starts, np.diff(np.r_[starts, len(idx)]))
            i = np.arange(len(idx), dtype=np.int64) - run
        else:
            i = np.zeros(0, dtype=np.int64)
        # sent: document-wide over the kept parts only (bingkai.tokens numbers
        # sentences through the requested parts): drop earlier unkept parts'
        # sentences
        unkept = np.array([k not in codes for k in range(len(PARTS))])
        before = np.cumsum(self._part_sents * unkept, axis=1) - self._part_sents * unkept
        sent = a["sent"][idx].astype(np.int64) - before[doc, part]
        if not len(idx):
            return pd.DataFrame({c: pd.Series([], dtype=("int64" if c in
                                                         ("para", "sent", "i", "start", "end")
                                                         else "str")) for c in TOKEN_COLUMNS})
        start = a["start"][idx].astype(np.int64)
        end = a["end"][idx].astype(np.int64)
        surface = self._vocab["surface"].to_numpy(dtype=object)
        lower = self._vocab["lower"].to_numpy(dtype=object)
        types = a["type"][idx]
        doc_ids = self._articles["doc_id"].astype(str).to_numpy(dtype=object)
        outlets = self._articles["outlet"].map(lambda v: "" if pd.isna(v) else str(v)) \
            .to_numpy(dtype=object)
        return pd.DataFrame({
            "doc_id": pd.array(doc_ids[doc], dtype="str"),
            "outlet": pd.array(outlets[doc], dtype="str"),
            "part": pd.array(np.asarray(PARTS, dtype=object)[part], dtype="str"),
            "para": a["para"][idx].astype(np.int64),
            "sent": sent,
            "i": i,
            "token": pd.array(surface[types], dtype="str"),
            "lower": pd.array(lower[types], dtype="str"),
            "kind": pd.array(np.asarray(KINDS, dtype=object)[a["kind"][idx]], dtype="str"),
            "start": start,
            "end": end,
            "voice": pd.array(np.asarray(VOICES, dtype=object)[a["voice"][idx]], dtype="str"),
        })

    def doc_term_matrix(self, parts: Sequence[str] | str = ("body",)):
        """Term counts per document: ``scipy.sparse.csr_matrix`` of shape
        ``(len(corpus), len(term_names))``, int64 (the counts of
        :func:`bingkai.terms`)."""
        from scipy import sparse

        codes = tuple(part_codes(parts))

        def make():
            a = self._arrays
            keep = (a["term"] >= 0) & np.isin(a["part"], codes)
            m = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.int64),
                                   (a["doc"][keep], a["term"][keep])),
                                  shape=(len(self), len(self._term_names)))
            m.sum_duplicates()
            m.sort_indices()
            return m
        return self.cached(("dtm", codes), make)

    def unit_ids(self, unit: str = "term", parts: Sequence[str] | str = ("body",)
                 ) -> tuple[np.ndarray, np.ndarray]:
        """``(ids, names)``: per token the id of its counting unit (-1 when
        the token is not counted or not in ``parts``) and the unit names.

        ``unit="term"``: analyzer terms (what :func:`bingkai.terms` counts);
        ``"lower"``: lower-cased word tokens (``kind == "word"``).
        """
        codes = tuple(part_codes(parts))

        def make():
            a = self._arrays
            in_parts = np.isin(a["part"], codes)
            if unit == "term":
                ids = np.where(in_parts, a["term"], -1)
                return ids.astype(np.int64), self._term_names
            if unit == "lower":
                names, _ = self.lower_ids()
                ids = np.where(in_parts & (a["kind"] == 0), self.token_lower(), -1)
                return ids.astype(np.int64), names
            raise BingkaiInputError(f"unknown unit {unit!r}", hint='use unit="term" or unit="lower"')
        return self.cached(("unit", unit, codes), make)

    def group_codes(self, by: str) -> tuple[np.ndarray, list]:
        """``(codes, groups)``: per article the index of its ``by`` value in
        the sorted list ``groups`` (-1 for a missing value)."""
        if by not in self._articles.columns:
            raise BingkaiInputError(f"the corpus has no column {by!r} to group by",
                                    hint=f"use one of: {', '.join(map(str, self._articles.columns))}")

        def make():
            col = self._articles[by]
            present = col.notna().to_numpy()
            groups = sorted(col[present].unique().tolist())
            pos = {g: k for k, g in enumerate(groups)}
            codes = np.array([pos[v] if ok else -1 for v, ok in zip(col.tolist(), present)],
                             dtype=np.int64)
            return codes, groups
        return self.cached(("groups", by), make)

    def group_unit_counts(self, by: str, unit: str = "term",
                          parts: Sequence[str] | str = ("body",)):
        """Counts of each unit per ``by`` group: ``(groups, names, matrix)``,
        ``matrix`` a ``scipy.sparse.csr_matrix`` of shape (groups, names)."""
        from scipy import sparse

        codes_parts = tuple(part_codes(parts))

        def make():
            ids, names = self.unit_ids(unit, parts)
            codes, groups = self.group_codes(by)
            g = codes[self._arrays["doc"]]
            keep = (ids >= 0) & (g >= 0)
            if len(groups) * len(names) <= 20_000_000:
                # few groups (outlets, periods): one bincount, no sort
                dense = np.bincount(g[keep] * len(names) + ids[keep],
                                    minlength=len(groups) * len(names))
                m = sparse.csr_matrix(dense.reshape(len(groups), len(names)))
            else:
                m = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.int64),
                                       (g[keep], ids[keep])), shape=(len(groups), len(names)))
                m.sum_duplicates()
                m.sort_indices()
            return groups, names, m
        return self.cached(("group_counts", by, unit, codes_parts), make)

    def where(self, **filters: Any) -> Corpus:
        """A subset of the articles, without re-tokenising.

        Each keyword names an ``articles`` column; its value is one value, a
        list/set of values, or a callable taking the column and returning a
        boolean mask. ``corpus.where(outlet="Tempo")``,
        ``corpus.where(outlet=["Tempo", "Kompas"], period="2024")``,
        ``corpus.where(published=lambda s: s >= "2024-12-01")``. Type and
        term ids stay those of the full index (frequencies are the subset's).
        """
        return self._subset(_filter_mask(self._articles, filters))

    def _subset(self, mask: np.ndarray) -> Corpus:
        docs = np.flatnonzero(mask)
        renum = np.full(len(self), -1, dtype=np.int64)
        renum[docs] = np.arange(len(docs))
        a = self._arrays
        keep = mask[a["doc"]]
        arrays = {k: v[keep] for k, v in a.items()}
        arrays["doc"] = renum[arrays["doc"]].astype(np.int32)
        new_pos = np.cumsum(keep) - 1
        occ = self._occurrences
        occ = occ[occ["doc_id"].isin(self._articles["doc_id"].iloc[docs])].copy()
        occ["tok"] = new_pos[occ["tok"].to_numpy()].astype(np.int64)
        vocab = self._vocab.copy()
        vocab["freq"] = np.bincount(arrays["type"], minlength=len(vocab)).astype(np.int64)
        meta = dict(self._meta)
        meta["key"] = _sha(self.key, *map(str, docs.tolist()))
        sub = Corpus(self._articles.iloc[docs], arrays, vocab, self._term_names, occ,
                     self._part_sents[docs], meta, lexicon=self._lexicon)
        return sub

    # -- disk -----------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the index to the folder ``path`` (created; replaced
        atomically if it exists): Parquet files and ``index.json`` with their
        SHA-256 checksums. Returns the folder."""
        return _save(self, Path(path))

    @classmethod
    def load(cls, path: str | os.PathLike[str], **filters: Any) -> Corpus:
        """Read an index written by :meth:`save`, verifying every checksum
        (a corrupt or partly written index raises ``BingkaiInputError``).

        ``filters`` (as for :meth:`where`) load only those articles: the
        token file is read with a Parquet filter on the document number, so
        only the row groups (1M tokens each, in document order) that hold
        them are read, and an index larger than memory can be queried one
        outlet or period at a time. ``Corpus.load(p, outlet="Tempo")``
        equals ``Corpus.load(p).where(outlet="Tempo")``.
        """
        return _load(Path(path), filters)

    def _repr_html_(self) -> str:
        return corpus_html(self)


def _filter_mask(arts: pd.DataFrame, filters: Mapping[str, Any]) -> np.ndarray:
    """Articles kept by ``where``-style filters (see :meth:`Corpus.where`)."""
    mask = np.ones(len(arts), dtype=bool)
    for column, value in filters.items():
        if column not in arts.columns:
            raise BingkaiInputError(f"the corpus has no column {column!r}",
                                    hint=f"filter on one of {', '.join(map(str, arts.columns))}")
        col = arts[column]
        if callable(value):
            m = np.asarray(value(col), dtype=bool)
        elif isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Series, pd.Index)):
            m = col.isin(list(value)).to_numpy()
        else:
            m = (col == value).fillna(False).to_numpy(dtype=bool)
        if m.shape != mask.shape:
            raise BingkaiInputError(f"the filter on {column!r} did not give one boolean per article")
        mask &= m
    return mask


def part_codes(parts: Sequence[str] | str) -> list[int]:
    if isinstance(parts, str):
        parts = (parts,)
    parts = tuple(parts)
    bad = [p for p in parts if p not in PARTS]
    if bad or not parts:
        raise BingkaiInputError(f"unknown part(s) {bad!r}" if bad else "no parts requested",
                                hint=f"choose parts from {list(PARTS)}")
    return sorted(PARTS.index(p) for p in set(parts))


# ---------------------------------------------------------------------------
# building
# ---------------------------------------------------------------------------

def index(articles: pd.DataFrame | Corpus, *, lexicon: Any = None,
          cache_dir: str | os.PathLike[str] | None = None, n_jobs: int = 1,
          progress: bool | None = None, client: Any = None) -> Corpus:
    """Index a corpus once; every view then reads the index.

    Parameters
    ----------
    articles : DataFrame or Corpus
        The articles frame from ``bingkai.load_corpus`` / ``bingkai.read_articles``
        (``doc_id, outlet, title, subtitle, text`` and any metadata). A
        ``Corpus`` is returned as it is when its lexicon is the one asked for.
    lexicon : optional
        The labels and actors to match: None for the packaged lexicon, a
        ``bingkai.Lexicon`` (``bingkai.load_lexicon(...)``), or a
        ``(labels, actors)`` pair of what ``label_occurrences`` accepts.
    cache_dir : path, optional
        Folder for indexes on disk (default: ``BINGKAI_CACHE_DIR`` if set,
        else memory only). The index is stored under a hash of the articles'
        content, the package version, the lexicon, the protected forms and the
        stopwords; a later call with the same inputs loads it (checksums
        verified; a corrupt one is rebuilt with a warning).
    n_jobs : int
        Worker processes for the build (``-1``: one per CPU). The index is
        the same whatever ``n_jobs`` is.
    progress : bool, optional
        Progress bar switch (None: ``BINGKAI_PROGRESS``).
    client : dask.distributed.Client, optional
        Run the per-partition map on a Dask cluster (needs the ``dask``
        extra); the result is identical to the local build.

    Returns
    -------
    Corpus
    """
    n_jobs = check_n_jobs(n_jobs)
    lex = _resolve_lexicon(lexicon)
    if isinstance(articles, Corpus):
        if lexicon is None or articles.lexicon_key == lex.key:
            return articles
        articles = articles.articles
    if not isinstance(articles, pd.DataFrame):
        raise BingkaiInputError(f"cannot index a {type(articles).__name__}",
                                hint="pass the frame from bingkai.load_corpus() or bingkai.read_articles()")

    order = check_frame(articles, ["doc_id", "outlet", "title", "subtitle", "text"])
    frame = articles.iloc[order].reset_index(drop=True)
    stemmer = default_stemmer()
    stop = frozenset(stopwords())
    key = _sha(str(FORMAT), __version__, _frame_hash(frame), lex.key, stemmer.fingerprint,
               _sha(*sorted(stop)))
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return _MEMO[key]
    corpus = _cached_or_built(frame, lex, stemmer, stop, key, cache_dir=cache_dir, n_jobs=n_jobs,
                              progress=progress, client=client)
    _MEMO[key] = corpus
    while len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)
    return corpus


# The last few indexes built or loaded in this process, by key: views given the
# same DataFrame again (a notebook asking question after question) share one
# build. Indexes are immutable, so sharing them is safe.
_MEMO: OrderedDict[str, Corpus] = OrderedDict()
_MEMO_SIZE = 4


def _cached_or_built(frame, lex, stemmer, stop, key, *, cache_dir, n_jobs, progress, client) -> Corpus:
    folder = _cache_folder(cache_dir)
    if folder is not None:
        target = folder / f"index-{key[:32]}"
        if target.exists():
            try:
                corpus = _load(target)
                if corpus.key == key:
                    return corpus
                raise BingkaiInputError("index key mismatch", path=target)
            except BingkaiInputError as err:
                warnings.warn(f"bingkai: the cached index {target} is unusable ({err.problem}); "
                              "rebuilding it", stacklevel=2)
    corpus = _build(frame, lex, stemmer, stop, key, n_jobs=n_jobs, progress=progress, client=client)
    if folder is not None:
        try:
            _save(corpus, folder / f"index-{key[:32]}")
        except OSError as err:
            warnings.warn(f"bingkai: could not write the index cache in {folder} ({err}); "
                          "continuing in memory", stacklevel=2)
    return corpus


def as_corpus(data: pd.DataFrame | Corpus, *, lexicon: Any = None,
              progress: bool | None = None, n_jobs: int = 1) -> Corpus:
    """``data`` as a Corpus: returned as it is, or indexed (through the cache)."""
    if isinstance(data, Corpus) and lexicon is None:
        return data
    return index(data, lexicon=lexicon, progress=progress, n_jobs=n_jobs)


class _Lexicon:
    """The labels and actors frames a build matches, with a content key."""

    def __init__(self, labels: pd.DataFrame, actors: pd.DataFrame, window: int,
                 source: Any = None) -> None:
        self.labels, self.actors, self.window, self.source = labels, actors, window, source
        self.key = _sha(_frame_hash(labels), _frame_hash(actors), str(window))
        self._matchers = None

    def matchers(self):
        """The lexicon compiled for matching, made once: a Lexicon's own
        compiled cache (``compiled_matchers``) when it came from one."""
        if self._matchers is None:
            self._matchers = (compiled_matchers(self.source, self.window) if isinstance(self.source, Lexicon)
                              else Matchers(self.labels, self.actors, self.window))
        return self._matchers


def _resolve_lexicon(lexicon: Any) -> _Lexicon:
    window = attribution.DEFAULT_WINDOW
    if lexicon is None or isinstance(lexicon, (str, os.PathLike, list)):
        # the default pack, a pack name, a folder, or a list of them: one
        # Lexicon per set of files (lexicon.resolve_lexicon keeps it while
        # the files are unchanged)
        lexicon = resolve_lexicon(lexicon)
    if isinstance(lexicon, Lexicon):
        # validated when it was made, and treated as immutable (its compiled
        # matchers are cached on it too): the resolved form is kept on it, so
        # a notebook's hundredth question does not re-validate and re-hash
        # the lexicon
        window = getattr(lexicon, "window", window)
        memo = lexicon.__dict__.setdefault("_index_lexicon", {})
        if window not in memo:
            memo[window] = _Lexicon(lexicon.labels, lexicon.actors, window, source=lexicon)
        return memo[window]
    if isinstance(lexicon, tuple) and len(lexicon) == 2:
        labels, actors = lexicon
    elif hasattr(lexicon, "labels") and hasattr(lexicon, "actors"):
        labels, actors = lexicon.labels, lexicon.actors
        window = getattr(lexicon, "window", window)
    else:
        raise BingkaiInputError(f"lexicon={lexicon!r} is not a lexicon",
                                hint="pass None, bingkai.load_lexicon(...), or (labels, actors)")
    return _Lexicon(resolve_labels(labels), resolve_actors(actors), window, source=lexicon)


def _build(frame: pd.DataFrame, lex: _Lexicon, stemmer, stop: frozenset[str], key: str, *,
           n_jobs: int, progress: bool | None, client: Any) -> Corpus:
    docs = _doc_inputs(frame)
    ctx = lex.matchers()
    chunks = [docs[k:k + _PARTITION_DOCS] for k in range(0, len(docs), _PARTITION_DOCS)]
    if client is not None:
        parts = _dask_map(client, chunks, ctx)
    elif n_jobs == 1 or len(chunks) < 2:
        parts = [_partition(c, ctx) for c in progress_bar(chunks, desc="index", progress=progress,
                                                            unit="part")]
    else:
        parts = [p for _, p in chunked_map(_partition_worker, docs, n_jobs,
                                           initializer=_init_worker, initargs=(ctx,),
                                           desc="index", progress=progress)]
    return _merge(frame, parts, lex, stemmer, stop, key, n_jobs=n_jobs, progress=progress,
                  client=client)


def _doc_inputs(frame: pd.DataFrame) -> list[tuple[int, str, str, list[tuple[str, str]]]]:
    """``(doc number, doc_id, outlet, [(part, text), ...])`` per article."""
    has_source = "source_file" in frame.columns
    cols = ["doc_id", "outlet", "title", "subtitle", "text"] + (["source_file"] if has_source else [])
    docs = []
    for d, rec in enumerate(frame[cols].itertuples(index=False, name=None)):
        doc_id = str(rec[0])
        outlet = "" if pd.isna(rec[1]) else str(rec[1])
        path = rec[-1] if has_source else None
        fields = [(p, field_text(v, doc_id=doc_id, column=PART_COLUMNS[p], path=path))
                  for p, v in zip(PARTS, rec[2:5])]
        docs.append((d, doc_id, outlet, fields))
    return docs


_WORKER_CTX = None


def _init_worker(ctx) -> None:
    global _WORKER_CTX
    _WORKER_CTX = ctx


def _partition_worker(chunk):
    return _partition(chunk, _WORKER_CTX)


def _partition(chunk, ctx=None) -> dict[str, Any]:
    """Tokenise and match one partition of documents (the map step).

    Returns the partition's local vocabulary (surface strings in first-seen
    order), per-token arrays with local type codes, the occurrence rows
    (with their first token's position within the partition) and per-doc
    sentence counts per part."""

    surfaces: list[str] = []
    cols: dict[str, list[np.ndarray]] = {k: [] for k in ("doc", "part", "para", "sent", "i",
                                                         "start", "end", "kind", "voice")}
    rows: list[tuple] = []
    first_tok: list[int] = []
    ntok: list[int] = []
    part_sents = np.zeros((len(chunk), len(PARTS)), dtype=np.int64)
    docnums = np.zeros(len(chunk), dtype=np.int64)
    offset = 0
    for j, (d, doc_id, outlet, fields) in enumerate(chunk):
        docnums[j] = d
        found = document_arrays(fields)
        if found is None:
            continue
        toks, arr = found
        part_sents[j] = arr["part_sents"]
        surfaces.extend(toks)
        n = len(toks)
        cols["doc"].append(np.full(n, d, dtype=np.int32))
        for k in ("part", "para", "sent", "i", "start", "end", "kind"):
            cols[k].append(arr[k])
        cols["voice"].append(arr["quoted"].astype(np.int8))
        before = len(rows)
        match_document(doc_id, outlet, fields, toks, arr, ctx, rows)
        if len(rows) > before:
            # first token and token count of each new occurrence, from its
            # part and character span (spans never cross parts)
            part_arr, start_arr, end_arr = arr["part"], arr["start"], arr["end"]
            for row in rows[before:]:
                pc = PARTS.index(row[2])
                lo = int(np.searchsorted(part_arr, pc, side="left"))
                hi = int(np.searchsorted(part_arr, pc, side="right"))
                p = lo + int(np.searchsorted(end_arr[lo:hi], row[7], side="right"))
                q = lo + int(np.searchsorted(start_arr[lo:hi], row[8], side="left"))
                first_tok.append(offset + p)
                ntok.append(max(q - p, 1))
        offset += n
    # local type codes in first-seen order (pandas' hash table, not a Python
    # loop per token)
    codes, vocab = pd.factorize(np.array(surfaces, dtype=object), sort=False)
    # final dtypes here, in the worker: half the memory of int64 on the way back
    out_arrays = {k: (np.concatenate(v).astype(TOKEN_ARRAYS[k], copy=False) if v
                      else np.zeros(0, dtype=TOKEN_ARRAYS[k])) for k, v in cols.items()}
    return {"vocab": list(vocab), "codes": codes.astype(np.int32),
            "arrays": out_arrays, "rows": rows, "tok": np.asarray(first_tok, dtype=np.int64),
            "ntok": np.asarray(ntok, dtype=np.int64), "docs": docnums, "part_sents": part_sents}


def _dask_map(client, chunks, ctx) -> list[dict[str, Any]]:
    """The map step on a Dask cluster: one task per partition, results
    gathered in partition order (so the merge is the local one)."""
    # scatter the data (documents, the compiled lexicon) instead of embedding
    # it in the task graph: one copy per worker, not one per task
    ctx_future = client.scatter(ctx, broadcast=True)
    futures = client.map(_partition, client.scatter(chunks), ctx=ctx_future, pure=False)
    return client.gather(futures)


def _dask_prestem(client, stemmer, words: list[str]) -> None:
    """Stem the Sastrawi words of ``words`` that the stemmer has not cached
    on the Dask cluster (one task per chunk of 2,000 words) and put the
    stems into its word cache: the same cache entries ``stem_many`` makes."""
    todo = stemmer.unstemmed_words(words)
    if not todo:
        return
    chunks = [todo[k:k + 2000] for k in range(0, len(todo), 2000)]
    protected = stemmer.protected
    stems = client.gather(client.map(_dask_stem_chunk, chunks, [protected] * len(chunks), pure=False))
    for chunk, out in zip(chunks, stems, strict=True):
        stemmer.add_stems(chunk, out)


_DASK_STEMMER = None


def _dask_stem_chunk(words: list[str], protected: dict[str, str]) -> list[str]:
    """On a Dask worker: Sastrawi (with the protected forms) on each word,
    with one Stemmer per worker process."""
    global _DASK_STEMMER

    if _DASK_STEMMER is None or _DASK_STEMMER.protected != protected:
        _DASK_STEMMER = Stemmer(protected=protected, cache_dir=None)
    return [_DASK_STEMMER.stem_word(w) for w in words]


def _merge(frame: pd.DataFrame, parts: list[dict[str, Any]], lex: _Lexicon, stemmer,
           stop: frozenset[str], key: str, *, n_jobs: int, progress: bool | None,
           client: Any = None) -> Corpus:
    """The reduce step: one sorted vocabulary, global type ids, per-type
    facts (normalised lower form, kind, stopword, stem), per-token terms."""
    surfaces = sorted(set().union(*(p["vocab"] for p in parts))) if parts else []
    gid = {s: k for k, s in enumerate(surfaces)}
    type_chunks = []
    for p in parts:
        remap = np.fromiter((gid[s] for s in p["vocab"]), dtype=np.int32, count=len(p["vocab"]))
        type_chunks.append(remap[p["codes"]] if len(p["codes"]) else p["codes"])
    arrays = {k: (np.concatenate([p["arrays"][k] for p in parts]) if parts
                  else np.zeros(0, dtype=t)) for k, t in TOKEN_ARRAYS.items() if k not in ("type", "term")}
    arrays["type"] = np.concatenate(type_chunks) if type_chunks else np.zeros(0, dtype=np.int32)
    part_sents = np.zeros((len(frame), len(PARTS)), dtype=np.int64)
    for p in parts:
        part_sents[p["docs"]] = p["part_sents"]

    # per type: normalised form, kind, analyzer facts
    n_types = len(surfaces)
    norm = [align(s).norm for s in surfaces]
    lower = [s.lower() for s in norm]
    kind = np.zeros(n_types, dtype=np.int8)
    if n_types:
        first_of_type = np.full(n_types, -1, dtype=np.int64)
        # kind of a type = kind of (any) token of it: kinds depend only on the string
        order = np.argsort(arrays["type"], kind="stable")
        t_sorted = arrays["type"][order]
        firsts = np.flatnonzero(np.r_[True, t_sorted[1:] != t_sorted[:-1]])
        first_of_type[t_sorted[firsts]] = order[firsts]
        kind = arrays["kind"][first_of_type]
    is_word = kind == 0
    stop_flag = np.array([w and low in stop for w, low in zip(is_word, lower)], dtype=bool)
    # stems: one Sastrawi call per word type (in n_jobs processes, or on the
    # Dask cluster, when cold)
    to_stem = [low for w, s, low in zip(is_word, stop_flag, lower) if w and not s]
    if client is not None:
        _dask_prestem(client, stemmer, to_stem)
    elif n_jobs > 1:
        stemmer.stem_many(to_stem, n_jobs=n_jobs, progress=progress)
    stem_of = [stemmer.stem_token(nm) if (w and not s) else low
               for nm, low, w, s in zip(norm, lower, is_word, stop_flag)]
    caps = np.array([nm[:1].isupper() for nm in norm], dtype=bool) & is_word
    acronym = np.array([len(nm) > 1 and nm.isupper() for nm in norm], dtype=bool) & is_word
    is_lower_surface = np.array([nm.islower() for nm in norm], dtype=bool) & is_word
    proper_of = [stemmer.stem_token(nm, proper_noun=True) if (c and not s) else None
                 for nm, c, s in zip(norm, caps, stop_flag)]
    freq = np.bincount(arrays["type"], minlength=n_types).astype(np.int64)
    vocab = pd.DataFrame({
        "surface": pd.array(surfaces, dtype="str"),
        "lower": pd.array(lower, dtype="str"),
        "kind": pd.array(np.asarray(KINDS, dtype=object)[kind], dtype="str"),
        "stop": stop_flag,
        "stem": pd.array(stem_of, dtype="str"),
        "freq": freq,
    })
    punct_class = np.array([0 if nm in _SENTENCE_END else 1 if nm in _OPENERS else 2
                            for nm in norm], dtype=np.int8)
    proper = _proper_tokens(arrays, kind, stop_flag, caps, acronym, is_lower_surface,
                            np.asarray(lower, dtype=object), punct_class)
    # term per token: proper-noun form or stem for non-stop words, else -1.
    # Strings are sorted per *type* (two candidates each), never per token:
    # tokens only carry integer ids (bounded memory at 10M words).
    type_of = arrays["type"]
    word_tok = is_word[type_of] & ~stop_flag[type_of]
    stem_names = np.asarray(stem_of, dtype=object)
    proper_names = np.asarray([p if p is not None else "" for p in proper_of], dtype=object)
    word_type = is_word & ~stop_flag
    candidates = np.unique(np.concatenate([stem_names[word_type],
                                           proper_names[word_type & caps]]).astype(str)) \
        if word_type.any() else np.zeros(0, dtype=str)
    stem_id = np.searchsorted(candidates, stem_names.astype(str)).astype(np.int64)
    proper_id = np.searchsorted(candidates, proper_names.astype(str)).astype(np.int64)
    full = np.where(proper, proper_id[type_of], stem_id[type_of])
    used = np.unique(full[word_tok])  # terms some token has
    term_names = candidates[used] if len(used) else np.zeros(0, dtype=str)
    term = np.full(len(word_tok), -1, dtype=np.int32)
    term[word_tok] = np.searchsorted(used, full[word_tok]).astype(np.int32)
    arrays["term"] = term
    del full

    # occurrences: rows from every partition, with global token positions
    rows, toks, ntoks = [], [], []
    offset = 0
    for p in parts:
        rows.extend(p["rows"])
        toks.append(p["tok"] + offset)
        ntoks.append(p["ntok"])
        offset += len(p["codes"])
    occ = occurrence_frame(rows)  # the dtypes of label_occurrences (framing bool, speakers)
    occ["tok"] = np.concatenate(toks) if toks else np.zeros(0, dtype=np.int64)
    occ["ntok"] = np.concatenate(ntoks) if ntoks else np.zeros(0, dtype=np.int64)
    meta = {"key": key, "lexicon_key": lex.key, "format": FORMAT,
            # the ids a kwic/collocates query on this index may name
            "labels": sorted(set(lex.labels["label"].astype(str).str.lower())),
            "actors": sorted(set(lex.actors["actor"].astype(str).str.lower())),
            "lexicon_files": sorted(set(lex.labels.get("source", pd.Series(dtype=str)).astype(str))
                                    | set(lex.actors.get("source", pd.Series(dtype=str)).astype(str)))}
    return Corpus(frame, arrays, vocab, term_names.astype(object), occ, part_sents, meta,
                  lexicon=lex.source)


def _proper_tokens(arrays, kind, stop_flag, caps, acronym, is_lower_surface, lower, punct_class):
    """Which word tokens the analyzer keeps as proper nouns (unstemmed).

    The rule of :class:`bingkai.Analyzer`, on the index's own sentences: a
    capitalised word is a proper noun when it is an acronym, or when it is
    not the first word of its sentence, its paragraph is not a Title-Case
    headline (>= 80% of its words capitalised) and the same word does not
    occur in lower case in the paragraph. "First word" ignores opening
    quotes/brackets before it. Sentence starts come from the sentence
    splitter (abbreviations such as "Dr." do not end a sentence).
    """
    n = len(arrays["type"])
    if n == 0:
        return np.zeros(0, dtype=bool)
    t = arrays["type"]
    k = kind[t]
    wordish = k == 0  # words, stopwords included
    # paragraph runs (doc, part, para) and sentence segments within them
    doc, part, para, sent = arrays["doc"], arrays["part"], arrays["para"], arrays["sent"]
    pchange = np.r_[True, (doc[1:] != doc[:-1]) | (part[1:] != part[:-1]) | (para[1:] != para[:-1])]
    pid = np.cumsum(pchange) - 1
    schange = pchange | np.r_[False, sent[1:] != sent[:-1]]
    # title case per paragraph
    n_words = np.bincount(pid, weights=wordish, minlength=pid[-1] + 1)
    n_caps = np.bincount(pid, weights=wordish & caps[t], minlength=pid[-1] + 1)
    title_case = (n_words > 0) & (n_caps >= _TITLE_CASE_SHARE * n_words)
    # initial: no token before it in its sentence other than opening quotes/brackets
    is_opener = (k == 2) & (punct_class[t] == 1)
    blocker = (~is_opener).astype(np.int64)
    cs = np.cumsum(blocker)
    seg_first = np.flatnonzero(schange)
    seg_id = np.cumsum(schange) - 1
    base = (cs - blocker)[seg_first]  # blockers before each segment
    initial = (cs - blocker - base[seg_id]) == 0
    # lower-case occurrence of the same lower form in the paragraph
    lower_codes = pd.factorize(lower)[0] if len(lower) else np.zeros(0, dtype=np.int64)
    lt = lower_codes[t].astype(np.int64)
    width = int(lower_codes.max()) + 1 if len(lower_codes) else 1
    combo = pid.astype(np.int64) * width + lt
    lower_tok = wordish & is_lower_surface[t]
    seen = np.isin(combo, np.unique(combo[lower_tok]))
    cap_tok = wordish & caps[t] & ~stop_flag[t]
    return cap_tok & (acronym[t] | (~initial & ~title_case[pid] & ~seen))


# ---------------------------------------------------------------------------
# hashing, cache folder, disk format
# ---------------------------------------------------------------------------

def _sha(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def _frame_hash(frame: pd.DataFrame) -> str:
    """Content hash of a frame: column names, and every cell's value (as text
    with its type), independent of the frame's index."""
    h = hashlib.sha256()
    h.update(json.dumps([str(c) for c in frame.columns]).encode())
    for c in frame.columns:
        col = frame[c]
        values = ["\x00NA" if (v is None or (not isinstance(v, (list, dict, np.ndarray)) and pd.isna(v)))
                  else f"{type(v).__name__}\x00{v}" for v in col.tolist()]
        h.update(_sha(*values).encode())
    return h.hexdigest()


def _cache_folder(cache_dir: str | os.PathLike[str] | None) -> Path | None:
    if cache_dir is None:
        env = os.environ.get(CACHE_ENV, "").strip()
        if not env:
            return None
        cache_dir = env
    folder = Path(cache_dir).expanduser().resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        warnings.warn(f"bingkai: cannot use {folder} as the index cache ({err}); "
                      "indexing in memory", stacklevel=3)
        return None
    return folder


# Tokens per Parquet row group: Corpus.load(path, **filters) skips the groups
# holding no chosen document.
_ROW_GROUP = 1 << 20
_FILES = ("tokens.parquet", "vocab.parquet", "terms.parquet", "articles.parquet",
          "occurrences.parquet", "part_sents.parquet")


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _save(corpus: Corpus, target: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        # row groups of 1M tokens: a query on a huge index can read only the
        # row groups (documents) it needs
        tables = {
            "tokens.parquet": pa.table({k: corpus._arrays[k] for k in TOKEN_ARRAYS}),
            "vocab.parquet": pa.Table.from_pandas(corpus.vocab, preserve_index=False),
            "terms.parquet": pa.table({"term": pa.array(corpus.term_names.astype(str).tolist(),
                                                        type=pa.string())}),
            "articles.parquet": _articles_table(corpus.articles),
            "occurrences.parquet": pa.Table.from_pandas(corpus.occurrences, preserve_index=False),
            "part_sents.parquet": pa.table({p: corpus._part_sents[:, k] for k, p in enumerate(PARTS)}),
        }
        sums = {}
        for name, table in tables.items():
            pq.write_table(table, tmp / name, row_group_size=_ROW_GROUP, compression="zstd")
            sums[name] = _file_sha(tmp / name)
        meta = dict(corpus._meta) | {"files": sums,
                                     "doc_tokens": np.bincount(corpus._arrays["doc"],
                                                               minlength=len(corpus)).tolist()}
        (tmp / "index.json").write_text(json.dumps(meta, sort_keys=True, indent=1) + "\n",
                                        encoding="utf-8")
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _articles_table(articles: pd.DataFrame):
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(articles, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as err:
        raise OSError(f"an articles column cannot be stored in Parquet ({err})") from err


def _load(folder: Path, filters: Mapping[str, Any] | None = None) -> Corpus:
    import pyarrow.parquet as pq

    meta_file = folder / "index.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise BingkaiInputError(f"not a bingkai index ({err.__class__.__name__})", path=meta_file,
                                hint="rebuild it with bingkai.index(...)") from None
    if meta.get("format") != FORMAT or not isinstance(meta.get("files"), dict):
        raise BingkaiInputError(f"index format {meta.get('format')!r} is not {FORMAT}", path=meta_file,
                                hint="rebuild it with bingkai.index(...)")
    for name in _FILES:
        path = folder / name
        if not path.is_file() or _file_sha(path) != meta["files"].get(name):
            raise BingkaiInputError("checksum mismatch (the file is missing, corrupt or stale)",
                                    path=path, hint="rebuild it with bingkai.index(...)")
    try:
        docs = None
        if filters:
            arts = pq.read_table(folder / "articles.parquet").to_pandas()
            docs = np.flatnonzero(_filter_mask(arts, filters))
            # row groups whose doc range misses every chosen document are skipped
            tok = pq.read_table(folder / "tokens.parquet",
                                filters=[("doc", "in", docs.astype(np.int32).tolist())]
                                if len(docs) else [("doc", "<", -1)])
        else:
            tok = pq.read_table(folder / "tokens.parquet")
        arrays = {k: tok.column(k).to_numpy() for k in TOKEN_ARRAYS}
        vocab = pq.read_table(folder / "vocab.parquet").to_pandas()
        if docs is None:
            meta.pop("doc_tokens", None)
        terms = pq.read_table(folder / "terms.parquet").column("term").to_pylist()
        art_table = pq.read_table(folder / "articles.parquet")
        articles = art_table.to_pandas()
        for field in art_table.schema:
            # Arrow gives list cells back as numpy arrays; the corpus frame
            # holds Python lists (body_lines)
            if str(field.type).startswith(("list", "large_list")):
                articles[field.name] = articles[field.name].map(
                    lambda v: v.tolist() if isinstance(v, np.ndarray) else v)
        occ = pq.read_table(folder / "occurrences.parquet").to_pandas()
        ps = pq.read_table(folder / "part_sents.parquet").to_pandas()
    except Exception as err:  # a checksummed file that still fails to parse
        raise BingkaiInputError(f"cannot read the index ({err})", path=folder,
                                hint="rebuild it with bingkai.index(...)") from None
    meta.pop("files")
    part_sents = ps[list(PARTS)].to_numpy(dtype=np.int64)
    if docs is None:
        return Corpus(articles, arrays, vocab, np.asarray(terms, dtype=object), occ, part_sents, meta)
    # renumber documents and occurrence token positions for the subset:
    # an occurrence's position moves down by the tokens of the documents
    # before it that were not loaded
    renum = np.full(len(articles), -1, dtype=np.int64)
    renum[docs] = np.arange(len(docs))
    chosen = np.zeros(len(articles), dtype=bool)
    chosen[docs] = True
    counts_all = np.asarray(meta.get("doc_tokens", []), dtype=np.int64)
    if len(counts_all) != len(articles):
        raise BingkaiInputError("the index has no per-document token counts", path=folder,
                                hint="rebuild it with bingkai.index(...)")
    skipped_before = np.cumsum(np.where(chosen, 0, counts_all)) - np.where(chosen, 0, counts_all)
    doc_of = {d: k for k, d in enumerate(articles["doc_id"].astype(str))}
    occ = occ[occ["doc_id"].astype(str).map(lambda d: chosen[doc_of[d]])].copy()
    occ_docs = occ["doc_id"].astype(str).map(doc_of).to_numpy(dtype=np.int64)
    occ["tok"] = occ["tok"].to_numpy(dtype=np.int64) - skipped_before[occ_docs]
    arrays["doc"] = renum[arrays["doc"]].astype(np.int32)
    vocab = vocab.copy()
    vocab["freq"] = np.bincount(arrays["type"], minlength=len(vocab)).astype(np.int64)
    meta["key"] = _sha(meta["key"], *map(str, docs.tolist()))
    meta.pop("doc_tokens", None)
    return Corpus(articles.iloc[docs], arrays, vocab, np.asarray(terms, dtype=object), occ,
                  part_sents[docs], meta)
