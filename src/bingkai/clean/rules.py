"""Cleaning rules: which lines of a scraped article are body text.

A scraped news page is a list of lines ("paragraphs"). Each line ends up in
exactly one place: the body (``text``), the ``title``, the ``subtitle``, or the
removal log under a named rule. The rules, in the order they are applied:

``blank``
    Empty or whitespace-only line (incl. NBSP-only lines). Logged, so every
    seed line is accounted for: ``lines_kept + lines_dropped`` = line count.
``read_also``, ``republish_note``, ``navigation``, ``comment_form``,
``ad_notice``, ``plugin_notice``, ``site_description``, ``byline``, ``credit``,
``teaser``, ``embed``, ``separator``, ``channel_invite``, ``editor_pick``
    Line patterns from the editable table ``bingkai/data/boilerplate.csv``
    (columns ``rule, kind, pattern, max_words, note``). ``kind`` is ``line``
    (the regex must match the whole line), ``start`` (it must match at the
    start of the line; the whole line goes) or ``block`` (see below). Matching
    ignores case (``(?-i:...)`` inside a pattern makes a part case-sensitive).
    ``max_words`` (optional) keeps a pattern off longer lines, so
    e.g. "powered by" inside a body paragraph survives.
``dateline`` (prefix), ``credit``/``read_also``/``teaser`` (suffix), ``embed``/``credit`` (inline)
    Scraped text only (``clean(..., scraped=True)``, as ``read_articles``
    does; the seed build does not use them, so the seed corpus stays as it
    is): table rows of kind ``prefix`` cut a match from the start of the
    first body paragraph ("Liputan6.com, Jakarta - ", "JAKARTA -"; at most
    one per article), ``suffix`` from the end of any body line (within its
    last ``THRESHOLDS.suffix_window`` characters: "(kha)", "Baca Juga: <headline>" glued
    after the last sentence) and ``inline`` anywhere in a body line
    ("[Gambas:Twitter]"). The rest of the line stays in the body; the cut
    text is logged (``Cleaned.cuts``); a line left empty goes whole.
    ``max_words`` does not apply to these kinds.
``related_block``, ``popular_block``, ``recommended_block``, ``topics_block``
(and ``read_also`` for a bare "Baca Juga" header)
    A list block: a header line that is *exactly* one of the block words
    ("Berita Terkait", "Terpopuler", "Pilihan", "Terkini", "Tags", …;
    optionally with a colon), followed by its items -- every following line
    that does not read as body text ("-" lines, "- item" lines, short
    headlines) -- up to the next line that reads as body text, or the end.
    Blocks only open after the first body paragraph: above it, a lone
    "Terkini" is a section label, not a list (see ``section_label``). The word
    "pilihan" inside a sentence never opens a block. Under a bare "Baca Juga"
    (rule ``read_also``) only the linked headlines go: "-"/bullet lines and
    title-case lines (``looks_like_headline``); the first line that is not one
    -- a question, a quoted claim, "Berikut adalah daftar …:" -- ends the
    block, so no prose is eaten.
``section_label``, ``dateline``, ``title``, ``subtitle``, ``repeated_title``
    The header: the lines above the first body paragraph (only when there is a
    body paragraph below them). Rows with a date and a time, weekday or "|"
    separator are ``dateline`` metadata ("Terkini | inews | Senin, 2 Desember
    2024 - 10:31"); other "|"/"›" rows are ``section_label`` (breadcrumbs).
    Repeats of a header line are ``repeated_title``. Of the remaining header
    lines, a first line of at most three words followed by a longer one is a
    ``section_label`` ("Berita Suriah"); then come the ``title`` and the
    ``subtitle``. Further header lines stay in the body (nothing is dropped
    that no rule explains). A body line equal to the title is also
    ``repeated_title``.
``repeated_paragraph``
    A body paragraph of at least five words whose text (case and spacing
    ignored) appears, on word boundaries, inside another body paragraph is
    kept once, in the longer form; of two identical paragraphs the later one
    is kept (a pull-quote is printed above the paragraph it comes from).
``learned_dateline`` (scraped text)
    The outlet's own dateline learned from its other articles
    (``bingkai.clean.datelines``), cut from the start of the first body
    paragraph before the table's ``prefix`` rules are tried.
``repeated_sentence`` (scraped text)
    A sentence of at least five words (``THRESHOLDS.repeat_min_words``) that repeats an
    earlier sentence of the same article (case and spacing ignored) is cut
    where it repeats, so it is counted once: scrapes that print each
    paragraph again with the ones before it (1; 1 2; 1 2 3) on one line, or
    a quotation twice. The first occurrence stays.

"Body text" (``looks_like_body``) is a line that ends a sentence with "."
(after any closing quotes or brackets, and not an ellipsis) or that has at
least 25 words. Headlines and list items end without punctuation, with "!" or
"?", or with "...". With ``scraped=True`` a lead paragraph ending in "?" or
"!" is body text too (``looks_like_lead``: sentence case, and at least
``THRESHOLDS.lead_min_words`` words or a sentence end inside), so it is not taken for a
subtitle.

Glued words (``scraped=True``): "dariHuffington" -> "dari Huffington" where the
evidence is clear (``bingkai.clean.glued``), counted in ``Cleaned.glued``.

Linear time: every step is linear in the number of lines (the
repeated-paragraph step indexes long documents, see ``repeated_paragraphs``).

Known limitations: a body paragraph that ends in "?" or "!" and has fewer than
25 words directly below a list block is taken for a list item (in scraped mode
only when it is short, single-sentence or title case); a "Baca Juga" line
glued *before* body text on the same line ("Baca Juga: Judul Lain Pasukan
bergerak ...") is dropped whole (where the headline ends cannot be told); a
one-line header of up to three words with nothing but the title below it is
taken for a section label; a headline written in sentence case under a bare
"Baca Juga" stays in the body. Kept lines keep their original characters (only the line
ending and trailing whitespace go); normalisation for analysis happens later.
"""

from __future__ import annotations

import re
from bisect import bisect_left
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from os import PathLike

import ahocorasick
import pandas as pd
import re2

from bingkai.clean.datelines import Dateline
from bingkai.clean.glued import split_glued
from bingkai.clean.thresholds import THRESHOLDS
from bingkai.errors import BingkaiInputError

BOILERPLATE_COLUMNS = ("rule", "kind", "pattern", "max_words", "note")
#: whole-line kinds (every corpus) and cut kinds (``scraped=True`` only)
LINE_KINDS = ("line", "start", "block")
CUT_KINDS = ("prefix", "suffix", "inline")
KINDS = LINE_KINDS + CUT_KINDS

_CLOSERS = "\"'”’»)]}"
# Indonesian and English month names/abbreviations and weekday names: language
# facts, not corpus facts, so they live here rather than in an editable table.
_MONTHS = (
    r"jan(?:uari|uary)?|feb(?:ruari|ruary)?|mar(?:et|ch)?|apr(?:il)?|mei|may|jun[ei]?|"
    r"jul[iy]?|agu(?:stus)?|aug(?:ust)?|ags|sep(?:tember)?|okt(?:ober)?|oct(?:ober)?|"
    r"nov(?:ember)?|des(?:ember)?|dec(?:ember)?"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b",
    re.IGNORECASE,
)
_DATE_COMPANION = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(?:wib|wita|wit)\b|\|",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s[|›»>]\s")
# where one sentence ends and the next starts: after . ! or ? (and closing quotes/brackets),
# the spaces before a capital or digit (the test oracle; sentence_spans searches _SENTENCE_GAP,
# which starts at the mark: a pattern that opens with a lookbehind is tried at every position)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
_SENTENCE_GAP = re.compile(r"[.!?]([\"'”’)\]]*\s+)(?=[\"“‘(]?[A-Z0-9])")
# a sentence end followed by the start of another sentence, inside a line
_INNER_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*\s+[\"“‘«(]?[A-Z0-9]")
_BULLET = re.compile(r"[-–—•·*▪►]\s*\S")
_ALPHA_WORD = re.compile(r"[^\W\d_][\w'’-]*")


# --- lines ---------------------------------------------------------------------

def split_lines(raw: str) -> list[str]:
    """Split raw text into lines as an editor numbers them (line k = index k-1).

    Line endings are "\\n", "\\r\\n" or "\\r"; a final line ending does not
    start an extra line. Trailing whitespace (incl. NBSP) is removed from each
    line. Not ``str.splitlines``: that also breaks at form feeds, U+2028 and
    other characters that can sit inside a scraped paragraph.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return [line.rstrip() for line in lines]


def word_count(line: str) -> int:
    """Number of whitespace-separated words."""
    return len(line.split())


def is_blank(line: str) -> bool:
    """Rule ``blank``: empty or whitespace-only (NBSP counts as whitespace)."""
    return not line.strip()


def looks_like_body(line: str) -> bool:
    """True if ``line`` reads as a body paragraph rather than a headline/item.

    A body paragraph ends a sentence with "." (after closing quotes or
    brackets; an ellipsis does not count) or has at least
    ``THRESHOLDS.body_min_words_unpunctuated`` words.
    """
    stripped = line.strip()
    if not stripped:
        return False
    if word_count(stripped) >= THRESHOLDS.body_min_words_unpunctuated:
        return True
    core = stripped.rstrip(_CLOSERS).rstrip()
    return core.endswith(".") and not core.endswith("..") and not core.endswith("…")


def looks_like_lead(line: str) -> bool:
    """Scraped text: a paragraph ending in "?" or "!" that is prose, not a headline.

    It is written in sentence case (not ``is_title_case``) and has at least
    ``THRESHOLDS.lead_min_words`` words or a sentence end inside it ("Mengapa Rusia
    diam? Para analis menyebut …!"). Headlines are title case ("Harga Emas
    Hari Ini: … Antam Nihil!") or one short sentence, so they stay headlines.
    """
    stripped = line.strip()
    core = stripped.rstrip(_CLOSERS).rstrip()
    if not core.endswith(("?", "!")) or is_title_case(stripped):
        return False
    return word_count(stripped) >= THRESHOLDS.lead_min_words or bool(_INNER_SENTENCE_END.search(core))


def is_title_case(line: str) -> bool:
    """At least ``THRESHOLDS.headline_min_capitalised`` of the words that start with a letter are capitalised."""
    words = _ALPHA_WORD.findall(line)
    if not words:
        return False
    return sum(1 for w in words if w[0].isupper()) / len(words) >= THRESHOLDS.headline_min_capitalised


def looks_like_headline(line: str) -> bool:
    """A list item under a bare "Baca Juga": a "-"/bullet line, or a title-case line that is not prose.

    E.g. "Rusia Tuding Barat Manfaatkan Gencatan Senjata untuk Persenjatai
    Ukraina". Questions, quoted claims, "Berikut adalah daftar …:" and table
    rows are written in sentence case, so they are not taken for headlines.
    """
    stripped = line.strip()
    if stripped in ("-", "–", "—", "•") or _BULLET.match(stripped):
        return True
    if looks_like_body(stripped) or stripped.endswith(":"):
        return False
    return is_title_case(stripped)


def analysis_key(line: str) -> str:
    """Comparison form for repeat detection: NFKC, case-folded, spacing collapsed.

    Local and minimal on purpose (not ``bingkai.text.tokens.normalize``): cleaning runs
    before the text pipeline and must not change when analysis rules change.
    """
    return " ".join(unicodedata.normalize("NFKC", line).casefold().split())


def contains_on_word_boundary(longer: str, shorter: str) -> bool:
    """True if ``shorter`` occurs in ``longer`` not glued to letters or digits."""
    if not shorter:
        return False
    start = longer.find(shorter)
    while start != -1:
        end = start + len(shorter)
        before_ok = start == 0 or not longer[start - 1].isalnum()
        after_ok = end == len(longer) or not longer[end].isalnum()
        if before_ok and after_ok:
            return True
        start = longer.find(shorter, start + 1)
    return False


def is_dateline_row(line: str) -> bool:
    """Rule ``dateline``: a metadata row with a date plus a time, weekday or "|".

    E.g. "Terkini | inews | Senin, 2 Desember 2024 - 10:31" or
    "Senin, 02 Des 2024 10:31 WIB". Only applied above the first body paragraph.
    """
    if looks_like_body(line):
        return False
    return bool(_DATE.search(line)) and bool(_DATE_COMPANION.search(line))


def is_breadcrumb(line: str) -> bool:
    """Rule ``section_label`` (breadcrumbs): a short row split by "|", "›", "»" or ">"."""
    return not looks_like_body(line) and bool(_SEPARATOR.search(f" {line} "))


# --- boilerplate table ---------------------------------------------------------

@dataclass(frozen=True)
class Boilerplate:
    """Compiled boilerplate patterns (see ``load_boilerplate``)."""

    line_rules: tuple[tuple[str, re.Pattern[str], int | None], ...]
    block_rules: tuple[tuple[str, re.Pattern[str]], ...]
    # Most lines match no rule. ``line_any[b]`` is one alternation of the
    # rules that apply to a line of ``words`` words where
    # ``b = bisect_left(limits, words)`` (rules whose max_words is at least
    # ``words``), so one regex call rules a line out; None when the patterns
    # cannot be combined safely (then every rule is tried, as before).
    limits: tuple[int, ...] = ()
    line_any: tuple[re.Pattern[str] | None, ...] | None = None
    #: ``(rule, kind, pattern)`` of the prefix/suffix/inline rules, in table order
    cut_rules: tuple[tuple[str, str, re.Pattern[str]], ...] = ()
    #: one alternation per cut kind ("suffix", "inline"): a line none of them
    #: matches is ruled out in one regex call (None: try every rule)
    cut_any: dict[str, re.Pattern[str] | None] = field(default_factory=dict)

    def line_rule(self, line: str) -> str | None:
        """Name of the first ``line``/``start`` rule that fires on ``line``, else None."""
        stripped = line.strip()
        words = word_count(stripped)
        if self.line_any is not None:
            combined = self.line_any[bisect_left(self.limits, words)]
            if combined is None or not may_match(combined, stripped):
                return None
        for rule, pattern, max_words in self.line_rules:
            if max_words is not None and words > max_words:
                continue
            if pattern.match(stripped):
                return rule
        return None

    def block_rule(self, line: str) -> str | None:
        """Name of the block whose header ``line`` is exactly (colon allowed), else None."""
        stripped = line.strip()
        for rule, pattern in self.block_rules:
            if pattern.fullmatch(stripped):
                return rule
        return None


def load_boilerplate(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Read the boilerplate table (default: the packaged ``data/boilerplate.csv``).

    Returns a DataFrame with columns ``rule, kind, pattern, max_words, note``
    (``max_words`` is "" when unlimited), one row per pattern, in file order
    (earlier rows win). Raises ``BingkaiInputError`` naming the row for an
    unknown ``kind``, a bad regex, or a non-integer ``max_words``.
    """
    if path is None:
        source = resources.files("bingkai") / "data" / "boilerplate.csv"
        shown = "bingkai/data/boilerplate.csv"
        with source.open("r", encoding="utf-8") as handle:
            table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    else:
        shown = str(path)
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except FileNotFoundError:
            raise BingkaiInputError("file not found", path=shown,
                                    hint="Pass the path of a boilerplate CSV") from None
    missing = [c for c in BOILERPLATE_COLUMNS if c not in table.columns]
    if missing:
        raise BingkaiInputError(f"missing column(s) {', '.join(missing)}", path=shown, row=1,
                                hint=f"The header must be {','.join(BOILERPLATE_COLUMNS)}")
    table = table.loc[:, list(BOILERPLATE_COLUMNS)]
    for i, rec in enumerate(table.itertuples(index=False), start=2):
        if rec.kind not in KINDS:
            raise BingkaiInputError(f"unknown kind {rec.kind!r}", path=shown, row=i,
                                    hint=f"Use one of {', '.join(KINDS)}")
        if not rec.rule.strip():
            raise BingkaiInputError("empty rule name", path=shown, row=i,
                                    hint="Name the rule (it is written to removed.csv)")
        try:
            re.compile(rec.pattern)
        except re.error as err:
            raise BingkaiInputError(f"bad regular expression {rec.pattern!r} ({err})",
                                    path=shown, row=i, hint="Fix the pattern") from None
        if rec.max_words.strip() and not rec.max_words.strip().isdigit():
            raise BingkaiInputError(f"max_words {rec.max_words!r} is not a whole number",
                                    path=shown, row=i, hint="Leave it empty or write e.g. 12")
    return table


def compile_boilerplate(table: pd.DataFrame) -> Boilerplate:
    """Compile a table from ``load_boilerplate`` into matchers."""
    line_rules = []
    block_rules = []
    cut_rules = []
    for rec in table.itertuples(index=False):
        limit = int(rec.max_words) if str(rec.max_words).strip() else None
        if rec.kind == "prefix":
            cut_rules.append((rec.rule, rec.kind, re.compile(rf"\s*(?:{rec.pattern})", re.IGNORECASE)))
        elif rec.kind == "suffix":
            # no leading \s*: it would make the regex try every position of the tail;
            # ``Cleaned.cut`` trims the whitespace around a cut anyway
            cut_rules.append((rec.rule, rec.kind, re.compile(rf"(?:{rec.pattern})\s*\Z", re.IGNORECASE)))
        elif rec.kind == "inline":
            cut_rules.append((rec.rule, rec.kind, re.compile(rf"(?:{rec.pattern})", re.IGNORECASE)))
        elif rec.kind == "block":
            block_rules.append((rec.rule, re.compile(rf"(?:{rec.pattern})\s*[:：]?", re.IGNORECASE)))
        elif rec.kind == "line":
            line_rules.append((rec.rule, re.compile(rf"(?:{rec.pattern})\s*\Z", re.IGNORECASE), limit))
        else:
            line_rules.append((rec.rule, re.compile(rf"(?:{rec.pattern})", re.IGNORECASE), limit))
    limits = tuple(sorted({limit for _, _, limit in line_rules if limit is not None}))
    # bucket b holds lines with limits[b-1] < words <= limits[b]
    buckets = [[r for r in line_rules if r[2] is None or (b < len(limits) and r[2] >= limits[b])]
               for b in range(len(limits) + 1)]
    combined = [_combine(rules) for rules in buckets]
    cut_any: dict[str, re.Pattern[str] | None] = {}
    for kind in ("suffix", "inline"):
        patterns = [(rule, pattern, None) for rule, k, pattern in cut_rules if k == kind]
        both = _combine(patterns)
        cut_any[kind] = None if both is False else both
    if any(c is False for c in combined):
        return Boilerplate(tuple(line_rules), tuple(block_rules), cut_rules=tuple(cut_rules), cut_any=cut_any)
    return Boilerplate(tuple(line_rules), tuple(block_rules), limits, tuple(combined), tuple(cut_rules), cut_any)


# Group references and named groups would change meaning (or clash) once the
# patterns share one expression; such tables are matched rule by rule only.
_UNCOMBINABLE = re.compile(r"\\[1-9]|\(\?P|\\g<")


# ASCII characters whose class differs between Python's re and RE2 (RE2's \s lacks the
# vertical tab and the information separators that Python's str patterns count as space)
_RE2_ODD = ("\n", "\x0b", "\x1c", "\x1d", "\x1e", "\x1f")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_END = re.compile(r"(?<!\\)((?:\\\\)*)\\Z")


def re2_agrees(text: str) -> bool:
    """Whether RE2 and Python's re give the same answer on ``text`` for the same expression
    (lookarounds aside): no character on which they differ -- ``\\w``, ``\\b``, ``\\d``,
    ``\\s`` and case folding are ASCII-only in RE2, so a non-ASCII letter, digit, space or
    cased character is out, and so are the ASCII controls RE2's ``\\s`` lacks and the
    newline (re's ``$`` also matches before a final one). Quotes, dashes and other non-ASCII
    punctuation are in (they are none of those in either engine; RE2 reads UTF-8 and counts
    code points as re does)."""
    if any(c in text for c in _RE2_ODD):
        return False
    return text.isascii() or all(map(_inert, set(_NON_ASCII.findall(text))))


@lru_cache(maxsize=4096)
def _inert(char: str) -> bool:
    """Not a word character, space or cased character for Python's re (then not for RE2
    either)."""
    return not (char.isalnum() or char.isspace() or char == "_"
                or char.lower() != char or char.upper() != char or char.casefold() != char)


def may_match(pattern: re.Pattern[str], text: str, pos: int = 0, *, search: bool = False) -> bool:
    """Whether ``pattern.match(text)`` (``search``: ``pattern.search(text, pos)``) could find
    something -- exactly so where RE2 and Python's re agree, a prefilter otherwise.

    A boilerplate prefilter is one alternation of every rule of a kind; Python's backtracking
    engine tries its ``.*``-led and lookbehind alternatives at every position (~15 us a
    line, issue 24). RE2 runs the same expression in linear time on text where the two
    engines agree (:func:`re2_agrees`); lookaround groups, which RE2 lacks, are dropped, so
    its answer can only be a yes too many, which the rule itself then settles. Other text,
    and expressions RE2 cannot compile, take re."""
    fast = _re2_version(pattern.pattern, pattern.flags) if re2_agrees(text) else None
    if fast is None:
        return (pattern.search(text, pos) if search else pattern.match(text, pos)) is not None
    return (fast.search(text, pos) if search else fast.match(text, pos)) is not None


@lru_cache(maxsize=256)
def _re2_version(expression: str, flags: int):
    """``expression`` for RE2 (``\\Z`` as ``\\z``, lookaround groups dropped), None when
    RE2 cannot compile it."""
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not flags & re.IGNORECASE
    try:
        return re2.compile(_END.sub(r"\1\\z", _without_lookarounds(expression)), options)
    except re2.error:
        return None


def _without_lookarounds(expression: str) -> str:
    """``expression`` with its ``(?=...)``, ``(?!...)``, ``(?<=...)`` and ``(?<!...)`` groups
    removed (escapes and character classes respected): it matches wherever the original does."""
    out: list[str] = []
    depth = 0   # > 0: inside a lookaround group being dropped
    i, n = 0, len(expression)
    while i < n:
        ch = expression[i]
        if ch == "\\":
            step = 2
        elif ch == "[":
            # a whole class: a "]" first in it (after an optional "^") is a literal
            j = i + 1 + expression.startswith("^", i + 1)
            j += expression.startswith("]", j)
            while j < n and expression[j] != "]":
                j += 2 if expression[j] == "\\" else 1
            step = j + 1 - i
        elif expression.startswith(("(?=", "(?!", "(?<=", "(?<!"), i) or (depth and ch == "("):
            depth += 1
            step = 1
        elif depth and ch == ")":
            depth -= 1
            i += 1
            continue
        else:
            step = 1
        if not depth:
            out.append(expression[i:i + step])
        i += step
    return "".join(out)


def _combine(line_rules: list[tuple[str, re.Pattern[str], int | None]]) -> re.Pattern[str] | None | bool:
    """``p1|p2|...`` of the compiled line rules: it matches a line exactly when
    at least one rule's pattern does. None when there are no rules, False
    when the patterns cannot share one expression."""
    patterns = [pattern.pattern for _, pattern, _ in line_rules]
    if not patterns:
        return None
    if any(_UNCOMBINABLE.search(p) for p in patterns):
        return False
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except re.error:
        return False


@lru_cache(maxsize=1)
def default_boilerplate() -> Boilerplate:
    """The packaged boilerplate table, compiled once per process."""
    return compile_boilerplate(load_boilerplate())


# --- one article ---------------------------------------------------------------

@dataclass
class Cleaned:
    """Result of ``clean``: the parts of one article and why each line went where.

    ``rules[k]`` is the rule for line ``k + 1``: "" for a body line, else the
    rule name (``title``/``subtitle`` for lines moved into those fields).
    ``lines`` are the source lines as read. With ``scraped=True`` a body
    line can lose part of its text: ``edits[k]`` is then line ``k + 1`` as it
    stands in the body, ``cuts`` logs each ``(line, cut text, rule)`` and
    ``glued`` each ``(line, glued word)`` that was split in two.
    """

    lines: list[str]
    rules: list[str]
    title: str = ""
    subtitle: str = ""
    body_lines: list[int] = field(default_factory=list)
    edits: dict[int, str] = field(default_factory=dict)
    cuts: list[tuple[int, str, str]] = field(default_factory=list)
    glued: list[tuple[int, str]] = field(default_factory=list)
    _keys: dict[int, str] = field(default_factory=dict, repr=False, compare=False)

    def line_text(self, k: int) -> str:
        """Line ``k + 1`` as it stands in the body (after any cut)."""
        return self.edits.get(k, self.lines[k])

    def key(self, k: int) -> str:
        """``analysis_key`` of line ``k + 1`` as it stands (computed once per version of the line)."""
        cached = self._keys.get(k)
        if cached is None:
            cached = self._keys[k] = analysis_key(self.line_text(k))
        return cached

    @property
    def text(self) -> str:
        """The body: kept lines joined by "\\n"."""
        return "\n".join(self.line_text(k - 1) for k in self.body_lines)

    @property
    def removed(self) -> list[tuple[int, str, str]]:
        """``(line, text, rule)`` for every line not in the body, and every cut from a line
        that stayed, in line order.

        A line that went whole after cuts (nothing left, or a later rule took
        the rest) is one entry: its source text under the rule that removed it.
        """
        whole = [(k + 1, self.lines[k], rule) for k, rule in enumerate(self.rules) if rule]
        if not self.cuts:
            return whole
        kept_cuts = [cut for cut in self.cuts if not self.rules[cut[0] - 1]]
        return sorted(whole + kept_cuts, key=lambda item: item[0])

    def drop(self, k: int, rule: str) -> None:
        """Remove body line ``k + 1`` under ``rule`` (``removed`` then logs the whole source line).

        ``body_lines`` is brought up to date by ``refresh`` (once, after a
        pass of drops: dropping one by one from the list would be quadratic
        in a long document).
        """
        self.rules[k] = rule
        self.edits.pop(k, None)

    def refresh(self) -> None:
        """Recompute ``body_lines`` from ``rules`` after ``drop``/``cut``."""
        self.body_lines = [k + 1 for k, rule in enumerate(self.rules) if not rule]

    def cut(self, k: int, start: int, end: int, rule: str) -> None:
        """Cut characters ``start:end`` of body line ``k + 1`` (as it stands) under ``rule``.

        The line goes whole (under ``rule``) when nothing but whitespace is left.
        """
        current = self.line_text(k)
        piece = current[start:end]
        rest = (current[:start].rstrip() + " " + current[end:].lstrip()).strip() if start and end < len(current) \
            else (current[:start] + current[end:]).strip()
        self._keys.pop(k, None)
        self.cuts.append((k + 1, piece.strip(), rule))
        if not rest:
            self.drop(k, rule)
        else:
            self.edits[k] = rest


def sentence_spans(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``line`` (split after ., ! or ? before a capital)."""
    spans, start = [], 0
    for match in _SENTENCE_GAP.finditer(line):
        spans.append((start, match.start(1)))
        start = match.end()
    spans.append((start, len(line)))
    return [(a, b) for a, b in spans if line[a:b].strip()]


def clean(raw: str, *, title: str | None = None, boilerplate: Boilerplate | None = None,
          scraped: bool = False, dateline: Dateline | None = None) -> Cleaned:
    """Apply every rule (module docstring) to one article's raw text.

    ``title``: a headline known from elsewhere (e.g. a CSV column). It becomes
    the title; header lines equal to it are ``repeated_title`` and the first
    other header line becomes the subtitle.

    ``scraped``: also apply the rules for scraped text (``read_articles``
    does; the seed build does not, so the seed corpus stays as published):
    a lead paragraph ending in "?" or "!" is body text (``looks_like_lead``),
    the table's ``prefix``/``suffix``/``inline`` rules cut datelines, embed
    markers and credits out of body lines, glued words are split
    (``bingkai.clean.glued``) and repeated sentences cut (``repeated_sentence``).

    ``dateline``: the outlet's learned dateline (``bingkai.clean.datelines``;
    scraped text only), cut from the first body paragraph under
    ``learned_dateline`` before the table's ``prefix`` rules.

    Linear in the number of lines (in a long document the repeated-paragraph
    step indexes the lines by word instead of comparing every pair).
    """
    bp = default_boilerplate() if boilerplate is None else boilerplate
    lines = split_lines(raw)
    rules = [""] * len(lines)

    # 1. blank lines and whole-line boilerplate
    for k, line in enumerate(lines):
        if is_blank(line):
            rules[k] = "blank"
        else:
            rules[k] = bp.line_rule(line) or ""

    def prose(line: str) -> bool:
        return looks_like_body(line) or (scraped and looks_like_lead(line))

    body_like = [not rules[k] and prose(line) for k, line in enumerate(lines)]
    first_body = next((k for k, flag in enumerate(body_like) if flag), None)

    # 2. list blocks: a header line, then every non-body line until body resumes;
    # under a bare "Baca Juga" only headline-like lines (the linked titles)
    if first_body is not None:
        block: str | None = None
        for k in range(first_body + 1, len(lines)):
            header = bp.block_rule(lines[k]) if rules[k] in ("", "read_also") else None
            if header is not None:
                block = header
                rules[k] = header
            elif body_like[k]:
                block = None
            elif block is not None and not rules[k]:
                if block == "read_also" and not looks_like_headline(lines[k]):
                    block = None
                else:
                    rules[k] = block

    # 3. the header above the first body paragraph
    result = Cleaned(lines=lines, rules=rules)
    known_title = (title or "").strip()
    seen = {analysis_key(known_title)} if known_title else set()
    candidates: list[int] = []
    if first_body is not None:
        for k in range(first_body):
            if rules[k]:
                continue
            line = lines[k]
            key = analysis_key(line)
            if key in seen:
                rules[k] = "repeated_title"
            elif is_dateline_row(line):
                rules[k] = "dateline"
            elif is_breadcrumb(line):
                rules[k] = "section_label"
            else:
                seen.add(key)
                candidates.append(k)
    if (len(candidates) >= 2
            and word_count(lines[candidates[0]]) <= THRESHOLDS.section_label_max_words
            and word_count(lines[candidates[1]]) > word_count(lines[candidates[0]])):
        rules[candidates.pop(0)] = "section_label"
    slots = ["subtitle"] if known_title else ["title", "subtitle"]
    for slot, k in zip(slots, candidates, strict=False):
        rules[k] = slot
        setattr(result, slot, lines[k])
    if known_title:
        result.title = title if title is not None else ""

    # 3b. scraped text: cuts inside body lines, then glued words
    if scraped:
        result.body_lines = [k + 1 for k in range(len(lines)) if not rules[k]]
        _apply_cuts(result, bp, dateline)
        _split_glued(result)

    # later copies of the headline, anywhere in the body
    title_key = analysis_key(result.title)
    # comparison forms of the lines still kept, computed once for both steps
    kept_keys = {k: result.key(k) for k in range(len(lines)) if not rules[k]}
    if title_key:
        for k, key in kept_keys.items():
            if key == title_key:
                rules[k] = "repeated_title"

    # 4. a paragraph repeated inside another one: keep the longer, later form
    body = [k for k in range(len(lines)) if not rules[k]]
    for k in repeated_paragraphs({k: kept_keys[k] for k in body}):
        rules[k] = "repeated_paragraph"

    result.body_lines = [k + 1 for k in range(len(lines)) if not rules[k]]
    # 5. scraped text: a sentence repeated within the article is kept once
    if scraped:
        repeated_sentences(result, dateline)
    return result


def _whole_sentences(line: str) -> list[tuple[int, int]]:
    """``sentence_spans`` with a piece that starts with a digit joined to the one before: the
    split fell after an abbreviation or a number ("denda Rp. 20.000.000 ..."), not a sentence."""
    spans: list[tuple[int, int]] = []
    for a, b in sentence_spans(line):
        if spans and line[a:a + 1].isdigit():
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def repeated_sentences(result: Cleaned, dateline: Dateline | None = None) -> None:
    """Rule ``repeated_sentence`` (module docstring): cut each later copy of a sentence, in place
    (``read_articles`` runs it again after the learned boilerplate is cut: furniture glued into a
    copy hides the repeat until then). A cascade
    repeats the first paragraph with its dateline: a sentence that opens with the outlet's
    learned dateline is compared without it, and the dateline is cut (``learned_dateline``)."""
    seen: set[str] = set()
    # one search of the whole body first: a line that names a dateline's outlet is part
    # of it, so a body without a name spares the search of each line (the names are a
    # plain alternation, no anchors)
    any_name = dateline is not None and dateline.may_open(result.text)
    for n in result.body_lines:
        k = n - 1
        line = result.line_text(k)
        cuts = []
        may_open = any_name and dateline.may_open(line)
        for a, b in _whole_sentences(line):
            head = dateline.cut_end(line[a:b]) if may_open else None
            start = a + head if head else a
            # case and spacing ignored (analysis_key without NFKC: a copy is a copy character
            # for character, and this runs on every sentence)
            words = line[start:b].casefold().split()
            if len(words) < THRESHOLDS.repeat_min_words:
                continue
            key = " ".join(words)
            if key in seen:
                cuts.append((a, b, "repeated_sentence"))
            else:
                seen.add(key)
                if head:
                    cuts.append((a, start, "learned_dateline"))
        # right to left, so earlier offsets stay valid
        for a, b, rule in reversed(cuts):
            if result.rules[k]:
                break
            result.cut(k, a, b, rule)
    result.refresh()


def _apply_cuts(result: Cleaned, bp: Boilerplate, dateline: Dateline | None = None) -> None:
    """The learned dateline and the ``prefix`` rules (first body line), the ``suffix`` and
    ``inline`` rules (every body line)."""
    if not result.body_lines:
        return
    first = result.body_lines[0] - 1
    prefixed = False
    if dateline is not None:
        end = dateline.cut_end(result.line_text(first))
        if end:
            result.cut(first, 0, end, "learned_dateline")
            prefixed = True
    if not bp.cut_rules:
        result.refresh()
        return
    # lines where some rule of a kind matches at all (one combined regex per line),
    # found afresh whenever the kind changes, as a cut of one kind can expose another
    ready: dict[str, set[int]] = {}
    previous = ""
    for rule, kind, pattern in bp.cut_rules:
        if kind != previous and bp.cut_any.get(kind) is not None:
            quick = bp.cut_any[kind]
            kept = {k: result.line_text(k) for k in (n - 1 for n in result.body_lines) if not result.rules[k]}
            if kind == "suffix":
                start = {k: max(0, len(line) - THRESHOLDS.suffix_window) for k, line in kept.items()}
                found = {k for k, line in kept.items() if may_match(quick, line, start[k], search=True)}
            else:  # (inline: a literal-led search, faster in re than in RE2)
                found = {k for k, line in kept.items() if quick.search(line)}
            ready[kind] = found
        previous = kind
        if kind == "prefix":
            # one dateline per article: the first prefix rule that matches
            if prefixed or result.rules[first]:
                continue
            match = pattern.match(result.line_text(first))
            if match and match.end():
                result.cut(first, 0, match.end(), rule)
                prefixed = True
            continue
        quick = bp.cut_any.get(kind)
        for n in list(result.body_lines):
            k = n - 1
            if result.rules[k]:
                continue
            if quick is not None and kind in ready and k not in ready[kind]:
                continue
            if kind == "suffix":
                # only the line's tail is searched: a suffix is short, and searching
                # a long paragraph from every position would dominate the cleaning time
                line = result.line_text(k)
                offset = max(0, len(line) - THRESHOLDS.suffix_window)
                match = pattern.search(line, offset)
                if match and match.end() > match.start():
                    result.cut(k, match.start(), len(line), rule)
            else:
                # right to left, so earlier offsets stay valid
                for match in reversed(list(pattern.finditer(result.line_text(k)))):
                    if result.rules[k]:
                        break
                    if match.end() > match.start():
                        result.cut(k, match.start(), match.end(), rule)
    result.refresh()


def _split_glued(result: Cleaned) -> None:
    for n in result.body_lines:
        k = n - 1
        fixed, words = split_glued(result.line_text(k))
        if words:
            result.edits[k] = fixed
            result._keys.pop(k, None)
            result.glued.extend((n, word) for word in words)


def repeated_paragraphs(keys: dict[int, str]) -> list[int]:
    """Rule ``repeated_paragraph``: which of the body lines (index -> ``analysis_key``) go.

    A line of at least ``THRESHOLDS.repeat_min_words`` words goes when a later line has
    the same key, or a longer line contains its key on word boundaries
    (``contains_on_word_boundary``). Comparing pairs in any order gives
    exactly this set (containment is transitive and the longest form is
    always kept), so it can be found two ways with the same result:

    - up to ``THRESHOLDS.repeat_index_from`` lines: a key that occurs only once in the
      joined keys has no twin and sits inside no other line; only the others
      are compared with every line (a short document has few lines);
    - longer documents: one Aho-Corasick automaton of the keys
      (pyahocorasick) finds every key inside every line in one pass over
      the lines, so the work is linear in the text (a 118k-line document,
      or thousands of short paragraphs over a small vocabulary, must not be
      quadratic); each occurrence found is checked for word boundaries.
    """
    last: dict[str, int] = {}
    for k, key in keys.items():
        last[key] = k
    long_enough = {key for key in last if word_count(key) >= THRESHOLDS.repeat_min_words}
    if len(keys) <= THRESHOLDS.repeat_index_from:
        joined = "\n".join(keys.values())
        inside = {key for key in long_enough if joined.count(key) >= 2
                  and any(len(other) > len(key) and contains_on_word_boundary(other, key) for other in last)}
    else:
        inside = _contained_keys(sorted(long_enough), list(last))
    return [k for k, key in keys.items() if key in long_enough and (last[key] != k or key in inside)]


def _contained_keys(keys: list[str], lines: list[str]) -> set[str]:
    """The ``keys`` that occur inside a longer one of ``lines`` on word boundaries.

    One Aho-Corasick automaton over the keys, run once over each line: the
    work is the lines' length plus the occurrences found, never keys x lines.
    """
    found: set[str] = set()
    if not keys:
        return found
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    shortest = min(map(len, keys))
    for line in lines:
        if len(line) <= shortest:
            continue
        for end, key in automaton.iter(line):
            if len(key) >= len(line) or key in found:
                continue
            start = end - len(key) + 1
            if ((start == 0 or not line[start - 1].isalnum())
                    and (end + 1 == len(line) or not line[end + 1].isalnum())):
                found.add(key)
    return found


def line_report(raw: str, *, title: str | None = None) -> pd.DataFrame:
    """Why each line of ``raw`` went where: one row per line.

    Columns: ``line`` (1-based), ``text`` (line without ending/trailing
    whitespace), ``part`` ("body", "title", "subtitle" or "removed") and
    ``rule`` ("" for body lines).
    """
    cleaned = clean(raw, title=title)
    parts = ["body" if not r else r if r in ("title", "subtitle") else "removed"
             for r in cleaned.rules]
    return pd.DataFrame({
        "line": pd.Series(range(1, len(cleaned.lines) + 1), dtype="int64"),
        "text": pd.Series(cleaned.lines, dtype="str"),
        "part": pd.Series(parts, dtype="str"),
        "rule": pd.Series(cleaned.rules, dtype="str"),
    })
