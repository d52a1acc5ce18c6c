"""An index carries its outlet names (issue 24): found once when it is built, not on a view's first call."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import bingkai
from bingkai.clean import outlet_names
from bingkai.indexing import corpus as corpus_module


def _articles() -> pd.DataFrame:
    rows = []
    for k in range(4):
        rows.append({"doc_id": f"k{k}", "outlet": "kompas", "url": f"https://nasional.kompas.com/read/{k}",
                     "title": f"Tambang {k}", "subtitle": "", "text": f"Warga desa {k} menolak tambang, kata dia kepada Kompas.com di balai desa."})
        rows.append({"doc_id": f"t{k}", "outlet": "tempo", "url": f"https://www.tempo.co/read/{k}",
                     "title": f"Tersangka {k}", "subtitle": "", "text": f"Polisi menangkap {k} tersangka, seperti dikutip TEMPO.CO dari juru bicara."})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def built():
    return bingkai.index(_articles(), progress=False)


def test_names_are_stored_with_the_index_and_read_back_without_a_scan(built, tmp_path, monkeypatch):
    expected = outlet_names.outlet_name_terms(_articles())
    assert {"kompas", "kompas.com", "tempo", "tempo.co"} <= expected
    built.save(tmp_path / "ix")
    stored = json.loads((tmp_path / "ix" / "index.json").read_text(encoding="utf-8"))["outlet_names"]
    assert stored == sorted(expected)

    def no_scan(*args, **kwargs):
        raise AssertionError("the texts were scanned again")

    monkeypatch.setattr(corpus_module, "find_outlet_name_terms", no_scan)
    loaded = bingkai.Corpus.load(tmp_path / "ix")
    assert loaded.outlet_name_terms() == expected
    # and the views use them: an outlet's name is not its keyness
    table = bingkai.keyness(loaded, target="kompas")
    assert "kompas.com" in table.attrs["dropped_terms"]


def test_a_subset_finds_its_own_names(built):
    sub = built.where(outlet="tempo")
    # one outlet: no other outlet's articles to call a name an ordinary word, so every candidate stays
    assert sub.outlet_name_terms() == outlet_names.outlet_name_terms(sub.articles)
    assert "kompas" not in sub.outlet_name_terms()
