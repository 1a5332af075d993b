"""`apportion batch`: the compiled plan over a portfolio, bad rows reported, good rows kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq
import pytest

from apportion.engine import Rule, Rulebook, RuleConflict, unless
from apportion.engine.completions import row_ranges
from apportion.law.california import GOALS, RULEBOOK
from apportion.law.california import facts as F
from apportion.portfolio import run_batch
from apportion.portfolio.schema import fact_columns, result_columns

# A portfolio names money and shares with their unit; the rulebook reads facts by id.
IDS = {column: fact for fact, column in fact_columns(RULEBOOK).items()}
NAMED = result_columns(RULEBOOK, GOALS)

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apportion", *args], capture_output=True, text=True, check=False
    )


def musser_row(tmp_path: Path) -> dict[str, Any]:
    """The Musser matter flattened by `apportion flatten`, as one portfolio row."""
    folder = tmp_path / "matters"
    folder.mkdir()
    (folder / "musser.yaml").write_text(MUSSER.read_text())
    done = cli("flatten", str(folder), "-o", str(tmp_path / "musser.parquet"))
    assert done.returncode == 0, done.stderr
    (row,) = pl.read_parquet(tmp_path / "musser.parquet").to_dicts()
    return row


def test_flattened_musser_gets_the_same_answer_as_assess(tmp_path: Path) -> None:
    row = musser_row(tmp_path)
    assert (row["matter_id"], row["claimant"], row["respondent"]) == (
        "musser.yaml",
        "musser",
        "provencher",
    )
    done = cli("batch", str(tmp_path / "musser.parquet"), "-o", str(tmp_path / "out.parquet"))
    assert done.returncode == 0, done.stderr
    (result,) = pl.read_parquet(tmp_path / "out.parquet").to_dicts()
    single = json.loads(cli("assess", str(MUSSER), "-f", "json").stdout)["claims"][0]
    assert result["status"] == single["status"] == "available"
    assert result["decided_by"] == single["decided_by"]["id"]
    owners = {
        o["basis"]: {"low": o["amount"]["least"]["cents"], "high": o["amount"]["most"]["cents"]}
        for o in single["owners"]
    }
    # Fault shares unknown: the owners' parts are ranges, not a determined amount.
    assert result["insurers_recover_cents"] is None and result["insured_recovers_cents"] is None
    assert owners["subrogated"] == {"low": 0, "high": 13_700_000}
    subrogated = [result["insurers_recover_low_cents"], result["insurers_recover_high_cents"]]
    assert dict(zip(("low", "high"), subrogated, strict=True)) == owners["subrogated"]
    own = [result["insured_recovers_low_cents"], result["insured_recovers_high_cents"]]
    assert dict(zip(("low", "high"), own, strict=True)) == owners["own"]
    assert result["row"] == 1


def _csv(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / "book.csv"
    pl.DataFrame(rows, infer_schema_length=None).write_csv(path)
    return path


def test_bad_rows_go_to_the_errors_file_with_row_and_reason(tmp_path: Path) -> None:
    good = {
        k: (v.isoformat() if hasattr(v, "isoformat") else v)
        for k, v in musser_row(tmp_path).items()
    }
    good = {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in good.items()}
    bad = [
        {"paid_by_primary_cents": "lots"},  # wrong type
        {"claimant_role": "paralegal"},  # enum value not allowed
        {"paid_by_claimant_cents": "-5"},  # negative money
        {"respondent_fault_bp": "12000"},  # a share above 100 %
        {"as_of": None},  # the law's date is required
        {"claimant_is_attorney": "maybe"},
        {"fees_waived_cents": str(10**15)},  # above the $1 trillion every amount must stay under
    ]
    rows = [dict(good, matter_id=f"m{i}") for i in range(3)]
    for i, change in enumerate(bad):
        rows.insert(1 + 2 * i, dict(good, matter_id=f"bad{i}") | change)
    source = _csv(tmp_path, rows)
    done = cli("batch", str(source), "-o", str(tmp_path / "out.csv"), "--no-progress")
    assert done.returncode == 0, done.stderr
    results = pl.read_csv(tmp_path / "out.csv")
    errors = pl.read_csv(tmp_path / "out.errors.csv")
    assert results["matter_id"].to_list() == ["m0", "m1", "m2"]
    assert set(results["status"]) == {"available"}
    assert errors["matter_id"].to_list() == [f"bad{i}" for i in range(len(bad))]
    # Row numbers count data rows from 1, in input order.
    assert errors["row"].to_list() == [2, 4, 6, 7, 8, 9, 10]
    reasons = errors["reason"].to_list()
    assert reasons[0] == "paid_by_primary_cents: expected whole cents, got 'lots'"
    assert reasons[1].startswith("claimant_role: 'paralegal' is not one of lead, associated")
    assert reasons[2] == "paid_by_claimant_cents: money cannot be negative"
    assert reasons[3] == "respondent_fault_bp: share 12000 is outside 0 to 10000 basis points"
    assert reasons[4] == "as_of: required"
    assert reasons[5] == "claimant_is_attorney: expected true or false, got 'maybe'"
    assert reasons[6].startswith("fees_waived_cents: money above $1 trillion")
    assert "10 rows: 3 assessed" in " ".join(done.stdout.split())
    assert "7 rejected" in " ".join(done.stdout.split())


def test_an_enum_in_parquet_takes_only_its_values(tmp_path: Path) -> None:
    # Read as a polars Enum of the allowed values: an unlisted or blank value is a bad row
    # (never a silent unknown), a null is unknown, and a listed one decides as in `assess`.
    row = musser_row(tmp_path)
    roles = ["lead", "", "paralegal", None, "associated"]
    book = pl.DataFrame([row | {"claimant_role": r} for r in roles])
    book.write_parquet(tmp_path / "book.parquet")
    result = run_batch(tmp_path / "book.parquet", tmp_path / "out.parquet", RULEBOOK, GOALS)
    errors = pl.read_csv(result.errors)
    assert errors["row"].to_list() == [2, 3]
    assert errors["reason"][0].startswith("claimant_role: '' is not one of lead,")
    assert errors["reason"][1].startswith("claimant_role: 'paralegal' is not one of lead,")
    out = pl.read_parquet(result.output)
    assert out["row"].to_list() == [1, 4, 5]
    facts = {IDS.get(k, k): v for k, v in row.items()}
    expected = [
        RULEBOOK.interpret(facts | {"claimant_role": r}, GOALS)["status"]
        for r in ("lead", None, "associated")
    ]
    assert out["status"].to_list() == expected


# The California rulebook has no known clash (its one, a volunteer insurer before Musser, was
# fixed), so a probe rule whose two exceptions disagree whenever both lawyers are attorneys
# stands in for a clash the law might contain.
_PROBE = Rule(
    "clash_probe",
    "a deliberately clashing rule",
    False,
    exceptions=[
        unless("one", F.claimant_is_attorney, then=True, words="one"),
        unless("other", F.respondent_is_attorney, then=False, words="other"),
    ],
)
CLASHING = Rulebook("clashing", "test", RULEBOOK.facts.values(), [*RULEBOOK.rules.values(), _PROBE])


def test_clashing_rules_are_errors_not_a_crash(synthetic: Path, tmp_path: Path) -> None:
    goals = (*GOALS, "clash_probe")
    result = run_batch(synthetic, tmp_path / "out.parquet", CLASHING, goals)
    errors = pl.read_csv(result.errors)
    clashes = errors.filter(pl.col("reason").str.contains("two exceptions apply"))
    assert clashes.height > 0, "the synthetic book should contain clashing rows"
    source = pl.read_parquet(synthetic).rename(IDS, strict=False).with_row_index("row", offset=1)
    for row in source.filter(pl.col("row").is_in(clashes["row"].to_list())).head(5).to_dicts():
        with pytest.raises(RuleConflict):
            CLASHING.interpret(row, goals)
        with pytest.raises(RuleConflict):
            CLASHING.run(row, goals)
    out = pl.read_parquet(result.output)
    assert out.height + errors.height == source.height == result.summary.rows
    assert result.summary.rejected == errors.height


def test_every_result_row_agrees_with_both_row_paths(synthetic: Path, tmp_path: Path) -> None:
    result = run_batch(synthetic, tmp_path / "out.parquet", RULEBOOK, GOALS)
    out = pl.read_parquet(result.output).rename({c: g for g, c in NAMED.items()})
    facts = pl.read_parquet(synthetic).rename(IDS, strict=False).with_row_index("row", offset=1)
    joined = out.join(facts, on="row", suffix="_in").sort("row")
    spec = RULEBOOK.ranges
    assert spec is not None
    ranged = {end for p in spec.pairs for end in (p.name, p.low, p.high)}
    plain = [g for g in GOALS if g not in ranged]
    names = RULEBOOK.input_names()
    for row in joined.to_dicts():
        expected = RULEBOOK.interpret(row, GOALS)
        generated = RULEBOOK.run(row, GOALS)
        assert {g: row[g] for g in plain} == {g: expected[g] for g in plain}, row["row"]
        assert {g: generated[g] for g in GOALS} == {g: expected[g] for g in GOALS}, row["row"]
        # The amounts: each the least and most over completions, as the row path finds them.
        found = row_ranges(RULEBOOK, {n: row.get(n) for n in names}, spec)
        for p in spec.pairs:
            if p.low in GOALS:
                got = (row[p.low], row[p.high])
                want = (found[p.name].least.cents, found[p.name].most.cents)
                assert got == want, (row["row"], p.name)


def test_formats_agree_and_summary_counts_add_up(synthetic: Path, tmp_path: Path) -> None:
    frame = pl.read_parquet(synthetic)
    frame.write_csv(tmp_path / "book.csv")
    frame.write_ndjson(tmp_path / "book.jsonl")
    outputs = {}
    for name in ("book.csv", "book.jsonl"):
        result = run_batch(tmp_path / name, tmp_path / f"{name}.out.parquet", RULEBOOK, GOALS)
        outputs[name] = pl.read_parquet(result.output)
    reference = run_batch(synthetic, tmp_path / "ref.parquet", RULEBOOK, GOALS)
    expected = pl.read_parquet(reference.output)
    for out in outputs.values():
        assert out.equals(expected)
    summary = reference.summary
    assert sum(summary.by_status.values()) == expected.height
    assert sum(summary.by_decided_by.values()) == expected.height
    assert summary.by_status["available"] == expected.filter(pl.col("status") == "available").height
    for end in ("low", "high"):
        goal = f"insurers_recover_{end}"
        assert summary.cents_by_owner[goal] == expected[NAMED[goal]].sum()


def test_summary_json_and_chart(synthetic: Path, tmp_path: Path) -> None:
    done = cli(
        "batch",
        str(synthetic),
        "-o",
        str(tmp_path / "r.parquet"),
        "--summary-json",
        str(tmp_path / "s.json"),
        "--no-progress",
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["rows"] == 3000
    svg = (tmp_path / "r.summary.svg").read_text()
    assert svg.startswith("<svg") and "Recoverable by owner" in svg
    for status, n in summary["by_status"].items():
        assert f">{status}</text>" in svg and f">{n:,}</text>" in svg


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("as_of,paid_by_primery_cents\n2001-01-01,5\n", "paid_by_primery_cents: no such column"),
        (
            "as_of,paid_by_primary\n2001-01-01,400000\n",
            "paid_by_primary: portfolio money is in cents: name the column paid_by_primary_cents",
        ),
        (
            "as_of,respondent_fault\n2001-01-01,40\n",
            "respondent_fault: portfolio shares are in basis points: "
            "name the column respondent_fault_bp",
        ),
        ("theory\nequitable_indemnity\n", "as_of: required column is missing"),
    ],
)
def test_a_bad_header_exits_2_with_no_output(tmp_path: Path, header: str, expected: str) -> None:
    source = tmp_path / "book.csv"
    source.write_text(header)
    done = cli("batch", str(source), "-o", str(tmp_path / "out.parquet"))
    assert done.returncode == 2
    assert expected in done.stderr
    assert not list(tmp_path.glob("out*"))


def test_results_are_snappy_by_default_and_take_another_codec(
    synthetic: Path, tmp_path: Path
) -> None:
    default = run_batch(synthetic, tmp_path / "a.parquet", RULEBOOK, GOALS)
    smaller = run_batch(synthetic, tmp_path / "b.parquet", RULEBOOK, GOALS, compression="zstd")
    codecs = [
        pq.ParquetFile(r.output).metadata.row_group(0).column(0).compression
        for r in (default, smaller)
    ]
    assert codecs == ["SNAPPY", "ZSTD"]
    assert pl.read_parquet(default.output).equals(pl.read_parquet(smaller.output))


@pytest.mark.parametrize(
    ("output", "codec", "expected"),
    [
        ("out.csv", "zstd", "--compression: applies to Parquet results only"),
        ("out.parquet", "brotli", "--compression: use one of snappy, zstd"),
    ],
)
def test_a_bad_codec_exits_2_with_no_output(
    synthetic: Path, tmp_path: Path, output: str, codec: str, expected: str
) -> None:
    done = cli("batch", str(synthetic), "-o", str(tmp_path / output), "--compression", codec)
    assert done.returncode == 2
    assert expected in done.stderr
    assert not list(tmp_path.glob("out*"))


def test_schema_portfolio_lists_every_fact_with_its_dtype() -> None:
    done = cli("schema", "--portfolio")
    assert done.returncode == 0, done.stderr
    described = json.loads(done.stdout)
    # The units come first: money in cents, shares in basis points, both in the name.
    assert next(iter(described)) == "units"
    assert "_cents" in described["units"] and "_bp" in described["units"]
    columns = {c["name"]: c for c in described["columns"]}
    for name, dtype in RULEBOOK.input_schema().items():
        assert columns[fact_columns(RULEBOOK)[name]]["dtype"] == str(dtype)
    assert columns["as_of"]["required"] is True
    assert columns["claimant_role"]["values"][0] == "lead"
    assert "cents" in columns["paid_by_primary_cents"]["unit"]
    assert columns["paid_by_primary_cents"]["fact"] == "paid_by_primary"
    assert "basis points" in columns["respondent_fault_bp"]["unit"]
    assert "paid_by_primary" not in columns and "respondent_fault" not in columns
    assert {"matter_id", "claimant", "respondent"} <= set(columns)


def test_flatten_reports_every_bad_matter_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "matters"
    folder.mkdir()
    (folder / "ok.yaml").write_text(MUSSER.read_text())
    (folder / "bad.yaml").write_text("format: 1\ntitle: t\nparties: []\n")
    done = cli("flatten", str(folder), "-o", str(tmp_path / "out.parquet"))
    assert done.returncode == 2
    assert "bad.yaml: parties" in done.stderr
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_a_column_without_its_unit_is_refused_in_every_format(tmp_path: Path, suffix: str) -> None:
    # Dollars or percent under a bare name would otherwise be read as cents or basis points.
    frame = pl.DataFrame({"as_of": ["2001-01-01"], "paid_by_primary": [400000]})
    source = tmp_path / f"book{suffix}"
    frame.write_ndjson(source) if suffix == ".jsonl" else frame.write_parquet(source)
    done = cli("batch", str(source), "-o", str(tmp_path / "out.parquet"))
    assert done.returncode == 2
    assert (
        "paid_by_primary: portfolio money is in cents: name the column paid_by_primary_cents"
        in done.stderr
    )
    assert done.stdout == ""
    assert not list(tmp_path.glob("out*"))
