"""The package's layout rules, checked on the source (issue 20).

``lint-imports`` (import-linter, run by ``make test``; contracts in pyproject.toml)
holds the layers: dependencies point one way, io/clean/text -> lexicon -> indexing ->
stats/views -> report/cli, with no cycle. These tests add what import-linter does not
express: no module imports another subpackage's private (``_underscore``) name, no
import inside a function except of the optional heavy dependencies below, and a
planted bad import is caught by both checks (so the checks can fail).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
# Imported inside functions on purpose: slow to import and needed on a few paths only
# (optional extras, Jupyter machinery, the stemmer's dictionary, file formats), so
# ``import bingkai`` and the CLI's start stay fast; fcntl exists on POSIX only.
LAZY_ALLOWED = frozenset({
    "scipy", "sklearn", "pyarrow", "Sastrawi", "dateparser", "ftfy", "charset_normalizer",
    "openpyxl", "krippendorff", "IPython", "papermill", "jupyter_client", "nbformat", "dask",
    "distributed", "tqdm", "matplotlib", "fcntl", "itables",
})


def _subpackage(module: str) -> str:
    """``bingkai.views.kwic`` -> ``views``; a bottom module (``bingkai.errors``) is its own."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def violations(root: Path = SRC) -> list[str]:
    """Every cross-subpackage private import and every disallowed function-level
    import under ``root`` (a ``src`` folder holding ``bingkai/``), as messages."""
    found = []
    for path in sorted((root / "bingkai").rglob("*.py")):
        module = _module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        inner = {id(i) for f in functions for i in ast.walk(f) if isinstance(i, (ast.Import, ast.ImportFrom))}
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            where = f"{path.relative_to(root)}:{node.lineno}"
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    found.append(f"{where}: relative import (use bingkai.<subpackage>.<module>)")
                    continue
                targets = [(node.module or "", a.name) for a in node.names]
            else:
                targets = [(a.name, "") for a in node.names]
            for target, name in targets:
                top = target.split(".")[0]
                if id(node) in inner and top not in LAZY_ALLOWED and not (
                        module == "bingkai" and target == "bingkai"):
                    found.append(f"{where}: import of {target} inside a function")
                if top != "bingkai":
                    continue
                # the subpackage (or bottom module) the imported name lives in
                full = f"{target}.{name}" if name else target
                if target == "bingkai" and name:
                    other = _subpackage(full)
                else:
                    other = _subpackage(target)
                if other == _subpackage(module) and module.count(".") and target.count("."):
                    continue  # inside one subpackage: its private names are its own business
                inside = full.split(".")[1:]
                if any(p.startswith("_") and not p.startswith("__") for p in inside):
                    found.append(f"{where}: {module} imports private {full} of another subpackage")
    return found


def test_no_private_name_crosses_a_subpackage_and_no_lazy_imports():
    assert violations() == []


@pytest.mark.parametrize("planted, expected", [
    ("from bingkai.indexing.corpus import _filter_mask\n", "imports private"),
    ("def f():\n    from bingkai.errors import BingkaiInputError\n    return BingkaiInputError\n",
     "inside a function"),
])
def test_a_planted_violation_is_reported(tmp_path, planted, expected):
    # only the module the import is planted in: violations() checks each file by itself,
    # so parsing the other ~80 modules again (twice, ~4 s) would add nothing
    copy = tmp_path / "src"
    target = copy / "bingkai" / "views" / "kwic.py"
    target.parent.mkdir(parents=True)
    original = (SRC / "bingkai" / "views" / "kwic.py").read_text(encoding="utf-8")
    target.write_text(original, encoding="utf-8")
    assert violations(copy) == []   # the copy alone is clean: the planted line is what is found
    target.write_text(original + "\n" + planted, encoding="utf-8")
    assert any(expected in v for v in violations(copy))


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    config = Path(__file__).resolve().parents[1] / "pyproject.toml"
    exe = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(exe), "--config", str(config), "--no-cache"], cwd=root,
                          capture_output=True, text=True, env={"PYTHONPATH": str(root), "PATH": ""})


def test_import_linter_contracts_hold_and_catch_a_cycle(tmp_path):
    assert Path(sys.executable).with_name("lint-imports").exists(), "install import-linter (make setup)"
    kept = _lint_imports(SRC)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    copy = tmp_path / "src"
    shutil.copytree(SRC / "bingkai", copy / "bingkai", ignore=shutil.ignore_patterns("data", "__pycache__"))
    # a back-edge: the text layer importing a view closes a cycle through the layers
    target = copy / "bingkai" / "text" / "tokens.py"
    target.write_text(target.read_text(encoding="utf-8") + "\nfrom bingkai.views import kwic  # noqa\n",
                      encoding="utf-8")
    broken = _lint_imports(copy)
    assert broken.returncode != 0
    assert "bingkai.text.tokens" in broken.stdout and "bingkai.views.kwic" in broken.stdout


def test_import_bingkai_loads_no_pandas():
    code = "import sys, bingkai; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_cli_starts_without_the_report_machinery():
    # `bingkai --help`, kwic, rates: matplotlib and SciPy (the figures) and the notebook
    # runner (papermill, nbclient, nbconvert) load only when `bingkai report` runs --
    # together ~1.8 s of CPU at every start of the command
    heavy = ("matplotlib", "scipy", "papermill", "nbclient", "nbconvert", "itables")
    code = f"import sys, bingkai.cli; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
