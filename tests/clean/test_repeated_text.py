"""Issue 22, item 2: a sentence or paragraph repeated within one article is kept once
(rule ``repeated_sentence``), so a cascaded scrape counts what the clean article counts.

The cascade imitates the Republika scrape: paragraph k is printed together with every
paragraph before it (1; 1 2; 1 2 3; ...), either on one line (the scraper joined the page's
text with spaces) or one cumulative paragraph per line.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import bingkai
import issue22_scrapes as scrapes


def read(articles, path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return scrapes.read(scrapes.write_csv(articles, path))


def word_counts(frame):
    toks = bingkai.tokens(frame, parts=["body"])
    words = toks[toks["kind"] == "word"]
    return words.groupby("doc_id")["lower"].apply(lambda s: sorted(s)).to_dict()


def label_counts(frame):
    rates = bingkai.label_rates(frame, by="outlet")
    return rates.set_index(["outlet", "label"])["count"].sort_index().to_dict()


@pytest.fixture(scope="module")
def plain():
    # furniture-free articles: the comparison is about the cascade alone
    return [scrapes.make_article("okezone", i, seed="cascade") for i in range(24)]


def _unfurnished(article):
    return scrapes.Article(article.outlet, article.url, article.title, article.clean_text, article.published,
                           article.day, article.paragraphs)


def test_one_line_cascade_counts_equal_the_clean_article(plain, tmp_path):
    clean = [_unfurnished(a) for a in plain]
    cascaded = [scrapes.cascaded(a, one_line=True) for a in clean]
    ref, got = read(clean, tmp_path / "clean.csv"), read(cascaded, tmp_path / "cascade.csv")
    assert sorted(ref["doc_id"]) == sorted(got["doc_id"])
    assert word_counts(got) == word_counts(ref)
    assert label_counts(got) == label_counts(ref)
    log = bingkai.removed(got)
    repeated = log[log["rule"] == "repeated_sentence"]
    # every article repeats its first paragraph at least once: each logs the removal
    assert set(repeated["doc_id"]) == set(got["doc_id"])


def test_line_per_paragraph_cascade_counts_equal_the_clean_article(plain, tmp_path):
    """Guard (today's ``repeated_paragraph`` rule covers this form): cumulative paragraphs one a line."""
    clean = [_unfurnished(a) for a in plain]
    cascaded = [scrapes.cascaded(a, one_line=False) for a in clean]
    ref, got = read(clean, tmp_path / "clean.csv"), read(cascaded, tmp_path / "cascade.csv")
    assert word_counts(got) == word_counts(ref)
    assert label_counts(got) == label_counts(ref)
    rules = set(bingkai.removed(got)["rule"])
    assert rules <= {"repeated_paragraph", "repeated_sentence"}, rules


def test_a_quote_printed_twice_is_kept_once_and_logged(plain, tmp_path):
    articles = []
    for i, a in enumerate(plain):
        a = _unfurnished(a)
        # a quote of its own per article (one shared by all would be furniture, learned and cut)
        quote = (f'"Kami tidak akan mundur dari {scrapes.OBJECTS[i % len(scrapes.OBJECTS)]} di '
                 f'{scrapes.PLACES[i % len(scrapes.PLACES)]}," kata juru bicara kelompok pemberontak.')
        paras = list(a.paragraphs)
        paras[0] = f"{paras[0]} {quote}"
        paras[-1] = f"{quote} {paras[-1]}"
        once = list(a.paragraphs)
        once[0] = f"{once[0]} {quote}"
        twice = scrapes.Article(a.outlet, a.url, a.title, "\n".join(paras), a.published, a.day, once)
        articles.append(twice)
    got = read(articles, tmp_path / "quote.csv")
    for text in got["text"]:
        assert text.count("tidak akan mundur") == 1
    log = bingkai.removed(got)
    repeated = log[log["rule"] == "repeated_sentence"]
    assert len(repeated) == len(got)
    assert repeated["text"].str.contains("tidak akan mundur").all()
    counts = bingkai.label_rates(got, by="outlet")
    expected = read([scrapes.Article(a.outlet, a.url, a.title, "\n".join(a.paragraphs), a.published, a.day,
                                     a.paragraphs) for a in articles], tmp_path / "once.csv")
    assert label_counts(got) == label_counts(expected)
    assert int(counts["count"].sum()) > 0


def test_furnished_republika_cascade_counts_equal_the_clean_article(tmp_path):
    originals = [scrapes.make_article("republika", i, seed="cascade") for i in range(24)]
    cascaded = [scrapes.cascaded(a, one_line=i % 2 == 0) for i, a in enumerate(originals)]
    clean = [_unfurnished(a) for a in originals]
    ref, got = read(clean, tmp_path / "clean.csv"), read(cascaded, tmp_path / "cascade.csv")
    assert word_counts(got) == word_counts(ref)
    assert label_counts(got) == label_counts(ref)


def _sentence_spans_by_lookbehind(line):
    """sentence_spans as first written: the lookbehind pattern's matches are the gaps."""
    from bingkai.clean.rules import _SENTENCE_END

    spans, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(line)))
    return [(a, b) for a, b in spans if line[a:b].strip()]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([".", "!", "?", "..", "?!", " ", "  ", "\t", "\"", "”", ")", "]", "(",
                                 "“", "A", "b", "9", "Dia", "kata", "’", "'"]), max_size=14).map("".join))
@example('Ia pergi.) "Lalu dia.  9 orang?!  (Kata')
def test_sentence_spans_split_where_the_lookbehind_pattern_does(line):
    """Issue 24: the gap pattern that starts at the mark splits exactly as the one that
    looks behind for it (a lookbehind first is tried at every position: ~3x slower)."""
    from bingkai.clean.rules import sentence_spans

    assert sentence_spans(line) == _sentence_spans_by_lookbehind(line)
