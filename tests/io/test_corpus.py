"""build_seed_corpus / load_corpus: the committed corpus, its shape, and bad input."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import bingkai
from bingkai import cli
from bingkai.io.seed import COLUMNS, REMOVED_COLUMNS, read_sources
from bingkai.errors import BingkaiInputError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def corpus(seed_corpus) -> pd.DataFrame:
    return seed_corpus.copy()


@pytest.fixture()
def workdir(tmp_path, monkeypatch):
    """A copy of seeds/ and corpus/sources.csv to break; cwd = the copy."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "corpus").mkdir()
    shutil.copy(CORPUS / "sources.csv", tmp_path / "corpus" / "sources.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- the committed corpus ------------------------------------------------------------

def test_committed_corpus_equals_a_fresh_rebuild(tmp_path, monkeypatch):
    # a stale corpus/ (seeds, sources.csv or cleaning rules changed without
    # `bingkai corpus build`) fails here
    monkeypatch.chdir(ROOT)
    frame = bingkai.build_seed_corpus(seeds="seeds", sources="corpus/sources.csv", out=tmp_path, progress=False)
    for name in ("articles.jsonl", "removed.csv", "SHA256SUMS"):
        assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes(), f"corpus/{name} is stale"
    pd.testing.assert_frame_equal(frame, bingkai.load_corpus(tmp_path))


def test_rebuild_from_an_absolute_seeds_path_is_byte_identical(tmp_path):
    bingkai.build_seed_corpus(seeds=SEEDS, sources=CORPUS / "sources.csv", out=tmp_path, progress=False)
    assert (tmp_path / "articles.jsonl").read_bytes() == (CORPUS / "articles.jsonl").read_bytes()


def test_corpus_frame_shape(corpus):
    assert tuple(corpus.columns) == COLUMNS
    assert corpus["doc_id"].tolist() == sorted(corpus["doc_id"]) and corpus["doc_id"].is_unique
    assert len(corpus) == 5
    assert corpus["lines_kept"].dtype == "int64" and corpus["lines_dropped"].dtype == "int64"
    for col in ("doc_id", "outlet", "title", "subtitle", "text", "published"):
        assert pd.api.types.is_string_dtype(corpus[col]) and not corpus[col].isna().any()
    assert all(isinstance(v, list) for v in corpus["body_lines"])


def test_articles_jsonl_format():
    raw = (CORPUS / "articles.jsonl").read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    lines = raw.decode("utf-8").splitlines()
    assert len(lines) == 5
    for line in lines:
        assert list(json.loads(line)) == list(COLUMNS)   # fixed key order
    assert "Hay’at" in lines[0]                           # ensure_ascii=False: characters, not \u2019


def test_sources_facts(corpus):
    by_id = corpus.set_index("doc_id")
    assert by_id["outlet"].tolist() == ["ditphat.net", "Suara.com", "unnamed outlet", "Islam-Institute", "iNews.id"]
    assert by_id["published"].tolist() == ["", "2024-12-02", "", "2015-10-21", "2024-12-02"]
    assert by_id["period"].tolist() == ["2024-hts-offensive"] * 3 + ["2015-russian-intervention", "2024-hts-offensive"]
    assert by_id.loc["000_cc91cd6fd570bbb7", "republished_from"].startswith("VIVA")
    assert "FNA" in by_id.loc["003_6b790dcfe6917506", "republished_from"]
    table = read_sources(CORPUS / "sources.csv")
    assert (table["doc_id"] + ".txt").tolist() == table["file"].tolist()
    assert (table["date_basis"].str.len() > 0).all()


def test_provenance_points_back_to_the_seed_lines(corpus):
    manifest = dict(reversed(line.split()) for line in (SEEDS / "SHA256SUMS").read_text().splitlines())
    for rec in corpus.itertuples():
        name = rec.source_file.removeprefix("seeds/")
        assert rec.source_file == f"seeds/{name}" and rec.source_sha256 == manifest[name]
        raw_lines = (SEEDS / name).read_text(encoding="utf-8").split("\n")
        assert rec.text.split("\n") == [raw_lines[k - 1].rstrip() for k in rec.body_lines]
        assert rec.lines_kept == len(rec.body_lines)
        assert rec.lines_kept + rec.lines_dropped == len(raw_lines)


def test_removed_log_accounts_for_every_other_line(corpus):
    removed = pd.read_csv(CORPUS / "removed.csv", dtype={"text": str}, keep_default_na=False)
    assert tuple(removed.columns) == REMOVED_COLUMNS
    assert removed.equals(removed.sort_values(["doc_id", "line"], ignore_index=True))
    assert len(removed) == corpus["lines_dropped"].sum()
    assert (removed["rule"].str.len() > 0).all()
    for rec in corpus.itertuples():
        logged = set(removed.loc[removed["doc_id"] == rec.doc_id, "line"])
        assert logged.isdisjoint(rec.body_lines)
        assert logged | set(rec.body_lines) == set(range(1, rec.lines_kept + rec.lines_dropped + 1))
    # hand-counted: 001 drops line 10 and lines 17-65; 003 keeps 6 of 51 lines
    assert set(removed.loc[removed["doc_id"] == "001_a03656e30dc132ac", "line"]) == {10, *range(17, 66)}
    assert (removed["doc_id"] == "003_6b790dcfe6917506").sum() == 45


def test_titles_hand_checked(corpus):
    titles = corpus.set_index("doc_id")["title"]
    assert titles.iloc[:3].tolist() == ["", "", ""]
    assert titles.iloc[4] == "Beredar Video Pasukan Pemberontak Suriah Duduki Istana Presiden Bashar Al Assad di Aleppo"
    assert corpus["text"].iloc[4].count("Beredar Video Pasukan") == 0


def test_load_corpus_accepts_the_jsonl_path(corpus):
    pd.testing.assert_frame_equal(bingkai.load_corpus(CORPUS / "articles.jsonl"), corpus)


def test_load_corpus_relative_path_resolves_against_cwd(monkeypatch, corpus):
    monkeypatch.chdir(ROOT / "notebooks")
    pd.testing.assert_frame_equal(bingkai.load_corpus("../corpus"), corpus)


# --- load errors ------------------------------------------------------------------------

def test_load_corpus_missing_says_how_to_build(tmp_path):
    with pytest.raises(BingkaiInputError, match=r"articles\.jsonl: corpus file not found.*bingkai corpus build"):
        bingkai.load_corpus(tmp_path)


def test_load_corpus_bad_line_is_named(tmp_path):
    good = (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "articles.jsonl").write_text(good + "\n{oops\n", encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"articles\.jsonl, line 2: not valid JSON"):
        bingkai.load_corpus(tmp_path)
    (tmp_path / "articles.jsonl").write_text('{"doc_id": "x"}\n', encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"line 1: article lacks outlet"):
        bingkai.load_corpus(tmp_path)


# --- build errors: the message names file and row, and nothing is written --------------------

def assert_nothing_written(workdir: Path, out: str = "out") -> None:
    target = workdir / out
    assert not target.exists() or list(target.iterdir()) == []


def build(workdir: Path, **options):
    return bingkai.build_seed_corpus(seeds="seeds", sources="corpus/sources.csv", out="out", progress=False,
                                **options)


def edit_sources(workdir: Path, old: str, new: str) -> None:
    path = workdir / "corpus" / "sources.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_build_in_workdir_writes_both_files(workdir):
    frame = build(workdir)
    assert sorted(p.name for p in (workdir / "out").iterdir()) == ["SHA256SUMS", "articles.jsonl", "removed.csv"]
    assert len(frame) == 5


def test_non_utf8_seed(workdir):
    path = workdir / "seeds" / "002_181437171e2747dd.txt"
    path.write_bytes(b"Baris pertama.\nBaris kedua dengan caf\xe9 rusak.\n")
    with pytest.raises(BingkaiInputError) as err:
        build(workdir, accept_seeds=True)   # accepted as a change, then refused as not UTF-8
    assert "seeds/002_181437171e2747dd.txt, line 2: not valid UTF-8" in str(err.value)
    assert "UTF-8" in err.value.hint
    assert_nothing_written(workdir)


@pytest.mark.parametrize("content", [b"", b" \n\xc2\xa0\n"])
def test_empty_seed(workdir, content):
    (workdir / "seeds" / "001_a03656e30dc132ac.txt").write_bytes(content)
    with pytest.raises(BingkaiInputError, match=r"seeds/001_a03656e30dc132ac\.txt: the seed is empty "
                                                r"\(it is on row 3 of corpus/sources\.csv\)"):
        build(workdir, accept_seeds=True)
    assert_nothing_written(workdir)


def test_sources_row_whose_file_is_missing(workdir):
    (workdir / "seeds" / "004_349e7085ba64008d.txt").unlink()
    with pytest.raises(BingkaiInputError, match=r"corpus/sources\.csv, row 6: file '004_349e7085ba64008d\.txt'"
                                                r" \(doc_id 004_349e7085ba64008d\) not found"):
        build(workdir)
    assert_nothing_written(workdir)


def test_seed_with_no_sources_row(workdir):
    shutil.copy(workdir / "seeds" / "000_cc91cd6fd570bbb7.txt", workdir / "seeds" / "005_new.txt")
    with pytest.raises(BingkaiInputError, match=r"seeds/005_new\.txt: seed has no row in corpus/sources\.csv\. "
                                                r"Add a row"):
        build(workdir)
    assert_nothing_written(workdir)


def test_duplicate_doc_id(workdir):
    edit_sources(workdir, "002_181437171e2747dd,002_", "001_a03656e30dc132ac,002_")
    with pytest.raises(BingkaiInputError, match=r"sources\.csv, row 4: duplicate doc_id '001_a03656e30dc132ac' "
                                                r"\(also on row 3\)"):
        build(workdir)
    assert_nothing_written(workdir)


def test_missing_required_column(workdir):
    edit_sources(workdir, "doc_id,file,outlet,", "doc_id,file,media,")
    with pytest.raises(BingkaiInputError, match=r"sources\.csv, row 1: missing required column\(s\) outlet"):
        build(workdir)
    assert_nothing_written(workdir)


def test_bad_published_date(workdir):
    edit_sources(workdir, "2015-10-21", "21/10/2015")
    with pytest.raises(BingkaiInputError, match=r"sources\.csv, row 5: published '21/10/2015' is not an ISO date"):
        build(workdir)
    assert_nothing_written(workdir)


def test_missing_sources_file(workdir):
    (workdir / "corpus" / "sources.csv").unlink()
    with pytest.raises(BingkaiInputError, match=r"corpus/sources\.csv: sources file not found"):
        build(workdir)
    assert_nothing_written(workdir)


def test_failed_build_leaves_previous_outputs_untouched(workdir):
    build(workdir)
    before = {p.name: p.read_bytes() for p in (workdir / "out").iterdir()}
    (workdir / "seeds" / "003_6b790dcfe6917506.txt").write_bytes(b"\xff")
    with pytest.raises(BingkaiInputError):
        build(workdir)
    with pytest.raises(BingkaiInputError):
        build(workdir, accept_seeds=True)
    assert {p.name: p.read_bytes() for p in (workdir / "out").iterdir()} == before


def test_failure_while_renaming_leaves_no_temp_files(workdir, monkeypatch):
    import bingkai.io.seed as corpus_module

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(corpus_module.os, "replace", refuse)
    with pytest.raises(BingkaiInputError, match=r"out: cannot write the corpus \(disk full\)"):
        build(workdir)
    assert_nothing_written(workdir)


def test_output_path_that_is_a_file(workdir):
    (workdir / "out").write_text("not a directory", encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=r"out: the output path is a file, not a directory"):
        build(workdir)
    assert (workdir / "out").read_text(encoding="utf-8") == "not a directory"


def test_source_sha256_is_of_the_seed_bytes(workdir):
    frame = build(workdir)
    raw = (workdir / "seeds" / "003_6b790dcfe6917506.txt").read_bytes()
    assert frame.loc[3, "source_sha256"] == hashlib.sha256(raw).hexdigest()


# --- the command line (cli.py is the lead's; this checks it reaches build_seed_corpus) -------------

def test_cli_corpus_build(workdir, capsys):
    assert cli.main(["corpus", "build", "--out", "out"]) == 0
    assert "(5 articles)" in capsys.readouterr().out
    (workdir / "seeds" / "000_cc91cd6fd570bbb7.txt").write_bytes(b"")
    assert cli.main(["corpus", "build", "--out", "out2", "--accept-seeds"]) == 2
    assert "seeds/000_cc91cd6fd570bbb7.txt: the seed is empty" in capsys.readouterr().err
    assert not (workdir / "out2").exists()


def test_check_frame_validates_and_orders_by_doc_id():
    from bingkai.frames import check_frame

    frame = pd.DataFrame({"doc_id": ["b", "a", "c"], "outlet": ["X", "Y", "Z"]})
    assert check_frame(frame, ["doc_id", "outlet"]).tolist() == [1, 0, 2]
    with pytest.raises(BingkaiInputError, match="missing column"):
        check_frame(frame, ["doc_id", "text"])
    with pytest.raises(BingkaiInputError, match="'a' occurs more than once"):
        check_frame(pd.concat([frame, frame.iloc[[1]]]), ["doc_id"])
    with pytest.raises(BingkaiInputError, match="DataFrame"):
        check_frame([{"doc_id": "a"}], ["doc_id"])
