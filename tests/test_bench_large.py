"""benchmarks.large (issue 24: 100M words on a 2-worker Dask cluster, views
from the on-disk index within 4 GB): the corpus files it writes and reuses,
the report's block and target row (with and without a result), and, marked
bench, a whole run at a few thousand words.

No timing or memory is asserted: the numbers are whatever the run measures.
"""

from __future__ import annotations

import json

import pytest

from benchmarks import large, report, synth


def test_the_files_of_one_corpus_share_its_word_distributions():
    one, two = synth.Generator(0, stream=1), synth.Generator(0, stream=2)
    assert one.roots == two.roots == synth.Generator(0).roots  # one root ranking per seed
    assert one.roots != synth.Generator(1).roots
    texts = [[a["text"] for a in g.articles(2000)] for g in (one, two)]
    assert texts[0] != texts[1]  # but each file its own draws
    # no stream: the bytes of the cached corpora, as before the option existed
    assert synth.generate(2000, seed=0) == list(synth.Generator(0, stream=None).articles(2000))


def test_the_corpus_is_several_files_of_several_outlets_reused_when_present(tmp_path):
    folder, manifest = large.ensure_corpus(6000, 3, seed=0, out=tmp_path / "c")
    files = sorted(folder.glob("part-*.jsonl"))
    assert [f.name for f in files] == [p["file"] for p in manifest["parts"]] and len(files) == 3
    rows = [json.loads(ln) for f in files for ln in f.read_text(encoding="utf-8").splitlines()]
    assert sum(synth.count_words(r["text"]) for r in rows) == sum(p["words"] for p in manifest["parts"])
    assert sum(p["words"] for p in manifest["parts"]) >= 6000
    assert len({r["outlet"] for r in rows}) > 1
    assert all(set(r) == {"outlet", "title", "published", "text"} for r in rows)
    stamps = [f.stat().st_mtime_ns for f in files]
    again, _ = large.ensure_corpus(6000, 3, seed=0, out=tmp_path / "c")
    assert [f.stat().st_mtime_ns for f in sorted(again.glob("part-*.jsonl"))] == stamps  # reused
    # another request in the same folder: regenerated, and no file of the old one left over
    _, other = large.ensure_corpus(4000, 2, seed=0, out=tmp_path / "c")
    assert sorted(f.name for f in folder.glob("part-*.jsonl")) == [p["file"] for p in other["parts"]]
    assert len(other["parts"]) == 2


def _fabricated(words: int, query_peak: float) -> dict:
    worker = {"pid": 1, "cpu_s": 40.0, "peak_mb": 900.0}
    steps = {"cluster start": {"wall_s": 2.0},
             "read_articles": {"cpu_s": 100.0, "wall_s": 110.0, "peak_mb": 3000.0, "rss_after_mb": 2900.0,
                               "load1": 0.3},
             "index (Dask, 2 workers)": {"cpu_s": 50.0, "wall_s": 60.0, "peak_mb": 7000.0,
                                         "rss_after_mb": 6000.0, "load1": 1.9,
                                         "workers": [worker, {**worker, "pid": 2, "peak_mb": 950.0}],
                                         "cpu_all_s": 130.0},
             "save": {"cpu_s": 10.0, "wall_s": 12.0, "peak_mb": 6500.0, "rss_after_mb": 6000.0,
                      "load1": 1.0}}
    query = {"steps": {"Corpus.load": {"cpu_s": 5.0, "wall_s": 6.0, "rss_after_mb": 3000.0, "load1": 0.2},
                       "kwic": {"cpu_s": 1.0, "wall_s": 1.0, "rss_after_mb": 3100.0, "load1": 0.2,
                                "rows": 12345}},
             "target": "Berita Dunia", "query": "teroris", "rss_start_mb": 190.0, "peak_mb": query_peak}
    return {"large": {"date": "2026-12-07", "words_asked": words, "words": words + 7, "files": 10,
                      "seed": 0, "corpus": "benchmarks/data/x", "corpus_mb": 700.0,
                      "generate_wall_s": 300.0, "workers": 2, "limit_mb": 4096, "cpus": 2,
                      "load1_start": 0.1, "load1_end": 1.0,
                      "build": {"files": 10, "articles": 200_000, "tokens": 120_000_000,
                                "words": 99_000_000, "types": 1_000_000, "outlets": 7, "steps": steps,
                                "index_mb": 2000.0, "main_peak_mb": 7000.0,
                                "workers_peak_mb": [1200.0, 1300.0]},
                      "query": query}}


def _target_row(results: dict) -> str:
    return next(ln for ln in report.render_targets(results).splitlines() if ln.startswith("| 100M"))


def test_the_target_row_is_met_missed_or_not_at_100m():
    met = _target_row(_fabricated(100_000_000, 3500.0))
    assert "100,000,007 words" in met and "queries peak 3,500 MB" in met and met.endswith("| met |")
    assert "build peak 7,000 MB main, 1,200, 1,300 MB workers" in met
    missed = _target_row(_fabricated(100_000_000, 6144.0))  # 6144 / 4096 = 1.5
    assert missed.endswith("| **missed** (1.5x the limit) |")
    small = _target_row(_fabricated(200_000, 300.0))
    assert small.endswith("| not measured at 100M (this run: 200,007 words) |")


def test_the_large_block_gives_every_process_its_peak():
    text = report.render_large(_fabricated(100_000_000, 3500.0))
    assert "| index (Dask, 2 workers) | 50.00 | 40.00 + 40.00 | 60.00 | 7,000 | 900, 950 | 1.9 |" in text
    assert "| kwic | 1.000 | 1.000 | 12,345 | 3,100 | 0.2 |" in text
    assert "Peak resident memory of the query process: 3,500 MB (limit 4,096 MB" in text


def test_a_note_on_how_the_run_was_made_is_shown_before_the_tables():
    results = _fabricated(100_000_000, 3500.0)
    assert "How this run was made" not in report.render_large(results)
    results["large"]["note"] = "the queries ran again after a fix"
    text = report.render_large(results)
    assert "How this run was made: the queries ran again after a fix" in text
    assert text.index("How this run was made") < text.index("| build step")


def test_nothing_measured_is_said_not_rendered_as_numbers():
    assert report.render_large({}).startswith("Not measured yet")
    assert _target_row({}).endswith("| not measured |")
    failed = {"large": {"failed": "MemoryError", "command": "python -m benchmarks.large --words 100M"}}
    assert "MemoryError" in report.render_large(failed) and "MemoryError" in _target_row(failed)


def test_a_child_that_would_exhaust_memory_is_stopped_and_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(large, "MIN_AVAILABLE_MB", 10**9)  # "no memory left" from the start
    got = large._child(["--part", "query", "--index", str(tmp_path / "none")])
    assert got["failed"].startswith("stopped by the watchdog")


@pytest.mark.bench
def test_a_tiny_run_builds_on_the_cluster_and_answers_from_disk(tmp_path):
    pytest.importorskip("distributed")
    out = large.measure(4000, files=2, out=tmp_path / "c")
    build, query = out["build"], out["query"]
    assert "failed" not in build and "failed" not in query, (build, query)
    assert build["files"] == 2 and build["words"] > 0 and len(build["workers_peak_mb"]) == 2
    assert len(build["steps"]["index (Dask, 2 workers)"]["workers"]) == 2
    assert set(query["steps"]) == {"Corpus.load", "kwic", "label_rates by outlet", "keyness, one outlet"}
    assert query["peak_mb"] > 0 and not (tmp_path / "c" / "index").exists()  # index removed
