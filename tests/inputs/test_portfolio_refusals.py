"""Issue 13, items 9-11, 13-15, 17, 19 and 20: a portfolio's bad file is refused before
anything is written, a bad record is a rejected row naming its row and column, and the
outputs are replaced only whole."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from refusal import MUSSER, invoke, refused, run_limited


@pytest.fixture(scope="module")
def musser_row(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("matters")
    (folder / "m.yaml").write_text(MUSSER.read_text())
    out = folder.parent / "musser.parquet"
    assert invoke("flatten", folder, "-o", out).exit_code == 0
    (row,) = pl.read_parquet(out).to_dicts()
    return row


def _frame(musser_row: dict[str, Any], n: int) -> pl.DataFrame:
    return pl.DataFrame([musser_row | {"matter_id": f"m{i}"} for i in range(n)])


def batch(source: Path, out: Path, *more: object) -> Any:
    return invoke("batch", source, "-o", out, "--no-progress", *more)


def outputs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(("out", ".out")))


@pytest.mark.parametrize("kind", ["png", "empty", "truncated", "directory"])
def test_item_09_batch_on_a_file_that_is_not_parquet(
    tmp_path: Path, musser_row: dict[str, Any], kind: str
) -> None:
    source = tmp_path / "book.parquet"
    if kind == "png":
        source.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    elif kind == "empty":
        source.write_bytes(b"")
    elif kind == "truncated":
        _frame(musser_row, 5).write_parquet(source)
        source.write_bytes(source.read_bytes()[:300])
    else:
        source.mkdir()
    refused(batch(source, tmp_path / "out.parquet"), source, "(file)")
    assert outputs(tmp_path) == []


def test_item_10_jsonl_bad_lines_are_rejected_rows(
    tmp_path: Path, musser_row: dict[str, Any]
) -> None:
    good = json.loads(_frame(musser_row, 1).write_ndjson().splitlines()[0])
    lines = [
        json.dumps(good),
        "{not json",
        "[1, 2]",
        json.dumps(good | {"respondent_fault_bp": 4000}),  # numbers and text mix in one column
        json.dumps(good | {"respondent_fault_bp": "4000"}),
        json.dumps(good | {"paid_by_primary_cents": True}),
        json.dumps(good | {"theory": ["x"]}),
    ]
    source = tmp_path / "book.jsonl"
    source.write_text("\n".join(lines) + "\n")
    result = batch(source, tmp_path / "out.csv")
    assert result.exit_code == 0, result.stderr
    results, errors = pl.read_csv(tmp_path / "out.csv"), pl.read_csv(tmp_path / "out.errors.csv")
    assert results["row"].to_list() == [1, 4, 5]
    reasons = dict(zip(errors["row"], errors["reason"], strict=True))
    assert set(reasons) == {2, 3, 6, 7}
    assert reasons[2].startswith("(row): not valid JSON")
    assert reasons[3].startswith("(row): a line must be a JSON object")
    assert reasons[6] == "paid_by_primary_cents: expected whole cents, got 'true'"
    assert reasons[7].startswith("theory: expected one value")


@pytest.mark.parametrize("option", ["-o", "--errors", "--chart", "--summary-json"])
def test_item_11_a_missing_output_directory(
    tmp_path: Path, musser_row: dict[str, Any], option: str
) -> None:
    source = tmp_path / "book.parquet"
    _frame(musser_row, 3).write_parquet(source)
    missing = tmp_path / "nodir" / "x.csv"
    args = ["batch", source, "--no-progress"]
    args += ["-o", missing] if option == "-o" else ["-o", tmp_path / "out.parquet", option, missing]
    refused(invoke(*args), missing, "(file)", "no such directory")
    assert outputs(tmp_path) == []


def test_item_11_an_output_that_is_a_directory(tmp_path: Path, musser_row: dict[str, Any]) -> None:
    source = tmp_path / "book.parquet"
    _frame(musser_row, 3).write_parquet(source)
    (tmp_path / "out.parquet").mkdir()
    refused(
        batch(source, tmp_path / "out.parquet"), tmp_path / "out.parquet", "(file)", "directory"
    )


def test_item_11_and_20_a_full_disk_names_the_output_and_keeps_the_old_files(
    tmp_path: Path, musser_row: dict[str, Any]
) -> None:
    source = tmp_path / "book.parquet"
    _frame(musser_row, 2000).write_parquet(source)
    out = tmp_path / "out.csv"
    out.write_text("old results\n")
    done = run_limited(200_000, "batch", source, "-o", out, "--no-progress")
    assert done.returncode == 1 and done.stdout == "", done.stderr
    assert done.stderr.startswith(f"{out}: (file): cannot write it: File too large"), done.stderr
    assert str(source) not in done.stderr
    assert out.read_text() == "old results\n"
    assert outputs(tmp_path) == ["out.csv"]


def test_item_13_jsonl_columns_come_from_the_schema_not_the_first_rows(
    tmp_path: Path, musser_row: dict[str, Any]
) -> None:
    good = json.loads(_frame(musser_row, 1).write_ndjson().splitlines()[0])
    good.pop("respondent_immune", None)
    lines = [json.dumps(good)] * 1100
    lines[1049] = json.dumps(good | {"respondent_immune": True})  # first seen after 1,000
    lines[1079] = json.dumps(good | {"respondent_imune": True})  # misspelt
    source = tmp_path / "book.jsonl"
    source.write_text("\n".join(lines) + "\n")
    assert batch(source, tmp_path / "out.parquet").exit_code == 0
    results = pl.read_parquet(tmp_path / "out.parquet")
    errors = pl.read_csv(tmp_path / "out.errors.csv")
    assert errors.select("row", "reason").rows() == [
        (1080, "respondent_imune: no such column (see `apportion schema --portfolio`)")
    ]
    assert results.height == 1099
    immune = results.filter(pl.col("row") == 1050).row(0, named=True)
    assert immune["status"] == "barred" and immune["decided_by"] != "available"
    others = results.filter(pl.col("row") != 1050)
    assert others["status"].unique().to_list() == ["undetermined"]  # immunity unknown


def test_item_14_parquet_only_lossless_conversions(
    tmp_path: Path, musser_row: dict[str, Any]
) -> None:
    frame = _frame(musser_row, 4).with_columns(
        pl.Series(
            "paid_by_primary_cents",
            [decimal.Decimal("12.50"), decimal.Decimal("12"), None, decimal.Decimal("7")],
            dtype=pl.Decimal(12, 2),
        ),
        pl.Series("respondent_immune", [0, 2, -1, 1], dtype=pl.Int64),
    )
    source = tmp_path / "book.parquet"
    frame.write_parquet(source)
    assert batch(source, tmp_path / "out.parquet").exit_code == 0
    errors = pl.read_csv(tmp_path / "out.errors.csv")
    reasons = dict(zip(errors["row"], errors["reason"], strict=True))
    assert reasons == {
        1: "paid_by_primary_cents: expected whole cents, got '12.50'",
        2: "respondent_immune: expected true or false, got '2'",
        3: "respondent_immune: expected true or false, got '-1'",
    }
    (row,) = pl.read_parquet(tmp_path / "out.parquet").to_dicts()
    assert row["row"] == 4 and row["status"] == "barred"  # 1 is true: immune


@pytest.mark.parametrize(
    ("column", "value"),
    [("paid_by_primary_cents", dt.date(2020, 1, 1)), ("claimant_role", 3), ("as_of", 2020)],
)
def test_item_14_a_parquet_column_of_the_wrong_type_refuses_the_file(
    tmp_path: Path, musser_row: dict[str, Any], column: str, value: object
) -> None:
    frame = _frame(musser_row, 2).with_columns(pl.lit(value).alias(column))
    source = tmp_path / "book.parquet"
    frame.write_parquet(source)
    refused(batch(source, tmp_path / "out.parquet"), source, column, "cannot hold")
    assert outputs(tmp_path) == []


def test_item_15_short_long_and_undecodable_csv_rows(
    tmp_path: Path, musser_row: dict[str, Any]
) -> None:
    text = _frame(musser_row, 1).write_csv()
    header, line = text.splitlines()
    source = tmp_path / "book.csv"
    body = [line, line.rsplit(",", 1)[0], line + ",extra", line.replace("m0", "m\udcff0"), line]
    source.write_bytes("\n".join([header, *body]).encode("utf-8", errors="surrogateescape") + b"\n")
    assert batch(source, tmp_path / "out.csv").exit_code == 0
    results, errors = pl.read_csv(tmp_path / "out.csv"), pl.read_csv(tmp_path / "out.errors.csv")
    assert results["row"].to_list() == [1, 5]
    last = header.rsplit(",", 1)[1]
    width = header.count(",") + 1
    assert errors.select("row", "reason").rows() == [
        (2, f"{last}: missing (the row has {width - 1} of {width} cells)"),
        (3, f"(row): {width + 1} cells, the header has {width}"),
        (4, "matter_id: not UTF-8 text"),
    ]


def test_item_17_the_input_is_never_an_output(tmp_path: Path, musser_row: dict[str, Any]) -> None:
    source = tmp_path / "book.csv"
    _frame(musser_row, 2).write_csv(source)
    before = source.read_bytes()
    refused(batch(source, source), source, "(file)", "is the input")
    refused(batch(source, tmp_path / "o.parquet", "--errors", source), source, "(file)")
    assert source.read_bytes() == before


def test_item_17_side_files_are_named_from_the_last_dot(
    tmp_path: Path, musser_row: dict[str, Any]
) -> None:
    source = tmp_path / "book.parquet"
    _frame(musser_row, 2).write_parquet(source)
    for year in ("2024", "2025"):
        assert batch(source, tmp_path / f"book.{year}.parquet").exit_code == 0
    names = {p.name for p in tmp_path.iterdir()}
    for year in ("2024", "2025"):
        assert {f"book.{year}.errors.csv", f"book.{year}.summary.svg"} <= names


def test_item_19_a_planted_symlink_is_not_followed(
    tmp_path: Path, musser_row: dict[str, Any]
) -> None:
    source = tmp_path / "book.parquet"
    _frame(musser_row, 2).write_parquet(source)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    for name in (".out.parquet.partial", ".out.errors.csv.partial"):
        os.symlink(victim, tmp_path / name)
    assert batch(source, tmp_path / "out.parquet").exit_code == 0
    assert victim.read_text() == "precious\n"
    assert pl.read_parquet(tmp_path / "out.parquet").height == 2
    leftovers = [
        p.name for p in tmp_path.iterdir() if p.name.startswith(".") and ".partial" not in p.name
    ]
    assert leftovers == []


def test_item_20_an_unknown_key_column_is_refused(
    tmp_path: Path, musser_row: dict[str, Any]
) -> None:
    source = tmp_path / "book.parquet"
    _frame(musser_row, 2).write_parquet(source)
    result = batch(source, tmp_path / "out.parquet", "--key", "nosuch")
    refused(result, source, "--key nosuch", "no such column")
    assert outputs(tmp_path) == []
