"""Turn benchmark result rows into the markdown tables printed, saved and put in the README.

One renderer per README block, used for stdout, ``benchmarks/results.md`` and
the blocks of ``benchmarks/README.md`` between ``<!-- bench:NAME:start -->`` and
``<!-- bench:NAME:end -->`` markers (``results``: the synthetic sizes;
``stages``: the build stage by stage; ``firstcalls``: views after
``Corpus.load``; ``session``: a notebook session against the baseline;
``large``: the on-disk Dask run; ``targets``: issue 24's targets), so they
can never disagree: ``tests/test_benchmarks_synth.py`` checks the results
block and ``tests/test_bench_readme.py`` every block, and that the README
holds no table outside them.
"""

from __future__ import annotations

import json
from pathlib import Path

START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"

# targets from issue 7: (description, size, pipeline, stage, field, threshold)
TARGETS = (
    ("end to end >= 10x the hand-rolled baseline at 1M words", "1M", "ratio", None, ">=", 10.0),
    (">= 2M words/s with a warm on-disk stem cache", None, "bingkai",
     "stem on-disk cache (fresh process)", ">=", 2_000_000),
    ("peak memory <= 500 MB at 1M words (end to end)", "1M", "bingkai", "end to end", "<=", 500.0),
    ("tokeniser >= 2M tokens/s", None, "bingkai", "normalise+tokenise (tokenize)", ">=", 2_000_000),
)


def _fmt_int(x) -> str:
    return "—" if x is None else f"{int(round(x)):,}"


def _fmt_s(x) -> str:
    # three significant digits below 10 ms (the seed-corpus rows), else as before
    if x is None:
        return "—"
    return f"{x:.3g}" if x < 0.01 else f"{x:.3f}" if x < 10 else f"{x:.1f}"


def _fmt_us(x) -> str:
    return "—" if x is None else f"{x:.2f}"


def _fmt_ratio(x) -> str:
    return "—" if x is None else f"{x:.2f}x"


PARALLEL = "n_jobs=2"


def ratios(results: dict) -> list[dict]:
    """Per size: end-to-end seconds of bingkai and baseline and the speed-up
    (baseline seconds / bingkai seconds = bingkai words/s / baseline words/s).
    The ratios use bingkai's single-process runs (the baseline has no process
    pool); the ``n_jobs=2`` end-to-end seconds are carried along for the table
    (``bingkai_par_s``, ``bingkai_warm_par_s``, None where not measured)."""
    out = []
    for size in results["sizes"]:
        ok = [r for r in results["rows"] if r["size"] == size and "skipped" not in r]

        def secs(pipeline: str, stage: str) -> float | None:
            found = [r["seconds"] for r in ok if r["pipeline"] == pipeline and r["stage"] == stage]
            return found[0] if found else None

        h = secs("baseline", "end to end")
        b = secs("bingkai", "end to end")
        w = secs("bingkai", "end to end, warm on-disk stem cache")
        if h is not None and b is not None:
            out.append({"size": size, "bingkai_s": b, "bingkai_warm_s": w, "baseline_s": h,
                        "ratio": round(h / b, 2) if b > 0 else None,
                        "ratio_warm": round(h / w, 2) if w else None,
                        "bingkai_par_s": secs("bingkai", f"end to end, {PARALLEL}"),
                        "bingkai_warm_par_s": secs(
                            "bingkai", f"end to end, warm on-disk stem cache, {PARALLEL}")})
    return out


def _target_rows(results: dict) -> list[tuple[str, str, str]]:
    rat = {r["size"]: r for r in ratios(results)}
    lines = []
    for desc, size, pipeline, stage, op, thr in TARGETS:
        if pipeline == "ratio":
            r = rat.get(size)
            val = None if r is None else max(x for x in (r["ratio"], r["ratio_warm"]) if x is not None)
            shown = "—" if r is None else (f"{_fmt_ratio(r['ratio'])} cold, "
                                            f"{_fmt_ratio(r['ratio_warm'])} warm cache")
        else:
            cands = [r for r in results["rows"] if r["pipeline"] == pipeline
                     and r["stage"] == stage and "skipped" not in r
                     and (size is None or r["size"] == size)]
            if size is None and cands:  # throughput targets: the largest size measured
                cands = [max(cands, key=lambda r: r["words"])]
            if not cands:
                val, shown = None, "—"
            elif op == "<=":
                val = cands[0]["peak_mb"]
                shown = f"{val:,.0f} MB"
            else:
                val = cands[0]["units_per_s"]
                shown = f"{_fmt_int(val)} {cands[0]['unit']}/s ({cands[0]['size']})"
        met = "not measured" if val is None else (
            "met" if (val >= thr if op == ">=" else val <= thr) else "**missed**")
        lines.append((desc, shown, met))
    return lines


def render(results: dict) -> str:
    """Markdown: machine/versions, type counts, per-stage table, ratios, targets."""
    out = [_run_line(results), ""]
    out += ["| size | words | articles | types (lowercased words) |", "|---|---:|---:|---:|"]
    for c in results["corpora"]:
        out.append(f"| {c['size']} | {c['words']:,} | {c['articles']:,} | {c['types']:,} |")
    # cost per token: per token of bingkai's tokeniser (words, numbers, punctuation)
    ntok = {r["size"]: r["units"] for r in results["rows"]
            if r["stage"] == "normalise+tokenise (tokenize)" and "skipped" not in r}
    out += ["", "| size | pipeline | stage | seconds | words/s | units/s | µs/token | peak RSS MB |",
            "|---|---|---|---:|---:|---:|---:|---:|"]
    for r in results["rows"]:
        if "skipped" in r:
            out.append(f"| {r['size']} | {r['pipeline']} | {r['stage']} | skipped: "
                       f"{r['skipped'][:90]} | | | | |")
            continue
        tokens = ntok.get(r["size"])
        us = (r["seconds"] / tokens * 1e6) if tokens else None
        units = "" if r["unit"] == "words" else f"{_fmt_int(r['units_per_s'])} {r['unit']}/s"
        stage = r["stage"] + (f" [best of {r['repeat']}]" if r.get("repeat", 1) > 1 else "")
        out.append(f"| {r['size']} | {r['pipeline']} | {stage} | {_fmt_s(r['seconds'])} | "
                   f"{_fmt_int(r['words_per_s'])} | {units} | "
                   f"{_fmt_us(us)} | {r['peak_mb']:,.0f} |")
    out += ["", "| size | baseline end to end (s) | bingkai end to end, cold (s) | ratio cold "
            "| bingkai, warm disk stem cache (s) | ratio warm "
            f"| bingkai cold, {PARALLEL} (s) | bingkai warm, {PARALLEL} (s) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in ratios(results):
        out.append(f"| {r['size']} | {_fmt_s(r['baseline_s'])} | {_fmt_s(r['bingkai_s'])} | "
                   f"{_fmt_ratio(r['ratio'])} | {_fmt_s(r['bingkai_warm_s'])} | "
                   f"{_fmt_ratio(r['ratio_warm'])} | {_fmt_s(r.get('bingkai_par_s'))} | "
                   f"{_fmt_s(r.get('bingkai_warm_par_s'))} |")
    out += ["", "Ratio = baseline seconds / bingkai seconds (= bingkai words/s / baseline "
            "words/s); above 1 means bingkai is faster. The ratios compare single-process "
            f"runs (the baseline has no process pool); the {PARALLEL} columns (vocabulary "
            "stemmed in two processes before TF-IDF/terms, label matching in two) are shown "
            "beside them, not used for the ratios."]
    if any(r.get("repeat", 1) > 1 for r in results["rows"]):
        out += ["", "[best of N]: the fastest of N runs in one process (for the millisecond "
                "stages of the seed corpus; a cold stem or cold end-to-end run builds a new "
                "Stemmer each time, so no run reuses another's stems)."]
    out += ["", "| target | measured | |", "|---|---|---|"]
    out += [f"| {d} | {s} | {m_} |" for d, s, m_ in _target_rows(results)]
    for note in results.get("notes", []):
        out.append("")
        out.append(f"Note: {note}")
    return "\n".join(out) + "\n"


def _run_line(results: dict) -> str:
    """Date, machine, versions, command and the load average of the run."""
    m = results["machine"]
    line = (f"Run {results['date']} on {m['cpu']} ({m['cores']} cores, {m['ram_gb']} GB RAM), "
            f"Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
            + f". Command: `{results['command']}`.")
    load = results.get("load")
    if load:
        line += (" Load average (1 min) at the start and end of each part of the run: "
                 + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in load.items())
                 + f" (on {m['cores']} cores: above {m['cores']} means other work was waiting for "
                 "a core, and wall-clock times stretch; CPU seconds much less).")
    return line


def _ms(x) -> str:
    return "—" if x is None else f"{x * 1000:,.0f}" if x >= 0.1 else f"{x * 1000:.1f}"


def render_stages(results: dict) -> str:
    """The build stage by stage (``benchmarks.stages``): CPU s and µs/token
    beside the floor of each stage, the whole build, and the cProfile."""
    st = results.get("stages")
    if not st or "failed" in st:
        return f"Not measured in this run{': ' + st['failed'] if st else ''}.\n"
    ntok, words = st["tokens"], st["words"]
    out = [f"Corpus: `{st['corpus']}` (the devcorpus, real IndoSum news), {st['articles']:,} "
           f"articles, {ntok:,} tokens, {words:,} word tokens, {st['types']:,} types, "
           f"{st['occurrences']:,} label occurrences. CPU seconds of the process (and its "
           f"children); load average (1 min) {st['load1_start']} at the start, "
           f"{st['load1_end']} at the end, on {st['cpus']} cores.", "",
           "| stage | CPU s | µs/token | floor | floor CPU s | floor µs/token | × floor | wall s "
           "| load |", "|---|---:|---:|---|---:|---:|---:|---:|---:|"]
    for r in st["stages"]:
        f = r.get("floor_cpu_s")
        times = "—" if not f else f"{r['cpu_s'] / f:.1f}"
        out.append(f"| {r['stage']} | {r['cpu_s']:.3f} | {r['cpu_s'] / ntok * 1e6:.2f} | "
                   f"{r['floor'] or '—'} | {'—' if f is None else f'{f:.3f}'} | "
                   f"{'—' if f is None else f'{f / ntok * 1e6:.2f}'} | {times} | "
                   f"{r['wall_s']:.3f} | {r['load1']} |")
    runs = max((b.get("runs", 1) for b in st["builds"]), default=1)
    if runs > 1:
        out += ["", f"Each whole build (and the second read in the targets above) was timed {runs} times, "
                "the settings interleaved; the run with the least wall time is shown, with its own CPU "
                "and load."]
    out += ["", "| whole build | CPU s | words/s (CPU) | µs/token (CPU) | wall s | words/s (wall) "
            "| load |", "|---|---:|---:|---:|---:|---:|---:|"]
    for b in st["builds"]:
        out.append(f"| {b['build']} | {b['cpu_s']:.3f} | {_fmt_int(words / b['cpu_s'])} | "
                   f"{b['cpu_s'] / ntok * 1e6:.2f} | {b['wall_s']:.3f} | "
                   f"{_fmt_int(words / b['wall_s'])} | {b['load1']} |")
    if st.get("profile"):
        out += ["", "cProfile of `bingkai.index(frame, n_jobs=1)` with warm stems (own time per "
                "function, top rows; profiling slows Python code more than C code):", "",
                "| function | calls | own s | cumulative s | share of own time |",
                "|---|---:|---:|---:|---:|"]
        for p in st["profile"]:
            out.append(f"| `{p['function']}` | {p['calls']:,} | {p['tottime_s']:.3f} | "
                       f"{p['cumtime_s']:.3f} | {p['share'] * 100:.1f} % |")
    return "\n".join(out) + "\n"


def render_firstcalls(results: dict) -> str:
    """Each view's first call after ``Corpus.load`` against its repeat."""
    fc = results.get("firstcalls")
    if not fc or "failed" in fc:
        return f"Not measured in this run{': ' + fc['failed'] if fc else ''}.\n"
    procs = fc.get("processes", 1)
    out = [f"Corpus: `{fc['corpus']}`, {fc['articles']:,} articles, {fc['tokens']:,} tokens, "
           "indexed and saved once; each view in its own fresh process: `Corpus.load`, the first "
           f"call, then the best of {fc['repeat']} repeats"
           + (f"; {procs} processes per view (the views interleaved), the one with the median "
              "first call shown, every first call in the last column" if procs > 1 else "")
           + ". CPU milliseconds of the process; the "
           "package's lazily imported libraries (SciPy, scikit-learn, pyarrow) and its own "
           "view modules are imported before the clock starts (their own column).", "",
           "| view | first call ms (CPU) | repeat ms (CPU) | first / repeat | first ms (wall) "
           "| rows | imports ms | Corpus.load ms | load | first calls ms (every process) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for v in fc["views"]:
        if "skipped" in v:
            out.append(f"| {v['view']} | failed: {v['skipped'][:80]} | | | | | | | | |")
            continue
        every = ", ".join(_ms(x) for x in v.get("first_cpu_runs", [v["first_cpu_s"]]))
        out.append(f"| {v['view']} | {_ms(v['first_cpu_s'])} | {_ms(v['repeat_cpu_s'])} | "
                   f"{v['ratio']:.1f}x | {_ms(v['first_wall_s'])} | {v['rows']:,} | "
                   f"{_ms(v['imports_cpu_s'])} | {_ms(v['load_cpu_s'])} | {v['load1']} | {every} |")
    out += ["", "Where each first call's time goes (cProfile of the first call on a fresh load, "
            "own time, top functions):", ""]
    for v in fc["views"]:
        if "hot" in v:
            out.append(f"- {v['view']}: " + "; ".join(f"`{h}`" for h in v["hot"][:4]))
    return "\n".join(out) + "\n"


# issue 24's first-call limits in seconds (CPU), by view name prefix; 0.1 s otherwise
FIRST_CALL_LIMITS = {"similarity": 0.5, "same_story": 0.5, "frequency list": 0.02}
IDLE_LOAD = 1.5  # above this 1-minute load on 2 cores, a 2-worker speed-up is not measurable


def _verdict(ok: bool | None, miss: str = "") -> str:
    return "not measured" if ok is None else "met" if ok else f"**missed**{miss}"


def render_targets(results: dict) -> str:
    """Issue 24's targets against this run's numbers."""
    st, fc = results.get("stages") or {}, results.get("firstcalls") or {}
    out = ["| target (issue 24) | measured | |", "|---|---|---|"]
    if st.get("builds"):
        words = st["words"]
        read = next(r["cpu_s"] for r in st["stages"] if r["stage"].startswith("read"))
        b = {(x["n_jobs"], x["cold"]): x for x in st["builds"]}
        for cold in (True, False):
            one = b.get((1, cold))
            if one is None:
                continue
            rate = words / (read + one["cpu_s"])
            out.append(f"| read + index ≥ 500k words/s on one core ({'cold' if cold else 'warm'} "
                       f"stems) | {_fmt_int(rate)} words/s (CPU: read {read:.2f} s + index "
                       f"{one['cpu_s']:.2f} s for {words:,} words) | "
                       f"{_verdict(rate >= 500_000, f' ({500_000 / rate:.1f}x short)')} |")
        for cold in (True, False):
            one, two = b.get((1, cold)), b.get((2, cold))
            if one is None or two is None:
                continue
            ratio = one["wall_s"] / two["wall_s"]
            loaded = max(one["load1"], two["load1"]) > IDLE_LOAD
            verdict = (f"not measurable (load {max(one['load1'], two['load1'])} on "
                       f"{st['cpus']} cores)" if loaded
                       else _verdict(ratio >= 1.7, f" ({ratio:.2f}x)"))
            out.append(f"| index with 2 workers ≥ 1.7x one ({'cold' if cold else 'warm'} stems, "
                       f"wall clock) | {ratio:.2f}x ({one['wall_s']:.1f} s vs {two['wall_s']:.1f} s "
                       f"wall; CPU {one['cpu_s']:.1f} s vs {two['cpu_s']:.1f} s incl. workers) | "
                       f"{verdict} |")
    reads = {r["n_jobs"]: r for r in st.get("reads", [])}
    builds = {(x["n_jobs"], x["cold"]): x for x in st.get("builds", [])}
    for cold in (True, False):
        one, two = builds.get((1, cold)), builds.get((2, cold))
        if 1 not in reads or 2 not in reads or one is None or two is None:
            continue
        wall1, wall2 = reads[1]["wall_s"] + one["wall_s"], reads[2]["wall_s"] + two["wall_s"]
        ratio = wall1 / wall2
        worst = max(reads[1]["load1"], reads[2]["load1"], one["load1"], two["load1"])
        verdict = (f"not measurable (load {worst} on {st['cpus']} cores)" if worst > IDLE_LOAD
                   else _verdict(ratio >= 1.7, f" ({ratio:.2f}x)"))
        out.append(f"| read + index with 2 workers ≥ 1.7x one ({'cold' if cold else 'warm'} stems, "
                   f"wall clock) | {ratio:.2f}x ({wall1:.1f} s vs {wall2:.1f} s wall: read "
                   f"{reads[1]['wall_s']:.1f} vs {reads[2]['wall_s']:.1f} s, index {one['wall_s']:.1f} vs "
                   f"{two['wall_s']:.1f} s) | {verdict} |")
    views = [v for v in fc.get("views", []) if "skipped" not in v]
    if views:
        def limit(v):
            return next((x for k, x in FIRST_CALL_LIMITS.items() if v["view"].startswith(k)), 0.1)
        over = [v for v in views if v["first_cpu_s"] > limit(v)]
        worst = max(views, key=lambda v: v["first_cpu_s"] / limit(v))
        out.append("| first call after `Corpus.load` ≤ 100 ms (similarity, same_story ≤ 500 ms; "
                   f"frequency list ≤ 20 ms), CPU | {len(views) - len(over)} of {len(views)} views "
                   f"within; worst {worst['view']} {_ms(worst['first_cpu_s'])} ms "
                   f"({worst['first_cpu_s'] / limit(worst):.1f}x its limit) | "
                   f"{_verdict(not over)} |")
        far = [v for v in views if v["ratio"] is not None and v["ratio"] > 2]
        worst = max(views, key=lambda v: v["ratio"] or 0)
        out.append(f"| first call within 2x of the repeat | {len(views) - len(far)} of "
                   f"{len(views)} views; worst {worst['view']} {worst['ratio']:.1f}x | "
                   f"{_verdict(not far)} |")
    out.append(_session_target(results.get("session")))
    out.append(_large_target(results.get("large")))
    cal = results.get("calibration")
    if cal:
        out += ["", f"Machine speed during this run: a fixed {cal['steps']:,}-step Python loop took "
                f"{cal['start']:.3f} s of CPU at the start and {cal['end']:.3f} s at the end (best of 3 "
                "each). This VM's speed moves by up to ~1.6x within minutes with no load showing, so "
                "compare runs by this loop, not by their clocks; the ratios above are within one run."]
    return "\n".join(out) + "\n"


SESSION_TARGET = 2.0  # issue 24: a session >= 2x faster than one pass of the baseline
LARGE_WORDS = 100_000_000  # issue 24: the on-disk target is about 100M words


def _session_target(ss: dict | None) -> str:
    """The targets row of ``benchmarks.session`` (CPU seconds; wall beside)."""
    desc = "a session ≥ 2x faster than the hand-rolled baseline (CPU)"
    if not ss:
        return (f"| {desc} | not measured yet (`benchmarks.session` is part of `make bench` "
                "from the next run on) | not measured |")
    ratio = ss.get("ratio_cpu")
    if ratio is None:
        why = next((p["failed"] for p in (ss, ss.get("session") or {}, ss.get("baseline") or {})
                    if "failed" in p), "no ratio")
        return f"| {desc} | failed: {why[:90]} | not measured |"
    sess, base = ss.get("session") or {}, ss.get("baseline") or {}
    build = sum(x["cpu_s"] for x in sess["steps"][:2])
    return (f"| {desc} | {ratio:.2f}x (baseline {base['cpu_s']:.1f} s / session "
            f"{sess['cpu_s']:.1f} s, of which read + index {build:.1f} s; wall "
            f"{_fmt_ratio(ss.get('ratio_wall'))}) | "
            f"{_verdict(ratio >= SESSION_TARGET, f' ({SESSION_TARGET / ratio:.1f}x short)')} |")


def _large_target(lg: dict | None) -> str:
    """The targets row of ``benchmarks.large`` (peak RSS of the query process)."""
    desc = "100M words on a 2-worker Dask LocalCluster, views ≤ 4 GB resident"
    if not lg:
        return (f"| {desc} | not measured yet (`python -m benchmarks --large`; not in the "
                "default run) | not measured |")
    build, query = lg.get("build") or {}, lg.get("query") or {}
    why = lg.get("failed") or build.get("failed") or query.get("failed")
    if why:
        return f"| {desc} | failed: {why[:90]} | not measured |"
    peak = query["peak_mb"]
    shown = (f"{lg['words']:,} words ({lg['date']}): queries peak {peak:,.0f} MB resident; build "
             f"peak {build['main_peak_mb']:,.0f} MB main, "
             + ", ".join(f"{w:,.0f}" for w in build["workers_peak_mb"]) + " MB workers")
    if lg["words"] < LARGE_WORDS:
        verdict = f"not measured at 100M (this run: {lg['words']:,} words)"
    else:
        verdict = _verdict(peak <= lg["limit_mb"], f" ({peak / lg['limit_mb']:.1f}x the limit)")
    return f"| {desc} | {shown} | {verdict} |"


def _unmeasured(result: dict | None, parts: tuple[str, str], absent: str, failed: str) -> str | None:
    """The block's text when ``result`` is absent (``absent``) or it or one of its ``parts``
    failed (``failed`` with ``{why}``); None when there are numbers to render."""
    if not result:
        return absent + "\n"
    why = result.get("failed") or next(((result.get(p) or {})["failed"] for p in parts
                                        if (result.get(p) or {}).get("failed")), None)
    if why:
        return failed.format(why=why) + "\n"
    return None


def render_session(results: dict) -> str:
    """A whole session (read + index + the four notebooks' calls) against one
    pass of the hand-rolled baseline, on the same text (``benchmarks.session``)."""
    ss = results.get("session")
    unmeasured = _unmeasured(ss, ("session", "baseline"),
                             "Not measured yet: the run that wrote `results.json` predates "
                             "`benchmarks.session`; the next `make bench` fills this block.",
                             "Not measured in this run: {why}.")
    if unmeasured:
        return unmeasured
    sess, base = ss.get("session") or {}, ss.get("baseline") or {}
    out = [f"Corpus: `{ss['corpus']}`, {ss['rows']:,} rows ({sess['articles']:,} articles after "
           f"`read_articles`, {sess['words']:,} word tokens). Each side in its own fresh process, "
           "library imports before the clock; CPU seconds of the process (and its children), wall "
           f"seconds beside; load average (1 min) {ss['load1_start']} at the start, "
           f"{ss['load1_end']} at the end, on {ss['cpus']} cores.", "",
           "| | CPU s | wall s | peak RSS MB |", "|---|---:|---:|---:|",
           f"| session: read + index + the four notebooks' calls | {sess['cpu_s']:.2f} | "
           f"{sess['wall_s']:.2f} | {sess['peak_mb']:,.0f} |",
           f"| baseline: one pass of `benchmarks/baseline.py` | {base['cpu_s']:.2f} | "
           f"{base['wall_s']:.2f} | {base['peak_mb']:,.0f} |",
           f"| ratio baseline / session (≥ {SESSION_TARGET:g} is the target) | "
           f"{_fmt_ratio(ss.get('ratio_cpu'))} | {_fmt_ratio(ss.get('ratio_wall'))} | |", "",
           "| part | notebook cell | step | CPU s | wall s | load |", "|---|---|---|---:|---:|---:|"]
    for r in sess["steps"]:
        out.append(f"| session | {r['cell']} | {r['step']} | {r['cpu_s']:.3f} | {r['wall_s']:.3f} | "
                   f"{r['load1']} |")
    for r in base["steps"]:
        out.append(f"| baseline | | {r['step']} | {r['cpu_s']:.3f} | {r['wall_s']:.3f} | "
                   f"{r['load1']} |")
    return "\n".join(out) + "\n"


def render_large(results: dict) -> str:
    """The on-disk run (``benchmarks.large``): a Dask build of many words from
    files, peak memory per process, the views from the saved index."""
    lg = results.get("large")
    unmeasured = _unmeasured(lg, ("build", "query"),
                             "Not measured yet: `python -m benchmarks --large` (not part of the default "
                             "`make bench`: at 100M words it runs for a long time) fills this block.",
                             f"Not measured: `{(lg or {}).get('command', 'benchmarks.large')}` failed: {{why}}.")
    if unmeasured:
        return unmeasured
    build, query = lg.get("build") or {}, lg.get("query") or {}
    out = [f"Run {lg['date']} (`python -m benchmarks.large --words {lg['words_asked']}`): "
           f"{lg['words']:,} words of synthetic news ({build['articles']:,} articles, "
           f"{build['outlets']} outlets, {build['tokens']:,} tokens, {build['types']:,} types) in "
           f"{lg['files']} JSONL files ({lg['corpus_mb']:,.0f} MB); index on disk "
           f"{build['index_mb']:,.0f} MB. A `LocalCluster` of {lg['workers']} worker processes; "
           "CPU seconds per process, peak resident set size (VmHWM, reset before each step) per "
           f"process; load average (1 min) {lg['load1_start']} at the start, {lg['load1_end']} "
           f"at the end, on {lg['cpus']} cores.", "",
           *([f"How this run was made: {lg['note']}", ""] if lg.get("note") else []),
           "| build step (" + ("read_articles and the frame to Parquet in one fresh process, the "
                               "rest in another" if "frame to Parquet" in build["steps"]
                               else "fresh process") + ") | CPU s, main | CPU s, workers | wall s | "
           "peak MB, main | peak MB, workers | load |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, r in build["steps"].items():
        ws = r.get("workers") or []
        w_cpu = " + ".join(f"{w['cpu_s']:.2f}" for w in ws) or "—"
        w_peak = ", ".join(f"{w['peak_mb']:,.0f}" for w in ws) or "—"
        out.append(f"| {name} | {_fmt_opt(r.get('cpu_s'))} | {w_cpu} | {r['wall_s']:.2f} | "
                   f"{_fmt_mb(r.get('peak_mb'))} | {w_peak} | {r.get('load1', '—')} |")
    out += ["", f"| from the saved index (another fresh process) | CPU s | wall s | rows | resident MB "
            "after | load |", "|---|---:|---:|---:|---:|---:|"]
    for name, r in query["steps"].items():
        out.append(f"| {name} | {r['cpu_s']:.3f} | {r['wall_s']:.3f} | "
                   f"{_fmt_int(r.get('rows'))} | {r['rss_after_mb']:,.0f} | {r['load1']} |")
    out += ["", f"Peak resident memory of the query process: {query['peak_mb']:,.0f} MB (limit "
            f"{lg['limit_mb']:,} MB; {query['rss_start_mb']:,.0f} MB after its imports). kwic asks "
            f"\"{query['query']}\", keyness targets {query['target']}."]
    if build.get("tree_peak_mb") and query.get("tree_peak_mb"):
        out[-1] += (" Whole process trees, sampled every half second (a lower bound): "
                    + (f"reading {build['read_tree_peak_mb']:,.0f} MB (with its cleaning pool), "
                       if build.get("read_tree_peak_mb") else "")
                    + f"build {build['tree_peak_mb']:,.0f} MB (main process and cluster), queries "
                    f"{query['tree_peak_mb']:,.0f} MB.")
    return "\n".join(out) + "\n"


def _fmt_opt(x) -> str:
    return "—" if x is None else f"{x:.2f}"


def _fmt_mb(x) -> str:
    return "—" if x is None else f"{x:,.0f}"


# README blocks and their renderers ("results" keeps its historical markers)
BLOCKS = {"results": render, "stages": render_stages, "firstcalls": render_firstcalls,
          "session": render_session, "large": render_large, "targets": render_targets}


def markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"


def _replace_block(body: str, name: str, text: str) -> str:
    start, end = markers(name)
    if start not in body or end not in body:
        return body
    head, rest = body.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{text}{end}{tail}"


def write(results: dict, bench_dir: str | Path = "benchmarks") -> str:
    """Write results.json, results.md and every README block; return the markdown."""
    bench_dir = Path(bench_dir)
    texts = {name: fn(results) for name, fn in BLOCKS.items()}
    (bench_dir / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False)
                                            + "\n", encoding="utf-8")
    (bench_dir / "results.md").write_text(texts["results"], encoding="utf-8")
    readme = bench_dir / "README.md"
    if readme.exists():
        body = readme.read_text(encoding="utf-8")
        for name, text in texts.items():
            body = _replace_block(body, name, text)
        readme.write_text(body, encoding="utf-8")
    return "\n".join(texts.values())


def readme_block(readme: str | Path, name: str = "results") -> str | None:
    """The text between the README markers of block ``name`` (None when absent)."""
    body = Path(readme).read_text(encoding="utf-8")
    start, end = markers(name)
    if start not in body or end not in body:
        return None
    return body.split(start, 1)[1].split(end, 1)[0].lstrip("\n")


def main() -> int:
    """``python -m benchmarks.report``: re-render results.md and the README block from
    results.json (after editing README prose, without re-running the benchmarks)."""
    bench = Path(__file__).resolve().parent
    results = json.loads((bench / "results.json").read_text(encoding="utf-8"))
    print(write(results, bench))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
