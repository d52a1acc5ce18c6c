"""Cleaning rules: which lines of a scraped article are body text.

A scraped news page is a list of lines ("paragraphs"). Each line ends up in
exactly one place: the body (``text``), the ``title``, the ``subtitle``, or the
removal log under a named rule. The rules, in the order they are applied:

``blank``
    Empty or whitespace-only line (incl. NBSP-only lines). Logged, so every
    seed line is accounted for: ``lines_kept + lines_dropped`` = line count.
``read_also``, ``republish_note``, ``navigation``, ``comment_form``,
``ad_notice``, ``plugin_notice``, ``site_description``, ``byline``, ``credit``
    Line patterns from the editable table ``bingkai/data/boilerplate.csv``
    (columns ``rule, kind, pattern, max_words, note``). ``kind`` is ``line``
    (the regex must match the whole line), ``start`` (it must match at the
    start of the line; the whole line goes) or ``block`` (see below). Matching
    ignores case. ``max_words`` (optional) keeps a pattern off longer lines, so
    e.g. "powered by" inside a body paragraph survives.
``related_block``, ``popular_block``, ``recommended_block``, ``topics_block``
(and ``read_also`` for a bare "Baca Juga" header)
    A list block: a header line that is *exactly* one of the block words
    ("Berita Terkait", "Terpopuler", "Pilihan", "Terkini", "Tags", …;
    optionally with a colon), followed by its items -- every following line
    that does not read as body text ("-" lines, "- item" lines, short
    headlines) -- up to the next line that reads as body text, or the end.
    Blocks only open after the first body paragraph: above it, a lone
    "Terkini" is a section label, not a list (see ``section_label``). The word
    "pilihan" inside a sentence never opens a block.
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

"Body text" (``looks_like_body``) is a line that ends a sentence with "."
(after any closing quotes or brackets, and not an ellipsis) or that has at
least 25 words. Headlines and list items end without punctuation, with "!" or
"?", or with "...".

Known limitations: a body paragraph that ends in "?" or "!" and has fewer than
25 words directly below a list block is taken for a list item; a "Baca Juga"
line glued to body text on the same line is dropped whole; a one-line header
of up to three words with nothing but the title below it is taken for a
section label. Kept lines keep their original characters (only the line
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

import pandas as pd

from .errors import BingkaiInputError

#: words a line needs, without final punctuation, to read as prose anyway
BODY_MIN_WORDS_UNPUNCTUATED = 25
#: shortest paragraph the repeated-paragraph rule may drop
REPEAT_MIN_WORDS = 5
#: longest first header line taken for a section label ("Berita Suriah")
SECTION_LABEL_MAX_WORDS = 3

BOILERPLATE_COLUMNS = ("rule", "kind", "pattern", "max_words", "note")
KINDS = ("line", "start", "block")

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
    ``BODY_MIN_WORDS_UNPUNCTUATED`` words.
    """
    stripped = line.strip()
    if not stripped:
        return False
    if word_count(stripped) >= BODY_MIN_WORDS_UNPUNCTUATED:
        return True
    core = stripped.rstrip(_CLOSERS).rstrip()
    return core.endswith(".") and not core.endswith("..") and not core.endswith("…")


def analysis_key(line: str) -> str:
    """Comparison form for repeat detection: NFKC, case-folded, spacing collapsed.

    Local and minimal on purpose (not ``bingkai.text.normalize``): cleaning runs
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

    def line_rule(self, line: str) -> str | None:
        """Name of the first ``line``/``start`` rule that fires on ``line``, else None."""
        stripped = line.strip()
        words = word_count(stripped)
        if self.line_any is not None:
            combined = self.line_any[bisect_left(self.limits, words)]
            if combined is None or combined.match(stripped) is None:
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
    for rec in table.itertuples(index=False):
        limit = int(rec.max_words) if str(rec.max_words).strip() else None
        if rec.kind == "block":
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
    if any(c is False for c in combined):
        return Boilerplate(tuple(line_rules), tuple(block_rules))
    return Boilerplate(tuple(line_rules), tuple(block_rules), limits, tuple(combined))


# Group references and named groups would change meaning (or clash) once the
# patterns share one expression; such tables are matched rule by rule only.
_UNCOMBINABLE = re.compile(r"\\[1-9]|\(\?P|\\g<")


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
    """

    lines: list[str]
    rules: list[str]
    title: str = ""
    subtitle: str = ""
    body_lines: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The body: kept lines joined by "\\n"."""
        return "\n".join(self.lines[k - 1] for k in self.body_lines)

    @property
    def removed(self) -> list[tuple[int, str, str]]:
        """``(line, text, rule)`` for every line not in the body, in line order."""
        return [(k + 1, self.lines[k], rule) for k, rule in enumerate(self.rules) if rule]


def clean(raw: str, *, title: str | None = None, boilerplate: Boilerplate | None = None) -> Cleaned:
    """Apply every rule (module docstring) to one article's raw text.

    ``title``: a headline known from elsewhere (e.g. a CSV column). It becomes
    the title; header lines equal to it are ``repeated_title`` and the first
    other header line becomes the subtitle.
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

    body_like = [not rules[k] and looks_like_body(line) for k, line in enumerate(lines)]
    first_body = next((k for k, flag in enumerate(body_like) if flag), None)

    # 2. list blocks: a header line, then every non-body line until body resumes
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
            and word_count(lines[candidates[0]]) <= SECTION_LABEL_MAX_WORDS
            and word_count(lines[candidates[1]]) > word_count(lines[candidates[0]])):
        rules[candidates.pop(0)] = "section_label"
    slots = ["subtitle"] if known_title else ["title", "subtitle"]
    for slot, k in zip(slots, candidates, strict=False):
        rules[k] = slot
        setattr(result, slot, lines[k])
    if known_title:
        result.title = title if title is not None else ""
    # later copies of the headline, anywhere in the body
    title_key = analysis_key(result.title)
    # comparison forms of the lines still kept, computed once for both steps
    kept_keys = {k: analysis_key(lines[k]) for k in range(len(lines)) if not rules[k]}
    if title_key:
        for k, key in kept_keys.items():
            if key == title_key:
                rules[k] = "repeated_title"

    # 4. a paragraph repeated inside another one: keep the longer, later form
    body = [k for k in range(len(lines)) if not rules[k]]
    keys = {k: kept_keys[k] for k in body}
    # Keys contain no "\n" (whitespace is collapsed), so a key occurs twice in
    # the joined keys exactly when another body line contains it: only those
    # lines need the pairwise check (one C-level count instead of a loop).
    joined = "\n".join(keys.values())
    for k in body:
        if word_count(keys[k]) < REPEAT_MIN_WORDS or joined.count(keys[k]) < 2:
            continue
        for j in body:
            if j == k or rules[j]:
                continue
            longer = len(keys[j]) > len(keys[k]) or (keys[j] == keys[k] and j > k)
            if longer and contains_on_word_boundary(keys[j], keys[k]):
                rules[k] = "repeated_paragraph"
                break

    result.body_lines = [k + 1 for k in range(len(lines)) if not rules[k]]
    return result


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
