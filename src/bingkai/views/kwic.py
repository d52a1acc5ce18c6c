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

from bingkai.constants import DEFAULT_PARTS, PART_CODES, PARTS, PUNCT, VOICES, WORD
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
    """The index's token arrays with paragraph bounds per token (computed once
    per Corpus and kept with it)."""

    def __init__(self, corpus) -> None:
        a = corpus.arrays
        lower_names, _ = corpus.lower_ids()
        self.lower_names = lower_names
        self.doc = a["doc"]
        self.part = a["part"]
        self.para = a["para"]
        self.sent = a["sent"]
        self.start = a["start"]
        self.end = a["end"]
        self.lower = corpus.token_lower()  # lower-form id per token
        self.kind = a["kind"]
        self.voice = a["voice"]
        n = len(self.doc)
        # A paragraph group = a run of tokens with the same doc, part and para
        # (tokens are stored in document order, which keeps each run contiguous).
        # Only the runs' bounds are kept: a hit finds its run by binary search.
        # Per-token group, start and end arrays (3 x 8 bytes a token, written on
        # the first call after Corpus.load) were half of kwic's first call
        # (75 of ~165 ms at 1.2M tokens, issue 24).
        new = np.ones(n, dtype=bool)
        if n:
            new[1:] = ((self.doc[1:] != self.doc[:-1]) | (self.part[1:] != self.part[:-1])
                       | (self.para[1:] != self.para[:-1]))
        self.starts = np.flatnonzero(new)
        self.ends = np.append(self.starts[1:], n).astype(np.int64)
        # Words and numbers fill the window; punctuation rides along.
        # positions of the words and numbers, with one more entry so that a window's end
        # index len(ctx) can be gathered (it is never used where it matters): written once
        # into one array (an np.append copy of it was ~20 ms of the first call at 1M words)
        keep = self.kind != PUNCT
        self.ctx_pad = np.zeros(int(np.count_nonzero(keep)) + 1, dtype=np.int64)
        self.ctx_pad[:-1] = np.flatnonzero(keep)
        self.ctx = self.ctx_pad[:-1]
        self._stem_keys = None

    def group_of(self, pos: np.ndarray) -> np.ndarray:
        """The paragraph run of each token position in ``pos``."""
        return np.searchsorted(self.starts, pos, side="right") - 1

    def lower_id(self, form: str) -> int:
        """Id of a lower form, -1 when the corpus never has it."""
        k = int(np.searchsorted(self.lower_names, form))
        return k if k < len(self.lower_names) and self.lower_names[k] == form else -1

    def stem_keys(self) -> tuple[np.ndarray, dict[str, int]]:
        """Per token the id of its word's stem (``bingkai.stem`` of the lower
        form; -1 for numbers and punctuation), and stem -> id."""
        if self._stem_keys is None:
            word_lowers = unique_ints(self.lower[self.kind == WORD])
            stems = [stem(str(self.lower_names[k])) for k in word_lowers]
            ids = {w: j for j, w in enumerate(sorted(set(stems)))}
            of_lower = np.full(len(self.lower_names), -1, dtype=np.int64)
            of_lower[word_lowers] = [ids[w] for w in stems]
            keys = np.where(self.kind == WORD, of_lower[self.lower], -1)
            self._stem_keys = (keys, ids)
        return self._stem_keys

    def __len__(self) -> int:
        return len(self.doc)

    def sequence_hits(self, keys: np.ndarray, query: Sequence[str]) -> list[tuple[int, int]]:
        """Runs of ``len(query)`` consecutive tokens in one paragraph whose
        ``keys`` equal ``query``; as (first, last + 1) positions."""
        n, width = len(self), len(query)
        if width == 0 or n < width:
            return []
        first = np.flatnonzero(keys[: n - width + 1] == query[0])
        ok = np.ones(len(first), dtype=bool)
        end = self.ends[self.group_of(first)]  # the run of the first token ends here
        for k in range(1, width):
            nxt = first + k
            ok &= (keys[nxt] == query[k]) & (nxt < end)
        return [(int(p), int(p) + width) for p in first[ok]]


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
    doc_ids = index.articles["doc_id"].astype(str).tolist()
    outlets = index.articles["outlet"].tolist()

    # hits as (first token, last token + 1, start, end, voice, sent)
    hits: list[tuple[int, int, int, int, str, int]] = []
    if match in ("token", "stem"):
        qtoks = _query_tokens(query)
        if not qtoks:
            raise BingkaiInputError(f"query {query!r} has no tokens",
                                    hint="give a word or phrase")
        if match == "token":
            keys = t.lower
            qkeys = [t.lower_id(w) for w in qtoks]
        else:
            keys, ids = t.stem_keys()
            qkeys = [ids.get(stem(w), -1) for w in qtoks]
        if all(k >= 0 for k in qkeys):
            for p, q in t.sequence_hits(keys, qkeys):
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
    # Context windows for every hit at once: positions in t.ctx (the word and
    # number tokens) of the paragraph's first context token, the match's, ...
    run = t.group_of(P)
    gs, ge = t.starts[run], t.ends[run]
    lo, hi = np.searchsorted(t.ctx, gs), np.searchsorted(t.ctx, P)
    r_lo, r_hi = np.searchsorted(t.ctx, Q), np.searchsorted(t.ctx, ge)
    l_first = np.maximum(lo, hi - window)
    r_stop = np.minimum(r_hi, r_lo + window)
    ctx_pad = t.ctx_pad
    # Fewer words than the window: run to the paragraph edge so edge
    # punctuation (an opening quote, a full stop) shows.
    lfrom = np.where(hi - l_first == window, ctx_pad[l_first], gs)
    rto = np.where(r_stop - r_lo == window, ctx_pad[np.maximum(r_stop - 1, 0)], ge - 1)
    l_cut = np.where(lfrom < P, t.start[np.minimum(lfrom, len(t.start) - 1)], S)
    r_cut = np.where(rto >= Q, t.end[np.minimum(rto, len(t.end) - 1)], E)
    docs, part_codes = t.doc[P], t.part[P]
    field_lists = [index.field_list(k) for k in range(len(PARTS))]
    phrase = [w for w in _query_tokens(context) if w.strip()] if context is not None else None
    lower_names = t.lower_names
    rows = []
    chosen = []
    for k in range(len(P)):
        d, pc = int(docs[k]), int(part_codes[k])
        text = field_lists[pc][d]
        s_, e_ = int(S[k]), int(E[k])
        if phrase is not None:
            lwords = [str(w) for w in lower_names[t.lower[t.ctx[l_first[k]:hi[k]]]]]
            rwords = [str(w) for w in lower_names[t.lower[t.ctx[r_lo[k]:r_stop[k]]]]]
            if not (_contains(lwords, phrase) or _contains(rwords, phrase)):
                continue
        if window == 0:
            left = right = ""
        else:
            left = text[int(l_cut[k]):s_].strip()
            right = text[e_:int(r_cut[k])].strip()
        rows.append((doc_ids[d], outlets[d], left, text[s_:e_], right, int(sents[k]), s_, e_,
                     V[k], PARTS[pc]))
        chosen.append(k)
    if not rows:
        return _empty()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["_part"] = part_codes[chosen]
    order = ["doc_id", "_part", "start", "end"]
    if sort_key is not None:
        side, n = sort_key
        ch = np.asarray(chosen, dtype=np.int64)
        if side == "L":
            pos, ok = hi[ch] - n, hi[ch] - n >= l_first[ch]
        else:
            pos, ok = r_lo[ch] + n - 1, r_lo[ch] + n - 1 < r_stop[ch]
        key = lower_names[t.lower[t.ctx[np.clip(pos, 0, max(len(t.ctx) - 1, 0))]]] \
            if len(t.ctx) else np.zeros(len(ch), dtype=object)
        frame["_key"] = np.where(ok, key, "")
        order = ["_key", *order]
    frame = frame.sort_values(order, kind="stable").drop(columns=[c for c in frame if
                                                                 c.startswith("_")])
    for c in ("doc_id", "outlet", "left", "match", "right", "voice", "part"):
        frame[c] = frame[c].astype("str")
    for c in ("sent", "start", "end"):
        frame[c] = frame[c].astype("int64")
    return frame.reset_index(drop=True)


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
