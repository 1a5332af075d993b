"""Accrual and limitations (LAW.md § 11): payment accrual, the two- and four-year periods,
the open § 340.6 question, cross-complaints before payment, public-entity accrual."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from musser_rows import MUSSER
from musser_rows import decide as shared_decide
from musser_rows import musser_facts as shared_facts

from apportion.decide.assessment import assess
from apportion.engine import AS_OF
from apportion.io.flatten import flatten
from apportion.io.load import load_matter
from apportion.law.california import RULEBOOK
from apportion.model.matter import Matter

PAID = dt.date(2000, 1, 15)
CHECKED = (
    "status",
    "decided_by",
    "limitations_bar",
    "limitations_deadline",
    "section_340_6_deadline",
    "entity_claim_accrual_date",
    "public_entity_claim_bar",
)


def musser_facts(as_of: dt.date = dt.date(2005, 1, 1), **changes: Any) -> dict[str, Any]:
    """The Musser claim's facts (cocounsel, equitable indemnity), paid on PAID."""
    # Provencher's stay advice was given in 1992-93; payment on PAID.
    paid = {
        "last_payment_date": PAID,
        "claimant_has_paid": True,
        "wrongful_act_date": dt.date(1993, 1, 1),
    }
    return shared_facts(as_of, **{**paid, **changes})


def decide(facts: dict[str, Any]) -> dict[str, Any]:
    """Run the compiled plan and the row interpreter; they must agree."""
    return shared_decide(facts, CHECKED)


def years(n: int, days: int = 0) -> dt.date:
    return PAID.replace(year=PAID.year + n) + dt.timedelta(days=days)


def test_without_a_filing_date_the_defence_is_not_tested() -> None:
    out = decide(musser_facts())
    assert out["limitations_bar"] is False
    assert out["status"] == "available"
    assert out["limitations_deadline"] == dt.date(2002, 1, 15)  # two years from payment


def test_filed_within_a_year_of_payment_is_timely_on_every_view() -> None:
    # Discovery unknown: § 340.6 cannot have run within a year of the actual injury.
    out = decide(musser_facts(claim_filed_date=years(1)))
    assert out["limitations_bar"] is False
    assert out["status"] == "available"


def test_filed_after_both_periods_is_barred() -> None:
    facts = musser_facts(claim_filed_date=years(2, 1), discovery_date=dt.date(1999, 6, 1))
    out = decide(facts)
    assert out["section_340_6_deadline"] == years(1)
    assert out["limitations_bar"] is True
    assert (out["status"], out["decided_by"]) == ("barred", "limitations_bar")


def test_the_last_day_of_the_two_years_is_in_time() -> None:
    facts = musser_facts(claim_filed_date=years(2), respondent_is_attorney=False)
    assert decide(facts)["limitations_bar"] is False
    facts["claim_filed_date"] = years(2, 1)
    assert decide(facts)["limitations_bar"] is True


def test_the_two_views_disagreeing_leaves_the_claim_undetermined() -> None:
    # Timely two years from payment, but more than a year after payment and discovery.
    facts = musser_facts(claim_filed_date=years(1, 120), discovery_date=dt.date(1999, 6, 1))
    out = decide(facts)
    assert out["limitations_bar"] is None
    assert out["status"] == "undetermined"
    trace = RULEBOOK.trace(out, "limitations_bar")
    assert trace.applied == "limitations_views_disagree"
    assert trace.unsettled
    assert any("340.6" in c.cite for c in trace.authorities)


@pytest.mark.parametrize(
    ("view", "status", "decided_by"),
    [("section_339", "available", "available"), ("section_340_6", "barred", "limitations_bar")],
)
def test_an_elected_view_decides_the_open_question(view: str, status: str, decided_by: str) -> None:
    facts = musser_facts(
        claim_filed_date=years(1, 120), discovery_date=dt.date(1999, 6, 1), limitations_view=view
    )
    out = decide(facts)
    assert (out["status"], out["decided_by"]) == (status, decided_by)
    trace = RULEBOOK.trace(out, "limitations_bar")
    assert trace.unsettled  # shown as the matter's election on an open question


def test_late_discovery_can_save_a_claim_under_340_6_only() -> None:
    # Filed 2.5 years after payment: late under § 339(1); § 340.6 runs a year from the
    # discovery 2 years after payment (capped at four years from the act, tolled to payment).
    facts = musser_facts(claim_filed_date=years(2, 180), discovery_date=years(2))
    out = decide(facts)
    assert out["section_340_6_deadline"] == years(3)
    assert out["limitations_bar"] is None  # the views disagree the other way
    facts["discovery_date"] = None  # then § 340.6 depends on an unknown date
    assert decide(facts)["limitations_bar"] is None
    facts["limitations_view"] = "section_339"
    assert decide(facts)["decided_by"] == "limitations_bar"


def test_a_cross_complaint_filed_before_payment_is_not_barred() -> None:
    out = decide(musser_facts(claim_filed_date=PAID - dt.timedelta(days=400)))
    assert out["limitations_bar"] is False
    trace = RULEBOOK.trace(out, "limitations_bar")
    assert trace.applied == "filed_before_payment"
    assert any("American Motorcycle" in c.cite for c in trace.authorities)
    # Nothing paid yet: the claim has not accrued, which is no bar either.
    unpaid = musser_facts(
        claim_filed_date=years(5), claimant_has_paid=False, last_payment_date=None
    )
    assert decide(unpaid)["limitations_bar"] is False


def test_a_written_indemnity_agreement_has_four_years() -> None:
    facts = musser_facts(
        theory="express_indemnity",
        express_indemnity_clause=True,
        claim_filed_date=years(3),
        discovery_date=dt.date(1999, 6, 1),
    )
    out = decide(facts)
    assert out["limitations_deadline"] == years(4)
    assert out["limitations_bar"] is False  # § 340.6 is not in question for a contract claim
    facts["claim_filed_date"] = years(4, 1)
    assert decide(facts)["decided_by"] == "limitations_bar"
    facts.update(express_indemnity_clause=False, claim_filed_date=years(3))
    assert decide(facts)["limitations_deadline"] == years(2)  # an oral promise: two years


def test_other_theories_are_not_tested_here() -> None:
    out = decide(musser_facts(theory="lost_fees", claim_filed_date=years(9)))
    assert out["limitations_bar"] is False
    assert out["decided_by"] == "lost_fees_no_duty"


# --- public entities ---------------------------------------------------------------------
SERVED = dt.date(1998, 3, 1)


def public_entity_matter(as_of: str) -> Matter:
    data = load_matter(MUSSER).model_dump(by_alias=True)
    data["as_of"] = as_of
    for party in data["parties"]:
        if party["id"] == "provencher":
            party["public_entity"] = True
    for claim in data["claims"]:
        if claim["id"] == "scott-malpractice":
            claim["served"] = SERVED
    return Matter.model_validate(data)


@pytest.mark.parametrize(
    ("as_of", "accrual"),
    [("1980-12-31", dt.date(1997, 1, 15)), ("2002-06-27", SERVED)],
)
def test_public_entity_accrual_moves_to_service_of_the_complaint(
    as_of: str, accrual: dt.date
) -> None:
    matter = public_entity_matter(as_of)
    (row,) = flatten(matter, RULEBOOK, dt.date.fromisoformat(as_of))
    assert row.facts["respondent_is_public_entity"] is True
    assert row.facts["complaint_served_date"] == SERVED
    assert row.facts["last_payment_date"] == dt.date(1997, 1, 15)  # not the defense costs
    out = decide(row.facts)
    assert out["entity_claim_accrual_date"] == accrual
    assert out["public_entity_claim_bar"] is None  # presentation not yet answered
    assert out["status"] == "undetermined"


def test_a_claim_not_presented_to_the_entity_in_time_is_barred() -> None:
    matter = public_entity_matter("2002-06-27")
    data = matter.model_dump(by_alias=True)
    data["facts"]["entity_claim_presented_in_time"] = False
    result = assess(Matter.model_validate(data))
    (claim,) = result.claims
    assert (claim.status, claim.values["decided_by"]) == ("barred", "public_entity_claim_bar")
    data["facts"]["entity_claim_presented_in_time"] = True
    (claim,) = assess(Matter.model_validate(data)).claims
    assert claim.status == "available"


def test_a_candidate_filing_date_reaches_the_limitations_rules() -> None:
    data = load_matter(MUSSER).model_dump(by_alias=True)
    data["candidates"] = [{"claimant": "musser", "respondent": "provencher", "filed": "1999-06-01"}]
    data["facts"]["discovery_date"] = "1996-01-01"
    result = assess(Matter.model_validate(data))
    (claim,) = result.claims
    assert claim.row.facts["claim_filed_date"] == dt.date(1999, 6, 1)
    assert (claim.status, claim.values["decided_by"]) == ("barred", "limitations_bar")
    frame = result.frame
    assert isinstance(frame, pl.DataFrame) and AS_OF in frame.columns


def test_tolling_extends_both_340_6_periods() -> None:
    facts = musser_facts(claim_filed_date=years(1, 120), discovery_date=dt.date(1999, 6, 1))
    assert decide(facts)["limitations_bar"] is None  # the views disagree
    facts["section_340_6_tolled_days"] = 200  # e.g. continuous representation
    out = decide(facts)
    assert out["section_340_6_deadline"] == years(1, 200)
    assert out["limitations_bar"] is False  # now timely on both views
    assert out["status"] == "available"


def test_willful_concealment_tolls_only_the_four_year_period() -> None:
    # Subd. (a)(3): concealment "shall toll only the four-year limitation".
    facts = musser_facts(discovery_date=dt.date(1999, 6, 1))
    facts["section_340_6_concealment_days"] = 200
    assert decide(facts)["section_340_6_deadline"] == years(1)  # the one year still governs
    # Where the four years are the shorter, concealment extends them.
    late = musser_facts(discovery_date=years(3, 300), wrongful_act_date=PAID)
    assert decide(late)["section_340_6_deadline"] == years(4)
    late["section_340_6_concealment_days"] = 200
    assert decide(late)["section_340_6_deadline"] == years(4, 200)
