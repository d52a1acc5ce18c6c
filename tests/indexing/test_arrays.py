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


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 60), st.integers(1, 12), st.randoms(use_true_random=False))
def test_proper_tokens_ask_only_the_capitalised(n, n_types, rnd):
    """Issue 24: the lower-case test looks up the lower-case tokens among the capitalised
    tokens' (paragraph, form) keys; the answer is the one from looking every token up among
    every lower-case key (the rule as first written)."""
    from bingkai.indexing import build
    from bingkai.indexing.arrays import isin_sorted, unique_ints

    rng = np.random.default_rng(rnd.randint(0, 2**32 - 1))
    t = rng.integers(0, n_types, n)
    doc = np.sort(rng.integers(0, 3, n))
    arrays = {"type": t, "doc": doc, "part": np.zeros(n, dtype=np.int8),
              "para": rng.integers(0, 2, n), "sent": rng.integers(0, 3, n)}
    kind = rng.integers(0, 3, n_types).astype(np.int8)
    stop = rng.random(n_types) < 0.2
    caps, acronym, is_lower = (rng.random(n_types) < 0.5, rng.random(n_types) < 0.1, rng.random(n_types) < 0.5)
    lower = np.asarray([f"w{k % 4}" for k in range(n_types)], dtype=object)
    punct = rng.integers(0, 3, n_types).astype(np.int8)
    got = build._proper_tokens(arrays, kind, stop, caps, acronym, is_lower, lower, punct)

    # the rule as first written
    wordish = kind[t] == 0
    pchange = np.r_[True, (doc[1:] != doc[:-1]) | (arrays["para"][1:] != arrays["para"][:-1])]
    pid = np.cumsum(pchange) - 1
    schange = pchange | np.r_[False, arrays["sent"][1:] != arrays["sent"][:-1]]
    n_words = np.bincount(pid, weights=wordish, minlength=pid[-1] + 1)
    n_caps = np.bincount(pid, weights=wordish & caps[t], minlength=pid[-1] + 1)
    title_case = (n_words > 0) & (n_caps >= build.TITLE_CASE_SHARE * n_words)
    blocker = (~((kind[t] == 2) & (punct[t] == 1))).astype(np.int64)
    cs = np.cumsum(blocker)
    seg_first = np.flatnonzero(schange)
    initial = (cs - blocker - (cs - blocker)[seg_first][np.cumsum(schange) - 1]) == 0
    codes = pd.factorize(lower)[0]
    combo = pid * (codes.max() + 1) + codes[t]
    seen = isin_sorted(combo, unique_ints(combo[wordish & is_lower[t]]))
    cap_tok = wordish & caps[t] & ~stop[t]
    expected = cap_tok & (acronym[t] | (~initial & ~title_case[pid] & ~seen))
    assert np.array_equal(got, expected)
