"""Statutory and recognized exceptions to equitable indemnity: the good-faith settlement
bar and workers' compensation exclusivity (LAW.md §§ 2.1, 2.2, 6.2)."""

from __future__ import annotations

from apportion.engine import Rule, unless
from apportion.law.california import authorities as A
from apportion.law.california import facts as F
from apportion.law.california.indemnity import (
    BAY_DEVELOPMENT_DECIDED,
    equitable_theory,
    follow_bear_creek,
)

DOCTRINE = "Exceptions to equitable indemnity"

good_faith_settlement_bar = Rule(
    "good_faith_settlement_bar",
    "the respondent's good-faith settlement with the client bars the claim",
    F.respondent_good_faith_settlement & equitable_theory,
    words="Once a court determines that a settlement was made in good faith, other joint "
    "tortfeasors are barred from claims against the settlor for comparative or total "
    "equitable indemnity, and for implied contractual indemnity; express contractual "
    "indemnity is not a comparative-fault claim and survives.",
    cites=[
        A.CCP_877_6.at(
            "subd. (c)",
            "equitable comparative contribution, or partial or comparative indemnity",
        ),
        A.FAR_WEST.at("799-800"),
        A.BAY_DEVELOPMENT.at("1018-1019"),
        A.TECH_BILT.at("499"),
    ],
    exceptions=[
        unless(
            "implied_contract_before_bay_development",
            F.theory.eq("implied_contractual_indemnity") & F.respondent_good_faith_settlement,
            then=~follow_bear_creek,
            words="Before Bay Development, some courts treated implied contractual indemnity as "
            "contract-based rather than equitable (Bear Creek, a case with no settlement, "
            "since disapproved), so whether a good-faith settlement barred it was open until "
            "Bay Development held that it does. Open for that era: answer follow_bear_creek.",
            cites=[A.BAY_DEVELOPMENT.describing("1018-1019"), A.BEAR_CREEK.whole],
            valid_until=BAY_DEVELOPMENT_DECIDED,
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

workers_comp_bar = Rule(
    "workers_comp_bar",
    "the respondent is the insured employer, protected by workers' compensation exclusivity",
    F.respondent_is_clients_employer
    & F.respondent_has_comp_coverage
    & ~F.written_preinjury_indemnity,
    words="An employer that secured workers' compensation cannot be made to indemnify a "
    "third party for the employee's injury without a written pre-injury agreement.",
    cites=[A.LAB_3864.whole, A.WITT.whole],
    doctrine=DOCTRINE,
)

RULES = (good_faith_settlement_bar, workers_comp_bar)
