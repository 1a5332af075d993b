"""Fuzzing every reader (issue 13): mutated matter files through `assess`, `whatif` and
`interview`, mutated portfolio rows in every format through `batch`. Seeded and
derandomized, with a fixed number of examples (about a minute in all).

A matter run must end in exit 0 with a result, or exit 2 with nothing on stdout and every
stderr line ``file: field.path: reason``; never a traceback. Mutations that make a file
certainly wrong (an impossible date, bytes that are not UTF-8, a key given twice...) must
be refused: an accepted one is a *silent accept*. A batch must account for every row
(rows in = results + errors) and name each error's row and column; a cell that cannot be
its fact's value must be an error. The tallies are printed at the end (``pytest -s``).
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from refusal import MUSSER, MUSSER_DOC, REFUSAL, invoke

from apportion.engine import Kind
from apportion.law.california import RULEBOOK
from apportion.portfolio.schema import KEY_COLUMNS, fact_columns

SCALE = int(os.environ.get("APPORTION_FUZZ_SCALE", "1"))
"""Examples times this (default 1, about a minute): a longer hunt, never the CI's."""
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
TALLY: Counter[tuple[str, str, str]] = Counter()
"""(suite, mutation class, outcome) -> count; outcomes: tried, refused (for portfolio rows:
the rows rejected), crash, silent (accepted though certainly wrong)."""


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    for suite in sorted({s for s, _, _ in TALLY}):
        classes = sorted({c for s, c, _ in TALLY if s == suite})
        tried = sum(TALLY[suite, c, "tried"] for c in classes)
        print(f"\n{suite}: {tried} inputs, {len(classes)} classes")
        for c in classes:
            counts = {o: TALLY[suite, c, o] for o in ("tried", "refused", "crash", "silent")}
            print(f"  {c:28} " + "  ".join(f"{o} {n}" for o, n in counts.items()))


# --- matter files ---------------------------------------------------------------------

FACT_IDS = sorted(RULEBOOK.facts)
BAD_SCALARS: list[Any] = [
    -1,
    10**21,
    "１２",
    "2002-02-30",
    "9999-12-31",
    "1066-10-14",
    "Evil \x1b[31mred\x1b[0m",
    "nobody",
    "\u202etxt.exe",
    True,
    [],
    {},
    [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
]
ANY_SCALARS: list[Any] = [None, "", 0, 1, 1.5, "12.50", "40%", "2001-01-01", False, "x" * 300]


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found += _paths(value, (*prefix, i))
    return found


PATHS = _paths(MUSSER_DOC)


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


def _tree(doc: dict[str, Any], draw: st.DrawFn, kind: str) -> str | None:
    """Change ``doc`` in place; the class of the change, ``!`` first if it must be refused."""
    path = draw(st.sampled_from(PATHS))
    parent, key = _parent(doc, path), path[-1]
    if kind == "drop":
        del parent[key]
        return "drop a field"
    if kind == "bad value":
        value = draw(st.sampled_from(BAD_SCALARS))
        parent[key] = value
        return "set a value"  # some bad values are fine in some places (True as a flag)
    if kind == "any value":
        parent[key] = draw(st.sampled_from(ANY_SCALARS))
        return "set a value"
    if kind == "unknown field":
        target = parent if isinstance(parent, dict) else doc
        target["colour"] = "blue"
        return "!unknown field"
    if kind == "duplicate item":
        lists = [p for p in PATHS if isinstance(_parent(doc, (*p, 0)), list)]
        where = _parent(doc, (*draw(st.sampled_from(lists)), 0))
        where.append(copy.deepcopy(where[0]))
        return "duplicate a list item"
    if kind == "fact":
        name = draw(st.sampled_from([*FACT_IDS, "no_such_fact"]))
        doc.setdefault("facts", {})[name] = draw(st.sampled_from(BAD_SCALARS + ANY_SCALARS))
        return "answer a fact"
    raise AssertionError(kind)


MUST_REFUSE_VALUES = {"Evil \x1b[31mred\x1b[0m", "\u202etxt.exe"}
"""Values no field of a matter may hold (a date string is a fine title)."""


def _text(text: str, draw: st.DrawFn, kind: str) -> tuple[bytes, str]:
    lines = text.splitlines(keepends=True)
    at = draw(st.integers(0, len(lines) - 1))
    if kind == "truncate":
        cut = draw(st.integers(0, len(text)))
        return text[:cut].encode(), "truncate"
    if kind == "bad bytes":
        raw = text.encode()
        cut = draw(st.integers(0, len(raw)))
        return raw[:cut] + b"\xff\xfe" + raw[cut:], "!bytes not UTF-8"
    if kind == "duplicate line":
        line = draw(st.sampled_from([x for x in lines if re.match(r"^[a-z_]+:", x)]))
        return (text + line).encode(), "!a top-level key twice"
    if kind == "delete line":
        return "".join(lines[:at] + lines[at + 1 :]).encode(), "delete a line"
    if kind == "python tag":
        return (text + "evil: !!python/object/apply:os.system ['true']\n").encode(), "!python tag"
    if kind == "empty":
        return b"", "!empty file"
    if kind == "deep":
        return (text + "deep: " + "[" * 3000 + "]" * 3000 + "\n").encode(), "!deep nesting"
    if kind == "bad date":
        return text.replace("1997-01-15", "1997-02-30", 1).encode(), "!impossible date"
    if kind == "alias bomb":
        bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
        for i in range(6):
            bomb += f"b{i}: &b{i} [" + ",".join([f"*{'a' if i == 0 else f'b{i - 1}'}"] * 10) + "]\n"
        return (text + bomb).encode(), "!alias bomb"
    raise AssertionError(kind)


TREE_KINDS = ("drop", "bad value", "any value", "unknown field", "duplicate item", "fact")
TEXT_KINDS = (
    "truncate",
    "bad bytes",
    "duplicate line",
    "delete line",
    "python tag",
    "empty",
    "deep",
    "bad date",
    "alias bomb",
)
COMMANDS = (("assess",), ("assess",), ("whatif", "--no-flips"), ("interview",))


@st.composite
def mutated_matter(draw: st.DrawFn) -> tuple[bytes, str, str]:
    """(file content, suffix, mutation class)"""
    if draw(st.booleans()):
        doc = copy.deepcopy(MUSSER_DOC)
        label = _tree(doc, draw, draw(st.sampled_from(TREE_KINDS)))
        assert label is not None
        values = {repr(v) for v in _scalars(doc)}
        if label == "set a value" and values & {repr(v) for v in MUST_REFUSE_VALUES}:
            label = "!a value no field may hold"
        if draw(st.booleans()):
            return json.dumps(doc, default=str).encode(), ".json", label
        return yaml.safe_dump(doc, sort_keys=False).encode(), ".yaml", label
    content, label = _text(MUSSER.read_text(), draw, draw(st.sampled_from(TEXT_KINDS)))
    return content, ".yaml", label


def _scalars(doc: Any) -> Iterator[Any]:
    stack = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        else:
            yield value


@settings(FUZZ, max_examples=150 * SCALE)
@given(case=mutated_matter(), command=st.sampled_from(COMMANDS))
def test_fuzz_matter_files(
    tmp_path_factory: pytest.TempPathFactory, case: Any, command: Any
) -> None:
    content, suffix, label = case
    must_refuse = label.startswith("!")
    label = label.lstrip("!")
    path = tmp_path_factory.mktemp("fuzz") / f"matter{suffix}"
    path.write_bytes(content)
    TALLY["matter", label, "tried"] += 1
    result = invoke(command[0], path, *command[1:], input="quit\n")
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    if crashed:
        TALLY["matter", label, "crash"] += 1
    assert not crashed, (label, command, repr(result.exception))
    if result.exit_code == 0:
        assert result.stdout and result.stderr == "", (label, result.stderr)
        if must_refuse:
            TALLY["matter", label, "silent"] += 1
        assert not must_refuse, (label, command, content[:400])
        return
    TALLY["matter", label, "refused"] += 1
    assert result.exit_code == 2, (label, result.exit_code, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(REFUSAL.match(line) for line in lines), lines
    assert all(line.startswith(f"{path}: ") for line in lines), lines


# --- portfolio rows ---------------------------------------------------------------------

# A portfolio's columns: money and shares with their unit in the name.
FACT_OF = {column: fact for fact, column in fact_columns(RULEBOOK).items()}
COLUMNS = list(FACT_OF)
BAD_CELLS: dict[Kind, list[str]] = {
    Kind.MONEY: ["-5", "12.5", "abc", "１２", "1e3", "100000000000000000000", "true"],
    Kind.SHARE: ["10001", "-1", "40%", "4.5"],
    Kind.INT: ["-1", "100001", "ten", "1.5"],
    Kind.BOOL: ["2", "maybe", "-1", "yes please"],
    Kind.DATE: ["2002-02-30", "0001-01-01", "9999-12-31", "20020101", "soon"],
    Kind.ENUM: ["nonsense", "LEAD!"],
}


def _kind(name: str) -> Kind:
    return Kind.DATE if name == "as_of" else RULEBOOK.facts[FACT_OF[name]].kind


@pytest.fixture(scope="module")
def musser_row(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("matters")
    (folder / "m.yaml").write_text(MUSSER.read_text())
    assert invoke("flatten", folder, "-o", folder / "m.parquet").exit_code == 0
    (row,) = pl.read_parquet(folder / "m.parquet").to_dicts()
    return row


ROWS = 12


@st.composite
def cell_mutations(draw: st.DrawFn) -> list[tuple[int, str, str, bool]]:
    """(row index, column, text, must be an error)"""
    found = []
    for _ in range(draw(st.integers(1, 4))):
        row = draw(st.integers(0, ROWS - 1))
        column = draw(st.sampled_from(COLUMNS))
        bad = draw(st.booleans())
        # A blank (unknown) is always allowed, except as as_of (required).
        text = draw(st.sampled_from(BAD_CELLS[_kind(column)])) if bad else ""
        found.append((row, column, text, bad or column == "as_of"))
    return found


def _text_book(musser_row: dict[str, Any]) -> list[dict[str, str | None]]:
    rows = []
    for i in range(ROWS):
        row = {k: _cell(v) for k, v in musser_row.items()}
        row["matter_id"] = f"m{i}"
        rows.append(row)
    return rows


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


STRUCTURE = {
    # (Not an unbalanced quote: it makes one record of the lines up to the next quote,
    # as CSV says, so the rows in are not the lines in.)
    "csv": ("short row", "long row", "bad byte"),
    "jsonl": ("bad json", "not an object", "repeated key", "unknown key", "nested value"),
}


def _write_text_book(
    rows: list[dict[str, Any]], fmt: str, broken: dict[int, str], path: Path
) -> None:
    header = list(rows[0])
    out: list[bytes] = []
    if fmt == "csv":
        out.append(",".join(header).encode())
        for i, row in enumerate(rows):
            cells = ["" if row[h] is None else _quote(row[h]) for h in header]
            line = ",".join(cells).encode()
            damage = broken.get(i)
            if damage == "short row":
                line = ",".join(cells[:-1]).encode()
            elif damage == "long row":
                line += b",1"
            elif damage == "bad byte":
                line = line.replace(b"m", b"m\xff", 1)
            out.append(line)
    else:
        for i, row in enumerate(rows):
            record = {k: v for k, v in row.items() if v is not None}
            line = json.dumps(record)
            damage = broken.get(i)
            if damage == "bad json":
                line = line[:-3]
            elif damage == "not an object":
                line = json.dumps(list(record.values()))
            elif damage == "repeated key":
                line = line[:-1] + ', "matter_id": "again"}'
            elif damage == "unknown key":
                line = line[:-1] + ', "respondent_imune": true}'
            elif damage == "nested value":
                line = line[:-1] + ', "theory": ["a"]}'
            out.append(line.encode())
    path.write_bytes(b"\n".join(out) + b"\n")


def _quote(text: str) -> str:
    return f'"{text}"' if any(c in text for c in ',"\n') else text


PARQUET_BAD: dict[Kind, list[Any]] = {
    Kind.MONEY: [decimal.Decimal("12.50"), 12.5, -5],
    Kind.BOOL: [2, -1],
    Kind.INT: [-1, 1.5],
    Kind.SHARE: [10001, decimal.Decimal("0.5")],
}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
@settings(FUZZ, max_examples=12 * SCALE)
@given(
    cells=cell_mutations(),
    structure=st.dictionaries(st.integers(0, ROWS - 1), st.integers(0, 4), max_size=3),
    data=st.data(),
)
def test_fuzz_portfolio_rows(
    tmp_path_factory: pytest.TempPathFactory,
    musser_row: dict[str, Any],
    fmt: str,
    cells: list[tuple[int, str, str, bool]],
    structure: dict[int, int],
    data: st.DataObject,
) -> None:
    folder = tmp_path_factory.mktemp("book")
    rows = _text_book(musser_row)
    final = {(row, column): (text, bad) for row, column, text, bad in cells}  # the last wins
    must_fail: dict[int, str] = {}
    for (row, column), (text, bad) in final.items():
        rows[row][column] = text or None
        if bad:
            must_fail[row + 1] = f"cell {column}"
    source = folder / f"book.{fmt}"
    wrong_type = False
    if fmt == "parquet":
        frame = pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String), orient="row")
        frame = _typed_parquet(frame, {c for _, c, _, _ in cells}, must_fail, data.draw)
        if wrong_type := data.draw(st.integers(0, 5)) == 0:  # a column no fact's value fits
            name = data.draw(st.sampled_from([c for c in COLUMNS if _kind(c) is not Kind.DATE]))
            frame = frame.with_columns(pl.lit(dt.date(2020, 1, 1)).alias(name))
            TALLY["portfolio", "parquet column types", "tried"] += 1
        frame.write_parquet(source)
        label = "parquet cells"
    else:
        kinds = STRUCTURE[fmt]
        broken = {row: kinds[k % len(kinds)] for row, k in structure.items()}
        must_fail |= {row + 1: damage for row, damage in broken.items()}
        _write_text_book(rows, fmt, broken, source)
        label = f"{fmt} rows"
    TALLY["portfolio", label, "tried"] += 1
    out = folder / "out.parquet"
    result = invoke("batch", source, "-o", out, "--no-progress")
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    if crashed:
        TALLY["portfolio", label, "crash"] += 1
    assert not crashed, repr(result.exception)
    if result.exit_code == 2:  # a refused file (a column type that cannot hold its fact)
        TALLY["portfolio", "parquet column types", "refused"] += 1
        assert wrong_type, result.stderr
        assert result.stdout == "" and not out.exists()
        assert all(REFUSAL.match(line) for line in result.stderr.splitlines())
        return
    if wrong_type:
        TALLY["portfolio", "parquet column types", "silent"] += 1
    assert not wrong_type, "a date column read as another fact"
    assert result.exit_code == 0, result.stderr
    results = pl.read_parquet(out)
    errors = pl.read_csv(folder / "out.errors.csv", infer_schema=False)
    assert results.height + errors.height == ROWS
    assert sorted([*results["row"], *map(int, errors["row"])]) == list(range(1, ROWS + 1))
    columns = {*COLUMNS, *KEY_COLUMNS, "(row)", "respondent_imune"}
    for reason in errors["reason"]:
        for part in reason.split("; "):
            assert part.split(": ", 1)[0] in columns, reason
    silent = set(must_fail) - set(map(int, errors["row"]))
    TALLY["portfolio", label, "silent"] += len(silent)
    TALLY["portfolio", label, "refused"] += errors.height
    assert not silent, {row: must_fail[row] for row in silent}


def _typed_parquet(
    frame: pl.DataFrame,
    mutated: set[str],
    must_fail: dict[int, str],
    draw: Callable[[Any], Any],
) -> pl.DataFrame:
    """Some fact columns (not those holding mutated text) as typed Parquet (numbers,
    Decimals, booleans as integers), some of their cells holding values no fact of that
    kind can take."""
    for kind, values in PARQUET_BAD.items():
        names = [c for c in COLUMNS if _kind(c) is kind and c not in mutated]
        if not names:
            continue
        name = draw(st.sampled_from(names))
        cells: list[Any] = []
        for i, text in enumerate(frame.get_column(name).to_list()):
            if text is None:
                cells.append(None)
            elif draw(st.integers(0, 5)) == 0:
                cells.append(draw(st.sampled_from(values)))
                must_fail[i + 1] = f"parquet {name}"
            else:
                cells.append(_parquet_value(kind, text))
        frame = frame.with_columns(pl.Series(name, _uniform(cells), strict=False))
    return frame


def _parquet_value(kind: Kind, text: str) -> Any:
    if kind is Kind.BOOL:
        return int(text in ("true", "1"))
    return int(text) if text.lstrip("-").isdigit() else text


def _uniform(cells: list[Any]) -> list[Any]:
    """One Parquet type per column: Decimal if any cell is, else float if any is."""
    if any(isinstance(c, decimal.Decimal) for c in cells):
        return [None if c is None else decimal.Decimal(str(c)) for c in cells]
    if any(isinstance(c, float) for c in cells):
        return [None if c is None else float(c) for c in cells]
    return cells
