"""Framing analysis: where each label occurs, whom it names, in whose voice,
and how often per outlet (or document, or period).

Three frames, all derived from one table of occurrences so that every
aggregate can be traced back to the sentences behind it:

* :func:`label_occurrences` — one row per label match that passes its
  sense rules, with the sentence, the voice (narrator or quoted), the
  attributed actor, whether it is a framing use (``framing``) and who is
  speaking (``speaker``, ``speaker_actor``, ``speaker_basis``).
* :func:`label_rates` — per group × label × voice: count, tokens, rate per
  1,000 word tokens and a 95% confidence interval.
* :func:`actor_labels` — the actor × label × outlet × voice count table
  (a plain groupby of :func:`label_occurrences`).

Matching (see :mod:`bingkai.lexicon`: packs, sense rules, wildcards) is on
the tokens frame's ``lower`` column; attribution rules are in
:mod:`bingkai.attribution`, speaker rules in :mod:`bingkai.speakers`. Every
function takes ``lexicon=`` (a :class:`bingkai.Lexicon`, pack name or
folder); :func:`match_document` / :func:`document_occurrences` are the
per-document entry points the corpus index calls.

Voice of an occurrence: the voice of its *first* token (for a multiword
label such as "kelompok teroris" the head noun starts the phrase, and a
quotation mark inside a phrase is rare enough that a mixed-voice match is
not worth a third category).
"""

from __future__ import annotations

import warnings

from bisect import bisect_left
from collections.abc import Sequence

import numpy as np
import pandas as pd
# scipy.special, not scipy.stats: the same functions (stats.norm.ppf is
# special.ndtri, stats.beta.ppf is special.betaincinv) without the ~0.6 s
# import of scipy.stats in every kernel that only asks for label rates
from scipy import special

from . import attribution, speakers
from .corpus import check_frame
from .errors import BingkaiInputError
from .indexing import Corpus
from .indexing import index as index_corpus
from .lexicon import (DEFAULT_SPAN, Lexicon, LexiconSource, PhraseMatcher, context_words, match_key,
                      resolve_lexicon, wildcard_match)
from .parallel import check_n_jobs, chunked_map
from .progress import progress_bar
from .text import normalize

OCCURRENCE_COLUMNS = ["doc_id", "outlet", "part", "label", "frame", "variant", "sent", "start", "end",
                      "voice", "actor", "actor_basis", "sentence",
                      "framing", "speaker", "speaker_actor", "speaker_basis"]
RATE_BY = ("outlet", "doc_id", "period")
PARTS = ("title", "subtitle", "body")
VOICES = ("all", "narrator", "quoted")
UNATTRIBUTED = "unattributed"
UNIDENTIFIED_SPEAKER = "unidentified_speaker"
NO_SPEAKER = "no_speaker"
# what lexicon= accepts (see bingkai.lexicon.resolve_lexicon)
LexiconArg = Lexicon | str | Sequence[str] | None
_FIELD = {"title": "title", "subtitle": "subtitle", "body": "text"}


def label_occurrences(
    corpus: pd.DataFrame,
    *,
    lexicon: LexiconArg = None,
    labels: LexiconSource = None,
    actors: LexiconSource = None,
    window: int = attribution.DEFAULT_WINDOW,
    progress: bool | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Every label match in the corpus's title, subtitle and body.

    ``corpus``: the corpus frame (``bingkai.load_corpus``); needs
    ``doc_id, outlet, title, subtitle, text``. ``lexicon``: a
    :class:`bingkai.Lexicon`, a pack name, a folder or a list of them
    (:func:`bingkai.load_lexicon`); default the ``syria`` pack.
    ``labels``/``actors`` (older form): a CSV path or a lexicon DataFrame
    for one table, the default pack's for the other.
    ``window``: word-token window of the proximity rule
    (:mod:`bingkai.attribution`).

    Returns one row per match that passes its sense rules (``requires``/
    ``excludes``, see :mod:`bingkai.lexicon`), sorted by ``doc_id`` then
    position (title, subtitle, body), columns:
    ``doc_id, outlet, part, label, frame, variant, sent, start, end, voice,
    actor, actor_basis, sentence, framing, speaker, speaker_actor,
    speaker_basis`` where ``part`` is title/subtitle/body,
    ``variant`` the lexicon variant that matched (as written in the CSV),
    ``sent`` the document-wide sentence index (as in ``bingkai.tokens``),
    ``start``/``end`` character offsets of the match in that part's field
    (``text`` for the body), ``voice`` narrator/quoted (of the first token),
    ``actor`` the actor id or missing (NA) when unattributed, ``actor_basis``
    the rule that fired, ``sentence`` the sentence's original text (from
    its first to its last token), ``framing`` False for a ``needs_actor``
    variant ("pemerintah") that names no actor — a use reported apart and
    left out of :func:`label_rates` — else True, ``speaker`` the text of the
    speaker span ("" when the narrator speaks), ``speaker_actor`` the actor
    named in it (NA when none) and ``speaker_basis`` the rule
    (:mod:`bingkai.speakers`; "" when there is no speaker). A speaker is
    never the ``actor`` of the same occurrence.

    ``n_jobs``: worker processes (documents are independent; ``-1`` = one
    per CPU). The rows are the same, in the same order, whatever
    ``n_jobs`` is; processes pay off from a few hundred articles up.

    Speed: the occurrences are the corpus index's (``bingkai.index``),
    matched once when it is built; a frame is indexed on the way (and
    memoised), so asking again costs a table copy.
    """
    lex = resolve_lexicon(lexicon, labels, actors)
    index = _indexed(corpus, lex, _is_default(lexicon, labels, actors), window, progress, n_jobs)
    return index.occurrences[OCCURRENCE_COLUMNS].reset_index(drop=True)


def label_rates(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    part: str | None = "body",
    lexicon: LexiconArg = None,
    labels: LexiconSource = None,
    actors: LexiconSource = None,
    ci: str = "wilson",
    window: int = attribution.DEFAULT_WINDOW,
    progress: bool | None = None,
    n_jobs: int = 1,
    include_short: bool = False,
) -> pd.DataFrame:
    """Label rates per 1,000 word tokens with 95% confidence intervals.

    ``by``: "outlet", "doc_id" or "period" (a corpus column; a missing value
    in it is an error naming the document). ``part``:
    "body" (default), "title", "subtitle", or None for all three together.
    ``lexicon``/``labels``/``actors`` as for :func:`label_occurrences`.
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
    is the number of *framing* :func:`label_occurrences` rows (``framing``
    True: an unattributed "pemerintah" is not counted) of that group, label
    and voice (occurrence voice = voice of its first token); ``tokens`` the
    number of word tokens (``kind == "word"``) of the group in that part
    *and in that voice* ("all": every word token), so a quoted rate is per
    1,000 quoted words. ``rate = 1000 * count / tokens``; rate and CI are NaN
    when ``tokens`` is 0. A multiword label counts once per occurrence.
    ``n_jobs`` as for :func:`label_occurrences`.

    ``include_short``: articles flagged ``short`` by ``bingkai.read_articles``
    (a body under its ``min_words``: teasers, stubs such as "Oleh Sulardi")
    are left out of both counts and tokens by default, with a warning giving
    how many; ``True`` counts them. Frames without a ``short`` column (the
    seed corpus) are unaffected.
    """
    if by not in RATE_BY:
        raise BingkaiInputError(f"by={by!r} is not one of {', '.join(RATE_BY)}",
                                hint="group by 'outlet', 'doc_id' or 'period'")
    check_ci(ci)
    parts = _parts(part)
    articles = corpus.articles if isinstance(corpus, Corpus) else corpus
    if by not in articles.columns:
        raise BingkaiInputError(f"the corpus frame has no {by!r} column",
                                hint="load it with bingkai.load_corpus()")
    _check_group_values(articles, by)
    lex = resolve_lexicon(lexicon, labels, actors)
    index = _indexed(corpus, lex, _is_default(lexicon, labels, actors), window, progress, n_jobs)
    if not include_short and "short" in index.articles.columns:
        short = index.articles["short"].fillna(False).astype(bool).to_numpy()
        if short.any():
            warnings.warn(f"label_rates: {int(short.sum())} short article(s) left out "
                          "(body under read_articles' min_words); include_short=True counts them",
                          stacklevel=2)
            index = index._subset(~short)
    occ, words = _from_index(index, parts)
    corpus = index.articles
    occ = occ[occ["framing"]]

    group_of = dict(zip(corpus["doc_id"].astype(str), corpus[by].astype(str)))
    groups = sorted(set(group_of.values()))
    lab = lex.labels
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
    *,
    part: str | None = None,
    by_speaker: bool = False,
    lexicon: LexiconArg = None,
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

    ``by_speaker=True`` answers "who is quoted calling whom what": a first
    column ``speaker_actor`` is added to the keys — the speaker's actor id,
    ``"unidentified_speaker"`` for a speaker the lexicon does not name, or
    ``"no_speaker"`` for the narrator's own words and untraced quotes (both
    reserved ids). ``lexicon``/``labels``/``actors`` and ``n_jobs`` as for
    :func:`label_occurrences`.
    """
    parts = _parts(part)
    lex = resolve_lexicon(lexicon, labels, actors)
    index = _indexed(corpus, lex, _is_default(lexicon, labels, actors), window, progress, n_jobs)
    occ, _ = _from_index(index, parts)
    keys = ["actor", "label", "frame", "outlet", "voice"]
    occ = occ.assign(actor=occ["actor"].fillna(UNATTRIBUTED))
    if by_speaker:
        who = occ["speaker_actor"].astype(object)
        who = who.where(who.notna(), np.where(occ["speaker"] != "", UNIDENTIFIED_SPEAKER, NO_SPEAKER))
        occ = occ.assign(speaker_actor=who.astype(str))
        keys = ["speaker_actor", *keys]
    table = occ.groupby(keys, sort=True).size().rename("count").reset_index()
    table = table.astype({k: "str" for k in keys} | {"count": "int64"})
    return table.sort_values(keys, kind="stable").reset_index(drop=True)


def check_ci(ci: str) -> None:
    """The confidence-interval methods :func:`proportion_ci` offers."""
    if ci not in ("wilson", "exact"):
        raise BingkaiInputError(f"ci={ci!r} is not 'wilson' or 'exact'",
                                hint="use ci='wilson' (default) or ci='exact' (Clopper-Pearson)")


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
            z = special.ndtri(1.0 - alpha / 2.0)
            p = k / n
            denom = 1.0 + z * z / n
            centre = (p + z * z / (2.0 * n)) / denom
            half = z * np.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
            # The bounds are exactly 0 at k = 0 and 1 at k = n; centre ± half
            # only gets there up to round-off (1e-18, printed as a non-zero rate).
            low = np.where(k == 0, 0.0, centre - half)
            high = np.where(k == n, 1.0, centre + half)
        elif method == "exact":
            low = np.where(k > 0, special.betaincinv(k, n - k + 1, alpha / 2.0), 0.0)
            high = np.where(k < n, special.betaincinv(k + 1, n - k, 1.0 - alpha / 2.0), 1.0)
        else:
            raise BingkaiInputError(f"method={method!r} is not 'wilson' or 'exact'",
                                    hint="use 'wilson' or 'exact'")
    low = np.where(n > 0, np.clip(low, 0.0, 1.0), np.nan)
    high = np.where(n > 0, np.clip(high, 0.0, 1.0), np.nan)
    return low, high


# ----------------------------------------------------------------- internals

def _parts(part: str | None) -> tuple[str, ...]:
    if part is None or part == "all":
        return PARTS
    if part not in PARTS:
        raise BingkaiInputError(f"part={part!r} is not one of title, subtitle, body",
                                hint="use 'title', 'subtitle', 'body', or None for all parts")
    return (part,)


def _is_default(lexicon, labels, actors) -> bool:
    return lexicon is None and labels is None and actors is None


def _indexed(corpus, lex: Lexicon, default: bool, window, progress, n_jobs) -> Corpus:
    """The corpus index to answer from.

    A ``Corpus`` answers directly when it was built with the requested
    lexicon and window (else it is re-indexed with them, which re-matches
    only what changed: tokens come from its articles). A DataFrame is
    indexed on the way (through the index cache when ``BINGKAI_CACHE_DIR``
    is set), so repeated questions on the same frame share one build.
    ``default``: no lexicon was asked for (the packaged default).
    """
    if not isinstance(corpus, (pd.DataFrame, Corpus)):
        raise BingkaiInputError(f"cannot analyse a {type(corpus).__name__}",
                                hint="pass bingkai.index(...) or the frame from bingkai.load_corpus()")
    default = default and window == attribution.DEFAULT_WINDOW
    if isinstance(corpus, Corpus) and default:
        return corpus
    lexicon = None if default else _WindowLexicon(lex.labels, lex.actors, window)
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


def _check_group_values(corpus: pd.DataFrame, by: str) -> None:
    """A missing ``by`` value (a null outlet) would silently become the group
    "nan"; name the first such document instead."""
    missing = corpus[by].isna() | (corpus[by].astype(str).str.strip() == "")
    if missing.any():
        first = corpus[missing].iloc[0]
        where = first["source_file"] if "source_file" in corpus.columns else None
        raise BingkaiInputError(
            f"document {first['doc_id']!r} (frame row {int(np.flatnonzero(missing.to_numpy())[0])}) has no "
            f"{by!r} ({int(missing.sum())} such row(s))", path=where,
            hint=f"fill in {by!r} for every article (read_articles(..., {by}=<column>)) or drop those rows")


class _Matchers:
    """A lexicon compiled for matching, plus the per-entry columns the
    occurrence rows need (picklable: sent to worker processes as is)."""

    def __init__(self, lab: pd.DataFrame, act: pd.DataFrame, window: int) -> None:
        self.labels = PhraseMatcher(list(lab["key"]))
        self.actors = PhraseMatcher(list(act["key"]))
        self.l_label, self.l_variant = lab["label"].tolist(), lab["variant"].tolist()
        self.l_frame, self.l_applies = lab["frame"].tolist(), lab["applies_to"].tolist()
        self.l_requires = [context_words(c) for c in lab["requires"]]
        self.l_excludes = [context_words(c) for c in lab["excludes"]]
        self.l_span = [int(c) if c else DEFAULT_SPAN for c in lab["span"]]
        self.l_needs_actor = (lab["needs_actor"] == "yes").tolist()
        kind_of = dict(zip(act["actor"], act["kind"]))
        missing = sorted({a for a in lab["names_actor"] if a and a not in kind_of})
        if missing:  # only reachable with a (labels, actors) pair not checked as a Lexicon
            raise BingkaiInputError(f"names_actor {missing[0]!r} is not an actor of the lexicon",
                                    hint="add the actor to actors.csv, or load both with bingkai.load_lexicon")
        self.l_names = [(a, kind_of[a]) if a else None for a in lab["names_actor"]]
        self.a_actor, self.a_kind = act["actor"].tolist(), act["kind"].tolist()
        self.window = window
        self.key_of = _KeyCache()


def _compiled(lex: Lexicon, window: int) -> _Matchers:
    ctx = lex._compiled.get(window)
    if ctx is None:
        ctx = lex._compiled[window] = _Matchers(lex.labels, lex.actors, window)
    return ctx


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


def _scan(corpus, parts, lab: pd.DataFrame, act: pd.DataFrame, window, progress, n_jobs,
          rejected: list | None = None):
    """Occurrences of the corpus and per-document word-token counts.

    Returns ``(occurrences frame, [(doc_id, word tokens, quoted word
    tokens), ...])``. With a ``rejected`` list (one process only), the rows
    of matches the sense rules dropped are appended to it, each followed by
    the reason (``excludes``/``requires``). Documents are processed one at a time (optionally in
    worker processes, in chunks whose results are concatenated in document
    order, so the output does not depend on ``n_jobs``).
    """
    n_jobs = check_n_jobs(n_jobs)
    docs = _documents(corpus, parts)
    ctx = _Matchers(lab, act, window)
    rows: list[tuple] = []
    words: list[tuple[str, int, int]] = []
    if n_jobs == 1 or len(docs) < 2 or rejected is not None:
        for doc in progress_bar(docs, desc="framing", progress=progress, unit="doc"):
            _document(doc, ctx, rows, words, rejected)
    else:
        for _, (chunk_rows, chunk_words) in chunked_map(_chunk, docs, n_jobs, initializer=_init_worker,
                                                        initargs=(ctx,), desc="framing",
                                                        progress=progress):
            rows.extend(chunk_rows)
            words.extend(chunk_words)
    return _occurrence_frame(rows), words


def _occurrence_frame(rows: list[tuple]) -> pd.DataFrame:
    """Occurrence tuples (:func:`match_document`) as the typed frame of
    :func:`label_occurrences` (also used by the corpus index)."""
    out = pd.DataFrame(rows, columns=OCCURRENCE_COLUMNS)
    numeric = {"sent": "int64", "start": "int64", "end": "int64", "framing": "bool"}
    # str dtype: None (no actor / no speaker actor) becomes missing
    out = out.astype({c: "str" for c in OCCURRENCE_COLUMNS if c not in numeric} | numeric)
    return out.reset_index(drop=True)


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


def _document(doc: tuple, ctx: _Matchers, rows: list[tuple], words: list, rejected: list | None = None) -> None:
    """Match one document, append its rows to ``rows`` and ``(doc_id, word
    tokens, quoted word tokens)`` to ``words``."""
    from . import text

    doc_id, outlet, fields = doc
    found = text._document_arrays(fields)
    if found is None:
        return
    toks, arr = found
    is_word_arr = arr["kind"] == _WORD
    words.append((doc_id, int(is_word_arr.sum()), int((is_word_arr & arr["quoted"]).sum())))
    match_document(doc_id, outlet, fields, toks, arr, ctx, rows, rejected)


def document_occurrences(doc_id: str, outlet: str, fields: Sequence[tuple[str, str]], tokens: list[str],
                         arrays: dict[str, np.ndarray], lexicon: Lexicon, *,
                         window: int = attribution.DEFAULT_WINDOW) -> list[tuple]:
    """The occurrence rows of one document, for a corpus index built elsewhere.

    ``fields`` is ``[(part, text), ...]`` as given to
    ``bingkai.text._document_arrays``, and ``tokens, arrays`` what it
    returned for them; ``lexicon`` a :class:`bingkai.Lexicon` (compiled once
    and cached on it). Returns tuples in :data:`OCCURRENCE_COLUMNS` order —
    exactly the rows :func:`label_occurrences` gives for the document.
    """
    rows: list[tuple] = []
    match_document(doc_id, outlet, fields, tokens, arrays, _compiled(lexicon, window), rows)
    return rows


def match_document(doc_id: str, outlet: str, fields: list[tuple[str, str]], toks: list[str],
                   arr: dict[str, np.ndarray], ctx: _Matchers, rows: list[tuple],
                   rejected: list | None = None) -> None:
    """Label matches of one tokenised document — sense rules applied,
    speakers found, attributed — appended to ``rows`` as occurrence tuples
    (``OCCURRENCE_COLUMNS``); ``rejected``: see :func:`_scan`.

    ``toks``/``arr`` are what ``bingkai.text._document_arrays(fields)``
    returns: the corpus index calls this with the arrays it has already
    built, so a document is tokenised once; ``ctx`` is
    ``_compiled(lexicon, window)`` (or ``_Matchers(labels, actors, window)``).
    """
    if not toks:
        return
    keys = list(map(ctx.key_of.__getitem__, toks))
    is_word = (arr["kind"] == _WORD).tolist()
    part, para, sent = arr["part"], arr["para"], arr["sent"]
    # segment = sentence within a paragraph within a part: phrases never span them
    change = np.empty(len(toks), dtype=bool)
    change[0] = True
    change[1:] = (part[1:] != part[:-1]) | (para[1:] != para[:-1]) | (sent[1:] != sent[:-1])
    seg = np.cumsum(change).tolist()
    start, end = arr["start"], arr["end"]
    seg_first = np.flatnonzero(change)  # first token of each segment (seg ids from 1)
    seg_last = np.r_[seg_first[1:], len(toks)] - 1
    text_of = dict(fields)
    quoted = arr["quoted"].tolist()

    def row(s, e, k, actor, basis, speaker, framing):
        p = PARTS[part[s]]
        g = seg[s] - 1
        field = text_of[p]
        if speaker is not None and speaker.stop > speaker.start:
            # a resolved "katanya" speaker may sit in an earlier part (the title)
            where = text_of[PARTS[part[speaker.start]]]
            who = (where[int(start[speaker.start]):int(end[speaker.stop - 1])], speaker.actor, speaker.basis)
        else:
            who = ("", None, "")
        return (doc_id, outlet, p, ctx.l_label[k], ctx.l_frame[k], ctx.l_variant[k],
                int(sent[s]), int(start[s]), int(end[e - 1]),
                "quoted" if quoted[s] else "narrator", actor, basis,
                field[int(start[seg_first[g]]):int(end[seg_last[g]])], framing, *who)

    matches = []
    for m in ctx.labels.find(keys, seg):
        if _context(keys, is_word, seg, m[0], m[1], ctx.l_excludes[m[2]], ctx.l_span[m[2]]):
            if rejected is not None:
                rejected.append((*row(*m, None, "unattributed", None, False), "excludes"))
        else:
            matches.append(m)
    if not matches:
        return
    # a variant that always names an actor ("tentara Suriah") is a mention of
    # it; it takes precedence over the actor layer's overlapping mentions
    named = [attribution.Mention(s, e, *ctx.l_names[k]) for s, e, k in matches if ctx.l_names[k]]
    mentions = [attribution.Mention(s, e, ctx.a_actor[k], ctx.a_kind[k])
                for s, e, k in ctx.actors.find(keys, seg)]
    if named:
        covered = set()
        for m in named:
            covered.update(range(m.start, m.stop))
        mentions = sorted([m for m in mentions if not covered.intersection(range(m.start, m.stop))] + named,
                          key=lambda m: m.start)
    _, speaker_at = speakers.find(keys, seg, quoted, mentions)
    # mentions inside each match's speaker span may not be its target; found
    # by binary search on the mention starts (a document-wide scan per match
    # would cost matches x mentions)
    m_starts = [m.start for m in mentions]
    exclude = []
    for s, _, _ in matches:
        sp = speaker_at[s]
        exclude.append(range(bisect_left(m_starts, sp.start), bisect_left(m_starts, sp.stop)) if sp else ())
    lmatches = [attribution.LabelMatch(s, e, ctx.l_applies[k]) for s, e, k in matches]
    attributed = attribution.attribute(keys, is_word, seg, lmatches, mentions, window=ctx.window,
                                       exclude=exclude)
    for (s, e, k), (actor, basis) in zip(matches, attributed):
        sp = speaker_at[s]
        if sp is not None and actor is not None and actor == sp.actor:
            actor, basis = None, "unattributed"  # a speaker is never the target of their own words
        if ctx.l_requires[k] and actor is None and not _context(keys, is_word, seg, s, e, ctx.l_requires[k],
                                                                 ctx.l_span[k]):
            # wrong sense: no armed/political context word and no actor
            if rejected is not None:
                rejected.append((*row(s, e, k, actor, basis, sp, False), "requires"))
            continue
        rows.append(row(s, e, k, actor, basis, sp, not (ctx.l_needs_actor[k] and actor is None)))


def _context(keys, is_word, seg, s: int, e: int, patterns: tuple[str, ...], span: int) -> bool:
    """Is one of ``patterns`` among the ``span`` word tokens before ``s`` or
    after ``e`` in the same segment?"""
    if not patterns:
        return False
    for step, i in ((-1, s - 1), (1, e)):
        seen = 0
        while 0 <= i < len(keys) and seg[i] == seg[s] and seen < span:
            if is_word[i]:
                seen += 1
                if any(wildcard_match(p, keys[i]) for p in patterns):
                    return True
            i += step
    return False
