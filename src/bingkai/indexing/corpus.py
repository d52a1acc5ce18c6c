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

On disk an index is a folder: what grows with the corpus (the token arrays,
the articles, occurrences and vocabulary, the stored count matrices) as
uncompressed Arrow IPC files, memory-mapped by :meth:`Corpus.load` (a query
touches only the pages it reads, so an index larger than memory can be
loaded), the small tables as Parquet, and ``index.json`` holding every
file's SHA-256; :meth:`Corpus.load` verifies them and refuses a stale or
corrupt index. The build is in :mod:`bingkai.indexing.build`.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bingkai.clean.outlet_names import named_rows
from bingkai.clean.outlet_names import outlet_name_terms as find_outlet_name_terms
from bingkai.constants import DEFAULT_PARTS, KINDS, PARTS, PART_COLUMNS, VOICES
from bingkai.errors import BingkaiInputError
from bingkai.indexing.arrays import take_strings
from bingkai.indexing.exports import write_quanteda, write_texts, write_vrt
from bingkai.indexing.summary import corpus_summary, summary_html
from bingkai.lexicon import attribution
from bingkai.lexicon.packs import (ACTOR_COLUMNS, LABEL_COLUMNS, Lexicon, resolve_actors, resolve_labels,
                                   resolve_lexicon, validated_lexicon)
from bingkai.text.tokens import TOKEN_COLUMNS

# Per-token arrays and their dtypes: 35 bytes per token in memory.
TOKEN_ARRAYS = {"doc": np.int32, "part": np.int8, "para": np.int32, "sent": np.int32,
                "i": np.int32, "start": np.int32, "end": np.int32, "kind": np.int8,
                "voice": np.int8, "type": np.int32, "term": np.int32}
# Bumped whenever the on-disk layout or a derivation rule changes: an index
# written by another format version is rebuilt, never reinterpreted.
# 2: occurrences carry a sense column (issue 21); 3: the lexicon is stored with the
# index, failed documents are listed, name pairs split, ".," joins split (issue 21);
# 4: the token arrays, articles, occurrences, vocabulary and count matrices in
# memory-mapped Arrow IPC files instead of Parquet (issue 24)
FORMAT = 4
#: columns of :attr:`Corpus.failed`
FAILED_COLUMNS = ["doc_id", "stage", "error"]


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
        # the memory-mapped files of a loaded index (release_pages); empty when built in memory
        self._maps: list[mmap.mmap] = []
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
        """The lexicon this index was built with (a :class:`bingkai.Lexicon`, or
        what was given to :func:`bingkai.index`): every view on the index counts
        with it unless told otherwise, and a ``lexicon=`` other than it is an
        error (:meth:`check_lexicon`). Stored with the index, so a loaded index
        (:meth:`load`) still knows it."""
        if self._lexicon is None or not hasattr(self._lexicon, "labels"):
            self._lexicon = self.cached("lexicon", self._stored_lexicon)
        return self._lexicon

    def _stored_lexicon(self) -> Lexicon:
        """The lexicon of the record in ``index.json`` (its CSV columns, name and window),
        validated again; or, when a saved index holds its validated tables (issue 24), read
        back from them without validating (tokenising every variant and alias was ~35-60 ms
        of the first label_rates/actor_labels call after ``Corpus.load``)."""
        stored = self._meta.get("lexicon")
        if not stored:  # no lexicon stored with the index: the default pack
            return resolve_lexicon(None)
        name = str(stored.get("name") or "stored")
        window = int(stored.get("window", attribution.DEFAULT_WINDOW))
        frames = self._derived.get("lexicon_tables")
        if frames is not None:
            return validated_lexicon(frames[0], frames[1], name=name, window=window)
        labels = pd.DataFrame(stored["labels"], columns=list(LABEL_COLUMNS), dtype="str").fillna("")
        actors = pd.DataFrame(stored["actors"], columns=list(ACTOR_COLUMNS), dtype="str").fillna("")
        return Lexicon(labels, actors, name=name, window=window)

    def check_lexicon(self, lexicon: Any) -> None:
        """Raise unless ``lexicon`` (anything ``bingkai.index(lexicon=)`` takes;
        None passes) is the lexicon this index was built with, compared by
        content (the CSV columns and the attribution window): a view asked
        about an index with another lexicon would count what the index never
        matched."""
        if lexicon is None:
            return
        have = self._meta.get("lexicon")
        want = lexicon_record(lexicon)
        same = ({k: v for k, v in want.items() if k != "name"} == {k: v for k, v in have.items() if k != "name"}
                if have else False)
        if not same:
            raise BingkaiInputError(
                f"lexicon={want['name']!r} is not the lexicon this index was built with "
                f"({(have or {}).get('name', 'unknown')!r})",
                hint="leave lexicon= out to count with the index's own lexicon, or build an index with the "
                     "other one: bingkai.index(articles, lexicon=...)")

    @property
    def failed(self) -> pd.DataFrame:
        """The documents the build could not index, and skipped (``errors="report"``):
        one row per document, ``doc_id, stage, error`` (str), sorted by ``doc_id``.
        ``stage`` is where it failed: ``tokens`` (normalisation, tokens, sentences,
        quotations), ``lexicon`` (labels, actors, speakers) or ``stem``. Empty when
        every document was indexed."""
        rows = self._meta.get("failed") or []
        return pd.DataFrame(rows, columns=FAILED_COLUMNS, dtype="str")

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

    def release_pages(self) -> None:
        """Let go of the pages of the index's memory-mapped files that this process holds
        resident (a loaded index; nothing for one built in memory). The data stay valid:
        the pages stay in the operating system's page cache and the next read maps them
        back in, without reading the disk. A view that reads most of a large index (kwic of a
        frequent word) calls it between blocks of tokens, so that it holds about one block's
        pages at a time, not the whole file's (issue 24: 100M words, 4 GB)."""
        if not hasattr(mmap, "MADV_DONTNEED"):  # not Linux/BSD/macOS: the OS decides
            return
        for mm in self._maps:
            mm.madvise(mmap.MADV_DONTNEED)

    # -- derived arrays (computed once per Corpus) -----------------------------

    def cached(self, name: Any, make) -> Any:
        try:
            return self._derived[name]
        except KeyError:
            value = self._derived[name] = make()
            return value

    def outlet_name_terms(self) -> frozenset[str]:
        """The terms that name an outlet of this corpus (``bingkai.clean.outlet_names``), which
        ``keyness``, ``tfidf`` and ``collocates`` leave out: found when the index was built and
        stored with it, found again for a subset (``where``), whose outlets may differ."""
        stored = self._meta.get("outlet_names")
        if stored is not None:
            return frozenset(stored)
        return self.cached("outlet_name_terms", lambda: find_outlet_name_terms(self._articles))

    def outlet_name_term_ids(self) -> np.ndarray:
        """The (sorted) ids of the analyzer terms that name an outlet
        (:meth:`outlet_name_terms`, tested as ``is_outlet_name`` does): what tfidf and
        keyness leave out, by term id. Stored with a saved index (``index.json``), found
        again for a subset."""
        stored = self._meta.get("outlet_name_term_ids")
        if stored is not None:
            return np.asarray(stored, dtype=np.int64)

        def make():
            names = self.outlet_name_terms()
            if not names or not len(self._term_names):
                return np.zeros(0, dtype=np.int64)
            return np.flatnonzero(named_rows(pd.Series(self._term_names, dtype=object), names)).astype(np.int64)
        return self.cached("outlet_name_term_ids", make)

    def doc_bounds(self) -> np.ndarray:
        """``(len(corpus) + 1,)`` int64 positions: document ``d``'s tokens are
        ``arrays[k][b[d]:b[d + 1]]`` (tokens are stored in document order)."""
        doc = self._arrays["doc"]
        # (the probes in the array's own dtype: an int64 probe would copy the int32 array)
        return self.cached("doc_bounds", lambda: np.searchsorted(
            doc, np.arange(len(self) + 1, dtype=doc.dtype)).astype(np.int64))

    def per_doc(self, mask: np.ndarray) -> np.ndarray:
        """Per document (int64), how many of its tokens ``mask`` (one bool per token) holds:
        ``np.bincount(arrays["doc"][mask], minlength=len(corpus))`` by one sum per document's
        run of tokens, without gathering the document numbers (~3x faster at 1M tokens)."""
        bounds = self.doc_bounds()
        if not len(mask):
            return np.zeros(len(self), dtype=np.int64)
        out = np.add.reduceat(mask, np.minimum(bounds[:-1], len(mask) - 1), dtype=np.int64)
        out[bounds[:-1] == bounds[1:]] = 0  # reduceat gives an empty run its first element
        return out

    def term_names_arrow(self):
        """``term_names`` as an Arrow string array (a loaded index keeps the terms file's;
        else made once)."""
        import pyarrow as pa  # heavy: imported where it is used

        return self.cached("term_names_arrow", lambda: pa.array(self._term_names.tolist(), type=pa.string()))

    def doc_word_counts(self, parts: Sequence[str] | str = DEFAULT_PARTS
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per document (int64): its tokens, word tokens (``kind == "word"``) and quoted word
        tokens in ``parts`` (what label_rates divides by). Stored with a saved index for the
        default parts."""
        codes = tuple(part_codes(parts))

        def make():
            a = self._arrays
            in_parts = part_mask(a["part"], codes)
            n_tokens = self.per_doc(in_parts)
            word = in_parts & (a["kind"] == KINDS.index("word"))
            n_words = self.per_doc(word)
            word &= a["voice"] == VOICES.index("quoted")
            return n_tokens, n_words, self.per_doc(word)
        return self.cached(("doc_words", codes), make)

    def lower_ids(self) -> tuple[np.ndarray, np.ndarray]:
        """``(lower_names, lower_of_type)``: the distinct lower forms (sorted)
        and, per type, the index of its lower form."""
        def make():
            # Arrow's hash table and sort on the column's own buffers (5x
            # faster than np.unique of a fixed-width unicode copy; both order
            # by code point, so the ids are the same)
            import pyarrow as pa  # heavy: imported where it is used, as in _save
            import pyarrow.compute as pc

            lower = pa.array(self._vocab["lower"])
            codes = self._derived.pop("stored_lower_codes", None)
            if codes is not None and len(codes) == len(lower):
                # stored with a saved index: each name is the lower form of some type of it
                at = np.zeros(int(codes.max(initial=-1)) + 1, dtype=np.int64)
                at[codes] = np.arange(len(codes))
                names = pc.take(lower, pa.array(at))
            else:
                names = pc.unique(lower)
                names = pc.take(names, pc.array_sort_indices(names))
                codes = (np.asarray(pc.index_in(lower, value_set=names), dtype=np.int32) if len(lower)
                         else np.zeros(0, dtype=np.int32))
            self._derived["lower_names_arrow"] = names.cast(pa.string())
            return np.asarray(names.to_pylist(), dtype=object), codes
        return self.cached("lower_ids", make)

    def lower_names_arrow(self):
        """``lower_ids()[0]`` as an Arrow string array (gathering strings from it makes no
        Python string per row)."""
        self.lower_ids()
        return self._derived["lower_names_arrow"]

    def token_lower(self) -> np.ndarray:
        """Per token, the id of its lower form (into ``lower_ids()[0]``)."""
        return self.cached("token_lower", lambda: self.lower_ids()[1][self._arrays["type"]])

    def word_frequencies(self, parts: Sequence[str] | str = DEFAULT_PARTS) -> pd.DataFrame:
        """The frequency list of the word tokens (``kind == "word"``) in ``parts``: columns
        ``lower`` (str), ``freq`` (tokens) and ``range`` (documents), one row per lower form
        that occurs, sorted by ``freq`` descending, then ``lower``. Stored with a saved index
        for the default parts, so a frequency list is a lookup (issue 24)."""
        codes = tuple(part_codes(parts))

        def make():
            names, _ = self.lower_ids()
            m = self.doc_lower_matrix(parts)
            # a form's tokens and the documents (rows) holding it
            freq = np.asarray(m.sum(axis=0)).ravel().astype(np.int64)
            rng = np.bincount(m.indices, minlength=len(names))
            used = np.flatnonzero(freq)
            # lower ids follow the sorted forms, so (-freq, id) orders by freq, then form
            order = used[np.lexsort((used, -freq[used]))]
            return pd.DataFrame({"lower": pd.array(np.asarray(names, dtype=object)[order], dtype="str"),
                                 "freq": freq[order].astype(np.int64), "range": rng[order].astype(np.int64)})
        return self.cached(("word_freq", codes), make)

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

    def tokens(self, parts: Sequence[str] | str = DEFAULT_PARTS) -> pd.DataFrame:
        """The token table of :func:`bingkai.tokens` for ``parts``, from the
        arrays (same rows, columns and dtypes)."""
        codes = part_codes(parts)
        a = self._arrays
        keep = part_mask(a["part"], codes)
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
        types = a["type"][idx]
        doc_ids = self._articles["doc_id"].astype(str).tolist()
        outlets = self._articles["outlet"].map(lambda v: "" if pd.isna(v) else str(v)).tolist()
        # text columns gathered by Arrow from the distinct values (no string object per row)
        return pd.DataFrame({
            "doc_id": take_strings(doc_ids, doc),
            "outlet": take_strings(outlets, doc),
            "part": take_strings(PARTS, part),
            "para": a["para"][idx].astype(np.int64),
            "sent": sent,
            "i": i,
            "token": take_strings(self._vocab["surface"], types),
            "lower": take_strings(self._vocab["lower"], types),
            "kind": take_strings(KINDS, a["kind"][idx]),
            "start": start,
            "end": end,
            "voice": take_strings(VOICES, a["voice"][idx]),
        })

    def doc_term_matrix(self, parts: Sequence[str] | str = DEFAULT_PARTS):
        """Term counts per document: ``scipy.sparse.csr_matrix`` of shape
        ``(len(corpus), len(term_names))``, int64 (the counts of
        :func:`bingkai.terms`)."""
        from scipy import sparse

        codes = tuple(part_codes(parts))

        def make():
            a = self._arrays
            keep = (a["term"] >= 0) & part_mask(a["part"], codes)
            m = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.int64),
                                   (a["doc"][keep], a["term"][keep])),
                                  shape=(len(self), len(self._term_names)))
            m.sum_duplicates()
            m.sort_indices()
            return m
        return self.cached(("dtm", codes), make)

    def doc_lower_matrix(self, parts: Sequence[str] | str = DEFAULT_PARTS):
        """Word counts per document: ``scipy.sparse.csr_matrix`` of shape ``(len(corpus),
        len(lower_ids()[0]))``, int64, sorted indices -- the word tokens (``kind == "word"``)
        of ``parts`` by lower form. The frequency list, n-grams of one word per group and
        keyness of lower forms start from it; stored with a saved index for the default
        parts (issue 24)."""
        from scipy import sparse

        codes = tuple(part_codes(parts))

        def make():
            names, _ = self.lower_ids()
            stored = self._derived.pop(("doc_lower_file", codes), None)
            if stored is not None:  # mapped from the saved index
                return _mapped_counts(stored, (len(self), len(names)), "lower", self._maps)
            a = self._arrays
            keep = (a["kind"] == KINDS.index("word")) & part_mask(a["part"], codes)
            indptr = np.zeros(len(self) + 1, dtype=np.int64)
            # tokens are stored in document order: each document's words are one row's run
            np.cumsum(self.per_doc(keep), out=indptr[1:])
            m = sparse.csr_matrix((np.ones(int(indptr[-1]), dtype=np.int64),
                                   self.token_lower()[keep].astype(np.int32), indptr),
                                  shape=(len(self), len(names)))
            m.sum_duplicates()  # sorts each row's indices and adds up repeats
            return m
        return self.cached(("doc_lower", codes), make)

    def unit_ids(self, unit: str = "term", parts: Sequence[str] | str = DEFAULT_PARTS
                 ) -> tuple[np.ndarray, np.ndarray]:
        """``(ids, names)``: per token the id of its counting unit (-1 when
        the token is not counted or not in ``parts``) and the unit names.

        ``unit="term"``: analyzer terms (what :func:`bingkai.terms` counts);
        ``"lower"``: lower-cased word tokens (``kind == "word"``).
        """
        codes = tuple(part_codes(parts))

        def make():
            a = self._arrays
            in_parts = part_mask(a["part"], codes)
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

    def group_members(self, by: str):
        """Which articles each ``by`` group holds: ``scipy.sparse.csr_matrix`` of shape
        ``(len(groups), len(corpus))``, int64 ones (``group_codes`` order; an article without
        a value is in no group). A document matrix summed per group is one product with it."""
        from scipy import sparse

        def make():
            codes, groups = self.group_codes(by)
            docs = np.flatnonzero(codes >= 0)
            return sparse.csr_matrix((np.ones(len(docs), dtype=np.int64), (codes[docs], docs)),
                                     shape=(len(groups), len(self)))
        return self.cached(("group_members", by), make)

    def group_unit_counts(self, by: str, unit: str = "term",
                          parts: Sequence[str] | str = DEFAULT_PARTS):
        """Counts of each unit per ``by`` group: ``(groups, names, matrix)``,
        ``matrix`` a ``scipy.sparse.csr_matrix`` of shape (groups, names)."""
        from scipy import sparse

        codes_parts = tuple(part_codes(parts))

        if unit not in ("term", "lower"):
            raise BingkaiInputError(f"unknown unit {unit!r}", hint='use unit="term" or unit="lower"')

        def make():
            _, groups = self.group_codes(by)
            # the documents' counts summed per group: one sparse product over the (often
            # stored) document matrix, not a pass over every token
            counts, names = ((self.doc_term_matrix(parts), self._term_names) if unit == "term"
                             else (self.doc_lower_matrix(parts), self.lower_ids()[0]))
            m = sparse.csr_matrix(self.group_members(by) @ counts, dtype=np.int64)
            m.eliminate_zeros()
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
        meta.pop("outlet_names", None)  # the full corpus's: a subset finds its own
        meta.pop("outlet_name_term_ids", None)
        sub = Corpus(self._articles.iloc[docs], arrays, vocab, self._term_names, occ,
                     self._part_sents[docs], meta, lexicon=self._lexicon)
        for shared in ("lexicon_tables", "lexicon", "term_names_arrow"):  # the same: not rebuilt per subset
            if shared in self._derived:
                sub._derived[shared] = self._derived[shared]
        return sub

    # -- disk -----------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the index to the folder ``path`` (created; replaced
        atomically if it exists): uncompressed Arrow IPC files for the token
        arrays, articles, occurrences, vocabulary and count matrices, Parquet
        for the small tables, and ``index.json`` with their SHA-256 checksums.
        Returns the folder."""
        return _save(self, Path(path))

    @classmethod
    def load(cls, path: str | os.PathLike[str], **filters: Any) -> Corpus:
        """Read an index written by :meth:`save`, verifying every checksum
        (a corrupt or partly written index raises ``BingkaiInputError``).

        The Arrow files (token arrays, articles, occurrences, vocabulary,
        count matrices) are memory-mapped, not read: a view touches only the
        pages it reads, so the resident memory of a query process is what its
        views use, not the size of the index. ``filters`` (as for
        :meth:`where`) load only those articles: their runs of tokens are
        copied out of the mapped file, so an index larger than memory can
        also be queried one outlet or period at a time.
        ``Corpus.load(p, outlet="Tempo")`` equals
        ``Corpus.load(p).where(outlet="Tempo")``.
        """
        return _load(Path(path), filters)

    # -- exports to other corpus tools -----------------------------------------

    def to_vrt(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write the corpus as vertical text for CWB, CQPweb and Sketch Engine.

        ``<text id outlet date>``, ``<p part>``, ``<s>`` and one token a line with the
        columns word, lower, stem, kind, voice, label, actor (see
        :func:`bingkai.indexing.exports.write_vrt`). An existing ``path`` is refused unless
        ``overwrite=True``. Returns the path.
        """
        return write_vrt(self, path, overwrite=overwrite)

    def to_texts(self, folder: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write one UTF-8 text file per article (``<doc_id>.txt``: title, subtitle, body)
        into ``folder``, for AntConc and other tools that read plain text (see
        :func:`bingkai.indexing.exports.write_texts`). A folder that already holds files is
        refused unless ``overwrite=True``. Returns the folder.
        """
        return write_texts(self, folder, overwrite=overwrite)

    def to_quanteda(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write a CSV for R's readtext/quanteda: ``doc_id``, ``text`` and the articles'
        metadata as docvars (``outlet``, ``date``, ``title``, ...; see
        :func:`bingkai.indexing.exports.write_quanteda`). An existing ``path`` is refused
        unless ``overwrite=True``. Returns the path.
        """
        return write_quanteda(self, path, overwrite=overwrite)

    def _repr_html_(self) -> str:
        return summary_html(corpus_summary(self))


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


def lexicon_record(lexicon: Any) -> dict[str, Any]:
    """A lexicon as JSON-able content: ``{"name", "window", "labels", "actors"}``
    with the labels' and actors' CSV columns (stored in ``index.json``, and
    what :meth:`Corpus.check_lexicon` compares). ``lexicon`` is anything
    ``bingkai.index(lexicon=)`` takes."""
    window = getattr(lexicon, "window", attribution.DEFAULT_WINDOW)
    if lexicon is None or isinstance(lexicon, (str, os.PathLike, list)):
        lexicon = resolve_lexicon(lexicon)
    if isinstance(lexicon, tuple) and len(lexicon) == 2:
        labels, actors, name = resolve_labels(lexicon[0]), resolve_actors(lexicon[1]), "custom"
    elif hasattr(lexicon, "labels") and hasattr(lexicon, "actors"):
        labels, actors, name = lexicon.labels, lexicon.actors, str(getattr(lexicon, "name", "custom"))
    else:
        raise BingkaiInputError(f"lexicon={lexicon!r} is not a lexicon",
                                hint="pass None, a pack name, bingkai.load_lexicon(...), or (labels, actors)")

    def rows(frame: pd.DataFrame, columns) -> list[dict[str, str]]:
        cols = [c for c in columns if c in frame.columns]
        return [dict(zip(cols, map(str, r))) for r in frame[cols].fillna("").itertuples(index=False, name=None)]

    return {"name": name, "window": int(window), "labels": rows(labels, LABEL_COLUMNS),
            "actors": rows(actors, ACTOR_COLUMNS)}


def part_mask(part: np.ndarray, codes: Sequence[int]) -> np.ndarray:
    """Per token, whether its part (the ``part`` array) is one of ``codes``: one comparison
    per code. (``np.isin`` answers the int8 part codes with a lookup table that costs ~20x
    more, and ~30 ms on its first call in a process at 1M tokens: issue 24's first calls.)"""
    codes = sorted(set(int(c) for c in codes))
    if not codes:
        return np.zeros(len(part), dtype=bool)
    mask = part == codes[0]
    for c in codes[1:]:
        mask |= part == c
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


# Rows per Parquet row group of the tables
_ROW_GROUP = 1 << 20
#: the token arrays: one uncompressed Arrow IPC file of one record batch, so that
#: Corpus.load maps it instead of reading it (35 bytes a token: ~4 GB at 100M words)
_TOKENS_FILE = "tokens.arrow"
#: the stored document-term counts of DEFAULT_PARTS (optional: older indexes lack it),
#: memory-mapped like the tokens (see _write_counts)
_COUNTS_FILE = "dtm.arrow"
#: the stored word counts per document and lower form of DEFAULT_PARTS (optional too)
_LOWER_COUNTS_FILE = "doc_lower.arrow"
#: the column unit of each stored count matrix
_COUNT_UNITS = {_COUNTS_FILE: "term", _LOWER_COUNTS_FILE: "lower"}
#: the stored frequency list of DEFAULT_PARTS (optional too)
_FREQ_FILE = "frequencies.parquet"
#: the per-document token, word and quoted-word counts of DEFAULT_PARTS (optional too)
_DOC_WORDS_FILE = "doc_words.parquet"
#: the validated tables of the index's lexicon (optional too)
_LEXICON_FILES = ("lexicon_labels.parquet", "lexicon_actors.parquet")
#: the tables that grow with the corpus, also memory-mapped Arrow IPC files (their string
#: columns are large_string, which pandas' "str" columns wrap without copying: a query
#: process holds only the pages it reads, not ~2 GB of texts and occurrences at 100M words)
_VOCAB_FILE, _ARTICLES_FILE, _OCCURRENCES_FILE = "vocab.arrow", "articles.arrow", "occurrences.arrow"
_FILES = (_TOKENS_FILE, _VOCAB_FILE, "terms.parquet", _ARTICLES_FILE, _OCCURRENCES_FILE, "part_sents.parquet")
_MAPPED_FILES = (_VOCAB_FILE, _ARTICLES_FILE, _OCCURRENCES_FILE)


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
        _write_tokens(corpus._arrays, tmp / _TOKENS_FILE)
        # each table made when written and dropped after: they are not all held at once
        # (at 100M words the articles and occurrences tables are ~1 GB each)
        tables = {
            # with each type's lower-form id (Corpus.lower_ids: an Arrow sort of the forms,
            # ~20 ms of a first n-gram call after Corpus.load, issue 24)
            _VOCAB_FILE: lambda: pa.Table.from_pandas(
                corpus.vocab.assign(lower_id=corpus.lower_ids()[1]), preserve_index=False),
            "terms.parquet": lambda: pa.table(
                {"term": pa.array(corpus.term_names.astype(str).tolist(), type=pa.string())}),
            _ARTICLES_FILE: lambda: _articles_table(corpus.articles),
            _OCCURRENCES_FILE: lambda: pa.Table.from_pandas(corpus.occurrences, preserve_index=False),
            "part_sents.parquet": lambda: pa.table(
                {p: corpus._part_sents[:, k] for k, p in enumerate(PARTS)}),
            # the term counts of the default parts, which tfidf, similarity and keyness start
            # from: read back (~10 ms) instead of counted from every token on their first
            # call after Corpus.load (~85 ms at 1M words, issue 24)
            _COUNTS_FILE: lambda: corpus.doc_term_matrix(DEFAULT_PARTS),
            # and the word counts per document and lower form (the frequency list per group)
            _LOWER_COUNTS_FILE: lambda: corpus.doc_lower_matrix(DEFAULT_PARTS),
            # and the frequency list of the default parts (the first ngrams(n=1, by=None))
            _FREQ_FILE: lambda: pa.Table.from_pandas(corpus.word_frequencies(DEFAULT_PARTS),
                                                     preserve_index=False),
            # and the per-document counts label_rates divides by (issue 24)
            _DOC_WORDS_FILE: lambda: pa.table(dict(zip(("tokens", "words", "quoted"),
                                                       corpus.doc_word_counts(DEFAULT_PARTS)))),
            # and the lexicon as Corpus.load rebuilds it from index.json, validated: read back
            # instead of validated again on the first framing call (issue 24)
            **{name: (lambda k=k: _lexicon_tables(corpus)[k]) for k, name in enumerate(_LEXICON_FILES)},
        }
        sums = {_TOKENS_FILE: _file_sha(tmp / _TOKENS_FILE)}
        for name, make in tables.items():
            if name in _COUNT_UNITS:
                _write_counts(make(), tmp / name, _COUNT_UNITS[name])
            elif name in _MAPPED_FILES:
                _write_ipc(make(), tmp / name)
            else:
                pq.write_table(make(), tmp / name, row_group_size=_ROW_GROUP, compression="zstd")
            sums[name] = _file_sha(tmp / name)
        meta = dict(corpus._meta) | {"files": sums,
                                     # the terms tfidf and keyness leave out, by id (issue 24)
                                     "outlet_name_term_ids": corpus.outlet_name_term_ids().tolist(),
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


def _write_ipc(table, path: Path) -> None:
    """A table as an uncompressed Arrow IPC file of one record batch (Arrow aligns every
    buffer, so each column maps without copying; strings as large_string, what pandas'
    "str" columns hold)."""
    import pyarrow as pa

    schema = pa.schema([f.with_type(pa.large_string()) if f.type == pa.string() else f
                        for f in table.schema], metadata=table.schema.metadata)
    batch = table.cast(schema).combine_chunks().to_batches()
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
        for b in batch[:1] or [pa.RecordBatch.from_pylist([], schema=schema)]:
            writer.write_batch(b)


def _mapped(path: Path) -> mmap.mmap:
    """The file ``path`` mapped read-only (Python's mmap, which can let go of its
    resident pages: :meth:`Corpus.release_pages`)."""
    with open(path, "rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def _mapped_table(path: Path, maps: list | None = None):
    """:func:`_write_ipc`'s file as an Arrow table over the mapped file (nothing read yet);
    the mapping is appended to ``maps``."""
    import pyarrow as pa

    mm = _mapped(path)
    if maps is not None:
        maps.append(mm)
    reader = pa.ipc.open_file(pa.BufferReader(pa.py_buffer(mm)))
    if reader.num_record_batches != 1:
        raise ValueError(f"{path.name} is not one record batch")
    return pa.Table.from_batches([reader.get_batch(0)])


def _write_tokens(arrays: Mapping[str, np.ndarray], path: Path) -> None:
    """The token arrays as one record batch of an uncompressed Arrow IPC file."""
    import pyarrow as pa

    _write_ipc(pa.table({k: pa.array(arrays[k]) for k in TOKEN_ARRAYS}), path)


def _mapped_tokens(path: Path, maps: list | None = None) -> dict[str, np.ndarray]:
    """The token arrays of :func:`_write_tokens`' file, memory-mapped: read-only NumPy
    arrays over the file's pages (each keeps the mapping alive), nothing read yet."""
    table = _mapped_table(path, maps)
    if table.schema.names != list(TOKEN_ARRAYS):
        raise ValueError(f"{path.name} does not hold {', '.join(TOKEN_ARRAYS)}")
    return {k: table.column(k).chunk(0).to_numpy(zero_copy_only=True) for k in TOKEN_ARRAYS}


def _lexicon_tables(corpus: Corpus) -> tuple:
    """The validated labels and actors tables of the lexicon ``Corpus.load`` gives back (the
    record in ``index.json``), as Arrow tables (a match ``key``, a tuple, as a list)."""
    import pyarrow as pa

    lexicon = corpus.cached("lexicon_from_record", corpus._stored_lexicon)
    return tuple(pa.Table.from_pandas(frame.assign(key=[list(k) for k in frame["key"]]), preserve_index=False)
                 for frame in (lexicon.labels, lexicon.actors))


def _lexicon_frames(tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``_lexicon_tables`` back into the frames (keys as tuples of str)."""
    frames = []
    for table in tables:
        frame = table.to_pandas()
        frame["key"] = [tuple(str(w) for w in k) for k in frame["key"]]
        frames.append(frame)
    return frames[0], frames[1]


def _string_array(column):
    """A terms file's column as one Arrow string array."""
    import pyarrow as pa

    arr = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    return arr.cast(pa.string()) if arr.type != pa.string() else arr


def _write_counts(matrix, path: Path, unit: str) -> None:
    """A document x ``unit`` csr count matrix (sorted indices) as an uncompressed Arrow IPC
    file of one record batch, one row per document: ``<unit>`` (the column ids) and
    ``count``, two list columns whose offsets are the matrix's ``indptr``. Memory-mapped
    at load (:func:`_mapped_counts`): nothing is read until a view asks for it, and then
    nothing is decoded or copied."""
    import pyarrow as pa

    offsets = pa.array(np.asarray(matrix.indptr, dtype=np.int64))
    _write_ipc(pa.table({
        unit: pa.LargeListArray.from_arrays(offsets, pa.array(np.asarray(matrix.indices, dtype=np.int32))),
        "count": pa.LargeListArray.from_arrays(offsets, pa.array(np.asarray(matrix.data, dtype=np.int64)))}),
        path)


def _mapped_counts(path: Path, shape: tuple[int, int], unit: str, maps: list | None = None):
    """:func:`_write_counts`' file as the csr matrix ``doc_term_matrix`` (``doc_lower_matrix``)
    makes, its arrays read-only views of the mapped file (appended to ``maps``)."""
    from scipy import sparse

    table = _mapped_table(path, maps)
    if table.schema.names != [unit, "count"]:
        raise ValueError(f"{path.name} does not hold {unit}, count")
    ids, counts = table.column(unit).chunk(0), table.column("count").chunk(0)
    if len(ids) != shape[0]:
        raise ValueError(f"{path.name} has {len(ids)} rows, the index {shape[0]} documents")
    m = sparse.csr_matrix((counts.values.to_numpy(zero_copy_only=True),
                           ids.values.to_numpy(zero_copy_only=True),
                           ids.offsets.to_numpy(zero_copy_only=True)), shape=shape)
    m.has_sorted_indices = True
    return m


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
    stored_counts = _COUNTS_FILE in meta["files"]
    stored_freq = _FREQ_FILE in meta["files"]
    stored_doc_words = _DOC_WORDS_FILE in meta["files"]
    stored_lower = _LOWER_COUNTS_FILE in meta["files"]
    stored_lexicon = all(f in meta["files"] for f in _LEXICON_FILES)
    for name in (_FILES + ((_COUNTS_FILE,) if stored_counts else ()) + ((_FREQ_FILE,) if stored_freq else ())
                 + (_LEXICON_FILES if stored_lexicon else ()) + ((_DOC_WORDS_FILE,) if stored_doc_words else ())
                 + ((_LOWER_COUNTS_FILE,) if stored_lower else ())):
        path = folder / name
        if not path.is_file() or _file_sha(path) != meta["files"].get(name):
            raise BingkaiInputError("checksum mismatch (the file is missing, corrupt or stale)",
                                    path=path, hint="rebuild it with bingkai.index(...)")
    try:
        docs = None
        maps: list[mmap.mmap] = []  # every file mapped here, handed to the Corpus
        arrays = _mapped_tokens(folder / _TOKENS_FILE, maps)
        art_table = _mapped_table(folder / _ARTICLES_FILE, maps)
        articles = art_table.to_pandas()
        for field in art_table.schema:
            # Arrow gives list cells back as numpy arrays; the corpus frame
            # holds Python lists (body_lines)
            if str(field.type).startswith(("list", "large_list")):
                articles[field.name] = articles[field.name].map(
                    lambda v: v.tolist() if isinstance(v, np.ndarray) else v)
        if filters:  # the rows where() would choose, from the same frame
            docs = np.flatnonzero(_filter_mask(articles, filters))
        vocab = _mapped_table(folder / _VOCAB_FILE, maps).to_pandas()
        lower_codes = vocab.pop("lower_id").to_numpy().astype(np.int32) if "lower_id" in vocab.columns else None
        doc_tokens = np.asarray(meta.get("doc_tokens", []), dtype=np.int64)
        if docs is None:
            meta.pop("doc_tokens", None)
        term_column = pq.read_table(folder / "terms.parquet").column("term")
        terms = term_column.to_pylist()
        occ = _mapped_table(folder / _OCCURRENCES_FILE, maps).to_pandas()
        ps = pq.read_table(folder / "part_sents.parquet").to_pandas()
        # a subset renumbers its documents: it counts its own on first use
        counts = (_mapped_counts(folder / _COUNTS_FILE, (len(articles), len(terms)), "term", maps)
                  if stored_counts and docs is None else None)
        freqs = pq.read_table(folder / _FREQ_FILE).to_pandas() if stored_freq and docs is None else None
        doc_words = (pq.read_table(folder / _DOC_WORDS_FILE) if stored_doc_words and docs is None else None)
        # (a matrix once the lower forms are numbered: on first use)
        lower_counts = folder / _LOWER_COUNTS_FILE if stored_lower and docs is None else None
        lexicon_frames = (_lexicon_frames([pq.read_table(folder / f) for f in _LEXICON_FILES])
                          if stored_lexicon else None)
    except Exception as err:  # a checksummed file that still fails to parse
        raise BingkaiInputError(f"cannot read the index ({err})", path=folder,
                                hint="rebuild it with bingkai.index(...)") from None
    meta.pop("files")
    part_sents = ps[list(PARTS)].to_numpy(dtype=np.int64)
    if docs is None:
        corpus = Corpus(articles, arrays, vocab, np.asarray(terms, dtype=object), occ, part_sents, meta)
        corpus._maps = maps
        corpus._derived["term_names_arrow"] = _string_array(term_column)
        if lower_codes is not None:
            corpus._derived["stored_lower_codes"] = lower_codes
        if lexicon_frames is not None:
            corpus._derived["lexicon_tables"] = lexicon_frames
        if len(doc_tokens) == len(articles) and int(doc_tokens.sum()) == corpus.n_tokens:
            # the documents' token runs, from the per-document counts index.json keeps
            corpus._derived["doc_bounds"] = np.concatenate([[0], np.cumsum(doc_tokens)]).astype(np.int64)
        if doc_words is not None and doc_words.num_rows == len(articles):
            corpus._derived[("doc_words", tuple(part_codes(DEFAULT_PARTS)))] = tuple(
                doc_words.column(c).to_numpy().astype(np.int64) for c in ("tokens", "words", "quoted"))
        if counts is not None:
            corpus._derived[("dtm", tuple(part_codes(DEFAULT_PARTS)))] = counts
        if lower_counts is not None:
            corpus._derived[("doc_lower_file", tuple(part_codes(DEFAULT_PARTS)))] = lower_counts
        if freqs is not None:
            freqs["lower"] = freqs["lower"].astype("str")
            corpus._derived[("word_freq", tuple(part_codes(DEFAULT_PARTS)))] = freqs
        return corpus
    # renumber documents and occurrence token positions for the subset:
    # an occurrence's position moves down by the tokens of the documents
    # before it that were not loaded
    renum = np.full(len(articles), -1, dtype=np.int64)
    renum[docs] = np.arange(len(docs))
    chosen = np.zeros(len(articles), dtype=bool)
    chosen[docs] = True
    counts_all = np.asarray(meta.get("doc_tokens", []), dtype=np.int64)
    if len(counts_all) != len(articles) or int(counts_all.sum()) != len(arrays["doc"]):
        raise BingkaiInputError("the index has no per-document token counts", path=folder,
                                hint="rebuild it with bingkai.index(...)")
    # the chosen documents' runs of tokens (stored in document order), gathered from the
    # mapped file: only their pages are read
    lengths = counts_all[docs]
    first = np.cumsum(counts_all) - counts_all
    rows = np.repeat(first[docs] - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
    arrays = {k: v[rows] for k, v in arrays.items()}
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
    meta.pop("outlet_names", None)  # as Corpus._subset
    meta.pop("outlet_name_term_ids", None)
    corpus = Corpus(articles.iloc[docs], arrays, vocab, np.asarray(terms, dtype=object), occ,
                    part_sents[docs], meta)
    corpus._maps = maps  # the vocabulary's strings are still views of its mapped file
    corpus._derived["term_names_arrow"] = _string_array(term_column)
    if lower_codes is not None:  # the same types: the same lower forms
        corpus._derived["stored_lower_codes"] = lower_codes
    if lexicon_frames is not None:
        corpus._derived["lexicon_tables"] = lexicon_frames
    return corpus
