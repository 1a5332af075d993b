"""What sound ranges cost a batch, and what they give: a generated book through
``apportion batch`` with ranges over completions and without (each end of an amount at the
plan's low and high worlds, as before), interleaved on the same file, CPU time beside
wall time; then the checks the ranges promise, on the results.

    python -m bench.ranges 1000000          # rows (default 1M), seed 11
    python -m bench.ranges 20000 --runs 1   # a quick look

Checks on the results with ranges: no row whose least is above its most (any amount, any
owner); the owners' leasts never add up to more than the recovery's least and their mosts
never to less than its most (each owner's own range, so they need not add up exactly);
where every end is exact and the recovery is certain, the owners are certain too and add
up to it to the cent.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from bench.generate import write

PAIRS = ("recovery", "recoverable", "insured_recovers", "insurers_recover")
OWNERS = ("insured_recovers", "primary_recovers", "excess_recovers")


@contextlib.contextmanager
def _without_ranges() -> Iterator[None]:
    from apportion.law.california import RULEBOOK

    kept, RULEBOOK.ranges = RULEBOOK.ranges, None
    try:
        yield
    finally:
        RULEBOOK.ranges = kept


def _batch(source: Path, output: Path) -> tuple[float, float]:
    from apportion.law.california import GOALS, RULEBOOK
    from apportion.portfolio.batch import run_batch

    wall, cpu = time.perf_counter(), time.process_time()
    run_batch(source, output, RULEBOOK, GOALS, keys=("claimant", "respondent"))
    return time.perf_counter() - wall, time.process_time() - cpu


def checks(results: pl.DataFrame) -> dict[str, int]:
    def c(name: str, end: str) -> pl.Expr:
        return pl.col(f"{name}_{end}_cents")

    inverted = pl.any_horizontal(
        [(c(p, "low") > c(p, "high")).fill_null(False) for p in (*PAIRS, *OWNERS)]
    )
    leasts = pl.sum_horizontal([c(o, "low") for o in OWNERS])
    mosts = pl.sum_horizontal([c(o, "high") for o in OWNERS])
    exact = results.filter(pl.col("range_exact") & (c("recovery", "low") == c("recovery", "high")))
    return {
        "rows": results.height,
        "rows with a least above its most": results.filter(inverted).height,
        "owners' leasts above the recovery's least": results.filter(
            leasts > c("recovery", "low")
        ).height,
        "owners' mosts below the recovery's most": results.filter(
            c("recovery", "high").is_not_null()
            & pl.all_horizontal([c(o, "high").is_not_null() for o in OWNERS])
            & (mosts < c("recovery", "high"))
        ).height,
        "certain rows whose owners do not add up": exact.filter(
            (leasts != c("recovery", "low")) | (mosts != c("recovery", "high"))
        ).height,
        "rows holding a bound": results.filter(~pl.col("range_exact")).height,
        "rows with no known most": results.filter(c("recovery", "high").is_null()).height,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        book = write(args.rows, Path(tmp) / "book.parquet", seed=args.seed)
        times: dict[str, list[tuple[float, float]]] = {"without ranges": [], "with ranges": []}
        for _ in range(args.runs):
            with _without_ranges():
                times["without ranges"].append(_batch(book, Path(tmp) / "plain.parquet"))
            times["with ranges"].append(_batch(book, Path(tmp) / "ranged.parquet"))
        print(f"{args.rows:,} rows, {args.runs} interleaved runs each (best shown)")
        best = {k: min(v, key=lambda t: t[1]) for k, v in times.items()}
        for name, (wall, cpu) in best.items():
            print(f"  {name:15} wall {wall:7.2f} s   CPU {cpu:7.2f} s")
        ratio = best["with ranges"][1] / best["without ranges"][1]
        print(f"  ranges cost {ratio:.2f}x the CPU time of the batch without them")
        for name, n in checks(pl.read_parquet(Path(tmp) / "ranged.parquet")).items():
            print(f"  {name}: {n:,}")


if __name__ == "__main__":
    main()
