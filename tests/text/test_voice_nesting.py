"""Voice with nested quotations of different kinds (issue 15): a quote of
another family inside an open quotation nests instead of closing it."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bingkai.text.quotes import quote_spans
from bingkai.text.tokens import token_spans


def voice_of(text: str) -> dict[str, list[str]]:
    """token -> voices of its occurrences, from quote_spans (the tokens-table rule)."""
    spans = quote_spans(text)
    out: dict[str, list[str]] = {}
    for s, e, _ in token_spans(text):
        out.setdefault(text[s:e], []).append("quoted" if any(a <= s < b for a, b in spans) else "narrator")
    return out


@pytest.mark.parametrize("text, quoted, narrator", [
    # the failure of the issue: straight quotes inside curly ones ended the quotation at "teroris"
    ('“Kami menyebut mereka "teroris" karena menyerang warga,” kata juru bicara itu.',
     ["Kami", "teroris", "karena", "menyerang", "warga"], ["kata", "juru", "bicara", "itu"]),
    # curly inside straight
    ('"Mereka disebut “pemberontak” oleh media asing," ujarnya kemarin.',
     ["Mereka", "pemberontak", "oleh", "media", "asing"], ["ujarnya", "kemarin"]),
    # curly inside guillemets
    ("«Ini bukan “operasi khusus” biasa», tulis redaksi.",
     ["Ini", "operasi", "khusus", "biasa"], ["tulis", "redaksi"]),
    # an inner quotation never closed ends with the outer one
    ('“Dia bilang "cukup sudah lalu pergi,” tulis wartawan itu.',
     ["Dia", "cukup", "pergi"], ["tulis", "wartawan"]),
    # two levels: straight inside curly inside guillemets
    ('«Menurut saya “istilah "teroris" itu keliru” sekali», katanya.',
     ["Menurut", "istilah", "teroris", "keliru", "sekali"], ["katanya"]),
])
def test_nested_quotations_of_another_kind(text, quoted, narrator):
    voices = voice_of(text)
    for word in quoted:
        assert set(voices[word]) == {"quoted"}, word
    for word in narrator:
        assert set(voices[word]) == {"narrator"}, word


def test_same_kind_behaviour_is_unchanged():
    # a straight quote closing a curly one (common in scraped text) still closes it
    voices = voice_of('“Kami tidak mundur," kata komandan. "Kami bertahan," tambahnya.')
    assert voices["kata"] == ["narrator"] and voices["tambahnya"] == ["narrator"]
    assert voices["mundur"] == ["quoted"] and voices["bertahan"] == ["quoted"]
    # a second curly opener while one is open: the first was never closed
    voices = voice_of("“Kami tidak mundur, kata dia. “Kami bertahan,” tambahnya.")
    assert voices["bertahan"] == ["quoted"] and voices["tambahnya"] == ["narrator"]


# (opener, closer, family): quotes of one family close each other
FAMILIES = [("“", "”", "curly"), ('"', '"', "straight"), ("«", "»", "guillemet"), ("„", "“", "curly")]
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@settings(max_examples=100, deadline=None)
@given(outer=st.sampled_from(FAMILIES), inner=st.sampled_from(FAMILIES), a=word, b=word, c=word)
def test_a_nested_quotation_is_inside_one_span_of_the_outer(outer, inner, a, b, c):
    assume(outer[2] != inner[2])  # the same family closes or reopens, it does not nest
    text = f"{outer[0]}{a} {inner[0]}{b}{inner[1]} {c}{outer[1]} kata dia."
    assert quote_spans(text) == [(0, text.index(f"{c}{outer[1]}") + len(c) + 1)]
