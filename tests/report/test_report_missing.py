"""Issue 23, reports that always finish: say what is missing, then go on.

One report run (it executes the four notebooks, so it is slow and there is
only one): a corpus of one outlet, in which no label of the lexicon occurs,
without dates or periods, grouped ``--by period``. Every cell that needs two
outlets, a label or periods must say so in one sentence -- in the notebook
and in what the command prints -- and the report must finish.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from bingkai.cli import main

BODY = ("Para pejabat di Jakarta mengatakan bahwa rapat anggaran itu berlangsung lama dan alot. "
        "Mereka membahas jalan, sekolah dan pasar untuk tahun depan. ") * 3
NOTEBOOKS = ("01_corpus.ipynb", "02_labels.ipynb", "03_actors.ipynb", "04_distinctive_terms.ipynb")
MISSING = {
    "two outlets": re.compile(r"\b(only one outlet|one outlet only|a single outlet)\b", re.IGNORECASE),
    "a label": re.compile(r"\bno (framing )?labels?\b", re.IGNORECASE),
    "periods": re.compile(r"\bno periods?\b", re.IGNORECASE),
}


def _outputs(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    texts = []
    for cell in cells:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            for kind in ("text/plain", "text/markdown"):
                texts.append("".join(output.get("data", {}).get(kind, "")))
    return "\n".join(texts)


@pytest.mark.slow
def test_report_on_one_outlet_no_label_no_period_finishes(tmp_path, capfd, monkeypatch):
    articles = tmp_path / "one_outlet.csv"
    with open(articles, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["outlet", "text"])
        for k in range(3):
            writer.writerow(["Kompas", BODY + f" Rapat ke-{k} selesai pada sore hari."])
    out = tmp_path / "report"
    # the command run in this process (bingkai.cli.main, the console script's entry point;
    # a process of its own cost 1-2 s of imports): capfd holds what it printed, and what
    # the kernel it started printed, as the terminal would have shown them
    monkeypatch.chdir(tmp_path)
    capfd.readouterr()
    code = main(["report", str(articles), "--out", str(out), "--by", "period", "--formats", "png"])
    done = capfd.readouterr()
    said = done.out + done.err
    assert code == 0, said[-3000:]
    assert "Traceback" not in said
    notebooks = "\n".join(_outputs(out / name) for name in NOTEBOOKS)
    for what, pattern in MISSING.items():
        assert pattern.search(said), (what, said[-2000:])
        assert pattern.search(notebooks), what
