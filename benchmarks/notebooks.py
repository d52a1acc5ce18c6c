"""Time ``bingkai report`` (the four notebooks) on a generated multi-outlet corpus.

    .venv/bin/python -m benchmarks.notebooks [--articles 3000] [--outlets 6] [--out DIR]

Generates ``--articles`` dated articles from ``--outlets`` outlet styles
(``benchmarks.synth.generate_articles``), runs ``bingkai.write_report`` on them
into ``--out`` (a temporary folder by default) and prints each notebook's
wall time and its slowest cells, from papermill's per-cell durations, plus the
machine's load average (the VM is shared: timings scale with it).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from . import synth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--outlets", type=int, default=6)
    parser.add_argument("--out", default=None, help="report folder (default: a temporary one)")
    args = parser.parse_args(argv)

    from bingkai.report.notebooks import write_report

    with tempfile.TemporaryDirectory(prefix="bingkai-bench-") as tmp:
        corpus = Path(tmp) / "synth.jsonl"
        arts = synth.generate_articles(args.articles, n_outlets=args.outlets)
        corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts),
                          encoding="utf-8")
        words = sum(synth.count_words(a["text"]) for a in arts)
        out = Path(args.out) if args.out else Path(tmp) / "report"
        start = time.perf_counter()
        written = write_report(corpus, out, columns={"title": "title", "published": "published"},
                               overwrite=True)
        total = time.perf_counter() - start
        print(f"{args.articles:,} articles, {args.outlets} outlets, {words:,} words: "
              f"{total:.1f} s for {len(written)} notebooks "
              f"(load average at the end: {os.getloadavg()[0]:.1f})")
        for path in written:
            nb = json.loads(path.read_text(encoding="utf-8"))
            cells = [(c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0,
                      "".join(c["source"]).split("\n")[0][:60]) for c in nb["cells"]]
            slow = sorted(cells, reverse=True)[:3]
            print(f"  {path.name}: {nb['metadata']['papermill']['duration']:.1f} s; slowest cells: "
                  + "; ".join(f"{d:.1f} s {src!r}" for d, src in slow))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
