"""Boilerplate learned from the corpus: text that recurs across one outlet's articles.

No hand-written table can list every outlet's furniture, but an outlet's
furniture gives itself away by repeating: the same dateline ("Liputan6.com,
Jakarta -"), the same channel invitation, the same sign-off in article after
article. News text does not repeat like that across a fifth of an outlet's
stories. So, per outlet, ``learn_boilerplate`` counts in how many articles
each of these occurs:

- ``line``: a whole body line (compared by ``analysis_key``: case and
  spacing ignored);
- ``prefix``: the start of a body line up to a spaced dash or a colon within
  its first ``PREFIX_MAX_WORDS`` words ("Liputan6.com, Jakarta -",
  "REPUBLIKA.CO.ID, JAKARTA --", "okezone:");
- ``sentence``: a sentence of at least ``SENTENCE_MIN_WORDS`` words inside a
  line of several sentences ("Ikuti Whatsapp Channel Republika." glued to a
  paragraph).

One that occurs in at least ``MIN_ARTICLES`` articles *and* at least
``MIN_SHARE`` of the outlet's articles is boilerplate; ``remove_learned``
removes whole lines (rule ``learned_line``) and cuts prefixes and sentences
out of body lines (``learned_prefix``, ``learned_sentence``). Articles with
identical text (syndicated copies, re-posts) count once, so a story copied
five times does not make its own sentences look like furniture.

Thresholds: five articles, so a small outlet's coincidences are not rules;
20%, because the furniture seen in scraped Indonesian news (datelines,
invitations, sign-offs) sits in most of an outlet's articles while a
recurring background sentence of a running story rarely reaches a fifth of
everything an outlet publishes. Both are arguments of ``read_articles``
(``learn=False`` turns the pass off). Known limitation: an outlet that
covers one story almost exclusively can lose a stock background sentence of
that story; check ``bingkai.removed(corpus)`` for rules ``learned_*``.

Everything is one pass to count and one to remove, linear in the corpus size.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import pandas as pd

from bingkai.clean.rules import Cleaned, analysis_key

#: an item must recur in at least this many articles of the outlet ...
MIN_ARTICLES = 5
#: ... and in at least this share of them
MIN_SHARE = 0.20
#: a prefix ends at a spaced dash or a colon within this many words
PREFIX_MAX_WORDS = 6
#: shortest sentence that can be learned (shorter ones are too common by chance)
SENTENCE_MIN_WORDS = 3

LEARNED_COLUMNS = ("outlet", "kind", "text", "articles", "share")

_PREFIX = re.compile(r"^((?:\S+\s+){0,%d}?\S*?)(\s+[-–—]{1,2}\s+|:\s+)" % (PREFIX_MAX_WORDS - 1))
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")


def line_prefix(line: str) -> str | None:
    """The start of ``line`` up to and including a spaced dash or colon in its first words, else None."""
    match = _PREFIX.match(line.lstrip())
    if match is None or not match.group(1):
        return None
    return line.lstrip()[: match.end()]


def sentence_spans(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``line`` (split after ., ! or ? before a capital)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(line)))
    return [(a, b) for a, b in spans if line[a:b].strip()]


def _items(cleaned: Cleaned) -> set[tuple[str, str]]:
    """Every (kind, key) of one article's body."""
    items: set[tuple[str, str]] = set()
    for n in cleaned.body_lines:
        line = cleaned.line_text(n - 1)
        items.add(("line", cleaned.key(n - 1)))
        prefix = line_prefix(line)
        if prefix is not None:
            items.add(("prefix", analysis_key(prefix)))
        spans = sentence_spans(line)
        if len(spans) > 1:
            for a, b in spans:
                sentence = line[a:b]
                if len(sentence.split()) >= SENTENCE_MIN_WORDS:
                    items.add(("sentence", analysis_key(sentence)))
    return items


def learn_boilerplate(outlets: Sequence[str], articles: Sequence[Cleaned], *,
                      min_articles: int = MIN_ARTICLES, min_share: float = MIN_SHARE) -> pd.DataFrame:
    """Find each outlet's recurring lines, prefixes and sentences (module docstring).

    ``outlets[i]`` is the outlet of ``articles[i]``. Returns a DataFrame with
    columns ``outlet, kind, text, articles, share`` (``text`` is the
    comparison key; ``articles`` counts distinct texts), sorted by outlet,
    kind, text.
    """
    counts: dict[str, Counter] = {}
    seen_texts: dict[str, set[str]] = {}
    for outlet, cleaned in zip(outlets, articles, strict=True):
        body = "\n".join(cleaned.key(n - 1) for n in cleaned.body_lines)
        texts = seen_texts.setdefault(outlet, set())
        if body in texts:
            continue
        texts.add(body)
        counts.setdefault(outlet, Counter()).update(_items(cleaned))
    rows = []
    for outlet in sorted(counts):
        total = len(seen_texts[outlet])
        need = max(min_articles, min_share * total)
        for (kind, key), n in counts[outlet].items():
            if n >= need and key:
                rows.append((outlet, kind, key, n, n / total))
    table = pd.DataFrame(rows, columns=list(LEARNED_COLUMNS))
    table = table.astype({"outlet": "str", "kind": "str", "text": "str", "articles": "int64", "share": "float64"})
    return table.sort_values(["outlet", "kind", "text"], kind="stable", ignore_index=True)


def remove_learned(outlets: Iterable[str], articles: Iterable[Cleaned], learned: pd.DataFrame) -> None:
    """Remove the learned boilerplate from each article's body, in place (module docstring)."""
    by_outlet: dict[str, dict[str, set[str]]] = {}
    for rec in learned.itertuples(index=False):
        by_outlet.setdefault(rec.outlet, {"line": set(), "prefix": set(), "sentence": set()})[rec.kind].add(rec.text)
    for outlet, cleaned in zip(outlets, articles, strict=True):
        known = by_outlet.get(outlet)
        if known is None:
            continue
        for n in list(cleaned.body_lines):
            k = n - 1
            line = cleaned.line_text(k)
            if cleaned.key(k) in known["line"]:
                cleaned.drop(k, "learned_line")
                continue
            prefix = line_prefix(line)
            if prefix is not None and analysis_key(prefix) in known["prefix"]:
                start = len(line) - len(line.lstrip())
                cleaned.cut(k, start, start + len(prefix), "learned_prefix")
                if cleaned.rules[k]:
                    continue
                line = cleaned.line_text(k)
            if known["sentence"]:
                spans = sentence_spans(line)
                if len(spans) > 1:
                    for a, b in reversed(spans):
                        if cleaned.rules[k]:
                            break
                        if analysis_key(line[a:b]) in known["sentence"]:
                            cleaned.cut(k, a, b, "learned_sentence")
        cleaned.refresh()
