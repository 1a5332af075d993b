"""`apportion deadlines`: the .ics parses back (one event per unfiled claim, its day, a
reminder); the CSV for docketing systems has the same day and basis."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

from icalendar import Calendar

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apportion", *args], capture_output=True, text=True, check=False
    )


def test_the_ics_parses_back_with_one_event_and_its_reminder(tmp_path: Path) -> None:
    out = tmp_path / "deadlines.ics"
    done = cli("deadlines", str(MUSSER), "-o", str(out), "--as-of-today", "1997-12-01")
    assert done.returncode == 0, done.stderr
    assert "calendar days in California" in done.stdout
    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    (event,) = events
    assert event.decoded("dtstart") == dt.date(1998, 1, 15)
    assert (
        str(event["summary"])
        == "File by: Sandra Musser v. Douglas Provencher (equitable indemnity)"
    )
    description = str(event["description"])
    assert "Code Civ. Proc. § 340.6" in description and "45 days left" in description
    (alarm,) = list(event.walk("VALARM"))
    assert alarm.decoded("trigger") == dt.timedelta(days=-14)


def test_the_csv_gives_the_same_day_and_basis(tmp_path: Path) -> None:
    out = tmp_path / "deadlines.csv"
    done = cli("deadlines", str(MUSSER), "-o", str(out), "--as-of-today", "1998-01-20")
    assert done.returncode == 0, done.stderr
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["file_by"] == "1998-01-15" and row["barred_since"] == "1998-01-16"
    assert row["days_left"] == "-5"
    assert "§ 339" in row["basis"] and "discovery_date" in row["moved_by"]


def test_another_output_is_refused_and_nothing_written(tmp_path: Path) -> None:
    done = cli("deadlines", str(MUSSER), "-o", str(tmp_path / "d.txt"))
    assert done.returncode == 2 and "--output" in done.stderr
    assert not list(tmp_path.iterdir())
