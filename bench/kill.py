"""The kill test: SIGKILL a writing command at random moments; every file it writes must
then be the old file or the complete new one, never anything else.

    python -m bench.kill              # 20 runs of each command
    python -m bench.kill --quick      # one run each on a small book (the test suite's)

Commands: `interview --write` (a matter file answered in place), `flatten -o` (a folder
of matters into a CSV table) and `batch` (a Parquet book into Parquet results, an errors
file and a chart). Each is first run to completion once, for the new files; each killed
run starts from the old files, is killed after a random delay up to 1.3 times that
run's length, and its targets are compared byte for byte with the old and the new.
Figures: runs, runs killed before they finished, targets found old / new / other, and
temporary files a kill left behind (named ``.TARGET.*``, harmless, never read).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"


@dataclass
class Scenario:
    name: str
    prepare: Callable[[Path], None]
    """Put the inputs and the old targets in a fresh folder."""
    args: Callable[[Path], list[str]]
    targets: tuple[str, ...]
    stdin: str = ""


def _interview(folder: Path) -> None:
    text = MUSSER.read_text()
    # Two facts left open, so the interview asks and then writes its answers.
    for fact in ("respondent_immune", "needs_client_confidences"):
        text = "\n".join(line for line in text.splitlines() if not line.strip().startswith(fact))
    (folder / "matter.yaml").write_text(text + "\n")


def _flatten(folder: Path) -> None:
    matters = folder / "matters"
    matters.mkdir()
    for i in range(20):
        shutil.copy(MUSSER, matters / f"m{i:03d}.yaml")
    (folder / "book.csv").write_text("old table\n")


BOOK_ROWS = 100_000


def _batch(folder: Path) -> None:
    from bench.generate import write

    write(BOOK_ROWS, folder / "book.parquet", seed=3)
    for name in ("out.parquet", "out.errors.csv", "out.summary.svg"):
        (folder / name).write_text(f"old {name}\n")


SCENARIOS = (
    Scenario(
        "interview --write",
        _interview,
        lambda f: ["interview", str(f / "matter.yaml"), "--write"],
        ("matter.yaml",),
        stdin="no\nno\nquit\n",
    ),
    Scenario(
        "flatten -o",
        _flatten,
        lambda f: [
            "flatten",
            str(f / "matters"),
            "-o",
            str(f / "book.csv"),
            "--as-of",
            "2002-06-27",
        ],
        ("book.csv",),
    ),
    Scenario(
        "batch",
        _batch,
        lambda f: ["batch", str(f / "book.parquet"), "-o", str(f / "out.parquet"), "--no-progress"],
        ("out.parquet", "out.errors.csv", "out.summary.svg"),
    ),
)


def _start(scenario: Scenario, folder: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "apportion", *scenario.args(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None
    process.stdin.write(scenario.stdin.encode())
    process.stdin.close()
    return process


def run(scenario: Scenario, runs: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        old, new = base / "old", base / "new"
        old.mkdir()
        scenario.prepare(old)
        shutil.copytree(old, new)
        started = time.perf_counter()
        assert _start(scenario, new).wait() == 0, f"{scenario.name} failed unkilled"
        length = time.perf_counter() - started
        expected = {t: ((old / t).read_bytes(), (new / t).read_bytes()) for t in scenario.targets}
        assert all(o != n for o, n in expected.values()), "the command changed nothing"
        counts: Counter[str] = Counter()
        for i in range(runs):
            folder = base / f"run{i}"
            shutil.copytree(old, folder)
            process = _start(scenario, folder)
            time.sleep(rng.uniform(0, 1.3 * length))
            counts["killed before the end"] += process.poll() is None
            process.send_signal(signal.SIGKILL)
            process.wait()
            for target, (before, after) in expected.items():
                got = (folder / target).read_bytes()
                counts["old" if got == before else "new" if got == after else "OTHER"] += 1
            counts["temporaries left"] += sum(1 for p in folder.iterdir() if p.name.startswith("."))
            shutil.rmtree(folder)
        counts["runs"] = runs
        return {"seconds unkilled": round(length, 2), **counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--quick", action="store_true", help="one run each, 2,000 rows")
    options = parser.parse_args()
    if options.quick:
        global BOOK_ROWS
        BOOK_ROWS, options.runs = 2_000, 1
    figures = {}
    for scenario in SCENARIOS:
        figures[scenario.name] = found = run(scenario, options.runs, options.seed)
        print(f"{scenario.name:18} " + "  ".join(f"{k} {v}" for k, v in found.items()), flush=True)
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n")
    if any(f.get("OTHER") for f in figures.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
