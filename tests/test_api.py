"""The public API: a small flat namespace whose names always mean the same object."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import types

import bingkai


def test_no_submodule_shadows_a_public_name():
    # Importing a submodule binds it as an attribute of the package; one named
    # like a public function would replace that function (bingkai.stem -> module).
    submodules = {m.name for m in pkgutil.iter_modules(bingkai.__path__)}
    assert not submodules & set(bingkai._API)


def test_public_names_resolve_after_every_submodule_is_imported():
    # Fresh interpreter: import every submodule first, then every public name
    # must still be the function/class, not a module.
    code = (
        "import importlib, pkgutil, types, bingkai\n"
        "for m in pkgutil.iter_modules(bingkai.__path__):\n"
        "    importlib.import_module('bingkai.' + m.name)\n"
        "bad = [n for n in bingkai._API if isinstance(getattr(bingkai, n), types.ModuleType)"
        " or not callable(getattr(bingkai, n))]\n"
        "print(bad)\n"
        "print(bingkai.stem('pasukannya'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "pasukan"]


def test_every_public_name_is_documented():
    for name in bingkai._API:
        obj = getattr(bingkai, name)
        assert not isinstance(obj, types.ModuleType), name
        assert (obj.__doc__ or "").strip(), f"bingkai.{name} has no docstring"


def test_dir_lists_the_public_api():
    assert set(bingkai.__all__) <= set(dir(bingkai))
