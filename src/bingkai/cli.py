"""The ``bingkai`` command line.

    bingkai corpus build [--seeds seeds] [--sources corpus/sources.csv] [--out corpus]
    bingkai kwic QUERY [--by token|stem|label|actor] [--window 8] [--voice narrator|quoted]
                       [--corpus corpus] [--sort 1R] [--context WORD] [--lexicon PACK_OR_FOLDER ...]

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
