"""What the claimant may recover, in integer cents (LAW.md §§ 1.4, 7, 10).

The loss is what was paid to the client, in cash or in fees given up as the price of the
release, whoever funded it; it is apportioned among all parties liable to the client by
comparative fault. Defense costs follow the tort-of-another rule and Code Civ. Proc.
§ 1021.6. While a fact is unknown every amount is an exact low-high range: the *low*
world resolves each unknown against the claimant, the *high* world in its favour, and a
determined amount (``indemnity_owed``, ``claimant_share`` ...) is known only when the two
worlds agree.

Rounding. The respondent's share is its exact share rounded *down* to the cent, so that
no respondent ever pays a fraction of a cent beyond its share and several respondents,
each assessed on its own row, never together owe more than the claimant paid beyond its
own share. The rest of the loss is split between the claimant and everyone else by
largest remainder, so the three shares always add up to the loss exactly.
"""

from __future__ import annotations

from apportion.engine import (
    Expr,
    Kind,
    MulDiv,
    Rule,
    greatest,
    if_,
    least,
    split,
    unknown,
    unless,
)
from apportion.law.california import authorities as A
from apportion.law.california import caps
from apportion.law.california import facts as F
from apportion.law.california.indemnity import equitable_theory, total_indemnity

DOCTRINE = "Recoverable loss"
WHOLE = 10_000  # basis points: 100 %
WORLDS = ("low", "high")

# --- the loss --------------------------------------------------------------------------

waived_fees_in_loss = Rule(
    "waived_fees_in_loss",
    "fees written off to settle with the client (part of the loss)",
    if_(
        F.fees_waived.eq(0),
        0,
        if_(F.waiver_was_settlement_consideration, F.fees_waived, 0),
    ),
    kind=Kind.MONEY,
    words="Fees or costs the claimant gave up as consideration for the client's release were "
    "paid to the client in kind: they are part of the loss to apportion, distinct from lost "
    "prospective fees (Beck). The settlement with the client does not bar them as against "
    "the respondent, who was no party to it.",
    cites=[A.MUSSER.whole, A.BECK.whole],
    unsettled=True,
    doctrine=DOCTRINE,
)

_cash_paid = F.paid_by_claimant + F.paid_by_primary + F.paid_by_excess

loss_paid = Rule(
    "loss_paid",
    "the loss paid to the client",
    _cash_paid + waived_fees_in_loss,
    words="The amount reasonably paid to the injured client by settlement or judgment, "
    "whoever funded it, including non-cash consideration such as waived fees.",
    cites=[A.AMA.whole, A.MUSSER.whole],
    doctrine=DOCTRINE,
)


def _loss_in(world: str) -> Rule:
    waived = waived_fees_in_loss.otherwise(0 if world == "low" else F.fees_waived)
    return Rule(
        f"loss_paid_{world}",
        f"the loss paid to the client ({world} end: unknown write-offs "
        f"{'left out' if world == 'low' else 'counted'})",
        _cash_paid + waived,
        words="The loss paid to the client, counting fees written off only where they were "
        "(or, at the high end, may have been) consideration for the release.",
        cites=[A.AMA.whole, A.MUSSER.whole],
        doctrine=DOCTRINE,
    )


loss_paid_low, loss_paid_high = _loss_in("low"), _loss_in("high")

# --- comparative fault: each liable party's share (AMA) ---------------------------------

c, r, o = F.claimant_fault, F.respondent_fault, F.others_fault

fault_unassigned = Rule(
    "fault_unassigned",
    "the fault no known share accounts for",
    greatest(0, WHOLE - c.otherwise(0) - r.otherwise(0) - o.otherwise(0)),
    kind=Kind.SHARE,
    words="Fault shares are parts of 100 %; what the known shares leave is shared, in some "
    "unknown way, among the parties whose shares are unknown.",
    cites=[A.AMA.whole],
    doctrine=DOCTRINE,
)

_gap = fault_unassigned

# Unknown shares are placed at the extremes: the respondent's share as small (low) or as
# large (high) as the known shares allow. The respondent's part of the loss is a ratio of
# shares, so its extremes lie at these corners.
_fault_in = {
    ("claimant", "low"): c.otherwise(if_(o.known(), _gap, 0)),
    ("respondent", "low"): r.otherwise(if_(c.known() & o.known(), _gap, 0)),
    ("others", "low"): o.otherwise(_gap),
    ("claimant", "high"): c.otherwise(if_(r.known(), _gap, 0)),
    ("respondent", "high"): r.otherwise(_gap),
    ("others", "high"): o.otherwise(if_(r.known() & c.known(), _gap, 0)),
}
_WHO = {
    "claimant": "the claimant's",
    "respondent": "the respondent's",
    "others": "others'",
}


def _fault_rule(who: str, world: str) -> Rule:
    return Rule(
        f"{who}_fault_{world}",
        f"{_WHO[who]} fault share ({world} end)",
        _fault_in[(who, world)],
        kind=Kind.SHARE,
        words=f"{_WHO[who].capitalize()} fault share where known; if unknown, the share that "
        f"puts the respondent's part at its {'least' if world == 'low' else 'greatest'}.",
        cites=[A.AMA.whole],
        doctrine=DOCTRINE,
    )


FAULT = {(who, w): _fault_rule(who, w) for who in _WHO for w in WORLDS}

fault_determined = Rule(
    "fault_determined",
    "every party's fault share is determined",
    (c.known() & r.known()) | (c.known() & o.known()) | (r.known() & o.known()),
    words="The shares are determined when at most one is unknown: it is what the others "
    "leave of 100 %.",
    doctrine=DOCTRINE,
)


def _vicarious(world: str) -> Expr:
    # Total indemnity favours the claimant: unknown, it is assumed away (low) or in (high).
    return total_indemnity.otherwise(world == "high")


def _respondent_share(world: str) -> Rule:
    loss = loss_paid_low if world == "low" else loss_paid_high
    fc, fr, fo = (FAULT[(who, world)] for who in _WHO)
    vicarious = _vicarious(world)
    return Rule(
        f"respondent_share_{world}",
        f"the respondent's comparative share of the loss ({world} end)",
        MulDiv(loss, fr, if_(vicarious, fr + fo, fc + fr + fo)),
        kind=Kind.MONEY,
        words="Share of party k: the loss times k's fault over the total fault of all liable "
        "(leaving out a claimant liable only vicariously), rounded down to the cent.",
        cites=[A.AMA.whole],
        doctrine=DOCTRINE,
    )


RESPONDENT_SHARE = {w: _respondent_share(w) for w in WORLDS}


def _rest_shares(world: str) -> tuple[Rule, Rule]:
    loss = loss_paid_low if world == "low" else loss_paid_high
    fc, fo = FAULT[("claimant", world)], FAULT[("others", world)]
    claimant_weight = if_(_vicarious(world), 0, fc)
    rest = loss - RESPONDENT_SHARE[world]
    parts = split(rest, [claimant_weight, fo])
    nobody = (claimant_weight + fo).eq(0)  # the respondent bore it all: nothing is left
    claimant = Rule(
        f"claimant_share_{world}",
        f"the claimant's own comparative share of the loss ({world} end)",
        if_(nobody, 0, parts[0]),
        kind=Kind.MONEY,
        words="What the respondent's share leaves of the loss, split between the claimant and "
        "the others in proportion to fault by largest remainder; a claimant liable only "
        "vicariously bears none.",
        cites=[A.AMA.whole],
        doctrine=DOCTRINE,
    )
    others = Rule(
        f"others_share_{world}",
        f"others' comparative share of the loss ({world} end)",
        if_(nobody, 0, parts[1]),
        kind=Kind.MONEY,
        words="The share of everyone else liable to the client for the same injury.",
        cites=[A.AMA.whole],
        doctrine=DOCTRINE,
    )
    return claimant, others


(claimant_share_low, others_share_low), (claimant_share_high, others_share_high) = (
    _rest_shares("low"),
    _rest_shares("high"),
)
CLAIMANT_SHARE = {"low": claimant_share_low, "high": claimant_share_high}
OTHERS_SHARE = {"low": others_share_low, "high": others_share_high}


# The respondent's exposure under a statutory cap, by kind of damages (caps.py).
EXPOSURE = {w: caps.exposure(w, loss_paid_low if w == "low" else loss_paid_high) for w in WORLDS}


def _indemnity(world: str) -> Rule:
    loss = loss_paid_low if world == "low" else loss_paid_high
    return Rule(
        f"indemnity_owed_{world}",
        f"{'the least' if world == 'low' else 'the most'} indemnity the respondent could owe",
        least(
            RESPONDENT_SHARE[world],
            greatest(0, loss - CLAIMANT_SHARE[world]),
            EXPOSURE[world],  # a statutory cap, on the damages it reaches
        ),
        words="The respondent owes its own share, never more than what the claimant paid "
        "beyond the claimant's own share, and never more than a statutory limit on what it "
        "would owe the client.",
        cites=[A.AMA.whole, A.WESTERN_STEAMSHIP.whole],
        doctrine=DOCTRINE,
    )


indemnity_owed_low, indemnity_owed_high = _indemnity("low"), _indemnity("high")


def _determined(id: str, label: str, low: Rule, high: Rule, words: str) -> Rule:
    return Rule(
        id,
        label,
        if_(low.eq(high), low, unknown(Kind.MONEY)),
        kind=Kind.MONEY,
        words=words,
        cites=[A.AMA.whole],
        doctrine=DOCTRINE,
    )


def _when_fault_determined(id: str, label: str, low: Rule) -> Rule:
    return Rule(
        id,
        label,
        if_(
            fault_determined & total_indemnity.known() & loss_paid.known(), low, unknown(Kind.MONEY)
        ),
        kind=Kind.MONEY,
        words="Known once every fault share, the basis of liability and the loss are known.",
        cites=[A.AMA.whole],
        doctrine=DOCTRINE,
    )


claimant_share = _when_fault_determined(
    "claimant_share", "the claimant's own comparative share of the loss", claimant_share_low
)
respondent_share = _when_fault_determined(
    "respondent_share", "the respondent's comparative share of the loss", RESPONDENT_SHARE["low"]
)
others_share = _when_fault_determined(
    "others_share", "others' comparative share of the loss", others_share_low
)
indemnity_owed = _determined(
    "indemnity_owed",
    "indemnity the respondent owes",
    indemnity_owed_low,
    indemnity_owed_high,
    "Determined when the least and the most the respondent could owe agree.",
)

# --- defense costs (LAW.md § 7) --------------------------------------------------------

claimant_without_fault = Rule(
    "claimant_without_fault",
    "the claimant was without fault in the principal case",
    F.claimant_liability_vicarious | c.eq(0),
    words="A claimant liable only vicariously, or found free of fault, was not a joint tortfeasor.",
    cites=[A.GORMAN.whole, A.FAR_WEST.at("799-800")],
    doctrine=DOCTRINE,
)

tort_of_another = Rule(
    "tort_of_another",
    "the defense costs are damages under the tort-of-another doctrine",
    F.defense_forced_by_respondent_tort
    & F.defense_costs_reasonable
    & claimant_without_fault
    & F.defense_costs_pleaded_as_damages,
    words="Fees reasonably spent defending an action the respondent's tort forced on the "
    "claimant are damages (T1-T3, T5), but not for a joint tortfeasor (T4); they must be "
    "pleaded and proved as damages.",
    cites=[
        A.PRENTICE.at(
            "620",
            "A person who through the tort of another has been required to act "
            "in the protection of his interests",
        ),
        A.PRENTICE.at("621"),
        A.GORMAN.whole,
    ],
    doctrine=DOCTRINE,
)

implied_indemnity_fees = Rule(
    "implied_indemnity_fees",
    "the court may award defense costs on the implied-indemnity claim (§ 1021.6)",
    equitable_theory
    & F.defense_forced_by_respondent_tort
    & F.respondent_declined_tender
    & (claimant_without_fault | F.claimant_won_summarily),
    words="On an implied-indemnity claim the prevailing indemnitee may have its fees where the "
    "indemnitor's tort forced it to defend, the indemnitor was notified and declined the "
    "defense, and the indemnitee was without fault or won the principal case summarily.",
    cites=[A.CCP_1021_6.whole, A.LEWIS.whole],
    doctrine=DOCTRINE,
)

contract_covers_defense = Rule(
    "contract_covers_defense",
    "the express indemnity agreement shifts the defense costs",
    F.theory.eq("express_indemnity") & F.express_indemnity_covers_defense,
    words="An express indemnity agreement may shift defense costs by contract.",
    cites=[A.CIV_2778.whole],
    unsettled=True,
    doctrine=DOCTRINE,
)

defense_costs_recoverable = Rule(
    "defense_costs_recoverable",
    "the claimant's defense costs are recoverable",
    tort_of_another | implied_indemnity_fees | contract_covers_defense,
    words="Defense costs are recoverable only as tort-of-another damages, under § 1021.6, or "
    "by contract; a subrogated insurer recovers the costs it paid only where its insured "
    "could have. How Musser's $62,000 of defense costs was treated is not known: the point "
    "is open.",
    cites=[A.PRENTICE.at("620"), A.GORMAN.whole, A.CCP_1021_6.whole, A.MUSSER.whole],
    exceptions=[
        unless(
            "decided_in_matter",
            F.defense_costs_held_recoverable.known(),
            then=F.defense_costs_held_recoverable,
            words="A court in this matter has decided whether the defense costs are recoverable.",
        )
    ],
    unsettled=True,
    doctrine=DOCTRINE,
)

_defense_total = F.defense_by_claimant + F.defense_by_insurers


def among_respondents(amount: Expr, world: str) -> Expr:
    """This respondent's portion of an amount the claimant recovers once however many
    lawyers it pursues (its own loss, its defense costs): in proportion to fault among the
    respondents, rounded down so that the portions never add up to more than the amount."""
    fr = FAULT[("respondent", world)]
    co = F.co_respondents_fault.otherwise(0)
    return if_(co.eq(0), amount, MulDiv(amount, fr, fr + co).otherwise(amount))


def _defense_in(world: str) -> Rule:
    recoverable = defense_costs_recoverable.otherwise(world == "high")
    return Rule(
        f"defense_costs_owed_{world}",
        f"defense costs the respondent owes ({world} end)",
        if_(recoverable, among_respondents(_defense_total, world), 0),
        kind=Kind.MONEY,
        words="Defense costs in full where recoverable (while that is unknown, none at the low "
        "end and all at the high end); where the claimant pursues several lawyers for them, "
        "each answers for a part in proportion to fault, so they are not recovered twice.",
        cites=[A.PRENTICE.at("621")],
        unsettled=True,
        doctrine=DOCTRINE,
    )


defense_costs_owed_low, defense_costs_owed_high = _defense_in("low"), _defense_in("high")

defense_costs_owed = Rule(
    "defense_costs_owed",
    "defense costs the respondent owes",
    if_(
        defense_costs_owed_low.eq(defense_costs_owed_high),
        defense_costs_owed_low,
        unknown(Kind.MONEY),
    ),
    kind=Kind.MONEY,
    words="Defense costs, where recoverable at all, in full (or this respondent's part of "
    "them); known once both ends agree.",
    cites=[A.PRENTICE.at("621")],
    doctrine=DOCTRINE,
)

# --- the loss of each paying party (what each may own of a recovery) -------------------


def _payer_losses(world: str) -> tuple[Rule, Rule, Rule]:
    defense = defense_costs_recoverable.otherwise(world == "high")
    waived = waived_fees_in_loss.otherwise(0 if world == "low" else F.fees_waived)
    insured = Rule(
        f"insured_loss_{world}",
        f"the insured's own, uninsured loss ({world} end)",
        F.paid_by_claimant + waived + if_(defense, F.defense_by_claimant, 0),
        words="What the insured bore itself: what it paid (its deductible), fees it wrote off, "
        "its own defense costs where recoverable. The insured keeps the claim for it.",
        cites=[A.CCP_367.whole, A.SAPIANO.at("536")],
        doctrine=DOCTRINE,
    )
    primary = Rule(
        f"primary_loss_{world}",
        f"what the primary insurer paid toward the loss ({world} end)",
        F.paid_by_primary + if_(defense, F.defense_by_insurers, 0),
        words="The primary insurer's payments, and the defense costs the insurers paid (the "
        "defense is the primary policy's duty) where recoverable.",
        cites=[A.FIREMANS_FUND_MARYLAND.whole],
        doctrine=DOCTRINE,
    )
    excess = Rule(
        f"excess_loss_{world}",
        f"what the excess insurer paid toward the loss ({world} end)",
        F.paid_by_excess,
        words="The excess insurer's payments.",
        cites=[A.FIREMANS_FUND_MARYLAND.whole],
        doctrine=DOCTRINE,
    )
    return insured, primary, excess


(insured_loss_low, primary_loss_low, excess_loss_low) = _payer_losses("low")
(insured_loss_high, primary_loss_high, excess_loss_high) = _payer_losses("high")
PAYER_LOSS = {
    ("insured", "low"): insured_loss_low,
    ("primary", "low"): primary_loss_low,
    ("excess", "low"): excess_loss_low,
    ("insured", "high"): insured_loss_high,
    ("primary", "high"): primary_loss_high,
    ("excess", "high"): excess_loss_high,
}
insured_loss = _determined(
    "insured_loss",
    "the insured's own, uninsured loss",
    insured_loss_low,
    insured_loss_high,
    "What the insured bore itself (deductible, fees written off, its own recoverable "
    "defense costs), once the low and the high end agree.",
)
INDEMNITY = {"low": indemnity_owed_low, "high": indemnity_owed_high}
DEFENSE = {"low": defense_costs_owed_low, "high": defense_costs_owed_high}
LOSS = {"low": loss_paid_low, "high": loss_paid_high}

RULES = (
    *EXPOSURE.values(),
    waived_fees_in_loss,
    loss_paid,
    loss_paid_low,
    loss_paid_high,
    fault_unassigned,
    *FAULT.values(),
    fault_determined,
    *RESPONDENT_SHARE.values(),
    claimant_share_low,
    others_share_low,
    claimant_share_high,
    others_share_high,
    indemnity_owed_low,
    indemnity_owed_high,
    claimant_share,
    respondent_share,
    others_share,
    indemnity_owed,
    claimant_without_fault,
    tort_of_another,
    implied_indemnity_fees,
    contract_covers_defense,
    defense_costs_recoverable,
    defense_costs_owed_low,
    defense_costs_owed_high,
    defense_costs_owed,
    *PAYER_LOSS.values(),
    insured_loss,
)
