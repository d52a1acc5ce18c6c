"""The devcorpus as bingkai reads it, and offsets between bingkai's cleaned text and the
raw ``text`` column the gold's offsets refer to."""

from __future__ import annotations

import difflib
import os
import warnings
from pathlib import Path

import pandas as pd

import bingkai

REPO = Path(__file__).resolve().parent.parent
DEVCORPUS = Path(os.environ.get("BINGKAI_DEVCORPUS", REPO.parent / "shared" / "devcorpus" / "indosum_dev.csv.gz"))


def load_devcorpus(path: Path = DEVCORPUS, rows: set[str] | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """``(articles, raw)``: the devcorpus through ``bingkai.read_articles`` (doc_id = the
    ``row`` column, stable across rebuilds of the CSV) and the raw text by doc_id. ``rows``:
    keep only these doc ids (read the whole file, then subset: cleaning rules learned per
    outlet need every article)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arts = bingkai.read_articles(path, text="text", outlet="source", url="source_url",
                                     published="id_timestamp_utc", doc_id="row", report=False, progress=False)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False).set_index("row")["text"]
    if rows is not None:
        arts = arts[arts["doc_id"].isin(rows)].reset_index(drop=True)
    return arts, raw


def to_raw(raw: str, cleaned: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Map ``(start, end)`` spans of ``cleaned`` to ``raw``. Cleaning only deletes (datelines,
    link lines, credits), so every kept character is in a matching block of the two texts;
    a span's ends are mapped through the block that holds them."""
    if raw == cleaned:
        return list(spans)
    blocks = difflib.SequenceMatcher(None, raw, cleaned, autojunk=False).get_matching_blocks()

    def pos(j: int, end: bool) -> int:
        for a, b, size in blocks:
            if b <= j < b + size or (end and b < j <= b + size):
                return a + (j - b)
        raise ValueError(f"offset {j} of the cleaned text is not in the raw text")

    return [(pos(s, False), pos(e, True)) for s, e in spans]
