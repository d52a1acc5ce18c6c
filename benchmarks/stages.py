"""``python -m benchmarks.stages [--corpus PATH] [--out FILE] [--profile N]``

Issue 24: the build (``bingkai.read_articles`` + ``bingkai.index``) cut into its
stages, each run by itself over the whole corpus and timed in **CPU seconds**
(this process plus its children, ``resource.getrusage``), next to the *floor*
of the stage: the cheapest whole-text operation that touches the same bytes
(one regex pass, one ``str.split``, one dict lookup per type, one numpy call
over the offset arrays). Wall-clock seconds and the 1-minute load average are
recorded beside every row: on a shared machine wall time is noise, CPU time
much less.

The corpus is the real devcorpus (``/work/shared/devcorpus/indosum_dev.csv.gz``,
IndoSum dev folds, 3,463 articles, ~1.2M tokens; CC BY-SA 4.0, see its
README); with ``--corpus`` any file ``read_articles`` reads.

Stages (each a separate pass over every document, in build order):

* read: ``read_articles`` (parse, repair, clean, dates, duplicates);
* normalise: ``_align`` of every field (the normalised text and its alignment);
* tokens: the tokeniser's arrays (surface strings, offsets, kinds);
* sentences / quotes: sentence and quotation bounds;
* token arrays: the rest of ``_document_arrays`` (para, sent, voice per token);
* label matching: the map step (``_partition``: the token arrays above, then
  match keys, the label and actor phrase matchers, sense rules and occurrence
  rows for the documents in which a label can start) minus the token arrays
  and the two rows below; ``match_document`` on every document is kept in the
  JSON beside it;
* speakers / attribution: ``speakers.find`` and ``attribution.attribute``
  inside the matching (timed by wrapping them);
* stems cold: ``_merge`` with a new ``Stemmer`` minus ``_merge`` with the same
  stemmer warm (Sastrawi once per word type);
* merge: ``_merge`` with warm stems (global vocabulary, per-type facts,
  proper nouns, terms);
* write / load: ``Corpus.save`` and ``Corpus.load``.

Then the whole build (``bingkai.index``, cold and warm stems, ``n_jobs`` 1 and
2) and a cProfile of the warm single-process build (top functions by own time).
The script imports private names of the package on purpose: a stage is an
internal function. Its last stdout line is the JSON result.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import importlib
import io
import json
import os
import pstats
import re
import resource
import sys
import tempfile
import time
import unicodedata
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVCORPUS = Path(os.environ.get("BINGKAI_DEVCORPUS",
                                ROOT.parent / "shared" / "devcorpus" / "indosum_dev.csv.gz"))
if not DEVCORPUS.exists():
    DEVCORPUS = Path("/work/shared/devcorpus/indosum_dev.csv.gz")
#: bingkai's own modules, which ``import bingkai`` loads on first use: imported before a clock
#: starts (as the libraries are), so the first read or build is not charged for the imports
#: how many times each whole build and read is timed (the fastest run is reported)
BUILD_REPEATS = 3
PACKAGE_MODULES = ("bingkai.io.reading", "bingkai.indexing.build", "bingkai.views")
# read_articles keywords for the devcorpus columns (its README: "Columns")
DEVCORPUS_COLUMNS = {"outlet": "source", "published": "id_timestamp_utc", "url": "source_url"}


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished children."""
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def load1() -> float:
    return round(os.getloadavg()[0], 2)


def timed(fn):
    """``(result, cpu seconds, wall seconds)`` of one call of ``fn``."""
    gc.collect()
    c, w = cpu_seconds(), time.perf_counter()
    out = fn()
    return out, cpu_seconds() - c, time.perf_counter() - w


class _Clock:
    """Accumulated CPU seconds of calls to a wrapped function (exclusive of
    nothing: the wrapped functions here do not nest)."""

    def __init__(self, fn):
        self.fn, self.seconds, self.calls = fn, 0.0, 0

    def __call__(self, *args, **kwargs):
        t = time.process_time()
        try:
            return self.fn(*args, **kwargs)
        finally:
            self.seconds += time.process_time() - t
            self.calls += 1


class _Api:
    """The package's internal stage functions, under the names of either
    layout: flat modules (``bingkai.text``, ``bingkai.indexing``, ...) or the
    subpackages of the redesign (``bingkai.text.tokens``,
    ``bingkai.indexing.corpus``, ``bingkai.lexicon.matching``, ...)."""

    def __init__(self) -> None:
        import importlib

        def mods(*names):
            out = []
            for name in names:
                try:
                    out.append(importlib.import_module(name))
                except ImportError:
                    continue
            return out

        def find(modules, *names):
            for name in names:
                for m in modules:
                    if hasattr(m, name):
                        return getattr(m, name)
            raise AttributeError(f"none of {names} in {[m.__name__ for m in modules]}")

        text = mods("bingkai.text.normalize", "bingkai.text.tokens", "bingkai.text.sentences",
                    "bingkai.text.quotes", "bingkai.text")
        self.align = find(text, "align", "_align")
        self.token_arrays = find(text, "_token_arrays")
        self.sentence_bounds = find(text, "_sentence_bounds")
        self.quote_bounds = find(text, "_quote_bounds")
        self.sent_end_re = find(text, "_SENT_END_RE")
        self.document_arrays = find(text, "document_arrays", "_document_arrays")
        self.matching = mods("bingkai.lexicon.matching", "bingkai.framing")[0]
        self.speakers = mods("bingkai.lexicon.speakers", "bingkai.speakers")[0]
        self.attribution = mods("bingkai.lexicon.attribution", "bingkai.attribution")[0]
        build = mods("bingkai.indexing.build", "bingkai.indexing.corpus", "bingkai.indexing")
        self.indexing = next(m for m in build if hasattr(m, "_merge"))
        self.stemming = mods("bingkai.text.stemming", "bingkai.stemming")[0]


def read(path: Path, n_jobs: int = 1):
    import bingkai

    kw = DEVCORPUS_COLUMNS if path == DEVCORPUS else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the re-scrape notice of the devcorpus
        return bingkai.read_articles(path, report=False, progress=False, n_jobs=n_jobs, **kw)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEVCORPUS))
    ap.add_argument("--out", default=None, help="also write the JSON here")
    ap.add_argument("--profile", type=int, default=15, help="cProfile rows (0: none)")
    ap.add_argument("--no-parallel", action="store_true", help="skip the n_jobs=2 builds")
    args = ap.parse_args(argv)
    os.environ.pop("BINGKAI_CACHE_DIR", None)  # cold must be cold, no index cache

    import numpy as np
    import pandas as pd
    import pyarrow.parquet  # noqa: F401  (off the clock: Corpus.save and Corpus.load use it)

    import bingkai

    for module in PACKAGE_MODULES:  # imports off the clock
        importlib.import_module(module)
    api = _Api()
    indexing, stemming, speakers, attribution = api.indexing, api.stemming, api.speakers, api.attribution
    path = Path(args.corpus)
    rows: list[dict] = []
    load_start = load1()

    def row(stage: str, cpu: float, wall: float, floor: str = "", floor_cpu: float | None = None,
            **extra) -> None:
        rows.append({"stage": stage, "cpu_s": round(cpu, 4), "wall_s": round(wall, 4),
                     "floor": floor, "floor_cpu_s": None if floor_cpu is None else round(floor_cpu, 4),
                     "load1": load1(), **extra})
        print(f"{stage:<44} cpu {cpu:8.3f} s  wall {wall:8.3f} s"
              + (f"  floor {floor_cpu:7.3f} s ({floor})" if floor_cpu is not None else ""),
              file=sys.stderr, flush=True)

    # -- read ---------------------------------------------------------------
    frame, c, w = timed(lambda: read(path))

    def raw_floor():
        import csv
        import gzip
        csv.field_size_limit(1 << 30)
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as fh:
            return sum(1 for _ in csv.reader(fh))
    _, fc, _ = timed(raw_floor)
    row("read (read_articles)", c, w, "gzip + csv.reader over the file", fc)

    sorted_frame = _sorted(frame)
    docs = indexing._doc_inputs(sorted_frame)
    texts = [t for _, _, _, fields in docs for _, t in fields if t]
    n_chars = sum(map(len, texts))

    # -- normalise ----------------------------------------------------------
    def normalise():
        als = [api.align(t) for t in texts]
        for a in als:
            a.norm  # noqa: B018  (computed lazily; the sentence splitter needs it)
        return als
    als, c, w = timed(normalise)
    _, fc, _ = timed(lambda: [t.isascii() or unicodedata.is_normalized("NFKC", t) for t in texts])
    row("normalise", c, w, "str.isascii / unicodedata.is_normalized per text", fc)

    # -- tokens -------------------------------------------------------------
    toks_all, c, w = timed(lambda: [api.token_arrays(a) for a in als])
    n_tokens = sum(len(t[0]) for t in toks_all)
    word_re = re.compile(r"\w+|[^\w\s]")
    _, fc, _ = timed(lambda: [word_re.findall(t) for t in texts])
    _, sc, _ = timed(lambda: [t.split() for t in texts])
    row("tokens", c, w, r"one re.findall(r'\w+|[^\w\s]') per text", fc, split_cpu_s=round(sc, 4))
    del toks_all

    # -- sentences, quotes --------------------------------------------------
    _, c, w = timed(lambda: [api.sentence_bounds(a) for a in als])
    _, fc, _ = timed(lambda: [api.sent_end_re.findall(a.norm) for a in als])
    row("sentences", c, w, "one findall of the sentence-end regex per text", fc)
    _, c, w = timed(lambda: [api.quote_bounds(a) for a in als])
    qre = re.compile("[\"']")
    _, fc, _ = timed(lambda: [qre.findall(a.norm) for a in als])
    row("quotes", c, w, "one findall of [\"'] per text", fc)
    del als

    # -- the document arrays (everything above plus para/sent/voice) ---------
    arrays, c_doc, w_doc = timed(lambda: [api.document_arrays(f) for _, _, _, f in docs])
    parts_cpu = sum(r["cpu_s"] for r in rows[1:5])
    parts_wall = sum(r["wall_s"] for r in rows[1:5])
    # floor: para/sent/quoted for all tokens with three searchsorted calls
    starts = np.concatenate([a[1]["start"] for a in arrays if a is not None])
    bounds = np.sort(np.unique(starts[:: max(1, len(starts) // 50_000)]))
    _, fc, _ = timed(lambda: [np.searchsorted(bounds, starts, side="right") for _ in range(3)])
    row("token arrays (para, sent, voice)", max(c_doc - parts_cpu, 0.0), max(w_doc - parts_wall, 0.0),
        "3 np.searchsorted over all token offsets", fc, document_arrays_cpu_s=round(c_doc, 4))

    # -- label matching, speakers, attribution (the map step as the build runs it)
    lex = indexing._resolve_lexicon(None)
    ctx = lex.matchers()
    chunks = [docs[k:k + indexing._PARTITION_DOCS] for k in range(0, len(docs), indexing._PARTITION_DOCS)]
    [indexing._partition(ch, ctx) for ch in chunks[:1]]  # the lexicon's per-key caches, off the clock
    spk, att = _Clock(speakers.find), _Clock(attribution.attribute)
    speakers.find, attribution.attribute = spk, att
    try:
        parts, c_part, w_part = timed(lambda: [indexing._partition(ch, ctx) for ch in chunks])
    finally:
        speakers.find, attribution.attribute = spk.fn, att.fn
    n_occ = sum(len(p["rows"]) for p in parts)
    # match_document on every document (without the build's skipping of
    # documents in which no label can start), for comparison
    def match_all():
        out_rows: list = []
        for (_, doc_id, outlet, fields), found in zip(docs, arrays):
            if found is not None:
                api.matching.match_document(doc_id, outlet, fields, found[0], found[1], ctx, out_rows)
    _, c_every, _ = timed(match_all)
    # floor: one pass of a case-insensitive alternation of every label and
    # actor variant over the lower-cased text (what a regex scanner would do)
    variants = sorted({v for v in list(lex.labels["variant"]) + list(lex.actors["alias"])
                       if v and "*" not in v}, key=len, reverse=True)
    alt = re.compile(r"\b(?:" + "|".join(map(re.escape, (v.lower() for v in variants))) + r")\b")
    _, fc, _ = timed(lambda: [alt.findall(t.lower()) for t in texts])
    row("label matching (partition minus token arrays, speakers, attribution)",
        max(c_part - c_doc - spk.seconds - att.seconds, 0.0),
        max(w_part - w_doc - spk.seconds - att.seconds, 0.0),
        f"one findall of a {len(variants)}-variant alternation per lower-cased text", fc,
        occurrences=n_occ, partition_cpu_s=round(c_part, 4),
        match_document_every_doc_cpu_s=round(c_every, 4))
    keys_all = [list(map(ctx.key_of.__getitem__, a[0])) for a in arrays if a is not None]
    cues = speakers._CUES
    _, fc, _ = timed(lambda: [sum(1 for k in ks if k in cues) for ks in keys_all])
    row("speakers (speakers.find)", spk.seconds, spk.seconds, "one set lookup per token key", fc,
        calls=spk.calls)
    row("attribution (attribution.attribute)", att.seconds, att.seconds, "", None, calls=att.calls)
    del keys_all, arrays

    # -- stems and merge ----------------------------------------------------
    stop = frozenset(bingkai.stopwords())
    fresh = stemming.Stemmer(cache_dir=None)
    # _merge takes each partition's token arrays out of ``parts`` as it concatenates them
    # (memory): each run gets its own copy of the dicts, made off the clock
    parts_cold, parts_warm = ([{**p, "arrays": dict(p["arrays"])} for p in parts] for _ in range(2))
    cold, c_cold, w_cold = timed(lambda: indexing._merge(sorted_frame, parts_cold, lex, fresh, stop, "",
                                                         n_jobs=1, progress=False))
    warm, c_warm, w_warm = timed(lambda: indexing._merge(sorted_frame, parts_warm, lex, fresh, stop, "",
                                                         n_jobs=1, progress=False))
    del parts_cold, parts_warm
    assert cold == warm
    vocab = warm.vocab
    words = vocab.loc[vocab["kind"] == "word", "lower"].tolist()
    cache = dict(zip(words, words))
    _, fc, _ = timed(lambda: [cache[w_] for w_ in words])
    row("stems cold (Sastrawi once per word type)", c_cold - c_warm, w_cold - w_warm,
        "one dict lookup per word type (the warm cache)", fc, word_types=len(words))
    surfaces = [p["vocab"] for p in parts]
    _, fc, _ = timed(lambda: sorted(set().union(*surfaces)))
    row("merge (vocabulary, per-type facts, terms; warm stems)", c_warm, w_warm,
        "sorted(set()) of the partitions' vocabularies", fc)
    corpus = warm
    n_words = int((corpus.arrays["kind"] == 0).sum())

    # -- write / load -------------------------------------------------------
    with tempfile.TemporaryDirectory() as tmp:
        _, c, w = timed(lambda: corpus.save(Path(tmp) / "ix"))
        arr = corpus.arrays
        _, fc, _ = timed(lambda: [arr[k].tofile(Path(tmp) / f"{k}.bin") for k in arr])
        row("write (Corpus.save: Arrow IPC + Parquet, SHA-256)", c, w, "ndarray.tofile of the token arrays", fc)
        _, c, w = timed(lambda: bingkai.Corpus.load(Path(tmp) / "ix"))
        files = sorted(p for p in (Path(tmp) / "ix").iterdir() if p.is_file())
        _, fc, _ = timed(lambda: [hashlib.sha256(p.read_bytes()).hexdigest() for p in files])
        row("load (Corpus.load: checksums verified, Arrow files mapped)", c, w,
            "SHA-256 of the index's files", fc)

    # -- the whole build ------------------------------------------------------
    # each build and read BUILD_REPEATS times, the settings interleaved (so that a burst of
    # another job on the shared machine hits one run of each, not every run of one); the run
    # with the least wall time is kept, with its own CPU and load
    tried: dict[str, list[dict]] = {}

    def build(n_jobs: int, cold_stems: bool) -> None:
        if cold_stems:
            stemming._DEFAULT = None
        indexing._MEMO.clear()
        got, c, w = timed(lambda: bingkai.index(frame, n_jobs=n_jobs, progress=False))
        assert got == corpus
        name = f"index, {'cold' if cold_stems else 'warm'} stems, n_jobs={n_jobs}"
        tried.setdefault(name, []).append({"build": name, "n_jobs": n_jobs, "cold": cold_stems,
                                           "cpu_s": round(c, 4), "wall_s": round(w, 4), "load1": load1()})
        print(f"{name:<44} cpu {c:8.3f} s  wall {w:8.3f} s", file=sys.stderr, flush=True)

    def read_again(n_jobs: int) -> None:
        again, c, w = timed(lambda: read(path, n_jobs=n_jobs))
        pd.testing.assert_frame_equal(again, frame)
        tried.setdefault(f"read {n_jobs}", []).append(
            {"n_jobs": n_jobs, "cpu_s": round(c, 4), "wall_s": round(w, 4), "load1": load1()})
        print(f"read_articles n_jobs={n_jobs:<28} cpu {c:8.3f} s  wall {w:8.3f} s", file=sys.stderr, flush=True)

    jobs = (1,) if args.no_parallel else (1, 2)
    for _ in range(BUILD_REPEATS):
        for n_jobs in jobs:
            build(n_jobs, True)
            build(n_jobs, False)
            # read_articles again (the first read above paid the one-off compilations)
            read_again(n_jobs)
    best = {name: min(runs, key=lambda r: r["wall_s"]) | {"runs": len(runs)} for name, runs in tried.items()}
    builds = [best[f"index, {'cold' if cold else 'warm'} stems, n_jobs={n}"] for n in jobs for cold in (True, False)]
    reads = [best[f"read {n}"] for n in jobs]

    profile = []
    if args.profile:
        indexing._MEMO.clear()
        prof = cProfile.Profile()
        prof.enable()
        bingkai.index(frame, n_jobs=1, progress=False)
        prof.disable()
        st = pstats.Stats(prof, stream=io.StringIO())
        total = sum(v[2] for v in st.stats.values())
        top = sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:args.profile]
        for (file, line, fn), (_, ncalls, tt, ct, _) in top:
            where = file.split("/site-packages/")[-1].split("/src/")[-1]
            profile.append({"function": f"{where}:{line}({fn})", "calls": ncalls,
                            "tottime_s": round(tt, 4), "cumtime_s": round(ct, 4),
                            "share": round(tt / total, 4) if total else None})

    result = {"corpus": path.name, "articles": len(frame), "tokens": corpus.n_tokens,
              "words": n_words, "chars": n_chars, "types": len(corpus.vocab),
              "occurrences": len(corpus.occurrences), "load1_start": load_start, "load1_end": load1(),
              "cpus": os.cpu_count(), "stages": rows, "builds": builds, "reads": reads, "profile": profile}
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _sorted(frame):
    """The frame in the order ``bingkai.index`` builds it (by doc_id)."""
    return frame.sort_values("doc_id", kind="stable").reset_index(drop=True)


if __name__ == "__main__":
    raise SystemExit(main())
