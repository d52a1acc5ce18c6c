"""`make test` runs in parallel (pytest-xdist) and nbval stays strict (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_test_recipe() -> str:
    """The pytest line of the ``test:`` recipe (after the import-linter contracts)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (recipe,) = re.findall(r"^test: .*\n((?:\t.*\n)+)", makefile, flags=re.M)
    lines = [line.strip() for line in recipe.splitlines()]
    assert lines[0] == "$(BIN)/lint-imports"  # the layer contracts first: fast, and fail clearly
    (pytest_line,) = [line for line in lines if "-m pytest" in line]
    return pytest_line


def test_make_test_is_parallel_by_file_and_strict():
    recipe = make_test_recipe()
    assert "-n $(TEST_JOBS) --dist loadfile" in recipe
    assert "--nbval " in recipe and "--nbval-lax" not in recipe


def test_bench_marked_checks_leave_make_test_for_make_bench():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '-m "not bench"' in make_test_recipe()
    (slow,) = re.findall(r"^test-slow: .*\n\t(.*)\n", makefile, flags=re.M)
    assert "-m bench tests" in slow
    assert re.search(r"^bench: .*\btest-slow\b", makefile, flags=re.M)
