"""Words glued together where a scraper dropped the spaces around a link.

A scraper that takes the text of ``dari <a>Huffington Post</a>`` without the
link's spaces writes "dariHuffington Post"; "diIran", "kepadaAssad" likewise.
The glued token hides the name from actor matching and adds a junk type to
every frequency table.

``split_glued`` splits a token only where the evidence is clear: a lowercase
run immediately followed by a capitalised word (lowercase letter, then
uppercase, then lowercase: ``[a-z]+[A-Z][a-z]+``), where the lowercase part
is a known Indonesian word -- a root of PySastrawi's dictionary or a
stopword -- of at least two letters. The capitalised part is a name or a
sentence-initial word. So "iPhone" ("i" is too short), "YouTube" (starts
uppercase), "eKTP" (no lowercase after the capital) and "TikTok" stay whole.

Known limitation: glued words without a case change ("saatperang") are not
split (nothing in the text marks the junction), and brand names built like
glued words ("detikNews": "detik" is a dictionary word) are split.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from bingkai.text.stopwords import sastrawi_stopwords

# a lowercase run glued to a capitalised word, the whole token on word boundaries
_GLUED = re.compile(r"(?<![^\W\d_])([a-z]{2,})([A-Z][a-z]+)(?![^\W\d_])")
# a lower->upper junction at all: one cheap scan rules most lines out
_JUNCTION = re.compile(r"[a-z][A-Z]")


@cache
def known_words() -> frozenset[str]:
    """Lowercase words the left part of a glued token must be: Sastrawi roots + stopwords."""
    path = resources.files("Sastrawi") / "Stemmer" / "data" / "kata-dasar.txt"
    roots = path.read_text(encoding="utf-8").split()
    return frozenset(w for w in roots if len(w) >= 2) | frozenset(w for w in sastrawi_stopwords() if len(w) >= 2)


def split_glued(line: str) -> tuple[str, list[str]]:
    """``(line with glued words split, the glued words as found)``.

    >>> split_glued("Laporan dariHuffington Post menyebut pasukan diIran.")
    ('Laporan dari Huffington Post menyebut pasukan di Iran.', ['dariHuffington', 'diIran'])
    """
    if not _JUNCTION.search(line) or not _GLUED.search(line):
        return line, []
    known = known_words()
    found: list[str] = []

    def fix(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        if left not in known:
            return match.group(0)
        found.append(match.group(0))
        return f"{left} {right}"

    return _GLUED.sub(fix, line), found
