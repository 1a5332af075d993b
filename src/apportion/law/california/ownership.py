"""Who owns the recovery: the insured's own loss and its insurers' subrogated payments,
split under the made-whole rule unless the policy explicitly overrides it (LAW.md § 8)."""

from __future__ import annotations

from apportion.engine import Rule, greatest, if_, least
from apportion.law.california import authorities as A
from apportion.law.california import facts as F
from apportion.law.california.assignment import subrogation_permitted
from apportion.law.california.damages import defense_costs_recoverable, waived_fees_in_loss
from apportion.law.california.outcome import recoverable_high, status

DOCTRINE = "Ownership of the recovery"

recovery = Rule(
    "recovery",
    "the amount to divide between the insured and its insurers",
    if_(status.eq("available"), recoverable_high, 0),
    words="What the respondent owes once the claim is determined to be available.",
    doctrine=DOCTRINE,
)

insured_loss = Rule(
    "insured_loss",
    "the insured's own, uninsured loss",
    F.paid_by_claimant
    + waived_fees_in_loss
    + if_(defense_costs_recoverable.otherwise(False), F.defense_by_claimant, 0),
    words="What the insured bore itself: its deductible, fees it wrote off, its own defense "
    "costs where recoverable. The insured keeps the claim for what it paid itself.",
    cites=[A.CCP_367.whole, A.SAPIANO.at("536")],
    doctrine=DOCTRINE,
)

insurer_loss = Rule(
    "insurer_loss",
    "what the insurers paid toward the loss",
    F.paid_by_primary
    + F.paid_by_excess
    + if_(defense_costs_recoverable.otherwise(False), F.defense_by_insurers, 0),
    words="The insurers' payments, to which they are subrogated.",
    cites=[A.FIREMANS_FUND_MARYLAND.at("1292")],
    doctrine=DOCTRINE,
)

insurer_priority = Rule(
    "insurer_priority",
    "the insurer is repaid before the insured is made whole",
    F.primary_overrides_made_whole,
    words="Absent an explicit agreement, an insurer may not enforce subrogation until the "
    "insured has been made whole; a clear, specific policy clause can give it priority.",
    cites=[
        A.SAPIANO.at(
            "536",
            "an insurance company may not enforce a right to subrogation until "
            "the insured has been fully compensated",
        ),
        A.SAMURA.whole,
        A.PROGRESSIVE_WEST.whole,
    ],
    doctrine=DOCTRINE,
)

_insurer_claim = if_(subrogation_permitted.otherwise(False), insurer_loss, 0)

insurers_recover = Rule(
    "insurers_recover",
    "the part of the recovery owned by the insurers by subrogation",
    if_(
        insurer_priority,
        least(recovery, _insurer_claim),
        least(greatest(0, recovery - insured_loss), _insurer_claim),
    ),
    words="Under the made-whole rule the insurers take only what is left after the insured's "
    "own loss; with an explicit priority clause they are repaid first.",
    cites=[A.SAPIANO.at("536-538"), A.MUSSER.at("276")],
    doctrine=DOCTRINE,
)

insured_recovers = Rule(
    "insured_recovers",
    "the part of the recovery owned by the insured",
    least(recovery - insurers_recover, insured_loss),
    words="The insured keeps the claim for its own loss.",
    cites=[A.CCP_367.whole, A.SAPIANO.at("536")],
    doctrine=DOCTRINE,
)

RULES = (recovery, insured_loss, insurer_loss, insurer_priority, insurers_recover, insured_recovers)
