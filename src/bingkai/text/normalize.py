"""Normalisation of Indonesian news text, with the alignment of every normalised
character to the original string.

Normalisation (:func:`normalize`) is the *analysis* form: it is used for
matching (lexicons, stemming) and for deciding token, sentence and quotation
boundaries, never for display. Its steps, in order:

1. map curly/low/prime single quotes ``’ ‘ ‚ ‛ ′ ` ´`` (and the modifier
   letter apostrophe ``ʼ``, which transliterations such as "Hayʼat" use) to
   ``'``; double quotes ``“ ” „ ‟ ″ « »`` to ``"``; every Unicode space
   (category Zs: NBSP U+00A0, U+202F, U+2007, ...) to ``" "``; dashes
   ``‐ ‑ ‒ – — ― −`` to ``-``; delete zero-width characters (U+200B–U+200D,
   U+2060, U+FEFF) and the soft hyphen U+00AD;
2. Unicode NFKC (so "ﬁ" -> "fi", full-width letters -> ASCII, "…" -> "...");
3. step 1's mapping again, for quotes/dashes that NFKC itself produced
   (e.g. U+FE58 small em dash -> "—" -> "-").

Quotes and dashes are mapped *before* NFKC because NFKC would otherwise
expand some of them ("″" -> "′′", "´" -> " ́").

How characters line up: the original text is cut into *chunks*, a chunk being
one character plus any combining characters that NFKC composes with it, plus
any deleted characters (zero-width, soft hyphen) that follow it (deleted
characters at the very start belong to the first chunk). Each chunk is
normalised on its own; for every text this gives exactly NFKC of the whole
(the chunk cut is only made where NFKC cannot act across it, see
``_normalize_chunked``). A one-character chunk with one output character,
or a chunk normalisation leaves unchanged, maps one to one; otherwise
(ligatures, "…", composed accents) every output character maps to the whole
chunk. Tokens and sentences found in the normalised text are widened to whole
chunks, and tokens that would share a chunk are merged, so offsets always
slice the original text and no original character is in two tokens.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from bingkai.errors import BingkaiInputError


_APOSTROPHES = "’‘‚‛′`´ʼ"           # -> '
_DOUBLE_QUOTES = "“”„‟″«»"           # -> "
_DASHES = "‐‑‒–—―−"                  # -> -
_DELETED = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_OPENING_DOUBLE = set("“„‟«")        # glyphs that can only open a quotation


def _unicode_spaces() -> str:
    # every Zs character is in the Basic Multilingual Plane
    return "".join(chr(c) for c in range(0x10000)
                   if c != 0x20 and unicodedata.category(chr(c)) == "Zs")


_SPACES = _unicode_spaces()
_TABLE: dict[int, int | None] = {}
_TABLE.update({ord(c): ord("'") for c in _APOSTROPHES})
_TABLE.update({ord(c): ord('"') for c in _DOUBLE_QUOTES})
_TABLE.update({ord(c): ord("-") for c in _DASHES})
_TABLE.update({ord(c): ord(" ") for c in _SPACES})
_TABLE.update({ord(c): None for c in _DELETED})
_DELETED_RE = re.compile("[" + _DELETED + "]")


def _is_simple(c: str) -> bool:
    """Below U+0300 (no combining marks there, and no character there
    composes with a following one) and unchanged by the whole normalisation:
    such a character is its own chunk and maps to itself."""
    return ord(c) < 0x300 and ord(c) not in _TABLE and unicodedata.normalize("NFKC", c) == c


# Characters that need the slow, chunk-by-chunk normalisation.
_COMPLEX_RE = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0x300) if not _is_simple(chr(c)))
    + "\u0300-\U0010ffff]+"
)


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


@lru_cache(maxsize=1 << 16)
def _continues_chunk(chunk: str, c: str) -> bool:
    """Must mapped char ``c`` stay in the same chunk as mapped ``chunk``?
    Yes when c's decomposition starts with a non-starter (canonical
    reordering/composition could reach back) or when c composes with the
    chunk. Cached: the same few pairs recur throughout a corpus."""
    d = unicodedata.normalize("NFKD", c)
    if d and unicodedata.combining(d[0]) != 0:
        return True
    return _nfkc(chunk + c) != _nfkc(chunk) + _nfkc(c)


@lru_cache(maxsize=1 << 16)
def _chunk_output(mapped: str) -> str:
    """Steps 2 and 3 for one chunk (step 1 already applied)."""
    return _nfkc(mapped).translate(_TABLE)


# Mapped (not deleted) characters, all in the Basic Multilingual Plane, so
# the class compiles to a bitmap and scanning for them runs at C speed
# (str.translate is several times slower on long non-ASCII text).
_MAPPED = {chr(k): chr(v) for k, v in _TABLE.items() if v is not None}
_MAP_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_MAPPED)) + "]")


def _map_chars(text: str) -> str:
    """Step 1 without deletions (one char -> one char)."""
    return _MAP_RE.sub(lambda m: _MAPPED[m.group()], text)


class Aligned:
    """A normalised string with its alignment to the original.

    ``starts[k]`` (len(norm)+1, last = len(original)) is the original index
    where the chunk of normalised char k starts; ``ends[k]`` (len(norm)) where
    it ends. ``identity`` is True when norm[k] corresponds to original[k] for
    every k (then starts == arange, ends == starts + 1, and both are None).
    ``norm`` is computed on first use: tokenising on the fast path never
    needs it.
    """

    __slots__ = ("text", "_norm", "starts", "ends", "identity")

    def __init__(self, text: str, norm: str | None, starts, ends, identity: bool):
        self.text = text
        self._norm = norm
        self.starts = starts
        self.ends = ends
        self.identity = identity

    @property
    def norm(self) -> str:
        if self._norm is None:
            self._norm = _map_chars(self.text)
        return self._norm

    def span(self, s: int, e: int) -> tuple[int, int]:
        """Original (start, end) of norm[s:e], e > s."""
        if self.identity:
            return s, e
        return int(self.starts[s]), int(self.ends[e - 1])

    def offsets(self) -> np.ndarray:
        if self.identity:
            return np.arange(len(self.text) + 1, dtype=np.int64)
        return np.asarray(self.starts, dtype=np.int64)


def _check_str(text, what: str = "text") -> str:
    if not isinstance(text, str):
        raise BingkaiInputError(
            f"{what} must be a str, got {type(text).__name__}",
            hint="pass one article field (title, subtitle or body) as a string; "
                 "use bingkai.tokens(corpus) for a whole corpus frame")
    return text


def align(text: str) -> Aligned:
    """Normalise ``text`` and keep the alignment (fast paths first).

    Identity alignment holds when nothing is deleted and the text is NFKC
    after the one-to-one mapping. If the original is already NFKC, so is the
    mapped text: the mapping only produces ASCII ' " - and space, which
    compose with nothing, so that case needs no mapping at all up front.
    """
    if text.isascii():
        # Only the backtick is mapped in ASCII; NFKC leaves ASCII alone.
        return Aligned(text, text.replace("`", "'") if "`" in text else text, None, None, True)
    if _DELETED_RE.search(text) is None:
        if unicodedata.is_normalized("NFKC", text):
            return Aligned(text, None, None, None, True)
        mapped = _map_chars(text)
        if unicodedata.is_normalized("NFKC", mapped):
            return Aligned(text, mapped, None, None, True)
    else:
        mapped = text.translate(_TABLE)
        if unicodedata.is_normalized("NFKC", mapped):
            # only deletions: each kept char maps to itself plus the deleted
            # chars after it; leading deleted chars join the first chunk.
            keep = np.ones(len(text), dtype=bool)
            keep[[m.start() for m in _DELETED_RE.finditer(text)]] = False
            starts = np.flatnonzero(keep).astype(np.int64)
            if len(starts):
                starts[0] = 0
            starts = np.append(starts, len(text))
            ends = starts[1:].copy()
            return Aligned(text, mapped, starts, ends, False)
    return _normalize_chunked(text)


def _normalize_chunked(text: str) -> Aligned:
    """General case: normalise chunk by chunk (see module docstring).

    A chunk boundary is placed before character c only when (a) c's
    decomposition starts with a starter (combining class 0) — so canonical
    reordering and composition of later combining marks cannot reach back
    across it — and (b) NFKC(chunk + c) == NFKC(chunk) + NFKC(c), i.e. c does
    not compose with the chunk (Hangul syllables, Indic two-part vowels).
    A starter can only compose with the character right before it, so the
    concatenation of chunk outputs equals NFKC of the whole mapped text.
    """
    out: list[str] = []
    # alignment pieces: numpy ranges for runs of simple characters, Python
    # lists for chunk output (few), concatenated once at the end
    pieces_s: list[np.ndarray] = []
    pieces_e: list[np.ndarray] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)

    def emit(a: int, b: int, mapped: str) -> None:
        res = _chunk_output(mapped)
        if not res:
            return
        if len(res) == 1:
            starts.append(a)
            ends.append(b)
        elif res == mapped and b - a == len(mapped):  # unchanged: one to one
            starts.extend(range(a, a + len(res)))
            ends.extend(range(a + 1, a + len(res)))
            ends.append(b)
        else:  # expanded or composed: every output char maps to the chunk
            starts.extend([a] * len(res))
            ends.extend([b] * len(res))
        out.append(res)

    def identity_run(a: int, b: int) -> None:
        if starts:
            pieces_s.append(np.asarray(starts, dtype=np.int64))
            pieces_e.append(np.asarray(ends, dtype=np.int64))
            starts.clear()
            ends.clear()
        pieces_s.append(np.arange(a, b, dtype=np.int64))
        pieces_e.append(np.arange(a + 1, b + 1, dtype=np.int64))
        out.append(text[a:b])

    pos = 0  # original chars before pos are already emitted
    # chunk under construction: [ca, cb) with mapped text cm
    ca = cb = 0
    cm = ""
    have = False

    def flush() -> None:
        nonlocal have
        if have:
            emit(ca, cb, cm)
            have = False

    for run in _COMPLEX_RE.finditer(text):
        a, b = run.span()
        # simple chars before the run map to themselves, except the last
        # one, which a combining mark in the run may compose with; so a run
        # never starts a chunk unless it starts the text
        seg_start = a - 1 if a - 1 >= pos else a
        if seg_start > pos:
            flush()
            identity_run(pos, seg_start)
        for i in range(max(seg_start, pos), b):
            c = text[i]
            m = _TABLE.get(ord(c), ord(c))
            if m is None:  # deleted: belongs to the chunk before it
                if have:
                    cb = i + 1
                else:  # only at the start of the text: joins the first chunk
                    ca, cb, cm, have = i, i + 1, "", True
                continue
            mc = chr(m)
            if have and cm == "":
                # only leading deleted chars so far: c starts the real chunk
                cb, cm = i + 1, mc
                continue
            if have and _continues_chunk(cm, mc):
                cb = i + 1
                cm += mc
                continue
            flush()
            ca, cb, cm, have = i, i + 1, mc, True
        pos = b
    flush()
    if pos < n:
        identity_run(pos, n)
    pieces_s.append(np.asarray(starts + [n], dtype=np.int64))
    pieces_e.append(np.asarray(ends, dtype=np.int64))
    norm = "".join(out)  # a text of deleted chars only gives ""
    starts_arr = np.concatenate(pieces_s)
    if len(starts_arr) > 1:
        starts_arr[0] = 0  # leading deleted chars belong to the first chunk
    return Aligned(text, norm, starts_arr, np.concatenate(pieces_e), False)


def normalize(text: str) -> str:
    """Analysis form of ``text`` (str in, str out); see the module docstring
    for the steps. ``normalize(normalize(t)) == normalize(t)``."""
    return align(_check_str(text)).norm


def token_form(token: str) -> str:
    """The analysis form of one token: its normalisation, with any whitespace
    removed. A token never holds whitespace in the original text, but NFKC
    expands a few compatibility characters into several words ("ﷺ" U+FDFA ->
    "صلى الله عليه وسلم", "¨" -> " ̈"); such a character is one token (its
    words share one original character), and its form runs the words
    together, so the stemmer and the lexicon always see one word."""
    if token.isascii() and token.isalnum():
        return token  # most tokens: NFKC and the mapping leave ASCII letters and digits alone
    norm = align(_check_str(token)).norm
    if norm.isascii() and " " not in norm:
        return norm
    return "".join(norm.split()) if any(c.isspace() for c in norm) else norm


def normalize_with_offsets(text: str) -> tuple[str, np.ndarray]:
    """``(norm, offsets)``: the normalised text and an int64 array of length
    ``len(norm) + 1`` where ``offsets[k]`` is the index in ``text`` where
    normalised character k's chunk starts (``offsets[-1] == len(text)``).
    ``text[offsets[s]:offsets[e]]`` is the original surface of ``norm[s:e]``
    whenever s and e are chunk starts (always, unless NFKC expanded one
    character into several, e.g. "ﬁ" -> "fi")."""
    al = align(_check_str(text))
    return al.norm, al.offsets()
