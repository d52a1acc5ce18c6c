"""Republications planted in thousands of synthetic articles (tests/views/planted.py).

benchmarks/synth.py articles, read with ``read_articles`` like a
researcher's file, with copies planted across outlets in the ways wire copy
travels. Both detectors run on the same corpus in one file, so it is
generated, read and indexed once (``planted_corpus`` is cached per process
and the index is memoised) on whichever test worker runs this file.

Two thousand articles by default (about two million pairs for the "nothing
else flagged" checks); ``BINGKAI_PLANTED_ARTICLES=5000 pytest
tests/views/test_planted_republications.py`` runs the same assertions on five
thousand (12.7 million pairs; they hold there too, and took 20 s of the
test suite's time at that size).

A scale check, marked ``bench``: ``make test-slow`` (run by ``make bench``) runs it,
``make test`` does not (11 s of CPU: 4.6 s to generate, read and index the corpus,
5.9 s for ``same_story`` over its two million pairs). ``make test`` keeps the small
cases of tests/views/test_similarity.py and test_text_reuse.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

import bingkai
from bingkai.views.similarity import same_story, similarity
from planted import PLANTED_ARTICLES, planted_corpus


def flagged(out: pd.DataFrame) -> set[tuple[str, str]]:
    hits = out[out["same_story"]]
    return set(zip(hits["doc_a"], hits["doc_b"]))


def pairs_of(out: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(out["doc_a"], out["doc_b"]))


@pytest.mark.bench
def test_same_story_and_similarity_find_the_planted_copies():
    corpus, planted, _ = planted_corpus()
    assert len(corpus) > PLANTED_ARTICLES >= 1000
    out = same_story(corpus, progress=False)
    got = flagged(out)
    near_copies = {p for p, kind in planted.items() if kind != "edited"}
    assert near_copies <= got
    # nothing flagged that was not planted: unrelated synthetic articles are
    # far from both parts of the rule
    assert got <= set(planted)
    # memory: the frame holds the flagged pairs, not the millions of pairs
    assert len(out) <= len(planted)
    # the long table: every planted copy is its source's nearest neighbour
    top = similarity(corpus, top=1, progress=False)
    first = set(zip(top["doc_id"], top["neighbour"]))
    assert all((a, b) in first or (b, a) in first for a, b in near_copies)


@pytest.mark.bench
def test_text_reuse_finds_the_planted_copies_and_borrowed_blocks():
    corpus, planted, borrowed = planted_corpus()
    out = bingkai.text_reuse(corpus, progress=False)
    got = pairs_of(out)
    # every planted copy, the lightly edited ones included, and every article a
    # "context" copy borrowed a block from; nothing else (no chance pairs)
    assert set(planted) <= got
    assert {p for p, how in borrowed.items() if how == "context"} <= got
    assert got <= set(planted) | set(borrowed)
    per_pair = out.drop_duplicates(["doc_a", "doc_b"]).set_index(["doc_a", "doc_b"])
    for pair, kind in planted.items():
        ca, cb = per_pair.loc[pair, ["containment_a", "containment_b"]]
        if kind == "identical":
            assert ca == cb == 1.0
        elif kind == "context":
            # the source (an "a" id, sorted first) is wholly inside its copy,
            # which has a third as much text again
            assert ca == 1.0 and cb < 0.9
        elif kind == "relead":
            # all but the lead's first words of the source; the new lead and
            # closing line may be cleaned away as site furniture
            assert ca > 0.9 and cb > 0.5
        else:  # every 12th word changed: 11-word runs, 4 of 11 8-word shingles survive
            assert 0.2 < min(ca, cb) and max(ca, cb) < 0.5
    # passages are the texts of A, and B holds the same words there
    sample = out.head(200)
    texts = corpus.set_index("doc_id")["text"]
    for row in sample.itertuples():
        assert texts[row.doc_a][row.start_a:row.end_a] == row.text
        words_b = bingkai.tokenize(texts[row.doc_b][row.start_b:row.end_b])
        words_a = bingkai.tokenize(row.text)
        strip = [w.lower() for w in words_a if any(c.isalnum() for c in w)]
        assert strip == [w.lower() for w in words_b if any(c.isalnum() for c in w)]
