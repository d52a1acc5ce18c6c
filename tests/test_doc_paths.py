"""Issue 25: every file path the README or a notebook mentions exists, and the README's
project layout lists each folder once.

A path is anything starting with one of the repository's own folders (``src/``,
``notebooks/``, ``corpus/``, ...; ``bingkai/...`` is the package under ``src/``; in a
notebook ``../x`` is relative to ``notebooks/``), a root file of the repository by name, or a
Python module name (``name.py``, looked up anywhere in the repository). ``{a,b}`` and
``<pack>`` in a path stand for each of a list and for any name; the pattern must match.
Paths of the user's own files in examples (``my_articles.csv``, ``report/``) are not the
repository's and are not checked.
"""

from __future__ import annotations

import json
import re
from itertools import product
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("src", "tests", "notebooks", "figures", "corpus", "seeds", "benchmarks", "docs", "bingkai")
ROOT_FILES = ("Makefile", "README.md", "CHANGELOG.md", "LICENSE", "CITATION.cff", "pyproject.toml",
              "requirements.lock", ".ci/run", ".gitignore")
_FOLDER = "(?:%s)" % "|".join(FOLDERS)
PATH = re.compile(rf"(?<![\w./<>{{}}-])(\.\./{_FOLDER}(?:/[\w./<>{{}},*-]*)?(?![\w-])|{_FOLDER}/[\w./<>{{}},*-]*)")
MODULE = re.compile(r"(?<![\w./-])([a-z_][a-z0-9_]*\.py)\b")
ROOT_FILE = re.compile(r"(?<![\w./-])(%s)(?![\w/-])" % "|".join(re.escape(f) for f in ROOT_FILES))


def documents() -> list[tuple[str, str, Path]]:
    """(name, text, folder relative paths start from) for the README and each notebook cell."""
    docs = [("README.md", (ROOT / "README.md").read_text(encoding="utf-8"), ROOT)]
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for k, cell in enumerate(cells):
            docs.append((f"{notebook.name} cell {k}", "".join(cell["source"]), notebook.parent))
    return docs


def expand(pattern: str) -> list[str]:
    """``a/{b,c}/<pack>/d`` -> ``a/b/*/d``, ``a/c/*/d``."""
    pattern = re.sub(r"<[^<>/]+>", "*", pattern.rstrip(".,"))
    pieces = re.split(r"\{([^{}]*)\}", pattern)
    choices = [[p] if k % 2 == 0 else p.split(",") for k, p in enumerate(pieces)]
    return ["".join(c) for c in product(*choices)]


def resolve(path: str, folder: Path) -> Path:
    if path.startswith("../"):
        return folder / path
    if path.startswith("bingkai/"):
        return ROOT / "src" / path
    return ROOT / path


def exists(pattern: str, folder: Path) -> bool:
    for path in expand(pattern):
        target = resolve(path, folder)
        if "*" in path:
            base = target.parent if target.name else target
            if not list(Path(base.anchor).glob(str(target.relative_to(target.anchor)))):
                return False
        elif not target.exists():
            return False
    return True


def mentioned() -> list[tuple[str, str, Path]]:
    found = []
    for name, text, folder in documents():
        for pattern in (PATH, ROOT_FILE):
            found += [(name, m.group(1), folder) for m in pattern.finditer(text)]
        modules = {m.group(1) for m in MODULE.finditer(text)}
        found += [(name, module, None) for module in sorted(modules)]
    return found


def module_exists(name: str) -> bool:
    return any(p for p in ROOT.rglob(name) if ".venv" not in p.parts)


def test_the_check_finds_paths_and_misses():
    # the finder sees the paths this very docstring style uses, and a wrong one is reported
    assert [m.group(1) for m in PATH.finditer("see `src/bingkai/data/x.csv` and ../corpus, not my/file.csv")] \
        == ["src/bingkai/data/x.csv", "../corpus"]
    assert exists("notebooks/02_labels.ipynb", ROOT) and not exists("notebooks/99_none.ipynb", ROOT)
    assert exists("../corpus", ROOT / "notebooks") and not exists("src/bingkai/data/lexicons/<pack>/none.csv", ROOT)
    assert len(mentioned()) > 30


def test_every_path_mentioned_exists():
    missing = []
    for name, path, folder in mentioned():
        ok = module_exists(path) if folder is None else exists(path, folder)
        if not ok:
            missing.append(f"{name}: {path}")
    assert missing == []


def layout_block() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Project layout", 1)[1]
    return section.split("```", 2)[1].strip("\n").splitlines()


def test_the_readme_layout_lists_each_folder_once():
    entries = []
    parents: list[tuple[int, str]] = []
    for line in layout_block():
        match = re.match(r"( *)(\S+/)\s", line + " ")
        if not match:
            continue
        indent, folder = len(match[1]), match[2]
        parents = [(i, p) for i, p in parents if i < indent]
        entries.append("".join(p for _, p in parents) + folder)
        parents.append((indent, folder))
    assert len(entries) > 5
    assert sorted(e for e in set(entries) if entries.count(e) > 1) == []
