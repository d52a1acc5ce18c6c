"""Property tests (hypothesis) for bingkai.text.tokens on arbitrary Unicode.

Strategies: ``st.text()`` draws from every Unicode category except
surrogates (which cannot appear in a valid Python str read from UTF-8); a
second strategy mixes news-like fragments with the characters normalisation
touches (curly quotes, NBSP, zero-width, dashes, ligatures, combining marks),
so the interesting paths are hit often with a modest number of examples.
"""

from __future__ import annotations

import os
import unicodedata

import numpy as np
from hypothesis import example, given, settings, strategies as st

from bingkai.text.normalize import normalize, normalize_with_offsets
from bingkai.text.quotes import quote_spans
from bingkai.text.sentences import sentence_spans, sentences
from bingkai.text.tokens import token_spans, tokenize

DELETED = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")

FRAGMENTS = [
    "Hay’at", "al-Assad", "kelompok-kelompok", "anti-Assad", "21/10", "2,4",
    "18.500", "ditphat.net", "iNews.id", "A.S.", "dr.", "“teroris”", "\"kata\"",
    "'Mas Menteri'", " – ", "…", "ﬁ", "½", "e\u0301", "\u00a0", "\u200b",
    "\u00ad", "\u202f", "\n", ". ", "? ", "HTS", "Rp", "-", "'", "\"", "“",
    "”", "‘", "’", "´", "″", "¨", "\u0308", "\u1100\u1161\u11a8", "ｄｅｆ",
    "\u0915\u093f", "2-1", "1990-an", " ", "Jl. Sudirman", "https://a.b/c",
    "=\u0338", "ǅ", "İ", "ß", "㍱", "⒈", "\U0001d167", "\u094d", "Rp2,4", "²",
]
news_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=25
).map("".join)
any_text = st.one_of(st.text(), news_like)

# modest by default (the suite must stay fast); raise it for a deep run with
# BINGKAI_HYPOTHESIS_EXAMPLES=5000
EXAMPLES = int(os.environ.get("BINGKAI_HYPOTHESIS_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None)


def _nfkc_reference(text: str) -> str:
    """The documented pipeline applied to the whole string at once."""
    from bingkai.text.normalize import _TABLE

    return unicodedata.normalize("NFKC", text.translate(_TABLE)).translate(_TABLE)


@SETTINGS
@given(any_text)
def test_normalize_equals_whole_string_pipeline_and_is_idempotent(text):
    norm = normalize(text)
    assert norm == _nfkc_reference(text)
    assert normalize(norm) == norm


@SETTINGS
@given(any_text)
def test_offsets_are_monotone_and_bounded(text):
    norm, off = normalize_with_offsets(text)
    assert len(off) == len(norm) + 1
    assert off[-1] == len(text)
    assert np.all(np.diff(off) >= 0)
    assert off[0] >= 0


@SETTINGS
@given(any_text)
def test_offsets_slice_back_chunk_by_chunk(text):
    # Normalised chars sharing one offset come from one original chunk;
    # normalising that original slice alone gives exactly those chars, so
    # the concatenation over chunks is the whole normalised text.
    norm, off = normalize_with_offsets(text)
    k = 0
    while k < len(norm):
        j = k + 1
        while j < len(norm) and off[j] == off[k]:
            j += 1
        piece = text[off[k]:off[j]]
        assert normalize(piece) == norm[k:j], (piece, norm[k:j])
        k = j


@SETTINGS
@given(any_text)
def test_token_offsets_slice_back_and_cover_every_visible_char_once(text):
    spans = token_spans(text)
    toks = tokenize(text)
    assert toks == [text[s:e] for s, e, _ in spans]
    covered = np.zeros(len(text), dtype=int)
    last_end = 0
    for s, e, kind in spans:
        assert kind in {"word", "number", "punct"}
        assert last_end <= s < e <= len(text)
        last_end = e
        covered[s:e] += 1
    for k, c in enumerate(text):
        if covered[k] == 0:
            # dropped: whitespace, or a char normalisation deletes, or one
            # whose normalisation is only whitespace
            assert c.isspace() or c in DELETED or normalize(c).isspace() or normalize(c) == "", (k, c)
        else:
            assert covered[k] == 1


@SETTINGS
@given(any_text)
def test_tokens_are_nonempty_and_not_padded_with_whitespace(text):
    for tok in tokenize(text):
        assert tok and tok.strip() == tok


@SETTINGS
@given(any_text)
def test_tokenize_is_idempotent_on_joined_tokens(text):
    # No restriction needed: tokens never contain whitespace, every decision
    # at a token edge looks only at the neighbouring non-space character
    # (lookaheads for domains/initials fail on a space too), and a chunk that
    # normalisation expands is always inside one token, so a space between
    # tokens changes nothing. Characters whose normalisation is several
    # tokens' worth ("½" -> "1⁄2", "㍱" -> "hPa") stay one merged token.
    toks = tokenize(text)
    assert tokenize(" ".join(toks)) == toks


@settings(max_examples=2 * EXAMPLES, deadline=None)
@given(news_like)
def test_tokenize_idempotent_news_like(text):
    toks = tokenize(text)
    assert tokenize(" ".join(toks)) == toks


def test_a_line_break_carrying_combining_marks_stays_out_of_the_sentence():
    # found by the property below: "\n" + marks is one chunk of the
    # normalised text, so the sentence's span began at the line break
    for text in ("\n\u0300\U0001d165", "Satu.\n\u0300dua", "a\n\u0301"):
        spans = sentence_spans(text)
        assert spans and all("\n" not in text[s:e] for s, e in spans), (text, spans)
        assert text[spans[-1][0]] in "\u0300\u0301"  # the sentence starts at the mark


@SETTINGS
@given(any_text)
@example(text=".,0")  # a ".," join found by hypothesis in a make test run
def test_sentence_spans_are_ordered_trimmed_and_cover_tokens(text):
    spans = sentence_spans(text)
    assert sentences(text) == [text[s:e] for s, e in spans]
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert "\n" not in text[s:e]  # paragraph breaks always end a sentence
        last = e
    # every token lies inside exactly one sentence
    ends = {b for _, b in spans}
    for s, e, _ in token_spans(text):
        inside = [1 for a, b in spans if a <= s and e <= b]
        if text[s:e] == "," and s in ends and not inside:
            # the comma of a scrape's ".," paragraph join right after a sentence end: like
            # a line break it belongs to no sentence (text.sentences.paragraphs)
            continue
        assert len(inside) == 1, (text[s:e], spans)


@SETTINGS
@given(any_text)
def test_quote_spans_are_ordered_and_within_one_paragraph(text):
    spans = quote_spans(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert "\n" not in text[s:e]
        last = e


@SETTINGS
@given(any_text)
def test_mark_free_text_gets_the_same_tokens_from_both_regex_variants(text):
    # tokenize uses the slower mark-aware expression only when the text has
    # a combining mark; without marks both expressions must agree.
    from bingkai.text.tokens import _has_marks, _token_re_variant

    norm = normalize(text)
    if _has_marks(norm):
        return
    assert (_token_re_variant(True).findall(norm) == _token_re_variant(False).findall(norm))


@SETTINGS
@given(any_text)
def test_leading_space_matches_tile_the_text(text):
    # _token_arrays derives offsets from match lengths alone: the matches of
    # the leading-whitespace expression must tile the text up to trailing
    # whitespace.
    from bingkai.text.tokens import _token_re

    joined = "".join(_token_re(text, leading_space=True).findall(text))
    assert text.startswith(joined)
    assert text[len(joined):].isspace() or len(joined) == len(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ9_-–— .Éé²ﾟ\u0301", max_size=12))
@example("Israel-Iran")
@example("-Iran")
@example("9-Iran")
@example("é-Éa")
def test_has_pair_is_the_pair_regex(text):
    """Issue 24: the dash-first search gives the letter-dash-capital regex's answer."""
    from bingkai.text import tokens as tokens_module

    assert tokens_module._has_pair(text) == (tokens_module._PAIR_ANY_RE.search(text) is not None)


def _paragraphs_line_by_line(al):
    """The paragraphs as first written: every line with a comma searched for joins."""
    from bingkai.text.sentences import _joins

    norm, out, pa = al.norm, [], 0
    for line in norm.split("\n"):
        pb, a = pa + len(line), pa
        if "," in line:
            for cut in _joins(norm, pa, pb):
                out.append((a, cut - 1))
                a = cut
        out.append((a, pb))
        pa = pb + 1
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["WIB.,Hingga", ".,", "S.H.,", "M.H.", " ", "\n", "kata", ",",
                                 "?,\"Ya", "!,", "a.,b", "\t", "Dia."]), max_size=12).map("".join))
@example("pukul 21.00 WIB.,Hingga\nkata.,Dia\nlalu, \"ya.,\"Kata")
def test_paragraphs_find_the_joins_of_every_line(text):
    """Issue 24: one search of the whole text picks the lines to look at; the
    paragraphs are those of searching every line with a comma."""
    from bingkai.text.normalize import align
    from bingkai.text.sentences import paragraph_starts, paragraphs

    al = align(text)
    paras = paragraphs(al)
    assert paras == _paragraphs_line_by_line(al)
    assert np.array_equal(paragraph_starts(al, paras), paragraph_starts(al))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=8) | st.text(max_size=4))
def test_token_form_fast_path_is_the_normalised_form(token):
    """Issue 24: ASCII letters and digits come back as they are, as normalising says."""
    from bingkai.text.normalize import align, token_form

    norm = align(token).norm  # token_form's steps without the shortcut
    if norm.isascii() and " " not in norm:
        expected = norm
    else:
        expected = "".join(norm.split()) if any(c.isspace() for c in norm) else norm
    assert token_form(token) == expected
