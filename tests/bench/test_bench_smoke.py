"""`python -m bench.run --quick`: the benchmark runs end to end at a tiny size.

Only that it runs and reports every figure; speed goals are checked by `make bench`,
never by timed unit tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for label in (
        "one matter, assess + explanation",
        "open questions, questions()",
        "status flips, flips()",
        "`apportion whatif`",
        "interview: first question",
        "interview: each next",
        "plan / interpreter",
        "crossover",
        "CPU per node per row",
        "polars read+write",
        "peak memory",
    ):
        assert label in done.stdout, label
    figures = json.loads(out.read_text())
    plan, (batch,), matter = figures["plan"], figures["batch"], figures["matter"]
    assert plan["rows"] == batch["rows"] == 10_000
    assert plan["plan_rows_per_s"] > plan["interpreter_rows_per_s"] > 0
    assert plan["generated_rows_per_s"] > plan["interpreter_rows_per_s"]
    assert plan["plan_nodes"] > 1000 and plan["add_ns_per_node_row"] > 0
    assert 0 < batch["batch_peak_mib"] < 4096 and batch["plain"]["wall_s"] > 0
    for name in ("assess", "assess_on_plan", "questions", "questions_on_plan", "flips"):
        assert 0 < matter[name]["wall_ms"] <= matter[name]["p99_ms"]
        assert matter[name]["cpu_ms"] > 0
    interview = figures["process"]["interview"]
    assert interview["first_wall_s"] > 0 and interview["steps"] > 0
