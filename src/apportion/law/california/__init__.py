"""The California rulebook, centred on Musser v. Provencher (2002) 28 Cal.4th 274."""

from __future__ import annotations

from apportion.engine import Rulebook
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
