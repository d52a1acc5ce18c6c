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
detects, which is reported (``Table.encoding``). Among single-byte code
pages the one whose text has the fewest characters Indonesian text does not
use wins (cp1252 over cp1250: "São", not "Săo"), and the runner-up is
reported too (``Table.runner_up``). Two columns with one name, a workbook or
Parquet file under a text suffix, and Excel's ``sep=;`` first line are
recognised and named.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import zipfile
from collections.abc import Sequence
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
#: characters beyond ASCII that Indonesian text in a Western code page uses: Latin-1's
#: letters and signs, and Windows-1252's typographic punctuation
LATIN_TEXT = frozenset(map(chr, range(0xA0, 0x100))) | frozenset("“”‘’‚„–—…•€™‰‹›ŠšŽžŒœŸƒˆ˜†‡")
#: single-byte code pages always tried besides charset-normalizer's candidates, most likely first
PREFERRED_SINGLE_BYTE = ("cp1252", "iso8859-15", "latin-1")
#: Excel's separator line ("sep=;"), written before the header
_EXCEL_SEP = re.compile(r"sep=(.)\r?")
#: the first bytes of binary formats someone may save under a text suffix
_MAGIC = ((b"PK\x03\x04", "zip"), (b"PAR1", "parquet"), (b"\x1f\x8b", "gzip"))


@dataclass
class Table:
    """A file read by ``read_table``.

    ``rows``: ``(row number, {column: value})`` per record, in file order;
    values are ``str`` for CSV, whatever the format holds otherwise (numbers,
    ``None``, NaN, lists, datetimes). ``columns``: the header, in file order.
    ``format``: ``csv``, ``json``, ``jsonl``, ``xlsx`` or ``parquet``;
    ``compressed``: gzip; ``encoding``: the text encoding used ("" for binary
    formats); ``separator``: the CSV separator ("" otherwise); ``row_label``:
    "row", "line" or "item", the word the row numbers go with;
    ``runner_up``: for a file that is not UTF-8, the encoding that came
    second ("" otherwise).
    """

    rows: list[tuple[int, dict[str, object]]]
    columns: tuple[str, ...]
    format: str
    compressed: bool
    encoding: str
    separator: str
    row_label: str
    runner_up: str = ""


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


def unusual_characters(text: str) -> int:
    """Characters Indonesian text does not use: beyond ASCII and ``LATIN_TEXT``, or control characters."""
    return sum(1 for char in text
               if (char >= "\x80" and char not in LATIN_TEXT) or (char < " " and char not in "\t\n\r"))


def decode(raw: bytes, path: str | PathLike[str]) -> tuple[str, str]:
    """``(text, encoding)``: see ``decode_with_runner_up``."""
    text, encoding, _ = decode_with_runner_up(raw, path)
    return text, encoding


def decode_with_runner_up(raw: bytes, path: str | PathLike[str]) -> tuple[str, str, str]:
    """``(text, encoding, runner-up)``: a BOM decides; else UTF-8; else the best candidate.

    UTF-8 is tried first because it is almost never valid by accident; only a
    file that is not UTF-8 is handed to charset-normalizer. When its guess is
    a single-byte code page, every single-byte candidate (its own and
    ``PREFERRED_SINGLE_BYTE``) decodes the bytes and the one with the fewest
    ``unusual_characters`` wins -- charset-normalizer cannot tell cp1250
    from cp1252 on a few accented letters, but "Săo Paulo" is not Indonesian
    text. Ties go to ``PREFERRED_SINGLE_BYTE``'s order, then to
    charset-normalizer's. The runner-up is the next candidate whose text
    differs ("" when there is none). Raises naming the first bad byte's line
    when no encoding fits.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding.removesuffix("-sig"), ""
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError as err:
        first_bad = err
    from charset_normalizer import from_bytes

    guesses = [codecs.lookup(match.encoding).name for match in from_bytes(raw)]
    guesses = [name for name in dict.fromkeys(guesses) if name not in ("utf-8", "ascii")]
    if guesses:
        ranked = []
        for order, name in enumerate(dict.fromkeys(guesses + list(PREFERRED_SINGLE_BYTE))):
            try:
                text = raw.decode(name)
            except UnicodeDecodeError:
                continue
            if len(text) == len(raw):   # one character per byte: a single-byte code page
                preference = PREFERRED_SINGLE_BYTE.index(name) if name in PREFERRED_SINGLE_BYTE else 99
                ranked.append((unusual_characters(text), preference, order, name, text))
        if not ranked or guesses[0] not in {r[3] for r in ranked}:
            # charset-normalizer's guess is a multi-byte encoding: keep it
            text = raw.decode(guesses[0])
            return text, guesses[0], next((g for g in guesses[1:]), "")
        ranked.sort(key=lambda r: r[:3])
        best = ranked[0]
        runner_up = next((r[3] for r in ranked[1:] if r[4] != best[4]), "")
        return best[4], best[3], runner_up
    line = raw[: first_bad.start].count(b"\n") + 1
    raise BingkaiInputError(
        f"not valid UTF-8 (byte 0x{raw[first_bad.start]:02x} at byte offset {first_bad.start}) "
        "and no other encoding fits", path=path, row=line, row_label="line",
        hint="Re-save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)")


def _column_name(k: int) -> str:
    """Spreadsheet letters of the 1-based column ``k`` (1 -> A, 27 -> AA)."""
    name = ""
    while k:
        k, rest = divmod(k - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def check_unique_columns(columns: Sequence[str], path: str | PathLike[str]) -> None:
    """Two columns with one name are an error naming both (a summary column named like the
    body would otherwise replace every article's text)."""
    first: dict[str, int] = {}
    for k, col in enumerate(columns, start=1):
        if col in first:
            j = first[col]
            raise BingkaiInputError(
                f"two columns are named {col!r}: columns {j} and {k} ({_column_name(j)} and {_column_name(k)})",
                path=path, row=1,
                hint="Rename one of them in the header, then name the one to read with "
                     "text=/outlet=/... (bingkai --text COLUMN)")
        first[col] = k


def _binary_kind(raw: bytes) -> str:
    """What a file's first bytes say it is: "xlsx", "zip", "parquet", "gzip" or ""."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            if kind == "zip":
                try:
                    names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
                except zipfile.BadZipFile:
                    return "zip"
                return "xlsx" if "xl/workbook.xml" in names else "zip"
            return kind
    return ""


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
    sep_lines = 0
    excel = _EXCEL_SEP.fullmatch(first_line)
    if excel:
        # Excel's "sep=;" line names the separator and is not a row (Excel does not show it)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        sep_lines = 1
        if not text.strip():
            raise BingkaiInputError(f"only Excel's separator line {first_line.strip()!r}, no header", path=path,
                                    row=1, hint="Write a header row and one row per article")
        first_line = text.split("\n", 1)[0]
    separator = (excel.group(1) if excel else "\t" if suffix in (".tsv", ".tab")
                 else sniff_separator(first_line))
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
    check_unique_columns(columns, path)
    rows = []
    number, line = 1, reader.line_num + sep_lines
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
        line = reader.line_num + sep_lines
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
    check_unique_columns(columns, path)
    rows = []
    empty: list[tuple[int, int]] = []   # (index in rows, column) of cells without a value
    for number, cells in enumerate(values, start=2):
        cells = list(cells)[: len(columns)]
        if all(c is None or c == "" for c in cells):
            continue
        cells += [None] * (len(columns) - len(cells))
        empty.extend((len(rows), k) for k, c in enumerate(cells) if c is None)
        rows.append((number, dict(zip(columns, cells, strict=True))))
    book.close()
    if empty:
        _formula_text(raw, rows, columns, empty)
    return columns, rows


def _formula_text(raw: bytes, rows: list, columns: tuple[str, ...], empty: list[tuple[int, int]]) -> None:
    """Fill cells whose formula has no computed value with the formula's text.

    A text cell that begins with "=" ("= Pasukan ..." pasted from a page) is
    stored as a formula; the workbook keeps no value for it (none was ever
    computed), so it reads as empty. Its text is the article's, not nothing.
    """
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    try:
        wanted = {(rows[i][0], k) for i, k in empty}
        where = {(rows[i][0], k): i for i, k in empty}
        for number, cells in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            for k, value in enumerate(list(cells)[: len(columns)]):
                if (number, k) in wanted and isinstance(value, str) and value.startswith("="):
                    rows[where[(number, k)]][1][columns[k]] = value
    finally:
        book.close()


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
    kind = _binary_kind(raw)
    if kind and kind != {"xlsx": "xlsx", "parquet": "parquet"}.get(fmt):
        # a workbook saved (or renamed) as .csv reads as undecodable text: say what it is
        what = {"xlsx": "an Excel workbook (.xlsx)", "zip": "a zip archive", "parquet": "a Parquet file",
                "gzip": "gzip-compressed"}[kind]
        fix = {"xlsx": "Rename it to .xlsx (or save it from Excel as CSV UTF-8)",
               "parquet": "Rename it to .parquet", "gzip": "Add .gz to its name (or gunzip it)",
               "zip": "Unzip it and pass the article file inside"}[kind]
        raise BingkaiInputError(f"the file is {what}, not {fmt.upper()} as its name says", path=path,
                                hint=fix)
    if fmt == "xlsx":
        columns, rows = _xlsx_rows(raw, path)
        return Table(rows, columns, fmt, compressed, "", "", "row")
    if fmt == "parquet":
        columns, rows = _parquet_rows(raw, path)
        return Table(rows, columns, fmt, compressed, "", "", "item")
    text, encoding, runner_up = decode_with_runner_up(raw, path)
    if fmt == "csv":
        inner = Path(Path(path).name.lower().removesuffix(".gz")).suffix
        columns, rows, separator = _csv_rows(text, path, inner)
        return Table(rows, columns, fmt, compressed, encoding, separator, "row", runner_up)
    text = text.removeprefix("\ufeff")
    if fmt == "json":
        columns, rows = _json_rows(text, path)
        return Table(rows, columns, fmt, compressed, encoding, "", "item", runner_up)
    columns, rows = _jsonl_rows(text, path)
    return Table(rows, columns, fmt, compressed, encoding, "", "line", runner_up)
