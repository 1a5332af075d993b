"""A folder of matter files as one portfolio table (one row per candidate claim)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from apportion.engine import Rulebook
from apportion.io.atomic import replacing
from apportion.io.flatten import flatten
from apportion.io.load import InputError, load_matter
from apportion.portfolio.schema import KEY_COLUMNS, fact_columns, portfolio_schema

MATTER_SUFFIXES = (".yaml", ".yml", ".json")


def matter_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError(str(folder), [("(folder)", "no such folder")])
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in MATTER_SUFFIXES)


def flatten_folder(folder: Path, rulebook: Rulebook, as_of: dt.date | None = None) -> pl.DataFrame:
    """Every candidate claim of every matter file under ``folder``; ``matter_id`` is the
    file's path relative to the folder. All files are checked; every problem is reported."""
    rows: list[dict[str, object]] = []
    problems: list[tuple[str, str]] = []
    for path in matter_files(folder):
        name = path.relative_to(folder).as_posix()
        try:
            matter = load_matter(path)
            when = as_of or matter.as_of or dt.date.today()
            for row in flatten(matter, rulebook, when):
                keys = {"matter_id": name, "claimant": row.claimant, "respondent": row.respondent}
                keys |= {f"{layer}_insurer": who for layer, who in row.insurers.items()}
                rows.append(keys | row.facts)
        except InputError as error:
            problems.extend((f"{name}: {where}", why) for where, why in error.problems)
    if problems:
        raise InputError(str(folder), problems)
    schema = portfolio_schema(rulebook)
    # The matter's facts under their portfolio columns (money and shares with their unit).
    names = dict(zip(KEY_COLUMNS, KEY_COLUMNS, strict=True)) | fact_columns(rulebook)
    return pl.DataFrame({c: [r.get(f) for r in rows] for f, c in names.items()}, schema=schema)


def write_table(frame: pl.DataFrame, path: Path) -> None:
    """Replace ``path`` with the table, atomically."""
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv", ".jsonl", ".ndjson"):
        raise InputError(str(path), [("(file)", "use .parquet, .csv or .jsonl")])
    with replacing([path]) as (temporary,):
        if suffix == ".parquet":
            frame.write_parquet(temporary)
        elif suffix == ".csv":
            frame.write_csv(temporary)
        else:
            frame.write_ndjson(temporary)
