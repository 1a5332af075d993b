"""`apportion assess` and `apportion schema` end to end, through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MUSSER = ROOT / "examples" / "musser-v-provencher.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "apportion", *args], capture_output=True, text=True, check=False
    )


def test_musser_json_reaches_the_supreme_courts_answers() -> None:
    done = run("assess", str(MUSSER), "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["rulebook"]["name"] == "california"
    assert len(out["rulebook"]["digest"]) == 16
    (claim,) = out["claims"]
    assert (claim["claimant"]["id"], claim["respondent"]["id"]) == ("musser", "provencher")
    assert claim["status"] == "available"  # H1: no blanket bar between cocounsel
    owners = {o["basis"]: o for o in claim["owners"]}

    def ends(amount: dict[str, Any]) -> tuple[int, int]:
        return amount["least"]["cents"], amount["most"]["cents"]

    # Fault shares are unknown: every amount is a range, and the owners add up at each end.
    assert claim["recoverable"]["cents"] is None
    assert ends(claim["recoverable"]) == (0, 16_700_000)
    assert [p["id"] for p in owners["subrogated"]["parties"]] == ["home"]  # H2: by subrogation
    assert ends(owners["subrogated"]["amount"]) == (0, 13_700_000)
    assert [p["id"] for p in owners["own"]["parties"]] == ["musser"]  # her deductible stays hers
    assert ends(owners["own"]["amount"]) == (0, 3_000_000)


def test_text_report_cites_musser() -> None:
    done = run("assess", str(MUSSER))
    assert done.returncode == 0, done.stderr
    assert "AVAILABLE" in done.stdout
    assert "Musser v. Provencher (2002) 28 Cal.4th 274, 276" in done.stdout


def test_schema_is_json_schema_of_the_matter() -> None:
    done = run("schema")
    schema = json.loads(done.stdout)
    assert {"parties", "representations", "payments", "facts"} <= set(schema["properties"])


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("format: 1\ntitle: t\nparties: []\n", "parties: List should have at least 1 item"),
        (
            "format: 1\ntitle: t\nparties:\n  - {id: a, name: A, kind: lawyer}\n",
            "parties.0.kind: Input should be",
        ),
        (
            "format: 1\ntitle: t\nparties:\n  - {id: a, name: A, kind: attorney}\n"
            "payments:\n  - {payer: a, on_behalf_of: a, claim: c, kind: settlement,"
            " amount: '1.234', date: 2020-01-01}\n",
            "payments.0.amount: '1.234' is not an amount in dollars",
        ),
        (
            "format: 1\ntitle: t\nparties:\n  - {id: a, name: A, kind: attorney}\n"
            "representations:\n  - {attorney: a, client: zz, subject: s, role: lead,"
            " from: 2020-01-01}\n",
            "representations.0.client: unknown party 'zz'",
        ),
        (
            "format: 1\ntitle: t\nparties:\n  - {id: a, name: A, kind: attorney}\nfacts:\n"
            "  no_such_fact: true\n",
            "facts.no_such_fact: no such fact",
        ),
        (
            "format: 1\ntitle: t\nparties:\n  - {id: a, name: A, kind: attorney}\nsurprise: 1\n",
            "surprise: unknown field",
        ),
        (
            "format: 1\ntitle: t\nparties:\n  - {id: a, name: A, kind: attorney}\n"
            "payments:\n  - {payer: a, on_behalf_of: a, claim: c, kind: settlement,"
            " amount: 1000000000000.01, date: 2020-01-01}\n",
            "payments.0.amount: money above $1,000,000,000,000 is out of range",
        ),
        ("[1, 2]\n", "(root): a matter is a mapping"),
        ("title: [unclosed\n", "(file): not valid YAML: line 2, column 1"),
    ],
)
def test_bad_matter_names_the_field_exits_2_and_prints_nothing(
    tmp_path: Path, document: str, expected: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(document)
    done = run("assess", str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert expected in done.stderr


def test_bad_fact_answer_type_is_named(tmp_path: Path) -> None:
    text = MUSSER.read_text().replace("respondent_immune: false", "respondent_immune: maybe")
    path = tmp_path / "m.yaml"
    path.write_text(text)
    done = run("assess", str(path))
    assert done.returncode == 2 and done.stdout == ""
    assert "facts.respondent_immune: expected true or false" in done.stderr


def test_bad_as_of_is_named() -> None:
    done = run("assess", str(MUSSER), "--as-of", "June 2002")
    assert done.returncode == 2 and done.stdout == ""
    assert "--as-of: expected YYYY-MM-DD" in done.stderr


def test_a_day_before_the_rulebooks_first_is_refused() -> None:
    # The California rulebook states the law from Li v. Yellow Cab (March 31, 1975).
    done = run("assess", str(MUSSER), "--as-of", "1975-03-30")
    assert done.returncode == 2 and done.stdout == ""
    assert "--as-of" in done.stderr and "states the law from 1975-03-31" in done.stderr
    assert run("assess", str(MUSSER), "--as-of", "1975-03-31").returncode == 0


@pytest.mark.parametrize(
    ("case", "claimant", "bar"),
    [
        ("beck-v-wecht", "lead", "lost_fees_no_duty"),
        ("curtis-v-kellogg", "asset_buyer", "transfer_ineffective"),
        ("held-v-arant", "predecessor", "successor_bar"),
    ],
)
def test_json_names_every_bar_that_barred_the_claim(
    tmp_path: Path, case: str, claimant: str, bar: str
) -> None:
    scenario = yaml.safe_load((ROOT / "tests" / "cases" / f"{case}.yaml").read_text())
    path = tmp_path / "matter.yaml"
    path.write_text(yaml.safe_dump(scenario["matter"]))
    done = run("assess", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    (claim,) = [c for c in json.loads(done.stdout)["claims"] if c["claimant"]["id"] == claimant]
    assert claim["status"] == "barred"
    assert claim["decided_by"]["id"] == bar
    assert bar in [r["id"] for r in claim["barred_by"]]
