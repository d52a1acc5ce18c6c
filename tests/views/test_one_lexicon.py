"""Issue 21 item 5: one lexicon per question.

Every view on a ``Corpus`` uses the lexicon the Corpus was built with unless
``lexicon=`` is given, and then a lexicon other than the index's is an error,
not a silent re-index or a silent default; ``label_rates``, ``actor_labels``,
``label_timeline``, ``kwic`` by label, the CLI and the report give the same
count for the same label; the timeline counts what the rates count (framing
uses); ``--lexicon`` repeated combines packs in every command, ``report``
included. The corpus is ``data/issue21_scrape.csv`` (made-up June-July 2025
articles from two outlets). The report's part runs in
``tests/report/test_report.py`` (test_report_combines_repeated_lexicons_and_counts_the_same),
on the one executed report that file shares between its tests: a report costs
seconds of ``make test``.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

import bingkai
from bingkai import BingkaiInputError
from bingkai.cli import main
from issue21_common import CLI_KWIC_LABEL, KWIC_LABEL, SCRAPE, SCRAPE_COLUMNS

ALL_PARTS = ("title", "subtitle", "body")  # actor_labels counted every part before parts= (issue 20)

IP = "israel_palestine"
BOTH = ["indonesia", "israel_palestine"]
#: labels only the israel_palestine pack has, and one the indonesia pack has
IP_LABELS = ("agresi", "Zionis", "pendudukan")


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return bingkai.read_articles(SCRAPE, progress=False, **SCRAPE_COLUMNS)


def framing_counts(corpus, lexicon=None) -> pd.Series:
    """Framing occurrences per label, straight from the occurrence table."""
    o = bingkai.label_occurrences(corpus, lexicon=lexicon)
    return o[o["framing"]]["label"].value_counts()


def view_counts(corpus, label: str) -> dict[str, int]:
    """The count each view gives for ``label`` (all voices, all outlets)."""
    rates = bingkai.label_rates(corpus)
    timeline = bingkai.label_timeline(corpus)
    table = bingkai.actor_labels(corpus, parts=ALL_PARTS)
    return {
        "label_rates": int(rates[(rates["label"] == label) & (rates["voice"] == "all")]["count"].sum()),
        "label_timeline": int(timeline[(timeline["label"] == label) & (timeline["voice"] == "all")]["count"].sum()),
        "actor_labels": int(table[table["label"] == label]["count"].sum()),
        "kwic": len(bingkai.kwic(corpus, label, **KWIC_LABEL)),
    }


def test_views_use_the_index_lexicon_and_agree(articles):
    corpus = bingkai.index(articles, lexicon=IP, progress=False)
    expected = framing_counts(corpus)
    assert all(expected.get(label, 0) > 0 for label in IP_LABELS)  # the fixture has each of them
    for label in IP_LABELS:
        counts = view_counts(corpus, label)
        assert set(counts.values()) == {int(expected[label])}, (label, counts)
    # the rates table lists the index's labels, not the default pack's
    ip_labels = set(bingkai.load_lexicon(IP).labels["label"])
    assert set(bingkai.label_rates(corpus)["label"]) == ip_labels
    assert set(bingkai.label_timeline(corpus)["label"]) == ip_labels


def test_timeline_counts_what_the_rates_count(articles):
    corpus = bingkai.index(articles, lexicon="indonesia", progress=False)
    o = bingkai.label_occurrences(corpus)
    pem = o[o["label"] == "pemerintah"]
    assert pem["framing"].any() and not pem["framing"].all()  # both kinds are in the fixture
    # the index's own lexicon named, so only the definition of a count is at stake here
    rates = bingkai.label_rates(corpus, lexicon="indonesia")
    timeline = bingkai.label_timeline(corpus, lexicon="indonesia")
    for label in sorted(set(o["label"])):
        r = rates[(rates["label"] == label) & (rates["voice"] == "all")]["count"].sum()
        t = timeline[(timeline["label"] == label) & (timeline["voice"] == "all")]["count"].sum()
        assert r == t == int(o[(o["label"] == label) & o["framing"]].shape[0]), label


VIEWS = {
    "label_occurrences": lambda c, lex: bingkai.label_occurrences(c, lexicon=lex),
    "label_rates": lambda c, lex: bingkai.label_rates(c, lexicon=lex),
    "actor_labels": lambda c, lex: bingkai.actor_labels(c, lexicon=lex),
    "label_timeline": lambda c, lex: bingkai.label_timeline(c, lexicon=lex),
    "kwic": lambda c, lex: bingkai.kwic(c, "teroris", lexicon=lex, **KWIC_LABEL),
}


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_a_lexicon_other_than_the_index_is_an_error(articles, view):
    corpus = bingkai.index(articles, lexicon=IP, progress=False)
    VIEWS[view](corpus, IP)  # the index's own lexicon, named: fine
    with pytest.raises(BingkaiInputError, match="lexicon"):
        VIEWS[view](corpus, "syria")


# ------------------------------------------------------------- the CLI

def _cli(capsys, *args: str) -> str:
    """What ``bingkai <args>`` prints, run in this process (``bingkai.cli.main``,
    the console script's entry point: the script itself is tested in test_cli.py;
    a process per call cost a second each here)."""
    capsys.readouterr()  # only this command's output
    code = main(list(args))
    said = capsys.readouterr()
    assert code == 0, said.err
    return said.out


def _file_flags() -> list[str]:
    return ["--corpus", str(SCRAPE), *[f"--{k}={v}" for k, v in SCRAPE_COLUMNS.items()]]


def _cli_rates(capsys, *args: str) -> pd.Series:
    out = pd.read_csv(io.StringIO(_cli(capsys, "rates", *args, "--format", "csv", "--voice", "all")))
    return out.groupby("label")["count"].sum()


def test_cli_counts_what_the_views_count(articles, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BINGKAI_PROGRESS", "0")
    corpus = bingkai.index(articles, lexicon=IP, progress=False)
    expected = framing_counts(corpus)
    # a file of articles with --lexicon
    rates = _cli_rates(capsys, *_file_flags(), "--lexicon", IP)
    for label in IP_LABELS:
        assert rates.get(label, 0) == expected[label], label
        lines = _cli(capsys, "kwic", label, *CLI_KWIC_LABEL, *_file_flags(), "--lexicon", IP, "--format", "csv")
        assert len(pd.read_csv(io.StringIO(lines))) == expected[label], label
    # a saved index answers with the lexicon it was built with
    folder = corpus.save(tmp_path / "index")
    rates = _cli_rates(capsys, "--corpus", str(folder))
    for label in IP_LABELS:
        assert rates.get(label, 0) == expected[label], label
    assert bingkai.label_rates(bingkai.Corpus.load(folder))["label"].isin(IP_LABELS).any()
    # two packs combined
    both = framing_counts(bingkai.index(articles, lexicon=BOTH, progress=False))
    rates = _cli_rates(capsys, *_file_flags(), "--lexicon", "indonesia", "--lexicon", IP)
    for label in ("KKB", "agresi"):
        assert rates.get(label, 0) == both[label], label
