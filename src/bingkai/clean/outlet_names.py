"""An outlet's own name is not a finding: the terms that name an outlet, left out of term tables.

Outlets print their name in datelines, channel invitations and credits, and in
the prose ("kata dia kepada Kompas.com"). Whatever the cleaning leaves, an
outlet's name is trivially its most distinctive word, so it tops its keyness
and TF-IDF lists and sits among every node's collocates. ``keyness``,
``tfidf`` and ``collocates`` leave those
terms out and list them in the table's ``attrs["dropped_terms"]``. The index
finds them once when it is built (``Corpus.outlet_name_terms``).

Which terms name an outlet (``outlet_name_terms``), from the corpus itself:

- each value of the ``outlet`` column, whole and word by word ("cnn
  indonesia", "cnn", "indonesia"), and the words of the name as the outlet's
  own articles print it with a space ("CNN Indonesia" for the outlet
  "cnnindonesia", "ANTARA News" for antaranews: a one-word name or host
  name split in two, found in at least ``SPACED_MIN_ARTICLES`` of them);
- each outlet's web host, from the ``url`` column (and ``domain``, where a
  corpus has one), without "www": the host ("nasional.kompas.com"), the
  registrable domain ("kompas.com", "republika.co.id") and its name
  ("kompas"), and the domain's suffix labels ("co", "id", "com": the pieces
  a tokeniser leaves of "TEMPO.CO");
- except an ordinary word: a candidate found in at least ``ORDINARY_SHARE``
  of the articles of the outlets it does not name is a word of the language,
  not a name ("indonesia" of CNN Indonesia, "suara" of suara.com, "juara" of
  juara.net stay; "kompas", "tempo", "liputan6.com" go).

The names are compared case-folded and, for dotted names, with the
punctuation ignored ("tempo.co" / "tempoco"). Only the rows go: the counts
and sizes of every other term are the same as without the drop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import re2

from bingkai.clean.datelines import RE2_SPACE, compact, host_labels

#: a candidate in at least this share of the other outlets' articles is an ordinary word
ORDINARY_SHARE = 0.02
#: the shortest outlet word taken for a name (two letters match too much)
MIN_NAME_CHARS = 3
#: a name printed with a space ("CNN Indonesia") must be in this many of the outlet's articles
SPACED_MIN_ARTICLES = 2
#: the only characters that ``re.IGNORECASE`` matches to an ASCII letter other than by
#: ``str.lower()`` ("ı" and "ſ" match "i" and "s"; "İ" lowers to two characters)
_CASE_EXCEPTIONS = ("\u0130", "\u0131", "\u017f")


def _frame(corpus: Any) -> pd.DataFrame | None:
    frame = getattr(corpus, "articles", corpus)
    if not isinstance(frame, pd.DataFrame) or "outlet" not in frame.columns:
        return None
    return frame


def _finder(alternatives: str, terms: Iterable[str], necessary: str | None = None):
    """A function: text -> what ``re.compile(alternatives, re.IGNORECASE).findall`` finds in it,
    case-folded, found exactly as ``re.IGNORECASE`` would.

    ``re.IGNORECASE`` over an alternation costs ~2.5x a case-sensitive pass over the
    lower-cased text (the whole-corpus scan: 0.72 s -> 0.28 s on the devcorpus). The two
    agree whenever the terms are ASCII and the text holds none of ``_CASE_EXCEPTIONS``
    (``str.lower`` then keeps every offset and ``\\w``, and no other character is equal to an
    ASCII letter with case ignored); any other text is searched the slow way.
    ``necessary``: an RE2 expression that every lower-cased text with a match also matches
    (no lookaround; one linear-time pass decides that most texts have none). ``findall``:
    strings, not match objects (a third of the scan's time on the devcorpus).
    """
    folded = re.compile(alternatives).findall
    ignoring = re.compile(alternatives, re.IGNORECASE).findall

    def slow(text: str) -> list[str]:
        return [found.casefold() for found in ignoring(text)]

    if not all(t.isascii() for t in terms):
        return slow
    prefilter = re2.compile(necessary) if necessary is not None else None

    def findall(text: str) -> list[str]:
        # (three substring tests: ~20x faster than a character-class regex over the text)
        if any(c in text for c in _CASE_EXCEPTIONS):
            return slow(text)
        lower = text.lower()
        if prefilter is not None and prefilter.search(lower) is None:
            return []
        # an ASCII term matched in lower-cased text is lower-case ASCII: already case-folded
        return folded(lower)

    return findall


def _host_forms(value: str) -> set[str]:
    """The host, registrable domain, its name and suffix labels of a URL or a bare domain."""
    labels, suffix = host_labels(value)
    if not labels:
        return set()
    return {".".join(labels), ".".join(labels[-suffix - 1:]), labels[-suffix - 1], *labels[-suffix:]}


def _candidates(frame: pd.DataFrame) -> dict[str, set[str]]:
    """candidate term -> the outlets it names."""
    named: dict[str, set[str]] = {}
    hosts = [c for c in ("url", "domain") if c in frame.columns]
    for outlet, rows in frame.groupby(frame["outlet"].astype(str), sort=True):
        forms = {outlet.casefold()} | {w for w in outlet.casefold().split() if len(w) >= MIN_NAME_CHARS}
        for column in hosts:
            seen: dict[frozenset[str], int] = {}
            for value in rows[column].astype(str):
                host = frozenset(_host_forms(value))
                if host:
                    seen[host] = seen.get(host, 0) + 1
            for host, n in seen.items():
                # a host in at least a fifth of the outlet's rows: a stray link is not its name
                if n >= 0.2 * len(rows):
                    forms |= host
        if "text" in rows.columns:
            forms |= _spaced(rows["text"].astype(str), forms)
        for form in forms:
            if form:
                named.setdefault(form, set()).add(outlet)
    return named


def _spaced(texts: pd.Series, forms: set[str]) -> set[str]:
    """The words of a one-word name printed in two ("cnnindonesia" as "CNN Indonesia")."""
    splits = {(form[:i], form[i:]) for form in forms if form.isalnum() and len(form) >= 2 * MIN_NAME_CHARS
              for i in range(MIN_NAME_CHARS, len(form) - MIN_NAME_CHARS + 1)}
    if not splits:
        return set()
    # the lookbehind once, before the alternation: written in each branch it is tried
    # for every branch at every position (6.7 s -> 0.3 s on the devcorpus)
    findall = _finder(r"(?<![\w.])(?:" + "|".join(rf"{re.escape(a)}\s+{re.escape(b)}(?!\w)" for a, b in sorted(splits))
                       + ")", [w for pair in splits for w in pair],
                       necessary="|".join(rf"{re.escape(a)}[{RE2_SPACE}]+{re.escape(b)}" for a, b in sorted(splits)))
    found: dict[tuple[str, str], int] = {}
    for text in texts:
        for pair in {tuple(found.split()) for found in findall(text)}:
            found[pair] = found.get(pair, 0) + 1
    return {word for pair, n in found.items() if n >= SPACED_MIN_ARTICLES for word in pair}


def outlet_name_terms(corpus: Any) -> frozenset[str]:
    """The terms that name an outlet of ``corpus`` (a frame of articles, or anything with an
    ``articles`` frame; module docstring), case-folded, with the dotted ones also in compact
    form; empty without an ``outlet`` column."""
    frame = _frame(corpus)
    if frame is None or frame.empty:
        return frozenset()
    named = _candidates(frame)
    if not named:
        return frozenset()
    texts = frame["text"].astype(str) if "text" in frame.columns else pd.Series([""] * len(frame))
    findall = _finder(r"(?<![\w.])(" + "|".join(re.escape(c) for c in sorted(named, key=len, reverse=True))
                       + r")(?![\w]|\.\w)", named)
    outlets = frame["outlet"].astype(str).to_numpy()
    # per candidate, the articles of other outlets that use it
    used: dict[str, int] = dict.fromkeys(named, 0)
    others: dict[str, int] = {}
    per_outlet = frame["outlet"].astype(str).value_counts()
    for candidate, owners in named.items():
        others[candidate] = int(len(frame) - sum(int(per_outlet.get(o, 0)) for o in owners))
    for outlet, text in zip(outlets, texts, strict=True):
        for found in set(findall(text)):
            if found in named and outlet not in named[found]:
                used[found] += 1
    names = {c for c in named if not (others[c] and used[c] >= ORDINARY_SHARE * others[c])}
    return frozenset(names | {compact(c) for c in names if "." in c})


def is_outlet_name(term: object, names: frozenset[str]) -> bool:
    """True when ``term`` is one of ``names`` (``outlet_name_terms``)."""
    text = str(term).casefold()
    return text in names or ("." in text and compact(text) in names)


def named_rows(values: pd.Series, names: frozenset[str]) -> np.ndarray:
    """Per value, whether it is one of ``names`` (``is_outlet_name``), each distinct value tested
    once (a keyness table of every outlet repeats each term per outlet: 344k rows, 56k terms).
    ASCII terms are tested in whole Arrow columns (their case folding is ``ascii_lower``, their
    compact form drops every character but ``a-z0-9``); only non-ASCII or missing values go
    through ``is_outlet_name`` one by one (the per-term test was ~15-30 ms of keyness' and
    tfidf's first call on the devcorpus, issue 24)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return _named_uniques(uniques, frozenset(names))[codes]


def _named_uniques(uniques: Any, names: frozenset[str]) -> np.ndarray:
    import pyarrow as pa  # heavy: imported where it is used
    import pyarrow.compute as pc

    n = len(uniques)
    try:
        arr = pa.array(uniques, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):  # values that are not strings
        return np.fromiter((is_outlet_name(t, names) for t in uniques.tolist()), dtype=bool, count=n)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    value_set = pa.array(sorted(names), type=pa.string())
    low = pc.ascii_lower(arr)
    out = np.asarray(pc.fill_null(pc.is_in(low, value_set=value_set), False), dtype=bool).copy()
    # a dotted term may also be named in its compact form (few terms: tested apart)
    dotted = np.flatnonzero(np.asarray(pc.fill_null(pc.match_substring(low, "."), False), dtype=bool))
    if len(dotted):
        short = pc.replace_substring_regex(low.take(pa.array(dotted)), "[^a-z0-9]+", "")
        out[dotted] |= np.asarray(pc.fill_null(pc.is_in(short, value_set=value_set), False), dtype=bool)
    rest = np.flatnonzero(~np.asarray(pc.fill_null(pc.string_is_ascii(arr), False), dtype=bool))
    if len(rest):  # non-ASCII (case folding beyond ascii_lower) and missing values
        items = uniques.take(rest).tolist() if hasattr(uniques, "take") else [uniques[k] for k in rest]
        out[rest] = [is_outlet_name(t, names) for t in items]
    return out


def drop_terms(table: pd.DataFrame, names: Iterable[str], column: str) -> pd.DataFrame:
    """``table`` without the rows whose ``column`` is one of ``names`` (``is_outlet_name``)."""
    names = frozenset(names)
    if not names or table.empty:
        out = table.reset_index(drop=True)
        out.attrs["dropped_terms"] = []
        return out
    hit = named_rows(table[column], names)
    out = table[~hit].reset_index(drop=True)
    out.attrs["dropped_terms"] = sorted({str(t) for t in table.loc[hit, column]})
    return out
