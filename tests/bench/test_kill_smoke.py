"""`python -m bench.kill --quick`: the kill test runs end to end (one SIGKILL per writing
command, at a random moment) and finds every target old or new. The figures for the
issue come from the full run (`python -m bench.kill`, 20 kills per command)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_killed_writer_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    out = tmp_path / "kill.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.kill", "--quick", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text())
    assert set(figures) == {"interview --write", "flatten -o", "batch"}
    for found in figures.values():
        assert found["runs"] == 1
        assert found.get("OTHER", 0) == 0
        assert found.get("old", 0) + found.get("new", 0) >= 1
