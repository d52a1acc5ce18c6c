"""``python -m benchmarks.large --words 100M [--out DIR] [--files N] [--keep-index]``

Issue 24's large target: "100M words (synthetic, several outlets): build with
a 2-worker Dask ``LocalCluster`` from files on disk, peak memory per process
reported, kwic/label_rates/keyness answered from the on-disk index with
resident memory <= 4 GB". Not part of the default ``make bench`` (at 100M
words it takes far too long); ``python -m benchmarks --large`` runs it.

1. **Corpus** (off the clock): ``--files`` JSONL files (keys ``outlet, title,
   published, text``) under ``DIR`` (default
   ``benchmarks/data/large-v<generator version>-s<seed>-<words>-<files>f/``,
   git-ignored), written by ``benchmarks.synth`` with the seven outlet styles
   (``OUTLETS + EXTRA_OUTLETS``), the same root ranking in every file and one
   random stream per file (``Generator(seed, stream=i)``), two files at a time.
   A folder whose ``manifest.json`` matches is reused.
2. **Read**, in a fresh process: ``bingkai.read_articles`` of the files
   (``n_jobs=2``: the articles are cleaned in two processes; the package reads
   several files as one corpus), then the cleaned frame written to Parquet
   (``frame.parquet`` beside the index), as a researcher keeps a cleaned
   scrape. Its own process because the cleaning's many small Python objects
   leave the heap fragmented (at 2M words ~0.3 GB stays resident after the
   frame is made, most of it given back only by ``malloc_trim``): the build
   should not start with that.
3. **Build**, in another fresh process: a ``distributed.LocalCluster`` of 2
   worker processes (1 thread each) and a ``Client``; the frame read back
   (``body_lines`` cells as lists again, as ``read_articles`` makes them),
   then ``bingkai.index(frame, client=client)`` (the per-partition map and the
   cold stemming on the workers, the merge here), then ``Corpus.save``.
   CPU seconds of this process and of each worker (``getrusage`` inside the
   worker via ``client.run``), wall seconds, and the peak resident set size
   (``VmHWM``, reset before each step) of the main process and of each worker.
   The scheduler runs in this process (a ``LocalCluster`` does that), so its
   memory is in the main process's figure; the workers' nanny processes are
   not counted (they hold no data).
4. **Queries**, in a third fresh process: ``Corpus.load`` of the saved index,
   then the first call of ``kwic(corpus, "teroris")``,
   ``label_rates(corpus, by="outlet")`` and ``keyness(corpus, target=<first
   outlet>)``; CPU and wall seconds each, and the process's peak RSS over its
   whole life (the number the 4 GB target is about).

Both children are watched: the resident memory of each process tree (the
build's includes its cluster) is sampled every ``WATCH_SECONDS``
(``tree_peak_mb``, a lower bound), and a child is stopped, with its cluster,
when the machine has less than ``MIN_AVAILABLE_MB`` left: the result then says
so instead of the kernel's OOM killer choosing a process on a shared machine
without swap. The index is deleted afterwards unless ``--keep-index``. The
last stdout line is the JSON result.
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import measure as measuring  # noqa: E402
from benchmarks import synth  # noqa: E402
from benchmarks.firstcalls import LAZY_IMPORTS  # noqa: E402
from benchmarks.measure import peak_mb, reset_peak, rss_mb  # noqa: E402
from benchmarks.stages import load1, timed  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
WORKERS = 2
LIMIT_MB = 4096  # the 4 GB (MiB, like every MB figure of benchmarks/)
OUTLET_STYLES = synth.OUTLETS + synth.EXTRA_OUTLETS
QUERY_WORD = "teroris"  # one of synth.LABELS
MIN_AVAILABLE_MB = 1536  # the watchdog stops a child below this much free memory (see _child)
WATCH_SECONDS = 0.5


def default_files(words: int) -> int:
    """Files of the corpus: one per ~10M words, at least 2 (a scrape is many files)."""
    return max(2, min(16, round(words / 10_000_000)))


def corpus_dir(words: int, files: int, seed: int = 0) -> Path:
    return DATA / f"large-v{synth.GENERATOR_VERSION}-s{seed}-{words}-{files}f"


def _write_file(job: tuple[Path, int, int, int]) -> dict:
    """One file of the corpus (see the module docstring, step 1)."""
    path, words, seed, stream = job
    tmp = path.with_suffix(".jsonl.tmp")
    n_words = n_articles = 0
    gen = synth.Generator(seed, outlets=OUTLET_STYLES, stream=stream)
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for art in gen.articles(words):
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
            n_words += synth.count_words(art["text"])
            n_articles += 1
    tmp.replace(path)
    return {"file": path.name, "words": n_words, "articles": n_articles, "bytes": path.stat().st_size}


FRAME_FILE = "frame.parquet"


def ensure_corpus(words: int, files: int, seed: int = 0, out: Path | None = None) -> tuple[Path, dict]:
    """The corpus folder and its manifest, generated unless a matching one exists."""
    folder = Path(out) if out else corpus_dir(words, files, seed)
    manifest = folder / "manifest.json"
    want = {"generator_version": synth.GENERATOR_VERSION, "seed": seed, "words": words,
            "files": files, "outlets": [o["outlet"] for o in OUTLET_STYLES]}
    if manifest.exists():
        have = json.loads(manifest.read_text(encoding="utf-8"))
        if {k: have.get(k) for k in want} == want and all(
                (folder / f["file"]).exists() for f in have["parts"]):
            return folder, have
    folder.mkdir(parents=True, exist_ok=True)
    manifest.unlink(missing_ok=True)
    for old in folder.glob("part-*.jsonl"):  # another size's files must not be read with these
        old.unlink()
    per = [words // files + (1 if i < words % files else 0) for i in range(files)]
    jobs = [(folder / f"part-{i:03d}.jsonl", per[i], seed, i) for i in range(files)]
    t = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(min(WORKERS, files)) as pool:
        parts = pool.map(_write_file, jobs)
    have = {**want, "parts": parts, "generate_wall_s": round(time.perf_counter() - t, 2)}
    manifest.write_text(json.dumps(have, indent=1) + "\n", encoding="utf-8")  # written last
    return folder, have


def _cpu_self() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _step(steps: dict, name: str, fn, client=None):
    """Run ``fn`` as the step ``name``: CPU, wall, peak RSS (VmHWM reset first) of this
    process, and with ``client`` the same of each cluster worker (through client.run)."""
    reset_peak()
    if client is not None:
        client.run(measuring.reset_peak)
        before = client.run(measuring.process_stats)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # CPU of this process and of the children it reaped (read_articles' pool);
        # the cluster's workers are counted below, through client.run
        out, c, w = timed(fn)
    row = {"cpu_s": round(c, 3), "wall_s": round(w, 3),
           "peak_mb": round(peak_mb(), 1), "rss_after_mb": round(rss_mb(), 1),
           "load1": load1()}
    if client is not None:
        after = client.run(measuring.process_stats)
        row["workers"] = [{"pid": a["pid"], "cpu_s": round(a["cpu_s"] - before[k]["cpu_s"], 3),
                           "peak_mb": round(a["peak_mb"], 1)}
                          for k, a in sorted(after.items())]
        row["cpu_all_s"] = round(row["cpu_s"] + sum(x["cpu_s"] for x in row["workers"]), 3)
    steps[name] = row
    print(f"{name:<28} cpu {row['cpu_s']:9.2f} s  wall {w:9.2f} s  peak {row['peak_mb']:9,.0f} MB"
          + ("".join(f"  worker {x['cpu_s']:.1f} s {x['peak_mb']:,.0f} MB"
                     for x in row.get("workers", []))), file=sys.stderr, flush=True)
    return out


def run_read(folder: Path, frame_path: Path) -> dict:
    """In this (fresh) process: read_articles of the files, the frame to Parquet (step 2)."""
    import bingkai

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = [folder / p["file"] for p in manifest["parts"]]
    steps: dict[str, dict] = {}
    frame = _step(steps, "read_articles", lambda: bingkai.read_articles(
        files, title="title", published="published", report=False, progress=False, n_jobs=2))
    frame.attrs = {}  # the read report (skipped rows, removed lines) is not the index's input
    _step(steps, "frame to Parquet", lambda: frame.to_parquet(frame_path, index=False))
    return {"files": len(files), "articles": len(frame), "steps": steps}


def _read_frame(frame_path: Path):
    import pandas as pd

    frame = pd.read_parquet(frame_path)
    # Parquet gives list cells back as arrays; read_articles makes lists
    frame["body_lines"] = [v.tolist() for v in frame["body_lines"]]
    return frame


def run_build(frame_path: Path, index_dir: Path) -> dict:
    """In this (fresh) process: cluster, the frame read back, index, save (step 3)."""
    import cloudpickle
    import distributed

    # the workers run benchmarks.measure's functions (client.run) without importing
    # benchmarks/: cloudpickle sends them by value
    cloudpickle.register_pickle_by_value(measuring)

    import bingkai

    steps: dict[str, dict] = {}
    t = time.perf_counter()
    cluster = distributed.LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    steps["cluster start"] = {"wall_s": round(time.perf_counter() - t, 3)}
    try:
        frame = _step(steps, "frame from Parquet", lambda: _read_frame(frame_path))
        corpus = _step(steps, "index (Dask, 2 workers)",
                       lambda: bingkai.index(frame, client=client, progress=False), client=client)
        _step(steps, "save", lambda: corpus.save(index_dir))
        workers_life = client.run(measuring.process_stats)
    finally:
        client.close()
        cluster.close()
    n_words = int((corpus.arrays["kind"] == 0).sum())
    index_bytes = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
    return {"articles": len(frame), "tokens": corpus.n_tokens, "words": n_words,
            "types": len(corpus.vocab), "outlets": int(frame["outlet"].nunique()),
            "steps": steps, "index_mb": round(index_bytes / 2**20, 1),
            "main_peak_mb": round(max(s.get("peak_mb", 0) for s in steps.values()), 1),
            "workers_peak_mb": [round(w["peak_mb"], 1) for _, w in sorted(workers_life.items())]}


def run_query(index_dir: Path) -> dict:
    """In this (fresh) process: load the index, the three first calls (step 3)."""
    import bingkai

    for mod in LAZY_IMPORTS:  # imports off the clock, as in benchmarks.firstcalls
        importlib.import_module(mod)
    rss_start = rss_mb()
    steps: dict[str, dict] = {}

    def step(name: str, fn):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            c0 = _cpu_self()
            out, _, w = timed(fn)
        steps[name] = {"cpu_s": round(_cpu_self() - c0, 3), "wall_s": round(w, 3),
                       "rss_after_mb": round(rss_mb(), 1), "load1": load1()}
        if name != "Corpus.load":
            steps[name]["rows"] = len(out)
        print(f"{name:<28} cpu {steps[name]['cpu_s']:9.2f} s  wall {w:9.2f} s  rss "
              f"{steps[name]['rss_after_mb']:9,.0f} MB", file=sys.stderr, flush=True)
        return out

    corpus = step("Corpus.load", lambda: bingkai.Corpus.load(index_dir))
    target = sorted(corpus.articles["outlet"].unique())[0]
    step("kwic", lambda: bingkai.kwic(corpus, QUERY_WORD))
    step("label_rates by outlet", lambda: bingkai.label_rates(corpus, by="outlet"))
    step("keyness, one outlet", lambda: bingkai.keyness(corpus, target=target))
    return {"steps": steps, "target": target, "query": QUERY_WORD, "rss_start_mb": round(rss_start, 1),
            "peak_mb": round(peak_mb(), 1)}


def _tree_rss_mb(proc) -> float:
    """Resident MB of a process and all its descendants (the cluster's workers)."""
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:  # exited between the listing and the reading
            continue
    return total / 2**20


def _child(args: list[str]) -> dict:
    """One fresh process (``--part``); its last stdout line is the JSON.

    A watchdog stops it (and its cluster) when the machine's available memory
    falls below ``MIN_AVAILABLE_MB``: the machine has no swap and is shared, so
    a build larger than memory must fail as a result ("stopped"), not be left
    to the kernel's OOM killer, which may pick someone else's process."""
    import psutil

    env = dict(os.environ, BINGKAI_PROGRESS="0", PYTHONHASHSEED="0")
    env.pop("BINGKAI_CACHE_DIR", None)  # a cold build: no index or stem cache
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-m", "benchmarks.large", *args], cwd=ROOT, env=env,
                                stdout=out, stderr=err, text=True)
        watched = psutil.Process(proc.pid)
        peak_tree, stopped = 0.0, None
        while proc.poll() is None:
            try:
                peak_tree = max(peak_tree, _tree_rss_mb(watched))
            except psutil.Error:
                pass
            available = psutil.virtual_memory().available / 2**20
            if available < MIN_AVAILABLE_MB:
                stopped = (f"stopped by the watchdog: {available:,.0f} MB of memory left on the "
                           f"machine, the process tree at {peak_tree:,.0f} MB resident")
                for p in [*watched.children(recursive=True), watched]:
                    try:
                        p.kill()
                    except psutil.Error:
                        continue
                proc.wait()
                break
            time.sleep(WATCH_SECONDS)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    sys.stderr.write(stderr)
    lines = stdout.strip().splitlines()
    if stopped:
        return {"failed": stopped, "tree_peak_mb": round(peak_tree, 1)}
    if proc.returncode != 0 or not lines:
        return {"failed": (stderr.strip().splitlines() or ["no output"])[-1],
                "tree_peak_mb": round(peak_tree, 1)}
    result = json.loads(lines[-1])
    result["tree_peak_mb"] = round(peak_tree, 1)  # sampled every WATCH_SECONDS: a lower bound
    return result


def measure(words: int, *, files: int | None = None, seed: int = 0, out: Path | None = None,
            keep_index: bool = False) -> dict:
    """Steps 1-3; the result dict (see the module docstring)."""
    files = files or default_files(words)
    start = load1()
    folder, manifest = ensure_corpus(words, files, seed, out)
    index_dir = folder / "index"
    if index_dir.exists():
        shutil.rmtree(index_dir)  # an index left by an interrupted run: rebuild
    frame_path = folder / FRAME_FILE
    frame_path.unlink(missing_ok=True)
    try:
        read = _child(["--part", "read", "--corpus", str(folder), "--frame", str(frame_path)])
        build = (_child(["--part", "build", "--frame", str(frame_path), "--index", str(index_dir)])
                 if "failed" not in read else {"failed": f"no frame (read_articles failed: {read['failed']})"})
        query = (_child(["--part", "query", "--index", str(index_dir)]) if "failed" not in build
                 else {"failed": "no index (the build failed)"})
    finally:
        frame_path.unlink(missing_ok=True)
        if not keep_index and index_dir.exists():
            shutil.rmtree(index_dir)
    if "failed" not in read and "failed" not in build:
        # one table of the build's steps, the reading process's first
        build = {**build, "files": read["files"], "steps": {**read["steps"], **build["steps"]},
                 "main_peak_mb": max(read["steps"]["read_articles"]["peak_mb"], build["main_peak_mb"]),
                 "read_tree_peak_mb": read.get("tree_peak_mb")}
    elif "failed" in read:
        build = {**build, "failed": build["failed"], "tree_peak_mb": read.get("tree_peak_mb")}
    return {"date": time.strftime("%Y-%m-%d"), "words_asked": words, "words": sum(p["words"] for p in manifest["parts"]),
            "files": files, "seed": seed, "corpus": str(folder.relative_to(ROOT)
                                                        if folder.is_relative_to(ROOT) else folder),
            "corpus_mb": round(sum(p["bytes"] for p in manifest["parts"]) / 2**20, 1),
            "generate_wall_s": manifest.get("generate_wall_s"), "workers": WORKERS,
            "limit_mb": LIMIT_MB, "cpus": os.cpu_count(), "load1_start": start, "load1_end": load1(),
            "build": build, "query": query}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", default="100M", help="corpus size: 200k, 10M, 100M, ... (default 100M)")
    ap.add_argument("--out", default=None, help="corpus folder (default under benchmarks/data/)")
    ap.add_argument("--files", type=int, default=None, help="JSONL files (default: one per ~10M words, >= 2)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep-index", action="store_true", help="keep the saved index in the corpus folder")
    ap.add_argument("--part", choices=("read", "build", "query"), default=None, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--frame", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--index", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    os.environ.pop("BINGKAI_CACHE_DIR", None)
    if args.part == "read":
        result = run_read(Path(args.corpus), Path(args.frame))
    elif args.part == "build":
        result = run_build(Path(args.frame), Path(args.index))
    elif args.part == "query":
        result = run_query(Path(args.index))
    else:
        result = measure(synth.parse_size(args.words), files=args.files, seed=args.seed,
                         out=Path(args.out) if args.out else None, keep_index=args.keep_index)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
