"""bingkai.text_reuse: shared passages between articles, containment both ways."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bingkai
from bingkai.errors import BingkaiInputError
from bingkai.views.reuse import COLUMNS, shingle_hashes

from test_tfidf import make_corpus

ARTICLES = Path(__file__).resolve().parents[2] / "corpus" / "articles.jsonl"

# A press release (21 words, written for this test) and two outlets' stories around it.
RELEASE = ("Kementerian Luar Negeri menyatakan bahwa seluruh warga negara Indonesia di "
           "Damaskus dalam keadaan aman dan terus dipantau oleh kedutaan besar setempat.")
STORY_A = "Jakarta - Pemerintah bergerak cepat. " + RELEASE + \
    " Situasi di perbatasan masih tegang, kata seorang pejabat."
# outlet B opens a quote before the release and closes it after: punctuation differs
STORY_B = "Kabar terbaru dari Suriah hari ini. “" + RELEASE[:-1] + ",” Warga diminta tetap tenang."
OTHER = "Harga cabai di pasar induk naik tajam menjelang akhir pekan menurut para pedagang."


def pairs_of(out: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(out["doc_a"], out["doc_b"]))


def test_shared_passage_and_containment_by_hand():
    out = bingkai.text_reuse(make_corpus([STORY_A, STORY_B, OTHER]), shingle=5)
    assert list(out.columns) == COLUMNS
    assert len(out) == 1
    row = out.iloc[0]
    assert (row["doc_a"], row["doc_b"]) == ("000_doc", "001_doc")
    assert (row["outlet_a"], row["outlet_b"]) == ("outlet0", "outlet1")
    # the release has 21 words: 21 - 5 + 1 = 17 shared 5-word shingles.
    # A: 4 words before + 21 + 8 after = 33 words -> 29 shingles;
    # B: 6 before + 21 + 4 after = 31 words -> 27 shingles
    assert row["shared"] == 17 and row["words"] == 21
    assert row["containment_a"] == pytest.approx(17 / 29)
    assert row["containment_b"] == pytest.approx(17 / 27)
    assert row["text"] == RELEASE[:-1]  # from the first to the last shared word
    assert STORY_A[row["start_a"]:row["end_a"]] == RELEASE[:-1]
    assert STORY_B[row["start_b"]:row["end_b"]] == RELEASE[:-1]
    assert row["passage"] == 1 and row["part"] == "body"


def test_identical_articles_share_everything():
    out = bingkai.text_reuse(make_corpus([STORY_A, OTHER, STORY_A], outlets=["x", "y", "z"]))
    assert pairs_of(out) == {("000_doc", "002_doc")}
    row = out.iloc[0]
    assert row["containment_a"] == row["containment_b"] == 1.0
    assert row["text"] == STORY_A[:-1]  # first word "Jakarta" to last "pejabat"
    assert row["words"] == 33


def test_two_passages_numbered_in_order_of_a():
    gap_a = " Sementara itu cuaca di ibu kota cerah sepanjang hari menurut prakiraan. "
    gap_b = " Di tempat lain, pertandingan sepak bola ditunda karena hujan deras semalam. "
    second = ("Duta besar meminta warga untuk selalu melapor ke kedutaan jika berpindah "
              "tempat tinggal selama konflik berlangsung.")
    a = RELEASE + gap_a + second
    b = second + gap_b + RELEASE
    out = bingkai.text_reuse(make_corpus([a, b]), shingle=6)
    assert list(out["passage"]) == [1, 2]
    assert list(out["text"]) == [RELEASE[:-1], second[:-1]]
    assert out["shared"].nunique() == 1  # pair-level numbers repeat on each passage
    assert all(b[s:e] == t for s, e, t in zip(out["start_b"], out["end_b"], out["text"]))


def test_set_phrase_alone_does_not_make_a_pair():
    # one 8-word phrase in common (an institution's name with its attribution)
    phrase = "menurut Observatorium Suriah untuk Hak Asasi Manusia di"
    a = f"Serangan udara menghantam pasar, {phrase} London, pada Senin pagi."
    b = f"Gencatan senjata dilanggar lagi, {phrase} Inggris, menjelang tengah malam."
    corpus = make_corpus([a, b])
    assert bingkai.text_reuse(corpus).empty  # min_shared defaults to n = 8
    one = bingkai.text_reuse(corpus, min_shared=1)
    assert len(one) == 1 and one.loc[0, "shared"] == 1 and one.loc[0, "words"] == 8


def test_boilerplate_cap():
    # the same closing line in four articles: with max_docs=3 it links nobody
    closing = ("Ikuti terus perkembangan berita terkini hanya di kanal internasional "
               "kami setiap hari tanpa ketinggalan.")
    texts = [f"Berita nomor {w} tentang hal yang sama sekali berbeda. {closing}"
             for w in ("satu", "dua", "tiga", "empat")]
    corpus = make_corpus(texts)
    assert bingkai.text_reuse(corpus, max_docs=3).empty
    out = bingkai.text_reuse(corpus, max_docs=4)
    assert len(pairs_of(out)) == 6  # 4 * 3 / 2


def test_shingles_stay_inside_one_document_and_part():
    # A ends with the words B starts with: a shingle across the two must not exist
    pos, _ = shingle_hashes(np.arange(6), np.array([0, 0, 0, 1, 1, 1]), 3)
    assert list(pos) == [0, 3]
    corpus = make_corpus(["satu dua tiga empat", "lima enam tujuh delapan",
                          "tiga empat lima enam"])
    assert bingkai.text_reuse(corpus, shingle=4, min_shared=1).empty
    # title and body: a passage is found in the part where it is
    corpus = make_corpus([OTHER, STORY_A])
    corpus.loc[0, "title"] = RELEASE
    assert bingkai.text_reuse(corpus).empty  # default: bodies only
    out = bingkai.text_reuse(corpus, parts=("title", "body"))
    assert list(out["part"]) == ["title"] and out.loc[0, "text"] == RELEASE[:-1]


def test_same_bytes_whatever_the_row_order():
    corpus = make_corpus([STORY_A, OTHER, STORY_B, STORY_A + " " + OTHER])
    one = bingkai.text_reuse(corpus, shingle=5)
    two = bingkai.text_reuse(corpus.iloc[[3, 1, 0, 2]], shingle=5)
    assert len(one) > 2
    assert one.to_csv(index=False) == two.to_csv(index=False)


def test_no_reuse_gives_typed_empty_frame():
    out = bingkai.text_reuse(make_corpus([STORY_A, OTHER]))
    assert out.empty and list(out.columns) == COLUMNS
    assert out["shared"].dtype == np.int64 and out["containment_a"].dtype == np.float64


@pytest.mark.parametrize("kwargs", [{"shingle": 0}, {"shingle": 2.5}, {"max_docs": 1}, {"min_shared": 0},
                                    {"parts": ("lead",)}, {"shingle": True}])
def test_bad_arguments(kwargs):
    with pytest.raises(BingkaiInputError):
        bingkai.text_reuse(make_corpus([STORY_A, STORY_B]), **kwargs)


def test_corpus_and_frame_give_the_same_rows():
    corpus = make_corpus([STORY_A, OTHER, STORY_B, STORY_A + " " + OTHER])
    frame_out = bingkai.text_reuse(corpus, shingle=5)
    index_out = bingkai.text_reuse(bingkai.index(corpus), shingle=5)
    pd.testing.assert_frame_equal(frame_out, index_out)


@pytest.mark.skipif(not ARTICLES.exists(),
                    reason="corpus/articles.jsonl not built yet (bingkai corpus build)")
def test_seed_retellings_share_one_short_passage(seed_corpus):
    # 000 (ditphat.net) and 001 (Suara.com) retell the same HUR report; reading
    # them, they share one sentence fragment of about a dozen words, under the
    # default min_shared (8 shingles = a 15-word passage), found with min_shared=1
    corpus = seed_corpus.copy()
    assert bingkai.text_reuse(corpus).empty
    out = bingkai.text_reuse(corpus, min_shared=1)
    assert {(a[:3], b[:3]) for a, b in pairs_of(out)} == {("000", "001")}
    body = corpus.set_index("doc_id")["text"]
    for row in out.itertuples():
        assert body[row.doc_a][row.start_a:row.end_a] == row.text
        assert 8 <= row.words < 15


def test_subset_of_an_index_equals_the_subset_frame():
    frame = make_corpus([OTHER, STORY_A, OTHER + " Pedagang mengeluh.", STORY_B],
                        outlets=["x", "y", "x", "y"])
    sub = bingkai.index(frame).where(outlet="y")
    expected = bingkai.text_reuse(frame[frame["outlet"] == "y"], shingle=5)
    pd.testing.assert_frame_equal(bingkai.text_reuse(sub, shingle=5), expected)
    assert pairs_of(expected) == {("001_doc", "003_doc")}
