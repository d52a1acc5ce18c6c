"""Packaging a researcher can cite and reuse (issue 15): one version number,
a LICENSE matching pyproject, CITATION.cff, and a wheel that carries its data
files and works outside the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path, PurePosixPath

import pytest

import bingkai

ROOT = Path(__file__).resolve().parents[1]


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_one_version_number():
    project = pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert pyproject()["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "bingkai.__version__"}
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    (cited,) = re.findall(r'^version:\s*"?([^"\n]+)"?\s*$', citation, flags=re.M)
    assert cited == bingkai.__version__


def test_license_file_matches_pyproject():
    assert pyproject()["project"]["license"] == {"text": "MIT"}
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text
    assert re.search(r"^license:\s*MIT\s*$", (ROOT / "CITATION.cff").read_text(encoding="utf-8"), flags=re.M)


def test_every_data_file_is_declared_as_package_data():
    globs = pyproject()["tool"]["setuptools"]["package-data"]["bingkai"]
    package = ROOT / "src" / "bingkai"
    files = [p for p in (package / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert len(files) > 5
    for path in files:
        # a relative pattern matches the same number of trailing components,
        # so data/*.csv does not claim data/lexicons/syria/labels.csv
        relative = PurePosixPath(path.relative_to(package).as_posix())
        assert any(relative.match(pattern) for pattern in globs), relative


# A user's articles, written for this test.
ARTICLES = """text,outlet
"Pasukan pemerintah menyerang kota itu. Para teroris mundur ke utara.",Kabar Kita
"Kelompok pemberontak menguasai jalan utama, kata warga.",Warta Kota
"""

ANALYSIS = """
import bingkai, importlib.metadata, sys
corpus = bingkai.read_articles("articles.csv", report=False, progress=False)
rates = bingkai.label_rates(corpus, include_short=True, progress=False)  # two short articles
found = rates[(rates["voice"] == "all") & (rates["count"] > 0)]
print(bingkai.__file__)
print(importlib.metadata.version("bingkai"), bingkai.__version__)
print(sorted(found["label"]))
print(bingkai.stem("pasukannya"))   # protected.csv (package data): "pasukan", not Sastrawi's "pasu"
"""


@pytest.mark.slow
def test_built_wheel_works_outside_the_repository(tmp_path):
    # build from a copy: building in place would write build/ and *.egg-info into the checkout
    source = tmp_path / "source"
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    # uv (pinned in requirements.lock, so in .venv) builds with the same setuptools backend
    # and installs the same files as pip, in 1 s instead of 4 s; pip where uv is not installed
    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    if uv:
        subprocess.run([uv, "build", "--quiet", "--no-cache", "--offline", "--wheel", "--no-build-isolation",
                        "--python", sys.executable, "-o", str(wheels), str(source)], check=True, timeout=300)
    else:
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                        "--no-index", "-w", str(wheels), str(source)], check=True, timeout=300)
    (wheel,) = wheels.glob("bingkai-*.whl")
    assert wheel.name.startswith(f"bingkai-{bingkai.__version__}-")

    # a fresh venv; the dependencies come from this environment's site-packages
    # through a .pth line (which adds the path but not that directory's own .pth
    # files, so this checkout's editable install stays out)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    if uv:
        subprocess.run([uv, "pip", "install", "--quiet", "--no-cache", "--offline", "--no-deps",
                        "--python", str(python), str(wheel)], check=True, timeout=300)
    else:
        subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                        "--no-index", str(wheel)], check=True, timeout=300)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "articles.csv").write_text(ARTICLES, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BINGKAI_CACHE_DIR")}
    env["BINGKAI_PROGRESS"] = "0"
    out = subprocess.run([str(python), "-c", ANALYSIS], cwd=elsewhere, env=env, check=True,
                         capture_output=True, text=True, timeout=300).stdout.splitlines()
    assert Path(out[0]).is_relative_to(Path(site))          # the installed copy, not this checkout
    assert out[1] == f"{bingkai.__version__} {bingkai.__version__}"
    # the installed data (lexicon pack, stoplists) gives what this checkout's gives
    corpus = bingkai.read_articles(elsewhere / "articles.csv", report=False, progress=False)
    rates = bingkai.label_rates(corpus, include_short=True, progress=False)
    expected = sorted(rates.loc[(rates["voice"] == "all") & (rates["count"] > 0), "label"])
    assert "teroris" in expected and out[2] == str(expected)
    assert out[3] == "pasukan"
    # the console script of the wheel (the CLI itself is tested in test_cli.py)
    script = venv / ("Scripts/bingkai.exe" if os.name == "nt" else "bin/bingkai")
    version = subprocess.run([str(script), "--version"], cwd=elsewhere, env=env, capture_output=True,
                             text=True, timeout=300)
    assert version.returncode == 0 and version.stdout.strip() == f"bingkai {bingkai.__version__}"
