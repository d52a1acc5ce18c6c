"""Stopwords: Sastrawi's list, a small project list, and words never to drop.

The stopword set is built from plain files a researcher can edit:

1. PySastrawi's shipped list (``StopWordRemoverFactory().get_stop_words()``,
   809 words), lowercased;
2. plus, when ``extra=True``, ``src/bingkai/data/stopwords_extra.csv``
   (columns ``word, why``): pronouns, abbreviations and news time zones that
   Sastrawi's list lacks;
3. minus every **protected** word (``protected_from_stopwords``): a framing or
   actor word is never a stopword. Protected are the words of
   ``data/not_stopwords.csv`` (``word, why``), the words and stems of the
   stemmer's ``data/protected.csv``, and every word of every framing label,
   label variant (rows of another ``sense`` are left out) and actor alias in ``data/lexicons/syria/{labels,actors}.csv`` (the default pack) when
   those files exist at call time.

What this does to Sastrawi's list: of the framing head nouns in "pihak
oposisi", "kelompok teroris", "pasukan pemerintah", "tentara Suriah" and
"negara agresor" only **pihak** is a Sastrawi stopword; dropping it would turn
"pihak oposisi" into plain "oposisi" in every term count and lose the bigram,
so "pihak" is protected. The label lexicon also un-stops **orang** (head of
the label "orang bersenjata", gunmen), and **bagian** stays a stopword.

Precedence for words of multi-word lexicon entries: an entry such as the
alias "Negara Islam Irak dan Suriah" or the variant "para teroris" contains
grammatical words that frame nothing. A word listed in ``stopwords_extra.csv``
stays a stopword even if a lexicon entry contains it (that file lists "dan"
and "para" for this reason); ``not_stopwords.csv`` and ``protected.csv`` win
over everything, and a word in both ``not_stopwords.csv`` and
``stopwords_extra.csv`` is an error. :func:`stopword_table` shows, word by
word, which source decided.
"""

from __future__ import annotations

import csv
import functools
import os
import re
from os import PathLike
from pathlib import Path

import pandas as pd

from bingkai.constants import DATA_DIR
from bingkai.errors import BingkaiInputError
from bingkai.text.stemming import PROTECTED_PATH, load_protected

EXTRA_PATH = DATA_DIR / "stopwords_extra.csv"
NOT_STOPWORDS_PATH = DATA_DIR / "not_stopwords.csv"
LABELS_PATH = DATA_DIR / "lexicons" / "syria" / "labels.csv"  # the default lexicon pack
ACTORS_PATH = DATA_DIR / "lexicons" / "syria" / "actors.csv"

# Words as the tokeniser keeps them: letters/digits joined by ' or - (al-Sham,
# Hay'at), with curly apostrophes already straightened.
_WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u201a\u201b\u2032`\u00b4\u02bc"})


def sastrawi_stopwords() -> frozenset[str]:
    """PySastrawi's shipped stopword list, lowercased."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(w.strip().lower() for w in StopWordRemoverFactory().get_stop_words()
                     if w.strip())


def load_word_list(path: str | PathLike[str]) -> pd.DataFrame:
    """Read a ``word, why`` CSV (stopwords_extra.csv, not_stopwords.csv).

    Returns a DataFrame sorted by ``word`` with columns ``word`` (lowercased,
    one word), ``why`` and ``row`` (1-based CSV row, header = row 1); a word
    listed twice keeps its first row. Raises :class:`BingkaiInputError`
    naming file and row for missing/unknown columns, a short row, or an empty
    or multi-word ``word``.
    """
    path = Path(path)
    # csv, not pandas: its line numbers stay the spreadsheet rows when there
    # are blank lines (pandas skips them and so miscounts).
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise BingkaiInputError("word list not found", path=path,
                                hint="Create it with the header: word,why") from None
    rows: dict[str, tuple[str, int]] = {}
    with handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in next(reader, [])]
        if sorted(header) != ["why", "word"]:
            raise BingkaiInputError(f"header is {','.join(header) or '(empty)'}", path=path,
                                    row=1, hint="The header must be exactly: word,why")
        iw, iy = header.index("word"), header.index("why")
        for fields in reader:
            row = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != 2:
                raise BingkaiInputError(f"{len(fields)} fields, expected 2 (word,why)",
                                        path=path, row=row,
                                        hint="Quote a 'why' that contains a comma")
            word = fields[iw].strip().lower()
            if not word or any(ch.isspace() for ch in word):
                raise BingkaiInputError(f"word {word!r} is empty or not a single word",
                                        path=path, row=row, hint="List one word per row")
            rows.setdefault(word, (fields[iy].strip(), row))
    frame = pd.DataFrame([(w, y, r) for w, (y, r) in sorted(rows.items())],
                         columns=["word", "why", "row"])
    return frame.astype({"row": "int64"})


def words_of(text: str) -> list[str]:
    """Lowercase words of a lexicon entry: each whole word (``al-sham``,
    ``hay'at``, as the tokeniser keeps them) and, for hyphen-joined words,
    their parts (``al``, ``sham``; an apostrophe does not join two words)."""
    out: list[str] = []
    for word in _WORD.findall(text.translate(_APOSTROPHES).lower()):
        out.append(word)
        parts = word.split("-")
        if len(parts) > 1:
            out.extend(p for p in parts if p)
    return out


def lexicon_words(labels_path: str | PathLike[str] | None = None,
                  actors_path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Words of the label and actor lexicons, if the files exist.

    Returns a DataFrame with columns ``word, source, entry`` (one row per word
    and lexicon entry it occurs in; ``source`` is the file name, ``entry`` the
    label/variant/alias text), sorted by all three. Missing files contribute
    nothing; a file without the expected column raises
    :class:`BingkaiInputError`.
    """
    paths = [Path(labels_path) if labels_path else LABELS_PATH,
             Path(actors_path) if actors_path else ACTORS_PATH]
    columns_for = [("label", "variant"), ("alias",)]
    rows: set[tuple[str, str, str]] = set()
    for path, columns in zip(paths, columns_for):
        if not path.exists():
            continue
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            fields = [f.strip().lower() for f in (reader.fieldnames or [])]
            missing = [c for c in columns if c not in fields]
            if missing:
                raise BingkaiInputError(f"no column {', '.join(missing)}", path=path, row=1,
                                        hint="See the lexicon format in bingkai.lexicon.packs")
            for record in reader:
                record = {(k or "").strip().lower(): v for k, v in record.items()}
                if (record.get("sense") or "framing").strip().lower() != "framing":
                    # A row of another sense ("pemberontakan DI", a historical
                    # rebellion) only keeps a use out of the counts; protecting
                    # its words would un-stop grammatical words such as "di".
                    continue
                for column in columns:
                    entry = (record.get(column) or "").strip()
                    for word in words_of(entry):
                        rows.add((word, path.name, entry))
    return pd.DataFrame(sorted(rows), columns=["word", "source", "entry"])


def stopword_table(*, extra: bool = True) -> pd.DataFrame:
    """Every word any stopword source mentions, and what was decided.

    Returns a DataFrame sorted by ``word`` with columns:

    - ``word``;
    - ``sastrawi``: bool, in PySastrawi's list;
    - ``extra``: bool, in stopwords_extra.csv (counted only if ``extra``);
    - ``protected_by``: "" or the file(s) that protect it, ";"-joined, in
      precedence order (not_stopwords.csv, protected.csv, labels.csv,
      actors.csv; lexicon files only where the extra list does not claim it);
    - ``stopword``: bool, the final decision;
    - ``why``: the reason given in the deciding file ("" for Sastrawi's list).
    """
    extra_list = load_word_list(EXTRA_PATH)
    never = load_word_list(NOT_STOPWORDS_PATH)
    clash = sorted(set(extra_list["word"]) & set(never["word"]))
    if clash:
        row = int(extra_list.loc[extra_list["word"] == clash[0], "row"].iloc[0])
        raise BingkaiInputError(
            f"{clash[0]!r} is also listed in {NOT_STOPWORDS_PATH.name} (never a stopword)",
            path=EXTRA_PATH, row=row, hint="Remove it from one of the two files")
    protected = load_protected()
    lexicon = lexicon_words()
    sastrawi = sastrawi_stopwords()
    extra_why = dict(zip(extra_list["word"], extra_list["why"]))
    why: dict[str, list[tuple[str, str]]] = {}
    for w, y in zip(never["word"], never["why"]):
        why.setdefault(w, []).append((NOT_STOPWORDS_PATH.name, y))
    for w, s, y in zip(protected["word"], protected["stem"], protected["why"]):
        for term in dict.fromkeys((w, s)):
            why.setdefault(term, []).append(("protected.csv", y))
    for w, source, entry in zip(lexicon["word"], lexicon["source"], lexicon["entry"]):
        if w in extra_why:
            continue  # the extra list claims grammatical words inside entries
        sources = why.setdefault(w, [])
        if not any(s == source for s, _ in sources):
            sources.append((source, f"word of lexicon entry {entry!r}"))
    records = []
    for word in sorted(sastrawi | set(extra_why) | set(why)):
        in_extra = word in extra_why
        by = why.get(word, [])
        is_stop = (word in sastrawi or (extra and in_extra)) and not by
        if by:
            reason = by[0][1]
        elif extra and in_extra:
            reason = extra_why[word]
        else:
            reason = ""
        records.append((word, word in sastrawi, in_extra,
                        ";".join(dict.fromkeys(s for s, _ in by)), is_stop, reason))
    return pd.DataFrame(records, columns=["word", "sastrawi", "extra", "protected_by",
                                          "stopword", "why"])


def _signature() -> tuple:
    """(mtime, size) of every file the stopword set depends on."""
    sig = []
    for path in (EXTRA_PATH, NOT_STOPWORDS_PATH, PROTECTED_PATH, LABELS_PATH, ACTORS_PATH):
        try:
            st = os.stat(path)
            sig.append((str(path), st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            sig.append((str(path), None, None))
    return tuple(sig)


@functools.lru_cache(maxsize=4)
def _cached(extra: bool, signature: tuple) -> tuple[frozenset[str], frozenset[str]]:
    table = stopword_table(extra=extra)
    return (frozenset(table.loc[table["stopword"], "word"]),
            frozenset(table.loc[table["protected_by"] != "", "word"]))


def stopwords(*, extra: bool = True) -> frozenset[str]:
    """The stopword set: Sastrawi's list (+ stopwords_extra.csv when
    ``extra``) minus every protected framing/actor word; all lowercase.
    Re-read when any source file changes (checked by mtime and size)."""
    return _cached(bool(extra), _signature())[0]


def protected_from_stopwords() -> frozenset[str]:
    """Words that are never stopwords (see the module docstring)."""
    return _cached(True, _signature())[1]


def is_stopword(word: str) -> bool:
    """True if ``word`` (any case) is in :func:`stopwords` (``extra=True``).
    For a hot loop, take ``stopwords()`` once and test membership yourself."""
    return word.lower() in stopwords()
