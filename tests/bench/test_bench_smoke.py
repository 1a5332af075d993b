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
    for label in ("plan / interpreter", "plan time / Parquet read time", "peak memory", "median"):
        assert label in done.stdout
    figures = json.loads(out.read_text())
    plan, (batch,), latency = figures["plan"], figures["batch"], figures["latency"]
    assert plan["rows"] == batch["rows"] == 10_000
    assert plan["plan_rows_per_s"] > plan["interpreter_rows_per_s"] > 0
    assert 0 < batch["batch_peak_mib"] < 4096
    assert 0 < latency["latency_median_ms"] <= latency["latency_p99_ms"]
