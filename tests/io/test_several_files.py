"""Issue 22, item 5: several files. ``read_articles`` takes a list of paths, a folder or a glob
(same columns required; the file kept in ``source_file``); ``bingkai report`` takes the same,
and a failure before the first notebook leaves OUT as it was."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import bingkai
import issue22_scrapes as scrapes
from bingkai.cli import main as cli_main


def _days(folder: Path, n_per_outlet: int = 9) -> dict[str, str]:
    """The scrape split into one file per day (three days); url -> file name."""
    articles = scrapes.scrape(n_per_outlet, strays=0)
    where = {}
    for d in range(3):
        day = [a for k, a in enumerate(articles) if k % 3 == d]
        scrapes.write_csv(day, folder / f"day{d + 1}.csv")
        where.update({a.url: f"day{d + 1}.csv" for a in day})
    return where


def _read(target):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return scrapes.read(target)


def _check(frame, where):
    assert sorted(frame["url"]) == sorted(where)
    assert [Path(f).name for f in frame["source_file"]] == [where[u] for u in frame["url"]]


def test_a_list_of_files(tmp_path):
    where = _days(tmp_path)
    _check(_read([tmp_path / "day1.csv", tmp_path / "day2.csv", tmp_path / "day3.csv"]), where)


def test_a_folder(tmp_path):
    where = _days(tmp_path)
    _check(_read(tmp_path), where)


def test_a_folder_of_one_file_names_the_file(tmp_path):
    (tmp_path / "one").mkdir()
    scrapes.write_csv(scrapes.scrape(6, strays=0)[:5], tmp_path / "one" / "day1.csv")
    frame = _read(tmp_path / "one")
    assert {Path(f).name for f in frame["source_file"]} == {"day1.csv"}


def test_a_glob(tmp_path):
    where = _days(tmp_path)
    (tmp_path / "notes.csv").write_text("outlet,text\nx,not a day file\n", encoding="utf-8")
    _check(_read(str(tmp_path / "day*.csv")), where)


def test_files_read_together_learn_together_and_dedupe_across_files(tmp_path):
    where = _days(tmp_path)
    # day 3 holds a longer re-scrape of an article of day 1 (same URL)
    first = scrapes.make_article("kompas", 0)
    longer = scrapes.Article(first.outlet, first.url, first.title, first.text + "\n" + scrapes.paragraph(
        __import__("random").Random("extra")), first.published, first.day, first.paragraphs)
    scrapes.write_csv([first], tmp_path / "extra1.csv")
    scrapes.write_csv([longer], tmp_path / "extra3.csv")
    frame = _read(sorted(tmp_path.glob("*.csv")))
    mine = frame[frame["url"] == first.url]
    assert len(mine) == 1 and Path(mine["source_file"].iloc[0]).name == "extra3.csv"
    # the datelines are learned from every file at once (9 articles an outlet, 3 in each file)
    learned = bingkai.learned_boilerplate(frame)
    assert set(learned.loc[learned["kind"] == "dateline", "outlet"]) >= set(scrapes.NAMED_DATELINE)


def test_different_columns_name_the_file(tmp_path):
    _days(tmp_path)
    odd = tmp_path / "day4.csv"
    odd.write_text("outlet,body,url,title,published\nkompas,Teks.,https://x.example/1,Judul,2025-06-01\n",
                   encoding="utf-8")
    with pytest.raises(bingkai.BingkaiInputError, match="day4.csv"):
        _read(tmp_path)


def test_an_empty_glob_or_folder_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(bingkai.BingkaiInputError, match="no article files"):
        _read(str(tmp_path / "nothing*.csv"))
    with pytest.raises(bingkai.BingkaiInputError, match="no article files"):
        _read(tmp_path / "empty")


# --- bingkai report ----------------------------------------------------------------------

def _bingkai(*args: str, cwd: Path, monkeypatch, capsys) -> tuple[int, str]:
    """``bingkai ARGS`` run in ``cwd`` through the console script's entry point (in this process:
    importing the report machinery once, not per test) -> (exit code, stderr)."""
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("BINGKAI_PROGRESS", "0")
    capsys.readouterr()
    code = cli_main(list(args))
    return code, capsys.readouterr().err


def test_report_on_two_files_with_a_bad_one_names_it_and_leaves_out_absent(tmp_path, monkeypatch, capsys):
    _days(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("outlet,isi\nkompas,Teks berita.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, err = _bingkai("report", "day1.csv", "bad.csv", "--out", "out", "--url", "url", cwd=tmp_path,
                         monkeypatch=monkeypatch, capsys=capsys)
    assert code != 0
    assert "bad.csv" in err and "'text'" in err, err
    assert not out.exists()


def test_report_failure_before_the_first_notebook_leaves_out_as_it_was(tmp_path, monkeypatch, capsys):
    days = tmp_path / "days"
    days.mkdir()
    _days(days)
    (days / "day4.csv").write_text("outlet,isi\nkompas,Teks berita.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("a previous report\n", encoding="utf-8")
    code, err = _bingkai("report", "days", "--out", "out", "--force", "--formats", "png", cwd=tmp_path,
                         monkeypatch=monkeypatch, capsys=capsys)
    assert code != 0
    assert "day4.csv" in err, err
    assert sorted(p.name for p in out.iterdir()) == ["old.txt"]
    assert (out / "old.txt").read_text(encoding="utf-8") == "a previous report\n"


def test_report_reads_several_files_into_one_corpus(tmp_path, unexecuted):
    # the notebook is copied, not executed (conftest's ``unexecuted``): what is checked is the
    # corpus the report reads from several files (executing notebook 01 on it took ~8 s)
    where = _days(tmp_path, n_per_outlet=3)
    files = sorted(tmp_path.glob("day*.csv"))
    written = bingkai.write_report(files, tmp_path / "out", columns=scrapes.COLUMNS,
                                   notebooks=["01_corpus.ipynb"], formats=["png"], progress=False)
    assert [p.name for p in written] == ["01_corpus.ipynb"]
    assert [Path(p["corpus_path"]).resolve() for p in unexecuted] == [(tmp_path / "out" / "corpus").resolve()]
    corpus = bingkai.load_corpus(tmp_path / "out" / "corpus")
    assert len(corpus) == len(where)
    assert sorted(Path(f).name for f in corpus["source_file"].unique()) == ["day1.csv", "day2.csv", "day3.csv"]
