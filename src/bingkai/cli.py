"""The ``bingkai`` command line.

    bingkai corpus build [--seeds seeds] [--sources corpus/sources.csv] [--out corpus]
    bingkai kwic QUERY [--by token|stem|label|actor] [--window 8] [--voice narrator|quoted]
                       [--corpus corpus] [--sort 1R] [--context WORD] [--lexicon PACK_OR_FOLDER ...]
    bingkai report CORPUS --out DIR [--lexicon PACK_OR_FOLDER] [--column FIELD=COLUMN] [--focus ACTOR]
                       [--by outlet|period] [--force]

Input errors are printed as one line (file, row, what to do) with exit code 2,
not as a traceback.
"""

from __future__ import annotations

import argparse
import sys

from .errors import BingkaiInputError


def _corpus_build(args: argparse.Namespace) -> int:
    from .corpus import build_corpus

    frame = build_corpus(seeds=args.seeds, sources=args.sources, out=args.out)
    print(f"wrote {args.out}/articles.jsonl ({len(frame)} articles) "
          f"and {args.out}/removed.csv ({int(frame['lines_dropped'].sum())} lines removed)")
    return 0


def _kwic(args: argparse.Namespace) -> int:
    import pandas as pd

    from .corpus import load_corpus
    from .concordance import kwic

    lines = kwic(load_corpus(args.corpus), args.query, window=args.window, by=args.by,
                 voice=args.voice, sort=args.sort, context=args.context, lexicon=args.lexicon)
    if lines.empty:
        print(f"no matches for {args.query!r} (by={args.by})")
        return 1
    width = max(20, args.width)
    with pd.option_context("display.max_rows", None, "display.width", width,
                           "display.max_colwidth", None):
        left = lines["left"].str.slice(-40).str.rjust(40)
        right = lines["right"].str.slice(0, 40)
        for doc_id, voice, l_, m, r in zip(lines["doc_id"], lines["voice"], left,
                                           lines["match"], right, strict=True):
            print(f"{doc_id[:3]} {voice[:1]} {l_} [{m}] {r}")
    print(f"{len(lines)} lines")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import write_report

    columns = {}
    for item in args.column:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            raise BingkaiInputError(f"--column {item!r} is not FIELD=COLUMN",
                                    hint="e.g. --column text=body --column outlet=site")
        columns[field] = column
    from papermill.exceptions import PapermillExecutionError

    try:
        written = write_report(args.corpus, args.out, columns=columns or None,
                               lexicon=args.lexicon, focus_actors=args.focus or None, by=args.by,
                               overwrite=args.force)
    except PapermillExecutionError as err:
        # the partly executed notebook is in --out, with the error in its cell
        print(f"bingkai: error: a notebook failed in cell {err.exec_count} "
              f"({err.ename}: {err.evalue}); read the notebook in {args.out}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} notebooks, figures/ and tables/ to {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bingkai", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    corpus = sub.add_parser("corpus", help="build the cleaned corpus from seeds/")
    corpus_sub = corpus.add_subparsers(dest="corpus_command", required=True)
    build = corpus_sub.add_parser("build", help="seeds/ + corpus/sources.csv -> corpus/")
    build.add_argument("--seeds", default="seeds")
    build.add_argument("--sources", default="corpus/sources.csv")
    build.add_argument("--out", default="corpus")
    build.set_defaults(func=_corpus_build)

    kw = sub.add_parser("kwic", help="keyword in context for a word, stem, label or actor")
    kw.add_argument("query")
    kw.add_argument("--by", default="token", choices=["token", "stem", "label", "actor"])
    kw.add_argument("--window", type=int, default=8)
    kw.add_argument("--voice", choices=["narrator", "quoted"], default=None)
    kw.add_argument("--sort", default=None, help="sort key such as 1L, 2R (default: document order)")
    kw.add_argument("--context", default=None, help="keep only lines with this word in the window")
    kw.add_argument("--corpus", default="corpus")
    kw.add_argument("--width", type=int, default=120)
    kw.add_argument("--lexicon", action="append", default=None, metavar="PACK_OR_FOLDER",
                    help="lexicon pack (syria, indonesia, israel_palestine) or folder with labels.csv "
                         "and actors.csv; repeat to combine (default: syria)")
    kw.set_defaults(func=_kwic)

    # -- bingkai report (issue 13): the notebooks re-run on any corpus --------------
    rep = sub.add_parser("report", help="execute the notebooks on a corpus into an output folder")
    rep.add_argument("corpus", help="a built corpus folder, or a CSV/JSONL file of articles")
    rep.add_argument("--out", required=True, help="output folder (notebooks, figures/, tables/)")
    rep.add_argument("--lexicon", default=None, metavar="PACK_OR_FOLDER",
                     help="lexicon pack (syria, indonesia, israel_palestine) or folder with labels.csv "
                          "and actors.csv (default: the default pack)")
    rep.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                     help="for a file: which column holds a field, e.g. --column text=body")
    rep.add_argument("--focus", action="append", default=[], metavar="ACTOR",
                     help="an actor id to describe (repeatable; default: the most labelled)")
    rep.add_argument("--by", default="outlet", choices=["outlet", "period"])
    rep.add_argument("--force", action="store_true", help="write into a non-empty --out")
    rep.set_defaults(func=_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BingkaiInputError as err:
        print(f"bingkai: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
