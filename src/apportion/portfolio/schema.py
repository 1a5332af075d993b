"""The portfolio format: one row per candidate claim, the rulebook's facts as columns.

Money is integer cents, shares are basis points (100 = 1 %), dates are dates, enums are
strings from a fixed list, and a null is an unknown fact. ``as_of`` (the date whose law
applies) is required on every row. Key columns identify the claim and pass through.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from apportion.engine import AS_OF, Kind, Rulebook

FORMAT = "apportion-portfolio/1"
KEY_COLUMNS = ("matter_id", "claimant", "respondent")
ROW = "row"
"""Output column: the row's 1-based position among the input's data rows."""

_UNITS = {
    Kind.MONEY: "integer cents (US$ 1.00 = 100), not negative",
    Kind.SHARE: "basis points, 0 to 10000 (40 % = 4000)",
    Kind.DATE: "date (YYYY-MM-DD in CSV and JSONL)",
    Kind.BOOL: "true or false",
    Kind.INT: "whole number",
}


def portfolio_schema(rulebook: Rulebook) -> dict[str, pl.DataType]:
    """Every column a portfolio may have, with its polars dtype."""
    schema: dict[str, pl.DataType] = {key: pl.String() for key in KEY_COLUMNS}
    schema.update(rulebook.input_schema())
    return schema


def describe(rulebook: Rulebook) -> dict[str, Any]:
    """The portfolio format as JSON: what `apportion schema --portfolio` prints."""
    columns: list[dict[str, Any]] = [
        {"name": key, "dtype": "String", "role": "key", "required": False} for key in KEY_COLUMNS
    ]
    columns.append(
        {
            "name": AS_OF,
            "dtype": "Date",
            "role": "as_of",
            "required": True,
            "unit": _UNITS[Kind.DATE],
            "question": "The date whose law applies to this claim.",
        }
    )
    for name, dtype in rulebook.input_schema().items():
        if name == AS_OF:
            continue
        fact = rulebook.facts[name]
        column: dict[str, Any] = {
            "name": name,
            "dtype": str(dtype),
            "role": "fact",
            "kind": fact.kind.value,
            "required": False,
            "question": fact.question,
        }
        if fact.kind is Kind.ENUM:
            column["values"] = list(fact.values)
        else:
            column["unit"] = _UNITS[fact.kind]
        columns.append(column)
    return {
        "format": FORMAT,
        "rulebook": {"name": rulebook.name, "version": rulebook.version},
        "files": ["Parquet (.parquet)", "CSV with a header (.csv)", "JSON Lines (.jsonl)"],
        "unknown": "null (an empty CSV cell, a JSON null, or a missing column)",
        "columns": columns,
    }
