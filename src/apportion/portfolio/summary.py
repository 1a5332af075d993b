"""A running summary of a batch: counts by status and by deciding rule, money by owner."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl

OWNERS = {"insured_recovers": "insured (own loss)", "insurers_recover": "insurers (subrogated)"}
# An owner's part is a range while a fact it depends on is unknown (its own least and most
# over every completion): both ends are summed.
ENDS = ("low", "high")
AMOUNTS = tuple(f"{owner}_{end}" for owner in OWNERS for end in ENDS)
SUMMARY_COLUMNS = ("status", "decided_by", *AMOUNTS)


UNKNOWN = "__unknown"
BOUNDED = "bounded"


# Filing deadlines counted from a day: already past, or ending within 30, 60, 90 days
# (each count includes the shorter ones), and due with no safe day the rulebook can give.
WITHIN = (30, 60, 90)
DEADLINE_COUNTS = ("expired", *(f"within_{n}_days" for n in WITHIN), "no_safe_day")


@dataclass(frozen=True)
class Deadlines:
    """Where a batch's results hold each claim's filing deadline, and the day counted
    from. Days are calendar days in California."""

    due: str
    """The yes/no column: a deadline is due (a claim not yet filed that needs one)."""
    day: str
    """The date column: the last safe day."""
    days: tuple[str, ...]
    """Every date column of the deadline (shown only where one is due)."""
    today: dt.date

    def days_left(self) -> pl.Expr:
        left = (pl.col(self.day) - pl.lit(self.today, dtype=pl.Date)).dt.total_days()
        return pl.when(pl.col(self.due)).then(left)

    def counts(self) -> list[pl.Expr]:
        left = self.days_left()
        return [
            (left < 0).sum().alias("expired"),
            *(left.is_between(0, n).sum().alias(f"within_{n}_days") for n in WITHIN),
            (pl.col(self.due).fill_null(False) & pl.col(self.day).is_null())
            .sum()
            .alias("no_safe_day"),
        ]


def tally(
    frame: pl.LazyFrame, rejected: pl.Expr, deadlines: Deadlines | None = None
) -> pl.LazyFrame:
    """Counts and sums by (rejected, status, decided_by): a streaming aggregation whose
    memory is the number of groups, whatever the number of rows. Beside each sum, how
    many rows had no known value (no known most: the total has none either), and how
    many rows hold a bound rather than an exact end (``range_exact`` false)."""
    names = frame.collect_schema().names()
    bounded = (~pl.col("range_exact")).sum() if "range_exact" in names else pl.lit(0)
    return frame.group_by(rejected.alias("rejected"), "status", "decided_by").agg(
        pl.len().alias("n"),
        *(pl.col(c).sum() for c in AMOUNTS),
        *(deadlines.counts() if deadlines is not None else ()),
        *(pl.col(c).null_count().alias(c + UNKNOWN) for c in AMOUNTS),
        bounded.alias(BOUNDED),
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
    deadlines_from: dt.date | None = None
    """The day filing deadlines are counted from, when the batch computed them."""
    deadlines: Counter[str] = field(default_factory=Counter)
    unknown_by_owner: Counter[str] = field(default_factory=Counter)
    """Rows whose end is unknown (no known most), by owner and end."""
    bounded: int = 0
    """Rows with an end that is only a bound ("at least"/"at most")."""

    def add(self, groups: pl.DataFrame) -> None:
        """Fold in counts and sums by (rejected, status, decided_by), from :func:`tally`."""
        for row in groups.iter_rows(named=True):
            self.rows += row["n"]
            if row["rejected"]:
                self.rejected += row["n"]
                continue
            self.by_status[row["status"] or "(undetermined)"] += row["n"]
            self.by_decided_by[row["decided_by"] or "(undetermined)"] += row["n"]
            self.bounded += int(row.get(BOUNDED) or 0)
            for column in AMOUNTS:
                self.cents_by_owner[column] += int(row[column] or 0)
                self.unknown_by_owner[column] += int(row.get(column + UNKNOWN) or 0)
            for column in DEADLINE_COUNTS:
                if column in row:
                    self.deadlines[column] += int(row[column] or 0)

    def total(self, owner: str, end: str) -> int | None:
        """The sum of an owner's ends; None at the high end if a row has no known most."""
        column = f"{owner}_{end}"
        if end == "high" and self.unknown_by_owner[column]:
            return None
        return self.cents_by_owner[column]

    def to_dict(self) -> dict[str, Any]:
        found = self._to_dict()
        if self.deadlines_from is not None:
            found["filing_deadlines"] = {
                "counted_from": self.deadlines_from.isoformat(),
                "days": "calendar days in California",
                **{name: self.deadlines[name] for name in DEADLINE_COUNTS},
            }
        return found

    def _to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "evaluated": self.rows - self.rejected,
            "rejected": self.rejected,
            "by_status": dict(ranked(self.by_status)),
            "by_decided_by": dict(ranked(self.by_decided_by)),
            "recoverable_cents_by_owner": {
                owner: {end: self.total(owner, end) for end in ENDS} for owner in OWNERS
            },
            "rows_with_bounds": self.bounded,
            "rows_without_known_most": max(
                (self.unknown_by_owner[f"{owner}_high"] for owner in OWNERS), default=0
            ),
        }
