"""A synthetic corpus of thousands of articles with planted republications.

Used by tests/views/test_planted_republications.py (same_story, similarity, text_reuse). The
articles come from ``benchmarks/synth.py`` (made-up Indonesian news from
Sastrawi's roots, five outlets, site furniture) and go through
``bingkai.read_articles`` like a researcher's own file. Then some articles
are republished by another outlet in the ways wire copy travels:

- ``identical``: the same text under another outlet;
- ``relead``: the other outlet's own lead line put in front, and its own
  closing paragraph (a sentence from an unrelated article) after;
- ``context``: a whole paragraph-sized block of unrelated text added (as
  much text again as a third of the original);
- ``edited``: every 12th word of the body changed (a house style pass).

Nothing here is tuned to the functions under test: the kinds and amounts
are round numbers chosen before any result was seen.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("identical", "relead", "context", "edited")
#: articles generated before the copies are planted (see the test module's docstring)
PLANTED_ARTICLES = int(os.environ.get("BINGKAI_PLANTED_ARTICLES", "2000"))


@cache
def planted_corpus(n_articles: int = PLANTED_ARTICLES, n_copies: int = 40,
                   seed: int = 2024) -> tuple[pd.DataFrame, dict[tuple[str, str], str],
                                              dict[tuple[str, str], str]]:
    """``(corpus, planted, borrowed)``: the cleaned corpus frame; the planted
    republications as sorted (doc_id, doc_id) tuples -> kind; and the pairs
    (unrelated article, copy) that share text without being the same story
    -> "context" (the copy added a block of the other's body) or "closing"
    (a ``relead`` copy took the other's last line, which may be site
    furniture that cleaning removes, so it may or may not be shared)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.synth import OUTLETS, Generator

    import bingkai

    gen = Generator(seed)
    rng = np.random.default_rng(seed)
    # short articles (80-240 words) keep thousands of them cheap to analyse
    budgets = rng.integers(80, 240, size=n_articles)
    arts = [gen.article(int(b)) for b in budgets]
    for k, art in enumerate(arts):
        art["id"] = f"a{k:05d}"
    sources = rng.choice(n_articles, size=n_copies, replace=False)
    others = rng.choice(n_articles, size=n_copies, replace=False)
    outlets = [o["outlet"] for o in OUTLETS]
    planted: dict[tuple[str, str], str] = {}
    borrowed: dict[tuple[str, str], str] = {}
    for j, (s, o) in enumerate(zip(sources, others)):
        src, other = arts[int(s)], arts[int(o)]
        kind = KINDS[j % len(KINDS)]
        outlet = outlets[(outlets.index(src["outlet"]) + 1 + j % 4) % len(outlets)]
        text = src["text"]
        if kind == "relead":
            style = next(x for x in OUTLETS if x["outlet"] == outlet)
            lead = style["lead"].replace("{CITY}", "JAKARTA")
            closing = other["text"].split("\n")[-1]
            text = lead + text + "\n" + closing
        elif kind == "context":
            words = other["text"].split()
            text = text + "\n" + " ".join(words[:max(1, len(src["text"].split()) // 3)])
        elif kind == "edited":
            words = text.split(" ")
            text = " ".join(w if (i + 1) % 12 else "pula" for i, w in enumerate(words))
        copy = {"outlet": outlet, "title": src["title"], "published": src["published"],
                "text": text, "id": f"c{j:05d}"}
        arts.append(copy)
        planted[tuple(sorted((src["id"], copy["id"])))] = kind
        if kind in ("context", "relead"):
            borrowed[tuple(sorted((other["id"], copy["id"])))] = \
                "context" if kind == "context" else "closing"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts),
                        encoding="utf-8")
        corpus = bingkai.read_articles(path, title="title", published="published",
                                       doc_id="id", progress=False)
    return corpus, planted, borrowed
