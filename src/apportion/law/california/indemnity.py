"""Comparative equitable indemnity (American Motorcycle) and its elements (LAW.md §§ 1, 6)."""

from __future__ import annotations

from apportion.engine import Rule, if_
from apportion.law.california import authorities as A
from apportion.law.california import facts as F

DOCTRINE = "Comparative equitable indemnity"

joint_liability = Rule(
    "joint_liability",
    "the respondent is liable to the client for the same injury",
    F.respondent_owed_duty_to_client & F.respondent_caused_same_injury & ~F.respondent_immune,
    words="There is no indemnity without liability: the respondent must itself be liable to "
    "the injured client for the same indivisible injury, owing it a duty, with no immunity.",
    cites=[
        A.WESTERN_STEAMSHIP.at("114", "there can be no indemnity without liability"),
        A.PRINCE.at("1157"),
        A.AMA.at("604-607"),
        A.MUNOZ.whole,
    ],
    doctrine=DOCTRINE,
)

equitable_theory = Rule(
    "equitable_theory",
    "the claim is one for equitable (including implied contractual) indemnity",
    F.theory.isin(["equitable_indemnity", "implied_contractual_indemnity"]),
    words="Implied contractual indemnity is a form of equitable indemnity and follows its rules.",
    cites=[A.PRINCE.at("1157"), A.EL_WHITE.at("506-507")],
    doctrine=DOCTRINE,
)

express_agreement = Rule(
    "express_agreement",
    "the respondent expressly agreed to indemnify the claimant",
    F.express_indemnity_clause,
    words="Express indemnity arises from the contract and is enforced as written.",
    cites=[A.EL_WHITE.at("506-507"), A.CIV_2778.whole],
    doctrine=DOCTRINE,
)

malpractice_elements = Rule(
    "malpractice_elements",
    "the respondent breached a duty to the client, causing the injury",
    F.respondent_owed_duty_to_client & F.respondent_caused_same_injury,
    words="A malpractice claim needs a duty owed to the client, its breach and resulting injury.",
    cites=[A.GOODLEY.at("393-397")],
    doctrine=DOCTRINE,
)

elements_met = Rule(
    "elements_met",
    "the elements of the claimed theory are met",
    if_(
        equitable_theory,
        joint_liability,
        if_(
            F.theory.eq("express_indemnity"),
            express_agreement,
            if_(F.theory.eq("transferred_malpractice"), malpractice_elements, True),
        ),
    ),
    words="Each theory has its own elements; lost-fee claims are decided by their bar.",
    cites=[A.AMA.at("604-607")],
    doctrine=DOCTRINE,
)

total_indemnity = Rule(
    "total_indemnity",
    "the claimant may shift its whole loss (its liability is only vicarious)",
    equitable_theory & F.claimant_liability_vicarious,
    words="Total equitable indemnity is the limiting case where the indemnitee bears no fault "
    "of its own, its liability being purely vicarious.",
    cites=[A.FAR_WEST.at("799-800"), A.AMA.whole],
    doctrine=DOCTRINE,
)

RULES = (
    joint_liability,
    equitable_theory,
    express_agreement,
    malpractice_elements,
    elements_met,
    total_indemnity,
)
