"""Views asked the same question with their defaults give the same number (issue 20 item 4:
one ``parts=`` default): a label's concordance has as many lines as ``label_rates`` counts,
``collocates`` takes as many node occurrences, and ``tokens`` has as many word tokens as
``label_rates`` divides by."""

from __future__ import annotations

import bingkai


def _rates(corpus):
    rates = bingkai.label_rates(corpus)
    return rates[rates["voice"] == "all"]


def test_seed_corpus_has_labels_outside_the_body(seed_corpus):
    # the tests below could fail only if some label occurs in a title or subtitle
    occ = bingkai.label_occurrences(seed_corpus)
    outside = occ[occ["framing"] & (occ["part"] != "body")]
    assert len(outside) >= 1
    assert set(outside["label"]) & set(occ.loc[occ["framing"] & (occ["part"] == "body"), "label"])


def test_kwic_lines_equal_label_rates_count(seed_corpus):
    counts = _rates(seed_corpus).groupby("label")["count"].sum()
    assert counts.sum() > 0
    lines = {label: len(bingkai.kwic(seed_corpus, label, match="label")) for label in counts.index}
    assert lines == counts.to_dict()


def test_collocates_nodes_equal_label_rates_count(seed_corpus):
    counts = _rates(seed_corpus).groupby("label")["count"].sum()
    occ = bingkai.label_occurrences(seed_corpus)
    both = sorted(set(occ.loc[occ["framing"] & (occ["part"] != "body"), "label"]))
    for label in both:
        table = bingkai.collocates(seed_corpus, label, match="label")
        assert set(table["f1"]) == {counts[label]}, label


def test_tokens_words_equal_label_rates_tokens(seed_corpus):
    rates = _rates(seed_corpus)
    label = rates["label"].iloc[0]
    denominator = rates.loc[rates["label"] == label, "tokens"].sum()
    assert (bingkai.tokens(seed_corpus)["kind"] == "word").sum() == denominator
