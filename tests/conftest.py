"""Test-run configuration and the fixtures shared by every test folder.

The folders mirror the package (``tests/io/`` tests ``bingkai.io``, ...). Shared inputs:

- ``seed_corpus``: the five cleaned seed articles (``corpus/``, built by ``make corpus``);
- ``synthetic_path`` / ``synthetic_corpus`` / ``synthetic_index``: one generated
  multi-outlet corpus (benchmarks/synth.py, ~40k words, five outlets, boilerplate,
  quotes, labels, dates) as a JSONL file, as ``read_articles`` reads it, and indexed;
- ``tiny_scrape`` / ``TINY_SCRAPE_COLUMNS``: a researcher's small scraped CSV
  (tests/data/example_corpus.csv, its own column names);
- ``unexecuted``: ``bingkai report``/``write_report`` with the notebooks copied, not
  executed (a stand-in kernel), returning the parameters each notebook was given.

Frames are shared by every test of a worker: a test that changes one works on a copy.
"""

from __future__ import annotations

import json

import shutil
import sys
from pathlib import Path

import pytest

import bingkai

ROOT = Path(__file__).resolve().parents[1]
TINY_SCRAPE = ROOT / "tests" / "data" / "example_corpus.csv"
# the tiny scrape's columns for bingkai's fields (read_articles/write_report columns=)
TINY_SCRAPE_COLUMNS = {"text": "isi", "outlet": "media", "title": "judul", "published": "tanggal"}

# The longest test files, longest first (test time per file, summed from
# ``pytest --durations=0`` of a whole make test run on the shared 2-core
# machine, load ~3; README "Two commands"). ``make test`` runs ``pytest -n 2 --dist
# loadfile --no-loadscope-reorder``: the workers take whole files in collection
# order, so starting the long files first keeps one worker from running a long
# file alone at the end while the other idles (xdist's default order, most
# tests per file first, put them last; pytest collects the notebooks after
# tests/, so nbval's would come last too). Order only: every test still runs,
# and results do not depend on it.
LONGEST_FIRST = (
    "test_index.py",              # ~25 s: the synthetic index, n_jobs and Dask builds
    "test_lab_browser.py",        # ~27 s: JupyterLab + Chromium running notebook 02 (skipped without chromium)
    "test_report.py",             # ~19 s: one bingkai report, four notebooks executed, shared by two tests
    "test_figures.py",            # ~19 s
    "test_speakers.py",           # ~10 s
    "test_report_missing.py",     # ~9 s: one bingkai report on one outlet
    "test_cli.py",                # ~7 s
    "02_labels.ipynb",            # ~7 s each notebook (a kernel of its own)
    "04_distinctive_terms.ipynb",
    "test_similarity.py",
    "03_actors.ipynb",
    "test_stem.py",
    "test_tokens_properties.py",
    "test_packaging.py",          # ~6 s: a wheel built and installed in a fresh venv
    "test_framing.py",
    "test_keyness.py",
    "01_corpus.ipynb",
    "test_dispersion.py",
    "test_depth_figures.py",
    "test_api.py",
)


def pytest_collection_modifyitems(items):
    rank = {name: k for k, name in enumerate(LONGEST_FIRST)}
    # a stable sort: the other files, and the tests inside each file (the
    # cells of a notebook), keep their order
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session")
def seed_corpus():
    """The seed corpus frame (``bingkai.load_corpus("corpus")``)."""
    if not (ROOT / "corpus" / "articles.jsonl").exists():
        pytest.skip("corpus/articles.jsonl not built yet (run `bingkai corpus build`)")
    return bingkai.load_corpus(ROOT / "corpus")


@pytest.fixture(scope="session")
def synthetic_path(tmp_path_factory) -> Path:
    """A generated multi-outlet corpus as a JSONL file (text bingkai was not written from)."""
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks import synth
    finally:
        sys.path.remove(str(ROOT))
    return synth.write_corpus(tmp_path_factory.mktemp("synth") / "c.jsonl", 40_000, seed=3)


@pytest.fixture(scope="session")
def synthetic_corpus(synthetic_path):
    """``synthetic_path`` read as a researcher would (title and date columns named)."""
    return bingkai.read_articles(synthetic_path, title="title", published="published", progress=False)


@pytest.fixture(scope="session")
def synthetic_index(synthetic_corpus):
    """``synthetic_corpus`` indexed (a ``bingkai.Corpus``; immutable, so shared as is)."""
    return bingkai.index(synthetic_corpus, progress=False)


@pytest.fixture(scope="session")
def tiny_scrape() -> Path:
    """A researcher's small scraped CSV (columns: ``TINY_SCRAPE_COLUMNS``)."""
    return TINY_SCRAPE


@pytest.fixture
def unexecuted(report_runs):
    """The parameters each notebook was given (``report_runs``, parameters only)."""
    return report_runs[0]


@pytest.fixture
def report_runs(monkeypatch):
    """Notebooks are copied unexecuted and the kernel is a stand-in: only the
    report's own preparation (reading the corpus, periods) runs. Returns two live
    lists: the parameters each notebook was given, and (notebook as given, parameters). For tests of what ``write_report`` and
    ``bingkai report`` do before and around the notebooks (reading files, periods,
    OUT): executing them costs seconds per notebook (a kernel start, every cell)."""
    import papermill
    from jupyter_client.manager import KernelManager

    given: list[dict] = []
    runs: list[tuple[dict, dict]] = []

    def execute(source, target, *, parameters=None, **kwargs):
        given.append(dict(parameters or {}))
        runs.append((json.loads(Path(source).read_text(encoding="utf-8")), dict(parameters or {})))
        shutil.copyfile(source, target)

    class Client:
        def start_channels(self):
            pass

        def stop_channels(self):
            pass

        def wait_for_ready(self, timeout=None):
            pass

        def execute_interactive(self, *args, **kwargs):
            return {"content": {"status": "ok"}}

    monkeypatch.setattr(papermill, "execute_notebook", execute)
    monkeypatch.setattr(KernelManager, "start_kernel", lambda self, **kwargs: None)
    monkeypatch.setattr(KernelManager, "shutdown_kernel", lambda self, **kwargs: None)
    monkeypatch.setattr(KernelManager, "client", lambda self, **kwargs: Client())
    return given, runs
