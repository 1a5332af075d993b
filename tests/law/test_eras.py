"""Eras of indemnity law (LAW.md §§ 1.5, 6.2): all-or-nothing indemnity before American
Motorcycle, implied contractual indemnity before Bay Development and before Prince, and
Proposition 51. Each change is checked on both sides of its date."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from musser_rows import MUSSER
from musser_rows import decide as shared_decide
from musser_rows import musser_facts as shared_facts

from apportion.decide.assessment import assess
from apportion.io.load import load_matter
from apportion.law.california import RULEBOOK
from apportion.model.matter import Matter

CHECKED = (
    "status",
    "decided_by",
    "active_fault_bar",
    "comparative_apportionment",
    "total_indemnity",
    "elements_met",
    "good_faith_settlement_bar",
    "non_economic_several_only",
)


def musser_facts(as_of: dt.date, **changes: Any) -> dict[str, Any]:
    return shared_facts(as_of, **changes)


def decide(facts: dict[str, Any]) -> dict[str, Any]:
    return shared_decide(facts, CHECKED)


BEFORE_AMA, AMA = dt.date(1978, 2, 8), dt.date(1978, 2, 9)


# --- American Motorcycle (Feb. 9, 1978) ------------------------------------------------
def test_before_ama_an_indemnitee_at_fault_recovers_nothing() -> None:
    before = decide(musser_facts(BEFORE_AMA, claimant_only_passively_negligent=False))
    assert (before["status"], before["decided_by"]) == ("barred", "active_fault_bar")
    assert before["comparative_apportionment"] is False
    trace = RULEBOOK.trace(before, "active_fault_bar")
    assert trace.applied == "active_fault_before_ama"
    after = decide(musser_facts(AMA, claimant_only_passively_negligent=False))
    assert after["active_fault_bar"] is False
    assert after["comparative_apportionment"] is True
    assert after["status"] == "available"


def test_before_ama_active_or_passive_is_asked() -> None:
    out = decide(musser_facts(BEFORE_AMA))
    assert out["active_fault_bar"] is None
    assert out["status"] == "undetermined"


@pytest.mark.parametrize(
    "changes",
    [{"claimant_only_passively_negligent": True}, {"claimant_liability_vicarious": True}],
)
def test_before_ama_a_passive_or_vicarious_indemnitee_shifts_the_whole_loss(
    changes: dict[str, Any],
) -> None:
    before = decide(musser_facts(BEFORE_AMA, **changes))
    assert before["active_fault_bar"] is False
    assert before["total_indemnity"] is True
    assert before["status"] == "available"
    after = decide(musser_facts(AMA, **changes))
    # After AMA only purely vicarious liability shifts the whole loss.
    assert after["total_indemnity"] is bool(changes.get("claimant_liability_vicarious"))


def test_the_as_of_option_selects_the_era(tmp_path: Path) -> None:
    data = load_matter(MUSSER).model_dump(mode="json", by_alias=True)
    data["facts"]["claimant_only_passively_negligent"] = False
    path = tmp_path / "matter.json"
    path.write_text(json.dumps(data))

    def run(as_of: str) -> dict[str, Any]:
        cmd = [sys.executable, "-m", "apportion", "assess", str(path), "-f", "json"]
        done = subprocess.run([*cmd, "--as-of", as_of], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        claim: dict[str, Any] = json.loads(done.stdout)["claims"][0]
        return claim

    assert run("1977-06-01")["decided_by"]["id"] == "active_fault_bar"
    assert run("1978-02-09")["status"] == "available"


# --- implied contractual indemnity: Bay Development (May 31, 1990), Prince (Mar. 19, 2009)
IMMUNE = {"theory": "implied_contractual_indemnity", "respondent_immune": True}


def test_after_prince_immunity_defeats_implied_contractual_indemnity() -> None:
    out = decide(musser_facts(dt.date(2009, 3, 19), **IMMUNE))
    assert out["elements_met"] is False
    assert (out["status"], out["decided_by"]) == ("barred", "elements_met")


@pytest.mark.parametrize("as_of", [dt.date(1985, 1, 1), dt.date(2000, 1, 1), dt.date(2009, 3, 18)])
def test_before_prince_the_joint_liability_requirement_is_open(as_of: dt.date) -> None:
    out = decide(musser_facts(as_of, **IMMUNE))
    assert out["elements_met"] is None
    assert out["status"] == "undetermined"
    trace = RULEBOOK.trace(out, "elements_met")
    assert trace.applied == "implied_contract_before_prince" and trace.unsettled
    allowed = decide(musser_facts(as_of, implied_contract_without_joint_liability=True, **IMMUNE))
    assert allowed["elements_met"] is True
    refused = decide(musser_facts(as_of, implied_contract_without_joint_liability=False, **IMMUNE))
    assert refused["decided_by"] == "elements_met"


def test_equitable_indemnity_always_needed_joint_liability() -> None:
    out = decide(musser_facts(dt.date(2000, 1, 1), respondent_immune=True))
    assert (out["status"], out["decided_by"]) == ("barred", "elements_met")


SETTLED = {"theory": "implied_contractual_indemnity", "respondent_good_faith_settlement": True}


def test_before_bay_development_the_settlement_bar_on_implied_indemnity_is_open() -> None:
    before = dt.date(1990, 5, 30)
    out = decide(musser_facts(before, **SETTLED))
    assert out["good_faith_settlement_bar"] is None
    assert out["comparative_apportionment"] is None
    assert out["status"] == "undetermined"
    bear_creek = decide(musser_facts(before, follow_bear_creek=True, **SETTLED))
    assert bear_creek["good_faith_settlement_bar"] is False
    assert bear_creek["comparative_apportionment"] is False
    assert bear_creek["total_indemnity"] is True  # contract-based: not apportioned
    assert bear_creek["status"] == "available"
    bay = decide(musser_facts(before, follow_bear_creek=False, **SETTLED))
    assert bay["decided_by"] == "good_faith_settlement_bar"


def test_after_bay_development_the_settlement_bars_implied_indemnity() -> None:
    out = decide(musser_facts(dt.date(1990, 5, 31), follow_bear_creek=True, **SETTLED))
    assert out["decided_by"] == "good_faith_settlement_bar"
    assert out["comparative_apportionment"] is True
    equitable = decide(
        musser_facts(
            dt.date(1989, 1, 1),
            theory="equitable_indemnity",
            respondent_good_faith_settlement=True,
        )
    )
    assert equitable["decided_by"] == "good_faith_settlement_bar"


# --- Proposition 51 (June 4, 1986) ------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "act", "want"),
    [
        (dt.date(2002, 6, 27), dt.date(1993, 1, 1), True),
        (dt.date(1986, 6, 3), dt.date(1986, 1, 1), False),
        (dt.date(2002, 6, 27), dt.date(1985, 1, 1), False),  # accrued before: not retroactive
    ],
)
def test_proposition_51_makes_non_economic_liability_several(
    as_of: dt.date, act: dt.date, want: bool
) -> None:
    facts = musser_facts(as_of, loss_includes_non_economic=True, wrongful_act_date=act)
    out = decide(facts)
    assert out["non_economic_several_only"] is want
    economic = decide(musser_facts(as_of, loss_includes_non_economic=False, wrongful_act_date=act))
    assert economic["non_economic_several_only"] is False


def test_assess_reads_the_matter_as_of_date() -> None:
    data = load_matter(MUSSER).model_dump(by_alias=True)
    data["facts"]["claimant_only_passively_negligent"] = False
    matter = Matter.model_validate(data)
    (claim,) = assess(matter, dt.date(1977, 1, 1)).claims
    assert claim.values["decided_by"] == "active_fault_bar"
