"""Building a :class:`~bingkai.indexing.corpus.Corpus`: ``bingkai.index(articles)``.

Building is a map over partitions of the articles (each partition tokenised
and matched on its own, with its own local vocabulary) followed by a merge
of the vocabularies, sorted so that ids do not depend on how the articles
were partitioned: the same articles give the same index bytes whether they
were built in one process, in ``n_jobs`` processes or on a Dask cluster.

With ``cache_dir`` (or ``BINGKAI_CACHE_DIR``), ``index()`` keys the folder by a hash of
the articles' content, the package version, the lexicon, the protected forms and the
stopwords, so a second call on the same input loads instead of rebuilding.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bingkai import __version__
from bingkai.clean.outlet_names import outlet_name_terms as find_outlet_name_terms
from bingkai.constants import DATA_DIR, KINDS, PARTS, PART_COLUMNS
from bingkai.errors import BingkaiInputError
from bingkai.frames import check_frame
from bingkai.indexing.arrays import isin_sorted, unique_ints
from bingkai.indexing.corpus import FORMAT, TOKEN_ARRAYS, Corpus, _load, _save, _sha, lexicon_record
from bingkai.lexicon import attribution, matching
from bingkai.lexicon.matching import Matchers, compiled_matchers, occurrence_frame
from bingkai.lexicon.packs import Lexicon, resolve_actors, resolve_labels, resolve_lexicon
from bingkai.parallel import check_n_jobs, chunked_map
from bingkai.progress import progress_bar
from bingkai.text.analyzer import OPENERS, SENTENCE_END, TITLE_CASE_SHARE
from bingkai.text.normalize import token_form
from bingkai.text.stemming import Stemmer, default_stemmer
from bingkai.text.stopwords import stopwords
from bingkai.text.tokens import document_arrays, field_text


CACHE_ENV = "BINGKAI_CACHE_DIR"
# Documents per partition of the build (one task of the process pool or of
# the Dask cluster): large enough that per-task overhead is small, small
# enough that two workers share the work evenly on a few thousand articles.
_PARTITION_DOCS = 500
#: what ``bingkai.index(errors=...)`` accepts
ERRORS = ("report", "raise")


def index(articles: pd.DataFrame | Corpus, *, lexicon: Any = None,
          cache_dir: str | os.PathLike[str] | None = None, n_jobs: int = 1,
          progress: bool | None = None, client: Any = None, errors: str = "report") -> Corpus:
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
    if errors not in ERRORS:
        raise BingkaiInputError(f"errors={errors!r} is not one of {', '.join(map(repr, ERRORS))}",
                                hint='use errors="report" (skip and list failing documents) or "raise"')
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
               _sha(*sorted(stop)), rules_digest())
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return _MEMO[key]
    corpus = _cached_or_built(frame, lex, stemmer, stop, key, cache_dir=cache_dir, n_jobs=n_jobs,
                              progress=progress, client=client, errors=errors)
    if len(corpus.failed):
        return corpus  # not remembered: the failing documents are tried again next time
    _MEMO[key] = corpus
    while len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)
    return corpus


# The last few indexes built or loaded in this process, by key: views given the
# same DataFrame again (a notebook asking question after question) share one
# build. Indexes are immutable, so sharing them is safe.
_MEMO: OrderedDict[str, Corpus] = OrderedDict()

def rules_digest(data_dir: Path = DATA_DIR) -> str:
    """SHA-256 of the rule files the build reads besides the lexicon (argument structure,
    home actors, speaker words, name particles, abbreviations, ...): every file directly in
    ``data_dir``. Part of the cache key, so an edited rule file rebuilds a cached index
    instead of serving counts made under the old rules."""
    parts = []
    for path in sorted(p for p in data_dir.iterdir() if p.is_file()):
        parts += [path.name, hashlib.sha256(path.read_bytes()).hexdigest()]
    return _sha(*parts)

_MEMO_SIZE = 4


def _cached_or_built(frame, lex, stemmer, stop, key, *, cache_dir, n_jobs, progress, client,
                     errors: str = "report") -> Corpus:
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
    corpus = _build(frame, lex, stemmer, stop, key, n_jobs=n_jobs, progress=progress, client=client,
                    errors=errors)
    if folder is not None and not len(corpus.failed):
        try:
            _save(corpus, folder / f"index-{key[:32]}")
        except OSError as err:
            warnings.warn(f"bingkai: could not write the index cache in {folder} ({err}); "
                          "continuing in memory", stacklevel=2)
    return corpus


def as_corpus(data: pd.DataFrame | Corpus, *, lexicon: Any = None,
              progress: bool | None = None, n_jobs: int = 1) -> Corpus:
    """``data`` as a Corpus: a Corpus as it is (a ``lexicon`` other than the
    one it was built with is an error, see :meth:`Corpus.check_lexicon`), a
    frame indexed (through the cache) with ``lexicon``."""
    if isinstance(data, Corpus):
        data.check_lexicon(lexicon)
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
           n_jobs: int, progress: bool | None, client: Any, errors: str = "report") -> Corpus:
    docs = _doc_inputs(frame)
    ctx = lex.matchers()
    chunks = [docs[k:k + _PARTITION_DOCS] for k in range(0, len(docs), _PARTITION_DOCS)]
    if client is not None:
        parts = _dask_map(client, chunks, ctx, errors)
    elif n_jobs == 1 or len(chunks) < 2:
        parts = [_partition(c, ctx, errors) for c in progress_bar(chunks, desc="index", progress=progress,
                                                                    unit="part")]
    else:
        with chunked_map(_partition_worker, docs, n_jobs, initializer=_init_worker,
                         initargs=(ctx, errors), desc="index", progress=progress) as mapped:
            # while the workers tokenise and match, this process finds the outlet names
            names = find_outlet_name_terms(frame)
            parts = [p for _, p in mapped]
        del docs, chunks  # the texts as Python strings: not needed by the merge
        return _merge(frame, parts, lex, stemmer, stop, key, n_jobs=n_jobs, progress=progress,
                      client=client, errors=errors, outlet_names=names)
    del docs, chunks
    return _merge(frame, parts, lex, stemmer, stop, key, n_jobs=n_jobs, progress=progress,
                  client=client, errors=errors)


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
_WORKER_ERRORS = "report"


def _init_worker(ctx, errors: str = "report") -> None:
    global _WORKER_CTX, _WORKER_ERRORS
    _WORKER_CTX, _WORKER_ERRORS = ctx, errors


def _partition_worker(chunk):
    return _partition(chunk, _WORKER_CTX, _WORKER_ERRORS)


def _failure(err: Exception) -> str:
    return f"{type(err).__name__}: {err}"


def _partition(chunk, ctx=None, errors: str = "report") -> dict[str, Any]:
    """Tokenise and match one partition of documents (the map step).

    Returns the partition's local vocabulary (surface strings in first-seen
    order), per-token arrays with local type codes, the occurrence rows
    (with their first token's position within the partition), per-doc
    sentence counts per part and the documents that failed
    (``(doc number, doc_id, stage, error)``; with ``errors="raise"`` the
    error is raised instead). A failed document adds no occurrence; the
    merge leaves its tokens out too (:func:`_merge`)."""

    surfaces: list[str] = []
    cols: dict[str, list[np.ndarray]] = {k: [] for k in ("doc", "part", "para", "sent", "i",
                                                         "start", "end", "kind", "voice")}
    rows: list[tuple] = []
    first_tok: list[int] = []
    ntok: list[int] = []
    part_sents = np.zeros((len(chunk), len(PARTS)), dtype=np.int64)
    docnums = np.zeros(len(chunk), dtype=np.int64)
    found_docs = []  # (doc number, doc_id, outlet, fields, tokens, arrays, first token in the partition)
    failed: list[tuple[int, str, str, str]] = []
    offset = 0
    for j, (d, doc_id, outlet, fields) in enumerate(chunk):
        docnums[j] = d
        try:
            found = document_arrays(fields)
        except Exception as err:  # one document must not sink the corpus
            if errors == "raise":
                raise
            failed.append((d, doc_id, "tokens", _failure(err)))
            continue
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
        found_docs.append((d, doc_id, outlet, fields, toks, arr, offset))
        offset += n
    # local type codes in first-seen order (pandas' hash table, not a Python
    # loop per token)
    codes, vocab = pd.factorize(np.array(surfaces, dtype=object), sort=False)
    # Only a document with a token at which a label match can start can have
    # an occurrence (match_document appends nothing otherwise): decided once
    # per type, then per document with one bincount, so most documents skip
    # the per-token Python of matching
    has_start = np.ones(len(found_docs), dtype=bool)
    if found_docs:
        key_of = ctx.key_of
        type_key = [key_of[s] for s in vocab]
        type_starts = np.fromiter(map(ctx.may_start, type_key), dtype=bool, count=len(vocab))
        sizes = np.diff(np.array([f[6] for f in found_docs] + [offset], dtype=np.int64))
        has_start = np.bincount(np.repeat(np.arange(len(found_docs)), sizes),
                                weights=type_starts[codes], minlength=len(found_docs)) > 0
        # ... and only where some label variant has all its words (issue 24):
        # the document's match keys plus what they hide (ctx.parts, with and
        # without the "^" mark: a superset, so no document that can match is
        # skipped); most documents with a common first word ("secara",
        # "orang", "para") lack the rest of every variant. What a key hides is
        # listed once per type, not once per document that holds it
        hides: dict[int, tuple[str, ...]] = {}
        for c, k in enumerate(type_key):
            hidden = ctx.parts(k)
            if hidden:
                cut = len(hidden[0].rstrip("^"))  # a glued pair is split at its left part
                hides[c] = (*hidden, *(h.rstrip("^") for h in hidden), k[:cut], k[cut:])
        hiding = hides.keys()
        for j in np.flatnonzero(has_start).tolist():
            first = found_docs[j][6]
            doc_types = set(codes[first:first + sizes[j]].tolist())
            present = set(map(type_key.__getitem__, doc_types))
            for c in doc_types & hiding:
                present.update(hides[c])
            has_start[j] = ctx.labels.could_match(present)
    for (d, doc_id, outlet, fields, toks, arr, base), can_match in zip(found_docs, has_start.tolist()):
        if not can_match:
            continue
        doc_rows: list[tuple] = []
        try:
            matching.match_document(doc_id, outlet, fields, toks, arr, ctx, doc_rows)
        except Exception as err:  # one document must not sink the corpus
            if errors == "raise":
                raise
            failed.append((d, doc_id, "lexicon", _failure(err)))
            continue
        if doc_rows:
            rows.extend(doc_rows)
            # first token and token count of each new occurrence, from its
            # part and character span (spans never cross parts)
            part_arr, start_arr, end_arr = arr["part"], arr["start"], arr["end"]
            for row in doc_rows:
                pc = PARTS.index(row[2])
                lo = int(np.searchsorted(part_arr, pc, side="left"))
                hi = int(np.searchsorted(part_arr, pc, side="right"))
                p = lo + int(np.searchsorted(end_arr[lo:hi], row[7], side="right"))
                q = lo + int(np.searchsorted(start_arr[lo:hi], row[8], side="left"))
                first_tok.append(base + p)
                ntok.append(max(q - p, 1))
    # final dtypes here, in the worker: half the memory of int64 on the way back
    out_arrays = {k: (np.concatenate(v).astype(TOKEN_ARRAYS[k], copy=False) if v
                      else np.zeros(0, dtype=TOKEN_ARRAYS[k])) for k, v in cols.items()}
    return {"vocab": list(vocab), "codes": codes.astype(np.int32),
            "arrays": out_arrays, "rows": rows, "tok": np.asarray(first_tok, dtype=np.int64),
            "ntok": np.asarray(ntok, dtype=np.int64), "docs": docnums, "part_sents": part_sents,
            "failed": failed}


def _dask_map(client, chunks, ctx, errors: str = "report") -> list[dict[str, Any]]:
    """The map step on a Dask cluster: one task per partition, results
    gathered in partition order (so the merge is the local one)."""
    # scatter the data (documents, the compiled lexicon) instead of embedding
    # it in the task graph: one copy per worker, not one per task
    ctx_future = client.scatter(ctx, broadcast=True)
    futures = client.map(_partition, client.scatter(chunks), ctx=ctx_future, errors=errors, pure=False)
    # collected one by one as the workers finish, each future let go once its result is
    # here: a worker drops a result when it has been sent, instead of holding every result
    # until one gather at the end (at 100M words ~5 GB per worker while this process
    # receives the same again)
    parts = []
    for k in range(len(futures)):
        parts.append(futures[k].result())
        futures[k] = None
    return parts


def _dask_prestem(client, stemmer, words: list[str]) -> None:
    """Stem the Sastrawi words of ``words`` that the stemmer has not cached
    on the Dask cluster (one task per chunk of 2,000 words) and put the
    stems into its word cache: the entries ``stem_token`` would make."""
    todo = stemmer.unstemmed_tokens(words)
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
           client: Any = None, errors: str = "report",
           outlet_names: frozenset[str] | None = None) -> Corpus:
    """The reduce step: one sorted vocabulary, global type ids, per-type
    facts (normalised lower form, kind, stopword, stem), per-token terms.
    Consumes ``parts``' token arrays (each is taken out of its partition's
    ``"arrays"`` as it is concatenated, so the corpus's arrays are held once)."""
    surfaces = sorted(set().union(*(p["vocab"] for p in parts))) if parts else []
    gid = pd.Index(surfaces, dtype=object)  # surface -> global type id (a C hash table)
    type_chunks = []
    for p in parts:
        remap = gid.get_indexer(p["vocab"]).astype(np.int32)
        type_chunks.append(remap[p["codes"]] if len(p["codes"]) else p["codes"])
    # each partition's array is dropped once concatenated: the merge holds the corpus's
    # token arrays about once, not twice (35 bytes a token: ~4 GB at 100M words)
    arrays = {k: (np.concatenate([p["arrays"].pop(k) for p in parts]) if parts
                  else np.zeros(0, dtype=t)) for k, t in TOKEN_ARRAYS.items() if k not in ("type", "term")}
    arrays["type"] = np.concatenate(type_chunks) if type_chunks else np.zeros(0, dtype=np.int32)
    del type_chunks
    part_sents = np.zeros((len(frame), len(PARTS)), dtype=np.int64)
    for p in parts:
        part_sents[p["docs"]] = p["part_sents"]

    # per type: normalised form, kind, analyzer facts
    n_types = len(surfaces)
    norm = [token_form(s) for s in surfaces]
    lower = [s.lower() for s in norm]
    kind = np.zeros(n_types, dtype=np.int8)
    if n_types:
        # kind of a type = kind of (any) token of it: kinds depend only on the
        # string, so one scatter gives every type its kind (no sort)
        kind[arrays["type"]] = arrays["kind"]
    is_word = kind == 0
    stop_flag = np.array([w and low in stop for w, low in zip(is_word, lower)], dtype=bool)
    # stems: one Sastrawi call per word type (in n_jobs processes, or on the
    # Dask cluster, when cold)
    to_stem = [low for w, s, low in zip(is_word, stop_flag, lower) if w and not s]
    if client is not None:
        _dask_prestem(client, stemmer, to_stem)
    elif n_jobs > 1:
        stemmer.prestem_tokens(to_stem, n_jobs=n_jobs, progress=progress)
    bad_types: dict[int, str] = {}  # type id -> error, for types the stemmer failed on

    def stemmed(t: int, form: str, fallback: str, proper: bool = False) -> str:
        try:
            return stemmer.stem_token(form, proper_noun=proper)
        except Exception as err:  # one odd word must not sink the corpus
            if errors == "raise":
                raise
            bad_types.setdefault(t, _failure(err))
            return fallback

    stem_of = [stemmed(t, nm, low) if (w and not s) else low
               for t, (nm, low, w, s) in enumerate(zip(norm, lower, is_word, stop_flag))]
    caps = np.array([nm[:1].isupper() for nm in norm], dtype=bool) & is_word
    acronym = np.array([len(nm) > 1 and nm.isupper() for nm in norm], dtype=bool) & is_word
    is_lower_surface = np.array([nm.islower() for nm in norm], dtype=bool) & is_word
    proper_of = [stemmed(t, nm, low, proper=True) if (c and not s) else None
                 for t, (nm, low, c, s) in enumerate(zip(norm, lower, caps, stop_flag))]
    freq = np.bincount(arrays["type"], minlength=n_types).astype(np.int64)
    vocab = pd.DataFrame({
        "surface": pd.array(surfaces, dtype="str"),
        "lower": pd.array(lower, dtype="str"),
        "kind": pd.array(np.asarray(KINDS, dtype=object)[kind], dtype="str"),
        "stop": stop_flag,
        "stem": pd.array(stem_of, dtype="str"),
        "freq": freq,
    })
    punct_class = np.array([0 if nm in SENTENCE_END else 1 if nm in OPENERS else 2
                            for nm in norm], dtype=np.int8)
    proper = _proper_tokens(arrays, kind, stop_flag, caps, acronym, is_lower_surface,
                            np.asarray(lower, dtype=object), punct_class)
    # term per token: proper-noun form or stem for non-stop words, else -1.
    # Strings are sorted per *type* (two candidates each), never per token:
    # tokens only carry integer ids (bounded memory at 10M words).
    type_of = arrays["type"]
    word_type = is_word & ~stop_flag
    word_tok = word_type[type_of]
    stem_names = np.asarray(stem_of, dtype=object)
    proper_names = np.asarray([p if p is not None else "" for p in proper_of], dtype=object)
    # distinct strings sorted in Python (np.unique of fixed-width strings is
    # hash-based and slow), ids by hash lookup: a word type's stem and proper
    # form are candidates; other types get -1, which no word token uses
    candidates = np.asarray(sorted(set(stem_names[word_type].tolist())
                                   | set(proper_names[word_type & caps].tolist())), dtype=str) \
        if word_type.any() else np.zeros(0, dtype=str)
    cand_index = pd.Index(candidates.tolist(), dtype=object)
    stem_id = cand_index.get_indexer(stem_names).astype(np.int32)
    proper_id = cand_index.get_indexer(proper_names).astype(np.int32)
    # candidate ids of the word tokens only (int32: fewer candidates than 2**31)
    word_types = type_of[word_tok]
    full = np.where(proper[word_tok], proper_id[word_types], stem_id[word_types])
    del word_types, proper
    used = unique_ints(full)  # terms some token has
    term_names = candidates[used] if len(used) else np.zeros(0, dtype=str)
    term = np.full(len(word_tok), -1, dtype=np.int32)
    # candidate id -> term id by one gather, not a binary search per token
    term_of = np.full(len(candidates), -1, dtype=np.int32)
    term_of[used] = np.arange(len(used), dtype=np.int32)
    term[word_tok] = term_of[full]
    arrays["term"] = term
    del full, word_tok

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
            # the lexicon itself, so a loaded index counts with it too
            "lexicon": lexicon_record(lex.source if lex.source is not None else (lex.labels, lex.actors))
            | {"window": int(lex.window)},
            # the ids a kwic/collocates query on this index may name
            "labels": sorted(set(lex.labels["label"].astype(str).str.lower())),
            "actors": sorted(set(lex.actors["actor"].astype(str).str.lower())),
            "lexicon_files": sorted(set(lex.labels.get("source", pd.Series(dtype=str)).astype(str))
                                    | set(lex.actors.get("source", pd.Series(dtype=str)).astype(str)))}
    failed = {d: (doc_id, stage, error) for p in parts for d, doc_id, stage, error in p["failed"]}
    if bad_types:  # every document holding a type the stemmer failed on
        bad = np.fromiter(bad_types, dtype=np.int64, count=len(bad_types))
        hit = np.isin(arrays["type"], bad)
        for d, t in zip(arrays["doc"][hit].tolist(), arrays["type"][hit].tolist()):
            failed.setdefault(d, (str(frame["doc_id"].iloc[d]), "stem", bad_types[t]))
    if failed:
        meta["failed"] = sorted([list(v) for v in failed.values()])
    corpus = Corpus(frame, arrays, vocab, term_names.astype(object), occ, part_sents, meta,
                    lexicon=lex.source)
    if failed:  # skipped: listed in corpus.failed, left out of every table
        keep = np.ones(len(frame), dtype=bool)
        keep[sorted(failed)] = False
        corpus = corpus._subset(keep)
        outlet_names = None  # found in the whole frame: the failed documents are not in the corpus
    # stored with the index: keyness, tfidf and collocates leave these terms out, and
    # finding them scans every text (~0.5 s CPU at 1M words), which was most of those
    # views' first call after Corpus.load (issue 24). ``outlet_names``: found already
    # (while worker processes mapped)
    if outlet_names is None:
        outlet_names = find_outlet_name_terms(corpus.articles)
    corpus._meta["outlet_names"] = sorted(outlet_names)
    return corpus


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
    # token-length temporaries are int32 (positions and run numbers stay below 2**31:
    # Corpus arrays are int32) and dropped when done: at 100M words each int64 one is ~1 GB
    pchange = np.r_[True, (doc[1:] != doc[:-1]) | (part[1:] != part[:-1]) | (para[1:] != para[:-1])]
    pid = np.cumsum(pchange, dtype=np.int32) - 1
    schange = pchange | np.r_[False, sent[1:] != sent[:-1]]
    del pchange
    # title case per paragraph
    n_words = np.bincount(pid, weights=wordish, minlength=pid[-1] + 1)
    n_caps = np.bincount(pid, weights=wordish & caps[t], minlength=pid[-1] + 1)
    title_case = (n_words > 0) & (n_caps >= TITLE_CASE_SHARE * n_words)
    # initial: no token before it in its sentence other than opening quotes/brackets
    is_opener = (k == 2) & (punct_class[t] == 1)
    # blockers before each token (cs - blocker: an exclusive cumulative sum)
    before = np.cumsum(~is_opener, dtype=np.int32)
    before -= ~is_opener
    del is_opener
    seg_id = np.cumsum(schange, dtype=np.int32) - 1
    base = before[schange]  # blockers before each segment
    del schange
    before -= base[seg_id]
    initial = before == 0
    del before, seg_id, base
    # lower-case occurrence of the same lower form in the paragraph
    lower_codes = pd.factorize(lower)[0] if len(lower) else np.zeros(0, dtype=np.int64)
    width = int(lower_codes.max()) + 1 if len(lower_codes) else 1
    lower_tok = wordish & is_lower_surface[t]
    cap_tok = wordish & caps[t] & ~stop_flag[t]
    # only capitalised tokens that are not acronyms, initials or in a headline need the
    # lower-case test: their (paragraph, form) keys are few, so the lower-case tokens are
    # looked up among them (not every token among every lower-case key). Keys
    # (paragraph, lower form) are made for those two sets of tokens only.
    ask = cap_tok & ~acronym[t] & ~initial & ~title_case[pid]
    del initial

    def combo(mask):
        return pid[mask].astype(np.int64) * width + lower_codes[t[mask]].astype(np.int64)

    asked = combo(ask)
    lower_combo = combo(lower_tok)
    found = unique_ints(lower_combo[isin_sorted(lower_combo, unique_ints(asked))])
    proper = cap_tok & acronym[t]
    proper[ask] = ~isin_sorted(asked, found)
    return proper


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
