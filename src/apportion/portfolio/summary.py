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


@dataclass
class Summary:
    rows: int = 0
    rejected: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_decided_by: Counter[str] = field(default_factory=Counter)
    cents_by_owner: Counter[str] = field(default_factory=Counter)

    def add(self, batch: pl.DataFrame) -> None:
        """Fold in one batch of the summary feed (rejected rows are only counted)."""
        self.rows += batch.height
        good = batch.filter(~pl.col("rejected"))
        self.rejected += batch.height - good.height
        for column, counter in (("status", self.by_status), ("decided_by", self.by_decided_by)):
            counts = good.group_by(column).len()
            for value, n in counts.iter_rows():
                counter[value if value is not None else "(undetermined)"] += n
        sums = good.select(pl.col(c).sum() for c in AMOUNTS).row(0, named=True)
        for column, cents in sums.items():
            self.cents_by_owner[column] += int(cents or 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "evaluated": self.rows - self.rejected,
            "rejected": self.rejected,
            "by_status": dict(self.by_status.most_common()),
            "by_decided_by": dict(self.by_decided_by.most_common()),
            "recoverable_cents_by_owner": {
                owner: {end: self.cents_by_owner[f"{owner}_{end}"] for end in ENDS}
                for owner in OWNERS
            },
        }
