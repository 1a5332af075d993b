"""Caps by kind of damages (issue 14, item 3).

A statute may cap what the respondent would owe the client, and an indemnitor's exposure
cannot exceed it (Western Steamship: Civ. Code § 3333.2 applies inside an action for
partial equitable indemnity). A cap such as § 3333.2 reaches only non-economic damages, so
it limits only that part of the loss: the record says how much of the loss was
non-economic, and whether the cap reaches only that part or all damages; where either is
unknown the exposure is a range whose ends are the possible extremes.
"""

from __future__ import annotations

from apportion.engine import Expr, Fact, Kind, Rule, greatest, if_, least
from apportion.law.california import authorities as A
from apportion.law.california.indemnity import respondent_exposure_cap

DOCTRINE = "Recoverable loss"
CAP_REACHES = ("non_economic", "all_damages")

non_economic_loss = Fact(
    "non_economic_loss",
    Kind.MONEY,
    "How much of the loss paid to the client was for non-economic damages (pain and "
    "suffering, emotional distress)? The rest is economic.",
    label="the non-economic part of the loss",
)

statutory_cap_reaches = Fact(
    "statutory_cap_reaches",
    Kind.ENUM,
    "Does the statutory cap on the respondent's liability reach only non-economic damages "
    "(non_economic, as Civ. Code § 3333.2 does) or all damages (all_damages)?",
    values=CAP_REACHES,
    label="the damages the statutory cap reaches",
)


def exposure(world: str, loss: Expr) -> Rule:
    """The most the respondent could owe the client, at the low or high end of the range."""
    low = world == "low"
    cap = respondent_exposure_cap
    # Unknown parts take the end that puts the exposure at its least (low) or most (high).
    non_economic = least(non_economic_loss.otherwise(loss if low else 0), loss)
    whole_capped = statutory_cap_reaches.eq("all_damages").otherwise(low)
    return Rule(
        f"respondent_exposure_{world}",
        f"the most the respondent would owe the client, by statute ({world} end)",
        if_(
            cap.known(),
            if_(whole_capped, least(loss, cap), loss - greatest(0, non_economic - cap)),
            loss,
        ),
        kind=Kind.MONEY,
        words="The cap limits the damages it reaches: a cap on non-economic damages leaves "
        "the economic part of the loss whole and holds only the non-economic part to the "
        "cap; a cap on all damages holds the whole loss to it. With no cap, the loss.",
        cites=[
            A.WESTERN_STEAMSHIP.at(None, "limiting recovery of noneconomic damages"),
            A.CIV_3333_2.whole,
        ],
        doctrine=DOCTRINE,
    )


FACTS = (non_economic_loss, statutory_cap_reaches)
