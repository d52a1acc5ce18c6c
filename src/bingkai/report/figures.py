"""Paper figures: plots of bingkai's tidy frames, saved byte-identically.

Every figure the notebooks show is drawn by a function here and written by
:func:`save` as ``<name>.pdf``, ``<name>.svg`` and ``<name>.png``. Running the
same code on the same corpus writes the same bytes, so a test can regenerate
each figure and compare it with the committed file (a stale figure fails CI).

What makes the bytes stable (checked with matplotlib 3.11):

* no timestamps or tool versions in the files: PNG ``{'Software': None}``,
  SVG ``{'Date': None, 'Creator': None}``, PDF ``{'CreationDate': None,
  'Producer': None, 'Creator': None}`` (``None`` beats ``SOURCE_DATE_EPOCH``,
  so the environment cannot put a date back in);
* SVG element ids are hashed with a fixed ``svg.hashsalt`` instead of a
  random uuid;
* the style starts from matplotlib's defaults (not the user's matplotlibrc
  or Jupyter's inline settings) and uses DejaVu Sans, the font matplotlib
  ships, so glyph outlines do not depend on the system's fonts;
* fixed figure sizes and dpi (no ``bbox_inches="tight"``);
* the layout (matplotlib's constrained layout) is computed once when a plot
  function builds the figure and then frozen: re-running it on a laid-out
  figure is not idempotent, so a figure shown in a notebook before saving
  would otherwise save different bytes from one saved straight away;
* the similarity heatmap is drawn with ``pcolormesh`` (vector), not
  ``imshow``, whose raster would be resampled per output dpi.

Figures are made with :class:`matplotlib.figure.Figure` directly, not pyplot,
so nothing is left open in pyplot's figure manager and nothing needs closing.
In Jupyter, a figure returned as a cell's value is shown by the inline
backend; ``IPython.display.display(fig)`` shows it anywhere in a cell.

Usage (the notebooks do exactly this, so their figures equal
:func:`paper_figures`' bytes)::

    from bingkai.report import figures
    figures.paper_figure("labels_by_outlet", corpus, "../figures", data=rates, by="outlet")
    figures.saved("labels_by_outlet", "../figures")  # shown as the PNG; its text: the digests

which is ``FIGURES[name](corpus, data, **options)`` followed by :func:`save`
(``data``: the table the notebook already computed; options: the notebook's
parameters ``by``, ``labels``, ``actors``, ``focus``). A figure drawn with
other arguments (e.g. ``labels_by_outlet(rates, voice="all")``) is fine to
show but must not be saved under a registry name, or the committed file
would no longer follow from the notebooks' figure cells. A stale figure
fails CI in two steps: strict nbval re-runs each figure cell and compares its
text output, the SHA-256 of the three files :func:`saved` reports, with the
committed notebook; ``tests/test_figures.py`` checks that those committed
digests are the committed files' (``make figures`` writes both together).

Scaling: every paper figure stays legible from a handful to thousands of
articles and from 3 to 20 outlets (top-N labels, actors and terms with an
"other labels" row, independent axes said so on the axis, two columns of
keyness panels past five outlets, outlet x outlet similarity past
:data:`MAX_TICKED` articles, 49 distinct colour-marker pairs), and frame and
actor ids are shown by their display names (:func:`display_name`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import matplotlib
import matplotlib.style
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

import bingkai
from bingkai.constants import PARTS
from bingkai.errors import BingkaiInputError
from bingkai.lexicon.packs import resolve_lexicon
from bingkai.report.formats import FORMATS, checked_formats
from bingkai.views.similarity import similarity_by_group
from bingkai.views.timeline import label_timeline

__all__ = [
    "DPI",
    "FIGURES",
    "FORMATS",
    "MARKERS",
    "PALETTE",
    "STYLE",
    "UNATTRIBUTED",
    "WIDTH",
    "actor_label_grid",
    "dispersion_plot",
    "group_styles",
    "keyness_bars",
    "labels_by_outlet",
    "log_odds_plot",
    "paper_figure",
    "paper_figures",
    "save",
    "saved",
    "SavedFigure",
    "similarity_matrix",
    "style",
    "timeline_lines",
    "display_name",
    "display_names",
    "MAX_TICKED",
]

#: Single-column width of a two-column journal page, in inches.
WIDTH = 3.5
#: Raster resolution of the PNG (and of anything rasterised in PDF/SVG).
DPI = 300

#: Okabe & Ito (2008) colour-blind-safe palette, black dropped (it is the text
#: colour) and yellow last (too pale for small markers on white).
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
)
#: Marker per group, paired with PALETTE so groups differ in shape as well as
#: colour (prints in greyscale, survives any colour-vision deficiency).
MARKERS = ("o", "s", "D", "^", "v", "P", "X")

#: rcParams of the paper style (applied on top of matplotlib's defaults).
STYLE: dict[str, object] = {
    # Byte-stable SVG ids (clip paths, glyph defs) instead of uuid4.
    "svg.hashsalt": "bingkai",
    # svg.fonttype "path": text is stored as glyph outlines, so the SVG looks
    # the same in every viewer without DejaVu Sans installed (the price: text
    # is not selectable or editable as text in the SVG; use the PDF for that).
    "svg.fonttype": "path",
    # pdf.fonttype 42 embeds a TrueType subset: text stays selectable and
    # editable, and publishers that reject Type 3 fonts accept it.
    "pdf.fonttype": 42,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "mathtext.fontset": "dejavusans",
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7,
    "figure.titlesize": 9,
    "axes.prop_cycle": cycler(color=list(PALETTE)),
    "image.cmap": "cividis",
    # No chart junk: no box, light grid drawn per plot only along the value
    # axis, where it helps reading values off.
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.5,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "lines.linewidth": 1.0,
    "lines.markersize": 4,
    "legend.frameon": False,
    "hatch.linewidth": 0.6,
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.dpi": DPI,
    "savefig.bbox": None,
    "figure.constrained_layout.use": True,
}

_RATE_UNIT = "per 1,000 tokens"


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Context manager applying the paper style (:data:`STYLE`).

    Starts from matplotlib's defaults, so a researcher's matplotlibrc or
    Jupyter's inline settings cannot change the output, and restores every
    rcParam on exit (``matplotlib.style.context`` is ``rc_context`` + reset).
    """
    with matplotlib.style.context(STYLE, after_reset=True):
        yield


# --------------------------------------------------------------------------
# saving


def save(fig: Figure, name: str, outdir: str | os.PathLike[str] = "figures", *,
         formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write ``fig`` as ``<outdir>/<name>.pdf``, ``.svg`` and ``.png``.

    The bytes depend only on the figure (no dates, tool versions or random
    ids; PNG at :data:`DPI`). Each file is written to a temporary file in
    ``outdir`` and moved into place with ``os.replace``, so a crash never
    leaves a half-written figure. ``outdir`` is created if missing. The
    figure is not closed or otherwise changed: the caller can still show it.

    ``formats``: some of :data:`FORMATS` (e.g. ``["png"]`` for a quick look;
    each format is a full render, and the PDF's embedded font subset is the
    slowest part); always written in :data:`FORMATS` order.

    Returns the paths in :data:`FORMATS` order.
    """
    formats = checked_formats(formats)
    if not name or Path(name).name != name or name in {".", ".."}:
        raise BingkaiInputError(
            f"figure name {name!r} is not a plain file name",
            hint="pass a name without directories or extension, e.g. 'labels_by_outlet'",
        )
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "Producer": None, "Creator": None},
    }
    paths = []
    with style():  # svg.hashsalt and the font types are read at save time
        for fmt in formats:
            target = out / f"{name}.{fmt}"
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=f".{fmt}.tmp", dir=out)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fig.savefig(fh, format=fmt, dpi=DPI, metadata=metadata[fmt])
                # mkstemp creates 0600; figures are ordinary shareable files.
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
            paths.append(target)
    return paths


class SavedFigure:
    """A paper figure as :func:`save` wrote it, for a notebook to show.

    Jupyter shows it as the PNG; its text form (what ``repr`` gives, and what
    nbval compares) names each file with the first :attr:`DIGEST_CHARS` hex
    digits of its SHA-256, one line per format::

        labels_by_outlet.pdf  sha256:6c1f0e2a9b3d4e5f
        ...

    so a notebook records which bytes it wrote: re-running it on the same
    corpus must give the same lines, and the committed figure files must
    have those digests.
    """

    #: hex digits of the SHA-256 shown (64 bits: a chance collision between
    #: two versions of a figure is not a concern)
    DIGEST_CHARS = 16

    def __init__(self, name: str, outdir: str | os.PathLike[str] = "figures",
                 formats: Sequence[str] = FORMATS):
        self.name = name
        self.formats = checked_formats(formats)
        self.paths = tuple(Path(outdir) / f"{name}.{fmt}" for fmt in self.formats)
        missing = [p for p in self.paths if not p.is_file()]
        if missing:
            raise BingkaiInputError(
                f"figure {name!r} has not been saved in {outdir}: {', '.join(p.name for p in missing)} missing",
                hint=f"save it first: figures.paper_figure({name!r}, corpus, {str(outdir)!r})",
            )
        self.sha256 = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in self.paths}

    def __repr__(self) -> str:
        return "\n".join(f"{file}  sha256:{digest[:self.DIGEST_CHARS]}"
                         for file, digest in self.sha256.items())

    def _repr_png_(self) -> bytes | None:
        if "png" not in self.formats:
            return None
        return self.paths[self.formats.index("png")].read_bytes()

    def _repr_svg_(self) -> str | None:
        # only without a PNG: Jupyter would keep both images in the notebook
        if "png" in self.formats or "svg" not in self.formats:
            return None
        return self.paths[self.formats.index("svg")].read_text(encoding="utf-8")


def saved(name: str, outdir: str | os.PathLike[str] = "figures", *,
          formats: Sequence[str] = FORMATS) -> SavedFigure:
    """The figure ``name`` as saved in ``outdir``, to end a notebook cell with.

    Shown as its PNG (as its SVG when ``formats`` has no PNG); its text lists
    the files of ``formats`` with the SHA-256 of their bytes
    (:class:`SavedFigure`). Raises :class:`BingkaiInputError` if a file is
    missing.
    """
    return SavedFigure(name, outdir, formats)


# --------------------------------------------------------------------------
# helpers


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str, source: str) -> None:
    """Raise BingkaiInputError naming the missing columns of ``frame``."""
    if not isinstance(frame, pd.DataFrame):
        raise BingkaiInputError(
            f"{what} must be a pandas DataFrame, got {type(frame).__name__}",
            hint=f"pass the output of {source}",
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BingkaiInputError(
            f"{what} is missing column(s) {', '.join(missing)} "
            f"(has: {', '.join(map(str, frame.columns))})",
            hint=f"pass the output of {source}, which has columns {', '.join(columns)}",
        )


def _sort_groups(groups) -> list[str]:
    """Group names in reading order: case-insensitive, ties by exact string
    (so "iNews.id" sits between "Islam-Institute" and "Suara.com")."""
    return sorted({str(g) for g in groups}, key=lambda g: (g.casefold(), g))


def _group_styles(groups: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Colour and marker per group, assigned in sorted order so the same
    outlets get the same colours in every figure of a corpus."""
    ordered = _sort_groups(groups)
    # Up to 7 groups: colour k with marker k. Past 7 the marker shifts by one
    # per round of the palette, so the (colour, marker) pairs of up to 49
    # groups are all different (cycling both with period 7 would repeat them).
    n = len(PALETTE)
    return {g: (PALETTE[k % n], MARKERS[(k % n + k // n) % len(MARKERS)])
            for k, g in enumerate(ordered)}


def group_styles(corpus, by: str = "outlet") -> dict[str, tuple[str, str]]:
    """Colour and marker of every group of ``corpus`` (a ``bingkai.Corpus`` or a corpus
    frame) by ``by``: one mapping for the whole corpus, so an outlet keeps its colour and
    marker in every figure, including a figure it is missing from (an outlet with no dated
    article in the timeline, none labelling an actor) and in every notebook."""
    articles = getattr(corpus, "articles", corpus)
    if by not in articles:
        return {}
    return _group_styles(articles[by].dropna().astype(str).unique())


def _styles_for(groups, styles: Mapping[str, tuple[str, str]] | None) -> Mapping[str, tuple[str, str]]:
    """``styles`` when it covers every group drawn (the corpus-wide mapping), else the groups'
    own (a figure drawn from a table alone)."""
    if styles is not None and all(str(g) in styles for g in groups):
        return styles
    return _group_styles(groups)


def display_name(name: str, names: Mapping[str, str] | None = None) -> str:
    """Human-readable name of a frame or actor id for a figure.

    ``names`` maps ids to display names (the lexicon's ``display`` column,
    see :func:`display_names`); an id it lacks is shown with underscores as
    spaces (``state_legitimacy`` -> ``state legitimacy``), never raw.
    """
    name = str(name)
    if names and name in names and str(names[name]).strip():
        return str(names[name])
    return name.replace("_", " ")


def display_names(*lexicons: pd.DataFrame | None) -> dict[str, str]:
    """actor id -> display name from actors lexicon frames with a ``display``
    column (``bingkai.Lexicon(...).actors``, ``bingkai.load_actors()``).

    Frames without a ``display`` column (or without ``actor``) add nothing:
    ids are then shown by :func:`display_name`'s fallback. The first
    non-empty display name of an id wins. (A labels lexicon's ``display``
    names labels, which figures show as written; frame ids have no display
    column and are shown with underscores as spaces.)
    """
    out: dict[str, str] = {}
    for lex in lexicons:
        if lex is None or "display" not in lex.columns:
            continue
        for column in ("actor",):
            if column not in lex.columns:
                continue
            for key, shown in zip(lex[column].astype(str), lex["display"].astype(str)):
                if shown.strip() and shown != "nan" and key not in out:
                    out[key] = shown.strip()
    return out


def _tint(colour: str, amount: float = 0.55) -> tuple[float, float, float]:
    """``colour`` mixed with white (amount 0 = colour, 1 = white)."""
    rgb = np.array(to_rgb(colour))
    return tuple(rgb + (1.0 - rgb) * amount)


def _dodge(n: int, width: float = 0.8) -> np.ndarray:
    """Offsets centring ``n`` items within a category row of ``width``."""
    if n <= 1:
        return np.zeros(max(n, 0))
    step = width / n
    return (np.arange(n) - (n - 1) / 2) * step


def _new_figure(height: float, width: float = WIDTH) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _freeze_layout(fig: Figure) -> Figure:
    """Lay ``fig`` out once (constrained layout, in the paper style) and fix it.

    Why: constrained layout re-run on a figure that is already laid out is
    not idempotent: positions drift by float noise (which changes SVG clip
    ids) or, with a fixed-aspect heatmap and a colourbar, visibly on every
    draw. Frozen, the figure draws the same whether it was shown, saved or
    saved twice. To add artists and lay it out again, call
    ``fig.set_layout_engine("constrained")``.

    The layout engine is run by itself, not through a draw without
    rendering: that draw also walked every artist and cost a third of
    building a figure; the positions, and so every saved byte, are the
    same (checked on the paper figures and the test figures).
    """
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    fig.set_layout_engine("none")
    return fig


# --------------------------------------------------------------------------
# labels by outlet: dot plot with confidence intervals

_VOICES = ("all", "narrator", "quoted", "split")


def labels_by_outlet(
    rates: pd.DataFrame,
    voice: str = "all",
    labels: Sequence[str] | None = None,
    *,
    by: str = "outlet",
    drop_unused: bool = False,
    top: int | None = None,
    names: Mapping[str, str] | None = None,
    styles: Mapping[str, tuple[str, str]] | None = None,
) -> Figure:
    """Dot plot of framing-label rates per outlet with 95% confidence intervals.

    ``rates`` is the output of ``bingkai.label_rates(corpus, by=by)``; required
    columns: ``<by>, label, frame, voice, count, rate, ci_low, ci_high``
    (rates and CI bounds per 1,000 tokens). One row per label, one dodged
    point per outlet (colour and marker per outlet), horizontal line = 95%
    CI. Labels are grouped under a bold frame heading when some frame has
    several labels.

    ``voice``: ``"all"``, ``"narrator"`` or ``"quoted"`` plots that voice in
    one panel; ``"split"`` draws two panels side by side, narrator (filled
    markers) and quoted (open markers), each with its own rate axis: quoted
    rates are per 1,000 *quoted* words, a far smaller denominator, so their
    values and intervals are much wider and would squash the narrator's on a
    shared axis. ``labels`` restricts and orders the labels (default: every
    label in ``rates``, sorted by frame then label). ``drop_unused=True``
    leaves out labels with a zero count in every outlet and plotted voice
    (they say nothing about differences between outlets; tables still list
    them). ``top`` keeps the ``top`` labels with the highest count over every
    group and plotted voice (ties by name; the kept labels stay in frame
    order), so a lexicon of forty labels still gives a readable figure; the
    title then says how many labels are shown. ``names`` maps frame ids to
    display names for the headings (:func:`display_name`).

    Zero counts are drawn as points at 0 with their CI (the axis starts a
    little left of 0 so they stay visible). A cell whose rate is undefined
    (NaN: the outlet has no words in that voice) is left out.
    """
    if voice not in _VOICES:
        raise BingkaiInputError(
            f"voice={voice!r} is not one of {', '.join(_VOICES)}",
            hint="use 'all', 'narrator', 'quoted' or 'split'",
        )
    _require(rates, [by, "label", "frame", "voice", "count", "rate", "ci_low", "ci_high"],
             "rates", f"bingkai.label_rates(corpus, by={by!r})")
    voices = ["narrator", "quoted"] if voice == "split" else [voice]
    data = rates[rates["voice"].isin(voices)].copy()
    for col in (by, "label", "frame"):
        data[col] = data[col].astype(str)

    # Row order: frames alphabetically, labels alphabetically within a frame
    # (or the caller's order); every label keeps the frame it has in rates.
    frame_of = (rates.assign(label=rates["label"].astype(str), frame=rates["frame"].astype(str))
                .drop_duplicates("label").set_index("label")["frame"].to_dict())
    if labels is None:
        order = sorted(frame_of, key=lambda lab: (frame_of[lab], lab))
    else:
        unknown = [lab for lab in labels if lab not in frame_of]
        if unknown:
            raise BingkaiInputError(
                f"label(s) {', '.join(map(repr, unknown))} not in rates",
                hint=f"choose from: {', '.join(sorted(frame_of))}",
            )
        order = list(labels)
    if drop_unused:
        used = set(data.loc[data["count"] > 0, "label"])
        order = [lab for lab in order if lab in used]
    n_before_top = len(order)
    if top is not None:
        if not isinstance(top, (int, np.integer)) or top < 1:
            raise BingkaiInputError(f"top={top!r} is not a positive integer",
                                    hint="pass e.g. top=15, or None for every label")
        total = data.groupby("label")["count"].sum()
        kept = set(sorted(order, key=lambda lab: (-int(total.get(lab, 0)), lab))[:top])
        order = [lab for lab in order if lab in kept]
    if not order:
        raise BingkaiInputError("rates has no labels to plot",
                                hint="check the corpus and the lexicon, or pass drop_unused=False")

    # Rows: (text, is_heading, y). Headings only when they group something:
    # with one label per frame they would repeat the label in other words.
    # A heading takes less height than a label row.
    frames_shown = [] if labels is not None else sorted({frame_of[lab] for lab in order})
    entries: list[tuple[str, bool]] = []
    if 1 < len(frames_shown) < len(order):
        for fr in frames_shown:
            entries.append((fr, True))
            entries.extend((lab, False) for lab in order if frame_of[lab] == fr)
    else:
        entries = [(lab, False) for lab in order]
    rows: list[tuple[str, bool, float]] = []
    y = 0.0
    for k, (text, head) in enumerate(entries):
        if k:  # a heading sits nearer its own labels than the ones above
            y += 1.1 if head else (0.75 if entries[k - 1][1] else 1.0)
        rows.append((text, head, y))
    ypos = {text: yy for text, head, yy in rows if not head}
    # headings show display names; label rows keep the label as written
    rows = [(display_name(text, names) if head else text, head, yy) for text, head, yy in rows]
    span = rows[-1][2] + 1.0

    groups = _sort_groups(rates[by].dropna().unique())
    styles = _styles_for(groups, styles)
    offsets = dict(zip(groups, _dodge(len(groups))))
    data = data[data["label"].isin(ypos)].sort_values([by, "label", "voice"])

    with style():
        row_in = max(0.2, 0.045 * len(groups))  # room for every outlet's point
        fig = _new_figure(height=0.75 + row_in * span + 0.13 * int(np.ceil(len(groups) / 3)))
        axes = fig.subplots(1, len(voices), sharey=True, squeeze=False)[0]
        for ax, v in zip(axes, voices):
            open_marker = voice == "split" and v == "quoted"
            for g in groups:
                colour, marker = styles[g]
                cell = data[(data[by] == g) & (data["voice"] == v)].dropna(subset=["rate"])
                if cell.empty:
                    continue
                yy = cell["label"].map(ypos).to_numpy(float) + offsets[g]
                ax.hlines(yy, cell["ci_low"].to_numpy(float), cell["ci_high"].to_numpy(float),
                          color=colour, linewidth=0.8, zorder=2)
                ax.plot(cell["rate"].to_numpy(float), yy, linestyle="none", marker=marker,
                        markersize=3.5, markeredgewidth=0.8, color=colour,
                        markerfacecolor="white" if open_marker else colour, zorder=3)
            vals = data.loc[data["voice"] == v, ["rate", "ci_high"]].to_numpy(float)
            hi = np.nanmax(np.r_[vals.ravel(), 0.0])
            hi = hi if hi > 0 else 1.0
            ax.set_xlim(-0.03 * hi, hi * 1.05)
            ax.xaxis.grid(True)
            ax.set_axisbelow(True)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=4 if voice == "split" else 6))
            if voice == "split":
                # Each voice has its own rate axis; the title says so, so no
                # reader compares bar positions across the two panels.
                ax.set_title(f"{v} ({'filled' if v == 'narrator' else 'open'})\nown x scale",
                             loc="left")
        ax0 = axes[0]
        ax0.set_yticks([yy for _, _, yy in rows], [t for t, _, _ in rows])
        for tick, (_, head, _) in zip(ax0.get_yticklabels(), rows):
            if head:
                tick.set_fontweight("bold")
        for tick, (_, head, _) in zip(ax0.yaxis.get_major_ticks(), rows):
            if head:
                tick.tick1line.set_visible(False)
        ax0.set_ylim(span - 0.5, -0.5)  # first row on top
        ax0.set_ylabel("label")
        shown = (f"\nthe {len(order)} most frequent of {n_before_top} labels"
                 if len(order) < n_before_top else "")
        if voice == "split":
            axes[1].tick_params(axis="y", left=False)
            fig.supxlabel(f"rate ({_RATE_UNIT} of that voice), 95% CI{shown}", fontsize=8)
        else:
            unit = _RATE_UNIT if voice == "all" else f"{_RATE_UNIT} in {voice} text"
            ax0.set_xlabel(f"rate ({unit}), 95% CI{shown}")
        handles = [Line2D([], [], color=styles[g][0], marker=styles[g][1], linestyle="none",
                          markersize=4, label=g) for g in groups]
        fig.legend(handles=handles, loc="outside upper center", ncol=3,
                   handletextpad=0.2, columnspacing=1.0)
        _freeze_layout(fig)
    return fig


# --------------------------------------------------------------------------
# actor x label small multiples

#: The reserved actor id under which bingkai.actor_labels counts labels its
#: attribution rules could not place; drawn as the last panel.
UNATTRIBUTED = "unattributed"


def actor_label_grid(
    table: pd.DataFrame,
    actors: Sequence[str] | None = None,
    top_labels: int | None = None,
    *,
    top_actors: int | None = None,
    names: Mapping[str, str] | None = None,
    styles: Mapping[str, tuple[str, str]] | None = None,
) -> Figure:
    """Small multiples of who is called what: one panel per actor.

    ``table`` is the output of ``bingkai.actor_labels(corpus)``; required
    columns: ``actor, label, frame, outlet, voice, count``. In each panel one
    group of horizontal bars per label, one bar per outlet that used the
    label for that actor (colour per outlet, and the outlet's marker at the
    bar's end; outlets with a zero count get no bar, which keeps the figure
    compact); the bar's length is the count,
    split into a solid part (narrator's voice) and a light hatched part
    (quoted). Rows whose voice is neither "narrator" nor "quoted" (e.g. an
    "all" total) are ignored, as are rows with a missing actor.

    ``actors`` chooses and orders the panels (default: every actor with a
    non-zero count, most labelled first, the reserved ``"unattributed"``
    actor last). ``top_actors`` keeps only the N most labelled actors of
    that default (``"unattributed"`` still last, on top of the N).
    ``top_labels`` keeps the N most frequent labels per actor and sums the
    rest into one row "other labels (k)" per outlet, so nothing is dropped
    from a panel silently (default: every label with a non-zero count);
    labels are ordered by count, ties by name. ``names`` maps actor ids to
    display names for the panel titles (:func:`display_name`).

    Each panel has its own count axis: one actor named hundreds of times
    would otherwise squash every other panel to zero. The axis label says
    so; compare counts across actors by their tick values, not bar lengths.
    The figure's height is capped (bars get thinner past ~90 of them), so a
    large corpus still gives a printable page.
    """
    _require(table, ["actor", "label", "frame", "outlet", "voice", "count"],
             "table", "bingkai.actor_labels(corpus)")
    for name, value in (("top_labels", top_labels), ("top_actors", top_actors)):
        if value is not None and (not isinstance(value, (int, np.integer)) or value < 1):
            raise BingkaiInputError(f"{name}={value!r} is not a positive integer",
                                    hint=f"pass e.g. {name}=5, or None for all")
    data = table[table["voice"].isin(["narrator", "quoted"]) & table["actor"].notna()].copy()
    for col in ("actor", "label", "outlet", "voice"):
        data[col] = data[col].astype(str)
    data["count"] = pd.to_numeric(data["count"]).astype(int)
    per_actor = data.groupby("actor")["count"].sum()
    if actors is None:
        named = sorted((a for a in per_actor[per_actor > 0].index if a != UNATTRIBUTED),
                       key=lambda a: (-per_actor[a], a))
        if top_actors is not None:
            named = named[:top_actors]
        actor_order = named + ([UNATTRIBUTED] if per_actor.get(UNATTRIBUTED, 0) > 0 else [])
    else:
        unknown = [a for a in actors if a not in set(table["actor"].dropna().astype(str))]
        if unknown:
            raise BingkaiInputError(
                f"actor(s) {', '.join(map(repr, unknown))} not in table",
                hint=f"choose from: {', '.join(sorted(per_actor.index))}",
            )
        actor_order = list(actors)
    if not actor_order:
        raise BingkaiInputError("table has no attributed label counts to plot",
                                hint="check the actor lexicon and the corpus")

    outlets = _sort_groups(table["outlet"].dropna().unique())
    styles = _styles_for(outlets, styles)
    wide = (data.pivot_table(index=["actor", "label", "outlet"], columns="voice",
                             values="count", aggfunc="sum", fill_value=0)
            .reindex(columns=["narrator", "quoted"], fill_value=0))
    wide = wide[wide.sum(axis=1) > 0]

    # Per panel: bars (outlet, narrator, quoted, y) and label centres.
    gap = 0.7  # between label groups, in bar heights
    panels: dict[str, tuple[list[tuple], list[tuple[str, float]], float]] = {}
    for a in actor_order:
        sub = wide.loc[a] if a in wide.index.get_level_values("actor") else wide.iloc[:0]
        tot = sub.sum(axis=1).groupby(level="label").sum()
        labs = sorted(tot.index, key=lambda lab: (-tot[lab], lab))
        rows: list[tuple[str, pd.DataFrame]] = []
        for lab in labs if top_labels is None else labs[:top_labels]:
            rows.append((lab, sub.xs(lab, level="label")))
        rest = [] if top_labels is None else labs[top_labels:]
        if rest:
            others = sub[sub.index.get_level_values("label").isin(rest)].groupby(level="outlet").sum()
            rows.append((f"other labels ({len(rest)})", others))
        bars, centres, y = [], [], 0.0
        for lab, per_outlet in rows:
            present = [o for o in outlets if o in per_outlet.index]
            start = y
            for o in present:
                bars.append((o, int(per_outlet.at[o, "narrator"]), int(per_outlet.at[o, "quoted"]), y))
                y += 1.0
            centres.append((lab, (start + y - 1.0) / 2))
            y += gap
        panels[a] = (bars, centres, max(y - gap, 1.0))

    heights = [panels[a][2] + 0.5 for a in actor_order]
    # 0.085 in per bar (a 6.5 pt band) up to ~8 in of bars; thinner past that,
    # so thousands of articles still fit a page (never below 0.03 in).
    bar_in = float(np.clip(8.0 / sum(heights), 0.03, 0.085))
    with style():
        fig = _new_figure(height=0.55 + 0.42 * len(actor_order) + bar_in * sum(heights)
                          + 0.13 * int(np.ceil((len(outlets) + 2) / 3)))
        axes = fig.subplots(len(actor_order), 1, sharex=False, squeeze=False,
                            gridspec_kw={"height_ratios": heights})[:, 0]
        for ax, a in zip(axes, actor_order):
            bars, centres, span = panels[a]
            for o, narr, quot, y in bars:
                colour = styles[o][0]
                if narr:
                    ax.barh(y, narr, height=0.85, color=colour, linewidth=0)
                if quot:
                    ax.barh(y, quot, left=narr, height=0.85, color=_tint(colour),
                            edgecolor=colour, hatch="/////", linewidth=0)
                # The outlet's marker at the bar's end: outlets stay tellable
                # apart in greyscale print, as in labels_by_outlet.
                ax.plot([narr + quot], [y], linestyle="none", marker=styles[o][1],
                        markersize=3.2, markeredgewidth=0.6, color=colour,
                        markeredgecolor="black", clip_on=False, zorder=3)
            if centres:
                ax.set_yticks([c for _, c in centres], [lab for lab, _ in centres])
            else:
                ax.set_yticks([])
                ax.text(0.5, 0.5, "no labels", transform=ax.transAxes, ha="center",
                        va="center", color="0.4")
            ax.set_ylim(span - 0.5 + 0.25, -0.75)
            ax.set_title(display_name(a, names), loc="left", fontweight="bold")
            ax.xaxis.grid(True)
            ax.set_axisbelow(True)
            ax.tick_params(axis="y", length=0)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            top_count = max((narr + quot for _, narr, quot, _ in bars), default=1)
            ax.set_xlim(0, top_count * 1.04)
        axes[-1].set_xlabel("count (label occurrences attributed)\neach panel has its own scale")
        fig.supylabel("label", fontsize=8)
        handles = [Line2D([], [], color=styles[o][0], linewidth=4, marker=styles[o][1],
                          markersize=3.2, markeredgewidth=0.6, markeredgecolor="black",
                          label=o) for o in outlets]
        handles += [Patch(facecolor="0.3", linewidth=0, label="narrator"),
                    Patch(facecolor=_tint("#4D4D4D"), edgecolor="#4D4D4D", hatch="/////",
                          linewidth=0, label="quoted")]
        fig.legend(handles=handles, loc="outside upper center", ncol=3,
                   handlelength=1.2, columnspacing=1.0)
        _freeze_layout(fig)
    return fig


# --------------------------------------------------------------------------
# keyness bars


def keyness_bars(frame: pd.DataFrame, group_col: str = "outlet", top: int = 8, *,
                 styles: Mapping[str, tuple[str, str]] | None = None) -> Figure:
    """Small multiples of each group's most over-used terms (keyness vs the rest).

    ``frame`` is keyness stacked per group (e.g. each outlet against the rest
    of the corpus); required columns: ``<group_col>, term, ll, log_ratio,
    direction``. Per group one panel with the ``top`` terms whose direction is
    "over", ranked by log-likelihood (G², the evidence that the difference is
    not chance). Bar length is LL; the Log Ratio (binary log of the ratio of
    relative frequencies, the effect size) is printed at the end of each bar
    as ``LR 2.3``. Ties in LL are broken by term so the order is stable.
    Each panel has its own LL axis (groups of very different sizes would
    otherwise squash each other; the axis label says so). Past five groups
    the panels go in two columns (a double-column-wide figure), so twenty
    outlets still fit a page.

    Terms are plotted as given: outlet self-names and site furniture must be
    removed upstream (cleaning, stopwords), not hidden here, so the figure
    never disagrees with the keyness table.
    """
    _require(frame, [group_col, "term", "ll", "log_ratio", "direction"], "frame",
             f"keyness per {group_col} (e.g. bingkai.keyness(corpus, by={group_col!r}))")
    if not isinstance(top, (int, np.integer)) or top < 1:
        raise BingkaiInputError(f"top={top!r} is not a positive integer", hint="pass e.g. top=8")
    groups = _sort_groups(frame[group_col].dropna().unique())
    # only over-used terms are drawn: filter before converting (a corpus of
    # thousands of articles has hundreds of thousands of keyness rows)
    data = frame[frame["direction"] == "over"].copy()
    data[group_col] = data[group_col].astype(str)
    data["term"] = data["term"].astype(str)
    if not groups:
        raise BingkaiInputError("frame has no rows to plot", hint="check the corpus")
    styles = _styles_for(groups, styles)
    over = data[data["direction"] == "over"].sort_values(
        [group_col, "ll", "term"], ascending=[True, False, True])
    tops = {g: over[over[group_col] == g].head(top) for g in groups}
    ncols = 1 if len(groups) <= 5 else 2
    nrows = int(np.ceil(len(groups) / ncols))
    # row height = the taller panel of the row
    heights = [max(max(len(tops[g]), 1) + 1.0 for g in groups[r * ncols:(r + 1) * ncols])
               for r in range(nrows)]

    with style():
        fig = _new_figure(height=0.45 + 0.16 * sum(heights), width=WIDTH * ncols)
        grid = fig.subplots(nrows, ncols, squeeze=False, gridspec_kw={"height_ratios": heights})
        axes = [grid[k // ncols, k % ncols] for k in range(len(groups))]
        for ax in grid.ravel()[len(groups):]:
            ax.set_visible(False)
        for ax, g in zip(axes, groups):
            sel = tops[g]
            ax.set_title(g, loc="left", fontweight="bold")
            ax.xaxis.grid(True)
            ax.set_axisbelow(True)
            ax.tick_params(axis="y", length=0)
            if sel.empty:
                ax.set_yticks([])
                ax.text(0.5, 0.5, "no over-used terms", transform=ax.transAxes,
                        ha="center", va="center", color="0.4")
                continue
            y = np.arange(len(sel))
            ll = sel["ll"].to_numpy(float)
            ax.barh(y, ll, height=0.7, color=styles[g][0], linewidth=0)
            ax.set_yticks(y, sel["term"].tolist())
            ax.set_ylim(len(sel) - 0.5, -0.5)
            for yy, v, lr in zip(y, ll, sel["log_ratio"].to_numpy(float)):
                text = "LR ∞" if np.isinf(lr) else ("LR n/a" if np.isnan(lr) else f"LR {lr:.1f}")
                ax.annotate(text, (v, yy), xytext=(2, 0), textcoords="offset points",
                            va="center", ha="left", fontsize=6, color="0.25")
            # Room on the right for the annotation of the longest bar.
            ax.set_xlim(0, max(ll.max(), 1e-9) * 1.3)
        label = "log-likelihood G² (bars; own scale per panel)\nLR = Log Ratio (text)"
        if ncols == 1:
            axes[-1].set_xlabel(label)
        else:
            fig.supxlabel(label, fontsize=8)
        _freeze_layout(fig)
    return fig


# --------------------------------------------------------------------------
# similarity heatmap


#: Most rows a similarity heatmap gets tick labels for; past it a tick label
#: per row is unreadable (and the paper figure switches to outlet × outlet).
MAX_TICKED = 30


def similarity_matrix(sim: pd.DataFrame, labels: Mapping[str, str] | Sequence[str] | None = None,
                      *, unit: str = "document") -> Figure:
    """Annotated heatmap of a square document × document similarity frame.

    ``sim`` is the output of ``bingkai.similarity(corpus, full=True)``: index and
    columns are the same doc_ids (in the same order), values cosine
    similarity of TF-IDF vectors in [0, 1]. ``labels`` renames the documents
    on the axes: a mapping doc_id -> text, or a sequence in ``sim``'s order
    (default: the doc_ids). Colours: cividis (sequential, colour-blind-safe)
    over the observed range -- the smallest to the largest similarity shown,
    a document's similarity to itself left out (its cells are grey) -- printed
    on the colour bar, so a corpus whose similarities all lie between 0.01 and
    0.03 still shows its differences (compare corpora by the printed values,
    not by colour); values are
    printed with 2 decimals when there are at most 20 documents (beyond
    that the numbers no longer fit in the cells). ``unit`` names what the
    rows are on the axes ("document", or "outlet" for
    ``bingkai.similarity_by_group``'s mean similarity between groups). Past
    :data:`MAX_TICKED` rows there are no tick labels (one per row would be
    unreadable) and the cells lose their white borders; the figure size is
    capped, so the file stays small however many rows there are -- but a
    document matrix of thousands of articles says little: show groups instead.
    """
    if not isinstance(sim, pd.DataFrame):
        raise BingkaiInputError(f"sim must be a pandas DataFrame, got {type(sim).__name__}",
                                hint="pass the output of bingkai.similarity(corpus, full=True)")
    if sim.shape[0] != sim.shape[1] or list(map(str, sim.index)) != list(map(str, sim.columns)):
        raise BingkaiInputError(
            f"sim is not square with matching index and columns (shape {sim.shape})",
            hint="pass the output of bingkai.similarity(corpus, full=True): index and columns "
                 "are the same doc_ids",
        )
    ids = [str(i) for i in sim.index]
    if not ids:
        raise BingkaiInputError("sim is empty", hint="check the corpus")
    if labels is None:
        names = ids
    elif isinstance(labels, Mapping):
        names = [str(labels.get(i, i)) for i in ids]
    else:
        names = [str(x) for x in labels]
        if len(names) != len(ids):
            raise BingkaiInputError(
                f"labels has {len(names)} entries but sim has {len(ids)} documents",
                hint="pass one label per document, in sim's order, or a dict doc_id -> label")
    values = sim.to_numpy(dtype=float)
    n = len(ids)
    if unit == "document":
        # a document's similarity to itself is 1 by definition: not data, and it would
        # stretch the scale; drawn grey, without a number
        values = values.copy()
        np.fill_diagonal(values, np.nan)
    low, high = _observed_range(values)
    with style():
        side = min(max(WIDTH, 1.4 + 0.42 * n), 7.0)
        fig = _new_figure(height=side - 0.35, width=WIDTH if side <= WIDTH else side)
        ax = fig.add_subplot()
        cmap = matplotlib.colormaps["cividis"].with_extremes(bad="0.88")
        ticked = n <= MAX_TICKED
        mesh = ax.pcolormesh(np.ma.masked_invalid(values), cmap=cmap, vmin=low, vmax=high,
                             edgecolors="white" if ticked else "face",
                             linewidth=0.5 if ticked else 0.0,
                             # thousands of vector cells would make a huge
                             # SVG/PDF: drawn as one fixed-dpi image instead
                             rasterized=not ticked)
        ax.set_aspect("equal")
        if ticked:
            ax.set_xticks(np.arange(n) + 0.5, names, rotation=45, ha="right",
                          rotation_mode="anchor")
            ax.set_yticks(np.arange(n) + 0.5, names)
        else:
            ax.set_xticks([])
            ax.set_yticks([])
        ax.set_xlim(0, n)
        ax.set_ylim(n, 0)  # first document at the top, like a table
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if n <= 20:
            for r in range(n):
                for c in range(n):
                    v = values[r, c]
                    if np.isnan(v):
                        continue
                    # Dark text on the light (yellow) end of cividis, white on the dark end.
                    rgb = np.array(cmap(float(np.clip((v - low) / (high - low), 0, 1)))[:3])
                    dark = rgb @ np.array([0.2126, 0.7152, 0.0722]) > 0.5
                    ax.text(c + 0.5, r + 0.5, f"{v:.2f}", ha="center", va="center",
                            fontsize=6 if n <= 8 else 5, color="black" if dark else "white")
        what = unit if ticked else f"{unit} ({n}, in {unit} id order)"
        ax.set_xlabel(what)
        ax.set_ylabel(what)
        cbar = fig.colorbar(mesh, ax=ax, shrink=0.8, aspect=25, pad=0.02)
        scale = f"colour scale {low:.3f}\u2013{high:.3f}, the observed range"
        cbar.set_label(f"cosine similarity (TF-IDF)\n{scale}" if unit == "document" else
                       f"mean cosine similarity (TF-IDF)\nof their articles; diagonal: within the {unit}\n{scale}")
        cbar.outline.set_visible(False)
        _freeze_layout(fig)
    return fig


def _observed_range(values: np.ndarray) -> tuple[float, float]:
    """The colour scale of a similarity heatmap: the smallest and largest finite value,
    widened outward to 3 decimals; a range of one value gets +-0.005 around it (within 0..1)."""
    finite = values[np.isfinite(values)]
    if not finite.size:
        return 0.0, 1.0
    low = np.floor(float(finite.min()) * 1000) / 1000
    high = np.ceil(float(finite.max()) * 1000) / 1000
    if high - low < 1e-9:
        low, high = max(0.0, low - 0.005), min(1.0, high + 0.005)
        if high - low < 1e-9:  # 0 or 1 exactly
            low, high = (0.0, 0.01) if high <= 0 else (0.99, 1.0)
    return float(low), float(high)


# --------------------------------------------------------------------------
# label rates over time


def _calendar(observed: list[str]) -> list[str]:
    """Every bin from the first to the last observed one (ISO dates), so a
    month nobody published in is an empty place on the axis, not skipped:
    monthly when every date is a 1st, weekly when every date is a Monday,
    else just the observed dates."""
    days = pd.to_datetime(pd.Series(observed), format="%Y-%m-%d", errors="coerce")
    if days.isna().any() or len(days) < 2:
        return list(observed)
    if (days.dt.day == 1).all():
        full = pd.date_range(days.min(), days.max(), freq="MS")
    elif (days.dt.day_of_week == 0).all():
        full = pd.date_range(days.min(), days.max(), freq="W-MON")
    else:
        return list(observed)
    return [d.strftime("%Y-%m-%d") for d in full]


def _hollow_points(ax, hollow: list[tuple[str, pd.DataFrame]], x_of: Mapping[str, int],
                   styles: Mapping[str, tuple[str, str]]) -> None:
    """Thin bins (``label_timeline``'s ``thin``): hollow markers, left out of the y-scale the
    other bins set (a rate from one article must not flatten every other point); one above it
    sits on the top edge."""
    if not any(len(points) for _, points in hollow):
        return
    top = ax.get_ylim()[1] if ax.lines or ax.collections else None
    ax.set_autoscaley_on(False)
    for g, points in hollow:
        if points.empty:
            continue
        colour, marker = styles[g]
        rates = points["rate"].to_numpy(float)
        if top is None:
            top = float(np.nanmax(rates)) * 1.1 or 1.0
            ax.set_ylim(0, top)
        ax.plot(points["date"].map(x_of).to_numpy(float), np.minimum(rates, top), linestyle="none",
                marker=marker, markersize=3.5, markerfacecolor="none", markeredgecolor=colour,
                markeredgewidth=0.8, clip_on=False)


def timeline_lines(timeline: pd.DataFrame, labels: Sequence[str] | None = None, *,
                   by: str = "outlet", voice: str = "all", top: int = 4,
                   styles: Mapping[str, tuple[str, str]] | None = None) -> Figure:
    """Line figure of label rates per group over time, one panel per label.

    ``timeline`` is the output of ``bingkai.label_timeline(corpus, by=by)``;
    required columns ``<by>, date, label, voice, count, rate, ci_low,
    ci_high``. Each panel is one label; each group (outlet) a line with its
    colour and marker, and a light band for its 95% CI. A bin in which a
    group published nothing is a gap (no point), not a zero.

    ``labels`` chooses and orders the panels (default: the ``top`` labels
    with the highest count in ``voice``, ties by name). Panels share the time
    axis but each has its own rate axis (the axis label says so): a frequent
    label would otherwise flatten the rare ones.
    """
    _require(timeline, [by, "date", "label", "voice", "count", "rate", "ci_low", "ci_high"],
             "timeline", f"bingkai.label_timeline(corpus, by={by!r})")
    if voice not in ("all", "narrator", "quoted"):
        raise BingkaiInputError(f"voice={voice!r} is not one of all, narrator, quoted",
                                hint="use 'all', 'narrator' or 'quoted'")
    if not isinstance(top, (int, np.integer)) or top < 1:
        raise BingkaiInputError(f"top={top!r} is not a positive integer", hint="pass e.g. top=4")
    data = timeline[timeline["voice"] == voice].copy()
    for col in (by, "label", "date"):
        data[col] = data[col].astype(str)
    if data.empty:
        raise BingkaiInputError("timeline has no rows to plot",
                                hint="the corpus needs dated articles (a published column)")
    total = data.groupby("label")["count"].sum()
    if labels is None:
        order = sorted(total.index, key=lambda lab: (-int(total[lab]), lab))[:top]
    else:
        unknown = [lab for lab in labels if lab not in total.index]
        if unknown:
            raise BingkaiInputError(f"label(s) {', '.join(map(repr, unknown))} not in timeline",
                                    hint=f"choose from: {', '.join(sorted(total.index))}")
        order = list(labels)
    groups = _sort_groups(data[by].unique())
    styles = _styles_for(groups, styles)
    dates = _calendar(sorted(data["date"].unique()))
    x_of = {d: k for k, d in enumerate(dates)}
    with style():
        fig = _new_figure(height=0.7 + 1.05 * len(order) + 0.13 * int(np.ceil(len(groups) / 3)))
        axes = fig.subplots(len(order), 1, sharex=True, squeeze=False)[:, 0]
        for ax, lab in zip(axes, order):
            sel = data[data["label"] == lab]
            hollow = []  # thin bins: drawn after the y-scale is set without them
            for g in groups:
                cell = sel[sel[by] == g].dropna(subset=["rate"]).sort_values("date")
                if "thin" in cell.columns:
                    hollow.append((g, cell[cell["thin"].astype(bool)]))
                    cell = cell[~cell["thin"].astype(bool)]
                if cell.empty:
                    continue
                colour, marker = styles[g]
                x = cell["date"].map(x_of).to_numpy(float)
                # consecutive bins only are joined: a gap in publishing stays a gap
                runs = np.split(np.arange(len(x)), np.flatnonzero(np.diff(x) > 1) + 1)
                for run in runs:
                    xs = x[run]
                    low, high = cell["ci_low"].to_numpy(float)[run], cell["ci_high"].to_numpy(float)[run]
                    if len(run) > 1:
                        ax.fill_between(xs, low, high, color=colour, alpha=0.15, linewidth=0)
                    else:  # a lone bin has no band to draw: its CI as a line
                        ax.vlines(xs, low, high, color=colour, alpha=0.5, linewidth=1.5)
                    ax.plot(xs, cell["rate"].to_numpy(float)[run], color=colour, marker=marker,
                            markersize=3, linewidth=0.9)
            ax.set_title(lab, loc="left", fontweight="bold")
            ax.yaxis.grid(True)
            ax.set_axisbelow(True)
            ax.set_ylim(bottom=0)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
            _hollow_points(ax, hollow, x_of, styles)
        step = max(1, int(np.ceil(len(dates) / 8)))  # at most ~8 date ticks
        axes[-1].set_xticks(range(0, len(dates), step), dates[::step], rotation=30, ha="right",
                            rotation_mode="anchor")
        axes[-1].set_xlim(-0.5, len(dates) - 0.5)
        thin = "thin" in data.columns and bool(data["thin"].astype(bool).any())
        minimum = int(timeline.attrs.get("min_articles", 0))
        axes[-1].set_xlabel("start of the time bin (no article: a gap)" if not thin else
                            f"bin start (gap: no article; hollow: under {minimum or 'enough'} articles)")
        unit = _RATE_UNIT if voice == "all" else f"{_RATE_UNIT} in {voice} text"
        fig.supylabel(f"rate ({unit}), 95% CI; own scale per panel", fontsize=8)
        handles = [Line2D([], [], color=styles[g][0], marker=styles[g][1], markersize=3,
                          linewidth=0.9, label=g) for g in groups]
        fig.legend(handles=handles, loc="outside upper center", ncol=3,
                   handlelength=1.5, columnspacing=1.0)
        _freeze_layout(fig)
    return fig


# --------------------------------------------------------------------------
# the paper's figures
#
# Each builder takes the corpus, optionally the table it plots (``data``, so a
# notebook that has already computed e.g. the rates does not pay the scan
# twice: the bytes are the same as long as ``data`` is what the builder would
# compute) and the notebook's parameters (``by``, the lexicon ``labels`` /
# ``actors``, the ``focus`` actors). Sizes adapt to the corpus: top-N labels
# and actors, outlet x outlet similarity past MAX_TICKED articles.

#: Most labels drawn in labels_by_outlet's paper figure.
TOP_LABELS = 15
#: Most actor panels (besides "unattributed") and labels per panel in actor_labels.
TOP_ACTORS = 6
TOP_ACTOR_LABELS = 5
#: Label panels in the timeline figure.
TOP_TIMELINE = 4


def _doc_labels(corpus: pd.DataFrame) -> dict[str, str]:
    """doc_id -> outlet name, numbered in doc_id order when an outlet has
    several articles ("Suara.com 1", "Suara.com 2"): whose article it is
    reads better than a long doc_id, and the corpus table maps back."""
    articles = getattr(corpus, "articles", corpus)  # a bingkai.Corpus or a corpus frame
    docs = articles[["doc_id", "outlet"]].astype(str).sort_values("doc_id")
    n = docs.groupby("outlet")["doc_id"].transform("size")
    k = docs.groupby("outlet").cumcount() + 1
    return {d: (o if size == 1 else f"{o} {i}")
            for d, o, size, i in zip(docs["doc_id"], docs["outlet"], n, k)}


def _lexicon_names(lexicon) -> dict[str, str]:
    return display_names(resolve_lexicon(lexicon).actors)


def _labels_by_outlet(corpus: pd.DataFrame, data: pd.DataFrame | None = None, *,
                      by: str = "outlet", lexicon=None,
                      focus=None) -> Figure:
    rates = data if data is not None else bingkai.label_rates(
        corpus, by=by, lexicon=lexicon)
    return labels_by_outlet(rates, voice="split", by=by, drop_unused=True, top=TOP_LABELS,
                            styles=group_styles(corpus, by))


def _actor_labels(corpus: pd.DataFrame, data: pd.DataFrame | None = None, *,
                  by: str = "outlet", lexicon=None,
                      focus=None) -> Figure:
    table = data if data is not None else bingkai.actor_labels(corpus, parts=PARTS, lexicon=lexicon)
    present = set(table["actor"].astype(str))
    chosen = None
    if focus:
        # the focus actors the corpus names, then what the rules left unattributed
        chosen = [a for a in focus if a in present] + (
            [UNATTRIBUTED] if UNATTRIBUTED in present else [])
    return actor_label_grid(table, actors=chosen or None, top_labels=TOP_ACTOR_LABELS,
                            top_actors=TOP_ACTORS, names=_lexicon_names(lexicon),
                            styles=group_styles(corpus, "outlet"))


def _keyness_by_outlet(corpus: pd.DataFrame, data: pd.DataFrame | None = None, *,
                       by: str = "outlet", lexicon=None,
                      focus=None) -> Figure:
    key = data if data is not None else bingkai.keyness(corpus, by=by)
    n_groups = key[by].nunique()
    # fewer terms per panel as panels multiply: about 60 bars in all, 3 to 8 each
    return keyness_bars(key, group_col=by, top=int(np.clip(60 // max(n_groups, 1), 3, 8)),
                        styles=group_styles(corpus, by))


def _similarity_matrix(corpus: pd.DataFrame, data: pd.DataFrame | None = None, *,
                       by: str = "outlet", lexicon=None,
                      focus=None) -> Figure:
    if len(corpus) <= MAX_TICKED:
        sim = data if data is not None else bingkai.similarity(corpus, full=True)
        return similarity_matrix(sim, labels=_doc_labels(corpus))
    # Past MAX_TICKED articles a document matrix is unreadable (and its file
    # huge): mean similarity between the groups' articles instead.
    sim = data if data is not None else similarity_by_group(corpus, by=by)
    return similarity_matrix(sim, unit=by)


def _label_timeline(corpus: pd.DataFrame, data: pd.DataFrame | None = None, *,
                    by: str = "outlet", lexicon=None,
                      focus=None) -> Figure:
    timeline = data if data is not None else label_timeline(
        corpus, by=by, lexicon=lexicon)
    return timeline_lines(timeline, by=by, top=TOP_TIMELINE, styles=group_styles(corpus, by))


#: Paper figures: stable name -> builder(corpus, data=None, **options) -> Figure.
#: The notebooks and :func:`paper_figures` both call these, so their files are
#: byte-identical.
FIGURES: dict[str, Callable[..., Figure]] = {
    "labels_by_outlet": _labels_by_outlet,
    "actor_labels": _actor_labels,
    "keyness_by_outlet": _keyness_by_outlet,
    "similarity_matrix": _similarity_matrix,
    "label_timeline": _label_timeline,
}


def paper_figure(name: str, corpus: pd.DataFrame,
                 outdir: str | os.PathLike[str] = "figures", *, data: pd.DataFrame | None = None,
                 formats: Sequence[str] = FORMATS, **options) -> Figure:
    """Build the paper figure ``name`` from ``corpus``, save it, return it.

    For notebooks: ``fig = figures.paper_figure("labels_by_outlet", corpus,
    "../figures", data=rates, by="outlet")`` as a cell's last line writes the
    same three files as :func:`paper_figures` with the same options, and
    shows the figure. ``data`` is the table the figure plots when the caller
    already has it (the output of the library call the builder would make);
    ``options`` are ``by``, ``lexicon`` (a ``bingkai.Lexicon``, pack name
    or folder; or the older ``labels``/``actors``) and ``focus`` (actor ids
    for the actor panels); ``formats`` as for :func:`save`.
    """
    formats = checked_formats(formats)
    if name not in FIGURES:
        raise BingkaiInputError(f"unknown figure name {name!r}",
                                hint=f"choose from: {', '.join(FIGURES)}")
    fig = FIGURES[name](corpus, data, **options)
    save(fig, name, outdir, formats=formats)
    return fig


def paper_figures(
    corpus: pd.DataFrame,
    outdir: str | os.PathLike[str] = "figures",
    names: Sequence[str] | None = None,
    *,
    formats: Sequence[str] = FORMATS,
    **options,
) -> list[Path]:
    """Build and save every paper figure (or those in ``names``) from ``corpus``.

    ``corpus`` is the frame of ``bingkai.load_corpus()``. Each figure of
    :data:`FIGURES` is written by :func:`save` as PDF, SVG and PNG under its
    stable name in ``outdir`` (or in ``formats`` only); ``options`` as for
    :func:`paper_figure`. Returns the written paths, in registry order then
    :data:`FORMATS` order.
    """
    formats = checked_formats(formats)
    chosen = list(FIGURES) if names is None else list(names)
    unknown = [n for n in chosen if n not in FIGURES]
    if unknown:
        raise BingkaiInputError(f"unknown figure name(s) {', '.join(map(repr, unknown))}",
                                hint=f"choose from: {', '.join(FIGURES)}")
    paths: list[Path] = []
    for name in chosen:
        paper_figure(name, corpus, outdir, formats=formats, **options)
        paths.extend(Path(outdir) / f"{name}.{fmt}" for fmt in formats)
    return paths


# --------------------------------------------------------------------------
# corpus-linguistic depth (issue 14): dispersion plot, Fightin' Words plot


def dispersion_plot(positions: pd.DataFrame, by: str = "outlet", *, boundaries: int = 60,
                    styles: Mapping[str, tuple[str, str]] | None = None) -> Figure:
    """Dispersion plot (AntConc's "plot" view): one barcode row per group and term.

    ``positions`` is ``bingkai.views.dispersion.occurrence_positions(corpus, terms,
    by=by)``; required columns: ``<by>, term, position, doc_start, doc_end``.
    Each occurrence is a vertical tick at its relative position in the
    group's running text (articles laid end to end by date, so 0 is the
    group's first word and 1 its last); evenly spread ticks mean a habit,
    a tight bunch one article's spike. Article boundaries are drawn as faint
    lines when a group has at most ``boundaries`` articles with the term
    (beyond that they would fill the row). Rows are sorted by group then
    term; the count of occurrences is printed at the right end.
    """
    _require(positions, [by, "term", "position", "doc_start", "doc_end"], "positions",
             f"bingkai.views.dispersion.occurrence_positions(corpus, terms, by={by!r})")
    data = positions.copy()
    data[by] = data[by].astype(str)
    data["term"] = data["term"].astype(str)
    groups = _sort_groups(data[by].unique())
    if not groups:
        raise BingkaiInputError("positions has no occurrences to plot",
                                hint="check the terms: they are analyzer terms (lower-case stems)")
    terms = sorted(data["term"].unique())
    rows = [(g, t) for g in groups for t in terms]
    styles = _styles_for(groups, styles)
    with style():
        fig = _new_figure(height=0.5 + 0.28 * len(rows))
        ax = fig.subplots()
        for y, (g, t) in enumerate(rows):
            sel = data[(data[by] == g) & (data["term"] == t)]
            if len(sel[["doc_start"]].drop_duplicates()) <= boundaries:
                for x in np.unique(sel[["doc_start", "doc_end"]].to_numpy().ravel()):
                    ax.vlines(x, y - 0.42, y + 0.42, color="0.85", linewidth=0.4)
            ax.vlines(sel["position"].to_numpy(float), y - 0.35, y + 0.35,
                      color=styles[g][0], linewidth=0.7)
            ax.annotate(f"{len(sel)}", (1.0, y), xytext=(3, 0), textcoords="offset points",
                        va="center", ha="left", fontsize=6, color="0.25", annotation_clip=False)
        label = [f"{g} · {t}" if len(terms) > 1 else g for g, t in rows]
        ax.set_yticks(np.arange(len(rows)), label)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel("relative position in the running text (articles by date)")
        if len(terms) == 1:
            ax.set_title(terms[0], loc="left", fontweight="bold")
        _freeze_layout(fig)
    return fig


def log_odds_plot(frame: pd.DataFrame, top: int = 10, z: float = 1.96) -> Figure:
    """Fightin' Words plot (Monroe et al. 2008, fig. 5 style): z-score against frequency.

    ``frame`` is ``bingkai.log_odds(corpus, target=...)``; required columns:
    ``term, freq, z``. Every term is a grey point at (frequency on a log
    axis, z); the ``top`` terms with the largest positive and the ``top``
    with the most negative z beyond ``±z`` are coloured (target = first
    palette colour, reference = second) and labelled. Dashed lines mark
    ``±z`` (1.96: two-sided 5% without multiple-comparison correction, as
    in Monroe et al.).
    """
    _require(frame, ["term", "freq", "z"], "frame", "bingkai.log_odds(corpus, target=...)")
    if not isinstance(top, (int, np.integer)) or top < 0:
        raise BingkaiInputError(f"top={top!r} is not a non-negative integer", hint="pass e.g. top=10")
    data = frame[frame["freq"] > 0].copy()
    if data.empty:
        raise BingkaiInputError("frame has no terms to plot", hint="check the corpus and target")
    data["term"] = data["term"].astype(str)
    data = data.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
    high = data[data["z"] > z].head(top)
    low = data[data["z"] < -z].sort_values(["z", "term"], kind="mergesort").head(top)
    with style():
        fig = _new_figure(height=3.0)
        ax = fig.subplots()
        ax.scatter(data["freq"].to_numpy(float), data["z"].to_numpy(float), s=3, color="0.7",
                   linewidths=0)
        ax.set_xscale("log")
        for sel, colour in ((high, PALETTE[0]), (low, PALETTE[1])):
            ax.scatter(sel["freq"].to_numpy(float), sel["z"].to_numpy(float), s=6, color=colour,
                       linewidths=0)
        ax.autoscale_view()
        # Labels of nearby points would print on top of each other: move a
        # label towards zero until it is one label height (6.5 pt) from every
        # label already placed within 60 pt to its left or right.
        to_pt = 72.0 / fig.dpi
        for sel, colour, sign in ((high, PALETTE[0], -1.0), (low, PALETTE[1], 1.0)):
            xs, ys = sel["freq"].to_numpy(float), sel["z"].to_numpy(float)
            pts = ax.transData.transform(np.column_stack([xs, ys])) * to_pt if len(sel) else np.zeros((0, 2))
            placed = pts[:, 1].copy()
            for k in range(len(sel)):  # sel is ordered from the most extreme z
                for _ in range(len(sel)):
                    near = [j for j in range(k) if abs(pts[j, 0] - pts[k, 0]) < 60
                            and abs(placed[j] - placed[k]) < 6.5]
                    if not near:
                        break
                    placed[k] = (min if sign < 0 else max)(placed[j] for j in near) + sign * 6.5
            for x, y, t, dy in zip(xs, ys, sel["term"], placed - pts[:, 1]):
                ax.annotate(t, (x, y), xytext=(3, dy), textcoords="offset points", fontsize=5.5,
                            va="center", ha="left", color=colour,
                            arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.3}
                            if abs(dy) > 1 else None)
        ax.axhline(z, color="0.5", linewidth=0.5, linestyle="--")
        ax.axhline(-z, color="0.5", linewidth=0.5, linestyle="--")
        ax.axhline(0, color="0.3", linewidth=0.5)
        # plain numbers (1, 10, 100), not 10^k, and no labels on minor ticks
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("frequency (target + reference, log scale)")
        ax.set_ylabel("z-score of the weighted log-odds ratio")
        _freeze_layout(fig)
    return fig
