"""Tests of the synthetic benchmark corpus generator (benchmarks/synth.py).

No timing here: speed is measured by ``python -m benchmarks``, not asserted.
"""

from __future__ import annotations

import hashlib
import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import synth


def _words(text: str) -> int:
    # independent of synth.count_words' regex: a chunk between spaces with a letter in it
    return sum(1 for chunk in text.split() if any(ch.isalpha() for ch in chunk))


@pytest.fixture(scope="module")
def corpus_100k() -> list[dict]:
    return synth.generate(100_000, seed=0)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a = synth.write_corpus(tmp_path / "a.jsonl", 10_000, seed=3).read_bytes()
    b = synth.write_corpus(tmp_path / "b.jsonl", 10_000, seed=3).read_bytes()
    c = synth.write_corpus(tmp_path / "c.jsonl", 10_000, seed=4).read_bytes()
    assert hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest()
    assert a != c
    assert not list(tmp_path.glob("*.tmp"))  # written via rename, nothing left behind


def test_jsonl_rows_have_the_read_articles_columns(tmp_path):
    path = synth.write_corpus(tmp_path / "c.jsonl", 10_000, seed=0)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 5
    for line in lines:
        row = json.loads(line)
        assert list(row) == ["outlet", "title", "published", "text"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"])
        assert row["title"] and row["text"]
    assert len({json.loads(x)["outlet"] for x in lines}) >= 3  # several outlets


@pytest.mark.parametrize("n", [10_000, 100_000])
def test_sizes_hit_the_requested_word_count(n, corpus_100k):
    arts = corpus_100k if n == 100_000 else synth.generate(n, seed=0)
    total = sum(_words(a["text"]) for a in arts)
    assert total == sum(synth.count_words(a["text"]) for a in arts)
    # generator stops at the first sentence that reaches the budget: never short,
    # and over by less than one (long) sentence
    assert n <= total < n + 120


def test_streams_are_prefixes_so_sizes_nest():
    small = synth.generate(10_000, seed=5)
    big = synth.generate(30_000, seed=5)
    # every article but the last (cut to the remaining budget) is identical
    assert small[:-1] == big[: len(small) - 1]


def test_vocabulary_grows_per_heaps_law(corpus_100k):
    texts = [a["text"] for a in corpus_100k]
    k, beta, vs = synth.heaps_fit(texts, [10_000, 30_000, 100_000])
    assert vs[0] < vs[1] < vs[2]  # new types keep appearing
    # beta from the two end points alone (Heaps: V2/V1 = (n2/n1)**beta)
    beta_2pt = math.log(vs[2] / vs[0]) / math.log(10)
    assert 0.4 < beta_2pt < 0.9
    assert 0.4 < beta < 0.9
    # not the same few sentences repeated: most words are not in the 100 commonest types
    assert vs[2] > 5_000


def test_site_furniture_labels_quotes_and_numbers_are_present(corpus_100k):
    text = "\n".join(a["text"] for a in corpus_100k)
    lines = text.split("\n")
    assert any(re.match(r"(?i)baca juga:", ln) for ln in lines)
    assert any(ln in ("Berita Terkait", "Artikel Terkait :", "Related Articles") for ln in lines)
    assert "\n\n" in text  # blank-line paragraph separators for some outlets
    low = text.lower()
    for label in ("pemberontak", "teroris", "oposisi", "milisi", "rezim", "pemerintah"):
        assert re.search(rf"\b{label}\b", low)
    assert "“" in text and "”" in text and '"' in text
    assert "Hay’at Tahrir al-Sham" in text  # curly-apostrophe actor variant
    assert re.search(r"\b\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|"
                     r"September|Oktober|November|Desember) \d{4}\b", text)


@pytest.mark.parametrize("base,root,expected", [
    # textbook meN-/peN- assimilation (Sneddon, Indonesian: A Comprehensive Grammar, 1.2)
    ("me", "pukul", "memukul"), ("me", "bantu", "membantu"), ("me", "tulis", "menulis"),
    ("me", "datang", "mendatang"), ("me", "cari", "mencari"), ("me", "jual", "menjual"),
    ("me", "sapu", "menyapu"), ("me", "serang", "menyerang"), ("me", "kirim", "mengirim"),
    ("me", "ambil", "mengambil"), ("me", "ganggu", "mengganggu"), ("me", "hancur", "menghancur"),
    ("me", "lihat", "melihat"), ("me", "rusak", "merusak"), ("me", "bom", "mengebom"),
    ("me", "khawatir", "mengkhawatir"), ("pe", "serang", "penyerang"), ("pe", "tulis", "penulis"),
    ("pe", "kirim", "pengirim"), ("pe", "bom", "pengebom"),
])
def test_nasal_prefix_assimilation(base, root, expected):
    assert synth.nasal_prefix(base, root) == expected


def test_composed_forms_stem_back_to_their_root_in_sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stemmer = StemmerFactory().create_stemmer()
    forms = {"menyerang": "serang", "diserang": "serang", "penyerangan": "serang",
             "serangannya": "serang", "pertahanan": "tahan", "kekalahan": "kalah",
             "mengalahkan": "kalah", "bersenjata": "senjata", "terpaksa": "paksa"}
    built = {"me": synth.nasal_prefix("me", "serang"), "di": "di" + "serang",
             "peNan": synth.nasal_prefix("pe", "serang") + "an",
             "kean": "ke" + "kalah" + "an", "meNkan": synth.nasal_prefix("me", "kalah") + "kan"}
    assert set(built.values()) <= set(forms)
    for form, root in forms.items():
        assert stemmer.stem(form) == root


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(synth.sastrawi_roots()))
def test_nasal_prefix_keeps_the_root_tail(root):
    out = synth.nasal_prefix("me", root)
    assert out.startswith("me")
    # at most the first consonant is replaced; the rest of the root survives
    assert out.endswith(root[1:])
    assert len(out) >= len(root) + 1


def test_proper_names_are_a_pure_function_of_k():
    names = [synth.proper_name(k) for k in range(1, 2001)]
    assert names == [synth.proper_name(k) for k in range(1, 2001)]
    assert all(n[0].isupper() and n.isalpha() for n in names)
    assert len(set(names)) > 1900  # an open-ended name stream, few collisions


def test_parse_size():
    assert [synth.parse_size(s) for s in ("10k", "100k", "1M", "10M", "2500")] == [
        10_000, 100_000, 1_000_000, 10_000_000, 2500]
    with pytest.raises(ValueError):
        synth.parse_size("lots")


def test_read_articles_ingests_the_generated_jsonl(tmp_path):
    pytest.importorskip("bingkai.io.seed")
    import bingkai

    path = synth.write_corpus(tmp_path / "c.jsonl", 10_000, seed=1)
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    frame = bingkai.read_articles(path, title="title", published="published")
    assert len(frame) == len(rows)  # no duplicates or empty bodies generated
    assert sorted(frame["outlet"].unique()) == sorted({r["outlet"] for r in rows})
    assert set(frame["published"]) == {r["published"] for r in rows}


def test_vocabulary_size_counts_distinct_lowercased_words():
    assert synth.vocabulary_size(["Serangan serangan 12 -", "SERANGAN menyerang"]) == 2


def test_readme_table_and_results_md_match_results_json():
    from pathlib import Path

    from benchmarks import report

    bench = Path(__file__).resolve().parent.parent / "benchmarks"
    results = bench / "results.json"
    if not results.exists():
        pytest.skip("no benchmark run recorded yet (make bench writes results.json)")
    expected = report.render(json.loads(results.read_text(encoding="utf-8")))
    assert report.readme_block(bench / "README.md") == expected
    assert (bench / "results.md").read_text(encoding="utf-8") == expected


def _row(size, stage, seconds, pipeline="bingkai", words=1000, **extra):
    return {"size": size, "pipeline": pipeline, "stage": stage, "seconds": seconds,
            "words": words, "words_per_s": round(words / seconds), "units": words,
            "unit": "words", "units_per_s": round(words / seconds), "rss_before_mb": 100.0,
            "peak_mb": 120.0, "peak_kind": "stage", **extra}


def test_report_ratios_use_single_process_runs_and_show_n_jobs_beside_them():
    from benchmarks import report

    results = {
        "date": "2000-01-01", "command": "python -m benchmarks",
        "machine": {"cpu": "x", "cores": 2, "python": "3.11", "ram_gb": 1.0, "versions": {}},
        "sizes": ["seeds", "1M"],
        "corpora": [{"size": "seeds", "words": 1000, "articles": 5, "types": 400},
                    {"size": "1M", "words": 1000, "articles": 9, "types": 500}],
        "rows": [
            _row("seeds", "end to end", 0.00123, repeat=30, seconds_median=0.0015),
            _row("1M", "end to end", 10.0), _row("1M", "end to end, warm on-disk stem cache", 5.0),
            _row("1M", "end to end, n_jobs=2", 8.0),
            _row("1M", "end to end, warm on-disk stem cache, n_jobs=2", 4.0),
            _row("1M", "end to end", 7.0, pipeline="baseline"),
        ],
        "notes": [],
    }
    (r,) = report.ratios(results)  # seeds has no baseline: no ratio row
    # 7.0 / 10.0 and 7.0 / 5.0: the n_jobs=2 runs (8.0, 4.0) do not enter the ratios
    assert (r["ratio"], r["ratio_warm"]) == (0.7, 1.4)
    assert (r["bingkai_par_s"], r["bingkai_warm_par_s"]) == (8.0, 4.0)
    text = report.render(results)
    assert "| 1M | 7.000 | 10.0 | 0.70x | 5.000 | 1.40x | 8.000 | 4.000 |" in text
    # millisecond rows keep three significant digits and say how they were timed
    assert "| seeds | bingkai | end to end [best of 30] | 0.00123 |" in text


def test_recorded_run_includes_the_seed_corpus():
    from pathlib import Path

    results = Path(__file__).resolve().parent.parent / "benchmarks" / "results.json"
    if not results.exists():
        pytest.skip("no benchmark run recorded yet (make bench writes results.json)")
    data = json.loads(results.read_text(encoding="utf-8"))
    if "seeds" not in data["sizes"]:
        pytest.skip("recorded run predates the seeds size (run make bench)")
    seeds = [r for r in data["rows"] if r["size"] == "seeds" and "skipped" not in r]
    stages = {r["stage"] for r in seeds}
    assert {"normalise+tokenise (tokenize)", "token frame (tokens)",
            "stem cold (new Stemmer each run)", "stem warm (in memory)", "end to end"} <= stages
    assert all(r["repeat"] > 1 and r["seconds"] <= r["seconds_median"] for r in seeds)
    # the seed corpus's word count is that of the committed bodies
    corpus = results.parent.parent / "corpus" / "articles.jsonl"
    texts = [json.loads(x)["text"] for x in corpus.read_text(encoding="utf-8").splitlines()]
    assert seeds[0]["words"] == sum(_words(t) for t in texts)
