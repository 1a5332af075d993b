"""What `apportion batch --deadlines` costs: the same book, Parquet to Parquet, with and
without the filing-deadline columns, days left and the expiring counts, in subprocesses run
in turn (interleaved), wall and CPU time (user + system) and peak memory.

    python -m bench.deadlines --rows 1000000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.run import CORES, child

TARGET = 1.2
"""The aim: the batch with deadlines at most this many times the batch without."""


def deadline_figures(rows: int, runs: int, workdir: Path) -> dict[str, Any]:
    from bench.generate import write

    source = workdir / f"book-{rows}.parquet"
    write(rows, source, seed=2)
    commands = {
        name: [
            sys.executable,
            "-m",
            "apportion",
            "batch",
            str(source),
            "-o",
            str(workdir / f"{name}.parquet"),
            "--no-progress",
            *flags,
        ]
        for name, flags in (
            ("plain", []),
            ("deadlines", ["--deadlines", "--as-of-today", "2026-01-01"]),
        )
    }
    for command in commands.values():  # warm-up: page cache, compiled bytecode
        child(command)
    measured: dict[str, list[dict[str, Any]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            measured[name].append(child(command))
    figures: dict[str, Any] = {"rows": rows, "runs": runs}
    for name, results in measured.items():
        wall = statistics.median(r["wall_s"] for r in results)
        cpu = statistics.median(r["cpu_s"] for r in results)
        figures[name] = {
            "wall_s": wall,
            "cpu_s": cpu,
            "peak_mib": max(r["peak_mib"] for r in results),
            "rows_per_s": rows / wall,
            "rows_per_s_cpu": rows / (cpu / CORES),
        }
    plain, with_open = figures["plain"], figures["deadlines"]
    figures["ratio_wall"] = with_open["wall_s"] / plain["wall_s"]
    figures["ratio_cpu"] = with_open["cpu_s"] / plain["cpu_s"]
    figures["target_ratio"] = TARGET
    return figures


def report(figures: dict[str, Any]) -> str:
    lines = [f"apportion batch, {figures['rows']:,} rows, median of {figures['runs']} runs each:"]
    for name in ("plain", "deadlines"):
        f = figures[name]
        lines.append(
            f"  {name:<11} wall {f['wall_s']:6.2f} s  cpu {f['cpu_s']:6.2f} s  "
            f"peak {f['peak_mib']:5.0f} MiB  {f['rows_per_s']:,.0f} rows/s "
            f"({f['rows_per_s_cpu']:,.0f} from CPU)"
        )
    verdict = "ok" if figures["ratio_cpu"] <= figures["target_ratio"] else "ABOVE TARGET"
    lines.append(
        f"  deadlines / plain: wall {figures['ratio_wall']:.2f} x, cpu "
        f"{figures['ratio_cpu']:.2f} x (aim <= {figures['target_ratio']:.1f} x: {verdict})"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="apportion-deadlines-") as tmp:
        figures = deadline_figures(args.rows, args.runs, Path(tmp))
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
