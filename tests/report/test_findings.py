"""findings: sentences rendered from the tables, true for the corpus they describe."""

from __future__ import annotations

import pandas as pd
import pytest

from bingkai.report import findings
from bingkai.errors import BingkaiInputError


def rates(rows):
    """label_rates-shaped frame from (outlet, label, voice, count, tokens, rate, lo, hi)."""
    return pd.DataFrame(rows, columns=["outlet", "label", "voice", "count", "tokens", "rate",
                                       "ci_low", "ci_high"]).assign(frame="f")


def test_label_findings_name_the_highest_group_and_say_when_intervals_overlap():
    frame = rates([
        ("A", "teroris", "all", 6, 1000, 6.0, 2.0, 13.0),
        ("B", "teroris", "all", 2, 1000, 2.0, 0.5, 7.0),
        ("C", "teroris", "all", 0, 1000, 0.0, 0.0, 3.8),
        ("A", "teroris", "quoted", 3, 100, 30.0, 10.0, 80.0),
        ("A", "oposisi", "all", 0, 1000, 0.0, 0.0, 3.8),
        ("B", "oposisi", "all", 1, 1000, 1.0, 0.2, 5.6),
        ("C", "oposisi", "all", 0, 1000, 0.0, 0.0, 3.8),
    ])
    text = findings.label_findings(frame).data
    lines = text.split("\n")
    assert lines[0] == "- 2 labels of 2 in the lexicon occur, 9 times in all, across 3 outlets."
    # most frequent first; A then B; their CIs (2-13, 0.5-7) overlap
    assert lines[1].startswith("- **“teroris”** occurs 8 times; highest rate in A, 6.00 per 1,000")
    assert "then B, 2.00" in lines[1] and "the intervals overlap" in lines[1]
    assert "1 outlet never uses it" in lines[1]
    assert lines[1].endswith("38% of its occurrences are inside quotations.")  # 3 of 8
    # one user only: said so, no "highest"
    assert lines[2].startswith("- **“oposisi”** occurs 1 time, all in B (1.00 per 1,000")


def test_label_findings_separated_intervals_and_no_labels():
    frame = rates([("A", "x", "all", 40, 1000, 40.0, 30.0, 52.0),
                   ("B", "x", "all", 2, 1000, 2.0, 0.5, 7.0)])
    assert "the intervals do not overlap" in findings.label_findings(frame).data
    empty = frame.assign(count=0)
    assert findings.label_findings(empty).data == "No framing label of the lexicon occurs in this corpus."


def test_findings_only_name_groups_present_in_the_table():
    frame = rates([("Zeta", "teroris", "all", 1, 100, 10.0, 1.7, 55.0),
                   ("Eta", "teroris", "all", 2, 100, 20.0, 5.5, 70.0)])
    text = findings.label_findings(frame).data
    for seed_outlet in ("Suara.com", "iNews.id", "ditphat.net", "Islam-Institute", "unnamed outlet"):
        assert seed_outlet not in text
    assert "Eta" in text and "Zeta" in text


def test_actor_findings_most_frequent_narrator_label_per_outlet():
    table = pd.DataFrame([
        ("hts", "pemberontak", "A", "narrator", 3),
        ("hts", "militan", "A", "narrator", 1),
        ("hts", "teroris", "B", "quoted", 2),
        ("hts", "milisi", "B", "narrator", 1),
        ("unattributed", "teroris", "A", "narrator", 4),
    ], columns=["actor", "label", "outlet", "voice", "count"])
    text = findings.actor_findings(table).data
    assert ("- **hts** (7 label occurrences): in the narrator's voice it is most often "
            "“pemberontak” for A (3×); “milisi” for B (1×). 2 of its 7 labels are inside quotations.") in text
    assert text.endswith("4 of 11 label occurrences (36%) stay unattributed: the table is a lower "
                         "bound on who calls whom what.")
    assert findings.top_actors(table) == ["hts"]
    missing = findings.actor_findings(table, actors=["isis"]).data
    assert "**isis**: no label is attributed to this actor" in missing


def test_keyness_findings_top_over_used_terms_by_ll():
    key = pd.DataFrame([
        ("A", "x", 10.0, 2.0, "over"), ("A", "y", 12.0, 1.0, "over"), ("A", "z", 3.0, 3.0, "over"),
        ("A", "w", 20.0, -2.0, "under"), ("B", "v", 1.0, 0.5, "over"),
    ], columns=["outlet", "term", "ll", "log_ratio", "direction"])
    text = findings.keyness_findings(key).data
    assert text.split("\n")[0] == "- A: *y* (LL 12.0, Log Ratio 1.0), *x* (LL 10.0, Log Ratio 2.0)."
    assert "- No term is significantly over-used (LL ≥ 3.84) by B." in text


def test_similarity_findings_use_the_neighbours_pairs_and_groups():
    neighbours = pd.DataFrame({"doc_id": ["d1", "d2", "d3", "d1"], "neighbour": ["d2", "d1", "d1", "d3"],
                               "cosine": [0.8, 0.8, 0.1, 0.1]})
    pairs = pd.DataFrame({"doc_a": ["d1"], "doc_b": ["d2"], "similarity": [0.8], "same_story": [True]})
    articles = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "outlet": ["A", "B", "C"]})
    text = findings.similarity_findings(neighbours, pairs, articles=articles, top=2).data
    # d1-d2 listed from both ends counts once
    assert text == ("- Most similar pairs: d1 (A) and d2 (B) (cosine 0.80); d1 (A) and d3 (C) (cosine 0.10).\n"
                    "- The same-story rule flags 1 pair of 3.")


def test_timeline_findings_compare_first_and_last_bins():
    rows = []
    for date, count, lo, hi in (("2024-01-01", 1, 0.1, 5.0), ("2024-03-01", 30, 20.0, 42.0)):
        rows.append(("A", date, "teroris", "all", count, float(count), lo, hi))
    frame = pd.DataFrame(rows, columns=["outlet", "date", "label", "voice", "count", "rate",
                                        "ci_low", "ci_high"])
    frame.attrs["undated"] = 2
    text = findings.timeline_findings(frame).data
    assert text.startswith("- 2 time bins from 2024-01-01 to 2024-03-01; 2 undated articles left out.")
    assert "in the bin of 2024-01-01" in text and "the intervals do not overlap" in text
    never = frame.assign(count=0)
    assert findings.timeline_findings(never).data == "No label occurs in the dated articles."
    assert findings.timeline_findings(never, label="teroris").data.endswith(
        "- No outlet uses “teroris” and has articles in two different bins: no change can be read.")


def test_check_claim_returns_a_record_or_fails_naming_the_claim():
    ok = findings.check_claim("only A uses 'oposisi'", True)
    assert ok.data == "✓ claim holds: only A uses 'oposisi'"
    with pytest.raises(findings.ClaimError, match="only B uses 'oposisi'"):
        findings.check_claim("only B uses 'oposisi'", False)
    with pytest.raises(BingkaiInputError):
        findings.check_claim("", True)


def test_groups_using_and_corpus_findings():
    frame = rates([("B", "x", "narrator", 1, 10, 100.0, 1.0, 400.0),
                   ("A", "x", "narrator", 2, 10, 200.0, 50.0, 500.0),
                   ("C", "x", "narrator", 0, 10, 0.0, 0.0, 300.0)])
    assert findings.groups_using(frame, "x", voice="narrator") == ["A", "B"]
    articles = pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": ["A", "A", "B"],
                             "published": ["2024-01-02", "", "2024-02-01"],
                             "text": ["satu dua tiga", "satu", "satu dua"],
                             "lines_kept": [1, 1, 1], "lines_dropped": [1, 0, 0]})
    text = findings.corpus_findings(articles).data
    assert text.split("\n")[0] == "- **3 articles** from **2 outlets**: A (2) and B (1)."
    assert "- 2 articles of 3 are dated, from 2024-01-02 to 2024-02-01; 1 article has no date." in text
    assert "- 1 outlet has fewer than five articles" not in text  # both outlets are small
    assert "- 2 outlets have fewer than five articles" in text
    assert "Cleaning kept 3 of 4 source lines (75%)" in text
    with pytest.raises(BingkaiInputError, match="text"):
        findings.corpus_findings(articles.drop(columns="text"))
