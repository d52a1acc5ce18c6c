"""bingkai.report.display: the ``bingkai`` DataFrame accessor, the one rich display (corpus
summary, highlighted KWIC, any table; stable, id-free, escaped)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import bingkai
from bingkai import report  # noqa: F401  (registers the frame.bingkai accessor)
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


def corpus_html(corpus) -> str:
    return bingkai.corpus_summary(corpus).bingkai.html()


def test_corpus_html_is_escaped_and_id_free():
    html = corpus_html(articles())
    assert "Kabar &lt;A&gt;" in html and "<A>" not in html
    assert not re.search(r"\bid=", html) and "<script" not in html
    assert html == corpus_html(articles())  # deterministic
    assert bingkai.corpus_summary(articles()).bingkai.show()._repr_html_() == html


def kwic_frame() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "voice": ["narrator", "quoted"],
                         "left": ["x" * 100, "kata <b>"], "match": ["teroris", "rezim & co"],
                         "right": ["pendek", "y" * 100]})


def test_kwic_html_centres_the_node_and_cuts_long_contexts():
    html = kwic_frame().bingkai.html(width=20)
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
    html = lines.bingkai.html()
    assert ">Teroris</span>" in html
    assert lines.iloc[:0].bingkai.html() == "<p><i>no concordance lines</i></p>"
    assert lines.bingkai.show()._repr_html_() == html  # what a notebook shows: the static KWIC
    # without its match column the frame is no concordance: a plain table, not a broken KWIC
    assert lines.drop(columns="match").bingkai.kind == "table"
    with pytest.raises(BingkaiInputError, match="width"):
        lines.bingkai.html(width=0)


def test_any_other_frame_shows_as_itself_or_an_interactive_table():
    frame = pd.DataFrame({"outlet": ["A <b>"], "count": [3]})
    assert frame.bingkai.show() is frame
    view = frame.bingkai.show(interactive=True)
    assert "A &lt;b&gt;" in view._repr_html_() and repr(view) == "<interactive table: 1 rows x 2 columns>"
    assert view._repr_html_() == frame.bingkai.show(interactive=True)._repr_html_()  # id from content
    lines = bingkai.kwic(articles(), "teroris")
    kview = lines.bingkai.show(interactive=True)
    assert repr(kview) == "<KWIC: 1 lines, interactive>" and "font-weight:bold" in kview._repr_html_()


def test_a_label_concordance_of_the_documents_that_use_the_label():
    # what label_kwic did (notebook 02): kwic by label on the documents the occurrences name
    corpus = bingkai.index(articles())
    occ = bingkai.label_occurrences(corpus)
    docs = sorted(set(occ.loc[occ["label"] == "pemberontak", "doc_id"]))[:10]
    lines = bingkai.kwic(corpus.where(doc_id=docs), "pemberontak", match="label", window=6)
    assert lines["doc_id"].tolist() == ["a"] and lines["match"].tolist() == ["Pemberontak"]
    frame = articles()
    assert bingkai.kwic(frame[frame["doc_id"].isin(docs)], "pemberontak",
                        match="label")["doc_id"].tolist() == ["a"]


def test_a_corpus_shows_itself_as_the_summary_in_jupyter():
    corpus = bingkai.index(articles())
    assert corpus._repr_html_() == corpus_html(corpus)
    assert "<th" in corpus._repr_html_() and "word tokens" in corpus._repr_html_()
