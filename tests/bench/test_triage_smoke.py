"""`python -m bench.triage`: the cost of `batch --open-facts` runs end to end, tiny.

Only that it runs and reports both batches and their ratio; the figures themselves are
for `python -m bench.triage` at full size, never a timed unit test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_triage_benchmark_reports_both_batches(tmp_path: Path) -> None:
    out = tmp_path / "triage.json"
    command = [sys.executable, "-m", "bench.triage", "--rows", "2000", "--runs", "1"]
    done = subprocess.run(
        [*command, "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "open facts / plain" in done.stdout
    figures = json.loads(out.read_text())
    assert figures["rows"] == 2000
    for name in ("plain", "open_facts"):
        assert figures[name]["wall_s"] > 0 and figures[name]["cpu_s"] > 0
    assert figures["ratio_cpu"] > 0
