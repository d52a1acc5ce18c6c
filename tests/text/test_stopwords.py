"""Tests for bingkai.stopwords.

Expectations come from PySastrawi's shipped list (StopWordRemoverFactory), the
project's own data files and the issue's rule that framing and actor words are
never stopwords.
"""

from __future__ import annotations

import pytest

import bingkai.text.stopwords as sw
from bingkai.errors import BingkaiInputError
from bingkai.text.stemming import load_protected

FRAMING_HEADS = {"pihak", "kelompok", "pasukan", "tentara", "negara"}  # issue 5's examples


def test_sastrawi_list_is_loaded_lowercase():
    words = sw.sastrawi_stopwords()
    assert {"yang", "dan", "di", "pihak", "orang", "tersebut"} <= words
    assert all(w == w.lower() and w.strip() == w and w for w in words)


def test_only_pihak_of_the_framing_heads_is_a_sastrawi_stopword():
    # 'pihak oposisi', 'kelompok teroris', 'pasukan pemerintah', 'tentara Suriah',
    # 'negara agresor': only the first head noun is on Sastrawi's list
    assert FRAMING_HEADS & sw.sastrawi_stopwords() == {"pihak"}


def test_framing_words_are_never_stopwords():
    words = sw.stopwords()
    assert not FRAMING_HEADS & words
    assert not {"pemerintah", "pemerintahan", "rezim", "oposisi", "agresor"} & words
    assert "pihak" in sw.protected_from_stopwords()


def test_protected_stems_are_never_stopwords():
    frame = load_protected()
    assert not (set(frame["word"]) | set(frame["stem"])) & sw.stopwords()


def test_lexicon_words_are_never_stopwords_unless_the_extra_list_claims_them():
    extra = set(sw.load_word_list(sw.EXTRA_PATH)["word"])
    lexicon = set(sw.lexicon_words()["word"])
    if not lexicon:
        pytest.skip("label/actor lexicons not present")
    assert not (lexicon - extra) & sw.stopwords()
    # 'para teroris' and 'Negara Islam Irak dan Suriah' do not un-stop grammar words
    assert {"dan", "para"} <= sw.stopwords()


def test_project_list_is_added_only_with_extra():
    assert "beliau" in sw.stopwords()
    assert "beliau" not in sw.stopwords(extra=False)
    assert "yang" in sw.stopwords(extra=False)
    assert sw.stopwords(extra=False) < sw.sastrawi_stopwords() | sw.stopwords()
    assert all(w == w.lower() for w in sw.stopwords())


def test_extra_list_documents_every_word():
    frame = sw.load_word_list(sw.EXTRA_PATH)
    assert (frame["why"].str.len() > 10).all()
    never = sw.load_word_list(sw.NOT_STOPWORDS_PATH)
    assert (never["why"].str.len() > 5).all()


@pytest.mark.parametrize("word, expected", [
    ("yang", True), ("YANG", True), ("Yang", True), ("Pihak", False),
    ("PEMERINTAH", False), ("Beliau", True), ("oposisi", False),
])
def test_is_stopword_case_insensitive(word, expected):
    assert sw.is_stopword(word) is expected


def test_stopword_table():
    table = sw.stopword_table()
    assert list(table.columns) == ["word", "sastrawi", "extra", "protected_by", "stopword", "why"]
    assert table["word"].is_monotonic_increasing and table["word"].is_unique
    assert set(table.loc[table["stopword"], "word"]) == sw.stopwords()
    pihak = table.set_index("word").loc["pihak"]
    assert bool(pihak["sastrawi"]) and not bool(pihak["stopword"])
    assert pihak["protected_by"].startswith("not_stopwords.csv")


def test_words_of():
    assert sw.words_of("Hay\u2019at Tahrir al-Sham") == ["hay'at", "tahrir", "al-sham", "al", "sham"]
    assert sw.words_of("pihak oposisi") == ["pihak", "oposisi"]


def test_lexicon_changes_are_picked_up(tmp_path, monkeypatch):
    labels = tmp_path / "labels.csv"
    labels.write_text("label,variant,frame,applies_to,note\nx,kata baru,f,any,\n", encoding="utf-8")
    monkeypatch.setattr(sw, "LABELS_PATH", labels)
    monkeypatch.setattr(sw, "ACTORS_PATH", tmp_path / "absent.csv")
    assert "kata" in sw.sastrawi_stopwords()
    assert not sw.is_stopword("kata")
    assert sw.is_stopword("orang")  # only the real labels.csv protects it
    labels.write_text("label,variant,frame,applies_to,note\nx,baru,f,any,\n", encoding="utf-8")
    assert sw.is_stopword("kata")  # mtime/size changed: re-read


def test_words_of_other_senses_stay_stopwords(tmp_path, monkeypatch):
    # A historical row such as "pemberontakan DI" (Darul Islam) only keeps a use
    # out of the counts: it must not turn the preposition "di" into a term.
    labels = tmp_path / "labels.csv"
    labels.write_text("label,variant,frame,applies_to,note,sense\n"
                      "pemberontak,pemberontak,f,any,,\n"
                      "pemberontak,pemberontakan di,f,any,,historical\n", encoding="utf-8")
    monkeypatch.setattr(sw, "LABELS_PATH", labels)
    monkeypatch.setattr(sw, "ACTORS_PATH", tmp_path / "absent.csv")
    assert sw.is_stopword("di")
    assert not sw.is_stopword("pemberontak")


def test_lexicon_without_expected_column(tmp_path, monkeypatch):
    labels = tmp_path / "labels.csv"
    labels.write_text("label,form\nx,y\n", encoding="utf-8")
    monkeypatch.setattr(sw, "LABELS_PATH", labels)
    with pytest.raises(BingkaiInputError, match="variant") as info:
        sw.stopword_table()
    assert info.value.path == str(labels)


def test_word_in_both_lists_is_an_error(tmp_path, monkeypatch):
    extra = tmp_path / "stopwords_extra.csv"
    extra.write_text("word,why\nbeliau,x\npihak,y\n", encoding="utf-8")
    monkeypatch.setattr(sw, "EXTRA_PATH", extra)
    with pytest.raises(BingkaiInputError, match="pihak") as info:
        sw.stopword_table()
    assert info.value.path == str(extra) and info.value.row == 3


@pytest.mark.parametrize("text, row, message", [
    ("word\nx\n", 1, "header"),
    ("word,why,extra\nx,y,z\n", 1, "header"),
    ("word,why\nx,y\n\n,z\n", 4, "empty"),
    ("word,why\ndua kata,z\n", 2, "single word"),
    ("word,why\nx,y,z\n", 2, "3 fields"),
])
def test_word_list_errors(tmp_path, text, row, message):
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BingkaiInputError, match=message) as info:
        sw.load_word_list(path)
    assert info.value.path == str(path) and info.value.row == row


def test_word_list_missing_file(tmp_path):
    with pytest.raises(BingkaiInputError, match="not found"):
        sw.load_word_list(tmp_path / "nope.csv")
