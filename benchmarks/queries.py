"""``python -m benchmarks.queries [--size 1M] [--out benchmarks/queries.json]``

The corpus index (issue 10): build it once, then time each question the
notebooks ask, against the same question asked of the articles frame the way
bingkai answered it before the index (``bingkai.index`` is bypassed by giving
the views a frame and clearing the in-process index memo each time, so every
call re-tokenises like the old code did).

Rows (all in one process, in this order, so a ratio compares numbers taken
on the same machine in the same minute):

* ``build cold``: ``bingkai.index`` with a fresh stemmer (Sastrawi for every
  word type), ``n_jobs=1`` and ``n_jobs=2``; ``build warm``: stems cached;
* ``reload``: ``Corpus.load`` of the saved index (checksums verified);
* ``bytes/token``: the token arrays in memory;
* each view on the built index: first call (derived arrays built) and the
  best of 5 repeated calls;
* ``frame (before the index)``: the same view on the frame with the index
  memo cleared, i.e. tokenising the corpus again for that one question;
* ``session``: read_articles, then every call the four notebooks make
  (tokens, label_rates, four kwic, actor_labels, label_occurrences, tfidf by
  outlet, keyness_all), once with this package (index built once, cold stem
  cache) and once, in a subprocess, with the package as it was before the
  index (``--before REV``, default the last commit without ``indexing.py``,
  extracted with ``git archive``), on the same corpus in the same run.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import synth  # noqa: E402


def _time(fn, repeat: int = 1) -> float:
    return _times(fn, repeat)[0]


def _times(fn, repeat: int = 1) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``repeat`` calls. The CPU
    time of this process is what a call costs on an idle core; the wall
    time also counts waiting for the core on a shared machine."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        fn()
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)
    return best, best_cpu


def _rss_mb(who: int) -> int:
    return int(resource.getrusage(who).ru_maxrss / 1024)


def _builds(frame, words: int, args, row, rows) -> int:
    """Build with n_jobs=2 (process pool) and on a 2-worker Dask LocalCluster,
    cold stems both times; peak memory of the main process and of the
    workers (the pool's children; each Dask worker's own maximum)."""
    import bingkai
    from bingkai.indexing import build as indexing
    from bingkai.text import stemming

    stemming._DEFAULT = None
    indexing._MEMO.clear()
    t = _time(lambda: bingkai.index(frame, n_jobs=2, progress=False))
    row("build n_jobs=2 (cold stems)", t, words_per_s=int(words / t),
        main_peak_mb=_rss_mb(resource.RUSAGE_SELF), worker_peak_mb=_rss_mb(resource.RUSAGE_CHILDREN))
    from distributed import Client, LocalCluster

    stemming._DEFAULT = None
    indexing._MEMO.clear()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        t = _time(lambda: bingkai.index(frame, client=client, progress=False))
        peaks = client.run(lambda: int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    row("build Dask LocalCluster 2 workers (cold stems)", t, words_per_s=int(words / t),
        main_peak_mb=_rss_mb(resource.RUSAGE_SELF), worker_peak_mb=max(peaks.values()))
    Path(args.out).write_text(json.dumps({"size": args.size, "words": words, "rows": rows},
                                         indent=1) + "\n", encoding="utf-8")
    return 0


BEFORE_REV = "c1c02a6"  # main just before the corpus index landed


def session(path: str) -> float:
    """Seconds for read_articles + the four notebooks' calls, cold stems."""
    import bingkai

    t = time.perf_counter()
    frame = bingkai.read_articles(path, title="title", published="published", progress=False)
    corpus = bingkai.index(frame, progress=False) if hasattr(bingkai, "index") else frame
    bingkai.tokens(corpus)
    bingkai.label_rates(corpus, by="outlet")
    for word in ("teroris", "pemberontak", "oposisi", "rezim"):
        bingkai.kwic(corpus, word, window=6)
    bingkai.actor_labels(corpus, parts=("title", "subtitle", "body"))
    bingkai.label_occurrences(corpus)
    bingkai.tfidf(corpus, by="outlet", top=8)
    bingkai.keyness(corpus, by="outlet")
    return time.perf_counter() - t


def _session_before(path: str, rev: str) -> float:
    """The session with the package at ``rev``, in a fresh process."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src/bingkai"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        code = ("import sys, json; sys.path.insert(0, sys.argv[1]); sys.path.insert(1, sys.argv[3]);"
                "from benchmarks.queries import session; print(json.dumps(session(sys.argv[2])))")
        out = subprocess.run([sys.executable, "-c", code, str(Path(tmp) / "src"), path, str(ROOT)],
                             check=True, capture_output=True, text=True,
                             env={**__import__("os").environ, "BINGKAI_PROGRESS": "0",
                                  "BINGKAI_CACHE_DIR": ""}).stdout
    return float(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "queries.json"))
    ap.add_argument("--skip-frame", action="store_true", help="skip the slow before-the-index rows")
    ap.add_argument("--before", default=BEFORE_REV, help="git revision of the package before the index")
    ap.add_argument("--session-only", action="store_true", help="only the session rows")
    ap.add_argument("--build-only", action="store_true",
                    help="only the builds: n_jobs=2 and a 2-worker Dask LocalCluster, with peak memory")
    args = ap.parse_args(argv)

    import bingkai
    from bingkai.indexing import build as indexing
    from bingkai.text import stemming

    path = synth.ensure_corpus(args.size)
    frame = bingkai.read_articles(path, title="title", published="published", progress=False)
    words = sum(synth.count_words(t) for t in frame["text"])
    rows: list[dict] = []

    def row(name: str, seconds: float, **extra) -> None:
        rows.append({"row": name, "seconds": round(seconds, 4), **extra})
        print(f"{name:<48} {seconds * 1000:10.1f} ms", *(f"{k}={v}" for k, v in extra.items()),
              flush=True)

    def fresh_stemmer() -> None:
        stemming._DEFAULT = None  # a new Stemmer: nothing cached
        indexing._MEMO.clear()

    if args.build_only:
        return _builds(frame, words, args, row, rows)
    import subprocess

    code = ("import sys, json; sys.path.insert(0, sys.argv[1]);"
            "from benchmarks.queries import session; print(json.dumps(session(sys.argv[2])))")
    now = float(subprocess.run([sys.executable, "-c", code, str(ROOT), str(path)], check=True,
                               capture_output=True, text=True).stdout.strip().splitlines()[-1])
    before = _session_before(str(path), args.before)
    row("session: notebooks' calls, with the index", now, ratio=round(before / now, 2))
    row(f"session: notebooks' calls, before the index ({args.before})", before)
    if args.session_only:
        Path(args.out).write_text(json.dumps({"size": args.size, "words": words, "rows": rows},
                                             indent=1) + "\n", encoding="utf-8")
        return 0
    for n_jobs in (1, 2):
        fresh_stemmer()
        t = _time(lambda: bingkai.index(frame, n_jobs=n_jobs, progress=False))
        row(f"build cold n_jobs={n_jobs}", t, words_per_s=int(words / t))
    indexing._MEMO.clear()
    for n_jobs in (1, 2):
        indexing._MEMO.clear()
        t, cpu = _times(lambda: bingkai.index(frame, n_jobs=n_jobs, progress=False))
        row(f"build warm n_jobs={n_jobs}", t, words_per_s=int(words / t),
            main_cpu_s=round(cpu, 2))
    corpus = bingkai.index(frame, progress=False)
    row("bytes/token in memory", 0.0,
        bytes=sum(a.itemsize for a in corpus.arrays.values()), tokens=corpus.n_tokens)
    with tempfile.TemporaryDirectory() as tmp:
        corpus.save(Path(tmp) / "ix")
        row("reload (Corpus.load, checksums verified)", _time(lambda: bingkai.Corpus.load(Path(tmp) / "ix"), 3))

    target = sorted(frame["outlet"].unique())[0]
    views = {
        "kwic 'teroris'": lambda c: bingkai.kwic(c, "teroris"),
        "kwic by label 'teroris'": lambda c: bingkai.kwic(c, "teroris", match="label"),
        "label_rates by outlet": lambda c: bingkai.label_rates(c, by="outlet"),
        "actor_labels": lambda c: bingkai.actor_labels(c, parts=("title", "subtitle", "body")),
        "keyness one outlet": lambda c: bingkai.keyness(c, target=target),
        "keyness_all": lambda c: bingkai.keyness(c),
        "tfidf by outlet top 10": lambda c: bingkai.tfidf(c, by="outlet"),
        "collocates 'pasukan'": lambda c: bingkai.collocates(c, "pasukan"),
    }
    for name, view in views.items():
        first, first_cpu = _times(lambda: view(corpus))
        again, again_cpu = _times(lambda: view(corpus), 5)
        row(f"{name}: index first call", first, cpu_ms=round(first_cpu * 1000, 1))
        row(f"{name}: index repeated", again, cpu_ms=round(again_cpu * 1000, 1))
        if not args.skip_frame:
            def before():
                indexing._MEMO.clear()
                view(frame)
            row(f"{name}: frame (before the index)", _time(before))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row("peak RSS (MB)", 0.0, mb=int(peak))
    Path(args.out).write_text(json.dumps({"size": args.size, "words": words,
                                          "articles": len(frame), "rows": rows},
                                         indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
