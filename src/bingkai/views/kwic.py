"""Keyword in context (concordance lines).

``kwic(corpus, query)`` returns one row per hit with its left and right
context, cut from the article's own text so the reader sees the characters
the outlet printed (curly quotes, dashes, non-breaking spaces and all).

What a hit is, by ``match``:

- ``"token"`` (default): a word form or a multiword phrase. Matching is on
  the ``lower`` column of ``bingkai.tokens`` (Unicode-normalised, lower-cased
  surface), token by token, so it is case-insensitive and exact: "teroris"
  does not match "terorisme"; "negara agresor" matches the two tokens in a
  row (nothing between them but whitespace) within one paragraph. The query
  is tokenised with the same tokenizer as the text, so a hyphenated query
  ("besar-besaran") matches the way the text was tokenised.
- ``"stem"``: every word whose stem (``bingkai.stem``: PySastrawi with the
  protected forms of ``data/protected.csv``) equals the stem of the query
  word ("serangan" finds serang, menyerang, serangan ...); a multiword query
  matches consecutive words stem by stem.
- ``"label"`` / ``"actor"``: the rows of ``bingkai.label_occurrences`` for
  that label (e.g. "teroris", all its variants) or for label uses
  attributed to that actor id (e.g. "hts"); the match is the label's span.
- ``"cql"``: every match of a CQL query (``bingkai.query``'s language), the
  match running from its first to its last token.

Context rules:

- context never crosses a paragraph (a line of the cleaned text), nor the
  title/subtitle/body boundary: a concordance line is one stretch of prose;
- ``window`` counts word and number tokens only; punctuation between them is
  kept in the text (so a scare quote around the match shows) but does not use
  up the window. When the paragraph ends before ``window`` words, the context
  runs to the paragraph's edge, including edge punctuation;
- ``left``/``right`` are original-text slices with the whitespace next to
  the match (and at the outer edge) stripped.

Sorting: ``sort="1R"`` sorts by the first word right of the match, "2L" by
the second word to its left, and so on (up to ``window``), compared
case-insensitively (on ``lower``); a missing word (paragraph edge) sorts
first; ties keep document order. Default order: doc_id, part (title,
subtitle, body), start.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from bingkai.constants import DEFAULT_PARTS, PART_CODES, PART_COLUMNS, PARTS, PUNCT, VOICES, WORD
from bingkai.errors import BingkaiInputError
from bingkai.frames import check_parts
from bingkai.indexing.arrays import unique_ints
from bingkai.indexing.build import as_corpus
from bingkai.lexicon.packs import require_known
from bingkai.text.normalize import token_form
from bingkai.text.stemming import stem
from bingkai.text.tokens import tokenize
from bingkai.views.query import match_spans

MATCH = ("token", "stem", "label", "actor", "cql")
_SORT = re.compile(r"^\s*(\d+)\s*([LR])\s*$", re.IGNORECASE)
COLUMNS = ["doc_id", "outlet", "left", "match", "right", "sent", "start", "end", "voice",
           "part"]


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in COLUMNS})
    for c in ("sent", "start", "end"):
        frame[c] = frame[c].astype("int64")
    return frame


def _query_tokens(query: str) -> list[str]:
    """The query as ``lower`` forms, tokenised like the text."""
    return [token_form(t).lower() for t in tokenize(query)]


def _check_args(query: object, window: object, match: str, voice: str | None,
                sort: str | None) -> tuple[str, int] | None:
    if not isinstance(query, str) or not query.strip():
        raise BingkaiInputError(f"query {query!r} is empty",
                                hint="give a word, phrase, stem, label or actor id")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 0:
        raise BingkaiInputError(f"window={window!r} is not a whole number >= 0",
                                hint="pass e.g. window=8 (words each side)")
    if match not in MATCH:
        raise BingkaiInputError(f"match={match!r} is not a kind of KWIC query",
                                hint=f"use one of {', '.join(MATCH)}")
    if voice is not None and voice not in VOICES:
        raise BingkaiInputError(f"voice={voice!r} is not a voice",
                                hint="use 'narrator', 'quoted' or None for both")
    if sort is None:
        return None
    m = _SORT.match(sort) if isinstance(sort, str) else None
    if m is None or int(m.group(1)) < 1:
        raise BingkaiInputError(f"sort={sort!r} is not a context position",
                                hint="use e.g. '1R' (first word right of the match) or '2L'")
    n = int(m.group(1))
    if n > window:
        raise BingkaiInputError(f"sort={sort!r} looks beyond the window of {window} words",
                                hint=f"use a position up to {window}, or a larger window")
    return m.group(2).upper(), n


class _Tokens:
    """The index's token arrays, and what kwic derives from them on demand (kept with the
    Corpus). Nothing is computed over every token up front: a token query finds its types in
    the vocabulary, then its tokens; contexts are read around each hit (``_contexts``). The
    per-token paragraph bounds, context positions and lower-form ids built here before were
    most of the first call after ``Corpus.load`` (issue 24)."""

    def __init__(self, corpus) -> None:
        import pyarrow as pa  # heavy: imported where it is used

        self.corpus = corpus
        a = corpus.arrays
        self.doc = a["doc"]
        self.part = a["part"]
        self.para = a["para"]
        self.sent = a["sent"]
        self.start = a["start"]
        self.end = a["end"]
        self.type = a["type"]
        self.kind = a["kind"]
        self.voice = a["voice"]
        # per type its lower form (Arrow: equality and take without a Python string per type)
        self.type_lower = pa.array(corpus.vocab["lower"], type=pa.string())
        self._stem_keys = None

    def lower_types(self, form: str) -> np.ndarray:
        """The (sorted) types whose lower form is ``form``."""
        import pyarrow.compute as pc

        hit = pc.equal(self.type_lower, form)
        return np.flatnonzero(np.asarray(pc.fill_null(hit, False), dtype=bool))

    def lower_of(self, pos: np.ndarray) -> list[str]:
        """The lower forms of the tokens at ``pos``."""
        if not len(pos):
            return []
        return self.type_lower.take(np.asarray(self.type[pos], dtype=np.int64)).to_pylist()

    def stem_keys(self) -> tuple[np.ndarray, dict[str, int]]:
        """Per token the id of its word's stem (``bingkai.stem`` of the lower
        form; -1 for numbers and punctuation), and stem -> id."""
        if self._stem_keys is None:
            lower_names, _ = self.corpus.lower_ids()
            lower = self.corpus.token_lower()
            word_lowers = unique_ints(lower[self.kind == WORD])
            stems = [stem(str(lower_names[k])) for k in word_lowers]
            ids = {w: j for j, w in enumerate(sorted(set(stems)))}
            of_lower = np.full(len(lower_names), -1, dtype=np.int64)
            of_lower[word_lowers] = [ids[w] for w in stems]
            keys = np.where(self.kind == WORD, of_lower[lower], -1)
            self._stem_keys = (keys, ids)
        return self._stem_keys

    def __len__(self) -> int:
        return len(self.doc)

    def same_run(self, pos: np.ndarray, other: np.ndarray) -> np.ndarray:
        """Whether the tokens at ``other`` are in the paragraph run (doc, part, para) of the
        tokens at ``pos`` (both in range)."""
        return ((self.doc[other] == self.doc[pos]) & (self.part[other] == self.part[pos])
                & (self.para[other] == self.para[pos]))

    def sequence_hits(self, tests: Sequence) -> list[tuple[int, int]]:
        """Runs of ``len(tests)`` consecutive tokens in one paragraph, token ``k`` passing
        ``tests[k]`` (a function of token positions giving a mask); as (first, last + 1)."""
        n, width = len(self), len(tests)
        if width == 0 or n < width:
            return []
        # the first test over every token, a block at a time, each block's mapped pages let
        # go before the next (a loaded index: resident memory one block's, not the file's)
        found = []
        for lo in range(0, n, BLOCK_TOKENS):
            found.append(np.flatnonzero(tests[0](slice(lo, min(n, lo + BLOCK_TOKENS)))) + lo)
            self.corpus.release_pages()
        first = np.concatenate(found)
        first = first[first <= n - width]
        ok = np.ones(len(first), dtype=bool)
        for k in range(1, width):
            nxt = first + k
            ok &= tests[k](nxt) & self.same_run(first, nxt)
        return [(int(p), int(p) + width) for p in first[ok]]


# tokens examined beyond the window on each side of a hit before looking further (a
# paragraph's punctuation between the words: rarely more than a few)
_REACH = 16
# Tokens scanned per block for a query's first word, and hits given their contexts per
# block: after each block the index's mapped pages are let go (Corpus.release_pages), so a
# frequent word's kwic on a 100M-word index holds ~one block of the token file resident
# (35 bytes a token) instead of all of it. Large enough that a 1M-word index is one block.
BLOCK_TOKENS = 1 << 23
BLOCK_HITS = 1 << 15


def _side(t: _Tokens, origin: np.ndarray, anchor: np.ndarray, window: int, step: int,
          same=None, counted=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each hit, the counted tokens on one side within its stretch (kwic: its paragraph
    run, word and number tokens; ``same``/``counted`` say otherwise, as collocates' sentence
    and words): ``words`` (hits x window positions, nearest first, -1 where the stretch has
    fewer), how many, and the stretch's last token on that side (reached or not: only used
    when there are fewer words). ``origin``: the first token looked at (P - 1 to the left, Q
    to the right); ``anchor``: a token of the stretch (P); ``step``: -1 left, +1 right.
    ``same(anchor, pos)``: whether ``pos`` is in the anchor's stretch (contiguous);
    ``counted(pos)``: whether the token fills the window."""
    same = same if same is not None else t.same_run
    counted = counted if counted is not None else (lambda pos: t.kind[pos] != PUNCT)
    n_hits, n = len(origin), len(t)
    words = np.full((n_hits, max(window, 1)), -1, dtype=np.int64)
    found = np.zeros(n_hits, dtype=np.int64)
    edge = origin - step  # no stretch token on that side yet
    todo = np.arange(n_hits)
    reach = max(window + _REACH, 1)
    while len(todo):
        pos = origin[todo, np.newaxis] + step * np.arange(reach)[np.newaxis, :]
        inside = (pos >= 0) & (pos < n)
        safe = np.clip(pos, 0, max(n - 1, 0))
        run = inside & same(anchor[todo, np.newaxis], safe)
        run = np.logical_and.accumulate(run, axis=1)  # the stretch is contiguous
        word = run & counted(safe)
        rank = np.cumsum(word, axis=1)  # the k-th word on this side has rank k
        r, c = np.nonzero(word & (rank <= window))
        words[todo[r], rank[r, c] - 1] = pos[r, c]
        n_run = run.sum(axis=1)
        found[todo] = np.minimum(rank[:, -1], window)
        edge[todo] = origin[todo] + step * (n_run - 1)
        # unresolved: fewer words than the window and the stretch goes on past what was read
        todo = todo[(rank[:, -1] < window) & run[:, -1]]
        reach *= 4
    return words[:, :window], found, edge


def _contains(words: list[str], phrase: list[str]) -> bool:
    w = len(phrase)
    return any(words[k:k + w] == phrase for k in range(len(words) - w + 1))


def kwic(corpus, query: str, *, window: int = 8, match: str = "token",
         voice: str | None = None, sort: str | None = None, context: str | None = None,
         parts: Sequence[str] | str = DEFAULT_PARTS, progress: bool | None = None,
         lexicon=None) -> pd.DataFrame:
    """Concordance lines for ``query`` (see the module docstring for the rules).

    Parameters
    ----------
    corpus : a ``bingkai.Corpus`` (``bingkai.index(...)``), or the frame from
        ``bingkai.load_corpus`` / ``read_articles`` (indexed on the way).
    query : word form, phrase, stem word, label or actor id (per ``match``).
    window : word/number tokens of context each side (punctuation is shown
        but not counted), within the paragraph.
    match : "token", "stem", "label", "actor", or "cql" (``query`` is a CQL query,
        see ``bingkai.query``: ``kwic(corpus, '[lower="pasukan"] []{0,3}
        [actor="hts"]', match="cql")``).
    voice : keep only "narrator" or "quoted" hits (a token hit's voice is the
        voice of its first token).
    sort : "1R", "2L", ...: sort by the n-th context word right/left.
    context : keep lines whose context window (either side) contains this
        word or phrase (matched on lower-cased forms, like a token query).
    parts : the article parts searched, any of "title", "subtitle", "body"
        (default ``("body",)``, as every view, so a label's lines are the uses
        ``label_rates`` counts; ``PARTS`` for all three).
    progress : progress bar switch for indexing a frame (None = BINGKAI_PROGRESS).
    lexicon : for ``match="label"``/``"actor"``: a :class:`bingkai.Lexicon`, pack
        name, folder or list of them (default: the ``syria`` pack, or the
        lexicon a ``Corpus`` was built with); an unknown label or actor id is
        an error naming *that* lexicon's file.

    Returns
    -------
    DataFrame, one row per hit: ``doc_id, outlet, left, match, right`` (str),
    ``sent`` (int, sentence index in the document as in
    ``bingkai.tokens(corpus, parts=PARTS)``: counted through title, subtitle and body),
    ``start, end`` (int, character offsets of the match in that part's text),
    ``voice`` ("narrator"/"quoted"), ``part`` ("title"/"subtitle"/"body").
    ``match == <part text>[start:end]``.
    """
    sort_key = _check_args(query, window, match, voice, sort)
    parts = check_parts(parts)
    window = int(window)
    if context is not None:
        if not isinstance(context, str) or not context.strip():
            raise BingkaiInputError(f"context={context!r} is empty",
                                    hint="give a word, or None for no filter")

    # lexicon: only label/actor queries match it (a token query needs no re-index)
    index = as_corpus(corpus, lexicon=lexicon if match in ("label", "actor") else None, progress=progress)
    t = index.cached("kwic_tokens", lambda: _Tokens(index))
    articles = index.articles

    # hits as (first token, last token + 1, start, end, voice, sent)
    hits: list[tuple[int, int, int, int, str, int]] = []
    if match in ("token", "stem"):
        qtoks = _query_tokens(query)
        if not qtoks:
            raise BingkaiInputError(f"query {query!r} has no tokens",
                                    hint="give a word or phrase")
        if match == "token":
            types = [t.lower_types(w) for w in qtoks]
            tests = [lambda pos, ty=ty: np.isin(t.type[pos], ty, kind="sort") for ty in types]
            found = all(len(ty) for ty in types)
        else:
            keys, ids = t.stem_keys()
            qkeys = [ids.get(stem(w), -1) for w in qtoks]
            tests = [lambda pos, q=q: keys[pos] == q for q in qkeys]
            found = all(k >= 0 for k in qkeys)
        if found:
            for p, q in t.sequence_hits(tests):
                hits.append((p, q, int(t.start[p]), int(t.end[q - 1]), VOICES[t.voice[p]],
                             int(t.sent[p])))
    elif match == "cql":
        t_voice = t.voice
        hits = [(int(p), int(q), int(t.start[p]), int(t.end[q - 1]), VOICES[t_voice[p]], int(t.sent[p]))
                for p, q in match_spans(index, query, lexicon=lexicon)]
    else:
        hits = _occurrence_hits(index, query, match, lexicon)

    if not hits:
        return _empty()
    P, Q, S, E, sents = (np.fromiter((h[k] for h in hits), dtype=np.int64, count=len(hits))
                         for k in (0, 1, 2, 3, 5))
    V = np.array([h[4] for h in hits], dtype=object)
    keep = np.ones(len(hits), dtype=bool)
    if len(parts) < len(PARTS):
        keep &= np.isin(t.part[P], [PART_CODES[p] for p in parts])
    if voice is not None:
        keep &= V == voice
    P, Q, S, E, sents, V = P[keep], Q[keep], S[keep], E[keep], sents[keep], V[keep]
    phrase = [w for w in _query_tokens(context) if w.strip()] if context is not None else None
    doc_id_of = articles["doc_id"].astype(str).to_numpy(dtype=object)
    outlet_of = articles["outlet"].to_numpy(dtype=object)
    rows: list[tuple] = []
    chosen_parts: list[np.ndarray] = []
    sort_keys: list[np.ndarray] = []
    # the hits a block at a time (their texts and context arrays are one block's), the
    # index's mapped pages let go after each block
    for lo in range(0, len(P), BLOCK_HITS):
        b = slice(lo, lo + BLOCK_HITS)
        bP, bQ, bS, bE, b_sents, bV = P[b], Q[b], S[b], E[b], sents[b], V[b]
        # Context windows for every hit of the block at once, read around the hits: the word
        # and number tokens of the paragraph (punctuation rides along), ``window`` each side
        left, n_left, l_edge = _side(t, bP - 1, bP, window, -1)
        right, n_right, r_edge = _side(t, bQ, bP, window, +1)
        # Fewer words than the window: run to the paragraph edge so edge
        # punctuation (an opening quote, a full stop) shows.
        lfrom = np.where(n_left == window, left[:, window - 1] if window else bP, l_edge)
        rto = np.where(n_right == window, right[:, window - 1] if window else bQ - 1, r_edge)
        l_cut = np.where(lfrom < bP, t.start[np.clip(lfrom, 0, len(t) - 1)], bS)
        r_cut = np.where(rto >= bQ, t.end[np.clip(rto, 0, len(t) - 1)], bE)
        docs, part_codes = t.doc[bP], t.part[bP]
        texts = _texts(articles, docs, part_codes)
        doc_ids, outlets = doc_id_of[docs].tolist(), outlet_of[docs].tolist()
        chosen = []
        for k in range(len(bP)):
            pc = int(part_codes[k])
            text = texts[k]
            s_, e_ = int(bS[k]), int(bE[k])
            if phrase is not None:
                lwords = t.lower_of(left[k, :n_left[k]][::-1])
                rwords = t.lower_of(right[k, :n_right[k]])
                if not (_contains(lwords, phrase) or _contains(rwords, phrase)):
                    continue
            if window == 0:
                left_text = right_text = ""
            else:
                left_text = text[int(l_cut[k]):s_].strip()
                right_text = text[e_:int(r_cut[k])].strip()
            rows.append((doc_ids[k], outlets[k], left_text, text[s_:e_], right_text, int(b_sents[k]),
                         s_, e_, bV[k], PARTS[pc]))
            chosen.append(k)
        ch = np.asarray(chosen, dtype=np.int64)
        chosen_parts.append(part_codes[ch])
        if sort_key is not None:
            side, n = sort_key
            words, have = (left, n_left) if side == "L" else (right, n_right)
            ok = have[ch] >= n
            key = np.full(len(ch), "", dtype=object)
            key[ok] = t.lower_of(words[ch[ok], n - 1])
            sort_keys.append(key)
        index.release_pages()
    if not rows:
        return _empty()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["_part"] = np.concatenate(chosen_parts)
    order = ["doc_id", "_part", "start", "end"]
    if sort_key is not None:
        frame["_key"] = np.concatenate(sort_keys)
        order = ["_key", *order]
    frame = frame.sort_values(order, kind="stable").drop(columns=[c for c in frame if
                                                                 c.startswith("_")])
    for c in ("doc_id", "outlet", "left", "match", "right", "voice", "part"):
        frame[c] = frame[c].astype("str")
    for c in ("sent", "start", "end"):
        frame[c] = frame[c].astype("int64")
    return frame.reset_index(drop=True)


def _texts(articles: pd.DataFrame, docs: np.ndarray, part_codes: np.ndarray) -> list[str]:
    """The part text of each hit (document ``docs[k]``, part ``part_codes[k]``): only the
    documents with hits are read from the articles' columns (a list of every body, ~9 ms
    at 1M words, was built on the first call)."""
    import pyarrow as pa  # heavy: imported where it is used

    out: list[str] = [""] * len(docs)
    for code in np.unique(part_codes).tolist():
        at = np.flatnonzero(part_codes == code)
        wanted, back = np.unique(docs[at], return_inverse=True)
        column = pa.array(articles[PART_COLUMNS[PARTS[code]]], from_pandas=True).take(wanted)
        values = [v if isinstance(v, str) else "" for v in column.to_pylist()]
        for k, j in zip(at.tolist(), back.tolist()):
            out[k] = values[j]
    return out


def _occurrence_hits(index, query: str, match: str, lexicon=None) -> list[tuple[int, int, int, int, str, int]]:
    """Hits from the index's label occurrences: the rows for label ``query``
    (match="label", case-insensitive) or for actor id ``query`` (match="actor");
    the occurrence table knows each match's first token and token count."""
    occ = index.occurrences
    occ = occ[occ["framing"]]  # the uses label_rates counts
    column = "label" if match == "label" else "actor"
    values = occ[column].astype("str").str.lower()
    chosen = occ[(values == query.strip().lower()) & occ[column].notna()]
    if chosen.empty:
        if lexicon is None:
            index.require_known(query, column)
        else:
            require_known(query, column, lexicon)
    return [(int(r.tok), int(r.tok) + int(r.ntok), int(r.start), int(r.end), str(r.voice), int(r.sent))
            for r in chosen.itertuples(index=False)]
