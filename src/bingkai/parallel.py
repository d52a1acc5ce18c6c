"""Process pools for independent pieces of work (documents, word types).

Label matching (one document at a time) and cold stemming (one word type at a
time) both need the same three things: a validated ``n_jobs``, the work cut
into chunks, and results back *in input order*, so that the output never
depends on how many processes ran. This module is that one mechanism.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

import numpy as np

from bingkai.errors import BingkaiInputError
from bingkai.progress import progress_bar

T = TypeVar("T")
R = TypeVar("R")

# Chunks per process: enough to balance uneven documents, few enough that
# pickling and task overhead stay small.
CHUNKS_PER_JOB = 4


def check_n_jobs(n_jobs: Any) -> int:
    """Validate a process count; return it with ``-1`` resolved to the CPUs.

    Accepts a whole number >= 1 or -1 (all CPUs); anything else, booleans
    included, raises :class:`BingkaiInputError`.
    """
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) \
            or (n_jobs < 1 and n_jobs != -1):
        raise BingkaiInputError(f"n_jobs={n_jobs!r} is not a number of processes",
                                hint="use n_jobs=1 (default), a larger whole number, "
                                     "or -1 for all CPUs")
    return (os.cpu_count() or 1) if n_jobs == -1 else int(n_jobs)


def chunked_map(fn: Callable[[list[T]], R], items: Sequence[T], n_jobs: int, *,
                initializer: Callable[..., None] | None = None, initargs: tuple = (),
                desc: str, progress: bool | None = None) -> Mapped:
    """Apply ``fn`` to consecutive chunks of ``items`` in ``n_jobs`` worker
    processes; the returned ``Mapped`` gives ``(chunk, fn(chunk))`` in input order.

    ``fn`` and ``initializer`` must be module-level functions (they are
    pickled); ``initializer(*initargs)`` runs once per worker, for state that
    is expensive to send with every chunk (a stemmer, compiled matchers).
    The work is submitted when this is called, so the caller may do something
    else before it reads the results (the pool shuts down once they are read).
    """
    size = max(1, -(-len(items) // (n_jobs * CHUNKS_PER_JOB)))
    chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
    if not chunks:
        return Mapped(None, iter(()))
    pool = ProcessPoolExecutor(max_workers=min(n_jobs, len(chunks)), initializer=initializer,
                               initargs=initargs)
    try:
        results = pool.map(fn, chunks)  # map keeps input order: deterministic output
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    return Mapped(pool, _results(pool, chunks, results, desc, progress))


class Mapped:
    """The results of :func:`chunked_map`, ``(chunk, result)`` in input order. ``close()``
    (also on leaving a ``with`` block) cancels the chunks not started and shuts the pool
    down, for a caller that stops before reading every result (an error meanwhile)."""

    def __init__(self, pool: ProcessPoolExecutor | None, results: Iterator) -> None:
        self._pool, self._results = pool, results

    def __iter__(self) -> Mapped:
        return self

    def __next__(self) -> tuple[list, Any]:
        return next(self._results)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        close = getattr(self._results, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Mapped:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _results(pool: ProcessPoolExecutor, chunks: list, results: Iterator, desc: str,
             progress: bool | None) -> Iterator[tuple[list, Any]]:
    with pool:
        yield from zip(chunks, progress_bar(results, desc=desc, total=len(chunks),
                                            progress=progress, unit="chunk"), strict=True)
