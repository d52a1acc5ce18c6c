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
  memo cleared, i.e. tokenising the corpus again for that one question.
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
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1M")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "queries.json"))
    ap.add_argument("--skip-frame", action="store_true", help="skip the slow before-the-index rows")
    args = ap.parse_args(argv)

    import bingkai
    from bingkai import indexing, stemming

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

    for n_jobs in (1, 2):
        fresh_stemmer()
        t = _time(lambda: bingkai.index(frame, n_jobs=n_jobs, progress=False))
        row(f"build cold n_jobs={n_jobs}", t, words_per_s=int(words / t))
    indexing._MEMO.clear()
    for n_jobs in (1, 2):
        indexing._MEMO.clear()
        t = _time(lambda: bingkai.index(frame, n_jobs=n_jobs, progress=False))
        row(f"build warm n_jobs={n_jobs}", t, words_per_s=int(words / t))
    corpus = bingkai.index(frame, progress=False)
    row("bytes/token in memory", 0.0,
        bytes=sum(a.itemsize for a in corpus.arrays.values()), tokens=corpus.n_tokens)
    with tempfile.TemporaryDirectory() as tmp:
        corpus.save(Path(tmp) / "ix")
        row("reload (Corpus.load, checksums verified)", _time(lambda: bingkai.Corpus.load(Path(tmp) / "ix"), 3))

    target = sorted(frame["outlet"].unique())[0]
    views = {
        "kwic 'teroris'": lambda c: bingkai.kwic(c, "teroris"),
        "kwic by label 'teroris'": lambda c: bingkai.kwic(c, "teroris", by="label"),
        "label_rates by outlet": lambda c: bingkai.label_rates(c, by="outlet"),
        "actor_labels": lambda c: bingkai.actor_labels(c),
        "keyness one outlet": lambda c: bingkai.keyness(c, target=target),
        "keyness_all": lambda c: bingkai.keyness_all(c),
        "tfidf by outlet top 10": lambda c: bingkai.tfidf(c, by="outlet"),
        "collocates 'pasukan'": lambda c: bingkai.collocates(c, "pasukan"),
    }
    for name, view in views.items():
        first = _time(lambda: view(corpus))
        again = _time(lambda: view(corpus), 5)
        row(f"{name}: index first call", first)
        row(f"{name}: index repeated", again)
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
