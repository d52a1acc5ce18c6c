"""The figure file formats, apart from the figures themselves.

``bingkai report`` (:mod:`bingkai.report.notebooks`, imported by the CLI) checks
``--formats`` before any notebook runs; keeping the check here spares the CLI's
start the import of matplotlib and SciPy that :mod:`bingkai.report.figures` needs
(about 5 s of the CLI's 7 s import on a loaded 2-core machine, ``python -X importtime``).
"""

from __future__ import annotations

from collections.abc import Sequence

from bingkai.errors import BingkaiInputError

#: Formats :func:`bingkai.report.figures.save` writes, in this order.
FORMATS = ("pdf", "svg", "png")


def checked_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """``formats`` checked against :data:`FORMATS`, in FORMATS order.

    Raises :class:`BingkaiInputError` naming an unknown format, or when none is given.
    """
    if isinstance(formats, str):
        formats = [formats]
    chosen = list(formats)
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise BingkaiInputError(
            f"figure formats {chosen!r}: " + (f"unknown {', '.join(map(repr, unknown))}" if unknown
                                             else "none given"),
            hint=f"choose one or more of: {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in chosen)
