"""A running summary of a batch: counts by status and by deciding rule, money by owner."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl

OWNERS = {"insured_recovers": "insured (own loss)", "insurers_recover": "insurers (subrogated)"}
# An owner's part is a range while a fact it depends on is unknown: both ends are summed.
ENDS = ("low", "high")
AMOUNTS = tuple(f"{owner}_{end}" for owner in OWNERS for end in ENDS)
SUMMARY_COLUMNS = ("status", "decided_by", *AMOUNTS)


def tally(frame: pl.LazyFrame, rejected: pl.Expr) -> pl.LazyFrame:
    """Counts and sums by (rejected, status, decided_by): a streaming aggregation whose
    memory is the number of groups, whatever the number of rows."""
    return frame.group_by(rejected.alias("rejected"), "status", "decided_by").agg(
        pl.len().alias("n"), *(pl.col(c).sum() for c in AMOUNTS)
    )


def ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most first, ties by name: the same order whatever order the groups came in (the
    streaming group-by's and Spark's both vary from run to run)."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@dataclass
class Summary:
    rows: int = 0
    rejected: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_decided_by: Counter[str] = field(default_factory=Counter)
    cents_by_owner: Counter[str] = field(default_factory=Counter)

    def add(self, groups: pl.DataFrame) -> None:
        """Fold in counts and sums by (rejected, status, decided_by), from :func:`tally`."""
        for row in groups.iter_rows(named=True):
            self.rows += row["n"]
            if row["rejected"]:
                self.rejected += row["n"]
                continue
            self.by_status[row["status"] or "(undetermined)"] += row["n"]
            self.by_decided_by[row["decided_by"] or "(undetermined)"] += row["n"]
            for column in AMOUNTS:
                self.cents_by_owner[column] += int(row[column] or 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "evaluated": self.rows - self.rejected,
            "rejected": self.rejected,
            "by_status": dict(ranked(self.by_status)),
            "by_decided_by": dict(ranked(self.by_decided_by)),
            "recoverable_cents_by_owner": {
                owner: {end: self.cents_by_owner[f"{owner}_{end}"] for end in ENDS}
                for owner in OWNERS
            },
        }
