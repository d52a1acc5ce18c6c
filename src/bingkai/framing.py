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
from .errors import BingkaiInputError
from .lexicon import LexiconSource, PhraseMatcher, match_key, resolve_actors, resolve_labels
from .progress import progress_bar

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
    """
    lab, act = resolve_labels(labels), resolve_actors(actors)
    toks = _tokens(corpus, PARTS, progress)
    return _occurrences(corpus, toks, lab, act, window, progress)


def label_rates(
    corpus: pd.DataFrame,
    by: str = "outlet",
    part: str | None = "body",
    labels: LexiconSource = None,
    actors: LexiconSource = None,
    ci: str = "wilson",
    window: int = attribution.DEFAULT_WINDOW,
    progress: bool | None = None,
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
    """
    if by not in RATE_BY:
        raise BingkaiInputError(f"by={by!r} is not one of {', '.join(RATE_BY)}",
                                hint="group by 'outlet', 'doc_id' or 'period'")
    if ci not in ("wilson", "exact"):
        raise BingkaiInputError(f"ci={ci!r} is not 'wilson' or 'exact'",
                                hint="use ci='wilson' (default) or ci='exact' (Clopper-Pearson)")
    parts = _parts(part)
    if by not in corpus.columns:
        raise BingkaiInputError(f"the corpus frame has no {by!r} column",
                                hint="load it with bingkai.load_corpus()")
    lab, act = resolve_labels(labels), resolve_actors(actors)
    toks = _tokens(corpus, parts, progress)
    occ = _occurrences(corpus, toks, lab, act, window, progress)

    group_of = dict(zip(corpus["doc_id"].astype(str), corpus[by].astype(str)))
    groups = sorted(set(group_of.values()))
    label_frame = lab.drop_duplicates("label").set_index("label")["frame"]
    label_names = sorted(label_frame.index)

    words = toks[toks["kind"] == "word"]
    wg = words["doc_id"].map(group_of)
    tok_all = wg.value_counts()
    tok_voice = pd.DataFrame({"g": wg, "voice": words["voice"]}).value_counts()
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
    """
    parts = _parts(part)
    lab, act = resolve_labels(labels), resolve_actors(actors)
    toks = _tokens(corpus, parts, progress)
    occ = _occurrences(corpus, toks, lab, act, window, progress)
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
            low, high = centre - half, centre + half
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

def _parts(part: str | None) -> tuple[str, ...]:
    if part is None or part == "all":
        return PARTS
    if part not in PARTS:
        raise BingkaiInputError(f"part={part!r} is not one of title, subtitle, body",
                                hint="use 'title', 'subtitle', 'body', or None for all parts")
    return (part,)


def _tokens(corpus: pd.DataFrame, parts: tuple[str, ...], progress: bool | None) -> pd.DataFrame:
    from . import text

    need = ["doc_id", "outlet", "title", "subtitle", "text"]
    missing = [c for c in need if c not in corpus.columns]
    if missing:
        raise BingkaiInputError(f"the corpus frame lacks column(s) {', '.join(missing)}",
                                hint="load it with bingkai.load_corpus()")
    return text.tokens(corpus, parts=parts, progress=progress)


def _occurrences(corpus, toks, lab, act, window, progress) -> pd.DataFrame:
    """Match both lexicons on the tokens frame, attribute, build the rows."""
    label_matcher = PhraseMatcher(list(lab["key"]))
    actor_matcher = PhraseMatcher(list(act["key"]))
    l_label, l_variant = lab["label"].tolist(), lab["variant"].tolist()
    l_frame, l_applies = lab["frame"].tolist(), lab["applies_to"].tolist()
    a_actor, a_kind = act["actor"].tolist(), act["kind"].tolist()
    fields = {
        str(row.doc_id): {p: str(getattr(row, f)) for p, f in _FIELD.items()}
        for row in corpus[["doc_id", *_FIELD.values()]].itertuples(index=False)
    }
    lowers = toks["lower"].astype(str).tolist()
    key_of = {w: match_key(w) for w in set(lowers)}  # one call per distinct form
    keys_all = [key_of[w] for w in lowers]
    cols = {c: toks[c].to_numpy() for c in ("doc_id", "outlet", "part", "para", "sent", "kind",
                                              "start", "end", "voice")}
    # one document = one contiguous run of rows (tokens are sorted by doc_id, i)
    doc = cols["doc_id"]
    bounds = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1], True]) if len(doc) else np.array([0])
    rows = []
    for lo, hi in progress_bar(list(zip(bounds[:-1], bounds[1:])), desc="framing", progress=progress,
                               unit="doc"):
        keys = keys_all[lo:hi]
        part = cols["part"][lo:hi]
        # segment = sentence within a paragraph within a part: phrases never span them
        seg_key = list(zip(part, cols["para"][lo:hi], cols["sent"][lo:hi]))
        seg_arr = np.cumsum([True] + [a != b for a, b in zip(seg_key[1:], seg_key[:-1])])
        seg = seg_arr.tolist()
        matches = label_matcher.find(keys, seg)
        if not matches:
            continue
        mentions = [attribution.Mention(s, e, a_actor[k], a_kind[k]) for s, e, k in actor_matcher.find(keys, seg)]
        lmatches = [attribution.LabelMatch(s, e, l_applies[k]) for s, e, k in matches]
        is_word = (cols["kind"][lo:hi] == "word").tolist()
        attributed = attribution.attribute(keys, is_word, seg, lmatches, mentions, window=window)
        start, end, sent = cols["start"][lo:hi], cols["end"][lo:hi], cols["sent"][lo:hi]
        doc_id = str(doc[lo])
        for (s, e, k), (actor, basis) in zip(matches, attributed):
            p = str(part[s])
            in_sent = np.flatnonzero(seg_arr == seg[s])
            field = fields[doc_id][p]
            rows.append((doc_id, str(cols["outlet"][lo]), p, l_label[k], l_frame[k], l_variant[k],
                         int(sent[s]), int(start[s]), int(end[e - 1]), str(cols["voice"][lo + s]),
                         actor, basis, field[int(start[in_sent[0]]):int(end[in_sent[-1]])]))
    out = pd.DataFrame(rows, columns=OCCURRENCE_COLUMNS)
    out = out.astype({c: "str" for c in OCCURRENCE_COLUMNS if c not in ("sent", "start", "end", "actor")}
                     | {"sent": "int64", "start": "int64", "end": "int64"})
    out["actor"] = out["actor"].astype("str")  # None -> missing in pandas' string dtype
    return out.reset_index(drop=True)
