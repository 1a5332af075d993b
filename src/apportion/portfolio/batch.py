"""Run a portfolio through the compiled plan, streaming, in one pass over the input.

One lazy query reads the input, types and checks it, applies the rulebook's plan (the
same one a single matter uses) and feeds what polars runs together: the results file,
the rejected rows (bad input or clashing rules: row numbers and flags only) and a running
summary, plus row counts for the progress bar. Memory stays bounded by the batch size,
not the input. The rejected rows' reasons are then read from the input again, for those
rows only, into the errors file. Outputs (results, errors and any side files made from
the summary) are written to temporary files and renamed only once all succeeded
(:mod:`apportion.io.atomic`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import polars as pl

from apportion.engine import Rulebook
from apportion.engine.completions import Pair, frame_ranges
from apportion.engine.openfacts import with_open_facts
from apportion.engine.plan import CONFLICT_PREFIX
from apportion.io.atomic import replacing
from apportion.io.load import InputError
from apportion.portfolio.read import BAD, Portfolio, file_format, scan_portfolio
from apportion.portfolio.schema import ROW, fact_columns, result_columns
from apportion.portfolio.summary import Deadlines, Summary, tally

REASON = "reason"
OPEN_FACTS = "open_facts"
"""With ``open_facts``: on an open row, the portfolio columns of the unknown facts its
goal may still turn on (a list; in CSV, the names separated by spaces)."""
OpenFacts = tuple[str, Sequence[str]]
"""The goal whose open values call for the list, and those values."""
REJECTED = "__error"
"""Whether a row goes to the errors file (bad input or clashing rules)."""
COMPRESSIONS = ("snappy", "zstd", "lz4", "gzip", "uncompressed")
"""Codecs for Parquet results. Snappy, the default of Spark, pyarrow and DuckDB, made the
10M-row batch 15% faster than polars' zstd (11.2-11.5 s against 13.2-13.6 s, interleaved
runs) for a file 1.6 times larger (321 against 202 MiB); zstd is there for a smaller file."""


@dataclass
class BatchResult:
    summary: Summary
    output: Path
    errors: Path


def count_rows(path: Path) -> int | None:
    """The input's row count where it is cheap (Parquet metadata), else None: a file
    that cannot be counted is refused, with its reason, by the reader."""
    if not path.is_file() or file_format(path) != "parquet":
        return None
    try:
        return int(pl.scan_parquet(path).select(pl.len()).collect().item())
    except (pl.exceptions.PolarsError, OSError):
        return None


def side_file(output: Path, suffix: str) -> Path:
    """A file named after the results: ``book.2024.parquet`` -> ``book.2024.errors.csv``."""
    return output.with_name(output.name.removesuffix(output.suffix) + suffix)


@dataclass
class _Plan:
    good: pl.LazyFrame
    """The results: row number, keys, goals (and facts if asked)."""
    flagged: pl.LazyFrame
    """The rejected rows: row number, keys, bad-input flag, clash flags. Few columns, so
    that running it beside the results holds back no wide batches."""
    feed: pl.LazyFrame
    seen: pl.LazyFrame
    portfolio: Portfolio
    clashes: list[str]


@dataclass(frozen=True)
class Evaluation:
    """The rulebook's plan over a typed portfolio (:meth:`Reading.apply`) and what each
    output takes from it: the one definition of the results every engine writes (the
    streaming batch over a scan, Spark over each Arrow batch)."""

    tagged: pl.LazyFrame
    """Every row: its results' columns, ``__bad``, the clash flags and ``__error``."""
    results: list[pl.Expr]
    """The results' columns, in order: row number, keys, facts if asked, goals (under
    their portfolio names: money and shares with their unit)."""
    clashes: list[str]
    """The clash flags' columns (:data:`CONFLICT_PREFIX` and the rule)."""


def evaluate(
    frame: pl.LazyFrame,
    keys: Sequence[str],
    rulebook: Rulebook,
    goals: Sequence[str],
    keep_facts: bool = False,
    open_facts: OpenFacts | None = None,
    as_text: bool = False,
    deadlines: Deadlines | None = None,
) -> Evaluation:
    """With ``open_facts`` (a goal and its open values), the results end with
    :data:`OPEN_FACTS` (space-separated text if ``as_text``)."""
    evaluated = with_ranges(rulebook.plan(frame, goals), rulebook, goals)
    extra: list[pl.Expr] = []
    if open_facts is not None:
        goal, values = open_facts
        is_open = pl.col(goal).cast(pl.String).is_in(list(values))
        evaluated = with_open_facts(
            rulebook, evaluated, goal, is_open, OPEN_FACTS, fact_columns(rulebook)
        )
        listed = pl.col(OPEN_FACTS)
        extra.append(listed.list.join(" ") if as_text else listed)
    flags = [c for c in evaluated.collect_schema().names() if c.startswith(CONFLICT_PREFIX)]
    conflict = pl.any_horizontal(pl.col(f) for f in flags) if flags else pl.lit(False)
    tagged = evaluated.with_columns((pl.col(BAD) | conflict).alias(REJECTED))
    facts = fact_columns(rulebook) if keep_facts else {}
    named = result_columns(rulebook, goals)
    shown = {g: pl.col(g) for g in goals}
    if deadlines is not None:  # a deadline's days only where one is due
        shown |= {g: pl.when(pl.col(deadlines.due)).then(pl.col(g)) for g in deadlines.days}
        extra.append(deadlines.days_left().alias("days_left"))
    results = [
        pl.col(ROW),
        *(pl.col(k) for k in keys),
        *(pl.col(f).alias(c) for f, c in facts.items()),
        *(shown[g].alias(named[g]) for g in goals if g not in facts),
        *extra,
        *([pl.col(RANGE_EXACT)] if _ranged(rulebook, goals) else []),
    ]
    return Evaluation(tagged, results, flags)


def reason(clashes: Sequence[str], input_reasons: pl.Expr) -> pl.Expr:
    """A rejected row's reason: its input's problems (``input_reasons``, over the
    :class:`Reading`'s columns), else the rules that clash on it."""
    texts = [
        pl.when(pl.col(flag)).then(
            pl.lit(
                f"rule {flag.removeprefix(CONFLICT_PREFIX)!r}: two exceptions apply "
                "with different values"
            )
        )
        for flag in clashes
    ]
    clash_text = (
        pl.concat_str(texts, separator="; ", ignore_nulls=True)
        if texts
        else pl.lit(None, dtype=pl.String)
    )
    return pl.when(pl.col(BAD)).then(input_reasons).otherwise(clash_text).alias(REASON)


def results_plan(
    path: Path,
    rulebook: Rulebook,
    goals: Sequence[str],
    *,
    keys: tuple[str, ...] = (),
    keep_facts: bool = False,
    open_facts: OpenFacts | None = None,
    as_text: bool = False,
    deadlines: Deadlines | None = None,
) -> _Plan:
    """The lazy results, rejected rows, summary tally and row numbers for one input file."""
    portfolio = scan_portfolio(path, rulebook, keys)
    evaluation = evaluate(
        portfolio.frame,
        portfolio.keys,
        rulebook,
        goals,
        keep_facts,
        open_facts,
        as_text,
        deadlines,
    )
    tagged, flags = evaluation.tagged, evaluation.clashes
    good = tagged.filter(~pl.col(REJECTED)).select(evaluation.results)
    flagged = tagged.filter(pl.col(REJECTED)).select(ROW, *portfolio.keys, BAD, *flags)
    feed = tally(tagged, pl.col(REJECTED), deadlines)
    return _Plan(good, flagged, feed, tagged.select(ROW), portfolio, flags)


RANGE_EXACT = "range_exact"
"""False on a row where some amount's end is only a bound ("at least"/"at most")."""


def _ranged(rulebook: Rulebook, goals: Sequence[str]) -> list[Pair]:
    spec = rulebook.ranges
    return [p for p in spec.pairs if p.low in goals and p.high in goals] if spec else []


def with_ranges(evaluated: pl.LazyFrame, rulebook: Rulebook, goals: Sequence[str]) -> pl.LazyFrame:
    """Each amount's ``_low`` and ``_high`` columns made its least and most over every
    completion of the row's unknown facts (an owner's own, not its part at the total's
    ends), batch by batch as the rows stream (:mod:`apportion.engine.completions`), and
    ``range_exact``. A row the plan already settles costs one comparison."""
    pairs, spec = _ranged(rulebook, goals), rulebook.ranges
    if not pairs or spec is None:
        return evaluated
    schema = dict(evaluated.collect_schema()) | {RANGE_EXACT: pl.Boolean()}

    def complete(batch: pl.DataFrame) -> pl.DataFrame:
        found = frame_ranges(rulebook, batch, spec)
        certain = [
            pl.when(
                found.get_column(f"{p.name}_exact")
                & (pl.col(f"{p.name}_least") == pl.col(f"{p.name}_most"))
            )
            .then(pl.col(f"{p.name}_least"))
            .alias(p.name)
            for p in pairs
            if p.name in goals
        ]
        determined = found.select(certain) if certain else None
        return batch.with_columns(
            *(determined.get_columns() if determined is not None else []),
            *(found.get_column(f"{p.name}_least").alias(p.low) for p in pairs),
            *(found.get_column(f"{p.name}_most").alias(p.high) for p in pairs),
            pl.all_horizontal(found.get_column(f"{p.name}_exact") for p in pairs).alias(
                RANGE_EXACT
            ),
        )

    return evaluated.map_batches(complete, schema=schema, streamable=True)


def _reasons(plan: _Plan, flagged: pl.DataFrame) -> pl.DataFrame:
    """Each rejected row's problems as text: the input's, read again for those rows only
    (cheap: a filtered scan, no rules), else the rules that clash on it."""
    bad_rows = flagged.filter(pl.col(BAD)).get_column(ROW)
    problems = (
        plan.portfolio.frame.filter(pl.col(ROW).is_in(bad_rows.implode()))
        .select(ROW, plan.portfolio.reasons.alias("__input"))
        .collect()
        if bad_rows.len()
        else pl.DataFrame(schema={ROW: pl.Int64, "__input": pl.String})
    )
    return (
        flagged.join(problems, on=ROW, how="left")
        .select(ROW, *plan.portfolio.keys, reason(plan.clashes, pl.col("__input")))
        .sort(ROW)
    )


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
    compression: str | None = None,
    side_files: Mapping[Path, Callable[[Summary], str]] | None = None,
    open_facts: OpenFacts | None = None,
    deadlines: Deadlines | None = None,
) -> BatchResult:
    """Evaluate every row of ``source`` into ``output``; bad rows go to ``errors``.
    ``compression`` is the Parquet codec of the results (default snappy); it is an
    error to give one for CSV or JSONL results. ``side_files`` are text files made from
    the summary, replaced together with the results."""
    errors = errors or side_file(output, ".errors.csv")
    out_fmt, err_fmt = file_format(output), file_format(errors)
    codec = _codec(compression, out_fmt, output)
    sides = dict(side_files or {})
    _distinct(source, [output, errors, *sides])
    plan = results_plan(
        source,
        rulebook,
        goals,
        keys=keys,
        keep_facts=keep_facts,
        open_facts=open_facts,
        as_text=out_fmt == "csv",
        deadlines=deadlines,
    )
    with replacing([output, errors, *sides]) as (tmp_out, tmp_err, *tmp_sides):
        # The rejected rows go through a file of their own: collected in memory beside
        # the summary, polars held back batches and memory doubled (2.4 GiB on 10M rows).
        handle, name = tempfile.mkstemp(prefix=f".{errors.name}.", dir=errors.parent)
        os.close(handle)
        tmp_flagged = Path(name)
        queries = [
            sink(plan.good, tmp_out, out_fmt, codec),
            plan.flagged.sink_parquet(tmp_flagged, lazy=True),
            plan.feed,
        ]
        if on_batch is not None:
            # Only the row numbers: a consumer this light never holds the other sinks back
            # (a slow one makes polars buffer their input, and memory grows with the input).
            report = on_batch
            queries.append(
                plan.seen.sink_batches(lambda b: report(b.height), chunk_size=chunk_size, lazy=True)
            )
        try:
            summary = Summary(deadlines_from=deadlines.today if deadlines else None)
            groups = pl.collect_all(queries)[2]
            summary.add(groups)
            rejected = _reasons(plan, pl.read_parquet(tmp_flagged))
            sink(rejected.lazy(), tmp_err, err_fmt, codec).collect()
        except pl.exceptions.PolarsError as exc:
            raise InputError(str(source), [("(rows)", str(exc).splitlines()[0])]) from exc
        finally:
            tmp_flagged.unlink(missing_ok=True)
            if plan.portfolio.scratch is not None:
                plan.portfolio.scratch.cleanup()
        for temporary, make in zip(tmp_sides, sides.values(), strict=True):
            temporary.write_text(make(summary), encoding="utf-8")
    return BatchResult(summary, output, errors)


def _distinct(source: Path, outputs: list[Path]) -> None:
    """No output may be the input or another output (both would be lost)."""
    seen: dict[Path, Path] = {source.resolve(): source}
    for path in outputs:
        other = seen.get(path.resolve())
        if other is not None:
            what = "the input" if other is source else f"also the output {str(other)!r}"
            raise InputError(str(path), [("(file)", f"is {what}; give another file name")])
        seen[path.resolve()] = path


def _codec(compression: str | None, fmt: str, output: Path) -> str:
    if compression is None:
        return COMPRESSIONS[0]
    if fmt != "parquet":
        raise InputError(str(output), [("--compression", "applies to Parquet results only")])
    if compression not in COMPRESSIONS:
        raise InputError(str(output), [("--compression", f"use one of {', '.join(COMPRESSIONS)}")])
    return compression


ParquetCodec = Literal["lz4", "uncompressed", "snappy", "gzip", "brotli", "zstd"]


def sink(frame: pl.LazyFrame, path: Path, fmt: str, codec: str) -> pl.LazyFrame:
    if fmt == "parquet":
        return frame.sink_parquet(path, lazy=True, compression=cast(ParquetCodec, codec))
    if fmt == "csv":
        return frame.sink_csv(path, lazy=True, check_extension=False)
    return frame.sink_ndjson(path, lazy=True, check_extension=False)
