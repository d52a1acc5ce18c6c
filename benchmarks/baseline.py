"""The hand-rolled pipeline bingkai has to beat: what a researcher writes without it.

PySastrawi's ``StemmerFactory().create_stemmer()`` (a ``CachedStemmer``: lowercases,
replaces everything but ``a-z0-9 -`` by spaces, stems word by word with a dict cache)
on each document's raw text, Sastrawi's stopword list, scikit-learn's
``TfidfVectorizer()`` with its defaults, and regex counts of six framing labels per
outlet. No boilerplate cleaning, no quote attribution, no actor matching: the
baseline does less work than bingkai, which makes the ratio conservative.

Every function takes and returns plain Python/pandas objects so the harness can time
them one by one; :func:`run` does all of them in order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

#: the six labels the issue's baseline counts (the study's core framing vocabulary)
SIX_LABELS = ("pemberontak", "teroris", "oposisi", "milisi", "rezim", "pemerintah")
_LABEL_RE = re.compile(r"\b(" + "|".join(SIX_LABELS) + r")\b")


def load(path: str | Path) -> pd.DataFrame:
    """Read a JSONL corpus (keys outlet, title, published, text) into a frame with
    those four columns, one row per article, in file order."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return pd.DataFrame(rows, columns=["outlet", "title", "published", "text"])


def make_stemmer():
    """A fresh PySastrawi ``CachedStemmer`` (empty cache: the cold case)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def stem_documents(texts: list[str], stemmer=None) -> list[str]:
    """``stemmer.stem(doc)`` on each document: space-joined stems, one string per doc."""
    stemmer = stemmer or make_stemmer()
    return [stemmer.stem(t) for t in texts]


def remove_stopwords(stemmed: list[str]) -> list[str]:
    """Drop Sastrawi's stopwords (its ``StopWordRemoverFactory`` list) from each doc."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    stop = set(StopWordRemoverFactory().get_stop_words())
    return [" ".join(w for w in doc.split(" ") if w not in stop) for doc in stemmed]


def fit_tfidf(docs: list[str]):
    """``TfidfVectorizer()`` (scikit-learn defaults) fitted on the docs; returns the
    sparse document-term matrix (rows = docs, columns = vocabulary)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer().fit_transform(docs)


def count_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Regex counts of the six labels in lowercased raw text.

    Returns columns ``outlet, label, count`` (one row per outlet and label found),
    sorted by outlet then label.
    """
    rows = []
    for outlet, text in zip(frame["outlet"], frame["text"], strict=True):
        for m in _LABEL_RE.findall(text.lower()):
            rows.append((outlet, m))
    counts = pd.DataFrame(rows, columns=["outlet", "label"]).value_counts().rename("count")
    return counts.reset_index().sort_values(["outlet", "label"], ignore_index=True)


def run(path: str | Path) -> dict:
    """The whole baseline on one corpus file; returns its intermediate results by name."""
    frame = load(path)
    stemmed = stem_documents(frame["text"].tolist())
    docs = remove_stopwords(stemmed)
    return {"frame": frame, "tfidf": fit_tfidf(docs), "labels": count_labels(frame)}
