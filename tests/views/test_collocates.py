"""Collocation measures against published examples, and window counting by hand.

Published examples: Manning & Schütze (1999), *Foundations of Statistical
NLP*, ch. 5 (N = 14,307,668 tokens of New York Times newswire):
t-test for "new companies" (C(new) = 15,828, C(companies) = 4,675,
C(new companies) = 8) -> t = 0.999932; pointwise mutual information for
"Ayatollah Ruhollah" (C = 42, 20, 20) -> I = 18.38.
logDice: Rychlý (2008) -- maximum 14 when the two words only occur together.
LL: SciPy's independent G-test over the 2×2 table
(``chi2_contingency(..., lambda_="log-likelihood", correction=False)``).
"""

from __future__ import annotations

import math
import sys
import types

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

import bingkai
import bingkai.views.collocates as collocates_module
from bingkai.stats import ASSOCIATION_COLUMNS as SCORE_COLUMNS
from bingkai.views.collocates import COLLOCATE_COLUMNS, collocates
from bingkai.constants import PARTS
from bingkai.errors import BingkaiInputError
from bingkai import stats

NYT = 14_307_668


def test_manning_schutze_t_score_new_companies():
    row = stats.association(8, 15_828, 4_675, NYT).iloc[0]
    assert round(row["t_score"], 6) == 0.999932
    assert row["expected"] == pytest.approx(15_828 * 4_675 / NYT, rel=1e-12)


def test_manning_schutze_mi_ayatollah_ruhollah():
    row = stats.association(20, 42, 20, NYT).iloc[0]
    assert round(row["mi"], 2) == 18.38
    assert row["mi"] == pytest.approx(math.log2(20 * NYT / (42 * 20)), rel=1e-12)


def test_log_dice_by_hand():
    out = stats.association([5, 1, 2], [5, 1, 10], [5, 3, 6], 1000)
    # always together -> Rychlý's maximum 14; 2·1/(1+3) = 1/2 -> 13; 2·2/16 = 1/4 -> 12
    assert out["log_dice"].tolist() == pytest.approx([14.0, 13.0, 12.0], rel=1e-12)


def test_columns_and_zero_cooccurrence():
    out = stats.association(0, 10, 20, 1000)
    assert list(out.columns) == SCORE_COLUMNS
    row = out.iloc[0]
    assert row["mi"] == -math.inf and row["log_dice"] == -math.inf and row["t_score"] == -math.inf
    # table [[0, 10], [20, 970]]: G² from SciPy
    ref = chi2_contingency([[0, 10], [20, 970]], correction=False, lambda_="log-likelihood")
    assert row["ll"] == pytest.approx(ref.statistic, rel=1e-9)


def test_ll_nan_when_counts_are_not_a_table():
    # o11 > f2: a collocate counted in the windows of more node occurrences than it occurs
    assert math.isnan(stats.association(3, 4, 2, 100).iloc[0]["ll"])


@pytest.mark.parametrize(("args", "word"), [
    ((-1, 2, 3, 10), "negative"),
    ((1, 0, 3, 10), "> 0"),
    ((1, 2, 30, 10), "larger"),
])
def test_bad_counts_raise_input_error(args, word):
    with pytest.raises(BingkaiInputError, match=word):
        stats.association(*args)


@settings(max_examples=150, deadline=None)
@given(o11=st.integers(0, 500), x12=st.integers(0, 500), x21=st.integers(0, 500),
       x22=st.integers(0, 100_000))
def test_ll_is_scipy_g_test_over_four_cells(o11, x12, x21, x22):
    f1, f2 = o11 + x12, o11 + x21
    n = o11 + x12 + x21 + x22
    if f1 == 0 or f2 == 0 or f1 == n or f2 == n:
        return  # a margin of 0 leaves SciPy with a zero expected cell
    row = stats.association(o11, f1, f2, n).iloc[0]
    ref = chi2_contingency([[o11, x12], [x21, x22]], correction=False, lambda_="log-likelihood")
    assert row["ll"] == pytest.approx(ref.statistic, rel=1e-8, abs=1e-8)
    assert row["ll"] >= 0
    if o11 > 0:
        assert row["mi"] == pytest.approx(math.log2(o11 / row["expected"]), rel=1e-12, abs=1e-12)
        assert np.sign(row["t_score"]) == np.sign(row["mi"]) or row["mi"] == pytest.approx(0, abs=1e-12)
        assert row["log_dice"] <= 14.0 + 1e-12


# ---------------------------------------------------------------- corpus level

def _tokens(docs: dict[str, list[str]]) -> pd.DataFrame:
    """A tokens frame like bingkai.tokens: one body paragraph per doc, sentences
    split at ".", tokens separated by spaces (punctuation given as own tokens)."""
    rows = []
    for doc_id, sentences in docs.items():
        i = pos = 0
        body = " ".join(sentences)
        for s, sentence in enumerate(sentences):
            for tok in sentence.split(" "):
                kind = "punct" if tok in {",", "."} else ("number" if tok.isdigit() else "word")
                start = body.index(tok, pos)
                rows.append({"doc_id": doc_id, "outlet": "x", "part": "body", "para": 0,
                             "sent": s, "i": i, "token": tok, "lower": tok.lower(),
                             "kind": kind, "start": start, "end": start + len(tok),
                             "voice": "narrator"})
                pos = start + len(tok)
                i += 1
    return pd.DataFrame(rows)


# d1: two sentences; d2: "rezim , rezim" (punctuation is skipped by windows)
DOCS = {
    "d1": ["Pasukan rezim Assad menyerang kota .", "Rezim runtuh ."],
    "d2": ["milisi rezim , rezim menyerang 2024 ."],
}


def test_window_counts_by_hand():
    out = collocates(None, ["rezim"], window=2, tokens=_tokens(DOCS))
    assert list(out.columns) == COLLOCATE_COLUMNS
    got = out.set_index("collocate")
    # node occurrences: d1 s0, d1 s1, d2 ×2 -> f1 = 4; word tokens: 7 + 4 = 11
    assert (got["f1"] == 4).all() and (got["n"] == 11).all()
    expected_o11 = {"pasukan": 1, "assad": 1, "menyerang": 3, "runtuh": 1, "milisi": 2, "rezim": 2}
    assert got["o11"].to_dict() == expected_o11
    # "kota" is 3 words right of the node; "2024" is a number, not a word
    assert "kota" not in got.index and "2024" not in got.index
    assert got.loc["menyerang", "f2"] == 2 and got.loc["rezim", "f2"] == 4
    row = stats.association(1, 4, 1, 11).iloc[0]
    assert got.loc["pasukan", "mi"] == pytest.approx(row["mi"], rel=1e-12)
    assert got.loc["pasukan", "ll"] == pytest.approx(row["ll"], rel=1e-12)
    # o11 > f2 for "menyerang" (3 > 2): no valid 2×2 table -> nan, sorted last
    assert math.isnan(got.loc["menyerang", "ll"])
    assert out["ll"].isna().tolist()[-1]


def test_windows_stop_at_sentence_and_document_boundaries():
    out = collocates(None, ["runtuh"], window=5, tokens=_tokens(DOCS)).set_index("collocate")
    # "runtuh" ends d1; the previous sentence and d2 are out of reach
    assert out.index.tolist() == ["rezim"]


def test_multiword_node_and_min_freq():
    toks = _tokens(DOCS)
    out = collocates(None, ["rezim", "assad"], window=2, tokens=toks).set_index("collocate")
    assert (out["f1"] == 1).all()
    assert sorted(out.index) == ["kota", "menyerang", "pasukan"]
    none = collocates(None, ["rezim"], window=2, tokens=toks, min_freq=4)
    assert none.empty and list(none.columns) == COLLOCATE_COLUMNS


def test_phrase_does_not_match_across_punctuation():
    toks = _tokens({"d1": ["rezim , assad menyerang ."]})
    out = collocates(None, ["rezim", "assad"], tokens=toks)
    assert out.empty
    # but a single-word node still sees across the comma (punctuation uses no window slot)
    single = collocates(None, ["rezim"], window=1, tokens=toks)
    assert single["collocate"].tolist() == ["assad"]


def test_string_node_is_normalised_and_tokenised_like_the_text():
    toks = _tokens({"d1": ["pasukan Hay'at Tahrir menyerang ."]})
    # curly apostrophe and capitals in the query still match the lower column
    out = collocates(None, "Hay\u2019at  TAHRIR", window=1, tokens=toks)
    assert out["collocate"].tolist() == ["menyerang", "pasukan"]
    assert (out["f1"] == 1).all()


def test_absent_node_gives_empty_frame():
    out = collocates(None, ["teroris"], tokens=_tokens(DOCS))
    assert out.empty and list(out.columns) == COLLOCATE_COLUMNS


def test_deterministic_order():
    toks = _tokens(DOCS)
    a = collocates(None, ["rezim"], window=2, tokens=toks)
    b = collocates(None, ["rezim"], window=2, tokens=toks.sample(frac=1, random_state=0))
    pd.testing.assert_frame_equal(a, b)
    valid = a.dropna(subset=["ll"])
    assert valid["ll"].is_monotonic_decreasing


@pytest.mark.parametrize(("kwargs", "word"), [
    ({"match": "lemma"}, "node kind"),
    ({"window": 0}, "window"),
    ({"unit": "stem"}, "unit"),
])
def test_bad_arguments(kwargs, word):
    with pytest.raises(BingkaiInputError, match=word):
        collocates(None, ["rezim"], tokens=_tokens(DOCS), **kwargs)


def test_label_node_from_label_occurrences(monkeypatch):
    toks = _tokens(DOCS)
    body_d1 = "Pasukan rezim Assad menyerang kota . Rezim runtuh ."
    start = body_d1.index("rezim")
    occ = pd.DataFrame({
        "doc_id": ["d1", "d1"], "outlet": ["x", "x"], "part": ["body", "body"],
        "label": ["rezim", "rezim"], "frame": ["f", "f"], "variant": ["rezim", "rezim Assad"],
        "sent": [0, 1], "start": [start, body_d1.index("Rezim")],
        "end": [start + len("rezim Assad"), body_d1.index("Rezim") + 5],
        "voice": ["narrator", "narrator"], "actor": ["assad", None],
        "actor_basis": ["x", None], "sentence": ["", ""],
    })
    fake = types.ModuleType("bingkai.views.framing")
    fake.label_occurrences = lambda corpus, **kw: occ
    # collocates reads label occurrences through its module's `framing`
    monkeypatch.setattr(collocates_module, "framing", fake)
    corpus = pd.DataFrame({"doc_id": ["d1", "d2"]})
    by_label = collocates(corpus, "rezim", match="label", window=2, tokens=toks).set_index("collocate")
    # the first occurrence covers "rezim Assad" (two words); f1 = 2
    assert (by_label["f1"] == 2).all()
    assert by_label["o11"].to_dict() == {"pasukan": 1, "menyerang": 1, "kota": 1, "runtuh": 1}
    by_actor = collocates(corpus, "assad", match="actor", window=1, tokens=toks).set_index("collocate")
    assert (by_actor["f1"] == 1).all()
    assert sorted(by_actor.index) == ["menyerang", "pasukan"]
    # an id missing from the lexicon is a typo: error naming the lexicon file
    lex = types.ModuleType("bingkai.lexicon.packs")
    lex.load_labels = lambda path=None: pd.DataFrame({"label": ["rezim", "teroris"]})
    monkeypatch.setitem(sys.modules, "bingkai.lexicon.packs", lex)
    monkeypatch.setattr(bingkai, "lexicon", lex, raising=False)
    with pytest.raises(BingkaiInputError, match="labels.csv"):
        collocates(corpus, "no-such-label", match="label", tokens=toks)
    # a known label that simply does not occur gives an empty frame
    assert collocates(corpus, "teroris", match="label", tokens=toks).empty


def test_seed_corpus_node_frequency_matches_a_regex_count(seed_corpus):
    import importlib.util
    import re
    from pathlib import Path

    articles = Path(__file__).resolve().parents[2] / "corpus" / "articles.jsonl"
    if not articles.exists() or importlib.util.find_spec("bingkai.io.seed") is None:
        pytest.skip("built corpus or bingkai.io.seed not available yet")
    corpus = seed_corpus.copy()
    out = collocates(corpus, "Teroris", window=5, parts=PARTS)
    # independent count: whole-word, case-insensitive "teroris" in title, subtitle and body
    fields = corpus["title"] + "\n" + corpus["subtitle"] + "\n" + corpus["text"]
    expected = sum(len(re.findall(r"(?<![\w-])teroris(?![\w-])", f, flags=re.IGNORECASE))
                   for f in fields)
    assert expected > 0
    assert (out["f1"] == expected).all()
    assert (out["o11"] <= 2 * 5 * expected).all()  # at most 2·window words per occurrence
