"""Indonesian stemming: PySastrawi behind per-type caches and protected forms.

Sastrawi conflates words the framing analysis must keep apart
("pemerintah" -> "perintah", "pasukan" -> "pasu", "pemberontakan" -> "ronta"
while "pemberontak" -> "berontak") and its maintainers treat some of these as
intended. So bingkai wraps it:

* **Protected forms** (``src/bingkai/data/protected.csv``, columns
  ``word, stem, why``; a researcher can edit it) are returned as listed, also
  with Sastrawi's inflectional suffixes attached (-lah/-kah/-tah/-pun, then
  -ku/-mu/-nya: "pasukannya" -> "pasukan", "Rusianya" -> "rusia") and in
  hyphenated reduplication ("pasukan-pasukan" -> "pasukan").
* Every other word gets **exactly** PySastrawi's own result
  (``StemmerFactory().create_stemmer().stem(text)``), multi-word text included:
  the same normaliser, the same per-word algorithm and dictionary. Two
  speed-ups keep upstream's code path and answers: its ``re`` calls go
  through :class:`_FastRe`, and its ~40 prefix rules run behind guards read
  from their own code (:class:`_PrefixRules`: a rule whose patterns cannot
  match the word's first two letters is not tried): the devcorpus's 56k
  word types cost 1.4 s of CPU cold instead of 8.2 s.
* **Caches**: a dict per input string (the warm path is one dict lookup), a
  dict per Sastrawi word (each distinct word is stemmed once per process), and
  optionally that word cache on disk (``cache_dir``), in one TSV file whose
  name and header encode the PySastrawi version and a hash of the protected
  list and Sastrawi dictionary, so a change of either never reuses stale stems.
  Opt in for every stemmer of a session (including the shared default one
  that ``bingkai.stem``, ``terms`` and ``fit_tfidf`` use) by setting the
  environment variable ``BINGKAI_CACHE_DIR`` to a directory, e.g.
  ``export BINGKAI_CACHE_DIR=.cache/bingkai``: stems are then loaded from
  there and new ones saved there at exit. Unset, nothing is written. A
  relative value is made absolute once, the first time it is read, so a
  later ``os.chdir`` does not move the cache.

The disk cache is derived data and is never trusted blindly:

* every line carries a checksum of its word, stem and the cache key, verified
  on load: a truncated last line (an interrupted write) or an edited entry is
  dropped, with one warning, and stemmed again -- never returned;
* an empty word is never cached or written;
* saving merges with what another process wrote since this one loaded (under
  a lock file where the OS has ``fcntl``; then temp file + rename), so
  concurrent runs do not lose each other's stems;
* a directory that cannot be used (read-only, a file in the way, no space)
  turns the disk cache off for that directory with one warning; stemming goes
  on in memory.

Two entry points, because Sastrawi's text API splits words at every character
outside ``[a-z0-9 -]`` ("Hay'at" -> "hay at", "Erdoğan" -> "erdo an",
"2,4" -> "2 4"):

* :meth:`Stemmer.stem` — Sastrawi's text semantics (may return several words).
* :meth:`Stemmer.stem_token` — one token in, one term out, never a space; this
  is what a tokenising analyzer should call. Tokens Sastrawi cannot read whole
  (any character outside ``[a-z0-9-]`` after lowercasing: apostrophes of Arabic
  names, diacritics, number punctuation) are returned lowercased and
  unstemmed: Sastrawi's rules and dictionary are ASCII-only, so it has nothing
  to remove from them. Hyphenated tokens keep Sastrawi's own handling
  ("negara-negara" -> "negara", "al-Assad" -> "al-assad").

Known limitations (recorded, not patched around):

* Sastrawi mis-stems proper nouns that look affixed (Bekasi -> bekas); the
  caller decides what is a proper noun and passes ``proper_noun=True`` to
  :meth:`Stemmer.stem_token`, which then returns the token lowercased.
* Protected lookup strips at most one particle and one possessive, like
  Sastrawi; a non-framing word that happens to be "<protected word>+nya" would
  be mapped to that protected stem.
* Lowercasing is ``str.lower()`` (as Sastrawi does), not ``casefold()``,
  which would rewrite e.g. "ß" to "ss" and change Sastrawi's input.
"""

from __future__ import annotations

import atexit
import copy
import csv
import dis
import hashlib
import importlib
import io
import itertools
import os
import pkgutil
import re
import tempfile
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from bingkai.constants import DATA_DIR
from bingkai.errors import BingkaiInputError
from bingkai.parallel import check_n_jobs, chunked_map
from bingkai.progress import progress_bar

PROTECTED_PATH = DATA_DIR / "protected.csv"
PROTECTED_COLUMNS = ("word", "stem", "why")

# Sastrawi's own suffix patterns (RemoveInflectionalParticle, then
# RemoveInflectionalPossessivePronoun), applied in the same order.
_PARTICLE = re.compile(r"-*(lah|kah|tah|pun)$")
_POSSESSIVE = re.compile(r"-*(ku|mu|nya)$")
_SUFFIXES = ("lah", "kah", "tah", "pun", "ku", "mu", "nya")
# What survives Sastrawi's TextNormalizer inside one word.
_SASTRAWI_WORD = re.compile(r"[a-z0-9-]+")
# v2: each entry carries a checksum (v1 files, without one, are ignored)
_CACHE_MAGIC = "# bingkai stem cache v2"
#: environment variable naming an on-disk stem cache directory for stemmers
#: made without ``cache_dir`` (see :class:`Stemmer`)
CACHE_ENV = "BINGKAI_CACHE_DIR"
# str.isspace characters (re's Unicode \s is the same set), one C-level scan
_WHITESPACE = re.compile(r"\s")


def sastrawi_version() -> str:
    """Installed PySastrawi version string (part of the on-disk cache key)."""
    try:
        return version("PySastrawi")
    except PackageNotFoundError:  # e.g. vendored copy: still key the cache
        return "unknown"


# ----------------------------------------------------------------------------
# protected forms


def load_protected(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate a protected-forms CSV (default: the package's own).

    Input: a UTF-8 CSV (a BOM is accepted) with exactly the columns
    ``word, stem, why`` in any order; ``word`` and ``stem`` are single words
    (no whitespace), compared case-insensitively; blank lines are skipped.
    Returns a DataFrame, one row per distinct word, sorted by ``word``:

    - ``word``: lowercased word as it appears in text (after clitic removal);
    - ``stem``: lowercased term returned for it;
    - ``why``: the researcher's reason (may be empty);
    - ``row``: 1-based CSV row of its first listing (the header is row 1).

    Raises :class:`BingkaiInputError` naming the file and row for missing or
    unknown columns, a short row, an empty or multi-word ``word``/``stem``,
    and a word listed twice with different stems.
    """
    path = PROTECTED_PATH if path is None else Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BingkaiInputError("protected-forms file not found", path=path,
                                hint="Pass an existing CSV with columns word, stem, why") from None
    except IsADirectoryError:
        raise BingkaiInputError("protected-forms path is a directory, not a CSV file", path=path,
                                hint="Pass the path of the CSV file (columns word, stem, why)") from None
    except OSError as err:
        raise BingkaiInputError(f"cannot read the protected-forms file ({err.strerror or err})", path=path,
                                hint="Check its permissions (ls -l)") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BingkaiInputError(
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at byte offset {err.start})", path=path,
            row=raw[: err.start].count(b"\n") + 1, row_label="line",
            hint="Re-save the file as UTF-8 (a spreadsheet's 'CSV UTF-8' option)") from None
    # csv (not pandas) because its line numbers are the spreadsheet rows even
    # with blank lines, which pandas skips silently and so miscounts.
    rows: dict[str, tuple[str, str, int]] = {}
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise BingkaiInputError("empty file, expected a header row", path=path, row=1,
                                    hint="Start the file with: word,stem,why")
        header = [h.strip().lower() for h in header]
        missing = [c for c in PROTECTED_COLUMNS if c not in header]
        unknown = [h for h in header if h not in PROTECTED_COLUMNS]
        if missing or unknown or len(set(header)) != len(header):
            problem = []
            if missing:
                problem.append(f"missing column(s) {', '.join(missing)}")
            if unknown:
                problem.append(f"unknown column(s) {', '.join(map(repr, unknown))}")
            if len(set(header)) != len(header):
                problem.append("a column is named twice")
            raise BingkaiInputError("; ".join(problem), path=path, row=1,
                                    hint="The header must be exactly: word,stem,why")
        col = {name: header.index(name) for name in PROTECTED_COLUMNS}
        for fields in reader:
            row = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise BingkaiInputError(
                    f"{len(fields)} fields, expected {len(header)} ({','.join(header)})",
                    path=path, row=row, hint="Quote a 'why' that contains a comma")
            word = fields[col["word"]].strip().lower()
            stem = fields[col["stem"]].strip().lower()
            why = fields[col["why"]].strip()
            for name, value in (("word", word), ("stem", stem)):
                if not value:
                    raise BingkaiInputError(f"empty {name}", path=path, row=row,
                                            hint=f"Fill in the {name} or delete the row")
                if any(ch.isspace() for ch in value):
                    raise BingkaiInputError(f"{name} {value!r} is not a single word", path=path,
                                            row=row, hint="List one word per row")
            if word in rows:
                first_stem, _, first_row = rows[word]
                if first_stem != stem:
                    raise BingkaiInputError(
                        f"word {word!r} listed twice with different stems "
                        f"({first_stem!r} in row {first_row}, {stem!r} here)",
                        path=path, row=row, hint="Keep one of the two rows")
                continue
            rows[word] = (stem, why, row)
    frame = pd.DataFrame(
        [(w, s, y, r) for w, (s, y, r) in sorted(rows.items())],
        columns=["word", "stem", "why", "row"],
    )
    return frame.astype({"row": "int64"})


def _protected_mapping(protected: str | PathLike[str] | Mapping[str, str] | None) -> dict[str, str]:
    """Resolve the ``protected=`` argument to a validated ``{word: stem}``."""
    if protected is None or isinstance(protected, (str, PathLike)):
        frame = load_protected(protected)
        return dict(zip(frame["word"], frame["stem"]))
    if not isinstance(protected, Mapping):
        raise TypeError("protected must be None, a CSV path or a mapping word -> stem, "
                        f"not {type(protected).__name__}")
    out: dict[str, str] = {}
    for word, stem in protected.items():
        if not isinstance(word, str) or not isinstance(stem, str):
            raise BingkaiInputError(f"protected entry {word!r}: {stem!r} is not str -> str",
                                    hint="Map each word to its stem as strings")
        w, s = word.strip().lower(), stem.strip().lower()
        if not w or not s or any(ch.isspace() for ch in w + s):
            raise BingkaiInputError(f"protected entry {word!r}: {stem!r} is empty or not a "
                                    "single word", hint="Map one word to one stem")
        if out.get(w, s) != s:
            raise BingkaiInputError(f"protected word {w!r} maps to both {out[w]!r} and {s!r}",
                                    hint="Give each word one stem")
        out[w] = s
    return out


def _protected_lookup(protected: Mapping[str, str], word: str) -> str | None:
    """Protected stem of ``word`` (lowercase), also under Sastrawi's
    inflectional suffixes; None when the word is not protected."""
    hit = protected.get(word)
    if hit is not None:
        return hit
    # Cheap test first (most words end in neither suffix): the patterns can
    # only match at the end, where "$" also allows one trailing newline.
    if not (word[:-1] if word.endswith("\n") else word).endswith(_SUFFIXES):
        return None
    bare = _PARTICLE.sub("", word, count=1)
    if bare != word:
        hit = protected.get(bare)
        if hit is not None:
            return hit
    bare2 = _POSSESSIVE.sub("", bare, count=1)
    if bare2 != bare:
        return protected.get(bare2)
    return None


def _make_sastrawi(protected: Mapping[str, str]):
    """``(stemmer, fingerprint)``: PySastrawi's own Stemmer class with the
    protected forms consulted first, and the sha256 of the protected list and
    Sastrawi's dictionary (the stem cache's key). Made once per protected list
    per process: building the 30k-word dictionary and hashing it cost ~50 ms,
    and the object holds no state between calls."""
    key = tuple(sorted(protected.items()))
    made = _SASTRAWI_MADE.get(key)
    if made is None:
        sastrawi, words = _new_sastrawi(dict(protected))
        made = _SASTRAWI_MADE[key] = (sastrawi, _fingerprint(protected, words))
    # a shallow copy per caller: the dictionary is shared, yet an attribute
    # set on one stemmer's object (a test's spy) stays on that stemmer
    return copy.copy(made[0]), made[1]


#: _make_sastrawi's results by protected list
_SASTRAWI_MADE: dict[tuple[tuple[str, str], ...], tuple[object, str]] = {}


class _FastRe:
    """The ``re`` module for PySastrawi's modules, with two shortcuts that
    give the same results as ``re``.

    ``sub``: PySastrawi's visitors record each removal with
    ``re.sub(result, '', current_word, count=1)``, where ``result`` is the
    word being stemmed: a new pattern for every word, so ``re``'s 512-entry
    pattern cache thrashes and a cold vocabulary pays one regex compilation
    per removal (~40% of Sastrawi's time on a news vocabulary). For a pattern
    made only of ASCII letters, digits and hyphens (no metacharacter: it
    matches itself literally), an empty replacement and ``count=1``, the
    result is exactly ``current_word.replace(result, '', 1)``; anything else
    goes to ``re.sub`` unchanged.

    ``match``: the prefix rules try ~40 fixed patterns per word and round
    (``re.match(r'^ber([aiueo].*)$', word)``); ``re.match`` looks each one
    up in ``re``'s cache on every call. Here the compiled pattern's ``match``
    is kept per (pattern, flags) -- the same compiled object ``re`` would
    use -- for the first :attr:`MAX_PATTERNS` string patterns; anything else
    goes to ``re.match``. About 15% of a cold vocabulary's Sastrawi time.

    The stems do not change (tests compare with plain ``re`` on the upstream
    test cases and a generated vocabulary, and each shortcut with ``re`` on
    generated patterns and strings).
    """

    #: string patterns whose compiled ``match`` is kept (upstream uses ~100)
    MAX_PATTERNS = 1024

    def __init__(self):
        self._match: dict[tuple[str, int], Callable] = {}

    def __getattr__(self, name: str):
        return getattr(re, name)

    @staticmethod
    def sub(pattern, repl, string, count=0, flags=0):
        if (count == 1 and not flags and repl == "" and isinstance(pattern, str)
                and isinstance(string, str) and _LITERAL.fullmatch(pattern)):
            return string.replace(pattern, "", 1)
        return re.sub(pattern, repl, string, count=count, flags=flags)

    def match(self, pattern, string, flags=0):
        try:
            return self._match[pattern, flags](string)
        except KeyError:
            if not isinstance(pattern, str) or len(self._match) >= self.MAX_PATTERNS:
                return re.match(pattern, string, flags)
            found = self._match[pattern, flags] = re.compile(pattern, flags).match
            return found(string)
        except TypeError:  # an unhashable flags value: let re raise or handle it
            return re.match(pattern, string, flags)


_LITERAL = re.compile(r"[A-Za-z0-9-]*")
#: the upstream modules that call re.sub with the word as the pattern, or
#: re.match with fixed patterns (the prefix rules are found by listing their
#: package, so a PySastrawi with more or fewer rules is covered)
_FAST_RE_MODULES = tuple(f"Sastrawi.Stemmer.Context.Visitor.{name}" for name in (
    "AbstractDisambiguatePrefixRule", "RemoveDerivationalSuffix", "RemoveInflectionalParticle",
    "RemoveInflectionalPossessivePronoun", "RemovePlainPrefix")) + (
    "Sastrawi.Morphology.InvalidAffixPairSpecification",
    "Sastrawi.Stemmer.ConfixStripping.PrecedenceAdjustmentSpecification")
_DISAMBIGUATORS = "Sastrawi.Morphology.Disambiguator"


def _fast_re_modules() -> list:
    """The imported upstream modules :func:`_speed_up_upstream` patches."""
    names = list(_FAST_RE_MODULES)
    try:
        package = importlib.import_module(_DISAMBIGUATORS)
        names += sorted(f"{_DISAMBIGUATORS}.{m.name}" for m in pkgutil.iter_modules(package.__path__))
    except ImportError:
        pass
    modules = []
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a module missing in another PySastrawi version
            continue
        if hasattr(module, "re"):  # a rule without regexes has nothing to patch
            modules.append(module)
    return modules


def _speed_up_upstream() -> None:
    """Point the PySastrawi modules' ``re`` at one :class:`_FastRe`
    (idempotent; only modules whose ``re`` is the ``re`` module)."""
    fast = _FastRe()
    for module in _fast_re_modules():
        if getattr(module, "re", None) is re:
            module.re = fast


#: characters that end a pattern's fixed start (see :func:`_start_sets`)
_REGEX_SPECIAL = frozenset(".^$*+?{}[]\\|()")
#: the bytecode a prefix rule's ``disambiguate`` may consist of for a guard
#: to be read from it: loads, calls of ``re.match`` and ``.group``, ``==``,
#: string ``+``, branches and returns (upstream's rules are exactly this);
#: anything else leaves the rule unguarded
_GUARDABLE_OPS = frozenset({"RESUME", "NOP", "CACHE", "PUSH_NULL", "LOAD_CONST", "LOAD_FAST",
                            "STORE_FAST", "LOAD_GLOBAL", "LOAD_ATTR", "LOAD_METHOD", "PRECALL",
                            "CALL", "COMPARE_OP", "BINARY_OP", "RETURN_VALUE", "RETURN_CONST",
                            "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE",
                            "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "JUMP_IF_TRUE_OR_POP",
                            "JUMP_IF_FALSE_OR_POP"})
_GUARDABLE_NAMES = {"LOAD_GLOBAL": {"re"}, "LOAD_ATTR": {"match", "group"},
                    "LOAD_METHOD": {"match", "group"}, "COMPARE_OP": {"=="}, "BINARY_OP": {"+"}}
#: how many leading characters a prefix rule's guard looks at
_GUARD_CHARS = 2


def _start_sets(pattern: str, most: int = _GUARD_CHARS) -> list[frozenset[str]]:
    """The characters a string must have at each of its first positions for
    ``re.match(pattern, string)`` to succeed, as far as they are fixed: one
    set per position, at most ``most``, fewer (possibly none) where the
    pattern's start is not a plain sequence of letters and classes.

    Only a small, certain subset of the syntax is read: literal characters,
    ``[...]`` classes of characters and ``a-z`` ranges, and unquantified
    groups (whose parentheses do not change what is matched). A pattern with
    ``|``, ``\\``, ``(?`` or a quantified group gives no sets, as does
    anything after ``.``, ``$`` or a quantified atom (``?``, ``*`` or ``{``
    make the atom optional; ``+`` keeps it once). Missing a set only makes
    the guard weaker, never wrong.
    """
    if "|" in pattern or "\\" in pattern or "(?" in pattern or re.search(r"\)[?*{+]", pattern):
        return []
    flat = pattern[1:] if pattern.startswith("^") else pattern
    flat = flat.replace("(", "").replace(")", "")
    sets: list[frozenset[str]] = []
    i = 0
    while i < len(flat) and len(sets) < most:
        ch = flat[i]
        if ch == "[":
            end = flat.find("]", i + 1)
            body = flat[i + 1:end]
            if end < 0 or not body or body.startswith("^"):
                break
            chars: set[str] = set()
            k = 0
            while k < len(body):
                if k + 2 < len(body) and body[k + 1] == "-":
                    chars.update(chr(c) for c in range(ord(body[k]), ord(body[k + 2]) + 1))
                    k += 3
                else:
                    chars.add(body[k])
                    k += 1
            atom, i = frozenset(chars), end + 1
        elif ch in _REGEX_SPECIAL:
            break
        else:
            atom, i = frozenset(ch), i + 1
        if i < len(flat) and flat[i] in "?*{":
            break
        sets.append(atom)
        if i < len(flat) and flat[i] == "+":
            break
    return sets


def _gate_strings(disambiguate) -> list[str] | None:
    """The strings a disambiguator's code matches the word against: the
    patterns passed to ``re.match`` and the constants compared with ``==``
    (upstream's exception words, e.g. ``word == 'pelajar'``); None when the
    code does anything else (see :data:`_GUARDABLE_OPS`)."""
    code = getattr(disambiguate, "__code__", None)
    if code is None:
        return None
    ins = list(dis.get_instructions(code))
    gates = []
    for k, i in enumerate(ins):
        if i.opname not in _GUARDABLE_OPS:
            return None
        allowed = _GUARDABLE_NAMES.get(i.opname)
        if allowed is not None and (i.argval if i.opname in ("LOAD_GLOBAL", "LOAD_ATTR", "LOAD_METHOD")
                                    else i.argrepr) not in allowed:
            return None
        if i.opname == "LOAD_CONST" and isinstance(i.argval, str):
            before = ins[k - 1] if k else None
            after = ins[k + 1] if k + 1 < len(ins) else None
            if ((before is not None and before.opname in ("LOAD_ATTR", "LOAD_METHOD")
                 and before.argval == "match")
                    or (after is not None and after.opname == "COMPARE_OP")):
                gates.append(i.argval)
    return gates


def _rule_guard(rule) -> tuple[int, frozenset[str]] | None:
    """``(n, starts)``: a prefix rule (upstream's ``PrefixDisambiguator``)
    changes no word whose first ``n`` characters are not in ``starts``; or
    None when that cannot be read from the rule's code.

    Each of upstream's disambiguators returns a result only after
    ``re.match(pattern, word)`` succeeded or ``word == constant`` held, so
    every word a rule changes starts as one of those strings does
    (:func:`_gate_strings`; strings matched against parts of the word only
    add starts, which weakens the guard but cannot make it wrong). The tests
    compare guarded and unguarded upstream stemmers on upstream's cases, a
    generated vocabulary and random text.
    """
    gates: list[str] = []
    for d in getattr(rule, "disambiguators", None) or ():
        found = _gate_strings(getattr(type(d), "disambiguate", None))
        if not found:
            return None
        gates += found
    if not gates:
        return None
    sets = [_start_sets(g) for g in gates]
    n = min(len(s) for s in sets)
    if n == 0:
        return None
    starts: set[str] = set()
    for s in sets:
        starts.update("".join(t) for t in itertools.product(*(sorted(c) for c in s[:n])))
    return n, frozenset(starts)


class _PrefixRules:
    """A run of upstream prefix rules behind one visitor that runs, for the
    current word, only the rules whose guard (:func:`_rule_guard`) lets it
    through: about two thirds of a cold vocabulary's Sastrawi time was
    Context trying ~40 rules per word and round, each running one to four
    regular expressions that could not match.

    What upstream's ``Context.accept_prefix_visitors`` does around each rule
    is kept: after a rule has run, and after any rules skipped since the last
    check (a skipped rule changes nothing, so one check stands for all of
    them), the run stops when the word is in the dictionary, the process was
    stopped or a removal was recorded -- the conditions on which Context
    would return after that rule. Context then checks the same state after
    this visitor and returns or goes on exactly as it would have.
    """

    def __init__(self, rules: list[tuple[int, frozenset[str], Any]]):
        self.rules = rules  # (n, starts, upstream rule), in upstream's order
        self._hits: dict[str, tuple[int, ...]] = {}  # first two characters -> rules to run

    def visit(self, context) -> None:
        head = context.current_word[:_GUARD_CHARS]
        hits = self._hits.get(head)
        if hits is None:
            hits = self._hits[head] = tuple(
                i for i, (n, starts, _) in enumerate(self.rules) if head[:n] in starts)
        if not hits:
            return
        before = len(context.removals)
        expected = 0
        for i in hits:
            if i > expected and _stops(context, before):
                return
            self.rules[i][2].visit(context)
            if _stops(context, before):
                return
            expected = i + 1


def _stops(context, before: int) -> bool:
    """Whether upstream's prefix loop would return now (its three checks)."""
    return (context.dictionary.contains(context.current_word) or context.process_is_stopped
            or len(context.removals) > before)


def _guard_prefix_rules(sastrawi) -> None:
    """Put each run of guardable prefix rules behind one :class:`_PrefixRules`
    visitor; the rules without a readable guard (upstream's plain prefixes
    di-/ke-/se-, any rule whose code is not understood) stay where they are."""
    provider = sastrawi.visitor_provider
    visitors: list[Any] = []
    run: list[tuple[int, frozenset[str], Any]] = []
    for rule in provider.prefix_visitors:
        guard = _rule_guard(rule)
        if guard is not None:
            run.append((*guard, rule))
            continue
        if run:
            visitors.append(_PrefixRules(run))
            run = []
        visitors.append(rule)
    if run:
        visitors.append(_PrefixRules(run))
    provider.prefix_visitors = visitors


def _new_sastrawi(protected: Mapping[str, str]):
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer as _Upstream
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    class _Protected(_Upstream):
        # Subclassing (not copying) keeps every unprotected word on upstream's
        # code path: stem_word, is_plural and the Context algorithm are theirs.
        def stem_singular_word(self, word):
            hit = _protected_lookup(protected, word)
            return hit if hit is not None else super().stem_singular_word(word)

        def stem_plural_word(self, plural):
            # Upstream retries an unchanged right half as "me"+half, which
            # would defeat a protected half ("pasukan-pasukan"); so settle
            # reduplication of protected words first, split exactly as upstream.
            whole = _protected_lookup(protected, plural)  # e.g. a listed "al-assad"
            if whole is not None:
                return whole
            m = re.match(r"^(.*)-(.*)$", plural)
            if m:
                left, right = m.group(1), m.group(2)
                inner = re.match(r"^(.*)-(.*)$", left)
                if right in ("ku", "mu", "nya", "lah", "kah", "tah", "pun") and inner:
                    left, right = inner.group(1), inner.group(2) + "-" + right
                a = _protected_lookup(protected, left)
                b = _protected_lookup(protected, right)
                if a is not None or b is not None:
                    return a if a == b else plural
            return super().stem_plural_word(plural)

    _speed_up_upstream()
    words = StemmerFactory().get_words()
    dictionary = ArrayDictionary(words)
    # the same answer as upstream's ``word in self.words``, without a Python
    # frame per call (~3M calls for a cold news vocabulary)
    dictionary.contains = dictionary.words.__contains__
    sastrawi = _Protected(dictionary)
    _guard_prefix_rules(sastrawi)
    return sastrawi, words


def _fingerprint(protected: Mapping[str, str], dictionary_words: list[str]) -> str:
    """sha256 of the protected list and Sastrawi's dictionary (cache key)."""
    h = hashlib.sha256()
    for word, stem in sorted(protected.items()):
        h.update(f"{word}\t{stem}\n".encode())
    h.update(b"\x00dictionary\x00")
    for word in sorted(set(dictionary_words)):
        h.update(word.encode() + b"\n")
    return h.hexdigest()


# ----------------------------------------------------------------------------
# process-pool workers (module level so they pickle under any start method)

_WORKER = None


def _check_token(token: object) -> None:
    """``stem_token`` takes exactly one token: a str without whitespace."""
    if not isinstance(token, str):
        raise TypeError(f"stem_token expects a str, got {type(token).__name__}: {token!r}")
    if _WHITESPACE.search(token):
        raise ValueError(f"stem_token expects one token, got {token!r}; "
                         "use stem() for text or tokenise first")


def _init_worker(protected: dict[str, str]) -> None:
    global _WORKER
    _WORKER, _ = _make_sastrawi(protected)


def _stem_chunk(words: list[str]) -> list[str]:
    return [_WORKER.stem_word(w) for w in words]


class Stemmer:
    """PySastrawi with protected forms, per-type caches and an optional disk cache.

    ``Stemmer(protected=None, cache_dir=None)``:

    - ``protected``: None for ``src/bingkai/data/protected.csv``, a path to a
      CSV with columns ``word, stem, why``, or a mapping ``{word: stem}``
      (``{}`` gives plain Sastrawi).
    - ``cache_dir``: directory for the on-disk word cache, loaded here if a
      file for this PySastrawi version and protected list exists, and written
      by :meth:`save` and at the end of :meth:`stem_many`. None: the
      directory named by the environment variable ``BINGKAI_CACHE_DIR`` when
      it is set (opt-in: then new stems are also saved there when the Python
      process exits, so a researcher's second run starts warm), else memory
      only. Nothing is written anywhere unless a directory is given one of
      these two ways.

    Not thread-safe for concurrent first stems of the same word (the result
    is the same either way; only the statistics may double-count).
    """

    def __init__(self, protected: str | PathLike[str] | Mapping[str, str] | None = None,
                 cache_dir: str | PathLike[str] | None = None) -> None:
        from Sastrawi.Stemmer.Filter import TextNormalizer

        self._protected = _protected_mapping(protected)
        # PySastrawi and its dictionary are made on first use (``_engine``): ~0.13 s that a
        # view which only needs an analyzer to exist (a fitted vectorizer) never pays
        self._made: tuple[Any, str] | None = None
        self._normalize = TextNormalizer.normalize_text
        self.version = sastrawi_version()
        self._text_cache: dict[str, str] = {}   # stem() input -> output
        self._token_cache: dict[str, str] = {}  # stem_token() input -> output
        self._proper_cache: dict[str, str] = {}  # stem_token(proper_noun=True)
        self._word_cache: dict[str, str] = {}   # Sastrawi word -> stem (persisted)
        self._hits = 0
        self._misses = 0
        self._sastrawi_calls = 0
        self._loaded = 0
        self._dirty = False
        from_env = cache_dir is None and bool(os.environ.get(CACHE_ENV, "").strip())
        if from_env:
            cache_dir = _env_cache_dir(os.environ[CACHE_ENV].strip())
        self.cache_dir = None if cache_dir is None else _absolute(cache_dir)
        self._disk_ok = True
        if self.cache_dir is not None:
            if self.cache_dir.exists() and not self.cache_dir.is_dir():
                self._disk_unusable("it is not a directory")
            else:
                self._load_disk_cache()
        if from_env:
            # weak: an exit hook must not keep every stemmer ever made alive
            atexit.register(_save_at_exit, weakref.ref(self))

    # -- public API ---------------------------------------------------------

    @property
    def _engine(self) -> tuple[Any, str]:
        if self._made is None:
            self._made = _make_sastrawi(self._protected)
        return self._made

    @property
    def _sastrawi(self) -> Any:
        return self._engine[0]

    @property
    def fingerprint(self) -> str:
        """sha256 of the protected list and Sastrawi's dictionary (names the disk cache)."""
        return self._engine[1]

    @property
    def protected(self) -> dict[str, str]:
        """A copy of the protected forms ``{word: stem}`` in use."""
        return dict(self._protected)

    def stem(self, word: str) -> str:
        """Stem ``word`` (or a text) as PySastrawi does, protected forms first.

        Lowercases, splits with Sastrawi's own normaliser (characters outside
        ``[a-z0-9 -]`` become spaces), stems each piece and joins with one
        space: identical to ``StemmerFactory().create_stemmer().stem(word)``
        whenever no piece is protected. Use :meth:`stem_token` when one token
        must give one term.
        """
        return self._cached(self._text_cache, word, self._stem_text_miss)

    def _cached(self, cache: dict, key, miss) -> str:
        """``cache[key]`` (a hit, counted), else ``miss(key)`` (which counts and fills it);
        an unhashable key is a miss, so ``miss`` reports the bad input."""
        try:
            out = cache[key]
        except (KeyError, TypeError):
            return miss(key)
        self._hits += 1
        return out

    def stem_token(self, token: str, proper_noun: bool = False) -> str:
        """One token -> one lowercase term (never contains whitespace).

        Order: a protected form wins (also for proper nouns, since the list is
        the researcher's explicit choice); then ``proper_noun=True`` returns
        ``token.lower()`` unstemmed (Sastrawi mis-stems names: Bekasi ->
        bekas); a token whose lowercase has characters outside ``[a-z0-9-]``
        ("hay'at", "erdoğan", "21/10") is returned lowercased, unstemmed;
        anything else is Sastrawi's stem of the word. A token that contains
        whitespace is rejected (ValueError): split it first.
        """
        if proper_noun:
            return self._cached(self._proper_cache, token, self._proper_noun)
        return self._cached(self._token_cache, token, self._stem_token_miss)

    def stem_many(self, words: Iterable[str], n_jobs: int = 1,
                  progress: bool | None = None) -> dict[str, str]:
        """Stem many words, the uncached ones in parallel when ``n_jobs > 1``.

        Returns ``{word: self.stem(word)}`` for each distinct input, in sorted
        order. Only Sastrawi words not yet in the word cache are stemmed
        (``n_jobs=-1``: one process per CPU). Processes pay a start-up cost
        (~0.1-0.3 s each: import plus loading the 30k-word dictionary) and
        pickling of words and stems, so they pay off only for a cold cache with
        tens of thousands of distinct words (a corpus vocabulary); the warm
        path is a dict lookup whatever ``n_jobs`` is. With ``cache_dir`` set,
        new stems are saved to disk at the end.
        """
        distinct = sorted(set(words))
        for w in distinct:
            if not isinstance(w, str):
                raise TypeError(f"stem_many expects strings, got {type(w).__name__}: {w!r}")
        todo = sorted({piece for w in distinct if w not in self._text_cache
                       for piece in self._normalize(w).split(" ")
                       if piece and piece not in self._word_cache})
        self._stem_all(todo, check_n_jobs(n_jobs), progress)
        result = {w: self.stem(w) for w in distinct}
        if self.cache_dir is not None and self._dirty:
            self.save()
        return result

    @property
    def stats(self) -> dict[str, int]:
        """Cache counters: ``hits`` and ``misses`` of stem/stem_token calls,
        ``sastrawi_calls`` (words actually run through Sastrawi in this
        process, parallel ones included), ``cached_words`` (word cache size)
        and ``loaded_from_disk``."""
        return {"hits": self._hits, "misses": self._misses,
                "sastrawi_calls": self._sastrawi_calls,
                "cached_words": len(self._word_cache),
                "loaded_from_disk": self._loaded}

    @property
    def cache_path(self) -> Path | None:
        """The on-disk cache file for this version and protected list."""
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"stems_pysastrawi-{self.version}_{self.fingerprint[:16]}.tsv"

    def save(self) -> Path | None:
        """Write the word cache to :attr:`cache_path`, merged with the entries
        another process saved there since this one loaded it.

        Under a lock file (where the OS has ``fcntl``): read the file's
        verified entries, add this stemmer's, write a temp file and rename it
        into place; sorted rows, so the same cache gives the same bytes.
        Returns the path, or None when the stemmer has no ``cache_dir`` or the
        directory is unusable (then one warning says so and the stemmer keeps
        working in memory).
        """
        path = self.cache_path
        if path is None or not self._disk_ok:
            return None
        tmp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(path):
                on_disk = self._read_disk_cache(path, quiet=True) if path.exists() else {}
                merged = on_disk | self._word_cache
                lines = [f"{_CACHE_MAGIC}\tPySastrawi={self.version}\tsha256={self.fingerprint}\n"]
                lines += [f"{w}\t{st}\t{self._checksum(w, st)}\n" for w, st in sorted(merged.items()) if w]
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                    fh.writelines(lines)
                os.replace(tmp, path)
                tmp = None
        except OSError as err:
            self._disk_unusable(err.strerror or str(err))
            return None
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
        for word, stem_ in on_disk.items():
            self._word_cache.setdefault(word, stem_)
        self._dirty = False
        return path

    def __getstate__(self) -> dict:
        # The Sastrawi object is an instance of a class made per protected
        # list (not importable by name), so it is rebuilt on unpickling; the
        # caches travel, so a pickled warm stemmer stays warm (e.g. inside a
        # fitted TfidfVectorizer or a joblib worker).
        state = self.__dict__.copy()
        state["_made"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return (f"Stemmer(protected={len(self._protected)} words, cache_dir={self.cache_dir!r}, "
                f"PySastrawi {self.version})")

    # -- internals ----------------------------------------------------------

    def unstemmed_tokens(self, tokens: Iterable[str]) -> list[str]:
        """The distinct Sastrawi words that :meth:`stem_token` (not proper
        nouns) would send to Sastrawi for ``tokens`` and that are not in the
        word cache yet, sorted: a token already answered, protected, or not a
        Sastrawi word (``[a-z0-9-]+`` once lower-cased) needs none."""
        token_cache, word_cache, protected = self._token_cache, self._word_cache, self._protected
        todo = set()
        for token in tokens:
            if token in token_cache:
                continue
            low = token.lower()
            if (low not in word_cache and _SASTRAWI_WORD.fullmatch(low)
                    and _protected_lookup(protected, low) is None):
                todo.add(low)
        return sorted(todo)

    def prestem_tokens(self, tokens: Iterable[str], *, n_jobs: int = 1,
                       progress: bool | None = None) -> int:
        """Stem into the word cache, in ``n_jobs`` processes, what
        :meth:`stem_token` will need for ``tokens`` (:meth:`unstemmed_tokens`),
        so that the calls that follow are lookups. Returns how many words were
        stemmed. Unlike :meth:`stem_many` it builds no result and normalises no
        text: a warm vocabulary costs one dict lookup per token."""
        todo = self.unstemmed_tokens(tokens)
        self._stem_all(todo, check_n_jobs(n_jobs), progress)
        if todo and self.cache_dir is not None and self._dirty:
            self.save()
        return len(todo)

    def _stem_all(self, todo: list[str], n_jobs: int, progress: bool | None) -> None:
        """Sastrawi words into the word cache: here, or in ``n_jobs`` processes."""
        if not todo:
            return
        if n_jobs == 1:
            for word in progress_bar(todo, desc="stemming", total=len(todo),
                                     progress=progress, unit="word"):
                self.stem_word(word)
        else:
            self._stem_parallel(todo, n_jobs, progress)

    def add_stems(self, words: Sequence[str], stems: Sequence[str]) -> None:
        """Put stems computed elsewhere (``stem_word`` on a Dask worker, with the same
        protected forms) into the word cache; they count as no Sastrawi call here."""
        self._word_cache.update(zip(words, stems, strict=True))

    def stem_word(self, word: str) -> str:
        """Sastrawi (with protection) on one normalised word, via the word cache."""
        if not word:
            return ""  # stem("") normalises to one empty piece: nothing to stem or cache
        out = self._word_cache.get(word)
        if out is None:
            out = self._sastrawi.stem_word(word)
            self._sastrawi_calls += 1
            self._word_cache[word] = out
            self._dirty = True
        return out

    def _stem_text_miss(self, word: str) -> str:
        if not isinstance(word, str):
            raise TypeError(f"stem expects a str, got {type(word).__name__}: {word!r}")
        self._misses += 1
        # Same steps as Sastrawi's CachedStemmer.stem, with our word cache.
        out = " ".join(self.stem_word(w) for w in self._normalize(word).split(" "))
        self._text_cache[word] = out
        return out

    def _protected_miss(self, token: str) -> tuple[str, str | None]:
        """A cache miss on ``token``: counted, and its lower form with the protected form
        it has (None when it has none)."""
        _check_token(token)
        self._misses += 1
        low = token.lower()
        return low, _protected_lookup(self._protected, low)

    def _proper_noun(self, token: str) -> str:
        low, hit = self._protected_miss(token)
        out = low if hit is None else hit
        self._proper_cache[token] = out
        return out

    def _stem_token_miss(self, token: str) -> str:
        low, hit = self._protected_miss(token)
        if hit is not None:
            out = hit
        elif _SASTRAWI_WORD.fullmatch(low):
            out = self.stem_word(low) or low
        else:
            out = low
        self._token_cache[token] = out
        return out

    def _stem_parallel(self, todo: list[str], n_jobs: int, progress: bool | None) -> None:
        for chunk, stems in chunked_map(_stem_chunk, todo, n_jobs, initializer=_init_worker,
                                        initargs=(dict(self._protected),), desc="stemming",
                                        progress=progress):
            self._word_cache.update(zip(chunk, stems, strict=True))
            self._sastrawi_calls += len(chunk)
        self._dirty = True

    def _checksum(self, word: str, stem_: str) -> str:
        """Per-entry check: 12 hex digits of BLAKE2b over the cache key, the
        word and the stem, so a damaged, edited or transplanted line fails."""
        data = f"{self.fingerprint}\t{word}\t{stem_}".encode()
        return hashlib.blake2b(data, digest_size=6).hexdigest()

    def _read_disk_cache(self, path: Path, *, quiet: bool = False) -> dict[str, str]:
        """The verified entries of a cache file. A header for another version
        or protected list gives {}; lines that fail their checksum are
        dropped (one warning unless ``quiet``). OSError propagates."""
        expected = f"{_CACHE_MAGIC}\tPySastrawi={self.version}\tsha256={self.fingerprint}"
        raw = path.read_bytes()
        lines = raw.split(b"\n")
        if lines[0].decode("utf-8", "replace") != expected:
            if not quiet:
                warnings.warn(f"ignoring stem cache {path}: its header does not match this PySastrawi "
                              "version and protected list (it is rebuilt on save)", stacklevel=4)
            return {}
        entries: dict[str, str] = {}
        damaged: list[int] = []
        for n, line in enumerate(lines[1:], start=2):
            if not line:
                continue
            parts = line.decode("utf-8", "replace").split("\t")
            if len(parts) != 3 or not parts[0] or parts[2] != self._checksum(parts[0], parts[1]):
                damaged.append(n)
                continue
            entries[parts[0]] = parts[1]
        if damaged and not quiet:
            shown = ", ".join(map(str, damaged[:5])) + (" …" if len(damaged) > 5 else "")
            warnings.warn(f"stem cache {path}: ignoring {len(damaged)} damaged entr"
                          f"{'y' if len(damaged) == 1 else 'ies'} (line {shown}); those words are "
                          "stemmed again and the file is repaired on the next save", stacklevel=4)
        if damaged:
            self._dirty = True  # the next save rewrites the file without them
        return entries

    def _load_disk_cache(self) -> None:
        path = self.cache_path
        try:
            if path is None or not path.is_file():
                return
            entries = self._read_disk_cache(path)
        except OSError as err:
            self._disk_unusable(err.strerror or str(err))
            return
        self._word_cache.update(entries)
        self._loaded = len(entries)

    def _disk_unusable(self, reason: str) -> None:
        """Turn the disk cache off for this stemmer; warn once per directory."""
        self._disk_ok = False
        if self.cache_dir not in _WARNED_DIRS:
            _WARNED_DIRS.add(self.cache_dir)
            warnings.warn(f"stem cache directory {self.cache_dir} cannot be used ({reason}); stems are "
                          f"kept in memory only. Point {CACHE_ENV} (or cache_dir=) at a writable "
                          "directory, or unset it", stacklevel=4)


#: cache directories already warned about (one warning per directory per process)
_WARNED_DIRS: set[Path | None] = set()
#: BINGKAI_CACHE_DIR values made absolute the first time they were read
_ENV_DIRS: dict[str, Path] = {}


def _absolute(path: str | PathLike[str]) -> Path:
    """Absolute path without resolving symlinks (``~`` expanded)."""
    return Path(os.path.abspath(os.path.expanduser(os.fspath(path))))


def _env_cache_dir(value: str) -> Path:
    """``BINGKAI_CACHE_DIR`` as an absolute path, fixed at its first use: a
    relative value must not follow the process through ``os.chdir``."""
    if value not in _ENV_DIRS:
        _ENV_DIRS[value] = _absolute(value)
    return _ENV_DIRS[value]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<path>.lock`` (POSIX ``flock``; elsewhere
    no lock, and the merge-then-rename in save still keeps most entries)."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    with open(f"{path}.lock", "a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _save_at_exit(ref: weakref.ref) -> None:
    """Save a ``BINGKAI_CACHE_DIR`` stemmer's new stems (registered with atexit)."""
    stemmer = ref()
    if stemmer is None or not stemmer._dirty:
        return
    try:
        stemmer.save()
    except OSError as err:  # a cache is an optimisation: never fail the exit
        warnings.warn(f"could not save the stem cache to {stemmer.cache_dir}: {err}", stacklevel=1)


_DEFAULT: Stemmer | None = None


def default_stemmer() -> Stemmer:
    """The shared :class:`Stemmer` used by :func:`stem` and the default
    ``Analyzer`` (created on first use, with the package's protected list; in
    memory only unless ``BINGKAI_CACHE_DIR`` is set)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Stemmer()
    return _DEFAULT


def stem(word: str) -> str:
    """Stem ``word`` with the shared default :class:`Stemmer` (see
    :meth:`Stemmer.stem`)."""
    return default_stemmer().stem(word)
