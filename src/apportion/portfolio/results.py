"""Reading a batch's results file back: a page of rows by filter, and the recoverable
amounts by insurer (the summary gives them by owner only).

A most that is unknown on any row (null ``*_high_cents``) makes its group's most
unknown: it is never summed as nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from apportion.portfolio.read import file_format

LAYERS = ("primary", "excess")


@dataclass(frozen=True)
class Filters:
    status: str = ""
    decided_by: str = ""
    text: str = ""
    """Found in the matter id, the claimant, the respondent or an insurer (any case)."""


@dataclass(frozen=True)
class Page:
    total: int
    """Rows matching the filters."""
    rows: list[dict[str, Any]]
    offset: int


def scan_results(path: Path) -> pl.LazyFrame:
    fmt = file_format(path)
    if fmt == "parquet":
        return pl.scan_parquet(path)
    if fmt == "csv":
        return pl.scan_csv(path, infer_schema_length=10_000)
    return pl.scan_ndjson(path)


def rows_page(path: Path, filters: Filters, offset: int = 0, limit: int = 50) -> Page:
    frame = scan_results(path)
    columns = frame.collect_schema().names()
    wanted = []
    if filters.status:
        wanted.append(pl.col("status") == filters.status)
    if filters.decided_by:
        undetermined = filters.decided_by == "(undetermined)"
        wanted.append(
            pl.col("decided_by").is_null()
            if undetermined
            else pl.col("decided_by") == filters.decided_by
        )
    if filters.text:
        needle = filters.text.lower()
        keys: list[str] = [c for c in ("matter_id", "claimant", "respondent") if c in columns]
        keys += [f"{layer}_insurer" for layer in LAYERS if f"{layer}_insurer" in columns]
        found = [
            pl.col(k).cast(pl.String).str.to_lowercase().str.contains(needle, literal=True)
            for k in keys
        ]
        if found:
            wanted.append(pl.any_horizontal(found).fill_null(False))
    if wanted:
        frame = frame.filter(pl.all_horizontal(wanted))
    total = frame.select(pl.len()).collect().item()
    rows = frame.slice(offset, limit).collect().to_dicts()
    return Page(int(total), rows, offset)


def by_insurer(path: Path) -> list[dict[str, Any]]:
    """Per insurer and layer: rows, and the least and most recoverable by subrogation
    (``high`` None where some row's most is unknown), the largest least first."""
    frame = scan_results(path)
    columns = frame.collect_schema().names()
    parts = []
    for layer in LAYERS:
        key, low, high = (
            f"{layer}_insurer",
            f"{layer}_recovers_low_cents",
            f"{layer}_recovers_high_cents",
        )
        if not {key, low, high} <= set(columns):
            continue
        parts.append(
            frame.filter(pl.col(key).is_not_null() & (pl.col(high).is_null() | (pl.col(high) > 0)))
            .group_by(pl.col(key).cast(pl.String).alias("insurer"))
            .agg(
                pl.len().alias("rows"),
                pl.col(low).sum().alias("low"),
                pl.when(pl.col(high).is_null().any())
                .then(None)
                .otherwise(pl.col(high).sum())
                .alias("high"),
            )
            .with_columns(pl.lit(layer).alias("layer"))
        )
    if not parts:
        return []
    found = pl.concat(parts).sort(["low", "insurer"], descending=[True, False]).collect()
    return found.select("insurer", "layer", "rows", "low", "high").to_dicts()
