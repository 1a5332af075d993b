"""The portfolio format: one row per candidate claim, the rulebook's facts as columns.

Money is integer cents and its columns end in ``_cents`` (``paid_by_primary_cents``);
shares are basis points (100 = 1 %) and their columns end in ``_bp``
(``respondent_fault_bp``): the unit is in the name, so that a column in dollars or percent
cannot be read as cents or basis points unnoticed. Dates are dates, enums are strings from
a fixed list, and a null is an unknown fact. ``as_of`` (the date whose law applies) is
required on every row. Key columns identify the claim and pass through. Results columns
that hold money end in ``_cents`` likewise. :func:`column_name` is the one definition of
the naming.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from apportion.engine import AS_OF, Kind, Ref, Rulebook

FORMAT = "apportion-portfolio/1"
KEY_COLUMNS = ("matter_id", "claimant", "respondent", "primary_insurer", "excess_insurer")
"""Passed through to the results: the claim, and the insurer of each layer of the
claimant's cover (who may be subrogated to what that layer paid)."""
ROW = "row"
"""Output column: the row's 1-based position among the input's data rows."""

_UNITS = {
    Kind.MONEY: "integer cents (US$ 1.00 = 100), not negative",
    Kind.SHARE: "basis points, 0 to 10000 (40 % = 4000)",
    Kind.DATE: "date (YYYY-MM-DD in CSV and JSONL)",
    Kind.BOOL: "true or false",
    Kind.INT: "whole number",
}


_SUFFIXES = {Kind.MONEY: "_cents", Kind.SHARE: "_bp"}
_UNIT_WORDS = {
    Kind.MONEY: "portfolio money is in cents",
    Kind.SHARE: "portfolio shares are in basis points",
}

UNITS = (
    "Money columns are integer cents and their names end in _cents "
    "(paid_by_primary_cents = 400000 is US$ 4,000.00); share columns are basis points and "
    "their names end in _bp (respondent_fault_bp = 4000 is 40 %). A column named without "
    "its unit (paid_by_primary, respondent_fault) is refused."
)
"""The portfolio's units, as `apportion schema --portfolio` and the docs say them first."""


def column_name(ref: Ref) -> str:
    """A fact's (or a result's) column in a portfolio or its results: its id, with its
    unit for money (``_cents``) and shares (``_bp``)."""
    return ref.id + _SUFFIXES.get(ref.kind, "")


def fact_columns(rulebook: Rulebook) -> dict[str, str]:
    """Each input fact's portfolio column, by fact id (``as_of`` included)."""
    return {
        name: name if name == AS_OF else column_name(rulebook.facts[name])
        for name in rulebook.input_schema()
    }


def result_columns(rulebook: Rulebook, goals: Sequence[str]) -> dict[str, str]:
    """Each goal's results column, by rule id."""
    return {goal: column_name(rulebook.rules[goal]) for goal in goals}


def unitless(rulebook: Rulebook) -> dict[str, str]:
    """The refusal of each column named without its unit (the fact's bare id), by that
    name: ``paid_by_primary: portfolio money is in cents: name the column ...``."""
    return {
        fact: f"{_UNIT_WORDS[rulebook.facts[fact].kind]}: name the column {column}"
        for fact, column in fact_columns(rulebook).items()
        if column != fact
    }


def portfolio_schema(rulebook: Rulebook) -> dict[str, pl.DataType]:
    """Every column a portfolio may have, by its name there, with its polars dtype."""
    schema: dict[str, pl.DataType] = {key: pl.String() for key in KEY_COLUMNS}
    columns = fact_columns(rulebook)
    schema.update({columns[n]: dtype for n, dtype in rulebook.input_schema().items()})
    return schema


def describe(rulebook: Rulebook) -> dict[str, Any]:
    """The portfolio format as JSON: what `apportion schema --portfolio` prints."""
    names = fact_columns(rulebook)
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
            "name": names[name],
            "fact": name,
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
        "units": UNITS,
        "format": FORMAT,
        "rulebook": {"name": rulebook.name, "version": rulebook.version},
        "files": ["Parquet (.parquet)", "CSV with a header (.csv)", "JSON Lines (.jsonl)"],
        "unknown": "null (an empty CSV cell, a JSON null, or a missing column)",
        "columns": columns,
    }
