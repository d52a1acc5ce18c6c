"""A query language over token attributes: a documented subset of CQL.

Sketch Engine and CQPweb users write CQL (the Corpus Query Language of the
IMS Corpus WorkBench); :func:`query` accepts this subset of it::

    [lower="pasukan"] []{0,3} [actor="hts"]
    [stem="serang" & voice="quoted"]
    [lower="teror.*"] [kind="word"]+ within s
    "Assad" [lower!="(dan|serta)"]

Grammar (whitespace between symbols is ignored)::

    query    := item+ ["within" ("s" | "sentence")]
    item     := token [repeat]
    token    := "[" [expr] "]"          any token when empty: []
              | STRING [flags]          shorthand for [word=STRING]
    repeat   := "?" | "*" | "+" | "{" INT "}" | "{" INT "," [INT] "}"
    expr     := and ("|" and)*
    and      := unary ("&" unary)*
    unary    := "!" unary | "(" expr ")" | ATTR ("=" | "!=") STRING [flags]
    STRING   := '...' or "..." (backslash escapes the quote and itself)
    flags    := "%c"                    ignore case

Values are regular expressions that must match the *whole* attribute value
(CQL's rule: ``"serang.*"`` is "any form starting with serang", ``"serang"``
only "serang"); ``%c`` ignores case. They run on google-re2, a linear-time
engine, so no pattern can backtrack for ever (``"(a+)+b"`` takes as long as
``"a+b"``): Python's syntax less lookarounds and backreferences, which RE2
refuses with a syntax error; ``\\w`` and ``\\d`` are Unicode classes as in
Python. Repetition bounds are at most :data:`MAX_REPEAT`. Attributes:

``word``
    the token as printed (case-sensitive);
``lower``
    the normalised lower-case form (``bingkai.tokens``' ``lower``);
``stem``
    its Sastrawi stem (protected stemming; = ``lower`` for non-words);
``kind``
    ``word``, ``number`` or ``punct``;
``voice``
    ``narrator`` or ``quoted``;
``label``, ``frame``
    the token is inside a label occurrence (``bingkai.label_occurrences``) of
    that label / frame;
``actor``
    the token is inside a mention of that actor: an alias of the lexicon's
    actors, or a label variant that always names it (``names_actor``),
    matched on match keys within one sentence as :mod:`bingkai.lexicon.packs`
    does; every match counts, overlapping ones included;
``speaker``
    who speaks the token's words (:mod:`bingkai.lexicon.speakers`' rules, as
    ``label_occurrences``' ``speaker_actor``): the speaker's actor id,
    ``unidentified_speaker`` for a speaker the lexicon does not name, or
    ``no_speaker`` for the narrator's own words. ``[lower="teroris" &
    speaker="russia"]`` is "teroris" in words attributed to Russia. The
    first ``speaker`` query on an index runs the speaker rules over every
    document (a Python pass, cached on the index; see the benchmarks).

Matching: a match is a run of consecutive tokens of one document *part*
(title, subtitle or body -- a match never crosses fields), and with
``within s`` of one sentence. For every start position the *longest* match
is reported (CQP's "longest" matching strategy), so matches starting at
different tokens may overlap, except that a match lying wholly inside an
earlier-starting match is dropped (``[kind="word"]+`` over "para teroris"
gives one match, not also "teroris"); an empty match (all items optional) is
never reported. Unbounded repetition (``*``, ``+``, ``{m,}``) stops after
:data:`MAX_REPEAT` tokens, so a match is never longer than a long sentence
needs.

Evaluation is on the index's arrays: each token condition is one vectorised
comparison over the vocabulary (or the occurrence table). The sequence is
matched backwards, by dynamic programming over (item, repetitions so far,
token): for every token, the farthest stop a match can reach from it in
each state, one vectorised step per state. The work is the number of tokens
that can be inside a match (those within the pattern's maximal length of a
token the first item accepts) times the pattern's length (the sum of the
items' maximal repetitions) -- linear in both, whatever the repetitions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import re2

from bingkai.constants import KINDS, NO_SPEAKER, PARTS, UNIDENTIFIED_SPEAKER, VOICES
from bingkai.errors import BingkaiInputError
from bingkai.indexing.build import as_corpus
from bingkai.indexing.corpus import Corpus
from bingkai.lexicon.attribution import SPEAKER_CUES_BEFORE, SPEECH_VERBS, Mention
from bingkai.lexicon.packs import actor_kinds, match_key, resolve_lexicon
from bingkai.lexicon.speakers import find

ATTRIBUTES = ("word", "lower", "stem", "kind", "voice", "label", "frame", "actor", "speaker")
#: the largest repetition bound; unbounded repetition (``*``, ``+``, ``{m,}``) stops here
MAX_REPEAT = 100
#: attribute names of other CQL dialects -> the attribute that means the same here
_OTHER_NAMES = {"lemma": "stem", "lc": "lower", "pos": "kind", "tag": "kind"}
QUERY_COLUMNS = ["doc_id", "outlet", "part", "sent", "token_start", "token_end", "match"]

_TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<flag>%c)
  | (?P<op>!=|[\[\]()&|!=?*+{},])
  | (?P<int>\d+)
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
""", re.VERBOSE)


# ---------------------------------------------------------------------------
# parsing
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Cond:
    """``attr = value`` (or ``!=`` when ``negate``); ``value`` a full-match regex."""

    attr: str
    value: str
    ignore_case: bool
    negate: bool


@dataclass(frozen=True)
class Not:
    arg: Any


@dataclass(frozen=True)
class _Group:
    """Conditions joined by one operator (the subclass says which)."""

    args: tuple


class And(_Group):
    """Every one of ``args`` holds."""


class Or(_Group):
    """At least one of ``args`` holds."""


@dataclass(frozen=True)
class Item:
    """One token position: ``expr`` (None = any token), repeated ``low..high``
    times (``high`` None = unbounded)."""

    expr: Any
    low: int
    high: int | None


@dataclass(frozen=True)
class Query:
    items: tuple[Item, ...]
    within_sentence: bool


def _syntax_error(source: str, pos: int, problem: str) -> BingkaiInputError:
    caret = " " * pos + "^"
    return BingkaiInputError(f"CQL syntax error at position {pos}: {problem}",
                             hint=f"here:\n  {source}\n  {caret}\n"
                                  "The supported CQL subset is documented in help(bingkai.views.query).")


def _lex(source: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(source):
        m = _TOKEN_RE.match(source, pos)
        if m is None:
            if source[pos] in "\"'":
                raise _syntax_error(source, pos, "unterminated string")
            raise _syntax_error(source, pos, f"unexpected character {source[pos]!r}")
        kind = m.lastgroup
        if kind != "ws":
            out.append((kind, m.group(), pos))
        pos = m.end()
    out.append(("end", "", len(source)))
    return out


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.toks = _lex(source)
        self.k = 0

    @property
    def tok(self) -> tuple[str, str, int]:
        return self.toks[self.k]

    def error(self, problem: str) -> BingkaiInputError:
        kind, text, pos = self.tok
        found = "the end of the query" if kind == "end" else repr(text)
        return _syntax_error(self.source, pos, f"{problem}, found {found}")

    def accept(self, *texts: str) -> str | None:
        kind, text, _ = self.tok
        if kind in ("op", "name") and text in texts:
            self.k += 1
            return text
        return None

    def expect(self, text: str, what: str) -> None:
        if self.accept(text) is None:
            raise self.error(f"expected {what}")

    def string(self) -> tuple[str, bool]:
        kind, text, pos = self.tok
        if kind != "string":
            raise self.error("expected a quoted value")
        self.k += 1
        value = re.sub(r"\\(.)", lambda m: m.group(1) if m.group(1) in "\"'" else m.group(0), text[1:-1])
        ignore_case = False
        if self.tok[0] == "flag":
            ignore_case = True
            self.k += 1
        try:
            _compile_value(value, ignore_case)
        except re2.error as err:
            problem = err.args[0].decode() if err.args and isinstance(err.args[0], bytes) else str(err)
            raise _syntax_error(self.source, pos + 1,
                                f"invalid regular expression {value!r} ({problem}; the linear-time engine "
                                "RE2 has no lookarounds or backreferences)") from None
        return value, ignore_case

    def parse(self) -> Query:
        items = []
        while self.tok[0] == "string" or (self.tok[0] == "op" and self.tok[1] == "["):
            items.append(self.item())
        if not items:
            raise self.error("expected a token pattern such as [lower=\"pasukan\"]")
        within = False
        if self.accept("within"):
            if self.accept("s", "sentence") is None:
                raise self.error('expected "s" after within')
            within = True
        if self.tok[0] != "end":
            raise self.error("expected a token pattern, a repetition or 'within s'")
        return Query(tuple(items), within)

    def item(self) -> Item:
        if self.tok[0] == "string":
            value, ignore_case = self.string()
            expr: Any = Cond("word", value, ignore_case, False)
        else:
            self.expect("[", '"["')
            expr = None if self.accept("]") else self.expr()
            if expr is not None:
                self.expect("]", '"]" or an operator (&, |)')
        low, high = 1, 1
        if self.accept("?"):
            low, high = 0, 1
        elif self.accept("*"):
            low, high = 0, None
        elif self.accept("+"):
            low, high = 1, None
        elif self.tok[0] == "op" and self.tok[1] == "{":
            start = self.tok[2]
            self.k += 1
            low = self.integer()
            high = low
            if self.accept(","):
                high = None if self.tok[0] != "int" else self.integer()
            self.expect("}", '"}"')
            if high is not None and high < low:
                raise _syntax_error(self.source, start, f"repetition {{{low},{high}}} has max < min")
            if max(low, high or 0) > MAX_REPEAT:
                shown = f"{{{low}}}" if high == low else f"{{{low},{'' if high is None else high}}}"
                raise _syntax_error(self.source, start, f"repetition {shown} is above the maximum of "
                                    f"{MAX_REPEAT} tokens (no match is longer than a long sentence)")
        return Item(expr, low, high)

    def integer(self) -> int:
        kind, text, _ = self.tok
        if kind != "int":
            raise self.error("expected a whole number")
        self.k += 1
        return int(text)

    def expr(self) -> Any:
        args = [self.conj()]
        while self.accept("|"):
            args.append(self.conj())
        return args[0] if len(args) == 1 else Or(tuple(args))

    def conj(self) -> Any:
        args = [self.unary()]
        while self.accept("&"):
            args.append(self.unary())
        return args[0] if len(args) == 1 else And(tuple(args))

    def unary(self) -> Any:
        if self.accept("!"):
            return Not(self.unary())
        if self.accept("("):
            inner = self.expr()
            self.expect(")", '")"')
            return inner
        kind, text, pos = self.tok
        if kind != "name":
            raise self.error("expected an attribute name (" + ", ".join(ATTRIBUTES) + ")")
        if text not in ATTRIBUTES:
            other = (f" ({text!r} is {_OTHER_NAMES[text]!r} here)" if text in _OTHER_NAMES else "")
            raise _syntax_error(self.source, pos, f"unknown attribute {text!r}{other}; use one of "
                                + ", ".join(ATTRIBUTES))
        self.k += 1
        op = self.accept("=", "!=")
        if op is None:
            raise self.error('expected "=" or "!="')
        value, ignore_case = self.string()
        return Cond(text, value, ignore_case, op == "!=")


def parse(source: str) -> Query:
    """Parse a CQL query (the subset in the module docstring); a syntax
    error is a :class:`~bingkai.errors.BingkaiInputError` naming the
    0-based character position and showing it under the query."""
    if not isinstance(source, str):
        raise BingkaiInputError(f"a query must be a string, got {type(source).__name__}",
                                hint='e.g. bingkai.query(corpus, \'[lower="pasukan"]\')')
    return _Parser(source).parse()


# ---------------------------------------------------------------------------
# evaluation
# ---------------------------------------------------------------------------

# Python's \w and \d are Unicode classes; RE2's are ASCII. Written as RE2's
# Unicode properties they keep Python's meaning (a query for "\w+an" still
# finds a word with an accented letter).
_UNICODE_CLASSES = {"w": r"\p{L}\p{N}_", "d": r"\p{Nd}"}


def _python_classes(value: str) -> str:
    """``value`` with ``\\w \\W \\d \\D`` rewritten as RE2 Unicode classes (outside brackets;
    ``\\w``/``\\d`` inside them too)."""
    out, k, in_class = [], 0, False
    while k < len(value):
        char = value[k]
        if char == "\\" and k + 1 < len(value):
            code = value[k + 1]
            if code.lower() in _UNICODE_CLASSES and (not in_class or code.islower()):
                inner = _UNICODE_CLASSES[code.lower()]
                out.append(inner if in_class else f"[{'^' if code.isupper() else ''}{inner}]")
            else:
                out.append(value[k:k + 2])
            k += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            # a ']' first in a class (or after '^') is a literal
            for lead in ("^", "]"):
                if value.startswith(lead, k + 1):
                    out.append(lead)
                    k += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        k += 1
    return "".join(out)


def _compile_value(value: str, ignore_case: bool):
    """The RE2 pattern of a CQL value (raises ``re2.error`` for syntax RE2 lacks)."""
    options = re2.Options()
    options.log_errors = False   # the error is raised, not also logged to stderr
    options.case_sensitive = not ignore_case
    return re2.compile(_python_classes(value), options)


def _fullmatch(values: pd.Series | Sequence[str], cond: Cond) -> np.ndarray:
    """Per value: does the condition's regex match the whole value (linear time, RE2)?"""
    if not cond.ignore_case and re.escape(cond.value) == cond.value:
        # a literal (no regex syntax): one vectorised comparison instead of a regex per value
        return np.asarray(values, dtype=object) == cond.value
    pattern = _compile_value(cond.value, cond.ignore_case)
    return np.fromiter((pattern.fullmatch(v) is not None for v in map(str, values)),
                       dtype=bool, count=len(values))


def _span_mask(n: int, tok: np.ndarray, ntok: np.ndarray) -> np.ndarray:
    """Boolean mask of every token in the spans [tok, tok + ntok)."""
    mask = np.zeros(n, dtype=bool)
    if tok.shape[0]:
        cover = np.repeat(tok, ntok) + (np.arange(int(ntok.sum())) - np.repeat(np.cumsum(ntok) - ntok, ntok))
        mask[cover] = True
    return mask


def text_between(corpus: Corpus, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """The original text from token ``first`` to token ``last`` (array
    positions in one document part), as printed. One slice per match."""
    arr = corpus.arrays
    d, p = arr["doc"][first], arr["part"][first]
    s, e = arr["start"][first], arr["end"][last]
    column = {0: "title", 1: "subtitle", 2: "text"}
    fields = [corpus.articles[column[k]].to_numpy(dtype=object) for k in range(len(PARTS))]
    out = [fields[b][a] for a, b in zip(d.tolist(), p.tolist())]
    return np.asarray([f[x:y] if isinstance(f, str) else "" for f, x, y in zip(out, s.tolist(), e.tolist())],
                      dtype=object)


class _Evaluator:
    """Token masks for conditions over one index (memoised per condition, so
    a query that repeats a condition computes it once). Regexes run once per
    distinct attribute value (a type, a stem, a label), never per token."""

    def __init__(self, corpus: Corpus, lexicon: Any = None) -> None:
        self.corpus = corpus
        # actors come from the lexicon the index was built with unless one is given
        self.lexicon = lexicon if lexicon is not None else getattr(corpus, "lexicon", None)
        self.arrays = corpus.arrays
        self.n = int(self.arrays["doc"].shape[0])
        self.memo: dict[Cond, np.ndarray] = {}
        self._mentions: pd.DataFrame | None = None

    def mask(self, expr: Any) -> np.ndarray:
        if expr is None:
            return np.ones(self.n, dtype=bool)
        if isinstance(expr, Not):
            return ~self.mask(expr.arg)
        if isinstance(expr, And):
            out = self.mask(expr.args[0])
            for arg in expr.args[1:]:
                out = out & self.mask(arg)
            return out
        if isinstance(expr, Or):
            out = self.mask(expr.args[0])
            for arg in expr.args[1:]:
                out = out | self.mask(arg)
            return out
        if expr not in self.memo:
            base = self._cond(Cond(expr.attr, expr.value, expr.ignore_case, False))
            self.memo[expr] = ~base if expr.negate else base
        return self.memo[expr]

    def _type_values(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(distinct values, per-token code) of a vocabulary column, derived
        once per index (the index is immutable, so it caches them)."""
        if column == "lower":  # the index keeps these already
            return self.corpus.lower_ids()[0], self.corpus.token_lower()

        def make() -> tuple[np.ndarray, np.ndarray]:
            codes, uniques = pd.factorize(self.corpus.vocab[column].to_numpy(dtype=object))
            return np.asarray(uniques, dtype=object), codes[self.arrays["type"]]
        return self.corpus.cached(("cql_values", column), make)

    def _cond(self, cond: Cond) -> np.ndarray:
        arr = self.arrays
        if cond.attr in ("word", "lower", "stem"):
            uniques, codes = self._type_values("surface" if cond.attr == "word" else cond.attr)
            return _fullmatch(uniques, cond)[codes]
        if cond.attr == "kind":
            return _fullmatch(KINDS, cond)[arr["kind"]]
        if cond.attr == "voice":
            return _fullmatch(VOICES, cond)[arr["voice"]]
        if cond.attr == "speaker":
            names, codes = self.speakers()
            return _fullmatch(names, cond)[codes]
        if cond.attr in ("label", "frame"):
            occ = self.corpus.occurrences
            spans = occ[[cond.attr, "tok", "ntok"]].dropna(subset=[cond.attr])
        else:
            spans = self.mentions()[["actor", "tok", "ntok"]]
        if not len(spans):
            return np.zeros(self.n, dtype=bool)
        codes, values = pd.factorize(spans[cond.attr].to_numpy(dtype=object))
        hit = _fullmatch(values, cond)[codes]
        return _span_mask(self.n, spans["tok"].to_numpy(dtype=np.int64)[hit],
                          spans["ntok"].to_numpy(dtype=np.int64)[hit])

    def speakers(self) -> tuple[np.ndarray, np.ndarray]:
        if self.lexicon is None:  # the default pack: computed once per index
            return self.corpus.cached("cql_speakers", lambda: spoken_by(self.corpus, self.mentions()))
        return spoken_by(self.corpus, self.mentions())

    def mentions(self) -> pd.DataFrame:
        if self._mentions is None:
            if self.lexicon is None:  # the default pack: computed once per index
                self._mentions = self.corpus.cached("cql_actor_mentions", lambda: actor_mentions(self.corpus))
            else:
                self._mentions = actor_mentions(self.corpus, self.lexicon)
        return self._mentions


def actor_mentions(corpus: Corpus, lexicon: Any = None) -> pd.DataFrame:
    """Every actor mention of the lexicon in the token arrays.

    A mention is a match of an actor alias, or of a label variant that
    always names an actor (``names_actor``: "tentara Suriah" names
    ``syrian_government``, as :mod:`bingkai.views.framing` counts it): consecutive
    tokens of one sentence whose match keys equal the entry's key.
    ``lexicon``: anything :func:`bingkai.lexicon.packs.resolve_lexicon` accepts
    (None: the default pack). Returns ``actor, kind, tok, ntok, speaker``
    (one row per distinct actor and span), sorted by ``tok`` then ``actor``;
    ``speaker`` applies :mod:`bingkai.lexicon.attribution`'s speaker rule: the token
    after the mention is a speech verb, or the token before it a speaker cue.
    """
    lex = resolve_lexicon(lexicon)
    kind_of = actor_kinds(lex.actors)
    named = lex.labels[lex.labels["names_actor"].astype(str) != ""]
    entries = (list(zip(lex.actors["actor"], lex.actors["kind"], lex.actors["key"]))
               + [(a, kind_of.get(a, ""), k) for a, k in zip(named["names_actor"], named["key"])])
    arr = corpus.arrays
    keys = np.asarray([match_key(w) for w in corpus.vocab["lower"].astype(str)], dtype=object)
    key_codes, key_names = pd.factorize(keys)
    tok_key = key_codes[arr["type"]]
    lookup = {k: c for c, k in enumerate(key_names)}
    n = tok_key.shape[0]
    seg = arr["doc"].astype(np.int64) * (1 << 31) + arr["sent"]
    rows = []
    for actor, kind, key in entries:
        codes = [lookup.get(k, -1) for k in key]
        if not codes or min(codes) < 0 or len(codes) > n:
            continue
        pos = np.flatnonzero(tok_key[: n - len(codes) + 1] == codes[0])
        for off, code in enumerate(codes[1:], start=1):
            pos = pos[(tok_key[pos + off] == code) & (seg[pos + off] == seg[pos])]
        rows.append(pd.DataFrame({"actor": actor, "kind": kind, "tok": pos.astype(np.int64),
                                  "ntok": np.int64(len(codes))}))
    if not rows:
        return pd.DataFrame({"actor": pd.Series([], dtype="str"), "kind": pd.Series([], dtype="str"),
                             "tok": pd.Series([], dtype="int64"), "ntok": pd.Series([], dtype="int64"),
                             "speaker": pd.Series([], dtype=bool)})
    men = pd.concat(rows, ignore_index=True).drop_duplicates(["actor", "tok", "ntok"])
    speech = np.isin(key_names, sorted(SPEECH_VERBS))
    cue = np.isin(key_names, sorted(SPEAKER_CUES_BEFORE))
    tok = men["tok"].to_numpy()
    stop = tok + men["ntok"].to_numpy()
    after = np.where(stop < n, speech[tok_key[np.minimum(stop, n - 1)]], False)
    before = np.where(tok > 0, cue[tok_key[np.maximum(tok - 1, 0)]], False)
    men["speaker"] = after | before
    return men.sort_values(["tok", "actor"], kind="mergesort", ignore_index=True)


def spoken_by(corpus: Corpus, mentions: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Who speaks each token: ``(names, codes)``, ``names[codes[t]]`` being
    the actor id of the speaker of token ``t``'s words (the rules of
    :mod:`bingkai.lexicon.speakers`, as :func:`bingkai.label_occurrences` applies
    them), ``"unidentified_speaker"`` for a speaker the lexicon does not
    name, or ``"no_speaker"`` for the narrator's own words.

    ``mentions`` is :func:`actor_mentions`' table; overlapping mentions are
    reduced to the leftmost-longest ones first (the speaker rules expect one
    layer). :func:`bingkai.lexicon.speakers.find` walks one document at a time in
    Python, so this runs once per index (cached by the caller), not per query.
    """
    arr = corpus.arrays
    n = int(arr["doc"].shape[0])
    type_key = np.asarray([match_key(w) for w in corpus.vocab["lower"].astype(str)], dtype=object)
    keys = type_key[arr["type"]].tolist()
    change = np.ones(n, dtype=bool)
    if n:
        change[1:] = ((arr["doc"][1:] != arr["doc"][:-1]) | (arr["part"][1:] != arr["part"][:-1])
                      | (arr["para"][1:] != arr["para"][:-1]) | (arr["sent"][1:] != arr["sent"][:-1]))
    seg = np.cumsum(change).tolist()
    quoted = (arr["voice"] == 1).tolist()
    # capitalised words (names, for the speakers' "last named person")
    type_caps = np.asarray([w[:1].isupper() for w in corpus.vocab["surface"].astype(str)], dtype=bool)
    caps = (type_caps[arr["type"]] & (arr["kind"] == 0)).tolist()
    bounds = np.r_[np.flatnonzero(np.r_[True, arr["doc"][1:] != arr["doc"][:-1]] if n else []), n]
    # one layer of mentions: leftmost, then longest, skipping any that overlap a kept one
    men = mentions.sort_values(["tok", "ntok"], ascending=[True, False], kind="mergesort")
    kept: list[tuple[int, int, str, str]] = []
    stop = -1
    for tok, ntok, actor, kind in zip(men["tok"].tolist(), men["ntok"].tolist(),
                                      men["actor"].tolist(), men["kind"].tolist()):
        if tok >= stop:
            kept.append((tok, tok + ntok, actor, kind))
            stop = tok + ntok
    starts = np.asarray([m[0] for m in kept], dtype=np.int64)
    names = [NO_SPEAKER, UNIDENTIFIED_SPEAKER]
    code_of: dict[str, int] = {}
    codes = np.zeros(n, dtype=np.int64)
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        lo, hi = np.searchsorted(starts, a), np.searchsorted(starts, b)
        doc_mentions = [Mention(t - a, e - a, actor, kind) for t, e, actor, kind in kept[lo:hi]]
        _, by_token = find(keys[a:b], seg[a:b], quoted[a:b], doc_mentions, caps=caps[a:b])
        for i, sp in enumerate(by_token):
            if sp is None:
                continue
            if sp.actor is None:
                codes[a + i] = 1
            else:
                if sp.actor not in code_of:
                    code_of[sp.actor] = len(names)
                    names.append(sp.actor)
                codes[a + i] = code_of[sp.actor]
    return np.asarray(names, dtype=object), codes


def _longest_stops(q: Query, masks: list[np.ndarray], seg: np.ndarray, n: int) -> np.ndarray:
    """Per token: the stop of the longest non-empty match starting there, or -1.

    Dynamic programming from the last item back (module docstring): for
    item ``i`` having matched ``c`` times, ``best[p]`` is the farthest stop
    reachable from token ``p``. Two versions are kept: ``free`` (``p`` is
    the match's first token) and ``tied`` (token ``p`` must be in the same
    segment as token ``p - 1``, already consumed). Only tokens within the
    pattern's maximal length of a possible first token are computed.
    """
    highs = [MAX_REPEAT if item.high is None else item.high for item in q.items]
    span = sum(highs)
    # a match's first token is accepted by the first item, or by a later one
    # when every item before it may match nothing
    first = np.zeros(n, dtype=bool)
    for item, mask in zip(q.items, masks):
        first |= mask
        if item.low > 0:
            break
    starts = np.flatnonzero(first)
    stops = np.full(n, -1, dtype=np.int64)
    if not starts.shape[0] or span == 0:
        return stops
    # the positions a match can touch: [start, start + span] for each start (n: past the end)
    cover = np.zeros(n + 2, dtype=np.int64)
    np.add.at(cover, starts, 1)
    np.add.at(cover, np.minimum(starts + span + 1, n + 1), -1)
    at = np.flatnonzero(np.cumsum(cover)[: n + 1] > 0)
    real = at < n
    tok = np.minimum(at, n - 1)
    follows = np.zeros(at.shape[0], dtype=bool)   # at[k + 1] is the next position
    follows[:-1] = at[1:] == at[:-1] + 1
    same_segment = np.zeros(at.shape[0], dtype=bool)   # token at[k] continues token at[k - 1]
    same_segment[1:] = follows[:-1] & real[1:] & (seg[tok[1:]] == seg[tok[:-1]])
    after_tied, after_free = at.copy(), at.copy()   # after the last item: the match stops here
    for item, mask, high in zip(reversed(q.items), reversed(masks), reversed(highs)):
        takes = real & mask[tok] & follows
        takes_tied = takes & same_segment
        tied, free = after_tied, after_free   # c = high: no more repetitions, go on
        for c in range(high - 1, -1, -1):
            # c >= low: enough repetitions, the match may also go on to the next item
            tied, free = _step(tied, takes, takes_tied, (after_tied, after_free) if c >= item.low else None)
        after_tied, after_free = tied, free
    found = real & (after_free > at)   # an empty match is never reported
    stops[at[found]] = after_free[found]
    return stops


def _step(tied: np.ndarray, takes: np.ndarray, takes_tied: np.ndarray,
          go_on: tuple[np.ndarray, np.ndarray] | None) -> tuple[np.ndarray, np.ndarray]:
    """One state of the dynamic programme (``_longest_stops``): the farthest stops
    ``(tied, free)`` with ``c`` repetitions, from those with ``c + 1`` (``tied``,
    one token on) and, when ``go_on`` is given, those of the next item."""
    nxt = np.full(tied.shape[0], -1, dtype=np.int64)
    nxt[:-1] = tied[1:]
    take_tied = np.where(takes_tied, nxt, -1)
    take_free = np.where(takes, nxt, -1)
    if go_on is None:
        return take_tied, take_free
    return np.maximum(take_tied, go_on[0]), np.maximum(take_free, go_on[1])


def match_spans(corpus: Any, source: str | Query, *, lexicon: Any = None,
                progress: bool | None = None) -> np.ndarray:
    """Array positions ``[first, stop)`` of every match of a CQL query.

    ``corpus``: a :class:`bingkai.Corpus` or an articles frame. Returns an int64 array of shape
    ``(k, 2)``, sorted by ``first``; ``first``/``stop`` index the corpus's
    token arrays (what ``kwic`` needs to show a query's matches).
    """
    q = parse(source) if isinstance(source, str) else source
    index = as_corpus(corpus, progress=progress)
    ev = _Evaluator(index, lexicon)
    arr = ev.arrays
    n = ev.n
    # a segment is one part of one document, or one sentence with `within s`
    def segments() -> np.ndarray:
        seg = (arr["doc"].astype(np.int64) * 4 + arr["part"]) * (1 << 31)
        return seg + arr["sent"] if q.within_sentence else seg
    seg = index.cached(("cql_segments", q.within_sentence), segments)
    masks = [ev.mask(item.expr) for item in q.items]
    stop = _longest_stops(q, masks, seg, n)
    starts = np.flatnonzero(stop >= 0)
    states = np.column_stack([starts, stop[starts]]).astype(np.int64)
    if not states.shape[0]:
        return np.empty((0, 2), dtype=np.int64)
    # drop a match lying inside an earlier-starting one ("para teroris" for
    # [kind="word"]+ is reported once, not also as "teroris")
    reach = np.maximum.accumulate(states[:, 1])
    inside = np.r_[False, states[1:, 1] <= reach[:-1]]
    return states[~inside]


def query(corpus: Any, cql: str, *, lexicon: Any = None, progress: bool | None = None) -> pd.DataFrame:
    """Every match of a CQL query: sequences of token conditions with
    repetition, regex values and ``within s`` (the subset and its grammar are
    documented in :mod:`bingkai.views.query`, ``help(bingkai.views.query)``).

    Parameters
    ----------
    corpus : a :class:`bingkai.Corpus` or an articles frame.
    cql : the query, e.g. ``'[lower="pasukan"] []{0,3} [actor="hts"]'``.
    lexicon : the lexicon whose actors ``actor``/``speaker`` look for (None:
        the default pack; a pack name, folder or ``bingkai.load_lexicon``
        result). Labels and frames are the index's own occurrences.
    progress : progress bar while indexing an articles frame.

    Returns
    -------
    DataFrame, one row per match, sorted by ``doc_id`` then position:
    ``doc_id, outlet, part, sent`` (the document-wide sentence index of the
    match's first token, as in ``bingkai.tokens(corpus, parts=PARTS)``), ``token_start,
    token_end`` (document-wide token indices ``i`` of the first token and one
    past the last, so ``token_end - token_start`` is the match length) and
    ``match`` (the original text from the first to the last token).

    Raises :class:`~bingkai.errors.BingkaiInputError` for a syntax error,
    naming the character position.
    """
    q = parse(cql)
    index = as_corpus(corpus, progress=progress)
    spans = match_spans(index, q, lexicon=lexicon)
    arr = index.arrays
    first, last = spans[:, 0], spans[:, 1] - 1
    docs = arr["doc"][first]
    arts = index.articles
    return pd.DataFrame({
        "doc_id": pd.array(arts["doc_id"].astype(str).to_numpy(dtype=object)[docs], dtype="str"),
        "outlet": pd.array(arts["outlet"].astype(str).to_numpy(dtype=object)[docs], dtype="str"),
        "part": pd.array(np.asarray(PARTS, dtype=object)[arr["part"][first]], dtype="str"),
        "sent": arr["sent"][first].astype(np.int64),
        "token_start": arr["i"][first].astype(np.int64),
        "token_end": arr["i"][last].astype(np.int64) + 1,
        "match": pd.array(text_between(index, first, last), dtype="str"),
    }, columns=QUERY_COLUMNS)


__all__: Sequence[str] = ["parse", "match_spans", "query", "actor_mentions", "spoken_by"]
