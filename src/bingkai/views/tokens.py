"""The token table of a corpus: from a ``Corpus``'s arrays, or by tokenising a frame."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from bingkai.constants import DEFAULT_PARTS
from bingkai.indexing.corpus import Corpus
from bingkai.text.tokens import frame_tokens


def tokens(corpus: Corpus | pd.DataFrame, *, parts: Sequence[str] | str = DEFAULT_PARTS,
           progress: bool | None = None) -> pd.DataFrame:
    """One row per token of every document in ``corpus``.

    ``corpus`` is a ``bingkai.Corpus`` (the rows come from its arrays) or a corpus
    frame (tokenised here: :func:`bingkai.text.tokens.frame_tokens`, whose docstring
    gives the columns). Both give the same rows, columns and dtypes.

    ``parts``: the article parts tokenised, any of "title", "subtitle", "body"
    (default ``("body",)``, as every view, so the word tokens are the ones
    ``label_rates`` divides by; ``PARTS`` for all three). ``sent`` and ``i``
    count through the requested parts only.
    """
    if isinstance(corpus, Corpus):
        return corpus.tokens(parts)
    return frame_tokens(corpus, parts, progress=progress)
