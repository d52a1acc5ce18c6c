"""Word lists of the lexicon's rules, read from the package's data files: one reader for
every ``word, <category>`` CSV (``data/speaker_words.csv``, ``data/argument_structure.csv``)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from importlib import resources

__all__ = ["word_table"]


def word_table(file: str, column: str, values: Sequence[str]) -> dict[str, frozenset[str]]:
    """``{value: words}`` from the package data file ``file``: a CSV with a ``word``
    column and ``column``, whose every row is one of ``values`` and one word (lower-cased);
    a bad row is a ValueError naming the file and row."""
    path = resources.files("bingkai") / "data" / file
    out: dict[str, set[str]] = {v: set() for v in values}
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            value, word = (row.get(column) or "").strip(), (row.get("word") or "").strip().lower()
            if value not in out or not word or " " in word:
                raise ValueError(f"{path}, row {n}: {column} must be one of {', '.join(values)} "
                                 "and word one word")
            out[value].add(word)
    return {v: frozenset(w) for v, w in out.items()}
