"""The boilerplate prefilters run on RE2 where it answers as Python's re would (issue 24:
the backtracking engine tried the ``.*``-led and lookbehind alternatives at every position of
every line): ``may_match`` gives re's answer on every text for expressions without
lookarounds, and never says no where re says yes for those with them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bingkai.clean import rules
from bingkai.clean.rules import _without_lookarounds, may_match

# letters, digits, spaces (the odd ASCII ones too), punctuation the rules look for, non-ASCII
ALPHABET = st.sampled_from(list("abcdeiklnosuvyABKSZ019 .,:!?()[]/-_\"'") +
                           ["\t", "\x0b", "\x1c", "\n", "é", "K", "ſ", "İ", "\u00a0", "“", "’", "：", "–"])
TEXT = st.text(ALPHABET, max_size=60)
WORDS = ["baca juga", "BACA  Juga:", "share", "powered by", "disable adblock", "(kha)", "(ant/ab)",
         "Foto: dok. x", "[gambas: video]", "Kelvin", "ſhare", "İnfo"]


def _prefilters():
    bp = rules.default_boilerplate()
    out = [p for p in (bp.line_any or ()) if p is not None]
    return out + [p for p in bp.cut_any.values() if p is not None]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, st.sampled_from(WORDS)), max_size=5).map(" ".join), st.data())
def test_prefilters_answer_as_re(text, data):
    for pattern in _prefilters():
        pos = data.draw(st.integers(0, len(text)))
        for search in (False, True):
            want = (pattern.search(text, pos) if search else pattern.match(text, pos)) is not None
            got = may_match(pattern, text, pos, search=search)
            if re.search(r"\(\?<?[=!]", pattern.pattern):
                assert got or not want   # lookarounds dropped: a yes too many at most
            else:
                assert got == want, (pattern.pattern[:80], text, pos, search)


@pytest.mark.parametrize("expression, text", [
    (r"c\s\Z", "abc\x0b"),        # RE2's \s lacks the vertical tab
    (r"\w+\Z", "abcé"),          # non-ASCII word character
    (r"k\Z", "K"),               # the Kelvin sign folds to k in re
    (r"abc$", "abc\n"),          # $ before a final newline in re only
    (r"\w\Z", "a“é"),           # a non-ASCII letter after punctuation: re decides
])
def test_where_the_engines_differ_re_decides(expression, text):
    pattern = re.compile(expression, re.IGNORECASE)
    assert may_match(pattern, text, search=True) == (pattern.search(text) is not None)


@pytest.mark.parametrize("expression, want", [
    (r"(?<=[.!?])\s*baca", r"\s*baca"),
    (r"a(?=b[)])c", "ac"),
    (r"x(?<!\()y", "xy"),
    (r"[(?=]z", r"[(?=]z"),           # in a class: not a group
    (r"a(?=(b|c)d)e", "ae"),          # nested groups go with it
    (r"[]a(]x(?=y)", r"[]a(]x"),      # a leading ] is a literal
    (r"[^]a]q(?!\))r", r"[^]a]qr"),
    (r"\(?=x", r"\(?=x"),             # an escaped parenthesis
])
def test_without_lookarounds(expression, want):
    assert _without_lookarounds(expression) == want


def test_an_expression_re2_cannot_compile_takes_re():
    pattern = re.compile(r"(a)\1", re.IGNORECASE)  # a back reference: not RE2 syntax
    assert rules._re2_version(pattern.pattern, pattern.flags) is None
    assert may_match(pattern, "aa") and not may_match(pattern, "ab")


@pytest.mark.parametrize("text, agrees", [
    ("Baca juga: harga naik", True), ("“Kami menolak,” katanya – Jakarta：", True),
    ("café", False), ("Ķ", False), ("a\u00a0b", False), ("a\x0bb", False), ("a\nb", False),
    ("dua²", False), ("ſ", False), ("\u212a", False),
])
def test_where_re2_is_asked(text, agrees):
    """RE2 answers for text of ASCII and non-ASCII punctuation; a non-ASCII letter, digit,
    space or cased character, or an ASCII character RE2 classes differently, goes to re."""
    assert rules.re2_agrees(text) is agrees
