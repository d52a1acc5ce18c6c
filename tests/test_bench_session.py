"""benchmarks.session (issue 24: a whole session against the hand-rolled
baseline): its fixed list of calls is what the four notebooks call, cell by
cell; both sides run on a tiny corpus; the report shows the ratio and the
verdict, and says so when there is nothing measured.

No timing is asserted: the numbers are whatever ``make bench`` measures.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks import report, session, synth

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0[1-4]_*.ipynb"))
# a library call: bingkai.X( / report.X( / findings.X(, not the .bingkai accessor of a frame
CALL_RE = re.compile(r"(?<![\w.])(bingkai|report|findings)\.(\w+)\(")
# what the notebooks call that is not a session's analysis: reading and indexing
# (the session's first two steps), writing tables, the guards that print why a
# section is skipped, the seed corpus's claim checks
NOT_ANALYSIS = {("report", "open_corpus"), ("bingkai", "index"), ("report", "save_table"),
                ("report", "say"), ("report", "missing"), ("report", "is_seed_corpus"),
                ("findings", "check_claim")}


def _code_cells(nb: Path) -> dict[int, str]:
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    return {i: "".join(c["source"]) for i, c in enumerate(cells) if c["cell_type"] == "code"}


def _cells() -> dict[str, str]:
    """``"02 cell 17"`` -> that code cell's source, for the four notebooks."""
    assert len(NOTEBOOKS) == 4
    return {f"{nb.name[:2]} cell {i}": src for nb in NOTEBOOKS for i, src in _code_cells(nb).items()}


def _calls(src: str) -> set[tuple[str, str]]:
    return {m.groups() for m in CALL_RE.finditer(src)}


def test_every_call_is_in_the_notebook_cell_it_names():
    cells = _cells()
    for cell, name, statement in session.CALLS:
        assert cell in cells, f"{name}: no code cell {cell!r}"
        made = _calls(statement)
        assert made, f"{cell} {name}: no library call in {statement!r}"
        missing = {f"{m}.{f}" for m, f in made if f"{m}.{f}(" not in cells[cell]}
        assert not missing, f"{cell} does not call {sorted(missing)}: CALLS is out of date"


def test_every_analysis_call_of_the_notebooks_is_in_the_session():
    listed: dict[str, set] = {}
    for cell, _, statement in session.CALLS:
        listed.setdefault(cell, set()).update(_calls(statement))
    setup = listed["01 cell 2"]  # cell 2 is the same in every notebook: counted once
    for cell, src in _cells().items():
        if src.startswith("if seed_run:"):
            continue  # the seed corpus's claim checks
        wanted = _calls(src) - NOT_ANALYSIS
        have = listed.get(cell, set()) | (setup if cell.endswith(" cell 2") else set())
        assert wanted <= have, f"{cell} calls {sorted(wanted - have)}, not in session.CALLS"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """Twelve synthetic articles from three outlets, as a JSONL file of raw articles."""
    path = tmp_path_factory.mktemp("session") / "tiny.jsonl"
    arts = synth.generate_articles(12, seed=1, n_outlets=3)
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts), encoding="utf-8")
    return path


def test_the_baseline_reads_the_same_rows(tiny, tmp_path):
    out = tmp_path / "baseline.jsonl"
    assert session.write_baseline_input(tiny, out) == 12
    src = [json.loads(ln) for ln in tiny.read_text(encoding="utf-8").splitlines()]
    got = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in got] == [r["text"] for r in src]
    assert [r["outlet"] for r in got] == [r["outlet"] for r in src]
    assert all(set(r) == {"outlet", "title", "published", "text"} for r in got)


@pytest.mark.bench
def test_both_sides_run_on_a_tiny_corpus(tiny, tmp_path):
    sess = session.run_session(tiny)
    assert [(s["cell"], s["step"]) for s in sess["steps"][2:]] == [c[:2] for c in session.CALLS]
    assert sess["articles"] == 12 and sess["words"] > 0
    assert sess["cpu_s"] == pytest.approx(sum(s["cpu_s"] for s in sess["steps"]), abs=1e-3)
    out = tmp_path / "baseline.jsonl"
    session.write_baseline_input(tiny, out)
    base = session.run_baseline(out)
    assert [s["step"] for s in base["steps"]] == list(session.BASELINE_STEPS)
    assert base["articles"] == 12


def _fabricated(baseline_cpu: float) -> dict:
    steps = [{"step": "read_articles", "cell": "cell 2", "call": "", "cpu_s": 2.0, "wall_s": 2.5,
              "load1": 0.4},
             {"step": "bingkai.index", "cell": "cell 2", "call": "", "cpu_s": 5.0, "wall_s": 6.0,
              "load1": 0.4},
             {"step": "label_rates", "cell": "02 cell 5", "call": "", "cpu_s": 3.0, "wall_s": 3.5,
              "load1": 0.5}]
    base = [{"step": s, "cpu_s": baseline_cpu / 6, "wall_s": baseline_cpu / 6, "load1": 0.5}
            for s in session.BASELINE_STEPS]
    return {"session": {"corpus": "dev.csv.gz", "rows": 100, "load1_start": 0.4, "load1_end": 0.5,
                        "cpus": 2,
                        "session": {"steps": steps, "cpu_s": 10.0, "wall_s": 12.0, "peak_mb": 600.0,
                                    "articles": 99, "tokens": 12_000, "words": 10_000},
                        "baseline": {"steps": base, "cpu_s": baseline_cpu, "wall_s": baseline_cpu,
                                     "peak_mb": 300.0, "articles": 100},
                        "ratio_cpu": baseline_cpu / 10.0, "ratio_wall": baseline_cpu / 12.0}}


def _target_row(results: dict) -> str:
    return next(ln for ln in report.render_targets(results).splitlines() if "a session" in ln)


def test_the_target_row_gives_the_ratio_and_the_verdict():
    met = _target_row(_fabricated(30.0))  # 30 s / 10 s = 3x
    assert "3.00x" in met and "baseline 30.0 s / session 10.0 s" in met
    assert "read + index 7.0 s" in met and met.endswith("| met |")
    missed = _target_row(_fabricated(15.0))  # 1.5x: 2 / 1.5 = 1.3x short
    assert "1.50x" in missed and "**missed** (1.3x short)" in missed


def test_the_session_block_lists_every_step_of_both_sides():
    text = report.render_session(_fabricated(30.0))
    assert "| session: read + index + the four notebooks' calls | 10.00 | 12.00 | 600 |" in text
    assert "| ratio baseline / session (≥ 2 is the target) | 3.00x | 2.50x | |" in text
    assert "| session | 02 cell 5 | label_rates | 3.000 | 3.500 | 0.5 |" in text
    assert sum(ln.startswith("| baseline | |") for ln in text.splitlines()) == 6


def test_nothing_measured_is_said_not_rendered_as_numbers():
    assert "not measured yet" in _target_row({}) and _target_row({}).endswith("| not measured |")
    assert report.render_session({}).startswith("Not measured yet")
    failed = {"session": {"failed": "Traceback: boom"}}
    assert "boom" in _target_row(failed) and "boom" in report.render_session(failed)
