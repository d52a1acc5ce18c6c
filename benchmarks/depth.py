"""``python -m benchmarks.depth [--size 1M] [--out benchmarks/depth.json]``

Issue 14's views on a built index: dispersion of 1,000 terms, clusters of one
node, Fightin' Words for one outlet, a 3-token CQL query (and, beside them,
n-grams and the actor-attribute query, whose first call matches the actors
lexicon on the arrays). The index is built (warm stems) before any row is
timed; each view is timed on its first call (derived arrays such as the
per-token lower ids are made then) and as the best of 5 repeated calls.
Rows print as they run and are written to ``--out`` as JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import synth  # noqa: E402


def _time(fn, repeat: int = 1) -> tuple[float, float, object]:
    """Best wall-clock and best CPU seconds of ``repeat`` calls, and the last result.

    CPU time is reported beside wall time because the benchmark machine is
    shared: other processes stretch wall time, CPU time much less."""
    wall = cpu = float("inf")
    out = None
    for _ in range(repeat):
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        wall, cpu = min(wall, time.perf_counter() - t), min(cpu, time.process_time() - c)
    return wall, cpu, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "depth.json"))
    args = ap.parse_args(argv)

    import numpy as np

    import bingkai

    path = synth.ensure_corpus(args.size)
    frame = bingkai.read_articles(path, title="title", published="published", progress=False)
    words = sum(synth.count_words(t) for t in frame["text"])
    rows: list[dict] = []

    def row(name: str, seconds: float, cpu: float, **extra) -> None:
        rows.append({"row": name, "seconds": round(seconds, 4), "cpu_seconds": round(cpu, 4), **extra})
        print(f"{name:<58} {seconds * 1000:9.1f} ms wall {cpu * 1000:9.1f} ms cpu",
              *(f"{k}={v}" for k, v in extra.items()), flush=True)

    build, build_cpu, corpus = _time(lambda: bingkai.index(frame, progress=False))
    row("index build (not part of the views below)", build, build_cpu, tokens=corpus.n_tokens)
    freq = np.asarray(corpus.doc_term_matrix().sum(axis=0)).ravel()
    top = corpus.term_names[np.argsort(-freq, kind="stable")[:1000]].tolist()
    target = sorted(corpus.articles["outlet"].unique())[0]
    views = {
        "dispersion of 1,000 terms by outlet": lambda: bingkai.dispersion(corpus, terms=top),
        "clusters of 'pasukan' (sizes 2-5, right) by outlet": lambda: bingkai.clusters(corpus, "pasukan"),
        "log_odds of one outlet": lambda: bingkai.log_odds(corpus, target=target),
        "query, 3 tokens [lower regex] [] [kind]":
            lambda: bingkai.query(corpus, '[lower="pasukan|kelompok"] [] [kind="word"]'),
        "query [lower] []{0,3} [actor] (actor mentions)":
            lambda: bingkai.query(corpus, '[lower="pasukan"] []{0,3} [actor="hts"]'),
        "query [lower & speaker] (speaker rules over every document)":
            lambda: bingkai.query(corpus, '[lower="teroris" & speaker="russia"]'),
        "ngrams n=2 by outlet": lambda: bingkai.ngrams(corpus, n=2),
    }
    for name, view in views.items():
        row(f"{name}: first call", *_time(view)[:2])
        wall, cpu, out = _time(view, 5)
        row(f"{name}: repeated (best of 5)", wall, cpu, rows=len(out))
    Path(args.out).write_text(json.dumps({"size": args.size, "words": words, "articles": len(frame),
                                          "tokens": corpus.n_tokens, "rows": rows}, indent=1) + "\n",
                              encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
