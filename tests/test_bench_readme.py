"""Issue 24, benchmarks that stay true: the tables of ``benchmarks/README.md``
are exactly what ``benchmarks/report.py`` renders from the committed
``benchmarks/results.json`` (the JSON the last ``make bench`` run wrote), and
no table stands outside a rendered block, so a stale or hand-edited number
cannot be committed.

No timing here: the numbers are whatever the run measured; these tests only
compare text with text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmarks import report

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
README = BENCH / "README.md"
RESULTS = BENCH / "results.json"


@pytest.fixture(scope="module")
def results() -> dict:
    return json.loads(RESULTS.read_text(encoding="utf-8"))


def _blocks(body: str) -> dict[str, str]:
    """Every ``<!-- bench:NAME:start -->...<!-- bench:NAME:end -->`` block by name."""
    return {m.group(1): m.group(2).lstrip("\n") for m in re.finditer(
        r"<!-- bench:([\w-]+):start -->(.*?)<!-- bench:\1:end -->", body, flags=re.S)}


def test_every_readme_block_is_what_results_json_renders_to(results):
    blocks = _blocks(README.read_text(encoding="utf-8"))
    # the README has a block for every renderer, and no block the renderers do not know
    assert set(blocks) == set(report.BLOCKS)
    for name, render in report.BLOCKS.items():
        assert blocks[name] == render(results), f"block {name!r} is stale: run make bench"


def test_no_table_outside_the_rendered_blocks():
    body = README.read_text(encoding="utf-8")
    outside = re.sub(r"<!-- bench:([\w-]+):start -->.*?<!-- bench:\1:end -->", "", body, flags=re.S)
    # a markdown table has a delimiter row such as |---|---:|
    tables = [ln for ln in outside.splitlines() if re.match(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$", ln)]
    assert tables == [], "a table outside the generated blocks would not be refreshed by make bench"


def test_the_run_records_the_load_and_renders_it(results):
    load = results["load"]
    assert load and all(isinstance(v, (int, float)) for v in load.values())
    first = report.render(results).splitlines()[0]
    assert f"start {load['start']}" in first
    # the stage rows and the first-call rows each carry the load when they ran
    assert all("load1" in r for r in results["stages"]["stages"])
    assert all("load1" in v for v in results["firstcalls"]["views"] if "skipped" not in v)


def test_a_changed_number_changes_the_rendered_block(results):
    # the comparison above is not vacuous: the renderers use the numbers
    changed = json.loads(json.dumps(results))
    changed["stages"]["stages"][0]["cpu_s"] += 1.0
    changed["firstcalls"]["views"][0]["first_cpu_s"] += 1.0
    assert report.render_stages(changed) != report.render_stages(results)
    assert report.render_firstcalls(changed) != report.render_firstcalls(results)


def _two_worker_rows(read_walls, index_walls, load):
    from benchmarks import report

    stages = {"words": 1_000_000, "cpus": 2,
              "stages": [{"stage": "read (read_articles)", "cpu_s": 5.0}],
              "reads": [{"n_jobs": j, "cpu_s": w, "wall_s": w, "load1": load} for j, w in zip((1, 2), read_walls)],
              "builds": [{"n_jobs": j, "cold": cold, "cpu_s": w, "wall_s": w, "load1": load}
                         for cold in (True, False) for j, w in zip((1, 2), index_walls)]}
    return [ln for ln in report.render_targets({"stages": stages}).splitlines()
            if ln.startswith("| read + index with 2 workers")]


def test_the_two_worker_target_covers_read_and_index():
    met = _two_worker_rows((6.0, 3.4), (6.0, 3.4), load=0.2)
    assert len(met) == 2 and all("1.76x" in r and r.endswith("| met |") for r in met)
    missed = _two_worker_rows((6.0, 4.0), (6.0, 3.4), load=0.2)
    assert all("1.62x" in r and "**missed**" in r for r in missed)
    busy = _two_worker_rows((6.0, 3.4), (6.0, 3.4), load=3.0)
    assert all("not measurable (load 3.0" in r for r in busy)


def test_the_runs_machine_speed_is_shown(results):
    """The calibration loop's CPU seconds (start, end) are printed with the targets, so two
    runs on this VM, whose speed moves within minutes, can be compared."""
    with_cal = dict(results, calibration={"start": 0.512, "end": 0.734, "steps": 5_000_000})
    text = report.render_targets(with_cal)
    assert "5,000,000-step Python loop took 0.512 s of CPU at the start and 0.734 s at the end" in text
    assert "Python loop" not in report.render_targets({k: v for k, v in results.items() if k != "calibration"})


def test_first_calls_show_the_median_process(results):
    """Three fresh processes per view: the median first call is the row, every run beside it."""
    from benchmarks.firstcalls import _median_run

    runs = [{"view": "v", "first_cpu_s": x, "repeat_cpu_s": 0.01, "ratio": x / 0.01} for x in (0.3, 0.1, 0.2)]
    row = _median_run(runs)
    assert row["first_cpu_s"] == 0.2 and row["first_cpu_runs"] == [0.1, 0.2, 0.3]
    assert _median_run(runs + [{"view": "v", "skipped": "boom"}]) == {"view": "v", "skipped": "boom"}
    fc = dict(results["firstcalls"], processes=3,
              views=[dict(results["firstcalls"]["views"][0], first_cpu_runs=[0.001, 0.002, 0.003])])
    text = report.render_firstcalls(dict(results, firstcalls=fc))
    assert "3 processes per view" in text and "| 1.0, 2.0, 3.0 |" in text
