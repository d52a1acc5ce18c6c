"""Issue 21 (validity items 1, 3, 4, 5): shared helpers and the few names the
issue-20 redesign renames, each in one place so a rename is a one-line change.

Every sentence in these tests and in ``data/issue21_scrape.csv`` is written
for them, imitating June 2025 Indonesian news scrapes (datelines, ".," joined
paragraphs, glued words, hyphenated pairs); none is copied from a dataset.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import bingkai

HERE = Path(__file__).resolve().parent
#: a small multi-outlet scrape (two outlets, five articles, June-July 2025)
SCRAPE = HERE / "data" / "issue21_scrape.csv"
#: read_articles keywords for SCRAPE (its title and date columns, not guessed)
SCRAPE_COLUMNS = {"title": "title", "published": "published"}

#: kwic's match mode (``match=``, issue 20)
KWIC_LABEL = {"match": "label"}
KWIC_CQL = {"match": "cql"}
#: the CLI's kwic mode flag (``--match``)
CLI_KWIC_LABEL = ["--match", "label"]

#: a public module function the build calls once per document, and its name:
#: patched to make one document fail (moves with the redesign; only this line)
PATCH_MODULE, PATCH_NAME = "bingkai.lexicon.matching", "match_document"


def frame(*texts: str, titles: tuple[str, ...] | None = None, outlet: str = "Warta Nusantara",
          prefix: str = "d") -> pd.DataFrame:
    """One article per text: ``<prefix>0, <prefix>1, ...``, dated June 2025."""
    titles = titles or ("",) * len(texts)
    return pd.DataFrame([{"doc_id": f"{prefix}{i}", "outlet": outlet, "title": title, "subtitle": "",
                          "text": text, "published": f"2025-06-{10 + i:02d}", "period": "2025"}
                         for i, (text, title) in enumerate(zip(texts, titles, strict=True))])


def occ(*texts: str, lexicon=None, titles=None) -> pd.DataFrame:
    """``label_occurrences`` of a made-up frame."""
    return bingkai.label_occurrences(frame(*texts, titles=titles), lexicon=lexicon, progress=False)


def one(o: pd.DataFrame, label: str, nth: int = 0) -> pd.Series:
    rows = o[o["label"] == label]
    assert len(rows) > nth, (label, o[["label", "variant", "sentence"]].to_dict("records"))
    return rows.iloc[nth]


def actor_of(row: pd.Series):
    """The occurrence's actor id, or None when unattributed."""
    return None if pd.isna(row["actor"]) else str(row["actor"])


def speaker_actor_of(row: pd.Series):
    return None if pd.isna(row["speaker_actor"]) else str(row["speaker_actor"])


def failed(corpus) -> pd.DataFrame:
    """The documents a build reported and skipped: ``doc_id, stage, error``."""
    return corpus.failed


def summary(corpus) -> pd.DataFrame:
    """The build summary (``item, value``) a researcher reads."""
    return bingkai.corpus_summary(corpus)
