"""The sort-based set operations of ``bingkai.indexing.arrays`` equal numpy's
(``np.unique``/``np.isin``, whose hash path they replace for speed), and
``PhraseMatcher.can_start`` never rules out a token sequence that has a
match (the index skips documents on it). No timing here: the speed is in
benchmarks/README.md."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from bingkai.indexing.arrays import isin_sorted, unique_ints
from bingkai.lexicon.packs import PhraseMatcher

ints = st.lists(st.integers(min_value=-(2**40), max_value=2**40), max_size=200)


@settings(max_examples=200, deadline=None)
@given(ints, st.sampled_from([np.int64, np.int32]))
def test_unique_ints_equals_np_unique(values, dtype):
    a = np.asarray(values, dtype=np.int64).astype(dtype, copy=False) if dtype == np.int64 \
        else np.asarray([v % (2**31) for v in values], dtype=dtype)
    got = unique_ints(a)
    want = np.unique(a)
    assert got.dtype == want.dtype
    assert np.array_equal(got, want)


@settings(max_examples=200, deadline=None)
@given(ints, ints)
def test_isin_sorted_equals_np_isin(a, b):
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    assert np.array_equal(isin_sorted(a, unique_ints(b)), np.isin(a, b))


def test_unique_ints_on_repeated_structured_keys():
    # the index's keys: paragraph id * width + type id (numpy's hash path is
    # slowest on these); many repeats, every value kept once, sorted
    rng = np.random.default_rng(0)
    keys = np.sort(rng.integers(0, 500, 5_000)) * 56_736 + rng.integers(0, 300, 5_000)
    assert np.array_equal(unique_ints(keys), np.unique(keys))
    assert np.array_equal(isin_sorted(keys, unique_ints(keys[::3])), np.isin(keys, keys[::3]))


WORDS = ["kelompok", "teroris", "bersenjata", "rezim", "assad", "itu", "pemberontak", "di"]
KEYS = [("teroris",), ("kelompok", "bersenjata"), ("rezim", "assad"), ("pemberontak*",),
        ("*isme",), ("kelompok", "teroris*")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["terorisme", "radikalisme"]), max_size=30),
       st.sets(st.integers(0, len(KEYS) - 1), min_size=1))
def test_no_token_that_can_start_means_no_match(tokens, entries):
    matcher = PhraseMatcher([KEYS[k] for k in sorted(entries)])
    found = matcher.find(tokens)
    # every match starts at a token that can start one ...
    assert all(matcher.can_start(tokens[s]) for s, _, _ in found)
    # ... so a sequence without such a token has none (what the index relies on)
    if not any(map(matcher.can_start, tokens)):
        assert found == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["terorisme", "radikalisme"]), max_size=30),
       st.sets(st.integers(0, len(KEYS) - 1), min_size=1))
def test_could_match_false_means_no_match(tokens, entries):
    matcher = PhraseMatcher([KEYS[k] for k in sorted(entries)])
    found = matcher.find(tokens)
    if found:
        assert matcher.could_match(set(tokens))
    # and it rules out more than can_start alone: a first word without the rest
    if tokens and not matcher.could_match(set(tokens)):
        assert found == []


def _could_match_reference(matcher, present):
    """could_match as first written: every key of ``present`` asked in turn."""
    for key in present:
        if not matcher.can_start(key):
            continue
        for entry_key, _, _ in matcher._candidates(key):
            if all(w in present or w.startswith("*") or w.endswith("*") for w in entry_key[1:]):
                return True
    return False


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sets(st.sampled_from(WORDS + ["terorisme", "radikalisme", "pemberontakan"])),
                min_size=1, max_size=6),
       st.sets(st.integers(0, len(KEYS) - 1), min_size=1))
def test_could_match_with_a_growing_cache_answers_as_asking_every_key(sets, entries):
    """Issue 24: could_match intersects ``present`` with the keys that can start an
    entry (kept as the cache grows) instead of asking every key; one matcher asked
    many times answers as a fresh one and as the key-by-key loop."""
    keys = [KEYS[k] for k in sorted(entries)]
    used = PhraseMatcher(keys)
    for present in sets:
        expected = _could_match_reference(PhraseMatcher(keys), present)
        assert used.could_match(present) == expected
        assert used.could_match(sorted(present)) == expected  # any collection, not only sets


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=5), min_size=1, max_size=8), st.lists(st.integers(0, 7), max_size=30),
       st.booleans())
def test_take_strings_is_the_object_array_gather(values, picks, as_series):
    """Issue 24: Arrow's take gives the column pd.array(values[positions], dtype="str") gives."""
    from bingkai.indexing.arrays import take_strings

    positions = np.array([p % len(values) for p in picks], dtype=np.int64)
    source = pd.Series(values, dtype="str") if as_series else values
    got = take_strings(source, positions)
    expected = pd.array(np.asarray(values, dtype=object)[positions], dtype="str")
    assert got.dtype == expected.dtype
    pd.testing.assert_extension_array_equal(got, expected)
