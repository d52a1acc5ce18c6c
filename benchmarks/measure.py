"""Timing and peak-memory measurement of one stage inside a worker process.

Peak memory is the process's peak resident set size (``VmHWM`` in
``/proc/self/status``), reset before each stage by writing ``5`` to
``/proc/self/clear_refs`` (Linux >= 4.0), so each stage's peak is its own and
includes numpy/pandas/C allocations that ``tracemalloc`` would miss (and without
tracemalloc's 2-3x slowdown). Each corpus size runs in its own worker process, so
sizes never share a peak. Where the reset is refused (non-Linux), the figure is the
process peak so far (``resource.getrusage``) and the row says so (``peak_kind``).
"""

from __future__ import annotations

import gc
import resource
import sys
import time
from collections.abc import Callable
from typing import Any


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak() -> bool:
    """Reset the process's peak RSS to its current RSS; False where unsupported."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def rss_mb() -> float:
    """Current resident set size in MB (0.0 where /proc is unavailable)."""
    kb = _status_kb("VmRSS")
    return (kb or 0) / 1024


def peak_mb() -> float:
    """Peak resident set size in MB since the last :func:`reset_peak`."""
    kb = _status_kb("VmHWM")
    if kb is None:  # macOS reports bytes, Linux kB
        ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return ru / (1024 * 1024) if sys.platform == "darwin" else ru / 1024
    return kb / 1024


def process_stats() -> dict:
    """This process's id, CPU seconds so far, peak and current RSS in MB (run inside Dask
    workers by ``benchmarks.large``)."""
    import os

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"pid": os.getpid(), "cpu_s": ru.ru_utime + ru.ru_stime, "peak_mb": peak_mb(), "rss_mb": rss_mb()}


def measure(name: str, fn: Callable[[], Any], *, words: int, units: int | None = None,
            unit: str = "words") -> tuple[Any, dict]:
    """Run ``fn()`` once; return (its result, a result row).

    The row has keys ``stage, seconds, words, words_per_s, units, unit, units_per_s,
    rss_before_mb, peak_mb, peak_kind`` (``peak_mb`` is the stage's peak RSS, i.e.
    including what was already resident before it; ``rss_before_mb`` lets a reader
    subtract). ``units`` defaults to ``words`` (e.g. tokens for the tokeniser).
    """
    gc.collect()
    ok = reset_peak()
    before = rss_mb()
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    return result, _row(name, seconds, 4, words, units, unit, before, ok)


def _row(name: str, seconds: float, digits: int, words: int, units: int | None, unit: str,
         before: float, ok: bool) -> dict:
    """The result row shared by :func:`measure` and :func:`measure_best`."""
    units = words if units is None else units
    return {
        "stage": name,
        "seconds": round(seconds, digits),
        "words": int(words),
        "words_per_s": round(words / seconds) if seconds > 0 else None,
        "units": int(units),
        "unit": unit,
        "units_per_s": round(units / seconds) if seconds > 0 else None,
        "rss_before_mb": round(before, 1),
        "peak_mb": round(peak_mb(), 1),
        "peak_kind": "stage" if ok else "process",
    }


def measure_best(name: str, fn: Callable[[Any], Any], *, repeat: int, words: int,
                 setup: Callable[[], Any] | None = None, units: int | None = None,
                 unit: str = "words") -> tuple[Any, dict]:
    """Best of ``repeat`` runs of ``fn(setup())`` (``setup`` off the clock, called
    afresh before every run, e.g. to make a cold ``Stemmer``); for stages too short
    (milliseconds) for one run to mean anything on a shared machine.

    The minimum is the run least disturbed by other processes (timing noise only
    ever adds time). Returns (the last result, a row with the keys of
    :func:`measure`, ``seconds`` being the best run, plus ``repeat`` and
    ``seconds_median``); ``peak_mb`` is the peak over all runs.
    """
    gc.collect()
    ok = reset_peak()
    before = rss_mb()
    times: list[float] = []
    result = None
    for _ in range(repeat):
        arg = setup() if setup is not None else None
        t0 = time.perf_counter()
        result = fn(arg)
        times.append(time.perf_counter() - t0)
    times.sort()
    row = _row(name, times[0], 7, words, units, unit, before, ok)
    row.update(repeat=repeat, seconds_median=round(times[len(times) // 2], 7))
    return result, row
