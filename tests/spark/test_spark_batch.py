"""`apportion batch --engine spark` gives the local batch's answers: the same results, the
same errors file and the same summary, row for row, on a generated book of 120,000 rows
with bad rows, rule clashes and unknowns, read by Spark (two cores) from part files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from apportion.cli import app
from apportion.engine import Rule, Rulebook, unless
from apportion.law.california import GOALS, RULEBOOK
from apportion.law.california import facts as F
from apportion.portfolio import run_batch
from apportion.portfolio.spark import run_spark_batch

ROOT = Path(__file__).resolve().parents[2]
ROWS = 120_000
PARTS = 4
SEED = 23

# The California rulebook has no known clash: a probe rule whose exceptions disagree when
# the respondent settled in good faith and the insurer reserved its rights (under 1 % of
# the generated rows) stands in for one the law might contain.
_PROBE = Rule(
    "clash_probe",
    "a deliberately clashing rule",
    False,
    exceptions=[
        unless("one", F.respondent_good_faith_settlement, then=True, words="one"),
        unless("other", F.reservation_of_rights, then=False, words="other"),
    ],
)
CLASHING = Rulebook("clashing", "test", RULEBOOK.facts.values(), [*RULEBOOK.rules.values(), _PROBE])
PROBE_GOALS = (*GOALS, "clash_probe")


def _spoil(frame: pl.DataFrame) -> pl.DataFrame:
    """Bad rows of every kind the reader names, a few hundred of each: negative money, a
    share above 100 %, an enum value not listed, no ``as_of``, whole numbers given as text
    (one of them not a number), true/false as 0/1 (and a 2), amounts as floats (one of
    them not whole cents)."""
    i = pl.int_range(pl.len())
    text_days = pl.col("section_340_6_tolled_days").cast(pl.String)
    return frame.with_columns(
        pl.when(i % 397 == 0)
        .then(-5)
        .otherwise(pl.col("paid_by_claimant_cents"))
        .alias("paid_by_claimant_cents"),
        pl.when(i % 401 == 1)
        .then(12_000)
        .otherwise(pl.col("respondent_fault_bp"))
        .alias("respondent_fault_bp"),
        pl.when(i % 409 == 2)
        .then(pl.lit("partner"))
        .otherwise(pl.col("claimant_role").cast(pl.String))
        .alias("claimant_role"),
        pl.when(i % 419 == 3).then(None).otherwise(pl.col("as_of")).alias("as_of"),
        pl.when(i % 421 == 4)
        .then(pl.lit(" ten "))
        .otherwise(text_days)
        .alias("section_340_6_tolled_days"),
        pl.when(i % 431 == 5)
        .then(2)
        .otherwise(pl.col("client_sued_claimant").cast(pl.Int8))
        .alias("client_sued_claimant"),
        pl.when(i % 433 == 6)
        .then(pl.col("fees_waived_cents").cast(pl.Float64) + 0.5)
        .otherwise(pl.col("fees_waived_cents").cast(pl.Float64))
        .alias("fees_waived_cents"),
    )


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same rows as one Parquet file (for the local batch) and as part files."""
    where = tmp_path_factory.mktemp("spark-book")
    single = where / "book.parquet"
    command = ["-m", "bench.generate", str(ROWS), "-o", str(single), "--seed", str(SEED)]
    subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        check=True,
    )
    frame = _spoil(pl.read_parquet(single))
    frame.write_parquet(single, row_group_size=16_384)
    parts = where / "parts"
    parts.mkdir()
    size = -(-ROWS // PARTS)
    for n in range(PARTS):
        frame.slice(n * size, size).write_parquet(parts / f"part-{n:05d}.parquet")
    return single, parts


def test_spark_batch_gives_the_local_batch_answers_row_for_row(
    spark: Any, book: tuple[Path, Path], tmp_path: Path
) -> None:
    single, parts = book
    local = run_batch(single, tmp_path / "local.parquet", CLASHING, PROBE_GOALS)
    remote = run_spark_batch(
        spark, str(parts), str(tmp_path / "spark.parquet"), CLASHING, PROBE_GOALS
    )
    # The summary, exactly; and a book with all that the comparison must cover.
    assert remote.summary.to_dict() == local.summary.to_dict()
    summary = local.summary.to_dict()
    assert summary["rows"] == ROWS
    assert summary["by_status"]["undetermined"] > 10_000  # unknowns
    assert summary["by_status"]["available"] > 1_000

    errors = pl.read_csv(local.errors)
    reasons = errors["reason"]
    for kind in (
        "money cannot be negative",
        "basis points",
        "is not one of",
        "as_of: required",
        "expected a whole number, got ' ten '",
        "expected true or false, got '2'",
        "expected whole cents, got",
        "two exceptions apply",
    ):
        assert reasons.str.contains(kind, literal=True).sum() > 50, kind
    # The errors file, byte for byte: the same rows, keys and reasons, in row order.
    assert remote.errors.read_bytes() == local.errors.read_bytes()

    expected = pl.read_parquet(local.output)
    got = pl.read_parquet(tmp_path / "spark.parquet" / "*.parquet")
    assert got.columns == expected.columns
    assert got.schema == expected.schema
    assert got.height == expected.height == ROWS - errors.height
    # Row for row by key: every row number once, and each with the same values.
    got = got.sort("row")
    assert got["row"].is_unique().all()
    assert got.equals(expected.sort("row"))
    assert (
        got.join(expected, on=["row", "matter_id", "claimant", "respondent"], how="anti").height
        == 0
    )


def test_spark_batch_from_the_command_line(
    spark: Any, book: tuple[Path, Path], tmp_path: Path
) -> None:
    single, _ = book
    small = tmp_path / "small.parquet"
    pl.read_parquet(single).head(3_000).write_parquet(small)
    runner = CliRunner()
    outputs = {}
    for engine in ("local", "spark"):
        out = tmp_path / engine / "results.parquet"
        out.parent.mkdir()
        args = ["batch", str(small), "-o", str(out), "--no-progress", "--engine", engine]
        args += ["--summary-json", str(out.parent / "summary.json"), "--open-facts"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "3,000 rows" in result.output
        outputs[engine] = out
    local, remote = outputs["local"], outputs["spark"]
    assert (remote / "_SUCCESS").is_file()
    for suffix in (".errors.csv", ".summary.svg"):
        name = "results" + suffix
        assert (remote.parent / name).read_bytes() == (local.parent / name).read_bytes()
    assert json.loads((remote.parent / "summary.json").read_text()) == json.loads(
        (local.parent / "summary.json").read_text()
    )
    got = pl.read_parquet(remote / "*.parquet").sort("row")
    assert got["open_facts"].list.len().sum() > 0  # the triage column, as the local one
    assert got.equals(pl.read_parquet(local))
    # Run again: the earlier results are replaced whole.
    result = runner.invoke(
        app, ["batch", str(small), "-o", str(remote), "--no-progress", "--engine", "spark"]
    )
    assert result.exit_code == 0, result.output
    assert pl.read_parquet(remote / "*.parquet").sort("row").equals(got.drop("open_facts"))
    assert sorted(p.name for p in remote.parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "missing", "no such file or directory"),
        (lambda d: d / "book.csv", "the Spark engine reads Parquet only"),
        (lambda d: d / "bad.parquet", "wrong_column: no such column"),
    ],
)
def test_a_bad_book_exits_2_with_no_output(
    spark: Any, tmp_path: Path, make: Any, expected: str
) -> None:
    pl.DataFrame({"as_of": ["2020-01-01"], "wrong_column": [1]}).write_parquet(
        tmp_path / "bad.parquet"
    )
    (tmp_path / "book.csv").write_text("as_of\n2020-01-01\n")
    out = tmp_path / "out" / "results.parquet"
    out.parent.mkdir()
    args = ["batch", str(make(tmp_path)), "-o", str(out), "--engine", "spark", "--no-progress"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert expected in result.output
    assert list(out.parent.iterdir()) == []


def test_an_output_that_is_not_earlier_results_is_refused(spark: Any, tmp_path: Path) -> None:
    book = tmp_path / "book.parquet"
    pl.DataFrame({"as_of": ["2020-01-01"]}).write_parquet(book)
    keep = tmp_path / "data"
    keep.mkdir()
    (keep / "precious.txt").write_text("mine")
    args = ["batch", str(book), "-o", str(keep), "--engine", "spark", "--no-progress"]
    args += ["--errors", str(tmp_path / "e.csv"), "--chart", str(tmp_path / "c.svg")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "not a results directory written by Spark" in result.output
    assert [p.name for p in keep.iterdir()] == ["precious.txt"]
    assert not (tmp_path / "e.csv").exists()


def test_master_needs_the_spark_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["batch", "x.parquet", "-o", str(tmp_path / "o.parquet"), "--master", "local[2]"]
    )
    assert result.exit_code == 2
    assert "--master: applies to --engine spark only" in result.output


def test_the_spark_submit_entry_prints_its_path() -> None:
    found = subprocess.run(
        [sys.executable, "-m", "apportion.cli.spark_submit", "--path"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(found).name == "spark_submit.py"
    assert "def main(" in Path(found).read_text()
