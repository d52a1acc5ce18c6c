"""bingkai.report.display: the corpus summary and KWIC HTML (stable, id-free, escaped)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import bingkai
from bingkai.errors import BingkaiInputError


def articles() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b", "c"], "outlet": ["Kabar <A>", "Kabar <A>", "Warta B"],
        "published": ["2024-01-05", "", "2024-02-10"], "period": ["", "p1", "p1"],
        "title": ["", "", ""], "subtitle": ["", "", ""],
        "text": ["Pemberontak menyerang kota.", "Teroris kabur.", "Oposisi maju."],
        "lines_kept": [1, 1, 1], "lines_dropped": [2, 0, 1],
    })


def test_corpus_summary_items_from_a_frame():
    facts = bingkai.corpus_summary(articles(), lexicon="packaged").set_index("item")["value"]
    assert list(facts.index) == ["articles", "outlets", "dates", "periods", "lexicon", "cleaning"]
    assert facts["articles"] == "3"
    assert facts["outlets"] == "2: Kabar <A> (2), Warta B (1)"
    assert facts["dates"] == "2024-01-05 to 2024-02-10 (1 undated)"
    assert facts["cleaning"].startswith("kept 3 source lines, removed 3")


def test_a_corpus_index_adds_its_word_tokens():
    corpus = bingkai.index(articles())
    facts = bingkai.corpus_summary(corpus).set_index("item")["value"]
    assert facts["word tokens"] == "7"  # 3 + 2 + 2 words, hand-counted


def test_corpus_html_is_escaped_and_id_free():
    html = bingkai.corpus_html(articles())
    assert "Kabar &lt;A&gt;" in html and "<A>" not in html
    assert not re.search(r"\bid=", html) and "<script" not in html
    assert html == bingkai.corpus_html(articles())  # deterministic


def kwic_frame() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "voice": ["narrator", "quoted"],
                         "left": ["x" * 100, "kata <b>"], "match": ["teroris", "rezim & co"],
                         "right": ["pendek", "y" * 100]})


def test_kwic_html_centres_the_node_and_cuts_long_contexts():
    html = bingkai.kwic_html(kwic_frame(), width=20)
    rows = re.findall(r"<tr>(.*?)</tr>", html)
    assert len(rows) == 3  # header + 2 lines
    # the node cell is centred and highlighted, escaped
    assert re.search(r'text-align:center[^>]*><span style="[^"]*font-weight:bold[^"]*">teroris</span>', html)
    assert "rezim &amp; co" in html and "kata &lt;b&gt;" in html
    # left context right-aligned and cut to its last 20 characters, right to its first 20
    assert "…" + "x" * 19 + "</td>" in html
    assert ">" + "y" * 19 + "…</td>" in html
    assert not re.search(r"\bid=", html)


def test_kwic_html_on_real_lines_and_errors():
    lines = bingkai.kwic(articles(), "teroris")
    html = bingkai.kwic_html(lines)
    assert ">Teroris</span>" in html
    assert bingkai.kwic_html(lines.iloc[:0]) == "<p><i>no concordance lines</i></p>"
    with pytest.raises(BingkaiInputError, match="match"):
        bingkai.kwic_html(lines.drop(columns="match"))
    with pytest.raises(BingkaiInputError, match="width"):
        bingkai.kwic_html(lines, width=0)


def test_label_kwic_reads_the_documents_that_use_the_label():
    corpus = bingkai.index(articles())
    occ = bingkai.label_occurrences(corpus)
    lines = bingkai.label_kwic(corpus, occ, "pemberontak")
    assert lines["doc_id"].tolist() == ["a"] and lines["match"].tolist() == ["Pemberontak"]
    assert bingkai.label_kwic(articles(), occ, "pemberontak")["doc_id"].tolist() == ["a"]


def test_a_corpus_shows_itself_as_the_summary_in_jupyter():
    corpus = bingkai.index(articles())
    assert corpus._repr_html_() == bingkai.corpus_html(corpus)
    assert "<th" in corpus._repr_html_() and "word tokens" in corpus._repr_html_()
