"""Progress bars for long work (tqdm), switchable off for reproducible runs.

Set ``BINGKAI_PROGRESS=0`` (the Makefile does, for notebook execution) or pass
``progress=False`` to a function to silence bars; tqdm's rate and time
read-outs would otherwise make notebook outputs differ run to run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def enabled(progress: bool | None = None) -> bool | None:
    """Resolve a ``progress=`` argument: True/False win; None defers to the
    ``BINGKAI_PROGRESS`` environment variable, then to tqdm's own rule (bars
    only on a terminal)."""
    if progress is not None:
        return progress
    env = os.environ.get("BINGKAI_PROGRESS")
    if env is not None:
        return env.strip().lower() not in {"0", "false", "no", "off", ""}
    return None


def progress_bar(iterable: Iterable[T], *, desc: str, total: int | None = None,
                 progress: bool | None = None, unit: str = "it") -> Iterable[T]:
    """Wrap ``iterable`` in a tqdm bar (or return it unchanged when disabled)."""
    on = enabled(progress)
    if on is False:
        return iterable
    from tqdm import tqdm  # not tqdm.auto: that wants ipywidgets in Jupyter

    # disable=None: tqdm shows the bar only when stderr is a terminal.
    return tqdm(iterable, desc=desc, total=total, unit=unit,
                disable=None if on is None else False, leave=False)
