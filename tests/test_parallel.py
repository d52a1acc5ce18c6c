"""The shared process-pool helper: validation and input-order results."""

from __future__ import annotations

import os

import pytest

from bingkai.errors import BingkaiInputError
from bingkai.parallel import check_n_jobs, chunked_map


def _square_all(chunk: list[int]) -> list[int]:
    return [x * x for x in chunk]


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, False, "2", None])
def test_bad_process_counts_are_input_errors(bad):
    with pytest.raises(BingkaiInputError, match="n_jobs"):
        check_n_jobs(bad)


def test_minus_one_means_every_cpu():
    assert check_n_jobs(-1) == (os.cpu_count() or 1)
    assert check_n_jobs(3) == 3


def test_results_come_back_in_input_order_whatever_the_chunking():
    items = list(range(37))  # not a multiple of n_jobs * chunks-per-job
    pairs = list(chunked_map(_square_all, items, 2, desc="test", progress=False))
    chunks = [c for c, _ in pairs]
    assert [x for c in chunks for x in c] == items
    assert [y for _, r in pairs for y in r] == [x * x for x in items]
    assert len(chunks) > 2  # really cut into several chunks


def test_no_items_no_pool():
    assert list(chunked_map(_square_all, [], 2, desc="test", progress=False)) == []


def _touch_chunk(chunk):
    import os
    for path in chunk:
        open(path, "w").close()
    return [os.path.basename(p) for p in chunk]


def test_work_starts_before_the_results_are_read(tmp_path):
    """Issue 24: the index finds the outlet names while the workers map, so chunked_map must
    submit the work when called, not when its results are first read."""
    import time

    from bingkai.parallel import chunked_map

    paths = [str(tmp_path / f"{k}.done") for k in range(6)]
    results = chunked_map(_touch_chunk, paths, 2, desc="test")
    deadline = time.monotonic() + 30
    while not all(map(os.path.exists, paths)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(map(os.path.exists, paths)), "nothing ran before the results were read"
    assert [name for _, names in results for name in names] == [f"{k}.done" for k in range(6)]


def _slow_chunk(paths):
    import time

    time.sleep(0.3)
    for path in paths:
        open(path, "w").close()
    return paths


def test_closing_before_reading_cancels_what_has_not_started(tmp_path):
    """A caller that fails between submitting and reading (the index finds the outlet names
    in between) closes the map: the chunks not started are cancelled, the pool is gone."""
    from bingkai.parallel import chunked_map

    paths = [str(tmp_path / f"{k}.done") for k in range(8)]  # 8 chunks of one, 0.3 s each
    with chunked_map(_slow_chunk, paths, 2, desc="test") as mapped:
        pass  # nothing read
    ran = sum(map(os.path.exists, paths))
    # what had started finished; the rest never ran (a pool that ran everything: 8)
    assert ran < len(paths)
    assert list(mapped) == []
