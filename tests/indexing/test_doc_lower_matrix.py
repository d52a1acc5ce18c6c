"""The word counts per document and lower form (``Corpus.doc_lower_matrix``, issue 24): counted
as the token table counts them, stored with a saved index and read back, made again for an
index saved without it; the per-group frequency list (``ngrams(n=1)``) and keyness of lower
forms read it instead of every token, with the tables the token pass gives."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import bingkai
from bingkai.views import ngrams as ngrams_module


def _hand_counts(corpus, parts):
    tok = corpus.tokens(parts)
    tok = tok[tok["kind"] == "word"]
    doc = tok["doc_id"].map({d: k for k, d in enumerate(corpus.articles["doc_id"].astype(str))})
    return tok.assign(doc=doc).groupby(["doc", "lower"]).size()


@pytest.mark.parametrize("parts", [("body",), ("title", "subtitle", "body"), ("title",)])
def test_counts_are_the_token_tables(synthetic_index, parts):
    m = synthetic_index.doc_lower_matrix(parts)
    names, _ = synthetic_index.lower_ids()
    assert m.shape == (len(synthetic_index), len(names)) and m.dtype == np.int64 and m.has_sorted_indices
    coo = m.tocoo()
    got = pd.Series(coo.data, index=pd.MultiIndex.from_arrays([coo.row, np.asarray(names)[coo.col]],
                                                              names=["doc", "lower"])).sort_index()
    want = _hand_counts(synthetic_index, parts).sort_index()
    assert got.index.equals(want.index)
    np.testing.assert_array_equal(got.to_numpy(), want.to_numpy())


def test_stored_and_read_back(synthetic_index, tmp_path):
    folder = synthetic_index.save(tmp_path / "ix")
    assert (folder / "doc_lower.arrow").is_file()
    loaded = bingkai.Corpus.load(folder)

    def no_token_pass(*_):
        raise AssertionError("counted from the tokens, not read back")
    loaded.per_doc = no_token_pass  # the stored counts, not a pass over the token arrays
    a, b = loaded.doc_lower_matrix(), synthetic_index.doc_lower_matrix()
    assert (a != b).nnz == 0 and a.shape == b.shape
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_array_equal(a.indptr, b.indptr)


def test_an_index_saved_without_it_counts_again(synthetic_index, tmp_path):
    folder = synthetic_index.save(tmp_path / "ix")
    (folder / "doc_lower.arrow").unlink()
    meta = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    del meta["files"]["doc_lower.arrow"]
    (folder / "index.json").write_text(json.dumps(meta), encoding="utf-8")
    loaded = bingkai.Corpus.load(folder)
    assert (loaded.doc_lower_matrix() != synthetic_index.doc_lower_matrix()).nnz == 0
    pd.testing.assert_frame_equal(bingkai.ngrams(loaded, n=1), bingkai.ngrams(synthetic_index, n=1))


def test_a_corrupt_stored_file_is_refused(synthetic_index, tmp_path):
    folder = synthetic_index.save(tmp_path / "ix")
    with open(folder / "doc_lower.arrow", "ab") as f:
        f.write(b"x")
    with pytest.raises(bingkai.BingkaiInputError, match="checksum"):
        bingkai.Corpus.load(folder)


@pytest.mark.parametrize("dense", [True, False])
@pytest.mark.parametrize("kw", [{}, {"min_freq": 3}, {"by": "doc_id"}, {"parts": ("title", "body")},
                                {"by": "published", "min_freq": 2}])
def test_words_by_group_equal_the_token_pass(synthetic_index, kw, dense, monkeypatch):
    if not dense:  # the sorted path of many groups x words
        monkeypatch.setattr(ngrams_module, "_DENSE_CELLS", 0)
    by, parts, min_freq = kw.get("by", "outlet"), kw.get("parts", ("body",)), kw.get("min_freq", 1)
    fast = bingkai.ngrams(synthetic_index, n=1, by=by, parts=parts, min_freq=min_freq)
    ids, ok = ngrams_module._words(synthetic_index, parts)
    slow = ngrams_module._finish([ngrams_module._count(synthetic_index, ids, np.flatnonzero(ok), 1, by,
                                                       min_freq, "ngram")], by, "ngram")
    assert len(fast) > 0
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)


def test_lower_keyness_counts_are_the_token_tables(synthetic_index):
    groups, names, m = synthetic_index.group_unit_counts("outlet", "lower")
    ids, _ = synthetic_index.unit_ids("lower")
    codes, _ = synthetic_index.group_codes("outlet")
    g = codes[synthetic_index.arrays["doc"]]
    keep = (ids >= 0) & (g >= 0)
    dense = np.bincount(g[keep] * len(names) + ids[keep], minlength=len(groups) * len(names))
    np.testing.assert_array_equal(m.toarray().ravel(), dense)


@pytest.mark.parametrize("dense", [True, False])
def test_articles_without_a_group_value_are_not_counted(synthetic_corpus, dense, monkeypatch):
    frame = synthetic_corpus.head(60).copy()
    frame["desk"] = [None if k % 4 == 0 else ("a", "b", "c")[k % 3] for k in range(len(frame))]
    index = bingkai.index(frame, progress=False)
    if not dense:
        monkeypatch.setattr(ngrams_module, "_DENSE_CELLS", 0)
    fast = bingkai.ngrams(index, n=1, by="desk")
    ids, ok = ngrams_module._words(index, ("body",))
    slow = ngrams_module._finish([ngrams_module._count(index, ids, np.flatnonzero(ok), 1, "desk", 1, "ngram")],
                                 "desk", "ngram")
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert set(fast["desk"]) == {"a", "b", "c"}


def test_lower_ids_stored_and_read_back(synthetic_index, tmp_path):
    import pyarrow as pa

    folder = synthetic_index.save(tmp_path / "ix")
    assert "lower_id" in pa.ipc.open_file(folder / "vocab.arrow").schema.names
    want_names, want_codes = synthetic_index.lower_ids()
    outlet = sorted(synthetic_index.articles["outlet"].unique())[0]
    for loaded in (bingkai.Corpus.load(folder), bingkai.Corpus.load(folder, outlet=outlet)):
        assert list(loaded.vocab.columns) == list(synthetic_index.vocab.columns)  # not a vocab column
        assert "stored_lower_codes" in loaded._derived  # read back, not sorted again
        names, codes = loaded.lower_ids()
        assert names.tolist() == want_names.tolist() and codes.tolist() == want_codes.tolist()
        assert loaded.lower_names_arrow().to_pylist() == want_names.tolist()


def test_an_index_without_stored_lower_ids_sorts_them(synthetic_index, tmp_path):
    import pyarrow as pa

    folder = synthetic_index.save(tmp_path / "ix")
    table = pa.ipc.open_file(pa.memory_map(str(folder / "vocab.arrow"))).read_all().drop_columns(["lower_id"])
    with pa.OSFile(str(folder / "vocab.new"), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    (folder / "vocab.new").replace(folder / "vocab.arrow")
    meta = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    meta["files"]["vocab.arrow"] = __import__("hashlib").sha256((folder / "vocab.arrow").read_bytes()).hexdigest()
    (folder / "index.json").write_text(json.dumps(meta), encoding="utf-8")
    loaded = bingkai.Corpus.load(folder)
    assert "stored_lower_codes" not in loaded._derived
    assert loaded.lower_ids()[0].tolist() == synthetic_index.lower_ids()[0].tolist()
    assert loaded == synthetic_index


def _tiny(**columns):
    frame = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "outlet": ["a", "a", "b"], "title": ["T1", "T2", "T3"],
                          "subtitle": ["", "", ""], "published": ["2024-01-01"] * 3,
                          "text": ["Kata pertama di sini. Pemerintah menolak.", "Pemerintah setuju.", "123 456"]})
    return bingkai.index(frame.assign(**columns), progress=False)


@pytest.mark.parametrize("columns", [{}, {"outlet": "a"}, {"text": "", "title": ""}],
                         ids=["an outlet without words", "one outlet: no keyness", "no words at all"])
def test_words_by_group_edge_cases_equal_the_token_pass(columns):
    index = _tiny(**columns)
    fast = bingkai.ngrams(index, n=1)
    ids, ok = ngrams_module._words(index, ("body",))
    slow = (ngrams_module._finish([ngrams_module._count(index, ids, np.flatnonzero(ok), 1, "outlet", 1, "ngram")],
                                  "outlet", "ngram") if ok.any() else ngrams_module._finish([], "outlet", "ngram"))
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert list(fast.columns) == ["outlet", "ngram", "size", "freq", "range", *ngrams_module.KEYNESS_COLUMNS]
