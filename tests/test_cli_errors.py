"""Issue 25, clear CLI errors: a missing file is "file not found: <path>", a report that
fails leaves OUT as it was, every error is one line with exit code 2.

The ``bingkai`` command is called in-process through its console-script entry point, so
the tests follow the command wherever the code lives. Starting a Jupyter kernel is
replaced by a stand-in that fails, as a kernel that dies would.
"""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "tests" / "data" / "example_corpus.csv"   # columns media, tanggal, judul, isi
EXAMPLE_COLUMNS = ["--column", "text=isi", "--column", "outlet=media", "--column", "title=judul",
                   "--column", "published=tanggal"]


def bingkai_main():
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "bingkai"]
    return script.load()


def run(argv: list[str], capsys) -> tuple[int, list[str], str]:
    """Exit code, the non-empty stderr lines, and stderr itself."""
    try:
        code = bingkai_main()(argv)
    except SystemExit as exit_:  # argparse's way out
        code = exit_.code
    _, err = capsys.readouterr()
    return code, [line for line in err.splitlines() if line.strip()], err


class KernelDied(RuntimeError):
    pass


@pytest.fixture
def dying_kernel(monkeypatch):
    """Every kernel start fails: a report that gets as far as running a notebook fails there."""
    from jupyter_client.manager import AsyncKernelManager, KernelManager

    def die(*args, **kwargs):
        raise KernelDied("the kernel died before it started")

    async def die_async(*args, **kwargs):
        die()

    monkeypatch.setattr(KernelManager, "start_kernel", die)
    monkeypatch.setattr(AsyncKernelManager, "start_kernel", die_async)


def snapshot(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
            for p in sorted(folder.rglob("*"))}


MISSING = [
    ["kwic", "teroris", "--corpus", "{missing}"],
    ["rates", "--corpus", "{missing}"],
    ["keyness", "Kompas", "--corpus", "{missing}"],
    ["report", "{missing}", "--out", "{out}"],
]


@pytest.mark.parametrize("argv", MISSING, ids=[a[0] for a in MISSING])
def test_a_missing_file_is_file_not_found(argv, tmp_path, capsys, monkeypatch, dying_kernel):
    monkeypatch.chdir(tmp_path)
    missing = "no_such_articles.csv"
    code, lines, err = run([a.format(missing=missing, out="out") for a in argv], capsys)
    assert code == 2, err
    assert "Traceback" not in err and len(lines) == 1, err
    # the path as given, or made absolute
    assert re.search(rf"file not found: \S*{re.escape(missing)}", lines[0]), lines[0]
    assert not (tmp_path / "out").exists()


def test_a_report_refused_for_a_bad_column_leaves_no_out_folder(tmp_path, capsys, dying_kernel):
    out = tmp_path / "report"
    code, lines, err = run(["report", str(EXAMPLE), "--out", str(out), "--column", "text=nosuch",
                            "--column", "outlet=media"], capsys)
    assert code == 2 and len(lines) == 1 and "nosuch" in lines[0], err
    assert snapshot(out) is None


@pytest.mark.parametrize("existing", [False, True], ids=["new-out", "forced-over-existing-out"])
def test_a_report_that_fails_while_running_leaves_out_as_it_was(existing, tmp_path, capsys, dying_kernel):
    out = tmp_path / "report"
    if existing:  # a previous report the user chose to overwrite (--force): kept whole when this one fails
        (out / "figures").mkdir(parents=True)
        (out / "01_corpus.ipynb").write_text('{"cells": []}', encoding="utf-8")
        (out / "figures" / "old.png").write_bytes(b"\x89PNG old")
    before = snapshot(out)
    argv = ["report", str(EXAMPLE), "--out", str(out), *EXAMPLE_COLUMNS] + (["--force"] if existing else [])
    code, lines, err = run(argv, capsys)
    assert code == 2, err
    assert "Traceback" not in err and len(lines) == 1, err
    assert "kernel died" in lines[0] or "01_corpus" in lines[0], lines[0]  # says what failed
    assert snapshot(out) == before
    # no half-written sibling left behind either
    assert sorted(p.name for p in tmp_path.iterdir()) == (["report"] if existing else [])
