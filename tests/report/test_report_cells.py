"""Issue 25: a report on a corpus other than the seed corpus leaves out the seed-only cells
(the paper's claims, tagged ``seed-only``: on another corpus they would show and do nothing),
and shows static tables (the highlighted KWIC) unless asked for interactive ones; the
committed notebooks, run on the seed corpus, keep them.

Notebooks are copied unexecuted and the kernel is a stand-in: what is checked is the
notebook each report run is given and the parameters it is given.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bingkai

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "tests" / "data" / "example_corpus.csv"
EXAMPLE_COLUMNS = {"text": "isi", "outlet": "media", "title": "judul", "published": "tanggal"}
SEED_ONLY = "seed-only"


@pytest.fixture
def unexecuted(report_runs):
    """(notebook given, parameters) per run (conftest's stand-in kernel)."""
    return report_runs[1]


def seed_only_cells(notebook: dict) -> list[str]:
    return ["".join(c["source"])[:40] for c in notebook["cells"]
            if SEED_ONLY in c.get("metadata", {}).get("tags", [])]


def test_every_notebook_tags_its_seed_claims():
    for path in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        tagged = seed_only_cells(notebook)
        assert tagged, path.name
        # every cell that uses seed_run is tagged, and the heading above it
        uses = ["".join(c["source"])[:40] for c in notebook["cells"] if "if seed_run" in "".join(c["source"])]
        assert uses and set(uses) <= set(tagged), path.name


def test_a_report_on_another_corpus_has_no_seed_only_cells_and_static_tables(tmp_path, unexecuted):
    bingkai.write_report(EXAMPLE, tmp_path / "out", columns=EXAMPLE_COLUMNS, formats=["png"])
    assert len(unexecuted) == 4
    for notebook, parameters in unexecuted:
        assert seed_only_cells(notebook) == []
        assert not any("if seed_run" in "".join(c["source"]) for c in notebook["cells"])
        assert parameters.get("interactive_tables", False) is False
    assert sum("interactive_tables" in p for _, p in unexecuted) == 4   # every notebook takes it
    written = sorted((tmp_path / "out").glob("*.ipynb"))
    assert len(written) == 4 and all(seed_only_cells(json.loads(p.read_text())) == [] for p in written)


def test_interactive_tables_on_request_and_seed_claims_kept_on_the_seed_corpus(tmp_path, unexecuted):
    bingkai.write_report(REPO / "corpus", tmp_path / "out", formats=["png"], interactive_tables=True)
    assert all(seed_only_cells(notebook) for notebook, _ in unexecuted)
    assert [p["interactive_tables"] for _, p in unexecuted if "interactive_tables" in p] == [True] * 4
