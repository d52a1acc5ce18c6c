"""kwic works through the tokens and the hits in blocks and lets go of the index's
mapped pages after each (issue 24: a frequent word's kwic on a 100M-word index touched
most of the 4 GB token file): the lines are the same whatever the block sizes, and
``Corpus.release_pages`` really empties the process's resident pages of the mapped
files (read from ``/proc/self/smaps``) while the data stay readable."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import bingkai
from bingkai.constants import PARTS
from bingkai.views import kwic as kwic_module

QUERIES = [  # (query, options): token, phrase, stem, label, CQL; sort, context, window 0, voice
    ("pasukan", {}), ("pasukan", {"parts": PARTS, "sort": "1R"}), ("pasukan", {"sort": "2L"}),
    ("kelompok teroris", {}), ("kelompok", {"match": "stem"}), ("teroris", {"match": "label"}),
    ("pasukan", {"context": "pemerintah"}), ("pasukan", {"window": 0}),
    ("pasukan", {"voice": "quoted", "parts": PARTS}),
    ('[lower="kelompok"] []{0,2} [lower="teroris"]', {"match": "cql"}),
]


@pytest.mark.parametrize(("query", "options"), QUERIES)
def test_lines_do_not_depend_on_the_block_sizes(synthetic_index, monkeypatch, query, options):
    whole = bingkai.kwic(synthetic_index, query, **options)
    assert len(whole) > 0
    monkeypatch.setattr(kwic_module, "BLOCK_TOKENS", 997)  # many blocks, not aligned with documents
    monkeypatch.setattr(kwic_module, "BLOCK_HITS", 3)
    synthetic_index._derived.pop("kwic_tokens", None)
    blocked = bingkai.kwic(synthetic_index, query, **options)
    pd.testing.assert_frame_equal(blocked, whole, check_exact=True)


def test_kwic_lets_go_of_the_pages_between_blocks(synthetic_index, tmp_path, monkeypatch):
    synthetic_index.save(tmp_path / "ix")
    loaded = bingkai.Corpus.load(tmp_path / "ix")
    calls = []
    monkeypatch.setattr(type(loaded), "release_pages", lambda self: calls.append(1))
    monkeypatch.setattr(kwic_module, "BLOCK_TOKENS", 1000)
    monkeypatch.setattr(kwic_module, "BLOCK_HITS", 5)
    lines = bingkai.kwic(loaded, "pasukan")
    assert len(calls) >= -(-loaded.n_tokens // 1000) + -(-len(lines) // 5)


def _resident_kb(path: Path) -> int:
    """Resident kB of this process's mappings of ``path`` (/proc/self/smaps)."""
    want, total, inside = str(path.resolve()), 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()
        if len(head) >= 5 and "-" in head[0] and not head[0].endswith(":"):
            inside = len(head) == 6 and head[5] == want
        elif inside and line.startswith("Rss:"):
            total += int(head[1])
    return total


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads /proc/self/smaps (Linux)")
def test_release_pages_empties_the_resident_pages_and_keeps_the_data(synthetic_index, tmp_path):
    synthetic_index.save(tmp_path / "ix")
    loaded = bingkai.Corpus.load(tmp_path / "ix")
    tokens = tmp_path / "ix" / "tokens.arrow"
    sums = {k: int(a.astype(np.int64).sum()) for k, a in loaded.arrays.items()}  # every page read
    assert _resident_kb(tokens) * 1024 >= 0.9 * sum(a.nbytes for a in loaded.arrays.values())
    loaded.release_pages()
    assert _resident_kb(tokens) <= 8
    assert {k: int(a.astype(np.int64).sum()) for k, a in loaded.arrays.items()} == sums
    assert loaded == synthetic_index
    synthetic_index.release_pages()  # built in memory: nothing mapped, nothing to do
