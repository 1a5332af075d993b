"""A portfolio row as a matter decides as the batch decided the row: the same status,
deciding rule and every amount's and owner's range, on every row of a generated book
(the row path and the streaming plan, through two different readers)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from apportion.decide.assessment import assess
from apportion.law.california import GOALS, RULEBOOK
from apportion.portfolio.batch import run_batch
from apportion.portfolio.read import scan_portfolio
from apportion.portfolio.rowmatter import row_matter

RANGED = (
    "recoverable",
    "recovery",
    "insured_recovers",
    "insurers_recover",
    "primary_recovers",
    "excess_recovers",
)


def test_every_row_as_a_matter_decides_as_the_batch(synthetic: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.parquet"
    pl.read_parquet(synthetic).head(400).write_parquet(book)
    out = tmp_path / "out.parquet"
    run_batch(book, out, RULEBOOK, GOALS)
    results = {r["row"]: r for r in pl.read_parquet(out).iter_rows(named=True)}
    rows = scan_portfolio(book, RULEBOOK).frame.filter(~pl.col("__bad")).collect()
    assert rows.height == len(results) == 400
    statuses = set()
    for row in rows.iter_rows(named=True):
        expected = results[row["row"]]
        claim = assess(row_matter(RULEBOOK, row, f"row {row['row']}")).claims[0]
        assert (claim.values["status"], claim.values["decided_by"]) == (
            expected["status"],
            expected["decided_by"],
        ), row["row"]
        for name in RANGED:
            found = claim.ranges[name]
            assert (found.least.cents, found.most.cents) == (
                expected[f"{name}_low_cents"],
                expected[f"{name}_high_cents"],
            ), (row["row"], name)
        statuses.add(expected["status"])
    assert {"available", "barred", "undetermined"} <= statuses
