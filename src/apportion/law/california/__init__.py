"""The California rulebook, centred on Musser v. Provencher (2002) 28 Cal.4th 274."""

from __future__ import annotations

from apportion.engine import Rulebook
from apportion.engine.completions import Pair, RangeSpec, ShareGroup
from apportion.law.california import (
    assignment,
    caps,
    cocounsel_fees,
    counsel,
    damages,
    earlier,
    eras,
    facts,
    indemnity,
    limitations,
    outcome,
    ownership,
    settlement,
)

VERSION = "0.1.0"

MODULES = (
    indemnity,
    eras,
    counsel,
    settlement,
    cocounsel_fees,
    assignment,
    limitations,
    damages,
    outcome,
    ownership,
)

# The money goals as ranges over completions of the unknown facts (engine/completions.py):
# each amount with its low and high end; the recovery is the total its owners share.
RANGES = RangeSpec(
    pairs=(
        Pair("recovery", "recovery_low", "recovery_high"),
        Pair("recoverable", "recoverable_low", "recoverable_high"),
        *(
            Pair(name, f"{name}_low", f"{name}_high", part_of="recovery")
            for name in (
                "insured_recovers",
                "insurers_recover",
                "primary_recovers",
                "excess_recovers",
            )
        ),
    ),
    shares=(
        ShareGroup(
            (facts.claimant_fault.id, facts.respondent_fault.id, facts.others_fault.id),
            damages.WHOLE,
        ),
    ),
    # The amounts read the facts behind these only through them.
    standing=("defense_costs_recoverable", "total_indemnity", "subrogation_permitted"),
    # Unknown for want of a date or an amount: both ways, as a bound.
    pins=("available",),
)

RULEBOOK = Rulebook(
    "california",
    VERSION,
    facts=(
        *facts.ALL,
        *indemnity.FACTS,
        *counsel.FACTS,
        *limitations.FACTS,
        *cocounsel_fees.FACTS,
        *caps.FACTS,
        *assignment.FACTS,
    ),
    rules=[rule for module in MODULES for rule in module.RULES],
    since=earlier.SINCE,
    earlier=earlier.EARLIER,
    ranges=RANGES,
)

# The conclusions reported for every candidate claim.
GOALS = (
    "status",
    "decided_by",
    "recoverable_low",
    "recoverable_high",
    "insured_recovers",
    "insurers_recover",
    "recovery_low",
    "recovery_high",
    "insured_recovers_low",
    "insured_recovers_high",
    "insurers_recover_low",
    "insurers_recover_high",
    "primary_recovers_low",
    "primary_recovers_high",
    "excess_recovers_low",
    "excess_recovers_high",
)

# By when to file a claim not yet filed: the last safe day and each view's day.
DEADLINE_GOALS = (
    "filing_deadline_due",
    "filing_deadline",
    *(day.id for _, day, _ in limitations.DEADLINE_VIEWS),
    *(may.id for _, _, may in limitations.DEADLINE_VIEWS if may is not None),
)
DEADLINE_VIEWS = limitations.DEADLINE_VIEWS
