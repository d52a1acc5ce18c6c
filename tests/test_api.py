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


# The data a function works on may be passed by position; every option is keyword-only
# (issue 20), so a call reads the same wherever an option appears (docs/parameters.md).
DATA_ARGUMENTS = frozenset({"corpus", "articles", "node", "target", "query", "cql", "lines", "occurrences",
                            "label", "sheets", "seeds", "word", "text", "path", "values", "corpus_path",
                            "out"})


def test_every_option_is_keyword_only():
    import inspect

    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    loose = {}
    for name in bingkai._API:
        obj = getattr(bingkai, name)
        if inspect.isclass(obj):
            continue
        extra = [p.name for p in inspect.signature(obj).parameters.values()
                 if p.kind in positional and p.name not in DATA_ARGUMENTS]
        if extra:
            loose[name] = extra
    assert loose == {}


def test_one_name_per_concept_in_the_public_api():
    # the names issue 20 retired: a result size is top=, kwic's mode is match=, a statistic on
    # counts lives in bingkai.stats only, the seed build is build_seed_corpus
    import inspect

    retired = {"keyness_scores", "multi_keyness", "keyness_all", "keyness_multi", "collocation_scores",
               "dispersion_scores", "log_odds_scores", "build_corpus", "kwic_html", "corpus_html", "label_kwic"}
    assert not retired & set(bingkai._API)
    options = {p.name for name in bingkai._API if not inspect.isclass(getattr(bingkai, name))
               for p in inspect.signature(getattr(bingkai, name)).parameters.values()}
    assert not {"k", "docs"} & options
    # one name per concept (issue 20 stage 2): parts= not part=, a lexicon only via lexicon=, the
    # attribution window is the lexicon's, not a framing view's option
    assert not {"part", "labels", "actors"} & options
    for name in ("label_occurrences", "label_rates", "actor_labels", "label_timeline", "sample_for_coding"):
        assert "window" not in inspect.signature(getattr(bingkai, name)).parameters
    assert "window" in inspect.signature(bingkai.Lexicon).parameters
    assert "match" in inspect.signature(bingkai.kwic).parameters
    assert "by" not in inspect.signature(bingkai.kwic).parameters


def _parts_defaults() -> dict[str, object]:
    """``module.function`` (or ``module.Class.method``) -> its ``parts=`` default, for every
    public function and method in the package that has one."""
    import importlib
    import inspect

    found = {}
    for info in pkgutil.walk_packages(bingkai.__path__, "bingkai."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            members = [(name, obj)]
            if inspect.isclass(obj):
                members = [(f"{name}.{m}", f) for m, f in vars(obj).items()
                           if not m.startswith("_") and inspect.isfunction(f)]
            for qual, f in members:
                if not callable(f) or inspect.isclass(f):
                    continue
                try:
                    parameter = inspect.signature(f).parameters.get("parts")
                except (TypeError, ValueError):
                    continue
                if parameter is not None and parameter.default is not inspect.Parameter.empty:
                    found[f"{module.__name__}.{qual}"] = parameter.default
    return found


def test_one_default_for_parts():
    # issue 20 item 4: parts= everywhere with one default, the constant itself (not a copy
    # written out), so that views asked the same question count the same tokens
    from bingkai.constants import DEFAULT_PARTS

    defaults = _parts_defaults()
    # the views the issue names are all found (the walk cannot silently find nothing)
    for name in ("bingkai.views.kwic.kwic", "bingkai.views.tokens.tokens", "bingkai.views.collocates.collocates",
                 "bingkai.views.framing.label_rates", "bingkai.views.keyness.keyness",
                 "bingkai.indexing.corpus.Corpus.tokens", "bingkai.text.tokens.frame_tokens"):
        assert name in defaults, name
    assert {name: d for name, d in defaults.items() if d is not DEFAULT_PARTS} == {}
