"""Datelines learned per outlet: the outlet's name (and a place) opening the first paragraph.

Outlets open their stories with a dateline: "Liputan6.com, Jakarta - ",
"JAKARTA, KOMPAS.com - ", "REPUBLIKA.CO.ID, JAKARTA -- ", "Wamena (ANTARA
News) - ", and in tokenised copies "Jakarta , CNN Indonesia - - ". Scrapes
mangle them ("Liputan6.com, Jakarta -PT ...", no space after the dash;
"Liputan6.com, JakartaKita semua ...", the dash lost and the place glued to
the first word), so no list of patterns keeps up. What does not change is
that a dateline *names the outlet*. So, per outlet:

1. ``name_forms``: the outlet's names, from the ``outlet`` column and the
   registrable name of its URLs' host ("news.republika.co.id" ->
   "republika"), compared letters-and-digits only ("REPUBLIKA.CO.ID" ->
   "republikacoid");
2. ``dateline_candidate``: the opening of one of an article's first lines up
   to the first dash (one or two, spaced or not) or colon, when it is the
   outlet's name -- a span whose compact form is a name form, or shares its
   first 60% with one ("Pos Kota" for poskotanews, "TEMPO.CO" for tempo) --
   plus at most ``PLACE_MAX_WORDS`` capitalised words of a place on one side
   of it, in either order, with commas and brackets between;
3. ``learn_datelines``: an outlet whose articles open so in at least
   ``THRESHOLDS.min_articles`` and ``THRESHOLDS.min_share`` of them (the thresholds of
   ``bingkai.clean.learned``, :mod:`bingkai.clean.thresholds`) has a learned dateline: the name spellings
   and the places seen, compiled into one expression (``Dateline``) that
   ``clean`` cuts from the first body paragraph under the rule
   ``learned_dateline``, also where the dash is missing and the place is
   glued to the next word ("JakartaKita" -> "Kita": the place is known from
   the outlet's other datelines).

A dateline naming only a place ("JAKARTA - ") names no outlet and is left to
the packaged ``dateline`` rules. Known limitation: a dateline whose dash is
lost and whose place is not glued ("Liputan6.com, Jakarta Kita semua") is not
cut (where the place ends cannot be told).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

import pandas as pd
import re2
import regex

#: most words of a place in a dateline ("LE MANS", "Samarinda, Kalimantan Timur")
PLACE_MAX_WORDS = 4
#: most tokens before the dash of a dateline (name and place, with commas and brackets)
HEAD_MAX_TOKENS = 8
#: a dateline's name lies within this many characters of the line's start
HEAD_MAX_CHARS = 120
#: places written out in the learned table's text (the most common; all are used)
SHOWN_PLACES = 5
#: first non-blank lines of an article searched for its dateline (a title or date row may come first)
SCAN_LINES = 4
#: a span shorter than a name form matches it when it holds at least this share of it ("antara" in "antaranews")
NAME_MIN_SHARE = 0.6
#: shortest compact name form (three letters match too much by chance)
NAME_MIN_CHARS = 4
#: second-level labels of country domains ("co" of co.id, "or" of or.id): not the name
SECOND_LEVEL = frozenset({"co", "or", "go", "ac", "sch", "web", "my", "biz", "com", "net", "org", "gov", "edu"})
#: host labels that are no part of a site's name ("www", mobile hosts)
HOST_NOISE = frozenset({"www", "m", "amp", "mobile"})

_COMPACT = re.compile(r"[\W_]+")
# the end of a dateline: one or two dashes (spaced or not) or a colon. A hyphen between two
# letters ("Sulawesi-Selatan") is a word's, not a dateline's.
_END = re.compile(r"\s*(?:[-–—](?:\s*[-–—])?|:)\s*")
_HEAD = re.compile(r"^\s*(.{2,100}?)(?:(?<=\S)[-–—](?=\s)|\s[-–—]|[-–—]{2}|:(?=\s))")
_TOKEN = re.compile(r"[^\s,()\[\]]+")
_PLACE_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_GLUED_PLACE = re.compile(r"([A-Z][a-z]+)([A-Z][a-z][\w.'’-]*)")


def compact(text: str) -> str:
    """Letters and digits only, case-folded: "REPUBLIKA.CO.ID" -> "republikacoid"."""
    return _COMPACT.sub("", text.casefold())


def host_labels(value: str) -> tuple[list[str], int]:
    """A URL's (or bare domain's) host as labels without leading "www"/"m"/..., and how many
    trailing labels are the public suffix (1 for "com", 2 for "co.id"); ([], 0) for no domain."""
    if isinstance(value, str):
        # each article's URL is asked for by the learned datelines, the name forms and the
        # index's outlet names: parsed once per process (urlsplit is ~30 us)
        labels, suffix = _host_labels(value)
        return list(labels), suffix
    return _parse_host(value)


@lru_cache(maxsize=1 << 16)
def _host_labels(value: str) -> tuple[tuple[str, ...], int]:
    labels, suffix = _parse_host(value)
    return tuple(labels), suffix


def _parse_host(value: str) -> tuple[list[str], int]:
    text = value.strip().casefold() if value else ""
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    labels = [p for p in host.split(".") if p]
    while labels and labels[0] in HOST_NOISE:
        labels = labels[1:]
    if len(labels) < 2:
        return [], 0
    return labels, 2 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL else 1


def host_name(url: str) -> str:
    """The registrable name of a URL's host: "https://news.republika.co.id/x" -> "republika"."""
    labels, suffix = host_labels(url)
    return labels[-suffix - 1] if labels else ""


def name_forms(outlet: str, urls: Iterable[str] = ()) -> frozenset[str]:
    """Compact forms of an outlet's name: the ``outlet`` value and its URLs' registrable host
    names (a host seen in at least a fifth of the outlet's URLs: a stray link is not the name)."""
    forms = {compact(outlet)}
    hosts = Counter(h for h in (host_name(u) for u in urls) if h)
    total = sum(hosts.values())
    forms |= {compact(h) for h, n in hosts.items() if n >= 0.2 * total}
    return frozenset(f for f in forms if len(f) >= NAME_MIN_CHARS)


def names_outlet(span: str, forms: frozenset[str]) -> bool:
    """True when ``span`` (compact) is one of ``forms`` or shares its start with one, covering at
    least ``NAME_MIN_SHARE`` of the longer ("poskota"/"poskotanews", "tempoco"/"tempo")."""
    if len(span) < NAME_MIN_CHARS:
        return False
    for form in forms:
        short, long_ = (span, form) if len(span) <= len(form) else (form, span)
        if long_.startswith(short) and len(short) >= NAME_MIN_SHARE * len(long_):
            return True
    return False


@dataclass(frozen=True)
class Candidate:
    """One article's dateline: the outlet's name as printed, the place (or ""), the order."""

    name: str
    place: str
    place_first: bool
    text: str


def dateline_candidate(line: str, forms: frozenset[str]) -> Candidate | None:
    """The dateline opening ``line`` when it names the outlet (module docstring, step 2), else None."""
    match = _HEAD.match(line)
    if match is None:
        return _glued_candidate(line, forms)
    head = match.group(1)
    tokens = _TOKEN.findall(head)
    if not tokens or len(tokens) > HEAD_MAX_TOKENS:
        return None
    # the longest run of tokens that names the outlet
    for size in range(min(len(tokens), 4), 0, -1):
        for start in range(len(tokens) - size + 1):
            if not names_outlet(compact("".join(tokens[start:start + size])), forms):
                continue
            before, after = tokens[:start], tokens[start + size:]
            if before and after:
                continue
            place = before or after
            if len(place) > PLACE_MAX_WORDS or not all(_PLACE_WORD.fullmatch(w) and w[0].isupper() for w in place):
                continue
            return Candidate(" ".join(tokens[start:start + size]), " ".join(place), bool(before),
                             line[: match.end()].strip())
    return _glued_candidate(line, forms)


def _glued_candidate(line: str, forms: frozenset[str]) -> Candidate | None:
    """"Liputan6.com, SurabayaSebanyak ...": the name, then a place glued to the capitalised first
    word of the story (the dash lost). The junction (a lowercase letter, then a capital starting
    a lowercase word) tells where the place ends."""
    tokens = _TOKEN.findall(line[:120])
    for size in range(min(len(tokens) - 1, 4), 0, -1):
        if names_outlet(compact("".join(tokens[:size])), forms):
            glued = _GLUED_PLACE.fullmatch(tokens[size])
            if glued is None:
                return None
            name = " ".join(tokens[:size])
            return Candidate(name, glued.group(1), False, line[: line.find(tokens[size]) + len(glued.group(1))])
    return None


def _opening_lines(text: str) -> list[str]:
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            lines.append(line.strip())
            if len(lines) == SCAN_LINES:
                break
    return lines


@dataclass(frozen=True)
class Dateline:
    """An outlet's learned dateline: ``cut_end(line)`` is where it ends in ``line``.

    ``expression`` is the whole expression in Python's ``re`` syntax (case ignored);
    ``cut_end`` answers as ``re.compile(expression, re.IGNORECASE).match`` would, through two
    faster engines, compiled on the first ``cut_end`` (``read_articles`` cuts with one
    expression for every outlet, ``any_dateline``: compiling each outlet's too cost 0.35 s).
    """

    outlet: str
    names: tuple[str, ...]
    places: tuple[str, ...]

    @cached_property
    def expression(self) -> str:
        return _expression(self.names, self.places)

    @cached_property
    def pattern(self) -> regex.Pattern[str]:
        """``expression`` compiled by the ``regex`` module: the same syntax and answers as ``re``,
        but its alternations of ~200 place names cost a fifth (measured on the devcorpus:
        0.59 s -> 0.12 s for the 2,930 sentences that reach it)."""
        return regex.compile(_expression(self.names, self.places, _REGEX_SPACE), regex.IGNORECASE | regex.VERSION0)

    @cached_property
    def quick(self) -> re2._Regexp:
        """The names alone, in RE2: a line without one near its start has no dateline. One
        linear-time search spares the full expression on every sentence of a cascade (64,407
        sentences of the devcorpus: 2.45 s with ``re``, 0.33 s with RE2)."""
        return _re2_names(self.names)

    def compile(self) -> Dateline:
        """Compile both engines now (they are otherwise compiled on first use); returns self."""
        _ = self.quick, self.pattern
        return self

    def may_open(self, text: str) -> bool:
        """False when no part of ``text`` can open with this dateline (it names none of the
        names): one search of a paragraph spares ``cut_end`` on each of its sentences."""
        return self.quick.search(text) is not None

    def cut_end(self, line: str) -> int | None:
        """End offset of the dateline at the start of ``line`` (the glued word's start when the dash
        is lost), or None."""
        if self.quick.search(line[:HEAD_MAX_CHARS]) is None:
            return None
        match = self.pattern.match(line)
        if match is None or not match.group("head").strip():
            return None
        return match.end()


#: Python's ``\s`` for ``str`` (``str.isspace``) as RE2 class members: RE2's ``\s`` is ASCII only
RE2_SPACE = r"\s\pZ\x0b\x1c-\x1f\x85"


def _alternation(items: Iterable[str], space: str = r"\s") -> str:
    """Literal alternatives, longest first, any run of spaces (``space``) and commas matching any
    spacing."""
    parts = sorted(set(items), key=lambda s: (-len(s), s))
    return "|".join(rf"[{space},]*".join(re.escape(w) for w in item.split()) for item in parts)


def _re2_names(names: Iterable[str]) -> re2._Regexp:
    options = re2.Options()
    options.case_sensitive = False
    return re2.compile(_alternation(names, RE2_SPACE), options)


#: Python's ``\s`` for ``str`` as members of a ``regex``-module class: its ``\s`` is Unicode's
#: White_Space, which lacks the four separators \x1c-\x1f that ``str.isspace`` counts
_REGEX_SPACE = r"\s\x1c-\x1f"


def _expression(names: Sequence[str], places: Sequence[str], space: str = r"\s") -> str:
    """``[place ,] name [, place]`` then the dash(es) or colon, or -- only after a known place or
    the name -- a capital glued on ("JakartaKita"); ``space``: the members of a space class."""
    s = f"[{space}]"
    name = rf"(?:\({s}*)?(?:{_alternation(names, space)})(?:{s}*\))?"
    known = _alternation(places, space) if places else r"(?!)"
    # any capitalised place before a dash; only a place seen in a dateline before a glued word
    any_place = r"(?-i:[^\W\d_][\w.'’-]*(?:%s*,?%s*[^\W\d_][\w.'’-]*){0,%d})" % (s, s, PLACE_MAX_WORDS - 1)
    dash = rf"{s}*(?:[-–—](?:{s}*[-–—])?|:){s}*"
    glued = r"(?=(?-i:[A-Z]))"
    head = (rf"(?P<head>(?:(?:{known}){s}*,?{s}*{name}(?:{dash}|{glued})"
            rf"|{name}{s}*,?{s}*(?:{known})(?:{dash}|{glued})"
            rf"|{any_place}{s}*,?{s}*{name}{dash}"
            rf"|{name}(?:{s}*,?{s}*{any_place})?{dash}"
            rf"|{name}{glued}))")
    return rf"{s}*{head}"


def compile_dateline(outlet: str, names: Sequence[str], places: Sequence[str]) -> Dateline:
    """The ``Dateline`` of one outlet (``_expression``; compiled when first used)."""
    return Dateline(outlet, tuple(sorted(set(names))), tuple(sorted(set(places))))


def any_dateline(datelines: Mapping[str, Dateline]) -> Dateline | None:
    """One expression for every outlet's learned dateline, used on every article.

    Wire copy travels: an article republished by another outlet still opens with its
    source's dateline ("RAQQA, beritadunia.net -"), which names an outlet and is furniture
    there too. Only names learned as some outlet's dateline are used, so the rule stays
    one learned from the corpus. None when nothing was learned.
    """
    if not datelines:
        return None
    names = [n for d in datelines.values() for n in d.names]
    places = [p for d in datelines.values() for p in d.places]
    return compile_dateline("*", names, places)


LEARNED_DATELINE_COLUMNS = ("outlet", "kind", "text", "articles", "share")


def learn_datelines(outlets: Sequence[str], texts: Sequence[str], urls: Sequence[str], *,
                    min_articles: int, min_share: float) -> tuple[dict[str, Dateline], pd.DataFrame]:
    """Each outlet's dateline (module docstring): ``{outlet: Dateline}`` and the table of what was
    learned (columns ``outlet, kind, text, articles, share``; kind "dateline"; ``text`` the
    outlet's most common dateline with its places as ``[a|b]``), sorted by outlet."""
    urls_of: dict[str, list[str]] = {}
    for outlet, url in zip(outlets, urls, strict=True):
        urls_of.setdefault(outlet, []).append(url)
    forms = {o: name_forms(o, u) for o, u in urls_of.items()}
    found: dict[str, list[Candidate]] = {}
    totals: Counter = Counter()
    seen: set[tuple[str, str]] = set()
    for outlet, text in zip(outlets, texts, strict=True):
        if (outlet, text) in seen:
            continue            # a copy counts once, as in learn_boilerplate
        seen.add((outlet, text))
        totals[outlet] += 1
        for line in _opening_lines(text):
            candidate = dateline_candidate(line, forms[outlet])
            if candidate is not None:
                found.setdefault(outlet, []).append(candidate)
                break
    learned: dict[str, Dateline] = {}
    rows = []
    for outlet in sorted(found):
        cands = found[outlet]
        if len(cands) < max(min_articles, min_share * totals[outlet]):
            continue
        names = [c.name for c in cands]
        places = [c.place for c in cands if c.place]
        learned[outlet] = compile_dateline(outlet, names, places)
        name = Counter(n.casefold() for n in names).most_common(1)[0][0]
        place_first = sum(c.place_first for c in cands) > len(cands) / 2
        common = [p for p, _ in Counter(p.casefold() for p in places).most_common()]
        shown = "|".join(sorted(common[:SHOWN_PLACES])) + ("|…" if len(common) > SHOWN_PLACES else "")
        if not shown:
            text = f"{name} -"
        elif place_first:
            text = f"[{shown}], {name} -"
        else:
            text = f"{name}, [{shown}] -"
        rows.append((outlet, "dateline", text, len(cands), len(cands) / totals[outlet]))
    table = pd.DataFrame(rows, columns=list(LEARNED_DATELINE_COLUMNS)).astype(
        {"outlet": "str", "kind": "str", "text": "str", "articles": "int64", "share": "float64"})
    return learned, table
