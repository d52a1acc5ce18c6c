"""Tests for bingkai.report.figures: byte-stable saving, the paper style, each plot.

Plots are checked on small synthetic frames with exactly the contract's
columns; the staleness test checks that the digests the notebooks' figure
cells record (which strict nbval re-computes) are the committed
``figures/`` files' once those exist.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from PIL import Image

from bingkai.report import figures
from bingkai.errors import BingkaiInputError

ROOT = Path(__file__).resolve().parents[2]
OUTLETS = ["a.example", "b.example", "c.example"]


# --------------------------------------------------------------------------
# synthetic frames (contract columns)


def rates_frame() -> pd.DataFrame:
    """label_rates-shaped frame: 3 outlets x 3 labels x 3 voices."""
    rows = []
    labels = [("teroris", "terrorism"), ("milisi", "terrorism"), ("oposisi", "opposition")]
    for k, outlet in enumerate(OUTLETS):
        for j, (label, frame) in enumerate(labels):
            for voice, tokens in (("all", 1000), ("narrator", 800), ("quoted", 200)):
                count = (k + j) % 3  # includes zero counts
                rate = 1000 * count / tokens
                rows.append({"outlet": outlet, "label": label, "frame": frame, "voice": voice,
                             "count": count, "tokens": tokens, "rate": rate,
                             "ci_low": max(rate - 1.5, 0.0), "ci_high": rate + 2.0})
    return pd.DataFrame(rows)


def actor_frame() -> pd.DataFrame:
    """actor_labels-shaped frame for two actors."""
    rows = [
        ("hts", "teroris", "terrorism", "a.example", "narrator", 2),
        ("hts", "teroris", "terrorism", "a.example", "quoted", 1),
        ("hts", "pemberontak", "rebellion", "b.example", "narrator", 3),
        ("hts", "oposisi", "opposition", "c.example", "quoted", 1),
        ("syrian_government", "rezim", "regime", "b.example", "narrator", 2),
        ("syrian_government", "pemerintah", "government", "c.example", "narrator", 1),
        ("syrian_government", "rezim", "regime", "a.example", "quoted", 0),
    ]
    return pd.DataFrame(rows, columns=["actor", "label", "frame", "outlet", "voice", "count"])


def keyness_frame() -> pd.DataFrame:
    """Keyness stacked per outlet; ll decreasing with the term number."""
    rows = []
    for outlet in OUTLETS[:2]:
        for k in range(6):
            rows.append({"outlet": outlet, "term": f"{outlet[0]}{k}", "ll": 20.0 - 3 * k,
                         "log_ratio": 1.0 + k / 10, "direction": "under" if k == 1 else "over"})
    return pd.DataFrame(rows)


def sim_frame() -> pd.DataFrame:
    ids = ["000", "001", "002"]
    values = np.array([[1.0, 0.25, 0.5], [0.25, 1.0, 0.125], [0.5, 0.125, 1.0]])
    return pd.DataFrame(values, index=ids, columns=ids)


BUILDERS = {
    "labels_all": lambda: figures.labels_by_outlet(rates_frame()),
    "labels_split": lambda: figures.labels_by_outlet(rates_frame(), voice="split"),
    "actors": lambda: figures.actor_label_grid(actor_frame()),
    "keyness": lambda: figures.keyness_bars(keyness_frame(), top=3),
    "similarity": lambda: figures.similarity_matrix(sim_frame()),
}


# --------------------------------------------------------------------------
# saving: determinism and metadata


@pytest.mark.parametrize("which", ["labels_split", "similarity"])
def test_save_is_byte_identical_on_regeneration(tmp_path, which):
    first = figures.save(BUILDERS[which](), "fig", tmp_path / "one")
    # A different global style in between must not leak into the output:
    # the paper style starts from matplotlib's defaults.
    with matplotlib.rc_context({"font.size": 20, "figure.facecolor": "red", "lines.linewidth": 5,
                                "svg.hashsalt": None}):
        second = figures.save(BUILDERS[which](), "fig", tmp_path / "two")
    assert [p.name for p in first] == ["fig.pdf", "fig.svg", "fig.png"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_drawing_before_saving_does_not_change_bytes(tmp_path):
    # The notebooks display a figure (a draw at another dpi) around saving it.
    plain = figures.save(BUILDERS["similarity"](), "fig", tmp_path / "plain")
    fig = BUILDERS["similarity"]()  # the one whose re-layout drifted visibly
    fig.savefig(tmp_path / "shown.png", dpi=72)
    drawn = figures.save(fig, "fig", tmp_path / "drawn")
    for a, b in zip(plain, drawn):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_saved_files_carry_no_dates_or_tool_versions(tmp_path, monkeypatch):
    # SOURCE_DATE_EPOCH would make matplotlib write that date; None must win.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdf, svg, png = figures.save(BUILDERS["keyness"](), "fig", tmp_path)
    with Image.open(png) as im:
        assert "Software" not in im.info
        assert im.info.get("dpi") is not None and round(im.info["dpi"][0]) == figures.DPI
    svg_text = svg.read_text(encoding="utf-8")
    assert "<dc:date>" not in svg_text
    assert "Matplotlib v" not in svg_text  # the Creator string names the version
    pdf_bytes = pdf.read_bytes()
    assert pdf_bytes.startswith(b"%PDF")
    for key in (b"/CreationDate", b"/Producer", b"/Creator", b"/ModDate"):
        assert key not in pdf_bytes


def test_save_is_atomic_and_leaves_the_figure_usable(tmp_path):
    fig = BUILDERS["similarity"]()
    paths = figures.save(fig, "sim", tmp_path / "new" / "dir")
    assert sorted(p.name for p in (tmp_path / "new" / "dir").iterdir()) == [
        "sim.pdf", "sim.png", "sim.svg"]  # no temp files left behind
    assert all(p.stat().st_size > 0 for p in paths)
    assert fig.axes  # not closed or cleared: can be shown or saved again
    again = figures.save(fig, "sim", tmp_path / "again")
    assert again[2].read_bytes() == paths[2].read_bytes()


@pytest.mark.parametrize("bad", ["", "sub/fig", "..", "."])
def test_save_rejects_names_with_directories(tmp_path, bad):
    with pytest.raises(BingkaiInputError):
        figures.save(BUILDERS["similarity"](), bad, tmp_path)


def test_style_restores_global_rcparams(tmp_path):
    before = dict(matplotlib.rcParams)
    built = [build() for build in BUILDERS.values()]
    figures.save(built[-1], "fig", tmp_path)
    with figures.style():
        assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"
        assert matplotlib.rcParams["svg.hashsalt"] == "bingkai"
        assert matplotlib.rcParams["axes.spines.top"] is False
    assert dict(matplotlib.rcParams) == before


def test_plot_functions_return_figures_outside_pyplot():
    import matplotlib.pyplot as plt

    open_before = plt.get_fignums()
    fig = BUILDERS["labels_all"]()
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == open_before  # nothing registered, nothing to close
    assert fig.get_figwidth() == pytest.approx(figures.WIDTH)


def test_palette_is_okabe_ito():
    # Okabe & Ito (2008) colours, as published (black omitted).
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    assert set(figures.PALETTE) == okabe_ito


# --------------------------------------------------------------------------
# labels_by_outlet


def _tick_texts(ax, axis="y"):
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in ticks]


def test_labels_by_outlet_axes_rows_and_legend():
    fig = figures.labels_by_outlet(rates_frame())
    (ax,) = fig.axes
    assert ax.get_xlabel() == "rate (per 1,000 tokens), 95% CI"
    assert ax.get_ylabel() == "label"
    # two frames, one of which groups two labels -> bold frame headings,
    # frames and labels alphabetical
    assert _tick_texts(ax) == ["opposition", "oposisi", "terrorism", "milisi", "teroris"]
    legend_texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend_texts == OUTLETS


def test_labels_by_outlet_keeps_zero_counts_visible():
    fig = figures.labels_by_outlet(rates_frame(), voice="narrator")
    (ax,) = fig.axes
    xs = np.concatenate([line.get_xdata() for line in ax.get_lines()])
    # 3 outlets x 3 labels, one point each; (k + j) % 3 == 0 for 3 of them
    assert len(xs) == 9
    assert int((xs == 0).sum()) == 3
    assert ax.get_xlim()[0] < 0  # a point at 0 is not on the axis edge
    assert "narrator" in ax.get_xlabel()


def test_labels_by_outlet_split_draws_two_panels_quoted_open():
    fig = figures.labels_by_outlet(rates_frame(), voice="split", labels=["teroris"])
    narrator, quoted = fig.axes[:2]
    assert _tick_texts(narrator) == ["teroris"]  # caller's labels, no headings
    # independent axes are flagged in the titles
    assert narrator.get_title(loc="left") == "narrator (filled)\nown x scale"
    assert quoted.get_title(loc="left") == "quoted (open)\nown x scale"
    assert fig.get_supxlabel() == "rate (per 1,000 tokens of that voice), 95% CI"

    def faces(ax):
        return [matplotlib.colors.to_hex(line.get_markerfacecolor()) for line in ax.get_lines()]

    assert faces(quoted) == ["#ffffff"] * 3  # one open marker per outlet
    assert "#ffffff" not in faces(narrator)
    # quoted rates (per 1,000 of 200 quoted tokens) get their own axis
    assert quoted.get_xlim()[1] > narrator.get_xlim()[1]


def test_labels_by_outlet_drop_unused():
    rates = rates_frame()
    rates.loc[rates["label"] == "milisi", ["count", "rate", "ci_low"]] = 0
    fig = figures.labels_by_outlet(rates, voice="all", drop_unused=True)
    (ax,) = fig.axes
    # milisi gone; the two remaining labels have one frame each -> no headings
    assert _tick_texts(ax) == ["oposisi", "teroris"]
    assert len(figures.labels_by_outlet(rates).axes[0].get_yticks()) == 5  # kept by default


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5000)), min_size=9, max_size=9),
       st.sampled_from(["all", "narrator", "quoted", "split"]))
def test_labels_by_outlet_draws_every_defined_cell(cells, voice):
    """One point per cell with a defined rate, zero counts included, any voice."""
    rates = rates_frame()
    for (count, tokens), idx in zip(cells, rates.index[rates["voice"] == "quoted"]):
        rate = 1000 * count / tokens if tokens else np.nan
        rates.loc[idx, ["count", "tokens", "rate", "ci_low", "ci_high"]] = [
            count, tokens, rate, rate if tokens else np.nan, rate + 1 if tokens else np.nan]
    fig = figures.labels_by_outlet(rates, voice=voice)
    voices = ["narrator", "quoted"] if voice == "split" else [voice]
    shown = rates[rates["voice"].isin(voices)]
    points = sum(len(line.get_xdata()) for ax in fig.axes for line in ax.get_lines())
    assert points == int(shown["rate"].notna().sum())
    for ax in fig.axes:
        assert ax.get_xlim()[0] < 0 < ax.get_xlim()[1]


def test_labels_by_outlet_errors():
    for column in ("ci_high", "count", "outlet"):
        with pytest.raises(BingkaiInputError, match=column):
            figures.labels_by_outlet(rates_frame().drop(columns=column))
    with pytest.raises(BingkaiInputError, match="voice"):
        figures.labels_by_outlet(rates_frame(), voice="both")
    with pytest.raises(BingkaiInputError, match="rezim"):
        figures.labels_by_outlet(rates_frame(), labels=["rezim"])


# --------------------------------------------------------------------------
# actor_label_grid


def test_actor_label_grid_panels_and_bars():
    table = pd.concat([actor_frame(), pd.DataFrame(
        [("unattributed", "teroris", "terrorism", "a.example", "narrator", 9)],
        columns=actor_frame().columns)])
    fig = figures.actor_label_grid(table)
    axes = list(fig.axes)
    # hts has 7 occurrences, syrian_government 3; the reserved
    # "unattributed" actor comes last whatever its count; ids are never shown
    # raw (underscores become spaces without a display name)
    assert [ax.get_title(loc="left") for ax in axes] == ["hts", "syrian government",
                                                         "unattributed"]
    hts, gov, _ = axes
    assert _tick_texts(hts) == ["pemberontak", "teroris", "oposisi"]  # 3, 3, 1; tie by name
    assert _tick_texts(gov) == ["rezim", "pemerintah"]  # the zero-count row adds nothing
    assert axes[-1].get_xlabel() == ("count (label occurrences attributed)\n"
                                     "each panel has its own scale")
    # one bar per non-zero outlet x voice part: teroris narrator 2 + quoted 1,
    # pemberontak 3, oposisi quoted 1
    assert sorted(p.get_width() for p in hts.patches) == [1, 1, 2, 3]
    hatched = [p for p in hts.patches if p.get_hatch()]
    assert sorted((p.get_x(), p.get_width()) for p in hatched) == [(0, 1), (2, 1)]
    # gov: "rezim" has a zero-count quoted row for a.example -> only b.example's bar
    assert [p.get_width() for p in gov.patches] == [2, 1]
    # each outlet's bar ends in its marker (3 outlet bars in hts: a, b, c)
    ends = sorted((float(line.get_xdata()[0]), line.get_marker()) for line in hts.get_lines())
    assert ends == [(1.0, "D"), (3.0, "o"), (3.0, "s")]  # c: oposisi 1; a: teroris 2+1; b: 3


def test_actor_label_grid_choices_and_errors():
    fig = figures.actor_label_grid(actor_frame(), actors=["syrian_government"], top_labels=1)
    (ax,) = fig.axes
    # the label cut by top_labels is summed into an "other labels" row, not dropped
    assert _tick_texts(ax) == ["rezim", "other labels (1)"]
    assert sorted(p.get_width() for p in ax.patches) == [1, 2]  # pemerintah 1 (c), rezim 2 (b)
    with pytest.raises(BingkaiInputError, match="outlet"):
        figures.actor_label_grid(actor_frame().drop(columns="outlet"))
    with pytest.raises(BingkaiInputError, match="isis"):
        figures.actor_label_grid(actor_frame(), actors=["isis"])
    with pytest.raises(BingkaiInputError, match="top_labels"):
        figures.actor_label_grid(actor_frame(), top_labels=0)
    with pytest.raises(BingkaiInputError, match="top_actors"):
        figures.actor_label_grid(actor_frame(), top_actors=0)


def test_actor_label_grid_panels_have_their_own_scales():
    # One actor named 500 times must not squash the others to zero width.
    table = pd.concat([actor_frame(), pd.DataFrame(
        [("isis", "teroris", "terrorism", "a.example", "narrator", 500)],
        columns=actor_frame().columns)])
    fig = figures.actor_label_grid(table, top_actors=2, names={"syrian_government": "Syrian government"})
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["isis", "hts"]  # top 2 by count; syrian_government (3) dropped
    isis, hts = fig.axes
    assert isis.get_xlim()[1] > 500 and hts.get_xlim()[1] < 10
    fig = figures.actor_label_grid(table, actors=["syrian_government"],
                                   names={"syrian_government": "Syrian government"})
    assert fig.axes[0].get_title(loc="left") == "Syrian government"


def test_group_styles_stay_distinct_past_the_palette():
    groups = [f"outlet{k:02d}" for k in range(20)]
    styles = figures._group_styles(groups)
    assert len(set(styles.values())) == 20
    # up to seven groups keep colour k with marker k (the seed figures' look)
    few = figures._group_styles(groups[:7])
    assert [few[g] for g in groups[:7]] == list(zip(figures.PALETTE, figures.MARKERS))


def test_display_names_from_a_display_column_or_underscores():
    # a labels lexicon's display column names labels (shown as written): ignored
    labels = pd.DataFrame({"label": ["rezim"], "frame": ["state_legitimacy"],
                           "display": ["Rezim"]})
    actors = pd.DataFrame({"actor": ["syrian_government", "hts"],
                           "display": ["", "Hay'at Tahrir al-Sham (HTS)"]})
    names = figures.display_names(labels, actors)
    assert names == {"hts": "Hay'at Tahrir al-Sham (HTS)"}
    assert figures.display_name("syrian_government", names) == "syrian government"  # empty: fallback
    assert figures.display_name("state_legitimacy", names) == "state legitimacy"
    assert figures.display_name("hts", names) == "Hay'at Tahrir al-Sham (HTS)"
    import bingkai
    packaged = figures.display_names(bingkai.Lexicon().actors)
    assert packaged and all(isinstance(v, str) and v for v in packaged.values())


# --------------------------------------------------------------------------
# keyness_bars


def test_keyness_bars_top_over_used_by_ll():
    fig = figures.keyness_bars(keyness_frame(), top=3)
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["a.example", "b.example"]
    first = fig.axes[0]
    # k = 1 is "under"; the three highest-LL "over" terms are k = 0, 2, 3
    assert _tick_texts(first) == ["a0", "a2", "a3"]
    assert [p.get_width() for p in first.patches] == [20.0, 14.0, 11.0]
    notes = [t.get_text() for t in first.texts]
    assert notes == ["LR 1.0", "LR 1.2", "LR 1.3"]
    assert fig.axes[-1].get_xlabel().startswith("log-likelihood G²")


def test_keyness_bars_errors():
    with pytest.raises(BingkaiInputError, match="log_ratio"):
        figures.keyness_bars(keyness_frame().drop(columns="log_ratio"))
    with pytest.raises(BingkaiInputError, match="period"):
        figures.keyness_bars(keyness_frame(), group_col="period")
    with pytest.raises(BingkaiInputError, match="top"):
        figures.keyness_bars(keyness_frame(), top=0)


# --------------------------------------------------------------------------
# similarity_matrix


def test_similarity_matrix_annotations_and_colourbar():
    fig = figures.similarity_matrix(sim_frame(), labels={"000": "000 a.example"})
    heat, cbar = fig.axes
    # the colour scale is the observed range (issue 25), printed under the label
    assert cbar.get_ylabel() == "cosine similarity (TF-IDF)\ncolour scale 0.125\u20130.500, the observed range"
    assert heat.get_xlabel() == "document" and heat.get_ylabel() == "document"
    assert _tick_texts(heat) == ["000 a.example", "001", "002"]
    texts = sorted(t.get_text() for t in heat.texts)
    # a document's similarity to itself (1) is not annotated (a grey cell)
    assert texts == sorted(["0.25", "0.50", "0.12"] * 2)  # 0.125 -> 0.12 (round half even)
    # cividis: dark text on the light end (0.50, the top of the scale), white on the dark end (0.12)
    colours = {t.get_text(): matplotlib.colors.to_hex(t.get_color()) for t in heat.texts}
    assert colours["0.50"] == "#000000" and colours["0.12"] == "#ffffff"


def test_similarity_matrix_errors():
    sim = sim_frame()
    with pytest.raises(BingkaiInputError, match="square"):
        figures.similarity_matrix(sim.iloc[:, :2])
    with pytest.raises(BingkaiInputError, match="square"):
        figures.similarity_matrix(sim.set_axis(["x", "y", "z"], axis=1))
    with pytest.raises(BingkaiInputError, match="labels"):
        figures.similarity_matrix(sim, labels=["only one"])


# --------------------------------------------------------------------------
# paper figures


def test_doc_labels_name_the_outlet_and_number_repeats():
    corpus = pd.DataFrame({"doc_id": ["b2", "a1", "c3"], "outlet": ["X.com", "X.com", "y.id"]})
    assert figures._doc_labels(corpus) == {"a1": "X.com 1", "b2": "X.com 2", "c3": "y.id"}


def test_outlets_are_ordered_case_insensitively():
    rates = rates_frame().replace({"outlet": {"a.example": "Zeta.com", "b.example": "alpha.id"}})
    fig = figures.labels_by_outlet(rates)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["alpha.id", "c.example",
                                                                   "Zeta.com"]


def test_registry_names_are_the_stable_file_names():
    assert list(figures.FIGURES) == ["labels_by_outlet", "actor_labels", "keyness_by_outlet",
                                     "similarity_matrix", "label_timeline"]
    with pytest.raises(BingkaiInputError, match="nope"):
        figures.paper_figures(pd.DataFrame(), ROOT / "unused", names=["nope"])


def test_paper_figure_and_paper_figures_write_the_same_bytes(tmp_path, monkeypatch):
    # A stand-in registry entry drawn from the corpus frame, so the shared
    # build-then-save path is tested without the framing/keyness modules.
    def fake(corpus, data=None):
        sim = pd.DataFrame(np.eye(len(corpus)), index=corpus["doc_id"], columns=corpus["doc_id"])
        return figures.similarity_matrix(sim, labels=figures._doc_labels(corpus))

    monkeypatch.setitem(figures.FIGURES, "fake", fake)
    corpus = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["X.com", "y.id"]})
    fig = figures.paper_figure("fake", corpus, tmp_path / "notebook")
    assert isinstance(fig, Figure)
    written = figures.paper_figures(corpus, tmp_path / "make", names=["fake"])
    assert [p.name for p in written] == ["fake.pdf", "fake.svg", "fake.png"]
    for p in written:
        assert p.read_bytes() == (tmp_path / "notebook" / p.name).read_bytes()
    with pytest.raises(BingkaiInputError, match="unknown figure"):
        figures.paper_figure("nope", corpus, tmp_path)


def _notebook_parameters() -> dict:
    """The values of the notebooks' ``parameters`` cell (the same in all four)."""
    import json

    cells = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        tagged = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
        cells.append("".join(tagged[0]["source"]))
    assert len(set(cells)) == 1, "the notebooks' parameters cells differ"
    values: dict = {}
    exec(cells[0], {}, values)  # plain assignments of literals (checked by the test below)
    return values


def test_notebooks_start_with_the_same_parameters_cell():
    values = _notebook_parameters()
    assert set(values) == {"corpus_path", "columns", "lexicon", "focus_actors", "by",
                           "figures_dir", "tables_dir", "figure_formats", "interactive_tables"}
    assert values["corpus_path"] == "../corpus" and values["figures_dir"] == "../figures"
    # the paper's figures: every format
    assert tuple(values["figure_formats"]) == figures.FORMATS


def _committed_figures() -> list[Path]:
    """Figure files git tracks under figures/ (all files there if git is
    unavailable, e.g. in an unpacked archive). Untracked files are work in
    progress of `make figures`, not yet the paper's figures."""
    import subprocess

    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", "figures"], cwd=ROOT,
                             capture_output=True, check=True).stdout.decode()
        files = [ROOT / name for name in out.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        files = list((ROOT / "figures").glob("*"))
    return sorted(p for p in files if p.suffix in {".pdf", ".svg", ".png"} and p.exists())


@pytest.mark.skipif(not _committed_figures(),
                    reason="no figures committed under figures/: run `make figures` and commit them to enable")
def test_committed_figures_are_not_stale():
    # Two links, each checked where it is cheap. (1) Strict nbval (make test)
    # re-runs every figure cell, and the cell's text output is the SHA-256 of
    # the files it has just written (figures.saved): a notebook whose figures
    # no longer come out the same fails there. (2) Here: the digests the
    # notebooks record are those of the committed figure files (make figures
    # writes both), so a figure committed without its notebook, or the
    # reverse, fails. Together: the committed figures are what the notebooks
    # draw now -- without drawing the five figures a second time.
    recorded, cells = _notebook_digests()
    expected = {f"{name}.{fmt}" for name in figures.FIGURES for fmt in figures.FORMATS}
    assert set(recorded) == expected, "a paper figure is not shown with figures.saved in a notebook"
    assert all(len(d) == figures.SavedFigure.DIGEST_CHARS for d in recorded.values())
    # a cell nbval would not compare would break link (1)
    for source in cells:
        assert "NBVAL_IGNORE_OUTPUT" not in source and "NBVAL_SKIP" not in source, source
    committed = {p.name for p in _committed_figures()}
    missing = sorted(expected - committed)
    assert not missing, f"figures/ lacks {missing}: run `make figures` and commit"
    stale = [name for name, digest in sorted(recorded.items())
             if not hashlib.sha256(_committed_bytes(name)).hexdigest().startswith(digest)]
    assert not stale, f"figures/ is stale for {stale}: run `make figures` and commit"


_DIGEST_LINE = re.compile(r"^(\S+\.(?:pdf|svg|png))  sha256:([0-9a-f]+)$")


def _notebook_digests() -> tuple[dict[str, str], list[str]]:
    """``({file name: digest}, [cell sources])`` of the notebooks' figure
    cells: the lines figures.saved printed when the notebooks were last run."""
    import json

    found: dict[str, str] = {}
    cells: list[str] = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                text = "".join(output.get("data", {}).get("text/plain", ""))
                lines = [m for m in map(_DIGEST_LINE.match, text.splitlines()) if m]
                if lines:
                    cells.append("".join(cell["source"]))
                for m in lines:
                    assert m[1] not in found, f"{m[1]} is shown by two cells"
                    found[m[1]] = m[2]
    return found, cells


def test_saved_names_the_files_with_their_digests_and_shows_the_png(tmp_path):
    fig = BUILDERS["similarity"]()
    paths = figures.save(fig, "sim", tmp_path)
    shown = figures.saved("sim", tmp_path)
    lines = repr(shown).splitlines()
    assert [line.split()[0] for line in lines] == [p.name for p in paths]
    for line, path in zip(lines, paths):
        assert line == f"{path.name}  sha256:{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}"
        assert _DIGEST_LINE.match(line)
    assert shown._repr_png_() == paths[2].read_bytes()
    # what Jupyter (and so nbval) records: the PNG, and the digests as text
    from IPython.core.formatters import DisplayFormatter

    data, _ = DisplayFormatter().format(shown)
    assert data["text/plain"] == repr(shown) and data["image/png"]
    # one changed byte, another digest
    paths[1].write_bytes(paths[1].read_bytes() + b"\n")
    assert repr(figures.saved("sim", tmp_path)).splitlines()[1] != lines[1]
    paths[0].unlink()
    with pytest.raises(BingkaiInputError, match=r"sim\.pdf missing"):
        figures.saved("sim", tmp_path)


def test_formats_write_only_those_files_in_the_fixed_order(tmp_path):
    fig = BUILDERS["similarity"]()
    full = figures.save(fig, "sim", tmp_path / "all")
    # asked in any order, written and returned in FORMATS order, same bytes
    some = figures.save(fig, "sim", tmp_path / "some", formats=["png", "pdf"])
    assert [p.name for p in some] == ["sim.pdf", "sim.png"]
    assert sorted(p.name for p in (tmp_path / "some").iterdir()) == ["sim.pdf", "sim.png"]
    assert [p.read_bytes() for p in some] == [full[0].read_bytes(), full[2].read_bytes()]
    # shown without a PNG: the SVG (and never both images)
    shown = figures.saved("sim", tmp_path / "all", formats="svg")
    assert repr(shown) == f"sim.svg  sha256:{hashlib.sha256(full[1].read_bytes()).hexdigest()[:16]}"
    assert shown._repr_png_() is None and shown._repr_svg_() == full[1].read_text(encoding="utf-8")
    assert figures.saved("sim", tmp_path / "all")._repr_svg_() is None
    for bad in (["jpg"], [], ["png", "PDF"]):
        with pytest.raises(BingkaiInputError, match="figure formats"):
            figures.save(fig, "sim", tmp_path / "bad", formats=bad)
    assert not (tmp_path / "bad").exists() or not any((tmp_path / "bad").iterdir())


def _committed_bytes(name: str) -> bytes:
    """``figures/<name>`` as committed (git HEAD), else as on disk. Strict
    nbval re-runs the notebooks in the other test worker, and they rewrite
    figures/ in the working tree: compared with the working tree, a stale
    committed figure could be replaced by a fresh one before this test reads it."""
    import subprocess

    try:
        return subprocess.run(["git", "show", f"HEAD:figures/{name}"], cwd=ROOT,
                              capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return (ROOT / "figures" / name).read_bytes()


# --------------------------------------------------------------------------
# scaling: many groups, many documents, many labels


def test_keyness_bars_many_groups_go_in_two_columns():
    rows = [{"outlet": f"o{g:02d}.example", "term": f"t{g}_{k}", "ll": 10.0 - k, "log_ratio": 1.0,
             "direction": "over"} for g in range(12) for k in range(4)]
    fig = figures.keyness_bars(pd.DataFrame(rows), top=3)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == 12
    assert fig.get_figwidth() == pytest.approx(2 * figures.WIDTH)
    assert fig.get_supxlabel().startswith("log-likelihood G²")


def test_similarity_matrix_past_max_ticked_has_no_per_document_ticks(tmp_path):
    n = figures.MAX_TICKED + 10
    rng = np.random.default_rng(0)
    values = rng.random((n, n))
    values = (values + values.T) / 2
    np.fill_diagonal(values, 1.0)
    ids = [f"d{k:03d}" for k in range(n)]
    fig = figures.similarity_matrix(pd.DataFrame(values, index=ids, columns=ids))
    heat = fig.axes[0]
    assert _tick_texts(heat) == [] and _tick_texts(heat, "x") == []
    assert len(heat.texts) == 0  # no per-cell numbers either
    assert heat.get_xlabel() == f"document ({n}, in document id order)"
    (svg,) = figures.save(fig, "big", tmp_path, formats=["svg"])  # the format that grows per cell
    assert svg.stat().st_size < 1_000_000


def test_timeline_lines_panels_gaps_and_scales():
    rows = []
    for outlet, months in (("a.example", ["2024-01-01", "2024-02-01", "2024-04-01"]),
                           ("b.example", ["2024-02-01"])):
        for d in months:
            for label, count in (("teroris", 3), ("rezim", 1), ("milisi", 0)):
                rows.append({"outlet": outlet, "date": d, "label": label, "voice": "all",
                             "count": count, "rate": float(count), "ci_low": 0.0,
                             "ci_high": count + 1.0})
    fig = figures.timeline_lines(pd.DataFrame(rows), top=2)
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["teroris", "rezim"]  # by count
    first = fig.axes[0]
    # a.example: Jan-Feb joined, April alone (March missing is a gap): 2 lines; b.example: 1
    assert sorted(len(line.get_xdata()) for line in first.get_lines()) == [1, 1, 2]
    # the calendar is complete: March has a place on the axis
    assert _tick_texts(fig.axes[-1], "x") == ["2024-01-01", "2024-02-01", "2024-03-01",
                                              "2024-04-01"]
    with pytest.raises(BingkaiInputError, match="label"):
        figures.timeline_lines(pd.DataFrame(rows), labels=["nope"])


def test_labels_by_outlet_top_keeps_the_most_frequent_labels():
    fig = figures.labels_by_outlet(rates_frame(), voice="all", top=1)
    (ax,) = fig.axes
    # counts per label over outlets: teroris 0+1+2=3, milisi 1+2+0=3, oposisi 2+0+1=3 -> tie by name
    assert _tick_texts(ax) == ["milisi"]
    assert ax.get_xlabel().endswith("the 1 most frequent of 3 labels")


def test_a_figure_that_fails_to_save_leaves_no_temp_file(tmp_path, monkeypatch):
    fig = BUILDERS["similarity"]()
    figures.save(fig, "sim", tmp_path)  # a previous good version
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = fig.savefig

    def failing(fh, format, **kwargs):
        if format == "svg":
            raise MemoryError("simulated failure while writing the SVG")
        return real(fh, format=format, **kwargs)

    monkeypatch.setattr(fig, "savefig", failing)
    with pytest.raises(MemoryError):
        figures.save(fig, "sim", tmp_path)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert set(after) == set(before)  # no .sim.*.tmp left behind
    assert after["sim.svg"] == before["sim.svg"]  # the old SVG is intact
