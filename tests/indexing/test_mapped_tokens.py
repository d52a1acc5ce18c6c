"""The token arrays of a saved index are memory-mapped by Corpus.load
(issue 24: a 100M-word index is ~4 GB of token arrays; a query process must
not hold them all to answer a kwic): every array's data lies in a mapping
of the index's ``tokens.arrow``, nothing is copied at load, and the loaded
index equals the one saved."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import bingkai
from bingkai.indexing.corpus import TOKEN_ARRAYS

pytestmark = pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc/self/maps (Linux)")


def _mappings_of(path: Path) -> list[tuple[int, int]]:
    """The address ranges of this process's mappings of the file ``path``."""
    want = str(path.resolve())
    ranges = []
    for line in Path("/proc/self/maps").read_text().splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[5] == want:
            lo, hi = (int(x, 16) for x in fields[0].split("-"))
            ranges.append((lo, hi))
    return ranges


def test_loaded_token_arrays_are_views_of_the_mapped_file(seed_corpus, tmp_path):
    corpus = bingkai.index(seed_corpus, progress=False)
    corpus.save(tmp_path / "ix")
    loaded = bingkai.Corpus.load(tmp_path / "ix")
    assert loaded == corpus
    ranges = _mappings_of(tmp_path / "ix" / "tokens.arrow")
    assert ranges, "tokens.arrow is not mapped"
    for name, dtype in TOKEN_ARRAYS.items():
        a = loaded.arrays[name]
        assert a.dtype == dtype and not a.flags.writeable
        np.testing.assert_array_equal(a, corpus.arrays[name])
        lo, hi = a.ctypes.data, a.ctypes.data + a.nbytes
        assert any(start <= lo and hi <= end for start, end in ranges), f"{name} was copied"


def test_a_filtered_load_copies_only_the_chosen_documents(seed_corpus, tmp_path):
    corpus = bingkai.index(seed_corpus, progress=False)
    corpus.save(tmp_path / "ix")
    outlet = sorted(seed_corpus["outlet"].unique())[0]
    part = bingkai.Corpus.load(tmp_path / "ix", outlet=outlet)
    assert part == corpus.where(outlet=outlet)
    assert part.n_tokens < corpus.n_tokens


def test_the_token_file_is_the_same_bytes_every_save(seed_corpus, tmp_path):
    corpus = bingkai.index(seed_corpus, progress=False)
    corpus.save(tmp_path / "a")
    bingkai.Corpus.load(tmp_path / "a").save(tmp_path / "b")
    assert (tmp_path / "a" / "tokens.arrow").read_bytes() == (tmp_path / "b" / "tokens.arrow").read_bytes()


@pytest.mark.parametrize(("name", "matrix"), [("dtm.arrow", "doc_term_matrix"),
                                              ("doc_lower.arrow", "doc_lower_matrix")])
def test_stored_count_matrices_are_views_of_their_mapped_files(seed_corpus, tmp_path, name, matrix):
    corpus = bingkai.index(seed_corpus, progress=False)
    corpus.save(tmp_path / "ix")
    loaded = bingkai.Corpus.load(tmp_path / "ix")
    got, want = getattr(loaded, matrix)(), getattr(corpus, matrix)()
    assert got.shape == want.shape and got.dtype == want.dtype and got.has_sorted_indices
    for part in ("data", "indices", "indptr"):
        np.testing.assert_array_equal(getattr(got, part), getattr(want, part))
    ranges = _mappings_of(tmp_path / "ix" / name)
    for part in ("data", "indices"):  # (scipy may narrow indptr's dtype: a copy of one row per document)
        a = getattr(got, part)
        assert any(start <= a.ctypes.data and a.ctypes.data + a.nbytes <= end for start, end in ranges), part


def test_the_text_columns_of_the_tables_are_views_of_their_mapped_files(seed_corpus, tmp_path):
    corpus = bingkai.index(seed_corpus, progress=False)
    corpus.save(tmp_path / "ix")
    loaded = bingkai.Corpus.load(tmp_path / "ix")
    for table, name, column in ((loaded.articles, "articles.arrow", "text"),
                                (loaded.occurrences, "occurrences.arrow", "sentence"),
                                (loaded.vocab, "vocab.arrow", "surface")):
        ranges = _mappings_of(tmp_path / "ix" / name)
        chunks = table[column].array.__arrow_array__().chunks  # pandas' "str" column: Arrow arrays
        assert chunks and all(any(start <= buf.address and buf.address + buf.size <= end
                                  for start, end in ranges)
                               for chunk in chunks for buf in chunk.buffers()[1:] if buf is not None), name


def test_a_loaded_index_saved_over_its_own_folder_stays_readable(seed_corpus, tmp_path):
    """The folder is replaced (a new one moved in, the old one deleted) while the loaded
    index still maps the old files: its arrays and texts must stay what they were, and
    the new folder must load to the same index."""
    corpus = bingkai.index(seed_corpus, progress=False)
    corpus.save(tmp_path / "ix")
    loaded = bingkai.Corpus.load(tmp_path / "ix")
    loaded.save(tmp_path / "ix")
    assert loaded == corpus
    assert loaded.articles["text"].tolist() == corpus.articles["text"].tolist()
    assert bingkai.Corpus.load(tmp_path / "ix") == corpus
    pd_kwic = bingkai.kwic(loaded, "pasukan")
    assert len(pd_kwic) > 0 and pd_kwic.equals(bingkai.kwic(corpus, "pasukan"))


def test_release_pages_on_a_filtered_load_keeps_its_data(seed_corpus, tmp_path):
    corpus = bingkai.index(seed_corpus, progress=False)
    corpus.save(tmp_path / "ix")
    outlet = sorted(seed_corpus["outlet"].unique())[0]
    part = bingkai.Corpus.load(tmp_path / "ix", outlet=outlet)
    before = part.vocab["surface"].tolist()
    part.release_pages()
    assert part.vocab["surface"].tolist() == before and part == corpus.where(outlet=outlet)
