"""One measurement process: ``python -m benchmarks.worker MODE CORPUS WORDS [CACHE]``.

The harness (``python -m benchmarks``) starts one worker per (size, mode) so that
peak memory and warm caches never leak from one measurement into another. The
worker prints one JSON list of result rows (see ``measure.measure``) on its last
stdout line, each row with an extra ``pipeline`` key and, for stages that could
not run, ``skipped`` (the reason) instead of timings.

Modes:

``bingkai``       per-stage: read_articles, tokenize, tokens(), stem cold / warm /
                  parallel n_jobs=2, label_occurrences, terms, TF-IDF fit, keyness;
                  saves the stem cache to CACHE for the next mode
``stem-disk``     fresh process: load the on-disk stem cache from CACHE, stem all
                  word tokens
``bingkai-e2e``   end to end in a fresh process: read_articles -> TF-IDF (fresh
                  Analyzer) -> label_occurrences -> terms -> keyness; cold stemmer,
                  or with CACHE given, a Stemmer loading that on-disk cache;
                  optional 5th argument N_JOBS for label_occurrences(n_jobs=N_JOBS)
``baseline``      the hand-rolled pipeline (``benchmarks.baseline``), stage by stage
``tokenize-only`` read_articles, tokenize and warm stem (for the 10M size)
``seeds``         the committed seed corpus (CORPUS = the ``corpus/`` directory,
                  ``bingkai.load_corpus``): every per-stage row and end to end
                  (cold, and warm from the on-disk stem cache in CACHE), each as
                  the best of REPEAT runs in this one process (6th argument;
                  milliseconds per run, so one run would be noise)
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

from .measure import measure, measure_best


def _skip(stage: str, reason: str) -> dict:
    return {"stage": stage, "skipped": reason}


def _try(rows: list[dict], stage: str, fn, **kw):
    """measure() that turns a missing bingkai module/API into a 'skipped' row."""
    try:
        result, row = measure(stage, fn, **kw)
    except (ImportError, AttributeError, TypeError, NotImplementedError) as err:
        rows.append(_skip(stage, f"{type(err).__name__}: {err}"))
        return None
    rows.append(row)
    return result


def _word_tokens(corpus) -> list[str]:
    """Lowercased word tokens of every body (the stemmer's workload), in order."""
    import bingkai
    from bingkai.text.tokens import token_spans

    out: list[str] = []
    for text in corpus["text"]:
        norm = bingkai.normalize(text)
        out.extend(norm[s:e].lower() for s, e, kind in token_spans(norm) if kind == "word")
    return out


def _stem_all(stemmer, words: list[str]) -> int:
    # stem_token is the analyzer's per-token path (one token in, one term out)
    stem = stemmer.stem_token
    for w in words:
        stem(w)
    return len(words)


def _fresh_cache_dir(cache: str) -> str:
    """Empty the stem-cache directory, so "cold" means no disk cache either."""
    import shutil

    shutil.rmtree(cache, ignore_errors=True)
    Path(cache).mkdir(parents=True)
    return cache


def _stem_parallel(words: list[str], n_jobs: int) -> int:
    import bingkai

    return len(bingkai.Stemmer().stem_many(words, n_jobs=n_jobs))


def _warm_up(path: str) -> None:
    """Run the stages once on the first two articles, off the clock, so lazy imports,
    regex compilation and lexicon loading are not charged to the 10k row."""
    import tempfile

    import bingkai

    with open(path, encoding="utf-8") as fh:
        head = [next(fh) for _ in range(2)]
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "warm.jsonl"
        small.write_text("".join(head), encoding="utf-8")
        corpus = bingkai.read_articles(small, title="title", published="published", report=False)
        bingkai.tokenize(corpus["text"].iloc[0])
        bingkai.tokens(corpus)
        bingkai.label_occurrences(corpus)


def _import_stages() -> None:
    # the modules end to end uses, imported before its clock starts (as the baseline's are)
    import bingkai.text.analyzer  # noqa: F401
    import bingkai.io.seed  # noqa: F401
    import bingkai.views.framing  # noqa: F401
    import bingkai.views.keyness  # noqa: F401
    import bingkai.views.tfidf  # noqa: F401


def _load_and_tokenize(rows: list[dict], path: str, words: int):
    """The first two stages of every bingkai worker: read_articles, then
    tokenize every cleaned body (regexes compiled off the clock). Appends their
    rows; returns the corpus frame, or None if loading failed."""
    import bingkai

    _warm_up(path)
    corpus = _try(rows, "load+clean (read_articles)",
                  lambda: bingkai.read_articles(path, title="title", published="published", report=False), words=words)
    if corpus is None:
        return None
    texts = corpus["text"].tolist()
    bingkai.tokenize(texts[0])  # first call compiles regexes: off the clock
    counts = _try(rows, "normalise+tokenise (tokenize)",
                  lambda: sum(len(bingkai.tokenize(t)) for t in texts), words=words, unit="tokens")
    if counts is not None:
        rows[-1]["units"] = counts
        rows[-1]["units_per_s"] = round(counts / rows[-1]["seconds"])
    return corpus


def run_bingkai(path: str, words: int, cache: str) -> list[dict]:
    import bingkai

    rows: list[dict] = []
    corpus = _load_and_tokenize(rows, path, words)
    if corpus is None:
        return rows
    frame = _try(rows, "token frame (tokens)", lambda: bingkai.tokens(corpus), words=words,
                 unit="rows")
    if frame is not None:
        rows[-1]["units"] = len(frame)
        rows[-1]["units_per_s"] = round(len(frame) / rows[-1]["seconds"])
        del frame
    wtoks = _word_tokens(corpus)
    cache_dir = _fresh_cache_dir(cache)
    stemmer = _try(rows, "stem setup (Stemmer())", lambda: bingkai.Stemmer(cache_dir=cache_dir),
                   words=words)
    if stemmer is not None:
        _try(rows, "stem cold", lambda: _stem_all(stemmer, wtoks), words=words,
             units=len(wtoks), unit="tokens")
        _try(rows, "stem warm (in memory)", lambda: _stem_all(stemmer, wtoks), words=words,
             units=len(wtoks), unit="tokens")
        _try(rows, "stem cache save (Stemmer.save)", stemmer.save, words=words)
    _try(rows, "stem parallel cold (stem_many n_jobs=2)", lambda: _stem_parallel(wtoks, 2), words=words,
         units=len(wtoks), unit="tokens")
    _try(rows, "labels+actors (label_occurrences)", lambda: bingkai.label_occurrences(corpus),
         words=words)
    analyzer = bingkai.Analyzer(stemmer=stemmer) if stemmer is not None else None
    term_counts = _try(rows, "terms (Analyzer, warm stems)",
                       lambda: bingkai.terms(corpus, analyzer=analyzer), words=words)
    from bingkai.views.tfidf import fit_tfidf
    _try(rows, "TF-IDF fit (warm stems)", lambda: fit_tfidf(corpus, analyzer=analyzer),
         words=words)
    if term_counts is not None:
        outlet = sorted(corpus["outlet"].unique())[0]
        by_outlet = term_counts.groupby(["outlet", "term"], as_index=False)["count"].sum()
        _try(rows, "keyness (one outlet vs rest)",
             lambda: bingkai.keyness(counts=by_outlet, target=outlet, by="outlet"), words=words)
    return rows


def run_stem_disk(path: str, words: int, cache: str) -> list[dict]:
    import bingkai

    rows: list[dict] = []
    corpus = bingkai.read_articles(path, title="title", published="published", report=False)
    wtoks = _word_tokens(corpus)
    del corpus
    if not any(Path(cache).glob("*.tsv")):
        return [_skip("stem on-disk cache (fresh process)", "no cache file was saved")]
    stemmer = _try(rows, "stem cache load (fresh process)",
                   lambda: bingkai.Stemmer(cache_dir=cache), words=words)
    if stemmer is not None:
        _try(rows, "stem on-disk cache (fresh process)", lambda: _stem_all(stemmer, wtoks),
             words=words, units=len(wtoks), unit="tokens")
    return rows


def _end_to_end(corpus, cache: str = "", n_jobs: int = 1) -> None:
    """fit_tfidf (new Analyzer, new Stemmer: cold, or loading the on-disk cache)
    -> label_occurrences -> terms -> keyness of the first outlet, on a corpus frame."""
    import bingkai
    from bingkai.views.tfidf import fit_tfidf

    analyzer = bingkai.Analyzer(stemmer=bingkai.Stemmer(cache_dir=cache or None))
    fit_tfidf(corpus, analyzer=analyzer, n_jobs=n_jobs)
    bingkai.label_occurrences(corpus, n_jobs=n_jobs)
    counts = bingkai.terms(corpus, analyzer=analyzer, n_jobs=n_jobs)
    by_outlet = counts.groupby(["outlet", "term"], as_index=False)["count"].sum()
    bingkai.keyness(counts=by_outlet, target=sorted(corpus["outlet"].unique())[0], by="outlet")


def _e2e_stage(cache: str, n_jobs: int) -> str:
    stage = "end to end, warm on-disk stem cache" if cache else "end to end"
    return stage + (f", n_jobs={n_jobs}" if n_jobs != 1 else "")


def run_bingkai_e2e(path: str, words: int, cache: str = "", n_jobs: int = 1) -> list[dict]:
    """End to end; with ``cache`` the stemmer starts from that on-disk stem cache
    (a re-run over a corpus whose vocabulary was seen before), else cold.
    ``n_jobs`` > 1: TF-IDF and terms pre-stem the vocabulary in that many
    processes and label matching runs in that many; the default run uses 1,
    like the baseline (which has no process pool)."""
    import bingkai

    _import_stages()

    def e2e():
        corpus = bingkai.read_articles(path, title="title", published="published", report=False)
        _end_to_end(corpus, cache, n_jobs)

    rows: list[dict] = []
    stage = _e2e_stage(cache, n_jobs)
    if cache and not any(Path(cache).glob("*.tsv")):
        return [_skip(stage, "no cache file was saved")]
    _try(rows, stage, e2e, words=words)
    return rows


def run_baseline(path: str, words: int) -> list[dict]:
    from . import baseline

    # imports outside the clock (bingkai's are too): the clock starts at the data
    import sklearn.feature_extraction.text  # noqa: F401
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # noqa: F401

    rows: list[dict] = []
    frame, r = measure("load (json)", lambda: baseline.load(path), words=words)
    rows.append(r)
    stemmer, r = measure("stem setup (StemmerFactory)", baseline.make_stemmer, words=words)
    rows.append(r)
    stemmed, r = measure("stem per doc (CachedStemmer)",
                         lambda: baseline.stem_documents(frame["text"].tolist(), stemmer),
                         words=words)
    rows.append(r)
    docs, r = measure("stopwords", lambda: baseline.remove_stopwords(stemmed), words=words)
    rows.append(r)
    _, r = measure("TF-IDF fit (TfidfVectorizer)", lambda: baseline.fit_tfidf(docs), words=words)
    rows.append(r)
    _, r = measure("six-label regex counts", lambda: baseline.count_labels(frame), words=words)
    rows.append(r)
    total = sum(x["seconds"] for x in rows)
    rows.append({"stage": "end to end", "seconds": round(total, 4), "words": words,
                 "words_per_s": round(words / total), "units": words, "unit": "words",
                 "units_per_s": round(words / total), "rss_before_mb": rows[0]["rss_before_mb"],
                 "peak_mb": max(x["peak_mb"] for x in rows), "peak_kind": rows[0]["peak_kind"]})
    return rows


def run_tokenize_only(path: str, words: int, cache: str) -> list[dict]:
    import bingkai

    rows: list[dict] = []
    corpus = _load_and_tokenize(rows, path, words)
    if corpus is None:
        return rows
    wtoks = _word_tokens(corpus)
    del corpus
    stemmer = bingkai.Stemmer()
    _try(rows, "stem cold", lambda: _stem_all(stemmer, wtoks), words=words,
         units=len(wtoks), unit="tokens")
    _try(rows, "stem warm (in memory)", lambda: _stem_all(stemmer, wtoks), words=words,
         units=len(wtoks), unit="tokens")
    return rows


def run_seeds(path: str, words: int, cache: str, repeat: int) -> list[dict]:
    """Every stage on the committed seed corpus, best of ``repeat`` runs each.

    Cold stemming and cold end to end build a new ``Stemmer`` for every run (off
    the clock for "stem cold", on it for end to end, as in the other sizes), so
    no run profits from an earlier one's stems; "terms" gets a new ``Analyzer``
    (warm stemmer) per run so its paragraph memo starts empty, and "TF-IDF fit"
    a new Analyzer that has just run ``terms`` (its memo full, as in the other
    sizes)."""
    import bingkai
    from bingkai.views.tfidf import fit_tfidf

    _import_stages()
    rows: list[dict] = []
    best = dict(repeat=repeat, words=words)
    bingkai.label_occurrences(bingkai.load_corpus(path))  # lexicons, regexes: off the clock
    corpus, r = measure_best("load (load_corpus)", lambda _: bingkai.load_corpus(path), **best)
    rows.append(r)
    texts = corpus["text"].tolist()
    counts, r = measure_best("normalise+tokenise (tokenize)",
                             lambda _: sum(len(bingkai.tokenize(t)) for t in texts),
                             unit="tokens", **best)
    r["units"], r["units_per_s"] = counts, round(counts / r["seconds"])
    rows.append(r)
    frame, r = measure_best("token frame (tokens)", lambda _: bingkai.tokens(corpus),
                            unit="rows", **best)
    r["units"], r["units_per_s"] = len(frame), round(len(frame) / r["seconds"])
    rows.append(r)
    wtoks = _word_tokens(corpus)
    stem_rows = dict(units=len(wtoks), unit="tokens", **best)
    _, r = measure_best("stem setup (Stemmer())", lambda _: bingkai.Stemmer(), **best)
    rows.append(r)
    _, r = measure_best("stem cold (new Stemmer each run)", lambda s: _stem_all(s, wtoks),
                        setup=bingkai.Stemmer, **stem_rows)
    rows.append(r)
    warm = bingkai.Stemmer(cache_dir=_fresh_cache_dir(cache))
    _stem_all(warm, wtoks)
    _, r = measure_best("stem warm (in memory)", lambda _: _stem_all(warm, wtoks), **stem_rows)
    rows.append(r)
    warm.save()
    _, r = measure_best("labels+actors (label_occurrences)",
                        lambda _: bingkai.label_occurrences(corpus), **best)
    rows.append(r)
    term_counts, r = measure_best("terms (Analyzer, warm stems)",
                                  lambda a: bingkai.terms(corpus, analyzer=a),
                                  setup=lambda: bingkai.Analyzer(stemmer=warm), **best)
    rows.append(r)

    def analysed():
        analyzer = bingkai.Analyzer(stemmer=warm)
        bingkai.terms(corpus, analyzer=analyzer)
        return analyzer

    _, r = measure_best("TF-IDF fit (warm stems)", lambda a: fit_tfidf(corpus, analyzer=a),
                        setup=analysed, **best)
    rows.append(r)
    outlet = sorted(corpus["outlet"].unique())[0]
    by_outlet = term_counts.groupby(["outlet", "term"], as_index=False)["count"].sum()
    _, r = measure_best("keyness (one outlet vs rest)",
                        lambda _: bingkai.keyness(counts=by_outlet, target=outlet, by="outlet"),
                        **best)
    rows.append(r)
    for stage, kw in (("end to end", {}), ("end to end, warm on-disk stem cache", {"cache": cache})):
        _, r = measure_best(stage, lambda _: _end_to_end(bingkai.load_corpus(path), **kw), **best)
        rows.append(r)
    return rows


def main(argv: list[str]) -> int:
    mode, path, words = argv[0], argv[1], int(argv[2])
    cache = argv[3] if len(argv) > 3 else ""
    n_jobs = int(argv[4]) if len(argv) > 4 else 1
    repeat = int(argv[5]) if len(argv) > 5 else 1
    pipeline = "baseline" if mode == "baseline" else "bingkai"
    try:
        if mode == "bingkai":
            rows = run_bingkai(path, words, cache)
        elif mode == "stem-disk":
            rows = run_stem_disk(path, words, cache)
        elif mode == "bingkai-e2e":
            rows = run_bingkai_e2e(path, words, cache, n_jobs)
        elif mode == "baseline":
            rows = run_baseline(path, words)
        elif mode == "seeds":
            rows = run_seeds(path, words, cache, repeat)
        elif mode == "tokenize-only":
            rows = run_tokenize_only(path, words, cache)
        else:
            raise SystemExit(f"unknown mode {mode!r}")
    except Exception as err:  # report, don't crash the whole benchmark run
        traceback.print_exc(file=sys.stderr)
        rows = [_skip(f"{mode} (failed)", f"{type(err).__name__}: {err}")]
    for row in rows:
        row["pipeline"] = pipeline
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
