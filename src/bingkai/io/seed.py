"""The corpus: seed articles + ``sources.csv`` -> cleaned articles, and loading them.

``build_seed_corpus`` reads every ``*.txt`` seed and the hand-curated
``sources.csv``, cleans each article (``bingkai.clean.rules``) and writes
``articles.jsonl`` and ``removed.csv``; ``load_corpus`` reads them back
(``bingkai.io.reading.read_articles`` brings a researcher's own scraped articles
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

Integrity: the build refuses a seed whose sha256 is not the one recorded in
``<seeds>/SHA256SUMS`` (accept a deliberate change with ``bingkai corpus
build --accept-seeds``), and writes ``<out>/SHA256SUMS`` with the hashes of
both outputs after renaming them into place; ``load_corpus`` checks it, so a
build interrupted between the renames (a new ``articles.jsonl`` beside an old
``removed.csv``) is detected instead of analysed.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from os import PathLike
from pathlib import Path, PurePosixPath, PureWindowsPath

import pandas as pd

from bingkai.clean.rules import clean
from bingkai.errors import BingkaiInputError
from bingkai.io.tables import read_bytes
from bingkai.progress import progress_bar

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
#: checksum manifest (``sha256sum`` format, so ``sha256sum -c SHA256SUMS``
#: works): in the seeds directory it records the accepted seeds; in a built
#: corpus it records both outputs and is written last (see build_seed_corpus)
MANIFEST_FILE = "SHA256SUMS"
#: the command that accepts deliberately changed, added or removed seeds
ACCEPT_SEEDS = "bingkai corpus build --accept-seeds"
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


def jsonl_text(frame: pd.DataFrame) -> str:
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


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def write_atomic(files: dict[Path, str]) -> None:
    """Write every file to a temp file beside it, then rename them into place
    in the given order (callers put their manifest last).

    Nothing is renamed until every temp file is fully written, so a failure
    while writing leaves the old outputs untouched. Temp files are removed on
    every failure path Python sees (errors, Ctrl-C, SIGTERM in the CLI); the
    litter of a process killed outright (SIGKILL, power loss) is removed by
    the next write to the same directory.
    """
    for target in files:
        for stale in target.parent.glob(f"{glob.escape(_temp_prefix(target))}*.tmp"):
            stale.unlink(missing_ok=True)
    temps: dict[Path, str] = {}
    try:
        for target, content in files.items():
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=_temp_prefix(target), suffix=".tmp")
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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_MANIFEST_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")


def read_manifest(path: PathArg) -> dict[str, str]:
    """``{file name: sha256}`` from a ``sha256sum``-format file (``SHA256SUMS``).

    Raises :class:`BingkaiInputError` naming the line for a line that is not
    ``<64 hex digits>  <name>`` or a name listed twice.
    """
    text = decode_utf8(read_bytes(path, "checksum manifest"), path)
    entries: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        m = _MANIFEST_LINE.fullmatch(line.rstrip("\r"))
        if m is None or m.group(2) in entries:
            problem = "not '<sha256>  <file name>'" if m is None else f"{m.group(2)!r} is listed twice"
            raise BingkaiInputError(problem, path=path, row=number, row_label="line",
                                    hint="Restore the file from version control, or rewrite it with "
                                         f"`{ACCEPT_SEEDS}`")
        entries[m.group(2)] = m.group(1)
    return entries


def _manifest_text(digests: dict[str, str]) -> str:
    return "".join(f"{digests[name]}  {name}\n" for name in sorted(digests))


@contextmanager
def _os_errors(path: PathArg, doing: str, hint: str) -> Iterator[None]:
    """Turn an ``OSError`` (permissions, a full disk, a vanished file) into one
    ``BingkaiInputError`` line naming the path involved and what to do."""
    try:
        yield
    except OSError as err:
        where = err.filename if err.filename is not None else path
        reason = err.strerror or str(err) or type(err).__name__
        raise BingkaiInputError(f"cannot {doing} ({reason})", path=where, hint=hint) from err


# --- sources.csv ---------------------------------------------------------------------

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
    table = _read_csv_text(decode_utf8(read_bytes(path, "sources file"), path), path, strip=True)
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
            if col == "file":
                _check_seed_name(value, path, rec.row)
            if (col, value) in first_row:
                raise BingkaiInputError(
                    f"duplicate {col} {value!r} (also on row {first_row[(col, value)]})", path=path,
                    row=rec.row, hint=f"Every seed needs exactly one row with a unique {col}")
            first_row[(col, value)] = rec.row
        published.append(_iso_date(rec.published, path, rec.row, strict=True))
    table["published"] = pd.Series(published, index=table.index, dtype="str")
    return table


def _check_seed_name(name: str, path: PathArg, row: int) -> None:
    """A sources.csv ``file`` names a ``*.txt`` file directly inside the seeds
    directory: no folders, no ``./`` or ``../`` (which would let one seed be
    counted twice, or any file on the disk be cleaned as an article)."""
    bare = name not in (".", "..") and PurePosixPath(name).name == name \
        and PureWindowsPath(name).name == name
    if not bare or not name.endswith(".txt"):
        problem = "is not a bare file name" if not bare else "is not a .txt seed"
        raise BingkaiInputError(
            f"file {name!r} {problem}", path=path, row=row,
            hint="Name a .txt file directly inside the seeds directory, e.g. 000_example.txt "
                 "(no folder, ./ or ../)")


# --- build ---------------------------------------------------------------------------

def build_seed_corpus(seeds: PathArg = "seeds", *, sources: PathArg = "corpus/sources.csv",
                      out: PathArg = "corpus", progress: bool | None = None,
                      accept_seeds: bool = False) -> pd.DataFrame:
    """Clean every seed and write ``<out>/articles.jsonl``, ``<out>/removed.csv``
    and ``<out>/SHA256SUMS``.

    Parameters
    ----------
    seeds : directory of UTF-8 ``*.txt`` articles (other files are ignored)
        and their accepted checksums ``SHA256SUMS``.
    sources : the metadata CSV (``read_sources``), one row per seed; its
        ``file`` column names a ``.txt`` file directly inside ``seeds``.
    out : output directory (created if missing).
    progress : progress bar switch (None = ``BINGKAI_PROGRESS``).
    accept_seeds : record the seeds as they are now in ``<seeds>/SHA256SUMS``
        (after a deliberate edit, addition or removal) instead of refusing
        seeds that differ from it. The manifest is rewritten only after the
        corpus was written successfully.

    Returns
    -------
    The corpus frame (module docstring), equal to ``load_corpus(out)``.

    Everything is read and checked before anything is written, so on bad
    input (``BingkaiInputError``: a seed that differs from
    ``<seeds>/SHA256SUMS``, non-UTF-8 or empty seed, a sources row whose
    file is missing or not a bare ``.txt`` name, a seed without a sources
    row, duplicate doc_id or file, missing column, bad date, a seed with no
    body text left) nothing is written. The outputs are written to temp
    files and renamed into place, ``SHA256SUMS`` (their hashes) last, and
    ``load_corpus`` checks them against it: a crash between the renames is
    reported, never analysed. An OS error (unreadable seed, read-only output
    directory, full disk) is a ``BingkaiInputError`` naming the path.
    Output bytes depend only on the inputs, not on the working directory.
    """
    seeds_dir, out_dir = Path(seeds), Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise BingkaiInputError("the output path is a file, not a directory", path=out_dir,
                                hint="Pass --out with a directory (it is created if missing)")
    read_hint = "Check its permissions (ls -l) and that it is readable by you, then retry"
    with _os_errors(sources, "read the sources table", read_hint):
        table = read_sources(sources)
    if not seeds_dir.is_dir():
        raise BingkaiInputError("seeds directory not found", path=seeds_dir,
                                hint="Pass --seeds with the directory that holds the *.txt articles")
    with _os_errors(seeds_dir, "read the seeds", read_hint):
        for rec in table.itertuples(index=False):
            if not (seeds_dir / rec.file).is_file():
                raise BingkaiInputError(
                    f"file {rec.file!r} (doc_id {rec.doc_id}) not found in {seeds_dir}", path=sources,
                    row=rec.row, hint="Fix the file name, add the seed, or delete the row")
        listed = set(table["file"])
        for seed in sorted(p for p in seeds_dir.iterdir() if p.suffix == ".txt" and p.is_file()):
            if seed.name not in listed:
                raise BingkaiInputError(
                    f"seed has no row in {sources}", path=seed,
                    hint=f"Add a row for it to {sources} (doc_id, file, outlet, published, date_basis, period, …)")
        digests = _check_seeds(seeds_dir, table, accept=accept_seeds)

    records, removed = [], []
    rows = table.sort_values("doc_id", kind="stable")
    for rec in progress_bar(rows.itertuples(index=False), desc="cleaning seeds", total=len(rows),
                            progress=progress, unit="article"):
        path = seeds_dir / rec.file
        with _os_errors(path, "read the seed", read_hint):
            raw = path.read_bytes()
        if _sha256(raw) != digests[rec.file]:
            raise BingkaiInputError("the seed changed while the corpus was being built", path=path,
                                    hint="Run the build again once nothing is editing the seeds")
        text = decode_utf8(raw, path)
        if not text.strip():
            raise BingkaiInputError(f"the seed is empty (it is on row {rec.row} of {sources})", path=path,
                                    hint="Restore the article text, or delete the file and its row")
        cleaned = clean(text)
        if not cleaned.body_lines:
            raise BingkaiInputError(
                "no body text left after cleaning", path=path,
                hint="Check that the file holds an article; see bingkai.clean.rules.line_report for why each line went")
        records.append(_record(
            doc_id=rec.doc_id, outlet=rec.outlet, domain=rec.domain, published=rec.published,
            period=rec.period, republished_from=rec.republished_from,
            source_file=f"{seeds_dir.resolve().name}/{rec.file}",
            source_sha256=digests[rec.file], cleaned=cleaned))
        removed.extend((rec.doc_id, line, line_text, rule) for line, line_text, rule in cleaned.removed)

    frame = _frame(records)
    removed_frame = pd.DataFrame(removed, columns=list(REMOVED_COLUMNS)).sort_values(
        ["doc_id", "line"], kind="stable", ignore_index=True)
    outputs = {ARTICLES_FILE: jsonl_text(frame),
               REMOVED_FILE: removed_frame.to_csv(index=False, lineterminator="\n")}
    # the manifest goes last: until it is renamed into place, the old one
    # (if any) disagrees with whatever new file is already there
    outputs[MANIFEST_FILE] = _manifest_text({name: _sha256(text.encode("utf-8"))
                                             for name, text in outputs.items()})
    write_hint = (f"Check that you may write to {out_dir} (ls -ld) and that the disk is not full, "
                  "or pass --out with another directory")
    with _os_errors(out_dir, "write the corpus", write_hint):
        out_dir.mkdir(parents=True, exist_ok=True)
        write_atomic({out_dir / name: text for name, text in outputs.items()})
    if accept_seeds:
        manifest = seeds_dir / MANIFEST_FILE
        with _os_errors(manifest, "record the seed checksums",
                        f"Check that you may write to {seeds_dir} (ls -ld); the corpus itself was written"):
            new = _manifest_text(digests)
            if not manifest.is_file() or manifest.read_text(encoding="utf-8") != new:
                write_atomic({manifest: new})
    return frame


def _check_seeds(seeds_dir: Path, table: pd.DataFrame, *, accept: bool) -> dict[str, str]:
    """sha256 of every listed seed, checked against ``<seeds>/SHA256SUMS``
    unless ``accept``. Returns ``{file: sha256}``."""
    digests = {rec.file: _sha256((seeds_dir / rec.file).read_bytes())
               for rec in table.itertuples(index=False)}
    if accept:
        return digests
    manifest = seeds_dir / MANIFEST_FILE
    how = (f"If this is deliberate, accept it with `{ACCEPT_SEEDS}` (build_seed_corpus's accept_seeds=True), "
           f"which rewrites {manifest} after a successful build; commit that file with the seeds")
    if not manifest.is_file():
        raise BingkaiInputError("no seed checksums (the build verifies every seed against this file)",
                                path=manifest, hint=f"To record the seeds as they are now, run `{ACCEPT_SEEDS}`")
    recorded = read_manifest(manifest)
    for rec in table.itertuples(index=False):
        expected = recorded.get(rec.file)
        if expected is None:
            raise BingkaiInputError(f"a new seed, not listed in {manifest}", path=seeds_dir / rec.file,
                                    hint=how)
        if digests[rec.file] != expected:
            raise BingkaiInputError(
                f"the seed changed: its sha256 {digests[rec.file][:12]}… differs from the one "
                f"recorded in {manifest} ({expected[:12]}…)", path=seeds_dir / rec.file,
                hint=f"{how}. Otherwise restore the original (e.g. git checkout -- {seeds_dir / rec.file})")
    gone = sorted(set(recorded) - set(digests))
    if gone:
        raise BingkaiInputError(
            f"lists {len(gone)} seed(s) that have no row in the sources table any more: "
            f"{', '.join(gone[:5])}{' …' if len(gone) > 5 else ''}", path=manifest, hint=how)
    return digests


# --- load ----------------------------------------------------------------------------

def load_corpus(path: PathArg = "corpus") -> pd.DataFrame:
    """Read a built corpus: ``path`` is the corpus directory or its ``articles.jsonl``.

    Returns the corpus frame (module docstring): one row per article, sorted
    by ``doc_id``, columns ``doc_id, outlet, domain, published, period,
    republished_from, title, subtitle, text, source_file, source_sha256,
    body_lines, lines_kept, lines_dropped``.

    When the directory has a ``SHA256SUMS`` (every ``build_seed_corpus`` writes
    one, last), the files it lists must match it: a mismatch means an edited
    file or an interrupted build. Raises :class:`BingkaiInputError` naming the
    file and line for that, invalid JSON, a missing field, a value of the
    wrong type (``lines_kept: "abc"``, a null outlet) or a repeated doc_id.
    """
    file = Path(path)
    if file.is_dir():
        file = file / ARTICLES_FILE
    if not file.exists():
        raise BingkaiInputError("corpus file not found", path=file,
                                hint="Build it with `bingkai corpus build` (or `make corpus`), "
                                     "or pass the corpus directory, e.g. load_corpus('../corpus') from notebooks/")
    with _os_errors(file, "read the corpus", "Check its permissions (ls -l)"):
        raw = file.read_bytes()
        _check_corpus_manifest(file, raw)
    text = decode_utf8(raw, file)
    rebuild = "Rebuild the corpus with `bingkai corpus build`"
    records = []
    first_line: dict[str, int] = {}
    for number, obj in _json_lines(text, file, hint=rebuild):
        missing = [c for c in COLUMNS if c not in obj] if isinstance(obj, dict) else list(COLUMNS)
        if missing:
            raise BingkaiInputError(f"article lacks {', '.join(missing)}", path=file, row=number,
                                    row_label="line", hint=rebuild)
        problem = _bad_value(obj)
        if problem:
            raise BingkaiInputError(problem, path=file, row=number, row_label="line",
                                    hint=f"Fix that value, or {rebuild[0].lower()}{rebuild[1:]}")
        if obj["doc_id"] in first_line:
            raise BingkaiInputError(f"doc_id {obj['doc_id']!r} is also on line {first_line[obj['doc_id']]}",
                                    path=file, row=number, row_label="line",
                                    hint=f"Delete one of the two lines, or {rebuild[0].lower()}{rebuild[1:]}")
        first_line[obj["doc_id"]] = number
        records.append(obj)
    return _frame(records)


def _bad_value(obj: dict) -> str | None:
    """What is wrong with one article's values (None when nothing is)."""
    for col in STRING_COLUMNS:
        if not isinstance(obj[col], str):
            return f"{col} is {json.dumps(obj[col], ensure_ascii=False)[:40]}, not a string"
    for col in ("lines_kept", "lines_dropped"):
        value = obj[col]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return f"{col} is {json.dumps(value, ensure_ascii=False)[:40]}, not a count (a whole number >= 0)"
    lines = obj["body_lines"]
    if not isinstance(lines, list) or not all(isinstance(k, int) and not isinstance(k, bool) and k > 0
                                              for k in lines):
        return "body_lines is not a list of line numbers (whole numbers >= 1)"
    if len(lines) != obj["lines_kept"]:
        return f"lines_kept is {obj['lines_kept']} but body_lines lists {len(lines)} lines"
    return None


def _check_corpus_manifest(file: Path, raw: bytes) -> None:
    """Compare ``file`` (bytes ``raw``) and its sibling outputs with the
    directory's ``SHA256SUMS``, when there is one."""
    manifest = file.parent / MANIFEST_FILE
    if not manifest.is_file():
        return  # a corpus written by hand or by an older bingkai: nothing to check against
    recorded = read_manifest(manifest)
    if file.name not in recorded:
        return
    hint = ("The corpus was edited after it was built, or a build was interrupted: rebuild it with "
            "`bingkai corpus build`")
    for name, expected in sorted(recorded.items()):
        sibling = file.parent / name
        if name == file.name:
            data = raw
        elif sibling.is_file():
            data = sibling.read_bytes()
        else:
            raise BingkaiInputError(f"{name} listed in {manifest} is missing", path=sibling, hint=hint)
        if _sha256(data) != expected:
            raise BingkaiInputError(f"does not match its sha256 in {manifest}", path=sibling, hint=hint)
