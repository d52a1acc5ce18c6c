"""``named_rows`` tests a term table's terms against the outlet names in whole columns (issue 24:
the per-term Python test was ~15-30 ms of keyness' and tfidf's first call), with the same answer
as ``is_outlet_name`` (case folding, the compact form of a dotted term) for every term,
including the non-ASCII ones that fold to ASCII (``ſ``, the Kelvin sign, ``ß``) and missing
values."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from bingkai.clean import outlet_names
from bingkai.clean.outlet_names import is_outlet_name, named_rows

NAMES = frozenset({"kompas", "kompas.com", "kompascom", "cnn indonesia", "cnnindonesia", "id", "suara",
                   "ss", "kelvin", "detik.com", "detikcom", "strasse"})
WRITTEN = ["Kompas", "KOMPAS.COM", "kompas.com", "kompas_com", "Kompas-Com", "kompas.co", "ſuara", "ſ",
           "\u212aelvin", "KELVIN", "ß", "ẞ", "straße", "STRASSE", "CNN Indonesia", "cnn  indonesia",
           "d.e.t.i.k.c.o.m", "detik.com.", ".id", "i.d", "id", "İd", "ﬀ", "", ".", "warga", "kompasiana",
           "ＫＯＭＰＡＳ", "kompas\u0301", "suara.", "Suara!"]


def expected(values) -> np.ndarray:
    return np.array([is_outlet_name(v, NAMES) for v in values], dtype=bool)


def test_written_terms_as_is_outlet_name():
    for dtype in ("str", "string", object):
        values = pd.Series(WRITTEN * 2, dtype=dtype)
        got = named_rows(values, NAMES)
        assert got.dtype == bool
        np.testing.assert_array_equal(got, expected(WRITTEN * 2), err_msg=str(dtype))


def test_missing_values_as_is_outlet_name():
    values = pd.Series(["kompas", None, "None", "nan", np.nan, "warga"], dtype=object)
    np.testing.assert_array_equal(named_rows(values, NAMES), expected(values.tolist()))
    values = pd.Series(["kompas", None, "warga"], dtype="str")
    np.testing.assert_array_equal(named_rows(values, NAMES), expected(values.tolist()))


def test_not_a_python_loop_per_ascii_term(monkeypatch):
    """Guard: ASCII terms are tested in whole columns; only non-ASCII ones one by one."""
    calls = []
    real = outlet_names.is_outlet_name
    monkeypatch.setattr(outlet_names, "is_outlet_name", lambda t, n: calls.append(t) or real(t, n))
    values = pd.Series([f"kata{k}" for k in range(1000)] + ["Kompas.com", "ſuara"], dtype="str")
    got = named_rows(values, NAMES)
    assert got.sum() == 2
    assert calls == ["ſuara"]


ALPHABET = st.sampled_from(list("kompasKOMPAS.c-_ dtiuIDnſ\u212aßẞİ\u0301ﬀ1"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(ALPHABET, max_size=12) | st.sampled_from(sorted(NAMES)), max_size=30))
def test_any_terms_as_is_outlet_name(terms):
    got = named_rows(pd.Series(terms, dtype="str"), NAMES)
    np.testing.assert_array_equal(got, expected(terms))
