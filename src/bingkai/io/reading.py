"""A researcher's own scraped articles -> the corpus frame, with everything reported.

``read_articles`` is the door for real scrapes: thousands of rows from a tool
such as news-watch or a home-made scraper, in whatever file format, with
every outlet's date format, re-scraped URLs, stub bodies, HTML, mojibake and
each outlet's furniture. Nothing aborts the load that can be reported
instead, and nothing is dropped without a record:

1. the file is read (``bingkai.io.tables``: CSV/TSV with the separator sniffed,
   JSON, JSONL, XLSX, Parquet, gzip; the encoding detected and reported), or
   several files as one corpus (a list, a folder, a glob: ``article_files``);
2. each text cell is checked (``bingkai.clean.markup``): missing values, numbers
   and objects are skipped with a reason, lists of paragraphs joined, lone
   surrogates replaced, HTML turned into text, mojibake repaired;
3. duplicates: identical rows and the same article scraped twice (same
   ``doc_id``, else the same ``url``, else the same outlet and text) keep one
   row -- the one with the longest text, the earliest on a tie -- and the
   others are listed in ``corpus.attrs["skipped"]``;
4. dates (``bingkai.io.dates``): every common Indonesian/English format, also
   inside a longer string; an unreadable one is NaT and counted, never an
   abort, and a column of which ``UNPARSED_WARN_SHARE`` stays unread is one
   warning naming examples;
5. each outlet's dateline learned from its articles' openings
   (``bingkai.clean.datelines``), then cleaning (``bingkai.clean.rules`` with
   ``scraped=True`` and that dateline, plus the user's ``rules=`` CSV), then
   boilerplate learned from the corpus itself (``bingkai.clean.learned``),
   then repeated sentences looked for again where the learned pass cut;
6. flags: ``short`` (a body under ``min_words`` words: a stub, kept but
   flagged) and ``reuse_of`` (the same text under another id: text reuse,
   kept and flagged -- it is a finding, not noise);
7. the audit: ``bingkai.removed(corpus)`` is the removal log (every line or
   fragment cut, with its rule) and ``bingkai.read_summary(corpus)`` the
   summary table, printed at the end of the load (``report=False`` to
   silence it).
"""

from __future__ import annotations

import glob
import hashlib
import re
import sys
import unicodedata
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from bingkai.clean.datelines import any_dateline, learn_datelines, name_forms
from bingkai.clean.learned import article_items, learn_boilerplate, remove_learned
from bingkai.clean.markup import cell_string, fix_mojibake, has_markup, html_to_text, text_value
from bingkai.clean.rules import (
    Boilerplate,
    Cleaned,
    clean,
    compile_boilerplate,
    load_boilerplate,
    repeated_sentences,
    word_count,
)
from bingkai.clean.thresholds import THRESHOLDS
from bingkai.errors import BingkaiInputError
from bingkai.io.dates import out_of_range_dates, parse_dates
from bingkai.io.seed import COLUMNS, DERIVED_ID_LENGTH, REMOVED_COLUMNS, STRING_COLUMNS
from bingkai.io.tables import SUFFIXES, Table, read_table
from bingkai.parallel import check_n_jobs, chunked_map
from bingkai.progress import progress_bar

#: a date column with at least this share of values that stay NaT is announced in one warning
UNPARSED_WARN_SHARE = 0.20
#: a path with one of these characters that is not a file is a glob pattern
_GLOB_CHARS = frozenset("*?[")
#: a body with fewer words is a stub ("Oleh <name>", a section name): kept, flagged ``short``
SHORT_MIN_WORDS = 40
#: columns read_articles adds after the corpus frame's ``COLUMNS``
EXTRA_COLUMNS = ("url", "published_raw", "published_at", "short", "reuse_of")
READ_COLUMNS = COLUMNS + EXTRA_COLUMNS
#: news-watch (PyPI ``news-watch``) output, recognised by these columns
NEWS_WATCH = {"text": "content", "outlet": "source", "title": "title", "published": "publish_date",
              "url": "link"}
SUMMARY_COLUMNS = ("outlet", "item", "count")
FIELDS = ("text", "outlet", "title", "doc_id", "published", "url", "period")
#: column names taken for the article URL when ``url=`` is not given (re-scrapes are found by URL)
URL_NAMES = ("url", "link")


class _Shared:
    """Mixin for values kept in ``DataFrame.attrs``: copied as themselves.

    pandas deep-copies ``attrs`` on nearly every operation on the frame
    (``__finalize__``); a log of thousands of rows copied on each filter,
    merge or assign costs more than the operation. These values are never
    changed after reading, so the frames pandas derives share them.
    """

    def __deepcopy__(self, memo: dict):
        return self


class Attached(_Shared, dict):
    """A table carried in ``DataFrame.attrs`` without being copied.

    A removal log of a million rows costs nothing when the corpus is
    filtered, and survives the filtering. It is an (empty) dict so that
    pandas can still write ``attrs`` as JSON (``to_parquet`` does; the table
    itself is not written), and equal only to itself, so ``pd.concat`` of two
    reads does not pass one read's log off as both.
    """

    def __init__(self, table: pd.DataFrame) -> None:
        super().__init__()
        self.table = table

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"<{len(self.table)} rows; see bingkai.removed() / bingkai.read_summary()>"


class Records(_Shared, list):
    """A list of records (``attrs["skipped"]``), shared between derived frames;
    it compares, prints and serialises as the list it is."""


class Lookup(_Shared, dict):
    """A mapping in ``attrs`` (``date_basis`` by doc_id), shared between derived frames."""


@dataclass
class _Row:
    number: int
    text: str
    outlet: str
    title: str
    doc_id: str
    published: object
    url: str
    notes: list[str]
    sha256: str = ""
    ident: str = ""
    #: position of the row's file among the files read (0 for one file)
    file: int = 0
    #: the researcher's own period (``read_articles(period=...)``)
    period: str = ""


_WORD_RUN = re.compile(r"[^\W_]+")


def reuse_key(text: str) -> str:
    """The comparison form for ``reuse_of``: the text's letter-and-digit runs, case-folded.

    Case, spacing, punctuation and quote style are ignored, so a copy that
    another outlet re-punctuated or re-quoted is still the same text. For
    copies with edits, added leads or extra paragraphs use
    ``bingkai.text_reuse`` (shared passages) on the frame.
    """
    return " ".join(_WORD_RUN.findall(unicodedata.normalize("NFKC", text).casefold()))


def _columns(table: Table, path: PathLike[str] | str, given: dict[str, str | None]) -> dict[str, str]:
    """field -> column: the keywords given, else the defaults, else news-watch's names."""
    columns = set(table.columns)
    wanted: dict[str, str] = {}
    news_watch = given["text"] is None and "text" not in columns and {"content", "source"} <= columns
    for field in FIELDS:
        col = given[field]
        if col is None and news_watch and NEWS_WATCH.get(field) in columns:
            col = NEWS_WATCH[field]
        if col is None and field in ("text", "outlet"):
            col = field
        if col is None and field == "url":
            col = next((name for name in URL_NAMES if name in columns), None)
        if col is not None:
            wanted[field] = col
    absent = [col for col in wanted.values() if col not in columns]
    if absent:
        sep = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(table.separator, "")
        how = f" (read as {sep}-separated)" if sep else ""
        what = "column" if table.format in ("csv", "xlsx", "parquet") else "key"
        where = " in any article" if what == "key" else ""
        raise BingkaiInputError(
            f"no {what} {', '.join(repr(c) for c in absent)}{where}{how}", path=path,
            row=table.rows[0][0] if table.format in ("jsonl",) and table.rows else 1,
            row_label=table.row_label if table.format == "jsonl" else "row",
            hint=f"Name existing {what}s (the file has {', '.join(map(repr, table.columns))})")
    return wanted


def _user_boilerplate(rules: str | PathLike[str] | None) -> Boilerplate | None:
    """The packaged table plus the user's rows (validated like the packaged table)."""
    if rules is None:
        return None
    mine = load_boilerplate(rules)
    return compile_boilerplate(pd.concat([load_boilerplate(), mine], ignore_index=True))


def article_files(path: str | PathLike[str] | Sequence[str | PathLike[str]]) -> list[Path]:
    """The files ``read_articles`` reads for ``path``: a file; a folder (its files with a
    supported suffix, hidden ones left out, sorted by name); a glob pattern ("scrape/*.csv",
    sorted); or a list of any of these, in the order given.

    Raises ``BingkaiInputError`` for a folder or pattern with no article file.
    """
    if isinstance(path, (list, tuple)):
        files = [f for item in path for f in article_files(item)]
        if not files:
            raise BingkaiInputError("no article files given", hint="pass a file, a folder, a glob or a list of them")
        return files
    given = Path(path)
    if given.is_dir():
        if (given / "articles.jsonl").is_file() or (given / "index.json").is_file():
            raise BingkaiInputError("this is a built corpus (or a saved index), not a folder of article files",
                                    path=given, hint="load it with bingkai.load_corpus(folder) "
                                                     "(an index: bingkai.Corpus.load(folder))")
        files = sorted((p for p in given.iterdir() if p.is_file() and not p.name.startswith(".")
                        and _supported(p)), key=lambda p: p.name)
        if not files:
            raise BingkaiInputError("no article files in this folder", path=given,
                                    hint=f"put .csv/.tsv/.json/.jsonl/.xlsx/.parquet files (optionally .gz) there")
        return files
    if not given.exists() and _GLOB_CHARS & set(str(path)):
        files = sorted(Path(p) for p in glob.glob(str(path)) if Path(p).is_file())
        if not files:
            raise BingkaiInputError(f"no article files match {str(path)!r}", path=given.parent,
                                    hint="check the pattern (e.g. scrape/*.csv) and the folder")
        return files
    return [given]


def _supported(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return Path(name).suffix in SUFFIXES


def _derived_id(outlet: str, key: str) -> str:
    return hashlib.sha256(f"{outlet}\n{key}".encode()).hexdigest()[:DERIVED_ID_LENGTH]


#: a cleaning worker's rules, learned dateline and outlet name forms (``_init_cleaning``)
_WORKER_CLEANING: tuple[Boilerplate, Any, dict[str, frozenset[str]] | None] | None = None


def _init_cleaning(bp: Boilerplate, dateline: Any, forms: dict[str, frozenset[str]] | None) -> None:
    global _WORKER_CLEANING
    _WORKER_CLEANING = (bp, dateline, forms)


def _clean_chunk(pieces: list[tuple[str, str | None, str]]) -> list[tuple[Cleaned, set | None]]:
    """``clean`` on each ``(text, title, outlet)`` in a worker process (``read_articles(n_jobs=...)``),
    with the article's ``article_items`` when boilerplate is learned (``forms`` given)."""
    bp, dateline, forms = _WORKER_CLEANING
    out = []
    for text, title, outlet in pieces:
        result = clean(text, title=title, boilerplate=bp, scraped=True, dateline=dateline)
        out.append((result, article_items(result, forms.get(outlet, frozenset())) if forms is not None else None,
                    _body_facts(result.text)))
    return out


def _body_facts(body: str) -> tuple[str, int]:
    """``(reuse_key, word_count)`` of a body text: what the frame keeps of it besides the
    text. Made in the worker that cleaned the article; the main process makes them again
    only for the articles the learned pass then changed."""
    return reuse_key(body), word_count(body)


def read_articles(path: str | PathLike[str] | Sequence[str | PathLike[str]], *, text: str | None = None, outlet: str | None = None,
                  title: str | None = None, doc_id: str | None = None, published: str | None = None,
                  url: str | None = None, period: str | None = None, rules: str | PathLike[str] | None = None, day_first: bool = True,
                  min_words: int = SHORT_MIN_WORDS, learn: bool = True, min_articles: int = THRESHOLDS.min_articles,
                  min_share: float = THRESHOLDS.min_share, report: bool = True, progress: bool | None = None,
                  n_jobs: int = 1) -> pd.DataFrame:
    """Bring your own articles: a scraped file -> the corpus frame (module docstring).

    Parameters
    ----------
    path
        ``.csv``/``.tsv`` (separator sniffed), ``.json``, ``.jsonl``,
        ``.xlsx``, ``.parquet``, each optionally ``.gz``; or several of them
        (a scrape is often one file a day): a folder (its files with those
        suffixes), a glob pattern (``"scrape/2025-06-*.csv"``) or a list of
        paths. Several files are read as one corpus: each must have the same
        columns; duplicates and re-scrapes are found across files, and
        boilerplate is learned from all of them together.
    text, outlet, title, doc_id, published, url, period
        The column (key) holding each field. ``text`` and ``outlet`` default
        to columns named ``text`` and ``outlet``, ``url`` to a column named
        ``url`` or ``link`` (``URL_NAMES``); news-watch output (columns
        ``content``, ``source``, ``title``, ``publish_date``, ``link``) is
        recognised without any keyword. The others are optional; ``period``
        names a column of the researcher's own periods ("before", "after").
    rules
        A CSV of extra cleaning rules, same columns as the packaged
        ``bingkai/data/boilerplate.csv`` (``rule, kind, pattern, max_words,
        note``), applied after the packaged rules.
    day_first
        Numeric dates are day/month/year (the Indonesian order).
    min_words
        Bodies with fewer words are flagged ``short`` (kept).
    learn, min_articles, min_share
        The learned-boilerplate pass (``bingkai.clean.learned``) and its thresholds.
    report
        Print the summary table (``read_summary``) when done.
    progress
        Progress bar (None: on a terminal, see ``bingkai.progress``).
    n_jobs
        Processes that clean the articles (-1: one per CPU). The result is the same
        whatever ``n_jobs`` is: each article is cleaned alone, and what is learned from the
        whole corpus (datelines, boilerplate) is learned in this process.

    Returns
    -------
    pandas.DataFrame
        One row per article, sorted by ``doc_id``: the corpus frame's columns
        (``load_corpus``; ``domain``, ``period``, ``republished_from`` are "",
        ``source_file`` is the file the article was read from (``path`` as given for one file), ``source_sha256`` the sha256 of
        the text as cleaned (after markup/mojibake repair), ``body_lines``
        count the lines of that text), then ``url`` (""), ``published_raw``
        (the date cell as a string), ``published_at`` (UTC timestamp, NaT when
        missing or unreadable; ``published`` is the printed calendar date,
        "" then), ``short`` (bool: fewer than ``min_words`` body words) and
        ``reuse_of`` (the smallest other ``doc_id`` with the same body text,
        case, spacing and punctuation ignored (``reuse_key``); "" when none).

        Without ``doc_id`` (or for an empty ``doc_id`` cell) the id is the
        first 16 hex digits of the sha256 of ``outlet + "\\n" + url`` (with a
        ``url``), else of ``outlet + "\\n" + text``: stable across runs and row
        order, and the same whichever scrape of a URL is kept. A ``doc_id``
        that articles of several outlets carry is prefixed with the outlet
        ("Kompas:101"), with a warning: ids are per site, so those are
        different articles, never re-scrapes of one (nor are rows of
        different outlets with one URL). A date outside the timestamp range
        (year 1599, 2300) stays in ``published_raw``, NaT, counted as "dates
        out of range".

        ``attrs["skipped"]``: records ``row, doc_id, reason`` for every row
        not in the frame (missing or non-text value, empty outlet, duplicate,
        re-scrape, no body left), also announced in one warning.
        ``bingkai.removed(frame)``: the removal log; ``bingkai.read_summary(frame)``:
        the summary.

    Raises
    ------
    BingkaiInputError
        Naming the file and row: a missing file or column, an unsupported or
        malformed file (a CSV row with the wrong number of fields included),
        an undecodable file, a bad ``rules`` file.
    """
    n_jobs = check_n_jobs(n_jobs)
    files = article_files(path)
    # one file named as such: its path as given (as before); a list, a folder or a glob (even of
    # one file): each file as listed or found
    several = len(files) > 1 or not (isinstance(path, (str, PathLike)) and Path(path).is_file())
    names = [str(path)] if not several else [str(f) for f in files]
    where = (str(path) if not several else str(files[0]) if len(files) == 1
             else f"{len(files)} files ({files[0].name} … {files[-1].name})")
    bp = _user_boilerplate(rules)
    skipped: list[dict] = []
    counts = {"html": {}, "mojibake": {}, "repaired": {}}
    rows: list[_Row] = []
    read_per_outlet: dict[str, int] = {}
    n_rows = 0
    formats: list[Table] = []
    first_columns: tuple[str, ...] | None = None
    for position, file in enumerate(files):
        table = read_table(file)
        wanted = _columns(table, file, {"text": text, "outlet": outlet, "title": title, "doc_id": doc_id,
                                        "published": published, "url": url, "period": period})
        if first_columns is None:
            first_columns = table.columns
        elif set(table.columns) != set(first_columns):
            extra = sorted(set(table.columns) - set(first_columns))
            lacking = sorted(set(first_columns) - set(table.columns))
            raise BingkaiInputError(
                f"its columns differ from those of {files[0].name}"
                + (f" (it has {', '.join(map(repr, extra))}" if extra else " (")
                + ("; " if extra and lacking else "")
                + (f"it lacks {', '.join(map(repr, lacking))}" if lacking else "") + ")", path=file,
                hint="files read together must have the same columns: rename them, or read the files apart")
        if table.encoding not in ("", "utf-8", "ascii"):
            second = (f"; runner-up: {table.runner_up} (single-byte code pages are ranked by the characters "
                      "Indonesian text does not use)" if table.runner_up else "")
            warnings.warn(f"{file}: not UTF-8; decoded as {table.encoding} (detected by charset-normalizer){second}. "
                          "Check a few accented words; re-save as UTF-8 to be sure.", UserWarning, stacklevel=2)
        formats.append(table)
        n_rows += len(table.rows)
        rows.extend(_file_rows(table, wanted, position, skipped, read_per_outlet))
        table.rows.clear()   # the raw cells are no longer needed: free them before cleaning
    files_shown = [f.name for f in files] if several else None
    shared = _outlet_prefixed_ids(rows)
    if shared:
        shown = ", ".join(shared[:5]) + (f" and {len(shared) - 5} more" if len(shared) > 5 else "")
        warnings.warn(f"{where}: doc_id {shown} is used by more than one outlet: those articles are kept "
                      "apart, their doc_id prefixed with the outlet (e.g. 'Kompas:101')", UserWarning, stacklevel=2)
    rows = _resolve_duplicates(rows, skipped, by_id="doc_id" in wanted, by_url="url" in wanted, files=files_shown)
    dates = parse_dates([r.published for r in rows], day_first=day_first)
    # a readable date no timestamp can hold (year 1599, 2300): kept raw, NaT, counted apart
    unread = [i for i, stamp in enumerate(dates["published_at"]) if pd.isna(stamp)]
    far = {i for i, out in zip(unread, out_of_range_dates([rows[i].published for i in unread],
                                                           day_first=day_first), strict=True) if out}
    out_of_range: list[str] = []
    # plain lists: one .at lookup per article on an Arrow-backed frame costs more than the cleaning
    days, raw_dates = dates["published"].tolist(), dates["published_raw"].tolist()
    stamps = list(dates["published_at"])
    if "published" in wanted:
        _warn_unparsed(raw_dates, stamps, wanted["published"], where)

    outlets = [r.outlet for r in rows]
    urls_of: dict[str, list[str]] = {}
    for row in rows:
        urls_of.setdefault(row.outlet, []).append(row.url)
    forms = {o: name_forms(o, u) for o, u in urls_of.items()}
    # each outlet's dateline, learned from the raw openings before cleaning (clean cuts it)
    datelines, dateline_table = learn_datelines(
        outlets if learn else [], [r.text for r in rows] if learn else [], [r.url for r in rows] if learn else [],
        min_articles=min_articles, min_share=min_share)
    # every learned dateline on every article: a republished copy keeps its source's dateline
    dateline = any_dateline(datelines)
    cleaned: list[Cleaned] = []
    items: list[set | None] | None = None
    facts: list[tuple[str, int] | None] = []  # per article, from the workers (n_jobs > 1)
    desc = f"cleaning {files[0].name}" if not several else f"cleaning {len(files)} files"
    if n_jobs > 1 and len(rows) > 1:
        # the rules, the dateline and the name forms go to each worker once; articles and
        # results in order. The worker also lists what the learned pass counts in each
        # article (article_items): that is per article too, a third of the learning's time
        pieces = [(row.text, row.title or None, row.outlet) for row in rows]
        items = []
        if dateline is not None:
            dateline.compile()  # once here, before the workers fork, not in each of them (~0.3 s)
        for _, done in chunked_map(_clean_chunk, pieces, n_jobs, initializer=_init_cleaning,
                                   initargs=(bp, dateline, forms if learn else None), desc=desc,
                                   progress=progress):
            for result, found, body in done:
                cleaned.append(result)
                items.append(found)
                facts.append(body)
    for k, row in enumerate(rows if n_jobs > 1 and len(rows) > 1
                            else progress_bar(rows, desc=desc, total=len(rows), progress=progress, unit="article")):
        if len(cleaned) <= k:
            cleaned.append(clean(row.text, title=row.title or None, boilerplate=bp, scraped=True,
                                 dateline=dateline))
        # the raw text is needed again only for its hash and the derived id: keep those, not
        # the text (the cleaned lines hold a copy until the learned pass has seen every article)
        row.sha256 = hashlib.sha256(row.text.encode("utf-8")).hexdigest()
        row.ident = row.doc_id or _derived_id(row.outlet, row.url or row.text)
        row.text = ""
    learned = (learn_boilerplate(outlets, cleaned, min_articles=min_articles, min_share=min_share, names=forms,
                                 items=items)
               if learn else learn_boilerplate([], [], min_articles=min_articles, min_share=min_share))
    before = [(len(result.cuts), result.rules.count("")) for result in cleaned]
    remove_learned(outlets, cleaned, learned, names=forms)
    for k, (result, state) in enumerate(zip(cleaned, before, strict=True)):
        # furniture glued into a repeated sentence hid the repeat from clean(): look again
        # where the learned pass cut something
        if state != (len(result.cuts), result.rules.count("")):
            repeated_sentences(result, dateline)
            if k < len(facts):
                facts[k] = None  # the body changed: its facts are made again below
    learned = (pd.concat([learned, dateline_table], ignore_index=True)
               .sort_values(["outlet", "kind", "text"], kind="stable", ignore_index=True))

    records, removed, glued = [], [], []
    for i, (row, result) in enumerate(zip(rows, cleaned, strict=True)):
        ident = row.ident
        if not result.body_lines:
            skipped.append({"file": row.file, "row": row.number, "doc_id": ident,
                            "reason": "no body text left after cleaning", "outlet": row.outlet})
            continue
        for kind in ("html", "mojibake"):
            if kind in row.notes:
                counts[kind][row.outlet] = counts[kind].get(row.outlet, 0) + 1
        if any(n not in ("html", "mojibake") for n in row.notes):
            counts["repaired"][row.outlet] = counts["repaired"].get(row.outlet, 0) + 1
        body_text = result.text
        reuse, n_words = (facts[i] if i < len(facts) and facts[i] is not None
                          else _body_facts(body_text))
        if i in far:
            out_of_range.append(row.outlet)
        records.append({
            "doc_id": ident, "outlet": row.outlet, "domain": "", "published": days[i],
            "period": row.period, "republished_from": "", "title": result.title, "subtitle": result.subtitle,
            "text": body_text, "source_file": names[row.file],
            "source_sha256": row.sha256,
            "body_lines": list(result.body_lines), "lines_kept": len(result.body_lines),
            "lines_dropped": len(result.lines) - len(result.body_lines),
            "url": row.url, "published_raw": raw_dates[i],
            "published_at": stamps[i], "short": n_words < min_words,
            "reuse_of": reuse,
        })
        removed.extend((ident, row.outlet, line, line_text, rule) for line, line_text, rule in result.removed)
        glued.extend((ident, row.outlet, line, word) for line, word in result.glued)

    if out_of_range:
        warnings.warn(f"{where}: {len(out_of_range)} date(s) out of range (before 1677 or after 2262, e.g. a "
                      "mistyped year): kept in published_raw, published_at left empty (NaT)",
                      UserWarning, stacklevel=2)
    frame = _frame(records)
    removed_frame = pd.DataFrame(removed, columns=["doc_id", "outlet", "line", "text", "rule"])
    removed_frame = removed_frame.astype({"doc_id": "str", "outlet": "str", "line": "int64", "text": "str",
                                          "rule": "str"})
    removed_frame = removed_frame.sort_values(["doc_id", "line"], kind="stable", ignore_index=True)
    summary = _summary(frame, skipped, removed_frame, glued, counts, read_per_outlet, out_of_range)
    skipped.sort(key=lambda s: (s["file"], s["row"]))
    # several files: each record also names its file (the row numbers are each file's own)
    fields = ("row", "doc_id", "reason") + (("source_file",) if several else ())
    frame.attrs["skipped"] = Records({k: s[k] for k in fields}
                                     for s in ({**r, "source_file": names[r["file"]]} for r in skipped))
    frame.attrs["removed"] = Attached(removed_frame)
    frame.attrs["summary"] = Attached(summary)
    frame.attrs["learned"] = Attached(learned)
    source = "; ".join(dict.fromkeys(", ".join(filter(None, [
        table.format + (" (gzip)" if table.compressed else ""),
        f"encoding {table.encoding}" if table.encoding else "",
        f"separator {table.separator!r}" if table.separator else ""])) for table in formats))
    frame.attrs["source"] = source

    if skipped:
        shown = "; ".join((f"{files[s['file']].name}:" if several else "") + f"{s['row']} ({s['reason']})"
                          for s in skipped[:20])
        more = f"; … and {len(skipped) - 20} more" if len(skipped) > 20 else ""
        label = {"row": "rows", "line": "lines", "item": "items"}[formats[0].row_label]
        warnings.warn(
            f"{where}: skipped {len(skipped)} of {n_rows} articles — {label} {shown}{more}. "
            "The list is in frame.attrs['skipped'].", UserWarning, stacklevel=2)
    if report:
        print(f"{where} ({source})", file=sys.stdout)
        print(format_summary(summary), file=sys.stdout)
    return frame


def _warn_unparsed(raw_dates: list[str], stamps: list, column: str, where: str) -> None:
    """One warning when at least ``UNPARSED_WARN_SHARE`` of the dates given stay NaT, naming the
    most common unreadable values (a timeline would silently lose those articles)."""
    given = [raw for raw in raw_dates if raw]
    unread = Counter(raw for raw, stamp in zip(raw_dates, stamps, strict=True) if raw and pd.isna(stamp))
    n = sum(unread.values())
    if not given or n < UNPARSED_WARN_SHARE * len(given):
        return
    examples = [value for value, _ in sorted(unread.items(), key=lambda item: (-item[1], item[0]))[:3]]
    warnings.warn(
        f"{where}: {n} of {len(given)} dates in column {column!r} ({100 * n / len(given):.0f}%) could not be "
        f"read, e.g. {', '.join(map(repr, examples))}: they are NaT, and those articles drop out of every "
        "timeline. Check the column (published=...); write the dates as 2025-06-18 10:31 WIB if the format "
        "is not one bingkai reads (day_first=False for month-first dates).", UserWarning, stacklevel=3)


def _file_rows(table: Table, wanted: dict[str, str], position: int, skipped: list[dict],
               read_per_outlet: dict[str, int]) -> list[_Row]:
    """The rows of one file that can be articles (markup and mojibake repaired); the others go
    to ``skipped`` with their reason."""
    rows: list[_Row] = []
    for number, cells in table.rows:
        source = cell_string(cells.get(wanted["outlet"])).strip()
        read_per_outlet[source] = read_per_outlet.get(source, 0) + 1
        given_id = cell_string(cells.get(wanted["doc_id"])).strip() if "doc_id" in wanted else ""
        body, note = text_value(cells.get(wanted["text"]))
        if body is None:
            reason = "empty text" if note == "missing" else f"text is {note}"
            skipped.append({"file": position, "row": number, "doc_id": given_id, "reason": reason,
                            "outlet": source})
            continue
        notes = [note] if note else []
        if has_markup(body):
            body = html_to_text(body)
            notes.append("html")
        fixed = fix_mojibake(body)
        if fixed != body:
            body = fixed
            notes.append("mojibake")
        if not body.strip():
            skipped.append({"file": position, "row": number, "doc_id": given_id, "reason": "empty text",
                            "outlet": source})
            continue
        if not source:
            skipped.append({"file": position, "row": number, "doc_id": given_id, "reason": "empty outlet",
                            "outlet": ""})
            continue
        heading = fix_mojibake(html_to_text(cell_string(cells.get(wanted.get("title"))))).strip() \
            if "title" in wanted else ""
        rows.append(_Row(number, body, source, heading, given_id,
                         cells.get(wanted["published"]) if "published" in wanted else None,
                         cell_string(cells.get(wanted.get("url"))).strip() if "url" in wanted else "", notes,
                         file=position,
                         period=cell_string(cells.get(wanted["period"])).strip() if "period" in wanted else ""))
    return rows


def _outlet_prefixed_ids(rows: list[_Row]) -> list[str]:
    """Give a doc_id that several outlets use the outlet as prefix ("Kompas:101"), in place.

    Two outlets' article 101 are two articles (ids are per site), not one
    scraped twice: without the prefix the re-scrape rule would keep one.
    Returns the shared ids, sorted.
    """
    outlets: dict[str, set[str]] = {}
    for row in rows:
        if row.doc_id:
            outlets.setdefault(row.doc_id, set()).add(row.outlet)
    shared = sorted(ident for ident, names in outlets.items() if len(names) > 1)
    wanted = set(shared)
    for row in rows:
        if row.doc_id in wanted:
            row.doc_id = f"{row.outlet}:{row.doc_id}"
    return shared


def _resolve_duplicates(rows: list[_Row], skipped: list[dict], *, by_id: bool, by_url: bool,
                        files: list[str] | None = None) -> list[_Row]:
    """Keep one row per article (module docstring, step 3); the others go to ``skipped``.

    Identical rows are ``duplicate``; rows sharing the doc_id (when given),
    else the URL (when given), else the outlet and text are one article
    scraped more than once: the longest text is kept, the earliest row on a
    tie. ``files``: the names of the files read, when several (a row is then
    named with its file, and "earliest" is in the order of the files).
    """

    def at(row: _Row) -> str:
        return f"row {row.number}" + (f" of {files[row.file]}" if files else "")

    first_identical: dict[tuple, _Row] = {}
    unique: list[_Row] = []
    for row in rows:
        key = (row.text, row.outlet, row.title, row.doc_id, repr(row.published), row.url)
        if key in first_identical:
            skipped.append({"file": row.file, "row": row.number, "doc_id": row.doc_id, "outlet": row.outlet,
                            "reason": f"duplicate of {at(first_identical[key])} (identical row)"})
            continue
        first_identical[key] = row
        unique.append(row)
    groups: dict[tuple[str, ...], list[_Row]] = {}
    for row in unique:
        if by_id and row.doc_id:
            key = ("doc_id", row.doc_id)
        elif by_url and row.url:
            key = ("url", row.outlet, row.url)   # never one article across outlets
        else:
            key = ("text", row.outlet, row.text)
        groups.setdefault(key, []).append(row)
    kept = []
    for key, members in groups.items():
        best = max(members, key=lambda r: (len(r.text), -r.file, -r.number))
        kept.append(best)
        for row in members:
            if row is best:
                continue
            what = {"doc_id": "same doc_id", "url": "same url", "text": "same outlet and text"}[key[0]]
            reason = (f"duplicate of {at(best)} ({what})" if key[0] == "text"
                      else f"re-scrape of {at(best)} ({what}; the longest text is kept)")
            skipped.append({"file": row.file, "row": row.number, "doc_id": row.doc_id, "outlet": row.outlet,
                            "reason": reason})
    kept.sort(key=lambda r: (r.file, r.number))
    return kept


def _frame(records: list[dict]) -> pd.DataFrame:
    """Records -> the frame: ``READ_COLUMNS`` with their dtypes, ``reuse_of`` resolved, sorted by doc_id."""
    frame = pd.DataFrame.from_records(records, columns=list(READ_COLUMNS))
    frame = frame.astype({c: "str" for c in STRING_COLUMNS + ("url", "published_raw", "reuse_of")}
                         | {"lines_kept": "int64", "lines_dropped": "int64", "short": "bool"})
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True).astype("datetime64[ns, UTC]")
    frame["body_lines"] = frame["body_lines"].astype(object)
    frame = frame.sort_values("doc_id", kind="stable", ignore_index=True)
    # reuse_of holds the body key until here: map it to the smallest other doc_id with that key
    first: dict[str, str] = {}
    second: dict[str, str] = {}
    for ident, key in zip(frame["doc_id"], frame["reuse_of"], strict=True):
        if key not in first:
            first[key] = ident
        elif key not in second:
            second[key] = ident
    frame["reuse_of"] = pd.Series(
        [("" if not key or key not in second else second[key] if first[key] == ident else first[key])
         for ident, key in zip(frame["doc_id"], frame["reuse_of"], strict=True)], dtype="str")
    return frame


def _summary(frame: pd.DataFrame, skipped: list[dict], removed: pd.DataFrame, glued: list,
             counts: dict[str, dict[str, int]], read_per_outlet: dict[str, int],
             out_of_range: list[str]) -> pd.DataFrame:
    """The summary table: per item, the total (outlet "all") then one row per outlet."""
    items: dict[str, dict[str, int]] = {}

    def tally(item: str, outlets) -> None:
        per = items.setdefault(item, {})
        for outlet in outlets:
            per[outlet] = per.get(outlet, 0) + 1

    items["rows read"] = dict(read_per_outlet)
    tally("kept", frame["outlet"])
    tally("duplicates", (s["outlet"] for s in skipped if s["reason"].startswith("duplicate")))
    tally("re-scrapes", (s["outlet"] for s in skipped if s["reason"].startswith("re-scrape")))
    tally("other skipped", (s["outlet"] for s in skipped if not s["reason"].startswith(("duplicate", "re-scrape"))))
    tally("short", frame.loc[frame["short"], "outlet"])
    tally("text reuse", frame.loc[frame["reuse_of"] != "", "outlet"])
    tally("dates unparsed", frame.loc[(frame["published_raw"] != "") & frame["published_at"].isna(), "outlet"])
    for outlet in out_of_range:   # unparsed above, but readable: counted as out of range instead
        items["dates unparsed"][outlet] -= 1
    tally("dates out of range", out_of_range)
    items["html converted"] = counts["html"]
    items["mojibake repaired"] = counts["mojibake"]
    items["values repaired"] = counts["repaired"]
    tally("glued words split", (g[1] for g in glued))
    for rule in sorted(set(removed["rule"])):
        tally(f"removed: {rule}", removed.loc[removed["rule"] == rule, "outlet"])
    rows = []
    for item, per in items.items():
        rows.append(("all", item, sum(per.values())))
        rows.extend((outlet, item, per[outlet]) for outlet in sorted(per))
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS)).astype(
        {"outlet": "str", "item": "str", "count": "int64"})


def format_summary(summary: pd.DataFrame) -> str:
    """The summary as one printed table: items down, "all" then each outlet across."""
    if summary.empty:
        return "(nothing read)"
    wide = summary.pivot_table(index="item", columns="outlet", values="count", aggfunc="sum", fill_value=0,
                               sort=False)
    outlets = ["all"] + sorted(c for c in wide.columns if c != "all")
    return wide.loc[list(dict.fromkeys(summary["item"])), outlets].to_string()


def _attached(corpus: pd.DataFrame, name: str, what: str) -> pd.DataFrame:
    if not isinstance(corpus, pd.DataFrame):
        raise BingkaiInputError(f"corpus must be a pandas DataFrame, got {type(corpus).__name__}",
                                hint="pass the frame bingkai.read_articles() returned")
    handle = corpus.attrs.get(name)
    if not isinstance(handle, Attached):
        raise BingkaiInputError(
            f"this corpus frame carries no {what}",
            hint="it is kept on the frame bingkai.read_articles() returns (and frames filtered from it; "
                 "pd.concat of two reads drops it). For the seed corpus read corpus/removed.csv")
    return handle.table


def removed(corpus: pd.DataFrame) -> pd.DataFrame:
    """The removal log of a corpus read with ``read_articles``: what was cut, where, and why.

    Returns one row per removed line or cut fragment of the articles still in
    ``corpus`` (a filtered frame gives its own articles' rows), columns
    ``doc_id, line, text, rule`` as in the seed corpus's ``removed.csv``
    (``line``: 1-based line of the article's text after markup repair;
    ``text``: the line, or the fragment cut from it -- a dateline prefix, a
    learned sentence -- when the rest of the line stayed in the body),
    sorted by doc_id and line.
    """
    log = _attached(corpus, "removed", "removal log")
    keep = log["doc_id"].isin(set(corpus["doc_id"].astype(str))) if "doc_id" in corpus.columns else False
    return log.loc[keep, list(REMOVED_COLUMNS)].reset_index(drop=True)


def read_summary(corpus: pd.DataFrame) -> pd.DataFrame:
    """The summary ``read_articles`` printed: what was read, kept, flagged and removed.

    Returns a tidy table with columns ``outlet, item, count``: outlet "all"
    (the totals) first, then one row per outlet and item. Items: ``rows
    read``, ``kept``, ``duplicates``, ``re-scrapes``, ``other skipped``,
    ``short``, ``text reuse``, ``dates unparsed``, ``dates out of range``, ``html converted``,
    ``mojibake repaired``, ``values repaired``, ``glued words split`` and
    ``removed: <rule>`` (lines and fragments removed under each rule). Counts
    are for the whole file as read, not for a filtered frame.
    ``bingkai.io.reading.format_summary`` prints it as one wide table.
    """
    return _attached(corpus, "summary", "read summary").copy()


def learned_boilerplate(corpus: pd.DataFrame) -> pd.DataFrame:
    """The boilerplate ``read_articles`` learned from the corpus (``bingkai.clean.learned``,
    ``bingkai.clean.datelines``).

    Columns ``outlet, kind, text, articles, share``; kinds ``line``,
    ``prefix``, ``sentence``, ``phrase``, ``closing`` (``text`` is the
    comparison key) and ``dateline`` (``text`` shows the outlet's most common
    dateline with its places, e.g. ``"liputan6.com, [bandung|jakarta] -"``).
    """
    return _attached(corpus, "learned", "learned boilerplate").copy()
