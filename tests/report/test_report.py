"""bingkai report: the four notebooks executed on corpora they were not written for.

Runs the real notebooks with papermill (one kernel for the four), once, on one
file mixing the hand-written example corpus, a generated multi-outlet corpus with
dates and the issue-21 scrape, with three lexicon packs, and checks what a
researcher gets: no error, every figure and table written, no temp file left, no
sentence about the seed outlets, the committed paper untouched, and tables that
count each label as the views do with the packs combined.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pandas as pd
import pytest

import bingkai
from bingkai.report import figures
from bingkai.report import notebooks as report
from bingkai.cli import main
from bingkai.io.seed import read_sources
from bingkai.errors import BingkaiInputError

ROOT = Path(__file__).resolve().parents[2]
from conftest import TINY_SCRAPE as EXAMPLE, TINY_SCRAPE_COLUMNS as EXAMPLE_COLUMNS  # noqa: E402
from issue21_common import SCRAPE  # noqa: E402
#: generated articles in the report test's file (the benchmark README times 3,000)
SYNTH_ARTICLES = int(os.environ.get("BINGKAI_REPORT_ARTICLES", "120"))


def seed_outlets() -> list[str]:
    """The seed corpus's outlets, from its hand-curated sources table."""
    return sorted(set(read_sources(ROOT / "corpus" / "sources.csv")["outlet"]))


def committed_paper() -> dict[str, str]:
    # Hidden files are left out: strict nbval may run the notebooks in another worker at
    # the same time, and their figure cells write figures/ atomically through a hidden
    # temp file (the same bytes, renamed into place).
    files = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        p for p in (ROOT / "figures").glob("*") if not p.name.startswith("."))
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def check_report(out: Path, written: list[Path], formats=figures.FORMATS) -> list[str]:
    """Assert the report in ``out`` is complete (figures in ``formats``);
    return its Markdown outputs."""
    assert [p.name for p in written] == list(report.NOTEBOOKS)
    markdown = []
    for path in written:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                assert output["output_type"] != "error", (path.name, output.get("evalue"))
                text = output.get("data", {}).get("text/markdown")
                if text:
                    markdown.append("".join(text))
    names = {f"{name}.{fmt}" for name in figures.FIGURES for fmt in formats}
    written_figures = {p.name for p in (out / "figures").iterdir()}
    assert written_figures == names  # every figure, and no temp file beside them
    for svg in (out / "figures").glob("*.svg"):
        assert svg.stat().st_size < 1_000_000, svg.name
    tables = {p.name for p in (out / "tables").iterdir()}
    assert {"label_rates.csv", "actor_labels.csv", "keyness.csv", "label_timeline.csv",
            "similarity.csv", "same_story.csv", "sources.csv", "actor_timeline.csv",
            "neighbours.csv"} <= tables
    assert not [t for t in tables if t.startswith(".")]
    for text in markdown:
        for outlet in seed_outlets():
            assert outlet not in text, (outlet, text)
    return markdown


#: the lexicon packs the researcher's report is run with (--lexicon repeated, issue 21
#: item 5): the default pack, whose labels the example and generated articles use, and
#: the two whose labels only the issue-21 scrape uses
PACKS = ("syria", "indonesia", "israel_palestine")


@pytest.fixture(scope="module")
def researchers_report(tmp_path_factory):
    """One ``bingkai report`` run (four notebooks executed in one kernel) on one file a
    researcher could have, shared by the tests below: a report costs seconds of
    make test, and each test here asks a different question of the same run.

    The file: the hand-written example corpus (Indonesian date formats, "Baca Juga"
    lines, three outlets with four short articles each), generated articles from three
    more outlets (benchmarks/synth.py) and the issue-21 scrape (tests/data, two outlets,
    one of them a generated outlet's name too), all under the file's own column names,
    read through the CLI with ``--lexicon`` repeated. Past figures.MAX_TICKED articles
    the similarity figure is per outlet (the seed notebooks under nbval run the
    per-article branch); past five outlets the keyness panels go in two columns. (Six
    generated outlets cost 3 s more of make test and reach no other branch; the report
    on 3,000 articles from six outlets is timed in benchmarks/README.md.)
    """
    sys.path.insert(0, str(ROOT))
    from benchmarks import synth

    tmp_path = tmp_path_factory.mktemp("researchers_report")
    example = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    generated = pd.DataFrame(synth.generate_articles(SYNTH_ARTICLES, n_outlets=3))
    scrape = pd.read_csv(SCRAPE, dtype=str, keep_default_na=False)
    parts = [frame.rename(columns=EXAMPLE_COLUMNS)[list(example.columns)]  # text -> isi, outlet -> media, ...
             for frame in (generated, scrape)]
    mixed = pd.concat([example, *parts], ignore_index=True)
    path = tmp_path / "artikel.csv"
    mixed.to_csv(path, index=False)

    before = committed_paper()
    out = tmp_path / "report"
    flags = [f"--column={field}={column}" for field, column in EXAMPLE_COLUMNS.items()]
    lexicons = [f"--lexicon={pack}" for pack in PACKS]
    # SVG only: what a large corpus risks is an SVG too big to open (checked
    # in check_report); PDF and PNG are the same drawing in another backend,
    # written in every format by the seed notebooks under nbval, and took
    # 6 s more here
    code = main(["report", str(path), "--out", str(out), *flags, *lexicons, "--formats", "svg"])
    return {"path": path, "mixed": mixed, "out": out, "code": code,
            "paper_before": before, "paper_after": committed_paper()}


@pytest.mark.slow
def test_report_on_a_researchers_file_with_several_outlets(researchers_report):
    run = researchers_report
    mixed, out = run["mixed"], run["out"]
    n_articles, n_outlets = len(mixed), mixed[EXAMPLE_COLUMNS["outlet"]].nunique()
    assert n_articles > figures.MAX_TICKED and n_outlets > 5
    assert run["code"] == 0
    markdown = check_report(out, [out / name for name in report.NOTEBOOKS], formats=("svg",))
    # the findings are about this corpus: its own outlets, its own article count
    joined = "\n".join(markdown)
    assert f"**{n_articles:,} articles** from **{n_outlets} outlets**" in joined
    assert "Kabar Pagi" in joined and "Suara Timur" in joined
    assert "claim holds" not in joined  # seed claims are checked on the seed corpus only
    assert run["paper_after"] == run["paper_before"]
    # the file was read once, into the report's own corpus folder
    kept = bingkai.load_corpus(out / "corpus")
    assert len(kept) == n_articles and (out / "corpus" / "skipped.csv").exists()


@pytest.mark.slow
def test_report_combines_repeated_lexicons_and_counts_the_same(researchers_report):
    # Issue 21 item 5 (the views and the CLI: tests/views/test_one_lexicon.py):
    # --lexicon repeated combines the packs in the report too, and its tables count
    # a label as the views count it on an index built with those packs
    run = researchers_report
    assert run["code"] == 0
    articles = bingkai.read_articles(run["path"], progress=False, report=False, **EXAMPLE_COLUMNS)
    occurrences = bingkai.label_occurrences(bingkai.index(articles, lexicon=list(PACKS), progress=False))
    expected = occurrences[occurrences["framing"]]["label"].value_counts()
    tables = {name: pd.read_csv(run["out"] / "tables" / f"{name}.csv")
              for name in ("label_rates", "label_timeline", "actor_labels")}
    # one label of each pack (KKB: indonesia, agresi: israel_palestine, teroris: syria)
    for label in ("KKB", "agresi", "teroris", "pemerintah"):
        assert expected.get(label, 0) > 0, label
        for name in ("label_rates", "label_timeline"):
            t = tables[name]
            assert t[(t["label"] == label) & (t["voice"] == "all")]["count"].sum() == expected[label], (name, label)
    for label in ("KKB", "agresi"):  # labels without a needs_actor variant: every use is a framing use
        t = tables["actor_labels"]
        assert t[t["label"] == label]["count"].sum() == expected[label], label


def test_report_refuses_to_overwrite(tmp_path):
    for committed in (ROOT / "notebooks", ROOT / "figures", ROOT / "figures" / "sub"):
        with pytest.raises(BingkaiInputError, match="committed paper"):
            report.write_report(EXAMPLE, committed, columns=EXAMPLE_COLUMNS)
    (tmp_path / "old.txt").write_text("a previous report")
    with pytest.raises(BingkaiInputError, match="not empty"):
        report.write_report(EXAMPLE, tmp_path, columns=EXAMPLE_COLUMNS)
    with pytest.raises(BingkaiInputError, match="file not found"):
        report.write_report(tmp_path / "nope.csv", tmp_path / "new")
    assert main(["report", str(EXAMPLE), "--out", str(tmp_path / "x"), "--column", "isi"]) == 2
    with pytest.raises(BingkaiInputError, match="figure formats"):
        report.write_report(EXAMPLE, tmp_path / "y", columns=EXAMPLE_COLUMNS, formats=["gif"])
    assert not (tmp_path / "y").exists()  # refused before anything is written


def test_open_corpus_folder_and_file_share_one_shape():
    seed = report.open_corpus(ROOT / "corpus")
    mine = report.open_corpus(EXAMPLE, columns=EXAMPLE_COLUMNS)
    # a file read by read_articles has the built corpus's columns plus its own flags
    assert [c for c in mine.columns if c in seed.columns] == list(seed.columns)
    assert set(mine.columns) - set(seed.columns) <= {"url", "published_raw", "published_at",
                                                     "short", "reuse_of"}
    # the seed's removal log and date basis come with the folder; a file's log comes
    # from read_articles (bingkai.removed), its date basis is unknown
    log = report.removal_log(seed)
    assert list(log.columns) == ["doc_id", "line", "text", "rule"] and len(log) > 0
    assert int(log.groupby("doc_id").size().sum()) <= int(seed["lines_dropped"].sum())
    assert report.removal_log(mine).equals(
        bingkai.removed(mine).sort_values(["doc_id", "line"], kind="stable", ignore_index=True))
    sources = report.sources_table(seed)
    assert (sources["date_basis"] != "").any()
    assert (report.sources_table(mine)["date_basis"] == "").all()
    with pytest.raises(BingkaiInputError, match="columns="):
        report.open_corpus(ROOT / "corpus", columns={"text": "isi"})


def test_is_seed_corpus_only_for_the_repository_corpus(tmp_path):
    assert report.is_seed_corpus(ROOT / "corpus")
    assert report.is_seed_corpus(ROOT / "corpus" / "articles.jsonl")
    assert not report.is_seed_corpus(EXAMPLE)
    assert not report.is_seed_corpus(tmp_path)


def test_open_lexicon_packaged_folder_and_errors(tmp_path):
    packaged = report.open_lexicon(None)
    assert set(packaged) == {"labels", "actors"} and len(packaged["labels"]) > 0
    with pytest.raises(BingkaiInputError, match="lacks labels.csv"):
        report.open_lexicon(tmp_path)
    from bingkai.lexicon.packs import pack_path

    for name in ("labels.csv", "actors.csv"):  # a copy of the default pack, as a folder
        (tmp_path / name).write_bytes((pack_path("syria") / name).read_bytes())
    mine = report.open_lexicon(tmp_path)
    assert mine["labels"]["label"].tolist() == packaged["labels"]["label"].tolist()
    other = report.open_lexicon("indonesia")  # a pack by name
    assert set(other["actors"]["actor"]) != set(packaged["actors"]["actor"])


def test_save_table_is_byte_stable_and_atomic(tmp_path):
    frame = bingkai.label_rates(report.open_corpus(EXAMPLE, columns=EXAMPLE_COLUMNS))
    first = report.save_table(frame, "rates", tmp_path / "a")
    second = report.save_table(frame, "rates", tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["rates.csv"]
    assert report.save_table(frame, "rates", None) is None
    with pytest.raises(BingkaiInputError):
        report.save_table(frame, "../rates", tmp_path)


def test_logs_in_attrs_are_shared_not_deep_copied():
    # pandas deep-copies DataFrame.attrs on nearly every operation; a removal
    # log kept there as a list of dicts made each notebook cell on a
    # 600-article corpus seconds slower. The logs must ride along uncopied.
    seed = report.open_corpus(ROOT / "corpus")
    mine = report.open_corpus(EXAMPLE, columns=EXAMPLE_COLUMNS)
    for frame, keys in ((seed, ("removed", "date_basis")), (mine, ("removed", "skipped"))):
        derived = frame[frame["outlet"] != ""].assign(n=1).reset_index(drop=True)
        for key in keys:
            assert key in frame.attrs, key
            assert derived.attrs[key] is frame.attrs[key], key
    # and they still answer for the frame they are on: a subset's own lines
    doc = report.removal_log(seed)["doc_id"].iloc[-1]
    one = seed[seed["doc_id"] == doc]
    log = report.removal_log(one)
    assert len(log) > 0 and set(log["doc_id"]) == {doc}
    assert report.sources_table(one)["date_basis"].tolist() == [seed.attrs["date_basis"][doc]]


def test_each_report_notebook_starts_with_an_empty_namespace(tmp_path):
    # write_report runs the notebooks in one kernel; what one notebook defined
    # must be gone when the next starts, as with a kernel of its own
    km = report._start_kernel("python3", tmp_path, tmp_path / "kernel.json")
    # the connection file where the report's temporary folder will remove it, even on Ctrl-C
    assert (tmp_path / "kernel.json").exists() and km.connection_file == str(tmp_path / "kernel.json")
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        assert kc.execute_interactive("corpus = 'from notebook 1'", timeout=60)["content"]["status"] == "ok"
        kc.stop_channels()
        report._reset_namespace(km, 60)
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive("corpus", timeout=60)
        kc.stop_channels()
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "NameError"
    finally:
        km.shutdown_kernel(now=True)
