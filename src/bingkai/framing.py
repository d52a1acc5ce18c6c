"""Framing analysis: where each label occurs, whom it names, in whose voice,
and how often per outlet (or document, or period).

Three frames, all derived from one table of occurrences so that every
aggregate can be traced back to the sentences behind it:

* :func:`label_occurrences` — one row per label match, with the sentence,
  the voice (narrator or quoted) and the attributed actor.
* :func:`label_rates` — per group × label × voice: count, tokens, rate per
  1,000 word tokens and a 95% confidence interval.
* :func:`actor_labels` — the actor × label × outlet × voice count table
  (a plain groupby of :func:`label_occurrences`).

Matching (see :mod:`bingkai.lexicon`) is on the tokens frame's ``lower``
column; attribution rules are in :mod:`bingkai.attribution`.

Voice of an occurrence: the voice of its *first* token (for a multiword
label such as "kelompok teroris" the head noun starts the phrase, and a
quotation mark inside a phrase is rare enough that a mixed-voice match is
not worth a third category).
"""

from __future__ import annotations


import numpy as np
import pandas as pd
from scipy import stats

from . import attribution
from .corpus import check_frame
from .errors import BingkaiInputError
from .indexing import Corpus
from .indexing import index as index_corpus
from .lexicon import LexiconSource, PhraseMatcher, match_key, resolve_actors, resolve_labels
from .parallel import check_n_jobs, chunked_map
from .progress import progress_bar
from .text import normalize

OCCURRENCE_COLUMNS = ["doc_id", "outlet", "part", "label", "frame", "variant", "sent", "start", "end",
                      "voice", "actor", "actor_basis", "sentence"]
RATE_BY = ("outlet", "doc_id", "period")
PARTS = ("title", "subtitle", "body")
VOICES = ("all", "narrator", "quoted")
UNATTRIBUTED = "unattributed"
_FIELD = {"title": "title", "subtitle": "subtitle", "body": "text"}


def label_occurrences(
    corpus: pd.DataFrame,
    labels: LexiconSource = None,
    actors: LexiconSource = None,
    window: int = attribution.DEFAULT_WINDOW,
    progress: bool | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Every label match in the corpus's title, subtitle and body.

    ``corpus``: the corpus frame (``bingkai.load_corpus``); needs
    ``doc_id, outlet, title, subtitle, text``. ``labels``/``actors``: None
    (packaged lexicons), a CSV path, or a lexicon DataFrame.
    ``window``: word-token window of the proximity rule
    (:mod:`bingkai.attribution`).

    Returns one row per match, sorted by ``doc_id`` then position (title,
    subtitle, body), columns:
    ``doc_id, outlet, part, label, frame, variant, sent, start, end, voice,
    actor, actor_basis, sentence`` where ``part`` is title/subtitle/body,
    ``variant`` the lexicon variant that matched (as written in the CSV),
    ``sent`` the document-wide sentence index (as in ``bingkai.tokens``),
    ``start``/``end`` character offsets of the match in that part's field
    (``text`` for the body), ``voice`` narrator/quoted (of the first token),
    ``actor`` the actor id or missing (NA) when unattributed, ``actor_basis``
    the rule that fired, and ``sentence`` the sentence's original text (from
    its first to its last token).

    ``n_jobs``: worker processes (documents are independent; ``-1`` = one
    per CPU). The rows are the same, in the same order, whatever
    ``n_jobs`` is; processes pay off from a few hundred articles up.

    Speed: each document is tokenised on its own (no corpus-wide token
    frame is built, so memory does not grow with the corpus's token
    count); documents without a label variant skip actor matching and
    attribution.
    """
    index = _indexed(corpus, labels, actors, window, progress, n_jobs)
    if index is not None:
        return index.occurrences[OCCURRENCE_COLUMNS].reset_index(drop=True)
    lab, act = resolve_labels(labels), resolve_actors(actors)
    occ, _ = _scan(corpus, PARTS, lab, act, window, progress, n_jobs)
    return occ


def label_rates(
    corpus: pd.DataFrame,
    by: str = "outlet",
    part: str | None = "body",
    labels: LexiconSource = None,
    actors: LexiconSource = None,
    ci: str = "wilson",
    window: int = attribution.DEFAULT_WINDOW,
    progress: bool | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Label rates per 1,000 word tokens with 95% confidence intervals.

    ``by``: "outlet", "doc_id" or "period" (a corpus column). ``part``:
    "body" (default), "title", "subtitle", or None for all three together.
    ``ci``: "wilson" (Wilson score interval, no continuity correction) or
    "exact" (Clopper-Pearson); both are what
    ``scipy.stats.binomtest(count, tokens).proportion_ci(method=...)``
    returns, computed in vectorised form from ``scipy.stats.norm.ppf`` /
    ``scipy.stats.beta.ppf`` (one binomtest per cell would be slow on
    thousands of documents).

    Returns one row per group × label × voice — every combination, zero
    counts included, so a heatmap has no holes — sorted by ``<by>, label,
    voice``, columns ``<by>, label, frame, voice, count, tokens, rate,
    ci_low, ci_high``. ``voice`` is "all", "narrator" or "quoted"; ``count``
    is the number of :func:`label_occurrences` rows of that group, label and
    voice (occurrence voice = voice of its first token); ``tokens`` the
    number of word tokens (``kind == "word"``) of the group in that part
    *and in that voice* ("all": every word token), so a quoted rate is per
    1,000 quoted words. ``rate = 1000 * count / tokens``; rate and CI are NaN
    when ``tokens`` is 0. A multiword label counts once per occurrence.
    ``n_jobs`` as for :func:`label_occurrences`.
    """
    if by not in RATE_BY:
        raise BingkaiInputError(f"by={by!r} is not one of {', '.join(RATE_BY)}",
                                hint="group by 'outlet', 'doc_id' or 'period'")
    if ci not in ("wilson", "exact"):
        raise BingkaiInputError(f"ci={ci!r} is not 'wilson' or 'exact'",
                                hint="use ci='wilson' (default) or ci='exact' (Clopper-Pearson)")
    parts = _parts(part)
    columns = corpus.articles.columns if isinstance(corpus, Corpus) else corpus.columns
    if by not in columns:
        raise BingkaiInputError(f"the corpus frame has no {by!r} column",
                                hint="load it with bingkai.load_corpus()")
    lab = resolve_labels(labels)
    index = _indexed(corpus, labels, actors, window, progress, n_jobs)
    if index is not None:
        occ, words = _from_index(index, parts)
        corpus = index.articles
    else:
        act = resolve_actors(actors)
        occ, words = _scan(corpus, parts, lab, act, window, progress, n_jobs)

    group_of = dict(zip(corpus["doc_id"].astype(str), corpus[by].astype(str)))
    groups = sorted(set(group_of.values()))
    label_frame = lab.drop_duplicates("label").set_index("label")["frame"]
    label_names = sorted(label_frame.index)

    # word tokens per group (all) and per group and voice, from the
    # per-document counts of the scan
    tok_all: dict[str, int] = {}
    tok_voice: dict[tuple[str, str], int] = {}
    for doc_id, n_words, n_quoted in words:
        g = group_of[doc_id]
        tok_all[g] = tok_all.get(g, 0) + n_words
        for voice, n in (("narrator", n_words - n_quoted), ("quoted", n_quoted)):
            if n:
                tok_voice[(g, voice)] = tok_voice.get((g, voice), 0) + n
    og = occ["doc_id"].map(group_of)
    cnt_all = pd.DataFrame({"g": og, "label": occ["label"]}).value_counts()
    cnt_voice = pd.DataFrame({"g": og, "label": occ["label"], "voice": occ["voice"]}).value_counts()

    rows = []
    for g in groups:
        for name in label_names:
            for voice in VOICES:
                if voice == "all":
                    n, k = tok_all.get(g, 0), cnt_all.get((g, name), 0)
                else:
                    n, k = tok_voice.get((g, voice), 0), cnt_voice.get((g, name, voice), 0)
                rows.append((g, name, label_frame[name], voice, int(k), int(n)))
    out = pd.DataFrame(rows, columns=[by, "label", "frame", "voice", "count", "tokens"])
    out = out.astype({by: "str", "label": "str", "frame": "str", "voice": "str",
                      "count": "int64", "tokens": "int64"})
    low, high = proportion_ci(out["count"].to_numpy(), out["tokens"].to_numpy(), method=ci)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(out["tokens"] > 0, out["count"] / out["tokens"].where(out["tokens"] > 0), np.nan)
    out["rate"] = 1000.0 * rate
    out["ci_low"] = 1000.0 * low
    out["ci_high"] = 1000.0 * high
    return out.sort_values([by, "label", "voice"], kind="stable").reset_index(drop=True)


def actor_labels(
    corpus: pd.DataFrame,
    part: str | None = None,
    labels: LexiconSource = None,
    actors: LexiconSource = None,
    window: int = attribution.DEFAULT_WINDOW,
    progress: bool | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Who is called what, by which outlet, in whose voice.

    ``part``: None (title, subtitle and body, the default), or one of
    "title", "subtitle", "body". Returns columns ``actor, label, frame,
    outlet, voice, count``: the number of :func:`label_occurrences` rows per
    actor × label × outlet × voice (narrator/quoted), non-zero rows only,
    sorted by ``actor, label, outlet, voice``. Unattributed occurrences are
    counted under the actor ``"unattributed"`` (a reserved id; keeping them
    in the table shows how much of each label the rules could not place).
    Exactly ``occ.assign(actor=occ.actor.fillna("unattributed"))
    .groupby(["actor", "label", "frame", "outlet", "voice"]).size()``.
    ``n_jobs`` as for :func:`label_occurrences`.
    """
    parts = _parts(part)
    index = _indexed(corpus, labels, actors, window, progress, n_jobs)
    if index is not None:
        occ, _ = _from_index(index, parts)
    else:
        lab, act = resolve_labels(labels), resolve_actors(actors)
        occ, _ = _scan(corpus, parts, lab, act, window, progress, n_jobs)
    keys = ["actor", "label", "frame", "outlet", "voice"]
    table = (occ.assign(actor=occ["actor"].fillna(UNATTRIBUTED))
             .groupby(keys, sort=True).size().rename("count").reset_index())
    table = table.astype({k: "str" for k in keys} | {"count": "int64"})
    return table.sort_values(keys, kind="stable").reset_index(drop=True)


def proportion_ci(count, n, method: str = "wilson", confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised two-sided binomial proportion CI for ``count`` of ``n``.

    ``method="wilson"``: Wilson score interval (no continuity correction);
    ``"exact"``: Clopper-Pearson. Equal to
    ``scipy.stats.binomtest(k, n).proportion_ci(confidence, method)`` cell by
    cell; NaN where ``n == 0``. Returns ``(low, high)`` arrays of proportions.
    """
    k = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "wilson":
            z = stats.norm.ppf(1.0 - alpha / 2.0)
            p = k / n
            denom = 1.0 + z * z / n
            centre = (p + z * z / (2.0 * n)) / denom
            half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
            # The bounds are exactly 0 at k = 0 and 1 at k = n; centre ± half
            # only gets there up to round-off (1e-18, printed as a non-zero rate).
            low = np.where(k == 0, 0.0, centre - half)
            high = np.where(k == n, 1.0, centre + half)
        elif method == "exact":
            low = np.where(k > 0, stats.beta.ppf(alpha / 2.0, k, n - k + 1), 0.0)
            high = np.where(k < n, stats.beta.ppf(1.0 - alpha / 2.0, k + 1, n - k), 1.0)
        else:
            raise BingkaiInputError(f"method={method!r} is not 'wilson' or 'exact'",
                                    hint="use 'wilson' or 'exact'")
    low = np.where(n > 0, np.clip(low, 0.0, 1.0), np.nan)
    high = np.where(n > 0, np.clip(high, 0.0, 1.0), np.nan)
    return low, high


# ----------------------------------------------------------------- internals

def _indexed(corpus, labels, actors, window, progress, n_jobs) -> Corpus | None:
    """The corpus index to answer from, or None for the per-document scan.

    A ``Corpus`` answers directly when it was built with the requested
    lexicon and window (else it is re-indexed with them, which re-matches
    only what changed: tokens come from its articles). A DataFrame is
    indexed on the way (through the index cache when ``BINGKAI_CACHE_DIR``
    is set), so repeated questions on the same frame share one build.
    """
    if not isinstance(corpus, (pd.DataFrame, Corpus)):
        raise BingkaiInputError(f"cannot analyse a {type(corpus).__name__}",
                                hint="pass bingkai.index(...) or the frame from bingkai.load_corpus()")
    default = labels is None and actors is None and window == attribution.DEFAULT_WINDOW
    if isinstance(corpus, Corpus) and default:
        return corpus
    lexicon = None if default else _WindowLexicon(labels, actors, window)
    return index_corpus(corpus, lexicon=lexicon, progress=progress, n_jobs=n_jobs)


class _WindowLexicon:
    """labels + actors + window, in the shape ``bingkai.index(lexicon=)`` takes."""

    def __init__(self, labels, actors, window) -> None:
        self.labels, self.actors, self.window = labels, actors, window


def _from_index(index: Corpus, parts: tuple[str, ...]) -> tuple[pd.DataFrame, list[tuple[str, int, int]]]:
    """What ``_scan`` returns, from the index: the occurrences of ``parts`` and
    ``(doc_id, word tokens, quoted word tokens)`` per document that has
    tokens in those parts."""
    occ = index.occurrences
    if len(parts) < len(PARTS):
        occ = occ[occ["part"].isin(parts)]
    occ = occ[OCCURRENCE_COLUMNS].reset_index(drop=True)
    a = index.arrays
    codes = [PARTS.index(p) for p in parts]
    in_parts = np.isin(a["part"], codes)
    n_docs = len(index)
    has_tok = np.bincount(a["doc"][in_parts], minlength=n_docs) > 0
    word = in_parts & (a["kind"] == _WORD)
    n_words = np.bincount(a["doc"][word], minlength=n_docs)
    n_quoted = np.bincount(a["doc"][word & (a["voice"] == 1)], minlength=n_docs)
    ids = index.articles["doc_id"].astype(str).tolist()
    words = [(ids[d], int(n_words[d]), int(n_quoted[d])) for d in np.flatnonzero(has_tok)]
    return occ, words


def _parts(part: str | None) -> tuple[str, ...]:
    if part is None or part == "all":
        return PARTS
    if part not in PARTS:
        raise BingkaiInputError(f"part={part!r} is not one of title, subtitle, body",
                                hint="use 'title', 'subtitle', 'body', or None for all parts")
    return (part,)


class _Matchers:
    """Both lexicons compiled for matching, plus the per-entry columns the
    occurrence rows need (picklable: sent to worker processes as is)."""

    def __init__(self, lab: pd.DataFrame, act: pd.DataFrame, window: int) -> None:
        self.labels = PhraseMatcher(list(lab["key"]))
        self.actors = PhraseMatcher(list(act["key"]))
        self.l_label, self.l_variant = lab["label"].tolist(), lab["variant"].tolist()
        self.l_frame, self.l_applies = lab["frame"].tolist(), lab["applies_to"].tolist()
        self.a_actor, self.a_kind = act["actor"].tolist(), act["kind"].tolist()
        self.window = window
        self.key_of = _KeyCache()


class _KeyCache(dict):
    """token surface -> match key of its lower-cased normalised form (as the
    tokens frame's ``lower`` column), computed once per distinct form."""

    def __missing__(self, tok: str) -> str:
        key = self[tok] = match_key(normalize(tok).lower())
        return key


def _documents(corpus: pd.DataFrame, parts: tuple[str, ...]) -> list[tuple]:
    """``(doc_id, outlet, [(part, text), ...])`` per document, sorted by
    doc_id, with the checks (and errors) of ``bingkai.tokens``."""
    from . import text

    order = check_frame(corpus, ["doc_id", "outlet", "title", "subtitle", "text"])
    has_source = "source_file" in corpus.columns
    columns = ["doc_id", "outlet", *(_FIELD[p] for p in parts)] + (["source_file"] if has_source else [])
    docs = []
    for rec in corpus.iloc[order][columns].itertuples(index=False, name=None):
        doc_id = str(rec[0])
        outlet = "" if pd.isna(rec[1]) else str(rec[1])
        path = rec[-1] if has_source else None
        fields = [(p, text._field(v, doc_id=doc_id, column=_FIELD[p], path=path))
                  for p, v in zip(parts, rec[2:2 + len(parts)])]
        docs.append((doc_id, outlet, fields))
    return docs


def _scan(corpus, parts, lab, act, window, progress, n_jobs):
    """Occurrences of the corpus and per-document word-token counts.

    Returns ``(occurrences frame, [(doc_id, word tokens, quoted word
    tokens), ...])``. Documents are processed one at a time (optionally in
    worker processes, in chunks whose results are concatenated in document
    order, so the output does not depend on ``n_jobs``).
    """
    n_jobs = check_n_jobs(n_jobs)
    docs = _documents(corpus, parts)
    ctx = _Matchers(lab, act, window)
    rows: list[tuple] = []
    words: list[tuple[str, int, int]] = []
    if n_jobs == 1 or len(docs) < 2:
        for doc in progress_bar(docs, desc="framing", progress=progress, unit="doc"):
            _document(doc, ctx, rows, words)
    else:
        for _, (chunk_rows, chunk_words) in chunked_map(_chunk, docs, n_jobs, initializer=_init_worker,
                                                        initargs=(ctx,), desc="framing",
                                                        progress=progress):
            rows.extend(chunk_rows)
            words.extend(chunk_words)
    out = pd.DataFrame(rows, columns=OCCURRENCE_COLUMNS)
    out = out.astype({c: "str" for c in OCCURRENCE_COLUMNS if c not in ("sent", "start", "end", "actor")}
                     | {"sent": "int64", "start": "int64", "end": "int64"})
    out["actor"] = out["actor"].astype("str")  # None -> missing in pandas' string dtype
    return out.reset_index(drop=True), words


_WORKER_CTX: _Matchers | None = None


def _init_worker(ctx: _Matchers) -> None:
    global _WORKER_CTX
    _WORKER_CTX = ctx


def _chunk(docs: list[tuple]) -> tuple[list[tuple], list[tuple[str, int, int]]]:
    rows: list[tuple] = []
    words: list[tuple[str, int, int]] = []
    for doc in docs:
        _document(doc, _WORKER_CTX, rows, words)
    return rows, words


_WORD = 0  # index of "word" in bingkai.text.KINDS


def _document(doc: tuple, ctx: _Matchers, rows: list[tuple], words: list) -> None:
    """Match both lexicons in one document, attribute, append its rows to
    ``rows`` and ``(doc_id, word tokens, quoted word tokens)`` to ``words``."""
    from . import text

    doc_id, outlet, fields = doc
    found = text._document_arrays(fields)
    if found is None:
        return
    toks, arr = found
    is_word_arr = arr["kind"] == _WORD
    words.append((doc_id, int(is_word_arr.sum()), int((is_word_arr & arr["quoted"]).sum())))
    match_document(doc_id, outlet, fields, toks, arr, ctx, rows)


def match_document(doc_id: str, outlet: str, fields: list[tuple[str, str]], toks: list[str],
                   arr: dict[str, np.ndarray], ctx: _Matchers, rows: list[tuple]) -> None:
    """Label matches of one tokenised document, attributed, appended to
    ``rows`` as occurrence tuples (``OCCURRENCE_COLUMNS``).

    ``toks``/``arr`` are what ``bingkai.text._document_arrays(fields)``
    returns: the corpus index calls this with the arrays it has already
    built, so a document is tokenised once.
    """
    is_word_arr = arr["kind"] == _WORD
    keys = list(map(ctx.key_of.__getitem__, toks))
    part, para, sent = arr["part"], arr["para"], arr["sent"]
    # segment = sentence within a paragraph within a part: phrases never span them
    change = np.empty(len(toks), dtype=bool)
    change[0] = True
    change[1:] = (part[1:] != part[:-1]) | (para[1:] != para[:-1]) | (sent[1:] != sent[:-1])
    seg_arr = np.cumsum(change)
    seg = seg_arr.tolist()
    matches = ctx.labels.find(keys, seg)
    if not matches:
        return
    mentions = [attribution.Mention(s, e, ctx.a_actor[k], ctx.a_kind[k])
                for s, e, k in ctx.actors.find(keys, seg)]
    lmatches = [attribution.LabelMatch(s, e, ctx.l_applies[k]) for s, e, k in matches]
    attributed = attribution.attribute(keys, is_word_arr.tolist(), seg, lmatches, mentions,
                                       window=ctx.window)
    start, end, quoted = arr["start"], arr["end"], arr["quoted"]
    seg_first = np.flatnonzero(change)  # first token of each segment (seg ids from 1)
    seg_last = np.r_[seg_first[1:], len(toks)] - 1
    text_of = dict(fields)
    for (s, e, k), (actor, basis) in zip(matches, attributed):
        p = PARTS[part[s]]
        g = seg[s] - 1
        field = text_of[p]
        rows.append((doc_id, outlet, p, ctx.l_label[k], ctx.l_frame[k], ctx.l_variant[k],
                     int(sent[s]), int(start[s]), int(end[e - 1]),
                     "quoted" if quoted[s] else "narrator", actor, basis,
                     field[int(start[seg_first[g]]):int(end[seg_last[g]])]))
