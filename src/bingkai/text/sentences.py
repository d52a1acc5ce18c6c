"""Sentences of a text, as offsets into the original string.

Paragraphs (:func:`paragraphs`) are the "\\n"-separated lines, each cut again
where a scrape joined two paragraphs with ".," ("… pukul 21.00 WIB.,Hingga
berita ini diturunkan …"): a sentence end, a comma and (after optional spaces)
a capital, a digit or an opening quote, not after an abbreviation or initials
("S.H., M.H."). The comma belongs to no sentence's text.

Sentences (:func:`sentence_spans`) end at every paragraph break (above) and
after a run of ``. ! ?`` (``…`` included) plus any closing quotes/brackets
attached to it, when whitespace follows and then either the end of the
paragraph or an upper-case (or caseless-script) letter, a digit, an opening
quote or bracket. A single period does not end a sentence after an
abbreviation listed in ``data/abbreviations.txt`` (researcher-editable), after
a single capital letter (an initial: "H.", "B."), or after single-letter
initials ("A.S.", "a.n."). Decimals, dates and domains never end sentences
because no whitespace follows their inner periods.

Known sentence limitations: a real sentence end after a listed abbreviation or
a single capital ("vitamin C. Lalu ...") is missed; a sentence that starts
with a lower-case word, or follows a period with no space ("kota.Dia"), is
joined to the previous one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np

from bingkai.text.normalize import Aligned, _check_str, align


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Lower-cased abbreviations from ``data/abbreviations.txt``."""
    path = resources.files("bingkai") / "data" / "abbreviations.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower().rstrip(".")
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


_SENT_END_RE = re.compile(r"""[.!?]+["')\]]*(?=\s|\Z)""")
_OPENERS_AFTER = set("\"'([")


def _is_abbreviation(norm: str, para_start: int, dot: int) -> bool:
    """Is the period at ``norm[dot]`` the end of an abbreviation/initial?"""
    i = dot
    while i > para_start and (norm[i - 1].isalnum() or norm[i - 1] == "."):
        i -= 1
    word = norm[i:dot]
    if not word or word.endswith("."):
        return False
    if len(word) == 1:
        return word.isupper()  # an initial: "H.", "B."
    parts = word.split(".")
    if len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts):
        return True  # "A.S", "a.n"
    return word.lower() in _abbreviations()


# A scrape that joined paragraphs with ".," ("... pukul 21.00 WIB.,Hingga berita
# ini diturunkan ..."): a sentence end, a comma, then (after optional spaces) a
# capital letter, a digit or an opening quote/bracket.
_JOIN_RE = re.compile(r"""[.!?]+["')\]]*,(?=[ \t]*(?:["'(\[]|[^\W_]))""")


def _joins(norm: str, pa: int, pb: int) -> list[int]:
    """Normalised offsets right after each ".," paragraph join in ``norm[pa:pb]``.
    Not after an abbreviation or initials ("S.H., M.H."), and only before a
    capital, a digit or an opening quote (what starts a paragraph)."""
    out = []
    for m in _JOIN_RE.finditer(norm, pa, pb):
        j = m.end()
        while j < pb and norm[j] in " \t":
            j += 1
        c = norm[j] if j < pb else ""
        if not (c.isupper() or c.isdigit() or c in _OPENERS_AFTER or (c.isalpha() and not c.islower())):
            continue
        run = m.group()[:-1].rstrip("\"')]")
        if run == "." and _is_abbreviation(norm, pa, m.start()):
            continue
        out.append(m.end())
    return out


def paragraphs(al: Aligned) -> list[tuple[int, int]]:
    """Paragraphs as (start, end) in NORMALISED offsets: the "\\n"-separated
    lines, each cut again at every ".," join a scrape left; the join's comma,
    like a line break, belongs to no paragraph's text."""
    norm = al.norm
    out: list[tuple[int, int]] = []
    # where a join can be at all: one pass over the text (a join never spans a line
    # break, so these are exactly the lines' own matches) instead of one search per
    # line with a comma; only those lines are looked at closely
    hits = [m.start() for m in _JOIN_RE.finditer(norm)] if "," in norm else []
    h = 0
    pa = 0
    for line in norm.split("\n"):
        pb = pa + len(line)
        a = pa
        if h < len(hits) and hits[h] < pb:
            for cut in _joins(norm, pa, pb):
                out.append((a, cut - 1))
                a = cut
            while h < len(hits) and hits[h] < pb:
                h += 1
        out.append((a, pb))
        pa = pb + 1
    return out


def paragraph_starts(al: Aligned, paras: list[tuple[int, int]] | None = None) -> np.ndarray:
    """ORIGINAL offsets after which a new paragraph begins, for
    ``np.searchsorted(..., side="right")``: each "\\n", and the end of each
    ".," join's comma (the comma token stays in the paragraph before).
    ``paras``: ``paragraphs(al)`` when the caller has it already."""
    text = al.text
    newlines = np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) == 10)
    if "," not in text:
        return newlines
    norm = al.norm
    if paras is None:
        paras = paragraphs(al)
    # a paragraph cut at a join ends right before the join's comma (a line's
    # last paragraph ends at its "\n" or the end of the text)
    joins = [int(al.span(b, b + 1)[1]) for _, b in paras if b < len(norm) and norm[b] == ","]
    if not joins:
        return newlines
    return np.unique(np.concatenate([newlines, np.asarray(joins, dtype=newlines.dtype)]))


def _sentence_bounds(al: Aligned, paras: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentences as (start, end) in NORMALISED offsets, whitespace-trimmed
    (``paras``: ``paragraphs(al)`` when the caller has it already)."""
    norm = al.norm
    out: list[tuple[int, int]] = []
    for pa, pb in paragraphs(al) if paras is None else paras:
        cuts = [pa]
        for m in _SENT_END_RE.finditer(norm, pa, pb):
            e = m.end()
            j = e
            while j < pb and norm[j].isspace():
                j += 1
            if j < pb:
                c = norm[j]
                if not (c.isupper() or c.isdigit() or c in _OPENERS_AFTER
                        or (c.isalpha() and not c.islower())):
                    continue
            run = m.group().rstrip("\"')]")
            if run == "." and _is_abbreviation(norm, pa, m.start()):
                continue
            cuts.append(e)
        cuts.append(pb)
        for a, b in zip(cuts, cuts[1:]):
            while a < b and norm[a].isspace():
                a += 1
            while b > a and norm[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` offsets into ``text`` of each sentence,
    without surrounding whitespace, in order. Paragraph breaks ("\\n") always
    end a sentence; see the module docstring for the rules."""
    al = align(_check_str(text))
    out = []
    for a, b in _sentence_bounds(al):
        s, e = al.span(a, b)
        # A normalised character can map back to a chunk that starts or ends
        # with whitespace: a line break followed by combining marks (which
        # attach to it) is one chunk. Trimmed as tokens are, so a sentence
        # never holds the paragraph break before it.
        while s < e - 1 and text[s].isspace():
            s += 1
        while e > s + 1 and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as original substrings (see
    :func:`sentence_spans`)."""
    return [text[s:e] for s, e in sentence_spans(text)]
