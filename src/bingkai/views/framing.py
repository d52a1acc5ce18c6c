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

Matching (see :mod:`bingkai.lexicon.packs`: packs, sense rules, wildcards) is on
the tokens frame's ``lower`` column; attribution rules are in
:mod:`bingkai.lexicon.attribution`, speaker rules in :mod:`bingkai.lexicon.speakers`. Every
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

from collections.abc import Sequence

import numpy as np
import pandas as pd

from bingkai.constants import DEFAULT_PARTS, NO_SPEAKER, PARTS, UNATTRIBUTED, UNIDENTIFIED_SPEAKER, VOICE_FILTERS
from bingkai.errors import BingkaiInputError
from bingkai.frames import check_parts
from bingkai.indexing.build import index as index_corpus
from bingkai.indexing.corpus import Corpus
from bingkai.lexicon.matching import OCCURRENCE_COLUMNS
from bingkai.lexicon.packs import Lexicon, resolve_lexicon
from bingkai.stats import check_ci, proportion_ci


RATE_BY = ("outlet", "doc_id", "period")
# what lexicon= accepts (see bingkai.lexicon.packs.resolve_lexicon)
LexiconArg = Lexicon | str | Sequence[str] | None


def label_occurrences(
    corpus: pd.DataFrame,
    *,
    lexicon: LexiconArg = None,
    progress: bool | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Every label match in the corpus's title, subtitle and body.

    ``corpus``: the corpus frame (``bingkai.load_corpus``); needs
    ``doc_id, outlet, title, subtitle, text``. ``lexicon``: a
    :class:`bingkai.Lexicon`, a pack name, a folder or a list of them
    (:func:`bingkai.load_lexicon`); default the ``syria`` pack. Two CSV
    files are ``lexicon=bingkai.Lexicon(labels=..., actors=...)``. The
    attribution window (how far from a label its actor may be, the proximity
    rule of :mod:`bingkai.lexicon.attribution`) is the lexicon's ``window``
    (``bingkai.Lexicon(..., window=)``, ``Lexicon.with_window``).

    Returns one row per match that passes its sense rules (``requires``/
    ``excludes``, see :mod:`bingkai.lexicon.packs`), sorted by ``doc_id`` then
    position (title, subtitle, body), columns:
    ``doc_id, outlet, part, label, frame, variant, sent, start, end, voice,
    actor, actor_basis, sentence, framing, sense, speaker, speaker_actor,
    speaker_basis`` where ``part`` is title/subtitle/body,
    ``variant`` the lexicon variant that matched (as written in the CSV),
    ``sent`` the document-wide sentence index (as in ``bingkai.tokens(corpus,
    parts=PARTS)``),
    ``start``/``end`` character offsets of the match in that part's field
    (``text`` for the body), ``voice`` narrator/quoted (of the first token),
    ``actor`` the actor id or missing (NA) when unattributed, ``actor_basis``
    the rule that fired, ``sentence`` the sentence's original text (from
    its first to its last token), ``framing`` False for a ``needs_actor``
    variant ("pemerintah") that names no actor — a use reported apart and
    left out of :func:`label_rates` — and for a variant of another sense,
    else True, ``sense`` ``framing`` or the variant's other sense
    (``historical``, ``institution``, ...: labels.csv ``sense``; reported
    apart, never counted, no ``actor``), ``speaker`` the text of the
    speaker span ("" when the narrator speaks), ``speaker_actor`` the actor
    named in it (NA when none) and ``speaker_basis`` the rule
    (:mod:`bingkai.lexicon.speakers`; "" when there is no speaker). A speaker is
    never the ``actor`` of the same occurrence.

    ``n_jobs``: worker processes (documents are independent; ``-1`` = one
    per CPU). The rows are the same, in the same order, whatever
    ``n_jobs`` is; processes pay off from a few hundred articles up.

    Speed: the occurrences are the corpus index's (``bingkai.index``),
    matched once when it is built; a frame is indexed on the way (and
    memoised), so asking again costs a table copy.
    """
    index, _ = _indexed(corpus, lexicon, progress, n_jobs)
    return index.occurrences[OCCURRENCE_COLUMNS].reset_index(drop=True)


def label_rates(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    parts: Sequence[str] | str = DEFAULT_PARTS,
    lexicon: LexiconArg = None,
    ci: str = "wilson",
    progress: bool | None = None,
    n_jobs: int = 1,
    include_short: bool = False,
) -> pd.DataFrame:
    """Label rates per 1,000 word tokens with 95% confidence intervals.

    ``by``: "outlet", "doc_id" or "period" (a corpus column; a missing value
    in it is an error naming the document). ``parts``:
    the article fields counted, any of "title", "subtitle", "body" (default
    ``("body",)``; ``PARTS`` for all three together).
    ``lexicon`` as for :func:`label_occurrences`.
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
    parts = check_parts(parts)
    articles = corpus.articles if isinstance(corpus, Corpus) else corpus
    if by not in articles.columns:
        raise BingkaiInputError(f"the corpus frame has no {by!r} column",
                                hint="load it with bingkai.load_corpus()")
    _check_group_values(articles, by)
    index, lex = _indexed(corpus, lexicon, progress, n_jobs)
    # only the columns counted here: filtering a frame copies every column it has (the
    # occurrences' sentences and the articles' texts: seconds and GBs at 100M words)
    occ = _occurrences(index, parts, ["doc_id", "part", "label", "voice", "framing"])
    occ = occ[occ["framing"].to_numpy(dtype=bool)]
    n_words, n_quoted, _ = _doc_words(index, parts)
    articles = index.articles[list(dict.fromkeys(["doc_id", by]))]
    if not include_short and "short" in index.articles.columns:
        short = index.articles["short"].fillna(False).astype(bool).to_numpy()
        if short.any():
            warnings.warn(f"label_rates: {int(short.sum())} short article(s) left out "
                          "(body under read_articles' min_words); include_short=True counts them",
                          stacklevel=2)
            # the counts are per document: the other documents' counts and occurrences,
            # not a subset of the index (which would copy every token array)
            articles, n_words, n_quoted = articles[~short], n_words[~short], n_quoted[~short]
            occ = occ[~occ["doc_id"].astype(str).isin(index.articles["doc_id"][short].astype(str))]
    lab = lex.labels
    label_frame = lab.drop_duplicates("label").set_index("label")["frame"].to_dict()
    label_names = sorted(label_frame)

    # Whole arrays, no loop per document or per output row (issue 24): a document's group
    # is its ``by`` value as str; word tokens per group (all) and per group and voice from
    # the per-document counts; occurrences per group x label x voice (occurrence voice =
    # voice of its first token) by one bincount.
    doc_group, groups = pd.factorize(articles[by].astype(str), sort=True)
    groups = [str(g) for g in groups]
    n_groups, n_labels, n_voices = len(groups), len(label_names), len(VOICE_FILTERS)
    tokens = np.zeros((n_groups, n_voices), dtype=np.int64)
    for v, per_doc in enumerate((n_words, n_words - n_quoted, n_quoted)):  # VOICE_FILTERS' order
        tokens[:, v] = np.bincount(doc_group, weights=per_doc, minlength=n_groups).astype(np.int64)
    group_of = dict(zip(articles["doc_id"].astype(str).tolist(), doc_group.tolist()))
    label_of = {name: k for k, name in enumerate(label_names)}
    voice_of = {voice: k for k, voice in enumerate(VOICE_FILTERS) if voice != "all"}
    g = np.fromiter((group_of[d] for d in occ["doc_id"].astype(str).tolist()), dtype=np.int64, count=len(occ))
    lab_ids = np.fromiter((label_of.get(x, -1) for x in occ["label"].tolist()), dtype=np.int64, count=len(occ))
    v = np.fromiter((voice_of.get(x, -1) for x in occ["voice"].tolist()), dtype=np.int64, count=len(occ))
    counted = lab_ids >= 0  # a label outside the lexicon has no row
    cells = n_groups * n_labels * n_voices
    base = (g * n_labels + lab_ids) * n_voices
    count = (np.bincount(base[counted], minlength=cells)  # voice "all" (position 0)
             + np.bincount((base + v)[counted & (v > 0)], minlength=cells))
    out = pd.DataFrame({
        by: np.repeat(np.asarray(groups, dtype=object), n_labels * n_voices),
        "label": np.tile(np.repeat(np.asarray(label_names, dtype=object), n_voices), n_groups),
        "frame": np.tile(np.repeat(np.asarray([label_frame[x] for x in label_names], dtype=object), n_voices),
                         n_groups),
        "voice": np.tile(np.asarray(VOICE_FILTERS, dtype=object), n_groups * n_labels),
        "count": count[:cells].astype(np.int64),
        "tokens": np.repeat(tokens, n_labels, axis=0).reshape(-1),
    })
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
    parts: Sequence[str] | str = DEFAULT_PARTS,
    by_speaker: bool = False,
    lexicon: LexiconArg = None,
    progress: bool | None = None,
    n_jobs: int = 1,
) -> pd.DataFrame:
    """Who is called what, by which outlet, in whose voice.

    ``parts``: the article fields counted, any of "title", "subtitle",
    "body" (default ``("body",)``, as every view; ``PARTS`` for all three).
    Returns columns ``actor, label, frame,
    outlet, voice, count``: the number of :func:`label_occurrences` rows per
    actor × label × outlet × voice (narrator/quoted), non-zero rows only,
    sorted by ``actor, label, outlet, voice``. Only framing uses count
    (``framing`` True: what :func:`label_rates`, :func:`bingkai.label_timeline`
    and ``kwic`` by label count, so every table gives a label the same total).
    Unattributed occurrences are counted under the actor ``"unattributed"`` (a
    reserved id; keeping them in the table shows how much of each label the
    rules could not place). Exactly ``occ[occ.framing].assign(actor=occ.actor
    .fillna("unattributed")).groupby(["actor", "label", "frame", "outlet",
    "voice"]).size()``.

    ``by_speaker=True`` answers "who is quoted calling whom what": a first
    column ``speaker_actor`` is added to the keys — the speaker's actor id,
    ``"unidentified_speaker"`` for a speaker the lexicon does not name, or
    ``"no_speaker"`` for the narrator's own words and untraced quotes (both
    reserved ids). ``lexicon`` and ``n_jobs`` as for
    :func:`label_occurrences`.
    """
    parts = check_parts(parts)
    index, _ = _indexed(corpus, lexicon, progress, n_jobs)
    occ = _occurrences(index, parts)  # (no per-document word counts: not needed here)
    occ = occ[occ["framing"]]  # what label_rates counts: one definition of a label's count
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


# ----------------------------------------------------------------- internals

def _indexed(corpus, lexicon, progress, n_jobs) -> tuple[Corpus, Lexicon]:
    """The corpus index to answer from, and the lexicon it was built with.

    A ``Corpus`` answers with its own lexicon when none is asked for; a
    lexicon (or attribution window) other than its own is an error
    (:meth:`bingkai.Corpus.check_lexicon`), never a silent re-index or default. A
    DataFrame is indexed on the way with the requested lexicon (through the
    index cache when ``BINGKAI_CACHE_DIR`` is set), so repeated questions on
    the same frame share one build.
    """
    if not isinstance(corpus, (pd.DataFrame, Corpus)):
        raise BingkaiInputError(f"cannot analyse a {type(corpus).__name__}",
                                hint="pass bingkai.index(...) or the frame from bingkai.load_corpus()")
    lex = None if lexicon is None else resolve_lexicon(lexicon)
    if isinstance(corpus, Corpus):
        corpus.check_lexicon(lex)
        return corpus, corpus.lexicon
    index = index_corpus(corpus, lexicon=lex, progress=progress, n_jobs=n_jobs)
    return index, index.lexicon


def _occurrences(index: Corpus, parts: tuple[str, ...],
                 columns: Sequence[str] = OCCURRENCE_COLUMNS) -> pd.DataFrame:
    """The index's label occurrences in ``parts``: ``columns`` of them (default the columns
    of :func:`label_occurrences`; with ``part``). Chosen before the rows are: filtering a
    frame copies every column it has (the sentences are most of it)."""
    occ = index.occurrences[list(columns)]
    if len(parts) < len(PARTS):
        occ = occ[occ["part"].isin(parts)]
    return occ.reset_index(drop=True)


def _doc_words(index: Corpus, parts: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per document (int64): word tokens and quoted word tokens in ``parts``, and whether it
    has any token there (``Corpus.doc_word_counts``: counted once per index and parts, stored
    with a saved index for the default parts)."""
    n_tokens, n_words, n_quoted = index.doc_word_counts(parts)
    return n_words, n_quoted, n_tokens > 0


def _from_index(index: Corpus, parts: tuple[str, ...]) -> tuple[pd.DataFrame, list[tuple[str, int, int]]]:
    """What ``_scan`` returns, from the index: the occurrences of ``parts`` and
    ``(doc_id, word tokens, quoted word tokens)`` per document that has
    tokens in those parts."""
    n_words, n_quoted, has_tok = _doc_words(index, parts)
    ids = index.articles["doc_id"].astype(str).tolist()
    words = [(ids[d], int(n_words[d]), int(n_quoted[d])) for d in np.flatnonzero(has_tok)]
    return _occurrences(index, parts), words


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


