"""Issue 24: PySastrawi's prefix rules behind guards read from their own code.

The oracle everywhere is upstream's own ``Context`` with its visitors in
place (no guard): the guarded stemmer must give the same stems, the same
removals, on upstream's cases, a generated vocabulary, random rule sets and
random text.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Context.Context import Context
from Sastrawi.Stemmer.Context.Visitor.PrefixDisambiguator import PrefixDisambiguator
from Sastrawi.Stemmer.Context.Visitor.RemovePlainPrefix import RemovePlainPrefix
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

import bingkai.text.stemming as stem_module

# -- _start_sets: what a match needs at the first positions ---------------------

_ATOMS = ["b", "e", "r", "m", "[aiueo]", "[bcd]", "[a-c]", "(e)", "(r[ae])", "e?", "r*", "b+",
          ".", "(.*)", "$", "(be)?", "[^a]", "a|b", "(?:e)", "\\w"]


@settings(max_examples=400, deadline=None)
@given(atoms=st.lists(st.sampled_from(_ATOMS), min_size=1, max_size=5), anchor=st.booleans(),
       string=st.text(alphabet="abcdemrux", max_size=8))
def test_start_sets_never_exclude_a_match(atoms, anchor, string):
    pattern = ("^" if anchor else "") + "".join(atoms)
    try:
        compiled = re.compile(pattern)
    except re.error:
        return
    sets = stem_module._start_sets(pattern, most=3)
    assert len(sets) <= 3
    if compiled.match(string):
        assert len(string) >= len(sets)
        assert all(string[i] in s for i, s in enumerate(sets)), (pattern, string, sets)


def test_start_sets_read_upstreams_kinds_of_pattern():
    assert stem_module._start_sets(r"^ber([aiueo].*)$") == [{"b"}, {"e"}]
    assert stem_module._start_sets(r"^([bcd])er([aiueo])(.*)$", most=3) == [{"b", "c", "d"}, {"e"}, {"r"}]
    assert stem_module._start_sets("pelajar", most=3) == [{"p"}, {"e"}, {"l"}]
    # an optional atom, an alternation or an escape ends what can be read
    assert stem_module._start_sets(r"^me?ng") == [{"m"}]
    assert stem_module._start_sets(r"^(be)?r") == []
    assert stem_module._start_sets(r"^be|ter") == []
    assert stem_module._start_sets(r"^\wer") == []


# -- which rules get a guard ---------------------------------------------------

def _rule(body: str, pattern: str = r"^be(.*)$"):
    """A disambiguator class whose ``disambiguate`` is ``body`` (real bytecode to read)."""
    scope: dict = {"re": re}
    source = "class Rule:\n    def disambiguate(self, word):\n" + "".join(
        "        " + line + "\n" for line in body.format(p=repr(pattern)).splitlines())
    exec(source, scope)  # noqa: S102  (test-made code)
    return scope["Rule"]()


MATCH = "m = re.match({p}, word)\nif m:\n    return m.group(1)"


def test_only_rules_of_understood_code_are_guarded():
    guard = stem_module._rule_guard(PrefixDisambiguator([_rule(MATCH)]))
    assert guard == (2, frozenset({"be"}))
    # a rule that also tests the word some other way must run for every word
    other = "if word.startswith('x'):\n    return word[1:]\n" + MATCH
    assert stem_module._rule_guard(PrefixDisambiguator([_rule(MATCH), _rule(other)])) is None
    sliced = "return word[2:]"
    assert stem_module._rule_guard(PrefixDisambiguator([_rule(sliced)])) is None
    # an unreadable pattern start leaves the rule unguarded too
    assert stem_module._rule_guard(PrefixDisambiguator([_rule(MATCH, r"^(.*)er$")])) is None
    assert stem_module._rule_guard(RemovePlainPrefix()) is None


def test_upstreams_rules_are_guarded():
    sastrawi, _ = stem_module._new_sastrawi({})
    visitors = sastrawi.visitor_provider.prefix_visitors
    runs = [v for v in visitors if isinstance(v, stem_module._PrefixRules)]
    # every PrefixDisambiguator of PySastrawi 1.2.1 is readable: one run after di-/ke-/se-
    assert len(runs) == 1 and len(runs[0].rules) >= 35
    assert isinstance(visitors[0], RemovePlainPrefix)


# -- the guarded loop against upstream's -----------------------------------------

class _Provider:
    def __init__(self, prefix_visitors):
        self.prefix_visitors = prefix_visitors

    def get_visitors(self):
        return []

    def get_suffix_visitors(self):
        return []

    def get_prefix_visitors(self):
        return self.prefix_visitors


_PATTERNS = [r"^be([aiueo].*)$", r"^ber(.*)$", r"^me(.*)$", r"^mem([bp].*)$", r"^([bdm])e(r.*)$",
             r"^d(.*)$", r"^([bm])(e.*)$", r"^te(.*)$", r"^(.*)er$"]
_RETURNS = ["m.group(1)", "'x' + m.group(1)", "m.group(1) + m.group(1)"]


@st.composite
def _rule_sets(draw):
    visitors = []
    for _ in range(draw(st.integers(1, 7))):
        if draw(st.integers(0, 5)) == 0:
            visitors.append(RemovePlainPrefix())
            continue
        rules = [_rule("m = re.match({p}, word)\nif m:\n    return " + draw(st.sampled_from(_RETURNS)),
                       draw(st.sampled_from(_PATTERNS)))
                 for _ in range(draw(st.integers(1, 3)))]
        visitors.append(PrefixDisambiguator(rules))
    return visitors


def _run(visitors, word, words):
    context = Context(word, ArrayDictionary(words), _Provider(visitors))
    context.remove_prefixes()
    return context.current_word, context.process_is_stopped, [
        (r.get_subject(), r.get_result(), r.get_removed_part(), r.get_affix_type())
        for r in context.removals]


@settings(max_examples=300, deadline=None)
@given(visitors=_rule_sets(), word=st.text(alphabet="abdemrtx", min_size=0, max_size=9),
       words=st.lists(st.text(alphabet="abdemrtx", min_size=1, max_size=6), max_size=8))
def test_guarded_prefix_loop_equals_upstreams(visitors, word, words):
    class Stemmer:  # what _guard_prefix_rules rewrites: the provider's list
        visitor_provider = _Provider(list(visitors))

    stem_module._guard_prefix_rules(Stemmer)
    guarded = Stemmer.visitor_provider.prefix_visitors
    assert _run(guarded, word, words) == _run(visitors, word, words)


def test_stems_of_a_vocabulary_equal_unguarded_upstream():
    # Words Sastrawi strips affixes from (benchmarks/synth.py composes them from
    # Sastrawi's roots): a plain upstream stemmer against the guarded one.
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from benchmarks import synth

    texts = [a["text"] for a in synth.generate(15_000, seed=7)]
    words = sorted({w for t in texts for w in re.findall(r"[a-z][a-z-]*", t.lower())})
    assert len(words) > 2000
    plain = StemmerFactory().create_stemmer()
    assert not any(isinstance(v, stem_module._PrefixRules)
                   for v in plain.delegatedStemmer.visitor_provider.prefix_visitors)
    guarded, _ = stem_module._new_sastrawi({})
    assert [guarded.stem(w) for w in words] == [plain.stem(w) for w in words]
