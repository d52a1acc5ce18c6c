"""The ``bingkai`` command line, built on the public API.

Commands::

    bingkai corpus build [--seeds seeds] [--sources corpus/sources.csv] [--out corpus] [--accept-seeds]
    bingkai kwic QUERY [--match token|stem|label|actor|cql] [--window 8] [--voice narrator|quoted]
                       [--sort 1R] [--context WORD] [--parts body ...] [--lexicon PACK_OR_FOLDER ...]
                                                                       + corpus/output options
    bingkai rates [--by outlet|period|doc_id] [--parts body ...] [--voice all] [--ci wilson]
                  [--label teroris] [--zeros] [--lexicon PACK_OR_FOLDER ...]
                                                                       + corpus/output options
    bingkai keyness TARGET [--by outlet] [--reference rest] [--unit term|lower]
                    [--min-freq 1] [--alpha 0.05] [--top 20]           + corpus/output options
    bingkai report [CORPUS] --out DIR [--lexicon PACK_OR_FOLDER] [--column FIELD=COLUMN]
                   [--focus ACTOR] [--by outlet|period] [--period-by month|quarter|COLUMN]
                   [--formats pdf,svg,png]
                   [--force]                                           + corpus/output options

The analysis commands share one option set (an argparse parent parser):
``--corpus`` takes a folder built by ``bingkai corpus build`` (or its
``articles.jsonl``), an index folder (``bingkai.Corpus.save``), or any file
``bingkai.read_articles`` reads, with the same column flags (``--text
--outlet --title --published --doc-id``); ``--format`` and ``--width`` shape
the output.

Exit codes: 0 success; 1 no result (no concordance line, no label found, no
key term); 2 bad input or usage (the message is one line naming the file,
row and what to do, never a traceback); 130 interrupted (Ctrl-C: one line, the
outputs as they were). A reader that stops early (``bingkai kwic teroris |
head -1``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import warnings
from pathlib import Path

import bingkai
from bingkai import __version__
from bingkai.constants import DEFAULT_PARTS, PARTS
from bingkai.errors import BingkaiInputError
from bingkai.io.seed import ARTICLES_FILE, MANIFEST_FILE, REMOVED_FILE, build_seed_corpus
from bingkai.lexicon.packs import resolve_lexicon
from bingkai.report import notebooks

EXIT_OK, EXIT_NO_RESULT, EXIT_BAD_INPUT = 0, 1, 2
#: Ctrl-C: 128 + SIGINT, the shells' convention
EXIT_INTERRUPTED = 130

DESCRIPTION = ("bingkai: how Indonesian news outlets frame the same actors. Build the seed corpus, "
               "or analyse a built corpus or your own CSV/JSONL of articles from the terminal.")
EPILOG = f"""\
exit codes:
  {EXIT_OK}  success
  {EXIT_NO_RESULT}  no result (no concordance line, no label found, no key term)
  {EXIT_BAD_INPUT}  bad input or usage (one line on stderr: file, row, what to do)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C): one line, the outputs left as they were

examples:
  bingkai corpus build
  bingkai kwic teroris --sort 1R
  bingkai kwic teroris --corpus my_articles.csv --text body --outlet site
  bingkai rates --corpus my_articles.csv --text body --outlet site --voice quoted
  bingkai keyness Suara.com --top 10

run `bingkai COMMAND --help` for a command's options."""

VOICE_LEGEND = "voice: n = narrator (the outlet's own words), q = quoted (inside a direct quotation)"
COMMANDS = ("corpus", "kwic", "rates", "keyness", "report")
#: the column flags shared with bingkai.read_articles (same names)
READ_COLUMNS = ("text", "outlet", "title", "published", "doc_id", "url")
KEYNESS_SHOWN = ("term", "a", "b", "c", "d", "ll", "log_ratio", "p", "p_bonferroni", "direction")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``bingkai kwic: error: argument --window:
    -1 is negative. See `bingkai kwic --help```), exit 2: the usage block argparse prints
    first is what --help is for."""

    def error(self, message: str):
        print(f"{self.prog}: error: {message}. See `{self.prog} --help`", file=sys.stderr)
        self.exit(EXIT_BAD_INPUT)


# --- the options every analysis command shares --------------------------------------------

def _shared_options() -> argparse.ArgumentParser:
    """The parent parser of kwic, rates, keyness (and report): where the
    articles come from and how the result is printed."""
    shared = _Parser(add_help=False)
    source = shared.add_argument_group(
        "corpus", "Where the articles come from: a built corpus, or your own file of articles "
                  "(read with bingkai.read_articles and cleaned like the seeds).")
    source.add_argument("--corpus", default="corpus", metavar="PATH",
                        help="a folder built by `bingkai corpus build` (or its articles.jsonl), an index "
                             "folder saved by bingkai.Corpus.save, or your own CSV/JSONL (any file "
                             "bingkai.read_articles reads) (default: %(default)s)")
    source.add_argument("--text", default=None, metavar="COLUMN",
                        help="your file's column with the article text (default: recognised by name, "
                             "as bingkai.read_articles does)")
    source.add_argument("--outlet", default=None, metavar="COLUMN",
                        help="your file's column with the outlet name (default: recognised by name)")
    source.add_argument("--title", default=None, metavar="COLUMN",
                        help="your file's column with the headline (default: detected from the text)")
    source.add_argument("--published", default=None, metavar="COLUMN",
                        help="your file's column with the publication date (default: none)")
    source.add_argument("--doc-id", default=None, metavar="COLUMN", dest="doc_id",
                        help="your file's column with article ids (default: derived from outlet and text)")
    source.add_argument("--url", default=None, metavar="COLUMN",
                        help="your file's column with the article URL (default: recognised by name)")
    output = shared.add_argument_group("output")
    output.add_argument("--format", choices=("table", "csv"), default="table",
                        help="'table' for reading in the terminal, 'csv' for a spreadsheet or another "
                             "program (every column, full text) (default: %(default)s)")
    output.add_argument("--width", type=_positive, default=120, metavar="N",
                        help="characters per output line for --format table (default: %(default)s)")
    output.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bars on stderr (default: only on a terminal)")
    return shared


def _load(args: argparse.Namespace):
    """The corpus named by ``--corpus``: an index folder (``Corpus.save``), a
    built corpus folder or its articles.jsonl, or a file of articles."""
    path = Path(args.corpus)
    if not path.exists():
        raise BingkaiInputError(
            f"file not found: {path}",
            hint=f"(looked in {Path.cwd()}) Pass --corpus with a folder built by `bingkai corpus build` or "
                 "a CSV/JSONL file of articles (name its columns with --text, --outlet, ...), or run the "
                 "command from the project folder")
    if path.is_dir() and (path / "index.json").is_file():
        return bingkai.Corpus.load(path)
    built = path / ARTICLES_FILE if path.is_dir() else path
    if path.is_dir() and not built.exists():
        raise BingkaiInputError(
            f"the folder has no {ARTICLES_FILE} (nor index.json)", path=path,
            hint="Pass --corpus with a folder built by `bingkai corpus build`, an index folder "
                 "(bingkai.index(...).save(folder)), or a file of articles")
    # an articles.jsonl beside the other build outputs is a built corpus; any
    # other file is the researcher's own articles
    if path.is_dir() or (path.name == ARTICLES_FILE
                         and any((path.parent / f).exists() for f in (MANIFEST_FILE, REMOVED_FILE))):
        return bingkai.load_corpus(built)
    columns = {name: getattr(args, name) for name in READ_COLUMNS if getattr(args, name) is not None}
    # read_articles prints a summary of what it read and skipped: useful, but
    # not the result, so it goes to stderr and stdout stays the table
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(sys.stderr):
        warnings.simplefilter("always")
        frame = bingkai.read_articles(path, progress=args.progress, **columns)
    for warning in caught:
        if issubclass(warning.category, UserWarning):  # e.g. skipped rows: one line, no Python source line
            print(f"bingkai: warning: {warning.message}", file=sys.stderr)
    if frame.empty:
        raise BingkaiInputError("no articles left to analyse", path=path,
                                hint="Check --text and --outlet name the right columns")
    return frame


def _print_table(frame, args: argparse.Namespace) -> None:
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        print(frame.to_string(index=False, line_width=max(40, args.width), max_colwidth=60))


# --- commands -------------------------------------------------------------------------------------

def _corpus_build(args: argparse.Namespace) -> int:
    frame = build_seed_corpus(seeds=args.seeds, sources=args.sources, out=args.out, progress=args.progress,
                         accept_seeds=args.accept_seeds)
    print(f"wrote {args.out}/articles.jsonl ({len(frame)} articles), "
          f"{args.out}/removed.csv ({int(frame['lines_dropped'].sum())} lines removed) and "
          f"{args.out}/SHA256SUMS")
    if args.accept_seeds:
        print(f"recorded the checksums of {len(frame)} seeds in {args.seeds}/SHA256SUMS")
    return EXIT_OK


def _check_query_id(args: argparse.Namespace, corpus=None) -> None:
    """For --match label/actor: QUERY must name one in the lexicon (a typo is bad
    input, exit 2, not "no lines"), said in the command line's terms. The
    lexicon is --lexicon, else that of a saved index given as --corpus."""
    if args.lexicon is None and isinstance(corpus, bingkai.Corpus):
        lexicon = corpus.lexicon
    else:
        lexicon = resolve_lexicon(args.lexicon)
    frame, column, what = ((lexicon.labels, "label", "a label") if args.match == "label"
                           else (lexicon.actors, "actor", "an actor id"))
    known = sorted(set(frame[column].astype(str).str.lower()))
    if args.query.strip().lower() not in known:
        raise BingkaiInputError(
            f"{args.query!r} is not {what} in the lexicon {lexicon.name!r}",
            hint=f"Use one of: {', '.join(known)}; or pass --lexicon with another pack or a folder "
                 "holding your own labels.csv and actors.csv")


def _kwic(args: argparse.Namespace) -> int:
    resolve_lexicon(args.lexicon)   # a bad --lexicon is bad input, whatever --match
    corpus = _load(args)
    if args.match in ("label", "actor"):
        _check_query_id(args, corpus)
    options = dict(window=args.window, match=args.match, voice=args.voice, sort=args.sort, parts=args.parts,
                   progress=args.progress, lexicon=args.lexicon)
    lines = bingkai.kwic(corpus, args.query, context=args.context, **options)
    if lines.empty:
        what = f"no concordance lines for {args.query!r} (--match {args.match}"
        what += f", --voice {args.voice})" if args.voice else ")"
        if args.context is not None:
            without = len(bingkai.kwic(corpus, args.query, **options))
            what = (f"{without} match(es) for {args.query!r}, but none with {args.context!r} within "
                    f"{args.window} words" if without else what + f"; nor with {args.context!r}")
        print(f"bingkai: {what}", file=sys.stderr)
        return EXIT_NO_RESULT
    if args.format == "csv":
        _print_table(lines, args)
        return EXIT_OK
    id_width = int(lines["doc_id"].str.len().max())
    for rec in lines.itertuples(index=False):
        # what is left of --width after "<doc_id> <v> ", the match and " [" "] " goes to the context
        side = max(10, (args.width - id_width - 3 - len(rec.match) - 4) // 2)
        left, right = rec.left.replace("\n", " "), rec.right.replace("\n", " ")
        left = left if len(left) <= side else "…" + left[len(left) - side + 1:]
        right = right if len(right) <= side else right[:side - 1] + "…"
        print(f"{rec.doc_id:<{id_width}} {rec.voice[:1]} {left:>{side}} [{rec.match}] {right}")
    print(f"{len(lines)} line{'' if len(lines) == 1 else 's'}; {VOICE_LEGEND}")
    return EXIT_OK


def _rates(args: argparse.Namespace) -> int:
    resolve_lexicon(args.lexicon)
    corpus = _load(args)
    rates = bingkai.label_rates(corpus, by=args.by, parts=args.parts,
                                ci=args.ci, lexicon=args.lexicon, include_short=args.include_short,
                                progress=args.progress)
    rates = rates[rates["voice"] == args.voice]
    if args.label:
        wanted = {label.lower() for label in args.label}
        known = set(rates["label"].str.lower())
        unknown = sorted(wanted - known)
        if unknown:
            raise BingkaiInputError(f"{', '.join(map(repr, unknown))} is not a label in the lexicon",
                                    hint=f"use one of: {', '.join(sorted(known))}")
        rates = rates[rates["label"].str.lower().isin(wanted)]
    if not args.zeros:
        rates = rates[rates["count"] > 0]
    if rates.empty:
        print(f"bingkai: no label found (voice {args.voice}, parts {' '.join(args.parts)})", file=sys.stderr)
        return EXIT_NO_RESULT
    _print_table(rates.reset_index(drop=True), args)
    return EXIT_OK


def _keyness(args: argparse.Namespace) -> int:
    corpus = _load(args)
    reference = "rest" if args.reference in (None, ["rest"]) else args.reference
    table = bingkai.keyness(corpus, target=args.target, by=args.by, reference=reference, unit=args.unit,
                            min_freq=args.min_freq, alpha=args.alpha, progress=args.progress)
    if args.direction != "both":
        table = table[table["direction"] == args.direction]
    if table.empty:
        print(f"bingkai: no key terms for {args.target!r}"
              + (f" at p < {args.alpha}" if args.alpha is not None else ""), file=sys.stderr)
        return EXIT_NO_RESULT
    table = table.head(args.top) if args.top > 0 else table
    if args.format == "table":  # the columns a reader needs; --format csv gives every measure
        table = table[[c for c in KEYNESS_SHOWN if c in table.columns]]
    _print_table(table, args)
    return EXIT_OK


# --- bingkai report (issue 13, bingkai/report.py): the notebooks re-run on any corpus -------

def _report(args: argparse.Namespace) -> int:
    columns = {name: getattr(args, name) for name in READ_COLUMNS if getattr(args, name) is not None}
    for item in args.column:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            raise BingkaiInputError(f"--column {item!r} is not FIELD=COLUMN",
                                    hint="e.g. --column text=body --column outlet=site (or --text body)")
        if field not in READ_COLUMNS:
            raise BingkaiInputError(f"--column {item!r}: {field!r} is not a field",
                                    hint=f"FIELD is one of {', '.join(READ_COLUMNS)}, e.g. --column text=body")
        columns[field] = column
    from papermill.exceptions import PapermillExecutionError

    try:
        corpus = args.corpus_path if len(args.corpus_path) > 1 else (args.corpus_path or [args.corpus])[0]
        written = notebooks.write_report(corpus, args.out, columns=columns or None,
                               lexicon=args.lexicon, focus_actors=args.focus or None, by=args.by,
                               period_by=args.period_by,
                               formats=[f.strip() for f in args.formats.split(",") if f.strip()],
                               overwrite=args.force, progress=args.progress)
    except PapermillExecutionError as err:
        # write_report has put --out back as it was; the note names the notebook
        where = " ".join(getattr(err, "__notes__", [])) or "a notebook"
        print(f"bingkai: error: {where} failed in cell {err.exec_count} ({err.ename}: "
              f"{str(err.evalue).splitlines()[0] if err.evalue else ''}); {args.out} is as it was",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    except (BingkaiInputError, KeyboardInterrupt, BrokenPipeError):
        raise  # one line each, from run() and main()
    except Exception as err:  # noqa: BLE001 - a kernel that does not start, a dead kernel, ...
        first = str(err).splitlines()[0] if str(err) else ""
        print(f"bingkai: error: the report failed ({type(err).__name__}: {first}); {args.out} is as it was",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"wrote {len(written)} notebooks, figures/ and tables/ to {args.out}")
    for line in notebooks.notes(written):   # what the report could not show on this corpus, and why
        print(f"  {line}")
    return EXIT_OK


def _add_report(sub, shared: argparse.ArgumentParser) -> None:
    rep = sub.add_parser("report", parents=[shared], help="execute the notebooks on a corpus into a folder",
                         description="Run the notebooks (papermill) on a corpus: notebooks, figures/ and "
                                     "tables/ in --out.")
    rep.add_argument("corpus_path", nargs="*", default=[], metavar="CORPUS",
                     help="the corpus, as --corpus (a positional for `bingkai report CORPUS --out DIR`); "
                          "several files of articles (one a day, say), a folder of them or a glob are "
                          "read as one corpus: `bingkai report day1.csv day2.csv --out DIR`")
    rep.add_argument("--out", required=True, metavar="DIR",
                     help="output folder (notebooks, figures/, tables/)")
    _lexicon_option(rep)
    rep.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                     help="for a file: which column holds a field, e.g. --column text=body (same as --text body)")
    rep.add_argument("--focus", action="append", default=[], metavar="ACTOR",
                     help="an actor id to describe (repeatable; default: the most labelled)")
    rep.add_argument("--by", default="outlet", choices=["outlet", "period"],
                     help="grouping of the tables and figures (default: %(default)s)")
    rep.add_argument("--period-by", default=None, metavar="month|quarter|COLUMN", dest="period_by",
                     help="the articles' periods: their publication month or quarter (from --published), "
                          "or a column of your file (default: the corpus's own period column)")
    rep.add_argument("--formats", default="pdf,svg,png", metavar="LIST",
                     help="the figures' formats, comma-separated, some of pdf, svg, png "
                          "(default: %(default)s; png alone is a quicker look)")
    rep.add_argument("--force", action="store_true", help="write into a non-empty --out")
    rep.set_defaults(func=_report)


# --- the parser ---------------------------------------------------------------------------------------

def _count(text: str) -> int:
    """argparse type: a whole number >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _positive(text: str) -> int:
    """argparse type: a whole number >= 1."""
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def _probability(text: str) -> float:
    """argparse type: a probability in (0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a p-value threshold between 0 and 1 (e.g. 0.05)")
    return value


def _parts_option(parser: argparse.ArgumentParser, what: str) -> None:
    """--parts, as the views' parts= (with their one default)."""
    parser.add_argument("--parts", nargs="+", choices=list(PARTS), default=list(DEFAULT_PARTS), metavar="PART",
                        help=f"which parts of the articles are {what}: any of title, subtitle, body "
                             f"(default: {' '.join(DEFAULT_PARTS)})")


def _lexicon_option(parser: argparse.ArgumentParser) -> None:
    """``--lexicon`` for the commands that match labels and actors."""
    parser.add_argument("--lexicon", action="append", default=None, metavar="PACK_OR_FOLDER",
                        help="lexicon pack (syria, indonesia, israel_palestine) or folder with labels.csv "
                             "and actors.csv; repeat to combine (default: syria)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="bingkai", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    shared = _shared_options()

    corpus = sub.add_parser("corpus", help="build the cleaned seed corpus",
                            description="Build the cleaned corpus from the seed articles.")
    corpus_sub = corpus.add_subparsers(dest="corpus_command", title="commands", metavar="COMMAND")
    build = corpus_sub.add_parser(
        "build", help="seeds/ + corpus/sources.csv -> corpus/",
        description="Verify every seed against seeds/SHA256SUMS, clean it, and write "
                    "articles.jsonl, removed.csv and SHA256SUMS to the output folder.")
    build.add_argument("--seeds", default="seeds", metavar="DIR",
                       help="folder with the *.txt seed articles and their SHA256SUMS (default: %(default)s)")
    build.add_argument("--sources", default="corpus/sources.csv", metavar="CSV",
                       help="metadata table, one row per seed (default: %(default)s)")
    build.add_argument("--out", default="corpus", metavar="DIR",
                       help="output folder, created if missing (default: %(default)s)")
    build.add_argument("--accept-seeds", action="store_true",
                       help="after a deliberate change to the seeds: record their checksums in "
                            "SEEDS/SHA256SUMS instead of refusing changed, added or removed seeds")
    build.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="progress bar on stderr (default: only on a terminal)")
    build.set_defaults(func=_corpus_build)

    kw = sub.add_parser("kwic", parents=[shared], help="keyword in context for a word, stem, label or actor",
                        description="Concordance lines: every occurrence of QUERY with its context.",
                        epilog=VOICE_LEGEND)
    kw.add_argument("query", metavar="QUERY",
                    help="a word or phrase, a stem word, a label, an actor id or a CQL query (see --match)")
    kw.add_argument("--match", default="token", choices=["token", "stem", "label", "actor", "cql"],
                    help="what QUERY is: an exact word form or phrase, any word with the same stem, a "
                         "framing label of the lexicon, an actor id (label uses attributed to it), or a "
                         "CQL query such as '[stem=\"serang\"] [actor=\"hts\"]' (default: %(default)s)")
    kw.add_argument("--window", type=_count, default=8, metavar="N",
                    help="words of context on each side, within the paragraph (default: %(default)s)")
    kw.add_argument("--voice", choices=["narrator", "quoted"], default=None,
                    help="only the outlet's own words, or only direct quotations (default: both)")
    kw.add_argument("--sort", default=None, metavar="POS",
                    help="sort by the N-th word right (1R, 2R, ...) or left (1L, ...) of the match "
                         "(default: document order)")
    kw.add_argument("--context", default=None, metavar="WORD",
                    help="keep only lines with this word or phrase within the window")
    _parts_option(kw, "searched")
    _lexicon_option(kw)
    kw.set_defaults(func=_kwic)

    rt = sub.add_parser("rates", parents=[shared], help="framing-label rates per 1,000 words with 95%% CIs",
                        description="How often each framing label is used per 1,000 word tokens, per "
                                    "group, with 95%% confidence intervals (bingkai.label_rates).")
    rt.add_argument("--by", default="outlet", choices=["outlet", "period", "doc_id"],
                    help="grouping column (default: %(default)s)")
    _parts_option(rt, "counted")
    rt.add_argument("--voice", default="all", choices=["all", "narrator", "quoted"],
                    help="count labels and words in every voice, only the outlet's own words, or only "
                         "direct quotations (default: %(default)s)")
    rt.add_argument("--ci", default="wilson", choices=["wilson", "exact"],
                    help="confidence interval: Wilson score or exact Clopper-Pearson (default: %(default)s)")
    rt.add_argument("--label", action="append", default=None, metavar="LABEL",
                    help="show only this label (repeat for several) (default: every label found)")
    rt.add_argument("--zeros", action="store_true",
                    help="also show labels a group never uses (count 0)")
    rt.add_argument("--include-short", action="store_true", dest="include_short",
                    help="also count articles whose body is under read_articles' minimum length")
    _lexicon_option(rt)
    rt.set_defaults(func=_rates)

    ky = sub.add_parser("keyness", parents=[shared], help="key terms of one outlet (or group) against the rest",
                        description="Terms one group uses more (or less) than a reference: log-likelihood "
                                    "G2, log ratio and p per term (bingkai.keyness).")
    ky.add_argument("target", metavar="TARGET", help="the group to describe, a value of --by (e.g. an outlet)")
    ky.add_argument("--by", default="outlet", metavar="COLUMN",
                    help="grouping column: outlet, period, doc_id, ... (default: %(default)s)")
    ky.add_argument("--reference", action="append", default=None, metavar="GROUP",
                    help="compare against this group (repeat for several) (default: every other group)")
    ky.add_argument("--unit", default="term", choices=["term", "lower"],
                    help="count stemmed content terms, or lowercased word forms (default: %(default)s)")
    ky.add_argument("--min-freq", type=_count, default=1, metavar="N", dest="min_freq",
                    help="skip terms seen fewer than N times in target and reference together "
                         "(default: %(default)s)")
    ky.add_argument("--alpha", type=_probability, default=None, metavar="P",
                    help="keep only terms with p below P (default: keep all)")
    ky.add_argument("--direction", default="both", choices=["both", "over", "under"],
                    help="terms the target over-uses, under-uses, or both (default: %(default)s)")
    ky.add_argument("--top", type=_count, default=20, metavar="N",
                    help="show the N strongest terms; 0 shows all (default: %(default)s)")
    ky.set_defaults(func=_keyness)

    _add_report(sub, shared)
    return parser


def _unknown_arguments(args: argparse.Namespace, extras: list[str]) -> int:
    command = " ".join(c for c in (getattr(args, "command", None), getattr(args, "corpus_command", None)) if c)
    shown = " ".join(extras)
    where = f"bingkai {command}" if command else "bingkai"
    print(f"bingkai: error: unknown option or argument {shown!r} for `{where}`. "
          f"See `{where} --help` for what it accepts", file=sys.stderr)
    return EXIT_BAD_INPUT


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args, extras = parser.parse_known_args(argv)
    except SystemExit as stop:  # argparse's own errors (exit 2) and --help/--version (exit 0)
        return int(stop.code or 0)
    if extras:
        return _unknown_arguments(args, extras)
    if getattr(args, "func", None) is None:
        # no command (or `bingkai corpus` alone): say what there is, not "arguments are required"
        if getattr(args, "command", None) == "corpus":
            print("bingkai: error: say what to do with the corpus: `bingkai corpus build`. "
                  "See `bingkai corpus --help`", file=sys.stderr)
        else:
            parser.print_usage(sys.stderr)
            print(f"bingkai: error: name a command ({', '.join(COMMANDS)}). See `bingkai --help`",
                  file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                return args.func(args)
            finally:
                # the library's warnings (short articles left out, ...): one line each
                for warning in caught:
                    if issubclass(warning.category, UserWarning):
                        print(f"bingkai: warning: {warning.message}", file=sys.stderr)
    except BingkaiInputError as err:
        # one line, whatever the message holds (a CQL error shows the query under a caret)
        print("bingkai: error: " + " ".join(line.strip() for line in str(err).splitlines() if line.strip()),
              file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        raise  # handled in main: the reader went away, not an error of the input
    except OSError as err:
        # a last resort for OS errors no function turned into an input error
        # (e.g. an unreadable --corpus file): still one line, naming the path
        where = f"{err.filename}: " if err.filename else ""
        print(f"bingkai: error: {where}{err.strerror or err}. Check that the path exists and that you "
              "may read (and, for outputs, write) it", file=sys.stderr)
        return EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring).

    ``argv=None`` means this is the process's own command line (the
    ``bingkai`` script): then SIGTERM also unwinds normally, so a killed build
    still removes its temp files.
    """
    if argv is None and hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        code = _run(argv)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below
        return code
    except KeyboardInterrupt:
        # Ctrl-C: the outputs are written atomically (a build renames its files
        # into place at the end, a report its folder), so nothing half-written
        # is left; say so in one line, no traceback, exit 128 + SIGINT
        print("\nbingkai: interrupted; nothing written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader stopped (`bingkai kwic teroris | head -1`): not an error.
        # Point stdout at devnull so the interpreter's final flush is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
