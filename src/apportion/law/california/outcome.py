"""Putting the doctrines together: status, the deciding rule, amounts and their owners."""

from __future__ import annotations

from apportion.engine import Const, Expr, Kind, Rule, if_, least, unknown, unless
from apportion.law.california import authorities as A
from apportion.law.california import facts as F
from apportion.law.california.assignment import subrogation_permitted, transfer_ineffective
from apportion.law.california.cocounsel_fees import lost_fees_no_duty
from apportion.law.california.counsel import (
    adverse_counsel_bar,
    concurrent_counsel_bar,
    successor_bar,
)
from apportion.law.california.damages import DEFENSE, INDEMNITY, LOSS, PAYER_LOSS
from apportion.law.california.eras import active_fault_bar
from apportion.law.california.indemnity import elements_met
from apportion.law.california.limitations import limitations_bar, public_entity_claim_bar
from apportion.law.california.settlement import good_faith_settlement_bar, workers_comp_bar

DOCTRINE = "Outcome"

# In the order a court would reach them; the first that applies decides. The successor
# bar (Held, 1977; "now-well-established", Austin) comes before its extension to the
# client's current counsel (Lewis), so a successor who is also the client's counsel against
# the claimant is shielded for the older, narrower reason the courts gave.
BARS: tuple[Rule, ...] = (
    lost_fees_no_duty,
    transfer_ineffective,
    successor_bar,
    adverse_counsel_bar,
    concurrent_counsel_bar,
    good_faith_settlement_bar,
    workers_comp_bar,
    active_fault_bar,
    limitations_bar,
    public_entity_claim_bar,
)


def _any(rules: tuple[Rule, ...]) -> Expr:
    result: Expr = rules[0]
    for rule in rules[1:]:
        result = result | rule
    return result


barred = Rule(
    "barred",
    "a bar defeats the claim",
    _any(BARS),
    words="Any one bar defeats the claim.",
    doctrine=DOCTRINE,
)

is_indemnity = F.theory.isin(
    ["equitable_indemnity", "implied_contractual_indemnity", "express_indemnity"]
)
_nothing_paid = (
    F.paid_by_claimant.eq(0)
    & F.paid_by_primary.eq(0)
    & F.paid_by_excess.eq(0)
    & F.fees_waived.eq(0)
    & F.defense_by_claimant.eq(0)
    & F.defense_by_insurers.eq(0)
)

no_loss_to_shift = Rule(
    "no_loss_to_shift",
    "the claimant has no loss to shift",
    is_indemnity & _nothing_paid,
    words="Indemnity shifts a loss the claimant bore to the one who should bear it. A claimant "
    "that paid the client nothing, had nothing paid on its behalf, wrote off no fees and "
    "spent nothing on its defense has no loss to shift: there is no claim to assess (an "
    "indemnity against damages is recovered only on payment, Civ. Code § 2778, and "
    "comparative indemnity apportions the loss paid, American Motorcycle).",
    cites=[A.CIV_2778.whole, A.AMA.whole],
    exceptions=[
        unless(
            "cross_complaint_before_payment",
            F.claimant_liability_open.otherwise(False),
            then=False,
            words="While the client's claim against it is open, a lawyer may cross-complain "
            "for indemnity before it pays: the claim accrues on payment, but need not wait "
            "for it.",
            cites=[A.AMA.at("604-607"), A.PEOPLE_EX_REL_DOT.whole],
        )
    ],
    doctrine=DOCTRINE,
)

available = Rule(
    "available",
    "the claim is available",
    elements_met & ~barred & ~no_loss_to_shift.otherwise(False),
    words="A claim is available when its elements are met and no bar applies.",
    doctrine=DOCTRINE,
)


def _first_true(pairs: list[tuple[Expr, str]]) -> Expr:
    result: Expr = unknown(Kind.ENUM)
    for cond, name in reversed(pairs):
        result = if_(cond.otherwise(False), Const(name), result)
    return result


decided_by = Rule(
    "decided_by",
    "the rule that decided the claim",
    _first_true(
        [(no_loss_to_shift, no_loss_to_shift.id)]
        + [(rule, rule.id) for rule in BARS]
        + [(~elements_met, "elements_met"), (available, "available")]
    ),
    kind=Kind.ENUM,
    words="No loss to shift, else the first bar that applies, else the failed element, else "
    "the claim's availability.",
    doctrine=DOCTRINE,
)

status = Rule(
    "status",
    "the claim's status",
    if_(
        no_loss_to_shift.otherwise(False),
        "no_loss",
        if_(available.known(), if_(available, "available", "barred"), "undetermined"),
    ),
    kind=Kind.ENUM,
    words="available, barred, or undetermined while a fact it depends on is unknown; no_loss "
    "where the claimant has no loss to shift.",
    doctrine=DOCTRINE,
)


def _subrogated(world: str) -> Expr:
    return subrogation_permitted.otherwise(world == "high")


def _owned(world: str) -> Rule:
    insurers = PAYER_LOSS[("primary", world)] + PAYER_LOSS[("excess", world)]
    return Rule(
        f"owned_loss_{world}",
        f"the part of the loss someone may pursue ({world} end)",
        PAYER_LOSS[("insured", world)] + if_(_subrogated(world), insurers, 0),
        words="The insured pursues its own loss; what its insurers paid is pursued only by "
        "insurers subrogated to it. A payment nobody may pursue is not recovered.",
        cites=[A.CCP_367.whole, A.MUSSER.at("276")],
        doctrine=DOCTRINE,
    )


owned_loss_low, owned_loss_high = _owned("low"), _owned("high")
OWNED = {"low": owned_loss_low, "high": owned_loss_high}


may_recover = Rule(
    "may_recover",
    "the claim may still yield a recovery",
    available.otherwise(True) & is_indemnity,
    words="Only an indemnity claim that is available, or not yet known to be barred, can "
    "yield a recovery.",
    doctrine=DOCTRINE,
)


def _recoverable(world: str) -> Rule:
    possible = available.otherwise(False) & is_indemnity if world == "low" else may_recover
    # No basis to apportion (every share zero): anything from nothing to the whole loss.
    owed = INDEMNITY[world].otherwise(0 if world == "low" else LOSS["high"])
    return Rule(
        f"recoverable_{world}",
        f"the {'least' if world == 'low' else 'most'} the claimant recovers",
        if_(possible, least(owed + DEFENSE[world], OWNED[world]), 0),
        words="Zero unless the claim is (or, at the high end, may be) available; otherwise "
        "indemnity plus recoverable defense costs, no more than someone may pursue.",
        doctrine=DOCTRINE,
    )


recoverable_low, recoverable_high = _recoverable("low"), _recoverable("high")

RULES = (
    no_loss_to_shift,
    barred,
    available,
    decided_by,
    status,
    may_recover,
    owned_loss_low,
    owned_loss_high,
    recoverable_low,
    recoverable_high,
)
