"""Reading a portfolio lazily, typing its columns and naming each bad row's problems.

Nothing is collected here: the result is a lazy frame the streaming engine runs in
batches. Values that cannot be read as their fact's type become unknown (null) and the
row gets a problem; a row with a problem goes to the errors file, never to the results.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from apportion.engine import AS_OF, Kind, Rulebook
from apportion.io.load import InputError, OutputError
from apportion.model.limits import FIRST_DAY, LAST_DAY, MAX_WHOLE
from apportion.model.matter import MAX_CENTS
from apportion.portfolio.schema import KEY_COLUMNS, ROW, fact_columns, unitless
from apportion.portfolio.text import PROBLEM, clean_copy, scan_clean

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
    scratch: tempfile.TemporaryDirectory[str] | None = None
    """Where a text portfolio's records were put as Parquet, while the frame is read."""


def file_format(path: Path) -> str:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(str(path), [("(file)", "use .parquet, .csv or .jsonl")])
    return fmt


def scan_portfolio(path: Path, rulebook: Rulebook, keys: tuple[str, ...] = ()) -> Portfolio:
    """Scan ``path``; check its header now (exit 2 on a bad one), its rows lazily."""
    fmt = file_format(path)
    if not path.is_file():
        reason = "is a directory, not a file" if path.is_dir() else "no such file"
        raise InputError(str(path), [("(file)", reason)])
    facts, misnamed = set(fact_columns(rulebook).values()), unitless(rulebook)
    known_keys = (*KEY_COLUMNS, *keys)
    scratch = None
    if fmt == "parquet":
        raw_frame = pl.scan_parquet(path)
    else:
        # Text formats are read record by record, so one bad record is one bad row.
        scratch = tempfile.TemporaryDirectory(prefix="apportion-")
        clean = Path(scratch.name) / "records.csv"
        try:
            clean_copy(path, fmt, {*facts, *misnamed, *known_keys}, clean)
        except OSError as exc:
            scratch.cleanup()
            reason = f"{exc.strerror or exc} (a clean copy of {path.name})"
            raise OutputError(clean, reason) from None
        raw_frame = scan_clean(clean)
    try:
        header = raw_frame.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        reason = f"cannot read it as {fmt}: {str(exc).splitlines()[0]}"
        raise InputError(str(path), [("(file)", reason)]) from None
    reading = read_columns(str(path), dict(header), fmt, rulebook, keys)
    frame = reading.apply(raw_frame.with_row_index(ROW, offset=1))
    return Portfolio(frame, reading.keys, fmt, reading.reasons, scratch)


@dataclass(frozen=True)
class Reading:
    """How a portfolio's raw columns become typed facts, and which rows are bad and why:
    polars expressions built once from the header. This is the one definition of the
    reading layer's checks; every engine applies it (the streaming batch to a lazy scan
    of the file, Spark to each Arrow batch of a partition)."""

    columns: list[pl.Expr]
    """``row`` as Int64, the keys as text, the typed facts and the raw text kept to name
    a bad value."""
    keys: list[str]
    bad: pl.Expr
    """Whether a row has a problem (over :attr:`columns`' outputs)."""
    reasons: pl.Expr
    """Each bad row's problems as text; cheap only on the few rows already filtered."""

    def apply(self, raw: pl.LazyFrame) -> pl.LazyFrame:
        """``raw`` (the file's columns and ``row``) typed and checked, with ``__bad``."""
        return raw.select(self.columns).with_columns(self.bad.alias(BAD))


def read_columns(
    source: str,
    header: Mapping[str, pl.DataType],
    fmt: str,
    rulebook: Rulebook,
    keys: Sequence[str] = (),
) -> Reading:
    """The :class:`Reading` of a portfolio whose columns are ``header``; a bad header
    (an unknown column, no ``as_of``, a type that cannot hold its fact) is an
    :class:`InputError` naming ``source``."""
    schema = rulebook.input_schema()
    # Each fact is read from its column (money and shares with their unit in the name)
    # and typed under its own id, which the plan reads.
    names = fact_columns(rulebook)
    facts = {column: fact for fact, column in names.items()}
    misnamed = unitless(rulebook)
    known_keys = (*KEY_COLUMNS, *keys)
    problems = [
        (name, misnamed.get(name, "no such column (see `apportion schema --portfolio`)"))
        for name in header
        if name not in facts and name not in known_keys and name != PROBLEM
    ]
    if ROW in keys:
        problems.append((ROW, "reserved for the row number; rename the key column"))
    problems += [
        (f"--key {k}", "no such column in the file") for k in keys if k not in header and k != ROW
    ]
    if AS_OF not in header:
        problems.append((AS_OF, "required column is missing"))
    problems += [
        (name, f"a {fmt} column of type {dtype} cannot hold {_expected(_kind(rulebook, fact))}")
        for name, dtype in header.items()
        if (fact := facts.get(name)) is not None and not _readable(dtype, _kind(rulebook, fact))
    ]
    if problems:
        raise InputError(source, problems)
    typed: dict[str, pl.Expr] = {}
    raw: dict[str, pl.Expr] = {}
    checks: list[tuple[pl.Expr, pl.Expr]] = []
    if PROBLEM in header:
        checks.append((pl.col(PROBLEM).is_not_null(), pl.col(PROBLEM)))
    for name, dtype in schema.items():
        kind, column = _kind(rulebook, name), names[name]
        if kind is Kind.ENUM:
            # A polars Enum of the fact's values: the plan's tests of it then compare small
            # integers, not text (4-9% off reading and planning 10M rows), and an unlisted
            # value is null.
            dtype = pl.Enum(rulebook.facts[name].values)
        if column not in header:
            typed[name] = pl.lit(None, dtype=dtype)
            continue
        typed[name] = _typed(pl.col(column), header[column], kind, dtype)
        if header[column] != dtype:  # keep the text as given, to show it in the error
            raw[RAW + name] = pl.col(column).cast(pl.String, strict=False)
        kept = RAW + name if RAW + name in raw else None
        checks.extend(_checks(name, column, kind, rulebook, kept))
    missing = pl.col(AS_OF).is_null()
    if PROBLEM in header:  # a record that could not be read has no as_of to speak of
        missing = missing & pl.col(PROBLEM).is_null()
    checks.append((missing, pl.lit(f"{AS_OF}: required")))
    present = [k for k in known_keys if k in header]
    selected = [
        pl.col(ROW).cast(pl.Int64),
        *(pl.col(k).cast(pl.String) for k in present),
        *(value.alias(name) for name, value in typed.items()),
        *(value.alias(name) for name, value in raw.items()),
        *(pl.col(c) for c in (PROBLEM,) if c in header),
    ]
    bad = pl.any_horizontal(cond for cond, _ in checks).fill_null(False)
    reasons = pl.concat_str(
        [pl.when(cond).then(reason) for cond, reason in checks], separator="; ", ignore_nulls=True
    )
    return Reading(selected, present, bad, reasons)


def _kind(rulebook: Rulebook, name: str) -> Kind:
    return Kind.DATE if name == AS_OF else rulebook.facts[name].kind


def _readable(source: pl.DataType, kind: Kind) -> bool:
    """Whether a column of ``source`` type can hold ``kind``'s values (losslessly, for
    the values that are: others are bad rows)."""
    if source in (pl.String(), pl.Null()):
        return True
    if kind is Kind.ENUM:
        return isinstance(source, pl.Enum | pl.Categorical)
    if kind is Kind.BOOL:
        return source == pl.Boolean() or source.is_integer()
    if kind is Kind.DATE:
        return source == pl.Date() or isinstance(source, pl.Datetime)
    return source.is_integer() or source.is_float() or isinstance(source, pl.Decimal)


def _typed(col: pl.Expr, source: pl.DataType, kind: Kind, target: pl.DataType) -> pl.Expr:
    """The column as ``target``, its fact's type; a value that cannot be read exactly
    (12.50 dollars as cents, 2 as true or false) becomes null, and its row is bad."""
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
    if isinstance(source, pl.Categorical):
        return col.cast(pl.String).cast(target, strict=False)
    if isinstance(target, pl.Enum) or source == pl.Null():
        return col.cast(target, strict=False)
    converted = col.cast(target, strict=False)
    # Only lossless: the value must come back unchanged.
    return pl.when(converted.cast(source, strict=False) == col).then(converted)


def _checks(
    fact: str, name: str, kind: Kind, rulebook: Rulebook, raw: str | None
) -> list[tuple[pl.Expr, pl.Expr]]:
    """(condition, reason) pairs over the typed ``fact`` and, if kept, its raw text; the
    reasons name the input's column ``name``."""
    value = pl.col(fact)
    checks: list[tuple[pl.Expr, pl.Expr]] = []
    if kind is Kind.ENUM:
        # Read as an Enum of the allowed values, an unlisted one (even blank) became null.
        allowed = rulebook.facts[fact].values
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
    elif kind is Kind.INT:
        checks.append(
            (
                (value < 0) | (value > MAX_WHOLE),
                pl.format(f"{name}: {{}} is outside 0 to {MAX_WHOLE}", value),
            )
        )
    elif kind is Kind.DATE:
        checks.append(
            (
                (value < FIRST_DAY) | (value > LAST_DAY),
                pl.format(f"{name}: {{}} is outside {FIRST_DAY} to {LAST_DAY}", value),
            )
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
        Kind.ENUM: "one of its listed values",
    }[kind]
