"""Text reuse: which articles share passages, and the passages themselves.

For churnalism and wire-copy questions (which outlet republishes whom) the
unit is the *passage*, not the topic: ``bingkai.text_reuse`` finds pairs of
articles that contain the same run of words, however different the rest of
the two articles is, with the shared passages as text.

Method (word n-gram shingling with an inverted index, as in near-duplicate
detection since Broder 1997):

1. **Tokens.** The token arrays of the corpus index (``bingkai.index``:
   the tokens of ``bingkai.tokens``) for each article part (title, subtitle,
   body; default body only); punctuation is dropped and words and numbers
   are compared by their normalised lower-case form (``lower``), so quote
   style, capitalisation and punctuation edits do not break a match.
   Shingles never cross from one part into another.
2. **Shingles.** Every run of ``n`` consecutive tokens (default 8) is hashed
   into an int64 (a polynomial hash of the token ids, finished with the
   splitmix64 mixer), all vectorised in numpy. With 64-bit hashes the chance
   that two different 8-grams of a million-word corpus collide anywhere is
   about 10^-7, so hashes stand for the shingles themselves.
3. **Inverted index.** The distinct (shingle, article) pairs are sorted by
   shingle; each shingle found in 2 to ``max_docs`` articles links all its
   articles pairwise. A shingle in more than ``max_docs`` articles (default
   50) is treated as *boilerplate* (site furniture, a standard disclaimer,
   an agency's sign-off) and links nobody: it would add up to ``max_docs^2
   / 2`` pairs per shingle without saying who copied whom, and skipping it
   keeps the work near-linear in the number of tokens (at most ``max_docs
   - 1`` links per shingle occurrence).
4. **Pairs and containment.** For a pair (A, B), ``shared`` is the number
   of distinct shingles they have in common (boilerplate excluded). A pair
   is reported when ``shared >= min_shared`` (default ``n``: as many
   shingles as one passage of ``2n - 1`` words, 15 with ``n = 8``, or
   several shorter passages together). One set phrase (an institution's
   full name with its usual attribution, "Menurut Observatorium Suriah untuk
   Hak Asasi Manusia, ...") gives one to a few shingles and would otherwise
   link thousands of unrelated pairs in a large corpus;
   ``containment_a = shared / |shingles of A|`` is the share of A found in
   B, ``containment_b`` the share of B found in A (Broder's containment,
   both ways: a short wire text reused whole inside a longer article has
   ``containment`` near 1 on its side only).
5. **Passages.** In A, consecutive shingle positions that are shared with
   B merge into one passage: ``r`` consecutive shingles cover ``r + n - 1``
   words, returned as the text of A between the first and the last of those
   words (punctuation and spacing as A has them). ``start_b``/``end_b``
   locate the passage in B: from the first occurrence in B of the passage's
   first shingle to the end of the first occurrence in B of its last shingle.

Limitations: a passage shorter than ``n`` words is not found (lower ``n``
finds shorter ones, and more chance phrases); a passage edited every few
words is found as several short passages or not at all; the boilerplate cap
also hides a text republished by more than ``max_docs`` articles (raise it
for such a corpus); passages are reported from A's side, so a passage that
B repeats twice is located at its first occurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from bingkai.constants import DEFAULT_PARTS, PART_CODES, PART_COLUMNS, PUNCT
from bingkai.errors import BingkaiInputError
from bingkai.indexing.build import as_corpus

#: splitmix64 finaliser constants (Steele, Lea & Flood 2014): spreads the bits
#: of the polynomial hash so that similar n-grams get unrelated hashes
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
#: multiplier of the polynomial hash (a large odd 64-bit constant)
_MULT = np.uint64(0x9E3779B97F4A7C15)


COLUMNS = ["doc_a", "doc_b", "outlet_a", "outlet_b", "shared", "containment_a",
           "containment_b", "passage", "part", "words", "start_a", "end_a", "start_b",
           "end_b", "text"]


def shingle_hashes(ids: np.ndarray, segment: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the ``n``-token shingles of a token stream.

    ``ids`` are non-negative token (type) ids in stream order, ``segment``
    an id per token that changes wherever a shingle must not continue (a new
    article or part). Returns ``(pos, hash)``: the first-token position of
    every shingle lying inside one segment, and its int64 hash.
    """
    ids = np.asarray(ids, dtype=np.int64)
    segment = np.asarray(segment)
    count = len(ids) - n + 1
    if count <= 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    vals = ids.astype(np.uint64) + np.uint64(1)  # 0 would vanish in the polynomial
    h = np.zeros(count, dtype=np.uint64)
    for j in range(n):  # n vectorised passes, wrapping uint64 arithmetic
        h = h * _MULT + vals[j:j + count]
    h ^= h >> np.uint64(30)
    h *= _MIX1
    h ^= h >> np.uint64(27)
    h *= _MIX2
    h ^= h >> np.uint64(31)
    pos = np.flatnonzero(segment[:count] == segment[n - 1:])
    return pos.astype(np.int64), h[pos].view(np.int64)


class Reuse(NamedTuple):
    """Output of :func:`shared_passages`, in token positions.

    Pairs (one entry per pair, a < b): ``a, b, shared``. Passages (one entry
    per passage, sorted by pair then position in A): ``run_a, run_b`` (the
    pair's documents), ``first_a, last_a`` (first and last shingle positions
    in A, in stream positions), ``first_b, last_b`` (the positions in B of the
    first occurrence of the passage's first and last shingle). ``shingles``
    counts each document's distinct shingles.
    """

    a: np.ndarray
    b: np.ndarray
    shared: np.ndarray
    shingles: np.ndarray
    run_a: np.ndarray
    run_b: np.ndarray
    first_a: np.ndarray
    last_a: np.ndarray
    first_b: np.ndarray
    last_b: np.ndarray


def shared_passages(doc: np.ndarray, ids: np.ndarray, segment: np.ndarray, n_docs: int, *,
                    n: int = 8, max_docs: int = 50, min_shared: int = 1) -> Reuse:
    """The core of :func:`text_reuse` on arrays (fed by the corpus index's
    token arrays).

    ``doc`` (document row, non-decreasing), ``ids`` (token type id) and
    ``segment`` (changes at every document or part boundary) hold one entry
    per compared token, in document order; ``n_docs`` is the number of
    documents; pairs sharing fewer than ``min_shared`` distinct shingles are
    left out. See the module docstring for the method.
    """
    doc = np.asarray(doc, dtype=np.int64)
    pos, h = shingle_hashes(ids, segment, n)
    d = doc[pos]
    # distinct (shingle, doc), first occurrence kept: sort by hash, doc, position
    order = np.lexsort((pos, d, h))
    h, d, pos = h[order], d[order], pos[order]
    new = np.ones(len(h), dtype=bool)
    new[1:] = (h[1:] != h[:-1]) | (d[1:] != d[:-1])
    uh, ud, upos = h[new], d[new], pos[new]
    shingles = np.bincount(ud, minlength=n_docs).astype(np.int64)

    # groups of equal hash among the distinct (shingle, doc) entries
    starts = np.flatnonzero(np.r_[True, uh[1:] != uh[:-1]])
    sizes = np.diff(np.r_[starts, len(uh)])
    size_of = np.repeat(sizes, sizes)
    end_of = np.repeat(starts + sizes, sizes)
    linked = np.flatnonzero((size_of >= 2) & (size_of <= max_docs))
    keys: list[np.ndarray] = []
    hashes: list[np.ndarray] = []
    for off in range(1, int(sizes.max(initial=1))):
        if off >= max_docs:
            break
        e = linked[linked + off < end_of[linked]]
        if not len(e):
            break
        keys.append(ud[e] * n_docs + ud[e + off])  # ud sorted within a group: a < b
        hashes.append(uh[e])
    empty = np.empty(0, dtype=np.int64)
    if not keys:
        return Reuse(empty, empty, empty, shingles, empty, empty, empty, empty, empty, empty)
    key = np.concatenate(keys)
    hk = np.concatenate(hashes)
    pair_key, shared = np.unique(key, return_counts=True)
    enough = shared >= min_shared
    pair_key, shared = pair_key[enough], shared[enough]
    keep = np.isin(key, pair_key)
    key, hk = key[keep], hk[keep]
    if not len(key):
        return Reuse(empty, empty, empty, shingles, empty, empty, empty, empty, empty, empty)

    # every position in A of a shingle the pair shares (a repeated phrase counts
    # at each place), then runs of consecutive positions
    # only the documents of reported pairs take part in the joins below
    in_a = np.isin(d, np.unique(pair_key // n_docs))
    occ = pd.DataFrame({"d": d[in_a], "h": h[in_a], "pos": pos[in_a]})
    links = pd.DataFrame({"key": key, "d": key // n_docs, "h": hk})
    at_a = links.merge(occ, on=["d", "h"], how="inner")
    at_a = at_a.sort_values(["key", "pos"], kind="stable")
    k_arr = at_a["key"].to_numpy()
    p_arr = at_a["pos"].to_numpy()
    h_arr = at_a["h"].to_numpy()
    brk = np.r_[True, (k_arr[1:] != k_arr[:-1]) | (p_arr[1:] != p_arr[:-1] + 1)]
    first_i = np.flatnonzero(brk)
    last_i = np.r_[first_i[1:], len(k_arr)] - 1
    run_key = k_arr[first_i]
    # where the passage is in B: first occurrence in B of its first / last shingle
    b_of = run_key % n_docs
    in_b = np.isin(ud, np.unique(b_of))
    first_in = pd.DataFrame({"d": ud[in_b], "h": uh[in_b], "at": upos[in_b]})

    def locate(hs: np.ndarray) -> np.ndarray:
        q = pd.DataFrame({"d": b_of, "h": hs})
        return q.merge(first_in, on=["d", "h"], how="left")["at"].to_numpy(dtype=np.int64)

    first_b = locate(h_arr[first_i])
    last_b = locate(h_arr[last_i])
    return Reuse(pair_key // n_docs, pair_key % n_docs, shared.astype(np.int64), shingles,
                 run_key // n_docs, b_of, p_arr[first_i], p_arr[last_i], first_b, last_b)


def _check_int(name: str, value: Any, low: int, hint: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        raise BingkaiInputError(f"{name}={value!r} is not a whole number >= {low}", hint=hint)
    return int(value)


def text_reuse(corpus: Any, *, shingle: int = 8, max_docs: int = 50,
               min_shared: int | None = None, parts: Sequence[str] = DEFAULT_PARTS,
               progress: bool | None = None) -> pd.DataFrame:
    """Pairs of articles that share passages, with the passages.

    Parameters
    ----------
    corpus : a ``bingkai.Corpus`` (``bingkai.index``), or the articles frame
        from ``bingkai.load_corpus`` / ``bingkai.read_articles``, indexed on
        the way (through the cache).
    shingle : shingle length in words (default 8): the shortest passage found.
    max_docs : a shingle found in more articles than this is boilerplate and
        links no pair (default 50; see the module docstring).
    min_shared : report a pair only when it shares at least this many
        distinct shingles (default ``shingle``; 1 reports every shared shingle).
    parts : article parts compared ("title", "subtitle", "body"; default
        body only). A passage never spans two parts.
    progress : progress bar while indexing a frame.

    Returns
    -------
    DataFrame, one row per shared passage (the pair's columns repeat on each
    of its passages; ``drop_duplicates(["doc_a", "doc_b"])`` gives one row
    per pair):

    - ``doc_a``, ``doc_b``: the pair, doc_a < doc_b; ``outlet_a``, ``outlet_b``;
    - ``shared`` (int): distinct shingles the two share (boilerplate excluded);
    - ``containment_a`` / ``containment_b`` (float): share of A's distinct
      shingles found in B, and of B's found in A;
    - ``passage`` (int): 1, 2, ... in the order of the passages in A;
    - ``part``: "title", "subtitle" or "body";
    - ``words`` (int): the passage's length in words and numbers;
    - ``start_a``, ``end_a``, ``start_b``, ``end_b`` (int): character offsets
      of the passage in that part of A and of B (``text`` column for body);
    - ``text``: the passage as A has it (``field_a[start_a:end_a]``).

    Sorted by ``shared`` descending, then doc_a, doc_b, passage. Articles
    that share no passage of ``shingle`` words do not appear.
    """
    n = _check_int("shingle", shingle, 1, "pass the shingle length in words, e.g. shingle=8")
    max_docs = _check_int("max_docs", max_docs, 2,
                          "pass how many articles a passage may appear in before it counts "
                          "as boilerplate, e.g. max_docs=50")
    min_shared = n if min_shared is None else _check_int(
        "min_shared", min_shared, 1, "pass the fewest shared shingles a reported pair has, "
                                     "e.g. min_shared=8, or None for the shingle length")
    if isinstance(parts, str):
        parts = (parts,)
    bad = [p for p in parts if p not in PART_COLUMNS]
    if bad or not parts:
        raise BingkaiInputError(f"parts={tuple(parts)!r} is not a choice of article parts",
                                hint="use one or more of 'title', 'subtitle', 'body'")

    index = as_corpus(corpus, progress=progress)
    arts = index.articles
    doc_ids = arts["doc_id"].astype(str).to_numpy(dtype=object)
    arrays = index.arrays
    # words and numbers of the chosen parts, compared by their lower-case form
    keep = (arrays["kind"] != PUNCT) & np.isin(arrays["part"], [PART_CODES[p] for p in parts])
    row = arrays["doc"][keep].astype(np.int64)
    part_code = arrays["part"][keep].astype(np.int64)
    ids = index.token_lower()[keep].astype(np.int64)
    res = shared_passages(row, ids, row * 3 + part_code, len(doc_ids), n=n, max_docs=max_docs,
                          min_shared=min_shared)
    if not len(res.run_a):
        return pd.DataFrame({c: pd.Series([], dtype=("int64" if c in (
            "shared", "passage", "words", "start_a", "end_a", "start_b", "end_b")
            else "float64" if c.startswith("containment") else "str")) for c in COLUMNS})

    start = arrays["start"][keep].astype(np.int64)
    end = arrays["end"][keep].astype(np.int64)
    last_tok_a = res.last_a + n - 1
    last_tok_b = res.last_b + n - 1
    outlets = arts["outlet"].astype(str).to_numpy(dtype=object)
    part_names = np.array(["title", "subtitle", "body"], dtype=object)
    run_part = part_names[part_code[res.first_a]]
    texts = [index.fields(int(a), PART_CODES[p])[s:e] for a, p, s, e in
             zip(res.run_a, run_part, start[res.first_a], end[last_tok_a])]
    # pair-level numbers for each passage
    pair_index = pd.Index(res.a * len(doc_ids) + res.b)
    at = pair_index.get_indexer(res.run_a * len(doc_ids) + res.run_b)
    shared = res.shared[at]
    out = pd.DataFrame({
        "doc_a": pd.array(doc_ids[res.run_a], dtype="str"),
        "doc_b": pd.array(doc_ids[res.run_b], dtype="str"),
        "outlet_a": pd.array(outlets[res.run_a], dtype="str"),
        "outlet_b": pd.array(outlets[res.run_b], dtype="str"),
        "shared": shared,
        "containment_a": shared / res.shingles[res.run_a],
        "containment_b": shared / res.shingles[res.run_b],
        "passage": np.zeros(len(res.run_a), dtype=np.int64),
        "part": pd.array(run_part, dtype="str"),
        "words": (last_tok_a - res.first_a + 1).astype(np.int64),
        "start_a": start[res.first_a],
        "end_a": end[last_tok_a],
        "start_b": start[res.first_b],
        "end_b": end[np.maximum(last_tok_b, res.first_b + n - 1)],
        "text": pd.array(texts, dtype="str"),
        "_at": res.first_a,  # stream position: orders parts title < subtitle < body
    })
    out = out.sort_values(["shared", "doc_a", "doc_b", "_at"],
                          ascending=[False, True, True, True], kind="stable",
                          ignore_index=True)
    out["passage"] = out.groupby(["doc_a", "doc_b"], sort=False).cumcount().astype(np.int64) + 1
    return out[COLUMNS]
