"""Issue 22: how well ``read_articles`` cleans real scraped news (the development corpus).

Measures, on ``../shared/devcorpus/indosum_dev.csv.gz`` (IndoSum dev folds, CC BY-SA 4.0;
see its README), with the public API only:

- **datelines kept**: per outlet, the share of its articles whose cleaned body still opens
  with a dateline that names the outlet (``named_dateline`` below: the opening up to the
  first dash or colon, at most six tokens, all capitalised, contains the outlet's name, its
  URL host's name or a short form the devcorpus README lists). The same test on the raw text
  gives the share that had one before cleaning. Also counted: bodies that open with a dash
  or colon (a dateline cut short: "- Pemerintah ...").
- **repeated sentences**: the share of sentences (of at least five words) of a cleaned body
  that repeat an earlier sentence of the same body (case and spacing ignored).
- **dates parsed**: the share of non-empty ``published_raw`` that parse.
- **learned datelines**: the rows of ``bingkai.learned_boilerplate`` of kind ``dateline``.
- optionally (``--terms``) **outlet names among the top terms**: per outlet, its name tokens
  among its top-20 keyness terms and top-20 TF-IDF terms.

The oracle is deliberately not the cleaner: a string test on the opening, with the README's
short forms, so a cleaner that removes a dateline by any means counts, and one that removes
prose in its place does not look better (its first sentence would simply be gone; the
sentence counts show that).

Usage::

    .venv/bin/python gold/devcorpus_cleaning.py [--terms] [--json gold/devcorpus_cleaning.json]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import time
import warnings
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import bingkai

ROOT = Path(__file__).resolve().parents[1]
DEVCORPUS = ROOT.parent / "shared" / "devcorpus" / "indosum_dev.csv.gz"
COLUMNS = {"text": "text", "outlet": "source", "url": "source_url", "published": "id_timestamp_utc",
           "doc_id": "row"}
#: short forms outlets print in their datelines (devcorpus README, "Boilerplate and date formats")
SHORT_FORMS = {"antaranews": ("antara",), "poskotanews": ("poskota",), "juara.net": ("juara",),
               "goal indonesia": ("goal",), "dailysocial.id": ("dailysocial",)}
OPENING_TOKENS = 12
HEAD_TOKENS = 6
MIN_SENTENCE_WORDS = 5
_DASH = re.compile(r"\s[-–—:]|[-–—:]\s")
_COMPACT = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")


def compact(text: str) -> str:
    return _COMPACT.sub("", text.casefold())


def outlet_names(outlet: str, url: str) -> set[str]:
    """The outlet's name forms: the name, its URL host's name and the README's short forms."""
    names = {compact(outlet)} | {compact(s) for s in SHORT_FORMS.get(outlet, ())}
    host = urlsplit(url).hostname or ""
    labels = [p for p in host.split(".") if p not in ("www", "m", "com", "co", "id", "net", "org", "news")]
    if labels:
        names.add(compact(labels[-1]))
    return {n for n in names if len(n) >= 3}


def named_dateline(text: str, names: set[str]) -> bool:
    """True when the text opens with a dateline naming the outlet (module docstring): at most
    ``HEAD_TOKENS`` tokens before the first dash or colon, one of them the outlet's name, every
    word capitalised (a place and a name; prose before a dash has lowercase words)."""
    opening = " ".join(text.split()[:OPENING_TOKENS])
    match = _DASH.search(opening)
    if match is None:
        return False
    head = opening[: match.start() + 1].split()
    if not head or len(head) > HEAD_TOKENS:
        return False
    words = [w for w in head if any(ch.isalpha() for ch in w)]
    if any(not w[0].isupper() and compact(w) not in names for w in words):
        return False
    return any(name in compact(" ".join(head)) for name in names)


def dash_remnant(text: str) -> bool:
    """True when the body opens with a dash or colon: the tail of a dateline cut short ("- Pemerintah")."""
    return text.lstrip()[:1] in ("-", "–", "—", ":")


def sentence_keys(text: str) -> list[str]:
    keys = []
    for line in text.split("\n"):
        for sentence in _SENTENCE_END.split(line):
            if len(sentence.split()) >= MIN_SENTENCE_WORDS:
                keys.append(" ".join(sentence.casefold().split()))
    return keys


def repeated(keys: list[str]) -> int:
    seen, n = set(), 0
    for key in keys:
        n += key in seen
        seen.add(key)
    return n


def raw_rows() -> dict[str, dict[str, str]]:
    with gzip.open(DEVCORPUS, "rt", encoding="utf-8", newline="") as handle:
        return {row["row"]: row for row in csv.DictReader(handle)}


def measure(terms: bool) -> dict:
    started = time.perf_counter()
    raw = raw_rows()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = bingkai.read_articles(DEVCORPUS, report=False, progress=False, **COLUMNS)
    read_seconds = time.perf_counter() - started
    per: dict[str, Counter] = {}
    for doc_id, outlet, url, text in zip(frame["doc_id"], frame["outlet"], frame["url"], frame["text"]):
        names = outlet_names(outlet, url)
        c = per.setdefault(outlet, Counter())
        c["articles"] += 1
        c["dateline_before"] += named_dateline(raw[str(doc_id)]["text"], names)
        c["dateline_after"] += named_dateline(text, names)
        c["dash_remnant_after"] += dash_remnant(text)
        before, after = sentence_keys(raw[str(doc_id)]["text"]), sentence_keys(text)
        c["sentences_before"] += len(before)
        c["repeated_before"] += repeated(before)
        c["sentences_after"] += len(after)
        c["repeated_after"] += repeated(after)
    learned = bingkai.learned_boilerplate(frame)
    dated = frame["published_raw"] != ""
    out = {
        "articles_read": len(raw), "articles_kept": len(frame), "read_seconds": round(read_seconds, 1),
        "dates_parsed": round(float(frame.loc[dated, "published_at"].notna().mean()), 4) if dated.any() else None,
        "outlets": {o: dict(sorted(c.items())) for o, c in sorted(per.items())},
        "learned_datelines": learned[learned["kind"] == "dateline"][["outlet", "text", "share"]]
        .to_dict("records"),
        "removed_rules": dict(sorted(Counter(bingkai.removed(frame)["rule"]).items())),
    }
    if terms:
        top = {}
        tfidf = bingkai.tfidf(frame, by="outlet", top=20)
        for outlet in sorted(per):
            names = outlet_names(outlet, frame.loc[frame["outlet"] == outlet, "url"].iloc[0])
            key = bingkai.keyness(frame, target=outlet)["term"].head(20)
            tf = tfidf.loc[tfidf["outlet"] == outlet, "term"]
            top[outlet] = {"keyness": [t for t in key if any(n in compact(t) for n in names)],
                           "tfidf": [t for t in tf if any(n in compact(t) for n in names)]}
        out["names_in_top20"] = top
    return out


def table(result: dict) -> str:
    lines = ["| outlet | articles | dateline before | dateline after | opens with a dash after "
             "| repeated sentences before | after |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    tot = Counter()
    for outlet, c in result["outlets"].items():
        tot.update(c)
        lines.append(_row(outlet, c))
    lines.append(_row("**all**", tot))
    return "\n".join(lines)


def _row(name: str, c: Counter | dict) -> str:
    def pct(a, b):
        return f"{100 * c[a] / c[b]:.1f}% ({c[a]})" if c[b] else "-"
    return (f"| {name} | {c['articles']} | {pct('dateline_before', 'articles')} | {pct('dateline_after', 'articles')} "
            f"| {pct('dash_remnant_after', 'articles')} "
            f"| {pct('repeated_before', 'sentences_before')} | {pct('repeated_after', 'sentences_after')} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", action="store_true", help="also check the top keyness/TF-IDF terms (slower)")
    parser.add_argument("--json", type=Path, default=None, help="write the result as JSON here")
    args = parser.parse_args(argv)
    if not DEVCORPUS.exists():
        print(f"no development corpus at {DEVCORPUS}", file=sys.stderr)
        return 2
    result = measure(args.terms)
    print(table(result))
    print(json.dumps({k: v for k, v in result.items() if k != "outlets"}, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
