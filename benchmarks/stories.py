"""``python -m benchmarks.stories [--size 1M] [--out benchmarks/stories.json]``

Similarity, same-story pairs and text reuse on the corpus index (issue 10,
item 4), on the synthetic corpus of ``benchmarks/synth.py``:

* ``index``: ``bingkai.index`` of the cleaned articles (not this benchmark's
  subject; the views below are timed after it, as the issue's targets are);
* ``similarity top-k``: ``bingkai.similarity(corpus, top=10)``: TF-IDF from the
  index's term counts, then the blockwise products and the top 10 per
  article; first call and best of 3;
* ``same_story``: the default rule (two passes over the blocks);
* ``text_reuse``: ``bingkai.text_reuse(corpus)`` (8-word shingles);
* ``before``: what the same questions cost the old way, on the same index:
  the dense n x n matrix (``similarity(full=True)``, i.e.
  ``cosine_similarity``) and the all-pairs frame of ``same_story(all_pairs=True)``
  (the old default), with its row count;
* peak RSS of the process after each stage (``ru_maxrss``: never decreases,
  so a row's growth over the previous one is what that stage added).

With ``--plant N`` that many articles are republished by another outlet
(the text as it is, with a different outlet name) before indexing, so the
pair-finding paths have something to find.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import synth  # noqa: E402


def _time(fn, repeat: int = 1):
    best, value = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t)
    return best, value


def _rss_mb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--plant", type=int, default=0, help="republish this many articles")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "stories.json"))
    ap.add_argument("--skip-before", action="store_true", help="skip the n x n rows")
    args = ap.parse_args(argv)

    import numpy as np
    import pandas as pd

    import bingkai

    path = synth.ensure_corpus(args.size)
    frame = bingkai.read_articles(path, title="title", published="published", progress=False)
    if args.plant:
        rng = np.random.default_rng(0)
        src = frame.iloc[np.sort(rng.choice(len(frame), size=args.plant, replace=False))].copy()
        src["outlet"] = src["outlet"] + " (copy)"
        src["doc_id"] = src["doc_id"] + "_copy"
        frame = pd.concat([frame, src], ignore_index=True)
    words = sum(synth.count_words(t) for t in frame["text"])
    rows: list[dict] = []

    def row(name: str, seconds: float, **extra) -> None:
        rows.append({"row": name, "seconds": round(seconds, 4), "rss_mb": _rss_mb(), **extra})
        print(f"{name:<44} {seconds:9.3f} s  rss {_rss_mb():5d} MB",
              *(f"{k}={v}" for k, v in extra.items()), flush=True)

    t, corpus = _time(lambda: bingkai.index(frame, progress=False))
    row("index (build)", t, articles=len(frame), words=words)
    t, top = _time(lambda: bingkai.similarity(corpus, top=10, progress=False))
    row("similarity top-k (k=10): first call", t, rows=len(top))
    t, top = _time(lambda: bingkai.similarity(corpus, top=10, progress=False), 3)
    row("similarity top-k (k=10): repeated", t, rows=len(top))
    t, same = _time(lambda: bingkai.same_story(corpus, progress=False), 3)
    row("same_story (default rule)", t, rows=len(same))
    t, reuse = _time(lambda: bingkai.text_reuse(corpus, progress=False))
    row("text_reuse (n=8): first call", t, passages=len(reuse),
        pairs=int(reuse[["doc_a", "doc_b"]].drop_duplicates().shape[0]))
    t, reuse = _time(lambda: bingkai.text_reuse(corpus, progress=False), 3)
    row("text_reuse (n=8): repeated", t, passages=len(reuse))
    if not args.skip_before and len(frame) <= 2000 * 2:
        from bingkai.views import similarity as stories

        stories_max = stories.FULL_MAX
        stories.FULL_MAX = len(frame)  # the old code had no limit
        try:
            t, full = _time(lambda: bingkai.similarity(corpus, full=True, progress=False))
            row("before: n x n matrix (full=True)", t, cells=int(full.size))
            del full
            t, allp = _time(lambda: bingkai.same_story(corpus, all_pairs=True, progress=False))
            row("before: same_story all pairs (old default)", t, rows=len(allp),
                mb=int(allp.memory_usage(deep=True).sum() / 2**20))
        finally:
            stories.FULL_MAX = stories_max
    Path(args.out).write_text(json.dumps({"size": args.size, "plant": args.plant,
                                          "words": words, "articles": len(frame),
                                          "rows": rows}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
