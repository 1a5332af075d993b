"""What the claimant may recover, in integer cents (LAW.md §§ 1.4, 7, 10).

The loss is what was paid to the client, in cash or in fees given up as the price of the
release; it is apportioned by comparative fault. Defense costs follow the tort-of-another
rule and Code Civ. Proc. § 1021.6. Unknown fault shares give a low-high range.
"""

from __future__ import annotations

from apportion.engine import MulDiv, Rule, greatest, if_, least
from apportion.law.california import authorities as A
from apportion.law.california import facts as F
from apportion.law.california.indemnity import total_indemnity

DOCTRINE = "Recoverable loss"
WHOLE = 10_000  # basis points

waived_fees_in_loss = Rule(
    "waived_fees_in_loss",
    "fees written off to settle with the client (part of the loss)",
    if_(F.waiver_was_settlement_consideration, F.fees_waived, 0),
    words="Fees or costs the claimant gave up as consideration for the client's release were "
    "paid to the client in kind: they are part of the loss to apportion, distinct from lost "
    "prospective fees (Beck). The settlement with the client does not bar them as against "
    "the respondent, who was no party to it.",
    cites=[A.MUSSER.whole, A.BECK.whole],
    unsettled=True,
    doctrine=DOCTRINE,
)

loss_paid = Rule(
    "loss_paid",
    "the loss paid to the client",
    F.paid_by_claimant + F.paid_by_primary + F.paid_by_excess + waived_fees_in_loss,
    words="The amount reasonably paid to the injured client by settlement or judgment, "
    "whoever funded it, including non-cash consideration such as waived fees.",
    cites=[A.AMA.whole, A.MUSSER.whole],
    doctrine=DOCTRINE,
)

_fault_total = F.claimant_fault + F.respondent_fault + F.others_fault

claimant_share = Rule(
    "claimant_share",
    "the claimant's own comparative share of the loss",
    if_(total_indemnity, 0, MulDiv(loss_paid, F.claimant_fault, _fault_total)),
    words="Each party liable to the client bears the loss in proportion to its fault; a "
    "claimant liable only vicariously bears none.",
    cites=[A.AMA.at("604-607"), A.FAR_WEST.at("799-800")],
    doctrine=DOCTRINE,
)

respondent_share = Rule(
    "respondent_share",
    "the respondent's comparative share of the loss",
    if_(
        total_indemnity,
        MulDiv(loss_paid, F.respondent_fault, F.respondent_fault + F.others_fault),
        MulDiv(loss_paid, F.respondent_fault, _fault_total),
    ),
    words="Share of party k: the loss times k's fault over the total fault of all liable.",
    cites=[A.AMA.at("604-607")],
    doctrine=DOCTRINE,
)

indemnity_owed = Rule(
    "indemnity_owed",
    "indemnity the respondent owes",
    least(respondent_share, greatest(0, loss_paid - claimant_share)),
    words="The respondent owes its own share, and never more than what the claimant paid "
    "beyond the claimant's own share.",
    cites=[A.AMA.at("604-607"), A.WESTERN_STEAMSHIP.at("109")],
    doctrine=DOCTRINE,
)

_open = WHOLE - F.claimant_fault.otherwise(0) - F.others_fault.otherwise(0)

indemnity_owed_high = Rule(
    "indemnity_owed_high",
    "the most the respondent could owe, given the known fault shares",
    least(
        MulDiv(
            loss_paid,
            F.respondent_fault.otherwise(greatest(0, _open)),
            greatest(
                1,
                F.respondent_fault.otherwise(greatest(0, _open))
                + F.claimant_fault.otherwise(0)
                + F.others_fault.otherwise(0),
            ),
        ),
        loss_paid,
    ),
    words="While a fault share is unknown, the respondent's share is taken as large as the "
    "known shares allow.",
    cites=[A.AMA.at("604-607")],
    doctrine=DOCTRINE,
)

claimant_without_fault = Rule(
    "claimant_without_fault",
    "the claimant was without fault in the principal case",
    F.claimant_liability_vicarious | F.claimant_fault.eq(0) | F.claimant_won_summarily,
    words="A claimant liable only vicariously, found free of fault, or who won the principal "
    "case summarily, was not a joint tortfeasor.",
    cites=[A.GORMAN.whole, A.CCP_1021_6.whole],
    doctrine=DOCTRINE,
)

defense_costs_recoverable = Rule(
    "defense_costs_recoverable",
    "the claimant's defense costs are recoverable",
    claimant_without_fault,
    words="Fees spent defending an action caused by another's tort are damages, but not for a "
    "joint tortfeasor; on an implied-indemnity claim the court may award them where the "
    "indemnitee was without fault and the indemnitor declined the tender.",
    cites=[
        A.PRENTICE.at(
            "620",
            "A person who through the tort of another has been required to act "
            "in the protection of his interests",
        ),
        A.GORMAN.whole,
        A.CCP_1021_6.whole,
    ],
    unsettled=True,
    doctrine=DOCTRINE,
)

defense_costs_owed = Rule(
    "defense_costs_owed",
    "defense costs the respondent owes",
    if_(defense_costs_recoverable, F.defense_by_claimant + F.defense_by_insurers, 0),
    words="Defense costs, where recoverable at all, in full.",
    cites=[A.PRENTICE.at("621")],
    doctrine=DOCTRINE,
)

RULES = (
    waived_fees_in_loss,
    loss_paid,
    claimant_share,
    respondent_share,
    indemnity_owed,
    indemnity_owed_high,
    claimant_without_fault,
    defense_costs_recoverable,
    defense_costs_owed,
)
