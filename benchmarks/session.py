"""``python -m benchmarks.session [--corpus PATH] [--out FILE]``

Issue 24's session target: "a whole session (read + index + the four
notebooks' calls) >= 2x faster than one pass of the hand-rolled baseline in
``benchmarks/`` on the same text".

Two fresh processes on the same text (the devcorpus by default,
``/work/shared/devcorpus/indosum_dev.csv.gz``, read with the column options
of ``benchmarks.stages``):

* **session**: ``read_articles`` once, ``bingkai.index`` once, then the
  library calls of the four notebooks in the order they make them
  (:data:`CALLS`: each names the notebook cell it comes from). The notebooks'
  own ``read_articles``/``index`` in cell 2 (repeated in every notebook; the
  index comes from memory after the first) are the two timed steps at the
  top, counted once. Plotting (``figures.paper_figure``), display
  (``display``, ``.bingkai.show``/``.html``), the pandas reshaping of a
  table for display (pivots) and the seed corpus's claim checks are left out:
  they are the notebooks' presentation, not analysis the baseline could do.
* **baseline**: one pass of ``benchmarks/baseline.py`` (``baseline.run``'s
  steps, each timed) over the same rows written to a temporary JSONL in the
  format it reads (keys ``outlet, title, published, text``), written before
  its process starts, off the clock.

Library imports are outside both clocks (as in the rest of ``benchmarks/``);
dictionary and lexicon loading are inside. Times are CPU seconds of the
process and its children (``stages.cpu_seconds``) with wall seconds and the
1-minute load average beside them; the ratio is baseline seconds / session
seconds (above 2 meets the target). A stem cache (``BINGKAI_CACHE_DIR``) is
removed from the environment: the session is a researcher's first run. The
last stdout line is the JSON result.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.firstcalls import LAZY_IMPORTS  # noqa: E402
from benchmarks.measure import peak_mb  # noqa: E402
from benchmarks.stages import (  # noqa: E402
    DEVCORPUS, DEVCORPUS_COLUMNS, PACKAGE_MODULES, cpu_seconds, load1, read, timed)

# The notebooks' parameters as `make report` runs them on a corpus file
# (notebooks/0*.ipynb, cell 1): grouping by outlet, the packaged lexicon
# (so no lexicon= keyword), the default focus actors.
BY = "outlet"
FOCUS_ACTORS = ["hts", "syrian_government", "russia"]
EVERY_PART = '("title", "subtitle", "body")'

# (notebook cell, what it asks, statement) in the order the notebooks run them; executed
# one by one in one namespace holding bingkai, report, findings, figures, pd,
# `articles` (read_articles) and `corpus` (bingkai.index). Only the library's
# analysis calls (and the one-line selections they need); see the docstring.
CALLS = (
    ("01 cell 2", "grouping, open_lexicon",
     f"by = report.grouping(articles, {BY!r}); lex = report.open_lexicon(None)"),
    ("01 cell 3", "corpus_summary", 'summary = bingkai.corpus_summary(corpus, lexicon="packaged")'),
    ("01 cell 5", "sources_table", "sources = report.sources_table(articles)"),
    ("01 cell 7", "tokens (every part)", f"toks = bingkai.tokens(corpus, parts={EVERY_PART})"),
    ("01 cell 10", "removal_log", "removed = report.removal_log(articles)"),
    ("01 cell 13", "corpus_findings", "findings.corpus_findings(articles, by=by)"),
    ("02 cell 5", "label_rates", "rates = bingkai.label_rates(corpus, by=by)"),
    ("02 cell 12", "label words (label_occurrences, Analyzer)",
     "label_words = sorted({t for v in bingkai.label_occurrences(corpus)['variant'].unique() "
     "for t in bingkai.Analyzer()(v)})"),
    ("02 cell 12", "dispersion of the label words",
     "spread = bingkai.dispersion(corpus, terms=label_words, by=by) if label_words else None"),
    ("02 cell 14", "label_timeline by month",
     'timeline = bingkai.label_timeline(corpus, freq="month", by=by)'),
    ("02 cell 15", "timeline_findings", "findings.timeline_findings(timeline, by=by)"),
    ("02 cell 17", "kwic of the top 4 labels in 10 articles each (label_occurrences, where)",
     "occ = bingkai.label_occurrences(corpus); top_labels = occ['label'].value_counts()"
     ".sort_index().sort_values(ascending=False, kind='stable').index[:4].tolist(); "
     "lines = [bingkai.kwic(corpus.where(doc_id=sorted(set(occ.loc[occ['label'] == label, "
     "'doc_id']))[:10]), label, match='label', window=6, "
     f"parts={EVERY_PART}) for label in top_labels]"),
    ("02 cell 19", "removal_log", "removed = report.removal_log(articles)"),
    ("02 cell 21", "label_findings", "findings.label_findings(rates, by=by)"),
    ("03 cell 3", "actor_labels (every part)",
     f"table = bingkai.actor_labels(corpus, parts={EVERY_PART})"),
    ("03 cell 5", "label_occurrences (focus actors)",
     f"occ = bingkai.label_occurrences(corpus); focus = [a for a in ({FOCUS_ACTORS!r} "
     "or findings.top_actors(table)) if a in set(table['actor'])]"),
    ("03 cell 8", "label_timeline of the first focus actor",
     'actor_timeline = bingkai.label_timeline(corpus, actor=focus[0], freq="month", by=by) '
     "if focus else None"),
    ("03 cell 8", "timeline_findings (actor)",
     "findings.timeline_findings(actor_timeline, by=by) if focus else None"),
    ("03 cell 14", "actor_findings",
     'findings.actor_findings(table, actors=focus, names=figures.display_names(lex["actors"]))'),
    ("04 cell 4", "tfidf by outlet, top 8", 'top = bingkai.tfidf(corpus, by="outlet", top=8)'),
    ("04 cell 6", "keyness by outlet", "key = bingkai.keyness(corpus, by=by)"),
    ("04 cell 9", "log_odds, each outlet against the rest",
     "fightin = pd.concat([bingkai.log_odds(corpus, by=by, target=g, prior_weight=0.01)"
     ".assign(**{by: g}) for g in sorted(articles[by].dropna().astype(str).unique())], "
     "ignore_index=True)"),
    ("04 cell 11", "similarity (full) or similarity_by_group",
     "sim = bingkai.similarity(corpus, full=True) if len(articles) <= figures.MAX_TICKED "
     "else bingkai.similarity_by_group(corpus, by=by)"),
    ("04 cell 12", "similarity, top 3", "neighbours = bingkai.similarity(corpus, top=3)"),
    ("04 cell 12", "same_story",
     "pairs = bingkai.same_story(corpus, all_pairs=len(articles) <= figures.MAX_TICKED)"),
    ("04 cell 14", "keyness_findings", "findings.keyness_findings(key, by=by)"),
    ("04 cell 14", "similarity_findings",
     "findings.similarity_findings(neighbours, pairs, articles=articles, by=by)"),
)

#: the baseline's steps, in ``baseline.run``'s order
BASELINE_STEPS = ("load (json)", "stem setup (StemmerFactory)", "stem per doc (CachedStemmer)",
                  "stopwords", "TF-IDF fit (TfidfVectorizer)", "six-label regex counts")


def read_options(path: Path) -> dict:
    """``read_articles`` keywords for ``path``: the devcorpus's columns (as
    ``benchmarks.stages.read``), else ``title``/``published`` where the file has
    columns of those names (the synthetic corpora's JSONL)."""
    if path == DEVCORPUS:
        return dict(DEVCORPUS_COLUMNS)
    cols = set(_raw_rows(path, nrows=1).columns)
    return {k: k for k in ("title", "published") if k in cols}


def _raw_rows(path: Path, nrows: int | None = None):
    """The file's rows as pandas reads them (CSV, optionally gzipped, or JSONL)."""
    import pandas as pd

    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".jsonl"):
        return pd.read_json(path, lines=True, nrows=nrows, dtype=False)
    return pd.read_csv(path, nrows=nrows, dtype=str, keep_default_na=False)


def write_baseline_input(path: Path, out: Path) -> int:
    """Write the rows of ``path`` as the JSONL ``baseline.load`` reads (keys
    ``outlet, title, published, text``, raw text as in the file, one row per
    line); the column names are those ``read_options`` gives ``read_articles``.
    Returns the number of rows."""
    opts = read_options(path)
    rows = _raw_rows(path)
    pick = {"outlet": opts.get("outlet", "outlet"), "title": opts.get("title"),
            "published": opts.get("published"), "text": opts.get("text", "text")}
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for rec in rows.to_dict("records"):
            fh.write(json.dumps({k: ("" if c is None or rec.get(c) is None else str(rec[c]))
                                 for k, c in pick.items()}, ensure_ascii=False) + "\n")
    return len(rows)


def run_session(path: Path) -> dict:
    """In this process: read, index and the notebooks' calls, each timed."""
    import pandas as pd

    import bingkai
    from bingkai import figures, findings, report
    # the package's lazily imported libraries, outside the clock like every import
    for mod in LAZY_IMPORTS + PACKAGE_MODULES:
        importlib.import_module(mod)

    steps: list[dict] = []

    def step(name: str, cell: str, call: str, fn) -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the re-scrape notice, small-group warnings
            out, c, w = timed(fn)
        steps.append({"step": name, "cell": cell, "call": call, "cpu_s": round(c, 4),
                      "wall_s": round(w, 4), "load1": load1()})
        print(f"{cell:<11} {name[:60]:<60} cpu {c:8.3f} s  wall {w:8.3f} s", file=sys.stderr, flush=True)
        return out

    opts = read_options(path)
    if path == DEVCORPUS:
        articles = step("read_articles", "cell 2", "stages.read(path)", lambda: read(path))
    else:
        articles = step("read_articles", "cell 2", f"bingkai.read_articles(path, **{opts})",
                        lambda: bingkai.read_articles(path, report=False, progress=False, **opts))
    corpus = step("bingkai.index", "cell 2", "bingkai.index(articles)",
                  lambda: bingkai.index(articles, progress=False))
    scope = {"bingkai": bingkai, "report": report, "findings": findings, "figures": figures, "pd": pd,
             "articles": articles, "corpus": corpus}
    for cell, name, call in CALLS:
        code = compile(call, cell, "exec")
        step(name, cell, call, lambda code=code: exec(code, scope))  # noqa: S102  (our fixed calls)
    n_words = int((corpus.arrays["kind"] == 0).sum())
    return {"steps": steps, "cpu_s": round(sum(s["cpu_s"] for s in steps), 4),
            "wall_s": round(sum(s["wall_s"] for s in steps), 4), "peak_mb": round(peak_mb(), 1),
            "articles": len(articles), "tokens": corpus.n_tokens, "words": n_words}


def run_baseline(jsonl: Path) -> dict:
    """In this process: ``baseline.run``'s steps on ``jsonl``, each timed."""
    from benchmarks import baseline

    # imports outside the clock (as bingkai's are)
    import sklearn.feature_extraction.text  # noqa: F401
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # noqa: F401
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory  # noqa: F401

    steps: list[dict] = []

    def step(name: str, fn) -> object:
        out, c, w = timed(fn)
        steps.append({"step": name, "cpu_s": round(c, 4), "wall_s": round(w, 4), "load1": load1()})
        print(f"baseline {name:<40} cpu {c:8.3f} s  wall {w:8.3f} s", file=sys.stderr, flush=True)
        return out

    names = iter(BASELINE_STEPS)
    frame = step(next(names), lambda: baseline.load(jsonl))
    stemmer = step(next(names), baseline.make_stemmer)
    stemmed = step(next(names), lambda: baseline.stem_documents(frame["text"].tolist(), stemmer))
    docs = step(next(names), lambda: baseline.remove_stopwords(stemmed))
    step(next(names), lambda: baseline.fit_tfidf(docs))
    step(next(names), lambda: baseline.count_labels(frame))
    return {"steps": steps, "cpu_s": round(sum(s["cpu_s"] for s in steps), 4),
            "wall_s": round(sum(s["wall_s"] for s in steps), 4), "peak_mb": round(peak_mb(), 1),
            "articles": len(frame)}


def _child(args: list[str]) -> dict:
    """One fresh process (``--part``); its last stdout line is the JSON."""
    env = dict(os.environ, BINGKAI_PROGRESS="0", PYTHONHASHSEED="0")
    env.pop("BINGKAI_CACHE_DIR", None)
    proc = subprocess.run([sys.executable, "-m", "benchmarks.session", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    sys.stderr.write(proc.stderr)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"failed": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(lines[-1])


def measure(path: Path) -> dict:
    """Both processes on ``path``; the result dict (see the module docstring)."""
    start = load1()
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "baseline.jsonl"
        rows = write_baseline_input(path, jsonl)
        session = _child(["--part", "session", "--corpus", str(path)])
        base = _child(["--part", "baseline", "--corpus", str(jsonl)])
    out = {"corpus": path.name, "rows": rows, "load1_start": start, "load1_end": load1(),
           "cpus": os.cpu_count(), "session": session, "baseline": base,
           "date": time.strftime("%Y-%m-%d")}
    if "failed" not in session and "failed" not in base:
        out["ratio_cpu"] = round(base["cpu_s"] / session["cpu_s"], 3) if session["cpu_s"] else None
        out["ratio_wall"] = round(base["wall_s"] / session["wall_s"], 3) if session["wall_s"] else None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEVCORPUS))
    ap.add_argument("--out", default=None, help="also write the JSON here")
    ap.add_argument("--part", choices=("session", "baseline"), default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    os.environ.pop("BINGKAI_CACHE_DIR", None)
    path = Path(args.corpus)
    if args.part == "session":
        result = run_session(path)
    elif args.part == "baseline":
        result = run_baseline(path)
    else:
        result = measure(path)
        if args.out:
            Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
