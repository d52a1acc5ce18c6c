"""The outlet-name scan finds what ``re.IGNORECASE`` finds, by its faster route (issue 24).

(The finder lives in ``bingkai.clean.outlet_names``; this file stays beside the views that
drop the names.)

``outlet_name_terms`` scans every text twice; ``_finder`` does it case-sensitively on the
lower-cased text, after an RE2 pass that rules out texts with no candidate, and falls back
to ``re.IGNORECASE`` where the two could differ. ``re.IGNORECASE`` on the original text is
the oracle, including the letters it matches to ASCII other than by ``str.lower``.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bingkai.clean.datelines import RE2_SPACE
from bingkai.clean.outlet_names import _finder

TERMS = ("cnn indonesia", "kompas.com", "kompas", "suara", "id", "antara", "sindonews")
MAIN = r"(?<![\w.])(" + "|".join(re.escape(t) for t in sorted(TERMS, key=len, reverse=True)) + r")(?![\w]|\.\w)"
SPLITS = (("cnn", "indonesia"), ("sindo", "news"), ("kom", "pas"))
SPACED = r"(?<![\w.])(?:" + "|".join(rf"{re.escape(a)}\s+{re.escape(b)}(?!\w)" for a, b in SPLITS) + ")"
NECESSARY = "|".join(rf"{re.escape(a)}[{RE2_SPACE}]+{re.escape(b)}" for a, b in SPLITS)


def oracle(pattern: str, text: str) -> list[str]:
    return [found.casefold() for found in re.compile(pattern, re.IGNORECASE).findall(text)]


def fast(pattern: str, text: str, necessary: str | None = None) -> list[str]:
    terms = [w for pair in SPLITS for w in pair] if necessary else TERMS
    return _finder(pattern, terms, necessary)(text)


WRITTEN = ("Jakarta, KOMPAS.com - kata dia kepada Kompas.com.", "CNN Indonesia\u00a0Indonesia",
           "cnn\u2009indonesia dan SINDO   NEWS", "sindonews.com", "kompas.comx kompas.co.id",
           "Suara ſuara",
           "kata ſindo news", "ıd dan ID", "İD kompas", "Indonesia KOMPAS.com", "antara.id antara-kita", "Kom\x85pas kom\x1cpas")


def test_written_texts_found_as_re_ignorecase_finds():
    for text in WRITTEN:
        assert fast(MAIN, text) == oracle(MAIN, text), text
        assert fast(SPACED, text, NECESSARY) == oracle(SPACED, text), text
    # the texts do find names, both ways
    assert sum(bool(oracle(MAIN, t)) for t in WRITTEN) >= 4
    assert sum(bool(oracle(SPACED, t)) for t in WRITTEN) >= 2


PIECES = st.sampled_from(TERMS + ("cnn", "indonesia", "sindo", "news", "kom", "pas", " ", ".", ",", "-", "x",
                                  "\u00a0", "\u2009", "\x85", "\x1c", "\u0130", "\u0131", "\u017f", "\u212a",
                                  "S", "D", "I", "K", "CNN", "KOMPAS"))


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=10).map("".join))
def test_any_text_found_as_re_ignorecase_finds(text):
    assert fast(MAIN, text) == oracle(MAIN, text)
    assert fast(SPACED, text, NECESSARY) == oracle(SPACED, text)
