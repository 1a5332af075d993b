"""Putting the doctrines together: status, the deciding rule, amounts and their owners."""

from __future__ import annotations

from apportion.engine import Const, Expr, Kind, Rule, if_, unknown
from apportion.law.california import facts as F
from apportion.law.california.assignment import transfer_ineffective
from apportion.law.california.cocounsel_fees import lost_fees_no_duty
from apportion.law.california.counsel import (
    adverse_counsel_bar,
    concurrent_counsel_bar,
    successor_bar,
)
from apportion.law.california.damages import (
    defense_costs_owed,
    indemnity_owed,
    indemnity_owed_high,
)
from apportion.law.california.indemnity import elements_met
from apportion.law.california.limitations import limitations_bar, public_entity_claim_bar
from apportion.law.california.settlement import good_faith_settlement_bar, workers_comp_bar

DOCTRINE = "Outcome"

# In the order a court would reach them; the first that applies decides. The successor
# bar (Held, 1977; "now well-established", Austin) comes before its extension to the
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

available = Rule(
    "available",
    "the claim is available",
    elements_met & ~barred,
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
        [(rule, rule.id) for rule in BARS]
        + [(~elements_met, "elements_met"), (available, "available")]
    ),
    kind=Kind.ENUM,
    words="The first bar that applies, else the failed element, else the claim's availability.",
    doctrine=DOCTRINE,
)

status = Rule(
    "status",
    "the claim's status",
    if_(available.known(), if_(available, "available", "barred"), "undetermined"),
    kind=Kind.ENUM,
    words="available, barred, or undetermined while a fact it depends on is unknown.",
    doctrine=DOCTRINE,
)

_if_available = F.theory.isin(
    ["equitable_indemnity", "implied_contractual_indemnity", "express_indemnity"]
)

recoverable_low = Rule(
    "recoverable_low",
    "the least the claimant recovers",
    if_(
        available.otherwise(False) & _if_available,
        indemnity_owed.otherwise(0) + defense_costs_owed.otherwise(0),
        0,
    ),
    words="Zero unless the claim is available; unknown amounts count as zero.",
    doctrine=DOCTRINE,
)

recoverable_high = Rule(
    "recoverable_high",
    "the most the claimant recovers",
    if_(
        available.otherwise(True) & _if_available,
        indemnity_owed_high
        + defense_costs_owed.otherwise(F.defense_by_claimant + F.defense_by_insurers),
        0,
    ),
    words="Zero if the claim is barred; otherwise the largest amount the known facts allow.",
    doctrine=DOCTRINE,
)

RULES = (barred, available, decided_by, status, recoverable_low, recoverable_high)
