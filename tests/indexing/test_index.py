"""The corpus index (bingkai.index -> Corpus): every view gives from the
index what the per-document reference paths give, on the seeds and on a
synthetic multi-outlet corpus bingkai was not written for; the index is the
same however it is built (processes, Dask), survives a save/load, and a bad
cache is rebuilt, never trusted."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import bingkai
from bingkai.constants import PARTS
from bingkai.lexicon import matching
from bingkai.lexicon import attribution
from bingkai.indexing import build, corpus as indexing
from bingkai.text.analyzer import Analyzer
from bingkai.errors import BingkaiInputError

ALL_PARTS = PARTS  # actor_labels, kwic, tokens and collocates counted every part before one parts= default (issue 20)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="module")
def seeds(seed_corpus) -> pd.DataFrame:
    return seed_corpus.copy()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> pd.DataFrame:
    """~60k words from the benchmark generator: five outlets, boilerplate,
    quotes, labels, dates; cut to 120 articles to keep the test short."""
    from benchmarks import synth

    path = tmp_path_factory.mktemp("synth") / "synth.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for k, art in enumerate(synth.Generator(seed=7).articles(60_000)):
            if k == 120:
                break
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    return bingkai.read_articles(path, title="title", published="published", progress=False)


@pytest.fixture(scope="module")
def synthetic_built(synthetic):
    """``synthetic`` indexed in this process, the default way: the reference the other
    ways of building (processes, Dask) are compared with, built once for the file (a
    build of the 120 articles costs 1.5-2 s)."""
    return bingkai.index(synthetic, progress=False)


@pytest.fixture(params=["seeds", "synthetic"])
def frame(request) -> pd.DataFrame:
    return request.getfixturevalue(request.param)


@pytest.fixture
def _fresh_memo():
    """Tests of building and caching start without the in-process memo."""
    build._MEMO.clear()
    yield
    build._MEMO.clear()


def test_tokens_from_the_index_equal_the_tokeniser(frame):
    corpus = bingkai.index(frame, progress=False)
    for parts in [("title", "subtitle", "body"), ("body",), ("title", "body"), ("subtitle",)]:
        pd.testing.assert_frame_equal(corpus.tokens(parts), bingkai.tokens(frame, parts=parts))
    assert bingkai.tokens(corpus).equals(bingkai.tokens(frame))


def test_occurrences_equal_the_per_document_scan(frame):
    corpus = bingkai.index(frame, progress=False)
    lab, act = bingkai.load_labels(), bingkai.load_actors()
    reference, _ = matching.scan(frame, PARTS, lab, act, attribution.DEFAULT_WINDOW, False, 1)
    pd.testing.assert_frame_equal(bingkai.label_occurrences(corpus), reference)
    # tok/ntok point at the tokens of each occurrence
    lower = corpus.vocab["lower"].to_numpy(dtype=object)[corpus.arrays["type"]]
    a = corpus.arrays
    for row in corpus.occurrences.itertuples():
        span = slice(row.tok, row.tok + row.ntok)
        assert a["start"][row.tok] == row.start and a["end"][row.tok + row.ntok - 1] == row.end
        assert " ".join(lower[span]).replace(" - ", "-") != ""


def test_rates_and_actor_tables_equal_the_per_document_scan(frame):
    corpus = bingkai.index(frame, progress=False)
    lab, act = bingkai.load_labels(), bingkai.load_actors()
    occ, words = matching.scan(frame, ("body",), lab, act, attribution.DEFAULT_WINDOW, False, 1)
    rates = bingkai.label_rates(corpus, by="outlet")
    got = rates[rates["voice"] == "all"].groupby("outlet")["count"].sum()
    want = occ[occ["framing"]].groupby("outlet").size()  # rates count framing uses only (issue 12)
    assert got[got > 0].to_dict() == want.to_dict()
    tokens = rates.drop_duplicates(["outlet", "voice"]).set_index(["outlet", "voice"])["tokens"]
    outlet_of = dict(zip(frame["doc_id"], frame["outlet"]))
    n_all = pd.Series({d: n for d, n, _ in words}).groupby(lambda d: outlet_of[d]).sum()
    assert tokens.xs("all", level="voice").to_dict() == n_all.to_dict()
    table = bingkai.actor_labels(corpus, parts=ALL_PARTS)
    assert int(table["count"].sum()) == int(bingkai.label_occurrences(frame)["framing"].sum())


def test_terms_equal_the_analyzer_run_on_each_text(frame):
    corpus = bingkai.index(frame, progress=False)
    from_index = bingkai.terms(corpus)
    by_analyzer = bingkai.terms(frame, analyzer=Analyzer())  # the per-text path
    pd.testing.assert_frame_equal(from_index[["doc_id", "term", "count"]].reset_index(drop=True),
                                  by_analyzer[["doc_id", "term", "count"]].reset_index(drop=True),
                                  check_dtype=False)


@pytest.mark.parametrize("options", [{}, {"use_idf": False}, {"sublinear_tf": True, "norm": "l1"}])
def test_tfidf_from_the_index_equals_the_vectorizer(frame, options):
    # use_idf=False too: the index path builds its vectorizer through scikit-learn's public
    # API only (it had set the private _tfidf when idf was off)
    from sklearn.feature_extraction.text import TfidfVectorizer

    corpus = bingkai.index(frame, progress=False)
    for by in ("doc", "outlet"):
        fit = bingkai.fit_tfidf(corpus, by=by, **options)
        docs = bingkai.views.tfidf.documents(frame, by=by)
        vec = TfidfVectorizer(analyzer=Analyzer(), **options)
        want = vec.fit_transform(docs["text"].tolist())
        assert list(fit.vectorizer.get_feature_names_out()) == list(vec.get_feature_names_out())
        assert abs(fit.matrix - want).max() < 1e-12
        # the fitted vectorizer still transforms new text
        new = fit.vectorizer.transform(["Pasukan pemberontak menyerang kota."])
        assert abs(new - vec.transform(["Pasukan pemberontak menyerang kota."])).max() < 1e-12


def test_kwic_hits_are_every_token_with_that_form(frame):
    corpus = bingkai.index(frame, progress=False)
    toks = bingkai.tokens(frame, parts=ALL_PARTS)
    for word in ("teroris", "pasukan", "yang"):
        lines = bingkai.kwic(corpus, word, parts=ALL_PARTS)
        assert len(lines) == int((toks["lower"] == word).sum())
        assert (lines["match"].str.lower() == word).all()
    assert bingkai.kwic(corpus, "katayangtidakada").empty


@pytest.mark.usefixtures("_fresh_memo")
def test_n_jobs_and_partitioning_do_not_change_the_index(synthetic, synthetic_built, monkeypatch):
    monkeypatch.setattr(build, "_PARTITION_DOCS", 7)  # many small partitions
    two = bingkai.index(synthetic, n_jobs=2, progress=False)  # cold: the memo is empty
    assert two == synthetic_built


def test_save_load_round_trip(seeds, tmp_path):
    corpus = bingkai.index(seeds, progress=False)
    corpus.save(tmp_path / "ix")
    again = bingkai.Corpus.load(tmp_path / "ix")
    assert again == corpus
    assert again.key == corpus.key
    pd.testing.assert_frame_equal(bingkai.label_rates(again), bingkai.label_rates(corpus))


@pytest.mark.usefixtures("_fresh_memo")
def test_cache_dir_loads_instead_of_rebuilding(seeds, tmp_path, monkeypatch):
    first = bingkai.index(seeds, cache_dir=tmp_path, progress=False)
    assert len(list(tmp_path.glob("index-*"))) == 1
    build._MEMO.clear()

    def no_build(*args, **kwargs):
        raise AssertionError("rebuilt although the cache holds the index")

    monkeypatch.setattr(build, "_build", no_build)
    assert bingkai.index(seeds, cache_dir=tmp_path, progress=False) == first
    # no temp folders left behind
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.usefixtures("_fresh_memo")
def test_corrupt_cache_is_rebuilt_with_a_warning(seeds, tmp_path):
    first = bingkai.index(seeds, cache_dir=tmp_path, progress=False)
    folder = next(tmp_path.glob("index-*"))
    tokens = folder / "tokens.arrow"
    data = bytearray(tokens.read_bytes())
    data[len(data) // 2] ^= 0xFF
    tokens.write_bytes(bytes(data))
    build._MEMO.clear()
    with pytest.warns(UserWarning, match="unusable"):
        again = bingkai.index(seeds, cache_dir=tmp_path, progress=False)
    assert again == first
    build._MEMO.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the rewritten cache is clean again
        bingkai.index(seeds, cache_dir=tmp_path, progress=False)


def test_load_refuses_a_corrupt_index(seeds, tmp_path):
    bingkai.index(seeds, progress=False).save(tmp_path / "ix")
    (tmp_path / "ix" / "vocab.arrow").write_bytes(b"not arrow")
    with pytest.raises(BingkaiInputError, match="checksum"):
        bingkai.Corpus.load(tmp_path / "ix")
    with pytest.raises(BingkaiInputError, match="not a bingkai index"):
        bingkai.Corpus.load(tmp_path / "missing")


def test_a_changed_article_changes_the_key(seeds):
    one = bingkai.index(seeds, progress=False)
    edited = seeds.copy()
    edited.loc[0, "text"] = edited.loc[0, "text"] + " Tambahan."
    assert bingkai.index(edited, progress=False).key != one.key


def test_an_edited_rule_file_changes_the_key(seeds, tmp_path, monkeypatch):
    # a cached index must not serve counts made under old attribution rules
    data = tmp_path / "data"
    data.mkdir()
    (data / "home.txt").write_text("indonesia\n", encoding="utf-8")
    before = build.rules_digest(data)
    (data / "home.txt").write_text("indonesia\nmalaysia\n", encoding="utf-8")
    assert build.rules_digest(data) != before
    one = bingkai.index(seeds, progress=False)
    monkeypatch.setattr(build, "rules_digest", lambda: "edited rules")
    assert bingkai.index(seeds, progress=False).key != one.key


def test_where_equals_indexing_the_subset(synthetic):
    corpus = bingkai.index(synthetic, progress=False)
    outlets = sorted(synthetic["outlet"].unique())[:2]
    sub = corpus.where(outlet=outlets)
    direct = bingkai.index(synthetic[synthetic["outlet"].isin(outlets)], progress=False)
    pd.testing.assert_frame_equal(sub.tokens(ALL_PARTS), direct.tokens(ALL_PARTS))
    pd.testing.assert_frame_equal(bingkai.label_occurrences(sub), bingkai.label_occurrences(direct))
    pd.testing.assert_frame_equal(bingkai.terms(sub), bingkai.terms(direct))
    pd.testing.assert_frame_equal(bingkai.kwic(sub, "pasukan", parts=ALL_PARTS),
                                  bingkai.kwic(direct, "pasukan", parts=ALL_PARTS))
    with pytest.raises(BingkaiInputError, match="no column"):
        corpus.where(nosuchcolumn=1)


def test_views_accept_the_corpus_or_the_frame(seeds):
    corpus = bingkai.index(seeds, progress=False)
    for view in (lambda c: bingkai.kwic(c, "teroris", parts=ALL_PARTS),
                 lambda c: bingkai.keyness(c, target="iNews.id"),
                 lambda c: bingkai.keyness(c),
                 lambda c: bingkai.collocates(c, "pasukan", parts=ALL_PARTS),
                 lambda c: bingkai.collocates(c, "teroris", match="label", parts=ALL_PARTS),
                 lambda c: bingkai.tfidf(c, by="outlet"),
                 lambda c: bingkai.actor_labels(c, parts=ALL_PARTS)):
        pd.testing.assert_frame_equal(view(corpus), view(seeds))


def test_memory_per_token_is_compact(synthetic):
    corpus = bingkai.index(synthetic, progress=False)
    per_token = sum(a.itemsize for a in corpus.arrays.values())
    assert per_token <= 40


def test_analyzer_knows_abbreviations():
    terms = bingkai.Analyzer()("Menurut Dr. Bekasi, pasukan itu menyerang.")
    assert "bekasi" in terms and "bekas" not in terms
    # a sentence-initial capitalised word is still stemmed (no evidence it is a name)
    assert bingkai.Analyzer()("Bekasi diserang.")[0] == "bekas"


@pytest.mark.slow
@pytest.mark.usefixtures("_fresh_memo")
def test_dask_build_equals_the_local_build(synthetic, synthetic_built, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from bingkai.text import stemming

    local = synthetic_built
    monkeypatch.setattr(stemming, "_DEFAULT", None)  # cold: the cluster stems the vocabulary
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        remote = bingkai.index(synthetic, client=client, progress=False)
        assert stemming.default_stemmer().stats["sastrawi_calls"] == 0  # all on the workers
    assert remote == local


def test_load_with_filters_reads_a_subset_equal_to_where(synthetic, tmp_path, monkeypatch):
    corpus = bingkai.index(synthetic, progress=False)
    corpus.save(tmp_path / "ix")
    outlet = sorted(synthetic["outlet"].unique())[1]
    part = bingkai.Corpus.load(tmp_path / "ix", outlet=outlet)
    assert part == corpus.where(outlet=outlet)
    pd.testing.assert_frame_equal(bingkai.kwic(part, "pasukan", parts=ALL_PARTS),
                                  bingkai.kwic(corpus.where(outlet=outlet), "pasukan", parts=ALL_PARTS))
    assert len(bingkai.Corpus.load(tmp_path / "ix", outlet="no such outlet")) == 0


def test_queries_check_ids_against_the_index_lexicon(seeds):
    custom = bingkai.load_lexicon("indonesia")
    corpus = bingkai.index(seeds, lexicon=custom, progress=False)
    # tpnpb_opm is an actor of the indonesia pack, absent from the seeds: no hits, no error
    assert bingkai.kwic(corpus, "tpnpb_opm", match="actor").empty
    with pytest.raises(BingkaiInputError, match="not an actor id"):
        bingkai.kwic(corpus, "hts_typo", match="actor")
    with pytest.raises(BingkaiInputError, match="lexicon"):
        bingkai.collocates(corpus, "no_such_label", match="label")
