"""Test-run configuration shared by every test file."""

from __future__ import annotations

# The longest test files, longest first (measured with ``pytest --durations=0``
# on this repository; benchmarks/README.md "The test suite"). ``make test``
# runs ``pytest -n 2 --dist loadfile --no-loadscope-reorder``: the workers
# take whole files in collection order, so starting the long files first keeps
# one worker from running a long file alone at the end while the other idles
# (xdist's default order, most tests per file first, put them last; pytest
# collects the notebooks after tests/, so nbval's would come last too). Order
# only: every test still runs, and results do not depend on it.
LONGEST_FIRST = (
    "test_figures.py",
    "test_report.py",
    "test_index.py",
    "test_planted_republications.py",
    "test_speakers.py",
    "04_distinctive_terms.ipynb",
    "02_labels.ipynb",
    "test_packaging.py",
    "test_cli.py",
    "03_actors.ipynb",
    "test_tokens_properties.py",
)


def pytest_collection_modifyitems(items):
    rank = {name: k for k, name in enumerate(LONGEST_FIRST)}
    # a stable sort: the other files, and the tests inside each file (the
    # cells of a notebook), keep their order
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
