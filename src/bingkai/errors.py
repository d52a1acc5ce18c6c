"""Errors raised for bad input.

Every error a researcher can cause names the file (and row or line when
there is one) and says what to do, so it can be fixed without reading code.
"""

from __future__ import annotations

from os import PathLike


class BingkaiInputError(ValueError):
    """Bad input data: a seed, a metadata row, a lexicon row, an argument.

    ``str(err)`` reads ``<file>, row <n>: <problem>. <what to do>``; the parts
    are also kept as attributes (``path``, ``row``, ``problem``, ``hint``).
    ``row`` is 1-based as a spreadsheet shows it (the header is row 1) for
    CSV files, and the 1-based line number for text/JSONL files.
    """

    def __init__(
        self,
        problem: str,
        *,
        path: str | PathLike[str] | None = None,
        row: int | None = None,
        hint: str | None = None,
        row_label: str = "row",
    ) -> None:
        self.path = None if path is None else str(path)
        self.row = row
        self.problem = problem
        self.hint = hint
        where = ""
        if self.path is not None:
            where = self.path
            if row is not None:
                where += f", {row_label} {row}"
            where += ": "
        message = f"{where}{problem}"
        if hint:
            message += f". {hint}" if not problem.endswith(".") else f" {hint}"
        super().__init__(message)
