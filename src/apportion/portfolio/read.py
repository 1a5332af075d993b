"""Reading a portfolio lazily, typing its columns and naming each bad row's problems.

Nothing is collected here: the result is a lazy frame the streaming engine runs in
batches. Values that cannot be read as their fact's type become unknown (null) and the
row gets a problem; a row with a problem goes to the errors file, never to the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from apportion.engine import AS_OF, Kind, Rulebook
from apportion.io.load import InputError
from apportion.model.matter import MAX_CENTS
from apportion.portfolio.schema import KEY_COLUMNS, ROW

BAD = "__bad"
RAW = "__raw__"
SUFFIXES = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

_TRUE = ("true", "t", "yes", "y", "1")
_FALSE = ("false", "f", "no", "n", "0")


@dataclass
class Portfolio:
    frame: pl.LazyFrame
    """Typed fact columns, the key columns present, ``row``, ``__bad`` and raw copies."""
    keys: list[str]
    file_format: str
    reasons: pl.Expr
    """Each bad row's problems as text; cheap only on the few rows already filtered."""


def file_format(path: Path) -> str:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), [("(file)", "use .parquet, .csv or .jsonl")])
    return fmt


def scan_portfolio(path: Path, rulebook: Rulebook, keys: tuple[str, ...] = ()) -> Portfolio:
    """Scan ``path``; check its header now (exit 2 on a bad one), its rows lazily."""
    fmt = file_format(path)
    if not path.exists():
        raise InputError(str(path), [("(file)", "no such file")])
    raw_frame = _scan(path, fmt)
    try:
        header = raw_frame.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(str(path), [("(file)", f"cannot read it as {fmt}: {exc}")]) from exc
    schema = rulebook.input_schema()
    known_keys = (*KEY_COLUMNS, *keys)
    problems = [
        (name, "no such column (see `apportion schema --portfolio`)")
        for name in header
        if name not in schema and name not in known_keys
    ]
    if ROW in keys:
        problems.append((ROW, "reserved for the row number; rename the key column"))
    if AS_OF not in header:
        problems.append((AS_OF, "required column is missing"))
    if problems:
        raise InputError(str(path), problems)
    typed: dict[str, pl.Expr] = {}
    raw: dict[str, pl.Expr] = {}
    checks: list[tuple[pl.Expr, pl.Expr]] = []
    for name, dtype in schema.items():
        kind = Kind.DATE if name == AS_OF else rulebook.facts[name].kind
        if kind is Kind.ENUM:
            # A polars Enum of the fact's values: the plan's tests of it then compare small
            # integers, not text (4-9% off reading and planning 10M rows), and an unlisted
            # value is null.
            dtype = pl.Enum(rulebook.facts[name].values)
        if name not in header:
            typed[name] = pl.lit(None, dtype=dtype)
            continue
        typed[name] = _typed(pl.col(name), header[name], kind, dtype)
        if header[name] != dtype:  # keep the text as given, to show it in the error
            raw[RAW + name] = pl.col(name).cast(pl.String, strict=False)
        checks.extend(_checks(name, kind, rulebook, RAW + name if RAW + name in raw else None))
    checks.append((pl.col(AS_OF).is_null(), pl.lit(f"{AS_OF}: required")))
    present = [k for k in known_keys if k in header]
    frame = (
        raw_frame.with_row_index(ROW, offset=1)
        .select(
            pl.col(ROW).cast(pl.Int64),
            *(pl.col(k).cast(pl.String) for k in present),
            *(value.alias(name) for name, value in typed.items()),
            *(value.alias(name) for name, value in raw.items()),
        )
        .with_columns(pl.any_horizontal(cond for cond, _ in checks).fill_null(False).alias(BAD))
    )
    reasons = pl.concat_str(
        [pl.when(cond).then(reason) for cond, reason in checks], separator="; ", ignore_nulls=True
    )
    return Portfolio(frame, present, fmt, reasons)


def _scan(path: Path, fmt: str) -> pl.LazyFrame:
    if fmt == "parquet":
        return pl.scan_parquet(path)
    # Text formats are read as text and typed here, so one bad cell is one bad row.
    if fmt == "csv":
        return pl.scan_csv(path, infer_schema=False)
    header = pl.read_ndjson(path, n_rows=1000, infer_schema_length=1000).columns
    return pl.scan_ndjson(path, schema=dict.fromkeys(header, pl.String()))


def _typed(col: pl.Expr, source: pl.DataType, kind: Kind, target: pl.DataType) -> pl.Expr:
    """The column as ``target``, its fact's type; a value that cannot be read becomes null."""
    if source == target:
        return col
    if source == pl.String() and kind is Kind.BOOL:
        lowered = col.str.strip_chars().str.to_lowercase()
        return (
            pl.when(lowered.is_in(_TRUE))
            .then(pl.lit(True))
            .when(lowered.is_in(_FALSE))
            .then(pl.lit(False))
            .otherwise(pl.lit(None, dtype=pl.Boolean))
        )
    if source == pl.String() and target == pl.Int64():
        return col.str.strip_chars().str.to_integer(strict=False)
    if source == pl.String() and kind is Kind.DATE:
        return col.str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    if source.is_float() and target == pl.Int64():
        return pl.when(col == col.floor()).then(col.cast(pl.Int64, strict=False))
    return col.cast(target, strict=False)


def _checks(
    name: str, kind: Kind, rulebook: Rulebook, raw: str | None
) -> list[tuple[pl.Expr, pl.Expr]]:
    """(condition, reason) pairs over the typed column and, if kept, its raw text."""
    value = pl.col(name)
    checks: list[tuple[pl.Expr, pl.Expr]] = []
    if kind is Kind.ENUM:
        # Read as an Enum of the allowed values, an unlisted one (even blank) became null.
        allowed = rulebook.facts[name].values
        if raw is not None:
            given = pl.col(raw)
            checks.append(
                (
                    given.is_not_null() & value.is_null(),
                    pl.format(f"{name}: '{{}}' is not one of {', '.join(allowed)}", given),
                )
            )
        return checks
    if raw is not None:
        given = pl.col(raw)
        unreadable = given.is_not_null() & value.is_null() & (given.str.strip_chars() != "")
        checks.append(
            (unreadable, pl.format(f"{name}: expected {_expected(kind)}, got '{{}}'", given))
        )
    if kind is Kind.MONEY:
        checks.append((value < 0, pl.lit(f"{name}: money cannot be negative")))
        checks.append(
            (value > MAX_CENTS, pl.lit(f"{name}: money above $1 trillion ({MAX_CENTS} cents)"))
        )
    elif kind is Kind.SHARE:
        checks.append(
            (
                (value < 0) | (value > 10_000),
                pl.format(f"{name}: share {{}} is outside 0 to 10000 basis points", value),
            )
        )
    return checks


def _expected(kind: Kind) -> str:
    return {
        Kind.BOOL: "true or false",
        Kind.MONEY: "whole cents",
        Kind.SHARE: "whole basis points",
        Kind.INT: "a whole number",
        Kind.DATE: "a date YYYY-MM-DD",
    }[kind]
