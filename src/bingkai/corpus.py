"""The corpus: seed articles + ``sources.csv`` -> cleaned articles, and loading them.

``build_corpus`` reads every ``*.txt`` seed and the hand-curated
``sources.csv``, cleans each article (``bingkai.cleaning``) and writes
``articles.jsonl`` and ``removed.csv``; ``load_corpus`` reads them back
(``bingkai.reading.read_articles`` brings a researcher's own scraped articles
into the same shape).

The corpus frame has one row per article, sorted by ``doc_id``, columns
``doc_id, outlet, domain, published, period, republished_from, title,
subtitle, text, source_file, source_sha256, body_lines, lines_kept,
lines_dropped``:

- ``published``: ISO date ``YYYY-MM-DD`` or "".
- ``text``: the kept lines, each exactly as in the source (line ending and
  trailing whitespace removed), joined by "\\n".
- ``source_file``: for seeds ``<seeds dir name>/<file>`` (e.g.
  ``seeds/000_x.txt``), the same wherever the repository is checked out; for
  ``read_articles`` the input path as given.
- ``source_sha256``: sha256 of the seed file's bytes / of the article's raw
  text encoded as UTF-8.
- ``body_lines``: list of the 1-based source line numbers of the lines in
  ``text``.
- ``lines_kept`` = ``len(body_lines)``; ``lines_dropped`` = every other line,
  including blank lines and the lines moved into ``title``/``subtitle``, so
  ``lines_kept + lines_dropped`` is the source's line count.

``removed.csv`` (columns ``doc_id, line, text, rule``, sorted by doc_id, line)
logs every line not in ``text`` with the rule that removed it -- blank lines
too (rule ``blank``), and ``title``/``subtitle`` for lines moved into those
columns -- so each source line is in exactly one of ``body_lines`` and the log.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from .cleaning import clean
from .errors import BingkaiInputError
from .progress import progress_bar

COLUMNS = (
    "doc_id", "outlet", "domain", "published", "period", "republished_from", "title",
    "subtitle", "text", "source_file", "source_sha256", "body_lines", "lines_kept",
    "lines_dropped",
)
STRING_COLUMNS = tuple(c for c in COLUMNS if c not in ("body_lines", "lines_kept", "lines_dropped"))
REMOVED_COLUMNS = ("doc_id", "line", "text", "rule")
SOURCES_REQUIRED = ("doc_id", "file", "outlet", "published", "date_basis", "period")
SOURCES_OPTIONAL = ("domain", "republished_from", "notes")
SKIPPED_COLUMNS = ("row", "doc_id", "reason")
ARTICLES_FILE = "articles.jsonl"
REMOVED_FILE = "removed.csv"
#: length of a derived doc_id (hex digits of sha256): 64 bits, collisions
#: negligible for millions of articles
DERIVED_ID_LENGTH = 16

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
PathArg = str | PathLike[str]


# --- reading input files ---------------------------------------------------------

def decode_utf8(raw: bytes, path: PathArg) -> str:
    """Decode ``raw`` as UTF-8 (a leading BOM is dropped) or raise naming the line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise BingkaiInputError(
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at byte offset {err.start})",
            path=path, row=line, row_label="line",
            hint="Re-save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)",
        ) from None


def _read_bytes(path: PathArg, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise BingkaiInputError(f"{what} not found", path=path,
                                hint="Check the path (relative paths start at the current directory)") from None
    except IsADirectoryError:
        raise BingkaiInputError(f"{what} is a directory, not a file", path=path,
                                hint="Pass the path of the file") from None


def _read_csv_text(text: str, path: PathArg, *, strip: bool) -> pd.DataFrame:
    """All cells as str ("" for empty); ``strip``: remove surrounding whitespace."""
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise BingkaiInputError("the file is empty", path=path, row=1,
                                hint="Write a header row and one row per article") from None
    except pd.errors.ParserError as err:
        raise BingkaiInputError(f"not a well-formed CSV ({err})", path=path,
                                hint="Quote cells that contain commas or line breaks") from None
    table.columns = [str(c).strip() for c in table.columns]
    if strip and len(table.columns):
        table = table.apply(lambda col: col.str.strip())
    return table


def _iso_date(value: str, path: PathArg, row: int, *, strict: bool) -> str:
    """``value`` as ``YYYY-MM-DD`` ("" stays ""). ``strict``: only a bare ISO date."""
    value = value.strip()
    if not value:
        return ""
    try:
        if strict:
            if not _ISO_DAY.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value).isoformat()
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        raise BingkaiInputError(f"published {value!r} is not an ISO date", path=path, row=row,
                                hint="Write dates as YYYY-MM-DD, or leave the cell empty when unknown") from None


# --- the corpus frame --------------------------------------------------------------

def _frame(records: Iterable[dict]) -> pd.DataFrame:
    """Records -> corpus frame with the contract's columns, dtypes and order."""
    frame = pd.DataFrame.from_records(list(records), columns=list(COLUMNS))
    frame = frame.astype({c: "str" for c in STRING_COLUMNS} | {"lines_kept": "int64", "lines_dropped": "int64"})
    frame["body_lines"] = frame["body_lines"].astype(object)
    return frame.sort_values("doc_id", kind="stable", ignore_index=True)


def _record(*, doc_id: str, outlet: str, domain: str, published: str, period: str,
            republished_from: str, source_file: str, source_sha256: str,
            cleaned) -> dict:
    return {
        "doc_id": doc_id, "outlet": outlet, "domain": domain, "published": published,
        "period": period, "republished_from": republished_from, "title": cleaned.title,
        "subtitle": cleaned.subtitle, "text": cleaned.text, "source_file": source_file,
        "source_sha256": source_sha256, "body_lines": list(cleaned.body_lines),
        "lines_kept": len(cleaned.body_lines), "lines_dropped": len(cleaned.lines) - len(cleaned.body_lines),
    }


def _jsonl(frame: pd.DataFrame) -> str:
    lines = []
    for rec in frame.itertuples(index=False):
        obj = {c: getattr(rec, c) for c in COLUMNS}
        obj = {c: (str(v) if c in STRING_COLUMNS else [int(x) for x in v] if c == "body_lines" else int(v))
               for c, v in obj.items()}
        lines.append(json.dumps(obj, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def _json_lines(text: str, path: PathArg, *, hint: str) -> Iterator[tuple[int, object]]:
    """``(1-based line number, parsed value)`` for each non-blank line of a
    JSONL text; invalid JSON is an input error naming the file and line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as err:
            raise BingkaiInputError(f"not valid JSON ({err.msg})", path=path, row=number,
                                    row_label="line", hint=hint) from None


def _write_atomic(files: dict[Path, str]) -> None:
    """Write every file to a temp file beside it, then rename them all into place.

    Nothing is renamed until every temp file is fully written, so a failure
    leaves the old outputs untouched (and no stray temp files).
    """
    temps: dict[Path, str] = {}
    try:
        for target, content in files.items():
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            temps[target] = tmp
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are ordinary shared files
        for target, tmp in temps.items():
            os.replace(tmp, target)
    finally:
        for tmp in temps.values():
            if os.path.exists(tmp):
                os.unlink(tmp)


# --- sources.csv ---------------------------------------------------------------------

def check_frame(corpus: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """Validate a corpus frame handed to an analysis function.

    ``corpus`` must be a DataFrame with ``columns`` and a unique ``doc_id``
    (as ``load_corpus``/``read_articles`` return). Raises
    :class:`BingkaiInputError` otherwise. Returns the row positions that put
    the frame in ``doc_id`` order (stable), so every analysis walks documents
    in the same order whatever order the frame is in.
    """
    if not isinstance(corpus, pd.DataFrame):
        raise BingkaiInputError(f"corpus must be a pandas DataFrame, got {type(corpus).__name__}",
                                hint="load it with bingkai.load_corpus()")
    missing = [c for c in columns if c not in corpus.columns]
    if missing:
        raise BingkaiInputError(f"the corpus frame is missing column(s) {', '.join(missing)}",
                                hint="load it with bingkai.load_corpus() or bingkai.read_articles()")
    ids = corpus["doc_id"].astype(str)
    dup = ids[ids.duplicated()]
    if len(dup):
        raise BingkaiInputError(
            f"doc_id {dup.iloc[0]!r} occurs more than once in the corpus frame",
            hint="give every article its own doc_id (bingkai.load_corpus() does)")
    return ids.argsort(kind="stable").to_numpy()


def read_sources(path: PathArg = "corpus/sources.csv") -> pd.DataFrame:
    """Read and check the hand-curated metadata table.

    Returns one row per seed, in file order, columns ``row`` (1-based CSV row,
    header = 1) and ``doc_id, file, outlet, domain, published, date_basis,
    period, republished_from, notes`` (all str; optional columns ``domain``,
    ``republished_from``, ``notes`` are "" when the file lacks them). Raises
    ``BingkaiInputError`` naming the row for a missing required column, an
    empty ``doc_id``/``file``/``outlet``, a duplicate ``doc_id`` or ``file``, or
    a ``published`` value that is not ``YYYY-MM-DD``.
    """
    table = _read_csv_text(decode_utf8(_read_bytes(path, "sources file"), path), path, strip=True)
    missing = [c for c in SOURCES_REQUIRED if c not in table.columns]
    if missing:
        raise BingkaiInputError(
            f"missing required column(s) {', '.join(missing)}", path=path, row=1,
            hint=f"The header needs {', '.join(SOURCES_REQUIRED)} (optional: {', '.join(SOURCES_OPTIONAL)})")
    for col in SOURCES_OPTIONAL:
        if col not in table.columns:
            table[col] = ""
    table = table.loc[:, list(SOURCES_REQUIRED + SOURCES_OPTIONAL)]
    table.insert(0, "row", range(2, len(table) + 2))
    first_row: dict[tuple[str, str], int] = {}
    published = []
    for rec in table.itertuples(index=False):
        for col in ("doc_id", "file", "outlet"):
            value = getattr(rec, col)
            if not value:
                raise BingkaiInputError(f"empty {col}", path=path, row=rec.row,
                                        hint=f"Fill in {col} (or delete the row)")
            if col == "outlet":
                continue
            if (col, value) in first_row:
                raise BingkaiInputError(
                    f"duplicate {col} {value!r} (also on row {first_row[(col, value)]})", path=path,
                    row=rec.row, hint=f"Every seed needs exactly one row with a unique {col}")
            first_row[(col, value)] = rec.row
        published.append(_iso_date(rec.published, path, rec.row, strict=True))
    table["published"] = pd.Series(published, index=table.index, dtype="str")
    return table


# --- build ---------------------------------------------------------------------------

def build_corpus(seeds: PathArg = "seeds", sources: PathArg = "corpus/sources.csv",
                 out: PathArg = "corpus", progress: bool | None = None) -> pd.DataFrame:
    """Clean every seed and write ``<out>/articles.jsonl`` and ``<out>/removed.csv``.

    ``seeds``: directory of UTF-8 ``*.txt`` articles (other files are ignored).
    ``sources``: the metadata CSV (``read_sources``), one row per seed.
    Returns the corpus frame (module docstring), equal to ``load_corpus(out)``.

    Everything is read and checked before anything is written; the two files
    are then written to temp files and renamed into place, so on any error
    (``BingkaiInputError``: non-UTF-8 or empty seed, a sources row whose file
    is missing, a seed without a sources row, duplicate doc_id, missing
    column, bad date, a seed with no body text left) nothing is written.
    The two renames run back to back after both files are complete; only a
    crash between them (not bad input) could pair a new file with an old one.
    Output bytes depend only on the inputs, not on the working directory.
    """
    seeds_dir, out_dir = Path(seeds), Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise BingkaiInputError("the output path is a file, not a directory", path=out_dir,
                                hint="Pass --out with a directory (it is created if missing)")
    table = read_sources(sources)
    if not seeds_dir.is_dir():
        raise BingkaiInputError("seeds directory not found", path=seeds_dir,
                                hint="Pass --seeds with the directory that holds the *.txt articles")
    for rec in table.itertuples(index=False):
        if not (seeds_dir / rec.file).is_file():
            raise BingkaiInputError(
                f"file {rec.file!r} (doc_id {rec.doc_id}) not found in {seeds_dir}", path=sources,
                row=rec.row, hint="Fix the file name, add the seed, or delete the row")
    listed = {(seeds_dir / f).resolve() for f in table["file"]}
    for seed in sorted(p for p in seeds_dir.iterdir() if p.suffix == ".txt" and p.is_file()):
        if seed.resolve() not in listed:
            raise BingkaiInputError(
                f"seed has no row in {sources}", path=seed,
                hint=f"Add a row for it to {sources} (doc_id, file, outlet, published, date_basis, period, …)")

    records, removed = [], []
    rows = table.sort_values("doc_id", kind="stable")
    for rec in progress_bar(rows.itertuples(index=False), desc="cleaning seeds", total=len(rows),
                            progress=progress, unit="article"):
        path = seeds_dir / rec.file
        raw = path.read_bytes()
        text = decode_utf8(raw, path)
        if not text.strip():
            raise BingkaiInputError(f"the seed is empty (it is on row {rec.row} of {sources})", path=path,
                                    hint="Restore the article text, or delete the file and its row")
        cleaned = clean(text)
        if not cleaned.body_lines:
            raise BingkaiInputError(
                "no body text left after cleaning", path=path,
                hint="Check that the file holds an article; see bingkai.cleaning.line_report for why each line went")
        records.append(_record(
            doc_id=rec.doc_id, outlet=rec.outlet, domain=rec.domain, published=rec.published,
            period=rec.period, republished_from=rec.republished_from,
            source_file=f"{seeds_dir.resolve().name}/{rec.file}",
            source_sha256=hashlib.sha256(raw).hexdigest(), cleaned=cleaned))
        removed.extend((rec.doc_id, line, line_text, rule) for line, line_text, rule in cleaned.removed)

    frame = _frame(records)
    removed_frame = pd.DataFrame(removed, columns=list(REMOVED_COLUMNS)).sort_values(
        ["doc_id", "line"], kind="stable", ignore_index=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_atomic({
        out_dir / ARTICLES_FILE: _jsonl(frame),
        out_dir / REMOVED_FILE: removed_frame.to_csv(index=False, lineterminator="\n"),
    })
    return frame


# --- load ----------------------------------------------------------------------------

def load_corpus(path: PathArg = "corpus") -> pd.DataFrame:
    """Read a built corpus: ``path`` is the corpus directory or its ``articles.jsonl``.

    Returns the corpus frame (module docstring): one row per article, sorted
    by ``doc_id``, columns ``doc_id, outlet, domain, published, period,
    republished_from, title, subtitle, text, source_file, source_sha256,
    body_lines, lines_kept, lines_dropped``.
    """
    file = Path(path)
    if file.is_dir():
        file = file / ARTICLES_FILE
    if not file.exists():
        raise BingkaiInputError("corpus file not found", path=file,
                                hint="Build it with `bingkai corpus build` (or `make corpus`), "
                                     "or pass the corpus directory, e.g. load_corpus('../corpus') from notebooks/")
    text = decode_utf8(file.read_bytes(), file)
    records = []
    for number, obj in _json_lines(text, file, hint="Rebuild the corpus with `bingkai corpus build`"):
        missing = [c for c in COLUMNS if c not in obj] if isinstance(obj, dict) else list(COLUMNS)
        if missing:
            raise BingkaiInputError(f"article lacks {', '.join(missing)}", path=file, row=number,
                                    row_label="line", hint="Rebuild the corpus with `bingkai corpus build`")
        records.append(obj)
    return _frame(records)
