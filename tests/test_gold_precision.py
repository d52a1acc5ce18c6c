"""Issue 21, item 6: ``gold/precision.py`` (``make precision``) re-scores the current code
against the hand-coded devcorpus gold.

The script is not part of the package; it is loaded from its path. The end-to-end test runs
it on a two-article corpus written here (sentences imitating a scrape, not devcorpus text)
with a four-row gold coded by hand, so it needs neither ../shared nor more than a few
seconds.
"""

from __future__ import annotations

import csv
import importlib.util
import math
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"gold_{name}", REPO / "gold" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


precision = _load("precision")


# Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion:
# comparison of seven methods. Statistics in Medicine 17, 857-872, Table II, method 3
# (Wilson score interval without continuity correction), to four decimals.
@pytest.mark.parametrize("k, n, low, high", [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_newcombe_worked_examples(k, n, low, high):
    got = precision.wilson(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_wilson_is_undefined_without_observations():
    assert all(math.isnan(x) for x in precision.wilson(0, 0))


def _gold(rows):
    cols = ["occurrence_id", "doc_id", "outlet", "start", "end", "term", "label_word", "split",
            "framing", "sense", "target", "voice", "speaker_actor", "clear", "note"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols).astype(str)


def test_measures_follow_their_definitions():
    # five coded occurrences, and what a system said about each
    gold = _gold([
        ("1:0", "1", "o", "0", "7", "teroris", "teroris", "test", "yes", "framing", "isis", "narrator", "", "yes", ""),
        ("1:9", "1", "o", "9", "16", "militan", "militan", "test", "yes", "framing", "other:maute", "quoted",
         "other:army", "yes", ""),
        ("1:20", "1", "o", "20", "27", "ekstrem", "ekstremis", "test", "no", "everyday", "none", "narrator", "", "yes", ""),
        ("1:30", "1", "o", "30", "37", "radikal", "radikal", "test", "no", "everyday", "none", "narrator", "", "yes", ""),
        ("1:40", "1", "o", "40", "47", "teroris", "teroris", "test", "yes", "framing", "isis", "quoted", "usa", "yes", ""),
    ])
    scored = pd.DataFrame({
        "counted": [True, True, True, False, False],
        "sys_actor": ["isis", "none", "none", "none", "none"],
        "sys_voice": ["narrator", "narrator", "narrator", "", ""],
        "sys_speaker": ["none", "none", "none", "none", "none"],
    })
    got = precision.score(gold, scored, actors={"isis", "usa"})
    assert got == {
        "framing_recall": (2, 3),          # the last framing use is not counted
        "non_framing_rejected": (1, 2),    # "ekstrem" counted wrongly, "radikal" rejected
        "target": (2, 2),                  # other:maute has no pack actor: no actor expected
        "voice": (1, 2),                   # the quoted "militan" came back as narrator
        "speaker_actor": (1, 1),           # only counted quoted framing uses; other:army -> none
    }


ARTICLES = [
    ("1", "cnn indonesia", "https://example.com/a", "2017-05-23T10:00:00Z",
     "Jakarta , CNN Indonesia - - Kelompok teroris ISIS menyerang pos polisi di Marawi , Selasa ( 23 / 5 ) .\n"
     "Warga diminta waspada terhadap cuaca ekstrem sepanjang pekan ini ."),
    ("2", "antaranews", "https://example.com/b", "2017-05-24T10:00:00Z",
     "Damaskus ( ANTARA News ) - Pasukan rezim Assad merebut dua desa di selatan kota itu .\n"
     "Warga setempat mengatakan bahwa bentrokan masih terjadi hingga malam ."),
]


def _write_corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["row", "source", "source_url", "id_timestamp_utc", "text"])
        w.writerows(ARTICLES)


def _occurrence(doc: str, word: str, label_word: str, split: str, *codes: str) -> tuple:
    text = dict((a[0], a[4]) for a in ARTICLES)[doc]
    start = text.index(word)
    return (f"{doc}:{start}", doc, "o", str(start), str(start + len(word)), word, label_word, split, *codes)


def test_script_scores_a_tiny_gold_end_to_end(tmp_path):
    corpus = tmp_path / "tiny.csv"
    _write_corpus(corpus)
    gold = tmp_path / "gold.csv"
    _gold([
        _occurrence("1", "teroris", "teroris", "test", "yes", "framing", "isis", "narrator", "", "yes", ""),
        _occurrence("1", "ekstrem", "ekstremis", "test", "no", "everyday", "none", "narrator", "", "yes", "weather"),
        _occurrence("2", "rezim", "rezim", "dev", "yes", "framing", "syrian_government", "narrator", "", "yes", ""),
    ]).to_csv(gold, index=False)

    table = precision.main(["--gold", str(gold), "--corpus", str(corpus), "--out", str(tmp_path / "out")])

    assert list(table.columns) == precision.COLUMNS
    assert set(table["pack"]) == {*precision.PACKS, precision.ALL}
    assert len(table) == (len(precision.PACKS) + 1) * len(precision.SPLITS) * len(precision.MEASURES)
    syria = table[table["pack"] == "syria"].set_index(["split", "measure"])
    # the syria pack has all three labels; the counts follow from the gold alone
    assert syria.loc[("test", "framing_recall"), "n"] == 1
    assert syria.loc[("test", "non_framing_rejected"), "n"] == 1
    assert syria.loc[("dev", "framing_recall"), "n"] == 1
    # unambiguous uses: "kelompok teroris ISIS", "cuaca ekstrem", "pasukan rezim Assad"
    assert syria.loc[("test", "framing_recall"), "correct"] == 1
    assert syria.loc[("test", "target"), "correct"] == 1
    assert syria.loc[("test", "non_framing_rejected"), "correct"] == 1
    assert syria.loc[("dev", "target"), "correct"] == 1
    # the israel_palestine pack has no "rezim" or "ekstremis" label: only "teroris" is its
    indo_pal = table[table["pack"] == "israel_palestine"].set_index(["split", "measure"])
    assert indo_pal.loc[("dev", "framing_recall"), "n"] == 0
    assert indo_pal.loc[("test", "non_framing_rejected"), "n"] == 0
    assert indo_pal.loc[("test", "framing_recall"), "n"] == 1
    md = (tmp_path / "out" / "precision.md").read_text(encoding="utf-8")
    assert "| syria | test | 100% (1/1;" in md
    written = pd.read_csv(tmp_path / "out" / "precision.csv")
    assert len(written) == len(table)
