"""Findings computed from the data: sentences rendered from bingkai's tables.

A notebook's "Finding" cell must be true for whatever corpus it ran on, so no
sentence here names an outlet, a count or a label that is not read off the
table passed in. Each function takes the tidy frame a library call returns
(``label_rates``, ``actor_labels``, ``keyness``, ``same_story``,
``label_timeline``, the corpus frame) and returns an
:class:`IPython.display.Markdown` object (shown as formatted text in Jupyter;
its ``.data`` is the Markdown string). The text is deterministic: groups and
labels are sorted explicitly and ties broken by name, numbers are rounded to
fixed decimals, and nothing carries a date or an id, so nbval can compare the
output byte for byte.

The paper's claims about the seed corpus are different: they are specific
facts (which outlet uses which word) that hold on that corpus only. They stay
in the notebooks as :func:`check_claim` cells, which run on the seed corpus
only and raise :class:`ClaimError` naming the claim when the data no longer
supports it (so ``make test`` fails and says which claim broke).

Wording rules: a rate is always given with its 95% CI; "highest" is said only
of the group with the highest point estimate, and the sentence adds whether
its interval overlaps the next group's (overlapping intervals mean the data
cannot rank the two).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from bingkai.errors import BingkaiInputError
from bingkai.views.timeline import MIN_ARTICLES

__all__ = [
    "ClaimError",
    "actor_findings",
    "check_claim",
    "corpus_findings",
    "groups_using",
    "keyness_findings",
    "label_findings",
    "similarity_findings",
    "timeline_findings",
    "top_actors",
]


class ClaimError(AssertionError):
    """A claim of the paper about the seed corpus no longer holds on the data."""


def _markdown(lines: Sequence[str]):
    from IPython.display import Markdown

    return Markdown("\n".join(lines))


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise BingkaiInputError(f"expected a DataFrame from {what}, got {type(frame).__name__}",
                                hint=f"pass the output of {what}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BingkaiInputError(f"the frame lacks column(s) {', '.join(missing)}",
                                hint=f"pass the output of {what}")


def _num(x: float, digits: int = 2) -> str:
    return "n/a" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{x:,.{digits}f}"


def _rate(row) -> str:
    return (f"{_num(row['rate'])} per 1,000 tokens "
            f"(95% CI {_num(row['ci_low'])}–{_num(row['ci_high'])})")


def _names(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


# --------------------------------------------------------------------------
# claims (seed run only)


def check_claim(claim: str, holds: bool):
    """Assert one claim of the paper from the data; return a one-line record.

    ``holds`` is the claim computed from the corpus's tables (e.g.
    ``groups_using(rates, "oposisi") == ["Suara.com"]``). Raises
    :class:`ClaimError` whose message is the claim when it is false;
    otherwise returns Markdown "claim holds: <claim>".
    """
    if not isinstance(claim, str) or not claim.strip():
        raise BingkaiInputError("a claim needs its sentence", hint="check_claim('who says what', holds)")
    if not bool(holds):
        raise ClaimError(f"seed claim no longer holds: {claim}")
    return _markdown([f"✓ claim holds: {claim}"])


def groups_using(rates: pd.DataFrame, label: str, *, voice: str = "all",
                 by: str = "outlet") -> list[str]:
    """Sorted groups with at least one occurrence of ``label`` in ``voice``.

    ``rates`` is ``bingkai.label_rates(corpus, by=by)``.
    """
    _require(rates, [by, "label", "voice", "count"], "bingkai.label_rates")
    sel = rates[(rates["label"] == label) & (rates["voice"] == voice) & (rates["count"] > 0)]
    return sorted(sel[by].astype(str).unique())


def top_actors(table: pd.DataFrame, n: int = 3) -> list[str]:
    """The ``n`` actors with the most attributed label occurrences in
    ``bingkai.actor_labels``' table ("unattributed" excluded; ties by id)."""
    _require(table, ["actor", "count"], "bingkai.actor_labels")
    per = table[table["actor"].astype(str) != "unattributed"].groupby("actor")["count"].sum()
    per = per[per > 0]
    return sorted(per.index.astype(str), key=lambda a: (-int(per[a]), a))[:n]


# --------------------------------------------------------------------------
# corpus


def corpus_findings(corpus: pd.DataFrame, *, by: str = "outlet"):
    """What the corpus is: articles per group, dates, size and cleaning.

    ``corpus`` is the corpus frame (``load_corpus`` / ``read_articles``);
    uses ``doc_id``, ``by``, ``published``, ``text`` and, when present,
    ``lines_kept``/``lines_dropped``.
    """
    _require(corpus, ["doc_id", by, "text"], "bingkai.load_corpus or bingkai.read_articles")
    n = len(corpus)
    if n == 0:
        return _markdown(["The corpus is empty: there is nothing to report."])
    counts = corpus[by].astype(str).value_counts()
    ordered = sorted(counts.index, key=lambda g: (-int(counts[g]), g.casefold(), g))
    lines = [f"- **{_plural(n, 'article')}** from **{_plural(len(counts), by)}**: "
             + _names([f"{g} ({counts[g]:,})" for g in ordered[:8]])
             + (f", and {len(ordered) - 8:,} more" if len(ordered) > 8 else "") + "."]
    if "published" in corpus.columns:
        days = corpus["published"].astype(str).str.slice(0, 10)
        days = days[days.str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
        if len(days) == 0:
            lines.append("- No article has a publication date, so nothing here can be read as a "
                         "change over time.")
        else:
            lines.append(f"- {_plural(len(days), 'article')} of {n:,} are dated, from "
                         f"{days.min()} to {days.max()}"
                         + (f"; {_plural(n - len(days), 'article')} "
                            f"{'has' if n - len(days) == 1 else 'have'} no date." if len(days) < n
                            else "."))
    words = corpus["text"].astype(str).str.split().str.len()
    lines.append(f"- Body length: median {int(words.median()):,} words "
                 f"(shortest {int(words.min()):,}, longest {int(words.max()):,}).")
    if {"lines_kept", "lines_dropped"} <= set(corpus.columns):
        kept, dropped = int(corpus["lines_kept"].sum()), int(corpus["lines_dropped"].sum())
        if kept + dropped:
            lines.append(f"- Cleaning kept {kept:,} of {kept + dropped:,} source lines "
                         f"({100 * kept / (kept + dropped):.0f}%); the other lines were blank, "
                         "headlines moved to `title`/`subtitle`, or site furniture.")
    small = int((counts < 5).sum())
    if small:
        lines.append(f"- {_plural(small, by)} {'has' if small == 1 else 'have'} fewer than five "
                     "articles: their rates rest on "
                     "few tokens, so read their confidence intervals, not their point estimates.")
    return _markdown(lines)


# --------------------------------------------------------------------------
# labels


def label_findings(rates: pd.DataFrame, *, by: str = "outlet", top: int = 3):
    """The most frequent labels: who uses them most, with CIs, and in whose voice.

    ``rates`` is ``bingkai.label_rates(corpus, by=by)``. For each of the
    ``top`` labels with the most occurrences (ties by name): the total, the
    group with the highest rate and the next one with their intervals
    (overlapping or not), the groups that never use it, and the share of its
    occurrences inside quotations. A label used by exactly one group is said
    to be so.
    """
    _require(rates, [by, "label", "voice", "count", "tokens", "rate", "ci_low", "ci_high"],
             "bingkai.label_rates")
    allv = rates[rates["voice"] == "all"].copy()
    allv[by] = allv[by].astype(str)
    totals = allv.groupby("label")["count"].sum()
    used = totals[totals > 0]
    groups = sorted(allv[by].unique(), key=lambda g: (g.casefold(), g))
    if used.empty:
        return _markdown(["No framing label of the lexicon occurs in this corpus."])
    lines = [f"- {_plural(len(used), 'label')} of {len(totals):,} in the lexicon occur, "
             f"{int(used.sum()):,} times in all, across {_plural(len(groups), by)}."]
    quoted = rates[rates["voice"] == "quoted"].groupby("label")["count"].sum()
    for label in sorted(used.index, key=lambda lab: (-int(used[lab]), lab))[:top]:
        sel = allv[(allv["label"] == label) & allv["rate"].notna()]
        sel = sel.sort_values(["rate", by], ascending=[False, True], kind="stable")
        first = sel.iloc[0]
        users = sorted(sel.loc[sel["count"] > 0, by])
        text = f"- **“{label}”** occurs {_plural(int(used[label]), 'time')}"
        if len(users) == 1:
            text += f", all in {users[0]} ({_rate(first)})"
        else:
            second = sel.iloc[1]
            overlap = first["ci_low"] <= second["ci_high"]
            text += (f"; highest rate in {first[by]}, {_rate(first)}, then {second[by]}, "
                     f"{_rate(second)}"
                     + (" — the intervals overlap, so the data cannot rank these two"
                        if overlap else " — the intervals do not overlap"))
        never = len(groups) - len(users)
        if never and len(users) > 1:
            text += f"; {_plural(never, by)} never {'uses' if never == 1 else 'use'} it"
        q = int(quoted.get(label, 0))
        text += f". {100 * q / int(used[label]):.0f}% of its occurrences are inside quotations."
        lines.append(text)
    return _markdown(lines)


# --------------------------------------------------------------------------
# actors


def actor_findings(table: pd.DataFrame, *, actors: Sequence[str] | None = None,
                   names: dict[str, str] | None = None, top: int = 3):
    """How each actor is named, per outlet, in the narrator's own voice.

    ``table`` is ``bingkai.actor_labels(corpus)``. ``actors``: the actor ids
    to describe (default: the three most labelled). For each: its most
    frequent narrator-voice label per outlet (ties by name), and how many of
    its labels are quoted. Then the share of all occurrences the attribution
    rules left unattributed. ``names`` maps ids to display names.
    """
    _require(table, ["actor", "label", "outlet", "voice", "count"], "bingkai.actor_labels")
    data = table.copy()
    for col in ("actor", "label", "outlet", "voice"):
        data[col] = data[col].astype(str)
    total = int(data["count"].sum())
    if total == 0:
        return _markdown(["No label occurrence in this corpus."])
    if actors is None:
        actors = top_actors(table, top)
    lines = []
    for a in actors:
        shown = (names or {}).get(a, a.replace("_", " "))
        sel = data[data["actor"] == a]
        if sel.empty:
            lines.append(f"- **{shown}**: no label is attributed to this actor in this corpus.")
            continue
        narr = sel[sel["voice"] == "narrator"]
        per = narr.groupby(["outlet", "label"])["count"].sum().reset_index()
        parts = []
        for outlet in sorted(per["outlet"].unique(), key=lambda o: (o.casefold(), o)):
            rows = per[per["outlet"] == outlet].sort_values(["count", "label"],
                                                            ascending=[False, True])
            best = rows.iloc[0]
            parts.append(f"“{best['label']}” for {outlet} ({int(best['count'])}×)")
        n_all = int(sel["count"].sum())
        n_quoted = int(sel.loc[sel["voice"] == "quoted", "count"].sum())
        text = f"- **{shown}** ({_plural(n_all, 'label occurrence')}): "
        text += ("in the narrator's voice it is most often " + "; ".join(parts[:8])
                 + (f"; and {len(parts) - 8} more outlets" if len(parts) > 8 else "")
                 if parts else "never labelled in any outlet's own voice")
        text += f". {n_quoted:,} of its {n_all:,} labels are inside quotations."
        lines.append(text)
    un = int(data.loc[data["actor"] == "unattributed", "count"].sum())
    lines.append(f"- {un:,} of {total:,} label occurrences ({100 * un / total:.0f}%) stay "
                 "unattributed: the table is a lower bound on who calls whom what.")
    return _markdown(lines)


# --------------------------------------------------------------------------
# keyness and similarity


def keyness_findings(key: pd.DataFrame, *, by: str = "outlet", top: int = 3,
                     min_ll: float = 3.84):
    """Each group's most over-used terms against the rest of the corpus.

    ``key`` is ``bingkai.keyness(corpus, by=by)`` (every group against the rest). Per group (sorted),
    the ``top`` terms with direction "over" and LL >= ``min_ll`` (3.84:
    p < 0.05 for one term, before any correction), by LL then term.
    """
    _require(key, [by, "term", "ll", "log_ratio", "direction"], "bingkai.keyness(corpus, by=...)")
    groups = sorted(key[by].astype(str).unique(), key=lambda g: (g.casefold(), g))
    over = key[(key["direction"] == "over") & (key["ll"] >= min_ll)].copy()
    over[by] = over[by].astype(str)
    over = over.sort_values([by, "ll", "term"], ascending=[True, False, True], kind="stable")
    lines = []
    none = []
    for g in groups:
        sel = over[over[by] == g].head(top)
        if sel.empty:
            none.append(g)
            continue
        terms = [f"*{t}* (LL {_num(ll, 1)}, Log Ratio {_num(lr, 1)})"
                 for t, ll, lr in zip(sel["term"], sel["ll"], sel["log_ratio"])]
        lines.append(f"- {g}: " + ", ".join(terms) + ".")
    if none:
        lines.append(f"- No term is significantly over-used (LL ≥ {min_ll}) by "
                     + _names(none) + ".")
    lines.append("- Keyness is computed per term without correction for the number of terms "
                 "tested: read the top of each list, not a single p-value.")
    return _markdown(lines)


def similarity_findings(neighbours: pd.DataFrame, pairs: pd.DataFrame, *,
                        articles: pd.DataFrame | None = None, by: str = "outlet", top: int = 3):
    """The most similar article pairs and how many the same-story rule flags.

    ``neighbours`` is ``bingkai.similarity(corpus)`` (each article's nearest
    neighbours: ``doc_id, neighbour, cosine``); ``pairs`` is
    ``bingkai.same_story(corpus)`` (its ``same_story`` rows are the flagged
    pairs, whether or not ``all_pairs`` was asked for). ``articles`` (the
    corpus frame), when given, adds each article's ``by`` group after its
    doc_id and the number of pairs tested.
    """
    _require(neighbours, ["doc_id", "neighbour", "cosine"], "bingkai.similarity")
    _require(pairs, ["doc_a", "doc_b", "similarity", "same_story"], "bingkai.same_story")
    group = ({} if articles is None
             else dict(zip(articles["doc_id"].astype(str), articles[by].astype(str))))

    def name(doc: str) -> str:
        return f"{doc} ({group[doc]})" if doc in group else doc

    # each unordered pair once (a neighbour relation is listed from both ends)
    a = neighbours["doc_id"].astype(str).to_numpy()
    b = neighbours["neighbour"].astype(str).to_numpy()
    both = pd.DataFrame({"doc_a": np.minimum(a, b), "doc_b": np.maximum(a, b),
                         "similarity": neighbours["cosine"].to_numpy(float)})
    best = (both.drop_duplicates(["doc_a", "doc_b"])
            .sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True],
                         kind="stable").head(top))
    if best.empty:
        lines = ["- No two articles share a term: there is no similar pair."]
    else:
        lines = ["- Most similar pairs: " + "; ".join(
            f"{name(x)} and {name(y)} (cosine {_num(v)})" for x, y, v in
            zip(best["doc_a"], best["doc_b"], best["similarity"])) + "."]
    flagged = int(pairs["same_story"].sum())
    n_pairs = len(articles) * (len(articles) - 1) // 2 if articles is not None else None
    lines.append(f"- The same-story rule flags {_plural(flagged, 'pair')}"
                 + (f" of {n_pairs:,}" if n_pairs is not None else "")
                 + (": with few articles the rule is underpowered, so the ranking is the evidence."
                    if flagged == 0 and n_pairs is not None and n_pairs < 100 else "."))
    return _markdown(lines)


# --------------------------------------------------------------------------
# time


def timeline_findings(timeline: pd.DataFrame, *, by: str = "outlet", label: str | None = None):
    """How one label's rate changed per group between its first and last bin.

    ``timeline`` is ``bingkai.label_timeline(corpus, by=by)``. ``label``:
    default the most frequent one. Per group that uses the label and has
    at least two bins, the rate in its first and last bin with CIs, and
    whether the intervals overlap (if they do, the data do not show a
    change). Thin bins (fewer than ``min_articles`` articles, column
    ``thin``) are never compared; the dated articles outside the timeline's
    window are counted in one line.
    """
    _require(timeline, [by, "date", "label", "voice", "count", "rate", "ci_low", "ci_high"],
             "bingkai.label_timeline")
    allv = timeline[timeline["voice"] == "all"]
    undated = timeline.attrs.get("undated", 0)
    if allv.empty:
        return _markdown(["No article has a publication date: there is no timeline."])
    totals = allv.groupby("label")["count"].sum()
    if label is None:
        if int(totals.max()) == 0:
            return _markdown(["No label occurs in the dated articles."])
        label = sorted(totals.index, key=lambda lab: (-int(totals[lab]), lab))[0]
    sel = allv[allv["label"] == label].copy()
    sel[by] = sel[by].astype(str)
    dates = sorted(sel["date"].astype(str).unique())
    lines = [f"- {_plural(len(dates), 'time bin')} from {dates[0]} to {dates[-1]}"
             + (f"; {_plural(int(undated), 'undated article')} left out." if undated else ".")]
    outside = int(timeline.attrs.get("outside", 0))
    if outside:
        first, last = timeline.attrs.get("date_range", ("", ""))
        lines.append(f"- {_plural(outside, 'article')} dated outside the range {first} to {last} "
                     "(the 1st to 99th percentile of the dates, or since=/until=) left out.")
    if "thin" in sel.columns and sel["thin"].any():
        minimum = int(timeline.attrs.get("min_articles", MIN_ARTICLES))
        lines.append(f"- Bins with fewer than {minimum} articles (per {by}) are not compared.")
        sel = sel[~sel["thin"].astype(bool)]
    compared = 0
    for g in sorted(sel[by].unique(), key=lambda x: (x.casefold(), x)):
        rows = sel[sel[by] == g].dropna(subset=["rate"]).sort_values("date")
        if len(rows) < 2 or int(rows["count"].sum()) == 0:
            continue  # a group that never uses the label has no change to report
        a, b = rows.iloc[0], rows.iloc[-1]
        overlap = a["ci_low"] <= b["ci_high"] and b["ci_low"] <= a["ci_high"]
        compared += 1
        lines.append(f"- **“{label}”** in {g}: {_rate(a)} in the bin of {a['date']}, "
                     f"{_rate(b)} in the bin of {b['date']}"
                     + (" — the intervals overlap: no change shown."
                        if overlap else " — the intervals do not overlap."))
    if not compared:
        lines.append(f"- No {by} uses “{label}” and has articles in two different bins"
                     + (" with enough articles" if "thin" in allv.columns and allv["thin"].any() else "") + ": "
                     "no change can be read.")
    return _markdown(lines)
