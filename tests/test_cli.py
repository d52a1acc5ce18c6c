"""The ``bingkai`` command line (issue 15): built on the public API, one
shared option set, a user's own CSV, help texts, exit codes, pipes."""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import bingkai
from bingkai import cli

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
BINGKAI = [sys.executable, "-m", "bingkai.cli"]

# A researcher's own export, written for this test (not scraped): column names
# of their scraper, not bingkai's. Hand count: "teroris" occurs 3 times in the
# bodies (rows 1, 1, 3), all in narrator voice except row 3's, which is inside
# “...”; "pemberontak" twice (rows 2 and 4).
USER_ROWS = [
    {"situs": "Kabar Kita", "judul": "Serangan di perbatasan",
     "isi": "Pemerintah menyebut kelompok itu teroris.\nMenurut juru bicara, para teroris sudah mundur.",
     "tanggal": "2024-12-01"},
    {"situs": "Warta Kota", "judul": "Warga mengungsi",
     "isi": "Ribuan warga mengungsi setelah pemberontak memasuki kota.\nBantuan belum tiba.",
     "tanggal": "2024-12-02"},
    {"situs": "Kabar Kita", "judul": "Pernyataan menteri",
     "isi": "“Kami tidak akan berunding dengan teroris,” kata menteri itu.\nIa berbicara di Jakarta.",
     "tanggal": "2024-12-03"},
    {"situs": "Warta Kota", "judul": "Situasi terkini",
     "isi": "Kelompok pemberontak menguasai jalan utama.\nPasar kembali dibuka pada sore hari.",
     "tanggal": "2024-12-04"},
]


@pytest.fixture()
def user_csv(tmp_path) -> Path:
    path = tmp_path / "my_articles.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["situs", "judul", "isi", "tanggal"])
        writer.writeheader()
        writer.writerows(USER_ROWS)
    return path


USER_FLAGS = ["--text", "isi", "--outlet", "situs", "--title", "judul", "--published", "tanggal"]


# --- help ------------------------------------------------------------------------------------------

def subparsers(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield name, sub
                yield from subparsers(sub)


def test_every_option_has_a_help_text_and_help_has_no_rest_markup():
    parser = cli.build_parser()
    parsers = [("bingkai", parser), *subparsers(parser)]
    assert {name for name, _ in parsers} >= {"bingkai", "corpus", "build", "kwic", "rates", "keyness", "report"}
    for name, sub in parsers:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"{name}: {action.option_strings or action.dest} has no help"
        text = sub.format_help()
        assert "``" not in text and ":func:" not in text, name
    top = parser.format_help()
    assert "The ``bingkai`` command line" not in top
    assert "exit codes:" in top and "2  bad input" in top


def test_voice_letters_are_explained(capsys):
    assert cli.main(["kwic", "teroris", "--corpus", str(CORPUS)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith(
        "voice: n = narrator (the outlet's own words), q = quoted (inside a direct quotation)")
    assert "n = narrator" in dict(subparsers(cli.build_parser()))["kwic"].format_help()


def test_version_is_the_package_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"bingkai {bingkai.__version__}"


# --- usage errors --------------------------------------------------------------------------------

def test_bogus_option_says_what_is_wrong(capsys):
    assert cli.main(["--bogus"]) == 2
    err = capsys.readouterr().err
    assert "unknown option or argument '--bogus'" in err and "bingkai --help" in err
    assert "arguments are required" not in err


def test_bogus_option_of_a_command_names_the_command(capsys):
    assert cli.main(["kwic", "teroris", "--bogus", "--corpus", str(CORPUS)]) == 2
    assert "`bingkai kwic --help`" in capsys.readouterr().err


def test_no_command_lists_the_commands(capsys):
    assert cli.main([]) == 2
    assert "name a command (corpus, kwic, rates, keyness, report)" in capsys.readouterr().err
    assert cli.main(["corpus"]) == 2
    assert "`bingkai corpus build`" in capsys.readouterr().err


def test_an_actor_id_grammar(capsys):
    assert cli.main(["kwic", "no-such-actor", "--match", "actor", "--corpus", str(CORPUS)]) == 2
    err = capsys.readouterr().err
    assert "'no-such-actor' is not an actor id in the lexicon 'syria'. Use one of: " in err
    assert "--lexicon" in err and "bingkai.index(" not in err and "a actor id" not in err


def test_advice_from_another_directory_fits_the_command_line(monkeypatch, capsys):
    # run from notebooks/, the default corpus/ is not there
    monkeypatch.chdir(ROOT / "notebooks")
    assert cli.main(["kwic", "teroris"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--corpus" in err and "load_corpus(" not in err


# --- kwic ------------------------------------------------------------------------------------------

def test_full_doc_ids(capsys):
    assert cli.main(["kwic", "teroris", "--corpus", str(CORPUS)]) == 0
    lines = capsys.readouterr().out.splitlines()[:-1]
    assert {line.split()[0] for line in lines} == {"002_181437171e2747dd", "003_6b790dcfe6917506",
                                                   "004_349e7085ba64008d"}


@pytest.mark.parametrize("width", [60, 90, 160])
def test_width_sets_the_line_length(capsys, width):
    # every part: the 003 subtitle's line too (8 lines, as hand-counted in test_kwic)
    assert cli.main(["kwic", "teroris", "--corpus", str(CORPUS), "--width", str(width),
                     "--parts", "title", "subtitle", "body"]) == 0
    lines = capsys.readouterr().out.splitlines()[:-1]
    assert len(lines) == 8
    assert max(len(line) for line in lines) <= width
    if width == 160:  # room enough: some line shows its whole window
        assert max(len(line) for line in lines) > 120


def test_context_without_match_says_so_correctly(capsys):
    assert cli.main(["kwic", "teroris", "--context", "xyz", "--corpus", str(CORPUS),
                     "--parts", "title", "subtitle", "body"]) == 1
    err = capsys.readouterr().err
    assert "8 match(es) for 'teroris', but none with 'xyz' within 8 words" in err
    assert "no matches for 'teroris'" not in err
    assert cli.main(["kwic", "zzzqqq", "--corpus", str(CORPUS)]) == 1
    assert "no concordance lines for 'zzzqqq'" in capsys.readouterr().err


def test_kwic_on_a_users_csv(user_csv, capsys):
    assert cli.main(["kwic", "teroris", "--corpus", str(user_csv), *USER_FLAGS]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("3 lines;")
    assert [line.split()[1] for line in out[:-1]].count("q") == 1
    # ids derived by read_articles: 16 hex digits, shown whole
    assert all(len(line.split()[0]) == 16 for line in out[:-1])
    assert cli.main(["kwic", "teroris", "--corpus", str(user_csv), *USER_FLAGS, "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    expected = bingkai.kwic(bingkai.read_articles(user_csv, text="isi", outlet="situs", title="judul",
                                                  published="tanggal", progress=False), "teroris")
    assert table["doc_id"].tolist() == expected["doc_id"].tolist()
    assert table["voice"].tolist() == expected["voice"].tolist()


def test_users_csv_with_wrong_column_is_one_line(user_csv, capsys):
    assert cli.main(["kwic", "teroris", "--corpus", str(user_csv)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "my_articles.csv" in err and "'text'" in err


# --- rates and keyness -----------------------------------------------------------------------------

def test_rates_on_a_users_csv(user_csv, capsys):
    # the hand-written articles are short: rates leave them out unless asked (exit 1, "no label found")
    assert cli.main(["rates", "--corpus", str(user_csv), *USER_FLAGS]) == 1
    assert "bingkai: warning: label_rates: 4 short article(s) left out" in capsys.readouterr().err
    assert cli.main(["rates", "--corpus", str(user_csv), *USER_FLAGS, "--include-short", "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    counts = table.set_index(["outlet", "label"])["count"].to_dict()
    # hand count (USER_ROWS): teroris 3 in Kabar Kita (one of them "para teroris"), pemberontak 2 in Warta Kota
    assert counts[("Kabar Kita", "teroris")] == 3 and counts[("Warta Kota", "pemberontak")] == 2
    assert (table["voice"] == "all").all() and (table["count"] > 0).all()
    assert cli.main(["rates", "--corpus", str(user_csv), *USER_FLAGS, "--voice", "quoted", "--include-short",
                     "--format", "csv"]) == 0
    quoted = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert quoted[["outlet", "label", "count"]].values.tolist() == [["Kabar Kita", "teroris", 1]]


def test_rates_with_no_label_found_exits_1(tmp_path, capsys):
    path = tmp_path / "plain.jsonl"
    path.write_text('{"text": "Hujan turun sepanjang hari di kota itu.", "outlet": "Cuaca"}\n', encoding="utf-8")
    assert cli.main(["rates", "--corpus", str(path)]) == 1
    assert "no label found" in capsys.readouterr().err


def test_keyness_equals_the_api(seed_corpus, capsys):
    assert cli.main(["keyness", "Suara.com", "--corpus", str(CORPUS), "--format", "csv", "--top", "5"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    expected = bingkai.keyness(seed_corpus.copy(), target="Suara.com").head(5)
    assert table["term"].tolist() == expected["term"].tolist()
    assert table["ll"].round(6).tolist() == expected["ll"].round(6).tolist()
    assert cli.main(["keyness", "No Such Outlet", "--corpus", str(CORPUS)]) == 2
    assert "is not a value of column 'outlet'" in capsys.readouterr().err


def test_commands_share_one_option_set():
    subs = dict(subparsers(cli.build_parser()))
    shared = {"--corpus", "--text", "--outlet", "--title", "--published", "--doc-id", "--format", "--width",
              "--progress"}
    for name in ("kwic", "rates", "keyness", "report"):
        options = {o for a in subs[name]._actions for o in a.option_strings}
        assert shared <= options, name


# --- pipes and exit codes on a generated multi-outlet corpus -----------------------------------------

@pytest.fixture(scope="module")
def synth_corpus(synthetic_path) -> Path:
    # five outlets of text bingkai was not written for
    return synthetic_path


@pytest.mark.slow
def test_reader_that_stops_early_ends_the_command_quietly(seed_corpus, tmp_path):
    # the seed corpus 20 times over, under new ids: ~1,200 "yang" lines, more
    # than a pipe holds (64 KiB on Linux), so the command is still writing
    # when the reader goes away
    seeds = seed_corpus.copy()
    copies = pd.concat([seeds.assign(doc_id=seeds["doc_id"] + f"_{k:02d}") for k in range(20)])
    (tmp_path / "big").mkdir()
    copies.to_json(tmp_path / "big" / "articles.jsonl", orient="records", lines=True, force_ascii=False)
    env = dict(os.environ, BINGKAI_PROGRESS="0")
    proc = subprocess.Popen([*BINGKAI, "kwic", "yang", "--corpus", str(tmp_path / "big")],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    first = proc.stdout.readline()   # `| head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 0
    assert b"[yang]" in first
    assert "Traceback" not in err and "BrokenPipeError" not in err


@pytest.mark.slow
def test_rates_and_keyness_on_generated_outlets(synth_corpus, capsys):
    assert cli.main(["rates", "--corpus", str(synth_corpus), "--title", "title", "--published", "published",
                     "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert table["outlet"].nunique() >= 3
    assert ((table["ci_low"] <= table["rate"]) & (table["rate"] <= table["ci_high"])).all()
    outlet = sorted(table["outlet"].unique())[0]
    assert cli.main(["keyness", outlet, "--corpus", str(synth_corpus), "--alpha", "0.001", "--top", "0",
                     "--unit", "lower", "--format", "csv"]) == 0
    key = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    assert len(key) > 0 and (key["p"] < 0.001).all()


# --- the report hook ---------------------------------------------------------------------------

def test_report_shares_the_corpus_options(monkeypatch, capsys):
    import bingkai.report.notebooks

    seen = {}

    def write_report(corpus_path, out, **options):
        seen.update(corpus=str(corpus_path), out=str(out), **options)
        return ["01.ipynb"]

    monkeypatch.setattr(bingkai.report.notebooks, "write_report", write_report)
    assert cli.main(["report", "--corpus", "my.csv", "--text", "body", "--column", "outlet=site",
                     "--out", "rep"]) == 0
    assert seen["corpus"] == "my.csv" and seen["out"] == "rep"
    assert seen["columns"] == {"text": "body", "outlet": "site"}
    assert "wrote 1 notebooks" in capsys.readouterr().out
    assert seen["formats"] == ["pdf", "svg", "png"]  # every format by default
    assert cli.main(["report", "other.csv", "--out", "rep", "--formats", "png, svg"]) == 0   # the positional form
    assert seen["corpus"] == "other.csv" and seen["columns"] is None
    assert seen["formats"] == ["png", "svg"]
    assert cli.main(["report", "--out", "rep", "--column", "text"]) == 2
    assert "is not FIELD=COLUMN" in capsys.readouterr().err


def test_unreadable_corpus_file_is_one_line(user_csv, monkeypatch, capsys):
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == user_csv.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert cli.main(["kwic", "teroris", "--corpus", str(user_csv), *USER_FLAGS]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "my_articles.csv" in err and "Permission denied" in err


@pytest.mark.slow
def test_sigterm_during_a_build_leaves_no_temp_files(tmp_path):
    import shutil
    import signal
    import time

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "corpus").mkdir()
    shutil.copy(CORPUS / "sources.csv", tmp_path / "corpus" / "sources.csv")
    # the `bingkai` script, with the renames stalled so the temp files are on disk when TERM comes
    script = ("import sys, time, bingkai.io.seed, bingkai.cli\n"
              "bingkai.io.seed.os.replace = lambda src, dst: time.sleep(60)\n"
              "sys.argv = ['bingkai', 'corpus', 'build', '--out', 'out']\n"
              "sys.exit(bingkai.cli.main())\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, BINGKAI_PROGRESS="0"))
    deadline = time.monotonic() + 120
    while len(list((tmp_path / "out").glob(".*.tmp")) if (tmp_path / "out").exists() else []) < 3:
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert list((tmp_path / "out").iterdir()) == []


def test_index_folder_as_corpus(seed_corpus, tmp_path, capsys):
    folder = bingkai.index(seed_corpus.copy()).save(tmp_path / "idx")
    assert cli.main(["kwic", "teroris", "--corpus", str(CORPUS), "--format", "csv"]) == 0
    from_folder = capsys.readouterr().out
    assert cli.main(["kwic", "teroris", "--corpus", str(folder), "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_folder
    assert cli.main(["rates", "--corpus", str(folder), "--label", "teroris", "--format", "csv"]) == 0
    assert "teroris" in capsys.readouterr().out


def test_skipped_rows_are_one_warning_line(user_csv, capsys):
    with open(user_csv, "a", encoding="utf-8", newline="") as fh:
        fh.write('Kabar Kita,Judul kosong,"",2024-12-05\n')   # row 6: no text
    assert cli.main(["kwic", "teroris", "--corpus", str(user_csv), *USER_FLAGS]) == 0
    err = capsys.readouterr().err.splitlines()
    # read_articles' reading summary goes to stderr too (stdout is the concordance)
    warned = [line for line in err if line.startswith("bingkai: warning: ")]
    assert len(warned) == 1 and "skipped 1 of 5 articles" in warned[0] and "6 (empty text)" in warned[0]
    assert not any("Warning" in line or "warnings.warn" in line for line in err)


def test_kwic_by_cql(capsys):
    # a one-token CQL query finds what the word query finds (8 seed lines in every part,
    # hand-counted in test_kwic)
    assert cli.main(["kwic", '[lower="teroris"]', "--match", "cql", "--corpus", str(CORPUS),
                     "--parts", "title", "subtitle", "body"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("8 lines;")


def test_every_parts_option_has_the_views_default():
    # issue 20 item 4: one parts= default, the CLI's --parts included (kwic searched all three)
    from bingkai.constants import DEFAULT_PARTS

    found = {}
    for name, sub in subparsers(cli.build_parser()):
        for action in sub._actions:
            if "--parts" in action.option_strings:
                found[name] = action.default
    assert set(found) >= {"kwic", "rates"}
    assert found == {name: list(DEFAULT_PARTS) for name in found}
