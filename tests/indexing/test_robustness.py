"""Issue 21 item 1: no single document can sink a corpus.

A single "ﷺ" (U+FDFA, whose NFKC form is four Arabic words) made the whole
build raise ``stem_token expects one token``. Here: that one-row corpus; every
code point whose NFKC form holds a space, a hyphen or punctuation, through the
whole build; a hypothesis property over text made of them; and a document that
fails (a patched per-document step) is reported in the build summary and
skipped under ``errors="report"`` (the default) and raises under
``errors="raise"``.
"""

from __future__ import annotations

import functools
import importlib
import unicodedata

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import bingkai
from bingkai import BingkaiInputError
from bingkai.constants import PARTS
from issue21_common import PATCH_MODULE, PATCH_NAME, failed, frame, summary


def _expands_to_separators(cp: int) -> bool:
    c = chr(cp)
    norm = unicodedata.normalize("NFKC", c)
    return norm != c and any(ch.isspace() or ch == "-" or unicodedata.category(ch).startswith("P")
                             for ch in norm)


@functools.cache
def expanding() -> tuple[int, ...]:
    """Every code point whose NFKC form contains a space, a hyphen or punctuation.

    Found on first use, not at import: the scan of all 1.1M code points takes
    about a second, and every make test worker imports every test file.
    """
    return tuple(cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF and _expands_to_separators(cp))


def test_the_expanding_code_points_are_found():
    # the set the property runs over: the two formulas of the issue and the
    # ordinary suspects are in it (a wrong filter would make the tests vacuous)
    assert {0xFDFA, 0xFDFB, 0x2026, 0x00A8, 0x2474} <= set(expanding())
    assert len(expanding()) > 300


def _words(corpus) -> set[str]:
    return set(bingkai.tokens(corpus)["lower"])


def _stems_without_spaces(corpus) -> None:
    vocab = corpus.vocab
    words = vocab[vocab["kind"] == "word"]
    spaced = words[words["stem"].str.contains(r"\s", regex=True)]
    assert spaced.empty, spaced[["surface", "lower", "stem"]].to_dict("records")


def test_one_row_corpus_with_salawat_builds():
    f = frame("MEDAN, wartanusantara.id - Ustaz Abdul Somad mengajak jamaah meneladani Nabi Muhammad ﷺ "
              "dalam menyikapi konflik Israel-Iran.", prefix="salawat")
    corpus = bingkai.index(f, progress=False)
    assert len(corpus) == 1 and failed(corpus).empty
    assert {"meneladani", "muhammad", "menyikapi"} <= _words(corpus)
    _stems_without_spaces(corpus)


def test_every_expanding_code_point_builds():
    # each code point glued between words, alone between spaces, at a
    # paragraph start and end, in the title: one article per code point
    texts = [f"Awal {chr(cp)} akhir, Israel{chr(cp)}Iran dan kata{chr(cp)}kata.{chr(cp)}\n{chr(cp)}Pasukan "
             f"teroris{chr(cp)}" for cp in expanding()]
    f = frame(*texts, titles=tuple(chr(cp) for cp in expanding()), prefix="cp")
    corpus = bingkai.index(f, progress=False)
    assert failed(corpus).empty
    assert len(corpus) == len(expanding())
    tokens = bingkai.tokens(corpus, parts=PARTS)  # the titles' tokens are made too
    # the plain words around each character survive in every article
    per_doc = tokens.groupby("doc_id")["lower"].agg(set)
    missing = [d for d, words in per_doc.items() if not {"awal", "akhir"} <= words]
    assert not missing and len(per_doc) == len(expanding())
    _stems_without_spaces(corpus)


# deferred: the alphabet is made when the property first draws from it
_ALPHABET = st.deferred(lambda: st.sampled_from([chr(cp) for cp in expanding()] + list("aiRsel ")
                                                + [" ", "\n", "-", ".", ","]))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.text(_ALPHABET, min_size=1, max_size=24))
@example("ﷺ")
@example("Allah ﷻ-Israel")
def test_property_text_of_expanding_code_points_builds(text):
    corpus = bingkai.index(frame("Kata " + text + " akhir", titles=(text,), prefix="prop"), progress=False)
    assert failed(corpus).empty and len(corpus) == 1
    _stems_without_spaces(corpus)


# ------------------------------------------------------- a document that fails

def _patch_failing(monkeypatch, bad_doc: str) -> None:
    """Make the build's per-document step raise for ``bad_doc`` only."""
    module = importlib.import_module(PATCH_MODULE)
    original = getattr(module, PATCH_NAME)

    def failing(doc_id, *args, **kwargs):
        if doc_id == bad_doc:
            raise RuntimeError(f"boom in {doc_id}")
        return original(doc_id, *args, **kwargs)

    monkeypatch.setattr(module, PATCH_NAME, failing)


def _three(prefix: str) -> pd.DataFrame:
    return frame("Pasukan pemerintah Suriah menggempur posisi kelompok teroris di Idlib.",
                 "Pemberontak HTS merebut dua desa di pinggiran Aleppo, kata Observatorium.",
                 "Kelompok teroris ISIS mengaku bertanggung jawab atas serangan itu.", prefix=prefix)


def test_a_failing_document_is_reported_and_skipped(monkeypatch):
    f = _three("rep")
    _patch_failing(monkeypatch, "rep1")
    corpus = bingkai.index(f, progress=False)  # errors="report" is the default
    bad = failed(corpus)
    assert list(bad.columns) == ["doc_id", "stage", "error"]
    assert bad["doc_id"].tolist() == ["rep1"]
    assert bad["stage"].iloc[0] and "boom in rep1" in bad["error"].iloc[0]
    # skipped: the others are all there, with their label occurrences
    assert corpus.articles["doc_id"].tolist() == ["rep0", "rep2"]
    assert set(bingkai.label_occurrences(corpus)["doc_id"]) == {"rep0", "rep2"}
    # and the build summary says so
    items = summary(corpus)
    row = items[items["item"].str.contains("fail")]
    assert len(row) == 1 and "rep1" in row["value"].iloc[0]
    # a build that failed nowhere says nothing about failures
    clean = bingkai.index(_three("clean"), progress=False)
    assert failed(clean).empty
    assert not summary(clean)["item"].str.contains("fail").any()


def test_errors_raise_and_no_stale_partial_index(monkeypatch):
    f = _three("rai")
    _patch_failing(monkeypatch, "rai2")
    reported = bingkai.index(f, progress=False, errors="report")
    assert failed(reported)["doc_id"].tolist() == ["rai2"]
    # the same frame again, raising: a partial index built before is no answer
    with pytest.raises(RuntimeError, match="boom in rai2"):
        bingkai.index(f, progress=False, errors="raise")
    with pytest.raises(BingkaiInputError, match="errors"):
        bingkai.index(f, progress=False, errors="ignore")
    monkeypatch.undo()
    # once the cause is gone, the document is indexed (no remembered failure)
    whole = bingkai.index(f, progress=False)
    assert failed(whole).empty and len(whole) == 3
