"""The CQL subset of ``bingkai.query``: a table of queries x hand-written
sentences -> the matches counted by hand (token indices written out below),
including empty results and syntax errors with their positions; then the
query against the token table on the synthetic corpus."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import bingkai
from bingkai.constants import PARTS
from bingkai.views.query import QUERY_COLUMNS, match_spans, parse
from bingkai.errors import BingkaiInputError

# Hand-written sentences (no scraped text). Token indices i, counted by hand:
# s1 body (title empty):
#   0 Pasukan 1 pemerintah 2 menyerang 3 kota 4 .            (sentence 0)
#   5 Menurut 6 Rusia 7 , 8 " 9 para 10 teroris 11 " 12 menyerang 13 pos 14 HTS 15 .   (sentence 1)
# s2 body, two paragraphs:
#   0 Pasukan 1 itu 2 dan 3 HTS 4 bergerak 5 ke 6 utara 7 .   (sentence 0)
#   8 Serangan 9 balasan 10 terjadi 11 .                      (sentence 1)
# s3 title: 0 Pasukan 1 HTS (sentence 0); body:
#   2 Kelompok 3 HTS 4 menyerbu 5 .  (sentence 1)   6 Pasukan 7 mundur 8 .  (sentence 2)
ARTICLES = pd.DataFrame([
    ("s1", "A", "", "", 'Pasukan pemerintah menyerang kota. Menurut Rusia, "para teroris" menyerang pos HTS.'),
    ("s2", "B", "", "", "Pasukan itu dan HTS bergerak ke utara.\nSerangan balasan terjadi."),
    ("s3", "B", "Pasukan HTS", "", "Kelompok HTS menyerbu. Pasukan mundur."),
], columns=["doc_id", "outlet", "title", "subtitle", "text"])

PASUKAN = [("s1", "body", 0, 0, 1, "Pasukan"), ("s2", "body", 0, 0, 1, "Pasukan"),
           ("s3", "title", 0, 0, 1, "Pasukan"), ("s3", "body", 2, 6, 7, "Pasukan")]
HTS_NEAR = [("s2", "body", 0, 0, 4, "Pasukan itu dan HTS"), ("s3", "title", 0, 0, 2, "Pasukan HTS")]

# query -> [(doc_id, part, sent, token_start, token_end, match)]
TABLE = [
    ('[lower="pasukan"]', PASUKAN),
    ('[lower="pasukan"]?', PASUKAN),  # an empty match is never reported
    ('[lower="pasukan"] []{0,3} [actor="hts"]', HTS_NEAR),
    ('[lower="pasukan"] []{0,3} [actor="hts"] within s', HTS_NEAR),
    ('[stem="serang"]', [("s1", "body", 0, 2, 3, "menyerang"), ("s1", "body", 1, 12, 13, "menyerang"),
                         ("s2", "body", 1, 8, 9, "Serangan")]),
    ('[stem="serang" & voice="quoted"]', []),
    ('[voice="quoted" & kind="word"]+', [("s1", "body", 1, 9, 11, "para teroris")]),
    ('[voice="quoted"]+', [("s1", "body", 1, 8, 12, '"para teroris"')]),
    ('[lower="teror.*"]', [("s1", "body", 1, 10, 11, "teroris")]),
    ('[lower="TERORIS"]', []),
    ('[lower="TERORIS" %c]', [("s1", "body", 1, 10, 11, "teroris")]),
    ('"HTS"', [("s1", "body", 1, 14, 15, "HTS"), ("s2", "body", 0, 3, 4, "HTS"),
               ("s3", "title", 0, 1, 2, "HTS"), ("s3", "body", 1, 3, 4, "HTS")]),
    ('"hts"', []),
    ('[label="teroris"]', [("s1", "body", 1, 9, 10, "para"), ("s1", "body", 1, 10, 11, "teroris")]),
    ('[label="teroris"]+', [("s1", "body", 1, 9, 11, "para teroris")]),
    ('[frame="terror"]{2}', [("s1", "body", 1, 9, 11, "para teroris")]),
    # "Menurut Rusia, ...": Russia speaks the rest of the sentence, quotation included
    ('[speaker="russia"]+', [("s1", "body", 1, 7, 16, ', "para teroris" menyerang pos HTS.')]),
    ('[lower="teroris" & speaker="russia"]', [("s1", "body", 1, 10, 11, "teroris")]),
    ('[lower="teroris" & speaker="no_speaker"]', []),
    ('[actor="russia"] [lower="mengatakan"]', []),
    ('[kind="punct"] [lower="menurut"]', [("s1", "body", 0, 4, 6, ". Menurut")]),
    ('[kind="punct"] [lower="menurut"] within s', []),
    ('[lower="utara"] [] [lower="serangan"]', [("s2", "body", 0, 6, 9, "utara.\nSerangan")]),
    ('[lower="pasukan"] [kind!="punct"]* within s',
     [("s1", "body", 0, 0, 4, "Pasukan pemerintah menyerang kota"),
      ("s2", "body", 0, 0, 7, "Pasukan itu dan HTS bergerak ke utara"),
      ("s3", "title", 0, 0, 2, "Pasukan HTS"), ("s3", "body", 2, 6, 8, "Pasukan mundur")]),
    ('[lower="(dan|itu)"]{2}', [("s2", "body", 0, 1, 3, "itu dan")]),
    ('[!(kind="punct" | kind="number")] [lower="kota"]', [("s1", "body", 0, 2, 4, "menyerang kota")]),
    ('[lower="hts"] [lower="pasukan"]', []),  # title and body are separate parts: no match across
    ('[lower="tidakada"]', []),
]


@pytest.fixture(scope="module")
def corpus():
    return bingkai.index(ARTICLES)


@pytest.mark.parametrize(("cql", "expected"), TABLE, ids=[q for q, _ in TABLE])
def test_query_table(corpus, cql, expected):
    out = bingkai.query(corpus, cql)
    assert list(out.columns) == QUERY_COLUMNS
    got = [tuple(r) for r in out[["doc_id", "part", "sent", "token_start", "token_end", "match"]]
           .itertuples(index=False)]
    assert got == expected
    outlets = dict(zip(ARTICLES["doc_id"], ARTICLES["outlet"]))
    assert out["outlet"].tolist() == [outlets[d] for d in out["doc_id"]]


def test_frame_and_index_give_the_same_rows(corpus):
    cql = '[lower="pasukan"] []{0,3} [actor="hts"]'
    pd.testing.assert_frame_equal(bingkai.query(ARTICLES, cql), bingkai.query(corpus, cql))


def test_match_spans_are_array_positions(corpus):
    spans = match_spans(corpus, '[label="teroris"]+')
    assert spans.dtype == np.int64 and spans.shape == (1, 2)
    lower = corpus.vocab["lower"].to_numpy(dtype=object)[corpus.arrays["type"]]
    assert lower[spans[0, 0]:spans[0, 1]].tolist() == ["para", "teroris"]


# (query, 0-based position named in the error, words of the message)
ERRORS = [
    ('[lower="a" & ]', 13, "expected an attribute name"),
    ('[lower="a"', 10, 'expected "]"'),
    ('[lemma="x"]', 1, "unknown attribute 'lemma'"),
    ('[lower="("]', 8, "invalid regular expression"),
    ("[]{3,1}", 2, "max < min"),
    ("", 0, "expected a token pattern"),
    ("within s", 0, "expected a token pattern"),
    ('[lower="a]', 7, "unterminated string"),
    ('[lower="a"] within x', 19, 'expected "s" after within'),
    ('[lower="a"] ]', 12, "expected a token pattern, a repetition"),
    ('[lower="a"]{x}', 12, "expected a whole number"),
    ('[lower = pasukan]', 9, "expected a quoted value"),
    ("[lower~'a']", 6, "unexpected character '~'"),
]


@pytest.mark.parametrize(("cql", "pos", "words"), ERRORS, ids=[q or "<empty>" for q, _, _ in ERRORS])
def test_syntax_errors_name_the_position(corpus, cql, pos, words):
    with pytest.raises(BingkaiInputError) as err:
        bingkai.query(corpus, cql)
    message = str(err.value)
    assert f"position {pos}:" in message and words in message
    # the caret sits under the named position
    lines = message.split("\n")
    query_line = next(k for k, line in enumerate(lines) if line == "  " + cql)
    assert lines[query_line + 1] == "  " + " " * pos + "^"


def test_parse_builds_items():
    q = parse('[lower="a"] []{0,3} [stem="b"]+ within sentence')
    assert [(i.low, i.high) for i in q.items] == [(1, 1), (0, 3), (1, None)]
    assert q.within_sentence and q.items[1].expr is None
    with pytest.raises(BingkaiInputError, match="string"):
        parse(42)


@pytest.fixture(scope="module")
def synthetic(synthetic_index):
    return synthetic_index


def test_single_token_queries_equal_the_token_table(synthetic):
    toks = synthetic.tokens(PARTS)  # query searches every part
    for word in ("pasukan", "teroris", "yang"):
        out = bingkai.query(synthetic, f'[lower="{word}"]')
        expected = toks[toks["lower"] == word]
        assert len(out) == len(expected) > 0
        assert out["token_start"].tolist() == expected["i"].tolist()
        assert (out["match"].str.lower() == word).all()


def test_two_token_sequence_equals_adjacent_pairs(synthetic):
    toks = synthetic.tokens(PARTS)  # query searches every part
    lower = toks["lower"].to_numpy(dtype=object)
    doc = toks["doc_id"].to_numpy(dtype=object)
    part = toks["part"].to_numpy(dtype=object)
    pairs = np.flatnonzero((lower[:-1] == "kelompok") & (doc[:-1] == doc[1:]) & (part[:-1] == part[1:]))
    out = bingkai.query(synthetic, '[lower="kelompok"] [kind="word"]')
    want = pairs[np.isin(toks["kind"].to_numpy()[pairs + 1], ["word"])]
    assert out["token_start"].tolist() == toks["i"].to_numpy()[want].tolist()
    assert len(out) > 0


def test_python_steps_do_not_grow_with_the_corpus(monkeypatch):
    # Evaluation steps through the query's states over all tokens at once: the number of
    # Python-level steps depends on the query (items x repetitions), never on the token count.
    from bingkai.views import query as cql

    calls = []
    real = cql._step
    monkeypatch.setattr(cql, "_step", lambda *a: calls.append(1) or real(*a))
    small = bingkai.index(ARTICLES)
    big = bingkai.index(pd.concat([ARTICLES.assign(doc_id=ARTICLES["doc_id"] + f"-{k}") for k in range(20)],
                                  ignore_index=True))
    steps = []
    for corpus in (small, big):
        calls.clear()
        out = bingkai.query(corpus, '[lower="pasukan"] []{0,3} [actor="hts"]')
        steps.append(len(calls))
        assert len(out) == len(HTS_NEAR) * (1 if corpus is small else 20)
    assert steps[0] == steps[1] <= 1 + 3 + 1


def test_label_and_actor_queries_agree_with_the_occurrences_on_the_seeds(seed_corpus):

    seeds = bingkai.index(seed_corpus.copy())
    occ = seeds.occurrences
    n = seeds.n_tokens
    for label in sorted(occ["label"].unique()):
        spans = match_spans(seeds, f'[label="{label}"]')
        sel = occ[occ["label"] == label]
        covered = np.zeros(n, dtype=bool)
        for tok, ntok in zip(sel["tok"], sel["ntok"]):
            covered[tok:tok + ntok] = True
        assert sorted(spans[:, 0].tolist()) == np.flatnonzero(covered).tolist(), label
    # every occurrence attributed to an actor by a same_phrase rule overlaps a mention of it,
    # including variants that name their actor themselves ("tentara Suriah" ->
    # syrian_government through the lexicon's names_actor column): [actor=...] counts those too
    labels = bingkai.load_lexicon("syria").labels
    naming = set(labels.loc[labels["names_actor"].astype(str) != "", "variant"])
    same = occ[occ["actor_basis"] == "same_phrase"]
    assert same["variant"].isin(naming).any()
    assert occ["label"].nunique() >= 3 and len(same) > 0
    for actor in sorted(same["actor"].dropna().unique()):
        hit = np.zeros(n, dtype=bool)
        spans = match_spans(seeds, f'[actor="{actor}"]')
        hit[spans[:, 0]] = True
        for tok, ntok in zip(same[same["actor"] == actor]["tok"], same[same["actor"] == actor]["ntok"]):
            assert hit[tok:tok + ntok].any(), (actor, tok)


def test_speaker_attribute_agrees_with_the_occurrences_on_the_seeds(seed_corpus):

    from bingkai.views.query import _Evaluator, parse

    seeds = bingkai.index(seed_corpus.copy())
    names, codes = _Evaluator(seeds).speakers()
    occ = seeds.occurrences
    who = occ["speaker_actor"].astype(object)
    who = who.where(who.notna(), np.where(occ["speaker"] != "", "unidentified_speaker", "no_speaker"))
    got = names[codes[occ["tok"].to_numpy()]]
    agree = got == who.to_numpy(dtype=object)
    assert (occ["speaker"] != "").sum() > 0  # the seeds quote people
    assert agree.all(), occ.loc[~agree, ["doc_id", "sentence", "speaker_actor"]].head().to_dict("records")
    assert parse('[speaker="x"]').items[0].expr.attr == "speaker"
