"""requirements.lock is a lock (issue 25): make setup installs it with
`pip install --no-deps`, so every distribution of bingkai's dependency closure --
direct, transitive and of every extra -- must be pinned there, and the pins must
satisfy one another (nothing for pip to resolve, nothing for `pip check` to find)."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
# Pinned for make setup, not imported by bingkai: the build backend (bingkai is installed
# editable without build isolation, so setuptools comes from the lock) and the installer.
BUILD_ONLY = {"setuptools", "wheel", "uv"}


def read_lock(text: str) -> dict[str, Version]:
    """Pins of a lock file as {canonical name: version}; every line must be `name==version`."""
    pins: dict[str, Version] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        assert match, f"requirements.lock line {number} is not an exact pin: {raw!r}"
        name = canonicalize_name(match[1])
        assert name not in pins, f"requirements.lock line {number}: {name} pinned twice"
        pins[name] = Version(match[2])
    return pins


def project_requirements() -> list[Requirement]:
    """bingkai's own requirements with every extra requested (the lock is for bingkai[dev,dask])."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(r) for r in project["dependencies"]]
    for group in sorted(project.get("optional-dependencies", {})):
        requirements += [Requirement(r) for r in project["optional-dependencies"][group]]
    return requirements


def applies(requirement: Requirement, extras: set[str]) -> bool:
    """Whether a requirement holds on this interpreter for a distribution installed with `extras`."""
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in sorted(extras | {""}))


def lock_problems(pins: dict[str, Version]) -> list[str]:
    """Everything that keeps `pins` from being a complete, consistent lock of bingkai's closure.

    The closure is walked through the installed distributions' metadata (the environment
    make setup built), so each pinned version must also be the installed one.
    """
    problems: list[str] = []
    wanted: dict[str, set[str]] = {}  # canonical name -> extras requested of it
    queue = [(req, "pyproject.toml") for req in project_requirements()]
    while queue:
        requirement, wanted_by = queue.pop()
        if not applies(requirement, wanted.get(canonicalize_name(wanted_by), set())):
            continue
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{name} (required by {wanted_by}: {requirement}) is not pinned")
            continue
        if pins[name] not in requirement.specifier:
            problems.append(f"{name}=={pins[name]} conflicts with {wanted_by}'s {requirement}")
        new_extras = set(requirement.extras) - wanted.get(name, set())
        if name in wanted and not new_extras:
            continue
        wanted.setdefault(name, set()).update(new_extras)
        try:
            installed = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{name} is pinned but not installed in this environment (run make setup)")
            continue
        if Version(installed.version) != pins[name]:
            problems.append(f"{name} {installed.version} installed, {pins[name]} pinned (run make setup)")
        queue += [(Requirement(r), name) for r in installed.requires or []]
    unused = sorted(set(pins) - set(wanted) - BUILD_ONLY)
    problems += [f"{name} is pinned but nothing in bingkai[dev,dask] requires it" for name in unused]
    return problems


def test_the_lock_pins_the_whole_dependency_closure_consistently():
    pins = read_lock(LOCK.read_text(encoding="utf-8"))
    assert len(pins) > 100  # the closure of pandas, scikit-learn, JupyterLab, Dask...
    assert lock_problems(pins) == []


def test_a_dependency_missing_from_the_lock_is_found():
    # the check itself can fail: drop one transitive pin (jupyterlab needs it, nobody names it
    # in pyproject) and change another to a version its dependants exclude
    pins = read_lock(LOCK.read_text(encoding="utf-8"))
    assert "json5" in pins and "jupyter-server" in pins
    del pins["json5"]
    pins["jupyter-server"] = Version("1.0")
    problems = "\n".join(lock_problems(pins))
    assert "json5 (required by jupyterlab-server" in problems
    assert "jupyter-server==1.0 conflicts with" in problems


def make_dry_run(target: str) -> str:
    """The commands `make TARGET` would run (all of them: -B), none executed."""
    done = subprocess.run(["make", "-B", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def test_make_setup_installs_the_lock_without_resolving_and_checks_it():
    commands = make_dry_run("setup")
    assert "uv pip sync --quiet --python .venv/bin/python requirements.lock" in commands
    assert "pip install --disable-pip-version-check --no-deps -r requirements.lock" in commands  # fallback
    assert "pip check" in commands
    # and says how to reach the `bingkai` command it installed
    assert "source .venv/bin/activate" in commands
