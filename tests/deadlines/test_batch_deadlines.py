"""`apportion batch --deadlines`: the same filing deadline as the single matter, days left
from --as-of-today, and the summary's counts of claims expiring."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import polars as pl

from apportion.decide.decision import decide
from apportion.io.load import load_matter

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apportion", *args], capture_output=True, text=True, check=False
    )


def book(tmp_path: Path) -> Path:
    """Musser flattened, twice: as it is (unfiled) and with a filing date."""
    folder = tmp_path / "matters"
    folder.mkdir()
    (folder / "musser.yaml").write_text(MUSSER.read_text())
    done = cli("flatten", str(folder), "-o", str(tmp_path / "one.parquet"))
    assert done.returncode == 0, done.stderr
    one = pl.read_parquet(tmp_path / "one.parquet")
    filed = one.with_columns(pl.lit(dt.date(1997, 6, 1)).alias("claim_filed_date"))
    both = pl.concat([one, filed], how="diagonal_relaxed")
    both.write_parquet(tmp_path / "book.parquet")
    return tmp_path / "book.parquet"


def test_batch_and_single_matter_agree_on_the_deadline(tmp_path: Path) -> None:
    source = book(tmp_path)
    out, summary = tmp_path / "out.parquet", tmp_path / "summary.json"
    done = cli(
        "batch",
        str(source),
        "-o",
        str(out),
        "--deadlines",
        "--as-of-today",
        "1997-12-16",
        "--summary-json",
        str(summary),
        "--no-progress",
    )
    assert done.returncode == 0, done.stderr
    unfiled, filed = pl.read_parquet(out).sort("row").to_dicts()
    single = decide(load_matter(MUSSER)).claims[0].deadline
    assert single is not None
    assert unfiled["filing_deadline"] == single.file_by == dt.date(1998, 1, 15)
    assert unfiled["payment_period_earliest_deadline"] == dt.date(1999, 1, 15)
    assert unfiled["section_340_6_earliest_deadline"] == dt.date(1998, 1, 15)
    assert unfiled["days_left"] == 30
    # A filed claim has no deadline to meet: its days are not shown.
    assert filed["filing_deadline_due"] is False
    assert filed["filing_deadline"] is None and filed["days_left"] is None
    counts = json.loads(summary.read_text())["filing_deadlines"]
    assert counts == {
        "counted_from": "1997-12-16",
        "days": "calendar days in California",
        "expired": 0,
        "within_30_days": 1,
        "within_60_days": 1,
        "within_90_days": 1,
        "no_safe_day": 0,
    }
    assert "expiring within 30 days" in done.stdout


def test_a_day_past_the_deadline_counts_as_expired(tmp_path: Path) -> None:
    source = book(tmp_path)
    out, summary = tmp_path / "out.parquet", tmp_path / "summary.json"
    done = cli(
        "batch",
        str(source),
        "-o",
        str(out),
        "--deadlines",
        "--as-of-today",
        "1998-01-16",
        "--summary-json",
        str(summary),
        "--no-progress",
    )
    assert done.returncode == 0, done.stderr
    counts = json.loads(summary.read_text())["filing_deadlines"]
    assert (counts["expired"], counts["within_90_days"]) == (1, 0)
    assert pl.read_parquet(out).sort("row")["days_left"].to_list() == [-1, None]


def test_a_bad_as_of_today_is_refused(tmp_path: Path) -> None:
    source = book(tmp_path)
    done = cli(
        "batch",
        str(source),
        "-o",
        str(tmp_path / "o.parquet"),
        "--deadlines",
        "--as-of-today",
        "16/12/1997",
    )
    assert done.returncode == 2
    assert "--as-of-today" in done.stderr and "YYYY-MM-DD" in done.stderr
    assert not (tmp_path / "o.parquet").exists()
    plain = cli(
        "batch", str(source), "-o", str(tmp_path / "o.parquet"), "--as-of-today", "1997-12-16"
    )
    assert plain.returncode == 2 and "--deadlines" in plain.stderr
