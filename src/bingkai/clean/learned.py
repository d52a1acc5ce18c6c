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
  its first ``THRESHOLDS.prefix_max_words`` words ("Liputan6.com, Jakarta -",
  "REPUBLIKA.CO.ID, JAKARTA --", "okezone:");
- ``sentence``: a sentence of at least ``THRESHOLDS.sentence_min_words`` words inside a
  line of several sentences ("Ikuti Whatsapp Channel Republika." glued to a
  paragraph);
- ``phrase``: words standing between sentences that end with the outlet's
  name ("Loading...Ikuti Whatsapp Channel Republika" between two sentences,
  or glued after one: "... kata dia.Loading...Ikuti Whatsapp Channel
  Republika"): from a sentence boundary (the line's start, a sentence end,
  a full stop glued to a capital) to a token naming the outlet that is
  followed by a capital or the line's end, at most ``THRESHOLDS.phrase_max_words``
  words. A name inside a sentence ("kata dia kepada Republika di Jakarta")
  is followed by a lowercase word or a comma, so prose does not qualify.
  Scrapes that flatten a page (the cascade) leave such furniture inside
  the prose, where no line or sentence rule can see it;
- ``closing``: the first ``THRESHOLDS.closing_words`` words of a sentence of the
  article's last body line, when they name the outlet (its name forms, see
  ``bingkai.clean.datelines``): "Artikel ini telah naik di Kompas.com
  dengan judul <headline>" glued after the last sentence recurs in its
  opening words while its headline changes.

One that occurs in at least ``THRESHOLDS.min_articles`` articles *and* at least
``THRESHOLDS.min_share`` of the outlet's articles is boilerplate; ``remove_learned``
removes whole lines (rule ``learned_line``) and cuts prefixes and sentences
out of body lines (``learned_prefix``, ``learned_sentence``). A learned line of
at least ``THRESHOLDS.glued_min_words`` words is also cut where a scrape glued it into
another line ("... kata dia.Loading...Ikuti Whatsapp Channel Republika";
rule ``learned_line``), and a learned closing from its
sentence to the end of the last line (``learned_closing``). Articles with
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

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from bingkai.clean.datelines import NAME_MIN_SHARE, compact, names_outlet
from bingkai.clean.rules import Cleaned, analysis_key, sentence_spans
from bingkai.clean.thresholds import THRESHOLDS

LEARNED_COLUMNS = ("outlet", "kind", "text", "articles", "share")

_PREFIX = re.compile(r"^((?:\S+\s+){0,%d}?\S*?)(\s+[-–—]{1,2}\s+|:\s+)" % (THRESHOLDS.prefix_max_words - 1))


def line_prefix(line: str) -> str | None:
    """The start of ``line`` up to and including a spaced dash or colon in its first words, else None."""
    match = _PREFIX.match(line.lstrip())
    if match is None or not match.group(1):
        return None
    return line.lstrip()[: match.end()]


def closing_key(sentence: str) -> str:
    """The comparison form of a sentence's first ``THRESHOLDS.closing_words`` words."""
    return analysis_key(" ".join(sentence.split()[:THRESHOLDS.closing_words]))


def _names(key: str, forms: frozenset[str]) -> bool:
    squeezed = compact(key)
    return any(form in squeezed for form in forms)


_TOKEN = re.compile(r"\S+")
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*\Z")
# a sentence end glued to the next sentence: one mark after a lowercase word ("kerja.Loading"),
# not an ellipsis ("Loading...Ikuti" is one piece of furniture)
_GLUED_BOUNDARY = re.compile(r"(?<=[a-z0-9])[.!?](?=[A-Z])")
_STARTS_SENTENCE = re.compile(r"[\"“‘(\[]?[A-Z0-9]")
_BARE_NAME = re.compile(r"[^\W_]+(?:[.-][^\W_]+)*")


def _may_name(text: str, forms: frozenset[str]) -> bool:
    """Whether ``text`` holds the start of a token naming the outlet: at least NAME_MIN_SHARE
    of a form, letter for letter. Text without one anywhere has no phrase (the common case,
    found in one pass); casefolding is per character, so a body without one has no line
    with one."""
    folded = text.casefold()
    return any(form[: max(1, math.ceil(NAME_MIN_SHARE * len(form)))] in folded for form in forms)


def name_phrases(line: str, forms: frozenset[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of each ``phrase`` of ``line`` (module docstring) naming one of ``forms``."""
    if not forms:
        return []
    if not _may_name(line, forms):
        return []
    tokens = list(_TOKEN.finditer(line))
    spans = []
    for i, tok in enumerate(tokens):
        word = tok.group()
        if not _BARE_NAME.fullmatch(word) or not names_outlet(compact(word), forms):
            continue
        if i + 1 < len(tokens) and not _STARTS_SENTENCE.match(tokens[i + 1].group()):
            continue
        start = None
        for j in range(i - 1, max(-1, i - THRESHOLDS.phrase_max_words) - 1, -1):
            if j < 0:
                start = 0
                break
            glued = list(_GLUED_BOUNDARY.finditer(tokens[j].group()))
            if glued:
                start = tokens[j].start() + glued[-1].end()
                break
            if _ENDS_SENTENCE.search(tokens[j].group()):
                start = tokens[j + 1].start()
                break
        if start is not None and 2 <= len(line[start:tok.end()].split()) <= THRESHOLDS.phrase_max_words:
            spans.append((start, tok.end()))
    return spans


def article_items(cleaned: Cleaned, forms: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    """Every (kind, key) of one article's body (``forms``: the outlet's name forms, for closings):
    what ``learn_boilerplate`` counts, computable where the article was cleaned."""
    items: set[tuple[str, str]] = set()
    if forms and cleaned.body_lines:
        last = cleaned.line_text(cleaned.body_lines[-1] - 1)
        for a, b in sentence_spans(last):
            key = closing_key(last[a:b])
            if len(key.split()) == THRESHOLDS.closing_words and _names(key, forms):
                items.add(("closing", key))
    named = forms if forms and _may_name(cleaned.text, forms) else frozenset()  # one pass, not one per line
    for n in cleaned.body_lines:
        line = cleaned.line_text(n - 1)
        items.add(("line", cleaned.key(n - 1)))
        for a, b in name_phrases(line, named):
            items.add(("phrase", analysis_key(line[a:b])))
        prefix = line_prefix(line)
        if prefix is not None:
            items.add(("prefix", analysis_key(prefix)))
        spans = sentence_spans(line)
        if len(spans) > 1:
            for a, b in spans:
                sentence = line[a:b]
                if len(sentence.split()) >= THRESHOLDS.sentence_min_words:
                    items.add(("sentence", analysis_key(sentence)))
    return items


def learn_boilerplate(outlets: Sequence[str], articles: Sequence[Cleaned], *,
                      min_articles: int = THRESHOLDS.min_articles, min_share: float = THRESHOLDS.min_share,
                      names: Mapping[str, frozenset[str]] | None = None,
                      items: Sequence[set[tuple[str, str]] | None] | None = None) -> pd.DataFrame:
    """Find each outlet's recurring lines, prefixes, sentences and closings (module docstring).

    ``outlets[i]`` is the outlet of ``articles[i]``; ``names`` maps an outlet
    to its compact name forms (``bingkai.clean.datelines.name_forms``; no
    closings are learned without them). ``items[i]``, when given, is
    ``article_items(articles[i], names[outlets[i]])`` computed already (by the
    process that cleaned the article). Returns a DataFrame with
    columns ``outlet, kind, text, articles, share`` (``text`` is the
    comparison key; ``articles`` counts distinct texts), sorted by outlet,
    kind, text.
    """
    counts: dict[str, Counter] = {}
    seen_texts: dict[str, set[str]] = {}
    for i, (outlet, cleaned) in enumerate(zip(outlets, articles, strict=True)):
        body = "\n".join(cleaned.key(n - 1) for n in cleaned.body_lines)
        texts = seen_texts.setdefault(outlet, set())
        if body in texts:
            continue
        texts.add(body)
        found = items[i] if items is not None else None
        if found is None:
            found = article_items(cleaned, (names or {}).get(outlet, frozenset()))
        counts.setdefault(outlet, Counter()).update(found)
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


def remove_learned(outlets: Iterable[str], articles: Iterable[Cleaned], learned: pd.DataFrame, *,
                   names: Mapping[str, frozenset[str]] | None = None) -> None:
    """Remove the learned boilerplate from each article's body, in place (module docstring)."""
    by_outlet: dict[str, dict[str, set[str]]] = {}
    for rec in learned.itertuples(index=False):
        by_outlet.setdefault(rec.outlet, {"line": set(), "prefix": set(), "sentence": set(), "closing": set(),
                                          "phrase": set()}).setdefault(rec.kind, set()).add(rec.text)
    glued = {outlet: _glued_pattern(known["line"]) for outlet, known in by_outlet.items()}
    for outlet, cleaned in zip(outlets, articles, strict=True):
        known = by_outlet.get(outlet)
        if known is None:
            continue
        for n in list(cleaned.body_lines):
            k = n - 1
            if cleaned.rules[k]:
                continue
            line = cleaned.line_text(k)
            if cleaned.key(k) in known["line"]:
                cleaned.drop(k, "learned_line")
                continue
            if glued[outlet] is not None:
                _cut_glued(cleaned, k, glued[outlet])
                if cleaned.rules[k]:
                    continue
                line = cleaned.line_text(k)
            if known["phrase"]:
                forms = (names or {}).get(outlet, frozenset())
                for a, b in reversed(name_phrases(line, forms)):
                    if cleaned.rules[k]:
                        break
                    if analysis_key(line[a:b]) in known["phrase"]:
                        cleaned.cut(k, a, b, "learned_phrase")
                if cleaned.rules[k]:
                    continue
                line = cleaned.line_text(k)
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
        # a closing, from its sentence to the end of what is now the last line
        if known["closing"] and cleaned.body_lines:
            k = cleaned.body_lines[-1] - 1
            last = cleaned.line_text(k)
            for a, _ in sentence_spans(last):
                if closing_key(last[a:]) in known["closing"]:
                    cleaned.cut(k, a, len(last), "learned_closing")
                    cleaned.refresh()
                    break


def _glued_pattern(lines: set[str]) -> re.Pattern[str] | None:
    """The learned lines of at least ``THRESHOLDS.glued_min_words`` words, found inside another line (any
    spacing and case): after the line's start, a space or a sentence end, before a space, a
    capital or the line's end. None when there are none."""
    keys = sorted((k for k in lines if len(k.split()) >= THRESHOLDS.glued_min_words), key=lambda k: (-len(k), k))
    if not keys:
        return None
    alternation = "|".join(r"\s+".join(re.escape(w) for w in key.split()) for key in keys)
    return re.compile(rf"(?:^|(?<=[\s.!?\"”’)\]]))(?:{alternation})(?=\s|(?-i:[A-Z])|\Z)", re.IGNORECASE)


def _cut_glued(cleaned: Cleaned, k: int, pattern: re.Pattern[str]) -> None:
    """Cut each learned line found inside line ``k + 1`` (rule ``learned_line``), right to left."""
    for match in reversed(list(pattern.finditer(cleaned.line_text(k)))):
        if cleaned.rules[k]:
            break
        cleaned.cut(k, match.start(), match.end(), "learned_line")
