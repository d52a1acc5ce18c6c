"""Sentences of a text, as offsets into the original string.

Sentences (:func:`sentence_spans`) end at every paragraph break ("\\n") and
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


def _sentence_bounds(al: Aligned) -> list[tuple[int, int]]:
    """Sentences as (start, end) in NORMALISED offsets, whitespace-trimmed."""
    norm = al.norm
    out: list[tuple[int, int]] = []
    pa = 0
    for line in norm.split("\n"):
        pb = pa + len(line)
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
        pa = pb + 1
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
