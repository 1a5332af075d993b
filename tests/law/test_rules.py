"""One test at least for every rule of the California rulebook.

Each case gives a rule, the facts chosen to exercise it (every other fact unknown), the
date whose law applies, the value the rule must reach and the exception that must decide
it (none: its default). Every case runs on the row interpreter and on the compiled polars
plan, which must agree. Meta-tests below fail when a rule has no case, when a yes/no rule
is never seen both ways, or when an exception is never seen deciding.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl
import pytest

from apportion.engine import AS_OF, Kind
from apportion.law.california import MODULES, RULEBOOK

TODAY = dt.date(2026, 1, 1)
BEFORE_MUSSER = dt.date(2001, 1, 1)  # Musser decided 2002-06-27
BEFORE_BAY_DEVELOPMENT = dt.date(1989, 1, 1)  # decided 1990-05-31
BEFORE_GOV_901_AMENDED = dt.date(1980, 6, 1)  # after People ex rel. (1980-04-10)
BEFORE_AMA = dt.date(1977, 6, 1)  # American Motorcycle decided 1978-02-09
BEFORE_PRINCE = dt.date(2005, 1, 1)  # decided 2009-03-19
BEFORE_BORISSOFF = dt.date(2003, 1, 1)  # decided 2004-07-15
D = dt.date


@dataclass(frozen=True)
class Case:
    rule: str
    expected: Any
    facts: dict[str, Any]
    applied: str | None = None
    as_of: dt.date = TODAY
    ids: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        value = "unknown" if self.expected is None else self.expected
        return f"{self.rule}={value}" + (f"[{self.applied}]" if self.applied else "")


def case(
    rule: str,
    expected: Any,
    *bundles: dict[str, Any],
    applied: str | None = None,
    as_of: dt.date = TODAY,
    **facts: Any,
) -> Case:
    merged: dict[str, Any] = {}
    for bundle in bundles:
        merged.update(bundle)
    merged.update(facts)
    return Case(rule, expected, merged, applied, as_of)


EQUITABLE = {"theory": "equitable_indemnity"}
# An equitable indemnity claim between two lawyers, no express clause.
LAWYERS = EQUITABLE | {
    "claimant_is_attorney": True,
    "respondent_is_attorney": True,
    "express_indemnity_clause": False,
}
LIABLE = {"respondent_owed_duty_to_client": True, "respondent_caused_same_injury": True}
LIABLE |= {"respondent_immune": False}
TRIPARTITE = {
    "reservation_of_rights": True,
    "claimant_role": "insurer_appointed",
    "respondent_role": "cumis",
}
NO_CONFLICT = {
    "representations_overlapped": True,
    "respondent_currently_represents_client": False,
    "respondent_counsel_against_claimant": False,
    "respondent_hired_to_remedy": False,
    "respondent_personal_stake": False,
}
UNWAIVED_CONFIDENCES = {
    "needs_client_confidences": True,
    "client_sued_respondent": False,
    "privilege_waived_by_client": False,
    "respondent_needs_disclosure_to_defend": True,
}
WM_FACTORS = {
    "wm_incidental_to_insurer_transfer": True,
    "wm_not_a_commodity": True,
    "transferee_former_adversary": False,
    "wm_attorney_defended_insured": True,
    "wm_via_claims_administrator": True,
}
# Money in cents, shares in basis points: $10,000 deductible, $65,000 insurer-paid,
# $20,000 fees written off as the price of the release; fault 40/60.
MONEY = {
    "paid_by_claimant": 1_000_000,
    "paid_by_primary": 6_500_000,
    "paid_by_excess": 0,
    "fees_waived": 2_000_000,
    "waiver_was_settlement_consideration": True,
    "defense_by_claimant": 0,
    "defense_by_insurers": 0,
    "claimant_fault": 4000,
    "respondent_fault": 6000,
    "others_fault": 0,
    "claimant_liability_vicarious": False,
    "claimant_won_summarily": False,
    "insurer_paid_as_volunteer": False,
    "primary_overrides_made_whole": False,
}
# A clean equitable-indemnity claim between cocounsel: elements met, every bar ruled out.
NOTHING_PAID = dict.fromkeys(
    (
        "paid_by_claimant",
        "paid_by_primary",
        "paid_by_excess",
        "fees_waived",
        "defense_by_claimant",
        "defense_by_insurers",
    ),
    0,
)
CLEAN = (
    EQUITABLE
    | LIABLE
    | MONEY
    | {
        "respondent_is_attorney": True,
        "respondent_succeeded_claimant": False,
        "claimant_succeeded_respondent": False,
        "respondent_hired_to_remedy": False,
        "respondent_counsel_against_claimant": False,
        "respondent_retained_by_plaintiff": False,
        "representations_overlapped": False,
        "respondent_good_faith_settlement": False,
        "respondent_is_clients_employer": False,
        "respondent_is_public_entity": False,
    }
)
# Three insurers' worth of loss: $10,000 deductible, $65,000 primary, $15,000 excess and
# $20,000 written off; fault 40/60, defense costs not recoverable. Loss $110,000; the
# respondent owes 60% ($66,000); the insured is made whole ($30,000) before the insurers
# share the other $36,000 pro rata to what they paid (65:15).
LAYERS = CLEAN | {"paid_by_excess": 1_500_000, "defense_costs_held_recoverable": False}
# Fault shares of the respondent and others unknown; the claimant's 40% known.
OPEN_FAULT = MONEY | {"respondent_fault": None, "others_fault": None}
PAID_2001 = {"claimant_has_paid": True, "last_payment_date": D(2001, 3, 1)}
ATTORNEY_INDEMNITY = EQUITABLE | PAID_2001 | {"respondent_is_attorney": True}
# Filed 2002-06-01: within two years of payment, but more than a year after both payment
# and discovery, so the two limitations views disagree.
DISPUTED_FILING = ATTORNEY_INDEMNITY | {
    "claim_filed_date": D(2002, 6, 1),
    "discovery_date": D(2000, 6, 1),
    "wrongful_act_date": D(1999, 1, 1),
}

CASES = [
    # --- comparative equitable indemnity ---------------------------------------------
    case("joint_liability", True, LIABLE),
    case("joint_liability", False, LIABLE, respondent_immune=True),
    case("joint_liability", False, LIABLE, respondent_caused_same_injury=False),
    case("equitable_theory", True, theory="implied_contractual_indemnity"),
    case("equitable_theory", False, theory="express_indemnity"),
    case("express_agreement", True, express_indemnity_clause=True),
    case("express_agreement", False, express_indemnity_clause=False),
    case("malpractice_elements", True, LIABLE),
    case("malpractice_elements", False, LIABLE, respondent_owed_duty_to_client=False),
    case("elements_met", True, EQUITABLE, LIABLE),
    case("elements_met", False, EQUITABLE, LIABLE, respondent_immune=True),
    case("elements_met", True, theory="express_indemnity", express_indemnity_clause=True),
    case("elements_met", False, LIABLE, theory="transferred_malpractice",
         respondent_caused_same_injury=False),
    case("elements_met", True, theory="lost_fees"),  # decided by its bar instead
    case("elements_met", None, EQUITABLE),
    case("total_indemnity", True, EQUITABLE, claimant_liability_vicarious=True),
    case("total_indemnity", False, EQUITABLE, claimant_liability_vicarious=False),
    # --- attorney public-policy bars -------------------------------------------------
    case("adverse_counsel_bar", True, LAWYERS, respondent_counsel_against_claimant=True),
    case("adverse_counsel_bar", True, LAWYERS, respondent_is_attorney=True,
         respondent_counsel_against_claimant=False, respondent_retained_by_plaintiff=True),
    case("adverse_counsel_bar", False, LAWYERS, respondent_is_attorney=True,
         respondent_counsel_against_claimant=False, respondent_retained_by_plaintiff=False),
    case("adverse_counsel_bar", False, LAWYERS, respondent_is_attorney=False,
         respondent_counsel_against_claimant=True),
    case("successor_bar", True, LAWYERS, respondent_succeeded_claimant=True,
         claimant_succeeded_respondent=False),
    # A reverse-direction fact left unknown leaves the bar open: it could lift it.
    case("successor_bar", None, LAWYERS, respondent_succeeded_claimant=True),
    case("successor_bar", False, LAWYERS, respondent_succeeded_claimant=False,
         respondent_hired_to_remedy=False),
    # Gibson Dunn: the rescuer is shielded even when it did not succeed the claimant.
    case("successor_bar", True, LAWYERS, respondent_succeeded_claimant=False,
         claimant_succeeded_respondent=False, respondent_hired_to_remedy=True,
         claim_attacks_remedial_advice=True),
    case("successor_bar", False, LAWYERS, respondent_succeeded_claimant=True,
         claimant_succeeded_respondent=True, applied="crouse_reverse_direction"),
    case("successor_bar", False, LAWYERS, respondent_succeeded_claimant=True,
         follow_parker_v_morton=True, applied="parker_minority_view"),
    # Parker applies only when elected: unanswered, the majority rule holds.
    case("successor_bar", True, LAWYERS, respondent_succeeded_claimant=True,
         claimant_succeeded_respondent=False, follow_parker_v_morton=None),
    case("conflict_of_interest", True, LAWYERS, respondent_currently_represents_client=True),
    case("conflict_of_interest", True, LAWYERS, respondent_hired_to_remedy=True,
         claim_attacks_remedial_advice=True, representations_overlapped=False),
    case("conflict_of_interest", False, LAWYERS, NO_CONFLICT, as_of=BEFORE_MUSSER),
    case("conflict_of_interest", True, LAWYERS, NO_CONFLICT, respondent_personal_stake=True,
         as_of=BEFORE_MUSSER),
    case("conflict_of_interest", False, LAWYERS, NO_CONFLICT, respondent_personal_stake=True,
         applied="concurrent_counsel_no_conflict"),
    case("privilege_waived_as_to_respondent", True, client_sued_respondent=True),
    case("privilege_waived_as_to_respondent", True, client_sued_respondent=False,
         privilege_waived_by_client=True),
    case("privilege_waived_as_to_respondent", False, client_sued_respondent=False,
         privilege_waived_by_client=False),
    case("confidentiality_concern", True, UNWAIVED_CONFIDENCES),
    case("confidentiality_concern", False, UNWAIVED_CONFIDENCES, client_sued_respondent=True),
    case("confidentiality_concern", False, needs_client_confidences=False),
    case("tripartite_insurer_relationship", True, TRIPARTITE),
    case("tripartite_insurer_relationship", True, respondent_role="monitoring"),
    case("tripartite_insurer_relationship", False, TRIPARTITE, reservation_of_rights=False),
    case("concurrent_counsel_bar", False, LAWYERS, representations_overlapped=False),
    case("concurrent_counsel_bar", False, LAWYERS, NO_CONFLICT, needs_client_confidences=False),
    case("concurrent_counsel_bar", True, LAWYERS, NO_CONFLICT, TRIPARTITE, as_of=BEFORE_MUSSER,
         applied="pre_musser_tripartite_bar"),
    case("concurrent_counsel_bar", True, LAWYERS, NO_CONFLICT,
         respondent_counsel_against_claimant=True, applied="conflict_bars_concurrent_claim"),
    case("concurrent_counsel_bar", True, LAWYERS, NO_CONFLICT, TRIPARTITE, UNWAIVED_CONFIDENCES,
         applied="confidentiality_bars_tripartite_claim"),
    case("concurrent_counsel_bar", None, LAWYERS, NO_CONFLICT, UNWAIVED_CONFIDENCES,
         reservation_of_rights=False, claimant_role="lead", respondent_role="associated",
         applied="confidentiality_is_a_fact_question"),
    # Musser: the same tripartite facts without unwaived confidences are no longer a bar.
    case("concurrent_counsel_bar", False, LAWYERS, NO_CONFLICT, TRIPARTITE,
         needs_client_confidences=False),
    # --- good-faith settlement and workers' compensation -----------------------------
    case("good_faith_settlement_bar", True, EQUITABLE, respondent_good_faith_settlement=True),
    case("good_faith_settlement_bar", True, theory="implied_contractual_indemnity",
         respondent_good_faith_settlement=True),
    case("good_faith_settlement_bar", False, theory="express_indemnity",
         respondent_good_faith_settlement=True),
    case("good_faith_settlement_bar", False, theory="implied_contractual_indemnity",
         respondent_good_faith_settlement=True, follow_bear_creek=True,
         as_of=BEFORE_BAY_DEVELOPMENT, applied="implied_contract_before_bay_development"),
    # Open for that era unless the matter elects Bear Creek or not.
    case("good_faith_settlement_bar", None, theory="implied_contractual_indemnity",
         respondent_good_faith_settlement=True, as_of=BEFORE_BAY_DEVELOPMENT,
         applied="implied_contract_before_bay_development"),
    case("good_faith_settlement_bar", True, theory="implied_contractual_indemnity",
         respondent_good_faith_settlement=True, follow_bear_creek=False,
         as_of=BEFORE_BAY_DEVELOPMENT, applied="implied_contract_before_bay_development"),
    case("workers_comp_bar", True, respondent_is_clients_employer=True,
         respondent_has_comp_coverage=True, written_preinjury_indemnity=False),
    case("workers_comp_bar", False, respondent_is_clients_employer=True,
         respondent_has_comp_coverage=True, written_preinjury_indemnity=True),
    # --- cocounsel fee claims --------------------------------------------------------
    case("lost_fees_no_duty", True, theory="lost_fees"),
    case("lost_fees_no_duty", False, EQUITABLE),
    # Before Beck the courts were split; Pollack applies only where the matter elects it.
    case(
        "lost_fees_no_duty",
        False,
        theory="lost_fees",
        follow_pollack_v_lytle=True,
        applied="pollack_duty_before_beck",
        as_of=dt.date(1995, 1, 1),
    ),
    case("lost_fees_no_duty", True, theory="lost_fees", as_of=dt.date(1995, 1, 1)),
    case("lost_fees_no_duty", True, theory="lost_fees", follow_pollack_v_lytle=True),
    # --- assignment and subrogation --------------------------------------------------
    case("white_mountains_factors", True, WM_FACTORS),
    case("white_mountains_factors", False, WM_FACTORS, transferee_former_adversary=True),
    case("transfer_ineffective", True, theory="transferred_malpractice",
         transfer_mode="involuntary_assignment"),
    case("transfer_ineffective", True, theory="transferred_malpractice",
         transfer_mode="bankruptcy_estate", claimant_is_bankruptcy_trustee=False),
    case("transfer_ineffective", False, theory="transferred_malpractice",
         transfer_mode="bankruptcy_estate", claimant_is_bankruptcy_trustee=True,
         applied="bankruptcy_trustee_sues"),
    case("transfer_ineffective", False, WM_FACTORS, theory="transferred_malpractice",
         transfer_mode="corporate_successor", applied="white_mountains_exception"),
    # An assignment whose White Mountains factors are unknown is undetermined.
    case("transfer_ineffective", None, theory="transferred_malpractice",
         transfer_mode="voluntary_assignment"),
    case("transfer_ineffective", False, EQUITABLE, transfer_mode="none"),
    case("transfer_ineffective", False, theory="transferred_malpractice",
         transfer_mode="successor_fiduciary", applied="successor_fiduciary_sues"),
    case("transfer_ineffective", None, theory="transferred_malpractice",
         transfer_mode="successor_fiduciary", as_of=BEFORE_BORISSOFF,
         applied="successor_fiduciary_open_before_borissoff"),
    case("transfer_ineffective", False, theory="transferred_malpractice",
         transfer_mode="successor_fiduciary", successor_fiduciary_may_sue=True,
         as_of=BEFORE_BORISSOFF, applied="successor_fiduciary_open_before_borissoff"),
    case("subrogation_permitted", True, EQUITABLE, insurer_paid_as_volunteer=False),
    case("subrogation_permitted", True, theory="express_indemnity", insurer_paid_as_volunteer=False,
         as_of=BEFORE_MUSSER),
    case("subrogation_permitted", False, EQUITABLE, insurer_paid_as_volunteer=True,
         applied="volunteer_not_subrogated"),
    case("subrogation_permitted", None, EQUITABLE, insurer_paid_as_volunteer=False,
         as_of=BEFORE_MUSSER, applied="open_before_musser"),
    # Before Musser too a volunteer is not subrogated (one exception decides, no clash).
    case("subrogation_permitted", False, EQUITABLE, insurer_paid_as_volunteer=True,
         as_of=BEFORE_MUSSER, applied="volunteer_not_subrogated"),
    case("subrogation_permitted", False, theory="lost_fees", insurer_paid_as_volunteer=False),
    # --- accrual and limitations -----------------------------------------------------
    case("indemnity_claim", True, theory="express_indemnity"),
    case("indemnity_claim", False, theory="transferred_malpractice"),
    case("indemnity_accrual_date", D(2001, 3, 1), PAID_2001),
    case("filed_before_accrual", True, PAID_2001, claim_filed_date=D(2000, 1, 1)),
    case("filed_before_accrual", True, claimant_has_paid=False, claim_filed_date=D(2000, 1, 1)),
    case("filed_before_accrual", False, PAID_2001, claim_filed_date=D(2002, 1, 1)),
    case("filed_before_accrual", False, PAID_2001),  # no filing date: not tested
    case("limitations_deadline", D(2003, 3, 1), PAID_2001, EQUITABLE),
    case("limitations_deadline", D(2005, 3, 1), PAID_2001, theory="express_indemnity",
         express_indemnity_clause=True, applied="written_indemnity_four_years"),
    case("timely_from_payment", True, PAID_2001, EQUITABLE, claim_filed_date=D(2003, 3, 1)),
    case("timely_from_payment", False, PAID_2001, EQUITABLE, claim_filed_date=D(2003, 3, 2)),
    case("section_340_6_may_govern", True, EQUITABLE, respondent_is_attorney=True),
    case("section_340_6_may_govern", False, EQUITABLE, respondent_is_attorney=False),
    case("section_340_6_deadline", D(2002, 3, 1), DISPUTED_FILING),
    case("timely_under_340_6", True, DISPUTED_FILING, claim_filed_date=D(2002, 2, 1)),
    case("timely_under_340_6", False, DISPUTED_FILING),
    case("limitations_bar", True, DISPUTED_FILING, respondent_is_attorney=False,
         claim_filed_date=D(2004, 1, 1)),
    case("limitations_bar", False, DISPUTED_FILING, respondent_is_attorney=False),
    case("limitations_bar", False, EQUITABLE, PAID_2001),  # no filing date: not tested
    case("limitations_bar", False, DISPUTED_FILING, claim_filed_date=D(2000, 1, 1),
         applied="filed_before_payment"),
    case("limitations_bar", None, DISPUTED_FILING, applied="limitations_views_disagree"),
    case("limitations_bar", False, DISPUTED_FILING, limitations_view="section_339",
         applied="elected_period_from_payment"),
    case("limitations_bar", True, DISPUTED_FILING, limitations_view="section_340_6",
         applied="elected_section_340_6"),
    # The filing deadline of a claim not yet filed: the earliest day of any view.
    case("section_340_6_earliest_deadline", D(2002, 3, 1), ATTORNEY_INDEMNITY),
    case("section_340_6_earliest_deadline", D(2002, 6, 1), ATTORNEY_INDEMNITY,
         discovery_date=D(2001, 6, 1)),
    case("section_340_6_earliest_deadline", D(2003, 3, 11), ATTORNEY_INDEMNITY,
         discovery_date=D(2002, 3, 1), wrongful_act_date=D(1999, 1, 1),
         section_340_6_tolled_days=10),
    case("payment_period_earliest_deadline", D(2003, 3, 1), PAID_2001, theory="express_indemnity"),
    case("payment_period_earliest_deadline", D(2005, 3, 1), PAID_2001, theory="express_indemnity",
         express_indemnity_clause=True, applied="written_indemnity_four_years_from_payment"),
    case("filing_deadline", D(2002, 3, 1), ATTORNEY_INDEMNITY, respondent_is_public_entity=False),
    case("filing_deadline", D(2003, 3, 1), ATTORNEY_INDEMNITY, respondent_is_public_entity=False,
         respondent_is_attorney=False),
    case("filing_deadline", D(2003, 3, 1), ATTORNEY_INDEMNITY, respondent_is_public_entity=False,
         limitations_view="section_339", applied="filing_elected_period_from_payment"),
    case("filing_deadline", D(2002, 3, 1), ATTORNEY_INDEMNITY, respondent_is_public_entity=False,
         limitations_view="section_340_6", applied="filing_elected_section_340_6"),
    case("filing_deadline_due", True, ATTORNEY_INDEMNITY),
    case("filing_deadline_due", False, DISPUTED_FILING),
    case("filing_deadline", None, ATTORNEY_INDEMNITY,
         applied="claims_presentation_period_not_computed"),
    case("entity_claim_accrual_date", D(2001, 3, 1), PAID_2001, respondent_is_public_entity=False),
    case("entity_claim_accrual_date", D(1999, 5, 1), PAID_2001, respondent_is_public_entity=True,
         complaint_served_date=D(1999, 5, 1), applied="accrual_at_service_of_complaint"),
    case("entity_claim_accrual_date", D(2001, 3, 1), PAID_2001, respondent_is_public_entity=True,
         complaint_served_date=D(1999, 5, 1), as_of=BEFORE_GOV_901_AMENDED),
    case("public_entity_claim_bar", True, EQUITABLE, respondent_is_public_entity=True,
         entity_claim_presented_in_time=False),
    case("public_entity_claim_bar", False, EQUITABLE, respondent_is_public_entity=True,
         entity_claim_presented_in_time=True),
    # People ex rel. Dept. of Transportation: a cross-complaint before payment needed no claim...
    case("public_entity_claim_bar", False, EQUITABLE, respondent_is_public_entity=True,
         entity_claim_presented_in_time=False, claimant_has_paid=False,
         claim_filed_date=D(1979, 6, 1), as_of=BEFORE_GOV_901_AMENDED,
         applied="cross_complaint_before_accrual_needs_no_claim"),
    # ...until § 901 was amended: then it needs a timely claim like any other (Shortstop).
    case("public_entity_claim_bar", True, EQUITABLE, respondent_is_public_entity=True,
         entity_claim_presented_in_time=False, claimant_has_paid=False,
         claim_filed_date=D(1982, 6, 1)),
    # --- recoverable loss (cents) ----------------------------------------------------
    case("waived_fees_in_loss", 2_000_000, MONEY),
    case("waived_fees_in_loss", 0, MONEY, waiver_was_settlement_consideration=False),
    case("loss_paid", 9_500_000, MONEY),
    case("claimant_share", 3_800_000, EQUITABLE, MONEY),
    case("claimant_share", 0, EQUITABLE, MONEY, claimant_liability_vicarious=True),
    case("respondent_share", 5_700_000, EQUITABLE, MONEY),
    case("respondent_share", 9_500_000, EQUITABLE, MONEY, claimant_liability_vicarious=True),
    case("indemnity_owed", 5_700_000, EQUITABLE, MONEY),
    # One unknown share is what the others leave of 100 %: still determined.
    case("indemnity_owed", 5_700_000, EQUITABLE, MONEY, respondent_fault=None),
    case("indemnity_owed", None, EQUITABLE, MONEY, respondent_fault=None, others_fault=None),
    case("indemnity_owed_high", 5_700_000, EQUITABLE, MONEY, respondent_fault=None,
         others_fault=None),
    case("indemnity_owed_high", 9_500_000, EQUITABLE, MONEY, respondent_fault=None,
         claimant_fault=None, others_fault=None),
    case("claimant_without_fault", True, MONEY, claimant_liability_vicarious=True),
    case("claimant_without_fault", True, MONEY, claimant_fault=0),
    case("claimant_without_fault", False, MONEY),
    case("loss_paid_low", 9_500_000, MONEY),
    case("loss_paid_low", 7_500_000, MONEY, waiver_was_settlement_consideration=None),
    case("loss_paid_high", 9_500_000, MONEY, waiver_was_settlement_consideration=None),
    case("fault_unassigned", 5000, claimant_fault=3000, others_fault=2000),
    case("fault_unassigned", 0, claimant_fault=3000, respondent_fault=5000, others_fault=2000),
    # Unknown shares at the corners that make the respondent's part least (low) or most (high).
    case("claimant_fault_low", 4000, respondent_fault=6000, others_fault=0),
    case("claimant_fault_low", 0, respondent_fault=6000),
    case("claimant_fault_high", 4000, respondent_fault=6000),
    case("claimant_fault_high", 0, others_fault=6000),
    case("respondent_fault_low", 6000, claimant_fault=4000, others_fault=0),
    case("respondent_fault_low", 0, claimant_fault=4000),
    case("respondent_fault_high", 6000, claimant_fault=4000),
    case("others_fault_low", 6000, claimant_fault=4000),
    case("others_fault_high", 0, claimant_fault=4000),
    case("others_fault_high", 6000, claimant_fault=4000, respondent_fault=0),
    case("fault_determined", True, claimant_fault=4000, respondent_fault=6000),
    case("fault_determined", False, claimant_fault=4000),
    case("respondent_share_low", 0, EQUITABLE, OPEN_FAULT),
    case("respondent_share_high", 5_700_000, EQUITABLE, OPEN_FAULT),
    case("claimant_share_low", 3_800_000, EQUITABLE, OPEN_FAULT),
    case("others_share_low", 5_700_000, EQUITABLE, OPEN_FAULT),
    case("claimant_share_high", 3_800_000, EQUITABLE, OPEN_FAULT),
    case("others_share_high", 0, EQUITABLE, OPEN_FAULT),
    case("indemnity_owed_low", 0, EQUITABLE, OPEN_FAULT),
    case("indemnity_owed_low", 5_700_000, EQUITABLE, MONEY),
    # Respondent 50%: $47,500 of $95,000; the other $47,500 split 30:20 by largest remainder.
    case("others_share", 1_900_000, EQUITABLE, MONEY, claimant_fault=3000,
         respondent_fault=5000, others_fault=2000),
    case("others_share", None, EQUITABLE, OPEN_FAULT),
    case("tort_of_another", True, MONEY, claimant_fault=0, defense_forced_by_respondent_tort=True,
         defense_costs_reasonable=True, defense_costs_pleaded_as_damages=True),
    # Gorman: a joint tortfeasor cannot recover its defense costs as tort-of-another damages.
    case("tort_of_another", False, MONEY, defense_forced_by_respondent_tort=True,
         defense_costs_reasonable=True, defense_costs_pleaded_as_damages=True),
    case("implied_indemnity_fees", True, EQUITABLE, MONEY, defense_forced_by_respondent_tort=True,
         respondent_declined_tender=True, claimant_won_summarily=True),
    case("implied_indemnity_fees", False, EQUITABLE, MONEY, defense_forced_by_respondent_tort=True,
         respondent_declined_tender=False, claimant_won_summarily=True),
    case("contract_covers_defense", True, theory="express_indemnity",
         express_indemnity_covers_defense=True),
    case("contract_covers_defense", False, theory="express_indemnity",
         express_indemnity_covers_defense=False),
    case("defense_costs_recoverable", True, MONEY, claimant_fault=0,
         defense_forced_by_respondent_tort=True, defense_costs_reasonable=True,
         defense_costs_pleaded_as_damages=True),
    case("defense_costs_owed_low", 0, MONEY, defense_by_claimant=200_000,
         defense_by_insurers=500_000),
    case("defense_costs_owed_high", 700_000, MONEY, defense_by_claimant=200_000,
         defense_by_insurers=500_000),
    case("insured_loss_low", 1_000_000, MONEY, waiver_was_settlement_consideration=None,
         defense_by_claimant=200_000),
    case("insured_loss_high", 3_200_000, MONEY, waiver_was_settlement_consideration=None,
         defense_by_claimant=200_000),
    case("primary_loss_low", 6_500_000, MONEY, defense_by_insurers=500_000),
    case("primary_loss_high", 7_000_000, MONEY, defense_by_insurers=500_000),
    case("excess_loss_low", 1_500_000, MONEY, paid_by_excess=1_500_000),
    case("excess_loss_high", 1_500_000, MONEY, paid_by_excess=1_500_000),
    case("defense_costs_recoverable", True, MONEY, defense_costs_held_recoverable=True,
         applied="decided_in_matter"),
    case("defense_costs_recoverable", False, MONEY, defense_costs_held_recoverable=False,
         applied="decided_in_matter"),
    case("defense_costs_owed", 700_000, MONEY, defense_costs_held_recoverable=True,
         defense_by_claimant=200_000, defense_by_insurers=500_000),
    case("defense_costs_owed", 0, MONEY, defense_costs_held_recoverable=False,
         defense_by_claimant=200_000, defense_by_insurers=500_000),
    # --- outcome ---------------------------------------------------------------------
    case("barred", False, CLEAN),
    case("barred", True, CLEAN, theory="lost_fees"),
    case("barred", True, CLEAN, respondent_good_faith_settlement=True),
    case("barred", None, CLEAN, respondent_succeeded_claimant=None),
    case("no_loss_to_shift", False, CLEAN),
    case("no_loss_to_shift", True, CLEAN, **NOTHING_PAID),
    case("no_loss_to_shift", True, CLEAN, **NOTHING_PAID, claimant_liability_open=False),
    case("no_loss_to_shift", False, CLEAN, **NOTHING_PAID, claimant_liability_open=True,
         applied="cross_complaint_before_payment"),
    case("no_loss_to_shift", None, CLEAN, **(NOTHING_PAID | {"paid_by_excess": None})),
    case("status", "no_loss", CLEAN, **NOTHING_PAID),
    case("decided_by", "no_loss_to_shift", CLEAN, **NOTHING_PAID),
    case("available", False, CLEAN, **NOTHING_PAID),
    case("available", True, CLEAN),
    case("available", False, CLEAN, respondent_immune=True),
    case("available", False, CLEAN, respondent_is_clients_employer=True,
         respondent_has_comp_coverage=True, written_preinjury_indemnity=False),
    case("decided_by", "available", CLEAN),
    case("decided_by", "elements_met", CLEAN, respondent_immune=True),
    case("decided_by", "lost_fees_no_duty", CLEAN, theory="lost_fees"),
    # The successor bar decides before the current-counsel bar (Goldfisher, Holland, Austin).
    case("decided_by", "successor_bar", CLEAN, respondent_succeeded_claimant=True,
         respondent_counsel_against_claimant=True),
    case("decided_by", "adverse_counsel_bar", CLEAN, respondent_counsel_against_claimant=True),
    case("decided_by", "workers_comp_bar", CLEAN, respondent_is_clients_employer=True,
         respondent_has_comp_coverage=True, written_preinjury_indemnity=False),
    case("decided_by", None, CLEAN, respondent_caused_same_injury=None),
    case("status", "available", CLEAN),
    case("status", "barred", CLEAN, respondent_retained_by_plaintiff=True),
    case("status", "undetermined", CLEAN, respondent_caused_same_injury=None),
    # The insured's $30,000 plus the insurer's $65,000, pursued only if it is subrogated.
    case("owned_loss_low", 9_500_000, EQUITABLE, MONEY, defense_costs_held_recoverable=False),
    case("owned_loss_low", 3_000_000, EQUITABLE, MONEY, defense_costs_held_recoverable=False,
         insurer_paid_as_volunteer=True),
    case("owned_loss_high", 9_500_000, EQUITABLE, MONEY, defense_costs_held_recoverable=False,
         insurer_paid_as_volunteer=None),
    case("recoverable_low", 5_700_000, CLEAN),
    case("recoverable_low", 0, CLEAN, theory="lost_fees"),
    case("recoverable_low", 0, CLEAN, respondent_caused_same_injury=None),
    case("recoverable_high", 5_700_000, CLEAN),
    case("recoverable_high", 5_700_000, CLEAN, respondent_caused_same_injury=None),
    case("recoverable_high", 0, CLEAN, respondent_good_faith_settlement=True),
    case("may_recover", True, CLEAN, respondent_caused_same_injury=None),
    # Two respondents at 60 % each: this recovery answers for half the insured's $30,000.
    case("insured_loss_here_low", 3_000_000, CLEAN),
    case("insured_loss_here_high", 1_500_000, CLEAN, co_respondents_fault=6000),
    case("insured_made_whole_low", 1_500_000, CLEAN, co_respondents_fault=6000),
    case("may_recover", False, CLEAN, theory="lost_fees"),
    # --- ownership of the recovery (made-whole rule) ---------------------------------
    case("recovery", 5_700_000, CLEAN),
    case("recovery", None, CLEAN, respondent_caused_same_injury=None),
    case("insured_loss", 3_000_000, MONEY, defense_costs_held_recoverable=False),
    case("insured_loss", 3_200_000, MONEY, defense_costs_held_recoverable=True,
         defense_by_claimant=200_000),
    case("insurer_priority", True, primary_overrides_made_whole=True),
    case("insurer_priority", False, primary_overrides_made_whole=False),
    # Made whole first: the insured's $30,000 comes off the top of the $57,000.
    case("insurers_recover", 2_700_000, CLEAN, defense_costs_held_recoverable=False),
    case("insurers_recover", 5_700_000, CLEAN, defense_costs_held_recoverable=False,
         primary_overrides_made_whole=True),
    case("insurers_recover", 0, CLEAN, defense_costs_held_recoverable=False,
         insurer_paid_as_volunteer=True),
    case("insured_recovers", 3_000_000, CLEAN, defense_costs_held_recoverable=False),
    case("excess_priority", True, excess_overrides_made_whole=True),
    case("excess_priority", False, excess_overrides_made_whole=None),  # no clause shown
    case("insurer_order", "pro_rata", insurer_recovery_order=None),
    case("insurer_order", "excess_first", insurer_recovery_order="excess_first"),
    case("recovery_low", 6_600_000, LAYERS),
    case("recovery_low", 0, LAYERS, respondent_caused_same_injury=None),
    case("recovery_high", 6_600_000, LAYERS, respondent_caused_same_injury=None),
    case("recovery_high", 2_000_000, LAYERS, amount_recovered=2_000_000),
    case("priority_insurers_recover_low", 0, LAYERS),
    case("priority_insurers_recover_low", 1_500_000, LAYERS, excess_overrides_made_whole=True),
    # A priority clause repays the primary insurer first, but only up to its $65,000.
    case("priority_insurers_recover_high", 6_500_000, LAYERS, primary_overrides_made_whole=True),
    case("insured_made_whole_low", 3_000_000, LAYERS),
    case("insured_made_whole_low", 2_000_000, LAYERS, amount_recovered=2_000_000),
    case("insured_made_whole_high", 3_000_000, LAYERS, respondent_caused_same_injury=None),
    case("other_insurers_recover_low", 3_600_000, LAYERS),
    case("other_insurers_recover_low", 0, LAYERS, respondent_caused_same_injury=None),
    case("other_insurers_recover_high", 3_600_000, LAYERS, respondent_caused_same_injury=None),
    case("windfall_low", 0, LAYERS),
    # $200,000 recovered against $110,000 of losses: $90,000 beyond every loss.
    case("windfall_low", 9_000_000, LAYERS, amount_recovered=20_000_000),
    case("windfall_high", 9_000_000, LAYERS, amount_recovered=20_000_000),
    case("insured_recovers_low", 3_000_000, LAYERS),
    case("insured_recovers_low", 12_000_000, LAYERS, amount_recovered=20_000_000),
    case("insured_recovers_high", 3_000_000, LAYERS, respondent_caused_same_injury=None),
    # Pro rata 65:15 of the insurers' $36,000 by largest remainder.
    case("primary_recovers_low", 2_925_000, LAYERS),
    case("primary_recovers_low", 3_600_000, LAYERS, insurer_recovery_order="primary_first"),
    case("primary_recovers_low", 2_100_000, LAYERS, insurer_recovery_order="excess_first"),
    case("primary_recovers_high", 2_100_000, LAYERS, excess_overrides_made_whole=True),
    case("excess_recovers_low", 675_000, LAYERS),
    case("excess_recovers_low", 1_500_000, LAYERS, insurer_recovery_order="excess_first"),
    case("excess_recovers_high", 1_500_000, LAYERS, excess_overrides_made_whole=True),
    case("insurers_recover_low", 3_600_000, LAYERS),
    case("insurers_recover_low", 0, LAYERS, respondent_caused_same_injury=None),
    case("insurers_recover_high", 3_600_000, LAYERS, respondent_caused_same_injury=None),
    case("insurers_recover", None, LAYERS, respondent_caused_same_injury=None),
    case("primary_recovers", 2_925_000, LAYERS),
    case("primary_recovers", None, LAYERS, respondent_caused_same_injury=None),
    case("excess_recovers", 675_000, LAYERS),
    case("insured_recovers", None, LAYERS, respondent_caused_same_injury=None),
    case("insured_recovers", 0, CLEAN, defense_costs_held_recoverable=False,
         primary_overrides_made_whole=True),
    # --- joint-liability refinements, express clauses, eras (LAW.md §§ 1.2-1.5, 6.2) -----
    case("joint_liability", True, LIABLE, client_claim_vs_respondent_procedurally_barred=True,
         applied="procedural_bar_is_no_defence"),
    case("joint_liability", False, respondent_advised_only_claimant=True,
         claimant_is_attorney=True, applied="consultant_to_the_claimant_only"),
    case("joint_liability", True, respondent_advised_only_claimant=True,
         claimant_is_attorney=True, consultant_shares_obligation=True,
         applied="consultant_to_the_claimant_only"),
    # Jocer: a client's own lawyer owes the client's adversary no duty; nothing open about it.
    case("joint_liability", False, LIABLE, respondent_advised_only_claimant=True,
         claimant_is_attorney=False, respondent_owed_duty_to_client=False,
         consultant_shares_obligation=True),
    case("respondent_exposure_cap", 25_000_000, respondent_statutory_cap=25_000_000),
    case("respondent_exposure_cap", None),
    # A cap reaches the damages it names; an unknown split or reach gives the range's ends.
    case("respondent_exposure_low", 2_500_000, MONEY, respondent_statutory_cap=2_500_000,
         statutory_cap_reaches="all_damages"),
    case("respondent_exposure_high", 9_500_000, MONEY, respondent_statutory_cap=2_500_000,
         statutory_cap_reaches="non_economic", non_economic_loss=0),
    case("respondent_exposure_low", 2_500_000, MONEY, respondent_statutory_cap=2_500_000),
    case("respondent_exposure_high", 9_500_000, MONEY, respondent_statutory_cap=2_500_000),
    case("elements_met", False, LIABLE, theory="implied_contractual_indemnity",
         respondent_immune=True),
    case("elements_met", None, LIABLE, theory="implied_contractual_indemnity",
         respondent_immune=True, as_of=BEFORE_PRINCE, applied="implied_contract_before_prince"),
    case("elements_met", True, LIABLE, theory="implied_contractual_indemnity",
         respondent_immune=True, implied_contract_without_joint_liability=True,
         as_of=BEFORE_PRINCE, applied="implied_contract_before_prince"),
    case("total_indemnity", False, EQUITABLE, claimant_liability_vicarious=False,
         claimant_only_passively_negligent=True),
    case("total_indemnity", True, EQUITABLE, claimant_liability_vicarious=False,
         claimant_only_passively_negligent=True, as_of=BEFORE_AMA,
         applied="passive_negligence_before_ama"),
    case("total_indemnity", True, theory="implied_contractual_indemnity",
         claimant_liability_vicarious=False, follow_bear_creek=True, as_of=BEFORE_BAY_DEVELOPMENT,
         applied="implied_contract_not_apportioned_before_bay_development"),
    case("policy_bars_apply", True, EQUITABLE),
    case("policy_bars_apply", None, theory="express_indemnity", express_indemnity_clause=True,
         applied="express_clause_open_question"),
    case("policy_bars_apply", False, theory="express_indemnity", express_indemnity_clause=True,
         express_clause_subject_to_policy=False, applied="express_clause_open_question"),
    case("worked_concurrently", True, representations_overlapped=True),
    case("worked_concurrently", False, representations_overlapped=False),
    case("worked_concurrently", True, representations_overlapped=False,
         claimant_is_attorney=False, respondent_is_attorney=True,
         claimant_retained_by_respondent=True, applied="professional_retained_by_counsel"),
    case("deductible_owned_by_insured", 1_000_000, EQUITABLE, MONEY),
    case("deductible_owned_by_insured", 0, MONEY, theory="lost_fees"),
    case("comparative_apportionment", True, EQUITABLE),
    case("comparative_apportionment", False, EQUITABLE, as_of=BEFORE_AMA,
         applied="all_or_nothing_before_ama"),
    case("comparative_apportionment", False, theory="implied_contractual_indemnity",
         follow_bear_creek=True, as_of=BEFORE_BAY_DEVELOPMENT,
         applied="implied_contract_outside_apportionment"),
    case("active_fault_bar", False, EQUITABLE, claimant_liability_vicarious=False,
         claimant_only_passively_negligent=False),
    case("active_fault_bar", True, EQUITABLE, claimant_liability_vicarious=False,
         claimant_only_passively_negligent=False, as_of=BEFORE_AMA,
         applied="active_fault_before_ama"),
    case("non_economic_several_only", False, loss_includes_non_economic=False),
    case("non_economic_several_only", True, loss_includes_non_economic=True,
         wrongful_act_date=D(1993, 1, 1), applied="proposition_51"),
]  # fmt: skip


def _row(c: Case) -> dict[str, Any]:
    unknown = set(c.facts) - set(RULEBOOK.facts)
    assert not unknown, f"{c.name}: no such facts {sorted(unknown)}"
    return {AS_OF: c.as_of} | dict.fromkeys(RULEBOOK.facts) | c.facts


@pytest.fixture(scope="module")
def compiled() -> pl.DataFrame:
    """Every case in one frame, through the compiled plan once."""
    frame = pl.DataFrame([_row(c) for c in CASES], schema=RULEBOOK.input_schema())
    return RULEBOOK.evaluate(frame)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.name for c in CASES])
def test_rule(index: int, compiled: pl.DataFrame) -> None:
    c = CASES[index]
    row = RULEBOOK.interpret(_row(c))
    assert row[c.rule] == c.expected, f"{c.name}: the interpreter gives {row[c.rule]!r}"
    assert compiled[c.rule][index] == c.expected, "the compiled plan disagrees"
    assert RULEBOOK.trace(row, c.rule).applied == c.applied


# --- meta-tests: every rule of every module exercised -------------------------------------
def uncovered(cases: list[Case]) -> list[str]:
    """What the table leaves untested, rule by rule: a rule of any module in MODULES with no
    case deciding it (a known value), a yes/no rule not decided both ways, an exception
    never seen deciding."""
    decided: dict[str, set[Any]] = {}
    for c in cases:
        if c.expected is not None:
            decided.setdefault(c.rule, set()).add(c.expected)
    applied = {(c.rule, c.applied) for c in cases}
    problems = []
    for module in MODULES:
        where = module.__name__.rsplit(".", 1)[-1]
        for rule in module.RULES:
            values = decided.get(rule.id, set())
            if not values:
                problems.append(f"{where}.{rule.id}: no case decides it")
            elif rule.kind is Kind.BOOL and not {True, False} <= values:
                missing = sorted({True, False} - values)
                problems.append(f"{where}.{rule.id}: never decided {missing[0]}")
            problems += [
                f"{where}.{rule.id}.{e.id}: never seen deciding"
                for e in rule.exceptions
                if (rule.id, e.id) not in applied
            ]
    return problems


def test_every_rule_is_decided_by_a_case_both_ways_for_yes_no_rules() -> None:
    problems = uncovered(CASES)
    assert not problems, "tests/law/test_rules.py leaves untested:\n" + "\n".join(problems)


def test_the_modules_hold_every_rule_of_the_rulebook() -> None:
    # The coverage check walks MODULES: a rule reaching the rulebook another way escapes it.
    assert {r.id for m in MODULES for r in m.RULES} == set(RULEBOOK.rules)


@pytest.mark.parametrize(
    ("dropped", "reported"),
    [
        ("lost_fees_no_duty=False", "cocounsel_fees.lost_fees_no_duty: never decided False"),
        ("white_mountains_factors=", "assignment.white_mountains_factors: no case decides it"),
        (
            "successor_bar=False[crouse_reverse_direction]",
            "counsel.successor_bar.crouse_reverse_direction: never seen deciding",
        ),
    ],
)
def test_the_coverage_check_fails_when_a_case_is_missing(dropped: str, reported: str) -> None:
    kept = [c for c in CASES if not c.name.startswith(dropped)]
    assert len(kept) < len(CASES)
    assert reported in uncovered(kept)
