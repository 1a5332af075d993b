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
    """Musser 50/50: $52,500 owed; a $25,000 cap on all damages holds it to $25,000."""
    shares = {"claimant_fault": 5_000, "respondent_fault": 5_000, "others_fault": 0}
    free = decide(musser_facts(**shares))
    assert free["indemnity_owed_low"] == free["indemnity_owed_high"] == 5_250_000
    whole = {"respondent_statutory_cap": 2_500_000, "statutory_cap_reaches": "all_damages"}
    capped = decide(musser_facts(**whole, **shares))
    assert capped["indemnity_owed_low"] == capped["indemnity_owed_high"] == 2_500_000
    above = decide(musser_facts(respondent_statutory_cap=9_000_000, **shares))
    assert above["indemnity_owed_high"] == 5_250_000


# --- caps by kind of damages (Civ. Code § 3333.2 reaches only non-economic damages) -----
SHARES = {"claimant_fault": 5_000, "respondent_fault": 5_000, "others_fault": 0}
NON_ECONOMIC_CAP = {"respondent_statutory_cap": 2_500_000, "statutory_cap_reaches": "non_economic"}


def owed(**facts: Any) -> tuple[int, int]:
    out = decide(musser_facts(**SHARES, **facts))
    return out["indemnity_owed_low"], out["indemnity_owed_high"]


def test_a_non_economic_cap_leaves_the_economic_loss_whole() -> None:
    # The $105,000 loss was all economic: a cap on non-economic damages reaches none of it.
    assert owed(**NON_ECONOMIC_CAP, non_economic_loss=0) == (5_250_000, 5_250_000)


def test_a_non_economic_cap_holds_only_that_part_to_the_cap() -> None:
    # $45,000 of the loss non-economic, capped at $25,000: exposure 60,000 + 25,000 = 85,000,
    # above the respondent's $52,500 share; a $5,000 cap brings exposure to $65,000.
    assert owed(**NON_ECONOMIC_CAP, non_economic_loss=4_500_000) == (5_250_000, 5_250_000)
    small = {**NON_ECONOMIC_CAP, "respondent_statutory_cap": 500_000}
    out = decide(musser_facts(**SHARES, **small, non_economic_loss=10_000_000))
    assert out["respondent_exposure_low"] == out["respondent_exposure_high"] == 1_000_000
    assert (out["indemnity_owed_low"], out["indemnity_owed_high"]) == (1_000_000, 1_000_000)


def test_an_unknown_split_or_reach_gives_a_range_containing_every_answer() -> None:
    # Split unknown: anywhere from all economic (not capped) to all non-economic (capped).
    low, high = owed(**NON_ECONOMIC_CAP)
    assert (low, high) == (2_500_000, 5_250_000)
    # Reach unknown, split known: between a cap on all damages and one on non-economic only.
    unknown_reach = {"respondent_statutory_cap": 2_500_000, "non_economic_loss": 0}
    assert owed(**unknown_reach) == (2_500_000, 5_250_000)
    # Every completion lies inside the range.
    for part in (0, 2_000_000, 5_000_000, 10_500_000):
        for reach in ("non_economic", "all_damages"):
            lo, hi = owed(
                respondent_statutory_cap=2_500_000,
                statutory_cap_reaches=reach,
                non_economic_loss=part,
            )
            assert lo == hi and low <= lo <= high


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
