"""Who owns the recovery: the insured's own loss and its insurers' subrogated payments
(LAW.md §§ 8.2-8.4).

The recovery (what was actually recovered, or else all that is recoverable) is paid out
as a waterfall, each tier taking up to its loss:

1. insurers whose policy explicitly gives them priority over the insured (Samura-type
   clause, Progressive West);
2. the insured, for its own uninsured loss: the made-whole default (Sapiano);
3. the other subrogated insurers;
4. anything left beyond every loss goes to the insured (a windfall question LAW.md leaves
   open).

Within a tier that holds both the primary and the excess insurer, they share in the order
``insurer_order`` states; LAW.md does not settle it, so the default (pro rata to what each
paid, by largest remainder) is marked unsettled and a matter may state another order.
Every tier is computed twice, at the low and at the high end (each end resolves every open
fact one way); at either end the owners' parts add up exactly to the recovery. An owner's
part usually grows from the low end to the high end, but not always: while it is open
whether an insurer is subrogated, the insured may hold more at the low end, where the
insurer holds nothing.
"""

from __future__ import annotations

from apportion.engine import Expr, Kind, Rule, greatest, if_, least, split, unknown
from apportion.law.california import authorities as A
from apportion.law.california import facts as F
from apportion.law.california.assignment import subrogation_permitted
from apportion.law.california.damages import PAYER_LOSS, among_respondents
from apportion.law.california.outcome import (
    available,
    is_indemnity,
    may_recover,
    recoverable_high,
    recoverable_low,
)

DOCTRINE = "Ownership of the recovery"
WORLDS = ("low", "high")
RECOVERABLE = {"low": recoverable_low, "high": recoverable_high}

insurer_priority = Rule(
    "insurer_priority",
    "the primary insurer is repaid before the insured is made whole",
    F.primary_overrides_made_whole.otherwise(False),
    words="Absent an explicit agreement, an insurer may not enforce subrogation until the "
    "insured has been made whole; a clear, specific policy clause can give it priority. A "
    "clause not shown to exist is no such agreement.",
    cites=[
        A.SAPIANO.at(
            "536",
            "an insurance company may not enforce a right to subrogation until "
            "the insured has been fully compensated",
        ),
        A.SAPIANO.at("538"),
        A.SAMURA.whole,
        A.PROGRESSIVE_WEST.whole,
    ],
    doctrine=DOCTRINE,
)

excess_priority = Rule(
    "excess_priority",
    "the excess insurer is repaid before the insured is made whole",
    F.excess_overrides_made_whole.otherwise(False),
    words="The same made-whole default, for the excess policy.",
    cites=[A.SAPIANO.at("536"), A.SAPIANO.at("538"), A.SAMURA.whole, A.PROGRESSIVE_WEST.whole],
    doctrine=DOCTRINE,
)

insurer_order = Rule(
    "insurer_order",
    "the order in which the primary and excess insurers share a recovery",
    F.insurer_recovery_order.otherwise("pro_rata"),
    kind=Kind.ENUM,
    words="Each insurer is subrogated to the extent of what it paid; when a recovery does not "
    "repay both, the rulebook shares it pro rata to their payments (largest remainder) "
    "unless the matter states that the excess or the primary insurer comes first. The "
    "sources reviewed do not settle this priority.",
    cites=[A.FIREMANS_FUND_MARYLAND.whole, A.SAPIANO.at("536")],
    unsettled=True,
    doctrine=DOCTRINE,
)


# At the low end only a claim known to be available yields a recovery (an amount already
# recovered included); at the high end one not yet known to be barred.
RECOVERS = {"low": (available & is_indemnity).otherwise(False), "high": may_recover}


def _recovery(world: str) -> Rule:
    return Rule(
        f"recovery_{world}",
        f"the amount to divide between the insured and its insurers ({world} end)",
        if_(RECOVERS[world], F.amount_recovered.otherwise(RECOVERABLE[world]), 0),
        kind=Kind.MONEY,
        words="What was actually recovered (nothing, on a claim that cannot succeed); while "
        "unknown, the full amount recoverable. It is "
        "measured gross: the insured's attorney fees and costs of obtaining it are not "
        "deducted in deciding whether the insured has been made whole (the insurer that "
        "benefits bears a proportionate share of them under the common-fund doctrine, "
        "which this split does not compute).",
        cites=[A.TWENTY_FIRST_CENTURY.whole, A.SAPIANO.at("536")],
        doctrine=DOCTRINE,
    )


RECOVERY = {w: _recovery(w) for w in WORLDS}


def _claim(layer: str, world: str) -> Expr:
    """What an insurer may claim: its payments, if it is subrogated to them."""
    subrogated = subrogation_permitted.otherwise(world == "high")
    return if_(subrogated, PAYER_LOSS[(layer, world)], 0)


def _insurer_part(total: Expr, primary: Expr, excess: Expr) -> Expr:
    """The primary insurer's part of ``total`` shared with the excess insurer."""
    pro_rata = if_((primary + excess).eq(0), 0, split(total, [primary, excess])[0])
    return if_(
        insurer_order.eq("excess_first"),
        least(primary, greatest(0, total - excess)),
        if_(insurer_order.eq("primary_first"), least(total, primary), pro_rata),
    )


def _waterfall(world: str) -> tuple[Rule, ...]:
    recovery = RECOVERY[world]
    insured_loss = PAYER_LOSS[("insured", world)]
    cp, ce = _claim("primary", world), _claim("excess", world)
    first_p, first_e = if_(insurer_priority, cp, 0), if_(excess_priority, ce, 0)
    then_p, then_e = if_(insurer_priority, 0, cp), if_(excess_priority, 0, ce)
    ahead = Rule(
        f"priority_insurers_recover_{world}",
        f"what insurers with a priority clause take first ({world} end)",
        least(recovery, first_p + first_e),
        words="An insurer whose policy explicitly overrides the made-whole rule is repaid "
        "first, up to what it paid.",
        cites=[A.SAMURA.whole, A.PROGRESSIVE_WEST.whole],
        doctrine=DOCTRINE,
    )
    own_here = Rule(
        f"insured_loss_here_{world}",
        f"the part of the insured's own loss this recovery answers for ({world} end)",
        among_respondents(insured_loss, world),
        kind=Kind.MONEY,
        words="All of it, against a single respondent. Where the insured pursues several "
        "lawyers for the same loss, each recovery answers for a part of its own loss in "
        "proportion to their fault (rounded down), so that it is not made whole twice; the "
        "sources reviewed do not settle this.",
        cites=[A.AMA.whole, A.SAPIANO.at("536")],
        unsettled=True,
        doctrine=DOCTRINE,
    )
    made_whole = Rule(
        f"insured_made_whole_{world}",
        f"what the insured takes toward its own loss ({world} end)",
        least(recovery - ahead, own_here),
        words="The insured is made whole for its own uninsured loss before any other insurer "
        "takes anything.",
        cites=[A.SAPIANO.at("536"), A.CCP_367.whole],
        doctrine=DOCTRINE,
    )
    behind = Rule(
        f"other_insurers_recover_{world}",
        f"what the other subrogated insurers take ({world} end)",
        least(recovery - ahead - made_whole, then_p + then_e),
        words="The other insurers take what is left, up to what they paid; an insurer not "
        "subrogated takes nothing.",
        cites=[A.MUSSER.at("276"), A.FIREMANS_FUND_MARYLAND.whole],
        doctrine=DOCTRINE,
    )
    windfall = Rule(
        f"windfall_{world}",
        f"what is left beyond every owner's loss ({world} end)",
        recovery - ahead - made_whole - behind,
        words="A recovery beyond every loss goes to the insured; whether it should is an open "
        "question.",
        cites=[A.SAPIANO.at("536")],
        unsettled=True,
        doctrine=DOCTRINE,
    )
    insured = Rule(
        f"insured_recovers_{world}",
        f"the part of the recovery owned by the insured ({world} end)",
        made_whole + windfall,
        words="The insured keeps the claim for its own loss (and any surplus).",
        cites=[A.CCP_367.whole, A.SAPIANO.at("536")],
        doctrine=DOCTRINE,
    )
    primary = Rule(
        f"primary_recovers_{world}",
        f"the part owned by the primary insurer by subrogation ({world} end)",
        _insurer_part(ahead, first_p, first_e) + _insurer_part(behind, then_p, then_e),
        words="The primary insurer's part of what the insurers take, in the stated order.",
        cites=[A.MUSSER.at("276"), A.FIREMANS_FUND_MARYLAND.whole],
        doctrine=DOCTRINE,
    )
    excess = Rule(
        f"excess_recovers_{world}",
        f"the part owned by the excess insurer by subrogation ({world} end)",
        ahead + behind - primary,
        words="The excess insurer's part: the rest of what the insurers take.",
        cites=[A.MUSSER.at("276"), A.FIREMANS_FUND_MARYLAND.whole],
        doctrine=DOCTRINE,
    )
    insurers = Rule(
        f"insurers_recover_{world}",
        f"the part of the recovery owned by the insurers by subrogation ({world} end)",
        ahead + behind,
        words="Under the made-whole rule the insurers take only what is left after the "
        "insured's own loss; with an explicit priority clause they are repaid first.",
        cites=[A.SAPIANO.at("536-538"), A.MUSSER.at("276")],
        doctrine=DOCTRINE,
    )
    return (ahead, own_here, made_whole, behind, windfall, insured, primary, excess, insurers)


LOW, HIGH = _waterfall("low"), _waterfall("high")


def _determined(id: str, label: str, low: Rule, high: Rule) -> Rule:
    return Rule(
        id,
        label,
        if_(low.eq(high), low, unknown(Kind.MONEY)),
        kind=Kind.MONEY,
        words="Determined when the low and the high end agree.",
        doctrine=DOCTRINE,
    )


def _by_id(world: tuple[Rule, ...], name: str) -> Rule:
    return next(r for r in world if r.id.startswith(name + "_"))


recovery = _determined(
    "recovery", "the amount to divide between the insured and its insurers", *RECOVERY.values()
)
insured_recovers = _determined(
    "insured_recovers",
    "the part of the recovery owned by the insured",
    _by_id(LOW, "insured_recovers"),
    _by_id(HIGH, "insured_recovers"),
)
insurers_recover = _determined(
    "insurers_recover",
    "the part of the recovery owned by the insurers by subrogation",
    _by_id(LOW, "insurers_recover"),
    _by_id(HIGH, "insurers_recover"),
)
primary_recovers = _determined(
    "primary_recovers",
    "the part owned by the primary insurer",
    _by_id(LOW, "primary_recovers"),
    _by_id(HIGH, "primary_recovers"),
)
excess_recovers = _determined(
    "excess_recovers",
    "the part owned by the excess insurer",
    _by_id(LOW, "excess_recovers"),
    _by_id(HIGH, "excess_recovers"),
)

RULES = (
    insurer_priority,
    excess_priority,
    insurer_order,
    *RECOVERY.values(),
    *LOW,
    *HIGH,
    recovery,
    insured_recovers,
    insurers_recover,
    primary_recovers,
    excess_recovers,
)
