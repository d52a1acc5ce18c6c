"""Issue 23, the command line: every bad value is one line and exit 2, the help's own examples run.

The ``bingkai`` command is called in-process through its console-script entry
point (``importlib.metadata``), so the tests follow the command wherever the
code lives. For ``bingkai report``, starting a Jupyter kernel or executing a
notebook is replaced by a stand-in that records the call (``_Ran``) or, for
the period tests, copies the notebook unexecuted: "fails before running
anything" is then checked directly, not by time.
"""

from __future__ import annotations

import csv
import io
import re
from importlib.metadata import entry_points
from pathlib import Path

import pandas as pd
import pytest

import bingkai

REPO = Path(__file__).resolve().parents[1]
SEED_CORPUS = REPO / "corpus"
BODY = ("Juru bicara militer mengatakan kelompok teroris menyerang pos di kota itu pada malam hari. "
        "Pasukan pemerintah menyerang HTS di Idlib sebagai balasan atas serangan tersebut. "
        "Warga setempat mengungsi ke desa tetangga karena takut serangan berikutnya. ") * 2
NO_VALUE_FLAGS = {"--help", "--progress", "--no-progress", "--force", "--accept-seeds", "--zeros",
                  "--include-short", "--version"}
COMMANDS = (("corpus", "build"), ("kwic",), ("rates",), ("keyness",), ("report",))


def _main():
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "bingkai"]
    return script.load()


def _articles(tmp: Path, *, url: bool = True) -> Path:
    """Three rows: two scrapes of one URL (Kompas) and one Tempo article (without ``url``:
    three articles, the URL column left out)."""
    path = tmp / ("arts.csv" if url else "dated.csv")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["outlet", "text", "url", "published", "phase"])
        writer.writerow(["Kompas", BODY, "https://kompas.example/1", "3 Maret 2020", "sebelum"])
        writer.writerow(["Kompas", BODY + " Diperbarui pukul sepuluh.", "https://kompas.example/1", "3 Maret 2020",
                         "sebelum"])
        writer.writerow(["Tempo", BODY + " Laporan Tempo.", "https://tempo.example/2", "20 April 2020", "sesudah"])
    if not url:
        frame = pd.read_csv(path, dtype=str).drop(columns="url")
        frame.to_csv(path, index=False)
    return path


class _Ran(BaseException):
    """Raised by the stand-in for a kernel start or a notebook execution."""


@pytest.fixture
def no_kernel(monkeypatch):
    """Any kernel start or notebook execution raises ``_Ran``."""
    import papermill
    from jupyter_client.manager import KernelManager

    def ran(*args, **kwargs):
        raise _Ran()

    monkeypatch.setattr(KernelManager, "start_kernel", ran)
    monkeypatch.setattr(papermill, "execute_notebook", ran)


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = _main()(argv)
    except _Ran:
        pytest.fail(f"`bingkai {' '.join(argv)}` started a kernel or a notebook before rejecting the input")
    out, err = capsys.readouterr()
    return code, out, err


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


# --- the table: every documented flag of every command with a bad value ------------------------

SHARED_BAD = {
    "--corpus": ["--corpus", "{tmp}/missing.csv"],
    "--text": ["--corpus", "{arts}", "--text", "nocol"],
    "--outlet": ["--corpus", "{arts}", "--outlet", "nocol"],
    "--title": ["--corpus", "{arts}", "--title", "nocol"],
    "--published": ["--corpus", "{arts}", "--published", "nocol"],
    "--doc-id": ["--corpus", "{arts}", "--doc-id", "nocol"],
    "--url": ["--corpus", "{arts}", "--url", "nocol"],
    "--format": ["--format", "xml"],
    "--width": ["--width", "abc"],
}
# (command, flag) -> (argv after the command, the bad value the one line must name)
BAD: dict[tuple[str, str], tuple[list[str], str]] = {}
for _flag, _argv in SHARED_BAD.items():
    _value = _argv[-1].replace("{tmp}/", "")
    BAD[("kwic", _flag)] = (["teroris"] + _argv, _value)
    BAD[("rates", _flag)] = (_argv, _value)
    BAD[("keyness", _flag)] = (["Kompas"] + _argv, _value)
    _corpus = "{arts}" if _argv[0] == "--corpus" else "{seed}"
    BAD[("report", _flag)] = ([_corpus, "--out", "{tmp}/out"]
                              + (_argv[2:] if _argv[0] == "--corpus" else _argv), _value)
BAD[("report", "--corpus")] = (["--corpus", "{tmp}/missing.csv", "--out", "{tmp}/out"], "missing.csv")
BAD.update({
    ("corpus build", "--seeds"): (["--seeds", "{tmp}/noseeds", "--sources", "{repo}/corpus/sources.csv",
                                   "--out", "{tmp}/built"], "noseeds"),
    ("corpus build", "--sources"): (["--seeds", "{repo}/seeds", "--sources", "{tmp}/nosources.csv",
                                     "--out", "{tmp}/built"], "nosources.csv"),
    ("corpus build", "--out"): (["--seeds", "{repo}/seeds", "--sources", "{repo}/corpus/sources.csv",
                                 "--out", "{tmp}/a_file.txt"], "a_file.txt"),
    ("kwic", "--match"): (["teroris", "--corpus", "{seed}", "--match", "bogus"], "bogus"),
    ("kwic", "--window"): (["teroris", "--corpus", "{seed}", "--window", "-1"], "-1"),
    ("kwic", "--voice"): (["teroris", "--corpus", "{seed}", "--voice", "bogus"], "bogus"),
    ("kwic", "--sort"): (["teroris", "--corpus", "{seed}", "--sort", "9Z"], "9Z"),
    ("kwic", "--context"): (["teroris", "--corpus", "{seed}", "--context", "   "], "'   '"),
    ("kwic", "--parts"): (["teroris", "--corpus", "{seed}", "--parts", "bogus"], "bogus"),
    ("kwic", "--lexicon"): (["teroris", "--corpus", "{seed}", "--lexicon", "nopack"], "nopack"),
    ("kwic", "QUERY"): (['[lower="teroris"', "--match", "cql", "--corpus", "{seed}"], "[lower="),
    ("rates", "--by"): (["--corpus", "{seed}", "--by", "bogus"], "bogus"),
    ("rates", "--parts"): (["--corpus", "{seed}", "--parts", "bogus"], "bogus"),
    ("rates", "--voice"): (["--corpus", "{seed}", "--voice", "bogus"], "bogus"),
    ("rates", "--ci"): (["--corpus", "{seed}", "--ci", "bogus"], "bogus"),
    ("rates", "--label"): (["--corpus", "{seed}", "--label", "nolabel"], "nolabel"),
    ("rates", "--lexicon"): (["--corpus", "{seed}", "--lexicon", "nopack"], "nopack"),
    ("keyness", "TARGET"): (["Nobody", "--corpus", "{seed}"], "Nobody"),
    ("keyness", "--by"): (["Kompas", "--corpus", "{seed}", "--by", "nocol"], "nocol"),
    ("keyness", "--reference"): (["Suara.com", "--corpus", "{seed}", "--reference", "Nobody"], "Nobody"),
    ("keyness", "--unit"): (["Suara.com", "--corpus", "{seed}", "--unit", "bogus"], "bogus"),
    ("keyness", "--min-freq"): (["Suara.com", "--corpus", "{seed}", "--min-freq", "-1"], "-1"),
    ("keyness", "--alpha"): (["Suara.com", "--corpus", "{seed}", "--alpha", "7"], "7"),
    ("keyness", "--direction"): (["Suara.com", "--corpus", "{seed}", "--direction", "bogus"], "bogus"),
    ("keyness", "--top"): (["Suara.com", "--corpus", "{seed}", "--top", "-1"], "-1"),
    ("report", "--out"): (["{seed}", "--out", "{tmp}/a_file.txt"], "a_file.txt"),
    ("report", "--lexicon"): (["{seed}", "--out", "{tmp}/out", "--lexicon", "nopack"], "nopack"),
    ("report", "--column"): (["{arts}", "--out", "{tmp}/out", "--column", "body=text"], "body"),
    ("report", "--focus"): (["{seed}", "--out", "{tmp}/out", "--focus", "ghost"], "ghost"),
    ("report", "--by"): (["{seed}", "--out", "{tmp}/out", "--by", "bogus"], "bogus"),
    ("report", "--formats"): (["{seed}", "--out", "{tmp}/out", "--formats", "gif"], "gif"),
    ("report", "--period-by"): (["{arts}", "--out", "{tmp}/out", "--by", "period", "--period-by", "nocol"],
                                "nocol"),
})
def _case(key):
    return pytest.param(key, id=f"{key[0]} {key[1]}")


def _fill(argv: list[str], tmp: Path) -> list[str]:
    arts = _articles(tmp) if not (tmp / "arts.csv").exists() else tmp / "arts.csv"
    (tmp / "a_file.txt").write_text("not a folder\n", encoding="utf-8")
    return [a.format(tmp=tmp, arts=arts, repo=REPO, seed=SEED_CORPUS) for a in argv]


@pytest.mark.parametrize("key", [_case(k) for k in sorted(BAD)])
def test_bad_value_is_one_line_exit_2(key, tmp_path, capsys, monkeypatch, no_kernel):
    monkeypatch.chdir(tmp_path)   # defaults such as --out corpus never touch the repository
    command, _ = key
    argv, value = BAD[key]
    code, _, err = _run(command.split() + _fill(argv, tmp_path), capsys)
    lines = _error_lines(err)
    assert code == 2, (code, err)
    assert "Traceback" not in err, err
    assert len(lines) == 1, lines
    assert lines[0].startswith("bingkai"), lines
    assert value in lines[0], (value, lines[0])
    assert "unknown option" not in lines[0], lines[0]   # the flag is documented, the value is bad
    assert not (tmp_path / "out").exists()   # nothing written for a report that was refused


def _documented_flags(command: tuple[str, ...], capsys) -> set[str]:
    code, out, _ = _run(list(command) + ["--help"], capsys)
    assert code == 0
    return set(re.findall(r"(?m)^\s+(?:-\w, )?(--[a-z][a-z-]*)", out)) - NO_VALUE_FLAGS


def test_the_table_covers_every_documented_flag(capsys):
    for command in COMMANDS:
        flags = _documented_flags(command, capsys)
        assert flags, command
        missing = sorted(flag for flag in flags if (" ".join(command), flag) not in BAD)
        assert not missing, (command, missing)


# --- report: --focus, --column, --period-by ------------------------------------------------------

def test_report_focus_ghost_is_refused_before_anything_runs(tmp_path, capsys, no_kernel):
    out = tmp_path / "report"
    code, _, err = _run(["report", str(SEED_CORPUS), "--out", str(out), "--focus", "ghost", "--focus", "hts"],
                        capsys)
    assert code == 2, err
    assert "ghost" in err and "hts" not in err.split("ghost", 1)[0]
    assert not out.exists()


def test_report_column_unknown_field_is_one_line(tmp_path, capsys, no_kernel):
    code, _, err = _run(["report", str(_articles(tmp_path)), "--out", str(tmp_path / "out"),
                         "--column", "body=text"], capsys)
    assert code == 2
    lines = _error_lines(err)
    assert len(lines) == 1 and "body" in lines[0] and "Traceback" not in err, err
    # the line says which fields there are
    assert "text" in lines[0] and "outlet" in lines[0], lines[0]


@pytest.mark.parametrize("how, periods", [("month", ["2020-03", "2020-03", "2020-04"]),
                                          ("quarter", ["2020Q1", "2020Q1", "2020Q2"]),
                                          ("phase", ["sebelum", "sebelum", "sesudah"])])
def test_report_period_by(how, periods, tmp_path, capsys, unexecuted):
    arts = _articles(tmp_path, url=False)   # three distinct articles
    code, _, err = _run(["report", str(arts), "--out", str(tmp_path / "out"), "--by", "period",
                         "--published", "published", "--period-by", how, "--formats", "png"], capsys)
    assert code == 0, err
    assert unexecuted and all(p["by"] == "period" for p in unexecuted)
    frame = bingkai.load_corpus(unexecuted[0]["corpus_path"])
    by_date = frame.sort_values(["published", "doc_id"])
    assert by_date["period"].tolist() == periods


# --- the CLI recognises the columns read_articles does -------------------------------------------

def test_cli_recognises_url_column_by_name(tmp_path, capsys):
    arts = _articles(tmp_path)
    code, out, err = _run(["kwic", "teroris", "--corpus", str(arts), "--format", "csv"], capsys)
    assert code == 0, err
    lines = pd.read_csv(io.StringIO(out))
    assert lines["doc_id"].nunique() == 2, lines["doc_id"].unique()
    assert "re-scrape" in err


@pytest.mark.parametrize("column", ["url", "link"])
def test_read_articles_recognises_url_column_names(tmp_path, column):
    path = tmp_path / "a.csv"
    pd.DataFrame({"outlet": ["Kompas", "Kompas"], "text": [BODY, BODY + " Diperbarui."],
                  column: ["https://kompas.example/1"] * 2}).to_csv(path, index=False)
    frame = bingkai.read_articles(path, report=False, progress=False)
    assert len(frame) == 1 and frame["url"].iloc[0] == "https://kompas.example/1"


# --- 4. the CQL help's own examples are executed --------------------------------------------------

def _help_examples(capsys) -> list[str]:
    code, out, _ = _run(["kwic", "--help"], capsys)
    assert code == 0
    flat = " ".join(out.split())
    return re.findall(r"CQL query such as '([^']+)'", flat)


def _docstring_examples() -> list[str]:
    import sys

    docs = (bingkai.query.__doc__ or "") + "\n" + (sys.modules[bingkai.query.__module__].__doc__ or "")
    found = re.findall(r"(?m)^\s{4,}((?:\[|\")[^\n]*[\]\"])\s*$", docs)
    found += re.findall(r"``('?\[[^`]*\]'?)``", docs)
    return sorted({f.strip("'") for f in found if "=" in f})


def test_cql_help_examples_run(tmp_path, capsys):
    examples = _help_examples(capsys)
    assert examples, "the kwic help shows no CQL example"
    arts = _articles(tmp_path)
    for example in examples:
        code, out, err = _run(["kwic", example, "--match", "cql", "--corpus", str(arts)], capsys)
        assert code == 0, (example, err)


def test_cql_docstring_examples_parse_and_run():
    frame = pd.DataFrame({"doc_id": ["a"], "outlet": ["Kompas"], "title": ["Judul"], "subtitle": [""],
                          "text": [BODY], "published": [""], "period": [""]})
    corpus = bingkai.index(frame, progress=False)
    examples = _docstring_examples()
    assert len(examples) >= 4, examples
    for example in examples:
        result = bingkai.query(corpus, example)
        assert list(result.columns)[:2] == ["doc_id", "outlet"], example

