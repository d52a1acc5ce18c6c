"""An index stores its lexicon's validated tables (issue 24): ``Corpus.load`` reads them back
instead of validating the lexicon again (tokenising every variant and alias: ~35-60 ms of the
first label_rates/actor_labels call at 1M words). An index without them still loads and
rebuilds the lexicon from ``index.json``; a loaded index keeps its attribution window."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import bingkai
from bingkai.lexicon import packs

FILES = ("lexicon_labels.parquet", "lexicon_actors.parquet")


@pytest.fixture(scope="module")
def saved(synthetic_index, tmp_path_factory):
    folder = tmp_path_factory.mktemp("ixlex") / "ix"
    synthetic_index.save(folder)
    return folder


def _recomputed(corpus) -> bingkai.Lexicon:
    """The oracle: the lexicon validated again from the record in index.json."""
    return corpus._stored_lexicon()


def _same(got: bingkai.Lexicon, expected: bingkai.Lexicon) -> None:
    pd.testing.assert_frame_equal(got.labels, expected.labels)
    pd.testing.assert_frame_equal(got.actors, expected.actors)
    assert (got.name, got.window) == (expected.name, expected.window)


def test_the_lexicon_is_stored_and_read_back_unvalidated(saved, monkeypatch):
    assert all((saved / f).is_file() for f in FILES)
    expected = _recomputed(bingkai.Corpus.load(saved))
    loaded = bingkai.Corpus.load(saved)
    monkeypatch.setattr(packs, "_validate_labels", lambda *a, **k: pytest.fail("validated again"))
    monkeypatch.setattr(packs, "_validate_actors", lambda *a, **k: pytest.fail("validated again"))
    _same(loaded.lexicon, expected)


def test_the_stored_lexicon_equals_the_recomputed_one_and_still_works(saved, synthetic_index):
    loaded = bingkai.Corpus.load(saved)
    _same(loaded.lexicon, _recomputed(loaded))
    loaded.check_lexicon(loaded.lexicon)  # the same content as the index's record
    pd.testing.assert_frame_equal(bingkai.label_rates(loaded), bingkai.label_rates(synthetic_index))
    pd.testing.assert_frame_equal(bingkai.actor_labels(loaded), bingkai.actor_labels(synthetic_index))


def test_an_index_without_the_files_still_loads(saved, tmp_path):
    copy = tmp_path / "ix"
    shutil.copytree(saved, copy)
    meta = json.loads((copy / "index.json").read_text(encoding="utf-8"))
    for f in FILES:
        (copy / f).unlink()
        del meta["files"][f]
    (copy / "index.json").write_text(json.dumps(meta), encoding="utf-8")
    old = bingkai.Corpus.load(copy)
    _same(old.lexicon, _recomputed(bingkai.Corpus.load(saved)))


def test_a_corrupt_lexicon_file_is_refused(saved, tmp_path):
    copy = tmp_path / "ix"
    shutil.copytree(saved, copy)
    with open(copy / FILES[0], "r+b") as f:
        f.seek(20)
        f.write(b"\0\0\0\0")
    with pytest.raises(bingkai.BingkaiInputError, match=FILES[0]):
        bingkai.Corpus.load(copy)


def test_a_subset_keeps_the_lexicon(saved):
    loaded = bingkai.Corpus.load(saved)
    outlet = sorted(loaded.articles["outlet"].unique())[0]
    for sub in (loaded.where(outlet=outlet), bingkai.Corpus.load(saved, outlet=outlet)):
        _same(sub.lexicon, _recomputed(loaded))


def test_a_loaded_index_keeps_its_attribution_window(seed_corpus, tmp_path):
    lexicon = bingkai.load_lexicon().with_window(3)
    built = bingkai.index(seed_corpus, lexicon=lexicon, progress=False)
    folder = built.save(tmp_path / "ix")
    for loaded in (bingkai.Corpus.load(folder), bingkai.Corpus.load(folder).where(doc_id=lambda s: s.notna())):
        assert loaded.lexicon.window == 3
        loaded.check_lexicon(loaded.lexicon)  # its own lexicon is accepted back
        pd.testing.assert_frame_equal(bingkai.label_rates(loaded, lexicon=loaded.lexicon),
                                      bingkai.label_rates(built))
