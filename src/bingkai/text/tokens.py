"""Indonesian news text: normalisation with offsets, tokens, sentences, voice.

Everything here works on one string at a time except :func:`tokens`, which
turns a corpus frame into a tidy token table. All offsets are character
offsets into the ORIGINAL string (the seed text as stored in the corpus), so
a token, a sentence or a quotation can always be shown exactly as printed.

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

Tokens (:func:`tokenize`, :func:`token_spans`) come from one compiled regular
expression run over the normalised text (or, when normalisation changes no
character position, over the original text with the same expression widened
to accept the unnormalised quote/dash/space variants; that is the fast path).
Token kinds:

``word``
    a letter followed by letters/digits/combining marks, with inner hyphens
    and apostrophes joining parts: reduplication (negara-negara, kocar-kacir,
    besar-besaran, jet-jet), Arabic particles (al-Assad, Al-Qaeda, Hay'at,
    Hayi'at), prefixes (anti-Assad, pro-Turki), clitics (-nya, -lah, -kah are
    never split off; the stemmer removes them). Also web domains
    (ditphat.net, iNews.id, kompas.co.id: a word, dotted labels and a known
    lower-case top-level domain, see ``_TLDS``), URLs (``http(s)://...``) and
    runs of single-letter initials ("A.S", "a.n"; the final period is a
    separate punctuation token).
``number``
    a digit followed by letters/digits, with inner ``. , / :`` before a digit
    and inner hyphens: 21/10, 1/12/2024, 2,4, 18.500, 10:31, 111-113, 2-1,
    1990-an, 4G. The rupiah sign is split off an amount written without a
    space ("Rp2,4" -> "Rp", "2,4"); other letter-digit mixes stay one word
    (F-16, MH17, G20).
``punct``
    any other non-space character (including "_"), one per token, except that runs of
    periods ("...", also from "…") and runs of dashes are one token. A spaced
    dash " – " is therefore punctuation; a dash between two letters joins
    them ("Assad-Rusia" is one word, a known limitation for compounds written
    without spaces).

Whitespace is dropped. Characters deleted by normalisation (zero-width,
soft hyphen) are part of a token only when they sit inside or right after
one; between spaces they are dropped like whitespace.

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

Voice (:func:`quote_spans`) is decided per paragraph, so an unbalanced quote
can never flip the rest of an article:

* Double quotes (straight or curly, after normalisation all ``"``) pair up in
  order. A quote opens a quotation unless it can only be a closer (attached
  to the preceding word and followed by space/punctuation) — a stray closer
  is ignored rather than turning the rest of the paragraph into quotation. A
  curly opening glyph (“ „ ‟ «) that clearly opens while a quotation is
  already open means the previous one was never closed: it is closed there
  and a new one opened. A quotation still open at the end of the paragraph
  closes there (news style often leaves a multi-paragraph quote open).
  Quotations can span several sentences; scare quotes (pasukan “teroris”)
  are quotations too.
* Nesting: open quotations form a stack of glyph families (curly “ ” „ ‟,
  straight " ″, guillemets « »). A quote of another family that opens
  inside a quotation nests (“Mereka menyebutnya "teroris" di sini,” kata
  dia: all of it up to ” is quoted); a closer ends the innermost open
  quotation of its own family, and with it any unclosed ones inside; a
  closer of a family not on the stack (“kata dia") ends the innermost one.
* Single quotes (``'``, ``‘``, ``’``; used in Indonesian headlines as scare
  quotes: 'Mas Menteri', 'Ngotot') count as quotation only as a matched pair
  within the paragraph: an opener at a word start (after space, start of
  paragraph, bracket, dash or double quote, before a non-space) and a closer
  at a word end (after a non-space, before space, punctuation or the end).
  Apostrophes inside a word (Hay'at, Jum'at) are neither and never open a
  quotation; an unmatched opener ('90-an) is dropped instead of closing at the
  paragraph end, because apostrophes are far more common than unclosed
  single-quoted quotations.

The quote marks themselves are inside the span (voice "quoted").

Known voice limitations: a quotation closed with a wrong-direction glyph and
immediately followed by a letter (“kata“dia) is read by position only;
a quotation nested in one of the same family (“a “b” c”) is read as a
close and a reopen, since the glyphs cannot tell the two apart; a closing single quote after a plural possessive (the rebels' ...)
can close an earlier single-quote opener in the same paragraph; indirect
speech ("katanya, pasukan itu teroris") is narrator, as intended.

Speed (measured on a 1M-word corpus of repeated seed articles): ``tokenize``
runs one regex ``findall`` over the original text whenever normalisation is
one-to-one (true for typical news text with curly quotes, dashes and NBSP),
about 2M tokens/s on the development machine; other text goes through the
chunked alignment at about 1M tokens/s.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from operator import itemgetter
from importlib import resources

import numpy as np
import pandas as pd

from bingkai.constants import KINDS, PARTS, PART_CODES, PART_COLUMNS
from bingkai.errors import BingkaiInputError
from bingkai.frames import check_frame
from bingkai.progress import progress_bar

__all__ = [
    "normalize",
    "normalize_with_offsets",
    "tokenize",
    "token_spans",
    "sentences",
    "sentence_spans",
    "quote_spans",
    "frame_tokens",
    "TOKEN_COLUMNS",
    "KINDS",
]

TOKEN_COLUMNS = ["doc_id", "outlet", "part", "para", "sent", "i", "token",
                 "lower", "kind", "start", "end", "voice"]

# --------------------------------------------------------------------------
# normalisation tables
# --------------------------------------------------------------------------

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


def normalize_with_offsets(text: str) -> tuple[str, np.ndarray]:
    """``(norm, offsets)``: the normalised text and an int64 array of length
    ``len(norm) + 1`` where ``offsets[k]`` is the index in ``text`` where
    normalised character k's chunk starts (``offsets[-1] == len(text)``).
    ``text[offsets[s]:offsets[e]]`` is the original surface of ``norm[s:e]``
    whenever s and e are chunk starts (always, unless NFKC expanded one
    character into several, e.g. "ﬁ" -> "fi")."""
    al = align(_check_str(text))
    return al.norm, al.offsets()


# --------------------------------------------------------------------------
# tokens
# --------------------------------------------------------------------------

# Lower-case top-level domains recognised after a dotted word (kept small and
# generic: enough for Indonesian/international news sites; add more here).
_TLDS = ("com", "net", "org", "id", "co", "go", "ac", "or", "sch", "mil",
         "web", "my", "biz", "info", "io", "news", "tv", "me", "gov", "edu",
         "int", "uk", "us", "au", "sg", "ru", "ua", "sy", "tr", "ir", "iq",
         "il", "ps", "lb", "qa", "sa", "ae", "de", "fr", "nl", "online",
         "site", "xyz", "asia")


def _mark_ranges(lo: int, hi: int) -> str:
    """Regex class body for the combining marks (Mn, Mc, Me) in [lo, hi)."""
    ranges: list[tuple[int, int]] = []
    for c in range(lo, hi):
        if unicodedata.category(chr(c))[0] == "M":
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1] = (ranges[-1][0], c)
            else:
                ranges.append((c, c))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                   for a, b in ranges)


_SUPPLEMENTARY_RE = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _marks() -> tuple[str, re.Pattern[str], re.Pattern[str]]:
    """(regex for one combining mark, search for a BMP mark, search for a
    supplementary-plane mark).

    Marks continue a word although Python's ``\\w`` does not match them
    (Devanagari vowel signs, Arabic harakat, accents NFKC cannot compose).
    BMP and supplementary marks are separate classes: ``re`` tests a class
    with supplementary ranges range by range, so that class is only tried
    after a cheap check that the character is supplementary at all.
    """
    bmp = _mark_ranges(0, 0x10000)
    smp = _mark_ranges(0x10000, 0x20000) + _mark_ranges(0xE0000, 0xE1000)
    one = rf"(?:[{bmp}]|(?=[\U00010000-\U0010ffff])[{smp}])"
    return one, re.compile(f"[{bmp}]"), re.compile(f"[{smp}]")


def _has_marks(text: str) -> bool:
    _, bmp, smp = _marks()
    if bmp.search(text) is not None:
        return True
    return _SUPPLEMENTARY_RE.search(text) is not None and smp.search(text) is not None


def _token_pattern(with_marks: bool) -> str:
    apos = re.escape("'" + _APOSTROPHES)
    dash = re.escape("-" + _DASHES)
    alnum = r"[^\W_]"
    if with_marks:
        mark = _marks()[0]
        part = rf"{alnum}*(?:{mark}(?:\w|{mark})*)?"   # letters/digits, then marks
    else:
        part = rf"{alnum}*"
    label = f"{alnum}+(?:[{dash}]{alnum}+)*"          # a domain label
    tlds = "|".join(sorted(_TLDS, key=len, reverse=True))
    domain = rf"(?:\.(?:{label}\.)*(?:{tlds})(?!{alnum}))?"
    word = rf"[^\W\d_]{part}(?:[{apos}{dash}]{alnum}{part})*{domain}"
    initials = rf"[^\W\d_](?:\.[^\W\d_])+(?!{alnum})"
    number = rf"\d{part}(?:[.,/:]\d{part})*(?:[{dash}]{alnum}{part})*"
    url = r"https?://[^\s\"'<>()\[\]{}]*[^\s\"'<>()\[\]{}.,;:!?-]"
    punct = rf"\.{{2,}}|[{dash}]{{2,}}|[^\w\s]|_"
    # "Rp" (rupiah) is written straight before the amount ("Rp2,4 juta"):
    # split it off so the amount is one number token as in "Rp 2,4 juta"
    rupiah = r"[Rr][Pp](?=\d)"
    return "|".join(f"(?:{p})" for p in (url, initials, rupiah, word, number, punct))


@lru_cache(maxsize=4)
def _token_re_variant(with_marks: bool, leading_space: bool = False) -> re.Pattern[str]:
    pattern = _token_pattern(with_marks)
    # With leading whitespace folded into each match, matches tile the text
    # (every non-space character starts some alternative), so match lengths
    # alone give the offsets: no Match objects are needed (see _token_arrays).
    return re.compile(rf"\s*(?:{pattern})" if leading_space else pattern)


def _token_re(text: str, leading_space: bool = False) -> re.Pattern[str]:
    """The tokeniser for ``text``. It accepts the unnormalised quote/dash
    variants as their normalised forms, so the same expression can run on
    original text whose normalisation is one-to-one (the fast path); on
    normalised text the variants never occur, so both give the same tokens.
    The mark-aware variant is slower (a mark test after every word part), so
    it is used only for text that contains a combining mark; on text without
    marks the two give identical tokens."""
    return _token_re_variant(not text.isascii() and _has_marks(text), leading_space)




def _kind(c: str) -> str:
    """Kind from a token's first (normalised) character: the number pattern
    starts with ``\\d`` (= str.isdecimal), words with another alphanumeric."""
    if c.isdecimal():
        return "number"
    if c.isalnum():
        return "word"
    return "punct"


@lru_cache(maxsize=1)
def _bmp_kind_codes() -> np.ndarray:
    """Kind code (index into KINDS) of every BMP character."""
    code = {k: i for i, k in enumerate(KINDS)}
    return np.fromiter((code[_kind(chr(c))] for c in range(0x10000)), dtype=np.uint8,
                       count=0x10000)


def _kind_codes(firsts: str) -> np.ndarray:
    """Kind codes for a string made of each token's first character."""
    cps = np.frombuffer(firsts.encode("utf-32-le"), dtype=np.uint32)
    out = _bmp_kind_codes()[np.minimum(cps, 0xFFFF)]
    for k in np.flatnonzero(cps > 0xFFFF).tolist():  # rare: supplementary planes
        out[k] = KINDS.index(_kind(firsts[k]))
    return out


def _token_arrays(al: Aligned) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(tokens, starts, ends, kind codes) in original offsets; tokens that
    would share a chunk are merged (the merged token keeps the first one's
    kind)."""
    text = al.text
    if al.identity:
        matches = _token_re(text, leading_space=True).findall(text)
        toks = list(map(str.lstrip, matches))
        n = len(toks)
        ends = np.cumsum(np.fromiter(map(len, matches), dtype=np.int64, count=n))
        starts = ends - np.fromiter(map(len, toks), dtype=np.int64, count=n)
        kinds = _kind_codes("".join(map(itemgetter(0), toks)))
        return toks, starts, ends, kinds
    norm = al.norm
    matches = _token_re(norm, leading_space=True).findall(norm)
    ntoks = list(map(str.lstrip, matches))
    if not ntoks:
        return [], np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.uint8)
    n_end = np.cumsum(np.fromiter(map(len, matches), dtype=np.int64, count=len(matches)))
    n_start = n_end - np.fromiter(map(len, ntoks), dtype=np.int64, count=len(ntoks))
    o_start = al.starts[n_start]
    o_end = al.ends[n_end - 1]
    kinds = _kind_codes("".join(map(itemgetter(0), ntoks)))
    # tokens that share an original chunk (a ligature split into letters, a
    # mark on a space) are merged: a token starts a new group only when it
    # starts at or after the end of everything before it
    reach = np.maximum.accumulate(o_end)
    new = np.ones(len(ntoks), dtype=bool)
    new[1:] = o_start[1:] >= reach[:-1]
    firsts = np.flatnonzero(new)
    starts = o_start[firsts]
    ends = np.maximum.reduceat(o_end, firsts)
    toks = list(map(text.__getitem__, map(slice, starts.tolist(), ends.tolist())))
    # A chunk can start with whitespace: a space, then a deleted character
    # (which joins the chunk before it), then combining marks (which continue
    # that chunk): "\r\u200b\u0f71". Whitespace is never part of a token,
    # so it is trimmed off the token's edges.
    for k in [k for k, t in enumerate(toks) if t[:1].isspace() or t[-1:].isspace()]:
        t = toks[k]
        trimmed = t.strip()
        if trimmed:
            starts[k] += len(t) - len(t.lstrip())
            ends[k] -= len(t) - len(t.rstrip())
            toks[k] = trimmed
    return toks, starts, ends, kinds[firsts]


def tokenize(text: str) -> list[str]:
    """Word, number and punctuation tokens of ``text`` as surface strings of
    the original text, in order; whitespace is dropped.

    >>> tokenize("Pasukan anti-Bashar al-Assad (VSRF), Rabu (21/10).")
    ['Pasukan', 'anti-Bashar', 'al-Assad', '(', 'VSRF', ')', ',', 'Rabu', '(', '21/10', ')', '.']
    """
    al = align(_check_str(text))
    if al.identity:
        return _token_re(text).findall(text)
    return _token_arrays(al)[0]


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """``[(start, end, kind), ...]``: offsets into the original ``text`` of
    each token (``text[start:end]`` is the token) and its kind, one of
    "word", "number", "punct"."""
    _, starts, ends, kinds = _token_arrays(align(_check_str(text)))
    return [(s, e, KINDS[k]) for s, e, k in zip(starts.tolist(), ends.tolist(), kinds.tolist())]


# --------------------------------------------------------------------------
# sentences
# --------------------------------------------------------------------------

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


# --------------------------------------------------------------------------
# quotation (voice)
# --------------------------------------------------------------------------

_QUOTE_CHAR_RE = re.compile("[\"']")
_OPEN_BEFORE = set("([{-\"'/")


def _double_kind(glyph: str) -> str:
    """Family of a double-quote glyph: quotes of one family open and close
    each other; a quote of another family inside an open quotation nests."""
    if glyph in "«»":
        return "guillemet"
    if glyph in "“”„‟":
        return "curly"
    return "straight"  # '"' and the double prime ″ (typed as a straight quote)


def _quote_bounds(al: Aligned) -> list[tuple[int, int]]:
    """Quotations as (start, end) in NORMALISED offsets (see module doc)."""
    norm, text = al.norm, al.text
    spans: list[tuple[int, int]] = []
    pa = 0
    for line in norm.split("\n"):
        pb = pa + len(line)
        if '"' in line or "'" in line:
            last = pb
            while last > pa and norm[last - 1].isspace():
                last -= 1
            # open double quotations, outermost first: (start, glyph family)
            stack: list[tuple[int, str]] = []
            sq_open: int | None = None
            for m in _QUOTE_CHAR_RE.finditer(norm, pa, pb):
                k = m.start()
                before = norm[k - 1] if k > pa else ""
                after = norm[k + 1] if k + 1 < pb else ""
                opening = (before == "" or before.isspace() or before in _OPEN_BEFORE) \
                    and after != "" and not after.isspace()
                closing = before != "" and not before.isspace() \
                    and (after == "" or after.isspace() or not after.isalnum())
                if m.group() == '"':
                    glyph = text[k] if al.identity else text[int(al.starts[k])]
                    kind = _double_kind(glyph)
                    if not stack:
                        if closing and not opening:
                            continue  # stray closer
                        stack.append((k, kind))
                    elif opening and not closing and kind != stack[-1][1]:
                        # a quote of another family inside a quotation:
                        # “Mereka menyebutnya "teroris" di sini,” -> nested
                        stack.append((k, kind))
                    elif glyph in _OPENING_DOUBLE and opening and not closing:
                        # same family opening again: the quotation was never
                        # closed; end it before this new opening
                        e = k
                        while e > stack[0][0] + 1 and norm[e - 1].isspace():
                            e -= 1
                        spans.append((stack[0][0], e))
                        stack = [(k, kind)]
                    else:
                        # a closer: it closes the innermost open quotation of
                        # its family (and any unclosed ones inside it); with
                        # no open quotation of its family (“kata dia") it
                        # closes the innermost one, as before nesting
                        depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][1] == kind),
                                     len(stack) - 1)
                        spans.append((stack[depth][0], k + 1))
                        del stack[depth:]
                else:
                    if opening and not closing:
                        sq_open = k
                    elif closing and not opening and sq_open is not None:
                        spans.append((sq_open, k + 1))
                        sq_open = None
            if stack:
                spans.append((stack[0][0], max(last, stack[0][0] + 1)))
        pa = pb + 1
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def quote_spans(text: str) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` offsets into ``text`` of direct quotations
    (quote marks included), sorted and non-overlapping. A token whose start
    falls in a span has voice "quoted"; everything else is "narrator"."""
    al = align(_check_str(text))
    return [al.span(a, b) for a, b in _quote_bounds(al)]


# --------------------------------------------------------------------------
# corpus -> token table
# --------------------------------------------------------------------------

def field_text(value, *, doc_id, column: str, path) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if not isinstance(value, str):
        raise BingkaiInputError(
            f"document {doc_id!r}: column {column!r} holds a {type(value).__name__}, not text",
            path=path, hint="load the corpus with bingkai.load_corpus() or make the column strings")
    return value




def document_arrays(fields: Sequence[tuple[str, str]]) -> tuple[list[str], dict[str, np.ndarray]] | None:
    """Tokens of one document's parts, in order, as plain arrays.

    ``fields`` is ``[(part, text), ...]`` in document order (empty text for
    a missing part). Returns None when there are no tokens, else
    ``(tokens, arrays)`` where ``arrays`` has one entry per token in
    ``part`` (index into PARTS), ``para``, ``sent`` (document-wide), ``i``,
    ``start``, ``end``, ``kind`` (index into KINDS) and ``quoted`` (bool):
    exactly the columns of :func:`tokens` for that document, which is built
    from this function (and so is ``bingkai.views.framing``, without the frame),
    plus ``part_sents``: the number of sentences of each part (len(PARTS)).
    """
    cols: dict[str, list[np.ndarray]] = {k: [] for k in ("part", "para", "sent", "i", "start",
                                                         "end", "kind", "quoted")}
    tok_list: list[str] = []
    n_sent = 0
    n_tok = 0
    part_sents = np.zeros(len(PARTS), dtype=np.int64)
    for p, field in fields:
        if not field:
            continue
        al = align(field)
        toks, st, en, kinds = _token_arrays(al)
        sent_b = _sentence_bounds(al)
        part_sents[PART_CODES[p]] = len(sent_b)
        n = len(toks)
        if n == 0:
            n_sent += len(sent_b)
            continue
        quote_b = _quote_bounds(al)
        tok_list.extend(toks)
        cols["kind"].append(kinds)
        newlines = np.flatnonzero(np.frombuffer(field.encode("utf-32-le"), dtype=np.uint32)
                                  == 10)
        cols["para"].append(np.searchsorted(newlines, st, side="right"))
        sent_starts = np.asarray([al.span(a, b)[0] for a, b in sent_b], dtype=np.int64)
        sidx = np.searchsorted(sent_starts, st, side="right") - 1
        cols["sent"].append(n_sent + np.clip(sidx, 0, None))
        n_sent += len(sent_b)
        if quote_b:
            q = [al.span(a, b) for a, b in quote_b]
            qs = np.asarray([a for a, _ in q], dtype=np.int64)
            qe = np.asarray([b for _, b in q], dtype=np.int64)
            qi = np.searchsorted(qs, st, side="right") - 1
            quoted = (qi >= 0) & (st < qe[np.clip(qi, 0, None)])
        else:
            quoted = np.zeros(n, dtype=bool)
        cols["quoted"].append(quoted)
        cols["i"].append(n_tok + np.arange(n, dtype=np.int64))
        n_tok += n
        cols["start"].append(st)
        cols["end"].append(en)
        cols["part"].append(np.full(n, PART_CODES[p], dtype=np.int64))
    if not tok_list:
        return None
    # sentences per part (also of parts without tokens): the index renumbers
    # ``sent`` when a view asks for a subset of the parts
    if len(cols["i"]) == 1:
        return tok_list, {k: v[0] for k, v in cols.items()} | {"part_sents": part_sents}
    return tok_list, {k: np.concatenate(v) for k, v in cols.items()} | {"part_sents": part_sents}


def frame_tokens(corpus: pd.DataFrame, parts: Sequence[str] | str = PARTS,
           progress: bool | None = None) -> pd.DataFrame:
    """One row per token of every document in ``corpus``.

    ``corpus`` is a corpus frame (``bingkai.tokens`` also takes a ``Corpus``), which needs the columns ``doc_id`` and ``outlet`` plus ``title``,
    ``subtitle`` and/or ``text`` for the requested ``parts`` ("title",
    "subtitle", "body"; "body" is the ``text`` column). Missing values count
    as empty. Paragraphs are the "\\n"-separated lines of each field.

    Returns a DataFrame sorted by ``doc_id, i`` with columns
    ``doc_id, outlet, part, para, sent, i, token, lower, kind, start, end, voice``:

    - ``part``: "title", "subtitle" or "body";
    - ``para``: 0-based line index within the part;
    - ``sent``: 0-based sentence index within the document, counting through
      the parts in the order title, subtitle, body;
    - ``i``: 0-based token index within the document, same order;
    - ``token``: surface string, always ``field[start:end]`` (``start``/``end``
      are character offsets into that part's string);
    - ``lower``: ``normalize(token).lower()``;
    - ``kind``: "word", "number" or "punct";
    - ``voice``: "quoted" inside a direct quotation, else "narrator".
    """
    if isinstance(parts, str):
        parts = (parts,)
    parts = tuple(parts)
    bad = [p for p in parts if p not in PARTS]
    if bad or not parts:
        raise BingkaiInputError(
            f"unknown part(s) {bad!r}" if bad else "no parts requested",
            hint=f"choose parts from {list(PARTS)}")
    parts = tuple(p for p in PARTS if p in parts)  # fixed document order
    order = check_frame(corpus, ["doc_id", "outlet"] + [PART_COLUMNS[p] for p in parts])
    has_source = "source_file" in corpus.columns

    cols: dict[str, list] = {k: [] for k in ("doc", "part", "para", "sent", "i",
                                             "start", "end", "quoted")}
    tok_list: list[str] = []
    kind_codes: list[np.ndarray] = []
    doc_ids: list[str] = []
    outlets: list[str] = []

    rows = corpus.iloc[order]
    for d, row in enumerate(progress_bar(rows.itertuples(index=False), desc="tokens",
                                         total=len(rows), progress=progress, unit="doc")):
        rec = row._asdict()
        doc_id = str(rec["doc_id"])
        doc_ids.append(doc_id)
        outlets.append("" if pd.isna(rec["outlet"]) else str(rec["outlet"]))
        path = rec.get("source_file") if has_source else None
        fields = [(p, field_text(rec[PART_COLUMNS[p]], doc_id=doc_id, column=PART_COLUMNS[p],
                             path=path)) for p in parts]
        doc = document_arrays(fields)
        if doc is None:
            continue
        toks, arrays = doc
        tok_list.extend(toks)
        kind_codes.append(arrays["kind"])
        for k in ("part", "para", "sent", "i", "start", "end", "quoted"):
            cols[k].append(arrays[k])
        cols["doc"].append(np.full(len(toks), d, dtype=np.int64))

    if not tok_list:
        return pd.DataFrame({c: pd.Series([], dtype=("int64" if c in
                                                     ("para", "sent", "i", "start", "end")
                                                     else "str")) for c in TOKEN_COLUMNS})

    cat = {k: np.concatenate(v) for k, v in cols.items()}
    tok_arr = np.asarray(tok_list, dtype=object)
    # lower-case each distinct token once (types are far fewer than tokens)
    codes, uniques = pd.factorize(tok_arr)
    lower_uniq = np.asarray([align(u).norm.lower() for u in uniques], dtype=object)
    lowers = lower_uniq[codes]
    kinds = np.asarray(KINDS, dtype=object)[np.concatenate(kind_codes)]
    doc_arr = np.asarray(doc_ids, dtype=object)
    out_arr = np.asarray(outlets, dtype=object)
    part_arr = np.asarray(PARTS, dtype=object)
    frame = pd.DataFrame({
        "doc_id": pd.array(doc_arr[cat["doc"]], dtype="str"),
        "outlet": pd.array(out_arr[cat["doc"]], dtype="str"),
        "part": pd.array(part_arr[cat["part"]], dtype="str"),
        "para": cat["para"].astype(np.int64),
        "sent": cat["sent"].astype(np.int64),
        "i": cat["i"],
        "token": pd.array(tok_arr, dtype="str"),
        "lower": pd.array(lowers, dtype="str"),
        "kind": pd.array(kinds, dtype="str"),
        "start": cat["start"],
        "end": cat["end"],
        "voice": pd.array(np.where(cat["quoted"], "quoted", "narrator").astype(object),
                          dtype="str"),
    })
    return frame
