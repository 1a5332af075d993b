"""CSV and JSON Lines portfolios, read record by record into one clean CSV of text.

A text portfolio can be wrong one record at a time: a short or long CSV row, a byte that
is not UTF-8, a JSON line that does not parse, is not an object, repeats a key, names a
column that does not exist or holds a list. Each such record becomes a rejected row with
its row number and the column at fault, never a failed file or a silently filled gap.
Every column is read with the rulebook's own schema (known in advance, nothing inferred
from the first rows); cells stay text here and are typed by :mod:`.read`, like any other.
The clean copy has one record per row, each as wide as its header, in UTF-8, written by
the C ``csv`` writer: polars then reads it fast and cannot misread it (a third of the
time of building polars frames from the records).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from apportion.io.load import InputError

PROBLEM = "__record"
"""The record's own problem (not a cell's), or null."""


def clean_copy(path: Path, fmt: str, columns: set[str], target: Path) -> None:
    """Every record of ``path`` as text, one CSV row each, into ``target``: the columns
    present (the CSV header, the keys any JSON line names) and :data:`PROBLEM`. A blank
    cell is an unknown, as a null is."""
    records = _csv(path) if fmt == "csv" else _jsonl(path, columns)
    header = next(records)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*header, PROBLEM])
        writer.writerows(records)


def scan_clean(target: Path) -> pl.LazyFrame:
    return pl.scan_csv(target, infer_schema=False)


def _csv(path: Path) -> Iterator[list[str] | tuple[Any, ...]]:
    # Undecodable bytes stay as surrogates so that the cell holding them can be named.
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise InputError(str(path), [("(header)", f"not valid CSV: {exc}")]) from None
        if not header:
            raise InputError(str(path), [("(header)", "the file is empty: no header row")])
        problems = [
            (name, "appears twice in the header")
            for i, name in enumerate(header)
            if name in header[:i]
        ]
        problems += [
            (f"column {i + 1}", "the header's cell is not UTF-8 text")
            for i, name in enumerate(header)
            if not _utf8(name)
        ]
        if problems:
            raise InputError(str(path), problems)
        yield header
        width = len(header)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield (None,) * width + (f"(row): not valid CSV: {exc}",)
                continue
            if not cells:  # a blank line is no row
                continue
            yield _csv_record(header, cells)


def _csv_record(header: list[str], cells: list[str]) -> tuple[Any, ...]:
    width = len(header)
    if len(cells) < width:
        problem = f"{header[len(cells)]}: missing (the row has {len(cells)} of {width} cells)"
        return (None,) * width + (problem,)
    if len(cells) > width:
        problem = f"(row): {len(cells)} cells, the header has {width}"
        return (None,) * width + (problem,)
    if _SURROGATES.search("".join(cells)):  # one scan of the row; then find the cell
        name = next(n for n, cell in zip(header, cells, strict=True) if not _utf8(cell))
        return (None,) * width + (f"{name}: not UTF-8 text",)
    return (*cells, None)


_SURROGATES = re.compile("[\udc80-\udcff]")
"""The characters ``surrogateescape`` makes of bytes that are not UTF-8."""


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _jsonl(path: Path, columns: set[str]) -> Iterator[list[str] | tuple[Any, ...]]:
    """Two passes: the columns any line names (the header), then the records."""
    seen: set[str] = set()
    for _, line in _lines(path):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(record, dict):
            seen.update(k for k in record if k in columns)
    header = sorted(seen)
    yield header
    position = {name: i for i, name in enumerate(header)}
    for _, line in _lines(path):
        yield _json_record(line, position, columns)


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line


def _json_record(line: bytes, position: dict[str, int], columns: set[str]) -> tuple[Any, ...]:
    empty: list[Any] = [None] * len(position)
    try:
        record = json.loads(line.decode("utf-8"), object_pairs_hook=_unique)
    except UnicodeDecodeError:
        return (*empty, "(row): not UTF-8 text")
    except _Repeated as exc:
        return (*empty, f"{exc.key}: given twice in the line")
    except (ValueError, RecursionError) as exc:
        return (*empty, f"(row): not valid JSON: {exc}")
    if not isinstance(record, dict):
        return (*empty, f"(row): a line must be a JSON object, not {type(record).__name__}")
    cells = list(empty)
    for key, value in record.items():
        if key not in columns:
            return (*empty, f"{key}: no such column (see `apportion schema --portfolio`)")
        if isinstance(value, dict | list):
            return (*empty, f"{key}: expected one value, got a JSON {type(value).__name__}")
        cells[position[key]] = _text(value)
    return (*cells, None)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


class _Repeated(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Repeated(key)
        found[key] = value
    return found
