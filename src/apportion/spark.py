"""The compiled plan over a Spark DataFrame, for books larger than one machine.

``mapInArrow`` hands each partition's Arrow batches to the rulebook: Arrow → polars →
the same plan a single matter uses → Arrow. Nothing else changes: one implementation of
the law, whatever runs it. Needs the ``spark`` extra (pyspark, pyarrow) and Java 17.
Rows the rulebook cannot decide (two exceptions clash) come back with null goals and
``error`` set, rather than failing the job.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from apportion.engine import Kind, Rulebook
from apportion.engine.plan import CONFLICT_PREFIX
from apportion.io.load import InputError
from apportion.portfolio.batch import with_ranges
from apportion.portfolio.schema import KEY_COLUMNS, fact_columns, result_columns, unitless

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

ERROR = "error"
_SPARK_TYPES = {
    Kind.BOOL: "boolean",
    Kind.MONEY: "bigint",
    Kind.SHARE: "bigint",
    Kind.INT: "bigint",
    Kind.DATE: "date",
    Kind.ENUM: "string",
}


def result_ddl(rulebook: Rulebook, goals: Sequence[str], keys: Sequence[str]) -> str:
    """The output schema as Spark DDL: the key columns (as text), the goals (money with its
    unit in the name, as in a portfolio's results), ``error``."""
    named = result_columns(rulebook, goals)
    fields = [f"`{k}` string" for k in keys]
    fields += [f"`{named[g]}` {_SPARK_TYPES[rulebook.rules[g].kind]}" for g in goals]
    fields.append(f"`{ERROR}` string")
    return ", ".join(fields)


def evaluate_batch(
    batch: pa.RecordBatch | pa.Table,
    rulebook: Rulebook,
    goals: Sequence[str],
    keys: Sequence[str],
) -> pl.DataFrame:
    """One Arrow batch through the compiled plan: keys, goals and ``error`` per row."""
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    schema, columns = rulebook.input_schema(), fact_columns(rulebook)
    # Spark's types (int, long, date32, string) become the facts' polars dtypes; each fact
    # is read from its portfolio column (money and shares with their unit in the name).
    typed = frame.select(
        [pl.col(k).cast(pl.String) for k in keys]
        + [
            (
                pl.col(columns[n]).cast(t) if columns[n] in frame.columns else pl.lit(None, dtype=t)
            ).alias(n)
            for n, t in schema.items()
        ]
    )
    # Amounts as ranges over completions, as the local batch gives them.
    result = with_ranges(rulebook.plan(typed.lazy(), goals), rulebook, goals).collect()
    flags = [c for c in result.columns if c.startswith(CONFLICT_PREFIX)]
    clash = pl.concat_str(
        [
            pl.when(pl.col(f)).then(
                pl.lit(f"rule {f.removeprefix(CONFLICT_PREFIX)!r}: two exceptions apply")
            )
            for f in flags
        ],
        separator="; ",
        ignore_nulls=True,
    )
    error = pl.when(clash != "").then(clash) if flags else pl.lit(None, dtype=pl.String)
    named = result_columns(rulebook, goals)
    return result.with_columns(error.alias(ERROR)).select(
        *keys,
        *(pl.when(pl.col(ERROR).is_null()).then(pl.col(g)).alias(named[g]) for g in goals),
        ERROR,
    )


def assess_spark(
    df: DataFrame,
    rulebook: Rulebook | None = None,
    goals: Sequence[str] | None = None,
    keys: Sequence[str] = KEY_COLUMNS,
) -> DataFrame:
    """Apply the rulebook's compiled plan to every row of ``df`` (a portfolio table)."""
    import pyarrow as pa

    if rulebook is None or goals is None:
        from apportion.law.california import GOALS, RULEBOOK

        rulebook, goals = rulebook or RULEBOOK, goals or GOALS
    misnamed = unitless(rulebook)
    problems = [(c, misnamed[c]) for c in df.columns if c in misnamed and c not in keys]
    if problems:
        raise InputError("DataFrame", problems)
    keys = [k for k in keys if k in df.columns]
    ddl = result_ddl(rulebook, goals, keys)
    book, wanted = rulebook, list(goals)

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            out = evaluate_batch(batch, book, wanted, keys).to_arrow()
            # Spark expects plain (not large or view) strings.
            fields: list[Any] = [
                pa.field(f.name, pa.string() if _is_text(f.type) else f.type) for f in out.schema
            ]
            yield from out.cast(pa.schema(fields)).to_batches()

    return df.mapInArrow(run, ddl)


def _is_text(arrow_type: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_large_string(arrow_type) or pa.types.is_string_view(arrow_type))
