"""Corpus build integrity (issue 15): seeds verified against seeds/SHA256SUMS,
bare seed names, the outputs written as one unit, temp files and OS errors,
bad values in articles.jsonl."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import bingkai
import bingkai.io.seed as corpus_module
from bingkai import cli
from bingkai.errors import BingkaiInputError

ROOT = Path(__file__).resolve().parents[2]
SEED = "002_181437171e2747dd.txt"


@pytest.fixture()
def workdir(tmp_path, monkeypatch):
    """A copy of seeds/ (with its SHA256SUMS) and corpus/sources.csv; cwd = the copy."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "corpus").mkdir()
    shutil.copy(ROOT / "corpus" / "sources.csv", tmp_path / "corpus" / "sources.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(**options):
    return bingkai.build_seed_corpus(seeds="seeds", sources="corpus/sources.csv", out="out", progress=False,
                                **options)


def sha256sums(directory: Path) -> dict[str, str]:
    """``{name: sha256}`` of a SHA256SUMS, parsed here independently of bingkai."""
    pairs = (line.split("  ", 1) for line in (directory / "SHA256SUMS").read_text().splitlines())
    return {name: digest for digest, name in pairs}


def edit_sources(workdir: Path, old: str, new: str) -> None:
    path = workdir / "corpus" / "sources.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def no_litter(directory: Path) -> bool:
    return not any(p.name.endswith(".tmp") for p in directory.iterdir())


# --- seeds verified against seeds/SHA256SUMS ---------------------------------------------------

def test_seed_with_one_word_changed_is_refused_until_accepted(workdir):
    seed = workdir / "seeds" / SEED
    text = seed.read_text(encoding="utf-8")
    assert " pasukan " in text
    seed.write_text(text.replace(" pasukan ", " tentara ", 1), encoding="utf-8")
    with pytest.raises(BingkaiInputError) as err:
        build()
    message = str(err.value)
    assert message.startswith(f"seeds/{SEED}: the seed changed")
    assert "bingkai corpus build --accept-seeds" in message and "git checkout" in message
    assert not (workdir / "out").exists()

    frame = build(accept_seeds=True)
    new_digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    assert sha256sums(workdir / "seeds")[SEED] == new_digest
    assert frame.set_index("doc_id").loc[SEED[:-4], "source_sha256"] == new_digest
    build()  # accepted: the next build verifies against the new checksum


def test_new_seed_and_missing_manifest_are_refused(workdir):
    shutil.copy(workdir / "seeds" / SEED, workdir / "seeds" / "005_new.txt")
    with open(workdir / "corpus" / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write("005_new,005_new.txt,Contoh.id,contoh.id,2024-12-03,test,2024-hts-offensive,,\n")
    with pytest.raises(BingkaiInputError, match=r"seeds/005_new\.txt: a new seed, not listed in "
                                                r"seeds/SHA256SUMS.*--accept-seeds"):
        build()
    (workdir / "seeds" / "SHA256SUMS").unlink()
    with pytest.raises(BingkaiInputError, match=r"seeds/SHA256SUMS: no seed checksums.*--accept-seeds"):
        build()
    assert len(build(accept_seeds=True)) == 6
    assert sorted(sha256sums(workdir / "seeds")) == sorted(p.name for p in (workdir / "seeds").glob("*.txt"))


def test_removed_seed_must_be_accepted_too(workdir):
    (workdir / "seeds" / SEED).unlink()
    path = workdir / "corpus" / "sources.csv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith(SEED[:-4])), encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=rf"seeds/SHA256SUMS: lists 1 seed\(s\) .*{SEED}"):
        build()
    assert len(build(accept_seeds=True)) == 4
    assert SEED not in sha256sums(workdir / "seeds")


def test_failed_accepting_build_keeps_the_old_checksums(workdir):
    before = (workdir / "seeds" / "SHA256SUMS").read_bytes()
    (workdir / "seeds" / SEED).write_bytes(b"")
    with pytest.raises(BingkaiInputError, match="the seed is empty"):
        build(accept_seeds=True)
    assert (workdir / "seeds" / "SHA256SUMS").read_bytes() == before


def test_damaged_seed_manifest_names_the_line(workdir):
    manifest = workdir / "seeds" / "SHA256SUMS"
    manifest.write_text(manifest.read_text() + "not a checksum line\n")
    with pytest.raises(BingkaiInputError, match=r"seeds/SHA256SUMS, line 6: not '<sha256>  <file name>'"):
        build()


# --- `file` is a bare .txt name inside seeds/, each at most once ----------------------------------

@pytest.mark.parametrize("name, problem", [
    ("../corpus/sources.csv", "is not a bare file name"),
    ("./002_181437171e2747dd.txt", "is not a bare file name"),
    ("sub/002_181437171e2747dd.txt", "is not a bare file name"),
    ("..\\\\corpus\\\\x.txt", "is not a bare file name"),
    ("sources.csv", "is not a .txt seed"),
])
def test_file_must_be_a_bare_seed_name(workdir, name, problem):
    edit_sources(workdir, f",{SEED},", f",{name},")
    with pytest.raises(BingkaiInputError) as err:
        build()
    assert str(err.value).startswith(f"corpus/sources.csv, row 4: file {name!r} {problem}")
    assert not (workdir / "out").exists()


def test_one_seed_cannot_be_listed_twice_through_dot_slash(workdir):
    # the failure of the issue: ./000_… passed the duplicate check and the seed counted twice
    edit_sources(workdir, "002_181437171e2747dd.txt", "./000_cc91cd6fd570bbb7.txt")
    with pytest.raises(BingkaiInputError, match="row 4: file './000_cc91cd6fd570bbb7.txt' is not a bare"):
        build()


# --- the outputs are one unit ------------------------------------------------------------------

def test_corpus_manifest_lists_both_outputs(workdir):
    build()
    sums = sha256sums(workdir / "out")
    assert sorted(sums) == ["articles.jsonl", "removed.csv"]
    for name, digest in sums.items():
        assert hashlib.sha256((workdir / "out" / name).read_bytes()).hexdigest() == digest


def test_crash_between_the_renames_is_detected_by_load_corpus(workdir, monkeypatch):
    build()
    seed = workdir / "seeds" / SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace(" pasukan ", " tentara ", 1), encoding="utf-8")
    real_replace, calls = os.replace, []

    def crash_on_second_rename(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # articles.jsonl is in place, removed.csv and SHA256SUMS are not
            raise OSError(errno.EIO, "simulated crash")
        real_replace(src, dst)

    monkeypatch.setattr(corpus_module.os, "replace", crash_on_second_rename)
    with pytest.raises(BingkaiInputError, match="cannot write the corpus"):
        build(accept_seeds=True)
    monkeypatch.setattr(corpus_module.os, "replace", real_replace)
    assert no_litter(workdir / "out")
    with pytest.raises(BingkaiInputError, match=r"out/articles\.jsonl: does not match its sha256 in "
                                                r"out/SHA256SUMS.*interrupted.*bingkai corpus build"):
        bingkai.load_corpus("out")


def test_edited_removed_csv_is_detected(workdir):
    build()
    with open(workdir / "out" / "removed.csv", "a", encoding="utf-8") as fh:
        fh.write("x,1,y,blank\n")
    with pytest.raises(BingkaiInputError, match=r"out/removed\.csv: does not match"):
        bingkai.load_corpus("out")


def test_corpus_without_manifest_still_loads(workdir):
    # a corpus written by hand (or by an older bingkai) has nothing to check against
    build()
    (workdir / "out" / "SHA256SUMS").unlink()
    assert len(bingkai.load_corpus("out")) == 5


def test_temp_litter_of_a_killed_build_is_removed_by_the_next(workdir):
    build()
    litter = [workdir / "out" / ".articles.jsonl.k1ll3d.tmp", workdir / "out" / ".SHA256SUMS.x.tmp"]
    for path in litter:
        path.write_text("half written", encoding="utf-8")
    keep = workdir / "out" / "notes.tmp"  # not ours: left alone
    keep.write_text("mine", encoding="utf-8")
    build()
    assert not any(path.exists() for path in litter) and keep.exists()


def test_interrupt_while_writing_leaves_no_temp_files(workdir, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(corpus_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build()
    assert no_litter(workdir / "out")


def test_gitignore_hides_build_temp_files():
    patterns = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "corpus/.*.tmp" in patterns


# --- OS errors: one line naming the path and what to do ------------------------------------------

def test_read_only_output_is_one_line_naming_the_path(workdir, monkeypatch, capsys):
    def refuse(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr(corpus_module.tempfile, "mkstemp", refuse)
    assert cli.main(["corpus", "build", "--out", "out"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("bingkai: error: out: cannot write the corpus (Permission denied). Check that you may "
                          "write to out (ls -ld)")
    assert no_litter(workdir / "out")


def test_unreadable_seed_is_one_line_naming_the_path(workdir, monkeypatch, capsys):
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == SEED:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert cli.main(["corpus", "build", "--out", "out"]) == 2
    err = capsys.readouterr().err
    assert err == (f"bingkai: error: seeds/{SEED}: cannot read the seeds (Permission denied). "
                   "Check its permissions (ls -l) and that it is readable by you, then retry\n")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a non-root POSIX user: root may write to a read-only directory")
def test_really_read_only_output_directory(workdir, capsys):
    (workdir / "out").mkdir()
    (workdir / "out").chmod(0o500)
    try:
        assert cli.main(["corpus", "build", "--out", "out"]) == 2
    finally:
        (workdir / "out").chmod(0o700)
    assert "cannot write the corpus (Permission denied)" in capsys.readouterr().err


# --- bad values in articles.jsonl ----------------------------------------------------------------------

def rewrite_line(directory: Path, number: int, **changes) -> None:
    path = directory / "articles.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    obj = json.loads(lines[number - 1])
    obj.update(changes)
    lines[number - 1] = json.dumps(obj, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (directory / "SHA256SUMS").unlink()  # a hand edit: only the value checks apply


@pytest.mark.parametrize("changes, problem", [
    ({"lines_kept": "abc"}, 'lines_kept is "abc", not a count'),
    ({"lines_dropped": -1}, "lines_dropped is -1, not a count"),
    ({"lines_kept": True}, "lines_kept is true, not a count"),
    ({"outlet": None}, "outlet is null, not a string"),
    ({"published": 2024}, "published is 2024, not a string"),
    ({"body_lines": [1, "2"]}, "body_lines is not a list of line numbers"),
    ({"body_lines": [1], "lines_kept": 2}, "lines_kept is 2 but body_lines lists 1 lines"),
])
def test_bad_metadata_value_names_the_line(workdir, changes, problem):
    build()
    rewrite_line(workdir / "out", 3, **changes)
    with pytest.raises(BingkaiInputError) as err:
        bingkai.load_corpus("out")
    assert str(err.value).startswith(f"out/articles.jsonl, line 3: {problem}")


def test_repeated_doc_id_in_articles_jsonl(workdir):
    build()
    path = workdir / "out" / "articles.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + lines[1:2]) + "\n", encoding="utf-8")
    (workdir / "out" / "SHA256SUMS").unlink()
    with pytest.raises(BingkaiInputError, match=r"line 6: doc_id '001_a03656e30dc132ac' is also on line 2"):
        bingkai.load_corpus("out")


def test_duplicate_doc_id_advice_fits_a_frame_from_load_corpus(seed_corpus):
    corpus = seed_corpus.copy()
    doubled = pd.concat([corpus, corpus.iloc[[2]]], ignore_index=True)
    with pytest.raises(BingkaiInputError) as err:
        bingkai.label_rates(doubled)
    message = str(err.value)
    assert "'002_181437171e2747dd' occurs more than once" in message and "rows 2 and 5" in message
    assert "drop_duplicates('doc_id')" in message
    assert "(bingkai.load_corpus() does)" not in message


def test_unreadable_sources_table_is_an_input_error(workdir, monkeypatch):
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "sources.csv":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(BingkaiInputError, match=r"corpus/sources\.csv: cannot read the sources table "
                                                r"\(Permission denied\)\. Check its permissions"):
        build()
