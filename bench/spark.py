"""What the Spark engine costs against the local batch, on the same file, in the same run.

    python -m bench.spark                 # 1M generated rows, two rounds
    python -m bench.spark --rows 300000 --rounds 1

Each measurement runs in a process of its own, in interleaved rounds: the local batch
(polars, streaming, all cores; and on one thread), then `--engine spark` on ``local[1]``
and ``local[2]`` (one and two executor cores). Wall time is the batch alone, from the
book to its results, errors and summary; a Spark session's start-up (the JVM) is given
apart. CPU time is the whole process tree's (driver, JVM, Python workers: user and
system, from /proc), so that a loaded host shows in wall time, not in CPU time. The
results of every run are checked against the local batch's (same rows, same summary).
Each Spark run does a second batch in its session ("again"): what a long-lived session or
a cluster pays once its JVM code is compiled and its Python workers are started.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("local", "local-1-thread", "local[1]", "local[2]")


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and every descendant alive, plus what they reaped."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as handle:
                fields = handle.read().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = sum(int(f) for f in fields[11:15]) / ticks
    total, stack = 0.0, [pid]
    while stack:
        here = stack.pop()
        total += times.get(here, 0.0)
        stack.extend(child for child, parent in parents.items() if parent == here)
    return total


def one(engine: str, book: str, out: str) -> dict[str, Any]:
    """One measured run, in this process (a subprocess of the benchmark)."""
    from apportion.law.california import GOALS, RULEBOOK

    me = os.getpid()
    started = 0.0
    warm: dict[str, float] = {}
    if engine.startswith("local["):
        from apportion.portfolio.spark import run_spark_batch, spark_session

        clock = time.perf_counter()
        session = spark_session(engine, progress=False)
        started = time.perf_counter() - clock
        cpu, clock = tree_cpu(me), time.perf_counter()
        result = run_spark_batch(session, book, out, RULEBOOK, GOALS)
        wall, cpu = time.perf_counter() - clock, tree_cpu(me) - cpu
        # Once more in the same session: the JVM's code compiled, the workers started.
        warm_cpu, clock = tree_cpu(me), time.perf_counter()
        run_spark_batch(session, book, out + ".warm", RULEBOOK, GOALS)
        warm = {"wall": time.perf_counter() - clock, "cpu": tree_cpu(me) - warm_cpu}
        session.stop()
    else:
        from apportion.portfolio import run_batch

        cpu, clock = tree_cpu(me), time.perf_counter()
        result = run_batch(Path(book), Path(out), RULEBOOK, GOALS)
        wall, cpu = time.perf_counter() - clock, tree_cpu(me) - cpu
    return {"engine": engine, "wall": wall, "cpu": cpu, "startup": started, "warm": warm} | {
        "summary": result.summary.to_dict()
    }


def _run(engine: str, book: Path, out: Path) -> dict[str, Any]:
    env = dict(os.environ)
    if engine == "local-1-thread":
        env["POLARS_MAX_THREADS"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "bench.spark", "--one", engine, str(book), str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def _same_rows(local: Path, spark: Path) -> bool:
    import polars as pl

    expected = pl.read_parquet(local).sort("row")
    return pl.read_parquet(spark / "*.parquet").sort("row").equals(expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--one", nargs=3, metavar=("ENGINE", "BOOK", "OUT"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(*args.one)))
        return
    with tempfile.TemporaryDirectory(prefix="apportion-bench-") as scratch:
        where = Path(scratch)
        book = where / "book.parquet"
        subprocess.run(
            [sys.executable, "-m", "bench.generate", str(args.rows), "-o", str(book)],
            cwd=ROOT,
            check=True,
        )
        runs: dict[str, list[dict[str, Any]]] = {e: [] for e in ENGINES}
        for round_ in range(args.rounds):
            for engine in ENGINES:
                # No brackets in the name: polars reads the part files by a glob.
                out = where / f"{engine.translate({91: 95, 93: None})}.{round_}.parquet"
                measured = _run(engine, book, out)
                if engine != "local":
                    reference = runs["local"][-1]
                    assert measured["summary"] == reference["summary"], engine
                    if engine.startswith("local["):
                        assert _same_rows(where / f"local.{round_}.parquet", out), engine
                runs[engine].append(measured)
                warm = measured["warm"]
                again = (
                    f"  again in the session: wall {warm['wall']:6.2f} s CPU {warm['cpu']:6.2f} s"
                    if warm
                    else ""
                )
                print(
                    f"round {round_ + 1} {engine:15} wall {measured['wall']:7.2f} s  "
                    f"CPU {measured['cpu']:7.2f} s  start-up {measured['startup']:5.1f} s{again}",
                    flush=True,
                )
        _report(args.rows, runs)


def _report(rows: int, runs: dict[str, list[dict[str, Any]]]) -> None:
    best = {e: min(runs[e], key=lambda m: m["wall"]) for e in ENGINES}
    base = best["local"]
    print(f"\n{rows:,} rows, best of {len(runs['local'])} (every engine's results checked)")
    head = ("wall s", "CPU s", "rows/s", "rows/CPU-s", "x local")
    print(f"{'engine':15} " + " ".join(f"{h:>10}" for h in head))
    for engine in ENGINES:
        m = best[engine]
        print(
            f"{engine:15} {m['wall']:10.2f} {m['cpu']:10.2f} {rows / m['wall']:10,.0f} "
            f"{rows / m['cpu']:10,.0f} {m['wall'] / base['wall']:10.1f}"
        )
    for engine in ENGINES:
        if runs[engine][0]["warm"]:
            m = min((r["warm"] for r in runs[engine]), key=lambda w: w["wall"])
            print(
                f"{engine + ' again':15} {m['wall']:10.2f} {m['cpu']:10.2f} "
                f"{rows / m['wall']:10,.0f} {rows / m['cpu']:10,.0f} "
                f"{m['wall'] / base['wall']:10.1f}"
            )
    one_core, two_cores = best["local[1]"], best["local[2]"]
    print(
        f"Spark 1 -> 2 executor cores: wall x{one_core['wall'] / two_cores['wall']:.2f} faster, "
        f"CPU x{two_cores['cpu'] / one_core['cpu']:.2f}; session start-up "
        f"{min(m['startup'] for m in runs['local[2]']):.1f} s (not in the wall times); "
        "'again' is a second batch in the same session"
    )


if __name__ == "__main__":
    main()
