"""Label and actor lexicons — the researcher's instrument: editable CSV files
grouped in packs, validated on load, combined into one :class:`Lexicon`, and
the phrase matcher that finds their entries in a token sequence.

Packs ship under ``src/bingkai/data/lexicons/<pack>/`` (``syria``, the
default; ``indonesia``; ``israel_palestine``), each a folder with two files.
A researcher copies one, edits it in a spreadsheet and loads the folder:
``bingkai.load_lexicon("my_lexicon/")``; packs and folders combine:
``bingkai.load_lexicon("syria", "israel_palestine")``.

``labels.csv`` — one row per surface variant of a framing label
    ``label``        canonical label ("teroris"), the unit of counting
    ``variant``      a word or phrase that counts as that label
                     ("kelompok teroris"); may use wildcards at the start or
                     end of a word: ``teroris*`` (teroris, terorisme, ...),
                     ``*isme``. Every variant of a label must carry the same
                     ``frame`` and ``display``
    ``frame``        the frame the label belongs to ("terror", "militancy",
                     "rebellion", "opposition", "state_legitimacy",
                     "aggression", "resistance", or a new one of your own)
    ``applies_to``   what kind of actor the variant names: ``armed_group``,
                     ``state``, ``foreign_power`` or ``any``
    ``display``      human-readable name for tables and figures (default: the
                     label)
    ``note``         what the label means and why it is a framing choice
    ``requires``     sense rule: ``;``-separated context words (wildcards
                     allowed); the match counts only when one of them is
                     within ``span`` word tokens of it in the same sentence,
                     *or* when the match is attributed to an actor
                     ("perlawanan" needs bersenjata;pasukan;penjajah*;...)
    ``excludes``     sense rule: ``;``-separated context words; the match does
                     not count when one of them is within ``span`` word tokens
                     ("ekstrem" next to cuaca;panas;kemiskinan;...)
    ``span``         word tokens each side for ``requires``/``excludes``
                     (default :data:`DEFAULT_SPAN`)
    ``needs_actor``  ``yes``: the match is a framing use only when it is
                     attributed to an actor of a matching kind (``applies_to``);
                     unattributed matches stay in :func:`bingkai.label_occurrences`
                     with ``framing`` False and are left out of
                     :func:`bingkai.label_rates` ("pemerintah" mostly names the
                     reader's own government in passing)
    ``names_actor``  an actor id the variant always names ("tentara Suriah" ->
                     ``syrian_government``, "KKB" -> ``tpnpb_opm``): the match is
                     attributed to it (basis ``same_phrase``) and it is a
                     mention of that actor for other labels and for speakers
    ``sense``        empty (= ``framing``) or another sense of the label word:
                     ``institution`` ("penanggulangan terorisme", "UU
                     Terorisme"), ``acronym``, ``historical`` ("penjajah
                     Belanda", "zaman penjajahan"), ``everyday`` ("radikal
                     bebas"), ``metalinguistic`` or ``other``. Such a row is a
                     longer variant that takes the word from the framing
                     variant (the longest variant wins): its matches are
                     reported apart (``framing`` False, ``sense`` its sense,
                     no target) and never counted. It may not name an actor

``actors.csv`` — one row per alias of an actor
    ``actor``    identifier, lower-case letters, digits and ``_`` ("hts")
    ``alias``    a word or phrase naming the actor ("Hay'at Tahrir al-Sham")
    ``kind``     ``armed_group``, ``state``, ``foreign_power``, ``person``,
                 ``media``, ``organisation`` or ``place``; one kind per actor.
                 ``place`` actors (the country "Suriah") are recognised so that
                 they are not mistaken for anything else, but are never the
                 target of a label (see :mod:`bingkai.lexicon.attribution`).
                 ``role``: the alias is a role or title that stands for the
                 actor ("Kapolres" -> ``polri``, "Pangdam" -> ``tni``): a
                 speaker named with it speaks for that actor, but a role is
                 never a label's target. A role row's actor needs rows of
                 its own kind too
    ``display``  human-readable name ("Syrian government"; default: the id)
    ``note``     what or who the actor is
    ``region``   optional, a ``place`` actor id: a label variant that names
                 this actor (``names_actor``) names it only in a document
                 that mentions that place; elsewhere the label is not
                 attributed by it ("KKB" is TPNPB-OPM in Papua, not in Aceh).
                 One region per actor

Matching is on normalised surface forms, never on stems (Sastrawi would
conflate "pemberontak" and "pemberontakan"): a variant is normalised and
tokenised exactly like the text (:func:`bingkai.text.normalize.normalize`,
:func:`bingkai.text.tokens.tokenize`), lower-cased, and must then equal a run of
consecutive tokens of one sentence; the longest variant wins, and at equal
length an exact variant wins over a wildcard one. So "Hay’at Tahrir al-Sham"
and "Hay'at Tahrir al-Sham" are the same entry, and punctuation in the text
breaks a phrase unless the variant contains it. One general rule widens a
token's match key (:func:`match_key`): a fully reduplicated plural
("kelompok-kelompok") matches its base ("kelompok"), so the variant
"kelompok teroris" also finds "kelompok-kelompok teroris".

Validation (:class:`bingkai.errors.BingkaiInputError`, naming the file and
the spreadsheet row, header = row 1): unknown or missing columns, an empty
required cell, an unknown ``applies_to``/``kind``, a badly formed actor id,
a label with two frames or displays, an actor with two kinds or displays,
the same variant (alias) twice — after normalisation and tokenisation, so
"Hay’at" and "Hay'at" collide — whether mapped to the same or to two
different labels (actors); a variant or alias made only of stopwords
("yang", "dan": it would match everywhere), a one-letter alias or variant,
an alias equal to a label variant (every use of the label would become a
mention of the actor: use ``names_actor`` instead), a ``names_actor`` that is
not an actor, and malformed sense rules. When packs are combined, a variant
(alias) that two packs map to the same label (actor) is kept once, from the
first pack; mapped to two different ones it is an error naming both files.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Collection, Iterable, Sequence
from importlib import resources
from os import PathLike
from pathlib import Path

import pandas as pd

from bingkai.errors import BingkaiInputError
from bingkai.lexicon.attribution import DEFAULT_WINDOW
from bingkai.text import stopwords as stoplist
from bingkai.text.normalize import normalize
from bingkai.text.tokens import tokenize

LABEL_COLUMNS = ("label", "variant", "frame", "applies_to", "display", "note", "requires", "excludes",
                 "span", "needs_actor", "names_actor", "sense")
ACTOR_COLUMNS = ("actor", "alias", "kind", "display", "note", "region")
_LABEL_REQUIRED = LABEL_COLUMNS[:4]
_ACTOR_REQUIRED = ACTOR_COLUMNS[:3]
# columns a load_* frame carries besides the CSV's: the match key and where the row came from
_DERIVED = ("key", "source", "row")
#: the senses a label variant is used in (labels.csv ``sense``; empty = framing): a variant of
#: another sense is reported apart and never counted
SENSES = ("framing", "institution", "acronym", "historical", "everyday", "metalinguistic", "other")
FRAMING_SENSE = SENSES[0]
APPLIES_TO = ("any", "armed_group", "foreign_power", "state")
ACTOR_KINDS = ("armed_group", "foreign_power", "media", "organisation", "person", "place", "role", "state")
#: the kind of an actor-table row that is a role or title standing for an actor
ROLE = "role"
PACKS = ("syria", "indonesia", "israel_palestine")
DEFAULT_PACK = "syria"
DEFAULT_SPAN = 4
_ACTOR_ID = re.compile(r"[a-z][a-z0-9_]*")
# Group keys of bingkai.actor_labels: "unattributed" for label occurrences
# without a target, "unidentified_speaker"/"no_speaker" for by_speaker=True;
# an actor of one of these names would merge with them.
_RESERVED_ACTOR_IDS = frozenset({"unattributed", "unidentified_speaker", "no_speaker"})
# a wildcard word: letters etc. with one "*" at the start or the end
_WILD = re.compile(r"\*[^*\s]+|[^*\s]+\*")
_MIN_WILD_STEM = 3  # "te*" would match half the dictionary

LexiconSource = str | PathLike[str] | pd.DataFrame | None


def load_labels(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate a labels CSV (default: the ``syria`` pack's).

    Returns one row per variant, in file order, the columns of
    :data:`LABEL_COLUMNS` (all strings; an optional column that is absent is
    filled: ``display`` with the label, the others with ""), plus ``key`` —
    the variant's match key, a tuple of lower-cased normalised tokens (see
    :func:`variant_key`) — and ``source``/``row``, the file and spreadsheet
    row it came from. Raises :class:`~bingkai.errors.BingkaiInputError`
    naming the row of the first problem.
    """
    path = _pack_dir(DEFAULT_PACK) / "labels.csv" if path is None else Path(path)
    rows = _read_csv(path, LABEL_COLUMNS, required=_LABEL_REQUIRED)
    return _validate_labels(rows, path)


def load_actors(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate an actors CSV (default: the ``syria`` pack's).

    Returns one row per alias, in file order, the columns of
    :data:`ACTOR_COLUMNS` (strings; ``display`` defaults to the actor id)
    plus ``key``, ``source`` and ``row`` as for :func:`load_labels`. Raises
    :class:`~bingkai.errors.BingkaiInputError` naming the row of the first
    problem.
    """
    path = _pack_dir(DEFAULT_PACK) / "actors.csv" if path is None else Path(path)
    rows = _read_csv(path, ACTOR_COLUMNS, required=_ACTOR_REQUIRED)
    return _validate_actors(rows, path)


def resolve_labels(labels: LexiconSource) -> pd.DataFrame:
    """``None`` -> packaged default; a path -> :func:`load_labels`; a DataFrame
    (e.g. an edited ``load_labels()`` result) -> validated again, rows
    numbered as if the frame were a CSV file with a header row."""
    if isinstance(labels, pd.DataFrame):
        where = "<labels DataFrame>"
        return _validate_labels(_frame_rows(labels, LABEL_COLUMNS, _LABEL_REQUIRED, where), where)
    return load_labels(labels)


def resolve_actors(actors: LexiconSource) -> pd.DataFrame:
    """As :func:`resolve_labels`, for the actors lexicon."""
    if isinstance(actors, pd.DataFrame):
        where = "<actors DataFrame>"
        return _validate_actors(_frame_rows(actors, ACTOR_COLUMNS, _ACTOR_REQUIRED, where), where)
    return load_actors(actors)


# ------------------------------------------------------------------ Lexicon

class Lexicon:
    """Labels + actors + their rules: the instrument every framing function uses.

    Build one with :func:`load_lexicon` (packs by name, folders) or directly
    from two CSV paths or DataFrames: ``Lexicon(labels="l.csv",
    actors="a.csv")`` (either omitted: the default pack's file). Both tables
    are validated on their own and against each other (see the module
    docstring). Attributes ``labels`` and ``actors`` are the validated frames
    (as :func:`load_labels`/:func:`load_actors` return them); treat them as
    read-only — to change an entry, edit a copy and build a new Lexicon.
    ``name`` says where it came from ("syria+israel_palestine", a folder).

    ``window`` is the attribution window, a setting of the lexicon: how many
    word tokens from a label its actor may be (the proximity rule of
    :mod:`bingkai.lexicon.attribution`; default :data:`DEFAULT_WINDOW`).
    It is part of what the lexicon is, so every framing view counts with
    the window of the lexicon it is given (``lexicon=``);
    :meth:`with_window` gives the same lexicon with another window.
    (``window=`` of ``kwic``/``collocates`` is a context width, not this.)
    """

    def __init__(self, labels: LexiconSource = None, actors: LexiconSource = None, *,
                 name: str | None = None, window: int = DEFAULT_WINDOW) -> None:
        lab, act = resolve_labels(labels), resolve_actors(actors)
        if name is None:
            name = DEFAULT_PACK if labels is None and actors is None else "custom"
        self._set(lab, act, name, window)

    @classmethod
    def _checked(cls, labels: pd.DataFrame, actors: pd.DataFrame, name: str,
                 window: int = DEFAULT_WINDOW) -> "Lexicon":
        self = cls.__new__(cls)
        self._set(labels, actors, name, window)
        return self

    def _set(self, labels: pd.DataFrame, actors: pd.DataFrame, name: str, window: int) -> None:
        if isinstance(window, bool) or not isinstance(window, int) or window < 0:
            raise BingkaiInputError(f"window={window!r} is not a whole number >= 0",
                                    hint=f"the attribution window in word tokens, e.g. window={DEFAULT_WINDOW}")
        _check_layers(labels, actors)
        self.labels = labels.reset_index(drop=True)
        self.actors = actors.reset_index(drop=True)
        self.name = name
        self.window = int(window)
        self._compiled: dict = {}  # framing's compiled matchers, per window

    def with_window(self, window: int) -> "Lexicon":
        """The same labels and actors with the attribution window ``window``
        (a new Lexicon; this one is unchanged)."""
        if window == self.window:
            return self
        return Lexicon._checked(self.labels, self.actors, self.name, window)

    def __repr__(self) -> str:
        return (f"Lexicon({self.name!r}: {self.labels['label'].nunique()} labels / {len(self.labels)} "
                f"variants, {self.actors['actor'].nunique()} actors / {len(self.actors)} aliases, "
                f"window {self.window})")

    def __getstate__(self) -> dict:
        # worker processes recompile; the cache may hold large matcher tables
        return {"labels": self.labels, "actors": self.actors, "name": self.name, "window": self.window,
                "_compiled": {}}

    def display(self, by: str) -> dict[str, str]:
        """``{label: display}`` (``by="label"``) or ``{actor id: display}``
        (``by="actor"``), for tables and figures."""
        if by == "label":
            return dict(zip(self.labels["label"], self.labels["display"]))
        if by == "actor":
            return dict(zip(self.actors["actor"], self.actors["display"]))
        raise BingkaiInputError(f"by={by!r} is not 'label' or 'actor'", hint="use by='label' or by='actor'")

    def require_known(self, value: str, by: str) -> None:
        """Raise unless ``value`` is a label (``by="label"``) or an actor id
        (``by="actor"``) of this lexicon, case-insensitively.

        For query functions (``kwic``, ``collocates``): an unknown id is a
        typo, not "no hits", so the error names the lexicon's file and lists
        the valid ids.
        """
        if by == "label":
            frame, what, column = self.labels, "a label", "label"
        else:
            frame, what, column = self.actors, "an actor id", "actor"
        known = set(frame[column].astype(str).str.lower())
        if value.strip().lower() not in known:
            sources = sorted(set(frame["source"]))
            raise BingkaiInputError(
                f"{value!r} is not {what} in the lexicon {self.name!r}",
                path=sources[0] if len(sources) == 1 else None,
                hint=f"use one of: {', '.join(sorted(known))}; or add it to "
                     f"{' or '.join(sources)} (copy a pack folder, edit it, load_lexicon('folder/'))")


def validated_lexicon(labels: pd.DataFrame, actors: pd.DataFrame, *, name: str,
                      window: int = DEFAULT_WINDOW) -> Lexicon:
    """A :class:`Lexicon` from tables validated before: a Lexicon's own ``labels`` and
    ``actors`` (with ``key``, ``source``, ``row``), e.g. read back from a saved, checksummed
    index. The checks between the two tables run; each table's row validation (which
    tokenises every variant and alias) does not, so a wrong table is not caught here."""
    return Lexicon._checked(labels, actors, name, window)


def load_lexicon(*sources: str | PathLike[str] | Lexicon, window: int | None = None) -> Lexicon:
    """One :class:`Lexicon` from packs, folders or lexicons, combined in order.

    Each source is a packaged pack name (:data:`PACKS`: ``"syria"``,
    ``"indonesia"``, ``"israel_palestine"``), a folder holding
    ``labels.csv`` and ``actors.csv`` (``"my_lexicon/"``; a copy of a pack
    folder is the way to start), or a :class:`Lexicon`. No source: the
    default pack (``syria``). A variant (alias) that two sources map to the
    same label (actor) is kept once, as the first source has it; mapped to
    different labels (actors), or a label (actor) whose frame/display (kind/
    display) differs between sources, is a
    :class:`~bingkai.errors.BingkaiInputError` naming both files and rows.
    ``window``: the attribution window (:class:`Lexicon`); None: the first
    source's (:data:`DEFAULT_WINDOW` for packs and folders).
    """
    if not sources:
        sources = (DEFAULT_PACK,)
    parts = [_one_source(s) for s in sources]
    if window is None:
        window = parts[0].window
    if len(parts) == 1:
        return parts[0].with_window(window)
    # owners must agree across sources before shared rows are dropped
    _same_per_owner_frame(pd.concat([p.labels for p in parts]), "label", ("frame", "display"), "variant")
    _same_per_owner_frame(pd.concat([p.actors for p in parts]), "actor", ("kind", "display"), "alias")
    labels = _merge([p.labels for p in parts], "variant", "label", "label")
    actors = _merge([p.actors for p in parts], "alias", "actor", "actor")
    return Lexicon._checked(labels, actors, "+".join(p.name for p in parts), window)


def resolve_lexicon(lexicon=None) -> Lexicon:
    """The lexicon a framing function uses (its ``lexicon=``): a
    :class:`Lexicon` as it is, a pack name, a folder, or a list of them
    (:func:`load_lexicon`), or None for the default pack. Two CSV files are
    ``Lexicon(labels=..., actors=...)``."""
    if lexicon is not None:
        if isinstance(lexicon, Lexicon):
            return lexicon
        sources = tuple(lexicon) if isinstance(lexicon, (list, tuple)) else (lexicon,)
    else:
        sources = (DEFAULT_PACK,)
    signature = _files_signature(sources)
    if signature is None:  # a Lexicon among them, or a file to complain about
        return load_lexicon(*sources)
    return _loaded_lexicon(tuple(str(s) for s in sources), signature)


def require_known(value: str, by: str, lexicon=None) -> None:
    """:meth:`Lexicon.require_known` of ``lexicon`` (default: the default pack)."""
    resolve_lexicon(lexicon).require_known(value, by)


def actor_kinds(actors: pd.DataFrame) -> dict[str, str]:
    """``{actor id: kind}`` of an actors table; role rows stand for their
    actor and do not change its kind."""
    rows = actors[actors["kind"] != ROLE]
    return dict(zip(rows["actor"], rows["kind"]))


def actor_regions(actors: pd.DataFrame) -> dict[str, str]:
    """``{actor id: region place id}`` for the actors that have a region."""
    if "region" not in actors.columns:
        return {}
    rows = actors[(actors["kind"] != ROLE) & (actors["region"].astype(str) != "")]
    return dict(zip(rows["actor"], rows["region"].astype(str)))


def pack_path(name: str) -> Path:
    """Folder of a packaged pack (to copy it and edit your own)."""
    if name not in PACKS:
        raise BingkaiInputError(f"{name!r} is not a packaged lexicon", hint=f"use one of {', '.join(PACKS)}")
    return _pack_dir(name)


def _one_source(source) -> Lexicon:
    if isinstance(source, Lexicon):
        return source
    text = str(source)
    if isinstance(source, str) and text in PACKS:
        folder, name = _pack_dir(text), text
    else:
        folder, name = Path(source), text
        if not folder.is_dir():
            raise BingkaiInputError(f"{text!r} is neither a packaged lexicon nor a folder", path=folder,
                                    hint=f"use one of {', '.join(PACKS)} or a folder with labels.csv "
                                         "and actors.csv")
    for file in ("labels.csv", "actors.csv"):
        if not (folder / file).is_file():
            raise BingkaiInputError(f"the lexicon folder has no {file}", path=folder / file,
                                    hint="a lexicon folder holds labels.csv and actors.csv "
                                         f"(copy one from {_pack_dir(DEFAULT_PACK)})")
    return Lexicon._checked(load_labels(folder / "labels.csv"), load_actors(folder / "actors.csv"), name)


def _files_signature(sources: tuple) -> tuple | None:
    """(path, mtime, size) of each source's labels.csv and actors.csv, or None
    when a source is not a pack name or folder with both files."""
    out = []
    for source in sources:
        if isinstance(source, Lexicon) or not isinstance(source, (str, PathLike)):
            return None
        folder = _pack_dir(source) if isinstance(source, str) and source in PACKS else Path(source)
        for file in ("labels.csv", "actors.csv"):
            try:
                st = (folder / file).stat()
            except OSError:
                return None
            out.append((str((folder / file).resolve()), st.st_mtime_ns, st.st_size))
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _loaded_lexicon(sources: tuple[str, ...], signature: tuple) -> Lexicon:
    # resolve_lexicon's packs and folders (the default pack too), while their
    # files are unchanged: the framing functions and bingkai.index resolve
    # the lexicon on every call. (load_lexicon always reads the files afresh.)
    return load_lexicon(*sources)


def _merge(frames: list[pd.DataFrame], text_col: str, owner_col: str, what: str) -> pd.DataFrame:
    """Concatenate validated tables; a key seen before is dropped when it maps
    to the same owner and an error when it maps to another."""
    seen: dict[tuple, pd.Series] = {}
    keep = []
    for frame in frames:
        for _, row in frame.iterrows():
            first = seen.get(row["key"])
            if first is None:
                seen[row["key"]] = row
                keep.append(row)
            elif first[owner_col] != row[owner_col]:
                raise BingkaiInputError(
                    f"{text_col} {row[text_col]!r} is {what} {row[owner_col]!r} here and "
                    f"{first[owner_col]!r} in {first['source']} row {first['row']}",
                    path=row["source"], row=int(row["row"]),
                    hint="the combined lexicons disagree; edit a copy of one of them")
    return pd.DataFrame(keep, columns=frames[0].columns).reset_index(drop=True)


def _same_per_owner_frame(frame: pd.DataFrame, owner: str, attrs: Sequence[str], entry: str) -> None:
    if "kind" in frame.columns:
        frame = frame[frame["kind"] != ROLE]  # a role row stands for its actor; kind/display are the actor's
    for attr in attrs:
        first: dict[str, pd.Series] = {}
        for _, row in frame.iterrows():
            seen = first.setdefault(row[owner], row)
            if seen[attr] != row[attr]:
                raise BingkaiInputError(
                    f"{owner} {row[owner]!r} has {attr} {row[attr]!r} here but {seen[attr]!r} in "
                    f"{seen['source']} row {seen['row']}", path=row["source"], row=int(row["row"]),
                    hint=f"give every {entry} of a{'n' if owner[0] in 'aeiou' else ''} {owner} the same {attr}")


def _check_layers(labels: pd.DataFrame, actors: pd.DataFrame) -> None:
    """Checks between the two tables: no alias equal to a label variant, and
    every ``names_actor`` is an actor of the lexicon."""
    variants = dict(zip(labels["key"], zip(labels["variant"], labels["source"], labels["row"])))
    for alias, key, source, row in zip(actors["alias"], actors["key"], actors["source"], actors["row"]):
        if key in variants:
            variant, lsource, lrow = variants[key]
            raise BingkaiInputError(
                f"alias {alias!r} is also the label variant {variant!r} ({lsource} row {lrow}): every use of "
                "the label would become a mention of the actor", path=source, row=int(row),
                hint="delete the alias and write the actor id in the label row's names_actor column")
    ids = set(actors["actor"])
    for name, source, row in zip(labels["names_actor"], labels["source"], labels["row"]):
        if name and name not in ids:
            raise BingkaiInputError(f"names_actor {name!r} is not an actor of the lexicon", path=source,
                                    row=int(row), hint="add the actor to actors.csv or fix the id")


# ----------------------------------------------------------------- match keys

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


def is_wildcard(token_key: str) -> bool:
    """True for a wildcard word of a key (``teroris*``, ``*isme``)."""
    return "*" in token_key


def wildcard_match(pattern: str, token_key: str) -> bool:
    """Does one key word (exact or wildcard) match a token's match key?
    ``*`` stands for zero or more characters at that end of the word."""
    if pattern.endswith("*"):
        return token_key.startswith(pattern[:-1])
    if pattern.startswith("*"):
        return token_key.endswith(pattern[1:])
    return token_key == pattern


def variant_key(variant: str) -> tuple[str, ...]:
    """Match key of a lexicon variant/alias: normalise, tokenise the way the
    corpus is tokenised, lower-case each token, apply :func:`match_key`.

    A word with a ``*`` at its start or end is a wildcard word and kept as
    ``stem*``/``*stem`` (its stem normalised the same way); a ``*`` anywhere
    else, or a stem that is not one token of at least three characters,
    raises ValueError (the loaders turn it into an error naming the row).
    """
    if "*" not in variant:
        return tuple(match_key(tok.lower()) for tok in tokenize(normalize(variant)))
    out: list[str] = []
    for chunk in variant.split():
        if "*" not in chunk:
            out.extend(match_key(tok.lower()) for tok in tokenize(normalize(chunk)))
            continue
        if not _WILD.fullmatch(chunk):
            raise ValueError(f"{chunk!r}: a '*' may only start or end a word")
        stem = chunk.strip("*")
        toks = tokenize(normalize(stem))
        if len(toks) != 1 or len(stem) < _MIN_WILD_STEM:
            raise ValueError(f"{chunk!r}: the part before/after '*' must be one word of "
                             f"{_MIN_WILD_STEM}+ letters")
        low = toks[0].lower()
        out.append(low + "*" if chunk.endswith("*") else "*" + low)
    return tuple(out)


def context_words(cell: str) -> tuple[str, ...]:
    """Patterns of a ``requires``/``excludes`` cell: ``;``-separated single
    words (wildcards allowed), each as a match key. Raises ValueError on an
    empty item or a phrase."""
    out = []
    for item in cell.split(";") if cell.strip() else []:
        item = item.strip()
        key = variant_key(item) if item else ()
        if len(key) != 1:
            raise ValueError(f"{item!r} is not one word (separate words with ';')")
        out.append(key[0])
    return tuple(out)


class PhraseMatcher:
    """Greedy leftmost-longest, non-overlapping matcher for token sequences.

    Built once per lexicon: a dict from first token to the candidate keys
    starting with it, longest first (at equal length exact keys before
    wildcard keys, then file order), so a document is scanned in one pass
    whatever the lexicon size (no regex per variant per document). Keys
    whose first word is a wildcard are tried against each distinct token
    once (cached). ``find`` returns ``(start, stop, entry)`` triples: tokens
    ``[start, stop)`` match ``keys[entry]``.
    """

    def __init__(self, keys: Sequence[tuple[str, ...]]) -> None:
        index: dict[str, list[tuple[tuple[str, ...], int, bool]]] = {}
        wild_first: list[tuple[tuple[str, ...], int, bool]] = []
        for entry, key in enumerate(keys):
            if not key:
                continue
            cand = (key, entry, any(map(is_wildcard, key)))
            if is_wildcard(key[0]):
                wild_first.append(cand)
            else:
                index.setdefault(key[0], []).append(cand)
        for candidates in index.values():
            candidates.sort(key=_order)
        self._index = index
        self._wild_first = wild_first
        self._cache: dict[str, list] = {}
        self._starting: set[str] = set()  # the cached keys that have candidates

    def _candidates(self, tok: str) -> list:
        found = self._cache.get(tok)
        if found is None:
            found = sorted([*self._index.get(tok, ()),
                            *(c for c in self._wild_first if wildcard_match(c[0][0], tok))], key=_order)
            self._cache[tok] = found
            if found:
                self._starting.add(tok)
        return found

    def can_start(self, key: str) -> bool:
        """Can a match start at a token whose match key is ``key``? A token
        sequence with no such token has no match (the index skips its
        documents without scanning them)."""
        return bool(self._candidates(key)) if self._wild_first else key in self._index

    def could_match(self, present: Collection[str]) -> bool:
        """Could a match occur in a token sequence whose match keys are the set
        ``present``? False when every entry lacks a word: its first word cannot
        start at any key of ``present``, or one of its exact words is not in
        ``present`` (a wildcard word after the first counts as present). A
        False answer means :meth:`find` finds nothing in the sequence."""
        if not isinstance(present, (set, frozenset)):
            present = set(present)
        # the keys some entry can start at, by set operations (not a call per key)
        if self._wild_first:
            for key in present.difference(self._cache):  # each key's candidates once, cached
                self._candidates(key)
            starting = present & self._starting
            lookup = self._cache.__getitem__
        else:
            starting = present & self._index.keys()
            lookup = self._index.__getitem__
        for key in starting:
            for entry_key, _, _ in lookup(key):
                if all(w in present or is_wildcard(w) for w in entry_key[1:]):
                    return True
        return False

    def find(self, keys: Sequence[str], segments: Sequence[int] | None = None) -> list[tuple[int, int, int]]:
        """Match over token keys; with ``segments`` (one id per token, equal
        ids contiguous, e.g. the sentence), a match never crosses a segment
        boundary."""
        out: list[tuple[int, int, int]] = []
        n = len(keys)
        index = self._index
        if self._wild_first:
            # each distinct key's candidates once (cached), then the positions that have
            # some: a list comprehension over dict lookups, not a method call per token
            cache = self._cache
            for k in set(keys).difference(cache):
                self._candidates(k)
            starts = [i for i, k in enumerate(keys) if cache[k]]
            lookup = cache.__getitem__
        else:
            # Only positions whose key starts some entry can start a match, so
            # the greedy left-to-right scan visits just those (found at C speed).
            starts = [i for i, k in enumerate(keys) if k in index]
            lookup = index.__getitem__
        nxt = 0  # tokens before nxt are inside an earlier match
        for i in starts:
            if i < nxt:
                continue
            for key, entry, wild in lookup(keys[i]):
                stop = i + len(key)
                if stop > n or (segments is not None and segments[i] != segments[stop - 1]):
                    continue
                if (all(map(wildcard_match, key, keys[i:stop])) if wild
                        else tuple(keys[i:stop]) == key):
                    out.append((i, stop, entry))
                    nxt = stop
                    break
        return out


def _order(cand) -> tuple:
    key, entry, wild = cand
    return (-len(key), wild, entry)


# ------------------------------------------------------------------ reading

def _pack_dir(name: str) -> Path:
    return Path(str(resources.files("bingkai") / "data" / "lexicons" / name))


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """The raw stopword lists (Sastrawi + stopwords_extra.csv, minus
    not_stopwords.csv) *before* lexicon words are protected from them: a
    lexicon entry made only of these would match almost every sentence."""
    extra = set(stoplist.load_word_list(stoplist.EXTRA_PATH)["word"])
    never = set(stoplist.load_word_list(stoplist.NOT_STOPWORDS_PATH)["word"])
    return frozenset((stoplist.sastrawi_stopwords() | extra) - never)


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
    header = [str(c) for c in frame.columns if c not in _DERIVED]
    records = [["" if pd.isna(v) else str(v) for v in row]
               for row in frame[header].itertuples(index=False, name=None)]
    return _check_header_and_rows(header, records, where, columns, required)


def _check_header_and_rows(header: list[str], records: Iterable[list[str]], path, columns, required):
    if len(header) == 1:
        # one column holding every name: the file uses another separator than the comma
        for sep, name in ((";", "semicolon"), ("\t", "tab"), ("|", "bar")):
            if sep in header[0] and set(header[0].split(sep)) & set(columns):
                raise BingkaiInputError(
                    f"the file is {name}-separated ({header[0]!r}); lexicon files are comma-separated CSV",
                    path=path, row=1,
                    hint="save it again as CSV with commas (in Excel: 'CSV UTF-8 (comma delimited)'), "
                         f"header {','.join(columns)}")
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
    """Match key of every row; rejects malformed wildcards, empty keys,
    stopword-only and one-letter entries, and repeated keys."""
    seen: dict[tuple[str, ...], tuple[int, str]] = {}
    stop = _stopwords()
    keys = []
    for rownum, row in rows:
        value = row[text_col]
        try:
            key = variant_key(value)
        except ValueError as err:
            raise BingkaiInputError(f"{text_col} {value!r}: {err}", path=path, row=rownum,
                                    hint="write e.g. 'teroris*' or '*isme'") from None
        if not key:
            raise BingkaiInputError(f"{text_col} {value!r} has no tokens", path=path, row=rownum,
                                    hint=f"write a word or phrase in the {text_col} column")
        if len(key) == 1 and len(key[0].strip("*")) == 1:
            raise BingkaiInputError(f"{text_col} {value!r} is one letter: it would match initials and "
                                    "list markers", path=path, row=rownum,
                                    hint=f"write the {text_col} in full")
        if all(k in stop for k in key):
            raise BingkaiInputError(f"{text_col} {value!r} is only stopwords: it would match almost every "
                                    "sentence", path=path, row=rownum,
                                    hint=f"delete the row or make the {text_col} specific")
        if key in seen:
            first_row, first_owner = seen[key]
            if first_owner == row[owner_col]:
                problem = f"{text_col} {value!r} repeats row {first_row}"
                hint = "delete one of the two rows"
            else:
                problem = (f"{text_col} {value!r} is mapped to {what} {row[owner_col]!r} here "
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
    ``attr`` (its frame, its kind); the error names both rows. Role rows of
    an actor table are left out (they stand for their actor)."""
    first: dict[str, tuple[int, str]] = {}
    for rownum, row in rows:
        if row.get("kind") == ROLE:
            continue
        seen = first.setdefault(row[owner], (rownum, row[attr]))
        if seen[1] != row[attr]:
            raise BingkaiInputError(
                f"{owner} {row[owner]!r} has {attr} {row[attr]!r} here but {seen[1]!r} in row {seen[0]}",
                path=path, row=rownum, hint=f"give every {entry} of a{'n' if owner[0] in 'aeiou' else ''} "
                                            f"{owner} the same {attr}")


def _validate_labels(rows, path) -> pd.DataFrame:
    _require_cells(rows, path, _LABEL_REQUIRED)
    for rownum, row in rows:
        if row["applies_to"] not in APPLIES_TO:
            raise BingkaiInputError(f"unknown applies_to {row['applies_to']!r}", path=path, row=rownum,
                                    hint=f"use one of {', '.join(APPLIES_TO)}")
        row["display"] = row["display"] or row["label"]
        row["needs_actor"] = row["needs_actor"].lower()
        if row["needs_actor"] not in ("", "yes", "no"):
            raise BingkaiInputError(f"needs_actor {row['needs_actor']!r} is not yes, no or empty", path=path,
                                    row=rownum, hint="write 'yes' for a word that is framing only when it "
                                                     "names an actor (e.g. 'pemerintah')")
        for col in ("requires", "excludes"):
            try:
                context_words(row[col])
            except ValueError as err:
                raise BingkaiInputError(f"{col}: {err}", path=path, row=rownum,
                                        hint="list single words separated by ';', e.g. cuaca;panas;suhu") from None
        if row["span"] and not (row["span"].isdigit() and 1 <= int(row["span"]) <= 50):
            raise BingkaiInputError(f"span {row['span']!r} is not a whole number from 1 to 50", path=path,
                                    row=rownum, hint=f"word tokens each side; empty = {DEFAULT_SPAN}")
        row["sense"] = row["sense"].strip().lower() or FRAMING_SENSE
        if row["sense"] not in SENSES:
            raise BingkaiInputError(f"unknown sense {row['sense']!r}", path=path, row=rownum,
                                    hint=f"use one of {', '.join(SENSES)} (empty = framing)")
        if row["sense"] != FRAMING_SENSE and (row["needs_actor"] == "yes" or row["names_actor"]):
            raise BingkaiInputError(f"a {row['sense']} variant cannot name an actor", path=path, row=rownum,
                                    hint="leave needs_actor and names_actor empty on a row of another sense")
        if row["names_actor"] and not _ACTOR_ID.fullmatch(row["names_actor"]):
            raise BingkaiInputError(f"names_actor {row['names_actor']!r} is not an actor id", path=path,
                                    row=rownum, hint="use the id from actors.csv (lower-case, e.g. 'tpnpb_opm')")
    _same_per_owner(rows, path, "label", "frame", "variant")
    _same_per_owner(rows, path, "label", "display", "variant")
    keys = _keyed(rows, path, "variant", "label", "label")
    return _to_frame(rows, keys, LABEL_COLUMNS, path)


def _validate_actors(rows, path) -> pd.DataFrame:
    _require_cells(rows, path, _ACTOR_REQUIRED)
    for rownum, row in rows:
        actor = row["actor"]
        if not _ACTOR_ID.fullmatch(actor) or actor in _RESERVED_ACTOR_IDS:
            raise BingkaiInputError(f"bad actor id {actor!r}", path=path, row=rownum,
                                    hint="use lower-case letters, digits and '_' (e.g. 'syrian_government'), "
                                         f"not {', '.join(sorted(_RESERVED_ACTOR_IDS))}")
        if row["kind"] not in ACTOR_KINDS:
            raise BingkaiInputError(f"unknown kind {row['kind']!r}", path=path, row=rownum,
                                    hint=f"use one of {', '.join(ACTOR_KINDS)}")
        if row["region"] and not _ACTOR_ID.fullmatch(row["region"]):
            raise BingkaiInputError(f"region {row['region']!r} is not an actor id", path=path, row=rownum,
                                    hint="use the id of a place actor of this table (e.g. 'papua')")
    display = {row["actor"]: row["display"] for _, row in rows if row["kind"] != ROLE and row["display"]}
    kinds = {row["actor"]: row["kind"] for _, row in rows if row["kind"] != ROLE}
    for rownum, row in rows:
        if row["kind"] == ROLE:
            if row["actor"] not in kinds:
                raise BingkaiInputError(f"role {row['alias']!r} stands for {row['actor']!r}, which has no row "
                                        "of its own", path=path, row=rownum,
                                        hint=f"add a row naming {row['actor']!r} with its kind (state, ...)")
            row["display"] = display.get(row["actor"], row["actor"])
            if row["region"]:
                raise BingkaiInputError("a role row has a region", path=path, row=rownum,
                                        hint="give the region on the actor's own rows")
        row["display"] = row["display"] or row["actor"]
    _same_per_owner(rows, path, "actor", "kind", "alias")
    _same_per_owner(rows, path, "actor", "display", "alias")
    _same_per_owner(rows, path, "actor", "region", "alias")
    for rownum, row in rows:
        if row["region"] and kinds.get(row["region"]) != "place":
            raise BingkaiInputError(f"region {row['region']!r} is not a place actor of the table", path=path,
                                    row=rownum, hint="add the place (kind 'place') with its aliases, or fix the id")
    keys = _keyed(rows, path, "alias", "actor", "actor")
    return _to_frame(rows, keys, ACTOR_COLUMNS, path)


def _to_frame(rows, keys, columns, path) -> pd.DataFrame:
    frame = pd.DataFrame([row for _, row in rows], columns=list(columns))
    frame = frame.astype({c: "str" for c in columns})
    frame["key"] = pd.Series(keys, dtype=object, index=frame.index)
    frame["source"] = pd.Series([str(path)] * len(rows), dtype="str", index=frame.index)
    frame["row"] = pd.Series([r for r, _ in rows], dtype="int64", index=frame.index)
    return frame.reset_index(drop=True)
