"""The outlet names a term table leaves out (``bingkai.clean.outlet_names``), for any corpus a view takes.

An index stores them (found once when it is built); a frame of articles has them found on
each call.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from bingkai.clean.outlet_names import drop_terms
from bingkai.clean.outlet_names import outlet_name_terms as find_outlet_name_terms
from bingkai.indexing.corpus import Corpus


def outlet_name_terms(corpus: Any) -> frozenset[str]:
    """The terms that name an outlet of ``corpus``: a ``Corpus``'s own, else found in the frame."""
    if isinstance(corpus, Corpus):
        return corpus.outlet_name_terms()
    return find_outlet_name_terms(corpus)


def drop_outlet_names(table: pd.DataFrame, corpus: Any, column: str) -> pd.DataFrame:
    """``table`` without the rows whose ``column`` names an outlet of ``corpus``; the dropped
    terms (sorted) in ``attrs["dropped_terms"]``."""
    return drop_terms(table, outlet_name_terms(corpus), column)
