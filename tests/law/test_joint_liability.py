"""Refinements of the joint legal obligation (LAW.md §§ 1.2, 4.3, 12.3, 14.6): a procedural
bar is no defence, a statutory cap limits the indemnitor, a consultant to the lawyer only is
an open question, and non-lawyer professionals get Musser's case-by-case analysis."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
    "joint_liability",
    "respondent_exposure_cap",
    "worked_concurrently",
    "concurrent_counsel_bar",
)


def musser_facts(as_of: dt.date = dt.date(2006, 1, 1), **changes: Any) -> dict[str, Any]:
    return shared_facts(as_of, **changes)


def decide(facts: dict[str, Any]) -> dict[str, Any]:
    return shared_decide(facts, CHECKED)


# --- E2d: the client's claim against the indemnitor only procedurally barred -------------
def test_a_procedural_bar_against_the_client_does_not_defeat_indemnity() -> None:
    out = decide(musser_facts(client_claim_vs_respondent_procedurally_barred=True))
    assert out["joint_liability"] is True
    assert out["status"] == "available"
    trace = RULEBOOK.trace(out, "joint_liability")
    assert trace.applied == "procedural_bar_is_no_defence"
    assert any(c.cite.startswith("People ex rel.") for c in trace.authorities)


def test_a_substantive_immunity_does_defeat_it() -> None:
    out = decide(
        musser_facts(client_claim_vs_respondent_procedurally_barred=True, respondent_immune=True)
    )
    assert out["joint_liability"] is False
    assert (out["status"], out["decided_by"]) == ("barred", "elements_met")


# --- E4: a statutory cap on what the indemnitor would owe the client --------------------
def test_the_exposure_cap_is_the_statutory_limit_or_unknown() -> None:
    assert decide(musser_facts())["respondent_exposure_cap"] is None
    capped = decide(musser_facts(respondent_statutory_cap=25_000_000))
    assert capped["respondent_exposure_cap"] == 25_000_000
    cites = RULEBOOK.rules["respondent_exposure_cap"].authorities
    assert any("Western Steamship" in c.cite for c in cites)


def test_the_exposure_cap_limits_indemnity_owed() -> None:
    """Musser 50/50: $52,500 owed; a $25,000 statutory cap holds it to $25,000."""
    shares = {"claimant_fault": 5_000, "respondent_fault": 5_000, "others_fault": 0}
    free = decide(musser_facts(**shares))
    assert free["indemnity_owed_low"] == free["indemnity_owed_high"] == 5_250_000
    capped = decide(musser_facts(respondent_statutory_cap=2_500_000, **shares))
    assert capped["indemnity_owed_low"] == capped["indemnity_owed_high"] == 2_500_000
    above = decide(musser_facts(respondent_statutory_cap=9_000_000, **shares))
    assert above["indemnity_owed_high"] == 5_250_000


# --- consultant to the lawyer only: an open question ------------------------------------
def consultant_matter(**facts: Any) -> Matter:
    """Provencher retained by Musser alone, never acting for Scott."""
    data = load_matter(MUSSER).model_dump(by_alias=True)
    for rep in data["representations"]:
        if rep["attorney"] == "provencher":
            rep["client"] = "musser"
    data["candidates"] = [{"claimant": "musser", "respondent": "provencher"}]
    data["facts"].update(facts)
    return Matter.model_validate(data)


def test_a_consultant_to_the_lawyer_only_shares_no_joint_obligation() -> None:
    result = assess(consultant_matter(), dt.date(2006, 1, 1))
    (claim,) = result.claims
    assert claim.row.facts["respondent_advised_only_claimant"] is True
    assert claim.row.facts["respondent_owed_duty_to_client"] is None
    assert (claim.status, claim.values["decided_by"]) == ("barred", "elements_met")
    out = RULEBOOK.interpret(claim.row.facts)
    trace = RULEBOOK.trace(out, "joint_liability")
    assert trace.applied == "consultant_to_the_claimant_only"
    assert trace.unsettled  # shown as an open question, not settled law


def test_the_consultant_question_can_be_decided_by_the_matter() -> None:
    matter = consultant_matter(consultant_shares_obligation=True)
    (claim,) = assess(matter, dt.date(2006, 1, 1)).claims
    assert claim.status == "available"


def test_the_record_tells_cocounsel_from_consultant() -> None:
    (claim,) = assess(load_matter(MUSSER)).claims
    assert claim.row.facts["respondent_advised_only_claimant"] is False
    assert claim.row.facts["respondent_owed_duty_to_client"] is True


# --- Forensis: a non-lawyer professional retained by the law firm ----------------------
EXPERT = {
    "claimant_is_attorney": False,
    "representations_overlapped": False,
    "claimant_role": "none",
    "claimant_retained_by_respondent": True,
    "respondent_currently_represents_client": False,
}


def test_an_expert_may_seek_indemnity_from_the_retaining_firm() -> None:
    out = decide(musser_facts(**EXPERT))
    assert out["worked_concurrently"] is True
    assert out["concurrent_counsel_bar"] is False
    assert out["status"] == "available"
    trace = RULEBOOK.trace(out, "worked_concurrently")
    assert trace.applied == "professional_retained_by_counsel"
    assert any("Forensis" in c.cite for c in trace.authorities)


def test_the_experts_claim_is_still_decided_case_by_case() -> None:
    facts = musser_facts(**(EXPERT | {"respondent_currently_represents_client": True}))
    out = decide(facts)
    assert (out["status"], out["decided_by"]) == ("barred", "concurrent_counsel_bar")
