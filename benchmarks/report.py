"""Turn benchmark result rows into the markdown tables printed, saved and put in the README.

One renderer, used for stdout, ``benchmarks/results.md`` and the block of
``benchmarks/README.md`` between the ``<!-- bench:results -->`` markers, so the
three can never disagree (``tests/test_benchmarks_synth.py`` checks the README
block against ``results.json``).
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
    m = results["machine"]
    out = [f"Run {results['date']} on {m['cpu']} ({m['cores']} cores, {m['ram_gb']} GB RAM), "
           f"Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["versions"].items())
           + f". Command: `{results['command']}`.", ""]
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


def write(results: dict, bench_dir: str | Path = "benchmarks") -> str:
    """Write results.json, results.md and the README block; return the markdown."""
    bench_dir = Path(bench_dir)
    text = render(results)
    (bench_dir / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False)
                                            + "\n", encoding="utf-8")
    (bench_dir / "results.md").write_text(text, encoding="utf-8")
    readme = bench_dir / "README.md"
    if readme.exists():
        body = readme.read_text(encoding="utf-8")
        if START in body and END in body:
            head, rest = body.split(START, 1)
            _, tail = rest.split(END, 1)
            readme.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")
    return text


def readme_block(readme: str | Path) -> str | None:
    """The text between the README markers (None when the markers are absent)."""
    body = Path(readme).read_text(encoding="utf-8")
    if START not in body or END not in body:
        return None
    return body.split(START, 1)[1].split(END, 1)[0].lstrip("\n")


def main() -> int:
    """``python -m benchmarks.report``: re-render results.md and the README block from
    results.json (after editing README prose, without re-running the benchmarks)."""
    bench = Path(__file__).resolve().parent
    results = json.loads((bench / "results.json").read_text(encoding="utf-8"))
    print(write(results, bench))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
