"""``python -m benchmarks [--sizes seeds,10k,100k,1M,10M] [--quick] [--no-sastrawi101]``

Generates (or reuses) the synthetic corpora under ``benchmarks/data/``, runs each
measurement in its own worker process (``benchmarks.worker``), PyPI Sastrawi 1.0.1
on the 10k corpus in its own venv, then prints the tables and writes
``benchmarks/results.json``, ``benchmarks/results.md`` and the README block.

What runs at which size (the default run must stay under 10 minutes on 2 cores):

* seeds: the committed seed corpus (``bingkai.load_corpus("corpus")``, the five
  cleaned articles): every bingkai stage and end to end (cold and warm on-disk
  stem cache), each the best of ``SEED_REPEAT`` runs in one worker process
  (a run takes milliseconds). No baseline (its input is raw JSONL) and no
  process pools (their start-up would be all there is to see).
* 10k, 100k, 1M: every bingkai stage, the on-disk stem cache in a fresh process,
  bingkai end to end (cold, again with the warm on-disk stem cache, and both
  once more with ``n_jobs=2``: vocabulary pre-stemmed in two processes by
  ``fit_tfidf``/``terms`` and label matching in two), and the hand-rolled
  baseline (so the ratio per size; the ratios use the single-process runs, as
  the baseline has no process pool).
* 10M: generation, read_articles, tokenise, stem cold and warm only. The token
  frame, TF-IDF and label matching at 10M would take minutes and several GB and
  add nothing the 100k->1M growth does not already show; the baseline is skipped
  too, as there is no bingkai end to end to compare it with.
* PyPI Sastrawi 1.0.1: 10k only (about a minute: ~175 words/s); only with
  ``--sastrawi101`` (it installs Sastrawi 1.0.1 from PyPI into a venv).
* stages (issue 24, ``benchmarks.stages``): the build cut into its stages on the
  real devcorpus (~1.2M tokens), CPU seconds and µs/token next to each stage's
  floor, the whole build with n_jobs 1 and 2, and a cProfile of the build.
* first calls (issue 24, ``benchmarks.firstcalls``): each view's first call
  after ``Corpus.load`` against its repeat, one fresh process per view.
* session (issue 24, ``benchmarks.session``): read + index + the four
  notebooks' calls in one fresh process against one pass of the hand-rolled
  baseline in another, on the devcorpus.
* large (issue 24, ``benchmarks.large``): only with ``--large`` (a 100M-word
  run takes far longer than the rest): a Dask build from files on disk and
  the views from the saved index. A run without ``--large`` keeps the
  ``large`` result of the previous ``results.json`` (it carries its own date,
  shown in its block), so the default run does not erase it.

Every table of ``benchmarks/README.md`` is rendered from the one
``results.json`` this run writes, with the load average of the machine at
the start and end of every part (``tests/test_bench_readme.py``
fails when the README's tables differ from what that JSON renders to).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from . import report, synth

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
DATA = BENCH / "data"
VENV101 = DATA / "venv-sastrawi101"
FULL_UP_TO = 1_000_000  # sizes above this get the light "tokenize-only" mode
SEEDS = "seeds"  # the committed seed corpus, not a synthetic size
SEED_REPEAT = 30  # best of this many runs per seed-corpus stage


def _machine() -> dict:
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line:
            k, v = line.split("==", 1)
            lock[k.strip().lower()] = v.strip()
    keep = ("pandas", "numpy", "scikit-learn", "scipy", "pysastrawi")
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "versions": {k: lock.get(k, "?") for k in keep}}


def _load1() -> float:
    return round(os.getloadavg()[0], 2)


#: steps of the calibration loop (~0.5 s of CPU on this VM)
CALIBRATION_STEPS = 5_000_000


def _calibrate() -> float:
    """CPU seconds of a fixed pure-Python loop, best of 3: the machine's speed at that moment.
    The shared VM's speed moves by up to ~1.6x within minutes without any load showing
    (the same loop, back to back), so runs are compared by this, not by their clocks."""
    best = float("inf")
    for _ in range(3):
        start, total = time.process_time(), 0
        for i in range(CALIBRATION_STEPS):
            total += i
        best = min(best, time.process_time() - start)
    return round(best, 3)


def _worker(args: list[str], python: str | None = None):
    """Run one worker process; its last stdout line is the JSON list of rows
    (or the JSON object of a stages/first-calls run)."""
    env = dict(os.environ, BINGKAI_PROGRESS="0", PYTHONHASHSEED="0")
    # a researcher's opt-in stem cache must not turn the "cold" runs warm
    env.pop("BINGKAI_CACHE_DIR", None)
    proc = subprocess.run([python or sys.executable, "-m", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
        if len(args) < 2:
            return {"failed": tail[0]}
        return [{"stage": f"{args[1]} (failed)", "skipped": tail[0], "pipeline": args[1]}]
    return json.loads(lines[-1])


def _ensure_venv101() -> str | None:
    """Create benchmarks/data/venv-sastrawi101 with PyPI Sastrawi 1.0.1; None on failure."""
    py = VENV101 / "bin" / "python"
    check = [str(py), "-c", "import importlib.metadata as m; print(m.version('Sastrawi'))"]
    if py.exists() and subprocess.run(check, capture_output=True, text=True).stdout.strip() == "1.0.1":
        return str(py)
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV101)], check=True,
                       capture_output=True)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "Sastrawi==1.0.1"], check=True, capture_output=True, timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as err:
        print(f"note: could not install PyPI Sastrawi 1.0.1 ({err}); skipping it", file=sys.stderr)
        return None
    return str(py)


def _size_key(size: str) -> int:
    return 0 if size == SEEDS else synth.parse_size(size)


def _corpus_stats(path: Path, size: str) -> tuple[dict, int]:
    """Words, articles and types of a generated corpus, plus its word-token count."""
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    n = sum(synth.count_words(t) for t in texts)
    types = synth.vocabulary_size(texts)
    return {"size": size, "words": n, "articles": len(texts), "types": types}, n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="seeds,10k,100k,1M",
                    help="comma-separated synthetic corpus sizes (default seeds,10k,100k,1M; "
                         "10M is available; 'seeds' is the committed corpus/ of the five seed "
                         "articles; 'none' for no synthetic sizes)")
    ap.add_argument("--quick", action="store_true",
                    help="seeds, 10k and 100k only, no stages, first calls or Sastrawi 1.0.1 "
                         "(a smoke run, ~1 min)")
    ap.add_argument("--sastrawi101", action="store_true",
                    help="also PyPI Sastrawi 1.0.1 on the 10k corpus (installs it into a venv)")
    ap.add_argument("--no-sastrawi101", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage profile (devcorpus)")
    ap.add_argument("--no-firstcalls", action="store_true", help="skip the first-call rows (devcorpus)")
    ap.add_argument("--no-session", action="store_true",
                    help="skip the session against the baseline (devcorpus)")
    ap.add_argument("--large", action="store_true",
                    help="also the on-disk Dask run (benchmarks.large, --large-words; long)")
    ap.add_argument("--large-words", default="100M", help="corpus size of --large (default 100M)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-write", action="store_true",
                    help="print only; leave results.* and the README untouched")
    args = ap.parse_args(argv)
    sizes = [SEEDS, "10k", "100k"] if args.quick else [
        s.strip() for s in args.sizes.split(",") if s.strip() and s.strip() != "none"]
    sizes = sorted(sizes, key=_size_key)
    load = {"start": _load1()}
    calibration = {"start": _calibrate()}

    rows: list[dict] = []
    corpora: list[dict] = []
    words_by_size: dict[str, int] = {}
    notes: list[str] = []
    for size in sizes:
        if size == SEEDS:
            # the bodies of the committed corpus (what load_corpus returns as "text")
            stats, words = _corpus_stats(ROOT / "corpus" / "articles.jsonl", size)
            corpora.append(stats)
            words_by_size[size] = words
            print(f"[{size}] corpus/: {words:,} words, {stats['types']:,} types", file=sys.stderr)
            run = ["benchmarks.worker", "seeds", str(ROOT / "corpus"), str(words),
                   str(DATA / "stemcache-seeds"), "1", str(SEED_REPEAT)]
            print(f"[{size}] seeds (best of {SEED_REPEAT}) ...", file=sys.stderr, flush=True)
            for row in _worker(run):
                row["size"] = size
                rows.append(row)
            continue
        n = synth.parse_size(size)
        path = synth.ensure_corpus(size, args.seed, DATA)
        stats, words = _corpus_stats(path, size)
        corpora.append(stats)
        words_by_size[size] = words
        print(f"[{size}] {path.name}: {words:,} words, {stats['types']:,} types", file=sys.stderr)
        cache = str(DATA / f"stemcache-{size}")
        if n <= FULL_UP_TO:
            runs = [["benchmarks.worker", "bingkai", str(path), str(words), cache],
                    ["benchmarks.worker", "stem-disk", str(path), str(words), cache],
                    ["benchmarks.worker", "bingkai-e2e", str(path), str(words)],
                    ["benchmarks.worker", "bingkai-e2e", str(path), str(words), cache],
                    ["benchmarks.worker", "bingkai-e2e", str(path), str(words), "", "2"],
                    ["benchmarks.worker", "bingkai-e2e", str(path), str(words), cache, "2"],
                    ["benchmarks.worker", "baseline", str(path), str(words)]]
        else:
            runs = [["benchmarks.worker", "tokenize-only", str(path), str(words), cache]]
            notes.append(f"{size}: load, tokenise and stem only; no token frame, TF-IDF, labels, "
                         "keyness or baseline at this size (minutes and GBs for no new information).")
        for run in runs:
            print(f"[{size}] {run[1]} ...", file=sys.stderr, flush=True)
            for row in _worker(run):
                row["size"] = size
                rows.append(row)
    load["sizes_end"] = _load1()
    if args.sastrawi101 and not args.no_sastrawi101 and not args.quick and "10k" in sizes:
        py = _ensure_venv101()
        if py is None:
            notes.append("PyPI Sastrawi 1.0.1 could not be installed; not measured.")
        else:
            print("[10k] PyPI Sastrawi 1.0.1 (about a minute) ...", file=sys.stderr, flush=True)
            path = synth.corpus_path("10k", args.seed, DATA)
            for row in _worker(["benchmarks.sastrawi101", str(path), str(words_by_size["10k"])], py):
                row["size"] = "10k"
                rows.append(row)
    for r in rows:  # keep key order stable for the JSON file
        r.setdefault("pipeline", "bingkai")
    stages = firstcalls = None
    if not args.quick and not args.no_stages:
        print("[devcorpus] stages of the build (a few minutes) ...", file=sys.stderr, flush=True)
        stages = _worker(["benchmarks.stages"])
        load["stages_end"] = _load1()
    if not args.quick and not args.no_firstcalls:
        print("[devcorpus] first calls after Corpus.load ...", file=sys.stderr, flush=True)
        firstcalls = _worker(["benchmarks.firstcalls"])
        load["firstcalls_end"] = _load1()
    session = large = None
    if not args.quick and not args.no_session:
        print("[devcorpus] a session against the hand-rolled baseline ...", file=sys.stderr, flush=True)
        session = _worker(["benchmarks.session"])
        load["session_end"] = _load1()
    if args.large:
        print(f"[{args.large_words}] the on-disk Dask run (long) ...", file=sys.stderr, flush=True)
        large = _worker(["benchmarks.large", "--words", args.large_words])
        if isinstance(large, list):  # _worker's failure row
            large = {"failed": large[0]["skipped"]}
        large["command"] = f"python -m benchmarks.large --words {args.large_words}"
        load["large_end"] = _load1()
    elif (BENCH / "results.json").exists():
        # not measured in this run: keep the last one (dated in its block)
        large = json.loads((BENCH / "results.json").read_text(encoding="utf-8")).get("large")
    results = {
        "date": _dt.date.today().isoformat(),
        "command": "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": _machine(),
        "sizes": sizes,
        "corpora": corpora,
        "rows": rows,
        "notes": notes,
        "load": load,
        "calibration": calibration | {"end": _calibrate(), "steps": CALIBRATION_STEPS},
    }
    if stages is not None:
        results["stages"] = stages
    if firstcalls is not None:
        results["firstcalls"] = firstcalls
    if session is not None:
        results["session"] = session
    if large is not None:
        results["large"] = large
    # every block, as write() returns them (--no-write printed only the synthetic one)
    text = ("\n".join(fn(results) for fn in report.BLOCKS.values()) if args.no_write
            else report.write(results, BENCH))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
