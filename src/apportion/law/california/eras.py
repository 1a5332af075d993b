"""Eras of the law of indemnity (LAW.md §§ 1.3, 1.4, 1.5, 6.2): all-or-nothing indemnity
before American Motorcycle, contract-based implied indemnity before Bay Development, and
Proposition 51's several liability for non-economic damages.

The rule in force is the one in force on the row's ``as_of`` date.
"""

from __future__ import annotations

import datetime as dt

from apportion.engine import Rule, unless
from apportion.law.california import authorities as A
from apportion.law.california import facts as F
from apportion.law.california.indemnity import (
    AMA_DECIDED,
    BAY_DEVELOPMENT_DECIDED,
    equitable_theory,
    follow_bear_creek,
)

DOCTRINE = "Eras of indemnity law"
PROP_51_EFFECTIVE = dt.date(1986, 6, 4)

comparative_apportionment = Rule(
    "comparative_apportionment",
    "the loss is apportioned by comparative fault",
    equitable_theory,
    words="Equitable indemnity shares the loss among those liable in proportion to fault.",
    cites=[A.AMA.whole, A.WESTERN_STEAMSHIP.whole],
    exceptions=[
        unless(
            "all_or_nothing_before_ama",
            equitable_theory,
            then=False,
            words="Before American Motorcycle indemnity was all or nothing: there were no "
            "comparative shares, only total indemnity or none.",
            cites=[A.AMA.describing()],
            valid_until=AMA_DECIDED,
        ),
        unless(
            "implied_contract_outside_apportionment",
            F.theory.eq("implied_contractual_indemnity"),
            then=~follow_bear_creek,
            words="Before Bay Development implied contractual indemnity may have escaped "
            "comparative apportionment as a contract-based claim (Bear Creek, since "
            "disapproved). Open for that era: answer follow_bear_creek to decide it.",
            cites=[A.BEAR_CREEK.whole, A.BAY_DEVELOPMENT.at("1018-1019")],
            valid_from=AMA_DECIDED,
            valid_until=BAY_DEVELOPMENT_DECIDED,
            unsettled=True,
        ),
    ],
    doctrine=DOCTRINE,
)

active_fault_bar = Rule(
    "active_fault_bar",
    "an indemnitee itself actively at fault recovered nothing (all-or-nothing era)",
    False,
    words="Since American Motorcycle an indemnitee's own fault reduces, but does not defeat, "
    "its equitable indemnity claim.",
    cites=[A.AMA.whole],
    exceptions=[
        unless(
            "active_fault_before_ama",
            equitable_theory
            & ~F.claimant_liability_vicarious
            & ~F.claimant_only_passively_negligent,
            then=True,
            words="Before American Motorcycle indemnity was all or nothing: an indemnitee "
            "itself actively at fault recovered nothing; only one liable vicariously or "
            "merely passively negligent shifted its whole loss.",
            cites=[A.AMA.describing()],
            valid_until=AMA_DECIDED,
        ),
    ],
    doctrine=DOCTRINE,
)

non_economic_several_only = Rule(
    "non_economic_several_only",
    "liability for the non-economic part of the loss is several only",
    False,
    words="Legal-malpractice losses are usually economic; joint and several liability, and "
    "so indemnity, concern the economic loss.",
    cites=[A.AMA.whole],
    exceptions=[
        unless(
            "proposition_51",
            F.loss_includes_non_economic & (F.wrongful_act_date >= PROP_51_EFFECTIVE),
            then=True,
            words="Proposition 51 makes each defendant's liability for non-economic damages "
            "several only, in proportion to its fault, for causes of action accruing after "
            "June 4, 1986 (the date of the wrongful act stands for the client's accrual): that "
            "part of the loss is not shifted by indemnity.",
            cites=[A.CIV_1431_2.whole, A.EVANGELATOS.at("1198")],
            valid_from=PROP_51_EFFECTIVE,
        ),
    ],
    doctrine=DOCTRINE,
)

RULES = (comparative_apportionment, active_fault_bar, non_economic_several_only)
