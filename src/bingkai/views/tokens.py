"""The token table of a corpus: from a ``Corpus``'s arrays, or by tokenising a frame."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from bingkai.constants import PARTS
from bingkai.indexing.corpus import Corpus
from bingkai.text.tokens import frame_tokens


def tokens(corpus: Corpus | pd.DataFrame, *, parts: Sequence[str] | str = PARTS,
           progress: bool | None = None) -> pd.DataFrame:
    """One row per token of every document in ``corpus``.

    ``corpus`` is a ``bingkai.Corpus`` (the rows come from its arrays) or a corpus
    frame (tokenised here: :func:`bingkai.text.tokens.frame_tokens`, whose docstring
    gives the columns). Both give the same rows, columns and dtypes.
    """
    if isinstance(corpus, Corpus):
        return corpus.tokens(parts)
    return frame_tokens(corpus, parts, progress=progress)
