"""The tokeniser's shortcuts for short and ASCII text give what its Unicode-wide tables give (issue 24).

A process's first tokenisation of a short text (a kwic query, a lexicon variant) no longer
builds the mark classes and kind table of all of Unicode (~45 ms); the whole-Unicode
versions are the oracles.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bingkai.text import tokens as T

# characters around the places that matter: ASCII, Latin with combining accents, Devanagari
# and Arabic marks, plane-1 marks, variation selectors (plane 14) and plane-2 ideographs
ALPHABET = st.sampled_from([chr(c) for c in (
    *range(0x20, 0x80), 0x301, 0x308, 0x93F, 0x94D, 0x64E, 0x651, 0x1D165, 0x1D167, 0x101FD,
    0xE0100, 0xE01EF, 0x20000, 0x2A700, 0xE9, 0x130, 0x2019, 0x10000)])


def _classes_say_marks(text: str) -> bool:
    _, bmp, smp = T._marks()
    return bmp.search(text) is not None or (T._SUPPLEMENTARY_RE.search(text) is not None
                                            and smp.search(text) is not None)


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=12))
def test_short_texts_have_marks_as_the_classes_say(text):
    assert T._has_marks(text) == _classes_say_marks(text)


def test_long_texts_still_use_the_classes():
    text = "a" * T._SHORT_TEXT + "\u0301"
    assert T._has_marks(text) and T._has_marks(text[:-1]) is False


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7F), min_size=1, max_size=40))
def test_ascii_kinds_are_the_planes_kinds(text):
    assert T._kind_codes(text).tolist() == T._bmp_kind_codes()[[ord(c) for c in text]].tolist()
