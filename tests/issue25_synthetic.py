"""Issue 25: a synthetic corpus for the export and figure tests.

Every sentence is written for these tests in the style of Indonesian wire copy (none is
copied from a dataset): subjects, label phrases of the packaged lexicon, actors, quotes,
numbers, and the characters an export must escape ("&", "<", ">", '"').
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Sentences written for this test in the style of Indonesian wire copy; {A} an actor name,
# {L} a label phrase of the packaged lexicon, {Q} a quoted clause.
SUBJECTS = ("Pasukan pemerintah", "Juru bicara militer", "Warga setempat", "Kelompok bersenjata",
            "Menteri luar negeri", "Seorang analis", "Kantor berita AT&T Media")
LABELS = ("teroris", "pemberontak", "kelompok militan", "separatis", "KKB", "rezim", "oposisi")
ACTORS = ("HTS", "Hayat Tahrir al-Sham", "Rusia", "Israel", "Hamas", "pemerintah Suriah")
VERBS = ("menyerang", "mengecam", "menuduh", "mendukung", "bertemu dengan", "menolak")
PLACES = ("di Idlib", "di Damaskus", "di perbatasan", "di kota itu", "di Jakarta", "pada malam hari")
QUOTES = ("kami tidak akan mundur", "serangan itu melanggar hukum", "situasi <masih> tegang",
          "mereka adalah {L}")
OUTLETS = ("Kabar Kita", "Warta \"Kota\"", "Suara & Berita", "Harian <Nusa>", "Pos Timur")


def synthetic_articles(n: int = 1000, seed: int = 25, *, outlets=OUTLETS, undated=()) -> pd.DataFrame:
    """``n`` made-up articles over ``outlets`` (in turn): 2-5 paragraphs of 1-4 sentences; one
    in ten undated, and every article of an outlet in ``undated``; one in seven with a subtitle."""
    rng = np.random.default_rng(seed)
    pick = lambda seq: seq[int(rng.integers(len(seq)))]  # noqa: E731

    def sentence() -> str:
        kind = int(rng.integers(4))
        if kind == 0:
            return f"{pick(SUBJECTS)} {pick(VERBS)} {pick(LABELS)} {pick(ACTORS)} {pick(PLACES)}."
        if kind == 1:
            quote = pick(QUOTES).replace("{L}", pick(LABELS))
            return f"\u201c{quote.capitalize()},\u201d kata {pick(SUBJECTS).lower()} {pick(PLACES)}."
        if kind == 2:
            return f"{pick(ACTORS)} {pick(VERBS)} {pick(SUBJECTS).lower()} sejak {int(rng.integers(2, 40))} hari."
        return f"Sebanyak {int(rng.integers(2, 900)):,} orang mengungsi {pick(PLACES)} & sekitarnya."

    rows = []
    for k in range(n):
        paragraphs = ["  ".join(sentence() for _ in range(int(rng.integers(1, 5))))
                      for _ in range(int(rng.integers(2, 6)))]
        day = pd.Timestamp("2023-01-01") + pd.Timedelta(days=int(rng.integers(0, 700)))
        rows.append({
            "doc_id": f"syn{k:04d}",
            "outlet": outlets[k % len(outlets)],
            "title": f"{pick(ACTORS)} {pick(VERBS)} {pick(LABELS)}",
            "subtitle": f"Laporan {pick(PLACES)}" if k % 7 == 0 else "",
            "text": "\n\n".join(paragraphs),
            "published": "" if k % 10 == 3 or outlets[k % len(outlets)] in undated else day.strftime("%Y-%m-%d"),
        })
    return pd.DataFrame(rows)
