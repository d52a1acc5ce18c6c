"""A trustworthy on-disk stem cache (issue 15): per-entry checksums, no empty
keys, merging concurrent writers, an absolute BINGKAI_CACHE_DIR, and
in-memory fallback with one warning; protected.csv read errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pytest

import bingkai.text.stemming as stem_module
from bingkai.errors import BingkaiInputError
from bingkai.text.stemming import Stemmer, load_protected


@pytest.fixture(autouse=True)
def fresh_warning_memory(monkeypatch):
    # "one warning per directory" is per process; every test starts afresh
    monkeypatch.setattr(stem_module, "_WARNED_DIRS", set(), raising=False)
    monkeypatch.setattr(stem_module, "_ENV_DIRS", {}, raising=False)
    monkeypatch.delenv(stem_module.CACHE_ENV, raising=False)


def entries(path: Path) -> dict[str, str]:
    """word -> stem of a cache file, read here without bingkai's checks."""
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return {line.split("\t")[0]: line.split("\t")[1] for line in lines}


def quietly(make):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = make()
    return value, [str(w.message) for w in caught]


# --- per-entry checksums ------------------------------------------------------------------------

def test_truncated_last_line_from_the_issue_is_not_trusted(tmp_path):
    first = Stemmer(cache_dir=tmp_path)
    first.stem_many(["mencintai", "pasukan"])
    # the failure of the issue: an interrupted write left "menyerang\tsera"
    with open(first.cache_path, "a", encoding="utf-8") as fh:
        fh.write("menyerang\tsera")
    again, messages = quietly(lambda: Stemmer(cache_dir=tmp_path))
    assert len(messages) == 1 and "ignoring 1 damaged entry (line 4)" in messages[0]
    assert again.stats["loaded_from_disk"] == 2
    assert again.stem_token("menyerang") == "serang"   # PySastrawi: meny- + serang
    assert again.stats["sastrawi_calls"] == 1
    again.save()
    assert entries(again.cache_path)["menyerang"] == "serang"  # repaired, not made permanent


def test_a_cut_off_file_keeps_its_complete_entries(tmp_path):
    first = Stemmer(cache_dir=tmp_path)
    first.stem_many(["mencintai", "menerangi", "pasukannya"])
    raw = first.cache_path.read_bytes()
    first.cache_path.write_bytes(raw[:-5])   # the last entry loses its checksum's end
    again, messages = quietly(lambda: Stemmer(cache_dir=tmp_path))
    assert again.stats["loaded_from_disk"] == 2 and len(messages) == 1


def test_edited_entry_is_dropped(tmp_path):
    first = Stemmer(cache_dir=tmp_path)
    first.stem_many(["mencintai", "menerangi"])
    text = first.cache_path.read_text(encoding="utf-8")
    assert "mencintai\tcinta\t" in text
    first.cache_path.write_text(text.replace("mencintai\tcinta\t", "mencintai\tcintaku\t"), encoding="utf-8")
    again, messages = quietly(lambda: Stemmer(cache_dir=tmp_path))
    assert again.stats["loaded_from_disk"] == 1 and "damaged" in messages[0]
    assert again.stem("mencintai") == "cinta"


def test_line_copied_from_another_cache_key_fails_its_checksum(tmp_path):
    plain = Stemmer(protected={}, cache_dir=tmp_path)
    plain.stem_many(["pasukan"])
    ours = Stemmer(cache_dir=tmp_path)
    ours.stem_many(["mencintai"])
    foreign = plain.cache_path.read_text(encoding="utf-8").splitlines()[1]
    assert foreign.startswith("pasukan\tpasu\t")
    with open(ours.cache_path, "a", encoding="utf-8") as fh:
        fh.write(foreign + "\n")
    again, _ = quietly(lambda: Stemmer(cache_dir=tmp_path))
    assert again.stem("pasukan") == "pasukan"   # the protected stem, not plain Sastrawi's "pasu"


# --- never an empty key ----------------------------------------------------------------------------

def test_stem_of_empty_text_writes_no_empty_key(tmp_path):
    first = Stemmer(cache_dir=tmp_path)
    assert first.stem("") == ""
    first.stem_many(["", "mencintai", "  "])
    raw = first.cache_path.read_text(encoding="utf-8")
    assert "\n\t" not in raw and all(line.split("\t")[0] for line in raw.splitlines()[1:])
    # before the fix the bare tab line made the next run discard the whole cache
    again, messages = quietly(lambda: Stemmer(cache_dir=tmp_path))
    assert messages == [] and again.stats["loaded_from_disk"] == 1


# --- concurrent writers ------------------------------------------------------------------------------

def test_two_stemmers_saving_to_one_cache_keep_each_others_entries(tmp_path):
    a, b = Stemmer(cache_dir=tmp_path), Stemmer(cache_dir=tmp_path)   # both load the same (empty) file
    a.stem_many(["mencintai"])
    b.stem_many(["menerangi"])   # saved after a: must not drop a's entry
    assert entries(a.cache_path) == {"mencintai": "cinta", "menerangi": "rang"}
    a.stem_many(["pasukannya"])
    assert set(entries(a.cache_path)) == {"mencintai", "menerangi", "pasukannya"}


@pytest.mark.slow
def test_concurrent_processes_lose_no_entries(tmp_path):
    words = ["mencintai", "menerangi", "menyerang", "pasukannya", "pemerintahan", "kekuasaan",
             "pertahanan", "membunuh", "dibom", "penyerangan", "perdamaian", "bersenjata"]
    # every process loads the (empty) cache, then all stem and save at once:
    # the case where a last writer used to drop everyone else's entries
    script = textwrap.dedent("""
        import sys, time
        from pathlib import Path
        from bingkai.text.stemming import Stemmer
        stemmer = Stemmer(cache_dir=sys.argv[1])
        Path(sys.argv[1], "ready-" + sys.argv[2]).touch()
        while not Path(sys.argv[1], "go").exists():
            time.sleep(0.01)
        stemmer.stem_many(sys.argv[3:])
    """)
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(k), *words[k::3]])
             for k in range(3)]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < 3:
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
        time.sleep(0.02)
    (tmp_path / "go").touch()
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    saved = entries(next(tmp_path.glob("stems_*.tsv")))
    assert sorted(saved) == sorted(words)
    reference = Stemmer()
    assert saved == {w: reference.stem(w) for w in words}
    assert not list(tmp_path.glob("*.tmp"))


# --- BINGKAI_CACHE_DIR -----------------------------------------------------------------------------------

def test_relative_cache_dir_is_made_absolute_once(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.setenv(stem_module.CACHE_ENV, "stems")
    monkeypatch.chdir(tmp_path / "a")
    first = Stemmer()
    monkeypatch.chdir(tmp_path / "b")   # e.g. a notebook that changes directory
    second = Stemmer()
    assert first.cache_dir == second.cache_dir == tmp_path / "a" / "stems"
    second.stem_many(["mencintai"])
    assert (tmp_path / "a" / "stems").is_dir() and not (tmp_path / "b" / "stems").exists()


def test_cache_dir_that_is_a_file_degrades_to_memory_with_one_warning(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(stem_module.CACHE_ENV, str(blocker))

    def work():
        s = Stemmer()
        out = s.stem_many(["mencintai", "menerangi"])
        out |= Stemmer().stem_many(["pasukannya"])
        return out

    out, messages = quietly(work)
    assert out == {"mencintai": "cinta", "menerangi": "rang", "pasukannya": "pasukan"}
    assert len(messages) == 1 and "cannot be used (it is not a directory)" in messages[0]
    assert blocker.read_text(encoding="utf-8") == "x"


def test_cache_dir_below_a_file(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    s, _ = quietly(lambda: Stemmer(cache_dir=tmp_path / "file" / "stems"))
    out, messages = quietly(lambda: s.stem_many(["mencintai"]))
    assert out == {"mencintai": "cinta"} and len(messages) == 1 and "in memory only" in messages[0]


def test_read_only_cache_dir_degrades_to_memory_with_one_warning(tmp_path, monkeypatch):
    # simulated (tests may run as root, who can write anywhere): every write is refused
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(stem_module.tempfile, "mkstemp", refuse)
    s = Stemmer(cache_dir=tmp_path)

    def work():
        first = s.stem_many(["mencintai"])
        second = s.stem_many(["menerangi"])
        return first | second, s.save()

    (out, saved), messages = quietly(work)
    assert out == {"mencintai": "cinta", "menerangi": "rang"} and saved is None
    assert len(messages) == 1 and "(Permission denied)" in messages[0]
    assert not list(tmp_path.iterdir()) or not list(tmp_path.glob("*.tsv"))


# --- protected.csv read errors ------------------------------------------------------------------

def test_protected_csv_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "protected.csv"
    path.write_bytes(b"word,stem,why\npasukan,pasukan,x\nkafe,kaf\xe9,latin-1\n")
    with pytest.raises(BingkaiInputError, match=r"protected\.csv, line 3: not valid UTF-8 \(byte 0xe9"):
        load_protected(path)


def test_protected_csv_that_is_a_directory(tmp_path):
    with pytest.raises(BingkaiInputError, match="is a directory, not a CSV file"):
        Stemmer(protected=tmp_path)
