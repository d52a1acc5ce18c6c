"""kwic reads each hit's context around it (issue 24): a token query finds its types in the
vocabulary, and no per-token structure (lower-form ids, paragraph bounds, context positions)
is built for it, so the first call after ``Corpus.load`` costs about what a repeat does. The
lines equal an oracle written from ``bingkai.tokens`` however far the words are apart."""

from __future__ import annotations

from unittest import mock

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bingkai
from bingkai.constants import PARTS
from bingkai.views import kwic as kwic_module
from bingkai.views.kwic import kwic

from test_tfidf import make_corpus

_PIECES = ["teroris", "Teroris", "kota", "pasukan", "10", ",", ".", "\u201c", "\u201d", "(", ")", "-", "!",
           "...", " ", "\n"]


def oracle(frame: pd.DataFrame, query: str, window: int, sort: str | None) -> pd.DataFrame:
    """Each token whose lower form is ``query``; its left/right context cut from the text
    at the ``window``-th word or number token of its paragraph on that side, or at the
    paragraph's edge when there are fewer."""
    toks = bingkai.tokens(frame, parts=PARTS)
    rows = []
    for (doc_id, part, _para), run in toks.groupby(["doc_id", "part", "para"], sort=False):
        run = run.reset_index(drop=True)
        text = frame.set_index("doc_id").loc[doc_id, {"body": "text"}.get(part, part)]
        counted = run.index[run["kind"] != "punct"].tolist()
        for k in run.index[run["lower"] == query]:
            before = [j for j in counted if j < k][::-1][:window]
            after = [j for j in counted if j > k][:window]
            lo = run.loc[before[-1] if before and len(before) == window else 0, "start"]
            hi = run.loc[after[-1] if after and len(after) == window else len(run) - 1, "end"]
            s, e = run.loc[k, "start"], run.loc[k, "end"]
            key = ""
            if sort:
                n, side = int(sort[:-1]), sort[-1]
                words = before if side == "L" else after
                key = run.loc[words[n - 1], "lower"] if len(words) >= n else ""
            rows.append((key, doc_id, PARTS.index(part), s, text[min(lo, s):s].strip() if window else "",
                         text[s:e], text[e:max(hi, e)].strip() if window else ""))
    out = pd.DataFrame(rows, columns=["_key", "doc_id", "_part", "start", "left", "match", "right"])
    keys = (["_key"] if sort else []) + ["doc_id", "_part", "start"]
    return out.sort_values(keys, kind="stable")[["doc_id", "left", "match", "right"]].reset_index(drop=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60), min_size=1, max_size=3),
       st.integers(0, 5), st.sampled_from([None, "1L", "2R", "3L"]), st.integers(0, 3))
def test_lines_equal_the_oracle_whatever_the_reach(docs, window, sort, reach):
    frame = make_corpus([" ".join(p).strip() or "kota" for p in docs])
    if sort and int(sort[:-1]) > window:
        sort = None
    index = bingkai.index(frame, progress=False)
    with mock.patch.object(kwic_module, "_REACH", reach):  # tiny: contexts looked for further out
        got = kwic(index, "teroris", window=window, sort=sort, parts=PARTS)
    want = oracle(frame, "teroris", window, sort)
    pd.testing.assert_frame_equal(got[["doc_id", "left", "match", "right"]].astype(object),
                                  want.astype(object), check_index_type=False)


def test_a_token_query_builds_no_per_token_structure(synthetic_index, tmp_path):
    folder = synthetic_index.save(tmp_path / "ix")
    loaded = bingkai.Corpus.load(folder)
    expected = kwic(bingkai.Corpus.load(folder), "pemerintah", sort="1R", context="yang")
    assert len(expected)
    for name in ("lower_ids", "token_lower", "field_list"):
        setattr(loaded, name, mock.Mock(side_effect=AssertionError(f"{name} was built")))
    got = kwic(loaded, "pemerintah", sort="1R", context="yang")
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("reach", [0, 1, 5])
def test_the_reach_changes_nothing_on_a_real_index(synthetic_index, reach):
    calls = [("pemerintah", {}), ("pemerintah", {"window": 20, "sort": "12L"}), (",", {"window": 3}),
             ("kata", {"sort": "2R", "parts": PARTS}), ("pemerintah indonesia", {"window": 1})]
    want = [kwic(synthetic_index, q, **kw) for q, kw in calls]
    with mock.patch.object(kwic_module, "_REACH", reach):
        for (q, kw), w in zip(calls, want):
            pd.testing.assert_frame_equal(kwic(synthetic_index, q, **kw), w)
