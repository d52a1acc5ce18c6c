"""Label and actor lexicons: editable CSV files, validated on load, and the
phrase matcher that finds their entries in a token sequence.

Two lexicons ship with the package under ``src/bingkai/data/``; a researcher
may edit them or pass a path to their own copy:

``labels.csv`` — one row per surface variant of a framing label
    ``label``       canonical label ("teroris"), the unit of counting
    ``variant``     a word or phrase that counts as that label
                    ("kelompok teroris"); every variant of a label must carry
                    the same ``frame``
    ``frame``       the frame the label belongs to ("terror", "militancy",
                    "rebellion", "opposition", "state_legitimacy",
                    "aggression", "resistance", or a new one of your own)
    ``applies_to``  what kind of actor the variant names: ``armed_group``,
                    ``state``, ``foreign_power`` or ``any``
    ``note``        free text (optional column)

``actors.csv`` — one row per alias of an actor
    ``actor``  identifier, lower-case letters, digits and ``_`` ("hts")
    ``alias``  a word or phrase naming the actor ("Hay'at Tahrir al-Sham")
    ``kind``   ``armed_group``, ``state``, ``foreign_power``, ``person``,
               ``media``, ``organisation`` or ``place``; one kind per actor.
               ``place`` actors (the country "Suriah") are recognised so that
               they are not mistaken for anything else, but are never the
               target of a label (see :mod:`bingkai.attribution`)
    ``note``   free text (optional column)

Matching is on normalised surface forms, never on stems (Sastrawi would
conflate "pemberontak" and "pemberontakan"): a variant is normalised and
tokenised exactly like the text (:func:`bingkai.text.normalize`,
:func:`bingkai.text.tokenize`), lower-cased, and must then equal a run of
consecutive tokens of one sentence. So "Hay’at Tahrir al-Sham" and
"Hay'at Tahrir al-Sham" are the same entry, and punctuation in the text
breaks a phrase unless the variant contains it. One general rule widens a
token's match key (:func:`match_key`): a fully reduplicated plural
("kelompok-kelompok") matches its base ("kelompok"), so the variant
"kelompok teroris" also finds "kelompok-kelompok teroris".

Validation (:class:`bingkai.errors.BingkaiInputError`, naming the file and
the spreadsheet row, header = row 1): unknown or missing columns, an empty
required cell, an unknown ``applies_to``/``kind``, a badly formed actor id,
a label with two frames or an actor with two kinds, and the same variant
(alias) twice — after normalisation and tokenisation, so "Hay’at" and
"Hay'at" collide — whether mapped to the same or to two different labels
(actors).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from os import PathLike
from pathlib import Path

import pandas as pd

from .errors import BingkaiInputError

LABEL_COLUMNS = ("label", "variant", "frame", "applies_to", "note")
ACTOR_COLUMNS = ("actor", "alias", "kind", "note")
APPLIES_TO = ("any", "armed_group", "foreign_power", "state")
ACTOR_KINDS = ("armed_group", "foreign_power", "media", "organisation", "person", "place", "state")
_ACTOR_ID = re.compile(r"[a-z][a-z0-9_]*")
# "unattributed" is the group key actor_labels uses for label occurrences
# without an actor; an actor of that name would merge with them.
_RESERVED_ACTOR_IDS = frozenset({"unattributed"})

LexiconSource = str | PathLike[str] | pd.DataFrame | None


def load_labels(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate a labels lexicon (default: the packaged one).

    Returns one row per variant, in file order, columns
    ``label, variant, frame, applies_to, note`` (all strings; ``note`` is ""
    when absent), plus ``key``: the variant's match key, a tuple of
    lower-cased normalised tokens (see :func:`variant_key`).
    Raises :class:`~bingkai.errors.BingkaiInputError` naming the row of the
    first problem.
    """
    path = _default_path("labels.csv") if path is None else Path(path)
    rows = _read_csv(path, LABEL_COLUMNS, required=LABEL_COLUMNS[:4])
    return _validate_labels(rows, path)


def load_actors(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate an actors lexicon (default: the packaged one).

    Returns one row per alias, in file order, columns
    ``actor, alias, kind, note`` (strings) plus ``key`` (the alias's match
    key, as for labels). Raises :class:`~bingkai.errors.BingkaiInputError`
    naming the row of the first problem.
    """
    path = _default_path("actors.csv") if path is None else Path(path)
    rows = _read_csv(path, ACTOR_COLUMNS, required=ACTOR_COLUMNS[:3])
    return _validate_actors(rows, path)


def resolve_labels(labels: LexiconSource) -> pd.DataFrame:
    """``None`` -> packaged lexicon; a path -> :func:`load_labels`; a DataFrame
    (e.g. an edited ``load_labels()`` result) -> validated again, rows
    numbered as if the frame were a CSV file with a header row."""
    if isinstance(labels, pd.DataFrame):
        where = "<labels DataFrame>"
        return _validate_labels(_frame_rows(labels, LABEL_COLUMNS, LABEL_COLUMNS[:4], where), where)
    return load_labels(labels)


def resolve_actors(actors: LexiconSource) -> pd.DataFrame:
    """As :func:`resolve_labels`, for the actors lexicon."""
    if isinstance(actors, pd.DataFrame):
        where = "<actors DataFrame>"
        return _validate_actors(_frame_rows(actors, ACTOR_COLUMNS, ACTOR_COLUMNS[:3], where), where)
    return load_actors(actors)


# ----------------------------------------------------------------- match keys

def require_known(value: str, by: str) -> None:
    """Raise unless ``value`` is a label (``by="label"``) or an actor id
    (``by="actor"``) of the packaged lexicons, case-insensitively.

    For query functions (``kwic``, ``collocates``): an unknown id is a typo,
    not "no hits", so the error names the lexicon file and lists the valid ids.
    """
    if by == "label":
        known = set(load_labels()["label"].astype(str).str.lower())
        what, name = "a label", "labels.csv"
    else:
        known = set(load_actors()["actor"].astype(str).str.lower())
        what, name = "an actor id", "actors.csv"
    if value.strip().lower() not in known:
        raise BingkaiInputError(f"{value!r} is not {what} in the lexicon",
                                path=_default_path(name),
                                hint=f"use one of: {', '.join(sorted(known))}, or add it to {name}")


def match_key(lower: str) -> str:
    """Key of one lower-cased token for lexicon matching.

    A full reduplication "w-w" (Indonesian plural: "kelompok-kelompok",
    "teroris-teroris") maps to "w"; everything else is unchanged. Partial or
    rhyming reduplication ("sayur-mayur", "bolak-balik") is left alone: it
    is not a plural of one word.
    """
    head, sep, tail = lower.partition("-")
    if sep and head and head == tail:
        return head
    return lower


def variant_key(variant: str) -> tuple[str, ...]:
    """Match key of a lexicon variant/alias: normalise, tokenise the way the
    corpus is tokenised, lower-case each token, apply :func:`match_key`."""
    from . import text  # lazy: keeps `import bingkai.lexicon` light

    return tuple(match_key(tok.lower()) for tok in text.tokenize(text.normalize(variant)))


class PhraseMatcher:
    """Greedy leftmost-longest, non-overlapping matcher for token sequences.

    Built once per lexicon: a dict from first token to the candidate keys
    starting with it, longest first, so a document is scanned in one pass
    whatever the lexicon size (no regex per variant per document).
    ``find`` returns ``(start, stop, entry)`` triples: tokens
    ``[start, stop)`` equal ``keys[entry]``.
    """

    def __init__(self, keys: Sequence[tuple[str, ...]]) -> None:
        index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for entry, key in enumerate(keys):
            if key:
                index.setdefault(key[0], []).append((key, entry))
        for candidates in index.values():
            # longest first; among equal lengths the earlier lexicon row
            candidates.sort(key=lambda c: (-len(c[0]), c[1]))
        self._index = index

    def find(self, keys: Sequence[str], segments: Sequence[int] | None = None) -> list[tuple[int, int, int]]:
        """Match over token keys; with ``segments`` (one id per token, equal
        ids contiguous, e.g. the sentence), a match never crosses a segment
        boundary."""
        out: list[tuple[int, int, int]] = []
        n = len(keys)
        index = self._index
        nxt = 0  # tokens before nxt are inside an earlier match
        # Only positions whose key starts some entry can start a match, so the
        # greedy left-to-right scan visits just those (found at C speed).
        for i in [i for i, k in enumerate(keys) if k in index]:
            if i < nxt:
                continue
            for key, entry in index[keys[i]]:
                stop = i + len(key)
                if stop <= n and tuple(keys[i:stop]) == key and (
                    segments is None or segments[i] == segments[stop - 1]
                ):
                    out.append((i, stop, entry))
                    nxt = stop
                    break
        return out


# ------------------------------------------------------------------ reading

def _default_path(name: str) -> Path:
    return Path(str(resources.files("bingkai") / "data" / name))


def _read_csv(path: Path, columns: Sequence[str], required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows as (spreadsheet row number, {column: stripped value}).

    The csv module rather than pandas: pandas skips blank lines and folds
    quoted newlines, which would make the row numbers in error messages
    disagree with what a spreadsheet shows.
    """
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise BingkaiInputError("file not found", path=path,
                                hint="pass the path of an existing CSV file, or None for the packaged lexicon") from None
    with handle:
        try:
            records = list(csv.reader(handle))
        except (csv.Error, UnicodeDecodeError) as err:
            raise BingkaiInputError(f"not a readable UTF-8 CSV file ({err})", path=path,
                                    hint="save the file as CSV, UTF-8") from None
    if not records:
        raise BingkaiInputError("empty file", path=path, row=1,
                                hint=f"the first row must be the header: {','.join(columns)}")
    header = [h.strip() for h in records[0]]
    return _check_header_and_rows(header, records[1:], path, columns, required)


def _frame_rows(frame: pd.DataFrame, columns: Sequence[str], required: Sequence[str],
                where: str) -> list[tuple[int, dict[str, str]]]:
    header = [str(c) for c in frame.columns if c != "key"]
    records = [["" if pd.isna(v) else str(v) for v in row]
               for row in frame[header].itertuples(index=False, name=None)]
    return _check_header_and_rows(header, records, where, columns, required)


def _check_header_and_rows(header: list[str], records: Iterable[list[str]], path, columns, required):
    unknown = [h for h in header if h not in columns]
    if unknown:
        raise BingkaiInputError(f"unknown column(s) {', '.join(map(repr, unknown))}", path=path, row=1,
                                hint=f"use only the columns {', '.join(columns)}")
    missing = [c for c in required if c not in header]
    if missing:
        raise BingkaiInputError(f"missing column(s) {', '.join(map(repr, missing))}", path=path, row=1,
                                hint=f"the header must contain {', '.join(required)}")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise BingkaiInputError(f"column(s) {', '.join(map(repr, dupes))} appear twice", path=path, row=1,
                                hint="keep one of each")
    rows = []
    for rownum, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank spreadsheet row
        if len(record) > len(header):
            raise BingkaiInputError(f"{len(record)} cells but the header has {len(header)}", path=path,
                                    row=rownum, hint="quote cells that contain a comma")
        values = {c: "" for c in columns}
        values.update({h: cell.strip() for h, cell in zip(header, record)})
        rows.append((rownum, values))
    return rows


def _keyed(rows, path, text_col: str, owner_col: str, what: str) -> list[tuple[str, ...]]:
    """Match key of every row; rejects empty keys and repeated keys."""
    seen: dict[tuple[str, ...], tuple[int, str]] = {}
    keys = []
    for rownum, row in rows:
        key = variant_key(row[text_col])
        if not key:
            raise BingkaiInputError(f"{text_col} {row[text_col]!r} has no tokens", path=path, row=rownum,
                                    hint=f"write a word or phrase in the {text_col} column")
        if key in seen:
            first_row, first_owner = seen[key]
            if first_owner == row[owner_col]:
                problem = f"{text_col} {row[text_col]!r} repeats row {first_row}"
                hint = "delete one of the two rows"
            else:
                problem = (f"{text_col} {row[text_col]!r} is mapped to {what} {row[owner_col]!r} here "
                           f"and to {first_owner!r} in row {first_row}")
                hint = f"a {text_col} may belong to one {what} only; keep the right row"
            raise BingkaiInputError(problem, path=path, row=rownum, hint=hint)
        seen[key] = (rownum, row[owner_col])
        keys.append(key)
    return keys


def _require_cells(rows, path, required):
    for rownum, row in rows:
        for col in required:
            if not row[col]:
                raise BingkaiInputError(f"empty {col!r}", path=path, row=rownum,
                                        hint=f"fill in {col!r} or delete the row")


def _same_per_owner(rows, path, owner: str, attr: str, entry: str) -> None:
    """Every row of one ``owner`` (a label, an actor) must give the same
    ``attr`` (its frame, its kind); the error names both rows."""
    first: dict[str, tuple[int, str]] = {}
    for rownum, row in rows:
        seen = first.setdefault(row[owner], (rownum, row[attr]))
        if seen[1] != row[attr]:
            raise BingkaiInputError(
                f"{owner} {row[owner]!r} has {attr} {row[attr]!r} here but {seen[1]!r} in row {seen[0]}",
                path=path, row=rownum, hint=f"give every {entry} of a{'n' if owner[0] in 'aeiou' else ''} "
                                            f"{owner} the same {attr}")


def _validate_labels(rows, path) -> pd.DataFrame:
    _require_cells(rows, path, LABEL_COLUMNS[:4])
    for rownum, row in rows:
        if row["applies_to"] not in APPLIES_TO:
            raise BingkaiInputError(f"unknown applies_to {row['applies_to']!r}", path=path, row=rownum,
                                    hint=f"use one of {', '.join(APPLIES_TO)}")
    _same_per_owner(rows, path, "label", "frame", "variant")
    keys = _keyed(rows, path, "variant", "label", "label")
    return _to_frame(rows, keys, LABEL_COLUMNS)


def _validate_actors(rows, path) -> pd.DataFrame:
    _require_cells(rows, path, ACTOR_COLUMNS[:3])
    for rownum, row in rows:
        actor = row["actor"]
        if not _ACTOR_ID.fullmatch(actor) or actor in _RESERVED_ACTOR_IDS:
            raise BingkaiInputError(f"bad actor id {actor!r}", path=path, row=rownum,
                                    hint="use lower-case letters, digits and '_' (e.g. 'syrian_government'), "
                                         "not 'unattributed'")
        if row["kind"] not in ACTOR_KINDS:
            raise BingkaiInputError(f"unknown kind {row['kind']!r}", path=path, row=rownum,
                                    hint=f"use one of {', '.join(ACTOR_KINDS)}")
    _same_per_owner(rows, path, "actor", "kind", "alias")
    keys = _keyed(rows, path, "alias", "actor", "actor")
    return _to_frame(rows, keys, ACTOR_COLUMNS)


def _to_frame(rows, keys, columns) -> pd.DataFrame:
    frame = pd.DataFrame([row for _, row in rows], columns=list(columns))
    frame = frame.astype({c: "str" for c in columns})
    frame["key"] = pd.Series(keys, dtype=object, index=frame.index)
    return frame.reset_index(drop=True)
