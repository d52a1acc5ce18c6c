"""Tokens of Indonesian news text, and the token table of a corpus frame.

All offsets are character offsets into the ORIGINAL string (the text as stored in the
corpus), so a token can always be shown exactly as printed; tokens are found on the
normalised form (:mod:`bingkai.text.normalize`). :func:`frame_tokens` turns a corpus
frame into the tidy token table, with sentences (:mod:`bingkai.text.sentences`) and
voice (:mod:`bingkai.text.quotes`).

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
    them, except between two names: a dash between two capitalised parts
    that differ ("Israel-Iran", "Iran–Israel", "AS-Israel") is its own
    punctuation token between two words, unless the part before it is a
    name particle listed in ``data/name_particles.txt`` ("Al-Qaeda",
    "El-Sisi"). Reduplication ("anak-anak", "Abu-Abu") and lower-case
    prefixes ("anti-Assad", "al-Assad") stay one word.

A token's analysis form (:func:`bingkai.text.normalize.token_form`, the
``lower`` column in lower case) is its normalisation with any whitespace
removed: NFKC expands a few characters into several words ("ﷺ" U+FDFA), and
such a character is one token, so the stemmer and the lexicon always see one
word.

Whitespace is dropped. Characters deleted by normalisation (zero-width,
soft hyphen) are part of a token only when they sit inside or right after
one; between spaces they are dropped like whitespace.

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
from importlib import resources
from operator import itemgetter

import numpy as np
import pandas as pd

from bingkai.constants import DEFAULT_PARTS, KINDS, PARTS, PART_CODES, PART_COLUMNS
from bingkai.errors import BingkaiInputError
from bingkai.frames import check_frame
from bingkai.progress import progress_bar
from bingkai.text.normalize import _APOSTROPHES, _DASHES, Aligned, _check_str, align, token_form
from bingkai.text.quotes import _quote_bounds
from bingkai.text.sentences import _sentence_bounds, paragraph_starts, paragraphs

__all__ = ["tokenize", "token_spans", "frame_tokens", "document_arrays", "field_text", "TOKEN_COLUMNS"]

TOKEN_COLUMNS = ["doc_id", "outlet", "part", "para", "sent", "i", "token",
                 "lower", "kind", "start", "end", "voice"]

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


#: below this length ``_has_marks`` looks a text's characters up one by one: a short text
#: (a query, a lexicon variant) need not build the mark classes of the whole of Unicode
_SHORT_TEXT = 256


def _is_mark(c: str) -> bool:
    """A combining mark of the planes ``_marks`` covers (the BMP, plane 1, and 0xE0000-0xE0FFF)."""
    o = ord(c)
    return (o < 0x20000 or 0xE0000 <= o < 0xE1000) and unicodedata.category(c)[0] == "M"


def _has_marks(text: str) -> bool:
    if len(text) < _SHORT_TEXT:
        return any(_is_mark(c) for c in text if c > "\x7f")
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


@lru_cache(maxsize=1)
def _ascii_kind_codes() -> np.ndarray:
    """``_bmp_kind_codes`` of the ASCII characters (enough for most queries and lexicon
    variants: the whole plane's table costs ~20 ms to build)."""
    code = {k: i for i, k in enumerate(KINDS)}
    return np.array([code[_kind(chr(c))] for c in range(128)], dtype=np.uint8)


def _kind_codes(firsts: str) -> np.ndarray:
    """Kind codes for a string made of each token's first character."""
    if firsts.isascii():
        return _ascii_kind_codes()[np.frombuffer(firsts.encode("ascii"), dtype=np.uint8)]
    cps = np.frombuffer(firsts.encode("utf-32-le"), dtype=np.uint32)
    out = _bmp_kind_codes()[np.minimum(cps, 0xFFFF)]
    for k in np.flatnonzero(cps > 0xFFFF).tolist():  # rare: supplementary planes
        out[k] = KINDS.index(_kind(firsts[k]))
    return out


# A dash between two capitalised names ("Israel-Iran", "Iran–Israel",
# "AS-Israel"): a pair of names, split into name, dash, name.
_CAPITAL = "A-ZÀ-ÖØ-Þ"
# a letter, a dash, a capital: what _has_pair finds (this form is its test oracle)
_PAIR_ANY_RE = re.compile(rf"[^\W\d_][{re.escape('-' + _DASHES)}][{_CAPITAL}]")
_PAIR_DASH_RE = re.compile(rf"[{re.escape('-' + _DASHES)}](?=[{_CAPITAL}])")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _has_pair(text: str) -> bool:
    """``_PAIR_ANY_RE.search(text) is not None``, found from the dashes: a
    pattern that opens with a letter class makes ``re`` try nearly every
    position of a text, one that opens with the dash class skips to the
    dashes (~8x less time over every field of a corpus). Each dash before a
    capital is a candidate; it counts when a letter precedes it."""
    for m in _PAIR_DASH_RE.finditer(text):
        i = m.start()
        if i and _LETTER_RE.match(text, i - 1):
            return True
    return False
_WORD_KIND = 0  # index of "word" in KINDS
_PUNCT_KIND = 2


@lru_cache(maxsize=1)
def _name_particles() -> frozenset[str]:
    """Lower-cased particles from ``data/name_particles.txt`` (researcher-editable)."""
    path = resources.files("bingkai") / "data" / "name_particles.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


def _pair_cuts(tok: str) -> list[int]:
    """Offsets in ``tok`` of the dashes that join two names.

    A dash joins two names when the parts on both sides start with a
    capital, differ (so "Abu-Abu", a reduplication, stays one word, as do
    all lower-case ones: "anak-anak", "anti-Assad", "al-Assad") and the part
    before it is not a particle of a name (``data/name_particles.txt``:
    "Al-Qaeda", "AL-SHAM", "El-Sisi" stay one word, in any case, so a
    variant matches its text whatever the capitals). Domains and URLs are
    never cut."""
    if "." in tok or "/" in tok:
        return []
    cuts = []
    bounds = [0] + [m.start() for m in re.finditer(f"[{re.escape('-' + _DASHES)}]", tok)] + [len(tok)]
    for k in range(1, len(bounds) - 1):
        dash = bounds[k]
        left = tok[(bounds[k - 1] + 1 if k > 1 else 0):dash]
        right = tok[dash + 1:bounds[k + 1]]
        if not (left[:1].isupper() and right[:1].isupper() and _PAIR_DASH_RE.match(tok, dash)):
            continue
        if left.lower() == right.lower() or left.lower() in _name_particles():
            continue
        cuts.append(dash)
    return cuts


def _split_pairs(toks: list[str], starts: np.ndarray, ends: np.ndarray,
                 kinds: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Split the word tokens that are pairs of names (see :func:`_pair_cuts`)
    into name, dash (punctuation) and name, offsets kept exact."""
    split = {}
    for k, t in enumerate(toks):
        if kinds[k] == _WORD_KIND and len(t) > 2 and _has_pair(t):
            cuts = _pair_cuts(t)
            if cuts:
                split[k] = cuts
    if not split:
        return toks, starts, ends, kinds
    out_t: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    out_k: list[int] = []
    for k, t in enumerate(toks):
        s0, e0, kind = int(starts[k]), int(ends[k]), int(kinds[k])
        if k not in split:
            out_t.append(t)
            out_s.append(s0)
            out_e.append(e0)
            out_k.append(kind)
            continue
        a = 0
        for dash in split[k]:
            out_t.extend((t[a:dash], t[dash]))
            out_s.extend((s0 + a, s0 + dash))
            out_e.extend((s0 + dash, s0 + dash + 1))
            out_k.extend((_WORD_KIND, _PUNCT_KIND))
            a = dash + 1
        out_t.append(t[a:])
        out_s.append(s0 + a)
        out_e.append(e0)
        out_k.append(_WORD_KIND)
    return (out_t, np.asarray(out_s, dtype=np.int64), np.asarray(out_e, dtype=np.int64),
            np.asarray(out_k, dtype=kinds.dtype))


def _token_arrays(al: Aligned) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(tokens, starts, ends, kind codes) in original offsets; tokens that
    would share a chunk are merged (the merged token keeps the first one's
    kind); pairs of names joined by a dash are split (:func:`_pair_cuts`)."""
    toks, starts, ends, kinds = _raw_token_arrays(al)
    if not _has_pair(al.text) and (al.identity or not _has_pair(al.norm)):
        return toks, starts, ends, kinds
    return _split_pairs(toks, starts, ends, kinds)


def _raw_token_arrays(al: Aligned) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
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
    if al.identity and not _has_pair(text):
        return _token_re(text).findall(text)
    return _token_arrays(al)[0]


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """``[(start, end, kind), ...]``: offsets into the original ``text`` of
    each token (``text[start:end]`` is the token) and its kind, one of
    "word", "number", "punct"."""
    _, starts, ends, kinds = _token_arrays(align(_check_str(text)))
    return [(s, e, KINDS[k]) for s, e, k in zip(starts.tolist(), ends.tolist(), kinds.tolist())]


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
        paras = paragraphs(al)  # once for the sentences, the quotations and the para numbers
        sent_b = _sentence_bounds(al, paras)
        part_sents[PART_CODES[p]] = len(sent_b)
        n = len(toks)
        if n == 0:
            n_sent += len(sent_b)
            continue
        quote_b = _quote_bounds(al, paras)
        tok_list.extend(toks)
        cols["kind"].append(kinds)
        cols["para"].append(np.searchsorted(paragraph_starts(al, paras), st, side="right"))
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


def frame_tokens(corpus: pd.DataFrame, parts: Sequence[str] | str = DEFAULT_PARTS,
           progress: bool | None = None) -> pd.DataFrame:
    """One row per token of every document in ``corpus``.

    ``corpus`` is a corpus frame (``bingkai.tokens`` also takes a ``Corpus``), which needs the columns ``doc_id`` and ``outlet`` plus ``title``,
    ``subtitle`` and/or ``text`` for the requested ``parts`` ("title",
    "subtitle", "body"; "body" is the ``text`` column; default ``("body",)``,
    as every view). Missing values count
    as empty. Paragraphs are the "\\n"-separated lines of each field, cut
    again at a scrape's ".," joins (:func:`bingkai.text.sentences.paragraphs`).

    Returns a DataFrame sorted by ``doc_id, i`` with columns
    ``doc_id, outlet, part, para, sent, i, token, lower, kind, start, end, voice``:

    - ``part``: "title", "subtitle" or "body";
    - ``para``: 0-based line index within the part;
    - ``sent``: 0-based sentence index within the document, counting through
      the requested parts in the order title, subtitle, body;
    - ``i``: 0-based token index within the document, same order;
    - ``token``: surface string, always ``field[start:end]`` (``start``/``end``
      are character offsets into that part's string);
    - ``lower``: ``token_form(token).lower()`` (the normalised token, never
      with whitespace inside);
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
    lower_uniq = np.asarray([token_form(u).lower() for u in uniques], dtype=object)
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
