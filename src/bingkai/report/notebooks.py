"""``bingkai report``: the four notebooks, re-run on any corpus.

The notebooks in ``notebooks/`` are the paper about the seed corpus *and* a
report any researcher can run on their own articles. Each starts with one
cell tagged ``parameters`` (papermill's convention) holding everything that
names an input or an output:

``corpus_path``
    a built corpus folder (``articles.jsonl``, optionally ``removed.csv``)
    or a file of articles for ``bingkai.read_articles``;
``columns``
    ``read_articles`` keywords for a file (``{"text": "body", ...}``);
``lexicon``
    None (the default pack), a pack name (``syria``, ``indonesia``, ...) or
    a folder holding ``labels.csv`` and ``actors.csv``;
``focus_actors``
    the actor ids the actor notebook describes (None: the most labelled);
``by``
    the grouping, "outlet" or "period";
``figures_dir``, ``tables_dir``
    where figures (PDF, SVG, PNG) and tables (CSV) are written
    (``tables_dir=None``: tables are not written);
``figure_formats``
    the formats each figure is saved in (default all three; e.g.
    ``["png"]`` for a quick look at a corpus: the PDF is the slowest).

:func:`write_report` executes the notebooks with papermill into ``out/``
(``out/<notebook>.ipynb``, ``out/figures/``, ``out/tables/``) and never
touches the committed ``notebooks/`` or ``figures/``. The helpers the
notebooks call (:func:`open_corpus`, :func:`open_lexicon`,
:func:`is_seed_corpus`, :func:`removal_log`, :func:`save_table`) are the
same for the seed corpus and for a researcher's own, so the seed run shows
its sources and removal log through the code that serves any corpus.

Seed claims: cells that assert the paper's specific claims run only when
``is_seed_corpus(corpus_path)`` (the repository's own ``corpus/``), so a
report on other articles never checks (or prints) a fact about the seeds.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pandas as pd

from bingkai.errors import BingkaiInputError
from bingkai.io.reading import Attached, Lookup, Records, read_articles, removed
from bingkai.io.seed import SKIPPED_COLUMNS, jsonl_text, load_corpus, read_sources, write_atomic
from bingkai.lexicon.packs import resolve_lexicon
from bingkai.progress import progress_bar
from bingkai.report.formats import checked_formats

__all__ = [
    "NOTEBOOKS",
    "is_seed_corpus",
    "grouping",
    "missing",
    "notes",
    "notebooks_dir",
    "open_corpus",
    "open_lexicon",
    "removal_log",
    "save_table",
    "say",
    "seed_corpus_dir",
    "sources_table",
    "write_report",
]

PathArg = str | os.PathLike[str]

#: The notebooks a report runs, in reading order.
NOTEBOOKS = ("01_corpus.ipynb", "02_labels.ipynb", "03_actors.ipynb",
             "04_distinctive_terms.ipynb")
_REMOVED_COLUMNS = ("doc_id", "line", "text", "rule")
_ROOT = Path(__file__).resolve().parents[3]


def seed_corpus_dir() -> Path:
    """The repository's built seed corpus folder (``<repo>/corpus``)."""
    return _ROOT / "corpus"


def notebooks_dir() -> Path:
    """The repository's ``notebooks/`` folder (where the report notebooks live)."""
    return _ROOT / "notebooks"


def is_seed_corpus(corpus_path: PathArg) -> bool:
    """True when ``corpus_path`` is the repository's seed corpus folder (or its
    ``articles.jsonl``): the notebooks' claim checks run on that corpus only."""
    path = Path(corpus_path)
    if path.name == "articles.jsonl":
        path = path.parent
    try:
        return path.resolve() == seed_corpus_dir().resolve()
    except OSError:
        return False


def is_built_corpus(corpus_path: PathArg | Sequence[PathArg]) -> bool:
    """True for a corpus folder built by ``bingkai corpus build`` (it holds
    ``articles.jsonl``) or that file; False for files of articles (a file, a
    folder of them, a glob, a list)."""
    if isinstance(corpus_path, (list, tuple)):
        return False
    path = Path(corpus_path)
    return (path.is_dir() and (path / "articles.jsonl").is_file()) or path.name == "articles.jsonl"


def open_corpus(corpus_path: PathArg | Sequence[PathArg], *,
                columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The corpus frame of ``corpus_path``, whatever kind of input it is.

    A built corpus folder (or its ``articles.jsonl``, see
    :func:`is_built_corpus`) is read with ``bingkai.load_corpus``; when a
    ``removed.csv`` sits beside it (``bingkai corpus build`` writes one) its
    rows are kept in ``frame.attrs["removed"]`` for :func:`removal_log`.
    Anything else -- a file of articles, a folder of them, a glob, a list of
    paths -- is read with ``bingkai.read_articles(corpus_path, **columns)``.
    """
    if isinstance(corpus_path, (list, tuple)):
        return read_articles(list(corpus_path), **dict(columns or {}))
    path = Path(corpus_path)
    if is_built_corpus(path):
        if columns:
            raise BingkaiInputError("columns= is for a file of articles, not a built corpus folder",
                                    path=path, hint="leave columns=None for a corpus folder")
        frame = load_corpus(path)
        folder = path if path.is_dir() else path.parent
        removed = folder / "removed.csv"
        # Logs ride in attrs wrapped so that pandas shares them instead of
        # deep-copying them on every operation on the frame (a plain list of
        # a 600-article corpus's 15,000 removed lines made each notebook
        # several times slower).
        if removed.exists():
            log = pd.read_csv(removed, dtype=str, keep_default_na=False)
            frame.attrs["removed"] = Attached(log.astype({"line": "int64"}))
        skipped = folder / "skipped.csv"
        if skipped.exists():  # written by write_report for the rows read_articles skipped
            frame.attrs["skipped"] = Records(pd.read_csv(skipped, dtype=str, keep_default_na=False
                                                          ).to_dict("records"))
        sources = folder / "sources.csv"
        if sources.exists():
            table = read_sources(sources)
            frame.attrs["date_basis"] = Lookup(zip(table["doc_id"], table["date_basis"]))
        return frame
    if not path.exists() and not set("*?[") & set(str(corpus_path)):
        raise BingkaiInputError("corpus not found", path=path,
                                hint="pass a built corpus folder or a CSV/JSONL file of articles")
    return read_articles(corpus_path, **dict(columns or {}))


def removal_log(corpus: pd.DataFrame) -> pd.DataFrame:
    """Lines cleaning removed, one row per line: ``doc_id, line, text, rule``.

    From the ``removed.csv`` :func:`open_corpus` found beside a built corpus,
    or the log ``read_articles`` keeps on the frame it returns
    (``bingkai.removed``); empty (same columns) when there is neither.
    """
    if isinstance(getattr(corpus, "attrs", {}).get("removed"), Attached):
        # the log open_corpus or read_articles put on the frame (its own rows only)
        return removed(corpus).sort_values(["doc_id", "line"], kind="stable", ignore_index=True)
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "line" else str) for c in _REMOVED_COLUMNS})


def sources_table(corpus: pd.DataFrame) -> pd.DataFrame:
    """Provenance of each article: ``doc_id, outlet, domain, published,
    date_basis, period, republished_from`` (those the corpus has).

    ``date_basis`` (how a date is known) comes from the ``sources.csv``
    :func:`open_corpus` found beside a built corpus, "" where unknown (always,
    for a file of articles).
    """
    wanted = ["doc_id", "outlet", "domain", "published", "period", "republished_from"]
    table = corpus[[c for c in wanted if c in corpus.columns]].copy()
    basis = getattr(corpus, "attrs", {}).get("date_basis") or {}
    position = table.columns.get_loc("published") + 1 if "published" in table.columns else len(table.columns)
    table.insert(position, "date_basis", [str(basis.get(d, "")) for d in table["doc_id"].astype(str)])
    return table.reset_index(drop=True)


def open_lexicon(lexicon=None) -> dict[str, pd.DataFrame]:
    """``{"labels": frame, "actors": frame}`` of the lexicon a notebook uses:
    None -> the default pack; a pack name (``bingkai.load_lexicon``); a
    folder holding ``labels.csv`` and ``actors.csv``; a ``bingkai.Lexicon``.
    The frames are the lexicon's own (with its ``display`` column), for
    showing the lexicon; the views take the same ``lexicon`` value."""
    if isinstance(lexicon, (str, os.PathLike)) and Path(lexicon).is_dir():
        folder = Path(lexicon)
        missing = [f for f in ("labels.csv", "actors.csv") if not (folder / f).exists()]
        if missing:
            raise BingkaiInputError(f"the lexicon folder lacks {', '.join(missing)}", path=folder,
                                    hint="copy a pack's labels.csv and actors.csv there and edit them")
    lex = resolve_lexicon(lexicon)
    return {"labels": lex.labels, "actors": lex.actors}


def save_table(frame: pd.DataFrame, name: str, tables_dir: PathArg | None) -> Path | None:
    """Write ``frame`` as ``<tables_dir>/<name>.csv`` (UTF-8, no index, "\\n"
    line ends), atomically; do nothing when ``tables_dir`` is None.

    The bytes depend only on the frame (floats with ``repr`` precision), so a
    re-run writes the same file. Returns the path written, or None.
    """
    if tables_dir is None:
        return None
    if not name or Path(name).name != name:
        raise BingkaiInputError(f"table name {name!r} is not a plain file name",
                                hint="pass a name without directories or extension")
    out = Path(tables_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.csv"

    write_atomic({target: frame.to_csv(index=False, lineterminator="\n")})
    return target


def _write_read_corpus(frame: pd.DataFrame, folder: Path) -> Path:
    """Write a frame read by ``read_articles`` as a corpus folder
    (``articles.jsonl`` as ``build_seed_corpus`` writes it, and ``skipped.csv``
    with the rows it skipped) that :func:`open_corpus` reads back."""
    folder.mkdir(parents=True, exist_ok=True)
    skipped = pd.DataFrame(frame.attrs.get("skipped") or [], columns=list(SKIPPED_COLUMNS))
    files = {folder / "articles.jsonl": jsonl_text(frame),
             folder / "skipped.csv": skipped.to_csv(index=False, lineterminator="\n")}
    if frame.attrs.get("removed") is not None:
        # the removal log read_articles kept, beside the articles like a built corpus's
        files[folder / "removed.csv"] = removal_log(frame).to_csv(index=False, lineterminator="\n")
    write_atomic(files)
    return folder


def _lexicon_parameter(lexicon) -> str | list[str] | None:
    """The notebooks' ``lexicon`` parameter: None, one pack name or folder,
    or a list of them (combined in order); folders as absolute paths."""
    if lexicon is None:
        return None
    items = [lexicon] if isinstance(lexicon, (str, os.PathLike)) else list(lexicon)
    out = [str(Path(x).resolve()) if Path(x).exists() else str(x) for x in items]
    if not out:
        return None
    return out[0] if len(out) == 1 else out


@contextlib.contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the kernels papermill starts, then restore."""
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


#: how a notebook's sentence about what it cannot show begins (``say``); ``notes`` collects them
MISSING_MARK = "Not shown:"


def say(sentence: str) -> bool:
    """Print ``sentence`` (from ``missing``) as one line beginning ``MISSING_MARK``;
    True when there was something to say (the cell then skips what it cannot show)."""
    if sentence:
        print(f"{MISSING_MARK} {sentence}")
    return bool(sentence)


def _groups(articles: pd.DataFrame, by: str) -> list[str]:
    return sorted(set(articles[by].astype(str))) if by in articles.columns else []


def missing(what: str, needs: str, articles: pd.DataFrame, *, by: str = "outlet",
            occurrences: pd.DataFrame | None = None, focus: Sequence[str] | None = None) -> str:
    """The sentence a report cell prints instead of ``what`` when the corpus lacks what it
    ``needs``, or "" when nothing is missing.

    ``needs``: ``"groups"`` (two or more values of ``by`` to compare), ``"labels"`` (a
    label occurrence, from ``occurrences``), ``"focus"`` (a focus actor with labels:
    ``focus``) or ``"dates"`` (a publication date). Each sentence says what is missing
    and what the user can do.
    """
    if needs == "groups":
        groups = _groups(articles, by)
        if len(groups) >= 2:
            return ""
        word = {"outlet": "outlet", "period": "period"}.get(by, f"{by} value")
        had = f" ({groups[0]})" if groups else ""
        fix = ("add articles from another outlet, or group by period (--by period --period-by month)"
               if by == "outlet" else f"group by outlet (--by outlet), or by finer periods (--period-by month)"
               if by == "period" else f"group by a column with two or more values")
        return f"{what}: it compares {word}s and the corpus has only one {word}{had}. To see it, {fix}."
    if needs == "labels":
        if occurrences is not None and len(occurrences):
            return ""
        return (f"{what}: no label of the lexicon occurs in these articles. To see it, use a lexicon made for "
                "them (--lexicon indonesia, israel_palestine or a folder with your labels.csv and actors.csv).")
    if needs == "focus":
        if focus:
            return ""
        return (f"{what}: no actor of the lexicon is labelled in these articles. To see it, name actors with "
                "--focus, or use a lexicon whose actors these articles label (--lexicon).")
    if needs == "dates":
        if "published" in articles.columns and (articles["published"].astype(str).str.strip() != "").any():
            return ""
        return (f"{what}: no article has a publication date. To see it, name the date column "
                "(--published COLUMN).")
    raise BingkaiInputError(f"needs={needs!r} is not a requirement", hint="use groups, labels, focus or dates")


def grouping(articles: pd.DataFrame, by: str) -> str:
    """The grouping a report can use: ``by``, or "outlet" when ``by`` is "period" and
    not every article has one -- said in one sentence (``say``) with what to do."""
    if by != "period":
        return by
    periods = articles["period"].astype(str).str.strip() if "period" in articles.columns else None
    if periods is not None and (periods != "").all():
        return by
    lacking = len(articles) if periods is None else int((periods == "").sum())
    say(f"periods: {lacking} of {len(articles)} articles have no period, so the tables and figures are grouped "
        "by outlet. To group by period, pass --period-by month, quarter or a column of your file "
        "(write_report(period_by=...)).")
    return "outlet"


def notes(notebooks: Sequence[PathArg]) -> list[str]:
    """The ``MISSING_MARK`` sentences of executed notebooks, each once, in order: the
    report's summary of what it could not show."""
    found: dict[str, None] = {}
    for path in map(Path, notebooks):
        if not path.is_file():   # nothing written there: nothing said
            continue
        for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
            for output in cell.get("outputs", []):
                text = output.get("text", "")
                for line in ("".join(text) if isinstance(text, list) else text).splitlines():
                    if line.startswith(MISSING_MARK):
                        found[line] = None
    return list(found)


#: ``period_by`` values that derive periods from the publication date -> pandas period frequency
PERIOD_UNITS = {"month": "M", "quarter": "Q"}
#: the period of an article without a readable date when periods come from dates
UNDATED = "undated"


def with_periods(frame: pd.DataFrame, period_by: str, *, path: PathArg | None = None) -> pd.DataFrame:
    """``frame`` with its ``period`` column set by ``period_by``: the publication month
    ("2020-03") or quarter ("2020Q1"), or the values of a column of the frame.

    Articles without a readable date are ``UNDATED``; a corpus with no date at
    all, or without the column, is an error saying what to pass instead.
    """
    frame = frame.copy()
    if period_by in PERIOD_UNITS:
        days = pd.to_datetime(frame["published"].astype(str), format="%Y-%m-%d", errors="coerce")
        if days.isna().all():
            raise BingkaiInputError(
                f"period_by={period_by!r} needs publication dates, and no article has one", path=path,
                hint="name the date column (--published COLUMN, read_articles(published=...)), or give "
                     "periods from a column of your file (--period-by COLUMN)")
        periods = days.dt.to_period(PERIOD_UNITS[period_by]).astype(str)
        frame["period"] = periods.where(days.notna(), UNDATED).astype(str)
    elif period_by in frame.columns:
        frame["period"] = frame[period_by].astype(str)
    else:
        raise BingkaiInputError(
            f"period_by={period_by!r} is neither 'month', 'quarter' nor a column of the corpus", path=path,
            hint="pass --period-by month, quarter, or the name of a column holding the periods")
    return frame


def write_report(
    corpus_path: PathArg | Sequence[PathArg],
    out: PathArg,
    *,
    columns: Mapping[str, str] | None = None,
    lexicon: PathArg | Sequence[PathArg] | None = None,
    focus_actors: Sequence[str] | None = None,
    by: str = "outlet",
    period_by: str | None = None,
    formats: Sequence[str] = ("pdf", "svg", "png"),
    notebooks: Sequence[str] = NOTEBOOKS,
    overwrite: bool = False,
    kernel_name: str = "python3",
    timeout: int = 1800,
    progress: bool | None = None,
    interactive_tables: bool = False,
) -> list[Path]:
    """Execute the report notebooks on ``corpus_path`` into ``out``.

    Parameters
    ----------
    corpus_path
        A built corpus folder, or articles for ``bingkai.read_articles``: a
        file, a folder of files, a glob or a list of paths (see
        :func:`open_corpus`). Articles are read (and any error in them
        raised) before ``out`` is touched.
    out
        Output folder: gets ``<notebook>.ipynb`` (executed, with outputs),
        ``figures/`` and ``tables/``, and for a file of articles
        ``corpus/articles.jsonl`` + ``corpus/skipped.csv`` (the articles as
        read and cleaned, once, the input of every notebook). Must not be the repository's
        ``notebooks/`` or ``figures/``; must be empty or absent unless
        ``overwrite=True`` (a previous report is never replaced silently).
    columns, lexicon, focus_actors, by
        The notebooks' parameters (module docstring). A focus actor the
        lexicon does not have is an error, before anything runs.
    period_by
        The articles' periods (what ``by="period"`` groups): ``"month"`` or
        ``"quarter"`` of the publication date (articles without one are
        "undated"), or the name of a column of the file of articles (or of
        the built corpus) holding the researcher's own periods. None: the
        corpus's ``period`` column as it is.
    formats
        The figures' formats (``figure_formats``): some of
        ``bingkai.report.formats.FORMATS``.
    notebooks
        Which notebooks to run (file names in ``notebooks/``), in order.
    kernel_name
        Jupyter kernel; "python3" is the Python running this call. The
        notebooks run one after another in one kernel of this kind, its
        namespace reset between them (each starts from its own cells only;
        imports and the in-memory index carry over).
    timeout
        Seconds allowed per cell.
    interactive_tables
        The notebooks' ``interactive_tables`` parameter: False (the default) shows tables and
        KWIC lines as static HTML, the highlighted KWIC included; True as sortable,
        searchable tables (``bingkai.report.interactive``). On a corpus other than the seed
        corpus the cells tagged ``seed-only`` (the paper's claims) are left out.

    Returns
    -------
    The executed notebooks' paths. A failing notebook raises
    ``papermill.PapermillExecutionError`` (its note names the notebook). Any
    failure -- bad input, a failing notebook, a kernel that does not start,
    Ctrl-C -- leaves ``out`` exactly as it was.
    """
    built = is_built_corpus(corpus_path)
    if isinstance(corpus_path, (list, tuple)):
        corpus_path = [Path(p).resolve() for p in corpus_path]
    elif built or not set("*?[") & set(str(corpus_path)):
        corpus_path = Path(corpus_path).resolve()
        if not corpus_path.exists():
            raise BingkaiInputError(f"file not found: {corpus_path}",
                                    hint="pass a built corpus folder or a CSV/JSONL file of articles")
    out = Path(out).resolve()
    for committed in (notebooks_dir(), _ROOT / "figures"):
        if out == committed.resolve() or committed.resolve() in out.parents:
            raise BingkaiInputError("the report would overwrite the committed paper", path=out,
                                    hint="pass another output folder, e.g. report/")
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise BingkaiInputError("the output folder is not empty", path=out,
                                hint="pass an empty or new folder, or overwrite=True (--force)")
    if by not in ("outlet", "period"):
        raise BingkaiInputError(f"by={by!r} is not 'outlet' or 'period'",
                                hint="group by 'outlet' or 'period'")
    # everything the notebooks will be given is checked before anything runs or is written
    actors = set(open_lexicon(lexicon)["actors"]["actor"].astype(str))
    unknown = [a for a in (focus_actors or ()) if a not in actors]
    if unknown:
        raise BingkaiInputError(f"focus actor(s) {', '.join(map(repr, unknown))} not in the lexicon",
                                hint=f"use actor ids of the lexicon: {', '.join(sorted(actors))}")
    if period_by is not None and not str(period_by).strip():
        raise BingkaiInputError("period_by is empty", hint="pass 'month', 'quarter' or a column name")

    formats = checked_formats(formats)
    sources = [notebooks_dir() / name for name in notebooks]
    absent = [str(p) for p in sources if not p.exists()]
    if absent:
        raise BingkaiInputError(f"notebook(s) not found: {', '.join(absent)}",
                                hint="run from a checkout of bingkai (the notebooks are not packaged)")
    # Articles are read and cleaned once, here, before OUT is touched (an error in them leaves
    # OUT as it was), and kept as OUT/corpus/articles.jsonl (+ skipped.csv): every notebook
    # loads that instead of re-reading and re-cleaning the files in its own kernel.
    # --period-by COLUMN is read with them (read_articles(period=COLUMN)); month and quarter
    # come from the dates, here, for a built corpus too.
    own = period_by is not None and period_by not in PERIOD_UNITS and not built
    frame = None if built else open_corpus(corpus_path, columns={**(columns or {}),
                                                                 **({"period": period_by} if own else {})})
    if built and period_by is not None:
        frame = open_corpus(corpus_path)
    if frame is not None and period_by is not None and not own:
        frame = with_periods(frame, period_by, path=corpus_path)
    # From here on any failure -- an error, a failing notebook, Ctrl-C -- puts OUT back as it was.
    # the paper's claims about the seed corpus: their cells are left out of any other report
    seed = (not isinstance(corpus_path, list) and is_seed_corpus(corpus_path) and by == "outlet"
            and lexicon is None)
    with _as_it_was_on_failure(out):
        return _run_report(frame, corpus_path, out, seed=seed, interactive_tables=interactive_tables,
                           columns=columns, lexicon=lexicon,
                           focus_actors=focus_actors, by=by, formats=formats, sources=sources,
                           kernel_name=kernel_name, timeout=timeout, progress=progress)


def _run_report(frame, corpus_path, out: Path, *, seed: bool, interactive_tables: bool, columns, lexicon,
                focus_actors, by, formats, sources, kernel_name: str, timeout: int, progress) -> list[Path]:
    """:func:`write_report` once its inputs are checked: write OUT and run the notebooks."""
    import papermill

    out.mkdir(parents=True, exist_ok=True)
    if frame is not None:
        corpus_path = _write_read_corpus(frame, out / "corpus")
        columns = None
    parameters = {
        "corpus_path": str(corpus_path),
        "columns": dict(columns) if columns else None,
        # a folder as an absolute path (the kernels run in OUT); a pack name as it is;
        # several (--lexicon repeated) combined, as every view combines them
        "lexicon": _lexicon_parameter(lexicon),
        "focus_actors": list(focus_actors) if focus_actors else None,
        "by": by,
        "figures_dir": str(out / "figures"),
        "tables_dir": str(out / "tables"),
        "figure_formats": list(formats),
    }
    written = []
    env = {"BINGKAI_PROGRESS": "0", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    # the bar is made before the kernels' environment turns bars off
    steps = progress_bar(sources, desc="report", progress=progress, unit="notebook")
    with contextlib.ExitStack() as stack:
        if not os.environ.get("BINGKAI_CACHE_DIR"):
            # Each notebook runs in its own kernel: an index cache shared by the
            # four lets the first build the corpus index and the others load it.
            # A temporary one (removed afterwards) unless the user keeps a cache.
            env["BINGKAI_CACHE_DIR"] = stack.enter_context(
                tempfile.TemporaryDirectory(prefix="bingkai-report-"))
        stack.enter_context(_environment(env))
        # One kernel for the four notebooks, its namespace reset between them
        # (execution counts restart at 1): each notebook still starts from
        # nothing but its own cells, while the imports and the in-memory
        # corpus index carry over -- starting a kernel and importing pandas,
        # matplotlib and scikit-learn cost ~3 s per notebook.
        inputs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bingkai-notebooks-")))
        # the kernel's connection file lives in that folder, so a Ctrl-C between the
        # kernel's start and the shutdown callback leaves no file in the system's temp
        km = _start_kernel(kernel_name, out, inputs / "kernel.json")
        stack.callback(km.shutdown_kernel, now=True)
        for k, source in enumerate(steps):
            if k:
                _reset_namespace(km, timeout)
            target = out / source.name
            notebook = _report_notebook(source, inputs, seed=seed)
            given = dict(parameters)
            if "interactive_tables" in notebook.read_text(encoding="utf-8"):
                given["interactive_tables"] = interactive_tables
            try:
                papermill.execute_notebook(
                    str(notebook), str(target), parameters=given, kernel_name=kernel_name,
                    cwd=str(out), progress_bar=False, request_save_on_cell_execute=False,
                    execution_timeout=timeout, km=km)
            except papermill.PapermillExecutionError as err:
                err.add_note(f"notebook {source.name}")  # which one failed, for the one-line error
                raise
            written.append(target)
    return written


#: Notebook cells tagged so run on the seed corpus only (the paper's claims about it): a report
#: on another corpus leaves them out rather than show cells that do nothing.
SEED_ONLY_TAG = "seed-only"


def _report_notebook(source: Path, folder: Path, *, seed: bool) -> Path:
    """The notebook a report executes: ``source`` itself on the seed corpus, else a copy in
    ``folder`` without the cells tagged :data:`SEED_ONLY_TAG`."""
    if seed:
        return source
    notebook = json.loads(source.read_text(encoding="utf-8"))
    notebook["cells"] = [cell for cell in notebook["cells"]
                         if SEED_ONLY_TAG not in cell.get("metadata", {}).get("tags", [])]
    target = folder / source.name
    target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


@contextlib.contextmanager
def _as_it_was_on_failure(out: Path) -> Iterator[None]:
    """Run a report into ``out``; if anything fails (an error, a failing notebook, Ctrl-C),
    put ``out`` back exactly as it was and re-raise.

    What ``out`` held (a previous report written over with ``--force``) is moved aside to a
    sibling folder first and moved back on failure; on success the entries the new report
    did not write are moved back beside it, and the sibling is removed. A report that fails
    never leaves a half-written ``out``.
    """
    existed = out.exists()
    aside = None
    if existed and any(out.iterdir()):
        aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.before-report-", dir=out.parent))
        for entry in sorted(out.iterdir()):
            os.replace(entry, aside / entry.name)
    try:
        yield
    except BaseException:
        if existed:
            for entry in sorted(out.iterdir()):
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        else:
            shutil.rmtree(out, ignore_errors=True)
        if aside is not None:
            for entry in sorted(aside.iterdir()):
                os.replace(entry, out / entry.name)
            aside.rmdir()
        raise
    if aside is not None:
        for entry in sorted(aside.iterdir()):
            if not (out / entry.name).exists():
                os.replace(entry, out / entry.name)
        shutil.rmtree(aside)


def _start_kernel(kernel_name: str, cwd: Path, connection_file: Path):
    """A started Jupyter kernel (its manager) running in ``cwd``, its connection
    file at ``connection_file`` (jupyter_client's default is a file in the system's temp)."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=kernel_name, connection_file=str(connection_file))
    km.start_kernel(cwd=str(cwd))
    return km


def _reset_namespace(km, timeout: int) -> None:
    """Clear the kernel's user namespace and history (IPython's reset of a new
    session), as if the next notebook had a kernel of its own."""
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive("get_ipython().reset(new_session=True)", store_history=False,
                                       timeout=timeout)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"could not reset the report kernel: {reply['content']}")
    finally:
        kc.stop_channels()
