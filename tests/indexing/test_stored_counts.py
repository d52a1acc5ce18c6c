"""An index stores its document-term counts of the default parts (issue 24): the first
tfidf/similarity/keyness call after ``Corpus.load`` reads them instead of counting 1M tokens."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

import bingkai
from bingkai.constants import DEFAULT_PARTS, PART_CODES


def _counted(corpus, parts=DEFAULT_PARTS) -> sparse.csr_matrix:
    """The oracle: term counts per document straight from the token arrays."""
    a = corpus.arrays
    keep = (a["term"] >= 0) & np.isin(a["part"], [PART_CODES[p] for p in parts])
    dense = np.zeros((len(corpus), len(corpus.term_names)), dtype=np.int64)
    np.add.at(dense, (a["doc"][keep], a["term"][keep]), 1)
    return sparse.csr_matrix(dense)


def _same(m: sparse.csr_matrix, expected: sparse.csr_matrix) -> None:
    assert m.dtype == np.int64 and m.shape == expected.shape
    assert (m != expected).nnz == 0
    m.sort_indices()
    np.testing.assert_array_equal(m.indptr, expected.indptr)
    np.testing.assert_array_equal(m.indices, expected.indices)


@pytest.fixture(scope="module")
def saved(synthetic_index, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ix") / "ix"
    synthetic_index.save(folder)
    return folder


def test_counts_are_stored_and_read_back(saved, monkeypatch):
    assert (saved / "dtm.arrow").is_file()
    loaded = bingkai.Corpus.load(saved)
    expected = _counted(loaded)
    # read, not counted again: the token arrays are not consulted
    monkeypatch.setattr(np, "isin", lambda *a, **k: pytest.fail("counted from the tokens"))
    _same(loaded.doc_term_matrix(), expected)


def test_a_corrupt_counts_file_is_refused(saved, tmp_path):
    import shutil

    copy = tmp_path / "ix"
    shutil.copytree(saved, copy)
    with open(copy / "dtm.arrow", "r+b") as f:
        f.seek(20)
        f.write(b"\0\0\0\0")
    with pytest.raises(bingkai.BingkaiInputError, match="dtm.arrow"):
        bingkai.Corpus.load(copy)


def test_group_counts_equal_the_token_counts(saved):
    loaded = bingkai.Corpus.load(saved)
    codes, groups = loaded.group_codes("outlet")
    got_groups, names, m = loaded.group_unit_counts("outlet", "term", DEFAULT_PARTS)
    assert got_groups == groups and len(groups) > 1
    per_doc = _counted(loaded).toarray()
    expected = np.stack([per_doc[codes == g].sum(axis=0) for g in range(len(groups))])
    _same(m, sparse.csr_matrix(expected))


def test_subsets_and_other_parts_count_their_own(saved):
    loaded = bingkai.Corpus.load(saved)
    outlet = sorted(loaded.articles["outlet"].unique())[0]
    for sub in (loaded.where(outlet=outlet), bingkai.Corpus.load(saved, outlet=outlet)):
        _same(sub.doc_term_matrix(), _counted(sub))
    _same(loaded.doc_term_matrix(("title", "body")), _counted(loaded, ("title", "body")))


def _frequency_list(corpus) -> "pd.DataFrame":
    """The oracle: the frequency list of the body's word tokens straight from the arrays."""
    import pandas as pd

    a = corpus.arrays
    names, _ = corpus.lower_ids()
    keep = (a["kind"] == 0) & (a["part"] == PART_CODES["body"])
    lower = corpus.token_lower()[keep]
    docs = a["doc"][keep]
    freq = pd.Series(lower).value_counts()
    rng = pd.Series(list(zip(lower.tolist(), docs.tolist()))).drop_duplicates().map(lambda p: p[0]).value_counts()
    out = pd.DataFrame({"ngram": [str(names[k]) for k in freq.index], "freq": freq.to_numpy(),
                        "range": rng.reindex(freq.index).to_numpy()})
    return out.sort_values(["freq", "ngram"], ascending=[False, True], ignore_index=True)


def test_the_frequency_list_is_stored_and_answers_without_the_tokens(saved, monkeypatch):
    """Issue 24: a frequency list is a lookup, ready when the index is loaded."""
    import pandas as pd

    assert (saved / "frequencies.parquet").is_file()
    loaded = bingkai.Corpus.load(saved)
    expected = _frequency_list(bingkai.Corpus.load(saved))
    monkeypatch.setattr(np, "bincount", lambda *a, **k: pytest.fail("counted from the tokens"))
    got = bingkai.ngrams(loaded, n=1, by=None)
    assert list(got.columns) == ["ngram", "size", "freq", "range"] and (got["size"] == 1).all()
    pd.testing.assert_frame_equal(got[["ngram", "freq", "range"]].astype({"ngram": object}),
                                  expected.astype({"ngram": object}), check_dtype=False)
    # min_freq still applies
    assert got[got["freq"] >= 3].reset_index(drop=True).equals(bingkai.ngrams(loaded, n=1, by=None, min_freq=3))


def test_the_stored_list_equals_the_counted_one(saved):
    import pandas as pd

    loaded = bingkai.Corpus.load(saved)
    stored = bingkai.ngrams(loaded, n=1, by=None)
    counted = bingkai.ngrams(loaded.where(doc_id=lambda s: s.notna()), n=1, by=None)  # a subset counts
    pd.testing.assert_frame_equal(stored, counted)


def test_the_terms_as_arrow_strings_are_the_terms_file(saved):
    loaded = bingkai.Corpus.load(saved)
    arrow = loaded.term_names_arrow()
    assert arrow.to_pylist() == loaded.term_names.tolist() == bingkai.Corpus.load(saved).where(
        doc_id=lambda s: s.notna()).term_names_arrow().to_pylist()
    assert str(arrow.type) == "string"
