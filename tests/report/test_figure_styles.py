"""Issue 25, figures that read right: one colour (and marker) per outlet for the whole corpus,
the same in every figure, from a colour-blind-safe palette; the similarity colour scale fitted
to the observed range, with the scale printed on the figure.

The corpus has an outlet whose articles are all undated: it is missing from the timeline,
which must not shift every other outlet's colour there.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

import bingkai
from bingkai import figures
from issue25_synthetic import synthetic_articles

# Okabe & Ito (2008), the colour-blind-safe palette the brief's figures use
OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}
OUTLETS = ("Alpha Undated", "Beta", "Gamma", "Delta")


@pytest.fixture(scope="module")
def corpus():
    articles = synthetic_articles(160, seed=7, outlets=OUTLETS, undated=("Alpha Undated",))
    return bingkai.index(articles, progress=False)


def legend_styles(fig) -> dict[str, tuple[str, str | None]]:
    """Legend entry text -> (colour, marker) over every legend of ``fig``."""
    styles = {}
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    for legend in legends:
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            if isinstance(handle, Line2D):
                styles[text.get_text()] = (to_hex(handle.get_color()), handle.get_marker())
            elif isinstance(handle, Patch):
                styles[text.get_text()] = (to_hex(handle.get_facecolor()), None)
    return styles


def keyness_styles(fig) -> dict[str, tuple[str, None]]:
    """Panel title (the outlet) -> the colour of its bars."""
    styles = {}
    for ax in fig.axes:
        bars = [p for p in ax.patches if isinstance(p, Rectangle)]
        if ax.get_title() and bars:
            styles[ax.get_title().split("\n")[0].strip()] = (to_hex(bars[0].get_facecolor()), None)
    return styles


def test_one_colour_and_marker_per_outlet_in_every_figure(corpus):
    seen: dict[str, dict[str, tuple]] = {}
    for name in ("labels_by_outlet", "actor_labels", "label_timeline", "keyness_by_outlet"):
        fig = figures.FIGURES[name](corpus)  # the paper figure, built as paper_figure builds it (not saved)
        styles = keyness_styles(fig) if name == "keyness_by_outlet" else legend_styles(fig)
        seen[name] = {o: s for o, s in styles.items() if o in OUTLETS}
    assert set(seen["labels_by_outlet"]) == set(OUTLETS)
    assert "Alpha Undated" not in seen["label_timeline"] and len(seen["label_timeline"]) == 3
    colour = {}
    for name, styles in seen.items():
        for outlet, (hex_, marker) in styles.items():
            assert hex_ in OKABE_ITO, (name, outlet, hex_)
            colour.setdefault(outlet, {})[name] = hex_
    # one colour per outlet, everywhere; different outlets, different colours
    assert {o: sorted(set(c.values())) for o, c in colour.items()} == \
        {o: [seen["labels_by_outlet"][o][0]] for o in colour}
    assert len({seen["labels_by_outlet"][o][0] for o in OUTLETS}) == len(OUTLETS)
    # and a marker with it wherever the figure draws points
    for name in ("labels_by_outlet", "label_timeline"):
        markers = {o: m for o, (_, m) in seen[name].items()}
        assert all(m not in (None, "", "None", " ") for m in markers.values()), (name, markers)
        assert markers == {o: seen["labels_by_outlet"][o][1] for o in markers}


def square(values: np.ndarray, names) -> pd.DataFrame:
    return pd.DataFrame(values, index=list(names), columns=list(names))


def test_similarity_scale_is_fitted_to_the_observed_range_and_printed():
    rng = np.random.default_rng(3)
    names = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]
    values = rng.uniform(0.011, 0.029, size=(5, 5))
    values = (values + values.T) / 2
    np.fill_diagonal(values, rng.uniform(0.02, 0.03, size=5))  # within-outlet means (informative)
    values[0, 1] = values[1, 0] = 0.01
    values[2, 3] = values[3, 2] = 0.03
    fig = figures.similarity_matrix(square(values, names), unit="outlet")
    # the heatmap: the mapped collection with one value per cell (the colourbar has its own)
    (mesh,) = [c for ax in fig.axes for c in ax.collections
               if hasattr(c, "get_clim") and c.get_array() is not None and np.size(c.get_array()) == values.size]
    low, high = mesh.get_clim()
    assert low <= 0.01 + 1e-9 and high >= 0.03 - 1e-9
    assert (high - low) <= 2 * (0.03 - 0.01), (low, high)  # the colours spread over what is there
    text = " ".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")))
    found = [float(x) for x in re.findall(r"\d\.\d+", text)]
    assert any(abs(x - low) < 1e-3 for x in found) and any(abs(x - high) < 1e-3 for x in found), text[:500]
    assert re.search(r"scale|range", text, flags=re.I), text[:500]
