"""Worked examples on the Musser figures, checked by hand.

$85,000 of settlements: $10,000 Musser's deductible, $75,000 paid by Home; $20,000 of fees
written off as the price of Scott's release; $62,000 of defense costs paid by Home.
Loss to apportion L = $10,000 + $75,000 + $20,000 = $105,000. Musser's own loss U = $30,000;
Home's payments I = $75,000 (plus $62,000 of defense costs, where recoverable at all).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from matters import MUSSER, D, musser, only

from apportion.decide.assessment import owners_of
from apportion.decide.decision import decision_of
from apportion.report import format as fmt
from apportion.report.text import render

SETTLED = {"claimant_won_summarily": False}  # Musser settled; she won nothing summarily


def owners(a: Any) -> dict[str, Any]:
    (claim,) = a.claims
    found = {}
    for o in owners_of(a.matter, claim):
        least, most = o["range"].least.cents, o["range"].most.cents
        found[o["party"]] = least if least == most else {"low": least, "high": most}
    return found


@pytest.mark.parametrize(
    ("musser_fault", "provencher_fault", "owed", "musser_owns", "home_owns"),
    [
        # 50/50: S_r = 105,000 × 50% = 52,500; Musser made whole first (30,000), Home the rest.
        (50, 50, 52_500, 30_000, 22_500),
        # 30/70: 105,000 × 70% = 73,500 → Musser 30,000, Home 43,500.
        (30, 70, 73_500, 30_000, 43_500),
        # 70/30: 31,500 → Musser 30,000, Home 1,500.
        (70, 30, 31_500, 30_000, 1_500),
        # 90/10: 10,500 does not make Musser whole: all of it is hers.
        (90, 10, 10_500, 10_500, 0),
    ],
)
def test_fault_splits(
    musser_fault: int, provencher_fault: int, owed: int, musser_owns: int, home_owns: int
) -> None:
    a = musser(SETTLED | {"claimant_fault": musser_fault, "respondent_fault": provencher_fault})
    row = only(a)
    assert row["loss_paid"] == 105_000 * D
    assert row["respondent_share"] == owed * D
    assert row["claimant_share"] == (105_000 - owed) * D
    assert row["others_share"] == 0
    assert row["indemnity_owed"] == owed * D
    # Musser was herself at fault: a joint tortfeasor recovers no defense costs (Gorman).
    assert row["defense_costs_recoverable"] is False
    assert row["recoverable_low"] == row["recoverable_high"] == owed * D
    want = {"musser": musser_owns * D, "home": home_owns * D}
    assert owners(a) == {k: v for k, v in want.items() if v}  # an owner of nothing is not listed
    assert row["insured_recovers"] + row["insurers_recover"] == owed * D


def test_unknown_fault_gives_a_range_and_owners_that_add_up_at_each_end() -> None:
    a = musser()
    row = only(a)
    assert (row["recoverable_low"], row["recoverable_high"]) == (0, 167_000 * D)
    assert row["indemnity_owed"] is None  # never a guess
    # High end: Provencher 100% at fault, Musser without fault, defense costs recoverable.
    assert owners(a) == {
        "musser": {"low": 0, "high": 30_000 * D},
        "home": {"low": 0, "high": 137_000 * D},
    }
    assert row["insured_recovers"] is None and row["insurers_recover"] is None
    text = render(decision_of(a))
    assert "Recoverable:  $0.00 to $167,000.00" in text
    assert "Owned by:     Sandra Musser (own loss): $0.00 to $30,000.00" in text
    assert "Owners (check: the parts add up to the recovery): $30,000.00 + $137,000.00 = " in text


def test_only_the_respondents_share_unknown_is_what_the_others_leave() -> None:
    row = only(musser(SETTLED | {"claimant_fault": 40}))
    assert row["respondent_share"] == 63_000 * D  # 105,000 × 60%
    assert row["recoverable_low"] == row["recoverable_high"] == 63_000 * D


def test_report_shows_the_arithmetic_and_the_rule() -> None:
    decision = decision_of(musser(SETTLED | {"claimant_fault": 50, "respondent_fault": 50}))
    text = render(decision)
    assert (
        "Loss to apportion: $10,000.00 + $75,000.00 + $0.00 + $20,000.00 = $105,000.00\n"
        "      — loss_paid" in text
    )
    assert "Respondent's share: $105,000.00 × 50% ÷ 100% = $52,500.00" in text
    assert "— respondent_share; American Motorcycle Assn. v. Superior Court" in text
    steps = {s.label: s for s in decision.claims[0].money.ends["exact"]}
    made_whole = steps["Sandra Musser, made whole for its own loss"]
    assert fmt.arithmetic(made_whole) == "least of $52,500.00 and $30,000.00 = $30,000.00"
    assert made_whole.rule is not None and made_whole.rule.id == "insured_made_whole_low"
    assert made_whole.rule.authorities[0].cite.startswith("Sapiano")
    owners = steps["Owners (check: the parts add up to the recovery)"]
    assert [(o.label, o.value) for o in owners.operands] == [
        ("Sandra Musser (own loss)", 3_000_000),
        ("The Home Insurance Company (primary)", 2_250_000),
    ]
    assert owners.result is not None and owners.result.value == 5_250_000
    subrogated = steps["Subrogated insurers"]
    assert fmt.arithmetic(subrogated) == "least of $22,500.00 and $75,000.00 = $22,500.00"
    assert (
        "Owned by:     The Home Insurance Company (primary insurer, by subrogation): $22,500.00"
        in text
    )


def test_priority_clause_repays_home_first() -> None:
    policies = [
        dict(p, overrides_made_whole=True)
        for p in musser().matter.model_dump(mode="json", by_alias=True)["policies"]
    ]
    a = musser(SETTLED | {"claimant_fault": 50, "respondent_fault": 50}, policies=policies)
    # Samura/Progressive West: Home takes min(52,500, 75,000) first; nothing is left for Musser.
    assert owners(a) == {"musser": 0, "home": 52_500 * D}


def test_partial_recovery_goes_first_to_make_musser_whole() -> None:
    a = musser(SETTLED | {"claimant_fault": 50, "respondent_fault": 50, "amount_recovered": 40_000})
    assert owners(a) == {"musser": 30_000 * D, "home": 10_000 * D}  # Sapiano
    a = musser(SETTLED | {"claimant_fault": 50, "respondent_fault": 50, "amount_recovered": 20_000})
    assert owners(a) == {"musser": 20_000 * D}


def test_purely_vicarious_claimant_shifts_the_whole_loss_and_its_defense_costs() -> None:
    a = musser(
        {
            "claimant_liability_vicarious": True,
            "claimant_fault": 0,
            "respondent_fault": 100,
            "defense_forced_by_respondent_tort": True,
            "defense_costs_reasonable": True,
            "defense_costs_pleaded_as_damages": True,
        }
    )
    row = only(a)
    assert row["total_indemnity"] is True
    assert row["indemnity_owed"] == 105_000 * D
    assert row["tort_of_another"] is True  # Prentice T1-T5
    assert row["recoverable_low"] == 167_000 * D
    assert owners(a) == {"musser": 30_000 * D, "home": 137_000 * D}


def test_section_1021_6_fees_need_a_declined_tender_and_no_fault_or_a_summary_win() -> None:
    base = {"claimant_fault": 50, "respondent_fault": 50, "defense_forced_by_respondent_tort": True}
    row = only(musser(base | {"respondent_declined_tender": True, "claimant_won_summarily": True}))
    assert row["implied_indemnity_fees"] is True
    assert row["defense_costs_owed"] == 62_000 * D
    row = only(musser(base | {"respondent_declined_tender": False, "claimant_won_summarily": True}))
    assert row["defense_costs_recoverable"] is False


def test_a_court_holding_on_the_open_defense_cost_question_overrides() -> None:
    facts = SETTLED | {"claimant_fault": 50, "respondent_fault": 50}
    row = only(musser(facts | {"defense_costs_held_recoverable": True}))
    assert row["defense_costs_owed"] == 62_000 * D
    assert row["recoverable_low"] == (52_500 + 62_000) * D


def test_without_subrogation_home_payments_are_recovered_by_nobody() -> None:
    # Before Musser the trial court held Home's payments unrecoverable: here Home paid as a
    # volunteer, so it is not subrogated and only Musser's own $30,000 can be pursued.
    a = musser(
        SETTLED | {"claimant_fault": 50, "respondent_fault": 50, "insurer_paid_as_volunteer": True}
    )
    row = only(a)
    assert row["subrogation_permitted"] is False
    assert row["recoverable_low"] == 30_000 * D
    assert owners(a) == {"musser": 30_000 * D}


def test_waived_fees_count_only_as_consideration_for_the_release() -> None:
    row = only(
        musser(
            SETTLED
            | {"claimant_fault": 50, "respondent_fault": 50}
            | {"waiver_was_settlement_consideration": False}
        )
    )
    assert row["loss_paid"] == 85_000 * D
    assert row["indemnity_owed"] == 42_500 * D
    assert row["insured_recovers"] == 10_000 * D and row["insurers_recover"] == 32_500 * D


def test_two_cocounsel_respondents_share_the_loss_and_musser_is_made_whole_once() -> None:
    # A second bankruptcy specialist, Hale, advised alongside Provencher; fault 40/30/30.
    parties = [*MUSSER["parties"], {"id": "hale", "name": "H. Hale", "kind": "attorney"}]
    representations = [
        *MUSSER["representations"],
        {
            "attorney": "hale",
            "client": "scott",
            "subject": "scott dissolution",
            "role": "associated",
            "retained_by": "musser",
            "from": "1992-06-01",
            "to": "1993-06-30",
        },
    ]
    claims = [dict(c) for c in MUSSER["claims"]]
    claims[0]["defendants"] = [{"party": "musser", "basis": "own_fault", "fault": 40}]
    claims[0]["nonparty_fault"] = [
        {"party": "provencher", "basis": "own_fault", "fault": 30},
        {"party": "hale", "basis": "own_fault", "fault": 30},
    ]
    a = musser(SETTLED, parties=parties, representations=representations, claims=claims)
    assert [c.row.respondent for c in a.claims] == ["provencher", "hale"]
    rows = [a.rulebook.interpret(c.row.facts) for c in a.claims]
    for row in rows:  # each row is one respondent: 105,000 × 30% = 31,500
        assert row["co_respondents_fault"] == 3000
        assert row["indemnity_owed"] == 31_500 * D
        assert row["claimant_share"] == 42_000 * D
        # Each recovery answers for half of Musser's own $30,000 (30 : 30).
        assert row["insured_recovers"] == 15_000 * D
        assert row["insurers_recover"] == 16_500 * D
    owed = sum(r["indemnity_owed"] for r in rows)
    assert owed == (105_000 - 42_000) * D  # never beyond what Musser paid over her share
    assert sum(r["insured_recovers"] for r in rows) == 30_000 * D  # made whole once
    assert sum(r["insurers_recover"] for r in rows) == 33_000 * D


def test_primary_and_excess_share_what_is_left_in_the_stated_order() -> None:
    # Suppose Home paid $50,000 and an excess carrier, Lloyd, the other $25,000.
    parties = [*MUSSER["parties"], {"id": "lloyd", "name": "Lloyd Excess", "kind": "insurer"}]
    policies = [
        *MUSSER["policies"],
        {"id": "lloyd-xs", "insurer": "lloyd", "insured": "musser", "layer": "excess"},
    ]
    payments = [dict(p) for p in MUSSER["payments"]]
    payments[1] = dict(payments[1], amount=40000)  # Home: $40,000 + $10,000 = $50,000
    payments.append(
        {
            "payer": "lloyd",
            "on_behalf_of": "musser",
            "claim": "scott-malpractice",
            "kind": "settlement",
            "amount": 25000,
            "date": "1997-01-15",
        }
    )
    facts = SETTLED | {"claimant_fault": 40, "respondent_fault": 60, "amount_recovered": "53333.33"}

    def split(order: str | None) -> dict[str, Any]:
        more = facts | ({"insurer_recovery_order": order} if order else {})
        return owners(musser(more, parties=parties, policies=policies, payments=payments))

    # $53,333.33 recovered: Musser's $30,000 first; $23,333.33 left for the insurers.
    # Pro rata 50,000 : 25,000 → 1,555,555.33 and 777,777.67 cents; the odd cent goes to the
    # larger remainder (Lloyd), so the parts add up exactly.
    assert split(None) == {"musser": 3_000_000, "home": 1_555_555, "lloyd": 777_778}
    assert split("excess_first") == {"musser": 3_000_000, "lloyd": 2_333_333}
    assert split("primary_first") == {"musser": 3_000_000, "home": 2_333_333}


def test_json_carries_the_arithmetic_too() -> None:
    a = musser(SETTLED | {"claimant_fault": 30, "respondent_fault": 70})
    data = json.loads(decision_of(a).model_dump_json())
    steps = {s["label"]: s for s in data["claims"][0]["money"]["ends"]["exact"]}
    share = steps["Respondent's share"]
    assert [o["value"] for o in share["operands"]] == [10_500_000, 7_000, 10_000]
    assert share["result"]["value"] == 7_350_000 and share["operation"] == "share"
    check = steps["Owners (check: the parts add up to the recovery)"]
    assert [o["value"] for o in check["operands"]] == [3_000_000, 4_350_000]
    assert check["result"]["value"] == 7_350_000
