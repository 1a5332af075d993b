"""Run a portfolio through the compiled plan, streaming, in one pass over the input.

One lazy query reads the input, types and checks it, applies the rulebook's plan (the
same one a single matter uses) and feeds three sinks that polars runs together: the
results, the errors (bad rows and clashing rules, with their row numbers) and a running
summary that also drives the progress bar. Memory stays bounded by the batch size, not
the input. Outputs are written to temporary names and renamed only once all succeeded.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from apportion.engine import Rulebook
from apportion.engine.plan import CONFLICT_PREFIX
from apportion.io.load import InputError
from apportion.portfolio.read import BAD, file_format, scan_portfolio
from apportion.portfolio.schema import ROW
from apportion.portfolio.summary import Summary, tally

REASON = "reason"
_ERROR = "__error"


@dataclass
class BatchResult:
    summary: Summary
    output: Path
    errors: Path


def count_rows(path: Path) -> int | None:
    """The input's row count where it is cheap (Parquet metadata, CSV lines)."""
    fmt = file_format(path)
    if fmt == "parquet":
        return int(pl.scan_parquet(path).select(pl.len()).collect().item())
    if fmt == "csv":
        return int(pl.scan_csv(path, infer_schema=False).select(pl.len()).collect().item())
    return None


def results_plan(
    path: Path,
    rulebook: Rulebook,
    goals: Sequence[str],
    *,
    keys: tuple[str, ...] = (),
    keep_facts: bool = False,
) -> tuple[pl.LazyFrame, pl.LazyFrame, pl.LazyFrame, pl.LazyFrame]:
    """The lazy results, errors, summary tally and row numbers for one input file."""
    portfolio = scan_portfolio(path, rulebook, keys)
    evaluated = rulebook.plan(portfolio.frame, goals)
    flags = [c for c in evaluated.collect_schema().names() if c.startswith(CONFLICT_PREFIX)]
    clashes = [
        pl.when(pl.col(flag)).then(
            pl.lit(
                f"rule {flag.removeprefix(CONFLICT_PREFIX)!r}: two exceptions apply "
                "with different values"
            )
        )
        for flag in flags
    ]
    conflict = pl.any_horizontal(pl.col(f) for f in flags) if flags else pl.lit(False)
    reasons = pl.concat_str(
        [
            portfolio.reasons,
            pl.when(~pl.col(BAD)).then(pl.concat_str(clashes, separator="; ", ignore_nulls=True)),
        ]
        if clashes
        else [portfolio.reasons],
        separator="; ",
        ignore_nulls=True,
    )
    tagged = evaluated.with_columns((pl.col(BAD) | conflict).alias(_ERROR))
    facts = [c for c in rulebook.input_schema() if keep_facts]
    good = tagged.filter(~pl.col(_ERROR)).select(
        ROW, *portfolio.keys, *facts, *(g for g in goals if g not in facts)
    )
    bad = tagged.filter(pl.col(_ERROR)).select(ROW, *portfolio.keys, reasons.alias(REASON))
    feed = tally(tagged, pl.col(_ERROR))
    return good, bad, feed, tagged.select(ROW)


def run_batch(
    source: Path,
    output: Path,
    rulebook: Rulebook,
    goals: Sequence[str],
    *,
    errors: Path | None = None,
    keys: tuple[str, ...] = (),
    keep_facts: bool = False,
    on_batch: Callable[[int], None] | None = None,
    chunk_size: int = 100_000,
) -> BatchResult:
    """Evaluate every row of ``source`` into ``output``; bad rows go to ``errors``."""
    errors = errors or output.with_name(output.name.split(".")[0] + ".errors.csv")
    out_fmt, err_fmt = file_format(output), file_format(errors)
    good, bad, feed, seen = results_plan(source, rulebook, goals, keys=keys, keep_facts=keep_facts)
    tmp_out, tmp_err = _temporary(output), _temporary(errors)
    sinks = [_sink(good, tmp_out, out_fmt), _sink(bad, tmp_err, err_fmt), feed]
    if on_batch is not None:
        # Only the row numbers: a consumer this light never holds the other sinks back
        # (a slow one makes polars buffer their input, and memory grows with the input).
        report = on_batch
        sinks.append(
            seen.sink_batches(lambda b: report(b.height), chunk_size=chunk_size, lazy=True)
        )
    try:
        summary = Summary()
        summary.add(pl.collect_all(sinks)[2])
        os.replace(tmp_out, output)
        os.replace(tmp_err, errors)
    except pl.exceptions.PolarsError as exc:
        raise InputError(str(source), [("(rows)", str(exc).splitlines()[0])]) from exc
    finally:
        for tmp in (tmp_out, tmp_err):
            tmp.unlink(missing_ok=True)
    return BatchResult(summary, output, errors)


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def _sink(frame: pl.LazyFrame, path: Path, fmt: str) -> pl.LazyFrame:
    if fmt == "parquet":
        return frame.sink_parquet(path, lazy=True)
    if fmt == "csv":
        return frame.sink_csv(path, lazy=True, check_extension=False)
    return frame.sink_ndjson(path, lazy=True, check_extension=False)
