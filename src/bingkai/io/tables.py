"""Reading a researcher's article file, whatever its format, into rows of cells.

Scraping tools write CSV (comma-, semicolon- or tab-separated, from Excel or
pandas, sometimes UTF-16 or Windows-1252), JSON, JSONL, XLSX or Parquet, often
gzip-compressed. ``read_table`` turns any of them into the same thing: a
header and a list of ``(row number, {column: value})``, with the detected
format, encoding and separator kept so they can be reported.

Row numbers are what the researcher sees when opening the file: CSV/TSV and
XLSX rows with the header as row 1 (a CSV cell may span several lines, so a
row is not a line; errors name both), the 1-based line of a JSONL file, the
1-based position of an item in a JSON array or a Parquet table.

Nothing is guessed silently: a CSV row with more or fewer fields than the
header is an error naming the row and line -- the first data row included,
where pandas would quietly take the extra cell for an index and shift every
column -- and a non-UTF-8 file is decoded with the encoding charset-normalizer
detects, which is reported (``Table.encoding``).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from bingkai.errors import BingkaiInputError

#: separators tried when sniffing a delimited text file, most common first
SEPARATORS = (",", ";", "\t", "|")
#: suffixes understood (after an optional ``.gz``) -> format name
SUFFIXES = {
    ".csv": "csv", ".tsv": "csv", ".tab": "csv", ".txt": "csv",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet", ".pq": "parquet",
}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# csv's default field limit (128 KiB) is smaller than a long scraped article
csv.field_size_limit(2**31 - 1)


@dataclass
class Table:
    """A file read by ``read_table``.

    ``rows``: ``(row number, {column: value})`` per record, in file order;
    values are ``str`` for CSV, whatever the format holds otherwise (numbers,
    ``None``, NaN, lists, datetimes). ``columns``: the header, in file order.
    ``format``: ``csv``, ``json``, ``jsonl``, ``xlsx`` or ``parquet``;
    ``compressed``: gzip; ``encoding``: the text encoding used ("" for binary
    formats); ``separator``: the CSV separator ("" otherwise); ``row_label``:
    "row", "line" or "item", the word the row numbers go with.
    """

    rows: list[tuple[int, dict[str, object]]]
    columns: tuple[str, ...]
    format: str
    compressed: bool
    encoding: str
    separator: str
    row_label: str


def file_format(path: str | PathLike[str]) -> tuple[str, bool]:
    """``(format, gzip-compressed)`` from the file name, or an error listing the supported suffixes."""
    name = Path(path).name.lower()
    compressed = name.endswith(".gz")
    if compressed:
        name = name[:-3]
    suffix = Path(name).suffix
    if suffix not in SUFFIXES:
        shown = Path(path).suffix + (" (gzip)" if compressed else "")
        raise BingkaiInputError(
            f"unsupported file type {shown!r}", path=path,
            hint="Pass a .csv/.tsv, .json, .jsonl, .xlsx or .parquet file (optionally .gz-compressed)")
    return SUFFIXES[suffix], compressed


def read_bytes(path: str | PathLike[str], what: str) -> bytes:
    """The file's bytes, or an error saying the file is missing or a directory."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise BingkaiInputError(f"{what} not found", path=path,
                                hint="Check the path (relative paths start at the current directory)") from None
    except IsADirectoryError:
        raise BingkaiInputError(f"{what} is a directory, not a file", path=path,
                                hint="Pass the path of the file") from None


def decode(raw: bytes, path: str | PathLike[str]) -> tuple[str, str]:
    """``(text, encoding)``: a BOM decides; else UTF-8; else charset-normalizer's guess.

    UTF-8 is tried first because it is almost never valid by accident; only a
    file that is not UTF-8 is handed to charset-normalizer, and the encoding it
    picks is returned so the caller can report it. Raises naming the first bad
    byte's line when no encoding fits.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        first_bad = err
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        return str(best), codecs.lookup(best.encoding).name
    line = raw[: first_bad.start].count(b"\n") + 1
    raise BingkaiInputError(
        f"not valid UTF-8 (byte 0x{raw[first_bad.start]:02x} at byte offset {first_bad.start}) "
        "and no other encoding fits", path=path, row=line, row_label="line",
        hint="Re-save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)")


def sniff_separator(header: str) -> str:
    """The separator of a delimited file: the candidate found most often in its header line.

    Quoted header cells are skipped when counting, so a comma inside a quoted
    column name does not make a semicolon file look comma-separated. Ties go
    to the earlier candidate in ``SEPARATORS`` (comma first).
    """
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _csv_rows(text: str, path: str | PathLike[str], suffix: str) -> tuple[tuple[str, ...], list, str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise BingkaiInputError("the file is empty", path=path, row=1,
                                hint="Write a header row and one row per article")
    first_line = text.split("\n", 1)[0]
    separator = "\t" if suffix in (".tsv", ".tab") else sniff_separator(first_line)
    # newline="" keeps "\r\n" inside quoted cells; csv handles row endings itself
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        header = next(reader)
    except csv.Error as err:
        raise BingkaiInputError(f"not a well-formed CSV header ({err})", path=path, row=1,
                                hint="Quote cells that contain the separator, quotes or line breaks") from None
    columns = tuple(c.strip() for c in header)
    blank = [i + 1 for i, c in enumerate(columns) if not c]
    if blank:
        raise BingkaiInputError(f"column {blank[0]} of the header has no name", path=path, row=1,
                                hint="Name every column in the first row (or delete the empty column)")
    seen: set[str] = set()
    for col in columns:
        if col in seen:
            raise BingkaiInputError(f"two columns are named {col!r}", path=path, row=1,
                                    hint="Give every column its own name")
        seen.add(col)
    rows = []
    number, line = 1, reader.line_num
    while True:
        start = line + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise BingkaiInputError(f"not a well-formed CSV ({err}; the row starts on line {start})",
                                    path=path, row=number + 1,
                                    hint="Quote cells that contain the separator, quotes or line breaks") from None
        line = reader.line_num
        if not fields or fields == [""] and len(columns) > 1:
            continue   # a blank line between rows
        number += 1
        if len(fields) != len(columns):
            shown = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}[separator]
            raise BingkaiInputError(
                f"{len(fields)} fields but the header has {len(columns)} (the row starts on line {start}; "
                f"separator: {shown})", path=path, row=number,
                hint=f"Quote cells that contain a {shown} (\"like, this\"), or fix the row; "
                     "no row is shifted or dropped silently")
        rows.append((number, dict(zip(columns, fields, strict=True))))
    return columns, rows, separator


def _json_rows(text: str, path: str | PathLike[str]) -> tuple[tuple[str, ...], list]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BingkaiInputError(f"not valid JSON ({err.msg})", path=path, row=err.lineno, row_label="line",
                                hint="Write a JSON array of article objects ([{...}, {...}])") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) == 1:
            data = lists[0]   # {"articles": [...]} and similar wrappers
    if not isinstance(data, list):
        raise BingkaiInputError("the JSON is not an array of articles", path=path,
                                hint="Write a JSON array of article objects ([{...}, {...}])")
    rows = []
    for number, obj in enumerate(data, start=1):
        if not isinstance(obj, dict):
            raise BingkaiInputError("not a JSON object", path=path, row=number, row_label="item",
                                    hint='Each item must be an object, e.g. {"text": "...", "outlet": "..."}')
        rows.append((number, obj))
    return _union_columns(rows), rows


def _jsonl_rows(text: str, path: str | PathLike[str]) -> tuple[tuple[str, ...], list]:
    rows = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise BingkaiInputError(f"not valid JSON ({err.msg})", path=path, row=number, row_label="line",
                                    hint="Write one JSON object per line") from None
        if not isinstance(obj, dict):
            raise BingkaiInputError("not a JSON object", path=path, row=number, row_label="line",
                                    hint='Write one object per line, e.g. {"text": "...", "outlet": "..."}')
        rows.append((number, obj))
    return _union_columns(rows), rows


def _union_columns(rows: list[tuple[int, dict]]) -> tuple[str, ...]:
    """Every key of every object, in order of first appearance."""
    return tuple(dict.fromkeys(key for _, obj in rows for key in obj))


def _xlsx_rows(raw: bytes, path: str | PathLike[str]) -> tuple[tuple[str, ...], list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as err:   # openpyxl raises zipfile/KeyError/ValueError variants for broken files
        raise BingkaiInputError(f"not a readable .xlsx workbook ({type(err).__name__}: {err})", path=path,
                                hint="Open it in a spreadsheet program and save it again as .xlsx") from None
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = next(values, None)
    if header is None:
        raise BingkaiInputError(f"the first sheet ({sheet.title!r}) is empty", path=path, row=1,
                                hint="Put a header row and one row per article on the first sheet")
    # trailing header cells that are empty are formatting, not columns
    header = list(header)
    while header and header[-1] in (None, ""):
        header.pop()
    columns = tuple("" if c is None else str(c).strip() for c in header)
    if not columns or "" in columns:
        missing = columns.index("") + 1 if "" in columns else 1
        raise BingkaiInputError(f"column {missing} of the header has no name", path=path, row=1,
                                hint="Name every column in the first row of the first sheet")
    rows = []
    for number, cells in enumerate(values, start=2):
        cells = list(cells)[: len(columns)]
        if all(c is None or c == "" for c in cells):
            continue
        cells += [None] * (len(columns) - len(cells))
        rows.append((number, dict(zip(columns, cells, strict=True))))
    book.close()
    return columns, rows


def _parquet_rows(raw: bytes, path: str | PathLike[str]) -> tuple[tuple[str, ...], list]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(raw))
    except Exception as err:   # pyarrow raises ArrowInvalid/OSError variants for broken files
        raise BingkaiInputError(f"not a readable Parquet file ({type(err).__name__}: {err})", path=path,
                                hint="Write it again with pandas.DataFrame.to_parquet") from None
    columns = tuple(str(c) for c in table.column_names)
    data = table.to_pydict()
    rows = [(i + 1, {c: data[c][i] for c in columns}) for i in range(table.num_rows)]
    return columns, rows


def read_table(path: str | PathLike[str]) -> Table:
    """Read an article file of any supported format (module docstring) into a ``Table``.

    Raises ``BingkaiInputError`` naming the file (and row/line) for a missing
    file, an unsupported suffix, an undecodable or malformed file, a CSV row
    whose field count differs from the header's, or a header without names.
    """
    fmt, compressed = file_format(path)
    raw = read_bytes(path, "articles file")
    if compressed:
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as err:
            raise BingkaiInputError(f"not a readable gzip file ({err})", path=path,
                                    hint="Decompress it with gunzip to check, or drop the .gz suffix") from None
    if fmt == "xlsx":
        columns, rows = _xlsx_rows(raw, path)
        return Table(rows, columns, fmt, compressed, "", "", "row")
    if fmt == "parquet":
        columns, rows = _parquet_rows(raw, path)
        return Table(rows, columns, fmt, compressed, "", "", "item")
    text, encoding = decode(raw, path)
    if fmt == "csv":
        inner = Path(Path(path).name.lower().removesuffix(".gz")).suffix
        columns, rows, separator = _csv_rows(text, path, inner)
        return Table(rows, columns, fmt, compressed, encoding, separator, "row")
    text = text.removeprefix("\ufeff")
    if fmt == "json":
        columns, rows = _json_rows(text, path)
        return Table(rows, columns, fmt, compressed, encoding, "", "item")
    columns, rows = _jsonl_rows(text, path)
    return Table(rows, columns, fmt, compressed, encoding, "", "line")
