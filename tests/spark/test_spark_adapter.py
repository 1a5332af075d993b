"""The compiled plan on a local Spark session (``assess_spark``) agrees, row for row,
with polars."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from apportion.law.california import GOALS, RULEBOOK
from apportion.portfolio import run_batch
from apportion.portfolio.schema import result_columns

ROOT = Path(__file__).resolve().parents[2]
ROWS = 400


@pytest.fixture
def small_batches(spark: Any) -> Iterator[Any]:
    """Arrow batches of 150 rows, so that a partition holds several."""
    key = "spark.sql.execution.arrow.maxRecordsPerBatch"
    before = spark.conf.get(key)
    spark.conf.set(key, "150")
    yield spark
    spark.conf.set(key, before)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spark") / "book.parquet"
    subprocess.run(
        [sys.executable, "-m", "bench.generate", str(ROWS), "-o", str(path), "--seed", "5"],
        cwd=ROOT,
        check=True,
    )
    # The row number as a key, to line the two engines' results up.
    frame = pl.read_parquet(path).with_row_index("line", offset=1)
    frame.with_columns(pl.col("line").cast(pl.Int64)).write_parquet(path)
    return path


def test_spark_agrees_with_polars_row_for_row(
    small_batches: Any, book: Path, tmp_path: Path
) -> None:
    from apportion.spark import ERROR, assess_spark

    df = small_batches.read.parquet(str(book))
    assert df.rdd.getNumPartitions() >= 1
    got = pl.from_arrow(assess_spark(df, keys=("line", "matter_id")).toArrow())
    assert isinstance(got, pl.DataFrame)
    got = got.with_columns(pl.col("line").cast(pl.Int64)).sort("line")
    assert got.height == ROWS

    reference = run_batch(book, tmp_path / "out.parquet", RULEBOOK, GOALS, keys=("line",))
    # Key columns are text in a portfolio's results.
    expected = pl.read_parquet(reference.output).with_columns(pl.col("line").cast(pl.Int64))
    expected = expected.sort("line")
    rejected = pl.read_csv(reference.errors)["line"].to_list()

    decided = got.filter(pl.col(ERROR).is_null())
    assert decided["line"].to_list() == expected["line"].to_list()
    named = list(result_columns(RULEBOOK, GOALS).values())  # money with its unit: _cents
    assert decided.select(*named).equals(expected.select(*named))
    # Rows polars rejects for clashing rules are flagged, not dropped, by Spark.
    assert got.filter(pl.col(ERROR).is_not_null())["line"].to_list() == rejected


def test_spark_flags_clashing_rows_instead_of_failing(spark: Any) -> None:
    from apportion.engine import Fact, Kind, Rule, Rulebook, unless
    from apportion.spark import ERROR, assess_spark

    a, b = Fact("a", Kind.BOOL, "a?"), Fact("b", Kind.BOOL, "b?")
    rule = Rule(
        "r",
        "r",
        0,
        kind=Kind.MONEY,
        exceptions=[unless("x", a, then=1, words="x"), unless("y", b, then=2, words="y")],
    )
    book = Rulebook("toy", "1", [a, b], [rule])
    rows = [("ok", dt.date(2001, 1, 1), True, False), ("clash", dt.date(2001, 1, 1), True, True)]
    df = spark.createDataFrame(rows, "matter_id string, as_of date, a boolean, b boolean")
    got = assess_spark(df, book, ("r",)).orderBy("matter_id").collect()
    assert [(r["matter_id"], r["r_cents"], r[ERROR]) for r in got] == [
        ("clash", None, "rule 'r': two exceptions apply"),
        ("ok", 1, None),
    ]


def test_spark_refuses_a_money_column_without_its_unit(spark: object) -> None:
    from apportion.io.load import InputError
    from apportion.spark import assess_spark

    df = spark.createDataFrame(  # type: ignore[attr-defined]
        [(dt.date(2001, 1, 1), 400000)], "as_of date, paid_by_primary bigint"
    )
    with pytest.raises(InputError) as refused:
        assess_spark(df)
    assert refused.value.problems == [
        (
            "paid_by_primary",
            "portfolio money is in cents: name the column paid_by_primary_cents",
        )
    ]
