"""Direct quotations of a text (the voice of its tokens), as offsets into the original
string.

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
"""

from __future__ import annotations

import re


from bingkai.text.normalize import _OPENING_DOUBLE, Aligned, _check_str, align
from bingkai.text.sentences import paragraphs


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


def _quote_bounds(al: Aligned, paras: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Quotations as (start, end) in NORMALISED offsets (see module doc;
    ``paras``: ``paragraphs(al)`` when the caller has it already)."""
    norm, text = al.norm, al.text
    spans: list[tuple[int, int]] = []
    for pa, pb in paragraphs(al) if paras is None else paras:
        line = norm[pa:pb]
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
