"""The benchmark: the compiled plan against its limits, in one run.

    python -m bench.run            # 1M rows in memory, 1M rows Parquet to Parquet
    python -m bench.run --full     # and 10M rows Parquet to Parquet (bounded memory)
    python -m bench.run --quick    # tiny sizes: a smoke test that the benchmark runs

Figures: rows per second of the vectorized plan (full rulebook, in memory), of the
row-at-a-time interpreter on the same rows and the ratio; of reading the same columns
from Parquet alone (the I/O limit) and of one pass over them in memory (the memory
limit), with the ratios; `apportion batch` Parquet to Parquet in a subprocess (rows per
second and its peak memory); the latency of one matter assessed with its explanation.
Machines are shared and noisy: each timing is the best of a few runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from apportion.engine import RuleConflict
from apportion.law.california import GOALS, RULEBOOK
from apportion.portfolio.batch import COMPRESSIONS
from bench.generate import portfolio, write

ROOT = Path(__file__).resolve().parents[1]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"

TARGETS = {
    "plan_rows_per_s": 2_000_000,
    "speedup_vs_interpreter": 100,
    "plan_over_read": 10,
    "batch_rows_per_s": 1_000_000,
    "batch_peak_mib": 2048,
    "latency_median_ms": 10,
}


def best(fn: Callable[[], Any], repeat: int) -> float:
    return timed(fn, repeat)[0]


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time (all threads) of ``repeat`` runs, in seconds."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


CORES = 2
"""CPU time over this many cores estimates the wall time of a machine not shared."""


def plan_figures(rows: int, interpreted: int, repeat: int, workdir: Path) -> dict[str, Any]:
    frame = portfolio(rows, seed=1).collect()
    cone = list(RULEBOOK.input_schema(GOALS))
    plan = RULEBOOK.plan(frame.lazy(), GOALS)
    outputs = [c for c in plan.collect_schema().names() if c in GOALS or c.startswith("__")]
    plan_s, plan_cpu = timed(lambda: plan.select(outputs).collect(), repeat)

    sample = frame.head(interpreted).select(cone).to_dicts()

    def interpret_all() -> None:
        for row in sample:
            with contextlib.suppress(RuleConflict):
                RULEBOOK.interpret(row, GOALS)

    interp_s, interp_cpu = timed(interpret_all, 1)
    path = workdir / "plan-input.parquet"
    frame.select(cone).write_parquet(path)
    read_s = best(lambda: pl.read_parquet(path, columns=cone), repeat)
    touch_s = best(lambda: frame.select(pl.col(cone).max()), repeat)
    plan_rate, interp_rate = rows / plan_s, len(sample) / interp_s
    return {
        "rows": rows,
        "plan_rows_per_s": plan_rate,
        "plan_cpu_seconds": plan_cpu,
        "plan_rows_per_s_unshared": rows / max(plan_cpu / CORES, 1e-9),
        "interpreter_cpu_seconds": interp_cpu,
        "interpreter_rows": len(sample),
        "interpreter_rows_per_s": interp_rate,
        "speedup_vs_interpreter": plan_rate / interp_rate,
        "read_parquet_rows_per_s": rows / read_s,
        "plan_over_read": plan_s / read_s,
        "one_pass_rows_per_s": rows / touch_s,
        "plan_over_one_pass": plan_s / touch_s,
    }


def batch_figures(rows: int, workdir: Path) -> dict[str, Any]:
    source, output = workdir / f"book-{rows}.parquet", workdir / f"results-{rows}.parquet"
    write(rows, source, seed=2)
    command = [sys.executable, "-m", "apportion", "batch", str(source), "-o", str(output)]
    start = time.perf_counter()
    child = subprocess.Popen(
        [*command, "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"batch failed: {child.stderr.read().decode() if child.stderr else ''}")
    # ru_maxrss is in KiB on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "batch_cpu_seconds": cpu,
        "batch_rows_per_s_unshared": rows / max(cpu / CORES, 1e-9),
        "rows": rows,
        "input_mib": source.stat().st_size / 2**20,
        "output_mib": output.stat().st_size / 2**20,
        "output_codec": COMPRESSIONS[0],
        "batch_seconds": elapsed,
        "batch_rows_per_s": rows / elapsed,
        "batch_peak_mib": usage.ru_maxrss / 1024,
    }


def latency_figures(runs: int) -> dict[str, Any]:
    from apportion.decide.assessment import assess
    from apportion.io.load import load_matter

    matter = load_matter(MUSSER)
    assess(matter)  # warm: imports, first plan
    times, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = assess(matter)
        result.claims[0].trace.to_dict()
        times.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    times.sort()
    return {
        "runs": runs,
        "latency_median_cpu_ms": statistics.median(cpus),
        "latency_median_ms": statistics.median(times),
        "latency_p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
    }


def _line(name: str, value: float, unit: str, target: str = "", ok: bool | None = None) -> str:
    mark = "" if ok is None else ("  ok" if ok else "  MISSED")
    shown = f"{value:,.0f}" if value >= 100 else f"{value:,.2f}"
    return f"  {name:<44} {shown:>14} {unit:<8} {target}{mark}"


def report(fig: dict[str, Any]) -> str:
    t = TARGETS
    p, lat = fig["plan"], fig["latency"]
    load = os.getloadavg()[0]
    out = [
        f"apportion benchmark · polars {pl.__version__} · {os.cpu_count()} cores · "
        f"load average {load:.1f} (wall times suffer when the machine is shared)",
        "",
    ]
    out.append(f"vectorized plan, full rulebook, in-memory frame of {p['rows']:,} rows")
    out += [
        _line(
            "plan",
            p["plan_rows_per_s"],
            "rows/s",
            f">= {t['plan_rows_per_s']:,}",
            p["plan_rows_per_s"] >= t["plan_rows_per_s"],
        ),
        _line(
            "plan, if both cores were ours (CPU time / 2)", p["plan_rows_per_s_unshared"], "rows/s"
        ),
        _line(
            f"row interpreter ({p['interpreter_rows']:,} rows)",
            p["interpreter_rows_per_s"],
            "rows/s",
        ),
        _line(
            "plan / interpreter",
            p["speedup_vs_interpreter"],
            "x",
            f">= {t['speedup_vs_interpreter']}",
            p["speedup_vs_interpreter"] >= t["speedup_vs_interpreter"],
        ),
        _line("read the same columns from Parquet", p["read_parquet_rows_per_s"], "rows/s"),
        _line(
            "plan time / Parquet read time",
            p["plan_over_read"],
            "x",
            f"<= {t['plan_over_read']}",
            p["plan_over_read"] <= t["plan_over_read"],
        ),
        _line("one pass over the columns in memory", p["one_pass_rows_per_s"], "rows/s"),
        _line("plan time / one pass in memory", p["plan_over_one_pass"], "x"),
        "",
    ]
    for b in fig["batch"]:
        out.append(
            f"apportion batch, Parquet to Parquet, {b['rows']:,} rows ({b['input_mib']:,.0f} MiB "
            f"in, {b['output_mib']:,.0f} MiB out, {b['output_codec']})"
        )
        out += [
            _line(
                "throughput",
                b["batch_rows_per_s"],
                "rows/s",
                f">= {t['batch_rows_per_s']:,}",
                b["batch_rows_per_s"] >= t["batch_rows_per_s"],
            ),
            _line(
                "throughput, if both cores were ours (CPU / 2)",
                b["batch_rows_per_s_unshared"],
                "rows/s",
            ),
            _line(
                "peak memory (subprocess maxrss)",
                b["batch_peak_mib"],
                "MiB",
                f"< {t['batch_peak_mib']:,}",
                b["batch_peak_mib"] < t["batch_peak_mib"],
            ),
            "",
        ]
    out.append(f"one matter (Musser) with explanation, in process, {lat['runs']} runs")
    out += [
        _line(
            "median",
            lat["latency_median_ms"],
            "ms",
            f"< {t['latency_median_ms']}",
            lat["latency_median_ms"] < t["latency_median_ms"],
        ),
        _line("p99", lat["latency_p99_ms"], "ms"),
        _line("median CPU time", lat["latency_median_cpu_ms"], "ms"),
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes (a smoke test)")
    parser.add_argument("--full", action="store_true", help="also 10M rows Parquet to Parquet")
    parser.add_argument("--rows", type=int, default=1_000_000, help="in-memory frame size")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    rows, interpreted, repeat, runs = args.rows, 20_000, 3, 300
    batch_sizes = [1_000_000] + ([10_000_000] if args.full else [])
    if args.quick:
        rows, interpreted, repeat, runs, batch_sizes = 10_000, 500, 1, 20, [10_000]
    with tempfile.TemporaryDirectory(prefix="apportion-bench-") as tmp:
        workdir = Path(tmp)
        figures = {
            "plan": plan_figures(rows, interpreted, repeat, workdir),
            "batch": [batch_figures(n, workdir) for n in batch_sizes],
            "latency": latency_figures(runs),
        }
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
