"""No phantom claims: a claimant with no loss to shift gets no claim (one line saying why,
no questions, its own status in a book), while one the client still pursues keeps its
cross-complaint before payment."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from apportion.decide.decision import decide
from apportion.law.california import RULEBOOK
from apportion.model.matter import Matter
from apportion.portfolio.schema import fact_columns

MATTER: dict[str, Any] = yaml.safe_load(
    """
format: 1
title: Acme Builders v. Baker & Lee LLP
as_of: 2024-06-01
parties:
  - {id: acme, name: Acme Builders Inc., kind: client}
  - {id: baker, name: Baker & Lee LLP, kind: attorney}
  - {id: cho, name: Cho Law PC, kind: attorney}
  - {id: lmic, name: Lawyers Mutual, kind: insurer}
representations:
  - {attorney: baker, client: acme, subject: lien dispute, role: lead, from: 2019-03-01,
     to: 2021-06-30}
  - {attorney: cho, client: acme, subject: lien dispute, role: associated, retained_by: baker,
     from: 2019-05-15, to: 2021-06-30}
policies:
  - {id: lmic-2021, insurer: lmic, insured: baker, deductible: 25000, limit: 2000000}
claims:
  - id: acme-malpractice
    claimant: acme
    kind: malpractice
    subject: lien dispute
    defendants: [{party: baker, basis: own_fault}]
    filed: 2022-01-10
settlements:
  - {claim: acme-malpractice, settling: [baker], amount: 425000, date: 2023-04-01,
     good_faith_determination: false}
payments:
  - {payer: lmic, on_behalf_of: baker, claim: acme-malpractice, kind: settlement, amount: 400000,
     date: 2023-04-15}
  - {payer: baker, on_behalf_of: baker, claim: acme-malpractice, kind: settlement, amount: 25000,
     date: 2023-04-15}
candidates:
  - {claimant: baker, respondent: cho}
  - {claimant: cho, respondent: baker}
"""
)


def _claim(decision: Any, claimant: str) -> Any:
    return next(c for c in decision.claims if c.claimant.id == claimant)


def test_a_claimant_with_no_loss_gets_no_claim_in_one_line_and_no_questions() -> None:
    decision = decide(Matter.model_validate(MATTER))
    cho = _claim(decision, "cho")
    assert cho.status == "no_loss"
    assert cho.decided_by is not None and cho.decided_by.id == "no_loss_to_shift"
    assert cho.questions == []
    assert cho.summary == [cho.summary[0]] and "no loss" in cho.summary[0].lower()
    assert cho.recoverable.cents == 0 and cho.owners == []
    assert _claim(decision, "baker").status != "no_loss"  # the one who paid keeps its claim


def test_a_claimant_the_client_still_pursues_may_cross_complain_before_paying() -> None:
    data = copy.deepcopy(MATTER)
    data["claims"][0]["defendants"].append({"party": "cho", "basis": "own_fault"})
    cho = _claim(decide(Matter.model_validate(data)), "cho")
    assert cho.status != "no_loss"
    assert any("cross-complain" in line for line in cho.summary)


def test_the_text_report_says_why_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "matter.yaml"
    path.write_text(yaml.safe_dump(MATTER))
    done = subprocess.run(
        [sys.executable, "-m", "apportion", "assess", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    section = done.stdout.split("Cho Law PC v. Baker & Lee LLP (equitable indemnity)")[1]
    assert "No claim: Cho Law PC has no loss to shift to Baker & Lee LLP" in section
    assert "Open questions" not in section.split("Baker & Lee LLP v. Cho Law PC")[0]


def test_a_book_row_with_no_loss_is_decided_as_such(tmp_path: Path) -> None:
    columns = fact_columns(RULEBOOK)
    row: dict[str, Any] = {
        "as_of": "2024-06-01",
        "claimant": "cho",
        "respondent": "baker",
        columns["theory"]: "equitable_indemnity",
        columns["claimant_liability_open"]: False,
    }
    for name in (
        "paid_by_claimant",
        "paid_by_primary",
        "paid_by_excess",
        "fees_waived",
        "defense_by_claimant",
        "defense_by_insurers",
    ):
        row[columns[name]] = 0
    book = tmp_path / "book.csv"
    pl.DataFrame([row, row | {columns["claimant_liability_open"]: True}]).write_csv(book)
    out = tmp_path / "out.parquet"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "apportion",
            "batch",
            str(book),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = pl.read_parquet(out).sort("row")
    assert results["status"].to_list()[0] == "no_loss"
    assert results["decided_by"].to_list()[0] == "no_loss_to_shift"
    assert results["status"].to_list()[1] != "no_loss"
    assert "no_loss" in done.stdout  # shown apart in the summary
